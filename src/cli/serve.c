/*
 * `gatehouse serve`: wire the modules onto one libuv loop. The front answers
 * HTTP; a timer notices token changes made by the CLI (PRAGMA data_version) and
 * reloads the hashes within LIMIT_TOKEN_RELOAD_MS; signals stop or reload.
 */
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "../auth/auth.h"
#include "../config/config.h"
#include "../front/front.h"
#include "../guard/guard.h"
#include "../mcp/router.h"
#include "../store/store.h"
#include "../util/log.h"
#include "../util/util.h"
#include "cli.h"
#include "core.h"
#include "../version.h"

struct kept_servers {
	struct kept_servers  *next;
	struct server_config *servers;
	size_t                n;
};

struct gateway {
	struct cli_ctx   *ctx;
	struct core       core;             /* config, store, loop, router (core.h) */
	struct token_set  tokens;
	int64_t           last_expiry_check_ms;
	int64_t           data_version;
	struct front     *front;
	struct router    *router;
	uv_signal_t       sigterm, sigint, sighup;
	uv_timer_t        reload;
	int               exit_code;
	char              addresses[LIMIT_PATH];    /* STATEDIR/listening, "" when not written */
	struct kept_servers *kept;                  /* server arrays of earlier configurations */
	/* The config file watched: a change is reloaded as SIGHUP is, once it settles. */
	uv_fs_event_t     watch;
	uv_timer_t        settle;
	bool              watching;
	char              watched_name[256];
	uint8_t           loaded_hash[crypto_hash_sha256_BYTES];   /* of the file last loaded */
};

static bool
token_live(const uint8_t hash[TOKEN_HASH_BYTES], void *arg)
{
	struct gateway *g = arg;

	return auth_token_match(&g->tokens, hash, util_wall_seconds()) >= 0;
}

/*
 * A revoked or expired token loses what it holds, not only new requests: its
 * sessions end, with their streams, calls and server instances. Checked when
 * the token set changed, and every second while some token has an expiry.
 */
static void
end_dead_sessions(struct gateway *g, bool tokens_changed)
{
	bool expiring = false;
	int64_t now = util_now_ms();

	for (size_t i = 0; i < g->tokens.n && !expiring; i++)
		expiring = g->tokens.items[i].expires != 0;
	if (!tokens_changed && (!expiring || now - g->last_expiry_check_ms < 1000))
		return;
	g->last_expiry_check_ms = now;
	router_end_sessions_unless(g->core.router, token_live, g);
}

static void
reload_tokens(struct gateway *g)
{
	int64_t v;

	if (store_data_version(g->core.store, &v) != 0 || v == g->data_version) {
		end_dead_sessions(g, false);
		return;
	}
	if (store_token_load(g->core.store, &g->tokens) != 0) {
		log_warn("could not reload tokens from the database; keeping the previous set");
		return;
	}
	g->data_version = v;
	struct logline l;
	log_begin(&l, LOG_INFO, "tokens reloaded");
	log_int(&l, "count", (long long)g->tokens.n);
	log_end(&l);
	end_dead_sessions(g, true);
}

static void
on_reload_timer(uv_timer_t *t)
{
	struct gateway *g = t->data;

	reload_tokens(g);
	core_poll(&g->core);
	if (store_record_flush(g->core.store) != 0)
		log_warn("could not write call records to the database; will retry");
}

/*
 * First start: no token exists, so make one named "default" and put it in a
 * private file. Its path goes to the log, its text never does.
 */
static int
ensure_first_token(struct gateway *g)
{
	char token[TOKEN_TEXT_LEN + 2], path[LIMIT_PATH];
	uint8_t hash[TOKEN_HASH_BYTES];
	long n = store_token_count(g->core.store);
	int rc = 0;

	if (n != 0)
		return n < 0 ? -1 : 0;
	auth_token_generate(token);
	auth_token_hash(token, TOKEN_TEXT_LEN, hash);
	snprintf(path, sizeof(path), "%s/default.token", g->core.cfg.state_dir);
	token[TOKEN_TEXT_LEN] = '\n';
	token[TOKEN_TEXT_LEN + 1] = '\0';
	if (util_write_file_private(path, token, TOKEN_TEXT_LEN + 1) != 0) {
		cli_error("cannot write %s (%s); check the state directory", path, strerror(errno));
		rc = -1;
	} else if (store_token_add(g->core.store, "default", hash, 0, NULL) != STORE_OK) {
		cli_error("cannot store the first token in the database");
		rc = -1;
	} else {
		struct logline l;
		log_begin(&l, LOG_INFO, "created the first client token \"default\"; read it from the file (it is not printed)");
		log_str(&l, "path", path);
		log_end(&l);
	}
	sodium_memzero(token, sizeof(token));
	return rc;
}

/*
 * STATEDIR/listening: the addresses as bound, one JSON document, for `gatehouse
 * status` (a port of 0 in the config is known only here). Private like every
 * file of the state directory; removed when the gateway stops.
 */
static void
write_addresses(struct gateway *g)
{
	json_t *doc = json_pack("{s:o, s:i}", "listeners", front_listeners(g->front), "pid", (int)getpid());
	char *text = json_dumps(doc, JSON_COMPACT);

	json_decref(doc);
	snprintf(g->addresses, sizeof(g->addresses), "%s/listening", g->core.cfg.state_dir);
	if (text == NULL || util_write_file_private(g->addresses, text, strlen(text)) != 0) {
		log_warn("cannot write the listening addresses for `gatehouse status`");
		g->addresses[0] = '\0';
	}
	free(text);
}

static void
on_router_stopped(void *arg)
{
	struct gateway *g = arg;

	router_free(g->core.router);
	g->core.router = NULL;
	uv_close((uv_handle_t *)&g->reload, NULL);
}

/* Stop taking requests, then stop every server, then let the loop run dry. */
static void
stop_gateway(struct gateway *g)
{
	if (g->front == NULL)
		return;
	log_info("stopping");
	front_stop(g->front);
	g->front = NULL;
	uv_close((uv_handle_t *)&g->sigterm, NULL);
	uv_close((uv_handle_t *)&g->sigint, NULL);
	uv_close((uv_handle_t *)&g->sighup, NULL);
	if (g->watching) {
		uv_fs_event_stop(&g->watch);
		uv_close((uv_handle_t *)&g->watch, NULL);
		g->watching = false;
	}
	uv_timer_stop(&g->settle);
	uv_close((uv_handle_t *)&g->settle, NULL);
	router_shutdown(g->core.router, on_router_stopped, g);
}

static bool
listeners_differ(const struct config *a, const struct config *b)
{
	if (a->nlisten != b->nlisten)
		return true;
	for (size_t i = 0; i < a->nlisten; i++)
		if (strcmp(a->listen[i].text, b->listen[i].text) != 0)
			return true;
	if ((a->tls_cert == NULL) != (b->tls_cert == NULL))
		return true;
	if (a->tls_cert && (strcmp(a->tls_cert, b->tls_cert) != 0 || strcmp(a->tls_key, b->tls_key) != 0))
		return true;
	return strcmp(a->state_dir, b->state_dir) != 0;
}

/* A server array the router may still read: freed when the gateway ends. */
static void
keep_servers(struct gateway *g, struct server_config *servers, size_t n)
{
	struct kept_servers *k = xcalloc(1, sizeof(*k));

	k->servers = servers;
	k->n = n;
	k->next = g->kept;
	g->kept = k;
}

/*
 * SIGHUP: read the file again. An invalid file changes nothing. Hosts, origins,
 * proxies and limits apply at once; listeners, TLS and the state directory need
 * a restart, and we say so rather than half-apply them.
 */
static int config_hash(const char *path, uint8_t out[crypto_hash_sha256_BYTES]);

static void
reload_config(struct gateway *g)
{
	struct config fresh;
	struct config_diag diag = { 0 };

	/* What is read now is what a file event later compares with. */
	(void)config_hash(g->core.cfg.path, g->loaded_hash);

	if (config_load(g->ctx->config_path, &fresh, &diag) != 0) {
		for (size_t i = 0; i < diag.nerrors; i++) {
			struct logline l;
			log_begin(&l, LOG_ERROR, "configuration reload failed; keeping the running configuration");
			log_str(&l, "error", diag.errors[i]);
			log_end(&l);
		}
		config_diag_free(&diag);
		config_free(&fresh);
		return;
	}
	config_diag_free(&diag);
	{
		char err[LIMIT_PATH * 2 + 256];
		if (config_file_safe(&fresh, err, sizeof(err)) != 0) {
			struct logline l;
			log_begin(&l, LOG_ERROR, "configuration reload refused; keeping the running configuration");
			log_str(&l, "error", err);
			log_end(&l);
			config_free(&fresh);
			return;
		}
	}
	if (listeners_differ(&g->core.cfg, &fresh)) {
		log_warn("configuration reload: \"listen\", \"tls\" and \"stateDir\" changes need a restart; keeping the running ones");
		/* Keep the old listeners, TLS and state dir; take the rest. */
		struct listen_addr *la = fresh.listen;
		size_t nla = fresh.nlisten;
		char *cert = fresh.tls_cert, *key = fresh.tls_key, *dir = fresh.state_dir;
		fresh.listen = g->core.cfg.listen;
		fresh.nlisten = g->core.cfg.nlisten;
		fresh.tls_cert = g->core.cfg.tls_cert;
		fresh.tls_key = g->core.cfg.tls_key;
		fresh.state_dir = g->core.cfg.state_dir;
		g->core.cfg.listen = la;
		g->core.cfg.nlisten = nla;
		g->core.cfg.tls_cert = cert;
		g->core.cfg.tls_key = key;
		g->core.cfg.state_dir = dir;
	}
	/*
	 * mcpServers: what is unchanged keeps running, the rest stops or starts
	 * (router_reload_servers). Every server array the router was given stays
	 * until the end: instances that are stopping still read their old entry.
	 */
	struct router_reload rl;
	if (router_reload_servers(g->core.router, &fresh, &rl) != 0) {
		log_warn("configuration reload: the running gateway has known too many servers; restart it to apply \"mcpServers\" (the rest is applied)");
		struct server_config *servers = fresh.servers;
		size_t nservers = fresh.nservers;
		fresh.servers = g->core.cfg.servers;
		fresh.nservers = g->core.cfg.nservers;
		g->core.cfg.servers = servers;
		g->core.cfg.nservers = nservers;
	} else {
		struct logline sl;
		keep_servers(g, g->core.cfg.servers, g->core.cfg.nservers);
		g->core.cfg.servers = NULL;
		g->core.cfg.nservers = 0;
		log_begin(&sl, LOG_INFO, "servers reloaded");
		log_int(&sl, "added", (long long)rl.added);
		log_int(&sl, "removed", (long long)rl.removed);
		log_int(&sl, "changed", (long long)rl.changed);
		log_end(&sl);
	}
	struct front_config fc;
	front_config_of(&fresh, &fc);
	front_set_config(g->front, &fc);
	router_set_config(g->core.router, &fresh);
	config_free(&g->core.cfg);
	g->core.cfg = fresh;
	front_config_of(&g->core.cfg, &fc);
	front_set_config(g->front, &fc);
	router_set_config(g->core.router, &g->core.cfg);
	guard_set_hold_new(g->core.guard, g->core.cfg.tools_on_new == ON_NEW_HOLD);
	core_servers_changed(&g->core);
	log_info("configuration reloaded");
}

/* The SHA-256 of the config file as it is now; -1 when it cannot be read. */
static int
config_hash(const char *path, uint8_t out[crypto_hash_sha256_BYTES])
{
	size_t len;
	char *text = path ? util_read_file(path, LIMIT_CONFIG_BYTES, &len) : NULL;

	if (text == NULL)
		return -1;
	crypto_hash_sha256(out, (const unsigned char *)text, len);
	sodium_memzero(text, len);
	free(text);
	return 0;
}

/* The file changed and has been quiet for LIMIT_CONFIG_SETTLE_MS: reload it if its bytes differ. */
static void
on_settled(uv_timer_t *t)
{
	struct gateway *g = t->data;
	uint8_t now[crypto_hash_sha256_BYTES];

	if (g->front == NULL || config_hash(g->core.cfg.path, now) != 0 ||
	    sodium_memcmp(now, g->loaded_hash, sizeof(now)) == 0)
		return;
	memcpy(g->loaded_hash, now, sizeof(now));
	log_info("the configuration file changed; reloading it");
	reload_config(g);
}

static void
on_config_event(uv_fs_event_t *h, const char *filename, int events, int status)
{
	struct gateway *g = h->data;

	(void)events;
	if (status != 0 || filename == NULL || strcmp(filename, g->watched_name) != 0)
		return;
	/* Editors write in several steps: wait until the file is quiet. */
	uv_timer_start(&g->settle, on_settled, LIMIT_CONFIG_SETTLE_MS, 0);
}

/* Watch the config file's directory (an editor's save replaces the file). */
static void
watch_config(struct gateway *g, uv_loop_t *loop)
{
	const char *path = g->core.cfg.path;
	char dir[LIMIT_PATH];
	const char *slash = path ? strrchr(path, '/') : NULL;
	int rc;

	uv_timer_init(loop, &g->settle);
	g->settle.data = g;
	if (slash == NULL || (size_t)(slash - path) >= sizeof(dir) || strlen(slash + 1) >= sizeof(g->watched_name))
		return;
	snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	snprintf(g->watched_name, sizeof(g->watched_name), "%s", slash + 1);
	if (config_hash(path, g->loaded_hash) != 0)
		return;
	uv_fs_event_init(loop, &g->watch);
	g->watch.data = g;
	if ((rc = uv_fs_event_start(&g->watch, on_config_event, dir, 0)) != 0) {
		struct logline l;
		log_begin(&l, LOG_WARN, "cannot watch the configuration file; send SIGHUP to reload it");
		log_str(&l, "error", uv_strerror(rc));
		log_end(&l);
		uv_close((uv_handle_t *)&g->watch, NULL);
		return;
	}
	g->watching = true;
}

static void
on_signal(uv_signal_t *s, int signum)
{
	struct gateway *g = s->data;

	if (signum == SIGHUP)
		reload_config(g);
	else
		stop_gateway(g);
}

int
cmd_serve(struct cli_ctx *ctx)
{
	struct gateway g = { .ctx = ctx };
	char err[LIMIT_PATH + 512];
	uv_loop_t *loop = &g.core.loop;

	if (ctx->argc > 0) {
		cli_error("serve takes no arguments (got \"%s\"); see `gatehouse serve --help`", ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (core_open(&g.core, ctx) != 0)
		return 1;
	if (ensure_first_token(&g) != 0 || store_data_version(g.core.store, &g.data_version) != 0 ||
	    store_token_load(g.core.store, &g.tokens) != 0) {
		cli_error("cannot read the tokens from the database in %s", g.core.cfg.state_dir);
		auth_token_set_free(&g.tokens);
		core_abort(&g.core);
		return 1;
	}
	struct front_config fc;
	front_config_of(&g.core.cfg, &fc);
	if (front_start(&g.front, loop, &fc, &g.tokens, g.core.router, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		auth_token_set_free(&g.tokens);
		core_abort(&g.core);
		return 1;
	}
	uv_signal_init(loop, &g.sigterm);
	uv_signal_init(loop, &g.sigint);
	uv_signal_init(loop, &g.sighup);
	g.sigterm.data = g.sigint.data = g.sighup.data = &g;
	uv_signal_start(&g.sigterm, on_signal, SIGTERM);
	uv_signal_start(&g.sigint, on_signal, SIGINT);
	uv_signal_start(&g.sighup, on_signal, SIGHUP);
	uv_timer_init(loop, &g.reload);
	g.reload.data = &g;
	uv_timer_start(&g.reload, on_reload_timer, LIMIT_TOKEN_RELOAD_MS, LIMIT_TOKEN_RELOAD_MS);

	write_addresses(&g);
	watch_config(&g, loop);

	struct logline l;
	log_begin(&l, LOG_INFO, "gatehouse ready");
	log_str(&l, "version", GATEHOUSE_VERSION);
	log_str(&l, "state_dir", g.core.cfg.state_dir);
	log_int(&l, "tokens", (long long)g.tokens.n);
	log_end(&l);

	uv_run(loop, UV_RUN_DEFAULT);
	if (g.addresses[0] != '\0')
		(void)unlink(g.addresses);
	auth_token_set_free(&g.tokens);
	core_close(&g.core);
	while (g.kept) {
		struct kept_servers *k = g.kept;
		g.kept = k->next;
		config_servers_free(k->servers, k->n);
		free(k);
	}
	log_info("stopped");
	return g.exit_code;
}

/* The start and stop of the gateway's parts, shared by serve and stdio (core.h). */
#include "core.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../exec/child.h"
#include "../exec/exec.h"
#include "../guard/guard.h"
#include "../mcp/remote.h"
#include "../mcp/router.h"
#include "../store/store.h"
#include "../secrets/redact.h"
#include "../secrets/scan.h"
#include "../util/hsdb.h"
#include "../util/log.h"
#include "../vault/vault.h"

void
core_harden_process(void)
{
	struct rlimit none = { 0, 0 };

	umask(077);
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
}

/* Relative server commands and arguments are relative to the config file. */
static void
config_dir_of(const struct config *cfg, char *out, size_t cap)
{
	const char *slash = cfg->path ? strrchr(cfg->path, '/') : NULL;

	if (slash == NULL) {
		if (getcwd(out, cap) == NULL)
			snprintf(out, cap, "/");
		return;
	}
	snprintf(out, cap, "%.*s", slash == cfg->path ? 1 : (int)(slash - cfg->path), cfg->path);
}

/* Our own binary: the sandbox trampoline of stdio servers (src/exec/sandbox.h). */
static char sandbox_exe[LIMIT_PATH];

/* The router's transports: a child process for a stdio server, HTTP for a remote one. */
static struct transport *
open_transport(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	if (srv->transport == SERVER_STDIO) {
		struct transport_env e = *env;
		e.sandbox_exe = sandbox_exe[0] ? sandbox_exe : NULL;
		return child_open(&e, srv, cb, owner, err, errcap);
	}
	if (srv->transport == SERVER_EXEC) {
		struct transport_env e = *env;
		e.sandbox_exe = sandbox_exe[0] ? sandbox_exe : NULL;
		return exec_open(&e, srv, cb, owner, err, errcap);
	}
	return remote_open(env, srv, cb, owner, err, errcap);
}

/* The transports wipe and free() what they get, as vault_value_free would. */
static char *
vault_secret(void *arg, const char *name, char *err, size_t errcap)
{
	return vault_get(arg, name, err, errcap);
}

/* The log's filter: every line through the redactor before it is written. */
static const struct redactor *log_redactor;

static char *
redact_log_line(const char *line, size_t len, size_t *outlen)
{
	size_t n;
	char *out = redact_text(log_redactor, line, len, &n, NULL);

	if (out != NULL)
		*outlen = strlen(out);
	return out;
}

/* The vault's values the config uses become literals of the redactor. */
static void
redact_vault_values(struct core *c)
{
	char err[512];

	for (size_t i = 0; c->vault && i < c->cfg.nservers; i++)
		for (size_t k = 0; k < c->cfg.servers[i].nenv; k++) {
			const struct config_value *v = &c->cfg.servers[i].env[k];
			char *val;
			if (v->kind != VALUE_SECRET || (val = vault_get(c->vault, v->value, err, sizeof(err))) == NULL)
				continue;
			if (redactor_add_literal(c->redactor, val, "vault") != 0)
				log_warn("too many vault values to redact them all");
			vault_value_free(val);
		}
}

/* One ${VAR} of the configuration: named in the log, never its value. */
struct expansion_note {
	struct core *c;
	const char  *server;
	const char  *setting;
};

static const char *
env_lookup(const char *name)
{
	return getenv(name);
}

static void
note_expansion(void *arg, const char *name)
{
	struct expansion_note *n = arg;
	const char *value = getenv(name);
	struct logline l;

	log_begin(&l, LOG_INFO, "configuration takes a variable from the environment");
	log_str(&l, "server", n->server);
	log_str(&l, "setting", n->setting);
	log_str(&l, "variable", name);
	log_end(&l);
	/* A value that looks like a key is redacted wherever it would show, like the vault's. */
	if (value != NULL && config_looks_secret(name, value) &&
	    redactor_add_literal(n->c->redactor, value, "env") != 0)
		log_warn("too many secret values to redact them all");
}

static void
note_one(struct expansion_note *n, const char *setting, const char *text)
{
	char err[512];
	char *v;

	if (text == NULL || !config_has_expansion(text))
		return;
	n->setting = setting;
	if ((v = config_expand_with(text, env_lookup, note_expansion, n, err, sizeof(err))) != NULL) {
		sodium_memzero(v, strlen(v));
		free(v);
	}
}

/*
 * Say at start which variables of the gateway's environment each server
 * takes through ${VAR}: by name, so that the log shows where a value comes
 * from without ever holding it.
 */
static void
note_expansions(struct core *c)
{
	for (size_t i = 0; i < c->cfg.nservers; i++) {
		const struct server_config *s = &c->cfg.servers[i];
		struct expansion_note n = { c, s->key, NULL };
		char setting[160];
		for (size_t k = 0; k < s->nargs; k++) {
			snprintf(setting, sizeof(setting), "args[%zu]", k);
			note_one(&n, setting, s->args[k]);
		}
		for (size_t k = 0; k < s->nenv; k++) {
			if (!s->env[k].expand)
				continue;
			snprintf(setting, sizeof(setting), "%s.%s", s->transport == SERVER_STDIO ? "env" : "headers",
			    s->env[k].name);
			note_one(&n, setting, s->env[k].value);
		}
		note_one(&n, "url", s->url);
		note_one(&n, "cwd", s->cwd);
	}
	for (size_t i = 0; i < c->cfg.ndisabled; i++) {
		struct logline l;
		log_begin(&l, LOG_INFO, "server disabled in the configuration; not started");
		log_str(&l, "server", c->cfg.disabled[i]);
		log_end(&l);
	}
}

/* Does any server take a value from the vault? */
static bool
uses_vault(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nservers; i++)
		for (size_t k = 0; k < cfg->servers[i].nenv; k++)
			if (cfg->servers[i].env[k].kind == VALUE_SECRET)
				return true;
	return false;
}

/* After a reload changed mcpServers: their vault values are redacted too, their ${VAR} named. */
void
core_servers_changed(struct core *c)
{
	redact_vault_values(c);
	note_expansions(c);
}

int
core_open(struct core *c, struct cli_ctx *ctx)
{
	char err[LIMIT_PATH + 512];

	core_harden_process();
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return -1;
	}
	if (cli_load_config(ctx, &c->cfg) != 0) {
		config_free(&c->cfg);
		return -1;
	}
	if (config_file_safe(&c->cfg, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		config_free(&c->cfg);
		return -1;
	}
	if (store_open(c->cfg.state_dir, &c->store, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		config_free(&c->cfg);
		return -1;
	}
	/* The vault is opened here, for the transports, and nowhere near the front. */
	if (uses_vault(&c->cfg) && vault_open(c->store, c->cfg.state_dir, false, &c->vault, err, sizeof(err)) != 0) {
		cli_error("the configuration refers to secrets, but %s", err);
		store_close(c->store);
		config_free(&c->cfg);
		return -1;
	}
	c->secrets.get = vault_secret;
	c->secrets.arg = c->vault;
	c->redactor = redactor_new();
	redact_vault_values(c);
	note_expansions(c);
	log_redactor = c->redactor;
	log_set_filter(redact_log_line);
	uv_loop_init(&c->loop);
	size_t exe_len = sizeof(sandbox_exe);
	if (uv_exepath(sandbox_exe, &exe_len) != 0)
		sandbox_exe[0] = '\0';     /* sandboxed servers are then refused, naming the setting */
	config_dir_of(&c->cfg, c->config_dir, sizeof(c->config_dir));
	if (store_data_version(c->store, &c->pins_version) != 0)
		c->pins_version = -1;
	/*
	 * The scan's patterns compile once (about half a second), before the loop
	 * runs and before any server starts: compiling beside starting servers made
	 * their initialize late on a busy machine, and the first list waited anyway.
	 */
	{
		char cache[LIMIT_PATH];
		if (snprintf(cache, sizeof(cache), "%s/cache", c->cfg.state_dir) < (int)sizeof(cache))
			hsdb_set_fallback_dir(cache);
	}
	if (scan_init() != 0 || secrets_init() != 0) {
		cli_error("%s", hsdb_why("the tool-poisoning scan could not compile its patterns (libhs); is it installed?"));
		vault_close(c->vault);
		store_close(c->store);
		config_free(&c->cfg);
		uv_loop_close(&c->loop);
		return -1;
	}
	c->guard = guard_new(c->store, c->cfg.tools_on_new == ON_NEW_HOLD);
	struct router_env renv = { .loop = &c->loop, .cfg = &c->cfg, .config_dir = c->config_dir,
	    .store = c->store, .open_transport = open_transport, .guard = c->guard,
	    .secrets = c->vault ? &c->secrets : NULL, .redactor = c->redactor };
	c->router = router_new(&renv);
	return 0;
}

void
core_abort(struct core *c)
{
	router_shutdown(c->router, NULL, NULL);
	router_free(c->router);
	c->router = NULL;
	uv_run(&c->loop, UV_RUN_DEFAULT);
	core_close(c);
}

void
core_poll(struct core *c)
{
	int64_t v;

	if (store_data_version(c->store, &v) != 0 || v == c->pins_version)
		return;
	c->pins_version = v;
	if (guard_reload(c->guard) == 0 && c->router)
		router_guard_changed(c->router);
}

void
core_close(struct core *c)
{
	uv_loop_close(&c->loop);
	guard_free(c->guard);
	c->guard = NULL;
	store_record_flush(c->store);
	vault_close(c->vault);
	c->vault = NULL;
	log_set_filter(NULL);
	log_redactor = NULL;
	redactor_free(c->redactor);
	c->redactor = NULL;
	store_close(c->store);
	config_free(&c->cfg);
}

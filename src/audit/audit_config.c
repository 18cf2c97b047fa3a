/*
 * Checks of gatehouse's own configuration (DESIGN.md section 8), and the parts of
 * --fix that concern it: a loopback bind instead of a public one without TLS, and a
 * first token when none exists. The file is read raw as well as parsed, so that a
 * configuration the parser refuses is still examined.
 */
#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../auth/auth.h"
#include "../store/store.h"
#include "../util/util.h"
#include "audit.h"

/* The program name without its directory. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool
audit_is_shell_wrapper(const char *command, char *const *args, size_t nargs)
{
	static const char *const shells[] = { "sh", "bash", "zsh", "dash", "ksh", "fish", NULL };
	const char *b = base_name(command);
	bool shell = false;

	for (size_t i = 0; shells[i]; i++)
		if (strcmp(b, shells[i]) == 0)
			shell = true;
	if (!shell)
		return false;
	for (size_t i = 0; i < nargs; i++)
		if (args[i][0] == '-' && args[i][1] != '-' && strchr(args[i], 'c') != NULL)
			return true;
	return false;
}

/*
 * The package an npx/uvx/pipx command runs when it names no version, else NULL.
 * npx: the first argument that is not an option; "pkg@1.2.3" and "@scope/pkg@1.2.3"
 * are pinned, "pkg" and "pkg@latest" are not. uvx / pipx run: "pkg==1.2.3" or
 * "pkg@1.2.3" are pinned.
 */
const char *
audit_unpinned_package(const char *command, char *const *args, size_t nargs)
{
	const char *b = base_name(command);
	size_t i = 0;
	bool npx = strcmp(b, "npx") == 0, uvx = strcmp(b, "uvx") == 0;

	if (strcmp(b, "pipx") == 0 && nargs > 0 && strcmp(args[0], "run") == 0) {
		uvx = true;
		i = 1;
	}
	if (!npx && !uvx)
		return NULL;
	for (; i < nargs; i++) {
		const char *a = args[i];
		if (a[0] == '-') {
			/* Options with a value: skip it too. */
			if (strcmp(a, "--package") == 0 || strcmp(a, "-p") == 0 || strcmp(a, "--from") == 0 ||
			    strcmp(a, "--python") == 0 || strcmp(a, "--with") == 0)
				i++;
			continue;
		}
		if (npx) {
			const char *at = strrchr(a, '@');
			if (at == NULL || at == a || strcmp(at, "@latest") == 0 || at[1] == '\0')
				return a;
			return NULL;
		}
		if (strstr(a, "==") != NULL || strchr(a, '@') != NULL)
			return NULL;
		return a;
	}
	return NULL;
}

static bool
url_plain_http_public(const char *url)
{
	struct addr a;
	const char *host;
	size_t n;

	if (strncasecmp(url, "http://", 7) != 0)
		return false;
	host = url + 7;
	n = strcspn(host, "/?#");
	if (memchr(host, '@', n) != NULL)
		return true;
	if (n > 2 && host[0] == '[') {
		const char *close = memchr(host, ']', n);
		return !(close && addr_parse(host + 1, (size_t)(close - host) - 1, &a) == 0 && addr_is_loopback(&a));
	}
	n = strcspn(host, ":/?#");
	if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
		return false;
	return !(addr_parse(host, n, &a) == 0 && addr_is_loopback(&a));
}

/* Checks that need the raw JSON, because the parser refuses these values. */
static void
raw_checks(const struct audit_opts *o, struct report *r)
{
	json_t *root, *origins, *v;
	size_t i;

	if (o->config_path == NULL)
		return;
	root = json_load_file(o->config_path, 0, NULL);
	if (root == NULL)
		return;
	origins = json_object_get(root, "allowedOrigins");
	if (json_is_array(origins))
		json_array_foreach(origins, i, v)
			if (json_is_string(v) && (strcmp(json_string_value(v), "*") == 0 ||
			    strcasecmp(json_string_value(v), "null") == 0 ||
			    strchr(json_string_value(v), '*') != NULL))
				audit_add(r, "GH-CFG-003", o->cfg && config_listens_publicly(o->cfg) ? SEV_CRITICAL : -1,
				    o->config_path, "allowedOrigins[%zu] is \"%s\"", i, json_string_value(v));
	json_decref(root);
}

static void
server_checks(const struct audit_opts *o, struct report *r, const struct server_config *s)
{
	char where[LIMIT_PATH + 128];
	const char *pkg;

	snprintf(where, sizeof(where), "%s: server %s", o->config_path ? o->config_path : "(defaults)", s->key);
	for (size_t i = 0; i < s->nenv; i++)
		if (s->env[i].kind == VALUE_INLINE && !s->env[i].expand && config_looks_secret(s->env[i].name, s->env[i].value))
			audit_add(r, "GH-CFG-004", -1, where, "%s \"%s\" is written inline (%.4s...)",
			    s->transport == SERVER_HTTP ? "header" : "variable", s->env[i].name, s->env[i].value);
	if (s->transport == SERVER_STDIO && s->command) {
		if (audit_is_shell_wrapper(s->command, s->args, s->nargs))
			audit_add(r, "GH-CFG-005", -1, where, "command \"%s\" with -c", s->command);
		if ((pkg = audit_unpinned_package(s->command, s->args, s->nargs)) != NULL)
			audit_add(r, "GH-CFG-006", -1, where, "%s runs \"%s\" without a version", s->command, pkg);
		if (s->sandbox_off)
			audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\": false: the server runs unconfined");
		else if (s->sandbox_network == NETWORK_HOST)
			audit_add(r, "GH-CFG-008", SEV_INFO, where, "\"sandbox\": {\"network\": true}");
		for (size_t i = 0; i < s->nsandbox_write; i++)
			if (strcmp(s->sandbox_write[i], "/") == 0 || (o->home && strcmp(s->sandbox_write[i], o->home) == 0))
				audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\".\"write\" includes %s", s->sandbox_write[i]);
	}
	if (s->transport == SERVER_HTTP && s->url && url_plain_http_public(s->url))
		audit_add(r, "GH-CFG-007", -1, where, "url %s", s->url);
	/* The commands of "exec" have a sandbox each: the same findings, per command. */
	for (size_t i = 0; s->transport == SERVER_EXEC && i < s->nexec; i++) {
		const struct exec_command *c = &s->exec[i];
		snprintf(where, sizeof(where), "%s: exec command %s", o->config_path ? o->config_path : "(defaults)", c->name);
		if (c->sandbox->sandbox_off)
			audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\": false: the command runs unconfined");
		else if (c->sandbox->sandbox_network == NETWORK_HOST)
			audit_add(r, "GH-CFG-008", SEV_INFO, where, "\"sandbox\": {\"network\": true}");
		for (size_t k = 0; k < c->sandbox->nsandbox_write; k++)
			if (strcmp(c->sandbox->sandbox_write[k], "/") == 0 ||
			    (o->home && strcmp(c->sandbox->sandbox_write[k], o->home) == 0))
				audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\".\"write\" includes %s", c->sandbox->sandbox_write[k]);
	}
}

/*
 * --fix: a public listener without TLS or proxy becomes 127.0.0.1 on the same
 * port. The file is backed up first (FILE.bak-UNIXTIME, 0600) and rewritten
 * atomically; nothing else in it changes but formatting.
 */
static bool
fix_bind(const struct audit_opts *o, struct report *r)
{
	json_t *root, *listen, *v;
	char backup[LIMIT_PATH], *text, *orig;
	size_t i, len;
	bool changed = false;

	if (o->config_path == NULL)
		return false;
	orig = util_read_file(o->config_path, LIMIT_CONFIG_BYTES, &len);
	if (orig == NULL)
		return false;
	root = json_loadb(orig, len, 0, NULL);
	listen = root ? json_object_get(root, "listen") : NULL;
	if (!json_is_array(listen) || json_object_get(root, "tls") || json_object_get(root, "trustedProxies")) {
		json_decref(root);
		free(orig);
		return false;
	}
	json_array_foreach(listen, i, v) {
		const char *t = json_string_value(v), *colon;
		struct addr a;
		if (t == NULL || strncmp(t, "unix:", 5) == 0 || (colon = strrchr(t, ':')) == NULL)
			continue;
		const char *host = t;
		size_t hlen = (size_t)(colon - t);
		if (hlen >= 2 && host[0] == '[') {
			host++;
			hlen -= 2;
		}
		if ((hlen == 9 && strncasecmp(host, "localhost", 9) == 0) ||
		    (addr_parse(host, hlen, &a) == 0 && addr_is_loopback(&a)))
			continue;
		char fixed[64];
		snprintf(fixed, sizeof(fixed), "127.0.0.1%s", colon);
		audit_fixed(r, "%s: \"listen\" entry \"%s\" changed to \"%s\" (no TLS, no trusted proxy)",
		    o->config_path, t, fixed);
		json_array_set_new(listen, i, json_string(fixed));
		changed = true;
	}
	if (changed) {
		snprintf(backup, sizeof(backup), "%s.bak-%lld", o->config_path, (long long)util_wall_seconds());
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (util_write_file_private(backup, orig, len) != 0 || text == NULL ||
		    util_write_file_private(o->config_path, text, strlen(text)) != 0) {
			audit_note(r, "could not rewrite %s to bind loopback: %s", o->config_path, strerror(errno));
			changed = false;
		} else {
			audit_fixed(r, "backed up the previous %s as %s", o->config_path, backup);
		}
		free(text);
	}
	json_decref(root);
	free(orig);
	return changed;
}

/* --fix: the gateway's first token, exactly as `serve` would create it. */
static void
fix_first_token(const struct audit_opts *o, struct report *r)
{
	struct store *st;
	char err[LIMIT_PATH + 256], token[TOKEN_TEXT_LEN + 2], path[LIMIT_PATH];
	uint8_t hash[TOKEN_HASH_BYTES];

	if (o->cfg == NULL || o->cfg->state_dir == NULL)
		return;
	if (store_open(o->cfg->state_dir, &st, err, sizeof(err)) != 0) {
		audit_note(r, "could not open the state database to check tokens: %s", err);
		return;
	}
	if (store_token_count(st) == 0) {
		auth_token_generate(token);
		auth_token_hash(token, TOKEN_TEXT_LEN, hash);
		token[TOKEN_TEXT_LEN] = '\n';
		token[TOKEN_TEXT_LEN + 1] = '\0';
		snprintf(path, sizeof(path), "%s/default.token", o->cfg->state_dir);
		if (util_write_file_private(path, token, TOKEN_TEXT_LEN + 1) == 0 &&
		    store_token_add(st, "default", hash, 0, NULL) == STORE_OK)
			audit_fixed(r, "created the client token \"default\" in %s (0600)", path);
		sodium_memzero(token, sizeof(token));
	}
	store_close(st);
}

void
audit_config(const struct audit_opts *o, struct report *r)
{
	const struct config *cfg = o->cfg;
	bool rebound = false;

	for (size_t i = 0; i < o->nconfig_errors; i++)
		audit_add(r, "GH-CFG-001", -1, o->config_path ? o->config_path : "", "%s", o->config_errors[i]);
	raw_checks(o, r);
	if (cfg == NULL)
		return;
	if (o->fix)
		rebound = fix_bind(o, r);
	for (size_t i = 0; i < cfg->nlisten && !rebound; i++)
		if (!cfg->listen[i].loopback && cfg->tls_cert == NULL && cfg->ntrusted_proxies == 0)
			audit_add(r, "GH-CFG-002", -1, o->config_path, "\"listen\": \"%s\"", cfg->listen[i].text);
	for (size_t i = 0; i < cfg->ntrusted_proxies; i++) {
		const struct cidr *c = &cfg->trusted_proxies[i];
		unsigned bits = c->net.family == AF_INET ? c->prefix - 96 : c->prefix;
		if ((c->net.family == AF_INET && bits < 24) || (c->net.family == AF_INET6 && bits < 64)) {
			char net[ADDR_STRLEN];
			addr_format(&c->net, net, sizeof(net));
			audit_add(r, "GH-CFG-009", -1, o->config_path, "trustedProxies[%zu] is %s/%u", i, net, bits);
		}
	}
	for (size_t i = 0; i < cfg->nservers; i++)
		server_checks(o, r, &cfg->servers[i]);
	if (o->fix)
		fix_first_token(o, r);
}

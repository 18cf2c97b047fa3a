/*
 * gatehouse import [CLIENT|FILE] [--dry-run] [--rewrite] (DESIGN.md section 3,
 * issue 12 item 1).
 *
 * import reads the MCP servers of a client's file (the files clients/clients.h
 * knows), says what it will do with each, and merges them into gatehouse's own
 * config: a backup first, then an atomic rename of a 0600 file. A value that is
 * a credential never reaches gatehouse's config nor the terminal: it goes into
 * the vault when a vault key exists, else the server is imported reading it from
 * the gateway's environment and the user is told to store it. With --rewrite
 * the client's file is changed so that the client talks only to gatehouse: its
 * servers container is replaced, every other byte of the file stays
 * (client_file.c, which also holds `connect`).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../clients/clients.h"
#include "../config/config.h"
#include "../secrets/scan.h"
#include "../store/store.h"
#include "../util/util.h"
#include "../vault/vault.h"
#include "../util/hsdb.h"
#include "cli.h"
#include "client_file.h"

#define IMPORT_MAX_SERVERS   256   /* servers taken from one client file */
#define IMPORT_MAX_SECRETS   256   /* values moved to the vault in one import */
/* A value waiting to be sealed into the vault once the plan is accepted. */
struct pending_secret {
	char  name[VAULT_NAME_MAX + 1];
	char *value;
};

struct plan {
	const struct config *cfg;              /* gatehouse's config as it is now */
	json_t              *servers;          /* gatehouse's mcpServers, merged */
	json_t              *kept;             /* entries of the current container that stay in the client */
	json_t              *kept_all;         /* container ("" or a project path) -> its kept entries */
	bool                 vault_key;        /* a vault key exists */
	bool                 dry_run;
	size_t               added;
	size_t               nsecrets;
	struct pending_secret secrets[IMPORT_MAX_SECRETS];
	int                  errors;
};
/* ---- values -------------------------------------------------------------- */

static int
first_match(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	(void)rule_id;
	(void)name;
	(void)start;
	(void)end;
	*(int *)arg = 1;
	return 1;
}

static bool
value_is_secret(const char *name, const char *value)
{
	int hit = 0;

	secrets_scan(value, strlen(value), first_match, &hit);
	return hit || (clients_name_looks_secret(name) && clients_value_is_literal(value));
}

static bool
var_name_valid(const char *s, size_t n)
{
	if (n == 0 || n > 128 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return false;
	return true;
}

/* A whole-value reference the client would expand: ${VAR}, ${env:VAR}, $VAR.
 * The name goes to out. */
static bool
whole_reference(const char *v, char *out, size_t cap)
{
	size_t n = strlen(v);
	const char *s = NULL;
	size_t k = 0;

	if (n > 3 && v[0] == '$' && v[1] == '{' && v[n - 1] == '}') {
		s = v + 2;
		k = n - 3;
		if (k > 4 && strncmp(s, "env:", 4) == 0) {
			s += 4;
			k -= 4;
		}
	} else if (n > 1 && v[0] == '$') {
		s = v + 1;
		k = n - 1;
	}
	if (s == NULL || !var_name_valid(s, k) || k >= cap)
		return false;
	memcpy(out, s, k);
	out[k] = '\0';
	return true;
}

/* NAME for the vault or the environment from the server's name and the
 * variable or header: letters, digits, '_', '.', '-' kept, others '_'. */
static void
derive_name(char *out, size_t cap, const char *server, const char *key, bool upper, char sep)
{
	size_t o = 0;
	const char *parts[2] = { server, key };

	for (int p = 0; p < 2; p++) {
		if (p == 1 && o + 1 < cap)
			out[o++] = sep;
		for (const char *s = parts[p]; *s && o + 1 < cap; s++) {
			char ch = *s;
			if (upper && ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 32);
			if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			    ch == '_' || (!upper && (ch == '.' || ch == '-'))))
				ch = '_';
			out[o++] = ch;
		}
	}
	out[o] = '\0';
}

/*
 * One env value or header of a server being imported: kept inline, turned into
 * an {"env"} reference, or (a credential) moved to the vault or left to the
 * environment with a warning. Returns the value for gatehouse's config.
 */
static json_t *
import_value(struct plan *pl, const char *server, const char *what, const char *key, const char *value)
{
	char ref[160], name[VAULT_NAME_MAX + 1], var[160];

	if (whole_reference(value, ref, sizeof(ref))) {
		printf("    %s %s: the reference to $%s is read from gatehouse's environment\n", what, key, ref);
		return json_pack("{ss}", "env", ref);
	}
	if (strstr(value, "${") != NULL) {
		derive_name(name, sizeof(name), server, key, false, '.');
		printf("    %s %s: its value refers to a variable inside other text, which gatehouse does not expand;\n"
		    "      warning: store the whole value with `gatehouse secret set %s` before starting the server\n",
		    what, key, name);
		return json_pack("{ss}", "secret", name);
	}
	if (!value_is_secret(key, value))
		return json_string(value);
	derive_name(name, sizeof(name), server, key, false, '.');
	if (pl->vault_key) {
		if (pl->nsecrets == IMPORT_MAX_SECRETS) {
			printf("    %s %s: warning: more than %d secrets in one import; this one is not imported\n", what,
			    key, IMPORT_MAX_SECRETS);
			pl->errors++;
			return json_pack("{ss}", "secret", name);
		}
		snprintf(pl->secrets[pl->nsecrets].name, sizeof(pl->secrets[0].name), "%s", name);
		pl->secrets[pl->nsecrets].value = xstrdup(value);
		pl->nsecrets++;
		printf("    %s %s: inline secret %s the vault as %s\n", what, key,
		    pl->dry_run ? "would be moved to" : "moved to", name);
		return json_pack("{ss}", "secret", name);
	}
	if (strcmp(what, "env") == 0 && var_name_valid(key, strlen(key)))
		snprintf(var, sizeof(var), "%s", key);
	else
		derive_name(var, sizeof(var), server, key, true, '_');
	printf("    %s %s: inline secret NOT imported (no vault key yet); the server reads it from gatehouse's environment as %s\n"
	    "      warning: run `gatehouse secret set %s` (paste the value), then change it to {\"secret\": \"%s\"}\n",
	    what, key, var, name, name);
	return json_pack("{ss}", "env", var);
}

/* ---- servers ------------------------------------------------------------- */

static const char *const passed_keys[] = { "command", "args", "env", "url", "httpUrl", "serverUrl", "headers",
	"type", "disabled", "cwd", "timeout", NULL };

static bool
is_gatehouse(const struct config *cfg, json_t *srv)
{
	const char *command = json_string_value(json_object_get(srv, "command"));
	static const char *const urls[] = { "url", "httpUrl", "serverUrl", NULL };
	json_t *a;
	size_t i;

	for (i = 0; urls[i]; i++) {
		const char *u = json_string_value(json_object_get(srv, urls[i]));
		if (u != NULL && clients_url_is_gatehouse(cfg, u))
			return true;
	}
	if (command == NULL)
		return false;
	const char *base = strrchr(command, '/');
	base = base ? base + 1 : command;
	json_array_foreach(json_object_get(srv, "args"), i, a) {
		const char *s = json_string_value(a);
		if (s == NULL)
			continue;
		if (strcmp(base, "gatehouse") == 0 && strcmp(s, "stdio") == 0)
			return true;
		if (clients_url_is_gatehouse(cfg, s))
			return true;
	}
	return false;
}

/* Is the entry shaped as MCP clients write them? Else one sentence naming its
 * JSON path. */
static int
entry_malformed(json_t *srv, char *err, size_t cap, const char *where)
{
	static const char *const strings[] = { "command", "url", "httpUrl", "serverUrl", "type", NULL };
	const char *k;
	json_t *v;
	size_t i;

	if (!json_is_object(srv)) {
		snprintf(err, cap, "%s must be an object", where);
		return -1;
	}
	for (i = 0; strings[i]; i++)
		if ((v = json_object_get(srv, strings[i])) != NULL && !json_is_string(v)) {
			snprintf(err, cap, "%s.%s must be a string", where, strings[i]);
			return -1;
		}
	if ((v = json_object_get(srv, "args")) != NULL) {
		if (!json_is_array(v)) {
			snprintf(err, cap, "%s.args must be an array of strings", where);
			return -1;
		}
		json_t *a;
		json_array_foreach(v, i, a)
			if (!json_is_string(a)) {
				snprintf(err, cap, "%s.args[%zu] must be a string", where, i);
				return -1;
			}
	}
	static const char *const maps[] = { "env", "headers", NULL };
	for (i = 0; maps[i]; i++) {
		if ((v = json_object_get(srv, maps[i])) == NULL)
			continue;
		if (!json_is_object(v)) {
			snprintf(err, cap, "%s.%s must be an object of strings", where, maps[i]);
			return -1;
		}
		json_t *e;
		json_object_foreach(v, k, e)
			if (!json_is_string(e)) {
				snprintf(err, cap, "%s.%s.%s must be a string", where, maps[i], k);
				return -1;
			}
	}
	return 0;
}

/* Does gatehouse's parser accept this one server? The first error goes to err. */
static bool
server_acceptable(const struct config *cfg, const char *name, json_t *srv, char *err, size_t cap)
{
	struct config_env env = { .home = getenv("HOME"), .xdg_state_home = NULL, .base_dir = "/",
		.file_label = "import" };
	struct config test;
	struct config_diag diag = { 0 };
	json_t *doc = json_pack("{s{sO}}", "mcpServers", name, srv);
	char *text = json_dumps(doc, JSON_COMPACT);
	bool ok;

	(void)cfg;
	ok = config_parse(text, strlen(text), &env, &test, &diag) == 0;
	if (!ok && diag.nerrors > 0)
		snprintf(err, cap, "%s", diag.errors[0]);
	config_diag_free(&diag);
	config_free(&test);
	sodium_memzero(text, strlen(text));
	free(text);
	json_decref(doc);
	return ok;
}

/* A server name gatehouse accepts: 1 to 64 of A-Z a-z 0-9 _ - ., no "__". */
static void
gatehouse_name(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (const char *s = in; *s && o + 1 < cap && o < 64; s++) {
		char ch = *s;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		    ch == '-' || ch == '.'))
			ch = '-';
		if (ch == '_' && o > 0 && out[o - 1] == '_')
			continue;
		out[o++] = ch;
	}
	if (o == 0)
		out[o++] = 's';
	out[o] = '\0';
}

/*
 * One client server: skipped (exists, gatehouse itself, disabled, old SSE,
 * refused by gatehouse's parser) or converted into gatehouse's shape and added.
 * What is not imported stays in the client's file on --rewrite.
 */
static void
import_server(struct plan *pl, const char *cname, json_t *srv, const char *where)
{
	char name[80], err[1024], dropped[512] = "";
	const char *type = json_string_value(json_object_get(srv, "type")), *k;
	json_t *out, *v, *url;
	size_t dl = 0;

	if (entry_malformed(srv, err, sizeof(err), where) != 0) {
		cli_error("%s; fix the client's file and run again", err);
		pl->errors++;
		return;
	}
	gatehouse_name(cname, name, sizeof(name));
	if (is_gatehouse(pl->cfg, srv)) {
		printf("  %s: skipped, it is gatehouse itself\n", cname);
		return;
	}
	if (json_object_get(pl->servers, name) != NULL) {
		printf("  %s: skipped, gatehouse already has a server \"%s\"\n", cname, name);
		return;
	}
	if (type != NULL && strcmp(type, "sse") == 0) {
		printf("  %s: not importable: it uses the old HTTP+SSE transport (\"type\": \"sse\"); it stays in the client\n",
		    cname);
		json_object_set(pl->kept, cname, srv);
		return;
	}
	if (json_is_true(json_object_get(srv, "disabled"))) {
		printf("  %s: skipped, it is disabled in the client; it stays there\n", cname);
		json_object_set(pl->kept, cname, srv);
		return;
	}
	/* Secrets travel only in env and headers, where they can be moved; one in
	 * the command line or the URL would be copied as it is. */
	static const char *const literal_keys[] = { "command", "url", "httpUrl", "serverUrl", NULL };
	size_t ai;
	json_array_foreach(json_object_get(srv, "args"), ai, v)
		if (value_is_secret("", json_string_value(v))) {
			printf("  %s: not imported: argument %zu holds a secret, which gatehouse's config would keep as it is;\n"
			    "    pass it in \"env\" in the client and import again (the server stays in the client)\n",
			    cname, ai + 1);
			json_object_set(pl->kept, cname, srv);
			return;
		}
	for (int i = 0; literal_keys[i]; i++) {
		const char *lv = json_string_value(json_object_get(srv, literal_keys[i]));
		if (lv != NULL && value_is_secret("", lv)) {
			printf("  %s: not imported: \"%s\" holds a secret; use a header in the client and import again "
			    "(the server stays in the client)\n", cname, literal_keys[i]);
			json_object_set(pl->kept, cname, srv);
			return;
		}
	}
	out = json_object();
	if ((v = json_object_get(srv, "command")) != NULL)
		json_object_set(out, "command", v);
	if ((v = json_object_get(srv, "args")) != NULL && json_array_size(v) > 0)
		json_object_set(out, "args", v);
	url = json_object_get(srv, "url");
	if (url == NULL)
		url = json_object_get(srv, "httpUrl");
	if (url == NULL)
		url = json_object_get(srv, "serverUrl");
	if (url != NULL)
		json_object_set(out, "url", url);
	/* gatehouse takes these as clients write them: a working directory, and a
	 * timeout in milliseconds (a small number is seconds, as some clients write it). */
	if (json_is_string(v = json_object_get(srv, "cwd")))
		json_object_set(out, "cwd", v);
	if ((v = json_object_get(srv, "timeout")) != NULL) {
		if (json_is_integer(v) && json_integer_value(v) >= 100 && json_integer_value(v) <= 3600000)
			json_object_set(out, "timeout", v);
		else
			printf("    its \"timeout\" is left out: gatehouse wants milliseconds (100 to 3600000); "
			    "set \"timeout\" in gatehouse's entry if it needs one\n");
	}
	printf("  %s: added as %s%s\n", cname, name, pl->dry_run ? " (dry run)" : "");
	size_t secrets_mark = pl->nsecrets;
	static const char *const maps[] = { "env", "headers", NULL };
	for (int m = 0; maps[m]; m++) {
		json_t *src = json_object_get(srv, maps[m]), *dst;
		if (json_object_size(src) == 0)
			continue;
		dst = json_object();
		json_object_foreach(src, k, v)
			json_object_set_new(dst, k, import_value(pl, name, m == 0 ? "env" : "header", k,
			    json_string_value(v)));
		json_object_set_new(out, maps[m], dst);
	}
	json_object_foreach(srv, k, v) {
		bool known = false;
		for (int i = 0; passed_keys[i]; i++)
			if (strcmp(k, passed_keys[i]) == 0)
				known = true;
		if (!known && dl < sizeof(dropped))
			dl += (size_t)snprintf(dropped + dl, sizeof(dropped) - dl, "%s\"%s\"", dl ? ", " : "", k);
	}
	if (dropped[0] != '\0')
		printf("    client-only keys left out: %s\n", dropped);
	if (!server_acceptable(pl->cfg, name, out, err, sizeof(err))) {
		printf("    not imported after all: gatehouse would refuse it: %s\n", err);
		/* Its secrets stay where they were, in the client. */
		while (pl->nsecrets > secrets_mark) {
			struct pending_secret *ps = &pl->secrets[--pl->nsecrets];
			sodium_memzero(ps->value, strlen(ps->value));
			free(ps->value);
		}
		json_object_set(pl->kept, cname, srv);
		json_decref(out);
		return;
	}
	json_object_set_new(pl->servers, name, out);
	pl->added++;
}

static int
import_container(struct plan *pl, json_t *servers, const char *where, const char *scope)
{
	char path[600];
	const char *cname;
	json_t *srv;
	size_t n = 0;

	if (servers == NULL)
		return 0;
	pl->kept = json_object();
	json_object_set_new(pl->kept_all, scope, pl->kept);
	if (!json_is_object(servers)) {
		cli_error("%s must be an object of servers; fix the client's file and run again", where);
		pl->errors++;
		return -1;
	}
	json_object_foreach(servers, cname, srv) {
		if (n++ == IMPORT_MAX_SERVERS) {
			printf("  more than %d servers in %s; the rest are not imported\n", IMPORT_MAX_SERVERS, where);
			break;
		}
		snprintf(path, sizeof(path), "%s.%s", where, cname);
		import_server(pl, cname, srv, path);
	}
	return 0;
}
/* ---- gatehouse's config -------------------------------------------------- */

struct gh {
	char        path[LIMIT_PATH];
	bool        exists;
	char       *text;
	size_t      len;
	json_t     *root;
	struct config cfg;
	bool        cfg_loaded;
};

static int
gh_load(struct cli_ctx *ctx, struct gh *g)
{
	char err[LIMIT_PATH + 256], dir[LIMIT_PATH], *slash;
	bool implicit;
	struct config_diag diag = { 0 };
	struct config_env env = { .home = getenv("HOME"), .xdg_state_home = getenv("XDG_STATE_HOME") };
	json_error_t jerr;
	int rc;

	memset(g, 0, sizeof(*g));
	if (config_find_path(ctx->config_path, g->path, sizeof(g->path), &implicit, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		return -1;
	}
	g->text = util_read_file(g->path, LIMIT_CONFIG_BYTES, &g->len);
	if (g->text == NULL) {
		if (errno != ENOENT) {
			cli_error("%s: cannot read the configuration (%s)", g->path, strerror(errno));
			return -1;
		}
		g->text = xstrdup("{}");
		g->len = 2;
	} else {
		g->exists = true;
	}
	snprintf(dir, sizeof(dir), "%s", g->path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	env.base_dir = dir;
	env.file_label = g->path;
	rc = config_parse(g->text, g->len, &env, &g->cfg, &diag);
	g->cfg_loaded = true;
	for (size_t i = 0; i < diag.nerrors; i++)
		fprintf(stderr, "gatehouse: %s\n", diag.errors[i]);
	config_diag_free(&diag);
	if (rc != 0) {
		cli_error("fix %s first; nothing was imported", g->path);
		return -1;
	}
	g->cfg.path = xstrdup(g->path);
	g->root = json_loadb(g->text, g->len, 0, &jerr);
	if (!json_is_object(g->root))
		return -1;
	return 0;
}

static void
gh_free(struct gh *g)
{
	if (g->text != NULL) {
		sodium_memzero(g->text, g->len);
		free(g->text);
	}
	json_decref(g->root);
	if (g->cfg_loaded)
		config_free(&g->cfg);
}

/* Is there a vault key for `secret set` to use without creating one? */
static bool
vault_key_exists(const char *state_dir)
{
	char path[LIMIT_PATH];
	const char *f = getenv(VAULT_KEY_ENV), *creds = getenv("CREDENTIALS_DIRECTORY");

	if (f != NULL && f[0] != '\0')
		return access(f, R_OK) == 0;
	if (creds != NULL && creds[0] != '\0') {
		snprintf(path, sizeof(path), "%s/%s", creds, VAULT_CREDENTIAL);
		if (access(path, R_OK) == 0)
			return true;
	}
	snprintf(path, sizeof(path), "%s/%s", state_dir, VAULT_KEY_FILE);
	return access(path, R_OK) == 0;
}

static int
store_secrets(struct gh *g, struct plan *pl)
{
	char err[LIMIT_PATH + 256];
	struct store *st = NULL;
	struct vault *v = NULL;
	int rc = -1;

	if (pl->nsecrets == 0)
		return 0;
	if (store_open(g->cfg.state_dir, &st, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		return -1;
	}
	if (vault_open(st, g->cfg.state_dir, false, &v, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		goto out;
	}
	for (size_t i = 0; i < pl->nsecrets; i++)
		if (vault_set(v, pl->secrets[i].name, pl->secrets[i].value, strlen(pl->secrets[i].value), err,
		    sizeof(err)) != 0) {
			cli_error("%s", err);
			goto out;
		}
	rc = 0;
out:
	vault_close(v);
	store_close(st);
	return rc;
}

/* ---- commands ------------------------------------------------------------ */

/* Import the servers of one client (an id or a file). Exit status. */
static int
import_client(struct cli_ctx *ctx, const char *arg, bool dry_run, bool rewrite)
{
	struct plan *pl;
	struct client c;
	struct gh g;
	json_t *entry = NULL;
	int rc = 1, r;

	pl = xcalloc(1, sizeof(*pl));
	pl->dry_run = dry_run;
	if (secrets_init() != 0)
		fprintf(stderr, "gatehouse: the secret scanner could not start (%s); inline secrets are recognised by their names only\n",
		    hsdb_why("its patterns do not compile"));
	if (gh_load(ctx, &g) != 0) {
		gh_free(&g);
		free(pl);
		return 1;
	}
	if ((r = client_load(&c, arg, getenv("HOME"), false)) != 0) {
		client_free(&c);
		gh_free(&g);
		free(pl);
		return r == -2 ? EXIT_USAGE : 1;
	}
	pl->cfg = &g.cfg;
	pl->vault_key = vault_key_exists(g.cfg.state_dir);
	pl->servers = json_object_get(g.root, "mcpServers");
	if (pl->servers == NULL) {
		pl->servers = json_object();
		json_object_set_new(g.root, "mcpServers", pl->servers);
	}
	pl->kept_all = json_object();
	printf("importing the MCP servers of %s into %s%s\n", c.path, g.path, pl->dry_run ? " (dry run: nothing is changed)" : "");
	switch (c.layout) {
	case LAYOUT_VSCODE_MCP:
		import_container(pl, json_object_get(c.root, "servers"), "$.servers", "");
		break;
	case LAYOUT_VSCODE_SETTINGS:
		import_container(pl, json_object_get(json_object_get(c.root, "mcp"), "servers"), "$.mcp.servers", "");
		break;
	case LAYOUT_CLAUDE_CODE: {
		const char *proj;
		json_t *pv;
		char where[LIMIT_PATH + 64];
		import_container(pl, json_object_get(c.root, "mcpServers"), "$.mcpServers", "");
		json_object_foreach(json_object_get(c.root, "projects"), proj, pv) {
			if (json_object_get(pv, "mcpServers") == NULL)
				continue;
			snprintf(where, sizeof(where), "$.projects.%s.mcpServers", proj);
			printf(" project %s:\n", proj);
			import_container(pl, json_object_get(pv, "mcpServers"), where, proj);
		}
		break;
	}
	default:
		import_container(pl, json_object_get(c.root, "mcpServers"), "$.mcpServers", "");
		break;
	}
	if (pl->errors > 0)
		goto out;
	if (pl->added == 0)
		printf("nothing to add: %s is unchanged\n", g.path);
	if (rewrite && (entry = client_gatehouse_entry(&g.cfg, c.dialect, g.exists || pl->added ? g.path : NULL)) == NULL)
		goto out;
	if (pl->dry_run) {
		if (rewrite)
			printf("with --rewrite, %s would point at gatehouse only\n", c.path);
		rc = 0;
		goto out;
	}
	if (pl->added > 0) {
		/* Gatehouse's parser must accept the whole file before anything is written. */
		char *text = json_dumps(g.root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		struct config check;
		struct config_diag diag = { 0 };
		struct config_env env = { .home = getenv("HOME"), .base_dir = "/", .file_label = g.path };
		int ok = config_parse(text, strlen(text), &env, &check, &diag);
		for (size_t i = 0; i < diag.nerrors; i++)
			fprintf(stderr, "gatehouse: %s\n", diag.errors[i]);
		config_diag_free(&diag);
		config_free(&check);
		if (ok != 0) {
			cli_error("the merged configuration would not load; nothing was written");
			free(text);
			goto out;
		}
		if (store_secrets(&g, pl) != 0) {
			cli_error("the secrets could not be stored; nothing was written");
			free(text);
			goto out;
		}
		{
			size_t n = strlen(text);
			char *nl = xmalloc(n + 2);
			memcpy(nl, text, n);
			nl[n] = '\n';
			nl[n + 1] = '\0';
			free(text);
			text = nl;
		}
		r = client_replace_file(g.path, g.exists, g.text, g.len, text, 0600);
		sodium_memzero(text, strlen(text));
		free(text);
		if (r != 0)
			goto out;
		printf("%s: %zu server%s added\n", g.path, pl->added, pl->added == 1 ? "" : "s");
	}
	if (rewrite && client_write(&c, entry, pl->kept_all, false) != 0)
		goto out;
	rc = 0;
out:
	for (size_t i = 0; i < pl->nsecrets; i++) {
		sodium_memzero(pl->secrets[i].value, strlen(pl->secrets[i].value));
		free(pl->secrets[i].value);
	}
	json_decref(entry);
	json_decref(pl->kept_all);
	client_free(&c);
	gh_free(&g);
	free(pl);
	return rc;
}

/*
 * Without CLIENT, every client whose file exists is imported in turn, in the
 * order of clients_files (the first server of a name wins).
 */
int
cmd_import(struct cli_ctx *ctx)
{
	const char *arg = NULL, *home = getenv("HOME"), *done[16];
	bool rewrite = false, dry_run = false;
	char path[LIMIT_PATH];
	struct stat st;
	size_t ndone = 0;
	int rc = 0, r;

	for (int i = 0; i < ctx->argc; i++) {
		if (strcmp(ctx->argv[i], "--dry-run") == 0)
			dry_run = true;
		else if (strcmp(ctx->argv[i], "--rewrite") == 0)
			rewrite = true;
		else if (ctx->argv[i][0] == '-' || arg != NULL) {
			cli_error("unexpected argument \"%s\"; usage: gatehouse import [CLIENT|FILE] [--dry-run] [--rewrite]",
			    ctx->argv[i]);
			return EXIT_USAGE;
		} else
			arg = ctx->argv[i];
	}
	if (arg != NULL)
		return import_client(ctx, arg, dry_run, rewrite);
	if (home == NULL || home[0] != '/') {
		cli_error("HOME is not set to an absolute path; name the client's file to import");
		return 1;
	}
	for (size_t i = 0; i < clients_nfiles && ndone < sizeof(done) / sizeof(done[0]); i++) {
		const struct clients_file *cf = &clients_files[i];
		bool seen = false;
		for (size_t k = 0; k < ndone; k++)
			if (strcmp(done[k], cf->id) == 0)
				seen = true;
		if (seen || clients_find(cf->id, home, path, sizeof(path)) != cf || lstat(path, &st) != 0)
			continue;
		done[ndone++] = cf->id;
		if ((r = import_client(ctx, cf->id, dry_run, rewrite)) != 0)
			rc = r;
	}
	if (ndone == 0) {
		cli_error("no MCP client configuration was found in %s; name a client or a file", home);
		return 1;
	}
	return rc;
}

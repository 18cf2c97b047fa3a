/*
 * The client side of `gatehouse import --rewrite` and `gatehouse connect CLIENT
 * [--write]`: read a client's MCP file, build the one entry that points it at
 * gatehouse in its own spelling (clients_dialect; the token by reference only),
 * and change the client's servers container in place so that every other byte
 * of a file that belongs to another program stays as it was.
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
#include "../util/buf.h"
#include "../util/util.h"
#include "../vault/vault.h"
#include "cli.h"
#include "client_file.h"

#define IMPORT_BACKUP_TRIES  100   /* FILE.bak-TIME, FILE.bak-TIME.1, ... */

/* ---- the client file ----------------------------------------------------- */

static const char *
layout_container(enum clients_layout l)
{
	return l == LAYOUT_VSCODE_MCP ? "servers" : l == LAYOUT_VSCODE_SETTINGS ? "mcp.servers" : "mcpServers";
}

/* A file named on the command line: its shape from its keys, its dialect from
 * its name (a guess that only matters for --rewrite and connect). */
static void
guess_format(struct client *c)
{
	const char *base = strrchr(c->path, '/');

	base = base ? base + 1 : c->path;
	c->layout = LAYOUT_MCPSERVERS;
	if (json_object_get(c->root, "mcpServers") == NULL && json_is_object(json_object_get(c->root, "servers")))
		c->layout = LAYOUT_VSCODE_MCP;
	else if (json_is_object(json_object_get(json_object_get(c->root, "mcp"), "servers")))
		c->layout = LAYOUT_VSCODE_SETTINGS;
	else if (json_is_object(json_object_get(c->root, "projects")))
		c->layout = LAYOUT_CLAUDE_CODE;
	if (c->layout == LAYOUT_VSCODE_MCP || c->layout == LAYOUT_VSCODE_SETTINGS)
		c->dialect = DIALECT_VSCODE;
	else if (strcmp(base, "claude_desktop_config.json") == 0)
		c->dialect = DIALECT_CLAUDE_DESKTOP;
	else if (strcmp(base, ".claude.json") == 0 || strcmp(base, ".mcp.json") == 0)
		c->dialect = DIALECT_CLAUDE_CODE;
	else if (strcmp(base, "mcp_config.json") == 0)
		c->dialect = DIALECT_WINDSURF;
	else if (strstr(c->path, "/.gemini/") != NULL)
		c->dialect = DIALECT_GEMINI;
	else
		c->dialect = DIALECT_CURSOR;
}

/*
 * Read and parse the client's file. A file that does not parse is an error that
 * names the line, the column and the JSON path where it stops (never the text:
 * it may hold a secret). `missing_ok`: an absent file is an empty one (connect).
 */
int
client_load(struct client *c, const char *arg, const char *home, bool missing_ok)
{
	char err[LIMIT_PATH + 256], where[512];
	json_error_t jerr;

	memset(c, 0, sizeof(*c));
	if (strchr(arg, '/') == NULL && strchr(arg, '.') == NULL) {
		if (home == NULL || home[0] != '/') {
			cli_error("HOME is not set to an absolute path; name the client's file instead of \"%s\"", arg);
			return -1;
		}
		c->known = clients_find(arg, home, c->path, sizeof(c->path));
		if (c->known == NULL) {
			cli_error("unknown client \"%s\"; use claude-desktop, claude-code, cursor, vscode, windsurf, gemini or a file name", arg);
			return -2;
		}
		c->layout = c->known->layout;
		c->dialect = c->known->dialect;
	} else if ((size_t)snprintf(c->path, sizeof(c->path), "%s", arg) >= sizeof(c->path)) {
		cli_error("the file name is too long");
		return -1;
	}
	c->text = clients_read_file(c->path, NULL, &c->mode, &c->len, err, sizeof(err));
	if (c->text == NULL) {
		if (err[0] != '\0') {
			cli_error("%s", err);
			return -1;
		}
		if (!missing_ok) {
			cli_error("%s does not exist; %s", c->path, c->known ? "is the client installed, and has it an MCP server yet?" :
			    "check the file name");
			return -1;
		}
		c->text = xstrdup("{}\n");
		c->len = 3;
		c->mode = 0600;
		c->root = json_object();
		if (c->known == NULL)
			guess_format(c);
		return 0;
	}
	c->exists = true;
	clients_jsonc_strip(c->text, c->len);
	c->root = json_loadb(c->text, c->len, 0, &jerr);
	if (c->root == NULL) {
		clients_json_path_at(c->text, c->len, (size_t)jerr.position, where, sizeof(where));
		cli_error("%s is not valid JSON: it stops at line %d, column %d, in %s; fix the file (or restore its backup) and run again",
		    c->path, jerr.line, jerr.column, where);
		return -1;
	}
	if (!json_is_object(c->root)) {
		cli_error("%s: $ must be a JSON object", c->path);
		return -1;
	}
	if (c->known == NULL)
		guess_format(c);
	return 0;
}

void
client_free(struct client *c)
{
	if (c->text != NULL) {
		sodium_memzero(c->text, c->len);
		free(c->text);
	}
	json_decref(c->root);
}

/* ---- writing files ------------------------------------------------------- */

/* Appends past the buffer's maximum are dropped; out_take then says so. */
static void
out_append(struct buf *b, const char *p, size_t n)
{
	if (buf_append(b, p, n) != 0)
		b->max = 0;
}

/* The text built in b (the caller frees it), or NULL when it outgrew its maximum. */
static char *
out_take(struct buf *b)
{
	char *t;

	if (b->max == 0) {
		buf_free(b);
		return NULL;
	}
	t = xstrdup(buf_bytes(b));
	buf_free(b);
	return t;
}

/* Copy `path` to PATH.bak-UNIXTIME (0600), never over an existing backup. The
 * backup's name goes to out. */
static int
backup(const char *path, const char *text, size_t len, char *out, size_t cap)
{
	long long now = (long long)util_wall_seconds();
	struct stat st;

	for (int i = 0; i < IMPORT_BACKUP_TRIES; i++) {
		if (i == 0)
			snprintf(out, cap, "%s.bak-%lld", path, now);
		else
			snprintf(out, cap, "%s.bak-%lld.%d", path, now, i);
		if (lstat(out, &st) == 0)
			continue;
		if (util_write_file_private(out, text, len) != 0) {
			cli_error("could not write the backup %s: %s", out, strerror(errno));
			return -1;
		}
		return 0;
	}
	cli_error("could not find a free backup name beside %s", path);
	return -1;
}

/* Write `text` to `path` atomically with `mode` (after a backup of `old` when
 * the file exists). */
int
client_replace_file(const char *path, bool exists, const char *old, size_t oldlen, const char *text, mode_t mode)
{
	char bak[LIMIT_PATH + 64], dir[LIMIT_PATH], *slash;

	if (exists) {
		if (backup(path, old, oldlen, bak, sizeof(bak)) != 0)
			return -1;
		printf("backup: %s\n", bak);
	} else {
		snprintf(dir, sizeof(dir), "%s", path);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
			*slash = '\0';
			/* Bounded by the path's length: one level per '/'. */
			for (char *p = dir + 1; *p; p++)
				if (*p == '/') {
					*p = '\0';
					(void)mkdir(dir, 0700);
					*p = '/';
				}
			(void)mkdir(dir, 0700);
		}
	}
	if (util_write_file_private(path, text, strlen(text)) != 0) {
		cli_error("could not write %s: %s", path, strerror(errno));
		return -1;
	}
	if (chmod(path, mode & 0777) != 0) {
		cli_error("could not set the mode of %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* json_dumps with two-space indentation, each line after the first indented by
 * `indent` so that the value sits in the file as if written there. */
static char *
dump_indented(json_t *v, const char *indent)
{
	char *raw = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct buf sb;

	buf_init(&sb, CLIENT_CONFIG_MAX_BYTES);
	for (const char *p = raw; *p; p++) {
		out_append(&sb, p, 1);
		if (*p == '\n')
			out_append(&sb, indent, strlen(indent));
	}
	free(raw);
	return out_take(&sb);
}

/*
 * The client's text with the servers container at `keys` replaced by `value`
 * (inserted, with the objects leading to it, when missing). Every byte outside
 * that value is the file's own. NULL when the file's shape does not allow it.
 */
static char *
splice_container(const struct client *c, const char *const *keys, size_t nkeys, json_t *value, const char *orig)
{
	size_t s, e;
	int found = clients_json_find(c->text, c->len, keys, nkeys, &s, &e);
	char indent[64], *mid;
	struct buf sb;

	if (found < 0)
		return NULL;
	buf_init(&sb, CLIENT_CONFIG_MAX_BYTES + 65536);
	if ((size_t)found == nkeys) {
		clients_line_indent(c->text, s, indent, sizeof(indent));
		if ((mid = dump_indented(value, indent)) == NULL) {
			buf_free(&sb);
			return NULL;
		}
		out_append(&sb, orig, s);
		out_append(&sb, mid, strlen(mid));
		out_append(&sb, orig + e, c->len - e);
	} else {
		/* Insert "key": {...} right after the opening brace of the deepest
		 * object found, with the remaining keys as nested objects. */
		json_t *wrap = json_incref(value);
		bool empty = true;
		for (size_t i = nkeys - 1; i > (size_t)found; i--)
			wrap = json_pack("{so}", keys[i], wrap);
		for (size_t i = s + 1; i + 1 < e; i++)
			if (c->text[i] != ' ' && c->text[i] != '\t' && c->text[i] != '\n' && c->text[i] != '\r')
				empty = false;
		clients_line_indent(c->text, s, indent, sizeof(indent) - 2);
		{
			size_t n = strlen(indent);
			indent[n] = ' ';
			indent[n + 1] = ' ';
			indent[n + 2] = '\0';
		}
		mid = dump_indented(wrap, indent);
		json_decref(wrap);
		if (mid == NULL) {
			buf_free(&sb);
			return NULL;
		}
		out_append(&sb, orig, s + 1);
		out_append(&sb, "\n", 1);
		out_append(&sb, indent, strlen(indent));
		out_append(&sb, "\"", 1);
		out_append(&sb, keys[found], strlen(keys[found]));
		out_append(&sb, "\": ", 3);
		out_append(&sb, mid, strlen(mid));
		if (empty) {
			out_append(&sb, "\n", 1);
			out_append(&sb, orig + e - 1, c->len - (e - 1));
		} else {
			out_append(&sb, ",", 1);
			out_append(&sb, orig + s + 1, c->len - (s + 1));
		}
	}
	free(mid);
	return out_take(&sb);
}

/* ---- the gatehouse entry ------------------------------------------------- */

/* http(s)://HOST:PORT/mcp of the first listener a client can reach. */
static int
gateway_url(const struct config *cfg, char *out, size_t cap)
{
	const struct listen_addr *l = NULL;
	char host[300];
	const char *text, *colon;

	for (size_t i = 0; i < cfg->nlisten && l == NULL; i++)
		if (cfg->listen[i].kind == LISTEN_TCP)
			l = &cfg->listen[i];
	if (l == NULL) {
		cli_error("the configuration has no TCP listener for an HTTP client; add one to \"listen\", or connect claude-desktop (stdio)");
		return -1;
	}
	text = l->text;
	colon = strrchr(text, ':');
	if (colon == NULL || colon == text) {
		cli_error("cannot read the listener \"%s\"", text);
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - text), text);
	if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "") == 0)
		snprintf(host, sizeof(host), "%s", cfg->npublic_hosts > 0 && cfg->tls_cert ? cfg->public_hosts[0] : "127.0.0.1");
	else if (strcmp(host, "[::]") == 0)
		snprintf(host, sizeof(host), "[::1]");
	if (strcmp(colon + 1, "0") == 0) {
		cli_error("the first listener \"%s\" has port 0 (chosen at start); give it a fixed port", text);
		return -1;
	}
	snprintf(out, cap, "%s://%s:%s/mcp", cfg->tls_cert ? "https" : "http", host, colon + 1);
	return 0;
}

/* The one entry a client needs, in its own dialect. */
json_t *
client_gatehouse_entry(const struct config *cfg, enum clients_dialect d, const char *config_path)
{
	char url[600], self[LIMIT_PATH];
	const char *auth;
	ssize_t n;

	if (d == DIALECT_CLAUDE_DESKTOP) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			snprintf(self, sizeof(self), "gatehouse");
		else
			self[n] = '\0';
		if (config_path != NULL)
			return json_pack("{sss[sss]}", "command", self, "args", "--config", config_path, "stdio");
		return json_pack("{sss[s]}", "command", self, "args", "stdio");
	}
	if (gateway_url(cfg, url, sizeof(url)) != 0)
		return NULL;
	auth = d == DIALECT_CLAUDE_CODE || d == DIALECT_GEMINI ? "Bearer ${GATEHOUSE_TOKEN}" :
	    "Bearer ${env:GATEHOUSE_TOKEN}";
	switch (d) {
	case DIALECT_CLAUDE_CODE:
	case DIALECT_VSCODE:
		return json_pack("{sssss{ss}}", "type", "http", "url", url, "headers", "Authorization", auth);
	case DIALECT_WINDSURF:
		return json_pack("{sss{ss}}", "serverUrl", url, "headers", "Authorization", auth);
	case DIALECT_GEMINI:
		return json_pack("{sss{ss}}", "httpUrl", url, "headers", "Authorization", auth);
	default:
		return json_pack("{sss{ss}}", "url", url, "headers", "Authorization", auth);
	}
}

/*
 * Point the client at gatehouse: each servers container of the file becomes
 * its entries in `kept` plus the gatehouse entry (Claude Code's project containers only keep
 * theirs). `merge` (connect --write): the container keeps its other servers.
 */
int
client_write(struct client *c, json_t *entry, json_t *kept, bool merge)
{
	static const char *const k_mcp[] = { "mcpServers" }, *const k_vs[] = { "servers" },
	    *const k_vss[] = { "mcp", "servers" };
	const char *const *keys = c->layout == LAYOUT_VSCODE_MCP ? k_vs :
	    c->layout == LAYOUT_VSCODE_SETTINGS ? k_vss : k_mcp;
	size_t nkeys = c->layout == LAYOUT_VSCODE_SETTINGS ? 2 : 1;
	json_t *cur = c->root, *container;
	char *orig, *text, *next;
	size_t origlen = c->len;
	int rc = -1;

	for (size_t i = 0; i < nkeys && cur != NULL; i++)
		cur = json_object_get(cur, keys[i]);
	if (merge && json_is_object(cur))
		container = json_deep_copy(cur);
	else if (json_is_object(json_object_get(kept, "")))
		container = json_deep_copy(json_object_get(kept, ""));
	else
		container = json_object();
	json_object_set(container, "gatehouse", entry);
	/* The original bytes, comments included, for everything outside the edit. */
	if (c->exists) {
		char err[LIMIT_PATH + 128];
		mode_t m;
		orig = clients_read_file(c->path, NULL, &m, &origlen, err, sizeof(err));
		if (orig == NULL || origlen != c->len) {
			cli_error("%s changed while it was being read; run again", c->path);
			free(orig);
			json_decref(container);
			return -1;
		}
	} else {
		orig = xstrdup(c->text);
	}
	text = splice_container(c, keys, nkeys, container, orig);
	json_decref(container);
	if (text == NULL) {
		cli_error("%s: %s is not where it can be changed; edit the file by hand", c->path,
		    layout_container(c->layout));
		goto out;
	}
	/* Claude Code: the servers of each project go too, unless kept. */
	if (c->layout == LAYOUT_CLAUDE_CODE && !merge) {
		const char *proj;
		json_t *pv;
		json_object_foreach(json_object_get(c->root, "projects"), proj, pv) {
			const char *pk[3] = { "projects", proj, "mcpServers" };
			json_t *ps = json_object_get(pv, "mcpServers"), *keep = json_object();
			const char *sk;
			json_t *sv;
			struct client tmp = *c;
			if (json_object_size(ps) == 0) {
				json_decref(keep);
				continue;
			}
			json_object_foreach(ps, sk, sv)
				if (json_object_get(json_object_get(kept, proj), sk) != NULL)
					json_object_set(keep, sk, sv);
			/* Scan the current text again: offsets moved with the last edit. */
			tmp.text = xstrdup(text);
			tmp.len = strlen(text);
			clients_jsonc_strip(tmp.text, tmp.len);
			next = splice_container(&tmp, pk, 3, keep, text);
			free(tmp.text);
			json_decref(keep);
			if (next == NULL) {
				cli_error("%s: $.projects.%s.mcpServers is not where it can be changed; edit the file by hand",
				    c->path, proj);
				free(text);
				goto out;
			}
			free(text);
			text = next;
		}
	}
	/* What is written must parse as what was meant. */
	{
		char *check = xstrdup(text);
		json_t *again;
		clients_jsonc_strip(check, strlen(check));
		again = json_loads(check, 0, NULL);
		free(check);
		if (!json_is_object(again)) {
			cli_error("internal error: the rewritten %s would not parse; nothing was changed", c->path);
			json_decref(again);
			free(text);
			goto out;
		}
		json_decref(again);
	}
	if (c->exists && strlen(text) == origlen && memcmp(text, orig, origlen) == 0) {
		printf("%s already points at gatehouse; unchanged\n", c->path);
		rc = 0;
	} else {
		rc = client_replace_file(c->path, c->exists, orig, origlen, text, c->exists ? c->mode : 0600);
		if (rc == 0)
			printf("%s now points at gatehouse\n", c->path);
	}
	sodium_memzero(text, strlen(text));
	free(text);
out:
	sodium_memzero(orig, origlen);
	free(orig);
	return rc;
}

/* ---- connect ------------------------------------------------------------- */

int
cmd_connect(struct cli_ctx *ctx)
{
	const char *arg = NULL;
	bool write = false;
	struct client c;
	struct config cfg;
	json_t *entry, *doc;
	char *text;
	int rc = 1, r;

	for (int i = 0; i < ctx->argc; i++) {
		if (strcmp(ctx->argv[i], "--write") == 0)
			write = true;
		else if (ctx->argv[i][0] == '-' || arg != NULL) {
			cli_error("unexpected argument \"%s\"; usage: gatehouse connect CLIENT [--write]", ctx->argv[i]);
			return EXIT_USAGE;
		} else
			arg = ctx->argv[i];
	}
	if (arg == NULL) {
		cli_error("name the client: claude-desktop, claude-code, cursor, vscode, windsurf or gemini");
		return EXIT_USAGE;
	}
	if ((r = client_load(&c, arg, getenv("HOME"), true)) != 0) {
		client_free(&c);
		return r == -2 ? EXIT_USAGE : 1;
	}
	if (cli_load_config(ctx, &cfg) != 0) {
		config_free(&cfg);
		client_free(&c);
		return 1;
	}
	entry = client_gatehouse_entry(&cfg, c.dialect, cfg.path);
	if (entry == NULL)
		goto out;
	if (write) {
		rc = client_write(&c, entry, NULL, true) == 0 ? 0 : 1;
	} else {
		doc = c.layout == LAYOUT_VSCODE_MCP || c.layout == LAYOUT_VSCODE_SETTINGS ?
		    json_pack("{s{sO}}", "servers", "gatehouse", entry) : json_pack("{s{sO}}", "mcpServers", "gatehouse", entry);
		text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", text);
		free(text);
		json_decref(doc);
		rc = 0;
	}
	if (rc == 0 && c.dialect != DIALECT_CLAUDE_DESKTOP)
		fprintf(stderr, "gatehouse: %s %s; the client needs GATEHOUSE_TOKEN in its environment, e.g. "
		    "export GATEHOUSE_TOKEN=$(cat %s/default.token)\n", write ? "wrote the entry into" : "add this entry to",
		    c.path, cfg.state_dir);
out:
	json_decref(entry);
	config_free(&cfg);
	client_free(&c);
	return rc;
}

/*
 * The MCP client configurations in the user's home (DESIGN.md section 8):
 * Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI. The same
 * mistakes the config checks look for in gatehouse.json, in the files the user's
 * agents actually start servers from: secrets written inline, shell wrappers,
 * unpinned packages, plain-HTTP remotes, servers that bypass gatehouse, and a file
 * other users can read.
 *
 * Read only. These files belong to other programs: they are reported, never
 * changed, even with --fix. Evidence names the file, the server and what kind of
 * thing was seen, never a secret itself (at most the few characters that name
 * its format, as "sk-p").
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "../net/addr.h"
#include "../clients/clients.h"
#include "../secrets/scan.h"
#include "../util/util.h"
#include "../util/hsdb.h"
#include "audit.h"

/* Caps of this check family. ~/.claude.json also holds Claude Code's project
 * history, so it may be a few MiB. */

/* One client file being examined. */
struct cfile {
	const struct audit_opts *o;
	struct report           *r;
	const char              *path;
	mode_t                   mode;
	bool                     exposed;       /* other users can read it now */
	size_t                   nfindings;
	json_t                  *skip[64];      /* server maps, examined entry by entry */
	size_t                   nskip;
};

/* ---- reading ------------------------------------------------------------- */


/* ---- what a value is ------------------------------------------------------- */

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct first_match {
	const char *name;
	size_t      start, end;
	int         n;
};

static int
keep_first(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct first_match *m = arg;

	(void)rule_id;
	if (m->n++ == 0 || start < m->start) {
		m->name = name;
		m->start = start;
		m->end = end;
	}
	return 0;
}

static void
add(struct cfile *f, const char *id, int severity, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
add(struct cfile *f, const char *id, int severity, const char *where, const char *fmt, ...)
{
	char evidence[1024];
	va_list ap;

	if (f->nfindings++ == CLIENT_MAX_FINDINGS) {
		audit_note(f->r, "%s: more than %d findings; the rest are not listed", f->path,
		    CLIENT_MAX_FINDINGS);
		return;
	}
	if (f->nfindings > CLIENT_MAX_FINDINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(evidence, sizeof(evidence), fmt, ap);
	va_end(ap);
	audit_add(f->r, id, severity, where, "%s", evidence);
}

static int
secret_severity(const struct cfile *f)
{
	return f->exposed ? SEV_CRITICAL : SEV_WARN;
}

/*
 * One value the client passes to a server (env value, header, argument, URL):
 * a known key format anywhere in it, or a literal under a name that says it is
 * a credential. `what` names it for the evidence ("env OPENAI_API_KEY").
 */
static bool
check_value(struct cfile *f, const char *where, const char *what, const char *name,
    const char *value)
{
	struct first_match m = { 0 };
	char prefix[8];

	if (secrets_scan(value, strlen(value), keep_first, &m) > 0) {
		size_t k = m.end - m.start < 4 ? m.end - m.start : 4;
		memcpy(prefix, value + m.start, k);
		prefix[k] = '\0';
		add(f, "GH-CLI-001", secret_severity(f), where, "%s holds %s %s (%s...)%s", what,
		    m.n > 1 ? "secrets, first" : "a secret:", m.name, prefix,
		    f->exposed ? "; the file is readable by other users" : "");
		return true;
	}
	if (name != NULL && clients_name_looks_secret(name) && clients_value_is_literal(value)) {
		add(f, "GH-CLI-001", secret_severity(f), where,
		    "%s holds a literal value of %zu characters, not a ${VAR} reference%s", what,
		    strlen(value), f->exposed ? "; the file is readable by other users" : "");
		return true;
	}
	return false;
}

/* ---- URLs ------------------------------------------------------------------ */

/* Plain http:// (or ws://) to a host other than loopback? Scheme, host and port
 * (never the user, password, path or query) go to hostport. */
static bool
url_plain_public(const char *s, char *hostport, size_t cap)
{
	struct clients_url u;

	if (clients_url_split(s, &u) != 0 || (strcmp(u.scheme, "http") != 0 && strcmp(u.scheme, "ws") != 0))
		return false;
	if (clients_host_is_loopback(u.host))
		return false;
	snprintf(hostport, cap, "%s://%s%s%s:%d", u.scheme, strchr(u.host, ':') ? "[" : "", u.host,
	    strchr(u.host, ':') ? "]" : "", u.port);
	return true;
}

/* A credential in a URL's query string: ?api_key=LITERAL. */
static void
check_query(struct cfile *f, const char *where, const char *field, const char *u)
{
	const char *q = strchr(u, '?');
	char name[128], value[LIMIT_CONFIG_STRING], what[256];

	while (q != NULL && *q != '\0' && *q != '#') {
		size_t n = strcspn(++q, "=&#"), vn;
		if (n == 0 || n >= sizeof(name) || q[n] != '=') {
			q = strpbrk(q, "&#");
			continue;
		}
		memcpy(name, q, n);
		name[n] = '\0';
		vn = strcspn(q + n + 1, "&#");
		if (vn < sizeof(value)) {
			memcpy(value, q + n + 1, vn);
			value[vn] = '\0';
			snprintf(what, sizeof(what), "query parameter %s of \"%s\"", name, field);
			if (check_value(f, where, what, name, value))
				return;
		}
		q = strpbrk(q + n + 1, "&#");
	}
}

/* ---- one server ------------------------------------------------------------ */

/* Split a shell script into at most `max` words on blanks, dropping quotes. */
static size_t
split_words(const char *s, char *buf, size_t cap, char **words, size_t max)
{
	size_t n = 0, o = 0;

	while (*s && n < max && o + 1 < cap) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == ';' || *s == '&' || *s == '|')
			s++;
		if (*s == '\0')
			break;
		words[n++] = buf + o;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != ';' && *s != '&' &&
		    *s != '|' && o + 1 < cap) {
			if (*s != '"' && *s != '\'')
				buf[o++] = *s;
			s++;
		}
		buf[o++] = '\0';
	}
	return n;
}

/* Unpinned npx / uvx / pipx run anywhere in a list of words. */
static const char *
unpinned_in(char **words, size_t n, const char **runner)
{
	for (size_t i = 0; i < n; i++) {
		const char *b = base_name(words[i]);
		if (strcmp(b, "npx") == 0 || strcmp(b, "uvx") == 0 || strcmp(b, "pipx") == 0) {
			const char *pkg = audit_unpinned_package(words[i], words + i + 1, n - i - 1);
			if (pkg != NULL) {
				*runner = b;
				return pkg;
			}
		}
	}
	return NULL;
}

static const char *const url_keys[] = { "url", "httpUrl", "serverUrl", NULL };

static void
check_server(struct cfile *f, const char *where, json_t *srv)
{
	const struct audit_opts *o = f->o;
	json_t *jargs = json_object_get(srv, "args"), *v;
	const char *command = json_string_value(json_object_get(srv, "command"));
	const char *key, *pkg, *runner = NULL;
	char what[256], hostport[300], *argv[LIMIT_CONFIG_ARGS], words_buf[4096], *words[CLIENT_ARG_TOKENS];
	size_t nargs = 0, i, nwords;
	bool gatehouse = false, has_url = false;

	if (json_is_array(jargs))
		json_array_foreach(jargs, i, v)
			if (json_is_string(v) && nargs < LIMIT_CONFIG_ARGS)
				argv[nargs++] = (char *)json_string_value(v);

	/* Inline secrets: env values, headers, arguments, URLs. */
	json_object_foreach(json_object_get(srv, "env"), key, v)
		if (json_is_string(v)) {
			snprintf(what, sizeof(what), "env %s", key);
			check_value(f, where, what, key, json_string_value(v));
		}
	json_object_foreach(json_object_get(srv, "headers"), key, v)
		if (json_is_string(v)) {
			snprintf(what, sizeof(what), "header %s", key);
			check_value(f, where, what, key, json_string_value(v));
		}
	for (i = 0; i < nargs; i++) {
		const char *a = argv[i], *eq;
		char flag[128];
		snprintf(what, sizeof(what), "argument %zu", i + 1);
		if (check_value(f, where, what, NULL, a))
			continue;
		/* --api-key=VALUE, or --api-key VALUE */
		if (a[0] != '-')
			continue;
		eq = strchr(a, '=');
		snprintf(flag, sizeof(flag), "%.*s", (int)(eq ? (size_t)(eq - a) : strlen(a)), a);
		if (!clients_name_looks_secret(flag))
			continue;
		snprintf(what, sizeof(what), "argument %s", flag);
		if (eq != NULL)
			check_value(f, where, what, flag, eq + 1);
		else if (i + 1 < nargs && argv[i + 1][0] != '-' && check_value(f, where, what, flag, argv[i + 1]))
			i++;
	}
	for (i = 0; url_keys[i]; i++) {
		const char *u = json_string_value(json_object_get(srv, url_keys[i]));
		if (u == NULL)
			continue;
		has_url = true;
		snprintf(what, sizeof(what), "\"%s\"", url_keys[i]);
		if (!check_value(f, where, what, NULL, u))
			check_query(f, where, url_keys[i], u);
		if (url_plain_public(u, hostport, sizeof(hostport)))
			add(f, "GH-CLI-004", -1, where, "\"%s\" is plain HTTP to %s", url_keys[i], hostport);
		if (clients_url_is_gatehouse(o->cfg, u))
			gatehouse = true;
	}

	if (command != NULL) {
		const char *cmd = command;
		/* "command": "npx -y pkg" with no args: look at its words. */
		char cmd_buf[1024], *cmd_words[CLIENT_ARG_TOKENS];
		size_t ncmd = 0;
		if (nargs == 0 && strchr(command, ' ') != NULL) {
			ncmd = split_words(command, cmd_buf, sizeof(cmd_buf), cmd_words, CLIENT_ARG_TOKENS);
			if (ncmd > 0) {
				cmd = cmd_words[0];
				for (i = 1; i < ncmd && nargs < LIMIT_CONFIG_ARGS; i++)
					argv[nargs++] = cmd_words[i];
			}
		}
		if (audit_is_shell_wrapper(cmd, argv, nargs)) {
			add(f, "GH-CLI-002", -1, where, "command \"%s\" runs a script with -c", base_name(cmd));
			/* What the script starts: an unpinned package inside it counts too. */
			for (i = 0; i < nargs; i++) {
				if (argv[i][0] == '-')
					continue;
				nwords = split_words(argv[i], words_buf, sizeof(words_buf), words, CLIENT_ARG_TOKENS);
				if ((pkg = unpinned_in(words, nwords, &runner)) != NULL)
					add(f, "GH-CLI-003", -1, where, "the %s -c script runs %s \"%s\" without a version",
					    base_name(cmd), runner, pkg);
			}
		} else if ((pkg = audit_unpinned_package(cmd, argv, nargs)) != NULL) {
			add(f, "GH-CLI-003", -1, where, "%s runs \"%s\" without a version", base_name(cmd), pkg);
		}
		if (strcmp(base_name(cmd), "gatehouse") == 0)
			for (i = 0; i < nargs; i++)
				if (strcmp(argv[i], "stdio") == 0)
					gatehouse = true;
		/* mcp-remote and similar bridges name the remote URL as an argument. */
		for (i = 0; i < nargs; i++) {
			if (clients_url_is_gatehouse(o->cfg, argv[i]))
				gatehouse = true;
			else if (url_plain_public(argv[i], hostport, sizeof(hostport)))
				add(f, "GH-CLI-004", -1, where, "argument %zu is plain HTTP to %s", i + 1, hostport);
		}
	}
	if (!gatehouse && (command != NULL || has_url)) {
		if (command != NULL)
			add(f, "GH-CLI-005", -1, where, "starts \"%s\" directly", base_name(command));
		else
			add(f, "GH-CLI-005", -1, where, "connects to the server directly, not to gatehouse");
	}
}

static void
check_servers(struct cfile *f, json_t *servers, const char *scope)
{
	char where[LIMIT_PATH + 512];
	const char *name;
	json_t *srv;

	if (!json_is_object(servers))
		return;
	if (f->nskip < sizeof(f->skip) / sizeof(f->skip[0]))
		f->skip[f->nskip++] = servers;
	json_object_foreach(servers, name, srv) {
		if (!json_is_object(srv))
			continue;
		if (scope != NULL)
			snprintf(where, sizeof(where), "%s: project %s: server %s", f->path, scope, name);
		else
			snprintf(where, sizeof(where), "%s: server %s", f->path, name);
		check_server(f, where, srv);
	}
}

/* ---- stray secrets elsewhere in the file ----------------------------------- */

struct walk {
	struct cfile *f;
	size_t        nodes;
	int           found;
	const char   *first_rule;
	char          first_path[512];
};

static void
path_append(char *out, size_t cap, const char *base, const char *key, size_t index, bool is_index)
{
	if (is_index)
		snprintf(out, cap, "%s[%zu]", base, index);
	else
		snprintf(out, cap, "%s.%s", base, key);
}

static void
walk_json(struct walk *w, json_t *j, const char *path, int depth)
{
	char sub[512];
	const char *key;
	json_t *v;
	size_t i;

	if (w->nodes++ >= CLIENT_JSON_MAX_NODES || depth > CLIENT_JSON_MAX_DEPTH)
		return;
	for (i = 0; i < w->f->nskip; i++)
		if (w->f->skip[i] == j)
			return;
	if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			path_append(sub, sizeof(sub), path, key, 0, false);
			walk_json(w, v, sub, depth + 1);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			path_append(sub, sizeof(sub), path, NULL, i, true);
			walk_json(w, v, sub, depth + 1);
		}
	} else if (json_is_string(j)) {
		struct first_match m = { 0 };
		if (secrets_scan(json_string_value(j), json_string_length(j), keep_first, &m) > 0) {
			if (w->found == 0) {
				w->first_rule = m.name;
				snprintf(w->first_path, sizeof(w->first_path), "%s", path);
			}
			w->found += m.n;
		}
	}
}

/* ---- one file ---------------------------------------------------------------- */

static void
check_file(const struct audit_opts *o, struct report *r, const struct clients_file *cf)
{
	char path[LIMIT_PATH], dir[LIMIT_PATH], rerr[LIMIT_PATH + 128];
	struct cfile f = { .o = o, .r = r, .path = path };
	json_error_t jerr;
	json_t *root, *projects, *v;
	const char *key;
	char *buf;
	size_t len;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->home, cf->path) >= sizeof(path))
		return;
	buf = clients_read_file(path, o->home, &f.mode, &len, rerr, sizeof(rerr));
	if (buf == NULL) {
		if (rerr[0] != '\0')
			audit_add(r, "GH-FILE-007", -1, path, "%s", rerr);
		return;
	}
	audit_parent_dir(path, dir, sizeof(dir));
	f.exposed = (f.mode & 044) != 0 && audit_others_can_reach(dir);
	if (f.mode & 077)
		add(&f, "GH-CLI-006", -1, path, "%s configuration, mode %04o%s",
		    cf->client, (unsigned)f.mode,
		    f.exposed ? "; other users can reach it" : "");
	clients_jsonc_strip(buf, len);
	root = json_loadb(buf, len, 0, &jerr);
	/* The text is gone before anything else runs; it may hold secrets. */
	explicit_bzero(buf, len);
	free(buf);
	if (!json_is_object(root)) {
		/* jerr.text may quote the file; only the position is safe to show. */
		audit_add(r, "GH-FILE-007", -1, path, "could not parse the %s configuration near line %d, "
		    "column %d; its servers were not checked", cf->client, jerr.line, jerr.column);
		json_decref(root);
		return;
	}
	switch (cf->layout) {
	case LAYOUT_MCPSERVERS:
		check_servers(&f, json_object_get(root, "mcpServers"), NULL);
		break;
	case LAYOUT_CLAUDE_CODE:
		check_servers(&f, json_object_get(root, "mcpServers"), NULL);
		projects = json_object_get(root, "projects");
		json_object_foreach(projects, key, v)
			if (json_is_object(v))
				check_servers(&f, json_object_get(v, "mcpServers"), key);
		break;
	case LAYOUT_VSCODE_MCP:
		check_servers(&f, json_object_get(root, "servers"), NULL);
		break;
	case LAYOUT_VSCODE_SETTINGS:
		check_servers(&f, json_object_get(json_object_get(root, "mcp"), "servers"), NULL);
		break;
	}
	/* Secrets outside the server entries (an API key the client saved, a key
	 * pasted into a prompt that the client keeps in its history). */
	struct walk w = { .f = &f };
	walk_json(&w, root, "$", 0);
	if (w.found > 0)
		add(&f, "GH-CLI-001", secret_severity(&f), path,
		    "%d secret%s outside the MCP server entries, first a %s at %s%s", w.found,
		    w.found > 1 ? "s" : "", w.first_rule, w.first_path,
		    f.exposed ? "; the file is readable by other users" : "");
	json_decref(root);
}

void
audit_clients(const struct audit_opts *o, struct report *r)
{
	if (o->home == NULL || o->home[0] != '/') {
		audit_note(r, "HOME is not set to an absolute path; the MCP client configurations were not checked");
		return;
	}
	if (secrets_init() != 0)
		audit_note(r, "the secret scanner could not start (%s); client configurations were checked by key names only",
		    hsdb_why("its patterns do not compile"));
	for (size_t i = 0; i < clients_nfiles; i++)
		check_file(o, r, &clients_files[i]);
}

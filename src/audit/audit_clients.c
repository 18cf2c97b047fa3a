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
#include "../secrets/scan.h"
#include "../util/util.h"
#include "audit.h"

/* Caps of this check family. ~/.claude.json also holds Claude Code's project
 * history, so it may be a few MiB. */

/* Pure, exposed for the unit tests (tests/unit/audit/test_clients.c). */
size_t audit_jsonc_strip(char *buf, size_t len);

/* Where a client keeps its servers. */
enum layout {
	LAYOUT_MCPSERVERS,      /* {"mcpServers": {NAME: {...}}} */
	LAYOUT_CLAUDE_CODE,     /* the same, and {"projects": {PATH: {"mcpServers": ...}}} */
	LAYOUT_VSCODE_MCP,      /* {"servers": {NAME: {...}}} */
	LAYOUT_VSCODE_SETTINGS, /* {"mcp": {"servers": {NAME: {...}}}} */
};

struct client_file {
	const char *client;
	const char *path;       /* relative to the home directory */
	enum layout layout;
};

static const struct client_file client_files[] = {
	{ "Claude Desktop", ".config/Claude/claude_desktop_config.json",                 LAYOUT_MCPSERVERS },
	{ "Claude Desktop", "Library/Application Support/Claude/claude_desktop_config.json", LAYOUT_MCPSERVERS },
	{ "Claude Code",    ".claude.json",                                              LAYOUT_CLAUDE_CODE },
	{ "Claude Code",    ".claude/settings.json",                                     LAYOUT_MCPSERVERS },
	{ "Cursor",         ".cursor/mcp.json",                                          LAYOUT_MCPSERVERS },
	{ "VS Code",        ".config/Code/User/mcp.json",                                LAYOUT_VSCODE_MCP },
	{ "VS Code",        ".config/Code/User/settings.json",                           LAYOUT_VSCODE_SETTINGS },
	{ "VS Code",        "Library/Application Support/Code/User/mcp.json",            LAYOUT_VSCODE_MCP },
	{ "VS Code",        "Library/Application Support/Code/User/settings.json",       LAYOUT_VSCODE_SETTINGS },
	{ "Windsurf",       ".codeium/windsurf/mcp_config.json",                         LAYOUT_MCPSERVERS },
	{ "Gemini CLI",     ".gemini/settings.json",                                     LAYOUT_MCPSERVERS },
};
#define NCLIENT_FILES (sizeof(client_files) / sizeof(client_files[0]))

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

/*
 * JSON with comments (VS Code's settings.json and mcp.json): blank out // and
 * block comments outside strings, and commas that trail the last member of an
 * object or array, so that a strict parser accepts the rest. Every removed byte
 * becomes a space (newlines stay), so offsets and line numbers do not move.
 * Returns the number of bytes blanked.
 */
size_t
audit_jsonc_strip(char *buf, size_t len)
{
	size_t i = 0, blanked = 0, comma = SIZE_MAX;

	while (i < len) {
		char c = buf[i];
		if (c == '"') {
			comma = SIZE_MAX;
			for (i++; i < len && buf[i] != '"'; i++)
				if (buf[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (c == '/' && i + 1 < len && buf[i + 1] == '/') {
			for (; i < len && buf[i] != '\n'; i++, blanked++)
				buf[i] = ' ';
		} else if (c == '/' && i + 1 < len && buf[i + 1] == '*') {
			buf[i++] = ' ';
			buf[i++] = ' ';
			blanked += 2;
			while (i < len && !(buf[i] == '*' && i + 1 < len && buf[i + 1] == '/')) {
				if (buf[i] != '\n') {
					buf[i] = ' ';
					blanked++;
				}
				i++;
			}
			for (int k = 0; k < 2 && i < len; k++, i++, blanked++)
				buf[i] = ' ';
		} else if (c == ',') {
			comma = i++;
		} else if (c == '}' || c == ']') {
			if (comma != SIZE_MAX) {
				buf[comma] = ' ';
				blanked++;
			}
			comma = SIZE_MAX;
			i++;
		} else {
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				comma = SIZE_MAX;
			i++;
		}
	}
	return blanked;
}

/* ---- reading ------------------------------------------------------------- */


/* Is `path` (resolved) inside `home` (resolved)? */
static bool
inside(const char *path, const char *home)
{
	size_t n = strlen(home);

	return strncmp(path, home, n) == 0 && (path[n] == '/' || path[n] == '\0' || strcmp(home, "/") == 0);
}

/*
 * Read a client file: a regular file of at most CLIENT_CONFIG_MAX_BYTES. A
 * symbolic link is followed only when it stays inside the home directory
 * (dotfile managers link configs there); else the file is skipped with a note.
 * Returns NULL when the file is absent or unreadable (with a note for anything
 * but "absent"), and its mode in *mode.
 */
static char *
read_client_file(const struct audit_opts *o, struct report *r, const char *path, mode_t *mode,
    size_t *len)
{
	struct stat st;
	char resolved[LIMIT_PATH], home[LIMIT_PATH];
	const char *target = path;
	char *buf;
	ssize_t got;
	size_t off = 0;
	int fd;

	if (lstat(path, &st) != 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			audit_note(r, "could not examine %s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		if (realpath(path, resolved) == NULL)
			return NULL;
		if (realpath(o->home, home) == NULL || !inside(resolved, home)) {
			audit_note(r, "skipped %s: it is a symbolic link to %s, outside the home directory",
			    path, resolved);
			return NULL;
		}
		target = resolved;
	}
	fd = open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		audit_note(r, "could not read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		audit_note(r, "skipped %s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size > CLIENT_CONFIG_MAX_BYTES) {
		audit_note(r, "skipped %s: larger than %d MiB", path, CLIENT_CONFIG_MAX_BYTES >> 20);
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		got = read(fd, buf + off, (size_t)st.st_size - off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		off += (size_t)got;
	}
	close(fd);
	buf[off] = '\0';
	*mode = st.st_mode & 07777;
	*len = off;
	return buf;
}

/* ---- what a value is ------------------------------------------------------- */

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* A name that says its value is a credential: API_KEY, GITHUB_TOKEN, Authorization... */
static bool
name_looks_secret(const char *name)
{
	static const char *const words[] = {
		"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "APIKEY", "API_KEY",
		"API-KEY", "ACCESS_KEY", "PRIVATE_KEY", "AUTHORIZATION", "COOKIE", "SESSION_KEY", NULL,
	};
	static const char *const not_values[] = { "_FILE", "_PATH", "_DIR", "_URL", "_ENDPOINT", NULL };
	char up[128];
	size_t n = strlen(name);

	if (n == 0 || n >= sizeof(up))
		return false;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)((name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i]);
	for (size_t i = 0; not_values[i]; i++) {
		size_t k = strlen(not_values[i]);
		if (n > k && strcmp(up + n - k, not_values[i]) == 0)
			return false;
	}
	for (size_t i = 0; words[i]; i++)
		if (strstr(up, words[i]) != NULL)
			return true;
	/* FOO_KEY, FOO-KEY, KEY */
	return strcmp(up, "KEY") == 0 || (n > 4 && (strcmp(up + n - 4, "_KEY") == 0 ||
	    strcmp(up + n - 4, "-KEY") == 0));
}

/*
 * A literal credential, as opposed to a reference the client resolves when it
 * starts the server (${VAR}, ${env:VAR}, ${input:id}, $VAR, %VAR%), a path, a
 * placeholder ("<your key>", "YOUR_API_KEY") or a short flag value.
 */
static bool
value_is_literal(const char *v)
{
	static const char *const schemes[] = { "Bearer ", "Basic ", "Token ", "token ", "bearer ", NULL };

	for (size_t i = 0; schemes[i]; i++)
		if (strncmp(v, schemes[i], strlen(schemes[i])) == 0) {
			v += strlen(schemes[i]);
			break;
		}
	while (*v == ' ')
		v++;
	if (strlen(v) < 8 || strstr(v, "${") != NULL || v[0] == '$' || v[0] == '%' || v[0] == '<' ||
	    v[0] == '/' || v[0] == '~' || v[0] == '.' || strncasecmp(v, "your", 4) == 0 ||
	    strncasecmp(v, "changeme", 8) == 0 || strchr(v, ' ') != NULL)
		return false;
	if (strncasecmp(v, "http://", 7) == 0 || strncasecmp(v, "https://", 8) == 0)
		return false;
	return true;
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
	if (name != NULL && name_looks_secret(name) && value_is_literal(value)) {
		add(f, "GH-CLI-001", secret_severity(f), where,
		    "%s holds a literal value of %zu characters, not a ${VAR} reference%s", what,
		    strlen(value), f->exposed ? "; the file is readable by other users" : "");
		return true;
	}
	return false;
}

/* ---- URLs ------------------------------------------------------------------ */

struct url {
	char scheme[16];
	char host[256];
	int  port;
	char path[256];
};

/* Split scheme://[user[:pass]@]host[:port][/path][?query][#frag]. 0 or -1. */
static int
url_split(const char *s, struct url *u)
{
	const char *p = strstr(s, "://"), *auth, *end, *at, *hp, *colon = NULL;
	size_t n;

	memset(u, 0, sizeof(*u));
	if (p == NULL || p == s || (size_t)(p - s) >= sizeof(u->scheme))
		return -1;
	for (size_t i = 0; s + i < p; i++)
		u->scheme[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
	auth = p + 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (const char *q = auth; q < end; q++)
		if (*q == '@')
			at = q;
	hp = at ? at + 1 : auth;
	if (hp < end && *hp == '[') {
		const char *close = memchr(hp, ']', (size_t)(end - hp));
		if (close == NULL)
			return -1;
		n = (size_t)(close - hp - 1);
		if (n >= sizeof(u->host))
			return -1;
		memcpy(u->host, hp + 1, n);
		if (close + 1 < end && close[1] == ':')
			colon = close + 1;
	} else {
		colon = memchr(hp, ':', (size_t)(end - hp));
		n = (size_t)((colon ? colon : end) - hp);
		if (n >= sizeof(u->host))
			return -1;
		for (size_t i = 0; i < n; i++)
			u->host[i] = (char)((hp[i] >= 'A' && hp[i] <= 'Z') ? hp[i] + 32 : hp[i]);
	}
	if (u->host[0] == '\0')
		return -1;
	u->port = strcmp(u->scheme, "https") == 0 || strcmp(u->scheme, "wss") == 0 ? 443 : 80;
	if (colon != NULL && colon + 1 < end) {
		char digits[8];
		long long port;
		n = (size_t)(end - colon - 1);
		if (n >= sizeof(digits))
			return -1;
		memcpy(digits, colon + 1, n);
		digits[n] = '\0';
		if (util_parse_int(digits, 1, 65535, &port) != 0)
			return -1;
		u->port = (int)port;
	}
	n = strcspn(end, "?#");
	if (n == 0) {
		u->path[0] = '/';
	} else {
		if (n >= sizeof(u->path))
			n = sizeof(u->path) - 1;
		memcpy(u->path, end, n);
	}
	return 0;
}

static bool
host_is_loopback(const char *host)
{
	struct addr a;
	size_t n = strlen(host);

	if (strcmp(host, "localhost") == 0 || (n > 10 && strcmp(host + n - 10, ".localhost") == 0))
		return true;
	return addr_parse(host, n, &a) == 0 && addr_is_loopback(&a);
}

static int
sockaddr_port(const struct sockaddr_storage *sa)
{
	if (sa->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
	if (sa->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
	return -1;
}

/*
 * Is this URL gatehouse's own endpoint? Path /mcp, and either a loopback host on
 * a port gatehouse listens on (the default 8750 when there is no configuration),
 * or one of its publicHosts over https.
 */
static bool
url_is_gatehouse(const struct audit_opts *o, const char *s)
{
	struct url u;
	size_t plen;

	if (url_split(s, &u) != 0)
		return false;
	plen = strlen(u.path);
	if (!(strcmp(u.path, "/mcp") == 0 || (plen == 5 && strcmp(u.path, "/mcp/") == 0)))
		return false;
	if (host_is_loopback(u.host)) {
		if (o->cfg == NULL || o->cfg->nlisten == 0)
			return u.port == 8750;
		for (size_t i = 0; i < o->cfg->nlisten; i++) {
			const struct listen_addr *l = &o->cfg->listen[i];
			if (l->kind == LISTEN_TCP && sockaddr_port(&l->sa) == u.port)
				return true;
		}
		return false;
	}
	if (o->cfg == NULL || strcmp(u.scheme, "https") != 0)
		return false;
	for (size_t i = 0; i < o->cfg->npublic_hosts; i++) {
		const char *h = o->cfg->public_hosts[i], *colon = strrchr(h, ':');
		char name[256];
		size_t n = colon && !strchr(h, ']') ? (size_t)(colon - h) : strlen(h);
		long long port = 443;
		if (n >= sizeof(name))
			continue;
		memcpy(name, h, n);
		name[n] = '\0';
		if (colon && !strchr(h, ']') && util_parse_int(colon + 1, 1, 65535, &port) != 0)
			continue;
		if (strcasecmp(name, u.host) == 0 && port == u.port)
			return true;
	}
	return false;
}

/* Plain http:// (or ws://) to a host other than loopback? Scheme, host and port
 * (never the user, password, path or query) go to hostport. */
static bool
url_plain_public(const char *s, char *hostport, size_t cap)
{
	struct url u;

	if (url_split(s, &u) != 0 || (strcmp(u.scheme, "http") != 0 && strcmp(u.scheme, "ws") != 0))
		return false;
	if (host_is_loopback(u.host))
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
		if (!name_looks_secret(flag))
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
		if (url_is_gatehouse(o, u))
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
			if (url_is_gatehouse(o, argv[i]))
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
check_file(const struct audit_opts *o, struct report *r, const struct client_file *cf)
{
	char path[LIMIT_PATH], dir[LIMIT_PATH];
	struct cfile f = { .o = o, .r = r, .path = path };
	json_error_t jerr;
	json_t *root, *projects, *v;
	const char *key;
	char *buf;
	size_t len;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->home, cf->path) >= sizeof(path))
		return;
	buf = read_client_file(o, r, path, &f.mode, &len);
	if (buf == NULL)
		return;
	audit_parent_dir(path, dir, sizeof(dir));
	f.exposed = (f.mode & 044) != 0 && audit_others_can_reach(dir);
	if (f.mode & 077)
		add(&f, "GH-CLI-006", -1, path, "%s configuration, mode %04o%s",
		    cf->client, (unsigned)f.mode,
		    f.exposed ? "; other users can reach it" : "");
	audit_jsonc_strip(buf, len);
	root = json_loadb(buf, len, 0, &jerr);
	/* The text is gone before anything else runs; it may hold secrets. */
	explicit_bzero(buf, len);
	free(buf);
	if (!json_is_object(root)) {
		/* jerr.text may quote the file; only the position is safe to show. */
		audit_note(r, "could not parse %s (%s configuration) near line %d, column %d", path,
		    cf->client, jerr.line, jerr.column);
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
		audit_note(r, "the secret scanner could not start; client configurations were checked by key names only");
	for (size_t i = 0; i < NCLIENT_FILES; i++)
		check_file(o, r, &client_files[i]);
}

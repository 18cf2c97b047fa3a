/*
 * The MCP client configurations of a user: where each client keeps its servers
 * and how to read them (clients.h). Moved out of audit_clients.c so that audit,
 * import and connect read the same files the same way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../limits.h"
#include "../net/addr.h"
#include "../util/util.h"
#include "clients.h"

const struct clients_file clients_files[] = {
	{ "claude-desktop", "Claude Desktop", ".config/Claude/claude_desktop_config.json",                  LAYOUT_MCPSERVERS,      DIALECT_CLAUDE_DESKTOP },
	{ "claude-desktop", "Claude Desktop", "Library/Application Support/Claude/claude_desktop_config.json", LAYOUT_MCPSERVERS,   DIALECT_CLAUDE_DESKTOP },
	{ "claude-code",    "Claude Code",    ".claude.json",                                               LAYOUT_CLAUDE_CODE,     DIALECT_CLAUDE_CODE },
	{ "claude-code",    "Claude Code",    ".claude/settings.json",                                      LAYOUT_MCPSERVERS,      DIALECT_CLAUDE_CODE },
	{ "cursor",         "Cursor",         ".cursor/mcp.json",                                           LAYOUT_MCPSERVERS,      DIALECT_CURSOR },
	{ "vscode",         "VS Code",        ".config/Code/User/mcp.json",                                 LAYOUT_VSCODE_MCP,      DIALECT_VSCODE },
	{ "vscode",         "VS Code",        ".config/Code/User/settings.json",                            LAYOUT_VSCODE_SETTINGS, DIALECT_VSCODE },
	{ "vscode",         "VS Code",        "Library/Application Support/Code/User/mcp.json",             LAYOUT_VSCODE_MCP,      DIALECT_VSCODE },
	{ "vscode",         "VS Code",        "Library/Application Support/Code/User/settings.json",        LAYOUT_VSCODE_SETTINGS, DIALECT_VSCODE },
	{ "windsurf",       "Windsurf",       ".codeium/windsurf/mcp_config.json",                          LAYOUT_MCPSERVERS,      DIALECT_WINDSURF },
	{ "gemini",         "Gemini CLI",     ".gemini/settings.json",                                      LAYOUT_MCPSERVERS,      DIALECT_GEMINI },
};
const size_t clients_nfiles = sizeof(clients_files) / sizeof(clients_files[0]);

const struct clients_file *
clients_find(const char *id, const char *home, char *path, size_t cap)
{
	const struct clients_file *first = NULL;
	struct stat st;

	for (size_t i = 0; i < clients_nfiles; i++) {
		const struct clients_file *cf = &clients_files[i];
		if (strcmp(cf->id, id) != 0)
			continue;
		/* settings.json of VS Code is read by audit, never chosen to write. */
		if (cf->layout == LAYOUT_VSCODE_SETTINGS)
			continue;
		if (first == NULL)
			first = cf;
		if ((size_t)snprintf(path, cap, "%s/%s", home, cf->path) < cap && lstat(path, &st) == 0)
			return cf;
	}
	if (first != NULL)
		snprintf(path, cap, "%s/%s", home, first->path);
	return first;
}

/*
 * JSON with comments (VS Code's settings.json and mcp.json): blank out // and
 * block comments outside strings, and commas that trail the last member of an
 * object or array, so that a strict parser accepts the rest. Every removed byte
 * becomes a space (newlines stay), so offsets and line numbers do not move.
 * Returns the number of bytes blanked.
 */
size_t
clients_jsonc_strip(char *buf, size_t len)
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
 * (dotfile managers link configs there). NULL with err empty when the file is
 * absent, NULL with err set when it is refused or unreadable.
 */
char *
clients_read_file(const char *path, const char *home_dir, mode_t *mode, size_t *len,
    char *err, size_t errcap)
{
	struct stat st;
	char resolved[LIMIT_PATH], home[LIMIT_PATH];
	const char *target = path;
	char *buf;
	ssize_t got;
	size_t off = 0;
	int fd;

	err[0] = '\0';
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			snprintf(err, errcap, "could not examine %s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		if (realpath(path, resolved) == NULL)
			return NULL;
		if (home_dir != NULL && (realpath(home_dir, home) == NULL || !inside(resolved, home))) {
			snprintf(err, errcap, "skipped %s: it is a symbolic link to %s, outside the home directory",
			    path, resolved);
			return NULL;
		}
		target = resolved;
	}
	fd = open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errcap, "could not read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errcap, "skipped %s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size > CLIENT_CONFIG_MAX_BYTES) {
		snprintf(err, errcap, "skipped %s: larger than %d MiB", path, CLIENT_CONFIG_MAX_BYTES >> 20);
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

/* A name that says its value is a credential: API_KEY, GITHUB_TOKEN, Authorization... */
bool
clients_name_looks_secret(const char *name)
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
bool
clients_value_is_literal(const char *v)
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


/* Split scheme://[user[:pass]@]host[:port][/path][?query][#frag]. 0 or -1. */
int
clients_url_split(const char *s, struct clients_url *u)
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

bool
clients_host_is_loopback(const char *host)
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
bool
clients_url_is_gatehouse(const struct config *cfg, const char *s)
{
	struct clients_url u;
	size_t plen;

	if (clients_url_split(s, &u) != 0)
		return false;
	plen = strlen(u.path);
	if (!(strcmp(u.path, "/mcp") == 0 || (plen == 5 && strcmp(u.path, "/mcp/") == 0)))
		return false;
	if (clients_host_is_loopback(u.host)) {
		if (cfg == NULL || cfg->nlisten == 0)
			return u.port == 8750;
		for (size_t i = 0; i < cfg->nlisten; i++) {
			const struct listen_addr *l = &cfg->listen[i];
			if (l->kind == LISTEN_TCP && sockaddr_port(&l->sa) == u.port)
				return true;
		}
		return false;
	}
	if (cfg == NULL || strcmp(u.scheme, "https") != 0)
		return false;
	for (size_t i = 0; i < cfg->npublic_hosts; i++) {
		const char *h = cfg->public_hosts[i], *colon = strrchr(h, ':');
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


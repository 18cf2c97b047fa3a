/*
 * The MCP client configurations of a user (DESIGN.md sections 3 and 8): where
 * Claude Desktop, Claude Code, Cursor, VS Code, Windsurf and Gemini CLI keep
 * their servers, how to read those files (JSON with comments, a size cap,
 * symbolic links only inside the home), and what in them is a credential or a
 * URL of gatehouse itself. Shared by `gatehouse audit`, which reports on these
 * files, and `gatehouse import` / `connect`, which take them over.
 */
#ifndef GH_CLIENTS_H
#define GH_CLIENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct config;

/* Where a client keeps its servers. */
enum clients_layout {
	LAYOUT_MCPSERVERS,      /* {"mcpServers": {NAME: {...}}} */
	LAYOUT_CLAUDE_CODE,     /* the same, and {"projects": {PATH: {"mcpServers": ...}}} */
	LAYOUT_VSCODE_MCP,      /* {"servers": {NAME: {...}}} */
	LAYOUT_VSCODE_SETTINGS, /* {"mcp": {"servers": {NAME: {...}}}} */
};

/* The client's own spelling of an HTTP server entry. */
enum clients_dialect {
	DIALECT_CLAUDE_DESKTOP, /* command entries only */
	DIALECT_CLAUDE_CODE,    /* "type": "http", ${VAR} */
	DIALECT_CURSOR,         /* "url", ${env:VAR} */
	DIALECT_VSCODE,         /* "type": "http", ${env:VAR} */
	DIALECT_WINDSURF,       /* "serverUrl", ${env:VAR} */
	DIALECT_GEMINI,         /* "httpUrl", ${VAR} */
};

struct clients_file {
	const char          *id;        /* command-line name: "cursor" */
	const char          *client;    /* display name: "Cursor" */
	const char          *path;      /* relative to the home directory */
	enum clients_layout  layout;
	enum clients_dialect dialect;
};

extern const struct clients_file clients_files[];
extern const size_t clients_nfiles;

/* The first known file of client `id` that exists under `home` (else the first
 * one listed, for writing), or NULL when `id` is not a client name. */
const struct clients_file *clients_find(const char *id, const char *home, char *path, size_t cap);

/*
 * JSON with comments (VS Code's settings.json and mcp.json): blank out // and
 * block comments outside strings, and commas trailing the last member, so that a
 * strict parser accepts the rest. Offsets and line numbers do not move. Returns
 * the number of bytes blanked. Pure.
 */
size_t clients_jsonc_strip(char *buf, size_t len);

/*
 * Read a client file: a regular file of at most CLIENT_CONFIG_MAX_BYTES; a
 * symbolic link is followed only when it stays inside `home` (NULL: never
 * checked). NULL when absent (err empty) or refused (err says why); else the
 * bytes (NUL-terminated), their length and the file's mode.
 */
char  *clients_read_file(const char *path, const char *home, mode_t *mode, size_t *len,
           char *err, size_t errcap);

/* A name that says its value is a credential: API_KEY, GITHUB_TOKEN, Authorization... */
bool   clients_name_looks_secret(const char *name);
/* A literal value rather than a ${VAR} reference, a path or a placeholder. */
bool   clients_value_is_literal(const char *v);

struct clients_url {
	char scheme[16];
	char host[256];
	int  port;
	char path[256];
};
/* Split scheme://[user[:pass]@]host[:port][/path][?query][#frag]. 0 or -1. Pure. */
int    clients_url_split(const char *s, struct clients_url *u);
bool   clients_host_is_loopback(const char *host);
/* Is this URL gatehouse's own /mcp endpoint under `cfg` (NULL: the default port)? */
bool   clients_url_is_gatehouse(const struct config *cfg, const char *url);

#endif

/* ---- editing a client file in place (clients_edit.c; pure) ---------------- */

#define CLIENTS_EDIT_MAX_DEPTH 64       /* nesting followed by the scanners below */

/*
 * The JSON path ("$.mcpServers.github.env") of the innermost member or element
 * that contains byte offset `pos` of a (comment-stripped) JSON text, for error
 * messages about a file that does not parse. Keys longer than 64 bytes are cut.
 */
void   clients_json_path_at(const char *buf, size_t len, size_t pos, char *out, size_t cap);

/*
 * Where the value of the member at `keys` (a path of object keys from the root)
 * is in a comment-stripped JSON text: [*start, *end). Returns the number of keys
 * found: nkeys when the value is there; fewer when the path stops early, with
 * [*start, *end) then the last object found (the root for 0). -1: not an
 * object, or malformed.
 */
int    clients_json_find(const char *buf, size_t len, const char *const *keys, size_t nkeys,
           size_t *start, size_t *end);

/* The whitespace at the start of the line holding `pos` (at most cap-1 bytes). */
void   clients_line_indent(const char *buf, size_t pos, char *out, size_t cap);

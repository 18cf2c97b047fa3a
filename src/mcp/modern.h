/*
 * MCP revision 2026-07-28 ("modern") clients, beside the sessions of the
 * 2025 revisions (router.h). A modern request carries its protocol version and
 * its client's capabilities in params._meta, has no session and no initialize:
 * the gateway serves it with its token's server instances, through the same
 * method table, guard, pins, redaction and records as a legacy request.
 *
 * How: the router keeps one hidden session per token for modern requests
 * (never named to anyone, never found by an Mcp-Session-Id). Its servers are
 * started as for a session that initialized with no client capabilities, so
 * a server that is isolated per session is, for modern clients, isolated per
 * token. Each modern request is forwarded through that session with the
 * modern `_meta` keys taken out, and its answer is given the fields the
 * revision requires (resultType, ttlMs and cacheScope, serverInfo).
 */
#ifndef GH_MCP_MODERN_H
#define GH_MCP_MODERN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../auth/auth.h"
#include "router.h"

/* The version, the _meta keys and the error codes of 2026-07-28 are in router.h
 * (MCP_VERSION_MODERN, MCP_META_*, MCP_ERR_*), shared with the server side. */

/* A modern revision we serve (only 2026-07-28 today). */
bool    mcp_modern_version_supported(const char *v);
/* Every revision the endpoint speaks, the modern one first: ["2026-07-28", "2025-11-25", ...]. */
json_t *mcp_all_versions(void);
/*
 * Does this message ask for modern semantics: a request (a string method and
 * an id) other than initialize whose params._meta carries a string
 * io.modelcontextprotocol/protocolVersion? Pure.
 */
bool    mcp_modern_request(const json_t *msg);
/* An initialize naming 2026-07-28 in its _meta and no protocolVersion of its own:
 * a modern client using a removed method (404 with -32601). Pure. */
bool    mcp_modern_initialize(const json_t *msg);
/* Is `method` one a modern client may call here? */
bool    mcp_modern_method_known(const char *method);

/*
 * A JSON-RPC error body for a modern refusal: the request's id (NULL: null),
 * code, message and optional data (borrowed). Malloc'd, NUL-terminated.
 */
char   *mcp_modern_error_body(json_t *id, int code, const char *message, json_t *data, size_t *len);

/* Who sends a modern request: the token, as the front matched it. */
struct modern_caller {
	const uint8_t *token_hash;          /* TOKEN_HASH_BYTES */
	const char    *token_name;
	const char    *tools_json;          /* the token's tool globs, NULL: every tool */
};

/* Why a modern request was refused before it reached a server. */
struct modern_refusal {
	unsigned status;                    /* HTTP status: 400, 404, 503 */
	int      code;                      /* JSON-RPC error code */
	char     message[300];
	json_t  *data;                      /* owned; NULL when none */
};

/*
 * Serve one modern request (mcp_modern_request(msg) is true; the routing
 * headers already agree with the body). `param_headers` holds the request's
 * Mcp-Param-* headers ({lower-case name: raw value}, may be NULL); they are
 * checked against the called tool's x-mcp-header parameters when its schema is
 * known. Returns 0 when the request went on (its answer comes on `stream`,
 * which the router references while it needs it), -1 when it was refused now:
 * `out` says how, and nothing was written to `stream`.
 */
int     router_modern_request(struct router *r, const struct modern_caller *who, json_t *msg,
    const json_t *param_headers, struct mcp_stream *stream, struct modern_refusal *out);

/*
 * Mcp-Param-* against a tool's inputSchema (pure): every property reached by a
 * chain of "properties" keys that carries "x-mcp-header": NAME must have the
 * header mcp-param-NAME (lower case in `headers`) exactly when the arguments
 * have a non-null value there, and the decoded header must equal it (strings
 * as is, integers numerically, booleans as true/false). 0, or -1 with `err`.
 */
int     mcp_modern_check_params(const json_t *input_schema, const json_t *arguments,
    const json_t *headers, char *err, size_t errcap);

/*
 * A routing header value as the revision encodes it: plain visible ASCII,
 * space and tab, or "=?base64?...?=" around the base64 of UTF-8 bytes. The
 * decoded bytes go to `out` (NUL-terminated, *len bytes before it). -1 when the
 * value has a character a header may not carry, or bad base64, or is too long.
 */
int     mcp_header_value_decode(const char *value, char *out, size_t cap, size_t *len);

#endif

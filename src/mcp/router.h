/*
 * The MCP router (DESIGN.md section 6): client sessions, one instance of each
 * downstream server per session (or one shared instance), aggregation of tools,
 * prompts, resources and completion under prefixed names, and the relaying of
 * progress, logging, list changes, cancellation and server-to-client requests.
 *
 * The router is transport-agnostic on the client side. A client message arrives
 * with a stream, the place where everything caused by it goes (progress, the
 * server's requests, the final response): an SSE or JSON HTTP response, or
 * stdout for `gatehouse stdio`. Messages that belong to no request go to the
 * session's standalone stream (the HTTP GET stream), when there is one.
 *
 * Request ids are remapped in both directions, so no session can see or answer
 * another session's traffic.
 */
#ifndef GH_ROUTER_H
#define GH_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "../auth/auth.h"
#include "../config/config.h"

struct router;
struct session;
struct store;

/* A client-side channel for messages. Implemented by the HTTP layer and by stdio. */
struct mcp_stream;

struct mcp_stream_ops {
	/* Deliver one message (borrowed). */
	void (*send)(struct mcp_stream *s, json_t *msg);
	/* Nothing more will be sent on this stream (it answered its request). */
	void (*end)(struct mcp_stream *s);
	/* The last reference is gone: free it. */
	void (*release)(struct mcp_stream *s);
	/* Optional: the client gave the request up (a 2026-07-28 client closed its
	 * response stream, which is its cancellation). */
	bool (*abandoned)(struct mcp_stream *s);
};

struct mcp_stream {
	const struct mcp_stream_ops *ops;
	unsigned                     refs;
	bool                         gone;      /* the client went away: sends are dropped */
	bool                         ended;
	/* The HTTP status of an answer that goes out alone as JSON (0: 200); an
	 * SSE stream has started with 200 already. */
	unsigned                     http_status;
};

void mcp_stream_init(struct mcp_stream *s, const struct mcp_stream_ops *ops);
void mcp_stream_ref(struct mcp_stream *s);
void mcp_stream_unref(struct mcp_stream *s);
/* The transport side says the client is gone; pending sends are dropped. */
void mcp_stream_gone(struct mcp_stream *s);

#define MCP_VERSION_LATEST "2025-11-25"
/* The stateless revision (no initialize; per-request _meta; server/discover). */
#define MCP_VERSION_MODERN "2026-07-28"
#define MCP_META_VERSION   "io.modelcontextprotocol/protocolVersion"
#define MCP_META_CLIENT_CAPS "io.modelcontextprotocol/clientCapabilities"
#define MCP_META_CLIENT_INFO "io.modelcontextprotocol/clientInfo"
#define MCP_META_SERVER_INFO "io.modelcontextprotocol/serverInfo"
#define MCP_META_LOG_LEVEL   "io.modelcontextprotocol/logLevel"
/* Is this a protocol version we serve? */
bool mcp_version_supported(const char *v);

struct transport;
struct transport_env;
struct transport_callbacks;

/* Opens the transport of one instance (src/mcp/transport.h for the contract). */
typedef struct transport *(*router_transport_open_fn)(const struct transport_env *env,
    const struct server_config *srv, const struct transport_callbacks *cb, void *owner,
    char *err, size_t errcap);

struct redactor;

struct router_env {
	uv_loop_t           *loop;
	const struct config *cfg;
	const char          *config_dir;
	struct store        *store;     /* call records; may be NULL (tests) */
	/* Opens each instance's transport: child processes and remote connections
	 * in the gateway (src/cli/core.c), scripted servers in tests and fuzzers. */
	router_transport_open_fn open_transport;
	struct guard        *guard;     /* pins and holds; NULL: every item is visible (tests) */
	/* Handed to the transports for {"secret": NAME} values; the router never
	 * calls it. NULL: no vault. */
	const struct secret_source *secrets;
	/* Secrets in results are replaced by [REDACTED:rule] (config redact.results);
	 * NULL: the scanner's rules only. */
	const struct redactor *redactor;
};

struct router *router_new(const struct router_env *env);
/* Stop every session and instance; `done` is called once all are gone. */
void router_shutdown(struct router *r, void (*done)(void *arg), void *arg);
void router_free(struct router *r);
void router_set_config(struct router *r, const struct config *cfg);

/*
 * A reloaded configuration's mcpServers: a server whose entry is unchanged
 * keeps running; a removed one stops; a changed one stops and starts again from
 * its new entry; an added one starts in every running session (its instances as
 * its "isolation" says); every session hears list_changed. Sessions go on. The
 * caller keeps `cfg` and every configuration it gave before alive until
 * router_free (stopping instances still read their old entry). -1 when the
 * running gateway has known LIMIT_SERVER_SLOTS servers (restart it): nothing
 * changed then. Also does router_set_config.
 */
struct router_reload {
	size_t added, removed, changed;
};
int  router_reload_servers(struct router *r, const struct config *cfg, struct router_reload *out);

/*
 * Start a session for an initialize request. `token_hash`/`token_name` bind it to
 * the token that created it; `tools_json` is the token's JSON array of tool globs
 * (NULL: every tool). Returns NULL (with an HTTP-ish status and a message) when
 * no session can be made: the gateway is stopping, or limits.maxSessions or
 * limits.maxSessionsPerToken is reached.
 */
struct session *router_session_new(struct router *r, const uint8_t token_hash[TOKEN_HASH_BYTES],
    const char *token_name, const char *tools_json, unsigned *status, const char **why);
/* Has the session been initialized (a successful initialize)? */
bool            router_session_initialized(const struct session *s);
/*
 * End every session whose token is no longer live (revoked or expired), with
 * its streams, calls and server instances. `live` says whether a token hash is
 * still good. Returns how many sessions ended.
 */
size_t          router_end_sessions_unless(struct router *r,
    bool (*live)(const uint8_t hash[TOKEN_HASH_BYTES], void *arg), void *arg);
/* Find a live session by id; only when the token matches (else NULL, like unknown). */
struct session *router_session_find(struct router *r, const char *id,
    const uint8_t token_hash[TOKEN_HASH_BYTES]);
const char     *router_session_id(const struct session *s);
const char     *router_session_version(const struct session *s);
bool            router_session_has_standalone(const struct session *s);
/* Attach the standalone (GET) stream. */
void            router_session_attach(struct session *s, struct mcp_stream *stream);
/* End a session (DELETE, client gone, idle). */
void            router_session_end(struct session *s, const char *why);
size_t          router_session_count(const struct router *r);

/* The pins changed (the CLI approved or denied something): judge every list again. */
void            router_guard_changed(struct router *r);

struct router_stats {
	size_t sessions, calls, waiting, relayed;
};
void            router_stats(const struct router *r, struct router_stats *out);

/*
 * Each configured server's state (over its instances), restarts, last error,
 * tool count and call counts, and the sessions per token, as JSON (status.c).
 * The caller owns the result.
 */
json_t         *router_status(const struct router *r);
/* Every configured server up (see status.c); *up of *total. */
bool            router_ready(const struct router *r, size_t *up, size_t *total);

/*
 * One message from the client of `s`. Requests are answered on `stream` (which
 * the router references while it needs it); notifications and responses get no
 * answer and `stream` may be NULL. Returns 0, or -1 when the message is not a
 * valid JSON-RPC message (the caller answers 400).
 */
int router_client_message(struct session *s, json_t *msg, struct mcp_stream *stream);

/* Stable JSON-RPC error codes of the gateway. */
#define MCP_ERR_PARSE            (-32700)
#define MCP_ERR_INVALID_REQUEST  (-32600)
#define MCP_ERR_METHOD_NOT_FOUND (-32601)
#define MCP_ERR_INVALID_PARAMS   (-32602)
#define MCP_ERR_INTERNAL         (-32603)
#define MCP_ERR_UNAVAILABLE      (-32000)   /* downstream server unavailable */
#define MCP_ERR_TIMEOUT          (-32001)
/* 2026-07-28 (spec#2907 numbering) */
#define MCP_ERR_HEADER_MISMATCH  (-32020)   /* a routing header disagrees with the body */
#define MCP_ERR_MISSING_CAPABILITY (-32021) /* the request needs a client capability not declared */
#define MCP_ERR_UNSUPPORTED_VERSION (-32022) /* data.supported lists the versions */

json_t *mcp_error_response(json_t *id, int code, const char *message);

#endif

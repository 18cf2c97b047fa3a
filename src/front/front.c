/*
 * The HTTP front: libmicrohttpd daemons without threads of their own, driven by
 * the libuv loop through each daemon's epoll descriptor (see NOTES.md). One
 * daemon per listener, so that each knows whether it is loopback, unix or TLS.
 */
#include "front.h"

#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "../auth/auth.h"
#include "../config/config.h"
#include "../limits.h"
#include "../mcp/mcp.h"
#include "../mcp/router.h"
#include "../util/buf.h"
#include "../util/log.h"
#include "../util/util.h"
#include "../version.h"
#include "../net/addr.h"
#include "../net/hostcheck.h"
#include "listen.h"
#include "metrics.h"
#include "modern.h"
#include "../mcp/modern.h"
#include "peers.h"
#include "request.h"
#include "stream.h"

#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

struct peers;
struct metrics;

struct front;

struct listener {
	struct front       *front;
	struct MHD_Daemon  *daemon;
	uv_poll_t           poll;
	uv_timer_t          timer;
	struct stream_waker waker;          /* streams of this daemon were resumed */
	int                 fd;
	bool                loopback;       /* loopback TCP or unix */
	bool                is_unix;
	bool                handles_open;
	bool                in_run;         /* inside MHD_run */
	bool                rerun;          /* a connection was resumed during MHD_run */
	bool                tls;
	char                address[128];   /* as bound ("127.0.0.1:8750", "unix:/run/..."), for status */
};

/* One TCP or unix connection, from accept to close. */
struct conn {
	struct conn     *prev, *next;
	struct listener *listener;
	int              fd;
	struct addr      peer;
	bool             counted;           /* in the per-address connection count */
	int64_t          deadline_ms;       /* cut the connection after this; 0 = none */
	bool             cut;
};

/* One request on a connection. */
struct request {
	struct conn *conn;
	int64_t      started_ms;
	int64_t      started_us;
	unsigned     status;                /* what we answered */
	bool         answered;              /* a response is queued */
	bool         want_body;             /* POST /mcp after every check */
	bool         too_large;
	bool         in_first_call;         /* inside the handler call that saw the headers */
	bool         bodyless;              /* no body will follow the headers */
	bool         version_unknown;       /* MCP-Protocol-Version of no 2025 revision: the body decides (modern.h) */
	bool         version_modern;        /* ... and it is 2026-07-28 */
	struct MHD_Response *pending;       /* an answer held for the next handler call */
	unsigned     pending_status;
	struct buf   body;                  /* at most limits.maxBodyBytes */
	long         token;                 /* index into the token set, -1 before auth */
	uint8_t      token_hash[TOKEN_HASH_BYTES];
	char         token_name[LIMIT_TOKEN_NAME + 1];
	struct addr  client;
	char         session_id[80];        /* Mcp-Session-Id as sent, "" when absent */
	struct http_stream *stream;         /* a /mcp exchange answered by the router */
	char         cors[LIMIT_HTTP_ORIGIN_BYTES + 1];   /* a listed Origin to answer with CORS headers, or "" */
	char         method[12];            /* for the log: the method, and the path (no query), cut */
	char         path[128];
};

struct front {
	uv_loop_t               *loop;
	struct front_config      fc;        /* a copy: what the front may know of the config */
	const struct front_config *cfg;     /* = &fc */
	const struct token_set  *tokens;
	struct listener         *listeners;
	size_t                   nlisteners;
	struct peers            *peers;
	struct metrics          *metrics;
	struct conn             *conns;     /* doubly linked list */
	size_t                   nconns;
	uv_timer_t               sweep;
	int64_t                  last_peers_sweep;
	char                    *tls_cert;
	char                    *tls_key;
	unsigned                 open_handles;  /* while stopping */
	struct router           *router;
	struct stream_set        streams;       /* every live exchange, for heartbeats and stop */
	bool                     stopping;
	uv_timer_t               heartbeat;
	uv_timer_t               sse_poll;      /* closes waiting streams for clients to poll (stream.h) */
};

static void run_daemon(struct listener *l);

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static enum MHD_Result
collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	request_header_add(cls, key, value);
	return MHD_YES;
}

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	request_query_add(cls, key, value);
	return MHD_YES;
}

/* Queue a response that takes ownership of `body` (malloc'd, may be NULL). */
static enum MHD_Result
respond(struct MHD_Connection *c, struct request *req, unsigned status, const char *type,
    char *body, size_t len, const char *h1, const char *v1)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(len, body ? body : (char *)"",
	    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	http_common_headers(r, req->cors);
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	if (h1)
		MHD_add_response_header(r, h1, v1);
	req->status = status;
	req->answered = true;
	req->want_body = false;
	/*
	 * libmicrohttpd 0.9.75 closes the connection after a response queued in the
	 * handler call that saw the headers (it cannot know what the body would have
	 * been). A request without a body loses nothing by waiting one call: queued
	 * then, the answer keeps the connection alive. One with a body is answered
	 * at once and the connection closed: we never read a body we refuse.
	 */
	if (req->in_first_call && req->bodyless) {
		req->pending = r;
		req->pending_status = status;
		return MHD_YES;
	}
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
respond_error(struct MHD_Connection *c, struct request *req, unsigned status, int code,
    const char *message, const char *h1, const char *v1)
{
	size_t len;
	char *body = mcp_error_body(code, message, &len);

	return respond(c, req, status, "application/json", body, len, h1, v1);
}

/* Client-caused refusals are logged, rate-limited, with the escaped address. */
static void
log_refusal(const struct request *req, const char *what, unsigned status)
{
	struct logline l;
	char peer[ADDR_STRLEN], client[ADDR_STRLEN];

	if (!log_client_begin(&l, LOG_WARN, what))
		return;
	addr_format(&req->conn->peer, peer, sizeof(peer));
	addr_format(&req->client, client, sizeof(client));
	log_str(&l, "peer", peer);
	if (!addr_equal(&req->conn->peer, &req->client))
		log_str(&l, "client", client);
	log_str(&l, "method", req->method);
	log_str(&l, "path", req->path);
	log_int(&l, "status", status);
	log_end(&l);
}

static void
auth_failed(struct front *f, struct request *req)
{
	struct addr key;

	addr_limit_key(&req->client, &key);
	peers_auth_failed(f->peers, &key, util_now_ms());
	metrics_auth_failure(f->metrics);
}

static enum MHD_Result
serve_metrics(struct front *f, struct MHD_Connection *c, struct request *req)
{
	size_t len;
	struct router_stats rs;
	struct metrics_gauges g;

	router_stats(f->router, &rs);
	g = (struct metrics_gauges){ .open_connections = f->nconns, .sessions = rs.sessions,
	    .calls_in_flight = rs.calls, .requests_waiting = rs.waiting, .relayed_waiting = rs.relayed };
	json_t *status = router_status(f->router);
	char *text = metrics_render(f->metrics, &len, &g, json_object_get(status, "servers"));

	json_decref(status);
	return respond(c, req, 200, "text/plain; version=0.0.4", text, len, NULL, NULL);
}

json_t *
front_listeners(const struct front *f)
{
	json_t *out = json_array();

	for (size_t i = 0; i < f->nlisteners; i++)
		json_array_append_new(out, json_pack("{s:s, s:b}", "address", f->listeners[i].address,
		    "tls", f->listeners[i].tls));
	return out;
}

/* GET /status (with a token): the router's view, the listeners and the version. */
static enum MHD_Result
serve_status(struct front *f, struct MHD_Connection *c, struct request *req)
{
	json_t *st = router_status(f->router);
	char *text;

	json_object_set_new(st, "version", json_string(GATEHOUSE_VERSION));
	json_object_set_new(st, "listeners", front_listeners(f));
	text = json_dumps(st, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(st);
	if (text == NULL)
		return respond_error(c, req, 500, MCP_ERR_INTERNAL, "out of memory", NULL, NULL);
	return respond(c, req, 200, "application/json", text, strlen(text), NULL, NULL);
}

/* GET /readyz, to anyone: every configured server up or not started, and nothing more. */
static enum MHD_Result
serve_readyz(struct front *f, struct MHD_Connection *c, struct request *req)
{
	size_t up, total;
	char line[80];
	bool ready = router_ready(f->router, &up, &total);
	int n = snprintf(line, sizeof(line), ready ? "ready\n" : "not ready: %zu of %zu servers up\n", up, total);

	return respond(c, req, ready ? 200 : 503, "text/plain", xstrdup(line), (size_t)n, NULL, NULL);
}

static enum MHD_Result on_mcp_headers(struct listener *l, struct MHD_Connection *c,
    struct request *req, const char *method, const struct req_headers *h);

/*
 * A CORS preflight (OPTIONS with Access-Control-Request-Method): it carries no
 * credentials, so it is answered before auth and never counts as a failed
 * login. Only /mcp, and only for an origin listed in allowedOrigins.
 */
static enum MHD_Result
respond_preflight(struct MHD_Connection *c, struct request *req, const char *url)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (strcmp(url, "/mcp") != 0)
		return respond_error(c, req, 404, -32600, "not found: the MCP endpoint is /mcp", NULL, NULL);
	if (req->cors[0] == '\0') {
		log_refusal(req, "refused: CORS preflight from an origin not in allowedOrigins", 403);
		return respond_error(c, req, 403, -32001,
		    "forbidden: CORS is offered only to origins listed in \"allowedOrigins\"", NULL, NULL);
	}
	if ((r = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT)) == NULL)
		return MHD_NO;
	http_common_headers(r, req->cors);
	MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, POST, DELETE");
	MHD_add_response_header(r, "Access-Control-Allow-Headers",
	    "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name");
	MHD_add_response_header(r, "Access-Control-Max-Age", "600");
	req->status = 204;
	req->answered = true;
	req->want_body = false;
	if (req->in_first_call && req->bodyless) {
		req->pending = r;
		req->pending_status = 204;
		return MHD_YES;
	}
	rc = MHD_queue_response(c, 204, r);
	MHD_destroy_response(r);
	return rc;
}

/*
 * Everything that happens when a request's headers are complete. Every refusal
 * here is decided before a byte of body is read.
 */
static enum MHD_Result
on_headers(struct listener *l, struct MHD_Connection *c, struct request *req,
    const char *url, const char *method)
{
	struct front *f = l->front;
	const struct front_config *cfg = f->cfg;
	struct req_headers h;
	const char *tok;
	size_t toklen;
	uint8_t hash[TOKEN_HASH_BYTES];
	int64_t wait_ms;
	struct addr key;
	char num[32];

	snprintf(req->method, sizeof(req->method), "%s", method);
	snprintf(req->path, sizeof(req->path), "%s", url);
	request_headers_init(&h);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &h);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &h);
	req->bodyless = !request_has_body(&h);

	/* Liveness only: answers "ok" and nothing else, to anyone. */
	if (strcmp(url, "/healthz") == 0 && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return respond(c, req, 200, "text/plain", xstrdup("ok\n"), 3, NULL, NULL);
	/* Readiness: whether the servers are up, as a status code and one line, to anyone. */
	if (strcmp(url, "/readyz") == 0 && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		return serve_readyz(f, c, req);

	/* 1. DNS rebinding: the name the client used, and the page it came from. */
	if (h.nhost != 1 || !hostcheck_host(h.host, cfg->public_hosts, cfg->npublic_hosts)) {
		log_refusal(req, "refused: Host is not loopback and not in publicHosts", 403);
		return respond_error(c, req, 403, -32001,
		    "forbidden: the Host header is not a loopback name and not listed in \"publicHosts\"", NULL, NULL);
	}
	if (h.norigin > 1 || (h.norigin == 1 &&
	    !hostcheck_origin(h.origin, cfg->allowed_origins, cfg->nallowed_origins, l->loopback))) {
		log_refusal(req, "refused: Origin is not allowed", 403);
		return respond_error(c, req, 403, -32001,
		    "forbidden: the Origin is not listed in \"allowedOrigins\"", NULL, NULL);
	}

	/* CORS, for a page of an origin listed in allowedOrigins and for no other: a
	 * loopback origin may send requests, but its page reads no answer unless listed. */
	if (h.norigin == 1 && hostcheck_origin(h.origin, cfg->allowed_origins, cfg->nallowed_origins, false))
		snprintf(req->cors, sizeof(req->cors), "%s", h.origin);
	if (strcmp(method, "OPTIONS") == 0 && h.norigin == 1 &&
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Access-Control-Request-Method") != NULL)
		return respond_preflight(c, req, url);

	/* No OAuth metadata or other well-known document here: a plain 404, before auth,
	 * so that a client probing for OAuth (the MCP Inspector does) learns it needs a
	 * bearer token, and its probes are never counted as failed logins. */
	if (strncmp(url, "/.well-known/", 13) == 0)
		return respond_error(c, req, 404, -32600,
		    "not found: gatehouse publishes no well-known documents; send Authorization: Bearer <token>", NULL, NULL);

	/* 2. Who is asking. A forwarding chain too long to hold is unusable: the peer is the client. */
	if (!l->is_unix) {
		size_t xff_len;
		const char *xff = request_xff(&h, &xff_len);
		addr_resolve(&req->conn->peer, xff, xff_len, cfg->trusted_proxies,
		    cfg->ntrusted_proxies, &req->client);
	} else {
		req->client = req->conn->peer;
	}

	/*
	 * 3. The token: in the Authorization header and nowhere else. A live token is
	 * accepted whatever other requests from the same address did: tokens are 256
	 * random bits, so guessing is not the threat, and every local client shares
	 * 127.0.0.1. Only a presented, wrong credential counts as a failed login: a
	 * web page can make a browser send requests with no credential (an <img>), a
	 * CORS preflight or a token-like query string, but never an Authorization
	 * header without a preflight we refuse, so it cannot lock anyone out.
	 */
	req->token = -1;
	if (h.nauthorization == 1 && !h.url_credentials &&
	    auth_bearer_parse(h.authorization, &tok, &toklen) == 0 &&
	    auth_token_hash(tok, toklen, hash) == 0)
		req->token = auth_token_match(f->tokens, hash, util_wall_seconds());
	sodium_memzero(hash, sizeof(hash));
	if (req->token >= 0) {
		memcpy(req->token_hash, f->tokens->items[req->token].hash, TOKEN_HASH_BYTES);
		snprintf(req->token_name, sizeof(req->token_name), "%s", f->tokens->items[req->token].name);
	} else {
		addr_limit_key(&req->client, &key);
		wait_ms = peers_auth_blocked(f->peers, &key, util_now_ms(), cfg->limits.auth_failures_per_minute);
		if (wait_ms > 0) {
			metrics_rate_limited(f->metrics);
			log_refusal(req, "refused: too many failed authentications", 429);
			snprintf(num, sizeof(num), "%lld", (long long)((wait_ms + 999) / 1000));
			return respond_error(c, req, 429, -32002,
			    "too many failed authentications from this address; retry later", "Retry-After", num);
		}
		if (h.url_credentials) {
			log_refusal(req, "refused: credentials in the URL", 400);
			return respond_error(c, req, 400, -32001,
			    "credentials in the URL are refused; send the token as Authorization: Bearer <token>",
			    MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\", error=\"invalid_request\"");
		}
		bool presented = h.nauthorization > 0;
		if (presented)
			auth_failed(f, req);
		log_refusal(req, presented ? "refused: invalid token" : "refused: no token", 401);
		return respond_error(c, req, 401, -32001, presented ?
		    "invalid or expired token" :
		    "authentication required: send Authorization: Bearer <token> (create one with `gatehouse token new NAME`)",
		    MHD_HTTP_HEADER_WWW_AUTHENTICATE, presented ?
		    "Bearer realm=\"gatehouse\", error=\"invalid_token\"" : "Bearer realm=\"gatehouse\"");
	}

	/* 4. Routing and the shape of the request. */
	if (strcmp(url, "/metrics") == 0) {
		if (strcmp(method, "GET") != 0)
			return respond_error(c, req, 405, -32600, "method not allowed", "Allow", "GET");
		return serve_metrics(f, c, req);
	}
	if (strcmp(url, "/status") == 0) {
		if (strcmp(method, "GET") != 0)
			return respond_error(c, req, 405, -32600, "method not allowed", "Allow", "GET");
		return serve_status(f, c, req);
	}
	if (strcmp(url, "/mcp") != 0)
		return respond_error(c, req, 404, -32600, "not found: the MCP endpoint is /mcp", NULL, NULL);
	return on_mcp_headers(l, c, req, method, &h);
}

/* The session a request names, bound to the token that made it; 400/404 answered here. */
static struct session *
request_session(struct front *f, struct MHD_Connection *c, struct request *req, enum MHD_Result *rc)
{
	struct session *s;

	if (req->session_id[0] == '\0') {
		*rc = respond_error(c, req, 400, -32600,
		    "bad request: Mcp-Session-Id header required (send initialize first)", NULL, NULL);
		return NULL;
	}
	s = router_session_find(f->router, req->session_id, req->token_hash);
	if (s == NULL)
		*rc = respond_error(c, req, 404, -32001,
		    "session not found: it ended, expired or belongs to another token; initialize a new one", NULL, NULL);
	return s;
}

/*
 * Resumable streams are offered to sessions that negotiated 2025-11-25, the
 * first revision whose clients expect priming events and server-side closes
 * (SEP-1699); older clients keep streams that end only with their answer.
 */
static bool
session_resumable(struct session *s)
{
	const char *v = router_session_version(s);

	return v != NULL && strcmp(v, "2025-11-25") == 0;
}

/* GET with Last-Event-ID: pick up a dropped stream of this session (stream.h). */
static enum MHD_Result
resume_stream(struct listener *l, struct MHD_Connection *c, struct request *req, struct session *s)
{
	const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
	struct http_stream *hs;
	const char *why;
	unsigned status;

	if (http_stream_resume(&l->front->streams, &l->waker, c, router_session_id(s), last,
	    req->cors, &hs, &status, &why) != 0) {
		log_refusal(req, "refused: a resumption with Last-Event-ID", status);
		return respond_error(c, req, status, MCP_ERR_INVALID_REQUEST, why, NULL, NULL);
	}
	if (hs == NULL)         /* it ended, and the client missed nothing: do not reconnect */
		return respond(c, req, status, NULL, NULL, 0, NULL, NULL);
	req->stream = hs;
	req->status = 200;
	req->answered = true;
	return MHD_YES;
}

/*
 * MCP Streamable HTTP (revision 2025-11-25, and 2025-06-18 / 2025-03-26 clients):
 * POST carries one JSON-RPC message, GET opens the session's stream for messages
 * that belong to no request, DELETE ends the session.
 */
static enum MHD_Result
on_mcp_headers(struct listener *l, struct MHD_Connection *c, struct request *req,
    const char *method, const struct req_headers *h)
{
	struct front *f = l->front;
	const struct front_config *cfg = f->cfg;
	enum MHD_Result rc;
	struct session *s;

	/* A 2026-07-28 client has no GET stream and no session to DELETE; a POST
	 * with a version of no 2025 revision is judged on its body (on_modern_post). */
	req->version_unknown = h->protocol_version && !mcp_version_supported(h->protocol_version);
	req->version_modern = req->version_unknown && mcp_modern_version_supported(h->protocol_version);
	if (req->version_modern && strcmp(method, "POST") != 0)
		return respond_error(c, req, 405, -32600, "method not allowed: MCP " MCP_VERSION_MODERN
		    " clients only POST (no GET stream, no session to DELETE)", "Allow", "POST");
	if (req->version_unknown && strcmp(method, "POST") != 0)
		return respond_error(c, req, 400, -32600,
		    "unsupported MCP-Protocol-Version; this gateway speaks " MCP_VERSION_MODERN ", 2025-11-25, 2025-06-18 and 2025-03-26",
		    NULL, NULL);
	if (!req->version_unknown && (h->nsession_id > 1 ||
	    (h->session_id && !request_session_id_wellformed(h->session_id, sizeof(req->session_id)))))
		return respond_error(c, req, 400, -32600, "bad request: malformed Mcp-Session-Id", NULL, NULL);
	if (h->session_id && !req->version_unknown)
		snprintf(req->session_id, sizeof(req->session_id), "%s", h->session_id);

	if (strcmp(method, "GET") == 0) {
		if (!request_accepts_sse(h->accept))
			return respond_error(c, req, 406, -32600, "not acceptable: send Accept: text/event-stream", NULL, NULL);
		if ((s = request_session(f, c, req, &rc)) == NULL)
			return rc;
		if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID") != NULL)
			return resume_stream(l, c, req, s);
		if (router_session_has_standalone(s))
			return respond_error(c, req, 409, -32600,
			    "conflict: this session already has an open stream", NULL, NULL);
		req->stream = http_stream_new(&f->streams, &l->waker, c, true);
		http_stream_set_cors(req->stream, req->cors);
		router_session_attach(s, http_stream_mcp(req->stream));
		return http_stream_deliver(req->stream, c, &req->status) == MHD_YES ?
		    (req->answered = true, MHD_YES) : MHD_NO;
	}
	if (strcmp(method, "DELETE") == 0) {
		if ((s = request_session(f, c, req, &rc)) == NULL)
			return rc;
		router_session_end(s, "the client ended it");
		return respond(c, req, 200, NULL, NULL, 0, NULL, NULL);
	}
	if (strcmp(method, "POST") != 0)
		return respond_error(c, req, 405, -32600,
		    "method not allowed: /mcp takes POST, GET and DELETE", "Allow", "POST, GET, DELETE");
	if (h->content_length != NULL) {
		long long declared;
		if (util_parse_int(h->content_length, 0, INT64_MAX, &declared) != 0 ||
		    declared > cfg->limits.max_body_bytes) {
			log_refusal(req, "refused: body too large", 413);
			return respond_error(c, req, 413, -32600,
			    "request body too large (see \"limits.maxBodyBytes\")", NULL, NULL);
		}
	}
	if (!request_content_is_json(h->content_type))
		return respond_error(c, req, 415, MCP_ERR_PARSE,
		    "unsupported media type: send Content-Type: application/json", NULL, NULL);
	if (!request_accepts_json_and_sse(h->accept))
		return respond_error(c, req, 406, -32600,
		    "not acceptable: send Accept: application/json, text/event-stream", NULL, NULL);
	req->want_body = true;
	req->conn->deadline_ms = util_now_ms() + cfg->limits.body_timeout_ms;
	return MHD_YES;
}

/*
 * A JSON-RPC batch: only revision 2025-03-26 has them (2025-06-18 removed
 * them), so they are accepted from sessions that negotiated it and refused for
 * every other session. initialize is never part of one. Each request gets a
 * member of one batch stream; notifications and responses go straight in.
 */
static enum MHD_Result
on_mcp_batch(struct listener *l, struct MHD_Connection *c, struct request *req, json_t *batch)
{
	struct front *f = l->front;
	struct session *s;
	enum MHD_Result rc;
	const char *v;
	size_t i, n = json_array_size(batch);
	json_t *el;
	bool any_request = false, refused = false;

	if ((s = request_session(f, c, req, &rc)) == NULL) {
		json_decref(batch);
		return rc;
	}
	v = router_session_version(s);
	if (v == NULL || strcmp(v, "2025-03-26") != 0) {
		char why[200];
		json_decref(batch);
		snprintf(why, sizeof(why), "invalid request: JSON-RPC batches are accepted only in sessions that "
		    "negotiated 2025-03-26 (this one: %s); send one message per POST", v ? v : "not initialized");
		return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST, why, NULL, NULL);
	}
	if (n == 0 || n > LIMIT_BATCH_MESSAGES) {
		json_decref(batch);
		return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST, n == 0 ?
		    "invalid request: an empty batch" : "invalid request: too many messages in one batch", NULL, NULL);
	}
	json_array_foreach(batch, i, el) {
		json_t *m = json_object_get(el, "method");
		if (!json_is_object(el) || (json_is_string(m) && strcmp(json_string_value(m), "initialize") == 0)) {
			json_decref(batch);
			return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST,
			    "invalid request: every message of a batch must be a JSON-RPC object, and initialize is never part of one",
			    NULL, NULL);
		}
		if (json_is_string(m) && json_object_get(el, "id") != NULL)
			any_request = true;
	}
	if (any_request) {
		req->stream = http_stream_new(&f->streams, &l->waker, c, false);
		http_stream_set_cors(req->stream, req->cors);
		http_stream_make_batch(req->stream);
	}
	json_array_foreach(batch, i, el) {
		bool is_request = json_is_string(json_object_get(el, "method")) && json_object_get(el, "id") != NULL;
		struct mcp_stream *member = is_request ? http_stream_batch_member(req->stream) : NULL;
		if (router_client_message(s, el, member) != 0) {
			/* An invalid message: its answer is an Invalid Request error. */
			if (member == NULL && req->stream != NULL)
				member = http_stream_batch_member(req->stream);
			if (member != NULL)
				http_stream_batch_refused(member, json_object_get(el, "id"));
			else
				refused = true;
		}
		mcp_stream_unref(member);
	}
	json_decref(batch);
	if (req->stream == NULL)
		return refused ? respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST,
		    "invalid request: a message of the batch is not JSON-RPC 2.0 (the others were accepted)", NULL, NULL) :
		    respond(c, req, 202, NULL, NULL, 0, NULL, NULL);
	http_stream_batch_sealed(req->stream);
	rc = http_stream_deliver(req->stream, c, &req->status);
	if (http_stream_responded(req->stream))
		req->answered = true;
	return rc;
}

static enum MHD_Result
collect_modern_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	modern_header_add(cls, key, value);
	return MHD_YES;
}

/*
 * A POST of MCP 2026-07-28 (src/mcp/modern.h): no session, whatever
 * Mcp-Session-Id says; the routing headers must agree with the body; the
 * token's server instances answer. Also a POST whose MCP-Protocol-Version is
 * of no 2025 revision: a request for an unknown revision gets -32022 with the
 * versions we speak, a notification is accepted and dropped (this revision
 * defines none over HTTP), anything else is refused. Takes `msg`.
 */
static enum MHD_Result
on_modern_post(struct listener *l, struct MHD_Connection *c, struct request *req, json_t *msg)
{
	struct front *f = l->front;
	struct modern_headers mh;
	struct modern_refusal no;
	enum MHD_Result rc;
	char err[300], *body;
	size_t len;
	long ti;

	if (mcp_modern_initialize(msg)) {
		body = mcp_modern_error_body(json_object_get(msg, "id"), MCP_ERR_METHOD_NOT_FOUND, "Method not found: "
		    "MCP " MCP_VERSION_MODERN " has no initialize (a 2025 client sends params.protocolVersion instead)",
		    NULL, &len);
		json_decref(msg);
		return respond(c, req, 404, "application/json", body, len, NULL, NULL);
	}
	if (!mcp_modern_request(msg)) {
		bool note = json_is_object(msg) && json_is_string(json_object_get(msg, "method")) &&
		    json_object_get(msg, "id") == NULL;
		json_t *id = json_object_get(msg, "id");
		if (req->version_modern && !note && json_is_string(json_object_get(msg, "method")) &&
		    (json_is_string(id) || json_is_integer(id))) {
			/* The header says 2026-07-28; the body's _meta does not: its params are invalid. */
			body = mcp_modern_error_body(id, MCP_ERR_INVALID_PARAMS, "invalid params: a request of MCP "
			    MCP_VERSION_MODERN " carries _meta[\"" MCP_META_VERSION "\"] and _meta[\"" MCP_META_CLIENT_CAPS
			    "\"]", NULL, &len);
			json_decref(msg);
			return respond(c, req, 400, "application/json", body, len, NULL, NULL);
		}
		json_decref(msg);
		if (note && req->version_modern)
			return respond(c, req, 202, NULL, NULL, 0, NULL, NULL);
		return respond_error(c, req, 400, -32600,
		    "unsupported MCP-Protocol-Version; this gateway speaks " MCP_VERSION_MODERN
		    " (requests carry it in params._meta), and 2025-11-25, 2025-06-18, 2025-03-26 after initialize", NULL, NULL);
	}
	/* The token set may have been reloaded while the body arrived. */
	if ((ti = auth_token_match(f->tokens, req->token_hash, util_wall_seconds())) < 0) {
		json_decref(msg);
		return respond_error(c, req, 401, -32001, "invalid or expired token",
		    MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\", error=\"invalid_token\"");
	}
	modern_headers_init(&mh);
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_modern_header, &mh);
	if (modern_headers_check(&mh, msg, err, sizeof(err)) != 0) {
		body = mcp_modern_error_body(json_object_get(msg, "id"), MCP_ERR_HEADER_MISMATCH, err, NULL, &len);
		modern_headers_free(&mh);
		json_decref(msg);
		return respond(c, req, 400, "application/json", body, len, NULL, NULL);
	}
	req->stream = http_stream_new(&f->streams, &l->waker, c, false);
	http_stream_set_cors(req->stream, req->cors);
	struct modern_caller who = { .token_hash = req->token_hash, .token_name = req->token_name,
	    .tools_json = f->tokens->items[ti].tools_json };
	if (router_modern_request(f->router, &who, msg, mh.params, http_stream_mcp(req->stream), &no) != 0) {
		mcp_stream_unref(http_stream_mcp(req->stream));
		req->stream = NULL;
		body = mcp_modern_error_body(json_object_get(msg, "id"), no.code, no.message, no.data, &len);
		json_decref(no.data);
		modern_headers_free(&mh);
		json_decref(msg);
		return respond(c, req, no.status, "application/json", body, len, NULL, NULL);
	}
	modern_headers_free(&mh);
	json_decref(msg);
	rc = http_stream_deliver(req->stream, c, &req->status);
	if (http_stream_responded(req->stream))
		req->answered = true;
	return rc;
}

/* The whole body of a POST is in: hand its message to the router. */
static enum MHD_Result
on_mcp_post(struct listener *l, struct MHD_Connection *c, struct request *req)
{
	struct front *f = l->front;
	json_error_t jerr;
	json_t *msg, *method;
	struct session *s;
	enum MHD_Result rc;
	bool is_init;

	msg = json_loadb(buf_bytes(&req->body), buf_size(&req->body),
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (msg == NULL)
		return respond_error(c, req, 400, MCP_ERR_PARSE, "parse error: the body is not valid JSON", NULL, NULL);
	if (json_is_array(msg))
		return on_mcp_batch(l, c, req, msg);
	if (mcp_modern_request(msg) || req->version_unknown || mcp_modern_initialize(msg))
		return on_modern_post(l, c, req, msg);
	method = json_object_get(msg, "method");
	is_init = json_is_string(method) && strcmp(json_string_value(method), "initialize") == 0 &&
	    json_object_get(msg, "id") != NULL;
	if (is_init) {
		unsigned status;
		const char *why;
		if (req->session_id[0] != '\0') {
			json_decref(msg);
			return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST,
			    "bad request: initialize starts a new session; send it without Mcp-Session-Id", NULL, NULL);
		}
		/* The token set may have been reloaded while the body arrived: look the
		 * token up again, so a revoked one starts nothing and the policy is current. */
		long ti = auth_token_match(f->tokens, req->token_hash, util_wall_seconds());
		if (ti < 0) {
			json_decref(msg);
			return respond_error(c, req, 401, -32001, "invalid or expired token",
			    MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\", error=\"invalid_token\"");
		}
		s = router_session_new(f->router, req->token_hash, req->token_name,
		    f->tokens->items[ti].tools_json, &status, &why);
		if (s == NULL) {
			json_decref(msg);
			return respond_error(c, req, status, MCP_ERR_UNAVAILABLE, why, NULL, NULL);
		}
	} else if ((s = request_session(f, c, req, &rc)) == NULL) {
		json_decref(msg);
		return rc;
	}
	if (json_is_string(method) && json_object_get(msg, "id") != NULL) {
		req->stream = http_stream_new(&f->streams, &l->waker, c, false);
		http_stream_set_cors(req->stream, req->cors);
		if (is_init) {
			http_stream_name_session(req->stream, router_session_id(s));
		}
		if (!is_init && session_resumable(s))
			http_stream_make_resumable(req->stream, router_session_id(s));
		if (router_client_message(s, msg, http_stream_mcp(req->stream)) != 0) {
			json_decref(msg);
			if (is_init)
				router_session_end(s, "invalid initialize");
			return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST,
			    "invalid request: not a JSON-RPC 2.0 message", NULL, NULL);
		}
		json_decref(msg);
		/* A refused initialize leaves no session behind, and names none. */
		if (is_init && !router_session_initialized(s)) {
			http_stream_name_session(req->stream, NULL);
			router_session_end(s, "initialize failed");
		}
		rc = http_stream_deliver(req->stream, c, &req->status);
		if (http_stream_responded(req->stream))
			req->answered = true;
		return rc;
	}
	/* Notifications and responses are accepted without an answer. */
	if (router_client_message(s, msg, NULL) != 0) {
		json_decref(msg);
		return respond_error(c, req, 400, MCP_ERR_INVALID_REQUEST,
		    "invalid request: not a JSON-RPC 2.0 message", NULL, NULL);
	}
	json_decref(msg);
	return respond(c, req, 202, NULL, NULL, 0, NULL, NULL);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct listener *l = cls;
	struct request *req = *con_cls;
	const union MHD_ConnectionInfo *ci;

	(void)version;
	if (req == NULL) {
		req = xcalloc(1, sizeof(*req));
		*con_cls = req;
		req->started_ms = util_now_ms();
		req->started_us = now_us();
		req->token = -1;
		buf_init(&req->body, (size_t)l->front->cfg->limits.max_body_bytes);
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		req->conn = ci ? ci->socket_context : NULL;
		if (req->conn == NULL)
			return MHD_NO;
		req->client = req->conn->peer;
		req->conn->deadline_ms = 0;     /* headers arrived in time */
		req->in_first_call = true;
		enum MHD_Result rc = on_headers(l, c, req, url, method);
		req->in_first_call = false;
		return rc;
	}
	if (*upload_data_size > 0) {
		/* Body bytes: only kept for an accepted POST, else discarded. */
		if (req->want_body)
			if (!req->too_large && buf_append(&req->body, upload_data, *upload_data_size) != 0)
				req->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->pending) {
		/* The answer decided when the headers came (see respond). */
		enum MHD_Result rc = MHD_queue_response(c, req->pending_status, req->pending);
		MHD_destroy_response(req->pending);
		req->pending = NULL;
		return rc;
	}
	if (req->answered)
		return MHD_YES;
	if (req->stream) {
		/* Resumed: the router has written something for this exchange. */
		enum MHD_Result rc = http_stream_deliver(req->stream, c, &req->status);
		if (http_stream_responded(req->stream))
			req->answered = true;
		return rc;
	}
	req->conn->deadline_ms = 0;
	if (req->too_large) {
		log_refusal(req, "refused: body too large", 413);
		return respond_error(c, req, 413, -32600,
		    "request body too large (see \"limits.maxBodyBytes\")", NULL, NULL);
	}
	return on_mcp_post(l, c, req);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct listener *l = cls;
	struct request *req = *con_cls;
	const struct limits_config *lim = &l->front->cfg->limits;

	(void)toe;
	if (req == NULL)
		return;
	if (req->status)
		metrics_request(l->front->metrics, req->status, now_us() - req->started_us);
	if (req->stream) {
		http_stream_detach_from(req->stream, c);
		mcp_stream_unref(http_stream_mcp(req->stream));
		req->stream = NULL;
	}
	/* A kept-alive connection must send its next request's headers in time too. */
	if (req->conn && !req->conn->cut)
		req->conn->deadline_ms = util_now_ms() + lim->idle_timeout_ms + lim->header_timeout_ms;
	if (req->pending)
		MHD_destroy_response(req->pending);
	buf_free(&req->body);
	free(req);
	*con_cls = NULL;
}

/* Refuse a connection from an address that already holds its share. */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct listener *l = cls;
	struct front *f = l->front;
	struct addr a;

	(void)len;
	if (l->is_unix || addr_from_sockaddr(sa, &a) != 0)
		return MHD_YES;
	if (cidr_list_contains(f->cfg->trusted_proxies, f->cfg->ntrusted_proxies, &a))
		return MHD_YES;
	if (!peers_conn_allowed(f->peers, &a, f->cfg->limits.max_connections_per_ip)) {
		struct logline lg;
		char text[ADDR_STRLEN];
		metrics_connection_refused(f->metrics);
		if (log_client_begin(&lg, LOG_WARN, "refused: too many connections from one address")) {
			addr_format(&a, text, sizeof(text));
			log_str(&lg, "peer", text);
			log_end(&lg);
		}
		return MHD_NO;
	}
	return MHD_YES;     /* counted in on_connection, once the connection exists */
}

static bool
unix_peer_is_us(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return false;
	return cred.uid == geteuid();
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct listener *l = cls;
	struct front *f = l->front;
	struct conn *k;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		k = xcalloc(1, sizeof(*k));
		k->listener = l;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci ? ci->connect_fd : -1;
		if (l->is_unix) {
			k->peer.family = AF_UNIX;
		} else {
			ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
			if (ci && addr_from_sockaddr(ci->client_addr, &k->peer) == 0 &&
			    !cidr_list_contains(f->cfg->trusted_proxies, f->cfg->ntrusted_proxies, &k->peer))
				k->counted = peers_conn_open(f->peers, &k->peer, INT64_MAX);
		}
		k->deadline_ms = util_now_ms() + f->cfg->limits.header_timeout_ms;
		k->next = f->conns;
		if (f->conns)
			f->conns->prev = k;
		f->conns = k;
		f->nconns++;
		*socket_context = k;
		if (l->is_unix && (k->fd < 0 || !unix_peer_is_us(k->fd))) {
			struct logline lg;
			if (log_client_begin(&lg, LOG_WARN, "refused: unix socket peer is another user"))
				log_end(&lg);
			k->cut = true;
			if (k->fd >= 0)
				shutdown(k->fd, SHUT_RDWR);
		}
		if (uv_is_active((uv_handle_t *)&f->sweep) == 0)
			uv_timer_again(&f->sweep);
		return;
	}
	k = *socket_context;
	if (k == NULL)
		return;
	if (k->counted)
		peers_conn_close(f->peers, &k->peer);
	if (k->prev)
		k->prev->next = k->next;
	else
		f->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	f->nconns--;
	free(k);
	*socket_context = NULL;
}

/*
 * Slow clients: libmicrohttpd's timeout is an inactivity timeout, so a client
 * trickling a byte at a time is never cut by it. Every connection has an
 * absolute deadline for its headers (and body); past it we shut the socket down
 * and let the daemon reap it.
 */
static void
on_sweep(uv_timer_t *t)
{
	struct front *f = t->data;
	int64_t now = util_now_ms();
	bool cut_any = false;

	for (struct conn *k = f->conns; k; k = k->next) {
		if (k->cut || k->deadline_ms == 0 || now < k->deadline_ms || k->fd < 0)
			continue;
		k->cut = true;
		cut_any = true;
		shutdown(k->fd, SHUT_RDWR);
		metrics_slow_client(f->metrics);
		struct logline lg;
		if (log_client_begin(&lg, LOG_WARN, "cut off a client that was too slow to send its request")) {
			char text[ADDR_STRLEN];
			addr_format(&k->peer, text, sizeof(text));
			log_str(&lg, "peer", text);
			log_end(&lg);
		}
	}
	http_stream_check_peers(&f->streams);
	if (now - f->last_peers_sweep >= PEERS_SWEEP_EVERY_MS) {
		peers_sweep(f->peers, now);
		f->last_peers_sweep = now;
	}
	if (cut_any)
		for (size_t i = 0; i < f->nlisteners; i++)
			run_daemon(&f->listeners[i]);
	if (f->conns == NULL && peers_count(f->peers) == 0)
		uv_timer_stop(t);
}

static void
on_daemon_timer(uv_timer_t *t)
{
	run_daemon(t->data);
}

/*
 * A stream resumed one of this daemon's connections: MHD only sees it on its
 * next run, which must not start from inside an MHD callback (NOTES.md).
 */
static void
on_stream_resumed(struct stream_waker *w)
{
	struct listener *l = (struct listener *)(void *)((char *)w - offsetof(struct listener, waker));

	if (l->in_run)
		l->rerun = true;
	else
		uv_timer_start(&l->timer, on_daemon_timer, 0, 0);
}

static void
on_poll(uv_poll_t *p, int status, int events)
{
	(void)status;
	(void)events;
	run_daemon(p->data);
}

/* Let the daemon do its work, then arm the timer for its next timeout. */
static void
run_daemon(struct listener *l)
{
	MHD_UNSIGNED_LONG_LONG ms;
	int rounds = 0;

	/* A connection resumed from inside an MHD callback is only seen by the next
	 * MHD_run: run again (boundedly) rather than wait for the daemon's timeout. */
	do {
		l->rerun = false;
		l->in_run = true;
		MHD_run(l->daemon);
		l->in_run = false;
	} while (l->rerun && ++rounds < 8);
	if (l->rerun) {
		uv_timer_start(&l->timer, on_daemon_timer, 0, 0);
		return;
	}
	if (MHD_get_timeout(l->daemon, &ms) == MHD_YES)
		uv_timer_start(&l->timer, on_daemon_timer, ms, 0);
	else
		uv_timer_stop(&l->timer);
}

/* libmicrohttpd's own messages go through our log, escaped and rate-limited. */
static void __attribute__((format(printf, 2, 0)))
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct logline l;
	char text[512];
	size_t n;

	(void)cls;
	vsnprintf(text, sizeof(text), fmt, ap);
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	if (log_client_begin(&l, LOG_WARN, "http server")) {
		log_str(&l, "detail", text);
		log_end(&l);
	}
}

static int
start_listener(struct front *f, struct listener *l, const struct listen_addr *la, int fd,
    char *err, size_t errcap)
{
	const struct limits_config *lim = &f->cfg->limits;
	unsigned int flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	unsigned timeout_s = (unsigned)((lim->idle_timeout_ms + 999) / 1000);
	bool tls = la->kind == LISTEN_TCP && f->tls_cert != NULL;
	const union MHD_DaemonInfo *info;

	l->front = f;
	l->fd = fd;
	l->loopback = la->loopback;
	l->is_unix = la->kind == LISTEN_UNIX;
	if (la->sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (tls)
		flags |= MHD_USE_TLS;
	/* The logger comes first: libmicrohttpd reports on the options that follow it. */
	struct MHD_OptionItem opts[16] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL },
		{ MHD_OPTION_LISTEN_SOCKET, fd, NULL },
		{ MHD_OPTION_CONNECTION_LIMIT, LIMIT_HTTP_CONNECTIONS, NULL },
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, LIMIT_HTTP_CONN_MEMORY, NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, timeout_s, NULL },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, l },
		{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, l },
		{ MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, NULL },
		{ MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL },
	};
	size_t n = 9;
	if (tls) {
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, f->tls_cert };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, f->tls_key };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)TLS_PRIORITIES };
	}
	opts[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	l->daemon = MHD_start_daemon(flags, 0, on_accept, l, on_request, l,
	    MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (l->daemon == NULL) {
		snprintf(err, errcap, "cannot start the HTTP server on %s%s", la->text,
		    tls ? " (check that \"tls.cert\" and \"tls.key\" are a matching PEM certificate and key)" : "");
		return -1;
	}
	info = MHD_get_daemon_info(l->daemon, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL) {
		snprintf(err, errcap, "the HTTP server on %s has no epoll descriptor", la->text);
		return -1;
	}
	uv_poll_init(f->loop, &l->poll, info->epoll_fd);
	uv_timer_init(f->loop, &l->timer);
	l->poll.data = l;
	l->timer.data = l;
	l->waker.resumed = on_stream_resumed;
	l->handles_open = true;
	uv_poll_start(&l->poll, UV_READABLE, on_poll);
	run_daemon(l);
	return 0;
}

static int
load_tls(struct front *f, const struct front_config *cfg, char *err, size_t errcap)
{
	struct stat st;

	if (cfg->tls_cert == NULL)
		return 0;
	f->tls_cert = util_read_file(cfg->tls_cert, LIMIT_TLS_FILE_BYTES, NULL);
	if (f->tls_cert == NULL) {
		snprintf(err, errcap, "cannot read \"tls.cert\" %s: %s", cfg->tls_cert, strerror(errno));
		return -1;
	}
	if (stat(cfg->tls_key, &st) == 0 && (st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) != 0) {
		snprintf(err, errcap, "the TLS key %s can be read or written by other users; run: chmod 600 %s",
		    cfg->tls_key, cfg->tls_key);
		return -1;
	}
	f->tls_key = util_read_file(cfg->tls_key, LIMIT_TLS_FILE_BYTES, NULL);
	if (f->tls_key == NULL) {
		snprintf(err, errcap, "cannot read \"tls.key\" %s: %s", cfg->tls_key, strerror(errno));
		return -1;
	}
	return 0;
}

static void
on_heartbeat(uv_timer_t *t)
{
	http_stream_heartbeat(&((struct front *)t->data)->streams);
}

static void
on_sse_poll(uv_timer_t *t)
{
	struct front *f = t->data;
	int64_t next = http_stream_poll(&f->streams, util_now_ms());

	if (next >= 0 && !f->stopping)
		uv_timer_start(t, on_sse_poll, (uint64_t)next, 0);
}

/* A stream waits for its answer: look again when its poll time is due. */
static void
arm_sse_poll(struct stream_set *set, int64_t delay_ms)
{
	struct front *f = (struct front *)(void *)((char *)set - offsetof(struct front, streams));

	if (!f->stopping && !uv_is_active((uv_handle_t *)&f->sse_poll))
		uv_timer_start(&f->sse_poll, on_sse_poll, (uint64_t)delay_ms, 0);
}

void
front_config_of(const struct config *cfg, struct front_config *out)
{
	*out = (struct front_config){
		.listen = cfg->listen, .nlisten = cfg->nlisten,
		.tls_cert = cfg->tls_cert, .tls_key = cfg->tls_key,
		.public_hosts = cfg->public_hosts, .npublic_hosts = cfg->npublic_hosts,
		.allowed_origins = cfg->allowed_origins, .nallowed_origins = cfg->nallowed_origins,
		.trusted_proxies = cfg->trusted_proxies, .ntrusted_proxies = cfg->ntrusted_proxies,
		.limits = cfg->limits,
	};
}

int
front_start(struct front **out, uv_loop_t *loop, const struct front_config *cfg,
    const struct token_set *tokens, struct router *router, char *err, size_t errcap)
{
	struct front *f = xcalloc(1, sizeof(*f));
	int fds[LIMIT_CONFIG_LISTEN];

	*out = NULL;
	f->loop = loop;
	f->fc = *cfg;
	f->cfg = &f->fc;
	cfg = f->cfg;
	f->tokens = tokens;
	f->router = router;
	uv_timer_init(loop, &f->heartbeat);
	f->heartbeat.data = f;
	uv_timer_start(&f->heartbeat, on_heartbeat, LIMIT_SSE_HEARTBEAT_MS, LIMIT_SSE_HEARTBEAT_MS);
	uv_timer_init(loop, &f->sse_poll);
	f->sse_poll.data = f;
	f->streams.poll_ms = cfg->limits.sse_poll_ms;
	f->streams.arm_poll = arm_sse_poll;
	f->peers = peers_new();
	f->metrics = metrics_new();
	f->listeners = xcalloc(cfg->nlisten, sizeof(struct listener));
	uv_timer_init(loop, &f->sweep);
	f->sweep.data = f;
	uv_timer_start(&f->sweep, on_sweep, LIMIT_SWEEP_INTERVAL_MS, LIMIT_SWEEP_INTERVAL_MS);
	uv_timer_stop(&f->sweep);
	if (load_tls(f, cfg, err, errcap) != 0) {
		front_stop(f);
		return -1;
	}

	/* Bind everything first: one failure and nothing is served at all. */
	for (size_t i = 0; i < cfg->nlisten; i++) {
		fds[i] = listen_bind(&cfg->listen[i], err, errcap);
		if (fds[i] < 0) {
			for (size_t j = 0; j < i; j++) {
				close(fds[j]);
				if (cfg->listen[j].kind == LISTEN_UNIX)
					unlink(cfg->listen[j].path);
			}
			front_stop(f);
			return -1;
		}
	}
	for (size_t i = 0; i < cfg->nlisten; i++) {
		char where[128];
		if (start_listener(f, &f->listeners[i], &cfg->listen[i], fds[i], err, errcap) != 0) {
			for (size_t j = i + 1; j < cfg->nlisten; j++)
				close(fds[j]);
			if (f->listeners[i].daemon == NULL)
				close(fds[i]);
			f->nlisteners = i + 1;
			for (size_t j = 0; j <= i; j++)
				if (cfg->listen[j].kind == LISTEN_UNIX)
					unlink(cfg->listen[j].path);
			front_stop(f);
			return -1;
		}
		f->nlisteners = i + 1;
		listen_describe(fds[i], &cfg->listen[i], where, sizeof(where));
		snprintf(f->listeners[i].address, sizeof(f->listeners[i].address), "%s", where);
		f->listeners[i].tls = cfg->listen[i].kind == LISTEN_TCP && f->tls_cert;
		struct logline lg;
		log_begin(&lg, LOG_INFO, "listening");
		log_str(&lg, "address", where);
		log_str(&lg, "tls", cfg->listen[i].kind == LISTEN_TCP && f->tls_cert ? "on" : "off");
		log_end(&lg);
	}
	*out = f;
	return 0;
}

void
front_set_config(struct front *f, const struct front_config *cfg)
{
	f->fc = *cfg;
	f->streams.poll_ms = cfg->limits.sse_poll_ms;
}

static void
front_free(struct front *f)
{
	peers_free(f->peers);
	metrics_free(f->metrics);
	if (f->tls_key) {
		sodium_memzero(f->tls_key, strlen(f->tls_key));
		free(f->tls_key);
	}
	free(f->tls_cert);
	free(f->listeners);
	http_stream_forget_all(&f->streams);
	free(f);
}

/* libuv handles must stay in memory until their close callback: free the front
 * when the last one has closed. */
static void
on_handle_closed(uv_handle_t *h)
{
	struct front *f = h->data;

	if (--f->open_handles == 0)
		front_free(f);
}

void
front_stop(struct front *f)
{
	if (f == NULL)
		return;
	f->stopping = true;
	f->streams.stopping = true;
	http_stream_wake_all(&f->streams);
	for (size_t i = 0; i < f->nlisteners; i++)
		if (f->listeners[i].daemon)
			MHD_run(f->listeners[i].daemon);
	for (size_t i = 0; i < f->nlisteners; i++) {
		struct listener *l = &f->listeners[i];
		if (l->handles_open) {
			uv_poll_stop(&l->poll);
			uv_timer_stop(&l->timer);
			l->poll.data = f;
			l->timer.data = f;
			f->open_handles += 2;
			uv_close((uv_handle_t *)&l->poll, on_handle_closed);
			uv_close((uv_handle_t *)&l->timer, on_handle_closed);
		}
		/* Stopping the daemon closes its listen socket and every connection. */
		if (l->daemon)
			MHD_stop_daemon(l->daemon);
		if (l->is_unix && f->cfg->listen[i].path)
			unlink(f->cfg->listen[i].path);
	}
	f->sweep.data = f;
	f->heartbeat.data = f;
	f->open_handles += 2;
	uv_timer_stop(&f->sweep);
	uv_close((uv_handle_t *)&f->sweep, on_handle_closed);
	uv_close((uv_handle_t *)&f->heartbeat, on_handle_closed);
	f->sse_poll.data = f;
	f->open_handles++;
	uv_close((uv_handle_t *)&f->sse_poll, on_handle_closed);
}

/* Internals of the HTTP front shared by front.c and stream.c. */
#ifndef GH_FRONT_INT_H
#define GH_FRONT_INT_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "../auth/auth.h"
#include "../config/config.h"
#include "../util/buf.h"
#include "front.h"
#include "../mcp/router.h"
#include "../net/addr.h"

struct http_stream;
struct peers;
struct metrics;

struct front;

struct listener {
	struct front       *front;
	struct MHD_Daemon  *daemon;
	uv_poll_t           poll;
	uv_timer_t          timer;
	int                 fd;
	bool                loopback;       /* loopback TCP or unix */
	bool                is_unix;
	bool                handles_open;
	bool                in_run;         /* inside MHD_run */
	bool                rerun;          /* a connection was resumed during MHD_run */
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
	struct MHD_Response *pending;       /* an answer held for the next handler call */
	unsigned     pending_status;
	struct buf   body;                  /* at most limits.maxBodyBytes */
	long         token;                 /* index into the token set, -1 before auth */
	uint8_t      token_hash[TOKEN_HASH_BYTES];
	char         token_name[LIMIT_TOKEN_NAME + 1];
	struct addr  client;
	char         session_id[80];        /* Mcp-Session-Id as sent, "" when absent */
	struct http_stream *stream;         /* a /mcp exchange answered by the router */
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
	struct http_stream      *streams;       /* every live exchange, for heartbeats and stop */
	bool                     stopping;
	uv_timer_t               heartbeat;
};

/*
 * A /mcp exchange as the router sees it (an mcp_stream): messages are queued as
 * SSE events; when the exchange ended with a single message it is sent as plain
 * JSON instead. Standalone streams (GET) are always SSE.
 */
struct http_stream {
	struct mcp_stream       base;
	struct http_stream     *prev, *next;    /* front->streams, while SSE */
	struct listener        *l;
	struct MHD_Connection  *conn;           /* NULL once the request completed */
	struct buf              q;              /* queued SSE bytes, at most LIMIT_SSE_QUEUE unsent */
	char                   *first;          /* the first message, serialized, for the JSON case */
	size_t                  nmsgs;
	bool                    sse;            /* the response is an SSE stream */
	bool                    responded;      /* a response is queued */
	bool                    suspended;
	bool                    listed;
	bool                    standalone;
	const char             *session_id;     /* sent as Mcp-Session-Id, when set */
	char                    session_buf[40];
};

void front_run_daemon(struct listener *l);
struct http_stream *http_stream_new(struct listener *l, struct MHD_Connection *c, bool standalone);
/* Queue the response the stream's state calls for, or suspend until it has one. */
enum MHD_Result http_stream_deliver(struct http_stream *hs, struct MHD_Connection *c, unsigned *status);
/* The request is over (MHD completed it): the client is gone for the router. */
void http_stream_detach(struct http_stream *hs);
/* Send an SSE comment to every open stream, so dead clients are noticed. */
void http_stream_heartbeat(struct front *f);
void http_stream_wake_all(struct front *f);

#endif

/*
 * HTTP side of an MCP exchange: an mcp_stream that the router writes messages
 * into and libmicrohttpd reads out, as one application/json body or as a
 * text/event-stream.
 *
 * A stream knows nothing of listeners or of the front. It reaches them through
 * two small things its owner gives it: a stream_waker, told when a suspended
 * connection was resumed (its daemon must run again, but never from inside an
 * MHD callback), and a stream_set, the list of live streams for heartbeats and
 * for stopping.
 */
#ifndef GH_FRONT_STREAM_H
#define GH_FRONT_STREAM_H

#include <microhttpd.h>
#include <stdbool.h>

#include "../mcp/router.h"

struct http_stream;

struct stream_waker {
	/* A connection of this waker's daemon was resumed: run the daemon soon. */
	void (*resumed)(struct stream_waker *w);
};

struct stream_set {
	struct http_stream *head;       /* every live stream */
	bool                stopping;   /* an exchange without an answer yet gets 503 */
};

struct http_stream *http_stream_new(struct stream_set *set, struct stream_waker *w,
                        struct MHD_Connection *c, bool standalone);
/* What the router holds of the exchange. */
struct mcp_stream  *http_stream_mcp(struct http_stream *hs);
/* Name the session in the response's Mcp-Session-Id; NULL names none. */
void                http_stream_name_session(struct http_stream *hs, const char *id);
/* A response is queued. */
bool                http_stream_responded(const struct http_stream *hs);
/*
 * The headers every answer carries: no caching, no sniffing, and for a request
 * from a browser origin listed in allowedOrigins (cors_origin, "" otherwise)
 * the CORS headers that let that page read it.
 */
void                http_common_headers(struct MHD_Response *r, const char *cors_origin);
/* The origin to answer with CORS headers (copied; "" or NULL: none). */
void                http_stream_set_cors(struct http_stream *hs, const char *origin);
/* Queue the response the stream's state calls for, or suspend until it has one. */
enum MHD_Result     http_stream_deliver(struct http_stream *hs, struct MHD_Connection *c, unsigned *status);
/* The request is over (MHD completed it): the client is gone for the router. */
void                http_stream_detach(struct http_stream *hs);
/* Send an SSE comment to every open stream, so dead clients are noticed. */
void                http_stream_heartbeat(struct stream_set *set);
/*
 * The set is about to be freed: the streams the router still holds (a reply
 * waiting for its record, say) leave it, so that releasing them later touches
 * nothing of the front. Their connections are gone by then.
 */
void                http_stream_forget_all(struct stream_set *set);
/* Before the daemons stop: no connection may stay suspended (MHD aborts on it). */
void                http_stream_wake_all(struct stream_set *set);

#endif

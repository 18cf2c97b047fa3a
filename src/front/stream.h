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
#include <stdint.h>

#include "../limits.h"
#include "../mcp/router.h"

struct http_stream;

struct stream_waker {
	/* A connection of this waker's daemon was resumed: run the daemon soon. */
	void (*resumed)(struct stream_waker *w);
};

struct stream_set {
	struct http_stream *head;       /* every live stream */
	bool                stopping;   /* an exchange without an answer yet gets 503 */
	/*
	 * Resumable streams (2025-11-25 sessions): the number the next one gets in
	 * its event ids; how long a POST stream may wait for its answer before its
	 * connection is closed and the client polls (limits.ssePollMs, 0: never);
	 * and how to ask the owner to call http_stream_poll() after a delay.
	 */
	uint64_t            next_no;
	int64_t             poll_ms;
	void              (*arm_poll)(struct stream_set *set, int64_t delay_ms);
	/*
	 * The last resumable streams that went out to their end: a client that
	 * comes back for one (it missed nothing, or it missed only the end it does
	 * not recognise, such as an error) is told with 204 to stop reconnecting.
	 */
	struct stream_finished {
		uint64_t    no, last_seq;
		char        owner[80];
	}                   finished[LIMIT_SSE_FINISHED];
	size_t              nfinished;      /* slots written, ever; the ring is finished[n % cap] */
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
/* The same, for the request on `c`: nothing when a resumption took the stream from `c`. */
void                http_stream_detach_from(struct http_stream *hs, struct MHD_Connection *c);
/* Send an SSE comment to every open stream, so dead clients are noticed. */
void                http_stream_heartbeat(struct stream_set *set);
/*
 * The set is about to be freed: the streams the router still holds (a reply
 * waiting for its record, say) leave it, so that releasing them later touches
 * nothing of the front. Their connections are gone by then.
 */
void                http_stream_forget_all(struct stream_set *set);
/* Requests waiting for their answer whose client closed its end: marked gone. */
void                http_stream_check_peers(struct stream_set *set);
/*
 * Resumable streams (MCP 2025-11-25, SEP-1699). A POST stream of a session
 * that negotiated 2025-11-25 is made resumable before it is delivered: its
 * events carry ids "<stream>-<seq>", an SSE answer starts with a priming event
 * (an id, `retry`, empty data), and every event is kept in a bounded replay
 * buffer (src/front/replay.h). When its connection drops before the stream
 * ended, the set keeps the stream (LIMIT_SSE_RETAINED, LIMIT_SSE_RESUME_MS)
 * and the router goes on writing into it; a GET with Last-Event-ID from the
 * same session picks it up with http_stream_resume().
 */
void                http_stream_make_resumable(struct http_stream *hs, const char *session_id);
/*
 * Answer a GET with Last-Event-ID: find the stream it names among the set's
 * streams of `session_id`, queue an SSE response on `c` with every event after
 * that id, and go on with the live ones. 0 and *out (a reference the caller
 * releases with mcp_stream_unref after http_stream_detach), or -1 with the
 * HTTP status and a sentence for the client: a malformed id (400), a stream
 * that is not this session's, ended or expired (400; never 404, which would
 * tell the client that its session is gone), or events that were dropped from
 * the replay buffer (410). A stream that went out to its end and had nothing
 * after that id gets 204 (*out NULL, return 0): the SSE way to say "do not
 * reconnect". A stream still held by another connection is taken
 * from it: the session came back, so that connection is dead to it.
 */
int                 http_stream_resume(struct stream_set *set, struct stream_waker *w,
                        struct MHD_Connection *c, const char *session_id, const char *last_event_id,
                        const char *cors_origin, struct http_stream **out, unsigned *status,
                        const char **why);
/*
 * Close the connections of resumable streams that waited set->poll_ms for
 * their answer (the client reconnects after `retry` with Last-Event-ID).
 * Returns the delay until the next one is due, or -1 when none is waiting.
 */
int64_t             http_stream_poll(struct stream_set *set, int64_t now_ms);
/*
 * JSON-RPC batches (2025-03-26 sessions): the stream answers a whole batch.
 * Each request of it gets a member stream for the router (held by the caller
 * until it lets go with mcp_stream_unref); the answers go out as one SSE
 * stream that ends when every member ended and the batch was sealed.
 */
void                http_stream_make_batch(struct http_stream *hs);
/* A member for one message of the batch; NULL past LIMIT_BATCH_MESSAGES. */
struct mcp_stream  *http_stream_batch_member(struct http_stream *hs);
/* The router refused the member's message: an Invalid Request answer stands in for it. */
void                http_stream_batch_refused(struct mcp_stream *member, json_t *id);
/* Every message of the batch was handed over. */
void                http_stream_batch_sealed(struct http_stream *hs);
/* Before the daemons stop: no connection may stay suspended (MHD aborts on it). */
void                http_stream_wake_all(struct stream_set *set);

#endif

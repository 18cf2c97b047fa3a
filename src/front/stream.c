/*
 * HTTP side of an MCP exchange. The router writes messages into an http_stream;
 * libmicrohttpd reads them out. A POST that got exactly one message (its response)
 * by the time we answer goes out as application/json; anything else becomes a
 * text/event-stream. An SSE reader with nothing to read suspends its connection,
 * and a new message resumes it (NOTES.md: resume, then run the daemon ourselves,
 * never from inside an MHD callback: hence the zero timer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../limits.h"
#include "../mcp/mcp.h"
#include "../util/log.h"
#include "../util/util.h"
#include "../util/buf.h"
#include "replay.h"
#include "stream.h"

/*
 * A /mcp exchange as the router sees it (an mcp_stream): messages are queued as
 * SSE events; when the exchange ended with a single message it is sent as plain
 * JSON instead. Standalone streams (GET) are always SSE.
 */
struct http_stream {
	struct mcp_stream       base;
	struct http_stream     *prev, *next;    /* set->head, while listed */
	struct stream_set      *set;
	struct stream_waker    *waker;
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
	/* Resumption (2025-11-25 sessions; stream.h). */
	bool                    resumable;
	bool                    finished;       /* the stream's end went out to a client */
	bool                    retained;       /* the set holds a reference, for a resumption */
	bool                    poll_close;     /* end this connection once the queue is out */
	uint64_t                no;             /* the <stream> of its event ids */
	int64_t                 poll_at_ms;     /* close the connection then; 0: never */
	int64_t                 dropped_ms;     /* when the connection went, while retained */
	struct replay           replay;
	char                    owner[80];      /* the session the stream belongs to */
	/* A JSON-RPC batch (2025-03-26 sessions): one member stream per message. */
	struct batch_member   **members;        /* LIMIT_BATCH_MESSAGES slots, NULL: not a batch */
	size_t                  nmembers, members_open;
	bool                    sealed;         /* every member was made */
	char                    cors[LIMIT_HTTP_ORIGIN_BYTES + 1];  /* "": no CORS headers */
};

static void hs_send(struct mcp_stream *s, json_t *msg);
static void hs_end(struct mcp_stream *s);
static void hs_release(struct mcp_stream *s);

static const struct mcp_stream_ops http_stream_ops = { hs_send, hs_end, hs_release, NULL };

/* Resume a suspended connection and let its daemon run on the next loop turn. */
static void
wake(struct http_stream *hs)
{
	if (!hs->suspended || hs->conn == NULL)
		return;
	hs->suspended = false;
	MHD_resume_connection(hs->conn);
	hs->waker->resumed(hs->waker);
}

/*
 * Queue bytes for the reader. The cap is on what the reader has not taken yet:
 * a long-lived stream that is read promptly never reaches it, a reader this
 * slow is cut off rather than allowed to grow us.
 */
static void
append(struct http_stream *hs, const char *data, size_t n)
{
	if (buf_append(&hs->q, data, n) != 0) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "SSE client reads too slowly; closing its stream"))
			log_end(&l);
		hs->base.gone = true;
		if (hs->conn) {
			const union MHD_ConnectionInfo *ci =
			    MHD_get_connection_info(hs->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
			if (ci)
				shutdown(ci->connect_fd, SHUT_RDWR);
		}
	}
}

static void
hs_send(struct mcp_stream *s, json_t *msg)
{
	struct http_stream *hs = (struct http_stream *)s;
	char *text = json_dumps(msg, JSON_COMPACT);

	if (text == NULL)
		return;
	if (hs->resumable) {
		/* Kept for a resumption; sent now only to a connected SSE reader (an
		 * answer not started yet, or a dropped one, is sent from the buffer). */
		char id[REPLAY_ID_MAX];
		replay_format_id(id, sizeof(id), hs->no, replay_next_seq(&hs->replay));
		char *ev = xprintf("id: %s\nevent: message\ndata: %s\n\n", id, text);
		replay_add(&hs->replay, ev, strlen(ev));
		if (hs->sse && hs->conn)
			append(hs, ev, strlen(ev));
		free(ev);
	} else {
		append(hs, "event: message\ndata: ", 21);
		append(hs, text, strlen(text));
		append(hs, "\n\n", 2);
	}
	/* The first message is kept serialized: sent alone, it becomes the JSON body. */
	if (hs->nmsgs++ == 0 && !hs->responded)
		hs->first = text;
	else
		free(text);
	wake(hs);
}

static void
hs_end(struct mcp_stream *s)
{
	wake((struct http_stream *)s);
}

static void
unlist(struct http_stream *hs)
{
	if (!hs->listed)
		return;
	if (hs->prev)
		hs->prev->next = hs->next;
	else
		hs->set->head = hs->next;
	if (hs->next)
		hs->next->prev = hs->prev;
	hs->listed = false;
}

static void
hs_release(struct mcp_stream *s)
{
	struct http_stream *hs = (struct http_stream *)s;

	unlist(hs);
	free(hs->first);
	buf_free(&hs->q);
	replay_free(&hs->replay);
	free(hs->members);
	free(hs);
}

struct http_stream *
http_stream_new(struct stream_set *set, struct stream_waker *w, struct MHD_Connection *c,
    bool standalone)
{
	struct http_stream *hs = xcalloc(1, sizeof(*hs));

	mcp_stream_init(&hs->base, &http_stream_ops);
	buf_init(&hs->q, LIMIT_SSE_QUEUE);
	replay_init(&hs->replay, LIMIT_SSE_REPLAY_EVENTS, LIMIT_SSE_REPLAY_BYTES);
	hs->set = set;
	hs->waker = w;
	hs->conn = c;
	hs->standalone = standalone;
	hs->listed = true;
	hs->next = set->head;
	if (hs->next)
		hs->next->prev = hs;
	set->head = hs;
	return hs;
}

struct mcp_stream *
http_stream_mcp(struct http_stream *hs)
{
	return &hs->base;
}

void
http_stream_name_session(struct http_stream *hs, const char *id)
{
	if (id == NULL) {
		hs->session_id = NULL;
		return;
	}
	snprintf(hs->session_buf, sizeof(hs->session_buf), "%s", id);
	hs->session_id = hs->session_buf;
}

bool
http_stream_responded(const struct http_stream *hs)
{
	return hs->responded;
}

/*
 * What an SSE response reads from: the stream, and the connection it was made
 * for. A resumption may take the stream over from a connection that looks
 * alive but is not (a suspended connection never notices its peer vanished);
 * the old response then ends at once and reads nothing of the new one's.
 */
struct sse_reader {
	struct http_stream     *hs;
	struct MHD_Connection  *conn;
};

/* A resumable stream went out to its end: remember its last event (stream.h). */
static void
remember_finished(struct http_stream *hs)
{
	struct stream_finished *f;

	if (!hs->resumable || hs->set == NULL)
		return;
	f = &hs->set->finished[hs->set->nfinished++ % LIMIT_SSE_FINISHED];
	f->no = hs->no;
	f->last_seq = replay_next_seq(&hs->replay) - 1;
	snprintf(f->owner, sizeof(f->owner), "%s", hs->owner);
}

static ssize_t
read_sse(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_reader *rd = cls;
	struct http_stream *hs = rd->hs;
	size_t n;

	(void)pos;
	if (rd->conn != hs->conn)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (buf_size(&hs->q) > 0) {
		n = buf_size(&hs->q);
		if (n > max)
			n = max;
		memcpy(buf, buf_bytes(&hs->q), n);
		buf_consume(&hs->q, n);
		return (ssize_t)n;
	}
	if (hs->base.ended || hs->base.gone || hs->conn == NULL) {
		if (hs->base.ended && !hs->base.gone && !hs->finished) {
			hs->finished = true;
			remember_finished(hs);
		}
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (hs->poll_close) {
		/* The connection ends, the stream does not: the client comes back
		 * after `retry` with Last-Event-ID (SEP-1699 polling). */
		hs->poll_close = false;
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	/* Nothing to say now: sleep until the router writes. */
	hs->suspended = true;
	MHD_suspend_connection(hs->conn);
	return 0;
}

static void
free_sse(void *cls)
{
	struct sse_reader *rd = cls;

	mcp_stream_unref(&rd->hs->base);
	free(rd);
}

/* An SSE response for `c`, holding a reference on the stream until free_sse. */
static struct MHD_Response *
sse_response(struct http_stream *hs, struct MHD_Connection *c)
{
	struct sse_reader *rd = xmalloc(sizeof(*rd));
	struct MHD_Response *r;

	rd->hs = hs;
	rd->conn = c;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, read_sse, rd, free_sse);
	if (r == NULL) {
		free(rd);
		return NULL;
	}
	mcp_stream_ref(&hs->base);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	return r;
}

void
http_common_headers(struct MHD_Response *r, const char *cors_origin)
{
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (cors_origin != NULL && cors_origin[0] != '\0') {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", cors_origin);
		MHD_add_response_header(r, "Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate, Retry-After");
		MHD_add_response_header(r, "Vary", "Origin");
	}
}

void
http_stream_set_cors(struct http_stream *hs, const char *origin)
{
	snprintf(hs->cors, sizeof(hs->cors), "%s", origin ? origin : "");
}

static void
add_headers(struct http_stream *hs, struct MHD_Response *r)
{
	http_common_headers(r, hs->cors);
	if (hs->session_id)
		MHD_add_response_header(r, "Mcp-Session-Id", hs->session_id);
}

/* ---------------------------------------------------------------- resumption */

void
http_stream_make_resumable(struct http_stream *hs, const char *session_id)
{
	if (hs->resumable || hs->standalone || hs->set == NULL)
		return;
	hs->resumable = true;
	hs->no = ++hs->set->next_no;
	snprintf(hs->owner, sizeof(hs->owner), "%s", session_id ? session_id : "");
}

static void
emit_to_queue(void *ctx, const char *bytes, size_t len)
{
	append(ctx, bytes, len);
}

/* A waiting stream's connection is closed after set->poll_ms (the client polls). */
static void
arm_poll(struct http_stream *hs)
{
	struct stream_set *set = hs->set;

	if (set == NULL || set->poll_ms <= 0 || hs->base.ended)
		return;
	hs->poll_at_ms = util_now_ms() + set->poll_ms;
	if (set->arm_poll)
		set->arm_poll(set, set->poll_ms);
}

/*
 * An SSE answer of a resumable stream begins: the priming event (an id, the
 * `retry` the client waits before reconnecting, empty data) first, then what
 * the router already wrote, from the replay buffer.
 */
static void
start_resumable(struct http_stream *hs)
{
	char id[REPLAY_ID_MAX];
	char *ev;

	buf_clear(&hs->q);
	replay_format_id(id, sizeof(id), hs->no, 0);
	ev = xprintf("id: %s\nretry: %d\ndata: \n\n", id, LIMIT_SSE_RETRY_MS);
	append(hs, ev, strlen(ev));
	free(ev);
	(void)replay_since(&hs->replay, 0, emit_to_queue, hs);
	arm_poll(hs);
}

/* The set lets go of a dropped stream: its request's later messages are dropped. */
static void
let_go(struct http_stream *hs)
{
	hs->retained = false;
	if (!hs->base.ended)
		mcp_stream_gone(&hs->base);
	mcp_stream_unref(&hs->base);
}

/*
 * Dropped streams held for resumption are bounded per session and in all:
 * past a cap the one dropped longest ago is let go.
 */
static void
bound_retained(struct stream_set *set, const char *owner)
{
	for (;;) {
		struct http_stream *oldest = NULL, *oldest_mine = NULL;
		size_t all = 0, mine = 0;
		for (struct http_stream *hs = set->head; hs; hs = hs->next) {
			if (!hs->retained || hs->conn != NULL)
				continue;
			all++;
			if (oldest == NULL || hs->dropped_ms < oldest->dropped_ms)
				oldest = hs;
			if (strcmp(hs->owner, owner) == 0) {
				mine++;
				if (oldest_mine == NULL || hs->dropped_ms < oldest_mine->dropped_ms)
					oldest_mine = hs;
			}
		}
		if (mine > LIMIT_SSE_RETAINED_PER_SESSION)
			let_go(oldest_mine);
		else if (all > LIMIT_SSE_RETAINED)
			let_go(oldest);
		else
			return;
	}
}

/*
 * The client came back for a stream whose connection we still hold: it is the
 * same session, so that connection is dead to it. Cut it, and let its daemon
 * run it to its end (its reader no longer matches the stream: it reads nothing).
 */
static void
take_over(struct http_stream *hs)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(hs->conn, MHD_CONNECTION_INFO_CONNECTION_FD);

	if (ci)
		shutdown(ci->connect_fd, SHUT_RDWR);
	wake(hs);
	hs->conn = NULL;
	hs->suspended = false;
}

int
http_stream_resume(struct stream_set *set, struct stream_waker *w, struct MHD_Connection *c,
    const char *session_id, const char *last_event_id, const char *cors_origin,
    struct http_stream **out, unsigned *status, const char **why)
{
	struct http_stream *hs;
	struct MHD_Response *r;
	uint64_t no, seq;
	char *ev;

	*out = NULL;
	*status = 400;
	if (replay_parse_id(last_event_id, &no, &seq) != 0) {
		*why = "bad request: malformed Last-Event-ID (send the id of the last event you received)";
		return -1;
	}
	for (hs = set->head; hs; hs = hs->next)
		if (hs->resumable && hs->no == no && strcmp(hs->owner, session_id) == 0)
			break;
	if (hs == NULL || hs->finished) {
		size_t n = set->nfinished < LIMIT_SSE_FINISHED ? set->nfinished : LIMIT_SSE_FINISHED;
		for (size_t i = 0; i < n; i++) {
			const struct stream_finished *f = &set->finished[i];
			if (f->no != no || strcmp(f->owner, session_id) != 0)
				continue;
			if (seq == f->last_seq) {
				*status = 204;
				return 0;
			}
			if (seq < f->last_seq) {
				*status = 410;
				*why = "gone: the stream of this Last-Event-ID ended and its events are no longer held; "
				    "send the request again";
				return -1;
			}
			*why = "Last-Event-ID names an event this stream never sent";
			return -1;
		}
	}
	if (hs == NULL || !hs->sse || hs->finished || hs->base.gone) {
		*why = "Last-Event-ID names no stream of this session that can be resumed: "
		    "it ended, expired, or belongs to another session";
		return -1;
	}
	buf_clear(&hs->q);
	ev = xprintf("retry: %d\n\n", LIMIT_SSE_RETRY_MS);
	append(hs, ev, strlen(ev));
	free(ev);
	switch (replay_since(&hs->replay, seq, emit_to_queue, hs)) {
	case REPLAY_OK:
		break;
	case REPLAY_LOST:
		buf_clear(&hs->q);
		*status = 410;
		*why = "gone: events after this Last-Event-ID were dropped from the replay buffer "
		    "(the stream sent more than it can hold for a client that is away); send the request again";
		return -1;
	case REPLAY_UNKNOWN:
	default:
		buf_clear(&hs->q);
		*why = "Last-Event-ID names an event this stream never sent";
		return -1;
	}
	r = sse_response(hs, c);
	if (r == NULL) {
		buf_clear(&hs->q);
		*status = 500;
		*why = "out of memory";
		return -1;
	}
	http_stream_set_cors(hs, cors_origin);
	http_common_headers(r, hs->cors);
	if (hs->conn != NULL)
		take_over(hs);
	hs->conn = c;
	hs->waker = w;
	hs->suspended = false;
	if (MHD_queue_response(c, 200, r) != MHD_YES) {
		MHD_destroy_response(r);                /* unrefs through free_sse */
		hs->conn = NULL;
		buf_clear(&hs->q);
		*status = 500;
		*why = "cannot answer";
		return -1;
	}
	MHD_destroy_response(r);
	/* No second poll: the resumed stream stays open until the answer. */
	mcp_stream_ref(&hs->base);                      /* the caller's */
	*out = hs;
	*status = 200;
	return 0;
}

int64_t
http_stream_poll(struct stream_set *set, int64_t now_ms)
{
	int64_t next = -1;

	for (struct http_stream *hs = set->head; hs; hs = hs->next) {
		if (hs->poll_at_ms == 0)
			continue;
		if (hs->conn == NULL || hs->base.ended || hs->base.gone) {
			hs->poll_at_ms = 0;
			continue;
		}
		if (now_ms >= hs->poll_at_ms) {
			hs->poll_at_ms = 0;
			hs->poll_close = true;
			wake(hs);
		} else if (next < 0 || hs->poll_at_ms - now_ms < next) {
			next = hs->poll_at_ms - now_ms;
		}
	}
	return next;
}

/* ---------------------------------------------------------------- batches */

/*
 * A member of a batch: the router sees one stream per request, and writes into
 * the batch's http_stream through it; the batch ends when every member ended.
 * A member holds a reference on its batch, so the batch outlives its members.
 */
struct batch_member {
	struct mcp_stream   base;
	struct http_stream *batch;
	size_t              slot;
};

static void
member_send(struct mcp_stream *s, json_t *msg)
{
	struct http_stream *hs = ((struct batch_member *)s)->batch;

	if (!hs->base.gone && !hs->base.ended)
		hs_send(&hs->base, msg);
}

static void
batch_maybe_end(struct http_stream *hs)
{
	if (hs->sealed && hs->members_open == 0 && !hs->base.ended) {
		hs->base.ended = true;
		wake(hs);
	}
}

static void
member_end(struct mcp_stream *s)
{
	struct http_stream *hs = ((struct batch_member *)s)->batch;

	hs->members_open--;
	batch_maybe_end(hs);
}

static void
member_release(struct mcp_stream *s)
{
	struct batch_member *m = (struct batch_member *)s;
	struct http_stream *hs = m->batch;

	if (!m->base.ended) {
		/* Released without an end (never stored by the router): it counts as ended. */
		hs->members_open--;
		batch_maybe_end(hs);
	}
	hs->members[m->slot] = NULL;
	free(m);
	mcp_stream_unref(&hs->base);
}

static const struct mcp_stream_ops batch_member_ops = { member_send, member_end, member_release, NULL };

void
http_stream_make_batch(struct http_stream *hs)
{
	if (hs->members == NULL)
		hs->members = xcalloc(LIMIT_BATCH_MESSAGES, sizeof(*hs->members));
}

struct mcp_stream *
http_stream_batch_member(struct http_stream *hs)
{
	struct batch_member *m;

	if (hs->members == NULL || hs->sealed || hs->nmembers >= LIMIT_BATCH_MESSAGES)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	mcp_stream_init(&m->base, &batch_member_ops);
	m->batch = hs;
	m->slot = hs->nmembers++;
	hs->members[m->slot] = m;
	hs->members_open++;
	mcp_stream_ref(&hs->base);
	return &m->base;
}

void
http_stream_batch_refused(struct mcp_stream *member, json_t *id)
{
	json_t *err = json_pack("{s:s, s:O?, s:{s:i, s:s}}", "jsonrpc", "2.0",
	    "id", (json_is_string(id) || json_is_integer(id)) ? id : NULL,
	    "error", "code", MCP_ERR_INVALID_REQUEST, "message", "invalid request: not a JSON-RPC 2.0 message");

	if (err == NULL || member->ended)
		return;
	member->ops->send(member, err);
	json_decref(err);
	member->ended = true;
	member->ops->end(member);
}

void
http_stream_batch_sealed(struct http_stream *hs)
{
	hs->sealed = true;
	batch_maybe_end(hs);
}

enum MHD_Result
http_stream_deliver(struct http_stream *hs, struct MHD_Connection *c, unsigned *status)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	unsigned code = 200;

	if (hs->responded)
		return MHD_YES;
	if (!hs->standalone && hs->members == NULL && hs->base.ended && hs->nmsgs == 1 && hs->first) {
		char *text = hs->first;
		hs->first = NULL;
		r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			free(text);
			return MHD_NO;
		}
		MHD_add_response_header(r, "Content-Type", "application/json");
		if (hs->base.http_status != 0)
			code = hs->base.http_status;
	} else if (hs->standalone || hs->nmsgs > 0 || hs->base.ended || hs->resumable) {
		if ((r = sse_response(hs, c)) == NULL)
			return MHD_NO;
		hs->sse = true;
		if (hs->standalone && buf_size(&hs->q) == 0)
			append(hs, ": stream open\n\n", 16);
		if (hs->resumable)
			start_resumable(hs);
	} else if (hs->base.gone || hs->set == NULL || hs->set->stopping) {
		char *body = mcp_error_json(MCP_ERR_UNAVAILABLE, "the gateway is stopping");
		r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			free(body);
			return MHD_NO;
		}
		MHD_add_response_header(r, "Content-Type", "application/json");
		http_common_headers(r, hs->cors);
		rc = MHD_queue_response(c, 503, r);
		MHD_destroy_response(r);
		hs->responded = true;
		*status = 503;
		return rc;
	} else {
		/* The answer is not there yet: wait without holding the loop. */
		hs->suspended = true;
		MHD_suspend_connection(c);
		return MHD_YES;
	}
	free(hs->first);
	hs->first = NULL;
	add_headers(hs, r);
	rc = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	hs->responded = true;
	*status = code;
	return rc;
}

void
http_stream_detach(struct http_stream *hs)
{
	http_stream_detach_from(hs, hs->conn);
}

void
http_stream_detach_from(struct http_stream *hs, struct MHD_Connection *c)
{
	if (c != hs->conn)
		return;         /* a connection a resumption took the stream from */
	hs->conn = NULL;
	hs->suspended = false;
	hs->poll_close = false;
	hs->poll_at_ms = 0;
	if (hs->resumable && hs->sse && !hs->finished && !hs->base.gone &&
	    hs->set != NULL && !hs->set->stopping) {
		/* Dropped before its end: keep it for a GET with Last-Event-ID. What
		 * was queued and not sent is in the replay buffer. */
		buf_clear(&hs->q);
		hs->dropped_ms = util_now_ms();
		if (!hs->retained) {
			hs->retained = true;
			mcp_stream_ref(&hs->base);
		}
		bound_retained(hs->set, hs->owner);
		return;
	}
	/* The members of a batch whose client went away drop what they are given. */
	for (size_t i = 0; hs->members && i < hs->nmembers; i++)
		if (hs->members[i])
			mcp_stream_gone((struct mcp_stream *)hs->members[i]);
	if (hs->retained) {
		/* Resumed and finished (or refused): the caller still holds a reference. */
		hs->retained = false;
		mcp_stream_unref(&hs->base);
	}
	if (!hs->base.ended)
		mcp_stream_gone(&hs->base);
}

void
http_stream_heartbeat(struct stream_set *set)
{
	struct http_stream *hs, *next;
	int64_t now = util_now_ms();

	for (hs = set->head; hs; hs = hs->next) {
		if (!hs->sse || hs->conn == NULL || hs->base.ended || hs->base.gone)
			continue;
		append(hs, ": ping\n\n", 8);
		wake(hs);
	}
	/* Dropped streams nobody came back for are let go. */
	for (hs = set->head; hs; hs = next) {
		next = hs->next;
		if (hs->retained && hs->conn == NULL && now - hs->dropped_ms >= LIMIT_SSE_RESUME_MS)
			let_go(hs);
	}
}

/*
 * A request waiting for its answer has a suspended connection, which notices
 * nothing (NOTES.md): one whose client closed its end (a read would give EOF)
 * is marked gone and resumed, so that the router can tell (a 2026-07-28 client
 * cancels a call by closing its stream) and MHD closes the connection. Nothing
 * is read: MSG_PEEK.
 */
void
http_stream_check_peers(struct stream_set *set)
{
	for (struct http_stream *hs = set->head; hs; hs = hs->next) {
		const union MHD_ConnectionInfo *ci;
		char b;

		if (!hs->suspended || hs->sse || hs->conn == NULL || hs->base.ended || hs->base.gone)
			continue;
		ci = MHD_get_connection_info(hs->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL || ci->connect_fd < 0)
			continue;
		if (recv(ci->connect_fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
			mcp_stream_gone(&hs->base);
			wake(hs);
		}
	}
}

void
http_stream_forget_all(struct stream_set *set)
{
	struct http_stream *hs = set->head, *next;

	for (; hs; hs = next) {
		next = hs->next;
		hs->prev = hs->next = NULL;
		hs->listed = false;
		hs->set = NULL;
		/* Unlisted first: releasing it now touches nothing of the set. */
		if (hs->retained)
			let_go(hs);
	}
	set->head = NULL;
}

void
http_stream_wake_all(struct stream_set *set)
{
	for (struct http_stream *hs = set->head; hs; hs = hs->next) {
		hs->base.gone = true;   /* readers end their streams instead of sleeping */
		wake(hs);
	}
}

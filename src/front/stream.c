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
	char                    cors[LIMIT_HTTP_ORIGIN_BYTES + 1];  /* "": no CORS headers */
};

static void hs_send(struct mcp_stream *s, json_t *msg);
static void hs_end(struct mcp_stream *s);
static void hs_release(struct mcp_stream *s);

static const struct mcp_stream_ops http_stream_ops = { hs_send, hs_end, hs_release };

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
	append(hs, "event: message\ndata: ", 21);
	append(hs, text, strlen(text));
	append(hs, "\n\n", 2);
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
	free(hs);
}

struct http_stream *
http_stream_new(struct stream_set *set, struct stream_waker *w, struct MHD_Connection *c,
    bool standalone)
{
	struct http_stream *hs = xcalloc(1, sizeof(*hs));

	mcp_stream_init(&hs->base, &http_stream_ops);
	buf_init(&hs->q, LIMIT_SSE_QUEUE);
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

static ssize_t
read_sse(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct http_stream *hs = cls;
	size_t n;

	(void)pos;
	if (buf_size(&hs->q) > 0) {
		n = buf_size(&hs->q);
		if (n > max)
			n = max;
		memcpy(buf, buf_bytes(&hs->q), n);
		buf_consume(&hs->q, n);
		return (ssize_t)n;
	}
	if (hs->base.ended || hs->base.gone || hs->conn == NULL)
		return MHD_CONTENT_READER_END_OF_STREAM;
	/* Nothing to say now: sleep until the router writes. */
	hs->suspended = true;
	MHD_suspend_connection(hs->conn);
	return 0;
}

static void
free_sse(void *cls)
{
	mcp_stream_unref(&((struct http_stream *)cls)->base);
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

enum MHD_Result
http_stream_deliver(struct http_stream *hs, struct MHD_Connection *c, unsigned *status)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	if (hs->responded)
		return MHD_YES;
	if (!hs->standalone && hs->base.ended && hs->nmsgs == 1 && hs->first) {
		char *text = hs->first;
		hs->first = NULL;
		r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			free(text);
			return MHD_NO;
		}
		MHD_add_response_header(r, "Content-Type", "application/json");
	} else if (hs->standalone || hs->nmsgs > 0 || hs->base.ended) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, read_sse, hs, free_sse);
		if (r == NULL)
			return MHD_NO;
		mcp_stream_ref(&hs->base);              /* held by the response until free_sse */
		MHD_add_response_header(r, "Content-Type", "text/event-stream");
		hs->sse = true;
		if (hs->standalone && buf_size(&hs->q) == 0)
			append(hs, ": stream open\n\n", 16);
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
	rc = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	hs->responded = true;
	*status = 200;
	return rc;
}

void
http_stream_detach(struct http_stream *hs)
{
	hs->conn = NULL;
	hs->suspended = false;
	if (!hs->base.ended)
		mcp_stream_gone(&hs->base);
}

void
http_stream_heartbeat(struct stream_set *set)
{
	for (struct http_stream *hs = set->head; hs; hs = hs->next) {
		if (!hs->sse || hs->conn == NULL || hs->base.ended || hs->base.gone)
			continue;
		append(hs, ": ping\n\n", 8);
		wake(hs);
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

/*
 * Remote MCP servers over Streamable HTTP (MCP 2025-11-25; servers of 2025-06-18
 * and 2025-03-26 speak the same transport). Each message the router sends is one
 * POST; the answer is 202, one JSON body, or an SSE stream that carries the
 * response together with the server's notifications and requests. After
 * notifications/initialized a GET stream is kept open for messages the server
 * starts on its own.
 *
 * libcurl's multi interface runs inside the gateway's libuv loop: curl tells us
 * which sockets to watch (uv_poll, one per socket) and when to wake it (one
 * uv_timer), and we call curl_multi_socket_action() on every event. Nothing here
 * blocks; DNS runs on curl's resolver thread.
 *
 * Nothing reaches the owner from inside a libcurl callback: messages parsed there
 * are queued and handed over from pump(), after curl has returned, so the owner
 * may send() or close() from on_message without re-entering curl.
 *
 * Only the configured headers are sent, resolved once at open; the client's own
 * token never reaches this file. Their values are never logged and are zeroed
 * when freed (curl's own copies are beyond our reach).
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../limits.h"
#include "../util/log.h"
#include "../util/util.h"
#include "sse.h"
#include "../util/buf.h"
#include "remote.h"
#include "router.h"

/*
 * Caps of this transport. They live here rather than in limits.h because this
 * file was written while limits.h was being changed by others; move them there
 * when convenient.
 */

#define RPC_INTERNAL_ERROR_CODE     (-32603)

enum exchange_kind { X_POST, X_GET, X_DELETE };

/* What we do with the body of a response, decided when its headers are complete. */
enum body_mode {
	BODY_UNKNOWN,
	BODY_JSON,                          /* collect, parse at the end */
	BODY_SSE,                           /* parse as it arrives */
	BODY_DISCARD,                       /* 202, DELETE: read and drop, bounded */
	BODY_REFUSED,                       /* not 2xx: the body is not read */
	BODY_UNEXPECTED,                    /* 2xx of another type: an error if a body comes */
};

enum exchange_fail { FAIL_NONE, FAIL_TOO_LARGE, FAIL_HEADERS, FAIL_CONTENT_TYPE, FAIL_TIMEOUT };

struct remote;

/* One HTTP request and its response. */
struct exchange {
	struct exchange    *prev, *next;
	struct remote      *r;
	enum exchange_kind  kind;
	CURL               *easy;
	struct curl_slist  *headers;
	char               *body;           /* POST body: curl does not copy it */
	json_t             *ids;            /* ids of the requests in the POST not yet answered */
	json_t             *init_id;        /* id of an initialize request, or NULL */
	bool                initialized;    /* the POST carried notifications/initialized */
	bool                sent_session;   /* the request carried Mcp-Session-Id */
	bool                classified;
	long                status;
	enum body_mode      mode;
	enum exchange_fail  fail;
	struct buf          answer;         /* BODY_JSON so far, at most LIMIT_REMOTE_MESSAGE */
	size_t              discarded;      /* BODY_DISCARD: bytes seen */
	struct sse_parser   sse;
	size_t              header_bytes;
	int64_t             started_ms;
	int64_t             deadline_ms;    /* 0: none */
	char                errbuf[CURL_ERROR_SIZE];
};

/* One socket libcurl asked us to watch. */
struct rsock {
	struct rsock  *prev, *next;
	struct remote *r;
	uv_poll_t      poll;
	curl_socket_t  fd;
};

/* Something to hand to the owner once curl has returned: a message or the loss. */
struct queued {
	struct queued *next;
	json_t        *msg;                 /* NULL: the transport is lost */
	char          *reason;
};

enum remote_state { REMOTE_OPEN, REMOTE_LOST, REMOTE_CLOSING };

struct remote {
	struct transport   t;               /* first: the transport is the remote */
	char              *key;             /* server name, for logs and errors */
	char              *url;
	uv_loop_t         *loop;
	int64_t            call_timeout_ms;
	CURLM             *multi;
	char             **headers;         /* "Name: value" from the config, resolved */
	size_t             nheaders;
	char               session_id[LIMIT_REMOTE_SESSION_ID + 1];
	char               version[LIMIT_REMOTE_VERSION + 1];
	struct exchange   *exchanges;
	size_t             nexchanges;
	struct exchange   *get;             /* the GET stream, while one is open */
	struct rsock      *socks;
	struct queued     *queue, **queue_tail;
	/*
	 * 2026-07-28 x-mcp-header: the tools/list requests under way ({id as JSON:
	 * first page?}) and, from their answers, each tool's mirrored parameters
	 * ({tool: [[header, [property path]], ...]}), so that a tools/call carries
	 * its Mcp-Param-* headers.
	 */
	json_t            *list_ids;
	json_t            *tool_params;
	uv_timer_t         curl_timer;      /* libcurl's one timeout */
	uv_timer_t         deadline_timer;  /* the earliest exchange deadline */
	uv_timer_t         get_timer;       /* reopening the GET stream */
	uv_timer_t         close_timer;     /* teardown, outside every callback */
	unsigned           open_handles;
	enum remote_state  state;
	bool               want_get;        /* notifications/initialized went out */
	bool               get_unsupported; /* the server answered the GET with 405 */
	int64_t            get_delay_ms;
	int                failures;        /* exchanges failed in a row */
	bool               session_expired;
	bool               pumping;
	bool               finalized;       /* curl is gone, handles are closing */
};

static int  remote_send(struct transport *t, const char *json, size_t len);
static void remote_close(struct transport *t);

static const struct transport_ops remote_ops = { remote_send, remote_close };

static void pump(struct remote *r);
static void get_open(struct remote *r);
static void finalize(struct remote *r);
static void on_get_timer(uv_timer_t *h);

/* ---- helpers ------------------------------------------------------------ */

static void
free_slist(struct curl_slist *list)
{
	/* The lines may hold configured secrets: zero them before curl frees them. */
	for (struct curl_slist *s = list; s != NULL; s = s->next)
		sodium_memzero(s->data, strlen(s->data));
	curl_slist_free_all(list);
}

/* Is this Content-Type the media type `want`, parameters aside? */
static bool
media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	if (ct == NULL)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return false;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* Visible ASCII only (0x21-0x7E), 1..max bytes: what may go back in a header. */
static bool
visible_ascii(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7E)
			return false;
	return true;
}

/* An HTTP field name is a token (RFC 9110 section 5.1). */
static bool
header_name_ok(const char *s)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";

	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr(extra, *s) != NULL))
			return false;
	return true;
}

/* A field value: no control bytes but tab, so nothing can split the request. */
static bool
header_value_ok(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7F)
			return false;
	return true;
}

/* Headers the transport sets itself; a configured one would break the protocol. */
static bool
header_reserved(const char *name)
{
	static const char *const reserved[] = {
		"Accept", "Content-Type", "Content-Length", "Transfer-Encoding", "Host",
		"Connection", "Expect", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID",
		"Upgrade", "TE", NULL,
	};

	for (size_t i = 0; reserved[i]; i++)
		if (strcasecmp(name, reserved[i]) == 0)
			return true;
	return false;
}

/*
 * One line per exchange that went wrong (or ended, at debug). curl's error is
 * shown only when curl failed on its own: when we stopped the transfer (bad
 * status, too large, wrong type) its "write error" would only mislead.
 */
static void
log_exchange(struct remote *r, struct exchange *x, enum log_level level, const char *msg,
    CURLcode res, const char *why)
{
	static const char *const kinds[] = { "POST", "GET", "DELETE" };
	struct logline l;
	bool ours = x->fail != FAIL_NONE || (x->status > 0 && (x->status < 200 || x->status > 299));

	if (!log_client_begin(&l, level, msg))
		return;
	log_str(&l, "server", r->key);
	log_str(&l, "request", kinds[x->kind]);
	if (x->status > 0)
		log_int(&l, "status", x->status);
	if (why != NULL)
		log_str(&l, "reason", why);
	if (res != CURLE_OK && !ours) {
		log_str(&l, "error", curl_easy_strerror(res));
		if (x->errbuf[0] != '\0')
			log_str(&l, "detail", x->errbuf);
	}
	log_end(&l);
}

/* ---- the queue towards the owner ------------------------------------------ */

/* An x-mcp-header name is an HTTP token (RFC 9110 tchar), or it is ignored. */
static bool
header_token(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("!#$%&'*+-.^_`|~", *s) != NULL))
			return false;
	return true;
}

/* The x-mcp-header parameters of one schema, with their property paths. */
static void
collect_params(json_t *out, json_t *schema, json_t *path, int depth)
{
	json_t *props = json_object_get(schema, "properties");
	const char *k;
	json_t *sub;

	if (!json_is_object(props) || depth > 8 || json_array_size(out) >= 32)
		return;
	json_object_foreach(props, k, sub) {
		json_t *here = json_copy(path);
		json_array_append_new(here, json_string(k));
		const char *h = json_string_value(json_object_get(sub, "x-mcp-header"));
		if (header_token(h) && json_array_size(out) < 32)
			json_array_append_new(out, json_pack("[s, O]", h, here));
		collect_params(out, sub, here, depth + 1);
		json_decref(here);
	}
}

/* A tools/list answer: remember which tools mirror which arguments into headers. */
static void
learn_tool_params(struct remote *r, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	json_t *tools = json_object_get(json_object_get(msg, "result"), "tools");
	char *key;
	json_t *first, *tool;
	size_t i;

	if (id == NULL || r->list_ids == NULL || (key = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return;
	first = json_object_get(r->list_ids, key);
	if (first == NULL) {
		free(key);
		return;
	}
	if (json_is_true(first))
		json_object_clear(r->tool_params);
	json_object_del(r->list_ids, key);
	free(key);
	json_array_foreach(tools, i, tool) {
		const char *name = json_string_value(json_object_get(tool, "name"));
		json_t *params, *path;
		if (name == NULL || json_object_size(r->tool_params) >= LIMIT_LIST_ITEMS)
			continue;
		params = json_array();
		path = json_array();
		collect_params(params, json_object_get(tool, "inputSchema"), path, 0);
		json_decref(path);
		if (json_array_size(params) > 0)
			json_object_set(r->tool_params, name, params);
		json_decref(params);
	}
}

static void
enqueue(struct remote *r, json_t *msg, const char *reason)
{
	struct queued *q;

	if (r->state == REMOTE_CLOSING || (msg != NULL && r->state != REMOTE_OPEN)) {
		json_decref(msg);
		return;
	}
	if (msg != NULL && json_is_object(json_object_get(msg, "result")))
		learn_tool_params(r, msg);
	q = xcalloc(1, sizeof(*q));
	q->msg = msg;
	q->reason = reason ? xstrdup(reason) : NULL;
	*r->queue_tail = q;
	r->queue_tail = &q->next;
}

static void
drop_queue(struct remote *r)
{
	struct queued *q;

	while ((q = r->queue) != NULL) {
		r->queue = q->next;
		json_decref(q->msg);
		free(q->reason);
		free(q);
	}
	r->queue_tail = &r->queue;
}

/*
 * Hand queued messages to the owner in arrival order. The owner may close() from
 * a callback: then nothing more is handed over, not even the loss.
 */
static void
deliver(struct remote *r)
{
	struct queued *q;

	while ((q = r->queue) != NULL) {
		r->queue = q->next;
		if (r->queue == NULL)
			r->queue_tail = &r->queue;
		if (r->state != REMOTE_CLOSING) {
			if (q->msg != NULL)
				r->t.cb->on_message(r->t.owner, q->msg);
			else
				r->t.cb->on_lost(r->t.owner, q->reason);
		}
		json_decref(q->msg);
		free(q->reason);
		free(q);
	}
}

/* The transport cannot go on: tell the owner once, after what came before. */
static void
lose(struct remote *r, const char *reason)
{
	struct logline l;

	if (r->state != REMOTE_OPEN)
		return;
	r->state = REMOTE_LOST;
	log_begin(&l, LOG_WARN, "remote server lost");
	log_str(&l, "server", r->key);
	log_str(&l, "reason", reason);
	log_end(&l);
	enqueue(r, NULL, reason);
}

/* ---- exchanges ------------------------------------------------------------ */

static void
exchange_free(struct exchange *x)
{
	struct remote *r = x->r;

	if (x->easy != NULL) {
		if (r->multi != NULL)
			curl_multi_remove_handle(r->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	if (x->prev)
		x->prev->next = x->next;
	else
		r->exchanges = x->next;
	if (x->next)
		x->next->prev = x->prev;
	r->nexchanges--;
	if (r->get == x)
		r->get = NULL;
	free_slist(x->headers);
	free(x->body);
	buf_free(&x->answer);
	json_decref(x->ids);
	json_decref(x->init_id);
	sse_free(&x->sse);
	free(x);
}

static void
abort_all(struct remote *r)
{
	while (r->exchanges != NULL)
		exchange_free(r->exchanges);
}

static int
append_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *n = curl_slist_append(*list, line);

	if (n == NULL)
		return -1;
	*list = n;
	return 0;
}

/*
 * A header value as 2026-07-28 wants it (Streamable HTTP, "Value Encoding"):
 * plain when it is printable ASCII without leading or trailing space and does
 * not look like the sentinel, else "=?base64?...?=" of its UTF-8 bytes.
 */
static char *
header_value(const char *v)
{
	size_t n = strlen(v);
	bool plain = n > 0 && v[0] != ' ' && v[n - 1] != ' ' && strncmp(v, "=?base64?", 9) != 0;

	for (size_t i = 0; plain && i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			plain = false;
	if (plain)
		return xstrdup(v);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(cap);
	sodium_bin2base64(b64, cap, (const unsigned char *)v, n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xprintf("=?base64?%s?=", b64);
	free(b64);
	return out;
}

/*
 * The routing headers of a 2026-07-28 request (its _meta names that version):
 * MCP-Protocol-Version from _meta, Mcp-Method, and Mcp-Name for the methods that
 * name a tool, prompt or resource. 1: added (the message is modern); 0: not
 * modern; -1: out of memory.
 */
/* The Mcp-Param-* headers of a tools/call: its tool's mirrored arguments, as text. */
static int
param_headers(struct remote *r, struct curl_slist **list, json_t *params)
{
	json_t *mirrored = json_object_get(r->tool_params, json_string_value(json_object_get(params, "name")));
	json_t *pair;
	size_t i;
	int rc = 0;

	json_array_foreach(mirrored, i, pair) {
		json_t *v = json_object_get(params, "arguments"), *step;
		size_t j;
		char *text = NULL, *value, *line;
		json_array_foreach(json_array_get(pair, 1), j, step)
			v = json_is_object(v) ? json_object_get(v, json_string_value(step)) : NULL;
		if (json_is_string(v))
			text = xstrdup(json_string_value(v));
		else if (json_is_number(v) || json_is_boolean(v))
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		if (text == NULL)
			continue;       /* absent, null, or not a scalar: no header */
		value = header_value(text);
		line = xprintf("Mcp-Param-%s: %s", json_string_value(json_array_get(pair, 0)), value);
		rc |= append_header(list, line);
		free(line);
		free(value);
		free(text);
	}
	return rc;
}

static int
modern_headers(struct remote *r, struct curl_slist **list, const json_t *msg)
{
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");
	const char *version = json_string_value(json_object_get(json_object_get(params, "_meta"), MCP_META_VERSION));
	const char *name = NULL;
	int rc = 0;
	char *line, *value;

	if (method == NULL || version == NULL || strcmp(version, MCP_VERSION_MODERN) != 0)
		return 0;
	line = xprintf("MCP-Protocol-Version: %s", version);
	rc |= append_header(list, line);
	free(line);
	value = header_value(method);
	line = xprintf("Mcp-Method: %s", value);
	rc |= append_header(list, line);
	free(line);
	free(value);
	if (strcmp(method, "tools/call") == 0 || strcmp(method, "prompts/get") == 0)
		name = json_string_value(json_object_get(params, "name"));
	else if (strcmp(method, "resources/read") == 0)
		name = json_string_value(json_object_get(params, "uri"));
	if (name != NULL) {
		value = header_value(name);
		line = xprintf("Mcp-Name: %s", value);
		rc |= append_header(list, line);
		free(line);
		free(value);
	}
	if (strcmp(method, "tools/call") == 0)
		rc |= param_headers(r, list, params);
	return rc != 0 ? -1 : 1;
}

/*
 * The request headers: the protocol's own, then the configured ones. A
 * 2026-07-28 message (`msg`, a single request) has no session and carries its
 * routing headers instead.
 */
static struct curl_slist *
build_headers(struct remote *r, struct exchange *x, const json_t *msg)
{
	struct curl_slist *list = NULL;
	char line[64 + LIMIT_REMOTE_SESSION_ID];
	int rc = 0, modern = 0;

	if (x->kind == X_POST) {
		rc |= append_header(&list, "Content-Type: application/json");
		rc |= append_header(&list, "Accept: application/json, text/event-stream");
	} else if (x->kind == X_GET) {
		rc |= append_header(&list, "Accept: text/event-stream");
	}
	if (x->kind == X_POST && json_is_object(msg)) {
		modern = modern_headers(r, &list, msg);
		if (modern < 0)
			rc = -1;
	}
	if (r->session_id[0] != '\0' && modern == 0) {
		snprintf(line, sizeof(line), "Mcp-Session-Id: %s", r->session_id);
		rc |= append_header(&list, line);
		x->sent_session = true;
	}
	if (r->version[0] != '\0' && modern == 0) {
		snprintf(line, sizeof(line), "MCP-Protocol-Version: %s", r->version);
		rc |= append_header(&list, line);
	}
	for (size_t i = 0; i < r->nheaders; i++)
		rc |= append_header(&list, r->headers[i]);
	rc |= append_header(&list, "Expect:");          /* no 100-continue round trip */
	if (rc != 0) {
		free_slist(list);
		return NULL;
	}
	return list;
}

static size_t on_body(char *ptr, size_t size, size_t n, void *arg);
static size_t on_header(char *ptr, size_t size, size_t n, void *arg);

/*
 * Create an exchange and hand it to curl. The options are the security policy of
 * every outbound request: http(s) only, no redirects, no proxy for loopback, peer
 * and host verification on, no signals, no compression (no decompression bombs).
 */
static struct exchange *
exchange_start(struct remote *r, enum exchange_kind kind, char *body, size_t body_len, const json_t *msg)
{
	struct exchange *x = xcalloc(1, sizeof(*x));

	buf_init(&x->answer, LIMIT_REMOTE_MESSAGE);
	CURLcode rc = CURLE_OK;
	CURL *e;

	x->r = r;
	x->kind = kind;
	x->body = body;
	x->ids = json_array();
	x->started_ms = util_now_ms();
	sse_init(&x->sse, LIMIT_REMOTE_MESSAGE);
	x->next = r->exchanges;
	if (r->exchanges)
		r->exchanges->prev = x;
	r->exchanges = x;
	r->nexchanges++;

	x->headers = build_headers(r, x, msg);
	x->easy = e = curl_easy_init();
	if (x->headers == NULL || e == NULL || x->ids == NULL) {
		exchange_free(x);
		return NULL;
	}
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, val); } while (0)
	SET(CURLOPT_URL, r->url);
	SET(CURLOPT_PROTOCOLS_STR, "https,http");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_TCP_KEEPIDLE, REMOTE_KEEPALIVE_IDLE_S);
	SET(CURLOPT_TCP_KEEPINTVL, REMOTE_KEEPALIVE_INTVL_S);
	SET(CURLOPT_USERAGENT, "gatehouse");
	SET(CURLOPT_HTTPHEADER, x->headers);
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)x);
	switch (kind) {
	case X_POST:
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
		SET(CURLOPT_POSTFIELDS, x->body);
		SET(CURLOPT_CONNECTTIMEOUT_MS, (long)REMOTE_CONNECT_TIMEOUT_MS);
		/* Until the answer turns out to be a stream (see classify). */
		x->deadline_ms = x->started_ms + r->call_timeout_ms + REMOTE_JSON_GRACE_MS;
		break;
	case X_GET:
		SET(CURLOPT_HTTPGET, 1L);
		SET(CURLOPT_CONNECTTIMEOUT_MS, (long)REMOTE_CONNECT_TIMEOUT_MS);
		x->deadline_ms = x->started_ms + r->call_timeout_ms + REMOTE_JSON_GRACE_MS;
		break;
	case X_DELETE:
		SET(CURLOPT_CUSTOMREQUEST, "DELETE");
		SET(CURLOPT_CONNECTTIMEOUT_MS, (long)REMOTE_DELETE_TIMEOUT_MS);
		SET(CURLOPT_TIMEOUT_MS, (long)REMOTE_DELETE_TIMEOUT_MS);
		break;
	}
#undef SET
	if (rc != CURLE_OK || curl_multi_add_handle(r->multi, e) != CURLM_OK) {
		struct logline l;
		log_begin(&l, LOG_ERROR, "cannot start an HTTP request to a remote server");
		log_str(&l, "server", r->key);
		if (rc != CURLE_OK)
			log_str(&l, "error", curl_easy_strerror(rc));
		log_end(&l);
		exchange_free(x);
		return NULL;
	}
	return x;
}

/* ---- responses ------------------------------------------------------------ */

static void
take_session_id(struct remote *r, struct exchange *x)
{
	struct curl_header *h;
	size_t len;

	if (curl_easy_header(x->easy, "Mcp-Session-Id", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return;
	len = strlen(h->value);
	if (!visible_ascii(h->value, len, LIMIT_REMOTE_SESSION_ID)) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "remote server sent an invalid Mcp-Session-Id; ignored")) {
			log_str(&l, "server", r->key);
			log_int(&l, "length", (long long)len);
			log_end(&l);
		}
		return;
	}
	if (r->session_id[0] == '\0') {
		struct logline l;
		memcpy(r->session_id, h->value, len + 1);
		log_begin(&l, LOG_DEBUG, "remote session started");
		log_str(&l, "server", r->key);
		log_end(&l);
	} else if (strcmp(r->session_id, h->value) != 0) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "remote server changed its Mcp-Session-Id; kept the first")) {
			log_str(&l, "server", r->key);
			log_end(&l);
		}
	}
}

/*
 * Decide, once, what the body of this response is: when its final header block
 * ends, or at the end of a transfer that never got that far. A stream is not
 * timed out: the router times out calls, and TCP keepalive notices a peer that
 * vanished; a low-speed limit would cut healthy streams that are merely quiet.
 */
static void
classify(struct exchange *x)
{
	struct remote *r = x->r;
	char *ct = NULL;

	if (x->classified)
		return;
	x->classified = true;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
	if (x->kind == X_DELETE) {
		x->mode = BODY_DISCARD;
		return;
	}
	if (x->status < 200 || x->status > 299) {
		x->mode = BODY_REFUSED;         /* 3xx, 4xx, 5xx: the body is not read */
		return;
	}
	if (x->kind == X_POST)
		take_session_id(r, x);
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
	if (x->status == 202 || x->status == 204)
		x->mode = BODY_DISCARD;
	else if (x->kind == X_POST && media_is(ct, "application/json"))
		x->mode = BODY_JSON;
	else if (media_is(ct, "text/event-stream")) {
		x->mode = BODY_SSE;
		x->deadline_ms = 0;
	} else
		x->mode = BODY_UNEXPECTED;
}

static void
set_version(struct remote *r, json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL || !visible_ascii(s, strlen(s), LIMIT_REMOTE_VERSION)) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "remote server's initialize result has no usable protocolVersion")) {
			log_str(&l, "server", r->key);
			log_end(&l);
		}
		return;
	}
	memcpy(r->version, s, strlen(s) + 1);
}

/* Look at one message before it is queued: is it the answer to one of ours? */
static void
note_message(struct exchange *x, json_t *m)
{
	json_t *id = json_object_get(m, "id");
	size_t i;
	json_t *v;

	if (id == NULL || json_object_get(m, "method") != NULL)
		return;
	if (json_object_get(m, "result") == NULL && json_object_get(m, "error") == NULL)
		return;
	json_array_foreach(x->ids, i, v) {
		if (json_equal(v, id)) {
			json_array_remove(x->ids, i);
			break;
		}
	}
	if (x->init_id != NULL && json_equal(x->init_id, id)) {
		json_t *result = json_object_get(m, "result");
		if (json_is_object(result))
			set_version(x->r, json_object_get(result, "protocolVersion"));
		json_decref(x->init_id);
		x->init_id = NULL;
	}
}

/* One JSON body or SSE data payload: a message, or a batch of them. */
static void
take_payload(struct exchange *x, const char *buf, size_t len)
{
	struct remote *r = x->r;
	json_error_t jerr;
	json_t *msg, *item;
	size_t i;

	msg = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (msg == NULL || (!json_is_object(msg) && !json_is_array(msg))) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "remote server sent a message that is not JSON-RPC; ignored")) {
			log_str(&l, "server", r->key);
			log_int(&l, "bytes", (long long)len);
			log_end(&l);
		}
		json_decref(msg);
		return;
	}
	if (json_is_object(msg)) {
		note_message(x, msg);
		enqueue(r, msg, NULL);
		return;
	}
	json_array_foreach(msg, i, item) {
		if (!json_is_object(item))
			continue;
		note_message(x, item);
		enqueue(r, json_incref(item), NULL);
	}
	json_decref(msg);
}

static int
on_sse_event(void *arg, const struct sse_event *ev)
{
	struct exchange *x = arg;

	if (ev->oversize) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "remote server sent an event over the size limit; dropped")) {
			log_str(&l, "server", x->r->key);
			log_int(&l, "limit", LIMIT_REMOTE_MESSAGE);
			log_end(&l);
		}
		if (x->kind == X_POST) {
			/* The answer may be the event we dropped: end the exchange with an error. */
			x->fail = FAIL_TOO_LARGE;
			return 1;
		}
		return 0;
	}
	/* MCP sends "message" events (or unnamed ones); others are not ours. */
	if (ev->type_truncated || (ev->type_len != 0 &&
	    !(ev->type_len == 7 && memcmp(ev->type, "message", 7) == 0)))
		return 0;
	/* Empty data: a priming event that only carries an id. */
	if (ev->data_len == 0)
		return 0;
	take_payload(x, ev->data, ev->data_len);
	return 0;
}

/*
 * libcurl header callback, once per header line: count, so headers stay bounded,
 * and classify at the blank line that ends the final (not 1xx) header block.
 */
static size_t
on_header(char *ptr, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	size_t len = size * n;
	long code = 0;

	x->header_bytes += len;
	if (x->header_bytes > LIMIT_REMOTE_HEADER_BYTES) {
		x->fail = FAIL_HEADERS;
		return 0;
	}
	if (len <= 2 && len > 0 && (ptr[0] == '\r' || ptr[0] == '\n')) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200)
			classify(x);
	}
	return len;
}

/* libcurl write callback. Returning anything but `len` ends the transfer. */
static size_t
on_body(char *ptr, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	struct remote *r = x->r;
	size_t len = size * n;

	if (r->state != REMOTE_OPEN && x->kind != X_DELETE)
		return 0;
	classify(x);
	switch (x->mode) {
	case BODY_DISCARD:
		x->discarded += len;
		return x->discarded <= LIMIT_REMOTE_DISCARD_BYTES ? len : 0;
	case BODY_JSON:
		if (buf_append(&x->answer, ptr, len) != 0) {
			x->fail = FAIL_TOO_LARGE;
			return 0;
		}
		return len;
	case BODY_SSE:
		return sse_feed(&x->sse, ptr, len, on_sse_event, x) == 0 ? len : 0;
	case BODY_UNEXPECTED:
		x->fail = FAIL_CONTENT_TYPE;
		return 0;
	case BODY_UNKNOWN:
	case BODY_REFUSED:
		break;
	}
	return 0;
}

/* Answer every request of the POST that got no response with a JSON-RPC error. */
static void
answer_ids(struct exchange *x, const char *why)
{
	size_t i;
	json_t *id;

	json_array_foreach(x->ids, i, id) {
		json_t *err = json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id,
		    "error", "code", RPC_INTERNAL_ERROR_CODE, "message", why);
		if (err != NULL)
			enqueue(x->r, err, NULL);
	}
	json_array_clear(x->ids);
}

static void
finish_post(struct exchange *x, CURLcode res)
{
	struct remote *r = x->r;
	char why[512];
	bool counted = false;

	if (x->mode == BODY_JSON && res == CURLE_OK && x->fail == FAIL_NONE) {
		const char *b = buf_bytes(&x->answer);
		size_t i = 0, n = buf_size(&x->answer);
		while (i < n && strchr(" \t\r\n", b[i]) != NULL)
			i++;
		if (i < n)
			take_payload(x, b, n);
	}

	if (x->fail == FAIL_TIMEOUT) {
		snprintf(why, sizeof(why), "remote server \"%s\" did not answer within %lld ms", r->key,
		    (long long)(r->call_timeout_ms + REMOTE_JSON_GRACE_MS));
		counted = true;
	} else if (x->fail == FAIL_TOO_LARGE) {
		snprintf(why, sizeof(why), "remote server \"%s\" sent a message larger than %d MiB",
		    r->key, LIMIT_REMOTE_MESSAGE / (1024 * 1024));
	} else if (x->fail == FAIL_HEADERS) {
		snprintf(why, sizeof(why), "remote server \"%s\" sent response headers larger than %d KiB",
		    r->key, LIMIT_REMOTE_HEADER_BYTES / 1024);
	} else if (x->status > 0 && (x->status < 200 || x->status > 299)) {
		if (x->status == 404 && x->sent_session) {
			r->session_expired = true;
			lose(r, "remote session expired");
			return;
		}
		if (x->status >= 300 && x->status < 400)
			snprintf(why, sizeof(why), "remote server \"%s\" answered HTTP %ld, a redirect; "
			    "redirects are not followed, configure the final URL", r->key, x->status);
		else
			snprintf(why, sizeof(why), "remote server \"%s\" answered HTTP %ld", r->key, x->status);
	} else if (x->fail == FAIL_CONTENT_TYPE) {
		snprintf(why, sizeof(why), "remote server \"%s\" answered with a content type that is "
		    "neither application/json nor text/event-stream", r->key);
	} else if (res != CURLE_OK) {
		snprintf(why, sizeof(why), "remote server \"%s\" failed: %s", r->key, curl_easy_strerror(res));
		counted = true;
	} else {
		r->failures = 0;
		if (x->initialized) {
			r->want_get = true;
			r->get_delay_ms = REMOTE_GET_RETRY_MIN_MS;
			get_open(r);
		}
		/*
		 * A request acknowledged with 202 breaks the spec; its answer may still come
		 * on the GET stream, and the router times the call out if not.
		 */
		if (json_array_size(x->ids) == 0 || x->status == 202)
			return;
		snprintf(why, sizeof(why), "remote server \"%s\" ended its answer without a response", r->key);
	}
	log_exchange(r, x, LOG_WARN, "remote exchange failed", res, why);
	answer_ids(x, why);
	if (counted && ++r->failures >= LIMIT_REMOTE_FAILURES) {
		char reason[600];
		snprintf(reason, sizeof(reason), "remote server \"%s\" failed %d exchanges in a row (%s)",
		    r->key, r->failures, res == CURLE_OK ? "timeout" : curl_easy_strerror(res));
		lose(r, reason);
	}
}

/* The GET stream ended or could not open: reopen it later, unless it cannot be. */
static void
finish_get(struct exchange *x, CURLcode res)
{
	struct remote *r = x->r;
	int64_t lived = util_now_ms() - x->started_ms;

	r->get = NULL;
	if (r->state != REMOTE_OPEN)
		return;
	if (x->status == 405) {
		struct logline l;
		r->get_unsupported = true;
		log_begin(&l, LOG_DEBUG, "remote server offers no stream of its own messages (405)");
		log_str(&l, "server", r->key);
		log_end(&l);
		return;
	}
	if (x->status == 404 && x->sent_session) {
		r->session_expired = true;
		lose(r, "remote session expired");
		return;
	}
	if (x->mode == BODY_SSE && lived >= REMOTE_GET_HEALTHY_MS)
		r->get_delay_ms = REMOTE_GET_RETRY_MIN_MS;
	log_exchange(r, x, x->mode == BODY_SSE && res == CURLE_OK ? LOG_DEBUG : LOG_WARN,
	    "remote stream ended; reopening", res,
	    x->fail == FAIL_TIMEOUT ? "no response headers in time" :
	    x->mode == BODY_UNEXPECTED ? "the answer is not an event stream" : NULL);
	uv_timer_start(&r->get_timer, on_get_timer, (uint64_t)r->get_delay_ms, 0);
	r->get_delay_ms = r->get_delay_ms * 2 > REMOTE_GET_RETRY_MAX_MS ?
	    REMOTE_GET_RETRY_MAX_MS : r->get_delay_ms * 2;
}

/* A transfer is over (done, failed, or past its deadline). */
static void
finish(struct exchange *x, CURLcode res)
{
	struct remote *r = x->r;

	classify(x);
	switch (x->kind) {
	case X_POST:
		finish_post(x, res);
		exchange_free(x);
		break;
	case X_GET:
		finish_get(x, res);
		exchange_free(x);
		break;
	case X_DELETE:
		log_exchange(r, x, LOG_DEBUG, "remote session ended", res, NULL);
		exchange_free(x);
		if (r->state == REMOTE_CLOSING && r->nexchanges == 0)
			finalize(r);
		break;
	}
}

/* ---- the GET stream ------------------------------------------------------- */

/* Open the stream of server-initiated messages, when wanted and not open yet. */
static void
get_open(struct remote *r)
{
	if (r->state != REMOTE_OPEN || !r->want_get || r->get_unsupported || r->get != NULL ||
	    uv_is_active((uv_handle_t *)&r->get_timer))
		return;
	r->get = exchange_start(r, X_GET, NULL, 0, NULL);
	if (r->get == NULL) {
		uv_timer_start(&r->get_timer, on_get_timer, (uint64_t)r->get_delay_ms, 0);
		r->get_delay_ms = r->get_delay_ms * 2 > REMOTE_GET_RETRY_MAX_MS ?
		    REMOTE_GET_RETRY_MAX_MS : r->get_delay_ms * 2;
	}
}

static void
on_get_timer(uv_timer_t *h)
{
	struct remote *r = h->data;

	get_open(r);
}

/* ---- driving libcurl from libuv ------------------------------------------ */

/* Exchanges past their deadline end as timeouts. */
static void
expire_deadlines(struct remote *r)
{
	int64_t now = util_now_ms();
	struct exchange *x, *next;

	for (x = r->exchanges; x != NULL && r->state == REMOTE_OPEN; x = next) {
		next = x->next;
		if (x->deadline_ms != 0 && now >= x->deadline_ms) {
			x->fail = FAIL_TIMEOUT;
			finish(x, CURLE_OPERATION_TIMEDOUT);
		}
	}
}

static void
on_deadline_timer(uv_timer_t *h)
{
	pump(h->data);
}

static void
arm_deadline(struct remote *r)
{
	int64_t first = 0, now;

	if (r->state == REMOTE_CLOSING)
		return;
	for (struct exchange *x = r->exchanges; x != NULL; x = x->next)
		if (x->deadline_ms != 0 && (first == 0 || x->deadline_ms < first))
			first = x->deadline_ms;
	if (first == 0) {
		uv_timer_stop(&r->deadline_timer);
		return;
	}
	now = util_now_ms();
	uv_timer_start(&r->deadline_timer, on_deadline_timer,
	    (uint64_t)(first > now ? first - now : 0), 0);
}

/*
 * After every call into curl: finish completed transfers, end the ones past
 * their deadline, and hand what arrived to the owner, in that order, so that a
 * synthesized error follows the messages that came before it.
 */
static void
pump(struct remote *r)
{
	CURLMsg *m;
	int left;

	if (r->pumping)
		return;
	r->pumping = true;
	while (r->multi != NULL && (m = curl_multi_info_read(r->multi, &left)) != NULL) {
		struct exchange *x = NULL;
		CURLcode res = m->data.result;

		if (m->msg != CURLMSG_DONE)
			continue;
		char *priv = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		x = (struct exchange *)priv;
		if (x != NULL)
			finish(x, res);
	}
	if (r->state == REMOTE_OPEN)
		expire_deadlines(r);
	if (r->state == REMOTE_LOST) {
		abort_all(r);
		uv_timer_stop(&r->get_timer);
	}
	deliver(r);
	arm_deadline(r);
	r->pumping = false;
}

static void
on_curl_timer(uv_timer_t *h)
{
	struct remote *r = h->data;
	int running;

	if (r->multi == NULL)
		return;
	curl_multi_socket_action(r->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	pump(r);
}

/* CURLMOPT_TIMERFUNCTION: curl wants to be woken in timeout_ms (-1: never). */
static int
on_curl_timeout(CURLM *multi, long timeout_ms, void *arg)
{
	struct remote *r = arg;

	(void)multi;
	if (r->finalized)
		return 0;
	if (timeout_ms < 0)
		uv_timer_stop(&r->curl_timer);
	else
		uv_timer_start(&r->curl_timer, on_curl_timer, (uint64_t)timeout_ms, 0);
	return 0;
}

static void handle_gone(struct remote *r);

static void
sock_closed(uv_handle_t *h)
{
	struct rsock *s = h->data;
	struct remote *r = s->r;

	free(s);
	handle_gone(r);
}

static void
sock_close(struct rsock *s)
{
	struct remote *r = s->r;

	if (s->prev)
		s->prev->next = s->next;
	else
		r->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	uv_close((uv_handle_t *)&s->poll, sock_closed);
}

static void
on_poll(uv_poll_t *h, int status, int events)
{
	struct rsock *s = h->data;
	struct remote *r = s->r;
	int flags = 0, running;

	if (r->multi == NULL)
		return;
	if (status < 0)
		flags = CURL_CSELECT_ERR;
	else {
		if (events & UV_READABLE)
			flags |= CURL_CSELECT_IN;
		if (events & UV_WRITABLE)
			flags |= CURL_CSELECT_OUT;
	}
	curl_multi_socket_action(r->multi, s->fd, flags, &running);
	pump(r);
}

/* CURLMOPT_SOCKETFUNCTION: watch a socket for what curl asks, or stop. */
static int
on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *arg, void *sockp)
{
	struct remote *r = arg;
	struct rsock *s = sockp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s != NULL) {
			uv_poll_stop(&s->poll);
			sock_close(s);
		}
		return 0;
	}
	if (s == NULL) {
		if (r->finalized)
			return 0;
		s = xcalloc(1, sizeof(*s));
		s->r = r;
		s->fd = fd;
		if (uv_poll_init_socket(r->loop, &s->poll, fd) != 0) {
			struct logline l;
			log_begin(&l, LOG_ERROR, "cannot watch a socket of a remote server");
			log_str(&l, "server", r->key);
			log_end(&l);
			free(s);
			return -1;
		}
		s->poll.data = s;
		r->open_handles++;
		s->next = r->socks;
		if (r->socks)
			r->socks->prev = s;
		r->socks = s;
		curl_multi_assign(r->multi, fd, s);
	}
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	uv_poll_start(&s->poll, events, on_poll);
	return 0;
}

/* ---- the transport interface --------------------------------------------- */

/*
 * Peek at an outgoing message (or batch): the ids of requests are kept to answer
 * them with an error if the exchange fails, an initialize request is remembered
 * to read the protocol version from its answer, and notifications/initialized
 * opens the GET stream once it is accepted.
 */
static void
peek_outgoing(struct exchange *x, json_t *m)
{
	const char *method = json_string_value(json_object_get(m, "method"));
	json_t *id = json_object_get(m, "id");

	if (method == NULL)
		return;
	if (id != NULL && !json_is_null(id)) {
		json_array_append(x->ids, id);
		if (strcmp(method, "tools/list") == 0) {
			struct remote *r = x->r;
			char *key = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
			if (r->list_ids == NULL || json_object_size(r->list_ids) > 64) {
				json_decref(r->list_ids);
				r->list_ids = json_object();
			}
			if (key != NULL) {
				json_t *cursor = json_object_get(json_object_get(m, "params"), "cursor");
				json_object_set_new(r->list_ids, key, json_boolean(cursor == NULL));
			}
			free(key);
		}
		if (strcmp(method, "initialize") == 0 && x->init_id == NULL)
			x->init_id = json_incref(id);
	} else if (id == NULL && strcmp(method, "notifications/initialized") == 0) {
		x->initialized = true;
	}
}

static int
remote_send(struct transport *t, const char *json, size_t len)
{
	struct remote *r = (struct remote *)t;
	struct exchange *x;
	json_error_t jerr;
	json_t *msg, *item;
	char *body;
	size_t i;

	if (r->state != REMOTE_OPEN)
		return -1;
	if (r->nexchanges >= LIMIT_REMOTE_EXCHANGES) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "too many HTTP exchanges in flight to a remote server; message refused")) {
			log_str(&l, "server", r->key);
			log_int(&l, "limit", LIMIT_REMOTE_EXCHANGES);
			log_end(&l);
		}
		return -1;
	}
	msg = json_loadb(json, len, 0, &jerr);
	if (msg == NULL)
		return -1;
	body = xmalloc(len ? len : 1);
	memcpy(body, json, len);
	x = exchange_start(r, X_POST, body, len, msg);
	if (x == NULL) {
		json_decref(msg);
		return -1;
	}
	if (json_is_array(msg)) {
		json_array_foreach(msg, i, item)
			peek_outgoing(x, item);
	} else {
		peek_outgoing(x, msg);
	}
	json_decref(msg);
	if (!r->pumping)
		arm_deadline(r);
	return 0;
}

static void
free_remote(struct remote *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		sodium_memzero(r->headers[i], strlen(r->headers[i]));
		free(r->headers[i]);
	}
	free(r->headers);
	json_decref(r->list_ids);
	json_decref(r->tool_params);
	sodium_memzero(r->session_id, sizeof(r->session_id));
	free(r->key);
	if (r->url)
		sodium_memzero(r->url, strlen(r->url));
	free(r->url);
	free(r);
}

/* A uv handle finished closing; the last one after finalize() ends the transport. */
static void
handle_gone(struct remote *r)
{
	if (--r->open_handles > 0 || !r->finalized)
		return;
	if (r->t.cb != NULL)
		r->t.cb->on_closed(r->t.owner);
	free_remote(r);
}

static void
timer_closed(uv_handle_t *h)
{
	handle_gone(h->data);
}

/*
 * The end: curl goes first (it reports the sockets it closes through
 * on_curl_socket), then every uv handle left; on_closed follows the last close.
 */
static void
finalize(struct remote *r)
{
	if (r->finalized)
		return;
	r->finalized = true;
	abort_all(r);
	if (r->multi != NULL) {
		curl_multi_cleanup(r->multi);
		r->multi = NULL;
	}
	while (r->socks != NULL) {
		uv_poll_stop(&r->socks->poll);
		sock_close(r->socks);
	}
	uv_close((uv_handle_t *)&r->curl_timer, timer_closed);
	uv_close((uv_handle_t *)&r->deadline_timer, timer_closed);
	uv_close((uv_handle_t *)&r->get_timer, timer_closed);
	uv_close((uv_handle_t *)&r->close_timer, timer_closed);
}

/*
 * Runs from the loop after close(): stop every exchange, tell the server the
 * session is over (DELETE, bounded, its answer ignored), then finalize.
 */
static void
on_close_timer(uv_timer_t *h)
{
	struct remote *r = h->data;

	drop_queue(r);
	abort_all(r);
	uv_timer_stop(&r->get_timer);
	uv_timer_stop(&r->deadline_timer);
	if (r->session_id[0] != '\0' && !r->session_expired &&
	    exchange_start(r, X_DELETE, NULL, 0, NULL) != NULL)
		return;                         /* finish() finalizes when it is done */
	finalize(r);
}

static void
remote_close(struct transport *t)
{
	struct remote *r = (struct remote *)t;

	if (r->state == REMOTE_CLOSING)
		return;
	r->state = REMOTE_CLOSING;
	/* Maybe inside on_message: curl may be mid-call, so tear down from the loop. */
	uv_timer_start(&r->close_timer, on_close_timer, 0, 0);
}

/* Resolve the configured headers into "Name: value" lines, checked. */
static int
resolve_headers(struct remote *r, const struct server_config *srv, const struct secret_source *secrets,
    char *err, size_t errcap)
{
	char why[512];

	r->headers = xcalloc(srv->nenv + 1, sizeof(char *));
	for (size_t i = 0; i < srv->nenv; i++) {
		const struct config_value *v = &srv->env[i];
		char *value, *line;
		size_t nlen, vlen;

		if (!header_name_ok(v->name)) {
			snprintf(err, errcap, "remote server \"%s\": \"%s\" is not a valid header name",
			    srv->key, v->name);
			return -1;
		}
		if (header_reserved(v->name)) {
			struct logline l;
			log_begin(&l, LOG_WARN, "configured header is set by the MCP transport itself; ignored");
			log_str(&l, "server", srv->key);
			log_str(&l, "header", v->name);
			log_end(&l);
			continue;
		}
		why[0] = '\0';
		value = config_value_resolve(v, secrets, why, sizeof(why));
		if (value == NULL) {
			snprintf(err, errcap, "remote server \"%s\": %s", srv->key, why);
			return -1;
		}
		if (!header_value_ok(value)) {
			sodium_memzero(value, strlen(value));
			free(value);
			snprintf(err, errcap, "remote server \"%s\": the value of header %s contains control "
			    "characters (a line break?); fix the value it refers to", srv->key, v->name);
			return -1;
		}
		nlen = strlen(v->name);
		vlen = strlen(value);
		line = xmalloc(nlen + vlen + 3);
		memcpy(line, v->name, nlen);
		if (vlen == 0) {
			/* curl drops "Name:" lines; "Name;" sends the header with no value. */
			memcpy(line + nlen, ";", 2);
		} else {
			memcpy(line + nlen, ": ", 2);
			memcpy(line + nlen + 2, value, vlen + 1);
		}
		sodium_memzero(value, vlen);
		free(value);
		r->headers[r->nheaders++] = line;
	}
	return 0;
}

struct transport *
remote_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	static bool curl_ready;
	struct remote *r;
	struct logline l;

	if (srv->transport != SERVER_HTTP || srv->url == NULL) {
		snprintf(err, errcap, "server \"%s\" has no \"url\"; it is not a remote server", srv->key);
		return NULL;
	}
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(err, errcap, "remote server \"%s\": libcurl failed to initialize", srv->key);
			return NULL;
		}
		curl_ready = true;
	}
	r = xcalloc(1, sizeof(*r));
	r->key = xstrdup(srv->key);
	/* ${VAR} in the URL (a key in a query string, often): expanded here only, wiped when freed. */
	if (config_has_expansion(srv->url)) {
		char what[160];
		snprintf(what, sizeof(what), "remote server \"%s\": url", srv->key);
		if ((r->url = config_expand(srv->url, what, err, errcap)) == NULL) {
			free(r->key);
			free(r);
			return NULL;
		}
	} else {
		r->url = xstrdup(srv->url);
	}
	r->loop = env->loop;
	r->call_timeout_ms = env->call_timeout_ms > 0 ? env->call_timeout_ms : 60000;
	r->queue_tail = &r->queue;
	r->tool_params = json_object();
	r->get_delay_ms = REMOTE_GET_RETRY_MIN_MS;
	if (resolve_headers(r, srv, env->secrets, err, errcap) != 0) {
		free_remote(r);
		return NULL;
	}
	r->multi = curl_multi_init();
	if (r->multi == NULL) {
		snprintf(err, errcap, "remote server \"%s\": libcurl failed to initialize", srv->key);
		free_remote(r);
		return NULL;
	}
	curl_multi_setopt(r->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(r->multi, CURLMOPT_SOCKETDATA, (void *)r);
	curl_multi_setopt(r->multi, CURLMOPT_TIMERFUNCTION, on_curl_timeout);
	curl_multi_setopt(r->multi, CURLMOPT_TIMERDATA, (void *)r);
	uv_timer_init(r->loop, &r->curl_timer);
	uv_timer_init(r->loop, &r->deadline_timer);
	uv_timer_init(r->loop, &r->get_timer);
	uv_timer_init(r->loop, &r->close_timer);
	r->curl_timer.data = r->deadline_timer.data = r->get_timer.data = r->close_timer.data = r;
	r->open_handles = 4;
	r->t.ops = &remote_ops;
	r->t.cb = cb;
	r->t.owner = owner;

	log_begin(&l, LOG_INFO, "remote server ready");
	log_str(&l, "server", r->key);
	log_int(&l, "headers", (long long)r->nheaders);
	log_end(&l);
	return &r->t;
}

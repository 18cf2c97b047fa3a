/*
 * MCP 2026-07-28 clients in front of the router: see modern.h for the model.
 * The methods a modern client may call are a table; everything but
 * server/discover goes through the router's own method table, so the guard,
 * the pins, the token's tool globs, redaction and the records apply exactly as
 * for a legacy session.
 */
#include "../limits.h"
#include "modern.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/log.h"
#include "../util/util.h"
#include "../version.h"
#include "router_int.h"

static const char *const modern_versions[] = { MCP_VERSION_MODERN };
/* Offered after the modern one in server/discover and -32022: they need initialize. */
static const char *const legacy_versions[] = { "2025-11-25", "2025-06-18", "2025-03-26" };

bool
mcp_modern_version_supported(const char *v)
{
	for (size_t i = 0; i < sizeof(modern_versions) / sizeof(modern_versions[0]); i++)
		if (v && strcmp(v, modern_versions[i]) == 0)
			return true;
	return false;
}

json_t *
mcp_all_versions(void)
{
	json_t *out = json_array();

	for (size_t i = 0; i < sizeof(modern_versions) / sizeof(modern_versions[0]); i++)
		json_array_append_new(out, json_string(modern_versions[i]));
	for (size_t i = 0; i < sizeof(legacy_versions) / sizeof(legacy_versions[0]); i++)
		if (mcp_version_supported(legacy_versions[i]))
			json_array_append_new(out, json_string(legacy_versions[i]));
	return out;
}

/*
 * What a modern client may call. CACHEABLE: its result carries ttlMs and
 * cacheScope (server/utilities/caching). LOCAL: answered by the gateway
 * itself, without a session. ping, logging/setLevel and resources/subscribe
 * are gone in this revision, initialize selects the legacy era: none is here,
 * so each gets 404 with -32601.
 */
#define M_CACHEABLE 1
#define M_LOCAL     2
#define M_LISTEN    4
static const struct modern_method {
	const char *name;
	unsigned    flags;
} modern_methods[] = {
	{ "server/discover",          M_CACHEABLE | M_LOCAL },
	{ "tools/list",               M_CACHEABLE },
	{ "tools/call",               0 },
	{ "prompts/list",             M_CACHEABLE },
	{ "prompts/get",              0 },
	{ "resources/list",           M_CACHEABLE },
	{ "resources/templates/list", M_CACHEABLE },
	{ "resources/read",           M_CACHEABLE },
	{ "completion/complete",      0 },
	{ "subscriptions/listen",     M_LISTEN },
};

static const struct modern_method *
method_of(const char *name)
{
	for (size_t i = 0; name && i < sizeof(modern_methods) / sizeof(modern_methods[0]); i++)
		if (strcmp(modern_methods[i].name, name) == 0)
			return &modern_methods[i];
	return NULL;
}

bool
mcp_modern_method_known(const char *method)
{
	return method_of(method) != NULL;
}

bool
mcp_modern_request(const json_t *msg)
{
	json_t *method = json_object_get(msg, "method");
	json_t *meta;

	if (!json_is_object(msg) || !json_is_string(method) || json_object_get(msg, "id") == NULL)
		return false;
	if (strcmp(json_string_value(method), "initialize") == 0)
		return false;
	meta = json_object_get(json_object_get(msg, "params"), "_meta");
	return json_is_string(json_object_get(meta, MCP_META_VERSION));
}

/*
 * An initialize that names 2026-07-28 in its _meta (and no protocolVersion of
 * its own): a modern client trying a method its revision removed, which the
 * modern side answers with 404 and -32601. A 2025 initialize has none of that.
 */
bool
mcp_modern_initialize(const json_t *msg)
{
	json_t *params = json_object_get(msg, "params");

	return json_is_string(json_object_get(msg, "method")) &&
	    strcmp(json_string_value(json_object_get(msg, "method")), "initialize") == 0 &&
	    json_object_get(params, "protocolVersion") == NULL &&
	    json_is_string(json_object_get(json_object_get(params, "_meta"), MCP_META_VERSION));
}

char *
mcp_modern_error_body(json_t *id, int code, const char *message, json_t *data, size_t *len)
{
	char clean[1024];
	json_t *err = json_pack("{s:i, s:s}", "code", code, "message", util_utf8_clean(message, clean, sizeof(clean)));
	json_t *v;
	char *s;

	if (data)
		json_object_set(err, "data", data);
	if (!json_is_string(id) && !json_is_integer(id))
		id = json_null();
	v = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "error", err);
	s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL)
		fatal("out of memory");
	*len = strlen(s);
	return s;
}

/* ---- routing header values ------------------------------------------- */

int
mcp_header_value_decode(const char *value, char *out, size_t cap, size_t *len)
{
	size_t n = strlen(value), bin;

	if (cap == 0)
		return -1;
	if (n >= 11 && strncmp(value, "=?base64?", 9) == 0 && strcmp(value + n - 2, "?=") == 0) {
		if (sodium_base642bin((unsigned char *)out, cap - 1, value + 9, n - 11, NULL, &bin, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0)
			return -1;
		out[bin] = '\0';
		*len = bin;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)value[i];
		if (ch != '\t' && (ch < 0x20 || ch > 0x7e))
			return -1;
	}
	if (n >= cap)
		return -1;
	memcpy(out, value, n + 1);
	*len = n;
	return 0;
}

/* Does the decoded header (`dec`, `dlen` bytes) say what the body's value says? */
static bool
header_matches(const char *dec, size_t dlen, const json_t *v)
{
	long long ll;
	char *end;

	if (json_is_string(v))
		return json_string_length(v) == dlen && memcmp(json_string_value(v), dec, dlen) == 0;
	if (json_is_boolean(v))
		return strcmp(dec, json_is_true(v) ? "true" : "false") == 0 && strlen(dec) == dlen;
	if (json_is_integer(v) && util_parse_int(dec, INT64_MIN, INT64_MAX, &ll) == 0)
		return ll == json_integer_value(v);
	if (json_is_number(v) && dlen > 0 && strlen(dec) == dlen) {
		/* "42.0" and 42 are one value: compare numerically. */
		double d = strtod(dec, &end);
		return *end == '\0' && isfinite(d) && d == json_number_value(v);
	}
	return false;
}

/* One x-mcp-header parameter at its place in the arguments (`value` may be NULL). */
static int
check_param(const char *hname, const json_t *value, const json_t *headers, char *err, size_t errcap)
{
	char key[LIMIT_TOOL_NAME + 1], dec[LIMIT_MCP_HEADER_VALUE + 1];
	const char *raw;
	size_t i, dlen;

	for (i = 0; hname[i] && i < sizeof(key) - 1; i++)
		key[i] = (char)(hname[i] >= 'A' && hname[i] <= 'Z' ? hname[i] - 'A' + 'a' : hname[i]);
	key[i] = '\0';
	raw = json_string_value(json_object_get(headers, key));
	if (value == NULL || json_is_null(value)) {
		if (raw == NULL)
			return 0;
		snprintf(err, errcap, "Header mismatch: Mcp-Param-%.64s is sent but the argument is absent", hname);
		return -1;
	}
	if (raw == NULL) {
		snprintf(err, errcap, "Header mismatch: Mcp-Param-%.64s is required (the tool mirrors that argument)", hname);
		return -1;
	}
	if (mcp_header_value_decode(raw, dec, sizeof(dec), &dlen) != 0) {
		snprintf(err, errcap, "Header mismatch: Mcp-Param-%.64s has characters a header may not carry, or bad base64", hname);
		return -1;
	}
	if (!header_matches(dec, dlen, value)) {
		snprintf(err, errcap, "Header mismatch: Mcp-Param-%.64s does not match the argument in the body", hname);
		return -1;
	}
	return 0;
}

/* Follow "properties" chains (only those) from `schema`, with the arguments beside. */
static int
walk_params(const json_t *schema, const json_t *args, const json_t *headers, unsigned depth,
    char *err, size_t errcap)
{
	const json_t *props = json_object_get(schema, "properties");
	const char *k;
	json_t *sub;

	if (!json_is_object(props) || depth >= LIMIT_MCP_PARAM_DEPTH)
		return 0;
	json_object_foreach((json_t *)props, k, sub) {
		const json_t *value = json_is_object(args) ? json_object_get(args, k) : NULL;
		const char *hname = json_string_value(json_object_get(sub, "x-mcp-header"));
		if (hname != NULL && check_param(hname, value, headers, err, errcap) != 0)
			return -1;
		if (walk_params(sub, value, headers, depth + 1, err, errcap) != 0)
			return -1;
	}
	return 0;
}

int
mcp_modern_check_params(const json_t *input_schema, const json_t *arguments, const json_t *headers,
    char *err, size_t errcap)
{
	return walk_params(input_schema, arguments, headers, 0, err, errcap);
}

/* RFC 5424 levels, as MCP names them, least severe first; -1 for anything else. */
static int
log_level_of(const char *name)
{
	static const char *const levels[] = { "debug", "info", "notice", "warning", "error", "critical",
	    "alert", "emergency" };

	for (int i = 0; name != NULL && i < (int)(sizeof(levels) / sizeof(levels[0])); i++)
		if (strcmp(name, levels[i]) == 0)
			return i;
	return -1;
}

/* ---- the answer stream ------------------------------------------------ */

/*
 * Between the router and the HTTP exchange of one modern request: results get
 * the fields this revision requires, an error code it forbids is mapped, and
 * what it does not carry is not passed on. A server's request to the client
 * (elicitation, sampling, roots) made during the call ends the exchange with an
 * input_required result (MRTR); the call goes on at its server, and the
 * client's retry takes the stream over (bridge_resume): its answer reaches the
 * waiting server, and the call's final response reaches the retry, under the
 * retry's id.
 */
struct modern_stream {
	struct mcp_stream  base;
	struct mcp_stream *inner;           /* the client's exchange; NULL while waiting for a retry */
	struct router     *r;
	uint8_t            token_hash[TOKEN_HASH_BYTES];
	bool               cacheable;
	int                log_level;       /* _meta logLevel asked for (0 debug .. 7 emergency); -1: none */
	bool               abandoned;       /* the client was told the request failed: drop the rest */
	json_t            *reply_id;        /* the id of the client request it answers now */
	json_t            *client_caps;     /* that request's clientCapabilities */
	json_t            *parked;          /* the final response, come while waiting for the retry */
	char              *method;          /* the request as first made, for requestState */
	char              *target;          /* its params.name or params.uri, "" when none */
};

struct listen_hub;
static struct listen_hub *hub_of(struct session *s);
static int  bridge_park(struct listen_hub *hub, struct modern_stream *ms, const char *gw_id,
    char *state, size_t statecap);

static struct session *
hidden_session(struct router *r, const uint8_t token_hash[TOKEN_HASH_BYTES])
{
	for (struct session *s = r->sessions; s; s = s->next)
		if (s->modern && !s->ending && sodium_memcmp(s->token_hash, token_hash, TOKEN_HASH_BYTES) == 0)
			return s;
	return NULL;
}

/* The server's request cannot reach the client: it hears so at once rather
 * than at its timeout (through the router's id mapping, as a client answer). */
static void
refuse_server_request(struct session *s, json_t *msg, const char *why)
{
	json_t *no;

	if (s == NULL)
		return;
	no = mcp_error_response(json_object_get(msg, "id"), MCP_ERR_INTERNAL, why);
	router_client_message(s, no, NULL);
	json_decref(no);
}

/* Send on the client's exchange, under the id of its current request. */
static void
ms_deliver(struct modern_stream *ms, json_t *msg)
{
	json_t *copy = NULL;

	if (ms->reply_id != NULL && json_object_get(msg, "id") != NULL && (json_object_get(msg, "result") ||
	    json_object_get(msg, "error"))) {
		copy = json_deep_copy(msg);
		json_object_set(copy, "id", ms->reply_id);
		msg = copy;
	}
	if (ms->inner != NULL && !ms->inner->gone && !ms->inner->ended)
		ms->inner->ops->send(ms->inner, msg);
	json_decref(copy);
}

/* The client's exchange is over (answered, or handed to a retry later). */
static void
ms_finish_inner(struct modern_stream *ms)
{
	struct mcp_stream *inner = ms->inner;

	if (inner == NULL)
		return;
	if (!inner->ended) {
		inner->ended = true;
		if (!inner->gone)
			inner->ops->end(inner);
	}
	mcp_stream_unref(inner);
	ms->inner = NULL;
}

/* The capability a server-to-client request needs of the client. */
static const char *
capability_for(const char *method)
{
	return strcmp(method, "elicitation/create") == 0 ? "elicitation" :
	    strcmp(method, "sampling/createMessage") == 0 ? "sampling" :
	    strcmp(method, "roots/list") == 0 ? "roots" : NULL;
}

/* A server asks the client something during this request's call. */
static void
ms_server_request(struct modern_stream *ms, json_t *msg)
{
	struct session *s = hidden_session(ms->r, ms->token_hash);
	struct listen_hub *hub = s ? hub_of(s) : NULL;
	const char *method = json_string_value(json_object_get(msg, "method"));
	const char *need = capability_for(method);
	const char *gw_id = json_string_value(json_object_get(msg, "id"));
	char state[128];
	json_t *out, *params = json_object_get(msg, "params");

	if (s == NULL || hub == NULL || ms->inner == NULL || ms->inner->gone || need == NULL || gw_id == NULL) {
		refuse_server_request(s, msg, "the MCP 2026-07-28 client cannot take this request now");
		return;
	}
	if (!json_is_object(json_object_get(ms->client_caps, need))) {
		/* The client did not declare what this needs: -32021, and the call is
		 * left to end on its own (the server hears the refusal). */
		refuse_server_request(s, msg, "the client did not declare the capability this request needs");
		json_t *data = json_pack("{s:{s:{}}}", "requiredCapabilities", need);
		char text[160];
		snprintf(text, sizeof(text), "Missing required client capability: %s (the server asked for %s)", need, method);
		out = mcp_error_response(ms->reply_id, MCP_ERR_MISSING_CAPABILITY, text);
		json_object_set_new(json_object_get(out, "error"), "data", data);
		if (ms->inner != NULL)
			ms->inner->http_status = 400;       /* the spec's status, when it goes out alone */
		ms_deliver(ms, out);
		json_decref(out);
		ms->abandoned = true;
		ms_finish_inner(ms);
		return;
	}
	if (bridge_park(hub, ms, gw_id, state, sizeof(state)) != 0) {
		refuse_server_request(s, msg, "too many requests waiting for MCP 2026-07-28 clients");
		return;
	}
	out = json_pack("{s:s, s:O, s:{s:s, s:{s:{s:s, s:o}}, s:s, s:{s:{s:s, s:s}}}}", "jsonrpc", "2.0",
	    "id", ms->reply_id, "result", "resultType", "input_required",
	    "inputRequests", gw_id, "method", method, "params", params ? json_incref(params) : json_object(),
	    "requestState", state, "_meta", MCP_META_SERVER_INFO, "name", "gatehouse", "version", GATEHOUSE_VERSION);
	ms_deliver(ms, out);
	json_decref(out);
	ms_finish_inner(ms);
}

static void
ms_send(struct mcp_stream *st, json_t *msg)
{
	struct modern_stream *ms = (struct modern_stream *)st;
	json_t *result = json_object_get(msg, "result");
	json_t *error = json_object_get(msg, "error");
	json_t *copy, *meta;

	if (json_is_string(json_object_get(msg, "method")) && json_object_get(msg, "id") != NULL) {
		ms_server_request(ms, msg);
		return;
	}
	if (ms->inner == NULL) {
		/* Waiting for the retry: keep the final response for it. */
		if (!ms->abandoned && ms->parked == NULL && (result != NULL || error != NULL))
			ms->parked = json_incref(msg);
		return;
	}
	if (ms->inner->gone || ms->inner->ended) {
		ms->base.gone = ms->inner->gone;
		return;
	}
	if (json_is_string(json_object_get(msg, "method"))) {
		const char *method = json_string_value(json_object_get(msg, "method"));
		/* Only what relates to this request: progress, and log messages at or above
		 * the level the request asked for in _meta (none without one: 2026-07-28). */
		if (strcmp(method, "notifications/progress") == 0)
			ms_deliver(ms, msg);
		else if (strcmp(method, "notifications/message") == 0 && ms->log_level >= 0 &&
		    log_level_of(json_string_value(json_object_get(json_object_get(msg, "params"), "level"))) >= ms->log_level)
			ms_deliver(ms, msg);
		return;
	}
	if (json_is_object(error)) {
		/* -32002 (resource not found) is a 2025 code this revision forbids: -32602 replaces it. */
		if (json_integer_value(json_object_get(error, "code")) == -32002) {
			copy = json_deep_copy(msg);
			json_object_set_new(json_object_get(copy, "error"), "code", json_integer(MCP_ERR_INVALID_PARAMS));
			ms_deliver(ms, copy);
			json_decref(copy);
			return;
		}
		/* The HTTP status 2026-07-28 gives these (a modern server's own errors,
		 * passed on), when the error goes out alone. */
		switch (json_integer_value(json_object_get(error, "code"))) {
		case MCP_ERR_HEADER_MISMATCH:
		case MCP_ERR_MISSING_CAPABILITY:
		case MCP_ERR_UNSUPPORTED_VERSION:
			ms->inner->http_status = 400;
			break;
		}
		ms_deliver(ms, msg);
		return;
	}
	if (!json_is_object(result)) {
		ms_deliver(ms, msg);
		return;
	}
	copy = json_deep_copy(msg);
	result = json_object_get(copy, "result");
	if (!json_is_string(json_object_get(result, "resultType")))
		json_object_set_new(result, "resultType", json_string("complete"));
	/* Lists and reads are what this token may see now (policy, pins, its own
	 * instances): private to the token, and stale at once, since a review or a
	 * server's change can alter them at any moment. */
	if (ms->cacheable && strcmp(json_string_value(json_object_get(result, "resultType")), "complete") == 0) {
		json_object_set_new(result, "ttlMs", json_integer(0));
		json_object_set_new(result, "cacheScope", json_string("private"));
	}
	meta = json_object_get(result, "_meta");
	if (!json_is_object(meta)) {
		meta = json_object();
		json_object_set_new(result, "_meta", meta);
	}
	json_object_set_new(meta, MCP_META_SERVER_INFO,
	    json_pack("{s:s, s:s}", "name", "gatehouse", "version", GATEHOUSE_VERSION));
	ms_deliver(ms, copy);
	json_decref(copy);
}

static void
ms_end(struct mcp_stream *st)
{
	struct modern_stream *ms = (struct modern_stream *)st;

	/* While waiting for a retry there is no exchange to end: the retry gets
	 * the parked response. */
	if (ms->inner != NULL && !ms->inner->ended) {
		ms->inner->ended = true;
		if (!ms->inner->gone)
			ms->inner->ops->end(ms->inner);
	}
}

static void
ms_release(struct mcp_stream *st)
{
	struct modern_stream *ms = (struct modern_stream *)st;

	mcp_stream_unref(ms->inner);
	json_decref(ms->reply_id);
	json_decref(ms->client_caps);
	json_decref(ms->parked);
	free(ms->method);
	free(ms->target);
	free(ms);
}

/* Closing the response stream is the cancellation (2026-07-28); while the
 * exchange waits for a retry (input_required) it has no stream to close. */
static bool
ms_abandoned(struct mcp_stream *st)
{
	struct modern_stream *ms = (struct modern_stream *)st;

	return ms->inner != NULL && ms->inner->gone && !ms->inner->ended;
}

static const struct mcp_stream_ops modern_stream_ops = { ms_send, ms_end, ms_release, ms_abandoned };

/* The params.name or params.uri a request names, "" when none. */
static const char *
target_of(const json_t *msg)
{
	const json_t *params = json_object_get(msg, "params");
	const char *t = json_string_value(json_object_get(params, "name"));

	if (t == NULL)
		t = json_string_value(json_object_get(params, "uri"));
	return t ? t : "";
}

static struct modern_stream *
modern_stream_new(struct router *r, const uint8_t token_hash[TOKEN_HASH_BYTES], struct mcp_stream *inner,
    bool cacheable, json_t *msg)
{
	struct modern_stream *ms = xcalloc(1, sizeof(*ms));
	json_t *caps = json_object_get(json_object_get(json_object_get(msg, "params"), "_meta"),
	    MCP_META_CLIENT_CAPS);

	mcp_stream_init(&ms->base, &modern_stream_ops);
	mcp_stream_ref(inner);
	ms->inner = inner;
	ms->r = r;
	memcpy(ms->token_hash, token_hash, TOKEN_HASH_BYTES);
	ms->cacheable = cacheable;
	ms->log_level = log_level_of(json_string_value(json_object_get(json_object_get(json_object_get(msg, "params"),
	    "_meta"), MCP_META_LOG_LEVEL)));
	ms->reply_id = json_incref(json_object_get(msg, "id"));
	ms->client_caps = json_is_object(caps) ? json_incref(caps) : json_object();
	ms->method = xstrdup(json_string_value(json_object_get(msg, "method")));
	ms->target = xstrdup(target_of(msg));
	return ms;
}

/* ---- subscriptions/listen -------------------------------------------- */

/*
 * The hidden session's standalone stream: what the router sends a session
 * outside any request (list changes above all) fans out to the token's open
 * subscriptions/listen streams, each getting the notification types it asked
 * for, tagged with its subscription id (the id of its listen request). With no
 * subscriber left the hub counts as gone, so the session may idle out.
 */
struct listen_sub {
	struct listen_sub *next;
	struct mcp_stream *stream;      /* the listen request's HTTP exchange */
	json_t            *id;          /* its JSON-RPC id = the subscription id */
	bool               kinds[3];    /* tools, prompts, resources list changes */
	json_t            *uris;        /* resourceSubscriptions honoured: a set of URIs, or NULL */
};

/*
 * A server request handed to the client as input_required, until the client's
 * retry (or the call timeout). The requestState the client gets is the nonce
 * and an HMAC (key of the hidden session, so of this gateway run) over the
 * token hash, the nonce and the request (method and name): it cannot be
 * forged, moved to another token or another request, and it is spent on use.
 */
#define STATE_NONCE 16
struct input_wait {
	struct input_wait    *next;
	uint8_t               nonce[STATE_NONCE];
	struct modern_stream *ms;       /* referenced */
	char                  gw_id[32];
	int64_t               expires_ms;
};

struct listen_hub {
	struct mcp_stream  base;
	struct session    *s;           /* the hub lives and dies as its standalone stream */
	struct listen_sub *subs;
	size_t             nsubs;
	struct input_wait *waits;
	size_t             nwaits;
	uint8_t            key[crypto_auth_KEYBYTES];
};

static const char *const listen_methods[3] = { "notifications/tools/list_changed",
    "notifications/prompts/list_changed", "notifications/resources/list_changed" };
static const char *const listen_filters[3] = { "toolsListChanged", "promptsListChanged", "resourcesListChanged" };

/* Send to one subscriber, with its subscription id in params._meta. */
static void
sub_send(struct listen_sub *sub, const json_t *msg)
{
	json_t *copy = json_deep_copy(msg);
	json_t *params = json_object_get(copy, json_object_get(copy, "method") ? "params" : "result");
	json_t *meta;

	if (!json_is_object(params)) {
		params = json_object();
		json_object_set_new(copy, json_object_get(copy, "method") ? "params" : "result", params);
	}
	if (!json_is_object(meta = json_object_get(params, "_meta"))) {
		meta = json_object();
		json_object_set_new(params, "_meta", meta);
	}
	json_object_set(meta, "io.modelcontextprotocol/subscriptionId", sub->id);
	if (!sub->stream->gone && !sub->stream->ended)
		sub->stream->ops->send(sub->stream, copy);
	json_decref(copy);
}

/* A request the hidden session makes of its own (resources/subscribe): its answer goes nowhere. */
static void heap_sink_send(struct mcp_stream *s, json_t *msg) { (void)s; (void)msg; }
static void heap_sink_end(struct mcp_stream *s) { (void)s; }
static void heap_sink_release(struct mcp_stream *s) { free(s); }
static const struct mcp_stream_ops heap_sink_ops = { heap_sink_send, heap_sink_end, heap_sink_release, NULL };

static void
session_request(struct session *s, const char *method, const char *uri)
{
	struct mcp_stream *sink = xcalloc(1, sizeof(*sink));
	static unsigned long long n;
	char id[48];
	json_t *msg;

	mcp_stream_init(sink, &heap_sink_ops);
	snprintf(id, sizeof(id), "gh-listen-%llu", ++n);
	msg = json_pack("{s:s, s:s, s:s, s:{s:s}}", "jsonrpc", "2.0", "id", id, "method", method, "params", "uri", uri);
	router_client_message(s, msg, sink);
	json_decref(msg);
	mcp_stream_unref(sink);
}

/* URIs no open subscription wants any more: unsubscribed at their servers. */
static void
unsubscribe_unwanted(struct listen_hub *hub, json_t *uris)
{
	const char *uri;
	json_t *v;

	json_object_foreach(uris, uri, v) {
		bool wanted = false;
		for (struct listen_sub *o = hub->subs; o && !wanted; o = o->next)
			wanted = o->uris != NULL && json_object_get(o->uris, uri) != NULL;
		if (!wanted)
			session_request(hub->s, "resources/unsubscribe", uri);
	}
}

/* Forget subscribers whose client went away. */
static void
hub_prune(struct listen_hub *hub)
{
	for (struct listen_sub **pp = &hub->subs, *sub; (sub = *pp) != NULL;) {
		if (!sub->stream->gone && !sub->stream->ended) {
			pp = &sub->next;
			continue;
		}
		*pp = sub->next;
		hub->nsubs--;
		unsubscribe_unwanted(hub, sub->uris);
		mcp_stream_unref(sub->stream);
		json_decref(sub->id);
		json_decref(sub->uris);
		free(sub);
	}
	hub->base.gone = hub->nsubs == 0;
}

static void
hub_send(struct mcp_stream *st, json_t *msg)
{
	struct listen_hub *hub = (struct listen_hub *)st;
	const char *method = json_string_value(json_object_get(msg, "method"));

	if (method != NULL && json_object_get(msg, "id") != NULL) {
		refuse_server_request(hub->s, msg, "an MCP 2026-07-28 client can only answer requests made during its own calls");
		return;
	}
	hub_prune(hub);
	if (method != NULL && strcmp(method, "notifications/resources/updated") == 0) {
		const char *uri = json_string_value(json_object_get(json_object_get(msg, "params"), "uri"));
		for (struct listen_sub *sub = hub->subs; sub && uri; sub = sub->next)
			if (sub->uris != NULL && json_object_get(sub->uris, uri) != NULL)
				sub_send(sub, msg);
		return;
	}
	for (int k = 0; method != NULL && k < 3; k++) {
		if (strcmp(method, listen_methods[k]) != 0)
			continue;
		for (struct listen_sub *sub = hub->subs; sub; sub = sub->next)
			if (sub->kinds[k])
				sub_send(sub, msg);
	}
	/* Anything else (log messages, resource updates) no subscriber asked for. */
}

/* The session ends: each subscription closes gracefully, with its result. */
static void
hub_end(struct mcp_stream *st)
{
	struct listen_hub *hub = (struct listen_hub *)st;

	for (struct listen_sub *sub = hub->subs; sub; sub = sub->next) {
		json_t *done = json_pack("{s:s, s:O, s:{s:s}}", "jsonrpc", "2.0", "id", sub->id,
		    "result", "resultType", "complete");
		sub_send(sub, done);
		json_decref(done);
		if (!sub->stream->ended) {
			sub->stream->ended = true;
			if (!sub->stream->gone)
				sub->stream->ops->end(sub->stream);
		}
	}
}

static void
wait_free(struct input_wait *w)
{
	mcp_stream_unref(&w->ms->base);
	free(w);
}

static void
hub_release(struct mcp_stream *st)
{
	struct listen_hub *hub = (struct listen_hub *)st;

	while (hub->waits) {
		struct input_wait *w = hub->waits;
		hub->waits = w->next;
		wait_free(w);
	}
	sodium_memzero(hub->key, sizeof(hub->key));

	while (hub->subs) {
		struct listen_sub *sub = hub->subs;
		hub->subs = sub->next;
		mcp_stream_unref(sub->stream);
		json_decref(sub->id);
		json_decref(sub->uris);
		free(sub);
	}
	free(hub);
}

static const struct mcp_stream_ops hub_ops = { hub_send, hub_end, hub_release, NULL };

static struct listen_hub *
hub_of(struct session *s)
{
	if (s->standalone != NULL && s->standalone->ops == &hub_ops && !s->standalone->ended)
		return (struct listen_hub *)s->standalone;
	return NULL;
}

/*
 * Open a subscription: acknowledge the filter we honour (list changes; not
 * resourceSubscriptions, which needs resources/subscribe downstream) as the
 * stream's first message, and keep the stream open. -1 when the token has
 * LIMIT_MCP_LISTENS open already.
 */
static int
listen_open(struct session *s, json_t *msg, struct mcp_stream *stream)
{
	struct listen_hub *hub = hub_of(s);
	json_t *filter = json_object_get(json_object_get(msg, "params"), "notifications");
	json_t *honoured = json_object(), *ack;
	struct listen_sub *sub;

	if (hub == NULL)
		return -1;
	hub_prune(hub);
	if (hub->nsubs >= LIMIT_MCP_LISTENS) {
		json_decref(honoured);
		return -1;
	}
	sub = xcalloc(1, sizeof(*sub));
	sub->id = json_incref(json_object_get(msg, "id"));
	sub->stream = stream;
	mcp_stream_ref(stream);
	for (int k = 0; k < 3; k++)
		if ((sub->kinds[k] = json_is_true(json_object_get(filter, listen_filters[k]))))
			json_object_set_new(honoured, listen_filters[k], json_true());
	/* Resource updates: each URI a server of the token's serves, subscribed to there
	 * (a 2025 server by resources/subscribe, a modern one by its own listen). */
	json_t *asked = json_object_get(filter, "resourceSubscriptions"), *uri, *kept = json_array();
	size_t i;
	json_array_foreach(asked, i, uri) {
		char err[256];
		if (!json_is_string(uri) || json_array_size(kept) >= LIMIT_LISTEN_URIS ||
		    aggregate_route_uri(s, json_string_value(uri), err, sizeof(err)) == NULL)
			continue;
		if (sub->uris == NULL)
			sub->uris = json_object();
		json_object_set_new(sub->uris, json_string_value(uri), json_true());
		json_array_append(kept, uri);
	}
	if (json_array_size(kept) > 0)
		json_object_set(honoured, "resourceSubscriptions", kept);
	json_decref(kept);
	sub->next = hub->subs;
	hub->subs = sub;
	hub->nsubs++;
	/* Subscribed after the acknowledgment's bookkeeping, before it is sent. */
	const char *u;
	json_t *v;
	json_object_foreach(sub->uris, u, v)
		session_request(s, "resources/subscribe", u);
	hub->base.gone = false;
	ack = json_pack("{s:s, s:s, s:{s:o}}", "jsonrpc", "2.0", "method", "notifications/subscriptions/acknowledged",
	    "params", "notifications", honoured);
	sub_send(sub, ack);
	json_decref(ack);
	return 0;
}

/* ---- input_required (MRTR) ------------------------------------------- */

/*
 * Our own requestStates (a 2025 server's request, bridged) start with this; any
 * other requestState is a modern server's own, passed through to it untouched
 * (it protects its state; we bind ours to the token).
 */
#define STATE_PREFIX "gh1."

/* The MAC of a requestState: over the token, the nonce and the request. */
static void
state_mac(const struct listen_hub *hub, const uint8_t token_hash[TOKEN_HASH_BYTES], const uint8_t nonce[STATE_NONCE],
    const char *method, const char *target, uint8_t mac[crypto_auth_BYTES])
{
	crypto_auth_hmacsha512256_state st;

	crypto_auth_hmacsha512256_init(&st, hub->key, sizeof(hub->key));
	crypto_auth_hmacsha512256_update(&st, token_hash, TOKEN_HASH_BYTES);
	crypto_auth_hmacsha512256_update(&st, nonce, STATE_NONCE);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)method, strlen(method) + 1);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)target, strlen(target) + 1);
	crypto_auth_hmacsha512256_final(&st, mac);
}

/* Waits past the call timeout are void: their server has had its error. */
static void
waits_expire(struct listen_hub *hub)
{
	int64_t now = util_now_ms();

	for (struct input_wait **pp = &hub->waits, *w; (w = *pp) != NULL;) {
		if (now < w->expires_ms) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		hub->nwaits--;
		wait_free(w);
	}
}

/* Remember `ms` as waiting for the client's answer to gw_id; its requestState in `state`. */
static int
bridge_park(struct listen_hub *hub, struct modern_stream *ms, const char *gw_id, char *state, size_t statecap)
{
	uint8_t raw[STATE_NONCE + crypto_auth_BYTES];
	struct input_wait *w;

	waits_expire(hub);
	if (hub->nwaits >= LIMIT_RELAYED_PER_TOKEN || strlen(gw_id) >= sizeof(w->gw_id) ||
	    statecap < sizeof(STATE_PREFIX) - 1 + sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	w = xcalloc(1, sizeof(*w));
	randombytes_buf(w->nonce, sizeof(w->nonce));
	snprintf(w->gw_id, sizeof(w->gw_id), "%s", gw_id);
	w->ms = ms;
	mcp_stream_ref(&ms->base);
	w->expires_ms = util_now_ms() + ms->r->cfg->limits.call_timeout_ms;
	w->next = hub->waits;
	hub->waits = w;
	hub->nwaits++;
	memcpy(raw, w->nonce, STATE_NONCE);
	state_mac(hub, ms->token_hash, w->nonce, ms->method, ms->target, raw + STATE_NONCE);
	memcpy(state, STATE_PREFIX, sizeof(STATE_PREFIX) - 1);
	sodium_bin2base64(state + sizeof(STATE_PREFIX) - 1, statecap - (sizeof(STATE_PREFIX) - 1), raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/*
 * A retry with requestState: verify it (this token, this request, not spent,
 * not expired), hand the client's inputResponses to the waiting server, and
 * let this exchange take the call's answer over. -1 when the state is refused.
 */
static int
bridge_resume(struct session *s, const struct modern_caller *who, json_t *msg, struct mcp_stream *stream)
{
	struct listen_hub *hub = hub_of(s);
	json_t *params = json_object_get(msg, "params");
	const char *state = json_string_value(json_object_get(params, "requestState"));
	uint8_t raw[STATE_NONCE + crypto_auth_BYTES + 1], mac[crypto_auth_BYTES];
	size_t len = 0;
	struct input_wait **pp, *w = NULL;
	struct modern_stream *ms;
	json_t *answer, *caps;

	if (hub == NULL || state == NULL || strncmp(state, STATE_PREFIX, sizeof(STATE_PREFIX) - 1) != 0)
		return -1;
	state += sizeof(STATE_PREFIX) - 1;
	if (sodium_base642bin(raw, sizeof(raw), state, strlen(state), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != STATE_NONCE + crypto_auth_BYTES)
		return -1;
	state_mac(hub, who->token_hash, raw, json_string_value(json_object_get(msg, "method")), target_of(msg), mac);
	if (sodium_memcmp(mac, raw + STATE_NONCE, sizeof(mac)) != 0)
		return -1;
	waits_expire(hub);
	for (pp = &hub->waits; *pp; pp = &(*pp)->next)
		if (sodium_memcmp((*pp)->nonce, raw, STATE_NONCE) == 0) {
			w = *pp;
			*pp = w->next;
			hub->nwaits--;
			break;
		}
	if (w == NULL)
		return -1;
	ms = w->ms;
	/* The retry takes the exchange over: its id, its capabilities. */
	json_decref(ms->reply_id);
	ms->reply_id = json_incref(json_object_get(msg, "id"));
	caps = json_object_get(json_object_get(params, "_meta"), MCP_META_CLIENT_CAPS);
	json_decref(ms->client_caps);
	ms->client_caps = json_is_object(caps) ? json_incref(caps) : json_object();
	mcp_stream_ref(stream);
	ms->inner = stream;
	/* The server's question gets the client's answer (or a refusal). */
	answer = json_object_get(json_object_get(params, "inputResponses"), w->gw_id);
	json_t *gid = json_string(w->gw_id);
	json_t *reply = json_is_object(answer) ?
	    json_pack("{s:s, s:O, s:O}", "jsonrpc", "2.0", "id", gid, "result", answer) :
	    mcp_error_response(gid, MCP_ERR_INVALID_PARAMS, "the client sent no answer to this request");
	router_client_message(s, reply, NULL);
	json_decref(reply);
	json_decref(gid);
	/* The call may have ended meanwhile: its answer was kept for this retry. */
	if (ms->parked != NULL) {
		json_t *parked = ms->parked;
		ms->parked = NULL;
		ms_send(&ms->base, parked);
		json_decref(parked);
		ms_end(&ms->base);
	}
	wait_free(w);
	return 0;
}

/* ---- requests --------------------------------------------------------- */

/* A sink for the hidden session's own initialize: its answer goes nowhere. */
static void sink_send(struct mcp_stream *s, json_t *msg) { (void)s; (void)msg; }
static void sink_end(struct mcp_stream *s) { (void)s; }
static void sink_release(struct mcp_stream *s) { (void)s; }
static const struct mcp_stream_ops sink_ops = { sink_send, sink_end, sink_release, NULL };

/*
 * The token's hidden session, made on first use: initialized like a client of
 * the latest 2025 revision that declares no capabilities, so no server behind
 * it expects sampling, elicitation or roots from it.
 */
static struct session *
modern_session(struct router *r, const struct modern_caller *who, unsigned *status, const char **why)
{
	struct session *s = hidden_session(r, who->token_hash);
	struct listen_hub *hub;
	struct mcp_stream sink;
	json_t *init, *done;

	if (s != NULL)
		return s;
	s = router_session_new(r, who->token_hash, who->token_name, who->tools_json, status, why);
	if (s == NULL)
		return NULL;
	s->modern = true;
	hub = xcalloc(1, sizeof(*hub));
	mcp_stream_init(&hub->base, &hub_ops);
	hub->s = s;
	hub->base.gone = true;          /* no subscriber yet */
	crypto_auth_keygen(hub->key);
	router_session_attach(s, &hub->base);
	mcp_stream_unref(&hub->base);
	mcp_stream_init(&sink, &sink_ops);
	init = json_pack("{s:s, s:i, s:s, s:{s:s, s:{s:{}, s:{}, s:{}}, s:{s:s, s:s}}}", "jsonrpc", "2.0", "id", 0,
	    "method", "initialize", "params", "protocolVersion", MCP_VERSION_LATEST, "capabilities",
	    "elicitation", "sampling", "roots", "clientInfo", "name", "gatehouse (for MCP " MCP_VERSION_MODERN " clients)", "version", GATEHOUSE_VERSION);
	done = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/initialized");
	router_client_message(s, init, &sink);
	router_client_message(s, done, NULL);
	json_decref(init);
	json_decref(done);
	return s;
}

static int
refuse(struct modern_refusal *out, unsigned status, int code, json_t *data, const char *message)
{
	out->status = status;
	out->code = code;
	out->data = data;
	snprintf(out->message, sizeof(out->message), "%s", message);
	return -1;
}

/* The gateway's own answer to server/discover: what it honours for modern clients today. */
static json_t *
discover_result(json_t *id)
{
	json_t *caps = json_pack("{s:{s:b}, s:{s:b}, s:{s:b, s:b}, s:{}}", "tools", "listChanged", 1,
	    "prompts", "listChanged", 1, "resources", "listChanged", 1, "subscribe", 1, "completions");

	return json_pack("{s:s, s:O, s:{s:o, s:o, s:s}}", "jsonrpc", "2.0", "id", id, "result",
	    "supportedVersions", mcp_all_versions(), "capabilities", caps, "instructions", GATEWAY_INSTRUCTIONS);
}

/*
 * A modern request as the router's method table takes it: the modern _meta keys
 * taken out, but for the client's capabilities, which a modern server behind
 * gets as the client declared them (instance.c; a legacy server never sees
 * them); inputResponses and requestState (a modern server's own, see
 * STATE_PREFIX) stay for a modern server and are dropped for a legacy one.
 */
static json_t *
legacy_copy(const json_t *msg)
{
	static const char *const drop_meta[] = { MCP_META_VERSION, MCP_META_CLIENT_INFO };
	json_t *copy = json_deep_copy(msg);
	json_t *params = json_object_get(copy, "params");
	json_t *meta = json_object_get(params, "_meta");

	for (size_t i = 0; i < sizeof(drop_meta) / sizeof(drop_meta[0]); i++)
		json_object_del(meta, drop_meta[i]);
	if (json_is_object(meta) && json_object_size(meta) == 0)
		json_object_del(params, "_meta");
	return copy;
}

/* tools/call: the Mcp-Param-* headers against the tool's schema, when its server has listed it. */
static int
check_tool_params(struct session *s, const json_t *params, const json_t *param_headers, char *err, size_t errcap)
{
	const char *name = json_string_value(json_object_get(params, "name"));
	const char *original = NULL;
	struct instance *inst;
	char why[256];
	int code;
	size_t i;
	json_t *tool;

	if (name == NULL)
		return 0;
	inst = aggregate_route_name(s, LIST_TOOLS, name, &original, &code, why, sizeof(why));
	if (inst == NULL || original == NULL || !json_is_array(inst->lists[LIST_TOOLS]))
		return 0;
	json_array_foreach(inst->lists[LIST_TOOLS], i, tool) {
		const char *tn = json_string_value(json_object_get(tool, "name"));
		if (tn != NULL && strcmp(tn, original) == 0)
			return mcp_modern_check_params(json_object_get(tool, "inputSchema"),
			    json_object_get(params, "arguments"), param_headers, err, errcap);
	}
	return 0;
}

int
router_modern_request(struct router *r, const struct modern_caller *who, json_t *msg,
    const json_t *param_headers, struct mcp_stream *stream, struct modern_refusal *out)
{
	json_t *id = json_object_get(msg, "id");
	json_t *params = json_object_get(msg, "params");
	json_t *meta = json_object_get(params, "_meta");
	const char *version = json_string_value(json_object_get(meta, MCP_META_VERSION));
	const char *method = json_string_value(json_object_get(msg, "method"));
	const struct modern_method *m;
	struct modern_stream *ms;
	struct session *s;
	unsigned status;
	const char *why;
	char err[300];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!json_is_string(id) && !json_is_integer(id))
		return refuse(out, 400, MCP_ERR_INVALID_REQUEST, NULL, "invalid request: the id must be a string or an integer");
	if (!mcp_modern_version_supported(version)) {
		snprintf(err, sizeof(err), "Unsupported protocol version \"%.64s\"; this gateway speaks "
		    MCP_VERSION_MODERN " (and the 2025 revisions through initialize)", version);
		return refuse(out, 400, MCP_ERR_UNSUPPORTED_VERSION,
		    json_pack("{s:o, s:s}", "supported", mcp_all_versions(), "requested", version), err);
	}
	if (!json_is_object(json_object_get(meta, MCP_META_CLIENT_CAPS)))
		return refuse(out, 400, MCP_ERR_INVALID_PARAMS, NULL,
		    "invalid params: _meta needs \"" MCP_META_CLIENT_CAPS "\" (an object)");
	if ((m = method_of(method)) == NULL) {
		snprintf(err, sizeof(err), "Method not found: \"%.100s\" is not a method of MCP "
		    MCP_VERSION_MODERN " that this gateway serves", method);
		return refuse(out, 404, MCP_ERR_METHOD_NOT_FOUND, NULL, err);
	}
	ms = modern_stream_new(r, who->token_hash, stream, (m->flags & M_CACHEABLE) != 0, msg);
	if (m->flags & M_LOCAL) {
		json_t *answer = discover_result(id);
		ms_send(&ms->base, answer);
		ms_end(&ms->base);
		json_decref(answer);
		mcp_stream_unref(&ms->base);
		return 0;
	}
	if ((s = modern_session(r, who, &status, &why)) == NULL) {
		mcp_stream_unref(&ms->base);
		return refuse(out, status, MCP_ERR_UNAVAILABLE, NULL, why);
	}
	const char *state = json_string_value(json_object_get(params, "requestState"));
	if (json_object_get(params, "requestState") != NULL &&
	    (state == NULL || strncmp(state, STATE_PREFIX, sizeof(STATE_PREFIX) - 1) == 0)) {
		mcp_stream_unref(&ms->base);
		if (bridge_resume(s, who, msg, stream) != 0)
			return refuse(out, 400, MCP_ERR_INVALID_PARAMS, NULL,
			    "invalid params: this requestState is not valid for this token and request, was used already, or expired");
		return 0;
	}
	if (m->flags & M_LISTEN) {
		mcp_stream_unref(&ms->base);
		if (listen_open(s, msg, stream) != 0)
			return refuse(out, 503, MCP_ERR_UNAVAILABLE, NULL,
			    "too many open subscriptions/listen streams for this token; close one first");
		return 0;
	}
	if (hub_of(s) != NULL)
		hub_prune(hub_of(s));
	if (strcmp(method, "tools/call") == 0 && check_tool_params(s, params, param_headers, err, sizeof(err)) != 0) {
		mcp_stream_unref(&ms->base);
		return refuse(out, 400, MCP_ERR_HEADER_MISMATCH, NULL, err);
	}
	json_t *copy = legacy_copy(msg);
	rc = router_client_message(s, copy, &ms->base);
	json_decref(copy);
	mcp_stream_unref(&ms->base);
	if (rc != 0)
		return refuse(out, 400, MCP_ERR_INVALID_REQUEST, NULL, "invalid request: not a JSON-RPC 2.0 message");
	return 0;
}

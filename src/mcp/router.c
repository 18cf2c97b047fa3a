/*
 * The router: sessions, the table of client methods, calls in flight, and the
 * relaying of what servers send back. See router.h for the model.
 */
#include "../limits.h"
#include "router.h"

#include <fnmatch.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../guard/guard.h"
#include "../secrets/redact.h"
#include "../store/store.h"
#include "../util/log.h"
#include "../util/util.h"
#include "router_int.h"


static const char *const supported_versions[] = { "2025-11-25", "2025-06-18", "2025-03-26" };

bool
mcp_version_supported(const char *v)
{
	for (size_t i = 0; i < sizeof(supported_versions) / sizeof(supported_versions[0]); i++)
		if (v && strcmp(v, supported_versions[i]) == 0)
			return true;
	return false;
}

/* ---- streams ---------------------------------------------------------- */

void
mcp_stream_init(struct mcp_stream *s, const struct mcp_stream_ops *ops)
{
	s->ops = ops;
	s->refs = 1;
	s->gone = false;
	s->ended = false;
}

void
mcp_stream_ref(struct mcp_stream *s)
{
	s->refs++;
}

void
mcp_stream_unref(struct mcp_stream *s)
{
	if (s && --s->refs == 0)
		s->ops->release(s);
}

void
mcp_stream_gone(struct mcp_stream *s)
{
	s->gone = true;
}

static void
stream_send(struct mcp_stream *s, json_t *msg)
{
	if (s && !s->gone && !s->ended)
		s->ops->send(s, msg);
}

static void
stream_end(struct mcp_stream *s)
{
	if (s && !s->ended) {
		s->ended = true;
		if (!s->gone)
			s->ops->end(s);
	}
}

/* Messages may quote what a client or server sent: keep them valid UTF-8. */
json_t *
mcp_error_response(json_t *id, int code, const char *message)
{
	char clean[1024];

	util_utf8_clean(message, clean, sizeof(clean));
	return json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
	    "error", "code", code, "message", clean);
}

static json_t *
result_response(json_t *id, json_t *result)
{
	return json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result);
}

/* Answer a request on its stream and end the stream. */
static void
answer(struct mcp_stream *stream, json_t *response)
{
	stream_send(stream, response);
	stream_end(stream);
	json_decref(response);
}

static void
answer_error(struct mcp_stream *stream, json_t *id, int code, const char *message)
{
	answer(stream, mcp_error_response(id, code, message));
}

/* Messages that belong to no request go to the standalone stream, if any. */
static void
session_send(struct session *s, struct mcp_stream *preferred, json_t *msg)
{
	if (preferred && !preferred->gone && !preferred->ended)
		stream_send(preferred, msg);
	else if (s->standalone && !s->standalone->gone)
		stream_send(s->standalone, msg);
}

/* ---- records ---------------------------------------------------------- */

/*
 * What a record keeps of a call's arguments: their names and JSON types
 * ({"path":"string","recursive":"boolean"}), never a value; at most
 * LIMIT_RECORD_SHAPE_KEYS names, each cut to 64 bytes; NULL without arguments.
 * Names pass the secret scanner too (a name is client input).
 */
static char *
args_shape_of(const struct redactor *r, json_t *args)
{
	static const char *const types[] = { [JSON_OBJECT] = "object", [JSON_ARRAY] = "array",
		[JSON_STRING] = "string", [JSON_INTEGER] = "integer", [JSON_REAL] = "number",
		[JSON_TRUE] = "boolean", [JSON_FALSE] = "boolean", [JSON_NULL] = "null" };
	json_t *shape, *v;
	const char *key;
	char name[65], *out, *red;
	size_t n = 0;

	if (!json_is_object(args))
		return NULL;
	shape = json_object();
	json_object_foreach(args, key, v) {
		if (n++ >= LIMIT_RECORD_SHAPE_KEYS) {
			json_object_set_new(shape, "...", json_string("more"));
			break;
		}
		util_utf8_clean(key, name, sizeof(name));     /* cut at a character, never inside one */
		json_object_set_new(shape, name, json_string(types[json_typeof(v)]));
	}
	out = json_dumps(shape, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(shape);
	/* One scan of the whole shape, not one per name. */
	if (out != NULL && (red = redact_text(r, out, strlen(out), &n, NULL)) != NULL) {
		free(out);
		out = red;
	}
	return out;
}

/*
 * An acknowledged call never loses its record: a reply that follows a record
 * is held until the records queued so far are committed (one transaction for
 * everything that finished in the same loop turn), then sent. If the database
 * cannot be written the replies wait, and the commit is retried.
 */
struct held_reply {
	struct held_reply  *next;
	struct mcp_stream  *stream;
	json_t             *msg;        /* NULL: only end the stream */
};

static void
deliver_held(struct router *r, bool send)
{
	struct held_reply *h;

	while ((h = r->held) != NULL) {
		r->held = h->next;
		if (send) {
			if (h->msg)
				stream_send(h->stream, h->msg);
			stream_end(h->stream);
		}
		json_decref(h->msg);
		mcp_stream_unref(h->stream);
		free(h);
	}
	r->held_tail = &r->held;
}

static void
on_commit(uv_timer_t *t)
{
	struct router *r = t->data;

	if (store_record_flush(r->store) != 0) {
		log_warn("could not write call records to the database; their replies wait, retrying");
		uv_timer_start(&r->commit_timer, on_commit, COMMIT_RETRY_MS, 0);
		return;
	}
	deliver_held(r, true);
}

/* Send msg (NULL: none) and end the stream once the records before it are durable. */
static void
reply_after_record(struct router *r, struct mcp_stream *stream, json_t *msg)
{
	struct held_reply *h;

	if (r->store == NULL) {
		if (msg)
			stream_send(stream, msg);
		stream_end(stream);
		return;
	}
	h = xcalloc(1, sizeof(*h));
	h->stream = stream;
	mcp_stream_ref(stream);
	h->msg = json_incref(msg);
	*r->held_tail = h;
	r->held_tail = &h->next;
	if (!uv_is_active((uv_handle_t *)&r->commit_timer))
		uv_timer_start(&r->commit_timer, on_commit, 0, 0);
}

static void
count_call(struct server_counts *k, const char *outcome, int64_t ms)
{
	static const int64_t le[] = { 10, 50, 100, 500, 1000, 5000, 30000 };
	size_t b = 0;

	k->calls++;
	if (strcmp(outcome, "ok") != 0 && strcmp(outcome, "tool_error") != 0)
		k->errors++;
	if (strcmp(outcome, "timeout") == 0)
		k->timeouts++;
	if (ms < 0)
		ms = 0;
	k->total_ms += (uint64_t)ms;
	while (b < sizeof(le) / sizeof(le[0]) && ms > le[b])
		b++;
	k->buckets[b]++;
}

static void
record(struct session *s, const struct call *c, const char *outcome)
{
	struct store_record rec = {
		.ts_ms = util_wall_ms(),
		.token = s->token_name,
		.session = s->id,
		.server = c->inst ? c->inst->key : "",
		.method = c->method,
		.target = c->target,
		.outcome = outcome,
		.duration_ms = util_now_ms() - c->started_ms,
		.args_shape = c->args_shape,
	};

	if (s->r->store)
		store_record_add(s->r->store, &rec);
	if (c->inst != NULL && c->inst->index < s->r->nsrv)
		count_call(&s->r->counts[c->inst->index], outcome, rec.duration_ms);
}

/* The answer to a refused call, after its record (takes the reference). */
static void
refuse(struct session *s, struct mcp_stream *stream, json_t *error)
{
	reply_after_record(s->r, stream, error);
	json_decref(error);
}

/* A call the gateway refused itself (policy, a held or unknown name): a record too. */
static void
record_refusal(struct session *s, const char *method, const char *target, const char *outcome)
{
	struct store_record rec = {
		.ts_ms = util_wall_ms(), .token = s->token_name, .session = s->id, .server = "",
		.method = method, .target = target, .outcome = outcome, .duration_ms = 0,
	};

	if (s->r->store)
		store_record_add(s->r->store, &rec);
}

/* ---- calls ------------------------------------------------------------ */

static void
relayed_free(struct relayed *rl)
{
	json_decref(rl->down_id);
	free(rl->input_key);
	free(rl);
}

/* The call is over: its input requests still at the client are void. */
static void
forget_inputs(struct router *r, struct call *c)
{
	for (struct relayed **pp = &r->relayed; *pp;) {
		struct relayed *rl = *pp;
		if (rl->call == c) {
			*pp = rl->next;
			relayed_free(rl);
		} else {
			pp = &rl->next;
		}
	}
	c->inputs_waiting = 0;
}

static void
call_free(uv_handle_t *h)
{
	struct call *c = h->data;

	json_decref(c->client_id);
	json_decref(c->client_progress);
	json_decref(c->params);
	json_decref(c->inputs);
	json_decref(c->request_state);
	free(c->method);
	free(c->target);
	free(c->args_shape);
	free(c);
}

/*
 * A call is over: answer the client (unless `response` is NULL, as after a
 * cancellation), record it, and forget it everywhere.
 */
static void
call_finish(struct call *c, json_t *response, const char *outcome)
{
	struct session *s = c->session;

	for (struct call **pp = &s->calls; *pp; pp = &(*pp)->next_in_session)
		if (*pp == c) {
			*pp = c->next_in_session;
			s->ncalls--;
			break;
		}
	if (c->inst)
		instance_forget_call(c->inst, c);
	forget_inputs(s->r, c);
	record(s, c, outcome);
	reply_after_record(s->r, c->stream, response);
	mcp_stream_unref(c->stream);
	c->stream = NULL;
	s->last_active_ms = util_now_ms();
	c->timer_open = false;
	uv_timer_stop(&c->timer);
	uv_close((uv_handle_t *)&c->timer, call_free);
}

static void
on_call_timeout(uv_timer_t *t)
{
	struct call *c = t->data;
	char text[320];
	json_t *params, *resp;
	const char *setting;
	int64_t ms;

	/* The server is told to stop; the client gets an error now. */
	params = json_pack("{s:I, s:s}", "requestId", (json_int_t)c->down_id, "reason", "timeout");
	if (c->inst)
		instance_send_notification(c->inst, "notifications/cancelled", params);
	json_decref(params);
	/* The setting that ran out: the server's own "timeout", else the global one. */
	ms = c->inst ? instance_timeout_ms(c->inst) : c->session->r->cfg->limits.call_timeout_ms;
	setting = c->inst && c->session->r->srv[c->inst->index]->timeout_ms > 0 ? "its \"timeout\"" :
	    "limits.callTimeoutMs";
	if (c->progressed)
		snprintf(text, sizeof(text), "server \"%s\" did not answer %s within %lld ms of its last progress "
		    "(%s; %d times that in all)", c->inst ? c->inst->key : "?", c->method, (long long)ms, setting,
		    LIMIT_PROGRESS_FACTOR);
	else
		snprintf(text, sizeof(text), "server \"%s\" did not answer %s within %lld ms (%s)",
		    c->inst ? c->inst->key : "?", c->method, (long long)ms, setting);
	resp = mcp_error_response(c->client_id, MCP_ERR_TIMEOUT, text);
	call_finish(c, resp, "timeout");
	json_decref(resp);
}

/*
 * Which resources a session asked to hear about: a shared server's
 * notifications/resources/updated go only to the sessions subscribed to that
 * URI. Recorded when the server accepted the subscription, dropped at
 * unsubscribe; bounded per session.
 */
static void
session_subscribed(struct session *s, const char *method, const char *uri)
{
	if (uri == NULL || strcmp(method, "resources/subscribe") != 0)
		return;
	if (s->subscriptions == NULL)
		s->subscriptions = json_object();
	if (json_object_size(s->subscriptions) < LIMIT_SUBSCRIPTIONS)
		json_object_set_new(s->subscriptions, uri, json_true());
}

/*
 * Secrets in what a tool, prompt or resource gives back never reach the model
 * as they are: replaced by [REDACTED:rule] (in place), or the whole answer
 * withheld with redact.results "block". Returns -1 to block.
 */
static int
redact_result(struct call *c, json_t *result)
{
	enum redact_mode mode = c->session->r->cfg->redact_results;
	const char *slug = NULL;
	size_t n;

	if (mode == REDACT_OFF || (strcmp(c->method, "tools/call") != 0 && strcmp(c->method, "resources/read") != 0 &&
	    strcmp(c->method, "prompts/get") != 0))
		return 0;
	/* In place either way: a blocked result is replaced by an error anyway. */
	n = redact_json(c->session->r->redactor, result, &slug);
	if (n > 0) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, mode == REDACT_BLOCK ? "a result held a secret; withheld" :
		    "a result held secrets; redacted")) {
			log_str(&l, "server", c->inst ? c->inst->key : "");
			log_str(&l, "target", c->target);
			log_str(&l, "rule", slug);
			log_int(&l, "count", (long long)n);
			log_end(&l);
		}
	}
	return mode == REDACT_BLOCK && n > 0 ? -1 : 0;
}

static bool
session_declares(const struct session *s, const char *cap)
{
	return s->client_caps != NULL && json_object_get(s->client_caps, cap) != NULL;
}

/* Room for one more request waiting at a client of this session's token? */
static bool
relay_room(const struct router *r, const struct session *s)
{
	size_t n = 0, mine = 0;

	for (const struct relayed *x = r->relayed; x; x = x->next) {
		n++;
		if (sodium_memcmp(x->session->token_hash, s->token_hash, TOKEN_HASH_BYTES) == 0)
			mine++;
	}
	return n < LIMIT_RELAYED_REQUESTS && mine < LIMIT_RELAYED_PER_TOKEN;
}

/*
 * A modern server's input_required result, for a client of a 2025 revision
 * (MCP 2026-07-28 "Multi Round-Trip Requests", bridged): each of its
 * inputRequests (sampling, elicitation, roots, as the client declared them)
 * goes to the client as a server-to-client request on the call's stream. When
 * every answer is in, client_response sends the request again with
 * inputResponses and the server's requestState. 0: asked; -1: `why` says why not.
 */
static int
ask_client_for_inputs(struct call *c, json_t *result, char *why, size_t whycap)
{
	struct session *s = c->session;
	struct router *r = s->r;
	json_t *asks = json_object_get(result, "inputRequests");
	json_t *state = json_object_get(result, "requestState");
	const char *key;
	json_t *ask;
	static const struct { const char *method, *cap; } allowed[] = {
		{ "sampling/createMessage", "sampling" },
		{ "elicitation/create", "elicitation" },
		{ "roots/list", "roots" },
	};

	if (++c->input_rounds > LIMIT_INPUT_ROUNDS) {
		snprintf(why, whycap, "server \"%s\" asked for input more than %d times in one call", c->inst->key,
		    LIMIT_INPUT_ROUNDS);
		return -1;
	}
	if (!json_is_object(asks) || json_object_size(asks) == 0 || json_object_size(asks) > LIMIT_INPUT_REQUESTS ||
	    (state != NULL && !json_is_string(state))) {
		snprintf(why, whycap, "server \"%s\" sent an input_required result without 1 to %d inputRequests "
		    "(or with a requestState that is not a string)", c->inst->key, LIMIT_INPUT_REQUESTS);
		return -1;
	}
	if (c->stream == NULL || c->stream->gone || c->stream->ended) {
		snprintf(why, whycap, "the client has no open stream to receive the server's request for input");
		return -1;
	}
	/* Check all before asking any: the client gets every request or none. */
	json_object_foreach(asks, key, ask) {
		const char *m = json_string_value(json_object_get(ask, "method"));
		size_t i;
		for (i = 0; m && i < sizeof(allowed) / sizeof(allowed[0]); i++)
			if (strcmp(m, allowed[i].method) == 0)
				break;
		if (m == NULL || i == sizeof(allowed) / sizeof(allowed[0]) ||
		    (json_object_get(ask, "params") && !json_is_object(json_object_get(ask, "params")))) {
			snprintf(why, whycap, "server \"%s\" asked the client for input with a method gatehouse does not "
			    "relay (sampling/createMessage, elicitation/create and roots/list are)", c->inst->key);
			return -1;
		}
		if (!session_declares(s, allowed[i].cap)) {
			snprintf(why, whycap, "server \"%s\" needs the client capability \"%s\", which this client did "
			    "not declare", c->inst->key, allowed[i].cap);
			return -1;
		}
		if (!relay_room(r, s)) {
			snprintf(why, whycap, "too many requests waiting for clients");
			return -1;
		}
	}
	json_decref(c->inputs);
	json_decref(c->request_state);
	c->inputs = json_object();
	c->request_state = json_incref(state);
	json_object_foreach(asks, key, ask) {
		struct relayed *rl = xcalloc(1, sizeof(*rl));
		json_t *params = json_object_get(ask, "params");
		json_t *fwd;

		rl->started_ms = util_now_ms();
		snprintf(rl->gw_id, sizeof(rl->gw_id), "gh-%llu", (unsigned long long)++r->next_gw_id);
		rl->call = c;
		rl->input_key = xstrdup(key);
		rl->inst = c->inst;
		rl->session = s;
		rl->next = r->relayed;
		r->relayed = rl;
		c->inputs_waiting++;
		fwd = json_pack("{s:s, s:s, s:O, s:o}", "jsonrpc", "2.0", "id", rl->gw_id, "method",
		    json_object_get(ask, "method"), "params", params ? json_deep_copy(params) : json_object());
		session_send(s, c->stream, fwd);
		json_decref(fwd);
	}
	/* The client has the call's time again to answer. */
	uv_timer_start(&c->timer, on_call_timeout, (uint64_t)instance_timeout_ms(c->inst), 0);
	return 0;
}

/*
 * The client answered one input request of a call: keep the answer; with the
 * last one, send the request again with every answer and the server's state.
 */
static void
input_answered(struct relayed *rl, json_t *msg)
{
	struct call *c = rl->call;
	json_t *result = json_object_get(msg, "result");
	json_t *err = json_object_get(msg, "error");
	json_t *params, *resp;
	char text[400];

	if (!json_is_object(result)) {
		json_t *m = json_is_object(err) ? json_object_get(err, "message") : NULL;
		snprintf(text, sizeof(text), "the client refused server \"%s\"'s request for input: %.200s",
		    c->inst ? c->inst->key : "?", json_is_string(m) ? json_string_value(m) : "no result");
		resp = mcp_error_response(c->client_id, MCP_ERR_INTERNAL, text);
		call_finish(c, resp, "error");
		json_decref(resp);
		return;
	}
	json_object_set(c->inputs, rl->input_key, result);
	if (--c->inputs_waiting > 0)
		return;
	params = json_is_object(c->params) ? json_copy(c->params) : json_object();
	json_object_set(params, "inputResponses", c->inputs);
	if (c->request_state)
		json_object_set(params, "requestState", c->request_state);
	if (c->inst == NULL ||
	    instance_send_request(c->inst, c->method, params, PENDING_CALL, c, LIST_TOOLS, &c->down_id) != 0) {
		snprintf(text, sizeof(text), "server \"%s\" is unavailable: it cannot take the request with the "
		    "client's input now", c->inst ? c->inst->key : "?");
		resp = mcp_error_response(c->client_id, MCP_ERR_UNAVAILABLE, text);
		call_finish(c, resp, "unavailable");
		json_decref(resp);
	}
	json_decref(params);
}

static void
router_call_response(struct call *c, json_t *msg)
{
	json_t *resp = json_object();
	json_t *result = json_object_get(msg, "result"), *error = json_object_get(msg, "error");
	const char *outcome = "ok";

	json_object_set_new(resp, "jsonrpc", json_string("2.0"));
	json_object_set(resp, "id", c->client_id);
	/*
	 * A modern server asking for input (sampling, elicitation, roots) through
	 * a 2026-07-28 input_required result: a 2025 client cannot retry with
	 * inputResponses, and gatehouse does not yet turn these into requests on
	 * the legacy session. Say so rather than pass on a result it cannot use.
	 */
	if (json_is_object(result) && json_is_string(json_object_get(result, "resultType")) &&
	    strcmp(json_string_value(json_object_get(result, "resultType")), "input_required") == 0 &&
	    !c->session->modern) {
		char why[300];
		if (ask_client_for_inputs(c, result, why, sizeof(why)) == 0) {
			json_decref(resp);
			return;
		}
		json_object_set_new(resp, "error", json_pack("{s:i, s:s}", "code", MCP_ERR_INTERNAL, "message", why));
		call_finish(c, resp, "error");
		json_decref(resp);
		return;
	}
	if (result && redact_result(c, result) != 0) {
		json_object_set_new(resp, "error", json_pack("{s:i, s:s}", "code", MCP_ERR_INTERNAL, "message",
		    "the result held a secret and was withheld (redact.results is \"block\")"));
		call_finish(c, resp, "blocked_secret");
		json_decref(resp);
		return;
	}
	if (result) {
		json_object_set(resp, "result", result);
		if (json_is_true(json_object_get(result, "isError")))
			outcome = "tool_error";
		session_subscribed(c->session, c->method, c->target);
	} else if (json_is_object(error)) {
		json_object_set(resp, "error", error);
		outcome = "error";
	} else {
		json_object_set_new(resp, "error", json_pack("{s:i, s:s}", "code", MCP_ERR_INTERNAL,
		    "message", "the server sent a response without result or error"));
		outcome = "error";
	}
	call_finish(c, resp, outcome);
	json_decref(resp);
}

/*
 * Forward a client request to one instance: a new id, a progress token of our
 * own (so progress from a shared server reaches the right session), a timeout.
 * `params` is the caller's own copy (or NULL): forward takes it and edits it.
 */
static void
forward(struct session *s, struct instance *inst, json_t *msg, struct mcp_stream *stream,
    json_t *params, const char *target)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *meta;
	struct call *c;
	char text[256];

	if (s->ncalls >= LIMIT_CALLS_PER_SESSION) {
		json_decref(params);
		answer_error(stream, id, MCP_ERR_UNAVAILABLE, "too many calls in flight in this session");
		return;
	}
	c = xcalloc(1, sizeof(*c));
	c->session = s;
	c->inst = inst;
	c->stream = stream;
	mcp_stream_ref(stream);
	c->client_id = json_incref(id);
	c->method = xstrdup(method);
	c->target = target ? xstrdup(target) : NULL;
	c->args_shape = args_shape_of(s->r->redactor, params ? json_object_get(params, "arguments") : NULL);
	c->started_ms = util_now_ms();
	uv_timer_init(s->r->loop, &c->timer);
	c->timer.data = c;
	c->next_in_session = s->calls;
	s->calls = c;
	s->ncalls++;

	if (params == NULL)
		params = json_object();
	meta = json_object_get(params, "_meta");
	if (json_is_object(meta) && json_object_get(meta, "progressToken")) {
		c->client_progress = json_incref(json_object_get(meta, "progressToken"));
		snprintf(c->progress, sizeof(c->progress), "ghp-%llu", (unsigned long long)++s->r->next_gw_id);
		json_object_set_new(meta, "progressToken", json_string(c->progress));
	}
	c->params = json_incref(params);
	if (instance_send_request(inst, method, params, PENDING_CALL, c, LIST_TOOLS, &c->down_id) != 0) {
		json_decref(params);
		snprintf(text, sizeof(text), "server \"%s\" is unavailable: %s", inst->key,
		    inst->fail_reason ? inst->fail_reason : "it cannot take requests now");
		c->inst = NULL;
		json_t *resp = mcp_error_response(id, MCP_ERR_UNAVAILABLE, text);
		call_finish(c, resp, "unavailable");
		json_decref(resp);
		return;
	}
	json_decref(params);
	uv_timer_start(&c->timer, on_call_timeout, (uint64_t)instance_timeout_ms(inst), 0);
	c->timer_open = true;
}

/* ---- client methods --------------------------------------------------- */

static bool
session_settled(const struct session *s)
{
	for (size_t i = 0; i < s->ninst; i++)
		if (s->inst[i] && !instance_settled(s->inst[i]))
			return false;
	return true;
}

static json_t *
gateway_capabilities(void)
{
	return json_pack("{s:{s:b}, s:{s:b}, s:{s:b, s:b}, s:{}, s:{}}",
	    "tools", "listChanged", 1,
	    "prompts", "listChanged", 1,
	    "resources", "subscribe", 1, "listChanged", 1,
	    "completions", "logging");
}

/* How instances report to the router; defined after the handlers it names. */
static const struct instance_events instance_events;

/*
 * The session speaks for this instance alone (its log level, its roots): its
 * own, or its token's while it is the token's only session.
 */
static bool
owns(const struct session *s, const struct instance *inst)
{
	return inst->session == s || (inst->group != NULL && inst->group == s->group && inst->group->nsessions == 1);
}

/* The session joins its token's group (made on first use). */
static struct token_group *
group_join(struct session *s)
{
	struct router *r = s->r;
	struct token_group *g;

	for (g = r->groups; g; g = g->next)
		if (sodium_memcmp(g->hash, s->token_hash, TOKEN_HASH_BYTES) == 0)
			break;
	if (g == NULL) {
		g = xcalloc(1, sizeof(*g));
		memcpy(g->hash, s->token_hash, TOKEN_HASH_BYTES);
		g->inst = xcalloc(r->nsrv + 1, sizeof(*g->inst));
		g->client_caps = s->client_caps ? json_incref(s->client_caps) : NULL;
		g->client_info = s->client_info ? json_incref(s->client_info) : NULL;
		g->version = s->version ? xstrdup(s->version) : NULL;
		g->next = r->groups;
		r->groups = g;
	}
	g->nsessions++;
	return g;
}

/* The session leaves its group; the last one out stops the group's instances. */
static void
group_leave(struct session *s)
{
	struct router *r = s->r;
	struct token_group *g = s->group;

	s->group = NULL;
	if (g == NULL || --g->nsessions > 0)
		return;
	for (struct token_group **pp = &r->groups; *pp; pp = &(*pp)->next)
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	for (size_t i = 0; i < r->nsrv; i++)
		if (g->inst[i]) {
			g->inst[i]->group = NULL;
			instance_close(g->inst[i]);
		}
	json_decref(g->client_caps);
	json_decref(g->client_info);
	free(g->version);
	free(g->inst);
	free(g);
}

/* The session's instance of server i: its own, its token's or everybody's. */
static void
start_instance(struct session *s, size_t i)
{
	struct router *r = s->r;

	if (r->retired[i])
		return;
	{
		switch (r->srv[i]->isolation) {
		case ISOLATION_SHARED:
			if (r->shared[i] == NULL)
				r->shared[i] = instance_new(r, &instance_events, NULL, NULL, i);
			s->inst[i] = r->shared[i];
			break;
		case ISOLATION_TOKEN:
			if (s->group == NULL)
				s->group = group_join(s);
			if (s->group->inst[i] == NULL)
				s->group->inst[i] = instance_new(r, &instance_events, NULL, s->group, i);
			s->inst[i] = s->group->inst[i];
			break;
		case ISOLATION_SESSION:
			s->inst[i] = instance_new(r, &instance_events, s, NULL, i);
			break;
		}
	}
}

static void
start_instances(struct session *s)
{
	for (size_t i = 0; i < s->ninst; i++)
		start_instance(s, i);
}

static void
m_initialize(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream)
{
	json_t *id = json_object_get(msg, "id");
	const char *asked = json_string_value(json_object_get(params, "protocolVersion"));

	if (s->version != NULL) {
		answer_error(stream, id, MCP_ERR_INVALID_REQUEST, "this session is already initialized");
		return;
	}
	if (asked == NULL) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "initialize needs params.protocolVersion");
		return;
	}
	/* Negotiation: the client's version when we speak it, else our latest. */
	s->version = xstrdup(mcp_version_supported(asked) ? asked : MCP_VERSION_LATEST);
	s->client_caps = json_object_get(params, "capabilities");
	s->client_caps = json_is_object(s->client_caps) ? json_deep_copy(s->client_caps) : json_object();
	s->client_info = json_object_get(params, "clientInfo");
	s->client_info = json_is_object(s->client_info) ? json_deep_copy(s->client_info) : NULL;
	start_instances(s);
	answer(stream, result_response(id, json_pack("{s:s, s:o, s:{s:s, s:s, s:s}, s:s}",
	    "protocolVersion", s->version, "capabilities", gateway_capabilities(),
	    "serverInfo", "name", "gatehouse", "title", "gatehouse MCP gateway", "version", "0.1.0",
	    "instructions", GATEWAY_INSTRUCTIONS)));
}

static void
m_ping(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream)
{
	(void)s;
	(void)params;
	answer(stream, result_response(json_object_get(msg, "id"), json_object()));
}

static void
m_list(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream, enum list_kind kind)
{
	static const char *const fields[LIST_KINDS] = { "tools", "prompts", "resources", "resourceTemplates" };
	json_t *id = json_object_get(msg, "id");

	/* Everything is returned in one page; a cursor we never issued is an error. */
	if (params && json_object_get(params, "cursor") && !json_is_null(json_object_get(params, "cursor"))) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "invalid cursor: this gateway returns complete lists");
		return;
	}
	answer(stream, result_response(id, json_pack("{s:o}", fields[kind], aggregate_list(s, kind))));
}

static void m_tools_list(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_list(s, m, p, st, LIST_TOOLS); }
static void m_prompts_list(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_list(s, m, p, st, LIST_PROMPTS); }
static void m_resources_list(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_list(s, m, p, st, LIST_RESOURCES); }
static void m_templates_list(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_list(s, m, p, st, LIST_TEMPLATES); }

/* tools/call and prompts/get: route by exposed name, forward the original name. */
static void
m_by_name(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream, enum list_kind kind)
{
	json_t *id = json_object_get(msg, "id");
	const char *name = json_string_value(json_object_get(params, "name"));
	const char *original = NULL;
	struct instance *inst;
	char err[512];

	if (name == NULL) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "params.name is required");
		return;
	}
	if (!session_tool_allowed(s, name)) {
		snprintf(err, sizeof(err), "the %s \"%.200s\" is not allowed for the token \"%s\" (see `gatehouse token list`)",
		    kind == LIST_TOOLS ? "tool" : "prompt", name, s->token_name);
		record_refusal(s, kind == LIST_TOOLS ? "tools/call" : "prompts/get", name, "refused_policy");
		refuse(s, stream, mcp_error_response(id, MCP_ERR_INVALID_PARAMS, err));
		return;
	}
	int code = MCP_ERR_INVALID_PARAMS;
	inst = aggregate_route_name(s, kind, name, &original, &code, err, sizeof(err));
	if (inst == NULL) {
		record_refusal(s, kind == LIST_TOOLS ? "tools/call" : "prompts/get", name,
		    strstr(err, "held for review") ? "refused_held" : code == MCP_ERR_UNAVAILABLE ? "unavailable" : "refused");
		refuse(s, stream, mcp_error_response(id, code, err));
		return;
	}
	json_t *copy = json_deep_copy(params);
	json_object_set_new(copy, "name", json_string(original));
	forward(s, inst, msg, stream, copy, name);
}

static void m_tools_call(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_by_name(s, m, p, st, LIST_TOOLS); }
static void m_prompts_get(struct session *s, json_t *m, json_t *p, struct mcp_stream *st) { m_by_name(s, m, p, st, LIST_PROMPTS); }

/* resources/read, subscribe, unsubscribe: route by URI, which is not renamed. */
static void
m_by_uri(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream)
{
	json_t *id = json_object_get(msg, "id");
	const char *uri = json_string_value(json_object_get(params, "uri"));
	struct instance *inst;
	char err[512];

	if (uri == NULL) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "params.uri is required");
		return;
	}
	inst = aggregate_route_uri(s, uri, err, sizeof(err));
	if (inst == NULL) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, err);
		return;
	}
	const char *method = json_string_value(json_object_get(msg, "method"));
	if (s->subscriptions && strcmp(method, "resources/unsubscribe") == 0)
		json_object_del(s->subscriptions, uri);
	if (inst->modern && strcmp(method, "resources/read") != 0) {
		/* A modern server has no resources/subscribe: its subscriptions/listen does it. */
		bool on = strcmp(method, "resources/subscribe") == 0;
		/* Another session of this instance still subscribed keeps the URI in the filter. */
		for (struct session *o = s->r->sessions; !on && o; o = o->next)
			if (o != s && inst->index < o->ninst && o->inst[inst->index] == inst && o->subscriptions &&
			    json_object_get(o->subscriptions, uri) != NULL)
				on = true;
		if ((on || strcmp(method, "resources/unsubscribe") == 0) &&
		    instance_resource_subscription(inst, uri, on) != 0) {
			answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "too many resource subscriptions at this server");
			return;
		}
		session_subscribed(s, method, uri);
		answer(stream, result_response(id, json_object()));
		return;
	}
	forward(s, inst, msg, stream, params ? json_deep_copy(params) : NULL, uri);
}

static void
m_complete(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream)
{
	json_t *id = json_object_get(msg, "id");
	json_t *ref = json_object_get(params, "ref");
	const char *type = json_string_value(json_object_get(ref, "type"));
	struct instance *inst = NULL;
	const char *original = NULL;
	char err[512] = "params.ref must be a ref/prompt or ref/resource";

	if (type && strcmp(type, "ref/prompt") == 0 && json_is_string(json_object_get(ref, "name")) &&
	    !session_tool_allowed(s, json_string_value(json_object_get(ref, "name")))) {
		snprintf(err, sizeof(err), "the prompt \"%.200s\" is not allowed for the token \"%s\"",
		    json_string_value(json_object_get(ref, "name")), s->token_name);
	} else if (type && strcmp(type, "ref/prompt") == 0 && json_is_string(json_object_get(ref, "name"))) {
		int code;
		inst = aggregate_route_name(s, LIST_PROMPTS, json_string_value(json_object_get(ref, "name")),
		    &original, &code, err, sizeof(err));
		if (inst) {
			json_t *copy = json_deep_copy(params);
			json_object_set_new(json_object_get(copy, "ref"), "name", json_string(original));
			forward(s, inst, msg, stream, copy, json_string_value(json_object_get(ref, "name")));
			return;
		}
	} else if (type && strcmp(type, "ref/resource") == 0 && json_is_string(json_object_get(ref, "uri"))) {
		inst = aggregate_route_uri(s, json_string_value(json_object_get(ref, "uri")), err, sizeof(err));
		if (inst) {
			forward(s, inst, msg, stream, json_deep_copy(params), json_string_value(json_object_get(ref, "uri")));
			return;
		}
	}
	answer_error(stream, id, MCP_ERR_INVALID_PARAMS, err);
}

/* logging/setLevel: every instance that logs gets it; the client gets {} at once. */
static void
m_set_level(struct session *s, json_t *msg, json_t *params, struct mcp_stream *stream)
{
	json_t *id = json_object_get(msg, "id");

	if (!json_is_string(json_object_get(params, "level"))) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "params.level is required");
		return;
	}
	for (size_t i = 0; i < s->ninst; i++) {
		struct instance *inst = s->inst[i];
		/* 2026-07-28 has no logging/setLevel: a modern server is not asked. */
		if (inst && owns(s, inst) && inst->state == INST_READY && !inst->modern &&
		    instance_has_cap(inst, "logging"))
			instance_send_request(inst, "logging/setLevel", params, PENDING_IGNORE, NULL, LIST_TOOLS, NULL);
	}
	answer(stream, result_response(id, json_object()));
}

typedef void (*method_fn)(struct session *, json_t *, json_t *, struct mcp_stream *);

/* Client requests the gateway understands. WAIT: answered once the session's
 * instances have settled (started or given up). */
#define WAIT 1
static const struct method {
	const char *name;
	method_fn   fn;
	int         flags;
} methods[] = {
	{ "initialize",               m_initialize,     0 },
	{ "ping",                     m_ping,           0 },
	{ "tools/list",               m_tools_list,     WAIT },
	{ "tools/call",               m_tools_call,     WAIT },
	{ "prompts/list",             m_prompts_list,   WAIT },
	{ "prompts/get",              m_prompts_get,    WAIT },
	{ "resources/list",           m_resources_list, WAIT },
	{ "resources/templates/list", m_templates_list, WAIT },
	{ "resources/read",           m_by_uri,         WAIT },
	{ "resources/subscribe",      m_by_uri,         WAIT },
	{ "resources/unsubscribe",    m_by_uri,         WAIT },
	{ "completion/complete",      m_complete,       WAIT },
	{ "logging/setLevel",         m_set_level,      WAIT },
};

/* A request that names one thing (a tool, a prompt, a URI) whose server is ready now. */
static bool
route_ready(struct session *s, method_fn fn, json_t *params)
{
	char err[512];
	const char *original;
	int code;

	if (fn == m_tools_call || fn == m_prompts_get) {
		const char *name = json_string_value(json_object_get(params, "name"));
		return name != NULL && aggregate_route_name(s, fn == m_tools_call ? LIST_TOOLS : LIST_PROMPTS,
		    name, &original, &code, err, sizeof(err)) != NULL;
	}
	if (fn == m_by_uri) {
		const char *uri = json_string_value(json_object_get(params, "uri"));
		return uri != NULL && aggregate_route_uri(s, uri, err, sizeof(err)) != NULL;
	}
	return false;
}

/*
 * A call or prompts/get for a server of the session that is being restarted
 * after a crash: by its prefix, or (without one) by the names it last listed.
 */
static bool
route_restarting(struct session *s, method_fn fn, json_t *params)
{
	enum list_kind kind = fn == m_tools_call ? LIST_TOOLS : LIST_PROMPTS;
	const char *name = json_string_value(json_object_get(params, "name"));

	size_t claims = 0;

	if ((fn != m_tools_call && fn != m_prompts_get) || name == NULL)
		return false;
	/* A name two servers claim is a collision: no restart will change that. */
	for (size_t i = 0; i < s->ninst; i++)
		claims += s->inst[i] != NULL && s->r->known[i * LIST_KINDS + kind] != NULL &&
		    json_object_get(s->r->known[i * LIST_KINDS + kind], name) != NULL;
	if (claims > 1)
		return false;
	for (size_t i = 0; i < s->ninst; i++) {
		struct instance *inst = s->inst[i];
		size_t plen;
		if (inst == NULL || !instance_restarting(inst))
			continue;
		plen = strlen(inst->prefix);
		if (plen > 0 ? strncmp(name, inst->prefix, plen) == 0 && strncmp(name + plen, "__", 2) == 0 :
		    s->r->known[i * LIST_KINDS + kind] != NULL &&
		    json_object_get(s->r->known[i * LIST_KINDS + kind], name) != NULL)
			return true;
	}
	return false;
}

static int
list_kind_of(method_fn fn)
{
	return fn == m_tools_list ? LIST_TOOLS : fn == m_prompts_list ? LIST_PROMPTS :
	    fn == m_resources_list ? LIST_RESOURCES : fn == m_templates_list ? LIST_TEMPLATES : -1;
}

static void arm_list_timer(struct router *r, int64_t deadline_ms);

/*
 * now_ok: answer now whatever the servers do (a list whose wait is over). A
 * request that names one server (a call, a read) waits only while that server
 * is not found among the ready ones.
 */
static void
dispatch(struct session *s, json_t *msg, struct mcp_stream *stream, bool now_ok)
{
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *id = json_object_get(msg, "id");
	json_t *params = json_object_get(msg, "params");
	char text[200];

	if (params != NULL && !json_is_object(params)) {
		answer_error(stream, id, MCP_ERR_INVALID_PARAMS, "params must be an object");
		return;
	}
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcmp(methods[i].name, method) != 0)
			continue;
		if (s->version == NULL && methods[i].fn != m_initialize && methods[i].fn != m_ping) {
			answer_error(stream, id, MCP_ERR_INVALID_REQUEST, "the session is not initialized; send initialize first");
			return;
		}
		bool restart = false;
		if ((methods[i].flags & WAIT) && !now_ok && !route_ready(s, methods[i].fn, params) &&
		    (!session_settled(s) || (restart = route_restarting(s, methods[i].fn, params)))) {
			int kind = list_kind_of(methods[i].fn);
			if (s->ndeferred >= LIMIT_CALLS_PER_SESSION) {
				answer_error(stream, id, MCP_ERR_UNAVAILABLE, "too many requests waiting for servers to start");
				return;
			}
			struct deferred *d = xcalloc(1, sizeof(*d));
			d->msg = json_incref(msg);
			d->stream = stream;
			d->list_kind = kind;
			d->restart = restart;
			if (kind >= 0 || restart) {
				d->deadline_ms = util_now_ms() + (kind >= 0 ? LIMIT_LIST_WAIT_MS :
				    s->r->cfg->limits.call_timeout_ms);
				arm_list_timer(s->r, d->deadline_ms);
			}
			mcp_stream_ref(stream);
			struct deferred **tail = &s->deferred;
			while (*tail)
				tail = &(*tail)->next;
			*tail = d;
			s->ndeferred++;
			return;
		}
		methods[i].fn(s, msg, params, stream);
		return;
	}
	snprintf(text, sizeof(text), "method not found: %.100s", method);
	answer_error(stream, id, MCP_ERR_METHOD_NOT_FOUND, text);
}

static void
dispatch_request(struct session *s, json_t *msg, struct mcp_stream *stream)
{
	dispatch(s, msg, stream, false);
}

/*
 * Send what waits and may go now: everything once every server settled; before
 * that, the lists whose wait is over (answered with the ready servers, and the
 * session remembers to say list_changed) and the requests whose server is ready.
 * Order among the rest is kept.
 */
static void
flush_deferred(struct session *s)
{
	int64_t now = util_now_ms();
	struct deferred **dp = &s->deferred, *d;

	while ((d = *dp) != NULL) {
		json_t *params = json_object_get(d->msg, "params");
		const char *method = json_string_value(json_object_get(d->msg, "method"));
		method_fn fn = NULL;
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]) && fn == NULL; i++)
			if (strcmp(methods[i].name, method) == 0)
				fn = methods[i].fn;
		bool ready = fn != NULL && route_ready(s, fn, params);
		/* A call waiting for a restart goes when its server is back or given up on. */
		bool settled = session_settled(s) && !(d->restart && fn != NULL && route_restarting(s, fn, params));
		bool due = d->deadline_ms != 0 && now >= d->deadline_ms;
		if (!settled && !due && !ready) {
			dp = &d->next;
			continue;
		}
		*dp = d->next;
		s->ndeferred--;
		if (!settled && due && d->list_kind >= 0)
			s->partial[d->list_kind] = true;
		if (!d->stream->gone)
			dispatch(s, d->msg, d->stream, true);
		mcp_stream_unref(d->stream);
		json_decref(d->msg);
		free(d);
	}
}

/* The client's answer to a request a server sent it through us. */
static void
client_response(struct session *s, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	struct router *r = s->r;

	if (!json_is_string(id))
		return;
	for (struct relayed **pp = &r->relayed; *pp; pp = &(*pp)->next) {
		struct relayed *rl = *pp;
		if (rl->session != s || strcmp(rl->gw_id, json_string_value(id)) != 0)
			continue;
		*pp = rl->next;
		if (rl->call) {
			input_answered(rl, msg);
			relayed_free(rl);
			return;
		}
		json_t *fwd = json_deep_copy(msg);
		json_object_set(fwd, "id", rl->down_id);
		instance_send_raw(rl->inst, fwd);
		json_decref(fwd);
		relayed_free(rl);
		return;
	}
}

static void
client_notification(struct session *s, json_t *msg)
{
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");

	if (strcmp(method, "notifications/initialized") == 0) {
		s->initialized = true;
	} else if (strcmp(method, "notifications/cancelled") == 0) {
		json_t *rid = params ? json_object_get(params, "requestId") : NULL;
		/* Still waiting for the servers to start: drop it unanswered. */
		for (struct deferred **dp = &s->deferred; *dp && rid; dp = &(*dp)->next) {
			struct deferred *d = *dp;
			if (!json_equal(json_object_get(d->msg, "id"), rid))
				continue;
			*dp = d->next;
			s->ndeferred--;
			stream_end(d->stream);
			mcp_stream_unref(d->stream);
			json_decref(d->msg);
			free(d);
			return;
		}
		for (struct call *c = s->calls; c && rid; c = c->next_in_session) {
			if (!json_equal(c->client_id, rid))
				continue;
			json_t *p = json_pack("{s:I}", "requestId", (json_int_t)c->down_id);
			json_t *reason = json_object_get(params, "reason");
			if (json_is_string(reason)) {
				/* The client's words go downstream only cut to size. */
				char cut[LIMIT_CANCEL_REASON + 1];
				util_utf8_clean(json_string_value(reason), cut, sizeof(cut));
				json_object_set_new(p, "reason", json_string(cut));
			}
			if (c->inst)
				instance_send_notification(c->inst, "notifications/cancelled", p);
			json_decref(p);
			call_finish(c, NULL, "cancelled");
			break;
		}
	} else if (strcmp(method, "notifications/roots/list_changed") == 0) {
		for (size_t i = 0; i < s->ninst; i++)
			if (s->inst[i] && owns(s, s->inst[i]) && s->inst[i]->state == INST_READY)
				instance_send_notification(s->inst[i], method, NULL);
	}
	/* Other notifications from a client have no one downstream to go to. */
}

int
router_client_message(struct session *s, json_t *msg, struct mcp_stream *stream)
{
	json_t *method, *id;

	if (!json_is_object(msg) || !json_is_string(json_object_get(msg, "jsonrpc")) ||
	    strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0") != 0)
		return -1;
	s->last_active_ms = util_now_ms();
	method = json_object_get(msg, "method");
	id = json_object_get(msg, "id");
	if (id && !json_is_string(id) && !json_is_integer(id))
		return -1;
	if (json_is_string(method)) {
		if (id == NULL) {
			client_notification(s, msg);
			return 0;
		}
		if (stream == NULL)
			return -1;
		dispatch_request(s, msg, stream);
		return 0;
	}
	if (method != NULL || id == NULL)
		return -1;
	if ((json_object_get(msg, "result") != NULL) == (json_object_get(msg, "error") != NULL))
		return -1;
	client_response(s, msg);
	return 0;
}

/* ---- what instances send ---------------------------------------------- */

/* The session a message from `inst` belongs to, and the stream to use. */
static struct session *
owner_of(struct instance *inst, struct mcp_stream **stream)
{
	struct router *r = inst->r;
	struct call *only = NULL;
	size_t n = 0;

	*stream = NULL;
	if (inst->session) {
		for (struct call *c = inst->session->calls; c; c = c->next_in_session)
			if (c->inst == inst) {
				only = c;
				n++;
			}
		if (n == 1)
			*stream = only->stream;
		return inst->session;
	}
	/* Per token: the token's one session, when it has one. */
	if (inst->group != NULL && inst->group->nsessions == 1) {
		for (struct session *s = r->sessions; s; s = s->next)
			if (s->group == inst->group) {
				for (struct call *c = s->calls; c; c = c->next_in_session)
					if (c->inst == inst) {
						only = c;
						n++;
					}
				if (n == 1)
					*stream = only->stream;
				return s;
			}
		return NULL;
	}
	/* Shared (or a token's several sessions): unambiguous only when exactly one
	 * call of one session is in flight. */
	for (struct session *s = r->sessions; s; s = s->next)
		for (struct call *c = s->calls; c; c = c->next_in_session)
			if (c->inst == inst) {
				only = c;
				n++;
			}
	if (n != 1)
		return NULL;
	*stream = only->stream;
	return only->session;
}

static void
reply_to_server(struct instance *inst, json_t *id, json_t *result, int code, const char *message)
{
	json_t *msg = result ? json_pack("{s:s, s:O, s:O}", "jsonrpc", "2.0", "id", id, "result", result)
	    : mcp_error_response(id, code, message);

	instance_send_raw(inst, msg);
	json_decref(msg);
}

static void
relay_request(struct instance *inst, json_t *msg)
{
	struct router *r = inst->r;
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *id = json_object_get(msg, "id");
	struct mcp_stream *stream;
	struct session *s;
	struct relayed *rl;

	if (strcmp(method, "ping") == 0) {
		json_t *empty = json_object();
		reply_to_server(inst, id, empty, 0, NULL);
		json_decref(empty);
		return;
	}
	if (strcmp(method, "sampling/createMessage") != 0 && strcmp(method, "elicitation/create") != 0 &&
	    strcmp(method, "roots/list") != 0) {
		reply_to_server(inst, id, NULL, MCP_ERR_METHOD_NOT_FOUND, "method not found");
		return;
	}
	s = owner_of(inst, &stream);
	if (s == NULL) {
		reply_to_server(inst, id, NULL, MCP_ERR_INTERNAL,
		    "gatehouse cannot tell which client session this shared server is asking");
		return;
	}
	if ((stream == NULL || stream->gone || stream->ended) &&
	    (s->standalone == NULL || s->standalone->gone)) {
		reply_to_server(inst, id, NULL, MCP_ERR_INTERNAL, "the client has no open stream to receive this request");
		return;
	}
	/* One token's sessions cannot take the whole pool: a client that never
	 * answers holds at most its own share, and only until the call timeout. */
	if (!relay_room(r, s)) {
		reply_to_server(inst, id, NULL, MCP_ERR_INTERNAL, "too many requests waiting for clients");
		return;
	}
	rl = xcalloc(1, sizeof(*rl));
	rl->started_ms = util_now_ms();
	snprintf(rl->gw_id, sizeof(rl->gw_id), "gh-%llu", (unsigned long long)++r->next_gw_id);
	rl->down_id = json_incref(id);
	rl->inst = inst;
	rl->session = s;
	rl->next = r->relayed;
	r->relayed = rl;
	json_t *fwd = json_deep_copy(msg);
	json_object_set_new(fwd, "id", json_string(rl->gw_id));
	session_send(s, stream, fwd);
	json_decref(fwd);
}

static struct call *
call_by_progress(struct instance *inst, const char *token)
{
	struct router *r = inst->r;

	for (struct session *s = r->sessions; s; s = s->next) {
		if (inst->session && s != inst->session)
			continue;
		for (struct call *c = s->calls; c; c = c->next_in_session)
			if (c->inst == inst && c->progress[0] && strcmp(c->progress, token) == 0)
				return c;
	}
	return NULL;
}

static void
relay_notification(struct instance *inst, json_t *msg)
{
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");
	struct mcp_stream *stream;
	struct session *s;

	if (strcmp(method, "notifications/progress") == 0) {
		const char *token = json_string_value(json_object_get(params, "progressToken"));
		struct call *c = token ? call_by_progress(inst, token) : NULL;
		if (c == NULL || c->client_progress == NULL)
			return;
		json_t *fwd = json_deep_copy(msg);
		json_object_set(json_object_get(fwd, "params"), "progressToken", c->client_progress);
		session_send(c->session, c->stream, fwd);
		/* Progress shows the call is alive: its timeout starts again, as the SDK's
		 * resetTimeoutOnProgress does, but never past LIMIT_PROGRESS_FACTOR times. */
		int64_t limit = instance_timeout_ms(inst), left =
		    c->started_ms + LIMIT_PROGRESS_FACTOR * limit - util_now_ms();
		if (c->timer_open && left > 0) {
			c->progressed = true;
			uv_timer_start(&c->timer, on_call_timeout, (uint64_t)(left < limit ? left : limit), 0);
		}
		json_decref(fwd);
		return;
	}
	if (strcmp(method, "notifications/cancelled") == 0) {
		/* The server withdrew a request it had sent a client through us. */
		json_t *rid = json_object_get(params, "requestId");
		for (struct relayed **pp = &inst->r->relayed; *pp && rid; pp = &(*pp)->next) {
			struct relayed *rl = *pp;
			if (rl->inst != inst || !json_equal(rl->down_id, rid))
				continue;
			json_t *fwd = json_deep_copy(msg);
			json_object_set_new(json_object_get(fwd, "params"), "requestId", json_string(rl->gw_id));
			session_send(rl->session, NULL, fwd);
			json_decref(fwd);
			*pp = rl->next;
			relayed_free(rl);
			break;
		}
		return;
	}
	if (strcmp(method, "notifications/resources/updated") == 0 && inst->session == NULL) {
		/* A shared server's resource changed: the sessions subscribed to it hear. */
		const char *uri = json_string_value(json_object_get(params, "uri"));
		if (uri == NULL)
			return;
		for (struct session *x = inst->r->sessions; x; x = x->next)
			if (x->version && !x->ending && x->inst[inst->index] == inst && x->subscriptions &&
			    json_object_get(x->subscriptions, uri))
				session_send(x, NULL, msg);
		return;
	}
	s = owner_of(inst, &stream);
	if (s == NULL)
		return;
	/* Log messages go with the request that caused them when that is clear. */
	session_send(s, strcmp(method, "notifications/message") == 0 ? stream : NULL, msg);
}

static void
router_instance_message(struct instance *inst, json_t *msg)
{
	json_t *method = json_object_get(msg, "method");

	if (!json_is_string(method))
		return;
	if (json_object_get(msg, "id") != NULL)
		relay_request(inst, msg);
	else
		relay_notification(inst, msg);
}

static void
router_instance_list_changed(struct instance *inst, enum list_kind kind)
{
	static const char *const notes[LIST_KINDS] = {
		"notifications/tools/list_changed", "notifications/prompts/list_changed",
		"notifications/resources/list_changed", "notifications/resources/list_changed",
	};
	json_t *msg = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", notes[kind]);

	for (struct session *s = inst->r->sessions; s; s = s->next)
		if (inst->session == s || (inst->session == NULL && s->inst && s->inst[inst->index] == inst))
			session_send(s, NULL, msg);
	json_decref(msg);
}

/*
 * A server came up (or gave up) during its first start. Requests waiting for it
 * go; a session that was given a list without it hears list_changed now.
 */
static void
router_instance_settled(struct instance *inst)
{
	static const char *const notes[LIST_KINDS] = {
		"notifications/tools/list_changed", "notifications/prompts/list_changed",
		"notifications/resources/list_changed", NULL,
	};
	struct router *r = inst->r;

	for (struct session *s = r->sessions; s; s = s->next) {
		if (inst->session != s && !(inst->session == NULL && s->inst && inst->index < s->ninst &&
		    s->inst[inst->index] == inst))
			continue;
		if (s->deferred)
			flush_deferred(s);
		bool resources_said = false;
		for (int k = 0; k < LIST_KINDS; k++) {
			if (!s->partial[k])
				continue;
			if (session_settled(s))
				s->partial[k] = false;
			if (inst->state != INST_READY || notes[k == LIST_TEMPLATES ? LIST_RESOURCES : k] == NULL)
				continue;
			if (k == LIST_RESOURCES || k == LIST_TEMPLATES) {
				if (resources_said)
					continue;
				resources_said = true;
			}
			json_t *note = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method",
			    notes[k == LIST_TEMPLATES ? LIST_RESOURCES : k]);
			session_send(s, NULL, note);
			json_decref(note);
		}
	}
}

/* Lists whose wait for starting servers is over are answered with the ready ones. */
static void
on_list_timer(uv_timer_t *t)
{
	struct router *r = t->data;
	int64_t next = 0;

	for (struct session *s = r->sessions; s; s = s->next) {
		if (s->deferred)
			flush_deferred(s);
		for (struct deferred *d = s->deferred; d; d = d->next)
			if (d->deadline_ms != 0 && (next == 0 || d->deadline_ms < next))
				next = d->deadline_ms;
	}
	if (next != 0)
		arm_list_timer(r, next);
}

static void
arm_list_timer(struct router *r, int64_t deadline_ms)
{
	int64_t now = util_now_ms(), due = (int64_t)uv_timer_get_due_in(&r->list_timer);

	if (r->closing)
		return;
	if (uv_is_active((uv_handle_t *)&r->list_timer) && now + due <= deadline_ms)
		return;
	uv_timer_start(&r->list_timer, on_list_timer, deadline_ms > now ? (uint64_t)(deadline_ms - now) : 0, 0);
}

/* An instance lost its server: requests it had relayed to clients are void. */
static void
router_instance_gone(struct instance *inst)
{
	struct router *r;

	r = inst->r;
	for (struct relayed **pp = &r->relayed; *pp;) {
		struct relayed *rl = *pp;
		if (rl->inst == inst) {
			*pp = rl->next;
			relayed_free(rl);
		} else {
			pp = &rl->next;
		}
	}
}

/* ---- sessions --------------------------------------------------------- */

/* Does the token of `s` allow the tool (or prompt) exposed as `exposed`? Globs as fnmatch(3). */
bool
session_tool_allowed(const struct session *s, const char *exposed)
{
	size_t i;
	json_t *g;

	if (s->tool_globs == NULL)
		return true;
	json_array_foreach(s->tool_globs, i, g)
		if (json_is_string(g) && fnmatch(json_string_value(g), exposed, 0) == 0)
			return true;
	return false;
}

static size_t
sessions_of_token(const struct router *r, const uint8_t token_hash[TOKEN_HASH_BYTES])
{
	size_t n = 0;

	for (const struct session *s = r->sessions; s; s = s->next)
		if (!s->ending && sodium_memcmp(s->token_hash, token_hash, TOKEN_HASH_BYTES) == 0)
			n++;
	return n;
}

struct session *
router_session_new(struct router *r, const uint8_t token_hash[TOKEN_HASH_BYTES],
    const char *token_name, const char *tools_json, unsigned *status, const char **why)
{
	uint8_t raw[SESSION_ID_BYTES];
	struct session *s;
	json_t *globs = NULL;

	if (r->shutting_down) {
		*status = 503;
		*why = "the gateway is shutting down";
		return NULL;
	}
	if ((int64_t)r->nsessions >= r->cfg->limits.max_sessions) {
		*status = 503;
		*why = "too many sessions (see \"limits.maxSessions\"); end an old session with DELETE";
		return NULL;
	}
	/* One token cannot take every session slot from the others. */
	if ((int64_t)sessions_of_token(r, token_hash) >= r->cfg->limits.max_sessions_per_token) {
		*status = 503;
		*why = "too many sessions for this token (see \"limits.maxSessionsPerToken\"); end an old session with DELETE";
		return NULL;
	}
	if (tools_json != NULL) {
		globs = json_loads(tools_json, 0, NULL);
		if (!json_is_array(globs)) {
			/* Fail closed: a policy we cannot read allows nothing. */
			json_decref(globs);
			globs = json_array();
		}
	}
	s = xcalloc(1, sizeof(*s));
	s->tool_globs = globs;
	s->r = r;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(s->id, sizeof(s->id), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memcpy(s->token_hash, token_hash, TOKEN_HASH_BYTES);
	snprintf(s->token_name, sizeof(s->token_name), "%s", token_name);
	s->ninst = r->nsrv;
	s->inst = xcalloc(s->ninst + 1, sizeof(struct instance *));
	s->last_active_ms = util_now_ms();
	s->next = r->sessions;
	r->sessions = s;
	r->nsessions++;
	return s;
}

struct session *
router_session_find(struct router *r, const char *id, const uint8_t token_hash[TOKEN_HASH_BYTES])
{
	for (struct session *s = r->sessions; s; s = s->next) {
		if (s->ending || s->modern || strcmp(s->id, id) != 0)
			continue;
		/* A session id is never a credential: another token's request finds nothing. */
		if (sodium_memcmp(s->token_hash, token_hash, TOKEN_HASH_BYTES) != 0)
			return NULL;
		return s;
	}
	return NULL;
}

const char *router_session_id(const struct session *s) { return s->id; }
bool router_session_initialized(const struct session *s) { return s->version != NULL; }

void
router_stats(const struct router *r, struct router_stats *out)
{
	*out = (struct router_stats){ .sessions = r->nsessions };
	for (const struct session *s = r->sessions; s; s = s->next) {
		out->calls += s->ncalls;
		out->waiting += s->ndeferred;
	}
	for (const struct relayed *x = r->relayed; x; x = x->next)
		out->relayed++;
}
const char *router_session_version(const struct session *s) { return s->version; }
size_t router_session_count(const struct router *r) { return r->nsessions; }

bool
router_session_has_standalone(const struct session *s)
{
	return s->standalone != NULL && !s->standalone->gone && !s->standalone->ended;
}

void
router_session_attach(struct session *s, struct mcp_stream *stream)
{
	if (s->standalone)
		mcp_stream_unref(s->standalone);
	mcp_stream_ref(stream);
	s->standalone = stream;
	s->last_active_ms = util_now_ms();
}

static void maybe_shutdown_done(struct router *r);

/*
 * The names the scan needs for shadowing: the server's own tools, and those of
 * every other server as they last listed them (original names, prefix cut off).
 */
struct name_lists {
	char  **own, **other;
	size_t  nown, nother;
};

static void
names_collect(struct instance *inst, struct name_lists *nl)
{
	struct router *r = inst->r;
	size_t i, cap;
	json_t *item, *v;
	const char *key;

	memset(nl, 0, sizeof(*nl));
	cap = inst->lists[LIST_TOOLS] ? json_array_size(inst->lists[LIST_TOOLS]) : 0;
	nl->own = xcalloc(cap + 1, sizeof(char *));
	if (inst->lists[LIST_TOOLS])
		json_array_foreach(inst->lists[LIST_TOOLS], i, item)
			if (json_is_string(json_object_get(item, "name")))
				nl->own[nl->nown++] = (char *)json_string_value(json_object_get(item, "name"));
	cap = 0;
	for (size_t j = 0; j < r->nsrv; j++)
		if (j != inst->index && r->known[j * LIST_KINDS + LIST_TOOLS])
			cap += json_object_size(r->known[j * LIST_KINDS + LIST_TOOLS]);
	nl->other = xcalloc(cap + 1, sizeof(char *));
	for (size_t j = 0; j < r->nsrv; j++) {
		size_t plen = strlen(r->srv[j]->prefix);
		if (j == inst->index || r->known[j * LIST_KINDS + LIST_TOOLS] == NULL)
			continue;
		json_object_foreach(r->known[j * LIST_KINDS + LIST_TOOLS], key, v)
			nl->other[nl->nother++] = (char *)(plen > 0 && strlen(key) > plen + 2 ? key + plen + 2 : key);
	}
}

/* What clients may see of an instance's tools or prompts: the guard's verdict. True when it changed. */
static bool
compute_visible(struct instance *inst, enum list_kind kind)
{
	struct router *r = inst->r;
	json_t *old = inst->visible[kind];
	struct name_lists nl;
	bool changed;

	if (kind != LIST_TOOLS && kind != LIST_PROMPTS)
		return false;
	if (r->guard == NULL || inst->lists[kind] == NULL) {
		inst->visible[kind] = json_incref(inst->lists[kind]);
	} else {
		names_collect(inst, &nl);
		struct scan_context ctx = { .server = inst->key, .own_names = nl.own, .nown = nl.nown,
		    .other_names = nl.other, .nother = nl.nother };
		inst->visible[kind] = guard_filter(r->guard, inst->key,
		    kind == LIST_TOOLS ? GUARD_TOOL : GUARD_PROMPT, inst->lists[kind], &ctx);
		free(nl.own);
		free(nl.other);
	}
	changed = !json_equal(old, inst->visible[kind]) && (old != NULL || inst->visible[kind] != NULL);
	json_decref(old);
	return changed;
}

static void guard_recheck(struct instance *inst);

/*
 * A server listed tool names the others had not seen: what the other servers'
 * tools say about them may now be shadowing. Their automatically pinned tools
 * are scanned again with the new names (first come, first judged would
 * otherwise decide by start order).
 */
static void
rescan_others(struct instance *lister)
{
	struct router *r = lister->r;

	for (size_t j = 0; j < r->nsrv; j++) {
		if (j == lister->index)
			continue;
		for (struct session *s = r->sessions; s; s = s->next) {
			struct instance *inst = s->inst[j];
			struct name_lists nl;
			if (inst == NULL || inst->state != INST_READY || inst->lists[LIST_TOOLS] == NULL)
				continue;
			names_collect(inst, &nl);
			struct scan_context ctx = { .server = inst->key, .own_names = nl.own, .nown = nl.nown,
			    .other_names = nl.other, .nother = nl.nother };
			bool changed = guard_rescan_auto(r->guard, inst->key, GUARD_TOOL, inst->lists[LIST_TOOLS], &ctx);
			free(nl.own);
			free(nl.other);
			if (!changed)
				continue;
			/* Every instance of that server, in every session, sees the new verdict. */
			for (struct session *x = r->sessions; x; x = x->next)
				if (x->inst[j] && (x->inst[j]->session == x || x->inst[j]->session == NULL))
					guard_recheck(x->inst[j]);
		}
	}
}

/* A server's list is complete: remember its names for collisions, and judge it. */
static void
router_instance_listed(struct instance *inst, enum list_kind kind)
{
	json_t **slot = &inst->r->known[inst->index * LIST_KINDS + kind];
	json_t *old = *slot, *v;
	const char *key;
	bool new_names = false;

	*slot = aggregate_keys(inst, kind, inst->lists[kind]);
	json_object_foreach(*slot, key, v)
		if (old == NULL || json_object_get(old, key) == NULL)
			new_names = true;
	json_decref(old);
	compute_visible(inst, kind);
	if (kind == LIST_TOOLS && new_names && inst->r->guard != NULL)
		rescan_others(inst);
}

/* Server instructions are pinned like tools (they are not passed on to clients). */
static void
router_instance_instructions(struct instance *inst, const char *text)
{
	struct name_lists nl;

	if (inst->r->guard == NULL)
		return;
	names_collect(inst, &nl);
	struct scan_context ctx = { .server = inst->key, .own_names = nl.own, .nown = nl.nown,
	    .other_names = nl.other, .nother = nl.nother };
	(void)guard_instructions_ok(inst->r->guard, inst->key, text, &ctx);
	free(nl.own);
	free(nl.other);
}

static void
guard_recheck(struct instance *inst)
{
	if (inst == NULL || inst->state != INST_READY)
		return;
	for (int k = LIST_TOOLS; k <= LIST_PROMPTS; k++)
		if (compute_visible(inst, (enum list_kind)k))
			router_instance_list_changed(inst, (enum list_kind)k);
}

void
router_guard_changed(struct router *r)
{
	for (struct session *s = r->sessions; s; s = s->next)
		for (size_t i = 0; i < s->ninst; i++)
			if (s->inst[i] && s->inst[i]->session == s)
				guard_recheck(s->inst[i]);
	for (size_t i = 0; i < r->nsrv; i++)
		guard_recheck(r->shared[i]);
	for (struct token_group *g = r->groups; g; g = g->next)
		for (size_t i = 0; i < r->nsrv; i++)
			guard_recheck(g->inst[i]);
}

/* An instance released its last resource: a shutdown may be complete now. */
static void
router_instance_freed(struct router *r)
{
	r->live_instances--;
	maybe_shutdown_done(r);
}

/* A forwarded call that its server will never answer (it was lost or stopped). */
static void
router_call_lost(struct call *c, const char *text)
{
	json_t *resp = mcp_error_response(c->client_id, MCP_ERR_UNAVAILABLE, text);

	call_finish(c, resp, "lost");
	json_decref(resp);
}

static const struct instance_events instance_events = {
	.settled      = router_instance_settled,
	.listed       = router_instance_listed,
	.list_changed = router_instance_list_changed,
	.message      = router_instance_message,
	.answered     = router_call_response,
	.call_lost    = router_call_lost,
	.gone         = router_instance_gone,
	.instructions = router_instance_instructions,
	.freed        = router_instance_freed,
};

static void
maybe_shutdown_done(struct router *r)
{
	if (r->shutting_down && r->sessions == NULL && r->live_instances == 0 && r->shutdown_done) {
		void (*done)(void *) = r->shutdown_done;
		r->shutdown_done = NULL;
		done(r->shutdown_arg);
	}
}

void
router_session_end(struct session *s, const char *why)
{
	struct router *r = s->r;
	struct logline l;
	char text[200];

	if (s->ending)
		return;
	s->ending = true;
	log_begin(&l, LOG_INFO, "session ended");
	log_str(&l, "session", s->id);
	log_str(&l, "token", s->token_name);
	log_str(&l, "reason", why);
	log_end(&l);
	snprintf(text, sizeof(text), "the session ended: %s", why);
	while (s->calls) {
		json_t *resp = mcp_error_response(s->calls->client_id, MCP_ERR_UNAVAILABLE, text);
		if (s->calls->inst) {
			json_t *p = json_pack("{s:I}", "requestId", (json_int_t)s->calls->down_id);
			instance_send_notification(s->calls->inst, "notifications/cancelled", p);
			json_decref(p);
		}
		call_finish(s->calls, resp, "session_ended");
		json_decref(resp);
	}
	while (s->deferred) {
		struct deferred *d = s->deferred;
		s->deferred = d->next;
		answer_error(d->stream, json_object_get(d->msg, "id"), MCP_ERR_UNAVAILABLE, text);
		mcp_stream_unref(d->stream);
		json_decref(d->msg);
		free(d);
	}
	for (struct relayed **pp = &r->relayed; *pp;) {
		struct relayed *rl = *pp;
		if (rl->session == s) {
			*pp = rl->next;
			relayed_free(rl);
		} else {
			pp = &rl->next;
		}
	}
	for (size_t i = 0; i < s->ninst; i++)
		if (s->inst[i] && s->inst[i]->session == s) {
			s->inst[i]->session = NULL;
			instance_close(s->inst[i]);
		}
	group_leave(s);
	if (s->standalone) {
		stream_end(s->standalone);
		mcp_stream_unref(s->standalone);
	}
	for (struct session **pp = &r->sessions; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	r->nsessions--;
	json_decref(s->client_caps);
	json_decref(s->client_info);
	json_decref(s->tool_globs);
	json_decref(s->subscriptions);
	free(s->version);
	free(s->inst);
	free(s);
	maybe_shutdown_done(r);
}

size_t
router_end_sessions_unless(struct router *r, bool (*live)(const uint8_t hash[TOKEN_HASH_BYTES], void *arg),
    void *arg)
{
	struct session *s = r->sessions, *next;
	size_t n = 0;

	for (; s; s = next) {
		next = s->next;
		if (!s->ending && !live(s->token_hash, arg)) {
			router_session_end(s, "its token was revoked or has expired");
			n++;
		}
	}
	return n;
}

/*
 * A server-to-client request that its client has not answered within the call
 * timeout is void: the server gets an error, the client a cancellation, and the
 * slot is free again.
 */
static void
expire_relayed(struct router *r, int64_t now)
{
	for (struct relayed **pp = &r->relayed; *pp;) {
		struct relayed *rl = *pp;
		if (now - rl->started_ms <= r->cfg->limits.call_timeout_ms) {
			pp = &rl->next;
			continue;
		}
		*pp = rl->next;
		if (rl->down_id)
			reply_to_server(rl->inst, rl->down_id, NULL, MCP_ERR_TIMEOUT,
			    "the client did not answer within limits.callTimeoutMs");
		json_t *note = json_pack("{s:s, s:s, s:{s:s, s:s}}", "jsonrpc", "2.0",
		    "method", "notifications/cancelled", "params", "requestId", rl->gw_id, "reason", "timeout");
		session_send(rl->session, NULL, note);
		json_decref(note);
		relayed_free(rl);
	}
}

/* Sessions with nothing in flight and no stream open, idle past sessionIdleMs, end. */
/* Calls whose client gave them up (closed a 2026-07-28 response stream): cancelled downstream. */
static void
cancel_abandoned(struct router *r)
{
	for (struct session *s = r->sessions; s; s = s->next) {
		if (!s->modern)
			continue;
		for (struct call *c = s->calls, *next; c; c = next) {
			next = c->next_in_session;
			if (c->stream == NULL || c->stream->ops->abandoned == NULL || !c->stream->ops->abandoned(c->stream))
				continue;
			json_t *p = json_pack("{s:I, s:s}", "requestId", (json_int_t)c->down_id,
			    "reason", "the client closed its response stream");
			if (c->inst)
				instance_send_notification(c->inst, "notifications/cancelled", p);
			json_decref(p);
			call_finish(c, NULL, "cancelled");
		}
	}
}

static void
on_idle_sweep(uv_timer_t *t)
{
	struct router *r = t->data;
	int64_t now = util_now_ms();
	struct session *s = r->sessions, *next;

	expire_relayed(r, now);
	cancel_abandoned(r);
	for (; s; s = next) {
		next = s->next;
		if (s->calls == NULL && s->deferred == NULL && !router_session_has_standalone(s) &&
		    now - s->last_active_ms > r->cfg->limits.session_idle_ms)
			router_session_end(s, "idle");
	}
}

/* ---- the router ------------------------------------------------------- */

/*
 * Before any server lists: each claims the names it offered before (its pins),
 * so that two servers exposing one name collide from the start, also when one
 * of them does not come up. A server's own list replaces its claim.
 */
static void
seed_known(struct router *r)
{
	static const enum list_kind kinds[] = { LIST_TOOLS, LIST_PROMPTS };

	if (r->guard == NULL)
		return;
	for (size_t i = 0; i < r->nsrv; i++)
		for (size_t k = 0; k < 2; k++) {
			json_t *names = guard_names(r->guard, r->srv[i]->key,
			    kinds[k] == LIST_TOOLS ? GUARD_TOOL : GUARD_PROMPT);
			if (json_array_size(names) > 0)
				r->known[i * LIST_KINDS + kinds[k]] = aggregate_keys_of(r->srv[i], kinds[k], names);
			json_decref(names);
		}
}

struct router *
router_new(const struct router_env *env)
{
	struct router *r = xcalloc(1, sizeof(*r));

	r->loop = env->loop;
	r->cfg = env->cfg;
	r->config_dir = xstrdup(env->config_dir);
	r->store = env->store;
	r->open_transport = env->open_transport;
	r->guard = env->guard;
	r->secrets = env->secrets;
	r->redactor = env->redactor;
	if (r->open_transport == NULL && env->cfg->nservers > 0)
		abort();        /* a wiring bug: servers without a way to open them */
	if (env->cfg->nservers > LIMIT_SERVER_SLOTS)
		abort();        /* config.c refuses more servers than this */
	r->srv = xcalloc(LIMIT_SERVER_SLOTS, sizeof(*r->srv));
	r->retired = xcalloc(LIMIT_SERVER_SLOTS, sizeof(*r->retired));
	r->era = xcalloc(LIMIT_SERVER_SLOTS, sizeof(*r->era));
	for (size_t i = 0; i < env->cfg->nservers; i++)
		r->srv[i] = &env->cfg->servers[i];
	r->nsrv = env->cfg->nservers;
	r->shared = xcalloc(LIMIT_SERVER_SLOTS, sizeof(struct instance *));
	r->known = xcalloc(LIMIT_SERVER_SLOTS * LIST_KINDS, sizeof(json_t *));
	r->counts = xcalloc(LIMIT_SERVER_SLOTS, sizeof(*r->counts));
	r->started_ms = util_now_ms();
	seed_known(r);
	uv_timer_init(r->loop, &r->idle_timer);
	r->idle_timer.data = r;
	uv_timer_init(r->loop, &r->commit_timer);
	r->commit_timer.data = r;
	uv_timer_init(r->loop, &r->list_timer);
	r->list_timer.data = r;
	r->held_tail = &r->held;
	uv_timer_start(&r->idle_timer, on_idle_sweep, IDLE_SWEEP_MS, IDLE_SWEEP_MS);
	return r;
}

void
router_set_config(struct router *r, const struct config *cfg)
{
	/* Limits and the rest follow; servers change only through router_reload_servers. */
	r->cfg = cfg;
}

/* A removed or changed server: every instance of it stops, and nobody claims its names. */
static void
retire(struct router *r, size_t i)
{
	r->retired[i] = true;
	if (r->shared[i]) {
		instance_close(r->shared[i]);
		r->shared[i] = NULL;
	}
	for (struct token_group *g = r->groups; g; g = g->next)
		if (g->inst[i]) {
			g->inst[i]->group = NULL;
			instance_close(g->inst[i]);
			g->inst[i] = NULL;
		}
	for (struct session *s = r->sessions; s; s = s->next) {
		if (i < s->ninst && s->inst[i] && s->inst[i]->session == s) {
			s->inst[i]->session = NULL;
			instance_close(s->inst[i]);
		}
		if (i < s->ninst)
			s->inst[i] = NULL;
	}
	for (int k = 0; k < LIST_KINDS; k++) {
		json_decref(r->known[i * LIST_KINDS + k]);
		r->known[i * LIST_KINDS + k] = NULL;
	}
}

/* A new slot for an added or changed server; running sessions start their instance of it. */
static void
append(struct router *r, const struct server_config *srv)
{
	size_t i = r->nsrv++;

	r->srv[i] = srv;
	r->retired[i] = false;
	memset(&r->counts[i], 0, sizeof(r->counts[i]));
	for (struct token_group *g = r->groups; g; g = g->next) {
		g->inst = xrealloc(g->inst, (r->nsrv + 1) * sizeof(*g->inst));
		g->inst[i] = NULL;
	}
	for (struct session *s = r->sessions; s; s = s->next) {
		s->inst = xrealloc(s->inst, (r->nsrv + 1) * sizeof(*s->inst));
		s->inst[i] = NULL;
		s->ninst = r->nsrv;
		if (s->version != NULL && !s->ending)
			start_instance(s, i);
	}
}

int
router_reload_servers(struct router *r, const struct config *cfg, struct router_reload *out)
{
	size_t n = r->nsrv, fresh_new = 0;
	bool *kept = xcalloc(cfg->nservers + 1, sizeof(bool)), *existed = xcalloc(cfg->nservers + 1, sizeof(bool));

	memset(out, 0, sizeof(*out));
	/* Room for every server that is new or changed, else nothing changes. */
	for (size_t j = 0; j < cfg->nservers; j++) {
		bool same = false;
		for (size_t i = 0; i < n && !same; i++) {
			if (r->retired[i] || strcmp(r->srv[i]->key, cfg->servers[j].key) != 0)
				continue;
			existed[j] = true;
			same = r->srv[i]->canon && cfg->servers[j].canon && strcmp(r->srv[i]->canon, cfg->servers[j].canon) == 0;
		}
		fresh_new += !same;
	}
	if (r->nsrv + fresh_new > LIMIT_SERVER_SLOTS) {
		free(kept);
		free(existed);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t j;
		if (r->retired[i])
			continue;
		for (j = 0; j < cfg->nservers; j++)
			if (strcmp(r->srv[i]->key, cfg->servers[j].key) == 0)
				break;
		if (j < cfg->nservers && r->srv[i]->canon && cfg->servers[j].canon &&
		    strcmp(r->srv[i]->canon, cfg->servers[j].canon) == 0) {
			r->srv[i] = &cfg->servers[j];   /* the same entry: it keeps running */
			kept[j] = true;
			continue;
		}
		if (j < cfg->nservers)
			out->changed++;
		else
			out->removed++;
		retire(r, i);
	}
	for (size_t j = 0; j < cfg->nservers; j++)
		if (!kept[j]) {
			append(r, &cfg->servers[j]);
			out->added += !existed[j];
		}
	free(kept);
	free(existed);
	r->cfg = cfg;
	if (out->added + out->removed + out->changed > 0) {
		json_t *note[3] = {
			json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/tools/list_changed"),
			json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/prompts/list_changed"),
			json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/resources/list_changed"),
		};
		for (struct session *s = r->sessions; s; s = s->next)
			if (s->version != NULL && !s->ending)
				for (int k = 0; k < 3; k++)
					session_send(s, NULL, note[k]);
		for (int k = 0; k < 3; k++)
			json_decref(note[k]);
	}
	return 0;
}

static void
on_instances_polled(uv_timer_t *t)
{
	maybe_shutdown_done(t->data);
}

void
router_shutdown(struct router *r, void (*done)(void *arg), void *arg)
{
	r->shutting_down = true;
	r->shutdown_done = done;
	r->shutdown_arg = arg;
	/* Replies already waiting for their records: write, then send (or drop). */
	uv_timer_stop(&r->commit_timer);
	deliver_held(r, r->held == NULL || store_record_flush(r->store) == 0);
	while (r->sessions)
		router_session_end(r->sessions, "the gateway is stopping");
	for (size_t i = 0; i < r->nsrv; i++)
		if (r->shared[i]) {
			instance_close(r->shared[i]);
			r->shared[i] = NULL;
		}
	/* Instances free themselves as their servers exit; poll until none is left. */
	uv_timer_stop(&r->idle_timer);
	uv_timer_start(&r->idle_timer, on_instances_polled, 50, 50);
	maybe_shutdown_done(r);
}

static void
on_router_timer_closed(uv_handle_t *h)
{
	struct router *r = h->data;

	if (--r->closing > 0)
		return;

	for (size_t i = 0; i < r->nsrv * LIST_KINDS; i++)
		json_decref(r->known[i]);
	free(r->known);
	free(r->srv);
	free(r->retired);
	free(r->era);
	free(r->counts);
	free(r->shared);
	free(r->config_dir);
	free(r);
}

/* After router_shutdown's callback: release the router (on the next loop turn). */
void
router_free(struct router *r)
{
	if (r == NULL)
		return;
	uv_timer_stop(&r->idle_timer);
	uv_timer_stop(&r->commit_timer);
	uv_timer_stop(&r->list_timer);
	deliver_held(r, false);
	r->closing = 3;
	uv_close((uv_handle_t *)&r->idle_timer, on_router_timer_closed);
	uv_close((uv_handle_t *)&r->commit_timer, on_router_timer_closed);
	uv_close((uv_handle_t *)&r->list_timer, on_router_timer_closed);
}

/*
 * One instance of one downstream server: its transport, the initialize handshake
 * (with the session's client capabilities mirrored), the cached lists of tools,
 * prompts, resources and templates (every page), the table of requests we sent it,
 * and restarts with exponential backoff when it dies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../limits.h"
#include "../util/log.h"
#include "../util/util.h"
#include "router_int.h"


static const char *const list_methods[LIST_KINDS] = {
	"tools/list", "prompts/list", "resources/list", "resources/templates/list",
};
static const char *const list_fields[LIST_KINDS] = {
	"tools", "prompts", "resources", "resourceTemplates",
};
static const char *const list_caps[LIST_KINDS] = {
	"tools", "prompts", "resources", "resources",
};

static void instance_start(struct instance *inst);
static void send_initialize(struct instance *inst);
static void set_expiry(struct instance *inst, enum list_kind kind, json_t *result);
static void fetch_list(struct instance *inst, enum list_kind kind, const char *cursor);
static void on_timer(uv_timer_t *t);
static int64_t start_timeout_ms(const struct instance *inst);

bool
instance_has_cap(const struct instance *inst, const char *cap)
{
	return inst->caps != NULL && json_object_get(inst->caps, cap) != NULL;
}

/*
 * Requests wait for an instance only during its first start; a restart must not
 * hold up the session (calls to the restarting server fail at once instead).
 */
bool
instance_settled(const struct instance *inst)
{
	return inst->started_once || inst->state == INST_READY || inst->state == INST_FAILED;
}

/*
 * A call for a server that crashed and is coming back waits for it (up to the
 * call timeout), rather than failing in the second it takes; one that keeps
 * failing to start (more than LIMIT_RESTART_WAITS tries since it was last
 * ready) is not waited for.
 */
bool
instance_restarting(const struct instance *inst)
{
	return inst->was_ready && inst->state != INST_READY && inst->state != INST_CLOSING &&
	    inst->restarts <= LIMIT_RESTART_WAITS;
}

int
instance_send_raw(struct instance *inst, json_t *msg)
{
	char *text;
	int rc;

	if (inst->t == NULL || (inst->state != INST_READY && inst->state != INST_LISTING &&
	    inst->state != INST_STARTING))
		return -1;
	text = json_dumps(msg, JSON_COMPACT);
	if (text == NULL)
		return -1;
	rc = transport_send(inst->t, text, strlen(text));
	free(text);
	return rc;
}

/*
 * The params of a request to a modern server: the caller's (never changed; it
 * may be the client's own message) with the protocol version and what we
 * declared of the client in _meta, as 2026-07-28 wants on every request.
 */
static json_t *
modern_params(const struct instance *inst, json_t *params)
{
	json_t *out = json_is_object(params) ? json_copy(params) : json_object();
	json_t *meta = json_object_get(out, "_meta");

	meta = json_is_object(meta) ? json_copy(meta) : json_object();
	json_object_set_new(meta, MCP_META_VERSION, json_string(MCP_VERSION_MODERN));
	/* A modern client's own capabilities (modern.c keeps them) go as declared. */
	if (!json_is_object(json_object_get(meta, MCP_META_CLIENT_CAPS)))
		json_object_set(meta, MCP_META_CLIENT_CAPS, inst->client_caps);
	json_object_set(meta, MCP_META_CLIENT_INFO, inst->client_info);
	json_object_set_new(out, "_meta", meta);
	return out;
}

/*
 * The params of a request to a legacy server: without what only 2026-07-28 has
 * (a modern client's capabilities in _meta, the retry fields of
 * input_required). Usually the caller's own, with a new reference.
 */
static json_t *
legacy_params(json_t *params)
{
	json_t *meta = json_object_get(params, "_meta");
	json_t *out;

	if (!json_object_get(params, "inputResponses") && !json_object_get(params, "requestState") &&
	    !(json_is_object(meta) && (json_object_get(meta, MCP_META_CLIENT_CAPS) || json_object_get(meta, MCP_META_LOG_LEVEL))))
		return json_incref(params);
	out = json_copy(params);
	json_object_del(out, "inputResponses");
	json_object_del(out, "requestState");
	if (json_is_object(meta)) {
		meta = json_copy(meta);
		json_object_del(meta, MCP_META_CLIENT_CAPS);
		json_object_del(meta, MCP_META_LOG_LEVEL);
		if (json_object_size(meta) == 0)
			json_object_del(out, "_meta");
		else
			json_object_set(out, "_meta", meta);
		json_decref(meta);
	}
	return out;
}

int
instance_send_request(struct instance *inst, const char *method, json_t *params,
    enum pending_kind kind, struct call *call, enum list_kind list, int64_t *id_out)
{
	struct pending *p;
	json_t *msg;
	int rc;

	if (inst->npending >= LIMIT_PENDING_PER_INSTANCE)
		return -1;
	p = xcalloc(1, sizeof(*p));
	p->id = ++inst->next_id;
	p->kind = kind;
	p->call = call;
	p->list = list;
	msg = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", (json_int_t)p->id, "method", method);
	if (inst->modern)
		json_object_set_new(msg, "params", modern_params(inst, params));
	else if (params && kind == PENDING_DISCOVER)
		json_object_set(msg, "params", params);     /* the probe is modern already */
	else if (params)
		json_object_set_new(msg, "params", legacy_params(params));
	rc = instance_send_raw(inst, msg);
	json_decref(msg);
	if (rc != 0) {
		free(p);
		return -1;
	}
	p->next = inst->pending;
	inst->pending = p;
	inst->npending++;
	if (id_out)
		*id_out = p->id;
	return 0;
}

int
instance_send_notification(struct instance *inst, const char *method, json_t *params)
{
	json_t *msg = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", method);
	int rc;

	if (params)
		json_object_set(msg, "params", params);
	rc = instance_send_raw(inst, msg);
	json_decref(msg);
	return rc;
}

static struct pending *
take_pending(struct instance *inst, int64_t id)
{
	for (struct pending **pp = &inst->pending; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id) {
			struct pending *p = *pp;
			*pp = p->next;
			inst->npending--;
			return p;
		}
	return NULL;
}

void
instance_forget_call(struct instance *inst, struct call *c)
{
	for (struct pending **pp = &inst->pending; *pp; pp = &(*pp)->next)
		if ((*pp)->kind == PENDING_CALL && (*pp)->call == c) {
			struct pending *p = *pp;
			*pp = p->next;
			inst->npending--;
			free(p);
			return;
		}
}

static void
set_state(struct instance *inst, enum inst_state state)
{
	inst->state = state;
	if (state != INST_READY)
		inst->ready_since_ms = 0;
	if (state == INST_READY || state == INST_FAILED) {
		inst->started_once = true;
		inst->events->settled(inst);
	}
}

static void
fail(struct instance *inst, const char *reason)
{
	struct logline l;

	free(inst->fail_reason);
	inst->fail_reason = xstrdup(reason);
	log_begin(&l, LOG_WARN, "server unavailable");
	log_str(&l, "server", inst->key);
	log_str(&l, "reason", reason);
	log_end(&l);
}

/* Every request still waiting at this instance fails with `reason`. */
static void
fail_pending(struct instance *inst, const char *reason)
{
	struct pending *p;
	char text[512];

	while ((p = inst->pending) != NULL) {
		inst->pending = p->next;
		inst->npending--;
		if (p->kind == PENDING_CALL && p->call) {
			snprintf(text, sizeof(text), "server \"%s\" is unavailable: %s", inst->key, reason);
			inst->events->call_lost(p->call, text);
		}
		free(p);
	}
	for (int k = 0; k < LIST_KINDS; k++) {
		json_decref(inst->fetching[k]);
		inst->fetching[k] = NULL;
	}
	inst->lists_outstanding = 0;
}

static void
fetch_list(struct instance *inst, enum list_kind kind, const char *cursor)
{
	json_t *params = cursor ? json_pack("{s:s}", "cursor", cursor) : NULL;

	if (instance_send_request(inst, list_methods[kind], params, PENDING_LIST, NULL, kind, NULL) == 0) {
		if (inst->fetching[kind] == NULL) {
			inst->fetching[kind] = json_array();
			inst->list_pages[kind] = 0;
			inst->lists_outstanding++;
		}
	}
	json_decref(params);
}

/*
 * A modern server sends notifications only on a subscriptions/listen it was
 * asked for: ask for the list changes its capabilities announce. Its answer
 * (the end of the subscription, or an error) needs nothing from us.
 */
static void
listen_for_changes(struct instance *inst)
{
	static const char *const field[] = { "toolsListChanged", "promptsListChanged", "resourcesListChanged" };
	json_t *want = json_object();
	json_t *params;

	/* One subscription at a time: a new filter replaces the open one. */
	if (inst->listen_id != 0) {
		struct pending *p = take_pending(inst, inst->listen_id);
		json_t *note = json_pack("{s:I, s:s}", "requestId", (json_int_t)inst->listen_id, "reason", "filter changed");
		free(p);
		instance_send_notification(inst, "notifications/cancelled", note);
		json_decref(note);
		inst->listen_id = 0;
	}
	for (int k = LIST_TOOLS; k <= LIST_RESOURCES; k++) {
		json_t *cap = inst->caps ? json_object_get(inst->caps, list_caps[k]) : NULL;
		if (json_is_object(cap) && json_is_true(json_object_get(cap, "listChanged")))
			json_object_set_new(want, field[k], json_true());
	}
	if (json_object_size(inst->resource_subs) > 0) {
		json_t *uris = json_array();
		const char *uri;
		json_t *v;
		json_object_foreach(inst->resource_subs, uri, v)
			json_array_append_new(uris, json_string(uri));
		json_object_set_new(want, "resourceSubscriptions", uris);
	}
	if (json_object_size(want) == 0) {
		json_decref(want);
		return;
	}
	params = json_pack("{s:o}", "notifications", want);
	if (instance_send_request(inst, "subscriptions/listen", params, PENDING_LISTEN, NULL, LIST_TOOLS,
	    &inst->listen_id) == 0)
		inst->listen_since_ms = util_now_ms();
	json_decref(params);
}

/*
 * Our subscription ended (the server closed it, or an HTTP stream broke). One
 * that lasted is opened again, so list changes keep coming; one refused at
 * once is not retried in a loop: the lists are then refreshed only at restarts.
 */
static void
listen_ended(struct instance *inst, json_t *msg)
{
	struct logline l;
	bool lasted = util_now_ms() - inst->listen_since_ms >= LIMIT_LISTEN_RENEW_MS;

	inst->listen_since_ms = 0;
	inst->listen_id = 0;
	if (inst->state != INST_READY || !inst->modern)
		return;
	if (lasted) {
		listen_for_changes(inst);
		return;
	}
	log_begin(&l, LOG_WARN, "server refused or ended subscriptions/listen at once; its list changes are not followed");
	log_str(&l, "server", inst->key);
	if (json_is_object(json_object_get(msg, "error")) &&
	    json_is_string(json_object_get(json_object_get(msg, "error"), "message")))
		log_str(&l, "reason", json_string_value(json_object_get(json_object_get(msg, "error"), "message")));
	log_end(&l);
}

static void
maybe_ready(struct instance *inst)
{
	if (inst->state == INST_LISTING && inst->lists_outstanding == 0) {
		struct logline l;
		inst->restarts = 0;
		inst->was_ready = true;
		inst->ready_since_ms = util_now_ms();
		uv_timer_stop(&inst->timer);
		log_begin(&l, LOG_INFO, "server ready");
		log_str(&l, "server", inst->key);
		log_int(&l, "tools", inst->lists[LIST_TOOLS] ? (long long)json_array_size(inst->lists[LIST_TOOLS]) : 0);
		log_end(&l);
		set_state(inst, INST_READY);
		if (inst->modern)
			listen_for_changes(inst);
	}
}

/*
 * Tools and prompts whose names break the rules (aggregate_name_valid), or that
 * would not fit under the server's prefix, are withheld from every client, with
 * a log line that says why. Only a name the gateway can expose whole is routed.
 */
static bool
item_acceptable(struct instance *inst, enum list_kind kind, json_t *item)
{
	json_t *name = json_object_get(item, "name");
	const char *why = NULL;
	char exposed[LIMIT_TOOL_NAME + 1];
	struct logline l;

	if (kind != LIST_TOOLS && kind != LIST_PROMPTS)
		return true;
	if (!json_is_string(name))
		why = "it has no name";
	else if (aggregate_name_valid(kind, json_string_value(name), &why) &&
	    aggregate_expose_name(inst, json_string_value(name), exposed, sizeof(exposed)) != 0)
		why = "the name with the server's prefix is longer than 128 characters; give the server a shorter \"prefix\"";
	if (why == NULL)
		return true;
	if (log_client_begin(&l, LOG_WARN, kind == LIST_TOOLS ? "invalid tool name; withheld from every client"
	    : "invalid prompt name; withheld from every client")) {
		log_str(&l, "server", inst->key);
		log_str(&l, "name", json_is_string(name) ? json_string_value(name) : "");
		log_str(&l, "reason", why);
		log_end(&l);
	}
	return false;
}

/* One page of a list arrived: keep going until there is no nextCursor. */
static void
on_list_page(struct instance *inst, enum list_kind kind, json_t *resp)
{
	json_t *result = json_object_get(resp, "result");
	json_t *items = result ? json_object_get(result, list_fields[kind]) : NULL;
	json_t *next = result ? json_object_get(result, "nextCursor") : NULL;
	bool was_ready = inst->state == INST_READY;

	if (inst->fetching[kind] == NULL)
		return;
	if (json_is_array(items)) {
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
			if (json_is_object(it) && json_array_size(inst->fetching[kind]) < LIMIT_LIST_ITEMS &&
			    item_acceptable(inst, kind, it))
				json_array_append(inst->fetching[kind], it);
	}
	if (json_is_string(next) && ++inst->list_pages[kind] < LIST_MAX_PAGES) {
		fetch_list(inst, kind, json_string_value(next));
		return;
	}
	/* A refresh because the list expired: clients hear only of a real change. */
	bool quiet = inst->stale_refresh[kind] && inst->lists[kind] != NULL &&
	    json_equal(inst->lists[kind], inst->fetching[kind]);
	inst->stale_refresh[kind] = false;
	set_expiry(inst, kind, result);
	json_decref(inst->lists[kind]);
	inst->lists[kind] = inst->fetching[kind];
	inst->fetching[kind] = NULL;
	inst->events->listed(inst, kind);
	inst->lists_outstanding--;
	if (was_ready && !quiet)
		inst->events->list_changed(inst, kind);
	else if (!was_ready)
		maybe_ready(inst);
}

/*
 * A 2026-07-28 list result says how long it may be kept (ttlMs, required
 * there). The list is fetched again when a client asks for it after that, at
 * most once a LIMIT_LIST_TTL_FLOOR_MS; a legacy server's list never expires (it
 * says when it changed). The client is answered from what is kept and hears
 * list_changed if the new list differs.
 */
static void
set_expiry(struct instance *inst, enum list_kind kind, json_t *result)
{
	json_t *ttl = json_is_object(result) ? json_object_get(result, "ttlMs") : NULL;
	int64_t ms;

	inst->list_expires_ms[kind] = 0;
	if (!inst->modern || !json_is_integer(ttl) || json_integer_value(ttl) < 0)
		return;
	ms = json_integer_value(ttl);
	if (ms < LIMIT_LIST_TTL_FLOOR_MS)
		ms = LIMIT_LIST_TTL_FLOOR_MS;
	if (ms > INT64_MAX / 2)
		ms = INT64_MAX / 2;
	inst->list_expires_ms[kind] = util_now_ms() + ms;
}

/*
 * 2026-07-28 has no resources/subscribe: a 2025 client's subscription to a
 * modern server's resource becomes part of the filter of our
 * subscriptions/listen (resourceSubscriptions), opened again with it. Kept
 * while the instance lives (across restarts); at most LIMIT_SUBSCRIPTIONS URIs.
 */
int
instance_resource_subscription(struct instance *inst, const char *uri, bool on)
{
	if (inst->resource_subs == NULL)
		inst->resource_subs = json_object();
	if (on) {
		if (json_object_get(inst->resource_subs, uri) != NULL)
			return 0;
		if (json_object_size(inst->resource_subs) >= LIMIT_SUBSCRIPTIONS)
			return -1;
		json_object_set_new(inst->resource_subs, uri, json_true());
	} else if (json_object_del(inst->resource_subs, uri) != 0) {
		return 0;
	}
	if (inst->state == INST_READY)
		listen_for_changes(inst);
	return 0;
}

void
instance_list_used(struct instance *inst, enum list_kind kind)
{
	if (inst->list_expires_ms[kind] == 0 || util_now_ms() < inst->list_expires_ms[kind] ||
	    inst->state != INST_READY || inst->fetching[kind] != NULL)
		return;
	inst->list_expires_ms[kind] = 0;
	inst->stale_refresh[kind] = true;
	fetch_list(inst, kind, NULL);
}

static void schedule_restart(struct instance *inst);

/*
 * This start of the server failed (its initialize was refused or never
 * answered): stop it, fail what waits on it, and try again after the backoff,
 * like a server that exited. A server left running after a refused initialize
 * would only be noticed by the init timer, a minute later.
 */
static void
give_up(struct instance *inst, const char *reason)
{
	fail(inst, reason);
	fail_pending(inst, reason);
	if (inst->t) {
		struct transport *t = inst->t;
		inst->t = NULL;
		transport_close(t);
	}
	inst->events->gone(inst);
	schedule_restart(inst);
	set_state(inst, INST_FAILED);
}

/* The server told us its capabilities (initialize or server/discover): fetch its lists. */
static void
handshake_done(struct instance *inst, json_t *result)
{
	if (json_is_string(json_object_get(result, "instructions")))
		inst->events->instructions(inst, json_string_value(json_object_get(result, "instructions")));
	json_decref(inst->caps);
	inst->caps = json_object_get(result, "capabilities");
	if (!json_is_object(inst->caps))
		inst->caps = json_object();
	else
		json_incref(inst->caps);
	if (!inst->modern)
		instance_send_notification(inst, "notifications/initialized", NULL);
	inst->state = INST_LISTING;
	for (int k = 0; k < LIST_KINDS; k++)
		if (instance_has_cap(inst, list_caps[k]))
			fetch_list(inst, (enum list_kind)k, NULL);
	maybe_ready(inst);
}

static void
on_initialized(struct instance *inst, json_t *resp)
{
	json_t *result = json_object_get(resp, "result");

	if (!json_is_object(result)) {
		json_t *err = json_object_get(resp, "error");
		json_t *m = err ? json_object_get(err, "message") : NULL;
		char reason[300];
		snprintf(reason, sizeof(reason), "initialize failed: %.200s",
		    json_is_string(m) ? json_string_value(m) : "no result");
		give_up(inst, reason);
		return;
	}
	handshake_done(inst, result);
}

/* Does this JSON array hold the string v? */
static bool
array_has_string(json_t *a, const char *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
			return true;
	return false;
}

/*
 * The answer to our server/discover probe (2026-07-28, stdio "Backward
 * Compatibility"): a DiscoverResult that lists our modern version makes the
 * server modern; an UnsupportedProtocolVersion error, or a result without our
 * version, is a modern server we cannot speak to (no fallback: the spec forbids
 * it); anything else, whatever the error code, is a legacy server, which gets
 * the initialize handshake.
 */
static void
on_discovered(struct instance *inst, json_t *resp)
{
	json_t *result = json_object_get(resp, "result");
	json_t *err = json_object_get(resp, "error");
	json_t *versions = json_is_object(result) ? json_object_get(result, "supportedVersions") : NULL;
	struct logline l;

	inst->probe_id = 0;
	if (json_is_array(versions) && array_has_string(versions, MCP_VERSION_MODERN)) {
		inst->modern = true;
		inst->r->era[inst->index] = SERVER_ERA_MODERN;
		log_begin(&l, LOG_DEBUG, "server speaks MCP " MCP_VERSION_MODERN);
		log_str(&l, "server", inst->key);
		log_end(&l);
		uv_timer_start(&inst->timer, on_timer, (uint64_t)start_timeout_ms(inst), 0);
		handshake_done(inst, result);
		return;
	}
	if (json_is_array(versions) || (json_is_object(err) &&
	    json_integer_value(json_object_get(err, "code")) == MCP_ERR_UNSUPPORTED_VERSION)) {
		json_t *data = json_is_object(err) ? json_object_get(err, "data") : NULL;
		json_t *theirs = json_is_array(versions) ? versions : json_object_get(data, "supported");
		char *list = json_is_array(theirs) ? json_dumps(theirs, JSON_COMPACT) : NULL;
		char *reason = xprintf("it speaks MCP %s only, without initialize; gatehouse speaks "
		    MCP_VERSION_MODERN " and 2025-03-26 to " MCP_VERSION_LATEST, list ? list : "versions it did not name");
		free(list);
		give_up(inst, reason);
		free(reason);
		return;
	}
	inst->r->era[inst->index] = SERVER_ERA_LEGACY;
	send_initialize(inst);
}

/* Refresh one cached list after the server said it changed. */
static void
refresh_list(struct instance *inst, enum list_kind kind)
{
	if (inst->state != INST_READY || inst->fetching[kind] != NULL)
		return;
	fetch_list(inst, kind, NULL);
}

static void
on_message(void *owner, json_t *msg)
{
	struct instance *inst = owner;
	json_t *id = json_object_get(msg, "id");
	json_t *method = json_object_get(msg, "method");

	if (inst->state == INST_CLOSING || inst->state == INST_FAILED)
		return;
	if (method == NULL && json_is_integer(id)) {
		struct pending *p = take_pending(inst, json_integer_value(id));
		if (p == NULL)
			return;     /* late answer to something cancelled or timed out */
		switch (p->kind) {
		case PENDING_DISCOVER:
			on_discovered(inst, msg);
			break;
		case PENDING_LISTEN:
			listen_ended(inst, msg);
			break;
		case PENDING_INIT:
			on_initialized(inst, msg);
			break;
		case PENDING_LIST:
			on_list_page(inst, p->list, msg);
			break;
		case PENDING_CALL:
			inst->events->answered(p->call, msg);
			break;
		case PENDING_IGNORE:
			break;
		}
		free(p);
		return;
	}
	if (json_is_string(method)) {
		const char *m = json_string_value(method);
		if (strcmp(m, "notifications/subscriptions/acknowledged") == 0)
			return;     /* the answer to our own subscriptions/listen */
		static const struct { const char *method; enum list_kind kind; } changes[] = {
			{ "notifications/tools/list_changed", LIST_TOOLS },
			{ "notifications/prompts/list_changed", LIST_PROMPTS },
			{ "notifications/resources/list_changed", LIST_RESOURCES },
		};
		for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
			if (strcmp(m, changes[i].method) == 0) {
				refresh_list(inst, changes[i].kind);
				if (changes[i].kind == LIST_RESOURCES)
					refresh_list(inst, LIST_TEMPLATES);
				return;
			}
	}
	inst->events->message(inst, msg);
}

static void
on_lost(void *owner, const char *reason)
{
	struct instance *inst = owner;

	fail(inst, reason);
	inst->state = INST_FAILED;
	fail_pending(inst, reason);
	inst->events->gone(inst);
	schedule_restart(inst);
	set_state(inst, INST_FAILED);
}

static void on_timer_closed(uv_handle_t *h);

static void
on_closed(void *owner)
{
	struct instance *inst = owner;

	inst->open_transports--;
	if (inst->open_transports == 0 && inst->free_when_closed &&
	    !uv_is_closing((uv_handle_t *)&inst->timer))
		uv_close((uv_handle_t *)&inst->timer, on_timer_closed);
}

static const struct transport_callbacks callbacks = { on_message, on_lost, on_closed };

/*
 * How long a start (initialize and the first lists) may take: the server's own
 * "timeout" when it is longer than limits.callTimeoutMs (a slow npx download),
 * never shorter (a short per-call timeout must not kill a server that starts
 * slowly on a busy machine).
 */
static int64_t
start_timeout_ms(const struct instance *inst)
{
	int64_t own = instance_timeout_ms(inst), global = inst->r->cfg->limits.call_timeout_ms;

	return own > global ? own : global;
}

static void
on_timer(uv_timer_t *t)
{
	struct instance *inst = t->data;
	char reason[160];

	if (inst->state == INST_STARTING && inst->probe_id != 0) {
		/* No answer to server/discover: a legacy server (some ignore requests
		 * before initialize). Its late answer, if any, is dropped. */
		struct pending *p = take_pending(inst, inst->probe_id);
		free(p);
		inst->probe_id = 0;
		inst->r->era[inst->index] = SERVER_ERA_LEGACY;
		send_initialize(inst);
		return;
	}
	if (inst->state == INST_STARTING || inst->state == INST_LISTING) {
		/* It never finished its handshake in time: give up on this start. */
		snprintf(reason, sizeof(reason), "did not finish initializing within %lld ms",
		    (long long)start_timeout_ms(inst));
		give_up(inst, reason);
		return;
	}
	if (inst->state == INST_FAILED)
		instance_start(inst);       /* closes what is left of the old transport */
}

static void
schedule_restart(struct instance *inst)
{
	uint64_t delay = RESTART_FIRST_MS;

	for (unsigned i = 0; i < inst->restarts && delay < RESTART_MAX_MS; i++)
		delay *= 2;
	if (delay > RESTART_MAX_MS)
		delay = RESTART_MAX_MS;
	inst->restarts++;
	uv_timer_start(&inst->timer, on_timer, delay, 0);
}

static void
instance_start(struct instance *inst)
{
	const struct server_config *srv = inst->r->srv[inst->index];
	struct transport_env env = {
		.loop = inst->r->loop,
		.state_dir = inst->r->cfg->state_dir,
		.config_dir = inst->r->config_dir,
		.call_timeout_ms = CONFIG_SERVER_TIMEOUT_MS(inst->r->cfg, srv),
		.secrets = inst->r->secrets,
	};
	char err[512];
	json_t *params, *caps, *info;

	inst->starts++;
	/* A transport that died (on_lost) still has to be closed before it is replaced. */
	if (inst->t) {
		transport_close(inst->t);
		inst->t = NULL;
	}
	for (int k = 0; k < LIST_KINDS; k++) {
		json_decref(inst->lists[k]);
		json_decref(inst->visible[k]);
		inst->lists[k] = inst->visible[k] = NULL;
	}
	inst->state = INST_STARTING;
	inst->t = inst->r->open_transport(&env, srv, &callbacks, inst, err, sizeof(err));
	if (inst->t != NULL)
		inst->open_transports++;
	if (inst->t == NULL) {
		fail(inst, err);
		schedule_restart(inst);
		set_state(inst, INST_FAILED);
		return;
	}
	/* Mirror the client: its capabilities let the server ask it for sampling,
	 * elicitation and roots through us. A shared instance has no one client. */
	if (inst->session) {
		caps = inst->session->client_caps ? json_deep_copy(inst->session->client_caps) : json_object();
		info = inst->session->client_info ? json_deep_copy(inst->session->client_info) : NULL;
	} else if (inst->group) {
		caps = inst->group->client_caps ? json_deep_copy(inst->group->client_caps) : json_object();
		info = inst->group->client_info ? json_deep_copy(inst->group->client_info) : NULL;
	} else {
		caps = json_object();
		info = NULL;
	}
	json_decref(inst->client_caps);
	json_decref(inst->client_info);
	inst->client_caps = caps;
	inst->client_info = info ? info : json_pack("{s:s, s:s}", "name", "gatehouse", "version", "0.1.0");
	inst->modern = false;
	inst->probe_id = 0;
	if (inst->r->era[inst->index] == SERVER_ERA_LEGACY) {
		send_initialize(inst);
		return;
	}
	/* Which era? Ask with server/discover first; no answer in time is legacy. */
	params = modern_params(inst, NULL);
	if (instance_send_request(inst, "server/discover", params, PENDING_DISCOVER, NULL, LIST_TOOLS,
	    &inst->probe_id) != 0) {
		json_decref(params);
		fail(inst, "could not send server/discover");
		transport_close(inst->t);
		inst->t = NULL;
		schedule_restart(inst);
		set_state(inst, INST_FAILED);
		return;
	}
	json_decref(params);
	uv_timer_start(&inst->timer, on_timer, LIMIT_DISCOVER_PROBE_MS, 0);
}

/* The legacy handshake: initialize with the client's version, capabilities and info. */
static void
send_initialize(struct instance *inst)
{
	json_t *params = json_pack("{s:s, s:O, s:O}", "protocolVersion",
	    inst->session && inst->session->version ? inst->session->version :
	    inst->group && inst->group->version ? inst->group->version : MCP_VERSION_LATEST,
	    "capabilities", inst->client_caps, "clientInfo", inst->client_info);

	if (instance_send_request(inst, "initialize", params, PENDING_INIT, NULL, LIST_TOOLS, NULL) != 0) {
		fail(inst, "could not send initialize");
		transport_close(inst->t);
		inst->t = NULL;
		schedule_restart(inst);
		set_state(inst, INST_FAILED);
	} else {
		uv_timer_start(&inst->timer, on_timer, (uint64_t)start_timeout_ms(inst), 0);
	}
	json_decref(params);
}

struct instance *
instance_new(struct router *r, const struct instance_events *events, struct session *s,
    struct token_group *g, size_t index)
{
	const struct server_config *srv = r->srv[index];
	struct instance *inst = xcalloc(1, sizeof(*inst));

	inst->r = r;
	inst->events = events;
	inst->session = s;
	inst->group = g;
	inst->index = index;
	inst->key = xstrdup(srv->key);
	inst->prefix = xstrdup(srv->prefix);
	uv_timer_init(r->loop, &inst->timer);
	inst->timer.data = inst;
	r->live_instances++;
	instance_start(inst);
	return inst;
}

static void
on_timer_closed(uv_handle_t *h)
{
	struct instance *inst = h->data;
	struct router *r = inst->r;
	const struct instance_events *events = inst->events;

	for (int k = 0; k < LIST_KINDS; k++) {
		json_decref(inst->lists[k]);
		json_decref(inst->visible[k]);
		json_decref(inst->fetching[k]);
	}
	json_decref(inst->caps);
	json_decref(inst->client_caps);
	json_decref(inst->client_info);
	json_decref(inst->resource_subs);
	free(inst->fail_reason);
	free(inst->key);
	free(inst->prefix);
	free(inst);
	events->freed(r);               /* may finish a shutdown */
}

/* Stop for good: fail what is pending, close the transport, free when closed. */
void
instance_close(struct instance *inst)
{
	if (inst->state == INST_CLOSING)
		return;
	fail_pending(inst, "the session ended");
	inst->state = INST_CLOSING;
	inst->free_when_closed = true;
	uv_timer_stop(&inst->timer);
	inst->timer.data = inst;
	if (inst->t) {
		struct transport *t = inst->t;
		inst->t = NULL;
		transport_close(t);
	}
	/* The last transport's on_closed closes the timer, whose callback frees us. */
	if (inst->open_transports == 0)
		uv_close((uv_handle_t *)&inst->timer, on_timer_closed);
}

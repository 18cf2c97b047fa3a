/*
 * What the router can say about itself (router.h: router_status, router_ready):
 * each configured server's state over its instances, its restarts and last
 * error, its tool count and the calls it answered; the sessions per token. For
 * `gatehouse status`, the authenticated /status, /readyz and /metrics. Reads
 * only; names, counts and the gateway's own sentences, never a value a client or
 * a server sent.
 */
#include <stdio.h>
#include <string.h>

#include "../util/util.h"
#include "router_int.h"

/* Every instance of server i: the shared one, or one per session. */
static size_t
instances_of(const struct router *r, size_t i, const struct instance **out, size_t cap)
{
	size_t n = 0;

	if (r->shared[i] != NULL)
		out[n++] = r->shared[i];
	for (const struct token_group *g = r->groups; g && n < cap; g = g->next)
		if (g->inst[i] != NULL)
			out[n++] = g->inst[i];
	for (const struct session *s = r->sessions; s && n < cap; s = s->next)
		if (s->inst && i < s->ninst && s->inst[i] && s->inst[i]->session == s)
			out[n++] = s->inst[i];
	return n;
}

static const char *
state_name(enum inst_state st)
{
	switch (st) {
	case INST_STARTING: return "starting";
	case INST_LISTING:  return "starting";
	case INST_READY:    return "ready";
	case INST_FAILED:   return "failed";
	case INST_CLOSING:  return "stopping";
	}
	return "unknown";
}

static json_t *
server_status(const struct router *r, size_t i, int64_t now)
{
	const struct server_config *srv = r->srv[i];
	const struct server_counts *k = &r->counts[i];
	const struct instance *inst[LIMIT_STATUS_INSTANCES];
	size_t n = instances_of(r, i, inst, LIMIT_STATUS_INSTANCES), ready = 0;
	unsigned restarts = 0;
	const char *state = n == 0 ? "idle" : NULL, *last_error = NULL;
	int64_t tools = -1, since = 0;
	json_t *buckets = json_array(), *pids = json_array();

	for (size_t j = 0; j < n; j++) {
		const char *st = state_name(inst[j]->state);
		ready += inst[j]->state == INST_READY;
		if (inst[j]->t != NULL && inst[j]->t->pid > 0)
			json_array_append_new(pids, json_integer(inst[j]->t->pid));
		restarts += inst[j]->starts > 0 ? inst[j]->starts - 1 : 0;
		if (inst[j]->fail_reason && inst[j]->state != INST_READY)
			last_error = inst[j]->fail_reason;
		if (inst[j]->state == INST_READY && tools < 0 && inst[j]->visible[LIST_TOOLS])
			tools = (int64_t)json_array_size(inst[j]->visible[LIST_TOOLS]);
		if (inst[j]->ready_since_ms && (since == 0 || inst[j]->ready_since_ms < since))
			since = inst[j]->ready_since_ms;
		state = state == NULL || strcmp(state, st) == 0 ? st : "mixed";
	}
	for (size_t b = 0; b < sizeof(k->buckets) / sizeof(k->buckets[0]); b++)
		json_array_append_new(buckets, json_integer((json_int_t)k->buckets[b]));
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:o}",
	    "server", srv->key,
	    "transport", srv->transport == SERVER_HTTP ? "http" : srv->transport == SERVER_EXEC ? "exec" : "stdio",
	    "isolation", srv->shared ? "shared" : "session",
	    "state", state,
	    "instances", (json_int_t)n,
	    "ready", (json_int_t)ready,
	    "pids", pids,
	    "restarts", (json_int_t)restarts,
	    "uptime_s", since ? json_integer((now - since) / 1000) : json_null(),
	    "last_error", last_error ? json_string(last_error) : json_null(),
	    "tools", tools >= 0 ? json_integer(tools) : json_null(),
	    "calls", (json_int_t)k->calls,
	    "errors", (json_int_t)k->errors,
	    "timeouts", (json_int_t)k->timeouts,
	    "call_ms_total", (json_int_t)k->total_ms,
	    "call_ms_buckets", buckets);
}

json_t *
router_status(const struct router *r)
{
	int64_t now = util_now_ms();
	json_t *servers = json_array(), *by_token = json_object();

	for (size_t i = 0; i < r->nsrv; i++)
		if (!r->retired[i])
			json_array_append_new(servers, server_status(r, i, now));
	for (const struct session *s = r->sessions; s; s = s->next) {
		json_t *v = json_object_get(by_token, s->token_name);
		json_object_set_new(by_token, s->token_name, json_integer(v ? json_integer_value(v) + 1 : 1));
	}
	return json_pack("{s:I, s:I, s:o, s:o}",
	    "uptime_s", (json_int_t)((now - r->started_ms) / 1000),
	    "sessions", (json_int_t)r->nsessions,
	    "sessions_by_token", by_token,
	    "servers", servers);
}

/*
 * Ready: no instance of any server has failed or is still starting. Servers
 * start when a session needs them (shared ones with the first session), so a
 * server with no instance yet has nothing wrong with it.
 */
bool
router_ready(const struct router *r, size_t *up, size_t *total)
{
	const struct instance *inst[LIMIT_STATUS_INSTANCES];

	*up = 0;
	*total = 0;
	for (size_t i = 0; i < r->nsrv; i++) {
		size_t n, good = 0;
		if (r->retired[i])
			continue;
		(*total)++;
		n = instances_of(r, i, inst, LIMIT_STATUS_INSTANCES);
		for (size_t j = 0; j < n; j++)
			good += inst[j]->state == INST_READY;
		if (good == n)
			(*up)++;
	}
	return *up == *total;
}

#include "metrics.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

/* Latency buckets in microseconds, upper bounds; the last is +Inf. */
static const int64_t bucket_us[] = { 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000,
    50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000 };
#define NBUCKETS (sizeof(bucket_us) / sizeof(bucket_us[0]))

struct metrics {
	uint64_t by_status[600];
	uint64_t buckets[NBUCKETS + 1];
	uint64_t latency_count;
	double   latency_sum;
	uint64_t auth_failures;
	uint64_t rate_limited;
	uint64_t slow_clients;
	uint64_t connections_refused;
};

struct metrics *
metrics_new(void)
{
	return xcalloc(1, sizeof(struct metrics));
}

void
metrics_free(struct metrics *m)
{
	free(m);
}

void
metrics_request(struct metrics *m, unsigned status, int64_t micros)
{
	size_t b = 0;

	if (status < 600)
		m->by_status[status]++;
	while (b < NBUCKETS && micros > bucket_us[b])
		b++;
	m->buckets[b]++;
	m->latency_count++;
	m->latency_sum += (double)micros / 1e6;
}

void metrics_auth_failure(struct metrics *m) { m->auth_failures++; }
void metrics_rate_limited(struct metrics *m) { m->rate_limited++; }
void metrics_slow_client(struct metrics *m) { m->slow_clients++; }
void metrics_connection_refused(struct metrics *m) { m->connections_refused++; }

/* A Prometheus label value: backslash, quote and newline escaped. */
static void
label(struct strbuf *o, const char *v)
{
	for (; v && *v; v++) {
		if (*v == '\\' || *v == '"')
			strbuf_printf(o, "\\%c", *v);
		else if (*v == '\n')
			strbuf_printf(o, "\\n");
		else
			strbuf_printf(o, "%c", *v);
	}
}

static void
server_counter(struct strbuf *o, json_t *servers, const char *name, const char *help, const char *type,
    const char *field)
{
	size_t i;
	json_t *s;

	strbuf_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
	json_array_foreach(servers, i, s) {
		strbuf_printf(o, "%s{server=\"", name);
		label(o, json_string_value(json_object_get(s, "server")));
		strbuf_printf(o, "\"} %lld\n", (long long)json_integer_value(json_object_get(s, field)));
	}
}

/* Calls answered per configured server, their outcomes and durations (status.c's buckets). */
static void
render_servers(struct strbuf *o, json_t *servers)
{
	static const char *const le[] = { "0.01", "0.05", "0.1", "0.5", "1", "5", "30", "+Inf" };
	const char *h = "gatehouse_server_call_duration_seconds";
	size_t i;
	json_t *s;

	server_counter(o, servers, "gatehouse_server_calls_total", "Calls answered by each server (any outcome).", "counter", "calls");
	server_counter(o, servers, "gatehouse_server_call_errors_total", "Calls of each server that ended in an error other than a tool error.", "counter", "errors");
	server_counter(o, servers, "gatehouse_server_call_timeouts_total", "Calls of each server ended by limits.callTimeoutMs.", "counter", "timeouts");
	server_counter(o, servers, "gatehouse_server_restarts_total", "Restarts of each server's live instances.", "counter", "restarts");
	server_counter(o, servers, "gatehouse_server_instances", "Running instances of each server.", "gauge", "instances");
	server_counter(o, servers, "gatehouse_server_ready_instances", "Instances of each server that are ready.", "gauge", "ready");
	strbuf_printf(o, "# HELP %s Duration of the calls each server answered.\n# TYPE %s histogram\n", h, h);
	json_array_foreach(servers, i, s) {
		json_t *b = json_object_get(s, "call_ms_buckets");
		long long cumulative = 0;
		for (size_t k = 0; k < sizeof(le) / sizeof(le[0]); k++) {
			cumulative += json_integer_value(json_array_get(b, k));
			strbuf_printf(o, "%s_bucket{server=\"", h);
			label(o, json_string_value(json_object_get(s, "server")));
			strbuf_printf(o, "\",le=\"%s\"} %lld\n", le[k], cumulative);
		}
		strbuf_printf(o, "%s_sum{server=\"", h);
		label(o, json_string_value(json_object_get(s, "server")));
		strbuf_printf(o, "\"} %.3f\n%s_count{server=\"", (double)json_integer_value(json_object_get(s, "call_ms_total")) / 1000.0, h);
		label(o, json_string_value(json_object_get(s, "server")));
		strbuf_printf(o, "\"} %lld\n", cumulative);
	}
}

char *
metrics_render(const struct metrics *m, size_t *len, const struct metrics_gauges *g, json_t *servers)
{
	struct strbuf o = { 0 };
	uint64_t cumulative = 0;

	strbuf_printf(&o, "# HELP gatehouse_http_requests_total HTTP requests answered, by status code.\n"
	    "# TYPE gatehouse_http_requests_total counter\n");
	for (unsigned s = 100; s < 600; s++)
		if (m->by_status[s])
			strbuf_printf(&o, "gatehouse_http_requests_total{code=\"%u\"} %llu\n", s,
			    (unsigned long long)m->by_status[s]);
	strbuf_printf(&o, "# HELP gatehouse_auth_failures_total Failed logins: requests with a wrong or expired token.\n"
	    "# TYPE gatehouse_auth_failures_total counter\n"
	    "gatehouse_auth_failures_total %llu\n", (unsigned long long)m->auth_failures);
	strbuf_printf(&o, "# HELP gatehouse_rate_limited_total Requests refused with 429 after repeated auth failures.\n"
	    "# TYPE gatehouse_rate_limited_total counter\n"
	    "gatehouse_rate_limited_total %llu\n", (unsigned long long)m->rate_limited);
	strbuf_printf(&o, "# HELP gatehouse_slow_clients_total Connections cut off for sending too slowly.\n"
	    "# TYPE gatehouse_slow_clients_total counter\n"
	    "gatehouse_slow_clients_total %llu\n", (unsigned long long)m->slow_clients);
	strbuf_printf(&o, "# HELP gatehouse_connections_refused_total Connections refused by the per-address cap.\n"
	    "# TYPE gatehouse_connections_refused_total counter\n"
	    "gatehouse_connections_refused_total %llu\n", (unsigned long long)m->connections_refused);
	strbuf_printf(&o, "# HELP gatehouse_http_connections Open client connections.\n"
	    "# TYPE gatehouse_http_connections gauge\n"
	    "gatehouse_http_connections %zu\n", g->open_connections);
	strbuf_printf(&o, "# HELP gatehouse_mcp_sessions MCP sessions open.\n"
	    "# TYPE gatehouse_mcp_sessions gauge\n"
	    "gatehouse_mcp_sessions %zu\n", g->sessions);
	strbuf_printf(&o, "# HELP gatehouse_mcp_calls_in_flight Client requests forwarded to a server and not answered yet.\n"
	    "# TYPE gatehouse_mcp_calls_in_flight gauge\n"
	    "gatehouse_mcp_calls_in_flight %zu\n", g->calls_in_flight);
	strbuf_printf(&o, "# HELP gatehouse_mcp_requests_waiting Client requests waiting for their session's servers to start.\n"
	    "# TYPE gatehouse_mcp_requests_waiting gauge\n"
	    "gatehouse_mcp_requests_waiting %zu\n", g->requests_waiting);
	strbuf_printf(&o, "# HELP gatehouse_mcp_relayed_waiting Server-to-client requests waiting for a client's answer.\n"
	    "# TYPE gatehouse_mcp_relayed_waiting gauge\n"
	    "gatehouse_mcp_relayed_waiting %zu\n", g->relayed_waiting);
	strbuf_printf(&o, "# HELP gatehouse_http_request_duration_seconds Time from request headers to response.\n"
	    "# TYPE gatehouse_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b < NBUCKETS; b++) {
		cumulative += m->buckets[b];
		strbuf_printf(&o, "gatehouse_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		    (double)bucket_us[b] / 1e6, (unsigned long long)cumulative);
	}
	cumulative += m->buckets[NBUCKETS];
	strbuf_printf(&o, "gatehouse_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
	    "gatehouse_http_request_duration_seconds_sum %.6f\n"
	    "gatehouse_http_request_duration_seconds_count %llu\n",
	    (unsigned long long)cumulative, m->latency_sum, (unsigned long long)m->latency_count);
	if (json_array_size(servers) > 0)
		render_servers(&o, servers);
	*len = o.len;
	return o.buf;
}

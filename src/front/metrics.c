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

char *
metrics_render(const struct metrics *m, size_t *len, const struct metrics_gauges *g)
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
	*len = o.len;
	return o.buf;
}

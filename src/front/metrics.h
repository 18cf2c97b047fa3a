/* Counters of the HTTP front, rendered in the Prometheus text format. */
#ifndef GH_METRICS_H
#define GH_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct metrics;

struct metrics *metrics_new(void);
void            metrics_free(struct metrics *m);
void            metrics_request(struct metrics *m, unsigned status, int64_t micros);
void            metrics_auth_failure(struct metrics *m);
void            metrics_rate_limited(struct metrics *m);
void            metrics_slow_client(struct metrics *m);
void            metrics_connection_refused(struct metrics *m);
/* Render into a malloc'd buffer; caller frees. */
/* Gauges read at render time from the front and the router. */
struct metrics_gauges {
	size_t open_connections;
	size_t sessions;
	size_t calls_in_flight;
	size_t requests_waiting;        /* for a session's servers to start */
	size_t relayed_waiting;         /* server-to-client requests awaiting a client */
};
/* servers: router_status()'s "servers" array, or NULL: per-server call counts and latencies. */
char           *metrics_render(const struct metrics *m, size_t *len, const struct metrics_gauges *g,
                    json_t *servers);

#endif

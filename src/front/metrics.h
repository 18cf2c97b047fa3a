/* Counters of the HTTP front, rendered in the Prometheus text format. */
#ifndef GH_METRICS_H
#define GH_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct metrics;

struct metrics *metrics_new(void);
void            metrics_free(struct metrics *m);
void            metrics_request(struct metrics *m, unsigned status, int64_t micros);
void            metrics_auth_failure(struct metrics *m);
void            metrics_rate_limited(struct metrics *m);
void            metrics_slow_client(struct metrics *m);
void            metrics_connection_refused(struct metrics *m);
/* Render into a malloc'd buffer; caller frees. */
char           *metrics_render(const struct metrics *m, size_t *len, size_t open_connections);

#endif

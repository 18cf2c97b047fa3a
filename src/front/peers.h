/*
 * What the front remembers about client addresses: authentication failures in
 * the last minute (for the 429 rule) and open connections (for the per-address
 * connection cap). A fixed-size table with a keyed hash, so neither its memory
 * nor its probe lengths can be driven by an attacker.
 */
#ifndef GH_PEERS_H
#define GH_PEERS_H

#include <stdbool.h>
#include <stdint.h>

#include "../net/addr.h"

#define PEERS_WINDOW_MS 60000

struct peers;

struct peers *peers_new(void);
void          peers_free(struct peers *p);

/* Milliseconds until `a` may try to authenticate again, or 0 when it may now. */
int64_t peers_auth_blocked(struct peers *p, const struct addr *a, int64_t now_ms, int64_t limit);
void    peers_auth_failed(struct peers *p, const struct addr *a, int64_t now_ms);

/* May `a` open another connection, holding fewer than `max` now? Counts nothing. */
bool    peers_conn_allowed(struct peers *p, const struct addr *a, int64_t max);
/* Count a new connection from `a`; false (and nothing counted) when `a` already has
 * `max` open. */
bool    peers_conn_open(struct peers *p, const struct addr *a, int64_t max);
void    peers_conn_close(struct peers *p, const struct addr *a);

/* Forget entries with no connections and no failure window left. */
void    peers_sweep(struct peers *p, int64_t now_ms);
size_t  peers_count(const struct peers *p);

#endif

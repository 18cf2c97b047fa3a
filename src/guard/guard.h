/*
 * The guard (DESIGN.md section 7): tool contracts, prompts and server
 * instructions are pinned by the SHA-256 of their canonical JSON. A new item is
 * pinned when the poisoning scan finds nothing that holds (tools.onNew "pin"),
 * else held; with "hold" every new item is held. A changed or renamed item is
 * held. Held and denied items are absent from what clients see until someone
 * approves them with `gatehouse tools approve`.
 *
 * Pins live in the state database (store.h) and are cached here; the cache is
 * reloaded when the CLI changed them. Every decision is a record.
 */
#ifndef GH_GUARD_H
#define GH_GUARD_H

#include <jansson.h>
#include <stdbool.h>

#include "scan.h"

struct store;
struct guard;

enum guard_kind { GUARD_TOOL, GUARD_PROMPT, GUARD_INSTRUCTIONS };

/* `hold_new`: tools.onNew "hold" (every new item waits for review). */
struct guard *guard_new(struct store *st, bool hold_new);
void          guard_free(struct guard *g);
void          guard_set_hold_new(struct guard *g, bool hold_new);
/* Read every pin again from the store. 0, or -1 (the previous cache stays). */
int           guard_reload(struct guard *g);

/*
 * Judge a server's complete list of tools or prompts. Returns the items clients
 * may see (a new reference): the pinned ones whose definition is the approved
 * one. New, changed and renamed items are pinned or held as described above,
 * written to the store and recorded.
 */
json_t *guard_filter(struct guard *g, const char *server, enum guard_kind kind, json_t *list,
            const struct scan_context *ctx);
/*
 * Scan again the items of a list that were pinned automatically (first sight,
 * nothing held), with a newer context: another server listed names they may
 * shadow. An item that now holds is held. True when anything changed.
 */
bool    guard_rescan_auto(struct guard *g, const char *server, enum guard_kind kind, json_t *list,
            const struct scan_context *ctx);
/* The same for a server's instructions (a string): true when they may be passed on. */
bool    guard_instructions_ok(struct guard *g, const char *server, const char *text,
            const struct scan_context *ctx);

/*
 * Every name of `kind` that `server` has a pin for (pinned, held or denied):
 * what it offered before, as a list [{"name": ...}] (a new reference). The
 * router claims these names for the server until it lists again, so that a
 * collision holds even when that server never came up in this process.
 */
json_t *guard_names(struct guard *g, const char *server, enum guard_kind kind);

/* The canonical JSON of an item's contract (sorted keys, compact): malloc'd. */
char   *guard_contract(enum guard_kind kind, json_t *item);
/* Lower-case hex SHA-256 of a text. */
void    guard_hash(const char *text, char hex[65]);
const char *guard_kind_name(enum guard_kind kind);

#endif

/*
 * State: one SQLite database in the state directory. The directory is 0700, the
 * files 0600, and the schema is versioned by migrations. Tokens are stored only
 * as hashes. Several processes (a running gateway and the CLI) share the file;
 * the gateway notices CLI changes through store_data_version().
 */
#ifndef GH_STORE_H
#define GH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../auth/auth.h"

struct store;

#define STORE_DB_NAME      "gatehouse.db"
#define STORE_SCHEMA_LATEST 6
#define STORE_HASH_BYTES   32

/* Open (creating when needed) the state directory and database. On failure
 * writes one sentence naming the fault into err. */
int  store_open(const char *state_dir, struct store **out, char *err, size_t errcap);
void store_close(struct store *st);
int  store_schema_version(struct store *st);

enum store_result { STORE_OK = 0, STORE_EXISTS = 1, STORE_NOT_FOUND = 2, STORE_ERROR = -1 };

enum store_result store_token_add(struct store *st, const char *name,
    const uint8_t hash[TOKEN_HASH_BYTES], int64_t expires, const char *tools_json);
enum store_result store_token_revoke(struct store *st, const char *name);
/* Load every token into `set` (replacing its contents). */
int  store_token_load(struct store *st, struct token_set *set);
long store_token_count(struct store *st);

struct token_info {
	const char *name;
	int64_t     created;
	int64_t     expires;
	const char *tools_json;         /* NULL: all tools */
};
typedef void (*store_token_cb)(const struct token_info *t, void *arg);
int  store_token_list(struct store *st, store_token_cb cb, void *arg);

/* One row per call: who, where, what, how it ended, how long it took. */
struct store_record {
	int64_t     ts_ms;
	const char *token;
	const char *session;
	const char *server;
	const char *method;
	const char *target;         /* tool, prompt or resource; may be NULL */
	const char *outcome;        /* ok, error, tool_error, timeout, cancelled, lost, ... */
	int64_t     duration_ms;
	const char *args_shape;     /* the arguments' names and JSON types, never a value; may be NULL */
};
/*
 * Queue a record (copied); store_record_flush appends the queue to the
 * hash-chained log in one transaction (0 once it is durable, -1 and still
 * queued on failure).
 */
void store_record_add(struct store *st, const struct store_record *r);
int  store_record_flush(struct store *st);
/* One record as read back: the call record, its sequence number, kind and hashes. */
struct log_row {
	int64_t             seq;
	struct store_record r;
	const char         *kind, *args_shape, *decision;
	const uint8_t      *prev_hash, *hash;   /* STORE_HASH_BYTES, or NULL */
};
/* Nonzero from cb stops the walk. */
typedef int (*store_log_cb)(void *arg, const struct log_row *row);
/* Records with seq > after_seq and ts_ms >= since_ms, in order. 0 or -1. */
int  store_log_each(struct store *st, int64_t after_seq, int64_t since_ms, store_log_cb cb, void *arg);
int64_t store_log_last_seq(struct store *st);

struct log_verdict {
	bool    ok;
	int64_t count;          /* records read */
	int64_t bad_seq;        /* the first record that breaks the chain (0: the end) */
	int64_t checkpoint_seq; /* the chain starts after this pruned record (0: none) */
	char    why[200];
	uint8_t head[STORE_HASH_BYTES];     /* the hash of the last good record */
};
/*
 * Retention: delete the records older than before_ms (unix ms), leaving a
 * checkpoint (the last pruned record's number and hash, and the count pruned)
 * so the rest still verifies. Returns how many were deleted, or -1.
 */
int64_t store_log_prune(struct store *st, int64_t before_ms);

/* Check the whole chain and its head; -1 only when the database cannot be read. */
int  store_log_verify(struct store *st, struct log_verdict *v);

/* The chain's hash of a record after `prev` (exposed for `log verify` and tests). */
void store_record_hash(const uint8_t prev[STORE_HASH_BYTES], const struct store_record *r, const char *kind,
         const char *args_shape, const char *decision, uint8_t out[STORE_HASH_BYTES]);

/*
 * Pins (the guard, DESIGN.md section 7): per (server, kind, name), the approved
 * definition (canonical JSON) and its SHA-256, and a definition waiting for
 * review with the poisoning scan's findings. kind is "tool", "prompt" or
 * "instructions" (name "").
 */
enum pin_state { PIN_PINNED, PIN_HELD, PIN_DENIED };

struct pin {
	const char     *server, *kind, *name;
	enum pin_state  state;
	const char     *hash;               /* approved, hex; "" when never approved */
	const char     *definition;         /* approved canonical JSON, or NULL */
	const char     *pending_hash;       /* waiting for review, hex; "" when none */
	const char     *pending_definition;
	const char     *pending_findings;   /* JSON array, or NULL */
	const char     *reason;             /* why it is held: "new", "changed", "renamed from X", "scan" */
	int64_t         first_seen, updated;
	const char     *approved_by;
};
typedef void (*store_pin_cb)(const struct pin *p, void *arg);
/* Every pin (optionally only of one state, state < 0 for all), in (server, kind, name) order. */
int  store_pin_each(struct store *st, int state, store_pin_cb cb, void *arg);
/* Insert or replace the pin of (server, kind, name). */
int  store_pin_put(struct store *st, const struct pin *p);
const char *store_pin_state_name(enum pin_state s);
/* Group several writes into one transaction (one sync instead of one per write). */
int  store_begin(struct store *st);
int  store_commit(struct store *st);

/* Changes whenever another connection committed; cheap to poll. */
int  store_data_version(struct store *st, int64_t *version);

/*
 * The vault's rows: a name, a nonce and a sealed value (src/vault/vault.c).
 * The store never sees a plaintext value nor the key. get calls cb with the
 * row's bytes (valid only during the call); cb returns 0, or -1 for an error.
 */
typedef int (*store_secret_cb)(void *arg, const void *nonce, size_t nlen, const void *sealed, size_t slen);
enum store_result store_secret_put(struct store *st, const char *name, const uint8_t *nonce, size_t nlen,
    const uint8_t *sealed, size_t slen);
enum store_result store_secret_get(struct store *st, const char *name, store_secret_cb cb, void *arg);
enum store_result store_secret_remove(struct store *st, const char *name);
int  store_secret_each(struct store *st, void (*cb)(void *arg, const char *name, int64_t created,
         int64_t updated), void *arg);

#endif

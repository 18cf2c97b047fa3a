#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "../util/log.h"
#include "../util/util.h"

struct queued_record;

struct store {
	sqlite3              *db;
	char                 *dir;
	struct queued_record *queue_head;   /* call records not yet written */
	struct queued_record **queue_tail;
	size_t                queue_len;
};

/*
 * Migrations, in order. Each runs once, inside a transaction, and bumps
 * PRAGMA user_version. Never edit a released step: add a new one.
 */
static const char *const migrations[] = {
	/* 1: client tokens, stored only as hashes. */
	"CREATE TABLE tokens ("
	"  name       TEXT PRIMARY KEY NOT NULL,"
	"  hash       BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),"
	"  created    INTEGER NOT NULL,"
	"  expires    INTEGER NOT NULL DEFAULT 0,"
	"  tools      TEXT"
	") STRICT;",
	/*
	 * 2: one row per call. Designed to be hash-chained: each row will carry the
	 * hash of the previous row and its own, so that an edit or a deletion breaks
	 * the chain (`gatehouse log verify`, with the audit-log issue).
	 */
	"CREATE TABLE records ("
	"  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  ts_ms      INTEGER NOT NULL,"
	"  kind       TEXT NOT NULL DEFAULT 'call',"
	"  token      TEXT NOT NULL,"
	"  session    TEXT NOT NULL,"
	"  server     TEXT NOT NULL,"
	"  method     TEXT NOT NULL,"
	"  target     TEXT,"
	"  args_shape TEXT,"
	"  decision   TEXT,"
	"  outcome    TEXT NOT NULL,"
	"  duration_ms INTEGER NOT NULL,"
	"  prev_hash  BLOB,"
	"  hash       BLOB"
	") STRICT;"
	"CREATE INDEX records_ts ON records (ts_ms);",
	/*
	 * 3: pins of tool contracts, prompts and server instructions (the guard):
	 * the approved definition and its hash, and a definition waiting for review
	 * with the scan's findings.
	 */
	"CREATE TABLE pins ("
	"  server     TEXT NOT NULL,"
	"  kind       TEXT NOT NULL,"
	"  name       TEXT NOT NULL,"
	"  state      TEXT NOT NULL CHECK (state IN ('pinned', 'held', 'denied')),"
	"  hash       TEXT NOT NULL DEFAULT '',"
	"  definition TEXT,"
	"  pending_hash TEXT NOT NULL DEFAULT '',"
	"  pending_definition TEXT,"
	"  pending_findings TEXT,"
	"  reason     TEXT,"
	"  first_seen INTEGER NOT NULL,"
	"  updated    INTEGER NOT NULL,"
	"  approved_by TEXT,"
	"  PRIMARY KEY (server, kind, name)"
	") STRICT;",
	/*
	 * 4: the vault. Each value sealed with XChaCha20-Poly1305 under the vault
	 * key, its name as associated data (a sealed value cannot be moved to
	 * another name); the key itself is never in the database.
	 */
	"CREATE TABLE secrets ("
	"  name       TEXT PRIMARY KEY NOT NULL,"
	"  nonce      BLOB NOT NULL,"
	"  sealed     BLOB NOT NULL,"
	"  created    INTEGER NOT NULL,"
	"  updated    INTEGER NOT NULL"
	") STRICT;",
	/*
	 * 5: the head of the records' hash chain, updated in the transaction that
	 * appends: a truncated log no longer ends where the head says.
	 */
	"CREATE TABLE log_head ("
	"  id         INTEGER PRIMARY KEY CHECK (id = 1),"
	"  last_seq   INTEGER NOT NULL,"
	"  last_hash  BLOB NOT NULL,"
	"  count      INTEGER NOT NULL"
	") STRICT;",
	/*
	 * 6: retention. Pruning old records leaves a checkpoint: the last pruned
	 * record's number and hash (the first kept record names it) and how many
	 * were pruned in all, so the chain still verifies from there.
	 */
	"CREATE TABLE log_checkpoint ("
	"  id         INTEGER PRIMARY KEY CHECK (id = 1),"
	"  seq        INTEGER NOT NULL,"
	"  hash       BLOB NOT NULL,"
	"  pruned     INTEGER NOT NULL,"
	"  at         INTEGER NOT NULL"
	") STRICT;",
};
#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

static int
exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		struct logline l;
		log_begin(&l, LOG_ERROR, "database statement failed");
		log_str(&l, "error", msg ? msg : sqlite3_errmsg(st->db));
		log_end(&l);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
migrate(struct store *st, char *err, size_t errcap)
{
	int v;

	if (exec_sql(st, "BEGIN IMMEDIATE") != 0) {
		snprintf(err, errcap, "cannot lock the database in %s: %s", st->dir, sqlite3_errmsg(st->db));
		return -1;
	}
	v = store_schema_version(st);
	if (v < 0 || v > (int)NMIGRATIONS) {
		exec_sql(st, "ROLLBACK");
		snprintf(err, errcap, "the database in %s has schema version %d, newer than this gatehouse (%d); upgrade gatehouse",
		    st->dir, v, (int)NMIGRATIONS);
		return -1;
	}
	for (; v < (int)NMIGRATIONS; v++) {
		char pragma[64];
		if (exec_sql(st, migrations[v]) != 0) {
			exec_sql(st, "ROLLBACK");
			snprintf(err, errcap, "database migration %d failed in %s", v + 1, st->dir);
			return -1;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		exec_sql(st, pragma);
	}
	if (exec_sql(st, "COMMIT") != 0) {
		snprintf(err, errcap, "cannot commit the database migration in %s", st->dir);
		return -1;
	}
	return 0;
}

/*
 * The state directory must be ours and private. We create it 0700; an existing
 * one that others can read is tightened (it is our own directory) with a warning,
 * and one owned by someone else is refused.
 */
static int
secure_dir(const char *dir, char *err, size_t errcap)
{
	struct stat st;

	if (util_mkdir_private(dir) != 0) {
		snprintf(err, errcap, "cannot create the state directory %s (%s); set \"stateDir\" to a writable path",
		    dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errcap, "the state directory %s is not a directory; set \"stateDir\" to a directory", dir);
		return -1;
	}
	if (st.st_uid != geteuid()) {
		snprintf(err, errcap, "the state directory %s belongs to uid %u, not to us (uid %u); fix its owner or set \"stateDir\"",
		    dir, (unsigned)st.st_uid, (unsigned)geteuid());
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		struct logline l;
		if (chmod(dir, 0700) != 0) {
			snprintf(err, errcap, "the state directory %s is open to other users and chmod 0700 failed (%s)",
			    dir, strerror(errno));
			return -1;
		}
		log_begin(&l, LOG_WARN, "state directory was open to other users; changed it to 0700");
		log_str(&l, "path", dir);
		log_end(&l);
	}
	return 0;
}

/*
 * Tighten our database files to 0600 whatever created them. Only lstat and chmod:
 * opening and closing one of these files here would drop every POSIX lock this
 * process holds on it (SQLite's among them), and another process would then
 * believe it is alone and delete the WAL under us.
 */
static void
secure_files(const char *dir)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char path[LIMIT_PATH];
	struct stat st;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", dir, STORE_DB_NAME, suffixes[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
			(void)chmod(path, 0600);
	}
}

static const char *
col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* ---- the records' hash chain -------------------------------------------- */

static void
h_u64(crypto_hash_sha256_state *h, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	crypto_hash_sha256_update(h, b, sizeof(b));
}

static void
h_str(crypto_hash_sha256_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char b[4] = { 0xff, 0xff, 0xff, 0xff };

	if (s != NULL) {
		b[0] = (unsigned char)(n >> 24);
		b[1] = (unsigned char)(n >> 16);
		b[2] = (unsigned char)(n >> 8);
		b[3] = (unsigned char)n;
	}
	crypto_hash_sha256_update(h, b, sizeof(b));
	if (n > 0)
		crypto_hash_sha256_update(h, (const unsigned char *)s, n);
}

/*
 * The hash of a record: SHA-256 over a version tag, the previous record's hash
 * and every field, each length-prefixed (NULL distinct from ""). The sequence
 * number is not in it: the chain itself fixes the order.
 */
void
store_record_hash(const uint8_t prev[STORE_HASH_BYTES], const struct store_record *r, const char *kind,
    const char *args_shape, const char *decision, uint8_t out[STORE_HASH_BYTES])
{
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)"gatehouse-record-1", 19);
	crypto_hash_sha256_update(&h, prev, STORE_HASH_BYTES);
	h_u64(&h, (uint64_t)r->ts_ms);
	h_str(&h, kind);
	h_str(&h, r->token);
	h_str(&h, r->session);
	h_str(&h, r->server);
	h_str(&h, r->method);
	h_str(&h, r->target);
	h_str(&h, args_shape);
	h_str(&h, decision);
	h_str(&h, r->outcome);
	h_u64(&h, (uint64_t)r->duration_ms);
	crypto_hash_sha256_final(&h, out);
}

/* Read the head of the chain (inside a transaction). 0, or -1 when there is none. */
static int
head_read(struct store *st, int64_t *seq, uint8_t hash[STORE_HASH_BYTES], int64_t *count)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT last_seq, last_hash, count FROM log_head WHERE id = 1", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == STORE_HASH_BYTES) {
		*seq = sqlite3_column_int64(s, 0);
		memcpy(hash, sqlite3_column_blob(s, 1), STORE_HASH_BYTES);
		*count = sqlite3_column_int64(s, 2);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int
head_write(struct store *st, int64_t seq, const uint8_t hash[STORE_HASH_BYTES], int64_t count)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO log_head (id, last_seq, last_hash, count) VALUES (1, ?1, ?2, ?3) "
	    "ON CONFLICT (id) DO UPDATE SET last_seq = ?1, last_hash = ?2, count = ?3", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_blob(s, 2, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, count);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Once, for a database from before the chain (schema 4 or older): chain the
 * records already there, in order, and write the head.
 */
static int
chain_init(struct store *st, char *err, size_t errcap)
{
	uint8_t prev[STORE_HASH_BYTES] = { 0 }, h[STORE_HASH_BYTES];
	int64_t seq = 0, count = 0;
	sqlite3_stmt *q = NULL, *u = NULL;
	int rc = 0;

	/* The usual case, read without a write lock: the chain is there already. */
	if (head_read(st, &seq, h, &count) == 0)
		return 0;
	if (exec_sql(st, "BEGIN IMMEDIATE") != 0) {
		snprintf(err, errcap, "cannot lock the database in %s", st->dir);
		return -1;
	}
	if (head_read(st, &seq, h, &count) == 0)       /* another process chained it meanwhile */
		return exec_sql(st, "COMMIT");
	if (sqlite3_prepare_v2(st->db, "SELECT seq, ts_ms, kind, token, session, server, method, target, args_shape, "
	    "decision, outcome, duration_ms FROM records ORDER BY seq", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "UPDATE records SET prev_hash = ?2, hash = ?3 WHERE seq = ?1", -1, &u,
	    NULL) != SQLITE_OK)
		rc = -1;
	while (rc == 0 && sqlite3_step(q) == SQLITE_ROW) {
		struct store_record r = {
			.ts_ms = sqlite3_column_int64(q, 1), .token = col_text(q, 3), .session = col_text(q, 4),
			.server = col_text(q, 5), .method = col_text(q, 6), .target = col_text(q, 7),
			.outcome = col_text(q, 10), .duration_ms = sqlite3_column_int64(q, 11),
		};
		seq = sqlite3_column_int64(q, 0);
		store_record_hash(prev, &r, col_text(q, 2), col_text(q, 8), col_text(q, 9), h);
		sqlite3_bind_int64(u, 1, seq);
		sqlite3_bind_blob(u, 2, prev, STORE_HASH_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_blob(u, 3, h, STORE_HASH_BYTES, SQLITE_TRANSIENT);
		if (sqlite3_step(u) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(u);
		memcpy(prev, h, sizeof(prev));
		count++;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(u);
	if (rc != 0 || head_write(st, seq, prev, count) != 0 || exec_sql(st, "COMMIT") != 0) {
		exec_sql(st, "ROLLBACK");
		snprintf(err, errcap, "cannot start the records' hash chain in %s", st->dir);
		return -1;
	}
	return 0;
}

int
store_open(const char *state_dir, struct store **out, char *err, size_t errcap)
{
	struct store *st;
	char path[LIMIT_PATH];

	*out = NULL;
	if (secure_dir(state_dir, err, errcap) != 0)
		return -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", state_dir, STORE_DB_NAME) >= sizeof(path)) {
		snprintf(err, errcap, "the state directory path is too long");
		return -1;
	}
	st = xcalloc(1, sizeof(*st));
	st->dir = xstrdup(state_dir);
	st->queue_tail = &st->queue_head;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errcap, "cannot open the database %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 1);
	if (exec_sql(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF") != 0) {
		snprintf(err, errcap, "cannot configure the database %s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return -1;
	}
	if (migrate(st, err, errcap) != 0 || chain_init(st, err, errcap) != 0) {
		store_close(st);
		return -1;
	}
	secure_files(state_dir);
	*out = st;
	return 0;
}

static void drop_queue(struct store *st);

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	drop_queue(st);
	sqlite3_close_v2(st->db);
	free(st->dir);
	free(st);
}

enum store_result
store_token_add(struct store *st, const char *name, const uint8_t hash[TOKEN_HASH_BYTES],
    int64_t expires, const char *tools_json)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO tokens (name, hash, created, expires, tools) "
	    "VALUES (?1, ?2, ?3, ?4, ?5)", -1, &s, NULL) != SQLITE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, util_wall_seconds());
	sqlite3_bind_int64(s, 4, expires);
	if (tools_json)
		sqlite3_bind_text(s, 5, tools_json, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 5);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	secure_files(st->dir);
	if (rc == SQLITE_DONE)
		return STORE_OK;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return STORE_EXISTS;
	return STORE_ERROR;
}

/* DELETE ... WHERE name = ?1: OK, NOT_FOUND when no row had that name, or ERROR. */
static enum store_result
delete_named(struct store *st, const char *sql, const char *name)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return STORE_ERROR;
	return sqlite3_changes(st->db) > 0 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_result
store_token_revoke(struct store *st, const char *name)
{
	return delete_named(st, "DELETE FROM tokens WHERE name = ?1", name);
}

int
store_token_load(struct store *st, struct token_set *set)
{
	sqlite3_stmt *s;
	struct token_set fresh = { 0 };
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name, hash, expires, tools FROM tokens ORDER BY name",
	    -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct token_entry *e;
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *tools = (const char *)sqlite3_column_text(s, 3);
		if (fresh.n >= LIMIT_TOKENS)
			break;
		if (sqlite3_column_bytes(s, 1) != TOKEN_HASH_BYTES || name == NULL ||
		    strlen(name) > LIMIT_TOKEN_NAME)
			continue;
		if (fresh.n == cap) {
			cap = cap ? cap * 2 : 16;
			fresh.items = xrealloc(fresh.items, cap * sizeof(*fresh.items));
		}
		e = &fresh.items[fresh.n++];
		memset(e, 0, sizeof(*e));
		memcpy(e->name, name, strlen(name) + 1);
		memcpy(e->hash, sqlite3_column_blob(s, 1), TOKEN_HASH_BYTES);
		e->expires = sqlite3_column_int64(s, 2);
		e->tools_json = tools ? xstrdup(tools) : NULL;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		auth_token_set_free(&fresh);
		return -1;
	}
	auth_token_set_free(set);
	*set = fresh;
	return 0;
}

long
store_token_count(struct store *st)
{
	sqlite3_stmt *s;
	long n = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM tokens", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int
store_token_list(struct store *st, store_token_cb cb, void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name, created, expires, tools FROM tokens ORDER BY name",
	    -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct token_info t = {
			.name = (const char *)sqlite3_column_text(s, 0),
			.created = sqlite3_column_int64(s, 1),
			.expires = sqlite3_column_int64(s, 2),
			.tools_json = (const char *)sqlite3_column_text(s, 3),
		};
		cb(&t, arg);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_data_version(struct store *st, int64_t *version)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*version = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Call records are queued in memory and written in one transaction per flush,
 * so that a busy gateway does not pay an fsync per call.
 */
struct queued_record {
	struct queued_record *next;
	struct store_record   r;
	char                  strings[];
};


static void
drop_queue(struct store *st)
{
	struct queued_record *q;

	while ((q = st->queue_head) != NULL) {
		st->queue_head = q->next;
		free(q);
	}
	st->queue_tail = &st->queue_head;
	st->queue_len = 0;
}

static const char *
copy_str(char **p, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 1;
	char *d = *p;

	memcpy(d, s ? s : "", n);
	*p += n;
	return d;
}

void
store_record_add(struct store *st, const struct store_record *r)
{
	size_t n = 0;
	const char *fields[] = { r->token, r->session, r->server, r->method, r->target, r->outcome, r->args_shape };

	if (st->queue_len >= LIMIT_RECORDS_QUEUED) {
		log_warn("call records are not being written fast enough; dropping one");
		return;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		n += (fields[i] ? strlen(fields[i]) : 0) + 1;
	struct queued_record *q = xmalloc(sizeof(*q) + n);
	char *p = q->strings;
	q->next = NULL;
	q->r = *r;
	q->r.token = copy_str(&p, r->token);
	q->r.session = copy_str(&p, r->session);
	q->r.server = copy_str(&p, r->server);
	q->r.method = copy_str(&p, r->method);
	q->r.target = r->target ? copy_str(&p, r->target) : NULL;
	q->r.outcome = copy_str(&p, r->outcome);
	q->r.args_shape = r->args_shape ? copy_str(&p, r->args_shape) : NULL;
	*st->queue_tail = q;
	st->queue_tail = &q->next;
	st->queue_len++;
}

int
store_record_flush(struct store *st)
{
	uint8_t prev[STORE_HASH_BYTES], h[STORE_HASH_BYTES];
	sqlite3_stmt *s = NULL;
	struct queued_record *q;
	int64_t seq = 0, count = 0;
	int rc = 0;

	if (st->queue_head == NULL)
		return 0;
	/* IMMEDIATE: the chain's head is read and moved by one writer at a time
	 * (the gateway and a CLI command may both append). */
	if (exec_sql(st, "BEGIN IMMEDIATE") != 0)
		return -1;
	if (head_read(st, &seq, prev, &count) != 0 ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO records (ts_ms, token, session, server, method, target, "
	    "outcome, duration_ms, prev_hash, hash, args_shape) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", -1, &s,
	    NULL) != SQLITE_OK) {
		exec_sql(st, "ROLLBACK");
		return -1;
	}
	for (q = st->queue_head; q && rc == 0; q = q->next) {
		store_record_hash(prev, &q->r, "call", q->r.args_shape, NULL, h);
		sqlite3_bind_int64(s, 1, q->r.ts_ms);
		sqlite3_bind_text(s, 2, q->r.token, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, q->r.session, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, q->r.server, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, q->r.method, -1, SQLITE_STATIC);
		if (q->r.target)
			sqlite3_bind_text(s, 6, q->r.target, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 6);
		sqlite3_bind_text(s, 7, q->r.outcome, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 8, q->r.duration_ms);
		sqlite3_bind_blob(s, 9, prev, STORE_HASH_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_blob(s, 10, h, STORE_HASH_BYTES, SQLITE_TRANSIENT);
		if (q->r.args_shape)
			sqlite3_bind_text(s, 11, q->r.args_shape, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 11);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(s);
		seq = sqlite3_last_insert_rowid(st->db);
		memcpy(prev, h, sizeof(prev));
		count++;
	}
	sqlite3_finalize(s);
	if (rc != 0 || head_write(st, seq, prev, count) != 0 || exec_sql(st, "COMMIT") != 0) {
		exec_sql(st, "ROLLBACK");
		return -1;     /* kept queued: the next flush tries again */
	}
	drop_queue(st);
	return 0;
}

/* ---- pins --------------------------------------------------------------- */

static const char *const pin_states[] = { "pinned", "held", "denied" };

const char *
store_pin_state_name(enum pin_state s)
{
	return (unsigned)s < sizeof(pin_states) / sizeof(pin_states[0]) ? pin_states[s] : "?";
}


int
store_pin_each(struct store *st, int state, store_pin_cb cb, void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT server, kind, name, state, hash, definition, pending_hash, "
	    "pending_definition, pending_findings, reason, first_seen, updated, approved_by FROM pins "
	    "WHERE ?1 IS NULL OR state = ?1 ORDER BY server, kind, name", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (state >= 0)
		sqlite3_bind_text(s, 1, store_pin_state_name((enum pin_state)state), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *st_text = col_text(s, 3);
		struct pin p = {
			.server = col_text(s, 0), .kind = col_text(s, 1), .name = col_text(s, 2),
			.hash = col_text(s, 4) ? col_text(s, 4) : "", .definition = col_text(s, 5),
			.pending_hash = col_text(s, 6) ? col_text(s, 6) : "", .pending_definition = col_text(s, 7),
			.pending_findings = col_text(s, 8), .reason = col_text(s, 9),
			.first_seen = sqlite3_column_int64(s, 10), .updated = sqlite3_column_int64(s, 11),
			.approved_by = col_text(s, 12),
		};
		if (p.server == NULL || p.kind == NULL || p.name == NULL || st_text == NULL)
			continue;
		p.state = strcmp(st_text, "pinned") == 0 ? PIN_PINNED : strcmp(st_text, "held") == 0 ? PIN_HELD : PIN_DENIED;
		cb(&p, arg);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_begin(struct store *st)
{
	return exec_sql(st, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *st)
{
	return exec_sql(st, "COMMIT");
}

int
store_pin_put(struct store *st, const struct pin *p)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO pins (server, kind, name, state, hash, definition, "
	    "pending_hash, pending_definition, pending_findings, reason, first_seen, updated, approved_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, p->server, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, store_pin_state_name(p->state), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->hash ? p->hash : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->definition, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, p->pending_hash ? p->pending_hash : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, p->pending_definition, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, p->pending_findings, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, p->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, p->first_seen);
	sqlite3_bind_int64(s, 12, p->updated);
	sqlite3_bind_text(s, 13, p->approved_by, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	secure_files(st->dir);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the vault's sealed values (vault.c seals and opens them) ------------------ */

enum store_result
store_secret_put(struct store *st, const char *name, const uint8_t *nonce, size_t nlen,
    const uint8_t *sealed, size_t slen)
{
	sqlite3_stmt *s;
	int64_t now = util_wall_seconds();
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO secrets (name, nonce, sealed, created, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO UPDATE SET nonce = ?2, sealed = ?3, "
	    "updated = ?4", -1, &s, NULL) != SQLITE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, nonce, (int)nlen, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, sealed, (int)slen, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	secure_files(st->dir);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

enum store_result
store_secret_get(struct store *st, const char *name, store_secret_cb cb, void *arg)
{
	sqlite3_stmt *s;
	enum store_result r = STORE_NOT_FOUND;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT nonce, sealed FROM secrets WHERE name = ?1", -1, &s,
	    NULL) != SQLITE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r = cb(arg, sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0),
		    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1)) == 0 ? STORE_OK : STORE_ERROR;
	} else if (rc != SQLITE_DONE) {
		r = STORE_ERROR;
	}
	sqlite3_finalize(s);
	return r;
}

enum store_result
store_secret_remove(struct store *st, const char *name)
{
	return delete_named(st, "DELETE FROM secrets WHERE name = ?1", name);
}

int
store_secret_each(struct store *st, void (*cb)(void *arg, const char *name, int64_t created,
    int64_t updated), void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name, created, updated FROM secrets ORDER BY name", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cb(arg, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
		    sqlite3_column_int64(s, 2));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- reading and verifying the log ---------------------------------------- */

static void
fill_row(sqlite3_stmt *q, struct log_row *row)
{
	row->seq = sqlite3_column_int64(q, 0);
	row->r.ts_ms = sqlite3_column_int64(q, 1);
	row->kind = col_text(q, 2);
	row->r.token = col_text(q, 3);
	row->r.session = col_text(q, 4);
	row->r.server = col_text(q, 5);
	row->r.method = col_text(q, 6);
	row->r.target = col_text(q, 7);
	row->args_shape = col_text(q, 8);
	row->decision = col_text(q, 9);
	row->r.outcome = col_text(q, 10);
	row->r.duration_ms = sqlite3_column_int64(q, 11);
	row->prev_hash = sqlite3_column_bytes(q, 12) == STORE_HASH_BYTES ? sqlite3_column_blob(q, 12) : NULL;
	row->hash = sqlite3_column_bytes(q, 13) == STORE_HASH_BYTES ? sqlite3_column_blob(q, 13) : NULL;
}

#define LOG_COLUMNS "seq, ts_ms, kind, token, session, server, method, target, args_shape, decision, " \
	"outcome, duration_ms, prev_hash, hash"

int
store_log_each(struct store *st, int64_t after_seq, int64_t since_ms, store_log_cb cb, void *arg)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " LOG_COLUMNS " FROM records WHERE seq > ?1 AND ts_ms >= ?2 "
	    "ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(q, 1, after_seq);
	sqlite3_bind_int64(q, 2, since_ms);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct log_row row;
		fill_row(q, &row);
		if (cb(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t
store_log_last_seq(struct store *st)
{
	sqlite3_stmt *q;
	int64_t seq = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(seq), 0) FROM records", -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return seq;
}

/*
 * Walk the whole log in order: each record must name the previous record's hash
 * and hash to what it stores, and the last one must be the head (seq, hash and
 * count) written with it. Inside one read transaction, so a writer cannot make
 * a consistent log look broken.
 */
int
store_log_verify(struct store *st, struct log_verdict *v)
{
	uint8_t expect[STORE_HASH_BYTES] = { 0 }, h[STORE_HASH_BYTES], head[STORE_HASH_BYTES];
	int64_t head_seq = 0, head_count = 0, last_seq = 0, pruned = 0;
	sqlite3_stmt *q;
	int rc;

	memset(v, 0, sizeof(*v));
	v->ok = true;
	if (exec_sql(st, "BEGIN") != 0)
		return -1;
	/* After a prune the chain starts at the checkpoint, not at zero. */
	if (sqlite3_prepare_v2(st->db, "SELECT seq, hash, pruned FROM log_checkpoint WHERE id = 1", -1, &q,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 1) == STORE_HASH_BYTES) {
			last_seq = sqlite3_column_int64(q, 0);
			memcpy(expect, sqlite3_column_blob(q, 1), STORE_HASH_BYTES);
			pruned = sqlite3_column_int64(q, 2);
			v->checkpoint_seq = last_seq;
		}
		sqlite3_finalize(q);
	}
	if (sqlite3_prepare_v2(st->db, "SELECT " LOG_COLUMNS " FROM records ORDER BY seq", -1, &q, NULL) != SQLITE_OK) {
		exec_sql(st, "ROLLBACK");
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct log_row row;
		fill_row(q, &row);
		v->count++;
		if (row.seq <= last_seq) {
			v->ok = false;
			v->bad_seq = row.seq;
			snprintf(v->why, sizeof(v->why), "it is older than the retention checkpoint (record %lld)",
			    (long long)last_seq);
			break;
		}
		last_seq = row.seq;
		if (row.prev_hash == NULL || sodium_memcmp(row.prev_hash, expect, STORE_HASH_BYTES) != 0) {
			v->ok = false;
			v->bad_seq = row.seq;
			snprintf(v->why, sizeof(v->why), "it does not follow the record before it (one was deleted, "
			    "inserted or moved)");
			break;
		}
		store_record_hash(expect, &row.r, row.kind, row.args_shape, row.decision, h);
		if (row.hash == NULL || sodium_memcmp(row.hash, h, STORE_HASH_BYTES) != 0) {
			v->ok = false;
			v->bad_seq = row.seq;
			snprintf(v->why, sizeof(v->why), "its content does not match its hash (it was edited)");
			break;
		}
		memcpy(expect, h, sizeof(expect));
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		exec_sql(st, "ROLLBACK");
		return -1;
	}
	if (v->ok && head_read(st, &head_seq, head, &head_count) != 0) {
		v->ok = false;
		snprintf(v->why, sizeof(v->why), "the log's head is missing");
	} else if (v->ok && (head_seq != last_seq || head_count != pruned + v->count ||
	    sodium_memcmp(head, expect, STORE_HASH_BYTES) != 0)) {
		v->ok = false;
		v->bad_seq = last_seq;
		snprintf(v->why, sizeof(v->why), "the log ends at record %lld of %lld, but its head says record %lld "
		    "of %lld (records were removed from the end)", (long long)last_seq, (long long)(pruned + v->count),
		    (long long)head_seq, (long long)head_count);
	}
	memcpy(v->head, expect, sizeof(v->head));
	exec_sql(st, "COMMIT");
	return 0;
}

int64_t
store_log_prune(struct store *st, int64_t before_ms)
{
	sqlite3_stmt *q;
	int64_t seq = 0, pruned = 0, deleted;
	uint8_t hash[STORE_HASH_BYTES];
	bool found = false;

	if (exec_sql(st, "BEGIN IMMEDIATE") != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT seq, hash FROM records WHERE ts_ms < ?1 ORDER BY seq DESC LIMIT 1",
	    -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(q, 1, before_ms);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 1) == STORE_HASH_BYTES) {
		seq = sqlite3_column_int64(q, 0);
		memcpy(hash, sqlite3_column_blob(q, 1), STORE_HASH_BYTES);
		found = true;
	}
	sqlite3_finalize(q);
	if (!found) {
		exec_sql(st, "COMMIT");
		return 0;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT pruned FROM log_checkpoint WHERE id = 1", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(q) == SQLITE_ROW)
		pruned = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(st->db, "DELETE FROM records WHERE seq <= ?1", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(q, 1, seq);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		goto fail;
	}
	sqlite3_finalize(q);
	deleted = sqlite3_changes(st->db);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO log_checkpoint (id, seq, hash, pruned, at) VALUES (1, ?1, ?2, ?3, ?4) "
	    "ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2, pruned = ?3, at = ?4", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(q, 1, seq);
	sqlite3_bind_blob(q, 2, hash, STORE_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, pruned + deleted);
	sqlite3_bind_int64(q, 4, util_wall_seconds());
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		goto fail;
	}
	sqlite3_finalize(q);
	if (exec_sql(st, "COMMIT") != 0)
		goto fail;
	return deleted;
fail:
	exec_sql(st, "ROLLBACK");
	return -1;
}

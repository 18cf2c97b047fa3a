/*
 * A compiled Vectorscan pattern set, shared by every thread of the process:
 * the database, and a scratch per thread cloned from one prototype.
 *
 * Compiling the poisoning scan's patterns takes about half a second, so a
 * compiled database is kept in the user's cache directory
 * ($XDG_CACHE_HOME/gatehouse, else ~/.cache/gatehouse), named by a SHA-256
 * over the Vectorscan version, the host platform and every expression with its
 * flags and id. A cached file is used only when the directory and the file are
 * ours and not writable by others (else hsdb_set_fallback_dir()'s), and when
 * the SHA-256 of its bytes, stored in its header, matches; otherwise (or when
 * there is no cache directory) the
 * patterns are compiled and the cache rewritten. The cache only saves time: a
 * missing, stale or damaged file changes nothing but the start-up time.
 */
#ifndef GH_UTIL_HSDB_H
#define GH_UTIL_HSDB_H

#include <hs.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct hsdb {
	pthread_mutex_t lock;
	bool            tried;          /* hsdb_open ran (successfully or not) */
	bool            ready;          /* db and prototype are set (read without the lock) */
	hs_database_t  *db;
	hs_scratch_t   *prototype;
	pthread_key_t   key;            /* this thread's clone of prototype */
	bool            from_cache;     /* for tests and the benchmark */
};

#define HSDB_INIT { PTHREAD_MUTEX_INITIALIZER, false, false, NULL, NULL, 0, false }

/*
 * A directory for the cache when the user's is missing or not theirs (a
 * service user whose HOME is root's or "/"): the gateway's state directory's
 * "cache". Call before hsdb_open; NULL clears it.
 */
void          hsdb_set_fallback_dir(const char *dir);

/*
 * Compile (or load from the cache) the n expressions once per process; later
 * calls return the first call's result. `name` names the cache file ("scan",
 * "secrets"). Returns 0, or -1 when the engine fails its known-answer test
 * (hsdb_fault), the patterns do not compile (a bug: the tables are static) or
 * memory runs out.
 */
int           hsdb_open(struct hsdb *h, const char *name, const char *const *exprs,
                  const unsigned int *flags, unsigned int n);

/*
 * NULL when the engine passed its known-answer test (run once per process, and
 * by hsdb_open before it trusts any database), else one sentence that says
 * what is wrong and what to install. hsdb_open fails while this is not NULL.
 */
const char   *hsdb_fault(void);
/* Why a pattern set could not be opened: hsdb_fault(), else `otherwise`. */
const char   *hsdb_why(const char *otherwise);

/* hsdb_open succeeded already: a cheap check for hot paths. */
static inline bool
hsdb_ready(struct hsdb *h)
{
	return __atomic_load_n(&h->ready, __ATOMIC_ACQUIRE);
}

/*
 * Release h (for tests: the scanners keep theirs for the life of the
 * process). Only the calling thread's scratch is freed: call it when no other
 * thread scans with h any more.
 */
void          hsdb_close(struct hsdb *h);

/* This thread's scratch for h (opened), or NULL when out of memory. */
hs_scratch_t *hsdb_scratch(struct hsdb *h);

#endif

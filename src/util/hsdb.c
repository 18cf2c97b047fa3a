/* Vectorscan databases compiled once per process and cached per user (hsdb.h). */
#include "hsdb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "util.h"

#define MAGIC           "GHHSDB1\n"
#define MAGIC_LEN       8
#define HEADER_LEN      (MAGIC_LEN + crypto_hash_sha256_BYTES)

static void
scratch_free(void *p)
{
	hs_free_scratch(p);
}

static char fallback_dir[LIMIT_PATH];

void
hsdb_set_fallback_dir(const char *dir)
{
	if (dir == NULL || snprintf(fallback_dir, sizeof(fallback_dir), "%s", dir) >= (int)sizeof(fallback_dir))
		fallback_dir[0] = '\0';
}

/* Ours, and writable by nobody else. */
static bool
trusted(const struct stat *st)
{
	return st->st_uid == geteuid() && (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/* A directory we can keep the cache in: made if missing, ours, writable by nobody else. */
static bool
usable(const char *dir)
{
	struct stat st;

	return util_mkdir_private(dir) == 0 && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && trusted(&st);
}

/* The user's cache directory, or -1 when the user has none. */
static int
cache_dir(char *out, size_t cap)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, cap, "%s/gatehouse", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, cap, "%s/.cache/gatehouse", home);
	else
		return -1;
	return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* The name of the cache file: what the database is compiled from, hashed. */
static void
cache_key(const char *name, const char *const *exprs, const unsigned int *flags, unsigned int n,
    char *out, size_t cap)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	hs_platform_info_t plat;
	char hex[2 * 16 + 1];

	memset(&plat, 0, sizeof(plat));
	hs_populate_platform(&plat);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"gatehouse-hsdb-1", 17);
	crypto_hash_sha256_update(&st, (const unsigned char *)hs_version(), strlen(hs_version()) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)&plat, sizeof(plat));
	for (unsigned int i = 0; i < n; i++) {
		unsigned char f[8] = { (unsigned char)flags[i], (unsigned char)(flags[i] >> 8),
		    (unsigned char)(flags[i] >> 16), (unsigned char)(flags[i] >> 24),
		    (unsigned char)i, (unsigned char)(i >> 8), (unsigned char)(i >> 16), (unsigned char)(i >> 24) };
		crypto_hash_sha256_update(&st, f, sizeof(f));
		crypto_hash_sha256_update(&st, (const unsigned char *)exprs[i], strlen(exprs[i]) + 1);
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(hex), h, 16);
	snprintf(out, cap, "%s-%s.hsdb", name, hex);
}

static hs_database_t *
cache_load(const char *dir, const char *file)
{
	unsigned char sum[crypto_hash_sha256_BYTES];
	hs_database_t *db = NULL;
	unsigned char *bytes = NULL;
	struct stat st;
	size_t off = 0;
	int dfd, fd = -1;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(dfd, &st) != 0 || !trusted(&st))
		goto out;
	if ((fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		goto out;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !trusted(&st) ||
	    st.st_size <= HEADER_LEN || st.st_size > LIMIT_HSDB_BYTES)
		goto out;
	bytes = xmalloc((size_t)st.st_size);
	while (off < (size_t)st.st_size) {
		ssize_t r = read(fd, bytes + off, (size_t)st.st_size - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		off += (size_t)r;
	}
	crypto_hash_sha256(sum, bytes + HEADER_LEN, off - HEADER_LEN);
	if (memcmp(bytes, MAGIC, MAGIC_LEN) != 0 ||
	    sodium_memcmp(sum, bytes + MAGIC_LEN, sizeof(sum)) != 0)
		goto out;
	if (hs_deserialize_database((const char *)bytes + HEADER_LEN, off - HEADER_LEN, &db) != HS_SUCCESS)
		db = NULL;
out:
	free(bytes);
	if (fd >= 0)
		close(fd);
	close(dfd);
	return db;
}

/* Drop the files of earlier pattern sets of the same name. */
static void
cache_prune(const char *dir, const char *name, const char *keep)
{
	size_t nlen = strlen(name);
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > nlen + 6 && strncmp(e->d_name, name, nlen) == 0 && e->d_name[nlen] == '-' &&
		    strcmp(e->d_name + len - 5, ".hsdb") == 0 && strcmp(e->d_name, keep) != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

static void
cache_store(const char *dir, const char *name, const char *file, const hs_database_t *db)
{
	char path[LIMIT_PATH], *ser = NULL;
	unsigned char *bytes;
	size_t len;

	if (!usable(dir))
		return;
	if (hs_serialize_database(db, &ser, &len) != HS_SUCCESS)
		return;
	if (len <= LIMIT_HSDB_BYTES - HEADER_LEN &&
	    snprintf(path, sizeof(path), "%s/%s", dir, file) < (int)sizeof(path)) {
		bytes = xmalloc(HEADER_LEN + len);
		memcpy(bytes, MAGIC, MAGIC_LEN);
		crypto_hash_sha256(bytes + MAGIC_LEN, (const unsigned char *)ser, len);
		memcpy(bytes + HEADER_LEN, ser, len);
		if (util_write_file_private(path, bytes, HEADER_LEN + len) == 0)
			cache_prune(dir, name, file);
		free(bytes);
	}
	free(ser);
}

/*
 * A known-answer test of the engine, once per process, before any database is
 * trusted. Debian 12's Vectorscan 5.4.9 on a CPU with AVX-512 misses a
 * one-byte literal ("@") past the first 64 bytes of a buffer, and a class
 * around one (\S@\S) as well, depending on where the buffer lies in memory
 * (README, "The pattern engine"). A scan that silently misses is worse than
 * none, so such an engine is refused. Each pattern is compiled alone: a
 * database of one literal is where the engine's single-literal search runs.
 * The cost: two small compiles and about 4,700 scans of at most 200 bytes,
 * about 3 ms.
 */
static const char *engine_fault;        /* NULL when the engine passed */
static char engine_fault_buf[256];
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

#define KAT_TEXT        200
#define KAT_BUF         320     /* 64 + KAT_TEXT, a multiple of 64 for aligned_alloc */

/* The end of the first match (SINGLEMATCH: the only one). */
static int
kat_end(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)flags;
	*(unsigned long long *)ctx = to;
	return 0;
}

/* 1 when every match is found where it is, 0 when one is missed or misplaced,
 * -1 when the engine cannot compile or scan at all. */
static int
kat_pattern(const char *expr, const char *needle, char *buf)
{
	static const size_t lens[] = { 65, 129, KAT_TEXT };
	static const size_t aligns[] = { 0, 1, 9, 31, 44, 63 };
	size_t nl = strlen(needle);
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;
	hs_scratch_t *scratch = NULL;
	int ok = 1;

	if (hs_compile(expr, HS_FLAG_SINGLEMATCH, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
		hs_free_compile_error(cerr);
		return -1;
	}
	if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
		hs_free_database(db);
		return -1;
	}
	for (size_t a = 0; ok && a < sizeof(aligns) / sizeof(aligns[0]); a++) {
		char *t = buf + aligns[a];
		for (size_t l = 0; ok && l < sizeof(lens) / sizeof(lens[0]); l++) {
			for (size_t pos = 0; ok && pos + nl <= lens[l]; pos++) {
				unsigned long long end = 0;
				memset(buf, 'x', KAT_BUF);
				memcpy(t + pos, needle, nl);
				if (hs_scan(db, t, (unsigned int)lens[l], 0, scratch, kat_end, &end) != HS_SUCCESS)
					ok = -1;
				else if (end != pos + nl)
					ok = 0;
			}
		}
	}
	hs_free_scratch(scratch);
	hs_free_database(db);
	return ok;
}

static void
engine_check(void)
{
	static const char *const cases[][2] = { { "@", "@" }, { "\\S@\\S", "a@b" } };
	/* 64-byte aligned, so that the offsets above are offsets from a cache line. */
	char *buf = aligned_alloc(64, KAT_BUF);

	if (buf == NULL) {
		engine_fault = "out of memory";
		return;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = kat_pattern(cases[i][0], cases[i][1], buf);
		if (r == 1)
			continue;
		snprintf(engine_fault_buf, sizeof(engine_fault_buf), r == 0 ?
		    "the pattern engine (libhs %.*s) misses matches on this machine (pattern %s); "
		    "install Intel Hyperscan (libhyperscan-dev) or Vectorscan 5.4.13 or later" :
		    "the pattern engine (libhs %.*s) could not compile or scan a test pattern (%s); "
		    "is the library intact, and is memory short?",
		    (int)strcspn(hs_version(), " "), hs_version(), cases[i][0]);
		engine_fault = engine_fault_buf;
		break;
	}
	free(buf);
}

const char *
hsdb_fault(void)
{
	(void)pthread_once(&engine_once, engine_check);
	return engine_fault;
}

const char *
hsdb_why(const char *otherwise)
{
	const char *f = hsdb_fault();

	return f != NULL ? f : otherwise;
}

static int
open_locked(struct hsdb *h, const char *name, const char *const *exprs,
    const unsigned int *flags, unsigned int n)
{
	char dir[LIMIT_PATH], file[96];
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;
	unsigned int *ids;
	bool cached = cache_dir(dir, sizeof(dir)) == 0 && usable(dir);

	/* A user whose HOME is not theirs (a service user, `nobody`): the fallback. */
	if (!cached && fallback_dir[0] != '\0') {
		snprintf(dir, sizeof(dir), "%s", fallback_dir);
		cached = usable(dir);
	}
	if (sodium_init() < 0 || hsdb_fault() != NULL)
		return -1;
	cache_key(name, exprs, flags, n, file, sizeof(file));
	if (cached && (db = cache_load(dir, file)) != NULL) {
		h->from_cache = true;
	} else {
		ids = xcalloc(n, sizeof(*ids));
		for (unsigned int i = 0; i < n; i++)
			ids[i] = i;
		if (hs_compile_multi(exprs, flags, ids, n, HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
			hs_free_compile_error(cerr);
			free(ids);
			return -1;
		}
		free(ids);
		if (cached)
			cache_store(dir, name, file, db);
	}
	if (hs_alloc_scratch(db, &h->prototype) != HS_SUCCESS) {
		hs_free_database(db);
		return -1;
	}
	if (pthread_key_create(&h->key, scratch_free) != 0) {
		hs_free_scratch(h->prototype);
		h->prototype = NULL;
		hs_free_database(db);
		return -1;
	}
	h->db = db;
	return 0;
}

int
hsdb_open(struct hsdb *h, const char *name, const char *const *exprs, const unsigned int *flags,
    unsigned int n)
{
	int rc;

	if (__atomic_load_n(&h->ready, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&h->lock);
	if (!h->tried) {
		h->tried = true;
		if (open_locked(h, name, exprs, flags, n) == 0)
			__atomic_store_n(&h->ready, true, __ATOMIC_RELEASE);
	}
	rc = h->db != NULL ? 0 : -1;
	pthread_mutex_unlock(&h->lock);
	return rc;
}

hs_scratch_t *
hsdb_scratch(struct hsdb *h)
{
	hs_scratch_t *s = pthread_getspecific(h->key);

	if (s != NULL)
		return s;
	if (hs_clone_scratch(h->prototype, &s) != HS_SUCCESS)
		return NULL;
	if (pthread_setspecific(h->key, s) != 0) {
		hs_free_scratch(s);
		return NULL;
	}
	return s;
}

void
hsdb_close(struct hsdb *h)
{
	hs_scratch_t *s;

	if (!hsdb_ready(h))
		return;
	if ((s = pthread_getspecific(h->key)) != NULL) {
		hs_free_scratch(s);
		pthread_setspecific(h->key, NULL);
	}
	pthread_key_delete(h->key);
	hs_free_scratch(h->prototype);
	hs_free_database(h->db);
	h->prototype = NULL;
	h->db = NULL;
	h->ready = false;
	h->tried = false;
}

/*
 * Unit tests for src/util/hsdb.c: a compiled pattern set is cached per user,
 * and a cached file is used only when it is intact, ours and private.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>

#include "util/hsdb.h"
#include "../../support/rm_tree.h"

static const char *const exprs[] = { "hello\\s+world", "ab[0-9]{2,4}cd" };
static const unsigned int flags[] = { HS_FLAG_CASELESS, 0 };
static char dir[64];            /* $XDG_CACHE_HOME/gatehouse */

static int
count(unsigned int id, unsigned long long from, unsigned long long to, unsigned int fl, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)fl;
	(*(int *)ctx)++;
	return 0;
}

/* Open a fresh set (hsdb_open runs once per struct) and check it matches. */
static bool
open_fresh(void)
{
	static const char text[] = "say HELLO  world and ab123cd";
	struct hsdb h = HSDB_INIT;
	int n = 0;

	assert_int_equal(hsdb_open(&h, "t", exprs, flags, 2), 0);
	assert_non_null(h.db);
	assert_int_equal(hs_scan(h.db, text, sizeof(text) - 1, 0, hsdb_scratch(&h), count, &n),
	    HS_SUCCESS);
	assert_int_equal(n, 2);
	bool cached = h.from_cache;
	hsdb_close(&h);
	return cached;
}

/* The one cache file of set "t". */
static void
cache_file(char *out, size_t cap)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (strncmp(e->d_name, "t-", 2) == 0 && len > 5 && strcmp(e->d_name + len - 5, ".hsdb") == 0) {
			snprintf(out, cap, "%s", e->d_name);
			n++;
		}
	}
	closedir(d);
	assert_int_equal(n, 1);                 /* earlier sets' files are pruned */
}

/*
 * The engine passes its known-answer test (hsdb.c, engine_check): a one-byte
 * literal and \S@\S found at every position of buffers of 65 to 200 bytes at
 * six alignments. Debian 12's Vectorscan 5.4.9 on an AVX-512 CPU fails it
 * (run this test with its libhs.so.5 on LD_LIBRARY_PATH to see), and then
 * hsdb_open refuses every pattern set, so no scan runs on an engine that
 * misses matches.
 */
static void
test_engine_known_answers(void **state)
{
	const char *fault;

	(void)state;
	fault = hsdb_fault();
	if (fault != NULL)
		print_error("%s\n", fault);
	assert_null(fault);
	assert_ptr_equal(hsdb_fault(), fault);  /* the test runs once per process */
}

static void
test_compiles_then_loads(void **state)
{
	char file[128], path[256];
	FILE *f;
	long size;

	(void)state;
	assert_false(open_fresh());             /* nothing cached: compiled, and stored */
	assert_true(open_fresh());              /* stored: loaded */
	cache_file(file, sizeof(file));
	snprintf(path, sizeof(path), "%s/%s", dir, file);

	/* A damaged file is not used, and is replaced. */
	f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size - 3, SEEK_SET);
	fputc('X', f);
	fclose(f);
	assert_false(open_fresh());
	assert_true(open_fresh());

	/* A truncated file is not used. */
	assert_int_equal(truncate(path, 20), 0);
	assert_false(open_fresh());
	assert_true(open_fresh());

	/* A file others can write is not trusted. */
	assert_int_equal(chmod(path, 0666), 0);
	assert_false(open_fresh());
	assert_true(open_fresh());              /* rewritten 0600 */

	/* Nor is a directory others can write (then nothing is stored either). */
	assert_int_equal(chmod(dir, 0777), 0);
	assert_false(open_fresh());
	assert_false(open_fresh());
	assert_int_equal(chmod(dir, 0700), 0);
	assert_true(open_fresh());

	/* A symbolic link in place of the file is not followed. */
	{
		char other[300];
		snprintf(other, sizeof(other), "%s.real", path);
		assert_int_equal(rename(path, other), 0);
		assert_int_equal(symlink(other, path), 0);
		assert_false(open_fresh());
	}
}

static void
test_no_cache_dir(void **state)
{
	(void)state;
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	assert_false(open_fresh());
	assert_false(open_fresh());
}

/* A cache directory that is not ours (HOME is root's for `nobody`): the fallback is used. */
static void
test_fallback_dir(void **state)
{
	char fb[300];

	(void)state;
	snprintf(fb, sizeof(fb), "%s.fallback", dir);
	assert_int_equal(chmod(dir, 0777), 0);  /* the user's: writable by others, not ours to trust */
	hsdb_set_fallback_dir(NULL);
	assert_false(open_fresh());
	assert_false(open_fresh());             /* neither loaded nor stored */
	hsdb_set_fallback_dir(fb);
	assert_false(open_fresh());             /* compiled, stored in the fallback */
	assert_true(open_fresh());              /* loaded from it */
	hsdb_set_fallback_dir(NULL);
	assert_int_equal(chmod(dir, 0700), 0);
	rm_tree(fb);
}

int
main(void)
{
	char base[] = "/tmp/gh-hsdb-XXXXXX";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_known_answers),
		cmocka_unit_test(test_compiles_then_loads),
		cmocka_unit_test(test_fallback_dir),
		cmocka_unit_test(test_no_cache_dir),
	};
	int rc;

	assert_non_null(mkdtemp(base));
	setenv("XDG_CACHE_HOME", base, 1);
	snprintf(dir, sizeof(dir), "%s/gatehouse", base);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	chmod(dir, 0700);
	rm_tree(base);
	return rc;
}

/*
 * Unit tests for src/store/store.c against a real SQLite database in a
 * temporary state directory: modes, tokens (hashes only, duplicates, revoke),
 * another connection's change seen through data_version, and call records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

struct fixture {
	char dir[64];
	char state[96];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/gh-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[256];

	/* Only files this test made, in its own temporary directory. */
	snprintf(cmd, sizeof(cmd), "%s/state/gatehouse.db", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/state/gatehouse.db-wal", f->dir);
	unlink(cmd);
	snprintf(cmd, sizeof(cmd), "%s/state/gatehouse.db-shm", f->dir);
	unlink(cmd);
	rmdir(f->state);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
test_modes_and_schema(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[256], db[128];
	struct stat sb;

	assert_int_equal(store_open(f->state, &st, err, sizeof(err)), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_LATEST);
	assert_int_equal(stat(f->state, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(db, sizeof(db), "%s/%s", f->state, STORE_DB_NAME);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
}

struct listed {
	int  n;
	bool saw_tools;
};

static void
count_token(const struct token_info *t, void *arg)
{
	struct listed *l = arg;

	l->n++;
	if (t->tools_json && strcmp(t->tools_json, "[\"a__*\"]") == 0)
		l->saw_tools = true;
}

static void
test_tokens(void **state)
{
	struct fixture *f = *state;
	struct store *st, *cli;
	char err[256];
	uint8_t h1[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES];
	struct token_set set = { 0 };
	int64_t v1, v2;
	struct listed l = { 0 };

	memset(h1, 1, sizeof(h1));
	memset(h2, 2, sizeof(h2));
	assert_int_equal(store_open(f->state, &st, err, sizeof(err)), 0);
	assert_int_equal(store_open(f->state, &cli, err, sizeof(err)), 0);    /* the CLI, another connection */
	assert_int_equal(store_token_count(st), 0);
	assert_int_equal(store_data_version(st, &v1), 0);

	assert_int_equal(store_token_add(cli, "one", h1, 0, NULL), STORE_OK);
	assert_int_equal(store_token_add(cli, "one", h2, 0, NULL), STORE_EXISTS);
	assert_int_equal(store_token_add(cli, "two", h2, 1700000000, "[\"a__*\"]"), STORE_OK);
	assert_int_equal(store_data_version(st, &v2), 0);
	assert_true(v2 != v1);                                              /* the gateway notices */

	assert_int_equal(store_token_load(st, &set), 0);
	assert_int_equal(set.n, 2);
	for (size_t i = 0; i < set.n; i++) {
		if (strcmp(set.items[i].name, "one") == 0) {
			assert_memory_equal(set.items[i].hash, h1, TOKEN_HASH_BYTES);
			assert_int_equal(set.items[i].expires, 0);
			assert_null(set.items[i].tools_json);
		} else {
			assert_memory_equal(set.items[i].hash, h2, TOKEN_HASH_BYTES);
			assert_int_equal(set.items[i].expires, 1700000000);
			assert_string_equal(set.items[i].tools_json, "[\"a__*\"]");
		}
	}
	assert_int_equal(store_token_list(st, count_token, &l), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.saw_tools);

	assert_int_equal(store_token_revoke(cli, "one"), STORE_OK);
	assert_int_equal(store_token_revoke(cli, "one"), STORE_NOT_FOUND);
	assert_int_equal(store_token_load(st, &set), 0);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.items[0].name, "two");
	auth_token_set_free(&set);
	store_close(cli);
	store_close(st);
}

static int
count_rows(void *arg, int n, char **vals, char **cols)
{
	(void)n;
	(void)cols;
	*(long *)arg = strtol(vals[0], NULL, 10);
	return 0;
}

static void
test_records(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[256], db[128];
	sqlite3 *raw;
	long rows = -1;

	assert_int_equal(store_open(f->state, &st, err, sizeof(err)), 0);
	for (int i = 0; i < 10; i++) {
		struct store_record r = { .ts_ms = 1000 + i, .token = "t", .session = "s", .server = "a",
		    .method = "tools/call", .target = i % 2 ? NULL : "a__echo", .outcome = "ok", .duration_ms = i };
		store_record_add(st, &r);
	}
	assert_int_equal(store_record_flush(st), 0);
	assert_int_equal(store_record_flush(st), 0);                     /* nothing twice */
	snprintf(db, sizeof(db), "%s/%s", f->state, STORE_DB_NAME);
	assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "SELECT count(*) FROM records", count_rows, &rows, NULL), SQLITE_OK);
	assert_int_equal(rows, 10);
	assert_int_equal(sqlite3_exec(raw, "SELECT count(*) FROM records WHERE target IS NULL", count_rows, &rows, NULL), SQLITE_OK);
	assert_int_equal(rows, 5);
	sqlite3_close(raw);
	store_close(st);
}

static void
test_open_failure_names_the_directory(void **state)
{
	struct store *st = NULL;
	char err[256] = "";

	(void)state;
	assert_int_not_equal(store_open("/proc/self/gatehouse-cannot-be-here", &st, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "/proc/self/gatehouse-cannot-be-here"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_modes_and_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records, setup, teardown),
		cmocka_unit_test(test_open_failure_names_the_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

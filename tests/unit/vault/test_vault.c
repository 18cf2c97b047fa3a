/*
 * Unit tests for src/vault/vault.c: sealed values, their binding to names,
 * the key's sources and its file checks.
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
#include <sodium.h>
#include <sqlite3.h>

#include "store/store.h"
#include "vault/vault.h"
#include "../../support/rm_tree.h"

static char base[] = "/tmp/gh-vault-XXXXXX";
static char state[128];

static struct store *
open_st(void)
{
	struct store *st;
	char err[256];

	assert_int_equal(store_open(state, &st, err, sizeof(err)), 0);
	return st;
}

static void
sql(const char *stmt)
{
	char path[200], *msg = NULL;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", state, STORE_DB_NAME);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, stmt, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", stmt, msg);
	sqlite3_close(db);
}

/* Flip one bit of a sealed value in the database, as an attacker with the file would. */
static void
flip(const char *name)
{
	char path[200];
	unsigned char buf[256];
	sqlite3 *db;
	sqlite3_stmt *q;
	int n;

	snprintf(path, sizeof(path), "%s/%s", state, STORE_DB_NAME);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT sealed FROM secrets WHERE name = ?1", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_bytes(q, 0);
	assert_true(n > 0 && n <= (int)sizeof(buf));
	memcpy(buf, sqlite3_column_blob(q, 0), (size_t)n);
	sqlite3_finalize(q);
	buf[n / 2] ^= 1;
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE secrets SET sealed = ?2 WHERE name = ?1", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, buf, n, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void
test_names(void **s)
{
	(void)s;
	assert_true(vault_name_valid("openai"));
	assert_true(vault_name_valid("gh.token-2_x"));
	assert_false(vault_name_valid(""));
	assert_false(vault_name_valid("a b"));
	assert_false(vault_name_valid("a/b"));
	assert_false(vault_name_valid("x\n"));
	char long_name[VAULT_NAME_MAX + 2];
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_false(vault_name_valid(long_name));
}

static void
test_round_trip_and_binding(void **s)
{
	struct store *st = open_st();
	struct vault *v;
	char err[512], *val;

	(void)s;
	/* No key yet and not asked to create one: a clear error. */
	assert_int_not_equal(vault_open(st, state, false, &v, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "gatehouse secret set"));
	assert_int_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_int_equal(vault_set(v, "one", "first-value", 11, err, sizeof(err)), 0);
	assert_int_equal(vault_set(v, "two", "second", 6, err, sizeof(err)), 0);
	assert_non_null(val = vault_get(v, "one", err, sizeof(err)));
	assert_string_equal(val, "first-value");
	vault_value_free(val);
	/* Overwrite keeps one row. */
	assert_int_equal(vault_set(v, "one", "again", 5, err, sizeof(err)), 0);
	assert_non_null(val = vault_get(v, "one", err, sizeof(err)));
	assert_string_equal(val, "again");
	vault_value_free(val);
	assert_null(vault_get(v, "three", err, sizeof(err)));
	assert_non_null(strstr(err, "no secret \"three\""));
	/* Empty and oversized values are refused. */
	assert_int_not_equal(vault_set(v, "e", "", 0, err, sizeof(err)), 0);
	/* A value with a NUL cannot go into an env var or a header. */
	assert_int_equal(vault_set(v, "nul", "a\0b", 3, err, sizeof(err)), 0);
	assert_null(vault_get(v, "nul", err, sizeof(err)));
	vault_close(v);
	store_close(st);

	/* A sealed value moved to another name does not open (the name is bound). */
	sql("UPDATE secrets SET nonce = (SELECT nonce FROM secrets WHERE name = 'one'),"
	    " sealed = (SELECT sealed FROM secrets WHERE name = 'one') WHERE name = 'two'");
	st = open_st();
	assert_int_equal(vault_open(st, state, false, &v, err, sizeof(err)), 0);
	assert_null(vault_get(v, "two", err, sizeof(err)));
	assert_non_null(strstr(err, "does not open"));
	assert_non_null(val = vault_get(v, "one", err, sizeof(err)));
	vault_value_free(val);
	vault_close(v);
	store_close(st);

	/* One flipped bit of the sealed value: refused. */
	flip("one");
	st = open_st();
	assert_int_equal(vault_open(st, state, false, &v, err, sizeof(err)), 0);
	assert_null(vault_get(v, "one", err, sizeof(err)));
	vault_close(v);
	store_close(st);
}

static void
write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_key_sources(void **s)
{
	struct store *st = open_st();
	struct vault *v;
	char err[512], keyfile[200], creds[200], credfile[260], *val;
	unsigned char raw[32];

	(void)s;
	/* A key that others can read: refused, naming the chmod. */
	snprintf(keyfile, sizeof(keyfile), "%s/env.key", base);
	write_file(keyfile, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", 65, 0644);
	setenv(VAULT_KEY_ENV, keyfile, 1);
	assert_int_not_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "chmod 600"));
	/* Private: used, and a value sealed under it opens only under it. */
	assert_int_equal(chmod(keyfile, 0600), 0);
	assert_int_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_string_equal(vault_key_source(v), keyfile);
	assert_int_equal(vault_set(v, "envkey", "under-env-key", 13, err, sizeof(err)), 0);
	vault_close(v);
	/* Not hex: refused. */
	write_file(keyfile, "not a key\n", 10, 0600);
	assert_int_not_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "64 hexadecimal"));
	/* 32 raw bytes are a key too; a different key cannot open the value. */
	randombytes_buf(raw, sizeof(raw));
	write_file(keyfile, raw, sizeof(raw), 0600);
	assert_int_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_null(vault_get(v, "envkey", err, sizeof(err)));
	vault_close(v);
	unsetenv(VAULT_KEY_ENV);

	/* systemd's credential directory comes before the state directory. */
	snprintf(creds, sizeof(creds), "%s/creds", base);
	assert_int_equal(mkdir(creds, 0700), 0);
	snprintf(credfile, sizeof(credfile), "%s/%s", creds, VAULT_CREDENTIAL);
	write_file(credfile, raw, sizeof(raw), 0400);
	setenv("CREDENTIALS_DIRECTORY", creds, 1);
	assert_int_equal(vault_open(st, state, true, &v, err, sizeof(err)), 0);
	assert_string_equal(vault_key_source(v), credfile);
	assert_null(vault_get(v, "envkey", err, sizeof(err)));     /* sealed under another key */
	assert_int_equal(vault_set(v, "cred", "under-credential", 16, err, sizeof(err)), 0);
	assert_non_null(val = vault_get(v, "cred", err, sizeof(err)));
	assert_string_equal(val, "under-credential");
	vault_value_free(val);
	vault_close(v);
	unsetenv("CREDENTIALS_DIRECTORY");
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_round_trip_and_binding),
		cmocka_unit_test(test_key_sources),
	};
	int rc;

	assert_true(sodium_init() >= 0);
	unsetenv(VAULT_KEY_ENV);
	unsetenv("CREDENTIALS_DIRECTORY");
	assert_non_null(mkdtemp(base));
	snprintf(state, sizeof(state), "%s/state", base);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rm_tree(base);
	return rc;
}

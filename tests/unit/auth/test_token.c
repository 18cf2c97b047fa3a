/*
 * Unit tests for src/auth/token.c: token format, hashing, Bearer parsing,
 * matching with expiry, names and durations (DESIGN.md section 5, check 3).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_generate_format_and_unique(void **state)
{
	enum { COUNT = 1000 };
	char (*toks)[TOKEN_TEXT_LEN + 1] = calloc(COUNT, sizeof(*toks));
	uint8_t h[TOKEN_HASH_BYTES];

	(void)state;
	assert_non_null(toks);
	assert_int_equal(TOKEN_TEXT_LEN, 47);
	for (int i = 0; i < COUNT; i++) {
		memset(toks[i], 'X', sizeof(toks[i]));
		auth_token_generate(toks[i]);
		if (strlen(toks[i]) != TOKEN_TEXT_LEN || strncmp(toks[i], "gth_", 4) != 0)
			fail_msg("token %d has the wrong shape: \"%s\"", i, toks[i]);
		for (int k = 4; k < TOKEN_TEXT_LEN; k++)
			if (!is_b64url(toks[i][k]))
				fail_msg("token %d has a non-base64url character at %d: \"%s\"", i, k, toks[i]);
		if (auth_token_hash(toks[i], strlen(toks[i]), h) != 0)
			fail_msg("a generated token is refused by auth_token_hash: \"%s\"", toks[i]);
	}
	qsort(toks, COUNT, sizeof(*toks), cmp_str);
	for (int i = 1; i < COUNT; i++)
		if (strcmp(toks[i - 1], toks[i]) == 0)
			fail_msg("duplicate token generated: %s", toks[i]);
	free(toks);
}

/* Across many tokens every one of the 64 base64url characters shows up: the
 * text really encodes fresh random bytes, not a narrow or fixed pattern. */
static void
test_generate_spread(void **state)
{
	bool seen[256] = { false };
	int distinct = 0;
	char t[TOKEN_TEXT_LEN + 1];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		auth_token_generate(t);
		for (int k = 4; k < TOKEN_TEXT_LEN; k++)
			if (!seen[(unsigned char)t[k]]) {
				seen[(unsigned char)t[k]] = true;
				distinct++;
			}
	}
	assert_int_equal(distinct, 64);
}

static const char good[] = "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";   /* 4 + 43 */

static void
test_hash_shape_table(void **state)
{
	static const struct {
		const char *text;
		size_t      len;         /* 0: strlen */
		int         rc;
	} cases[] = {
		{ good,                                                  0, 0 },
		{ "gth_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",     0, 0 },
		{ "gth_0123456789-_0123456789-_0123456789-_0123456",     0, 0 },
		{ "",                                                    0, -1 },
		{ "gth_",                                                0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",      0, -1 },  /* 42 */
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",    0, -1 },  /* 44 */
		{ "GTH_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     0, -1 },
		{ "ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     0, -1 },
		{ "gth-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     0, -1 },
		{ "xgth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAA",     0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",    0, -1 },
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3\xa9", 0, -1 }, /* 43 bytes, not chars */
		{ "gth_AAAAAAAAAAAAAAAAAAAAA\0AAAAAAAAAAAAAAAAAAAAA",    47, -1 },
		{ "Bearer gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0, -1 },
		/* Only `len` bytes count. */
		{ "gth_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAtrailing", 47, 0 },
		{ good,                                                  46, -1 },
		{ good,                                                  3, -1 },
	};
	uint8_t h[TOKEN_HASH_BYTES];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		int rc = auth_token_hash(cases[i].text, len, h);
		if (rc != cases[i].rc) {
			print_error("auth_token_hash case %zu \"%s\" len %zu: expected %d, got %d\n", i,
			    cases[i].text, len, cases[i].rc, rc);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void
test_hash_deterministic(void **state)
{
	char a[TOKEN_TEXT_LEN + 1], b[TOKEN_TEXT_LEN + 1];
	uint8_t ha[TOKEN_HASH_BYTES], ha2[TOKEN_HASH_BYTES], hb[TOKEN_HASH_BYTES];
	uint8_t zero[TOKEN_HASH_BYTES] = { 0 };

	(void)state;
	auth_token_generate(a);
	memcpy(b, a, sizeof(b));
	b[TOKEN_TEXT_LEN - 1] = b[TOKEN_TEXT_LEN - 1] == 'A' ? 'B' : 'A';   /* one character differs */
	assert_int_equal(auth_token_hash(a, TOKEN_TEXT_LEN, ha), 0);
	assert_int_equal(auth_token_hash(a, TOKEN_TEXT_LEN, ha2), 0);
	assert_int_equal(auth_token_hash(b, TOKEN_TEXT_LEN, hb), 0);
	assert_memory_equal(ha, ha2, TOKEN_HASH_BYTES);
	assert_memory_not_equal(ha, hb, TOKEN_HASH_BYTES);
	assert_memory_not_equal(ha, zero, TOKEN_HASH_BYTES);
	/* The hash is not the token text. */
	assert_memory_not_equal(ha, a, TOKEN_HASH_BYTES);
	assert_memory_not_equal(ha, a + 4, TOKEN_HASH_BYTES);
	/* Case matters: base64url is case-sensitive. */
	memcpy(b, good, sizeof(good));
	b[10] = 'a';
	assert_int_equal(auth_token_hash(good, TOKEN_TEXT_LEN, ha), 0);
	assert_int_equal(auth_token_hash(b, TOKEN_TEXT_LEN, hb), 0);
	assert_memory_not_equal(ha, hb, TOKEN_HASH_BYTES);
}

static void
test_bearer_table(void **state)
{
	static const struct {
		const char *header;
		const char *token;       /* NULL: refused */
	} cases[] = {
		{ "Bearer x",               "x" },
		{ "bearer x",               "x" },
		{ "BEARER x",               "x" },
		{ "BeArEr x",               "x" },
		{ "Bearer  x",              "x" },
		{ "Bearer      x",          "x" },
		{ "Bearer x ",              "x" },
		{ "Bearer x\t",             "x" },
		{ "Bearer gth_abc-_XYZ",    "gth_abc-_XYZ" },
		{ "Basic x",                NULL },
		{ "Basic Z3RoOmFiYw==",     NULL },
		{ "Bearer",                 NULL },
		{ "Bearer ",                NULL },
		{ "Bearer   ",              NULL },
		{ "Bearer a b",             NULL },
		{ "Bearer a  b",            NULL },
		{ "Bearerx",                NULL },
		{ "Bearerx y",              NULL },
		{ "Token x",                NULL },
		{ " Bearer x",              NULL },
		{ "",                       NULL },
		{ "x",                      NULL },
		{ NULL,                     NULL },
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *tok = NULL;
		size_t len = 0;
		int rc = auth_bearer_parse(cases[i].header, &tok, &len);
		bool ok = cases[i].token
		    ? rc == 0 && tok != NULL && len == strlen(cases[i].token) &&
		      memcmp(tok, cases[i].token, len) == 0
		    : rc == -1;
		if (!ok) {
			print_error("auth_bearer_parse case %zu \"%s\": expected %s%s%s, got rc %d token \"%.*s\"\n",
			    i, cases[i].header ? cases[i].header : "(null)", cases[i].token ? "\"" : "refusal",
			    cases[i].token ? cases[i].token : "", cases[i].token ? "\"" : "", rc,
			    rc == 0 && tok ? (int)len : 0, rc == 0 && tok ? tok : "");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Build a set of n fresh tokens; texts are returned for presenting them. */
static void
make_set(struct token_set *set, size_t n, char (*texts)[TOKEN_TEXT_LEN + 1], const int64_t *expires)
{
	set->items = calloc(n ? n : 1, sizeof(*set->items));
	set->n = n;
	assert_non_null(set->items);
	for (size_t i = 0; i < n; i++) {
		auth_token_generate(texts[i]);
		snprintf(set->items[i].name, sizeof(set->items[i].name), "tok%zu", i);
		assert_int_equal(auth_token_hash(texts[i], TOKEN_TEXT_LEN, set->items[i].hash), 0);
		set->items[i].expires = expires ? expires[i] : 0;
		set->items[i].tools_json = (i % 3 == 0) ? strdup("[\"a*\"]") : NULL;
	}
}

static void
test_match_sets(void **state)
{
	char (*texts)[TOKEN_TEXT_LEN + 1] = calloc(100, sizeof(*texts));
	char other[TOKEN_TEXT_LEN + 1];
	uint8_t h[TOKEN_HASH_BYTES];

	(void)state;
	assert_non_null(texts);
	for (size_t n = 1; n <= 100; n++) {
		struct token_set set;
		make_set(&set, n, texts, NULL);
		for (size_t i = 0; i < n; i++) {
			long got;
			assert_int_equal(auth_token_hash(texts[i], TOKEN_TEXT_LEN, h), 0);
			got = auth_token_match(&set, h, 1700000000);
			if (got != (long)i)
				fail_msg("set of %zu: token %zu matched index %ld", n, i, got);
		}
		auth_token_generate(other);
		assert_int_equal(auth_token_hash(other, TOKEN_TEXT_LEN, h), 0);
		if (auth_token_match(&set, h, 1700000000) != -1)
			fail_msg("set of %zu: an unknown token matched", n);
		auth_token_set_free(&set);
		assert_null(set.items);
		assert_int_equal(set.n, 0);
	}
	free(texts);

	/* The empty set matches nothing. */
	struct token_set empty = { NULL, 0 };
	memset(h, 0, sizeof(h));
	assert_int_equal(auth_token_match(&empty, h, 0), -1);
	auth_token_set_free(&empty);
}

static void
test_match_expiry_table(void **state)
{
	static const struct {
		int64_t expires;
		int64_t now;
		bool    live;
	} cases[] = {
		{ 0,              1700000000, true },      /* never expires */
		{ 0,              INT64_MAX,  true },
		{ 1700000001,     1700000000, true },
		{ 1700000000,     1700000000, false },     /* expires <= now */
		{ 1699999999,     1700000000, false },
		{ 1,              1700000000, false },
		{ INT64_MAX,      1700000000, true },
		{ -1,             1700000000, false },
	};
	char texts[3][TOKEN_TEXT_LEN + 1];
	uint8_t h[TOKEN_HASH_BYTES];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct token_set set;
		/* The token under test sits between two live ones. */
		int64_t exp[3] = { 0, cases[i].expires, 0 };
		long got;
		make_set(&set, 3, texts, exp);
		assert_int_equal(auth_token_hash(texts[1], TOKEN_TEXT_LEN, h), 0);
		got = auth_token_match(&set, h, cases[i].now);
		if (got != (cases[i].live ? 1 : -1)) {
			print_error("expiry case %zu: expires %lld now %lld: expected %s, got %ld\n", i,
			    (long long)cases[i].expires, (long long)cases[i].now,
			    cases[i].live ? "index 1" : "-1", got);
			failures++;
		}
		/* Neighbours are unaffected. */
		assert_int_equal(auth_token_hash(texts[2], TOKEN_TEXT_LEN, h), 0);
		assert_int_equal(auth_token_match(&set, h, cases[i].now), 2);
		auth_token_set_free(&set);
	}
	assert_int_equal(failures, 0);
}

static void
test_name_table(void **state)
{
	static const struct {
		const char *name;
		bool        valid;
	} cases[] = {
		{ "default",        true },
		{ "a",              true },
		{ "A.b_c-d9",       true },
		{ "ci-2026.01",     true },
		{ "",               false },
		{ NULL,             false },
		{ "a b",            false },
		{ "a/b",            false },
		{ "a\\b",           false },
		{ "a:b",            false },
		{ "a\nb",           false },
		{ "\xc3\xa9t\xc3\xa9", false },
		{ "a=b",            false },
		{ "\"a\"",          false },
	};
	char longname[LIMIT_TOKEN_NAME + 2];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (auth_name_valid(cases[i].name) != cases[i].valid) {
			print_error("auth_name_valid case %zu \"%s\": expected %s\n", i,
			    cases[i].name ? cases[i].name : "(null)", cases[i].valid ? "valid" : "invalid");
			failures++;
		}
	memset(longname, 'n', sizeof(longname));
	longname[LIMIT_TOKEN_NAME] = '\0';
	assert_true(auth_name_valid(longname));          /* 64 */
	longname[LIMIT_TOKEN_NAME] = 'n';
	longname[LIMIT_TOKEN_NAME + 1] = '\0';
	assert_false(auth_name_valid(longname));         /* 65 */
	assert_int_equal(failures, 0);
}

static void
test_duration_table(void **state)
{
	static const struct {
		const char *in;
		int64_t     seconds;     /* -1: refused */
	} cases[] = {
		{ "30d",            30 * 86400 },
		{ "12h",            12 * 3600 },
		{ "90m",            90 * 60 },
		{ "1w",             604800 },
		{ "10s",            10 },
		{ "1s",             1 },
		{ "0001d",          86400 },
		{ "36500d",         36500LL * 86400 },     /* 100 years is the ceiling */
		{ "5214w",          5214LL * 604800 },
		{ "",               -1 },
		{ NULL,             -1 },
		{ "d",              -1 },
		{ "1",              -1 },
		{ "10",             -1 },
		{ "0d",             -1 },
		{ "0s",             -1 },
		{ "-1d",            -1 },
		{ "+1d",            -1 },
		{ "1y",             -1 },
		{ "1D",             -1 },
		{ "1 d",            -1 },
		{ " 1d",            -1 },
		{ "1d ",            -1 },
		{ "1.5h",           -1 },
		{ "1e3s",           -1 },
		{ "0x10s",          -1 },
		{ "1dd",            -1 },
		{ "1h30m",          -1 },
		{ "36501d",         -1 },
		{ "5218w",          -1 },
		{ "99999999999d",   -1 },
		{ "99999999999s",   -1 },
		{ "9999999999999999999999s", -1 },
		{ "18446744073709551617s",   -1 },   /* 2^64 + 1: no wrap to 1 */
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int64_t got = auth_duration_parse(cases[i].in);
		if (got != cases[i].seconds) {
			print_error("auth_duration_parse case %zu \"%s\": expected %lld, got %lld\n", i,
			    cases[i].in ? cases[i].in : "(null)", (long long)cases[i].seconds, (long long)got);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_format_and_unique),
		cmocka_unit_test(test_generate_spread),
		cmocka_unit_test(test_hash_shape_table),
		cmocka_unit_test(test_hash_deterministic),
		cmocka_unit_test(test_bearer_table),
		cmocka_unit_test(test_match_sets),
		cmocka_unit_test(test_match_expiry_table),
		cmocka_unit_test(test_name_table),
		cmocka_unit_test(test_duration_table),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

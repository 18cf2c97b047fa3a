/* Unit tests for src/util/util.c: integer parsing (Content-Length, durations,
 * limits) and UTF-8 cleaning of text that quotes a peer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_parse_int(void **state)
{
	static const struct { const char *s; long long min, max; int rc; long long v; } cases[] = {
		{ "0", 0, 100, 0, 0 },
		{ "42", 0, 100, 0, 42 },
		{ "100", 0, 100, 0, 100 },
		{ "101", 0, 100, -1, 0 },
		{ "-1", 0, 100, -1, 0 },
		{ "-5", -10, 10, 0, -5 },
		{ "9223372036854775807", 0, INT64_MAX, 0, INT64_MAX },
		{ "9223372036854775808", 0, INT64_MAX, -1, 0 },     /* overflow */
		{ "99999999999999999999999", 0, INT64_MAX, -1, 0 },
		{ "", 0, 100, -1, 0 },
		{ " 12", 0, 100, -1, 0 },
		{ "+12", 0, 100, -1, 0 },
		{ "12 ", 0, 100, -1, 0 },
		{ "1e3", 0, 10000, -1, 0 },
		{ "0x10", 0, 100, -1, 0 },
		{ "-", -10, 10, -1, 0 },
		{ "--1", -10, 10, -1, 0 },
		{ "12abc", 0, 100, -1, 0 },
		{ "007", 0, 100, 0, 7 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		long long v = 0;
		int rc = util_parse_int(cases[i].s, cases[i].min, cases[i].max, &v);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_int_equal(v, cases[i].v);
	}
	long long v;
	assert_int_equal(util_parse_int(NULL, 0, 1, &v), -1);
}

static void
test_utf8_clean(void **state)
{
	char out[8];

	(void)state;
	assert_string_equal(util_utf8_clean("abc", out, sizeof(out)), "abc");
	assert_string_equal(util_utf8_clean("a\xff" "b", out, sizeof(out)), "a?b");
	/* A character that does not fit is left out whole, never cut. */
	assert_string_equal(util_utf8_clean("abcdef\xc3\xa9", out, sizeof(out)), "abcdef");
	assert_string_equal(util_utf8_clean("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", out, sizeof(out)), "\xe2\x82\xac\xe2\x82\xac");
	assert_string_equal(util_utf8_clean("\xc0\xaf", out, sizeof(out)), "??");   /* overlong */
	assert_string_equal(util_utf8_clean("", out, sizeof(out)), "");
	assert_string_equal(util_utf8_clean("abc", out, 1), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_utf8_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

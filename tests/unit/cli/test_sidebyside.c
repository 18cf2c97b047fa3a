/* Unit tests for src/cli/sidebyside.c: the columns of `gatehouse tools diff`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/sidebyside.h"

static char *
render(const char *l, const char *r, int width, size_t *diff)
{
	struct strbuf sb = { 0 };

	*diff = sbs_render(l, r, "approved", "waiting", width, &sb);
	return sb.buf;
}

static void
test_equal(void **state)
{
	size_t d;
	char *s = render("{\n  \"a\": 1\n}", "{\n  \"a\": 1\n}", 40, &d);

	(void)state;
	assert_int_equal(d, 0);
	/* col = (40 - 3) / 2 = 18 */
	assert_string_equal(s,
	    "approved             waiting\n"
	    "---------------------------------------\n"
	    "{                    {\n"
	    "  \"a\": 1               \"a\": 1\n"
	    "}                    }\n");
	free(s);
}

static void
test_changed_added_removed(void **state)
{
	size_t d;
	char *s = render("one\ntwo\nthree\nfour", "one\nTWO\nthree\nfour\nfive", 40, &d);

	(void)state;
	assert_int_equal(d, 2);
	assert_non_null(strstr(s, "two                | TWO\n"));
	assert_non_null(strstr(s, "                   > five\n"));
	assert_non_null(strstr(s, "three                three\n"));
	free(s);
	s = render("a\nb\nc", "a\nc", 40, &d);
	assert_int_equal(d, 1);
	assert_non_null(strstr(s, "b                  < \n"));
	free(s);
}

static void
test_wraps_long_lines(void **state)
{
	size_t d;
	char *s = render("x", "0123456789012345678901234567890123456789", 40, &d);

	(void)state;
	assert_int_equal(d, 1);
	/* The right line wraps into rows of 18 inside its column, each marked. */
	assert_non_null(strstr(s, "x                  | 012345678901234567\n"));
	assert_non_null(strstr(s, "                   | 890123456789012345\n"));
	assert_non_null(strstr(s, "                   | 6789\n"));
	free(s);
}

static void
test_one_side_missing(void **state)
{
	size_t d;
	char *s = render(NULL, "new\ntool", 40, &d);

	(void)state;
	assert_int_equal(d, 2);
	assert_non_null(strstr(s, "                   > new\n"));
	assert_non_null(strstr(s, "                   > tool\n"));
	free(s);
}

/* Past SBS_MAX_LINES lines are compared no more, but nothing is lost. */
static void
test_long_texts(void **state)
{
	struct strbuf l = { 0 }, r = { 0 };
	size_t d;
	char *s;

	(void)state;
	for (int i = 0; i < SBS_MAX_LINES + 10; i++) {
		strbuf_printf(&l, "line %d\n", i);
		strbuf_printf(&r, "line %d\n", i == 5 ? -5 : i);
	}
	s = render(l.buf, r.buf, 60, &d);
	assert_true(d >= 1);
	assert_non_null(strstr(s, "line 5"));
	assert_non_null(strstr(s, "line -5"));
	assert_non_null(strstr(s, "line 2009"));
	free(s);
	free(l.buf);
	free(r.buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_changed_added_removed),
		cmocka_unit_test(test_wraps_long_lines),
		cmocka_unit_test(test_one_side_missing),
		cmocka_unit_test(test_long_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

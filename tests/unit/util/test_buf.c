/* Unit tests for src/util/buf.c: the bounded buffer and the line framer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"

static void
test_bounded(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_size(&b), 0);
	assert_string_equal(buf_bytes(&b), "");
	assert_int_equal(buf_append(&b, "hello", 5), 0);
	assert_int_equal(buf_append(&b, "world", 5), 0);
	assert_int_equal(buf_size(&b), 10);
	assert_string_equal(buf_bytes(&b), "helloworld");
	assert_int_equal(buf_append(&b, "!", 1), -1);           /* over the max: refused whole */
	assert_int_equal(buf_size(&b), 10);
	assert_true(b.cap <= 11);
	buf_consume(&b, 4);
	assert_string_equal(buf_bytes(&b), "oworld");
	assert_int_equal(buf_append(&b, "1234", 4), 0);         /* consumed bytes make room */
	assert_string_equal(buf_bytes(&b), "oworld1234");
	assert_int_equal(buf_append(&b, "5", 1), -1);
	buf_consume(&b, buf_size(&b));
	assert_int_equal(buf_size(&b), 0);
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.max, 10);
}

static void
test_huge_append_refused(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_append(&b, "x", 1), 0);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), -1);    /* no overflow of the sum */
	assert_int_equal(buf_size(&b), 1);
	buf_free(&b);
}

struct got {
	char   lines[16][64];
	size_t n;
	int    overflows;
	size_t stop_after;
};

static int
on_line(void *arg, const char *line, size_t len)
{
	struct got *g = arg;

	assert_true(len < sizeof(g->lines[0]));
	memcpy(g->lines[g->n], line, len);
	g->lines[g->n][len] = '\0';
	g->n++;
	return g->stop_after && g->n >= g->stop_after;
}

static void
on_overflow(void *arg)
{
	((struct got *)arg)->overflows++;
}

static void
test_lines_skip(void **state)
{
	struct lines l;
	struct got g = { .n = 0 };
	const char *in = "one\ntw";

	(void)state;
	lines_init(&l, 8, LINES_SKIP);
	assert_int_equal(lines_feed(&l, in, strlen(in), on_line, on_overflow, &g), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.lines[0], "one");
	assert_int_equal(lines_feed(&l, "o\n\nthis-is-too-long", 19, on_line, on_overflow, &g), 0);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.lines[1], "two");
	assert_string_equal(g.lines[2], "");
	assert_int_equal(g.overflows, 1);
	assert_int_equal(lines_feed(&l, "-still\nok\n", 10, on_line, on_overflow, &g), 0);
	assert_int_equal(g.n, 4);                             /* the long line was skipped whole */
	assert_string_equal(g.lines[3], "ok");
	assert_int_equal(g.overflows, 1);
	lines_free(&l);
}

static void
test_lines_split(void **state)
{
	struct lines l;
	struct got g = { .n = 0 };

	(void)state;
	lines_init(&l, 4, LINES_SPLIT);
	assert_int_equal(lines_feed(&l, "abcdefghij\nxy\n", 14, on_line, NULL, &g), 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.lines[0], "abcd");
	assert_string_equal(g.lines[1], "efgh");
	assert_string_equal(g.lines[2], "ij");
	assert_string_equal(g.lines[3], "xy");
	lines_free(&l);
}

static void
test_lines_stop(void **state)
{
	struct lines l;
	struct got g = { .n = 0, .stop_after = 2 };

	(void)state;
	lines_init(&l, 16, LINES_SKIP);
	assert_int_equal(lines_feed(&l, "a\nb\nc\n", 6, on_line, NULL, &g), 1);
	assert_int_equal(g.n, 2);
	lines_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_huge_append_refused),
		cmocka_unit_test(test_lines_skip),
		cmocka_unit_test(test_lines_split),
		cmocka_unit_test(test_lines_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

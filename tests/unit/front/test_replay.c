/*
 * Unit tests for src/front/replay.c: the bounded replay buffer of a resumable
 * SSE stream, and the event ids that name their stream.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "front/replay.h"

/* What replay_since emitted, joined. */
struct got {
	char   text[1024];
	size_t len;
	int    n;
};

static void
collect(void *ctx, const char *bytes, size_t len)
{
	struct got *g = ctx;

	assert_true(g->len + len < sizeof(g->text));
	memcpy(g->text + g->len, bytes, len);
	g->len += len;
	g->text[g->len] = '\0';
	g->n++;
}

static void
add(struct replay *r, const char *s)
{
	replay_add(r, s, strlen(s));
}

static void
test_replays_what_follows_the_id(void **state)
{
	struct replay r;
	struct got g = { 0 };

	(void)state;
	replay_init(&r, 8, 1024);
	assert_int_equal(replay_next_seq(&r), 1);
	add(&r, "a");
	add(&r, "b");
	add(&r, "c");
	/* From the priming event (0): everything. */
	assert_int_equal(replay_since(&r, 0, collect, &g), REPLAY_OK);
	assert_string_equal(g.text, "abc");
	/* After the second event: only the third. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(replay_since(&r, 2, collect, &g), REPLAY_OK);
	assert_string_equal(g.text, "c");
	/* After the last: nothing, and that is fine. */
	memset(&g, 0, sizeof(g));
	assert_int_equal(replay_since(&r, 3, collect, &g), REPLAY_OK);
	assert_int_equal(g.n, 0);
	/* An event the stream never sent. */
	assert_int_equal(replay_since(&r, 4, collect, &g), REPLAY_UNKNOWN);
	assert_int_equal(g.n, 0);
	replay_free(&r);
}

/* Past the event cap the oldest go, and a resumption from before them is refused. */
static void
test_event_cap_refuses_a_gap(void **state)
{
	struct replay r;
	struct got g = { 0 };

	(void)state;
	replay_init(&r, 2, 1024);
	add(&r, "1");
	add(&r, "2");
	add(&r, "3");          /* drops "1" */
	assert_int_equal(r.nevents, 2);
	assert_int_equal(replay_since(&r, 0, collect, &g), REPLAY_LOST);
	assert_int_equal(g.n, 0);         /* nothing at all, rather than a silent gap */
	assert_int_equal(replay_since(&r, 1, collect, &g), REPLAY_OK);
	assert_string_equal(g.text, "23");
	replay_free(&r);
}

/* The byte cap bounds what is held; an event larger than the cap is never kept. */
static void
test_byte_cap(void **state)
{
	struct replay r;
	struct got g = { 0 };

	(void)state;
	replay_init(&r, 100, 10);
	add(&r, "aaaa");
	add(&r, "bbbb");
	add(&r, "cccc");       /* 12 bytes: "aaaa" goes */
	assert_true(r.nbytes <= 10);
	assert_int_equal(replay_since(&r, 0, collect, &g), REPLAY_LOST);
	assert_int_equal(replay_since(&r, 1, collect, &g), REPLAY_OK);
	assert_string_equal(g.text, "bbbbcccc");
	add(&r, "0123456789x");         /* 11 bytes: too large to keep, and everything before it is gone */
	assert_int_equal(r.nevents, 0);
	assert_int_equal(r.nbytes, 0);
	assert_int_equal(replay_since(&r, 3, collect, &g), REPLAY_LOST);
	memset(&g, 0, sizeof(g));
	assert_int_equal(replay_since(&r, 4, collect, &g), REPLAY_OK);
	assert_int_equal(g.n, 0);
	add(&r, "dd");
	assert_int_equal(replay_since(&r, 4, collect, &g), REPLAY_OK);
	assert_string_equal(g.text, "dd");
	replay_free(&r);
}

static void
test_ids_round_trip(void **state)
{
	char id[REPLAY_ID_MAX];
	uint64_t a, b;

	(void)state;
	assert_int_equal(replay_format_id(id, sizeof(id), 7, 0), 3);
	assert_string_equal(id, "7-0");
	assert_int_equal(replay_parse_id(id, &a, &b), 0);
	assert_int_equal(a, 7);
	assert_int_equal(b, 0);
	replay_format_id(id, sizeof(id), UINT64_MAX, UINT64_MAX);
	assert_string_equal(id, "18446744073709551615-18446744073709551615");
	assert_int_equal(replay_parse_id(id, &a, &b), 0);
	assert_true(a == UINT64_MAX && b == UINT64_MAX);
}

/* Anything but "<digits>-<digits>" is refused. */
static void
test_ids_refused(void **state)
{
	static const char *bad[] = {
		"", "-", "1-", "-1", "1", "1-2-3", " 1-2", "1-2 ", "+1-2", "1-+2", "a-1", "1-b",
		"18446744073709551616-1",                /* overflows */
		"1-99999999999999999999",
		"1-000000000000000000001",               /* 21 digits */
		"1_2", "1-2\n",
	};
	uint64_t a, b;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(replay_parse_id(bad[i], &a, &b), -1);
	assert_int_equal(replay_parse_id(NULL, &a, &b), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replays_what_follows_the_id),
		cmocka_unit_test(test_event_cap_refuses_a_gap),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_ids_round_trip),
		cmocka_unit_test(test_ids_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/front/peers.c: the per-address memory behind the 429 rule
 * and the per-address connection cap (DESIGN.md section 5, check 2).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "front/peers.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct addr
A(const char *s)
{
	struct addr a;

	if (addr_parse(s, strlen(s), &a) != 0)
		fail_msg("test setup: cannot parse address \"%s\"", s);
	return a;
}

/* The i-th of many distinct addresses: IPv4 10.x.y.z, or IPv6 2001:db8::i. */
static struct addr
nth(uint32_t i, bool v6)
{
	struct addr a;
	char buf[64];

	if (v6)
		snprintf(buf, sizeof(buf), "2001:db8:%x:%x::1", (i >> 16) & 0xffff, i & 0xffff);
	else
		snprintf(buf, sizeof(buf), "10.%u.%u.%u", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
	a = A(buf);
	return a;
}

static int
setup(void **state)
{
	*state = peers_new();
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	peers_free(*state);
	return 0;
}

/* The window rule, as a table: failures at given times, then the question "is the
 * address blocked at `at`", with the expected wait. */
#define MAXF 24
static const struct {
	const char *name;
	int64_t     limit;
	int64_t     fails[MAXF];     /* failure times; terminated by -1 */
	int64_t     at;
	int64_t     wait;            /* expected peers_auth_blocked result */
} window_cases[] = {
	{ "no failures",                    10, { -1 },                              1000, 0 },
	{ "one below the limit",            3,  { 1000, 1001, -1 },                  1002, 0 },
	{ "at the limit",                   3,  { 1000, 1001, 1002, -1 },            1002, 60000 - 2 },
	{ "at the limit, later",            3,  { 1000, 1001, 1002, -1 },            31000, 30000 },
	{ "last ms of the window",          3,  { 1000, 1001, 1002, -1 },            60999, 1 },
	{ "window passed",                  3,  { 1000, 1001, 1002, -1 },            61000, 0 },
	{ "long after",                     3,  { 1000, 1001, 1002, -1 },            10000000, 0 },
	{ "limit 1",                        1,  { 5, -1 },                           5, 60000 },
	{ "over the limit",                 2,  { 0, 1, 2, 3, 4, -1 },               10, 59990 },
	{ "new window after expiry",        3,  { 0, 1, 2, 60000, -1 },              60001, 0 },
	{ "new window fills again",         3,  { 0, 1, 2, 60000, 60001, 60002, -1 }, 60003, 59997 },
	{ "default limit 10",               10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, -1 },   9, 0 },
	{ "default limit 10 reached",       10, { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1 }, 9, 59991 },
};

static void
test_auth_window_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(window_cases); i++) {
		struct peers *p = peers_new();
		struct addr a = A("198.51.100.7");
		int64_t got;
		for (size_t k = 0; k < MAXF && window_cases[i].fails[k] >= 0; k++)
			peers_auth_failed(p, &a, window_cases[i].fails[k]);
		got = peers_auth_blocked(p, &a, window_cases[i].at, window_cases[i].limit);
		if (got != window_cases[i].wait || got < 0 || got > PEERS_WINDOW_MS) {
			print_error("window case %zu (%s): limit %lld at %lld: expected wait %lld, got %lld\n",
			    i, window_cases[i].name, (long long)window_cases[i].limit,
			    (long long)window_cases[i].at, (long long)window_cases[i].wait, (long long)got);
			failures++;
		}
		peers_free(p);
	}
	assert_int_equal(failures, 0);
}

/* After N failures the address is blocked, the wait is positive and at most a
 * minute at every instant until it reaches 0, and it never grows. */
static void
test_auth_wait_monotone(void **state)
{
	struct peers *p = *state;
	struct addr a = A("203.0.113.9");
	int64_t prev = PEERS_WINDOW_MS + 1, w;

	for (int i = 0; i < 10; i++) {
		assert_int_equal(peers_auth_blocked(p, &a, 100000 + i, 10), 0);
		peers_auth_failed(p, &a, 100000 + i);
	}
	for (int64_t t = 100009; t < 100000 + PEERS_WINDOW_MS; t += 997) {
		w = peers_auth_blocked(p, &a, t, 10);
		if (w <= 0 || w > PEERS_WINDOW_MS || w > prev)
			fail_msg("at %lld: wait %lld (previous %lld)", (long long)t, (long long)w,
			    (long long)prev);
		prev = w;
	}
	assert_int_equal(peers_auth_blocked(p, &a, 100000 + PEERS_WINDOW_MS, 10), 0);
}

/* One address's failures never block another, including its neighbours. */
static void
test_auth_independent(void **state)
{
	struct peers *p = *state;
	struct addr bad = A("198.51.100.7"), next = A("198.51.100.8");
	struct addr v6 = A("2001:db8::1"), v6b = A("2001:db8::2"), mapped = A("::ffff:198.51.100.7");

	for (int i = 0; i < 5; i++)
		peers_auth_failed(p, &bad, 1000);
	assert_true(peers_auth_blocked(p, &bad, 1000, 5) > 0);
	/* The v4-mapped spelling is the same address. */
	assert_true(peers_auth_blocked(p, &mapped, 1000, 5) > 0);
	assert_int_equal(peers_auth_blocked(p, &next, 1000, 5), 0);
	assert_int_equal(peers_auth_blocked(p, &v6, 1000, 5), 0);
	for (int i = 0; i < 5; i++)
		peers_auth_failed(p, &v6, 1000);
	assert_true(peers_auth_blocked(p, &v6, 1000, 5) > 0);
	/* peers tracks exact keys; grouping a /64 is addr_limit_key's job. */
	assert_int_equal(peers_auth_blocked(p, &v6b, 1000, 5), 0);
	/* A higher limit for the same history is not blocked. */
	assert_int_equal(peers_auth_blocked(p, &bad, 1000, 6), 0);
	/* A unix peer is one more key. */
	struct addr u = { .family = AF_UNIX };
	assert_int_equal(peers_auth_blocked(p, &u, 1000, 1), 0);
	peers_auth_failed(p, &u, 1000);
	assert_true(peers_auth_blocked(p, &u, 1000, 1) > 0);
	assert_int_equal(peers_count(p), 3);
}

static void
test_conn_caps(void **state)
{
	struct peers *p = *state;
	struct addr a = A("198.51.100.7"), b = A("198.51.100.8");

	assert_true(peers_conn_allowed(p, &a, 3));
	for (int i = 0; i < 3; i++) {
		assert_true(peers_conn_allowed(p, &a, 3));
		assert_true(peers_conn_open(p, &a, 3));
	}
	assert_false(peers_conn_allowed(p, &a, 3));
	assert_false(peers_conn_open(p, &a, 3));
	assert_false(peers_conn_open(p, &a, 3));    /* a refusal counts nothing */
	assert_true(peers_conn_allowed(p, &a, 4));
	assert_true(peers_conn_open(p, &b, 3));     /* others are not affected */
	peers_conn_close(p, &a);
	assert_true(peers_conn_allowed(p, &a, 3));
	assert_true(peers_conn_open(p, &a, 3));
	assert_false(peers_conn_open(p, &a, 3));
	/* allowed() counts nothing. */
	for (int i = 0; i < 100; i++)
		assert_true(peers_conn_allowed(p, &b, 2));
	assert_true(peers_conn_open(p, &b, 2));
	assert_false(peers_conn_open(p, &b, 2));

	/* Closing more than was opened does not underflow into a free pass. */
	for (int i = 0; i < 10; i++)
		peers_conn_close(p, &a);
	for (int i = 0; i < 3; i++)
		assert_true(peers_conn_open(p, &a, 3));
	assert_false(peers_conn_open(p, &a, 3));

	/* Closing an unknown address is harmless and creates nothing. */
	size_t before = peers_count(p);
	struct addr c = A("192.0.2.1");
	peers_conn_close(p, &c);
	assert_int_equal(peers_count(p), before);
	assert_true(peers_conn_allowed(p, &c, 1));
	assert_int_equal(peers_count(p), before);
}

static void
test_sweep(void **state)
{
	struct peers *p = *state;
	struct addr failed = A("198.51.100.1"), open = A("198.51.100.2"), both = A("198.51.100.3");
	struct addr late = A("198.51.100.4");

	peers_auth_failed(p, &failed, 0);
	assert_true(peers_conn_open(p, &open, 10));
	peers_auth_failed(p, &both, 0);
	assert_true(peers_conn_open(p, &both, 10));
	peers_auth_failed(p, &late, 30000);
	assert_int_equal(peers_count(p), 4);

	/* Nothing has expired yet. */
	peers_sweep(p, 1000);
	assert_int_equal(peers_count(p), 4);

	/* `failed`'s window is over; `open` and `both` hold connections; `late` is live. */
	peers_sweep(p, PEERS_WINDOW_MS);
	assert_int_equal(peers_count(p), 3);
	assert_int_equal(peers_auth_blocked(p, &late, PEERS_WINDOW_MS, 1), 30000);

	peers_conn_close(p, &both);
	peers_sweep(p, PEERS_WINDOW_MS);
	assert_int_equal(peers_count(p), 2);

	peers_sweep(p, 30000 + PEERS_WINDOW_MS);
	assert_int_equal(peers_count(p), 1);        /* `open` still has its connection */
	peers_conn_close(p, &open);
	peers_sweep(p, 30000 + PEERS_WINDOW_MS);
	assert_int_equal(peers_count(p), 0);
}

/*
 * Sweeping half of a well-filled table must keep every other entry findable
 * (deletion from an open-addressing table is where probe chains break).
 */
static void
test_sweep_keeps_chains(void **state)
{
	struct peers *p = *state;
	const uint32_t n = LIMIT_TRACKED_ADDRESSES;
	uint32_t lost = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct addr a = nth(i, i % 3 == 0);
		if (i % 2 == 0)
			assert_true(peers_conn_open(p, &a, 1));
		else
			peers_auth_failed(p, &a, (int64_t)(i % 7) * 1000);
	}
	assert_int_equal(peers_count(p), n);
	/* The failure windows of odd entries started at 0..6 s: at 63 s, those of 0..2 s are over. */
	peers_sweep(p, 63000);
	for (uint32_t i = 0; i < n; i++) {
		struct addr a = nth(i, i % 3 == 0);
		if (i % 2 == 0) {
			/* still tracked with its one connection */
			if (peers_conn_allowed(p, &a, 1))
				lost++;
		} else if (i % 7 >= 4) {
			if (peers_auth_blocked(p, &a, 63000, 1) == 0)
				lost++;
		}
	}
	if (lost)
		fail_msg("%u live entries were lost by peers_sweep", lost);
	size_t expect = 0;
	for (uint32_t i = 0; i < n; i++)
		if (i % 2 == 0 || i % 7 >= 4)
			expect++;
	assert_int_equal(peers_count(p), expect);
}

/* An attacker spread over more addresses than we track: the table stays bounded,
 * nothing crashes, tracked entries keep working, and after their windows pass
 * everything can be forgotten. */
static void
test_many_addresses(void **state)
{
	struct peers *p = *state;
	const uint32_t n = 20000;
	struct addr first = nth(0, false), extra;

	for (uint32_t i = 0; i < n; i++) {
		struct addr a = nth(i, i % 2 == 1);
		peers_auth_failed(p, &a, 1000);
		assert_true(peers_count(p) <= LIMIT_TRACKED_ADDRESSES);
	}
	assert_int_equal(peers_count(p), LIMIT_TRACKED_ADDRESSES);
	/* Tracked entries still count. */
	for (int i = 0; i < 4; i++)
		peers_auth_failed(p, &first, 1000);
	assert_true(peers_auth_blocked(p, &first, 1000, 5) > 0);
	/* Connections from untracked addresses are not refused (availability). */
	extra = nth(n + 1, false);
	assert_true(peers_conn_open(p, &extra, 1));
	assert_int_equal(peers_count(p), LIMIT_TRACKED_ADDRESSES);

	peers_sweep(p, 1000 + PEERS_WINDOW_MS);
	assert_int_equal(peers_count(p), 0);
	/* And the table is usable again. */
	for (int i = 0; i < 5; i++)
		peers_auth_failed(p, &extra, 2000000);
	assert_true(peers_auth_blocked(p, &extra, 2000000, 5) > 0);
	assert_int_equal(peers_count(p), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_window_table),
		cmocka_unit_test_setup_teardown(test_auth_wait_monotone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conn_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep_keeps_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_addresses, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

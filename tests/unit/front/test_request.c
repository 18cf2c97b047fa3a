/*
 * Unit tests for src/front/request.c: header collection and the pure judgements
 * the front makes on them. The X-Forwarded-For cases include the review's
 * pre-auth memory corruption (issue 7, finding 1): a short first header and a
 * second one of LIMIT_XFF_BYTES or more.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "front/request.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *
repeat(const char *unit, size_t total)
{
	size_t u = strlen(unit);
	char *s = malloc(total + 1);

	for (size_t i = 0; i < total; i++)
		s[i] = unit[i % u];
	s[total] = '\0';
	return s;
}

/* The header block that guard pages would catch: canaries on both sides. */
struct guarded {
	uint64_t           before[8];
	struct req_headers h;
	uint64_t           after[8];
};

static void
check_canaries(const struct guarded *g)
{
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(g->before[i], 0x5a5a5a5a5a5a5a5aULL);
		assert_int_equal(g->after[i], 0xa5a5a5a5a5a5a5a5ULL);
	}
}

static void
guarded_init(struct guarded *g)
{
	for (size_t i = 0; i < 8; i++) {
		g->before[i] = 0x5a5a5a5a5a5a5a5aULL;
		g->after[i] = 0xa5a5a5a5a5a5a5a5ULL;
	}
	request_headers_init(&g->h);
}

static void
test_xff_joined_in_order(void **state)
{
	struct guarded g;
	size_t len;
	const char *xff;

	(void)state;
	guarded_init(&g);
	assert_null(request_xff(&g.h, &len));
	request_header_add(&g.h, "X-Forwarded-For", "203.0.113.1, 10.0.0.1");
	request_header_add(&g.h, "x-forwarded-for", "10.0.0.2");
	xff = request_xff(&g.h, &len);
	assert_non_null(xff);
	assert_string_equal(xff, "203.0.113.1, 10.0.0.1,10.0.0.2");
	assert_int_equal(len, strlen(xff));
	assert_int_equal(g.h.nxff, 2);
	check_canaries(&g);
}

/* The reproduced attack: L > 0, then a header of 2048+ bytes. */
static void
test_xff_short_then_huge(void **state)
{
	static const size_t firsts[] = { 1, 7, 100, LIMIT_XFF_BYTES - 1, LIMIT_XFF_BYTES };
	static const size_t seconds[] = { LIMIT_XFF_BYTES - 8, LIMIT_XFF_BYTES - 1, LIMIT_XFF_BYTES,
	    LIMIT_XFF_BYTES + 1, 3000, 8000 };

	(void)state;
	for (size_t i = 0; i < N(firsts); i++)
		for (size_t j = 0; j < N(seconds); j++) {
			struct guarded g;
			char *a = repeat("1.2.3.4,", firsts[i]), *b = repeat("5.6.7.8,", seconds[j]);
			size_t len;
			const char *xff;
			guarded_init(&g);
			request_header_add(&g.h, "X-Forwarded-For", a);
			request_header_add(&g.h, "X-Forwarded-For", b);
			check_canaries(&g);
			xff = request_xff(&g.h, &len);
			if (firsts[i] + 1 + seconds[j] > LIMIT_XFF_BYTES) {
				/* Too long to hold: unusable, the peer will be the client. */
				assert_null(xff);
				assert_true(g.h.xff_overflow);
			} else {
				assert_non_null(xff);
				assert_int_equal(len, firsts[i] + 1 + seconds[j]);
			}
			assert_true(g.h.xff_len <= LIMIT_XFF_BYTES);
			free(a);
			free(b);
		}
}

/* Once unusable, always unusable: a later short header does not revive it. */
static void
test_xff_overflow_sticks(void **state)
{
	struct guarded g;
	char *big = repeat("9", LIMIT_XFF_BYTES + 1);
	size_t len;

	(void)state;
	guarded_init(&g);
	request_header_add(&g.h, "X-Forwarded-For", big);
	request_header_add(&g.h, "X-Forwarded-For", "203.0.113.9");
	assert_null(request_xff(&g.h, &len));
	assert_int_equal(len, 0);
	/* Many headers of every size stay in bounds. */
	for (size_t n = 0; n < 5000; n += 37) {
		char *v = repeat("a,", n);
		request_header_add(&g.h, "X-Forwarded-For", v);
		free(v);
	}
	check_canaries(&g);
	free(big);
}

static void
test_xff_exact_fit(void **state)
{
	struct guarded g;
	char *a = repeat("1", 1000), *b = repeat("2", LIMIT_XFF_BYTES - 1001);
	size_t len;

	(void)state;
	guarded_init(&g);
	request_header_add(&g.h, "X-Forwarded-For", a);
	request_header_add(&g.h, "X-Forwarded-For", b);
	assert_non_null(request_xff(&g.h, &len));
	assert_int_equal(len, LIMIT_XFF_BYTES);
	assert_int_equal(g.h.xff[LIMIT_XFF_BYTES], '\0');
	request_header_add(&g.h, "X-Forwarded-For", "");
	assert_null(request_xff(&g.h, &len));
	check_canaries(&g);
	free(a);
	free(b);
}

/* Duplicates are counted so the front can refuse them. */
static void
test_duplicates_counted(void **state)
{
	struct req_headers h;

	(void)state;
	request_headers_init(&h);
	request_header_add(&h, "Host", "evil.example");
	request_header_add(&h, "HOST", "127.0.0.1");
	request_header_add(&h, "Origin", "http://127.0.0.1");
	request_header_add(&h, "origin", "http://evil.example");
	request_header_add(&h, "Authorization", "Bearer a");
	request_header_add(&h, "authorization", "Bearer b");
	request_header_add(&h, "Mcp-Session-Id", "x");
	request_header_add(&h, "mcp-session-id", "y");
	request_header_add(&h, "X-Real-IP", "127.0.0.1");
	request_header_add(&h, "X-Auth-Bypass", "1");
	request_header_add(&h, NULL, "ignored");
	request_header_add(&h, "Accept", NULL);
	assert_int_equal(h.nhost, 2);
	assert_int_equal(h.norigin, 2);
	assert_int_equal(h.nauthorization, 2);
	assert_int_equal(h.nsession_id, 2);
	assert_string_equal(h.accept, "");
	assert_int_equal(h.nxff, 0);
}

static void
test_query_credentials(void **state)
{
	static const struct { const char *key, *value; bool credential; } cases[] = {
		{ "token", "x", true }, { "ACCESS_TOKEN", "x", true }, { "api_key", NULL, true },
		{ "apikey", "", true }, { "key", "1", true }, { "bearer", "1", true },
		{ "auth", "1", true }, { "authorization", "1", true },
		{ "q", "gth_abc", true }, { "gth_abc", NULL, true },
		{ "page", "2", false }, { "tokenize", "yes", false }, { "q", NULL, false },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct req_headers h;
		request_headers_init(&h);
		request_query_add(&h, cases[i].key, cases[i].value);
		assert_int_equal(h.url_credentials, cases[i].credential);
	}
}

static void
test_accept(void **state)
{
	static const struct { const char *accept; bool both, sse; } cases[] = {
		{ "application/json, text/event-stream", true, true },
		{ "text/event-stream,application/json", true, true },
		{ "application/json;q=0.9, text/event-stream;q=0.8", true, true },
		{ "*/*", true, true },
		{ "application/*, text/*", true, true },
		{ "application/json", false, false },
		{ "text/event-stream", false, true },
		{ "text/event-streamx, application/json", false, false },
		{ "APPLICATION/JSON, TEXT/EVENT-STREAM", true, true },
		{ "", false, false },
		{ NULL, false, false },
		{ " , ,, ;", false, false },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		assert_int_equal(request_accepts_json_and_sse(cases[i].accept), cases[i].both);
		assert_int_equal(request_accepts_sse(cases[i].accept), cases[i].sse);
	}
}

static void
test_content_type(void **state)
{
	(void)state;
	assert_true(request_content_is_json("application/json"));
	assert_true(request_content_is_json("application/json; charset=utf-8"));
	assert_true(request_content_is_json("Application/JSON"));
	assert_false(request_content_is_json("application/jsonx"));
	assert_false(request_content_is_json("text/plain"));
	assert_false(request_content_is_json(""));
	assert_false(request_content_is_json(NULL));
}

static void
test_session_id_shape(void **state)
{
	char long_id[100];

	(void)state;
	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	assert_true(request_session_id_wellformed("abcDEF123_-", 80));
	assert_false(request_session_id_wellformed("", 80));
	assert_false(request_session_id_wellformed("a b", 80));
	assert_false(request_session_id_wellformed("a\x7f", 80));
	assert_false(request_session_id_wellformed("\xc3\xa9", 80));
	assert_false(request_session_id_wellformed(long_id, 80));
	long_id[80] = '\0';          /* 80 characters do not fit 80 bytes with the NUL */
	assert_false(request_session_id_wellformed(long_id, 80));
	long_id[79] = '\0';
	assert_true(request_session_id_wellformed(long_id, 80));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xff_joined_in_order),
		cmocka_unit_test(test_xff_short_then_huge),
		cmocka_unit_test(test_xff_overflow_sticks),
		cmocka_unit_test(test_xff_exact_fit),
		cmocka_unit_test(test_duplicates_counted),
		cmocka_unit_test(test_query_credentials),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_session_id_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/front/stream.c: a stream the router still holds when the
 * front (and its stream set) is freed can be released later without touching the
 * freed set (found by `make asan`: a reply held for its record was delivered
 * after the front had stopped).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "front/stream.h"

static void
resumed(struct stream_waker *w)
{
	(void)w;
}

static void
test_release_after_the_set_is_gone(void **state)
{
	struct stream_waker w = { resumed };
	struct stream_set *set = calloc(1, sizeof(*set));
	struct http_stream *a, *b;

	(void)state;
	assert_non_null(set);
	a = http_stream_new(set, &w, NULL, false);
	b = http_stream_new(set, &w, NULL, true);
	/* The router holds both (a reply waiting for its record, a standalone stream). */
	mcp_stream_ref(http_stream_mcp(a));
	mcp_stream_ref(http_stream_mcp(b));
	/* The front lets go of its own references and is freed. */
	http_stream_detach(a);
	http_stream_detach(b);
	mcp_stream_unref(http_stream_mcp(a));
	mcp_stream_unref(http_stream_mcp(b));
	http_stream_forget_all(set);
	assert_null(set->head);
	free(set);
	/* The router releases them later: nothing of the set is touched (ASan). */
	mcp_stream_unref(http_stream_mcp(b));
	mcp_stream_unref(http_stream_mcp(a));
}

/* While the set lives, releasing a stream unlinks it. */
static void
test_release_unlinks(void **state)
{
	struct stream_waker w = { resumed };
	struct stream_set set = { 0 };
	struct http_stream *a = http_stream_new(&set, &w, NULL, false);
	struct http_stream *b = http_stream_new(&set, &w, NULL, false);

	(void)state;
	assert_ptr_equal(set.head, b);
	http_stream_detach(b);
	mcp_stream_unref(http_stream_mcp(b));
	assert_ptr_equal(set.head, a);
	http_stream_detach(a);
	mcp_stream_unref(http_stream_mcp(a));
	assert_null(set.head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_after_the_set_is_gone),
		cmocka_unit_test(test_release_unlinks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

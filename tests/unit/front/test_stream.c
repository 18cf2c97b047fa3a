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
#include "limits.h"

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

/* What the router does when a request is answered (router.c stream_end). */
static void
router_ends(struct mcp_stream *s)
{
	s->ended = true;
	s->ops->end(s);
}

/*
 * A batch ends when it was sealed and every member ended: one answered by the
 * router, one refused in its place, one the router never stored (released
 * without an end). Each member holds the batch until it is released.
 */
static void
test_batch_ends_with_its_last_member(void **state)
{
	struct stream_waker w = { resumed };
	struct stream_set set = { 0 };
	struct http_stream *hs = http_stream_new(&set, &w, NULL, false);
	struct mcp_stream *batch = http_stream_mcp(hs), *m1, *m2, *m3;
	json_t *id = json_integer(7);

	(void)state;
	http_stream_make_batch(hs);
	m1 = http_stream_batch_member(hs);
	m2 = http_stream_batch_member(hs);
	m3 = http_stream_batch_member(hs);
	assert_non_null(m1);
	assert_non_null(m2);
	assert_non_null(m3);
	assert_int_equal(batch->refs, 4);
	router_ends(m1);
	http_stream_batch_refused(m2, id);
	assert_true(m2->ended);
	assert_false(batch->ended);
	mcp_stream_unref(m3);           /* never stored: counts as ended */
	assert_false(batch->ended);     /* not sealed yet */
	http_stream_batch_sealed(hs);
	assert_true(batch->ended);
	assert_null(http_stream_batch_member(hs));     /* sealed: no more members */
	mcp_stream_unref(m1);
	mcp_stream_unref(m2);
	assert_int_equal(batch->refs, 1);
	json_decref(id);
	http_stream_detach(hs);
	mcp_stream_unref(batch);
	assert_null(set.head);
}

/* No more than LIMIT_BATCH_MESSAGES members; a stream that is not a batch has none. */
static void
test_batch_member_cap(void **state)
{
	struct stream_waker w = { resumed };
	struct stream_set set = { 0 };
	struct http_stream *hs = http_stream_new(&set, &w, NULL, false);
	struct mcp_stream *m[LIMIT_BATCH_MESSAGES];

	(void)state;
	assert_null(http_stream_batch_member(hs));
	http_stream_make_batch(hs);
	for (size_t i = 0; i < LIMIT_BATCH_MESSAGES; i++)
		assert_non_null(m[i] = http_stream_batch_member(hs));
	assert_null(http_stream_batch_member(hs));
	for (size_t i = 0; i < LIMIT_BATCH_MESSAGES; i++)
		mcp_stream_unref(m[i]);
	http_stream_batch_sealed(hs);
	assert_true(http_stream_mcp(hs)->ended);
	http_stream_detach(hs);
	mcp_stream_unref(http_stream_mcp(hs));
	assert_null(set.head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_after_the_set_is_gone),
		cmocka_unit_test(test_release_unlinks),
		cmocka_unit_test(test_batch_ends_with_its_last_member),
		cmocka_unit_test(test_batch_member_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/mcp/sse.c, the text/event-stream parser behind remote MCP
 * servers. Every table row is fed whole, split in two at every offset, and one
 * byte at a time; all three must give the same events, because the network may
 * cut a stream anywhere.
 *
 * Events are written as `<type>data|` with newlines in data shown as "\n" (and
 * CR, NUL as "\r", "\0"), a truncated type as `<type...>`, and an oversize event
 * as `<type>!|`.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp/sse.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct collect {
	char   out[4096];
	size_t len;
	int    stop_after;              /* stop after this many events; 0 = never */
	int    events;
};

static void
put(struct collect *c, const char *s, size_t n)
{
	if (c->len + n >= sizeof(c->out))
		fail_msg("test output too long");
	memcpy(c->out + c->len, s, n);
	c->len += n;
	c->out[c->len] = '\0';
}

static int
on_event(void *arg, const struct sse_event *ev)
{
	struct collect *c = arg;

	assert_int_equal(strlen(ev->type), ev->type_len);
	put(c, "<", 1);
	put(c, ev->type, ev->type_len);
	if (ev->type_truncated)
		put(c, "...", 3);
	put(c, ">", 1);
	if (ev->oversize) {
		assert_null(ev->data);
		put(c, "!", 1);
	} else {
		assert_non_null(ev->data);
		for (size_t i = 0; i < ev->data_len; i++) {
			if (ev->data[i] == '\n')
				put(c, "\\n", 2);
			else if (ev->data[i] == '\r')
				put(c, "\\r", 2);
			else if (ev->data[i] == '\0')
				put(c, "\\0", 2);
			else
				put(c, &ev->data[i], 1);
		}
	}
	put(c, "|", 1);
	c->events++;
	if (c->stop_after > 0 && c->events >= c->stop_after)
		return 7;
	return 0;
}

static const struct {
	const char *name;
	const char *in;
	size_t      len;                /* 0: strlen(in) */
	size_t      max;
	const char *events;
} cases[] = {
	{ "one event, LF", "data: {\"a\":1}\n\n", 0, 100, "<>{\"a\":1}|" },
	{ "one event, CRLF", "data: x\r\n\r\n", 0, 100, "<>x|" },
	{ "one event, CR", "data: x\r\r", 0, 100, "<>x|" },
	{ "mixed endings", "data: a\r\ndata: b\rdata: c\n\r\n", 0, 100, "<>a\\nb\\nc|" },
	{ "CR CR LF is two lines", "data: a\r\r\ndata: b\n\n", 0, 100, "<>a|<>b|" },
	{ "no space after colon", "data:x\n\n", 0, 100, "<>x|" },
	{ "only one space is removed", "data:  x \n\n", 0, 100, "<> x |" },
	{ "multi-line data", "data: a\ndata: b\ndata: c\n\n", 0, 100, "<>a\\nb\\nc|" },
	{ "empty data line", "data:\n\n", 0, 100, "<>|" },
	{ "bare data field", "data\n\n", 0, 100, "<>|" },
	{ "empty lines between data", "data\ndata\n\n", 0, 100, "<>\\n|" },
	{ "two events", "data: 1\n\ndata: 2\n\n", 0, 100, "<>1|<>2|" },
	{ "no data, no event", "event: message\nid: 4\n\n", 0, 100, "" },
	{ "id only (priming)", "id: abc\ndata\n\n", 0, 100, "<>|" },
	{ "comment ignored", ": ping\n\n: hi\ndata: x\n: inside\n\n", 0, 100, "<>x|" },
	{ "event type", "event: message\ndata: x\n\n", 0, 100, "<message>x|" },
	{ "event type no space", "event:endpoint\ndata: /m\n\n", 0, 100, "<endpoint>/m|" },
	{ "later event field wins", "event: a\nevent: b\ndata: x\n\n", 0, 100, "<b>x|" },
	{ "type resets per event", "event: a\ndata: 1\n\ndata: 2\n\n", 0, 100, "<a>1|<>2|" },
	{ "type of a dropped event resets", "event: a\n\ndata: 2\n\n", 0, 100, "<>2|" },
	{ "bare event field", "event\ndata: x\n\n", 0, 100, "<>x|" },
	{ "long type is truncated",
	  "event: 0123456789012345678901234567890123456789012345678901234567890123456789\ndata: x\n\n",
	  0, 100, "<0123456789012345678901234567890123456789012345678901234567890123...>x|" },
	{ "unknown fields ignored", "retry: 1000\nfoo: bar\ndatax: y\ndat: z\ndata: x\n\n", 0, 100, "<>x|" },
	{ "long unknown field name", "dataaaaaaaaaaaaaaaaaaaaaaaaaaaa: y\ndata: x\n\n", 0, 100, "<>x|" },
	{ "field names are case-sensitive", "Data: y\nDATA: z\ndata: x\n\n", 0, 100, "<>x|" },
	{ "colon in value kept", "data: a: b:c\n\n", 0, 100, "<>a: b:c|" },
	{ "unterminated event dropped", "data: x\n", 0, 100, "" },
	{ "unterminated line dropped", "data: x\n\ndata: y", 0, 100, "<>x|" },
	{ "leading BOM skipped", "\xEF\xBB\xBF" "data: x\n\n", 0, 100, "<>x|" },
	{ "BOM before a comment", "\xEF\xBB\xBF: c\ndata: x\n\n", 0, 100, "<>x|" },
	{ "second BOM is content", "\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\ndata: y\n\n", 0, 100, "<>y|" },
	{ "partial BOM is content", "\xEF\xBBx\n\ndata: y\n\n", 0, 100, "<>y|" },
	{ "BOM not at start is data", "data: \xEF\xBB\xBF\n\n", 0, 100, "<>\xEF\xBB\xBF|" },
	{ "NUL bytes pass through", "data: a\0b\n\n", 11, 100, "<>a\\0b|" },
	{ "blank lines only", "\n\n\r\n\r\r", 0, 100, "" },
	{ "empty input", "", 0, 100, "" },
	/* Caps: max counts the data as delivered, newlines between lines included. */
	{ "data exactly at cap", "data: 12345\n\n", 0, 5, "<>12345|" },
	{ "data one over cap", "data: 123456\n\n", 0, 5, "<>!|" },
	{ "joined data at cap", "data: 12\ndata: 3\ndata:\n\n", 0, 5, "<>12\\n3\\n|" },
	{ "joined data over cap", "data: 12\ndata: 345\n\n", 0, 5, "<>!|" },
	{ "empty line over cap", "data: 12345\ndata:\n\n", 0, 5, "<>!|" },
	{ "oversize then normal", "data: 123456789\ndata: x\n\ndata: ok\n\n", 0, 5, "<>!|<>ok|" },
	{ "oversize keeps type", "event: message\ndata: 123456789\n\n", 0, 5, "<message>!|" },
	{ "cap zero", "data\n\ndata: x\n\n", 0, 0, "<>|<>!|" },
	{ "long comment is free", ": 0123456789012345678901234567890\ndata: x\n\n", 0, 5, "<>x|" },
	{ "long id is free", "id: 0123456789012345678901234567890\ndata: x\n\n", 0, 5, "<>x|" },
};

static void
run(size_t ci, const char *in, size_t len, const size_t *cuts, size_t ncuts, const char *how)
{
	struct sse_parser p;
	struct collect c;
	size_t at = 0;

	memset(&c, 0, sizeof(c));
	sse_init(&p, cases[ci].max);
	for (size_t k = 0; k <= ncuts; k++) {
		size_t end = k < ncuts ? cuts[k] : len;
		assert_int_equal(sse_feed(&p, in + at, end - at, on_event, &c), 0);
		at = end;
	}
	sse_free(&p);
	if (strcmp(c.out, cases[ci].events) != 0)
		fail_msg("case \"%s\" (%s): got \"%s\", want \"%s\"", cases[ci].name, how, c.out,
		    cases[ci].events);
}

static void
test_table(void **state)
{
	(void)state;
	for (size_t ci = 0; ci < N(cases); ci++) {
		const char *in = cases[ci].in;
		size_t len = cases[ci].len ? cases[ci].len : strlen(in);
		size_t cuts[2];
		char how[64];

		run(ci, in, len, NULL, 0, "whole");
		for (size_t a = 0; a <= len; a++) {
			cuts[0] = a;
			snprintf(how, sizeof(how), "split at %zu", a);
			run(ci, in, len, cuts, 1, how);
			for (size_t b = a; b <= len; b++) {
				cuts[1] = b;
				snprintf(how, sizeof(how), "split at %zu and %zu", a, b);
				run(ci, in, len, cuts, 2, how);
			}
		}
		{
			size_t bytes[256];
			if (len > N(bytes))
				fail_msg("case \"%s\" too long for byte feeding", cases[ci].name);
			for (size_t i = 0; i < len; i++)
				bytes[i] = i;
			run(ci, in, len, bytes, len, "byte by byte");
		}
	}
}

/* A callback that says stop ends the feed at once, with its value. */
static void
test_stop(void **state)
{
	static const char in[] = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
	struct sse_parser p;
	struct collect c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.stop_after = 1;
	sse_init(&p, 100);
	assert_int_equal(sse_feed(&p, in, strlen(in), on_event, &c), 7);
	assert_string_equal(c.out, "<>1|");
	sse_free(&p);
}

/* However a stream is made, the parser never holds more than max + 1 bytes. */
static void
test_memory_bounded(void **state)
{
	enum { MAX = 1000 };
	struct sse_parser p;
	struct collect c;
	char chunk[333];

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(chunk, 'x', sizeof(chunk));
	sse_init(&p, MAX);
	assert_int_equal(sse_feed(&p, "data: ", 6, on_event, &c), 0);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(sse_feed(&p, chunk, sizeof(chunk), on_event, &c), 0);
		assert_true(p.data_cap <= MAX + 1);
	}
	for (int i = 0; i < 100; i++) {
		assert_int_equal(sse_feed(&p, "\ndata", 5, on_event, &c), 0);
		assert_true(p.data_cap <= MAX + 1);
	}
	assert_int_equal(sse_feed(&p, "\n\n", 2, on_event, &c), 0);
	assert_string_equal(c.out, "<>!|");
	sse_free(&p);
}

struct big {
	size_t      n, len;
	const char *want;
	int         same;
};

static int
big_event(void *arg, const struct sse_event *ev)
{
	struct big *b = arg;

	b->n++;
	b->len = ev->data_len;
	b->same = !ev->oversize && memcmp(ev->data, b->want, ev->data_len) == 0;
	return 0;
}

/* A big event (1 MiB, the size of a real tool result) arrives intact in odd chunks. */
static void
test_big_event(void **state)
{
	enum { SIZE = 1024 * 1024 };
	struct sse_parser p;
	char *in, *want;
	size_t len, at = 0, step = 1;
	struct big got = { 0, 0, NULL, 0 };

	(void)state;
	in = malloc(SIZE + 16);
	want = malloc(SIZE);
	assert_non_null(in);
	assert_non_null(want);
	for (size_t i = 0; i < SIZE; i++)
		want[i] = (char)('a' + i % 26);
	memcpy(in, "data: ", 6);
	memcpy(in + 6, want, SIZE);
	memcpy(in + 6 + SIZE, "\r\n\r\n", 4);
	len = 6 + SIZE + 4;
	got.want = want;

	sse_init(&p, SIZE);
	while (at < len) {
		size_t n = step < len - at ? step : len - at;
		assert_int_equal(sse_feed(&p, in + at, n, big_event, &got), 0);
		at += n;
		step = step * 7 % 65521 + 1;
	}
	sse_free(&p);
	assert_int_equal(got.n, 1);
	assert_int_equal(got.len, SIZE);
	assert_true(got.same);
	free(in);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_memory_bounded),
		cmocka_unit_test(test_big_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

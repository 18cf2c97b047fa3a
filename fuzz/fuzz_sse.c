/*
 * libFuzzer driver for the text/event-stream parser (src/mcp/sse.c), which reads
 * bytes from remote MCP servers.
 *
 * Input: the first byte picks the cap on one event, the second seeds how the rest
 * is cut into feeds. The invariants, asserted with __builtin_trap():
 *   - the events do not depend on where the stream was cut (the same digest for
 *     one feed and for many);
 *   - a delivered event never exceeds the cap, a type never exceeds SSE_TYPE_MAX;
 *   - the parser never holds more than cap + 1 bytes of data.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mcp/sse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct digest {
	uint64_t h;
	size_t   max;
	size_t   events;
};

static void
mix(struct digest *d, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		d->h ^= s[i];
		d->h *= 1099511628211ULL;
	}
}

static int
on_event(void *arg, const struct sse_event *ev)
{
	struct digest *d = arg;

	if (ev->type_len > SSE_TYPE_MAX || ev->type[ev->type_len] != '\0')
		__builtin_trap();
	if (ev->oversize != (ev->data == NULL))
		__builtin_trap();
	if (!ev->oversize && ev->data_len > d->max)
		__builtin_trap();
	mix(d, &ev->type_len, sizeof(ev->type_len));
	mix(d, ev->type, ev->type_len);
	mix(d, &ev->type_truncated, sizeof(ev->type_truncated));
	mix(d, &ev->oversize, sizeof(ev->oversize));
	mix(d, &ev->data_len, sizeof(ev->data_len));
	if (ev->data)
		mix(d, ev->data, ev->data_len);
	d->events++;
	return 0;
}

static uint64_t
run(const char *buf, size_t len, size_t max, unsigned seed)
{
	struct sse_parser p;
	struct digest d = { 14695981039346656037ULL, max, 0 };
	size_t at = 0;

	sse_init(&p, max);
	while (at < len) {
		size_t n = len - at;
		if (seed != 0) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 17;
			if (n > len - at)
				n = len - at;
		}
		if (sse_feed(&p, buf + at, n, on_event, &d) != 0)
			__builtin_trap();
		if (p.data_cap > max + 1 || p.type_len > SSE_TYPE_MAX)
			__builtin_trap();
		at += n;
	}
	sse_free(&p);
	mix(&d, &d.events, sizeof(d.events));
	return d.h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max;
	unsigned seed;

	if (size < 2)
		return 0;
	max = data[0] < 0xF0 ? data[0] : (size_t)(data[0] - 0xEF) * 4096;
	seed = data[1] | 1u;
	if (run((const char *)data + 2, size - 2, max, 0) !=
	    run((const char *)data + 2, size - 2, max, seed))
		__builtin_trap();
	return 0;
}

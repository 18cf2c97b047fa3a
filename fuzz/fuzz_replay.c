/*
 * libFuzzer driver for the replay buffer of resumable streams and its event
 * ids (src/front/replay.c): Last-Event-ID is a header a client sends.
 *
 * Input: the first two bytes pick the caps (events, bytes); then each byte is
 * one event of that many bytes added, until a 0xff byte, after which the rest
 * is parsed as an event id. The invariants, asserted with __builtin_trap():
 *   - the buffer never holds more than its caps;
 *   - a resumption either emits exactly the events after the id, or nothing;
 *   - an id that parses formats back to the same numbers.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
count(void *ctx, const char *bytes, size_t len)
{
	(void)bytes;
	(void)len;
	(*(uint64_t *)ctx)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay r;
	char ev[256], id[REPLAY_ID_MAX], text[64];
	size_t i = 2;
	uint64_t a, b, a2, b2;

	if (size < 2)
		return 0;
	replay_init(&r, data[0] % 16, data[1]);
	memset(ev, 'x', sizeof(ev));
	for (; i < size && data[i] != 0xff; i++) {
		replay_add(&r, ev, data[i]);
		if (r.nevents > r.max_events || r.nbytes > r.max_bytes)
			__builtin_trap();
	}
	for (uint64_t last = 0; last < replay_next_seq(&r); last++) {
		uint64_t n = 0;
		enum replay_result res = replay_since(&r, last, count, &n);
		if (res == REPLAY_OK && n != replay_next_seq(&r) - 1 - last)
			__builtin_trap();
		if (res != REPLAY_OK && n != 0)
			__builtin_trap();
	}
	replay_free(&r);
	if (i < size) {
		size_t n = size - i - 1 < sizeof(text) - 1 ? size - i - 1 : sizeof(text) - 1;
		memcpy(text, data + i + 1, n);
		text[n] = '\0';
		if (replay_parse_id(text, &a, &b) == 0) {
			replay_format_id(id, sizeof(id), a, b);
			if (replay_parse_id(id, &a2, &b2) != 0 || a2 != a || b2 != b)
				__builtin_trap();
		}
	}
	return 0;
}

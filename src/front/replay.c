/*
 * Replay buffer of a resumable SSE stream: a bounded FIFO of serialized events
 * (see replay.h). Each event is one allocation holding its bytes.
 */
#include "replay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

struct replay_event {
	struct replay_event *next;
	uint64_t             seq;
	size_t               len;
	char                 bytes[];
};

void
replay_init(struct replay *r, size_t max_events, size_t max_bytes)
{
	*r = (struct replay){ .max_events = max_events, .max_bytes = max_bytes,
	    .next_seq = 1, .first_kept = 1 };
}

static void
drop_oldest(struct replay *r)
{
	struct replay_event *e = r->head;

	r->head = e->next;
	if (r->head == NULL)
		r->tail = NULL;
	r->nevents--;
	r->nbytes -= e->len;
	r->first_kept = e->seq + 1;
	free(e);
}

void
replay_free(struct replay *r)
{
	while (r->head)
		drop_oldest(r);
}

uint64_t
replay_next_seq(const struct replay *r)
{
	return r->next_seq;
}

void
replay_add(struct replay *r, const char *bytes, size_t len)
{
	uint64_t seq = r->next_seq++;
	struct replay_event *e;

	if (len > r->max_bytes || r->max_events == 0) {
		/* Too large to keep: everything up to it is now unreplayable. */
		replay_free(r);
		r->first_kept = seq + 1;
		return;
	}
	e = xmalloc(sizeof(*e) + len);
	e->next = NULL;
	e->seq = seq;
	e->len = len;
	memcpy(e->bytes, bytes, len);
	if (r->tail)
		r->tail->next = e;
	else
		r->head = e;
	r->tail = e;
	r->nevents++;
	r->nbytes += len;
	while (r->nevents > r->max_events || r->nbytes > r->max_bytes)
		drop_oldest(r);
}

enum replay_result
replay_since(const struct replay *r, uint64_t last,
    void (*emit)(void *ctx, const char *bytes, size_t len), void *ctx)
{
	if (last >= r->next_seq)
		return REPLAY_UNKNOWN;
	if (last + 1 < r->first_kept)
		return REPLAY_LOST;
	for (const struct replay_event *e = r->head; e; e = e->next)
		if (e->seq > last)
			emit(ctx, e->bytes, e->len);
	return REPLAY_OK;
}

size_t
replay_format_id(char *out, size_t cap, uint64_t stream, uint64_t seq)
{
	int n = snprintf(out, cap, "%" PRIu64 "-%" PRIu64, stream, seq);

	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* At most 20 decimal digits that fit a uint64_t; *end set after them. */
static int
parse_u64(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		unsigned d = (unsigned)(s[n] - '0');
		if (n >= 20 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (n == 0)
		return -1;
	*end = s + n;
	*out = v;
	return 0;
}

int
replay_parse_id(const char *s, uint64_t *stream, uint64_t *seq)
{
	const char *p;

	if (s == NULL || parse_u64(s, &p, stream) != 0 || *p != '-')
		return -1;
	if (parse_u64(p + 1, &p, seq) != 0 || *p != '\0')
		return -1;
	return 0;
}

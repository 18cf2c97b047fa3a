/*
 * The replay buffer of one resumable SSE stream (MCP 2025-11-25, SEP-1699):
 * the events a client may have missed when its connection dropped, kept so
 * that a GET with Last-Event-ID can send them again. Pure: no I/O, no clock.
 *
 * Each event has a sequence number (1, 2, ...) inside its stream; its SSE id is
 * "<stream>-<seq>", so that an id names the stream it belongs to. The buffer
 * holds at most max_events events and max_bytes bytes; the oldest go first.
 * An event that alone is larger than max_bytes goes out live but is never kept.
 * Once an event was dropped, a resumption from before it is refused (the
 * client would silently lose a message otherwise).
 */
#ifndef GH_FRONT_REPLAY_H
#define GH_FRONT_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct replay_event;

struct replay {
	struct replay_event *head, *tail;       /* oldest first */
	size_t               nevents, nbytes;
	size_t               max_events, max_bytes;
	uint64_t             next_seq;          /* the sequence number of the next event */
	uint64_t             first_kept;        /* every event from here to next_seq - 1 is held */
};

enum replay_result {
	REPLAY_OK = 0,
	REPLAY_LOST,            /* events after that id were dropped (the buffer overflowed) */
	REPLAY_UNKNOWN,         /* the stream never sent that event */
};

/* "18446744073709551615-18446744073709551615" and a NUL. */
#define REPLAY_ID_MAX 42

void     replay_init(struct replay *r, size_t max_events, size_t max_bytes);
void     replay_free(struct replay *r);
/* The sequence number the next replay_add will store. */
uint64_t replay_next_seq(const struct replay *r);
/* Keep the bytes of the event numbered replay_next_seq() (copied); drops the oldest past the caps. */
void     replay_add(struct replay *r, const char *bytes, size_t len);
/*
 * The events after `last` (the sequence number of the client's Last-Event-ID),
 * oldest first, each passed to `emit`; nothing is emitted unless all of them
 * are still held. `last` 0 means "from the start" (the priming event's id).
 */
enum replay_result replay_since(const struct replay *r, uint64_t last,
    void (*emit)(void *ctx, const char *bytes, size_t len), void *ctx);

/* Format an event id; returns its length. */
size_t   replay_format_id(char *out, size_t cap, uint64_t stream, uint64_t seq);
/* Parse an id of ours, strictly ("<digits>-<digits>", no sign, no space): 0, else -1. */
int      replay_parse_id(const char *s, uint64_t *stream, uint64_t *seq);

#endif

/*
 * One bounded buffer and one line framer for every byte stream the gateway
 * holds: request bodies, SSE queues, lines from child processes and from a
 * `gatehouse stdio` client, JSON bodies of remote servers. Each buffer is made
 * with a named maximum from limits.h and refuses to grow past it; nothing is
 * ever sized by a number a peer sent.
 */
#ifndef GH_BUF_H
#define GH_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/*
 * Bytes [off, len) of data are held; data[len] is always a NUL once anything
 * was appended. The maximum applies to what is held (len - off): consumed
 * bytes make room again, and are dropped before the buffer grows.
 */
struct buf {
	char  *data;
	size_t off, len, cap, max;
};

void   buf_init(struct buf *b, size_t max);
/* uv_alloc_cb of every pipe the gateway reads: 64 KiB, freed by the read callback. */
void   buf_uv_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out);
/* Append n bytes; -1 (and nothing appended) when more than max would be held. */
int    buf_append(struct buf *b, const void *p, size_t n);
/* The bytes held, and how many. */
static inline const char *buf_bytes(const struct buf *b) { return b->data ? b->data + b->off : ""; }
static inline size_t      buf_size(const struct buf *b) { return b->len - b->off; }
/* The first n held bytes are taken (n <= buf_size). */
void   buf_consume(struct buf *b, size_t n);
/* Hold nothing (the memory is kept for reuse). */
void   buf_clear(struct buf *b);
void   buf_free(struct buf *b);

/*
 * A line framer: bytes in, complete lines out (without their '\n'). A line
 * longer than the maximum is either skipped to its end after one call of
 * on_overflow (LINES_SKIP) or handed over in pieces of the maximum
 * (LINES_SPLIT, for logs).
 */
enum lines_mode { LINES_SKIP, LINES_SPLIT };

struct lines {
	struct buf      buf;
	enum lines_mode mode;
	bool            skipping;
};

/* on_line returns 0 to go on, non-zero to stop feeding (the rest is dropped). */
typedef int  (*lines_line_fn)(void *arg, const char *line, size_t len);
typedef void (*lines_overflow_fn)(void *arg);

void lines_init(struct lines *l, size_t max, enum lines_mode mode);
/* Feed bytes; returns non-zero when on_line asked to stop. */
int  lines_feed(struct lines *l, const char *data, size_t n, lines_line_fn on_line,
         lines_overflow_fn on_overflow, void *arg);
void lines_free(struct lines *l);

#endif

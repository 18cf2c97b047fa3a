/* The bounded buffer and the line framer (buf.h). */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	size_t held = b->len - b->off;

	if (n > b->max - held)
		return -1;
	/* Drop what was consumed before growing. */
	if (b->off > 0 && b->len + n + 1 > b->cap) {
		memmove(b->data, b->data + b->off, held);
		b->off = 0;
		b->len = held;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

void
buf_consume(struct buf *b, size_t n)
{
	b->off += n;
	if (b->off >= b->len)
		buf_clear(b);
}

void
buf_clear(struct buf *b)
{
	b->off = b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void
lines_init(struct lines *l, size_t max, enum lines_mode mode)
{
	buf_init(&l->buf, max);
	l->mode = mode;
	l->skipping = false;
}

int
lines_feed(struct lines *l, const char *data, size_t n, lines_line_fn on_line,
    lines_overflow_fn on_overflow, void *arg)
{
	while (n > 0) {
		const char *nl = memchr(data, '\n', n);
		size_t take = nl ? (size_t)(nl - data) : n;

		if (!l->skipping && buf_append(&l->buf, data, take) != 0) {
			if (l->mode == LINES_SKIP) {
				l->skipping = true;
				buf_clear(&l->buf);
				if (on_overflow)
					on_overflow(arg);
			} else {
				/* Hand over what fits as one piece and go on with the rest. */
				size_t room = l->buf.max - buf_size(&l->buf);
				buf_append(&l->buf, data, room);
				if (on_line(arg, buf_bytes(&l->buf), buf_size(&l->buf)) != 0)
					return 1;
				buf_clear(&l->buf);
				data += room;
				n -= room;
				continue;
			}
		}
		data += take;
		n -= take;
		if (nl) {
			data++;
			n--;
			if (!l->skipping && on_line(arg, buf_bytes(&l->buf), buf_size(&l->buf)) != 0) {
				buf_clear(&l->buf);
				return 1;
			}
			l->skipping = false;
			buf_clear(&l->buf);
		}
	}
	return 0;
}

void
lines_free(struct lines *l)
{
	buf_free(&l->buf);
}

void
buf_uv_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *out)
{
	(void)h;
	(void)suggested;
	out->base = xmalloc(65536);
	out->len = 65536;
}

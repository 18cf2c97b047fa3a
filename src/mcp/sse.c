/*
 * text/event-stream parsing, one byte state machine (see sse.h). It follows the
 * "interpreting an event stream" algorithm of the HTML standard, minus the parts
 * MCP does not need (last event id, reconnection time).
 */
#include "../limits.h"
#include "sse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

/* A buffer that grew past this for one big event is given back after it. */

static const unsigned char sse_bom[3] = { 0xEF, 0xBB, 0xBF };

void
sse_init(struct sse_parser *p, size_t max)
{
	memset(p, 0, sizeof(*p));
	p->max = max < SIZE_MAX - 1 ? max : SIZE_MAX - 2;
	p->state = SSE_FIELD;
	p->field = SSE_F_OTHER;
}

void
sse_free(struct sse_parser *p)
{
	free(p->data);
	p->data = NULL;
	p->data_len = p->data_cap = 0;
}

/* Make room for `need` bytes of data; need is never more than max + 1. */
static void
reserve(struct sse_parser *p, size_t need)
{
	size_t cap;

	if (need <= p->data_cap)
		return;
	cap = p->data_cap ? p->data_cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > p->max + 1)
		cap = p->max + 1;
	p->data = xrealloc(p->data, cap);
	p->data_cap = cap;
}

/* Bytes of a field value. Only data and event values are kept. */
static void
value_bytes(struct sse_parser *p, const char *s, size_t n)
{
	size_t room;

	switch (p->field) {
	case SSE_F_DATA:
		if (p->oversize || n == 0)
			return;
		/* After a line's "\n", data_len may be max + 1: any more data is too much. */
		if (p->data_len > p->max || n > p->max - p->data_len) {
			p->oversize = true;
			p->data_len = 0;
			return;
		}
		reserve(p, p->data_len + n);
		memcpy(p->data + p->data_len, s, n);
		p->data_len += n;
		return;
	case SSE_F_EVENT:
		room = SSE_TYPE_MAX - p->type_len;
		if (n > room) {
			p->type_truncated = true;
			n = room;
		}
		memcpy(p->type + p->type_len, s, n);
		p->type_len += n;
		return;
	case SSE_F_COMMENT:
	case SSE_F_OTHER:
		return;
	}
}

/* The field name is complete (a colon or the end of the line was seen). */
static void
start_field(struct sse_parser *p, bool comment)
{
	if (comment)
		p->field = SSE_F_COMMENT;
	else if (p->name_len == 4 && memcmp(p->name, "data", 4) == 0)
		p->field = SSE_F_DATA;
	else if (p->name_len == 5 && memcmp(p->name, "event", 5) == 0)
		p->field = SSE_F_EVENT;
	else
		p->field = SSE_F_OTHER;

	if (p->field == SSE_F_DATA) {
		p->has_data = true;
	} else if (p->field == SSE_F_EVENT) {
		/* A later event field replaces an earlier one. */
		p->type_len = 0;
		p->type_truncated = false;
	}
}

static void
reset_event(struct sse_parser *p)
{
	p->data_len = 0;
	p->has_data = false;
	p->oversize = false;
	p->type_len = 0;
	p->type_truncated = false;
	if (p->data_cap > SSE_KEEP_BYTES) {
		free(p->data);
		p->data = NULL;
		p->data_cap = 0;
	}
}

/* A blank line: hand the event over, if it had any data field. */
static int
dispatch(struct sse_parser *p, sse_event_fn fn, void *arg)
{
	struct sse_event ev;
	int rc;

	if (!p->has_data) {
		reset_event(p);
		return 0;
	}
	p->type[p->type_len] = '\0';
	ev.type = p->type;
	ev.type_len = p->type_len;
	ev.type_truncated = p->type_truncated;
	ev.oversize = p->oversize;
	if (p->oversize) {
		ev.data = NULL;
		ev.data_len = 0;
	} else {
		/* Every data line added a "\n"; the last one is not part of the data. */
		ev.data = p->data;
		ev.data_len = p->data_len - 1;
	}
	rc = fn(arg, &ev);
	reset_event(p);
	return rc;
}

static int
end_line(struct sse_parser *p, sse_event_fn fn, void *arg)
{
	enum sse_state state = p->state;

	p->state = SSE_FIELD;
	if (state == SSE_FIELD) {
		if (p->name_len == 0)
			return dispatch(p, fn, arg);
		/* A line without a colon is a field with an empty value. */
		start_field(p, false);
	}
	if (p->field == SSE_F_DATA && !p->oversize) {
		if (p->data_len > p->max) {
			/* An empty data line after a full buffer: the event would be max + 1. */
			p->oversize = true;
			p->data_len = 0;
		} else {
			reserve(p, p->data_len + 1);
			p->data[p->data_len++] = '\n';
		}
	}
	p->name_len = 0;
	p->field = SSE_F_OTHER;
	return 0;
}

static int
feed_bytes(struct sse_parser *p, const char *buf, size_t len, sse_event_fn fn, void *arg)
{
	size_t i = 0, j;
	int rc;

	while (i < len) {
		char c = buf[i];

		if (p->skip_lf) {
			p->skip_lf = false;
			if (c == '\n') {
				i++;
				continue;
			}
		}
		if (c == '\r' || c == '\n') {
			i++;
			p->skip_lf = (c == '\r');
			if ((rc = end_line(p, fn, arg)) != 0)
				return rc;
			continue;
		}
		switch (p->state) {
		case SSE_FIELD:
			i++;
			if (c == ':') {
				start_field(p, p->name_len == 0);
				p->state = SSE_VALUE_START;
			} else if (p->name_len < sizeof(p->name)) {
				/* Longer names stop at 8 bytes: they match no known field. */
				p->name[p->name_len++] = c;
			}
			continue;
		case SSE_VALUE_START:
			p->state = SSE_VALUE;
			if (c == ' ') {
				i++;
				continue;
			}
			/* FALLTHROUGH */
		case SSE_VALUE:
			for (j = i; j < len && buf[j] != '\r' && buf[j] != '\n'; j++)
				;
			value_bytes(p, buf + i, j - i);
			i = j;
			continue;
		}
	}
	return 0;
}

int
sse_feed(struct sse_parser *p, const char *buf, size_t len, sse_event_fn fn, void *arg)
{
	size_t i = 0;
	int rc;

	/* One UTF-8 byte order mark may open the stream; it can arrive split. */
	while (!p->started && i < len) {
		if ((unsigned char)buf[i] == sse_bom[p->bom_seen]) {
			i++;
			if (++p->bom_seen == sizeof(sse_bom))
				p->started = true;
			continue;
		}
		p->started = true;
		if (p->bom_seen > 0 &&
		    (rc = feed_bytes(p, (const char *)sse_bom, p->bom_seen, fn, arg)) != 0)
			return rc;
	}
	if (i == len)
		return 0;
	return feed_bytes(p, buf + i, len - i, fn, arg);
}

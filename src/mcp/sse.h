/*
 * An incremental parser for text/event-stream (the SSE format of the WHATWG HTML
 * standard, section 9.2.6), as MCP's Streamable HTTP transport uses it.
 *
 * Pure: bytes in, one callback per complete event out; no I/O, no globals. Bytes
 * may arrive split anywhere, lines may end in CRLF, LF or CR, a leading UTF-8 BOM
 * is skipped. Comment lines, `id:`, `retry:` and unknown fields are ignored.
 *
 * Nothing grows past the cap given to sse_init(): data bytes go straight into the
 * event's buffer (there is no line buffer), and an event whose data is larger
 * than the cap is discarded up to the blank line that ends it and reported to the
 * callback once with `oversize` set, so the caller can decide whether that is
 * fatal for the stream. Field names, comments and unknown fields cost nothing.
 */
#ifndef GH_SSE_H
#define GH_SSE_H

#include <stdbool.h>
#include <stddef.h>

#define SSE_TYPE_MAX 64                 /* bytes of an event type we keep */

struct sse_event {
	const char *type;                   /* "" when the event named none; NUL-terminated */
	size_t      type_len;
	bool        type_truncated;         /* longer than SSE_TYPE_MAX: matches no known type */
	const char *data;                   /* data lines joined with "\n"; NULL when oversize */
	size_t      data_len;
	bool        oversize;               /* the event went over the cap and was dropped */
};

/*
 * Called once per dispatched event. Return 0 to go on, anything else to stop:
 * sse_feed() then returns that value at once and the rest of its input is not
 * looked at (the parser must not be fed again except to be freed).
 */
typedef int (*sse_event_fn)(void *arg, const struct sse_event *ev);

enum sse_state { SSE_FIELD, SSE_VALUE_START, SSE_VALUE };
enum sse_field { SSE_F_OTHER, SSE_F_COMMENT, SSE_F_DATA, SSE_F_EVENT };

struct sse_parser {
	size_t          max;                /* cap on one event's data */
	enum sse_state  state;
	enum sse_field  field;              /* field of the current line, once known */
	char            name[8];            /* field name so far (longer names are unknown) */
	size_t          name_len;
	char           *data;               /* data of the current event, "\n" after each line */
	size_t          data_len, data_cap;
	bool            has_data;           /* a data field was seen (it may be empty) */
	char            type[SSE_TYPE_MAX + 1];
	size_t          type_len;
	bool            type_truncated;
	bool            oversize;           /* the current event is being discarded */
	bool            skip_lf;            /* the last byte was CR: a following LF is not a line */
	unsigned        bom_seen;           /* bytes of a leading BOM matched so far */
	bool            started;            /* past the point where a BOM may appear */
};

void sse_init(struct sse_parser *p, size_t max);
int  sse_feed(struct sse_parser *p, const char *buf, size_t len, sse_event_fn fn, void *arg);
void sse_free(struct sse_parser *p);

#endif

/*
 * A client stream for unit tests of the router: it keeps every message the
 * router sends on it and counts how often it was ended. A test owns one on the
 * stack (cap_init; the test frees `msgs`), or takes one from the heap
 * (heap_capture) for a request that may outlive the function sending it: that
 * one is freed with its last reference.
 *
 * Header-only, like scripted_transport.h: each unit test is one .c file. The
 * helpers are static inline so that a test which uses only some of them builds
 * without unused-function warnings.
 */
#ifndef GH_CAPTURE_STREAM_H
#define GH_CAPTURE_STREAM_H

#include <jansson.h>
#include <stdlib.h>

#include "mcp/router.h"

struct capture {
	struct mcp_stream base;
	json_t           *msgs;             /* every message sent on the stream */
	int               ended;            /* how often the router ended it */
};

static void cap_send(struct mcp_stream *s, json_t *m) { json_array_append(((struct capture *)s)->msgs, m); }
static void cap_end(struct mcp_stream *s) { ((struct capture *)s)->ended++; }
static void cap_release(struct mcp_stream *s) { (void)s; }
static const struct mcp_stream_ops cap_ops = { cap_send, cap_end, cap_release, NULL };

static void
heap_release(struct mcp_stream *s)
{
	json_decref(((struct capture *)s)->msgs);
	free(s);
}
static const struct mcp_stream_ops heap_ops = { cap_send, cap_end, heap_release, NULL };

static inline void
cap_init(struct capture *c)
{
	mcp_stream_init(&c->base, &cap_ops);
	c->msgs = json_array();
	c->ended = 0;
}

static inline struct capture *
heap_capture(void)
{
	struct capture *c = calloc(1, sizeof(*c));

	mcp_stream_init(&c->base, &heap_ops);
	c->msgs = json_array();
	return c;
}

#endif

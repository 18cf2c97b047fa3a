/*
 * A scripted downstream MCP server for unit tests and fuzzers of the router: it
 * implements the transport interface of src/mcp/transport.h without a process
 * or a socket. What the router sends is kept in an inbox; the test decides what
 * the "server" answers, when, in which order, and when it stalls or dies.
 *
 * It keeps the transport contract: no callback runs from inside send() or
 * close(). Everything the server does happens in scripted_pump() or in the
 * scripted_* calls a test makes from its own top level.
 *
 * Header-only so that a fuzzer (built from one .c file plus the sources) and a
 * unit test can both include it.
 */
#ifndef GH_SCRIPTED_TRANSPORT_H
#define GH_SCRIPTED_TRANSPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp/transport.h"

#define SCRIPTED_MAX 64

struct scripted {
	struct transport t;
	int              index;             /* in open order */
	const char      *key;               /* server key */
	json_t          *inbox;             /* requests and notifications the router sent */
	bool             fail_sends;        /* stalled: send() refuses (as a full pipe does) */
	bool             lost;              /* on_lost told */
	bool             lose_pending;      /* on_lost to tell at the next pump */
	bool             closing;           /* close() called; on_closed at the next pump */
	bool             handshake;         /* answer initialize and lists by itself */
	bool             freed;
	unsigned         sends;
};

struct scripted_world {
	struct scripted *all[SCRIPTED_MAX];
	int              n;
	unsigned         opened, closed;
	json_t          *tools;             /* what tools/list answers: an array */
	json_t          *tools_by_server;   /* {server key: array}, before `tools` */
	json_t          *prompts;
	bool             refuse_open;       /* the next opens fail (command not found) */
	const char      *refuse_key;        /* ... or only those of this server */
	const char      *modern_key;        /* this server answers server/discover (2026-07-28) */
};

static struct scripted_world scripted_world;

static int
scripted_send(struct transport *t, const char *json, size_t len)
{
	struct scripted *s = (struct scripted *)t;
	json_t *msg;

	if (s->closing || s->lost || s->lose_pending || s->fail_sends)
		return -1;
	msg = json_loadb(json, len, 0, NULL);
	if (msg == NULL) {
		fprintf(stderr, "scripted: send of something that is not JSON\n");
		__builtin_trap();               /* the router only sends JSON */
	}
	json_array_append_new(s->inbox, msg);
	s->sends++;
	return 0;
}

static void
scripted_close(struct transport *t)
{
	struct scripted *s = (struct scripted *)t;

	if (s->closing) {
		fprintf(stderr, "scripted: close() twice on %s #%d\n", s->key, s->index);
		__builtin_trap();               /* close() twice */
	}
	s->closing = true;
}

static const struct transport_ops scripted_ops = { scripted_send, scripted_close };

static struct transport *
scripted_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	struct scripted *s;

	(void)env;
	if (scripted_world.refuse_open || scripted_world.n >= SCRIPTED_MAX ||
	    (scripted_world.refuse_key && strcmp(scripted_world.refuse_key, srv->key) == 0)) {
		snprintf(err, errcap, "server \"%s\": scripted open refused", srv->key);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	s->t.ops = &scripted_ops;
	s->t.cb = cb;
	s->t.owner = owner;
	s->key = srv->key;
	s->index = scripted_world.n;
	s->inbox = json_array();
	s->handshake = true;
	scripted_world.all[scripted_world.n++] = s;
	scripted_world.opened++;
	return &s->t;
}

static struct scripted *
scripted_get(int i)
{
	if (scripted_world.n == 0)
		return NULL;
	i %= scripted_world.n;
	if (i < 0)
		i = -i;
	struct scripted *s = scripted_world.all[i];
	return s->freed ? NULL : s;
}

/* Hand one message to the router as if the server wrote it. */
static void
scripted_emit(struct scripted *s, json_t *msg)
{
	if (s == NULL || s->closing || s->lost || s->lose_pending)
		return;
	s->t.cb->on_message(s->t.owner, msg);
}

static void
scripted_respond(struct scripted *s, json_t *id, json_t *result, json_t *error)
{
	json_t *msg = json_pack("{s:s, s:O}", "jsonrpc", "2.0", "id", id);

	if (result)
		json_object_set_new(msg, "result", result);
	if (error)
		json_object_set_new(msg, "error", error);
	scripted_emit(s, msg);
	json_decref(msg);
}

/* The server dies (a crash, a closed pipe): told at the next pump. */
static void
scripted_lose(struct scripted *s)
{
	if (s && !s->closing && !s->lost)
		s->lose_pending = true;
}

/* Answer the handshake and list requests waiting in the inbox. */
static void
scripted_handshake(struct scripted *s)
{
	size_t i = 0;

	while (!s->closing && !s->lost && i < json_array_size(s->inbox)) {
		json_t *m = json_incref(json_array_get(s->inbox, i));
		const char *method = json_string_value(json_object_get(m, "method"));
		json_t *id = json_object_get(m, "id");
		json_t *result = NULL;

		if (method && id && strcmp(method, "server/discover") == 0 && scripted_world.modern_key &&
		    strcmp(scripted_world.modern_key, s->key) == 0) {
			json_array_remove(s->inbox, i);
			scripted_respond(s, id, json_pack("{s:s, s:[s], s:{s:{s:b}, s:{s:b}}, s:s}",
			    "resultType", "complete", "supportedVersions", "2026-07-28", "capabilities",
			    "tools", "listChanged", 1, "prompts", "listChanged", 0, "instructions", "modern"), NULL);
			json_decref(m);
			continue;
		}
		if (method && id && strcmp(method, "server/discover") == 0) {
			/* A legacy server: an error for anything before initialize. */
			json_array_remove(s->inbox, i);
			scripted_respond(s, id, NULL, json_pack("{s:i, s:s}", "code", -32601, "message", "Method not found"));
			json_decref(m);
			continue;
		}
		if (method && id && strcmp(method, "initialize") == 0)
			result = json_pack("{s:s, s:{s:{s:b}, s:{s:b}, s:{s:b, s:b}, s:{}}, s:{s:s, s:s}}",
			    "protocolVersion", "2025-11-25", "capabilities",
			    "tools", "listChanged", 1, "prompts", "listChanged", 1,
			    "resources", "subscribe", 1, "listChanged", 1, "logging",
			    "serverInfo", "name", s->key, "version", "1");
		else if (method && id && strcmp(method, "tools/list") == 0) {
			json_t *mine = scripted_world.tools_by_server ?
			    json_object_get(scripted_world.tools_by_server, s->key) : NULL;
			result = json_pack("{s:o}", "tools", mine ? json_incref(mine) :
			    scripted_world.tools ? json_incref(scripted_world.tools) : json_array());
		}
		else if (method && id && strcmp(method, "prompts/list") == 0)
			result = json_pack("{s:o}", "prompts", scripted_world.prompts ? json_incref(scripted_world.prompts) : json_array());
		else if (method && id && strcmp(method, "resources/list") == 0)
			result = json_pack("{s:[{s:s, s:s}]}", "resources", "uri", "test://shared", "name", "shared");
		else if (method && id && strcmp(method, "resources/templates/list") == 0)
			result = json_pack("{s:[]}", "resourceTemplates");
		if (result) {
			json_array_remove(s->inbox, i);
			scripted_respond(s, id, result, NULL);
		} else {
			i++;
		}
		json_decref(m);
	}
}

/* What the servers do between two steps of a test: losses, closes, handshakes. */
static void
scripted_pump(void)
{
	for (int i = 0; i < scripted_world.n; i++) {
		struct scripted *s = scripted_world.all[i];
		if (s->freed)
			continue;
		if (s->lose_pending && !s->closing) {
			s->lose_pending = false;
			s->lost = true;
			s->t.cb->on_lost(s->t.owner, "scripted loss");
		}
		if (s->closing) {
			s->freed = true;
			scripted_world.closed++;
			json_decref(s->inbox);
			s->inbox = NULL;
			s->t.cb->on_closed(s->t.owner);   /* the transport is gone after this */
			continue;
		}
		if (s->handshake)
			scripted_handshake(s);
	}
}

/* Take the k-th request (with an id) from the inbox; NULL when there is none. */
static json_t *
scripted_take_request(struct scripted *s, size_t k)
{
	size_t n = 0;

	if (s == NULL || s->inbox == NULL)
		return NULL;
	for (size_t i = 0; i < json_array_size(s->inbox); i++) {
		json_t *m = json_array_get(s->inbox, i);
		if (json_object_get(m, "id") == NULL || json_object_get(m, "method") == NULL)
			continue;
		if (n++ == k) {
			json_incref(m);
			json_array_remove(s->inbox, i);
			return m;
		}
	}
	return NULL;
}

/* Free what is left once every transport has been closed (end of a test). */
static void
scripted_reset(void)
{
	for (int i = 0; i < scripted_world.n; i++) {
		struct scripted *s = scripted_world.all[i];
		json_decref(s->inbox);
		free(s);
	}
	json_decref(scripted_world.tools);
	json_decref(scripted_world.tools_by_server);
	json_decref(scripted_world.prompts);
	memset(&scripted_world, 0, sizeof(scripted_world));
}

#endif

/*
 * A router over scripted downstream servers (scripted_transport.h), built from a
 * config text, and the client side a unit test plays against it: sessions taken
 * through initialize, messages sent on them, the final answer to a request.
 *
 * world_stop() checks what every test of the router relies on: shutdown
 * completes, the loop closes with nothing left on it, and every transport the
 * router opened was closed.
 *
 * Header-only, like scripted_transport.h; the helpers are static inline so that
 * a test which uses only some of them builds without unused-function warnings.
 * Include <cmocka.h> (and what it needs) before this header.
 */
#ifndef GH_ROUTER_WORLD_H
#define GH_ROUTER_WORLD_H

#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <uv.h>

#include "config/config.h"
#include "mcp/router.h"
#include "util/log.h"
#include "capture_stream.h"
#include "scripted_transport.h"

struct world {
	uv_loop_t      loop;
	struct config  cfg;
	struct router *r;
};

/* A router for `config_text` whose servers are scripted; `guard` may be NULL
 * (every tool visible, nothing pinned). */
static inline void
world_start_guarded(struct world *w, const char *config_text, struct guard *guard)
{
	struct config_env env = { .home = "/home/u", .base_dir = "/etc/gh", .file_label = "t.json" };
	struct config_diag diag = { 0 };

	assert_true(sodium_init() >= 0);
	log_set_level(LOG_ERROR + 1);
	memset(&scripted_world, 0, sizeof(scripted_world));
	assert_int_equal(config_parse(config_text, strlen(config_text), &env, &w->cfg, &diag), 0);
	config_diag_free(&diag);
	uv_loop_init(&w->loop);
	struct router_env renv = { .loop = &w->loop, .cfg = &w->cfg, .config_dir = "/etc/gh",
	    .store = NULL, .open_transport = scripted_open, .guard = guard };
	w->r = router_new(&renv);
}

static inline void
world_start(struct world *w, const char *config_text)
{
	world_start_guarded(w, config_text, NULL);
}

static inline void
world_done(void *arg)
{
	*(int *)arg = 1;
}

static inline void
world_stop(struct world *w)
{
	int done = 0;

	router_shutdown(w->r, world_done, &done);
	for (int i = 0; i < 100 && !done; i++) {
		scripted_pump();
		uv_run(&w->loop, UV_RUN_NOWAIT);
	}
	assert_int_equal(done, 1);
	router_free(w->r);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&w->loop), 0);
	assert_int_equal(scripted_world.opened, scripted_world.closed);
	scripted_reset();
	config_free(&w->cfg);
}

/* Send a message on session s; the answers land in `cap` (may be NULL). */
static inline int
say(struct session *s, struct capture *cap, const char *text)
{
	json_t *msg = json_loads(text, 0, NULL);
	int rc;

	assert_non_null(msg);
	rc = router_client_message(s, msg, cap ? &cap->base : NULL);
	json_decref(msg);
	return rc;
}

/*
 * A session of token `token` (its hash is the byte token + 1, repeated) that the
 * client has initialized. Its servers are opened but have not answered their
 * handshake yet: the test decides when they do (scripted_pump).
 */
static inline struct session *
world_session(struct world *w, int token, const char *tools_json)
{
	uint8_t hash[TOKEN_HASH_BYTES];
	unsigned status;
	const char *why;
	struct capture *cap = heap_capture();
	struct session *s;

	memset(hash, token + 1, sizeof(hash));
	s = router_session_new(w->r, hash, token ? "t1" : "t0", tools_json, &status, &why);
	assert_non_null(s);
	assert_int_equal(say(s, cap, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
	    "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"sampling\":{}},"
	    "\"clientInfo\":{\"name\":\"u\",\"version\":\"1\"}}}"), 0);
	mcp_stream_unref(&cap->base);
	assert_true(router_session_initialized(s));
	return s;
}

/* A session, initialized, with its servers through their handshake. */
static inline struct session *
open_session(struct world *w, int token, const char *tools_json)
{
	struct session *s = world_session(w, token, tools_json);

	scripted_pump();
	scripted_pump();
	return s;
}

/* The single final answer of a request sent on a fresh capture (NULL: none yet). */
static inline json_t *
request(struct session *s, const char *text)
{
	struct capture *cap = heap_capture();
	json_t *out = NULL;

	assert_int_equal(say(s, cap, text), 0);
	if (json_array_size(cap->msgs) > 0)
		out = json_incref(json_array_get(cap->msgs, json_array_size(cap->msgs) - 1));
	mcp_stream_unref(&cap->base);
	return out;
}

#endif

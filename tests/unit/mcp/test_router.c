/*
 * The router's handling of client messages, with no downstream server: what the
 * gateway answers by itself (initialize, ping, lists, errors), session binding,
 * and that malformed messages are refused rather than crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>
#include <uv.h>

#include "config/config.h"
#include "mcp/router.h"
#include "util/log.h"
#include "../../support/capture_stream.h"

struct fixture {
	uv_loop_t       loop;
	struct config   cfg;
	struct router  *r;
	struct session *s;
	uint8_t         token[32];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config_env env = { .home = "/home/u", .base_dir = "/etc/gh", .file_label = "t.json" };
	unsigned status;
	const char *why;

	assert_true(sodium_init() >= 0);
	log_set_level(LOG_WARN);
	uv_loop_init(&f->loop);
	config_defaults(&f->cfg, &env);
	struct router_env renv = { .loop = &f->loop, .cfg = &f->cfg, .config_dir = "/etc/gh", .store = NULL };
	f->r = router_new(&renv);
	memset(f->token, 7, sizeof(f->token));
	f->s = router_session_new(f->r, f->token, "unit", NULL, &status, &why);
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static void
shutdown_done(void *arg)
{
	*(int *)arg = 1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int done = 0;

	router_shutdown(f->r, shutdown_done, &done);
	assert_int_equal(done, 1);
	router_free(f->r);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	config_free(&f->cfg);
	free(f);
	return 0;
}

/* Send one message (JSON text); return the single answer, or NULL when none. */
static json_t *
ask(struct fixture *f, const char *text, int *rc)
{
	struct capture cap;
	json_t *msg = json_loads(text, JSON_DECODE_ANY, NULL), *out = NULL;

	assert_non_null(msg);
	cap_init(&cap);
	*rc = router_client_message(f->s, msg, &cap.base);
	if (json_array_size(cap.msgs) > 0) {
		assert_int_equal(json_array_size(cap.msgs), 1);
		assert_int_equal(cap.ended, 1);
		out = json_incref(json_array_get(cap.msgs, 0));
	}
	json_decref(cap.msgs);
	json_decref(msg);
	return out;
}

static int
error_code(json_t *resp)
{
	json_t *e = json_object_get(resp, "error");

	return e ? (int)json_integer_value(json_object_get(e, "code")) : 0;
}

static void
init(struct fixture *f, const char *version)
{
	char text[512];
	int rc;

	snprintf(text, sizeof(text), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
	    "{\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"u\",\"version\":\"1\"}}}", version);
	json_decref(ask(f, text, &rc));
	assert_int_equal(rc, 0);
}

static void
test_initialize_negotiates(void **state)
{
	static const struct { const char *asked, *got; } cases[] = {
		{ "2025-11-25", "2025-11-25" },
		{ "2025-06-18", "2025-06-18" },
		{ "2025-03-26", "2025-03-26" },
		{ "2024-11-05", "2025-11-25" },
		{ "1999-01-01", "2025-11-25" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture *f;
		char text[512];
		int rc;
		setup((void **)&f);
		snprintf(text, sizeof(text), "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"initialize\",\"params\":"
		    "{\"protocolVersion\":\"%s\",\"capabilities\":{\"sampling\":{}}}}", cases[i].asked);
		json_t *resp = ask(f, text, &rc);
		assert_int_equal(rc, 0);
		json_t *result = json_object_get(resp, "result");
		if (result == NULL)
			fail_msg("case %zu: no result", i);
		assert_string_equal(json_string_value(json_object_get(result, "protocolVersion")), cases[i].got);
		assert_string_equal(json_string_value(json_object_get(resp, "id")), "a");
		assert_non_null(json_object_get(json_object_get(result, "capabilities"), "tools"));
		assert_string_equal(router_session_version(f->s), cases[i].got);
		json_decref(resp);
		(void)state;
		teardown((void **)&f);
	}
}

/* What the router answers with no server behind it; rc -1 means "not JSON-RPC". */
static const struct {
	const char *msg;
	int         rc;
	int         code;       /* expected error code; 0 = a result; 1 = no answer */
} after_init[] = {
	{ "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/list\"}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/templates/list\"}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"x__y\"}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":[1]}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"prompts/get\",\"params\":{\"name\":7}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///x\"}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"}}}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}", 0, 0 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"logging/setLevel\"}", 0, -32602 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"no/such\"}", 0, -32601 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}", 0, -32600 },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", 0, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}", 0, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"gh-1\",\"result\":{}}", 0, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"gh-1\",\"error\":{\"code\":1,\"message\":\"m\"}}", 0, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}", -1, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}", -1, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", -1, 1 },
	{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", -1, 1 },
	{ "{\"id\":1,\"method\":\"ping\"}", -1, 1 },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}", -1, 1 },
	{ "{\"jsonrpc\":\"2.0\"}", -1, 1 },
	{ "[]", -1, 1 },
	{ "7", -1, 1 },
	{ "null", -1, 1 },
};

static void
test_messages_after_initialize(void **state)
{
	struct fixture *f = *state;

	init(f, "2025-11-25");
	for (size_t i = 0; i < sizeof(after_init) / sizeof(after_init[0]); i++) {
		int rc;
		json_t *resp = ask(f, after_init[i].msg, &rc);
		if (rc != after_init[i].rc)
			fail_msg("case %zu %s: rc %d, want %d", i, after_init[i].msg, rc, after_init[i].rc);
		if (after_init[i].code == 1) {
			if (resp != NULL)
				fail_msg("case %zu %s: expected no answer", i, after_init[i].msg);
			continue;
		}
		if (resp == NULL)
			fail_msg("case %zu %s: no answer", i, after_init[i].msg);
		if (error_code(resp) != after_init[i].code)
			fail_msg("case %zu %s: error %d, want %d", i, after_init[i].msg, error_code(resp), after_init[i].code);
		if (after_init[i].code == 0 && json_object_get(resp, "result") == NULL)
			fail_msg("case %zu: no result", i);
		json_decref(resp);
	}
}

static void
test_requests_before_initialize(void **state)
{
	struct fixture *f = *state;
	int rc;
	json_t *resp;

	resp = ask(f, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", &rc);
	assert_int_equal(error_code(resp), -32600);
	json_decref(resp);
	/* ping is allowed at any time */
	resp = ask(f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", &rc);
	assert_int_equal(error_code(resp), 0);
	json_decref(resp);
	resp = ask(f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{}}", &rc);
	assert_int_equal(error_code(resp), -32602);
	json_decref(resp);
}

static void
test_session_binding(void **state)
{
	struct fixture *f = *state;
	uint8_t other[32];
	const char *id = router_session_id(f->s);
	size_t n = strlen(id);

	assert_int_equal(n, 32);
	for (size_t i = 0; i < n; i++)
		assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", id[i]) != NULL);
	assert_ptr_equal(router_session_find(f->r, id, f->token), f->s);
	memset(other, 8, sizeof(other));
	/* Another token presenting the id finds nothing: a session id is no credential. */
	assert_null(router_session_find(f->r, id, other));
	assert_null(router_session_find(f->r, "nope", f->token));
	assert_int_equal(router_session_count(f->r), 1);
}

static void
test_max_sessions(void **state)
{
	struct fixture *f = *state;
	struct session *extra[4];
	unsigned status = 0;
	const char *why = NULL;

	f->cfg.limits.max_sessions = 3;
	extra[0] = router_session_new(f->r, f->token, "unit", NULL, &status, &why);
	extra[1] = router_session_new(f->r, f->token, "unit", NULL, &status, &why);
	assert_non_null(extra[0]);
	assert_non_null(extra[1]);
	extra[2] = router_session_new(f->r, f->token, "unit", NULL, &status, &why);
	assert_null(extra[2]);
	assert_int_equal(status, 503);
	assert_non_null(why);
	router_session_end(extra[0], "test");
	extra[3] = router_session_new(f->r, f->token, "unit", NULL, &status, &why);
	assert_non_null(extra[3]);
	/* Distinct ids. */
	assert_string_not_equal(router_session_id(extra[1]), router_session_id(extra[3]));
}

static void
test_utf8_in_method_name(void **state)
{
	struct fixture *f = *state;
	char text[512];
	int rc;

	init(f, "2025-11-25");
	/* A method name whose quoted prefix ends inside a multi-byte character. */
	snprintf(text, sizeof(text), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%.*s\\u00e9\"}", 99,
	    "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm");
	json_t *resp = ask(f, text, &rc);
	assert_non_null(resp);
	assert_int_equal(error_code(resp), -32601);
	json_decref(resp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initialize_negotiates),
		cmocka_unit_test_setup_teardown(test_messages_after_initialize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_requests_before_initialize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_in_method_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/mcp/mcp.c: JSON-RPC classification and the answers of the
 * MCP endpoint before the router exists (DESIGN.md section 5, check 4).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mcp/mcp.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char   *body;
	enum rpc_kind kind;
} classify_cases[] = {
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",               RPC_REQUEST },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\"}",           RPC_REQUEST },
	{ "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"x\",\"params\":{}}",          RPC_REQUEST },
	{ "{\"jsonrpc\":\"2.0\",\"id\":-5,\"method\":\"x\",\"params\":[]}",         RPC_REQUEST },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"x\"}",                     RPC_REQUEST },
	{ " \n{\"method\":\"x\",\"id\":1,\"jsonrpc\":\"2.0\"}\n ",                  RPC_REQUEST },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",         RPC_NOTIFICATION },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"a\":1}}",            RPC_NOTIFICATION },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",                           RPC_RESPONSE },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":null}",                     RPC_RESPONSE },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"m\"}}", RPC_RESPONSE },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}",              RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1}",                                         RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"result\":{}}",                                    RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\"}",                                                  RPC_INVALID },
	{ "{}",                                                                     RPC_INVALID },
	{ "{\"id\":1,\"method\":\"x\"}",                                            RPC_INVALID },
	{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}",                        RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"x\"}",                       RPC_INVALID },
	{ "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"x\"}",                            RPC_INVALID },
	{ "{\"jsonrpc\":null,\"id\":1,\"method\":\"x\"}",                           RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}",                       RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"x\"}",                      RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"x\"}",                      RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"x\"}",                     RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"x\"}",                     RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",                            RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}",                         RPC_INVALID },
	{ "{\"jsonrpc\":\"2.0\",\"method\":[\"x\"]}",                               RPC_INVALID },
	{ "[]",                                                                     RPC_BATCH },
	{ "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]",                      RPC_BATCH },
	{ "",                                                                       RPC_PARSE_ERROR },
	{ "{",                                                                      RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"",                         RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"} {}",                     RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",}",                       RPC_PARSE_ERROR },
	{ "{'jsonrpc':'2.0'}",                                                      RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}",    RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\\u0000b\"}",                RPC_PARSE_ERROR },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}",                     RPC_PARSE_ERROR },
};

static void
test_classify_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(classify_cases); i++) {
		enum rpc_kind got = mcp_classify(classify_cases[i].body, strlen(classify_cases[i].body));
		if (got != classify_cases[i].kind) {
			print_error("mcp_classify case %zu %s: expected %d, got %d\n", i, classify_cases[i].body,
			    classify_cases[i].kind, got);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* Only `len` bytes are the message. */
static void
test_classify_bounded(void **state)
{
	const char *two = "{\"jsonrpc\":\"2.0\",\"method\":\"x\"}{\"garbage\"";

	(void)state;
	assert_int_equal(mcp_classify(two, 30), RPC_NOTIFICATION);
	assert_int_equal(mcp_classify(two, 29), RPC_PARSE_ERROR);
	assert_int_equal(mcp_classify(two, strlen(two)), RPC_PARSE_ERROR);
}

/* What one POST should produce. */
static const struct {
	const char *body;
	unsigned    status;
	int         code;           /* JSON-RPC error code; 0: no body expected */
	const char *id;             /* JSON of the expected id ("null" for HTTP-level errors) */
} post_cases[] = {
	/* Requests: 200 with "method not found", echoing the id exactly. */
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",           200, -32601, "1" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\"}",           200, -32601, "0" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"x\"}",                   200, -32601, "-7" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"x\"}",     200, -32601, "9007199254740993" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\"}",     200, -32601, "\"abc\"" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"x\"}",                 200, -32601, "\"\"" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\\n\",\"method\":\"x\"}",        200, -32601, "\"a\\\"b\\n\"" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9\",\"method\":\"x\"}",          200, -32601, "\"\\u00e9\"" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s%n%x\"}",               200, -32601, "1" },
	/* Notifications and responses: 202, no body. */
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",     202, 0, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}", 202, 0, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",                       202, 0, NULL },
	{ "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"error\":{\"code\":-1,\"message\":\"m\"}}", 202, 0, NULL },
	/* Not JSON: 400 parse error. */
	{ "{",                                                                  400, -32700, "null" },
	{ "",                                                                   400, -32700, "null" },
	{ "not json",                                                           400, -32700, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}}",                   400, -32700, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"x\"}",           400, -32700, "null" },
	/* JSON, but not one JSON-RPC 2.0 message: 400 invalid request. */
	{ "[]",                                                                 400, -32600, "null" },
	{ "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]",                  400, -32600, "null" },
	{ "{\"id\":1,\"method\":\"x\"}",                                        400, -32600, "null" },
	{ "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}",                    400, -32600, "null" },
	{ "{\"jsonrpc\":2,\"id\":1,\"method\":\"x\"}",                          400, -32600, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"}",            400, -32600, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"x\"}",                  400, -32600, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":{}}",                       400, -32600, "null" },
	{ "{\"jsonrpc\":\"2.0\",\"id\":1}",                                     400, -32600, "null" },
	{ "{}",                                                                 400, -32600, "null" },
	/* Valid JSON that is not an object or array is an invalid request, not a
	 * parse error (JSON-RPC 2.0 section 5.1 / its examples: "--> 1"). */
	{ "1",                                                                  400, -32600, "null" },
	{ "\"x\"",                                                              400, -32600, "null" },
	{ "null",                                                               400, -32600, "null" },
};

/* Check a reply body: one JSON-RPC error object with the code and id expected. */
static bool
check_error_body(const char *out, size_t outlen, int code, const char *id_json, char *why, size_t cap)
{
	json_error_t jerr;
	json_t *v, *want_id;
	bool ok = false;

	if (out == NULL) {
		snprintf(why, cap, "no body");
		return false;
	}
	if (strlen(out) != outlen) {
		snprintf(why, cap, "outlen %zu but strlen %zu", outlen, strlen(out));
		return false;
	}
	v = json_loadb(out, outlen, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		snprintf(why, cap, "body is not JSON: %.60s", jerr.text);
		return false;
	}
	want_id = json_loads(id_json, JSON_DECODE_ANY, NULL);
	if (!json_is_object(v) || json_object_size(v) != 3)
		snprintf(why, cap, "not an object with exactly jsonrpc, id, error");
	else if (!json_is_string(json_object_get(v, "jsonrpc")) ||
	    strcmp(json_string_value(json_object_get(v, "jsonrpc")), "2.0") != 0)
		snprintf(why, cap, "jsonrpc is not \"2.0\"");
	else if (!json_equal(json_object_get(v, "id"), want_id))
		snprintf(why, cap, "id differs");
	else if (!json_is_object(json_object_get(v, "error")) ||
	    json_integer_value(json_object_get(json_object_get(v, "error"), "code")) != code ||
	    !json_is_integer(json_object_get(json_object_get(v, "error"), "code")))
		snprintf(why, cap, "error.code is not %d", code);
	else if (!json_is_string(json_object_get(json_object_get(v, "error"), "message")) ||
	    json_string_length(json_object_get(json_object_get(v, "error"), "message")) == 0)
		snprintf(why, cap, "error.message is missing or empty");
	else if (json_object_get(v, "result") != NULL)
		snprintf(why, cap, "has a result");
	else
		ok = true;
	json_decref(want_id);
	json_decref(v);
	return ok;
}

static void
test_post_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(post_cases); i++) {
		char *out = (char *)"unset";
		size_t outlen = 12345;
		char why[128] = "";
		unsigned status = mcp_handle_post(post_cases[i].body, strlen(post_cases[i].body), &out, &outlen);
		bool ok = status == post_cases[i].status;
		if (ok && post_cases[i].code == 0) {
			ok = out == NULL && outlen == 0;
			if (!ok)
				snprintf(why, sizeof(why), "expected no body");
		} else if (ok) {
			ok = check_error_body(out, outlen, post_cases[i].code, post_cases[i].id, why, sizeof(why));
		}
		if (!ok) {
			print_error("mcp_handle_post case %zu %s: expected %u code %d id %s, got %u body %s (%s)\n",
			    i, post_cases[i].body, post_cases[i].status, post_cases[i].code,
			    post_cases[i].id ? post_cases[i].id : "-", status, out ? out : "(null)", why);
			failures++;
		}
		free(out);
	}
	assert_int_equal(failures, 0);
}

/* The method name is quoted back in the message, bounded; the body stays valid. */
static void
test_post_long_method(void **state)
{
	char body[8192], *out = NULL;
	size_t len, outlen = 0;
	json_t *v;

	(void)state;
	len = (size_t)snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"");
	memset(body + len, 'm', 5000);
	len += 5000;
	len += (size_t)snprintf(body + len, sizeof(body) - len, "\"}");
	assert_int_equal(mcp_handle_post(body, len, &out, &outlen), 200);
	assert_non_null(out);
	assert_true(outlen < 1024);
	v = json_loadb(out, outlen, 0, NULL);
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "error"), "code")),
	    RPC_METHOD_NOT_FOUND_CODE);
	json_decref(v);
	free(out);
}

/*
 * A method name whose multi-byte UTF-8 character straddles the point where the
 * message quotes it must still get a well-formed 200 answer: a client must not be
 * able to make the gateway exit. Each case runs in a child process so that an
 * exit() inside the library shows up as a failure of this test.
 */
static void
test_post_utf8_method_cut(void **state)
{
	static const char *const tails[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
	int failures = 0;

	(void)state;
	for (size_t t = 0; t < N(tails); t++)
		for (size_t prefix = 96; prefix <= 100; prefix++) {
			char body[512];
			size_t len = (size_t)snprintf(body, sizeof(body), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"");
			pid_t pid;
			int status;
			memset(body + len, 'm', prefix);
			len += prefix;
			len += (size_t)snprintf(body + len, sizeof(body) - len, "%s\"}", tails[t]);
			pid = fork();
			assert_true(pid >= 0);
			if (pid == 0) {
				char *out = NULL;
				size_t outlen = 0;
				int devnull = open("/dev/null", O_WRONLY);
				char why[128];
				signal(SIGSEGV, SIG_DFL);
				signal(SIGBUS, SIG_DFL);
				if (devnull >= 0)
					dup2(devnull, STDERR_FILENO);
				if (mcp_handle_post(body, len, &out, &outlen) != 200)
					_exit(2);
				if (!check_error_body(out, outlen, RPC_METHOD_NOT_FOUND_CODE, "7", why, sizeof(why)))
					_exit(3);
				free(out);
				_exit(0);
			}
			assert_int_equal(waitpid(pid, &status, 0), pid);
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				print_error("mcp_handle_post: method of %zu ASCII bytes + U+%s: the handler %s %d\n",
				    prefix, t == 0 ? "00E9" : t == 1 ? "20AC" : "1F600",
				    WIFEXITED(status) ? "exited with status" : "was killed by signal",
				    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
				failures++;
			}
		}
	assert_int_equal(failures, 0);
}

static void
test_error_body(void **state)
{
	size_t len = 0;
	char *s = mcp_error_body(-32001, "forbidden: \"quoted\"\n", &len);
	char why[128];

	(void)state;
	assert_non_null(s);
	if (!check_error_body(s, len, -32001, "null", why, sizeof(why)))
		fail_msg("mcp_error_body: %s: %s", why, s);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_table),
		cmocka_unit_test(test_classify_bounded),
		cmocka_unit_test(test_post_table),
		cmocka_unit_test(test_post_long_method),
		cmocka_unit_test(test_post_utf8_method_cut),
		cmocka_unit_test(test_error_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the pure parts of src/mcp/modern.c: which versions are spoken
 * and offered, which messages ask for 2026-07-28 semantics, which methods
 * exist for them, header value decoding, and Mcp-Param-* against a tool's
 * x-mcp-header parameters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "mcp/modern.h"

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (v == NULL)
		fail_msg("bad test JSON (%s): %s", e.text, text);
	return v;
}

static void
test_versions(void **state)
{
	(void)state;
	json_t *all = mcp_all_versions();

	assert_true(mcp_modern_version_supported("2026-07-28"));
	assert_false(mcp_modern_version_supported("2025-11-25"));   /* needs initialize */
	assert_false(mcp_modern_version_supported("2030-01-01"));
	assert_false(mcp_modern_version_supported(""));
	assert_false(mcp_modern_version_supported(NULL));
	/* The modern one first, then every 2025 revision the endpoint speaks. */
	assert_string_equal(json_string_value(json_array_get(all, 0)), "2026-07-28");
	assert_int_equal(json_array_size(all), 4);
	for (size_t i = 1; i < json_array_size(all); i++)
		assert_true(mcp_version_supported(json_string_value(json_array_get(all, i))));
	json_decref(all);
}

static void
test_modern_request(void **state)
{
	(void)state;
	static const struct { const char *msg; bool modern; } cases[] = {
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
		  "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", true },
		/* An unknown version is still a modern request: it gets -32022. */
		{ "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/list\",\"params\":{\"_meta\":"
		  "{\"io.modelcontextprotocol/protocolVersion\":\"2031-01-01\"}}}", true },
		/* initialize selects the legacy era whatever its _meta says. */
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"_meta\":"
		  "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", false },
		/* A notification, a legacy request, a version that is not a string. */
		{ "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\",\"params\":{\"_meta\":"
		  "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}", false },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}", false },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", false },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
		  "{\"io.modelcontextprotocol/protocolVersion\":20260728}}}", false },
		{ "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", false },
		{ "[1]", false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *m = parse(cases[i].msg);
		if (mcp_modern_request(m) != cases[i].modern)
			fail_msg("case %zu: %s", i, cases[i].msg);
		json_decref(m);
	}
	/* An initialize naming 2026-07-28 in _meta (and no protocolVersion) is a modern
	 * client using a removed method; a 2025 initialize is not. */
	json_t *m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"_meta\":"
	    "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
	assert_true(mcp_modern_initialize(m));
	json_decref(m);
	m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
	    "\"2025-11-25\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
	assert_false(mcp_modern_initialize(m));
	json_decref(m);
	m = parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
	    "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
	assert_false(mcp_modern_initialize(m));
	json_decref(m);
}

static void
test_methods(void **state)
{
	(void)state;
	assert_true(mcp_modern_method_known("server/discover"));
	assert_true(mcp_modern_method_known("tools/call"));
	assert_true(mcp_modern_method_known("resources/read"));
	/* Removed in 2026-07-28, or legacy only. */
	assert_false(mcp_modern_method_known("ping"));
	assert_false(mcp_modern_method_known("logging/setLevel"));
	assert_false(mcp_modern_method_known("resources/subscribe"));
	assert_false(mcp_modern_method_known("initialize"));
	assert_false(mcp_modern_method_known(NULL));
}

static void
test_header_decode(void **state)
{
	(void)state;
	char out[64];
	size_t len;

	assert_int_equal(mcp_header_value_decode("us-west1", out, sizeof(out), &len), 0);
	assert_string_equal(out, "us-west1");
	/* The spec's examples: "Hello, 世界" and "=?base64?literal?=". */
	assert_int_equal(mcp_header_value_decode("=?base64?SGVsbG8sIOS4lueVjA==?=", out, sizeof(out), &len), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(out, "Hello, \xe4\xb8\x96\xe7\x95\x8c", 13);
	assert_int_equal(mcp_header_value_decode("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=", out, sizeof(out), &len), 0);
	assert_string_equal(out, "=?base64?literal?=");
	/* Refused: control characters, non-ASCII bytes, bad base64, too long for the buffer. */
	assert_int_equal(mcp_header_value_decode("a\nb", out, sizeof(out), &len), -1);
	assert_int_equal(mcp_header_value_decode("caf\xc3\xa9", out, sizeof(out), &len), -1);
	assert_int_equal(mcp_header_value_decode("=?base64?***?=", out, sizeof(out), &len), -1);
	assert_int_equal(mcp_header_value_decode("0123456789", out, 10, &len), -1);
	assert_int_equal(mcp_header_value_decode("=?base64?MDEyMzQ1Njc4OQ==?=", out, 10, &len), -1);
}

static int
params_check(const char *schema, const char *args, const char *headers)
{
	json_t *s = parse(schema), *a = parse(args), *h = parse(headers);
	char err[300];
	int rc = mcp_modern_check_params(s, a, h, err, sizeof(err));

	json_decref(s);
	json_decref(a);
	json_decref(h);
	return rc;
}

static void
test_param_headers(void **state)
{
	(void)state;
	const char *schema = "{\"type\":\"object\",\"properties\":{"
	    "\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
	    "\"limit\":{\"type\":\"integer\",\"x-mcp-header\":\"Limit\"},"
	    "\"dry\":{\"type\":\"boolean\",\"x-mcp-header\":\"Dry\"},"
	    "\"opts\":{\"type\":\"object\",\"properties\":{\"tenant\":{\"type\":\"string\",\"x-mcp-header\":\"Tenant\"}}},"
	    "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"x-mcp-header\":\"X\"}}}},"
	    "\"sql\":{\"type\":\"string\"}}}";

	/* Agreeing: strings as is, integers numerically, booleans, nested properties. */
	assert_int_equal(params_check(schema, "{\"region\":\"eu\",\"sql\":\"s\"}", "{\"region\":\"eu\"}"), 0);
	assert_int_equal(params_check(schema, "{\"region\":\"eu\",\"limit\":42}", "{\"region\":\"eu\",\"limit\":\"42\"}"), 0);
	assert_int_equal(params_check(schema, "{\"region\":\"eu\",\"limit\":42}", "{\"region\":\"eu\",\"limit\":\"42.0\"}"), 0);
	assert_int_equal(params_check(schema, "{\"dry\":true}", "{\"dry\":\"true\"}"), 0);
	assert_int_equal(params_check(schema, "{\"opts\":{\"tenant\":\"t1\"}}", "{\"tenant\":\"t1\"}"), 0);
	/* null or absent: no header expected; headers of unknown names are ignored. */
	assert_int_equal(params_check(schema, "{\"region\":null}", "{}"), 0);
	assert_int_equal(params_check(schema, "{}", "{\"unrelated\":\"x\"}"), 0);
	/* Under items: not statically reachable, so not a header parameter. */
	assert_int_equal(params_check(schema, "{\"list\":[{\"x\":\"a\"}]}", "{}"), 0);
	/* Base64 form. */
	assert_int_equal(params_check(schema, "{\"region\":\"Hello, \xe4\xb8\x96\xe7\x95\x8c\"}",
	    "{\"region\":\"=?base64?SGVsbG8sIOS4lueVjA==?=\"}"), 0);

	/* Disagreeing: a value in the body without its header, a different value,
	 * a header without the value, a boolean spelled otherwise, a nested one. */
	assert_int_equal(params_check(schema, "{\"region\":\"eu\"}", "{}"), -1);
	assert_int_equal(params_check(schema, "{\"region\":\"eu\"}", "{\"region\":\"us\"}"), -1);
	assert_int_equal(params_check(schema, "{\"region\":\"eu\"}", "{\"region\":\"EU\"}"), -1);
	assert_int_equal(params_check(schema, "{}", "{\"region\":\"eu\"}"), -1);
	assert_int_equal(params_check(schema, "{\"limit\":42}", "{\"limit\":\"43\"}"), -1);
	assert_int_equal(params_check(schema, "{\"limit\":42}", "{\"limit\":\"4x2\"}"), -1);
	assert_int_equal(params_check(schema, "{\"dry\":true}", "{\"dry\":\"True\"}"), -1);
	assert_int_equal(params_check(schema, "{\"opts\":{\"tenant\":\"t1\"}}", "{\"tenant\":\"t2\"}"), -1);
	assert_int_equal(params_check(schema, "{\"region\":\"a\\nb\"}", "{\"region\":\"a b\"}"), -1);
}

static void
test_error_body(void **state)
{
	(void)state;
	json_t *id = json_string("req-1");
	json_t *data = json_pack("{s:[s], s:s}", "supported", "2026-07-28", "requested", "1900-01-01");
	size_t len;
	char *s = mcp_modern_error_body(id, MCP_ERR_UNSUPPORTED_VERSION, "Unsupported protocol version", data, &len);
	json_t *v = parse(s);

	assert_int_equal(len, strlen(s));
	assert_string_equal(json_string_value(json_object_get(v, "id")), "req-1");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "error"), "code")), -32022);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(json_object_get(v, "error"),
	    "data"), "supported"), 0)), "2026-07-28");
	json_decref(v);
	free(s);
	/* An id that is neither string nor integer is answered as null. */
	s = mcp_modern_error_body(data, MCP_ERR_HEADER_MISMATCH, "x", NULL, &len);
	v = parse(s);
	assert_true(json_is_null(json_object_get(v, "id")));
	json_decref(v);
	free(s);
	json_decref(id);
	json_decref(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_modern_request),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_header_decode),
		cmocka_unit_test(test_param_headers),
		cmocka_unit_test(test_error_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

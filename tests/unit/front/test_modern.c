/*
 * Unit tests for src/front/modern.c: the routing headers of MCP 2026-07-28
 * requests against their body (MCP-Protocol-Version, Mcp-Method, Mcp-Name with
 * its base64 form), and how Mcp-Param-* headers are gathered.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "front/modern.h"
#include "limits.h"

static json_t *
body(const char *method, const char *name_key, const char *name, const char *version)
{
	json_t *msg = json_pack("{s:s, s:i, s:s, s:{s:{s:s, s:{}}}}", "jsonrpc", "2.0", "id", 1, "method", method,
	    "params", "_meta", "io.modelcontextprotocol/protocolVersion", version,
	    "io.modelcontextprotocol/clientCapabilities");

	if (name_key)
		json_object_set_new(json_object_get(msg, "params"), name_key, json_string(name));
	return msg;
}

/* Check `msg` against the headers given as key, value pairs, NULL-terminated. */
static int
check(json_t *msg, ...)
{
	struct modern_headers h;
	char err[300] = "";
	va_list ap;
	const char *k;
	int rc;

	modern_headers_init(&h);
	va_start(ap, msg);
	while ((k = va_arg(ap, const char *)) != NULL)
		modern_header_add(&h, k, va_arg(ap, const char *));
	va_end(ap);
	rc = modern_headers_check(&h, msg, err, sizeof(err));
	if (rc != 0)
		assert_non_null(strstr(err, "Header mismatch"));
	modern_headers_free(&h);
	return rc;
}

static void
test_agreeing_headers(void **state)
{
	(void)state;
	json_t *list = body("tools/list", NULL, NULL, "2026-07-28");
	json_t *call = body("tools/call", "name", "srv__echo", "2026-07-28");
	json_t *read = body("resources/read", "uri", "file:///a b.txt", "2026-07-28");

	assert_int_equal(check(list, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list", NULL), 0);
	/* Header names are case-insensitive. */
	assert_int_equal(check(list, "mcp-protocol-version", "2026-07-28", "MCP-METHOD", "tools/list", NULL), 0);
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "srv__echo", NULL), 0);
	assert_int_equal(check(read, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/read",
	    "Mcp-Name", "file:///a b.txt", NULL), 0);
	/* The base64 form: "srv__echo" */
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "=?base64?c3J2X19lY2hv?=", NULL), 0);
	json_decref(list);
	json_decref(call);
	json_decref(read);
}

static void
test_disagreeing_headers(void **state)
{
	(void)state;
	json_t *list = body("tools/list", NULL, NULL, "2026-07-28");
	json_t *call = body("tools/call", "name", "srv__echo", "2026-07-28");
	json_t *get = body("prompts/get", "name", "p", "2026-07-28");

	/* Missing, different, or sent twice. */
	assert_int_equal(check(list, "Mcp-Method", "tools/list", NULL), -1);
	assert_int_equal(check(list, "MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/list", NULL), -1);
	assert_int_equal(check(list, "MCP-Protocol-Version", "2026-07-28", NULL), -1);
	assert_int_equal(check(list, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", NULL), -1);
	assert_int_equal(check(list, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list",
	    "Mcp-Method", "tools/list", NULL), -1);
	/* Values are case-sensitive. */
	assert_int_equal(check(list, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "Tools/List", NULL), -1);
	/* A prefix is not the value. */
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "srv__ech", NULL), -1);
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", NULL), -1);
	assert_int_equal(check(get, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "prompts/get",
	    "Mcp-Name", "q", NULL), -1);
	/* Bad base64, and the base64 of something else ("other"). */
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "=?base64?!!!?=", NULL), -1);
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "=?base64?b3RoZXI=?=", NULL), -1);
	/* A control character is not a header value. */
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "srv__echo\x01", NULL), -1);
	json_decref(list);
	json_decref(call);
	json_decref(get);
}

/* A body name with a NUL in it is compared with its length, not as a C string. */
static void
test_embedded_nul(void **state)
{
	(void)state;
	json_t *call = body("tools/call", NULL, NULL, "2026-07-28");

	json_object_set_new(json_object_get(call, "params"), "name", json_stringn("srv__echo\0x", 11));
	assert_int_equal(check(call, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
	    "Mcp-Name", "srv__echo", NULL), -1);
	json_decref(call);
}

static void
test_param_headers_gathered(void **state)
{
	(void)state;
	struct modern_headers h;
	char name[32];

	modern_headers_init(&h);
	modern_header_add(&h, "Mcp-Param-Region", "eu");
	modern_header_add(&h, "mcp-param-LIMIT", "3");
	modern_header_add(&h, "X-Other", "ignored");
	assert_string_equal(json_string_value(json_object_get(h.params, "region")), "eu");
	assert_string_equal(json_string_value(json_object_get(h.params, "limit")), "3");
	assert_int_equal(json_object_size(h.params), 2);
	assert_false(h.params_bad);
	modern_header_add(&h, "MCP-PARAM-region", "us");       /* twice */
	assert_true(h.params_bad);
	modern_headers_free(&h);

	/* More than the cap: refused, not grown without bound. */
	modern_headers_init(&h);
	for (int i = 0; i <= LIMIT_MCP_PARAM_HEADERS; i++) {
		snprintf(name, sizeof(name), "Mcp-Param-p%d", i);
		modern_header_add(&h, name, "v");
	}
	assert_true(h.params_bad);
	assert_int_equal(json_object_size(h.params), LIMIT_MCP_PARAM_HEADERS);
	modern_headers_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreeing_headers),
		cmocka_unit_test(test_disagreeing_headers),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_param_headers_gathered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

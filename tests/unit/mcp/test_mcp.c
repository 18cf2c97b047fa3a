/*
 * The JSON-RPC error bodies the front sends for HTTP-level refusals: always valid
 * JSON, id null, the code and the message, even when the message quotes bytes a
 * client sent that are not valid UTF-8 or were cut inside a character.
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

#include "mcp/mcp.h"

static void
check_body(const char *s, size_t len, int code)
{
	json_error_t jerr;
	json_t *v = json_loadb(s, len, 0, &jerr);

	if (v == NULL)
		fail_msg("not JSON (%s): %s", jerr.text, s);
	assert_string_equal(json_string_value(json_object_get(v, "jsonrpc")), "2.0");
	assert_true(json_is_null(json_object_get(v, "id")));
	json_t *e = json_object_get(v, "error");
	assert_int_equal(json_integer_value(json_object_get(e, "code")), code);
	assert_true(json_is_string(json_object_get(e, "message")));
	json_decref(v);
}

static void
test_error_body(void **state)
{
	static const struct { int code; const char *msg; } cases[] = {
		{ -32001, "forbidden: \"quoted\"\n" },
		{ -32700, "" },
		{ -32600, "bad \xff byte" },                    /* invalid UTF-8 */
		{ -32601, "cut \xc3" },                         /* cut inside a character */
		{ -32601, "emoji \xf0\x9f\x98\x80 ok" },
		{ -32000, "overlong \xc0\xaf" },
		{ -32000, "surrogate \xed\xa0\x80" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = 0;
		char *s = mcp_error_body(cases[i].code, cases[i].msg, &len);
		assert_non_null(s);
		assert_int_equal(len, strlen(s));
		check_body(s, len, cases[i].code);
		free(s);
		s = mcp_error_json(cases[i].code, cases[i].msg);
		check_body(s, strlen(s), cases[i].code);
		free(s);
	}
}

static void
test_long_message(void **state)
{
	char msg[5000];
	size_t len;

	(void)state;
	/* 2-byte characters all the way: any cut would land inside one. */
	for (size_t i = 0; i + 2 < sizeof(msg); i += 2) {
		msg[i] = (char)0xc3;
		msg[i + 1] = (char)0xa9;
		msg[i + 2] = '\0';
	}
	char *s = mcp_error_body(-32601, msg, &len);
	check_body(s, len, -32601);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_body),
		cmocka_unit_test(test_long_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

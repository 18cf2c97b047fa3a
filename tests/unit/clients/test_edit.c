/*
 * Unit tests for src/clients/clients_edit.c: finding the value of a member in a
 * client's JSON text (so that import --rewrite changes only that value), and
 * naming the JSON path of a parse error.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "clients/clients.h"

static void
test_find(void **state)
{
	const char *text = "{ \"a\": [1, {\"mcpServers\": 2}], \"b\\\"\": \"}\",\n  \"mcp\": {\"x\": {}, \"servers\": {\"s\": {\"k\": [\"]\"]}}}, \"z\": true }";
	const char *k1[] = { "mcpServers" }, *k2[] = { "mcp", "servers" }, *k3[] = { "mcp", "nope", "deeper" },
	    *k4[] = { "z", "x" };
	size_t s, e;

	(void)state;
	/* Only members of the root count, not a key nested in an array. */
	assert_int_equal(clients_json_find(text, strlen(text), k1, 1, &s, &e), 0);
	assert_int_equal(s, 0);
	assert_int_equal(e, strlen(text));
	assert_int_equal(clients_json_find(text, strlen(text), k2, 2, &s, &e), 2);
	assert_int_equal(e - s, strlen("{\"s\": {\"k\": [\"]\"]}}"));
	assert_memory_equal(text + s, "{\"s\": {\"k\": [\"]\"]}}", e - s);
	/* The path stops at "mcp": its object is returned. */
	assert_int_equal(clients_json_find(text, strlen(text), k3, 3, &s, &e), 1);
	assert_int_equal(text[s], '{');
	assert_int_equal(text[e - 1], '}');
	/* A path through a value that is not an object. */
	assert_int_equal(clients_json_find(text, strlen(text), k4, 2, &s, &e), -1);
	/* Not an object, unterminated. */
	assert_int_equal(clients_json_find("[1]", 3, k1, 1, &s, &e), -1);
	assert_int_equal(clients_json_find("{\"mcpServers\": {", 16, k1, 1, &s, &e), -1);
	assert_int_equal(clients_json_find("", 0, k1, 1, &s, &e), -1);
}

static void
test_path_at(void **state)
{
	const char *text = "{\"mcpServers\": {\"gh\": {\"args\": [\"a\", \"b\" \"c\"]}}}";
	char out[256];
	const char *bad = strstr(text, "\"c\"");

	(void)state;
	clients_json_path_at(text, strlen(text), (size_t)(bad - text), out, sizeof(out));
	assert_string_equal(out, "$.mcpServers.gh.args[1]");
	clients_json_path_at(text, strlen(text), 0, out, sizeof(out));
	assert_string_equal(out, "$");
	clients_json_path_at(text, strlen(text), 10000, out, sizeof(out));
	assert_string_equal(out, "$");
	/* Deeper than the scanner follows: no overflow, a path of the first levels. */
	char deep[300];
	memset(deep, '[', sizeof(deep));
	clients_json_path_at(deep, sizeof(deep), sizeof(deep), out, sizeof(out));
	assert_true(strncmp(out, "$[0][0]", 7) == 0);
}

static void
test_line_indent(void **state)
{
	const char *text = "{\n    \"mcpServers\": {}\n}";
	char out[8];

	(void)state;
	clients_line_indent(text, (size_t)(strchr(text, ':') - text), out, sizeof(out));
	assert_string_equal(out, "    ");
	clients_line_indent(text, 0, out, sizeof(out));
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_path_at),
		cmocka_unit_test(test_line_indent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

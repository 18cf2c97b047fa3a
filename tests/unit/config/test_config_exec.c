/*
 * Unit tests for src/config/config_exec.c: the "exec" key. Every malformed rule
 * must be an error that names its JSON path; a valid one must come out as one
 * server "exec" of transport SERVER_EXEC with the documented defaults.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "limits.h"

static const struct config_env env = {
	.home = "/home/u",
	.base_dir = "/etc/gh",
	.file_label = "gh.json",
};

static const struct server_config *
exec_server(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nservers; i++)
		if (cfg->servers[i].transport == SERVER_EXEC)
			return &cfg->servers[i];
	return NULL;
}

/* Parse `json`; expect failure with an error containing both `path` and `words`. */
static void
expect_error(const char *json, const char *path, const char *words)
{
	struct config cfg;
	struct config_diag d = { 0 };
	bool found = false;

	assert_int_equal(config_parse(json, strlen(json), &env, &cfg, &d), -1);
	for (size_t i = 0; i < d.nerrors; i++)
		if (strstr(d.errors[i], path) != NULL && strstr(d.errors[i], words) != NULL)
			found = true;
	if (!found) {
		for (size_t i = 0; i < d.nerrors; i++)
			print_error("    got: %s\n", d.errors[i]);
		fail_msg("no error with %s and \"%s\" for %s", path, words, json);
	}
	config_diag_free(&d);
	config_free(&cfg);
}

static void
test_valid_command(void **state)
{
	const char *json = "{\"exec\": {\"git-log\": {\"path\": \"/usr/bin/git\", \"description\": \"Recent commits\","
	    "\"cwd\": \"repo\", \"args\": [{\"fixed\": \"log\"}, {\"name\": \"count\", \"enum\": [\"-5\", \"-10\"], \"required\": true},"
	    "{\"name\": \"paths\", \"pattern\": \"[a-z./]+\", \"maxCount\": 3, \"prefix\": \"--\"},"
	    "{\"name\": \"stat\", \"flag\": \"--stat\"}], \"timeoutMs\": 5000},"
	    "\"date\": {\"path\": \"/bin/date\"}}}";
	struct config cfg;
	struct config_diag d = { 0 };
	const struct server_config *s;
	const struct exec_command *c;

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &env, &cfg, &d), 0);
	s = exec_server(&cfg);
	assert_non_null(s);
	assert_string_equal(s->key, "exec");
	assert_string_equal(s->prefix, "exec");
	assert_int_equal(s->isolation, ISOLATION_TOKEN);
	assert_int_equal(s->nexec, 2);
	/* The router waits longer than the longest command, so the command's own timeout answers. */
	assert_int_equal(s->timeout_ms, EXEC_TIMEOUT_MS_DEFAULT + EXEC_CALL_GRACE_MS);
	c = &s->exec[0];
	assert_string_equal(c->name, "git-log");
	assert_string_equal(c->cwd, "/etc/gh/repo");
	assert_int_equal(c->timeout_ms, 5000);
	assert_int_equal(c->max_output_bytes, EXEC_OUTPUT_DEFAULT);
	assert_int_equal(c->max_arg_bytes, EXEC_ARG_BYTES_DEFAULT);
	assert_int_equal(c->nparams, 4);
	assert_int_equal(c->params[0].kind, EXEC_FIXED);
	assert_int_equal(c->params[1].kind, EXEC_ENUM);
	assert_true(c->params[1].required);
	assert_int_equal(c->params[2].kind, EXEC_PATTERN);
	assert_int_equal(c->params[2].max_count, 3);
	assert_string_equal(c->params[2].prefix, "--");
	assert_int_equal(c->params[3].kind, EXEC_FLAG);
	/* Commands have no network unless they say so. */
	assert_false(c->sandbox->sandbox_off);
	assert_int_equal(c->sandbox->sandbox_network, NETWORK_NONE);
	assert_null(s->exec[1].cwd);
	config_diag_free(&d);
	config_free(&cfg);
}

static void
test_sandbox_settings(void **state)
{
	const char *json = "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"sandbox\": {\"network\": \"public\", \"read\": [\"/srv\"],"
	    "\"limits\": {\"processes\": 8}}}, \"b\": {\"path\": \"/bin/ls\", \"sandbox\": false}}}";
	struct config cfg;
	struct config_diag d = { 0 };
	const struct server_config *s;

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &env, &cfg, &d), 0);
	s = exec_server(&cfg);
	assert_int_equal(s->exec[0].sandbox->sandbox_network, NETWORK_PUBLIC);
	assert_int_equal(s->exec[0].sandbox->nsandbox_read, 1);
	assert_int_equal(s->exec[0].sandbox->sandbox_processes, 8);
	assert_true(s->exec[1].sandbox->sandbox_off);
	config_diag_free(&d);
	config_free(&cfg);
}

static void
test_no_commands_no_server(void **state)
{
	struct config cfg;
	struct config_diag d = { 0 };

	(void)state;
	assert_int_equal(config_parse("{\"exec\": {}}", 12, &env, &cfg, &d), 0);
	assert_null(exec_server(&cfg));
	config_diag_free(&d);
	config_free(&cfg);
}

/* Each bad input, the path its error must name, and words of the fix. */
static const struct { const char *json, *path, *words; } bad[] = {
	{ "{\"exec\": []}", "$.exec", "expected an object" },
	{ "{\"exec\": {\"a__b\": {\"path\": \"/bin/ls\"}}}", "$.exec.a__b", "command names" },
	{ "{\"exec\": {\"a\": {}}}", "$.exec.a.path", "is missing" },
	{ "{\"exec\": {\"a\": {\"path\": \"ls\"}}}", "$.exec.a.path", "not an absolute path" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"comand\": 1}}}", "$.exec.a.comand", "unknown key" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"timeoutMs\": 50}}}", "$.exec.a.timeoutMs", "from 100" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"maxOutputBytes\": 0}}}", "$.exec.a.maxOutputBytes", "from 1" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"maxArgBytes\": 200000}}}", "$.exec.a.maxArgBytes", "131071" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": {}}}}", "$.exec.a.args", "expected an array" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [\"-l\"]}}}", "$.exec.a.args[0]", "expected an object" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"fixed\": \"-l\", \"name\": \"x\"}]}}}", "$.exec.a.args[0]", "alone" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\"}]}}}", "$.exec.a.args[0]", "exactly one of" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"enum\": [\"a\"], \"pattern\": \"a\"}]}}}",
	  "$.exec.a.args[0]", "exactly one of" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"pattern\": \"a(\"}]}}}",
	  "$.exec.a.args[0].pattern", "not a valid POSIX extended regular expression" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"pattern\": \"(a)\\\\1\"}]}}}",
	  "$.exec.a.args[0].pattern", "back-references" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"enum\": []}]}}}", "$.exec.a.args[0].enum", "is empty" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"enum\": [1]}]}}}", "$.exec.a.args[0].enum[0]", "string" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"1x\", \"enum\": [\"a\"]}]}}}", "$.exec.a.args[0].name", "parameter name" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"enum\": [\"a\"]}, {\"name\": \"x\", \"flag\": \"-v\"}]}}}",
	  "$.exec.a.args[1].name", "declared twice" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"flag\": \"-v\", \"maxCount\": 2}]}}}", "$.exec.a.args[0]", "flag" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"pattern\": \"a\", \"maxCount\": 0}]}}}",
	  "$.exec.a.args[0].maxCount", "from 1" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"name\": \"x\", \"pattern\": \"a\", \"maxCount\": 1024}]}}}",
	  "$.exec.a.args", "arguments" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"args\": [{\"fixed\": \"a\\u0000b\"}]}}}", "line 1", "JSON_ALLOW_NUL" },
	{ "{\"exec\": {\"a\": {\"path\": \"/bin/ls\", \"sandbox\": {\"network\": \"yes\"}}}}", "$.exec.a.sandbox.network", "expected false" },
	{ "{\"mcpServers\": {\"exec\": {\"command\": \"x\"}}, \"exec\": {\"a\": {\"path\": \"/bin/ls\"}}}", "$.mcpServers.exec", "reserved" },
	{ "{\"mcpServers\": {\"s\": {\"command\": \"x\", \"prefix\": \"exec\"}}, \"exec\": {\"a\": {\"path\": \"/bin/ls\"}}}",
	  "$.mcpServers.s", "reserved" },
};

static void
test_bad_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_error(bad[i].json, bad[i].path, bad[i].words);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_command),
		cmocka_unit_test(test_sandbox_settings),
		cmocka_unit_test(test_no_commands_no_server),
		cmocka_unit_test(test_bad_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

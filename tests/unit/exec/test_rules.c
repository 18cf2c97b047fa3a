/*
 * Unit tests for src/exec/rules.c: the argv an exec command gets from a
 * model's arguments, and the tool generated from its rules. Every value that
 * passes is one argument exactly as given; everything a rule does not allow is
 * refused with a sentence that names the parameter.
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
#include "exec/exec.h"
#include "exec/rules.h"
#include "util/util.h"
#include "limits.h"

static const struct config_env env = { .home = "/home/u", .base_dir = "/etc/gh", .file_label = "gh.json" };

/* One command under test: printf with a fixed format, then every kind of rule. */
static const char config_text[] =
    "{\"exec\": {\"t\": {\"path\": \"/usr/bin/printf\", \"maxArgBytes\": 64, \"args\": ["
    "{\"fixed\": \"[%s]\\n\"},"
    "{\"name\": \"mode\", \"enum\": [\"fast\", \"-v\", \"a b\"], \"required\": true, \"description\": \"how\"},"
    "{\"name\": \"verbose\", \"flag\": \"--verbose\"},"
    "{\"name\": \"out\", \"pattern\": \"[a-z]+\\\\.txt\", \"prefix\": \"--output=\"},"
    "{\"name\": \"files\", \"pattern\": \"[A-Za-z0-9_./]+\", \"maxCount\": 3},"
    "{\"name\": \"any\", \"pattern\": \".*\"},"
    "{\"name\": \"odd\", \"pattern\": \"a)|(b\"}"
    "]}}}";

struct fixture {
	struct config      cfg;
	struct exec_rules  rules;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct config_diag d = { 0 };
	char err[256];

	if (config_parse(config_text, strlen(config_text), &env, &f->cfg, &d) != 0) {
		for (size_t i = 0; i < d.nerrors; i++)
			print_error("%s\n", d.errors[i]);
		return -1;
	}
	config_diag_free(&d);
	assert_int_equal(f->cfg.servers[0].transport, SERVER_EXEC);
	if (exec_rules_compile(&f->cfg.servers[0].exec[0], &f->rules, err, sizeof(err)) != 0) {
		print_error("%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	exec_rules_free(&f->rules);
	config_free(&f->cfg);
	free(f);
	return 0;
}

/* argv for `args_json`, joined with '|' after argv[0] (or NULL with err). */
static char *
run(struct fixture *f, const char *args_json, char *err, size_t errcap)
{
	json_t *a = args_json ? json_loads(args_json, JSON_ALLOW_NUL, NULL) : NULL;
	char **argv, *joined;
	size_t len = 1, o = 0;

	if (args_json != NULL)
		assert_non_null(a);
	argv = exec_rules_argv(&f->rules, a, err, errcap);
	json_decref(a);
	if (argv == NULL)
		return NULL;
	assert_string_equal(argv[0], "/usr/bin/printf");
	for (size_t i = 1; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	joined = calloc(1, len);
	for (size_t i = 1; argv[i]; i++) {
		if (i > 1)
			joined[o++] = '|';
		memcpy(joined + o, argv[i], strlen(argv[i]));
		o += strlen(argv[i]);
	}
	strv_free(argv);
	return joined;
}

static void
test_accepted(void **state)
{
	static const struct { const char *args, *argv; } cases[] = {
		{ "{\"mode\": \"fast\"}", "[%s]\n|fast" },
		/* A declared enum value may start with '-', and holds spaces as one argument. */
		{ "{\"mode\": \"-v\"}", "[%s]\n|-v" },
		{ "{\"mode\": \"a b\"}", "[%s]\n|a b" },
		{ "{\"mode\": \"fast\", \"verbose\": true}", "[%s]\n|fast|--verbose" },
		{ "{\"mode\": \"fast\", \"verbose\": false}", "[%s]\n|fast" },
		{ "{\"mode\": \"fast\", \"out\": \"log.txt\"}", "[%s]\n|fast|--output=log.txt" },
		{ "{\"mode\": \"fast\", \"files\": [\"a\", \"b/c.d\", \"e\"]}", "[%s]\n|fast|a|b/c.d|e" },
		{ "{\"mode\": \"fast\", \"files\": []}", "[%s]\n|fast" },
		/* null is "not given" for an optional parameter. */
		{ "{\"mode\": \"fast\", \"out\": null}", "[%s]\n|fast" },
		/* What a shell would interpret is one literal argument here. */
		{ "{\"mode\": \"fast\", \"any\": \"$(date); rm -rf / && `id` | x > y\\n*\"}",
		  "[%s]\n|fast|$(date); rm -rf / && `id` | x > y\n*" },
		{ "{\"mode\": \"fast\", \"any\": \"\"}", "[%s]\n|fast|" },
		{ "{\"mode\": \"fast\", \"any\": \"~\"}", "[%s]\n|fast|~" },
		/* Rule order is argv order, whatever the order of the JSON keys. */
		{ "{\"files\": [\"z\"], \"verbose\": true, \"mode\": \"fast\"}", "[%s]\n|fast|--verbose|z" },
	};
	struct fixture *f = *state;
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = run(f, cases[i].args, err, sizeof(err));
		if (got == NULL)
			fail_msg("%s refused: %s", cases[i].args, err);
		assert_string_equal(got, cases[i].argv);
		free(got);
	}
}

static void
test_refused(void **state)
{
	static const struct { const char *args, *words; } cases[] = {
		{ NULL, "parameter \"mode\" is required" },
		{ "{}", "parameter \"mode\" is required" },
		{ "[]", "must be an object" },
		{ "{\"mode\": \"slow\"}", "is not one of the allowed values" },
		{ "{\"mode\": \"FAST\"}", "is not one of the allowed values" },
		{ "{\"mode\": \"fast \"}", "is not one of the allowed values" },
		{ "{\"mode\": 1}", "must be a string" },
		{ "{\"mode\": [\"fast\"]}", "must be a string" },
		{ "{\"mode\": \"fast\", \"extra\": \"x\"}", "unknown parameter \"extra\"; this tool takes only: mode, verbose, out, files, any, odd" },
		{ "{\"mode\": \"fast\", \"verbose\": \"yes\"}", "must be true or false" },
		/* Options the command did not declare. */
		{ "{\"mode\": \"fast\", \"any\": \"-exec\"}", "starts with '-'" },
		{ "{\"mode\": \"fast\", \"any\": \"--checkpoint-action=exec=sh\"}", "starts with '-'" },
		{ "{\"mode\": \"fast\", \"any\": \"--\"}", "starts with '-'" },
		{ "{\"mode\": \"fast\", \"files\": [\"a\", \"-c\"]}", "parameter \"files\"[1] \"-c\" starts with '-'" },
		/* The pattern matches the whole value, not a part of it. */
		{ "{\"mode\": \"fast\", \"out\": \"log.txt; id\"}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"out\": \"x log.txt\"}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"out\": \"log.txt\\n\"}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"files\": [\"a b\"]}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"files\": [\"$(id)\"]}", "does not match the pattern" },
		/* A pattern that would undo its anchors ("a)|(b") still matches only the whole value. */
		{ "{\"mode\": \"fast\", \"odd\": \"ax\"}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"odd\": \"xb\"}", "does not match the pattern" },
		{ "{\"mode\": \"fast\", \"files\": [\"a\", \"b\", \"c\", \"d\"]}", "has 4 values; at most 3 are allowed" },
		{ "{\"mode\": \"fast\", \"files\": \"a\"}", "must be a list of strings" },
		{ "{\"mode\": \"fast\", \"any\": \"a\\u0000b\"}", "contains a NUL byte" },
		{ "{\"mode\": \"fast\", \"any\": \"0123456789012345678901234567890123456789012345678901234567890123456789\"}",
		  "is 70 bytes long; at most 64 are allowed" },
		/* The prefix counts toward maxArgBytes. */
		{ "{\"mode\": \"fast\", \"out\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt\"}", "at most 55 are allowed" },
	};
	struct fixture *f = *state;
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got;
		err[0] = '\0';
		got = run(f, cases[i].args, err, sizeof(err));
		if (got != NULL)
			fail_msg("%s accepted as %s", cases[i].args ? cases[i].args : "(none)", got);
		if (strstr(err, cases[i].words) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].args ? cases[i].args : "(none)", err, cases[i].words);
	}
}

/* An error quotes a short, printable excerpt, never the whole value. */
static void
test_error_excerpt(void **state)
{
	struct fixture *f = *state;
	char err[256];
	char args[300];

	snprintf(args, sizeof(args), "{\"mode\": \"%s\\u001b[31m%s\"}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyyyyyyy");
	assert_null(run(f, args, err, sizeof(err)));
	assert_null(strchr(err, '\x1b'));
	assert_null(strstr(err, "yyyyyyyyyyyyyyyyyyyy"));
	assert_non_null(strstr(err, "..."));
}

static void
test_schema(void **state)
{
	struct fixture *f = *state;
	json_t *tool = exec_rules_tool(f->rules.cmd), *in, *props, *p;
	char *text;

	assert_string_equal(json_string_value(json_object_get(tool, "name")), "t");
	assert_non_null(strstr(json_string_value(json_object_get(tool, "description")),
	    "Runs /usr/bin/printf [%s]\n <mode> [--verbose] [--output=<out>] [<files>...]"));
	in = json_object_get(tool, "inputSchema");
	assert_string_equal(json_string_value(json_object_get(in, "type")), "object");
	assert_true(json_is_false(json_object_get(in, "additionalProperties")));
	text = json_dumps(json_object_get(in, "required"), JSON_COMPACT);
	assert_string_equal(text, "[\"mode\"]");
	free(text);
	props = json_object_get(in, "properties");
	/* Fixed arguments are not the model's to fill. */
	assert_int_equal(json_object_size(props), 6);
	p = json_object_get(props, "mode");
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"description\":\"how\",\"enum\":[\"fast\",\"-v\",\"a b\"],\"type\":\"string\"}");
	free(text);
	text = json_dumps(json_object_get(props, "verbose"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"type\":\"boolean\"}");
	free(text);
	text = json_dumps(json_object_get(props, "out"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"maxLength\":55,\"pattern\":\"^([a-z]+\\\\.txt)$\",\"type\":\"string\"}");
	free(text);
	text = json_dumps(json_object_get(props, "files"), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"items\":{\"maxLength\":64,\"pattern\":\"^([A-Za-z0-9_./]+)$\",\"type\":\"string\"},"
	    "\"maxItems\":3,\"type\":\"array\"}");
	free(text);
	p = json_object_get(tool, "outputSchema");
	assert_non_null(json_object_get(json_object_get(p, "properties"), "exitCode"));
	json_decref(tool);
}

static void
test_utf8_text(void **state)
{
	static const struct { const char *in; size_t len; const char *out; } cases[] = {
		{ "plain", 5, "plain" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
		{ "a\xff" "b", 3, "a\xef\xbf\xbd" "b" },
		{ "a\0b", 3, "a\xef\xbf\xbd" "b" },
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd" },          /* overlong '/' */
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* a surrogate */
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
		{ "\xf0\x9f\x98", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* cut at the cap */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = exec_utf8_text(cases[i].in, cases[i].len);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_excerpt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test(test_utf8_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

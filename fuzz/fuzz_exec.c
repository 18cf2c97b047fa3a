/*
 * libFuzzer driver for the argument check of exec commands (exec_rules_argv,
 * src/exec/rules.h): a model's JSON arguments against a command with every
 * kind of rule, and the output-to-text conversion (exec_utf8_text).
 *
 * Input: any bytes, parsed as JSON (with NUL allowed, as a hostile client would
 * try); the same bytes as program output.
 * Invariants (__builtin_trap): either an argv or one printable line of error;
 * an argv starts with the path, holds at most LIMIT_EXEC_ARGS + 1 strings, each
 * within maxArgBytes, none from a pattern rule starting with '-', the fixed
 * arguments in place; the text of any output is valid UTF-8 without NUL.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "exec/exec.h"
#include "exec/rules.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config_text[] =
    "{\"exec\": {\"t\": {\"path\": \"/usr/bin/printf\", \"maxArgBytes\": 64, \"args\": ["
    "{\"fixed\": \"FIXED\"},"
    "{\"name\": \"mode\", \"enum\": [\"fast\", \"-v\"]},"
    "{\"name\": \"verbose\", \"flag\": \"--verbose\"},"
    "{\"name\": \"out\", \"pattern\": \"[a-z]+\\\\.txt\", \"prefix\": \"--output=\"},"
    "{\"name\": \"files\", \"pattern\": \"[^-].*\", \"maxCount\": 8},"
    "{\"name\": \"any\", \"pattern\": \".*\"}"
    "]}}}";

static struct config cfg;
static struct exec_rules rules;

static void
setup(void)
{
	static const struct config_env env = { .home = "/h", .base_dir = "/e", .file_label = "f" };
	struct config_diag d = { 0 };
	char err[256];

	if (config_parse(config_text, strlen(config_text), &env, &cfg, &d) != 0 ||
	    exec_rules_compile(&cfg.servers[0].exec[0], &rules, err, sizeof(err)) != 0)
		__builtin_trap();
	config_diag_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	json_t *args;
	char err[256], **argv, *text;
	size_t n = 0;

	if (!ready) {
		setup();
		ready = true;
	}
	args = json_loadb((const char *)data, size, JSON_ALLOW_NUL | JSON_DECODE_ANY, NULL);
	err[0] = '\0';
	argv = exec_rules_argv(&rules, args, err, sizeof(err));
	if (argv == NULL) {
		if (err[0] == '\0')
			__builtin_trap();
		for (const char *c = err; *c; c++)
			if ((unsigned char)*c < 0x20)
				__builtin_trap();
	} else {
		if (strcmp(argv[0], "/usr/bin/printf") != 0 || argv[1] == NULL || strcmp(argv[1], "FIXED") != 0)
			__builtin_trap();
		for (n = 1; argv[n] != NULL; n++) {
			size_t len = strlen(argv[n]);
			if (len > 64 || n > LIMIT_EXEC_ARGS)
				__builtin_trap();
			/* Only the declared "-v", "--verbose" and "--output=" may start with '-'. */
			if (argv[n][0] == '-' && strcmp(argv[n], "-v") != 0 && strcmp(argv[n], "--verbose") != 0 &&
			    strncmp(argv[n], "--output=", 9) != 0)
				__builtin_trap();
			if (strncmp(argv[n], "--output=", 9) == 0 && argv[n][9] == '-')
				__builtin_trap();
		}
		strv_free(argv);
	}
	json_decref(args);
	text = exec_utf8_text((const char *)data, size);
	{
		json_t *s = json_stringn(text, strlen(text));
		if (s == NULL)
			__builtin_trap();       /* jansson refuses anything that is not UTF-8 */
		json_decref(s);
	}
	free(text);
	return 0;
}

/*
 * libFuzzer driver for config_parse(): the whole gatehouse.json parser and its
 * validation, with a fixed environment so that runs are reproducible. Every
 * parse, good or bad, must free everything it allocated (LeakSanitizer checks).
 * The same input also goes through ${VAR} expansion as one string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed environment for ${VAR}: two names set, one of them empty. */
static const char *
lookup(const char *name)
{
	if (strcmp(name, "A") == 0)
		return "value-of-a";
	if (strcmp(name, "E") == 0)
		return "";
	return NULL;
}

/* config_expand_with() on the raw input as one string: a result is bounded and NUL-terminated. */
static void
fuzz_expand(const uint8_t *data, size_t size)
{
	char err[512];
	char *text, *out;

	if (size > LIMIT_CONFIG_STRING)
		return;
	text = malloc(size + 1);
	if (text == NULL)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	out = config_expand_with(text, lookup, NULL, NULL, err, sizeof(err));
	if (out != NULL && strlen(out) > LIMIT_CONFIG_EXPANDED)
		__builtin_trap();
	/* Without a reference nothing changes. */
	if (out != NULL && strchr(text, '$') == NULL && strcmp(out, text) != 0)
		__builtin_trap();
	free(out);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct config_env env = {
		.home = "/home/u",
		.xdg_state_home = NULL,
		.base_dir = "/etc/gatehouse",
		.file_label = "fuzz.json",
		.lookup = lookup,
	};
	struct config cfg;
	struct config_diag diag = { 0 };
	int rc;

	rc = config_parse((const char *)data, size, &env, &cfg, &diag);
	/* A failed parse must say why; a successful one must leave no errors. */
	if ((rc == 0) != (diag.nerrors == 0))
		__builtin_trap();
	if (diag.nerrors > LIMIT_CONFIG_ERRORS || diag.nwarnings > LIMIT_CONFIG_ERRORS)
		__builtin_trap();
	if (rc == 0) {
		/* A valid configuration always has somewhere to listen and a state dir. */
		if (cfg.nlisten == 0 || cfg.state_dir == NULL || cfg.state_dir[0] != '/')
			__builtin_trap();
		for (size_t i = 0; i < cfg.nlisten; i++)
			if (!cfg.listen[i].loopback && cfg.tls_cert == NULL && cfg.ntrusted_proxies == 0)
				__builtin_trap();
	}
	config_free(&cfg);
	config_diag_free(&diag);
	fuzz_expand(data, size);
	return 0;
}

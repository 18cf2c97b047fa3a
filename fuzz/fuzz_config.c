/*
 * libFuzzer driver for config_parse(): the whole gatehouse.json parser and its
 * validation, with a fixed environment so that runs are reproducible. Every
 * parse, good or bad, must free everything it allocated (LeakSanitizer checks).
 */
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct config_env env = {
		.home = "/home/u",
		.xdg_state_home = NULL,
		.base_dir = "/etc/gatehouse",
		.file_label = "fuzz.json",
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
	return 0;
}

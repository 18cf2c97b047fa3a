/* `gatehouse audit`: run every check family, print the report, exit 1 when a
 * finding reaches --fail-on. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../audit/audit.h"
#include "../config/config.h"
#include "../util/util.h"
#include "cli.h"

static int
parse_severity(const char *s)
{
	if (strcmp(s, "info") == 0)
		return SEV_INFO;
	if (strcmp(s, "warn") == 0)
		return SEV_WARN;
	if (strcmp(s, "critical") == 0)
		return SEV_CRITICAL;
	return -1;
}

int
cmd_audit(struct cli_ctx *ctx)
{
	struct audit_opts o = { .proc_root = "/proc", .probe_timeout_ms = 800 };
	enum audit_format format = AUDIT_TEXT;
	int fail_on = SEV_WARN, rc = 0;
	struct config cfg;
	struct config_diag diag = { 0 };
	struct report r = { 0 };
	char *out;

	for (int i = 0; i < ctx->argc; i++) {
		const char *a = ctx->argv[i];
		if (strcmp(a, "--deep") == 0) {
			o.deep = true;
		} else if (strcmp(a, "--fix") == 0) {
			o.fix = true;
		} else if (strcmp(a, "--format") == 0 && i + 1 < ctx->argc) {
			const char *f = ctx->argv[++i];
			if (strcmp(f, "text") == 0)
				format = AUDIT_TEXT;
			else if (strcmp(f, "json") == 0)
				format = AUDIT_JSON;
			else if (strcmp(f, "sarif") == 0)
				format = AUDIT_SARIF;
			else {
				cli_error("--format \"%s\" is not one of text, json, sarif", f);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--fail-on") == 0 && i + 1 < ctx->argc) {
			if ((fail_on = parse_severity(ctx->argv[++i])) < 0) {
				cli_error("--fail-on \"%s\" is not one of info, warn, critical", ctx->argv[i]);
				return EXIT_USAGE;
			}
		} else {
			cli_error("audit: unknown or incomplete option \"%s\"; see `gatehouse audit --help`", a);
			return EXIT_USAGE;
		}
	}
	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	o.home = getenv("HOME");
	/* A configuration that does not load is itself a finding; the defaults stand in. */
	if (config_load(ctx->config_path, &cfg, &diag) != 0) {
		o.config_errors = diag.errors;
		o.nconfig_errors = diag.nerrors;
	}
	o.cfg = &cfg;
	o.config_path = cfg.path;

	/* Files first: --fix of the config opens the store, which tightens modes on its
	 * own; the file checks must see (and record) them as they were. */
	audit_files(&o, &r);
	{
		size_t from = r.n;
		audit_config(&o, &r);
		/* --fix rewrote the configuration: check it again as it is now, so that
		 * what was fixed is shown as fixed and the rest as it stands. */
		if (o.fix && r.config_rewritten) {
			struct config cfg2;
			struct config_diag diag2 = { 0 };
			struct report again = { 0 };
			struct audit_opts o2 = o;

			o2.fix = false;
			o2.config_errors = NULL;
			o2.nconfig_errors = 0;
			if (config_load(ctx->config_path, &cfg2, &diag2) != 0) {
				o2.config_errors = diag2.errors;
				o2.nconfig_errors = diag2.nerrors;
			}
			o2.cfg = &cfg2;
			o2.config_path = cfg2.path;
			audit_config(&o2, &again);
			audit_settle_fixed(&r, from, &again);
			config_diag_free(&diag);
			config_free(&cfg);
			diag = diag2;
			cfg = cfg2;
			o.cfg = &cfg;
			o.config_path = cfg.path;
			o.config_errors = diag.errors;
			o.nconfig_errors = diag.nerrors;
		}
	}
	audit_clients(&o, &r);
	audit_host(&o, &r);

	out = audit_render(&r, format);
	fputs(out, stdout);
	if (format != AUDIT_TEXT)
		fputc('\n', stdout);
	free(out);
	/* What --fix fixed in this run does not count. */
	rc = audit_fails(&r, fail_on) ? 1 : 0;
	audit_report_free(&r);
	config_diag_free(&diag);
	config_free(&cfg);
	return rc;
}

/* The command line (DESIGN.md section 3): a table of commands, each with its own
 * --help. Exit codes: 0 success, 1 failure or findings, 2 usage error. */
#ifndef GH_CLI_H
#define GH_CLI_H

#include <stddef.h>
#include <stdint.h>

#define EXIT_USAGE 2

struct cli_ctx {
	const char *config_path;        /* --config, or NULL */
	int         argc;               /* arguments after the command word(s) */
	char      **argv;
	unsigned    load_flags;         /* CONFIG_LOAD_* for cli_load_config */
};

int cli_main(int argc, char **argv);

/* Commands implemented in their own files. */
int cmd_serve(struct cli_ctx *ctx);
int cmd_stdio(struct cli_ctx *ctx);
int cmd_audit(struct cli_ctx *ctx);
int cmd_check_config(struct cli_ctx *ctx);
int cmd_token(struct cli_ctx *ctx);
int cmd_tools(struct cli_ctx *ctx);
int cmd_secret(struct cli_ctx *ctx);
int cmd_log(struct cli_ctx *ctx);
int cmd_version(struct cli_ctx *ctx);
int cmd_status(struct cli_ctx *ctx);
int cmd_import(struct cli_ctx *ctx);
int cmd_connect(struct cli_ctx *ctx);

/* Shared by commands: load the config or print every error; 0 or -1. */
struct config;
int cli_load_config(struct cli_ctx *ctx, struct config *cfg);
/* Load the config and open its state database; errors printed. 0, or -1 (cfg
 * still to be freed). */
struct store;
int cli_open_store(struct cli_ctx *ctx, struct config *cfg, struct store **st);

/* A command made of subcommands: run the one named by argv[0], or say which exist. */
struct cli_sub {
	const char *name;
	int       (*run)(struct cli_ctx *ctx);
};
int cli_dispatch(struct cli_ctx *ctx, const char *command, const struct cli_sub *subs, size_t n);

/* Unix seconds as YYYY-MM-DDTHH:MM:SSZ (UTC); 0 is "never". */
void cli_format_time(int64_t t, char *buf, size_t cap);

/* One-sentence error on stderr, prefixed "gatehouse: ". */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Is argv[i] a request for help? */
int cli_wants_help(int argc, char **argv);

#endif

#include "cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../config/config.h"
#include "../exec/sandbox.h"
#include "../store/store.h"

struct command {
	const char *name;
	const char *synopsis;
	const char *help;
	int       (*run)(struct cli_ctx *ctx);   /* NULL: not implemented yet */
};

/* Every command of DESIGN.md section 3; the ones whose issue has not landed say so. */
static const struct command commands[] = {
	{ "serve", "serve",
	  "Run the gateway in the foreground. Logs go to stderr; SIGTERM or SIGINT stop it,\n"
	  "SIGHUP reloads the configuration (listeners and TLS need a restart).", cmd_serve },
	{ "stdio", "stdio",
	  "Serve one MCP client over stdin/stdout with the same configuration and servers,\n"
	  "no network listener and no token (for clients that only launch commands).", cmd_stdio },
	{ "check-config", "check-config",
	  "Validate the configuration, then check what start would find: stdio programs in\n"
	  "PATH, each \"cwd\", TLS files, {\"env\": VAR} and {\"secret\": NAME} references,\n"
	  "sandbox paths. Print \"configuration OK\" or every problem with its JSON path and\n"
	  "fix (exit 1); risky but valid settings are warnings (exit 0).", cmd_check_config },
	{ "token", "token new NAME [--tools GLOB]... [--expires DURATION] | token list | token revoke NAME",
	  "Manage client tokens. `new` prints the token once on stdout; only its hash is stored.\n"
	  "DURATION is a number with s, m, h, d or w (e.g. 30d). Changes reach a running\n"
	  "gateway within one second.", cmd_token },
	{ "tools", "tools list | pending | diff NAME | approve NAME... | deny NAME... | scan FILE|-",
	  "Review what the guard pinned and held. NAME is the name clients see (PREFIX__name),\n"
	  "or SERVER:instructions. `approve` pins the definition waiting for review, `deny`\n"
	  "keeps it hidden; a running gateway follows within a second. `scan` runs the\n"
	  "poisoning scan on a tool list without a gateway (--format text|json; exit 1 when\n"
	  "something would be held, 2 on bad input).", cmd_tools },
	{ "secret", "secret set NAME | secret list | secret rm NAME",
	  "Manage the encrypted vault. `set` reads the value from standard input (never from\n"
	  "the command line) and creates the vault key in the state directory on first use,\n"
	  "unless $GATEHOUSE_VAULT_KEY_FILE or $CREDENTIALS_DIRECTORY/gatehouse-vault-key names\n"
	  "one. Servers take values with {\"secret\": \"NAME\"} in their env or headers.", cmd_secret },
	{ "log", "log tail [-n N] [-f] [--token T] [--server S] [--tool T] [--outcome O] | log export [--since TIME] [--format jsonl] | log verify | log prune --before TIME",
	  "Read and verify the hash-chained record of every call and decision. `tail -f`\n"
	  "follows; `export` writes JSON lines (TIME: unix seconds, YYYY-MM-DD, an RFC 3339\n"
	  "UTC time, or an age such as 24h); `verify` exits 1 naming the first record that\n"
	  "was edited, removed, moved, or cut from the end.", cmd_log },
	{ "audit", "audit [--deep] [--fix] [--format text|json|sarif] [--fail-on info|warn|critical]",
	  "Find exposure and misconfiguration on this host: gatehouse's own config and files,\n"
	  "MCP client configs and agent transcripts in your home, and listening services.\n"
	  "  --deep       also probe loopback services for access without credentials\n"
	  "  --fix        make safe changes to gatehouse's own files (modes, loopback bind,\n"
	  "               a first token), with backups, and print each change\n"
	  "  --format     text (default), json or sarif (SARIF 2.1.0)\n"
	  "  --fail-on    exit 1 when a finding is at least this severe (default warn)", cmd_audit },
	{ "status", "status [--format text|json]",
	  "Ask the running gateway what state its servers are in: state, ready instances,\n"
	  "restarts, uptime, tools, calls, errors and the last error of each; sessions per\n"
	  "token; listeners. Uses $GATEHOUSE_TOKEN or the state directory's default.token.", cmd_status },
	{ "import", "import [CLIENT|FILE] [--dry-run] [--rewrite]",
	  "Take over the MCP servers of a client: claude-desktop, claude-code, cursor, vscode,\n"
	  "windsurf, gemini, or the path of such a file; without one, every client whose file\n"
	  "exists. Prints what happens to each server, then merges them into gatehouse's\n"
	  "configuration (a backup FILE.bak-TIME first).\n"
	  "Inline secrets go into the vault when it has a key, else the server reads them\n"
	  "from the environment and you are told to `gatehouse secret set` them.\n"
	  "  --dry-run    only print what would be done\n"
	  "  --rewrite    also point the client at gatehouse: its servers are replaced by\n"
	  "               one gatehouse entry (a backup of its file first)", cmd_import },
	{ "connect", "connect CLIENT [--write]",
	  "Print the entry that points CLIENT at gatehouse, in that client's own format: the\n"
	  "URL of the first listener, the token by reference ($GATEHOUSE_TOKEN); Claude\n"
	  "Desktop gets a `gatehouse stdio` command.\n"
	  "  --write      merge it into the client's file instead (a backup first)", cmd_connect },
	{ "version", "version",
	  "Print the version, build flags and the sandbox features this kernel offers.", cmd_version },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gatehouse: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static void
usage(FILE *out)
{
	fputs("usage: gatehouse [--config FILE] COMMAND [ARGS]\n\n"
	    "A secure-by-default gateway between AI agents and their MCP servers.\n\n"
	    "Commands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s%s\n", commands[i].synopsis, commands[i].run ? "" : "  (not implemented yet)");
	fputs("\nOptions:\n"
	    "  --config FILE   configuration file (else $GATEHOUSE_CONFIG, else\n"
	    "                  $XDG_CONFIG_HOME/gatehouse/gatehouse.json, else\n"
	    "                  ~/.config/gatehouse/gatehouse.json)\n"
	    "  --help          this help; `gatehouse COMMAND --help` for one command\n\n"
	    "Exit codes: 0 success, 1 failure or findings, 2 usage error.\n", out);
}

int
cli_load_config(struct cli_ctx *ctx, struct config *cfg)
{
	struct config_diag diag = { 0 };
	int rc = config_load_flags(ctx->config_path, ctx->load_flags, cfg, &diag);

	for (size_t i = 0; i < diag.nerrors; i++)
		fprintf(stderr, "gatehouse: %s\n", diag.errors[i]);
	if (diag.dropped)
		fprintf(stderr, "gatehouse: ... and %zu more errors\n", diag.dropped);
	config_diag_free(&diag);
	return rc;
}

void
cli_format_time(int64_t t, char *buf, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == 0) {
		snprintf(buf, cap, "never");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
cli_open_store(struct cli_ctx *ctx, struct config *cfg, struct store **st)
{
	char err[LIMIT_PATH + 256];

	if (cli_load_config(ctx, cfg) != 0)
		return -1;
	if (store_open(cfg->state_dir, st, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		return -1;
	}
	return 0;
}

int
cli_dispatch(struct cli_ctx *ctx, const char *command, const struct cli_sub *subs, size_t n)
{
	char names[256];
	size_t o = 0;

	if (sodium_init() < 0) {
		cli_error("libsodium failed to initialise");
		return 1;
	}
	for (size_t i = 0; ctx->argc > 0 && i < n; i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			return subs[i].run(ctx);
	names[0] = '\0';
	for (size_t i = 0; i < n && o < sizeof(names); i++)
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
		    subs[i].name);
	if (ctx->argc == 0)
		cli_error("%s needs a subcommand: %s", command, names);
	else
		cli_error("unknown %s subcommand \"%s\"; use %s", command, ctx->argv[0], names);
	return EXIT_USAGE;
}

int
cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = { 0 };
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	int nrest = 0, rc;
	const struct command *cmd = NULL;

	if (rest == NULL)
		return 1;
	/* The sandbox trampoline of stdio servers: hidden, started only by the
	 * gateway itself (src/exec/sandbox.h); it never returns on success. */
	if (argc > 1 && strcmp(argv[1], "__sandbox-exec") == 0) {
		free(rest);
		return sandbox_exec_main(argc - 2, argv + 2);
	}
	/* Every file any command creates is private (state, tokens, database). */
	umask(077);
	/* --config may stand anywhere; everything else keeps its order. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc) {
				cli_error("--config needs a file name");
				free(rest);
				return EXIT_USAGE;
			}
			ctx.config_path = argv[++i];
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			ctx.config_path = argv[i] + 9;
		} else {
			rest[nrest++] = argv[i];
		}
	}
	if (nrest == 0 || strcmp(rest[0], "--help") == 0 || strcmp(rest[0], "-h") == 0 ||
	    strcmp(rest[0], "help") == 0) {
		usage(nrest == 0 ? stderr : stdout);
		free(rest);
		return nrest == 0 ? EXIT_USAGE : 0;
	}
	if (strcmp(rest[0], "--version") == 0)
		rest[0] = (char *)"version";
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(rest[0], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		cli_error("unknown command \"%s\"; run `gatehouse --help` for the list", rest[0]);
		free(rest);
		return EXIT_USAGE;
	}
	if (cli_wants_help(nrest - 1, rest + 1)) {
		printf("usage: gatehouse [--config FILE] %s\n\n%s\n", cmd->synopsis, cmd->help);
		free(rest);
		return 0;
	}
	if (cmd->run == NULL) {
		cli_error("`%s` is not implemented yet in this version", cmd->name);
		free(rest);
		return 1;
	}
	ctx.argc = nrest - 1;
	ctx.argv = rest + 1;
	rc = cmd->run(&ctx);
	free(rest);
	return rc;
}

/*
 * `gatehouse secret set NAME | list | rm NAME`: the vault (src/vault/vault.h).
 * A value is read from standard input, never from the command line (argv is
 * visible to every user in ps and stays in shell history); on a terminal the
 * input is not echoed. `list` shows names and dates, never a value.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../config/config.h"
#include "../store/store.h"
#include "../util/util.h"
#include "../vault/vault.h"
#include "cli.h"

/*
 * Read the value: at most VAULT_VALUE_MAX bytes; one final newline (LF or
 * CRLF) is not part of it. buf has VAULT_VALUE_MAX + 2 bytes, in guarded memory.
 */
static long
read_value(unsigned char *buf, const char *name)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	size_t len = 0;

	if (tty) {
		fprintf(stderr, "value of secret %s (not shown; end with Enter): ", name);
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	while (len < VAULT_VALUE_MAX + 2) {
		ssize_t n = read(STDIN_FILENO, buf + len, VAULT_VALUE_MAX + 2 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (tty && buf[len - 1] == '\n')
			break;
	}
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > VAULT_VALUE_MAX)
		return -1;
	return (long)len;
}

static int
secret_set(struct cli_ctx *ctx)
{
	char err[LIMIT_PATH + 512];
	struct config cfg;
	struct store *st;
	struct vault *v;
	unsigned char *buf;
	long len;
	int rc = 1;

	if (ctx->argc > 2) {
		cli_error("secret set takes the value from standard input, never from the command line "
		    "(ps and shell history would show it): echo \"$VALUE\" | gatehouse secret set NAME");
		return EXIT_USAGE;
	}
	if (ctx->argc != 2) {
		cli_error("secret set needs a NAME; the value is read from standard input");
		return EXIT_USAGE;
	}
	if (!vault_name_valid(ctx->argv[1])) {
		cli_error("\"%s\" is not a valid secret name: 1 to %d characters of A-Z a-z 0-9 _ . -",
		    ctx->argv[1], VAULT_NAME_MAX);
		return EXIT_USAGE;
	}
	if ((buf = sodium_malloc(VAULT_VALUE_MAX + 2)) == NULL) {
		cli_error("out of memory");
		return 1;
	}
	len = read_value(buf, ctx->argv[1]);
	if (len <= 0) {
		cli_error(len == 0 ? "the value of secret %s is empty; write it on standard input" :
		    "the value of secret %s is longer than 64 KiB", ctx->argv[1]);
		sodium_free(buf);
		return 1;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		sodium_free(buf);
		config_free(&cfg);
		return 1;
	}
	if (vault_open(st, cfg.state_dir, true, &v, err, sizeof(err)) != 0) {
		cli_error("%s", err);
	} else {
		if (vault_set(v, ctx->argv[1], buf, (size_t)len, err, sizeof(err)) != 0)
			cli_error("%s", err);
		else {
			fprintf(stderr, "gatehouse: secret %s stored (%ld bytes, key %s); a running gateway uses "
			    "it when a server starts next\n", ctx->argv[1], len, vault_key_source(v));
			rc = 0;
		}
		vault_close(v);
	}
	sodium_free(buf);           /* wipes the value */
	store_close(st);
	config_free(&cfg);
	return rc;
}

static void
print_secret(void *arg, const char *name, int64_t created, int64_t updated)
{
	char c[32], u[32];

	(void)arg;
	cli_format_time(created, c, sizeof(c));
	cli_format_time(updated, u, sizeof(u));
	printf("%-40s %-20s %s\n", name, c, u);
}

static int
secret_list(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	int rc;

	if (ctx->argc > 1) {
		cli_error("secret list takes no arguments");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	printf("%-40s %-20s %s\n", "NAME", "CREATED", "UPDATED");
	rc = store_secret_each(st, print_secret, NULL);
	store_close(st);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}

static int
secret_rm(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	enum store_result r;

	if (ctx->argc != 2) {
		cli_error("secret rm needs exactly one NAME");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	r = store_secret_remove(st, ctx->argv[1]);
	store_close(st);
	config_free(&cfg);
	if (r == STORE_NOT_FOUND) {
		cli_error("the vault has no secret \"%s\"; `gatehouse secret list` shows the names", ctx->argv[1]);
		return 1;
	}
	if (r != STORE_OK) {
		cli_error("could not remove the secret from the state database");
		return 1;
	}
	return 0;
}

int
cmd_secret(struct cli_ctx *ctx)
{
	static const struct cli_sub subs[] = {
		{ "set", secret_set }, { "list", secret_list }, { "rm", secret_rm },
	};

	return cli_dispatch(ctx, "secret", subs, sizeof(subs) / sizeof(subs[0]));
}

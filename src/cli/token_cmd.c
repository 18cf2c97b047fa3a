/* `gatehouse token new|list|revoke`. The token text exists only on stdout of
 * `token new` (and in default.token on first start); the database keeps its hash. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../auth/auth.h"
#include "../config/config.h"
#include "../store/store.h"
#include "../util/util.h"
#include "cli.h"

static bool
glob_ok(const char *g)
{
	size_t n = strlen(g);

	if (n == 0 || n > 200)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = g[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || c == '.' || c == '*' || c == '?' || c == '/'))
			return false;
	}
	return true;
}

static int
token_new(struct cli_ctx *ctx)
{
	const char *name = NULL;
	int64_t expires = 0;
	json_t *tools = NULL;
	struct config cfg;
	struct store *st;
	char token[TOKEN_TEXT_LEN + 1];
	uint8_t hash[TOKEN_HASH_BYTES];
	char *tools_json = NULL;
	enum store_result r;

	for (int i = 1; i < ctx->argc; i++) {
		const char *a = ctx->argv[i];
		if (strcmp(a, "--tools") == 0 && i + 1 < ctx->argc) {
			const char *g = ctx->argv[++i];
			if (!glob_ok(g)) {
				cli_error("--tools \"%s\" is not a tool glob (letters, digits, _ - . / and the wildcards * ?)", g);
				json_decref(tools);
				return EXIT_USAGE;
			}
			if (tools == NULL)
				tools = json_array();
			if (json_array_size(tools) >= LIMIT_TOKEN_GLOBS) {
				cli_error("at most %d --tools globs per token", LIMIT_TOKEN_GLOBS);
				json_decref(tools);
				return EXIT_USAGE;
			}
			json_array_append_new(tools, json_string(g));
		} else if (strcmp(a, "--expires") == 0 && i + 1 < ctx->argc) {
			const char *d = ctx->argv[++i];
			int64_t secs = auth_duration_parse(d);
			if (secs < 0) {
				cli_error("--expires \"%s\" is not a duration; write a number and a unit, e.g. 12h, 30d or 1w", d);
				json_decref(tools);
				return EXIT_USAGE;
			}
			expires = util_wall_seconds() + secs;
		} else if (a[0] == '-') {
			cli_error("token new: unknown or incomplete option \"%s\"; see `gatehouse token --help`", a);
			json_decref(tools);
			return EXIT_USAGE;
		} else if (name == NULL) {
			name = a;
		} else {
			cli_error("token new takes one NAME (got \"%s\" too)", a);
			json_decref(tools);
			return EXIT_USAGE;
		}
	}
	if (name == NULL || !auth_name_valid(name)) {
		cli_error("token new needs a NAME of 1 to %d letters, digits, '.', '_' or '-'", LIMIT_TOKEN_NAME);
		json_decref(tools);
		return EXIT_USAGE;
	}
	if (tools) {
		tools_json = json_dumps(tools, JSON_COMPACT);
		json_decref(tools);
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		free(tools_json);
		config_free(&cfg);
		return 1;
	}
	auth_token_generate(token);
	auth_token_hash(token, TOKEN_TEXT_LEN, hash);
	r = store_token_add(st, name, hash, expires, tools_json);
	store_close(st);
	config_free(&cfg);
	free(tools_json);
	if (r == STORE_EXISTS) {
		cli_error("a token named \"%s\" exists already; choose another name or `gatehouse token revoke %s` first", name, name);
		sodium_memzero(token, sizeof(token));
		return 1;
	}
	if (r != STORE_OK) {
		cli_error("could not store the token; see the log line above");
		sodium_memzero(token, sizeof(token));
		return 1;
	}
	printf("%s\n", token);
	fflush(stdout);
	sodium_memzero(token, sizeof(token));
	return 0;
}

static void
print_token(const struct token_info *t, void *arg)
{
	char created[32], expires[32];
	int64_t *now = arg;

	cli_format_time(t->created, created, sizeof(created));
	cli_format_time(t->expires, expires, sizeof(expires));
	printf("%-24s %-20s %-20s%s %s\n", t->name, created, expires,
	    t->expires != 0 && t->expires <= *now ? " (expired)" : "",
	    t->tools_json ? t->tools_json : "*");
}

static int
token_list(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	int64_t now = util_wall_seconds();
	int rc;

	if (ctx->argc > 1) {
		cli_error("token list takes no arguments");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	printf("%-24s %-20s %-20s %s\n", "NAME", "CREATED", "EXPIRES", "TOOLS");
	rc = store_token_list(st, print_token, &now);
	store_close(st);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}

static int
token_revoke(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	enum store_result r;

	if (ctx->argc != 2) {
		cli_error("token revoke needs exactly one NAME");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	r = store_token_revoke(st, ctx->argv[1]);
	store_close(st);
	config_free(&cfg);
	if (r == STORE_NOT_FOUND) {
		cli_error("no token is named \"%s\"; `gatehouse token list` shows the names", ctx->argv[1]);
		return 1;
	}
	if (r != STORE_OK) {
		cli_error("could not revoke the token; see the log line above");
		return 1;
	}
	printf("revoked %s\n", ctx->argv[1]);
	return 0;
}

int
cmd_token(struct cli_ctx *ctx)
{
	static const struct cli_sub subs[] = {
		{ "new", token_new }, { "list", token_list }, { "revoke", token_revoke },
	};

	return cli_dispatch(ctx, "token", subs, sizeof(subs) / sizeof(subs[0]));
}

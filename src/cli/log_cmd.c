/*
 * `gatehouse log tail | export | verify`: the hash-chained records (store.h).
 *
 *   log tail [-n N] [-f] [--token T] [--server S] [--tool T] [--outcome O]
 *   log export [--since TIME] [--format jsonl]
 *   log verify
 *   log prune --before TIME
 *
 * TIME is unix seconds, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, or an age such as 24h
 * or 7d. `tail -f` follows new records until interrupted.
 */
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../config/config.h"
#include "../store/store.h"
#include "../util/util.h"
#include "cli.h"

#define TAIL_DEFAULT    20
#define FOLLOW_POLL_MS  500

struct filter {
	const char *token, *server, *tool, *outcome;
};

static bool
matches(const struct filter *f, const struct log_row *r)
{
	return (!f->token || (r->r.token && strcmp(f->token, r->r.token) == 0)) &&
	    (!f->server || (r->r.server && strcmp(f->server, r->r.server) == 0)) &&
	    (!f->tool || (r->r.target && strcmp(f->tool, r->r.target) == 0)) &&
	    (!f->outcome || (r->r.outcome && strcmp(f->outcome, r->r.outcome) == 0));
}

static void
fmt_ms(int64_t ms, char *buf, size_t cap)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char base[32];

	gmtime_r(&t, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, cap, "%s.%03dZ", base, (int)(ms % 1000));
}

/* One line a person reads; every field escaped by printing it through %.*s of
 * printable bytes only (the log is written from client input). */
static void
print_clean(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ? *s : '?');
}

static void
print_row(const struct log_row *r)
{
	char when[40];

	fmt_ms(r->r.ts_ms, when, sizeof(when));
	printf("%-8lld %s ", (long long)r->seq, when);
	print_clean(r->r.token);
	putchar(' ');
	print_clean(r->r.server && r->r.server[0] ? r->r.server : "-");
	putchar(' ');
	print_clean(r->r.method);
	putchar(' ');
	print_clean(r->r.target ? r->r.target : "-");
	putchar(' ');
	print_clean(r->r.outcome);
	printf(" %lldms\n", (long long)r->r.duration_ms);
}

/* The last N matching records: a ring of their sequence numbers, then print. */
struct tail {
	const struct filter *f;
	int64_t *ring;
	size_t   n, cap, next;
	int64_t  last;
	bool     printing;
};

static int
tail_row(void *arg, const struct log_row *r)
{
	struct tail *t = arg;

	t->last = r->seq;
	if (!matches(t->f, r))
		return 0;
	if (t->printing) {
		print_row(r);
		return 0;
	}
	t->ring[t->next] = r->seq;
	t->next = (t->next + 1) % t->cap;
	if (t->n < t->cap)
		t->n++;
	return 0;
}

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int
log_tail(struct cli_ctx *ctx)
{
	struct filter f = { 0 };
	struct config cfg;
	struct store *st;
	long long n = TAIL_DEFAULT;
	bool follow = false;
	struct tail t = { 0 };
	int64_t first;

	for (int i = 1; i < ctx->argc; i++) {
		const char *a = ctx->argv[i], *v = i + 1 < ctx->argc ? ctx->argv[i + 1] : NULL;
		if (strcmp(a, "-f") == 0 || strcmp(a, "--follow") == 0) {
			follow = true;
			continue;
		}
		if (v == NULL) {
			cli_error("log tail: %s needs a value", a);
			return EXIT_USAGE;
		}
		if (strcmp(a, "-n") == 0) {
			if (util_parse_int(v, 1, 100000, &n) != 0) {
				cli_error("log tail: -n takes a number from 1 to 100000");
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--token") == 0) {
			f.token = v;
		} else if (strcmp(a, "--server") == 0) {
			f.server = v;
		} else if (strcmp(a, "--tool") == 0) {
			f.tool = v;
		} else if (strcmp(a, "--outcome") == 0) {
			f.outcome = v;
		} else {
			cli_error("log tail: unknown option \"%s\"; use -n N, -f, --token, --server, --tool, --outcome", a);
			return EXIT_USAGE;
		}
		i++;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	t.f = &f;
	t.cap = (size_t)n;
	t.ring = xcalloc(t.cap, sizeof(*t.ring));
	if (store_log_each(st, 0, 0, tail_row, &t) != 0) {
		cli_error("cannot read the records from the state database");
		goto fail;
	}
	/* Print the ring's records, oldest first, then follow from the end. */
	t.printing = true;
	first = t.n == 0 ? t.last : t.ring[(t.next + t.cap - t.n) % t.cap] - 1;
	if (t.n > 0 && store_log_each(st, first, 0, tail_row, &t) != 0)
		goto fail;
	fflush(stdout);
	if (follow) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		while (!stop) {
			usleep(FOLLOW_POLL_MS * 1000);
			if (store_log_each(st, t.last, 0, tail_row, &t) != 0)
				break;
			fflush(stdout);
		}
	}
	free(t.ring);
	store_close(st);
	config_free(&cfg);
	return 0;
fail:
	free(t.ring);
	store_close(st);
	config_free(&cfg);
	return 1;
}

/* TIME: unix seconds, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, or an age (30m, 24h, 7d). */
static int
parse_since(const char *s, int64_t *ms)
{
	struct tm tm;
	long long v;
	size_t n = strlen(s);
	const char *end;

	if (util_parse_int(s, 0, 1LL << 40, &v) == 0) {
		*ms = v * 1000;
		return 0;
	}
	if (n >= 2 && strchr("smhdw", s[n - 1]) != NULL) {
		char num[24];
		static const long long unit[] = { 1, 60, 3600, 86400, 604800 };
		if (n - 1 >= sizeof(num))
			return -1;
		memcpy(num, s, n - 1);
		num[n - 1] = '\0';
		if (util_parse_int(num, 0, 1LL << 30, &v) != 0)
			return -1;
		*ms = (util_wall_seconds() - v * unit[strchr("smhdw", s[n - 1]) - "smhdw"]) * 1000;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) != NULL && *end == '\0') {
		*ms = (int64_t)timegm(&tm) * 1000;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%d", &tm)) != NULL && *end == '\0') {
		*ms = (int64_t)timegm(&tm) * 1000;
		return 0;
	}
	return -1;
}

static void
hex_or_null(json_t *o, const char *key, const uint8_t *h)
{
	char hex[2 * STORE_HASH_BYTES + 1];

	if (h == NULL) {
		json_object_set_new(o, key, json_null());
		return;
	}
	sodium_bin2hex(hex, sizeof(hex), h, STORE_HASH_BYTES);
	json_object_set_new(o, key, json_string(hex));
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int
export_row(void *arg, const struct log_row *r)
{
	json_t *o = json_object();
	char when[40], *line;

	(void)arg;
	fmt_ms(r->r.ts_ms, when, sizeof(when));
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "ts_ms", json_integer(r->r.ts_ms));
	json_object_set_new(o, "kind", str_or_null(r->kind));
	json_object_set_new(o, "token", str_or_null(r->r.token));
	json_object_set_new(o, "session", str_or_null(r->r.session));
	json_object_set_new(o, "server", str_or_null(r->r.server));
	json_object_set_new(o, "method", str_or_null(r->r.method));
	json_object_set_new(o, "target", str_or_null(r->r.target));
	json_object_set_new(o, "args_shape", str_or_null(r->args_shape));
	json_object_set_new(o, "decision", str_or_null(r->decision));
	json_object_set_new(o, "outcome", str_or_null(r->r.outcome));
	json_object_set_new(o, "duration_ms", json_integer(r->r.duration_ms));
	hex_or_null(o, "prev_hash", r->prev_hash);
	hex_or_null(o, "hash", r->hash);
	line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	if (line == NULL)
		return 1;
	puts(line);
	free(line);
	return 0;
}

static int
log_export(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	int64_t since = 0;
	int rc;

	for (int i = 1; i < ctx->argc; i++) {
		const char *a = ctx->argv[i], *v = i + 1 < ctx->argc ? ctx->argv[i + 1] : NULL;
		if (strcmp(a, "--since") == 0 && v) {
			if (parse_since(v, &since) != 0) {
				cli_error("log export: --since takes unix seconds, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or an "
				    "age such as 24h or 7d, not \"%s\"", v);
				return EXIT_USAGE;
			}
			i++;
		} else if (strcmp(a, "--format") == 0 && v) {
			if (strcmp(v, "jsonl") != 0) {
				cli_error("log export: the only --format is jsonl");
				return EXIT_USAGE;
			}
			i++;
		} else {
			cli_error("log export: unknown option \"%s\"; use --since TIME and --format jsonl", a);
			return EXIT_USAGE;
		}
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	rc = store_log_each(st, 0, since, export_row, NULL);
	store_close(st);
	config_free(&cfg);
	if (rc != 0) {
		cli_error("cannot read the records from the state database");
		return 1;
	}
	return 0;
}

static int
log_prune(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	int64_t before = -1, n;

	if (ctx->argc == 3 && strcmp(ctx->argv[1], "--before") == 0 && parse_since(ctx->argv[2], &before) != 0)
		before = -1;
	if (before < 0) {
		cli_error("log prune needs --before TIME (unix seconds, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or an age "
		    "such as 90d): records older than that are deleted behind a checkpoint");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	n = store_log_prune(st, before);
	store_close(st);
	config_free(&cfg);
	if (n < 0) {
		cli_error("cannot prune the records in the state database");
		return 1;
	}
	printf("pruned %lld records; `gatehouse log verify` checks the rest from the checkpoint\n", (long long)n);
	return 0;
}

static int
log_verify(struct cli_ctx *ctx)
{
	struct config cfg;
	struct store *st;
	struct log_verdict v;
	char hex[2 * STORE_HASH_BYTES + 1];
	int rc;

	if (ctx->argc > 1) {
		cli_error("log verify takes no arguments");
		return EXIT_USAGE;
	}
	if (cli_open_store(ctx, &cfg, &st) != 0) {
		config_free(&cfg);
		return 1;
	}
	rc = store_log_verify(st, &v);
	store_close(st);
	config_free(&cfg);
	if (rc != 0) {
		cli_error("cannot read the records from the state database");
		return 1;
	}
	sodium_bin2hex(hex, sizeof(hex), v.head, sizeof(v.head));
	if (!v.ok) {
		if (v.bad_seq > 0)
			printf("log BROKEN at record %lld: %s\n", (long long)v.bad_seq, v.why);
		else
			printf("log BROKEN: %s\n", v.why);
		return 1;
	}
	if (v.checkpoint_seq > 0)
		printf("log OK: %lld records after the checkpoint at record %lld, head %s\n", (long long)v.count,
		    (long long)v.checkpoint_seq, hex);
	else
		printf("log OK: %lld records, head %s\n", (long long)v.count, hex);
	return 0;
}

int
cmd_log(struct cli_ctx *ctx)
{
	static const struct cli_sub subs[] = {
		{ "tail", log_tail }, { "export", log_export }, { "verify", log_verify }, { "prune", log_prune },
	};

	return cli_dispatch(ctx, "log", subs, sizeof(subs) / sizeof(subs[0]));
}

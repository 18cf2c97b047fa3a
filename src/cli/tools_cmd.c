/*
 * `gatehouse tools`: review what the guard pinned and held (guard.h).
 *
 *   tools list                every pin: state, kind, exposed name, server
 *   tools pending             what waits for review, with why and the findings
 *   tools diff NAME           the approved and the waiting definition side by side, and the findings
 *   tools approve NAME...     the waiting definition becomes the approved one
 *   tools deny NAME...        hidden until approved
 *   tools scan FILE|-         the poisoning scan without a gateway (tools_scan.c)
 *
 * NAME is the name clients see (PREFIX__name), or SERVER:instructions. A running
 * gateway reads the change within a second (it polls the database's version).
 */
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "../config/config.h"
#include "../store/store.h"
#include "../util/util.h"
#include "cli.h"
#include "sidebyside.h"
#include "tools_scan.h"

struct tools_ctx {
	struct config cfg;
	struct store *st;
};

static int
open_state(struct cli_ctx *ctx, struct tools_ctx *t)
{
	char err[LIMIT_PATH + 512];

	memset(t, 0, sizeof(*t));
	if (cli_load_config(ctx, &t->cfg) != 0)
		return -1;
	if (store_open(t->cfg.state_dir, &t->st, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		return -1;
	}
	return 0;
}

static void
close_state(struct tools_ctx *t)
{
	store_close(t->st);
	config_free(&t->cfg);
}

/* The name clients see for a pin. */
static void
exposed_name(const struct config *cfg, const struct pin *p, char *out, size_t cap)
{
	if (strcmp(p->kind, "instructions") == 0) {
		snprintf(out, cap, "%s:instructions", p->server);
		return;
	}
	for (size_t i = 0; i < cfg->nservers; i++)
		if (strcmp(cfg->servers[i].key, p->server) == 0 && cfg->servers[i].prefix[0] != '\0') {
			snprintf(out, cap, "%s__%s", cfg->servers[i].prefix, p->name);
			return;
		}
	snprintf(out, cap, "%s", p->name);
}

static void
print_pin(const struct pin *p, void *arg)
{
	struct tools_ctx *t = arg;
	char name[512];

	exposed_name(&t->cfg, p, name, sizeof(name));
	printf("%-8s %-12s %-40s %-16s %s\n", store_pin_state_name(p->state), p->kind, name, p->server,
	    p->state == PIN_HELD ? (p->reason ? p->reason : "") : p->approved_by ? p->approved_by : "");
}

static int print_collisions(struct tools_ctx *t);

static int
tools_list(struct cli_ctx *ctx, int state)
{
	struct tools_ctx t;
	int rc;

	if (ctx->argc != 1) {
		cli_error("tools %s takes no arguments", ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (open_state(ctx, &t) != 0) {
		config_free(&t.cfg);
		return 1;
	}
	printf("%-8s %-12s %-40s %-16s %s\n", "STATE", "KIND", "NAME", "SERVER",
	    state == PIN_HELD ? "WHY" : "APPROVED BY / WHY");
	rc = store_pin_each(t.st, state, print_pin, &t);
	if (rc == 0 && state == PIN_HELD)
		rc = print_collisions(&t);
	close_state(&t);
	return rc == 0 ? 0 : 1;
}

/* Pins that a NAME given on the command line denotes. */
struct match {
	struct tools_ctx *t;
	const char       *want;
	json_t           *found;        /* array of pins as JSON objects */
};

static void
match_pin(const struct pin *p, void *arg)
{
	struct match *m = arg;
	char name[512];

	exposed_name(&m->t->cfg, p, name, sizeof(name));
	if (strcmp(name, m->want) != 0)
		return;
	json_array_append_new(m->found, json_pack("{s:s, s:s, s:s, s:i, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:I, s:s?}",
	    "server", p->server, "kind", p->kind, "name", p->name, "state", (int)p->state,
	    "hash", p->hash, "definition", p->definition, "pending_hash", p->pending_hash,
	    "pending_definition", p->pending_definition, "pending_findings", p->pending_findings,
	    "reason", p->reason, "first_seen", (json_int_t)p->first_seen, "approved_by", p->approved_by));
}

static json_t *
find_pins(struct tools_ctx *t, const char *name)
{
	struct match m = { t, name, json_array() };

	if (store_pin_each(t->st, -1, match_pin, &m) != 0) {
		json_decref(m.found);
		return NULL;
	}
	return m.found;
}

/* A definition as a reviewer reads it: indented, keys sorted, and every byte
 * outside printable ASCII escaped, so hidden characters show as \uXXXX. */
static char *
pretty(const char *canonical_json)
{
	json_t *v = canonical_json ? json_loads(canonical_json, JSON_DECODE_ANY, NULL) : NULL;
	char *s = v ? json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;

	json_decref(v);
	return s;
}

/* The terminal's width for the columns; 160 when it is not a terminal. */
static int
columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long long n;

	if (env && util_parse_int(env, 40, 1000, &n) == 0)
		return (int)n;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 160;
}

/* The approved and the waiting definition in two columns, aligned by line. */
static void
print_side_by_side(const char *def, const char *pend)
{
	char *l = pretty(def), *r = pretty(pend);
	struct strbuf sb = { 0 };

	sbs_render(l, r, def ? "approved (pinned)" : "approved: none", pend ? "waiting for review" :
	    "waiting: nothing", columns(), &sb);
	fputs(sb.buf ? sb.buf : "", stdout);
	free(sb.buf);
	free(l);
	free(r);
}

/* Which top-level fields of the contract differ: the first thing a reviewer wants. */
static void
print_changed_fields(const char *a, const char *b)
{
	json_t *x = a ? json_loads(a, JSON_DECODE_ANY, NULL) : NULL, *y = b ? json_loads(b, JSON_DECODE_ANY, NULL) : NULL;
	const char *key;
	json_t *v;

	if (json_is_object(x) && json_is_object(y)) {
		printf("changed fields:");
		json_object_foreach(y, key, v)
			if (!json_equal(v, json_object_get(x, key)))
				printf(" %s", key);
		json_object_foreach(x, key, v)
			if (json_object_get(y, key) == NULL)
				printf(" %s (removed)", key);
		printf("\n");
	}
	json_decref(x);
	json_decref(y);
}

static int
tools_diff(struct cli_ctx *ctx)
{
	struct tools_ctx t;
	json_t *pins, *p;
	size_t i;

	if (ctx->argc != 2) {
		cli_error("tools diff needs exactly one NAME (as clients see it, e.g. server__tool)");
		return EXIT_USAGE;
	}
	if (open_state(ctx, &t) != 0) {
		config_free(&t.cfg);
		return 1;
	}
	pins = find_pins(&t, ctx->argv[1]);
	if (pins == NULL || json_array_size(pins) == 0) {
		cli_error("nothing is pinned or held under \"%s\"; `gatehouse tools list` shows the names", ctx->argv[1]);
		json_decref(pins);
		close_state(&t);
		return 1;
	}
	json_array_foreach(pins, i, p) {
		const char *def = json_string_value(json_object_get(p, "definition"));
		const char *pend = json_string_value(json_object_get(p, "pending_definition"));
		json_t *f = NULL;
		printf("%s %s \"%s\" of server \"%s\": %s%s%s\n", ctx->argv[1],
		    json_string_value(json_object_get(p, "kind")), json_string_value(json_object_get(p, "name")),
		    json_string_value(json_object_get(p, "server")),
		    store_pin_state_name((enum pin_state)json_integer_value(json_object_get(p, "state"))),
		    json_object_get(p, "reason") ? ", " : "",
		    json_object_get(p, "reason") ? json_string_value(json_object_get(p, "reason")) : "");
		print_side_by_side(def, pend);
		if (def && pend)
			print_changed_fields(def, pend);
		if (json_is_string(json_object_get(p, "pending_findings")))
			f = json_loads(json_string_value(json_object_get(p, "pending_findings")), 0, NULL);
		printf("findings:%s\n", json_array_size(f) ? "" : " none");
		size_t j;
		json_t *x;
		json_array_foreach(f, j, x)
			printf("  %-5s %-10s %s: %s\n", json_string_value(json_object_get(x, "severity")),
			    json_string_value(json_object_get(x, "rule")), json_string_value(json_object_get(x, "pointer")),
			    json_string_value(json_object_get(x, "span")));
		json_decref(f);
	}
	json_decref(pins);
	close_state(&t);
	return 0;
}

static const char *
reviewer(char *buf, size_t cap)
{
	struct passwd *pw = getpwuid(getuid());

	snprintf(buf, cap, "%s (gatehouse tools)", pw && pw->pw_name ? pw->pw_name : "uid");
	return buf;
}

/* approve: the waiting definition (or the approved one again) is pinned; deny: hidden. */
static int
tools_decide(struct cli_ctx *ctx, bool approve)
{
	struct tools_ctx t;
	int status = 0;
	char who[128];

	if (ctx->argc < 2) {
		cli_error("tools %s needs one NAME or more (as clients see them)", ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (open_state(ctx, &t) != 0) {
		config_free(&t.cfg);
		return 1;
	}
	for (int a = 1; a < ctx->argc; a++) {
		json_t *pins = find_pins(&t, ctx->argv[a]), *p;
		size_t i;
		if (pins == NULL || json_array_size(pins) == 0) {
			cli_error("nothing is pinned or held under \"%s\"; `gatehouse tools list` shows the names", ctx->argv[a]);
			status = 1;
			json_decref(pins);
			continue;
		}
		reviewer(who, sizeof(who));
		json_array_foreach(pins, i, p) {
			const char *pend = json_string_value(json_object_get(p, "pending_definition"));
			const char *pend_hash = json_string_value(json_object_get(p, "pending_hash"));
			struct pin pin = {
				.server = json_string_value(json_object_get(p, "server")),
				.kind = json_string_value(json_object_get(p, "kind")),
				.name = json_string_value(json_object_get(p, "name")),
				.hash = json_string_value(json_object_get(p, "hash")),
				.definition = json_string_value(json_object_get(p, "definition")),
				.pending_hash = pend_hash, .pending_definition = pend,
				.pending_findings = json_string_value(json_object_get(p, "pending_findings")),
				.reason = json_string_value(json_object_get(p, "reason")),
				.first_seen = json_integer_value(json_object_get(p, "first_seen")),
				.updated = util_wall_seconds(),
				.approved_by = json_string_value(json_object_get(p, "approved_by")),
			};
			if (approve) {
				if (pend && pend_hash && pend_hash[0]) {
					pin.hash = pend_hash;
					pin.definition = pend;
				}
				pin.state = PIN_PINNED;
				pin.pending_hash = "";
				pin.pending_definition = NULL;
				pin.pending_findings = NULL;
				pin.reason = NULL;
				pin.approved_by = reviewer(who, sizeof(who));
			} else {
				pin.state = PIN_DENIED;
				pin.reason = "denied";
			}
			if (store_pin_put(t.st, &pin) != 0) {
				cli_error("could not write the decision on \"%s\" to the database", ctx->argv[a]);
				status = 1;
				continue;
			}
			struct store_record rec = { .ts_ms = util_wall_ms(), .token = who, .session = "-",
			    .server = pin.server, .method = "guard", .target = pin.name,
			    .outcome = approve ? "approved" : "denied", .duration_ms = 0 };
			store_record_add(t.st, &rec);
			printf("%s %s\n", approve ? "approved" : "denied", ctx->argv[a]);
		}
		json_decref(pins);
	}
	store_record_flush(t.st);
	close_state(&t);
	return status;
}

static int tools_list_all(struct cli_ctx *ctx) { return tools_list(ctx, -1); }
/* Claims of exposed names by the configured servers, from their pins. */
struct claims {
	struct tools_ctx *t;
	json_t           *by_name;      /* "KIND NAME" -> [servers] */
};

static void
claim_pin(const struct pin *p, void *arg)
{
	struct claims *c = arg;
	json_t *servers;
	char name[512], key[600];
	bool configured = false;
	size_t i;
	json_t *v;

	if (strcmp(p->kind, "tool") != 0 && strcmp(p->kind, "prompt") != 0)
		return;
	for (i = 0; i < c->t->cfg.nservers; i++)
		configured |= strcmp(c->t->cfg.servers[i].key, p->server) == 0;
	if (!configured)
		return;
	exposed_name(&c->t->cfg, p, name, sizeof(name));
	snprintf(key, sizeof(key), "%s %s", p->kind, name);
	if ((servers = json_object_get(c->by_name, key)) == NULL)
		json_object_set_new(c->by_name, key, servers = json_array());
	json_array_foreach(servers, i, v)
		if (strcmp(json_string_value(v), p->server) == 0)
			return;
	json_array_append_new(servers, json_string(p->server));
}

/*
 * The names two configured servers offer, as rows of `tools pending`: a
 * collision is served by neither, whichever is up, and no approval changes
 * that: a "prefix" for one of them does. 0 or -1.
 */
static int
print_collisions(struct tools_ctx *t)
{
	struct claims c = { t, json_object() };
	json_t *servers;
	const char *key;
	int rc = store_pin_each(t->st, -1, claim_pin, &c);

	json_object_foreach(c.by_name, key, servers) {
		char who[256];
		size_t i, o = 0;
		json_t *v;
		if (json_array_size(servers) < 2)
			continue;
		who[0] = '\0';
		json_array_foreach(servers, i, v)
			if (o + strlen(json_string_value(v)) + 3 < sizeof(who))
				o += (size_t)snprintf(who + o, sizeof(who) - o, "%s%s", i ? "," : "", json_string_value(v));
		printf("%-8s %-12.*s %-40s %-16s %s\n", "collides", (int)strcspn(key, " "), key,
		    key + strcspn(key, " ") + 1, who,
		    "offered by more than one server, so served by none; give one of them a \"prefix\" in the config");
	}
	json_decref(c.by_name);
	return rc;
}

/* `tools pending`: the held pins, then the name collisions. */
static int tools_pending(struct cli_ctx *ctx) { return tools_list(ctx, PIN_HELD); }
static int tools_approve(struct cli_ctx *ctx) { return tools_decide(ctx, true); }
static int tools_deny(struct cli_ctx *ctx) { return tools_decide(ctx, false); }

static int
tools_scan(struct cli_ctx *ctx)
{
	struct cli_ctx sub = *ctx;

	sub.argc = ctx->argc - 1;
	sub.argv = ctx->argv + 1;
	return cmd_tools_scan(&sub);
}

int
cmd_tools(struct cli_ctx *ctx)
{
	static const struct cli_sub subs[] = {
		{ "list", tools_list_all }, { "pending", tools_pending }, { "diff", tools_diff },
		{ "approve", tools_approve }, { "deny", tools_deny }, { "scan", tools_scan },
	};

	return cli_dispatch(ctx, "tools", subs, sizeof(subs) / sizeof(subs[0]));
}

/*
 * Pins and holds (guard.h). The cache maps "kind \x1f server \x1f name" to what
 * a decision needs: the state, the approved hash, the hash waiting for review,
 * and the approved contract's hash without its name (to recognise a rename).
 */
#include "guard.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/log.h"
#include "../util/util.h"

struct guard {
	struct store *st;
	bool          hold_new;
	bool          in_tx;        /* decisions of one list go in one transaction */
	json_t       *cache;        /* key -> {state, hash, pending, body, name} */
};

static const char *const kind_names[] = { "tool", "prompt", "instructions" };

/* Who approved an item that nobody reviewed: it was clean on first sight. */
#define AUTO_PIN "first sight (scan clean)"

const char *
guard_kind_name(enum guard_kind kind)
{
	return kind_names[kind];
}

/* What makes the contract of each kind: DESIGN.md section 7. */
static const char *const tool_fields[] = { "name", "title", "description", "inputSchema", "outputSchema",
    "annotations", NULL };
static const char *const prompt_fields[] = { "name", "title", "description", "arguments", NULL };

static json_t *
contract_of(enum guard_kind kind, json_t *item, bool with_name)
{
	const char *const *fields = kind == GUARD_TOOL ? tool_fields : prompt_fields;
	json_t *c;

	if (kind == GUARD_INSTRUCTIONS)
		return json_incref(item);
	c = json_object();
	for (size_t i = 0; fields[i]; i++) {
		json_t *v = json_object_get(item, fields[i]);
		if (v != NULL && (with_name || strcmp(fields[i], "name") != 0))
			json_object_set(c, fields[i], v);
	}
	return c;
}

static char *
canonical(json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);

	return text ? text : xstrdup("null");
}

char *
guard_contract(enum guard_kind kind, json_t *item)
{
	json_t *c = contract_of(kind, item, true);
	char *text = canonical(c);

	json_decref(c);
	return text;
}

void
guard_hash(const char *text, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Hash of the contract without its name: equal for a tool that was only renamed. */
static void
body_hash(enum guard_kind kind, json_t *item, char hex[65])
{
	json_t *c = contract_of(kind, item, false);
	char *text = canonical(c);

	guard_hash(text, hex);
	free(text);
	json_decref(c);
}

/* Two hex digests (public, but compared the one way the lint allows). */
static bool
digest_equal(const char *a, const char *b)
{
	size_t n = a ? strlen(a) : 0;

	return a != NULL && b != NULL && n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

static void
cache_key(char *out, size_t cap, const char *kind, const char *server, const char *name)
{
	snprintf(out, cap, "%s\x1f%s\x1f%s", kind, server, name);
}

static void
cache_pin(const struct pin *p, void *arg)
{
	struct guard *g = arg;
	char key[LIMIT_TOOL_NAME * 2 + 160], body[65] = "";
	json_t *def;

	if (strlen(p->server) > 128 || strlen(p->name) > LIMIT_TOOL_NAME)
		return;
	if (p->definition && (def = json_loads(p->definition, JSON_DECODE_ANY, NULL)) != NULL) {
		enum guard_kind kind = strcmp(p->kind, "tool") == 0 ? GUARD_TOOL :
		    strcmp(p->kind, "prompt") == 0 ? GUARD_PROMPT : GUARD_INSTRUCTIONS;
		body_hash(kind, def, body);
		json_decref(def);
	}
	cache_key(key, sizeof(key), p->kind, p->server, p->name);
	json_object_set_new(g->cache, key, json_pack("{s:i, s:s, s:s, s:s, s:s, s:s?, s:I, s:b}",
	    "state", (int)p->state, "hash", p->hash, "pending", p->pending_hash, "body", body, "name", p->name,
	    "def", p->definition, "first", (json_int_t)p->first_seen,
	    "auto", p->approved_by != NULL && strncmp(p->approved_by, AUTO_PIN, strlen(AUTO_PIN)) == 0));
}

json_t *
guard_names(struct guard *g, const char *server, enum guard_kind kind)
{
	json_t *out = json_array(), *v;
	const char *key;
	char head[LIMIT_PATH];
	size_t n;

	/* Keys are kind \x1f server \x1f name (cache_key). */
	cache_key(head, sizeof(head), guard_kind_name(kind), server, "");
	n = strlen(head);
	json_object_foreach(g->cache, key, v)
		if (strncmp(key, head, n) == 0 && json_is_string(json_object_get(v, "name")))
			json_array_append_new(out, json_pack("{s:O}", "name", json_object_get(v, "name")));
	return out;
}

int
guard_reload(struct guard *g)
{
	json_t *old = g->cache;

	g->cache = json_object();
	if (store_pin_each(g->st, -1, cache_pin, g) != 0) {
		json_decref(g->cache);
		g->cache = old;
		log_warn("could not read the pins from the database; keeping the previous ones");
		return -1;
	}
	json_decref(old);
	return 0;
}

struct guard *
guard_new(struct store *st, bool hold_new)
{
	struct guard *g = xcalloc(1, sizeof(*g));

	g->st = st;
	g->hold_new = hold_new;
	g->cache = json_object();
	guard_reload(g);
	return g;
}

void
guard_set_hold_new(struct guard *g, bool hold_new)
{
	g->hold_new = hold_new;
}

void
guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	json_decref(g->cache);
	free(g);
}

static json_t *
findings_json(const struct scan_result *r)
{
	static const char *const sev[] = { "info", "warn", "hold" };
	json_t *a = json_array();

	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "rule", r->findings[i].rule_id,
		    "severity", sev[r->findings[i].severity], "pointer", r->findings[i].pointer,
		    "span", r->findings[i].span));
	return a;
}

/* One decision: logged, recorded, written. */
static void
decide(struct guard *g, const struct pin *p, const char *what)
{
	struct logline l;
	struct store_record rec = {
		.ts_ms = util_wall_ms(), .token = "-", .session = "-", .server = p->server,
		.method = "guard", .target = p->name, .outcome = what, .duration_ms = 0,
	};
	char key[LIMIT_TOOL_NAME * 2 + 160];

	if (!g->in_tx && store_begin(g->st) == 0)
		g->in_tx = true;
	if (store_pin_put(g->st, p) != 0)
		log_warn("could not write a pin to the database");
	store_record_add(g->st, &rec);
	cache_pin(p, g);
	cache_key(key, sizeof(key), p->kind, p->server, p->name);
	log_begin(&l, p->state == PIN_PINNED ? LOG_INFO : LOG_WARN,
	    p->state == PIN_PINNED ? "pinned" : "held for review; see `gatehouse tools pending`");
	log_str(&l, "server", p->server);
	log_str(&l, "kind", p->kind);
	log_str(&l, "name", p->name);
	log_str(&l, "decision", what);
	if (p->reason)
		log_str(&l, "reason", p->reason);
	log_end(&l);
}

/* Was an item pinned under another name with the same contract, and is that name gone? */
static const char *
renamed_from(struct guard *g, const char *kind, const char *server, const char *body, json_t *names_now)
{
	const char *key;
	json_t *v;
	char prefix[200];
	size_t plen;

	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s\x1f%s\x1f", kind, server);
	json_object_foreach(g->cache, key, v) {
		const char *name = json_string_value(json_object_get(v, "name"));
		if (strncmp(key, prefix, plen) != 0 || name == NULL)
			continue;
		if (json_integer_value(json_object_get(v, "state")) != PIN_PINNED)
			continue;
		if (digest_equal(json_string_value(json_object_get(v, "body")), body) &&
		    json_object_get(names_now, name) == NULL)
			return name;
	}
	return NULL;
}

/*
 * Scan an item; its findings as canonical JSON (malloc'd) for the pin. Returns
 * whether it holds: a finding that holds, or a scan that could not run.
 */
static bool
scan_findings(const struct scan_context *ctx, enum guard_kind kind, json_t *item, char **findings)
{
	static const enum scan_kind kinds[] = { SCAN_TOOL, SCAN_PROMPT, SCAN_INSTRUCTIONS };
	struct scan_result r = { 0 };
	bool hold = scan_item(ctx, kinds[kind], item, &r) != 0 || r.hold;
	json_t *f = findings_json(&r);

	*findings = canonical(f);
	json_decref(f);
	scan_result_free(&r);
	return hold;
}

/*
 * The decision for one item. Returns true when clients may see it. `names_now`
 * holds the names of the server's current list (for renames).
 */
static bool judge_item(struct guard *g, const char *server, enum guard_kind kind, const char *name,
    json_t *item, const struct scan_context *ctx, json_t *names_now);

/* judge_item, then remember the item and its verdict for the next list. */
static bool
judge(struct guard *g, const char *server, enum guard_kind kind, const char *name, json_t *item,
    const struct scan_context *ctx, json_t *names_now)
{
	char key[LIMIT_TOOL_NAME * 2 + 160];
	bool ok = judge_item(g, server, kind, name, item, ctx, names_now);
	json_t *cached;

	cache_key(key, sizeof(key), kind_names[kind], server, name);
	if ((cached = json_object_get(g->cache, key)) != NULL) {
		json_object_set(cached, "seen", item);
		json_object_set_new(cached, "seen_ok", json_boolean(ok));
	}
	return ok;
}

static bool
judge_item(struct guard *g, const char *server, enum guard_kind kind, const char *name, json_t *item,
    const struct scan_context *ctx, json_t *names_now)
{
	char key[LIMIT_TOOL_NAME * 2 + 160], hash[65], body[65];
	const char *kname = kind_names[kind];
	char *contract;
	json_t *cached, *seen;
	bool visible = false;

	/*
	 * The same item as last time, compared in place: no serialising and hashing
	 * for the lists a server sends again and again. The cache entry is rebuilt on
	 * every decision and reload, so a verdict is never older than the pins.
	 */
	cache_key(key, sizeof(key), kname, server, name);
	cached = json_object_get(g->cache, key);
	seen = cached ? json_object_get(cached, "seen") : NULL;
	if (seen != NULL && json_equal(seen, item))
		return json_is_true(json_object_get(cached, "seen_ok"));
	contract = guard_contract(kind, item);
	guard_hash(contract, hash);
	if (cached != NULL) {
		int state = (int)json_integer_value(json_object_get(cached, "state"));
		const char *approved = json_string_value(json_object_get(cached, "hash"));
		const char *pending = json_string_value(json_object_get(cached, "pending"));
		if (state != PIN_DENIED && digest_equal(approved, hash)) {
			visible = true;             /* the approved contract */
		} else if (state != PIN_DENIED && !digest_equal(pending, hash)) {
			/* A definition nobody has reviewed yet: hold it (a rug pull, or a second change). */
			char *findings;
			(void)scan_findings(ctx, kind, item, &findings);
			/* The approved definition stays, so that `tools diff` can show both. */
			struct pin p = { .server = server, .kind = kname, .name = name, .state = PIN_HELD,
			    .hash = approved ? approved : "", .pending_hash = hash, .pending_definition = contract,
			    .definition = json_string_value(json_object_get(cached, "def")),
			    .pending_findings = findings, .reason = approved && approved[0] ? "changed" : "new",
			    .first_seen = json_integer_value(json_object_get(cached, "first")),
			    .updated = util_wall_seconds() };
			decide(g, &p, "held");
			free(findings);
		}
		free(contract);
		return visible;
	}

	/* First sight of this name on this server. */
	char *findings;
	bool holds = scan_findings(ctx, kind, item, &findings);
	const char *old_name;
	char why[LIMIT_TOOL_NAME + 32];
	struct pin p = { .server = server, .kind = kname, .name = name, .first_seen = util_wall_seconds(),
	    .updated = util_wall_seconds(), .pending_findings = findings };

	body_hash(kind, item, body);
	old_name = kind == GUARD_INSTRUCTIONS ? NULL : renamed_from(g, kname, server, body, names_now);
	if (old_name != NULL) {
		snprintf(why, sizeof(why), "renamed from %s", old_name);
		p.reason = why;
	} else if (holds) {
		p.reason = "scan";
	} else if (g->hold_new) {
		p.reason = "new (tools.onNew is \"hold\")";
	}
	if (p.reason == NULL) {
		p.state = PIN_PINNED;
		p.hash = hash;
		p.definition = contract;
		p.pending_hash = "";
		p.approved_by = AUTO_PIN;
		decide(g, &p, "pinned");
		visible = true;
	} else {
		p.state = PIN_HELD;
		p.hash = "";
		p.pending_hash = hash;
		p.pending_definition = contract;
		decide(g, &p, "held");
	}
	free(findings);
	free(contract);
	return visible;
}

json_t *
guard_filter(struct guard *g, const char *server, enum guard_kind kind, json_t *list,
    const struct scan_context *ctx)
{
	json_t *out = json_array(), *names = json_object(), *item;
	size_t i;

	json_array_foreach(list, i, item) {
		const char *name = json_string_value(json_object_get(item, "name"));
		if (name)
			json_object_set_new(names, name, json_true());
	}
	json_array_foreach(list, i, item) {
		const char *name = json_string_value(json_object_get(item, "name"));
		if (name && judge(g, server, kind, name, item, ctx, names))
			json_array_append(out, item);
	}
	json_decref(names);
	if (g->in_tx) {
		if (store_commit(g->st) != 0)
			log_warn("could not commit the pins to the database");
		g->in_tx = false;
	}
	return out;
}

bool
guard_rescan_auto(struct guard *g, const char *server, enum guard_kind kind, json_t *list,
    const struct scan_context *ctx)
{
	const char *kname = kind_names[kind];
	bool changed = false;
	json_t *item;
	size_t i;

	json_array_foreach(list, i, item) {
		const char *name = json_string_value(json_object_get(item, "name"));
		char key[LIMIT_TOOL_NAME * 2 + 160], hash[65], *findings, *contract;
		json_t *cached;
		if (name == NULL)
			continue;
		cache_key(key, sizeof(key), kname, server, name);
		cached = json_object_get(g->cache, key);
		if (cached == NULL || json_integer_value(json_object_get(cached, "state")) != PIN_PINNED ||
		    !json_is_true(json_object_get(cached, "auto")))
			continue;
		if (!scan_findings(ctx, kind, item, &findings)) {
			free(findings);
			continue;
		}
		contract = guard_contract(kind, item);
		guard_hash(contract, hash);
		struct pin p = { .server = server, .kind = kname, .name = name, .state = PIN_HELD,
		    .hash = "", .pending_hash = hash, .pending_definition = contract, .pending_findings = findings,
		    .reason = "scan (after another server listed its tools)",
		    .first_seen = json_integer_value(json_object_get(cached, "first")), .updated = util_wall_seconds() };
		decide(g, &p, "held");
		free(findings);
		free(contract);
		changed = true;
	}
	if (g->in_tx) {
		if (store_commit(g->st) != 0)
			log_warn("could not commit the pins to the database");
		g->in_tx = false;
	}
	return changed;
}

bool
guard_instructions_ok(struct guard *g, const char *server, const char *text, const struct scan_context *ctx)
{
	json_t *s = json_string(text);
	bool ok = s != NULL && judge(g, server, GUARD_INSTRUCTIONS, "", s, ctx, NULL);

	if (g->in_tx) {
		if (store_commit(g->st) != 0)
			log_warn("could not commit the pins to the database");
		g->in_tx = false;
	}
	json_decref(s);
	return ok;
}

/*
 * Aggregation: one list of tools, prompts, resources and templates built from the
 * cached lists of a session's ready instances, under exposed names
 * PREFIX__name. A name exposed by two servers is a collision: both are withheld
 * and the collision is logged, never silently resolved in favour of one.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "../util/log.h"
#include "../util/util.h"
#include "router_int.h"

static const char *const key_of[LIST_KINDS] = { "name", "name", "uri", "uriTemplate" };

static bool
glob_any(char *const *globs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (fnmatch(globs[i], name, 0) == 0)
			return true;
	return false;
}

/*
 * The configuration can hide a server's tools from everyone: "tools": {"allow":
 * [globs], "deny": [globs]} on the server's own names. A hidden tool is neither
 * listed, nor callable, nor claimed in a collision.
 */
static bool
server_tool_enabled(const struct server_config *srv, enum list_kind kind, json_t *item)
{
	const char *name = json_string_value(json_object_get(item, "name"));

	if (kind != LIST_TOOLS || name == NULL)
		return true;
	if (srv->ntools_allow > 0 && !glob_any(srv->tools_allow, srv->ntools_allow, name))
		return false;
	return !glob_any(srv->tools_deny, srv->ntools_deny, name);
}

static bool
tool_enabled(const struct instance *inst, enum list_kind kind, json_t *item)
{
	return server_tool_enabled(inst->r->srv[inst->index], kind, item);
}

static int
expose_with(const char *prefix, const char *name, char *out, size_t cap)
{
	int n;

	if (prefix[0] != '\0')
		n = snprintf(out, cap, "%s__%s", prefix, name);
	else
		n = snprintf(out, cap, "%s", name);
	/* Never a cut name: a cut can fall inside a UTF-8 character or drop the prefix. */
	if (n < 0 || (size_t)n >= cap || n > LIMIT_TOOL_NAME)
		return -1;
	return 0;
}

int
aggregate_expose_name(const struct instance *inst, const char *name, char *out, size_t cap)
{
	return expose_with(inst->prefix, name, out, cap);
}

/*
 * Tool names follow MCP 2025-11-25: 1 to 128 characters of A-Za-z0-9 _ - .
 * Prompt names have no such rule in the specification; we hold them to 1 to 128
 * bytes without control characters, so that no name can smuggle a line break
 * into a client's view or grow without bound. Whatever fails is withheld.
 */
bool
aggregate_name_valid(enum list_kind kind, const char *name, const char **why)
{
	size_t n = strlen(name);

	if (n == 0 || n > LIMIT_TOOL_NAME) {
		*why = "the name is empty or longer than 128 characters";
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (kind == LIST_TOOLS) {
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '_' || ch == '-' || ch == '.')) {
				*why = "a tool name may only hold the characters A-Z a-z 0-9 _ - .";
				return false;
			}
		} else if (ch < 0x20 || ch == 0x7f) {
			*why = "the name holds a control character";
			return false;
		}
	}
	return true;
}

json_t *
aggregate_items(const struct instance *inst, enum list_kind kind)
{
	if ((kind == LIST_TOOLS || kind == LIST_PROMPTS) && inst->r->guard != NULL)
		return inst->visible[kind];
	return inst->lists[kind];
}

static bool
usable(const struct instance *inst)
{
	return inst != NULL && inst->state == INST_READY;
}

/* The exposed key of an item: prefixed name for tools and prompts, URI as is. */
static const char *
exposed_key(const struct instance *inst, enum list_kind kind, json_t *item, char *buf, size_t cap)
{
	json_t *k = json_object_get(item, key_of[kind]);

	if (!json_is_string(k))
		return NULL;
	if (kind == LIST_TOOLS || kind == LIST_PROMPTS)
		return aggregate_expose_name(inst, json_string_value(k), buf, cap) == 0 ? buf : NULL;
	return json_string_value(k);
}

json_t *
aggregate_keys_of(const struct server_config *srv, enum list_kind kind, json_t *list)
{
	json_t *set = json_object(), *item;
	char buf[LIMIT_TOOL_NAME + 1];
	size_t j;

	json_array_foreach(list, j, item) {
		json_t *k = json_object_get(item, key_of[kind]);
		const char *key = json_string_value(k);
		if (key == NULL)
			continue;
		if ((kind == LIST_TOOLS || kind == LIST_PROMPTS) && expose_with(srv->prefix, key, buf, sizeof(buf)) == 0)
			key = buf;
		else if (kind == LIST_TOOLS || kind == LIST_PROMPTS)
			continue;
		if (server_tool_enabled(srv, kind, item))
			json_object_set_new(set, key, json_true());
	}
	return set;
}

json_t *
aggregate_keys(const struct instance *inst, enum list_kind kind, json_t *list)
{
	return aggregate_keys_of(inst->r->srv[inst->index], kind, list);
}

/*
 * How many servers of the session claim each exposed key: what a server last
 * listed (router->known, kept while it is down or restarting, and shared by
 * every session) together with what the session's own instance lists now.
 * A key claimed by two servers is a collision, whichever of them is up.
 */
static json_t *
claims(struct session *s, enum list_kind kind)
{
	json_t *count = json_object();

	for (size_t i = 0; i < s->ninst; i++) {
		json_t *mine = json_object(), *known = s->r->known[i * LIST_KINDS + kind], *v;
		const char *k;
		struct instance *inst = s->inst[i];
		if (known)
			json_object_update(mine, known);
		if (inst && inst->lists[kind]) {
			json_t *now = aggregate_keys(inst, kind, inst->lists[kind]);
			json_object_update(mine, now);
			json_decref(now);
		}
		json_object_foreach(mine, k, v) {
			json_t *c = json_object_get(count, k);
			json_object_set_new(count, k, json_integer(c ? json_integer_value(c) + 1 : 1));
		}
		json_decref(mine);
	}
	return count;
}

/*
 * The session's list of one kind: the items of its ready instances whose
 * exposed key no other server claims. Linear in the number of items.
 */
json_t *
aggregate_list(struct session *s, enum list_kind kind)
{
	json_t *out = json_array(), *count = claims(s, kind);
	char buf[LIMIT_TOOL_NAME + 1];

	for (size_t i = 0; i < s->ninst; i++) {
		struct instance *inst = s->inst[i];
		size_t j;
		json_t *item;
		json_t *items = usable(inst) ? aggregate_items(inst, kind) : NULL;
		if (items == NULL)
			continue;
		instance_list_used(inst, kind);
		json_array_foreach(items, j, item) {
			const char *k = exposed_key(inst, kind, item, buf, sizeof(buf));
			if (k == NULL || !tool_enabled(inst, kind, item))
				continue;
			/* A token limited by --tools sees exactly what it may call (and get). */
			if ((kind == LIST_TOOLS || kind == LIST_PROMPTS) && !session_tool_allowed(s, k))
				continue;
			if (json_integer_value(json_object_get(count, k)) > 1) {
				struct logline l;
				if (log_client_begin(&l, LOG_ERROR, "name collision between servers; withheld from every client until fixed (give the servers distinct prefixes)")) {
					log_str(&l, "name", k);
					log_str(&l, "server", inst->key);
					log_end(&l);
				}
				continue;
			}
			json_t *copy = json_copy(item);
			if (kind == LIST_TOOLS || kind == LIST_PROMPTS)
				json_object_set_new(copy, "name", json_string(k));
			json_array_append_new(out, copy);
		}
	}
	json_decref(count);
	return out;
}

static json_t *
find_in(json_t *list, enum list_kind kind, const char *key)
{
	size_t j;
	json_t *item;

	json_array_foreach(list, j, item) {
		json_t *k = json_object_get(item, key_of[kind]);
		if (json_is_string(k) && strcmp(json_string_value(k), key) == 0)
			return item;
	}
	return NULL;
}

static json_t *
list_find(const struct instance *inst, enum list_kind kind, const char *key)
{
	size_t j;
	json_t *item;

	if (inst->lists[kind] == NULL)
		return NULL;
	json_array_foreach(inst->lists[kind], j, item) {
		json_t *k = json_object_get(item, key_of[kind]);
		if (json_is_string(k) && strcmp(json_string_value(k), key) == 0)
			return item;
	}
	return NULL;
}

static bool
list_has(const struct instance *inst, enum list_kind kind, const char *key)
{
	return list_find(inst, kind, key) != NULL;
}

struct instance *
aggregate_route_name(struct session *s, enum list_kind kind, const char *exposed,
    const char **original, int *code, char *err, size_t errcap)
{
	struct instance *found = NULL, *down = NULL, *disabled = NULL, *held = NULL;
	size_t matches = 0, owners = 0;
	const char *what = kind == LIST_TOOLS ? "tool" : "prompt";

	/* A name too long to expose was never listed: it cannot be called either. */
	if (strlen(exposed) > LIMIT_TOOL_NAME) {
		*code = MCP_ERR_INVALID_PARAMS;
		snprintf(err, errcap, "unknown %s: the name is longer than %d characters", what, LIMIT_TOOL_NAME);
		return NULL;
	}
	/*
	 * The one ready server that lists the name, and how many servers claim it:
	 * by their current list or by what they listed last (router->known), so a
	 * collision holds while one of the colliding servers is down.
	 */
	for (size_t i = 0; i < s->ninst; i++) {
		struct instance *inst = s->inst[i];
		json_t *known = s->r->known[i * LIST_KINDS + kind];
		bool claimed = known != NULL && json_object_get(known, exposed) != NULL;
		size_t plen;
		const char *name = exposed;
		if (inst == NULL)
			continue;
		plen = strlen(inst->prefix);
		if (plen > 0 && (strncmp(exposed, inst->prefix, plen) != 0 || strncmp(exposed + plen, "__", 2) != 0)) {
			owners += claimed;
			continue;
		}
		name = exposed + (plen > 0 ? plen + 2 : 0);
		json_t *item = usable(inst) ? list_find(inst, kind, name) : NULL;
		if (item != NULL && !tool_enabled(inst, kind, item)) {
			disabled = inst;
		} else if (item != NULL && find_in(aggregate_items(inst, kind), kind, name) == NULL) {
			held = inst;                /* listed by the server, held by the guard */
			claimed = true;
		} else if (item != NULL) {
			found = inst;
			*original = name;
			matches++;
			claimed = true;
		} else if (!usable(inst) && plen > 0) {
			down = inst;
		}
		owners += claimed;
	}
	if (matches == 1 && owners <= 1)
		return found;
	if (owners > 1)
		matches = 2;
	*code = MCP_ERR_INVALID_PARAMS;
	if (matches > 1)
		snprintf(err, errcap, "the %s \"%s\" is offered by more than one server; give the servers distinct prefixes",
		    what, exposed);
	else if (held)
		snprintf(err, errcap, "the %s \"%s\" is held for review: its definition is new or changed; "
		    "an operator can review it with `gatehouse tools diff %s`", what, exposed, exposed);
	else if (disabled)
		snprintf(err, errcap, "the %s \"%s\" is disabled in the configuration (\"mcpServers\": {\"%s\": {\"tools\": ...}})",
		    what, exposed, disabled->key);
	else if (down) {
		*code = MCP_ERR_UNAVAILABLE;
		snprintf(err, errcap, "server \"%s\" is unavailable: %s", down->key,
		    down->fail_reason ? down->fail_reason : "still starting");
	}
	else
		snprintf(err, errcap, "unknown %s \"%s\"", what, exposed);
	return NULL;
}

/* Literal part of a URI template before its first expression. */
static size_t
template_prefix(const char *t)
{
	return strcspn(t, "{");
}

struct instance *
aggregate_route_uri(struct session *s, const char *uri, char *err, size_t errcap)
{
	struct instance *best = NULL, *only = NULL;
	size_t best_len = 0, with_resources = 0;
	bool tie = false;

	for (size_t i = 0; i < s->ninst; i++) {
		struct instance *inst = s->inst[i];
		if (!usable(inst))
			continue;
		if (instance_has_cap(inst, "resources")) {
			with_resources++;
			only = inst;
		}
		if (list_has(inst, LIST_RESOURCES, uri)) {
			if (best && best_len == SIZE_MAX)
				tie = true;
			best = inst;
			best_len = SIZE_MAX;
			continue;
		}
		size_t j;
		json_t *item;
		if (inst->lists[LIST_TEMPLATES] == NULL)
			continue;
		json_array_foreach(inst->lists[LIST_TEMPLATES], j, item) {
			json_t *t = json_object_get(item, "uriTemplate");
			if (!json_is_string(t))
				continue;
			size_t n = template_prefix(json_string_value(t));
			if (n == 0 || strncmp(uri, json_string_value(t), n) != 0)
				continue;
			if (best_len == SIZE_MAX)
				continue;
			if (n > best_len) {
				best = inst;
				best_len = n;
				tie = false;
			} else if (n == best_len && best != inst) {
				tie = true;
			}
		}
	}
	if (best && !tie)
		return best;
	if (tie) {
		snprintf(err, errcap, "the resource \"%.200s\" is offered by more than one server", uri);
		return NULL;
	}
	if (with_resources == 1)
		return only;
	snprintf(err, errcap, "no server offers the resource \"%.200s\"", uri);
	return NULL;
}

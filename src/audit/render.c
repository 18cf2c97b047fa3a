/*
 * Rendering a report: text for people, JSON for scripts, SARIF 2.1.0 for code
 * scanning dashboards. Findings are sorted most severe first.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../version.h"
#include "../util/log.h"
#include "../util/util.h"
#include "audit.h"

static const char *const sev_names[] = { "info", "warn", "critical" };
static const char *const sarif_levels[] = { "note", "warning", "error" };

static int
by_severity(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->severity != y->severity)
		return (int)y->severity - (int)x->severity;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->location, y->location);
}

static struct finding *
sorted(const struct report *r)
{
	struct finding *f = xcalloc(r->n + 1, sizeof(*f));

	if (r->n)
		memcpy(f, r->items, r->n * sizeof(*f));
	qsort(f, r->n, sizeof(*f), by_severity);
	return f;
}

static json_t *
strings(char **list, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

/* A string for JSON: made valid UTF-8 (evidence may quote file bytes). */
static json_t *
jstr(const char *s)
{
	size_t cap = strlen(s) + 1;
	char *clean = xmalloc(cap);
	json_t *v = json_string(util_utf8_clean(s, clean, cap));

	free(clean);
	return v ? v : json_string("");
}

static char *
render_json(const struct report *r)
{
	struct finding *f = sorted(r);
	json_t *root = json_object(), *items = json_array(), *fixed_items = json_array();
	size_t count[3] = { 0 };
	char *out;

	for (size_t i = 0; i < r->n; i++) {
		if (!f[i].fixed)
			count[f[i].severity]++;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(f[i].id));
		json_object_set_new(o, "severity", json_string(sev_names[f[i].severity]));
		json_object_set_new(o, "title", jstr(f[i].title));
		json_object_set_new(o, "evidence", jstr(f[i].evidence));
		json_object_set_new(o, "location", jstr(f[i].location));
		json_object_set_new(o, "fix", jstr(f[i].fix));
		/* Fixed by --fix in this run: listed apart, never counted. */
		json_array_append_new(f[i].fixed ? fixed_items : items, o);
	}
	json_object_set_new(root, "tool", json_pack("{s:s, s:s}", "name", "gatehouse", "version", GATEHOUSE_VERSION));
	json_object_set_new(root, "summary", json_pack("{s:I, s:I, s:I}", "critical", (json_int_t)count[2],
	    "warn", (json_int_t)count[1], "info", (json_int_t)count[0]));
	json_object_set_new(root, "findings", items);
	json_object_set_new(root, "fixedFindings", fixed_items);
	json_object_set_new(root, "fixed", strings(r->fixed, r->nfixed));
	json_object_set_new(root, "notes", strings(r->notes, r->nnotes));
	out = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	free(f);
	return out;
}

/* file:// URI for a path, percent-encoding what a URI cannot carry. */
static char *
file_uri(const char *path, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(len * 3 + 8);
	size_t o = 0;

	memcpy(out, "file://", 7);
	o = 7;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("/-._~", c) != NULL) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

static json_t *
sarif_location(const char *location)
{
	json_t *loc = json_object();

	if (location[0] == '/') {
		/* "PATH" or "PATH: detail": the detail becomes a logical location. */
		const char *sep = strstr(location, ": ");
		size_t plen = sep ? (size_t)(sep - location) : strlen(location);
		char *uri = file_uri(location, plen);
		json_object_set_new(loc, "physicalLocation",
		    json_pack("{s:{s:s}}", "artifactLocation", "uri", uri));
		free(uri);
		if (sep)
			json_object_set_new(loc, "logicalLocations",
			    json_pack("[{s:o}]", "name", jstr(sep + 2)));
	} else {
		json_object_set_new(loc, "logicalLocations",
		    json_pack("[{s:o, s:s}]", "name", jstr(location), "kind", "resource"));
	}
	return loc;
}

static char *
render_sarif(const struct report *r)
{
	struct finding *f = sorted(r);
	json_t *rules = json_array(), *results = json_array(), *root;
	char *out;

	for (size_t i = 0; i < audit_nchecks; i++) {
		const struct audit_check *c = &audit_checks[i];
		json_array_append_new(rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}}",
		    "id", c->id, "name", c->id,
		    "shortDescription", "text", c->title,
		    "help", "text", c->fix,
		    "defaultConfiguration", "level", sarif_levels[c->severity]));
	}
	for (size_t i = 0; i < r->n; i++) {
		size_t index = 0;
		for (size_t k = 0; k < audit_nchecks; k++)
			if (strcmp(audit_checks[k].id, f[i].id) == 0)
				index = k;
		char text[4096];
		snprintf(text, sizeof(text), "%s: %s", f[i].title, f[i].evidence);
		if (f[i].fixed)
			snprintf(text, sizeof(text), "fixed by gatehouse audit --fix in this run: %s: %s",
			    f[i].title, f[i].evidence);
		/* A finding --fix fixed is a passed check, not an alert. */
		json_t *res = json_pack("{s:s, s:I, s:s, s:s, s:{s:o}}", "ruleId", f[i].id,
		    "ruleIndex", (json_int_t)index, "kind", f[i].fixed ? "pass" : "fail",
		    "level", f[i].fixed ? "none" : sarif_levels[f[i].severity],
		    "message", "text", jstr(text));
		if (f[i].location[0])
			json_object_set_new(res, "locations", json_pack("[o]", sarif_location(f[i].location)));
		json_array_append_new(results, res);
	}
	root = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0",
	    "runs",
	    "tool", "driver", "name", "gatehouse", "version", GATEHOUSE_VERSION, "rules", rules,
	    "results", results);
	out = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	free(f);
	return out;
}

static char *
render_text(const struct report *r)
{
	static const char *const labels[] = { "INFO", "WARN", "CRITICAL" };
	struct finding *f = sorted(r);
	struct strbuf t = { 0 };
	size_t count[3] = { 0 };

	size_t nfixed = 0;

	for (size_t i = 0; i < r->n; i++) {
		if (f[i].fixed)
			nfixed++;
		else
			count[f[i].severity]++;
	}
	strbuf_printf(&t, "gatehouse audit: %zu critical, %zu warn, %zu info", count[2], count[1], count[0]);
	if (nfixed)
		strbuf_printf(&t, " (%zu fixed by --fix, not counted)", nfixed);
	strbuf_printf(&t, "\n");
	for (size_t i = 0; i < r->n; i++) {
		if (f[i].fixed)
			continue;
		strbuf_printf(&t, "\n%-8s %s  %s\n", labels[f[i].severity], f[i].id, f[i].title);
		if (f[i].location[0])
			strbuf_printf(&t, "         at:   %s\n", f[i].location);
		if (f[i].evidence[0])
			strbuf_printf(&t, "         seen: %s\n", f[i].evidence);
		strbuf_printf(&t, "         fix:  %s\n", f[i].fix);
	}
	if (nfixed) {
		strbuf_printf(&t, "\nFixed by --fix in this run (checked again after the change):\n");
		for (size_t i = 0; i < r->n; i++) {
			if (!f[i].fixed)
				continue;
			strbuf_printf(&t, "\nFIXED    %s  %s (was %s)\n", f[i].id, f[i].title, labels[f[i].severity]);
			if (f[i].location[0])
				strbuf_printf(&t, "         at:   %s\n", f[i].location);
			if (f[i].evidence[0])
				strbuf_printf(&t, "         seen: %s\n", f[i].evidence);
		}
	}
	if (r->nfixed) {
		strbuf_printf(&t, "\nChanged by --fix:\n");
		for (size_t i = 0; i < r->nfixed; i++)
			strbuf_printf(&t, "  - %s\n", r->fixed[i]);
	}
	if (r->nnotes) {
		strbuf_printf(&t, "\nNot checked:\n");
		for (size_t i = 0; i < r->nnotes; i++)
			strbuf_printf(&t, "  - %s\n", r->notes[i]);
	}
	free(f);
	return t.buf;
}

char *
audit_render(const struct report *r, enum audit_format f)
{
	switch (f) {
	case AUDIT_JSON:
		return render_json(r);
	case AUDIT_SARIF:
		return render_sarif(r);
	case AUDIT_TEXT:
	default:
		return render_text(r);
	}
}

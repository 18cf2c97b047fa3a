/* Redaction: scanner matches and literals replaced by [REDACTED:slug] (redact.h). */
#include "redact.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"
#include "scan.h"

struct literal {
	char  *value;           /* sodium_malloc'd */
	size_t len;
	char   label[32];
};

struct redactor {
	struct literal lit[REDACT_LITERALS_MAX];
	size_t         n;
};

struct span {
	size_t      start, end;
	const char *slug;
};

struct spans {
	struct span *v;
	size_t       n, cap;
	bool         failed;
};

struct redactor *
redactor_new(void)
{
	return xcalloc(1, sizeof(struct redactor));
}

void
redactor_free(struct redactor *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		sodium_free(r->lit[i].value);
	free(r);
}

int
redactor_add_literal(struct redactor *r, const char *value, const char *label)
{
	size_t len = strlen(value);
	struct literal *l;

	if (len < REDACT_LITERAL_MIN)
		return 0;
	if (r->n >= REDACT_LITERALS_MAX || sodium_init() < 0)    /* sodium_malloc aborts before init */
		return -1;
	for (size_t i = 0; i < r->n; i++)
		if (r->lit[i].len == len && sodium_memcmp(r->lit[i].value, value, len) == 0)
			return 0;
	l = &r->lit[r->n];
	if ((l->value = sodium_malloc(len + 1)) == NULL)
		return -1;
	memcpy(l->value, value, len + 1);
	l->len = len;
	snprintf(l->label, sizeof(l->label), "%s", label);
	r->n++;
	return 0;
}

static void
push(struct spans *s, size_t start, size_t end, const char *slug)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = (struct span){ start, end, slug };
}

static int
on_secret(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	const char *slug = secrets_rule_slug_by_id(rule_id);

	(void)name;
	push(arg, start, end, slug ? slug : "secret");
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1 : (x->end > y->end ? -1 : x->end < y->end);
}

char *
redact_text(const struct redactor *r, const char *in, size_t len, size_t *count, const char **first_slug)
{
	struct spans s = { 0 };
	size_t o = 0, at = 0, merged = 0, cap;
	char *out;

	*count = 0;
	if (len == 0)
		return NULL;
	if (secrets_scan(in, len, on_secret, &s) < 0)
		s.failed = true;
	for (size_t i = 0; r != NULL && i < r->n; i++) {
		const struct literal *l = &r->lit[i];
		for (const char *p = in; (size_t)(p - in) + l->len <= len;) {
			const char *hit = memmem(p, len - (size_t)(p - in), l->value, l->len);
			if (hit == NULL)
				break;
			push(&s, (size_t)(hit - in), (size_t)(hit - in) + l->len, l->label);
			p = hit + l->len;
		}
	}
	if (s.failed) {
		free(s.v);
		*count = 1;
		if (first_slug)
			*first_slug = "unscannable";
		return xstrdup("[REDACTED:unscannable]");
	}
	if (s.n == 0) {
		free(s.v);
		return NULL;
	}
	qsort(s.v, s.n, sizeof(*s.v), by_start);
	/* Merge overlapping spans; the earliest names the merged one. */
	for (size_t i = 0; i < s.n; i++) {
		if (merged > 0 && s.v[i].start < s.v[merged - 1].end) {
			if (s.v[i].end > s.v[merged - 1].end)
				s.v[merged - 1].end = s.v[i].end;
			continue;
		}
		s.v[merged++] = s.v[i];
	}
	cap = len + 1;
	for (size_t i = 0; i < merged; i++)
		cap += 12 + strlen(s.v[i].slug);
	out = xmalloc(cap);
	for (size_t i = 0; i < merged; i++) {
		memcpy(out + o, in + at, s.v[i].start - at);
		o += s.v[i].start - at;
		o += (size_t)snprintf(out + o, cap - o, "[REDACTED:%s]", s.v[i].slug);
		at = s.v[i].end;
	}
	memcpy(out + o, in + at, len - at);
	o += len - at;
	out[o] = '\0';
	*count = merged;
	if (first_slug)
		*first_slug = s.v[0].slug;
	free(s.v);
	return out;
}

static size_t
redact_node(const struct redactor *r, json_t *v, const char **first, int depth)
{
	size_t total = 0, n;
	const char *key;
	json_t *e, *tmp;
	char *red;

	if (depth > 4096)
		return 0;               /* jansson parses no deeper than this */
	if (json_is_string(v)) {
		red = redact_text(r, json_string_value(v), json_string_length(v), &n, first && !*first ? first : NULL);
		if (red != NULL) {
			json_string_set(v, red);
			free(red);
		}
		return n;
	}
	if (json_is_array(v)) {
		size_t i;
		json_array_foreach(v, i, e)
			total += redact_node(r, e, first, depth + 1);
		return total;
	}
	if (!json_is_object(v))
		return 0;
	json_object_foreach_safe(v, tmp, key, e) {
		total += redact_node(r, e, first, depth + 1);
		red = redact_text(r, key, strlen(key), &n, first && !*first ? first : NULL);
		if (red != NULL) {
			json_object_set(v, red, e);
			json_object_del(v, key);
			free(red);
			total += n;
		}
	}
	return total;
}

size_t
redact_json(const struct redactor *r, json_t *v, const char **first_slug)
{
	if (first_slug)
		*first_slug = NULL;
	return redact_node(r, v, first_slug, 0);
}

/*
 * The scored check GH-TP-091 (scan_model.h). The tokeniser mirrors
 * scripts/train-scan.py byte for byte: ASCII lower case; chunks between ASCII
 * spaces; a chunk with "://" is a URL, one with '@' and a '.' after it an e-mail
 * address, one that starts (after quotes and brackets) with '~', "$home" or '/'
 * and a word byte a path; the other chunks split into words (letters, digits and
 * non-ASCII bytes, joined by single '_', '.' or '-'), each replaced by a class
 * word when it is the tool's own name, another tool's name, a parameter, an
 * identifier with '_' or a number; a CJK character is a word of its own.
 * Features are the distinct FNV-1a hashes of "u:WORD" and "b:WORD NEXT", each
 * weighing 1/sqrt(count), and the length class.
 */
#include "scan_model.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MODEL_MAX_TOKENS 4096           /* as MAX_TOKENS in scripts/train-scan.py */
#define MODEL_MAX_DEPTH  6              /* as MAX_DEPTH */
#define VALUE_MAX_DEPTH  8              /* as MAX_VALUE_DEPTH: nesting inside a default, enum, ... */
#define VALUE_MAX_ITEMS  64             /* as MAX_VALUE_ITEMS: members of one array or object read */

struct token {
	const char *s;
	size_t      n;
};

static const struct token class_self = { "zself", 5 }, class_other = { "zother", 6 },
    class_param = { "zparam", 6 }, class_ident = { "zident", 6 }, class_num = { "znum", 4 },
    class_url = { "zurl", 4 }, class_email = { "zemail", 6 }, class_path = { "zpath", 5 };

/* ---- the text ---- */

struct text {
	char  *b;
	size_t n, cap;
	bool   failed;
};

static void
text_add(struct text *t, const char *s, size_t n, bool newline)
{
	size_t need = t->n + n + 2;

	if (t->failed)
		return;
	if (need > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *nb;
		while (cap < need)
			cap *= 2;
		if ((nb = realloc(t->b, cap)) == NULL) {
			t->failed = true;
			return;
		}
		t->b = nb;
		t->cap = cap;
	}
	if (newline)
		t->b[t->n++] = '\n';
	memcpy(t->b + t->n, s, n);
	t->n += n;
	t->b[t->n] = '\0';
}

/* The strings of a value (a default, an enum, examples, ...), depth first. */
static void
value_text(struct text *t, json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t i = 0;

	if (depth > VALUE_MAX_DEPTH)
		return;
	if (json_is_string(v))
		text_add(t, json_string_value(v), json_string_length(v), true);
	else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (i >= VALUE_MAX_ITEMS)
				break;
			value_text(t, x, depth + 1);
		}
	} else if (json_is_object(v))
		json_object_foreach(v, k, x) {
			if (i++ >= VALUE_MAX_ITEMS)
				break;
			value_text(t, x, depth + 1);
		}
}

/* A schema node's title, description and the strings of its values, then its
 * properties and items: every text of a schema that the model reads. */
static void
schema_text(struct text *t, json_t *s, int depth)
{
	static const char *const values[] = { "default", "enum", "examples", "const", "$comment" };
	json_t *d, *props, *items, *v;
	const char *k;

	if (!json_is_object(s) || depth > MODEL_MAX_DEPTH)
		return;
	if (json_is_string(d = json_object_get(s, "title")))
		text_add(t, json_string_value(d), json_string_length(d), true);
	if (json_is_string(d = json_object_get(s, "description")))
		text_add(t, json_string_value(d), json_string_length(d), true);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if ((v = json_object_get(s, values[i])) != NULL)
			value_text(t, v, 0);
	if (json_is_object(props = json_object_get(s, "properties")))
		json_object_foreach(props, k, v)
			schema_text(t, v, depth + 1);
	if (json_is_object(items = json_object_get(s, "items")))
		schema_text(t, items, depth + 1);
}

char *
scan_model_text(json_t *tool, size_t *len)
{
	struct text t = { 0 };
	json_t *d = json_object_get(tool, "description");

	if (json_is_string(d))
		text_add(&t, json_string_value(d), json_string_length(d), false);
	else
		text_add(&t, "", 0, false);
	schema_text(&t, json_object_get(tool, "inputSchema"), 0);
	if (t.failed) {
		free(t.b);
		return NULL;
	}
	*len = t.n;
	return t.b;
}

/* ---- the tokens ---- */

static bool
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static bool
space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const struct token *
chunk_class(const char *c, size_t n)
{
	const char *at = memchr(c, '@', n);
	size_t i = 0;

	for (size_t k = 0; k + 3 <= n; k++)
		if (memcmp(c + k, "://", 3) == 0)
			return &class_url;
	if (at != NULL && at > c && memchr(at + 1, '.', n - (size_t)(at + 1 - c)) != NULL)
		return &class_email;
	while (i < n && c[i] != '\0' && strchr("\"'`(<[{*", c[i]) != NULL)
		i++;
	if (i < n && (c[i] == '~' || (n - i >= 5 && memcmp(c + i, "$home", 5) == 0) ||
	    (c[i] == '/' && i + 1 < n && word_byte((unsigned char)c[i + 1]))))
		return &class_path;
	return NULL;
}

/* A plain word ("search") is a word, whoever has a tool of that name; only a
 * name with '_', '.', '-' or a digit stands for a tool (scripts/train-scan.py
 * does the same). */
static bool
tool_shaped(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] == '_' || w[i] == '.' || w[i] == '-' || (w[i] >= '0' && w[i] <= '9'))
			return true;
	return false;
}

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

#define MODEL_MAX_PARAMS 256            /* parameter names compared (the rest are words) */

struct tokenizer {
	struct token      *tok;
	size_t             n, cap;         /* cap: at most MODEL_MAX_TOKENS */
	size_t             ncjk;           /* of them, CJK characters */
	struct token       self;
	struct token      *params;
	size_t             nparams;
	scan_model_is_tool is_tool;
	void              *arg;
};

static void
add_word(struct tokenizer *z, const char *w, size_t n)
{
	struct token t = { w, n };

	bool param = false;

	for (size_t i = 0; i < z->nparams && !param; i++)
		param = z->params[i].n == n && strncasecmp(z->params[i].s, w, n) == 0;
	if (z->self.n == n && strncasecmp(z->self.s, w, n) == 0)
		t = class_self;
	else if (tool_shaped(w, n) && z->is_tool != NULL && z->is_tool(z->arg, w, n))
		t = class_other;
	else if (param)
		t = class_param;
	else if (memchr(w, '_', n) != NULL)
		t = class_ident;
	else if (all_digits(w, n))
		t = class_num;
	z->tok[z->n++] = t;
}

size_t
scan_model_cjk_at(const char *s, size_t n, size_t i)
{
	const unsigned char *w = (const unsigned char *)s;

	if (i + 2 < n && w[i] >= 0xe3 && w[i] <= 0xed && w[i + 1] >= 0x80 && w[i + 1] <= 0xbf &&
	    w[i + 2] >= 0x80 && w[i + 2] <= 0xbf && !(w[i] == 0xe3 && w[i + 1] == 0x80))
		return 3;
	return 0;
}

/* Chinese, Japanese and Korean put no spaces between words: each CJK character
 * of a word is a word of its own, the runs between them words as they are. */
static void
add_split(struct tokenizer *z, const char *w, size_t n)
{
	size_t i = 0, a = 0, k;

	while (i < n && z->n < z->cap) {
		if ((k = scan_model_cjk_at(w, n, i)) == 0) {
			i++;
			continue;
		}
		if (i > a)
			add_word(z, w + a, i - a);
		if (z->n < z->cap) {
			add_word(z, w + i, k);
			z->ncjk++;
		}
		i += k;
		a = i;
	}
	if (n > a && z->n < z->cap)
		add_word(z, w + a, n - a);
}

static void
tokenize(struct tokenizer *z, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && z->n < z->cap) {
		size_t a, e;
		const struct token *cls;

		while (i < len && space_byte(s[i]))
			i++;
		if (i >= len)
			break;
		for (a = i; i < len && !space_byte(s[i]); i++)
			;
		if ((cls = chunk_class(s + a, i - a)) != NULL) {
			z->tok[z->n++] = *cls;
			continue;
		}
		for (e = a; e < i && z->n < z->cap;) {
			size_t wa;
			if (!word_byte((unsigned char)s[e])) {
				e++;
				continue;
			}
			for (wa = e;;) {
				while (e < i && word_byte((unsigned char)s[e]))
					e++;
				if (e + 1 < i && s[e] != '\0' && strchr("_.-", s[e]) != NULL &&
				    word_byte((unsigned char)s[e + 1])) {
					e++;
					continue;
				}
				break;
			}
			add_split(z, s + wa, e - wa);
		}
	}
}

/* ---- the score ---- */

static uint32_t
fnv(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

#define FNV_START 2166136261u

/*
 * The weights are looked up through an open-addressing index built once (a
 * binary search of the sorted table costs a cache miss per step); without
 * memory for it, the sorted table is searched.
 */
static struct {
	pthread_once_t once;
	uint32_t      *slot;            /* 1 + index into scan_model_weights; 0: empty */
	size_t         mask;
} idx = { PTHREAD_ONCE_INIT, NULL, 0 };

static void
build_index(void)
{
	size_t cap = 16;

	while (cap < 2 * scan_model_nweights)
		cap *= 2;
	if ((idx.slot = calloc(cap, sizeof(*idx.slot))) == NULL)
		return;
	idx.mask = cap - 1;
	for (size_t i = 0; i < scan_model_nweights; i++) {
		size_t k = scan_model_weights[i].hash & idx.mask;
		while (idx.slot[k] != 0)
			k = (k + 1) & idx.mask;
		idx.slot[k] = (uint32_t)(i + 1);
	}
}

static double
weight_of(uint32_t h)
{
	size_t lo = 0, hi = scan_model_nweights;

	if (idx.slot != NULL) {
		for (size_t k = h & idx.mask; idx.slot[k] != 0; k = (k + 1) & idx.mask)
			if (scan_model_weights[idx.slot[k] - 1].hash == h)
				return scan_model_weights[idx.slot[k] - 1].weight;
		return 0.0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (scan_model_weights[mid].hash == h)
			return scan_model_weights[mid].weight;
		if (scan_model_weights[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0.0;
}

static const char *
shown(const struct token *t)
{
	static const struct {
		const struct token *cls;
		const char         *text;
	} names[] = {
		{ &class_self, "(its own name)" }, { &class_other, "(another tool)" },
		{ &class_param, "(a parameter)" }, { &class_ident, "(an identifier)" },
		{ &class_num, "(a number)" }, { &class_url, "(a URL)" },
		{ &class_email, "(an e-mail address)" }, { &class_path, "(a path)" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (t->s == names[i].cls->s)
			return names[i].text;
	return NULL;
}

/* The (at most three) distinct words that weigh most for a hold, for the finding. */
static void
explain(const struct token *ws, size_t n, char *out, size_t cap)
{
	size_t best[3], nb = 0, o = 0;
	double bw[3];

	for (size_t i = 0; i < n; i++) {
		double w = weight_of(fnv(fnv(FNV_START, "u:", 2), ws[i].s, ws[i].n));
		bool dup = false;
		size_t at;
		for (size_t k = 0; k < nb; k++)
			dup |= ws[best[k]].n == ws[i].n && memcmp(ws[best[k]].s, ws[i].s, ws[i].n) == 0;
		if (w <= 0 || dup || (nb == 3 && w <= bw[2]))
			continue;
		at = nb < 3 ? nb++ : 2;
		for (; at > 0 && bw[at - 1] < w; at--) {
			best[at] = best[at - 1];
			bw[at] = bw[at - 1];
		}
		best[at] = i;
		bw[at] = w;
	}
	out[0] = '\0';
	for (size_t k = 0; k < nb; k++) {
		const struct token *t = &ws[best[k]];
		const char *s = shown(t);
		size_t len = s ? strlen(s) : t->n;
		if (o + len + 3 >= cap)
			break;
		if (k > 0) {
			memcpy(out + o, ", ", 2);
			o += 2;
		}
		memcpy(out + o, s ? s : t->s, len);
		o += len;
		out[o] = '\0';
	}
}

int
scan_model_score(json_t *tool, scan_model_is_tool is_tool, void *arg, struct scan_model_out *out)
{
	struct tokenizer z = { 0 };
	json_t *schema = json_object_get(tool, "inputSchema"), *name = json_object_get(tool, "name");
	json_t *props, *v;
	struct token params[MODEL_MAX_PARAMS];
	const char *key;
	uint32_t *h = NULL, *set;
	size_t len, nh = 0, distinct = 0, cap;
	bool zero_seen = false;
	char *text;
	double sum = 0;
	const char *lc;

	memset(out, 0, sizeof(*out));
	(void)pthread_once(&idx.once, build_index);
	if ((text = scan_model_text(tool, &len)) == NULL)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (text[i] >= 'A' && text[i] <= 'Z')
			text[i] = (char)(text[i] + 32);
	z.self.s = json_is_string(name) ? json_string_value(name) : "";
	z.self.n = strlen(z.self.s);
	props = json_is_object(schema) ? json_object_get(schema, "properties") : NULL;
	json_object_foreach(props, key, v)
		if (z.nparams < MODEL_MAX_PARAMS) {
			params[z.nparams].s = key;
			params[z.nparams++].n = strlen(key);
		}
	z.params = params;
	z.is_tool = is_tool;
	z.arg = arg;
	/* A token takes at least one byte and a separator. */
	z.cap = len / 2 + 1 < MODEL_MAX_TOKENS ? len / 2 + 1 : MODEL_MAX_TOKENS;
	if ((z.tok = malloc(z.cap * sizeof(*z.tok))) == NULL ||
	    (h = malloc(2 * z.cap * sizeof(*h))) == NULL) {
		free(z.tok);
		free(text);
		return -1;
	}
	tokenize(&z, text, len);
	for (size_t i = 0; i < z.n; i++) {
		h[nh++] = fnv(fnv(FNV_START, "u:", 2), z.tok[i].s, z.tok[i].n);
		if (i + 1 < z.n)
			h[nh++] = fnv(fnv(fnv(fnv(FNV_START, "b:", 2), z.tok[i].s, z.tok[i].n), " ", 1),
			    z.tok[i + 1].s, z.tok[i + 1].n);
	}
	/* Each distinct feature once: an open-addressing set of the hashes (0 is
	 * kept apart, as it marks an empty slot). */
	for (cap = 16; cap < 2 * nh; cap *= 2)
		;
	if ((set = calloc(cap, sizeof(*set))) == NULL) {
		free(h);
		free(z.tok);
		free(text);
		return -1;
	}
	for (size_t i = 0; i < nh; i++) {
		size_t k;
		if (h[i] == 0) {
			if (!zero_seen)
				distinct++, sum += weight_of(0);
			zero_seen = true;
			continue;
		}
		for (k = h[i] & (cap - 1); set[k] != 0 && set[k] != h[i]; k = (k + 1) & (cap - 1))
			;
		if (set[k] == h[i])
			continue;
		set[k] = h[i];
		distinct++;
		sum += weight_of(h[i]);
	}
	free(set);
	lc = z.n < 10 ? "len:a" : z.n < 20 ? "len:b" : z.n < 40 ? "len:c" : z.n < 80 ? "len:d" : "len:e";
	out->score = scan_model_bias + weight_of(fnv(FNV_START, lc, 5)) +
	    (distinct ? sum / sqrt((double)distinct) : 0.0);
	out->ntokens = z.n;
	out->ncjk = z.ncjk;
	if (out->score > scan_model_threshold)
		explain(z.tok, z.n, out->why, sizeof(out->why));
	free(h);
	free(z.tok);
	free(text);
	return 0;
}

bool
scan_model_alone(const struct scan_model_out *m)
{
	size_t words = m->ntokens - m->ncjk + m->ncjk / 3;

	return m->score > scan_model_threshold_alone && words >= SCAN_MODEL_MIN_TOKENS_ALONE;
}

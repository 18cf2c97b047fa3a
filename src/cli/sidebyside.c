/* Two texts side by side, aligned by their longest common subsequence of lines. */
#include "sidebyside.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct line {
	const char *p;
	size_t      n;
};

enum op { OP_SAME, OP_LEFT, OP_RIGHT };

/* Split text into lines; a NULL text has none. The array is malloc'd. */
static struct line *
split(const char *text, size_t *count)
{
	struct line *v;
	size_t n = 0, k = 0;

	*count = 0;
	if (text == NULL || text[0] == '\0')
		return NULL;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	v = xcalloc(n + 1, sizeof(*v));
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		v[k].p = p;
		v[k].n = len;
		k++;
		p += len + (e != NULL);
	}
	*count = k;
	return v;
}

static int
same(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/*
 * The edit script from a to b as ops (at most n + m): a table of the longest
 * common subsequence of every pair of suffixes, walked from the start. Lines
 * past SBS_MAX_LINES are all "left only" and "right only".
 */
static size_t
script(const struct line *a, size_t n, const struct line *b, size_t m, enum op *ops)
{
	size_t cn = n < SBS_MAX_LINES ? n : SBS_MAX_LINES, cm = m < SBS_MAX_LINES ? m : SBS_MAX_LINES;
	uint16_t *t = xcalloc((cn + 1) * (cm + 1), sizeof(*t));
	size_t i = 0, j = 0, k = 0;

#define T(x, y) t[(x) * (cm + 1) + (y)]
	for (size_t x = cn; x-- > 0;)
		for (size_t y = cm; y-- > 0;)
			T(x, y) = same(&a[x], &b[y]) ? (uint16_t)(T(x + 1, y + 1) + 1) :
			    (T(x + 1, y) >= T(x, y + 1) ? T(x + 1, y) : T(x, y + 1));
	while (i < cn && j < cm) {
		if (same(&a[i], &b[j])) {
			ops[k++] = OP_SAME;
			i++;
			j++;
		} else if (T(i + 1, j) >= T(i, j + 1)) {
			ops[k++] = OP_LEFT;
			i++;
		} else {
			ops[k++] = OP_RIGHT;
			j++;
		}
	}
#undef T
	while (i++ < n)
		ops[k++] = OP_LEFT;
	while (j++ < m)
		ops[k++] = OP_RIGHT;
	free(t);
	return k;
}

/* One aligned pair (either side may be absent), wrapped to the column. */
static void
row(struct strbuf *out, const struct line *l, const struct line *r, char mark, size_t col)
{
	size_t ln = l ? l->n : 0, rn = r ? r->n : 0, lo = 0, ro = 0;

	do {
		size_t lt = ln - lo < col ? ln - lo : col, rt = rn - ro < col ? rn - ro : col;
		strbuf_printf(out, "%-*.*s %c %.*s\n", (int)col, (int)lt, l ? l->p + lo : "", mark, (int)rt,
		    r ? r->p + ro : "");
		lo += lt;
		ro += rt;
	} while (lo < ln || ro < rn);
}

size_t
sbs_render(const char *left, const char *right, const char *left_title, const char *right_title,
    int width, struct strbuf *out)
{
	size_t n, m, k, diff = 0, col = (size_t)(width < 40 ? 40 : width) - 3;
	struct line *a = split(left, &n), *b = split(right, &m);
	enum op *ops = xcalloc(n + m + 1, sizeof(*ops));
	size_t i = 0, j = 0;

	col /= 2;
	k = script(a, n, b, m, ops);
	strbuf_printf(out, "%-*.*s   %.*s\n", (int)col, (int)col, left_title, (int)col, right_title);
	for (size_t x = 0; x < 2 * col + 3; x++)
		strbuf_printf(out, "-");
	strbuf_printf(out, "\n");
	for (size_t x = 0; x < k;) {
		size_t dl = 0, dr = 0;
		if (ops[x] == OP_SAME) {
			row(out, &a[i++], &b[j++], ' ', col);
			x++;
			continue;
		}
		/* A run of changes: pair its left lines with its right lines. */
		while (x + dl + dr < k && ops[x + dl + dr] != OP_SAME)
			ops[x + dl + dr] == OP_LEFT ? dl++ : dr++;
		for (size_t p = 0; p < dl || p < dr; p++) {
			const struct line *l = p < dl ? &a[i + p] : NULL, *r = p < dr ? &b[j + p] : NULL;
			row(out, l, r, l && r ? '|' : l ? '<' : '>', col);
			diff++;
		}
		i += dl;
		j += dr;
		x += dl + dr;
	}
	free(ops);
	free(a);
	free(b);
	return diff;
}

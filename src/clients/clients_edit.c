/*
 * Pure scanners over a client's JSON text, for changing one member of a file
 * that belongs to another program without touching the rest of its bytes
 * (comments, key order, spacing): find where a value is, and say where a parse
 * error is as a JSON path. The text has been through clients_jsonc_strip, so
 * comments are spaces; offsets are those of the original file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "clients.h"

static size_t
skip_ws(const char *buf, size_t len, size_t i)
{
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	return i;
}

/* Past the string starting at buf[i] == '"'; len when unterminated. */
static size_t
skip_string(const char *buf, size_t len, size_t i)
{
	for (i++; i < len && buf[i] != '"'; i++)
		if (buf[i] == '\\' && i + 1 < len)
			i++;
	return i < len ? i + 1 : len;
}

/* Past the value starting at buf[i]; strings and brackets are balanced up to
 * CLIENTS_EDIT_MAX_DEPTH. Returns (size_t)-1 on malformed input. */
static size_t
skip_value(const char *buf, size_t len, size_t i)
{
	int depth = 0;

	if (i >= len)
		return (size_t)-1;
	if (buf[i] == '"')
		return skip_string(buf, len, i);
	if (buf[i] != '{' && buf[i] != '[') {
		while (i < len && buf[i] != ',' && buf[i] != '}' && buf[i] != ']' && buf[i] != ' ' &&
		    buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t')
			i++;
		return i;
	}
	while (i < len) {
		char c = buf[i];
		if (c == '"') {
			i = skip_string(buf, len, i);
			continue;
		}
		if (c == '{' || c == '[') {
			if (++depth > CLIENTS_EDIT_MAX_DEPTH)
				return (size_t)-1;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1;
		}
		i++;
	}
	return (size_t)-1;
}

/* In the object at buf[obj] == '{', the value of member `key`: its start in
 * *vs and end in *ve. 1 found, 0 not there, -1 malformed. */
static int
member(const char *buf, size_t len, size_t obj, const char *key, size_t *vs, size_t *ve)
{
	size_t i = skip_ws(buf, len, obj + 1), klen = strlen(key);

	while (i < len && buf[i] != '}') {
		size_t ks, ke, v;
		if (buf[i] != '"')
			return -1;
		ks = i + 1;
		ke = skip_string(buf, len, i);
		i = skip_ws(buf, len, ke);
		if (i >= len || buf[i] != ':')
			return -1;
		i = skip_ws(buf, len, i + 1);
		v = skip_value(buf, len, i);
		if (v == (size_t)-1)
			return -1;
		/* Keys are compared as written: client files do not escape key names. */
		if (ke - 1 - ks == klen && memcmp(buf + ks, key, klen) == 0) {
			*vs = i;
			*ve = v;
			return 1;
		}
		i = skip_ws(buf, len, v);
		if (i < len && buf[i] == ',')
			i = skip_ws(buf, len, i + 1);
	}
	return i < len ? 0 : -1;
}

int
clients_json_find(const char *buf, size_t len, const char *const *keys, size_t nkeys,
    size_t *start, size_t *end)
{
	size_t s = skip_ws(buf, len, 0), e, vs, ve;
	size_t found = 0;

	if (s >= len || buf[s] != '{')
		return -1;
	if ((e = skip_value(buf, len, s)) == (size_t)-1)
		return -1;
	for (; found < nkeys; found++) {
		int r = member(buf, len, s, keys[found], &vs, &ve);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (found + 1 < nkeys && buf[vs] != '{')
			return -1;
		s = vs;
		e = ve;
	}
	*start = s;
	*end = e;
	return (int)found;
}

void
clients_line_indent(const char *buf, size_t pos, char *out, size_t cap)
{
	size_t b = pos, n = 0;

	while (b > 0 && buf[b - 1] != '\n')
		b--;
	while (b + n < pos && (buf[b + n] == ' ' || buf[b + n] == '\t') && n + 1 < cap) {
		out[n] = buf[b + n];
		n++;
	}
	out[n] = '\0';
}

/*
 * A stack of where we are: for objects the last key seen, for arrays the index
 * of the current element. Rendered as $.a.b[3].c.
 */
void
clients_json_path_at(const char *buf, size_t len, size_t pos, char *out, size_t cap)
{
	struct frame { bool array; size_t index; char key[65]; bool has_key; } st[CLIENTS_EDIT_MAX_DEPTH];
	size_t depth = 0, i = 0, o;
	bool expect_key = false;

	if (pos > len)
		pos = len;
	while (i < pos) {
		char c = buf[i];
		if (c == '"') {
			size_t e = skip_string(buf, len, i);
			if (depth > 0 && !st[depth - 1].array && expect_key) {
				size_t n = e - i - 2 < 64 ? e - i - 2 : 64;
				if (e < i + 2)
					n = 0;
				memcpy(st[depth - 1].key, buf + i + 1, n);
				st[depth - 1].key[n] = '\0';
				st[depth - 1].has_key = true;
				expect_key = false;
			}
			i = e;
			continue;
		}
		if (c == '{' || c == '[') {
			if (depth == CLIENTS_EDIT_MAX_DEPTH)
				break;
			st[depth].array = c == '[';
			st[depth].index = 0;
			st[depth].has_key = false;
			depth++;
			expect_key = c == '{';
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
			expect_key = false;
		} else if (c == ',' && depth > 0) {
			if (st[depth - 1].array)
				st[depth - 1].index++;
			else {
				expect_key = true;
				st[depth - 1].has_key = false;
			}
		}
		i++;
	}
	o = (size_t)snprintf(out, cap, "$");
	for (size_t d = 0; d < depth && o < cap; d++) {
		if (st[d].array)
			o += (size_t)snprintf(out + o, cap - o, "[%zu]", st[d].index);
		else if (st[d].has_key)
			o += (size_t)snprintf(out + o, cap - o, ".%s", st[d].key);
	}
}

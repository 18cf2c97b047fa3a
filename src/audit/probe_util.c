/*
 * The pure helpers of the loopback probes: evidence text, case-insensitive
 * search, little- and big-endian integers, and HTTP/1.x (building a request,
 * parsing an answer, reading its headers). No I/O; every function is a function
 * of its arguments, so the judges that use them stay pure too.
 */
#include "probe_int.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* ---- small pure helpers ------------------------------------------------- */

void
probe_ev(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->evidence, sizeof(j->evidence), fmt, ap);
	va_end(ap);
}

/* Copy peer bytes for evidence: printable ASCII only, at most one line. */
char *
probe_clean(const void *src, size_t n, char *out, size_t cap)
{
	const unsigned char *p = src;
	size_t k = 0;

	if (cap == 0)
		return out;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		if (p[i] == '\r' || p[i] == '\n')
			break;
		out[k++] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '.';
	}
	out[k] = '\0';
	return out;
}

const char *
probe_ci_find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return hay;
	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

bool
probe_has(const char *hay, size_t len, const char *needle)
{
	return probe_ci_find(hay, len, needle) != NULL;
}

uint32_t
probe_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t
probe_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void
probe_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* After the value of a JSON key: "key":"value" or "key": value, for evidence. */
void
probe_json_value(const char *body, size_t len, const char *key, char *out, size_t cap)
{
	char pat[64];
	const char *p, *end = body + len;
	size_t k = 0;

	out[0] = '\0';
	snprintf(pat, sizeof(pat), "\"%s\"", key);
	if ((p = probe_ci_find(body, len, pat)) == NULL)
		return;
	p += strlen(pat);
	while (p < end && (*p == ' ' || *p == ':' || *p == '"'))
		p++;
	while (p < end && *p != '"' && *p != ',' && *p != '}' && k + 1 < cap) {
		out[k++] = (*p >= 0x20 && *p < 0x7f) ? *p : '.';
		p++;
	}
	out[k] = '\0';
}

/* ---- HTTP ----------------------------------------------------------------- */

bool
probe_http_header(const struct http_resp *r, const char *name, const char **val, size_t *vlen)
{
	const char *p = r->head, *end = r->head + r->headlen;
	size_t n = strlen(name);

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		if ((size_t)(le - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = le;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			*val = v;
			*vlen = (size_t)(ve - v);
			return true;
		}
		p = eol ? eol + 1 : end;
	}
	return false;
}

bool
probe_header_has(const struct http_resp *r, const char *name, const char *needle)
{
	const char *v;
	size_t n;

	return probe_http_header(r, name, &v, &n) && probe_has(v, n, needle);
}

/* A chunked body: decode what is there; complete once the last chunk is seen. */
static void
dechunk(const char *p, size_t n, char *out, size_t cap, size_t *olen, bool *complete)
{
	size_t i = 0, k = 0;

	*complete = false;
	for (int guard = 0; guard < 4096 && i < n; guard++) {
		uint64_t size = 0;
		size_t digits = 0;
		while (i < n) {
			char c = p[i];
			int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 :
			    (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
			if (d < 0)
				break;
			if (++digits > 8)
				goto out;
			size = size * 16 + (uint64_t)d;
			i++;
		}
		if (digits == 0)
			break;
		const char *eol = memchr(p + i, '\n', n - i);
		if (eol == NULL)
			break;
		i = (size_t)(eol - p) + 1;
		if (size == 0) {
			*complete = true;
			break;
		}
		size_t take = size < n - i ? (size_t)size : n - i;
		size_t room = cap - k;
		memcpy(out + k, p + i, take < room ? take : room);
		k += take < room ? take : room;
		if (take < size)
			break;
		i += take;
		while (i < n && (p[i] == '\r' || p[i] == '\n'))
			i++;
	}
out:
	*olen = k;
}

/*
 * Parse an HTTP/1.x answer. Returns 0 with r filled (r->complete tells whether
 * the body is whole), 1 when more bytes are needed, -1 when it is not HTTP.
 * Interim 1xx answers are skipped. Pure; the body is decoded into out[cap].
 */
int
probe_http_parse(const char *in, size_t len, bool eof, struct http_resp *r, char *out, size_t cap)
{
	size_t off = 0;

	memset(r, 0, sizeof(*r));
	for (int k = 0; k < 3; k++) {
		const char *p = in + off, *eol, *end, *body;
		size_t n = len - off, sep;
		const char *v;
		size_t vlen;

		if (n < 5)
			return memcmp(p, "HTTP/", n) != 0 || eof ? -1 : 1;
		if (memcmp(p, "HTTP/", 5) != 0)
			return -1;
		if ((eol = memchr(p, '\n', n)) == NULL)
			return eof ? -1 : 1;
		{
			const char *sp = memchr(p, ' ', (size_t)(eol - p));
			if (sp == NULL || eol - sp < 4 || sp[1] < '1' || sp[1] > '5' ||
			    sp[2] < '0' || sp[2] > '9' || sp[3] < '0' || sp[3] > '9')
				return -1;
			r->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
		}
		end = memmem(p, n, "\r\n\r\n", 4);
		sep = 4;
		if (end == NULL) {
			end = memmem(p, n, "\n\n", 2);
			sep = 2;
		}
		if (end == NULL) {
			if (!eof)
				return 1;
			r->head = eol + 1;
			r->headlen = (size_t)(p + n - (eol + 1));
			r->complete = false;
			return 0;
		}
		r->head = eol + 1;
		r->headlen = (size_t)(end + sep - (eol + 1));
		body = end + sep;
		if (r->status >= 100 && r->status < 200 && r->status != 101) {
			off = (size_t)(body - in);
			continue;
		}
		n = (size_t)(in + len - body);
		r->body = out;
		if (r->status == 204 || r->status == 304) {
			r->complete = true;
			return 0;
		}
		if (probe_http_header(r, "transfer-encoding", &v, &vlen) && probe_has(v, vlen, "chunked")) {
			dechunk(body, n, out, cap, &r->bodylen, &r->complete);
			return 0;
		}
		if (probe_http_header(r, "content-length", &v, &vlen)) {
			uint64_t cl = 0;
			for (size_t i = 0; i < vlen && i < 12 && v[i] >= '0' && v[i] <= '9'; i++)
				cl = cl * 10 + (uint64_t)(v[i] - '0');
			r->bodylen = n < cl ? n : (size_t)cl;
			r->complete = n >= cl;
		} else {
			r->bodylen = n;
			r->complete = eof;
		}
		if (r->bodylen > cap)
			r->bodylen = cap;
		memcpy(out, body, r->bodylen);
		return 0;
	}
	return -1;
}

static void
host_text(const struct probe_target *t, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(t->family, t->addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "127.0.0.1");
	if (t->family == AF_INET6)
		snprintf(out, cap, "[%s]:%u", a, (unsigned)t->port);
	else
		snprintf(out, cap, "%s:%u", a, (unsigned)t->port);
}

/* One HTTP/1.1 request that asks the server to close after answering. */
size_t
probe_http_request(const struct job *j, char *out, size_t cap, const char *method, const char *path,
    const char *accept, const char *extra, const char *body)
{
	char host[80];
	int n;

	host_text(j->t, host, sizeof(host));
	if (body != NULL)
		n = snprintf(out, cap, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: gatehouse-audit\r\n"
		    "Accept: %s\r\n%sConnection: close\r\nContent-Type: application/json\r\n"
		    "Content-Length: %zu\r\n\r\n%s", method, path, host, accept, extra, strlen(body), body);
	else
		n = snprintf(out, cap, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: gatehouse-audit\r\n"
		    "Accept: %s\r\n%sConnection: close\r\n\r\n", method, path, host, accept, extra);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

size_t
probe_get(const struct job *j, char *out, size_t cap, const char *path)
{
	return probe_http_request(j, out, cap, "GET", path, "*/*", "", NULL);
}

/* A bare 401/403 counts as "asks for credentials" only when we expected this
 * service on this port; else it must say who it is. */
bool
probe_refused(const struct job *j, const struct http_resp *r)
{
	return j->by_port && (r->status == 401 || r->status == 403);
}

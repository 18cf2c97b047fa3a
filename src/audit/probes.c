/*
 * Loopback probes for `gatehouse audit --deep` (see probes.h for the order in
 * which a listener is identified).
 *
 * Every probe is read-only: a PING, a SELECT 1, a version or status page, a
 * protocol hello, a listing. None writes data, changes a setting or runs a tool.
 * The only state a probe may leave behind is what a server keeps for a hello it
 * was sent (an MCP session from "initialize", a log line about a failed login).
 * Connections go to the loopback addresses the caller chose, never elsewhere.
 *
 * The engine is one poll() loop over non-blocking sockets: `gatehouse audit` is
 * a one-shot command, so there is no event library to share. Answers are read
 * into a fixed buffer and judged by pure functions of (bytes, length, eof).
 */
#include "probes.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/util.h"

#define JUDGE_MORE      (-1)    /* wait for more bytes */
#define JUDGE_NEXT      (-2)    /* go on with the probe's next step */
#define JUDGE_CANCEL    (-3)    /* another probe settled the target */

#define MCP_FOREIGN_ORIGIN "http://evil.example"

/* Job flags kept across the steps of one probe. */
#define JF_MCP_OPEN     (1 << 0)
#define JF_FOREIGN      (1 << 1)
#define JF_BRANDED      (1 << 2)

enum phase { PH_PORT, PH_SNIFF, PH_PROTO, PH_DONE };
enum sniff_kind { SNIFF_NONE, SNIFF_HTTP, SNIFF_BINARY };
enum jstate { J_PENDING, J_CONNECTING, J_WRITING, J_READING, J_DONE };

struct http_resp {
	int         status;
	const char *head;       /* header lines after the status line */
	size_t      headlen;
	const char *body;       /* decoded (de-chunked) */
	size_t      bodylen;
	bool        complete;
};

struct job;
typedef size_t (*request_fn)(const struct job *j, char *out, size_t cap);
typedef int (*raw_judge_fn)(struct job *j, const uint8_t *in, size_t len, bool eof);
typedef int (*http_judge_fn)(struct job *j, const struct http_resp *r);

struct http_get;

struct probe {
	int           steps;
	request_fn    request;
	raw_judge_fn  raw;      /* exactly one of raw and http */
	http_judge_fn http;
	const struct http_get *get;     /* the data of req_http_get / judge_http_get */
};

struct job {
	struct probe_target *t;
	int                  row;       /* table row, -1 for the sniff */
	const struct probe  *probe;
	bool                 by_port;   /* chosen by port or process name */
	int                  step;
	enum jstate          state;
	int                  fd;
	int64_t              deadline;
	char                *req;
	size_t               reqlen, reqoff;
	uint8_t             *in;
	size_t               inlen;
	bool                 got_bytes, refused, timed_out, closed;
	unsigned             flags;
	int                  fallback;  /* verdict if a later step fails */
	char                 evidence[PROBE_EVIDENCE_MAX];
};

struct engine {
	struct job *jobs;
	size_t      njobs, cap;
	size_t      next;       /* first job not started yet */
	size_t      open;
	size_t      maxconns;
	int         timeout_ms;
	int64_t     hard_deadline;
	bool        sniff;
	char       *scratch;    /* de-chunked HTTP bodies */
};

/* ---- small pure helpers ------------------------------------------------- */

static void ev(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
ev(struct job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->evidence, sizeof(j->evidence), fmt, ap);
	va_end(ap);
}

/* Copy peer bytes for evidence: printable ASCII only, at most one line. */
static char *
clean(const void *src, size_t n, char *out, size_t cap)
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

static const char *
ci_find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return hay;
	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

static bool
has(const char *hay, size_t len, const char *needle)
{
	return ci_find(hay, len, needle) != NULL;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* After the value of a JSON key: "key":"value" or "key": value, for evidence. */
static void
json_value(const char *body, size_t len, const char *key, char *out, size_t cap)
{
	char pat[64];
	const char *p, *end = body + len;
	size_t k = 0;

	out[0] = '\0';
	snprintf(pat, sizeof(pat), "\"%s\"", key);
	if ((p = ci_find(body, len, pat)) == NULL)
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

static bool
http_header(const struct http_resp *r, const char *name, const char **val, size_t *vlen)
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

static bool
header_has(const struct http_resp *r, const char *name, const char *needle)
{
	const char *v;
	size_t n;

	return http_header(r, name, &v, &n) && has(v, n, needle);
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
static int
http_parse(const char *in, size_t len, bool eof, struct http_resp *r, char *out, size_t cap)
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
		if (http_header(r, "transfer-encoding", &v, &vlen) && has(v, vlen, "chunked")) {
			dechunk(body, n, out, cap, &r->bodylen, &r->complete);
			return 0;
		}
		if (http_header(r, "content-length", &v, &vlen)) {
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
static size_t
http_request(const struct job *j, char *out, size_t cap, const char *method, const char *path,
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

static size_t
get(const struct job *j, char *out, size_t cap, const char *path)
{
	return http_request(j, out, cap, "GET", path, "*/*", "", NULL);
}

/* A bare 401/403 counts as "asks for credentials" only when we expected this
 * service on this port; else it must say who it is. */
static bool
refused(const struct job *j, const struct http_resp *r)
{
	return j->by_port && (r->status == 401 || r->status == 403);
}

/* ---- the probes ----------------------------------------------------------- */

/* The sniff: one GET / tells HTTP from the rest, and gives a banner. */
static size_t
req_sniff(const struct job *j, char *out, size_t cap)
{
	return get(j, out, cap, "/");
}

static int
judge_sniff(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	struct probe_target *t = j->t;

	if (len == 0) {
		if (!eof)
			return JUDGE_MORE;
		/* Closed on us at once: a binary protocol that disliked "GET". */
		t->sniff_kind = j->timed_out || j->refused ? SNIFF_NONE : SNIFF_BINARY;
		return PROBE_UNKNOWN;
	}
	if (len >= 5 && memcmp(in, "HTTP/", 5) == 0) {
		const char *end = memmem(in, len, "\r\n\r\n", 4);
		if (end == NULL && !eof)
			return JUDGE_MORE;
		char line[64], server[48] = "";
		clean(in, len, line, sizeof(line));
		struct http_resp r = { .head = (const char *)in, .headlen = end ? (size_t)(end - (const char *)in) : len };
		const char *v;
		size_t vlen;
		if (http_header(&r, "server", &v, &vlen))
			clean(v, vlen, server, sizeof(server));
		snprintf(t->banner, sizeof(t->banner), "speaks HTTP (%s%s%s)", line,
		    server[0] ? "; Server: " : "", server);
		t->sniff_kind = SNIFF_HTTP;
		return PROBE_UNKNOWN;
	}
	if (len < 5 && !eof && memcmp(in, "HTTP/", len) == 0)
		return JUDGE_MORE;
	{
		char b[48];
		clean(in, len, b, sizeof(b));
		snprintf(t->banner, sizeof(t->banner), "answered \"%s\"", b);
	}
	t->sniff_kind = SNIFF_BINARY;
	return PROBE_UNKNOWN;
}

/* Redis: PING, then INFO. Both answered without AUTH is open. */
static size_t
req_redis(const struct job *j, char *out, size_t cap)
{
	static const char r[] = "PING\r\nINFO server\r\n";

	(void)j;
	if (cap < sizeof(r))
		return 0;
	memcpy(out, r, sizeof(r) - 1);
	return sizeof(r) - 1;
}

static int
judge_redis(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	const char *s = (const char *)in;
	const char *nl = memchr(s, '\n', len);
	char v[32], e[64];

	if (nl == NULL)
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	if (len >= 7 && memcmp(s, "-NOAUTH", 7) == 0) {
		ev(j, "asked for a password (%s)", clean(s + 1, len - 1, e, sizeof(e)));
		return PROBE_PROTECTED;
	}
	if ((len >= 10 && memcmp(s, "-WRONGPASS", 10) == 0) || (len >= 7 && memcmp(s, "-DENIED", 7) == 0) ||
	    (s[0] == '-' && has(s, (size_t)(nl - s), "auth"))) {
		ev(j, "refused the commands (%s)", clean(s + 1, len - 1, e, sizeof(e)));
		return PROBE_PROTECTED;
	}
	if (len < 7 || memcmp(s, "+PONG\r\n", 7) != 0)
		return PROBE_UNKNOWN;
	{
		const char *p = ci_find(s, len, "redis_version:");
		if (p != NULL) {
			const char *q = p + 14;
			const char *end = memchr(q, '\r', len - (size_t)(q - s));
			if (end == NULL && !eof)
				return JUDGE_MORE;
			clean(q, end ? (size_t)(end - q) : len - (size_t)(q - s), v, sizeof(v));
			ev(j, "answered PING with PONG and INFO (redis_version %s) without a password", v);
			return PROBE_OPEN;
		}
	}
	if (len > 7 && s[7] == '-') {
		ev(j, "answered PING with PONG but refused INFO (%s)", clean(s + 8, len - 8, e, sizeof(e)));
		return PROBE_IDENTIFIED;
	}
	if (!eof)
		return JUDGE_MORE;
	ev(j, "answered PING with PONG");
	return PROBE_IDENTIFIED;
}

/* memcached: "stats" answered with STAT lines needs no credentials. */
static size_t
req_memcached(const struct job *j, char *out, size_t cap)
{
	(void)j;
	if (cap < 8)
		return 0;
	memcpy(out, "stats\r\n", 7);
	return 7;
}

static int
judge_memcached(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	const char *s = (const char *)in;
	char v[32] = "?";

	if (len < 5)
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	if (memcmp(s, "STAT ", 5) != 0)
		return PROBE_UNKNOWN;
	if (!eof && memmem(s, len, "END\r\n", 5) == NULL)
		return JUDGE_MORE;
	const char *p = memmem(s, len, "STAT version ", 13);
	if (p != NULL)
		clean(p + 13, len - (size_t)(p + 13 - s), v, sizeof(v));
	ev(j, "answered stats (version %s) without credentials", v);
	return PROBE_OPEN;
}

/* PostgreSQL: a StartupMessage for user postgres; AuthenticationOk at once is trust. */
static size_t
req_postgres(const struct job *j, char *out, size_t cap)
{
	static const char params[] = "user\0postgres\0database\0postgres\0application_name\0gatehouse-audit\0";
	size_t n = 8 + sizeof(params);     /* the final NUL of params ends the list */

	(void)j;
	if (cap < n)
		return 0;
	uint8_t *p = (uint8_t *)out;
	p[0] = (uint8_t)(n >> 24);
	p[1] = (uint8_t)(n >> 16);
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	p[4] = 0, p[5] = 3, p[6] = 0, p[7] = 0;         /* protocol 3.0 */
	memcpy(p + 8, params, sizeof(params));
	return n;
}

static int
judge_postgres(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	uint32_t mlen;

	if (len < 9)
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	mlen = be32(in + 1);
	if (in[0] == 'R' && mlen >= 8 && mlen <= 2048) {
		uint32_t code = be32(in + 5);
		switch (code) {
		case 0:
			ev(j, "accepted user postgres without a password (trust authentication)");
			return PROBE_OPEN;
		case 3:
			ev(j, "asked for a cleartext password");
			return PROBE_PROTECTED;
		case 5:
			ev(j, "asked for an MD5 password");
			return PROBE_PROTECTED;
		case 10:
			ev(j, "asked for SCRAM (SASL) authentication");
			return PROBE_PROTECTED;
		default:
			if (code > 20)
				return PROBE_UNKNOWN;
			ev(j, "asked for authentication (method %u)", (unsigned)code);
			return PROBE_PROTECTED;
		}
	}
	if (in[0] == 'E' && mlen >= 8 && mlen <= 8192 && in[5] == 'S') {
		char m[96] = "";
		if (len < mlen + 1 && !eof)
			return JUDGE_MORE;
		/* Fields: type byte, NUL-terminated text; 'M' is the message. */
		size_t end = mlen + 1 < len ? mlen + 1 : len;
		for (size_t i = 5; i < end && in[i] != 0;) {
			const uint8_t *z = memchr(in + i + 1, 0, end - i - 1);
			if (z == NULL)
				break;
			if (in[i] == 'M')
				clean(in + i + 1, (size_t)(z - (in + i + 1)), m, sizeof(m));
			i = (size_t)(z - in) + 1;
		}
		if (strstr(m, "pg_hba.conf") != NULL) {
			ev(j, "refused the connection (%s)", m);
			return PROBE_PROTECTED;
		}
		ev(j, "refused a startup for user postgres (%s)", m);
		return PROBE_IDENTIFIED;
	}
	return PROBE_UNKNOWN;
}

/* MongoDB: OP_MSG {listDatabases: 1, nameOnly: true, $db: "admin"}. */
#define MONGO_REQUEST_ID 0x47480001u

static size_t
req_mongo(const struct job *j, char *out, size_t cap)
{
	uint8_t doc[96], *p = doc + 4;
	size_t dlen, n;

	(void)j;
	*p++ = 0x10; memcpy(p, "listDatabases", 14); p += 14; put_le32(p, 1); p += 4;
	*p++ = 0x08; memcpy(p, "nameOnly", 9); p += 9; *p++ = 1;
	*p++ = 0x02; memcpy(p, "$db", 4); p += 4; put_le32(p, 6); p += 4; memcpy(p, "admin", 6); p += 6;
	*p++ = 0;
	dlen = (size_t)(p - doc);
	put_le32(doc, (uint32_t)dlen);
	n = 16 + 4 + 1 + dlen;
	if (cap < n)
		return 0;
	uint8_t *o = (uint8_t *)out;
	put_le32(o, (uint32_t)n);
	put_le32(o + 4, MONGO_REQUEST_ID);
	put_le32(o + 8, 0);
	put_le32(o + 12, 2013);                 /* OP_MSG */
	put_le32(o + 16, 0);                    /* flagBits */
	o[20] = 0;                              /* section kind 0: body */
	memcpy(o + 21, doc, dlen);
	return n;
}

/* Top-level "ok", "code" and "errmsg" of a BSON document; bounded walk. */
static void
bson_scan(const uint8_t *d, size_t n, double *ok, int32_t *code, char *errmsg, size_t cap)
{
	size_t i = 4, size;

	if (n < 5)
		return;
	size = le32(d);
	if (size < n)
		n = size;
	while (i < n && d[i] != 0) {
		uint8_t type = d[i++];
		const uint8_t *name = d + i, *z = memchr(d + i, 0, n - i);
		size_t skip;
		if (z == NULL)
			return;
		i = (size_t)(z - d) + 1;
		bool is_ok = strcmp((const char *)name, "ok") == 0;
		switch (type) {
		case 0x01: skip = 8; if (is_ok && i + 8 <= n) memcpy(ok, d + i, 8); break;
		case 0x08: skip = 1; if (is_ok && i < n) *ok = d[i]; break;
		case 0x10:
			skip = 4;
			if (i + 4 <= n) {
				if (is_ok)
					*ok = (double)(int32_t)le32(d + i);
				else if (strcmp((const char *)name, "code") == 0)
					*code = (int32_t)le32(d + i);
			}
			break;
		case 0x02:
			if (i + 4 > n)
				return;
			skip = 4 + (size_t)le32(d + i);
			if (strcmp((const char *)name, "errmsg") == 0 && i + 4 < n)
				clean(d + i + 4, n - i - 4, errmsg, cap);
			break;
		case 0x03: case 0x04:
			if (i + 4 > n)
				return;
			skip = le32(d + i);
			break;
		case 0x05:
			if (i + 4 > n)
				return;
			skip = 5 + (size_t)le32(d + i);
			break;
		case 0x07: skip = 12; break;
		case 0x09: case 0x11: case 0x12: skip = 8; break;
		case 0x13: skip = 16; break;
		case 0x0A: case 0x7F: case 0xFF: skip = 0; break;
		default: return;
		}
		if (skip > n - i)
			return;
		i += skip;
	}
}

static int
judge_mongo(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	uint32_t mlen, opcode;
	double ok = -1;
	int32_t code = 0;
	char errmsg[96] = "";

	if (len < 16)
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	mlen = le32(in);
	opcode = le32(in + 12);
	if (mlen < 16 || mlen > 48 * 1024 * 1024 || le32(in + 8) != MONGO_REQUEST_ID)
		return PROBE_UNKNOWN;
	if (opcode == 1) {
		ev(j, "answered with a legacy OP_REPLY (a MongoDB too old for OP_MSG)");
		return PROBE_IDENTIFIED;
	}
	if (opcode != 2013)
		return PROBE_UNKNOWN;
	if (len < mlen && len < PROBE_RESPONSE_MAX && !eof)
		return JUDGE_MORE;
	size_t avail = mlen < len ? mlen : len;
	if (avail < 21 || in[20] != 0)
		return PROBE_IDENTIFIED;
	bson_scan(in + 21, avail - 21, &ok, &code, errmsg, sizeof(errmsg));
	if (ok == 1) {
		ev(j, "answered listDatabases without credentials");
		return PROBE_OPEN;
	}
	if (code == 13 || code == 18 || has(errmsg, strlen(errmsg), "auth")) {
		ev(j, "refused listDatabases without credentials (%s)", errmsg[0] ? errmsg : "Unauthorized");
		return PROBE_PROTECTED;
	}
	ev(j, "answered listDatabases with an error (code %d%s%s)", (int)code, errmsg[0] ? ": " : "", errmsg);
	return PROBE_IDENTIFIED;
}

/*
 * ClickHouse native protocol: a client Hello for user "default" with an empty
 * password. A server Hello back means it let us in; an Exception means not.
 */
static size_t
put_varuint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		p[n++] = (uint8_t)(b | (v ? 0x80 : 0));
	} while (v != 0 && n < 10);
	return n;
}

static size_t
put_str(uint8_t *p, const char *s)
{
	size_t n = strlen(s), k = put_varuint(p, n);

	memcpy(p + k, s, n);
	return k + n;
}

/* 0 ok, 1 more bytes needed, -1 malformed. */
static int
get_varuint(const uint8_t *p, size_t len, size_t *off, uint64_t *v)
{
	uint64_t x = 0;

	for (int i = 0; i < 10; i++) {
		if (*off >= len)
			return 1;
		uint8_t b = p[(*off)++];
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int
get_str(const uint8_t *p, size_t len, size_t *off, char *out, size_t cap)
{
	uint64_t n;
	int rc = get_varuint(p, len, off, &n);

	if (rc != 0)
		return rc;
	if (n > 65536)
		return -1;
	if (len - *off < n)
		return 1;
	clean(p + *off, (size_t)n, out, cap);
	*off += (size_t)n;
	return 0;
}

static size_t
req_ch_native(const struct job *j, char *out, size_t cap)
{
	uint8_t *p = (uint8_t *)out;
	size_t n = 0;

	(void)j;
	if (cap < 128)
		return 0;
	n += put_varuint(p + n, 0);             /* Hello */
	n += put_str(p + n, "gatehouse-audit");
	n += put_varuint(p + n, 1);             /* version major */
	n += put_varuint(p + n, 0);             /* minor */
	n += put_varuint(p + n, 54213);         /* protocol revision */
	n += put_str(p + n, "");                /* database */
	n += put_str(p + n, "default");         /* user */
	n += put_str(p + n, "");                /* password */
	return n;
}

static int
judge_ch_native(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	size_t off = 0;
	uint64_t type, major = 0, minor = 0;
	char name[64], msg[160];
	int rc;

	if ((rc = get_varuint(in, len, &off, &type)) != 0)
		return rc > 0 && !eof ? JUDGE_MORE : PROBE_UNKNOWN;
	if (type == 0) {
		if ((rc = get_str(in, len, &off, name, sizeof(name))) != 0)
			return rc > 0 && !eof ? JUDGE_MORE : PROBE_UNKNOWN;
		if (!has(name, strlen(name), "clickhouse"))
			return PROBE_UNKNOWN;
		if (get_varuint(in, len, &off, &major) != 0 || get_varuint(in, len, &off, &minor) != 0)
			major = minor = 0;
		ev(j, "accepted user default with an empty password over the native protocol (%s %llu.%llu)",
		    name, (unsigned long long)major, (unsigned long long)minor);
		return PROBE_OPEN;
	}
	if (type == 2) {
		if (len - off < 4)
			return eof ? PROBE_UNKNOWN : JUDGE_MORE;
		int32_t code = (int32_t)le32(in + off);
		off += 4;
		if ((rc = get_str(in, len, &off, name, sizeof(name))) != 0)
			return rc > 0 && !eof ? JUDGE_MORE : PROBE_UNKNOWN;
		if (strncmp(name, "DB::", 4) != 0)
			return PROBE_UNKNOWN;
		if (get_str(in, len, &off, msg, sizeof(msg)) != 0)
			msg[0] = '\0';
		if (code == 192 || code == 193 || code == 194 || code == 516 ||
		    has(msg, strlen(msg), "password") || has(msg, strlen(msg), "authentication")) {
			ev(j, "refused user default with an empty password (code %d)", (int)code);
			return PROBE_PROTECTED;
		}
		ev(j, "answered the native hello with an exception (code %d)", (int)code);
		return PROBE_IDENTIFIED;
	}
	return PROBE_UNKNOWN;
}

/* ClickHouse over HTTP: SELECT 1 as user default without a password. */
static size_t
req_ch_http(const struct job *j, char *out, size_t cap)
{
	return get(j, out, cap, "/?query=SELECT%201");
}

static int
judge_ch_http(struct job *j, const struct http_resp *r)
{
	bool branded = header_has(r, "x-clickhouse-summary", "") || header_has(r, "x-clickhouse-query-id", "") ||
	    header_has(r, "x-clickhouse-server-display-name", "") || header_has(r, "x-clickhouse-format", "");
	bool exception = has(r->body, r->bodylen, "DB::Exception") || header_has(r, "x-clickhouse-exception-code", "");
	size_t n = r->bodylen;

	while (n > 0 && (r->body[n - 1] == '\n' || r->body[n - 1] == '\r'))
		n--;
	if (r->status == 200 && n == 1 && r->body[0] == '1' && (branded || j->by_port)) {
		ev(j, "answered SELECT 1 over HTTP as user default without a password");
		return PROBE_OPEN;
	}
	if (exception && (branded || j->by_port || has(r->body, r->bodylen, "e.displayText()") ||
	    has(r->body, r->bodylen, "Code: "))) {
		char m[120];
		const char *c = ci_find(r->body, r->bodylen, "Code: ");
		clean(c ? c : r->body, c ? r->bodylen - (size_t)(c - r->body) : r->bodylen, m, sizeof(m));
		if (has(r->body, r->bodylen, "Code: 192") || has(r->body, r->bodylen, "Code: 193") ||
		    has(r->body, r->bodylen, "Code: 194") || has(r->body, r->bodylen, "Code: 516") ||
		    has(r->body, r->bodylen, "password") || has(r->body, r->bodylen, "Authentication failed")) {
			ev(j, "refused SELECT 1 without a password (%.60s)", m);
			return PROBE_PROTECTED;
		}
		ev(j, "answered SELECT 1 with an exception (%.60s)", m);
		return PROBE_IDENTIFIED;
	}
	if (refused(j, r)) {
		ev(j, "answered %d to SELECT 1 without credentials", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/*
 * Services recognised by one GET: a data row each, judged by one function. The
 * answer is "open" when it is a 200 whose body holds every marker; a bare
 * 401/403 on the service's own port is "protected" when the row says so.
 */
struct http_get {
	const char *path;
	const char *markers[3];         /* all in the body of a 200; NULL-terminated */
	const char *version_key;        /* JSON key quoted in the evidence, or NULL */
	const char *open_head;          /* evidence: head [(label version)] tail */
	const char *version_label;
	const char *open_tail;
	bool        refusal_protects;
};

static const struct http_get
    g_prometheus = { "/api/v1/status/buildinfo", { "\"status\":\"success\"", "\"version\"" }, "version",
        "answered /api/v1/status/buildinfo", "version ", " without credentials", true },
    /* Docker Engine API: /version without a client certificate is root on the host. */
    g_docker = { "/version", { "\"ApiVersion\"" }, "Version",
        "answered /version", "Docker ", " without credentials: whoever reaches it controls the host", true },
    /* Ollama has no authentication of its own: /api/tags lists the models. */
    g_ollama = { "/api/tags", { "\"models\"" }, NULL,
        "listed its models at /api/tags", "", " without credentials", true },
    /* Chrome DevTools protocol: /json/version answered means the browser is remote-controllable. */
    g_devtools = { "/json/version", { "webSocketDebuggerUrl" }, "Browser",
        "answered /json/version", "", ": whoever reaches it controls the browser and its sessions", false };

static size_t
req_http_get(const struct job *j, char *out, size_t cap)
{
	return get(j, out, cap, j->probe->get->path);
}

static int
judge_http_get(struct job *j, const struct http_resp *r)
{
	const struct http_get *g = j->probe->get;
	bool all = r->status == 200;
	char v[48];

	for (size_t i = 0; all && i < sizeof(g->markers) / sizeof(g->markers[0]) && g->markers[i]; i++)
		all = has(r->body, r->bodylen, g->markers[i]);
	if (all) {
		if (g->version_key) {
			json_value(r->body, r->bodylen, g->version_key, v, sizeof(v));
			ev(j, "%s (%s%s)%s", g->open_head, g->version_label, v, g->open_tail);
		} else {
			ev(j, "%s%s", g->open_head, g->open_tail);
		}
		return PROBE_OPEN;
	}
	if (g->refusal_protects && refused(j, r)) {
		ev(j, "answered %d to %s without credentials", r->status, g->path);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/* Elasticsearch / OpenSearch: GET / names the cluster when security is off. */
static size_t
req_elastic(const struct job *j, char *out, size_t cap)
{
	return get(j, out, cap, "/");
}

static int
judge_elastic(struct job *j, const struct http_resp *r)
{
	char v[48];

	if (r->status == 200 && has(r->body, r->bodylen, "\"cluster_name\"") &&
	    (has(r->body, r->bodylen, "\"tagline\"") || has(r->body, r->bodylen, "lucene_version"))) {
		json_value(r->body, r->bodylen, "cluster_name", v, sizeof(v));
		ev(j, "answered GET / with its cluster (cluster_name %s) without credentials", v);
		return PROBE_OPEN;
	}
	if (r->status == 401 && (header_has(r, "www-authenticate", "realm=\"security\"") ||
	    has(r->body, r->bodylen, "security_exception") || j->by_port)) {
		ev(j, "asked for credentials (401)");
		return PROBE_PROTECTED;
	}
	if (refused(j, r)) {
		ev(j, "answered %d without credentials", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/* Jupyter: /api/kernels is 403 without a token; 200 means anyone can run code. */
static size_t
req_jupyter(const struct job *j, char *out, size_t cap)
{
	return get(j, out, cap, "/api/kernels");
}

static int
judge_jupyter(struct job *j, const struct http_resp *r)
{
	bool tornado = header_has(r, "server", "tornado");
	size_t i = 0;

	while (i < r->bodylen && (r->body[i] == ' ' || r->body[i] == '\n'))
		i++;
	if (r->status == 200 && i < r->bodylen && r->body[i] == '[' && (tornado || j->by_port)) {
		ev(j, "listed its kernels at /api/kernels without a token: whoever reaches it can run code");
		return PROBE_OPEN;
	}
	if ((r->status == 401 || r->status == 403) && (tornado || j->by_port)) {
		ev(j, "asked for a token (%d at /api/kernels)", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/*
 * OpenClaw (formerly Clawdbot / Moltbot) gateway: its control UI at / and its
 * HTTP tool API at /tools/invoke share one port. Step 1 recognises the UI;
 * step 2 posts an empty (invalid) tool call: 401/403 means a token is required,
 * a validation error or success means the API let us past authentication. No
 * tool runs: the body names none.
 */
static size_t
req_openclaw(const struct job *j, char *out, size_t cap)
{
	if (j->step == 0)
		return get(j, out, cap, "/");
	return http_request(j, out, cap, "POST", "/tools/invoke", "application/json", "", "{}");
}

static int
judge_openclaw(struct job *j, const struct http_resp *r)
{
	if (j->step == 0) {
		if (has(r->body, r->bodylen, "openclaw") || has(r->body, r->bodylen, "clawdbot") ||
		    has(r->body, r->bodylen, "moltbot")) {
			j->flags |= JF_BRANDED;
			ev(j, "serves its control UI; its tool API got no answer in time");
			j->fallback = PROBE_IDENTIFIED;
		} else if (!j->by_port)
			return PROBE_UNKNOWN;
		return JUDGE_NEXT;
	}
	if (r->status == 401 || r->status == 403) {
		if (!(j->flags & JF_BRANDED) && !j->by_port)
			return PROBE_UNKNOWN;
		ev(j, "asked for a token at /tools/invoke (%d)", r->status);
		return PROBE_PROTECTED;
	}
	if ((r->status == 200 || r->status == 400) && (j->flags & JF_BRANDED) &&
	    !has(r->body, r->bodylen, "unauthorized") && !has(r->body, r->bodylen, "token")) {
		ev(j, "let POST /tools/invoke past authentication without a token (%d); its control UI "
		    "can read chats and change the configuration", r->status);
		return PROBE_OPEN;
	}
	if (j->flags & JF_BRANDED) {
		ev(j, "serves its control UI (the tool API answered %d)", r->status);
		return PROBE_IDENTIFIED;
	}
	return PROBE_UNKNOWN;
}

/* The MCP initialize request both MCP probes send (no token, ever). */
static const char mcp_initialize[] =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
    "\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-audit\",\"version\":\"1\"}}}";

static size_t
mcp_post(const struct job *j, char *out, size_t cap, bool foreign)
{
	return http_request(j, out, cap, "POST", "/mcp", "application/json, text/event-stream",
	    foreign ? "Origin: " MCP_FOREIGN_ORIGIN "\r\n" : "", mcp_initialize);
}

static bool
mcp_result(const struct http_resp *r)
{
	return r->status == 200 && has(r->body, r->bodylen, "\"result\"") &&
	    (has(r->body, r->bodylen, "protocolVersion") || has(r->body, r->bodylen, "serverInfo"));
}

/*
 * gatehouse: /healthz answers "ok" to anyone and nothing else does; POST /mcp
 * without a token must be 401 (or 429 while it rate-limits us). Anything else
 * is GH-NET-004.
 */
static size_t
req_gatehouse(const struct job *j, char *out, size_t cap)
{
	if (j->step == 0)
		return get(j, out, cap, "/healthz");
	return mcp_post(j, out, cap, false);
}

static int
judge_gatehouse(struct job *j, const struct http_resp *r)
{
	if (j->step == 0) {
		bool ours = header_has(r, "x-content-type-options", "nosniff") &&
		    header_has(r, "cache-control", "no-store");
		if (r->status != 200 || r->bodylen < 2 || memcmp(r->body, "ok", 2) != 0 ||
		    r->bodylen > 3 || (!ours && strcmp(j->t->comm, "gatehouse") != 0))
			return PROBE_UNKNOWN;
		ev(j, "answers /healthz like gatehouse, but POST /mcp without a token got no answer in time");
		j->fallback = PROBE_IDENTIFIED;
		return JUDGE_NEXT;
	}
	if (r->status == 401) {
		ev(j, "answered 401 to POST /mcp without a token%s",
		    header_has(r, "www-authenticate", "realm=\"gatehouse\"") ? "" : " (without its Bearer realm)");
		return PROBE_PROTECTED;
	}
	if (r->status == 429) {
		ev(j, "answered 429 (too many failed authentications) to POST /mcp without a token");
		return PROBE_PROTECTED;
	}
	ev(j, "answered %d to POST /mcp without a token, where it must answer 401%s", r->status,
	    mcp_result(r) ? " (and returned an initialize result)" : "");
	return PROBE_OPEN;
}

/* Any MCP endpoint at /mcp: initialize without a token, then with a foreign Origin. */
static size_t
req_mcp(const struct job *j, char *out, size_t cap)
{
	return mcp_post(j, out, cap, j->step == 1);
}

static int
judge_mcp(struct job *j, const struct http_resp *r)
{
	char name[48];

	if (j->step == 0) {
		if (mcp_result(r)) {
			json_value(r->body, r->bodylen, "name", name, sizeof(name));
			ev(j, "answered MCP initialize at /mcp without a token (server %s)", name[0] ? name : "?");
			j->flags |= JF_MCP_OPEN;
			j->fallback = PROBE_OPEN;
			return JUDGE_NEXT;
		}
		if ((r->status == 401 || r->status == 403) &&
		    (j->by_port || header_has(r, "www-authenticate", "bearer") || has(r->body, r->bodylen, "jsonrpc"))) {
			ev(j, "asked for a token at /mcp (%d)", r->status);
			return PROBE_PROTECTED;
		}
		return PROBE_UNKNOWN;
	}
	if (mcp_result(r)) {
		j->flags |= JF_FOREIGN;
		size_t n = strlen(j->evidence);
		snprintf(j->evidence + n, sizeof(j->evidence) - n,
		    ", and also with Origin " MCP_FOREIGN_ORIGIN ", so any web page can drive it");
	} else {
		size_t n = strlen(j->evidence);
		snprintf(j->evidence + n, sizeof(j->evidence) - n,
		    "; it refused Origin " MCP_FOREIGN_ORIGIN " (%d)", r->status);
	}
	return PROBE_OPEN;
}

static const struct probe
    p_gatehouse = { 2, req_gatehouse, NULL, judge_gatehouse, NULL },
    p_openclaw = { 2, req_openclaw, NULL, judge_openclaw, NULL },
    p_ch_http = { 1, req_ch_http, NULL, judge_ch_http, NULL },
    p_ch_native = { 1, req_ch_native, judge_ch_native, NULL, NULL },
    p_redis = { 1, req_redis, judge_redis, NULL, NULL },
    p_elastic = { 1, req_elastic, NULL, judge_elastic, NULL },
    p_prometheus = { 1, req_http_get, NULL, judge_http_get, &g_prometheus },
    p_mongo = { 1, req_mongo, judge_mongo, NULL, NULL },
    p_postgres = { 1, req_postgres, judge_postgres, NULL, NULL },
    p_memcached = { 1, req_memcached, judge_memcached, NULL, NULL },
    p_docker = { 1, req_http_get, NULL, judge_http_get, &g_docker },
    p_ollama = { 1, req_http_get, NULL, judge_http_get, &g_ollama },
    p_jupyter = { 1, req_jupyter, NULL, judge_jupyter, NULL },
    p_devtools = { 1, req_http_get, NULL, judge_http_get, &g_devtools },
    p_mcp = { 2, req_mcp, NULL, judge_mcp, NULL },
    p_sniff = { 1, req_sniff, judge_sniff, NULL, NULL };

#define R SVC_RISKY
#define H SVC_HTTP

/* One row per service; the order breaks ties between probes that both answer. */
const struct service probe_services[] = {
	{ "gatehouse",          { 8750 },               { "gatehouse" },                H | SVC_GATEHOUSE, &p_gatehouse },
	{ "OpenClaw gateway",   { 18789 },              { "openclaw", "clawdbot", "moltbot" }, R | H, &p_openclaw },
	{ "ClickHouse (HTTP)",  { 8123 },               { "clickhouse" },               R | H,  &p_ch_http },
	{ "ClickHouse (native)", { 9000 },              { "clickhouse" },               R,      &p_ch_native },
	{ "Redis",              { 6379 },               { "redis-server", "valkey-server", "keydb-server" }, R, &p_redis },
	{ "Elasticsearch",      { 9200 },               { "elasticsearch", "opensearch" }, R | H, &p_elastic },
	{ "Prometheus",         { 9090 },               { "prometheus" },               R | H,  &p_prometheus },
	{ "MongoDB",            { 27017 },              { "mongod", "mongos" },         R,      &p_mongo },
	{ "PostgreSQL",         { 5432 },               { "postgres" },                 R,      &p_postgres },
	{ "memcached",          { 11211 },              { "memcached" },                R,      &p_memcached },
	{ "Docker API",         { 2375 },               { "dockerd" },                  R | H,  &p_docker },
	{ "Ollama",             { 11434 },              { "ollama" },                   R | H,  &p_ollama },
	{ "Jupyter",            { 8888 },               { "jupyter" },                  R | H,  &p_jupyter },
	{ "Chrome DevTools",    { 9222 },               { "chrome", "chromium" },       R | H,  &p_devtools },
	{ "MCP endpoint",       { 0 },                  { NULL },                       R | H | SVC_MCP, &p_mcp },
	/* Known by port and process name only. */
	{ "MySQL",              { 3306, 33060 },        { "mysqld", "mariadbd" },       R,      NULL },
	{ "telnet",             { 23 },                 { "telnetd", "in.telnetd" },    R,      NULL },
	{ "VNC",                { 5900, 5901 },         { "Xvnc", "x11vnc", "vncserver" }, R,   NULL },
	{ "RDP",                { 3389 },               { "xrdp" },                     R,      NULL },
	{ "SMB",                { 139, 445 },           { "smbd" },                     R,      NULL },
	{ "rpcbind",            { 111 },                { "rpcbind" },                  R,      NULL },
	{ "etcd",               { 2379, 2380 },         { "etcd" },                     R,      NULL },
	{ "kubelet",            { 10250 },              { "kubelet" },                  R,      NULL },
	{ "CouchDB",            { 5984 },               { "beam.smp" },                 R,      NULL },
	{ "Kafka",              { 9092 },               { NULL },                       R,      NULL },
	{ "ZooKeeper",          { 2181 },               { NULL },                       R,      NULL },
	{ "InfluxDB",           { 8086 },               { "influxd" },                  R,      NULL },
	{ "RabbitMQ",           { 5672, 15672 },        { NULL },                       R,      NULL },
	{ "X11",                { 6000 },               { "Xorg", "Xwayland" },         R,      NULL },
};
const size_t probe_nservices = sizeof(probe_services) / sizeof(probe_services[0]);
_Static_assert(sizeof(probe_services) / sizeof(probe_services[0]) <= 64, "tried is a 64-bit mask");

#undef R
#undef H

static bool
comm_matches(const struct service *s, const char *comm)
{
	if (comm == NULL || comm[0] == '\0')
		return false;
	for (size_t i = 0; i < 4 && s->comms[i] != NULL; i++)
		if (strncmp(comm, s->comms[i], strlen(s->comms[i])) == 0)
			return true;
	return false;
}

static bool
port_matches(const struct service *s, uint16_t port)
{
	for (size_t i = 0; i < 6 && s->ports[i] != 0; i++)
		if (s->ports[i] == port)
			return true;
	return false;
}

const struct service *
probes_guess(uint16_t port, const char *comm)
{
	const struct service *by_port = NULL;

	for (size_t i = 0; i < probe_nservices; i++) {
		const struct service *s = &probe_services[i];
		if (comm_matches(s, comm))
			return s;
		if (by_port == NULL && port_matches(s, port))
			by_port = s;
	}
	return by_port;
}

/* ---- the engine ------------------------------------------------------------ */

static void
add_job(struct engine *e, struct probe_target *t, int row, bool by_port)
{
	struct job *j;

	if (e->njobs == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->jobs = xrealloc(e->jobs, e->cap * sizeof(*e->jobs));
	}
	j = &e->jobs[e->njobs++];
	memset(j, 0, sizeof(*j));
	j->t = t;
	j->row = row;
	j->probe = row >= 0 ? probe_services[row].probe : &p_sniff;
	j->by_port = by_port;
	j->state = J_PENDING;
	j->fd = -1;
	if (row >= 0)
		t->tried |= (uint64_t)1 << row;
	t->pending++;
}

static void
start_phase(struct engine *e, struct probe_target *t, int phase)
{
	t->phase = phase;
	t->ph_answered = false;
	t->ph_refused = false;
	t->ph_closed = false;
	switch (phase) {
	case PH_PORT:
		for (size_t i = 0; i < probe_nservices; i++) {
			const struct service *s = &probe_services[i];
			if (s->probe != NULL && (port_matches(s, t->port) || comm_matches(s, t->comm) ||
			    (t->gatehouse_port && (s->flags & SVC_GATEHOUSE))))
				add_job(e, t, (int)i, true);
		}
		break;
	case PH_SNIFF:
		add_job(e, t, -1, false);
		break;
	case PH_PROTO:
		for (size_t i = 0; i < probe_nservices; i++) {
			const struct service *s = &probe_services[i];
			bool http = (s->flags & SVC_HTTP) != 0;
			if (s->probe != NULL && !(t->tried & ((uint64_t)1 << i)) &&
			    http == (t->sniff_kind == SNIFF_HTTP))
				add_job(e, t, (int)i, false);
		}
		break;
	default:
		break;
	}
}

/* What comes after a phase whose probes all finished. */
static void
next_phase(struct engine *e, struct probe_target *t)
{
	for (int guard = 0; guard < 4 && t->pending == 0 && t->phase != PH_DONE; guard++) {
		switch (t->phase) {
		case PH_PORT:
			if (t->verdict > PROBE_UNKNOWN || !e->sniff) {
				t->phase = PH_DONE;
			} else if (t->tried != 0 && !t->ph_answered) {
				/* Silent or refused to the probes made for it: nothing more to learn. */
				t->phase = PH_DONE;
			} else {
				start_phase(e, t, PH_SNIFF);
			}
			break;
		case PH_SNIFF:
			if (t->sniff_kind == SNIFF_NONE)
				t->phase = PH_DONE;
			else
				start_phase(e, t, PH_PROTO);
			break;
		default:
			t->phase = PH_DONE;
			break;
		}
	}
	if (t->phase == PH_DONE && t->verdict == PROBE_UNKNOWN && !t->answered) {
		if (t->ph_refused)
			t->refused = true;
		else if (t->ph_closed)
			t->closed = true;
		else
			t->silent = true;
	}
}

static void
job_close(struct engine *e, struct job *j)
{
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
		e->open--;
	}
}

static void
job_finish(struct engine *e, size_t idx, int verdict)
{
	struct job *j = &e->jobs[idx];
	struct probe_target *t = j->t;

	job_close(e, j);
	free(j->req);
	free(j->in);
	j->req = NULL;
	j->in = NULL;
	j->state = J_DONE;
	if (verdict == JUDGE_CANCEL)
		j->fallback = PROBE_UNKNOWN;
	if (verdict < 0)
		verdict = PROBE_UNKNOWN;
	if (verdict == PROBE_UNKNOWN && j->fallback > verdict) {
		verdict = j->fallback;
		if (j->flags & JF_MCP_OPEN) {
			size_t n = strlen(j->evidence);
			snprintf(j->evidence + n, sizeof(j->evidence) - n,
			    "; the request with Origin " MCP_FOREIGN_ORIGIN " got no answer");
		}
	}
	if (j->got_bytes) {
		t->answered = true;
		t->ph_answered = true;
	}
	if (j->refused)
		t->ph_refused = true;
	if (j->closed)
		t->ph_closed = true;
	if (j->row >= 0 && verdict > PROBE_UNKNOWN &&
	    (verdict > (int)t->verdict || (verdict == (int)t->verdict && j->row < t->best_row))) {
		t->verdict = (enum probe_verdict)verdict;
		t->svc = &probe_services[j->row];
		t->best_row = j->row;
		t->foreign_origin = (j->flags & JF_FOREIGN) != 0;
		memcpy(t->evidence, j->evidence, sizeof(t->evidence));
	}
	/*
	 * A proof (open or protected) by a specific probe settles the target: the
	 * other probes of its phase would only wait for their deadlines on a
	 * protocol they do not speak. The generic MCP probe settles nothing, so that
	 * gatehouse or a specific service still gets the last word.
	 */
	if (j->row >= 0 && verdict >= PROBE_PROTECTED && !(probe_services[j->row].flags & SVC_MCP))
		for (size_t i = 0; i < e->njobs; i++)
			if (i != idx && e->jobs[i].t == t && e->jobs[i].state != J_DONE)
				job_finish(e, i, JUDGE_CANCEL);
	j = &e->jobs[idx];
	t->pending--;
	/* May append jobs (and move e->jobs): j is not used after this. */
	if (t->pending == 0)
		next_phase(e, t);
}

static int
job_connect(struct engine *e, size_t idx)
{
	struct job *j = &e->jobs[idx];
	struct sockaddr_storage ss;
	socklen_t sl;

	memset(&ss, 0, sizeof(ss));
	if (j->t->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, j->t->addr, 16);
		s6->sin6_port = htons(j->t->port);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, j->t->addr, 4);
		s4->sin_port = htons(j->t->port);
		sl = sizeof(*s4);
	}
	j->reqlen = j->probe->request(j, j->req, PROBE_REQUEST_MAX);
	j->reqoff = 0;
	j->inlen = 0;
	if (j->reqlen == 0)
		return -1;
	j->fd = socket(j->t->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (j->fd < 0)
		return -1;
	e->open++;
	if (connect(j->fd, (struct sockaddr *)&ss, sl) == 0) {
		j->state = J_WRITING;
	} else if (errno == EINPROGRESS) {
		j->state = J_CONNECTING;
	} else {
		j->refused = true;
		return -1;
	}
	return 0;
}

static void
job_start(struct engine *e, size_t idx, int64_t now)
{
	struct job *j = &e->jobs[idx];

	j->deadline = now + e->timeout_ms;
	if (j->deadline > e->hard_deadline)
		j->deadline = e->hard_deadline;
	j->req = xmalloc(PROBE_REQUEST_MAX);
	j->in = xmalloc(PROBE_RESPONSE_MAX);
	if (job_connect(e, idx) != 0)
		job_finish(e, idx, PROBE_UNKNOWN);
}

static int
run_judge(struct engine *e, struct job *j, bool eof)
{
	struct http_resp r;
	int rc;

	if (j->probe->raw != NULL)
		return j->probe->raw(j, j->in, j->inlen, eof);
	rc = http_parse((const char *)j->in, j->inlen, eof, &r, e->scratch, PROBE_RESPONSE_MAX);
	if (rc < 0)
		return PROBE_UNKNOWN;
	if (rc > 0 || (!r.complete && !eof))
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	return j->probe->http(j, &r);
}

/* Act on a judge's answer: wait, go to the next step, or finish. */
static void
judged(struct engine *e, size_t idx, int rc, bool eof)
{
	struct job *j = &e->jobs[idx];

	if (rc == JUDGE_MORE && !eof)
		return;
	if (rc == JUDGE_NEXT && j->step + 1 < j->probe->steps && !j->timed_out) {
		job_close(e, j);
		j->step++;
		j->got_bytes = j->got_bytes || j->inlen > 0;
		if (job_connect(e, idx) != 0)
			job_finish(e, idx, PROBE_UNKNOWN);
		return;
	}
	job_finish(e, idx, rc < 0 ? PROBE_UNKNOWN : rc);
}

static void
job_io(struct engine *e, size_t idx, short revents)
{
	struct job *j = &e->jobs[idx];

	if (j->state == J_CONNECTING) {
		int err = 0;
		socklen_t el = sizeof(err);
		if (getsockopt(j->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0) {
			j->refused = true;
			job_finish(e, idx, PROBE_UNKNOWN);
			return;
		}
		j->state = J_WRITING;
	}
	if (j->state == J_WRITING) {
		while (j->reqoff < j->reqlen) {
			ssize_t w = send(j->fd, j->req + j->reqoff, j->reqlen - j->reqoff, MSG_NOSIGNAL);
			if (w > 0) {
				j->reqoff += (size_t)w;
				continue;
			}
			if (w < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			/* The peer closed early: read whatever it said before. */
			break;
		}
		j->state = J_READING;
		return;
	}
	if (j->state == J_READING && (revents & (POLLIN | POLLHUP | POLLERR))) {
		ssize_t r = recv(j->fd, j->in + j->inlen, PROBE_RESPONSE_MAX - j->inlen, 0);
		bool eof;
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r > 0) {
			j->inlen += (size_t)r;
			j->got_bytes = true;
		} else if (j->inlen == 0) {
			j->closed = true;
		}
		eof = r <= 0 || j->inlen == PROBE_RESPONSE_MAX;
		judged(e, idx, run_judge(e, j, eof), eof);
	}
}

int
probes_judge(size_t row, int step, bool by_port, const uint8_t *in, size_t len, bool eof,
    char *evidence, size_t cap)
{
	struct probe_target t = { .family = AF_INET, .addr = { 127, 0, 0, 1 }, .port = 1 };
	struct engine e = { 0 };
	struct job j = { 0 };
	int rc;

	if (evidence != NULL && cap > 0)
		evidence[0] = '\0';
	if (row > probe_nservices || (row < probe_nservices && probe_services[row].probe == NULL))
		return PROBE_UNKNOWN;
	j.t = &t;
	j.row = row < probe_nservices ? (int)row : -1;
	j.probe = row < probe_nservices ? probe_services[row].probe : &p_sniff;
	j.by_port = by_port;
	j.step = step < 0 ? 0 : step >= j.probe->steps ? j.probe->steps - 1 : step;
	j.fd = -1;
	/* The engine's buffer is PROBE_RESPONSE_MAX; a longer answer is cut there. */
	j.inlen = len < PROBE_RESPONSE_MAX ? len : PROBE_RESPONSE_MAX;
	j.in = xmalloc(j.inlen ? j.inlen : 1);
	if (j.inlen)
		memcpy(j.in, in, j.inlen);
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	rc = run_judge(&e, &j, eof || len >= PROBE_RESPONSE_MAX);
	if (evidence != NULL && cap > 0)
		snprintf(evidence, cap, "%s", j.evidence[0] ? j.evidence : t.banner);
	free(j.in);
	free(e.scratch);
	return rc;
}

static size_t
max_conns(void)
{
	struct rlimit rl;
	size_t m = PROBE_MAX_CONNS;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		size_t room = rl.rlim_cur > 64 ? (size_t)rl.rlim_cur - 64 : 8;
		if (room < m)
			m = room;
	}
	return m;
}

void
probes_run(struct probe_target *t, size_t n, int timeout_ms, bool sniff)
{
	struct engine e = { 0 };
	struct pollfd *pfd;
	size_t *pidx;
	int64_t now = util_now_ms();

	if (timeout_ms <= 0)
		timeout_ms = PROBE_TIMEOUT_MS_DEFAULT;
	if (timeout_ms > PROBE_TIMEOUT_MS_MAX)
		timeout_ms = PROBE_TIMEOUT_MS_MAX;
	e.timeout_ms = timeout_ms;
	e.hard_deadline = now + 3 * (int64_t)timeout_ms + 200;
	e.sniff = sniff;
	e.maxconns = max_conns();
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	pfd = xcalloc(e.maxconns, sizeof(*pfd));
	pidx = xcalloc(e.maxconns, sizeof(*pidx));

	for (size_t i = 0; i < n; i++) {
		t[i].svc = NULL;
		t[i].verdict = PROBE_UNKNOWN;
		t[i].foreign_origin = t[i].answered = t[i].silent = t[i].closed = false;
		t[i].refused = t[i].unfinished = false;
		t[i].evidence[0] = t[i].banner[0] = '\0';
		t[i].best_row = (int)probe_nservices;
		t[i].pending = 0;
		t[i].tried = 0;
		t[i].sniff_kind = SNIFF_NONE;
		start_phase(&e, &t[i], PH_PORT);
		if (t[i].pending == 0)
			next_phase(&e, &t[i]);
	}

	/* Every pass starts, polls or finishes something; the deadline ends it. */
	for (;;) {
		size_t np = 0;
		int64_t wake;

		now = util_now_ms();
		/* A safety net: the deadlines below end every job long before this. */
		if (now >= e.hard_deadline + e.timeout_ms)
			break;
		while (e.open < e.maxconns && e.next < e.njobs) {
			size_t idx = e.next++;
			if (e.jobs[idx].state == J_DONE)
				continue;
			if (now >= e.hard_deadline) {
				e.jobs[idx].t->unfinished = true;
				job_finish(&e, idx, PROBE_UNKNOWN);
				continue;
			}
			job_start(&e, idx, now);
		}
		wake = e.hard_deadline;
		for (size_t i = 0; i < e.njobs && np < e.maxconns; i++) {
			struct job *j = &e.jobs[i];
			if (j->state == J_PENDING || j->state == J_DONE || j->fd < 0)
				continue;
			pfd[np].fd = j->fd;
			pfd[np].events = j->state == J_READING ? POLLIN : POLLOUT;
			pfd[np].revents = 0;
			pidx[np++] = i;
			if (j->deadline < wake)
				wake = j->deadline;
		}
		if (np == 0 && e.next >= e.njobs)
			break;
		if (np > 0) {
			int64_t ms = wake - now;
			int rc = poll(pfd, np, ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms);
			if (rc < 0 && errno != EINTR)
				break;
			for (size_t k = 0; rc > 0 && k < np; k++)
				if (pfd[k].revents != 0 && e.jobs[pidx[k]].state != J_DONE &&
				    e.jobs[pidx[k]].fd == pfd[k].fd)
					job_io(&e, pidx[k], pfd[k].revents);
		}
		now = util_now_ms();
		for (size_t k = 0; k < np; k++) {
			struct job *j = &e.jobs[pidx[k]];
			if (j->state == J_DONE || j->state == J_PENDING || now < j->deadline)
				continue;
			j->timed_out = true;
			if (now >= e.hard_deadline)
				j->t->unfinished = true;
			judged(&e, pidx[k], run_judge(&e, j, true), true);
		}
	}
	/* Anything still open (poll failed): close it. */
	for (size_t i = 0; i < e.njobs; i++)
		if (e.jobs[i].state != J_DONE) {
			e.jobs[i].t->unfinished = true;
			job_finish(&e, i, PROBE_UNKNOWN);
		}
	free(e.jobs);
	free(e.scratch);
	free(pfd);
	free(pidx);
}

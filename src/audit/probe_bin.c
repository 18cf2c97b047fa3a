/*
 * The binary-protocol probes of `gatehouse audit --deep`, and the HTTP sniff
 * that tells HTTP from the rest: Redis, memcached, PostgreSQL, MongoDB and the
 * native protocol of ClickHouse. Each writes one read-only hello and judges the
 * raw bytes that come back (see probe_int.h for the shape of a probe).
 */
#include "probe_int.h"

#include <stdio.h>
#include <string.h>

/* The sniff: one GET / tells HTTP from the rest, and gives a banner. */
static size_t
req_sniff(const struct job *j, char *out, size_t cap)
{
	return probe_get(j, out, cap, "/");
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
		probe_clean(in, len, line, sizeof(line));
		struct http_resp r = { .head = (const char *)in, .headlen = end ? (size_t)(end - (const char *)in) : len };
		const char *v;
		size_t vlen;
		if (probe_http_header(&r, "server", &v, &vlen))
			probe_clean(v, vlen, server, sizeof(server));
		snprintf(t->banner, sizeof(t->banner), "speaks HTTP (%s%s%s)", line,
		    server[0] ? "; Server: " : "", server);
		t->sniff_kind = SNIFF_HTTP;
		return PROBE_UNKNOWN;
	}
	if (len < 5 && !eof && memcmp(in, "HTTP/", len) == 0)
		return JUDGE_MORE;
	{
		char b[48];
		probe_clean(in, len, b, sizeof(b));
		snprintf(t->banner, sizeof(t->banner), "answered \"%s\"", b);
	}
	t->sniff_kind = SNIFF_BINARY;
	return PROBE_UNKNOWN;
}

/*
 * Redis: PING, INFO server, CONFIG GET protected-mode (all read-only). PONG and
 * INFO without AUTH is open. Protected mode (the default of a Redis without a
 * password) answers loopback clients and refuses every other host with
 * -DENIED: such a Redis is open to this host only, whatever it is bound to.
 */
static size_t
req_redis(const struct job *j, char *out, size_t cap)
{
	static const char r[] = "PING\r\nINFO server\r\nCONFIG GET protected-mode\r\n";

	(void)j;
	if (cap < sizeof(r))
		return 0;
	memcpy(out, r, sizeof(r) - 1);
	return sizeof(r) - 1;
}

/*
 * After "+PONG\r\n": the INFO bulk string ("$LEN\r\n" LEN bytes "\r\n"), then
 * the CONFIG GET answer. Returns 1 protected mode on, 0 off or not said (an
 * error, a renamed command), -1 more bytes needed.
 */
static int
redis_protected_mode(const char *s, size_t len, bool eof)
{
	static const char on[] = "protected-mode\r\n$3\r\nyes\r\n", off[] = "protected-mode\r\n$2\r\nno\r\n";
	size_t i = 7, n = 0, digits = 0;
	const char *rest, *nl;
	size_t rlen;

	if (i >= len || s[i] != '$')
		return eof || i < len ? 0 : -1;
	for (i++; i < len && s[i] >= '0' && s[i] <= '9' && digits < 9; i++, digits++)
		n = n * 10 + (size_t)(s[i] - '0');
	if (i + 2 > len)
		return eof ? 0 : -1;
	if (digits == 0 || s[i] != '\r' || s[i + 1] != '\n')
		return 0;
	i += 2;
	if (n > len || i + n + 2 > len)
		return eof ? 0 : -1;
	rest = s + i + n + 2;
	rlen = len - (i + n + 2);
	if (rlen == 0)
		return eof ? 0 : -1;
	if (rest[0] != '*') {
		nl = memchr(rest, '\n', rlen);
		return nl != NULL || eof ? 0 : -1;
	}
	if (memmem(rest, rlen, on, sizeof(on) - 1) != NULL)
		return 1;
	if (memmem(rest, rlen, off, sizeof(off) - 1) != NULL)
		return 0;
	return eof || rlen > 64 ? 0 : -1;
}

static int
judge_redis(struct job *j, const uint8_t *in, size_t len, bool eof)
{
	const char *s = (const char *)in;
	const char *nl = memchr(s, '\n', len);
	char v[32], e[64];
	int pm;

	if (nl == NULL)
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	if (len >= 7 && memcmp(s, "-NOAUTH", 7) == 0) {
		probe_ev(j, "asked for a password (%s)", probe_clean(s + 1, len - 1, e, sizeof(e)));
		return PROBE_PROTECTED;
	}
	if (len >= 7 && memcmp(s, "-DENIED", 7) == 0 && probe_has(s, (size_t)(nl - s), "protected mode")) {
		j->flags |= JF_LOOPBACK_ONLY;
		probe_ev(j, "is in protected mode: it has no password, answers only clients on this host "
		    "and refuses the others (-DENIED)");
		return PROBE_PROTECTED;
	}
	if ((len >= 10 && memcmp(s, "-WRONGPASS", 10) == 0) || (len >= 7 && memcmp(s, "-DENIED", 7) == 0) ||
	    (s[0] == '-' && probe_has(s, (size_t)(nl - s), "auth"))) {
		probe_ev(j, "refused the commands (%s)", probe_clean(s + 1, len - 1, e, sizeof(e)));
		return PROBE_PROTECTED;
	}
	if (len < 7 || memcmp(s, "+PONG\r\n", 7) != 0)
		return PROBE_UNKNOWN;
	{
		const char *p = probe_ci_find(s, len, "redis_version:");
		if (p != NULL) {
			const char *q = p + 14;
			const char *end = memchr(q, '\r', len - (size_t)(q - s));
			if (end == NULL && !eof)
				return JUDGE_MORE;
			if ((pm = redis_protected_mode(s, len, eof)) < 0)
				return JUDGE_MORE;
			probe_clean(q, end ? (size_t)(end - q) : len - (size_t)(q - s), v, sizeof(v));
			if (pm == 1) {
				j->flags |= JF_LOOPBACK_ONLY;
				probe_ev(j, "answered PING with PONG and INFO (redis_version %s) without a password; "
				    "it is in protected mode, so clients from other hosts get -DENIED", v);
			} else {
				probe_ev(j, "answered PING with PONG and INFO (redis_version %s) without a password", v);
			}
			return PROBE_OPEN;
		}
	}
	if (len > 7 && s[7] == '-') {
		probe_ev(j, "answered PING with PONG but refused INFO (%s)", probe_clean(s + 8, len - 8, e, sizeof(e)));
		return PROBE_IDENTIFIED;
	}
	if (!eof)
		return JUDGE_MORE;
	probe_ev(j, "answered PING with PONG");
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
		probe_clean(p + 13, len - (size_t)(p + 13 - s), v, sizeof(v));
	probe_ev(j, "answered stats (version %s) without credentials", v);
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
	mlen = probe_be32(in + 1);
	if (in[0] == 'R' && mlen >= 8 && mlen <= 2048) {
		uint32_t code = probe_be32(in + 5);
		switch (code) {
		case 0:
			probe_ev(j, "accepted user postgres without a password (trust authentication)");
			return PROBE_OPEN;
		case 3:
			probe_ev(j, "asked for a cleartext password");
			return PROBE_PROTECTED;
		case 5:
			probe_ev(j, "asked for an MD5 password");
			return PROBE_PROTECTED;
		case 10:
			probe_ev(j, "asked for SCRAM (SASL) authentication");
			return PROBE_PROTECTED;
		default:
			if (code > 20)
				return PROBE_UNKNOWN;
			probe_ev(j, "asked for authentication (method %u)", (unsigned)code);
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
				probe_clean(in + i + 1, (size_t)(z - (in + i + 1)), m, sizeof(m));
			i = (size_t)(z - in) + 1;
		}
		if (strstr(m, "pg_hba.conf") != NULL) {
			probe_ev(j, "refused the connection (%s)", m);
			return PROBE_PROTECTED;
		}
		probe_ev(j, "refused a startup for user postgres (%s)", m);
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
	*p++ = 0x10; memcpy(p, "listDatabases", 14); p += 14; probe_put_le32(p, 1); p += 4;
	*p++ = 0x08; memcpy(p, "nameOnly", 9); p += 9; *p++ = 1;
	*p++ = 0x02; memcpy(p, "$db", 4); p += 4; probe_put_le32(p, 6); p += 4; memcpy(p, "admin", 6); p += 6;
	*p++ = 0;
	dlen = (size_t)(p - doc);
	probe_put_le32(doc, (uint32_t)dlen);
	n = 16 + 4 + 1 + dlen;
	if (cap < n)
		return 0;
	uint8_t *o = (uint8_t *)out;
	probe_put_le32(o, (uint32_t)n);
	probe_put_le32(o + 4, MONGO_REQUEST_ID);
	probe_put_le32(o + 8, 0);
	probe_put_le32(o + 12, 2013);                 /* OP_MSG */
	probe_put_le32(o + 16, 0);                    /* flagBits */
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
	size = probe_le32(d);
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
					*ok = (double)(int32_t)probe_le32(d + i);
				else if (strcmp((const char *)name, "code") == 0)
					*code = (int32_t)probe_le32(d + i);
			}
			break;
		case 0x02:
			if (i + 4 > n)
				return;
			skip = 4 + (size_t)probe_le32(d + i);
			if (strcmp((const char *)name, "errmsg") == 0 && i + 4 < n)
				probe_clean(d + i + 4, n - i - 4, errmsg, cap);
			break;
		case 0x03: case 0x04:
			if (i + 4 > n)
				return;
			skip = probe_le32(d + i);
			break;
		case 0x05:
			if (i + 4 > n)
				return;
			skip = 5 + (size_t)probe_le32(d + i);
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
	mlen = probe_le32(in);
	opcode = probe_le32(in + 12);
	if (mlen < 16 || mlen > 48 * 1024 * 1024 || probe_le32(in + 8) != MONGO_REQUEST_ID)
		return PROBE_UNKNOWN;
	if (opcode == 1) {
		probe_ev(j, "answered with a legacy OP_REPLY (a MongoDB too old for OP_MSG)");
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
		probe_ev(j, "answered listDatabases without credentials");
		return PROBE_OPEN;
	}
	if (code == 13 || code == 18 || probe_has(errmsg, strlen(errmsg), "auth")) {
		probe_ev(j, "refused listDatabases without credentials (%s)", errmsg[0] ? errmsg : "Unauthorized");
		return PROBE_PROTECTED;
	}
	probe_ev(j, "answered listDatabases with an error (code %d%s%s)", (int)code, errmsg[0] ? ": " : "", errmsg);
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
	probe_clean(p + *off, (size_t)n, out, cap);
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
		if (!probe_has(name, strlen(name), "clickhouse"))
			return PROBE_UNKNOWN;
		if (get_varuint(in, len, &off, &major) != 0 || get_varuint(in, len, &off, &minor) != 0)
			major = minor = 0;
		probe_ev(j, "accepted user default with an empty password over the native protocol (%s %llu.%llu)",
		    name, (unsigned long long)major, (unsigned long long)minor);
		return PROBE_OPEN;
	}
	if (type == 2) {
		if (len - off < 4)
			return eof ? PROBE_UNKNOWN : JUDGE_MORE;
		int32_t code = (int32_t)probe_le32(in + off);
		off += 4;
		if ((rc = get_str(in, len, &off, name, sizeof(name))) != 0)
			return rc > 0 && !eof ? JUDGE_MORE : PROBE_UNKNOWN;
		if (strncmp(name, "DB::", 4) != 0)
			return PROBE_UNKNOWN;
		if (get_str(in, len, &off, msg, sizeof(msg)) != 0)
			msg[0] = '\0';
		if (code == 192 || code == 193 || code == 194 || code == 516 ||
		    probe_has(msg, strlen(msg), "password") || probe_has(msg, strlen(msg), "authentication")) {
			probe_ev(j, "refused user default with an empty password (code %d)", (int)code);
			return PROBE_PROTECTED;
		}
		probe_ev(j, "answered the native hello with an exception (code %d)", (int)code);
		return PROBE_IDENTIFIED;
	}
	return PROBE_UNKNOWN;
}

/* The binary-protocol probes, and the sniff; probes.c puts them in the service table. */
const struct probe
    probe_sniff = { 1, req_sniff, judge_sniff, NULL, NULL },
    probe_redis = { 1, req_redis, judge_redis, NULL, NULL },
    probe_memcached = { 1, req_memcached, judge_memcached, NULL, NULL },
    probe_postgres = { 1, req_postgres, judge_postgres, NULL, NULL },
    probe_mongo = { 1, req_mongo, judge_mongo, NULL, NULL },
    probe_ch_native = { 1, req_ch_native, judge_ch_native, NULL, NULL };

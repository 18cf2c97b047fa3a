#include "log.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

/* Token bucket shared by every client-caused line. */
static struct rate_limit client_bucket;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	min_level = level;
}

static void
append_raw(struct logline *l, const char *s, size_t n)
{
	if (l->len >= sizeof(l->buf) - 1)
		return;
	if (l->len + n >= sizeof(l->buf))
		n = sizeof(l->buf) - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

/*
 * Escape a value so that it is always one logfmt token: it is quoted when it holds
 * anything but plain printable characters, and every byte outside printable ASCII
 * becomes \xNN. A client-controlled string can therefore never start a new line or
 * a new key. Room for the closing quote, a "..." marking truncation and the NUL is
 * reserved before anything is written, so the result always fits in cap.
 */
size_t
log_escape(char *dst, size_t len, size_t cap, const char *value, size_t vlen)
{
	static const char hex[] = "0123456789abcdef";
	bool quote = vlen == 0, truncated = false;
	size_t i, avail, room;

	if (cap == 0 || len >= cap)
		return len;
	dst[len] = '\0';
	if (vlen > LIMIT_LOG_VALUE) {
		vlen = LIMIT_LOG_VALUE;
		truncated = true;
	}
	for (i = 0; i < vlen && !quote; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c <= ' ' || c >= 0x7f || c == '"' || c == '=' || c == '\\')
			quote = true;
	}
	avail = cap - len - 1;                          /* bytes we may write before the NUL */
	if (avail < (quote ? 2u : 0u) + 3)
		return len;
	room = avail - (quote ? 2 : 0) - 3;             /* for the value itself */
	if (quote)
		dst[len++] = '"';
	for (i = 0; i < vlen; i++) {
		unsigned char c = (unsigned char)value[i];
		size_t need = (c == '"' || c == '\\') ? 2 : (c < 0x20 || c >= 0x7f) ? 4 : 1;
		if (need > room) {
			truncated = true;
			break;
		}
		room -= need;
		if (need == 2) {
			dst[len++] = '\\';
			dst[len++] = (char)c;
		} else if (need == 4) {
			dst[len++] = '\\';
			dst[len++] = 'x';
			dst[len++] = hex[c >> 4];
			dst[len++] = hex[c & 15];
		} else {
			dst[len++] = (char)c;
		}
	}
	if (truncated) {
		memcpy(dst + len, "...", 3);
		len += 3;
	}
	if (quote)
		dst[len++] = '"';
	dst[len] = '\0';
	return len;
}

void
log_begin(struct logline *l, enum log_level level, const char *msg)
{
	struct timespec ts;
	struct tm tm;
	char tsbuf[64];
	int n;

	l->len = 0;
	l->active = level >= min_level;
	if (!l->active)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(tsbuf, sizeof(tsbuf), "ts=%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ level=%s msg=",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    ts.tv_nsec / 1000000, level_names[level]);
	if (n > 0)
		append_raw(l, tsbuf, (size_t)n < sizeof(tsbuf) ? (size_t)n : sizeof(tsbuf) - 1);
	l->len = log_escape(l->buf, l->len, sizeof(l->buf), msg, strlen(msg));
}

/*
 * Lines that a remote client can cause (bad requests, auth failures, slow
 * clients) are rate-limited by one token bucket. When lines were dropped, the next
 * line that passes says how many, so the operator knows a flood happened.
 */
bool
log_client_begin(struct logline *l, enum log_level level, const char *msg)
{
	if (!rate_take(&client_bucket, LIMIT_LOG_CLIENT_PER_SEC, LIMIT_LOG_CLIENT_BURST)) {
		l->len = 0;
		l->active = false;
		return false;
	}
	log_begin(l, level, msg);
	if (l->active && client_bucket.suppressed > 0) {
		log_int(l, "suppressed_before", (long long)client_bucket.suppressed);
		client_bucket.suppressed = 0;
	}
	return l->active;
}

void
log_strn(struct logline *l, const char *key, const char *value, size_t len)
{
	if (!l->active)
		return;
	append_raw(l, " ", 1);
	append_raw(l, key, strlen(key));
	append_raw(l, "=", 1);
	if (value == NULL) {
		value = "";
		len = 0;
	}
	l->len = log_escape(l->buf, l->len, sizeof(l->buf), value, len);
}

void
log_str(struct logline *l, const char *key, const char *value)
{
	log_strn(l, key, value, value ? strlen(value) : 0);
}

void
log_int(struct logline *l, const char *key, long long value)
{
	char num[32];
	int n;

	if (!l->active)
		return;
	n = snprintf(num, sizeof(num), "%lld", value);
	append_raw(l, " ", 1);
	append_raw(l, key, strlen(key));
	append_raw(l, "=", 1);
	append_raw(l, num, (size_t)n);
}

static log_filter_fn line_filter;

void
log_set_filter(log_filter_fn fn)
{
	line_filter = fn;
}

void
log_end(struct logline *l)
{
	ssize_t w;
	size_t off = 0, len = 0;
	char *filtered = NULL;
	const char *out;

	if (!l->active)
		return;
	append_raw(l, "\n", 1);
	if (line_filter != NULL)
		filtered = line_filter(l->buf, l->len, &len);
	out = filtered ? filtered : l->buf;
	if (filtered == NULL)
		len = l->len;
	/* One write per line so that concurrent writers do not interleave. */
	while (off < len) {
		w = write(STDERR_FILENO, out + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(filtered);
	l->active = false;
}

static void
log_simple(enum log_level level, const char *msg)
{
	struct logline l;

	log_begin(&l, level, msg);
	log_end(&l);
}

void log_info(const char *msg) { log_simple(LOG_INFO, msg); }
void log_warn(const char *msg) { log_simple(LOG_WARN, msg); }
void log_error(const char *msg) { log_simple(LOG_ERROR, msg); }

void
fatal(const char *msg)
{
	log_simple(LOG_ERROR, msg);
	exit(1);
}

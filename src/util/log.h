/*
 * Structured logging: one logfmt line per event on stderr.
 *
 *   ts=2026-11-22T02:40:00.123Z level=warn msg="auth failed" peer=203.0.113.7 status=401
 *
 * Every value is escaped (quotes, backslashes, control and non-ASCII bytes), so a
 * client cannot forge lines or fields. Lines caused by clients go through
 * log_client_begin(), which is rate-limited so a flood cannot fill the disk.
 * Never pass a token, an Authorization header or any secret to this module.
 */
#ifndef GH_LOG_H
#define GH_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../limits.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

struct logline {
	char   buf[LIMIT_LOG_LINE];
	size_t len;
	bool   active;
};

void log_set_level(enum log_level level);

/* Build a line field by field. A suppressed line (see log_client_begin) ignores
 * every call until log_end. */
void log_begin(struct logline *l, enum log_level level, const char *msg);
bool log_client_begin(struct logline *l, enum log_level level, const char *msg);
void log_str(struct logline *l, const char *key, const char *value);
void log_strn(struct logline *l, const char *key, const char *value, size_t len);
void log_int(struct logline *l, const char *key, long long value);
void log_end(struct logline *l);

/* One-call forms for messages with no fields. */
/*
 * A filter every finished line passes through before it is written (the
 * gateway installs its redactor: no secret reaches the log). It returns a
 * malloc'd replacement, or NULL to write the line as it is.
 */
typedef char *(*log_filter_fn)(const char *line, size_t len, size_t *outlen);
void log_set_filter(log_filter_fn fn);

void log_info(const char *msg);
void log_warn(const char *msg);
void log_error(const char *msg);

/* Broken invariant or failed setup: log and exit(1). */
_Noreturn void fatal(const char *msg);

/* Pure helper, exposed for tests: append `value` escaped for logfmt to dst.
 * Returns the new length; never writes past cap (truncates with "..."). */
size_t log_escape(char *dst, size_t len, size_t cap, const char *value, size_t vlen);

#endif

/* Small helpers shared by every module: allocation that cannot return NULL,
 * bounded file reading, clocks. */
#ifndef GH_UTIL_H
#define GH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void   *xmalloc(size_t n);
void   *xcalloc(size_t n, size_t size);
void   *xrealloc(void *p, size_t n);
char   *xstrdup(const char *s);
/* Free a NULL-terminated vector of malloc'd strings and the vector (NULL: nothing). */
void    strv_free(char **v);
/* A malloc'd printf; never NULL (out of memory is fatal, as for the others). */
char   *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a whole regular file of at most `max` bytes (NUL-terminated). On failure
 * returns NULL with errno set (EFBIG when larger than max). */
char   *util_read_file(const char *path, size_t max, size_t *len);

/* Write `data` to `path` atomically with mode 0600 (temp file, fsync, rename). */
int     util_write_file_private(const char *path, const void *data, size_t len);

/* Create a directory (and parents) with mode 0700 when missing. */
int     util_mkdir_private(const char *path);
/* Is `path` the directory `dir` (n bytes, absolute, no trailing '/' but "/"
 * itself) or beneath it? Compared as strings: resolve both first. */
bool    util_path_beneath(const char *dir, size_t n, const char *path);

int64_t util_now_ms(void);          /* monotonic */

/*
 * A token bucket: `burst` at once, then `per_sec` a second. rate_take() is true
 * when one may go; a refusal is counted in `suppressed`, which the caller
 * reports with the next line that goes and then clears. Zeroed: full.
 */
struct rate_limit {
	double        tokens, last;
	unsigned long suppressed;
	bool          init;
};
bool    rate_take(struct rate_limit *r, double per_sec, double burst);
int64_t util_wall_seconds(void);    /* unix time */
int64_t util_wall_ms(void);         /* unix time in milliseconds */

/* A growing text buffer for rendering (metrics, reports). Starts empty. */
struct strbuf {
	char  *buf;
	size_t len, cap;
};
void    strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copy `in` into out[cap] as valid UTF-8: invalid bytes become '?', and a
 * sequence that does not fit is left out whole. Returns out. */
char   *util_utf8_clean(const char *in, char *out, size_t cap);

/* Parse a base-10 integer in [min, max]; the whole string must be used. */
int     util_parse_int(const char *s, long long min, long long max, long long *out);

#endif

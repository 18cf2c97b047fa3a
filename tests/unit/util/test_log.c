/*
 * Unit tests for log_escape (src/util/log.c): a client-controlled value must stay
 * one logfmt token, so it can neither start a line nor forge a field, and it must
 * never write past the buffer it is given.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limits.h"
#include "util/log.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *value;
	size_t      vlen;           /* 0: strlen (the empty value uses 0 too) */
	const char *want;
} escape_cases[] = {
	{ "abc",                 0, "abc" },
	{ "203.0.113.7",         0, "203.0.113.7" },
	{ "/mcp?x=1",            0, "\"/mcp?x=1\"" },
	{ "GET",                 0, "GET" },
	{ "a-b_c.d/e:f",         0, "a-b_c.d/e:f" },
	{ "",                    0, "\"\"" },
	{ "a b",                 0, "\"a b\"" },
	{ " ",                   0, "\" \"" },
	{ "a\"b",                0, "\"a\\\"b\"" },
	{ "\"",                  0, "\"\\\"\"" },
	{ "a=b",                 0, "\"a=b\"" },
	{ "a\\b",                0, "\"a\\\\b\"" },
	{ "a\nb",                0, "\"a\\x0ab\"" },
	{ "a\r\nlevel=error msg=forged", 0, "\"a\\x0d\\x0alevel=error msg=forged\"" },
	{ "\t",                  0, "\"\\x09\"" },
	{ "\x01",                0, "\"\\x01\"" },
	{ "\x1b[31m",            0, "\"\\x1b[31m\"" },
	{ "\x7f",                0, "\"\\x7f\"" },
	{ "caf\xc3\xa9",         0, "\"caf\\xc3\\xa9\"" },
	{ "\xff",                0, "\"\\xff\"" },
	{ "a\0b",                3, "\"a\\x00b\"" },
	{ "abc",                 2, "ab" },                 /* only vlen bytes */
};

static void
test_escape_table(void **state)
{
	char buf[256];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(escape_cases); i++) {
		size_t vlen = escape_cases[i].vlen ? escape_cases[i].vlen : strlen(escape_cases[i].value);
		size_t len;
		memset(buf, 'Z', sizeof(buf));
		len = log_escape(buf, 0, sizeof(buf), escape_cases[i].value, vlen);
		if (len != strlen(escape_cases[i].want) || buf[len] != '\0' ||
		    memcmp(buf, escape_cases[i].want, len) != 0) {
			print_error("log_escape case %zu: expected [%s], got [%.*s] (len %zu)\n", i,
			    escape_cases[i].want, (int)len, buf, len);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* The value is appended at `len`; what is before it is kept. */
static void
test_escape_appends(void **state)
{
	char buf[64];
	size_t len;

	(void)state;
	memcpy(buf, "peer=", 5);
	len = log_escape(buf, 5, sizeof(buf), "1.2.3.4", 7);
	assert_int_equal(len, 12);
	assert_string_equal(buf, "peer=1.2.3.4");
	memcpy(buf + len, " ua=", 4);
	len = log_escape(buf, len + 4, sizeof(buf), "curl/8 x", 8);
	assert_string_equal(buf, "peer=1.2.3.4 ua=\"curl/8 x\"");
	assert_int_equal(len, strlen(buf));
}

/* Whatever the bytes, the output has no raw control or non-ASCII byte, and no
 * unescaped quote inside a quoted value: it stays one token. */
static void
test_escape_all_bytes(void **state)
{
	char value[256], buf[2048];
	size_t len;

	(void)state;
	for (int i = 0; i < 256; i++)
		value[i] = (char)i;
	len = log_escape(buf, 0, sizeof(buf), value, sizeof(value));
	assert_true(len < sizeof(buf));
	assert_int_equal(buf[0], '"');
	assert_int_equal(buf[len - 1], '"');
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)buf[k];
		if (c < 0x20 || c >= 0x7f)
			fail_msg("raw byte 0x%02x at %zu", c, k);
		if (k > 0 && k < len - 1 && (c == '"' || c == '\\')) {
			/* every quote or backslash inside is the second half of an escape */
			size_t bs = 0;
			for (size_t j = k; j > 1 && buf[j - 1] == '\\'; j--)
				bs++;
			if (c == '"' && bs % 2 == 0)
				fail_msg("unescaped quote at %zu", k);
		}
	}
	assert_null(strstr(buf, "..."));    /* 256 bytes fit: nothing truncated */
}

/* Longer than LIMIT_LOG_VALUE: cut, marked with "...", still within the cap. */
static void
test_escape_truncates_long(void **state)
{
	static char value[LIMIT_LOG_VALUE * 4];
	char buf[LIMIT_LOG_LINE];
	size_t len;

	(void)state;
	memset(value, 'a', sizeof(value));
	len = log_escape(buf, 0, sizeof(buf), value, sizeof(value));
	assert_int_equal(len, LIMIT_LOG_VALUE + 3);
	assert_memory_equal(buf + LIMIT_LOG_VALUE, "...", 4);
	/* Exactly LIMIT_LOG_VALUE is not truncated. */
	len = log_escape(buf, 0, sizeof(buf), value, LIMIT_LOG_VALUE);
	assert_int_equal(len, LIMIT_LOG_VALUE);
	assert_null(strstr(buf, "..."));
	/* A long value that needs quoting stays quoted after truncation. */
	value[0] = ' ';
	len = log_escape(buf, 0, sizeof(buf), value, sizeof(value));
	assert_int_equal(buf[0], '"');
	assert_int_equal(buf[len - 1], '"');
	assert_memory_equal(buf + len - 4, "...\"", 4);
	/* The worst case (every byte escaped to 4) fits in a line buffer. */
	memset(value, '\n', sizeof(value));
	len = log_escape(buf, 0, sizeof(buf), value, sizeof(value));
	assert_true(len < sizeof(buf));
	assert_int_equal(buf[len], '\0');
	assert_memory_equal(buf + len - 4, "...\"", 4);
}

/*
 * Small caps, every starting length: the function never writes at or past `cap`,
 * returns a length < cap (or the unchanged len when there is no room at all),
 * NUL-terminates what it wrote, and a quoted value is closed only if it was opened.
 */
static void
test_escape_small_caps(void **state)
{
	static const char *const values[] = {
		"plain", "two words", "quote\"d", "nl\nnl", "caf\xc3\xa9", "", "x",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10",
	};
	enum { MAXCAP = 48, GUARD = 64 };
	char buf[MAXCAP + GUARD];
	int failures = 0;

	(void)state;
	for (size_t v = 0; v < N(values); v++)
		for (size_t cap = 0; cap <= MAXCAP; cap++)
			for (size_t start = 0; start <= cap; start++) {
				size_t len, vlen = strlen(values[v]);
				bool bad = false;
				memset(buf, 'P', start);
				memset(buf + start, 'Z', sizeof(buf) - start);
				len = log_escape(buf, start, cap, values[v], vlen);
				for (size_t k = cap; k < sizeof(buf); k++)
					if (buf[k] != 'Z')
						bad = true;
				if (cap > 0 && start < cap - 1) {
					if (len >= cap || buf[len] != '\0')
						bad = true;
					/* Quotes balance: one at the start of the value iff one at the end. */
					if (len > start) {
						bool open = buf[start] == '"';
						bool close = len - start >= 2 && buf[len - 1] == '"' && buf[len - 2] != '\\';
						if (len - start == 1 && buf[start] == '"')
							close = false;
						if (open != close)
							bad = true;
					}
				} else if (len != start) {
					bad = true;
				}
				for (size_t k = 0; k < start && k < cap; k++)
					if (buf[k] != 'P')
						bad = true;
				if (bad) {
					if (failures < 10)
						print_error("log_escape value %zu \"%s\" cap %zu start %zu: returned %zu, "
						    "buffer [%.*s]\n", v, values[v], cap, start, len,
						    (int)(cap + 4 < sizeof(buf) ? cap + 4 : sizeof(buf)), buf);
					failures++;
				}
			}
	if (failures)
		print_error("%d bad (value, cap, start) combinations\n", failures);
	assert_int_equal(failures, 0);
}

/* The real caller appends fields to a 4096-byte line: a field that lands near the
 * end of a nearly full line must stay inside it. */
static void
test_escape_near_full_line(void **state)
{
	char buf[LIMIT_LOG_LINE + 16];
	int failures = 0;

	(void)state;
	for (size_t start = LIMIT_LOG_LINE - 16; start < LIMIT_LOG_LINE; start++) {
		size_t len;
		memset(buf, 'P', start);
		memset(buf + start, 'Z', sizeof(buf) - start);
		len = log_escape(buf, start, LIMIT_LOG_LINE, "a b c", 5);
		for (size_t k = LIMIT_LOG_LINE; k < sizeof(buf); k++)
			if (buf[k] != 'Z') {
				print_error("start %zu: byte %zu past the %d-byte line was written (returned %zu)\n",
				    start, k, LIMIT_LOG_LINE, len);
				failures++;
				break;
			}
		if (start < LIMIT_LOG_LINE - 1 && len >= LIMIT_LOG_LINE) {
			print_error("start %zu: returned length %zu is not below the cap\n", start, len);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * The same through the line builder: fields appended until the line is within a
 * few bytes of LIMIT_LOG_LINE, then one more field and an int. The length must
 * stay below the buffer size, and nothing may crash. Run in a child process so
 * that a crash is reported as this test's failure, not the end of the run.
 */
static void
test_line_builder_near_full(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char v[200];
		int devnull = open("/dev/null", O_WRONLY);
		/* cmocka's handlers would catch a crash inside the child: restore defaults. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		int over = 0;
		memset(v, 'a', sizeof(v));
		for (size_t pad = 0; pad < 200; pad++) {
			struct logline l;
			log_begin(&l, LOG_WARN, "x");
			while (l.len < 3900)
				log_strn(&l, "k", v, 100);
			log_strn(&l, "p", v, pad);
			log_strn(&l, "k", "a b", 3);
			if (l.len >= sizeof(l.buf))
				over = 1;
			log_int(&l, "status", 401);
			log_end(&l);
		}
		_exit(over ? 3 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("building a nearly full log line crashed with signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3)
		fail_msg("building a nearly full log line failed with exit status %d", WEXITSTATUS(status));
	if (WEXITSTATUS(status) == 3)
		fail_msg("a field appended near the end of a log line pushed its length to >= LIMIT_LOG_LINE");
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* The line builder on top: a hostile field cannot add a line or a field, and a
 * very long line stays within LIMIT_LOG_LINE. */
static void
test_line_builder(void **state)
{
	struct logline l;
	static char big[LIMIT_LOG_LINE * 2];

	(void)state;
	log_set_level(LOG_DEBUG);
	log_begin(&l, LOG_INFO, "auth failed");
	log_str(&l, "peer", "1.2.3.4\nts=x level=error msg=forged");
	log_int(&l, "status", 401);
	assert_true(l.active);
	assert_true(l.len < sizeof(l.buf));
	assert_null(memchr(l.buf, '\n', l.len));
	assert_non_null(strstr(l.buf, " msg=\"auth failed\" peer=\"1.2.3.4\\x0ats=x level=error msg=forged\" status=401"));
	l.active = false;       /* do not write it */

	memset(big, 'b', sizeof(big));
	log_begin(&l, LOG_INFO, "long");
	for (int i = 0; i < 40; i++)
		log_strn(&l, "k", big, sizeof(big));
	assert_true(l.len < sizeof(l.buf));
	l.active = false;

	/* A level below the minimum builds nothing. */
	log_set_level(LOG_WARN);
	log_begin(&l, LOG_INFO, "quiet");
	assert_false(l.active);
	log_set_level(LOG_INFO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_escape_appends),
		cmocka_unit_test(test_escape_all_bytes),
		cmocka_unit_test(test_escape_truncates_long),
		cmocka_unit_test(test_escape_small_caps),
		cmocka_unit_test(test_escape_near_full_line),
		cmocka_unit_test(test_line_builder_near_full),
		cmocka_unit_test(test_line_builder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

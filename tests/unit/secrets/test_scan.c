/*
 * Unit tests for src/secrets/scan.c: every key format is found with its stable
 * rule id and its exact byte offsets, look-alikes are not, redaction masks all of
 * a secret but its first characters, and crafted input cannot make the scan
 * report a match per byte or slow to a crawl.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "secrets/scan.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct hit {
	const char *id;
	size_t      start, end;
};

struct hits {
	struct hit v[64];
	size_t     n;
	size_t     calls;
	size_t     stop_after;          /* 0: never stop */
};

static int
record(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct hits *h = arg;

	assert_non_null(name);
	assert_true(start < end);
	h->calls++;
	if (h->n < N(h->v)) {
		h->v[h->n].id = rule_id;
		h->v[h->n].start = start;
		h->v[h->n].end = end;
		h->n++;
	}
	return h->stop_after != 0 && h->calls >= h->stop_after;
}

/* Fake, well-formed values of each format. None of them is a real credential. */
static const struct {
	const char *secret;
	const char *id;
} found_cases[] = {
	{ "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7", "SEC-001" },
	{ "sk-svcacct-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2", "SEC-001" },
	{ "sk-4bC7dE0fG3hI6jK9lM2nO5pQ8rS1tU4vW7xY0zA3bC6dE9f", "SEC-001" },
	{ "sk-ant-api03-Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7-_Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVbAA", "SEC-002" },
	{ "sk-ant-admin01-abcdefghijklmnopqrstuvwxyz0123", "SEC-002" },
	{ "AKIAIOSFODNN7EXAMPLE", "SEC-003" },
	{ "ASIAY34FZKBOKMUTVV7A", "SEC-003" },
	{ "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004" },
	{ "gho_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004" },
	{ "ghs_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004" },
	{ "ghu_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004" },
	{ "github_pat_11ABCDEFG0123456789abc_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW", "SEC-005" },
	{ "glpat-xY9zW8vU7tS6rQ5pO4nM", "SEC-006" },
	{ "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "SEC-007" },
	{ "xoxp-1234567890-abcdefghij", "SEC-007" },
	{ "xoxa-2-abcdefghijklmnop", "SEC-007" },
	{ "xoxr-abcdefghijklmnop", "SEC-007" },
	{ "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", "SEC-008" },
	{ "5123456789:AAE_abcdefghijklmnopqrstuvwxyz-0123", "SEC-008" },
	{ "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "SEC-009" },
	{ "rk_live_51H8abcdEFGHijklMNOPqrstUVWX", "SEC-009" },
	{ "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "SEC-010" },
	{ "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7vbqajDw4o6gJy8UtmIbkcpnkO3Kwc4qsEnSZp/TR+fQi62F\n"
	  "79RHWmwKOtFmwteURgLbj7D/WGuNLGOfa/2vse3G2eHnHl5CB8ruRX9fBl/KgwCV\n-----END RSA PRIVATE KEY-----", "SEC-011" },
	{ "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
	  "-----END OPENSSH PRIVATE KEY-----", "SEC-011" },
	{ "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----", "SEC-011" },
	{ "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
	  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "SEC-012" },
	{ "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0", "SEC-012" },
	{ "postgres://admin:hunter2@", "SEC-013" },
	{ "https://deploy:s3cr3t-Pa55@", "SEC-013" },
	{ "redis://:changeme@", "SEC-013" },                      /* no user name */
	{ "gth_k3Jd9sL2mQ8vN5xB7cR1tY4wZ6aE0fG3hH2jK9lP5oU", "SEC-014" },
	{ "hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "SEC-015" },
	{ "MTAxNjI4NDI2MTMxODQ1OTM4OA.GxYz12.abcdefghijklmnopqrstuvwxyz0", "SEC-016" },
	{ "discord.com/api/webhooks/12345678901234567/AbCdEf-GhIjKl_MnOpQr", "SEC-017" },
	{ "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SEC-018" },
	{ "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SEC-018" },
	{ "api_key=Zx81kQp0Lm3Rt9Wv2Yb7Nc4H", "SEC-019" },
	{ "PASSWORD: h7Gk2pLq9Zr4Tw8Xv1Mn", "SEC-019" },
};

/* The text around each secret: a JSON string, a word boundary on each side. */
static void
test_each_format(void **state)
{
	char text[1024];
	int failures = 0;

	(void)state;
	assert_int_equal(secrets_init(), 0);
	for (size_t i = 0; i < N(found_cases); i++) {
		struct hits h = { 0 };
		const char *sec = found_cases[i].secret;
		size_t pre, len = strlen(sec);
		int n;
		snprintf(text, sizeof(text), "{\"value\": \"%s%s\", \"next\": 1}\n", sec,
		    strcmp(found_cases[i].id, "SEC-013") == 0 ? "db.example.com/app" : "");
		pre = (size_t)(strstr(text, sec) - text);
		n = secrets_scan(text, strlen(text), record, &h);
		assert_int_equal(n, (int)h.n);
		if (h.n != 1 || strcmp(h.v[0].id, found_cases[i].id) != 0 || h.v[0].start != pre ||
		    h.v[0].end != pre + len) {
			print_error("case %zu (%s): want %s [%zu,%zu), got %zu matches", i, sec,
			    found_cases[i].id, pre, pre + len, h.n);
			for (size_t k = 0; k < h.n; k++)
				print_error(" %s [%zu,%zu)", h.v[k].id, h.v[k].start, h.v[k].end);
			print_error("\n");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * A key glued to the letters before it is found when its prefix cannot occur in
 * a word or in base64; a short prefix still needs a word boundary.
 */
static void
test_glued_prefixes(void **state)
{
	static const struct {
		const char *text, *id, *secret;     /* id NULL: no match */
	} cases[] = {
		{ "tokenghp_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004", "ghp_" },
		{ "xsk-ant-api03-Qw3rTy6uIo9pAs2dFg5hJk8l", "SEC-002", "sk-ant-" },
		{ "desk-admin-panel-configuration-page", NULL, NULL },
		{ "idglpat-xY9zW8vU7tS6rQ5pO4nM", "SEC-006", "glpat-" },
		{ "Bearerxoxb-123456789012-1234567890123-AbCdEfGh", "SEC-007", "xoxb-" },
		{ "STRIPEsk_live_4eC39HqLyjWDarjtT1zdp7dc", "SEC-009", "sk_live_" },
		{ "fooghs_16C7e42F292c6912E7710c838347Ae178B4a", "SEC-004", "ghs_" },
		{ "task-4bC7dE0fG3hI6jK9lM2nO5pQ8rS1tU4vW7x", NULL, NULL },
		{ "XAKIAIOSFODNN7EXAMPLE", NULL, NULL },
		{ "iVBORwAIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", NULL, NULL },
	};

	(void)state;
	assert_int_equal(secrets_init(), 0);
	for (size_t i = 0; i < N(cases); i++) {
		struct hits h = { 0 };
		size_t len = strlen(cases[i].text);

		secrets_scan(cases[i].text, len, record, &h);
		if (cases[i].id == NULL) {
			if (h.n != 0)
				print_error("case %zu (%s): want no match, got %s\n", i, cases[i].text, h.v[0].id);
			assert_int_equal(h.n, 0);
			continue;
		}
		if (h.n != 1 || strcmp(h.v[0].id, cases[i].id) != 0 ||
		    h.v[0].start != (size_t)(strstr(cases[i].text, cases[i].secret) - cases[i].text) ||
		    h.v[0].end != len)
			print_error("case %zu (%s): want %s from the prefix to the end, got %zu matches\n",
			    i, cases[i].text, cases[i].id, h.n);
		assert_int_equal(h.n, 1);
		assert_string_equal(h.v[0].id, cases[i].id);
		assert_int_equal(h.v[0].start, (size_t)(strstr(cases[i].text, cases[i].secret) - cases[i].text));
		assert_int_equal(h.v[0].end, len);
	}
}

/* Every rule of the table is exercised by the table above. */
static void
test_every_rule_covered(void **state)
{
	(void)state;
	for (size_t r = 0; r < secrets_nrules(); r++) {
		bool seen = false;
		for (size_t i = 0; i < N(found_cases); i++)
			if (strcmp(found_cases[i].id, secrets_rule_id(r)) == 0)
				seen = true;
		if (!seen)
			print_error("rule %s has no test case\n", secrets_rule_id(r));
		assert_true(seen);
		assert_string_equal(secrets_rule_name_by_id(secrets_rule_id(r)), secrets_rule_name(r));
	}
	assert_null(secrets_rule_name_by_id("SEC-999"));
	assert_null(secrets_rule_id(secrets_nrules()));
}

/* Look-alikes: a prefix inside a word, too short, the wrong letters. */
static const char *const near_misses[] = {
	"sk-short",
	"sk-abcdefghij-klmnopqrstuvwxyz",           /* a '-' before 20 alphanumerics */
	"task-abcdefghijklmnopqrstuvwxyz0123456789",
	"risk-ant-abcdefghijklmnopqrstuvwxyz0123",
	"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
	"pk_live_4eC39HqLyjWDarjtT1zdp7dc",
	"AKIA1234",
	"AKIAIOSFODNN7EXAMPLEX",                    /* 17 characters after AKIA */
	"akiaiosfodnn7example",
	"xAKIAIOSFODNN7EXAMPLE",
	"ghp_short123",
	"ghx_16C7e42F292c6912E7710c838347Ae178B4a",
	"github_pat_short",
	"glpat-short",
	"xoxq-123456789012-abcdef",
	"xoxb-123",
	"1234567:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1",   /* 7-digit bot id */
	"123456789:ABHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1",
	"123456789:AAshort",
	"AIzaShort",
	"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
	"-----BEGIN CERTIFICATE-----",
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",     /* one segment */
	"eyJhbGciOiJIUzI1NiJ9.e30.abc",             /* payload not JSON-object base64 */
	"xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
	"eyJx.eyJx.eyJx.eyJx",
	"https://user@example.com/path",
	"https://example.com:8443/path",
	"http://localhost:8750/mcp",
	"mailto:someone@example.com",
	"user:pass@example.com",                    /* no scheme */
	"gth_short",
	"the quick brown fox jumps over the lazy dog 0123456789",
	"",
};

static void
test_near_misses(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(near_misses); i++) {
		struct hits h = { 0 };
		char text[512];
		snprintf(text, sizeof(text), "value: %s\n", near_misses[i]);
		assert_true(secrets_scan(text, strlen(text), record, &h) >= 0);
		if (h.n != 0) {
			print_error("near miss %zu (%s) matched %s [%zu,%zu)\n", i, near_misses[i], h.v[0].id,
			    h.v[0].start, h.v[0].end);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* A match at the very start and the very end of a buffer without a NUL. */
static void
test_buffer_edges(void **state)
{
	static const char key[] = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
	char *buf = malloc(sizeof(key) - 1);
	struct hits h = { 0 };

	(void)state;
	memcpy(buf, key, sizeof(key) - 1);
	assert_int_equal(secrets_scan(buf, sizeof(key) - 1, record, &h), 1);
	assert_int_equal(h.v[0].start, 0);
	assert_int_equal(h.v[0].end, sizeof(key) - 1);
	assert_int_equal(secrets_scan(buf, 0, record, &h), 0);
	free(buf);
}

static void
test_long_secret_is_covered_whole(void **state)
{
	char text[600];
	struct hits h = { 0 };
	size_t n;

	(void)state;
	/* Longer than any repeat in the patterns: the match still covers all of it. */
	memcpy(text, "k=sk-proj-", 10);
	memset(text + 10, 'a', 400);
	memcpy(text + 410, "_-Z9 end", 9);
	n = strlen(text);
	assert_int_equal(secrets_scan(text, n, record, &h), 1);
	assert_int_equal(h.v[0].start, 2);
	assert_int_equal(h.v[0].end, 414);
}

static void
test_redact(void **state)
{
	char text[] = "a=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 b=AKIAIOSFODNN7EXAMPLE "
	    "c=postgres://admin:hunter2@db/app d=plain words stay";
	const char *want = "a=sk-a*************************************** b=AKIA**************** "
	    "c=post*********************db/app d=plain words stay";

	(void)state;
	assert_int_equal(secrets_redact(text, strlen(text)), 3);
	assert_string_equal(text, want);
	/* Redacting again finds nothing: the masked text matches no rule. */
	assert_int_equal(secrets_redact(text, strlen(text)), 0);
	assert_string_equal(text, want);
}

static void
test_redact_pem_whole(void **state)
{
	char text[] = "x\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yVx\nAoGAYK1b\n"
	    "-----END EC PRIVATE KEY-----\ny";

	(void)state;
	assert_int_equal(secrets_redact(text, strlen(text)), 1);
	assert_null(strstr(text, "MHcC"));
	assert_null(strstr(text, "PRIVATE"));
	assert_memory_equal(text, "x\n----*", 7);
	assert_string_equal(text + strlen(text) - 2, "\ny");
}

static void
test_stop_early(void **state)
{
	const char *text = "AKIAIOSFODNN7EXAMPLE ghp_16C7e42F292c6912E7710c838347Ae178B4a "
	    "ASIAY34FZKBOKMUTVV7A";
	struct hits h = { .stop_after = 1 };

	(void)state;
	assert_int_equal(secrets_scan(text, strlen(text), record, &h), 1);
	assert_int_equal(h.calls, 1);
	/* NULL callback: count only. */
	assert_int_equal(secrets_scan(text, strlen(text), NULL, NULL), 3);
}

/* Many secrets planted in a big buffer of ordinary text: every one is found. */
struct planted {
	size_t      start, end;
	const char *id;
	bool        seen;
};

struct big {
	struct planted *p;
	size_t          n;
	size_t          calls, wrong;
};

static int
check_planted(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct big *b = arg;
	size_t lo = 0, hi = b->n;

	(void)name;
	b->calls++;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b->p[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->n && b->p[lo].start == start && b->p[lo].end == end &&
	    strcmp(b->p[lo].id, rule_id) == 0 && !b->p[lo].seen)
		b->p[lo].seen = true;
	else
		b->wrong++;
	return 0;
}

static void
test_big_buffer(void **state)
{
	static const char filler[] = "Lorem ipsum dolor sit amet, consectetur adipiscing elit; "
	    "{\"role\":\"user\",\"content\":\"please list /tmp and summarise\"} 0123456789\n";
	const size_t size = 16u << 20, every = 80 * 1024;
	char *buf = malloc(size);
	struct big b = { 0 };
	size_t off = 0, k = 0;
	int n;

	(void)state;
	b.p = calloc(size / every + 1, sizeof(*b.p));
	while (off < size) {
		size_t chunk = size - off < sizeof(filler) - 1 ? size - off : sizeof(filler) - 1;
		memcpy(buf + off, filler, chunk);
		off += chunk;
	}
	for (off = 1000; off + 1024 < size; off += every, k++) {
		const char *sec = found_cases[k % N(found_cases)].secret;
		size_t len = strlen(sec);
		buf[off - 1] = ' ';
		memcpy(buf + off, sec, len);
		/* A URL's pattern needs its host; every other secret ends at a space. */
		memcpy(buf + off + len, strcmp(found_cases[k % N(found_cases)].id, "SEC-013") == 0 ? "h " : "  ", 2);
		b.p[b.n].start = off;
		b.p[b.n].end = off + len;
		b.p[b.n].id = found_cases[k % N(found_cases)].id;
		b.n++;
	}
	assert_true(b.n > 150);
	n = secrets_scan(buf, size, check_planted, &b);
	for (size_t i = 0; i < b.n; i++)
		if (!b.p[i].seen) {
			print_error("planted %s at %zu not found\n", b.p[i].id, b.p[i].start);
			fail();
		}
	assert_int_equal(b.wrong, 0);
	assert_int_equal(n, (int)b.n);
	free(b.p);
	free(buf);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Crafted input: "eyJx." repeated (the JWT pattern's worst case), a 4 MiB run
 * of key characters after a key prefix, ".eyJxxxx" repeated (a JWT head at every
 * 8 bytes), digits and colons (Telegram), URL look-alikes. Each stays a handful of
 * callbacks and finishes in well under a second per 4 MiB even in a sanitizer build.
 */
static void
test_pathological_bounded(void **state)
{
	static const struct {
		const char *unit;
		const char *head;
		int         max_matches;
	} cases[] = {
		{ "eyJx.",            "",          0 },
		{ "eyJ",              "",          0 },
		{ "eyJxxxx.",         "",          1 },
		{ ".eyJxxxx",         "",          1 },         /* eyJxxxx.eyJxxxx... is one JWT-like run */
		{ "A",                "sk-proj-",  1 },
		{ "A",                "AKIA",      0 },
		{ "7",                "",          0 },
		{ "1234567890:",      "",          0 },
		{ "a://b:c@",         "",          -1 },
		{ "sk-",              "",          0 },
		{ "-----BEGIN PRIVATE KEY-----", "", -1 },
	};
	const size_t size = 4u << 20;
	char *buf = malloc(size);

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		size_t ul = strlen(cases[i].unit), hl = strlen(cases[i].head);
		struct big b = { 0 };
		double t0;
		int n;
		memcpy(buf, cases[i].head, hl);
		for (size_t off = hl; off < size; off++)
			buf[off] = cases[i].unit[(off - hl) % ul];
		t0 = seconds();
		n = secrets_scan(buf, size, check_planted, &b);
		t0 = seconds() - t0;
		if (cases[i].max_matches >= 0 && n > cases[i].max_matches) {
			print_error("case %zu (%s): %d matches\n", i, cases[i].unit, n);
			fail();
		}
		/* Matches never outnumber the units, whatever the input. */
		assert_true(n >= 0 && (size_t)n <= size / ul + 1);
		if (t0 > 2.0) {
			print_error("case %zu (%s): %.2f s for 4 MiB\n", i, cases[i].unit, t0);
			fail();
		}
	}
	free(buf);
}

/* Scans from several threads at once share the database, each with its scratch. */
static void *
scan_thread(void *arg)
{
	const char *text = "x AKIAIOSFODNN7EXAMPLE y ghp_16C7e42F292c6912E7710c838347Ae178B4a z";
	int *bad = arg;

	for (int i = 0; i < 2000; i++)
		if (secrets_scan(text, strlen(text), NULL, NULL) != 2)
			(*bad)++;
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	int bad[4] = { 0 };

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, scan_thread, &bad[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_format),
		cmocka_unit_test(test_glued_prefixes),
		cmocka_unit_test(test_every_rule_covered),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_buffer_edges),
		cmocka_unit_test(test_long_secret_is_covered_whole),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_redact_pem_whole),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_big_buffer),
		cmocka_unit_test(test_pathological_bounded),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for the verdicts of the probes (src/audit/probe_*.c, through
 * probes_judge) on canned answers (no I/O): for the HTTP services, an open
 * answer, a refusal when the port says what the service is, and the same
 * refusal from an unknown port (which proves nothing).
 * The evidence text is what `gatehouse audit` reports, so it is checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "audit/probes.h"

static size_t
row_of(const char *name)
{
	for (size_t i = 0; i < probe_nservices; i++)
		if (strcmp(probe_services[i].name, name) == 0)
			return i;
	fail_msg("no service %s", name);
	return 0;
}

static int
judge(const char *service, bool by_port, const char *answer, char *evidence, size_t cap)
{
	return probes_judge(row_of(service), 0, by_port, (const uint8_t *)answer, strlen(answer), true,
	    evidence, cap);
}

static const struct {
	const char *service;
	const char *open_answer;
	const char *open_evidence;      /* a part of it */
	bool        refusal_counts;     /* 401 on its own port means "protected" */
} http_cases[] = {
	{ "Prometheus",
	  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 63\r\n\r\n"
	  "{\"status\":\"success\",\"data\":{\"version\":\"2.45.0\",\"revision\":\"x\"}}",
	  "answered /api/v1/status/buildinfo (version 2.45.0) without credentials", true },
	{ "Docker API",
	  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 41\r\n\r\n"
	  "{\"Version\":\"24.0.7\",\"ApiVersion\":\"1.43\"}",
	  "answered /version (Docker 24.0.7) without credentials: whoever reaches it controls the host", true },
	{ "Ollama",
	  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"models\":[]}",
	  "listed its models at /api/tags without credentials", true },
	{ "Chrome DevTools",
	  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 78\r\n\r\n"
	  "{\"Browser\":\"Chrome/120\",\"webSocketDebuggerUrl\":\"ws://127.0.0.1:9222/devtools\"}",
	  "answered /json/version (Chrome/120): whoever reaches it controls the browser", false },
	{ "Elasticsearch",
	  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 56\r\n\r\n"
	  "{\"cluster_name\":\"prod\",\"tagline\":\"You Know, for Search\"}",
	  "answered GET / with its cluster (cluster_name prod) without credentials", true },
};

static void
test_http_services(void **state)
{
	static const char refusal[] = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n";
	static const char other[] = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n<html></html";
	char ev[PROBE_EVIDENCE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(http_cases) / sizeof(http_cases[0]); i++) {
		const char *s = http_cases[i].service;
		assert_int_equal(judge(s, true, http_cases[i].open_answer, ev, sizeof(ev)), PROBE_OPEN);
		if (strstr(ev, http_cases[i].open_evidence) == NULL)
			fail_msg("%s: evidence \"%s\" lacks \"%s\"", s, ev, http_cases[i].open_evidence);
		/* The same answer from a port that did not say what it is: still recognised. */
		assert_int_equal(judge(s, false, http_cases[i].open_answer, ev, sizeof(ev)), PROBE_OPEN);
		/* A bare 401: protected on its own port, unknown elsewhere. */
		assert_int_equal(judge(s, true, refusal, ev, sizeof(ev)),
		    http_cases[i].refusal_counts ? PROBE_PROTECTED : PROBE_UNKNOWN);
		assert_int_equal(judge(s, false, refusal, ev, sizeof(ev)), PROBE_UNKNOWN);
		/* Something else entirely. */
		assert_int_equal(judge(s, true, other, ev, sizeof(ev)), PROBE_UNKNOWN);
	}
}

/* An answer that is cut short is not a verdict yet; at the end of the stream it is. */
static void
test_partial_answer(void **state)
{
	static const char half[] = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"mod";
	char ev[PROBE_EVIDENCE_MAX];

	(void)state;
	assert_int_equal(probes_judge(row_of("Ollama"), 0, true, (const uint8_t *)half, strlen(half), false,
	    ev, sizeof(ev)), -1);
	assert_int_equal(probes_judge(row_of("Ollama"), 0, true, (const uint8_t *)half, strlen(half), true,
	    ev, sizeof(ev)), PROBE_UNKNOWN);
}

/* A script for probes_replay: each answer in chunks of `chunk` bytes, then a close. */
static size_t
script(uint8_t *out, size_t cap, const char *const *answers, size_t n, size_t chunk)
{
	size_t k = 0;

	for (size_t a = 0; a < n; a++) {
		size_t len = strlen(answers[a]);
		for (size_t i = 0; i < len; i += chunk) {
			size_t m = len - i < chunk ? len - i : chunk;
			assert_true(k + 1 + m < cap);
			out[k++] = (uint8_t)m;
			memcpy(out + k, answers[a] + i, m);
			k += m;
		}
		out[k++] = 0;
	}
	return k;
}

#define REDIS_INFO "# Server\r\nredis_version:7.0.15\r\n"
#define REDIS_PONG_INFO "+PONG\r\n$32\r\n" REDIS_INFO "\r\n"

/* Protected mode: open to this host only, and the evidence says so. */
static void
test_redis_protected_mode(void **state)
{
	static const char on[] = REDIS_PONG_INFO "*2\r\n$14\r\nprotected-mode\r\n$3\r\nyes\r\n";
	static const char off[] = REDIS_PONG_INFO "*2\r\n$14\r\nprotected-mode\r\n$2\r\nno\r\n";
	static const char denied[] = "-DENIED Redis is running in protected mode because protected mode is enabled\r\n";
	char ev[PROBE_EVIDENCE_MAX];
	uint8_t sc[1024];
	const char *a[1];

	(void)state;
	assert_int_equal(judge("Redis", true, on, ev, sizeof(ev)), PROBE_OPEN);
	assert_non_null(strstr(ev, "protected mode, so clients from other hosts get -DENIED"));
	assert_int_equal(judge("Redis", true, off, ev, sizeof(ev)), PROBE_OPEN);
	assert_null(strstr(ev, "protected mode"));
	/* INFO arrived, the CONFIG answer not yet: wait for it. */
	assert_int_equal(probes_judge(row_of("Redis"), 0, true, (const uint8_t *)on, strlen(REDIS_PONG_INFO) + 3,
	    false, ev, sizeof(ev)), -1);
	assert_int_equal(judge("Redis", true, denied, ev, sizeof(ev)), PROBE_PROTECTED);
	assert_non_null(strstr(ev, "protected mode"));
	/* A byte at a time gives the same verdict. */
	a[0] = on;
	assert_int_equal(probes_replay(row_of("Redis"), true, false, sc, script(sc, sizeof(sc), a, 1, 1),
	    ev, sizeof(ev)), PROBE_OPEN);
	assert_non_null(strstr(ev, "protected mode"));
}

#define HEALTHZ "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
#define MCP_INIT_BODY "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"serverInfo\":{\"name\":\"x\"}}}"

/* gatehouse is only what runs a gatehouse binary: the same answers from anyone
 * else prove nothing for the gatehouse probe. */
static void
test_gatehouse_needs_its_binary(void **state)
{
	static const char open[] = "HTTP/1.1 200 OK\r\nContent-Length: 92\r\n\r\n" MCP_INIT_BODY;
	static const char refused[] = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"gatehouse\"\r\n"
	    "Content-Length: 0\r\n\r\n";
	const char *a[2] = { HEALTHZ, open };
	char ev[PROBE_EVIDENCE_MAX];
	uint8_t sc[2048];
	size_t n;

	(void)state;
	assert_int_equal(strlen(MCP_INIT_BODY), 92);
	n = script(sc, sizeof(sc), a, 2, 3);
	assert_int_equal(probes_replay(row_of("gatehouse"), true, false, sc, n, ev, sizeof(ev)), PROBE_UNKNOWN);
	assert_int_equal(probes_replay(row_of("gatehouse"), true, true, sc, n, ev, sizeof(ev)), PROBE_OPEN);
	assert_non_null(strstr(ev, "answered 200 to POST /mcp without a token"));
	a[1] = refused;
	n = script(sc, sizeof(sc), a, 2, 2);
	assert_int_equal(probes_replay(row_of("gatehouse"), true, true, sc, n, ev, sizeof(ev)), PROBE_PROTECTED);
	/* The second answer never finishes: what the first proved stands. */
	n = script(sc, sizeof(sc), a, 1, 5);
	memcpy(sc + n, "\x05HTTP/", 6);
	assert_int_equal(probes_replay(row_of("gatehouse"), true, true, sc, n + 6, ev, sizeof(ev)), PROBE_IDENTIFIED);
}

/* The MCP probe's four steps, with the session ids its answers hand out; a
 * session id that would add a header line is not sent back. */
static void
test_mcp_replay_sessions(void **state)
{
	static const char init[] = "HTTP/1.1 200 OK\r\nMcp-Session-Id: s-1\r\nContent-Length: 92\r\n\r\n" MCP_INIT_BODY;
	static const char evil[] = "HTTP/1.1 200 OK\r\nMcp-Session-Id: s\rX-Injected: 1\r\nContent-Length: 92\r\n\r\n"
	    MCP_INIT_BODY;
	static const char gone[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	const char *a[4] = { init, gone, init, gone };
	char ev[PROBE_EVIDENCE_MAX];
	uint8_t sc[4096];

	(void)state;
	assert_int_equal(probes_replay(row_of("MCP endpoint"), false, false, sc, script(sc, sizeof(sc), a, 4, 7),
	    ev, sizeof(ev)), PROBE_OPEN);
	assert_non_null(strstr(ev, "and also with Origin http://evil.example"));
	a[0] = evil;
	a[2] = evil;
	assert_int_equal(probes_replay(row_of("MCP endpoint"), false, false, sc, script(sc, sizeof(sc), a, 4, 1),
	    ev, sizeof(ev)), PROBE_OPEN);
}

/* The run's deadline grows with the listeners, up to its maximum. */
static void
test_run_deadline(void **state)
{
	(void)state;
	assert_int_equal(probes_run_deadline_ms(0), PROBE_RUN_DEADLINE_BASE_MS);
	assert_int_equal(probes_run_deadline_ms(100), PROBE_RUN_DEADLINE_BASE_MS + 100 * PROBE_RUN_DEADLINE_PER_LISTENER_MS);
	assert_int_equal(probes_run_deadline_ms(1000000), PROBE_RUN_DEADLINE_MAX_MS);
	assert_int_equal(probes_run_deadline_ms(SIZE_MAX), PROBE_RUN_DEADLINE_MAX_MS);
	assert_true(probes_run_deadline_ms(300) < probes_run_deadline_ms(301) ||
	    probes_run_deadline_ms(300) == PROBE_RUN_DEADLINE_MAX_MS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_services),
		cmocka_unit_test(test_partial_answer),
		cmocka_unit_test(test_redis_protected_mode),
		cmocka_unit_test(test_gatehouse_needs_its_binary),
		cmocka_unit_test(test_mcp_replay_sessions),
		cmocka_unit_test(test_run_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

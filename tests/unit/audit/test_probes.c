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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_services),
		cmocka_unit_test(test_partial_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

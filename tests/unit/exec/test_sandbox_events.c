/*
 * Unit tests for src/exec/sandbox_events.c: the lines a sandbox's trampoline
 * writes of the attempts it denied, read back and logged by the gateway. What
 * matters: an event becomes one log line with its fields, and anything that is
 * not an event (a forged or broken line) is logged as such, escaped, never as
 * an event with fields of its own choosing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "exec/sandbox_events.h"
#include "util/log.h"

static char logged[4096];

/* Keep the finished line, and write nothing. */
static char *
keep_line(const char *line, size_t len, size_t *outlen)
{
	snprintf(logged, sizeof(logged), "%.*s", (int)len, line);
	*outlen = 0;
	return calloc(1, 1);
}

static const char *
log_of(const char *line)
{
	logged[0] = '\0';
	log_set_filter(keep_line);
	sandbox_event_log("server", "esc", line, strlen(line));
	log_set_filter(NULL);
	return logged;
}

static void
test_parse(void **state)
{
	static const char ok[] = "kind=syscall syscall=ptrace pid=42 process=node";
	struct sandbox_event ev;

	(void)state;
	assert_int_equal(sandbox_event_parse(ok, strlen(ok), &ev), 0);
	assert_int_equal(ev.nfields, 4);
	assert_string_equal(ev.fields[0].key, "kind");
	assert_string_equal(ev.fields[0].value, "syscall");
	assert_string_equal(ev.fields[1].value, "ptrace");
	assert_string_equal(ev.fields[3].key, "process");
	assert_string_equal(ev.fields[3].value, "node");
	assert_int_equal(sandbox_event_parse("kind=connect to=[::1]:5 range=loopback", 38, &ev), 0);
	assert_string_equal(ev.fields[1].value, "[::1]:5");

	static const char *const bad[] = {
		"",                                         /* empty */
		"syscall=ptrace pid=1",                     /* no kind */
		"kind=",                                    /* empty value */
		"=x kind=a",                                /* empty key */
		"Kind=syscall",                             /* key not lower-case */
		"kind=syscall  pid=1",                      /* two spaces */
		"kind=sys\"call",                           /* a quote */
		"kind=sys=call",                            /* '=' in a value */
		"kind=a b",                                 /* a word without '=' */
		"kind=a\tb=c",                              /* a control byte */
		"kind=a a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8",   /* too many fields */
		NULL,                                       /* a value too long: below */
		"kindkindkindkindkind=a",                   /* key too long */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bad[i] != NULL)
			assert_int_equal(sandbox_event_parse(bad[i], strlen(bad[i]), &ev), -1);
	char longest[8 + SANDBOX_EVENT_VALUE + 1];
	memcpy(longest, "kind=", 5);
	memset(longest + 5, 'a', SANDBOX_EVENT_VALUE - 1);
	longest[5 + SANDBOX_EVENT_VALUE - 1] = '\0';
	assert_int_equal(sandbox_event_parse(longest, strlen(longest), &ev), 0);        /* fits */
	longest[5 + SANDBOX_EVENT_VALUE - 1] = 'a';
	longest[5 + SANDBOX_EVENT_VALUE] = '\0';
	assert_int_equal(sandbox_event_parse(longest, strlen(longest), &ev), -1);       /* one too many */
}

static void
test_log(void **state)
{
	(void)state;
	assert_non_null(strstr(log_of("kind=syscall syscall=ptrace pid=42 process=node"),
	    "level=warn msg=\"sandbox denied an attempt\" server=esc kind=syscall syscall=ptrace pid=42 process=node"));
	assert_non_null(strstr(log_of("kind=syscall syscall=socket what=unix-socket pid=42 process=npm"),
	    "level=info msg=\"sandbox denied an attempt\" server=esc kind=syscall syscall=socket what=unix-socket"));
	assert_non_null(strstr(log_of("kind=file access=read path=/etc/shadow pid=42 process=node"),
	    "level=warn msg=\"sandbox denied an attempt\" server=esc kind=file access=read path=/etc/shadow"));
	assert_non_null(strstr(log_of("kind=connect to=127.0.0.1:8123 range=loopback pid=7 process=node\r"),
	    "server=esc kind=connect to=127.0.0.1:8123 range=loopback pid=7 process=node"));
	assert_non_null(strstr(log_of("kind=processes running=290 limit=300"),
	    "level=warn msg=\"sandbox processes near their limit\" server=esc kind=processes running=290 limit=300"));
	assert_non_null(strstr(log_of("kind=leftover processes=2"),
	    "level=warn msg=\"sandbox ended processes the server left behind\" server=esc kind=leftover processes=2"));
	assert_non_null(strstr(log_of("kind=suppressed count=85"),
	    "level=warn msg=\"sandbox denied more attempts than it told\" server=esc kind=suppressed count=85"));
	/* Not an event: said so, the line quoted and escaped, no fields of its own. */
	const char *l = log_of("kind=x\" level=error msg=\"forged");
	assert_non_null(strstr(l, "msg=\"sandbox wrote an event line that is not an event\" server=esc line="));
	assert_non_null(strstr(l, "line=\"kind=x\\\" level=error msg=\\\"forged\""));
	assert_null(strstr(l, " kind=x"));
	assert_string_equal(log_of(""), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

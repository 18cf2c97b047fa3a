/*
 * Unit tests for src/front/hostcheck.c: the Host and Origin rules that defeat DNS
 * rebinding (DESIGN.md section 5, check 1). Each table row is one case.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "net/hostcheck.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *const no_hosts[] = { NULL };
static char *const public_hosts[] = {
	"gw.example.com",               /* any port */
	"api.example.com:8443",         /* this port only */
	"[2001:db8::1]",                /* v6 literal, any port */
	"[2001:db8::2]:443",
	"203.0.113.10",
};

static const struct {
	const char *host;               /* NULL: header absent */
	bool        with_public;        /* judged against public_hosts (else none) */
	bool        allowed;
} host_cases[] = {
	/* Loopback names, any port, with or without public hosts configured. */
	{ "localhost",                 false, true },
	{ "LOCALHOST",                 false, true },
	{ "LocalHost:8750",            false, true },
	{ "localhost:1",               false, true },
	{ "localhost:65535",           false, true },
	{ "127.0.0.1",                 false, true },
	{ "127.0.0.1:8750",            false, true },
	{ "127.5.5.5",                 false, true },
	{ "127.255.255.254:80",        false, true },
	{ "[::1]",                     false, true },
	{ "[::1]:8750",                false, true },
	{ "[0:0:0:0:0:0:0:1]:8750",    false, true },
	{ "[::ffff:127.0.0.1]:8750",   false, true },   /* a loopback literal */
	{ "localhost",                 true,  true },
	{ "127.0.0.1:9",               true,  true },
	{ "[::1]:9",                   true,  true },
	/* Not loopback, and no public hosts. */
	{ "evil.example",              false, false },
	{ "evil.example:8750",         false, false },
	{ "localhost.evil.example",    false, false },
	{ "localhost.evil.example:8750", false, false },
	{ "127.0.0.1.evil.example",    false, false },
	{ "127.0.0.1.nip.io:8750",     false, false },
	{ "localhostx",                false, false },
	{ "xlocalhost",                false, false },
	{ "localhost.",                false, false },
	{ "local",                     false, false },
	{ "0.0.0.0",                   false, false },
	{ "0.0.0.0:8750",              false, false },
	{ "[::]",                      false, false },
	{ "[::]:8750",                 false, false },
	{ "128.0.0.1",                 false, false },
	{ "10.0.0.1",                  false, false },
	{ "[::2]",                     false, false },
	{ "gw.example.com",            false, false },
	/* Malformed. */
	{ "",                          false, false },
	{ NULL,                        false, false },
	{ NULL,                        true,  false },
	{ "[::1",                      false, false },
	{ "[::1]x",                    false, false },
	{ "[::1]:",                    false, false },
	{ "[::1]:abc",                 false, false },
	{ "[]",                        false, false },
	{ "[]:80",                     false, false },
	{ "::1",                       false, false },   /* v6 must be bracketed */
	{ "::1:8750",                  false, false },
	{ "[127.0.0.1]",               false, false },   /* v4 must not be */
	{ "[localhost]",               false, false },
	{ "localhost:abc",             false, false },
	{ "localhost:",                false, false },
	{ "localhost:-1",              false, false },
	{ "localhost:+80",             false, false },
	{ "localhost:123456",          false, false },
	{ "localhost:80:80",           false, false },
	{ ":8750",                     false, false },
	{ "localhost 8750",            false, false },
	{ " localhost",                false, false },
	{ "localhost ",                false, false },
	{ "user@localhost",            false, false },
	{ "localhost/x",               false, false },
	{ "localhost\r\nX: y",         false, false },
	{ "127.1",                     false, false },
	{ "2130706433",                false, false },
	{ "0x7f000001",                false, false },
	/* Public hosts: without a port any port, with a port only that port, no case. */
	{ "gw.example.com",            true,  true },
	{ "GW.Example.COM",            true,  true },
	{ "gw.example.com:443",        true,  true },
	{ "gw.example.com:8750",       true,  true },
	{ "api.example.com:8443",      true,  true },
	{ "API.EXAMPLE.COM:8443",      true,  true },
	{ "api.example.com",           true,  false },
	{ "api.example.com:443",       true,  false },
	{ "api.example.com:84430",     true,  false },
	{ "api.example.com:844",       true,  false },
	{ "[2001:db8::1]",             true,  true },
	{ "[2001:db8::1]:443",         true,  true },
	{ "[2001:DB8::1]:443",         true,  true },
	{ "2001:db8::1",               true,  false },
	{ "[2001:db8::2]:443",         true,  true },
	{ "[2001:db8::2]",             true,  false },
	{ "[2001:db8::2]:444",         true,  false },
	{ "203.0.113.10",              true,  true },
	{ "203.0.113.10:8750",         true,  true },
	{ "[203.0.113.10]",            true,  false },
	{ "203.0.113.1",               true,  false },
	{ "evil.example",              true,  false },
	{ "gw.example.com.evil.example", true, false },
	{ "xgw.example.com",           true,  false },
	{ "gw.example.co",             true,  false },
	{ "example.com",               true,  false },
	{ "gw.example.com:",           true,  false },
	{ "gw.example.com:x",          true,  false },
};

static void
test_host_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(host_cases); i++) {
		bool got = host_cases[i].with_public
		    ? hostcheck_host(host_cases[i].host, public_hosts, N(public_hosts))
		    : hostcheck_host(host_cases[i].host, no_hosts, 0);
		if (got != host_cases[i].allowed) {
			print_error("hostcheck_host case %zu \"%s\" (%s public hosts): expected %s, got %s\n",
			    i, host_cases[i].host ? host_cases[i].host : "(null)",
			    host_cases[i].with_public ? "with" : "without",
			    host_cases[i].allowed ? "allowed" : "refused", got ? "allowed" : "refused");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* A Host longer than we judge is refused, even when it starts like a good one. */
static void
test_host_too_long(void **state)
{
	char host[LIMIT_HTTP_HOST_BYTES + 16];

	(void)state;
	memset(host, 'a', sizeof(host));
	memcpy(host, "localhost", 9);
	host[LIMIT_HTTP_HOST_BYTES + 1] = '\0';
	assert_false(hostcheck_host(host, no_hosts, 0));
	/* A public host entry that long cannot be matched either. */
	char *const list[] = { host };
	assert_false(hostcheck_host(host, list, 1));
	/* At exactly the cap a well-formed public name still matches. */
	host[LIMIT_HTTP_HOST_BYTES] = '\0';
	assert_true(hostcheck_host(host, list, 1));
}

static char *const allowed_origins[] = {
	"https://app.example.com",
	"http://tool.example.org:8080/",        /* trailing slash in config is tolerated */
	"HTTPS://Upper.Example.NET",
	"https://[2001:db8::1]:8443",
};

static const struct {
	const char *origin;
	bool        on_loopback;
	bool        allowed;
} origin_cases[] = {
	/* Listed origins, on any listener. */
	{ "https://app.example.com",         false, true },
	{ "https://app.example.com",         true,  true },
	{ "https://app.example.com/",        false, true },
	{ "HTTPS://APP.EXAMPLE.COM",         false, true },
	{ "https://App.Example.Com/",        false, true },
	{ "http://tool.example.org:8080",    false, true },
	{ "http://tool.example.org:8080/",   false, true },
	{ "https://upper.example.net",       false, true },
	{ "https://[2001:db8::1]:8443",      false, true },
	/* Close to a listed one, but not it. */
	{ "http://app.example.com",          false, false },   /* scheme differs */
	{ "https://app.example.com:443",     false, false },   /* exact list: no port folding */
	{ "https://app.example.com:8443",    false, false },
	{ "https://app.example.com.evil.example", false, false },
	{ "https://evil-app.example.com",    false, false },
	{ "https://app.example.co",          false, false },
	{ "https://app.example.com/path",    false, false },
	{ "https://app.example.com//",       false, false },
	{ "https://app.example.com?x",       false, false },
	{ "https://user@app.example.com",    false, false },
	{ "http://tool.example.org",         false, false },
	{ "http://tool.example.org:80",      false, false },
	{ "https://[2001:db8::1]",           false, false },
	{ "https://[2001:db8::1]:8444",      false, false },
	/* Loopback origins: only on a loopback (or unix) listener. */
	{ "http://localhost",                true,  true },
	{ "http://localhost:3000",           true,  true },
	{ "https://LOCALHOST:3000/",         true,  true },
	{ "http://127.0.0.1:8750",           true,  true },
	{ "http://127.9.9.9",                true,  true },
	{ "http://[::1]:8750",               true,  true },
	{ "http://localhost:3000",           false, false },
	{ "http://127.0.0.1:8750",           false, false },
	{ "http://[::1]:8750",               false, false },
	{ "http://localhost.evil.example",   true,  false },
	{ "http://localhost.evil.example:3000", true, false },
	{ "http://127.0.0.1.evil.example",   true,  false },
	{ "http://evil.example",             true,  false },
	{ "http://0.0.0.0:8750",             true,  false },
	{ "http://[::]:8750",                true,  false },
	{ "http://::1",                      true,  false },
	{ "http://[127.0.0.1]",              true,  false },
	{ "http://localhost:abc",            true,  false },
	{ "http://localhost:",               true,  false },
	{ "http://localhost/x",              true,  false },
	{ "http://user@localhost",           true,  false },
	/* Never loopback, never allowed. */
	{ "null",                            true,  false },
	{ "null",                            false, false },
	{ "NULL",                            true,  false },
	{ "file://",                         true,  false },
	{ "file:///etc/passwd",              true,  false },
	{ "file://localhost",                true,  false },
	{ "ws://localhost",                  true,  false },
	{ "chrome-extension://abcdef",       true,  false },
	{ "localhost",                       true,  false },
	{ "localhost:3000",                  true,  false },
	{ "//localhost",                     true,  false },
	{ "http:localhost",                  true,  false },
	{ "http:/localhost",                 true,  false },
	{ "http://",                         true,  false },
	{ "http:///",                        true,  false },
	{ "https://",                        false, false },
	{ "",                                true,  false },
	{ NULL,                              true,  false },
	{ "*",                               true,  false },
	{ "https://app.example.com https://evil.example", false, false },
};

static void
test_origin_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(origin_cases); i++) {
		bool got = hostcheck_origin(origin_cases[i].origin, allowed_origins, N(allowed_origins),
		    origin_cases[i].on_loopback);
		if (got != origin_cases[i].allowed) {
			print_error("hostcheck_origin case %zu \"%s\" on_loopback=%d: expected %s, got %s\n",
			    i, origin_cases[i].origin ? origin_cases[i].origin : "(null)",
			    origin_cases[i].on_loopback, origin_cases[i].allowed ? "allowed" : "refused",
			    got ? "allowed" : "refused");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* With an empty allow list, only loopback origins on a loopback listener pass. */
static void
test_origin_empty_list(void **state)
{
	(void)state;
	assert_true(hostcheck_origin("http://localhost:5173", no_hosts, 0, true));
	assert_false(hostcheck_origin("http://localhost:5173", no_hosts, 0, false));
	assert_false(hostcheck_origin("https://app.example.com", no_hosts, 0, true));
	assert_false(hostcheck_origin("https://app.example.com", no_hosts, 0, false));
}

static void
test_origin_too_long(void **state)
{
	char o[LIMIT_HTTP_ORIGIN_BYTES + 32];
	size_t n;

	(void)state;
	n = (size_t)snprintf(o, sizeof(o), "http://localhost:1");
	while (n < LIMIT_HTTP_ORIGIN_BYTES + 8)
		o[n++] = '1';
	o[n] = '\0';
	assert_false(hostcheck_origin(o, no_hosts, 0, true));
	assert_false(hostcheck_origin_valid(o));
}

static const struct {
	const char *origin;
	bool        valid;
} origin_valid_cases[] = {
	{ "https://app.example.com",       true },
	{ "https://app.example.com/",      true },
	{ "http://localhost:3000",         true },
	{ "HTTP://LOCALHOST:3000",         true },
	{ "https://[::1]:8443",            true },
	{ "https://[2001:db8::1]",         true },
	{ "https://203.0.113.7:8443",      true },
	{ "*",                             false },
	{ "null",                          false },
	{ "",                              false },
	{ NULL,                            false },
	{ "app.example.com",               false },
	{ "https://",                      false },
	{ "https:///",                     false },
	{ "https://app.example.com/path",  false },
	{ "https://app.example.com:",      false },
	{ "https://app.example.com:x",     false },
	{ "https://app.example.com:123456", false },
	{ "https://user@app.example.com",  false },
	{ "https://*.example.com",         false },
	{ "ftp://app.example.com",         false },
	{ "file:///tmp",                   false },
	{ "https:app.example.com",         false },
	{ "https://[::1",                  false },
	{ "https://[not-an-address]",      false },
	{ "https://[]",                    false },
};

static void
test_origin_valid_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(origin_valid_cases); i++) {
		bool got = hostcheck_origin_valid(origin_valid_cases[i].origin);
		if (got != origin_valid_cases[i].valid) {
			print_error("hostcheck_origin_valid case %zu \"%s\": expected %s, got %s\n", i,
			    origin_valid_cases[i].origin ? origin_valid_cases[i].origin : "(null)",
			    origin_valid_cases[i].valid ? "valid" : "invalid", got ? "valid" : "invalid");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static const struct {
	const char *host;
	bool        valid;
} hostname_valid_cases[] = {
	{ "gw.example.com",         true },
	{ "gw.example.com:443",     true },
	{ "GW.EXAMPLE.COM",         true },
	{ "my-gw_1.example.com",    true },
	{ "localhost",              true },
	{ "203.0.113.7",            true },
	{ "[::1]",                  true },
	{ "[2001:db8::1]:443",      true },
	{ "",                       false },
	{ NULL,                     false },
	{ "gw example.com",         false },
	{ "gw.example.com:",        false },
	{ "gw.example.com:http",    false },
	{ "gw.example.com:123456",  false },
	{ "gw.example.com:80:80",   false },
	{ "http://gw.example.com",  false },
	{ "gw.example.com/",        false },
	{ "*.example.com",          false },
	{ "user@gw.example.com",    false },
	{ ":443",                   false },
	{ "[::1",                   false },
	{ "[]",                     false },
	{ "[::1]x",                 false },
	{ "[::1]:",                 false },
	{ "::1",                    false },
	{ "[gw.example.com]",       false },   /* brackets are for IPv6 literals */
	{ "[not an address]",       false },
};

static void
test_hostname_valid_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(hostname_valid_cases); i++) {
		bool got = hostcheck_hostname_valid(hostname_valid_cases[i].host);
		if (got != hostname_valid_cases[i].valid) {
			print_error("hostcheck_hostname_valid case %zu \"%s\": expected %s, got %s\n", i,
			    hostname_valid_cases[i].host ? hostname_valid_cases[i].host : "(null)",
			    hostname_valid_cases[i].valid ? "valid" : "invalid", got ? "valid" : "invalid");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_table),
		cmocka_unit_test(test_host_too_long),
		cmocka_unit_test(test_origin_table),
		cmocka_unit_test(test_origin_empty_list),
		cmocka_unit_test(test_origin_too_long),
		cmocka_unit_test(test_origin_valid_table),
		cmocka_unit_test(test_hostname_valid_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

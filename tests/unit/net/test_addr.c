/*
 * Unit tests for src/front/addr.c: literal and CIDR parsing, matching, and the
 * client-address decision behind trusted proxies (DESIGN.md section 5). Every
 * table row is one case; a failure prints the row.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "net/addr.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct addr
A(const char *s)
{
	struct addr a;

	if (addr_parse(s, strlen(s), &a) != 0)
		fail_msg("test setup: cannot parse address \"%s\"", s);
	return a;
}

static const char *
fmt(const struct addr *a, char buf[ADDR_STRLEN])
{
	addr_format(a, buf, ADDR_STRLEN);
	return buf;
}

/* ---- addr_parse ---------------------------------------------------------- */

static const struct {
	const char *in;
	int         ok;
	int         family;
	const char *formatted;      /* addr_format of the result */
} parse_cases[] = {
	{ "1.2.3.4",                 1, AF_INET,  "1.2.3.4" },
	{ "0.0.0.0",                 1, AF_INET,  "0.0.0.0" },
	{ "255.255.255.255",         1, AF_INET,  "255.255.255.255" },
	{ "127.0.0.1",               1, AF_INET,  "127.0.0.1" },
	{ "::1",                     1, AF_INET6, "::1" },
	{ "::",                      1, AF_INET6, "::" },
	{ "2001:db8::1",             1, AF_INET6, "2001:db8::1" },
	{ "2001:DB8::A",             1, AF_INET6, "2001:db8::a" },
	{ "fe80::1:2:3:4",           1, AF_INET6, "fe80::1:2:3:4" },
	{ "::ffff:10.0.0.5",         1, AF_INET,  "10.0.0.5" },   /* v4-mapped is IPv4 */
	{ "::FFFF:127.0.0.1",        1, AF_INET,  "127.0.0.1" },
	{ "::ffff:a00:5",            1, AF_INET,  "10.0.0.5" },
	{ "",                        0, 0, NULL },
	{ "1.2.3",                   0, 0, NULL },
	{ "1.2.3.4.5",               0, 0, NULL },
	{ "999.1.1.1",               0, 0, NULL },
	{ "256.0.0.1",               0, 0, NULL },
	{ "abc",                     0, 0, NULL },
	{ "unknown",                 0, 0, NULL },
	{ "_hidden",                 0, 0, NULL },
	{ "1.2.3.4 ",                0, 0, NULL },
	{ " 1.2.3.4",                0, 0, NULL },
	{ "[::1]",                   0, 0, NULL },
	{ "1.2.3.4:80",              0, 0, NULL },
	{ "::1/128",                 0, 0, NULL },
	{ "2001:db8:::1",            0, 0, NULL },
	{ "2001:db8::1::2",          0, 0, NULL },
	{ "localhost",               0, 0, NULL },
	{ "0x7f.0.0.1",              0, 0, NULL },
	{ "1111:2222:3333:4444:5555:6666:7777:8888:9999", 0, 0, NULL },
	/* longer than any literal: must be refused, not overflow a buffer */
	{ "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000", 0, 0, NULL },
};

static void
test_addr_parse_table(void **state)
{
	char buf[ADDR_STRLEN];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(parse_cases); i++) {
		struct addr a;
		int rc = addr_parse(parse_cases[i].in, strlen(parse_cases[i].in), &a);
		if ((rc == 0) != parse_cases[i].ok) {
			print_error("addr_parse case %zu \"%s\": expected %s, got rc=%d\n", i,
			    parse_cases[i].in, parse_cases[i].ok ? "success" : "failure", rc);
			failures++;
			continue;
		}
		if (!parse_cases[i].ok)
			continue;
		if (a.family != parse_cases[i].family ||
		    strcmp(fmt(&a, buf), parse_cases[i].formatted) != 0) {
			print_error("addr_parse case %zu \"%s\": expected family %d \"%s\", got family %d \"%s\"\n",
			    i, parse_cases[i].in, parse_cases[i].family, parse_cases[i].formatted,
			    a.family, buf);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* The parser takes (buf, len): bytes past len are not part of the literal, and a
 * NUL inside len is not a terminator. */
static void
test_addr_parse_bounded(void **state)
{
	struct addr a;
	char buf[ADDR_STRLEN];

	(void)state;
	assert_int_equal(addr_parse("10.0.0.5, 1.2.3.4", 8, &a), 0);
	assert_string_equal(fmt(&a, buf), "10.0.0.5");
	assert_int_equal(addr_parse("2001:db8::1]:443", 11, &a), 0);
	assert_string_equal(fmt(&a, buf), "2001:db8::1");
	if (addr_parse("1.2.3.4\0junk", 12, &a) == 0)
		fail_msg("addr_parse(\"1.2.3.4\\0junk\", 12) accepted an embedded NUL as \"%s\"",
		    fmt(&a, buf));
	if (addr_parse("::1\0zz", 6, &a) == 0)
		fail_msg("addr_parse(\"::1\\0zz\", 6) accepted an embedded NUL as \"%s\"", fmt(&a, buf));
}

/* ---- cidr_parse / cidr_contains ------------------------------------------ */

static const struct {
	const char *in;
	int         ok;
	unsigned    prefix;         /* in 128-bit form */
	const char *net;            /* network after clearing host bits */
} cidr_cases[] = {
	{ "10.0.0.0/8",            1, 104, "10.0.0.0" },
	{ "10.1.2.3/8",            1, 104, "10.0.0.0" },          /* host bits cleared */
	{ "10.0.0.5/32",           1, 128, "10.0.0.5" },
	{ "10.0.0.5",              1, 128, "10.0.0.5" },
	{ "0.0.0.0/0",             1, 96,  "0.0.0.0" },
	{ "1.2.3.4/0",             1, 96,  "0.0.0.0" },
	{ "192.168.1.255/24",      1, 120, "192.168.1.0" },
	{ "192.168.1.255/23",      1, 119, "192.168.0.0" },
	{ "172.31.255.255/12",     1, 108, "172.16.0.0" },
	{ "255.255.255.255/1",     1, 97,  "128.0.0.0" },
	{ "255.255.255.255/31",    1, 127, "255.255.255.254" },
	{ "::1",                   1, 128, "::1" },
	{ "::1/128",               1, 128, "::1" },
	{ "2001:db8::/32",         1, 32,  "2001:db8::" },
	{ "2001:db8:ffff::1/48",   1, 48,  "2001:db8:ffff::" },
	{ "2001:db8:1234:5678:9abc::1/64", 1, 64, "2001:db8:1234:5678::" },
	{ "2001:db8::ff/121",      1, 121, "2001:db8::80" },
	{ "::/0",                  1, 0,   "::" },
	{ "fe80::1/10",            1, 10,  "fe80::" },
	{ "::ffff:10.0.0.0/104",   1, 104, "10.0.0.0" },          /* v4-mapped: prefix in 128 bits */
	{ "::ffff:10.0.0.5/128",   1, 128, "10.0.0.5" },
	{ "::ffff:10.0.0.0/8",     0, 0, NULL },                  /* ambiguous: refused */
	{ "10.0.0.0/33",           0, 0, NULL },
	{ "10.0.0.0/",             0, 0, NULL },
	{ "/8",                    0, 0, NULL },
	{ "10.0.0.0/8x",           0, 0, NULL },
	{ "10.0.0.0/x",            0, 0, NULL },
	{ "10.0.0.0/-1",           0, 0, NULL },
	{ "10.0.0.0/+8",           0, 0, NULL },
	{ "10.0.0.0/ 8",           0, 0, NULL },
	{ "10.0.0.0/8/8",          0, 0, NULL },
	{ "10.0.0.0/1000",         0, 0, NULL },
	{ "10.0.0.0/4294967304",   0, 0, NULL },                  /* 2^32 + 8: no wrap */
	{ "::1/129",               0, 0, NULL },
	{ "::1/999",               0, 0, NULL },
	{ "10.0.0/8",              0, 0, NULL },
	{ "nope",                  0, 0, NULL },
	{ "",                      0, 0, NULL },
	{ "/",                     0, 0, NULL },
	{ "*",                     0, 0, NULL },
};

static void
test_cidr_parse_table(void **state)
{
	char buf[ADDR_STRLEN];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(cidr_cases); i++) {
		struct cidr c;
		int rc = cidr_parse(cidr_cases[i].in, strlen(cidr_cases[i].in), &c);
		if ((rc == 0) != cidr_cases[i].ok) {
			print_error("cidr_parse case %zu \"%s\": expected %s, got rc=%d\n", i,
			    cidr_cases[i].in, cidr_cases[i].ok ? "success" : "failure", rc);
			failures++;
			continue;
		}
		if (!cidr_cases[i].ok)
			continue;
		fmt(&c.net, buf);
		if (c.prefix != cidr_cases[i].prefix || strcmp(buf, cidr_cases[i].net) != 0) {
			print_error("cidr_parse case %zu \"%s\": expected %s /%u, got %s /%u\n", i,
			    cidr_cases[i].in, cidr_cases[i].net, cidr_cases[i].prefix, buf, c.prefix);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static const struct {
	const char *cidr;
	const char *addr;
	bool        in;
} contains_cases[] = {
	{ "10.0.0.0/8",        "10.0.0.1",          true },
	{ "10.0.0.0/8",        "10.255.255.255",    true },
	{ "10.0.0.0/8",        "11.0.0.0",          false },
	{ "10.0.0.0/8",        "9.255.255.255",     false },
	{ "10.0.0.0/8",        "::ffff:10.0.0.5",   true },   /* v4-mapped literal */
	{ "::ffff:10.0.0.0/104", "10.9.9.9",        true },
	{ "10.0.0.5/32",       "10.0.0.5",          true },
	{ "10.0.0.5/32",       "10.0.0.4",          false },
	{ "10.0.0.5",          "10.0.0.6",          false },
	{ "192.168.0.0/23",    "192.168.1.200",     true },
	{ "192.168.0.0/23",    "192.168.2.0",       false },
	{ "0.0.0.0/0",         "203.0.113.7",       true },
	{ "0.0.0.0/0",         "2001:db8::1",       false },  /* v4 range never holds v6 */
	{ "::/0",              "2001:db8::1",       true },
	{ "::/0",              "10.0.0.1",          false },  /* v6 range never holds v4 */
	{ "::/96",             "0.0.0.1",           false },
	{ "2001:db8::/32",     "2001:db8:ffff::1",  true },
	{ "2001:db8::/32",     "2001:db9::1",       false },
	{ "2001:db8::80/121",  "2001:db8::ff",      true },
	{ "2001:db8::80/121",  "2001:db8::7f",      false },
	{ "::1/128",           "::1",               true },
	{ "::1/128",           "::2",               false },
	{ "::1",               "127.0.0.1",         false },
	{ "fe80::/10",         "febf::1",           true },
	{ "fe80::/10",         "fec0::1",           false },
	{ "128.0.0.0/1",       "127.255.255.255",   false },
	{ "128.0.0.0/1",       "128.0.0.0",         true },
};

static void
test_cidr_contains_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(contains_cases); i++) {
		struct cidr c;
		struct addr a = A(contains_cases[i].addr);
		if (cidr_parse(contains_cases[i].cidr, strlen(contains_cases[i].cidr), &c) != 0)
			fail_msg("setup: cidr \"%s\"", contains_cases[i].cidr);
		if (cidr_contains(&c, &a) != contains_cases[i].in) {
			print_error("cidr_contains case %zu: %s in %s: expected %s\n", i,
			    contains_cases[i].addr, contains_cases[i].cidr,
			    contains_cases[i].in ? "true" : "false");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void
test_cidr_unix_and_lists(void **state)
{
	struct cidr list[3];
	struct addr unix_peer = { .family = AF_UNIX };
	struct addr a;

	(void)state;
	assert_int_equal(cidr_parse("0.0.0.0/0", 9, &list[0]), 0);
	assert_int_equal(cidr_parse("::/0", 4, &list[1]), 0);
	assert_int_equal(cidr_parse("10.0.0.5", 8, &list[2]), 0);
	/* A unix-socket peer is inside no range, not even the widest ones. */
	assert_false(cidr_contains(&list[0], &unix_peer));
	assert_false(cidr_contains(&list[1], &unix_peer));
	assert_false(cidr_list_contains(list, 3, &unix_peer));
	a = A("10.0.0.5");
	assert_true(cidr_list_contains(&list[2], 1, &a));
	assert_false(cidr_list_contains(list, 0, &a));
	a = A("2001:db8::1");
	assert_true(cidr_list_contains(list, 3, &a));
	assert_false(cidr_list_contains(&list[2], 1, &a));
}

/* ---- addr_resolve --------------------------------------------------------- */

#define MAXT 4
static const struct resolve_case {
	const char      *peer;
	const char      *xff;               /* NULL: no header */
	const char      *trusted[MAXT];     /* NULL-terminated */
	enum addr_source want;
	const char      *client;            /* NULL: the peer */
} resolve_cases[] = {
	/* Untrusted peer: any header is the client's own word and is ignored. */
	{ "203.0.113.7", "127.0.0.1",          { NULL },            ADDR_FROM_PEER, NULL },
	{ "203.0.113.7", "127.0.0.1",          { "10.0.0.0/8" },    ADDR_FROM_PEER, NULL },
	{ "203.0.113.7", "1.1.1.1, 2.2.2.2",   { "10.0.0.0/8" },    ADDR_FROM_PEER, NULL },
	{ "203.0.113.7", "garbage",            { "10.0.0.0/8" },    ADDR_FROM_PEER, NULL },
	{ "10.0.0.5",    "1.2.3.4",            { NULL },            ADDR_FROM_PEER, NULL },
	{ "10.0.0.5",    "1.2.3.4",            { "10.0.0.6/32" },   ADDR_FROM_PEER, NULL },
	{ "::1",         "1.2.3.4",            { "127.0.0.0/8" },   ADDR_FROM_PEER, NULL },
	{ "127.0.0.1",   "1.2.3.4",            { "::1" },           ADDR_FROM_PEER, NULL },
	/* Trusted peer, no or empty header. */
	{ "10.0.0.5",    NULL,                 { "10.0.0.0/8" },    ADDR_FROM_PEER, NULL },
	{ "10.0.0.5",    "",                   { "10.0.0.0/8" },    ADDR_FROM_PEER, NULL },
	/* Trusted peer, single hop. */
	{ "10.0.0.5",    "1.2.3.4",            { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    "1.2.3.4",            { "10.0.0.5" },      ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    " 1.2.3.4 ",          { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    "\t1.2.3.4\t",        { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    "1.2.3.4:80",         { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    "1.2.3.4:65535",      { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	{ "10.0.0.5",    "2001:db8::1",        { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2001:db8::1" },
	{ "10.0.0.5",    "[2001:db8::1]",      { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2001:db8::1" },
	{ "10.0.0.5",    "[2001:db8::1]:443",  { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2001:db8::1" },
	{ "10.0.0.5",    "::ffff:1.2.3.4",     { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	/* Trusted IPv6 proxy. */
	{ "2001:db8::5", "198.51.100.1",       { "2001:db8::/64" }, ADDR_FROM_FORWARDED, "198.51.100.1" },
	{ "2001:db8::5", "2001:db8:1::9",      { "2001:db8::/64" }, ADDR_FROM_FORWARDED, "2001:db8:1::9" },
	/* An IPv4-mapped peer is the IPv4 proxy. */
	{ "::ffff:10.0.0.5", "1.2.3.4",        { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.2.3.4" },
	/* Several hops: the right-most untrusted one is the client; what is left of it
	 * was written by the client and is ignored, however it looks. */
	{ "10.0.0.5",    "1.1.1.1, 2.2.2.2",   { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    "1.1.1.1,2.2.2.2",    { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    "127.0.0.1, 2.2.2.2", { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    "garbage, 2.2.2.2",   { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    ",,, 2.2.2.2",        { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    "1.1.1.1, 10.0.0.9",  { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "1.1.1.1" },
	{ "10.0.0.5",    "1.1.1.1, 2.2.2.2, 10.0.0.9, 10.0.0.8", { "10.0.0.0/8" },
	    ADDR_FROM_FORWARDED, "2.2.2.2" },
	{ "10.0.0.5",    "1.1.1.1, 192.168.0.2, 10.0.0.9", { "10.0.0.0/8", "192.168.0.0/16" },
	    ADDR_FROM_FORWARDED, "1.1.1.1" },
	{ "10.0.0.5",    "1.1.1.1, 192.168.0.2, 10.0.0.9", { "10.0.0.0/8" },
	    ADDR_FROM_FORWARDED, "192.168.0.2" },
	{ "10.0.0.5",    "1.1.1.1, ::ffff:10.0.0.7", { "10.0.0.0/8" }, ADDR_FROM_FORWARDED, "1.1.1.1" },
	{ "10.0.0.5",    "1.1.1.1, [2001:db8::7]:8443", { "10.0.0.0/8", "2001:db8::/64" },
	    ADDR_FROM_FORWARDED, "1.1.1.1" },
	/* Every hop trusted: the left-most is the origin. */
	{ "10.0.0.5",    "10.0.0.1",           { "10.0.0.0/8" },    ADDR_FROM_FORWARDED, "10.0.0.1" },
	{ "10.0.0.5",    "10.0.0.3, 10.0.0.2, 10.0.0.1", { "10.0.0.0/8" }, ADDR_FROM_FORWARDED, "10.0.0.3" },
	/* A forged loopback hop from a client does not become the client. */
	{ "10.0.0.5",    "127.0.0.1, 203.0.113.9", { "10.0.0.0/8" }, ADDR_FROM_FORWARDED, "203.0.113.9" },
	/* Malformed where it is read: fail closed, the proxy is the client. */
	{ "10.0.0.5",    " ",                  { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    ",",                  { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3",              { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "abc",                { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4,,",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4,",           { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4, ",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[::1",               { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "::1]",               { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[::1]x",             { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[::1]:",             { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[::1]:http",         { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[::1]:123456",       { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[1.2.3.4]",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "[]",                 { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "unknown",            { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "_hidden",            { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "999.1.1.1",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4:",           { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4:abc",        { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4:123456",     { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4:-1",         { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4 5.6.7.8",    { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "1.2.3.4;5.6.7.8",    { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "for=1.2.3.4",        { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "\"1.2.3.4\"",        { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "localhost",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	/* Malformed to the right of trusted hops is still where we read. */
	{ "10.0.0.5",    "1.1.1.1, abc, 10.0.0.9", { "10.0.0.0/8" }, ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    ",10.0.0.9",          { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "10.0.0.5",    "unknown, 10.0.0.9",  { "10.0.0.0/8" },    ADDR_FAILED_CLOSED, NULL },
	{ "2001:db8::5", "nope",               { "2001:db8::/64" }, ADDR_FAILED_CLOSED, NULL },
};

static void
check_resolve(size_t i, const struct resolve_case *c, int *failures)
{
	struct cidr trusted[MAXT];
	size_t nt = 0;
	struct addr peer = A(c->peer), client, want;
	char got[ADDR_STRLEN], exp[ADDR_STRLEN];
	enum addr_source src;

	for (; nt < MAXT && c->trusted[nt]; nt++)
		if (cidr_parse(c->trusted[nt], strlen(c->trusted[nt]), &trusted[nt]) != 0)
			fail_msg("setup: trusted \"%s\"", c->trusted[nt]);
	memset(&client, 0xa5, sizeof(client));
	src = addr_resolve(&peer, c->xff, c->xff ? strlen(c->xff) : 0, trusted, nt, &client);
	want = c->client ? A(c->client) : peer;
	if (src != c->want || !addr_equal(&client, &want)) {
		print_error("addr_resolve case %zu: peer %s xff \"%s\" trusted %s%s: expected source %d client %s, "
		    "got source %d client %s\n", i, c->peer, c->xff ? c->xff : "(null)",
		    nt ? c->trusted[0] : "(none)", nt > 1 ? ",..." : "", c->want, fmt(&want, exp),
		    src, fmt(&client, got));
		(*failures)++;
	}
}

static void
test_addr_resolve_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(resolve_cases); i++)
		check_resolve(i, &resolve_cases[i], &failures);
	assert_int_equal(failures, 0);
}

/* A unix-socket peer is never a trusted proxy. */
static void
test_addr_resolve_unix_peer(void **state)
{
	struct addr peer = { .family = AF_UNIX }, client;
	struct cidr all[2];

	(void)state;
	assert_int_equal(cidr_parse("0.0.0.0/0", 9, &all[0]), 0);
	assert_int_equal(cidr_parse("::/0", 4, &all[1]), 0);
	assert_int_equal(addr_resolve(&peer, "1.2.3.4", 7, all, 2, &client), ADDR_FROM_PEER);
	assert_int_equal(client.family, AF_UNIX);
}

/* Hop and byte caps: LIMIT_XFF_HOPS trusted hops are read, one more fails closed;
 * a header of LIMIT_XFF_BYTES is read, one byte more fails closed. */
static void
test_addr_resolve_caps(void **state)
{
	char xff[LIMIT_XFF_BYTES + 64];
	size_t len = 0;
	struct cidr trusted;
	struct addr peer = A("10.0.0.5"), client, want;
	char got[ADDR_STRLEN];

	(void)state;
	assert_int_equal(cidr_parse("10.0.0.0/8", 10, &trusted), 0);

	/* 32 hops, all trusted: the left-most (10.0.0.1) wins. */
	for (int i = 1; i <= LIMIT_XFF_HOPS; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s10.0.0.%d", i > 1 ? "," : "", i);
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FROM_FORWARDED);
	want = A("10.0.0.1");
	assert_true(addr_equal(&client, &want));

	/* 33 hops, all trusted: too many, fail closed. */
	len = 0;
	for (int i = 1; i <= LIMIT_XFF_HOPS + 1; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s10.0.0.%d", i > 1 ? "," : "", i);
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FAILED_CLOSED);
	if (!addr_equal(&client, &peer))
		fail_msg("33 hops: client should be the peer, got %s", fmt(&client, got));

	/* 32 hops with the left-most untrusted: it is the client. */
	len = 0;
	for (int i = 1; i <= LIMIT_XFF_HOPS; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s%s", i > 1 ? "," : "",
		    i == 1 ? "198.51.100.7" : "10.0.0.2");
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FROM_FORWARDED);
	want = A("198.51.100.7");
	assert_true(addr_equal(&client, &want));

	/* ...and with 33 the untrusted one is never reached. */
	len = 0;
	for (int i = 1; i <= LIMIT_XFF_HOPS + 1; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s%s", i > 1 ? "," : "",
		    i == 1 ? "198.51.100.7" : "10.0.0.2");
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FAILED_CLOSED);
	assert_true(addr_equal(&client, &peer));

	/* 33 hops with the right-most untrusted: only that hop is read, the rest is the
	 * client's own writing and never parsed (so it cannot charge the proxy). */
	len = 0;
	for (int i = 1; i <= LIMIT_XFF_HOPS + 1; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s198.51.100.%d", i > 1 ? "," : "", i);
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FROM_FORWARDED);
	want = A("198.51.100.33");
	assert_true(addr_equal(&client, &want));
	/* ...while 32 of them are fine: the right-most is the client. */
	len = 0;
	for (int i = 1; i <= LIMIT_XFF_HOPS; i++)
		len += (size_t)snprintf(xff + len, sizeof(xff) - len, "%s198.51.100.%d", i > 1 ? "," : "", i);
	assert_int_equal(addr_resolve(&peer, xff, len, &trusted, 1, &client), ADDR_FROM_FORWARDED);
	want = A("198.51.100.32");
	assert_true(addr_equal(&client, &want));

	/* Exactly LIMIT_XFF_BYTES: padding spaces then one address. */
	memset(xff, ' ', LIMIT_XFF_BYTES);
	memcpy(xff + LIMIT_XFF_BYTES - 7, "1.2.3.4", 7);
	assert_int_equal(addr_resolve(&peer, xff, LIMIT_XFF_BYTES, &trusted, 1, &client),
	    ADDR_FROM_FORWARDED);
	want = A("1.2.3.4");
	assert_true(addr_equal(&client, &want));

	/* One byte more: fail closed, even though the right-most hop is fine. */
	memset(xff, ' ', LIMIT_XFF_BYTES + 1);
	memcpy(xff + LIMIT_XFF_BYTES + 1 - 7, "1.2.3.4", 7);
	assert_int_equal(addr_resolve(&peer, xff, LIMIT_XFF_BYTES + 1, &trusted, 1, &client),
	    ADDR_FAILED_CLOSED);
	assert_true(addr_equal(&client, &peer));

	/* The long header from an untrusted peer is simply ignored. */
	peer = A("203.0.113.1");
	assert_int_equal(addr_resolve(&peer, xff, LIMIT_XFF_BYTES + 1, &trusted, 1, &client),
	    ADDR_FROM_PEER);
	assert_true(addr_equal(&client, &peer));
}

/* Only xff_len bytes are read: the rest of the buffer is not part of the header. */
static void
test_addr_resolve_len_bounded(void **state)
{
	const char *xff = "1.1.1.1, 2.2.2.2";
	struct cidr trusted;
	struct addr peer = A("10.0.0.5"), client, want = A("1.1.1.1");

	(void)state;
	assert_int_equal(cidr_parse("10.0.0.0/8", 10, &trusted), 0);
	assert_int_equal(addr_resolve(&peer, xff, 7, &trusted, 1, &client), ADDR_FROM_FORWARDED);
	assert_true(addr_equal(&client, &want));
}

/* ---- small helpers -------------------------------------------------------- */

static const struct {
	const char *in;
	const char *key;
} limit_key_cases[] = {
	{ "1.2.3.4",                     "1.2.3.4" },
	{ "::ffff:1.2.3.4",              "1.2.3.4" },
	{ "2001:db8:1:2:3:4:5:6",        "2001:db8:1:2::" },
	{ "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::" },
	{ "::1",                         "::" },
	{ "fe80::1",                     "fe80::" },
};

static void
test_addr_limit_key(void **state)
{
	char got[ADDR_STRLEN];
	int failures = 0;
	struct addr a, k, b, kb;

	(void)state;
	for (size_t i = 0; i < N(limit_key_cases); i++) {
		a = A(limit_key_cases[i].in);
		addr_limit_key(&a, &k);
		if (k.family != a.family || strcmp(fmt(&k, got), limit_key_cases[i].key) != 0) {
			print_error("addr_limit_key case %zu %s: expected %s, got %s\n", i,
			    limit_key_cases[i].in, limit_key_cases[i].key, got);
			failures++;
		}
	}
	/* Two hosts of one /64 share a key; neighbouring /64s and IPv4 hosts do not. */
	a = A("2001:db8:0:1::1");
	b = A("2001:db8:0:1:dead:beef:0:2");
	addr_limit_key(&a, &k);
	addr_limit_key(&b, &kb);
	assert_true(addr_equal(&k, &kb));
	b = A("2001:db8:0:2::1");
	addr_limit_key(&b, &kb);
	assert_false(addr_equal(&k, &kb));
	a = A("10.0.0.1");
	b = A("10.0.0.2");
	addr_limit_key(&a, &k);
	addr_limit_key(&b, &kb);
	assert_false(addr_equal(&k, &kb));
	/* A unix peer keeps its (single) key. */
	a = (struct addr){ .family = AF_UNIX };
	addr_limit_key(&a, &k);
	assert_true(addr_equal(&a, &k));
	assert_int_equal(failures, 0);
}

static const struct {
	const char *in;
	bool        loopback;
} loopback_cases[] = {
	{ "127.0.0.1",        true },
	{ "127.5.5.5",        true },
	{ "127.255.255.255",  true },
	{ "::1",              true },
	{ "::ffff:127.0.0.1", true },
	{ "128.0.0.1",        false },
	{ "126.255.255.255",  false },
	{ "0.0.0.0",          false },
	{ "10.0.0.1",         false },
	{ "::",               false },
	{ "::2",              false },
	{ "::127.0.0.1",      false },      /* v4-compatible, not v4-mapped */
	{ "fe80::1",          false },
	{ "2001:db8::1",      false },
};

static void
test_addr_is_loopback(void **state)
{
	int failures = 0;
	struct addr u = { .family = AF_UNIX };

	(void)state;
	for (size_t i = 0; i < N(loopback_cases); i++) {
		struct addr a = A(loopback_cases[i].in);
		if (addr_is_loopback(&a) != loopback_cases[i].loopback) {
			print_error("addr_is_loopback case %zu %s: expected %d\n", i,
			    loopback_cases[i].in, loopback_cases[i].loopback);
			failures++;
		}
	}
	/* "local" never grants anything: a unix peer is not a loopback address. */
	assert_false(addr_is_loopback(&u));
	assert_int_equal(failures, 0);
}

static void
test_addr_format(void **state)
{
	struct addr a = A("203.0.113.7"), u = { .family = AF_UNIX };
	char buf[64];

	(void)state;
	addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "203.0.113.7");
	addr_format(&u, buf, sizeof(buf));
	assert_string_equal(buf, "unix");
	a = A("2001:db8::abcd");
	addr_format(&a, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::abcd");
	a = A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	addr_format(&a, buf, ADDR_STRLEN);
	assert_string_equal(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");

	/* Small buffers: always NUL-terminated inside the cap, never beyond. */
	for (size_t cap = 1; cap < 20; cap++) {
		memset(buf, 'Z', sizeof(buf));
		a = A("203.0.113.7");
		addr_format(&a, buf, cap);
		if (memchr(buf, '\0', cap) == NULL)
			fail_msg("addr_format cap %zu: no NUL inside the cap", cap);
		for (size_t j = cap; j < sizeof(buf); j++)
			if (buf[j] != 'Z')
				fail_msg("addr_format cap %zu: wrote byte %zu", cap, j);
		if (cap > strlen("203.0.113.7"))
			assert_string_equal(buf, "203.0.113.7");
	}
	buf[0] = 'Z';
	addr_format(&a, buf, 0);
	assert_int_equal(buf[0], 'Z');
}

static void
test_addr_from_sockaddr(void **state)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr other = { .sa_family = AF_APPLETALK };
	struct addr a, want;

	(void)state;
	inet_pton(AF_INET, "198.51.100.4", &in.sin_addr);
	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&in, &a), 0);
	want = A("198.51.100.4");
	assert_true(addr_equal(&a, &want));

	inet_pton(AF_INET6, "2001:db8::4", &in6.sin6_addr);
	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&in6, &a), 0);
	want = A("2001:db8::4");
	assert_true(addr_equal(&a, &want));

	/* A v4-mapped peer on a dual-stack socket is the IPv4 address. */
	inet_pton(AF_INET6, "::ffff:198.51.100.4", &in6.sin6_addr);
	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&in6, &a), 0);
	assert_int_equal(a.family, AF_INET);
	want = A("198.51.100.4");
	assert_true(addr_equal(&a, &want));

	assert_int_equal(addr_from_sockaddr((struct sockaddr *)&un, &a), 0);
	assert_int_equal(a.family, AF_UNIX);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(a.bytes[i], 0);

	assert_int_equal(addr_from_sockaddr(&other, &a), -1);
	assert_int_equal(addr_from_sockaddr(NULL, &a), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_parse_table),
		cmocka_unit_test(test_addr_parse_bounded),
		cmocka_unit_test(test_cidr_parse_table),
		cmocka_unit_test(test_cidr_contains_table),
		cmocka_unit_test(test_cidr_unix_and_lists),
		cmocka_unit_test(test_addr_resolve_table),
		cmocka_unit_test(test_addr_resolve_unix_peer),
		cmocka_unit_test(test_addr_resolve_caps),
		cmocka_unit_test(test_addr_resolve_len_bounded),
		cmocka_unit_test(test_addr_limit_key),
		cmocka_unit_test(test_addr_is_loopback),
		cmocka_unit_test(test_addr_format),
		cmocka_unit_test(test_addr_from_sockaddr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

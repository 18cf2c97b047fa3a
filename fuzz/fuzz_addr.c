/*
 * libFuzzer driver for the client-address decision and the Host / Origin rules,
 * the parsers that see attacker bytes before authentication.
 *
 * Input: the first byte picks the socket peer, the rest is the joined
 * X-Forwarded-For value. The same bytes also go through cidr_parse, addr_parse
 * and (NUL-terminated) hostcheck_host / hostcheck_origin. The invariants that
 * matter for security are asserted with __builtin_trap():
 *   - an untrusted peer is always the client, whatever the header says;
 *   - a header that fails closed leaves the peer as the client;
 *   - a parsed address formats and parses back to itself.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/addr.h"
#include "net/hostcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const peer_text[] = {
	"127.0.0.1",            /* trusted (127.0.0.0/8) */
	"10.0.0.9",             /* trusted (10.0.0.0/8) */
	"::1",                  /* untrusted */
	"2001:db8::5",          /* trusted (2001:db8::/32) */
	"192.168.1.20",         /* trusted through ::ffff:192.168.0.0/112 */
	"203.0.113.7",          /* untrusted */
};
#define NPEERS (sizeof(peer_text) / sizeof(peer_text[0]))

/*
 * The last entry is written in IPv4-mapped form on purpose. cidr_parse() turns a
 * mapped literal into an IPv4 address and then refuses a prefix over 32, so it
 * currently rejects "::ffff:192.168.0.0/112"; setup() then uses the IPv4 network
 * it names, 192.168.0.0/16.
 */
static const char *const trusted_text[] = {
	"127.0.0.0/8", "10.0.0.0/8", "2001:db8::/32", "::ffff:192.168.0.0/112",
};
static const char *const trusted_fallback[] = {
	NULL, NULL, NULL, "::ffff:192.168.0.0/112",
};
#define NTRUSTED (sizeof(trusted_text) / sizeof(trusted_text[0]))

static char *const public_hosts[] = { "gw.example.com", "api.example.com:8443", "[2001:db8::1]" };
static char *const allowed_origins[] = { "https://app.example.com", "http://localhost:3000" };

static struct cidr trusted[NTRUSTED];
static struct addr peers[NPEERS];

static void
setup(void)
{
	static bool done;

	if (done)
		return;
	for (size_t i = 0; i < NTRUSTED; i++) {
		const char *t = trusted_text[i];
		if (cidr_parse(t, strlen(t), &trusted[i]) == 0)
			continue;
		t = trusted_fallback[i];
		if (t == NULL || cidr_parse(t, strlen(t), &trusted[i]) != 0)
			__builtin_trap();
	}
	for (size_t i = 0; i < NPEERS; i++)
		if (addr_parse(peer_text[i], strlen(peer_text[i]), &peers[i]) != 0)
			__builtin_trap();
	done = true;
}

static void
check_resolve(const struct addr *peer, const char *xff, size_t len)
{
	struct addr client;
	enum addr_source src;
	bool peer_trusted = cidr_list_contains(trusted, NTRUSTED, peer);

	memset(&client, 0xa5, sizeof(client));
	src = addr_resolve(peer, xff, len, trusted, NTRUSTED, &client);
	switch (src) {
	case ADDR_FROM_PEER:
		if (!addr_equal(&client, peer))
			__builtin_trap();
		break;
	case ADDR_FAILED_CLOSED:
		if (!peer_trusted || !addr_equal(&client, peer))
			__builtin_trap();
		break;
	case ADDR_FROM_FORWARDED:
		if (!peer_trusted || len == 0)
			__builtin_trap();
		if (client.family != AF_INET && client.family != AF_INET6)
			__builtin_trap();
		break;
	default:
		__builtin_trap();
	}
	if (!peer_trusted && (src != ADDR_FROM_PEER || !addr_equal(&client, peer)))
		__builtin_trap();
}

static void
check_addr(const char *s, size_t len)
{
	struct addr a, back;
	struct cidr c;
	char text[ADDR_STRLEN];

	if (addr_parse(s, len, &a) == 0) {
		if (a.family != AF_INET && a.family != AF_INET6)
			__builtin_trap();
		addr_format(&a, text, sizeof(text));
		if (addr_parse(text, strlen(text), &back) != 0 || !addr_equal(&a, &back))
			__builtin_trap();
		(void)addr_is_loopback(&a);
		addr_limit_key(&a, &back);
	}
	if (cidr_parse(s, len, &c) == 0) {
		if (c.prefix > 128 || (c.net.family == AF_INET && c.prefix < 96))
			__builtin_trap();
		/* A network always contains its own base address. */
		if (!cidr_contains(&c, &c.net))
			__builtin_trap();
	}
}

static void
check_hosts(const char *s)
{
	bool valid = hostcheck_hostname_valid(s);

	/* Accepted Host values are always well-formed. */
	if (hostcheck_host(s, public_hosts, 3) && !valid)
		__builtin_trap();
	if (hostcheck_host(s, NULL, 0) && !valid)
		__builtin_trap();

	bool ovalid = hostcheck_origin_valid(s);
	if (hostcheck_origin(s, allowed_origins, 2, true) && !ovalid)
		__builtin_trap();
	/* With nothing allowed and a non-loopback listener, no origin passes. */
	if (hostcheck_origin(s, NULL, 0, false))
		__builtin_trap();
	if (hostcheck_origin(s, allowed_origins, 2, false) && !ovalid)
		__builtin_trap();
	if (strcmp(s, "null") == 0 && hostcheck_origin(s, NULL, 0, true))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *xff;
	size_t xlen;
	char *copy;

	setup();
	if (size == 0) {
		check_resolve(&peers[0], NULL, 0);
		return 0;
	}
	xff = (const char *)data + 1;
	xlen = size - 1;
	check_resolve(&peers[data[0] % NPEERS], xff, xlen);

	check_addr((const char *)data, size);
	check_addr(xff, xlen);

	copy = malloc(xlen + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, xff, xlen);
	copy[xlen] = '\0';
	check_hosts(copy);
	free(copy);
	return 0;
}

#include "addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "../limits.h"

static const uint8_t v4mapped_prefix[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };

/* inet_pton needs a NUL-terminated string; copy into a bounded buffer first. */
int
addr_parse(const char *s, size_t len, struct addr *out)
{
	char tmp[INET6_ADDRSTRLEN + 1];
	struct in_addr v4;
	struct in6_addr v6;

	if (len == 0 || len >= sizeof(tmp) || memchr(s, '\0', len) != NULL)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (memchr(tmp, ':', len) == NULL) {
		if (inet_pton(AF_INET, tmp, &v4) != 1)
			return -1;
		out->family = AF_INET;
		memcpy(out->bytes, v4mapped_prefix, 12);
		memcpy(out->bytes + 12, &v4, 4);
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, &v6) != 1)
		return -1;
	memcpy(out->bytes, &v6, 16);
	/* An IPv4-mapped IPv6 literal is the IPv4 address. */
	out->family = memcmp(out->bytes, v4mapped_prefix, 12) == 0 ? AF_INET : AF_INET6;
	return 0;
}

int
cidr_parse(const char *s, size_t len, struct cidr *out)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	unsigned long bits = 0;
	size_t i;

	if (addr_parse(s, alen, &out->net) != 0)
		return -1;
	if (slash == NULL) {
		out->prefix = 128;
		return 0;
	}
	if (alen + 1 >= len || len - alen - 1 > 3)
		return -1;
	for (i = alen + 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		bits = bits * 10 + (unsigned long)(s[i] - '0');
	}
	if (out->net.family == AF_INET && memchr(s, ':', alen) != NULL) {
		/* "::ffff:10.0.0.0/104": an IPv4-mapped range, prefix counted in 128 bits. */
		if (bits < 96 || bits > 128)
			return -1;
	} else if (out->net.family == AF_INET) {
		if (bits > 32)
			return -1;
		bits += 96;
	} else if (bits > 128) {
		return -1;
	}
	out->prefix = (unsigned)bits;
	/* Host bits set in a network ("10.0.0.5/8") are cleared, not refused. */
	for (i = 0; i < 16; i++) {
		unsigned have = i * 8 >= out->prefix ? 0 : out->prefix - (unsigned)i * 8;
		uint8_t mask = have >= 8 ? 0xff : (uint8_t)(0xff << (8 - have));
		out->net.bytes[i] &= mask;
	}
	return 0;
}

bool
cidr_contains(const struct cidr *c, const struct addr *a)
{
	unsigned full = c->prefix / 8, rest = c->prefix % 8;

	if (a->family == AF_UNIX || c->net.family != a->family)
		return false;
	if (memcmp(c->net.bytes, a->bytes, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((c->net.bytes[full] ^ a->bytes[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool
cidr_list_contains(const struct cidr *list, size_t n, const struct addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (cidr_contains(&list[i], a))
			return true;
	return false;
}

int
addr_from_sockaddr(const struct sockaddr *sa, struct addr *out)
{
	memset(out, 0, sizeof(*out));
	if (sa == NULL)
		return -1;
	switch (sa->sa_family) {
	case AF_INET: {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		out->family = AF_INET;
		memcpy(out->bytes, v4mapped_prefix, 12);
		memcpy(out->bytes + 12, &in->sin_addr, 4);
		return 0;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		memcpy(out->bytes, &in6->sin6_addr, 16);
		out->family = memcmp(out->bytes, v4mapped_prefix, 12) == 0 ? AF_INET : AF_INET6;
		return 0;
	}
	case AF_UNIX:
		/* Only sa_family may be read here: see NOTES.md on MHD and AF_UNIX. */
		out->family = AF_UNIX;
		return 0;
	default:
		return -1;
	}
}

void
addr_format(const struct addr *a, char *buf, size_t cap)
{
	if (cap == 0)
		return;
	buf[0] = '\0';
	if (a->family == AF_UNIX)
		snprintf(buf, cap, "unix");
	else if (a->family == AF_INET)
		inet_ntop(AF_INET, a->bytes + 12, buf, (socklen_t)cap);
	else
		inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)cap);
}

bool
addr_is_loopback(const struct addr *a)
{
	static const uint8_t v6_loopback[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->bytes[12] == 127;
	if (a->family == AF_INET6)
		return memcmp(a->bytes, v6_loopback, 16) == 0;
	return false;
}

bool
addr_equal(const struct addr *a, const struct addr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, 16) == 0;
}

void
addr_limit_key(const struct addr *a, struct addr *key)
{
	*key = *a;
	if (a->family == AF_INET6)
		memset(key->bytes + 8, 0, 8);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * One X-Forwarded-For element: a bare address, "[v6]" or "[v6]:port" or
 * "v4:port". Anything else is malformed.
 */
static int
parse_hop(const char *s, size_t len, struct addr *out)
{
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		size_t i;
		if (close == NULL)
			return -1;
		i = (size_t)(close - s) + 1;
		if (i != len) {
			if (s[i] != ':' || i + 1 == len || len - i - 1 > 5)
				return -1;
			for (i++; i < len; i++)
				if (s[i] < '0' || s[i] > '9')
					return -1;
		}
		if (addr_parse(s + 1, (size_t)(close - s) - 1, out) != 0 || out->family != AF_INET6)
			return -1;
		return 0;
	}
	const char *colon = memchr(s, ':', len);
	if (colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon - s) - 1) == NULL) {
		/* Exactly one colon: IPv4 with a port. */
		size_t alen = (size_t)(colon - s), i;
		if (len - alen - 1 == 0 || len - alen - 1 > 5)
			return -1;
		for (i = alen + 1; i < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return -1;
		if (addr_parse(s, alen, out) != 0 || out->family != AF_INET)
			return -1;
		return 0;
	}
	return addr_parse(s, len, out);
}

/*
 * Behind a trusted proxy, X-Forwarded-For is read right to left: each hop we
 * trust vouches for the one to its left, so the first untrusted address is the
 * client. Anything to the left of it was written by the client and is never
 * parsed, so junk there can neither help the client nor make it count as the
 * proxy. A header whose trusted part cannot be read (a malformed element, more
 * than LIMIT_XFF_HOPS trusted hops, too long) fails closed: the proxy itself is
 * the client.
 */
enum addr_source
addr_resolve(const struct addr *peer, const char *xff, size_t xff_len,
    const struct cidr *trusted, size_t ntrusted, struct addr *client)
{
	struct addr hop;
	size_t end, hops = 0;
	bool any = false;

	*client = *peer;
	if (!cidr_list_contains(trusted, ntrusted, peer))
		return ADDR_FROM_PEER;
	if (xff == NULL || xff_len == 0)
		return ADDR_FROM_PEER;
	if (xff_len > LIMIT_XFF_BYTES)
		return ADDR_FAILED_CLOSED;

	end = xff_len;
	for (;;) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		if (++hops > LIMIT_XFF_HOPS || parse_hop(xff + start, end - start, &hop) != 0) {
			*client = *peer;
			return ADDR_FAILED_CLOSED;
		}
		*client = hop;
		any = true;
		if (!cidr_list_contains(trusted, ntrusted, &hop))
			return ADDR_FROM_FORWARDED;
		if (start == 0)
			break;
		end = start - 1;
	}
	/* Every hop was trusted: the left-most one is the origin. */
	return any ? ADDR_FROM_FORWARDED : ADDR_FROM_PEER;
}

#include "hostcheck.h"

#include <string.h>
#include <strings.h>

#include "../limits.h"
#include "addr.h"

/* Split "name[:port]" / "[v6][:port]" into its name (without brackets) and port. */
static int
split_hostport(const char *s, size_t len, const char **name, size_t *nlen,
    const char **port, size_t *plen)
{
	size_t i;

	*port = NULL;
	*plen = 0;
	if (len == 0 || len > LIMIT_HTTP_HOST_BYTES)
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (close == NULL || close == s + 1)
			return -1;
		*name = s + 1;
		*nlen = (size_t)(close - s) - 1;
		struct addr a6;
		if (addr_parse(*name, *nlen, &a6) != 0 || memchr(*name, ':', *nlen) == NULL)
			return -1;
		i = (size_t)(close - s) + 1;
		if (i < len) {
			if (s[i] != ':')
				return -1;
			*port = s + i + 1;
			*plen = len - i - 1;
		}
	} else {
		const char *colon = memchr(s, ':', len);
		*name = s;
		*nlen = colon ? (size_t)(colon - s) : len;
		if (colon) {
			*port = colon + 1;
			*plen = len - *nlen - 1;
		}
		if (*nlen == 0)
			return -1;
		for (i = 0; i < *nlen; i++) {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
				return -1;
		}
	}
	if (*port) {
		if (*plen == 0 || *plen > 5)
			return -1;
		for (i = 0; i < *plen; i++)
			if ((*port)[i] < '0' || (*port)[i] > '9')
				return -1;
	}
	return 0;
}

static bool
name_is_loopback(const char *name, size_t nlen, bool bracketed)
{
	struct addr a;

	if (!bracketed && nlen == 9 && strncasecmp(name, "localhost", 9) == 0)
		return true;
	if (addr_parse(name, nlen, &a) != 0)
		return false;
	/* An IPv6 literal must be bracketed, an IPv4 one must not. */
	if (bracketed != (a.family == AF_INET6 || memchr(name, ':', nlen) != NULL))
		return false;
	return addr_is_loopback(&a);
}

bool
hostcheck_hostname_valid(const char *host)
{
	const char *name, *port;
	size_t nlen, plen;

	return host != NULL && split_hostport(host, strlen(host), &name, &nlen, &port, &plen) == 0;
}

bool
hostcheck_host(const char *host, char *const *public_hosts, size_t n)
{
	const char *name, *port, *pname, *pport;
	size_t nlen, plen, pnlen, pplen, len;

	if (host == NULL)
		return false;
	len = strlen(host);
	if (split_hostport(host, len, &name, &nlen, &port, &plen) != 0)
		return false;
	if (name_is_loopback(name, nlen, host[0] == '['))
		return true;
	for (size_t i = 0; i < n; i++) {
		const char *e = public_hosts[i];
		if (split_hostport(e, strlen(e), &pname, &pnlen, &pport, &pplen) != 0)
			continue;
		if (pnlen != nlen || strncasecmp(pname, name, nlen) != 0)
			continue;
		if ((e[0] == '[') != (host[0] == '['))
			continue;
		if (pport == NULL)
			return true;
		if (port != NULL && pplen == plen && memcmp(pport, port, plen) == 0)
			return true;
	}
	return false;
}

/* Split "scheme://rest" and check the scheme is http or https. */
static int
split_origin(const char *o, size_t len, size_t *scheme_len, const char **rest, size_t *rlen)
{
	const char *sep;

	if (len == 0 || len > LIMIT_HTTP_ORIGIN_BYTES)
		return -1;
	sep = memchr(o, ':', len);
	if (sep == NULL || (size_t)(sep - o) + 3 > len || sep[1] != '/' || sep[2] != '/')
		return -1;
	*scheme_len = (size_t)(sep - o);
	if (!((*scheme_len == 4 && strncasecmp(o, "http", 4) == 0) ||
	    (*scheme_len == 5 && strncasecmp(o, "https", 5) == 0)))
		return -1;
	*rest = sep + 3;
	*rlen = len - (size_t)(*rest - o);
	if (*rlen > 0 && (*rest)[*rlen - 1] == '/')
		(*rlen)--;
	return 0;
}

bool
hostcheck_origin_valid(const char *origin)
{
	const char *rest, *name, *port;
	size_t slen, rlen, nlen, plen;

	if (origin == NULL || split_origin(origin, strlen(origin), &slen, &rest, &rlen) != 0)
		return false;
	return split_hostport(rest, rlen, &name, &nlen, &port, &plen) == 0;
}

bool
hostcheck_origin(const char *origin, char *const *allowed, size_t n, bool on_loopback)
{
	const char *rest, *name, *port, *arest;
	size_t slen, rlen, nlen, plen, aslen, arlen, len;

	if (origin == NULL)
		return false;
	len = strlen(origin);
	if (split_origin(origin, len, &slen, &rest, &rlen) != 0)
		return false;
	if (split_hostport(rest, rlen, &name, &nlen, &port, &plen) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *a = allowed[i];
		if (split_origin(a, strlen(a), &aslen, &arest, &arlen) != 0)
			continue;
		if (aslen == slen && strncasecmp(a, origin, slen) == 0 &&
		    arlen == rlen && strncasecmp(arest, rest, rlen) == 0)
			return true;
	}
	return on_loopback && name_is_loopback(name, nlen, rest[0] == '[');
}

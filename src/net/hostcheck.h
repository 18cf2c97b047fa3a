/*
 * Host and Origin rules, the defence against DNS rebinding: a browser tricked into
 * talking to us under a foreign name sends that name in Host, and a page of another
 * site sends its own Origin. Pure functions.
 */
#ifndef GH_HOSTCHECK_H
#define GH_HOSTCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Host: a loopback name (localhost, 127.0.0.0/8, [::1]) with any port, or one of
 * `public_hosts` (compared without case; an entry without a port matches any
 * port). A missing or malformed Host is refused. */
bool hostcheck_host(const char *host, char *const *public_hosts, size_t n);

/* Origin (only called when the header is present): one of `allowed` exactly
 * (scheme and host without case, no trailing slash), or a loopback origin when the
 * request arrived on a loopback or unix listener. "null" is never a loopback
 * origin. */
bool hostcheck_origin(const char *origin, char *const *allowed, size_t n, bool on_loopback);

/* Is this a well-formed origin "scheme://host[:port]"? Used by config validation. */
bool hostcheck_origin_valid(const char *origin);
/* Is this a well-formed publicHosts entry "name[:port]" or "[v6][:port]"? */
bool hostcheck_hostname_valid(const char *host);

#endif

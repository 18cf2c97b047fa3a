/* Temporary: stands in for remote.c until it lands (the Makefile drops this file
 * when src/mcp/remote.c exists). */
#include <stdio.h>

#include "transport.h"

struct transport *
remote_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	(void)env;
	(void)cb;
	(void)owner;
	snprintf(err, errcap, "server \"%s\": remote servers are not available in this build", srv->key);
	return NULL;
}

/*
 * Remote MCP servers as transports (src/mcp/transport.h): Streamable HTTP with
 * libcurl driven by the libuv loop; HTTPS only, except loopback addresses named
 * in the config; no redirects; the configured headers, never the client's token.
 */
#ifndef GH_REMOTE_H
#define GH_REMOTE_H

#include "transport.h"

struct transport *remote_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap);

#endif

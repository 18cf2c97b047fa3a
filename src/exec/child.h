/*
 * Stdio MCP servers as transports (src/mcp/transport.h): a child process per
 * instance, argv exactly as configured, never a shell, a clean environment,
 * its own process group; newline-delimited JSON-RPC with a line cap.
 */
#ifndef GH_CHILD_H
#define GH_CHILD_H

#include "../mcp/transport.h"

struct transport *child_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap);

/*
 * Find the executable for a configured command: a path (relative to `dir`,
 * the server's working directory), or a bare name searched in the gateway's
 * PATH. 0 with the absolute path in out, or -1.
 */
int child_resolve_command(const char *command, const char *dir, char *out, size_t cap);

#endif

/*
 * The exec tool server: the commands of "exec" (config.h, struct exec_command)
 * as one transport (src/mcp/transport.h) that the router treats like any MCP
 * server, under the reserved key and prefix "exec". It lives in the gateway's
 * process and answers initialize, tools/list (one tool per command, its
 * inputSchema generated from the rules: src/exec/rules.h) and tools/call.
 *
 * A call whose arguments pass the rules runs the program with execve, never a
 * shell: argv built only from the validated values, stdin /dev/null, a clean
 * environment, the command's working directory, and its own sandbox for this
 * one run (the trampoline of src/exec/sandbox.h: the program runs in a PID
 * namespace of its own, so whatever it leaves behind dies with it). A run
 * past its timeout is killed with everything it started; output past the cap
 * is cut and the result says so; the exit status is in the result.
 */
#ifndef GH_EXEC_H
#define GH_EXEC_H

#include "../mcp/transport.h"

struct transport *exec_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap);

/* Copy `in` (any bytes) as valid UTF-8 without NUL: each invalid byte, and NUL,
 * becomes U+FFFD. Returns a malloc'd string. Pure. */
char *exec_utf8_text(const char *in, size_t len);

#endif

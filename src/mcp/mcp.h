/*
 * JSON-RPC error bodies for the HTTP front's own refusals (401, 403, 413, ...), so
 * that MCP clients show the message. Pure.
 */
#ifndef GH_MCP_H
#define GH_MCP_H

#include <stddef.h>

/* A JSON-RPC error object with id null, malloc'd, NUL-terminated. The message
 * is made valid UTF-8 first. */
char *mcp_error_json(int code, const char *message);
char *mcp_error_body(int code, const char *message, size_t *len);

#endif

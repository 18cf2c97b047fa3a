/*
 * The MCP endpoint behind the front door. Until the router lands, an
 * authenticated POST gets a well-formed JSON-RPC answer: requests are told the
 * method is not available, notifications and responses are accepted (202).
 * Pure: bytes in, status and bytes out.
 */
#ifndef GH_MCP_H
#define GH_MCP_H

#include <stddef.h>

enum rpc_kind { RPC_REQUEST, RPC_NOTIFICATION, RPC_RESPONSE, RPC_INVALID, RPC_PARSE_ERROR, RPC_BATCH };

#define RPC_PARSE_ERROR_CODE      (-32700)
#define RPC_INVALID_REQUEST_CODE  (-32600)
#define RPC_METHOD_NOT_FOUND_CODE (-32601)

/* Classify one message. */
enum rpc_kind mcp_classify(const char *buf, size_t len);

/* Answer a POST body. Returns the HTTP status; *out is a malloc'd JSON body (or
 * NULL for an empty one). */
unsigned mcp_handle_post(const char *body, size_t len, char **out, size_t *outlen);

/* A JSON-RPC error object with id null, malloc'd, NUL-terminated. */
char    *mcp_error_json(int code, const char *message);
/* A JSON-RPC error object with id null, malloc'd, for HTTP-level refusals. */
char    *mcp_error_body(int code, const char *message, size_t *len);

#endif

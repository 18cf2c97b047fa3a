/*
 * The routing headers of MCP 2026-07-28 requests (basic/transports,
 * "Request Metadata"): MCP-Protocol-Version, Mcp-Method, Mcp-Name and
 * Mcp-Param-*. They mirror the body so that intermediaries can route without
 * parsing it; the gateway parses the body anyway, so it never decides on a
 * header alone: it refuses a request whose headers disagree with its body
 * (400, HeaderMismatch -32020), and then goes by the body.
 *
 * Collection and the agreement check are pure functions of the header pairs
 * and the parsed body (unit-tested in tests/unit/front/test_modern.c).
 */
#ifndef GH_FRONT_MODERN_H
#define GH_FRONT_MODERN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct modern_headers {
	const char *version, *method, *name;        /* borrowed from the request */
	unsigned    nversion, nmethod, nname;
	json_t     *params;         /* {lower-case NAME of Mcp-Param-NAME: value as sent} */
	bool        params_bad;     /* one sent twice, or more than LIMIT_MCP_PARAM_HEADERS */
};

void modern_headers_init(struct modern_headers *h);
/* One header of the request; every other header is ignored. */
void modern_header_add(struct modern_headers *h, const char *key, const char *value);
void modern_headers_free(struct modern_headers *h);
/*
 * Do the headers agree with `msg`, a modern request (mcp_modern_request)? The
 * protocol version header must equal _meta's, Mcp-Method the method, Mcp-Name
 * (decoded) params.name for tools/call and prompts/get and params.uri for
 * resources/read. Each is required once. 0, or -1 with a HeaderMismatch message.
 * Mcp-Param-* are checked by the router, which knows the tool's schema.
 */
int  modern_headers_check(const struct modern_headers *h, const json_t *msg, char *err, size_t errcap);

#endif

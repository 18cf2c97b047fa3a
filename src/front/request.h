/*
 * The request classifier: what the front reads from a request's headers and
 * query, gathered by pure functions that never do I/O, so that every byte an
 * unauthenticated client controls passes through code that is unit-tested and
 * fuzzed on its own (fuzz/fuzz_request.c).
 *
 * libmicrohttpd hands us headers one (key, value) pair at a time; the front
 * feeds each pair to request_header_add() and each query argument to
 * request_query_add(), then judges the result. Values are borrowed: they must
 * outlive the struct (libmicrohttpd keeps them for the request's lifetime).
 */
#ifndef GH_REQUEST_H
#define GH_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "../limits.h"

struct req_headers {
	const char *host, *origin, *authorization, *content_type, *accept, *content_length;
	const char *session_id, *protocol_version, *transfer_encoding;
	unsigned    nhost, norigin, nauthorization, nsession_id, ncontent_length;
	/*
	 * Every X-Forwarded-For header joined with ',' in order of appearance. When
	 * the whole would exceed LIMIT_XFF_BYTES nothing more is joined and
	 * xff_overflow is set: the chain is then unusable and the client is the
	 * socket peer (fail closed, DESIGN.md section 5).
	 */
	char        xff[LIMIT_XFF_BYTES + 1];
	size_t      xff_len;
	unsigned    nxff;
	bool        xff_overflow;
	bool        url_credentials;        /* a token-like query argument */
};

void request_headers_init(struct req_headers *h);
void request_header_add(struct req_headers *h, const char *key, const char *value);
void request_query_add(struct req_headers *h, const char *key, const char *value);

/* Does the request carry a body (a non-zero Content-Length, or any Transfer-Encoding)? */
bool request_has_body(const struct req_headers *h);

/* The joined X-Forwarded-For to hand to addr_resolve, or NULL when absent or unusable. */
const char *request_xff(const struct req_headers *h, size_t *len);

/* Accept: the client takes both JSON and SSE (MCP Streamable HTTP POST). */
bool request_accepts_json_and_sse(const char *accept);
/* Accept for a GET stream: text/event-stream (or a wildcard). */
bool request_accepts_sse(const char *accept);
/* Content-Type is application/json (parameters allowed). */
bool request_content_is_json(const char *content_type);
/* An Mcp-Session-Id we could have issued: 1..cap-1 visible ASCII characters. */
bool request_session_id_wellformed(const char *id, size_t cap);

#endif

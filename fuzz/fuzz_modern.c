/*
 * libFuzzer driver for the routing headers of MCP 2026-07-28 requests
 * (src/front/modern.c) and the pure checks of src/mcp/modern.c. The input is
 * "Key: value" header lines, an empty line, then a JSON body. The headers go
 * through modern_header_add as the front feeds libmicrohttpd's; the body is
 * judged as the front and the router judge it: mcp_modern_request,
 * modern_headers_check, and, when params._schema is present, the Mcp-Param-*
 * headers against it as a tool's inputSchema. Invariants, asserted with
 * __builtin_trap(): error texts are NUL-terminated within their buffer; a
 * decoded header value fits its buffer and is NUL-terminated.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front/modern.h"
#include "limits.h"
#include "mcp/modern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 64

static void
check_err(const char *err, size_t cap)
{
	if (memchr(err, '\0', cap) == NULL)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *lines[MAX_LINES], *body = NULL, *p, *nl;
	struct modern_headers h;
	char err[300], dec[64];
	size_t n = 0, len;
	json_t *msg;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; p && *p && n < MAX_LINES; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		if (*p == '\0') {
			body = nl;
			break;
		}
		lines[n++] = p;
	}
	modern_headers_init(&h);
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(lines[i], ':');
		if (colon == NULL)
			continue;
		*colon = '\0';
		modern_header_add(&h, lines[i], colon[1] == ' ' ? colon + 2 : colon + 1);
		if (mcp_header_value_decode(colon + 1, dec, sizeof(dec), &len) == 0 &&
		    (len >= sizeof(dec) || dec[len] != '\0'))
			__builtin_trap();
	}
	msg = body ? json_loads(body, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (msg != NULL) {
		(void)mcp_modern_request(msg);
		(void)mcp_modern_method_known(json_string_value(json_object_get(msg, "method")));
		err[0] = '\0';
		if (modern_headers_check(&h, msg, err, sizeof(err)) != 0)
			check_err(err, sizeof(err));
		json_t *params = json_object_get(msg, "params");
		json_t *schema = json_object_get(params, "_schema");
		if (schema != NULL) {
			err[0] = '\0';
			if (mcp_modern_check_params(schema, json_object_get(params, "arguments"), h.params,
			    err, sizeof(err)) != 0)
				check_err(err, sizeof(err));
		}
		json_decref(msg);
	}
	modern_headers_free(&h);
	free(text);
	return 0;
}

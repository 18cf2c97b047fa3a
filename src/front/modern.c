/*
 * Routing headers of MCP 2026-07-28 requests against their body: see modern.h.
 */
#include "modern.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../limits.h"
#include "../mcp/modern.h"

void
modern_headers_init(struct modern_headers *h)
{
	memset(h, 0, sizeof(*h));
	h->params = json_object();
}

void
modern_headers_free(struct modern_headers *h)
{
	json_decref(h->params);
	h->params = NULL;
}

void
modern_header_add(struct modern_headers *h, const char *key, const char *value)
{
	char name[LIMIT_TOOL_NAME + 1];
	size_t i;

	if (key == NULL || value == NULL)
		return;
	if (strcasecmp(key, "MCP-Protocol-Version") == 0) {
		h->version = value;
		h->nversion++;
	} else if (strcasecmp(key, "Mcp-Method") == 0) {
		h->method = value;
		h->nmethod++;
	} else if (strcasecmp(key, "Mcp-Name") == 0) {
		h->name = value;
		h->nname++;
	} else if (strncasecmp(key, "Mcp-Param-", 10) == 0) {
		key += 10;
		for (i = 0; key[i] && i < sizeof(name) - 1; i++)
			name[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] - 'A' + 'a' : key[i]);
		name[i] = '\0';
		/* A value that is not UTF-8 is no header value of this revision either. */
		if (key[i] != '\0' || i == 0 || json_object_get(h->params, name) != NULL ||
		    json_object_size(h->params) >= LIMIT_MCP_PARAM_HEADERS ||
		    json_object_set_new(h->params, name, json_string(value)) != 0)
			h->params_bad = true;
	}
}

/* A header that must be sent once and say exactly `want` (`wlen` bytes). */
static int
agree(const char *header, const char *value, unsigned count, bool encoded, const char *want, size_t wlen,
    char *err, size_t errcap)
{
	char dec[LIMIT_MCP_HEADER_VALUE + 1];
	size_t dlen;

	if (count != 1) {
		snprintf(err, errcap, count == 0 ? "Header mismatch: the %s header is required" :
		    "Header mismatch: the %s header is sent more than once", header);
		return -1;
	}
	if (encoded) {
		if (mcp_header_value_decode(value, dec, sizeof(dec), &dlen) != 0) {
			snprintf(err, errcap, "Header mismatch: the %s header has characters a header may not carry, or bad base64", header);
			return -1;
		}
	} else {
		dlen = strlen(value);
		if (dlen >= sizeof(dec))
			dlen = sizeof(dec) - 1;
		memcpy(dec, value, dlen);
		dec[dlen] = '\0';
	}
	if (want == NULL || dlen != wlen || memcmp(dec, want, wlen) != 0) {
		snprintf(err, errcap, "Header mismatch: the %s header does not match the request body", header);
		return -1;
	}
	return 0;
}

int
modern_headers_check(const struct modern_headers *h, const json_t *msg, char *err, size_t errcap)
{
	const json_t *params = json_object_get(msg, "params");
	const json_t *version = json_object_get(json_object_get(params, "_meta"), MCP_META_VERSION);
	const json_t *method = json_object_get(msg, "method");
	const char *m = json_string_value(method);
	const json_t *name = NULL;

	if (agree("MCP-Protocol-Version", h->version, h->nversion, false, json_string_value(version),
	    json_string_length(version), err, errcap) != 0)
		return -1;
	if (agree("Mcp-Method", h->method, h->nmethod, false, m, json_string_length(method), err, errcap) != 0)
		return -1;
	if (m != NULL && (strcmp(m, "tools/call") == 0 || strcmp(m, "prompts/get") == 0))
		name = json_object_get(params, "name");
	else if (m != NULL && strcmp(m, "resources/read") == 0)
		name = json_object_get(params, "uri");
	else
		name = NULL;
	/* A request without a name in its body but with Mcp-Name fails too: nothing to agree with. */
	if ((name != NULL || (m != NULL && (strcmp(m, "tools/call") == 0 || strcmp(m, "prompts/get") == 0 ||
	    strcmp(m, "resources/read") == 0))) &&
	    agree("Mcp-Name", h->name, h->nname, true, json_string_value(name), json_string_length(name), err, errcap) != 0)
		return -1;
	if (h->params_bad) {
		snprintf(err, errcap, "Header mismatch: an Mcp-Param-* header is sent twice, or there are more than %d", LIMIT_MCP_PARAM_HEADERS);
		return -1;
	}
	return 0;
}

/*
 * libFuzzer driver for the MCP endpoint's POST handling: JSON parsing and
 * JSON-RPC classification of an authenticated client's body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mcp/mcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL;
	size_t outlen = 0;
	unsigned status;

	status = mcp_handle_post((const char *)data, size, &out, &outlen);
	switch (status) {
	case 200:
	case 400: {
		/* An answer with a body: it must be one well-formed JSON-RPC object. */
		if (out == NULL || outlen != strlen(out))
			__builtin_trap();
		json_t *v = json_loadb(out, outlen, 0, NULL);
		if (v == NULL || !json_is_object(v) || json_object_get(v, "error") == NULL)
			__builtin_trap();
		json_decref(v);
		break;
	}
	case 202:
		if (out != NULL || outlen != 0)
			__builtin_trap();
		break;
	default:
		__builtin_trap();
	}
	(void)mcp_classify((const char *)data, size);
	free(out);
	return 0;
}

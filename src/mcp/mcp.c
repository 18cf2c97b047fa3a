#include "mcp.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"
#include "../util/util.h"

static enum rpc_kind
classify_json(json_t *msg)
{
	json_t *version, *id, *method;

	if (json_is_array(msg))
		return RPC_BATCH;
	if (!json_is_object(msg))
		return RPC_INVALID;
	version = json_object_get(msg, "jsonrpc");
	if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0)
		return RPC_INVALID;
	id = json_object_get(msg, "id");
	method = json_object_get(msg, "method");
	if (id != NULL && !json_is_string(id) && !json_is_integer(id))
		return RPC_INVALID;
	if (method != NULL) {
		if (!json_is_string(method))
			return RPC_INVALID;
		return id ? RPC_REQUEST : RPC_NOTIFICATION;
	}
	if (id && (json_object_get(msg, "result") != NULL) != (json_object_get(msg, "error") != NULL))
		return RPC_RESPONSE;
	return RPC_INVALID;
}

enum rpc_kind
mcp_classify(const char *buf, size_t len)
{
	json_t *msg = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	enum rpc_kind kind;

	if (msg == NULL)
		return RPC_PARSE_ERROR;
	kind = classify_json(msg);
	json_decref(msg);
	return kind;
}

static char *
dump(json_t *v, size_t *len)
{
	char *s = json_dumps(v, JSON_COMPACT);

	if (s == NULL)
		fatal("out of memory");
	*len = strlen(s);
	return s;
}

char *
mcp_error_body(int code, const char *message, size_t *len)
{
	char clean[1024];
	json_t *v = json_pack("{s:s, s:n, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", "error",
	    "code", code, "message", util_utf8_clean(message, clean, sizeof(clean)));
	char *s = dump(v, len);

	json_decref(v);
	return s;
}

char *
mcp_error_json(int code, const char *message)
{
	size_t len;

	return mcp_error_body(code, message, &len);
}

unsigned
mcp_handle_post(const char *body, size_t len, char **out, size_t *outlen)
{
	json_t *msg = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	json_t *reply;
	char text[256];

	*out = NULL;
	*outlen = 0;
	if (msg == NULL) {
		*out = mcp_error_body(RPC_PARSE_ERROR_CODE, "parse error: the body is not valid JSON", outlen);
		return 400;
	}
	switch (classify_json(msg)) {
	case RPC_REQUEST:
		snprintf(text, sizeof(text), "method not found: %.100s (the MCP router is not available yet)",
		    json_string_value(json_object_get(msg, "method")));
		char clean[256];
		reply = json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0",
		    "id", json_object_get(msg, "id"), "error", "code", RPC_METHOD_NOT_FOUND_CODE,
		    "message", util_utf8_clean(text, clean, sizeof(clean)));
		*out = dump(reply, outlen);
		json_decref(reply);
		json_decref(msg);
		return 200;
	case RPC_NOTIFICATION:
	case RPC_RESPONSE:
		json_decref(msg);
		return 202;
	case RPC_BATCH:
		json_decref(msg);
		*out = mcp_error_body(RPC_INVALID_REQUEST_CODE, "invalid request: JSON-RPC batches are not supported; send one message per POST", outlen);
		return 400;
	default:
		json_decref(msg);
		*out = mcp_error_body(RPC_INVALID_REQUEST_CODE, "invalid request: not a JSON-RPC 2.0 message", outlen);
		return 400;
	}
}

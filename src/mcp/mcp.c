#include "mcp.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"
#include "../util/util.h"

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

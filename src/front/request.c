/*
 * The request classifier (see request.h). Everything here is a pure function of
 * its arguments; the only state is the struct the caller owns.
 */
#include "request.h"

#include <string.h>
#include <strings.h>

#include "../auth/auth.h"

void
request_headers_init(struct req_headers *h)
{
	memset(h, 0, sizeof(*h));
}

/*
 * Join one X-Forwarded-For header onto what came before. Only the right end of
 * the chain matters (what our proxies appended), but a chain too long to hold is
 * not truncated: cutting it would let a client decide where the cut falls. It is
 * marked unusable instead, and the caller treats the peer as the client. Every
 * length is checked before a byte is copied.
 */
static void
xff_join(struct req_headers *h, const char *value)
{
	size_t n = strlen(value);
	size_t sep = h->nxff > 0 ? 1 : 0;

	h->nxff++;
	if (h->xff_overflow)
		return;
	if (n > LIMIT_XFF_BYTES || h->xff_len + sep + n > LIMIT_XFF_BYTES) {
		h->xff_overflow = true;
		h->xff_len = 0;
		h->xff[0] = '\0';
		return;
	}
	if (sep)
		h->xff[h->xff_len++] = ',';
	memcpy(h->xff + h->xff_len, value, n);
	h->xff_len += n;
	h->xff[h->xff_len] = '\0';
}

void
request_header_add(struct req_headers *h, const char *key, const char *value)
{
	if (key == NULL)
		return;
	if (value == NULL)
		value = "";
	if (strcasecmp(key, "Host") == 0) {
		h->host = value;
		h->nhost++;
	} else if (strcasecmp(key, "Origin") == 0) {
		h->origin = value;
		h->norigin++;
	} else if (strcasecmp(key, "Authorization") == 0) {
		h->authorization = value;
		h->nauthorization++;
	} else if (strcasecmp(key, "Content-Type") == 0) {
		h->content_type = value;
	} else if (strcasecmp(key, "Accept") == 0) {
		h->accept = value;
	} else if (strcasecmp(key, "Mcp-Session-Id") == 0) {
		h->session_id = value;
		h->nsession_id++;
	} else if (strcasecmp(key, "MCP-Protocol-Version") == 0) {
		h->protocol_version = value;
	} else if (strcasecmp(key, "Content-Length") == 0) {
		h->content_length = value;
		h->ncontent_length++;
	} else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		h->transfer_encoding = value;
	} else if (strcasecmp(key, "X-Forwarded-For") == 0) {
		xff_join(h, value);
	}
}

/* A credential in the URL ends up in proxy logs and browser history: refuse it. */
void
request_query_add(struct req_headers *h, const char *key, const char *value)
{
	static const char *const names[] = { "access_token", "token", "auth", "authorization",
	    "api_key", "apikey", "key", "bearer" };

	if (key == NULL)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(key, names[i]) == 0)
			h->url_credentials = true;
	if (strstr(key, TOKEN_PREFIX) || (value && strstr(value, TOKEN_PREFIX)))
		h->url_credentials = true;
}

bool
request_has_body(const struct req_headers *h)
{
	if (h->transfer_encoding != NULL)
		return true;
	return h->content_length != NULL && strspn(h->content_length, "0") != strlen(h->content_length);
}

const char *
request_xff(const struct req_headers *h, size_t *len)
{
	*len = 0;
	if (h->nxff == 0 || h->xff_overflow)
		return NULL;
	*len = h->xff_len;
	return h->xff;
}

/* Walk the media ranges of an Accept value; report which kinds it takes. */
static void
accept_scan(const char *accept, bool *json, bool *sse)
{
	const char *p = accept;

	*json = *sse = false;
	if (accept == NULL)
		return;
	while (*p) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		n = strcspn(p, ",;");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if ((n == 16 && strncasecmp(p, "application/json", n) == 0) ||
		    (n == 13 && strncasecmp(p, "application/*", n) == 0))
			*json = true;
		if ((n == 17 && strncasecmp(p, "text/event-stream", n) == 0) ||
		    (n == 6 && strncasecmp(p, "text/*", n) == 0))
			*sse = true;
		if (n == 3 && strncmp(p, "*/*", 3) == 0)
			*json = *sse = true;
		p += strcspn(p, ",");
	}
}

bool
request_accepts_json_and_sse(const char *accept)
{
	bool json, sse;

	accept_scan(accept, &json, &sse);
	return json && sse;
}

bool
request_accepts_sse(const char *accept)
{
	bool json, sse;

	accept_scan(accept, &json, &sse);
	return sse;
}

bool
request_content_is_json(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return false;
	n = strcspn(ct, "; \t");
	return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

bool
request_session_id_wellformed(const char *id, size_t cap)
{
	size_t n = strlen(id);

	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] < 0x21 || id[i] > 0x7e)
			return false;
	return true;
}

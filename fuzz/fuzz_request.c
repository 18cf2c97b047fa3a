/*
 * libFuzzer driver for the request classifier (src/front/request.c), fed raw
 * header sets: the input is split on '\n' into "Key: value" lines (a line
 * starting with '?' is a query argument "key=value"), each handed to the same
 * request_header_add / request_query_add the front calls for libmicrohttpd's
 * headers. Any number of X-Forwarded-For, Host, Origin and Authorization
 * headers of any length. Then every judgement the front makes is run on the
 * result. Invariants, asserted with __builtin_trap():
 *   - the joined X-Forwarded-For never exceeds LIMIT_XFF_BYTES and is
 *     NUL-terminated; canaries around the struct are intact (ASan watches too);
 *   - when the chain was too long (overflow), the client is the peer;
 *   - an untrusted peer is always the client.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/addr.h"
#include "net/hostcheck.h"
#include "front/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 256

struct guarded {
	uint64_t           before[4];
	struct req_headers h;
	uint64_t           after[4];
};

static void
judge(const struct req_headers *h, bool trusted_peer)
{
	static char *const hosts[] = { "gw.example.com" };
	static char *const origins[] = { "https://app.example.com" };
	struct cidr trusted;
	struct addr peer, client;
	const char *xff;
	size_t len;

	cidr_parse("127.0.0.0/8", 11, &trusted);
	addr_parse(trusted_peer ? "127.0.0.1" : "203.0.113.7", trusted_peer ? 9 : 11, &peer);
	xff = request_xff(h, &len);
	if (h->xff_len > LIMIT_XFF_BYTES || h->xff[h->xff_len] != '\0')
		__builtin_trap();
	if (xff != NULL && len != h->xff_len)
		__builtin_trap();
	addr_resolve(&peer, xff, len, &trusted, 1, &client);
	if ((h->xff_overflow || !trusted_peer) && !addr_equal(&client, &peer))
		__builtin_trap();
	if (h->host)
		(void)hostcheck_host(h->host, hosts, 1);
	if (h->origin)
		(void)hostcheck_origin(h->origin, origins, 1, trusted_peer);
	(void)request_accepts_json_and_sse(h->accept);
	(void)request_accepts_sse(h->accept);
	(void)request_content_is_json(h->content_type);
	if (h->session_id)
		(void)request_session_id_wellformed(h->session_id, 80);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *keys[MAX_LINES], *values[MAX_LINES];
	size_t n = 0, start = 0;
	struct guarded g;

	memcpy(buf, data, size);
	buf[size] = '\0';
	/* Lines, then "key: value" (or "?key=value"); libmicrohttpd gives C strings. */
	while (start <= size && n < MAX_LINES) {
		char *line = buf + start, *nl = memchr(line, '\n', size - start);
		size_t end = nl ? (size_t)(nl - buf) : size;
		buf[end] = '\0';
		char *sep = strpbrk(line, line[0] == '?' ? "=" : ":");
		keys[n] = line;
		values[n] = NULL;
		if (sep) {
			*sep = '\0';
			values[n] = sep + 1;
			while (*values[n] == ' ')
				values[n]++;
		}
		n++;
		start = end + 1;
	}
	for (size_t i = 0; i < 4; i++) {
		g.before[i] = 0x1111111111111111ULL;
		g.after[i] = 0x2222222222222222ULL;
	}
	request_headers_init(&g.h);
	for (size_t i = 0; i < n; i++) {
		if (keys[i][0] == '?')
			request_query_add(&g.h, keys[i] + 1, values[i]);
		else
			request_header_add(&g.h, keys[i], values[i]);
	}
	for (size_t i = 0; i < 4; i++)
		if (g.before[i] != 0x1111111111111111ULL || g.after[i] != 0x2222222222222222ULL)
			__builtin_trap();
	judge(&g.h, true);
	judge(&g.h, false);
	free(buf);
	return 0;
}

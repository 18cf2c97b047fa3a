/*
 * libFuzzer harness for JSON-RPC message handling: each input is split on
 * newlines into client messages for one session of a router with no downstream
 * server (initialize, lists, calls, notifications, responses, junk). Answers are
 * captured and checked to be JSON-RPC objects; nothing may crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <uv.h>

#include "config/config.h"
#include "mcp/router.h"
#include "util/log.h"

struct capture {
	struct mcp_stream base;
	unsigned          msgs;
};

static void
cap_send(struct mcp_stream *s, json_t *m)
{
	/* Every answer is a JSON-RPC 2.0 object with a result or an error. */
	if (!json_is_object(m) || json_object_get(m, "jsonrpc") == NULL)
		__builtin_trap();
	((struct capture *)s)->msgs++;
}

static void cap_end(struct mcp_stream *s) { (void)s; }
static void cap_release(struct mcp_stream *s) { (void)s; }
static const struct mcp_stream_ops cap_ops = { cap_send, cap_end, cap_release, NULL };

static void done(void *arg) { *(int *)arg = 1; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t token[32] = { 1 };
	struct config_env env = { .home = "/home/u", .base_dir = "/etc/gh", .file_label = "f.json" };
	struct config cfg;
	uv_loop_t loop;
	struct router *r;
	struct session *s;
	unsigned status;
	const char *why;
	int finished = 0;
	size_t start = 0;

	if (sodium_init() < 0)
		return 0;
	log_set_level(LOG_ERROR);
	uv_loop_init(&loop);
	config_defaults(&cfg, &env);
	struct router_env renv = { .loop = &loop, .cfg = &cfg, .config_dir = "/etc/gh", .store = NULL };
	r = router_new(&renv);
	s = router_session_new(r, token, "fuzz", NULL, &status, &why);
	while (s && start < size) {
		const uint8_t *nl = memchr(data + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - data) : size;
		json_t *msg = json_loadb((const char *)data + start, end - start,
		    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
		if (msg) {
			struct capture cap = { .msgs = 0 };
			mcp_stream_init(&cap.base, &cap_ops);
			router_client_message(s, msg, &cap.base);
			json_decref(msg);
			if (cap.msgs > 1)
				__builtin_trap();       /* one answer per request, at most */
		}
		start = end + 1;
	}
	router_shutdown(r, done, &finished);
	router_free(r);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	config_free(&cfg);
	return 0;
}

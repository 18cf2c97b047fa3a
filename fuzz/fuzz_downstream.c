/*
 * libFuzzer harness for what servers send back: a router with three scripted
 * downstream servers (tests/support/scripted_transport.h) - "a" per session,
 * "b" per session with the same tool names under another prefix, "c" shared -
 * and up to four client sessions of two tokens. The input is a script, one
 * step per line; the first byte is the operation, the second picks a session
 * or a server, the rest is JSON where one is needed:
 *
 *   c N JSON   a client message on session N (requests get a capture stream)
 *   s N JSON   server N writes a message (answers, requests, notifications)
 *   a N K      server N answers its K-th waiting request with {} (out of order)
 *   e N K      ... with an error
 *   g N K      ... with garbage (a result that is not an object, a bad id)
 *   d N        server N dies (on_lost at the next pump)
 *   f N        server N stalls: its sends fail (a full pipe), or resumes
 *   p N        server N floods: 200 progress and log notifications
 *   r N K      server N asks the client K sampling requests
 *   l N        server N says its tools changed
 *   i N        a new session (initialize) for token N % 2
 *   x N        session N ends (DELETE)
 *   t          the loop runs its due timers
 *
 * Invariants (__builtin_trap): nothing is sent on a stream after it ended; every
 * message to a client is a JSON-RPC 2.0 object; no request is answered twice;
 * ASan and LeakSanitizer watch memory, including after the router shut down.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>
#include <uv.h>

#include "config/config.h"
#include "mcp/router.h"
#include "util/log.h"
#include "../tests/support/scripted_transport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SESSIONS 4
#define MAX_STEPS    400

static const char config_json[] =
    "{\"mcpServers\": {"
    "\"a\": {\"command\": \"/bin/true\"},"
    "\"b\": {\"command\": \"/bin/true\"},"
    "\"c\": {\"command\": \"/bin/true\", \"shared\": true}},"
    "\"limits\": {\"callTimeoutMs\": 100}}";

struct capture {
	struct mcp_stream base;
	unsigned          finals;       /* responses (result or error) sent */
};

static void
cap_send(struct mcp_stream *s, json_t *m)
{
	struct capture *c = (struct capture *)s;

	if (s->ended || !json_is_object(m) || !json_is_string(json_object_get(m, "jsonrpc")))
		__builtin_trap();
	if (json_object_get(m, "method") == NULL && ++c->finals > 1)
		__builtin_trap();               /* one answer per request */
}

static void cap_end(struct mcp_stream *s) { (void)s; }
static void cap_release(struct mcp_stream *s) { free(s); }
static const struct mcp_stream_ops cap_ops = { cap_send, cap_end, cap_release, NULL };

static void done(void *arg) { *(int *)arg = 1; }

static void
client_message(struct session *s, const char *text, size_t len)
{
	json_t *msg = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	struct capture *cap;

	if (msg == NULL)
		return;
	cap = calloc(1, sizeof(*cap));
	mcp_stream_init(&cap->base, &cap_ops);
	router_client_message(s, msg, json_object_get(msg, "id") ? &cap->base : NULL);
	mcp_stream_unref(&cap->base);
	json_decref(msg);
}

static struct session *
new_session(struct router *r, int token)
{
	static const char init[] = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
	    "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"sampling\":{},\"roots\":{}},"
	    "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}";
	uint8_t hash[32];
	unsigned status;
	const char *why;
	struct session *s;

	memset(hash, token + 1, sizeof(hash));
	s = router_session_new(r, hash, token ? "t1" : "t0", token ? "[\"a__*\"]" : NULL, &status, &why);
	if (s != NULL)
		client_message(s, init, sizeof(init) - 1);
	return s;
}

static void
answer(struct scripted *srv, size_t k, char how)
{
	json_t *req = scripted_take_request(srv, k), *id;

	if (req == NULL)
		return;
	id = json_object_get(req, "id");
	if (how == 'a')
		scripted_respond(srv, id, json_object(), NULL);
	else if (how == 'e')
		scripted_respond(srv, id, NULL, json_pack("{s:i, s:s}", "code", -32603, "message", "boom"));
	else {
		json_t *bad = json_pack("{s:s, s:O, s:i}", "jsonrpc", "2.0", "id", id, "result", 7);
		scripted_emit(srv, bad);
		json_decref(bad);
		bad = json_pack("{s:s, s:s, s:{}}", "jsonrpc", "2.0", "id", "nope", "result");
		scripted_emit(srv, bad);
		json_decref(bad);
	}
	json_decref(req);
}

static void
flood(struct scripted *srv)
{
	for (int i = 0; i < 200; i++) {
		char tok[32];
		snprintf(tok, sizeof(tok), "ghp-%d", i % 20);
		json_t *m = i % 2 ? json_pack("{s:s, s:s, s:{s:s, s:i}}", "jsonrpc", "2.0",
		    "method", "notifications/progress", "params", "progressToken", tok, "progress", i)
		    : json_pack("{s:s, s:s, s:{s:s, s:s}}", "jsonrpc", "2.0",
		    "method", "notifications/message", "params", "level", "info", "data", "x");
		scripted_emit(srv, m);
		json_decref(m);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_env env = { .home = "/home/u", .base_dir = "/etc/gh", .file_label = "f.json" };
	struct config_diag diag = { 0 };
	struct config cfg;
	struct session *sessions[MAX_SESSIONS] = { 0 };
	uv_loop_t loop;
	struct router *r;
	size_t start = 0, steps = 0;
	int finished = 0;

	if (sodium_init() < 0)
		return 0;
	log_set_level(LOG_ERROR + 1);
	if (config_parse(config_json, sizeof(config_json) - 1, &env, &cfg, &diag) != 0)
		__builtin_trap();
	config_diag_free(&diag);
	scripted_world.tools = json_pack("[{s:s, s:{s:s}}, {s:s, s:{s:s}}]",
	    "name", "echo", "inputSchema", "type", "object", "name", "add", "inputSchema", "type", "object");
	scripted_world.prompts = json_pack("[{s:s}]", "name", "greet");
	uv_loop_init(&loop);
	struct router_env renv = { .loop = &loop, .cfg = &cfg, .config_dir = "/etc/gh", .store = NULL,
	    .open_transport = scripted_open };
	r = router_new(&renv);
	sessions[0] = new_session(r, 0);
	scripted_pump();

	while (start < size && steps++ < MAX_STEPS) {
		const char *line = (const char *)data + start;
		const char *nl = memchr(line, '\n', size - start);
		size_t len = nl ? (size_t)(nl - line) : size - start;
		char op = len > 0 ? line[0] : ' ';
		int n = len > 1 ? (unsigned char)line[1] % 8 : 0;
		size_t k = len > 2 ? (unsigned char)line[2] % 8 : 0;
		struct session *s = sessions[n % MAX_SESSIONS];
		struct scripted *srv = scripted_get(n);

		start += len + 1;
		switch (op) {
		case 'c':
			if (s && len > 2)
				client_message(s, line + 2, len - 2);
			break;
		case 's':
			if (srv && len > 2) {
				json_t *m = json_loadb(line + 2, len - 2, 0, NULL);
				if (json_is_object(m))
					scripted_emit(srv, m);
				json_decref(m);
			}
			break;
		case 'a': case 'e': case 'g':
			answer(srv, k, op);
			break;
		case 'd':
			scripted_lose(srv);
			break;
		case 'f':
			if (srv)
				srv->fail_sends = !srv->fail_sends;
			break;
		case 'p':
			flood(srv);
			break;
		case 'r':
			for (size_t i = 0; srv && i <= k * 8; i++) {
				json_t *m = json_pack("{s:s, s:I, s:s, s:{s:[], s:i}}", "jsonrpc", "2.0",
				    "id", (json_int_t)(1000 + i), "method", "sampling/createMessage",
				    "params", "messages", "maxTokens", 10);
				scripted_emit(srv, m);
				json_decref(m);
			}
			break;
		case 'l':
			if (srv) {
				json_t *m = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/tools/list_changed");
				scripted_emit(srv, m);
				json_decref(m);
			}
			break;
		case 'i':
			if (sessions[n % MAX_SESSIONS] == NULL)
				sessions[n % MAX_SESSIONS] = new_session(r, n % 2);
			break;
		case 'x':
			if (s) {
				router_session_end(s, "fuzz");
				sessions[n % MAX_SESSIONS] = NULL;
			}
			break;
		case 't':
			uv_run(&loop, UV_RUN_NOWAIT);
			break;
		default:
			break;
		}
		scripted_pump();
	}

	router_shutdown(r, done, &finished);
	for (int i = 0; i < 1000 && !finished; i++) {
		scripted_pump();
		uv_run(&loop, UV_RUN_NOWAIT);
	}
	router_free(r);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	scripted_reset();
	config_free(&cfg);
	if (!finished)
		__builtin_trap();               /* shutdown must complete */
	return 0;
}

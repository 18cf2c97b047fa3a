/*
 * `gatehouse stdio`: the gateway for one MCP client that launches it as a
 * command. stdin and stdout carry newline-delimited JSON-RPC; there is no network
 * listener and no token (the client is whoever started us, with our uid). Every
 * downstream server, the clean environments and the records are the same as for
 * `serve`. Logs go to stderr.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "../config/config.h"
#include "../mcp/router.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/log.h"
#include "../util/util.h"
#include "cli.h"
#include "core.h"
#include "../version.h"

struct stdio_gw {
	struct core      core;              /* config, store, loop, router (core.h) */
	struct session  *session;
	uv_pipe_t        in, out;
	uv_signal_t      sigterm, sigint;
	uv_timer_t       flush;
	struct lines     lines;             /* stdin, one message a line */
	size_t           out_pending;
	bool             stopping;
};

/* Every stream of this client is stdout. */
struct stdio_stream {
	struct mcp_stream base;
	struct stdio_gw  *gw;
};

struct out_req {
	uv_write_t req;
	size_t     len;
	char       data[];
};

static void stop(struct stdio_gw *g);

static void
on_written(uv_write_t *req, int status)
{
	struct out_req *w = (struct out_req *)req;
	struct stdio_gw *g = req->data;

	g->out_pending -= w->len;
	free(w);
	if (status < 0)
		stop(g);        /* the client closed its end */
}

static void
write_msg(struct stdio_gw *g, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	struct out_req *w;
	uv_buf_t buf;
	size_t n;

	if (text == NULL || g->stopping) {
		free(text);
		return;
	}
	n = strlen(text);
	if (g->out_pending + n > LIMIT_SSE_QUEUE) {
		log_warn("the stdio client does not read its stdout; dropping a message");
		free(text);
		return;
	}
	w = xmalloc(sizeof(*w) + n + 1);
	memcpy(w->data, text, n);
	w->data[n] = '\n';
	w->len = n + 1;
	w->req.data = g;
	free(text);
	buf = uv_buf_init(w->data, (unsigned)w->len);
	if (uv_write(&w->req, (uv_stream_t *)&g->out, &buf, 1, on_written) != 0) {
		free(w);
		stop(g);
		return;
	}
	g->out_pending += w->len;
}

static void
ss_send(struct mcp_stream *s, json_t *msg)
{
	write_msg(((struct stdio_stream *)s)->gw, msg);
}

static void
ss_end(struct mcp_stream *s)
{
	(void)s;
}

static void
ss_release(struct mcp_stream *s)
{
	free(s);
}

static const struct mcp_stream_ops stdio_stream_ops = { ss_send, ss_end, ss_release, NULL };

static struct mcp_stream *
stream_new(struct stdio_gw *g)
{
	struct stdio_stream *s = xcalloc(1, sizeof(*s));

	mcp_stream_init(&s->base, &stdio_stream_ops);
	s->gw = g;
	return &s->base;
}

static void
reply_error(struct stdio_gw *g, int code, const char *message)
{
	json_t *msg = mcp_error_response(NULL, code, message);

	write_msg(g, msg);
	json_decref(msg);
}

static void
handle_line(struct stdio_gw *g, const char *line, size_t len)
{
	json_t *msg;
	struct mcp_stream *stream;

	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len == 0 || g->stopping)
		return;
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (msg == NULL) {
		reply_error(g, MCP_ERR_PARSE, "parse error: the line is not valid JSON");
		return;
	}
	if (json_is_array(msg)) {
		json_decref(msg);
		reply_error(g, MCP_ERR_INVALID_REQUEST, "JSON-RPC batches are not supported; send one message per line");
		return;
	}
	stream = stream_new(g);
	if (router_client_message(g->session, msg, stream) != 0)
		reply_error(g, MCP_ERR_INVALID_REQUEST, "invalid request: not a JSON-RPC 2.0 message");
	mcp_stream_unref(stream);
	json_decref(msg);
}

static int
on_line(void *arg, const char *line, size_t len)
{
	handle_line(arg, line, len);
	return 0;
}

static void
on_too_long(void *arg)
{
	reply_error(arg, MCP_ERR_INVALID_REQUEST, "message too long (see \"limits.maxBodyBytes\")");
}

/* Split stdin into lines; a line longer than the cap is answered with an error and skipped. */
static void
on_stdin(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct stdio_gw *g = s->data;

	if (n > 0)
		lines_feed(&g->lines, buf->base, (size_t)n, on_line, on_too_long, g);
	free(buf->base);
	if (n < 0) {
		/* A last message without its newline still counts. */
		if (buf_size(&g->lines.buf) > 0 && !g->lines.skipping)
			handle_line(g, buf_bytes(&g->lines.buf), buf_size(&g->lines.buf));
		stop(g);
	}
}

static void
on_flush(uv_timer_t *t)
{
	struct stdio_gw *g = t->data;

	core_poll(&g->core);
	store_record_flush(g->core.store);
}

static void
on_router_stopped(void *arg)
{
	struct stdio_gw *g = arg;

	router_free(g->core.router);
	g->core.router = NULL;
	uv_close((uv_handle_t *)&g->flush, NULL);
	uv_close((uv_handle_t *)&g->out, NULL);
}

static void
stop(struct stdio_gw *g)
{
	if (g->stopping)
		return;
	g->stopping = true;
	uv_read_stop((uv_stream_t *)&g->in);
	uv_close((uv_handle_t *)&g->in, NULL);
	uv_close((uv_handle_t *)&g->sigterm, NULL);
	uv_close((uv_handle_t *)&g->sigint, NULL);
	router_shutdown(g->core.router, on_router_stopped, g);
}

static void
on_signal(uv_signal_t *s, int signum)
{
	(void)signum;
	stop(s->data);
}

int
cmd_stdio(struct cli_ctx *ctx)
{
	static const uint8_t no_token[TOKEN_HASH_BYTES];
	struct stdio_gw *g;
	unsigned status;
	const char *why;
	struct mcp_stream *out;

	if (ctx->argc > 0) {
		cli_error("stdio takes no arguments (got \"%s\"); see `gatehouse stdio --help`", ctx->argv[0]);
		return EXIT_USAGE;
	}
	g = xcalloc(1, sizeof(*g));
	lines_init(&g->lines, LIMIT_STDIO_LINE, LINES_SKIP);
	/* No listener here: "listen" and its rules (TLS beyond loopback) are for `serve`. */
	ctx->load_flags |= CONFIG_LOAD_NO_LISTEN;
	if (core_open(&g->core, ctx) != 0) {
		free(g);
		return 1;
	}
	g->session = router_session_new(g->core.router, no_token, "stdio", NULL, &status, &why);
	/* The loop can only watch pipes and sockets (what MCP clients give us). */
	uv_handle_type tin = uv_guess_handle(STDIN_FILENO), tout = uv_guess_handle(STDOUT_FILENO);
	if ((tin != UV_NAMED_PIPE && tin != UV_TCP) || (tout != UV_NAMED_PIPE && tout != UV_TCP)) {
		cli_error("`gatehouse stdio` needs stdin and stdout to be pipes or sockets; run it from an MCP client (or pipe into it)");
		core_abort(&g->core);
		free(g);
		return 1;
	}
	uv_pipe_init(&g->core.loop, &g->in, 0);
	uv_pipe_init(&g->core.loop, &g->out, 0);
	if (uv_pipe_open(&g->in, STDIN_FILENO) != 0 || uv_pipe_open(&g->out, STDOUT_FILENO) != 0) {
		cli_error("cannot use stdin and stdout as pipes; run `gatehouse stdio` from an MCP client");
		return 1;
	}
	g->in.data = g->out.data = g;
	out = stream_new(g);
	router_session_attach(g->session, out);
	mcp_stream_unref(out);
	uv_signal_init(&g->core.loop, &g->sigterm);
	uv_signal_init(&g->core.loop, &g->sigint);
	g->sigterm.data = g->sigint.data = g;
	uv_signal_start(&g->sigterm, on_signal, SIGTERM);
	uv_signal_start(&g->sigint, on_signal, SIGINT);
	uv_timer_init(&g->core.loop, &g->flush);
	g->flush.data = g;
	uv_timer_start(&g->flush, on_flush, 250, 250);
	uv_read_start((uv_stream_t *)&g->in, buf_uv_alloc, on_stdin);
	log_info("gatehouse stdio ready");

	uv_run(&g->core.loop, UV_RUN_DEFAULT);
	core_close(&g->core);
	lines_free(&g->lines);
	free(g);
	return 0;
}

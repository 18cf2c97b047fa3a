/*
 * The exec tool server (src/exec/exec.h): JSON-RPC in through send(), answers
 * out through the owner's callbacks from the loop (never from inside send()),
 * and one sandboxed process per tools/call.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec.h"
#include "rules.h"
#include "sandbox.h"
#include "sandbox_events.h"
#include "../util/log.h"
#include "../util/buf.h"
#include "../util/util.h"
#include "../version.h"

struct exec_server;

/* One tools/call being run. */
struct exec_run {
	struct exec_server        *s;
	struct exec_run           *next;
	const struct exec_command *cmd;
	json_t                    *id;          /* the request's id */
	uv_process_t               proc;
	uv_pipe_t                  pipe[3];     /* stdout, stderr, the sandbox's events */
	uv_timer_t                 timer;       /* the timeout, then the drain after the exit */
	unsigned                   handles;
	pid_t                      pid;
	bool                       exited, timed_out, cancelled, finished, pipe_done[3];
	struct lines               event_lines;
	int64_t                    status;
	int                        sig;
	int64_t                    started_ms;
	char                      *out[2];      /* kept output, at most max_output_bytes each */
	size_t                     kept[2], seen[2];
};

struct exec_server {
	struct transport           t;           /* first: the transport is the server */
	uv_loop_t                 *loop;
	const struct server_config *srv;        /* borrowed: a reload keeps servers until the end */
	struct exec_rules         *rules;       /* one per command */
	char                     **homes;       /* one per command: its private HOME and TMPDIR */
	struct sandbox_user        user;        /* a root gateway's sandbox user (sandbox_user()) */
	char                       state_dir[LIMIT_PATH], config_dir[LIMIT_PATH], sandbox_exe[LIMIT_PATH];
	struct sandbox_features    features;
	uv_timer_t                 deliver;     /* hands queued messages to the owner */
	json_t                    *queue;       /* messages waiting for the deliver timer */
	struct exec_run           *runs;
	size_t                     nruns;
	bool                       closing, timer_closed;
};

static int  exec_send(struct transport *t, const char *json, size_t len);
static void exec_close(struct transport *t);

static const struct transport_ops exec_ops = { exec_send, exec_close };

/* Runs at once over every instance (one event loop: no lock). */
static size_t runs_everywhere;

/* ---- output as text ------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s (not NUL), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return c != 0 ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (c == 0xE0 && s[1] < 0xA0) ||
		    (c == 0xED && s[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80 ||
		    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

char *
exec_utf8_text(const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	char *out = xmalloc(len * 3 + 1);
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		size_t k = utf8_seq(s + i, len - i);
		if (k == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
		}
	}
	out[o] = '\0';
	return out;
}

/* ---- answers to the owner ------------------------------------------------- */

static void
on_deliver(uv_timer_t *t)
{
	struct exec_server *s = t->data;
	json_t *q = s->queue, *msg;
	size_t i;

	s->queue = json_array();
	json_array_foreach(q, i, msg) {
		if (s->closing)
			break;
		s->t.cb->on_message(s->t.owner, msg);
	}
	json_decref(q);
}

/* Queue one message (stolen) for the owner, delivered on the next loop turn. */
static void
post(struct exec_server *s, json_t *msg)
{
	if (s->closing) {
		json_decref(msg);
		return;
	}
	json_array_append_new(s->queue, msg);
	uv_timer_start(&s->deliver, on_deliver, 0, 0);
}

static void
answer(struct exec_server *s, json_t *id, json_t *result)
{
	post(s, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result));
}

static void
answer_error(struct exec_server *s, json_t *id, int code, const char *message)
{
	post(s, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id, "error", "code", code,
	    "message", message));
}

/* A refused call: an error result the model can read and correct, and a log line. */
static void
refuse(struct exec_server *s, json_t *id, const char *tool, const char *why)
{
	struct logline l;
	char *text = xprintf("refused, nothing was run: %s", why);

	if (log_client_begin(&l, LOG_WARN, "exec call refused")) {
		log_str(&l, "server", s->srv->key);
		log_str(&l, "tool", tool);
		log_str(&l, "reason", why);
		log_end(&l);
	}
	answer(s, id, json_pack("{s:[{s:s, s:s}], s:b}", "content", "type", "text", "text", text, "isError", 1));
	free(text);
}

/* ---- runs ----------------------------------------------------------------- */

static void maybe_finish(struct exec_run *run);

static void
kill_group(struct exec_run *run)
{
	if (run->pid > 0)
		(void)kill(-run->pid, SIGKILL);
}

static void
free_server(struct exec_server *s)
{
	for (size_t i = 0; i < s->srv->nexec; i++) {
		exec_rules_free(&s->rules[i]);
		free(s->homes[i]);
	}
	free(s->rules);
	free(s->homes);
	free(s);
}

/* After close(): once the last run and the timer are gone, the owner hears it and the server goes. */
static void
maybe_closed(struct exec_server *s)
{
	if (!s->closing || s->nruns > 0 || !s->timer_closed)
		return;
	json_decref(s->queue);
	s->t.cb->on_closed(s->t.owner);
	free_server(s);
}

static void
free_run(struct exec_run *run)
{
	struct exec_server *s = run->s;
	struct exec_run **pp;

	for (pp = &s->runs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == run) {
			*pp = run->next;
			break;
		}
	s->nruns--;
	runs_everywhere--;
	lines_free(&run->event_lines);
	json_decref(run->id);
	free(run->out[0]);
	free(run->out[1]);
	free(run);
	maybe_closed(s);
}

static void
on_run_handle_closed(uv_handle_t *h)
{
	struct exec_run *run = h->data;

	if (--run->handles == 0)
		free_run(run);
}

static void
close_run(struct exec_run *run)
{
	uv_handle_t *hs[] = { (uv_handle_t *)&run->pipe[0], (uv_handle_t *)&run->pipe[1],
	    (uv_handle_t *)&run->pipe[2], (uv_handle_t *)&run->timer, (uv_handle_t *)&run->proc };

	for (size_t i = 0; i < sizeof(hs) / sizeof(hs[0]); i++)
		if (!uv_is_closing(hs[i]))
			uv_close(hs[i], on_run_handle_closed);
}

static int
on_event_line(void *arg, const char *line, size_t len)
{
	sandbox_event_log("command", ((struct exec_run *)arg)->cmd->name, line, len);
	return 0;
}

static void
on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	struct exec_run *run = st->data;
	int k = st == (uv_stream_t *)&run->pipe[0] ? 0 : st == (uv_stream_t *)&run->pipe[1] ? 1 : 2;
	size_t cap = (size_t)run->cmd->max_output_bytes;

	if (n > 0 && k == 2) {
		(void)lines_feed(&run->event_lines, buf->base, (size_t)n, on_event_line, NULL, run);
	} else if (n > 0) {
		size_t take = run->kept[k] < cap ? cap - run->kept[k] : 0;
		if (take > (size_t)n)
			take = (size_t)n;
		if (take > 0) {
			if (run->out[k] == NULL)
				run->out[k] = xmalloc(cap);
			memcpy(run->out[k] + run->kept[k], buf->base, take);
			run->kept[k] += take;
		}
		/* Past the cap the bytes are counted and dropped: the command is not blocked, the result says so. */
		run->seen[k] += (size_t)n;
	} else if (n < 0) {
		uv_read_stop(st);
		run->pipe_done[k] = true;
		maybe_finish(run);
	}
	free(buf->base);
}

static const char *
signal_name(int sig)
{
	static char num[16];
	const char *name = sigabbrev_np(sig);

	if (name != NULL)
		return name;
	snprintf(num, sizeof(num), "%d", sig);
	return num;
}

/* The result of a finished run: the output as text, and the same with the status as structured content. */
static json_t *
run_result(struct exec_run *run, int64_t ms)
{
	char *text[2], status[256];
	bool truncated = run->seen[0] > run->kept[0] || run->seen[1] > run->kept[1];
	json_t *content = json_array(), *structured;
	int n;

	for (int k = 0; k < 2; k++)
		text[k] = exec_utf8_text(run->out[k] ? run->out[k] : "", run->kept[k]);
	if (run->timed_out)
		n = snprintf(status, sizeof(status), "[timed out after %lld ms: killed with every process it started]",
		    (long long)run->cmd->timeout_ms);
	else if (run->sig)
		n = snprintf(status, sizeof(status), "[killed by signal SIG%s]", signal_name(run->sig));
	else
		n = snprintf(status, sizeof(status), "[exit status %lld]", (long long)run->status);
	if (truncated && n > 0 && (size_t)n < sizeof(status))
		snprintf(status + n, sizeof(status) - (size_t)n, " [output cut: stdout %zu of %zu bytes, stderr %zu of %zu "
		    "bytes shown (maxOutputBytes %lld)]", run->kept[0], run->seen[0], run->kept[1], run->seen[1],
		    (long long)run->cmd->max_output_bytes);
	if (run->kept[0] > 0)
		json_array_append_new(content, json_pack("{s:s, s:s}", "type", "text", "text", text[0]));
	if (run->kept[1] > 0) {
		char *e = xprintf("[stderr]\n%s", text[1]);
		json_array_append_new(content, json_pack("{s:s, s:s}", "type", "text", "text", e));
		free(e);
	}
	json_array_append_new(content, json_pack("{s:s, s:s}", "type", "text", "text", status));
	structured = json_pack("{s:o, s:o, s:b, s:s, s:s, s:I, s:I, s:b, s:I}",
	    "exitCode", !run->timed_out && !run->sig ? json_integer(run->status) : json_null(),
	    "signal", run->sig && !run->timed_out ? json_string(signal_name(run->sig)) : json_null(),
	    "timedOut", run->timed_out, "stdout", text[0], "stderr", text[1],
	    "stdoutBytes", (json_int_t)run->seen[0], "stderrBytes", (json_int_t)run->seen[1],
	    "truncated", truncated, "durationMs", (json_int_t)ms);
	free(text[0]);
	free(text[1]);
	return json_pack("{s:o, s:o, s:b}", "content", content, "structuredContent", structured,
	    "isError", run->timed_out || run->sig || run->status != 0);
}

static void
maybe_finish(struct exec_run *run)
{
	struct exec_server *s = run->s;
	int64_t ms = util_now_ms() - run->started_ms;
	struct logline l;

	if (run->finished || !run->exited || !run->pipe_done[0] || !run->pipe_done[1] || !run->pipe_done[2])
		return;
	run->finished = true;
	log_begin(&l, run->timed_out ? LOG_WARN : LOG_INFO, run->timed_out ? "exec command timed out; killed" :
	    "exec command finished");
	log_str(&l, "server", s->srv->key);
	log_str(&l, "tool", run->cmd->name);
	log_int(&l, "pid", run->pid);
	if (run->sig && !run->timed_out)
		log_str(&l, "signal", signal_name(run->sig));
	else if (!run->timed_out)
		log_int(&l, "status", run->status);
	log_int(&l, "ms", ms);
	log_int(&l, "stdout_bytes", (long long)run->seen[0]);
	log_int(&l, "stderr_bytes", (long long)run->seen[1]);
	log_end(&l);
	if (!run->cancelled)
		answer(s, run->id, run_result(run, ms));
	close_run(run);
}

static void
on_timer(uv_timer_t *t)
{
	struct exec_run *run = t->data;

	if (!run->exited) {
		run->timed_out = true;
		kill_group(run);
		return;
	}
	/* The drain is over: a process that escaped the group still holds a pipe. */
	for (int k = 0; k < 2; k++)
		if (!run->pipe_done[k]) {
			uv_read_stop((uv_stream_t *)&run->pipe[k]);
			run->pipe_done[k] = true;
		}
	maybe_finish(run);
}

static void
on_exit_cb(uv_process_t *p, int64_t status, int sig)
{
	struct exec_run *run = p->data;

	run->exited = true;
	run->status = status;
	run->sig = sig;
	/* The trampoline re-raises the program's signal: a timeout shows as SIGKILL, said as a timeout. */
	kill_group(run);
	uv_timer_stop(&run->timer);
	uv_timer_start(&run->timer, on_timer, EXEC_DRAIN_MS, 0);
	maybe_finish(run);
}


/*
 * The trampoline's argv for one run: the command's own sandbox. Only the
 * configured (fixed) arguments may widen it as a server's arguments do; what
 * the model gave never names a path the sandbox opens. The working directory
 * is readable (writable when declared in "write").
 */
static char **
sandboxed(struct exec_server *s, const struct exec_command *cmd, char **argv, const char *home, const char *cwd,
    char *err, size_t errcap)
{
	const struct server_config *sb = cmd->sandbox;
	struct sandbox_inputs in = { 0 };
	struct sandbox_policy *p = xcalloc(1, sizeof(*p));
	char *fixed[LIMIT_EXEC_PARAMS + 1];
	char *reads[LIMIT_CONFIG_LIST_ITEMS + 1];
	size_t nfixed = 0, nreads = 0;
	char why[LIMIT_PATH + 256];
	char **out;

	for (size_t i = 0; i < cmd->nparams; i++)
		if (cmd->params[i].kind == EXEC_FIXED)
			fixed[nfixed++] = cmd->params[i].value;
	for (size_t i = 0; i < sb->nsandbox_read; i++)
		reads[nreads++] = sb->sandbox_read[i];
	reads[nreads++] = (char *)cwd;
	in.program = cmd->path;
	in.args = fixed;
	in.nargs = nfixed;
	in.cwd = s->config_dir;
	in.state_dir = s->state_dir;
	in.private_dir = home;
	in.uid = s->user.uid;
	in.gid = s->user.gid;
	in.read = reads;
	in.nread = nreads;
	in.write = sb->sandbox_write;
	in.nwrite = sb->nsandbox_write;
	in.nproc = (uint64_t)sb->sandbox_processes;
	in.nofile = (uint64_t)sb->sandbox_open_files;
	in.fsize = (uint64_t)sb->sandbox_file_size;
	in.cpu = (uint64_t)sb->sandbox_cpu_seconds;
	in.data = (uint64_t)sb->sandbox_memory;
	in.net = sb->sandbox_network == NETWORK_HOST ? SANDBOX_NET_HOST :
	    sb->sandbox_network == NETWORK_PUBLIC ? SANDBOX_NET_PUBLIC : SANDBOX_NET_NONE;
	sandbox_policy_init(p);
	if (sandbox_policy_build(p, &in, why, sizeof(why)) != 0) {
		snprintf(err, errcap, "exec command \"%s\": cannot build its sandbox: %s", cmd->name, why);
		out = NULL;
	} else {
		out = sandbox_argv(p, "gatehouse-sandbox", cmd->path, argv);
	}
	sandbox_policy_free(p);
	free(p);
	return out;
}

/* The whole environment of a run: PATH, LANG and TZ of the gateway, a private HOME and TMPDIR. */
static char **
run_env(const char *home)
{
	static const char *const inherited[] = { "PATH", "LANG", "TZ" };
	char **env = xcalloc(6, sizeof(char *));
	size_t n = 0;

	for (size_t i = 0; i < sizeof(inherited) / sizeof(inherited[0]); i++) {
		const char *v = getenv(inherited[i]);
		if (v != NULL)
			env[n++] = xprintf("%s=%s", inherited[i], v);
	}
	env[n++] = xprintf("HOME=%s", home);
	env[n++] = xprintf("TMPDIR=%s", home);
	return env;
}

static void
start_run(struct exec_server *s, json_t *id, const struct exec_command *cmd, const char *home, char **argv)
{
	char err[LIMIT_PATH + 512];
	const char *cwd;
	uv_process_options_t opts = { 0 };
	uv_stdio_container_t stdio[1 + SANDBOX_EVENTS_FD];
	struct exec_run *run;
	char **tramp = NULL, **env;
	int rc;

	cwd = cmd->cwd != NULL ? cmd->cwd : home;
	if (!cmd->sandbox->sandbox_off && (tramp = sandboxed(s, cmd, argv, home, cwd, err, sizeof(err))) == NULL) {
		refuse(s, id, cmd->name, err);
		return;
	}
	env = run_env(home);
	run = xcalloc(1, sizeof(*run));
	run->s = s;
	run->cmd = cmd;
	run->id = json_incref(id);
	run->started_ms = util_now_ms();
	uv_pipe_init(s->loop, &run->pipe[0], 0);
	uv_pipe_init(s->loop, &run->pipe[1], 0);
	uv_pipe_init(s->loop, &run->pipe[2], 0);
	uv_timer_init(s->loop, &run->timer);
	lines_init(&run->event_lines, SANDBOX_EVENT_LINE, LINES_SPLIT);
	run->pipe[0].data = run->pipe[1].data = run->pipe[2].data = run->timer.data = run->proc.data = run;
	run->handles = 5;
	run->pipe_done[2] = tramp == NULL;  /* no sandbox, no events */
	stdio[0].flags = UV_IGNORE;         /* /dev/null */
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&run->pipe[0];
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&run->pipe[1];
	opts.file = tramp ? s->sandbox_exe : cmd->path;
	opts.args = tramp ? tramp : argv;
	opts.env = env;
	opts.cwd = cwd;
	opts.stdio = stdio;
	opts.stdio_count = tramp ? sandbox_events_stdio(stdio, &run->pipe[2]) : 3;
	opts.exit_cb = on_exit_cb;
	opts.flags = UV_PROCESS_DETACHED;   /* a process group of its own, killed whole */
	rc = uv_spawn(s->loop, &run->proc, &opts);
	strv_free(tramp);
	strv_free(env);
	run->next = s->runs;
	s->runs = run;
	s->nruns++;
	runs_everywhere++;
	if (rc != 0) {
		snprintf(err, sizeof(err), "cannot start %s: %s", cmd->path, uv_strerror(rc));
		run->finished = true;
		refuse(s, id, cmd->name, err);
		close_run(run);
		return;
	}
	run->pid = run->proc.pid;
	uv_read_start((uv_stream_t *)&run->pipe[0], buf_uv_alloc, on_read);
	uv_read_start((uv_stream_t *)&run->pipe[1], buf_uv_alloc, on_read);
	if (!run->pipe_done[2])
		uv_read_start((uv_stream_t *)&run->pipe[2], buf_uv_alloc, on_read);
	uv_timer_start(&run->timer, on_timer, (uint64_t)cmd->timeout_ms, 0);
}

/* ---- JSON-RPC ------------------------------------------------------------- */

static void
m_initialize(struct exec_server *s, json_t *id, json_t *params)
{
	const char *version = json_string_value(json_object_get(params, "protocolVersion"));

	answer(s, id, json_pack("{s:s, s:{s:{s:b}}, s:{s:s, s:s}}", "protocolVersion", version ? version : "2025-11-25",
	    "capabilities", "tools", "listChanged", 0, "serverInfo", "name", "gatehouse-exec", "version", GATEHOUSE_VERSION));
}

static void
m_tools_list(struct exec_server *s, json_t *id, json_t *params)
{
	json_t *tools = json_array();

	(void)params;
	for (size_t i = 0; i < s->srv->nexec; i++)
		json_array_append_new(tools, exec_rules_tool(&s->srv->exec[i]));
	answer(s, id, json_pack("{s:o}", "tools", tools));
}

static void
m_tools_call(struct exec_server *s, json_t *id, json_t *params)
{
	const char *name = json_string_value(json_object_get(params, "name"));
	char err[512];
	char **argv;

	for (size_t i = 0; name != NULL && i < s->srv->nexec; i++) {
		if (strcmp(s->srv->exec[i].name, name) != 0)
			continue;
		if (s->nruns >= LIMIT_EXEC_RUNNING || runs_everywhere >= LIMIT_EXEC_RUNNING_ALL) {
			refuse(s, id, name, "too many commands are running; try again when one has finished");
			return;
		}
		if ((argv = exec_rules_argv(&s->rules[i], json_object_get(params, "arguments"), err, sizeof(err))) == NULL) {
			refuse(s, id, name, err);
			return;
		}
		start_run(s, id, &s->srv->exec[i], s->homes[i], argv);
		strv_free(argv);
		return;
	}
	answer_error(s, id, -32602, "unknown tool");
}

static void
m_ping(struct exec_server *s, json_t *id, json_t *params)
{
	(void)params;
	answer(s, id, json_object());
}

static const struct {
	const char *method;
	void      (*fn)(struct exec_server *s, json_t *id, json_t *params);
} methods[] = {
	{ "initialize", m_initialize },
	{ "tools/list", m_tools_list },
	{ "tools/call", m_tools_call },
	{ "ping",       m_ping },
};

/* notifications/cancelled: the run ends now, and its answer is never sent. */
static void
cancel(struct exec_server *s, json_t *params)
{
	json_t *rid = json_object_get(params, "requestId");

	for (struct exec_run *run = s->runs; rid != NULL && run != NULL; run = run->next)
		if (!run->finished && json_equal(run->id, rid)) {
			run->cancelled = true;
			kill_group(run);
		}
}

static int
exec_send(struct transport *t, const char *json, size_t len)
{
	struct exec_server *s = (struct exec_server *)t;
	json_t *msg = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL), *id, *params;
	const char *method;

	if (s->closing || msg == NULL) {
		json_decref(msg);
		return s->closing ? -1 : 0;
	}
	method = json_string_value(json_object_get(msg, "method"));
	id = json_object_get(msg, "id");
	params = json_object_get(msg, "params");
	if (method != NULL && id == NULL) {
		if (strcmp(method, "notifications/cancelled") == 0)
			cancel(s, params);
	} else if (method != NULL) {
		size_t i;
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (strcmp(methods[i].method, method) == 0) {
				methods[i].fn(s, id, json_is_object(params) ? params : NULL);
				break;
			}
		if (i == sizeof(methods) / sizeof(methods[0]))
			answer_error(s, id, -32601, "method not found");
	}
	json_decref(msg);
	return 0;
}

static void
on_deliver_closed(uv_handle_t *h)
{
	struct exec_server *s = h->data;

	s->timer_closed = true;
	maybe_closed(s);
}

/* Every run is killed; the owner hears on_closed once the last handle is gone. */
static void
exec_close(struct transport *t)
{
	struct exec_server *s = (struct exec_server *)t;

	if (s->closing)
		return;
	s->closing = true;
	for (struct exec_run *run = s->runs; run != NULL; run = run->next) {
		run->cancelled = true;
		kill_group(run);
		if (!run->exited)
			continue;
		/* Exited and draining: stop waiting. */
		for (int k = 0; k < 2; k++)
			if (!run->pipe_done[k]) {
				uv_read_stop((uv_stream_t *)&run->pipe[k]);
				run->pipe_done[k] = true;
			}
		maybe_finish(run);
	}
	uv_close((uv_handle_t *)&s->deliver, on_deliver_closed);
}

/* What a command needs before its first run: a program, a working directory, a sandbox this machine gives. */
static int
check_command(struct exec_server *s, const struct exec_command *cmd, const char *home, char *err, size_t errcap)
{
	char why[512], real[LIMIT_PATH];
	struct stat st;

	if (stat(cmd->path, &st) != 0 || !S_ISREG(st.st_mode) || access(cmd->path, X_OK) != 0) {
		snprintf(err, errcap, "exec command \"%s\": %s is not an executable file; fix $.exec.%s.path",
		    cmd->name, cmd->path, cmd->name);
		return -1;
	}
	if (cmd->cwd != NULL && (stat(cmd->cwd, &st) != 0 || !S_ISDIR(st.st_mode))) {
		snprintf(err, errcap, "exec command \"%s\": its cwd %s is not an existing directory; create it or fix "
		    "$.exec.%s.cwd", cmd->name, cmd->cwd, cmd->name);
		return -1;
	}
	/* The working directory is readable in the sandbox: never one that holds the gateway's files
	 * (compared resolved: a symlink does not hide them). */
	if (cmd->cwd != NULL && (realpath(cmd->cwd, real) == NULL ||
	    util_path_beneath(real, strlen(real), s->state_dir) || util_path_beneath(real, strlen(real), s->config_dir))) {
		snprintf(err, errcap, "exec command \"%s\": its cwd %s holds the gateway's configuration or state; "
		    "choose a directory without them ($.exec.%s.cwd)", cmd->name, cmd->cwd, cmd->name);
		return -1;
	}
	if (strlen(home) >= LIMIT_PATH || util_mkdir_private(home) != 0) {
		snprintf(err, errcap, "exec command \"%s\": cannot create its private directory %s (%s)", cmd->name, home,
		    strerror(errno));
		return -1;
	}
	if (cmd->sandbox->sandbox_off)
		return 0;
	if (sandbox_check(&s->features, cmd->name, cmd->sandbox->sandbox_network == NETWORK_PUBLIC, why, sizeof(why)) != 0) {
		snprintf(err, errcap, "exec command %s ($.exec.%s.sandbox)", why + strlen("server "), cmd->name);
		return -1;
	}
	if (s->sandbox_exe[0] == '\0') {
		snprintf(err, errcap, "exec command \"%s\": the sandbox trampoline (our own binary) is unknown; set "
		    "\"sandbox\": false for it to run unconfined", cmd->name);
		return -1;
	}
	/* A root gateway runs the command as its sandbox user, whose private directory this is. */
	if (sandbox_user_for(&s->user, home, NULL, why, sizeof(why)) != 0) {
		snprintf(err, errcap, "exec command \"%s\": %s", cmd->name, why);
		return -1;
	}
	for (int w = 0; w < 2; w++) {
		char **list = w ? cmd->sandbox->sandbox_write : cmd->sandbox->sandbox_read;
		size_t n = w ? cmd->sandbox->nsandbox_write : cmd->sandbox->nsandbox_read;
		for (size_t i = 0; i < n; i++)
			if (stat(list[i], &st) != 0) {
				snprintf(err, errcap, "exec command \"%s\": $.exec.%s.sandbox.%s names %s, which does not exist; "
				    "create it or remove it", cmd->name, cmd->name, w ? "write" : "read", list[i]);
				return -1;
			}
	}
	return 0;
}

struct transport *
exec_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	struct exec_server *s;
	char real[LIMIT_PATH];

	if (srv->transport != SERVER_EXEC) {
		snprintf(err, errcap, "server \"%s\" is not the exec server", srv->key);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->t.ops = &exec_ops;
	s->t.cb = cb;
	s->t.owner = owner;
	s->loop = env->loop;
	s->srv = srv;
	/* Compared with resolved paths: the state directory as the sandbox sees it. */
	snprintf(s->state_dir, sizeof(s->state_dir), "%s", realpath(env->state_dir, real) ? real : env->state_dir);
	snprintf(s->config_dir, sizeof(s->config_dir), "%s", realpath(env->config_dir, real) ? real : env->config_dir);
	snprintf(s->sandbox_exe, sizeof(s->sandbox_exe), "%s", env->sandbox_exe ? env->sandbox_exe : "");
	sandbox_probe(&s->features);
	s->rules = xcalloc(srv->nexec + 1, sizeof(*s->rules));
	s->homes = xcalloc(srv->nexec + 1, sizeof(char *));
	for (size_t i = 0; i < srv->nexec; i++) {
		/* "__" cannot be in a server key: no server's HOME is this directory. */
		s->homes[i] = xprintf("%s/home/%s__%s", s->state_dir, EXEC_SERVER_KEY, srv->exec[i].name);
		if (check_command(s, &srv->exec[i], s->homes[i], err, errcap) != 0 ||
		    exec_rules_compile(&srv->exec[i], &s->rules[i], err, errcap) != 0) {
			free_server(s);
			return NULL;
		}
	}
	s->queue = json_array();
	uv_timer_init(s->loop, &s->deliver);
	s->deliver.data = s;
	return &s->t;
}

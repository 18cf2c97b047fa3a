/*
 * Stdio MCP servers: a child process per instance, spawned with execve semantics
 * (argv exactly as configured, an absolute program path, never a shell), a clean
 * environment (PATH, LANG, TZ, a private HOME, and what the config declares), its
 * own process group, newline-delimited JSON-RPC on stdin/stdout with a line cap,
 * and stderr to the log line by line.
 *
 * Stopping: close stdin, then SIGTERM, then SIGKILL to the whole process group.
 */
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "../util/buf.h"
#include "child.h"
#include "sandbox.h"
#include "sandbox_events.h"
#include "../util/log.h"
#include "../util/util.h"


enum child_state { CHILD_RUNNING, CHILD_LOST, CHILD_CLOSING };

struct child {
	struct transport  t;                /* first: the transport is the child */
	char             *key;              /* server name, for logs */
	uv_loop_t        *loop;
	uv_process_t      proc;
	uv_pipe_t         in, out, err;
	uv_pipe_t         events;           /* the sandbox's event lines (sandbox_events.h) */
	uv_timer_t        timer;
	uv_timer_t        lost_timer;       /* tells the owner of a loss from the loop */
	char              lost_reason[160];
	unsigned          open_handles;
	enum child_state  state;
	bool              exited;
	bool              stop_stage_term;  /* SIGTERM sent */
	pid_t             pid;
	size_t            write_pending;    /* bytes queued to stdin */
	struct lines      out_lines, err_lines, event_lines;
	bool              out_overflow;     /* a stdout line went over LIMIT_CHILD_LINE */
};

struct write_req {
	uv_write_t req;
	size_t     len;
	char       data[];
};

static void child_close(struct transport *t);
static int  child_send(struct transport *t, const char *json, size_t len);

static const struct transport_ops child_ops = { child_send, child_close };

static void
on_handle_closed(uv_handle_t *h)
{
	struct child *c = h->data;

	if (--c->open_handles > 0)
		return;
	if (c->state == CHILD_CLOSING)
		c->t.cb->on_closed(c->t.owner);
	lines_free(&c->out_lines);
	lines_free(&c->err_lines);
	lines_free(&c->event_lines);
	free(c->key);
	free(c);
}

static void
close_handle(struct child *c, uv_handle_t *h)
{
	if (!uv_is_closing(h))
		uv_close(h, on_handle_closed);
	(void)c;
}

static void
close_all(struct child *c)
{
	close_handle(c, (uv_handle_t *)&c->in);
	close_handle(c, (uv_handle_t *)&c->out);
	close_handle(c, (uv_handle_t *)&c->err);
	close_handle(c, (uv_handle_t *)&c->events);
	close_handle(c, (uv_handle_t *)&c->timer);
	close_handle(c, (uv_handle_t *)&c->lost_timer);
	if (c->exited)
		close_handle(c, (uv_handle_t *)&c->proc);
}

static void
signal_group(struct child *c, int sig)
{
	if (c->pid > 0)
		(void)kill(-c->pid, sig);
}

/*
 * The owner hears of a loss from the loop, never from inside one of its own
 * calls: a send() that fails must not finish, under the caller's feet, the calls
 * and state the caller still holds (the router would finish a call twice). A
 * close() before the timer fires means the owner no longer wants to know.
 */
static void
on_lost_timer(uv_timer_t *t)
{
	struct child *c = t->data;

	if (c->state == CHILD_LOST)
		c->t.cb->on_lost(c->t.owner, c->lost_reason);
}

/* The child is unusable: kill it, and tell the owner once, on the next loop turn. */
static void
lose(struct child *c, const char *reason)
{
	struct logline l;

	if (c->state != CHILD_RUNNING)
		return;
	c->state = CHILD_LOST;
	log_begin(&l, LOG_WARN, "server stopped");
	log_str(&l, "server", c->key);
	log_str(&l, "reason", reason);
	log_end(&l);
	signal_group(c, SIGKILL);
	snprintf(c->lost_reason, sizeof(c->lost_reason), "%s", reason);
	uv_timer_start(&c->lost_timer, on_lost_timer, 0, 0);
}

static void
deliver_line(struct child *c, const char *line, size_t len)
{
	json_error_t jerr;
	json_t *msg;

	/* Nothing reaches an owner that closed us, or after a loss. */
	if (c->state != CHILD_RUNNING)
		return;
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len == 0)
		return;
	msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (msg == NULL || (!json_is_object(msg) && !json_is_array(msg))) {
		struct logline l;
		if (log_client_begin(&l, LOG_WARN, "server wrote a line that is not a JSON-RPC message; ignored")) {
			log_str(&l, "server", c->key);
			log_strn(&l, "line", line, len < 120 ? len : 120);
			log_end(&l);
		}
		json_decref(msg);
		return;
	}
	if (json_is_array(msg)) {
		size_t i;
		json_t *item;
		json_array_foreach(msg, i, item) {
			if (c->state != CHILD_RUNNING)
				break;
			if (json_is_object(item))
				c->t.cb->on_message(c->t.owner, item);
		}
	} else {
		c->t.cb->on_message(c->t.owner, msg);
	}
	json_decref(msg);
}

static void
log_stderr_line(struct child *c, const char *line, size_t len)
{
	struct logline l;

	while (len > 0 && (line[len - 1] == '\r'))
		len--;
	if (len == 0)
		return;
	if (!log_client_begin(&l, LOG_INFO, "server stderr"))
		return;
	log_str(&l, "server", c->key);
	log_strn(&l, "line", line, len);
	log_end(&l);
}

/* Framing callbacks (util/buf.h): stdout lines are messages, stderr lines are logged. */
static int
on_stdout_line(void *arg, const char *line, size_t len)
{
	struct child *c = arg;

	if (c->out_overflow)
		return 1;               /* nothing after a violation */
	deliver_line(c, line, len);
	return 0;
}

static void
on_stdout_overflow(void *arg)
{
	((struct child *)arg)->out_overflow = true;
}

static int
on_stderr_line(void *arg, const char *line, size_t len)
{
	log_stderr_line(arg, line, len);
	return 0;
}

static void
on_stdout(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct child *c = s->data;

	if (n > 0 && c->state != CHILD_LOST) {
		lines_feed(&c->out_lines, buf->base, (size_t)n, on_stdout_line, on_stdout_overflow, c);
		/* An over-long line on stdout is a protocol violation that ends the instance. */
		if (c->out_overflow && c->state == CHILD_RUNNING) {
			char reason[128];
			snprintf(reason, sizeof(reason), "wrote a line longer than %d bytes to stdout",
			    LIMIT_CHILD_LINE);
			uv_read_stop(s);
			lose(c, reason);
		}
	} else if (n < 0) {
		uv_read_stop(s);
	}
	free(buf->base);
}

static int
on_event_line(void *arg, const char *line, size_t len)
{
	sandbox_event_log("server", ((struct child *)arg)->key, line, len);
	return 0;
}

/* stderr and the sandbox's event pipe: lines to the log, each its own way. */
static void
on_log_stream(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct child *c = s->data;
	bool events = s == (uv_stream_t *)&c->events;

	if (n > 0)
		(void)lines_feed(events ? &c->event_lines : &c->err_lines, buf->base, (size_t)n,
		    events ? on_event_line : on_stderr_line, NULL, c);
	else if (n < 0)
		uv_read_stop(s);
	free(buf->base);
}

static void
on_exit_cb(uv_process_t *p, int64_t status, int sig)
{
	struct child *c = p->data;
	char reason[128];

	c->exited = true;
	/* Stragglers of the group (grandchildren) go with their leader. */
	signal_group(c, SIGKILL);
	if (sig)
		snprintf(reason, sizeof(reason), "exited on signal %d", sig);
	else
		snprintf(reason, sizeof(reason), "exited with status %lld", (long long)status);
	if (c->state == CHILD_RUNNING)
		lose(c, reason);
	/* A lost child keeps its handles until the owner calls close(). */
	if (c->state == CHILD_CLOSING)
		close_all(c);
}

static void
on_write(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	struct child *c = req->data;

	c->write_pending -= w->len;
	free(w);
	if (status < 0 && c->state == CHILD_RUNNING)
		lose(c, "stopped reading its stdin");
}

static int
child_send(struct transport *t, const char *json, size_t len)
{
	struct child *c = (struct child *)t;
	struct write_req *w;
	uv_buf_t buf;

	if (c->state != CHILD_RUNNING)
		return -1;
	if (c->write_pending + len > LIMIT_CHILD_PENDING_WRITE) {
		lose(c, "does not read its stdin fast enough");
		return -1;
	}
	w = xmalloc(sizeof(*w) + len + 1);
	memcpy(w->data, json, len);
	w->data[len] = '\n';
	w->len = len + 1;
	w->req.data = c;
	buf = uv_buf_init(w->data, (unsigned)w->len);
	if (uv_write(&w->req, (uv_stream_t *)&c->in, &buf, 1, on_write) != 0) {
		free(w);
		lose(c, "its stdin is closed");
		return -1;
	}
	c->write_pending += w->len;
	return 0;
}

static void
on_stop_timer(uv_timer_t *t)
{
	struct child *c = t->data;

	if (c->exited)
		return;
	if (!c->stop_stage_term) {
		c->stop_stage_term = true;
		signal_group(c, SIGTERM);
		uv_timer_start(&c->timer, on_stop_timer, CHILD_KILL_AFTER_MS, 0);
	} else {
		signal_group(c, SIGKILL);
	}
}

/* Graceful stop: EOF on stdin first; servers that ignore it get SIGTERM, then SIGKILL. */
static void
child_close(struct transport *t)
{
	struct child *c = (struct child *)t;

	bool was_lost = c->state == CHILD_LOST;

	if (c->state == CHILD_CLOSING)
		return;
	c->state = CHILD_CLOSING;
	uv_read_stop((uv_stream_t *)&c->out);
	if (c->exited) {
		close_all(c);
		return;
	}
	if (was_lost)
		return;     /* already killed: the exit callback closes the handles */
	close_handle(c, (uv_handle_t *)&c->in);
	uv_timer_start(&c->timer, on_stop_timer, CHILD_TERM_AFTER_MS, 0);
}

/* Find an executable for `command`: a path (relative to the config directory), or
 * a bare name searched in the gateway's PATH. Names come only from the config. */
int
child_resolve_command(const char *command, const char *config_dir, char *out, size_t cap)
{
	const char *path = getenv("PATH");

	if (strchr(command, '/') != NULL) {
		int n = command[0] == '/' ? snprintf(out, cap, "%s", command)
		    : snprintf(out, cap, "%s/%s", config_dir, command);
		return n > 0 && (size_t)n < cap && access(out, X_OK) == 0 ? 0 : -1;
	}
	if (path == NULL || path[0] == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n > 0 && path[0] == '/') {
			int w = snprintf(out, cap, "%.*s/%s", (int)n, path, command);
			struct stat st;
			if (w > 0 && (size_t)w < cap && stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
			    access(out, X_OK) == 0)
				return 0;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return -1;
}

static char *
env_entry(const char *name, const char *value)
{
	return xprintf("%s=%s", name, value);
}

static void
free_env(char **env)
{
	if (env == NULL)
		return;
	for (size_t i = 0; env[i]; i++) {
		sodium_memzero(env[i], strlen(env[i]));
		free(env[i]);
	}
	free(env);
}

/* Package runners whose downloads go to one cache shared by the servers. */
static const struct { const char *program; const char *variable; const char *dir; } caches[] = {
	{ "npx", "npm_config_cache", "npm" }, { "npm", "npm_config_cache", "npm" },
	{ "uvx", "UV_CACHE_DIR", "uv" },      { "uv", "UV_CACHE_DIR", "uv" },
};

/* The shared cache of `command` (npx, uvx, ...) under the state directory,
 * created 0700; 0 with *variable NULL when the command is not a package runner. */
static int
cache_dir_of(const struct transport_env *env, const char *command, const char **variable, char *out, size_t cap)
{
	const char *base = strrchr(command, '/');
	char parent[LIMIT_PATH];

	base = base ? base + 1 : command;
	*variable = NULL;
	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
		if (strcmp(base, caches[i].program) != 0)
			continue;
		if ((size_t)snprintf(parent, sizeof(parent), "%s/cache", env->state_dir) >= sizeof(parent) ||
		    (size_t)snprintf(out, cap, "%s/%s", parent, caches[i].dir) >= cap ||
		    util_mkdir_private(parent) != 0 || util_mkdir_private(out) != 0)
			return -1;
		*variable = caches[i].variable;
		return 0;
	}
	return 0;
}

/*
 * The child's whole environment: nothing of ours leaks except PATH, LANG and TZ.
 * HOME and TMPDIR are a private directory per server under the state directory
 * (created here); package runners get the shared cache.
 */
static char **
build_env(const struct transport_env *env, const struct server_config *srv, const char *home,
    const char *cache_var, const char *cache, char *err, size_t errcap)
{
	static const char *const inherited[] = { "PATH", "LANG", "TZ" };
	char **out = xcalloc(srv->nenv + 8, sizeof(char *));
	size_t n = 0;

	for (size_t i = 0; i < sizeof(inherited) / sizeof(inherited[0]); i++) {
		const char *v = getenv(inherited[i]);
		if (v)
			out[n++] = env_entry(inherited[i], v);
	}
	out[n++] = env_entry("HOME", home);
	out[n++] = env_entry("TMPDIR", home);
	if (cache_var != NULL)
		out[n++] = env_entry(cache_var, cache);
	for (size_t i = 0; i < srv->nenv; i++) {
		char *value = config_value_resolve(&srv->env[i], env->secrets, err, errcap);
		if (value == NULL) {
			free_env(out);
			return NULL;
		}
		/* A declared variable overrides an inherited one of the same name. */
		for (size_t j = 0; j < n; j++) {
			size_t kl = strlen(srv->env[i].name);
			if (strncmp(out[j], srv->env[i].name, kl) == 0 && out[j][kl] == '=') {
				free(out[j]);
				out[j] = out[--n];
				out[n] = NULL;
				break;
			}
		}
		out[n++] = env_entry(srv->env[i].name, value);
		sodium_memzero(value, strlen(value));
		free(value);
	}
	out[n] = NULL;
	return out;
}

/* argv[0] is the config's own; the rest are wiped copies. */
static void
free_args(char **argv)
{
	if (argv == NULL)
		return;
	for (size_t i = 1; argv[i]; i++) {
		sodium_memzero(argv[i], strlen(argv[i]));
		free(argv[i]);
	}
	free(argv);
}

/*
 * argv[1..] with ${VAR} expanded: copies, wiped when freed (an argument may
 * carry a key). argv[0] is the command as configured. NULL with err.
 */
static char **
expand_args(const struct server_config *srv, char *err, size_t errcap)
{
	char **argv = xcalloc(srv->nargs + 2, sizeof(char *));
	char what[160];

	argv[0] = srv->command;
	for (size_t i = 0; i < srv->nargs; i++) {
		if (!config_has_expansion(srv->args[i])) {
			argv[i + 1] = xstrdup(srv->args[i]);
			continue;
		}
		snprintf(what, sizeof(what), "server \"%s\": args[%zu]", srv->key, i);
		if ((argv[i + 1] = config_expand(srv->args[i], what, err, errcap)) == NULL) {
			free_args(argv);
			return NULL;
		}
	}
	return argv;
}

/* Declared paths must exist: a typo would otherwise leave the server without
 * the access its user meant to give, and fail in a confusing way later. */
static int
check_declared(const struct server_config *srv, char *err, size_t errcap)
{
	for (size_t k = 0; k < 2; k++) {
		char **list = k == 0 ? srv->sandbox_read : srv->sandbox_write;
		size_t n = k == 0 ? srv->nsandbox_read : srv->nsandbox_write;
		for (size_t i = 0; i < n; i++) {
			struct stat st;
			if (stat(list[i], &st) != 0) {
				snprintf(err, errcap, "server \"%s\": \"sandbox\".\"%s\" names %s, which does not exist "
				    "(%s); create it or remove it from the list", srv->key, k == 0 ? "read" : "write",
				    list[i], strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

/*
 * The trampoline's argv for a sandboxed server (src/exec/sandbox.h), or NULL
 * with one sentence in err naming the setting to change. A server is never
 * started with less than the sandbox its configuration asks for.
 */
static char **
sandboxed_argv(const struct transport_env *env, const struct server_config *srv, const char *program,
    char **argv, const char *cwd, const char *home, const char *cache, char *err, size_t errcap)
{
	static struct sandbox_features features;
	static bool probed;
	struct sandbox_inputs in = { 0 };
	struct sandbox_user user;
	struct sandbox_policy *p;
	char why[LIMIT_PATH + 256];
	char **out;

	if (!probed) {
		sandbox_probe(&features);
		probed = true;
	}
	if (sandbox_check(&features, srv->key, srv->sandbox_network == NETWORK_PUBLIC, err, errcap) != 0 ||
	    check_declared(srv, err, errcap) != 0)
		return NULL;
	if (env->sandbox_exe == NULL) {
		snprintf(err, errcap, "server \"%s\": the sandbox trampoline (our own binary) is unknown; "
		    "set \"sandbox\": false for this server to run it unconfined", srv->key);
		return NULL;
	}
	/* Its private directory and the shared cache are the sandbox user's. */
	if (sandbox_user_for(&user, home, cache, why, sizeof(why)) != 0) {
		snprintf(err, errcap, "server \"%s\": %s", srv->key, why);
		return NULL;
	}
	in.uid = user.uid;
	in.gid = user.gid;
	in.program = program;
	in.args = argv + 1;                 /* as expanded */
	in.nargs = srv->nargs;
	in.cwd = cwd;
	in.state_dir = env->state_dir;
	in.private_dir = home;
	in.cache_dir = cache;
	in.read = srv->sandbox_read;
	in.nread = srv->nsandbox_read;
	in.write = srv->sandbox_write;
	in.nwrite = srv->nsandbox_write;
	in.nproc = (uint64_t)srv->sandbox_processes;
	in.nofile = (uint64_t)srv->sandbox_open_files;
	in.fsize = (uint64_t)srv->sandbox_file_size;
	in.cpu = (uint64_t)srv->sandbox_cpu_seconds;
	in.data = (uint64_t)srv->sandbox_memory;
	in.net = srv->sandbox_network == NETWORK_HOST ? SANDBOX_NET_HOST :
	    srv->sandbox_network == NETWORK_PUBLIC ? SANDBOX_NET_PUBLIC : SANDBOX_NET_NONE;
	p = xcalloc(1, sizeof(*p));
	sandbox_policy_init(p);
	if (sandbox_policy_build(p, &in, why, sizeof(why)) != 0) {
		snprintf(err, errcap, "server \"%s\": cannot build its sandbox: %s", srv->key, why);
		sandbox_policy_free(p);
		free(p);
		return NULL;
	}
	out = sandbox_argv(p, "gatehouse-sandbox", program, argv);
	sandbox_policy_free(p);
	free(p);
	return out;
}

struct transport *
child_open(const struct transport_env *env, const struct server_config *srv,
    const struct transport_callbacks *cb, void *owner, char *err, size_t errcap)
{
	char program[LIMIT_PATH], home[LIMIT_PATH], cache[LIMIT_PATH], cwd[LIMIT_PATH];
	const char *cache_var;
	uv_process_options_t opts = { 0 };
	uv_stdio_container_t stdio[1 + SANDBOX_EVENTS_FD];
	struct child *c;
	char **argv, **envp, **tramp = NULL;
	struct stat st;
	int rc;

	if (config_server_cwd(srv, env->config_dir, cwd, sizeof(cwd), err, errcap) != 0)
		return NULL;
	if (srv->cwd != NULL && (stat(cwd, &st) != 0 || !S_ISDIR(st.st_mode))) {
		snprintf(err, errcap, "server \"%s\": its \"cwd\" (%s) is not an existing directory; create it or fix "
		    "$.mcpServers.%s.cwd", srv->key, config_has_expansion(srv->cwd) ? srv->cwd : cwd, srv->key);
		return NULL;
	}
	if (child_resolve_command(srv->command, cwd, program, sizeof(program)) != 0) {
		snprintf(err, errcap, "server \"%s\": the command \"%s\" is not an executable file%s", srv->key,
		    srv->command, strchr(srv->command, '/') ? "" : " found in PATH");
		return NULL;
	}
	if ((size_t)snprintf(home, sizeof(home), "%s/home/%s", env->state_dir, srv->key) >= sizeof(home) ||
	    util_mkdir_private(home) != 0) {
		snprintf(err, errcap, "server \"%s\": cannot create its private HOME %s (%s)", srv->key, home,
		    strerror(errno));
		return NULL;
	}
	if (cache_dir_of(env, srv->command, &cache_var, cache, sizeof(cache)) != 0) {
		snprintf(err, errcap, "server \"%s\": cannot create the shared package cache %s (%s)", srv->key,
		    cache, strerror(errno));
		return NULL;
	}
	if ((argv = expand_args(srv, err, errcap)) == NULL)
		return NULL;
	if (!srv->sandbox_off) {
		tramp = sandboxed_argv(env, srv, program, argv, cwd, home, cache_var ? cache : NULL, err, errcap);
		if (tramp == NULL) {
			free_args(argv);
			return NULL;
		}
	}
	envp = build_env(env, srv, home, cache_var, cache, err, errcap);
	if (envp == NULL) {
		free_args(argv);
		strv_free(tramp);
		return NULL;
	}

	c = xcalloc(1, sizeof(*c));
	c->t.ops = &child_ops;
	c->t.cb = cb;
	c->t.owner = owner;
	c->key = xstrdup(srv->key);
	c->loop = env->loop;
	lines_init(&c->out_lines, LIMIT_CHILD_LINE, LINES_SKIP);
	lines_init(&c->err_lines, LIMIT_CHILD_STDERR_LINE, LINES_SPLIT);
	lines_init(&c->event_lines, SANDBOX_EVENT_LINE, LINES_SPLIT);
	uv_pipe_init(env->loop, &c->in, 0);
	uv_pipe_init(env->loop, &c->out, 0);
	uv_pipe_init(env->loop, &c->err, 0);
	uv_pipe_init(env->loop, &c->events, 0);
	uv_timer_init(env->loop, &c->timer);
	uv_timer_init(env->loop, &c->lost_timer);
	c->in.data = c->out.data = c->err.data = c->events.data = c->timer.data = c->lost_timer.data = c;
	c->proc.data = c;
	c->open_handles = 7;

	stdio[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
	stdio[0].data.stream = (uv_stream_t *)&c->in;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&c->out;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&c->err;
	/* Sandboxed: our own binary confines itself, then executes the program. */
	opts.file = tramp ? env->sandbox_exe : program;
	opts.args = tramp ? tramp : argv;
	opts.env = envp;
	opts.cwd = cwd;
	opts.stdio = stdio;
	/* Sandboxed: the trampoline's event pipe too (the server never holds it). */
	opts.stdio_count = tramp ? sandbox_events_stdio(stdio, &c->events) : 3;
	opts.exit_cb = on_exit_cb;
	/* A session of its own: the whole group can be signalled at shutdown. */
	opts.flags = UV_PROCESS_DETACHED;
	rc = uv_spawn(env->loop, &c->proc, &opts);
	free_args(argv);
	strv_free(tramp);
	free_env(envp);
	if (rc != 0) {
		snprintf(err, errcap, "server \"%s\": cannot start %s: %s", srv->key, program, uv_strerror(rc));
		/* The handles are closed quietly: the owner never sees this child. */
		c->state = CHILD_LOST;
		c->exited = true;
		close_all(c);
		return NULL;
	}
	c->pid = c->proc.pid;
	c->t.pid = c->pid;
	uv_read_start((uv_stream_t *)&c->out, buf_uv_alloc, on_stdout);
	uv_read_start((uv_stream_t *)&c->err, buf_uv_alloc, on_log_stream);
	if (!srv->sandbox_off)
		uv_read_start((uv_stream_t *)&c->events, buf_uv_alloc, on_log_stream);
	struct logline l;
	log_begin(&l, LOG_INFO, "server started");
	log_str(&l, "server", srv->key);
	log_int(&l, "pid", c->pid);
	log_str(&l, "sandbox", srv->sandbox_off ? "off" : srv->sandbox_network == NETWORK_HOST ?
	    "on, host network" : srv->sandbox_network == NETWORK_PUBLIC ? "on, public network" :
	    "on, no network");
	log_end(&l);
	return &c->t;
}

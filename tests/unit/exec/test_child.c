/*
 * Unit tests for src/exec/child.c, the stdio transport, against real child
 * processes (/bin/sleep, /bin/cat from coreutils). What the router relies on:
 * a send that fails never reports the loss from inside send() (issue 7,
 * finding 2: the router finished calls twice), the loss is reported once, from
 * the loop; lines after close() are not delivered; close() ends the process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <signal.h>
#include <unistd.h>
#include <uv.h>

#include "exec/child.h"
#include "util/log.h"

struct owner {
	int    messages, lost, closed;
	bool   in_send;             /* a callback while this is set is the bug */
	char   reason[200];
};

static void
on_message(void *o, json_t *msg)
{
	struct owner *w = o;

	(void)msg;
	assert_false(w->in_send);
	w->messages++;
}

static void
on_lost(void *o, const char *reason)
{
	struct owner *w = o;

	assert_false(w->in_send);
	w->lost++;
	snprintf(w->reason, sizeof(w->reason), "%s", reason);
}

static void
on_closed(void *o)
{
	((struct owner *)o)->closed++;
}

static const struct transport_callbacks callbacks = { on_message, on_lost, on_closed };

struct fixture {
	uv_loop_t loop;
	char      dir[64];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	log_set_level(LOG_ERROR);
	uv_loop_init(&f->loop);
	snprintf(f->dir, sizeof(f->dir), "/tmp/gh-child-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	snprintf(path, sizeof(path), "%s/home/t", f->dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/home", f->dir);
	rmdir(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct transport *
open_child(struct fixture *f, struct owner *w, const char *command, char **args, size_t nargs)
{
	struct transport_env env = { .loop = &f->loop, .state_dir = f->dir, .config_dir = "/",
	    .call_timeout_ms = 1000 };
	struct server_config srv = { .key = "t", .prefix = "t", .transport = SERVER_STDIO,
	    .command = (char *)command, .args = args, .nargs = nargs, .sandbox_off = true };
	char err[512];
	struct transport *t = child_open(&env, &srv, &callbacks, w, err, sizeof(err));

	assert_non_null(t);
	return t;
}

/* Run the loop until `done` or about two seconds have passed. */
static void
run_until(struct fixture *f, const int *counter, int want)
{
	for (int i = 0; i < 200 && *counter < want; i++) {
		uv_run(&f->loop, UV_RUN_NOWAIT);
		if (*counter < want)
			usleep(10000);
	}
}

/*
 * A server that never reads its stdin: the queue fills until the cap, and the
 * send that crosses it fails. The owner must hear of the loss afterwards, from
 * the loop, exactly once; every later send fails quietly.
 */
static void
test_send_overflow_reports_loss_later(void **state)
{
	struct fixture *f = *state;
	struct owner w = { 0 };
	static char *args[] = { "60" };
	struct transport *t = open_child(f, &w, "/bin/sleep", args, 1);
	size_t chunk = 4 * 1024 * 1024;
	char *big = malloc(chunk);
	int rc = 0, sends = 0;

	memset(big, 'x', chunk);
	big[0] = '"';
	big[chunk - 1] = '"';
	while (rc == 0 && sends < 64) {
		w.in_send = true;
		rc = transport_send(t, big, chunk);
		w.in_send = false;
		sends++;
	}
	assert_int_equal(rc, -1);
	assert_true(sends > 1);
	assert_int_equal(w.lost, 0);             /* not from inside send() */
	w.in_send = true;
	assert_int_equal(transport_send(t, "{}", 2), -1);
	w.in_send = false;
	run_until(f, &w.lost, 1);
	assert_int_equal(w.lost, 1);
	assert_string_equal(w.reason, "does not read its stdin fast enough");
	transport_close(t);
	run_until(f, &w.closed, 1);
	assert_int_equal(w.closed, 1);
	assert_int_equal(w.lost, 1);
	free(big);
}

/* close() before the deferred loss is told: the owner hears nothing of it. */
static void
test_close_before_loss_is_told(void **state)
{
	struct fixture *f = *state;
	struct owner w = { 0 };
	static char *args[] = { "60" };
	struct transport *t = open_child(f, &w, "/bin/sleep", args, 1);
	size_t chunk = 8 * 1024 * 1024;
	char *big = malloc(chunk);

	memset(big, ' ', chunk);
	for (int i = 0; i < 64 && transport_send(t, big, chunk) == 0; i++)
		;
	transport_close(t);
	run_until(f, &w.closed, 1);
	assert_int_equal(w.closed, 1);
	assert_int_equal(w.lost, 0);
	free(big);
}

/* A server that exits on its own is lost, once, with the reason. */
static void
test_exit_is_loss(void **state)
{
	struct fixture *f = *state;
	struct owner w = { 0 };
	struct transport *t = open_child(f, &w, "/bin/true", NULL, 0);

	run_until(f, &w.lost, 1);
	assert_int_equal(w.lost, 1);
	assert_string_equal(w.reason, "exited with status 0");
	assert_int_equal(transport_send(t, "{}", 2), -1);
	transport_close(t);
	run_until(f, &w.closed, 1);
	assert_int_equal(w.closed, 1);
	assert_int_equal(w.lost, 1);
}

/* Lines a server writes are delivered while it runs; close() is not a loss. */
static void
test_lines_delivered_until_close(void **state)
{
	struct fixture *f = *state;
	struct owner w = { 0 };
	struct transport *t = open_child(f, &w, "/bin/cat", NULL, 0);
	const char *msg = "{\"jsonrpc\":\"2.0\",\"method\":\"x\"}";

	assert_int_equal(transport_send(t, msg, strlen(msg)), 0);
	assert_int_equal(transport_send(t, msg, strlen(msg)), 0);
	run_until(f, &w.messages, 2);
	assert_int_equal(w.messages, 2);
	assert_int_equal(w.lost, 0);
	transport_close(t);
	run_until(f, &w.closed, 1);
	assert_int_equal(w.closed, 1);
	assert_int_equal(w.lost, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_overflow_reports_loss_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_before_loss_is_told, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_is_loss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lines_delivered_until_close, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

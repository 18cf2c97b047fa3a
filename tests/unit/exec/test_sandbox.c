/*
 * Unit tests for src/exec/sandbox.c: the policy of a server's sandbox and its
 * journey through the trampoline's argv. What the sandbox relies on: the argv
 * the gateway writes reads back to the same policy, anything else is refused
 * (a path that is not absolute, an unknown option, a missing "--"), and the
 * inferred "own files" of a server never include the gateway's configuration
 * or state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec/sandbox.h"
#include "util/util.h"

static int
argc_of(char **argv)
{
	int n = 0;

	while (argv[n] != NULL)
		n++;
	return n;
}

static bool
has_rule(const struct sandbox_policy *p, enum sandbox_access a, const char *path)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].access == a && strcmp(p->rules[i].path, path) == 0)
			return true;
	return false;
}

static bool
any_rule_under(const struct sandbox_policy *p, const char *prefix)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strncmp(p->rules[i].path, prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void
test_roundtrip(void **state)
{
	struct sandbox_policy *p = calloc(1, sizeof(*p)), *q = calloc(1, sizeof(*q));
	char *target[] = { "node", "server.js", "--flag=a b", "", NULL };
	char err[256];
	char **argv;
	int idx;

	(void)state;
	sandbox_policy_init(p);
	p->net = SANDBOX_NET_HOST;
	p->parent = 4242;
	p->nproc = 17;
	p->events = SANDBOX_EVENTS_FD;
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RX, "/usr"), 0);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RO, "/srv/data with space"), 0);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RW, "/var/lib/x=y"), 0);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_DEV, "/dev/null"), 0);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RX, "/usr"), 0);         /* a duplicate is skipped */
	assert_int_equal(p->nrules, 4);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RO, "relative"), -1);
	assert_int_equal(sandbox_policy_add(p, SANDBOX_RO, "/a\nb"), -1);

	argv = sandbox_argv(p, "gatehouse-sandbox", "/usr/bin/node", target);
	assert_string_equal(argv[1], "__sandbox-exec");
	assert_int_equal(sandbox_parse_argv(argc_of(argv) - 2, argv + 2, q, &idx, err, sizeof(err)), 0);
	idx += 2;
	assert_string_equal(argv[idx], "/usr/bin/node");
	assert_string_equal(argv[idx + 1], "node");
	assert_string_equal(argv[idx + 3], "--flag=a b");
	assert_string_equal(argv[idx + 4], "");
	assert_null(argv[idx + 5]);
	assert_int_equal(q->net, SANDBOX_NET_HOST);
	assert_int_equal(q->parent, 4242);
	assert_int_equal(q->nproc, 17);
	assert_int_equal(q->events, SANDBOX_EVENTS_FD);
	assert_int_equal(q->nofile, SANDBOX_NOFILE_DEFAULT);
	assert_int_equal(q->fsize, SANDBOX_FSIZE_DEFAULT);
	assert_int_equal(q->cpu, SANDBOX_CPU_DEFAULT);
	assert_int_equal(q->nrules, 4);
	assert_true(has_rule(q, SANDBOX_RO, "/srv/data with space"));
	assert_true(has_rule(q, SANDBOX_RW, "/var/lib/x=y"));
	assert_true(has_rule(q, SANDBOX_DEV, "/dev/null"));
	assert_int_equal(q->uid, 0);            /* no sandbox user: none travels */
	assert_int_equal(q->gid, 0);
	strv_free(argv);
	sandbox_policy_free(q);

	/* A root gateway's sandbox user travels as itself. */
	p->uid = 999;
	p->gid = 995;
	argv = sandbox_argv(p, "gatehouse-sandbox", "/usr/bin/node", target);
	assert_int_equal(sandbox_parse_argv(argc_of(argv) - 2, argv + 2, q, &idx, err, sizeof(err)), 0);
	assert_int_equal(q->uid, 999);
	assert_int_equal(q->gid, 995);
	strv_free(argv);
	sandbox_policy_free(q);
	p->uid = p->gid = 0;

	/* Each network mode travels as itself. */
	for (int net = SANDBOX_NET_NONE; net <= SANDBOX_NET_PUBLIC; net++) {
		p->net = (enum sandbox_net)net;
		argv = sandbox_argv(p, "gatehouse-sandbox", "/usr/bin/node", target);
		assert_int_equal(sandbox_parse_argv(argc_of(argv) - 2, argv + 2, q, &idx, err, sizeof(err)), 0);
		assert_int_equal(q->net, net);
		strv_free(argv);
		sandbox_policy_free(q);
	}
	sandbox_policy_free(p);
	free(p);
	free(q);
}

/* Each argv the parser must refuse, and a word its error must contain. */
static void
test_parse_refuses(void **state)
{
	static const struct { const char *args[8]; const char *says; } cases[] = {
		{ { "--net=none", "--parent=1", "/bin/true" }, "unexpected" },
		{ { "--net=none", "--parent=1", "--" }, "program" },
		{ { "--net=none", "--parent=1", "--", "true", "true" }, "absolute" },
		{ { "--net=none", "--parent=1", "--", "/bin/true" }, "argv[0]" },
		{ { "--parent=1", "--", "/bin/true", "true" }, "required" },
		{ { "--net=none", "--", "/bin/true", "true" }, "required" },
		{ { "--net=lan", "--parent=1", "--", "/bin/true", "true" }, "none, host or public" },
		{ { "--net=none", "--net=host", "--parent=1", "--", "/bin/true", "true" }, "once" },
		{ { "--net=none", "--parent=x", "--", "/bin/true", "true" }, "process id" },
		{ { "--net=none", "--parent=1", "--nproc=0", "--", "/bin/true", "true" }, "nproc" },
		{ { "--net=none", "--parent=1", "--nproc=12x", "--", "/bin/true", "true" }, "nproc" },
		{ { "--net=none", "--parent=1", "--nproc=-1", "--", "/bin/true", "true" }, "nproc" },
		{ { "--net=none", "--parent=1", "--cpu=99999999999999999999", "--", "/bin/true", "true" }, "cpu" },
		{ { "--net=none", "--parent=1", "--events=256", "--", "/bin/true", "true" }, "events" },
		{ { "--net=none", "--parent=1", "--events=0", "--", "/bin/true", "true" }, "events" },
		{ { "--net=none", "--parent=1", "--ro=etc", "--", "/bin/true", "true" }, "absolute" },
		{ { "--net=none", "--parent=1", "--rwx=/etc", "--", "/bin/true", "true" }, "unknown" },
		{ { "--net=none", "--parent=1", "--ro", "--", "/bin/true", "true" }, "unexpected" },
		{ { "--net=none", "--parent=1", "stray", "--", "/bin/true", "true" }, "unexpected" },
		{ { "--net=none", "--parent=1", "--uid=999", "--", "/bin/true", "true" }, "together" },
		{ { "--net=none", "--parent=1", "--gid=995", "--", "/bin/true", "true" }, "together" },
		{ { "--net=none", "--parent=1", "--uid=0", "--gid=0", "--", "/bin/true", "true" }, "uid" },
		{ { "--net=none", "--parent=1", "--uid=4294967295", "--gid=1", "--", "/bin/true", "true" }, "uid" },
	};
	struct sandbox_policy *p = calloc(1, sizeof(*p));

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[256] = "";
		int n = 0, idx = -1;
		while (n < 8 && cases[i].args[n] != NULL)
			n++;
		if (sandbox_parse_argv(n, (char *const *)cases[i].args, p, &idx, err, sizeof(err)) != -1 ||
		    strstr(err, cases[i].says) == NULL)
			fail_msg("case %zu: expected an error containing \"%s\", got \"%s\"", i, cases[i].says, err);
		assert_int_equal(p->nrules, 0);
	}
	free(p);
}

/* A tree on disk: a project with a package.json and node_modules, a config and
 * state kept inside another project, and a lone file. */
struct tree { char root[256]; };

static void
touch(const char *root, const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static void
mkdirs(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0700), 0);
}

static int
tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	static const char *const dirs[] = { "proj", "proj/node_modules", "proj/node_modules/pkg",
	    "proj/node_modules/pkg/dist", "proj/src", "proj/src/deep", "mixed", "mixed/etc",
	    "mixed/etc/state", "mixed/node_modules", "mixed/srv", "lone" };

	snprintf(t->root, sizeof(t->root), "%s/gh-sandbox-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(t->root));
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdirs(t->root, dirs[i]);
	touch(t->root, "proj/package.json");
	touch(t->root, "proj/node_modules/pkg/package.json");
	touch(t->root, "proj/node_modules/pkg/dist/index.js");
	touch(t->root, "proj/src/deep/server.mjs");
	touch(t->root, "mixed/package.json");
	touch(t->root, "mixed/srv/server.mjs");
	touch(t->root, "mixed/etc/server.mjs");
	touch(t->root, "lone/tool.py");
	*state = t;
	return 0;
}

static int
tree_teardown(void **state)
{
	struct tree *t = *state;
	char *const argv[] = { "rm", "-rf", t->root, NULL };
	pid_t pid = fork();

	/* No shell: rm with its arguments, as the tests of the other modules do. */
	if (pid == 0) {
		execv("/bin/rm", argv);
		_exit(127);
	}
	if (pid > 0)
		(void)waitpid(pid, NULL, 0);
	free(t);
	return 0;
}

static void
test_package_root(void **state)
{
	struct tree *t = *state;
	char file[512], want[512], out[512];

	snprintf(file, sizeof(file), "%s/proj/node_modules/pkg/dist/index.js", t->root);
	snprintf(want, sizeof(want), "%s/proj/node_modules", t->root);
	assert_int_equal(sandbox_package_root(file, out, sizeof(out)), 0);
	assert_string_equal(out, want);                 /* the whole tree Node resolves imports from */
	snprintf(file, sizeof(file), "%s/proj/src/deep/server.mjs", t->root);
	snprintf(want, sizeof(want), "%s/proj", t->root);
	assert_int_equal(sandbox_package_root(file, out, sizeof(out)), 0);
	assert_string_equal(out, want);
	snprintf(file, sizeof(file), "%s/lone/tool.py", t->root);
	assert_int_equal(sandbox_package_root(file, out, sizeof(out)), 0);
	assert_string_equal(out, file);                 /* no project: the file alone */
	assert_int_equal(sandbox_package_root("/x.js", out, sizeof(out)), -1);
	assert_int_equal(sandbox_package_root("rel/x.js", out, sizeof(out)), -1);
	assert_int_equal(sandbox_package_root(file, out, 8), -1);
}

static void
build(struct tree *t, struct sandbox_policy *p, const char *cwd_rel, const char *state_rel, char **args,
    size_t nargs, char **read, size_t nread, int want_rc, char *err, size_t errcap)
{
	char cwd[512], st[512], home[600];
	struct sandbox_inputs in = { 0 };

	snprintf(cwd, sizeof(cwd), "%s/%s", t->root, cwd_rel);
	snprintf(st, sizeof(st), "%s/%s", t->root, state_rel);
	snprintf(home, sizeof(home), "%s/home/s", st);
	in.program = "/bin/sh";
	in.args = args;
	in.nargs = nargs;
	in.cwd = cwd;
	in.state_dir = st;
	in.private_dir = home;
	in.read = read;
	in.nread = nread;
	sandbox_policy_init(p);
	assert_int_equal(sandbox_policy_build(p, &in, err, errcap), want_rc);
}

static void
test_build(void **state)
{
	struct tree *t = *state;
	struct sandbox_policy *p = calloc(1, sizeof(*p));
	char err[512], path[600], real_sh[4096];
	char *args[] = { "proj/src/deep/server.mjs", "--port", "/nonexistent", "" };
	char *read[] = { "/srv/declared" };

	build(t, p, ".", "state", args, 4, read, 1, 0, err, sizeof(err));
	assert_true(has_rule(p, SANDBOX_RX, "/usr"));
	assert_true(has_rule(p, SANDBOX_DEV, "/dev/null"));
	assert_true(has_rule(p, SANDBOX_RO, "/etc/ssl"));
	assert_false(has_rule(p, SANDBOX_RO, "/etc"));              /* never the whole of /etc */
	assert_false(any_rule_under(p, "/etc/shadow"));
	/* Nothing in a home ($HOME, /home), unless the test tree itself is in it ($TMPDIR). */
	const char *home = getenv("HOME");
	if (home != NULL && home[0] == '/' && home[1] != '\0' && strncmp(t->root, home, strlen(home)) != 0)
		assert_false(any_rule_under(p, home));
	if (strncmp(t->root, "/home/", 6) != 0)
		assert_false(any_rule_under(p, "/home"));
	snprintf(path, sizeof(path), "%s/proj", t->root);
	assert_true(has_rule(p, SANDBOX_RX, path));                  /* a relative script: its package */
	snprintf(path, sizeof(path), "%s/state/home/s", t->root);
	assert_true(has_rule(p, SANDBOX_RW, path));
	assert_true(has_rule(p, SANDBOX_RO, "/srv/declared"));
	assert_true(realpath("/bin/sh", real_sh) != NULL);
	*strrchr(real_sh, '/') = '\0';
	assert_true(has_rule(p, SANDBOX_RX, real_sh));              /* the program's directory */
	assert_false(has_rule(p, SANDBOX_RX, t->root));
	assert_int_equal(p->net, SANDBOX_NET_NONE);
	assert_int_equal(p->parent, getpid());
	sandbox_policy_free(p);

	/* A config and state inside the server's project: only the script's own
	 * directory and the project's node_modules and package.json. */
	char *mixed[] = { "../srv/server.mjs" };
	build(t, p, "mixed/etc", "mixed/etc/state", mixed, 1, NULL, 0, 0, err, sizeof(err));
	snprintf(path, sizeof(path), "%s/mixed", t->root);
	assert_false(has_rule(p, SANDBOX_RX, path));
	snprintf(path, sizeof(path), "%s/mixed/srv", t->root);
	assert_true(has_rule(p, SANDBOX_RX, path));
	snprintf(path, sizeof(path), "%s/mixed/node_modules", t->root);
	assert_true(has_rule(p, SANDBOX_RX, path));
	snprintf(path, sizeof(path), "%s/mixed/package.json", t->root);
	assert_true(has_rule(p, SANDBOX_RO, path));
	snprintf(path, sizeof(path), "%s/mixed/etc", t->root);
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].access != SANDBOX_RW)
			assert_false(strncmp(p->rules[i].path, path, strlen(path)) == 0);
	sandbox_policy_free(p);

	/* A script in the very directory of the config: refused, naming the way out. */
	char *beside[] = { "server.mjs" };
	build(t, p, "mixed/etc", "mixed/etc/state", beside, 1, NULL, 0, -1, err, sizeof(err));
	assert_non_null(strstr(err, "\"sandbox\": false"));
	sandbox_policy_free(p);
	free(p);
}

/* A machine without a feature refuses the server, naming the feature and the
 * setting that would start it anyway. */
static void
test_check(void **state)
{
	struct sandbox_features all = { .landlock_abi = 7, .seccomp = true, .userns = true, .tun = true };
	struct sandbox_features f;
	char err[512];

	(void)state;
	snprintf(all.slirp4netns, sizeof(all.slirp4netns), "/usr/bin/slirp4netns");
	assert_int_equal(sandbox_check(&all, "s", true, err, sizeof(err)), 0);
	assert_int_equal(sandbox_check(&all, "s", false, err, sizeof(err)), 0);

	f = all;
	f.landlock_abi = -38;
	assert_int_equal(sandbox_check(&f, "fs", false, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "server \"fs\""));
	assert_non_null(strstr(err, "Landlock"));
	assert_non_null(strstr(err, "\"sandbox\": false"));
	f = all;
	f.seccomp = false;
	assert_int_equal(sandbox_check(&f, "fs", false, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "seccomp"));
	f = all;
	f.userns = false;
	assert_int_equal(sandbox_check(&f, "fs", false, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "user namespaces"));

	f = all;
	f.slirp4netns[0] = '\0';
	assert_int_equal(sandbox_check(&f, "fs", false, err, sizeof(err)), 0);     /* not needed */
	assert_int_equal(sandbox_check(&f, "fs", true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "slirp4netns"));
	assert_non_null(strstr(err, "\"network\": false"));
	f = all;
	f.tun = false;
	assert_int_equal(sandbox_check(&f, "fs", true, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/dev/net/tun"));
}

/*
 * The sandbox user: none for a gateway that is not root; as root, the named
 * user, and a clear refusal for one that does not exist. Giving a directory
 * to it changes the owner of everything inside, and nothing a link points at.
 */
static void
test_user_and_give(void **state)
{
	struct sandbox_user u;
	char err[512] = "", dir[] = "/tmp/gh-unit-give-XXXXXX", path[256], outside[] = "/tmp/gh-unit-out-XXXXXX";
	struct stat st;
	int fd;

	(void)state;
	if (geteuid() != 0) {
		assert_int_equal(sandbox_user(&u, err, sizeof(err)), 0);
		assert_false(u.drop);
		assert_int_equal(sandbox_give("/nonexistent", &u), 0);   /* nothing to give */
		skip();
	}
	setenv("GATEHOUSE_SANDBOX_USER", "gh-unit-no-such-user", 1);
	assert_int_equal(sandbox_user(&u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "\"gh-unit-no-such-user\", which does not exist; create it (adduser --system"));
	setenv("GATEHOUSE_SANDBOX_USER", "root", 1);
	assert_int_equal(sandbox_user(&u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is root"));
	setenv("GATEHOUSE_SANDBOX_USER", "nobody", 1);
	assert_int_equal(sandbox_user(&u, err, sizeof(err)), 0);
	unsetenv("GATEHOUSE_SANDBOX_USER");
	assert_true(u.drop);
	assert_int_not_equal(u.uid, 0);

	assert_non_null(mkdtemp(dir));
	fd = mkstemp(outside);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sub/file", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/link", dir);
	assert_int_equal(symlink(outside, path), 0);
	assert_int_equal(sandbox_give(dir, &u), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_uid, u.uid);
	snprintf(path, sizeof(path), "%s/sub/file", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_uid, u.uid);
	assert_int_equal(st.st_gid, u.gid);
	snprintf(path, sizeof(path), "%s/link", dir);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_uid, u.uid);                    /* the link itself */
	assert_int_equal(stat(outside, &st), 0);
	assert_int_equal(st.st_uid, 0);                        /* not what it points at */
	/* Already the user's: left as it is (a file made root's since stays so). */
	snprintf(path, sizeof(path), "%s/sub/file", dir);
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(sandbox_give(dir, &u), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_uid, 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/link", dir);
	unlink(path);
	rmdir(dir);
	unlink(outside);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_user_and_give),
		cmocka_unit_test_setup_teardown(test_package_root, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_build, tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

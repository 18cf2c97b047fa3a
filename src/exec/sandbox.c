/*
 * The policy of a server's sandbox: which paths it may read, execute and write,
 * its network and its resource limits, and how the policy travels to the
 * trampoline in argv (src/exec/sandbox.h). Building the policy looks at the
 * filesystem; writing and reading the argv are pure.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.h"
#include "../util/util.h"

/* realpath() writes up to PATH_MAX bytes into the LIMIT_PATH buffers below. */
_Static_assert(LIMIT_PATH >= 4096, "LIMIT_PATH must hold PATH_MAX");

/*
 * What any program needs to run: the system's programs and libraries (read and
 * execute), the few files of /etc that name resolution, TLS, time zones and
 * npm's system settings read,
 * /proc (other processes' memory and environment stay out of reach: Landlock
 * denies ptrace-like access out of the domain) and the harmless devices. A path
 * missing on this machine is skipped by the trampoline.
 */
static const struct { enum sandbox_access access; const char *path; } system_paths[] = {
	{ SANDBOX_RX,  "/usr" },
	{ SANDBOX_RX,  "/bin" },
	{ SANDBOX_RX,  "/sbin" },
	{ SANDBOX_RX,  "/lib" },
	{ SANDBOX_RX,  "/lib32" },
	{ SANDBOX_RX,  "/lib64" },
	{ SANDBOX_RX,  "/libx32" },
	{ SANDBOX_RO,  "/etc/ssl" },
	{ SANDBOX_RO,  "/etc/ca-certificates" },
	{ SANDBOX_RO,  "/etc/pki" },
	{ SANDBOX_RO,  "/etc/resolv.conf" },
	{ SANDBOX_RO,  "/etc/hosts" },
	{ SANDBOX_RO,  "/etc/host.conf" },
	{ SANDBOX_RO,  "/etc/nsswitch.conf" },
	{ SANDBOX_RO,  "/etc/gai.conf" },
	{ SANDBOX_RO,  "/etc/passwd" },
	{ SANDBOX_RO,  "/etc/group" },
	{ SANDBOX_RO,  "/etc/localtime" },
	{ SANDBOX_RO,  "/etc/locale.alias" },   /* glibc's setlocale reads it when LANG is set */
	{ SANDBOX_RO,  "/etc/timezone" },
	{ SANDBOX_RO,  "/etc/ld.so.cache" },
	{ SANDBOX_RO,  "/etc/ld.so.conf" },
	{ SANDBOX_RO,  "/etc/ld.so.conf.d" },
	{ SANDBOX_RO,  "/etc/mime.types" },
	{ SANDBOX_RO,  "/etc/os-release" },
	{ SANDBOX_RO,  "/etc/npmrc" },          /* Debian's npm: the system CA file for npx */
	{ SANDBOX_RO,  "/etc/gitconfig" },      /* git dies when it cannot read it (exec commands running git) */
	{ SANDBOX_RO,  "/proc" },
	{ SANDBOX_RO,  "/sys/fs/cgroup" },
	{ SANDBOX_RO,  "/sys/devices/system/cpu" },
	{ SANDBOX_DEV, "/dev/null" },
	{ SANDBOX_DEV, "/dev/zero" },
	{ SANDBOX_DEV, "/dev/full" },
	{ SANDBOX_DEV, "/dev/random" },
	{ SANDBOX_DEV, "/dev/urandom" },
};

static const char *const access_names[] = {
	[SANDBOX_RO] = "ro", [SANDBOX_RX] = "rx", [SANDBOX_RW] = "rw", [SANDBOX_DEV] = "dev",
};

void
sandbox_policy_init(struct sandbox_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->net = SANDBOX_NET_NONE;
	p->nproc = SANDBOX_NPROC_DEFAULT;
	p->nofile = SANDBOX_NOFILE_DEFAULT;
	p->fsize = SANDBOX_FSIZE_DEFAULT;
	p->cpu = SANDBOX_CPU_DEFAULT;
	p->data = SANDBOX_DATA_DEFAULT;
}

void
sandbox_policy_free(struct sandbox_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++)
		free(p->rules[i].path);
	p->nrules = 0;
}

int
sandbox_policy_add(struct sandbox_policy *p, enum sandbox_access a, const char *path)
{
	if (path[0] != '/' || strchr(path, '\n') != NULL || strlen(path) >= LIMIT_PATH)
		return -1;
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].access == a && strcmp(p->rules[i].path, path) == 0)
			return 0;
	if (p->nrules >= LIMIT_SANDBOX_RULES)
		return -1;
	p->rules[p->nrules].access = a;
	p->rules[p->nrules].path = xstrdup(path);
	p->nrules++;
	return 0;
}

static bool
exists_in(const char *dir, const char *name)
{
	char path[LIMIT_PATH];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return false;
	return stat(path, &st) == 0;
}

/*
 * A file inside node_modules belongs to the whole tree of packages that Node
 * resolves its imports from: the outermost node_modules. Elsewhere, the nearest
 * ancestor that looks like a project root. Never "/".
 */
int
sandbox_package_root(const char *file, char *out, size_t cap)
{
	char dir[LIMIT_PATH];
	const char *nm = strstr(file, "/node_modules/");
	char *slash;

	if (file[0] != '/')
		return -1;
	if (nm != NULL) {
		size_t n = (size_t)(nm - file) + strlen("/node_modules");
		if (n >= cap)
			return -1;
		memcpy(out, file, n);
		out[n] = '\0';
		return 0;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s", file) >= sizeof(dir))
		return -1;
	slash = strrchr(dir, '/');
	if (slash == dir)
		return -1;                      /* a file directly in "/" */
	*slash = '\0';
	for (int depth = 0; depth < LIMIT_SANDBOX_PACKAGE_DEPTH && dir[0] == '/' && dir[1] != '\0'; depth++) {
		if (exists_in(dir, "package.json") || exists_in(dir, "pyproject.toml") ||
		    exists_in(dir, "node_modules")) {
			if ((size_t)snprintf(out, cap, "%s", dir) >= cap)
				return -1;
			return 0;
		}
		slash = strrchr(dir, '/');
		if (slash == dir)
			break;
		*slash = '\0';
	}
	/* No project around it: the file alone. */
	if ((size_t)snprintf(out, cap, "%s", file) >= cap)
		return -1;
	return 0;
}

/* Does `dir` hold the gateway's configuration or state? (NULL entries skipped) */
static const char *
guarded_in(const char *dir, const struct sandbox_inputs *in)
{
	size_t n = strlen(dir);

	if (in->cwd && util_path_beneath(dir, n, in->cwd))
		return in->cwd;
	if (in->state_dir && util_path_beneath(dir, n, in->state_dir))
		return in->state_dir;
	return NULL;
}

static int
add_if_exists(struct sandbox_policy *p, enum sandbox_access a, const char *dir, const char *name)
{
	char path[LIMIT_PATH];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) || access(path, F_OK) != 0)
		return 0;
	return sandbox_policy_add(p, a, path);
}

/*
 * The server's own files around `real` (a resolved regular file): its package
 * root. When that tree would also hold the gateway's configuration or state
 * (a config kept next to the servers' code), only the file's directory and the
 * root's node_modules and package.json: the gateway's files stay out of what
 * was inferred. Declared paths are the user's explicit choice and not checked.
 */
static int
add_own_file(struct sandbox_policy *p, const char *real, const struct sandbox_inputs *in, char *err, size_t errcap)
{
	char root[LIMIT_PATH], dir[LIMIT_PATH];
	const char *g;
	char *slash;

	if (sandbox_package_root(real, root, sizeof(root)) != 0)
		return 0;
	if (guarded_in(root, in) == NULL)
		return sandbox_policy_add(p, SANDBOX_RX, root);
	snprintf(dir, sizeof(dir), "%s", real);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir)
		*slash = '\0';
	if ((g = guarded_in(dir, in)) != NULL) {
		snprintf(err, errcap, "%s is in %s, which holds the gateway's configuration or state; move "
		    "the server's files elsewhere, or set \"sandbox\": false for this server", real, g);
		return -1;
	}
	if (sandbox_policy_add(p, SANDBOX_RX, dir) != 0 ||
	    (strcmp(root, real) != 0 && (add_if_exists(p, SANDBOX_RX, root, "node_modules") != 0 ||
	    add_if_exists(p, SANDBOX_RO, root, "package.json") != 0)))
		return -1;
	return 0;
}

/* The install tree of the program: its directory and, for .../bin, the sibling
 * lib (nvm's node keeps npm in ../lib/node_modules). */
static int
add_program(struct sandbox_policy *p, const char *program, const struct sandbox_inputs *in, char *err, size_t errcap)
{
	char real[LIMIT_PATH];
	char *slash;

	if (realpath(program, real) == NULL) {
		snprintf(err, errcap, "cannot resolve %s (%s)", program, strerror(errno));
		return -1;
	}
	slash = strrchr(real, '/');
	if (slash == real || strstr(real, "/node_modules/") != NULL || guarded_in(real, in) != NULL)
		return add_own_file(p, real, in, err, errcap);
	*slash = '\0';
	if (guarded_in(real, in) != NULL) {
		*slash = '/';
		return add_own_file(p, real, in, err, errcap);
	}
	if (sandbox_policy_add(p, SANDBOX_RX, real) != 0)
		return -1;
	slash = strrchr(real, '/');
	if (slash != NULL && slash != real && strcmp(slash, "/bin") == 0) {
		*slash = '\0';
		if (guarded_in(real, in) == NULL && add_if_exists(p, SANDBOX_RX, real, "lib") != 0)
			return -1;
	}
	return 0;
}

int
sandbox_policy_build(struct sandbox_policy *p, const struct sandbox_inputs *in, char *err, size_t errcap)
{
	p->net = in->net;
	p->parent = getpid();
	p->events = SANDBOX_EVENTS_FD;      /* the gateway reads it: sandbox_events_stdio() */
	if (in->nproc)
		p->nproc = in->nproc;
	if (in->nofile)
		p->nofile = in->nofile;
	if (in->fsize)
		p->fsize = in->fsize;
	if (in->cpu)
		p->cpu = in->cpu;
	if (in->data)
		p->data = in->data;
	p->uid = in->uid;
	p->gid = in->gid;
	for (size_t i = 0; i < sizeof(system_paths) / sizeof(system_paths[0]); i++)
		(void)sandbox_policy_add(p, system_paths[i].access, system_paths[i].path);
	err[0] = '\0';
	if (add_program(p, in->program, in, err, errcap) != 0) {
		if (err[0] == '\0')
			snprintf(err, errcap, "too many paths for one sandbox (at most %d)", LIMIT_SANDBOX_RULES);
		return -1;
	}
	/* An argument that names an existing file is the server's script: its package. */
	for (size_t i = 0; i < in->nargs; i++) {
		char joined[LIMIT_PATH], real[LIMIT_PATH];
		const char *a = in->args[i];
		struct stat st;

		if (a[0] == '\0' || a[0] == '-')
			continue;
		if (a[0] != '/' && (size_t)snprintf(joined, sizeof(joined), "%s/%s", in->cwd, a) >= sizeof(joined))
			continue;
		if (realpath(a[0] == '/' ? a : joined, real) == NULL || stat(real, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (add_own_file(p, real, in, err, errcap) != 0) {
			if (err[0] == '\0')
				snprintf(err, errcap, "too many paths for one sandbox (at most %d)", LIMIT_SANDBOX_RULES);
			return -1;
		}
	}
	if (sandbox_policy_add(p, SANDBOX_RW, in->private_dir) != 0 ||
	    (in->cache_dir && sandbox_policy_add(p, SANDBOX_RW, in->cache_dir) != 0)) {
		snprintf(err, errcap, "the private directory %s cannot be a sandbox path", in->private_dir);
		return -1;
	}
	for (size_t i = 0; i < in->nread; i++)
		if (sandbox_policy_add(p, SANDBOX_RO, in->read[i]) != 0) {
			snprintf(err, errcap, "\"sandbox\".\"read\": %s cannot be a sandbox path (absolute, no newline, at most %d paths)",
			    in->read[i], LIMIT_SANDBOX_RULES);
			return -1;
		}
	for (size_t i = 0; i < in->nwrite; i++)
		if (sandbox_policy_add(p, SANDBOX_RW, in->write[i]) != 0) {
			snprintf(err, errcap, "\"sandbox\".\"write\": %s cannot be a sandbox path (absolute, no newline, at most %d paths)",
			    in->write[i], LIMIT_SANDBOX_RULES);
			return -1;
		}
	return 0;
}

static char *
option(const char *name, const char *value)
{
	return xprintf("--%s=%s", name, value);
}

static char *
option_u64(const char *name, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%" PRIu64, v);
	return option(name, num);
}

char **
sandbox_argv(const struct sandbox_policy *p, const char *argv0, const char *program, char *const *target_argv)
{
	size_t ntarget = 0, n = 0;
	char **out;

	while (target_argv[ntarget] != NULL)
		ntarget++;
	out = xcalloc(p->nrules + ntarget + 16, sizeof(char *));
	out[n++] = xstrdup(argv0);
	out[n++] = xstrdup("__sandbox-exec");
	out[n++] = option("net", p->net == SANDBOX_NET_HOST ? "host" : p->net == SANDBOX_NET_PUBLIC ? "public" : "none");
	out[n++] = option_u64("nproc", p->nproc);
	out[n++] = option_u64("nofile", p->nofile);
	out[n++] = option_u64("fsize", p->fsize);
	out[n++] = option_u64("cpu", p->cpu);
	out[n++] = option_u64("data", p->data);
	out[n++] = option_u64("parent", (uint64_t)p->parent);
	if (p->events != 0)
		out[n++] = option_u64("events", p->events);
	if (p->uid != 0) {
		out[n++] = option_u64("uid", p->uid);
		out[n++] = option_u64("gid", p->gid);
	}
	for (size_t i = 0; i < p->nrules; i++)
		out[n++] = option(access_names[p->rules[i].access], p->rules[i].path);
	out[n++] = xstrdup("--");
	out[n++] = xstrdup(program);
	for (size_t i = 0; i < ntarget; i++)
		out[n++] = xstrdup(target_argv[i]);
	out[n] = NULL;
	return out;
}

/* An argument quoted in an error: at most 48 bytes, anything but printable
 * ASCII shown as '?', so that the message stays one line of the log. */
static const char *
quoted(const char *a, char *out, size_t cap)
{
	size_t n = 0;

	for (; *a != '\0' && n + 1 < cap && n < 48; a++)
		out[n++] = (*a >= 0x20 && *a < 0x7f) ? *a : '?';
	out[n] = '\0';
	return out;
}

/* A decimal number in [1, max] with nothing around it. */
static int
parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int
sandbox_parse_argv(int argc, char *const *argv, struct sandbox_policy *p, int *program_index,
    char *err, size_t errcap)
{
	static const struct { const char *name; size_t off; uint64_t max; } numbers[] = {
		{ "nproc",  offsetof(struct sandbox_policy, nproc),  SANDBOX_NPROC_MAX },
		{ "nofile", offsetof(struct sandbox_policy, nofile), SANDBOX_NOFILE_MAX },
		{ "fsize",  offsetof(struct sandbox_policy, fsize),  SANDBOX_FSIZE_MAX },
		{ "cpu",    offsetof(struct sandbox_policy, cpu),    SANDBOX_CPU_MAX },
		{ "data",   offsetof(struct sandbox_policy, data),   SANDBOX_DATA_MAX },
		{ "events", offsetof(struct sandbox_policy, events), SANDBOX_EVENTS_FD_MAX },
		{ "uid",    offsetof(struct sandbox_policy, uid),    UINT32_MAX - 1 },
		{ "gid",    offsetof(struct sandbox_policy, gid),    UINT32_MAX - 1 },
		{ "parent", offsetof(struct sandbox_policy, parent), 0 },
	};
	bool have_net = false, have_parent = false;

	sandbox_policy_init(p);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		char q[64];
		size_t nlen;
		bool known = false;

		if (strcmp(a, "--") == 0) {
			if (i + 2 >= argc || argv[i + 1][0] != '/') {
				snprintf(err, errcap, "no absolute program and argv[0] after \"--\"");
				goto fail;
			}
			if (!have_net || !have_parent) {
				snprintf(err, errcap, "--net and --parent are required");
				goto fail;
			}
			if ((p->uid == 0) != (p->gid == 0)) {
				snprintf(err, errcap, "--uid and --gid go together");
				goto fail;
			}
			*program_index = i + 1;
			return 0;
		}
		if (strncmp(a, "--", 2) != 0 || (eq = strchr(a, '=')) == NULL) {
			snprintf(err, errcap, "unexpected argument \"%s\"", quoted(a, q, sizeof(q)));
			goto fail;
		}
		nlen = (size_t)(eq - a - 2);
		eq++;
		if (nlen == 3 && strncmp(a + 2, "net", 3) == 0) {
			if (have_net || (strcmp(eq, "none") != 0 && strcmp(eq, "host") != 0 && strcmp(eq, "public") != 0)) {
				snprintf(err, errcap, "--net must be given once, as none, host or public");
				goto fail;
			}
			p->net = strcmp(eq, "host") == 0 ? SANDBOX_NET_HOST : strcmp(eq, "public") == 0 ?
			    SANDBOX_NET_PUBLIC : SANDBOX_NET_NONE;
			have_net = true;
			continue;
		}
		for (size_t k = 0; k < sizeof(numbers) / sizeof(numbers[0]) && !known; k++) {
			uint64_t v;
			if (strlen(numbers[k].name) != nlen || strncmp(a + 2, numbers[k].name, nlen) != 0)
				continue;
			known = true;
			if (numbers[k].off == offsetof(struct sandbox_policy, parent)) {
				if (parse_u64(eq, INT32_MAX, &v) != 0) {
					snprintf(err, errcap, "--parent must be a process id");
					goto fail;
				}
				p->parent = (pid_t)v;
				have_parent = true;
			} else {
				if (parse_u64(eq, numbers[k].max, &v) != 0) {
					snprintf(err, errcap, "--%s must be a number from 1 to %" PRIu64, numbers[k].name,
					    numbers[k].max);
					goto fail;
				}
				*(uint64_t *)((char *)p + numbers[k].off) = v;
			}
		}
		for (size_t k = 0; k < sizeof(access_names) / sizeof(access_names[0]) && !known; k++) {
			if (strlen(access_names[k]) != nlen || strncmp(a + 2, access_names[k], nlen) != 0)
				continue;
			known = true;
			if (sandbox_policy_add(p, (enum sandbox_access)k, eq) != 0) {
				snprintf(err, errcap, "--%s needs an absolute path (at most %d rules)", access_names[k],
				    LIMIT_SANDBOX_RULES);
				goto fail;
			}
		}
		if (!known) {
			char name[64];
			snprintf(name, sizeof(name), "%.*s", (int)(nlen + 2 < sizeof(name) - 1 ? nlen + 2 : sizeof(name) - 1), a);
			snprintf(err, errcap, "unknown option \"%s\"", quoted(name, q, sizeof(q)));
			goto fail;
		}
	}
	snprintf(err, errcap, "no \"--\" before the program");
fail:
	sandbox_policy_free(p);
	return -1;
}

int
sandbox_user(struct sandbox_user *u, char *err, size_t errcap)
{
	const char *name = getenv("GATEHOUSE_SANDBOX_USER");
	struct passwd *pw;

	memset(u, 0, sizeof(*u));
	if (geteuid() != 0)
		return 0;
	if (name == NULL || name[0] == '\0')
		name = SANDBOX_USER;
	snprintf(u->name, sizeof(u->name), "%s", name);
	errno = 0;
	pw = getpwnam(name);
	if (pw == NULL) {
		snprintf(err, errcap, "the gateway runs as root, and runs its sandboxed children as the system user "
		    "\"%s\", which does not exist; create it (adduser --system --group --no-create-home %s), run "
		    "the gateway as an unprivileged user, or set \"sandbox\": false for this server", u->name, u->name);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		snprintf(err, errcap, "the sandbox user \"%s\" is root (uid or gid 0), which would leave the "
		    "children root; name an unprivileged user in GATEHOUSE_SANDBOX_USER", u->name);
		return -1;
	}
	u->drop = true;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

/* nftw() has no user argument: the owner being given, for one call at a time
 * (the gateway is single-threaded). */
static const struct sandbox_user *giving;

static int
give_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	(void)ftw;
	if ((st->st_uid != giving->uid || st->st_gid != giving->gid) &&
	    lchown(path, giving->uid, giving->gid) != 0)
		return -1;
	return 0;
}

int
sandbox_give(const char *dir, const struct sandbox_user *u)
{
	struct stat st;
	int rc;

	if (!u->drop)
		return 0;
	if (lstat(dir, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid == u->uid && st.st_gid == u->gid)
		return 0;
	giving = u;
	rc = nftw(dir, give_one, 16, FTW_PHYS | FTW_MOUNT);
	giving = NULL;
	return rc == 0 ? 0 : -1;
}

int
sandbox_user_for(struct sandbox_user *u, const char *home, const char *cache, char *err, size_t errcap)
{
	const char *failed;

	if (sandbox_user(u, err, errcap) != 0)
		return -1;
	failed = sandbox_give(home, u) != 0 ? home : cache != NULL && sandbox_give(cache, u) != 0 ? cache : NULL;
	if (failed == NULL)
		return 0;
	snprintf(err, errcap, "cannot give %s to the sandbox user \"%s\" (%s)", failed, u->name, strerror(errno));
	return -1;
}

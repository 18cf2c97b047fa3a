/*
 * The sandbox of a stdio server (DESIGN.md section 4, "sandbox").
 *
 * uv_spawn has no hook between fork and exec, so the gateway starts its own
 * binary as a trampoline (`gatehouse __sandbox-exec OPTIONS -- PROGRAM ARGV...`)
 * that confines itself and then executes the server. The policy travels in that
 * argv: paths and numbers only, never a secret, never through a shell, read back
 * by a pure parser. After "--" come the program's absolute path, then its
 * whole argv (argv[0] included).
 *
 * In the trampoline, in this order: rlimits; PR_SET_PDEATHSIG; no_new_privs; a
 * user namespace (uid mapped to itself, root to nobody: no capability survives
 * exec; for a root gateway, root and its sandbox user each mapped to
 * themselves, written by a helper that stays outside), then the process limit, a PID namespace and, for "network":
 * false, an empty network namespace; then, in the namespace's init: a mount
 * namespace with a /proc of its PID namespace (and, for a root gateway, the
 * directories its sandbox user cannot pass through replaced by skeletons that
 * lead to the server's paths only), the drop to the sandbox user, Landlock,
 * seccomp (its listener handed to the
 * trampoline), close_range, fork: the child executes the server, the init
 * reaps orphans and, when the server ends, tells the trampoline its status
 * and how many processes it left behind, and exits (the kernel then ends
 * every process of the namespace). The trampoline answers the seccomp
 * notifications of watched and denied calls and tells the gateway of each on
 * its event pipe (sandbox_events.h) until then.
 */
#ifndef GH_SANDBOX_H
#define GH_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../limits.h"

/* What a path rule lets the server do beneath it. */
enum sandbox_access {
	SANDBOX_RO,         /* read files, list directories */
	SANDBOX_RX,         /* ... and execute */
	SANDBOX_RW,         /* everything: create, write, remove */
	SANDBOX_DEV,        /* a device file: read and write it */
};

enum sandbox_net {
	SANDBOX_NET_NONE,   /* an empty network namespace (loopback of its own) */
	SANDBOX_NET_HOST,   /* the host's network */
	SANDBOX_NET_PUBLIC, /* the internet through slirp4netns, not the host nor private ranges */
};

struct sandbox_rule {
	enum sandbox_access access;
	char               *path;       /* absolute */
};

/* Defaults and ranges of the resource limits: SANDBOX_* in src/limits.h. */

struct sandbox_policy {
	enum sandbox_net    net;
	struct sandbox_rule rules[LIMIT_SANDBOX_RULES];
	size_t              nrules;
	uint64_t            nproc, nofile, fsize, cpu, data;
	uint64_t            events;     /* the fd of the sandbox's event lines to the gateway; 0: none */
	uint64_t            uid, gid;   /* a root gateway's sandbox user, which the server runs as; 0: none */
	pid_t               parent;     /* the gateway: the trampoline must be its child */
};

/* What the gateway knows when it builds a server's policy. */
struct sandbox_inputs {
	const char   *program;          /* resolved absolute path of the command */
	char *const  *args;             /* the configured arguments */
	size_t        nargs;
	const char   *cwd;              /* the server's working directory (config dir) */
	const char   *state_dir;        /* the gateway's state: never inferred readable */
	const char   *private_dir;      /* its HOME and TMPDIR (written) */
	const char   *cache_dir;        /* shared package cache (written), or NULL */
	char *const  *read;             /* declared "read" paths, absolute */
	size_t        nread;
	char *const  *write;            /* declared "write" paths, absolute */
	size_t        nwrite;
	enum sandbox_net net;
	uint64_t      nproc, nofile, fsize, cpu, data;  /* 0: the default */
	uid_t         uid;              /* the sandbox user (sandbox_user()), or 0: none */
	gid_t         gid;
};

/*
 * The user a root gateway's sandboxed children run as: the system user
 * SANDBOX_USER ("gatehouse"; GATEHOUSE_SANDBOX_USER names another), never
 * root. Without it a child would keep root's uid outside its user namespace:
 * root's files would be its own for every permission check, and RLIMIT_NPROC
 * would not bind it. A gateway that is not root runs its children as itself.
 */
struct sandbox_user {
	bool  drop;                     /* the gateway is root: children run as uid/gid */
	uid_t uid;
	gid_t gid;
	char  name[64];
};

#define SANDBOX_USER "gatehouse"

/* Look the user up (once per call: callers keep the result). 0, or -1 with one
 * sentence in err saying how to create it. */
int  sandbox_user(struct sandbox_user *u, char *err, size_t errcap);

/* Make a child's private directory (or the shared cache) the sandbox user's:
 * the directory and, when it was not the user's yet (made by an older gateway
 * that ran its children as root), everything in it, without following links
 * or leaving its filesystem. 0, or -1 with errno. */
int  sandbox_give(const char *dir, const struct sandbox_user *u);

/* Both, for a child about to start: the user looked up, its private directory
 * and the shared cache (NULL: none) given to it. 0, or -1 with one sentence in err. */
int  sandbox_user_for(struct sandbox_user *u, const char *home, const char *cache, char *err, size_t errcap);

/* The sandbox features this kernel and machine offer. */
struct sandbox_features {
	long  landlock_abi;             /* > 0, or -errno */
	bool  seccomp;
	bool  notify;                   /* seccomp user notification: denied attempts can be logged */
	bool  userns;
	char  slirp4netns[LIMIT_PATH];  /* its path, or "" */
	bool  tun;                      /* /dev/net/tun is usable by us (slirp4netns needs it) */
};

void sandbox_policy_init(struct sandbox_policy *p);
void sandbox_policy_free(struct sandbox_policy *p);
/* Add a rule (an exact duplicate is skipped); -1 if the path is not absolute,
 * holds a newline or the table is full. */
int  sandbox_policy_add(struct sandbox_policy *p, enum sandbox_access a, const char *path);

/*
 * The policy of one server: the system paths a program needs to run, the
 * server's own files (the install tree of its program, and the package that
 * holds each argument naming an existing file), its private directory, the
 * shared cache, and the declared paths. Reads the filesystem (realpath, stat)
 * but changes nothing. 0, or -1 with one sentence in err.
 */
int  sandbox_policy_build(struct sandbox_policy *p, const struct sandbox_inputs *in,
         char *err, size_t errcap);

/* The directory whose tree is "the server's own files" for `file`: the
 * nearest ancestor, at most LIMIT_SANDBOX_PACKAGE_DEPTH up, holding a
 * package.json, pyproject.toml or node_modules; else the file's directory.
 * Never "/". Writes into out; -1 if none fits. */
int  sandbox_package_root(const char *file, char *out, size_t cap);

/*
 * The trampoline's argv: {argv0, "__sandbox-exec", options..., "--", program,
 * target argv...}, NULL-terminated, each string malloc'd (free with
 * strv_free). Pure.
 */
char **sandbox_argv(const struct sandbox_policy *p, const char *argv0, const char *program,
           char *const *target_argv);

/*
 * Read the options after "__sandbox-exec" back into a policy. Pure: argv in,
 * policy (strings copied), the index of the program in argv (after "--") out.
 * 0, or -1 with one sentence in err. Anything unknown is an error.
 */
int  sandbox_parse_argv(int argc, char *const *argv, struct sandbox_policy *p, int *program_index,
         char *err, size_t errcap);

/* The hidden `__sandbox-exec` command: confine, then execve. Returns only on
 * failure (exit status 125, one line on stderr). */
int  sandbox_exec_main(int argc, char **argv);

void sandbox_probe(struct sandbox_features *f);
/* Can this machine give a server the sandbox it asks for (`public`: the
 * network "public")? 0, or -1 with one sentence naming the setting to change. */
int  sandbox_check(const struct sandbox_features *f, const char *server, bool public, char *err,
         size_t errcap);

#endif

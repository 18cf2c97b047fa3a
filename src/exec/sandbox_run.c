/*
 * The trampoline (`gatehouse __sandbox-exec`): the process uv_spawn started for
 * a sandboxed server confines itself and executes the server (src/exec/sandbox.h
 * has the order and why). Anything that fails here ends the start with exit
 * status 125 and one line on stderr, which the gateway logs: a sandbox that
 * cannot be set up is never skipped.
 *
 * The trampoline stays outside the server's PID namespace, as the parent of
 * the namespace's init (be_init(), which starts the server): it answers the
 * seccomp notifications of the server's watched and denied calls (and tells the
 * gateway of them), then exits with the server's status, or is killed with the
 * server's signal. Its own death (a signal from the gateway, or the gateway's
 * death through PR_SET_PDEATHSIG) kills the init, and the init's exit takes
 * every process of the namespace along.
 */
#include <dirent.h>
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/limits.h>    /* PATH_MAX (<limits.h> is ours under -Isrc) */
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/openat2.h>
#include <linux/rtnetlink.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/fsuid.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"
#include "../net/addr.h"
#include "../util/util.h"

extern char **environ;

/* Landlock constants newer than Debian's kernel headers (NOTES.md). */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule       445
#define SYS_landlock_restrict_self  446
#endif
#define LL_CREATE_RULESET_VERSION   (1U << 0)
#define LL_FS_EXECUTE       (1ULL << 0)
#define LL_FS_WRITE_FILE    (1ULL << 1)
#define LL_FS_READ_FILE     (1ULL << 2)
#define LL_FS_READ_DIR      (1ULL << 3)
#define LL_FS_ABI1          ((1ULL << 13) - 1)      /* EXECUTE .. MAKE_SYM */
#define LL_FS_REFER         (1ULL << 13)            /* ABI 2 */
#define LL_FS_TRUNCATE      (1ULL << 14)            /* ABI 3 */
#define LL_FS_IOCTL_DEV     (1ULL << 15)            /* ABI 5 */
#define LL_SCOPE_ABSTRACT_UNIX  (1ULL << 0)         /* ABI 6 */
#define LL_SCOPE_SIGNAL         (1ULL << 1)         /* ABI 6 */
#define LL_RULE_PATH_BENEATH    1
#define LL_RESTRICT_LOG_NEW_EXEC_ON (1U << 1)       /* ABI 7 */
/* Linux 6.6, newer than Debian's kernel headers. */
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS_      SECCOMP_IOW(4, uint64_t)
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP_ 1UL
/* Rights that a rule on a regular file may carry (else EINVAL). */
#define LL_FS_FILE_RIGHTS   (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t  parent_fd;
} __attribute__((packed));

#define EXIT_SANDBOX 125

/* "network": "public": slirp4netns gives the namespace the internet, and
 * unreachable routes keep the host's own addresses and these ranges out. */
#define PID_RESERVED 300      /* the kernel's RESERVED_PIDS: pids wrap to it, not to 1 */
#define SLIRP_READY_MS        10000
#define MAX_HOST_ADDRS        256
static const struct { const char *addr; int prefix; } blocked_ranges[] = {
	{ "10.0.0.0", 8 },      /* RFC 1918 (slirp's own 10.0.2.0/24 link route stays more specific) */
	{ "172.16.0.0", 12 },   /* RFC 1918 */
	{ "192.168.0.0", 16 },  /* RFC 1918 */
	{ "169.254.0.0", 16 },  /* link-local, with cloud metadata at 169.254.169.254 */
	{ "100.64.0.0", 10 },   /* carrier-grade NAT, often internal */
	{ "0.0.0.0", 8 },       /* "this network" */
	{ "192.0.0.0", 24 },    /* IETF protocol assignments */
	{ "198.18.0.0", 15 },   /* benchmarking */
	{ "224.0.0.0", 4 },     /* multicast */
	{ "240.0.0.0", 4 },     /* reserved, broadcast */
};

struct host_addrs {
	uint32_t addr[MAX_HOST_ADDRS];  /* network order */
	size_t   n;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dprintf(2, "gatehouse sandbox: %s\n", msg);
	_exit(EXIT_SANDBOX);
}

static long
landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

	return abi < 0 ? -errno : abi;
}

/* A limit above what we may set (our own hard limit, for a gateway without
 * CAP_SYS_RESOURCE) becomes that hard limit: always stricter, never weaker. */
static void
set_limit(int resource, const char *name, rlim_t soft, rlim_t hard)
{
	struct rlimit cur, rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(resource, &rl) == 0)
		return;
	/* Refused a higher hard limit (no CAP_SYS_RESOURCE, or in the sandbox's
	 * user namespace, where root's is gone): our own hard limit, stricter. */
	if (errno == EPERM && getrlimit(resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY && hard > cur.rlim_max) {
		rl.rlim_max = cur.rlim_max;
		rl.rlim_cur = soft < cur.rlim_max ? soft : cur.rlim_max;
		if (setrlimit(resource, &rl) == 0)
			return;
	}
	die("cannot set %s to %llu (%s)", name, (unsigned long long)soft, strerror(errno));
}

/* No core dumps (they would hold the server's secrets); open files, file size
 * and CPU bounded. Processes: limit_processes(), once in the user namespace;
 * memory: run_server, just before the exec. */
static void
apply_rlimits(const struct sandbox_policy *p)
{
	set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
	set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", p->nofile, p->nofile);
	set_limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", p->fsize, p->fsize);
	/* SIGKILL at the limit (soft and hard are one), whatever the server handles. */
	set_limit(RLIMIT_CPU, "RLIMIT_CPU", p->cpu, p->cpu);
}

/*
 * RLIMIT_NPROC, set once the sandbox's user namespace exists. The kernel
 * counts a process against every user namespace above its own, and bounds each
 * level by the RLIMIT_NPROC its creator had when it created the namespace: set
 * before the unshare, the limit would bound every process of the gateway's
 * user (a desktop session's hundreds of threads), and no server of a busy user
 * could start. Set after, it bounds the sandbox's own processes, and the
 * user's remain bound by the user's own limit. One more than the server's: the
 * sandbox's init (be_init()) is one.
 */
static void
limit_processes(const struct sandbox_policy *p)
{
	set_limit(RLIMIT_NPROC, "RLIMIT_NPROC", p->nproc + 1, p->nproc + 1);
}

static void
write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(text);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		die("cannot write %s (%s)", path, strerror(errno));
	close(fd);
}

/*
 * A root gateway's sandbox user (--uid, --gid: sandbox_user()) is mapped into
 * the user namespace with root, each as itself, which only a process holding
 * CAP_SETUID outside may write: a helper forked before the unshare, which
 * stays outside, writes the maps when told, and exits. Root is mapped so that
 * the trampoline can still act as the server's user for a chmod it does on its
 * behalf (watch_chmod()); the server cannot become root inside (no capability,
 * no_new_privs).
 */
struct mapper {
	pid_t pid;
	int   go;               /* write end: one byte once the namespace exists */
};

static void
start_mapper(const struct sandbox_policy *p, struct mapper *m)
{
	int go[2];
	char byte;
	pid_t target = getpid();

	if (pipe2(go, O_CLOEXEC) != 0)
		die("pipe failed (%s)", strerror(errno));
	if ((m->pid = fork()) < 0)
		die("cannot start the helper that maps the sandbox user (%s)", strerror(errno));
	if (m->pid == 0) {
		char path[64], map[96];
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		close(go[1]);
		if (read(go[0], &byte, 1) != 1)
			_exit(EXIT_SANDBOX);
		snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)target);
		write_proc(path, "deny");
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)target);
		snprintf(map, sizeof(map), "0 0 1\n%llu %llu 1\n", (unsigned long long)p->uid, (unsigned long long)p->uid);
		write_proc(path, map);
		snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)target);
		snprintf(map, sizeof(map), "0 0 1\n%llu %llu 1\n", (unsigned long long)p->gid, (unsigned long long)p->gid);
		write_proc(path, map);
		_exit(0);
	}
	close(go[0]);
	m->go = go[1];
}

static void
finish_mapper(struct mapper *m)
{
	int status;

	if (write(m->go, "g", 1) != 1)
		die("cannot reach the helper that maps the sandbox user (%s)", strerror(errno));
	close(m->go);
	while (waitpid(m->pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid failed (%s)", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("the sandbox user's ids could not be mapped into its user namespace (above)");
}

/*
 * A user namespace where the server is its own uid (root becomes nobody: no
 * capability survives the exec of a non-root uid; a root gateway's sandbox
 * user is mapped by its helper, start_mapper()), a PID namespace (whose init
 * is ours, be_init()), an IPC namespace, and for "network": false a network namespace with only its own
 * loopback, brought up so that a server may talk to itself.
 */
static void
enter_namespaces(const struct sandbox_policy *p, struct mapper *m)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	/* An IPC namespace: the host's System V shared memory, semaphores and message
	 * queues (and POSIX queues) are out of reach; a root gateway's server would
	 * otherwise own root's segments. */
	int flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWIPC | (p->net != SANDBOX_NET_HOST ? CLONE_NEWNET : 0);
	char map[64];

	if (unshare(flags) != 0)
		die("cannot create the user%s namespaces (%s); the kernel must allow unprivileged user "
		    "namespaces, or set \"sandbox\": false for this server", p->net != SANDBOX_NET_HOST ?
		    ", PID and network" : " and PID", strerror(errno));
	if (m != NULL) {
		finish_mapper(m);
	} else {
		write_proc("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "%u %u 1\n", uid == 0 ? 65534u : (unsigned)uid, (unsigned)uid);
		write_proc("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "%u %u 1\n", gid == 0 ? 65534u : (unsigned)gid, (unsigned)gid);
		write_proc("/proc/self/gid_map", map);
	}
	if (p->net != SANDBOX_NET_HOST) {
		struct ifreq ifr = { 0 };
		int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
		if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
			die("cannot read the loopback of the empty network namespace (%s)", strerror(errno));
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
			die("cannot bring up the loopback of the empty network namespace (%s)", strerror(errno));
		close(s);
	}
}

static uint64_t
rights_for(enum sandbox_access a, uint64_t handled)
{
	switch (a) {
	case SANDBOX_RO:  return (LL_FS_READ_FILE | LL_FS_READ_DIR) & handled;
	case SANDBOX_RX:  return (LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_EXECUTE) & handled;
	case SANDBOX_RW:  return handled;
	case SANDBOX_DEV: return (LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV) & handled;
	}
	return 0;
}

/* Landlock: every filesystem right this ABI knows is denied except beneath the
 * rules; signals and abstract Unix sockets stay inside the sandbox (ABI 6). */
static void
apply_landlock(const struct sandbox_policy *p)
{
	struct ll_ruleset_attr attr = { 0 };
	long abi = landlock_abi();
	int rfd;

	if (abi < 1)
		die("Landlock is not available (%s); enable it in the kernel (lsm=landlock), or set "
		    "\"sandbox\": false for this server", strerror((int)-abi));
	attr.handled_access_fs = LL_FS_ABI1;
	if (abi >= 2)
		attr.handled_access_fs |= LL_FS_REFER;
	if (abi >= 3)
		attr.handled_access_fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		attr.handled_access_fs |= LL_FS_IOCTL_DEV;
	if (abi >= 6)
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
	rfd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rfd < 0)
		die("cannot create a Landlock ruleset (%s)", strerror(errno));
	for (size_t i = 0; i < p->nrules; i++) {
		struct ll_path_beneath_attr pb = { 0 };
		struct stat st;
		int fd = open(p->rules[i].path, O_PATH | O_CLOEXEC);

		if (fd < 0) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;       /* a system path this machine does not have */
			die("cannot open %s for the sandbox (%s)", p->rules[i].path, strerror(errno));
		}
		pb.allowed_access = rights_for(p->rules[i].access, attr.handled_access_fs);
		if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
			pb.allowed_access &= LL_FS_FILE_RIGHTS;
		pb.parent_fd = fd;
		if (syscall(SYS_landlock_add_rule, rfd, LL_RULE_PATH_BENEATH, &pb, 0) != 0)
			die("cannot allow %s in the sandbox (%s)", p->rules[i].path, strerror(errno));
		close(fd);
	}
	/* ABI 7: the kernel's audit log (where it is on) records the server's denials too, not
	 * only the trampoline's: the only place a denied file operation other than an open
	 * shows (opens are watched by the trampoline, watch_open()). */
	if (syscall(SYS_landlock_restrict_self, rfd, abi >= 7 ? LL_RESTRICT_LOG_NEW_EXEC_ON : 0) != 0)
		die("cannot enforce the Landlock ruleset (%s)", strerror(errno));
	close(rfd);
}

/* One fd over a Unix socket (SCM_RIGHTS). 0, or -1 with errno. */
static int
send_fd(int sock, int fd)
{
	char byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
	    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &m, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* The fd sent by send_fd, or -1 (the sender ended without sending one). */
static int
recv_fd(int sock)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
	    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != 1 || (m.msg_flags & MSG_CTRUNC))
		return -1;
	c = CMSG_FIRSTHDR(&m);
	if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/*
 * The watched calls that change a directory entry, or a file's size or times
 * (watch_entry()): where their paths are (argument numbers; a dirfd of -1 is
 * AT_FDCWD, a path of -1 none), and whether the call follows a final symbolic
 * link (utime changes the link's target; unlink removes the link itself).
 * Landlock governs the entries and truncate, and the trampoline only tells of
 * those outside the paths; it does not govern times, so there the trampoline
 * decides (`decide`): EPERM outside the write paths. The mode (chmod) is
 * decided by the trampoline doing the call itself (watch_chmod()); the owner
 * and extended attributes are denied.
 */
#define NR_FCHMODAT2 452        /* Linux 6.6, the same on every architecture; libseccomp 2.5 has no name for it */
static const struct entry_call {
	int         nr;
	const char *op;
	signed char dirfd[2], path[2];
	bool        follow, decide;
} entry_calls[] = {
	{ SCMP_SYS(mkdir), "mkdir", { -1, -1 }, { 0, -1 }, false, false },
	{ SCMP_SYS(mkdirat), "mkdir", { 0, -1 }, { 1, -1 }, false, false },
	{ SCMP_SYS(rmdir), "rmdir", { -1, -1 }, { 0, -1 }, false, false },
	{ SCMP_SYS(unlink), "unlink", { -1, -1 }, { 0, -1 }, false, false },
	{ SCMP_SYS(unlinkat), "unlink", { 0, -1 }, { 1, -1 }, false, false },
	{ SCMP_SYS(rename), "rename", { -1, -1 }, { 0, 1 }, false, false },
	{ SCMP_SYS(renameat), "rename", { 0, 2 }, { 1, 3 }, false, false },
	{ SCMP_SYS(renameat2), "rename", { 0, 2 }, { 1, 3 }, false, false },
	{ SCMP_SYS(link), "link", { -1, -1 }, { 0, 1 }, false, false },
	{ SCMP_SYS(linkat), "link", { 0, 2 }, { 1, 3 }, false, false },
	{ SCMP_SYS(symlink), "symlink", { -1, -1 }, { 1, -1 }, false, false },
	{ SCMP_SYS(symlinkat), "symlink", { 1, -1 }, { 2, -1 }, false, false },
	{ SCMP_SYS(mknod), "mknod", { -1, -1 }, { 0, -1 }, false, false },
	{ SCMP_SYS(mknodat), "mknod", { 0, -1 }, { 1, -1 }, false, false },
	{ SCMP_SYS(truncate), "truncate", { -1, -1 }, { 0, -1 }, true, false },
	{ SCMP_SYS(utime), "utime", { -1, -1 }, { 0, -1 }, true, true },
	{ SCMP_SYS(utimes), "utime", { -1, -1 }, { 0, -1 }, true, true },
	{ SCMP_SYS(futimesat), "utime", { 0, -1 }, { 1, -1 }, true, true },
	{ SCMP_SYS(utimensat), "utime", { 0, -1 }, { 1, -1 }, true, true },
};

/*
 * Load a filter with notifications, returning its listener. A notified call
 * waits for the trampoline's answer; a signal that comes while it waits
 * interrupts it, and a process whose handler lacks SA_RESTART (dash's SIGCHLD)
 * then sees EINTR from a call that never returns it (an open of a file, an
 * mmap inside malloc). SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19)
 * makes the wait uninterruptible but for SIGKILL once the trampoline has
 * received the call, which leaves only the moment before: libseccomp 2.5 has
 * no attribute for the flag, so the filter is loaded here, from its BPF.
 */
static int
load_listened(scmp_filter_ctx ctx)
{
	struct sock_filter insns[BPF_MAXINSNS];
	struct sock_fprog prog = { .filter = insns };
	int mfd = (int)syscall(SYS_memfd_create, "seccomp", MFD_CLOEXEC), fd;
	ssize_t n = -1;

	if (mfd >= 0 && seccomp_export_bpf(ctx, mfd) == 0 && lseek(mfd, 0, SEEK_SET) == 0)
		n = read(mfd, insns, sizeof(insns));
	if (mfd >= 0)
		close(mfd);
	if (n <= 0 || n % (ssize_t)sizeof(insns[0]) != 0 || n == (ssize_t)sizeof(insns)) {
		errno = EINVAL;
		return -1;
	}
	prog.len = (unsigned short)(n / (ssize_t)sizeof(insns[0]));
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);
	if (fd < 0 && errno == EINVAL)          /* before 5.19: interruptible, as before */
		fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd;                              /* close-on-exec, as the kernel makes it */
}

/*
 * seccomp: what no tool needs is denied (never a kill: a server that probes gets
 * an error it can report). socket(AF_UNIX) is denied because pathname Unix
 * sockets pass both the network namespace and Landlock (NOTES.md); socketpair
 * stays. New namespaces are denied; clone3 says ENOSYS, so that libc falls back
 * to clone, whose flags a filter can read.
 *
 * With an event pipe to the gateway, each denial is a user notification
 * (SCMP_ACT_NOTIFY) that the trampoline answers with EPERM and tells the
 * gateway of (supervise()): the filter still decides, the trampoline only
 * reports, and never lets a notified call go on. If the trampoline is gone, a
 * notified call fails with ENOSYS. The listener's fd goes to the trampoline over
 * notify_sock; -1 there: EPERM straight from the kernel, untold.
 *
 * watch_connect (a sandbox without the host's network): every connect() is
 * notified too, and always goes on; the trampoline only reads its address to
 * tell the gateway of attempts at what the sandbox keeps out of reach
 * (reach_range()). The routes of the namespace decide, not the trampoline, so
 * a process that changes the address after the check gains nothing. Every
 * open() is watched too: Landlock decides what is allowed, the trampoline tells
 * the gateway of opens outside the sandbox's paths (watch_open()), which the
 * kernel reports nowhere else (but its audit log), and refuses them itself with
 * Landlock's answer (EACCES: a skeleton would say ENOENT); so are the calls that make, remove,
 * rename or link a directory entry, truncate, and those that change a file's
 * mode, owner, times or extended attributes (entry_calls[]). Large data
 * mappings are watched for the memory limit: RLIMIT_DATA decides, the
 * trampoline tells of the mappings it will refuse (watch_memory()).
 */
static void
apply_seccomp(int notify_sock, bool watch_connect)
{
	static const char *const denied[] = {
		"ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
		"mount", "umount", "umount2", "move_mount", "open_tree", "fsopen", "fsmount", "fsconfig",
		"fspick", "mount_setattr", "pivot_root", "chroot",
		"bpf", "kexec_load", "kexec_file_load", "keyctl", "add_key", "request_key",
		"perf_event_open", "userfaultfd", "init_module", "finit_module", "delete_module",
		"swapon", "swapoff", "reboot", "acct", "quotactl", "quotactl_fd", "syslog",
		"setns", "unshare", "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
		"io_uring_setup", "io_uring_enter", "io_uring_register", "iopl", "ioperm", "vhangup",
		"settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
		/* Landlock does not govern a file's owner or extended attributes; a
		 * server needs neither (its uid inside is not root). */
		"chown", "fchown", "lchown", "fchownat", "setxattr", "lsetxattr", "fsetxattr",
		"removexattr", "lremovexattr", "fremovexattr",
	};
	static const int chmods[] = { SCMP_SYS(chmod), SCMP_SYS(fchmod), SCMP_SYS(fchmodat), NR_FCHMODAT2 };
	static const unsigned long ns_flags[] = {
		CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS,
		CLONE_NEWCGROUP,
	};
	static const char *const opens[] = { "open", "openat", "creat" };
	/* A new file's mode: which argument holds it (mknod's too). */
	static const struct { int nr; unsigned arg; } modes[] = {
		{ SCMP_SYS(open), 2 }, { SCMP_SYS(openat), 3 }, { SCMP_SYS(creat), 1 },
		{ SCMP_SYS(mknod), 1 }, { SCMP_SYS(mknodat), 2 },
	};
	bool notify = notify_sock >= 0 && seccomp_api_get() >= 5;
	uint32_t deny = notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO(EPERM);
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc = 0;

	if (ctx == NULL)
		die("cannot create a seccomp filter");
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]) && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(denied[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, deny, nr, 0);
	}
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX, 0));
	/* A clone with a namespace flag is denied (the filter reads the flags in a
	 * register); any other clone goes on unwatched: a watched call can fail with
	 * EINTR where it never would (below), and a shell's fork must not. */
	for (size_t i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(clone), 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/*
	 * No set-user-ID or set-group-ID file: a root gateway's server is root
	 * outside its user namespace, so a file it makes is root's, and one made
	 * setuid in a path others reach would be a root shell for them. A mode in a
	 * register is checked here, or with notifications by the trampoline
	 * (watch_open(), watch_entry(): a rule with arguments does not override a
	 * notification of every call); openat2's is in memory, so openat2 says
	 * ENOSYS (libc falls back to openat). chmod: watch_chmod().
	 */
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]) && rc == 0 && !notify; i++)
		for (int bit = 0; bit < 2 && rc == 0; bit++)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), modes[i].nr, 1,
			    SCMP_CMP(modes[i].arg, SCMP_CMP_MASKED_EQ, bit ? S_ISGID : S_ISUID, bit ? S_ISGID : S_ISUID));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
	/* Watched, not decided: the trampoline lets every connect and open go on (the
	 * routes and Landlock decide). */
	if (rc == 0 && notify && watch_connect)
		rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(connect), 0);
	for (size_t i = 0; i < sizeof(opens) / sizeof(opens[0]) && rc == 0 && notify; i++) {
		int nr = seccomp_syscall_resolve_name(opens[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0);
	}
	for (size_t i = 0; i < sizeof(entry_calls) / sizeof(entry_calls[0]) && rc == 0 && notify; i++)
		if (entry_calls[i].nr >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, entry_calls[i].nr, 0);
	/* The mode: the trampoline does it inside the write paths (watch_chmod()); without
	 * it, nothing changes a mode (a root gateway's server owns root's files). */
	for (size_t i = 0; i < sizeof(chmods) / sizeof(chmods[0]) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO(EPERM), chmods[i], 0);
	/* Watched: a private writable mapping of SANDBOX_WATCH_MAP_BYTES or more,
	 * what RLIMIT_DATA counts (watch_memory()); reservations (PROT_NONE) and
	 * shared mappings are not. */
	if (rc == 0 && notify)
		rc = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mmap), 3,
		    SCMP_A1(SCMP_CMP_GE, SANDBOX_WATCH_MAP_BYTES, 0), SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_WRITE, PROT_WRITE),
		    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_TYPE, MAP_PRIVATE));
	if (rc == 0 && !notify)
		rc = seccomp_load(ctx);
	if (rc == 0 && notify) {
		int fd = load_listened(ctx);
		if (fd < 0 || send_fd(notify_sock, fd) != 0)
			die("cannot hand the seccomp listener to the trampoline (%s)", strerror(errno));
		close(fd);
	}
	seccomp_release(ctx);
	if (notify_sock >= 0)
		close(notify_sock);
	if (rc != 0)
		die("cannot install the seccomp filter (%s)", strerror(-rc));
}

/*
 * RLIMIT_NPROC does not bind a process whose uid is root outside, even in a user
 * namespace (the kernel exempts root's user_struct). A root gateway's server
 * runs as its sandbox user, which the limit binds; a second bound on the
 * server's processes, and the only one for a server left root outside (the
 * trampoline run as root by hand, without --uid), is the PID namespace's own
 * pid_max (Linux 6.14). The kernel hands out pids cyclically and, once past
 * RESERVED_PIDS (300), wraps to 300, not 1: so the namespace's pids start past
 * 300 (ns_last_pid, CONFIG_CHECKPOINT_RESTORE) and pid_max is 300 + the limit,
 * which leaves the server exactly `nproc` pids in [300, pid_max) however many
 * processes it has started and ended (with pid_max alone a server could hold
 * only pid_max - 300 processes once it had started 300). Set from inside the
 * namespace, as its init, while it still has CAP_SYS_ADMIN there. Where
 * RLIMIT_NPROC binds the server, a kernel without either is fine; for a server
 * root outside both are required (fail closed).
 */
static void
limit_pids(const struct sandbox_policy *p, bool root_outside)
{
	char text[32];
	size_t len = (size_t)snprintf(text, sizeof(text), "%llu\n", (unsigned long long)(PID_RESERVED + p->nproc));
	const char *failed = NULL;
	int fd = open("/proc/sys/kernel/pid_max", O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		failed = "the PID namespace's pid_max needs Linux 6.14";
		err = errno;
	}
	if (fd >= 0)
		close(fd);
	len = (size_t)snprintf(text, sizeof(text), "%d\n", PID_RESERVED);
	if (failed == NULL && ((fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC)) < 0 ||
	    write(fd, text, len) != (ssize_t)len)) {
		failed = "/proc/sys/kernel/ns_last_pid needs a kernel built with CONFIG_CHECKPOINT_RESTORE";
		err = errno;
	}
	if (fd >= 0)
		close(fd);
	if (failed != NULL && root_outside)
		die("cannot bound the processes of a server started by root: %s (%s); run the gateway as an "
		    "unprivileged user, or set \"sandbox\": false for this server", failed, strerror(err));
}

/* The host's own IPv4 addresses (loopback aside), read before leaving its
 * network namespace: a service bound to 0.0.0.0 answers on each of them. */
static void
host_addresses(struct host_addrs *h)
{
	struct ifaddrs *ifs, *i;

	h->n = 0;
	if (getifaddrs(&ifs) != 0)
		die("cannot list the host's addresses (%s)", strerror(errno));
	for (i = ifs; i != NULL; i = i->ifa_next) {
		uint32_t a;
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
			continue;
		a = ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr;
		if ((ntohl(a) >> 24) == 127)
			continue;
		/* An address left out would stay reachable: more than we can hold is fatal. */
		if (h->n == MAX_HOST_ADDRS)
			die("the host has more than %d IPv4 addresses; \"network\": \"public\" cannot keep them all "
			    "out; set \"network\": false or true for this server", MAX_HOST_ADDRS);
		h->addr[h->n++] = a;
	}
	freeifaddrs(ifs);
}

/*
 * Start slirp4netns for the namespace the trampoline is about to enter: a child
 * that stays in the host's namespaces, waits on `go` until the namespace
 * exists, then becomes slirp4netns (its own mount namespace and seccomp,
 * --disable-host-loopback: 10.0.2.2 is not the host's 127.0.0.1). It writes to
 * `ready` once tap0 is configured and exits when `exit_fd` closes (the
 * trampoline's death), or with the trampoline through PR_SET_PDEATHSIG.
 */
static pid_t
start_slirp(const char *slirp, int go_r, int ready_w, int exit_r)
{
	pid_t parent = getpid(), pid = fork();
	char target[32];
	char buf[1];
	int r, e, null;

	if (pid != 0) {
		if (pid < 0)
			die("cannot start slirp4netns (%s)", strerror(errno));
		return pid;
	}
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent || read(go_r, buf, 1) != 1)
		_exit(EXIT_SANDBOX);
	snprintf(target, sizeof(target), "%ld", (long)parent);
	r = fcntl(ready_w, F_DUPFD, 10);
	e = fcntl(exit_r, F_DUPFD, 10);
	null = open("/dev/null", O_RDWR);
	/* Its stderr stays: the log then says why slirp4netns failed (/dev/net/tun, ...). */
	if (r < 0 || e < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(r, 3) < 0 ||
	    dup2(e, 4) < 0 || syscall(SYS_close_range, 5U, ~0U, 0) != 0)
		_exit(EXIT_SANDBOX);
	char *const argv[] = { "slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
	    "--enable-sandbox", "--enable-seccomp", "--ready-fd=3", "--exit-fd=4", target, "tap0", NULL };
	char *const envp[] = { NULL };
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	execve(slirp, argv, envp);
	_exit(EXIT_SANDBOX);
}

/* One `unreachable` IPv4 route in the namespace's main table (netlink). */
static void
add_unreachable(int nl, uint32_t dst, int prefix, unsigned seq)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg    rt;
		struct rtattr   rta;
		uint32_t        dst;
	} req;
	char answer[512];
	ssize_t n;
	char text[INET_ADDRSTRLEN];

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_NEWROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	req.nh.nlmsg_seq = seq;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = (unsigned char)prefix;
	req.rt.rtm_table = RT_TABLE_MAIN;
	req.rt.rtm_protocol = RTPROT_STATIC;
	req.rt.rtm_scope = RT_SCOPE_UNIVERSE;
	req.rt.rtm_type = RTN_UNREACHABLE;
	req.rta.rta_len = RTA_LENGTH(sizeof(uint32_t));
	req.rta.rta_type = RTA_DST;
	req.dst = dst;
	inet_ntop(AF_INET, &dst, text, sizeof(text));
	if (send(nl, &req, sizeof(req), 0) != (ssize_t)sizeof(req))
		die("cannot add the route unreachable %s/%d (%s)", text, prefix, strerror(errno));
	n = recv(nl, answer, sizeof(answer), 0);
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		die("no answer from netlink for the route unreachable %s/%d", text, prefix);
	struct nlmsghdr *h = (struct nlmsghdr *)(void *)answer;
	struct nlmsgerr *e = NLMSG_DATA(h);
	if (h->nlmsg_type != NLMSG_ERROR || (e->error != 0 && e->error != -EEXIST))
		die("cannot add the route unreachable %s/%d (%s)", text, prefix,
		    h->nlmsg_type == NLMSG_ERROR ? strerror(-e->error) : "unexpected answer");
}

/* Keep the host and private ranges out of a "public" namespace. Done while
 * the trampoline still has CAP_NET_ADMIN there; the server, which has none
 * after its exec, cannot remove them. IPv6 stays unconfigured (slirp4netns
 * without --enable-ipv6 gives the namespace no IPv6 route). */
static void
block_ranges(const struct host_addrs *h)
{
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	unsigned seq = 1;

	if (nl < 0)
		die("cannot open a netlink socket (%s)", strerror(errno));
	for (size_t i = 0; i < sizeof(blocked_ranges) / sizeof(blocked_ranges[0]); i++) {
		struct in_addr a;
		if (inet_pton(AF_INET, blocked_ranges[i].addr, &a) != 1)
			die("bad built-in range %s", blocked_ranges[i].addr);
		add_unreachable(nl, a.s_addr, blocked_ranges[i].prefix, seq++);
	}
	for (size_t i = 0; i < h->n; i++)
		add_unreachable(nl, h->addr[i], 32, seq++);
	close(nl);
}

/*
 * A "public" namespace resolves names through slirp4netns (10.0.2.3, which
 * forwards to the host's resolver from outside): the host's own resolver is
 * usually on a loopback or private address, out of the namespace's reach. A
 * mount namespace of the sandbox's own puts that one line over
 * /etc/resolv.conf; the server cannot change it (no capability after exec,
 * read-only for Landlock, mount denied by seccomp).
 */
static void
private_resolv_conf(void)
{
	static const char text[] = "nameserver 10.0.2.3\n";
	int fd;

	/* The file lives on a small tmpfs mounted for a moment over /tmp (a bind
	 * mount needs a source in this mount namespace), then detached: only the
	 * bind over /etc/resolv.conf keeps it. */
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=16k,mode=0755") != 0)
		die("cannot create the mount namespace for the server's resolv.conf (%s)", strerror(errno));
	fd = open("/tmp/resolv.conf", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	/* Readable by the sandbox user too, whatever the gateway's umask. */
	if (fd < 0 || fchmod(fd, 0644) != 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)(sizeof(text) - 1))
		die("cannot write the server's resolv.conf (%s)", strerror(errno));
	close(fd);
	if (mount("/tmp/resolv.conf", "/etc/resolv.conf", NULL, MS_BIND, NULL) != 0 && errno != ENOENT)
		die("cannot put the server's resolv.conf over /etc/resolv.conf (%s)", strerror(errno));
	if (umount2("/tmp", MNT_DETACH) != 0)
		die("cannot detach the sandbox's temporary mount (%s)", strerror(errno));
}

/*
 * A /proc of the sandbox's own: the server then sees only its own processes, not the command lines of the host's (which can
 * hold what a ${VAR} expanded into another server's argv). Mounted from inside
 * the new user and PID namespaces, in a mount namespace of its own. Some
 * container runtimes forbid a new proc mount (masked paths of their /proc):
 * then the host's /proc stays, as before, and one line on stderr says so.
 */
static bool
private_proc(void)
{
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
		dprintf(2, "gatehouse sandbox: note: this machine refused a /proc of the sandbox's own (%s); "
		    "the server sees the host's process list\n", strerror(errno));
		return false;
	}
	return true;
}

/* The sandbox's paths resolved, as Landlock holds them: what the trampoline
 * checks opens against, and plans a root gateway's skeletons from. */
struct file_rules {
	struct {
		enum sandbox_access access;
		char               *path;
		size_t              len;
	}      rules[LIMIT_SANDBOX_RULES];
	size_t n;
};

static void
resolve_rules(struct file_rules *r, const struct sandbox_policy *p)
{
	char real[PATH_MAX];

	for (size_t i = 0; i < p->nrules; i++)
		if (realpath(p->rules[i].path, real) != NULL) {
			r->rules[r->n].access = p->rules[i].access;
			r->rules[r->n].path = xstrdup(real);
			r->rules[r->n].len = strlen(real);
			r->n++;
		}
}

/* Would a rule let the sandbox open `target` (resolved) this way? */
static bool
file_allowed(const struct file_rules *r, const char *target, bool write)
{
	for (size_t i = 0; i < r->n; i++) {
		if (util_path_beneath(r->rules[i].path, r->rules[i].len, target) &&
		    (!write || r->rules[i].access == SANDBOX_RW || r->rules[i].access == SANDBOX_DEV))
			return true;
	}
	return false;
}

/*
 * A root gateway's server runs as its sandbox user, which cannot pass through
 * root's private directories (a state directory under /root, a 0700
 * temporary directory) to reach its own paths (its HOME, the package cache).
 * The trampoline, still root outside, finds for each path the first directory
 * on the way the user cannot pass; the init, in its mount namespace and still
 * root there, opens the path, covers that directory with a skeleton (an empty
 * tmpfs) in which only the way to each such path exists, and bind-mounts the
 * path there from what it opened. Nothing else of the covered directory is there for the
 * server, and every path is where it was: the trampoline, which sees the host's
 * filesystem, resolves the server's paths to the same files.
 */
struct reach_plan {
	size_t n;
	struct reach_path {
		char *cover;            /* the first directory on the way the user cannot pass */
		char *path;             /* resolved */
		int   fd;               /* O_PATH, opened by the init; -1 once bound */
		bool  dir;
	} e[LIMIT_SANDBOX_RULES];
};

/* May the user search a directory with this owner and mode (ACLs aside, no
 * supplementary groups: the sandbox has none)? */
static bool
user_passes(const struct stat *st, uid_t uid, gid_t gid)
{
	if (st->st_uid == uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (st->st_gid == gid)
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/* In the trampoline, before the namespaces: as root, in the host's view, from
 * the rules as resolve_rules() left them. */
static void
plan_reach(const struct file_rules *r, uid_t uid, gid_t gid, struct reach_plan *plan)
{
	plan->n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const char *real = r->rules[i].path;
		char way[PATH_MAX];
		struct stat st;
		const char *slash;
		bool passes = true;

		for (slash = strchr(real + 1, '/'); slash != NULL && passes; slash = strchr(slash + 1, '/')) {
			snprintf(way, sizeof(way), "%.*s", (int)(slash - real), real);
			passes = stat(way, &st) == 0 && user_passes(&st, uid, gid);
		}
		if (passes)
			continue;               /* the user reaches it: nothing to cover */
		/* A covered directory that is itself one of the paths would show the
		 * server an empty skeleton where the user meant it to read: say so. */
		for (size_t j = 0; j < r->n; j++)
			if (strcmp(r->rules[j].path, way) == 0)
				die("the sandbox user (uid %u) cannot pass through %s, a path of this server; let it "
				    "(chmod o+x %s), or run the gateway as an unprivileged user", (unsigned)uid, way, way);
		struct reach_path *e = &plan->e[plan->n];
		if (stat(real, &st) != 0)
			die("cannot open %s for the sandbox (%s)", real, strerror(errno));
		e->fd = -1;
		e->cover = xstrdup(way);
		e->path = xstrdup(real);
		e->dir = S_ISDIR(st.st_mode);
		plan->n++;
	}
}

static int
by_length(const void *a, const void *b)
{
	size_t la = strlen(((const struct reach_path *)a)->path), lb = strlen(((const struct reach_path *)b)->path);

	return la < lb ? -1 : la > lb;
}

/* In the init, in its mount namespace, while it still has its capabilities. */
static void
build_skeletons(struct reach_plan *plan)
{
	qsort(plan->e, plan->n, sizeof(plan->e[0]), by_length);
	/* Opened here, in the mount namespace they are bound in (a mount of another
	 * namespace cannot be), before the skeletons cover them. */
	for (size_t i = 0; i < plan->n; i++)
		if ((plan->e[i].fd = open(plan->e[i].path, O_PATH | O_CLOEXEC)) < 0)
			die("cannot open %s for the sandbox (%s)", plan->e[i].path, strerror(errno));
	for (size_t i = 0; i < plan->n; i++) {
		bool covered = false;
		for (size_t j = 0; j < i && !covered; j++)
			covered = strcmp(plan->e[j].cover, plan->e[i].cover) == 0;
		if (!covered && mount("gatehouse-skeleton", plan->e[i].cover, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		    "mode=0755,size=64k,nr_inodes=4096") != 0)
			die("cannot cover %s, which the sandbox user cannot pass (%s); let it (chmod o+x %s), or run "
			    "the gateway as an unprivileged user", plan->e[i].cover, strerror(errno), plan->e[i].cover);
	}
	/* The way is passable whatever the gateway's umask (077). */
	mode_t mask = umask(022);
	for (size_t i = 0; i < plan->n; i++) {
		struct reach_path *e = &plan->e[i];
		char way[PATH_MAX], from[64];
		bool inside = false;

		/* Beneath a path bound already: there as it is on the host. */
		for (size_t j = 0; j < i && !inside; j++)
			inside = plan->e[j].fd < 0 && util_path_beneath(plan->e[j].path, strlen(plan->e[j].path), e->path);
		if (inside) {
			close(e->fd);
			continue;
		}
		/* The way down from the skeleton's top, made of the skeleton's own directories. */
		for (const char *c = strchr(e->path + strlen(e->cover) + 1, '/'); c != NULL; c = strchr(c + 1, '/')) {
			snprintf(way, sizeof(way), "%.*s", (int)(c - e->path), e->path);
			if (mkdir(way, 0755) != 0 && errno != EEXIST)
				die("cannot make the way to %s in the sandbox (%s)", e->path, strerror(errno));
		}
		if (e->dir ? mkdir(e->path, 0755) != 0 && errno != EEXIST :
		    close(open(e->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) != 0)
			die("cannot make the way to %s in the sandbox (%s)", e->path, strerror(errno));
		snprintf(from, sizeof(from), "/proc/self/fd/%d", e->fd);
		if (mount(from, e->path, NULL, MS_BIND | MS_REC, NULL) != 0)
			die("cannot show %s in the sandbox (%s)", e->path, strerror(errno));
		close(e->fd);
		e->fd = -1;             /* bound */
	}
	umask(mask);
}

/*
 * The init becomes the sandbox user (mapped as itself), with no capability
 * left; then each path of the policy is checked as that user, so that a path
 * it may not use is one clear sentence now, not a failure of the server later.
 */
static void
become_user(const struct sandbox_policy *p, int alive_fd)
{
	struct pollfd pfd = { .fd = alive_fd, .events = POLLIN };
	uid_t uid = (uid_t)p->uid;
	gid_t gid = (gid_t)p->gid;

	if (setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0)
		die("cannot become the sandbox user (uid %u, gid %u): %s", (unsigned)uid, (unsigned)gid, strerror(errno));
	/* A change of uid clears the parent-death signal: set it again, then check
	 * that the trampoline did not die in between. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (poll(&pfd, 1, 0) != 0)
		_exit(EXIT_SANDBOX);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sandbox_rule *r = &p->rules[i];
		struct stat st;
		int want;

		if (r->access == SANDBOX_DEV)
			continue;
		if (stat(r->path, &st) != 0) {
			if (errno == EACCES)
				die("the sandbox user (uid %u) cannot reach %s; let it pass through the directories "
				    "above it (chmod o+x), or run the gateway as an unprivileged user", (unsigned)uid, r->path);
			continue;       /* missing: skipped by Landlock too */
		}
		want = S_ISDIR(st.st_mode) ? X_OK : R_OK;
		if (r->access == SANDBOX_RW)
			want |= W_OK;
		if (access(r->path, want) != 0 && errno == EACCES)
			die("the sandbox user (uid %u) may not %s %s; %s, or run the gateway as an unprivileged user",
			    (unsigned)uid, r->access == SANDBOX_RW ? "write to" : S_ISDIR(st.st_mode) ? "pass through" : "read",
			    r->path, r->access == SANDBOX_RW ? "give it to that user (chown)" : "let it (chmod o+rX)");
	}
}

/*
 * What the sandbox's init tells the trampoline: its processes when they near
 * the limit, and how the server ended.
 */
struct init_note {
	enum { NOTE_PROCESSES, NOTE_ENDED } what;
	int      status;        /* NOTE_ENDED: the server's wait status */
	unsigned count;         /* processes running, or (ended) left behind */
};

/* How many children the calling (single-threaded) process has. */
static unsigned
children(void)
{
	char buf[512];
	unsigned n = 0;
	bool in = false;
	ssize_t r;
	int fd = open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				n += !in;
				in = true;
			} else {
				in = false;
			}
		}
	close(fd);
	return n;
}

/* The processes of the namespace but the init, from its own /proc. */
static unsigned
processes(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	unsigned n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strcmp(e->d_name, "1") != 0)
			n++;
	closedir(d);
	return n;
}

/*
 * The init of the sandbox's PID namespace, confined like the server: it reaps
 * every process that ends orphaned in the namespace (a server's `sh -c 'cmd &'`
 * leaves one each time; unreaped, each would hold a slot of the process limit
 * until the server exits); once a second, with a /proc of the namespace's own,
 * it counts the processes, and tells the trampoline when they pass three
 * quarters of the limit (a fork bomb: the limit stops it, its refused forks are
 * the kernel's and seen nowhere); when the server ends it tells the trampoline
 * how, and how many processes were left behind, then exits, and the kernel
 * ends the namespace with every process in it. The server is then not the
 * namespace's init: signals reach it as they would anywhere.
 */
static void __attribute__((noreturn))
be_init(pid_t server, int note_fd, const sigset_t *chld, bool own_proc, uint64_t nproc)
{
	struct init_note note = { .what = NOTE_ENDED, .status = EXIT_SANDBOX << 8 };
	struct timespec second = { 1, 0 };
	int64_t told = -SANDBOX_PROCESSES_TELL_MS, counted = 0;
	int status;
	pid_t w;

	/* The server's stdio is the server's: held here, it would outlive the server. */
	for (int fd = 0; fd < 3; fd++)
		close(fd);
	/* Never blocks: a full pipe drops a note (the exit status still says how it ended). */
	(void)fcntl(note_fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		while ((w = waitpid(-1, &status, WNOHANG)) > 0)
			if (w == server) {
				note.status = status;
				goto ended;
			}
		if (w < 0 && errno == ECHILD)
			goto ended;
		/* At most ten counts a second, however many orphans end. */
		int64_t now = util_now_ms();
		if (own_proc && now - told >= SANDBOX_PROCESSES_TELL_MS && now - counted >= 100) {
			struct init_note busy = { .what = NOTE_PROCESSES, .count = processes() };
			counted = now;
			if ((uint64_t)busy.count * 4 >= nproc * 3) {
				told = now;
				(void)!write(note_fd, &busy, sizeof(busy));
			}
		}
		/* Counting wakes it once a second; otherwise only an ending child does. */
		(void)sigtimedwait(chld, NULL, own_proc ? &second : NULL);
	}
ended:
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	note.count = children();
	(void)!write(note_fd, &note, sizeof(note));
	/* Without the note (the trampoline reads it), the server's status as an exit code. */
	_exit(WIFEXITED(note.status) ? WEXITSTATUS(note.status) :
	    WIFSIGNALED(note.status) ? 128 + WTERMSIG(note.status) : EXIT_SANDBOX);
}

/* The sandbox's init (be_init()), which starts the server confined like itself. */
static void __attribute__((noreturn))
run_server(const struct sandbox_policy *p, struct reach_plan *plan, bool root_outside, int alive_fd,
    int notify_sock, int note_fd, const char *program, char *const *target)
{
	struct pollfd pfd = { .fd = alive_fd, .events = POLLIN };
	sigset_t chld, old;
	bool own_proc;
	pid_t server;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* The trampoline may have died before the line above: its end of the pipe is closed then. */
	if (poll(&pfd, 1, 0) != 0)
		_exit(EXIT_SANDBOX);
	limit_pids(p, root_outside);
	own_proc = private_proc();
	if (plan != NULL) {
		build_skeletons(plan);
		become_user(p, alive_fd);
	}
	apply_landlock(p);
	apply_seccomp(notify_sock, p->net != SANDBOX_NET_HOST);
	/* Nothing of the gateway's or the trampoline's is left open but the ending pipe (close-on-exec). */
	if (note_fd < 3 || (note_fd > 3 && syscall(SYS_close_range, 3U, (unsigned)note_fd - 1, 0) != 0) ||
	    syscall(SYS_close_range, (unsigned)note_fd + 1, ~0U, 0) != 0)
		die("close_range failed (%s)", strerror(errno));
	/* SIGCHLD blocked before the fork, so that none is missed; not in the server. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	if ((server = fork()) < 0)
		die("cannot start the server's process (%s)", strerror(errno));
	if (server > 0)
		/* Counted only for a trampoline that reads the notes as they come (its event pipe). */
		be_init(server, note_fd, &chld, own_proc && p->events != 0, p->nproc);
	sigprocmask(SIG_SETMASK, &old, NULL);
	/*
	 * Memory is RLIMIT_DATA (private writable mappings: the heap, and what V8
	 * commits), not RLIMIT_AS: Node reserves far more address space than it
	 * uses (NOTES.md), as PROT_NONE, which RLIMIT_DATA does not count. Set last,
	 * for the server only: neither the trampoline nor the init is bound by it (a
	 * sanitizer build of them maps gigabytes of shadow memory).
	 */
	set_limit(RLIMIT_DATA, "RLIMIT_DATA", p->data, p->data);
	execve(program, target, environ);
	die("cannot execute %s (%s)", program, strerror(errno));
}

/* The trampoline's own exit mirrors the server's: same status, or same signal. */
static int __attribute__((noreturn))
mirror_exit(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		struct rlimit none = { 0, 0 };
		(void)setrlimit(RLIMIT_CORE, &none);
		signal(sig, SIG_DFL);
		raise(sig);
		_exit(128 + sig);
	}
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_SANDBOX);
}

/*
 * The event lines to the gateway: "kind=... key=value ...", printable ASCII,
 * at most SANDBOX_EVENT_LINE bytes. The pipe is non-blocking and the lines are
 * rate-limited: a server that loops on a denied call cannot stall the
 * trampoline (and with it its own denied calls) nor flood the log; what is
 * dropped is counted in the next line's "suppressed".
 */
struct events {
	int               fd;           /* -1: none */
	struct rate_limit rate;
};

static void __attribute__((format(printf, 2, 3)))
event(struct events *e, const char *fmt, ...)
{
	char line[SANDBOX_EVENT_LINE];
	va_list ap;
	int n;

	if (e->fd < 0 || !rate_take(&e->rate, SANDBOX_EVENTS_PER_SEC, SANDBOX_EVENTS_BURST))
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 40, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 41)
		n = (int)(sizeof(line) - 41);
	if (e->rate.suppressed > 0)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " suppressed=%lu", e->rate.suppressed);
	line[n++] = '\n';
	if (write(e->fd, line, (size_t)n) == n)
		e->rate.suppressed = 0;
	else
		e->rate.suppressed++;   /* the pipe is full: the gateway is behind */
}

/* The command name of a process, as a log can show it. */
static void
process_name(pid_t pid, char *out, size_t cap)
{
	char path[64], buf[32];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n <= 0) {
		snprintf(out, cap, "?");
		return;
	}
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (!((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '.' || buf[i] == '-' || buf[i] == '_'))
			buf[i] = '_';
	buf[n] = '\0';
	snprintf(out, cap, "%s", n > 0 ? buf : "?");
}

/*
 * What a sandbox keeps out of reach, as src/net/addr.h matches addresses: the
 * ranges the routes block (blocked_ranges, and their IPv6 kin), slirp4netns's
 * own network and its alias for the host, and the host's own addresses. Built
 * once, before the server starts.
 */
struct reach {
	enum sandbox_net net;
	struct cidr      private_[sizeof(blocked_ranges) / sizeof(blocked_ranges[0]) + 1];
	size_t           nprivate;
	struct cidr      link_local[2], slirp;
	struct addr      slirp_host;
	struct addr      hosts[MAX_HOST_ADDRS];
	size_t           nhosts;
};

static void
reach_init(struct reach *r, enum sandbox_net net, const struct host_addrs *h)
{
	char text[64];

	memset(r, 0, sizeof(*r));
	r->net = net;
	for (size_t i = 0; i < sizeof(blocked_ranges) / sizeof(blocked_ranges[0]); i++) {
		snprintf(text, sizeof(text), "%s/%d", blocked_ranges[i].addr, blocked_ranges[i].prefix);
		if (cidr_parse(text, strlen(text), &r->private_[r->nprivate]) == 0)
			r->nprivate++;
	}
	if (cidr_parse("fc00::/7", 8, &r->private_[r->nprivate]) == 0)
		r->nprivate++;
	(void)cidr_parse("169.254.0.0/16", 14, &r->link_local[0]);
	(void)cidr_parse("fe80::/10", 9, &r->link_local[1]);
	(void)cidr_parse("10.0.2.0/24", 11, &r->slirp);
	(void)addr_parse("10.0.2.2", 8, &r->slirp_host);
	for (size_t i = 0; h != NULL && i < h->n; i++) {
		struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = h->addr[i] };
		if (addr_from_sockaddr((const struct sockaddr *)&in, &r->hosts[r->nhosts]) == 0)
			r->nhosts++;
	}
}

/* Of an address a sandbox tried to reach: the range that keeps it out of reach, or
 * NULL for the internet of a "public" sandbox (allowed). */
static const char *
reach_range(const struct reach *r, const struct addr *a)
{
	if (addr_is_loopback(a))
		return "loopback";
	for (size_t i = 0; i < r->nhosts; i++)
		if (addr_equal(a, &r->hosts[i]))
			return "host";
	/* slirp4netns's own 10.0.2.0/24: .2 is its alias for the host (refused by
	 * --disable-host-loopback), .3 its resolver. */
	if (addr_equal(a, &r->slirp_host))
		return "host";
	if (!cidr_contains(&r->slirp, a)) {
		if (cidr_list_contains(r->link_local, 2, a))
			return "link-local";
		if (cidr_list_contains(r->private_, r->nprivate, a))
			return "private";
	}
	return r->net == SANDBOX_NET_NONE ? "internet" : NULL;
}

/*
 * The trampoline's watch over one sandbox (supervise()): the seccomp listener,
 * what the sandbox keeps out of reach, its paths and limits, the init's notes
 * and the event pipe.
 */
struct watch {
	int               listener;
	struct reach      reach;
	struct file_rules files;
	uint64_t          nproc;
	uint64_t          data;         /* RLIMIT_DATA of the server's processes */
	int64_t           memory_told;  /* when a refused mapping was last told, ms */
	int               notes;        /* the init's struct init_note, read end */
	uid_t             uid;          /* the sandbox user (a root gateway's), or 0 */
	gid_t             gid;
	struct events     events;
};

/* A connect() notified: tell the gateway if it aims at what is kept out of reach; it goes on. */
static void
watch_connect(struct watch *wt, const struct seccomp_notif *req)
{
	char name[32], text[ADDR_STRLEN], to[ADDR_STRLEN + 16];
	struct sockaddr_storage ss;
	socklen_t len = (socklen_t)(req->data.args[2] < sizeof(ss) ? req->data.args[2] : sizeof(ss));
	struct iovec local = { .iov_base = &ss, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)req->data.args[1], .iov_len = len };
	struct addr a;
	const char *range;

	memset(&ss, 0, sizeof(ss));
	if (len < (socklen_t)sizeof(struct sockaddr_in) ||
	    process_vm_readv((pid_t)req->pid, &local, 1, &remote, 1, 0) != (ssize_t)len ||
	    seccomp_notify_id_valid(wt->listener, req->id) != 0)
		return;                 /* unreadable, or the caller is gone: nothing to tell */
	if ((ss.ss_family != AF_INET && ss.ss_family != AF_INET6) ||
	    (ss.ss_family == AF_INET6 && len < (socklen_t)sizeof(struct sockaddr_in6)) ||
	    addr_from_sockaddr((const struct sockaddr *)&ss, &a) != 0 || (range = reach_range(&wt->reach, &a)) == NULL)
		return;
	addr_format(&a, text, sizeof(text));
	snprintf(to, sizeof(to), a.family == AF_INET6 ? "[%s]:%u" : "%s:%u", text,
	    ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port : ((struct sockaddr_in6 *)&ss)->sin6_port));
	process_name((pid_t)req->pid, name, sizeof(name));
	event(&wt->events, "kind=connect to=%s range=%s pid=%u process=%s", to, range, req->pid, name);
}

/* A NUL-terminated string of another process, page by page. */
static bool
remote_string(pid_t pid, uint64_t addr, char *out, size_t cap)
{
	size_t got = 0;

	while (got + 1 < cap) {
		size_t page_left = 4096 - (size_t)((addr + got) & 4095);
		size_t want = cap - 1 - got < page_left ? cap - 1 - got : page_left;
		struct iovec local = { .iov_base = out + got, .iov_len = want };
		struct iovec remote = { .iov_base = (void *)(uintptr_t)(addr + got), .iov_len = want };
		ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
		if (n <= 0)
			return false;
		if (memchr(out + got, '\0', (size_t)n) != NULL)
			return true;
		got += (size_t)n;
	}
	return false;               /* longer than a path can be */
}

/*
 * A path of another process made absolute: relative to its working directory or
 * to dirfd. False when there is nothing to check: the server's own /proc, a
 * base that is not a path (a pipe, a socket, an anonymous inode).
 */
static bool
remote_path(pid_t pid, int dirfd, const char *path, char *out, size_t cap)
{
	char base[PATH_MAX], link[64];
	ssize_t n;

	if (path[0] == '/') {
		if ((size_t)snprintf(out, cap, "%s", path) >= cap)
			return false;
	} else {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", (int)pid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)pid, dirfd);
		if ((n = readlink(link, base, sizeof(base) - 1)) <= 0)
			return false;
		base[n] = '\0';
		if (base[0] != '/' || (size_t)snprintf(out, cap, "%s/%s", base, path) >= cap)
			return false;
	}
	return !(strncmp(out, "/proc", 5) == 0 && (out[5] == '\0' || out[5] == '/'));
}

/* The directory entry an absolute path names: its parent resolved, its last
 * component as it is (not followed: unlink of a link removes the link). */
static bool
entry_of(char *joined, char *out, size_t cap)
{
	char parent[PATH_MAX], *slash;
	size_t len = strlen(joined);

	while (len > 1 && joined[len - 1] == '/')
		joined[--len] = '\0';
	if ((slash = strrchr(joined, '/')) == NULL)
		return false;
	*slash = '\0';
	if (strcmp(slash + 1, ".") == 0 || strcmp(slash + 1, "..") == 0 || slash[1] == '\0') {
		*slash = '/';
		return realpath(joined, out) != NULL;
	}
	if (realpath(joined[0] != '\0' ? joined : "/", parent) == NULL)
		return false;
	return (size_t)snprintf(out, cap, "%s/%s", strcmp(parent, "/") == 0 ? "" : parent, slash + 1) < cap;
}

/*
 * What an open names, resolved as the trampoline sees the filesystem (the
 * server's mount namespace differs only in /proc and /etc/resolv.conf): a path
 * that exists, or the entry it creates. False when there is nothing to check
 * (remote_path()), or the file is missing (the open fails with ENOENT before
 * Landlock).
 */
static bool
open_target(pid_t pid, int dirfd, const char *path, bool create, char *out, size_t cap, bool *exists)
{
	char joined[2 * PATH_MAX];

	if (!remote_path(pid, dirfd, path, joined, sizeof(joined)))
		return false;
	if (realpath(joined, out) != NULL) {
		*exists = true;
		return true;
	}
	if (!create || errno != ENOENT)
		return false;
	*exists = false;
	return entry_of(joined, out, cap);
}

/* A path as an event value: printable, no '=', quote or backslash, its end kept if long. */
static void
event_path(const char *path, char *out, size_t cap)
{
	size_t len = strlen(path), from = len > cap - 4 ? len - (cap - 4) : 0, n = 0;

	if (from > 0)
		n = (size_t)snprintf(out, cap, "...");
	for (size_t i = from; i < len && n + 1 < cap; i++)
		out[n++] = (path[i] > 0x20 && path[i] < 0x7f && path[i] != '=' && path[i] != '"' && path[i] != '\\') ?
		    path[i] : '?';
	out[n] = '\0';
}

/* A file made set-user-ID or set-group-ID: EPERM, logged. */
static void
refuse_setuid(struct watch *wt, const struct seccomp_notif *req, struct seccomp_notif_resp *resp, uint64_t addr)
{
	char path[PATH_MAX], shown[SANDBOX_EVENT_VALUE], name[32];

	resp->flags = 0;
	resp->error = -EPERM;
	if (!remote_string((pid_t)req->pid, addr, path, sizeof(path)))
		snprintf(path, sizeof(path), "?");
	event_path(path, shown, sizeof(shown));
	process_name((pid_t)req->pid, name, sizeof(name));
	event(&wt->events, "kind=file access=write path=%s op=setuid pid=%u process=%s", shown, req->pid, name);
}

/* An open notified: inside the sandbox's paths it goes on (but a new
 * set-user-ID file); outside, it is told to the gateway and refused with
 * EACCES, as Landlock would refuse it. */
static void
watch_open(struct watch *wt, const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	char path[PATH_MAX], target[PATH_MAX], shown[SANDBOX_EVENT_VALUE], name[32];
	uint64_t addr, flags, mode;
	int dirfd = AT_FDCWD;
	bool write, exists;

	if (req->data.nr == SCMP_SYS(open)) {
		addr = req->data.args[0];
		flags = req->data.args[1];
		mode = req->data.args[2];
	} else if (req->data.nr == SCMP_SYS(creat)) {
		addr = req->data.args[0];
		flags = O_CREAT | O_WRONLY | O_TRUNC;
		mode = req->data.args[1];
	} else {
		dirfd = (int)req->data.args[0];
		addr = req->data.args[1];
		flags = req->data.args[2];
		mode = req->data.args[3];
	}
	/* A new file set-user-ID or set-group-ID (apply_seccomp()): refused, from the
	 * registers (which the call keeps), so nothing can change after the check. */
	if (((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE) && (mode & (S_ISUID | S_ISGID))) {
		refuse_setuid(wt, req, resp, addr);
		return;
	}
	if ((flags & O_PATH) || !remote_string((pid_t)req->pid, addr, path, sizeof(path)) ||
	    seccomp_notify_id_valid(wt->listener, req->id) != 0 ||
	    !open_target((pid_t)req->pid, dirfd, path, (flags & O_CREAT) != 0, target, sizeof(target), &exists))
		return;
	write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) || !exists;
	if (file_allowed(&wt->files, target, write))
		return;
	event_path(target, shown, sizeof(shown));
	process_name((pid_t)req->pid, name, sizeof(name));
	event(&wt->events, "kind=file access=%s path=%s pid=%u process=%s", write ? "write" : "read", shown, req->pid, name);
	/* Refused here, as Landlock would: the same answer (EACCES) also where a
	 * root gateway's server sees a skeleton (build_skeletons()), not ENOENT. */
	resp->flags = 0;
	resp->error = -EACCES;
}

static const struct entry_call *
entry_call(int nr)
{
	for (size_t i = 0; i < sizeof(entry_calls) / sizeof(entry_calls[0]); i++)
		if (entry_calls[i].nr == nr)
			return &entry_calls[i];
	return NULL;
}

/*
 * A call that changes a directory entry or a file's metadata: tell the gateway
 * if it is outside the sandbox's write paths; it goes on (Landlock decides, or
 * for metadata nothing does). A rename or link is told by the first of its two
 * paths that is outside. A path of NULL (utimensat of an fd) is not checked.
 */
static void
watch_entry(struct watch *wt, const struct seccomp_notif *req, struct seccomp_notif_resp *resp,
    const struct entry_call *call)
{
	const __u64 *a = req->data.args;
	char path[PATH_MAX], joined[2 * PATH_MAX], target[PATH_MAX], shown[SANDBOX_EVENT_VALUE], name[32];

	if ((call->nr == SCMP_SYS(mknod) || call->nr == SCMP_SYS(mknodat)) &&
	    (a[call->path[0] + 1] & (S_ISUID | S_ISGID))) {
		refuse_setuid(wt, req, resp, a[call->path[0]]);
		return;
	}
	for (size_t i = 0; i < 2 && call->path[i] >= 0; i++) {
		int dirfd = call->dirfd[i] < 0 ? AT_FDCWD : (int)a[call->dirfd[i]];
		if (a[call->path[i]] == 0 || !remote_string((pid_t)req->pid, a[call->path[i]], path, sizeof(path)) ||
		    seccomp_notify_id_valid(wt->listener, req->id) != 0 ||
		    !remote_path((pid_t)req->pid, dirfd, path, joined, sizeof(joined)))
			continue;
		if (call->follow ? realpath(joined, target) == NULL : !entry_of(joined, target, sizeof(target)))
			continue;
		if (file_allowed(&wt->files, target, true))
			continue;
		event_path(target, shown, sizeof(shown));
		process_name((pid_t)req->pid, name, sizeof(name));
		event(&wt->events, "kind=file access=write path=%s op=%s pid=%u process=%s", shown, call->op, req->pid, name);
		if (call->decide) {
			resp->flags = 0;
			resp->error = -EPERM;
		}
		return;
	}
}

/* A file descriptor of another process, as our own (pidfd_getfd, Linux 5.6), or -1. */
static int
remote_fd(pid_t pid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), ours;

	if (pidfd < 0)
		return -1;
	ours = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	close(pidfd);
	return ours;
}

/*
 * chmod, fchmod, fchmodat, fchmodat2: Landlock does not govern a file's mode,
 * and a root gateway's server is root outside its user namespace, so it owns
 * root's files (chmod u+s, or 0666 on /etc/passwd, would pass the kernel). So
 * the trampoline decides, and does the call itself on what it checked (never
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE, which would let a thread of the server swap
 * the path between the check and the call): the path resolved once, opened
 * with RESOLVE_NO_SYMLINKS (a component swapped for a link since fails), or
 * the server's own descriptor (pidfd_getfd); inside the write paths the mode is
 * set on that file, outside it is EPERM, logged.
 */
static void
watch_chmod(struct watch *wt, const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	const __u64 *a = req->data.args;
	int nr = req->data.nr, fd = -1, rc = -1, err = EPERM;
	mode_t mode;
	bool nofollow = false;
	char path[PATH_MAX], joined[2 * PATH_MAX], target[PATH_MAX], shown[SANDBOX_EVENT_VALUE], name[32];
	char link[64];
	ssize_t n;

	resp->flags = 0;
	if (nr == SCMP_SYS(fchmod)) {
		mode = (mode_t)a[1];
		if ((fd = remote_fd((pid_t)req->pid, (int)a[0])) < 0) {
			resp->error = errno == EBADF ? -EBADF : -EPERM;
			return;
		}
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		if ((n = readlink(link, target, sizeof(target) - 1)) <= 0)
			goto out;
		target[n] = '\0';
		if (target[0] != '/') {             /* a pipe, a socket: nothing of the filesystem's */
			rc = fchmod(fd, mode);
			err = errno;
			goto out;
		}
	} else {
		int dirfd = nr == SCMP_SYS(chmod) ? AT_FDCWD : (int)a[0];
		__u64 addr = nr == SCMP_SYS(chmod) ? a[0] : a[1];
		mode = (mode_t)(nr == SCMP_SYS(chmod) ? a[1] : a[2]);
		nofollow = nr == NR_FCHMODAT2 && (a[3] & AT_SYMLINK_NOFOLLOW);
		if (!remote_string((pid_t)req->pid, addr, path, sizeof(path))) {
			resp->error = -EFAULT;
			return;
		}
		/* The server's own /proc, or a base that is not a path: not ours to change. */
		if (!remote_path((pid_t)req->pid, dirfd, path, joined, sizeof(joined))) {
			resp->error = -EPERM;
			return;
		}
		if (nofollow ? !entry_of(joined, target, sizeof(target)) : realpath(joined, target) == NULL) {
			resp->error = -(errno != 0 ? errno : ENOENT);   /* as the call would: ENOENT, ENOTDIR, ... */
			return;
		}
	}
	if (!file_allowed(&wt->files, target, true) || (mode & (S_ISUID | S_ISGID))) {
		event_path(target, shown, sizeof(shown));
		process_name((pid_t)req->pid, name, sizeof(name));
		event(&wt->events, "kind=file access=write path=%s op=%s pid=%u process=%s", shown,
		    (mode & (S_ISUID | S_ISGID)) ? "setuid" : "chmod", req->pid, name);
		goto out;
	}
	if (fd < 0) {
		struct open_how how = { .flags = O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0),
		    .resolve = RESOLVE_NO_SYMLINKS };
		if ((fd = (int)syscall(SYS_openat2, AT_FDCWD, target, &how, sizeof(how))) < 0) {
			err = errno == ELOOP ? EPERM : errno;
			goto out;
		}
	}
	/* As the server's user: the kernel's owner check is the server's, not root's
	 * (a root gateway's trampoline may change any file's mode). */
	if (wt->uid != 0) {
		(void)setfsgid(wt->gid);
		(void)setfsuid(wt->uid);
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	rc = nr == SCMP_SYS(fchmod) ? fchmod(fd, mode) : chmod(link, mode);
	err = errno;
	if (wt->uid != 0) {
		(void)setfsuid(0);
		(void)setfsgid(0);
	}
out:
	if (fd >= 0)
		close(fd);
	if (seccomp_notify_id_valid(wt->listener, req->id) != 0)
		return;                 /* the caller is gone */
	resp->error = rc == 0 ? 0 : -err;
	resp->val = 0;
}

/* A process's data memory (what RLIMIT_DATA counts), in bytes; 0 if unknown. */
static uint64_t
data_in_use(pid_t pid)
{
	char path[64], buf[2048], *line;
	unsigned long long kb = 0;
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if ((line = strstr(buf, "\nVmData:")) == NULL || sscanf(line + 8, "%llu kB", &kb) != 1)
		return 0;
	return (uint64_t)kb * 1024;
}

/*
 * A large private writable mapping (the filter notifies only those): tell the
 * gateway if RLIMIT_DATA will refuse it, as the kernel decides (what the
 * process has, plus the mapping's pages, over the limit); it goes on and the
 * kernel refuses it. An allocation the server survives (Node throws a
 * RangeError) is seen nowhere else. At most one line a second: an allocator
 * retries a refused mapping in smaller pieces.
 */
static void
watch_memory(struct watch *wt, const struct seccomp_notif *req)
{
	uint64_t len = req->data.args[1], pages = (len + 4095) / 4096, used;
	int64_t now = util_now_ms();
	char name[32];

	if (wt->data == 0 || wt->data == RLIM_INFINITY || now - wt->memory_told < 1000)
		return;
	used = data_in_use((pid_t)req->pid);
	if (used / 4096 + pages <= wt->data / 4096 || seccomp_notify_id_valid(wt->listener, req->id) != 0)
		return;
	wt->memory_told = now;
	process_name((pid_t)req->pid, name, sizeof(name));
	event(&wt->events, "kind=memory asked=%llu used=%llu limit=%llu pid=%u process=%s", (unsigned long long)len,
	    (unsigned long long)used, (unsigned long long)wt->data, req->pid, name);
}

/*
 * Answer one notification. Watched calls (a connect, an open, a large mapping,
 * a directory entry) go on, told of when they aim out of the sandbox, but those
 * the trampoline decides (an open outside its paths, a new setuid file, times
 * outside the write paths);
 * a mode is set by the trampoline itself (watch_chmod()); anything else is
 * EPERM, told first, so that the line is in the pipe before the server can see
 * its error and exit.
 */
static void
answer_notified(struct watch *wt, struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	const struct entry_call *call;
	int nr;
	char name[32], *sys;

	memset(req, 0, sizeof(*req));
	if (seccomp_notify_receive(wt->listener, req) != 0)
		return;                 /* the caller is gone (killed, or the call interrupted) */
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	nr = req->data.nr;
	if (nr == SCMP_SYS(connect))
		watch_connect(wt, req);
	else if (nr == SCMP_SYS(open) || nr == SCMP_SYS(openat) || nr == SCMP_SYS(creat))
		watch_open(wt, req, resp);
	else if (nr == SCMP_SYS(mmap))
		watch_memory(wt, req);
	else if ((call = entry_call(nr)) != NULL)
		watch_entry(wt, req, resp, call);
	else if (nr == SCMP_SYS(chmod) || nr == SCMP_SYS(fchmod) || nr == SCMP_SYS(fchmodat) || nr == NR_FCHMODAT2)
		watch_chmod(wt, req, resp);
	else {
		process_name((pid_t)req->pid, name, sizeof(name));
		sys = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
		if (nr == SCMP_SYS(socket))
			event(&wt->events, "kind=syscall syscall=socket what=unix-socket pid=%u process=%s", req->pid, name);
		else if (nr == SCMP_SYS(clone))
			event(&wt->events, "kind=syscall syscall=clone what=namespace pid=%u process=%s", req->pid, name);
		else
			event(&wt->events, "kind=syscall syscall=%s pid=%u process=%s", sys ? sys : "?", req->pid, name);
		free(sys);
		resp->flags = 0;
		resp->error = -EPERM;
	}
	(void)seccomp_notify_respond(wt->listener, resp);
}

/*
 * The trampoline's watch over its server: answer the seccomp listener's
 * notifications until the sandbox's init (which ends with the server, and with it every
 * process of the sandbox) exits, then exit the same way. Without a listener,
 * or without pidfd_open, a plain wait.
 */
static void __attribute__((noreturn))
supervise(pid_t pid, struct watch *wt)
{
	struct events *e = &wt->events;
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	struct init_note note, end = { .what = NOTE_PROCESSES };
	int pidfd = -1, status;

	if (e->fd >= 0 && (pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0 && wt->listener >= 0) {
		close(wt->listener);        /* nobody would answer: notified calls fail with ENOSYS */
		wt->listener = -1;
	}
	/* Linux 6.6: wake the trampoline on the notifying task's CPU (half the cost of a watched open). */
	if (wt->listener >= 0)
		(void)ioctl(wt->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS_, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP_);
	if (wt->listener >= 0 && seccomp_notify_alloc(&req, &resp) != 0) {
		close(wt->listener);
		wt->listener = -1;
	}
	/* Until the init exits: its notes, and the listener's calls (poll skips an fd of -1). */
	while (pidfd >= 0) {
		struct pollfd pfd[3] = { { .fd = pidfd, .events = POLLIN }, { .fd = wt->listener, .events = POLLIN },
		    { .fd = wt->notes, .events = POLLIN } };
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll failed (%s)", strerror(errno));
		}
		if (pfd[1].revents & POLLIN) {
			answer_notified(wt, req, resp);
		} else if (pfd[1].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			close(wt->listener);        /* no process uses the filter any more */
			wt->listener = -1;
		}
		if ((pfd[2].revents & POLLIN) && read(wt->notes, &note, sizeof(note)) == (ssize_t)sizeof(note)) {
			if (note.what == NOTE_ENDED)
				end = note;
			else
				event(e, "kind=processes running=%u limit=%llu", note.count, (unsigned long long)wt->nproc);
		}
		if (pfd[0].revents != 0)
			break;
	}
	if (e->fd >= 0 && e->rate.suppressed > 0) {
		char line[64];
		int n = snprintf(line, sizeof(line), "kind=suppressed count=%lu\n", e->rate.suppressed);
		(void)!write(e->fd, line, (size_t)n);
	}
	for (;;) {
		if (waitpid(pid, &status, 0) == pid)
			break;
		if (errno != EINTR)
			die("waitpid failed (%s)", strerror(errno));
	}
	/* The init's last note, written before it exited; without it (killed), its own status. */
	while (end.what != NOTE_ENDED && read(wt->notes, &note, sizeof(note)) == (ssize_t)sizeof(note))
		end = note;
	if (end.what != NOTE_ENDED)
		mirror_exit(status);
	if (end.count > 0)
		event(e, "kind=leftover processes=%u", end.count);
	mirror_exit(end.status);
}

int
sandbox_exec_main(int argc, char **argv)
{
	struct sandbox_policy *p = xcalloc(1, sizeof(*p));
	char err[256];
	int program_index, alive[2];
	int go[2] = { -1, -1 }, ready[2] = { -1, -1 }, slirp_exit[2] = { -1, -1 };
	int notify[2] = { -1, -1 }, ending[2];
	struct watch *wt = xcalloc(1, sizeof(*wt));
	bool root_outside;
	struct host_addrs *hosts = NULL;
	struct reach_plan *plan = NULL;
	struct mapper mapper;
	pid_t pid;

	wt->listener = -1;
	if (sandbox_parse_argv(argc, argv, p, &program_index, err, sizeof(err)) != 0)
		die("%s", err);
	if (p->uid != 0 && getuid() != 0)
		die("--uid and --gid are for a gateway running as root");
	/* Root outside only without a sandbox user (a root gateway always names one). */
	root_outside = getuid() == 0 && p->uid == 0;
	/* Die with the gateway; and if it is already gone, do not start. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != p->parent)
		die("the gateway is gone");
	/* The event pipe: the trampoline's only (the server's close_range ends it there). */
	if (p->events != 0 && fcntl((int)p->events, F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl((int)p->events, F_SETFL, O_NONBLOCK) == 0)
		wt->events.fd = (int)p->events;
	else
		wt->events.fd = -1;
	/* slirp4netns starts before the limits: it is not the server, and it runs
	 * in the host's namespaces, where RLIMIT_NPROC counts every process of our uid. */
	if (p->net == SANDBOX_NET_PUBLIC) {
		struct sandbox_features f;
		sandbox_probe(&f);
		if (f.slirp4netns[0] == '\0')
			die("\"network\": \"public\" needs slirp4netns (Debian package slirp4netns); install it, "
			    "or set \"network\": false or true for this server");
		hosts = xcalloc(1, sizeof(*hosts));
		host_addresses(hosts);
		if (pipe2(go, O_CLOEXEC) != 0 || pipe2(ready, O_CLOEXEC) != 0 || pipe2(slirp_exit, O_CLOEXEC) != 0)
			die("pipe failed (%s)", strerror(errno));
		(void)start_slirp(f.slirp4netns, go[0], ready[1], slirp_exit[0]);
		close(go[0]);
		close(ready[1]);
		close(slirp_exit[0]);
	}
	apply_rlimits(p);
	/* A root gateway's server runs as its sandbox user: the way to its paths
	 * planned as root, no supplementary group, the ids mapped from outside. */
	resolve_rules(&wt->files, p);
	if (p->uid != 0) {
		plan = xcalloc(1, sizeof(*plan));
		plan_reach(&wt->files, (uid_t)p->uid, (gid_t)p->gid, plan);
		if (setgroups(0, NULL) != 0)
			die("cannot drop the supplementary groups (%s)", strerror(errno));
		start_mapper(p, &mapper);
		wt->uid = (uid_t)p->uid;
		wt->gid = (gid_t)p->gid;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die("cannot set no_new_privs (%s)", strerror(errno));
	enter_namespaces(p, plan != NULL ? &mapper : NULL);
	limit_processes(p);
	if (p->net == SANDBOX_NET_PUBLIC) {
		struct pollfd rp = { .fd = ready[0], .events = POLLIN };
		char byte;
		if (write(go[1], "g", 1) != 1 || poll(&rp, 1, SLIRP_READY_MS) != 1 || read(ready[0], &byte, 1) != 1)
			die("slirp4netns failed to set up the network for \"network\": \"public\" (its messages "
			    "are above; it needs /dev/net/tun readable and writable by the gateway's user) or took "
			    "more than %d ms; fix that, or set \"network\": false or true for this server", SLIRP_READY_MS);
		close(go[1]);
		close(ready[0]);
		block_ranges(hosts);
		private_resolv_conf();
	}
	reach_init(&wt->reach, p->net, hosts);
	free(hosts);
	if (pipe2(alive, O_CLOEXEC) != 0)
		die("pipe failed (%s)", strerror(errno));
	if (wt->events.fd >= 0 && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, notify) != 0)
		die("socketpair failed (%s)", strerror(errno));
	if (pipe2(ending, O_CLOEXEC) != 0)
		die("pipe failed (%s)", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("cannot start the server's process (%s)", strerror(errno));
	if (pid == 0) {
		close(alive[1]);
		close(ending[0]);
		if (notify[0] >= 0)
			close(notify[0]);
		run_server(p, plan, root_outside, alive[0], notify[1], ending[1], argv[program_index], argv + program_index + 1);
	}
	/* The trampoline holds none of the server's pipes open. */
	close(alive[0]);
	close(ending[1]);
	wt->notes = ending[0];
	if (notify[1] >= 0) {
		close(notify[1]);
		wt->listener = recv_fd(notify[0]);
		close(notify[0]);
	}
	(void)syscall(SYS_close_range, 0U, 1U, 0);
	wt->nproc = p->nproc;
	wt->data = p->data;
	wt->memory_told = -1000;
	supervise(pid, wt);
}

void
sandbox_probe(struct sandbox_features *f)
{
	static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/local/bin" };
	char *v;

	memset(f, 0, sizeof(*f));
	f->landlock_abi = landlock_abi();
	/* PR_GET_SECCOMP fails with EINVAL on kernels built without seccomp. */
	f->seccomp = !(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL);
	f->notify = f->seccomp && seccomp_api_get() >= 5;
	v = util_read_file("/proc/sys/user/max_user_namespaces", 64, NULL);
	f->userns = v != NULL && !(v[0] == '0' && (v[1] == '\n' || v[1] == '\0'));
	free(v);
	f->tun = access("/dev/net/tun", R_OK | W_OK) == 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && f->slirp4netns[0] == '\0'; i++) {
		snprintf(f->slirp4netns, sizeof(f->slirp4netns), "%s/slirp4netns", dirs[i]);
		if (access(f->slirp4netns, X_OK) != 0)
			f->slirp4netns[0] = '\0';
	}
}

int
sandbox_check(const struct sandbox_features *f, const char *server, bool public, char *err, size_t errcap)
{
	const char *missing = f->landlock_abi < 1 ? "Landlock" : !f->seccomp ? "seccomp"
	    : !f->userns ? "user namespaces" : NULL;

	if (missing == NULL && public && (f->slirp4netns[0] == '\0' || !f->tun)) {
		snprintf(err, errcap, "server \"%s\": \"sandbox\": {\"network\": \"public\"} (the default) needs "
		    "%s; %s, or set \"network\": false (no network) or true (the host's network) for this server",
		    server, f->slirp4netns[0] == '\0' ? "slirp4netns (Debian package slirp4netns)" :
		    "/dev/net/tun, readable and writable by the gateway's user",
		    f->slirp4netns[0] == '\0' ? "install it" : "fix its mode (usually 0666)");
		return -1;
	}
	if (missing == NULL)
		return 0;
	snprintf(err, errcap, "server \"%s\": its sandbox needs %s, which this kernel does not offer "
	    "(see `gatehouse version`); set \"sandbox\": false for this server to run it unconfined",
	    server, missing);
	return -1;
}

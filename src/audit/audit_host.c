/*
 * The host checks of `gatehouse audit` (GH-NET-001..005): every TCP listener on
 * a non-loopback address, with its process; with --deep, loopback probes that
 * prove whether a service answers without credentials (probes.h).
 *
 * A listener bound to 0.0.0.0 or :: is probed through 127.0.0.1 or ::1; one
 * bound to a specific non-loopback address is not probed at all, because the
 * audit never sends a byte off this host's loopback.
 */
#include "audit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/util.h"
#include "netstat.h"
#include "probes.h"

/* The loopback address through which a listener can be probed, if any. */
static bool
probe_address(const struct listener *l, int *family, uint8_t addr[16])
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 };
	static const uint8_t lo6[16] = { [15] = 1 };
	uint8_t v4[4];

	memset(addr, 0, 16);
	if (l->family == 4 || netstat_v4mapped(l, v4)) {
		if (l->family == 4)
			memcpy(v4, l->addr, 4);
		*family = AF_INET;
		if (v4[0] == 127)
			memcpy(addr, v4, 4);
		else if (netstat_is_wildcard(l))
			memcpy(addr, lo4, 4);
		else
			return false;
		return true;
	}
	*family = AF_INET6;
	if (!netstat_is_loopback(l) && !netstat_is_wildcard(l))
		return false;
	memcpy(addr, lo6, 16);
	return true;
}

/* A path a process chose, made printable and short for evidence. */
static void
probe_text(const char *in, char *out, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; in[i] != '\0' && k + 1 < cap; i++)
		out[k++] = (unsigned char)in[i] >= 0x20 && (unsigned char)in[i] < 0x7f ? in[i] : '?';
	out[k] = '\0';
}

/* Do the files at a and b hold the same bytes? Both are regular files of equal size. */
static bool
same_content(const char *a, const char *b, off_t size)
{
	char *x = xmalloc(65536), *y = xmalloc(65536);
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	bool same = fa != NULL && fb != NULL;
	off_t done = 0;

	while (same && done < size) {
		size_t want = size - done < 65536 ? (size_t)(size - done) : 65536;
		same = fread(x, 1, want, fa) == want && fread(y, 1, want, fb) == want && memcmp(x, y, want) == 0;
		done += (off_t)want;
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	free(x);
	free(y);
	return same;
}

/*
 * Does process pid run a gatehouse binary? The kernel says which file a process
 * executes (PROC/PID/exe, readable for our own processes, or all of them as
 * root); a process names itself (comm) and anyone can answer /healthz. It is
 * gatehouse when that file is the one we run (same device and inode), or a
 * byte-identical copy (an installed copy of the same build). Another build of
 * gatehouse is not recognised: it is probed like any MCP endpoint, which it
 * also is. When the file cannot be read, the answer is no.
 */
static bool
runs_gatehouse(const char *root, int pid)
{
	static bool have_self;
	static struct stat self;
	char path[LIMIT_PATH];
	struct stat st;

	if (pid <= 0)
		return false;
	if (!have_self) {
		if (stat("/proc/self/exe", &self) != 0)
			return false;
		have_self = true;
	}
	snprintf(path, sizeof(path), "%s/%d/exe", root, pid);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	if (st.st_dev == self.st_dev && st.st_ino == self.st_ino)
		return true;
	if (st.st_size != self.st_size || st.st_size > AUDIT_EXE_COMPARE_MAX)
		return false;
	return same_content(path, "/proc/self/exe", st.st_size);
}

/*
 * Which configuration a gatehouse process runs, when its command line says
 * (--config FILE, relative to its working directory) and we may look: "runs
 * this audit's configuration" or "runs another configuration (FILE)". Empty when
 * it cannot be told (no --config: its environment decides).
 */
static void
gatehouse_config_text(const char *root, int pid, const char *ours, char *out, size_t cap)
{
	char path[LIMIT_PATH], theirs[LIMIT_PATH], shown[96];
	char *cmd;
	size_t len;
	struct stat a, b;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%d/cmdline", root, pid);
	/* A /proc file says it is empty (st_size 0): read it to its end. */
	{
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t got = 0;
		if (fd < 0)
			return;
		cmd = xmalloc(65536 + 1);
		len = 0;
		while (len < 65536 && (got = read(fd, cmd + len, 65536 - len)) > 0)
			len += (size_t)got;
		close(fd);
		cmd[len] = '\0';
	}
	for (size_t i = 0; i < len; i += strlen(cmd + i) + 1) {
		const char *arg = cmd + i, *next;
		if (strcmp(arg, "--config") != 0 || i + strlen(arg) + 1 >= len)
			continue;
		next = arg + strlen(arg) + 1;
		if (next[0] == '/')
			snprintf(theirs, sizeof(theirs), "%s", next);
		else
			snprintf(theirs, sizeof(theirs), "%s/%d/cwd/%s", root, pid, next);
		probe_text(next, shown, sizeof(shown));
		if (stat(theirs, &a) != 0)
			snprintf(out, cap, "its configuration %s could not be examined", shown);
		else if (ours != NULL && stat(ours, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			snprintf(out, cap, "it runs this audit's configuration");
		else
			snprintf(out, cap, "it runs another configuration (%s)", shown);
	}
	free(cmd);
}

/* "redis-server pid 1234", for "(...)" after an address. */
static void
owner_text(const struct listener *l, char *out, size_t cap)
{
	if (l->pid > 0)
		snprintf(out, cap, "%s pid %d", l->comm[0] ? l->comm : "?", l->pid);
	else
		snprintf(out, cap, "uid %u, process not visible", (unsigned)l->uid);
}

/* "redis-server (pid 1234)", to start a sentence. */
static void
subject_text(const struct listener *l, char *out, size_t cap)
{
	if (l->pid > 0)
		snprintf(out, cap, "%s (pid %d)", l->comm[0] ? l->comm : "a process", l->pid);
	else
		snprintf(out, cap, "a process of uid %u (its pid is not visible to the audit)", (unsigned)l->uid);
}

static const char *
scope_text(const struct listener *l)
{
	if (!netstat_is_wildcard(l))
		return "a non-loopback address";
	return l->family == 4 || netstat_v4mapped(l, NULL) ? "all IPv4 addresses" :
	    "all IPv6 addresses, and usually IPv4 too";
}

static void
target_text(const struct probe_target *t, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(t->family, t->addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	if (t->family == AF_INET6)
		snprintf(out, cap, "[%s]:%u", a, (unsigned)t->port);
	else
		snprintf(out, cap, "%s:%u", a, (unsigned)t->port);
}

/* The finding for a service that answered without credentials. */
static void
report_open(struct report *r, const struct audit_opts *o, const struct listener *l,
    const struct probe_target *t, const char *where, const char *who)
{
	/* A service that refuses other hosts itself (Redis protected mode) is open to
	 * this host only, whatever address it is bound to. */
	bool exposed = !netstat_is_loopback(l) && !t->loopback_only;
	const char *id, *name = t->svc->name;
	int sev = -1;
	char via[80];

	target_text(t, via, sizeof(via));
	if (t->svc->flags & SVC_GATEHOUSE) {
		id = "GH-NET-004";
	} else if (t->svc->flags & SVC_MCP) {
		if (exposed || t->foreign_origin) {
			id = "GH-NET-005";
		} else {
			id = "GH-NET-003";
		}
	} else {
		id = exposed ? "GH-NET-002" : "GH-NET-003";
	}
	char conf[LIMIT_PATH + 64] = "";
	if (t->svc->flags & SVC_GATEHOUSE) {
		conf[0] = ';';
		conf[1] = ' ';
		gatehouse_config_text(o->proc_root && o->proc_root[0] ? o->proc_root : "/proc", l->pid,
		    o->config_path, conf + 2, sizeof(conf) - 2);
		if (conf[2] == '\0')
			conf[0] = '\0';
	}
	if (exposed)
		audit_add(r, id, sev, where, "%s on %s (%s), reachable from other hosts: at %s it %s%s",
		    name, where, who, via, t->evidence, conf);
	else
		audit_add(r, id, sev, where, "%s on %s (%s) %s%s", name, where, who, t->evidence, conf);
}

/* GH-NET-001: a listener on a non-loopback address, and what we know of it. */
static void
report_exposed(struct report *r, const struct audit_opts *o, const struct listener *l,
    const struct probe_target *t, const char *where)
{
	const char *root = o->proc_root && o->proc_root[0] ? o->proc_root : "/proc";
	const struct service *svc = t != NULL && t->svc != NULL ? t->svc : probes_guess(l->port, l->comm);
	bool protected = t != NULL && t->verdict == PROBE_PROTECTED;
	bool gatehouse = runs_gatehouse(root, l->pid);
	int sev;
	char what[512 + LIMIT_PATH] = "", via[80], who[96];

	/* A name or a port does not make gatehouse: only its program does. */
	if (svc != NULL && (svc->flags & SVC_GATEHOUSE) && !gatehouse)
		svc = NULL;
	for (size_t k = 0; svc == NULL && gatehouse && k < probe_nservices; k++)
		if (probe_services[k].flags & SVC_GATEHOUSE)
			svc = &probe_services[k];
	sev = svc != NULL && (svc->flags & SVC_RISKY) && !protected ? SEV_WARN : SEV_INFO;
	if (t != NULL && t->svc != NULL) {
		target_text(t, via, sizeof(via));
		snprintf(what, sizeof(what), "; %s: at %s it %s", t->svc->name, via, t->evidence);
	} else if (svc != NULL) {
		bool by_name = false;
		for (size_t i = 0; i < 4 && svc->comms[i] != NULL && l->comm[0]; i++)
			by_name |= strncmp(l->comm, svc->comms[i], strlen(svc->comms[i])) == 0;
		snprintf(what, sizeof(what), "; %s, by its %s", svc->name,
		    (svc->flags & SVC_GATEHOUSE) ? "program (/proc/PID/exe)" : by_name ? "process name" : "port");
	}
	if (svc != NULL && (svc->flags & SVC_GATEHOUSE) && l->pid > 0) {
		size_t n = strlen(what);
		char conf[LIMIT_PATH + 64];
		gatehouse_config_text(root, l->pid, o->config_path, conf, sizeof(conf));
		if (conf[0])
			snprintf(what + n, sizeof(what) - n, "; %s", conf);
	}
	if (t != NULL && t->svc == NULL && o->deep) {
		size_t n = strlen(what);
		if (t->banner[0])
			snprintf(what + n, sizeof(what) - n, "; it %s, not a service the audit knows", t->banner);
		else if (t->refused)
			snprintf(what + n, sizeof(what) - n, "; a loopback connection to it was refused");
		else if (t->closed)
			snprintf(what + n, sizeof(what) - n, "; it closed the probes' connections without a word");
		else if (t->silent)
			snprintf(what + n, sizeof(what) - n, "; it said nothing to the probes in time");
	}
	subject_text(l, who, sizeof(who));
	audit_add(r, "GH-NET-001", sev, where, "%s listens on %s (%s)%s", who, where, scope_text(l), what);
}

/*
 * GH-NET-006 for the ports the probes could not finish: a deadline (the
 * listener's own or the run's) cut them short, or they began to answer like a
 * service and went silent. Named, so that they can be checked by hand.
 */
static void
report_unfinished(struct report *r, const struct probe_target *t, size_t nt)
{
	enum { NAMED = 12 };
	char list[NAMED * 48 + 64] = "", a[64];
	size_t n = 0, len = 0;

	for (size_t i = 0; i < nt; i++) {
		if (!t[i].unfinished)
			continue;
		if (n++ < NAMED) {
			target_text(&t[i], a, sizeof(a));
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "", a);
		}
	}
	if (n == 0)
		return;
	if (n > NAMED)
		snprintf(list + len, sizeof(list) - len, " and %zu more", n - NAMED);
	audit_add(r, "GH-NET-006", -1, "host", "%zu of %zu probed ports were not fully identified: a deadline "
	    "(%d ms per listener, %lld ms for this run) cut their probes short, or they began to answer "
	    "and went silent: %s", n, nt, PROBE_LISTENER_DEADLINE_MS, (long long)probes_run_deadline_ms(nt), list);
}

/* One probe target per distinct loopback address and port. */
static ssize_t
target_for(struct probe_target *t, size_t *nt, const struct listener *l, const struct audit_opts *o)
{
	int family;
	uint8_t addr[16];

	if (!probe_address(l, &family, addr))
		return -1;
	for (size_t i = 0; i < *nt; i++)
		if (t[i].family == family && t[i].port == l->port && memcmp(t[i].addr, addr, 16) == 0)
			return (ssize_t)i;
	memset(&t[*nt], 0, sizeof(t[*nt]));
	t[*nt].family = family;
	memcpy(t[*nt].addr, addr, 16);
	t[*nt].port = l->port;
	memcpy(t[*nt].comm, l->comm, sizeof(t[*nt].comm));
	t[*nt].gatehouse_exe = runs_gatehouse(o->proc_root && o->proc_root[0] ? o->proc_root : "/proc", l->pid);
	return (ssize_t)(*nt)++;
}

/* A loopback listener on a known service's port (or run by a known program) is probed first. */
static bool
known_service(uint16_t port, const char *comm, void *arg)
{
	(void)arg;
	return probes_guess(port, comm && comm[0] ? comm : NULL) != NULL;
}

void
audit_host(const struct audit_opts *o, struct report *r)
{
	const char *root = o->proc_root && o->proc_root[0] ? o->proc_root : "/proc";
	struct listener *ls = NULL;
	struct probe_target *targets = NULL;
	ssize_t *tix = NULL;
	struct netstat_scan scan;
	size_t n, nt = 0;

	/* What the audit could not check is a finding (GH-NET-006), never only a note:
	 * --fail-on warn fails on it, so a host that hides listeners fails closed. */
	if (netstat_read_all(root, &ls, &n, NETSTAT_MAX_LISTENERS, &scan) != 0) {
		audit_add(r, "GH-NET-006", -1, "host", "cannot read %s/net/tcp (%s): no listening socket was checked",
		    root, strerror(scan.tcp_errno));
		return;
	}
	if (scan.tcp_errno != 0)
		audit_add(r, "GH-NET-006", -1, "host", "cannot read %s/net/tcp (%s): only IPv6 listeners were checked",
		    root, strerror(scan.tcp_errno));
	if (scan.tcp6_errno != 0 && scan.tcp6_errno != ENOENT)
		audit_add(r, "GH-NET-006", -1, "host", "cannot read %s/net/tcp6 (%s): IPv6 listeners were not checked",
		    root, strerror(scan.tcp6_errno));
	if (scan.truncated)
		audit_add(r, "GH-NET-006", -1, "host", "more than %d listening sockets: only %zu were checked "
		    "(the exposed and wildcard ones first)", NETSTAT_MAX_LISTENERS, n);
	netstat_owners(root, ls, n, &scan);
	netstat_order(ls, n, known_service, NULL);
	if (scan.unowned > 0 && scan.pids_denied > 0)
		audit_note(r, "host: the processes behind %zu listening sockets could not be named "
		    "(%zu processes may not be inspected by this user); run the audit as root to see them",
		    scan.unowned, scan.pids_denied);

	if (o->deep && n > 0) {
		char where[NETSTAT_ADDRSTRLEN];

		targets = xcalloc(n, sizeof(*targets));
		tix = xcalloc(n, sizeof(*tix));
		for (size_t i = 0; i < n; i++) {
			tix[i] = target_for(targets, &nt, &ls[i], o);
			if (tix[i] < 0 && !netstat_is_loopback(&ls[i]))
				audit_note(r, "host: %s was not probed: it is bound to a specific non-loopback "
				    "address, and the audit probes only over loopback",
				    netstat_format(&ls[i], where, sizeof(where)));
		}
		probes_run(targets, nt, o->probe_timeout_ms, true);
		report_unfinished(r, targets, nt);
	}

	for (size_t i = 0; i < n; i++) {
		const struct probe_target *t = tix != NULL && tix[i] >= 0 ? &targets[tix[i]] : NULL;
		char where[NETSTAT_ADDRSTRLEN], who[48];

		netstat_format(&ls[i], where, sizeof(where));
		owner_text(&ls[i], who, sizeof(who));
		if (t != NULL && t->svc != NULL && t->verdict == PROBE_OPEN) {
			report_open(r, o, &ls[i], t, where, who);
			continue;
		}
		if (!netstat_is_loopback(&ls[i]))
			report_exposed(r, o, &ls[i], t, where);
	}
	free(tix);
	free(targets);
	free(ls);
}

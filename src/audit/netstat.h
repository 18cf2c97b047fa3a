/*
 * The host's TCP listeners, as the kernel lists them in /proc/net/tcp and
 * /proc/net/tcp6, and the processes that own them (DESIGN.md section 8, "Host").
 *
 * netstat_parse() is pure: text in, listeners out, no I/O. The rest reads /proc
 * under a root the caller chooses, so tests can point it at a fixture tree.
 */
#ifndef GH_NETSTAT_H
#define GH_NETSTAT_H

#include <stdbool.h>
#include <stddef.h>

#include "../limits.h"
#include <stdint.h>

/* Caps (candidates for limits.h, which this module may not edit yet). */
#define NETSTAT_ADDRSTRLEN      64              /* "[ffff:...:ffff]:65535" and NUL */

struct listener {
	int      family;        /* 4 or 6: the file it came from */
	uint8_t  addr[16];      /* network byte order; IPv4 uses the first 4 bytes */
	uint16_t port;
	uint32_t uid;
	uint64_t inode;
	int      pid;           /* 0 when unknown (not permitted, or gone) */
	char     comm[16];      /* the owner's /proc/PID/comm, "" when unknown */
};

/*
 * Parse the text of /proc/net/tcp (family 4) or /proc/net/tcp6 (family 6) and
 * append every socket in state LISTEN (0A) to out[0..max). The header line and
 * any line that does not have the kernel's shape are skipped; a last line
 * without its newline is ignored, as it may have been cut. Addresses are printed
 * by the kernel as 32-bit words in host byte order, so this is exact on the host
 * that produced the text. Pure. Returns 0, 1 when some listeners did not fit in
 * max (or the last line was incomplete), -1 for a bad family or NULL argument;
 * *n is the number written.
 */
int  netstat_parse(const char *buf, size_t len, int family, struct listener *out,
         size_t max, size_t *n);

/* Address classes. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as
 * the IPv4 address it carries. */
bool netstat_is_loopback(const struct listener *l);
bool netstat_is_wildcard(const struct listener *l);

/* The IPv4 address an IPv4-mapped IPv6 listener carries; false if it is not one. */
bool netstat_v4mapped(const struct listener *l, uint8_t v4[4]);

/* "127.0.0.1:6379", "[::]:8080". Returns out. */
char *netstat_format(const struct listener *l, char *out, size_t cap);

/* What reading the host found and could not do, for the report's notes. */
struct netstat_scan {
	size_t nlisteners;
	bool   truncated;       /* more listeners than the cap */
	int    tcp_errno;       /* errno of /proc/net/tcp (0 when read) */
	int    tcp6_errno;      /* errno of /proc/net/tcp6 (ENOENT without IPv6) */
	size_t pids_denied;     /* processes whose fds we may not read */
	size_t unowned;         /* listeners left without a process */
	bool   pids_capped;     /* stopped scanning at NETSTAT_MAX_PIDS */
};

/*
 * Read PROC/net/tcp and PROC/net/tcp6 (proc_root NULL means "/proc") into
 * out[0..max). Returns 0 when at least one of the files was read, else -1.
 */
int  netstat_read(const char *proc_root, struct listener *out, size_t max,
         struct netstat_scan *scan);

/*
 * netstat_read into a table that grows (malloc'd into *out, *n listeners) up
 * to `limit`: no fixed cap an unprivileged user can fill with idle listeners to
 * hide the rest. scan->truncated only past `limit`. 0 or -1, as netstat_read.
 */
int  netstat_read_all(const char *proc_root, struct listener **out, size_t *n, size_t limit,
         struct netstat_scan *scan);

/*
 * Put the listeners in an order an attacker cannot choose: every non-loopback
 * and wildcard listener first, then loopback ones on a known service's port
 * (known(port, comm, arg) says which), then the rest; /proc order within each.
 */
void netstat_order(struct listener *l, size_t n, bool (*known)(uint16_t port, const char *comm, void *arg),
         void *arg);

/*
 * Fill pid and comm of each listener by scanning PROC/<pid>/fd for links
 * "socket:[INODE]". Processes we may not inspect are counted and skipped; the
 * scan is bounded by NETSTAT_MAX_PIDS and NETSTAT_MAX_FDS_PER_PID and stops once
 * every listener has its owner.
 */
void netstat_owners(const char *proc_root, struct listener *l, size_t n,
         struct netstat_scan *scan);

#endif


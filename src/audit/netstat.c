/*
 * TCP listeners from /proc/net/tcp and /proc/net/tcp6, and their owners from
 * /proc/PID/fd. The parser is a pure function of the text; it trusts neither
 * the number of fields nor their width, because a fixture, a future kernel or a
 * bind-mounted file may differ from what we expect.
 */
#include "netstat.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/util.h"

#define TCP_LISTEN_STATE 0x0A

struct field {
	const char *p;
	size_t      len;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 to 16 hex digits, nothing else. */
static int
parse_hex(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 16)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int d = hex_digit(p[i]);
		if (d < 0)
			return -1;
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* Decimal digits only, no sign, no overflow. */
static int
parse_dec(const char *p, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		uint64_t d = (uint64_t)(p[i] - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * "HEXADDR:HEXPORT". The address is 8 hex digits (IPv4) or 32 (IPv6): one or
 * four 32-bit words that the kernel printed with %08X from the in-memory value,
 * i.e. in host byte order. Copying each word back as a host integer restores the
 * network-order bytes.
 */
static int
parse_endpoint(const struct field *f, int family, uint8_t addr[16], uint16_t *port)
{
	size_t alen = family == 4 ? 8 : 32;
	uint64_t v;

	if (f->len < alen + 2 || f->p[alen] != ':')
		return -1;
	memset(addr, 0, 16);
	for (size_t w = 0; w < alen / 8; w++) {
		uint32_t word;
		if (parse_hex(f->p + w * 8, 8, &v) != 0)
			return -1;
		word = (uint32_t)v;
		memcpy(addr + w * 4, &word, 4);
	}
	if (f->len - alen - 1 > 4 || parse_hex(f->p + alen + 1, f->len - alen - 1, &v) != 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/*
 * One line of the table:
 *   sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
 * Returns 0 for a well-formed LISTEN entry, 1 for a well-formed entry in
 * another state, -1 for anything else (the header included).
 */
static int
parse_line(const char *p, size_t len, int family, struct listener *l)
{
	struct field f[NETSTAT_MAX_FIELDS];
	size_t nf = 0, i = 0;
	uint8_t raddr[16];
	uint16_t rport;
	uint64_t v;

	while (i < len && nf < NETSTAT_MAX_FIELDS) {
		while (i < len && is_space(p[i]))
			i++;
		if (i == len)
			break;
		f[nf].p = p + i;
		while (i < len && !is_space(p[i]))
			i++;
		f[nf].len = (size_t)(p + i - f[nf].p);
		nf++;
	}
	if (nf < 10)
		return -1;
	/* "12:" */
	if (f[0].len < 2 || f[0].p[f[0].len - 1] != ':' ||
	    parse_dec(f[0].p, f[0].len - 1, UINT32_MAX, &v) != 0)
		return -1;
	memset(l, 0, sizeof(*l));
	l->family = family;
	if (parse_endpoint(&f[1], family, l->addr, &l->port) != 0 ||
	    parse_endpoint(&f[2], family, raddr, &rport) != 0)
		return -1;
	if (f[3].len != 2 || parse_hex(f[3].p, 2, &v) != 0)
		return -1;
	if (parse_dec(f[7].p, f[7].len, UINT32_MAX, &v) != 0)
		return -1;
	l->uid = (uint32_t)v;
	if (parse_dec(f[9].p, f[9].len, UINT64_MAX, &v) != 0)
		return -1;
	l->inode = v;
	if (parse_hex(f[3].p, 2, &v) != 0 || v != TCP_LISTEN_STATE)
		return 1;
	return 0;
}

int
netstat_parse(const char *buf, size_t len, int family, struct listener *out, size_t max, size_t *n)
{
	size_t pos = 0, count = 0;
	int rc = 0;

	if (n != NULL)
		*n = 0;
	if (n == NULL || (buf == NULL && len > 0) || (out == NULL && max > 0) ||
	    (family != 4 && family != 6))
		return -1;
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		struct listener l;

		if (nl == NULL) {
			/* Possibly cut: say so only if it holds more than padding. */
			for (size_t i = pos; i < len; i++)
				if (!is_space(buf[i])) {
					rc = 1;
					break;
				}
			break;
		}
		if ((size_t)(nl - line) <= NETSTAT_MAX_LINE &&
		    parse_line(line, (size_t)(nl - line), family, &l) == 0) {
			if (count < max)
				out[count++] = l;
			else
				rc = 1;
		}
		pos = (size_t)(nl - buf) + 1;
	}
	*n = count;
	return rc;
}

bool
netstat_v4mapped(const struct listener *l, uint8_t v4[4])
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (l->family != 6 || memcmp(l->addr, prefix, sizeof(prefix)) != 0)
		return false;
	if (v4 != NULL)
		memcpy(v4, l->addr + 12, 4);
	return true;
}

bool
netstat_is_loopback(const struct listener *l)
{
	static const uint8_t one[16] = { [15] = 1 };
	uint8_t v4[4];

	if (l->family == 4)
		return l->addr[0] == 127;
	if (netstat_v4mapped(l, v4))
		return v4[0] == 127;
	return memcmp(l->addr, one, 16) == 0;
}

bool
netstat_is_wildcard(const struct listener *l)
{
	static const uint8_t zero[16];
	uint8_t v4[4];

	if (l->family == 4)
		return memcmp(l->addr, zero, 4) == 0;
	if (netstat_v4mapped(l, v4))
		return memcmp(v4, zero, 4) == 0;
	return memcmp(l->addr, zero, 16) == 0;
}

char *
netstat_format(const struct listener *l, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	if (cap == 0)
		return out;
	if (inet_ntop(l->family == 4 ? AF_INET : AF_INET6, l->addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	if (l->family == 4)
		snprintf(out, cap, "%s:%u", a, (unsigned)l->port);
	else
		snprintf(out, cap, "[%s]:%u", a, (unsigned)l->port);
	return out;
}

/*
 * Stream one /proc/net/tcp* file through the parser in bounded chunks: the file
 * can hold every connection of a busy host, and only whole lines are parsed.
 */
static int
read_table(const char *path, int family, struct listener *out, size_t max, size_t *n, bool *truncated)
{
	char buf[64 * 1024];
	size_t have = 0, total = 0;
	bool skipping = false;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t r = read(fd, buf + have, sizeof(buf) - have);
		char *last;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (r == 0)
			break;
		have += (size_t)r;
		total += (size_t)r;
		if (skipping) {
			/* The rest of an overlong line: drop up to its newline. */
			char *nl = memchr(buf, '\n', have);
			if (nl == NULL) {
				have = 0;
				continue;
			}
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have);
			skipping = false;
		}
		last = memrchr(buf, '\n', have);
		if (last == NULL) {
			if (have == sizeof(buf)) {
				have = 0;
				skipping = true;
			}
			continue;
		}
		{
			size_t upto = (size_t)(last + 1 - buf), got = 0;
			if (netstat_parse(buf, upto, family, out + *n, max - *n, &got) != 0)
				*truncated = true;
			*n += got;
			have -= upto;
			memmove(buf, buf + upto, have);
		}
		if (*truncated || total >= NETSTAT_MAX_FILE_BYTES) {
			if (total >= NETSTAT_MAX_FILE_BYTES)
				*truncated = true;
			break;
		}
	}
	close(fd);
	return 0;
}

int
netstat_read(const char *proc_root, struct listener *out, size_t max, struct netstat_scan *scan)
{
	char path[4096];
	size_t n = 0;
	int ok = 0;

	memset(scan, 0, sizeof(*scan));
	if (proc_root == NULL || proc_root[0] == '\0')
		proc_root = "/proc";
	snprintf(path, sizeof(path), "%s/net/tcp", proc_root);
	if (read_table(path, 4, out, max, &n, &scan->truncated) == 0)
		ok = 1;
	else
		scan->tcp_errno = errno;
	snprintf(path, sizeof(path), "%s/net/tcp6", proc_root);
	if (read_table(path, 6, out, max, &n, &scan->truncated) == 0)
		ok = 1;
	else
		scan->tcp6_errno = errno;
	scan->nlisteners = n;
	return ok ? 0 : -1;
}

int
netstat_read_all(const char *proc_root, struct listener **out, size_t *n, size_t limit,
    struct netstat_scan *scan)
{
	size_t cap = limit < 1024 ? limit : 1024;
	struct listener *l = NULL;

	*out = NULL;
	*n = 0;
	for (;;) {
		l = xrealloc(l, (cap ? cap : 1) * sizeof(*l));
		if (netstat_read(proc_root, l, cap, scan) != 0) {
			free(l);
			return -1;
		}
		/* Read again into a bigger table: the files are read whole each time. */
		if (!scan->truncated || cap >= limit)
			break;
		cap = cap > limit / 4 ? limit : cap * 4;
	}
	*out = l;
	*n = scan->nlisteners;
	return 0;
}

struct order_key {
	int    rank;
	size_t i;
};

static int
cmp_order(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
netstat_order(struct listener *l, size_t n, bool (*known)(uint16_t port, const char *comm, void *arg), void *arg)
{
	struct order_key *k;
	struct listener *copy;

	if (n < 2)
		return;
	k = xcalloc(n, sizeof(*k));
	copy = xcalloc(n, sizeof(*copy));
	for (size_t i = 0; i < n; i++) {
		k[i].i = i;
		k[i].rank = !netstat_is_loopback(&l[i]) ? 0 : known != NULL && known(l[i].port, l[i].comm, arg) ? 1 : 2;
	}
	qsort(k, n, sizeof(*k), cmp_order);
	for (size_t i = 0; i < n; i++)
		copy[i] = l[k[i].i];
	memcpy(l, copy, n * sizeof(*l));
	free(copy);
	free(k);
}

/* Index of listeners sorted by inode, for the fd scan's lookups. */
struct inode_ix {
	uint64_t inode;
	size_t   i;
};

static int
cmp_inode(const void *a, const void *b)
{
	const struct inode_ix *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* "socket:[12345]" -> 12345. */
static int
socket_inode(const char *link, size_t len, uint64_t *inode)
{
	static const char pre[] = "socket:[";

	if (len < sizeof(pre) + 1 || memcmp(link, pre, sizeof(pre) - 1) != 0 || link[len - 1] != ']')
		return -1;
	return parse_dec(link + sizeof(pre) - 1, len - sizeof(pre), UINT64_MAX, inode);
}

static void
read_comm(const char *proc_root, const char *pid, char comm[16])
{
	char path[4096], buf[64];
	ssize_t r;
	int fd;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s/comm", proc_root, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return;
	buf[r] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	/* A process names itself: keep it printable and short. */
	size_t k = 0;
	for (size_t i = 0; buf[i] != '\0' && k < 15; i++)
		comm[k++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? buf[i] : '?';
	comm[k] = '\0';
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * Scan one process's fd table for sockets we are looking for. Returns how many
 * listeners got their owner.
 */
static size_t
scan_pid(const char *proc_root, const char *pid, struct listener *l, struct inode_ix *ix,
    size_t n, struct netstat_scan *scan)
{
	char path[4096], link[64], comm[16];
	struct dirent *e;
	size_t found = 0, nfd = 0;
	bool have_comm = false;
	uint64_t pidv;
	DIR *d;
	int dfd;

	if (parse_dec(pid, strlen(pid), INT32_MAX, &pidv) != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s/fd", proc_root, pid);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == EACCES || errno == EPERM)
			scan->pids_denied++;
		return 0;
	}
	d = fdopendir(dfd);
	if (d == NULL) {
		close(dfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL && nfd < NETSTAT_MAX_FDS_PER_PID) {
		struct inode_ix key, *hit;
		ssize_t r;

		if (e->d_name[0] == '.')
			continue;
		nfd++;
		r = readlinkat(dfd, e->d_name, link, sizeof(link) - 1);
		if (r <= 0)
			continue;
		if (socket_inode(link, (size_t)r, &key.inode) != 0)
			continue;
		hit = bsearch(&key, ix, n, sizeof(*ix), cmp_inode);
		if (hit == NULL)
			continue;
		/* Equal inodes are adjacent; give every listener of this inode its owner. */
		while (hit > ix && hit[-1].inode == key.inode)
			hit--;
		for (; hit < ix + n && hit->inode == key.inode; hit++) {
			struct listener *li = &l[hit->i];
			if (li->pid != 0)
				continue;
			if (!have_comm) {
				read_comm(proc_root, pid, comm);
				have_comm = true;
			}
			li->pid = (int)pidv;
			memcpy(li->comm, comm, sizeof(li->comm));
			found++;
		}
	}
	closedir(d);
	return found;
}

void
netstat_owners(const char *proc_root, struct listener *l, size_t n, struct netstat_scan *scan)
{
	struct inode_ix *ix;
	struct dirent *e;
	size_t left = 0, npids = 0;
	DIR *d;

	if (proc_root == NULL || proc_root[0] == '\0')
		proc_root = "/proc";
	if (n == 0)
		return;
	ix = calloc(n, sizeof(*ix));
	if (ix == NULL) {
		scan->unowned = n;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		ix[i].inode = l[i].inode;
		ix[i].i = i;
		/* inode 0: the kernel hides it (another namespace); nothing to find. */
		if (l[i].pid == 0 && l[i].inode != 0)
			left++;
	}
	qsort(ix, n, sizeof(*ix), cmp_inode);
	d = opendir(proc_root);
	if (d != NULL) {
		while (left > 0 && (e = readdir(d)) != NULL) {
			if (!all_digits(e->d_name))
				continue;
			if (++npids > NETSTAT_MAX_PIDS) {
				scan->pids_capped = true;
				break;
			}
			size_t got = scan_pid(proc_root, e->d_name, l, ix, n, scan);
			left = got > left ? 0 : left - got;
		}
		closedir(d);
	}
	free(ix);
	scan->unowned = 0;
	for (size_t i = 0; i < n; i++)
		if (l[i].pid == 0)
			scan->unowned++;
}

/* Binding listener sockets ourselves, so that a failed bind is an error that names
 * the address, never a fallback, and unix sockets are created private. */
#include "listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define LISTEN_BACKLOG 511

static int
bind_tcp(const struct listen_addr *la, char *err, size_t errcap)
{
	int fd, one = 1;

	fd = socket(la->sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, errcap, "cannot create a socket for %s: %s", la->text, strerror(errno));
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (la->sa.ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)&la->sa, la->salen) != 0) {
		snprintf(err, errcap, "cannot listen on %s: %s; free the port or change \"listen\"",
		    la->text, strerror(errno));
		close(fd);
		return -1;
	}
	if (listen(fd, LISTEN_BACKLOG) != 0) {
		snprintf(err, errcap, "cannot listen on %s: %s", la->text, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A unix socket is created under umask 0177 and chmod'ed 0600, so no other user
 * can connect. A stale socket from an earlier run is replaced; any other kind of
 * file at that path is left alone and reported.
 */
static int
bind_unix(const struct listen_addr *la, char *err, size_t errcap)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old;
	int fd;

	memcpy(un.sun_path, la->path, strlen(la->path) + 1);
	if (lstat(la->path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errcap, "cannot listen on %s: a file that is not a socket exists there; remove it or change \"listen\"",
			    la->text);
			return -1;
		}
		unlink(la->path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, errcap, "cannot create a socket for %s: %s", la->text, strerror(errno));
		return -1;
	}
	old = umask(0177);
	if (bind(fd, (const struct sockaddr *)&un, sizeof(un)) != 0) {
		umask(old);
		snprintf(err, errcap, "cannot listen on %s: %s", la->text, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (chmod(la->path, 0600) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
		snprintf(err, errcap, "cannot listen on %s: %s", la->text, strerror(errno));
		close(fd);
		unlink(la->path);
		return -1;
	}
	return fd;
}

int
listen_bind(const struct listen_addr *la, char *err, size_t errcap)
{
	return la->kind == LISTEN_UNIX ? bind_unix(la, err, errcap) : bind_tcp(la, err, errcap);
}

void
listen_describe(int fd, const struct listen_addr *la, char *buf, size_t cap)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[64];

	if (la->kind == LISTEN_UNIX || getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		snprintf(buf, cap, "%s", la->text);
		return;
	}
	struct addr a;
	addr_from_sockaddr((struct sockaddr *)&ss, &a);
	addr_format(&a, host, sizeof(host));
	if (ss.ss_family == AF_INET6)
		snprintf(buf, cap, "[%s]:%u", host, ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	else
		snprintf(buf, cap, "%s:%u", host, ntohs(((struct sockaddr_in *)&ss)->sin_port));
}

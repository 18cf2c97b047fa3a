#ifndef GH_LISTEN_H
#define GH_LISTEN_H

#include <stddef.h>

#include "../config/config.h"

/* Bind and listen; returns the socket or -1 with one sentence in err. */
int  listen_bind(const struct listen_addr *la, char *err, size_t errcap);
/* The address actually bound (port 0 becomes the real port), for the log. */
void listen_describe(int fd, const struct listen_addr *la, char *buf, size_t cap);

#endif

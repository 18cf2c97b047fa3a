/*
 * Client addresses: parsing, CIDR matching, and the one decision that says who
 * a request comes from. Pure functions of their arguments: no I/O, no globals.
 */
#ifndef GH_ADDR_H
#define GH_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* An address is always held as 16 bytes; IPv4 as ::ffff:a.b.c.d. AF_UNIX peers
 * have family AF_UNIX and all-zero bytes. */
struct addr {
	int     family;         /* AF_INET, AF_INET6 or AF_UNIX */
	uint8_t bytes[16];
};

struct cidr {
	struct addr net;
	unsigned    prefix;     /* in bits of the 128-bit form */
};

#define ADDR_STRLEN 48

/* Parse a bare IPv4 or IPv6 literal (no brackets, no port). 0 or -1. */
int  addr_parse(const char *s, size_t len, struct addr *out);
/* Parse "a.b.c.d", "a.b.c.d/n", "v6", "v6/n". 0 or -1. */
int  cidr_parse(const char *s, size_t len, struct cidr *out);
bool cidr_contains(const struct cidr *c, const struct addr *a);
bool cidr_list_contains(const struct cidr *list, size_t n, const struct addr *a);

int  addr_from_sockaddr(const struct sockaddr *sa, struct addr *out);
void addr_format(const struct addr *a, char *buf, size_t cap);
bool addr_is_loopback(const struct addr *a);
bool addr_equal(const struct addr *a, const struct addr *b);
/* The key under which a peer is rate-limited: the address itself for IPv4, its /64
 * for IPv6 (one host usually owns a whole /64). */
void addr_limit_key(const struct addr *a, struct addr *key);

enum addr_source {
	ADDR_FROM_PEER,         /* socket peer (no trusted proxy involved) */
	ADDR_FROM_FORWARDED,    /* taken from X-Forwarded-For behind a trusted proxy */
	ADDR_FAILED_CLOSED      /* peer is a trusted proxy but its header was unusable */
};

/*
 * Decide the client address. `xff` is every X-Forwarded-For header of the request
 * joined with ',' in order of appearance (NULL or empty when absent). X-Real-IP and
 * Forwarded are never consulted.
 */
enum addr_source addr_resolve(const struct addr *peer, const char *xff, size_t xff_len,
    const struct cidr *trusted, size_t ntrusted, struct addr *client);

#endif

#include "peers.h"

#include <sodium.h>
#include <string.h>

#include "../limits.h"
#include "../util/log.h"
#include "../util/util.h"

#define SLOTS (LIMIT_TRACKED_ADDRESSES * 2)     /* load factor stays <= 1/2 */

struct slot {
	bool        used;
	struct addr key;
	uint32_t    conns;
	uint32_t    failures;
	int64_t     window_start;                   /* first failure of the window */
};

struct peers {
	struct slot   slots[SLOTS];
	size_t        used;
	unsigned char hashkey[crypto_shorthash_KEYBYTES];
	int64_t       last_full_warning;
};

struct peers *
peers_new(void)
{
	struct peers *p = xcalloc(1, sizeof(*p));

	randombytes_buf(p->hashkey, sizeof(p->hashkey));
	return p;
}

void
peers_free(struct peers *p)
{
	free(p);
}

size_t
peers_count(const struct peers *p)
{
	return p->used;
}

static size_t
home_of(const struct peers *p, const struct addr *a)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v;

	crypto_shorthash(h, a->bytes, sizeof(a->bytes), p->hashkey);
	memcpy(&v, h, sizeof(v));
	return (size_t)(v ^ (uint64_t)a->family) & (SLOTS - 1);
}

static struct slot *
find(struct peers *p, const struct addr *a)
{
	for (size_t i = home_of(p, a), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++) {
		if (!p->slots[i].used)
			return NULL;
		if (addr_equal(&p->slots[i].key, a))
			return &p->slots[i];
	}
	return NULL;
}

/*
 * Insert `a`. When the table is full (an attacker spread over more addresses than
 * we track), the new address goes untracked: its failures are not counted. That
 * trades the 429 for availability; tokens are 256-bit random, so guessing stays
 * hopeless either way, and the condition is logged.
 */
static struct slot *
insert(struct peers *p, const struct addr *a)
{
	size_t i;

	if (p->used >= LIMIT_TRACKED_ADDRESSES) {
		int64_t now = util_now_ms();
		if (now - p->last_full_warning > 10000) {
			log_warn("too many client addresses tracked; new ones are not rate-limited until old entries expire");
			p->last_full_warning = now;
		}
		return NULL;
	}
	for (i = home_of(p, a); p->slots[i].used; i = (i + 1) & (SLOTS - 1))
		;
	memset(&p->slots[i], 0, sizeof(p->slots[i]));
	p->slots[i].used = true;
	p->slots[i].key = *a;
	p->used++;
	return &p->slots[i];
}

/* Backward-shift deletion keeps every probe chain intact without tombstones. */
static void
erase(struct peers *p, struct slot *s)
{
	size_t hole = (size_t)(s - p->slots), j = hole;

	p->slots[hole].used = false;
	p->used--;
	for (;;) {
		j = (j + 1) & (SLOTS - 1);
		if (!p->slots[j].used)
			return;
		size_t home = home_of(p, &p->slots[j].key);
		/* Move j into the hole when its home is not in (hole, j]. */
		bool between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
		if (!between) {
			p->slots[hole] = p->slots[j];
			p->slots[j].used = false;
			hole = j;
		}
	}
}

static bool
window_live(const struct slot *s, int64_t now_ms)
{
	return s->failures > 0 && now_ms - s->window_start < PEERS_WINDOW_MS;
}

int64_t
peers_auth_blocked(struct peers *p, const struct addr *a, int64_t now_ms, int64_t limit)
{
	struct slot *s = find(p, a);

	if (s == NULL || !window_live(s, now_ms) || s->failures < (uint64_t)limit)
		return 0;
	return s->window_start + PEERS_WINDOW_MS - now_ms;
}

void
peers_auth_failed(struct peers *p, const struct addr *a, int64_t now_ms)
{
	struct slot *s = find(p, a);

	if (s == NULL && (s = insert(p, a)) == NULL)
		return;
	if (!window_live(s, now_ms)) {
		s->window_start = now_ms;
		s->failures = 0;
	}
	if (s->failures < UINT32_MAX)
		s->failures++;
}

bool
peers_conn_allowed(struct peers *p, const struct addr *a, int64_t max)
{
	struct slot *s = find(p, a);

	return s == NULL || s->conns < (uint64_t)max;
}

bool
peers_conn_open(struct peers *p, const struct addr *a, int64_t max)
{
	struct slot *s = find(p, a);

	if (s == NULL && (s = insert(p, a)) == NULL)
		return true;    /* untracked: see insert() */
	if (s->conns >= (uint64_t)max)
		return false;
	s->conns++;
	return true;
}

void
peers_conn_close(struct peers *p, const struct addr *a)
{
	struct slot *s = find(p, a);

	if (s != NULL && s->conns > 0)
		s->conns--;
}

void
peers_sweep(struct peers *p, int64_t now_ms)
{
	for (size_t i = 0; i < SLOTS; i++) {
		struct slot *s = &p->slots[i];
		/* erase() may move a later entry into i: look at i again. */
		while (s->used && s->conns == 0 && !window_live(s, now_ms))
			erase(p, s);
	}
}

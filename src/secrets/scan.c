/*
 * Secret detection with Vectorscan: the pattern table, the one compiled database,
 * per-thread scratch, and the match bookkeeping that turns the engine's "a match
 * ends here" reports into one [start, end) per secret.
 *
 * The engine reports a match at every end offset a pattern can reach, each with
 * the leftmost start (HS_FLAG_SOM_LEFTMOST). The patterns match only the
 * recognisable head of a secret with fixed-length repeats, so one key gives one
 * report, not one per byte; overlapping reports of one rule (a run of JWT
 * segments, say) are merged all the same. We keep one pending match per rule
 * and deliver it when a disjoint report of the same rule arrives or the scan
 * ends. On delivery the match is extended over the rule's own alphabet (the rest
 * of a 200-character key, a 2 KiB JWT, a PEM body up to its END line), at most
 * SECRETS_EXTEND_MAX bytes, so that redaction covers the whole secret.
 */
#include "scan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hs.h>

#include "../util/hsdb.h"

/* How a match may grow past what its pattern matched. */
enum extend {
	EXT_NONE,
	EXT_ALNUM,      /* [A-Za-z0-9] */
	EXT_TOKEN,      /* [A-Za-z0-9_-] */
	EXT_SLACK,      /* [A-Za-z0-9-] */
	EXT_JWT,        /* [A-Za-z0-9_-] and at most one more '.', never ending on '.' */
	EXT_PEM,        /* to the end of the "-----END ...-----" line */
	EXT_URL,        /* drop the first host character the pattern needed */
	EXT_PATH,       /* [A-Za-z0-9_/-]: the rest of a webhook URL's path */
	EXT_VALUE,      /* [A-Za-z0-9_+/=.-]: a generic value; kept only when it looks random */
};

struct rule {
	const char *id;         /* stable: scripts and records key on it */
	const char *slug;       /* in redactions: [REDACTED:slug] */
	const char *name;
	const char *pattern;
	enum extend extend;     /* EXT_JWT: matched from its second segment, start found by jwt_start() */
};

/*
 * One row per key format. A leading \b keeps a short or common prefix from
 * matching inside a longer word ("task-..." is not "sk-...", a base64 image is not
 * an "AKIA..." key); a prefix with '_' or '-' that no base64 alphabet and no
 * ordinary word has ("ghp_", "sk-ant-api03-", "xoxb-", "glpat-") needs none, so a key
 * glued to other letters ("tokenghp_...") is still found. Ids are stable: add
 * rows, never renumber.
 *
 * A pattern matches the recognisable head of a secret with fixed-length repeats,
 * so that each start has exactly one end (no report at every byte of a long run,
 * and SOM tracking stays small: a {20,250} repeat with start offsets is "too
 * large" for the engine). extend_end() then covers the rest of the secret. The
 * URL pattern's open repeats can only end on a fixed tail ("@h"), so it too
 * reports once per end, never per byte.
 *
 * A JWT is matched by the head of its second segment (".eyJxxxx") without start
 * offsets; jwt_start() walks back over the first segment. With start offsets, an
 * open first segment ran at ~20 MB/s on crafted input ("eyJx." repeated) and a
 * bounded one is too large for the engine.
 */
static const struct rule rules[] = {
	{ "SEC-001", "openai-key", "OpenAI API key",
	  "\\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20}|[A-Za-z0-9]{20})", EXT_TOKEN },
	{ "SEC-002", "anthropic-key", "Anthropic API key",
	  "sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{20}|\\bsk-ant-[A-Za-z0-9_-]{20}", EXT_TOKEN },
	{ "SEC-003", "aws-access-key", "AWS access key id",
	  "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", EXT_NONE },
	{ "SEC-004", "github-token", "GitHub token",
	  "gh[opsur]_[A-Za-z0-9]{30}", EXT_ALNUM },
	{ "SEC-005", "github-token", "GitHub fine-grained token",
	  "github_pat_[A-Za-z0-9_]{22}", EXT_TOKEN },
	{ "SEC-006", "gitlab-token", "GitLab token",
	  "glpat-[A-Za-z0-9_-]{20}", EXT_TOKEN },
	{ "SEC-007", "slack-token", "Slack token",
	  "xox[abpr]-[A-Za-z0-9-]{10}", EXT_SLACK },
	{ "SEC-008", "telegram-bot-token", "Telegram bot token",
	  "\\b[0-9]{8,12}:AA[A-Za-z0-9_-]{30}", EXT_TOKEN },
	{ "SEC-009", "stripe-key", "Stripe live key",
	  "[rs]k_live_[A-Za-z0-9]{20}", EXT_ALNUM },
	{ "SEC-010", "google-api-key", "Google API key",
	  "\\bAIza[A-Za-z0-9_-]{35}", EXT_TOKEN },
	{ "SEC-011", "private-key", "private key",
	  "-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----", EXT_PEM },
	{ "SEC-012", "jwt", "JSON Web Token",
	  "\\.eyJ[A-Za-z0-9_-]{4}", EXT_JWT },
	{ "SEC-013", "url-password", "URL with a password",
	  "\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\\s:@/?#\"'<>\\\\]*:[^\\s:@/?#\"'<>\\\\]+@[A-Za-z0-9\\[]",
	  EXT_URL },
	{ "SEC-014", "gatehouse-token", "gatehouse token",
	  "gth_[A-Za-z0-9_-]{43}", EXT_TOKEN },
	{ "SEC-015", "slack-webhook", "Slack webhook URL",
	  "\\bhooks\\.slack\\.com/services/T[A-Z0-9]{8}", EXT_PATH },
	{ "SEC-016", "discord-token", "Discord bot token",
	  "\\b[MN][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27}", EXT_TOKEN },
	{ "SEC-017", "discord-webhook", "Discord webhook URL",
	  "\\bdiscord(?:app)?\\.com/api/webhooks/[0-9]{17}", EXT_PATH },
	{ "SEC-019", "generic-secret", "key=value with a random-looking value",
	  "(?i)\\b(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|password|passwd|"
	  "private[_-]?key)[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?[A-Za-z0-9_+/=.-]{12}", EXT_VALUE },
	{ "SEC-018", "aws-secret-key", "AWS secret access key",
	  "(?i)\\baws_?secret_?access_?key[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?[A-Za-z0-9/+]{40}", EXT_NONE },
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

/* hs_scan() takes an unsigned int length. (<limits.h> is shadowed by src/limits.h
 * under -Isrc, so the bound is spelled with <stdint.h>.) */
_Static_assert(SECRETS_SCAN_MAX_BYTES <= UINT32_MAX && sizeof(unsigned int) >= 4,
    "a scan must fit hs_scan's length");

static struct hsdb rules_db = HSDB_INIT;

int
secrets_init(void)
{
	const char *exprs[NRULES];
	unsigned int flags[NRULES];

	if (hsdb_ready(&rules_db))
		return 0;
	for (size_t i = 0; i < NRULES; i++) {
		exprs[i] = rules[i].pattern;
		flags[i] = rules[i].extend == EXT_JWT ? 0 : HS_FLAG_SOM_LEFTMOST;
	}
	return hsdb_open(&rules_db, "secrets", exprs, flags, (unsigned int)NRULES);
}

size_t
secrets_nrules(void)
{
	return NRULES;
}

const char *
secrets_rule_id(size_t i)
{
	return i < NRULES ? rules[i].id : NULL;
}

const char *
secrets_rule_slug(size_t i)
{
	return i < NRULES ? rules[i].slug : NULL;
}

static const struct rule *
rule_by_id(const char *id)
{
	for (size_t i = 0; i < NRULES; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

const char *
secrets_rule_slug_by_id(const char *id)
{
	const struct rule *r = rule_by_id(id);

	return r ? r->slug : NULL;
}

const char *
secrets_rule_name(size_t i)
{
	return i < NRULES ? rules[i].name : NULL;
}

const char *
secrets_rule_name_by_id(const char *id)
{
	const struct rule *r = rule_by_id(id);

	return r ? r->name : NULL;
}

static bool
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool
in_class(enum extend e, unsigned char c)
{
	switch (e) {
	case EXT_ALNUM:
		return is_alnum(c);
	case EXT_TOKEN:
	case EXT_JWT:
		return is_alnum(c) || c == '_' || c == '-';
	case EXT_SLACK:
		return is_alnum(c) || c == '-';
	case EXT_PATH:
		return is_alnum(c) || c == '_' || c == '-' || c == '/';
	case EXT_VALUE:
		return is_alnum(c) || c == '_' || c == '-' || c == '/' || c == '+' || c == '=' || c == '.';
	default:
		return false;
	}
}

static bool
pem_body_char(unsigned char c)
{
	return is_alnum(c) || c == '+' || c == '/' || c == '=' || c == ' ' || c == '\t' ||
	    c == '\r' || c == '\n' || c == ':' || c == ',' || c == '-' || c == '\\';
}

/* Find needle in buf[from, to); returns its offset or SIZE_MAX. */
static size_t
find(const char *buf, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;

	if (to < from || to - from < n)
		return SIZE_MAX;
	p = memmem(buf + from, to - from, needle, n);
	return p ? (size_t)(p - buf) : SIZE_MAX;
}

/*
 * Grow a match past its pattern over the rule's alphabet, at most
 * SECRETS_EXTEND_MAX bytes. A PEM header grows to the end of its END line, or
 * over what looks like its base64 body when the END line is missing.
 */
static size_t
extend_end(const struct rule *r, const char *buf, size_t len, size_t end)
{
	size_t cap = len - end > SECRETS_EXTEND_MAX ? end + SECRETS_EXTEND_MAX : len;
	size_t e = end;

	switch (r->extend) {
	case EXT_NONE:
		return end;
	case EXT_URL:
		return end - 1;
	case EXT_PEM: {
		size_t at = find(buf, end, cap, "-----END ");
		if (at != SIZE_MAX) {
			size_t close = find(buf, at + 9, at + 9 + 64 < cap ? at + 9 + 64 : cap, "-----");
			if (close != SIZE_MAX)
				return close + 5;
		}
		while (e < cap && pem_body_char((unsigned char)buf[e]))
			e++;
		while (e > end && (buf[e - 1] == '\n' || buf[e - 1] == '\r' || buf[e - 1] == ' ' ||
		    buf[e - 1] == '\t' || buf[e - 1] == '-'))
			e--;
		return e;
	}
	case EXT_JWT: {
		bool dot = false;
		while (e < cap) {
			unsigned char c = (unsigned char)buf[e];
			if (in_class(r->extend, c)) {
				e++;
			} else if (c == '.' && !dot) {
				dot = true;
				e++;
			} else {
				break;
			}
		}
		if (buf[e - 1] == '.')
			e--;
		return e;
	}
	default:
		while (e < cap && in_class(r->extend, (unsigned char)buf[e]))
			e++;
		return e;
	}
}

static bool
is_word(unsigned char c)
{
	return is_alnum(c) || c == '_';
}

/*
 * The start of a JWT whose second segment starts at `dot` ('.' of ".eyJ"): walk
 * back over the first segment (at most SECRETS_EXTEND_MAX bytes), which must
 * start with "eyJ" at a word boundary and hold at least 4 more characters.
 * Each byte is walked at most once per dot, and a walk stops at the previous
 * dot, so the work stays linear in the input. Returns SIZE_MAX if it is no JWT.
 */
static size_t
jwt_start(const char *buf, size_t dot)
{
	size_t h = dot, floor = dot > SECRETS_EXTEND_MAX ? dot - SECRETS_EXTEND_MAX : 0;

	while (h > floor && in_class(EXT_TOKEN, (unsigned char)buf[h - 1]))
		h--;
	if (dot - h < 7 || memcmp(buf + h, "eyJ", 3) != 0)
		return SIZE_MAX;
	if (h > 0 && is_word((unsigned char)buf[h - 1]))
		return SIZE_MAX;
	return h;
}

struct pending {
	bool   active;
	size_t start, end;
	size_t done_end;        /* end of the last delivered match of this rule */
};

struct scan {
	const char     *buf;
	size_t          len;
	secrets_cb      cb;
	void           *arg;
	int             count;
	bool            stop;
	struct pending  p[NRULES];
};

/*
 * The value of a generic key=value match (after its '=' or ':' and quote) looks
 * random: at least 16 characters, three of lower, upper, digit, and a Shannon
 * entropy of at least 3.5 bits per character. Placeholders and words do not.
 */
static bool
random_looking(const char *buf, size_t start, size_t end)
{
	size_t v = start, n, counts[256] = { 0 };
	bool lower = false, upper = false, digit = false;
	double h = 0;

	for (size_t i = start; i < end; i++)
		if (buf[i] == '=' || buf[i] == ':')
			v = i + 1;
	while (v < end && (buf[v] == ' ' || buf[v] == '"' || buf[v] == '\'' || buf[v] == '\t'))
		v++;
	n = end - v;
	if (n < 16)
		return false;
	for (size_t i = v; i < end; i++) {
		unsigned char c = (unsigned char)buf[i];
		counts[c]++;
		lower = lower || (c >= 'a' && c <= 'z');
		upper = upper || (c >= 'A' && c <= 'Z');
		digit = digit || (c >= '0' && c <= '9');
	}
	if (lower + upper + digit < 3)
		return false;
	for (size_t c = 0; c < 256; c++)
		if (counts[c]) {
			double p = (double)counts[c] / (double)n;
			h -= p * log2(p);
		}
	return h >= 3.5;
}

/* Hand the pending match of rule i to the caller. Returns true to stop. */
static bool
deliver(struct scan *s, size_t i)
{
	struct pending *p = &s->p[i];

	p->active = false;
	p->end = extend_end(&rules[i], s->buf, s->len, p->end);
	p->done_end = p->end;
	if (rules[i].extend == EXT_VALUE && !random_looking(s->buf, p->start, p->end))
		return s->stop;         /* "password: changeme", "api_key=YOUR_KEY_HERE": not a secret */
	if (s->count < INT32_MAX)
		s->count++;
	if (s->cb != NULL && s->cb(rules[i].id, rules[i].name, p->start, p->end, s->arg) != 0)
		s->stop = true;
	return s->stop;
}

static int
on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags,
    void *ctx)
{
	struct scan *s = ctx;
	struct pending *p;

	(void)flags;
	if (id >= NRULES || to > s->len || from > to)
		return 0;
	if (rules[id].extend == EXT_JWT) {
		if (to < 8 || (from = jwt_start(s->buf, (size_t)to - 8)) == SIZE_MAX)
			return 0;
	}
	p = &s->p[id];
	if (from < p->done_end)
		return 0;                       /* inside a match already delivered */
	if (p->active && from <= p->end) {      /* the same secret, seen to a further end */
		if (from < p->start)
			p->start = (size_t)from;
		if (to > p->end)
			p->end = (size_t)to;
		return 0;
	}
	if (p->active) {
		if (deliver(s, id))
			return 1;
		if (from < p->done_end)
			return 0;
	}
	p->active = true;
	p->start = (size_t)from;
	p->end = (size_t)to;
	return 0;
}

int
secrets_scan(const char *buf, size_t len, secrets_cb cb, void *arg)
{
	struct scan s;
	hs_scratch_t *scratch;
	hs_error_t rc;

	if (secrets_init() != 0 || len > SECRETS_SCAN_MAX_BYTES)
		return -1;
	if (len == 0)
		return 0;
	if ((scratch = hsdb_scratch(&rules_db)) == NULL)
		return -1;
	memset(&s, 0, sizeof(s));
	s.buf = buf;
	s.len = len;
	s.cb = cb;
	s.arg = arg;
	rc = hs_scan(rules_db.db, buf, (unsigned int)len, 0, scratch, on_match, &s);
	if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
		return -1;
	/* What is still pending is complete; deliver it in start order. */
	while (!s.stop) {
		size_t best = NRULES;
		for (size_t i = 0; i < NRULES; i++)
			if (s.p[i].active && (best == NRULES || s.p[i].start < s.p[best].start))
				best = i;
		if (best == NRULES)
			break;
		deliver(&s, best);
	}
	return s.count;
}

struct spans {
	size_t (*v)[2];
	size_t  n, cap;
	bool    failed;
};

static int
collect(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct spans *sp = arg;

	(void)rule_id;
	(void)name;
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 16;
		void *v = realloc(sp->v, cap * sizeof(*sp->v));
		if (v == NULL) {
			sp->failed = true;
			return 1;
		}
		sp->v = v;
		sp->cap = cap;
	}
	sp->v[sp->n][0] = start;
	sp->v[sp->n][1] = end;
	sp->n++;
	return 0;
}

/* The buffer is masked after the scan, never during it: the engine reads ahead. */
size_t
secrets_redact(char *buf, size_t len)
{
	struct spans sp = { 0 };
	int n = secrets_scan(buf, len, collect, &sp);

	if (n < 0 || sp.failed) {
		memset(buf, '*', len);
		free(sp.v);
		return SIZE_MAX;
	}
	for (size_t i = 0; i < sp.n; i++) {
		size_t start = sp.v[i][0] + SECRETS_REDACT_KEEP, end = sp.v[i][1];
		if (start < end)
			memset(buf + start, '*', end - start);
	}
	free(sp.v);
	return sp.n;
}

/*
 * Secret detection (DESIGN.md section 7): one pass of a multi-pattern engine
 * (Vectorscan) over a buffer finds every known key format at once: OpenAI,
 * Anthropic, AWS, GitHub, GitLab, Slack, Telegram, Stripe, Google, private keys,
 * JWTs, URLs with passwords and gatehouse's own tokens.
 *
 * Each pattern is a row of a static table with a stable rule id; callers report
 * the id and name, never the matched text. The patterns are compiled once, on
 * first use, and shared; each thread gets its own scratch space, so scanning is
 * safe from any thread. Every repeat in a pattern is bounded and each match is
 * reported once per start, so crafted input cannot make the engine report a match
 * at every byte.
 */
#ifndef GH_SECRETS_SCAN_H
#define GH_SECRETS_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../limits.h"

/* Caps of this module (kept here until limits.h takes them over). */
#define SECRETS_REDACT_KEEP     4                   /* characters of a match left visible by secrets_redact() */

/*
 * Called once per secret found, with the rule's stable id ("SEC-001") and name
 * ("OpenAI API key") and the match's byte offsets [start, end) in the buffer.
 * Return 0 to go on, anything else to stop the scan. Matches of different rules
 * may come out of start order; matches of one rule come in start order and never
 * overlap.
 */
typedef int (*secrets_cb)(const char *rule_id, const char *name, size_t start, size_t end,
    void *arg);

/* Compile the patterns now instead of on first use; 0, or -1 if the engine fails. */
int    secrets_init(void);

/*
 * Scan buf[0, len) (need not be NUL-terminated). Returns the number of matches
 * passed to cb (counting the one that stopped the scan), or -1 when the engine
 * cannot run or len is over SECRETS_SCAN_MAX_BYTES. cb may be NULL to count.
 */
int    secrets_scan(const char *buf, size_t len, secrets_cb cb, void *arg);

/*
 * Mask every secret in buf[0, len) in place: the first SECRETS_REDACT_KEEP
 * characters of a match stay (enough to tell "sk-a" from "ghp_"), the rest become
 * '*'. Returns the number of secrets masked. Fails closed: when the buffer cannot
 * be scanned, all of it is masked and SIZE_MAX is returned.
 */
size_t secrets_redact(char *buf, size_t len);

/* The rule table, for listings and tests. */
size_t      secrets_nrules(void);
const char *secrets_rule_id(size_t i);
const char *secrets_rule_name(size_t i);
/* The short name used in redactions ("aws-access-key"), by index or id. */
const char *secrets_rule_slug(size_t i);
const char *secrets_rule_slug_by_id(const char *id);
/* The name of the rule with this id, or NULL. */
const char *secrets_rule_name_by_id(const char *id);

#endif


/*
 * libFuzzer driver for the secret scanner (src/secrets/scan.c), which reads tool
 * results, logs and transcripts: bytes anyone may have written.
 *
 * Invariants, asserted with __builtin_trap():
 *   - every match lies inside the buffer and is not empty;
 *   - the matches of one rule come in start order and never overlap;
 *   - the return value is the number of callbacks, and a callback that asks to
 *     stop is the last one;
 *   - redaction masks every byte of every match but its first
 *     SECRETS_REDACT_KEEP, with '*', and changes nothing else.
 *
 * (A second pass over redacted text may find something new: masking the ':' of
 * a Telegram token inside "a://u:123456789:AA...@h" makes the URL pattern match.
 * That is more masking, never less, so it is not asserted.)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RULES 64

struct state {
	size_t len;
	size_t calls;
	size_t stop_at;                 /* stop after this many calls; 0 never */
	bool   stopped;
	size_t last_end[MAX_RULES];
	bool   seen[MAX_RULES];
	uint8_t *inside;                /* 1 where redaction must mask the byte */
};

static size_t
rule_index(const char *id)
{
	for (size_t i = 0; i < secrets_nrules() && i < MAX_RULES; i++)
		if (strcmp(secrets_rule_id(i), id) == 0)
			return i;
	__builtin_trap();
}

static int
check(const char *rule_id, const char *name, size_t start, size_t end, void *arg)
{
	struct state *s = arg;
	size_t r = rule_index(rule_id);

	if (s->stopped || name == NULL || start >= end || end > s->len)
		__builtin_trap();
	if (s->seen[r] && start < s->last_end[r])
		__builtin_trap();
	s->seen[r] = true;
	s->last_end[r] = end;
	if (s->inside && end - start > SECRETS_REDACT_KEEP)
		memset(s->inside + start + SECRETS_REDACT_KEEP, 1, end - start - SECRETS_REDACT_KEEP);
	s->calls++;
	if (s->stop_at != 0 && s->calls == s->stop_at) {
		s->stopped = true;
		return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = { .len = size };
	char *copy;
	int n;
	size_t masked;

	if (secrets_init() != 0)
		__builtin_trap();
	s.inside = calloc(size + 1, 1);
	if (s.inside == NULL)
		return 0;
	n = secrets_scan((const char *)data, size, check, &s);
	if (n < 0 || (size_t)n != s.calls)
		__builtin_trap();

	/* Stopping after the first match. */
	if (n > 0) {
		struct state t = { .len = size, .stop_at = 1 };
		if (secrets_scan((const char *)data, size, check, &t) != 1 || t.calls != 1)
			__builtin_trap();
	}

	copy = malloc(size + 1);
	if (copy == NULL) {
		free(s.inside);
		return 0;
	}
	memcpy(copy, data, size);
	masked = secrets_redact(copy, size);
	if (masked != (size_t)n)
		__builtin_trap();
	for (size_t i = 0; i < size; i++) {
		if (s.inside[i] ? copy[i] != '*' : copy[i] != (char)data[i])
			__builtin_trap();
	}
	free(copy);
	free(s.inside);
	return 0;
}

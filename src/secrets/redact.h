/*
 * Redaction (DESIGN.md section 7): every secret the scanner knows (scan.h, one
 * rule table shared with `gatehouse audit`) and every literal added here (the
 * vault's values) is replaced by "[REDACTED:slug]", naming the rule
 * ("[REDACTED:aws-access-key]", "[REDACTED:vault]").
 *
 * Used on child stderr before it is logged and on tool results and resource
 * contents before they reach a client. JSON is redacted string by string after
 * parsing, so a secret written with JSON escapes ("\u0073k-...") is found in its
 * decoded form, and an SSE message is redacted whole after its chunks were
 * joined. Fails closed: a string that cannot be scanned is replaced whole.
 */
#ifndef GH_SECRETS_REDACT_H
#define GH_SECRETS_REDACT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct redactor;

#define REDACT_LITERAL_MIN  6       /* shorter literals would hit ordinary words */
#define REDACT_LITERALS_MAX 256

struct redactor *redactor_new(void);
/* Wipes the literals. */
void   redactor_free(struct redactor *r);
/* Also redact this exact text (a vault value), as [REDACTED:label]. Copied into
 * guarded memory. Values under REDACT_LITERAL_MIN bytes are ignored: 0, or -1. */
int    redactor_add_literal(struct redactor *r, const char *value, const char *label);

/*
 * Redact in[0, len): a malloc'd NUL-terminated copy with every secret replaced,
 * and *count set to how many; NULL (and *count 0) when there is nothing to
 * replace. The first rule found is named in *first_slug (may be NULL).
 */
char  *redact_text(const struct redactor *r, const char *in, size_t len, size_t *count,
           const char **first_slug);

/*
 * Redact every string (and object key) of v in place; returns how many secrets
 * were replaced. r may be NULL (the scanner's rules only).
 */
size_t redact_json(const struct redactor *r, json_t *v, const char **first_slug);

#endif

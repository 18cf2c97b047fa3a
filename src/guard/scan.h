/*
 * The tool-poisoning scan (DESIGN.md section 7, issue 9): a pure function of one
 * tool or prompt definition, or of a server's instructions, and of the names of
 * the tools around it. It reads every model-visible string (descriptions at any
 * depth of the schemas, titles, property names, enums, defaults, examples,
 * annotations, prompt arguments, instructions) and reports findings of a static
 * rule table with stable ids (GH-TP-NNN), each with a severity, the JSON pointer
 * of the string and the offending text, escaped.
 *
 * A finding of severity SCAN_HOLD means the item must not reach a model before a
 * person reviewed it; warnings and infos are for the review. Text patterns run on
 * Vectorscan (compiled once, one scratch per thread), hidden Unicode is found by
 * a small UTF-8 walk, base64 and hex runs are decoded and scanned once more, and
 * the rules that need the surroundings (shadowing, a suspicious parameter name
 * with another signal, several weak signals together) are plain C.
 *
 * The scan does no I/O and keeps no state but the compiled patterns: the same
 * input always gives the same findings, in the same order.
 */
#ifndef GH_GUARD_SCAN_H
#define GH_GUARD_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../limits.h"

enum scan_severity { SCAN_INFO = 0, SCAN_WARN = 1, SCAN_HOLD = 2 };

struct scan_finding {
	const char        *rule_id;        /* stable, e.g. "GH-TP-001" (static string) */
	enum scan_severity severity;
	char               pointer[256];   /* JSON pointer (RFC 6901) into the item, e.g. "/inputSchema/properties/a/description" */
	char               span[160];      /* the offending text, escaped (printable ASCII; others as \uXXXX), cut */
};

struct scan_result {
	struct scan_finding *findings;     /* malloc'd */
	size_t               n;
	bool                 hold;         /* any finding of severity SCAN_HOLD */
};

/* What the scan knows of the surroundings, for shadowing. Borrowed. */
struct scan_context {
	const char *server;                /* the item's server key (may be NULL) */
	char *const *own_names;            /* tool names of the same server (original, unprefixed) */
	size_t       nown;
	char *const *other_names;          /* tool names of the OTHER servers behind the gateway (original names; the caller may also pass exposed PREFIX__name forms) */
	size_t       nother;
};

enum scan_kind { SCAN_TOOL, SCAN_PROMPT, SCAN_INSTRUCTIONS };

/* Compile once; 0 or -1. scan_item calls it on first use too. */
int  scan_init(void);

/*
 * Scan one tool / prompt definition (a JSON object) or server instructions (a
 * JSON string). ctx may be NULL (no names known). 0, or -1 (engine failure or no
 * memory: the caller must treat the item as held). On success *out owns its
 * findings; free them with scan_result_free. On -1, *out is empty.
 */
int  scan_item(const struct scan_context *ctx, enum scan_kind kind, json_t *item,
         struct scan_result *out);
void scan_result_free(struct scan_result *r);

/* The rule table, for docs and tests. */
size_t             scan_nrules(void);
const char        *scan_rule_id(size_t i);
const char        *scan_rule_title(size_t i);
enum scan_severity scan_rule_severity(size_t i);

#endif

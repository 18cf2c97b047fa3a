/*
 * libFuzzer driver for the tool-poisoning scan (src/guard/scan.c), which reads
 * tool lists that any MCP server may have written. The input is tried as a JSON
 * item (tool, prompt and instructions) and, raw, as the text of instructions
 * (any bytes, invalid UTF-8 included).
 *
 * Invariants, asserted with __builtin_trap():
 *   - the scan never fails on input (only on memory or the engine);
 *   - at most LIMIT_SCAN_FINDINGS findings, each with a rule of the table;
 *   - pointers and spans are NUL-terminated printable ASCII within their size;
 *   - hold is set exactly when a finding holds (or findings were cut at the cap).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "guard/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct scan_result *r)
{
	bool hold = false;

	if (r->n > LIMIT_SCAN_FINDINGS)
		__builtin_trap();
	for (size_t i = 0; i < r->n; i++) {
		const struct scan_finding *f = &r->findings[i];
		bool known = false;
		if (memchr(f->pointer, '\0', sizeof(f->pointer)) == NULL ||
		    memchr(f->span, '\0', sizeof(f->span)) == NULL)
			__builtin_trap();
		for (const char *p = f->pointer; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				__builtin_trap();
		for (const char *p = f->span; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				__builtin_trap();
		for (size_t k = 0; k < scan_nrules(); k++)
			if (f->rule_id == scan_rule_id(k) && f->severity == scan_rule_severity(k))
				known = true;
		if (!known)
			__builtin_trap();
		hold |= f->severity == SCAN_HOLD;
	}
	if (hold && !r->hold)
		__builtin_trap();
	if (r->hold && !hold && r->n < LIMIT_SCAN_FINDINGS)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *own[] = { "read_file", "list-dir", "getUser" };
	static char *other[] = { "send_email", "mail__send_email", "search", "x" };
	/* "example" is a word of the server's name: hosts under example.* are its own (GH-TP-039). */
	struct scan_context ctx = { .server = "example-mcp", .own_names = own, .nown = 3,
	    .other_names = other, .nother = 4 };
	struct scan_result r;
	json_t *item, *text;

	if (scan_init() != 0)
		__builtin_trap();
	item = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (item != NULL) {
		static const enum scan_kind kinds[] = { SCAN_TOOL, SCAN_PROMPT, SCAN_INSTRUCTIONS };
		for (size_t k = 0; k < 3; k++) {
			if (scan_item(k == 1 ? NULL : &ctx, kinds[k], item, &r) != 0)
				__builtin_trap();
			check(&r);
			scan_result_free(&r);
		}
		json_decref(item);
	}
	text = json_stringn_nocheck((const char *)data, size);
	if (text != NULL) {
		if (scan_item(&ctx, SCAN_INSTRUCTIONS, text, &r) != 0)
			__builtin_trap();
		check(&r);
		scan_result_free(&r);
		json_decref(text);
	}
	return 0;
}

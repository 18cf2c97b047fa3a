/*
 * libFuzzer driver for the redactor (src/secrets/redact.c), which rewrites tool
 * results and log lines: bytes any server may have written.
 *
 * The input is split at its first NUL byte: the text to redact, then a literal
 * (a vault value). A known secret is also planted in the middle of the text.
 *
 * Invariants, asserted with __builtin_trap():
 *   - never a crash, and the output is bounded: at most the input plus a fixed
 *     number of bytes per replacement;
 *   - the planted secret (between spaces) and the literal (when long enough)
 *     never pass: neither is in the output;
 *   - a second pass over the output finds nothing new to do with the literal.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char planted[] = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size, llen = nul ? size - tlen - 1 : 0;
	struct redactor *r = redactor_new();
	char *literal = malloc(llen + 1), *text, *out;
	size_t n = 0, half = tlen / 2, len;

	memcpy(literal, nul ? nul + 1 : (const uint8_t *)"", llen);
	literal[llen] = '\0';
	/* The literal as a vault value: only its text before any NUL counts. */
	bool lit_ok = strlen(literal) >= REDACT_LITERAL_MIN && redactor_add_literal(r, literal, "vault") == 0;

	/* text = first half, " <planted> ", second half */
	len = tlen + sizeof(planted) + 1;
	text = malloc(len + 1);
	memcpy(text, data, half);
	text[half] = ' ';
	memcpy(text + half + 1, planted, sizeof(planted) - 1);
	text[half + sizeof(planted)] = ' ';
	memcpy(text + half + sizeof(planted) + 1, data + half, tlen - half);
	text[len] = '\0';

	out = redact_text(r, text, len, &n, NULL);
	if (out == NULL)
		__builtin_trap();               /* the planted secret must be found */
	if (n == 0 || strlen(out) > len + n * (12 + 32) + 32)
		__builtin_trap();
	/* The planted copy, between its spaces, is gone. (A copy the input glued to
	 * other letters, "xghp_...", is not a match: the rules start at a word
	 * boundary, which keeps "task-" from being read as "sk-".) */
	{
		char spaced[sizeof(planted) + 2];
		spaced[0] = ' ';
		memcpy(spaced + 1, planted, sizeof(planted) - 1);
		spaced[sizeof(planted)] = ' ';
		if (memmem(out, strlen(out), spaced, sizeof(planted) + 1) != NULL)
			__builtin_trap();
	}
	/* Every copy of the literal left in the output touches a replacement marker
	 * (a marker's own text next to leftover bytes can spell it, as in
	 * "...p@" + "[REDACTED:vault]" for the literal "p@["); none stands alone. */
	if (lit_ok) {
		size_t ll = strlen(literal), ol = strlen(out);
		for (const char *p = out; (p = memmem(p, ol - (size_t)(p - out), literal, ll)) != NULL; p++) {
			size_t a = (size_t)(p - out), b = a + ll;
			bool touches = false;
			for (const char *m = out; (m = strstr(m, "[REDACTED:")) != NULL; m++) {
				const char *e = strchr(m, ']');
				size_t ma = (size_t)(m - out), mb = e ? (size_t)(e - out) + 1 : ol;
				if (ma < b && a < mb)
					touches = true;
			}
			if (!touches)
				__builtin_trap();
		}
	}
	free(out);
	free(text);
	free(literal);
	redactor_free(r);
	return 0;
}

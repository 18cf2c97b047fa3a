/*
 * libFuzzer driver for the sandbox trampoline's argv parser
 * (sandbox_parse_argv, src/exec/sandbox.h). The gateway writes that argv, but
 * the parser is what decides which paths a server may touch, so it gets the
 * treatment of any parser.
 *
 * Input: NUL-separated strings, the argv after "__sandbox-exec" (at most 64).
 * Invariants (__builtin_trap): rc is 0 or -1; on -1 the policy holds no rule
 * and err is one non-empty line; on 0 every rule is absolute and newline-free,
 * the program after "--" is absolute and followed by its argv[0], and writing
 * the policy back with sandbox_argv and parsing it again gives the same policy.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec/sandbox.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

static bool
same(const struct sandbox_policy *a, const struct sandbox_policy *b)
{
	if (a->net != b->net || a->nrules != b->nrules || a->nproc != b->nproc || a->nofile != b->nofile ||
	    a->fsize != b->fsize || a->cpu != b->cpu || a->parent != b->parent || a->events != b->events)
		return false;
	for (size_t i = 0; i < a->nrules; i++)
		if (a->rules[i].access != b->rules[i].access || strcmp(a->rules[i].path, b->rules[i].path) != 0)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sandbox_policy p, q;
	char *text = malloc(size + 1), *argv[MAX_ARGS + 1];
	char err[256] = "";
	int argc = 0, idx = -1, rc;
	size_t start = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i <= size && argc < MAX_ARGS; i++) {
		if (i == size || text[i] == '\0') {
			text[i] = '\0';
			argv[argc++] = text + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	rc = sandbox_parse_argv(argc, argv, &p, &idx, err, sizeof(err));
	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == -1) {
		if (p.nrules != 0 || err[0] == '\0' || strchr(err, '\n') != NULL)
			__builtin_trap();
	} else {
		char **again;
		int idx2 = -1;
		if (idx < 1 || idx + 1 >= argc || argv[idx][0] != '/')
			__builtin_trap();
		for (size_t i = 0; i < p.nrules; i++)
			if (p.rules[i].path[0] != '/' || strchr(p.rules[i].path, '\n') != NULL)
				__builtin_trap();
		again = sandbox_argv(&p, "gatehouse-sandbox", argv[idx], argv + idx + 1);
		int n = 0;
		while (again[n] != NULL)
			n++;
		if (sandbox_parse_argv(n - 2, again + 2, &q, &idx2, err, sizeof(err)) != 0 || !same(&p, &q) ||
		    strcmp(again[idx2 + 2], argv[idx]) != 0)
			__builtin_trap();
		strv_free(again);
		sandbox_policy_free(&q);
		sandbox_policy_free(&p);
	}
	free(text);
	return 0;
}

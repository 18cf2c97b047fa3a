/*
 * libFuzzer driver for the parser of a sandbox's event lines
 * (sandbox_event_parse, src/exec/sandbox_events.h). The lines come from our
 * own trampoline over a pipe the server never holds, but what decides which
 * fields reach the log gets the treatment of any parser.
 *
 * Input: one line. Invariants (__builtin_trap): rc is 0 or -1; on 0 there are
 * 1 to SANDBOX_EVENT_FIELDS fields, one of them "kind", every key non-empty
 * lower-case letters, every value non-empty printable ASCII without space,
 * '=', '"' or '\'; and logging the line (to a filter that drops it) never fails.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec/sandbox_events.h"
#include "util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
drop(const char *line, size_t len, size_t *outlen)
{
	(void)line;
	(void)len;
	*outlen = 0;
	return calloc(1, 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sandbox_event ev;
	bool kind = false;
	int rc = sandbox_event_parse((const char *)data, size, &ev);

	if (rc != 0 && rc != -1)
		__builtin_trap();
	if (rc == 0) {
		if (ev.nfields == 0 || ev.nfields > SANDBOX_EVENT_FIELDS)
			__builtin_trap();
		for (size_t i = 0; i < ev.nfields; i++) {
			const char *k = ev.fields[i].key, *v = ev.fields[i].value;
			if (k[0] == '\0' || v[0] == '\0')
				__builtin_trap();
			for (; *k; k++)
				if (*k < 'a' || *k > 'z')
					__builtin_trap();
			for (; *v; v++)
				if (*v <= 0x20 || *v >= 0x7f || *v == '=' || *v == '"' || *v == '\\')
					__builtin_trap();
			kind = kind || strcmp(ev.fields[i].key, "kind") == 0;
		}
		if (!kind)
			__builtin_trap();
	}
	log_set_filter(drop);
	sandbox_event_log("server", "fuzz", (const char *)data, size);
	log_set_filter(NULL);
	return 0;
}

/*
 * What a sandbox tells the gateway of the attempts it denied: the trampoline
 * (src/exec/sandbox_run.c) writes one line per attempt on a pipe of its own
 * (fd SANDBOX_EVENTS_FD in the trampoline; the server never holds it, so a
 * server cannot forge these lines), "kind=syscall syscall=ptrace pid=42
 * process=node", and the gateway logs each as a warning naming the server or
 * exec command.
 */
#ifndef GH_SANDBOX_EVENTS_H
#define GH_SANDBOX_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "../limits.h"

#define SANDBOX_EVENT_FIELDS 8

struct sandbox_event {
	size_t nfields;
	struct { char key[16]; char value[SANDBOX_EVENT_VALUE]; } fields[SANDBOX_EVENT_FIELDS];
};

/*
 * The stdio of a sandboxed child: `stdio[0..2]` as the caller set them, nothing
 * at 3..SANDBOX_EVENTS_FD-1, and the event pipe `events` at SANDBOX_EVENTS_FD
 * (the trampoline's --events). `stdio` holds SANDBOX_EVENTS_FD + 1 entries;
 * returns how many to pass to uv_spawn.
 */
int  sandbox_events_stdio(uv_stdio_container_t *stdio, uv_pipe_t *events);

/*
 * Parse one line (without its newline). Pure. Keys are lower-case letters;
 * values printable ASCII without spaces, '=' or quotes. 0, or -1 if the line is
 * not an event (no kind=, a malformed field, too many or too long fields).
 */
int  sandbox_event_parse(const char *line, size_t len, struct sandbox_event *ev);

/* Log one line of a sandbox's event pipe: `who` is "server" or "command",
 * `name` its key. A line that is not an event is logged as such, escaped. */
void sandbox_event_log(const char *who, const char *name, const char *line, size_t len);

#endif

/*
 * The gateway's side of a sandbox's event pipe (sandbox_events.h).
 */
#include <string.h>

#include "sandbox_events.h"
#include "../util/log.h"

int
sandbox_events_stdio(uv_stdio_container_t *stdio, uv_pipe_t *events)
{
	for (int i = 3; i < SANDBOX_EVENTS_FD; i++)
		stdio[i].flags = UV_IGNORE;
	stdio[SANDBOX_EVENTS_FD].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[SANDBOX_EVENTS_FD].data.stream = (uv_stream_t *)events;
	return SANDBOX_EVENTS_FD + 1;
}

static bool
value_byte(char c)
{
	return c > 0x20 && c < 0x7f && c != '=' && c != '"' && c != '\\';
}

int
sandbox_event_parse(const char *line, size_t len, struct sandbox_event *ev)
{
	size_t i = 0;
	bool kind = false;

	memset(ev, 0, sizeof(*ev));
	while (i < len) {
		size_t k = i, v;

		while (i < len && line[i] >= 'a' && line[i] <= 'z')
			i++;
		if (i == k || i - k >= sizeof(ev->fields[0].key) || i >= len || line[i] != '=' ||
		    ev->nfields == SANDBOX_EVENT_FIELDS)
			return -1;
		v = ++i;
		while (i < len && value_byte(line[i]))
			i++;
		if (i == v || i - v >= sizeof(ev->fields[0].value) || (i < len && line[i] != ' '))
			return -1;
		memcpy(ev->fields[ev->nfields].key, line + k, v - 1 - k);
		memcpy(ev->fields[ev->nfields].value, line + v, i - v);
		if (strcmp(ev->fields[ev->nfields].key, "kind") == 0)
			kind = true;
		ev->nfields++;
		if (i < len)
			i++;            /* the space */
	}
	return kind ? 0 : -1;
}

static bool
event_is(const struct sandbox_event *ev, const char *key, const char *value)
{
	for (size_t i = 0; i < ev->nfields; i++)
		if (strcmp(ev->fields[i].key, key) == 0)
			return strcmp(ev->fields[i].value, value) == 0;
	return false;
}

void
sandbox_event_log(const char *who, const char *name, const char *line, size_t len)
{
	struct sandbox_event ev;
	struct logline l;

	while (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return;
	if (sandbox_event_parse(line, len, &ev) != 0) {
		log_begin(&l, LOG_WARN, "sandbox wrote an event line that is not an event");
		log_str(&l, who, name);
		log_strn(&l, "line", line, len < 120 ? len : 120);
		log_end(&l);
		return;
	}
	/*
	 * Not rate-limited here: the trampoline already is (SANDBOX_EVENTS_PER_SEC).
	 * A Unix socket is info: glibc asks nscd through one for every passwd lookup
	 * (npm does two as it starts), and it is denied before it can go anywhere.
	 */
	if (event_is(&ev, "kind", "processes"))
		log_begin(&l, LOG_WARN, "sandbox processes near their limit");
	else if (event_is(&ev, "kind", "leftover"))
		log_begin(&l, LOG_WARN, "sandbox ended processes the server left behind");
	else if (event_is(&ev, "kind", "suppressed"))
		log_begin(&l, LOG_WARN, "sandbox denied more attempts than it told");
	else
		log_begin(&l, event_is(&ev, "what", "unix-socket") ? LOG_INFO : LOG_WARN, "sandbox denied an attempt");
	log_str(&l, who, name);
	for (size_t i = 0; i < ev.nfields; i++)
		log_str(&l, ev.fields[i].key, ev.fields[i].value);
	log_end(&l);
}

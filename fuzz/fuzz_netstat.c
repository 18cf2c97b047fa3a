/*
 * libFuzzer driver for the host audit's parsers: the /proc/net/tcp{,6} parser,
 * and the probe judges that read what a local service answers. A hostile local
 * process can answer `gatehouse audit --deep` (often run as root) with anything,
 * so the judges get the same treatment as the parser.
 *
 * Input: the first byte picks the mode.
 *   high bit clear: netstat. Bit 0 picks the family (4/6), bits 1..6 the room in
 *     the output array; the rest is the file text. Invariants (__builtin_trap):
 *     rc is -1/0/1; never more listeners than room; each has the family asked;
 *     formatting never overruns; and parsing the text in two pieces split at a
 *     newline gives the same listeners as parsing it whole (the reader streams
 *     the file in chunks that end at a newline).
 *   top bits 10: a probe judge. The second byte picks the table row (one past
 *     the end is the HTTP sniff), the third the step (bit 0), by_port (bit 1)
 *     and eof (bit 2); the rest is the answer. Invariants: the verdict is one of
 *     the known values, and the evidence is a NUL-terminated printable string.
 *   top bits 11: a whole probe replayed (probes_replay), every step of it, on
 *     answers that arrive a few bytes at a time: the second byte picks the row,
 *     the third by_port (bit 0) and a verified gatehouse binary (bit 1); the rest
 *     is the script (a control byte: low four bits = how many bytes arrive next,
 *     0 = the peer closes; the end of the input is the deadline). Two-step probes
 *     (gatehouse, OpenClaw, MCP with its DELETEs) build their later requests
 *     from what the answers said. Invariants: every request is well formed (no
 *     header line an answer injected, the body its Content-Length says), the
 *     verdict is a known value, the evidence printable and terminated.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/netstat.h"
#include "audit/probes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROOM_MAX 64

static void
check_listeners(const struct listener *l, size_t n, int family)
{
	char b[NETSTAT_ADDRSTRLEN], tiny[7];

	for (size_t i = 0; i < n; i++) {
		if (l[i].family != family || l[i].pid != 0 || l[i].comm[0] != '\0')
			__builtin_trap();
		netstat_format(&l[i], b, sizeof(b));
		if (strlen(b) >= sizeof(b))
			__builtin_trap();
		netstat_format(&l[i], tiny, sizeof(tiny));
		if (strlen(tiny) >= sizeof(tiny))
			__builtin_trap();
		/* Loopback and wildcard exclude each other. */
		if (netstat_is_loopback(&l[i]) && netstat_is_wildcard(&l[i]))
			__builtin_trap();
		if (family == 4 && netstat_v4mapped(&l[i], NULL))
			__builtin_trap();
	}
}

static void
fuzz_netstat(const uint8_t *data, size_t size)
{
	static struct listener whole[ROOM_MAX], parts[2 * ROOM_MAX];
	int family = (data[0] & 1) ? 6 : 4;
	size_t room = (size_t)((data[0] >> 1) & 0x3f) + 1;
	const char *text = (const char *)data + 1;
	size_t len = size - 1, n = 0, n1 = 0, n2 = 0;
	int rc, rc1, rc2;

	rc = netstat_parse(text, len, family, whole, room, &n);
	if (rc < -1 || rc > 1 || rc == -1 || n > room)
		__builtin_trap();
	check_listeners(whole, n, family);

	/* Split after the first newline past the middle; compare with room to spare. */
	rc = netstat_parse(text, len, family, whole, ROOM_MAX, &n);
	if (rc == 1 && n == ROOM_MAX)
		return;         /* more listeners than the comparison can hold */
	const char *nl = len > 0 ? memchr(text + len / 2, '\n', len - len / 2) : NULL;
	size_t split = nl ? (size_t)(nl - text) + 1 : len;
	rc1 = netstat_parse(text, split, family, parts, ROOM_MAX, &n1);
	rc2 = netstat_parse(text + split, len - split, family, parts + n1, ROOM_MAX, &n2);
	if (nl != NULL && rc1 != 0)
		__builtin_trap();       /* the first piece ends with a newline: never cut */
	if (n1 + n2 != n || (nl != NULL ? rc2 : rc1) != rc)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (memcmp(&whole[i], &parts[i], sizeof(whole[i])) != 0)
			__builtin_trap();
}

static void
fuzz_judge(const uint8_t *data, size_t size)
{
	char ev[PROBE_EVIDENCE_MAX];
	size_t row;
	int rc;

	if (size < 3)
		return;
	row = data[1] % (probe_nservices + 1);
	memset(ev, 'x', sizeof(ev));
	rc = probes_judge(row, data[2] & 1, (data[2] & 2) != 0, data + 3, size - 3, (data[2] & 4) != 0,
	    ev, sizeof(ev));
	if (rc < -2 || rc > PROBE_OPEN)
		__builtin_trap();
	/* At eof a judge must decide: never "wait for more". */
	if ((data[2] & 4) && rc == -1)
		__builtin_trap();
	if (memchr(ev, '\0', sizeof(ev)) == NULL)
		__builtin_trap();
	for (size_t i = 0; ev[i] != '\0'; i++)
		if ((unsigned char)ev[i] < 0x20 || (unsigned char)ev[i] >= 0x7f)
			__builtin_trap();
}

static void
fuzz_replay(const uint8_t *data, size_t size)
{
	char ev[PROBE_EVIDENCE_MAX];
	size_t row;
	int rc;

	if (size < 3)
		return;
	row = data[1] % (probe_nservices + 1);
	memset(ev, 'x', sizeof(ev));
	rc = probes_replay(row, (data[2] & 1) != 0, (data[2] & 2) != 0, data + 3, size - 3, ev, sizeof(ev));
	if (rc < PROBE_UNKNOWN || rc > PROBE_OPEN)
		__builtin_trap();       /* -4: a malformed request */
	if (memchr(ev, '\0', sizeof(ev)) == NULL)
		__builtin_trap();
	for (size_t i = 0; ev[i] != '\0'; i++)
		if ((unsigned char)ev[i] < 0x20 || (unsigned char)ev[i] >= 0x7f)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if ((data[0] & 0xc0) == 0xc0)
		fuzz_replay(data, size);
	else if (data[0] & 0x80)
		fuzz_judge(data, size);
	else
		fuzz_netstat(data, size);
	return 0;
}

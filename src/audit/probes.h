/*
 * `gatehouse audit --deep`: read-only loopback probes that prove whether a
 * listener "answers without credentials" (DESIGN.md section 8, "Host").
 *
 * Each known service is a row of a static table: its name, default ports, the
 * process names it runs as, whether it is risky to expose, and its probe. A
 * probe is one or two request/answer exchanges on fresh TCP connections to a
 * loopback address, never anywhere else. All probes of a run go concurrently
 * through one poll() loop; each has its own deadline, and the run as a whole has
 * one too, so that a host with many listeners is done in about a second.
 *
 * Identification, per target:
 *   1. the probes of every service whose default port is the target's port or
 *      whose process name matches the owner's (these may count a bare 401/403
 *      as "protected");
 *   2. if none of them recognised it and sniffing is on: one HTTP request
 *      (GET /); a listener that says nothing before the deadline is left there;
 *   3. by the answer: an HTTP answer runs every HTTP probe not yet tried, any
 *      other answer (or a close) runs every binary-protocol probe not yet tried.
 *      These must recognise the service positively (its headers or protocol).
 * The best verdict wins (open > protected > identified); on a tie, the earlier
 * row of the table (gatehouse before MCP, for instance).
 */
#ifndef GH_PROBES_H
#define GH_PROBES_H

#include <stdbool.h>
#include <stddef.h>

#include "../limits.h"
#include <stdint.h>

/* Caps (candidates for limits.h). */

enum probe_verdict {
	PROBE_UNKNOWN = 0,      /* not this service, or no answer */
	PROBE_IDENTIFIED,       /* this service, but neither open nor protected was proven */
	PROBE_PROTECTED,        /* asked for credentials */
	PROBE_OPEN,             /* answered without credentials */
};

enum service_flag {
	SVC_RISKY     = 1 << 0, /* exposing it leaks data or gives code execution */
	SVC_HTTP      = 1 << 1, /* its probe speaks HTTP */
	SVC_GATEHOUSE = 1 << 2, /* gatehouse itself (GH-NET-004) */
	SVC_MCP       = 1 << 3, /* an MCP endpoint (GH-NET-005) */
};

struct probe;

struct service {
	const char         *name;
	uint16_t            ports[6];   /* default ports, 0-terminated */
	const char         *comms[4];   /* process names (prefixes of comm), NULL-terminated */
	unsigned            flags;
	const struct probe *probe;      /* NULL: known by port and name only */
};

/* The table, in the order ties are broken. */
extern const struct service probe_services[];
extern const size_t probe_nservices;

/* Without probing: the first service of the table whose process name matches
 * comm, else the first whose default port is port; NULL if none. No I/O. */
const struct service *probes_guess(uint16_t port, const char *comm);

struct probe_target {
	/* in */
	int                   family;   /* AF_INET or AF_INET6 */
	uint8_t               addr[16]; /* a loopback address to connect to */
	uint16_t              port;
	char                  comm[16]; /* owner's process name, "" if unknown */
	bool                  gatehouse_exe;    /* its process runs a gatehouse binary, as the kernel
	                                         * says (/proc/PID/exe): the only way to be "gatehouse" */
	/* out */
	const struct service *svc;      /* what answered, NULL if not recognised */
	enum probe_verdict    verdict;
	bool                  foreign_origin;   /* MCP: also with Origin http://evil.example */
	bool                  answered; /* some byte came back on some probe */
	bool                  silent;   /* connected, but nothing came back in time */
	bool                  closed;   /* closed our connections without a word */
	bool                  refused;  /* could not connect */
	bool                  unfinished; /* a deadline cut its probes short, or it began to answer
	                                   * like a service and then never finished (GH-NET-006) */
	bool                  loopback_only; /* the service itself refuses clients from other hosts
	                                      * (Redis protected mode) */
	char                  evidence[PROBE_EVIDENCE_MAX]; /* what the deciding probe saw */
	char                  banner[96];       /* first words of an unrecognised answer */
	/* private to the engine and the probes (probes.c, probe_*.c) */
	int                   phase;
	size_t                pending;  /* probes of the phase still running */
	uint64_t              tried;    /* bit per table row */
	int                   best_row;
	int                   sniff_kind;
	bool                  ph_answered;
	bool                  ph_refused;
	bool                  ph_closed;
	bool                  started;  /* its first probe has connected */
	bool                  partial;  /* a probe timed out in the middle of an answer */
	int64_t               deadline; /* its own: first connection + PROBE_LISTENER_DEADLINE_MS */
};

/*
 * Probe every target concurrently. timeout_ms bounds each probe (0: the
 * default). Each target has its own deadline (PROBE_LISTENER_DEADLINE_MS from its
 * first connection); the run has one that grows with n (probes_run_deadline_ms).
 * Targets are served in the order given: a target's follow-up probes go before
 * any later target's first one, and a new target starts only while no follow-up
 * waits and half the connections are free, so listeners placed first cannot
 * starve the follow-ups of the others. With sniff off, only step 1 above runs.
 * Only connects to the loopback addresses given.
 */
void probes_run(struct probe_target *t, size_t n, int timeout_ms, bool sniff);

/* The run's deadline for n targets: PROBE_RUN_DEADLINE_BASE_MS plus
 * PROBE_RUN_DEADLINE_PER_LISTENER_MS each, at most PROBE_RUN_DEADLINE_MAX_MS. */
int64_t probes_run_deadline_ms(size_t n);

/*
 * For tests and the fuzz harness: judge `in` as the answer to step `step` of the
 * probe of table row `row` (row == probe_nservices: the HTTP sniff), exactly as
 * the engine would, with no I/O. Returns a probe_verdict, -1 (more bytes
 * needed) or -2 (go on with the next step); evidence gets what it reports.
 */
int  probes_judge(size_t row, int step, bool by_port, const uint8_t *in, size_t len, bool eof,
         char *evidence, size_t cap);

/*
 * For the fuzz harness: run every step of the probe of table row `row` as the
 * engine would, with no I/O, on answers scripted by `script`: a control byte
 * whose low four bits are how many of the following bytes arrive next (1..15),
 * or 0 for "the peer closed" (a step decided before its close skips to it);
 * the script running out is the deadline. Each
 * step's request is built (from what earlier answers said, e.g. an MCP session
 * id) and checked; returns the final probe_verdict, or -4 when a request was
 * malformed (a bug).
 */
int  probes_replay(size_t row, bool by_port, bool gatehouse_exe, const uint8_t *script, size_t len,
         char *evidence, size_t cap);

#endif


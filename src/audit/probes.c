/*
 * Loopback probes for `gatehouse audit --deep` (see probes.h for the order in
 * which a listener is identified).
 *
 * Every probe is read-only: a PING, a SELECT 1, a version or status page, a
 * protocol hello, a listing. None writes data, changes a setting or runs a tool.
 * The only state a probe may leave behind is what a server keeps for a hello it
 * was sent (an MCP session from "initialize", a log line about a failed login).
 * Connections go to the loopback addresses the caller chose, never elsewhere.
 *
 * The engine is one poll() loop over non-blocking sockets: `gatehouse audit` is
 * a one-shot command, so there is no event library to share. Answers are read
 * into a fixed buffer and judged by pure functions of (bytes, length, eof).
 *
 * This file holds the service table and the engine; the probes are in
 * probe_bin.c (binary protocols) and probe_http.c (HTTP), their helpers in
 * probe_util.c, and what they share in probe_int.h.
 */
#include "probe_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/util.h"

enum phase { PH_PORT, PH_SNIFF, PH_PROTO, PH_DONE };

struct engine {
	struct job *jobs;
	size_t      njobs, cap;
	size_t      next;       /* first job not started yet */
	size_t      open;
	size_t      maxconns;
	int         timeout_ms;
	int64_t     hard_deadline;
	bool        sniff;
	char       *scratch;    /* de-chunked HTTP bodies */
};

/* ---- the service table ------------------------------------------------------ */

#define R SVC_RISKY
#define H SVC_HTTP

/* One row per service; the order breaks ties between probes that both answer. */
const struct service probe_services[] = {
	{ "gatehouse",          { 8750 },           { "gatehouse" },                H | SVC_GATEHOUSE, &probe_gatehouse },
	{ "OpenClaw gateway",   { 18789 },          { "openclaw", "clawdbot", "moltbot" }, R | H, &probe_openclaw },
	{ "ClickHouse (HTTP)",  { 8123 },           { "clickhouse" },               R | H,  &probe_ch_http },
	{ "ClickHouse (native)", { 9000 },          { "clickhouse" },               R,      &probe_ch_native },
	{ "Redis",              { 6379 },           { "redis-server", "valkey-server", "keydb-server" }, R, &probe_redis },
	{ "Elasticsearch",      { 9200 },           { "elasticsearch", "opensearch" }, R | H, &probe_elastic },
	{ "Prometheus",         { 9090 },           { "prometheus" },               R | H,  &probe_prometheus },
	{ "MongoDB",            { 27017 },          { "mongod", "mongos" },         R,      &probe_mongo },
	{ "PostgreSQL",         { 5432 },           { "postgres" },                 R,      &probe_postgres },
	{ "memcached",          { 11211 },          { "memcached" },                R,      &probe_memcached },
	{ "Docker API",         { 2375 },           { "dockerd" },                  R | H,  &probe_docker },
	{ "Ollama",             { 11434 },          { "ollama" },                   R | H,  &probe_ollama },
	{ "Jupyter",            { 8888 },           { "jupyter" },                  R | H,  &probe_jupyter },
	{ "Chrome DevTools",    { 9222 },           { "chrome", "chromium" },       R | H,  &probe_devtools },
	{ "MCP endpoint",       { 0 },              { NULL },                       R | H | SVC_MCP, &probe_mcp },
	/* Known by port and process name only. */
	{ "MySQL",              { 3306, 33060 },    { "mysqld", "mariadbd" },       R,      NULL },
	{ "telnet",             { 23 },             { "telnetd", "in.telnetd" },    R,      NULL },
	{ "VNC",                { 5900, 5901 },     { "Xvnc", "x11vnc", "vncserver" }, R,   NULL },
	{ "RDP",                { 3389 },           { "xrdp" },                     R,      NULL },
	{ "SMB",                { 139, 445 },       { "smbd" },                     R,      NULL },
	{ "rpcbind",            { 111 },            { "rpcbind" },                  R,      NULL },
	{ "etcd",               { 2379, 2380 },     { "etcd" },                     R,      NULL },
	{ "kubelet",            { 10250 },          { "kubelet" },                  R,      NULL },
	{ "CouchDB",            { 5984 },           { "beam.smp" },                 R,      NULL },
	{ "Kafka",              { 9092 },           { NULL },                       R,      NULL },
	{ "ZooKeeper",          { 2181 },           { NULL },                       R,      NULL },
	{ "InfluxDB",           { 8086 },           { "influxd" },                  R,      NULL },
	{ "RabbitMQ",           { 5672, 15672 },    { NULL },                       R,      NULL },
	{ "X11",                { 6000 },           { "Xorg", "Xwayland" },         R,      NULL },
};
const size_t probe_nservices = sizeof(probe_services) / sizeof(probe_services[0]);
_Static_assert(sizeof(probe_services) / sizeof(probe_services[0]) <= 64, "tried is a 64-bit mask");

#undef R
#undef H

static bool
comm_matches(const struct service *s, const char *comm)
{
	if (comm == NULL || comm[0] == '\0')
		return false;
	for (size_t i = 0; i < 4 && s->comms[i] != NULL; i++)
		if (strncmp(comm, s->comms[i], strlen(s->comms[i])) == 0)
			return true;
	return false;
}

static bool
port_matches(const struct service *s, uint16_t port)
{
	for (size_t i = 0; i < 6 && s->ports[i] != 0; i++)
		if (s->ports[i] == port)
			return true;
	return false;
}

const struct service *
probes_guess(uint16_t port, const char *comm)
{
	const struct service *by_port = NULL;

	for (size_t i = 0; i < probe_nservices; i++) {
		const struct service *s = &probe_services[i];
		if (comm_matches(s, comm))
			return s;
		if (by_port == NULL && port_matches(s, port))
			by_port = s;
	}
	return by_port;
}

/* ---- the engine ------------------------------------------------------------ */

static void
add_job(struct engine *e, struct probe_target *t, int row, bool by_port)
{
	struct job *j;

	if (e->njobs == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->jobs = xrealloc(e->jobs, e->cap * sizeof(*e->jobs));
	}
	j = &e->jobs[e->njobs++];
	memset(j, 0, sizeof(*j));
	j->t = t;
	j->row = row;
	j->probe = row >= 0 ? probe_services[row].probe : &probe_sniff;
	j->by_port = by_port;
	j->state = J_PENDING;
	j->fd = -1;
	if (row >= 0)
		t->tried |= (uint64_t)1 << row;
	t->pending++;
}

static void
start_phase(struct engine *e, struct probe_target *t, int phase)
{
	t->phase = phase;
	t->ph_answered = false;
	t->ph_refused = false;
	t->ph_closed = false;
	switch (phase) {
	case PH_PORT:
		for (size_t i = 0; i < probe_nservices; i++) {
			const struct service *s = &probe_services[i];
			if (s->probe != NULL && (port_matches(s, t->port) || comm_matches(s, t->comm) ||
			    (t->gatehouse_port && (s->flags & SVC_GATEHOUSE))))
				add_job(e, t, (int)i, true);
		}
		break;
	case PH_SNIFF:
		add_job(e, t, -1, false);
		break;
	case PH_PROTO:
		for (size_t i = 0; i < probe_nservices; i++) {
			const struct service *s = &probe_services[i];
			bool http = (s->flags & SVC_HTTP) != 0;
			if (s->probe != NULL && !(t->tried & ((uint64_t)1 << i)) &&
			    http == (t->sniff_kind == SNIFF_HTTP))
				add_job(e, t, (int)i, false);
		}
		break;
	default:
		break;
	}
}

/* What comes after a phase whose probes all finished. */
static void
next_phase(struct engine *e, struct probe_target *t)
{
	for (int guard = 0; guard < 4 && t->pending == 0 && t->phase != PH_DONE; guard++) {
		switch (t->phase) {
		case PH_PORT:
			if (t->verdict > PROBE_UNKNOWN || !e->sniff) {
				t->phase = PH_DONE;
			} else if (t->tried != 0 && !t->ph_answered) {
				/* Silent or refused to the probes made for it: nothing more to learn. */
				t->phase = PH_DONE;
			} else {
				start_phase(e, t, PH_SNIFF);
			}
			break;
		case PH_SNIFF:
			if (t->sniff_kind == SNIFF_NONE)
				t->phase = PH_DONE;
			else
				start_phase(e, t, PH_PROTO);
			break;
		default:
			t->phase = PH_DONE;
			break;
		}
	}
	if (t->phase == PH_DONE && t->verdict == PROBE_UNKNOWN && !t->answered) {
		if (t->ph_refused)
			t->refused = true;
		else if (t->ph_closed)
			t->closed = true;
		else
			t->silent = true;
	}
}

static void
job_close(struct engine *e, struct job *j)
{
	if (j->fd >= 0) {
		close(j->fd);
		j->fd = -1;
		e->open--;
	}
}

static void
job_finish(struct engine *e, size_t idx, int verdict)
{
	struct job *j = &e->jobs[idx];
	struct probe_target *t = j->t;

	job_close(e, j);
	free(j->req);
	free(j->in);
	j->req = NULL;
	j->in = NULL;
	j->state = J_DONE;
	if (verdict == JUDGE_CANCEL)
		j->fallback = PROBE_UNKNOWN;
	if (verdict < 0)
		verdict = PROBE_UNKNOWN;
	if (verdict == PROBE_UNKNOWN && j->fallback > verdict) {
		verdict = j->fallback;
		if ((j->flags & JF_MCP_OPEN) && !(j->flags & JF_ORIGIN_TRIED)) {
			size_t n = strlen(j->evidence);
			snprintf(j->evidence + n, sizeof(j->evidence) - n,
			    "; the request with Origin " MCP_FOREIGN_ORIGIN " got no answer");
		}
	}
	if (j->got_bytes) {
		t->answered = true;
		t->ph_answered = true;
	}
	if (j->refused)
		t->ph_refused = true;
	if (j->closed)
		t->ph_closed = true;
	if (j->row >= 0 && verdict > PROBE_UNKNOWN &&
	    (verdict > (int)t->verdict || (verdict == (int)t->verdict && j->row < t->best_row))) {
		t->verdict = (enum probe_verdict)verdict;
		t->svc = &probe_services[j->row];
		t->best_row = j->row;
		t->foreign_origin = (j->flags & JF_FOREIGN) != 0;
		memcpy(t->evidence, j->evidence, sizeof(t->evidence));
	}
	/*
	 * A proof (open or protected) by a specific probe settles the target: the
	 * other probes of its phase would only wait for their deadlines on a
	 * protocol they do not speak. The generic MCP probe settles nothing, so that
	 * gatehouse or a specific service still gets the last word.
	 */
	if (j->row >= 0 && verdict >= PROBE_PROTECTED && !(probe_services[j->row].flags & SVC_MCP))
		for (size_t i = 0; i < e->njobs; i++)
			if (i != idx && e->jobs[i].t == t && e->jobs[i].state != J_DONE)
				job_finish(e, i, JUDGE_CANCEL);
	j = &e->jobs[idx];
	t->pending--;
	/* May append jobs (and move e->jobs): j is not used after this. */
	if (t->pending == 0)
		next_phase(e, t);
}

static int
job_connect(struct engine *e, size_t idx)
{
	struct job *j = &e->jobs[idx];
	struct sockaddr_storage ss;
	socklen_t sl;

	memset(&ss, 0, sizeof(ss));
	if (j->t->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, j->t->addr, 16);
		s6->sin6_port = htons(j->t->port);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, j->t->addr, 4);
		s4->sin_port = htons(j->t->port);
		sl = sizeof(*s4);
	}
	j->reqlen = j->probe->request(j, j->req, PROBE_REQUEST_MAX);
	j->reqoff = 0;
	j->inlen = 0;
	if (j->reqlen == 0)
		return -1;
	j->fd = socket(j->t->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (j->fd < 0)
		return -1;
	e->open++;
	if (connect(j->fd, (struct sockaddr *)&ss, sl) == 0) {
		j->state = J_WRITING;
	} else if (errno == EINPROGRESS) {
		j->state = J_CONNECTING;
	} else {
		j->refused = true;
		return -1;
	}
	return 0;
}

static void
job_start(struct engine *e, size_t idx, int64_t now)
{
	struct job *j = &e->jobs[idx];

	j->deadline = now + e->timeout_ms;
	if (j->deadline > e->hard_deadline)
		j->deadline = e->hard_deadline;
	j->req = xmalloc(PROBE_REQUEST_MAX);
	j->in = xmalloc(PROBE_RESPONSE_MAX);
	if (job_connect(e, idx) != 0)
		job_finish(e, idx, PROBE_UNKNOWN);
}

static int
run_judge(struct engine *e, struct job *j, bool eof)
{
	struct http_resp r;
	int rc;

	if (j->probe->raw != NULL)
		return j->probe->raw(j, j->in, j->inlen, eof);
	rc = probe_http_parse((const char *)j->in, j->inlen, eof, &r, e->scratch, PROBE_RESPONSE_MAX);
	if (rc < 0)
		return PROBE_UNKNOWN;
	if (rc > 0 || (!r.complete && !eof))
		return eof ? PROBE_UNKNOWN : JUDGE_MORE;
	return j->probe->http(j, &r);
}

/* Act on a judge's answer: wait, go to the next step, or finish. */
static void
judged(struct engine *e, size_t idx, int rc, bool eof)
{
	struct job *j = &e->jobs[idx];

	if (rc == JUDGE_MORE && !eof)
		return;
	if (rc == JUDGE_NEXT && j->step + 1 < j->probe->steps && !j->timed_out) {
		job_close(e, j);
		j->step++;
		j->got_bytes = j->got_bytes || j->inlen > 0;
		if (job_connect(e, idx) != 0)
			job_finish(e, idx, PROBE_UNKNOWN);
		return;
	}
	job_finish(e, idx, rc < 0 ? PROBE_UNKNOWN : rc);
}

static void
job_io(struct engine *e, size_t idx, short revents)
{
	struct job *j = &e->jobs[idx];

	if (j->state == J_CONNECTING) {
		int err = 0;
		socklen_t el = sizeof(err);
		if (getsockopt(j->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0) {
			j->refused = true;
			job_finish(e, idx, PROBE_UNKNOWN);
			return;
		}
		j->state = J_WRITING;
	}
	if (j->state == J_WRITING) {
		while (j->reqoff < j->reqlen) {
			ssize_t w = send(j->fd, j->req + j->reqoff, j->reqlen - j->reqoff, MSG_NOSIGNAL);
			if (w > 0) {
				j->reqoff += (size_t)w;
				continue;
			}
			if (w < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			/* The peer closed early: read whatever it said before. */
			break;
		}
		j->state = J_READING;
		return;
	}
	if (j->state == J_READING && (revents & (POLLIN | POLLHUP | POLLERR))) {
		ssize_t r = recv(j->fd, j->in + j->inlen, PROBE_RESPONSE_MAX - j->inlen, 0);
		bool eof;
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r > 0) {
			j->inlen += (size_t)r;
			j->got_bytes = true;
		} else if (j->inlen == 0) {
			j->closed = true;
		}
		eof = r <= 0 || j->inlen == PROBE_RESPONSE_MAX;
		judged(e, idx, run_judge(e, j, eof), eof);
	}
}

int
probes_judge(size_t row, int step, bool by_port, const uint8_t *in, size_t len, bool eof,
    char *evidence, size_t cap)
{
	struct probe_target t = { .family = AF_INET, .addr = { 127, 0, 0, 1 }, .port = 1 };
	struct engine e = { 0 };
	struct job j = { 0 };
	int rc;

	if (evidence != NULL && cap > 0)
		evidence[0] = '\0';
	if (row > probe_nservices || (row < probe_nservices && probe_services[row].probe == NULL))
		return PROBE_UNKNOWN;
	j.t = &t;
	j.row = row < probe_nservices ? (int)row : -1;
	j.probe = row < probe_nservices ? probe_services[row].probe : &probe_sniff;
	j.by_port = by_port;
	j.step = step < 0 ? 0 : step >= j.probe->steps ? j.probe->steps - 1 : step;
	j.fd = -1;
	/* The engine's buffer is PROBE_RESPONSE_MAX; a longer answer is cut there. */
	j.inlen = len < PROBE_RESPONSE_MAX ? len : PROBE_RESPONSE_MAX;
	j.in = xmalloc(j.inlen ? j.inlen : 1);
	if (j.inlen)
		memcpy(j.in, in, j.inlen);
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	rc = run_judge(&e, &j, eof || len >= PROBE_RESPONSE_MAX);
	if (evidence != NULL && cap > 0)
		snprintf(evidence, cap, "%s", j.evidence[0] ? j.evidence : t.banner);
	free(j.in);
	free(e.scratch);
	return rc;
}

static size_t
max_conns(void)
{
	struct rlimit rl;
	size_t m = PROBE_MAX_CONNS;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		size_t room = rl.rlim_cur > 64 ? (size_t)rl.rlim_cur - 64 : 8;
		if (room < m)
			m = room;
	}
	return m;
}

void
probes_run(struct probe_target *t, size_t n, int timeout_ms, bool sniff)
{
	struct engine e = { 0 };
	struct pollfd *pfd;
	size_t *pidx;
	int64_t now = util_now_ms();

	if (timeout_ms <= 0)
		timeout_ms = PROBE_TIMEOUT_MS_DEFAULT;
	if (timeout_ms > PROBE_TIMEOUT_MS_MAX)
		timeout_ms = PROBE_TIMEOUT_MS_MAX;
	e.timeout_ms = timeout_ms;
	e.hard_deadline = now + 3 * (int64_t)timeout_ms + 200;
	e.sniff = sniff;
	e.maxconns = max_conns();
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	pfd = xcalloc(e.maxconns, sizeof(*pfd));
	pidx = xcalloc(e.maxconns, sizeof(*pidx));

	for (size_t i = 0; i < n; i++) {
		t[i].svc = NULL;
		t[i].verdict = PROBE_UNKNOWN;
		t[i].foreign_origin = t[i].answered = t[i].silent = t[i].closed = false;
		t[i].refused = t[i].unfinished = false;
		t[i].evidence[0] = t[i].banner[0] = '\0';
		t[i].best_row = (int)probe_nservices;
		t[i].pending = 0;
		t[i].tried = 0;
		t[i].sniff_kind = SNIFF_NONE;
		start_phase(&e, &t[i], PH_PORT);
		if (t[i].pending == 0)
			next_phase(&e, &t[i]);
	}

	/* Every pass starts, polls or finishes something; the deadline ends it. */
	for (;;) {
		size_t np = 0;
		int64_t wake;

		now = util_now_ms();
		/* A safety net: the deadlines below end every job long before this. */
		if (now >= e.hard_deadline + e.timeout_ms)
			break;
		while (e.open < e.maxconns && e.next < e.njobs) {
			size_t idx = e.next++;
			if (e.jobs[idx].state == J_DONE)
				continue;
			if (now >= e.hard_deadline) {
				e.jobs[idx].t->unfinished = true;
				job_finish(&e, idx, PROBE_UNKNOWN);
				continue;
			}
			job_start(&e, idx, now);
		}
		wake = e.hard_deadline;
		for (size_t i = 0; i < e.njobs && np < e.maxconns; i++) {
			struct job *j = &e.jobs[i];
			if (j->state == J_PENDING || j->state == J_DONE || j->fd < 0)
				continue;
			pfd[np].fd = j->fd;
			pfd[np].events = j->state == J_READING ? POLLIN : POLLOUT;
			pfd[np].revents = 0;
			pidx[np++] = i;
			if (j->deadline < wake)
				wake = j->deadline;
		}
		if (np == 0 && e.next >= e.njobs)
			break;
		if (np > 0) {
			int64_t ms = wake - now;
			int rc = poll(pfd, np, ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms);
			if (rc < 0 && errno != EINTR)
				break;
			for (size_t k = 0; rc > 0 && k < np; k++)
				if (pfd[k].revents != 0 && e.jobs[pidx[k]].state != J_DONE &&
				    e.jobs[pidx[k]].fd == pfd[k].fd)
					job_io(&e, pidx[k], pfd[k].revents);
		}
		now = util_now_ms();
		for (size_t k = 0; k < np; k++) {
			struct job *j = &e.jobs[pidx[k]];
			if (j->state == J_DONE || j->state == J_PENDING || now < j->deadline)
				continue;
			j->timed_out = true;
			if (now >= e.hard_deadline)
				j->t->unfinished = true;
			judged(&e, pidx[k], run_judge(&e, j, true), true);
		}
	}
	/* Anything still open (poll failed): close it. */
	for (size_t i = 0; i < e.njobs; i++)
		if (e.jobs[i].state != J_DONE) {
			e.jobs[i].t->unfinished = true;
			job_finish(&e, i, PROBE_UNKNOWN);
		}
	free(e.jobs);
	free(e.scratch);
	free(pfd);
	free(pidx);
}

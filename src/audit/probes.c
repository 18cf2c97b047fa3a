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
	struct job          *jobs;
	size_t               njobs, cap;
	size_t              *queue;     /* jobs not started: a min-heap by (target, job) */
	size_t               nqueue, qcap;
	struct probe_target *targets;   /* in the order they are served */
	size_t               open;
	size_t               maxconns;
	int                  timeout_ms;
	int64_t              run_deadline;
	bool                 sniff;
	char                *scratch;   /* de-chunked HTTP bodies */
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

/* The queue of jobs not started, served by target order, then by job order: a
 * target's follow-ups come before any later target's first probe. */
static bool
queue_before(const struct engine *e, size_t a, size_t b)
{
	const struct probe_target *ta = e->jobs[a].t, *tb = e->jobs[b].t;

	return ta != tb ? ta < tb : a < b;
}

static void
queue_push(struct engine *e, size_t idx)
{
	size_t i;

	if (e->nqueue == e->qcap) {
		e->qcap = e->qcap ? e->qcap * 2 : 64;
		e->queue = xrealloc(e->queue, e->qcap * sizeof(*e->queue));
	}
	i = e->nqueue++;
	e->queue[i] = idx;
	while (i > 0 && queue_before(e, e->queue[i], e->queue[(i - 1) / 2])) {
		size_t p = (i - 1) / 2, tmp = e->queue[p];
		e->queue[p] = e->queue[i];
		e->queue[i] = tmp;
		i = p;
	}
}

static size_t
queue_pop(struct engine *e)
{
	size_t top = e->queue[0], i = 0;

	e->queue[0] = e->queue[--e->nqueue];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, tmp;
		if (l < e->nqueue && queue_before(e, e->queue[l], e->queue[m]))
			m = l;
		if (r < e->nqueue && queue_before(e, e->queue[r], e->queue[m]))
			m = r;
		if (m == i)
			break;
		tmp = e->queue[m];
		e->queue[m] = e->queue[i];
		e->queue[i] = tmp;
		i = m;
	}
	return top;
}

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
	queue_push(e, e->njobs - 1);
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
			/* gatehouse is whatever runs a gatehouse binary, never what has its
			 * name or its port: anyone can take those. */
			if ((s->flags & SVC_GATEHOUSE) && !t->gatehouse_exe)
				continue;
			if (s->probe != NULL && (port_matches(s, t->port) || comm_matches(s, t->comm) ||
			    (s->flags & SVC_GATEHOUSE)))
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
			if ((s->flags & SVC_GATEHOUSE) && !t->gatehouse_exe)
				continue;
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

/* A job's last word: a judge's answer, or what an earlier step established
 * (the fallback) when the last step proved nothing. */
static int
settle(struct job *j, int verdict)
{
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
	return verdict;
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
	verdict = settle(j, verdict);
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
		t->loopback_only = (j->flags & JF_LOOPBACK_ONLY) != 0;
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
	struct probe_target *t = j->t;

	if (!t->started) {
		t->started = true;
		t->deadline = now + PROBE_LISTENER_DEADLINE_MS;
	}
	j->deadline = now + e->timeout_ms;
	j->capped = false;
	if (j->deadline > t->deadline) {
		j->deadline = t->deadline;
		j->capped = true;
	}
	if (j->deadline > e->run_deadline) {
		j->deadline = e->run_deadline;
		j->capped = true;
	}
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

/*
 * The job of a probe judged without a network (probes_judge, probes_replay):
 * row of the table (or probe_nservices: the sniffer), against target `t`.
 * false for a row that has no probe.
 */
static bool
test_job(struct job *j, struct probe_target *t, size_t row, bool by_port)
{
	if (row > probe_nservices || (row < probe_nservices && probe_services[row].probe == NULL))
		return false;
	j->t = t;
	j->row = row < probe_nservices ? (int)row : -1;
	j->probe = row < probe_nservices ? probe_services[row].probe : &probe_sniff;
	j->by_port = by_port;
	j->fd = -1;
	return true;
}

int
probes_judge(size_t row, int step, bool by_port, const uint8_t *in, size_t len, bool eof,
    char *evidence, size_t cap)
{
	struct probe_target t = { .family = AF_INET, .addr = { 127, 0, 0, 1 }, .port = 1, .gatehouse_exe = true };
	struct engine e = { 0 };
	struct job j = { 0 };
	int rc;

	if (evidence != NULL && cap > 0)
		evidence[0] = '\0';
	if (!test_job(&j, &t, row, by_port))
		return PROBE_UNKNOWN;
	j.step = step < 0 ? 0 : step >= j.probe->steps ? j.probe->steps - 1 : step;
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

/*
 * A request must be one the peer cannot misread: for HTTP, a head of printable
 * lines each ended by CRLF (nothing an answer said, such as a session id, may
 * add a line), then exactly the body its Content-Length announces.
 */
static bool
request_ok(const struct job *j, const char *req, size_t len)
{
	const char *end, *cl;
	size_t head;

	if (len == 0 || len > PROBE_REQUEST_MAX)
		return false;
	if (j->probe->http == NULL)
		return true;
	if ((end = memmem(req, len, "\r\n\r\n", 4)) == NULL)
		return false;
	head = (size_t)(end - req) + 2;
	for (size_t i = 0; i < head; i++) {
		unsigned char c = (unsigned char)req[i];
		if (c == '\r' && req[i + 1] == '\n') {
			i++;
			continue;
		}
		if (c < 0x20 || c >= 0x7f)
			return false;
	}
	cl = memmem(req, head, "\r\nContent-Length: ", 18);
	if (cl == NULL)
		return len == head + 2;
	return strtoul(cl + 18, NULL, 10) == len - head - 2;
}

int
probes_replay(size_t row, bool by_port, bool gatehouse_exe, const uint8_t *script, size_t len,
    char *evidence, size_t cap)
{
	struct probe_target t = { .family = AF_INET, .addr = { 127, 0, 0, 1 }, .port = 1,
	    .gatehouse_exe = gatehouse_exe };
	struct engine e = { 0 };
	struct job j = { 0 };
	size_t off = 0;
	int rc = PROBE_UNKNOWN;

	if (evidence != NULL && cap > 0)
		evidence[0] = '\0';
	if (!test_job(&j, &t, row, by_port))
		return PROBE_UNKNOWN;
	j.req = xmalloc(PROBE_REQUEST_MAX);
	j.in = xmalloc(PROBE_RESPONSE_MAX);
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	for (;;) {
		bool eof = false;

		/* As job_connect: the request of this step, from what came before. */
		j.reqlen = j.probe->request(&j, j.req, PROBE_REQUEST_MAX);
		if (!request_ok(&j, j.req, j.reqlen)) {
			rc = -4;
			break;
		}
		j.inlen = 0;
		rc = JUDGE_MORE;
		/* As job_io: the answer arrives a few bytes at a time, judged after each. */
		while (rc == JUDGE_MORE && !eof) {
			if (off >= len) {
				j.timed_out = true;     /* the deadline */
				eof = true;
			} else {
				size_t n = script[off++] & 0x0f, room = PROBE_RESPONSE_MAX - j.inlen;
				if (n == 0) {
					eof = true;     /* the peer closed */
				} else {
					n = n < len - off ? n : len - off;
					n = n < room ? n : room;
					memcpy(j.in + j.inlen, script + off, n);
					j.inlen += n;
					off += n;
					eof = j.inlen == PROBE_RESPONSE_MAX;
				}
			}
			rc = run_judge(&e, &j, eof);
		}
		/* As judged: the next step (on a new connection: what is left of this
		 * answer, up to its close, is never read), or the end. */
		if (rc == JUDGE_NEXT && j.step + 1 < j.probe->steps && !j.timed_out) {
			while (!eof && off < len) {
				size_t n = script[off++] & 0x0f;
				if (n == 0)
					break;
				off += n < len - off ? n : len - off;
			}
			j.step++;
			continue;
		}
		rc = settle(&j, rc);
		break;
	}
	if (evidence != NULL && cap > 0)
		snprintf(evidence, cap, "%s", j.evidence[0] ? j.evidence : t.banner);
	free(j.req);
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

int64_t
probes_run_deadline_ms(size_t n)
{
	uint64_t ms = PROBE_RUN_DEADLINE_BASE_MS;

	if (n > (PROBE_RUN_DEADLINE_MAX_MS - ms) / PROBE_RUN_DEADLINE_PER_LISTENER_MS)
		return PROBE_RUN_DEADLINE_MAX_MS;
	ms += (uint64_t)n * PROBE_RUN_DEADLINE_PER_LISTENER_MS;
	return ms > PROBE_RUN_DEADLINE_MAX_MS ? PROBE_RUN_DEADLINE_MAX_MS : (int64_t)ms;
}

/*
 * Start what may start now. The queue serves targets in order; a job whose
 * target (or the run) is past its deadline is not started: its target is
 * unfinished. A target's first job waits while a follow-up of an earlier target
 * waits (the heap puts those first) and while half the connections are busy,
 * so that the follow-ups of the targets already started find room before their
 * own deadlines.
 */
static void
start_jobs(struct engine *e, int64_t now)
{
	while (e->nqueue > 0 && e->open < e->maxconns) {
		struct job *top = &e->jobs[e->queue[0]];
		size_t idx;

		if (top->state != J_PENDING) {
			queue_pop(e);
			continue;
		}
		if (!top->t->started && e->open >= (e->maxconns + 1) / 2 &&
		    now < e->run_deadline)
			break;
		idx = queue_pop(e);
		if (now >= e->run_deadline || (e->jobs[idx].t->started && now >= e->jobs[idx].t->deadline)) {
			e->jobs[idx].t->unfinished = true;
			job_finish(e, idx, PROBE_UNKNOWN);
			continue;
		}
		job_start(e, idx, now);
	}
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
	e.run_deadline = now + probes_run_deadline_ms(n);
	e.sniff = sniff;
	e.targets = t;
	e.maxconns = max_conns();
	e.scratch = xmalloc(PROBE_RESPONSE_MAX);
	pfd = xcalloc(e.maxconns, sizeof(*pfd));
	pidx = xcalloc(e.maxconns, sizeof(*pidx));

	for (size_t i = 0; i < n; i++) {
		t[i].svc = NULL;
		t[i].verdict = PROBE_UNKNOWN;
		t[i].foreign_origin = t[i].answered = t[i].silent = t[i].closed = false;
		t[i].refused = t[i].unfinished = t[i].loopback_only = false;
		t[i].started = t[i].partial = false;
		t[i].deadline = 0;
		t[i].evidence[0] = t[i].banner[0] = '\0';
		t[i].best_row = (int)probe_nservices;
		t[i].pending = 0;
		t[i].tried = 0;
		t[i].sniff_kind = SNIFF_NONE;
		start_phase(&e, &t[i], PH_PORT);
		if (t[i].pending == 0)
			next_phase(&e, &t[i]);
	}

	/* Every pass starts, polls or finishes something; the deadlines end it. */
	for (;;) {
		size_t np = 0;
		int64_t wake;

		now = util_now_ms();
		/* A safety net: the deadlines below end every job long before this. */
		if (now >= e.run_deadline + e.timeout_ms)
			break;
		start_jobs(&e, now);
		wake = e.run_deadline;
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
		if (np == 0 && e.nqueue == 0)
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
			/* Cut by its target's or the run's deadline: not fully examined. */
			if (j->capped)
				j->t->unfinished = true;
			/* It began an answer and never finished it. */
			if (j->inlen > 0)
				j->t->partial = true;
			judged(&e, pidx[k], run_judge(&e, j, true), true);
		}
	}
	/* Anything still open (poll failed) or never started: close it. */
	for (size_t i = 0; i < e.njobs; i++)
		if (e.jobs[i].state != J_DONE) {
			e.jobs[i].t->unfinished = true;
			job_finish(&e, i, PROBE_UNKNOWN);
		}
	/* A target that began to answer like a service and was never identified for
	 * sure is as unchecked as one a deadline cut. */
	for (size_t i = 0; i < n; i++)
		if (t[i].partial && t[i].verdict < PROBE_PROTECTED)
			t[i].unfinished = true;
	free(e.jobs);
	free(e.queue);
	free(e.scratch);
	free(pfd);
	free(pidx);
}

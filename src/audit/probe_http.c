/*
 * The HTTP probes of `gatehouse audit --deep`: ClickHouse over HTTP, the
 * services one GET recognises (data rows of struct http_get), Elasticsearch,
 * Jupyter, OpenClaw, gatehouse itself and any MCP endpoint. Each judges an
 * answer already parsed by probe_http_parse (see probe_int.h).
 */
#include "probe_int.h"

#include <stdio.h>
#include <string.h>

/* ClickHouse over HTTP: SELECT 1 as user default without a password. */
static size_t
req_ch_http(const struct job *j, char *out, size_t cap)
{
	return probe_get(j, out, cap, "/?query=SELECT%201");
}

static int
judge_ch_http(struct job *j, const struct http_resp *r)
{
	bool branded = probe_header_has(r, "x-clickhouse-summary", "") ||
	    probe_header_has(r, "x-clickhouse-query-id", "") ||
	    probe_header_has(r, "x-clickhouse-server-display-name", "") ||
	    probe_header_has(r, "x-clickhouse-format", "");
	bool exception = probe_has(r->body, r->bodylen, "DB::Exception") ||
	    probe_header_has(r, "x-clickhouse-exception-code", "");
	size_t n = r->bodylen;

	while (n > 0 && (r->body[n - 1] == '\n' || r->body[n - 1] == '\r'))
		n--;
	if (r->status == 200 && n == 1 && r->body[0] == '1' && (branded || j->by_port)) {
		probe_ev(j, "answered SELECT 1 over HTTP as user default without a password");
		return PROBE_OPEN;
	}
	if (exception && (branded || j->by_port || probe_has(r->body, r->bodylen, "e.displayText()") ||
	    probe_has(r->body, r->bodylen, "Code: "))) {
		char m[120];
		const char *c = probe_ci_find(r->body, r->bodylen, "Code: ");
		probe_clean(c ? c : r->body, c ? r->bodylen - (size_t)(c - r->body) : r->bodylen, m, sizeof(m));
		if (probe_has(r->body, r->bodylen, "Code: 192") || probe_has(r->body, r->bodylen, "Code: 193") ||
		    probe_has(r->body, r->bodylen, "Code: 194") || probe_has(r->body, r->bodylen, "Code: 516") ||
		    probe_has(r->body, r->bodylen, "password") || probe_has(r->body, r->bodylen, "Authentication failed")) {
			probe_ev(j, "refused SELECT 1 without a password (%.60s)", m);
			return PROBE_PROTECTED;
		}
		probe_ev(j, "answered SELECT 1 with an exception (%.60s)", m);
		return PROBE_IDENTIFIED;
	}
	if (probe_refused(j, r)) {
		probe_ev(j, "answered %d to SELECT 1 without credentials", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/*
 * Services recognised by one GET: a data row each (struct http_get, in
 * probe_int.h), judged by one function. The answer is "open" when it is a 200
 * whose body holds every marker; a bare 401/403 on the service's own port is
 * "protected" when the row says so.
 */
static const struct http_get
    g_prometheus = { "/api/v1/status/buildinfo", { "\"status\":\"success\"", "\"version\"" }, "version",
        "answered /api/v1/status/buildinfo", "version ", " without credentials", true },
    /* Docker Engine API: /version without a client certificate is root on the host. */
    g_docker = { "/version", { "\"ApiVersion\"" }, "Version",
        "answered /version", "Docker ", " without credentials: whoever reaches it controls the host", true },
    /* Ollama has no authentication of its own: /api/tags lists the models. */
    g_ollama = { "/api/tags", { "\"models\"" }, NULL,
        "listed its models at /api/tags", "", " without credentials", true },
    /* Chrome DevTools protocol: /json/version answered means the browser is remote-controllable. */
    g_devtools = { "/json/version", { "webSocketDebuggerUrl" }, "Browser",
        "answered /json/version", "", ": whoever reaches it controls the browser and its sessions", false };

static size_t
req_http_get(const struct job *j, char *out, size_t cap)
{
	return probe_get(j, out, cap, j->probe->get->path);
}

static int
judge_http_get(struct job *j, const struct http_resp *r)
{
	const struct http_get *g = j->probe->get;
	bool all = r->status == 200;
	char v[48];

	for (size_t i = 0; all && i < sizeof(g->markers) / sizeof(g->markers[0]) && g->markers[i]; i++)
		all = probe_has(r->body, r->bodylen, g->markers[i]);
	if (all) {
		if (g->version_key) {
			probe_json_value(r->body, r->bodylen, g->version_key, v, sizeof(v));
			probe_ev(j, "%s (%s%s)%s", g->open_head, g->version_label, v, g->open_tail);
		} else {
			probe_ev(j, "%s%s", g->open_head, g->open_tail);
		}
		return PROBE_OPEN;
	}
	if (g->refusal_protects && probe_refused(j, r)) {
		probe_ev(j, "answered %d to %s without credentials", r->status, g->path);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/* Elasticsearch / OpenSearch: GET / names the cluster when security is off. */
static size_t
req_elastic(const struct job *j, char *out, size_t cap)
{
	return probe_get(j, out, cap, "/");
}

static int
judge_elastic(struct job *j, const struct http_resp *r)
{
	char v[48];

	if (r->status == 200 && probe_has(r->body, r->bodylen, "\"cluster_name\"") &&
	    (probe_has(r->body, r->bodylen, "\"tagline\"") || probe_has(r->body, r->bodylen, "lucene_version"))) {
		probe_json_value(r->body, r->bodylen, "cluster_name", v, sizeof(v));
		probe_ev(j, "answered GET / with its cluster (cluster_name %s) without credentials", v);
		return PROBE_OPEN;
	}
	if (r->status == 401 && (probe_header_has(r, "www-authenticate", "realm=\"security\"") ||
	    probe_has(r->body, r->bodylen, "security_exception") || j->by_port)) {
		probe_ev(j, "asked for credentials (401)");
		return PROBE_PROTECTED;
	}
	if (probe_refused(j, r)) {
		probe_ev(j, "answered %d without credentials", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/* Jupyter: /api/kernels is 403 without a token; 200 means anyone can run code. */
static size_t
req_jupyter(const struct job *j, char *out, size_t cap)
{
	return probe_get(j, out, cap, "/api/kernels");
}

static int
judge_jupyter(struct job *j, const struct http_resp *r)
{
	bool tornado = probe_header_has(r, "server", "tornado");
	size_t i = 0;

	while (i < r->bodylen && (r->body[i] == ' ' || r->body[i] == '\n'))
		i++;
	if (r->status == 200 && i < r->bodylen && r->body[i] == '[' && (tornado || j->by_port)) {
		probe_ev(j, "listed its kernels at /api/kernels without a token: whoever reaches it can run code");
		return PROBE_OPEN;
	}
	if ((r->status == 401 || r->status == 403) && (tornado || j->by_port)) {
		probe_ev(j, "asked for a token (%d at /api/kernels)", r->status);
		return PROBE_PROTECTED;
	}
	return PROBE_UNKNOWN;
}

/*
 * OpenClaw (formerly Clawdbot / Moltbot) gateway: its control UI at / and its
 * HTTP tool API at /tools/invoke share one port. Step 1 recognises the UI;
 * step 2 posts an empty (invalid) tool call: 401/403 means a token is required,
 * a validation error or success means the API let us past authentication. No
 * tool runs: the body names none.
 */
static size_t
req_openclaw(const struct job *j, char *out, size_t cap)
{
	if (j->step == 0)
		return probe_get(j, out, cap, "/");
	return probe_http_request(j, out, cap, "POST", "/tools/invoke", "application/json", "", "{}");
}

static int
judge_openclaw(struct job *j, const struct http_resp *r)
{
	if (j->step == 0) {
		if (probe_has(r->body, r->bodylen, "openclaw") || probe_has(r->body, r->bodylen, "clawdbot") ||
		    probe_has(r->body, r->bodylen, "moltbot")) {
			j->flags |= JF_BRANDED;
			probe_ev(j, "serves its control UI; its tool API got no answer in time");
			j->fallback = PROBE_IDENTIFIED;
		} else if (!j->by_port)
			return PROBE_UNKNOWN;
		return JUDGE_NEXT;
	}
	if (r->status == 401 || r->status == 403) {
		if (!(j->flags & JF_BRANDED) && !j->by_port)
			return PROBE_UNKNOWN;
		probe_ev(j, "asked for a token at /tools/invoke (%d)", r->status);
		return PROBE_PROTECTED;
	}
	if ((r->status == 200 || r->status == 400) && (j->flags & JF_BRANDED) &&
	    !probe_has(r->body, r->bodylen, "unauthorized") && !probe_has(r->body, r->bodylen, "token")) {
		probe_ev(j, "let POST /tools/invoke past authentication without a token (%d); its control UI "
		    "can read chats and change the configuration", r->status);
		return PROBE_OPEN;
	}
	if (j->flags & JF_BRANDED) {
		probe_ev(j, "serves its control UI (the tool API answered %d)", r->status);
		return PROBE_IDENTIFIED;
	}
	return PROBE_UNKNOWN;
}

/* The MCP initialize request both MCP probes send (no token, ever). */
static const char mcp_initialize[] =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
    "\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-audit\",\"version\":\"1\"}}}";

static size_t
mcp_post(const struct job *j, char *out, size_t cap, bool foreign)
{
	return probe_http_request(j, out, cap, "POST", "/mcp", "application/json, text/event-stream",
	    foreign ? "Origin: " MCP_FOREIGN_ORIGIN "\r\n" : "", mcp_initialize);
}

static bool
mcp_result(const struct http_resp *r)
{
	return r->status == 200 && probe_has(r->body, r->bodylen, "\"result\"") &&
	    (probe_has(r->body, r->bodylen, "protocolVersion") || probe_has(r->body, r->bodylen, "serverInfo"));
}

/*
 * gatehouse: runs only against a listener whose process the kernel shows
 * running a gatehouse binary (t->gatehouse_exe, see audit_host.c): a name, a
 * port or a /healthz that says "ok" can be anyone's. /healthz answers "ok";
 * POST /mcp without a token must be 401 (or 429 while it rate-limits us).
 * Anything else is GH-NET-004. Neither request carries a credential, so neither
 * counts as a failed login there (only a presented, wrong token does).
 */
static size_t
req_gatehouse(const struct job *j, char *out, size_t cap)
{
	if (j->step == 0)
		return probe_get(j, out, cap, "/healthz");
	return mcp_post(j, out, cap, false);
}

static int
judge_gatehouse(struct job *j, const struct http_resp *r)
{
	if (j->step == 0) {
		if (!j->t->gatehouse_exe || r->status != 200 || r->bodylen < 2 ||
		    memcmp(r->body, "ok", 2) != 0 || r->bodylen > 3)
			return PROBE_UNKNOWN;
		probe_ev(j, "answers /healthz like gatehouse, but POST /mcp without a token got no answer in time");
		j->fallback = PROBE_IDENTIFIED;
		return JUDGE_NEXT;
	}
	if (r->status == 401) {
		probe_ev(j, "answered 401 to POST /mcp without a token%s",
		    probe_header_has(r, "www-authenticate", "realm=\"gatehouse\"") ? "" : " (without its Bearer realm)");
		return PROBE_PROTECTED;
	}
	if (r->status == 429) {
		probe_ev(j, "answered 429 (too many failed authentications) to POST /mcp without a token");
		return PROBE_PROTECTED;
	}
	probe_ev(j, "answered %d to POST /mcp without a token, where it must answer 401%s", r->status,
	    mcp_result(r) ? " (and returned an initialize result)" : "");
	return PROBE_OPEN;
}

/*
 * Any MCP endpoint at /mcp: initialize without a token, then with a foreign
 * Origin. An initialize that opened a session is followed by a DELETE of that
 * session (steps 1 and 3), so the audit leaves no session behind (a server
 * with a cap on sessions would otherwise lose one per audit).
 */
static void
keep_session(struct job *j, const struct http_resp *r)
{
	const char *v;
	size_t n, i;

	j->session[0] = '\0';
	if (!probe_http_header(r, "mcp-session-id", &v, &n) || n == 0 || n >= sizeof(j->session))
		return;
	for (i = 0; i < n; i++)
		if (v[i] < 0x21 || v[i] > 0x7e)
			return;
	memcpy(j->session, v, n);
	j->session[n] = '\0';
}

static size_t
req_mcp(const struct job *j, char *out, size_t cap)
{
	char hdr[PROBE_SESSION_MAX + 20];

	if (j->step == 0 || j->step == 2)
		return mcp_post(j, out, cap, j->step == 2);
	if (j->session[0] == '\0')
		return probe_http_request(j, out, cap, "GET", "/healthz", "*/*", "", NULL);   /* nothing to end */
	snprintf(hdr, sizeof(hdr), "Mcp-Session-Id: %s\r\n", j->session);
	return probe_http_request(j, out, cap, "DELETE", "/mcp", "application/json, text/event-stream", hdr, NULL);
}

static int
judge_mcp(struct job *j, const struct http_resp *r)
{
	char name[48];

	if (j->step == 1)
		return JUDGE_NEXT;              /* the first session ended (whatever the answer) */
	if (j->step == 3)
		return j->fallback;             /* the second one too; the verdict was made at step 2 */
	if (j->step == 0) {
		if (mcp_result(r)) {
			keep_session(j, r);
			probe_json_value(r->body, r->bodylen, "name", name, sizeof(name));
			probe_ev(j, "answered MCP initialize at /mcp without a token (server %s)", name[0] ? name : "?");
			j->flags |= JF_MCP_OPEN;
			j->fallback = PROBE_OPEN;
			return JUDGE_NEXT;
		}
		if ((r->status == 401 || r->status == 403) &&
		    (j->by_port || probe_header_has(r, "www-authenticate", "bearer") ||
		    probe_has(r->body, r->bodylen, "jsonrpc"))) {
			probe_ev(j, "asked for a token at /mcp (%d)", r->status);
			return PROBE_PROTECTED;
		}
		return PROBE_UNKNOWN;
	}
	keep_session(j, r);
	j->flags |= JF_ORIGIN_TRIED;
	if (mcp_result(r)) {
		j->flags |= JF_FOREIGN;
		size_t n = strlen(j->evidence);
		snprintf(j->evidence + n, sizeof(j->evidence) - n,
		    ", and also with Origin " MCP_FOREIGN_ORIGIN ", so any web page can drive it");
	} else {
		size_t n = strlen(j->evidence);
		snprintf(j->evidence + n, sizeof(j->evidence) - n,
		    "; it refused Origin " MCP_FOREIGN_ORIGIN " (%d)", r->status);
	}
	j->fallback = PROBE_OPEN;
	return JUDGE_NEXT;
}

/* The HTTP probes; probes.c puts them in the service table. */
const struct probe
    probe_ch_http = { 1, req_ch_http, NULL, judge_ch_http, NULL },
    probe_prometheus = { 1, req_http_get, NULL, judge_http_get, &g_prometheus },
    probe_docker = { 1, req_http_get, NULL, judge_http_get, &g_docker },
    probe_ollama = { 1, req_http_get, NULL, judge_http_get, &g_ollama },
    probe_devtools = { 1, req_http_get, NULL, judge_http_get, &g_devtools },
    probe_elastic = { 1, req_elastic, NULL, judge_elastic, NULL },
    probe_jupyter = { 1, req_jupyter, NULL, judge_jupyter, NULL },
    probe_openclaw = { 2, req_openclaw, NULL, judge_openclaw, NULL },
    probe_gatehouse = { 2, req_gatehouse, NULL, judge_gatehouse, NULL },
    probe_mcp = { 4, req_mcp, NULL, judge_mcp, NULL };

/*
 * Internal to the loopback probes of `gatehouse audit --deep`: what the engine
 * (probes.c), the helpers (probe_util.c) and the probes themselves
 * (probe_bin.c, probe_http.c) share. Only these files include it; the rest of
 * gatehouse sees probes.h.
 *
 * A probe is a row of data: how many steps it takes, a function that writes the
 * request of a step, and a judge of the answer. The judge is a pure function of
 * what came back: raw bytes for a binary protocol, a parsed answer for HTTP.
 */
#ifndef GH_PROBE_INT_H
#define GH_PROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes.h"

/* What a judge returns besides a probe_verdict. */
#define JUDGE_MORE      (-1)    /* wait for more bytes */
#define JUDGE_NEXT      (-2)    /* go on with the probe's next step */
#define JUDGE_CANCEL    (-3)    /* another probe settled the target */

#define MCP_FOREIGN_ORIGIN "http://evil.example"

/* Job flags kept across the steps of one probe. */
#define JF_MCP_OPEN     (1 << 0)
#define JF_FOREIGN      (1 << 1)
#define JF_BRANDED      (1 << 2)
#define JF_ORIGIN_TRIED (1 << 3)   /* MCP: the request with a foreign Origin was answered */
#define JF_LOOPBACK_ONLY (1 << 4)  /* the service refuses other hosts itself (Redis protected mode) */

enum sniff_kind { SNIFF_NONE, SNIFF_HTTP, SNIFF_BINARY };
enum jstate { J_PENDING, J_CONNECTING, J_WRITING, J_READING, J_DONE };

struct http_resp {
	int         status;
	const char *head;       /* header lines after the status line */
	size_t      headlen;
	const char *body;       /* decoded (de-chunked) */
	size_t      bodylen;
	bool        complete;
};

struct job;
typedef size_t (*request_fn)(const struct job *j, char *out, size_t cap);
typedef int (*raw_judge_fn)(struct job *j, const uint8_t *in, size_t len, bool eof);
typedef int (*http_judge_fn)(struct job *j, const struct http_resp *r);

/*
 * A service recognised by one GET of path (the rows and their judge are in
 * probe_http.c): "open" is a 200 whose body holds every marker.
 */
struct http_get {
	const char *path;
	const char *markers[3];         /* all in the body of a 200; NULL-terminated */
	const char *version_key;        /* JSON key quoted in the evidence, or NULL */
	const char *open_head;          /* evidence: head [(label version)] tail */
	const char *version_label;
	const char *open_tail;
	bool        refusal_protects;   /* a bare 401/403 on its own port is "protected" */
};

struct probe {
	int           steps;
	request_fn    request;
	raw_judge_fn  raw;      /* exactly one of raw and http */
	http_judge_fn http;
	const struct http_get *get;     /* the data of req_http_get / judge_http_get */
};

#define PROBE_SESSION_MAX 96       /* an Mcp-Session-Id we will end again */

struct job {
	struct probe_target *t;
	int                  row;       /* table row, -1 for the sniff */
	const struct probe  *probe;
	bool                 by_port;   /* chosen by port or process name */
	int                  step;
	enum jstate          state;
	int                  fd;
	int64_t              deadline;
	char                *req;
	size_t               reqlen, reqoff;
	uint8_t             *in;
	size_t               inlen;
	bool                 got_bytes, refused, timed_out, closed;
	bool                 capped;    /* its deadline is its target's or the run's, not its own */
	unsigned             flags;
	char                 session[PROBE_SESSION_MAX]; /* MCP: the session an initialize opened */
	int                  fallback;  /* verdict if a later step fails */
	char                 evidence[PROBE_EVIDENCE_MAX];
};

/* ---- helpers (probe_util.c): pure, no I/O ----------------------------------- */

/* The job's evidence, printf-style, cut to fit. */
void probe_ev(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *probe_clean(const void *src, size_t n, char *out, size_t cap);
const char *probe_ci_find(const char *hay, size_t len, const char *needle);
bool probe_has(const char *hay, size_t len, const char *needle);
uint32_t probe_le32(const uint8_t *p);
uint32_t probe_be32(const uint8_t *p);
void probe_put_le32(uint8_t *p, uint32_t v);
void probe_json_value(const char *body, size_t len, const char *key, char *out, size_t cap);

bool probe_http_header(const struct http_resp *r, const char *name, const char **val, size_t *vlen);
bool probe_header_has(const struct http_resp *r, const char *name, const char *needle);
int  probe_http_parse(const char *in, size_t len, bool eof, struct http_resp *r, char *out, size_t cap);
size_t probe_http_request(const struct job *j, char *out, size_t cap, const char *method,
         const char *path, const char *accept, const char *extra, const char *body);
size_t probe_get(const struct job *j, char *out, size_t cap, const char *path);
bool probe_refused(const struct job *j, const struct http_resp *r);

/* ---- the probes: binary protocols (probe_bin.c) ------------------------------ */

extern const struct probe probe_sniff;          /* the HTTP sniff, no table row */
extern const struct probe probe_redis;
extern const struct probe probe_memcached;
extern const struct probe probe_postgres;
extern const struct probe probe_mongo;
extern const struct probe probe_ch_native;

/* ---- the probes: HTTP (probe_http.c) ----------------------------------------- */

extern const struct probe probe_ch_http;
extern const struct probe probe_prometheus;
extern const struct probe probe_docker;
extern const struct probe probe_ollama;
extern const struct probe probe_devtools;
extern const struct probe probe_elastic;
extern const struct probe probe_jupyter;
extern const struct probe probe_openclaw;
extern const struct probe probe_gatehouse;
extern const struct probe probe_mcp;

#endif

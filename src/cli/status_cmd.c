/*
 * `gatehouse status [--format text|json]`: ask the running gateway (GET /status,
 * with a token) what state its servers are in. The gateway writes the addresses
 * it bound to STATEDIR/listening at start (a port of 0 is known only there); the
 * token comes from $GATEHOUSE_TOKEN or STATEDIR/default.token. A unix listener is
 * preferred; a wildcard address is asked on loopback; TLS is verified against the
 * configured certificate.
 */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../config/config.h"
#include "../limits.h"
#include "../util/util.h"
#include "cli.h"

struct body {
	char  *buf;
	size_t len;
	bool   too_big;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct body *b = arg;
	size_t add = size * n;
	char *nb;

	if (b->len + add > LIMIT_STATUS_BYTES) {
		b->too_big = true;
		return 0;
	}
	if ((nb = realloc(b->buf, b->len + add + 1)) == NULL)
		return 0;
	b->buf = nb;
	memcpy(b->buf + b->len, p, add);
	b->len += add;
	b->buf[b->len] = '\0';
	return add;
}

/* The URL to ask: a unix listener (its path into *unix_path) or a TCP one, wildcards on loopback. */
static int
pick_listener(json_t *listeners, char *url, size_t cap, char *unix_path, size_t ucap, bool *tls)
{
	size_t i;
	json_t *l;
	const char *tcp = NULL;

	unix_path[0] = '\0';
	json_array_foreach(listeners, i, l) {
		const char *a = json_string_value(json_object_get(l, "address"));
		if (a == NULL)
			continue;
		if (strncmp(a, "unix:", 5) == 0) {
			snprintf(unix_path, ucap, "%s", a + 5);
			snprintf(url, cap, "http://localhost/status");
			*tls = false;
			return 0;
		}
		if (tcp == NULL) {
			tcp = a;
			*tls = json_is_true(json_object_get(l, "tls"));
		}
	}
	if (tcp == NULL)
		return -1;
	if (strncmp(tcp, "0.0.0.0:", 8) == 0)
		snprintf(url, cap, "%s://127.0.0.1:%s/status", *tls ? "https" : "http", tcp + 8);
	else if (strncmp(tcp, "[::]:", 5) == 0)
		snprintf(url, cap, "%s://[::1]:%s/status", *tls ? "https" : "http", tcp + 5);
	else
		snprintf(url, cap, "%s://%s/status", *tls ? "https" : "http", tcp);
	return 0;
}

static void
print_text(json_t *st)
{
	size_t i;
	json_t *s, *l;
	const char *name;
	json_t *v;

	printf("gatehouse %s, up %llds, %lld session(s)\n", json_string_value(json_object_get(st, "version")),
	    (long long)json_integer_value(json_object_get(st, "uptime_s")),
	    (long long)json_integer_value(json_object_get(st, "sessions")));
	json_array_foreach(json_object_get(st, "listeners"), i, l)
		printf("listening on %s%s\n", json_string_value(json_object_get(l, "address")),
		    json_is_true(json_object_get(l, "tls")) ? " (TLS)" : "");
	json_object_foreach(json_object_get(st, "sessions_by_token"), name, v)
		printf("sessions of token %s: %lld\n", name, (long long)json_integer_value(v));
	printf("\n%-20s %-9s %-8s %-12s %-9s %-8s %-6s %-8s %-7s %s\n", "SERVER", "STATE", "READY", "PID",
	    "RESTARTS", "UPTIME", "TOOLS", "CALLS", "ERRORS", "LAST ERROR");
	json_array_foreach(json_object_get(st, "servers"), i, s) {
		char ready[32], up[32], tools[16], pid[32];
		json_t *t = json_object_get(s, "tools"), *u = json_object_get(s, "uptime_s");
		json_t *pids = json_object_get(s, "pids");
		const char *err = json_string_value(json_object_get(s, "last_error"));
		snprintf(ready, sizeof(ready), "%lld/%lld", (long long)json_integer_value(json_object_get(s, "ready")),
		    (long long)json_integer_value(json_object_get(s, "instances")));
		if (json_is_integer(u))
			snprintf(up, sizeof(up), "%llds", (long long)json_integer_value(u));
		else
			snprintf(up, sizeof(up), "-");
		if (json_is_integer(t))
			snprintf(tools, sizeof(tools), "%lld", (long long)json_integer_value(t));
		else
			snprintf(tools, sizeof(tools), "-");
		if (json_array_size(pids) == 0)
			snprintf(pid, sizeof(pid), "-");
		else if (json_array_size(pids) == 1)
			snprintf(pid, sizeof(pid), "%lld", (long long)json_integer_value(json_array_get(pids, 0)));
		else
			snprintf(pid, sizeof(pid), "%lld+%zu", (long long)json_integer_value(json_array_get(pids, 0)),
			    json_array_size(pids) - 1);
		printf("%-20s %-9s %-8s %-12s %-9lld %-8s %-6s %-8lld %-7lld %s\n",
		    json_string_value(json_object_get(s, "server")), json_string_value(json_object_get(s, "state")),
		    ready, pid, (long long)json_integer_value(json_object_get(s, "restarts")), up, tools,
		    (long long)json_integer_value(json_object_get(s, "calls")),
		    (long long)json_integer_value(json_object_get(s, "errors")), err ? err : "");
	}
}

/* The token: $GATEHOUSE_TOKEN, else STATEDIR/default.token (first line). */
static int
read_token(const struct config *cfg, char *tok, size_t cap)
{
	const char *env = getenv("GATEHOUSE_TOKEN");
	char path[LIMIT_PATH];
	FILE *f;

	if (env != NULL && env[0] != '\0') {
		snprintf(tok, cap, "%s", env);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/default.token", cfg->state_dir);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(tok, (int)cap, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	tok[strcspn(tok, "\r\n")] = '\0';
	return 0;
}

int
cmd_status(struct cli_ctx *ctx)
{
	struct config cfg;
	bool json = false, tls = false;
	char path[LIMIT_PATH], url[LIMIT_PATH + 64], unix_path[LIMIT_PATH], tok[256], auth[300];
	json_t *run = NULL, *st = NULL;
	struct body b = { 0 };
	struct curl_slist *hdrs = NULL;
	CURL *c = NULL;
	long code = 0;
	int rc = 1;

	for (int i = 0; i < ctx->argc; i++) {
		if (strcmp(ctx->argv[i], "--format") == 0 && i + 1 < ctx->argc &&
		    (strcmp(ctx->argv[i + 1], "json") == 0 || strcmp(ctx->argv[i + 1], "text") == 0)) {
			json = strcmp(ctx->argv[++i], "json") == 0;
		} else {
			cli_error("status takes only --format text|json");
			return EXIT_USAGE;
		}
	}
	if (cli_load_config(ctx, &cfg) != 0) {
		config_free(&cfg);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/listening", cfg.state_dir);
	if ((run = json_load_file(path, 0, NULL)) == NULL) {
		cli_error("gatehouse is not running for this configuration (no %s); start it with `gatehouse serve`", path);
		goto out;
	}
	if (pick_listener(json_object_get(run, "listeners"), url, sizeof(url), unix_path, sizeof(unix_path), &tls) != 0) {
		cli_error("%s names no listener; is this gatehouse's state directory?", path);
		goto out;
	}
	if (read_token(&cfg, tok, sizeof(tok)) != 0) {
		cli_error("no token: set GATEHOUSE_TOKEN, or run as the user who owns %s/default.token", cfg.state_dir);
		goto out;
	}
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
	sodium_memzero(tok, sizeof(tok));
	if ((c = curl_easy_init()) == NULL || (hdrs = curl_slist_append(NULL, auth)) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)LIMIT_STATUS_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (unix_path[0] != '\0')
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, unix_path);
	if (tls && cfg.tls_cert != NULL) {
		/* Our own certificate is the only one trusted; the name in it may not be 127.0.0.1. */
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg.tls_cert);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	CURLcode cr = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (cr != CURLE_OK) {
		cli_error("cannot reach the gateway at %s%s: %s (is it still running?)", unix_path[0] ? "unix:" : "",
		    unix_path[0] ? unix_path : url, b.too_big ? "the answer is too large" : curl_easy_strerror(cr));
		goto out;
	}
	if (code != 200) {
		cli_error("the gateway answered %ld%s", code, code == 401 ?
		    " (the token is not valid for it: set GATEHOUSE_TOKEN to one from `gatehouse token new`)" : "");
		goto out;
	}
	if ((st = json_loads(b.buf ? b.buf : "", 0, NULL)) == NULL || !json_is_object(st)) {
		cli_error("the gateway's answer is not a status document");
		goto out;
	}
	if (json) {
		char *text = json_dumps(st, JSON_INDENT(2));
		if (text)
			puts(text);
		free(text);
	} else {
		print_text(st);
	}
	rc = 0;
out:
	sodium_memzero(auth, sizeof(auth));
	curl_slist_free_all(hdrs);
	if (c)
		curl_easy_cleanup(c);
	free(b.buf);
	json_decref(run);
	json_decref(st);
	config_free(&cfg);
	return rc;
}

/*
 * `gatehouse tools scan FILE|- [--format text|json]`: the poisoning scan of a
 * running gateway, offline, for a list captured from a server (or several
 * servers together, so that shadowing across them is found).
 *
 * Input: one server {"server": NAME, "instructions": ..., "tools": [...],
 * "prompts": [...]} (every key but "tools" optional; a bare tools/list result
 * works too), or an array of such servers. Exit 0 when nothing would be held,
 * 1 when something would (or the engine failed, which holds), 2 on bad input,
 * with one sentence naming the JSON path at fault.
 */
#include "tools_scan.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../guard/scan.h"
#include "../util/buf.h"
#include "../util/util.h"
#include "../util/hsdb.h"

enum format { FORMAT_TEXT, FORMAT_JSON };

struct server {
	json_t     *obj;
	const char *name;               /* "server", or NULL */
	json_t     *tools, *prompts, *instructions;
	char      **names;              /* tool names (borrowed from the JSON), then PREFIX__name forms */
	size_t      nnames, nprefixed;
};

static const char *
severity_name(enum scan_severity s)
{
	return s == SCAN_HOLD ? "hold" : s == SCAN_WARN ? "warn" : "info";
}

/* Read all of stdin, at most LIMIT_SCAN_INPUT_BYTES. */
static char *
read_stdin(size_t *len)
{
	struct buf b;
	char chunk[65536];

	buf_init(&b, LIMIT_SCAN_INPUT_BYTES);
	for (;;) {
		ssize_t r = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			buf_free(&b);
			return NULL;
		}
		if (r == 0)
			break;
		if (buf_append(&b, chunk, (size_t)r) != 0) {
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
	}
	*len = buf_size(&b);
	if (b.data == NULL)
		return xstrdup("");
	return b.data;                  /* off is 0: nothing was consumed */
}

/* Check one server object; on error print the sentence naming path and return -1. */
static int
server_load(struct server *s, json_t *obj, const char *at)
{
	json_t *v;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->obj = obj;
	if (!json_is_object(obj)) {
		cli_error("%s: a server must be a JSON object with a \"tools\" array", at);
		return -1;
	}
	if ((v = json_object_get(obj, "server")) != NULL && !json_is_null(v)) {
		if (!json_is_string(v)) {
			cli_error("%s.server: must be a string (the server's name)", at);
			return -1;
		}
		s->name = json_string_value(v);
	}
	s->tools = json_object_get(obj, "tools");
	if (!json_is_array(s->tools)) {
		cli_error("%s.tools: missing or not an array; give the \"tools\" of a tools/list result", at);
		return -1;
	}
	s->prompts = json_object_get(obj, "prompts");
	if (s->prompts != NULL && !json_is_null(s->prompts) && !json_is_array(s->prompts)) {
		cli_error("%s.prompts: must be an array of prompt definitions", at);
		return -1;
	}
	if (json_is_null(s->prompts))
		s->prompts = NULL;
	s->instructions = json_object_get(obj, "instructions");
	if (s->instructions != NULL && !json_is_null(s->instructions) && !json_is_string(s->instructions)) {
		cli_error("%s.instructions: must be a string", at);
		return -1;
	}
	if (json_is_null(s->instructions))
		s->instructions = NULL;
	json_array_foreach(s->tools, i, v) {
		json_t *n = json_object_get(v, "name");
		if (!json_is_object(v) || !json_is_string(n)) {
			cli_error("%s.tools[%zu]: must be an object with a string \"name\"", at, i);
			return -1;
		}
	}
	if (s->prompts != NULL) {
		json_array_foreach(s->prompts, i, v) {
			if (!json_is_object(v) || !json_is_string(json_object_get(v, "name"))) {
				cli_error("%s.prompts[%zu]: must be an object with a string \"name\"", at, i);
				return -1;
			}
		}
	}
	/* Names as the gateway exposes them too: PREFIX__name. */
	s->nnames = json_array_size(s->tools);
	s->nprefixed = s->name != NULL ? s->nnames : 0;
	s->names = xcalloc(s->nnames + s->nprefixed + 1, sizeof(char *));
	json_array_foreach(s->tools, i, v) {
		const char *n = json_string_value(json_object_get(v, "name"));
		s->names[i] = (char *)n;
		if (s->name != NULL) {
			size_t len = strlen(s->name) + 2 + strlen(n) + 1;
			s->names[s->nnames + i] = xmalloc(len);
			snprintf(s->names[s->nnames + i], len, "%s__%s", s->name, n);
		}
	}
	return 0;
}

static void
server_free(struct server *s)
{
	for (size_t i = 0; i < s->nprefixed; i++)
		free(s->names[s->nnames + i]);
	free(s->names);
}

/* Text output: names and spans are printed with everything but printable ASCII
 * escaped, so a hostile name cannot drive the terminal. */
static void
print_safe(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			fputc(*p, out);
		else
			fprintf(out, "\\x%02X", *p);
	}
}

struct totals {
	size_t held, pinned, findings;
	bool   failed;
};

/* Scan one item; returns its JSON record (name, verdict, findings) and prints text. */
static json_t *
scan_one(const struct scan_context *sc, enum scan_kind kind, json_t *item, const char *what,
    const char *name, enum format fmt, struct totals *t)
{
	struct scan_result r;
	json_t *rec = json_object(), *fs = json_array();
	bool hold;

	if (scan_item(sc, kind, item, &r) != 0) {
		/* The engine failing is no verdict: the gateway would hold, so do we. */
		t->failed = true;
		hold = true;
		memset(&r, 0, sizeof(r));
	} else {
		hold = r.hold;
	}
	if (name != NULL)
		json_object_set_new(rec, "name", json_string(name));
	json_object_set_new(rec, "verdict", json_string(hold ? "hold" : "pin"));
	for (size_t i = 0; i < r.n; i++) {
		json_t *f = json_object();
		json_object_set_new(f, "rule", json_string(r.findings[i].rule_id));
		json_object_set_new(f, "severity", json_string(severity_name(r.findings[i].severity)));
		json_object_set_new(f, "pointer", json_string(r.findings[i].pointer));
		json_object_set_new(f, "span", json_string(r.findings[i].span));
		json_array_append_new(fs, f);
	}
	json_object_set_new(rec, "findings", fs);
	if (hold)
		t->held++;
	else
		t->pinned++;
	t->findings += r.n;
	if (fmt == FORMAT_TEXT && (hold || r.n > 0)) {
		printf("  %-4s  %s ", hold ? "HOLD" : "pin", what);
		print_safe(stdout, name != NULL ? name : "");
		fputc('\n', stdout);
		if (r.n == 0 && hold)
			printf("        the scan could not run: held until it can\n");
		for (size_t i = 0; i < r.n; i++) {
			printf("        %-4s %s  %s  ", severity_name(r.findings[i].severity),
			    r.findings[i].rule_id, r.findings[i].pointer[0] ? r.findings[i].pointer : "/");
			print_safe(stdout, r.findings[i].span);
			fputc('\n', stdout);
		}
	}
	scan_result_free(&r);
	return rec;
}

static json_t *
scan_server(struct server *all, size_t nserv, size_t k, enum format fmt, struct totals *t)
{
	struct server *s = &all[k];
	struct scan_context sc = { .server = s->name, .own_names = s->names, .nown = s->nnames };
	char **other;
	size_t nother = 0, i;
	json_t *rec = json_object(), *tools = json_array(), *prompts = json_array(), *v;

	for (size_t j = 0; j < nserv; j++)
		if (j != k)
			nother += all[j].nnames + all[j].nprefixed;
	other = xcalloc(nother + 1, sizeof(char *));
	nother = 0;
	for (size_t j = 0; j < nserv; j++) {
		if (j == k)
			continue;
		for (size_t m = 0; m < all[j].nnames + all[j].nprefixed; m++)
			other[nother++] = all[j].names[m];
	}
	sc.other_names = other;
	sc.nother = nother;

	if (fmt == FORMAT_TEXT) {
		printf("server ");
		print_safe(stdout, s->name ? s->name : "(unnamed)");
		printf(": %zu tools, %zu prompts%s\n", json_array_size(s->tools),
		    json_array_size(s->prompts), s->instructions ? ", instructions" : "");
	}
	json_object_set_new(rec, "server", s->name ? json_string(s->name) : json_null());
	json_array_foreach(s->tools, i, v)
		json_array_append_new(tools, scan_one(&sc, SCAN_TOOL, v, "tool",
		    json_string_value(json_object_get(v, "name")), fmt, t));
	json_array_foreach(s->prompts, i, v)
		json_array_append_new(prompts, scan_one(&sc, SCAN_PROMPT, v, "prompt",
		    json_string_value(json_object_get(v, "name")), fmt, t));
	json_object_set_new(rec, "tools", tools);
	json_object_set_new(rec, "prompts", prompts);
	if (s->instructions != NULL)
		json_object_set_new(rec, "instructions", scan_one(&sc, SCAN_INSTRUCTIONS,
		    s->instructions, "instructions", NULL, fmt, t));
	else
		json_object_set_new(rec, "instructions", json_null());
	free(other);
	return rec;
}

int
cmd_tools_scan(struct cli_ctx *ctx)
{
	enum format fmt = FORMAT_TEXT;
	const char *path = NULL;
	int argi = 0, rc = 0;
	char *text;
	size_t len = 0, nserv;
	json_t *root, *servers_out;
	json_error_t jerr;
	struct server *servers;
	struct totals t = { 0 };

	/* The dispatcher may hand us "scan" as the first word or not. */
	if (ctx->argc > 0 && strcmp(ctx->argv[0], "scan") == 0)
		argi = 1;
	for (int i = argi; i < ctx->argc; i++) {
		const char *a = ctx->argv[i];
		if (strcmp(a, "--format") == 0 && i + 1 < ctx->argc) {
			const char *f = ctx->argv[++i];
			if (strcmp(f, "text") == 0) {
				fmt = FORMAT_TEXT;
			} else if (strcmp(f, "json") == 0) {
				fmt = FORMAT_JSON;
			} else {
				cli_error("--format \"%s\" is not one of text, json", f);
				return EXIT_USAGE;
			}
		} else if ((a[0] != '-' || strcmp(a, "-") == 0) && path == NULL) {
			path = a;
		} else {
			cli_error("tools scan: unknown or extra argument \"%s\"; usage: gatehouse tools scan FILE|- [--format text|json]", a);
			return EXIT_USAGE;
		}
	}
	if (path == NULL) {
		cli_error("tools scan needs a file (or - for stdin) holding a tools/list result or an array of servers");
		return EXIT_USAGE;
	}
	text = strcmp(path, "-") == 0 ? read_stdin(&len) : util_read_file(path, LIMIT_SCAN_INPUT_BYTES, &len);
	if (text == NULL) {
		cli_error("cannot read %s: %s", strcmp(path, "-") == 0 ? "standard input" : path,
		    errno == EFBIG ? "larger than LIMIT_SCAN_INPUT_BYTES (64 MiB)" : strerror(errno));
		return EXIT_USAGE;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (root == NULL) {
		cli_error("$: not valid JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
		return EXIT_USAGE;
	}
	if (!json_is_array(root) && !json_is_object(root)) {
		cli_error("$: the input must be a server object {\"tools\": [...]} or an array of them");
		json_decref(root);
		return EXIT_USAGE;
	}
	nserv = json_is_array(root) ? json_array_size(root) : 1;
	if (nserv > LIMIT_SCAN_SERVERS) {
		cli_error("$: %zu servers; at most %d are scanned together", nserv, LIMIT_SCAN_SERVERS);
		json_decref(root);
		return EXIT_USAGE;
	}
	servers = xcalloc(nserv + 1, sizeof(*servers));
	for (size_t k = 0; k < nserv; k++) {
		char at[32];
		if (json_is_array(root))
			snprintf(at, sizeof(at), "$[%zu]", k);
		else
			snprintf(at, sizeof(at), "$");
		if (server_load(&servers[k], json_is_array(root) ? json_array_get(root, k) : root, at) != 0) {
			for (size_t j = 0; j <= k; j++)
				server_free(&servers[j]);
			free(servers);
			json_decref(root);
			return EXIT_USAGE;
		}
	}
	if (scan_init() != 0)
		cli_error("%s; every item is held", hsdb_why("the pattern engine failed to start"));
	servers_out = json_array();
	for (size_t k = 0; k < nserv; k++)
		json_array_append_new(servers_out, scan_server(servers, nserv, k, fmt, &t));
	if (fmt == FORMAT_JSON) {
		json_t *doc = json_object();
		char *out;
		json_object_set_new(doc, "servers", servers_out);
		json_object_set_new(doc, "hold", json_boolean(t.held > 0));
		out = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
		if (out != NULL) {
			fputs(out, stdout);
			fputc('\n', stdout);
			free(out);
		}
		json_decref(doc);
	} else {
		json_decref(servers_out);
		printf("%zu held, %zu pinned, %zu findings\n", t.held, t.pinned, t.findings);
	}
	rc = t.held > 0 ? 1 : 0;
	for (size_t k = 0; k < nserv; k++)
		server_free(&servers[k]);
	free(servers);
	json_decref(root);
	return rc;
}

/*
 * The audit's check table, the report it fills, and redaction of evidence.
 * Ids are stable: scripts and SARIF viewers key on them. Add rows, never renumber.
 */
#include "audit.h"

#include <ctype.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"
#include "../util/util.h"

const struct audit_check audit_checks[] = {
	/* gatehouse's own configuration */
	{ "GH-CFG-001", SEV_WARN, "the gatehouse configuration is invalid",
	  "Run `gatehouse check-config` and fix every error it names; the gateway refuses to start until then." },
	{ "GH-CFG-002", SEV_CRITICAL, "gatehouse listens on a non-loopback address without TLS",
	  "Add \"tls\": {\"cert\": ..., \"key\": ...}, or put a TLS-terminating proxy in front and list it in \"trustedProxies\", or listen on 127.0.0.1." },
	{ "GH-CFG-003", SEV_WARN, "allowedOrigins lets any web page in",
	  "List each origin exactly (\"https://app.example.com\"); never \"*\" or \"null\"." },
	{ "GH-CFG-004", SEV_WARN, "a secret is written inline in the configuration",
	  "Store it with `gatehouse secret set NAME` and write {\"secret\": \"NAME\"}, or pass it through the environment with {\"env\": \"VAR\"}." },
	{ "GH-CFG-005", SEV_WARN, "an MCP server is started through a shell (sh -c / bash -c)",
	  "Name the server's program in \"command\" and its arguments in \"args\", so that no shell parses them." },
	{ "GH-CFG-006", SEV_WARN, "an MCP server package is not pinned to a version (npx/uvx)",
	  "Pin the package: \"npx -y pkg@1.2.3\" or \"uvx pkg==1.2.3\", so that a new release cannot change what runs." },
	{ "GH-CFG-007", SEV_WARN, "a remote MCP server is reached over plain HTTP",
	  "Use an https:// URL; plain http is acceptable only to a loopback address." },
	{ "GH-CFG-008", SEV_WARN, "an MCP server's or exec command's sandbox is opened wide",
	  "Remove \"sandbox\": false unless the server or command cannot run confined; keep \"sandbox\": {\"network\": false} unless it needs the network, and list only the paths it needs in \"read\"/\"write\"." },
	{ "GH-CFG-009", SEV_WARN, "trustedProxies trusts a wide range of addresses",
	  "List the proxy's own address (\"10.0.0.5/32\"); every address in a trusted range can claim to be any client." },
	{ "GH-CFG-010", SEV_INFO, "a reverse proxy on this host may front gatehouse without trustedProxies",
	  "If a proxy on this host forwards to gatehouse, add its address (e.g. \"127.0.0.1/32\") to \"trustedProxies\" so clients are told apart; else ignore." },
	/* MCP client configurations in the user's home */
	{ "GH-CLI-001", SEV_WARN, "an MCP client configuration holds a secret inline",
	  "Move the secret out of the client config: put the server behind gatehouse and store the secret with `gatehouse secret set`." },
	{ "GH-CLI-002", SEV_WARN, "an MCP client starts a server through a shell (sh -c / bash -c)",
	  "Name the program and its arguments directly, or put the server behind gatehouse." },
	{ "GH-CLI-003", SEV_WARN, "an MCP client runs an unpinned package (npx -y / uvx)",
	  "Pin the package version (pkg@1.2.3 / pkg==1.2.3)." },
	{ "GH-CLI-004", SEV_WARN, "an MCP client reaches a remote server over plain HTTP",
	  "Use https://, or reach it through gatehouse." },
	{ "GH-CLI-005", SEV_INFO, "an MCP server is used directly, not through gatehouse",
	  "Move the server into gatehouse's \"mcpServers\" and point the client at gatehouse (see the README)." },
	{ "GH-CLI-006", SEV_WARN, "an MCP client configuration is readable by other users",
	  "chmod 600 the file." },
	/* files */
	{ "GH-FILE-001", SEV_WARN, "the gatehouse configuration is open to other users",
	  "chmod 600 the configuration file (gatehouse audit --fix does it)." },
	{ "GH-FILE-002", SEV_CRITICAL, "the gatehouse state directory is open to other users",
	  "chmod 700 the state directory (gatehouse audit --fix does it)." },
	{ "GH-FILE-003", SEV_CRITICAL, "a gatehouse database, token or key file is readable by other users",
	  "chmod 600 the file (gatehouse audit --fix does it) and, for a token, revoke it and make a new one." },
	{ "GH-FILE-004", SEV_WARN, "a log file is readable by other users",
	  "chmod 600 the log file and tighten the directory it is in." },
	{ "GH-FILE-005", SEV_CRITICAL, "agent transcripts or session files are readable by other users",
	  "chmod 600 the files and 700 their directory; they hold whole conversations." },
	{ "GH-FILE-006", SEV_WARN, "a secret was found inside a transcript or log",
	  "Rotate the secret (assume it leaked), then delete or redact the file." },
	{ "GH-FILE-007", SEV_WARN, "the file check is incomplete: a file the audit should read could not be read or searched",
	  "Run the audit as the user who owns the files (or as root), fix what it names, and treat those files as unchecked until then." },
	/* the host */
	{ "GH-NET-001", SEV_INFO, "a service listens on a non-loopback address",
	  "Bind it to 127.0.0.1 unless other hosts must reach it, and then require credentials and TLS." },
	{ "GH-NET-002", SEV_CRITICAL, "a service answers without credentials on a non-loopback address",
	  "Require authentication on the service, bind it to 127.0.0.1, or firewall the port now; then rotate anything it stored." },
	{ "GH-NET-003", SEV_WARN, "a service answers without credentials on loopback",
	  "Require authentication: any local process, container or web page reaching loopback can use it." },
	{ "GH-NET-004", SEV_CRITICAL, "gatehouse answered a request without a token",
	  "Update gatehouse and report it: every gatehouse endpoint but /healthz must answer 401." },
	{ "GH-NET-005", SEV_CRITICAL, "an MCP endpoint accepts a session without credentials or from a foreign origin",
	  "Put the MCP server behind gatehouse, or make it require a token and check Origin." },
	{ "GH-NET-006", SEV_WARN, "the host check is incomplete: some listeners could not be read or identified",
	  "Run the audit as root (or with the missing access) and look at what it names; until then, treat the listed ports as unchecked." },
};
const size_t audit_nchecks = sizeof(audit_checks) / sizeof(audit_checks[0]);

const struct audit_check *
audit_check_find(const char *id)
{
	for (size_t i = 0; i < audit_nchecks; i++)
		if (strcmp(audit_checks[i].id, id) == 0)
			return &audit_checks[i];
	return NULL;
}

static char * __attribute__((format(printf, 1, 0)))
vformat(const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	return xstrdup(buf);
}

void
audit_add(struct report *r, const char *id, int severity, const char *location, const char *fmt, ...)
{
	const struct audit_check *c = audit_check_find(id);
	struct finding *f;
	va_list ap;

	if (c == NULL)
		fatal("audit: a check used an id that is not in the table");
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->items = xrealloc(r->items, r->cap * sizeof(*r->items));
	}
	f = &r->items[r->n++];
	f->id = c->id;
	f->severity = severity < 0 ? c->severity : (enum severity)severity;
	f->title = xstrdup(c->title);
	va_start(ap, fmt);
	f->evidence = vformat(fmt, ap);
	va_end(ap);
	audit_redact(f->evidence);
	f->location = xstrdup(location ? location : "");
	f->fix = c->fix;
	f->fixed = false;
}

static void __attribute__((format(printf, 3, 0)))
add_line(char ***list, size_t *n, const char *fmt, va_list ap)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = vformat(fmt, ap);
}

void
audit_fixed(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(&r->fixed, &r->nfixed, fmt, ap);
	va_end(ap);
}

void
audit_note(struct report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_line(&r->notes, &r->nnotes, fmt, ap);
	va_end(ap);
}

static bool
same_finding(const struct finding *a, const struct finding *b)
{
	return strcmp(a->id, b->id) == 0 && strcmp(a->location, b->location) == 0 &&
	    strcmp(a->evidence, b->evidence) == 0;
}

static void
finding_free(struct finding *f)
{
	free(f->title);
	free(f->evidence);
	free(f->location);
}

void
audit_settle_fixed(struct report *r, size_t from, struct report *recheck)
{
	size_t k = from;

	for (size_t i = from; i < r->n; i++) {
		bool still = false;
		for (size_t j = 0; j < recheck->n && !still; j++)
			still = same_finding(&r->items[i], &recheck->items[j]);
		if (still) {
			finding_free(&r->items[i]);
			continue;
		}
		r->items[i].fixed = true;
		r->items[k++] = r->items[i];
	}
	r->n = k;
	for (size_t j = 0; j < recheck->n; j++) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 16;
			r->items = xrealloc(r->items, r->cap * sizeof(*r->items));
		}
		r->items[r->n++] = recheck->items[j];
	}
	recheck->n = 0;
	audit_report_free(recheck);
}

bool
audit_fails(const struct report *r, int fail_on)
{
	for (size_t i = 0; i < r->n; i++)
		if (!r->items[i].fixed && (int)r->items[i].severity >= fail_on)
			return true;
	return false;
}

void
audit_report_free(struct report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].title);
		free(r->items[i].evidence);
		free(r->items[i].location);
	}
	free(r->items);
	for (size_t i = 0; i < r->nfixed; i++)
		free(r->fixed[i]);
	free(r->fixed);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}

static bool
token_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '+' || c == '/' || c == '=';
}

/*
 * Evidence must never carry the secret it is about. A run of 16 or more token
 * characters that mixes letters and digits and is not a path is treated as a
 * secret: its first 4 characters stay (enough to recognise "sk-a", "ghp_", "AKIA"),
 * the rest becomes '*'.
 */
void
audit_redact(char *text)
{
	size_t i = 0, n = strlen(text);

	while (i < n) {
		size_t j = i;
		bool alpha = false, digit = false, path = false;
		while (j < n && token_char((unsigned char)text[j])) {
			alpha |= isalpha((unsigned char)text[j]) != 0;
			digit |= isdigit((unsigned char)text[j]) != 0;
			path |= text[j] == '/';
			j++;
		}
		if (j - i >= 16 && alpha && digit && !path)
			for (size_t k = i + 4; k < j; k++)
				text[k] = '*';
		i = j == i ? i + 1 : j;
	}
}

/*
 * Does every directory from `dir` up to "/" let other users through (search
 * permission for group or others)? If one does not, the files below it are out
 * of their reach today, whatever their own modes say.
 */
bool
audit_others_can_reach(const char *dir)
{
	char p[LIMIT_PATH];
	size_t n = strlen(dir);
	struct stat st;

	if (n == 0 || n >= sizeof(p))
		return true;
	memcpy(p, dir, n + 1);
	for (;;) {
		char *slash;
		if (stat(p, &st) != 0 || (st.st_mode & 011) == 0)
			return false;
		if (strcmp(p, "/") == 0 || (slash = strrchr(p, '/')) == NULL)
			return true;
		if (slash == p)
			p[1] = '\0';
		else
			*slash = '\0';
	}
}

void
audit_parent_dir(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		snprintf(out, cap, ".");
		return;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	snprintf(out, cap, "%.*s", (int)n, path);
}

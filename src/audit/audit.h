/*
 * `gatehouse audit` (DESIGN.md section 8): find the exposure and misconfiguration
 * that leak keys and chat histories, on this host, before a stranger does.
 *
 * Every check is a row of a static table with a stable id; a check adds findings
 * to a report. A finding has a severity, redacted evidence, where it was seen, and
 * the fix. Severity rises when the thing is reachable from other hosts.
 */
#ifndef GH_AUDIT_H
#define GH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/config.h"

enum severity { SEV_INFO = 0, SEV_WARN = 1, SEV_CRITICAL = 2 };

struct finding {
	const char   *id;           /* stable check id, e.g. "GH-CFG-001" (static) */
	enum severity severity;
	char         *title;        /* one line: what is wrong */
	char         *evidence;     /* what we saw, with secrets redacted */
	char         *location;     /* file path, address:port, or "" */
	const char   *fix;          /* how to fix it (static, from the check table) */
	bool          fixed;        /* --fix fixed it in this run: shown as fixed, never counted */
};

struct report {
	struct finding *items;
	size_t          n, cap;
	char          **fixed;      /* what --fix changed, one sentence each */
	size_t          nfixed;
	char          **notes;      /* checks that could not run, and why */
	size_t          nnotes;
	bool            config_rewritten; /* --fix changed the configuration file */
};

/* What a run may look at and do. */
struct audit_opts {
	bool                 deep;          /* loopback probes */
	bool                 fix;           /* safe changes to our own files */
	const char          *home;          /* the user's home (clients, transcripts) */
	const char          *proc_root;     /* "/proc", overridable for tests */
	const struct config *cfg;           /* NULL when the config did not load */
	const char          *config_path;   /* as resolved, may be NULL (defaults) */
	char               **config_errors; /* when the config did not load */
	size_t               nconfig_errors;
	int                  probe_timeout_ms;
};

/* One check family: a row of the table in audit.c. */
struct audit_check {
	const char   *id;
	enum severity severity;         /* the default; a check may raise it */
	const char   *title;
	const char   *fix;
};

/* The table of every finding id, for README and SARIF rules. */
extern const struct audit_check audit_checks[];
extern const size_t audit_nchecks;
const struct audit_check *audit_check_find(const char *id);

/* Add a finding for check `id`; `severity` < 0 takes the check's default. The
 * strings are copied; evidence is redacted (secret-looking runs masked). */
void audit_add(struct report *r, const char *id, int severity, const char *location,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void audit_fixed(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void audit_note(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void audit_report_free(struct report *r);

/*
 * After --fix changed a file: `recheck` holds the findings of the same checks
 * run again on what is there now. Of r's findings from index `from` on, those
 * the recheck no longer finds are marked fixed; the others give way to the
 * recheck's (which may differ, e.g. in severity). recheck is emptied.
 */
void audit_settle_fixed(struct report *r, size_t from, struct report *recheck);

/* Does any finding that is not fixed reach severity `fail_on`? */
bool audit_fails(const struct report *r, int fail_on);

/* Mask what looks like a secret in `text` (in place): keep a short prefix, replace
 * the rest with '*'. Pure. */
void audit_redact(char *text);

/* The check families, each in its own file. */
void audit_config(const struct audit_opts *o, struct report *r);     /* audit_config.c */
void audit_clients(const struct audit_opts *o, struct report *r);    /* audit_clients.c */
void audit_files(const struct audit_opts *o, struct report *r);      /* audit_files.c */
void audit_host(const struct audit_opts *o, struct report *r);       /* audit_host.c (+ probes with deep) */

/* Shared by the config and client checks (audit_config.c). Pure. */
bool        audit_is_shell_wrapper(const char *command, char *const *args, size_t nargs);
const char *audit_unpinned_package(const char *command, char *const *args, size_t nargs);

/* Can other users pass through every directory from `dir` up to "/"? */
bool        audit_others_can_reach(const char *dir);
/* The directory part of `path` ("." when none, "/" for top-level files). */
void        audit_parent_dir(const char *path, char *out, size_t cap);

/* Output. */
enum audit_format { AUDIT_TEXT, AUDIT_JSON, AUDIT_SARIF };
char *audit_render(const struct report *r, enum audit_format f);

#endif

/*
 * gatehouse.json: strict parsing and validation (DESIGN.md section 4).
 *
 * config_parse() is pure: bytes in, a validated struct config or a list of errors
 * out, each error naming its JSON path and the fix. Unknown keys are errors,
 * because a typo must never silently weaken security.
 */
#ifndef GH_CONFIG_H
#define GH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../net/addr.h"
#include "../limits.h"

enum listen_kind { LISTEN_TCP, LISTEN_UNIX };

struct listen_addr {
	enum listen_kind        kind;
	char                   *text;       /* as written, for messages */
	struct sockaddr_storage sa;         /* LISTEN_TCP */
	socklen_t               salen;
	bool                    loopback;   /* TCP on loopback, or a unix socket */
	char                   *path;       /* LISTEN_UNIX, absolute */
};

/* A value for a downstream env var or header: inline, or a reference. */
enum value_kind { VALUE_INLINE, VALUE_ENV, VALUE_SECRET };

struct config_value {
	char           *name;               /* variable or header name */
	enum value_kind kind;
	char           *value;              /* inline text, env var name or secret name */
};

enum server_transport { SERVER_STDIO, SERVER_HTTP };

struct server_config {
	char                 *key;
	char                 *prefix;       /* defaults to key; "" allowed */
	enum server_transport transport;
	char                 *command;      /* SERVER_STDIO */
	char                **args;
	size_t                nargs;
	char                 *url;          /* SERVER_HTTP */
	struct config_value  *env;          /* env (stdio) or headers (http) */
	size_t                nenv;
	bool                  shared;
	bool                  sandbox_network;
	char                **sandbox_read;
	size_t                nsandbox_read;
	char                **sandbox_write;
	size_t                nsandbox_write;
	char                **tools_allow;  /* globs on the server's own tool names; NULL: all */
	size_t                ntools_allow;
	char                **tools_deny;   /* ... hidden for everyone */
	size_t                ntools_deny;
};

struct limits_config {
	int64_t max_body_bytes;
	int64_t call_timeout_ms;
	int64_t max_sessions;
	int64_t max_sessions_per_token;
	int64_t session_idle_ms;
	int64_t auth_failures_per_minute;
	int64_t max_connections_per_ip;
	int64_t idle_timeout_ms;
	int64_t header_timeout_ms;
	int64_t body_timeout_ms;
};

enum on_new { ON_NEW_PIN, ON_NEW_HOLD };
/* redact.results: what a secret in a tool result or resource does on its way to the model. */
enum redact_mode { REDACT_REDACT, REDACT_BLOCK, REDACT_OFF };

struct config {
	char                *path;          /* file it came from, or NULL for defaults */
	struct listen_addr  *listen;
	size_t               nlisten;
	char                *tls_cert;      /* absolute paths, or NULL */
	char                *tls_key;
	char               **public_hosts;
	size_t               npublic_hosts;
	char               **allowed_origins;
	size_t               nallowed_origins;
	struct cidr         *trusted_proxies;
	size_t               ntrusted_proxies;
	char                *state_dir;     /* absolute */
	struct limits_config limits;
	enum on_new          tools_on_new;
	enum redact_mode     redact_results;
	struct server_config *servers;
	size_t               nservers;
};

/* Errors and warnings collected by one parse, each a full sentence. */
struct config_diag {
	char  *errors[LIMIT_CONFIG_ERRORS];
	size_t nerrors;
	size_t dropped;                     /* errors past the cap */
	char  *warnings[LIMIT_CONFIG_ERRORS];
	size_t nwarnings;
};

/* What the parser may know about its surroundings, passed in to keep it pure. */
struct config_env {
	const char *home;                   /* for "~/" */
	const char *xdg_state_home;         /* may be NULL */
	const char *base_dir;               /* directory of the config file, absolute */
	const char *file_label;             /* name used in messages */
};

int  config_parse(const char *buf, size_t len, const struct config_env *env,
    struct config *out, struct config_diag *diag);
void config_defaults(struct config *cfg, const struct config_env *env);
void config_free(struct config *cfg);
void config_diag_free(struct config_diag *diag);

/*
 * Find and load the configuration: `explicit_path` (from --config), else
 * $GATEHOUSE_CONFIG, else $XDG_CONFIG_HOME/gatehouse/gatehouse.json, else
 * ~/.config/gatehouse/gatehouse.json. A missing file at an implicit location
 * gives the defaults; a missing explicit file is an error.
 */
int  config_load(const char *explicit_path, struct config *out, struct config_diag *diag);
/* Where config_load looks, as an absolute path in `out`; *implicit when no
 * --config nor $GATEHOUSE_CONFIG named it. 0, or -1 with one sentence in err. */
int  config_find_path(const char *explicit_path, char *out, size_t cap, bool *implicit,
    char *err, size_t errcap);

/*
 * Where {"secret": NAME} values come from: the vault, opened by the code that
 * starts servers (cli/core.c). get returns a malloc'd string the caller wipes
 * (sodium_memzero) and frees, or NULL with one sentence in err.
 */
struct secret_source {
	char *(*get)(void *arg, const char *name, char *err, size_t errcap);
	void  *arg;
};

/*
 * The text of an env or header value: inline as written, {"env": VAR} from the
 * gateway's environment, {"secret": NAME} from `secrets` (NULL: no vault).
 * Returns a malloc'd string the caller wipes and frees, or NULL with one
 * sentence in err (which never holds the value).
 */
char *config_value_resolve(const struct config_value *v, const struct secret_source *secrets,
          char *err, size_t errcap);

/* Does an inline value look like a credential (known key prefixes, or a
 * key-like variable name with a non-trivial value)? A cheap heuristic. */
bool  config_looks_secret(const char *name, const char *value);

/*
 * Is the configuration file safe to run from? Others may not write it (they
 * could add a server: code execution as us), nor read it when it holds a secret
 * inline. 0, or -1 with one sentence naming the chmod to run.
 */
int   config_file_safe(const struct config *cfg, char *err, size_t errcap);

/* Does the configuration expose the gateway beyond loopback? */
bool config_listens_publicly(const struct config *cfg);

#endif

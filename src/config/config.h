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
	bool            expand;             /* inline text holding ${VAR} (config_expand) */
};

/* SERVER_EXEC: the commands of "exec", served by the gateway itself (src/exec/exec.h). */
enum server_transport { SERVER_STDIO, SERVER_HTTP, SERVER_EXEC };

/* The server key and tool prefix of the "exec" commands: reserved. */
#define EXEC_SERVER_KEY "exec"

/*
 * One argument rule of an exec command, in argv order. A fixed argument is
 * always passed; the others are the tool's parameters, checked against their
 * rule before anything runs: an enumeration, a pattern (POSIX extended regular
 * expression matching the whole value), or a flag (a boolean that adds a
 * declared option). maxCount > 0 makes a parameter a list of up to that many
 * values, each passed as its own argument.
 */
enum exec_param_kind { EXEC_FIXED, EXEC_ENUM, EXEC_PATTERN, EXEC_FLAG };

struct exec_param {
	enum exec_param_kind kind;
	char    *name;              /* the parameter's name in the tool's arguments (not FIXED) */
	char    *description;       /* for the model; may be NULL */
	char    *value;             /* FIXED: the argument; FLAG: the option passed when true */
	char    *prefix;            /* ENUM, PATTERN: glued before the value ("--format="); may be NULL */
	char   **values;            /* ENUM */
	size_t   nvalues;
	char    *pattern;           /* PATTERN, as written */
	bool     required;
	int64_t  max_count;         /* 0: one value; else a list of at most this many */
};

struct exec_command {
	char              *name;            /* the tool is exec__NAME */
	char              *path;            /* absolute */
	char              *description;
	struct exec_param *params;
	size_t             nparams;
	char              *cwd;             /* absolute, or NULL: its private directory */
	int64_t            timeout_ms;
	int64_t            max_output_bytes;  /* per stream (stdout, stderr) */
	int64_t            max_arg_bytes;     /* one argument, prefix included */
	/* The sandbox, as a server's: only the sandbox_* fields are used. */
	struct server_config *sandbox;
};

/* Who shares one instance of a server. */
enum server_isolation { ISOLATION_TOKEN, ISOLATION_SESSION, ISOLATION_SHARED };
/* "sandbox": {"network": ...}: false, true, or "public" (the default). */
enum sandbox_network { NETWORK_NONE, NETWORK_HOST, NETWORK_PUBLIC };

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
	bool                  shared;       /* = isolation == ISOLATION_SHARED */
	enum server_isolation isolation;
	char                 *canon;        /* the entry as written, keys sorted (to tell a change at reload) */
	bool                  sandbox_off;  /* "sandbox": false: runs unconfined */
	enum sandbox_network  sandbox_network;
	char                **sandbox_read;
	size_t                nsandbox_read;
	char                **sandbox_write;
	size_t                nsandbox_write;
	/* "sandbox": {"limits": {...}}; 0: the default (SANDBOX_* in limits.h) */
	int64_t               sandbox_processes, sandbox_open_files, sandbox_file_size, sandbox_cpu_seconds;
	int64_t               sandbox_memory;      /* bytes per process (RLIMIT_DATA); 0: the default */
	char                **tools_allow;  /* globs on the server's own tool names; NULL: all */
	size_t                ntools_allow;
	char                **tools_deny;   /* ... hidden for everyone */
	size_t                ntools_deny;
	char                 *cwd;          /* SERVER_STDIO: as written (may hold ${VAR}); NULL: config dir */
	int64_t               timeout_ms;   /* per-call timeout; 0: limits.callTimeoutMs */
	struct exec_command  *exec;         /* SERVER_EXEC: the commands of "exec" */
	size_t                nexec;
};

/* The call timeout of one server: its "timeout", else limits.callTimeoutMs. */
#define CONFIG_SERVER_TIMEOUT_MS(cfg, srv) \
	((srv)->timeout_ms > 0 ? (srv)->timeout_ms : (cfg)->limits.call_timeout_ms)

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
	int64_t sse_poll_ms;            /* 0: POST streams stay open until their answer */
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
	struct server_config *servers;      /* the enabled servers only */
	size_t               nservers;
	char               **disabled;      /* keys of servers with "disabled": true */
	size_t               ndisabled;
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
	/* The gateway's environment for ${VAR} (NULL: every variable is unset). */
	const char *(*lookup)(const char *name);
	bool        no_listen;              /* `gatehouse stdio`: the listener rules do not apply */
};

int  config_parse(const char *buf, size_t len, const struct config_env *env,
    struct config *out, struct config_diag *diag);
void config_defaults(struct config *cfg, const struct config_env *env);
/* An array of servers taken out of a config (a reload keeps them until the end). */
void config_servers_free(struct server_config *servers, size_t n);
void config_free(struct config *cfg);
void config_diag_free(struct config_diag *diag);

/*
 * Find and load the configuration: `explicit_path` (from --config), else
 * $GATEHOUSE_CONFIG, else $XDG_CONFIG_HOME/gatehouse/gatehouse.json, else
 * ~/.config/gatehouse/gatehouse.json. A missing file at an implicit location
 * gives the defaults; a missing explicit file is an error.
 */
int  config_load(const char *explicit_path, struct config *out, struct config_diag *diag);
/* The same with flags: CONFIG_LOAD_NO_LISTEN for a gateway that opens no listener. */
#define CONFIG_LOAD_NO_LISTEN 1u
int  config_load_flags(const char *explicit_path, unsigned flags, struct config *out,
         struct config_diag *diag);

/*
 * ${VAR} and ${env:VAR} in "args", "env" values, "url", "headers" and "cwd":
 * the value of VAR in the gateway's environment, nothing else ($${ is a
 * literal "${"). config_expand_with() is the pure core: `lookup` gives a
 * variable's value or NULL; each name found is handed to `each` (may be NULL).
 * Returns a malloc'd string the caller wipes and frees, or NULL with the
 * reason in err, which names a variable but never holds a value.
 */
char *config_expand_with(const char *text, const char *(*lookup)(const char *name),
          void (*each)(void *arg, const char *name), void *arg, char *err, size_t errcap);
/* Does `text` hold a ${...} reference? */
bool  config_has_expansion(const char *text);
/* The same from the gateway's environment (getenv); `what` names the setting in errors. */
char *config_expand(const char *text, const char *what, char *err, size_t errcap);
/*
 * The working directory of a stdio server: its "cwd" expanded and resolved
 * ("~/", relative to `config_dir`), or `config_dir` itself. 0, or -1 with err.
 * Does not check that it exists.
 */
int   config_server_cwd(const struct server_config *srv, const char *config_dir, char *out,
          size_t cap, char *err, size_t errcap);

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

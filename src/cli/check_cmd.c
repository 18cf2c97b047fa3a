/*
 * `gatehouse check-config`: the configuration as the parser sees it, then what
 * `serve` and `stdio` would find when they start: the programs of stdio
 * servers, their working directories, TLS files, {"env": VAR} and
 * {"secret": NAME} references, sandbox paths. Each problem is one line naming
 * its JSON path and the fix; settings that are valid but risky are warnings.
 *
 * Nothing here prints a value from the environment or the vault: the vault is
 * opened only to list the names it holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../config/config.h"
#include "../exec/child.h"
#include "../exec/sandbox.h"
#include "../guard/scan.h"
#include "../secrets/scan.h"
#include "../store/store.h"
#include "../vault/vault.h"
#include "../util/hsdb.h"
#include "cli.h"

struct check {
	const struct config *cfg;
	const char          *label;                 /* the file, as parse messages name it */
	char                 config_dir[LIMIT_PATH];
	size_t               nerrors, nwarnings;
};

static void __attribute__((format(printf, 4, 5)))
report(struct check *k, bool error, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: %s: ", error ? "error" : "warning", k->label, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (error)
		k->nerrors++;
	else
		k->nwarnings++;
}

/* $.mcpServers.KEY, as the parser writes it (server keys are plain names). */
static void
server_path(char *out, size_t cap, const struct server_config *s, const char *rest)
{
	snprintf(out, cap, "$.mcpServers.%s%s%s", s->key, rest[0] ? "." : "", rest);
}

/* A file gatehouse must open at start: readable now, by us. */
static void
check_readable(struct check *k, const char *path, const char *file, const char *what)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		report(k, true, path, "cannot read the %s %s (%s); fix the path or the file's permissions",
		    what, file, strerror(errno));
		return;
	}
	close(fd);
}

static void
check_tls(struct check *k)
{
	struct stat st;

	if (k->cfg->tls_cert == NULL)
		return;
	check_readable(k, "$.tls.cert", k->cfg->tls_cert, "certificate");
	check_readable(k, "$.tls.key", k->cfg->tls_key, "private key");
	if (k->cfg->tls_key == NULL || stat(k->cfg->tls_key, &st) != 0)
		return;
	/* The same rule as the front's at start (a key others can read or change is refused)... */
	if ((st.st_mode & (S_IROTH | S_IWOTH | S_IWGRP)) != 0)
		report(k, true, "$.tls.key", "other users can read or change the private key %s, and serve refuses it; "
		    "run: chmod 600 %s", k->cfg->tls_key, k->cfg->tls_key);
	/* ...and its group reading it is allowed, but worth a word. */
	else if ((st.st_mode & S_IRGRP) != 0)
		report(k, false, "$.tls.key", "the file's group can read the private key %s; run: chmod 600 %s",
		    k->cfg->tls_key, k->cfg->tls_key);
}

/* The working directory and the program of each stdio server, as child_open finds them. */
static void
check_commands(struct check *k)
{
	for (size_t i = 0; i < k->cfg->nservers; i++) {
		const struct server_config *s = &k->cfg->servers[i];
		char path[256], dir[LIMIT_PATH], program[LIMIT_PATH], why[768];
		struct stat st;

		if (s->transport != SERVER_STDIO)
			continue;
		if (config_server_cwd(s, k->config_dir, dir, sizeof(dir), why, sizeof(why)) != 0) {
			server_path(path, sizeof(path), s, "cwd");
			report(k, true, path, "%s", why);
			continue;
		}
		if (s->cwd != NULL && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
			server_path(path, sizeof(path), s, "cwd");
			/* A directory built from ${VAR} is shown as written: the variable may hold anything. */
			report(k, true, path, "%s is not an existing directory; create it or fix the path "
			    "(a relative cwd starts at the configuration file's directory)",
			    config_has_expansion(s->cwd) ? s->cwd : dir);
			continue;
		}
		server_path(path, sizeof(path), s, "command");
		if (child_resolve_command(s->command, dir, program, sizeof(program)) != 0) {
			if (strchr(s->command, '/') == NULL)
				report(k, true, path, "\"%s\" is not found in PATH; install it, or write the absolute path of "
				    "the program (gatehouse searches the PATH it is started with)", s->command);
			else
				report(k, true, path, "\"%s\" is not an executable file; fix the path (a relative one starts at "
				    "the server's cwd, else the configuration file's directory) or make it executable (chmod +x)", s->command);
			continue;
		}
		if (stat(program, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
			report(k, false, path, "%s can be changed by other users, who could replace the server; run: chmod go-w %s",
			    program, program);
	}
}

/* Whom a sandboxed child runs as (sandbox_user()). */
static const char *
runs_as(const struct sandbox_user *u, char *out, size_t cap)
{
	if (u->drop)
		snprintf(out, cap, "as the sandbox user %s (uid %u)", u->name, (unsigned)u->uid);
	else
		snprintf(out, cap, "as the gateway's user (uid %u)", (unsigned)geteuid());
	return out;
}

/*
 * The commands of "exec", as the exec server checks them at start: the program
 * is an executable file, the cwd an existing directory without the gateway's
 * files, the declared sandbox paths exist. Then one line each on stdout: what
 * it runs and in which sandbox.
 */
static void
check_exec(struct check *k)
{
	struct sandbox_features f;
	struct sandbox_user user;
	char path[300], err[512], as[128], who[512];
	int known;

	sandbox_probe(&f);
	known = sandbox_user(&user, who, sizeof(who));
	for (size_t i = 0; i < k->cfg->nservers; i++) {
		const struct server_config *s = &k->cfg->servers[i];
		for (size_t j = 0; s->transport == SERVER_EXEC && j < s->nexec; j++) {
			const struct exec_command *c = &s->exec[j];
			const struct server_config *sb = c->sandbox;
			struct stat st;
			size_t nparams = 0;
			bool ok = true;

			snprintf(path, sizeof(path), "$.exec.%s.path", c->name);
			if (stat(c->path, &st) != 0 || !S_ISREG(st.st_mode) || access(c->path, X_OK) != 0) {
				report(k, true, path, "%s is not an executable file; fix the path (absolute, never searched in PATH)",
				    c->path);
				ok = false;
			} else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
				report(k, false, path, "%s can be changed by other users, who could replace the command; run: "
				    "chmod go-w %s", c->path, c->path);
			}
			snprintf(path, sizeof(path), "$.exec.%s.cwd", c->name);
			if (c->cwd != NULL && (stat(c->cwd, &st) != 0 || !S_ISDIR(st.st_mode))) {
				report(k, true, path, "%s is not an existing directory; create it or fix the path", c->cwd);
				ok = false;
			}
			for (int w = 0; w < 2; w++) {
				char **list = w ? sb->sandbox_write : sb->sandbox_read;
				size_t n = w ? sb->nsandbox_write : sb->nsandbox_read;
				for (size_t m = 0; m < n; m++)
					if (stat(list[m], &st) != 0) {
						snprintf(path, sizeof(path), "$.exec.%s.sandbox.%s[%zu]", c->name, w ? "write" : "read", m);
						report(k, true, path, "%s does not exist (%s); create it, or remove the entry", list[m],
						    strerror(errno));
						ok = false;
					}
			}
			snprintf(path, sizeof(path), "$.exec.%s.sandbox", c->name);
			if (!sb->sandbox_off && sandbox_check(&f, c->name, sb->sandbox_network == NETWORK_PUBLIC, err,
			    sizeof(err)) != 0) {
				report(k, true, path, "%s", err);
				ok = false;
			} else if (!sb->sandbox_off && known != 0) {
				report(k, true, path, "%s", who);
				ok = false;
			}
			if (!ok)
				continue;
			for (size_t m = 0; m < c->nparams; m++)
				nparams += c->params[m].kind != EXEC_FIXED;
			printf("exec %s: tool exec__%s runs %s (%zu parameter%s, timeout %lld ms, output cap %lld bytes), ", c->name,
			    c->name, c->path, nparams, nparams == 1 ? "" : "s", (long long)c->timeout_ms, (long long)c->max_output_bytes);
			if (sb->sandbox_off)
				printf("no sandbox (\"sandbox\": false)\n");
			else
				printf("sandboxed (Landlock ABI %ld, seccomp, namespaces; its own PID namespace per run), %s, "
				    "%zu declared read and %zu declared write paths, %s\n", f.landlock_abi,
				    sb->sandbox_network == NETWORK_HOST ? "the host's network" : sb->sandbox_network == NETWORK_PUBLIC ?
				    "the internet (slirp4netns), not the host or private ranges" : "no network",
				    sb->nsandbox_read, sb->nsandbox_write, runs_as(&user, as, sizeof(as)));
		}
	}
}

/* {"env": VAR} references: set in this environment, as they must be at start. */
static void
check_env_refs(struct check *k)
{
	for (size_t i = 0; i < k->cfg->nservers; i++) {
		const struct server_config *s = &k->cfg->servers[i];
		for (size_t j = 0; j < s->nenv; j++) {
			const struct config_value *v = &s->env[j];
			char path[512];
			if (v->kind != VALUE_ENV || getenv(v->value) != NULL)
				continue;
			snprintf(path, sizeof(path), "$.mcpServers.%s.%s.%s", s->key,
			    s->transport == SERVER_STDIO ? "env" : "headers", v->name);
			report(k, true, path, "refers to the environment variable %s, which is not set; set it in "
			    "gatehouse's environment, or store the value with `gatehouse secret set NAME` and write "
			    "{\"secret\": \"NAME\"}", v->value);
		}
	}
}

static void
collect_name(void *arg, const char *name, int64_t created, int64_t updated)
{
	(void)created;
	(void)updated;
	json_object_set_new(arg, name, json_true());
}

/*
 * {"secret": NAME} references: present in the vault. The vault is opened as
 * start opens it (the key must be there) and asked for its names only; a
 * missing state database means there is no vault, and nothing is created.
 */
static void
check_secrets(struct check *k)
{
	char db[LIMIT_PATH], why[LIMIT_PATH + 256], path[512];
	const char *problem = NULL;
	struct store *st = NULL;
	struct vault *v = NULL;
	json_t *names = json_object();
	bool any = false;
	struct stat sb;

	for (size_t i = 0; i < k->cfg->nservers && !any; i++)
		for (size_t j = 0; j < k->cfg->servers[i].nenv; j++)
			any |= k->cfg->servers[i].env[j].kind == VALUE_SECRET;
	if (!any) {
		json_decref(names);
		return;
	}
	snprintf(db, sizeof(db), "%s/%s", k->cfg->state_dir, STORE_DB_NAME);
	if (stat(db, &sb) != 0) {
		snprintf(why, sizeof(why), "there is no vault yet (no state database in %s)", k->cfg->state_dir);
		problem = why;
	} else if (store_open(k->cfg->state_dir, &st, why, sizeof(why)) != 0 ||
	    vault_open(st, k->cfg->state_dir, false, &v, why, sizeof(why)) != 0 ||
	    vault_each(v, collect_name, names) != 0) {
		problem = why[0] ? why : "the vault cannot be read";
	}
	for (size_t i = 0; i < k->cfg->nservers; i++) {
		const struct server_config *s = &k->cfg->servers[i];
		for (size_t j = 0; j < s->nenv; j++) {
			const struct config_value *cv = &s->env[j];
			if (cv->kind != VALUE_SECRET || (problem == NULL && json_object_get(names, cv->value) != NULL))
				continue;
			snprintf(path, sizeof(path), "$.mcpServers.%s.%s.%s", s->key,
			    s->transport == SERVER_STDIO ? "env" : "headers", cv->name);
			if (problem && st == NULL && v == NULL && stat(db, &sb) != 0)
				report(k, true, path, "refers to the secret \"%s\", but %s; store it with: gatehouse secret set %s",
				    cv->value, problem, cv->value);
			else if (problem)      /* the vault's own sentence says how to fix it */
				report(k, true, path, "refers to the secret \"%s\", but %s", cv->value, problem);
			else
				report(k, true, path, "refers to the secret \"%s\", which is not in the vault; store it with: "
				    "gatehouse secret set %s (see `gatehouse secret list`)", cv->value, cv->value);
		}
	}
	vault_close(v);
	if (st)
		store_close(st);
	json_decref(names);
}

static void
check_sandbox_paths(struct check *k)
{
	for (size_t i = 0; i < k->cfg->nservers; i++) {
		const struct server_config *s = &k->cfg->servers[i];
		for (int w = 0; w < 2; w++) {
			char **list = w ? s->sandbox_write : s->sandbox_read;
			size_t n = w ? s->nsandbox_write : s->nsandbox_read;
			for (size_t j = 0; j < n; j++) {
				char path[512];
				struct stat st;
				if (stat(list[j], &st) == 0)
					continue;
				snprintf(path, sizeof(path), "$.mcpServers.%s.sandbox.%s[%zu]", s->key, w ? "write" : "read", j);
				report(k, true, path, "%s does not exist (%s); create it, or remove the entry",
				    list[j], strerror(errno));
			}
		}
	}
}

/* Valid settings that weaken a default: said once, as warnings. */
static void
check_risky(struct check *k)
{
	const struct config *cfg = k->cfg;

	if (cfg->redact_results == REDACT_OFF)
		report(k, false, "$.redact.results", "is \"off\": secrets in tool results reach the model as they are");
	for (size_t i = 0; i < cfg->nlisten; i++) {
		char path[64];
		if (cfg->listen[i].loopback || cfg->tls_cert != NULL)
			continue;
		snprintf(path, sizeof(path), "$.listen[%zu]", i);
		report(k, false, path, "\"%s\" serves plain HTTP beyond loopback, for the proxy in \"trustedProxies\"; "
		    "keep the path between the proxy and gatehouse on a private network, or add \"tls\"",
		    cfg->listen[i].text);
	}
}

/*
 * What each stdio server's sandbox will be, one line each on stdout; a sandbox
 * this machine cannot give is an error, as it would refuse the server at start.
 */
static void
check_sandboxes(struct check *k)
{
	const struct config *cfg = k->cfg;
	struct sandbox_features f;
	struct sandbox_user user;
	char err[512], path[300], as[128], who[512];
	int known;

	sandbox_probe(&f);
	known = sandbox_user(&user, who, sizeof(who));
	for (size_t i = 0; i < cfg->nservers; i++) {
		const struct server_config *s = &cfg->servers[i];
		if (s->transport != SERVER_STDIO)
			continue;
		if (s->sandbox_off) {
			printf("server %s: no sandbox (\"sandbox\": false)\n", s->key);
			continue;
		}
		if (sandbox_check(&f, s->key, s->sandbox_network == NETWORK_PUBLIC, err, sizeof(err)) != 0) {
			server_path(path, sizeof(path), s, "sandbox");
			report(k, true, path, "%s", err);
			continue;
		}
		if (known != 0) {
			server_path(path, sizeof(path), s, "sandbox");
			report(k, true, path, "%s", who);
			continue;
		}
		printf("server %s: sandboxed (Landlock ABI %ld, seccomp, namespaces), %s, %zu declared read "
		    "and %zu declared write paths, %lld MiB of memory per process, %s\n", s->key, f.landlock_abi,
		    s->sandbox_network == NETWORK_HOST ? "the host's network" : s->sandbox_network ==
		    NETWORK_PUBLIC ? "the internet (slirp4netns), not the host or private ranges" : "no network",
		    s->nsandbox_read, s->nsandbox_write,
		    (long long)((s->sandbox_memory ? s->sandbox_memory : SANDBOX_DATA_DEFAULT) >> 20),
		    runs_as(&user, as, sizeof(as)));
	}
}

/* What start would find, a table in the order start meets them. */
static const struct start_check {
	const char *what;
	void      (*run)(struct check *k);
} start_checks[] = {
	{ "TLS files",              check_tls },
	{ "stdio programs and cwd", check_commands },
	{ "env references",         check_env_refs },
	{ "secret references",      check_secrets },
	{ "sandbox paths",          check_sandbox_paths },
	{ "sandboxes",              check_sandboxes },
	{ "exec commands",          check_exec },
	{ "risky settings",         check_risky },
};

static void
dir_of(const char *file, char *out, size_t cap)
{
	const char *slash = file ? strrchr(file, '/') : NULL;

	if (slash == NULL) {
		if (getcwd(out, cap) == NULL)
			snprintf(out, cap, "/");
		return;
	}
	snprintf(out, cap, "%.*s", slash == file ? 1 : (int)(slash - file), file);
}

int
cmd_check_config(struct cli_ctx *ctx)
{
	struct config cfg;
	struct config_diag diag = { 0 };
	struct check k = { 0 };
	int rc;

	if (ctx->argc > 0) {
		cli_error("check-config takes no arguments (got \"%s\")", ctx->argv[0]);
		return EXIT_USAGE;
	}
	rc = config_load(ctx->config_path, &cfg, &diag);
	for (size_t i = 0; i < diag.nerrors; i++)
		fprintf(stderr, "error: %s\n", diag.errors[i]);
	if (diag.dropped)
		fprintf(stderr, "error: ... and %zu more errors\n", diag.dropped);
	for (size_t i = 0; i < diag.nwarnings; i++)
		fprintf(stderr, "warning: %s\n", diag.warnings[i]);
	/* What start would meet, once the file itself is right. */
	if (rc == 0) {
		k.cfg = &cfg;
		k.label = cfg.path ? cfg.path : "gatehouse.json";
		dir_of(cfg.path, k.config_dir, sizeof(k.config_dir));
		for (size_t i = 0; i < sizeof(start_checks) / sizeof(start_checks[0]); i++)
			start_checks[i].run(&k);
		if (k.nerrors > 0)
			rc = -1;
	}
	/* The pattern engines a gateway needs compile here too (and are cached). */
	if (rc == 0 && (scan_init() != 0 || secrets_init() != 0)) {
		fprintf(stderr, "error: %s\n", hsdb_why("the scan and secret patterns do not compile (libhs); is it installed?"));
		rc = -1;
	}
	if (rc == 0)
		printf("configuration OK%s\n", cfg.path ? "" : " (no file found; using the defaults)");
	else if (k.nerrors > 0)
		fprintf(stderr, "%zu problem%s that `gatehouse serve` would meet at start\n", k.nerrors,
		    k.nerrors == 1 ? "" : "s");
	config_diag_free(&diag);
	config_free(&cfg);
	return rc == 0 ? 0 : 1;
}

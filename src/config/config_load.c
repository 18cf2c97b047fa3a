/* Finding and reading the configuration file: the I/O half of the config module. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/util.h"

static void
diag_error(struct config_diag *diag, const char *msg)
{
	if (diag->nerrors < LIMIT_CONFIG_ERRORS)
		diag->errors[diag->nerrors++] = xstrdup(msg);
}

static const char *
env_lookup(const char *name)
{
	return getenv(name);
}

int
config_find_path(const char *explicit_path, char *out, size_t cap, bool *implicit, char *err,
    size_t errcap)
{
	char joined[LIMIT_PATH];
	const char *path = explicit_path, *home = getenv("HOME");

	*implicit = false;
	if (path == NULL && (path = getenv("GATEHOUSE_CONFIG")) != NULL && path[0] == '\0')
		path = NULL;
	if (path == NULL) {
		const char *xdg = getenv("XDG_CONFIG_HOME");
		*implicit = true;
		if (xdg && xdg[0] == '/')
			snprintf(joined, sizeof(joined), "%s/gatehouse/gatehouse.json", xdg);
		else
			snprintf(joined, sizeof(joined), "%s/.config/gatehouse/gatehouse.json",
			    home ? home : "");
		path = joined;
	}
	if (path[0] != '/') {
		char cwd[LIMIT_PATH];
		if (getcwd(cwd, sizeof(cwd)) == NULL) {
			snprintf(err, errcap, "cannot determine the current directory; pass --config with an absolute path");
			return -1;
		}
		if ((size_t)snprintf(out, cap, "%s/%s", cwd, path) >= cap) {
			snprintf(err, errcap, "the configuration path is too long");
			return -1;
		}
		return 0;
	}
	if ((size_t)snprintf(out, cap, "%s", path) >= cap) {
		snprintf(err, errcap, "the configuration path is too long");
		return -1;
	}
	return 0;
}

int
config_load(const char *explicit_path, struct config *out, struct config_diag *diag)
{
	return config_load_flags(explicit_path, 0, out, diag);
}

int
config_load_flags(const char *explicit_path, unsigned flags, struct config *out,
    struct config_diag *diag)
{
	char pathbuf[LIMIT_PATH], dirbuf[LIMIT_PATH], msg[LIMIT_PATH + 256];
	const char *path = pathbuf, *home = getenv("HOME");
	bool implicit = false;
	struct config_env env = { 0 };
	char *buf, *slash;
	size_t len;
	int rc;

	env.home = home;
	env.xdg_state_home = getenv("XDG_STATE_HOME");
	env.lookup = env_lookup;
	env.no_listen = (flags & CONFIG_LOAD_NO_LISTEN) != 0;
	if (config_find_path(explicit_path, pathbuf, sizeof(pathbuf), &implicit, msg, sizeof(msg)) != 0) {
		diag_error(diag, msg);
		config_defaults(out, &env);
		return -1;
	}
	buf = util_read_file(path, LIMIT_CONFIG_BYTES, &len);
	if (buf == NULL) {
		if (errno == ENOENT && implicit) {
			env.base_dir = "/";
			config_defaults(out, &env);
			return 0;
		}
		if (errno == EFBIG)
			snprintf(msg, sizeof(msg), "%s: the file is larger than %d bytes", path, LIMIT_CONFIG_BYTES);
		else
			snprintf(msg, sizeof(msg), "%s: cannot read the configuration (%s); check the path given with --config or $GATEHOUSE_CONFIG",
			    path, strerror(errno));
		diag_error(diag, msg);
		env.base_dir = "/";
		config_defaults(out, &env);
		return -1;
	}
	memcpy(dirbuf, path, strlen(path) + 1);
	slash = strrchr(dirbuf, '/');
	if (slash == dirbuf)
		slash[1] = '\0';
	else
		*slash = '\0';
	env.base_dir = dirbuf;
	env.file_label = path;
	rc = config_parse(buf, len, &env, out, diag);
	free(buf);
	out->path = xstrdup(path);
	return rc;
}

char *
config_value_resolve(const struct config_value *v, const struct secret_source *secrets, char *err,
    size_t errcap)
{
	char why[384];
	char *text_s;

	const char *text;

	switch (v->kind) {
	case VALUE_INLINE:
		if (v->expand)
			return config_expand(v->value, v->name, err, errcap);
		return xstrdup(v->value);
	case VALUE_ENV:
		text = getenv(v->value);
		if (text == NULL) {
			snprintf(err, errcap, "%s refers to the environment variable %s, which is not set in the gateway's environment",
			    v->name, v->value);
			return NULL;
		}
		return xstrdup(text);
	case VALUE_SECRET:
		if (secrets == NULL || secrets->get == NULL) {
			snprintf(err, errcap, "%s refers to the secret \"%s\", but no vault is open", v->name, v->value);
			return NULL;
		}
		why[0] = '\0';
		if ((text_s = secrets->get(secrets->arg, v->value, why, sizeof(why))) == NULL) {
			snprintf(err, errcap, "%s: %s", v->name, why);
			return NULL;
		}
		return text_s;
	default:
		snprintf(err, errcap, "%s has a value of an unknown kind", v->name);
		return NULL;
	}
}

static bool
holds_inline_secret(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nservers; i++)
		for (size_t k = 0; k < cfg->servers[i].nenv; k++) {
			const struct config_value *v = &cfg->servers[i].env[k];
			if (v->kind == VALUE_INLINE && !v->expand && config_looks_secret(v->name, v->value))
				return true;
		}
	return false;
}

int
config_file_safe(const struct config *cfg, char *err, size_t errcap)
{
	struct stat st;

	if (cfg->path == NULL || stat(cfg->path, &st) != 0)
		return 0;               /* the defaults, no file */
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		snprintf(err, errcap, "%s can be written by other users, who could add a server and run code as "
		    "gatehouse; run: chmod go-w %s", cfg->path, cfg->path);
		return -1;
	}
	if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0 && holds_inline_secret(cfg)) {
		snprintf(err, errcap, "%s holds a secret inline and other users can read it; run: chmod 600 %s "
		    "(better: move the secret to the vault with gatehouse secret set)", cfg->path, cfg->path);
		return -1;
	}
	return 0;
}

char *
config_expand(const char *text, const char *what, char *err, size_t errcap)
{
	char why[512];
	char *out = config_expand_with(text, env_lookup, NULL, NULL, why, sizeof(why));

	if (out == NULL)
		snprintf(err, errcap, "%s %s", what, why);
	return out;
}

int
config_server_cwd(const struct server_config *srv, const char *config_dir, char *out, size_t cap,
    char *err, size_t errcap)
{
	char what[128];
	const char *home = getenv("HOME");
	char *dir;
	int n;

	if (srv->cwd == NULL) {
		n = snprintf(out, cap, "%s", config_dir);
		return n > 0 && (size_t)n < cap ? 0 : -1;
	}
	snprintf(what, sizeof(what), "the \"cwd\" of server \"%s\"", srv->key);
	if ((dir = config_expand(srv->cwd, what, err, errcap)) == NULL)
		return -1;
	if (dir[0] == '/')
		n = snprintf(out, cap, "%s", dir);
	else if ((strncmp(dir, "~/", 2) == 0 || strcmp(dir, "~") == 0) && home && home[0] == '/')
		n = snprintf(out, cap, "%s%s", home, dir + 1);
	else
		n = snprintf(out, cap, "%s/%s", config_dir, dir);
	free(dir);
	if (n < 0 || (size_t)n >= cap) {
		snprintf(err, errcap, "%s is longer than %zu bytes", what, cap - 1);
		return -1;
	}
	return 0;
}

/*
 * "exec": commands the gateway runs itself, each exposed as one tool
 * (exec__NAME). Parsed here into one server of transport SERVER_EXEC that the
 * router treats like any other (src/exec/exec.h runs it). Pure, like the rest
 * of the parse: whether a program exists is checked by check-config and at
 * start, not here.
 *
 * A command is never run through a shell and its argv is built only from
 * what these rules allow, so every rule is checked strictly: an unknown key, a
 * pattern that does not compile, a parameter without a rule are errors.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "../util/util.h"

static const char *const command_keys[] = { "path", "description", "args", "cwd", "timeoutMs",
    "maxOutputBytes", "maxArgBytes", "sandbox", NULL };
static const char *const rule_keys[] = { "fixed", "name", "description", "enum", "pattern", "flag",
    "prefix", "required", "maxCount", NULL };

/* Integer settings of a command: a table. */
static const struct exec_number {
	const char *key;
	size_t      offset;
	int64_t     min, max, dflt;
} numbers[] = {
	{ "timeoutMs",      offsetof(struct exec_command, timeout_ms),       100, EXEC_TIMEOUT_MS_MAX, EXEC_TIMEOUT_MS_DEFAULT },
	{ "maxOutputBytes", offsetof(struct exec_command, max_output_bytes), 1, EXEC_OUTPUT_MAX, EXEC_OUTPUT_DEFAULT },
	{ "maxArgBytes",    offsetof(struct exec_command, max_arg_bytes),    1, EXEC_ARG_BYTES_MAX, EXEC_ARG_BYTES_DEFAULT },
};

/* A parameter name: what a JSON Schema property and a model handle well. */
static bool
param_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

static char *
opt_string(struct parser *p, const char *path, json_t *obj, const char *key, bool allow_empty)
{
	json_t *v = json_object_get(obj, key);
	char sub[700];

	if (v == NULL)
		return NULL;
	cfg_path_key(sub, sizeof(sub), path, key);
	return cfg_is_string(p, sub, v, allow_empty) ? xstrdup(json_string_value(v)) : NULL;
}

/*
 * A pattern is a POSIX extended regular expression that must match the whole
 * value: it is compiled here as the gateway compiles it before a run, so a
 * pattern that does not compile is a config error, never a run that fails.
 * Back-references are refused: they make matching exponential.
 */
static void
check_pattern(struct parser *p, const char *path, const char *pattern)
{
	char *anchored, why[256];
	regex_t re;
	int rc;

	for (const char *c = pattern; *c; c++)
		if (c[0] == '\\' && c[1] >= '1' && c[1] <= '9') {
			cfg_err(p, path, "back-references (\\%c) are not allowed in a pattern; write the pattern without them", c[1]);
			return;
		} else if (c[0] == '\\' && c[1] != '\0') {
			c++;
		}
	anchored = xprintf("^(%s)$", pattern);
	rc = regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	if (rc != 0) {
		regerror(rc, &re, why, sizeof(why));
		cfg_err(p, path, "is not a valid POSIX extended regular expression (%s)", why);
		return;
	}
	regfree(&re);
}

static void
parse_rule(struct parser *p, const char *path, json_t *v, struct exec_command *c, struct exec_param *r)
{
	json_t *e;
	char sub[700];
	int kinds = 0;

	if (!json_is_object(v)) {
		cfg_err(p, path, "expected an object: {\"fixed\": \"ARG\"}, or a parameter {\"name\": N, \"enum\": [...]}, "
		    "{\"name\": N, \"pattern\": \"REGEX\"} or {\"name\": N, \"flag\": \"-x\"}; got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, path, v, rule_keys, "an argument rule");
	if ((e = json_object_get(v, "fixed")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "fixed");
		r->kind = EXEC_FIXED;
		if (cfg_is_string(p, sub, e, true))
			r->value = xstrdup(json_string_value(e));
		if (json_object_size(v) != 1)
			cfg_err(p, path, "a fixed argument is {\"fixed\": \"ARG\"} alone; a parameter has a \"name\" and no \"fixed\"");
		return;
	}
	r->name = opt_string(p, path, v, "name", false);
	if (r->name == NULL) {
		if (json_object_get(v, "name") == NULL)
			cfg_err(p, path, "needs \"fixed\" (an argument always passed) or a \"name\" (a parameter the model fills)");
		return;
	}
	cfg_path_key(sub, sizeof(sub), path, "name");
	if (!param_name_ok(r->name))
		cfg_err(p, sub, "\"%s\" is not a parameter name: 1 to 64 letters, digits, '_' or '-', starting with a letter or '_'",
		    r->name);
	for (size_t i = 0; i < c->nparams; i++)
		if (c->params[i].name != NULL && strcmp(c->params[i].name, r->name) == 0)
			cfg_err(p, sub, "the parameter \"%s\" is declared twice; give each its own name", r->name);
	r->description = opt_string(p, path, v, "description", true);
	r->prefix = opt_string(p, path, v, "prefix", false);
	if ((e = json_object_get(v, "enum")) != NULL) {
		size_t i;
		json_t *item;
		kinds++;
		r->kind = EXEC_ENUM;
		cfg_path_key(sub, sizeof(sub), path, "enum");
		if (cfg_is_array(p, sub, e, LIMIT_EXEC_ENUM)) {
			if (json_array_size(e) == 0)
				cfg_err(p, sub, "is empty; list the values the parameter may take");
			r->values = xcalloc(json_array_size(e) + 1, sizeof(char *));
			json_array_foreach(e, i, item) {
				char isub[760];
				cfg_path_index(isub, sizeof(isub), sub, i);
				if (cfg_is_string(p, isub, item, true))
					r->values[r->nvalues++] = xstrdup(json_string_value(item));
			}
		}
	}
	if ((e = json_object_get(v, "pattern")) != NULL) {
		kinds++;
		r->kind = EXEC_PATTERN;
		cfg_path_key(sub, sizeof(sub), path, "pattern");
		if (cfg_is_string(p, sub, e, false)) {
			r->pattern = xstrdup(json_string_value(e));
			check_pattern(p, sub, r->pattern);
		}
	}
	if ((e = json_object_get(v, "flag")) != NULL) {
		kinds++;
		r->kind = EXEC_FLAG;
		cfg_path_key(sub, sizeof(sub), path, "flag");
		if (cfg_is_string(p, sub, e, false))
			r->value = xstrdup(json_string_value(e));
		if (r->prefix != NULL || json_object_get(v, "maxCount") != NULL || json_object_get(v, "required") != NULL)
			cfg_err(p, path, "a flag is a true/false parameter: \"prefix\", \"maxCount\" and \"required\" do not apply");
	}
	if (kinds != 1) {
		cfg_err(p, path, "a parameter needs exactly one of \"enum\" (the values it may take), \"pattern\" (a "
		    "regular expression the whole value must match) or \"flag\" (an option passed when true)");
		return;
	}
	if ((e = json_object_get(v, "required")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "required");
		if (!json_is_boolean(e))
			cfg_err(p, sub, "expected true or false (default false)");
		r->required = json_is_true(e);
	}
	if ((e = json_object_get(v, "maxCount")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "maxCount");
		if (!json_is_integer(e) || json_integer_value(e) < 1 || json_integer_value(e) > LIMIT_EXEC_ARGS)
			cfg_err(p, sub, "expected an integer from 1 to %d: the parameter is then a list of at most that many values",
			    LIMIT_EXEC_ARGS);
		else
			r->max_count = json_integer_value(e);
	}
}

static void
parse_command(struct parser *p, const char *key, json_t *v, struct exec_command *c)
{
	char path[256], sub[512];
	json_t *e;
	int64_t nargs = 0;

	cfg_path_key(path, sizeof(path), "$.exec", key);
	c->name = xstrdup(key);
	c->sandbox = xcalloc(1, sizeof(*c->sandbox));
	c->sandbox->sandbox_network = NETWORK_NONE;     /* commands have no network unless they say so */
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		*(int64_t *)((char *)c + numbers[i].offset) = numbers[i].dflt;
	if (!cfg_name_ok(key, 1, 64))
		cfg_err(p, path, "command names are 1 to 64 letters, digits, '_', '-' or '.', without \"__\" (the tool is exec__NAME)");
	if (!json_is_object(v)) {
		cfg_err(p, path, "expected an object {\"path\": \"/usr/bin/PROGRAM\", \"args\": [...]}, got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, path, v, command_keys, "an exec command");
	cfg_path_key(sub, sizeof(sub), path, "path");
	if ((e = json_object_get(v, "path")) == NULL) {
		cfg_err(p, sub, "is missing; give the program's absolute path, e.g. \"/usr/bin/git\"");
	} else if (cfg_is_string(p, sub, e, false)) {
		c->path = xstrdup(json_string_value(e));
		if (c->path[0] != '/')
			cfg_err(p, sub, "\"%s\" is not an absolute path; write the program's full path (commands are never "
			    "searched in PATH)", c->path);
	}
	c->description = opt_string(p, path, v, "description", true);
	if ((e = json_object_get(v, "cwd")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "cwd");
		if (cfg_is_string(p, sub, e, false))
			c->cwd = cfg_resolve_path(p, sub, json_string_value(e));
	}
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		const struct exec_number *d = &numbers[i];
		if ((e = json_object_get(v, d->key)) == NULL)
			continue;
		cfg_path_key(sub, sizeof(sub), path, d->key);
		if (!json_is_integer(e) || json_integer_value(e) < d->min || json_integer_value(e) > d->max)
			cfg_err(p, sub, "expected an integer from %lld to %lld (default %lld)", (long long)d->min,
			    (long long)d->max, (long long)d->dflt);
		else
			*(int64_t *)((char *)c + d->offset) = json_integer_value(e);
	}
	if ((e = json_object_get(v, "args")) != NULL) {
		size_t i;
		json_t *rule;
		cfg_path_key(sub, sizeof(sub), path, "args");
		if (cfg_is_array(p, sub, e, LIMIT_EXEC_PARAMS)) {
			c->params = xcalloc(json_array_size(e) + 1, sizeof(*c->params));
			json_array_foreach(e, i, rule) {
				char rsub[600];
				cfg_path_index(rsub, sizeof(rsub), sub, i);
				parse_rule(p, rsub, rule, c, &c->params[c->nparams]);
				nargs += c->params[c->nparams].max_count > 0 ? c->params[c->nparams].max_count : 1;
				c->nparams++;
			}
			if (nargs + 1 > LIMIT_EXEC_ARGS)
				cfg_err(p, sub, "allows up to %lld arguments; at most %d are allowed (lower \"maxCount\")",
				    (long long)nargs, LIMIT_EXEC_ARGS - 1);
		}
	}
	if ((e = json_object_get(v, "sandbox")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "sandbox");
		cfg_parse_sandbox(p, sub, e, c->sandbox);
	}
}

void
cfg_exec_free(struct exec_command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct exec_command *c = &cmds[i];
		for (size_t j = 0; j < c->nparams; j++) {
			struct exec_param *r = &c->params[j];
			free(r->name);
			free(r->description);
			free(r->value);
			free(r->prefix);
			for (size_t k = 0; k < r->nvalues; k++)
				free(r->values[k]);
			free(r->values);
			free(r->pattern);
		}
		free(c->params);
		free(c->name);
		free(c->path);
		free(c->description);
		free(c->cwd);
		if (c->sandbox != NULL) {
			config_servers_free(c->sandbox, 1);
		}
	}
	free(cmds);
}

/*
 * The commands become one more server, "exec", with an instance per token as
 * any server by default: the instance costs no process (runs are processes of
 * their own), its cap on runs at once holds per token, so one token cannot
 * starve the others, and revoking a token ends the runs it started. Its call
 * timeout is the longest command's plus a grace, so that a command's own
 * timeout answers first, with what it printed.
 */
void
cfg_parse_exec(struct parser *p, json_t *v)
{
	struct server_config *s;
	const char *key;
	json_t *e;
	int64_t longest = 0;

	if (!json_is_object(v)) {
		cfg_err(p, "$.exec", "expected an object of command names to commands, got %s", cfg_json_kind(v));
		return;
	}
	if (json_object_size(v) > LIMIT_EXEC_COMMANDS) {
		cfg_err(p, "$.exec", "has %zu commands; at most %d are allowed", json_object_size(v), LIMIT_EXEC_COMMANDS);
		return;
	}
	if (json_object_size(v) == 0)
		return;
	for (size_t i = 0; i < p->cfg->nservers; i++) {
		const struct server_config *o = &p->cfg->servers[i];
		char sub[256];
		if (strcmp(o->key, EXEC_SERVER_KEY) == 0 || strcmp(o->prefix, EXEC_SERVER_KEY) == 0) {
			cfg_path_key(sub, sizeof(sub), "$.mcpServers", o->key);
			cfg_err(p, sub, "the name and prefix \"%s\" are reserved for the commands of \"exec\"; give this "
			    "server another name or \"prefix\"", EXEC_SERVER_KEY);
		}
	}
	p->cfg->servers = xrealloc(p->cfg->servers, (p->cfg->nservers + 2) * sizeof(struct server_config));
	s = &p->cfg->servers[p->cfg->nservers];
	memset(s, 0, 2 * sizeof(*s));
	s->key = xstrdup(EXEC_SERVER_KEY);
	s->prefix = xstrdup(EXEC_SERVER_KEY);
	s->transport = SERVER_EXEC;
	s->isolation = ISOLATION_TOKEN;
	s->canon = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	s->exec = xcalloc(json_object_size(v) + 1, sizeof(struct exec_command));
	json_object_foreach(v, key, e) {
		parse_command(p, key, e, &s->exec[s->nexec]);
		if (s->exec[s->nexec].timeout_ms > longest)
			longest = s->exec[s->nexec].timeout_ms;
		s->nexec++;
	}
	s->timeout_ms = longest + EXEC_CALL_GRACE_MS;
	p->cfg->nservers++;
}

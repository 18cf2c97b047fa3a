/*
 * Argument rules of exec commands: the generated tool and the argv check
 * (src/exec/rules.h). No I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "../util/util.h"

int
exec_rules_compile(const struct exec_command *cmd, struct exec_rules *out, char *err, size_t errcap)
{
	memset(out, 0, sizeof(*out));
	out->cmd = cmd;
	out->re = xcalloc(cmd->nparams + 1, sizeof(regex_t));
	out->compiled = xcalloc(cmd->nparams + 1, sizeof(bool));
	for (size_t i = 0; i < cmd->nparams; i++) {
		const struct exec_param *p = &cmd->params[i];
		char *anchored, why[256];
		int rc;

		if (p->kind != EXEC_PATTERN)
			continue;
		/* Anchored, and the match must also span the whole value (exec_rules_argv):
		 * a pattern such as "a)|(b" cannot undo the anchors. */
		anchored = xprintf("^(%s)$", p->pattern);
		rc = regcomp(&out->re[i], anchored, REG_EXTENDED);
		free(anchored);
		if (rc != 0) {
			regerror(rc, &out->re[i], why, sizeof(why));
			snprintf(err, errcap, "$.exec.%s: the pattern of \"%s\" does not compile (%s)", cmd->name, p->name, why);
			exec_rules_free(out);
			return -1;
		}
		out->compiled[i] = true;
	}
	return 0;
}

void
exec_rules_free(struct exec_rules *r)
{
	for (size_t i = 0; r->cmd != NULL && i < r->cmd->nparams; i++)
		if (r->compiled[i])
			regfree(&r->re[i]);
	free(r->re);
	free(r->compiled);
	memset(r, 0, sizeof(*r));
}

/* The JSON Schema of one value of a parameter. */
static json_t *
value_schema(const struct exec_command *cmd, const struct exec_param *p)
{
	json_t *s = json_object();
	size_t plen = p->prefix ? strlen(p->prefix) : 0;

	json_object_set_new(s, "type", json_string("string"));
	if (p->kind == EXEC_ENUM) {
		json_t *vals = json_array();
		for (size_t i = 0; i < p->nvalues; i++)
			json_array_append_new(vals, json_string(p->values[i]));
		json_object_set_new(s, "enum", vals);
	} else {
		/* ECMAScript and POSIX ERE read the common subset ([a-z], +, *, ?, {m,n}, |, (), \.) alike. */
		char *anchored = xprintf("^(%s)$", p->pattern);
		json_object_set_new(s, "pattern", json_string(anchored));
		free(anchored);
		json_object_set_new(s, "maxLength", json_integer(cmd->max_arg_bytes > (int64_t)plen ?
		    cmd->max_arg_bytes - (int64_t)plen : 0));
	}
	return s;
}

static json_t *
param_schema(const struct exec_command *cmd, const struct exec_param *p)
{
	json_t *s;

	if (p->kind == EXEC_FLAG) {
		s = json_object();
		json_object_set_new(s, "type", json_string("boolean"));
	} else if (p->max_count > 0) {
		s = json_object();
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", value_schema(cmd, p));
		json_object_set_new(s, "maxItems", json_integer(p->max_count));
		if (p->required)
			json_object_set_new(s, "minItems", json_integer(1));
	} else {
		s = value_schema(cmd, p);
	}
	if (p->description != NULL && p->description[0] != '\0')
		json_object_set_new(s, "description", json_string(p->description));
	return s;
}

/* "Runs /usr/bin/git log --oneline <count> [<path>...]": the argv shape, for the model. */
static char *
usage_line(const struct exec_command *cmd)
{
	struct strbuf sb = { 0 };

	strbuf_printf(&sb, "Runs %s", cmd->path);
	for (size_t i = 0; i < cmd->nparams; i++) {
		const struct exec_param *p = &cmd->params[i];
		if (p->kind == EXEC_FIXED)
			strbuf_printf(&sb, " %s", p->value);
		else if (p->kind == EXEC_FLAG)
			strbuf_printf(&sb, " [%s]", p->value);
		else
			strbuf_printf(&sb, " %s%s<%s>%s%s", p->required ? "" : "[", p->prefix ? p->prefix : "", p->name,
			    p->max_count > 0 ? "..." : "", p->required ? "" : "]");
	}
	strbuf_printf(&sb, " directly, never through a shell: each value is one argument, as given. "
	    "Times out after %lld ms; output past %lld bytes per stream is cut (the result says so).",
	    (long long)cmd->timeout_ms, (long long)cmd->max_output_bytes);
	return sb.buf;
}

json_t *
exec_rules_tool(const struct exec_command *cmd)
{
	json_t *props = json_object(), *required = json_array(), *in = json_object(), *tool, *out;
	char *usage = usage_line(cmd), *desc;

	for (size_t i = 0; i < cmd->nparams; i++) {
		const struct exec_param *p = &cmd->params[i];
		if (p->kind == EXEC_FIXED)
			continue;
		json_object_set_new(props, p->name, param_schema(cmd, p));
		if (p->required)
			json_array_append_new(required, json_string(p->name));
	}
	json_object_set_new(in, "type", json_string("object"));
	json_object_set_new(in, "properties", props);
	if (json_array_size(required) > 0)
		json_object_set_new(in, "required", required);
	else
		json_decref(required);
	json_object_set_new(in, "additionalProperties", json_false());
	out = json_pack("{s:s, s:{s:{s:[s,s]}, s:{s:[s,s]}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}, s:[s,s,s,s,s]}",
	    "type", "object", "properties",
	    "exitCode", "type", "integer", "null",
	    "signal", "type", "string", "null",
	    "timedOut", "type", "boolean",
	    "stdout", "type", "string",
	    "stderr", "type", "string",
	    "stdoutBytes", "type", "integer",
	    "stderrBytes", "type", "integer",
	    "truncated", "type", "boolean",
	    "durationMs", "type", "integer",
	    "required", "exitCode", "timedOut", "stdout", "stderr", "truncated");
	desc = cmd->description != NULL && cmd->description[0] != '\0' ? xprintf("%s\n\n%s", cmd->description, usage)
	    : xstrdup(usage);
	tool = json_pack("{s:s, s:s, s:o, s:o}", "name", cmd->name, "description", desc, "inputSchema", in,
	    "outputSchema", out);
	free(desc);
	free(usage);
	return tool;
}

/* A value quoted in an error: at most 40 bytes, anything but printable ASCII as '?'. */
static const char *
excerpt(const char *v, size_t len, char *out, size_t cap)
{
	size_t n = 0, i;

	for (i = 0; i < len && n + 4 < cap && i < 40; i++)
		out[n++] = ((unsigned char)v[i] >= 0x20 && (unsigned char)v[i] < 0x7f) ? v[i] : '?';
	if (i < len && n + 4 < cap) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* One value of a parameter, checked: 0 with the argument appended, or -1 with err. */
static int
check_value(const struct exec_rules *r, size_t idx, json_t *v, const char *where, char **argv, size_t *n,
    char *err, size_t errcap)
{
	const struct exec_command *cmd = r->cmd;
	const struct exec_param *p = &cmd->params[idx];
	const char *s;
	size_t len, plen = p->prefix ? strlen(p->prefix) : 0;
	char q[64];

	if (!json_is_string(v)) {
		snprintf(err, errcap, "%s must be a string", where);
		return -1;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len) {
		snprintf(err, errcap, "%s contains a NUL byte, which no argument can hold", where);
		return -1;
	}
	if ((int64_t)(len + plen) > cmd->max_arg_bytes) {
		snprintf(err, errcap, "%s is %zu bytes long; at most %lld are allowed", where, len,
		    (long long)(cmd->max_arg_bytes - (int64_t)plen));
		return -1;
	}
	if (p->kind == EXEC_ENUM) {
		for (size_t i = 0; i < p->nvalues; i++)
			if (strcmp(p->values[i], s) == 0)
				goto ok;
		struct strbuf sb = { 0 };
		for (size_t i = 0; i < p->nvalues && sb.len < 200; i++)
			strbuf_printf(&sb, "%s\"%s\"", i ? ", " : "", excerpt(p->values[i], strlen(p->values[i]), q, sizeof(q)));
		snprintf(err, errcap, "%s \"%s\" is not one of the allowed values: %s", where, excerpt(s, len, q, sizeof(q)),
		    sb.buf ? sb.buf : "");
		free(sb.buf);
		return -1;
	}
	if (s[0] == '-') {
		snprintf(err, errcap, "%s \"%s\" starts with '-': options are refused unless the command declares them",
		    where, excerpt(s, len, q, sizeof(q)));
		return -1;
	}
	regmatch_t m[1];
	if (regexec(&r->re[idx], s, 1, m, 0) != 0 || m[0].rm_so != 0 || (size_t)m[0].rm_eo != len) {
		snprintf(err, errcap, "%s \"%s\" does not match the pattern %s", where, excerpt(s, len, q, sizeof(q)),
		    p->pattern);
		return -1;
	}
ok:
	if (*n >= LIMIT_EXEC_ARGS) {
		snprintf(err, errcap, "more than %d arguments", LIMIT_EXEC_ARGS);
		return -1;
	}
	argv[(*n)++] = plen ? xprintf("%s%s", p->prefix, s) : xstrdup(s);
	return 0;
}

static const struct exec_param *
find_param(const struct exec_command *cmd, const char *name)
{
	for (size_t i = 0; i < cmd->nparams; i++)
		if (cmd->params[i].kind != EXEC_FIXED && strcmp(cmd->params[i].name, name) == 0)
			return &cmd->params[i];
	return NULL;
}

char **
exec_rules_argv(const struct exec_rules *r, json_t *arguments, char *err, size_t errcap)
{
	const struct exec_command *cmd = r->cmd;
	char **argv = xcalloc(LIMIT_EXEC_ARGS + 2, sizeof(char *));
	size_t n = 0;
	const char *key;
	json_t *v;
	char q[64], where[128];

	if (arguments != NULL && !json_is_object(arguments)) {
		snprintf(err, errcap, "the arguments must be an object of parameter names to values");
		goto fail;
	}
	if (arguments != NULL)
		json_object_foreach(arguments, key, v)
			if (find_param(cmd, key) == NULL) {
				struct strbuf sb = { 0 };
				for (size_t i = 0; i < cmd->nparams; i++)
					if (cmd->params[i].kind != EXEC_FIXED)
						strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", cmd->params[i].name);
				snprintf(err, errcap, "unknown parameter \"%s\"; this tool takes %s%s", excerpt(key, strlen(key), q,
				    sizeof(q)), sb.buf ? "only: " : "no parameters", sb.buf ? sb.buf : "");
				free(sb.buf);
				goto fail;
			}
	argv[n++] = xstrdup(cmd->path);
	for (size_t i = 0; i < cmd->nparams; i++) {
		const struct exec_param *p = &cmd->params[i];
		if (p->kind == EXEC_FIXED) {
			argv[n++] = xstrdup(p->value);
			continue;
		}
		v = arguments ? json_object_get(arguments, p->name) : NULL;
		snprintf(where, sizeof(where), "parameter \"%s\"", p->name);
		if (v == NULL || json_is_null(v)) {
			if (p->required) {
				snprintf(err, errcap, "%s is required", where);
				goto fail;
			}
			continue;
		}
		if (p->kind == EXEC_FLAG) {
			if (!json_is_boolean(v)) {
				snprintf(err, errcap, "%s must be true or false", where);
				goto fail;
			}
			if (json_is_true(v))
				argv[n++] = xstrdup(p->value);
			continue;
		}
		if (p->max_count == 0) {
			if (check_value(r, i, v, where, argv, &n, err, errcap) != 0)
				goto fail;
			continue;
		}
		if (!json_is_array(v)) {
			snprintf(err, errcap, "%s must be a list of strings", where);
			goto fail;
		}
		if ((int64_t)json_array_size(v) > p->max_count || (p->required && json_array_size(v) == 0)) {
			snprintf(err, errcap, "%s has %zu values; %s%lld are allowed", where, json_array_size(v),
			    p->required ? "1 to " : "at most ", (long long)p->max_count);
			goto fail;
		}
		for (size_t k = 0; k < json_array_size(v); k++) {
			snprintf(where, sizeof(where), "parameter \"%s\"[%zu]", p->name, k);
			if (check_value(r, i, json_array_get(v, k), where, argv, &n, err, errcap) != 0)
				goto fail;
		}
	}
	argv[n] = NULL;
	return argv;
fail:
	strv_free(argv);
	return NULL;
}

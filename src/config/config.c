#include "config.h"
#include "config_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../net/hostcheck.h"
#include "../util/util.h"

#define DEFAULT_LISTEN "127.0.0.1:8750"


static void __attribute__((format(printf, 6, 0)))
diag_add(char **list, size_t *n, size_t *dropped, const char *label, const char *path,
    const char *fmt, va_list ap)
{
	char msg[1024], line[1400];

	if (*n >= LIMIT_CONFIG_ERRORS) {
		if (dropped)
			(*dropped)++;
		return;
	}
	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(line, sizeof(line), "%s: %s: %s", label ? label : "gatehouse.json", path, msg);
	list[(*n)++] = xstrdup(line);
}

void
cfg_err(struct parser *p, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(p->diag->errors, &p->diag->nerrors, &p->diag->dropped, p->env->file_label,
	    path, fmt, ap);
	va_end(ap);
}

void
cfg_warn(struct parser *p, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(p->diag->warnings, &p->diag->nwarnings, NULL, p->env->file_label, path, fmt, ap);
	va_end(ap);
}

/* Build "$.a.b" / "$.a[3]" / "$.a["odd key"]" paths for messages. */
void
cfg_path_key(char *dst, size_t cap, const char *base, const char *key)
{
	bool plain = key[0] != '\0';

	for (const char *k = key; *k && plain; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		    (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
			plain = false;
	if (plain) {
		snprintf(dst, cap, "%s.%s", base, key);
	} else {
		char esc[160];
		size_t j = 0;
		for (const char *k = key; *k && j + 5 < sizeof(esc); k++) {
			unsigned char c = (unsigned char)*k;
			if (c == '"' || c == '\\')
				esc[j++] = '\\';
			esc[j++] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
		}
		esc[j] = '\0';
		snprintf(dst, cap, "%s[\"%s\"]", base, esc);
	}
}

void
cfg_path_index(char *dst, size_t cap, const char *base, size_t i)
{
	snprintf(dst, cap, "%s[%zu]", base, i);
}

const char *
cfg_json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL:    return "a number";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	default:           return "null";
	}
}

/*
 * Levenshtein distance of two short keys, capped: anything above `cap` (or a key
 * longer than the table) comes back as cap + 1. Two rows of a bounded table.
 */
static size_t
edit_distance(const char *a, const char *b, size_t cap)
{
	enum { MAXK = 64 };
	size_t la = strlen(a), lb = strlen(b), prev[MAXK + 1], cur[MAXK + 1];

	if (la > MAXK || lb > MAXK || (la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb] > cap ? cap + 1 : prev[lb];
}

/* The known key nearest to a misspelt one (case counts as one edit), or NULL. */
static const char *
nearest_key(const char *key, const char *const *known)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; known[i]; i++) {
		size_t d = edit_distance(key, known[i], 2);
		if (d < bestd) {
			bestd = d;
			best = known[i];
		}
	}
	return best;
}

/* Reject every key of `obj` not in the NULL-terminated `known` list. */
void
cfg_check_keys(struct parser *p, const char *path, json_t *obj, const char *const *known,
    const char *where)
{
	const char *key, *near;
	json_t *v;
	char sub[512], hint[128];

	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; known[i]; i++)
			if (strcmp(known[i], key) == 0)
				ok = true;
		if (!ok) {
			char list[512] = "";
			size_t len = 0;
			for (size_t i = 0; known[i]; i++) {
				int n = snprintf(list + len, sizeof(list) - len, "%s\"%s\"",
				    i ? ", " : "", known[i]);
				if (n < 0 || (size_t)n >= sizeof(list) - len)
					break;
				len += (size_t)n;
			}
			hint[0] = '\0';
			if ((near = nearest_key(key, known)) != NULL)
				snprintf(hint, sizeof(hint), "did you mean \"%s\"? ", near);
			cfg_path_key(sub, sizeof(sub), path, key);
			cfg_err(p, sub, "unknown key; %s%s accepts only %s (check the spelling)", hint, where, list);
		}
	}
}

bool
cfg_is_string(struct parser *p, const char *path, json_t *v, bool allow_empty)
{
	if (!json_is_string(v)) {
		cfg_err(p, path, "expected a string, got %s", cfg_json_kind(v));
		return false;
	}
	if (!allow_empty && json_string_length(v) == 0) {
		cfg_err(p, path, "must not be empty");
		return false;
	}
	if (json_string_length(v) > LIMIT_CONFIG_STRING) {
		cfg_err(p, path, "is longer than %d bytes", LIMIT_CONFIG_STRING);
		return false;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		cfg_err(p, path, "must not contain a NUL character");
		return false;
	}
	return true;
}

bool
cfg_is_array(struct parser *p, const char *path, json_t *v, size_t max)
{
	if (!json_is_array(v)) {
		cfg_err(p, path, "expected an array, got %s", cfg_json_kind(v));
		return false;
	}
	if (json_array_size(v) > max) {
		cfg_err(p, path, "has %zu entries; at most %zu are allowed", json_array_size(v), max);
		return false;
	}
	return true;
}

/*
 * Resolve a path from the config: "~/" is the home directory, a relative path is
 * relative to the config file's directory.
 */
char *
cfg_resolve_path(struct parser *p, const char *path, const char *value)
{
	char buf[LIMIT_PATH];
	int n;

	if (strncmp(value, "~/", 2) == 0 || strcmp(value, "~") == 0) {
		if (p->env->home == NULL || p->env->home[0] != '/') {
			cfg_err(p, path, "starts with \"~\" but HOME is not set to an absolute path; write an absolute path");
			return NULL;
		}
		n = snprintf(buf, sizeof(buf), "%s%s", p->env->home, value + 1);
	} else if (value[0] == '/') {
		n = snprintf(buf, sizeof(buf), "%s", value);
	} else {
		n = snprintf(buf, sizeof(buf), "%s/%s", p->env->base_dir, value);
	}
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		cfg_err(p, path, "the resulting path is longer than %d bytes", LIMIT_PATH - 1);
		return NULL;
	}
	return xstrdup(buf);
}

static char **
string_list(struct parser *p, const char *path, json_t *arr, size_t *n,
    bool (*valid)(const char *), const char *what)
{
	char sub[512];
	char **out;
	size_t i;
	json_t *v;

	*n = 0;
	if (!cfg_is_array(p, path, arr, LIMIT_CONFIG_LIST_ITEMS))
		return NULL;
	out = xcalloc(json_array_size(arr) + 1, sizeof(char *));
	json_array_foreach(arr, i, v) {
		cfg_path_index(sub, sizeof(sub), path, i);
		if (!cfg_is_string(p, sub, v, false))
			continue;
		if (valid && !valid(json_string_value(v))) {
			cfg_err(p, sub, "\"%s\" is not %s", json_string_value(v), what);
			continue;
		}
		out[(*n)++] = xstrdup(json_string_value(v));
	}
	return out;
}

/* "HOST:PORT", "[V6]:PORT" or "unix:/path". HOST is an IP literal or localhost. */
static void
parse_listen(struct parser *p, const char *path, const char *text, struct listen_addr *la)
{
	const char *colon, *host;
	size_t hlen;
	struct addr a;
	unsigned long port = 0;

	memset(la, 0, sizeof(*la));
	la->text = xstrdup(text);
	if (strncmp(text, "unix:", 5) == 0) {
		struct sockaddr_un un;
		char *abs = text[5] ? cfg_resolve_path(p, path, text + 5) : NULL;
		if (text[5] == '\0') {
			cfg_err(p, path, "\"unix:\" needs a socket path, e.g. \"unix:/run/gatehouse/gw.sock\"");
			return;
		}
		if (abs == NULL)
			return;
		if (strlen(abs) >= sizeof(un.sun_path)) {
			cfg_err(p, path, "socket path is longer than %zu bytes; choose a shorter path",
			    sizeof(un.sun_path) - 1);
			free(abs);
			return;
		}
		la->kind = LISTEN_UNIX;
		la->path = abs;
		la->loopback = true;
		return;
	}
	colon = strrchr(text, ':');
	if (colon == NULL || colon[1] == '\0') {
		cfg_err(p, path, "\"%s\" has no port; write HOST:PORT, [IPV6]:PORT or unix:/path", text);
		return;
	}
	for (const char *c = colon + 1; *c; c++) {
		if (*c < '0' || *c > '9' || port > 65535) {
			cfg_err(p, path, "\"%s\" has an invalid port; use a number from 0 to 65535", text);
			return;
		}
		port = port * 10 + (unsigned long)(*c - '0');
	}
	if (port > 65535) {
		cfg_err(p, path, "\"%s\" has an invalid port; use a number from 0 to 65535", text);
		return;
	}
	host = text;
	hlen = (size_t)(colon - text);
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		host++;
		hlen -= 2;
		if (addr_parse(host, hlen, &a) != 0 || memchr(host, ':', hlen) == NULL) {
			cfg_err(p, path, "\"%s\" is not a valid [IPV6]:PORT address", text);
			return;
		}
	} else if (hlen == 9 && strncasecmp(host, "localhost", 9) == 0) {
		addr_parse("127.0.0.1", 9, &a);
	} else if (memchr(host, ':', hlen) != NULL) {
		cfg_err(p, path, "\"%s\": write an IPv6 address in brackets, e.g. \"[::1]:8750\"", text);
		return;
	} else if (addr_parse(host, hlen, &a) != 0) {
		cfg_err(p, path, "\"%s\": the host must be an IP address or localhost (host names are not resolved)", text);
		return;
	}
	la->kind = LISTEN_TCP;
	la->loopback = addr_is_loopback(&a);
	if (a.family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&la->sa;
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		memcpy(&in->sin_addr, a.bytes + 12, 4);
		la->salen = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&la->sa;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		memcpy(&in6->sin6_addr, a.bytes, 16);
		la->salen = sizeof(*in6);
	}
}

static void
parse_listen_list(struct parser *p, json_t *v)
{
	char sub[64];
	size_t i;
	json_t *e;

	if (!cfg_is_array(p, "$.listen", v, LIMIT_CONFIG_LISTEN))
		return;
	if (json_array_size(v) == 0) {
		cfg_err(p, "$.listen", "is empty; list at least one address such as \"%s\"", DEFAULT_LISTEN);
		return;
	}
	p->cfg->listen = xcalloc(json_array_size(v), sizeof(struct listen_addr));
	json_array_foreach(v, i, e) {
		cfg_path_index(sub, sizeof(sub), "$.listen", i);
		if (!cfg_is_string(p, sub, e, false))
			continue;
		parse_listen(p, sub, json_string_value(e), &p->cfg->listen[p->cfg->nlisten++]);
	}
}

static void
parse_tls(struct parser *p, json_t *v)
{
	static const char *const keys[] = { "cert", "key", NULL };
	json_t *cert, *key;

	if (!json_is_object(v)) {
		cfg_err(p, "$.tls", "expected an object {\"cert\": FILE, \"key\": FILE}, got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, "$.tls", v, keys, "\"tls\"");
	cert = json_object_get(v, "cert");
	key = json_object_get(v, "key");
	if (cert == NULL)
		cfg_err(p, "$.tls.cert", "is missing; name the PEM certificate file");
	else if (cfg_is_string(p, "$.tls.cert", cert, false))
		p->cfg->tls_cert = cfg_resolve_path(p, "$.tls.cert", json_string_value(cert));
	if (key == NULL)
		cfg_err(p, "$.tls.key", "is missing; name the PEM private key file");
	else if (cfg_is_string(p, "$.tls.key", key, false))
		p->cfg->tls_key = cfg_resolve_path(p, "$.tls.key", json_string_value(key));
}

static bool
origin_ok(const char *s)
{
	return hostcheck_origin_valid(s);
}

static void
parse_origins(struct parser *p, json_t *v)
{
	size_t i;
	json_t *e;
	char sub[64];

	if (json_is_array(v))
		json_array_foreach(v, i, e)
			if (json_is_string(e) && strcmp(json_string_value(e), "*") == 0) {
				cfg_path_index(sub, sizeof(sub), "$.allowedOrigins", i);
				cfg_err(p, sub, "\"*\" would let any web page use the gateway; list each origin, e.g. \"https://app.example.com\"");
				return;
			}
	p->cfg->allowed_origins = string_list(p, "$.allowedOrigins", v, &p->cfg->nallowed_origins,
	    origin_ok, "an origin such as \"https://app.example.com\" (scheme://host[:port], no path)");
}

static void
parse_proxies(struct parser *p, json_t *v)
{
	char sub[64];
	size_t i;
	json_t *e;

	if (!cfg_is_array(p, "$.trustedProxies", v, LIMIT_CONFIG_LIST_ITEMS))
		return;
	p->cfg->trusted_proxies = xcalloc(json_array_size(v) + 1, sizeof(struct cidr));
	json_array_foreach(v, i, e) {
		cfg_path_index(sub, sizeof(sub), "$.trustedProxies", i);
		if (!cfg_is_string(p, sub, e, false))
			continue;
		if (cidr_parse(json_string_value(e), json_string_length(e),
		    &p->cfg->trusted_proxies[p->cfg->ntrusted_proxies]) != 0) {
			cfg_err(p, sub, "\"%s\" is not an address or CIDR range such as \"10.0.0.5/32\"",
			    json_string_value(e));
			continue;
		}
		if (p->cfg->trusted_proxies[p->cfg->ntrusted_proxies].prefix <
		    (p->cfg->trusted_proxies[p->cfg->ntrusted_proxies].net.family == AF_INET ? 96u + 8 : 16u))
			cfg_err(p, sub, "\"%s\" trusts a huge range; name the proxy's own address (e.g. \"10.0.0.5/32\")",
			    json_string_value(e));
		p->cfg->ntrusted_proxies++;
	}
}

/* Integer limits: a table, not a chain. */
static const struct limit_def {
	const char *key;
	size_t      offset;
	int64_t     min, max, dflt;
} limit_defs[] = {
	{ "maxBodyBytes",          offsetof(struct limits_config, max_body_bytes),           1, LIMIT_BODY_BYTES_MAX, 4194304 },
	{ "callTimeoutMs",         offsetof(struct limits_config, call_timeout_ms),          100, 3600000, 60000 },
	{ "maxSessions",           offsetof(struct limits_config, max_sessions),             1, 65536, 256 },
	{ "maxSessionsPerToken",   offsetof(struct limits_config, max_sessions_per_token),   1, 65536, 32 },
	{ "sessionIdleMs",         offsetof(struct limits_config, session_idle_ms),          1000, 86400000, 900000 },
	{ "authFailuresPerMinute", offsetof(struct limits_config, auth_failures_per_minute), 1, 100000, 10 },
	{ "maxConnectionsPerIp",   offsetof(struct limits_config, max_connections_per_ip),   1, LIMIT_HTTP_CONNECTIONS, 64 },
	{ "idleTimeoutMs",         offsetof(struct limits_config, idle_timeout_ms),          1000, 3600000, 30000 },
	{ "headerTimeoutMs",       offsetof(struct limits_config, header_timeout_ms),        100, 600000, 10000 },
	{ "bodyTimeoutMs",         offsetof(struct limits_config, body_timeout_ms),          100, 3600000, 30000 },
	{ "ssePollMs",             offsetof(struct limits_config, sse_poll_ms),              0, 3600000, 0 },
};
#define NLIMITS (sizeof(limit_defs) / sizeof(limit_defs[0]))

static void
parse_limits(struct parser *p, json_t *v)
{
	const char *keys[NLIMITS + 1];
	char sub[128];

	if (!json_is_object(v)) {
		cfg_err(p, "$.limits", "expected an object, got %s", cfg_json_kind(v));
		return;
	}
	for (size_t i = 0; i < NLIMITS; i++)
		keys[i] = limit_defs[i].key;
	keys[NLIMITS] = NULL;
	cfg_check_keys(p, "$.limits", v, keys, "\"limits\"");
	for (size_t i = 0; i < NLIMITS; i++) {
		const struct limit_def *d = &limit_defs[i];
		json_t *e = json_object_get(v, d->key);
		if (e == NULL)
			continue;
		cfg_path_key(sub, sizeof(sub), "$.limits", d->key);
		if (!json_is_integer(e) || json_integer_value(e) < d->min || json_integer_value(e) > d->max) {
			cfg_err(p, sub, "expected an integer from %lld to %lld (default %lld)",
			    (long long)d->min, (long long)d->max, (long long)d->dflt);
			continue;
		}
		*(int64_t *)((char *)&p->cfg->limits + d->offset) = json_integer_value(e);
	}
}

static void
parse_tools(struct parser *p, json_t *v)
{
	static const char *const keys[] = { "onNew", NULL };
	json_t *on;

	if (!json_is_object(v)) {
		cfg_err(p, "$.tools", "expected an object, got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, "$.tools", v, keys, "\"tools\"");
	on = json_object_get(v, "onNew");
	if (on == NULL)
		return;
	if (json_is_string(on) && strcmp(json_string_value(on), "pin") == 0)
		p->cfg->tools_on_new = ON_NEW_PIN;
	else if (json_is_string(on) && strcmp(json_string_value(on), "hold") == 0)
		p->cfg->tools_on_new = ON_NEW_HOLD;
	else
		cfg_err(p, "$.tools.onNew", "must be \"pin\" or \"hold\"");
}

static void
parse_redact(struct parser *p, json_t *v)
{
	static const char *const keys[] = { "results", NULL };
	static const char *const modes[] = { "redact", "block", "off" };
	json_t *m;

	if (!json_is_object(v)) {
		cfg_err(p, "$.redact", "expected an object, got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, "$.redact", v, keys, "\"redact\"");
	if ((m = json_object_get(v, "results")) == NULL)
		return;
	for (size_t i = 0; i < 3; i++)
		if (json_is_string(m) && strcmp(json_string_value(m), modes[i]) == 0) {
			p->cfg->redact_results = (enum redact_mode)i;
			return;
		}
	cfg_err(p, "$.redact.results", "must be \"redact\", \"block\" or \"off\"");
}

bool
cfg_name_ok(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || c == '.'))
			return false;
	}
	return strstr(s, "__") == NULL;
}

/*
 * A value that looks like a credential pasted inline. This is a cheap heuristic
 * for a warning only (the redaction module does the real scanning).
 */
bool
config_looks_secret(const char *name, const char *v)
{
	static const char *const prefixes[] = {
		"sk-", "sk_live_", "rk_live_", "ghp_", "gho_", "ghs_", "github_pat_", "glpat-",
		"xoxb-", "xoxp-", "AKIA", "AIza", "gth_", "Bearer ", "eyJ", NULL,
	};
	static const char *const names[] = { "KEY", "TOKEN", "SECRET", "PASSWORD", "AUTH", NULL };
	size_t n = strlen(v);

	for (size_t i = 0; prefixes[i]; i++)
		if (strncmp(v, prefixes[i], strlen(prefixes[i])) == 0 && n > strlen(prefixes[i]) + 8)
			return true;
	if (n < 8)
		return false;
	for (size_t i = 0; names[i]; i++)
		if (strcasestr(name, names[i]) != NULL)
			return true;
	return false;
}

/* ---- ${VAR} expansion ------------------------------------------------------ */

bool
config_has_expansion(const char *text)
{
	return strstr(text, "${") != NULL;
}

/*
 * Parse the reference that starts at `t` (at "${"): its variable name into
 * `name` and its length in *used. -1 when it is not ${VAR} or ${env:VAR}.
 */
static int
expansion_at(const char *t, char *name, size_t cap, size_t *used)
{
	const char *n = t + 2, *e;
	size_t len;

	if (strncmp(n, "env:", 4) == 0)
		n += 4;
	for (e = n; (*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z') || *e == '_' ||
	    (e > n && *e >= '0' && *e <= '9'); e++)
		if ((size_t)(e - n) >= LIMIT_CONFIG_VAR_NAME)
			return -1;
	len = (size_t)(e - n);
	if (len == 0 || *e != '}' || len >= cap)
		return -1;
	memcpy(name, n, len);
	name[len] = '\0';
	*used = (size_t)(e + 1 - t);
	return 0;
}

/*
 * Two passes over the text, the first to measure and the second to copy, so
 * that the result is allocated once at its size and no partial copy of a value
 * is left behind in freed memory.
 */
char *
config_expand_with(const char *text, const char *(*lookup)(const char *name),
    void (*each)(void *arg, const char *name), void *arg, char *err, size_t errcap)
{
	char name[LIMIT_CONFIG_VAR_NAME + 1];
	char *out = NULL;
	size_t total = 0;

	for (int pass = 0; pass < 2; pass++) {
		size_t o = 0, used;
		for (const char *t = text; *t;) {
			const char *val;
			if (t[0] == '$' && t[1] == '$' && t[2] == '{') {
				if (out)
					memcpy(out + o, "${", 2);
				o += 2;
				t += 3;
				continue;
			}
			if (t[0] != '$' || t[1] != '{') {
				if (out)
					out[o] = *t;
				o++;
				t++;
				continue;
			}
			if (expansion_at(t, name, sizeof(name), &used) != 0) {
				snprintf(err, errcap, "holds a \"${\" that is not ${VAR} or ${env:VAR} (VAR: letters, digits and '_'; "
				    "defaults such as ${VAR:-x} are not supported; write $${ for a literal \"${\")");
				return NULL;
			}
			val = lookup ? lookup(name) : NULL;
			if (val == NULL) {
				snprintf(err, errcap, "refers to ${%s}, but %s is not set in the gateway's environment; "
				    "set it before starting gatehouse, or store the value with `gatehouse secret set` and use {\"secret\": \"NAME\"}",
				    name, name);
				if (out) {
					sodium_memzero(out, total + 1);
					free(out);
				}
				return NULL;
			}
			if (pass == 0 && each)
				each(arg, name);
			if (strlen(val) > LIMIT_CONFIG_EXPANDED || o + strlen(val) > LIMIT_CONFIG_EXPANDED) {
				snprintf(err, errcap, "is longer than %d bytes once ${%s} is expanded", LIMIT_CONFIG_EXPANDED, name);
				if (out) {
					sodium_memzero(out, total + 1);
					free(out);
				}
				return NULL;
			}
			if (out && o + strlen(val) > total) {
				snprintf(err, errcap, "refers to ${%s}, which changed while it was read", name);
				sodium_memzero(out, total + 1);
				free(out);
				return NULL;
			}
			if (out)
				memcpy(out + o, val, strlen(val));
			o += strlen(val);
			t += used;
		}
		if (pass == 0) {
			if (o > LIMIT_CONFIG_EXPANDED) {
				snprintf(err, errcap, "is longer than %d bytes once expanded", LIMIT_CONFIG_EXPANDED);
				return NULL;
			}
			total = o;
			out = xmalloc(total + 1);
		} else {
			out[o] = '\0';
		}
	}
	return out;
}

/* Check the ${VAR} in one string at parse time: the result is thrown away (wiped). */
static bool
check_expansion(struct parser *p, const char *path, const char *text)
{
	char why[512];
	char *v;

	if (!config_has_expansion(text) || p->skip_expansion)
		return true;
	if ((v = config_expand_with(text, p->env->lookup, NULL, NULL, why, sizeof(why))) == NULL) {
		cfg_err(p, path, "%s", why);
		return false;
	}
	sodium_memzero(v, strlen(v));
	free(v);
	return true;
}

static void
parse_values(struct parser *p, const char *path, json_t *obj, struct server_config *s,
    bool headers)
{
	char sub[512];
	const char *key;
	json_t *v;

	if (!json_is_object(obj)) {
		cfg_err(p, path, "expected an object of %s, got %s",
		    headers ? "header names to values" : "variable names to values", cfg_json_kind(obj));
		return;
	}
	s->env = xcalloc(json_object_size(obj) + 1, sizeof(struct config_value));
	json_object_foreach(obj, key, v) {
		struct config_value *cv = &s->env[s->nenv];
		cfg_path_key(sub, sizeof(sub), path, key);
		if (key[0] == '\0' || strchr(key, '=') != NULL || strpbrk(key, "\r\n: ") != NULL) {
			cfg_err(p, sub, "is not a valid %s name", headers ? "header" : "variable");
			continue;
		}
		if (json_is_string(v)) {
			if (!cfg_is_string(p, sub, v, true))
				continue;
			if (headers && strpbrk(json_string_value(v), "\r\n") != NULL) {
				cfg_err(p, sub, "a header value must not contain a line break");
				continue;
			}
			cv->kind = VALUE_INLINE;
			cv->value = xstrdup(json_string_value(v));
			cv->expand = config_has_expansion(cv->value);
			if (cv->expand) {
				if (!check_expansion(p, sub, cv->value)) {
					free(cv->value);
					cv->value = NULL;
					continue;
				}
			} else if (config_looks_secret(key, cv->value))
				cfg_warn(p, sub, "looks like an inline secret; store it with `gatehouse secret set NAME` and write {\"secret\": \"NAME\"}, or use {\"env\": \"VAR\"}");
		} else if (json_is_object(v) && json_object_size(v) == 1 &&
		    (json_object_get(v, "env") || json_object_get(v, "secret"))) {
			json_t *ref = json_object_get(v, "env");
			cv->kind = VALUE_ENV;
			if (ref == NULL) {
				ref = json_object_get(v, "secret");
				cv->kind = VALUE_SECRET;
			}
			if (!json_is_string(ref) || !cfg_name_ok(json_string_value(ref), 1, 128)) {
				cfg_err(p, sub, "the %s reference must be a name of letters, digits, '_', '-' or '.'",
				    cv->kind == VALUE_ENV ? "env" : "secret");
				continue;
			}
			cv->value = xstrdup(json_string_value(ref));
		} else {
			cfg_err(p, sub, "expected a string, {\"env\": \"VAR\"} or {\"secret\": \"NAME\"}");
			continue;
		}
		cv->name = xstrdup(key);
		s->nenv++;
	}
}

/* A remote URL must be HTTPS, or plain HTTP to a loopback address written out. */
static void
check_url(struct parser *p, const char *path, const char *url, const char *shown)
{
	const char *host;
	size_t hlen;
	struct addr a;

	if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0) {
		cfg_err(p, path, "\"%s\" is not an http(s) URL", shown);
		return;
	}
	host = strstr(url, "://") + 3;
	hlen = strcspn(host, "/?#");
	if (hlen == 0) {
		cfg_err(p, path, "\"%s\" has no host", shown);
		return;
	}
	/* user:password@ in a URL is a secret in the config and hides the real host. */
	if (memchr(host, '@', hlen) != NULL) {
		cfg_err(p, path, "a URL must not carry user information (\"user@\"); put credentials in \"headers\" as {\"secret\": \"NAME\"}");
		return;
	}
	if (strncasecmp(url, "https://", 8) == 0)
		return;
	if (hlen > 0 && host[0] == '[') {
		const char *close = memchr(host, ']', hlen);
		if (close && addr_parse(host + 1, (size_t)(close - host) - 1, &a) == 0 && addr_is_loopback(&a))
			return;
	} else {
		size_t nlen = strcspn(host, ":/?#");
		if (addr_parse(host, nlen, &a) == 0 && addr_is_loopback(&a))
			return;
		if (nlen == 9 && strncasecmp(host, "localhost", 9) == 0)
			return;
	}
	cfg_err(p, path, "plain http is allowed only to a loopback address; use https:// for \"%s\"", shown);
}

/*
 * The keys that MCP clients put in their own entries, accepted so that a user
 * can paste them: "disabled", "cwd", "timeout", and "serverUrl" / "httpUrl" as
 * other names of "url". Returns the URL value (NULL: none), or sets *bad when
 * more than one name of the URL is given.
 */
static json_t *
server_url_alias(struct parser *p, const char *path, json_t *v, const char **which, bool *bad)
{
	static const char *const names[] = { "url", "serverUrl", "httpUrl", NULL };
	json_t *found = NULL, *e;

	*which = "url";
	for (size_t i = 0; names[i]; i++)
		if ((e = json_object_get(v, names[i])) != NULL) {
			if (found != NULL) {
				cfg_err(p, path, "gives both \"%s\" and \"%s\"; keep one (\"serverUrl\" and \"httpUrl\" are other names of \"url\")",
				    *which, names[i]);
				*bad = true;
				return NULL;
			}
			found = e;
			*which = names[i];
		}
	return found;
}

static void
parse_server_extras(struct parser *p, const char *path, json_t *v, struct server_config *s)
{
	char sub[512];
	json_t *e;

	if ((e = json_object_get(v, "timeout")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "timeout");
		if (!json_is_integer(e) || json_integer_value(e) < 100 || json_integer_value(e) > 3600000) {
			if (json_is_integer(e) && json_integer_value(e) > 0 && json_integer_value(e) < 100)
				cfg_err(p, sub, "is in milliseconds: %lld ms is too short (for %lld seconds write %lld000); "
				    "expected an integer from 100 to 3600000",
				    (long long)json_integer_value(e), (long long)json_integer_value(e),
				    (long long)json_integer_value(e));
			else
				cfg_err(p, sub, "expected an integer number of milliseconds from 100 to 3600000 "
				    "(default: limits.callTimeoutMs)");
		} else {
			s->timeout_ms = json_integer_value(e);
		}
	}
	if ((e = json_object_get(v, "cwd")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "cwd");
		if (s->transport != SERVER_STDIO)
			cfg_err(p, sub, "applies only to servers with a \"command\"");
		else if (cfg_is_string(p, sub, e, false) && check_expansion(p, sub, json_string_value(e)))
			s->cwd = xstrdup(json_string_value(e));
	}
}

/* "sandbox": {"limits": {...}}: the resource limits of one server, a table. */
static const struct sandbox_limit_def {
	const char *key;
	size_t      offset;
	int64_t     min, max, dflt;
} sandbox_limit_defs[] = {
	{ "processes",     offsetof(struct server_config, sandbox_processes),   1, SANDBOX_NPROC_MAX, SANDBOX_NPROC_DEFAULT },
	{ "openFiles",     offsetof(struct server_config, sandbox_open_files),  SANDBOX_NOFILE_MIN, SANDBOX_NOFILE_MAX, SANDBOX_NOFILE_DEFAULT },
	{ "fileSizeBytes", offsetof(struct server_config, sandbox_file_size),   1, SANDBOX_FSIZE_MAX, SANDBOX_FSIZE_DEFAULT },
	{ "cpuSeconds",    offsetof(struct server_config, sandbox_cpu_seconds), 1, SANDBOX_CPU_MAX, SANDBOX_CPU_DEFAULT },
	{ "memoryBytes",   offsetof(struct server_config, sandbox_memory),      SANDBOX_DATA_MIN, SANDBOX_DATA_MAX, SANDBOX_DATA_DEFAULT },
};
#define NSANDBOX_LIMITS (sizeof(sandbox_limit_defs) / sizeof(sandbox_limit_defs[0]))

static void
parse_sandbox_limits(struct parser *p, const char *path, json_t *v, struct server_config *s)
{
	const char *keys[NSANDBOX_LIMITS + 1];
	char sub[700];

	if (!json_is_object(v)) {
		cfg_err(p, path, "expected an object {\"processes\": N, \"openFiles\": N, \"fileSizeBytes\": N, \"cpuSeconds\": N, \"memoryBytes\": N}");
		return;
	}
	for (size_t i = 0; i < NSANDBOX_LIMITS; i++)
		keys[i] = sandbox_limit_defs[i].key;
	keys[NSANDBOX_LIMITS] = NULL;
	cfg_check_keys(p, path, v, keys, "\"limits\"");
	for (size_t i = 0; i < NSANDBOX_LIMITS; i++) {
		const struct sandbox_limit_def *d = &sandbox_limit_defs[i];
		json_t *e = json_object_get(v, d->key);
		if (e == NULL)
			continue;
		cfg_path_key(sub, sizeof(sub), path, d->key);
		if (!json_is_integer(e) || json_integer_value(e) < d->min || json_integer_value(e) > d->max) {
			cfg_err(p, sub, "expected an integer from %lld to %lld (default %lld)",
			    (long long)d->min, (long long)d->max, (long long)d->dflt);
			continue;
		}
		*(int64_t *)((char *)s + d->offset) = json_integer_value(e);
	}
}

/*
 * "sandbox" of a stdio server or an exec command: false opts out (audit reports
 * it); true or an object is the sandbox, with "network", "read", "write" and
 * "limits" (the default network is whatever the caller set in s beforehand).
 */
void
cfg_parse_sandbox(struct parser *p, const char *sub, json_t *e, struct server_config *s)
{
	static const char *const sandbox_keys[] = { "network", "read", "write", "limits", NULL };

	/* false opts out (audit reports it); true is the default sandbox. */
	if (json_is_boolean(e)) {
		s->sandbox_off = json_is_false(e);
		return;
	}
	if (!json_is_object(e)) {
		cfg_err(p, sub, "expected false (no sandbox) or an object {\"network\": false, \"read\": [], \"write\": []}");
		return;
	}
	cfg_check_keys(p, sub, e, sandbox_keys, "\"sandbox\"");
	json_t *net = json_object_get(e, "network");
	if (net != NULL) {
		char nsub[600];
		cfg_path_key(nsub, sizeof(nsub), sub, "network");
		if (json_is_boolean(net))
			s->sandbox_network = json_is_true(net) ? NETWORK_HOST : NETWORK_NONE;
		else if (json_is_string(net) && strcmp(json_string_value(net), "public") == 0)
			s->sandbox_network = NETWORK_PUBLIC;
		else
			cfg_err(p, nsub, "expected false (no network), true (the host's network) or \"public\"");
	}
	json_t *lim = json_object_get(e, "limits");
	if (lim != NULL) {
		char lsub[600];
		cfg_path_key(lsub, sizeof(lsub), sub, "limits");
		parse_sandbox_limits(p, lsub, lim, s);
	}
	static const char *const lists[] = { "read", "write" };
	for (size_t k = 0; k < 2; k++) {
		json_t *arr = json_object_get(e, lists[k]);
		char lsub[600];
		char ***dst = k == 0 ? &s->sandbox_read : &s->sandbox_write;
		size_t *dn = k == 0 ? &s->nsandbox_read : &s->nsandbox_write;
		size_t i;
		json_t *item;
		if (arr == NULL)
			continue;
		cfg_path_key(lsub, sizeof(lsub), sub, lists[k]);
		if (!cfg_is_array(p, lsub, arr, LIMIT_CONFIG_LIST_ITEMS))
			continue;
		*dst = xcalloc(json_array_size(arr) + 1, sizeof(char *));
		json_array_foreach(arr, i, item) {
			char isub[700];
			cfg_path_index(isub, sizeof(isub), lsub, i);
			if (cfg_is_string(p, isub, item, false)) {
				char *abs = cfg_resolve_path(p, isub, json_string_value(item));
				if (abs)
					(*dst)[(*dn)++] = abs;
			}
		}
	}
}

static void
parse_server(struct parser *p, const char *key, json_t *v, struct server_config *s)
{
	static const char *const keys[] = { "command", "args", "env", "url", "serverUrl", "httpUrl",
	    "headers", "type", "prefix", "shared", "isolation", "sandbox", "tools", "disabled", "cwd", "timeout", NULL };
	static const char *const tools_keys[] = { "allow", "deny", NULL };
	char path[256], sub[512];
	json_t *e;
	const char *type = NULL, *url_key;
	bool bad_url = false;

	cfg_path_key(path, sizeof(path), "$.mcpServers", key);
	s->key = xstrdup(key);
	s->sandbox_network = NETWORK_PUBLIC;
	if (!cfg_name_ok(key, 1, 64))
		cfg_err(p, path, "server names are 1 to 64 letters, digits, '_', '-' or '.', without \"__\"");
	if (!json_is_object(v)) {
		cfg_err(p, path, "expected an object with \"command\" or \"url\", got %s", cfg_json_kind(v));
		return;
	}
	cfg_check_keys(p, path, v, keys, "a server");
	/* The entry as written, keys sorted: a reload restarts a server whose entry changed. */
	s->canon = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

	if ((e = json_object_get(v, "type")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "type");
		if (cfg_is_string(p, sub, e, false)) {
			type = json_string_value(e);
			if (strcmp(type, "sse") == 0)
				cfg_err(p, sub, "the legacy SSE transport (HTTP+SSE) is not supported; use the server's Streamable HTTP URL "
				    "(often ending in /mcp) with \"type\": \"http\"");
			else if (strcmp(type, "stdio") != 0 && strcmp(type, "http") != 0 &&
			    strcmp(type, "streamable-http") != 0 && strcmp(type, "streamableHttp") != 0)
				cfg_err(p, sub, "must be \"stdio\", \"http\" or \"streamable-http\"");
		}
	}
	json_t *cmd = json_object_get(v, "command"), *url = server_url_alias(p, path, v, &url_key, &bad_url);
	if (bad_url)
		return;
	if ((cmd == NULL) == (url == NULL)) {
		cfg_err(p, path, "needs exactly one of \"command\" (a local stdio server) or \"url\" (a remote server)");
		return;
	}
	if (cmd) {
		s->transport = SERVER_STDIO;
		if (type && strcmp(type, "stdio") != 0) {
			cfg_path_key(sub, sizeof(sub), path, "type");
			cfg_err(p, sub, "is \"%s\" but the server has a \"command\"; use \"stdio\"", type);
		}
		if (json_object_get(v, "headers")) {
			cfg_path_key(sub, sizeof(sub), path, "headers");
			cfg_err(p, sub, "applies only to servers with a \"url\"; use \"env\" for a command");
		}
		cfg_path_key(sub, sizeof(sub), path, "command");
		if (cfg_is_string(p, sub, cmd, false)) {
			s->command = xstrdup(json_string_value(cmd));
			if (strcmp(s->command, "sh") == 0 || strcmp(s->command, "bash") == 0 ||
			    strcmp(s->command, "/bin/sh") == 0 || strcmp(s->command, "/bin/bash") == 0)
				cfg_warn(p, sub, "runs a shell; name the server's program directly so that no shell parses its arguments");
		}
		if ((e = json_object_get(v, "args")) != NULL) {
			size_t i;
			json_t *a;
			cfg_path_key(sub, sizeof(sub), path, "args");
			if (cfg_is_array(p, sub, e, LIMIT_CONFIG_ARGS)) {
				s->args = xcalloc(json_array_size(e) + 1, sizeof(char *));
				json_array_foreach(e, i, a) {
					char asub[600];
					cfg_path_index(asub, sizeof(asub), sub, i);
					if (cfg_is_string(p, asub, a, true) && check_expansion(p, asub, json_string_value(a)))
						s->args[s->nargs++] = xstrdup(json_string_value(a));
				}
			}
		}
		if ((e = json_object_get(v, "env")) != NULL) {
			cfg_path_key(sub, sizeof(sub), path, "env");
			parse_values(p, sub, e, s, false);
		}
	} else {
		s->transport = SERVER_HTTP;
		if (type && strcmp(type, "stdio") == 0) {
			cfg_path_key(sub, sizeof(sub), path, "type");
			cfg_err(p, sub, "is \"stdio\" but the server has a \"%s\"; use \"http\"", url_key);
		}
		static const char *const stdio_only[] = { "args", "env", "sandbox", NULL };
		for (size_t i = 0; stdio_only[i]; i++)
			if (json_object_get(v, stdio_only[i])) {
				cfg_path_key(sub, sizeof(sub), path, stdio_only[i]);
				cfg_err(p, sub, "applies only to servers with a \"command\"");
			}
		cfg_path_key(sub, sizeof(sub), path, url_key);
		if (cfg_is_string(p, sub, url, false)) {
			const char *text = json_string_value(url);
			char why[512];
			s->url = xstrdup(text);
			/* A URL from the environment is checked as it will be used, and shown as written. */
			if (!config_has_expansion(text)) {
				check_url(p, sub, text, text);
			} else if (!p->skip_expansion) {
				char *full = config_expand_with(text, p->env->lookup, NULL, NULL, why, sizeof(why));
				if (full == NULL) {
					cfg_err(p, sub, "%s", why);
				} else {
					check_url(p, sub, full, text);
					sodium_memzero(full, strlen(full));
					free(full);
				}
			}
		}
		if ((e = json_object_get(v, "headers")) != NULL) {
			cfg_path_key(sub, sizeof(sub), path, "headers");
			parse_values(p, sub, e, s, true);
		}
	}
	parse_server_extras(p, path, v, s);
	if ((e = json_object_get(v, "prefix")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "prefix");
		if (cfg_is_string(p, sub, e, true)) {
			if (json_string_length(e) > 0 && !cfg_name_ok(json_string_value(e), 1, 64))
				cfg_err(p, sub, "a prefix is up to 64 letters, digits, '_', '-' or '.', without \"__\"");
			else
				s->prefix = xstrdup(json_string_value(e));
		}
	}
	if (s->prefix == NULL)
		s->prefix = xstrdup(key);
	if ((e = json_object_get(v, "shared")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "shared");
		if (!json_is_boolean(e))
			cfg_err(p, sub, "expected true or false");
		else
			s->shared = json_is_true(e);
	}
	/*
	 * "isolation": who shares an instance of the server. "token" (the default):
	 * the sessions of one token, never two tokens; "session": each session its
	 * own; "shared": everyone ("shared": true says the same).
	 */
	s->isolation = s->shared ? ISOLATION_SHARED : ISOLATION_TOKEN;
	if ((e = json_object_get(v, "isolation")) != NULL) {
		const char *iso = json_string_value(e);
		cfg_path_key(sub, sizeof(sub), path, "isolation");
		if (iso != NULL && strcmp(iso, "token") == 0)
			s->isolation = ISOLATION_TOKEN;
		else if (iso != NULL && strcmp(iso, "session") == 0)
			s->isolation = ISOLATION_SESSION;
		else if (iso != NULL && strcmp(iso, "shared") == 0)
			s->isolation = ISOLATION_SHARED;
		else
			cfg_err(p, sub, "expected \"token\" (the default: the sessions of one token share an instance), "
			    "\"session\" or \"shared\"");
		if (json_object_get(v, "shared") != NULL && (s->isolation == ISOLATION_SHARED) != s->shared)
			cfg_err(p, sub, "says otherwise than \"shared\"; keep only \"isolation\"");
		s->shared = s->isolation == ISOLATION_SHARED;
	}
	/* "tools": {"allow": [globs], "deny": [globs]} on the server's own tool names. */
	if ((e = json_object_get(v, "tools")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "tools");
		if (!json_is_object(e)) {
			cfg_err(p, sub, "expected an object {\"allow\": [\"glob\", ...], \"deny\": [\"glob\", ...]}");
		} else {
			cfg_check_keys(p, sub, e, tools_keys, "\"tools\"");
			for (size_t k = 0; k < 2; k++) {
				json_t *arr = json_object_get(e, tools_keys[k]), *item;
				char ***dst = k == 0 ? &s->tools_allow : &s->tools_deny;
				size_t *dn = k == 0 ? &s->ntools_allow : &s->ntools_deny;
				char lsub[600];
				size_t i;
				if (arr == NULL)
					continue;
				cfg_path_key(lsub, sizeof(lsub), sub, tools_keys[k]);
				if (!cfg_is_array(p, lsub, arr, LIMIT_CONFIG_LIST_ITEMS))
					continue;
				*dst = xcalloc(json_array_size(arr) + 1, sizeof(char *));
				json_array_foreach(arr, i, item) {
					char isub[700];
					cfg_path_index(isub, sizeof(isub), lsub, i);
					if (cfg_is_string(p, isub, item, false))
						(*dst)[(*dn)++] = xstrdup(json_string_value(item));
				}
			}
		}
	}
	if ((e = json_object_get(v, "sandbox")) != NULL) {
		cfg_path_key(sub, sizeof(sub), path, "sandbox");
		cfg_parse_sandbox(p, sub, e, s);
	}
}

static void
free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void
server_free(struct server_config *s)
{
	free(s->key);
	free(s->canon);
	free(s->prefix);
	free(s->command);
	free_list(s->args, s->nargs);
	free(s->url);
	free(s->cwd);
	for (size_t j = 0; j < s->nenv; j++) {
		free(s->env[j].name);
		free(s->env[j].value);
	}
	free(s->env);
	free_list(s->sandbox_read, s->nsandbox_read);
	free_list(s->sandbox_write, s->nsandbox_write);
	free_list(s->tools_allow, s->ntools_allow);
	free_list(s->tools_deny, s->ntools_deny);
	cfg_exec_free(s->exec, s->nexec);
}

static void
parse_servers(struct parser *p, json_t *v)
{
	const char *key;
	json_t *e;

	if (!json_is_object(v)) {
		cfg_err(p, "$.mcpServers", "expected an object of server names to servers, got %s", cfg_json_kind(v));
		return;
	}
	if (json_object_size(v) > LIMIT_CONFIG_SERVERS) {
		cfg_err(p, "$.mcpServers", "has %zu servers; at most %d are allowed", json_object_size(v),
		    LIMIT_CONFIG_SERVERS);
		return;
	}
	p->cfg->servers = xcalloc(json_object_size(v) + 1, sizeof(struct server_config));
	p->cfg->disabled = xcalloc(json_object_size(v) + 1, sizeof(char *));
	json_object_foreach(v, key, e) {
		struct server_config *s = &p->cfg->servers[p->cfg->nservers];
		json_t *off = json_is_object(e) ? json_object_get(e, "disabled") : NULL;
		bool disabled = false;
		if (off != NULL && !json_is_boolean(off)) {
			char path[256], sub[512];
			cfg_path_key(path, sizeof(path), "$.mcpServers", key);
			cfg_path_key(sub, sizeof(sub), path, "disabled");
			cfg_err(p, sub, "expected true (the server is not started) or false");
		}
		disabled = json_is_true(off);
		/* A disabled entry is still checked, but is not started: its variables need not be set. */
		p->skip_expansion = disabled;
		parse_server(p, key, e, s);
		p->skip_expansion = false;
		if (!disabled) {
			p->cfg->nservers++;
			continue;
		}
		p->cfg->disabled[p->cfg->ndisabled++] = xstrdup(key);
		server_free(s);
		memset(s, 0, sizeof(*s));
	}

	/* Two servers under one non-empty prefix would shadow each other's names. */
	for (size_t i = 0; i < p->cfg->nservers; i++)
		for (size_t j = i + 1; j < p->cfg->nservers; j++) {
			const char *a = p->cfg->servers[i].prefix, *b = p->cfg->servers[j].prefix;
			char sub[256];
			if (a && b && a[0] && strcmp(a, b) == 0) {
				cfg_path_key(sub, sizeof(sub), "$.mcpServers", p->cfg->servers[j].key);
				cfg_err(p, sub, "uses the prefix \"%s\" of server \"%s\" too; give each server its own \"prefix\"",
				    b, p->cfg->servers[i].key);
			}
		}
}

void
config_defaults(struct config *cfg, const struct config_env *env)
{
	struct config_diag diag = { 0 };
	struct parser p = { env, cfg, &diag, false };
	char buf[LIMIT_PATH];

	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NLIMITS; i++)
		*(int64_t *)((char *)&cfg->limits + limit_defs[i].offset) = limit_defs[i].dflt;
	cfg->tools_on_new = ON_NEW_PIN;
	cfg->listen = xcalloc(1, sizeof(struct listen_addr));
	cfg->nlisten = 1;
	parse_listen(&p, "$.listen[0]", DEFAULT_LISTEN, &cfg->listen[0]);
	if (env->xdg_state_home && env->xdg_state_home[0] == '/')
		snprintf(buf, sizeof(buf), "%s/gatehouse", env->xdg_state_home);
	else
		snprintf(buf, sizeof(buf), "%s/.local/state/gatehouse", env->home ? env->home : "");
	cfg->state_dir = xstrdup(buf);
	config_diag_free(&diag);
}

bool
config_listens_publicly(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nlisten; i++)
		if (!cfg->listen[i].loopback)
			return true;
	return false;
}

int
config_parse(const char *buf, size_t len, const struct config_env *env, struct config *out,
    struct config_diag *diag)
{
	static const char *const keys[] = { "listen", "tls", "publicHosts", "allowedOrigins",
	    "trustedProxies", "stateDir", "limits", "tools", "redact", "mcpServers", "exec", "$schema", NULL };
	struct parser p = { env, out, diag, false };
	json_error_t jerr;
	json_t *root, *v;
	char where[64];

	config_defaults(out, env);
	if (len > LIMIT_CONFIG_BYTES) {
		cfg_err(&p, "$", "the file is larger than %d bytes", LIMIT_CONFIG_BYTES);
		return -1;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(where, sizeof(where), "line %d, column %d", jerr.line, jerr.column);
		cfg_err(&p, where, "invalid JSON (%s); fix the syntax (JSON has no comments or trailing commas)",
		    jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		cfg_err(&p, "$", "expected a JSON object, got %s", cfg_json_kind(root));
		json_decref(root);
		return -1;
	}
	cfg_check_keys(&p, "$", root, keys, "the configuration");

	if ((v = json_object_get(root, "listen")) != NULL) {
		for (size_t i = 0; i < out->nlisten; i++) {
			free(out->listen[i].text);
			free(out->listen[i].path);
		}
		free(out->listen);
		out->listen = NULL;
		out->nlisten = 0;
		parse_listen_list(&p, v);
	}
	if ((v = json_object_get(root, "tls")) != NULL)
		parse_tls(&p, v);
	if ((v = json_object_get(root, "publicHosts")) != NULL)
		out->public_hosts = string_list(&p, "$.publicHosts", v, &out->npublic_hosts,
		    hostcheck_hostname_valid, "a host name such as \"gw.example.com\" (optionally with :PORT)");
	if ((v = json_object_get(root, "allowedOrigins")) != NULL)
		parse_origins(&p, v);
	if ((v = json_object_get(root, "trustedProxies")) != NULL)
		parse_proxies(&p, v);
	if ((v = json_object_get(root, "stateDir")) != NULL && cfg_is_string(&p, "$.stateDir", v, false)) {
		char *dir = cfg_resolve_path(&p, "$.stateDir", json_string_value(v));
		if (dir) {
			free(out->state_dir);
			out->state_dir = dir;
		}
	}
	if ((v = json_object_get(root, "limits")) != NULL)
		parse_limits(&p, v);
	if ((v = json_object_get(root, "tools")) != NULL)
		parse_tools(&p, v);
	if ((v = json_object_get(root, "redact")) != NULL)
		parse_redact(&p, v);
	if ((v = json_object_get(root, "mcpServers")) != NULL)
		parse_servers(&p, v);
	if ((v = json_object_get(root, "exec")) != NULL)
		cfg_parse_exec(&p, v);

	/* The rule behind the leaks: no public listener without TLS or a terminating proxy. */
	for (size_t i = 0; i < out->nlisten; i++) {
		if (out->listen[i].loopback || out->tls_cert != NULL || out->ntrusted_proxies > 0 || env->no_listen)
			continue;
		cfg_path_index(where, sizeof(where), "$.listen", i);
		cfg_err(&p, where, "\"%s\" is not a loopback address and the gateway would serve it without TLS; "
		    "add \"tls\": {\"cert\": ..., \"key\": ...}, or a \"trustedProxies\" entry for the TLS-terminating proxy in front, "
		    "or listen on 127.0.0.1", out->listen[i].text);
	}
	json_decref(root);
	return diag->nerrors > 0 ? -1 : 0;
}


void
config_servers_free(struct server_config *servers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		server_free(&servers[i]);
	free(servers);
}

void
config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->nlisten; i++) {
		free(cfg->listen[i].text);
		free(cfg->listen[i].path);
	}
	free(cfg->listen);
	free(cfg->path);
	free(cfg->tls_cert);
	free(cfg->tls_key);
	free_list(cfg->public_hosts, cfg->npublic_hosts);
	free_list(cfg->allowed_origins, cfg->nallowed_origins);
	free(cfg->trusted_proxies);
	free(cfg->state_dir);
	for (size_t i = 0; i < cfg->nservers; i++)
		server_free(&cfg->servers[i]);
	free(cfg->servers);
	free_list(cfg->disabled, cfg->ndisabled);
	memset(cfg, 0, sizeof(*cfg));
}

void
config_diag_free(struct config_diag *diag)
{
	for (size_t i = 0; i < diag->nerrors; i++)
		free(diag->errors[i]);
	for (size_t i = 0; i < diag->nwarnings; i++)
		free(diag->warnings[i]);
	memset(diag, 0, sizeof(*diag));
}

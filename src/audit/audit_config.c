/*
 * Checks of gatehouse's own configuration (DESIGN.md section 8), and the parts of
 * --fix that concern it: a loopback bind instead of a public one without TLS, and a
 * first token when none exists. The file is read raw as well as parsed, so that a
 * configuration the parser refuses is still examined.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../auth/auth.h"
#include "../store/store.h"
#include "../util/util.h"
#include "audit.h"

/* The program name without its directory. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool
audit_is_shell_wrapper(const char *command, char *const *args, size_t nargs)
{
	static const char *const shells[] = { "sh", "bash", "zsh", "dash", "ksh", "fish", NULL };
	const char *b = base_name(command);
	bool shell = false;

	for (size_t i = 0; shells[i]; i++)
		if (strcmp(b, shells[i]) == 0)
			shell = true;
	if (!shell)
		return false;
	for (size_t i = 0; i < nargs; i++)
		if (args[i][0] == '-' && args[i][1] != '-' && strchr(args[i], 'c') != NULL)
			return true;
	return false;
}

/*
 * The package an npx/uvx/pipx command runs when it names no version, else NULL.
 * npx: the first argument that is not an option; "pkg@1.2.3" and "@scope/pkg@1.2.3"
 * are pinned, "pkg" and "pkg@latest" are not. uvx / pipx run: "pkg==1.2.3" or
 * "pkg@1.2.3" are pinned.
 */
const char *
audit_unpinned_package(const char *command, char *const *args, size_t nargs)
{
	const char *b = base_name(command);
	size_t i = 0;
	bool npx = strcmp(b, "npx") == 0, uvx = strcmp(b, "uvx") == 0;

	if (strcmp(b, "pipx") == 0 && nargs > 0 && strcmp(args[0], "run") == 0) {
		uvx = true;
		i = 1;
	}
	if (!npx && !uvx)
		return NULL;
	for (; i < nargs; i++) {
		const char *a = args[i];
		if (a[0] == '-') {
			/* Options with a value: skip it too. */
			if (strcmp(a, "--package") == 0 || strcmp(a, "-p") == 0 || strcmp(a, "--from") == 0 ||
			    strcmp(a, "--python") == 0 || strcmp(a, "--with") == 0)
				i++;
			continue;
		}
		if (npx) {
			const char *at = strrchr(a, '@');
			if (at == NULL || at == a || strcmp(at, "@latest") == 0 || at[1] == '\0')
				return a;
			return NULL;
		}
		if (strstr(a, "==") != NULL || strchr(a, '@') != NULL)
			return NULL;
		return a;
	}
	return NULL;
}

static bool
url_plain_http_public(const char *url)
{
	struct addr a;
	const char *host;
	size_t n;

	if (strncasecmp(url, "http://", 7) != 0)
		return false;
	host = url + 7;
	n = strcspn(host, "/?#");
	if (memchr(host, '@', n) != NULL)
		return true;
	if (n > 2 && host[0] == '[') {
		const char *close = memchr(host, ']', n);
		return !(close && addr_parse(host + 1, (size_t)(close - host) - 1, &a) == 0 && addr_is_loopback(&a));
	}
	n = strcspn(host, ":/?#");
	if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
		return false;
	return !(addr_parse(host, n, &a) == 0 && addr_is_loopback(&a));
}

/* Checks that need the raw JSON, because the parser refuses these values. */
static void
raw_checks(const struct audit_opts *o, struct report *r)
{
	json_t *root, *origins, *v;
	size_t i;

	if (o->config_path == NULL)
		return;
	root = json_load_file(o->config_path, 0, NULL);
	if (root == NULL)
		return;
	origins = json_object_get(root, "allowedOrigins");
	if (json_is_array(origins))
		json_array_foreach(origins, i, v)
			if (json_is_string(v) && (strcmp(json_string_value(v), "*") == 0 ||
			    strcasecmp(json_string_value(v), "null") == 0 ||
			    strchr(json_string_value(v), '*') != NULL))
				audit_add(r, "GH-CFG-003", o->cfg && config_listens_publicly(o->cfg) ? SEV_CRITICAL : -1,
				    o->config_path, "allowedOrigins[%zu] is \"%s\"", i, json_string_value(v));
	json_decref(root);
}

static void
server_checks(const struct audit_opts *o, struct report *r, const struct server_config *s)
{
	char where[LIMIT_PATH + 128];
	const char *pkg;

	snprintf(where, sizeof(where), "%s: server %s", o->config_path ? o->config_path : "(defaults)", s->key);
	for (size_t i = 0; i < s->nenv; i++)
		if (s->env[i].kind == VALUE_INLINE && !s->env[i].expand && config_looks_secret(s->env[i].name, s->env[i].value))
			audit_add(r, "GH-CFG-004", -1, where, "%s \"%s\" is written inline (%.4s...)",
			    s->transport == SERVER_HTTP ? "header" : "variable", s->env[i].name, s->env[i].value);
	if (s->transport == SERVER_STDIO && s->command) {
		if (audit_is_shell_wrapper(s->command, s->args, s->nargs))
			audit_add(r, "GH-CFG-005", -1, where, "command \"%s\" with -c", s->command);
		if ((pkg = audit_unpinned_package(s->command, s->args, s->nargs)) != NULL)
			audit_add(r, "GH-CFG-006", -1, where, "%s runs \"%s\" without a version", s->command, pkg);
		if (s->sandbox_off)
			audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\": false: the server runs unconfined");
		else if (s->sandbox_network == NETWORK_HOST)
			audit_add(r, "GH-CFG-008", SEV_INFO, where, "\"sandbox\": {\"network\": true}");
		for (size_t i = 0; i < s->nsandbox_write; i++)
			if (strcmp(s->sandbox_write[i], "/") == 0 || (o->home && strcmp(s->sandbox_write[i], o->home) == 0))
				audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\".\"write\" includes %s", s->sandbox_write[i]);
	}
	if (s->transport == SERVER_HTTP && s->url && url_plain_http_public(s->url))
		audit_add(r, "GH-CFG-007", -1, where, "url %s", s->url);
	/* The commands of "exec" have a sandbox each: the same findings, per command. */
	for (size_t i = 0; s->transport == SERVER_EXEC && i < s->nexec; i++) {
		const struct exec_command *c = &s->exec[i];
		snprintf(where, sizeof(where), "%s: exec command %s", o->config_path ? o->config_path : "(defaults)", c->name);
		if (c->sandbox->sandbox_off)
			audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\": false: the command runs unconfined");
		else if (c->sandbox->sandbox_network == NETWORK_HOST)
			audit_add(r, "GH-CFG-008", SEV_INFO, where, "\"sandbox\": {\"network\": true}");
		for (size_t k = 0; k < c->sandbox->nsandbox_write; k++)
			if (strcmp(c->sandbox->sandbox_write[k], "/") == 0 ||
			    (o->home && strcmp(c->sandbox->sandbox_write[k], o->home) == 0))
				audit_add(r, "GH-CFG-008", -1, where, "\"sandbox\".\"write\" includes %s", c->sandbox->sandbox_write[k]);
	}
}

/* ---- --fix of "listen", in place ------------------------------------------------ */

/*
 * To change one value and keep every other byte of the file, we need where the
 * strings of the top-level "listen" array are in the text. jansson parses but
 * keeps no positions, so this scanner only finds spans; jansson stays the judge:
 * the edited text is parsed again and must equal the original document with
 * exactly the intended values changed, or it is not written.
 */
struct span {
	size_t start, end;      /* a string token, its quotes included */
};

#define FIX_MAX_DEPTH 64

static size_t
skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static size_t
skip_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return SIZE_MAX;
}

/* The end of the value at i, or SIZE_MAX. Containers are walked member by member. */
static size_t
skip_value(const char *s, size_t n, size_t i, int depth)
{
	char close;

	if (i >= n || depth > FIX_MAX_DEPTH)
		return SIZE_MAX;
	if (s[i] == '"')
		return skip_string(s, n, i);
	if (s[i] != '{' && s[i] != '[') {
		size_t k = i;
		while (k < n && (strchr("+-.eE", s[k]) != NULL || (s[k] >= '0' && s[k] <= '9') ||
		    (s[k] >= 'a' && s[k] <= 'z')))
			k++;
		return k > i ? k : SIZE_MAX;
	}
	close = s[i] == '{' ? '}' : ']';
	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == close)
		return i + 1;
	for (;;) {
		if (close == '}') {
			if (i >= n || s[i] != '"' || (i = skip_string(s, n, i)) == SIZE_MAX)
				return SIZE_MAX;
			i = skip_ws(s, n, i);
			if (i >= n || s[i] != ':')
				return SIZE_MAX;
			i = skip_ws(s, n, i + 1);
		}
		if ((i = skip_value(s, n, i, depth + 1)) == SIZE_MAX)
			return SIZE_MAX;
		i = skip_ws(s, n, i);
		if (i < n && s[i] == ',') {
			i = skip_ws(s, n, i + 1);
			continue;
		}
		return i < n && s[i] == close ? i + 1 : SIZE_MAX;
	}
}

/* The spans of the strings of the top-level "listen" array (the last such key,
 * as the parser keeps the last). Returns how many, or -1. */
static int
listen_spans(const char *s, size_t n, struct span *out, size_t max)
{
	size_t i = skip_ws(s, n, 0), k;
	int found = -1;

	if (i >= n || s[i] != '{')
		return -1;
	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == '}')
		return -1;
	for (;;) {
		size_t key = i;
		if (i >= n || s[i] != '"' || (i = skip_string(s, n, i)) == SIZE_MAX)
			return -1;
		bool is_listen = i - key == 8 && memcmp(s + key, "\"listen\"", 8) == 0;
		i = skip_ws(s, n, i);
		if (i >= n || s[i] != ':')
			return -1;
		i = skip_ws(s, n, i + 1);
		if (is_listen && i < n && s[i] == '[') {
			found = 0;
			k = skip_ws(s, n, i + 1);
			while (k < n && s[k] != ']') {
				size_t end = skip_value(s, n, k, 1);
				if (end == SIZE_MAX)
					return -1;
				if (s[k] == '"' && (size_t)found < max)
					out[found] = (struct span){ k, end };
				found++;
				k = skip_ws(s, n, end);
				if (k < n && s[k] == ',')
					k = skip_ws(s, n, k + 1);
			}
		}
		if ((i = skip_value(s, n, i, 1)) == SIZE_MAX)
			return -1;
		i = skip_ws(s, n, i);
		if (i < n && s[i] == ',') {
			i = skip_ws(s, n, i + 1);
			continue;
		}
		return i < n && s[i] == '}' ? found : -1;
	}
}

/*
 * The original text with the listen entries marked in `change` replaced by
 * their new values, or NULL when that cannot be done exactly: the result must
 * parse to `want` (the original document with those values changed).
 */
static char *
edit_in_place(const char *orig, size_t len, json_t *listen, const bool *change, const json_t *want,
    size_t *outlen)
{
	struct span sp[64];
	size_t n = json_array_size(listen), off = 0;
	struct strbuf b = { 0 };
	json_t *check;
	int got;

	memset(sp, 0, sizeof(sp));
	if (n > 64 || (got = listen_spans(orig, len, sp, 64)) < 0 || (size_t)got != n)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!change[i])
			continue;
		char *enc = json_dumps(json_array_get(listen, i), JSON_ENCODE_ANY);
		/* The scanner and the parser must agree on where the value is. */
		if (enc == NULL || sp[i].start < off || sp[i].end <= sp[i].start || sp[i].end > len ||
		    orig[sp[i].start] != '"') {
			free(enc);
			free(b.buf);
			return NULL;
		}
		strbuf_printf(&b, "%.*s%s", (int)(sp[i].start - off), orig + off, enc);
		off = sp[i].end;
		free(enc);
	}
	strbuf_printf(&b, "%.*s", (int)(len - off), orig + off);
	check = b.buf ? json_loadb(b.buf, b.len, 0, NULL) : NULL;
	if (check == NULL || !json_equal(check, want)) {
		json_decref(check);
		free(b.buf);
		return NULL;
	}
	json_decref(check);
	*outlen = b.len;
	return b.buf;
}

/*
 * A backup that never replaces another: FILE.bak-UNIXTIME, else -UNIXTIME-2,
 * -3... (two fixes in one second must not lose the first original), created
 * 0600 with O_EXCL. Returns 0 with its name in out.
 */
static int
write_backup(const char *path, const char *data, size_t len, char *out, size_t cap)
{
	long long now = (long long)util_wall_seconds();

	for (int k = 1; k <= AUDIT_FIX_BACKUPS_MAX; k++) {
		int fd, n;
		size_t off = 0;
		n = k == 1 ? snprintf(out, cap, "%s.bak-%lld", path, now) :
		    snprintf(out, cap, "%s.bak-%lld-%d", path, now, k);
		if (n < 0 || (size_t)n >= cap) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0)
			return -1;
		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (off < len || fsync(fd) != 0) {
			close(fd);
			unlink(out);
			return -1;
		}
		return close(fd);
	}
	errno = EEXIST;
	return -1;
}

/*
 * --fix: a public listener without TLS or proxy becomes 127.0.0.1 on the same
 * port. The file is backed up first (FILE.bak-UNIXTIME, 0600) and rewritten
 * atomically with only those values changed: every other byte (spacing, key
 * order, the other entries) is kept. If the text cannot be edited exactly so,
 * the file is rewritten whole, and the report says so and names the backup.
 */
static bool
fix_bind(const struct audit_opts *o, struct report *r)
{
	json_t *root, *listen, *v;
	char backup[LIMIT_PATH], *text = NULL, *orig;
	size_t i, len, textlen = 0;
	bool changed = false, whole = false, change[64] = { false };

	if (o->config_path == NULL)
		return false;
	orig = util_read_file(o->config_path, LIMIT_CONFIG_BYTES, &len);
	if (orig == NULL)
		return false;
	root = json_loadb(orig, len, 0, NULL);
	listen = root ? json_object_get(root, "listen") : NULL;
	if (!json_is_array(listen) || json_object_get(root, "tls") || json_object_get(root, "trustedProxies")) {
		json_decref(root);
		free(orig);
		return false;
	}
	json_array_foreach(listen, i, v) {
		const char *t = json_string_value(v), *colon;
		struct addr a;
		if (t == NULL || strncmp(t, "unix:", 5) == 0 || (colon = strrchr(t, ':')) == NULL)
			continue;
		const char *host = t;
		size_t hlen = (size_t)(colon - t);
		if (hlen >= 2 && host[0] == '[') {
			host++;
			hlen -= 2;
		}
		if ((hlen == 9 && strncasecmp(host, "localhost", 9) == 0) ||
		    (addr_parse(host, hlen, &a) == 0 && addr_is_loopback(&a)))
			continue;
		char fixed[64];
		snprintf(fixed, sizeof(fixed), "127.0.0.1%s", colon);
		audit_fixed(r, "%s: \"listen\" entry \"%s\" changed to \"%s\" (no TLS, no trusted proxy)",
		    o->config_path, t, fixed);
		json_array_set_new(listen, i, json_string(fixed));
		if (i < 64)
			change[i] = true;
		changed = true;
	}
	if (changed) {
		text = json_array_size(listen) <= 64 ? edit_in_place(orig, len, listen, change, root, &textlen) : NULL;
		if (text == NULL) {
			whole = true;
			text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			textlen = text ? strlen(text) : 0;
		}
		if (text == NULL || write_backup(o->config_path, orig, len, backup, sizeof(backup)) != 0 ||
		    util_write_file_private(o->config_path, text, textlen) != 0) {
			audit_note(r, "could not rewrite %s to bind loopback: %s", o->config_path, strerror(errno));
			changed = false;
		} else if (whole) {
			audit_fixed(r, "rewrote the whole of %s (it could not be edited in place, so its formatting "
			    "changed); the previous file is %s", o->config_path, backup);
		} else {
			audit_fixed(r, "backed up the previous %s as %s; only the changed values differ",
			    o->config_path, backup);
		}
		free(text);
	}
	r->config_rewritten |= changed;
	json_decref(root);
	free(orig);
	return changed;
}

/* --fix: the gateway's first token, exactly as `serve` would create it. */
static void
fix_first_token(const struct audit_opts *o, struct report *r)
{
	struct store *st;
	char err[LIMIT_PATH + 256], token[TOKEN_TEXT_LEN + 2], path[LIMIT_PATH];
	uint8_t hash[TOKEN_HASH_BYTES];

	if (o->cfg == NULL || o->cfg->state_dir == NULL)
		return;
	if (store_open(o->cfg->state_dir, &st, err, sizeof(err)) != 0) {
		audit_note(r, "could not open the state database to check tokens: %s", err);
		return;
	}
	if (store_token_count(st) == 0) {
		auth_token_generate(token);
		auth_token_hash(token, TOKEN_TEXT_LEN, hash);
		token[TOKEN_TEXT_LEN] = '\n';
		token[TOKEN_TEXT_LEN + 1] = '\0';
		snprintf(path, sizeof(path), "%s/default.token", o->cfg->state_dir);
		if (util_write_file_private(path, token, TOKEN_TEXT_LEN + 1) == 0 &&
		    store_token_add(st, "default", hash, 0, NULL) == STORE_OK)
			audit_fixed(r, "created the client token \"default\" in %s (0600)", path);
		sodium_memzero(token, sizeof(token));
	}
	store_close(st);
}

void
audit_config(const struct audit_opts *o, struct report *r)
{
	const struct config *cfg = o->cfg;

	for (size_t i = 0; i < o->nconfig_errors; i++)
		audit_add(r, "GH-CFG-001", -1, o->config_path ? o->config_path : "", "%s", o->config_errors[i]);
	raw_checks(o, r);
	if (cfg == NULL)
		return;
	/* What --fix changes is found first, as it was: the caller checks the file
	 * again afterwards and shows it as fixed. */
	for (size_t i = 0; i < cfg->nlisten; i++)
		if (!cfg->listen[i].loopback && cfg->tls_cert == NULL && cfg->ntrusted_proxies == 0)
			audit_add(r, "GH-CFG-002", -1, o->config_path, "\"listen\": \"%s\"", cfg->listen[i].text);
	for (size_t i = 0; i < cfg->ntrusted_proxies; i++) {
		const struct cidr *c = &cfg->trusted_proxies[i];
		unsigned bits = c->net.family == AF_INET ? c->prefix - 96 : c->prefix;
		if ((c->net.family == AF_INET && bits < 24) || (c->net.family == AF_INET6 && bits < 64)) {
			char net[ADDR_STRLEN];
			addr_format(&c->net, net, sizeof(net));
			audit_add(r, "GH-CFG-009", -1, o->config_path, "trustedProxies[%zu] is %s/%u", i, net, bits);
		}
	}
	for (size_t i = 0; i < cfg->nservers; i++)
		server_checks(o, r, &cfg->servers[i]);
	if (o->fix) {
		fix_bind(o, r);
		fix_first_token(o, r);
	}
}

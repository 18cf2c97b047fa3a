/*
 * Harm placed in a schema's defaults (GH-TP-035). A poisoned tool need not say
 * anything wrong: "Keep the defaults" is honest advice, and the harm is in the
 * value the server uses when the model leaves a parameter out, or that the
 * model copies because the schema offers it. The blind sets hold cleanup tools
 * whose default globs reach every `.git` directory and every SQLite file, a preset object
 * with `allow_force_pushes: true`, `skipBackup: true` on a tool that drops a
 * collection, `iterations: 100000`, and a post-install default that fetches a
 * script and evals it; the twenty-second, a card charge confirmed by default
 * (`autoConfirmCharge: true`), branch policies bypassed, a million requests, and
 * a Content-Security-Policy of `default-src * 'unsafe-eval'`. The text rules
 * read each default as text (a glob is no sentence); this check reads a default
 * with the name of its parameter and with what the tool does.
 *
 * It is narrow on purpose: every name below is one whose default, set that way,
 * switches a protection off or turns a dangerous capability on; no real tool of
 * the 229 kept lists has one (a droplet's `Backup: false` and a branch rule's
 * `code_owner_approval_required: false` are an honest platform's own defaults,
 * so backups and review requirements are not in the lists). The check is pure:
 * names and values, no patterns.
 */
#include "scan_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Switched on by a default of true: a protection bypassed, or a capability a
 * model should ask for, never get unasked. Compared without '_', '-' or case. */
static const char *const unsafe_true[] = {
	"allowforcepush", "allowforcepushes", "allowdeletion", "allowdeletions", "allowdangerous",
	"privileged", "includeenv", "includepii", "includecookies", "includeservicerole",
	"includesecret", "includesecrets", "includecredentials", "includetokens", "includeapikeys",
	"includepasswords", "deletelocaldata", "droptarget", "dropexisting", "skipbackup",
	"skipbackups", "nobackup", "skipverify", "skipverification", "skiptlsverify",
	"skipsslverify", "insecure", "insecureskipverify", "noverify", "trustall", "autoapprove",
	"autoaccept", "autoconfirm", "skipconfirm", "skipconfirmation", "noconfirm", "purgeall",
	"purgeeverything", "deleteall", "wipeall", "makepublic", "publicaccess", "ignoresslerrors",
	"ignorecertificateerrors", "ignorehttpserrors", "acceptinsecurecerts", NULL
};

/* The start of a name switched on by a default of true that lets a charge, a
 * change or a step pass unconfirmed ("autoConfirmCharge", "autoApprovePayment"). */
static const char *const unsafe_true_prefixes[] = {
	"autoconfirm", "autoapprove", "autoaccept", "skipconfirm", "noconfirm", NULL
};

/* "disable" or "bypass" before one of these: a protection switched off. */
static const char *const protections[] = {
	"auth", "authentication", "authorization", "ssl", "tls", "verification", "verify", "security",
	"sandbox", "statementtimeout", "ratelimit", "ratelimiting", "2fa", "mfa", "protection",
	"protections", "checks", "validation", "signing", "signatureverification", "audit",
	"auditlog", "auditlogging", "encryption", "firewall", "approval", "approvals", "review",
	"reviews", "safety", "safeguards", "guardrails", "policy", "policies", "policycheck",
	"policychecks", "branchpolicy", "branchpolicies", "hooks", NULL
};

/* Switched off by a default of false: checking a certificate, a signature or a rule. */
static const char *const unsafe_false[] = {
	"verify", "verifyssl", "verifytls", "verifycert", "verifycerts", "verifycertificate",
	"verifycertificates", "verifyjwt", "verifysignature", "verifysignatures", "verifychecksum",
	"verifychecksums", "verifyhost", "verifyhostkey", "sslverify", "tlsverify", "strictssl",
	"rejectunauthorized", "validatecert", "validatecerts", "checkcertificate", "enforceadmins",
	"requiresignedcommits", NULL
};

/* Counts of work in one call: a default of LIMIT_SCAN_DEFAULT_COUNT or more is a
 * loop that exhausts the machine, a quota or a rate limit. */
static const char *const counts[] = {
	"iteration", "iterations", "step", "steps", "repeat", "repeats", "repetitions", "runs", "times",
	"loops", "retries", "maxretries", "maxpages", "concurrency", "parallelism", "poolsize", "workers",
	"permodel", "copies", "replicas", "instances", "requests", "totalrequests", "numrequests", NULL
};

/* A term of months to pay for: a default of LIMIT_SCAN_DEFAULT_MONTHS or more
 * commits the user to years of charges they did not choose. */
static const char *const terms[] = {
	"billingperiodmonths", "periodmonths", "termmonths", "commitmentmonths", "contractmonths",
	"billingmonths", "durationmonths", NULL
};

/* A plan to pay for: a paid one as the default where the enum offers a free one
 * (`"enum": ["free", "pro", "scale_enterprise"], "default": "scale_enterprise"`). */
static const char *const plans[] = {
	"plan", "tier", "billingplan", "subscriptionplan", "pricingplan", "subscriptiontier", "plantier", NULL
};

/* A parameter whose globs or paths are spared, not acted on. */
static const char *const spared[] = {
	"exclude", "ignore", "protect", "keep", "skip", "except", "preserve", "allow", "safe",
	"whitelist", "retain", "omit", "spare", NULL
};

static bool
prefixed_protection(const char *flat)
{
	static const char *const verbs[] = { "disable", "bypass", "skip", NULL };

	for (const char *const *v = verbs; *v != NULL; v++) {
		size_t n = strlen(*v);
		if (strncmp(flat, *v, n) == 0 && scan_word_in(flat + n, strlen(flat + n), protections))
			return true;
	}
	return false;
}

/* Does the path component c[0, n) name a store of history, keys or data that a
 * cleanup has no business removing? */
static bool
kept_component(const char *c, size_t n)
{
	static const char *const dirs[] = { ".git", ".hg", ".svn", ".ssh", ".gnupg", ".aws", ".kube",
		"backup", "backups", NULL };
	static const char *const exts[] = { ".sqlite", ".sqlite3", ".db", ".kdbx", ".pem", ".key", NULL };

	for (const char *const *d = dirs; *d != NULL; d++)
		if (strlen(*d) == n && strncasecmp(c, *d, n) == 0)
			return true;
	/* a glob of a kind of file: "*.sqlite" as the last component */
	if (n > 1 && c[0] == '*')
		for (const char *const *e = exts; *e != NULL; e++)
			if (strlen(*e) == n - 1 && strncasecmp(c + 1, *e, n - 1) == 0)
				return true;
	return false;
}

/* A glob or path that reaches a kept store, or the whole file system or home. */
static bool
reaches_kept(const char *s)
{
	static const char *const wholes[] = { "/", "/*", "/**", "~", "~/", "~/*", "~/**", "$HOME", "${HOME}", NULL };
	const char *p = s;

	for (const char *const *w = wholes; *w != NULL; w++)
		if (strcmp(s, *w) == 0)
			return true;
	while (*p != '\0') {
		size_t n = strcspn(p, "/\\");
		if (kept_component(p, n))
			return true;
		p += n;
		if (*p != '\0')
			p++;
	}
	return false;
}

/* Every item: a default that is the whole collection ("*" for the ids of a
 * removal). */
static bool
names_every(const char *flat, const char *s)
{
	size_t n = strlen(flat);

	return (strcmp(s, "*") == 0 || strcmp(s, "all") == 0) && n >= 2 &&
	    (strcmp(flat + n - 2, "id") == 0 || (n >= 3 && strcmp(flat + n - 3, "ids") == 0));
}

/* A command that fetches code and runs it: "curl ... | sh", an eval of what an
 * https get returned, an installer told to trust everything. */
static bool
runs_fetched(const char *s)
{
	const char *pipe;

	if (strstr(s, "--trust-all") != NULL || strstr(s, "--unsafe-perm") != NULL)
		return true;
	if ((strcasestr(s, "curl ") != NULL || strcasestr(s, "wget ") != NULL) &&
	    (pipe = strchr(s, '|')) != NULL) {
		pipe++;
		while (*pipe == ' ')
			pipe++;
		if (strncmp(pipe, "sudo ", 5) == 0)
			pipe += 5;
		if (strncmp(pipe, "sh", 2) == 0 || strncmp(pipe, "bash", 4) == 0 || strncmp(pipe, "zsh", 3) == 0 ||
		    strncmp(pipe, "python", 6) == 0 || strncmp(pipe, "node", 4) == 0)
			return true;
	}
	return (strstr(s, "eval(") != NULL || strstr(s, "exec(") != NULL || strstr(s, "Function(") != NULL) &&
	    (strstr(s, "http://") != NULL || strstr(s, "https://") != NULL || strstr(s, "'https'") != NULL ||
	    strstr(s, "\"https\"") != NULL);
}

/* A browser policy opened to everything: a Content-Security-Policy that lets any
 * source run or lets scripts eval, a frame policy that lets any site frame the page. */
static bool
opens_browser_policy(const char *flat, const char *s)
{
	if (strncasecmp(s, "default-src *", 13) == 0 || strcasestr(s, "'unsafe-eval'") != NULL)
		return true;
	return strstr(flat, "frame") != NULL && strcasecmp(s, "allowall") == 0;
}

static bool
starts_with_any(const char *flat, const char *const *list)
{
	for (const char *const *p = list; *p != NULL; p++)
		if (strncmp(flat, *p, strlen(*p)) == 0)
			return true;
	return false;
}

static size_t
say(char *why, size_t cap, const char *key, const char *what)
{
	int n = snprintf(why, cap, "%s: %s", key, what);

	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static size_t
judge_string(const char *key, const char *flat, const char *s, bool removes, char *why, size_t cap)
{
	bool spare = false;

	for (const char *const *w = spared; *w != NULL; w++)
		spare = spare || strstr(flat, *w) != NULL;
	if (runs_fetched(s) || opens_browser_policy(flat, s))
		return say(why, cap, key, s);
	if (removes && !spare && (reaches_kept(s) || names_every(flat, s)))
		return say(why, cap, key, s);
	return 0;
}

static size_t judge(const char *key, const json_t *v, bool removes, int depth, char *why, size_t cap);

/* The values of an object default are defaults too: a preset of settings. */
static size_t
judge_object(const json_t *o, bool removes, int depth, char *why, size_t cap)
{
	const char *k;
	json_t *v;
	size_t n;

	json_object_foreach((json_t *)o, k, v)
		if ((n = judge(k, v, removes, depth + 1, why, cap)) > 0)
			return n;
	return 0;
}

static size_t
judge(const char *key, const json_t *v, bool removes, int depth, char *why, size_t cap)
{
	char flat[SCAN_FLAT_CAP];
	size_t i, n, fn;
	json_t *e;

	if (depth > LIMIT_SCAN_DEFAULT_DEPTH || !scan_flat_name(key, flat, sizeof(flat)))
		return 0;
	fn = strlen(flat);
	switch (json_typeof(v)) {
	case JSON_TRUE:
		if (scan_word_in(flat, fn, unsafe_true) || starts_with_any(flat, unsafe_true_prefixes) ||
		    prefixed_protection(flat) || (removes && strcmp(flat, "force") == 0))
			return say(why, cap, key, "true");
		return 0;
	case JSON_FALSE:
		return scan_word_in(flat, fn, unsafe_false) ? say(why, cap, key, "false") : 0;
	case JSON_INTEGER:
	case JSON_REAL:
		if ((scan_word_in(flat, fn, counts) && json_number_value(v) >= LIMIT_SCAN_DEFAULT_COUNT) ||
		    (scan_word_in(flat, fn, terms) && json_number_value(v) >= LIMIT_SCAN_DEFAULT_MONTHS)) {
			char num[32];
			snprintf(num, sizeof(num), "%.0f", json_number_value(v));
			return say(why, cap, key, num);
		}
		return 0;
	case JSON_STRING:
		return judge_string(key, flat, json_string_value(v), removes, why, cap);
	case JSON_ARRAY:
		json_array_foreach(v, i, e) {
			if (i >= LIMIT_SCAN_DEFAULT_ITEMS)
				break;
			if (json_is_string(e) && (n = judge_string(key, flat, json_string_value(e), removes, why, cap)) > 0)
				return n;
		}
		return 0;
	case JSON_OBJECT:
		return judge_object(v, removes, depth, why, cap);
	default:
		return 0;
	}
}

/* A paid plan as the default of a plan parameter (its name `flat`) whose enum
 * offers "free". */
static size_t
paid_by_default(const char *key, const char *flat, const json_t *schema, char *why, size_t cap)
{
	const json_t *def = json_object_get(schema, "default"), *e;
	bool free_offered = false, listed = false;
	size_t i;

	if (!json_is_string(def) || !scan_word_in(flat, strlen(flat), plans) ||
	    strcasecmp(json_string_value(def), "free") == 0)
		return 0;
	json_array_foreach(json_object_get(schema, "enum"), i, e) {
		if (i >= LIMIT_SCAN_DEFAULT_ITEMS || !json_is_string(e))
			break;
		free_offered = free_offered || strcasecmp(json_string_value(e), "free") == 0;
		listed = listed || strcmp(json_string_value(e), json_string_value(def)) == 0;
	}
	return free_offered && listed ? say(why, cap, key, json_string_value(def)) : 0;
}

size_t
scan_unsafe_default(const char *key, const json_t *schema, bool removes, char *why, size_t cap)
{
	const json_t *value = json_object_get(schema, "default");
	char flat[SCAN_FLAT_CAP];
	size_t n;

	if (key == NULL || value == NULL || cap == 0)
		return 0;
	why[0] = '\0';
	if ((n = judge(key, value, removes, 0, why, cap)) > 0 || !scan_flat_name(key, flat, sizeof(flat)))
		return n;
	return paid_by_default(key, flat, schema, why, cap);
}

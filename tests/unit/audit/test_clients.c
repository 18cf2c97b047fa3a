/*
 * Unit tests for src/audit/audit_clients.c: MCP client configurations in a home
 * directory built for each case (Claude Desktop, Claude Code, Cursor, VS Code,
 * Windsurf, Gemini CLI) must give exactly the expected check ids and severities,
 * name the file and server, and never carry a planted secret in the report. Also
 * the JSON-with-comments stripper that lets VS Code's settings.json parse.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "util/util.h"
#include "../../support/rm_tree.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#include "clients/clients.h"

/* Fake secrets, planted in the fixtures; none may appear in any report. */
#define OPENAI_KEY    "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7"
#define ANTHROPIC_KEY "sk-ant-api03-Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7-_Qw3rTy6uIo9pAs"
#define GITHUB_TOKEN  "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
#define PLAIN_PASS    "hunter2hunter2"
#define QUERY_KEY     "q9w8e7r6t5y4u3i2"

static const char *const planted[] = { OPENAI_KEY, ANTHROPIC_KEY, GITHUB_TOKEN, PLAIN_PASS, QUERY_KEY,
    "Qw3rTy6uIo9pAs2d", "6hIj9kLm2nOp5qRs" };

struct want {
	const char *id;
	int         severity;
};

#define CLAUDE_DESKTOP ".config/Claude/claude_desktop_config.json"
#define CLAUDE_CODE    ".claude.json"
#define CURSOR         ".cursor/mcp.json"
#define VSCODE_MCP     ".config/Code/User/mcp.json"
#define VSCODE_SET     ".config/Code/User/settings.json"
#define WINDSURF       ".codeium/windsurf/mcp_config.json"
#define GEMINI         ".gemini/settings.json"

static const struct {
	const char *name;
	const char *file;
	const char *json;
	mode_t      mode;
	bool        open_home;          /* home 0755 instead of 0700 */
	struct want want[8];            /* every finding, in any order; ends at id NULL */
	const char *location;           /* one finding's location must end with this */
} cases[] = {
	{ "inline key, private file", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"openai\": {\"command\": \"node\", \"args\": [\"s.js\"],"
	  " \"env\": {\"OPENAI_API_KEY\": \"" OPENAI_KEY "\"}}}}", 0600, false,
	  { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server openai" },
	{ "inline key, file readable by others", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"openai\": {\"command\": \"node\", \"args\": [\"s.js\"],"
	  " \"env\": {\"OPENAI_API_KEY\": \"" OPENAI_KEY "\"}}}}", 0644, true,
	  { { "GH-CLI-001", SEV_CRITICAL }, { "GH-CLI-006", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "inline key, 0644 but the home keeps others out", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"openai\": {\"command\": \"node\", \"args\": [\"s.js\"],"
	  " \"env\": {\"OPENAI_API_KEY\": \"" OPENAI_KEY "\"}}}}", 0644, false,
	  { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-006", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "env references are not secrets", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"a\": {\"command\": \"node\", \"env\": {\"OPENAI_API_KEY\": \"${env:OPENAI_API_KEY}\","
	  " \"GITHUB_TOKEN\": \"${GITHUB_TOKEN}\", \"API_KEY\": \"your-api-key-here\", \"TOKEN_FILE\": \"/run/secrets/t\","
	  " \"SECRET\": \"$SECRET\", \"LOG_LEVEL\": \"debugdebugdebug\", \"PASSWORD\": \"\"}}}}", 0600, false,
	  { { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "a password under a telling name", CURSOR,
	  "{\"mcpServers\": {\"db\": {\"command\": \"/usr/bin/mcp-db\", \"env\": {\"DB_PASSWORD\": \"" PLAIN_PASS "\"}}}}",
	  0600, false, { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server db" },
	{ "a key in an argument", CURSOR,
	  "{\"mcpServers\": {\"s\": {\"command\": \"/usr/bin/mcp-s\", \"args\": [\"--api-key=" ANTHROPIC_KEY "\"]}}}",
	  0600, false, { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "a token after its flag", CURSOR,
	  "{\"mcpServers\": {\"s\": {\"command\": \"/usr/bin/mcp-s\", \"args\": [\"--token\", \"" PLAIN_PASS "\"]}}}",
	  0600, false, { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "sh -c", CURSOR,
	  "{\"mcpServers\": {\"w\": {\"command\": \"sh\", \"args\": [\"-c\", \"node server.js\"]}}}", 0600, false,
	  { { "GH-CLI-002", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server w" },
	{ "bash -lc with an unpinned npx inside", CURSOR,
	  "{\"mcpServers\": {\"w\": {\"command\": \"/bin/bash\", \"args\": [\"-lc\", \"npx -y some-mcp-server\"]}}}",
	  0600, false, { { "GH-CLI-002", SEV_WARN }, { "GH-CLI-003", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "zsh without -c is a program", CURSOR,
	  "{\"mcpServers\": {\"z\": {\"command\": \"zsh\", \"args\": [\"script.zsh\"]}}}", 0600, false,
	  { { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "unpinned npx -y", CURSOR,
	  "{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/tmp\"]}}}",
	  0600, false, { { "GH-CLI-003", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server fs" },
	{ "pinned npx", CURSOR,
	  "{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem@2025.8.21\", \"/tmp\"]}}}",
	  0600, false, { { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "npx @latest is not a pin", CURSOR,
	  "{\"mcpServers\": {\"x\": {\"command\": \"npx\", \"args\": [\"--yes\", \"mcp-x@latest\"]}}}", 0600, false,
	  { { "GH-CLI-003", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "uvx unpinned, pipx run unpinned, uvx pinned", WINDSURF,
	  "{\"mcpServers\": {\"a\": {\"command\": \"uvx\", \"args\": [\"mcp-server-fetch\"]},"
	  " \"b\": {\"command\": \"pipx\", \"args\": [\"run\", \"mcp-server-git\"]},"
	  " \"c\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time==0.6.2\"]}}}", 0600, false,
	  { { "GH-CLI-003", SEV_WARN }, { "GH-CLI-003", SEV_WARN }, { "GH-CLI-005", SEV_INFO },
	    { "GH-CLI-005", SEV_INFO }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "a command line in one string", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"one\": {\"command\": \"npx -y mcp-one\"}}}", 0600, false,
	  { { "GH-CLI-003", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "plain http to another host", VSCODE_MCP,
	  "{\"servers\": {\"r\": {\"type\": \"http\", \"url\": \"http://mcp.example.com:8080/mcp\"}}}", 0600, false,
	  { { "GH-CLI-004", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server r" },
	{ "https and loopback http are fine", VSCODE_MCP,
	  "{\"servers\": {\"a\": {\"type\": \"http\", \"url\": \"https://mcp.example.com/mcp\"},"
	  " \"b\": {\"url\": \"http://localhost:3000/mcp\"}, \"c\": {\"url\": \"http://127.0.0.1:9000/sse\"},"
	  " \"d\": {\"url\": \"http://[::1]:9001/mcp\"}}}", 0600, false,
	  { { "GH-CLI-005", SEV_INFO }, { "GH-CLI-005", SEV_INFO }, { "GH-CLI-005", SEV_INFO },
	    { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "gatehouse itself: its endpoint and its stdio mode", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"gh\": {\"url\": \"http://127.0.0.1:8750/mcp\"}, \"gh6\": {\"url\": \"http://[::1]:8750/mcp\"},"
	  " \"ghs\": {\"command\": \"/usr/local/bin/gatehouse\", \"args\": [\"--config\", \"/etc/gh.json\", \"stdio\"]},"
	  " \"bridge\": {\"command\": \"/usr/bin/mcp-remote\", \"args\": [\"http://localhost:8750/mcp\"]}}}",
	  0600, false, { { NULL, 0 } }, NULL },
	{ "a gatehouse-looking command that is not stdio", CLAUDE_DESKTOP,
	  "{\"mcpServers\": {\"g\": {\"command\": \"gatehouse\", \"args\": [\"serve\"]}}}", 0600, false,
	  { { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "Claude Code: project-scoped server", CLAUDE_CODE,
	  "{\"numStartups\": 3, \"mcpServers\": {},"
	  " \"projects\": {\"/srv/app\": {\"mcpServers\": {\"p\": {\"command\": \"bash\", \"args\": [\"-c\", \"./run.sh\"]}}}}}",
	  0600, false, { { "GH-CLI-002", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": project /srv/app: server p" },
	{ "Claude Code: a key kept outside the servers", CLAUDE_CODE,
	  "{\"primaryApiKey\": \"" ANTHROPIC_KEY "\", \"projects\": {\"/w\": {\"history\": [{\"display\": \"use " OPENAI_KEY "\"}]}}}",
	  0600, false, { { "GH-CLI-001", SEV_WARN } }, ".claude.json" },
	{ "VS Code settings.json with comments and trailing commas", VSCODE_SET,
	  "{\n  // editor\n  \"editor.fontSize\": 13, /* block\n comment */\n"
	  "  \"mcp\": {\n    \"servers\": {\n      \"gh\": {\"type\": \"http\", \"url\": \"https://api.example.com/mcp\",\n"
	  "        \"headers\": {\"Authorization\": \"Bearer " GITHUB_TOKEN "\"}}, // trailing\n    },\n  },\n}\n",
	  0600, false, { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, ": server gh" },
	{ "VS Code input references are not secrets", VSCODE_MCP,
	  "{\"inputs\": [{\"type\": \"promptString\", \"id\": \"k\", \"password\": true}],"
	  " \"servers\": {\"s\": {\"command\": \"/usr/bin/s\", \"env\": {\"API_KEY\": \"${input:k}\"}}}}", 0600, false,
	  { { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "Windsurf serverUrl over http", WINDSURF,
	  "{\"mcpServers\": {\"r\": {\"serverUrl\": \"http://10.0.0.5:8000/sse\"}}}", 0600, false,
	  { { "GH-CLI-004", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "Gemini CLI httpUrl over http, key in the query", GEMINI,
	  "{\"mcpServers\": {\"r\": {\"httpUrl\": \"http://example.org/mcp?api_key=" QUERY_KEY "\"}}}", 0600, false,
	  { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-004", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "a password in a URL", GEMINI,
	  "{\"mcpServers\": {\"r\": {\"url\": \"https://bot:" PLAIN_PASS "@mcp.example.com/mcp\"}}}", 0600, false,
	  { { "GH-CLI-001", SEV_WARN }, { "GH-CLI-005", SEV_INFO } }, NULL },
	{ "not JSON: the check is incomplete (GH-FILE-007)", CURSOR, "{\"mcpServers\": {\"x\": ", 0600, false,
	  { { "GH-FILE-007", SEV_WARN } }, "mcp.json" },
	{ "no servers", GEMINI, "{\"theme\": \"dark\"}", 0600, false, { { NULL, 0 } }, NULL },
};

/* Write home/rel (making its directories 0700) with the given mode. */
static void
write_file(const char *home, const char *rel, const char *text, mode_t mode)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", home, rel);
	for (char *p = path + strlen(home) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* Directories along the way to the file get 0755 when the home is open. */
static void
open_dirs(const char *home, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", home, rel);
	for (char *p = path + strlen(home) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		chmod(path, 0755);
		*p = '/';
	}
}

static void
assert_no_secret(const struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t k = 0; k < N(planted); k++) {
			if (strstr(r->items[i].evidence, planted[k]) || strstr(r->items[i].location, planted[k]))
				fail_msg("finding %s carries a planted secret: %s | %s", r->items[i].id,
				    r->items[i].location, r->items[i].evidence);
		}
	for (size_t i = 0; i < r->nnotes; i++)
		for (size_t k = 0; k < N(planted); k++)
			if (strstr(r->notes[i], planted[k]))
				fail_msg("a note carries a planted secret: %s", r->notes[i]);
}

static void
dump(const struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		print_error("    %s %d %s | %s\n", r->items[i].id, (int)r->items[i].severity, r->items[i].location,
		    r->items[i].evidence);
	for (size_t i = 0; i < r->nnotes; i++)
		print_error("    note: %s\n", r->notes[i]);
}

static void
test_cases(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t c = 0; c < N(cases); c++) {
		char home[] = "/tmp/gh-clients-XXXXXX";
		struct audit_opts o = { .proc_root = "/proc" };
		struct report r = { 0 };
		bool used[16] = { false }, ok = true, located = cases[c].location == NULL;
		size_t nwant = 0;

		assert_non_null(mkdtemp(home));
		write_file(home, cases[c].file, cases[c].json, cases[c].mode);
		if (cases[c].open_home) {
			chmod(home, 0755);
			open_dirs(home, cases[c].file);
		}
		o.home = home;
		audit_clients(&o, &r);
		assert_no_secret(&r);

		while (nwant < N(cases[c].want) && cases[c].want[nwant].id != NULL)
			nwant++;
		if (r.n != nwant)
			ok = false;
		for (size_t w = 0; w < nwant && ok; w++) {
			bool match = false;
			for (size_t i = 0; i < r.n && !match; i++)
				if (!used[i] && strcmp(r.items[i].id, cases[c].want[w].id) == 0 &&
				    (int)r.items[i].severity == cases[c].want[w].severity)
					match = used[i] = true;
			ok = ok && match;
		}
		for (size_t i = 0; i < r.n && !located; i++) {
			size_t n = strlen(r.items[i].location), k = strlen(cases[c].location);
			located = n >= k && strcmp(r.items[i].location + n - k, cases[c].location) == 0 &&
			    strncmp(r.items[i].location, home, strlen(home)) == 0;
		}
		if (!ok || !located) {
			print_error("case %zu (%s): want %zu findings%s, got:\n", c, cases[c].name, nwant,
			    located ? "" : " and a location ending in the server's name");
			dump(&r);
			failures++;
		}
		audit_report_free(&r);
		rm_tree(home);
	}
	assert_int_equal(failures, 0);
}

/* A config that cannot be parsed was not checked: a warn finding (GH-FILE-007)
 * that names the file, so that --fail-on warn fails closed. */
static void
test_unparsable_is_noted(void **state)
{
	char home[] = "/tmp/gh-clients-XXXXXX";
	struct audit_opts o = { 0 };
	struct report r = { 0 };

	(void)state;
	assert_non_null(mkdtemp(home));
	write_file(home, CURSOR, "{\"mcpServers\": {\"k\": \"" OPENAI_KEY, 0600);
	o.home = home;
	audit_clients(&o, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].id, "GH-FILE-007");
	assert_int_equal(r.items[0].severity, SEV_WARN);
	assert_non_null(strstr(r.items[0].location, ".cursor/mcp.json"));
	assert_no_secret(&r);
	audit_report_free(&r);
	rm_tree(home);
}

/* A symbolic link out of the home is not followed; one inside it is. */
static void
test_symlinks(void **state)
{
	char home[] = "/tmp/gh-clients-XXXXXX", outside[] = "/tmp/gh-outside-XXXXXX";
	char link[4096], target[4096];
	struct audit_opts o = { 0 };
	struct report r = { 0 };

	(void)state;
	assert_non_null(mkdtemp(home));
	assert_non_null(mkdtemp(outside));
	write_file(outside, "mcp.json", "{\"mcpServers\": {\"w\": {\"command\": \"sh\", \"args\": [\"-c\", \"x\"]}}}", 0600);
	write_file(home, "dotfiles/claude.json",
	    "{\"mcpServers\": {\"w\": {\"command\": \"bash\", \"args\": [\"-c\", \"x\"]}}}", 0600);
	snprintf(link, sizeof(link), "%s/.cursor", home);
	assert_int_equal(mkdir(link, 0700), 0);
	snprintf(link, sizeof(link), "%s/" CURSOR, home);
	snprintf(target, sizeof(target), "%s/mcp.json", outside);
	assert_int_equal(symlink(target, link), 0);
	snprintf(link, sizeof(link), "%s/" CLAUDE_CODE, home);
	snprintf(target, sizeof(target), "%s/dotfiles/claude.json", home);
	assert_int_equal(symlink(target, link), 0);
	o.home = home;
	audit_clients(&o, &r);
	/* Only the link inside the home was read: its shell wrapper and direct server;
	 * the one outside was not, and that is said (GH-FILE-007). */
	assert_int_equal(r.n, 3);
	{
		size_t skipped = 0, wrapper = 0;
		for (size_t i = 0; i < r.n; i++) {
			if (strcmp(r.items[i].id, "GH-FILE-007") == 0 &&
			    strstr(r.items[i].evidence, "outside the home directory") != NULL)
				skipped++;
			if (strcmp(r.items[i].id, "GH-CLI-002") == 0 &&
			    strstr(r.items[i].location, ".claude.json: server w") != NULL)
				wrapper++;
		}
		assert_int_equal(skipped, 1);
		assert_int_equal(wrapper, 1);
	}
	audit_report_free(&r);
	rm_tree(home);
	rm_tree(outside);
}

/* The gateway's own listen port decides what counts as gatehouse. */
static void
test_gatehouse_port_from_config(void **state)
{
	char home[] = "/tmp/gh-clients-XXXXXX", cfgpath[4096];
	struct audit_opts o = { 0 };
	struct report r = { 0 };
	struct config cfg;
	struct config_diag diag = { 0 };
	int fd;
	static const char cfgtext[] = "{\"listen\": [\"127.0.0.1:9999\"], \"stateDir\": \"/tmp/x\"}";

	(void)state;
	assert_non_null(mkdtemp(home));
	snprintf(cfgpath, sizeof(cfgpath), "%s/gh.json", home);
	fd = open(cfgpath, O_WRONLY | O_CREAT, 0600);
	assert_int_equal(write(fd, cfgtext, sizeof(cfgtext) - 1), (ssize_t)sizeof(cfgtext) - 1);
	close(fd);
	assert_int_equal(config_load(cfgpath, &cfg, &diag), 0);
	write_file(home, CLAUDE_DESKTOP,
	    "{\"mcpServers\": {\"ours\": {\"url\": \"http://127.0.0.1:9999/mcp\"},"
	    " \"default-port\": {\"url\": \"http://127.0.0.1:8750/mcp\"}}}", 0600);
	o.home = home;
	o.cfg = &cfg;
	audit_clients(&o, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].id, "GH-CLI-005");
	assert_non_null(strstr(r.items[0].location, "server default-port"));
	audit_report_free(&r);
	config_free(&cfg);
	config_diag_free(&diag);
	rm_tree(home);
}

static void
test_no_home(void **state)
{
	struct audit_opts o = { 0 };
	struct report r = { 0 };

	(void)state;
	audit_clients(&o, &r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.nnotes, 1);
	audit_report_free(&r);
}

/* ---- clients_jsonc_strip ---------------------------------------------------------- */

static const struct {
	const char *in;
	const char *want;
} jsonc_cases[] = {
	{ "{\"a\": 1}", "{\"a\": 1}" },
	{ "{\"a\": 1} // c", "{\"a\": 1}     " },
	{ "// c\n{}", "    \n{}" },
	{ "{/* x */\"a\":1}", "{       \"a\":1}" },
	{ "{/* a\nb */}", "{    \n    }" },
	{ "{\"u\": \"http://x//y\"}", "{\"u\": \"http://x//y\"}" },          /* // inside a string */
	{ "{\"u\": \"/* no */\"}", "{\"u\": \"/* no */\"}" },
	{ "{\"q\": \"a\\\"//b\"}", "{\"q\": \"a\\\"//b\"}" },               /* escaped quote */
	{ "{\"q\": \"a\\\\\"// c\n}", "{\"q\": \"a\\\\\"    \n}" },         /* escaped backslash ends the string */
	{ "[1,2,]", "[1,2 ]" },
	{ "{\"a\":1,}", "{\"a\":1 }" },
	{ "{\"a\":1, // c\n}", "{\"a\":1      \n}" },
	{ "{\"a\":1, /* c */ }", "{\"a\":1          }" },
	{ "{\"a\": \",}\"}", "{\"a\": \",}\"}" },                           /* comma inside a string */
	{ "[1, 2]", "[1, 2]" },
	{ "{\"a\": 1 /* unterminated", "{\"a\": 1                " },
	{ "/", "/" },
	{ "\"unterminated", "\"unterminated" },
	{ "", "" },
};

static void
test_jsonc_strip(void **state)
{
	char buf[256];
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(jsonc_cases); i++) {
		size_t n = strlen(jsonc_cases[i].in);
		memcpy(buf, jsonc_cases[i].in, n + 1);
		clients_jsonc_strip(buf, n);
		if (strcmp(buf, jsonc_cases[i].want) != 0) {
			print_error("jsonc case %zu: [%s] -> [%s], want [%s]\n", i, jsonc_cases[i].in, buf,
			    jsonc_cases[i].want);
			failures++;
		}
		assert_int_equal(strlen(buf), n);
	}
	assert_int_equal(failures, 0);
}

/* The stripper never reads or writes past len (no NUL at the end). */
static void
test_jsonc_strip_bounds(void **state)
{
	static const char *const ins[] = { "//", "/*", "/* *", "\"\\", "{,", "/" };

	(void)state;
	for (size_t i = 0; i < N(ins); i++) {
		size_t n = strlen(ins[i]);
		char *p = malloc(n);
		memcpy(p, ins[i], n);
		clients_jsonc_strip(p, n);
		free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_unparsable_is_noted),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_gatehouse_port_from_config),
		cmocka_unit_test(test_no_home),
		cmocka_unit_test(test_jsonc_strip),
		cmocka_unit_test(test_jsonc_strip_bounds),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

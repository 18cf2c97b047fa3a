/*
 * Unit tests for src/config/config.c: strict parsing of gatehouse.json
 * (DESIGN.md section 4). Invalid files must name the JSON path at fault; valid
 * ones must come out with the documented defaults and resolved paths.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "limits.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct config_env env = {
	.home = "/home/u",
	.xdg_state_home = NULL,
	.base_dir = "/etc/gh",
	.file_label = "gh.json",
};

/* The gateway's environment as the unit tests see it. */
static const char *
fake_lookup(const char *name)
{
	static const char *const vars[][2] = {
		{ "GH_KEY", "sk-live-0123456789abcdef" },
		{ "GH_HOST", "mcp.example.com" },
		{ "GH_PLAIN", "plain.example.com" },
		{ "GH_DIR", "work" },
		{ "GH_EMPTY", "" },
	};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (strcmp(vars[i][0], name) == 0)
			return vars[i][1];
	return NULL;
}

static const struct config_env env_vars = {
	.home = "/home/u",
	.xdg_state_home = NULL,
	.base_dir = "/etc/gh",
	.file_label = "gh.json",
	.lookup = fake_lookup,
};

static void
dump_diag(const struct config_diag *d)
{
	for (size_t i = 0; i < d->nerrors; i++)
		print_error("    error: %s\n", d->errors[i]);
	for (size_t i = 0; i < d->nwarnings; i++)
		print_error("    warning: %s\n", d->warnings[i]);
}

static bool
has_error(const struct config_diag *d, const char *needle, const char *also)
{
	for (size_t i = 0; i < d->nerrors; i++)
		if (strstr(d->errors[i], needle) != NULL && (also == NULL || strstr(d->errors[i], also) != NULL))
			return true;
	return false;
}

/* ---- invalid files --------------------------------------------------------- */

static const struct {
	const char *json;
	const char *path;       /* must appear in one error message */
	const char *also;       /* and, in that same message, this (or NULL) */
} invalid_cases[] = {
	/* Unknown keys, at every level. */
	{ "{\"listn\": [\"127.0.0.1:8750\"]}",                     "$.listn", "unknown key" },
	{ "{\"Listen\": [\"127.0.0.1:8750\"]}",                    "$.Listen", NULL },
	{ "{\"limits\": {\"maxBody\": 1}}",                        "$.limits.maxBody", NULL },
	{ "{\"tls\": {\"cert\": \"c\", \"key\": \"k\", \"ca\": \"x\"}}", "$.tls.ca", NULL },
	{ "{\"tools\": {\"onnew\": \"pin\"}}",                     "$.tools.onnew", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"cmd\": \"b\"}}}", "$.mcpServers.x.cmd", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"net\": true}}}}",
	    "$.mcpServers.x.sandbox.net", NULL },
	{ "{\"odd key\": 1}",                                      "$[\"odd key\"]", NULL },
	/* Limits. */
	{ "{\"limits\": {\"maxBodyBytes\": \"abc\"}}",             "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 0}}",                   "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": -1}}",                  "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 1e12}}",                "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 1000000000000}}",       "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 67108865}}",            "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 4194304.0}}",           "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": true}}",                "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": null}}",                "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": {\"authFailuresPerMinute\": 0}}",          "$.limits.authFailuresPerMinute", NULL },
	{ "{\"limits\": {\"maxConnectionsPerIp\": 0}}",            "$.limits.maxConnectionsPerIp", NULL },
	{ "{\"limits\": {\"callTimeoutMs\": 99}}",                 "$.limits.callTimeoutMs", NULL },
	{ "{\"limits\": {\"maxSessions\": 65537}}",                "$.limits.maxSessions", NULL },
	{ "{\"limits\": {\"maxBodyBytes\": 9223372036854775807}}", "$.limits.maxBodyBytes", NULL },
	{ "{\"limits\": 5}",                                       "$.limits", NULL },
	/* Listen addresses. */
	{ "{\"listen\": [\"0.0.0.0:8750\"]}",                      "$.listen[0]", "tls" },
	{ "{\"listen\": [\"127.0.0.1:8750\", \"192.0.2.1:8750\"]}", "$.listen[1]", "tls" },
	{ "{\"listen\": [\"[::]:8750\"]}",                         "$.listen[0]", "tls" },
	{ "{\"listen\": [\"[2001:db8::1]:8750\"]}",                "$.listen[0]", "tls" },
	{ "{\"listen\": [\"host.example:80\"]}",                   "$.listen[0]", NULL },
	{ "{\"listen\": [\"localhost.evil.example:80\"]}",         "$.listen[0]", NULL },
	{ "{\"listen\": [\"[::1]\"]}",                             "$.listen[0]", NULL },
	{ "{\"listen\": [\"127.0.0.1\"]}",                         "$.listen[0]", "port" },
	{ "{\"listen\": [\"127.0.0.1:\"]}",                        "$.listen[0]", "port" },
	{ "{\"listen\": [\"127.0.0.1:70000\"]}",                   "$.listen[0]", "port" },
	{ "{\"listen\": [\"127.0.0.1:65536\"]}",                   "$.listen[0]", "port" },
	{ "{\"listen\": [\"127.0.0.1:99999999999999999999\"]}",    "$.listen[0]", "port" },
	{ "{\"listen\": [\"127.0.0.1:-1\"]}",                      "$.listen[0]", NULL },
	{ "{\"listen\": [\"127.0.0.1:80x\"]}",                     "$.listen[0]", NULL },
	{ "{\"listen\": [\"::1:8750\"]}",                          "$.listen[0]", "brackets" },
	{ "{\"listen\": [\"[127.0.0.1]:8750\"]}",                  "$.listen[0]", NULL },
	{ "{\"listen\": [\"[::1:8750\"]}",                         "$.listen[0]", NULL },
	{ "{\"listen\": [\":8750\"]}",                             "$.listen[0]", NULL },
	{ "{\"listen\": [\"unix:\"]}",                             "$.listen[0]", NULL },
	{ "{\"listen\": [\"\"]}",                                  "$.listen[0]", NULL },
	{ "{\"listen\": [8750]}",                                  "$.listen[0]", NULL },
	{ "{\"listen\": []}",                                      "$.listen", "empty" },
	{ "{\"listen\": \"127.0.0.1:8750\"}",                      "$.listen", "array" },
	{ "{\"listen\": [\"127.0.0.1:1\",\"127.0.0.1:2\",\"127.0.0.1:3\",\"127.0.0.1:4\",\"127.0.0.1:5\","
	    "\"127.0.0.1:6\",\"127.0.0.1:7\",\"127.0.0.1:8\",\"127.0.0.1:9\",\"127.0.0.1:10\",\"127.0.0.1:11\","
	    "\"127.0.0.1:12\",\"127.0.0.1:13\",\"127.0.0.1:14\",\"127.0.0.1:15\",\"127.0.0.1:16\",\"127.0.0.1:17\"]}",
	    "$.listen", NULL },
	/* TLS. */
	{ "{\"tls\": {\"cert\": \"c.pem\"}}",                      "$.tls.key", "missing" },
	{ "{\"tls\": {\"key\": \"k.pem\"}}",                       "$.tls.cert", "missing" },
	{ "{\"tls\": {\"cert\": \"\", \"key\": \"k.pem\"}}",       "$.tls.cert", NULL },
	{ "{\"tls\": {\"cert\": 1, \"key\": \"k.pem\"}}",          "$.tls.cert", NULL },
	{ "{\"tls\": \"cert.pem\"}",                               "$.tls", NULL },
	/* Hosts, origins, proxies. */
	{ "{\"allowedOrigins\": [\"*\"]}",                         "$.allowedOrigins[0]", NULL },
	{ "{\"allowedOrigins\": [\"https://a.example\", \"*\"]}",  "$.allowedOrigins[1]", NULL },
	{ "{\"allowedOrigins\": [\"null\"]}",                      "$.allowedOrigins[0]", NULL },
	{ "{\"allowedOrigins\": [\"app.example.com\"]}",           "$.allowedOrigins[0]", NULL },
	{ "{\"allowedOrigins\": [\"https://app.example.com/path\"]}", "$.allowedOrigins[0]", NULL },
	{ "{\"allowedOrigins\": \"https://app.example.com\"}",     "$.allowedOrigins", NULL },
	{ "{\"publicHosts\": [\"http://gw.example.com\"]}",        "$.publicHosts[0]", NULL },
	{ "{\"publicHosts\": [\"gw.example.com:x\"]}",             "$.publicHosts[0]", NULL },
	{ "{\"publicHosts\": [\"\"]}",                             "$.publicHosts[0]", NULL },
	{ "{\"publicHosts\": [\"*.example.com\"]}",                "$.publicHosts[0]", NULL },
	{ "{\"trustedProxies\": [\"nope\"]}",                      "$.trustedProxies[0]", NULL },
	{ "{\"trustedProxies\": [\"10.0.0.5/32\", \"10.0.0.0/33\"]}", "$.trustedProxies[1]", NULL },
	{ "{\"trustedProxies\": [\"0.0.0.0/0\"]}",                 "$.trustedProxies[0]", "huge" },
	{ "{\"trustedProxies\": [\"::/0\"]}",                      "$.trustedProxies[0]", "huge" },
	{ "{\"trustedProxies\": [5]}",                             "$.trustedProxies[0]", NULL },
	{ "{\"trustedProxies\": \"10.0.0.5\"}",                    "$.trustedProxies", NULL },
	/* State directory and tools. */
	{ "{\"stateDir\": \"\"}",                                  "$.stateDir", NULL },
	{ "{\"stateDir\": 5}",                                     "$.stateDir", NULL },
	/* An escaped NUL is refused by the JSON reader itself, with its position. */
	{ "{\"stateDir\": \"/a\\u0000b\"}",                        "line 1", "u0000" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"a\\u0000b\"]}}}", "line 1", "u0000" },
	{ "{\"tools\": {\"onNew\": \"maybe\"}}",                   "$.tools.onNew", NULL },
	{ "{\"tools\": {\"onNew\": true}}",                        "$.tools.onNew", NULL },
	/* Servers. */
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://example.com/mcp\"}}}", "$.mcpServers.x.url", "https" },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://10.0.0.1:3000/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://localhost.evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://127.0.0.1.evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://localhost@evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	/* Userinfo before the real host: RFC 3986 makes evil.example the host. */
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://127.0.0.1:80@evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://localhost:x@evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"http://[::1]@evil.example/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"ftp://example.com/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"example.com/mcp\"}}}", "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"\"}}}",            "$.mcpServers.x.url", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"url\": \"https://e.example/mcp\"}}}", "$.mcpServers.x", "exactly one" },
	{ "{\"mcpServers\": {\"x\": {}}}",                         "$.mcpServers.x", "exactly one" },
	{ "{\"mcpServers\": {\"x\": {\"args\": [\"a\"]}}}",        "$.mcpServers.x", NULL },
	{ "{\"mcpServers\": {\"x\": \"node server.js\"}}",         "$.mcpServers.x", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"type\": \"sse\"}}}", "$.mcpServers.x.type", "SSE" },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/sse\", \"type\": \"sse\"}}}", "$.mcpServers.x.type", "Streamable HTTP URL" },
	/* Keys pasted from client configs. */
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"serverUrl\": \"https://e.example/mcp\"}}}",
	    "$.mcpServers.x", "both \"url\" and \"serverUrl\"" },
	{ "{\"mcpServers\": {\"x\": {\"serverUrl\": \"https://e.example/mcp\", \"httpUrl\": \"https://e.example/mcp\"}}}",
	    "$.mcpServers.x", "keep one" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"httpUrl\": \"https://e.example/mcp\"}}}", "$.mcpServers.x", "exactly one" },
	{ "{\"mcpServers\": {\"x\": {\"httpUrl\": \"http://example.com/mcp\"}}}", "$.mcpServers.x.httpUrl", "https" },
	{ "{\"mcpServers\": {\"x\": {\"serverUrl\": \"https://e.example/mcp\", \"type\": \"stdio\"}}}", "$.mcpServers.x.type", "serverUrl" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"type\": \"streamable-http\"}}}", "$.mcpServers.x.type", "stdio" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"timeout\": 60}}}", "$.mcpServers.x.timeout", "60000" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"timeout\": \"60s\"}}}", "$.mcpServers.x.timeout", "milliseconds" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"timeout\": 3600001}}}", "$.mcpServers.x.timeout", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"timeout\": 0}}}", "$.mcpServers.x.timeout", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"cwd\": \"/tmp\"}}}", "$.mcpServers.x.cwd", "command" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"cwd\": \"\"}}}", "$.mcpServers.x.cwd", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"cwd\": 5}}}", "$.mcpServers.x.cwd", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"disabled\": \"yes\"}}}", "$.mcpServers.x.disabled", NULL },
	/* A disabled entry is still checked for what is wrong in itself. */
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"disabled\": true, \"comand\": \"b\"}}}", "$.mcpServers.x.comand", NULL },
	/* ${VAR}: only the two syntaxes, and an unset variable is named with its path. */
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${GH_UNIT_UNSET}\"]}}}",
	    "$.mcpServers.x.args[0]", "GH_UNIT_UNSET is not set" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": \"${env:GH_UNIT_UNSET}\"}}}}",
	    "$.mcpServers.x.env.K", "GH_UNIT_UNSET" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"cwd\": \"${GH_UNIT_UNSET}/d\"}}}", "$.mcpServers.x.cwd", "GH_UNIT_UNSET" },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://${GH_UNIT_UNSET}/mcp\"}}}", "$.mcpServers.x.url", "GH_UNIT_UNSET" },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"headers\": {\"A\": \"Bearer ${GH_UNIT_UNSET}\"}}}}",
	    "$.mcpServers.x.headers.A", "GH_UNIT_UNSET" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${HOME:-/root}\"]}}}", "$.mcpServers.x.args[0]", "not supported" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${HOME\"]}}}", "$.mcpServers.x.args[0]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${}\"]}}}", "$.mcpServers.x.args[0]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${1A}\"]}}}", "$.mcpServers.x.args[0]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [\"${secret:K}\"]}}}", "$.mcpServers.x.args[0]", NULL },
	/* The nearest valid key is suggested (edit distance at most 2). */
	{ "{\"mcpServers\": {\"x\": {\"comand\": \"a\"}}}",        "$.mcpServers.x.comand", "did you mean \"command\"" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"arg\": []}}}", "$.mcpServers.x.arg", "did you mean \"args\"" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"Disabled\": true}}}", "$.mcpServers.x.Disabled", "did you mean \"disabled\"" },
	{ "{\"mcpServers\": {\"x\": {\"serverURL\": \"https://e.example/mcp\"}}}", "$.mcpServers.x.serverURL", "did you mean \"serverUrl\"" },
	{ "{\"limits\": {\"callTimeoutMS\": 1000}}",                "$.limits.callTimeoutMS", "did you mean \"callTimeoutMs\"" },
	{ "{\"listn\": []}",                                       "$.listn", "did you mean \"listen\"" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"type\": \"websocket\"}}}", "$.mcpServers.x.type", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"type\": \"http\"}}}", "$.mcpServers.x.type", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"type\": \"stdio\"}}}", "$.mcpServers.x.type", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"env\": {}}}}", "$.mcpServers.x.env", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"args\": []}}}", "$.mcpServers.x.args", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"headers\": {}}}}", "$.mcpServers.x.headers", NULL },
	{ "{\"mcpServers\": {\"a\": {\"command\": \"a\", \"prefix\": \"p\"}, \"b\": {\"command\": \"b\", \"prefix\": \"p\"}}}",
	    "$.mcpServers.", "prefix \"p\"" },
	{ "{\"mcpServers\": {\"p\": {\"command\": \"a\"}, \"b\": {\"command\": \"b\", \"prefix\": \"p\"}}}",
	    "$.mcpServers.", "prefix \"p\"" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": 5}}}}", "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": null}}}}", "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": {\"env\": \"A\", \"secret\": \"B\"}}}}}",
	    "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": {\"env\": \"A B\"}}}}}", "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": {\"secret\": \"\"}}}}}", "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"K\": {\"secret\": 5}}}}}", "$.mcpServers.x.env.K", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"A=B\": \"v\"}}}}", "$.mcpServers.x.env[\"A=B\"]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"\": \"v\"}}}}", "$.mcpServers.x.env", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": [\"A=B\"]}}}", "$.mcpServers.x.env", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"headers\": {\"X-A\": \"a\\r\\nEvil: 1\"}}}}",
	    "$.mcpServers.x.headers.X-A", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"headers\": {\"X A\": \"a\"}}}}",
	    "$.mcpServers.x.headers[\"X A\"]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"headers\": {\"X:A\": \"a\"}}}}",
	    "$.mcpServers.x.headers[\"X:A\"]", NULL },
	{ "{\"mcpServers\": {\"a__b\": {\"command\": \"a\"}}}",    "$.mcpServers.a__b", NULL },
	{ "{\"mcpServers\": {\"a b\": {\"command\": \"a\"}}}",     "$.mcpServers[\"a b\"]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"prefix\": \"a__b\"}}}", "$.mcpServers.x.prefix", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"prefix\": \"a/b\"}}}", "$.mcpServers.x.prefix", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"\"}}}",        "$.mcpServers.x.command", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": [\"node\"]}}}",  "$.mcpServers.x.command", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": \"-v\"}}}", "$.mcpServers.x.args", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"args\": [1]}}}", "$.mcpServers.x.args[0]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"shared\": \"yes\"}}}", "$.mcpServers.x.shared", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"network\": 1}}}}",
	    "$.mcpServers.x.sandbox.network", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"read\": [\"\"]}}}}",
	    "$.mcpServers.x.sandbox.read[0]", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": 1}}}", "$.mcpServers.x.sandbox", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"limits\": {\"processes\": 0}}}}}",
	    "$.mcpServers.x.sandbox.limits.processes", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"limits\": {\"openFiles\": 8}}}}}",
	    "$.mcpServers.x.sandbox.limits.openFiles", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"limits\": {\"cpuSeconds\": 1.5}}}}}",
	    "$.mcpServers.x.sandbox.limits.cpuSeconds", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"limits\": {\"memory\": 1}}}}}",
	    "$.mcpServers.x.sandbox.limits.memory", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"limits\": []}}}}",
	    "$.mcpServers.x.sandbox.limits", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"sandbox\": {\"network\": \"private\"}}}}",
	    "$.mcpServers.x.sandbox.network", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"tools\": [\"a\"]}}}", "$.mcpServers.x.tools", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"tools\": {\"alow\": []}}}}", "$.mcpServers.x.tools.alow", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"tools\": {\"deny\": \"a*\"}}}}", "$.mcpServers.x.tools.deny", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"tools\": {\"allow\": [3]}}}}", "$.mcpServers.x.tools.allow[0]", NULL },
	{ "{\"mcpServers\": []}",                                  "$.mcpServers", NULL },
	/* Not a well-formed JSON object. */
	{ "{\"listen\": [\"127.0.0.1:8750\"], \"listen\": [\"127.0.0.1:8751\"]}", "line 1", "JSON" },
	{ "{\n  \"limits\": {\"maxBodyBytes\": 1, \"maxBodyBytes\": 2}\n}", "line 2", NULL },
	{ "{",                                                     "line 1", "JSON" },
	{ "",                                                      "line", "JSON" },
	{ "{\"listen\": [\"127.0.0.1:8750\",]}",                   "line 1", "JSON" },
	{ "{} trailing",                                           "line 1", "JSON" },
	{ "// comment\n{}",                                        "line 1", "JSON" },
	{ "{\"stateDir\": \"\xff\xfe\"}",                          "line 1", "JSON" },
	{ "[]",                                                    "$", "object" },
	{ "[{\"listen\": []}]",                                    "$", "object" },
	{ "\"text\"",                                              "gh.json: ", NULL },
	{ "42",                                                    "gh.json: ", NULL },
};

static void
test_invalid_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(invalid_cases); i++) {
		struct config cfg;
		struct config_diag diag = { 0 };
		int rc = config_parse(invalid_cases[i].json, strlen(invalid_cases[i].json), &env, &cfg, &diag);
		if (rc != -1 || diag.nerrors == 0 ||
		    !has_error(&diag, invalid_cases[i].path, invalid_cases[i].also)) {
			print_error("invalid case %zu %s: expected rc -1 and an error naming \"%s\"%s%s%s, got rc %d:\n",
			    i, invalid_cases[i].json, invalid_cases[i].path,
			    invalid_cases[i].also ? " with \"" : "", invalid_cases[i].also ? invalid_cases[i].also : "",
			    invalid_cases[i].also ? "\"" : "", rc);
			dump_diag(&diag);
			failures++;
		}
		/* Every message names the file. */
		for (size_t k = 0; k < diag.nerrors; k++)
			if (strncmp(diag.errors[k], "gh.json: ", 9) != 0) {
				print_error("invalid case %zu: error without the file label: %s\n", i, diag.errors[k]);
				failures++;
			}
		config_free(&cfg);
		config_diag_free(&diag);
	}
	assert_int_equal(failures, 0);
}

/* A raw NUL byte in the file (not the \u0000 escape) is invalid JSON. */
static void
test_raw_nul(void **state)
{
	static const char buf[] = "{\"stateDir\": \"/a\0b\"}";
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(config_parse(buf, sizeof(buf) - 1, &env, &cfg, &diag), -1);
	assert_true(diag.nerrors >= 1);
	config_free(&cfg);
	config_diag_free(&diag);
	/* Nor can a file hide content after a NUL. */
	static const char buf2[] = "{}\0{\"listen\": [\"0.0.0.0:1\"]}";
	assert_int_equal(config_parse(buf2, sizeof(buf2) - 1, &env, &cfg, &diag), -1);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* Errors are collected (all at once), up to a cap, and the overflow is counted. */
static void
test_error_cap(void **state)
{
	char buf[8192];
	size_t len = 0;
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "{");
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\"bad%d\": 1", i ? "," : "", i);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "}");
	assert_true(len < sizeof(buf));
	assert_int_equal(config_parse(buf, len, &env, &cfg, &diag), -1);
	assert_int_equal(diag.nerrors, LIMIT_CONFIG_ERRORS);
	assert_int_equal(diag.dropped, 100 - LIMIT_CONFIG_ERRORS);
	config_free(&cfg);
	config_diag_free(&diag);

	/* Two independent mistakes: both reported. */
	const char *two = "{\"listn\": 1, \"limits\": {\"maxBodyBytes\": 0}}";
	assert_int_equal(config_parse(two, strlen(two), &env, &cfg, &diag), -1);
	assert_int_equal(diag.nerrors, 2);
	assert_true(has_error(&diag, "$.listn", NULL));
	assert_true(has_error(&diag, "$.limits.maxBodyBytes", NULL));
	config_free(&cfg);
	config_diag_free(&diag);
}

static void
test_too_large(void **state)
{
	size_t len = LIMIT_CONFIG_BYTES + 1;
	char *buf = malloc(len);
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', len);
	buf[0] = '{';
	buf[len - 1] = '}';
	assert_int_equal(config_parse(buf, len, &env, &cfg, &diag), -1);
	assert_true(has_error(&diag, "$", "larger"));
	config_free(&cfg);
	config_diag_free(&diag);
	/* At the cap it is read. */
	buf[LIMIT_CONFIG_BYTES - 1] = '}';
	assert_int_equal(config_parse(buf, LIMIT_CONFIG_BYTES, &env, &cfg, &diag), 0);
	config_free(&cfg);
	config_diag_free(&diag);
	free(buf);
}

/* ---- valid files ----------------------------------------------------------- */

static int
parse_ok(const char *json, struct config *cfg, struct config_diag *diag, const struct config_env *e)
{
	int rc = config_parse(json, strlen(json), e ? e : &env, cfg, diag);

	if (rc != 0 || diag->nerrors != 0) {
		print_error("expected %s to parse, got rc %d:\n", json, rc);
		dump_diag(diag);
		return -1;
	}
	return 0;
}

static uint16_t
port_of(const struct listen_addr *la)
{
	if (la->sa.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&la->sa)->sin_port);
	return ntohs(((const struct sockaddr_in6 *)&la->sa)->sin6_port);
}

static void
test_defaults(void **state)
{
	struct config cfg;
	struct config_diag diag = { 0 };
	char ip[INET6_ADDRSTRLEN];
	const struct sockaddr_in *in;

	(void)state;
	assert_int_equal(parse_ok("{}", &cfg, &diag, NULL), 0);
	assert_int_equal(diag.nwarnings, 0);
	assert_int_equal(cfg.nlisten, 1);
	assert_string_equal(cfg.listen[0].text, "127.0.0.1:8750");
	assert_int_equal(cfg.listen[0].kind, LISTEN_TCP);
	assert_true(cfg.listen[0].loopback);
	assert_int_equal(cfg.listen[0].sa.ss_family, AF_INET);
	assert_int_equal(cfg.listen[0].salen, sizeof(struct sockaddr_in));
	in = (const struct sockaddr_in *)&cfg.listen[0].sa;
	inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
	assert_string_equal(ip, "127.0.0.1");
	assert_int_equal(port_of(&cfg.listen[0]), 8750);
	assert_false(config_listens_publicly(&cfg));
	assert_null(cfg.tls_cert);
	assert_null(cfg.tls_key);
	assert_int_equal(cfg.npublic_hosts, 0);
	assert_int_equal(cfg.nallowed_origins, 0);
	assert_int_equal(cfg.ntrusted_proxies, 0);
	assert_string_equal(cfg.state_dir, "/home/u/.local/state/gatehouse");
	assert_int_equal(cfg.limits.max_body_bytes, 4194304);
	assert_int_equal(cfg.limits.call_timeout_ms, 60000);
	assert_int_equal(cfg.limits.max_sessions, 256);
	assert_int_equal(cfg.limits.session_idle_ms, 900000);
	assert_int_equal(cfg.limits.auth_failures_per_minute, 10);
	assert_int_equal(cfg.limits.max_connections_per_ip, 64);
	assert_int_equal(cfg.limits.idle_timeout_ms, 30000);
	assert_int_equal(cfg.tools_on_new, ON_NEW_PIN);
	assert_int_equal(cfg.nservers, 0);
	config_free(&cfg);
	config_diag_free(&diag);

	/* config_defaults alone gives the same, and XDG_STATE_HOME is honoured. */
	struct config_env xdg = env;
	xdg.xdg_state_home = "/x/state";
	config_defaults(&cfg, &xdg);
	assert_string_equal(cfg.state_dir, "/x/state/gatehouse");
	assert_int_equal(cfg.limits.max_body_bytes, 4194304);
	assert_true(cfg.listen[0].loopback);
	config_free(&cfg);
	/* A relative XDG_STATE_HOME is ignored (the spec says so). */
	xdg.xdg_state_home = "rel/state";
	config_defaults(&cfg, &xdg);
	assert_string_equal(cfg.state_dir, "/home/u/.local/state/gatehouse");
	config_free(&cfg);
}

static const struct {
	const char *json;
	const char *state_dir;
} state_dir_cases[] = {
	{ "{\"stateDir\": \"state\"}",            "/etc/gh/state" },
	{ "{\"stateDir\": \"~/x\"}",              "/home/u/x" },
	{ "{\"stateDir\": \"~\"}",                "/home/u" },
	{ "{\"stateDir\": \"/var/lib/gh\"}",      "/var/lib/gh" },
	{ "{\"$schema\": \"https://e.example/s.json\", \"stateDir\": \"s\"}", "/etc/gh/s" },
};

static void
test_state_dir_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(state_dir_cases); i++) {
		struct config cfg;
		struct config_diag diag = { 0 };
		if (parse_ok(state_dir_cases[i].json, &cfg, &diag, NULL) != 0) {
			failures++;
		} else if (strcmp(cfg.state_dir, state_dir_cases[i].state_dir) != 0) {
			print_error("stateDir case %zu %s: expected \"%s\", got \"%s\"\n", i,
			    state_dir_cases[i].json, state_dir_cases[i].state_dir, cfg.state_dir);
			failures++;
		}
		config_free(&cfg);
		config_diag_free(&diag);
	}
	assert_int_equal(failures, 0);
}

/* "~" needs an absolute HOME. */
static void
test_state_dir_no_home(void **state)
{
	struct config_env nohome = env;
	struct config cfg;
	struct config_diag diag = { 0 };
	const char *json = "{\"stateDir\": \"~/x\"}";

	(void)state;
	nohome.home = NULL;
	assert_int_equal(config_parse(json, strlen(json), &nohome, &cfg, &diag), -1);
	assert_true(has_error(&diag, "$.stateDir", "HOME"));
	config_free(&cfg);
	config_diag_free(&diag);
	nohome.home = "relative";
	assert_int_equal(config_parse(json, strlen(json), &nohome, &cfg, &diag), -1);
	config_free(&cfg);
	config_diag_free(&diag);
}

static const struct {
	const char *json;
	size_t      index;          /* which listen entry to check */
	int         kind;
	int         family;         /* for TCP */
	const char *ip;             /* for TCP */
	uint16_t    port;
	const char *path;           /* for unix */
	bool        loopback;
} listen_cases[] = {
	{ "{\"listen\": [\"127.0.0.1:8750\"]}",   0, LISTEN_TCP, AF_INET,  "127.0.0.1", 8750, NULL, true },
	{ "{\"listen\": [\"127.0.0.2:1\"]}",      0, LISTEN_TCP, AF_INET,  "127.0.0.2", 1,    NULL, true },
	{ "{\"listen\": [\"127.0.0.1:0\"]}",      0, LISTEN_TCP, AF_INET,  "127.0.0.1", 0,    NULL, true },
	{ "{\"listen\": [\"127.0.0.1:65535\"]}",  0, LISTEN_TCP, AF_INET,  "127.0.0.1", 65535, NULL, true },
	{ "{\"listen\": [\"localhost:9000\"]}",   0, LISTEN_TCP, AF_INET,  "127.0.0.1", 9000, NULL, true },
	{ "{\"listen\": [\"LOCALHOST:9000\"]}",   0, LISTEN_TCP, AF_INET,  "127.0.0.1", 9000, NULL, true },
	{ "{\"listen\": [\"[::1]:8750\"]}",       0, LISTEN_TCP, AF_INET6, "::1",       8750, NULL, true },
	{ "{\"listen\": [\"unix:/run/x.sock\"]}", 0, LISTEN_UNIX, 0, NULL, 0, "/run/x.sock", true },
	{ "{\"listen\": [\"unix:gw.sock\"]}",     0, LISTEN_UNIX, 0, NULL, 0, "/etc/gh/gw.sock", true },
	{ "{\"listen\": [\"unix:~/gw.sock\"]}",   0, LISTEN_UNIX, 0, NULL, 0, "/home/u/gw.sock", true },
	{ "{\"listen\": [\"127.0.0.1:1\", \"[::1]:2\", \"unix:/s\"]}", 1, LISTEN_TCP, AF_INET6, "::1", 2, NULL, true },
	{ "{\"listen\": [\"0.0.0.0:8750\"], \"tls\": {\"cert\": \"c.pem\", \"key\": \"k.pem\"}}",
	    0, LISTEN_TCP, AF_INET, "0.0.0.0", 8750, NULL, false },
	{ "{\"listen\": [\"[::]:443\"], \"tls\": {\"cert\": \"/c.pem\", \"key\": \"/k.pem\"}}",
	    0, LISTEN_TCP, AF_INET6, "::", 443, NULL, false },
	{ "{\"listen\": [\"0.0.0.0:8750\"], \"trustedProxies\": [\"10.0.0.5/32\"]}",
	    0, LISTEN_TCP, AF_INET, "0.0.0.0", 8750, NULL, false },
	{ "{\"listen\": [\"192.0.2.7:80\"], \"trustedProxies\": [\"192.0.2.1\"]}",
	    0, LISTEN_TCP, AF_INET, "192.0.2.7", 80, NULL, false },
};

static void
test_listen_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(listen_cases); i++) {
		struct config cfg;
		struct config_diag diag = { 0 };
		char ip[INET6_ADDRSTRLEN] = "";
		const struct listen_addr *la;
		bool bad = false;

		if (parse_ok(listen_cases[i].json, &cfg, &diag, NULL) != 0) {
			failures++;
			goto next;
		}
		la = &cfg.listen[listen_cases[i].index];
		if ((int)la->kind != listen_cases[i].kind || la->loopback != listen_cases[i].loopback)
			bad = true;
		if (listen_cases[i].kind == LISTEN_TCP) {
			if (la->sa.ss_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)&la->sa)->sin_addr, ip, sizeof(ip));
			else if (la->sa.ss_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&la->sa)->sin6_addr, ip, sizeof(ip));
			if (la->sa.ss_family != listen_cases[i].family || strcmp(ip, listen_cases[i].ip) != 0 ||
			    port_of(la) != listen_cases[i].port ||
			    la->salen != (listen_cases[i].family == AF_INET ? sizeof(struct sockaddr_in)
			    : sizeof(struct sockaddr_in6)))
				bad = true;
		} else if (la->path == NULL || strcmp(la->path, listen_cases[i].path) != 0) {
			bad = true;
		}
		if (config_listens_publicly(&cfg) == listen_cases[i].loopback)
			bad = true;
		if (bad) {
			print_error("listen case %zu %s: expected kind %d %s port %u path %s loopback %d; "
			    "got kind %d family %d %s port %u path %s loopback %d\n", i, listen_cases[i].json,
			    listen_cases[i].kind, listen_cases[i].ip ? listen_cases[i].ip : "-",
			    listen_cases[i].port, listen_cases[i].path ? listen_cases[i].path : "-",
			    listen_cases[i].loopback, la->kind, la->sa.ss_family, ip, port_of(la),
			    la->path ? la->path : "-", la->loopback);
			failures++;
		}
next:
		config_free(&cfg);
		config_diag_free(&diag);
	}
	assert_int_equal(failures, 0);
}

static void
test_tls_paths(void **state)
{
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(parse_ok("{\"tls\": {\"cert\": \"certs/c.pem\", \"key\": \"~/k.pem\"}}",
	    &cfg, &diag, NULL), 0);
	assert_string_equal(cfg.tls_cert, "/etc/gh/certs/c.pem");
	assert_string_equal(cfg.tls_key, "/home/u/k.pem");
	config_free(&cfg);
	config_diag_free(&diag);
}

static void
test_lists_and_limits(void **state)
{
	struct config cfg;
	struct config_diag diag = { 0 };
	const char *json =
	    "{\"publicHosts\": [\"gw.example.com\", \"[2001:db8::1]:443\"],"
	    " \"allowedOrigins\": [\"https://app.example.com\", \"http://localhost:3000\"],"
	    " \"trustedProxies\": [\"10.0.0.5/32\", \"10.1.0.0/16\", \"2001:db8::/64\"],"
	    " \"limits\": {\"maxBodyBytes\": 1, \"callTimeoutMs\": 100, \"maxSessions\": 65536,"
	    "   \"sessionIdleMs\": 1000, \"authFailuresPerMinute\": 3, \"maxConnectionsPerIp\": 4096,"
	    "   \"idleTimeoutMs\": 3600000, \"headerTimeoutMs\": 100, \"bodyTimeoutMs\": 3600000, \"ssePollMs\": 250},"
	    " \"tools\": {\"onNew\": \"hold\"}}";
	struct addr a;

	(void)state;
	assert_int_equal(parse_ok(json, &cfg, &diag, NULL), 0);
	assert_int_equal(cfg.npublic_hosts, 2);
	assert_string_equal(cfg.public_hosts[1], "[2001:db8::1]:443");
	assert_int_equal(cfg.nallowed_origins, 2);
	assert_string_equal(cfg.allowed_origins[0], "https://app.example.com");
	assert_int_equal(cfg.ntrusted_proxies, 3);
	assert_int_equal(addr_parse("10.1.200.3", 10, &a), 0);
	assert_true(cidr_list_contains(cfg.trusted_proxies, cfg.ntrusted_proxies, &a));
	assert_int_equal(addr_parse("10.0.0.6", 8, &a), 0);
	assert_false(cidr_list_contains(cfg.trusted_proxies, cfg.ntrusted_proxies, &a));
	assert_int_equal(cfg.limits.max_body_bytes, 1);
	assert_int_equal(cfg.limits.call_timeout_ms, 100);
	assert_int_equal(cfg.limits.max_sessions, 65536);
	assert_int_equal(cfg.limits.session_idle_ms, 1000);
	assert_int_equal(cfg.limits.auth_failures_per_minute, 3);
	assert_int_equal(cfg.limits.max_connections_per_ip, LIMIT_HTTP_CONNECTIONS);
	assert_int_equal(cfg.limits.idle_timeout_ms, 3600000);
	assert_int_equal(cfg.limits.header_timeout_ms, 100);
	assert_int_equal(cfg.limits.body_timeout_ms, 3600000);
	assert_int_equal(cfg.limits.sse_poll_ms, 250);
	assert_int_equal(cfg.tools_on_new, ON_NEW_HOLD);
	config_free(&cfg);
	config_diag_free(&diag);

	/* The ceiling of maxBodyBytes is accepted. */
	assert_int_equal(parse_ok("{\"limits\": {\"maxBodyBytes\": 67108864}}", &cfg, &diag, NULL), 0);
	assert_int_equal(cfg.limits.max_body_bytes, LIMIT_BODY_BYTES_MAX);
	assert_int_equal(cfg.limits.sse_poll_ms, 0);       /* by default streams stay open until their answer */
	config_free(&cfg);
	config_diag_free(&diag);
}

static const struct config_value *
find_value(const struct server_config *s, const char *name)
{
	for (size_t i = 0; i < s->nenv; i++)
		if (strcmp(s->env[i].name, name) == 0)
			return &s->env[i];
	return NULL;
}

static const struct server_config *
find_server(const struct config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nservers; i++)
		if (strcmp(cfg->servers[i].key, key) == 0)
			return &cfg->servers[i];
	return NULL;
}

static void
test_servers(void **state)
{
	struct config cfg;
	struct config_diag diag = { 0 };
	const char *json =
	    "{\"mcpServers\": {"
	    " \"everything\": {\"command\": \"node\", \"args\": [\"a.js\", \"\", \"--x\"],"
	    "   \"env\": {\"API_KEY\": {\"secret\": \"everything-key\"}, \"HOME_DIR\": {\"env\": \"HOME\"},"
	    "            \"MODE\": \"fast\"},"
	    "   \"sandbox\": {\"network\": true, \"read\": [\"data\", \"/usr/share\"], \"write\": [\"~/out\"]}},"
	    " \"remote\": {\"url\": \"https://mcp.example.com/mcp\", \"type\": \"http\","
	    "   \"headers\": {\"Authorization\": {\"secret\": \"remote-token\"}}},"
	    " \"local\": {\"url\": \"http://127.0.0.1:3000/mcp\", \"type\": \"streamable-http\"},"
	    " \"local6\": {\"url\": \"http://[::1]:3000/mcp\"},"
	    " \"localname\": {\"url\": \"HTTP://LOCALHOST:3000/mcp\", \"type\": \"streamableHttp\"},"
	    " \"conformance\": {\"command\": \"node\", \"args\": [\"fixture.js\"], \"prefix\": \"\", \"type\": \"stdio\","
	    "   \"sandbox\": false},"
	    " \"pub\": {\"command\": \"x\", \"sandbox\": {\"network\": \"public\","
	    "   \"limits\": {\"processes\": 300, \"openFiles\": 64, \"fileSizeBytes\": 1048576, \"cpuSeconds\": 2}}},"
	    " \"time\": {\"command\": \"/usr/local/bin/mcp-time\", \"shared\": true, \"prefix\": \"clock\","
	    "   \"tools\": {\"allow\": [\"get_*\"], \"deny\": [\"get_secret\", \"get_env\"]}}"
	    "}}";
	const struct server_config *s;
	const struct config_value *v;

	(void)state;
	assert_int_equal(parse_ok(json, &cfg, &diag, NULL), 0);
	assert_int_equal(diag.nwarnings, 0);
	assert_int_equal(cfg.nservers, 8);

	assert_non_null(s = find_server(&cfg, "everything"));
	assert_int_equal(s->transport, SERVER_STDIO);
	assert_string_equal(s->command, "node");
	assert_string_equal(s->prefix, "everything");
	assert_int_equal(s->nargs, 3);
	assert_string_equal(s->args[0], "a.js");
	assert_string_equal(s->args[1], "");
	assert_null(s->url);
	assert_int_equal(s->nenv, 3);
	assert_non_null(v = find_value(s, "API_KEY"));
	assert_int_equal(v->kind, VALUE_SECRET);
	assert_string_equal(v->value, "everything-key");
	assert_non_null(v = find_value(s, "HOME_DIR"));
	assert_int_equal(v->kind, VALUE_ENV);
	assert_string_equal(v->value, "HOME");
	assert_non_null(v = find_value(s, "MODE"));
	assert_int_equal(v->kind, VALUE_INLINE);
	assert_string_equal(v->value, "fast");
	assert_int_equal(s->sandbox_network, NETWORK_HOST);
	assert_false(s->sandbox_off);
	assert_int_equal(s->nsandbox_read, 2);
	assert_string_equal(s->sandbox_read[0], "/etc/gh/data");
	assert_string_equal(s->sandbox_read[1], "/usr/share");
	assert_int_equal(s->nsandbox_write, 1);
	assert_string_equal(s->sandbox_write[0], "/home/u/out");
	assert_null(s->tools_allow);
	assert_int_equal(s->ntools_deny, 0);
	assert_false(s->shared);

	assert_non_null(s = find_server(&cfg, "conformance"));
	assert_true(s->sandbox_off);
	assert_non_null(s = find_server(&cfg, "pub"));
	assert_false(s->sandbox_off);
	assert_int_equal(s->sandbox_network, NETWORK_PUBLIC);
	assert_int_equal(s->sandbox_processes, 300);
	assert_int_equal(s->sandbox_open_files, 64);
	assert_int_equal(s->sandbox_file_size, 1048576);
	assert_int_equal(s->sandbox_cpu_seconds, 2);

	assert_non_null(s = find_server(&cfg, "remote"));
	assert_int_equal(s->transport, SERVER_HTTP);
	assert_string_equal(s->url, "https://mcp.example.com/mcp");
	assert_null(s->command);
	assert_int_equal(s->nenv, 1);
	assert_string_equal(s->env[0].name, "Authorization");
	assert_int_equal(s->env[0].kind, VALUE_SECRET);
	assert_string_equal(s->env[0].value, "remote-token");

	assert_non_null(s = find_server(&cfg, "local"));
	assert_int_equal(s->transport, SERVER_HTTP);
	assert_non_null(s = find_server(&cfg, "local6"));
	assert_int_equal(s->transport, SERVER_HTTP);
	assert_non_null(s = find_server(&cfg, "localname"));
	assert_int_equal(s->transport, SERVER_HTTP);

	assert_non_null(s = find_server(&cfg, "conformance"));
	assert_string_equal(s->prefix, "");
	assert_non_null(s = find_server(&cfg, "time"));
	assert_true(s->shared);
	assert_string_equal(s->prefix, "clock");
	assert_int_equal(s->ntools_allow, 1);
	assert_string_equal(s->tools_allow[0], "get_*");
	assert_int_equal(s->ntools_deny, 2);
	assert_string_equal(s->tools_deny[1], "get_env");
	/* Sandbox defaults: on, the internet without the host (DESIGN.md section 4). */
	assert_false(s->sandbox_off);
	assert_int_equal(s->sandbox_network, NETWORK_PUBLIC);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* An empty prefix is allowed, even for two servers (collisions are found per tool). */
static void
test_empty_prefixes(void **state)
{
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(parse_ok("{\"mcpServers\": {\"a\": {\"command\": \"a\", \"prefix\": \"\"},"
	    " \"b\": {\"command\": \"b\", \"prefix\": \"\"}}}", &cfg, &diag, NULL), 0);
	assert_int_equal(cfg.nservers, 2);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* Inline values that look like credentials still work, with a warning naming the path. */
static const struct {
	const char *json;
	const char *warn_path;      /* NULL: no warning expected */
} warning_cases[] = {
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"OPENAI\": \"sk-abcdefghijklmnop\"}}}}",
	    "$.mcpServers.x.env.OPENAI" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"GH\": \"ghp_0123456789abcdef\"}}}}",
	    "$.mcpServers.x.env.GH" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"API_KEY\": \"hunter2hunter2\"}}}}",
	    "$.mcpServers.x.env.API_KEY" },
	{ "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\", \"headers\": {\"Authorization\": \"Bearer abcdefghijklmnop\"}}}}",
	    "$.mcpServers.x.headers.Authorization" },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"MODE\": \"fast\"}}}}", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"env\": {\"API_KEY\": {\"env\": \"API_KEY\"}}}}}", NULL },
	{ "{\"mcpServers\": {\"x\": {\"command\": \"sh\", \"args\": [\"-c\", \"x\"]}}}", "$.mcpServers.x.command" },
};

static void
test_warning_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < N(warning_cases); i++) {
		struct config cfg;
		struct config_diag diag = { 0 };
		bool found = false;
		if (parse_ok(warning_cases[i].json, &cfg, &diag, NULL) != 0) {
			failures++;
		} else {
			for (size_t k = 0; k < diag.nwarnings; k++) {
				if (warning_cases[i].warn_path && strstr(diag.warnings[k], warning_cases[i].warn_path))
					found = true;
				/* A warning never repeats the secret it is about. */
				if (strstr(diag.warnings[k], "abcdefghijklmnop") || strstr(diag.warnings[k], "hunter2") ||
				    strstr(diag.warnings[k], "0123456789abcdef")) {
					print_error("warning case %zu leaks the value: %s\n", i, diag.warnings[k]);
					failures++;
				}
			}
			if (warning_cases[i].warn_path ? !found : diag.nwarnings != 0) {
				print_error("warning case %zu %s: expected %s%s\n", i, warning_cases[i].json,
				    warning_cases[i].warn_path ? "a warning naming " : "no warning",
				    warning_cases[i].warn_path ? warning_cases[i].warn_path : "");
				dump_diag(&diag);
				failures++;
			}
		}
		config_free(&cfg);
		config_diag_free(&diag);
	}
	assert_int_equal(failures, 0);
}

/* Messages never echo inline secret values, even when the entry is in error. */
static void
test_errors_do_not_leak_secrets(void **state)
{
	const char *json = "{\"mcpServers\": {\"x\": {\"url\": \"https://e.example/mcp\","
	    " \"headers\": {\"Authorization\": \"Bearer sk-supersecretvalue\\r\\n\"}}}}";
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &env, &cfg, &diag), -1);
	for (size_t i = 0; i < diag.nerrors; i++)
		if (strstr(diag.errors[i], "supersecret"))
			fail_msg("error message repeats a secret: %s", diag.errors[i]);
	config_free(&cfg);
	config_diag_free(&diag);
}

static char *
fake_secret(void *arg, const char *name, char *err, size_t errcap)
{
	(void)arg;
	if (strcmp(name, "k") == 0)
		return strdup("s3cret-of-k");
	snprintf(err, errcap, "the vault has no secret \"%s\"", name);
	return NULL;
}

static void
test_value_resolve(void **state)
{
	struct config_value inl = { .name = "MODE", .kind = VALUE_INLINE, .value = "fast" };
	struct config_value ev = { .name = "TOKEN", .kind = VALUE_ENV, .value = "GH_UNIT_TEST_VAR" };
	struct config_value sec = { .name = "KEY", .kind = VALUE_SECRET, .value = "k" };
	char err[256];
	char *s;

	(void)state;
	s = config_value_resolve(&inl, NULL, err, sizeof(err));
	assert_non_null(s);
	assert_string_equal(s, "fast");
	free(s);
	unsetenv("GH_UNIT_TEST_VAR");
	err[0] = '\0';
	assert_null(config_value_resolve(&ev, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "GH_UNIT_TEST_VAR"));
	setenv("GH_UNIT_TEST_VAR", "v4lue", 1);
	s = config_value_resolve(&ev, NULL, err, sizeof(err));
	assert_non_null(s);
	assert_string_equal(s, "v4lue");
	free(s);
	unsetenv("GH_UNIT_TEST_VAR");
	err[0] = '\0';
	assert_null(config_value_resolve(&sec, NULL, err, sizeof(err)));   /* no vault */
	assert_true(err[0] != '\0');
	{
		struct secret_source ss = { fake_secret, NULL };
		s = config_value_resolve(&sec, &ss, err, sizeof(err));
		assert_non_null(s);
		assert_string_equal(s, "s3cret-of-k");
		free(s);
		sec.value = "missing";
		err[0] = '\0';
		assert_null(config_value_resolve(&sec, &ss, err, sizeof(err)));
		assert_non_null(strstr(err, "KEY"));            /* names the variable */
		assert_non_null(strstr(err, "no secret \"missing\""));
	}
}

/* Keys users paste from MCP clients' own entries. */
static void
test_client_keys(void **state)
{
	const char *json = "{\"mcpServers\": {"
	    "\"a\": {\"command\": \"node\", \"args\": [\"--key=${GH_KEY}\", \"$${LITERAL}\"], \"cwd\": \"${GH_DIR}/a\","
	    "        \"timeout\": 5000, \"type\": \"stdio\", \"env\": {\"API_KEY\": \"${env:GH_KEY}\"}},"
	    "\"b\": {\"httpUrl\": \"https://${GH_HOST}/mcp\", \"type\": \"streamable-http\","
	    "        \"headers\": {\"Authorization\": \"Bearer ${GH_KEY}\"}},"
	    "\"c\": {\"serverUrl\": \"https://e.example/mcp\", \"type\": \"http\", \"disabled\": false},"
	    "\"off\": {\"command\": \"missing\", \"args\": [\"${GH_UNIT_UNSET}\"], \"disabled\": true},"
	    "\"old\": {\"url\": \"https://e.example/sse\", \"type\": \"sse\", \"disabled\": true, \"prefix\": \"c\"}}}";
	struct config cfg;
	struct config_diag diag = { 0 };
	int rc;

	(void)state;
	/* A disabled entry is checked too: its "sse" stays an error, its unset variable does not. */
	rc = config_parse(json, strlen(json), &env_vars, &cfg, &diag);
	assert_int_equal(rc, -1);
	assert_int_equal(diag.nerrors, 1);
	assert_non_null(strstr(diag.errors[0], "$.mcpServers.old.type"));
	config_free(&cfg);
	config_diag_free(&diag);

	json = "{\"mcpServers\": {"
	    "\"a\": {\"command\": \"node\", \"args\": [\"--key=${GH_KEY}\", \"$${LITERAL}\"], \"cwd\": \"${GH_DIR}/a\","
	    "        \"timeout\": 5000, \"type\": \"stdio\", \"env\": {\"API_KEY\": \"${env:GH_KEY}\"}},"
	    "\"b\": {\"httpUrl\": \"https://${GH_HOST}/mcp\", \"type\": \"streamable-http\","
	    "        \"headers\": {\"Authorization\": \"Bearer ${GH_KEY}\"}},"
	    "\"c\": {\"serverUrl\": \"https://e.example/mcp\", \"type\": \"http\", \"disabled\": false},"
	    "\"off\": {\"command\": \"missing\", \"args\": [\"${GH_UNIT_UNSET}\"], \"disabled\": true, \"prefix\": \"a\"}}}";
	rc = config_parse(json, strlen(json), &env_vars, &cfg, &diag);
	if (rc != 0 || diag.nwarnings != 0)
		dump_diag(&diag);
	assert_int_equal(rc, 0);
	assert_int_equal(diag.nwarnings, 0);        /* ${GH_KEY} is not an inline secret */
	assert_int_equal(cfg.nservers, 3);
	assert_int_equal(cfg.ndisabled, 1);
	assert_string_equal(cfg.disabled[0], "off");
	for (size_t i = 0; i < cfg.nservers; i++)
		assert_string_not_equal(cfg.servers[i].key, "off");
	/* The configuration keeps what was written; values appear only when used. */
	assert_string_equal(cfg.servers[0].key, "a");
	assert_string_equal(cfg.servers[0].args[0], "--key=${GH_KEY}");
	assert_string_equal(cfg.servers[0].cwd, "${GH_DIR}/a");
	assert_int_equal(cfg.servers[0].timeout_ms, 5000);
	assert_int_equal(CONFIG_SERVER_TIMEOUT_MS(&cfg, &cfg.servers[0]), 5000);
	assert_true(cfg.servers[0].env[0].expand);
	assert_int_equal(cfg.servers[1].transport, SERVER_HTTP);
	assert_string_equal(cfg.servers[1].url, "https://${GH_HOST}/mcp");
	assert_true(cfg.servers[1].env[0].expand);
	assert_int_equal(cfg.servers[1].timeout_ms, 0);
	assert_int_equal(CONFIG_SERVER_TIMEOUT_MS(&cfg, &cfg.servers[1]), 60000);
	assert_string_equal(cfg.servers[2].url, "https://e.example/mcp");
	assert_null(cfg.servers[2].cwd);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* ${VAR} expansion itself: a table of texts and what they become. */
static int n_each;

static void
count_each(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	n_each++;
}

static void
test_expand_table(void **state)
{
	static const struct {
		const char *in, *out, *err;     /* out NULL: an error holding err */
		int         names;
	} cases[] = {
		{ "plain", "plain", NULL, 0 },
		{ "", "", NULL, 0 },
		{ "${GH_HOST}", "mcp.example.com", NULL, 1 },
		{ "https://${env:GH_HOST}/mcp?x=${GH_DIR}", "https://mcp.example.com/mcp?x=work", NULL, 2 },
		{ "a${GH_EMPTY}b", "ab", NULL, 1 },
		{ "$${GH_HOST}", "${GH_HOST}", NULL, 0 },
		{ "$$${GH_DIR}", "$${GH_DIR}", NULL, 0 },     /* left to right: "$", then "$${" */
		{ "$GH_HOST $ {x} $", "$GH_HOST $ {x} $", NULL, 0 },
		{ "${GH_UNSET_ONE}", NULL, "GH_UNSET_ONE is not set", 0 },
		{ "${GH_HOST}${GH_UNSET_TWO}", NULL, "GH_UNSET_TWO", 1 },
		{ "${GH_HOST:-x}", NULL, "not supported", 0 },
		{ "${env:}", NULL, "${VAR}", 0 },
		{ "${env:env:GH_HOST}", NULL, "${VAR}", 0 },
		{ "${GH HOST}", NULL, "${VAR}", 0 },
		{ "${GH_HOST", NULL, "${VAR}", 0 },
		{ "${0}", NULL, "${VAR}", 0 },
	};
	char err[512];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char *out;
		err[0] = '\0';
		n_each = 0;
		out = config_expand_with(cases[i].in, fake_lookup, count_each, NULL, err, sizeof(err));
		if (cases[i].out != NULL) {
			if (out == NULL || strcmp(out, cases[i].out) != 0)
				fail_msg("expand case %zu \"%s\": got %s (%s)", i, cases[i].in, out ? out : "NULL", err);
			assert_int_equal(n_each, cases[i].names);
		} else {
			if (out != NULL || strstr(err, cases[i].err) == NULL)
				fail_msg("expand case %zu \"%s\": expected an error with \"%s\", got %s / %s", i,
				    cases[i].in, cases[i].err, out ? out : "NULL", err);
			/* An error names a variable, never a value. */
			assert_null(strstr(err, "mcp.example.com"));
		}
		free(out);
	}
	/* Without a lookup, every variable is unset. */
	assert_null(config_expand_with("${GH_HOST}", NULL, NULL, NULL, err, sizeof(err)));
	assert_true(config_has_expansion("a${B}"));
	assert_false(config_has_expansion("a$B{"));
}

/* An expanded value never appears in a message, even when the entry is wrong. */
static void
test_expansion_not_in_messages(void **state)
{
	const char *json = "{\"mcpServers\": {"
	    "\"x\": {\"url\": \"http://${GH_PLAIN}/mcp?k=${GH_KEY}\"},"
	    "\"y\": {\"command\": \"a\", \"env\": {\"TOKEN\": \"${GH_KEY}\"}, \"args\": [\"${GH_KEY}\", \"${GH_NOPE}\"]}}}";
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &env_vars, &cfg, &diag), -1);
	assert_true(has_error(&diag, "$.mcpServers.x.url", "http://${GH_PLAIN}/mcp?k=${GH_KEY}"));
	assert_true(has_error(&diag, "$.mcpServers.y.args[1]", "GH_NOPE"));
	for (size_t i = 0; i < diag.nerrors; i++)
		if (strstr(diag.errors[i], "plain.example") || strstr(diag.errors[i], "0123456789abcdef"))
			fail_msg("a message holds an expanded value: %s", diag.errors[i]);
	assert_int_equal(diag.nwarnings, 0);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* `gatehouse stdio` opens no listener: the rule for public listeners does not apply. */
static void
test_no_listen(void **state)
{
	const char *json = "{\"listen\": [\"0.0.0.0:8750\"]}";
	struct config_env e = env;
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &e, &cfg, &diag), -1);
	config_free(&cfg);
	config_diag_free(&diag);
	e.no_listen = true;
	assert_int_equal(config_parse(json, strlen(json), &e, &cfg, &diag), 0);
	config_free(&cfg);
	config_diag_free(&diag);
	/* ... but a listen entry that is not an address is still an error. */
	json = "{\"listen\": [\"nonsense\"]}";
	assert_int_equal(config_parse(json, strlen(json), &e, &cfg, &diag), -1);
	config_free(&cfg);
	config_diag_free(&diag);
}

/* A key far from every valid one gets no guess. */
static void
test_no_far_guess(void **state)
{
	const char *json = "{\"mcpServers\": {\"x\": {\"command\": \"a\", \"zzzzzz\": 1}}}";
	struct config cfg;
	struct config_diag diag = { 0 };

	(void)state;
	assert_int_equal(config_parse(json, strlen(json), &env, &cfg, &diag), -1);
	assert_true(has_error(&diag, "$.mcpServers.x.zzzzzz", "unknown key"));
	assert_false(has_error(&diag, "$.mcpServers.x.zzzzzz", "did you mean"));
	config_free(&cfg);
	config_diag_free(&diag);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_table),
		cmocka_unit_test(test_raw_nul),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_state_dir_table),
		cmocka_unit_test(test_state_dir_no_home),
		cmocka_unit_test(test_listen_table),
		cmocka_unit_test(test_tls_paths),
		cmocka_unit_test(test_lists_and_limits),
		cmocka_unit_test(test_servers),
		cmocka_unit_test(test_empty_prefixes),
		cmocka_unit_test(test_warning_table),
		cmocka_unit_test(test_errors_do_not_leak_secrets),
		cmocka_unit_test(test_value_resolve),
		cmocka_unit_test(test_client_keys),
		cmocka_unit_test(test_expand_table),
		cmocka_unit_test(test_expansion_not_in_messages),
		cmocka_unit_test(test_no_listen),
		cmocka_unit_test(test_no_far_guess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/secrets/redact.c: every known format replaced by its rule's
 * name, vault values as literals, JSON strings and keys, and lookalikes left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "secrets/redact.h"
#include "secrets/scan.h"

static const struct {
	const char *secret, *slug;
} formats[] = {
	{ "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7", "openai-key" },
	{ "sk-ant-api03-Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVb4nM7-_Qw3rTy6uIo9pAs2dFg5hJk8lZx1cVbAA", "anthropic-key" },
	{ "AKIAIOSFODNN7EXAMPLE", "aws-access-key" },
	{ "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-key" },
	{ "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "github-token" },
	{ "glpat-xY9zW8vU7tS6rQ5pO4nM", "gitlab-token" },
	{ "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack-token" },
	{ "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "slack-webhook" },
	{ "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1", "telegram-bot-token" },
	{ "MTAxNjI4NDI2MTMxODQ1OTM4OA.GxYz12.abcdefghijklmnopqrstuvwxyz0", "discord-token" },
	{ "https://discord.com/api/webhooks/12345678901234567/AbCdEf-GhIjKl_MnOpQr", "discord-webhook" },
	{ "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-key" },
	{ "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "google-api-key" },
	{ "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
	  "-----END OPENSSH PRIVATE KEY-----", "private-key" },
	{ "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "jwt" },
	{ "redis://:changeme-pw@cache.internal:6379", "url-password" },
	{ "gth_k3Jd9sL2mQ8vN5xB7cR1tY4wZ6aE0fG3hH2jK9lP5oU", "gatehouse-token" },
	{ "client_secret = \"Zx81kQp0Lm3Rt9Wv2Yb7Nc4H\"", "generic-secret" },
};

/* The secret's recognisable core must be gone, the rule named, the text around kept. */
static void
test_each_format(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char in[1024], want[64];
		size_t n;
		const char *slug = NULL;
		char *out;
		snprintf(in, sizeof(in), "before %s after", formats[i].secret);
		out = redact_text(NULL, in, strlen(in), &n, &slug);
		if (out == NULL)
			fail_msg("%s: nothing redacted", formats[i].slug);
		snprintf(want, sizeof(want), "[REDACTED:%s]", formats[i].slug);
		if (strstr(out, want) == NULL || strncmp(out, "before ", 7) != 0 || strstr(out, " after") == NULL)
			fail_msg("%s: got %s", formats[i].slug, out);
		assert_int_equal(n, 1);
		assert_string_equal(slug, formats[i].slug);
		free(out);
	}
}

static void
test_lookalikes_pass(void **state)
{
	static const char *const fine[] = {
		"request 550e8400-e29b-41d4-a716-446655440000 done",
		"commit 9fceb02d0ae598e95dc970b74767f19372d61af8 on main",
		"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
		"The quick brown fox jumps over the lazy dog; the task-runner finished.",
		"https://example.com/path?q=1 and mailto:someone@example.com",
		"sk-short and AKIA123",
		"password: changeme123 and api_key=YOUR_API_KEY_HERE and token: xxxxxxxxxxxxxxxxxxxxxxxx",
		"secret_key = aaaaaaaaBBBBBBBB11111111",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		size_t n;
		char *out = redact_text(NULL, fine[i], strlen(fine[i]), &n, NULL);
		if (out != NULL)
			fail_msg("changed: %s -> %s", fine[i], out);
		assert_int_equal(n, 0);
	}
}

static void
test_literals(void **state)
{
	struct redactor *r = redactor_new();
	size_t n;
	char *out;
	const char *text = "value=plain-vault-value-123 twice plain-vault-value-123!";

	(void)state;
	assert_int_equal(redactor_add_literal(r, "plain-vault-value-123", "vault"), 0);
	assert_int_equal(redactor_add_literal(r, "short", "vault"), 0);    /* ignored: too short */
	out = redact_text(r, text, strlen(text), &n, NULL);
	assert_non_null(out);
	assert_string_equal(out, "value=[REDACTED:vault] twice [REDACTED:vault]!");
	assert_int_equal(n, 2);
	free(out);
	out = redact_text(r, "a short word", 12, &n, NULL);
	assert_null(out);
	redactor_free(r);
}

static void
test_json(void **state)
{
	struct redactor *r = redactor_new();
	json_error_t e;
	/* The OpenAI key written with JSON escapes, a vault value in an array, and a key in an object key. */
	json_t *v = json_loads("{\"content\":[{\"type\":\"text\",\"text\":\"key: \\u0073k-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Q7\"},"
	    "\"my-vault-secret-xyz\"],\"AKIAIOSFODNN7EXAMPLE\":1,\"n\":42}", 0, &e);
	const char *slug;
	char *s;

	(void)state;
	assert_non_null(v);
	assert_int_equal(redactor_add_literal(r, "my-vault-secret-xyz", "vault"), 0);
	assert_int_equal(redact_json(r, v, &slug), 3);
	s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(strstr(s, "key: [REDACTED:openai-key]"));
	assert_non_null(strstr(s, "\"[REDACTED:vault]\""));
	assert_non_null(strstr(s, "\"[REDACTED:aws-access-key]\":1"));
	assert_null(strstr(s, "Ab3dEf6hIj9kLm2nOp"));
	assert_non_null(strstr(s, "\"n\":42"));
	free(s);
	json_decref(v);
	redactor_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_format),
		cmocka_unit_test(test_lookalikes_pass),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

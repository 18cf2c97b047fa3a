#include "auth.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void
auth_token_generate(char out[TOKEN_TEXT_LEN + 1])
{
	uint8_t raw[TOKEN_RAW_BYTES];

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, TOKEN_PREFIX, 4);
	sodium_bin2base64(out + 4, TOKEN_TEXT_LEN + 1 - 4, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static bool
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

int
auth_token_hash(const char *text, size_t len, uint8_t hash[TOKEN_HASH_BYTES])
{
	if (len != TOKEN_TEXT_LEN || memcmp(text, TOKEN_PREFIX, 4) != 0)
		return -1;
	for (size_t i = 4; i < len; i++)
		if (!is_b64url(text[i]))
			return -1;
	crypto_generichash(hash, TOKEN_HASH_BYTES, (const unsigned char *)text, len, NULL, 0);
	return 0;
}

int
auth_bearer_parse(const char *header, const char **tok, size_t *len)
{
	size_t n;

	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return -1;
	header += 7;
	while (*header == ' ')
		header++;
	n = strlen(header);
	while (n > 0 && (header[n - 1] == ' ' || header[n - 1] == '\t'))
		n--;
	if (n == 0 || memchr(header, ' ', n) != NULL)
		return -1;
	*tok = header;
	*len = n;
	return 0;
}

long
auth_token_match(const struct token_set *set, const uint8_t hash[TOKEN_HASH_BYTES], int64_t now)
{
	long found = -1;

	for (size_t i = 0; i < set->n; i++) {
		/* sodium_memcmp is constant-time; keep going after a hit. */
		if (sodium_memcmp(set->items[i].hash, hash, TOKEN_HASH_BYTES) == 0)
			found = (long)i;
	}
	if (found >= 0 && set->items[found].expires != 0 && set->items[found].expires <= now)
		return -1;
	return found;
}

void
auth_token_set_free(struct token_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->items[i].tools_json);
	free(set->items);
	set->items = NULL;
	set->n = 0;
}

bool
auth_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > LIMIT_TOKEN_NAME)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int64_t
auth_duration_parse(const char *s)
{
	static const struct { char unit; int64_t seconds; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
	};
	int64_t value = 0;
	size_t i = 0, n = s ? strlen(s) : 0;

	if (n < 2 || n > 12)
		return -1;
	for (; i < n - 1; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		value = value * 10 + (s[i] - '0');
	}
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		if (units[u].unit == s[n - 1]) {
			if (value <= 0 || value > (int64_t)100 * 365 * 86400 / units[u].seconds)
				return -1;
			return value * units[u].seconds;
		}
	return -1;
}

/*
 * Client tokens. A token is 256 random bits printed as "gth_" + 43 characters of
 * unpadded base64url. Only its hash (BLAKE2b-256) is ever stored; a presented
 * token is hashed and compared in constant time against every live hash, so
 * neither timing nor early exit tells an attacker anything.
 */
#ifndef GH_AUTH_H
#define GH_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../limits.h"

#define TOKEN_PREFIX      "gth_"
#define TOKEN_RAW_BYTES   32
#define TOKEN_TEXT_LEN    (4 + 43)          /* prefix + base64url(32 bytes) */
#define TOKEN_HASH_BYTES  32

struct token_entry {
	char     name[LIMIT_TOKEN_NAME + 1];
	uint8_t  hash[TOKEN_HASH_BYTES];
	int64_t  expires;                   /* unix seconds; 0 = never */
	char    *tools_json;                /* JSON array of globs, or NULL for all */
};

struct token_set {
	struct token_entry *items;
	size_t              n;
};

/* Write a fresh token (NUL-terminated) into out[TOKEN_TEXT_LEN + 1]. */
void auth_token_generate(char out[TOKEN_TEXT_LEN + 1]);
/* Hash a token's text. Returns -1 when the text is not shaped like a token. */
int  auth_token_hash(const char *text, size_t len, uint8_t hash[TOKEN_HASH_BYTES]);
/* Extract the token from an Authorization header value ("Bearer <token>", the
 * scheme without case). Returns 0 and sets *tok and *len, or -1. */
int  auth_bearer_parse(const char *header, const char **tok, size_t *len);

/*
 * Find the live token whose hash matches. Every entry is compared (no early
 * exit) with sodium_memcmp. Returns the index, or -1 when none matches or the
 * match has expired at `now`.
 */
long auth_token_match(const struct token_set *set, const uint8_t hash[TOKEN_HASH_BYTES],
    int64_t now);

void auth_token_set_free(struct token_set *set);

/* Is this a valid token name: 1 to 64 letters, digits, dots, underscores, dashes? */
bool auth_name_valid(const char *name);

/* Parse a duration such as "90m", "12h", "30d", "1w" into seconds. -1 on error. */
int64_t auth_duration_parse(const char *s);

#endif

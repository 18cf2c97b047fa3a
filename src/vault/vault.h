/*
 * The vault (DESIGN.md section 7): named secrets, encrypted in the state
 * database with one 32-byte key that is never stored beside them.
 *
 * Each value is sealed with XChaCha20-Poly1305 (libsodium's
 * crypto_aead_xchacha20poly1305_ietf), a random nonce per write and the name
 * as associated data, so a sealed value cannot be copied to another name nor
 * altered without the open failing.
 *
 * The key comes from, in this order:
 *   1. the file named by $GATEHOUSE_VAULT_KEY_FILE (containers: a mounted secret);
 *   2. $CREDENTIALS_DIRECTORY/gatehouse-vault-key (systemd LoadCredential=);
 *   3. STATE_DIR/vault.key, created (0600, 64 hex digits) by the first
 *      `gatehouse secret set`.
 * A key file that others can read or write is refused, with the chmod to run.
 * The key lives in guarded memory (sodium_malloc) and is wiped on close.
 *
 * Only the code that starts children and remote connections opens the vault
 * (cli/core.c hands it to the transports); the HTTP front never links to it.
 */
#ifndef GH_VAULT_H
#define GH_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct vault;

#define VAULT_KEY_FILE      "vault.key"
#define VAULT_KEY_ENV       "GATEHOUSE_VAULT_KEY_FILE"
#define VAULT_CREDENTIAL    "gatehouse-vault-key"
#define VAULT_NAME_MAX      64
#define VAULT_VALUE_MAX     (64 * 1024)

/* 1 to VAULT_NAME_MAX characters of A-Z a-z 0-9 _ . - */
bool   vault_name_valid(const char *name);

/*
 * Open the vault of `st`. With `create`, a missing key file in the state
 * directory is created (the only case where a key is made). On failure one
 * sentence in err names the fault and its fix.
 */
int    vault_open(struct store *st, const char *state_dir, bool create, struct vault **out,
           char *err, size_t errcap);
void   vault_close(struct vault *v);
/* Where the key came from (a path), for `secret list`. */
const char *vault_key_source(const struct vault *v);

/* Seal and store a value of 1 to VAULT_VALUE_MAX bytes (it may hold NULs). */
int    vault_set(struct vault *v, const char *name, const void *value, size_t len, char *err, size_t errcap);
/*
 * The value of `name` as a NUL-terminated string (a value holding a NUL is
 * refused: it cannot go into an environment variable or a header). Free it
 * with vault_value_free, which wipes it. NULL with err on failure.
 */
char  *vault_get(struct vault *v, const char *name, char *err, size_t errcap);
void   vault_value_free(char *value);
/* 0 removed, 1 no such secret, -1 error. */
int    vault_remove(struct vault *v, const char *name);
/* Every name with its creation and last update (unix seconds); never a value. */
int    vault_each(struct vault *v, void (*cb)(void *arg, const char *name, int64_t created,
           int64_t updated), void *arg);

#endif

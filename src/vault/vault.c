/* The vault: sealed values in the store, the key in guarded memory (vault.h). */
#include "vault.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../limits.h"
#include "../store/store.h"
#include "../util/util.h"

#define KEY_BYTES   crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES   crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KEY_HEX     (2 * KEY_BYTES)

struct vault {
	struct store  *st;
	unsigned char *key;             /* sodium_malloc'd, KEY_BYTES */
	char           source[LIMIT_PATH];
};

bool
vault_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > VAULT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

/*
 * Read a key file: 64 hex digits (a final newline allowed) or 32 raw bytes.
 * Others may neither read nor write it; in the state directory it must be ours.
 */
static int
read_key(const char *path, bool must_own, unsigned char *key, char *err, size_t errcap)
{
	unsigned char buf[KEY_HEX + 2];
	struct stat st;
	ssize_t n;
	size_t len, klen = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errcap, "cannot open the vault key %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errcap, "the vault key %s is not a regular file", path);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		snprintf(err, errcap, "the vault key %s can be read or written by other users; run: chmod 600 %s",
		    path, path);
		close(fd);
		return -1;
	}
	if (must_own && st.st_uid != geteuid()) {
		snprintf(err, errcap, "the vault key %s belongs to another user; it must be owned by the gateway's user",
		    path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	len = n > 0 ? (size_t)n : 0;
	if (len == KEY_BYTES) {
		memcpy(key, buf, KEY_BYTES);
		sodium_memzero(buf, sizeof(buf));
		return 0;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (len != KEY_HEX || sodium_hex2bin(key, KEY_BYTES, (const char *)buf, len, NULL, &klen, NULL) != 0 ||
	    klen != KEY_BYTES) {
		sodium_memzero(buf, sizeof(buf));
		snprintf(err, errcap, "the vault key %s is not 64 hexadecimal digits (or 32 bytes)", path);
		return -1;
	}
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

/* A new key in STATE_DIR/vault.key: 0600, written whole or not at all. */
static int
create_key(const char *path, unsigned char *key, char *err, size_t errcap)
{
	char hex[KEY_HEX + 2];
	int rc;

	randombytes_buf(key, KEY_BYTES);
	sodium_bin2hex(hex, sizeof(hex), key, KEY_BYTES);
	hex[KEY_HEX] = '\n';
	/* util_write_file_private renames a temp file over the path: O_EXCL on the
	 * temp file, and we checked above that no key exists. */
	rc = util_write_file_private(path, hex, KEY_HEX + 1);
	sodium_memzero(hex, sizeof(hex));
	if (rc != 0) {
		snprintf(err, errcap, "cannot create the vault key %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
vault_open(struct store *st, const char *state_dir, bool create, struct vault **out, char *err,
    size_t errcap)
{
	const char *env = getenv(VAULT_KEY_ENV), *creds = getenv("CREDENTIALS_DIRECTORY");
	struct vault *v;
	bool own = false;
	int rc;

	*out = NULL;
	if (sodium_init() < 0) {
		snprintf(err, errcap, "libsodium could not be initialised");
		return -1;
	}
	v = xcalloc(1, sizeof(*v));
	v->st = st;
	if ((v->key = sodium_malloc(KEY_BYTES)) == NULL) {
		free(v);
		snprintf(err, errcap, "out of memory for the vault key");
		return -1;
	}
	if (env != NULL && env[0] != '\0') {
		snprintf(v->source, sizeof(v->source), "%s", env);
	} else if (creds != NULL && creds[0] == '/' &&
	    (size_t)snprintf(v->source, sizeof(v->source), "%s/%s", creds, VAULT_CREDENTIAL) < sizeof(v->source) &&
	    access(v->source, F_OK) == 0) {
		/* systemd's credential */
	} else if ((size_t)snprintf(v->source, sizeof(v->source), "%s/%s", state_dir, VAULT_KEY_FILE) <
	    sizeof(v->source)) {
		own = true;
	} else {
		snprintf(err, errcap, "the state directory path is too long for the vault key");
		vault_close(v);
		return -1;
	}
	if (own && create && access(v->source, F_OK) != 0 && errno == ENOENT)
		rc = create_key(v->source, v->key, err, errcap);
	else if (own && access(v->source, F_OK) != 0 && errno == ENOENT) {
		snprintf(err, errcap, "the vault has no key yet (%s); store a secret first with: gatehouse secret set NAME",
		    v->source);
		rc = -1;
	} else
		rc = read_key(v->source, own, v->key, err, errcap);
	if (rc != 0) {
		vault_close(v);
		return -1;
	}
	sodium_mprotect_readonly(v->key);
	*out = v;
	return 0;
}

void
vault_close(struct vault *v)
{
	if (v == NULL)
		return;
	sodium_free(v->key);            /* wipes it */
	free(v);
}

const char *
vault_key_source(const struct vault *v)
{
	return v->source;
}

int
vault_set(struct vault *v, const char *name, const void *value, size_t len, char *err, size_t errcap)
{
	unsigned char nonce[NONCE_BYTES], *sealed;
	unsigned long long slen = 0;
	enum store_result r;

	if (!vault_name_valid(name)) {
		snprintf(err, errcap, "a secret's name is 1 to %d characters of A-Z a-z 0-9 _ . -", VAULT_NAME_MAX);
		return -1;
	}
	if (len == 0 || len > VAULT_VALUE_MAX) {
		snprintf(err, errcap, "a secret's value is 1 to %d bytes", VAULT_VALUE_MAX);
		return -1;
	}
	randombytes_buf(nonce, sizeof(nonce));
	sealed = xmalloc(len + TAG_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &slen, value, len, (const unsigned char *)name,
	    strlen(name), NULL, nonce, v->key);
	r = store_secret_put(v->st, name, nonce, sizeof(nonce), sealed, (size_t)slen);
	free(sealed);
	if (r != STORE_OK) {
		snprintf(err, errcap, "cannot store the secret in the state database");
		return -1;
	}
	return 0;
}

struct opened {
	struct vault *v;
	const char   *name;
	char         *value;
	bool          bad;
};

static int
open_row(void *arg, const void *nonce, size_t nlen, const void *sealed, size_t slen)
{
	struct opened *o = arg;
	unsigned long long plen = 0;
	char *p;

	if (nlen != NONCE_BYTES || slen < TAG_BYTES || slen - TAG_BYTES > VAULT_VALUE_MAX) {
		o->bad = true;
		return 0;
	}
	p = xmalloc(slen - TAG_BYTES + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)p, &plen, NULL, sealed, slen,
	    (const unsigned char *)o->name, strlen(o->name), nonce, o->v->key) != 0 ||
	    memchr(p, '\0', (size_t)plen) != NULL) {
		sodium_memzero(p, slen - TAG_BYTES + 1);
		free(p);
		o->bad = true;
		return 0;
	}
	p[plen] = '\0';
	o->value = p;
	return 0;
}

char *
vault_get(struct vault *v, const char *name, char *err, size_t errcap)
{
	struct opened o = { v, name, NULL, false };
	enum store_result r;

	if (!vault_name_valid(name)) {
		snprintf(err, errcap, "\"%s\" is not a valid secret name", name);
		return NULL;
	}
	r = store_secret_get(v->st, name, open_row, &o);
	if (r == STORE_NOT_FOUND) {
		snprintf(err, errcap, "the vault has no secret \"%s\"; store it with: gatehouse secret set %s", name, name);
		return NULL;
	}
	if (r != STORE_OK) {
		snprintf(err, errcap, "cannot read the secret \"%s\" from the state database", name);
		return NULL;
	}
	if (o.bad || o.value == NULL) {
		snprintf(err, errcap, "the secret \"%s\" does not open with this vault key (a different key, or the "
		    "database was altered); set it again with: gatehouse secret set %s", name, name);
		return NULL;
	}
	return o.value;
}

void
vault_value_free(char *value)
{
	if (value == NULL)
		return;
	sodium_memzero(value, strlen(value));
	free(value);
}

int
vault_remove(struct vault *v, const char *name)
{
	enum store_result r = store_secret_remove(v->st, name);

	return r == STORE_OK ? 0 : r == STORE_NOT_FOUND ? 1 : -1;
}

int
vault_each(struct vault *v, void (*cb)(void *arg, const char *name, int64_t created, int64_t updated),
    void *arg)
{
	return store_secret_each(v->st, cb, arg);
}

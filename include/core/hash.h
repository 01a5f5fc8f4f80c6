/* hash: SHA-256 (OpenSSL) for the audit chain. */
#ifndef CORE_HASH_H
#define CORE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

struct hash_ctx;

/* Streaming SHA-256: new, add pieces, finish into lowercase hex (frees ctx). */
struct hash_ctx *hash_new(void);
void hash_add(struct hash_ctx *h, const void *data, size_t len);
/* Adds the string and its terminating NUL, so that fields cannot run together. */
void hash_add_field(struct hash_ctx *h, const char *s);
void hash_finish(struct hash_ctx *h, char out[HASH_HEX_LEN + 1]);

/* HMAC-SHA-256 of msg under key, as lowercase hex. */
void hash_hmac(const unsigned char *key, size_t key_len, const char *msg,
               char out[HASH_HEX_LEN + 1]);

/* n random bytes from the system's generator; 0, or -1 when there is none. */
int hash_random(unsigned char *out, size_t n);

#endif

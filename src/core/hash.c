/* hash: SHA-256 through OpenSSL's EVP interface. */
#include "core/hash.h"
#include "core/xalloc.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

struct hash_ctx {
    EVP_MD_CTX *md;
};

struct hash_ctx *hash_new(void)
{
    struct hash_ctx *h = xmalloc(sizeof(*h));
    h->md = EVP_MD_CTX_new();
    if (!h->md || EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1)
        die("sha-256 is not available");
    return h;
}

void hash_add(struct hash_ctx *h, const void *data, size_t len)
{
    EVP_DigestUpdate(h->md, data, len);
}

void hash_add_field(struct hash_ctx *h, const char *s)
{
    if (!s)
        s = "";
    EVP_DigestUpdate(h->md, s, strlen(s) + 1);
}

void hash_finish(struct hash_ctx *h, char out[HASH_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const char hex[] = "0123456789abcdef";

    EVP_DigestFinal_ex(h->md, md, &n);
    for (unsigned i = 0; i < n && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[HASH_HEX_LEN] = '\0';
    EVP_MD_CTX_free(h->md);
    free(h);
}

static void to_hex(const unsigned char *md, unsigned n, char out[HASH_HEX_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < n && i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[HASH_HEX_LEN] = '\0';
}

void hash_hmac(const unsigned char *key, size_t key_len, const char *msg,
               char out[HASH_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)msg, strlen(msg), md, &n))
        die("hmac-sha-256 is not available");
    to_hex(md, n, out);
}

int hash_random(unsigned char *out, size_t n)
{
    return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}

/*
 * collate: Vietnamese order through ICU's "vi" collator. One collator is
 * opened on first use and kept; see include/core/collate.h.
 */
#include "core/collate.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

static UCollator *coll;

static UCollator *collator(void)
{
    UErrorCode st = U_ZERO_ERROR;

    if (coll)
        return coll;
    coll = ucol_open("vi", &st);
    if (U_FAILURE(st))
        die("cannot open the Vietnamese collation of ICU: %s", u_errorName(st));
    return coll;
}

int collate_compare(const char *a, int alen, const char *b, int blen)
{
    UErrorCode st = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(collator(), a, alen, b, blen, &st);

    if (U_FAILURE(st)) {
        size_t la = alen < 0 ? strlen(a) : (size_t)alen, lb = blen < 0 ? strlen(b) : (size_t)blen;
        int c = memcmp(a, b, la < lb ? la : lb);
        return c ? c : (la > lb) - (la < lb);
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

char *collate_name_order(const char *full_name)
{
    const char *p = full_name, *first = NULL, *last = NULL;
    size_t first_len = 0, last_len = 0;
    struct strbuf sb = STRBUF_INIT;
    int words = 0;

    /* the given name (last word), then the middle names, then the family name */
    while (*p) {
        const char *w;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w = p;
        while (*p && *p != ' ')
            p++;
        if (words == 0) {
            first = w;
            first_len = (size_t)(p - w);
        } else if (last) {
            strbuf_addch(&sb, ' ');
            strbuf_add(&sb, last, last_len);
        }
        if (words > 0) {
            last = w;
            last_len = (size_t)(p - w);
        }
        words++;
    }
    if (words == 0)
        return xstrdup("");
    if (words == 1)
        return xstrndup(first, first_len);
    /* sb holds " middle names"; put the given name in front, the family name last */
    char *middle = strbuf_detach(&sb, NULL);
    strbuf_add(&sb, last, last_len);
    strbuf_addstr(&sb, middle);
    strbuf_addch(&sb, ' ');
    strbuf_add(&sb, first, first_len);
    free(middle);
    return strbuf_detach(&sb, NULL);
}

unsigned char *collate_sort_key(const char *s, size_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t ulen = 0;
    UChar *u;

    u_strFromUTF8(NULL, 0, &ulen, s, -1, &st);
    st = U_ZERO_ERROR;
    u = xmalloc(sizeof(UChar) * ((size_t)ulen + 1));
    u_strFromUTF8Lenient(u, ulen + 1, &ulen, s, -1, &st);
    if (U_FAILURE(st))
        ulen = 0;
    int32_t n = ucol_getSortKey(collator(), u, ulen, NULL, 0);
    unsigned char *key = xmalloc((size_t)n + 1);
    ucol_getSortKey(collator(), u, ulen, key, n + 1);
    free(u);
    /* the key ends with a NUL byte that is not part of the order */
    *len = n > 0 ? (size_t)n - 1 : 0;
    return key;
}

unsigned char *collate_person_key(const char *full_name, size_t *len)
{
    /*
     * The given name's own key first, so that everyone called Hà comes before
     * everyone called Hạ: in one key of the whole reordered name the tone of
     * the given name would only break ties after the family name's letters.
     * 0x01 is below every byte of an ICU key but its terminator.
     */
    char *order = collate_name_order(full_name);
    char *given = xstrndup(order, strcspn(order, " "));
    size_t glen, rlen;
    unsigned char *gkey = collate_sort_key(given, &glen);
    unsigned char *rkey = collate_sort_key(order, &rlen);
    unsigned char *key = xmalloc(glen + 1 + rlen + 1);

    memcpy(key, gkey, glen);
    key[glen] = 0x01;
    memcpy(key + glen + 1, rkey, rlen);
    key[glen + 1 + rlen] = '\0';
    *len = glen + 1 + rlen;
    free(gkey);
    free(rkey);
    free(given);
    free(order);
    return key;
}

const char *collate_version(void)
{
    static char buf[U_MAX_VERSION_STRING_LENGTH + 8];
    UVersionInfo v;

    ucol_getVersion(collator(), v);
    u_versionToString(v, buf);
    return buf;
}

void collate_cleanup(void)
{
    if (coll)
        ucol_close(coll);
    coll = NULL;
}

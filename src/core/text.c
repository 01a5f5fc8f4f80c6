/*
 * text: validation, normalisation, folding and display width of UTF-8 text.
 * All Unicode knowledge comes from utf8proc; see include/core/text.h.
 */
#include "core/text.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int text_valid_utf8(const char *s, size_t n)
{
    utf8proc_ssize_t i = 0, len = (utf8proc_ssize_t)n;
    utf8proc_int32_t cp;

    while (i < len) {
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &cp);
        if (k <= 0 || cp < 0)
            return 0;
        i += k;
    }
    return 1;
}

/*
 * Whether s is already in NFC by a quick look, so that utf8proc need not
 * decompose and recompose it: valid UTF-8 whose characters are all Latin
 * (U+0000..U+02FF) or Latin Extended Additional (U+1E00..U+1EFF) — all that
 * Vietnamese in precomposed letters uses. None of those characters changes
 * under NFC, alone or next to another of them (every one and every pair was
 * checked against utf8proc), and none is a combining mark. 0 = ask utf8proc.
 */
static int is_nfc_latin(const char *s, size_t n)
{
    utf8proc_ssize_t i = 0, len = (utf8proc_ssize_t)n;

    while (i < len) {
        utf8proc_int32_t cp = (unsigned char)s[i];
        if (cp < 0x80) {
            i++;
            continue;
        }
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, len - i, &cp);
        if (k <= 0 || cp < 0 || (cp >= 0x300 && (cp < 0x1E00 || cp > 0x1EFF)))
            return 0;
        i += k;
    }
    return 1;
}

static int is_space_cp(utf8proc_int32_t cp)
{
    if (cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F)
        return 1;
    return 0;
}

/* Bidirectional embeddings, overrides and isolates: they can make a name
 * read differently from what it holds. */
static int is_bidi_override(utf8proc_int32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int is_forbidden_cp(utf8proc_int32_t cp, int multiline)
{
    if (cp == '\n' || cp == '\t')
        return !multiline;
    if (cp == '\r')
        return 0; /* dropped silently: CRLF from Windows files */
    if (is_bidi_override(cp))
        return 1;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_CC || cp == 0x2028 || cp == 0x2029;
}

/* Invisible characters that files and input methods leave behind: dropped. */
static int is_invisible_cp(utf8proc_int32_t cp)
{
    return cp == 0xFEFF || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
           cp == 0x00AD;
}

int text_clean(const char *in, const char *field, size_t max_bytes, int multiline, char **out,
               struct error *err)
{
    size_t n = in ? strlen(in) : 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t i = 0;
    struct strbuf sb = STRBUF_INIT;
    int pending_space = 0;

    *out = NULL;
    if (!max_bytes)
        max_bytes = TEXT_MAX_BYTES;
    if (n > max_bytes * 4 + 64)
        return error_set(err, ERR_INVALID, _("%s '%s' is too long (%zu bytes, at most %zu)"), field,
                         error_quote(in), n, max_bytes);
    if (!text_valid_utf8(in ? in : "", n))
        return error_set(err, ERR_INVALID, _("%s '%s' is not valid UTF-8 text"), field,
                         error_quote(in));
    while ((size_t)i < n) {
        i += utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)n - i, &cp);
        if (cp == '\r' || is_invisible_cp(cp))
            continue;
        if (is_forbidden_cp(cp, multiline)) {
            strbuf_release(&sb);
            return error_set(err, ERR_INVALID, _("%s '%s' contains a control character (U+%04X)"),
                             field, error_quote(in), (unsigned)cp);
        }
        if (cp == '\n') {
            if (sb.len > 0) /* leading newlines are trimmed like spaces */
                strbuf_addch(&sb, '\n');
            pending_space = 0;
            continue;
        }
        if (is_space_cp(cp) || cp == '\t') {
            pending_space = sb.len > 0 && sb.buf[sb.len - 1] != '\n';
            continue;
        }
        if (pending_space)
            strbuf_addch(&sb, ' ');
        pending_space = 0;
        utf8proc_uint8_t enc[4];
        strbuf_add(&sb, enc, (size_t)utf8proc_encode_char(cp, enc));
    }
    while (sb.len > 0 && sb.buf[sb.len - 1] == '\n') /* and trailing ones */
        strbuf_setlen(&sb, sb.len - 1);
    /* NFC */
    utf8proc_uint8_t *nfc = is_nfc_latin(sb.buf, sb.len)
                                ? (utf8proc_uint8_t *)xstrdup(sb.buf)
                                : utf8proc_NFC((const utf8proc_uint8_t *)sb.buf);
    strbuf_release(&sb);
    if (!nfc)
        return error_set(err, ERR_INVALID, _("%s '%s' could not be normalised"), field,
                         error_quote(in));
    if (strlen((char *)nfc) > max_bytes) {
        size_t l = strlen((char *)nfc);
        free(nfc);
        return error_set(err, ERR_INVALID, _("%s '%s' is too long (%zu bytes, at most %zu)"), field,
                         error_quote(in), l, max_bytes);
    }
    *out = xstrdup((char *)nfc);
    free(nfc);
    return 0;
}

int text_clean_required(const char *in, const char *field, size_t max_bytes, char **out,
                        struct error *err)
{
    int rc = text_clean(in, field, max_bytes, 0, out, err);
    if (rc)
        return rc;
    if (!**out) {
        free(*out);
        *out = NULL;
        return error_set(err, ERR_INVALID, _("%s is required"), field);
    }
    return 0;
}

static utf8proc_int32_t fold_custom(utf8proc_int32_t cp, void *data)
{
    (void)data;
    if (cp == 0x0110 || cp == 0x0111) /* Đ đ */
        return 'd';
    if (cp == 0x00D0 || cp == 0x0189) /* look-alikes of Đ typed by mistake */
        return 'd';
    return cp;
}

char *text_fold(const char *s)
{
    utf8proc_uint8_t *mapped = NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t n = strlen(s);
    const char *src = s;
    char *clean = NULL;

    int printable_ascii = 1;
    for (size_t i = 0; i < n && printable_ascii; i++)
        printable_ascii = s[i] >= 0x20 && s[i] < 0x7f;
    if (printable_ascii) {
        /* what the mapping below does to printable ASCII: lower case */
        mapped = (utf8proc_uint8_t *)xstrdup(s);
        for (utf8proc_uint8_t *p = mapped; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (utf8proc_uint8_t)(*p - 'A' + 'a');
    } else if (!text_valid_utf8(s, n)) {
        /* drop invalid bytes rather than fail: folding is for matching only */
        struct strbuf c = STRBUF_INIT;
        utf8proc_ssize_t i = 0;
        while ((size_t)i < n) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
            if (k <= 0 || cp < 0) {
                i++;
                continue;
            }
            strbuf_add(&c, s + i, (size_t)k);
            i += k;
        }
        clean = strbuf_detach(&c, NULL);
        src = clean;
    }
    if (!mapped) {
        utf8proc_ssize_t r =
            utf8proc_map_custom((const utf8proc_uint8_t *)src, 0, &mapped,
                                UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                    UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_STRIPCC,
                                fold_custom, NULL);
        free(clean);
        if (r < 0)
            return xstrdup("");
    }
    /* collapse white space */
    int space = 0;
    for (const char *p = (const char *)mapped; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            strbuf_addch(&sb, ' ');
        space = 0;
        strbuf_addch(&sb, *p);
    }
    free(mapped);
    return strbuf_detach(&sb, NULL);
}

static utf8proc_int32_t slug_custom(utf8proc_int32_t cp, void *data)
{
    (void)data;
    if (cp == 0x0110 || cp == 0x00D0 || cp == 0x0189) /* Đ and its look-alikes */
        return 'D';
    if (cp == 0x0111)
        return 'd';
    return cp;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

char *text_place_key(const char *s)
{
    char *f = text_fold(s);

    /* in place: each word (between spaces) that is consonants then one y */
    for (char *w = f; *w;) {
        char *end = w;
        while (*end && *end != ' ')
            end++;
        if (end - w >= 2 && end[-1] == 'y') {
            int only = 1;
            for (char *p = w; p < end - 1 && only; p++)
                only = !is_vowel(*p) && *p >= 'a' && *p <= 'z';
            if (only)
                end[-1] = 'i';
        }
        w = *end ? end + 1 : end;
    }
    return f;
}

char *text_slug(const char *s, int keep_case)
{
    utf8proc_uint8_t *mapped = NULL;
    struct strbuf sb = STRBUF_INIT;
    char *clean = text_nfc(s);

    if (utf8proc_map_custom((const utf8proc_uint8_t *)clean, 0, &mapped,
                            UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                UTF8PROC_COMPAT | UTF8PROC_STRIPCC,
                            slug_custom, NULL) < 0)
        mapped = NULL;
    free(clean);
    for (const utf8proc_uint8_t *p = mapped; p && *p; p++) {
        int c = *p;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            strbuf_addch(&sb, (char)c);
        else if (c >= 'A' && c <= 'Z')
            strbuf_addch(&sb, (char)(keep_case ? c : c - 'A' + 'a'));
        else if (c < 0x80 && sb.len && sb.buf[sb.len - 1] != '-')
            strbuf_addch(&sb, '-');
    }
    free(mapped);
    while (sb.len && sb.buf[sb.len - 1] == '-')
        strbuf_setlen(&sb, sb.len - 1);
    return strbuf_detach(&sb, NULL);
}

int text_width(const char *s)
{
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)strlen(s);
    int w = 0;

    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
        if (k <= 0 || cp < 0) {
            w++;
            i++;
            continue;
        }
        w += utf8proc_charwidth(cp);
        i += k;
    }
    return w;
}

int text_fit(struct strbuf *out, const char *s, int width, int pad)
{
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)strlen(s);
    int w = 0;

    if (width <= 0)
        return 0;
    if (text_width(s) <= width) {
        strbuf_addstr(out, s);
        w = text_width(s);
    } else {
        /* room for "…" (one column) */
        while (i < n) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
            int cw;
            if (k <= 0 || cp < 0) {
                k = 1;
                cw = 1;
                cp = '?';
            } else {
                cw = utf8proc_charwidth(cp);
            }
            if (w + cw > width - 1)
                break;
            if (k == 1 && cp == '?' && (unsigned char)s[i] >= 0x80)
                strbuf_addch(out, '?');
            else
                strbuf_add(out, s + i, (size_t)k);
            w += cw;
            i += k;
        }
        /* keep combining marks that belong to the last character */
        while (i < n) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
            if (k <= 0 || cp < 0 || utf8proc_charwidth(cp) != 0)
                break;
            strbuf_add(out, s + i, (size_t)k);
            i += k;
        }
        strbuf_addstr(out, "…");
        w++;
    }
    if (pad)
        while (w < width) {
            strbuf_addch(out, ' ');
            w++;
        }
    return w;
}

char *text_upper(const char *s)
{
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)strlen(s);
    struct strbuf sb = STRBUF_INIT;

    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
        if (k <= 0 || cp < 0) {
            i++;
            continue;
        }
        utf8proc_uint8_t enc[4];
        strbuf_add(&sb, enc, (size_t)utf8proc_encode_char(utf8proc_toupper(cp), enc));
        i += k;
    }
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)sb.buf);
    strbuf_release(&sb);
    char *r = xstrdup(nfc ? (char *)nfc : "");
    free(nfc);
    return r;
}

char *text_nfc(const char *s)
{
    utf8proc_uint8_t *mapped = NULL;
    if (is_nfc_latin(s, strlen(s)))
        return xstrdup(s);
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    char *out;

    if (r < 0) {
        /* invalid UTF-8: keep the valid characters, then normalise those */
        struct strbuf c = STRBUF_INIT;
        utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)strlen(s);
        while (i < n) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
            if (k <= 0 || cp < 0) {
                i++;
                continue;
            }
            strbuf_add(&c, s + i, (size_t)k);
            i += k;
        }
        out = text_nfc(c.buf);
        strbuf_release(&c);
        return out;
    }
    out = xstrdup((char *)mapped);
    free(mapped);
    return out;
}

/*
 * What is not shown as itself on a terminal: the C0 and C1 controls and
 * DEL (escape sequences, bells, a terminal's CSI U+009B), the bidirectional
 * controls (the overrides and isolates, and the marks LRM, RLM and ALM) and
 * the line and paragraph separators.
 */
static int is_escaped_cp(utf8proc_int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi_override(cp) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

size_t text_escape_char(struct strbuf *out, const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    utf8proc_int32_t cp;

    if (c >= 0x20 && c < 0x7F) {
        strbuf_addch(out, c);
        return 1;
    }
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    if (k <= 0 || cp < 0 || cp < 0x20 || cp == 0x7F) {
        /* a byte that is not UTF-8, or a one-byte control */
        strbuf_addf(out, "\\x%02X", c);
        return 1;
    }
    if (is_escaped_cp(cp))
        strbuf_addf(out, "\\u%04X", (unsigned)cp);
    else
        strbuf_add(out, s, (size_t)k);
    return (size_t)k;
}

void text_escape(struct strbuf *out, const char *s)
{
    size_t n = s ? strlen(s) : 0, i = 0;

    while (i < n)
        i += text_escape_char(out, s + i, n - i);
}

char *text_escaped(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    text_escape(&sb, s);
    return strbuf_detach(&sb, NULL);
}

size_t text_digit_space(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] == ' ' || p[0] == '\t')
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x87))
        return 3;
    return 0;
}

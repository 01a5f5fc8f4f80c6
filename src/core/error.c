/* error: status plus a message for a person; see include/core/error.h. */
#include "core/error.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int error_set(struct error *e, int code, const char *fmt, ...)
{
    va_list ap;
    struct strbuf sb = STRBUF_INIT;

    if (!e)
        return code;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(e->msg);
    e->msg = strbuf_detach(&sb, NULL);
    e->code = code;
    return code;
}

void error_prefix(struct error *e, const char *fmt, ...)
{
    va_list ap;
    struct strbuf sb = STRBUF_INIT;

    if (!e)
        return;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    if (e->msg) {
        strbuf_addstr(&sb, ": ");
        strbuf_addstr(&sb, e->msg);
    }
    free(e->msg);
    e->msg = strbuf_detach(&sb, NULL);
}

void error_clear(struct error *e)
{
    free(e->msg);
    e->msg = NULL;
    e->code = 0;
}

const char *error_msg(const struct error *e)
{
    return e && e->msg ? e->msg : "";
}

/* Length of the UTF-8 sequence starting at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

const char *error_quote_slot(const char *value, int slot)
{
    static char *bufs[4];
    struct strbuf sb = STRBUF_INIT;
    const unsigned char *s = (const unsigned char *)(value ? value : "");
    size_t n = strlen((const char *)s), i = 0, chars = 0;

    if (slot < 0 || slot > 3)
        slot = 0;
    while (i < n) {
        size_t l = utf8_seq_len(s + i, n - i);
        if (chars == 60) {
            strbuf_addf(&sb, _("… (%zu bytes)"), n);
            break;
        }
        if (l == 0 || (l == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
            strbuf_addf(&sb, "\\x%02X", s[i]);
            i++;
        } else if (l == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) {
            /* U+0080..U+009F, the C1 controls (U+009B is a terminal's CSI) */
            strbuf_addf(&sb, "\\x%02X\\x%02X", s[i], s[i + 1]);
            i += 2;
        } else {
            strbuf_add(&sb, s + i, l);
            i += l;
        }
        chars++;
    }
    free(bufs[slot]);
    bufs[slot] = strbuf_detach(&sb, NULL);
    return bufs[slot];
}

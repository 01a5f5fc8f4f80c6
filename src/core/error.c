/* error: status plus a message for a person; see include/core/error.h. */
#include "core/error.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int error_vset(struct error *e, int code, const char *field, const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_vaddf(&sb, fmt, ap);
    free(e->msg);
    e->msg = strbuf_detach(&sb, NULL);
    e->code = code;
    e->field = field;
    e->hint = NULL;
    return code;
}

int error_set(struct error *e, int code, const char *fmt, ...)
{
    va_list ap;

    if (!e)
        return code;
    va_start(ap, fmt);
    error_vset(e, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int error_set_field(struct error *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;

    if (!e)
        return code;
    va_start(ap, fmt);
    error_vset(e, code, field, fmt, ap);
    va_end(ap);
    return code;
}

int error_field(struct error *e, const char *field, int rc)
{
    if (e && rc)
        e->field = field;
    return rc;
}

int error_hint(struct error *e, const char *hint, int rc)
{
    if (e && rc)
        e->hint = hint;
    return rc;
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
    if (!e)
        return;
    free(e->msg);
    e->msg = NULL;
    e->code = 0;
    e->field = NULL;
    e->hint = NULL;
}

const char *error_msg(const struct error *e)
{
    return e && e->msg ? e->msg : "";
}

const char *error_quote_slot(const char *value, int slot)
{
    static char *bufs[4];
    struct strbuf sb = STRBUF_INIT;
    const char *s = value ? value : "";
    size_t n = strlen(s), i = 0, chars = 0;

    if (slot < 0 || slot > 3)
        slot = 0;
    while (i < n) {
        if (chars == 60) {
            strbuf_addf(&sb, _("… (%zu bytes)"), n);
            break;
        }
        /* the value may reach a terminal: shown as every screen shows text */
        i += text_escape_char(&sb, s + i, n - i);
        chars++;
    }
    free(bufs[slot]);
    bufs[slot] = strbuf_detach(&sb, NULL);
    return bufs[slot];
}

/* cell_text: a workbook cell's value as text; see include/io/cell_text.h. */
#include "io/cell_text.h"
#include "core/text.h"

#include <math.h>
#include <stdlib.h>

void cell_text_number(double d, struct strbuf *out)
{
    if (!isfinite(d)) {
        strbuf_addstr(out, "#NUM!");
        return;
    }
    /* below 2^53 every integer is exact: no exponent, no ".0" */
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        strbuf_addf(out, "%.0f", d == 0 ? 0.0 : d);
        return;
    }
    strbuf_addf(out, "%.15g", d);
}

void cell_text_nfc(struct strbuf *cell)
{
    for (size_t i = 0; i < cell->len; i++)
        if ((unsigned char)cell->buf[i] >= 0x80) {
            char *nfc = text_nfc(cell->buf);
            strbuf_reset(cell);
            strbuf_addstr(cell, nfc);
            free(nfc);
            return;
        }
}

/* csv_writer: CSV/TSV records; see include/io/csv_writer.h. */
#include "io/csv_writer.h"

#include <string.h>

void csv_writer_field(struct strbuf *sb, const char *value, int first, enum csv_flavour f)
{
    const char *v = value ? value : "";

    if (!first)
        strbuf_addch(sb, f == CSV_TSV ? '\t' : ',');
    if (f == CSV_TSV) {
        for (; *v; v++)
            strbuf_addch(sb, (*v == '\t' || *v == '\n' || *v == '\r') ? ' ' : *v);
        return;
    }
    /* a spreadsheet opens any CSV, lists printed by a command too */
    int neutralise = v[0] && strchr("=+-@\t\r", v[0]) != NULL;
    int quote = neutralise || strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        strbuf_addch(sb, '"');
    if (neutralise)
        strbuf_addch(sb, '\'');
    for (; *v; v++) {
        if (*v == '"')
            strbuf_addch(sb, '"');
        strbuf_addch(sb, *v);
    }
    if (quote)
        strbuf_addch(sb, '"');
}

void csv_writer_record(struct strbuf *sb, const char *const *fields, int n, enum csv_flavour f)
{
    for (int i = 0; i < n; i++)
        csv_writer_field(sb, fields[i], i == 0, f);
    strbuf_addstr(sb, f == CSV_EXCEL ? "\r\n" : "\n");
}

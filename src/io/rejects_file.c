/*
 * rejects_file: the rejected rows of an import, to be corrected and
 * imported again; see include/io/rejects_file.h.
 */
#include "io/rejects_file.h"
#include "core/i18n.h"
#include "io/csv_writer.h"

#include <stdio.h>
#include <string.h>

int rejects_file_open(struct rejects_file *rf, const char *path, int force, struct error *err)
{
    int rc;

    memset(rf, 0, sizeof(*rf));
    strbuf_init(&rf->rec, 0);
    rc = outfile_open(&rf->out, path, ".csv", force ? OUTFILE_FORCE : 0, err);
    if (rc)
        return rc;
    rf->open = 1; /* the header is written when the list's is found */
    return 0;
}

void rejects_file_header(struct rejects_file *rf, const char *const *cells, size_t n_cells)
{
    if (!rf->open || rf->header_written)
        return;
    rf->header_written = 1;
    rf->n_header = n_cells;
    strbuf_reset(&rf->rec);
    strbuf_addstr(&rf->rec, "\xEF\xBB\xBF");
    for (size_t i = 0; i < n_cells; i++)
        csv_writer_field(&rf->rec, cells[i], i == 0, CSV_EXCEL);
    csv_writer_field(&rf->rec, C_("errors file column", "row"), n_cells == 0, CSV_EXCEL);
    csv_writer_field(&rf->rec, C_("errors file column", "reason"), 0, CSV_EXCEL);
    strbuf_addstr(&rf->rec, "\r\n");
    outfile_write(&rf->out, rf->rec.buf, rf->rec.len);
}

void rejects_file_row(struct rejects_file *rf, long row, const char *reason,
                      const char *const *cells, size_t n_cells)
{
    char num[24];

    if (!rf->open)
        return;
    /* the row's cells under the header, then its number and reason, then
     * any cells beyond the header */
    strbuf_reset(&rf->rec);
    snprintf(num, sizeof(num), "%ld", row);
    for (size_t i = 0; i < rf->n_header; i++)
        csv_writer_field(&rf->rec, i < n_cells && cells[i] ? cells[i] : "", i == 0, CSV_EXCEL);
    csv_writer_field(&rf->rec, num, rf->n_header == 0, CSV_EXCEL);
    csv_writer_field(&rf->rec, reason, 0, CSV_EXCEL);
    for (size_t i = rf->n_header; i < n_cells; i++)
        csv_writer_field(&rf->rec, cells[i] ? cells[i] : "", 0, CSV_EXCEL);
    strbuf_addstr(&rf->rec, "\r\n");
    outfile_write(&rf->out, rf->rec.buf, rf->rec.len); /* a failure is kept for the end */
    rf->rows++;
}

int rejects_file_close(struct rejects_file *rf, int keep, struct error *err)
{
    int rc = 0;

    if (rf->open) {
        rf->open = 0;
        if (keep)
            rc = outfile_commit(&rf->out, err);
        else
            outfile_abort(&rf->out);
    }
    strbuf_release(&rf->rec);
    return rc;
}

/*
 * export_csv: the raw tables (persons, devices, handovers) as CSV that Excel
 * opens correctly: UTF-8 with a byte-order mark, CRLF line ends, and text
 * that Excel would take for a formula neutralised (io/csv_writer's
 * CSV_EXCEL). Written through io/outfile: never half a file.
 */
#include "report/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cccd.h"
#include "core/strbuf.h"
#include "io/csv_writer.h"
#include "io/outfile.h"

struct csv_out {
    int show_id;
    int id_col; /* the id_number column, -1 when none */
    struct outfile *of;
    struct strbuf line;
    long long rows;
};

static int csv_row(int ncols, const char *const *names, const char *const *values, void *arg)
{
    struct csv_out *o = arg;

    char *masked = NULL;
    const char *row[64];

    strbuf_reset(&o->line);
    if (!values) {
        o->id_col = -1;
        for (int i = 0; i < ncols; i++)
            if (strcmp(names[i], "id_number") == 0)
                o->id_col = i;
    }
    if (values && !o->show_id && o->id_col >= 0 && o->id_col < ncols && ncols <= 64 &&
        values[o->id_col] && values[o->id_col][0]) {
        /* citizen IDs leave the office masked unless asked for (and audited) */
        memcpy(row, values, sizeof(*row) * (size_t)ncols);
        masked = cccd_mask(values[o->id_col]);
        row[o->id_col] = masked;
        values = row;
    }
    csv_writer_record(&o->line, values ? values : names, ncols, CSV_EXCEL);
    free(masked);
    if (outfile_write(o->of, o->line.buf, o->line.len) != 0)
        return 1; /* outfile_commit reports the write error */
    if (values)
        o->rows++;
    return 0;
}

int export_csv(struct db *db, enum report_table table, const char *path,
               const struct export_options *eo, struct export_result *res, struct error *err)
{
    struct outfile of;
    struct csv_out o = {eo->show_id, -1, &of, STRBUF_INIT, 0};
    int rc;

    if (res)
        memset(res, 0, sizeof(*res));
    if ((rc = outfile_open(&of, path, ".csv", eo->force ? OUTFILE_FORCE : 0, err)) != 0)
        return rc;
    outfile_write(&of, "\xEF\xBB\xBF", 3);
    rc = report_store_each_row(db, table, csv_row, &o, err);
    strbuf_release(&o.line);
    if (rc < 0) {
        outfile_abort(&of);
        return rc;
    }
    if ((rc = outfile_commit(&of, err)) != 0)
        return rc;
    if (res)
        res->rows = o.rows;
    return 0;
}

/*
 * table_reader: one way to read the rows of a CSV or .xlsx file; see
 * include/io/table_reader.h. It picks the reader by the file's extension,
 * refuses what is not a regular file, and skips rows with nothing in them.
 */
#include "core/i18n.h"
#include "io/table_reader.h"
#include "core/xalloc.h"
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct table_reader {
    char *path;
    struct csv_reader *csv;
    struct xlsx_reader *xlsx;
    struct table_row last; /* what table_reader_next returned last */
    int have_last;         /* last holds a row */
    int unread;            /* table_reader_unread: return last again */
};

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && !strcasecmp(path + n - e, ext);
}

struct table_reader *table_reader_open(const char *path, const struct table_reader_opts *opts,
                                       struct error *err)
{
    struct stat st;
    struct table_reader *r;
    int xlsx;

    if (stat(path, &st) != 0) {
        error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        error_set(err, ERR_IO, _("%s is a folder, not a file"), path);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        error_set(err, ERR_IO, _("%s is not a regular file"), path);
        return NULL;
    }
    if (has_ext(path, ".csv") || has_ext(path, ".txt") || has_ext(path, ".tsv")) {
        xlsx = 0;
    } else if (has_ext(path, ".xlsx") || has_ext(path, ".xlsm")) {
        xlsx = 1;
    } else if (has_ext(path, ".xls")) {
        error_set(err, ERR_INVALID,
                  _("%s is an old Excel 97-2003 file (.xls); open it in Excel or LibreOffice and "
                    "save it as .xlsx or CSV UTF-8"),
                  path);
        return NULL;
    } else {
        error_set(err, ERR_INVALID,
                  _("%s: unknown file type; use a .csv, .tsv, .txt or .xlsx file"), path);
        return NULL;
    }
    r = xcalloc(1, sizeof(*r));
    r->path = xstrdup(path);
    if (xlsx)
        r->xlsx = xlsx_reader_open(path, opts ? opts->sheet : NULL, err);
    else
        r->csv = csv_reader_open(path, err);
    if (!r->csv && !r->xlsx) {
        free(r->path);
        free(r);
        return NULL;
    }
    return r;
}

static int row_is_empty(const struct table_row *row)
{
    for (size_t i = 0; i < row->n_cells; i++)
        for (const char *p = row->cells[i]; *p; p++)
            if (!strchr(" \t\r\n", *p))
                return 0;
    return 1;
}

int table_reader_next(struct table_reader *r, struct table_row *row, struct error *err)
{
    int rc;

    if (r->unread) {
        r->unread = 0;
        *row = r->last;
        return 1;
    }
    row->hidden = 0;
    do {
        rc = r->csv ? csv_reader_next(r->csv, row, err) : xlsx_reader_next(r->xlsx, row, err);
    } while (rc == 1 && row_is_empty(row));
    if (rc != 1) {
        row->n_cells = 0;
        row->cells = NULL;
    }
    r->last = *row;
    r->have_last = rc == 1;
    return rc;
}

void table_reader_unread(struct table_reader *r)
{
    r->unread = r->have_last;
}

const char *table_reader_encoding(const struct table_reader *r)
{
    return r->csv ? csv_reader_encoding(r->csv) : xlsx_reader_encoding(r->xlsx);
}

double table_reader_progress(const struct table_reader *r)
{
    return r->csv ? csv_reader_progress(r->csv) : xlsx_reader_progress(r->xlsx);
}

const char *table_reader_path(const struct table_reader *r)
{
    return r->path;
}

const char *table_reader_sheet(const struct table_reader *r)
{
    return r->xlsx ? xlsx_reader_sheet(r->xlsx) : NULL;
}

size_t table_reader_n_sheets(const struct table_reader *r)
{
    return r->xlsx ? xlsx_reader_n_sheets(r->xlsx) : 1;
}

const char *table_reader_sheet_name(const struct table_reader *r, size_t i)
{
    return r->xlsx ? xlsx_reader_sheet_name(r->xlsx, i) : NULL;
}

int table_reader_sheet_hidden(const struct table_reader *r, size_t i)
{
    return r->xlsx ? xlsx_reader_sheet_hidden(r->xlsx, i) : 0;
}

int table_reader_merges(struct table_reader *r, const struct table_merge **merges, size_t *n,
                        struct error *err)
{
    if (r->xlsx)
        return xlsx_reader_merges(r->xlsx, merges, n, err);
    *merges = NULL;
    *n = 0;
    return 0;
}

int table_reader_separator(const struct table_reader *r)
{
    return r->csv ? csv_reader_separator(r->csv) : 0;
}

void table_reader_free(struct table_reader *r)
{
    if (!r)
        return;
    csv_reader_free(r->csv);
    xlsx_reader_free(r->xlsx);
    free(r->path);
    free(r);
}

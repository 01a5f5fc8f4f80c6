/*
 * xls_reader: Excel 97-2003 workbooks for table_reader, with libfreexl;
 * see include/io/xls_reader.h.
 *
 * It owns the freexl handle, the name of the sheet being read and the row
 * being given. freexl holds every cell of the sheet; this file only walks
 * them row by row and turns each value into text as xlsx_reader.c does.
 */
#include "core/i18n.h"
#include "io/xls_reader.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/cell_text.h"
#include "io/row_buf.h"

#include <errno.h>
#include <freexl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The largest workbook read: freexl holds it all in memory. */
#define XLS_SIZE_MAX (128LL * 1024 * 1024)
/* At most this many sheets are named in the message for an unknown sheet. */
#define SHEETS_LISTED 20

struct xls_reader {
    char *path;
    const void *xl; /* the freexl handle */
    char *sheet_name;
    unsigned int rows, next_row;
    unsigned short cols;
    struct row_buf row;
    int failed;
};

void xls_reader_free(struct xls_reader *r)
{
    if (!r)
        return;
    if (r->xl)
        freexl_close(r->xl);
    row_buf_release(&r->row);
    free(r->sheet_name);
    free(r->path);
    free(r);
}

/* The message for a failed freexl_open. */
static int open_error(const char *path, int rc, struct error *err)
{
    if (rc == FREEXL_INSUFFICIENT_MEMORY)
        return error_set(err, ERR_INVALID, _("%s: the workbook is too large to read"), path);
    if (rc == FREEXL_FILE_NOT_FOUND)
        return error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    return error_set(err, ERR_CORRUPT,
                     _("%s is not a valid .xls file (an Excel 97-2003 workbook): it is damaged or "
                       "cut short"),
                     path);
}

/* Refuse a file freexl would hold whole in memory past XLS_SIZE_MAX. */
static int check_size(const char *path, struct error *err)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    if ((long long)st.st_size > XLS_SIZE_MAX)
        return error_set(err, ERR_INVALID,
                         _("%s is too large: an .xls workbook may have at most %d MB"), path,
                         (int)(XLS_SIZE_MAX / (1024 * 1024)));
    return 0;
}

/*
 * The index of the sheet named want (exactly, else as text_fold folds
 * it), or of the first sheet when want is NULL; -1 with err (listing the
 * sheets) when there is none.
 */
static int find_sheet(struct xls_reader *r, const char *want, struct error *err)
{
    unsigned int n = 0;
    int exact = -1, folded = -1;
    char *want_folded = want ? text_fold(want) : NULL;
    struct strbuf list = STRBUF_INIT;

    if (freexl_get_info(r->xl, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK || n == 0 ||
        n == FREEXL_UNKNOWN) {
        free(want_folded);
        error_set(err, ERR_CORRUPT, _("%s: the workbook has no sheets"), r->path);
        return -1;
    }
    for (unsigned int i = 0; i < n && i < 65536; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(r->xl, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        if (want && exact < 0 && !strcmp(name, want))
            exact = (int)i;
        if (want && folded < 0) {
            char *f = text_fold(name);
            if (!strcmp(f, want_folded))
                folded = (int)i;
            free(f);
        }
        if (i < SHEETS_LISTED)
            strbuf_addf(&list, "%s'%s'", i ? ", " : "", error_quote(name));
        else if (i == SHEETS_LISTED)
            strbuf_addstr(&list, ", …");
    }
    int found = !want ? 0 : exact >= 0 ? exact : folded;
    if (found < 0)
        error_set(err, ERR_NOT_FOUND, _("%s has no sheet '%s'; its sheets are %s"), r->path,
                  error_quote_slot(want, 1), list.buf);
    strbuf_release(&list);
    free(want_folded);
    return found;
}

struct xls_reader *xls_reader_open(const char *path, const char *sheet, struct error *err)
{
    struct xls_reader *r = xcalloc(1, sizeof(*r));
    unsigned int password = 0;
    const char *name = NULL;
    int rc, index;

    r->path = xstrdup(path);
    if (check_size(path, err) != 0)
        goto fail;
    rc = freexl_open(path, &r->xl);
    if (rc != FREEXL_OK) {
        open_error(path, rc, err);
        goto fail;
    }
    if (freexl_get_info(r->xl, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
        password == FREEXL_BIFF_OBFUSCATED) {
        error_set(err, ERR_INVALID,
                  _("%s is protected with a password; open it in Excel or LibreOffice, remove "
                    "the password and save it again"),
                  path);
        goto fail;
    }
    if ((index = find_sheet(r, sheet, err)) < 0)
        goto fail;
    if (freexl_get_worksheet_name(r->xl, (unsigned short)index, &name) != FREEXL_OK || !name)
        name = "";
    r->sheet_name = xstrdup(name);
    if (freexl_select_active_worksheet(r->xl, (unsigned short)index) != FREEXL_OK ||
        freexl_worksheet_dimensions(r->xl, &r->rows, &r->cols) != FREEXL_OK) {
        error_set(err, ERR_CORRUPT, _("%s: sheet '%s' cannot be read"), path,
                  error_quote(r->sheet_name));
        goto fail;
    }
    return r;
fail:
    xls_reader_free(r);
    return NULL;
}

/* Cell (row, col) of the sheet into cell, as text. */
static int cell_text(struct xls_reader *r, unsigned int row, unsigned short col,
                     struct strbuf *cell)
{
    FreeXL_CellValue v;

    if (freexl_get_cell_value(r->xl, row, col, &v) != FREEXL_OK)
        return -1;
    switch (v.type) {
    case FREEXL_CELL_INT:
        strbuf_addf(cell, "%d", v.value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        cell_text_number(v.value.double_value, cell);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_TIME:
        if (v.value.text_value)
            strbuf_addstr(cell, v.value.text_value);
        cell_text_nfc(cell);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
        /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the date part, as for .xlsx */
        if (v.value.text_value)
            strbuf_add(cell, v.value.text_value, strnlen(v.value.text_value, 10));
        break;
    default:
        break;
    }
    return 0;
}

int xls_reader_next(struct xls_reader *r, struct table_row *row, struct error *err)
{
    if (r->failed)
        return error_set(err, r->failed, _("%s: reading stopped after an earlier error"), r->path);
    if (r->next_row >= r->rows)
        return 0;
    unsigned int at = r->next_row++;
    size_t last = 0; /* cells up to the last one that holds something */
    row_buf_clear(&r->row);
    for (unsigned short c = 0; c < r->cols; c++) {
        struct strbuf *cell = row_buf_cell(&r->row, c);
        if (cell_text(r, at, c, cell) != 0) {
            struct strbuf ref = STRBUF_INIT;
            for (long n = (long)c + 1; n > 0; n = (n - 1) / 26)
                strbuf_addch(&ref, 'A' + (int)((n - 1) % 26));
            for (size_t i = 0; i < ref.len / 2; i++) {
                char t = ref.buf[i];
                ref.buf[i] = ref.buf[ref.len - 1 - i];
                ref.buf[ref.len - 1 - i] = t;
            }
            r->failed = error_set(err, ERR_CORRUPT,
                                  _("%s: sheet '%s', cell %s%u cannot be read: the workbook is "
                                    "damaged"),
                                  r->path, error_quote(r->sheet_name), ref.buf, at + 1);
            strbuf_release(&ref);
            return r->failed;
        }
        if (cell->len)
            last = (size_t)c + 1;
    }
    r->row.n = last;
    row->number = (long)at + 1;
    row->n_cells = r->row.n;
    row->cells = row_buf_ptrs(&r->row);
    return 1;
}

const char *xls_reader_sheet(const struct xls_reader *r)
{
    return r->sheet_name;
}

double xls_reader_progress(const struct xls_reader *r)
{
    if (r->rows == 0 || r->next_row >= r->rows)
        return 1.0;
    return (double)r->next_row / (double)r->rows;
}

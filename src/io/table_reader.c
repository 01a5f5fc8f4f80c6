/*
 * table_reader: one way to read the rows of a CSV, .xlsx, .xls or .ods
 * file; see include/io/table_reader.h. It tells the format by the file's
 * first bytes (a zip holding a workbook, an OLE2 compound file, text)
 * before its extension, refuses what is not a regular file, and skips
 * rows with nothing in them.
 */
#include "core/i18n.h"
#include "io/table_reader.h"
#include "core/xalloc.h"
#include "io/csv_reader.h"
#include "io/ods_reader.h"
#include "io/xls_reader.h"
#include "io/xlsx_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unzip.h>

/* What the first bytes of a file say it is. */
enum content {
    CONTENT_TEXT,
    CONTENT_HTML,       /* a web page: an HTML table Excel opens (a site's ".xls" export) */
    CONTENT_BINARY,     /* a NUL byte early on, and no known signature */
    CONTENT_OLE2,       /* D0 CF 11 E0 A1 B1 1A E1: Excel 97-2003 (or Word...) */
    CONTENT_XLSX,       /* a zip holding xl/workbook.xml */
    CONTENT_ODS,        /* a zip holding content.xml and the ODS mimetype */
    CONTENT_ZIP_OTHER,  /* a zip holding neither */
    CONTENT_ZIP_BROKEN, /* a zip's signature, but minizip cannot open it */
};

/* The bytes looked at to tell text from binary. */
#define SNIFF_BYTES 4096

#define ODS_MIMETYPE "application/vnd.oasis.opendocument.spreadsheet"

struct table_reader {
    char *path;
    struct csv_reader *csv;
    struct xlsx_reader *xlsx;
    struct xls_reader *xls;
    struct ods_reader *ods;
    struct table_row last; /* what table_reader_next returned last */
    int have_last;         /* last holds a row */
    int unread;            /* table_reader_unread: return last again */
};

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && !strcasecmp(path + n - e, ext);
}

static int text_ext(const char *path)
{
    return has_ext(path, ".csv") || has_ext(path, ".txt") || has_ext(path, ".tsv");
}

static int xlsx_ext(const char *path)
{
    return has_ext(path, ".xlsx") || has_ext(path, ".xlsm");
}

/* Does the zip hold an OpenDocument spreadsheet (its mimetype, its content)? */
static int zip_is_ods(unzFile zip)
{
    char buf[sizeof(ODS_MIMETYPE) + 16];
    int n = 0;

    if (unzLocateFile(zip, "mimetype", 1) != UNZ_OK || unzOpenCurrentFile(zip) != UNZ_OK)
        return 0;
    n = unzReadCurrentFile(zip, buf, sizeof(buf) - 1);
    unzCloseCurrentFile(zip);
    if (n < (int)strlen(ODS_MIMETYPE))
        return 0;
    buf[n] = 0;
    /* "...spreadsheet", or "...spreadsheet-template" for an .ots */
    return !strncmp(buf, ODS_MIMETYPE, strlen(ODS_MIMETYPE)) &&
           unzLocateFile(zip, "content.xml", 1) == UNZ_OK;
}

static enum content zip_content(const char *path)
{
    unzFile zip = unzOpen64(path);
    enum content c = CONTENT_ZIP_OTHER;

    if (!zip)
        return CONTENT_ZIP_BROKEN;
    if (unzLocateFile(zip, "xl/workbook.xml", 1) == UNZ_OK ||
        unzLocateFile(zip, "xl/workbook.xml", 2) == UNZ_OK)
        c = CONTENT_XLSX;
    else if (zip_is_ods(zip))
        c = CONTENT_ODS;
    unzClose(zip);
    return c;
}

/*
 * Do the first n bytes of a text file start a web page: "<html", "<table",
 * "<!DOCTYPE html" (after a BOM and blanks), or a single-file web page
 * ("MIME-Version:" with a text/html part) as Excel saves one?
 */
static int looks_html(const unsigned char *buf, size_t n)
{
    static const char *const starts[] = {"<html", "<table", "<!doctype html", "<?xml"};
    size_t i = n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;

    while (i < n && strchr(" \t\r\n", buf[i]))
        i++;
    if (n - i >= 13 && !strncasecmp((const char *)buf + i, "MIME-Version:", 13))
        return memmem(buf, n, "text/html", 9) != NULL;
    for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && !strncasecmp((const char *)buf + i, starts[k], l))
            return k < 3 || (memmem(buf, n, "<html", 5) || memmem(buf, n, "<table", 6) ||
                             memmem(buf, n, "<HTML", 5) || memmem(buf, n, "<TABLE", 6));
    }
    return 0;
}

/* What the file at path holds, by its first bytes; -1 with err when it cannot be read. */
static int sniff(const char *path, struct error *err)
{
    static const unsigned char ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    unsigned char buf[SNIFF_BYTES];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return error_set(err, ERR_IO, _("cannot open %s: %s"), path, strerror(errno)), -1;
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    if (n >= 4 && buf[0] == 'P' && buf[1] == 'K' &&
        ((buf[2] == 3 && buf[3] == 4) || (buf[2] == 5 && buf[3] == 6)))
        return zip_content(path);
    if (n >= 8 && !memcmp(buf, ole2, 8))
        return CONTENT_OLE2;
    /* UTF-16 text: the CSV reader says what to do with it */
    if (n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)))
        return CONTENT_TEXT;
    if (memchr(buf, 0, n))
        return CONTENT_BINARY;
    return looks_html(buf, n) ? CONTENT_HTML : CONTENT_TEXT;
}

/* Which reader opens path, by its content and then its extension: 'c'
 * (CSV), 'x' (.xlsx), 'l' (.xls), 'o' (.ods), or 0 with err set. */
static int pick_reader(const char *path, struct error *err)
{
    int content = sniff(path, err);

    switch (content) {
    case CONTENT_XLSX:
        return 'x';
    case CONTENT_ODS:
        return 'o';
    case CONTENT_OLE2:
        return 'l';
    case CONTENT_ZIP_OTHER:
    case CONTENT_ZIP_BROKEN:
        /* the reader of the extension says what is wrong with it */
        if (has_ext(path, ".ods"))
            return 'o';
        if (xlsx_ext(path))
            return 'x';
        if (content == CONTENT_ZIP_BROKEN)
            return text_ext(path) ? 'c' : 'x';
        error_set(err, ERR_INVALID,
                  _("%s is a zip archive, but not an Excel (.xlsx) or OpenDocument (.ods) "
                    "spreadsheet"),
                  path);
        return 0;
    case CONTENT_HTML:
        error_set(err, ERR_INVALID,
                  _("%s is a web page, not an Excel file: open it in Excel and save it as .xlsx"),
                  path);
        return 0;
    case CONTENT_BINARY:
        if (has_ext(path, ".xls")) /* Excel 2.1 to 4.0 wrote no OLE2 container */
            return 'l';
        if (text_ext(path))
            return 'c';
        error_set(err, ERR_INVALID,
                  _("%s is not a spreadsheet: neither CSV text nor an Excel (.xlsx, .xls) or "
                    "OpenDocument (.ods) workbook"),
                  path);
        return 0;
    case CONTENT_TEXT:
        if (text_ext(path) || has_ext(path, ".xls")) /* text saved with an .xls name */
            return 'c';
        if (xlsx_ext(path))
            return 'x';
        if (has_ext(path, ".ods"))
            return 'o';
        error_set(err, ERR_INVALID,
                  _("%s: unknown file type; use a .csv, .tsv, .txt, .xlsx, .xls or .ods file"),
                  path);
        return 0;
    }
    return 0;
}

struct table_reader *table_reader_open(const char *path, const struct table_reader_opts *opts,
                                       struct error *err)
{
    const char *sheet = opts ? opts->sheet : NULL;
    struct stat st;
    struct table_reader *r;
    int kind;

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
    if ((kind = pick_reader(path, err)) == 0)
        return NULL;
    r = xcalloc(1, sizeof(*r));
    r->path = xstrdup(path);
    if (kind == 'x')
        r->xlsx = xlsx_reader_open(path, sheet, err);
    else if (kind == 'l')
        r->xls = xls_reader_open(path, sheet, err);
    else if (kind == 'o')
        r->ods = ods_reader_open(path, sheet, err);
    else
        r->csv = csv_reader_open(path, err);
    if (!r->csv && !r->xlsx && !r->xls && !r->ods) {
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
    row->unsaved = NULL;
    row->n_unsaved = 0;
    do {
        rc = r->csv   ? csv_reader_next(r->csv, row, err)
             : r->xls ? xls_reader_next(r->xls, row, err)
             : r->ods ? ods_reader_next(r->ods, row, err)
                      : xlsx_reader_next(r->xlsx, row, err);
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
    if (r->csv)
        return csv_reader_encoding(r->csv);
    /* .xls and .ods hold Unicode text */
    return r->xlsx ? xlsx_reader_encoding(r->xlsx) : "UTF-8";
}

double table_reader_progress(const struct table_reader *r)
{
    return r->csv   ? csv_reader_progress(r->csv)
           : r->xls ? xls_reader_progress(r->xls)
           : r->ods ? ods_reader_progress(r->ods)
                    : xlsx_reader_progress(r->xlsx);
}

const char *table_reader_path(const struct table_reader *r)
{
    return r->path;
}

const char *table_reader_sheet(const struct table_reader *r)
{
    return r->xlsx  ? xlsx_reader_sheet(r->xlsx)
           : r->xls ? xls_reader_sheet(r->xls)
           : r->ods ? ods_reader_sheet(r->ods)
                    : NULL;
}

size_t table_reader_n_sheets(const struct table_reader *r)
{
    return r->xlsx  ? xlsx_reader_n_sheets(r->xlsx)
           : r->xls ? xls_reader_n_sheets(r->xls)
           : r->ods ? ods_reader_n_sheets(r->ods)
                    : 1;
}

const char *table_reader_sheet_name(const struct table_reader *r, size_t i)
{
    return r->xlsx  ? xlsx_reader_sheet_name(r->xlsx, i)
           : r->xls ? xls_reader_sheet_name(r->xls, i)
           : r->ods ? ods_reader_sheet_name(r->ods, i)
                    : NULL;
}

int table_reader_sheet_hidden(const struct table_reader *r, size_t i)
{
    return r->xlsx  ? xlsx_reader_sheet_hidden(r->xlsx, i)
           : r->xls ? xls_reader_sheet_hidden(r->xls, i)
           : r->ods ? ods_reader_sheet_hidden(r->ods, i)
                    : 0;
}

int table_reader_merges(struct table_reader *r, const struct table_merge **merges, size_t *n,
                        struct error *err)
{
    if (r->xlsx)
        return xlsx_reader_merges(r->xlsx, merges, n, err);
    if (r->xls) {
        xls_reader_merges(r->xls, merges, n);
        return 0;
    }
    if (r->ods) {
        ods_reader_merges(r->ods, merges, n);
        return 0;
    }
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
    xls_reader_free(r->xls);
    ods_reader_free(r->ods);
    free(r->path);
    free(r);
}

/*
 * ods_reader: OpenDocument spreadsheets for table_reader, with minizip and
 * expat; see include/io/ods_reader.h.
 *
 * It owns the open zip, the expat parser of content.xml (suspended when
 * the sheet to read begins and after each row that holds something), the
 * names of the hidden table styles and the row being given. A row repeated
 * N times is parsed once and given N times.
 *
 * As in xlsx_reader.c, whatever a file can make the reader hold or do is
 * bounded (the *_MAX limits below), so that a hostile or broken file is
 * refused with one line instead of filling the memory or running for hours.
 */
#include "core/i18n.h"
#include "io/ods_reader.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/cell_text.h"
#include "io/row_buf.h"
#include "xml_limit.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#define CHUNK (64 * 1024)
#define MB (1024 * 1024)
/* What LibreOffice and Excel allow. */
#define MAX_COLS 16384
#define MAX_ROWS 1048576L
/* The XML of content.xml, uncompressed. */
#define XML_READ_MAX (256LL * MB)
/* The text of one cell, and of the cells of one row. */
#define CELL_TEXT_MAX (1 * MB)
#define ROW_TEXT_MAX (16 * MB)
/* The text given in all, a repeated row or cell counted each time. */
#define TEXT_GIVEN_MAX (256LL * MB)
/* Table styles remembered as hidden. */
#define STYLES_MAX 65536
/* What expat may hold at once (see xlsx_reader.c: the longest tag that can
 * be read is just under half of this). */
/* At most this many sheets are named in the message for an unknown sheet. */
#define SHEETS_LISTED 20

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_DATE, CELL_BOOLEAN };

/* Where the parser stopped: what ods_reader_next finds when it resumes. */
enum event { EV_NONE, EV_TABLE, EV_ROW, EV_TABLE_END };

struct ods_reader {
    char *path;
    unzFile zip;
    int file_open;
    long long size, read; /* content.xml: uncompressed size, bytes read */
    long long given;      /* text given, against TEXT_GIVEN_MAX */

    /* parsing */
    XML_Parser xp;
    int hfail; /* an error found by a handler; message in herr */
    struct error herr;
    enum event event;
    int suspended, final_fed, eof, failed;

    /* the table styles with table:display="false" */
    char **hidden_styles;
    size_t n_hidden;
    char *style_name; /* the style:style of family "table" being read */

    /* every sheet of the workbook, read at the opening (a pass of its own
     * over content.xml: the sheet read may be the first) */
    char **all_names;
    int *all_hidden;
    size_t n_all;
    int listing; /* this parser only lists the sheets */

    /* the merged cells of the sheet read, as its rows are read */
    struct table_merge *merges;
    size_t n_merges;

    /* choosing the sheet */
    const char *want;
    char *want_folded;
    size_t n_sheets;
    struct strbuf sheets; /* their names, for the message */
    char *sheet_name;     /* the one chosen */
    int table_depth;      /* tables open (a cell may hold a table) */
    int reading;          /* inside the chosen table */

    /* the row */
    long row_number;   /* of the row last given or skipped */
    long repeat, left; /* times the row is repeated; times still to give */
    int row_hidden;    /* table:visibility "collapse" or "filter" */
    long col;          /* the next column */
    size_t row_text;
    struct row_buf row;

    /* the cell */
    int in_cell, covered, annotation, in_p, n_p;
    enum cell_kind kind;
    long cell_repeat;
    struct strbuf value, text;
};

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local_name(atts[i]), name))
            return atts[i + 1];
    return NULL;
}

/* A positive count attribute (a repeat, a number of spaces); 1 when absent
 * or not a number; at most max. */
static long attr_count(const char **atts, const char *name, long max)
{
    const char *v = attr(atts, name);
    char *end;
    long n;

    if (!v)
        return 1;
    n = strtol(v, &end, 10);
    if (end == v || n < 1)
        return 1;
    return n > max ? max : n;
}

/* Stop the parser with msg (built like printf), the first error kept. */
static void handler_fail(struct ods_reader *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void handler_fail(struct ods_reader *r, int code, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    if (!r->hfail) {
        va_start(ap, fmt);
        strbuf_vaddf(&msg, fmt, ap);
        va_end(ap);
        r->hfail = code;
        error_set(&r->herr, code, "%s", msg.buf);
        strbuf_release(&msg);
    }
    XML_StopParser(r->xp, XML_FALSE);
}

/* "B7": column col (0 for A) of the current row. */
static void cell_ref(const struct ods_reader *r, long col, struct strbuf *out)
{
    char letters[8];
    int n = 0;

    for (long c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    while (n)
        strbuf_addch(out, letters[--n]);
    strbuf_addf(out, "%ld", r->row_number + 1);
}

/* ---- expat, with its memory counted (xml_limit.h) ---- */

/* A spreadsheet never has a DTD, whose entities could make megabytes of
 * text out of a few bytes of XML. */
static void doctype_start(void *ud, const XML_Char *name, const XML_Char *sysid,
                          const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    handler_fail(ud, ERR_CORRUPT,
                 _("content.xml declares a DTD (<!DOCTYPE>), which a spreadsheet never has"));
}

/* ---- table styles: which sheets are hidden ---- */

static void style_start(struct ods_reader *r, const char *ln, const char **atts)
{
    if (!strcmp(ln, "style")) {
        const char *family = attr(atts, "family"), *name = attr(atts, "name");
        free(r->style_name);
        r->style_name = family && name && !strcmp(family, "table") ? xstrdup(name) : NULL;
    } else if (!strcmp(ln, "table-properties") && r->style_name) {
        const char *display = attr(atts, "display");
        if (!display || strcmp(display, "false") != 0)
            return;
        if (r->n_hidden >= STYLES_MAX) {
            handler_fail(r, ERR_INVALID, _("content.xml has more than %d table styles"),
                         STYLES_MAX);
            return;
        }
        r->hidden_styles = xrealloc(r->hidden_styles, (r->n_hidden + 1) * sizeof(char *));
        r->hidden_styles[r->n_hidden++] = r->style_name;
        r->style_name = NULL;
    }
}

static int style_hidden(const struct ods_reader *r, const char *name)
{
    for (size_t i = 0; name && i < r->n_hidden; i++)
        if (!strcmp(r->hidden_styles[i], name))
            return 1;
    return 0;
}

/* ---- sheets ---- */

/* A table:table at the top: is it the sheet to read? */
static void table_start(struct ods_reader *r, const char **atts)
{
    const char *name = attr(atts, "name");
    int hidden = style_hidden(r, attr(atts, "style-name")), chosen;

    if (!name)
        name = "";
    if (r->listing) {
        if (r->n_all < TABLE_READER_SHEETS_MAX) {
            r->all_names = xrealloc(r->all_names, (r->n_all + 1) * sizeof(char *));
            r->all_hidden = xrealloc(r->all_hidden, (r->n_all + 1) * sizeof(int));
            r->all_names[r->n_all] = xstrdup(name);
            r->all_hidden[r->n_all++] = hidden;
        }
        return;
    }
    if (r->n_sheets < SHEETS_LISTED)
        strbuf_addf(&r->sheets, "%s'%s'", r->n_sheets ? ", " : "", error_quote(name));
    else if (r->n_sheets == SHEETS_LISTED)
        strbuf_addstr(&r->sheets, ", …");
    r->n_sheets++;
    if (!r->want) {
        chosen = !hidden;
    } else {
        char *folded = text_fold(name);
        chosen = !strcmp(name, r->want) || !strcmp(folded, r->want_folded);
        free(folded);
    }
    if (!chosen)
        return;
    r->sheet_name = xstrdup(name);
    r->reading = 1;
    r->event = EV_TABLE;
    XML_StopParser(r->xp, XML_TRUE);
}

/* ---- rows and cells ---- */

static void row_start(struct ods_reader *r, const char **atts)
{
    row_buf_clear(&r->row);
    r->col = 0;
    r->row_text = 0;
    r->repeat = attr_count(atts, "number-rows-repeated", MAX_ROWS);
    const char *vis = attr(atts, "visibility");
    r->row_hidden = vis && (!strcmp(vis, "collapse") || !strcmp(vis, "filter"));
}

/* The end of a row: give it (suspending the parser) unless it is empty. */
static void row_end(struct ods_reader *r)
{
    size_t n = r->row.n;

    while (n > 0 && r->row.cells[n - 1].len == 0)
        n--;
    r->row.n = n;
    if (n == 0) {
        /* trailing and blank rows: only the count moves */
        r->row_number += r->repeat;
        if (r->row_number > MAX_ROWS)
            r->row_number = MAX_ROWS;
        return;
    }
    if (r->row_number + r->repeat > MAX_ROWS) {
        handler_fail(r, ERR_INVALID, _("sheet '%s': more than %ld rows"), r->sheet_name, MAX_ROWS);
        return;
    }
    if ((long long)r->row_text * r->repeat > TEXT_GIVEN_MAX - r->given) {
        handler_fail(r, ERR_INVALID,
                     _("sheet '%s', row %ld: the sheet gives more than %d MB of text"),
                     r->sheet_name, r->row_number + 1, (int)(TEXT_GIVEN_MAX / MB));
        return;
    }
    r->given += (long long)r->row_text * r->repeat;
    r->left = r->repeat;
    r->event = EV_ROW;
    XML_StopParser(r->xp, XML_TRUE);
}

static void cell_start(struct ods_reader *r, const char *ln, const char **atts)
{
    const char *type = attr(atts, "value-type");
    const char *v = NULL;

    r->in_cell = 1;
    r->covered = !strcmp(ln, "covered-table-cell");
    r->cell_repeat = attr_count(atts, "number-columns-repeated", MAX_COLS);
    r->n_p = r->in_p = r->annotation = 0;
    r->kind = CELL_TEXT;
    strbuf_reset(&r->value);
    strbuf_reset(&r->text);
    if (!type || r->covered)
        return;
    if (!strcmp(type, "float") || !strcmp(type, "percentage") || !strcmp(type, "currency")) {
        v = attr(atts, "value");
        r->kind = CELL_NUMBER;
    } else if (!strcmp(type, "date")) {
        v = attr(atts, "date-value");
        r->kind = CELL_DATE;
    } else if (!strcmp(type, "boolean")) {
        v = attr(atts, "boolean-value");
        r->kind = CELL_BOOLEAN;
    } else if (!strcmp(type, "string")) {
        v = attr(atts, "string-value");
    }
    if (v)
        strbuf_addstr(&r->value, v);
    else
        r->kind = CELL_TEXT;
}

/* A cell spanning others: a merged block, numbered as struct table_row numbers rows. */
static void cell_span(struct ods_reader *r, const char **atts)
{
    long cols = attr_count(atts, "number-columns-spanned", MAX_COLS);
    long rows = attr_count(atts, "number-rows-spanned", MAX_ROWS);

    if ((cols < 2 && rows < 2) || r->n_merges >= TABLE_READER_MERGES_MAX)
        return;
    r->merges = xrealloc(r->merges, (r->n_merges + 1) * sizeof(*r->merges));
    r->merges[r->n_merges++] =
        (struct table_merge){r->row_number + 1, r->col, r->row_number + rows, r->col + cols - 1};
}

/* The text of the cell that ended, into r->value. */
static void cell_value(struct ods_reader *r)
{
    struct strbuf *v = &r->value;

    switch (r->kind) {
    case CELL_NUMBER: {
        char *end;
        double d = strtod(v->buf, &end);
        if (end != v->buf && !*end) {
            strbuf_reset(v);
            cell_text_number(d, v);
        }
        break;
    }
    case CELL_DATE:
        /* "2024-03-10" or "2024-03-10T08:30:00": the date, as for .xlsx */
        if (v->len > 10 && v->buf[10] == 'T')
            strbuf_setlen(v, 10);
        break;
    case CELL_BOOLEAN: {
        int yes = !strcmp(v->buf, "true") || !strcmp(v->buf, "1");
        strbuf_reset(v);
        strbuf_addstr(v, yes ? "TRUE" : "FALSE");
        break;
    }
    case CELL_TEXT:
        if (!v->len) /* no office:string-value: the paragraphs */
            strbuf_addstr(v, r->text.buf);
        cell_text_nfc(v);
        break;
    }
}

/* The end of a cell: its text in each column it is repeated over. */
static void cell_end(struct ods_reader *r)
{
    r->in_cell = 0;
    if (r->covered) {
        strbuf_reset(&r->value);
    } else {
        cell_value(r);
    }
    if (r->value.len == 0) {
        /* empty: the 16,384 trailing cells of a row cost nothing */
        r->col += r->cell_repeat;
        if (r->col > MAX_COLS)
            r->col = MAX_COLS;
        return;
    }
    if (r->col + r->cell_repeat > MAX_COLS) {
        handler_fail(r, ERR_INVALID, _("sheet '%s', row %ld: more than %d columns"), r->sheet_name,
                     r->row_number + 1, MAX_COLS);
        return;
    }
    for (long k = 0; k < r->cell_repeat; k++) {
        r->row_text += r->value.len;
        if (r->row_text > ROW_TEXT_MAX) {
            handler_fail(r, ERR_INVALID,
                         _("sheet '%s', row %ld: its cells hold more than %d MB of text"),
                         r->sheet_name, r->row_number + 1, ROW_TEXT_MAX / MB);
            return;
        }
        strbuf_add(row_buf_cell(&r->row, (size_t)(r->col + k)), r->value.buf, r->value.len);
    }
    r->col += r->cell_repeat;
}

/* Text added to the cell: refused past CELL_TEXT_MAX. */
static void cell_add(struct ods_reader *r, const char *s, size_t len)
{
    if (r->text.len + len > CELL_TEXT_MAX) {
        struct strbuf ref = STRBUF_INIT;
        cell_ref(r, r->col, &ref);
        handler_fail(r, ERR_INVALID, _("sheet '%s', cell %s: its text is longer than %d MB"),
                     r->sheet_name, ref.buf, CELL_TEXT_MAX / MB);
        strbuf_release(&ref);
        return;
    }
    strbuf_add(&r->text, s, len);
}

/* An element inside a cell: paragraphs, spaces, tabs, line breaks. */
static void text_start(struct ods_reader *r, const char *ln, const char **atts)
{
    if (!strcmp(ln, "annotation")) {
        r->annotation++;
    } else if (r->annotation || r->covered) {
        return;
    } else if (!strcmp(ln, "p") || !strcmp(ln, "h")) {
        if (r->n_p++)
            cell_add(r, "\n", 1);
        r->in_p++;
    } else if (!r->in_p) {
        return;
    } else if (!strcmp(ln, "s")) {
        /* text:s c="N": N spaces, added (and checked) one at a time */
        long n = attr_count(atts, "c", CELL_TEXT_MAX + 1);
        for (long i = 0; i < n && !r->hfail; i++)
            cell_add(r, " ", 1);
    } else if (!strcmp(ln, "tab")) {
        cell_add(r, "\t", 1);
    } else if (!strcmp(ln, "line-break")) {
        cell_add(r, "\n", 1);
    }
}

static void on_start(void *ud, const char *name, const char **atts)
{
    struct ods_reader *r = ud;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "table")) {
        if (r->table_depth++ == 0 && !r->reading)
            table_start(r, atts);
    } else if (r->listing && r->table_depth > 0) {
        return;
    } else if (r->table_depth == 0) {
        style_start(r, ln, atts);
    } else if (!r->reading || r->table_depth > 1) {
        return;
    } else if (r->in_cell) {
        text_start(r, ln, atts);
    } else if (!strcmp(ln, "table-row")) {
        row_start(r, atts);
    } else if (!strcmp(ln, "table-cell") || !strcmp(ln, "covered-table-cell")) {
        cell_start(r, ln, atts);
        if (!r->covered)
            cell_span(r, atts);
    }
}

static void on_end(void *ud, const char *name)
{
    struct ods_reader *r = ud;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "table")) {
        if (--r->table_depth == 0 && r->reading && !r->listing) {
            r->reading = 0;
            r->event = EV_TABLE_END;
            XML_StopParser(r->xp, XML_TRUE);
        }
    } else if (!r->reading || r->table_depth > 1) {
        return;
    } else if (r->in_cell && (!strcmp(ln, "table-cell") || !strcmp(ln, "covered-table-cell"))) {
        cell_end(r);
    } else if (r->in_cell) {
        if (!strcmp(ln, "annotation") && r->annotation)
            r->annotation--;
        else if ((!strcmp(ln, "p") || !strcmp(ln, "h")) && r->in_p && !r->annotation)
            r->in_p--;
    } else if (!strcmp(ln, "table-row")) {
        row_end(r);
    }
}

static void on_chars(void *ud, const char *s, int len)
{
    struct ods_reader *r = ud;

    if (r->hfail || !r->reading || !r->in_cell || !r->in_p || r->annotation || r->covered ||
        r->table_depth > 1)
        return;
    cell_add(r, s, (size_t)len);
}

/* ---- feeding the parser ---- */

static int parser_error(struct ods_reader *r, struct error *err)
{
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(r->xp);

    if (r->hfail)
        return error_set(err, r->hfail, "%s: %s", r->path, error_msg(&r->herr));
    const char *what = xml_limit_refused() ? _("an XML tag or comment too large to read")
                                           : XML_ErrorString(XML_GetErrorCode(r->xp));
    return error_set(err, ERR_CORRUPT, _("%s: content.xml, line %lu: %s"), r->path, line, what);
}

/*
 * Parse on until the handlers stop at an event (returns 1, r->event says
 * which), the end of content.xml (0) or an error (a negative ERR_*).
 */
static int pump(struct ods_reader *r, struct error *err)
{
    enum XML_Status st;

    r->event = EV_NONE;
    while (!r->eof) {
        if (r->suspended) {
            r->suspended = 0;
            st = XML_ResumeParser(r->xp);
        } else {
            void *buf = XML_GetBuffer(r->xp, CHUNK);
            if (!buf && !xml_limit_refused())
                die("out of memory");
            if (!buf)
                return parser_error(r, err);
            int n = unzReadCurrentFile(r->zip, buf, CHUNK);
            if (n < 0)
                return error_set(err, ERR_CORRUPT,
                                 _("%s: content.xml is damaged after row %ld (zip error %d)"),
                                 r->path, r->row_number, n);
            r->read += n;
            if (r->read > XML_READ_MAX)
                return error_set(err, ERR_INVALID,
                                 _("%s: content.xml has more than %d MB of XML to read"), r->path,
                                 (int)(XML_READ_MAX / MB));
            r->final_fed = n == 0;
            st = XML_ParseBuffer(r->xp, n, n == 0);
        }
        if (st == XML_STATUS_ERROR)
            return parser_error(r, err);
        if (st == XML_STATUS_SUSPENDED)
            r->suspended = 1;
        else if (r->final_fed)
            r->eof = 1;
        if (r->event != EV_NONE)
            return 1;
    }
    return 0;
}

/* ---- opening ---- */

void ods_reader_free(struct ods_reader *r)
{
    if (!r)
        return;
    if (r->xp)
        XML_ParserFree(r->xp);
    if (r->zip) {
        if (r->file_open)
            unzCloseCurrentFile(r->zip);
        unzClose(r->zip);
    }
    for (size_t i = 0; i < r->n_hidden; i++)
        free(r->hidden_styles[i]);
    free(r->hidden_styles);
    for (size_t i = 0; i < r->n_all; i++)
        free(r->all_names[i]);
    free(r->all_names);
    free(r->all_hidden);
    free(r->merges);
    free(r->style_name);
    free(r->want_folded);
    free(r->sheet_name);
    strbuf_release(&r->sheets);
    strbuf_release(&r->value);
    strbuf_release(&r->text);
    error_clear(&r->herr);
    row_buf_release(&r->row);
    free(r->path);
    free(r);
}

/* Open content.xml in the zip, its size checked against XML_READ_MAX. */
static int content_open(struct ods_reader *r, struct error *err)
{
    unz_file_info64 info;

    r->zip = unzOpen64(r->path);
    if (!r->zip)
        return error_set(err, ERR_CORRUPT,
                         _("%s is not a valid .ods file (not a zip archive, or it is cut short)"),
                         r->path);
    if (unzLocateFile(r->zip, "content.xml", 1) != UNZ_OK)
        return error_set(err, ERR_CORRUPT,
                         _("%s is not an OpenDocument spreadsheet: it has no content.xml"),
                         r->path);
    if (unzGetCurrentFileInfo64(r->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(r->zip) != UNZ_OK)
        return error_set(err, ERR_CORRUPT, _("%s: content.xml cannot be read"), r->path);
    r->file_open = 1;
    if (info.uncompressed_size > (unsigned long long)XML_READ_MAX)
        return error_set(err, ERR_INVALID,
                         _("%s: content.xml is too large: %llu MB of XML, and a spreadsheet may "
                           "have at most %d MB"),
                         r->path, (unsigned long long)(info.uncompressed_size / MB),
                         (int)(XML_READ_MAX / MB));
    r->size = (long long)info.uncompressed_size;
    return 0;
}

/*
 * Every sheet of the spreadsheet at path, and whether it is hidden, into
 * r->all_*: a pass of their own over content.xml. A file that fails here
 * keeps the sheets listed before; the reading of the sheet says what is
 * wrong with it.
 */
static void sheets_list(struct ods_reader *r)
{
    struct ods_reader *l = xcalloc(1, sizeof(*l));
    struct error e = ERROR_INIT;

    l->path = xstrdup(r->path);
    l->listing = 1;
    strbuf_init(&l->sheets, 0);
    strbuf_init(&l->value, 0);
    strbuf_init(&l->text, 0);
    if (content_open(l, &e) == 0 && (l->xp = xml_limit_parser()) != NULL) {
        XML_SetUserData(l->xp, l);
        XML_SetElementHandler(l->xp, on_start, on_end);
        XML_SetStartDoctypeDeclHandler(l->xp, doctype_start);
        while (pump(l, &e) > 0)
            ;
    }
    r->all_names = l->all_names;
    r->all_hidden = l->all_hidden;
    r->n_all = l->n_all;
    l->all_names = NULL;
    l->all_hidden = NULL;
    l->n_all = 0;
    error_clear(&e);
    ods_reader_free(l);
}

struct ods_reader *ods_reader_open(const char *path, const char *sheet, struct error *err)
{
    struct ods_reader *r = xcalloc(1, sizeof(*r));
    int rc;

    r->path = xstrdup(path);
    r->want = sheet;
    r->want_folded = sheet ? text_fold(sheet) : NULL;
    strbuf_init(&r->sheets, 0);
    strbuf_init(&r->value, 0);
    strbuf_init(&r->text, 0);
    if (content_open(r, err) != 0)
        goto fail;
    sheets_list(r);
    r->xp = xml_limit_parser();
    if (!r->xp)
        die("out of memory");
    XML_SetUserData(r->xp, r);
    XML_SetElementHandler(r->xp, on_start, on_end);
    XML_SetCharacterDataHandler(r->xp, on_chars);
    XML_SetStartDoctypeDeclHandler(r->xp, doctype_start);
    rc = pump(r, err);
    if (rc < 0)
        goto fail;
    if (rc == 0 && r->n_sheets == 0) {
        error_set(err, ERR_CORRUPT, _("%s: the workbook has no sheets"), path);
        goto fail;
    }
    if (rc == 0 && !sheet) {
        error_set(err, ERR_NOT_FOUND,
                  _("%s: every sheet of the workbook is hidden; its sheets are %s"), path,
                  r->sheets.buf);
        goto fail;
    }
    if (rc == 0) {
        error_set(err, ERR_NOT_FOUND, _("%s has no sheet '%s'; its sheets are %s"), path,
                  error_quote_slot(sheet, 1), r->sheets.buf);
        goto fail;
    }
    r->want = NULL; /* the caller's string is not kept */
    return r;
fail:
    ods_reader_free(r);
    return NULL;
}

/* ---- reading rows ---- */

int ods_reader_next(struct ods_reader *r, struct table_row *row, struct error *err)
{
    int rc;

    if (r->failed)
        return error_set(err, r->failed, _("%s: reading stopped after an earlier error"), r->path);
    while (r->left == 0) {
        if (r->event == EV_TABLE_END || r->eof)
            return 0;
        rc = pump(r, err);
        if (rc < 0)
            return r->failed = rc;
        if (rc == 0) /* the end of the file inside the table */
            return r->failed = error_set(err, ERR_CORRUPT,
                                         _("%s: content.xml ends inside sheet '%s': the file is "
                                           "cut short"),
                                         r->path, error_quote(r->sheet_name));
    }
    r->left--;
    r->row_number++;
    row->number = r->row_number;
    row->hidden = r->row_hidden;
    row->n_cells = r->row.n;
    row->cells = row_buf_ptrs(&r->row);
    return 1;
}

const char *ods_reader_sheet(const struct ods_reader *r)
{
    return r->sheet_name;
}

double ods_reader_progress(const struct ods_reader *r)
{
    if (r->eof || r->event == EV_TABLE_END || r->size <= 0)
        return 1.0;
    double p = (double)r->read / (double)r->size;
    return p > 1 ? 1 : p;
}

size_t ods_reader_n_sheets(const struct ods_reader *r)
{
    return r->n_all ? r->n_all : 1;
}

const char *ods_reader_sheet_name(const struct ods_reader *r, size_t i)
{
    return i < r->n_all ? r->all_names[i] : r->sheet_name;
}

int ods_reader_sheet_hidden(const struct ods_reader *r, size_t i)
{
    return i < r->n_all && r->all_hidden[i];
}

void ods_reader_merges(const struct ods_reader *r, const struct table_merge **merges, size_t *n)
{
    *merges = r->merges;
    *n = r->n_merges;
}

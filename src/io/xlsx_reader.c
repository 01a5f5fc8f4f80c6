/*
 * xlsx_reader: Excel workbooks for table_reader, with minizip and expat;
 * see include/io/xlsx_reader.h.
 *
 * It owns the open zip, the shared strings, what it needs of the styles
 * (per cell style: is it a date, is its font a TCVN3 ".Vn" font) and the
 * expat parser of the sheet, which is suspended after each </row> so that
 * only one row is held at a time.
 *
 * Every part is streamed through expat in chunks, and what a workbook can
 * make the reader hold or do is bounded (the *_MAX limits below), so that
 * a hostile or broken file is refused with one line instead of filling the
 * memory or running for hours.
 */
#include "core/i18n.h"
#include "io/xlsx_reader.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/cell_text.h"
#include "io/encoding.h"
#include "io/row_buf.h"
#include "xml_limit.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#define CHUNK (64 * 1024)
#define MAX_COLS 16384 /* Excel's limit: column XFD */

/*
 * The limits. Together they keep the memory of reading any workbook under
 * about 150 MB (shared strings 64 MB and their index 20 MB, one row 16 MB,
 * expat 8 MB, strbufs twice their text at most); a list of 100,000 persons
 * needs a tenth of each.
 */
#define MB (1024 * 1024)
/* The text of one cell or shared string. */
#define CELL_TEXT_MAX (1 * MB)
/* XML read in all, uncompressed, from every part read; a shared string
 * counts again in each cell that uses it, as if it were written there, so
 * that a few large strings used by every cell are no way around it. */
#define XML_READ_MAX (256LL * MB)
/* Shared strings kept: 4 times Excel's 1,048,576 rows. Besides its text
 * each costs 5 bytes of index, what the smallest one ("<si/>") costs in
 * XML, and the count keeps the index under 20 MB. */
#define SST_COUNT_MAX (4 * 1024 * 1024)
/* Their text. */
#define SST_TEXT_MAX (64 * MB)
/* The text of the cells of one row (at most MAX_COLS cells). */
#define ROW_TEXT_MAX (16 * MB)
/* Cell formats and fonts (Excel allows 64,000 formats, fewer fonts), and
 * custom number formats (Excel allows about 250). */
#define STYLES_MAX 65536
#define NUMFMTS_MAX 4096
/* What expat may hold at once. Its buffer grows to the longest tag, comment
 * or processing instruction (text comes in pieces), doubling, with the old
 * and the new buffer held while it copies: the longest that can be read is
 * just under half of this. */

enum font_kind { FONT_UNICODE, FONT_TCVN3, FONT_TCVN3_UPPER };

struct xf {
    int date;
    int font;  /* enum font_kind */
    int zeros; /* a format of only zeros ("000000000000"): the digits it shows, else 0 */
};

/* What is wanted of a relationships part: the targets of an Id and of the
 * first relationship of each type; the others are not kept. */
struct rels {
    const char *want_id;
    char *by_id, *office_document, *styles, *shared_strings; /* NULL: absent */
};

struct sheet {
    char *name, *rid;
};

/* A sheet of the workbook's list (table_reader_sheet_name). */
struct sheet_entry {
    char *name;
    int hidden;
};

/*
 * Text of a string item (<si> of sharedStrings.xml, <is> of a cell): the <t>
 * of its runs concatenated, phonetic runs (<rPh>) left out. A run drawn in a
 * ".Vn" font is decoded from TCVN3. The escapes "_xHHHH_" of each <t> are
 * decoded (xstring_decode).
 */
struct rich {
    struct strbuf text;
    size_t run_start;
    size_t t_start; /* where the text of the <t> being read begins */
    int run_font;
    int in_t, in_rph;
    int converted; /* a run was decoded from TCVN3: the text is Unicode now */
};

struct xlsx_reader {
    char *path;
    unzFile zip;
    char *sheet_name, *sheet_part;
    int date1904;
    struct sheet_entry *sheets; /* every sheet, in the order of the tabs */
    size_t n_sheets;
    struct table_merge *merges; /* the sheet's merged cells, once xlsx_reader_merges read them */
    size_t n_merges;
    int merges_read;
    /* the shared strings, each ended by a NUL, one after the other in
     * sst_text, string i at sst_at[i] (one allocation, not one per string) */
    struct strbuf sst_text;
    uint32_t *sst_at;
    unsigned char *sst_converted; /* per shared string: rich_converted */
    size_t n_sst, alloc_sst;
    long long xml_read; /* bytes of XML read, against XML_READ_MAX */
    const char *part;   /* the part being parsed, for messages */
    struct xf *xfs;
    size_t n_xfs;
    int uses_tcvn;
    struct encoding_conv *tcvn;

    /* parsing: set by the expat handlers */
    XML_Parser xp;
    int hfail; /* an error found by a handler; message in herr */
    struct error herr;
    void *ctx; /* the state of the part being parsed */

    /* the sheet */
    long long sheet_size, sheet_read;
    int sheet_open, in_sheet_data, in_cell, in_v, in_is;
    int cell_formula, cell_has_v; /* the cell holds <f>, and its saved result <v> */
    unsigned char *unsaved;       /* of the row: its formulas without a result (table_row) */
    size_t n_unsaved, unsaved_alloc;
    long row_number, col, next_col;
    int row_hidden;
    size_t row_text; /* bytes of text in the row's cells so far */
    char cell_type[12];
    long cell_style;
    struct strbuf value;
    struct rich is;
    struct row_buf row;
    int row_ready, suspended, final_fed, eof, failed;
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

static int handler_fail(struct xlsx_reader *r, int code, const char *msg)
{
    if (!r->hfail) {
        r->hfail = code;
        error_set(&r->herr, code, "%s", msg);
    }
    XML_StopParser(r->xp, XML_FALSE);
    return code;
}

static int font_kind(const char *name)
{
    size_t n;
    if (!name || strncmp(name, ".Vn", 3) != 0)
        return FONT_UNICODE;
    /* .VnTimeH, .VnArialH: the capital fonts */
    n = strlen(name);
    return name[n - 1] == 'H' ? FONT_TCVN3_UPPER : FONT_TCVN3;
}

/* ---- expat, with its memory counted (xml_limit.h) ---- */

/* A workbook part never has a DTD; refused, since its entities could make
 * megabytes of text out of a few bytes of XML. */
static void doctype_start(void *ud, const XML_Char *name, const XML_Char *sysid,
                          const XML_Char *pubid, int has_internal_subset)
{
    struct xlsx_reader *r = ud;
    struct strbuf msg = STRBUF_INIT;

    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    strbuf_addf(&msg, _("part '%s' declares a DTD (<!DOCTYPE>), which a workbook never has"),
                r->part);
    handler_fail(r, ERR_CORRUPT, msg.buf);
    strbuf_release(&msg);
}

/* r->xp: a new parser of r->part with these handlers. */
static void parser_new(struct xlsx_reader *r, XML_StartElementHandler start,
                       XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    r->xp = xml_limit_parser();
    if (!r->xp)
        die("out of memory");
    r->hfail = 0;
    XML_SetUserData(r->xp, r);
    XML_SetElementHandler(r->xp, start, end);
    XML_SetCharacterDataHandler(r->xp, chars);
    XML_SetStartDoctypeDeclHandler(r->xp, doctype_start);
}

static int parser_error(struct xlsx_reader *r, struct error *err);

/* XML_GetBuffer, or NULL with err set when the limit of expat's memory
 * refused it. */
static void *parser_buffer(struct xlsx_reader *r, struct error *err)
{
    void *buf = XML_GetBuffer(r->xp, CHUNK);
    if (!buf && !xml_limit_refused())
        die("out of memory");
    if (!buf)
        parser_error(r, err);
    return buf;
}

/* The message of a failed XML_ParseBuffer or XML_ResumeParser of r->part. */
static int parser_error(struct xlsx_reader *r, struct error *err)
{
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(r->xp);

    if (r->hfail)
        return error_set(err, r->hfail, "%s: %s", r->path, error_msg(&r->herr));
    /* the limit of expat's memory, or expat's own message */
    const char *what = xml_limit_refused() ? _("an XML tag or comment too large to read")
                                           : XML_ErrorString(XML_GetErrorCode(r->xp));
    if (r->part == r->sheet_part)
        return error_set(err, ERR_CORRUPT, _("%s: sheet '%s', line %lu of its XML: %s"), r->path,
                         error_quote(r->sheet_name), line, what);
    return error_set(err, ERR_CORRUPT, _("%s: part '%s', line %lu: %s"), r->path, r->part, line,
                     what);
}

/* ---- reading parts of the zip ---- */

static int zip_locate(unzFile zip, const char *name)
{
    if (unzLocateFile(zip, name, 1) == UNZ_OK)
        return 1;
    return unzLocateFile(zip, name, 2) == UNZ_OK;
}

/*
 * The uncompressed size of the current file of the zip would take the XML
 * read past XML_READ_MAX: refused before reading it, so that a bomb is
 * refused at once. (minizip never inflates more than that size.)
 */
static int part_too_large(struct xlsx_reader *r, struct error *err)
{
    unz_file_info64 info;

    if (unzGetCurrentFileInfo64(r->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return error_set(err, ERR_CORRUPT, _("%s: part '%s' of the workbook cannot be read"),
                         r->path, r->part);
    unsigned long long mb = (info.uncompressed_size + MB - 1) / MB;
    if (info.uncompressed_size <= (unsigned long long)(XML_READ_MAX - r->xml_read))
        return 0;
    if (r->part == r->sheet_part)
        return error_set(err, ERR_INVALID,
                         _("%s: sheet '%s' is too large: %llu MB of XML, and a workbook may have "
                           "at most %d MB to read"),
                         r->path, error_quote(r->sheet_name), mb, (int)(XML_READ_MAX / MB));
    return error_set(err, ERR_INVALID,
                     _("%s: part '%s' is too large: %llu MB of XML, and a workbook may have at "
                       "most %d MB to read"),
                     r->path, r->part, mb, (int)(XML_READ_MAX / MB));
}

/* Count n bytes more of XML read; an error past XML_READ_MAX. */
static int count_read(struct xlsx_reader *r, long long n, struct error *err)
{
    r->xml_read += n;
    if (r->xml_read <= XML_READ_MAX)
        return 0;
    if (r->part == r->sheet_part)
        return error_set(err, ERR_INVALID,
                         _("%s: sheet '%s', after row %ld: a workbook may have at most %d MB of "
                           "XML to read"),
                         r->path, error_quote(r->sheet_name), r->row_number,
                         (int)(XML_READ_MAX / MB));
    return error_set(err, ERR_INVALID,
                     _("%s: part '%s' is too large: a workbook may have at most %d MB of XML to "
                       "read"),
                     r->path, r->part, (int)(XML_READ_MAX / MB));
}

/*
 * Parse the part name with a fresh expat parser and these handlers, ctx in
 * r->ctx. Returns 0, 1 when the part is missing, or an ERR_* with err set.
 */
static int parse_part(struct xlsx_reader *r, const char *name, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler chars, void *ctx,
                      struct error *err)
{
    int rc = 0, n;

    if (!zip_locate(r->zip, name))
        return 1;
    r->part = name;
    if ((rc = part_too_large(r, err)) != 0)
        return rc;
    if (unzOpenCurrentFile(r->zip) != UNZ_OK)
        return error_set(err, ERR_CORRUPT, _("%s: part '%s' of the workbook cannot be read"),
                         r->path, name);
    parser_new(r, start, end, chars);
    r->ctx = ctx;
    do {
        void *buf = parser_buffer(r, err);
        if (!buf) {
            rc = err->code;
            break;
        }
        n = unzReadCurrentFile(r->zip, buf, CHUNK);
        if (n < 0) {
            rc = error_set(err, ERR_CORRUPT,
                           _("%s: part '%s' of the workbook is damaged (zip error %d)"), r->path,
                           name, n);
            break;
        }
        if ((rc = count_read(r, n, err)) != 0)
            break;
        if (XML_ParseBuffer(r->xp, n, n == 0) != XML_STATUS_OK) {
            rc = parser_error(r, err);
            break;
        }
    } while (n > 0);
    if (unzCloseCurrentFile(r->zip) == UNZ_CRCERROR && !rc)
        rc = error_set(err, ERR_CORRUPT, _("%s: part '%s' of the workbook is damaged (bad CRC)"),
                       r->path, name);
    XML_ParserFree(r->xp);
    r->xp = NULL;
    return rc;
}

/* Join a relationship target to the folder of the part that points to it. */
static char *part_join(const char *from_part, const char *target)
{
    struct strbuf sb = STRBUF_INIT;
    const char *slash;

    if (target[0] == '/') {
        strbuf_addstr(&sb, target + 1);
    } else {
        slash = strrchr(from_part, '/');
        if (slash)
            strbuf_add(&sb, from_part, (size_t)(slash - from_part + 1));
        strbuf_addstr(&sb, target);
    }
    /* resolve "x/../" and "./" */
    for (;;) {
        char *p = strstr(sb.buf, "/../");
        if (!p)
            break;
        char *q = p;
        while (q > sb.buf && q[-1] != '/')
            q--;
        memmove(q, p + 4, strlen(p + 4) + 1);
        sb.len = strlen(sb.buf);
    }
    for (char *p; (p = strstr(sb.buf, "./")) && (p == sb.buf || p[-1] == '/');) {
        memmove(p, p + 2, strlen(p + 2) + 1);
        sb.len = strlen(sb.buf);
    }
    while (!strncmp(sb.buf, "../", 3)) {
        memmove(sb.buf, sb.buf + 3, sb.len - 2);
        sb.len -= 3;
    }
    return strbuf_detach(&sb, NULL);
}

/* ---- relationships ---- */

/* Does type end with "/suffix"? */
static int type_is(const char *type, const char *suffix)
{
    size_t l = strlen(type), n = strlen(suffix);
    return l >= n && !strcmp(type + l - n, suffix);
}

static void rels_keep(char **slot, const char *target)
{
    if (!*slot)
        *slot = xstrdup(target);
}

static void rels_start(void *ud, const char *name, const char **atts)
{
    struct xlsx_reader *r = ud;
    struct rels *rels = r->ctx;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");

    if (strcmp(local_name(name), "Relationship") != 0 || !id || !target)
        return;
    if (rels->want_id && !strcmp(id, rels->want_id))
        rels_keep(&rels->by_id, target);
    if (!type)
        return;
    if (type_is(type, "/officeDocument"))
        rels_keep(&rels->office_document, target);
    else if (type_is(type, "/styles"))
        rels_keep(&rels->styles, target);
    else if (type_is(type, "/sharedStrings"))
        rels_keep(&rels->shared_strings, target);
}

static void rels_free(struct rels *rels)
{
    free(rels->by_id);
    free(rels->office_document);
    free(rels->styles);
    free(rels->shared_strings);
    rels->by_id = rels->office_document = rels->styles = rels->shared_strings = NULL;
}

/* The rels of part (e.g. "xl/_rels/workbook.xml.rels"). Missing is not an error. */
static int rels_read(struct xlsx_reader *r, const char *part, struct rels *rels, struct error *err)
{
    const char *slash = strrchr(part, '/');
    char *name;
    int rc;

    if (slash)
        name = xasprintf("%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
    else
        name = xasprintf("_rels/%s.rels", part);
    rc = parse_part(r, name, rels_start, NULL, NULL, rels, err);
    free(name);
    return rc < 0 ? rc : 0;
}

/* ---- workbook ---- */

static void *array_grow(void *v, size_t n, size_t size);

/* At most this many sheets are named in the message for an unknown sheet. */
#define SHEETS_LISTED 20

/*
 * The sheets of the workbook, as the part is read: only the ones that can
 * be chosen are kept (the first visible one, the first of all; the first
 * named want; the first whose name folds as want does), and the list of
 * names for the message.
 */
struct workbook {
    const char *want;
    char *want_folded;
    struct sheet first, visible, exact, folded;
    size_t n;
    struct strbuf list;
};

static void sheet_set(struct sheet *s, const char *name, const char *rid)
{
    s->name = xstrdup(name);
    s->rid = xstrdup(rid);
}

static void sheet_free(struct sheet *s)
{
    free(s->name);
    free(s->rid);
    s->name = s->rid = NULL;
}

static void workbook_start(void *ud, const char *name, const char **atts)
{
    struct xlsx_reader *r = ud;
    struct workbook *wb = r->ctx;
    const char *ln = local_name(name);

    if (!strcmp(ln, "workbookPr")) {
        const char *d = attr(atts, "date1904");
        r->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
    } else if (!strcmp(ln, "sheet")) {
        const char *sn = attr(atts, "name"), *rid = attr(atts, "id"), *state = attr(atts, "state");
        if (!sn || !rid)
            return;
        /* "hidden", or "veryHidden" (only a macro can show it) */
        int hidden = state && strcmp(state, "visible") != 0;
        if (!wb->n)
            sheet_set(&wb->first, sn, rid);
        if (!hidden && !wb->visible.name)
            sheet_set(&wb->visible, sn, rid);
        if (r->n_sheets < TABLE_READER_SHEETS_MAX) {
            r->sheets = array_grow(r->sheets, r->n_sheets, sizeof(*r->sheets));
            r->sheets[r->n_sheets].name = xstrdup(sn);
            r->sheets[r->n_sheets++].hidden = hidden;
        }
        if (wb->want && !wb->exact.name && !strcmp(sn, wb->want))
            sheet_set(&wb->exact, sn, rid);
        if (wb->want && !wb->exact.name && !wb->folded.name) {
            char *fs = text_fold(sn);
            if (!strcmp(fs, wb->want_folded))
                sheet_set(&wb->folded, sn, rid);
            free(fs);
        }
        if (wb->n < SHEETS_LISTED)
            strbuf_addf(&wb->list, "%s'%s'", wb->n ? ", " : "", error_quote(sn));
        else if (wb->n == SHEETS_LISTED)
            strbuf_addstr(&wb->list, ", …");
        wb->n++;
    }
}

/* ---- styles ---- */

/* Is an Excel number format (custom) a date? d, y, or m without h or s. */
static int format_is_date(const char *code)
{
    int d = 0, m = 0, hs = 0;

    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return d || (m && !hs);
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1])
                p++;
            break;
        case '[':
            p = strchr(p, ']');
            if (!p)
                return d || (m && !hs);
            break;
        case 'd':
        case 'D':
        case 'y':
        case 'Y':
            d = 1;
            break;
        case 'm':
        case 'M':
            m = 1;
            break;
        case 'h':
        case 'H':
        case 's':
        case 'S':
            hs = 1;
            break;
        case ';':
            /* the first section decides */
            return d || (m && !hs);
        }
    }
    return d || (m && !hs);
}

struct styles {
    long *date_fmts; /* ids of custom formats that are dates */
    size_t n_date_fmts;
    long *zero_fmts; /* ids of custom formats of only zeros, and their widths */
    int *zero_widths;
    size_t n_zero_fmts;
    size_t n_num_fmts; /* all custom formats, for the limit */
    int *fonts;        /* enum font_kind per font */
    size_t n_fonts;
    int in_fonts, in_font, in_cell_xfs;
};

static int builtin_date(long id)
{
    /* 14-17 and 22 are dates; 18-21 and 45-47 are times of day */
    return (id >= 14 && id <= 17) || id == 22;
}

/*
 * Room for element n of the array v of n elements, of size bytes each. It
 * grows by doubling, its capacity the power of two above n (not stored),
 * so that tens of thousands of styles are not copied once each.
 */
static void *array_grow(void *v, size_t n, size_t size)
{
    if (n == 0)
        return xrealloc(v, 8 * size);
    if (n < 8 || (n & (n - 1)))
        return v;
    return xrealloc(v, 2 * n * size);
}

/* One more style of a kind: refused past its limit. */
static int styles_full(struct xlsx_reader *r, size_t n, size_t max, const char *fmt)
{
    struct strbuf msg = STRBUF_INIT;

    if (n < max)
        return 0;
    strbuf_addf(&msg, fmt, r->part, (int)max);
    handler_fail(r, ERR_INVALID, msg.buf);
    strbuf_release(&msg);
    return 1;
}

static void styles_start(void *ud, const char *name, const char **atts)
{
    struct xlsx_reader *r = ud;
    struct styles *st = r->ctx;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "numFmt")) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (styles_full(r, st->n_num_fmts++, NUMFMTS_MAX,
                        _("part '%s' has more than %d number formats")))
            return;
        if (id && code && format_is_date(code)) {
            st->date_fmts = array_grow(st->date_fmts, st->n_date_fmts, sizeof(long));
            st->date_fmts[st->n_date_fmts++] = strtol(id, NULL, 10);
        } else if (id && code && *code && strspn(code, "0") == strlen(code) && strlen(code) <= 20) {
            /* a CCCD or phone number kept as a number, shown with its zeros */
            st->zero_fmts = array_grow(st->zero_fmts, st->n_zero_fmts, sizeof(long));
            st->zero_widths = array_grow(st->zero_widths, st->n_zero_fmts, sizeof(int));
            st->zero_widths[st->n_zero_fmts] = (int)strlen(code);
            st->zero_fmts[st->n_zero_fmts++] = strtol(id, NULL, 10);
        }
    } else if (!strcmp(ln, "fonts")) {
        st->in_fonts = 1;
    } else if (!strcmp(ln, "font") && st->in_fonts) {
        if (styles_full(r, st->n_fonts, STYLES_MAX, _("part '%s' has more than %d fonts")))
            return;
        st->in_font = 1;
        st->fonts = array_grow(st->fonts, st->n_fonts, sizeof(int));
        st->fonts[st->n_fonts++] = FONT_UNICODE;
    } else if (!strcmp(ln, "name") && st->in_font) {
        st->fonts[st->n_fonts - 1] = font_kind(attr(atts, "val"));
    } else if (!strcmp(ln, "cellXfs")) {
        st->in_cell_xfs = 1;
    } else if (!strcmp(ln, "xf") && st->in_cell_xfs) {
        if (styles_full(r, r->n_xfs, STYLES_MAX, _("part '%s' has more than %d cell formats")))
            return;
        const char *fmt = attr(atts, "numFmtId"), *font = attr(atts, "fontId");
        long f = fmt ? strtol(fmt, NULL, 10) : 0, fo = font ? strtol(font, NULL, 10) : 0;
        struct xf xf = {builtin_date(f), FONT_UNICODE, 0};
        for (size_t i = 0; i < st->n_date_fmts; i++)
            if (st->date_fmts[i] == f)
                xf.date = 1;
        for (size_t i = 0; i < st->n_zero_fmts; i++)
            if (st->zero_fmts[i] == f)
                xf.zeros = st->zero_widths[i];
        if (fo >= 0 && (size_t)fo < st->n_fonts)
            xf.font = st->fonts[fo];
        if (xf.font != FONT_UNICODE)
            r->uses_tcvn = 1;
        r->xfs = array_grow(r->xfs, r->n_xfs, sizeof(*r->xfs));
        r->xfs[r->n_xfs++] = xf;
    }
}

static void styles_end(void *ud, const char *name)
{
    struct xlsx_reader *r = ud;
    struct styles *st = r->ctx;
    const char *ln = local_name(name);

    if (!strcmp(ln, "fonts"))
        st->in_fonts = 0;
    else if (!strcmp(ln, "font"))
        st->in_font = 0;
    else if (!strcmp(ln, "cellXfs"))
        st->in_cell_xfs = 0;
}

/* ---- rich text (shared strings and inline strings) ---- */

/* The UTF-16 unit of "_xHHHH_" at p, or -1. */
static long xstring_unit(const char *p)
{
    long v = 0;
    if (p[0] != '_' || p[1] != 'x')
        return -1;
    for (int i = 2; i < 6; i++) {
        int c = (unsigned char)p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return p[6] == '_' ? v : -1;
}

/*
 * Decode the escapes of an OOXML string (ST_Xstring, ECMA-376 part 1,
 * 22.9.2.19) in sb from byte from: "_xHHHH_" is the UTF-16 unit HHHH —
 * Excel writes a carriage return "_x000D_", a character XML cannot hold
 * so — and "_x005F_" before one an underscore, so that "_x005F_x000D_"
 * stays the text "_x000D_". A pair of surrogates makes one character; a
 * lone one, or NUL, is left out.
 */
static void xstring_decode(struct strbuf *sb, size_t from)
{
    size_t w = from;
    char *b = sb->buf;

    if (!memchr(b + from, '_', sb->len - from))
        return;
    for (size_t i = from; i < sb->len;) {
        long u = i + 7 <= sb->len ? xstring_unit(b + i) : -1;
        if (u < 0) {
            b[w++] = b[i++];
            continue;
        }
        i += 7;
        if (u >= 0xD800 && u <= 0xDBFF) {
            long lo = i + 7 <= sb->len ? xstring_unit(b + i) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                continue;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 7;
        } else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0) {
            continue;
        }
        /* at most four bytes for seven read: w stays behind i */
        if (u < 0x80) {
            b[w++] = (char)u;
        } else if (u < 0x800) {
            b[w++] = (char)(0xC0 | (u >> 6));
            b[w++] = (char)(0x80 | (u & 0x3F));
        } else if (u < 0x10000) {
            b[w++] = (char)(0xE0 | (u >> 12));
            b[w++] = (char)(0x80 | ((u >> 6) & 0x3F));
            b[w++] = (char)(0x80 | (u & 0x3F));
        } else {
            b[w++] = (char)(0xF0 | (u >> 18));
            b[w++] = (char)(0x80 | ((u >> 12) & 0x3F));
            b[w++] = (char)(0x80 | ((u >> 6) & 0x3F));
            b[w++] = (char)(0x80 | (u & 0x3F));
        }
    }
    strbuf_setlen(sb, w);
}

static void rich_start(struct rich *rt, const char *ln, const char **atts)
{
    if (!strcmp(ln, "rPh")) {
        rt->in_rph = 1;
    } else if (!strcmp(ln, "r")) {
        rt->run_start = rt->text.len;
        rt->run_font = FONT_UNICODE;
    } else if (!strcmp(ln, "rFont")) {
        rt->run_font = font_kind(attr(atts, "val"));
    } else if (!strcmp(ln, "t") && !rt->in_rph) {
        rt->in_t = 1;
        rt->t_start = rt->text.len;
    }
}

static void rich_end(struct xlsx_reader *r, struct rich *rt, const char *ln)
{
    if (!strcmp(ln, "rPh")) {
        rt->in_rph = 0;
    } else if (!strcmp(ln, "t")) {
        if (rt->in_t && rt->t_start <= rt->text.len)
            xstring_decode(&rt->text, rt->t_start);
        rt->in_t = 0;
    } else if (!strcmp(ln, "r") && rt->run_font != FONT_UNICODE && rt->run_start <= rt->text.len) {
        char *conv = encoding_tcvn3_from_latin1(r->tcvn, rt->text.buf + rt->run_start,
                                                rt->run_font == FONT_TCVN3_UPPER);
        if (conv) {
            strbuf_setlen(&rt->text, rt->run_start);
            strbuf_addstr(&rt->text, conv);
            free(conv);
            rt->converted = 1;
        }
        rt->run_font = FONT_UNICODE;
    }
}

static void rich_reset(struct rich *rt)
{
    strbuf_reset(&rt->text);
    rt->run_start = 0;
    rt->run_font = FONT_UNICODE;
    rt->in_t = rt->in_rph = 0;
    rt->converted = 0;
}

/* ---- shared strings ---- */

struct sst_state {
    int in_si;
    struct rich rt;
};

/* Refuse the shared strings with msg (a format with the part and n). */
static void sst_fail(struct xlsx_reader *r, const char *fmt, size_t n)
{
    struct strbuf msg = STRBUF_INIT;
    strbuf_addf(&msg, fmt, r->part, n);
    handler_fail(r, ERR_INVALID, msg.buf);
    strbuf_release(&msg);
}

static void sst_start(void *ud, const char *name, const char **atts)
{
    struct xlsx_reader *r = ud;
    struct sst_state *s = r->ctx;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "si")) {
        s->in_si = 1;
        rich_reset(&s->rt);
    } else if (s->in_si) {
        rich_start(&s->rt, ln, atts);
    }
}

static void sst_end(void *ud, const char *name)
{
    struct xlsx_reader *r = ud;
    struct sst_state *s = r->ctx;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "si") && s->in_si) {
        s->in_si = 0;
        if (r->n_sst >= SST_COUNT_MAX) {
            sst_fail(r, _("part '%s' has more than %zu shared strings"), (size_t)SST_COUNT_MAX);
            return;
        }
        if (r->sst_text.len + s->rt.text.len + 1 > SST_TEXT_MAX) {
            sst_fail(r, _("part '%s' has more than %zu MB of shared strings"),
                     (size_t)(SST_TEXT_MAX / MB));
            return;
        }
        if (r->n_sst == r->alloc_sst) {
            r->alloc_sst = r->alloc_sst ? 2 * r->alloc_sst : 256;
            r->sst_at = xrealloc(r->sst_at, r->alloc_sst * sizeof(*r->sst_at));
            r->sst_converted = xrealloc(r->sst_converted, r->alloc_sst);
        }
        r->sst_converted[r->n_sst] = (unsigned char)s->rt.converted;
        r->sst_at[r->n_sst++] = (uint32_t)r->sst_text.len;
        strbuf_add(&r->sst_text, s->rt.text.buf, s->rt.text.len + 1);
    } else if (s->in_si) {
        rich_end(r, &s->rt, ln);
    }
}

static void sst_chars(void *ud, const char *s, int len)
{
    struct xlsx_reader *r = ud;
    struct sst_state *st = r->ctx;
    if (r->hfail || !st->in_si || !st->rt.in_t)
        return;
    if (st->rt.text.len + (size_t)len > CELL_TEXT_MAX) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_addf(&msg, _("part '%s', shared string %zu: its text is longer than %d MB"), r->part,
                    r->n_sst, CELL_TEXT_MAX / MB);
        handler_fail(r, ERR_INVALID, msg.buf);
        strbuf_release(&msg);
        return;
    }
    strbuf_add(&st->rt.text, s, (size_t)len);
}

/* Shared string i and its length. */
static const char *sst_get(const struct xlsx_reader *r, size_t i, size_t *len)
{
    size_t end = i + 1 < r->n_sst ? r->sst_at[i + 1] : r->sst_text.len;
    *len = end - r->sst_at[i] - 1;
    return r->sst_text.buf + r->sst_at[i];
}

/* ---- cell values ---- */

/* Days since 1970-01-01 to "YYYY-MM-DD" (H. Hinnant's civil_from_days). */
static void civil_from_days(long z, struct strbuf *out)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    strbuf_addf(out, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

/* A number as the user typed it: integers without exponent or decimals,
 * with the leading zeros a format of zeros shows (zeros digits at least). */
static void format_number(const char *v, int date, int zeros, int date1904, struct strbuf *out)
{
    char *end;
    double d = strtod(v, &end);

    while (*end == ' ')
        end++;
    if (end == v || *end || !isfinite(d)) {
        strbuf_addstr(out, v);
        return;
    }
    if (date && d >= 0 && d < 2958466) {
        long serial = (long)floor(d);
        long days;
        if (date1904)
            days = serial - 24107; /* 1904-01-01 is day 0 */
        else if (serial < 60)
            days = serial - 25568; /* 1900-01-01 is day 1 */
        else
            days = serial - 25569; /* after Excel's 29 February 1900 */
        civil_from_days(days, out);
        return;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        if (zeros && d >= 0)
            strbuf_addf(out, "%0*.0f", zeros, d);
        else
            strbuf_addf(out, "%.0f", d == 0 ? 0.0 : d);
        return;
    }
    strbuf_addf(out, "%.15g", d);
}

static void cell_ref_text(long col, long row, struct strbuf *out)
{
    char letters[8];
    int n = 0;
    for (long c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    while (n)
        strbuf_addch(out, letters[--n]);
    strbuf_addf(out, "%ld", row);
}

/* Refuse the sheet at the current cell: "sheet 'S', cell B7: " and fmt. */
static void cell_fail(struct xlsx_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void cell_fail(struct xlsx_reader *r, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    va_list ap;

    strbuf_addf(&msg, _("sheet '%s', cell "), r->sheet_name);
    cell_ref_text(r->col, r->row_number, &msg);
    strbuf_addstr(&msg, ": ");
    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    handler_fail(r, ERR_INVALID, msg.buf);
    strbuf_release(&msg);
}

static void cell_finish(struct xlsx_reader *r)
{
    struct strbuf *cell = row_buf_cell(&r->row, (size_t)r->col);
    const char *t = r->cell_type;
    const struct xf *xf =
        r->cell_style >= 0 && (size_t)r->cell_style < r->n_xfs ? &r->xfs[r->cell_style] : NULL;
    int text = 0, converted = 0;

    if (!strcmp(t, "s")) {
        char *end;
        long i = strtol(r->value.buf, &end, 10);
        size_t len;
        if (end == r->value.buf || *end || i < 0 || (size_t)i >= r->n_sst) {
            struct strbuf msg = STRBUF_INIT;
            strbuf_addf(&msg, _("sheet '%s', cell "), r->sheet_name);
            cell_ref_text(r->col, r->row_number, &msg);
            strbuf_addf(&msg, _(": shared string '%s' does not exist (the workbook has %zu)"),
                        error_quote(r->value.buf), r->n_sst);
            handler_fail(r, ERR_CORRUPT, msg.buf);
            strbuf_release(&msg);
            return;
        }
        const char *str = sst_get(r, (size_t)i, &len);
        /* counted as if it were written in the cell: see XML_READ_MAX */
        r->xml_read += (long long)len;
        if (r->xml_read > XML_READ_MAX) {
            cell_fail(r,
                      _("the workbook has more than %d MB of XML to read, its shared strings "
                        "counted in each cell that uses them"),
                      (int)(XML_READ_MAX / MB));
            return;
        }
        strbuf_add(cell, str, len);
        text = 1;
        converted = r->sst_converted[i];
    } else if (!strcmp(t, "inlineStr")) {
        strbuf_addstr(cell, r->is.text.buf);
        text = 1;
        converted = r->is.converted;
    } else if (!strcmp(t, "b")) {
        if (r->value.len)
            strbuf_addstr(cell, strcmp(r->value.buf, "0") ? "TRUE" : "FALSE");
    } else if (!strcmp(t, "str") || !strcmp(t, "e")) {
        strbuf_addstr(cell, r->value.buf);
        text = !strcmp(t, "str");
    } else if (!strcmp(t, "d")) {
        /* an ISO date and time: the date part */
        strbuf_add(cell, r->value.buf,
                   r->value.len > 10 && r->value.buf[10] == 'T' ? 10 : r->value.len);
    } else if (r->value.len) {
        format_number(r->value.buf, xf && xf->date, xf ? xf->zeros : 0, r->date1904, cell);
    }
    if (text && !converted && xf && xf->font != FONT_UNICODE) {
        char *conv = encoding_tcvn3_from_latin1(r->tcvn, cell->buf, xf->font == FONT_TCVN3_UPPER);
        if (conv) {
            strbuf_reset(cell);
            strbuf_addstr(cell, conv);
            free(conv);
        }
    } else if (text) {
        cell_text_nfc(cell);
    }
    r->row_text += cell->len;
    if (r->row_text > ROW_TEXT_MAX) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_addf(&msg, _("sheet '%s', row %ld: its cells hold more than %d MB of text"),
                    r->sheet_name, r->row_number, ROW_TEXT_MAX / MB);
        handler_fail(r, ERR_INVALID, msg.buf);
        strbuf_release(&msg);
    }
}

/* Column (0-based) of a reference such as "AB12", or -1. */
static long ref_col(const char *ref)
{
    long col = 0;
    int n = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
        col = col * 26 + (*ref - 'A' + 1);
        if (col > MAX_COLS)
            return -1;
    }
    return n ? col - 1 : -1;
}

static void mark_unsaved(struct xlsx_reader *r, size_t col)
{
    if (col >= r->unsaved_alloc) {
        size_t n = r->unsaved_alloc ? r->unsaved_alloc : 16;
        while (n <= col)
            n *= 2;
        r->unsaved = xrealloc(r->unsaved, n);
        r->unsaved_alloc = n;
    }
    if (col >= r->n_unsaved) {
        memset(r->unsaved + r->n_unsaved, 0, col + 1 - r->n_unsaved);
        r->n_unsaved = col + 1;
    }
    r->unsaved[col] = 1;
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
    struct xlsx_reader *r = ud;
    const char *ln = local_name(name);

    if (r->hfail)
        return;
    if (!strcmp(ln, "sheetData")) {
        r->in_sheet_data = 1;
    } else if (!r->in_sheet_data) {
        return;
    } else if (r->in_is) {
        rich_start(&r->is, ln, atts);
    } else if (!strcmp(ln, "row")) {
        const char *rn = attr(atts, "r");
        char *end = NULL;
        long n = rn ? strtol(rn, &end, 10) : 0;
        r->row_number = rn && end != rn && !*end && n > 0 ? n : r->row_number + 1;
        const char *hidden = attr(atts, "hidden");
        r->row_hidden = hidden && (!strcmp(hidden, "1") || !strcmp(hidden, "true"));
        r->next_col = 0;
        r->row_text = 0;
        r->n_unsaved = 0;
        row_buf_clear(&r->row);
    } else if (!strcmp(ln, "c")) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col = ref ? ref_col(ref) : r->next_col;
        if (col < 0 || col >= MAX_COLS) {
            struct strbuf msg = STRBUF_INIT;
            strbuf_addf(&msg, _("sheet '%s', row %ld: cell reference '%s' is out of range"),
                        r->sheet_name, r->row_number, error_quote(ref ? ref : ""));
            handler_fail(r, ERR_CORRUPT, msg.buf);
            strbuf_release(&msg);
            return;
        }
        r->col = col;
        r->next_col = col + 1;
        snprintf(r->cell_type, sizeof(r->cell_type), "%s", t ? t : "n");
        r->cell_style = s ? strtol(s, NULL, 10) : 0;
        strbuf_reset(&r->value);
        rich_reset(&r->is);
        r->in_cell = 1;
        r->cell_formula = r->cell_has_v = 0;
    } else if (r->in_cell && !strcmp(ln, "f")) {
        r->cell_formula = 1;
    } else if (r->in_cell && !strcmp(ln, "v")) {
        r->in_v = 1;
        r->cell_has_v = 1;
    } else if (r->in_cell && !strcmp(ln, "is")) {
        r->in_is = 1;
    }
}

static void sheet_end(void *ud, const char *name)
{
    struct xlsx_reader *r = ud;
    const char *ln = local_name(name);

    if (r->hfail || !r->in_sheet_data)
        return;
    if (r->in_is) {
        if (!strcmp(ln, "is"))
            r->in_is = 0;
        else
            rich_end(r, &r->is, ln);
    } else if (!strcmp(ln, "v")) {
        r->in_v = 0;
    } else if (!strcmp(ln, "c") && r->in_cell) {
        r->in_cell = 0;
        /* a formula whose result was never saved (a list made by a
         * program, not by Excel: no <v>, or an empty one where a number
         * is due) reads as an empty cell; the row says so, for the import
         * to refuse it rather than lose a CCCD or a village without a word */
        if (r->cell_formula && strcmp(r->cell_type, "inlineStr") &&
            (!r->cell_has_v || (!r->value.len && !strcmp(r->cell_type, "n"))))
            mark_unsaved(r, (size_t)r->col);
        cell_finish(r);
    } else if (!strcmp(ln, "row")) {
        r->row_ready = 1;
        XML_StopParser(r->xp, XML_TRUE);
    } else if (!strcmp(ln, "sheetData")) {
        r->in_sheet_data = 0;
    }
}

static void sheet_chars(void *ud, const char *s, int len)
{
    struct xlsx_reader *r = ud;
    struct strbuf *to = r->in_v ? &r->value : r->in_is && r->is.in_t ? &r->is.text : NULL;

    if (!to || r->hfail)
        return;
    if (to->len + (size_t)len > CELL_TEXT_MAX) {
        cell_fail(r, _("its text is longer than %d MB"), CELL_TEXT_MAX / MB);
        return;
    }
    strbuf_add(to, s, (size_t)len);
}

/* ---- opening ---- */

static int find_sheet(struct xlsx_reader *r, const char *wb_part, const char *want,
                      struct error *err)
{
    struct workbook wb = {.want = want, .list = STRBUF_INIT};
    struct rels rels = {0};
    const struct sheet *sheet;
    char *part;
    int rc;

    if (want)
        wb.want_folded = text_fold(want);
    rc = parse_part(r, wb_part, workbook_start, NULL, NULL, &wb, err);
    if (rc == 1)
        rc = error_set(err, ERR_CORRUPT,
                       _("%s is not an Excel workbook: it has no workbook part ('%s')"), r->path,
                       wb_part);
    if (rc)
        goto out;
    if (wb.n == 0) {
        rc = error_set(err, ERR_CORRUPT, _("%s: the workbook has no sheets"), r->path);
        goto out;
    }
    /* a hidden sheet is read when it is asked for by name, never by default */
    sheet = want              ? wb.exact.name ? &wb.exact : &wb.folded
            : wb.visible.name ? &wb.visible
                              : &wb.first;
    if (!sheet->name) {
        rc = error_set(err, ERR_NOT_FOUND, _("%s has no sheet '%s'; its sheets are %s"), r->path,
                       error_quote_slot(want, 1), wb.list.buf);
        goto out;
    }
    r->sheet_name = xstrdup(sheet->name);
    rels.want_id = sheet->rid;
    if ((rc = rels_read(r, wb_part, &rels, err)) != 0)
        goto out;
    if (rels.by_id)
        r->sheet_part = part_join(wb_part, rels.by_id);
    if (!r->sheet_part) {
        rc = error_set(err, ERR_CORRUPT, _("%s: sheet '%s' has no part in the workbook"), r->path,
                       error_quote(r->sheet_name));
        goto out;
    }
    /* styles and shared strings */
    part = part_join(wb_part, rels.styles ? rels.styles : "styles.xml");
    struct styles st = {0};
    rc = parse_part(r, part, styles_start, styles_end, NULL, &st, err);
    free(part);
    free(st.date_fmts);
    free(st.zero_fmts);
    free(st.zero_widths);
    free(st.fonts);
    if (rc < 0)
        goto out;
    part = part_join(wb_part, rels.shared_strings ? rels.shared_strings : "sharedStrings.xml");
    struct sst_state sst = {0};
    strbuf_init(&sst.rt.text, 0);
    rc = parse_part(r, part, sst_start, sst_end, sst_chars, &sst, err);
    strbuf_release(&sst.rt.text);
    free(part);
    if (rc > 0)
        rc = 0;
out:
    sheet_free(&wb.first);
    sheet_free(&wb.visible);
    sheet_free(&wb.exact);
    sheet_free(&wb.folded);
    free(wb.want_folded);
    strbuf_release(&wb.list);
    rels_free(&rels);
    return rc;
}

static int sheet_begin(struct xlsx_reader *r, struct error *err)
{
    unz_file_info64 info;
    int rc;

    if (!zip_locate(r->zip, r->sheet_part))
        return error_set(err, ERR_CORRUPT, _("%s: sheet '%s' is missing from the workbook ('%s')"),
                         r->path, error_quote(r->sheet_name), r->sheet_part);
    r->part = r->sheet_part;
    if ((rc = part_too_large(r, err)) != 0)
        return rc;
    if (unzGetCurrentFileInfo64(r->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(r->zip) != UNZ_OK)
        return error_set(err, ERR_CORRUPT, _("%s: sheet '%s' cannot be read"), r->path,
                         error_quote(r->sheet_name));
    r->sheet_open = 1;
    r->sheet_size = (long long)info.uncompressed_size;
    parser_new(r, sheet_start, sheet_end, sheet_chars);
    return 0;
}

void xlsx_reader_free(struct xlsx_reader *r)
{
    if (!r)
        return;
    if (r->xp)
        XML_ParserFree(r->xp);
    if (r->zip) {
        if (r->sheet_open)
            unzCloseCurrentFile(r->zip);
        unzClose(r->zip);
    }
    strbuf_release(&r->sst_text);
    free(r->sst_at);
    free(r->unsaved);
    free(r->sst_converted);
    free(r->xfs);
    encoding_conv_free(r->tcvn);
    error_clear(&r->herr);
    strbuf_release(&r->value);
    strbuf_release(&r->is.text);
    row_buf_release(&r->row);
    for (size_t i = 0; i < r->n_sheets; i++)
        free(r->sheets[i].name);
    free(r->sheets);
    free(r->merges);
    free(r->sheet_name);
    free(r->sheet_part);
    free(r->path);
    free(r);
}

struct xlsx_reader *xlsx_reader_open(const char *path, const char *sheet, struct error *err)
{
    struct xlsx_reader *r = xcalloc(1, sizeof(*r));
    struct rels rels = {0};
    char *wb_part = NULL;

    r->path = xstrdup(path);
    strbuf_init(&r->value, 0);
    strbuf_init(&r->is.text, 0);
    r->tcvn = encoding_conv_new(ENCODING_TCVN3);
    r->zip = unzOpen64(path);
    if (!r->zip) {
        error_set(err, ERR_CORRUPT,
                  _("%s is not a valid .xlsx file (not a zip archive, or it is cut short)"), path);
        goto fail;
    }
    /* the package relationships name the workbook; xl/workbook.xml when absent */
    if (rels_read(r, "", &rels, err) < 0)
        goto fail;
    wb_part = part_join("", rels.office_document ? rels.office_document : "xl/workbook.xml");
    rels_free(&rels);
    if (find_sheet(r, wb_part, sheet, err) != 0 || sheet_begin(r, err) != 0)
        goto fail;
    free(wb_part);
    return r;
fail:
    rels_free(&rels);
    free(wb_part);
    xlsx_reader_free(r);
    return NULL;
}

/* ---- reading rows ---- */

int xlsx_reader_next(struct xlsx_reader *r, struct table_row *row, struct error *err)
{
    enum XML_Status st;

    if (r->failed)
        return error_set(err, r->failed, _("%s: reading stopped after an earlier error"), r->path);
    for (;;) {
        if (r->row_ready) {
            r->row_ready = 0;
            row->number = r->row_number;
            row->n_cells = r->row.n;
            row->cells = row_buf_ptrs(&r->row);
            row->hidden = r->row_hidden;
            row->unsaved = r->n_unsaved ? r->unsaved : NULL;
            row->n_unsaved = r->n_unsaved;
            return 1;
        }
        if (r->eof)
            return 0;
        if (r->suspended) {
            r->suspended = 0;
            st = XML_ResumeParser(r->xp);
        } else {
            void *buf = parser_buffer(r, err);
            if (!buf)
                return r->failed = err->code;
            int n = unzReadCurrentFile(r->zip, buf, CHUNK);
            if (n < 0) {
                r->failed = error_set(err, ERR_CORRUPT,
                                      _("%s: sheet '%s' is damaged after row %ld (zip error %d)"),
                                      r->path, error_quote(r->sheet_name), r->row_number, n);
                return r->failed;
            }
            if (count_read(r, n, err) != 0)
                return r->failed = err->code;
            r->sheet_read += n;
            r->final_fed = n == 0;
            st = XML_ParseBuffer(r->xp, n, n == 0);
        }
        if (st == XML_STATUS_ERROR)
            return r->failed = parser_error(r, err);
        if (st == XML_STATUS_SUSPENDED)
            r->suspended = 1;
        else if (r->final_fed)
            r->eof = 1;
    }
}

const char *xlsx_reader_encoding(const struct xlsx_reader *r)
{
    return encoding_name(r->uses_tcvn ? ENCODING_TCVN3 : ENCODING_UTF8);
}

const char *xlsx_reader_sheet(const struct xlsx_reader *r)
{
    return r->sheet_name;
}

double xlsx_reader_progress(const struct xlsx_reader *r)
{
    if (r->eof || r->sheet_size <= 0)
        return 1.0;
    double p = (double)r->sheet_read / (double)r->sheet_size;
    return p > 1 ? 1 : p;
}

size_t xlsx_reader_n_sheets(const struct xlsx_reader *r)
{
    return r->n_sheets;
}

const char *xlsx_reader_sheet_name(const struct xlsx_reader *r, size_t i)
{
    return i < r->n_sheets ? r->sheets[i].name : NULL;
}

int xlsx_reader_sheet_hidden(const struct xlsx_reader *r, size_t i)
{
    return i < r->n_sheets && r->sheets[i].hidden;
}

/* ---- merged cells ---- */

/* "B3" at *p: its column (from 0) and row; advances *p. 0, or -1. */
static int ref_parse(const char **p, long *col, long *row)
{
    const char *s = *p;
    char *end;
    long c = 0;
    int n = 0;

    for (; *s >= 'A' && *s <= 'Z' && n < 4; s++, n++)
        c = c * 26 + (*s - 'A' + 1);
    if (!n || c > MAX_COLS || *s < '1' || *s > '9')
        return -1;
    long rw = strtol(s, &end, 10);
    if (rw <= 0 || rw > 16 * 1024 * 1024)
        return -1;
    *col = c - 1;
    *row = rw;
    *p = end;
    return 0;
}

/* Keep the merged cells of a <mergeCell ...> tag that starts at tag (NUL-ended). */
static void merge_keep(struct xlsx_reader *r, const char *tag)
{
    const char *ref = strstr(tag, "ref=");
    const char *close = strchr(tag, '>');
    struct table_merge m;

    if (!ref || (close && ref > close) || (ref[4] != '"' && ref[4] != '\''))
        return;
    const char *p = ref + 5;
    if (ref_parse(&p, &m.col1, &m.row1) != 0 || *p++ != ':' ||
        ref_parse(&p, &m.col2, &m.row2) != 0 || m.col2 < m.col1 || m.row2 < m.row1)
        return;
    if (r->n_merges >= TABLE_READER_MERGES_MAX)
        return;
    r->merges = array_grow(r->merges, r->n_merges, sizeof(*r->merges));
    r->merges[r->n_merges++] = m;
}

/*
 * Look for <mergeCell ref="A1:B2"/> in the text buf[0..n) (NUL-ended),
 * after the end of the sheet's data (*after_data): cells hold text, not
 * tags, before it. Returns how many bytes at the end must be kept for the
 * next chunk (a tag cut in two).
 */
static size_t merges_scan(struct xlsx_reader *r, const char *buf, size_t n, int *after_data)
{
    const char *p = buf, *end = buf + n;

    if (!*after_data) {
        const char *d = buf;
        while ((d = memmem(d, (size_t)(end - d), "sheetData", 9)) != NULL) {
            const char *lt = d;
            while (lt > buf && lt[-1] != '<' && d - lt < 16)
                lt--;
            d += 9;
            if ((lt > buf && lt[0] == '/') || (d + 1 < end && d[0] == '/' && d[1] == '>')) {
                *after_data = 1;
                p = d;
                break;
            }
        }
        if (!*after_data)
            return n > 32 ? 32 : n;
    }
    for (;;) {
        const char *m = memmem(p, (size_t)(end - p), "mergeCell", 9);
        if (!m)
            return n - (size_t)(p - buf) > 16 ? 16 : n - (size_t)(p - buf);
        const char *close = memchr(m, '>', (size_t)(end - m));
        if (!close)
            return (size_t)(end - m);
        if (m[9] == ' ' || m[9] == '\t' || m[9] == '\n' || m[9] == '\r')
            merge_keep(r, m);
        p = close + 1;
    }
}

int xlsx_reader_merges(struct xlsx_reader *r, const struct table_merge **merges, size_t *n,
                       struct error *err)
{
    if (!r->merges_read) {
        /* a second handle on the file: the first one is inside the sheet's rows */
        unzFile zip = unzOpen64(r->path);
        int ok = zip && zip_locate(zip, r->sheet_part) && unzOpenCurrentFile(zip) == UNZ_OK;
        int after_data = 0, rd = 0;
        size_t keep = 0;
        char *buf = ok ? xmalloc(CHUNK + 4096 + 1) : NULL;

        while (ok && (rd = unzReadCurrentFile(zip, buf + keep, CHUNK)) > 0) {
            size_t len = keep + (size_t)rd;
            buf[len] = '\0';
            size_t k = merges_scan(r, buf, len, &after_data);
            if (k > 4096)
                k = 4096; /* a tag this long is no merged cell */
            memmove(buf, buf + len - k, k);
            keep = k;
        }
        free(buf);
        if (zip) {
            if (ok)
                unzCloseCurrentFile(zip);
            unzClose(zip);
        }
        if (!ok || rd < 0)
            return error_set(err, ERR_CORRUPT, _("%s: sheet '%s' cannot be read"), r->path,
                             error_quote(r->sheet_name));
        r->merges_read = 1;
    }
    *merges = r->merges;
    *n = r->n_merges;
    return 0;
}

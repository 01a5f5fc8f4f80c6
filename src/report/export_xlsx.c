/*
 * export_xlsx: the Excel documents the office sends to the province — the
 * summary, the sign-off list per commune and the attendance sheet — with
 * libxlsxwriter. See include/report/export.h.
 *
 * This file owns their layout: the title block (parent body and office on
 * the left, the national motto on the right, title, scope, "as of" date),
 * the column sets, the signature block of the preparer and the head of
 * office, and a page set-up that prints well (A4 landscape, or the paper of
 * the setting paper_size; header rows repeated, one page wide, "Trang X /
 * Y" footer, Times New Roman).
 *
 * Lists are written in libxlsxwriter's constant-memory mode, row after
 * row; the attendance sheets straight from the query, the sign-off list
 * from the rows the store read whole (report_store_list_load: about 25 MB
 * at 100,000 rows, for each table read once instead of once a sheet). Text is
 * always written as a string (never a formula, whatever its first
 * character); the only formulas are totals, each with its value cached.
 * Amounts and counts carry a number format that shows '.' as the thousands
 * separator whatever the reader's locale (see num_format()).
 */
#include "report/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cairo.h>
#include <xlsxwriter.h>

#include "app/device_app.h"
#include "app/handover_app.h"
#include "app/unit_app.h"
#include "report/paper.h"
#include "core/cccd.h"
#include "core/collate.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "report/receipt_pdf.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/setting_store.h"
#include "store/training_store.h"
#include "store/unit_store.h"

#define FONT "Times New Roman"
#define FONT_PT 12
#define SIGN_ROW_PT 64.0  /* data rows of lists: room to sign or thumbprint (see list_widths) */
#define MARGIN_SIDE 0.25  /* inches, left and right */
#define RULE_ROW_PT 5.0   /* the row under the issuing body and the motto that holds their rules */
#define RULE_IMAGE_PX 4   /* the height of the pictures of the rules (draw_rule), within that row */
#define LINE_PT 18.0      /* a line of the title block or the signatures */
#define TITLE_PT 24.0     /* the title's line */
#define LIST_HEAD_PT 32.0 /* a list's header row */
#define LIST_TOTAL_PT 22.0
#define SIGN_ROWS 8 /* rows of the signature block (see signatures()) */
#define PROGRESS_EVERY 1000

enum {
    F_BOLD = 1 << 0,
    F_ITALIC = 1 << 1,
    F_CENTER = 1 << 2,
    F_RIGHT = 1 << 3,
    F_BORDER = 1 << 4,
    F_WRAP = 1 << 5,
    F_DATE = 1 << 6,
    F_BIG = 1 << 7,   /* title size */
    F_SMALL = 1 << 8, /* notes */
    F_TEXT = 1 << 9,  /* number format "@" (IMEI, CCCD, phone) */
    F_NUM = 1 << 10,  /* whole numbers, '.' thousands separator */
    F_NUM_BIG = 1 << 11,
    F_FILL = 1 << 12,   /* header shading */
    F_SHRINK = 1 << 13, /* shrink to fit the cell (a name longer than its side) */

    F_STAMP = 1 << 14, /* date and time, dd/mm/yyyy hh:mm */
    F_MAX = 1 << 15,
};

/*
 * Thousands separated by '.' in any locale: a format of literal dots
 * chooses its section by magnitude. Excel allows two conditions per
 * format, so values below 10^9 and values from 10^9 take different formats
 * (each also right for the range of the other that matters when a total is
 * edited: from 1,000 up).
 */
#define NUM_FORMAT "[>=1000000]#\".\"000\".\"000;[>=1000]#\".\"000;0"
#define NUM_FORMAT_BIG                                                                             \
    "[>=1000000000]#\".\"000\".\"000\".\"000;[>=1000000]#\".\"000\".\"000;#\".\"000"

/* A workbook being written: formats made on demand, the first error kept. */
struct book {
    lxw_workbook *wb;
    lxw_format *fmt[F_MAX];
    lxw_error failed;
    struct strbuf names; /* sheet names used, "\n"-separated, folded */
    /* from the settings and the date */
    char *parent_body, *office, *place, *preparer_title, *preparer_name, *head_title, *head_name;
    char today[11];
    char doc_date[11]; /* the date the document bears: today, or the session's */
    char *anchor;      /* the audit log's anchor, in the footer */
    char *footer;      /* the page footer: the log's anchor left, the page numbers centred */
    enum paper paper;  /* the paper the sheets print on (setting paper_size) */
};

static lxw_format *fmt(struct book *b, int flags)
{
    lxw_format *f = b->fmt[flags];

    if (f)
        return f;
    f = workbook_add_format(b->wb);
    format_set_font_name(f, FONT);
    format_set_font_size(f, (flags & F_BIG) ? 14 : (flags & F_SMALL) ? 11 : FONT_PT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (flags & F_BOLD)
        format_set_bold(f);
    if (flags & F_ITALIC)
        format_set_italic(f);
    if (flags & F_CENTER)
        format_set_align(f, LXW_ALIGN_CENTER);
    if (flags & F_RIGHT)
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (flags & F_BORDER)
        format_set_border(f, LXW_BORDER_THIN);
    if (flags & F_WRAP)
        format_set_text_wrap(f);
    if (flags & F_DATE)
        format_set_num_format(f, "dd/mm/yyyy");
    if (flags & F_STAMP)
        format_set_num_format(f, "dd/mm/yyyy hh:mm");
    if (flags & F_TEXT)
        format_set_num_format(f, "@");
    if (flags & F_NUM)
        format_set_num_format(f, (flags & F_NUM_BIG) ? NUM_FORMAT_BIG : NUM_FORMAT);
    if (flags & F_FILL)
        format_set_bg_color(f, 0xE7EEF7);
    if (flags & F_SHRINK)
        format_set_shrink(f);
    b->fmt[flags] = f;
    return f;
}

static void check(struct book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->failed == LXW_NO_ERROR)
        b->failed = e;
}

/* Text, always as a string: "=1+1" or "-x" stays text, never a formula. */
static void put_text(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                     int flags)
{
    if (s && *s)
        check(b, worksheet_write_string(ws, r, c, s, fmt(b, flags)));
    else
        check(b, worksheet_write_blank(ws, r, c, fmt(b, flags)));
}

static int num_flags(long long v, int flags)
{
    return flags | F_NUM | (v >= 1000000000LL ? F_NUM_BIG : 0);
}

static void put_num(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, long long v,
                    int flags)
{
    check(b, worksheet_write_number(ws, r, c, (double)v, fmt(b, num_flags(v, flags))));
}

/* A total: =SUM(col first..last) with its value cached for readers that do not compute. */
static void put_sum(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_row_t first,
                    lxw_row_t last, long long v, int flags)
{
    char range[LXW_MAX_CELL_RANGE_LENGTH], f[LXW_MAX_CELL_RANGE_LENGTH + 8];

    lxw_rowcol_to_range(range, first, c, last, c);
    snprintf(f, sizeof(f), "=SUM(%s)", range);
    check(b, worksheet_write_formula_num(ws, r, c, f, fmt(b, num_flags(v, flags)), (double)v));
}

static void put_date(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso,
                     int flags)
{
    lxw_datetime dt = {0, 0, 0, 0, 0, 0};

    if (!iso || date_days(iso) < 0) {
        put_text(b, ws, r, c, iso, flags);
        return;
    }
    sscanf(iso, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day);
    check(b, worksheet_write_datetime(ws, r, c, &dt, fmt(b, flags | F_DATE)));
}

static void merge(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0, lxw_col_t c1,
                  const char *s, int flags)
{
    if (c1 > c0)
        check(b, worksheet_merge_range(ws, r, c0, r, c1, s ? s : "", fmt(b, flags)));
    else
        put_text(b, ws, r, c0, s, flags);
}

/*
 * A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique in
 * the workbook (Excel compares names ignoring case). Caller frees.
 */
static char *sheet_name(struct book *b, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    char *name = NULL;

    for (int n = 1; !name; n++) {
        char suffix[16] = "";
        size_t chars = 0, max;
        const char *p;

        if (n > 1)
            snprintf(suffix, sizeof(suffix), " (%d)", n);
        max = LXW_SHEETNAME_MAX - strlen(suffix);
        strbuf_reset(&sb);
        for (p = want && *want ? want : "Sheet"; *p && chars < max; chars++) {
            size_t len = 1;
            while ((p[len] & 0xC0) == 0x80)
                len++;
            if (len == 1 && strchr("[]:*?/\\'", *p))
                strbuf_addch(&sb, ' ');
            else
                strbuf_add(&sb, p, len);
            p += len;
        }
        strbuf_addstr(&sb, suffix);
        {
            char *up = text_upper(sb.buf);
            struct strbuf key = STRBUF_INIT;
            strbuf_addf(&key, "\n%s\n", up);
            if (!strstr(b->names.len ? b->names.buf : "\n", key.buf)) {
                if (!b->names.len)
                    strbuf_addch(&b->names, '\n');
                strbuf_addstr(&b->names, up);
                strbuf_addch(&b->names, '\n');
                name = strbuf_detach(&sb, NULL);
            }
            strbuf_release(&key);
            free(up);
        }
    }
    strbuf_release(&sb);
    return name;
}

static lxw_worksheet *add_sheet(struct book *b, const char *want)
{
    char *name = sheet_name(b, want);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    free(name);
    if (!ws)
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return ws;
}

/* "Xã Cao Thượng", "huyện Ba Bể" (lower = 1): a unit with its kind. Caller frees. */
static char *unit_label(const char *kind, const char *name, int lower)
{
    char *s;

    if (!name || !*name)
        return xstrdup("");
    if (!kind || !*kind)
        return xstrdup(name);
    s = xasprintf("%s %s", kind, name);
    if (lower && s[0] >= 'A' && s[0] <= 'Z')
        s[0] = (char)(s[0] - 'A' + 'a');
    return s;
}

static void book_free(struct book *b);

/*
 * The page footer: the log's anchor left, "Trang X / Y" centred, Y the
 * sheet's pages when known (pages > 0: LibreOffice's &N counts the pages
 * of the whole workbook, Excel's those of the sheet), &N otherwise. The
 * anchor proves, with `capphat check --anchor`, that the log this paper
 * was printed from is still the register's. Caller frees.
 */
static char *book_footer(const struct book *b, int pages)
{
    char total[16] = "&N";

    if (pages > 0)
        snprintf(total, sizeof(total), "%d", pages);
    return *b->anchor ? xasprintf("&L&\"" FONT ",Regular\"&9Nhật ký %s&C&\"" FONT
                                  ",Regular\"&11Trang &P / %s",
                                  b->anchor, total)
                      : xasprintf("&C&\"" FONT ",Regular\"&11Trang &P / %s", total);
}

/* The office as it is on the report's date, today, and the signers. */
static int book_settings(struct book *b, struct db *db, struct error *err)
{
    int rc;
    if ((rc = setting_get_at(db, "parent_body", b->today, "", &b->parent_body, err)) != 0 ||
        (rc = setting_get_at(db, "office_name", b->today, "", &b->office, err)) != 0 ||
        (rc = setting_get_at(db, "place_name", b->today, "", &b->place, err)) != 0 ||
        (rc = setting_get(db, "preparer_title", "Người lập biểu", &b->preparer_title, err)) != 0 ||
        (rc = setting_get(db, "preparer_name", "", &b->preparer_name, err)) != 0 ||
        (rc = setting_get(db, "head_title", "Thủ trưởng đơn vị", &b->head_title, err)) != 0 ||
        (rc = setting_get(db, "head_name", "", &b->head_name, err)) != 0)
        return rc;
    char *paper = NULL;
    rc = setting_get(db, "paper_size", "", &paper, err);
    if (rc != 0 || paper_parse(paper, &b->paper) != 0)
        b->paper = PAPER_A4; /* a value written behind capphat: the default */
    /* A5 is a receipt's paper (the decree allows it for them): a list on
     * A5 would print below 11 pt with signature cells an elderly person
     * cannot sign in, so the workbooks stay on A4 */
    if (b->paper == PAPER_A5)
        b->paper = PAPER_A4;
    free(paper);
    return rc;
}

/*
 * The workbook in the outfile's temporary file (libxlsxwriter opens it by
 * name), and what its pages print. 0, or ERR_* naming path.
 *
 * libxlsxwriter's own scratch files (the rows of a constant-memory sheet,
 * each XML part before it is zipped) go to the system's temporary folder,
 * not the folder of the report: they are named "tmp.XXXXXX" and removed as
 * soon as they are opened, but a kill between the two would leave one
 * beside the operator's file.
 */
static int book_open(struct book *b, struct db *db, struct outfile *of, const char *path,
                     int constant_memory, const char *anchor, struct error *err)
{
    lxw_workbook_options opt = {constant_memory ? LXW_TRUE : LXW_FALSE, NULL, LXW_FALSE};
    lxw_doc_properties props = {0};
    int rc;

    memset(b, 0, sizeof(*b));
    strbuf_init(&b->names, 64);
    date_today(b->today);
    memcpy(b->doc_date, b->today, sizeof(b->doc_date));
    if ((rc = book_settings(b, db, err)) != 0) {
        book_free(b);
        return rc;
    }
    errno = 0;
    b->wb = workbook_new_opt(outfile_open_path(of), &opt);
    if (!b->wb) {
        rc = outfile_error(err, path, of->dir, errno ? errno : ENOMEM);
        book_free(b);
        return rc;
    }
    b->anchor = xstrdup(anchor ? anchor : "");
    b->footer = book_footer(b, 0);
    props.author = b->office;
    props.company = b->office;
    workbook_set_properties(b->wb, &props);
    return 0;
}

static void book_free(struct book *b)
{
    free(b->parent_body);
    free(b->office);
    free(b->place);
    free(b->preparer_title);
    free(b->preparer_name);
    free(b->head_title);
    free(b->head_name);
    free(b->footer);
    free(b->anchor);
    strbuf_release(&b->names);
}

/*
 * libxlsxwriter reports its own failures on stderr ("[ERROR] workbook_close
 * ..."), which would break the command line's one-line message and the
 * full-screen program's screen: while it closes the workbook, stderr goes
 * nowhere, and err says what went wrong in a person's words.
 */
static lxw_error close_quietly(lxw_workbook *wb)
{
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    lxw_error e;

    fflush(stderr);
    if (saved >= 0 && null >= 0)
        dup2(null, STDERR_FILENO);
    e = workbook_close(wb);
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (null >= 0)
        close(null);
    return e;
}

/*
 * Close the workbook into the outfile's temporary file and give it its
 * name, or remove it. Returns 0 or an error naming the final path.
 */
static int book_finish(struct book *b, struct outfile *of, int rc, struct error *err)
{
    errno = 0;
    lxw_error e = close_quietly(b->wb);
    int e_no = errno;

    b->wb = NULL;
    if (rc == 0 && b->failed != LXW_NO_ERROR)
        rc = error_set(err, ERR_INTERNAL, _("cannot write '%s': %s"), error_quote(of->path),
                       lxw_strerror(b->failed));
    if (rc == 0 && e != LXW_NO_ERROR)
        rc = e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
                     e == LXW_ERROR_ZIP_FILE_OPERATION || e == LXW_ERROR_ZIP_FILE_ADD ||
                     e == LXW_ERROR_ZIP_CLOSE
                 ? outfile_error(err, of->path, of->dir, e_no ? e_no : ENOSPC)
                 : error_set(err, ERR_IO, _("cannot write '%s': %s"), error_quote(of->path),
                             lxw_strerror(e));
    book_free(b);
    if (rc != 0) {
        outfile_abort(of);
        return rc;
    }
    return outfile_commit(of, err);
}

static int book_start(struct book *b, struct db *db, struct outfile *of, const char *path,
                      const struct export_options *o, int constant_memory, struct error *err)
{
    int rc = outfile_open(of, path, ".xlsx", o->force ? OUTFILE_FORCE : 0, err);

    if (rc)
        return rc;
    if ((rc = book_open(b, db, of, path, constant_memory, o->anchor, err)) != 0)
        outfile_abort(of);
    return rc;
}

/* A column of width w (Excel's characters) in pixels, as Excel and LibreOffice lay it out. */
static int col_px(double w)
{
    return (int)(w * 7 + 0.5) + 5;
}

/* The columns c0..c1 together, in pixels. */
static int cols_px(const double *widths, int c0, int c1)
{
    int px = 0;
    for (int c = c0; c <= c1; c++)
        px += col_px(widths[c]);
    return px;
}

/*
 * About how wide s prints in 12 pt Times New Roman, in pixels: capitals
 * 0.72 em, other letters 0.5 em, spaces 0.25 em (bold 5% more). Enough to
 * size the title block's columns and rules.
 */
static int text_px(const char *s, int bold)
{
    char *up = text_upper(s);
    int caps = strcmp(up, s) == 0;
    double em = 0;

    free(up);
    for (const char *p = s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        em += *p == ' ' ? 0.25 : caps ? 0.72 : 0.5;
    }
    return (int)(em * 16 * (bold ? 1.05 : 1.0) + 0.5);
}

/* Where cairo writes a PNG: a strbuf. */
static cairo_status_t png_sink(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/*
 * Under the issuing body and the motto Decree 30 draws a rule, centred
 * under the text: a third to a half of the body's name, the whole length
 * of the motto. A cell's border spans whole columns, whose widths are the
 * table's: under a sign-off list's columns no run of them is centred under
 * the text. So the rule is drawn: a picture as wide as the columns c0..c1
 * of row r that the text above is merged over, holding the line len_px
 * long (1 px, as a thin border) in its middle, placed to move and size
 * with those cells: however a program sizes the columns (LibreOffice's
 * are wider than Excel's), the picture spans the text's columns and the
 * line stays under the middle of the text.
 */
static void draw_rule(struct book *b, lxw_worksheet *ws, lxw_row_t r, const double *widths, int c0,
                      int c1, int len_px)
{
    int w = cols_px(widths, c0, c1), h = RULE_IMAGE_PX;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    struct strbuf png = STRBUF_INIT;

    if (len_px > w)
        len_px = w;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, (w - len_px) / 2, h / 2, len_px, 1);
    cairo_fill(cr);
    cairo_destroy(cr);
    if (cairo_surface_write_to_png_stream(s, png_sink, &png) != CAIRO_STATUS_SUCCESS) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        lxw_image_options o = {.object_position = LXW_OBJECT_MOVE_AND_SIZE, .decorative = 1};
        check(b, worksheet_insert_image_buffer_opt(ws, r, (lxw_col_t)c0,
                                                   (const unsigned char *)png.buf, png.len, &o));
    }
    cairo_surface_destroy(s);
    strbuf_release(&png);
}

/*
 * The title block over columns 0..ncol-1 of the given widths, as Decree 30
 * lays out an administrative document: parent body and issuing body on
 * the left, the national name and motto on the right, each of the issuing
 * body and the motto with its rule under it (a thin row); with numbered,
 * the "Số:" line on the left and the place and date on the right; then the
 * title and up to three lines under it (NULL lines are skipped). Returns
 * the next free row.
 */
static lxw_row_t title_block(struct book *b, lxw_worksheet *ws, int ncol, const double *widths,
                             int numbered, const char *title, const char *line1, const char *line2,
                             const char *line3, double *height)
{
    static const char nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      motto[] = "Độc lập - Tự do - Hạnh phúc";
    char *parent = text_upper(b->parent_body), *office = text_upper(b->office);
    const char *lines[] = {line1, line2, line3};
    int left_px = text_px(parent, 0), office_px = text_px(office, 1), right_px = text_px(nation, 1);
    int left_end = 0, right_start = ncol - 1, squeeze;
    lxw_row_t r = 0;

    /* each side as wide as its longest line, the sides apart */
    if (office_px > left_px)
        left_px = office_px;
    while (left_end < ncol / 2 - 1 && cols_px(widths, 0, left_end) < left_px + 16)
        left_end++;
    while (right_start > left_end + 1 && cols_px(widths, right_start, ncol - 1) < right_px + 16)
        right_start--;
    /* a body's name longer than half the sheet is shrunk to its side, not
     * cut at the cell's edges */
    squeeze = cols_px(widths, 0, left_end) < left_px + 16 ? F_SHRINK : 0;

    worksheet_set_row(ws, 0, LINE_PT, NULL);
    merge(b, ws, r, 0, (lxw_col_t)left_end, parent, F_CENTER | squeeze);
    merge(b, ws, r, (lxw_col_t)right_start, (lxw_col_t)(ncol - 1), nation, F_CENTER | F_BOLD);
    r++;
    worksheet_set_row(ws, r, LINE_PT, NULL);
    merge(b, ws, r, 0, (lxw_col_t)left_end, office, F_CENTER | F_BOLD | squeeze);
    merge(b, ws, r, (lxw_col_t)right_start, (lxw_col_t)(ncol - 1), motto, F_CENTER | F_BOLD);
    r++;
    worksheet_set_row(ws, r, RULE_ROW_PT, NULL);
    draw_rule(b, ws, r, widths, 0, left_end, (int)(office_px * 0.4));
    draw_rule(b, ws, r, widths, right_start, ncol - 1, text_px(motto, 1));
    r++;
    if (numbered) {
        /* the number is given when the report is registered: written by hand */
        char *date = receipt_pdf_date_line(b->place, b->doc_date);
        worksheet_set_row(ws, r, LINE_PT, NULL);
        merge(b, ws, r, 0, (lxw_col_t)left_end, "Số:          /BC", F_CENTER);
        merge(b, ws, r, (lxw_col_t)right_start, (lxw_col_t)(ncol - 1), date ? date : "",
              F_CENTER | F_ITALIC);
        free(date);
        r++;
    }
    worksheet_set_row(ws, r, TITLE_PT, NULL);
    merge(b, ws, r, 0, (lxw_col_t)(ncol - 1), title, F_CENTER | F_BOLD | F_BIG);
    r++;
    for (int i = 0; i < 3; i++) {
        if (!lines[i])
            continue;
        worksheet_set_row(ws, r, LINE_PT, NULL);
        merge(b, ws, r, 0, (lxw_col_t)(ncol - 1), lines[i], F_CENTER | (i ? F_ITALIC : F_BOLD));
        r++;
    }
    worksheet_set_row(ws, r, LINE_PT, NULL);
    if (height) /* every row at LINE_PT but the rule's and the title's */
        *height = (r + 1 - 2) * LINE_PT + RULE_ROW_PT + TITLE_PT;
    free(parent);
    free(office);
    return r + 1;
}

/* The header row of a table, shaded, wrapped and bordered. */
static void header_row(struct book *b, lxw_worksheet *ws, lxw_row_t r, const char *const *cols,
                       int ncol, double height)
{
    worksheet_set_row(ws, r, height, NULL);
    for (int c = 0; c < ncol; c++)
        put_text(b, ws, r, (lxw_col_t)c, cols[c], F_BOLD | F_CENTER | F_BORDER | F_WRAP | F_FILL);
}

/*
 * A sheet's pages, planned so that its footer can say how many there are
 * ("Trang 1 / 3" in Excel and LibreOffice alike: LibreOffice's &N counts
 * the pages of the whole workbook). Every row of the sheet has a set
 * height: the title block (title_h), the header repeated on each page
 * (head_h), n rows of row_h from row first, and a tail kept together
 * (totals, notes, signatures: tail_h), with the last two rows when it
 * goes over to a page of its own. The pages break where breaks says (manual breaks, so both
 * programs break there), each page filled to 95% of what it holds at the
 * sheet's scale (Excel's: LibreOffice's is a little smaller, so more
 * fits). The breaks are kept for plan_apply.
 */
struct page_plan {
    lxw_row_t *breaks; /* the rows that start a page, 0-terminated */
    size_t n;
    int pages; /* 0: not planned (more than Excel's 1,023 breaks) */
    int landscape;
};

/* The paper's width and height in mm, as the sheet lies on it. */
static double paper_across(enum paper paper, int landscape)
{
    return landscape ? paper_height_mm(paper) : paper_width_mm(paper);
}

static double paper_down(enum paper paper, int landscape)
{
    return landscape ? paper_width_mm(paper) : paper_height_mm(paper);
}

/* The sheet's scale when its columns (px) are fitted to one page wide. */
static double fit_scale(enum paper paper, int px, int landscape)
{
    double width_px = (paper_across(paper, landscape) - 2 * MARGIN_SIDE * 25.4) / 25.4 * 96;
    return px > width_px ? width_px / px : 1.0;
}

static void plan_break(struct page_plan *p, lxw_row_t row)
{
    p->breaks = xrealloc(p->breaks, (p->n + 2) * sizeof(*p->breaks));
    p->breaks[p->n++] = row;
    p->breaks[p->n] = 0;
    p->pages++;
}

static void plan_pages(struct page_plan *p, enum paper paper, int px, int landscape, double title_h,
                       double head_h, lxw_row_t first, long long n, double row_h, double tail_h)
{
    double page = (paper_down(paper, landscape) / 25.4 - 0.6 - 0.7) * 72 /
                  fit_scale(paper, px, landscape) * 0.95,
           room = page - title_h - head_h;
    long long left = n;
    lxw_row_t row = first;

    memset(p, 0, sizeof(*p));
    p->landscape = landscape;
    if (page - head_h < 2 * row_h + tail_h)
        return;
    p->pages = 1;
    while ((double)left * row_h + tail_h > room) {
        long long fit = (long long)(room / row_h), take;
        /* the rows fit but not the tail: the last two go over with it */
        take = left <= fit ? left - (left < 2 ? left : 2) : fit;
        if (take <= 0 && room == page - head_h)
            break; /* a page of the tail alone: it goes where it goes */
        row += (lxw_row_t)(take > 0 ? take : 0);
        left -= take > 0 ? take : 0;
        plan_break(p, row);
        room = page - head_h;
        if (p->n >= 1000) {
            p->pages = 0;
            return;
        }
    }
}

static void plan_release(struct page_plan *p)
{
    free(p->breaks);
    memset(p, 0, sizeof(*p));
}

/*
 * Page set-up shared by every sheet: A4, or the paper of the settings
 * (landscape or portrait), one page
 * wide, rows first..last of the header repeated on each page and frozen on
 * screen, "Trang X / Y" at the foot (Y: the plan's pages when planned, see
 * book_footer), the plan's page breaks, numbered from 1 on each sheet (set
 * explicitly: LibreOffice otherwise numbers the pages across the workbook).
 */
static void page_setup(struct book *b, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                       const struct page_plan *plan)
{
    int landscape = plan->landscape, pages = plan->pages;
    char *footer = pages > 0 ? book_footer(b, pages) : NULL;

    if (pages > 1 && plan->n)
        check(b, worksheet_set_h_pagebreaks(ws, plan->breaks));

    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_paper(ws, (uint8_t)paper_xlsx_code(b->paper));
    worksheet_set_margins(ws, MARGIN_SIDE, MARGIN_SIDE, 0.6, 0.7);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_start_page(ws, 1);
    check(b, worksheet_repeat_rows(ws, first, last));
    check(b, worksheet_set_footer(ws, footer ? footer : b->footer));
    free(footer);
    worksheet_freeze_panes(ws, last + 1, 0);
}

/*
 * The place and date line (with dated; a document dated in its title
 * block is not dated twice) and the two signature blocks under a table:
 * the preparer on the left (columns lc0..lc1), the head of office on the
 * right (rc0..rc1). Returns the next free row.
 */
static lxw_row_t signatures(struct book *b, lxw_worksheet *ws, lxw_row_t r, int lc0, int lc1,
                            int rc0, int rc1, int dated)
{
    char *line = dated ? receipt_pdf_date_line(b->place, b->doc_date) : NULL;
    char *prep = text_upper(b->preparer_title), *head = text_upper(b->head_title);

    /* every row at LINE_PT, set in order (constant-memory sheets): a
     * list's pages are planned from the heights */
    worksheet_set_row(ws, r++, LINE_PT, NULL);
    if (dated) {
        worksheet_set_row(ws, r, LINE_PT, NULL);
        merge(b, ws, r, (lxw_col_t)rc0, (lxw_col_t)rc1, line ? line : "", F_CENTER | F_ITALIC);
        r++;
    }
    worksheet_set_row(ws, r, LINE_PT, NULL);
    merge(b, ws, r, (lxw_col_t)lc0, (lxw_col_t)lc1, prep, F_CENTER | F_BOLD);
    merge(b, ws, r, (lxw_col_t)rc0, (lxw_col_t)rc1, head, F_CENTER | F_BOLD);
    r++;
    worksheet_set_row(ws, r, LINE_PT, NULL);
    merge(b, ws, r, (lxw_col_t)lc0, (lxw_col_t)lc1, "(Ký, ghi rõ họ tên)", F_CENTER | F_ITALIC);
    merge(b, ws, r, (lxw_col_t)rc0, (lxw_col_t)rc1, "(Ký, ghi rõ họ tên, đóng dấu)",
          F_CENTER | F_ITALIC);
    for (int i = 0; i < 4; i++)
        worksheet_set_row(ws, ++r, LINE_PT, NULL);
    merge(b, ws, r, (lxw_col_t)lc0, (lxw_col_t)lc1, b->preparer_name, F_CENTER | F_BOLD);
    merge(b, ws, r, (lxw_col_t)rc0, (lxw_col_t)rc1, b->head_name, F_CENTER | F_BOLD);
    free(line);
    free(prep);
    free(head);
    return r + 1;
}

static char *round_line(struct db *db, long long round_id)
{
    struct round rd;
    char *s;

    if (!round_id)
        return xstrdup("Tất cả các đợt cấp phát");
    if (round_store_get(db, round_id, &rd, NULL) != 0)
        return xasprintf("Đợt cấp phát số %lld", round_id);
    s = rd.decision && *rd.decision ? xasprintf("%s (Quyết định số %s)", rd.name, rd.decision)
                                    : xstrdup(rd.name);
    round_release(&rd);
    return s;
}

static char *as_of_line(const struct book *b)
{
    char shown[11];
    return xasprintf("Số liệu tính đến ngày %s", date_display(b->today, shown));
}

static void progress(const struct export_options *o, long long rows, int force)
{
    if (o->progress && (force || rows % PROGRESS_EVERY == 0))
        o->progress(rows, o->progress_arg);
}

/* ---- the summary ---------------------------------------------------------------------- */

enum { SUM_NCOL = 13 };
#define SUM_HEAD_PT 48.0

static const char *const sum_cols[SUM_NCOL] = {
    "STT",
    NULL, /* Xã / Huyện */
    "Số người có uy tín",
    "Đã bàn giao (máy)",
    "Đã thu hồi (lượt)",
    "Trong kho (máy)",
    "Đang sửa chữa, thất lạc (máy)",
    "Giá trị đã bàn giao (đồng)",
    "Đã tập huấn (người)",
    "Đã nhận máy, chưa tập huấn",
    "Đã tập huấn, chưa có máy",
    "Biên bản đã ký",
    "Biên bản chưa ký",
};
static const double sum_widths[SUM_NCOL] = {6, 22, 11, 11, 11, 11, 13, 17, 11, 12, 12, 10, 10};

/* The rows of one grouping, held for the totals and the chart. */
struct sum_row {
    char *label;
    char *context; /* the new layout's "Huyện cũ" column, or NULL */
    char *kind;    /* a district's kind ("Huyện"), or NULL */
    long long district_id;
    long long ethnic_id;
    char gender;
    struct report_counts c;
};

struct sum_rows {
    struct sum_row *v;
    size_t n, alloc;
    int mark_new; /* communes of 2025 among those of 2023: labelled "(từ 01/07/2025)" */
};

static int collect_group(const struct report_group_row *row, void *arg)
{
    struct sum_rows *rows = arg;
    struct sum_row *s;

    if (rows->n == rows->alloc) {
        rows->alloc = rows->alloc ? rows->alloc * 2 : 16;
        rows->v = xrealloc(rows->v, rows->alloc * sizeof(*rows->v));
    }
    s = &rows->v[rows->n++];
    memset(s, 0, sizeof(*s));
    s->district_id = row->district_id;
    s->ethnic_id = row->ethnic_id;
    s->gender = row->gender;
    s->c = row->c;
    if (row->commune_id) {
        /* a commune of 2025 among the communes of 2023: say from when */
        char shown[11];
        s->label =
            rows->mark_new && *row->commune_from
                ? xasprintf("%s (từ %s)", row->commune, date_display(row->commune_from, shown))
                : xstrdup(row->commune);
        s->context = xstrdup(*row->old_districts ? row->old_districts : row->district);
    } else if (row->gender) {
        s->label = xstrdup(row->ethnic_id ? row->ethnic : "Chưa xác định");
    } else {
        /* the communes of 2025 made of two districts' communes, or of none in
         * the reference data */
        s->label = xstrdup(row->district && *row->district ? row->district
                                                           : "Không thuộc riêng một huyện cũ");
        s->kind = xstrdup(row->district_kind ? row->district_kind : "");
    }
    return 0;
}

static void sum_rows_free(struct sum_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        free(rows->v[i].label);
        free(rows->v[i].context);
        free(rows->v[i].kind);
    }
    free(rows->v);
    rows->v = NULL;
    rows->n = rows->alloc = 0;
}

/* The new layout's order: by the old districts the commune came from (a
 * commune with none last), then by name. */
static int by_context(const void *pa, const void *pb)
{
    const struct sum_row *a = pa, *b = pb;
    int an = !a->context || !*a->context, bn = !b->context || !*b->context, c;
    if (an != bn)
        return an - bn;
    if (!an && (c = collate_compare(a->context, -1, b->context, -1)) != 0)
        return c;
    return collate_compare(a->label, -1, b->label, -1);
}

static void counts_add(struct report_counts *t, const struct report_counts *c)
{
    long long *a = &t->people;
    const long long *x = &c->people;
    for (size_t i = 0; i < sizeof(*c) / sizeof(long long); i++)
        a[i] += x[i];
}

/* The counts start at column off (2, or 3 after a context column). */
static void counts_cells(struct book *b, lxw_worksheet *ws, lxw_row_t r, int off,
                         const struct report_counts *c, int flags)
{
    const long long v[] = {c->people,           c->handed_over, c->returned,  c->in_stock,
                           c->repair_lost,      c->value,       c->trained,   c->received_untrained,
                           c->trained_no_phone, c->signed_n,    c->unsigned_n};
    for (int i = 0; i < 11; i++)
        put_num(b, ws, r, (lxw_col_t)(off + i), v[i], flags | F_BORDER);
}

static void counts_sums(struct book *b, lxw_worksheet *ws, lxw_row_t r, int off, lxw_row_t first,
                        lxw_row_t last, const struct report_counts *c)
{
    const long long v[] = {c->people,           c->handed_over, c->returned,  c->in_stock,
                           c->repair_lost,      c->value,       c->trained,   c->received_untrained,
                           c->trained_no_phone, c->signed_n,    c->unsigned_n};
    for (int i = 0; i < 11; i++)
        put_sum(b, ws, r, (lxw_col_t)(off + i), first, last, v[i], F_BOLD | F_BORDER);
}

/*
 * One counts table (province or district sheet): title, header, rows,
 * optionally the devices never handed over, total row with formulas,
 * note, signatures (with numbered, the "Số:" line and the date in the
 * title block instead of above the signatures). With context_col, a column of that name after the
 * unit's holds each row's context (the old districts of a commune of
 * 2025). *first / *last get the data rows (for the chart); with chart, a
 * page break at the row returned (the next free one), for the chart's own
 * page.
 */
static lxw_row_t counts_sheet(struct book *b, lxw_worksheet *ws, int numbered, int chart,
                              const char *title, const char *scope, const char *round,
                              const char *unit_col, const char *context_col,
                              const struct sum_row *rows, size_t n, const long long *unassigned,
                              lxw_row_t *first, lxw_row_t *last)
{
    /* a row holds a line; with the old districts, two */
    double row_h = context_col ? 2 * LINE_PT : LINE_PT, title_h;
    struct page_plan plan;
    const char *cols[SUM_NCOL + 1];
    double widths[SUM_NCOL + 1];
    int ncol = SUM_NCOL + (context_col != NULL), off = 2 + (context_col != NULL);
    char *asof = as_of_line(b);
    struct report_counts total = {0};
    lxw_row_t r, hr, r0;

    cols[0] = sum_cols[0];
    widths[0] = sum_widths[0];
    cols[1] = unit_col;
    widths[1] = sum_widths[1];
    if (context_col) {
        cols[2] = context_col;
        widths[2] = 16;
    }
    for (int c = 2; c < SUM_NCOL; c++) {
        cols[off + c - 2] = sum_cols[c];
        widths[off + c - 2] = sum_widths[c];
    }
    for (int c = 0; c < ncol; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    r = title_block(b, ws, ncol, widths, numbered, title, scope, round, asof, &title_h);
    hr = r;
    header_row(b, ws, hr, cols, ncol, SUM_HEAD_PT);
    plan_pages(&plan, b->paper, cols_px(widths, 0, ncol - 1), 1, title_h, SUM_HEAD_PT, hr + 1,
               (long long)n, row_h,
               (unassigned ? 2 * LINE_PT : 0) + 2 * LINE_PT + (SIGN_ROWS - !!numbered) * LINE_PT);
    r0 = r = hr + 1;
    for (size_t i = 0; i < n; i++, r++) {
        worksheet_set_row(ws, r, row_h, NULL);
        put_num(b, ws, r, 0, (long long)i + 1, F_CENTER | F_BORDER);
        put_text(b, ws, r, 1, rows[i].label, F_BORDER);
        if (context_col)
            put_text(b, ws, r, 2, rows[i].context, F_BORDER | F_WRAP);
        counts_cells(b, ws, r, off, &rows[i].c, 0);
        counts_add(&total, &rows[i].c);
    }
    if (unassigned) {
        struct report_counts u = {0};
        u.in_stock = unassigned[0];
        u.repair_lost = unassigned[1];
        worksheet_set_row(ws, r, 2 * LINE_PT, NULL);
        put_text(b, ws, r, 0, "", F_BORDER);
        put_text(b, ws, r, 1, "Thiết bị chưa bàn giao lần nào", F_BORDER | F_ITALIC | F_WRAP);
        if (context_col)
            put_text(b, ws, r, 2, "", F_BORDER);
        counts_cells(b, ws, r, off, &u, 0);
        counts_add(&total, &u);
        r++;
    }
    *first = r0;
    *last = r0 + (lxw_row_t)n - 1;
    worksheet_set_row(ws, r, LINE_PT, NULL);
    put_text(b, ws, r, 0, "", F_BORDER | F_BOLD);
    put_text(b, ws, r, 1, "Tổng cộng", F_BORDER | F_BOLD | F_CENTER);
    if (context_col)
        put_text(b, ws, r, 2, "", F_BORDER | F_BOLD);
    counts_sums(b, ws, r, off, r0, r - 1, &total);
    r++;
    worksheet_set_row(ws, r, LINE_PT, NULL);
    merge(b, ws, r, 0, (lxw_col_t)(ncol - 1),
          "Ghi chú: thiết bị trong kho, đang sửa chữa hoặc thất lạc được tính theo đơn vị của "
          "người nhận gần nhất.",
          F_ITALIC | F_SMALL);
    r++;
    check(b,
          worksheet_autofilter(ws, hr, 0, r0 + (lxw_row_t)n - 1 > hr ? r0 + (lxw_row_t)n - 1 : hr,
                               (lxw_col_t)(ncol - 1)));
    r = signatures(b, ws, r, 0, 3, ncol - 5, ncol - 1, !numbered);
    if (chart && plan.pages)
        plan_break(&plan, r); /* the chart's page */
    page_setup(b, ws, hr, hr, &plan);
    plan_release(&plan);
    free(asof);
    return r;
}

/* The sheet by ethnic group and gender: people, handed over, trained, each Nam/Nữ/Cộng. */
static void ethnic_sheet(struct book *b, lxw_worksheet *ws, const char *round,
                         const struct sum_rows *rows)
{
    static const char *const groups[] = {"Số người có uy tín", "Đã bàn giao điện thoại",
                                         "Đã tập huấn"};
    static const char *const sub[] = {"Nam", "Nữ", "Cộng"};
    enum { NCOL = 11 };
    char *asof = as_of_line(b);
    lxw_row_t r, hr, r0;
    long long tot[9] = {0};
    size_t i = 0, groups_n = 0;
    int k = 0;
    double title_h;
    struct page_plan plan;

    static const double widths[NCOL] = {6, 20, 10, 10, 10, 10, 10, 10, 10, 10, 10};

    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 20, NULL);
    worksheet_set_column(ws, 2, NCOL - 1, 10, NULL);
    r = title_block(b, ws, NCOL, widths, 0, "BÁO CÁO TỔNG HỢP THEO DÂN TỘC VÀ GIỚI TÍNH",
                    "Người có uy tín được cấp điện thoại thông minh", round, asof, &title_h);
    hr = r;
    worksheet_set_row(ws, hr, 30, NULL);
    worksheet_set_row(ws, hr + 1, LINE_PT, NULL);
    check(b, worksheet_merge_range(ws, hr, 0, hr + 1, 0, "STT",
                                   fmt(b, F_BOLD | F_CENTER | F_BORDER | F_WRAP | F_FILL)));
    check(b, worksheet_merge_range(ws, hr, 1, hr + 1, 1, "Dân tộc",
                                   fmt(b, F_BOLD | F_CENTER | F_BORDER | F_WRAP | F_FILL)));
    for (int g = 0; g < 3; g++) {
        check(b, worksheet_merge_range(ws, hr, (lxw_col_t)(2 + 3 * g), hr, (lxw_col_t)(4 + 3 * g),
                                       groups[g],
                                       fmt(b, F_BOLD | F_CENTER | F_BORDER | F_WRAP | F_FILL)));
        for (int s = 0; s < 3; s++)
            put_text(b, ws, hr + 1, (lxw_col_t)(2 + 3 * g + s), sub[s],
                     F_BOLD | F_CENTER | F_BORDER | F_FILL);
    }
    r0 = r = hr + 2;
    while (i < rows->n) {
        /* rows come ethnic group by group, men first */
        long long eid = rows->v[i].ethnic_id, v[9] = {0};
        const char *label = rows->v[i].label;
        for (; i < rows->n && rows->v[i].ethnic_id == eid; i++) {
            int f = rows->v[i].gender == 'F';
            v[0 + f] += rows->v[i].c.people;
            v[3 + f] += rows->v[i].c.handed_over;
            v[6 + f] += rows->v[i].c.trained;
        }
        v[2] = v[0] + v[1];
        v[5] = v[3] + v[4];
        v[8] = v[6] + v[7];
        worksheet_set_row(ws, r, LINE_PT, NULL);
        put_num(b, ws, r, 0, ++k, F_CENTER | F_BORDER);
        put_text(b, ws, r, 1, label, F_BORDER);
        for (int c = 0; c < 9; c++) {
            tot[c] += v[c];
            if (c % 3 == 2) {
                /* Cộng = Nam + Nữ, as a formula */
                char a[LXW_MAX_CELL_NAME_LENGTH], bb[LXW_MAX_CELL_NAME_LENGTH], f[64];
                lxw_rowcol_to_cell(a, r, (lxw_col_t)(2 + c - 2));
                lxw_rowcol_to_cell(bb, r, (lxw_col_t)(2 + c - 1));
                snprintf(f, sizeof(f), "=%s+%s", a, bb);
                check(b, worksheet_write_formula_num(ws, r, (lxw_col_t)(2 + c), f,
                                                     fmt(b, num_flags(v[c], F_BORDER | F_BOLD)),
                                                     (double)v[c]));
            } else {
                put_num(b, ws, r, (lxw_col_t)(2 + c), v[c], F_BORDER);
            }
        }
        r++;
    }
    put_text(b, ws, r, 0, "", F_BORDER | F_BOLD);
    worksheet_set_row(ws, r, LINE_PT, NULL);
    put_text(b, ws, r, 1, "Tổng cộng", F_BORDER | F_BOLD | F_CENTER);
    for (int c = 0; c < 9; c++)
        put_sum(b, ws, r, (lxw_col_t)(2 + c), r0, r - 1, tot[c], F_BOLD | F_BORDER);
    r++;
    check(b, worksheet_autofilter(ws, hr + 1, 0, r > r0 + 1 ? r - 2 : hr + 1, NCOL - 1));
    signatures(b, ws, r, 0, 2, NCOL - 5, NCOL - 1, 1);
    for (size_t j = 0; j < rows->n; j++) /* the groups: rows of one ethnic group in a row */
        groups_n += j == 0 || rows->v[j].ethnic_id != rows->v[j - 1].ethnic_id;
    plan_pages(&plan, b->paper, cols_px(widths, 0, NCOL - 1), 1, title_h, 30 + LINE_PT, r0,
               (long long)groups_n, LINE_PT, LINE_PT + SIGN_ROWS * LINE_PT);
    page_setup(b, ws, hr, hr + 1, &plan);
    plan_release(&plan);
    free(asof);
}

/*
 * Column chart: handed over vs trained per unit (districts, or communes
 * after the context column: off, the first count column), on the province
 * sheet at row at, on the page counts_sheet left for it, so that the chart
 * prints whole on its own page; in the document's font.
 */
static void province_chart(struct book *b, lxw_worksheet *ws, const char *sheet, lxw_row_t first,
                           lxw_row_t last, lxw_row_t at, int off, const char *title)
{
    lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s;
    lxw_chart_options opt = {0};
    lxw_chart_font font = {0}, bold = {0};

    if (!chart || last < first) {
        check(b, chart ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, first, 1, last, 1);
    chart_series_set_values(s, sheet, first, (lxw_col_t)(off + 1), last, (lxw_col_t)(off + 1));
    chart_series_set_name(s, "Đã bàn giao");
    s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, sheet, first, 1, last, 1);
    chart_series_set_values(s, sheet, first, (lxw_col_t)(off + 6), last, (lxw_col_t)(off + 6));
    chart_series_set_name(s, "Đã tập huấn");
    font.name = bold.name = FONT;
    font.size = 11;
    bold.size = 13;
    bold.bold = LXW_TRUE;
    chart_title_set_name(chart, title);
    chart_title_set_name_font(chart, &bold);
    chart_axis_set_name(chart->y_axis, "Số người");
    chart_axis_set_name_font(chart->y_axis, &font);
    chart_axis_set_num_font(chart->y_axis, &font);
    chart_axis_set_num_font(chart->x_axis, &font);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    chart_legend_set_font(chart, &font);
    opt.x_scale = 1.6;
    opt.y_scale = 1.5;
    check(b, worksheet_insert_chart_opt(ws, at, 1, chart, &opt));
}

/*
 * The units a summary counts by: those of a date (o->as_of, default
 * today: *as_of), by district while there were districts, by the
 * province's communes after 1 July 2025; or the historical view, every
 * person in the commune and district of 2023 they were registered in
 * (*as_of NULL). *scope says which, for the sheets (caller frees).
 */
static int summary_units(struct db *db, const struct export_options *o, const char *today,
                         const char **as_of, int *by_district, char **scope, struct error *err)
{
    char shown[11];
    int rc;

    *as_of = o->by_old_district ? NULL : o->as_of ? o->as_of : today;
    *by_district = o->by_old_district;
    if (!*by_district) {
        long long n;
        if ((rc = unit_store_count_valid(db, "district", *as_of, &n, err)) != 0)
            return rc;
        *by_district = n > 0;
    }
    if (!db_sees_all(db))
        /* an operator of some communes on a server: its communes only */
        *scope = xasprintf("Chỉ các xã do người dùng %s phụ trách%s (đơn vị hành chính ngày %s)",
                           db_server_user(db), *by_district ? ", theo huyện" : "",
                           *as_of ? date_display(*as_of, shown) : "01/07/2025");
    else if (o->by_old_district)
        *scope = xstrdup("Theo địa giới trước ngày 01/07/2025: huyện, xã cũ");
    else if (*by_district)
        *scope = xasprintf("Toàn tỉnh, theo huyện (đơn vị hành chính ngày %s)",
                           date_display(*as_of, shown));
    else
        *scope = xasprintf("Toàn tỉnh, theo xã, phường (đơn vị hành chính ngày %s)",
                           date_display(*as_of, shown));
    return 0;
}

/* The summary's sheet "Toàn tỉnh": by district, or, without districts, by
 * commune, each with the districts it came from; its chart under the
 * signatures, on a page of its own. */
static void province_sheet(struct book *b, int whole, int by_district, const char *title,
                           const char *scope, const char *round, const struct sum_rows *districts,
                           struct sum_rows *communes, const long long unassigned[2])
{
    /* an operator of some communes on a server sums its communes only */
    const char *name = whole ? "Toàn tỉnh" : "Các xã phụ trách";
    lxw_worksheet *ws = add_sheet(b, name);
    lxw_row_t first = 0, last = 0, end;
    char *sheet = xstrdup(name);

    if (ws && by_district) {
        end = counts_sheet(b, ws, 1, 1, title, scope, round, "Huyện, thành phố", NULL, districts->v,
                           districts->n, unassigned, &first, &last);
        province_chart(b, ws, sheet, first, last, end + 1, 2,
                       "Đã bàn giao và đã tập huấn theo huyện");
    } else if (ws) {
        qsort(communes->v, communes->n, sizeof(*communes->v), by_context);
        end = counts_sheet(b, ws, 1, 1, title, scope, round, "Xã, phường", "Huyện cũ", communes->v,
                           communes->n, unassigned, &first, &last);
        province_chart(b, ws, sheet, first, last, end + 1, 3,
                       "Đã bàn giao và đã tập huấn theo xã, phường");
    }
    free(sheet);
}

/* A sheet per district: its communes (communes holds them district by
 * district). */
static void district_sheets(struct book *b, const char *title, const char *round,
                            const struct sum_rows *districts, const struct sum_rows *communes)
{
    lxw_row_t first = 0, last = 0;

    for (size_t d = 0; d < districts->n && b->failed == LXW_NO_ERROR; d++) {
        size_t i0 = 0, n = 0;
        for (size_t i = 0; i < communes->n; i++)
            if (communes->v[i].district_id == districts->v[d].district_id) {
                if (!n)
                    i0 = i;
                n++;
            }
        lxw_worksheet *ws = add_sheet(b, districts->v[d].label);
        if (!ws)
            break;
        char *unit = unit_label(districts->v[d].kind, districts->v[d].label, 1);
        char *dscope = xasprintf("Đơn vị: %s, theo xã", unit);
        free(unit);
        counts_sheet(b, ws, 0, 0, title, dscope, round, "Xã, phường, thị trấn", NULL,
                     communes->v + i0, n, NULL, &first, &last);
        free(dscope);
    }
}

int export_summary(struct db *db, const char *path, const struct export_options *o,
                   struct export_result *res, struct error *err)
{
    static const char title[] = "BÁO CÁO TỔNG HỢP CẤP ĐIỆN THOẠI THÔNG MINH CHO NGƯỜI CÓ UY TÍN";
    struct outfile of;
    struct book b;
    struct sum_rows districts = {0}, communes = {0}, ethnic = {0};
    lxw_worksheet *ws;
    long long unassigned[2] = {0, 0};
    char *round = NULL, *scope = NULL;
    char today[11];
    const char *as_of;
    int by_district;
    int rc;

    if (res)
        memset(res, 0, sizeof(*res));
    date_today(today);
    if ((rc = summary_units(db, o, today, &as_of, &by_district, &scope, err)) != 0)
        return rc;
    communes.mark_new = by_district;
    rc = by_district ? report_store_groups(db, REPORT_BY_DISTRICT, o->round_id, as_of,
                                           collect_group, &districts, err)
                     : 0;
    if (rc == 0)
        rc = report_store_groups(db, REPORT_BY_COMMUNE, o->round_id, as_of, collect_group,
                                 &communes, err);
    if (rc == 0)
        rc = report_store_groups(db, REPORT_BY_ETHNIC, o->round_id, NULL, collect_group, &ethnic,
                                 err);
    if (rc == 0)
        rc = report_store_unassigned(db, o->round_id, &unassigned[0], &unassigned[1], err);
    if (rc == 0)
        rc = book_start(&b, db, &of, path, o, 0, err);
    if (rc != 0)
        goto out;

    round = round_line(db, o->round_id);
    province_sheet(&b, db_sees_all(db), by_district, title, scope, round, &districts, &communes,
                   unassigned);
    if (by_district)
        district_sheets(&b, title, round, &districts, &communes);
    if ((ws = add_sheet(&b, "Dân tộc - Giới tính")) != NULL)
        ethnic_sheet(&b, ws, round, &ethnic);
    rc = book_finish(&b, &of, 0, err);
    if (rc == 0 && res) {
        res->rows = (long long)communes.n;
        res->sheets = by_district ? (int)districts.n + 2 : 2;
    }
    progress(o, (long long)communes.n, 1);
out:
    free(round);
    free(scope);
    sum_rows_free(&districts);
    sum_rows_free(&communes);
    sum_rows_free(&ethnic);
    return rc;
}

/* ---- lists: sign-off and attendance --------------------------------------------------- */

enum list_kind { LIST_HANDOVER, LIST_HANDOVER_BLANK, LIST_ATTENDANCE };

enum {
    LIST_STT,
    LIST_NAME,
    LIST_YEAR,
    LIST_GENDER,
    LIST_ETHNIC,
    LIST_VILLAGE,
    LIST_COMMUNE,
    LIST_CCCD,
    LIST_PHONE,
    LIST_MODEL,
    LIST_IMEI,
    LIST_DATE,
    LIST_SIGN,
    LIST_NOTE,
    LIST_MAX
};

static const char *const list_cols[LIST_MAX] = {
    "STT",  "Họ và tên", "Năm sinh",         "Nam/Nữ",        "Dân tộc",
    "Thôn", "Xã",        "Số CCCD",          "Số điện thoại", "Model máy",
    "IMEI", "Ngày nhận", "Ký hoặc điểm chỉ", "Ghi chú",
};
/*
 * Widths a person can sign in at print scale. Excel lays a column of width
 * w out in w * 7 + 5 pixels (its default font's digit), LibreOffice in
 * about (w + 5/7) * 7.52 (Carlito's, as measured): the 13 columns of a
 * commune's sign-off list print one A4 landscape page wide at 99% in
 * Excel, 92.9% in LibreOffice: text at least 11.1 pt, the signature cell
 * at least 41.8 mm wide and (SIGN_ROW_PT) 20.9 mm tall. A commune that
 * absorbed others keeps the "Xã" column, with narrower columns: 98.9% and
 * 92.5%, text 11.1 pt, the signature cell 40.8 mm. Codes and dates are as
 * wide as their digits.
 */
static const double list_widths[LIST_MAX] = {4,  16,   6,  6,    7.5,  11, 11,
                                             14, 11.5, 11, 17.5, 10.5, 22, 7.5};
static const double list_narrow[LIST_MAX] = {4,  15,   5.5, 5.5,  7,    8.5,  10,
                                             14, 11.5, 8.5, 17.5, 10.5, 21.5, 5.5};
#define LIST_MIN_SCALE 0.92 /* 12 pt text prints at 11 pt */

/* Attendance: no CCCD, model or date; "Ký tên" for the signature. */
static const int att_map[] = {LIST_STT,    LIST_NAME,    LIST_YEAR,    LIST_GENDER,
                              LIST_ETHNIC, LIST_VILLAGE, LIST_COMMUNE, LIST_PHONE,
                              LIST_IMEI,   LIST_SIGN,    LIST_NOTE};

struct list_ctx {
    struct book *b;
    lxw_worksheet *ws;
    enum list_kind kind;
    const int *map; /* logical columns in sheet order */
    int ncol;
    const double *widths; /* by logical column */
    struct page_plan plan;
    long long planned; /* the rows the plan is for */
    lxw_row_t r;
    long long n;     /* rows of this sheet */
    long long total; /* rows of the workbook */
    const struct export_options *o;
};

static int list_col(const struct list_ctx *x, int logical)
{
    for (int i = 0; i < x->ncol; i++)
        if (x->map[i] == logical)
            return i;
    return -1;
}

static void list_put(struct list_ctx *x, int logical, const char *s, int flags)
{
    int c = list_col(x, logical);
    if (c >= 0)
        put_text(x->b, x->ws, x->r, (lxw_col_t)c, s, flags | F_BORDER);
}

static int list_row(const struct report_person_row *p, void *arg)
{
    struct list_ctx *x = arg;
    struct book *b = x->b;
    int blank_device = x->kind == LIST_HANDOVER_BLANK;
    int c;

    worksheet_set_row(x->ws, x->r, SIGN_ROW_PT, NULL);
    x->n++;
    put_num(b, x->ws, x->r, 0, x->n, F_CENTER | F_BORDER);
    list_put(x, LIST_NAME, p->full_name, F_WRAP);
    if ((c = list_col(x, LIST_YEAR)) >= 0) {
        if (p->birth_year)
            check(b, worksheet_write_number(x->ws, x->r, (lxw_col_t)c, p->birth_year,
                                            fmt(b, F_CENTER | F_BORDER)));
        else
            put_text(b, x->ws, x->r, (lxw_col_t)c, "", F_BORDER);
    }
    list_put(x, LIST_GENDER, p->gender == 'F' ? "Nữ" : "Nam", F_CENTER);
    list_put(x, LIST_ETHNIC, p->ethnic, 0);
    list_put(x, LIST_VILLAGE, p->village, F_WRAP);
    {
        /* the commune of the list's date, then the one of the records */
        char *both = unit_app_short_pair(p->commune_then, p->commune);
        list_put(x, LIST_COMMUNE, both, F_WRAP);
        free(both);
    }
    {
        /* citizen IDs masked unless the operator asked for them (audited by the caller) */
        char *masked =
            !x->o->show_id && p->id_number && *p->id_number ? cccd_mask(p->id_number) : NULL;
        list_put(x, LIST_CCCD, masked ? masked : p->id_number, F_TEXT | F_CENTER);
        free(masked);
    }
    list_put(x, LIST_PHONE, p->phone, F_TEXT | F_CENTER);
    list_put(x, LIST_MODEL, blank_device ? "" : p->model, F_WRAP);
    if (blank_device || !p->imei[0] || !p->imei2[0]) {
        list_put(x, LIST_IMEI, blank_device ? "" : p->imei, F_TEXT | F_CENTER);
    } else {
        /* a dual-SIM phone: both IMEIs, one per line */
        char *both = xasprintf("%s\n%s", p->imei, p->imei2);
        list_put(x, LIST_IMEI, both, F_TEXT | F_CENTER | F_WRAP);
        free(both);
    }
    if ((c = list_col(x, LIST_DATE)) >= 0) {
        if (!blank_device && p->handed_on[0])
            put_date(b, x->ws, x->r, (lxw_col_t)c, p->handed_on, F_CENTER | F_BORDER);
        else
            put_text(b, x->ws, x->r, (lxw_col_t)c, "", F_BORDER);
    }
    list_put(x, LIST_SIGN, "", 0);
    list_put(x, LIST_NOTE, x->kind == LIST_ATTENDANCE ? "" : p->note, F_WRAP);
    x->r++;
    x->total++;
    progress(x->o, x->total, 0);
    return b->failed != LXW_NO_ERROR;
}

/*
 * Portrait when the columns print one page wide in it at LIST_MIN_SCALE or
 * more (one A4 wide, less the side margins, at 96 pixels an inch),
 * landscape otherwise.
 */
static int list_landscape(const struct list_ctx *x)
{
    double portrait_px = (paper_width_mm(x->b->paper) - 2 * MARGIN_SIDE * 25.4) / 25.4 * 96;
    int px = 0;

    for (int i = 0; i < x->ncol; i++)
        px += col_px(x->widths[x->map[i]]);
    return portrait_px < px * LIST_MIN_SCALE;
}

/*
 * Set up one list sheet up to its header row, with the autofilter over the
 * rows to come (constant-memory mode takes no range above the current row
 * once it is passed); x->r is the first data row after it.
 */
static void list_begin(struct list_ctx *x, const char *title, const char *l1, const char *l2,
                       const char *l3, long long expected, lxw_row_t *hr)
{
    const char *cols[LIST_MAX];
    double widths[LIST_MAX], title_h;

    for (int i = 0; i < x->ncol; i++) {
        int lc = x->map[i];
        widths[i] = x->widths[lc];
        worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
        cols[i] = list_cols[lc];
        if (x->kind == LIST_ATTENDANCE && lc == LIST_SIGN)
            cols[i] = "Ký tên";
        if (x->kind == LIST_ATTENDANCE && lc == LIST_IMEI)
            cols[i] = "IMEI máy đã nhận";
    }
    x->r = title_block(x->b, x->ws, x->ncol, widths, 0, title, l1, l2, l3, &title_h);
    *hr = x->r;
    header_row(x->b, x->ws, *hr, cols, x->ncol, LIST_HEAD_PT);
    {
        int px = 0, landscape = list_landscape(x);
        for (int i = 0; i < x->ncol; i++)
            px += col_px(widths[i]);
        plan_release(&x->plan);
        plan_pages(&x->plan, x->b->paper, px, landscape, title_h, LIST_HEAD_PT, *hr + 1, expected,
                   SIGN_ROW_PT, LIST_TOTAL_PT + SIGN_ROWS * LINE_PT);
        x->planned = expected;
    }
    check(x->b, worksheet_autofilter(x->ws, *hr, 0, *hr + (lxw_row_t)(expected > 0 ? expected : 1),
                                     (lxw_col_t)(x->ncol - 1)));
    x->r = *hr + 1;
    x->n = 0;
}

/* After the rows: the count as a formula, autofilter, signatures, page set-up. */
static void list_end(struct list_ctx *x, lxw_row_t hr)
{
    struct book *b = x->b;
    char range[LXW_MAX_CELL_RANGE_LENGTH], f[LXW_MAX_CELL_RANGE_LENGTH + 40];
    char *cached = xasprintf("Tổng cộng: %lld người", x->n);
    lxw_row_t first = hr + 1, last = x->n ? x->r - 1 : hr + 1;

    worksheet_set_row(x->ws, x->r, LIST_TOTAL_PT, NULL);
    put_text(b, x->ws, x->r, 0, "", F_BORDER | F_BOLD);
    lxw_rowcol_to_range(range, first, 1, last, 1);
    snprintf(f, sizeof(f), "=\"Tổng cộng: \"&COUNTA(%s)&\" người\"", range);
    check(b, worksheet_write_formula_str(x->ws, x->r, 1, f, fmt(b, F_BOLD | F_BORDER), cached));
    for (int c = 2; c < x->ncol; c++)
        put_text(b, x->ws, x->r, (lxw_col_t)c, "", F_BORDER);
    x->r++;
    signatures(b, x->ws, x->r, 0, 3, x->ncol - 5, x->ncol - 1, 1);
    if (x->n != x->planned)
        x->plan.pages = 0; /* not the rows planned for: let the reader count */
    page_setup(b, x->ws, hr, hr, &x->plan);
    free(cached);
}

static const int handover_map[LIST_MAX] = {
    LIST_STT,  LIST_NAME,  LIST_YEAR,  LIST_GENDER, LIST_ETHNIC, LIST_VILLAGE, LIST_COMMUNE,
    LIST_CCCD, LIST_PHONE, LIST_MODEL, LIST_IMEI,   LIST_DATE,   LIST_SIGN,    LIST_NOTE};
/* A sheet is one commune's, named in its title: no "Xã" column. */
static const int handover_map_one[LIST_MAX - 1] = {
    LIST_STT,   LIST_NAME,  LIST_YEAR, LIST_GENDER, LIST_ETHNIC, LIST_VILLAGE, LIST_CCCD,
    LIST_PHONE, LIST_MODEL, LIST_IMEI, LIST_DATE,   LIST_SIGN,   LIST_NOTE};

int export_handover_list(struct db *db, const char *path, const struct export_options *o,
                         struct export_result *res, struct error *err)
{
    struct report_list communes;
    struct outfile of;
    struct book b;
    char *round = NULL;
    int rc;

    if (res)
        memset(res, 0, sizeof(*res));
    rc = report_store_list_load(db, o->district_id, o->commune_id, o->round_id, o->blank, &communes,
                                err);
    if (rc == 0 && communes.n_communes == 0)
        rc = error_set(err, ERR_NOT_FOUND, "%s",
                       o->blank ? _("nothing to list: every active person there already holds a "
                                    "device")
                                : _("nothing to list: no one there holds a device"));
    if (rc == ERR_NOT_FOUND)
        db_not_seen(db, err); /* maybe a commune this role does not see */
    if (rc == 0)
        rc = book_start(&b, db, &of, path, o, 1, err);
    if (rc != 0) {
        report_store_list_release(&communes);
        return rc;
    }
    round = round_line(db, o->round_id);
    struct list_ctx x = {.b = &b,
                         .kind = o->blank ? LIST_HANDOVER_BLANK : LIST_HANDOVER,
                         .map = handover_map,
                         .ncol = LIST_MAX,
                         .widths = list_widths,
                         .o = o};
    for (size_t i = 0; rc == 0 && i < communes.n_communes && b.failed == LXW_NO_ERROR; i++) {
        const struct report_commune *c = &communes.communes[i];
        char *cl = unit_label(c->kind, c->name, 0),
             *dl = unit_label(c->district_kind, c->district, 1);
        char *scope = *dl ? xasprintf("%s, %s", cl, dl) : xstrdup(cl);
        char *asof = as_of_line(&b);
        lxw_row_t hr;

        x.ws = add_sheet(&b, c->name);
        /* the commune of the records is worth a column only where the
         * commune absorbed others */
        x.map = c->merged ? handover_map : handover_map_one;
        x.ncol = c->merged ? LIST_MAX : LIST_MAX - 1;
        x.widths = c->merged ? list_narrow : list_widths;
        if (x.ws) {
            list_begin(&x, "DANH SÁCH CẤP PHÁT, KÝ NHẬN ĐIỆN THOẠI THÔNG MINH CHO NGƯỜI CÓ UY TÍN",
                       scope, round,
                       o->blank ? "Người chưa nhận máy: ghi model, IMEI, ngày nhận khi bàn giao"
                                : asof,
                       c->rows, &hr);
            rc = report_store_list_each(&communes, i, list_row, &x);
            if (rc > 0)
                rc = 0; /* stopped by a write error, reported below */
            list_end(&x, hr);
        }
        free(cl);
        free(dl);
        free(scope);
        free(asof);
    }
    rc = book_finish(&b, &of, rc, err);
    if (rc == 0 && res) {
        res->rows = x.total;
        res->sheets = (int)communes.n_communes;
    }
    progress(o, x.total, 1);
    plan_release(&x.plan);
    free(round);
    report_store_list_release(&communes);
    return rc;
}

int export_attendance(struct db *db, const char *path, const struct export_options *o,
                      struct export_result *res, struct error *err)
{
    struct training_session s;
    struct outfile of;
    struct book b;
    char *l1, *l2, *cl = NULL;
    char shown[11];
    lxw_row_t hr;
    long long expected = 0;
    int rc;

    if (res)
        memset(res, 0, sizeof(*res));
    if ((rc = training_store_get(db, o->session_id, &s, err)) != 0)
        return rc;
    if (o->blank && !s.commune_id) {
        rc = error_set(err, ERR_INVALID,
                       _("session %lld has no commune: a blank sheet lists a commune's recipients"),
                       s.id);
        training_session_release(&s);
        return rc;
    }
    if ((rc = book_start(&b, db, &of, path, o, 1, err)) != 0) {
        training_session_release(&s);
        return rc;
    }
    if (s.commune_id) {
        struct unit u;
        if (unit_store_get(db, s.commune_id, &u, NULL) == 0) {
            cl = unit_label(u.kind, u.name, 1);
            unit_release(&u);
        }
    }
    /* the sheet bears the session's date, whenever it is printed */
    if (date_days(s.held_on) >= 0)
        snprintf(b.doc_date, sizeof(b.doc_date), "%s", s.held_on);
    l1 = xasprintf("Nội dung: %s", s.topic);
    l2 = xasprintf("Ngày %s, tại %s; người hướng dẫn: %s%s%s", date_display(s.held_on, shown),
                   s.place, s.trainer, cl ? "; đơn vị: " : "", cl ? cl : "");
    rc = report_store_count_attendees(db, s.id, o->blank, s.commune_id, &expected, err);
    struct list_ctx x = {.b = &b,
                         .kind = LIST_ATTENDANCE,
                         .map = att_map,
                         .ncol = (int)(sizeof(att_map) / sizeof(*att_map)),
                         .widths = list_widths,
                         .o = o};
    x.ws = rc == 0 ? add_sheet(&b, "Điểm danh") : NULL;
    if (x.ws) {
        list_begin(&x, "DANH SÁCH THAM DỰ TẬP HUẤN SỬ DỤNG ĐIỆN THOẠI THÔNG MINH", l1, l2,
                   o->blank ? "Danh sách lập trước buổi tập huấn: người tham dự ký tên" : NULL,
                   expected, &hr);
        rc = report_store_each_attendee(db, s.id, o->blank, s.commune_id, list_row, &x, err);
        if (rc > 0)
            rc = 0;
        list_end(&x, hr);
    }
    rc = book_finish(&b, &of, rc, err);
    if (rc == 0 && res) {
        res->rows = x.total;
        res->sheets = 1;
    }
    progress(o, x.total, 1);
    plan_release(&x.plan);
    free(l1);
    free(l2);
    free(cl);
    training_session_release(&s);
    return rc;
}

/* ---- the tables: persons, devices, handovers as workbooks ------------------------------ */

/* What a column of a table holds, and so the cell it is written as. */
enum table_kind {
    T_TEXT,   /* a string */
    T_CODE,   /* a string of digits or a number kept as written (IMEI, phone, CCCD): text "@" */
    T_INT,    /* a whole number (ids, years) */
    T_MONEY,  /* đồng, '.' thousands */
    T_DATE,   /* "YYYY-MM-DD": a date cell, dd/mm/yyyy */
    T_STAMP,  /* "YYYY-MM-DDTHH:MM:SSZ": a date and time cell in local time */
    T_GENDER, /* M/F: Nam/Nữ */
    T_YESNO,  /* 1/0: Có/Không */
    T_STATUS, /* a device status: its label */
    T_REASON, /* a return reason: its label */
    T_IDKIND, /* cccd/cmnd: CCCD/CMND */
};

/* The columns of the tables (report_store_each_row's names), with their
 * Vietnamese header; a column not listed is text under its own name. */
static const struct table_col {
    const char *name, *head;
    enum table_kind kind;
} table_cols[] = {
    {"id", "Mã", T_INT},
    {"full_name", "Họ và tên", T_TEXT},
    {"gender", "Giới tính", T_GENDER},
    {"birth_year", "Năm sinh", T_INT},
    {"ethnic_id", "Mã dân tộc", T_INT},
    {"ethnic", "Dân tộc", T_TEXT},
    {"village_id", "Mã thôn", T_INT},
    {"village", "Thôn", T_TEXT},
    {"commune_id", "Mã xã", T_INT},
    {"commune", "Xã", T_TEXT},
    {"district_id", "Mã huyện", T_INT},
    {"district", "Huyện", T_TEXT},
    {"commune_today", "Xã hiện nay", T_TEXT},
    {"id_number", "Số CCCD", T_CODE},
    {"id_kind", "Loại giấy tờ", T_IDKIND},
    {"phone", "Số điện thoại", T_CODE},
    {"role", "Vai trò", T_TEXT},
    {"decision", "Quyết định công nhận", T_TEXT},
    {"note", "Ghi chú", T_TEXT},
    {"active", "Còn công nhận", T_YESNO},
    {"imei", "IMEI", T_CODE},
    {"imei2", "IMEI 2", T_CODE},
    {"created_at", "Ngày tạo", T_STAMP},
    {"updated_at", "Ngày sửa", T_STAMP},
    {"model", "Model máy", T_TEXT},
    {"serial", "Số sê-ri", T_CODE},
    {"supplier", "Nhà cung cấp", T_TEXT},
    {"contract", "Hợp đồng", T_TEXT},
    {"delivered_on", "Ngày nhập kho", T_DATE},
    {"price", "Đơn giá (đồng)", T_MONEY},
    {"warranty_until", "Bảo hành đến", T_DATE},
    {"status", "Tình trạng", T_STATUS},
    {"round_id", "Mã đợt", T_INT},
    {"round_name", "Đợt cấp phát", T_TEXT},
    {"holder_id", "Mã người giữ", T_INT},
    {"holder_name", "Người đang giữ", T_TEXT},
    {"receipt_no", "Số biên bản", T_CODE},
    {"device_id", "Mã thiết bị", T_INT},
    {"person_id", "Mã người nhận", T_INT},
    {"person_name", "Người nhận", T_TEXT},
    {"commune_on_handover", "Xã khi bàn giao", T_TEXT},
    {"handed_on", "Ngày bàn giao", T_DATE},
    {"place", "Địa điểm", T_TEXT},
    {"officer", "Cán bộ bàn giao", T_TEXT},
    {"predecessor_id", "Thay cho bàn giao số", T_INT},
    {"returned_on", "Ngày thu hồi", T_DATE},
    {"return_reason", "Lý do thu hồi", T_REASON},
    {"return_decision", "Quyết định thu hồi", T_TEXT},
    {"return_note", "Ghi chú thu hồi", T_TEXT},
    {"signed_on", "Ngày ký biên bản", T_DATE},
    {"archive_ref", "Lưu trữ", T_TEXT},
};

#define TABLE_MAX_COLS 32
#define TABLE_MAX_WIDTH 50.0

/* Walking a table twice: first to size its columns, then to write it. */
struct table_ctx {
    struct book *b;
    lxw_worksheet *ws; /* NULL while measuring */
    const struct export_options *o;
    const struct table_col *col[TABLE_MAX_COLS];
    double width[TABLE_MAX_COLS]; /* characters */
    lxw_row_t r;
    long long rows;
};

static const struct table_col *table_col(const char *name)
{
    for (size_t i = 0; i < sizeof(table_cols) / sizeof(*table_cols); i++)
        if (strcmp(table_cols[i].name, name) == 0)
            return &table_cols[i];
    return NULL;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

/* The text a coded value is shown as (a label), or v itself. */
static const char *table_label(enum table_kind k, const char *v)
{
    switch (k) {
    case T_GENDER:
        return strcmp(v, "F") == 0 ? "Nữ" : strcmp(v, "M") == 0 ? "Nam" : v;
    case T_YESNO:
        return strcmp(v, "1") == 0 ? "Có" : strcmp(v, "0") == 0 ? "Không" : v;
    case T_STATUS:
        return device_status_label(v);
    case T_REASON:
        return handover_reason_label(v);
    case T_IDKIND:
        return strcmp(v, "cccd") == 0 ? "CCCD" : strcmp(v, "cmnd") == 0 ? "CMND" : v;
    default:
        return v;
    }
}

/* "2026-12-02T17:43:05Z" in local time; 0, or -1 when v is not one. */
static int table_stamp(const char *v, lxw_datetime *dt)
{
    struct tm tm = {0}, lt;
    time_t t;

    if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = timegm(&tm);
    if (!localtime_r(&t, &lt))
        return -1;
    *dt = (lxw_datetime){lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday,
                         lt.tm_hour,        lt.tm_min,     (double)lt.tm_sec};
    return 0;
}

/* One value: written (x->ws) or measured. */
static void table_cell(struct table_ctx *x, int c, const char *v)
{
    enum table_kind k = x->col[c]->kind;
    struct book *b = x->b;
    lxw_datetime dt = {0, 0, 0, 0, 0, 0};
    char *masked = NULL;
    double w;

    if (!v || !*v) {
        return; /* an empty cell */
    }
    if (strcmp(x->col[c]->name, "id_number") == 0 && !x->o->show_id)
        v = masked = cccd_mask(v); /* citizen IDs leave the office masked unless asked for */
    if ((k == T_DATE && date_days(v) < 0) || (k == T_STAMP && table_stamp(v, &dt) != 0))
        k = T_TEXT; /* not what the column should hold: shown as it is */
    switch (k) {
    case T_INT:
    case T_MONEY:
        w = k == T_MONEY ? 14 : (double)strlen(v) + 1;
        if (x->ws) {
            char *end;
            long long n = strtoll(v, &end, 10);
            if (*end)
                put_text(b, x->ws, x->r, (lxw_col_t)c, v, 0);
            else if (k == T_MONEY)
                put_num(b, x->ws, x->r, (lxw_col_t)c, n, 0);
            else
                check(b, worksheet_write_number(x->ws, x->r, (lxw_col_t)c, (double)n,
                                                fmt(b, F_CENTER)));
        }
        break;
    case T_DATE:
        w = 11;
        if (x->ws)
            put_date(b, x->ws, x->r, (lxw_col_t)c, v, F_CENTER);
        break;
    case T_STAMP:
        w = 17;
        if (x->ws)
            check(b, worksheet_write_datetime(x->ws, x->r, (lxw_col_t)c, &dt,
                                              fmt(b, F_CENTER | F_STAMP)));
        break;
    case T_CODE:
        w = (double)utf8_chars(v) * 1.15 + 1;
        if (x->ws)
            put_text(b, x->ws, x->r, (lxw_col_t)c, v, F_TEXT | F_CENTER);
        break;
    default:
        v = table_label(k, v);
        w = (double)utf8_chars(v) * 1.1 + 1;
        if (x->ws)
            put_text(b, x->ws, x->r, (lxw_col_t)c, v, w > TABLE_MAX_WIDTH ? F_WRAP : 0);
        break;
    }
    if (w > x->width[c])
        x->width[c] = w;
    free(masked);
}

static int table_row(int ncols, const char *const *names, const char *const *values, void *arg)
{
    struct table_ctx *x = arg;

    if (ncols > TABLE_MAX_COLS)
        ncols = TABLE_MAX_COLS;
    if (!values) {
        for (int c = 0; c < ncols; c++) {
            static struct table_col other[TABLE_MAX_COLS];
            x->col[c] = table_col(names[c]);
            if (!x->col[c]) {
                other[c] = (struct table_col){names[c], names[c], T_TEXT};
                x->col[c] = &other[c];
            }
            if (!x->ws) {
                /* the header wraps over two lines at most */
                double w = (double)utf8_chars(x->col[c]->head) * 1.2 / 2 + 2;
                x->width[c] = w < 8 ? 8 : w;
            } else {
                put_text(x->b, x->ws, 0, (lxw_col_t)c, x->col[c]->head,
                         F_BOLD | F_CENTER | F_BORDER | F_WRAP | F_FILL);
            }
        }
        x->r = 1;
        return 0;
    }
    for (int c = 0; c < ncols; c++)
        table_cell(x, c, values[c]);
    x->r++;
    x->rows++;
    if (x->ws)
        progress(x->o, x->rows, 0);
    return x->b->failed != LXW_NO_ERROR;
}

int export_table_xlsx(struct db *db, enum report_table table, const char *path,
                      const struct export_options *o, struct export_result *res, struct error *err)
{
    static const char *const sheets[] = {[REPORT_PERSONS] = "Người có uy tín",
                                         [REPORT_DEVICES] = "Thiết bị",
                                         [REPORT_HANDOVERS] = "Bàn giao"};
    struct table_ctx x = {0};
    struct page_plan plan = {.landscape = 1};
    struct outfile of;
    struct book b;
    int rc, ncol = 0;

    if (res)
        memset(res, 0, sizeof(*res));
    if ((rc = book_start(&b, db, &of, path, o, 1, err)) != 0)
        return rc;
    x.b = &b;
    x.o = o;
    /* first the widths, for a constant-memory sheet takes them before its rows */
    rc = report_store_each_row(db, table, table_row, &x, err);
    for (ncol = 0; ncol < TABLE_MAX_COLS && x.col[ncol]; ncol++)
        ;
    x.ws = rc == 0 ? add_sheet(&b, sheets[table]) : NULL;
    if (x.ws) {
        long long measured = x.rows;
        for (int c = 0; c < ncol; c++)
            worksheet_set_column(x.ws, (lxw_col_t)c, (lxw_col_t)c,
                                 x.width[c] > TABLE_MAX_WIDTH ? TABLE_MAX_WIDTH : x.width[c], NULL);
        worksheet_set_row(x.ws, 0, LIST_HEAD_PT, NULL);
        check(&b, worksheet_autofilter(x.ws, 0, 0, (lxw_row_t)(measured > 0 ? measured : 1),
                                       (lxw_col_t)(ncol - 1)));
        x.rows = 0;
        rc = report_store_each_row(db, table, table_row, &x, err);
        if (rc > 0)
            rc = 0; /* stopped by a write error, reported below */
        page_setup(&b, x.ws, 0, 0, &plan);
    }
    rc = book_finish(&b, &of, rc, err);
    if (rc == 0 && res) {
        res->rows = x.rows;
        res->sheets = 1;
    }
    progress(o, x.rows, 1);
    return rc;
}

/*
 * receipt_pdf: lays out the handover receipt (biên bản bàn giao) on A4 pages
 * (or A5 or Letter: the paper of struct receipt_doc)
 * with cairo + pango, in the format of Decree 30/2020/NĐ-CP, and writes the
 * PDF through a temporary file that is renamed into place.
 *
 * This file owns the page geometry (margins, header blocks, the device
 * table, the signature blocks, the QR code corner) and the wording of the
 * receipt. What goes on it comes from struct receipt_doc, filled by the
 * caller; see include/report/receipt_pdf.h.
 *
 * Coordinates are PDF points (1/72 inch), origin at the top left of the
 * page; pango runs at 72 dpi so that a 13 pt font is 13 units high.
 */
#include "report/receipt_pdf.h"

#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/outfile.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MM(x) ((x)*72.0 / 25.4)

/* The Decree 30 margins, on every paper (the page's size: struct page). */
#define MARGIN_TOP MM(20.0)
#define MARGIN_BOTTOM MM(20.0)
#define MARGIN_LEFT MM(30.0)
#define MARGIN_RIGHT MM(15.0)
#define CONTENT_W (pg->page_w - MARGIN_LEFT - MARGIN_RIGHT)

/* Header: the issuing body on the left, the national motto on the right;
 * on A4 62 mm and 103 mm, on a narrower paper the left block 45% of the
 * width (A5: 46 mm and 57 mm, the motto on two lines). */
#define HEADER_LEFT_W (CONTENT_W * 0.45 < MM(62.0) ? CONTENT_W * 0.45 : MM(62.0))
#define HEADER_RIGHT_X (MARGIN_LEFT + HEADER_LEFT_W)
#define HEADER_RIGHT_W (CONTENT_W - HEADER_LEFT_W)

#define FONT_FAMILY "Times New Roman"
#define BODY_PT 13.0
#define HEADER_PT 12.0 /* parent body, issuing body, national name */
#define TITLE_PT 14.0
#define TABLE_PT 12.0
#define QR_TEXT_PT 9.0

#define PARA_SKIP 6.0      /* space after a paragraph (Decree 30: >= 6 pt) */
#define INDENT MM(10.0)    /* first-line indent of body paragraphs */
#define RULE_W 0.6         /* header rules and table borders */
#define SIGN_ROOM MM(30.0) /* room to sign or thumbprint */
#define QR_SIZE MM(17.0)

/* Printed where a field is empty, to be filled in by hand. */
#define DOTS "................................"

enum { ST_BOLD = 1, ST_ITALIC = 2 };
enum align { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

/* Text with bold/italic spans, built for one pango layout. */
struct rich {
    struct strbuf text;
    PangoAttrList *attrs;
};

/*
 * Fonts already seen to be of the right family, each holding a reference so
 * that its address is not reused while it is here: most runs are checked
 * by comparing a pointer instead of describing the font.
 */
#define FONT_CACHE_MAX 16
struct font_cache {
    PangoFont *ok[FONT_CACHE_MAX];
    int n;
};

/* What drawing one page needs; the first error stops the drawing. */
struct page {
    cairo_t *cr;
    PangoContext *pctx;
    const char *family; /* what FONT_FAMILY resolves to, e.g. "Liberation Serif" */
    struct font_cache *fonts;
    const struct receipt_doc *doc;
    struct error *err;
    int failed;
    double page_w, page_h; /* the paper's (doc->paper) */
    double y;              /* top of the next block */
    /* how the receipt is set: the first of the fits (receipt_fits) with
     * which it holds on one page, else the first across pages */
    int measure;          /* lay out and count the pages, draw nothing */
    double body_pt;       /* the body's size (never below 12 pt) */
    double sign_room;     /* the room to sign or thumbprint */
    double gap;           /* the spaces around the title, as a share of the full ones */
    int page_no, n_pages; /* the page being set (1...), and how many (0: not known) */
    /* the layouts the last measuring made, in order, for the drawing with
     * the same fit to take instead of shaping the text again */
    struct made_layout *made;
    size_t n_made, alloc_made, next_made;
    int recording, replaying;
};

/* A layout and what it was made of. */
struct made_layout {
    PangoLayout *layout;
    char *text;
    PangoAttrList *attrs;
    double pt, width, indent;
    int style;
    enum align al;
};

static void made_clear(struct page *pg)
{
    for (size_t i = 0; i < pg->n_made; i++) {
        g_object_unref(pg->made[i].layout);
        free(pg->made[i].text);
        if (pg->made[i].attrs)
            pango_attr_list_unref(pg->made[i].attrs);
    }
    pg->n_made = pg->next_made = 0;
}

/* The ways a receipt is set, tried in turn until one fits one page: the
 * decree's sizes, then tighter spaces, then a 12 pt body. */
static const struct receipt_fit {
    double body_pt, sign_room, gap;
} receipt_fits[] = {
    {BODY_PT, SIGN_ROOM, 1.0},
    {BODY_PT, MM(25.0), 0.5},
    {12.0, MM(22.0), 0.3},
};

static const char *nz(const char *s)
{
    return s ? s : "";
}

static const char *or_dots(const char *s)
{
    return s && *s ? s : DOTS;
}

static void rich_init(struct rich *r)
{
    strbuf_init(&r->text, 64);
    r->attrs = pango_attr_list_new();
}

static void rich_release(struct rich *r)
{
    strbuf_release(&r->text);
    pango_attr_list_unref(r->attrs);
}

static void rich_add(struct rich *r, const char *s, int style)
{
    size_t start = r->text.len;
    PangoAttribute *a;

    strbuf_addstr(&r->text, nz(s));
    if (style & ST_BOLD) {
        a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        a->start_index = (guint)start;
        a->end_index = (guint)r->text.len;
        pango_attr_list_insert(r->attrs, a);
    }
    if (style & ST_ITALIC) {
        a = pango_attr_style_new(PANGO_STYLE_ITALIC);
        a->start_index = (guint)start;
        a->end_index = (guint)r->text.len;
        pango_attr_list_insert(r->attrs, a);
    }
}

/* The family of the font pango chose for a run ("Liberation Serif"); caller frees. */
static char *run_family(const PangoLayoutRun *run)
{
    PangoFontDescription *d;
    char *family;

    if (!run->item->analysis.font)
        return xstrdup("no font");
    d = pango_font_describe(run->item->analysis.font);
    family = xstrdup(nz(pango_font_description_get_family(d)));
    pango_font_description_free(d);
    return family;
}

/*
 * Every character must come from the font that "Times New Roman" resolves
 * to (pg->family). On the first that does not, fill pg->err naming the
 * text, the character and the fonts: a glyph no font has would print as
 * a box, and one taken from another font (fonts-liberation 1.x has no
 * Vietnamese letters with two marks, so pango takes them from DejaVu)
 * would mix two typefaces inside a word on an official document.
 */
static void check_glyphs(struct page *pg, PangoLayout *layout, const char *text)
{
    PangoLayoutIter *it;
    gunichar bad = 0;
    char *family = NULL;
    int unknown = 0;

    if (pg->failed)
        return;
    unknown = pango_layout_get_unknown_glyphs_count(layout) > 0;
    it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        if (unknown) {
            for (int i = 0; i < run->glyphs->num_glyphs && !bad; i++) {
                PangoGlyph g = run->glyphs->glyphs[i].glyph;
                if (g & PANGO_GLYPH_UNKNOWN_FLAG)
                    bad = g & ~PANGO_GLYPH_UNKNOWN_FLAG;
            }
            if (bad)
                family = run_family(run);
        } else {
            PangoFont *font = run->item->analysis.font;
            int seen = 0;
            for (int i = 0; i < pg->fonts->n && !seen; i++)
                seen = pg->fonts->ok[i] == font;
            if (seen)
                continue;
            family = run_family(run);
            if (strcmp(family, pg->family) == 0) {
                free(family);
                family = NULL;
                if (font && pg->fonts->n < FONT_CACHE_MAX)
                    pg->fonts->ok[pg->fonts->n++] = g_object_ref(font);
            } else {
                bad = g_utf8_get_char(pango_layout_get_text(layout) + run->item->offset);
            }
        }
    } while (!bad && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    if (!bad)
        return;

    pg->failed = 1;
    if (unknown)
        error_set(pg->err, ERR_INTERNAL,
                  _("receipt '%s': font '%s' (%s) has no glyph for U+%04X in '%s', nor has any "
                    "other font"),
                  error_quote_slot(nz(pg->doc->number), 1), FONT_FAMILY, pg->family, (unsigned)bad,
                  error_quote(text));
    else
        error_set(pg->err, ERR_INTERNAL,
                  _("receipt '%s': font '%s' (%s) has no glyph for U+%04X in '%s'; only '%s' "
                    "has, and a receipt is set in one typeface (for Vietnamese letters install "
                    "fonts-liberation2)"),
                  error_quote_slot(nz(pg->doc->number), 1), FONT_FAMILY, pg->family, (unsigned)bad,
                  error_quote(text), family);
    free(family);
}

/*
 * A layout of text (with optional attributes) in the body font at pt
 * points, `width` wide, wrapping on words (and inside a word too long for
 * the line). The caller unrefs it.
 */
static PangoLayout *make_layout(struct page *pg, const char *text, PangoAttrList *attrs, double pt,
                                int style, double width, enum align al, double indent);

static PangoLayout *page_layout(struct page *pg, const char *text, PangoAttrList *attrs, double pt,
                                int style, double width, enum align al, double indent)
{
    if (pg->replaying && pg->next_made < pg->n_made) {
        /* the next one the measuring made, when it is this one: drawing
         * adds layouts of its own (the marks, the QR code's text, the foot) */
        struct made_layout *m = &pg->made[pg->next_made];
        if (m->pt == pt && m->width == width && m->indent == indent && m->style == style &&
            m->al == al && strcmp(m->text, text) == 0 &&
            (!m->attrs == !attrs && (!attrs || pango_attr_list_equal(m->attrs, attrs)))) {
            pg->next_made++;
            return g_object_ref(m->layout);
        }
    }
    PangoLayout *layout = make_layout(pg, text, attrs, pt, style, width, al, indent);
    if (pg->recording && !pg->failed) {
        if (pg->n_made == pg->alloc_made) {
            pg->alloc_made = pg->alloc_made ? pg->alloc_made * 2 : 64;
            pg->made = xrealloc(pg->made, pg->alloc_made * sizeof(*pg->made));
        }
        pg->made[pg->n_made++] = (struct made_layout){g_object_ref(layout),
                                                      xstrdup(text),
                                                      attrs ? pango_attr_list_copy(attrs) : NULL,
                                                      pt,
                                                      width,
                                                      indent,
                                                      style,
                                                      al};
    }
    return layout;
}

static PangoLayout *make_layout(struct page *pg, const char *text, PangoAttrList *attrs, double pt,
                                int style, double width, enum align al, double indent)
{
    PangoLayout *layout = pango_layout_new(pg->pctx);
    PangoFontDescription *desc = pango_font_description_new();

    pango_font_description_set_family_static(desc, FONT_FAMILY);
    pango_font_description_set_size(desc, (gint)(pt * PANGO_SCALE));
    if (style & ST_BOLD)
        pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
    if (style & ST_ITALIC)
        pango_font_description_set_style(desc, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);

    pango_layout_set_width(layout, width < 0 ? -1 : pango_units_from_double(width));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_indent(layout, pango_units_from_double(indent));
    switch (al) {
    case AL_LEFT:
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
        break;
    case AL_CENTER:
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
        break;
    case AL_RIGHT:
        pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
        break;
    case AL_JUSTIFY:
        pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT);
        pango_layout_set_justify(layout, TRUE);
        break;
    }
    pango_layout_set_text(layout, text, -1);
    /*
     * A word broken because it is wider than the line (an IMEI in a narrow
     * cell, a long name) gets no hyphen: a hyphen inside a number would
     * change what it reads.
     */
    attrs = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
    pango_attr_list_insert_before(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    check_glyphs(pg, layout, text);
    return layout;
}

static double layout_height(PangoLayout *layout)
{
    int w, h;
    pango_layout_get_size(layout, &w, &h);
    return pango_units_to_double(h);
}

/* Width of the widest line (logical extents). */
static double layout_width(PangoLayout *layout)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    return pango_units_to_double(logical.width);
}

static void layout_draw(struct page *pg, PangoLayout *layout, double x, double y)
{
    if (pg->failed || pg->measure)
        return;
    cairo_move_to(pg->cr, x, y);
    pango_cairo_show_layout(pg->cr, layout);
}

static void need(struct page *pg, double h);

/* Draw a block at (x, y); returns its height. */
static double block(struct page *pg, double x, double y, double width, const char *text, double pt,
                    int style, enum align al)
{
    PangoLayout *layout = page_layout(pg, text, NULL, pt, style, width, al, 0);
    double h = layout_height(layout);
    layout_draw(pg, layout, x, y);
    g_object_unref(layout);
    return h;
}

/* Draw a rich paragraph across the content width at pg->y and move below it. */
static void paragraph(struct page *pg, struct rich *r, double x_indent, enum align al,
                      double first_indent)
{
    PangoLayout *layout = page_layout(pg, r->text.buf, r->attrs, pg->body_pt, 0,
                                      CONTENT_W - x_indent, al, first_indent);
    need(pg, layout_height(layout));
    layout_draw(pg, layout, MARGIN_LEFT + x_indent, pg->y);
    pg->y += layout_height(layout) + PARA_SKIP;
    g_object_unref(layout);
}

static void hline(struct page *pg, double x0, double x1, double y)
{
    if (pg->measure)
        return;
    cairo_move_to(pg->cr, x0, y);
    cairo_line_to(pg->cr, x1, y);
    cairo_set_line_width(pg->cr, RULE_W);
    cairo_stroke(pg->cr);
}

/* A centred block with a centred rule under it, `frac` of its width long. */
static double block_ruled(struct page *pg, double x, double y, double width, const char *text,
                          double pt, int style, double frac)
{
    PangoLayout *layout = page_layout(pg, text, NULL, pt, style, width, AL_CENTER, 0);
    double h = layout_height(layout);
    double rw = layout_width(layout) * frac;
    double cx = x + width / 2;

    layout_draw(pg, layout, x, y);
    g_object_unref(layout);
    /* clear of the descenders ("p", the dot of "ạ"), as Word sets it */
    hline(pg, cx - rw / 2, cx + rw / 2, y + h + 2.5);
    return h + 2.5;
}

char *receipt_pdf_date_line(const char *place, const char *iso_date)
{
    char iso[11];
    struct error e = ERROR_INIT;
    int y, m, d;
    struct strbuf sb = STRBUF_INIT;

    if (!iso_date || strlen(iso_date) != 10 || iso_date[4] != '-' || iso_date[7] != '-')
        return NULL;
    if (date_parse(iso_date, _("date"), iso, &e) < 0 || strcmp(iso, iso_date) != 0) {
        error_clear(&e);
        return NULL;
    }
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return NULL;
    strbuf_addf(&sb, "%s, ngày %02d tháng ", place && *place ? place : "........", d);
    if (m <= 2)
        strbuf_addf(&sb, "%02d", m);
    else
        strbuf_addf(&sb, "%d", m);
    strbuf_addf(&sb, " năm %d", y);
    return strbuf_detach(&sb, NULL);
}

/*
 * text for a header block width wide at pt: as it is when it holds on one
 * line, else broken at the space that makes its two lines most even
 * ("ỦY BAN NHÂN DÂN / TỈNH BẮC KẠN", not "… TỈNH BẮC / KẠN"), as agencies
 * set their names. Returns a new string.
 */
static char *balanced(struct page *pg, const char *text, double width, double pt, int style)
{
    PangoLayout *l = page_layout(pg, text, NULL, pt, style, -1, AL_LEFT, 0);
    double whole = layout_width(l), best = whole;
    g_object_unref(l);
    if (whole <= width)
        return xstrdup(text);
    char *out = xstrdup(text), *cut = NULL;
    for (char *sp = strchr(out, ' '); sp; sp = strchr(sp + 1, ' ')) {
        *sp = '\0';
        l = page_layout(pg, out, NULL, pt, style, -1, AL_LEFT, 0);
        double w1 = layout_width(l);
        g_object_unref(l);
        l = page_layout(pg, sp + 1, NULL, pt, style, -1, AL_LEFT, 0);
        double w2 = layout_width(l);
        g_object_unref(l);
        *sp = ' ';
        double w = w1 > w2 ? w1 : w2;
        if (w < best) {
            best = w;
            cut = sp;
        }
    }
    if (cut)
        *cut = '\n';
    return out;
}

/* Left and right header blocks; leaves pg->y below them. */
static void draw_header(struct page *pg, const char *date_line)
{
    const struct receipt_doc *doc = pg->doc;
    char *parent_up = text_upper(nz(doc->parent_body));
    char *office_up = text_upper(nz(doc->office));
    char *parent = balanced(pg, parent_up, HEADER_LEFT_W, HEADER_PT, 0);
    char *office = balanced(pg, office_up, HEADER_LEFT_W, HEADER_PT, ST_BOLD);
    char *number = xasprintf("Số: %s", nz(doc->number));
    double yl = MARGIN_TOP, yr = MARGIN_TOP, y;

    yl += block(pg, MARGIN_LEFT, yl, HEADER_LEFT_W, parent, HEADER_PT, 0, AL_CENTER);
    yl += block_ruled(pg, MARGIN_LEFT, yl, HEADER_LEFT_W, office, HEADER_PT, ST_BOLD, 0.45);

    /* on one line on A4; on A5 in two even ones */
    char *motto =
        balanced(pg, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", HEADER_RIGHT_W, HEADER_PT, ST_BOLD);
    yr += block(pg, HEADER_RIGHT_X, yr, HEADER_RIGHT_W, motto, HEADER_PT, ST_BOLD, AL_CENTER);
    free(motto);
    yr += block_ruled(pg, HEADER_RIGHT_X, yr, HEADER_RIGHT_W, "Độc lập - Tự do - Hạnh phúc",
                      BODY_PT, ST_BOLD, 1.0);

    /* "Số" and the place and date line sit on one line, below both rules. */
    y = (yl > yr ? yl : yr) + 8.0;
    yl = y + block(pg, MARGIN_LEFT, y, HEADER_LEFT_W, number, BODY_PT, 0, AL_CENTER);
    yr = y + block(pg, HEADER_RIGHT_X, y, HEADER_RIGHT_W, date_line, BODY_PT, ST_ITALIC, AL_CENTER);
    pg->y = yl > yr ? yl : yr;

    free(parent);
    free(office);
    free(parent_up);
    free(office_up);
    free(number);
}

/* "BẢN SAO" (or "BẢN XEM TRƯỚC"), boxed, in the top margin at the right edge. */
static void draw_copy_mark(struct page *pg, const char *mark)
{
    PangoLayout *layout = page_layout(pg, mark, NULL, 13.0, ST_BOLD, -1, AL_LEFT, 0);
    double w = layout_width(layout), h = layout_height(layout);
    double pad = 4.0;
    double x = pg->page_w - MARGIN_RIGHT - w - 2 * pad, y = MM(7.0);

    layout_draw(pg, layout, x + pad, y + pad / 2);
    g_object_unref(layout);
    cairo_rectangle(pg->cr, x, y, w + 2 * pad, h + pad);
    cairo_set_line_width(pg->cr, 1.2);
    cairo_stroke(pg->cr);
}

/* The device table: a header row and one row, bordered. */
static void draw_table(struct page *pg)
{
    static const struct {
        const char *head;
        double frac, narrow; /* its share of the width: on A4, on A5 */
        enum align al;
    } cols[] = {
        /* the IMEI column holds 15 digits at 12 pt on one line, the
         * second IMEI of a dual-SIM phone under the first; the state
         * ("Đã qua sử dụng, hoạt động bình thường") on two or three. On
         * A5 (103 mm) the IMEI keeps its line and the others are as
         * narrow as their longest word */
        {"STT", 0.065, 0.10, AL_CENTER},        {"Tên thiết bị / Model", 0.20, 0.175, AL_LEFT},
        {"Số IMEI", 0.215, 0.33, AL_CENTER},    {"Phụ kiện kèm theo", 0.17, 0.115, AL_LEFT},
        {"Tình trạng", 0.24, 0.155, AL_CENTER}, {"Số lượng", 0.11, 0.125, AL_CENTER},
    };
    enum { NCOL = sizeof(cols) / sizeof(cols[0]) };
    const struct receipt_device *dev = &pg->doc->device;
    char *imeis = dev->imei2 && *dev->imei2 ? xasprintf("%s\n%s", or_dots(dev->imei1), dev->imei2)
                                            : xstrdup(or_dots(dev->imei1));
    const char *cells[NCOL] = {
        "1",
        or_dots(dev->model),
        imeis,
        nz(dev->accessories)[0] ? dev->accessories : "—",
        or_dots(dev->condition),
        "01",
    };
    const double pad_x = 3.0, pad_y = 3.0;
    double xs[NCOL + 1];

    xs[0] = MARGIN_LEFT;
    for (int c = 0; c < NCOL; c++)
        xs[c + 1] = xs[c] + (CONTENT_W < MM(140.0) ? cols[c].narrow : cols[c].frac) * CONTENT_W;
    xs[NCOL] = MARGIN_LEFT + CONTENT_W;

    /* the header row stays with the row under it */
    double heights[2] = {0, 0};
    for (int row = 0; row < 2; row++)
        for (int c = 0; c < NCOL; c++) {
            PangoLayout *l =
                page_layout(pg, row == 0 ? cols[c].head : cells[c], NULL, TABLE_PT,
                            row == 0 ? ST_BOLD : 0, xs[c + 1] - xs[c] - 2 * pad_x, AL_LEFT, 0);
            if (layout_height(l) > heights[row])
                heights[row] = layout_height(l);
            g_object_unref(l);
        }
    need(pg, heights[0] + heights[1] + 4 * pad_y);
    for (int row = 0; row < 2; row++) {
        PangoLayout *ls[NCOL];
        double hmax = 0, top = pg->y;

        for (int c = 0; c < NCOL; c++) {
            ls[c] = page_layout(pg, row == 0 ? cols[c].head : cells[c], NULL, TABLE_PT,
                                row == 0 ? ST_BOLD : 0, xs[c + 1] - xs[c] - 2 * pad_x,
                                row == 0 ? AL_CENTER : cols[c].al, 0);
            if (layout_height(ls[c]) > hmax)
                hmax = layout_height(ls[c]);
        }
        for (int c = 0; c < NCOL; c++) {
            /* vertically centred in the row */
            double h = layout_height(ls[c]);
            layout_draw(pg, ls[c], xs[c] + pad_x, top + pad_y + (hmax - h) / 2);
            g_object_unref(ls[c]);
        }
        double bottom = top + hmax + 2 * pad_y;
        pg->y = bottom;
        if (pg->measure)
            continue;
        cairo_set_line_width(pg->cr, RULE_W);
        for (int c = 0; c <= NCOL; c++) {
            cairo_move_to(pg->cr, xs[c], top);
            cairo_line_to(pg->cr, xs[c], bottom);
        }
        cairo_move_to(pg->cr, xs[0], top);
        cairo_line_to(pg->cr, xs[NCOL], top);
        cairo_move_to(pg->cr, xs[0], bottom);
        cairo_line_to(pg->cr, xs[NCOL], bottom);
        cairo_stroke(pg->cr);
    }
    free(imeis);
    pg->y += PARA_SKIP + 2.0;
}

/* "- Label: value" on its own line of the parties' list. */
static void party_line(struct page *pg, const char *label, const char *value, int style)
{
    struct rich p;
    rich_init(&p);
    rich_add(&p, label, 0);
    rich_add(&p, value, style);
    paragraph(pg, &p, INDENT, AL_LEFT, 0);
    pg->y -= PARA_SKIP - 2.0;
    rich_release(&p);
}

/* "Ông" or "Bà" from the gender the receipt states; "Ông (bà)" when none. */
static const char *honorific(const char *gender)
{
    if (gender && strcmp(gender, "Nữ") == 0)
        return "- Bà: ";
    if (gender && strcmp(gender, "Nam") == 0)
        return "- Ông: ";
    return "- Ông (bà): ";
}

static void draw_parties(struct page *pg)
{
    const struct receipt_doc *doc = pg->doc;
    const struct receipt_giver *g = &doc->giver;
    const struct receipt_receiver *r = &doc->receiver;
    struct rich p;
    const char *office = nz(g->office)[0] ? g->office : nz(doc->office);

    rich_init(&p);
    rich_add(&p, doc->is_return ? "BÊN THU HỒI (Bên A): " : "BÊN GIAO (Bên A): ", ST_BOLD);
    rich_add(&p, or_dots(office), ST_BOLD);
    paragraph(pg, &p, 0, AL_LEFT, 0);
    pg->y -= PARA_SKIP - 2.0;
    rich_release(&p);

    party_line(pg, "- Ông (bà): ", or_dots(g->name), 0);
    party_line(pg, "- Chức vụ: ", or_dots(g->position), 0);
    pg->y += PARA_SKIP - 2.0;

    rich_init(&p);
    rich_add(&p,
             doc->is_return ? "BÊN TRẢ LẠI (Bên B): Người có uy tín (hoặc người đại diện)"
                            : "BÊN NHẬN (Bên B): Người có uy tín",
             ST_BOLD);
    paragraph(pg, &p, 0, AL_LEFT, 0);
    pg->y -= PARA_SKIP - 2.0;
    rich_release(&p);

    party_line(pg, honorific(r->gender), or_dots(r->name), ST_BOLD);

    rich_init(&p);
    rich_add(&p, "- Năm sinh: ", 0);
    rich_add(&p, nz(r->birth_year)[0] ? r->birth_year : "........", 0);
    rich_add(&p, ";  giới tính: ", 0);
    rich_add(&p, nz(r->gender)[0] ? r->gender : "........", 0);
    rich_add(&p, ";  dân tộc: ", 0);
    rich_add(&p, nz(r->ethnic)[0] ? r->ethnic : "............", 0);
    paragraph(pg, &p, INDENT, AL_LEFT, 0);
    pg->y -= PARA_SKIP - 2.0;
    rich_release(&p);

    {
        const char *parts[] = {r->village, r->commune, r->district};
        struct strbuf addr = STRBUF_INIT;
        for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
            if (nz(parts[i])[0])
                strbuf_addf(&addr, "%s%s", addr.len ? ", " : "", parts[i]);
        party_line(pg, "- Địa chỉ: ", addr.len ? addr.buf : DOTS DOTS, 0);
        strbuf_release(&addr);
    }

    rich_init(&p);
    rich_add(&p, "- Số CCCD: ", 0);
    rich_add(&p, nz(r->cccd)[0] ? r->cccd : "....................", 0);
    rich_add(&p, ";  số điện thoại: ", 0);
    rich_add(&p, nz(r->phone)[0] ? r->phone : "....................", 0);
    paragraph(pg, &p, INDENT, AL_LEFT, 0);
    rich_release(&p);
}

static void draw_signatures_at(struct page *pg, double bottoms[2]);

/* The height of the signature blocks, kept together on one page. */
static double signatures_height(struct page *pg)
{
    int measure = pg->measure;
    double bottoms[2], top = pg->y;
    pg->measure = 1;
    pg->y = 0;
    draw_signatures_at(pg, bottoms);
    pg->measure = measure;
    pg->y = top;
    return bottoms[0] > bottoms[1] ? bottoms[0] : bottoms[1];
}

/*
 * Two blocks side by side. bottoms[0] and bottoms[1] get where the left
 * (giver) and right (receiver) blocks end: the QR code sits under the left
 * one, so only the left one must stay above it.
 */
static void draw_signatures_at(struct page *pg, double bottoms[2])
{
    const struct receipt_doc *doc = pg->doc;
    const char *heads[2] = {doc->is_return ? "ĐẠI DIỆN BÊN THU HỒI" : "ĐẠI DIỆN BÊN GIAO",
                            doc->is_return ? "ĐẠI DIỆN BÊN TRẢ LẠI" : "ĐẠI DIỆN BÊN NHẬN"};
    const char *names[2] = {nz(doc->giver.name), nz(doc->receiver.name)};
    double w = CONTENT_W / 2;

    for (int i = 0; i < 2; i++) {
        double x = MARGIN_LEFT + i * w, y = pg->y;
        /* "ĐẠI DIỆN BÊN / THU HỒI" where a half of A5 cannot hold it */
        char *head = balanced(pg, heads[i], w, pg->body_pt, ST_BOLD);
        y += block(pg, x, y, w, head, pg->body_pt, ST_BOLD, AL_CENTER);
        free(head);
        y += block(pg, x, y, w, i ? "(Ký hoặc điểm chỉ, ghi rõ họ tên)" : "(Ký, ghi rõ họ tên)",
                   pg->body_pt, ST_ITALIC, AL_CENTER);
        y += pg->sign_room;
        y += block(pg, x + 6.0, y, w - 12.0, names[i], pg->body_pt, ST_BOLD, AL_CENTER);
        bottoms[i] = y;
    }
}

/* The QR code of the receipt number (and the audit log's anchor: "NUMBER
 * #1234:a1b2c3d4e5f6", which a scanner types), bottom left, with the
 * number and the anchor under it. */
static double qr_top(const struct page *pg)
{
    return pg->page_h - MARGIN_BOTTOM - QR_SIZE - QR_TEXT_PT * 1.4;
}

static void draw_qr(struct page *pg)
{
    const char *number = nz(pg->doc->number), *anchor = nz(pg->doc->anchor);
    char *content = *anchor ? xasprintf("%s #%s", number, anchor) : xstrdup(number);
    char *under = *anchor ? xasprintf("%s · nhật ký %s", number, anchor) : xstrdup(number);
    QRcode *qr;
    double x = MARGIN_LEFT, y = qr_top(pg), mod;

    if (pg->failed || pg->measure) {
        free(content);
        free(under);
        return;
    }
    errno = 0;
    qr = QRcode_encodeString8bit(content, 0, QR_ECLEVEL_M);
    free(content);
    if (!qr) {
        pg->failed = 1;
        error_set(pg->err, ERR_INVALID, _("receipt '%s': cannot make its qr code: %s"),
                  error_quote(number), errno ? strerror(errno) : "unknown error");
        free(under);
        return;
    }
    mod = QR_SIZE / qr->width;
    /* one rectangle per run of dark modules in a row: fewer path operations */
    for (int r = 0; r < qr->width; r++) {
        for (int c = 0; c < qr->width;) {
            int run = 0;
            while (c + run < qr->width && (qr->data[r * qr->width + c + run] & 1))
                run++;
            if (run)
                cairo_rectangle(pg->cr, x + c * mod, y + r * mod, run * mod, mod);
            c += run ? run : 1;
        }
    }
    cairo_fill(pg->cr);
    QRcode_free(qr);

    block(pg, x, y + QR_SIZE + 1.0, MM(75), under, QR_TEXT_PT, 0, AL_LEFT);
    free(under);
}

/* "BẢN XEM TRƯỚC" across the page, light grey, under the text: a preview is
 * not the original and cannot pass for it. */
static void draw_preview_mark(struct page *pg)
{
    PangoLayout *layout = page_layout(pg, "BẢN XEM TRƯỚC", NULL, 60.0, ST_BOLD, -1, AL_LEFT, 0);
    double w = layout_width(layout), h = layout_height(layout);

    if (!pg->measure) {
        cairo_save(pg->cr);
        cairo_translate(pg->cr, pg->page_w / 2, pg->page_h / 2);
        cairo_rotate(pg->cr, -0.9);
        cairo_set_source_rgb(pg->cr, 0.82, 0.82, 0.82);
        layout_draw(pg, layout, -w / 2, -h / 2);
        cairo_restore(pg->cr);
    }
    g_object_unref(layout);
}

/* What every page has: the mark of a copy or a preview at the top. */
static void page_start(struct page *pg)
{
    pg->y = MARGIN_TOP;
    if (pg->measure)
        return;
    cairo_set_source_rgb(pg->cr, 0, 0, 0);
    if (pg->doc->is_preview)
        draw_preview_mark(pg);
    cairo_set_source_rgb(pg->cr, 0, 0, 0);
    if (pg->doc->is_preview) {
        draw_copy_mark(pg, "BẢN XEM TRƯỚC");
        return;
    }
    /* a corrected original says so where a copy says it is one; a copy
     * of it says both */
    char *corrected = NULL;
    if (nz(pg->doc->corrected_on)[0]) {
        char shown[11];
        corrected =
            xasprintf("Bản đã điều chỉnh ngày %s", date_display(pg->doc->corrected_on, shown));
    }
    if (pg->doc->is_copy && corrected) {
        char *both = xasprintf("BẢN SAO · %s", corrected);
        draw_copy_mark(pg, both);
        free(both);
    } else if (pg->doc->is_copy || corrected) {
        draw_copy_mark(pg, corrected ? corrected : "BẢN SAO");
    }
    free(corrected);
}

/* What every page has at its foot: the QR code, and "Trang 1/2" when the
 * receipt runs over more than one page. */
static void page_end(struct page *pg)
{
    draw_qr(pg);
    if (pg->measure || pg->n_pages < 2)
        return;
    char *foot = xasprintf("Trang %d/%d", pg->page_no, pg->n_pages);
    block(pg, MARGIN_LEFT, pg->page_h - MARGIN_BOTTOM + 4.0, CONTENT_W, foot, QR_TEXT_PT + 2, 0,
          AL_RIGHT);
    free(foot);
}

/* Room for h more points on this page, else the receipt goes on on the next
 * one (above the QR code of each page). */
static void need(struct page *pg, double h)
{
    if (pg->y + h <= qr_top(pg) - 6.0 || pg->y <= MARGIN_TOP + 1.0)
        return;
    page_end(pg);
    if (!pg->measure)
        cairo_show_page(pg->cr);
    pg->page_no++;
    page_start(pg);
}

/* "Căn cứ Quyết định số …": the decision the round was given out under. */
static void draw_basis(struct page *pg)
{
    const struct receipt_doc *doc = pg->doc;
    struct rich p;
    const char *d = nz(doc->decision);

    if (!*d)
        return;
    char *fold = text_fold(d);
    rich_init(&p);
    rich_add(&p, strncmp(fold, "quyet dinh", 10) == 0 ? "Căn cứ " : "Căn cứ Quyết định số ", 0);
    rich_add(&p, d, 0);
    if (nz(doc->round_name)[0]) {
        rich_add(&p, " về việc cấp điện thoại thông minh cho người có uy tín, ", 0);
        rich_add(&p, doc->round_name, 0);
    }
    rich_add(&p, ";", 0);
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
    free(fold);
}

/* The round and its funding, the round's name said once ("Đợt 1 năm 2023",
 * not "Đợt cấp phát: Đợt …"). */
static void draw_round(struct page *pg)
{
    const struct receipt_doc *doc = pg->doc;
    const char *name = nz(doc->round_name), *fund = nz(doc->funding_note);
    struct rich p;

    if ((!*name || *nz(doc->decision)) && !*fund)
        return;
    rich_init(&p);
    if (*name && !*nz(doc->decision)) {
        char *fold = text_fold(name);
        rich_add(&p, strncmp(fold, "dot", 3) == 0 ? "" : "Đợt cấp phát: ", 0);
        rich_add(&p, name, 0);
        rich_add(&p, *fund ? ". " : ".", 0);
        free(fold);
    }
    if (*fund) {
        rich_add(&p, "Nguồn kinh phí: ", 0);
        rich_add(&p, fund, 0);
        rich_add(&p, ".", 0);
    }
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
}

/* A phone passed on: whom it was taken back from, why, and on what decision. */
static void draw_succession(struct page *pg)
{
    const struct receipt_doc *doc = pg->doc;
    struct rich p;

    if (!nz(doc->predecessor)[0])
        return;
    rich_init(&p);
    rich_add(&p, "Thiết bị được thu hồi từ người có uy tín ", 0);
    rich_add(&p, doc->predecessor, ST_BOLD);
    if (nz(doc->predecessor_reason)[0]) {
        rich_add(&p, " (lý do: ", 0);
        rich_add(&p, doc->predecessor_reason, 0);
        rich_add(&p, ")", 0);
    }
    if (nz(doc->predecessor_decision)[0]) {
        rich_add(&p, ", theo Quyết định số ", 0);
        rich_add(&p, doc->predecessor_decision, 0);
    }
    rich_add(&p, ", nay bàn giao cho người thay thế.", 0);
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
}

/* "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản": as many as the
 * office prints (settings), the receiver keeping one. */
static void draw_closing(struct page *pg)
{
    int n = pg->doc->originals > 0 ? pg->doc->originals : 2;
    struct rich p;
    char *text =
        n == 2 ? xstrdup("Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản, có giá trị pháp lý "
                         "như nhau./.")
               : xasprintf("Biên bản được lập thành %02d bản, Bên A giữ %02d bản, Bên B giữ 01 "
                           "bản, có giá trị pháp lý như nhau./.",
                           n, n - 1);
    rich_init(&p);
    if (pg->doc->is_return)
        rich_add(&p, nz(pg->doc->outcome), 0);
    else
        rich_add(&p,
                 "Bên B đã nhận đủ thiết bị và phụ kiện nêu trên, được hướng dẫn cách sử dụng; có "
                 "trách nhiệm bảo quản và sử dụng thiết bị đúng mục đích.",
                 0);
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
    rich_init(&p);
    rich_add(&p, text, 0);
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
    free(text);
}

/* Set one receipt from pg->page_no on: drawn, or only measured. */
static void set_receipt(struct page *pg)
{
    const struct receipt_doc *doc = pg->doc;
    char *date_line = receipt_pdf_date_line(doc->place, doc->date);
    struct rich p;

    pg->page_no = 1;
    page_start(pg);
    draw_header(pg, date_line);
    free(date_line);

    pg->y += 18.0 * pg->gap;
    pg->y += block(pg, MARGIN_LEFT, pg->y, CONTENT_W,
                   doc->is_return ? "BIÊN BẢN THU HỒI" : "BIÊN BẢN BÀN GIAO", TITLE_PT, ST_BOLD,
                   AL_CENTER);
    pg->y +=
        block(pg, MARGIN_LEFT, pg->y, CONTENT_W,
              doc->is_return ? "Về việc thu hồi điện thoại thông minh đã cấp cho người có uy tín"
                             : "Về việc bàn giao điện thoại thông minh cho người có uy tín",
              TITLE_PT, ST_BOLD, AL_CENTER);
    pg->y += 16.0 * pg->gap;

    draw_basis(pg);
    draw_round(pg);
    draw_succession(pg);
    {
        /* "ngày 05 tháng 02 năm 2023" is the date line without its place */
        char *bare = receipt_pdf_date_line("", doc->date);
        rich_init(&p);
        rich_add(&p, "Hôm nay, ", 0);
        rich_add(&p, strstr(bare, "ngày"), 0);
        rich_add(&p, ", tại ", 0);
        rich_add(&p, or_dots(nz(doc->venue)[0] ? doc->venue : doc->place), 0);
        rich_add(&p, ", chúng tôi gồm:", 0);
        paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
        rich_release(&p);
        free(bare);
    }
    draw_parties(pg);
    rich_init(&p);
    if (doc->is_return && nz(doc->handover_receipt)[0]) {
        rich_add(&p, "Bên A thu hồi của Bên B thiết bị đã cấp theo Biên bản bàn giao số ", 0);
        rich_add(&p, doc->handover_receipt, 0);
        rich_add(&p, ", gồm:", 0);
    } else {
        rich_add(&p,
                 doc->is_return ? "Bên A thu hồi của Bên B thiết bị sau:"
                                : "Bên A bàn giao cho Bên B thiết bị sau:",
                 0);
    }
    paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
    rich_release(&p);
    draw_table(pg);
    if (doc->is_return) {
        rich_init(&p);
        rich_add(&p, "Lý do thu hồi: ", ST_BOLD);
        rich_add(&p, or_dots(doc->return_reason), 0);
        rich_add(&p, ".", 0);
        paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
        rich_release(&p);
    }
    if (nz(doc->note)[0]) {
        rich_init(&p);
        rich_add(&p, "Ghi chú: ", ST_ITALIC);
        rich_add(&p, doc->note, 0);
        paragraph(pg, &p, 0, AL_JUSTIFY, INDENT);
        rich_release(&p);
    }
    /* the closing paragraphs go with the signatures: a page of signatures
     * alone would say nothing of what was signed */
    double top = pg->y;
    int measure = pg->measure;
    pg->measure = 1;
    pg->y = MARGIN_TOP + 2.0;
    draw_closing(pg);
    double closing = pg->y - (MARGIN_TOP + 2.0);
    pg->measure = measure;
    pg->y = top;
    need(pg, closing + 8.0 * pg->gap + signatures_height(pg));
    draw_closing(pg);

    pg->y += 8.0 * pg->gap;
    need(pg, signatures_height(pg));
    double bottoms[2];
    draw_signatures_at(pg, bottoms);
    page_end(pg);
}

/*
 * Draw one receipt from the current page of pg->cr: with the first fit
 * that holds it on one page, else across as many pages as it takes.
 * Returns 0 or an error; leaves the last page to be shown.
 */
static int draw_page(struct page *pg)
{
    size_t nfits = sizeof(receipt_fits) / sizeof(*receipt_fits);
    size_t fit = 0;
    pg->recording = 1;
    for (; fit < nfits && !pg->failed; fit++) {
        made_clear(pg);
        pg->measure = 1;
        pg->n_pages = 0;
        pg->body_pt = receipt_fits[fit].body_pt;
        pg->sign_room = receipt_fits[fit].sign_room;
        pg->gap = receipt_fits[fit].gap;
        set_receipt(pg);
        if (pg->page_no == 1)
            break;
    }
    if (pg->failed)
        return pg->err->code;
    if (fit == nfits) {
        /* over a page even set tight: the decree's sizes, over pages */
        fit = 0;
        pg->body_pt = receipt_fits[0].body_pt;
        pg->sign_room = receipt_fits[0].sign_room;
        pg->gap = receipt_fits[0].gap;
        made_clear(pg);
        set_receipt(pg);
    }
    pg->recording = 0;
    pg->n_pages = pg->page_no;
    pg->measure = 0;
    pg->replaying = 1;
    pg->next_made = 0;
    set_receipt(pg);
    pg->replaying = 0;
    made_clear(pg);
    return pg->failed ? pg->err->code : 0;
}

/* Check what must hold before anything is drawn. */
static int doc_check(const struct receipt_doc *doc, size_t i, struct error *err)
{
    const struct {
        const char *name;
        const char *value;
    } fields[] = {
        {"parent body", doc->parent_body},
        {"office", doc->office},
        {"number", doc->number},
        {"place", doc->place},
        {"venue", doc->venue},
        {"decision", doc->decision},
        {"predecessor", doc->predecessor},
        {"predecessor reason", doc->predecessor_reason},
        {"predecessor decision", doc->predecessor_decision},
        {"date", doc->date},
        {"officer name", doc->giver.name},
        {"officer position", doc->giver.position},
        {"officer office", doc->giver.office},
        {"name", doc->receiver.name},
        {"gender", doc->receiver.gender},
        {"birth year", doc->receiver.birth_year},
        {"ethnic group", doc->receiver.ethnic},
        {"village", doc->receiver.village},
        {"commune", doc->receiver.commune},
        {"district", doc->receiver.district},
        {"cccd", doc->receiver.cccd},
        {"phone", doc->receiver.phone},
        {"model", doc->device.model},
        {"imei 1", doc->device.imei1},
        {"imei 2", doc->device.imei2},
        {"accessories", doc->device.accessories},
        {"condition", doc->device.condition},
        {"round name", doc->round_name},
        {"funding note", doc->funding_note},
        {"note", doc->note},
        {"corrected on", doc->corrected_on},
        {"return reason", doc->return_reason},
        {"handover receipt", doc->handover_receipt},
        {"outcome", doc->outcome},
    };
    char *line;

    if (!nz(doc->number)[0])
        return error_set(err, ERR_INVALID, _("receipt %zu of the batch: number is required"),
                         i + 1);
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
        const char *v = nz(fields[f].value);
        if (!text_valid_utf8(v, strlen(v)))
            return error_set(err, ERR_INVALID, _("receipt '%s': %s '%s' is not valid utf-8"),
                             error_quote_slot(nz(doc->number), 1), fields[f].name, error_quote(v));
    }
    line = receipt_pdf_date_line(doc->place, doc->date);
    if (!line)
        return error_set(err, ERR_INVALID,
                         _("receipt '%s': date '%s' is not a valid YYYY-MM-DD date"),
                         error_quote_slot(doc->number, 1), error_quote(nz(doc->date)));
    free(line);
    return 0;
}

/* Where cairo's bytes go: the outfile (which keeps the first write error). */
static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    return outfile_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int render(cairo_surface_t *surface, const struct receipt_doc *docs, size_t n,
                  struct error *err)
{
    cairo_t *cr = cairo_create(surface);
    /*
     * A font map of our own, freed at the end: pango's default one lives
     * until the program ends and holds fontconfig patterns that leak
     * checkers report.
     */
    PangoFontMap *fmap = pango_cairo_font_map_new();
    PangoContext *pctx = pango_font_map_create_context(fmap);
    cairo_font_options_t *fo = cairo_font_options_create();
    char *family = NULL;
    struct font_cache fonts = {{0}, 0};
    int rc = 0;

    pango_cairo_update_context(cr, pctx);

    pango_cairo_context_set_resolution(pctx, 72.0);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pctx, FALSE);

    {
        PangoFontDescription *desc = pango_font_description_new();
        PangoFont *font;
        pango_font_description_set_family_static(desc, FONT_FAMILY);
        pango_font_description_set_size(desc, (gint)(BODY_PT * PANGO_SCALE));
        font = pango_font_map_load_font(fmap, pctx, desc);
        pango_font_description_free(desc);
        if (!font) {
            rc = error_set(err, ERR_INTERNAL, _("no font found for '%s' (is fontconfig set up?)"),
                           FONT_FAMILY);
        } else {
            desc = pango_font_describe(font);
            family = xstrdup(nz(pango_font_description_get_family(desc)));
            pango_font_description_free(desc);
            g_object_unref(font);
        }
    }

    for (size_t i = 0; i < n && rc == 0; i++) {
        struct page pg = {.cr = cr,
                          .pctx = pctx,
                          .family = family,
                          .fonts = &fonts,
                          .doc = &docs[i],
                          .err = err,
                          .page_w = MM(paper_width_mm(docs[i].paper)),
                          .page_h = MM(paper_height_mm(docs[i].paper))};
        /* each receipt on its paper, from its first page on */
        cairo_pdf_surface_set_size(surface, pg.page_w, pg.page_h);
        rc = draw_page(&pg);
        made_clear(&pg);
        free(pg.made);
        if (rc == 0)
            cairo_show_page(cr);
    }
    if (rc == 0 && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = error_set(err, ERR_INTERNAL, _("cannot draw the receipt: %s"),
                       cairo_status_to_string(cairo_status(cr)));
    for (int i = 0; i < fonts.n; i++)
        g_object_unref(fonts.ok[i]);
    free(family);
    g_object_unref(pctx);
    g_object_unref(fmap);
    cairo_destroy(cr);
    return rc;
}

int receipt_pdf_render(struct outfile *of, const struct receipt_doc *docs, size_t n,
                       struct error *err)
{
    cairo_surface_t *surface;
    char date[32];
    int rc;

    if (n == 0)
        return error_set(err, ERR_INVALID, _("no receipts to write to '%s'"),
                         error_quote(of->path));
    for (size_t i = 0; i < n; i++)
        if ((rc = doc_check(&docs[i], i, err)) < 0)
            return rc;

    surface = cairo_pdf_surface_create_for_stream(sink_write, of, MM(paper_width_mm(docs[0].paper)),
                                                  MM(paper_height_mm(docs[0].paper)));
    /* The date of the (first) receipt, not the clock: a reprint is identical. */
    snprintf(date, sizeof(date), "%.10sT00:00:00", docs[0].date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "capphat");
    if (n == 1) {
        char *title = xasprintf(
            "%s %s", docs[0].is_return ? "Biên bản thu hồi" : "Biên bản bàn giao", docs[0].number);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
        free(title);
    } else {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Biên bản bàn giao");
    }

    rc = render(surface, docs, n, err);
    cairo_surface_finish(surface);
    outfile_flush(of);
    if (rc == 0 && of->err_no)
        rc = outfile_error(err, of->path, of->dir, of->err_no);
    else if (rc == 0 && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        rc = error_set(err, ERR_INTERNAL, _("cannot write '%s': %s"), error_quote(of->path),
                       cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);
    return rc;
}

int receipt_pdf_write(const char *path, unsigned out_flags, const struct receipt_doc *docs,
                      size_t n, struct error *err)
{
    struct outfile of;
    int rc;

    if (n == 0)
        return error_set(err, ERR_INVALID, _("no receipts to write to '%s'"), error_quote(path));
    for (size_t i = 0; i < n; i++)
        if ((rc = doc_check(&docs[i], i, err)) < 0)
            return rc;
    if ((rc = outfile_open(&of, path, ".pdf", out_flags, err)) != 0)
        return rc;
    if ((rc = receipt_pdf_render(&of, docs, n, err)) != 0) {
        outfile_abort(&of);
        return rc;
    }
    return outfile_commit(&of, err);
}

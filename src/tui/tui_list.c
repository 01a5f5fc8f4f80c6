/*
 * tui_list: the paged list widget (see tui_list.h). Only the rows on screen
 * are held in memory; moving past them fetches the next page.
 */
#include "tui_list.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

void tui_list_init(struct tui_list *l, const struct tui_col *cols, int ncols)
{
    memset(l, 0, sizeof *l);
    l->cols = cols;
    l->ncols = ncols;
    strbuf_init(&l->search, 0);
    l->generation = -1;
    for (int i = 0; i < ncols; i++)
        if (cols[i].sort >= 0) {
            l->sort_col = i;
            break;
        }
}

static void page_clear(struct tui_list *l)
{
    for (int i = 0; i < l->page_n * l->ncols; i++)
        free(l->cells[i]);
    l->page_n = 0;
    l->page_valid = 0;
}

void tui_list_release(struct tui_list *l)
{
    page_clear(l);
    free(l->cells);
    free(l->ids);
    free(l->search_fold);
    strbuf_release(&l->search);
}

void tui_list_reload(struct tui_list *l)
{
    page_clear(l);
    l->counted = 0;
}

void tui_list_row(struct tui_list *l, long long id, const char *const *cells)
{
    if (l->page_n >= l->page_alloc) {
        l->page_alloc = l->page_alloc ? l->page_alloc * 2 : 64;
        l->ids = xrealloc(l->ids, l->page_alloc * sizeof *l->ids);
        l->cells = xrealloc(l->cells, l->page_alloc * l->ncols * sizeof *l->cells);
    }
    l->ids[l->page_n] = id;
    for (int c = 0; c < l->ncols; c++)
        l->cells[l->page_n * l->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
    l->page_n++;
}

/*
 * Read rows [top, end) by the cheapest way the store offers: counting from
 * the start or (reversed) from the end, or continuing from a row of the
 * page on screen, downwards or upwards; the cost is the rows skipped.
 */
static void fetch_page(struct tui_list *l, long long end)
{
    long long want = l->top, n = end - l->top;
    struct tui_page pg = {0, 0, want, (int)n};
    long long cost = want;

    if (l->total - end < cost) {
        pg = (struct tui_page){0, 1, l->total - end, (int)n};
        cost = l->total - end;
    }
    if (l->page_valid && l->page_n > 0) {
        long long first = l->page_off, last = l->page_off + l->page_n - 1;
        /* downwards from the nearest row shown above the rows wanted */
        long long p = want - 1 < last ? want - 1 : last;
        if (p >= first && want - p - 1 < cost) {
            pg = (struct tui_page){l->ids[p - first], 0, want - p - 1, (int)n};
            cost = want - p - 1;
        }
        /* upwards from the nearest row shown below them */
        p = end > first ? end : first;
        if (p <= last && p - end < cost) {
            pg = (struct tui_page){l->ids[p - first], 1, p - end, (int)n};
            cost = p - end;
        }
    }
    page_clear(l);
    l->page_off = want;
    l->fetch_page(l, &pg);
    if (pg.reverse) {
        /* nearest first: put them back in order, ending at end - 1 */
        for (int i = 0, j = l->page_n - 1; i < j; i++, j--) {
            long long id = l->ids[i];
            l->ids[i] = l->ids[j];
            l->ids[j] = id;
            for (int c = 0; c < l->ncols; c++) {
                char *t = l->cells[i * l->ncols + c];
                l->cells[i * l->ncols + c] = l->cells[j * l->ncols + c];
                l->cells[j * l->ncols + c] = t;
            }
        }
        l->page_off = end - l->page_n;
    }
}

static void ensure(struct tui_list *l, int rows)
{
    if (l->generation != tui->generation) {
        l->generation = tui->generation;
        tui_list_reload(l);
    }
    if (!l->counted) {
        l->total = l->count(l);
        l->counted = 1;
        page_clear(l);
    }
    if (l->cur >= l->total)
        l->cur = l->total - 1;
    if (l->cur < 0)
        l->cur = 0;
    if (rows < 1)
        rows = 1;
    if (l->cur < l->top)
        l->top = l->cur;
    if (l->cur >= l->top + rows)
        l->top = l->cur - rows + 1;
    if (l->top > l->total - rows)
        l->top = l->total - rows;
    if (l->top < 0)
        l->top = 0;
    long long need_end = l->top + rows < l->total ? l->top + rows : l->total;
    if (!l->page_valid || l->top < l->page_off || need_end > l->page_off + l->page_n) {
        if (l->fetch_page && l->total > 0) {
            fetch_page(l, need_end);
        } else {
            page_clear(l);
            l->page_off = l->top;
            if (l->total > 0)
                l->fetch(l, l->page_off, rows);
        }
        l->page_valid = 1;
    }
    l->rows_shown = rows;
}

/* The columns column c's cells on screen (and its title) take. */
static int content_width(const struct tui_list *l, int c)
{
    int need = tui_width(_(l->cols[c].title)) + 1; /* the sort mark */
    for (int r = 0; r < l->rows_shown; r++) {
        long long pi = l->top + r - l->page_off;
        if (l->top + r >= l->total || pi < 0 || pi >= l->page_n)
            break;
        int w = tui_width(l->cells[pi * l->ncols + c]);
        if (w > need)
            need = w;
    }
    return need;
}

/*
 * Columns give way by priority (their weight) so that the texts that
 * matter stay whole: a column whose cells on screen are cut takes first
 * the room other columns leave empty (a column of numbers or IDs too),
 * then room from columns of a lower weight, the widest first, down to
 * MIN_GIVE (the model is shortened before the holder: "Thươ…" is not
 * "Thượng"). Columns of weight 0 (an IMEI, a number) take nothing and
 * never have their cells cut to give.
 */
#define MIN_GIVE 6
static void give_way(const struct tui_list *l, int *out)
{
    int need[32];
    for (int c = 0; c < l->ncols; c++)
        need[c] = out[c] < 0 ? 0 : content_width(l, c);
    for (int pass = 0; pass < l->ncols; pass++) {
        /* the column of the highest weight still cut */
        int c = -1;
        for (int k = 0; k < l->ncols; k++)
            if (out[k] >= 0 && l->cols[k].weight && out[k] < need[k] &&
                (c < 0 || l->cols[k].weight > l->cols[c].weight))
                c = k;
        if (c < 0)
            return;
        int lack = need[c] - out[c];
        /* room left empty by any column */
        for (int d = 0; d < l->ncols && lack; d++) {
            if (d == c || out[d] < 0 || out[d] <= need[d])
                continue;
            int give = out[d] - need[d] < lack ? out[d] - need[d] : lack;
            out[d] -= give;
            out[c] += give;
            lack -= give;
        }
        /* then room of lower columns, the widest first */
        while (lack) {
            int d = -1;
            for (int k = 0; k < l->ncols; k++)
                if (out[k] > MIN_GIVE && l->cols[k].weight &&
                    l->cols[k].weight < l->cols[c].weight && (d < 0 || out[k] > out[d]))
                    d = k;
            if (d < 0)
                break;
            out[d]--;
            out[c]++;
            lack--;
        }
        need[c] = out[c]; /* done with it, whole or not */
    }
}

/* The width of each column; -1 for a column hidden at this width (or,
 * aside, one that steps aside). */
static void layout(const struct tui_list *l, int wd, int aside, int *out)
{
    int used = 0, weights = 0;
    for (int c = 0; c < l->ncols; c++) {
        if (l->cols[c].wide > wd || (aside && l->cols[c].steps_aside)) {
            out[c] = -1;
            continue;
        }
        out[c] = l->cols[c].min;
        used += out[c] + 1;
        weights += l->cols[c].weight;
    }
    int extra = wd - used;
    if (extra > 0 && weights > 0) {
        int given = 0;
        for (int c = 0; c < l->ncols; c++) {
            if (out[c] < 0)
                continue;
            int e = extra * l->cols[c].weight / weights;
            out[c] += e;
            given += e;
        }
        for (int c = l->ncols - 1; c >= 0; c--)
            if (out[c] >= 0 && l->cols[c].weight) {
                out[c] += extra - given;
                break;
            }
    }
    /* too narrow: shrink from the right */
    for (int c = l->ncols - 1; c >= 0 && used > wd; c--) {
        if (out[c] < 0)
            continue;
        int cut = used - wd;
        if (cut > out[c] - 1)
            cut = out[c] - 1;
        out[c] -= cut;
        used -= cut;
    }
    give_way(l, out);
}

/* The columns of names (weighted) whose cells on screen are cut. */
static int names_cut(const struct tui_list *l, const int *out)
{
    int n = 0;
    for (int c = 0; c < l->ncols; c++)
        n += out[c] >= 0 && l->cols[c].weight && out[c] < content_width(l, c);
    return n;
}

/* The width of each column, -1 for one hidden: the columns that step
 * aside do when that leaves fewer names cut. */
static void widths(const struct tui_list *l, int wd, int *out)
{
    int alt[32];
    layout(l, wd, 0, out);
    int cut = names_cut(l, out), any = 0;
    for (int c = 0; c < l->ncols; c++)
        any |= l->cols[c].steps_aside && out[c] >= 0;
    if (!cut || !any)
        return;
    layout(l, wd, 1, alt);
    if (names_cut(l, alt) < cut)
        memcpy(out, alt, (size_t)l->ncols * sizeof *out);
}

/* At TUI_DETAIL_WIDTH columns and more, the selected row's record beside
 * the rows: the rows take three fifths, a line, then the record. Returns
 * the width left for the rows. */
static int draw_detail(struct tui_list *l, WINDOW *w, int y, int h, int wd)
{
    if (l->detail == LIST_DETAIL_NONE || wd < TUI_DETAIL_WIDTH)
        return wd;
    int lw = wd * 3 / 5;
    wattrset(w, tui_attr(ATTR_DIM));
    mvwvline(w, y, lw, ACS_VLINE, h);
    wattrset(w, A_NORMAL);
    tui_record_panel(w, y, lw + 2, h, wd - lw - 3, l->detail == LIST_DETAIL_PERSON,
                     tui_list_current(l));
    return lw - 1;
}

/*
 * A cell in width columns: cut, when it must be, after its last word that
 * fits ("Bằng Thành ←…", not "Bằng Thành ← Nhạ…"), so that no word of a
 * name shows cut ("Thươ…" is not "Thượng"); a first word longer than the
 * column is cut as tui_put cuts.
 */
static void put_cell(WINDOW *w, int y, int x, int width, const char *s, int attr)
{
    if (tui_width(s) <= width || !strchr(s, ' ')) {
        tui_put(w, y, x, width, s, attr);
        return;
    }
    size_t n = strlen(s);
    char *t = xmalloc(n + sizeof "…"); /* room for "…" after any word */
    char *sp;
    memcpy(t, s, n + 1);
    while ((sp = strrchr(t, ' ')) != NULL) {
        *sp = '\0';
        if (tui_width(t) + 1 <= width) {
            strcpy(sp, "…");
            break;
        }
    }
    tui_put(w, y, x, width, sp ? t : s, attr);
    free(t);
}

void tui_list_draw(struct tui_list *l, WINDOW *w, int y, int h, int wd)
{
    int w_[32];
    int rows = h - 1 - (l->searching || l->search_fold ? 1 : 0);
    ensure(l, rows);
    wd = draw_detail(l, w, y, h, wd);
    l->width = wd;
    widths(l, wd, w_);
    int x = 0;
    for (int c = 0; c < l->ncols; c++) {
        if (w_[c] < 0)
            continue;
        struct strbuf t = STRBUF_INIT;
        strbuf_addstr(&t, _(l->cols[c].title));
        if (c == l->sort_col && l->cols[c].sort >= 0)
            strbuf_addstr(&t, l->desc ? "▼" : "▲");
        if (l->cols[c].right)
            tui_put_right(w, y, x, w_[c], t.buf, tui_attr(ATTR_HEADER));
        else
            tui_put_pad(w, y, x, w_[c], t.buf, tui_attr(ATTR_HEADER));
        strbuf_release(&t);
        x += w_[c] + 1;
    }
    l->y0 = y + 1;
    for (int r = 0; r < rows; r++) {
        long long i = l->top + r;
        int pi = (int)(i - l->page_off);
        if (i >= l->total || pi < 0 || pi >= l->page_n)
            break;
        int attr = i == l->cur ? tui_attr(ATTR_SELECTED) : 0;
        if (i == l->cur) {
            wattrset(w, attr);
            mvwhline(w, y + 1 + r, 0, ' ', wd);
        }
        x = 0;
        for (int c = 0; c < l->ncols; c++) {
            if (w_[c] < 0)
                continue;
            const char *s = l->cells[pi * l->ncols + c];
            if (l->cols[c].right)
                tui_put_right(w, y + 1 + r, x, w_[c], s, attr);
            else
                put_cell(w, y + 1 + r, x, w_[c], s, attr);
            x += w_[c] + 1;
        }
    }
    if (l->total == 0)
        tui_put(w, y + 2, 2, wd - 4,
                l->search_fold ? _("nothing matches the search")
                               : (l->empty_text ? _(l->empty_text) : _("no rows")),
                tui_attr(ATTR_DIM));
    if (l->searching || l->search_fold) {
        struct strbuf s = STRBUF_INIT;
        strbuf_addf(&s, "%s %s", _("Search:"), l->search.buf);
        int sy = y + h - 1;
        tui_put(w, sy, 0, wd, s.buf, l->searching ? tui_attr(ATTR_TITLE) : 0);
        char *n = xasprintf(_("%lld found"), l->total);
        tui_put_right(w, sy, 0, wd - 1, n, tui_attr(ATTR_DIM));
        free(n);
        if (l->searching) {
            struct view *top = tui_top();
            top->show_cursor = 1;
            top->cursor_y = sy;
            top->cursor_x = tui_width(s.buf);
        }
        strbuf_release(&s);
    }
}

static void search_changed(struct tui_list *l)
{
    free(l->search_fold);
    l->search_fold = NULL;
    if (l->search.len) {
        char *f = text_fold(l->search.buf);
        if (*f)
            l->search_fold = f;
        else
            free(f);
    }
    l->cur = l->top = 0;
    tui_list_reload(l);
}

static void utf8_add(struct strbuf *sb, wint_t c)
{
    if (c < 0x80) {
        strbuf_addch(sb, (int)c);
    } else if (c < 0x800) {
        strbuf_addch(sb, 0xC0 | (c >> 6));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        strbuf_addch(sb, 0xE0 | (c >> 12));
        strbuf_addch(sb, 0x80 | ((c >> 6) & 0x3F));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    } else if (c < 0x110000) {
        strbuf_addch(sb, 0xF0 | (c >> 18));
        strbuf_addch(sb, 0x80 | ((c >> 12) & 0x3F));
        strbuf_addch(sb, 0x80 | ((c >> 6) & 0x3F));
        strbuf_addch(sb, 0x80 | (c & 0x3F));
    }
}

static void utf8_pop(struct strbuf *sb)
{
    size_t n = sb->len;
    while (n > 0 && ((unsigned char)sb->buf[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0)
        n--;
    strbuf_setlen(sb, n);
}

long long tui_list_current(struct tui_list *l)
{
    /* keys typed before the first frame: read the page now */
    ensure(l, l->rows_shown > 0 ? l->rows_shown : 1);
    int pi = (int)(l->cur - l->page_off);
    if (!l->page_valid || pi < 0 || pi >= l->page_n)
        return 0;
    return l->ids[pi];
}

int tui_list_sort(const struct tui_list *l)
{
    return l->cols[l->sort_col].sort;
}

static void next_sort(struct tui_list *l)
{
    if (!l->desc) {
        l->desc = 1;
    } else {
        l->desc = 0;
        for (int i = 1; i <= l->ncols; i++) {
            int c = (l->sort_col + i) % l->ncols;
            if (l->cols[c].sort >= 0) {
                l->sort_col = c;
                break;
            }
        }
    }
    tui_list_reload(l);
}

/* A key while the operator types a search: characters and Backspace
 * edit it, Esc cancels it, Enter ends it (the search stays);
 * TUI_UNHANDLED for any other key. */
static int search_key(struct tui_list *l, enum tui_action a, const struct tui_key *k)
{
    if (k->is_char && k->ch >= 32 && k->ch != 127) {
        utf8_add(&l->search, k->ch);
        search_changed(l);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_CLEAR_SEARCH) {
        strbuf_reset(&l->search);
        search_changed(l);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (!k->is_char && k->code == KEY_BACKSPACE) {
        utf8_pop(&l->search);
        search_changed(l);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_BACK) {
        l->searching = 0;
        strbuf_reset(&l->search);
        search_changed(l);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == ACT_OPEN && !(!k->is_char && k->code == KEY_MOUSE)) {
        l->searching = 0;
        return TUI_HANDLED | TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

/* Up, Down, PgUp, PgDn, Home and End: the selected row moves, kept
 * within the list. */
static void move_selection(struct tui_list *l, enum tui_action a)
{
    int page = l->rows_shown > 1 ? l->rows_shown - 1 : 1;

    switch (a) {
    case ACT_UP:
        l->cur--;
        break;
    case ACT_DOWN:
        l->cur++;
        break;
    case ACT_PGUP:
        l->cur -= page;
        l->top -= page;
        break;
    case ACT_PGDN:
        l->cur += page;
        l->top += page;
        break;
    case ACT_HOME:
        l->cur = 0;
        break;
    case ACT_END:
        l->cur = l->total - 1;
        break;
    default:
        break;
    }
    if (l->cur >= l->total)
        l->cur = l->total - 1;
    if (l->cur < 0)
        l->cur = 0;
    if (l->top < 0)
        l->top = 0;
}

/* The next (or previous) match of the search: the list holds only the
 * matches, so the next row, round to the first after the last. */
static void next_match(struct tui_list *l, int forward)
{
    if (l->total <= 0)
        return;
    if (forward)
        l->cur = l->cur + 1 < l->total ? l->cur + 1 : 0;
    else
        l->cur = l->cur > 0 ? l->cur - 1 : l->total - 1;
}

/* A click on the header at column x: sort by the clicked column (again:
 * reverse). */
static void click_header(struct tui_list *l, int x)
{
    int wv[32], cx = 0;
    widths(l, l->width ? l->width : getmaxx(stdscr), wv);
    for (int c = 0; c < l->ncols; c++) {
        if (wv[c] < 0)
            continue;
        if (x >= cx && x < cx + wv[c] + 1 && l->cols[c].sort >= 0) {
            if (l->sort_col == c)
                l->desc = !l->desc;
            else
                l->sort_col = c, l->desc = 0;
            tui_list_reload(l);
        }
        cx += wv[c] + 1;
    }
}

/* A click (mouse_y below -1: a double click at row -2 - mouse_y): on the
 * header it sorts; on a row it selects it, and opens it when it was
 * selected already or on a double click. */
static int click(struct tui_list *l, const struct tui_key *k)
{
    int dbl = k->mouse_y < -1;
    int my = dbl ? -2 - k->mouse_y : k->mouse_y;
    if (my == l->y0 - 1) {
        click_header(l, k->mouse_x);
        return TUI_HANDLED | TUI_REDRAW;
    }
    long long row = l->top + (my - l->y0);
    if (my >= l->y0 && row < l->total && my < l->y0 + l->rows_shown) {
        int again = row == l->cur;
        l->cur = row;
        if (dbl || again)
            return TUI_HANDLED | TUI_REDRAW | TUI_LIST_OPEN;
    }
    return TUI_HANDLED | TUI_REDRAW;
}

int tui_list_key(struct tui_list *l, enum tui_action a, const struct tui_key *k)
{
    int r;

    /* keys typed before the first frame see the rows too */
    if (!l->counted || l->generation != tui->generation)
        ensure(l, l->rows_shown > 0 ? l->rows_shown : 1);
    if (l->searching && (r = search_key(l, a, k)) != TUI_UNHANDLED)
        return r;
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGUP:
    case ACT_PGDN:
    case ACT_HOME:
    case ACT_END:
        move_selection(l, a);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_SEARCH:
        if (l->search_fold && !k->is_char) {
            /* F3 again: the next match */
            next_match(l, 1);
            return TUI_HANDLED | TUI_REDRAW;
        }
        l->searching = 1;
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_NEXT_MATCH:
    case ACT_PREV_MATCH:
        if (!l->search_fold)
            return TUI_UNHANDLED;
        next_match(l, a == ACT_NEXT_MATCH);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_CLEAR_SEARCH:
        if (!l->search_fold && !l->search.len)
            return TUI_UNHANDLED;
        strbuf_reset(&l->search);
        search_changed(l);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_SORT:
        next_sort(l);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_BACK:
        if (l->search_fold) {
            strbuf_reset(&l->search);
            search_changed(l);
            return TUI_HANDLED | TUI_REDRAW;
        }
        return TUI_UNHANDLED;
    case ACT_OPEN:
        return l->total > 0 ? TUI_HANDLED | TUI_REDRAW | TUI_LIST_OPEN : TUI_HANDLED;
    default:
        if (!k->is_char && k->code == KEY_MOUSE && k->mouse_y != -1)
            return click(l, k);
        return TUI_UNHANDLED;
    }
}

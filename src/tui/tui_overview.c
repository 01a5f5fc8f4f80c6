/*
 * tui_overview: the Overview screen — per district and in total: people,
 * devices handed over, in stock, under repair or lost, trained, untrained,
 * receipts not signed back — with bars in block characters. On a new, empty
 * database it greets the operator with the first steps and offers a demo
 * round in a separate demo database.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo_app.h"
#include "app/seal_app.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/overview_store.h"
#include "store/person_search.h"
#include "tui_internal.h"

struct overview_view {
    struct overview o;
    long long generation;
    int loaded;
};

static void load(struct overview_view *ov)
{
    struct error err = ERROR_INIT;
    overview_release(&ov->o);
    if (overview_store_load(tui->app.db, &ov->o, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
    ov->generation = tui->generation;
    ov->loaded = 1;
}

static void load_work(void *arg)
{
    load(arg);
}

/* A bar of value/max in width columns, eighths of a cell in block characters. */
static void bar(struct strbuf *sb, long long value, long long max, int width)
{
    static const char *const part[8] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (max <= 0 || value <= 0 || width <= 0)
        return;
    long long eighths = value * width * 8 / max;
    if (eighths < 1)
        eighths = 1;
    for (long long i = 0; i < eighths / 8; i++)
        strbuf_addstr(sb, "█");
    strbuf_addstr(sb, part[eighths % 8]);
}

static char *num(long long n)
{
    return xasprintf("%lld", n);
}

static void draw_welcome(WINDOW *w, int h, int wd)
{
    int y = 1;
    tui_put(w, y++, 2, wd - 4, _("Welcome to capphat."), tui_attr(ATTR_TITLE));
    y++;
    tui_put(w, y++, 2, wd - 4,
            tui->created ? _("A new database was created:") : _("The database is still empty:"),
            A_NORMAL);
    tui_put(w, y++, 4, wd - 6, db_path(tui->app.db), tui_attr(ATTR_OK));
    tui_put(w, y++, 2, wd - 4, _("It holds the provinces, districts, communes and ethnic groups."),
            A_NORMAL);
    y++;
    tui_put(w, y++, 2, wd - 4, _("First steps:"), tui_attr(ATTR_HEADER));
    tui_put(w, y++, 4, wd - 6, _("1. Import the lists you already keep (Excel or CSV):"), A_NORMAL);
    tui_put(w, y++, 7, wd - 9, _("press 2 (People) or 3 (Devices), then F2; or, from a shell:"),
            A_NORMAL);
    tui_put(w, y++, 7, wd - 9, "capphat import persons danh-sach.xlsx", tui_attr(ATTR_OK));
    tui_put(w, y++, 7, wd - 9, "capphat import devices imei.xlsx", tui_attr(ATTR_OK));
    tui_put(w, y++, 4, wd - 6, _("2. Add people: press 2 (People), then F7."), A_NORMAL);
    tui_put(w, y++, 4, wd - 6,
            _("3. Register phones: press 3 (Devices), then F8 to scan IMEIs one by one."),
            A_NORMAL);
    tui_put(w, y++, 4, wd - 6, _("4. Hand them over: press 4 (Handover)."), A_NORMAL);
    y++;
    tui_put(w, y++, 2, wd - 4,
            _("To try capphat first, press F7: a demo round opens in a separate database;"),
            tui_attr(ATTR_TITLE));
    tui_put(w, y++, 2, wd - 4, _("nothing of it mixes with your real data. F1 shows every key."),
            tui_attr(ATTR_TITLE));
}

/* The columns of the table: the name's width, each number's, the bar's. */
struct ov_cols {
    int nw, cn, barw;
};

/* The title and the line of device counts. */
static void draw_header(const struct overview *o, WINDOW *w, int wd)
{
    char *title = tui->demo ? xasprintf("%s — %s", _("Overview"), _("DEMO database"))
                            : xstrdup(_("Overview"));
    tui_put(w, 0, 1, wd - 2, title, tui_attr(ATTR_TITLE));
    free(title);
    char *dev = xasprintf(_("Devices: %lld · in stock %lld · handed over %lld · repair %lld · "
                            "lost %lld · written off %lld · training sessions %lld"),
                          o->devices, o->in_stock, o->handed_over, o->repair, o->lost,
                          o->written_off, o->sessions);
    tui_put(w, 1, 1, wd - 2, dev, A_NORMAL);
    free(dev);
}

/* columns: name, people, handed, bar, repair/lost, trained, untrained, unsigned */
static void draw_column_heads(WINDOW *w, int y, const struct ov_cols *cols)
{
    const char *heads[] = {_("Old district"), _("Persons"), _("Handed"),   "",
                           _("Rep/lost"),     _("Trained"), _("Untrain."), _("Unsigned")};
    int x = 1;
    tui_put_pad(w, y, x, cols->nw, heads[0], tui_attr(ATTR_HEADER));
    x += cols->nw + 1;
    for (int c = 1; c <= 2; c++, x += cols->cn)
        tui_put_right(w, y, x, cols->cn - 1, heads[c], tui_attr(ATTR_HEADER));
    tui_put_pad(w, y, x, cols->barw, _("handed over / people"), tui_attr(ATTR_HEADER));
    x += cols->barw + 1;
    for (int c = 4; c <= 7; c++, x += cols->cn)
        tui_put_right(w, y, x, cols->cn - 1, heads[c], tui_attr(ATTR_HEADER));
}

/* The bar of row r at x, max people filling it: handed over in full
 * blocks, the people still waiting in light shade, then the percentage. */
static void draw_bar(WINDOW *w, int y, int x, const struct overview_row *r, long long max, int barw,
                     int attr)
{
    struct strbuf b1 = STRBUF_INIT, b2 = STRBUF_INIT;
    int bw = barw - 5;
    bar(&b2, r->handed, max, bw);
    int hw = text_width(b2.buf);
    int pw = max > 0 ? (int)((r->people * bw + max - 1) / max) : 0;
    if (pw > bw)
        pw = bw;
    for (int i = hw; i < pw; i++)
        strbuf_addstr(&b1, "░");
    tui_put(w, y, x, bw, b2.buf, tui_attr(ATTR_BAR1));
    tui_put(w, y, x + hw, bw - hw, b1.buf, tui_attr(ATTR_DIM));
    char *pct = xasprintf("%3lld%%", r->people ? r->handed * 100 / r->people : 0);
    tui_put_right(w, y, x + barw - 5, 5, pct, attr);
    free(pct);
    strbuf_release(&b1);
    strbuf_release(&b2);
}

/* One row of the table: a district's, or the total's (attr set). */
static void draw_row(WINDOW *w, int y, const struct overview_row *r, const char *name,
                     long long max, const struct ov_cols *cols, int attr)
{
    long long vals[7] = {r->people,    r->handed,           0, r->repair_lost, r->trained,
                         r->untrained, r->unsigned_receipts};
    int x = 1;
    tui_put_pad(w, y, x, cols->nw, name, attr);
    x += cols->nw + 1;
    for (int c = 0; c < 2; c++, x += cols->cn) {
        char *s = num(vals[c]);
        tui_put_right(w, y, x, cols->cn - 1, s, attr);
        free(s);
    }
    draw_bar(w, y, x, r, max, cols->barw, attr);
    x += cols->barw + 1;
    for (int c = 3; c < 7; c++, x += cols->cn) {
        char *s = num(vals[c]);
        int a = attr;
        if ((c == 3 || c == 5 || c == 6) && vals[c] > 0)
            a |= tui_attr(ATTR_ERROR);
        tui_put_right(w, y, x, cols->cn - 1, s, a);
        free(s);
    }
}

/* The districts' rows from y, then a line and the total, as many as fit
 * above h - 2; returns the row after them. */
static int draw_rows(const struct overview *o, WINDOW *w, int y, int h, int wd,
                     const struct ov_cols *cols)
{
    long long max = 1;
    for (size_t i = 0; i < o->n; i++)
        if (o->rows[i].people > max)
            max = o->rows[i].people;
    for (size_t i = 0; i <= o->n && y < h - 2; i++) {
        const struct overview_row *r = i < o->n ? &o->rows[i] : &o->total;
        int attr = i < o->n ? 0 : tui_attr(ATTR_TITLE);
        if (i == o->n) {
            tui_hline(w, y++, 1, wd - 2, tui_attr(ATTR_DIM));
            max = r->people > 0 ? r->people : 1;
        }
        draw_row(w, y, r,
                 i == o->n  ? _("Total")
                 : *r->name ? r->name
                            : _("(across two)"),
                 max, cols, attr);
        y++;
    }
    return y;
}

/* What the columns mean, where there is room; returns the next row. */
static int draw_notes(const struct overview *o, WINDOW *w, int y, int h, int wd)
{
    if (y >= h - 1)
        return y;
    y++;
    tui_put(w, y++, 1, wd - 2,
            _("Untrained: holders of a phone never trained. Unsigned: receipts not signed "
              "back."),
            tui_attr(ATTR_DIM));
    if (y < h - 1)
        tui_put(w, y++, 1, wd - 2,
                _("Old district: each commune's district of 2023 (districts ended on 1 July "
                  "2025)."),
                tui_attr(ATTR_DIM));
    if (y < h - 1 && o->n && o->rows[o->n - 1].unit_id == 0)
        tui_put(w, y++, 1, wd - 2,
                _("(across two): communes of 2025 formed from communes of two districts."),
                tui_attr(ATTR_DIM));
    return y;
}

/* What the demo shows of the reorganisation of 1 July 2025. */
static void draw_demo_notes(WINDOW *w, int y, int wd)
{
    y++;
    tui_put(w, y++, 1, wd - 2,
            _("Demo: round 2023 handed out in early 2024 in Bắc Kạn's communes and districts;"),
            tui_attr(ATTR_DIM));
    tui_put(w, y++, 1, wd - 2,
            _("round 2025 handed out in autumn 2025 in Thái Nguyên's communes (no districts)."),
            tui_attr(ATTR_DIM));
    tui_put(w, y++, 1, wd - 2,
            _("People: 'Ba Bể ← Cao Thượng' = the commune today ← the one of the records."),
            tui_attr(ATTR_DIM));
}

static void ov_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct overview_view *ov = v->data;
    if (!ov->loaded || ov->generation != tui->generation) {
        /* counting 100,000 rows takes a moment: draw first, count after */
        tui->work = load_work;
        tui->work_arg = ov;
        if (!ov->loaded) {
            tui_put(w, 1, 2, wd - 4, _("Counting…"), tui_attr(ATTR_DIM));
            return;
        }
    }
    struct overview *o = &ov->o;
    if (o->n == 0 && o->devices == 0 && !tui->demo) {
        draw_welcome(w, h, wd);
        return;
    }
    struct ov_cols cols = {12, wd >= 96 ? 9 : 8, 0};
    cols.barw = wd - 2 - cols.nw - 6 * cols.cn - 1;
    if (cols.barw < 6)
        cols.barw = 6;
    draw_header(o, w, wd);
    draw_column_heads(w, 3, &cols);
    int y = draw_rows(o, w, 4, h, wd, &cols);
    y = draw_notes(o, w, y, h, wd);
    if (tui->demo && y + 3 < h)
        draw_demo_notes(w, y, wd);
}

/* The demo database in a folder of its own beside the real one, so that
 * its receipts (the receipts folder is the database's) and backups never
 * lie among the real ones. */
static void demo_path(char *out, size_t n)
{
    char *copy = xstrdup(tui->db_path);
    char *dir = xasprintf("%s/capphat-demo", dirname(copy));
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        tui_log("cannot make the demo folder %s: %s", dir, strerror(errno));
    snprintf(out, n, "%s/capphat-demo.db", dir);
    free(dir);
    free(copy);
}

static void open_db(const char *path, int demo)
{
    struct app next;
    struct error err = ERROR_INIT;
    int created = 0;
    if (app_open(&next, path, DB_OPEN_CREATE, &created, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    if (demo) {
        struct person_query q = {.active = -1};
        long long n = 0;
        person_search_count(next.db, &q, &n, NULL);
        if (n == 0) {
            struct demo_options o = {.handovers = -1, .sessions = -1, .seed = 1};
            if (demo_app_fill(&next, &o, &err) != 0) {
                tui_status(1, "%s", error_msg(&err));
                error_clear(&err);
                app_close(&next);
                return;
            }
        }
    }
    app_close(&tui->app);
    app_move(&tui->app, &next);
    seal_app_defer(&tui->app); /* as the first register's (tui.c) */
    tui->demo = demo;
    tui_changed();
    tui_status(0,
               demo ? _("demo database open (F7 goes back to the real one): %s")
                    : _("real database open: %s"),
               path);
    tui_notices(&tui->app);
}

static void demo_answer(void *arg, int yes)
{
    char path[4096];
    (void)arg;
    if (!yes)
        return;
    demo_path(path, sizeof path);
    open_db(path, 1);
}

static int ov_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    if (a == ACT_DEMO) {
        if (tui->demo) {
            open_db(tui->db_path, 0);
        } else {
            char path[4096], *q;
            demo_path(path, sizeof path);
            q = xasprintf(_("Open a demo (375 people and their phones, a round before and one "
                            "after the reorganisation of 1 July 2025) in the separate database "
                            "%s? Your real data is not touched."),
                          path);
            tui_ask(q, demo_answer, NULL);
            free(q);
        }
        return TUI_HANDLED | TUI_REDRAW;
    }
    return TUI_UNHANDLED;
}

static void ov_close(struct view *v)
{
    struct overview_view *ov = v->data;
    overview_release(&ov->o);
    free(ov);
}

static const enum tui_action ov_bar[] = {ACT_REFRESH, ACT_DEMO, ACT_NONE};
static const struct view_ops ov_ops = {
    .name = "overview",
    .draw = ov_draw,
    .key = ov_key,
    .close = ov_close,
    .keymap = KEYMAP_OVERVIEW,
    .fbar = ov_bar,
};

struct view *tui_overview_new(void)
{
    return tui_view_new(&ov_ops, xcalloc(1, sizeof(struct overview_view)));
}

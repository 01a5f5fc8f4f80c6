/*
 * tui_import: the import wizard of the People and Devices screens (F2).
 * Step 1 asks for the file (and, for devices, a model and price for rows
 * that lack them; a workbook's sheet, chosen from its visible ones, or every one); step 2 shows
 * the column mapping columns_match found and the first data rows; Enter on a column changes its
 * field (an override "COLUMN=FIELD"); F3 checks (import_app_run with dry_run) and shows the
 * counts, the rows skipped (not records, hidden) and the first rejected rows; F2
 * imports, skipping rejected rows when the operator agrees, with a progress bar; F6 saves the
 * rejected rows to a CSV file to correct and import again (io/rejects_file, as import --errors).
 * Every rule is in src/app/import_app.c; this file only asks and shows.
 */
#include <stdlib.h>
#include <string.h>

#include "app/import_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/columns.h"
#include "io/outfile.h"
#include "io/rejects_file.h"
#include "io/table_reader.h"
#include "tui_filepick.h"
#include "tui_form.h"

#define SAMPLE_ROWS 5
#define REJECT_ROWS 5
#define MAX_OVERRIDES 64
/* Rejected rows kept for saving: past this, the file says so in a last row. */
#define KEPT_MAX 100000

struct kept_reject {
    long row;
    char *reason;
    char **cells;
    size_t n;
};

struct sample_row {
    long number;
    size_t n;
    char **cells;
};

struct wizard {
    enum import_kind kind;
    char *path, *model, *price;
    char *as_of; /* persons: the date the file names its communes on (ISO), or NULL */
    char *sheet; /* the workbook's sheet, "all", or NULL for the first visible one */
    /* overrides "COLUMN=FIELD", by header text */
    char *overrides[MAX_OVERRIDES];
    size_t n_overrides;
    /* the preview */
    struct columns_map map;
    int have_map;
    const char *encoding;
    char *error;
    struct sample_row rows[SAMPLE_ROWS];
    int n_rows;
    int cur; /* the selected column */
    /* the check and the import */
    int checked, done, running;
    struct import_result res;
    int rc;
    long reject_row[REJECT_ROWS];
    char *reject_reason[REJECT_ROWS];
    int n_rejects;
    /* every rejected row of the last check or import, for F6: the list's
     * header and each row's number, reason and cells */
    char **kept_header;
    size_t n_kept_header;
    struct kept_reject *kept;
    size_t n_kept, kept_alloc;
    double progress;
    int drawn_percent;
    const char *step; /* what a running import does now (on_step), or NULL */
};

static void cells_free(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

static char **cells_dup(const char *const *cells, size_t n)
{
    char **out = xcalloc(n ? n : 1, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(cells[i] ? cells[i] : "");
    return out;
}

static void rejects_clear(struct wizard *wz)
{
    for (int i = 0; i < wz->n_rejects; i++)
        free(wz->reject_reason[i]);
    wz->n_rejects = 0;
    for (size_t i = 0; i < wz->n_kept; i++) {
        free(wz->kept[i].reason);
        cells_free(wz->kept[i].cells, wz->kept[i].n);
    }
    free(wz->kept);
    wz->kept = NULL;
    wz->n_kept = wz->kept_alloc = 0;
    cells_free(wz->kept_header, wz->n_kept_header);
    wz->kept_header = NULL;
    wz->n_kept_header = 0;
}

static void preview_clear(struct wizard *wz)
{
    if (wz->have_map)
        columns_map_release(&wz->map);
    wz->have_map = 0;
    for (int i = 0; i < wz->n_rows; i++) {
        for (size_t j = 0; j < wz->rows[i].n; j++)
            free(wz->rows[i].cells[j]);
        free(wz->rows[i].cells);
    }
    wz->n_rows = 0;
    free(wz->error);
    wz->error = NULL;
}

/* Read the header and the first rows again with the current overrides. */
static int preview_load(struct wizard *wz, struct error *err)
{
    preview_clear(wz);
    /* "all": the preview is the first visible sheet's */
    struct table_reader_opts ro = {wz->sheet && strcmp(wz->sheet, "all") ? wz->sheet : NULL};
    struct table_reader *r = table_reader_open(wz->path, &ro, err);
    if (!r)
        return -1;
    memset(&wz->map, 0, sizeof wz->map);
    int rc = columns_match(wz->kind == IMPORT_PERSONS ? COLUMNS_PERSONS : COLUMNS_DEVICES, r,
                           (const char *const *)wz->overrides, wz->n_overrides, &wz->map, err);
    if (rc == 0) {
        wz->have_map = 1;
        struct table_row row;
        while (wz->n_rows < SAMPLE_ROWS && table_reader_next(r, &row, err) == 1) {
            struct sample_row *s = &wz->rows[wz->n_rows++];
            s->number = row.number;
            s->n = row.n_cells;
            s->cells = xcalloc(row.n_cells ? row.n_cells : 1, sizeof *s->cells);
            for (size_t j = 0; j < row.n_cells; j++)
                s->cells[j] = xstrdup(row.cells[j] ? row.cells[j] : "");
        }
        error_clear(err);
    }
    wz->encoding = table_reader_encoding(r);
    table_reader_free(r);
    if (wz->cur >= (int)wz->map.n_columns)
        wz->cur = 0;
    return rc;
}

static void wizard_free(struct wizard *wz)
{
    preview_clear(wz);
    rejects_clear(wz);
    import_result_release(&wz->res);
    for (size_t i = 0; i < wz->n_overrides; i++)
        free(wz->overrides[i]);
    free(wz->path);
    free(wz->model);
    free(wz->price);
    free(wz->as_of);
    free(wz->sheet);
    free(wz);
}

/* --- running the import ------------------------------------------------ */

static void on_reject(long row, const struct error *reason, int duplicate, const char *const *cells,
                      size_t n_cells, void *arg)
{
    struct wizard *wz = arg;
    (void)duplicate;
    if (wz->n_rejects < REJECT_ROWS) {
        wz->reject_row[wz->n_rejects] = row;
        wz->reject_reason[wz->n_rejects++] = xstrdup(error_msg(reason));
    }
    if (wz->n_kept > KEPT_MAX)
        return;
    if (wz->n_kept == wz->kept_alloc) {
        wz->kept_alloc = wz->kept_alloc ? 2 * wz->kept_alloc : 64;
        wz->kept = xrealloc(wz->kept, wz->kept_alloc * sizeof(*wz->kept));
    }
    struct kept_reject *k = &wz->kept[wz->n_kept++];
    k->row = row;
    /* one more than KEPT_MAX: a last row saying the others were left out */
    k->reason = wz->n_kept > KEPT_MAX
                    ? xasprintf(_("more than %d rows were rejected: the others are not in this "
                                  "file (import --errors writes them all)"),
                                KEPT_MAX)
                    : xstrdup(error_msg(reason));
    k->n = wz->n_kept > KEPT_MAX ? 0 : n_cells;
    k->cells = cells_dup(cells, k->n);
}

/* The list's header, which the file of the rejected rows repeats (the first sheet's). */
static void on_header(const char *const *cells, size_t n_cells, void *arg)
{
    struct wizard *wz = arg;
    if (wz->kept_header)
        return;
    wz->kept_header = cells_dup(cells, n_cells);
    wz->n_kept_header = n_cells;
}

/* A value left empty (a bad phone, CCCD, role or note): listed with the
 * rejected rows, so that nothing is left out without a word. */
static void on_warning(long row, const struct error *why, void *arg)
{
    struct wizard *wz = arg;
    if (wz->n_rejects < REJECT_ROWS) {
        wz->reject_row[wz->n_rejects] = row;
        wz->reject_reason[wz->n_rejects++] = xasprintf(_("warning: %s"), error_msg(why));
    }
}

static void on_progress(double fraction, void *arg)
{
    struct wizard *wz = arg;
    int percent = (int)(fraction * 100);
    wz->progress = fraction;
    /* The one place the screen is drawn outside the main loop: the import
     * is a single call that can run for a long time on a big list, and the
     * operator must see that it is going. Drawn only when the percentage
     * changes, so that drawing costs nothing next to the import. */
    if (wz->running && percent != wz->drawn_percent) {
        wz->drawn_percent = percent;
        tui_draw_now();
    }
}

static void on_step(const char *what, void *arg)
{
    struct wizard *wz = arg;
    wz->step = what;
    if (wz->running)
        tui_draw_now();
}

/* SIGTERM or a hang-up during the import: it stops and nothing is written,
 * rather than the program going on for minutes without its operator. */
static int stop(void *arg)
{
    (void)arg;
    return tui_interrupted();
}

/* The import's options from the wizard's answers (no callbacks). */
static void options_fill(const struct wizard *wz, struct import_options *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = wz->kind;
    o->path = wz->path;
    o->overrides = (const char *const *)wz->overrides;
    o->n_overrides = wz->n_overrides;
    o->model = wz->model;
    o->price = wz->price;
    o->as_of = wz->as_of;
    o->sheet = wz->sheet;
    o->stop = stop;
}

static void run(struct wizard *wz, int dry_run, int skip_invalid)
{
    struct error err = ERROR_INIT;
    struct import_options o;
    options_fill(wz, &o);
    o.dry_run = dry_run;
    o.skip_invalid = skip_invalid;
    o.on_reject = on_reject;
    o.on_header = on_header;
    o.on_warning = on_warning;
    o.on_progress = dry_run ? NULL : on_progress;
    o.on_step = dry_run ? NULL : on_step;
    o.arg = wz;
    rejects_clear(wz);
    import_result_release(&wz->res);
    memset(&wz->res, 0, sizeof wz->res);
    wz->progress = 0;
    wz->drawn_percent = -1;
    wz->running = !dry_run;
    wz->step = NULL;
    wz->rc = import_app_run(&tui->app, &o, &wz->res, &err);
    wz->running = 0;
    wz->step = NULL;
    if (wz->rc < 0) {
        if (tui_interrupted())
            tui_log("%s: %s", wz->path, error_msg(&err));
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    if (dry_run) {
        /* checked with skip_invalid: "imported" counts the good rows */
        wz->checked = 1;
        tui_status(wz->rc ? 1 : 0, _("check: %lld imported, %lld rejected, %lld duplicates"),
                   wz->res.imported, wz->res.rejected, wz->res.duplicates);
    } else {
        wz->done = 1;
        if (wz->res.imported)
            tui_changed();
        tui_status(wz->res.imported ? 0 : 1,
                   _("import: %lld imported, %lld rejected, %lld duplicates"), wz->res.imported,
                   wz->res.rejected, wz->res.duplicates);
    }
}

static void skip_answer(void *arg, int yes)
{
    struct wizard *wz = arg;
    if (yes)
        run(wz, 0, 1);
}

static void start_import(struct wizard *wz)
{
    if (wz->done) {
        /* the result stays as it was: nothing is imported twice */
        tui_status(1, "%s", _("this list has been imported; Esc closes the wizard"));
        return;
    }
    if (!wz->checked)
        run(wz, 1, 1);
    if (!wz->checked)
        return;
    if (!wz->res.imported) {
        /* no question about importing no row */
        tui_status(1, "%s",
                   wz->res.rejected || wz->res.duplicates
                       ? _("nothing to import: every row was rejected or is a duplicate (see "
                           "the rows below)")
                       : _("nothing to import: the list has no rows under its header"));
        return;
    }
    if (wz->res.rejected || wz->res.duplicates) {
        char *q = xasprintf(_("%lld rows were rejected and %lld are duplicates. Import the "
                              "%lld good rows and skip the others?"),
                            wz->res.rejected, wz->res.duplicates, wz->res.imported);
        tui_ask(q, skip_answer, wz);
        free(q);
        return;
    }
    run(wz, 0, 0);
}

/* --- saving the rejected rows ------------------------------------------ */

/* The rejected rows of the last check or import, written to the file the
 * form names (as import --errors writes them). */
static int save_rejects_save(struct tui_form *f, struct error *err)
{
    struct wizard *wz = f->arg;
    const char *path = tui_form_value(f, 0);
    struct rejects_file rf;
    outfile_protect_input(wz->path); /* the list itself, even when "replace" is answered */
    int rc = rejects_file_open(&rf, path, tui_form_replace(f, path), err);

    if (rc) {
        rejects_file_close(&rf, 0, NULL);
        return rc;
    }
    rejects_file_header(&rf, (const char *const *)wz->kept_header, wz->n_kept_header);
    for (size_t i = 0; i < wz->n_kept; i++)
        rejects_file_row(&rf, wz->kept[i].row, wz->kept[i].reason,
                         (const char *const *)wz->kept[i].cells, wz->kept[i].n);
    if ((rc = rejects_file_close(&rf, 1, err)) != 0)
        return rc;
    tui_status(0,
               ngettext("%ld rejected row saved to %s", "%ld rejected rows saved to %s",
                        (unsigned long)wz->n_kept),
               (long)wz->n_kept, path);
    return 0;
}

/* F6: the form asking where, "<list>-rejected.csv" beside the list. */
static void save_rejects_open(struct wizard *wz)
{
    if (!wz->checked && !wz->done) {
        tui_status(1, "%s", _("check the list first (F3): then its rejected rows can be saved"));
        return;
    }
    if (!wz->n_kept) {
        tui_status(0, "%s", _("no row was rejected: there is nothing to save"));
        return;
    }
    struct tui_form *f = tui_form_new(_("Save the rejected rows"), 1);
    const char *dot = strrchr(wz->path, '.'), *slash = strrchr(wz->path, '/');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - wz->path) : strlen(wz->path);
    char *base = xstrndup(wz->path, stem);
    char *path = xasprintf(C_("file name of the rejected rows", "%s-rejected.csv"), base);

    f->arg = wz;
    f->save = save_rejects_save;
    f->file_field = 0;
    tui_form_field(f, 0, "path", N_("File (.csv)"), FIELD_TEXT, 1);
    tui_form_set(f, 0, path, 0);
    free(path);
    free(base);
    tui_form_open(f);
}

/* --- changing a column's field ---------------------------------------- */

/* How an override names column c: its header text, or its letter when the
 * header above it is blank (letter: 8 bytes). */
static const char *column_ref(const struct wizard *wz, int c, char *letter)
{
    const char *text = wz->map.columns[c].text;
    for (const char *p = text; *p; p++)
        if (*p != ' ')
            return text;
    return columns_letter((size_t)c, letter);
}

struct remap {
    struct wizard *wz;
    int col;
};

static int remap_save(struct tui_form *f, struct error *err)
{
    struct remap *rm = f->arg;
    struct wizard *wz = rm->wz;
    long long id = f->fields[0].choice_id;
    if (!id)
        return error_set(err, ERR_INVALID, _("field '%s' is not in the list"),
                         error_quote(tui_form_value(f, 0)));
    const char *name = id == 1 ? "none" : column_field_name((enum column_field)(id - 2));
    char letter[8];
    const char *col = column_ref(wz, rm->col, letter);
    char *ov = xasprintf("%s=%s", col, name);
    /* a later override of the same column replaces the earlier one */
    size_t n = strlen(col) + 1;
    size_t i;
    for (i = 0; i < wz->n_overrides; i++)
        if (strncmp(wz->overrides[i], ov, n) == 0)
            break;
    if (i == wz->n_overrides) {
        if (wz->n_overrides >= MAX_OVERRIDES) {
            free(ov);
            return error_set(err, ERR_INVALID, _("too many changed columns"));
        }
        wz->n_overrides++;
    } else {
        free(wz->overrides[i]);
    }
    wz->overrides[i] = ov;
    wz->checked = 0;
    if (preview_load(wz, err) != 0) {
        /* keep the message on the wizard, and undo the change */
        wz->error = xstrdup(error_msg(err));
        free(wz->overrides[i]);
        wz->overrides[i] = wz->overrides[--wz->n_overrides];
        error_clear(err);
        struct error e2 = ERROR_INIT;
        preview_load(wz, &e2);
        error_clear(&e2);
        tui_status(1, "%s", wz->error ? wz->error : "");
    }
    return 0;
}

static void remap_release(struct tui_form *f)
{
    free(f->arg);
}

static void remap_open(struct wizard *wz)
{
    if (!wz->have_map || !wz->map.n_columns)
        return;
    char letter[8];
    char *title = xasprintf(_("Field of the column '%s'"), column_ref(wz, wz->cur, letter));
    struct tui_form *f = tui_form_new(title, 1);
    free(title);
    struct remap *rm = xcalloc(1, sizeof *rm);
    rm->wz = wz;
    rm->col = wz->cur;
    f->arg = rm;
    f->save = remap_save;
    f->release = remap_release;
    tui_form_field(f, 0, "field", N_("Field"), FIELD_CHOICE, 1);
    enum columns_kind ck = wz->kind == IMPORT_PERSONS ? COLUMNS_PERSONS : COLUMNS_DEVICES;
    /* shown by their label; the names of --map find them too */
    tui_choices_add(&f->fields[0].fixed, 1, column_field_label(COL_NONE), _("not imported"));
    tui_choices_alias(&f->fields[0].fixed, "none");
    for (int c = 0; c < COL_MAX; c++) {
        if (!columns_has_field(ck, (enum column_field)c))
            continue;
        tui_choices_add(&f->fields[0].fixed, c + 2, column_field_label((enum column_field)c), NULL);
        tui_choices_alias(&f->fields[0].fixed, column_field_name((enum column_field)c));
    }
    tui_form_open(f);
}

/* --- the wizard view --------------------------------------------------- */

static void put_fit(WINDOW *w, int y, int x, int width, const char *s, int attr)
{
    struct strbuf sb = STRBUF_INIT;
    text_fit(&sb, s, width, 0);
    tui_put(w, y, x, width, sb.buf, attr);
    strbuf_release(&sb);
}

/* The title with the file, its encoding and header row, the error of the
 * last change; returns the next row. */
static int draw_head(const struct wizard *wz, WINDOW *w, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    int y = 0;
    strbuf_addf(&sb, "%s: %s",
                wz->kind == IMPORT_PERSONS ? _("Import persons") : _("Import devices"), wz->path);
    put_fit(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_TITLE));
    strbuf_reset(&sb);
    if (wz->have_map)
        strbuf_addf(&sb, _("encoding %s, header in row %ld"), wz->encoding ? wz->encoding : "?",
                    wz->map.header_row);
    if (wz->have_map && wz->sheet)
        strbuf_addf(&sb, "; %s", !strcmp(wz->sheet, "all") ? _("every visible sheet") : wz->sheet);
    put_fit(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_DIM));
    if (wz->error)
        put_fit(w, y++, 1, wd - 2, wz->error, tui_attr(ATTR_ERROR));
    strbuf_release(&sb);
    return y;
}

/* The mapping from y: column letter, header text -> field, the selected one highlighted
 * (Enter changes it), scrolled to it; returns the next row. */
static int draw_mapping(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    int map_rows = (int)wz->map.n_columns;
    int room = h - y - 10;
    if (room < 3)
        room = 3;
    int first = wz->cur >= room ? wz->cur - room + 1 : 0;
    tui_put(w, y++, 1, wd - 2, _("Columns (Enter: change the field):"), tui_attr(ATTR_HEADER));
    for (int i = first; wz->have_map && i < map_rows && i < first + room && y < h; i++) {
        const struct columns_header *c = &wz->map.columns[i];
        char letter[8];
        /* the letter, then the header with its groups: "B Thông tin cá nhân / Họ và tên" */
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%-3s", columns_letter((size_t)i, letter));
        text_fit(&sb, c->text, 36, 1);
        strbuf_addf(&sb, " → %s", column_field_label(c->field));
        put_fit(w, y++, 3, wd - 4, sb.buf,
                i == wz->cur ? tui_attr(ATTR_SELECTED) : tui_attr(ATTR_NORMAL));
    }
    strbuf_release(&sb);
    return y;
}

/* The progress bar of a running or finished import; returns the next row. */
static int draw_progress(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    y++;
    int bw = wd - 12;
    int fill = (int)(wz->progress * bw);
    if (wz->done)
        fill = bw;
    strbuf_addch(&sb, '[');
    for (int i = 0; i < bw; i++)
        strbuf_addstr(&sb, i < fill ? "#" : " ");
    strbuf_addf(&sb, "] %3d%%", wz->done ? 100 : (int)(wz->progress * 100));
    if (y < h)
        tui_put(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_OK));
    strbuf_release(&sb);
    return y;
}

/* The first data rows, each cell fitted to its share of the width;
 * returns the next row. */
static int draw_sample(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    y++;
    if (y < h)
        tui_put(w, y++, 1, wd - 2, _("First rows:"), tui_attr(ATTR_HEADER));
    int nc = wz->map.n_columns ? (int)wz->map.n_columns : 1;
    int cw = (wd - 8) / nc;
    if (cw < 6)
        cw = 6;
    for (int r = 0; r < wz->n_rows && y < h; r++) {
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%5ld ", wz->rows[r].number);
        for (size_t j = 0; j < wz->rows[r].n && (int)j < nc; j++) {
            text_fit(&sb, wz->rows[r].cells[j], cw - 1, 1);
            strbuf_addch(&sb, ' ');
        }
        put_fit(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_NORMAL));
    }
    strbuf_release(&sb);
    return y;
}

/* Rejected row i with its reason, whole where there is room: up to 3
 * lines (the last one of the screen left for the hint), continued under
 * its text; returns the next row. */
static int draw_reject(const struct wizard *wz, int i, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, _("row %ld: %s"), wz->reject_row[i], wz->reject_reason[i]);
    char **rl;
    int nr = tui_wrap(sb.buf, wd - 6, &rl);
    int n = nr < 3 ? nr : 3;
    if (n > h - 1 - y)
        n = h - 1 - y;
    if (n < 1)
        n = 1;
    for (int l = 0; l < n && y < h; l++) {
        /* the last line shown takes the rest, cut with "…" */
        struct strbuf line = STRBUF_INIT;
        for (int j = l; j < (l + 1 < n ? l + 1 : nr); j++)
            strbuf_addf(&line, "%s%s", j > l ? " " : "", rl[j]);
        put_fit(w, y++, l ? 5 : 3, l ? wd - 6 : wd - 4, line.buf, tui_attr(ATTR_NORMAL));
        strbuf_release(&line);
    }
    for (int l = 0; l < nr; l++)
        free(rl[l]);
    free(rl);
    strbuf_release(&sb);
    return y;
}

/* text wrapped from y, at most max lines (the last one cut with "…");
 * returns the next row. */
static int draw_wrapped(WINDOW *w, int y, int h, int wd, const char *text, int max, int attr)
{
    char **lines;
    int n = tui_wrap(text, wd - 4, &lines);
    for (int l = 0; l < n && l < max && y < h - 1; l++) {
        struct strbuf line = STRBUF_INIT;
        /* the last line shown takes the rest */
        for (int j = l; j < (l + 1 < max ? l + 1 : n); j++)
            strbuf_addf(&line, "%s%s", j > l ? " " : "", lines[j]);
        put_fit(w, y++, l ? 3 : 1, l ? wd - 4 : wd - 2, line.buf, attr);
        strbuf_release(&line);
    }
    for (int l = 0; l < n; l++)
        free(lines[l]);
    free(lines);
    return y;
}

/* The rows that are not records and the hidden rows, skipped, and the
 * columns without a header left out; returns the next row. */
static int draw_skipped(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    if (wz->res.skips) {
        strbuf_addf(&sb, _("skipped: %s"), wz->res.skips);
        y = draw_wrapped(w, y, h, wd, sb.buf, 2, tui_attr(ATTR_DIM));
    }
    if (wz->res.hidden) {
        strbuf_reset(&sb);
        strbuf_addf(&sb,
                    ngettext("%lld hidden row skipped: %s", "%lld hidden rows skipped: %s",
                             (unsigned long)wz->res.hidden),
                    wz->res.hidden, wz->res.hidden_rows);
        y = draw_wrapped(w, y, h, wd, sb.buf, 1, tui_attr(ATTR_DIM));
    }
    for (const char *p = wz->res.unread; p && *p;) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        strbuf_reset(&sb);
        strbuf_addf(&sb, _("warning: %s"), line);
        free(line);
        y = draw_wrapped(w, y, h, wd, sb.buf, 2, tui_attr(ATTR_ERROR));
        p += n + (p[n] ? 1 : 0);
    }
    strbuf_release(&sb);
    return y;
}

/* The counts of the check or the import, the rows skipped and the first
 * rejected rows; returns the next row. */
static int draw_result(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    struct strbuf sb = STRBUF_INIT;
    y++;
    strbuf_addf(&sb, _("%s: %lld imported, %lld rejected, %lld duplicates"),
                wz->done ? C_("wizard result", "Import") : C_("wizard result", "Check"),
                wz->res.imported, wz->res.rejected, wz->res.duplicates);
    if (y < h)
        put_fit(w, y++, 1, wd - 2, sb.buf,
                tui_attr(wz->res.rejected || wz->res.duplicates ? ATTR_ERROR : ATTR_OK));
    strbuf_reset(&sb);
    if (wz->res.warnings || wz->res.near_duplicates)
        strbuf_addf(&sb, _("%lld values left empty, %lld possible duplicates (see the rows below)"),
                    wz->res.warnings, wz->res.near_duplicates);
    if (sb.len && y < h)
        put_fit(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_DIM));
    strbuf_reset(&sb);
    if (wz->res.cccd_restored || wz->res.phones_restored)
        strbuf_addf(&sb, _("leading zeros restored: %lld CCCD, %lld phone numbers"),
                    wz->res.cccd_restored, wz->res.phones_restored);
    if (sb.len && y < h)
        put_fit(w, y++, 1, wd - 2, sb.buf, tui_attr(ATTR_DIM));
    strbuf_release(&sb);
    y = draw_skipped(wz, w, y, h, wd);
    for (int i = 0; i < wz->n_rejects && y < h; i++)
        y = draw_reject(wz, i, w, y, h, wd);
    return y;
}

/* What the wizard does now, or what the keys do, on the last line when it
 * is free. */
static void draw_hint(const struct wizard *wz, WINDOW *w, int y, int h, int wd)
{
    const char *hint;
    if (wz->running)
        hint = wz->step ? wz->step : _("Importing the rows…");
    else if (wz->done)
        hint = _("Done. Esc closes the wizard.");
    else
        hint = _("F3 checks the file without importing, F2 imports.");
    if (h - 1 > y)
        put_fit(w, h - 1, 1, wd - 2, hint, tui_attr(ATTR_DIM));
}

static void wizard_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct wizard *wz = v->data;
    werase(w);
    int y = draw_head(wz, w, wd);
    y = draw_mapping(wz, w, y, h, wd);
    if (wz->running || wz->done)
        y = draw_progress(wz, w, y, h, wd);
    else if (!wz->checked && wz->have_map)
        y = draw_sample(wz, w, y, h, wd);
    if (wz->checked || wz->done)
        y = draw_result(wz, w, y, h, wd);
    draw_hint(wz, w, y, h, wd);
}

static int wizard_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct wizard *wz = v->data;
    const int R = TUI_HANDLED | TUI_REDRAW;
    (void)k;
    switch (a) {
    case ACT_UP:
        if (wz->cur > 0)
            wz->cur--;
        return R;
    case ACT_DOWN:
        if (wz->cur + 1 < (int)wz->map.n_columns)
            wz->cur++;
        return R;
    case ACT_EDIT:
        if (!wz->done)
            remap_open(wz);
        return R;
    case ACT_CHECK:
        if (!wz->done)
            run(wz, 1, 1);
        return R;
    case ACT_IMPORT:
        start_import(wz);
        return R;
    case ACT_SAVE_REJECTS:
        save_rejects_open(wz);
        return R;
    default:
        return TUI_UNHANDLED;
    }
}

static void wizard_close(struct view *v)
{
    wizard_free(v->data);
}

static const enum tui_action wizard_bar[] = {ACT_IMPORT, ACT_CHECK, ACT_EDIT, ACT_SAVE_REJECTS,
                                             ACT_NONE};
static const struct view_ops wizard_ops = {
    .name = "import",
    .draw = wizard_draw,
    .key = wizard_key,
    .close = wizard_close,
    .keymap = KEYMAP_IMPORT,
    .fbar = wizard_bar,
};

/* --- step 1: the file --------------------------------------------------- */

enum { I_PATH, I_MODEL, I_PRICE, I_SHEET_DEVICES, I_N };
/* persons: the file, the date its communes are named on, the sheet */
enum { I_AS_OF = 1, I_SHEET_PERSONS, I_PERSONS_N };

struct file_step {
    enum import_kind kind;
    struct wizard *wz; /* made by save, handed on by done */
    /* the visible sheets of the workbook the path names, read once a path */
    char *sheets_path;
    char **sheets;
    size_t n_sheets;
};

/* The choice that reads every visible sheet ("all"); the sheets are 1..n. */
#define SHEETS_ALL 1000000

static void sheets_clear(struct file_step *fs)
{
    for (size_t i = 0; i < fs->n_sheets; i++)
        free(fs->sheets[i]);
    free(fs->sheets);
    free(fs->sheets_path);
    fs->sheets = NULL;
    fs->sheets_path = NULL;
    fs->n_sheets = 0;
}

/* The sheet field's list: the visible sheets of the workbook the path
 * names (none for a CSV file or a path that cannot be read), then every
 * one of them at once; those whose name holds filter ("all" finds the
 * last). */
static void sheet_choices(struct tui_form *f, int idx, const char *filter, struct tui_choices *out)
{
    struct file_step *fs = f->arg;
    const char *path = tui_form_value(f, I_PATH);
    (void)idx;
    if (!fs->sheets_path || strcmp(fs->sheets_path, path) != 0) {
        struct error err = ERROR_INIT;
        sheets_clear(fs);
        fs->sheets_path = xstrdup(path);
        struct table_reader *r = *path ? table_reader_open(path, NULL, &err) : NULL;
        size_t n = r ? table_reader_n_sheets(r) : 0;
        for (size_t i = 0; i < n; i++) {
            const char *name = table_reader_sheet_name(r, i);
            if (!name || table_reader_sheet_hidden(r, i))
                continue;
            fs->sheets = xrealloc(fs->sheets, (fs->n_sheets + 1) * sizeof(*fs->sheets));
            fs->sheets[fs->n_sheets++] = xstrdup(name);
        }
        table_reader_free(r);
        error_clear(&err);
    }
    for (size_t i = 0; i < fs->n_sheets; i++) {
        char *k = text_fold(fs->sheets[i]);
        if (strstr(k, filter))
            tui_choices_add(out, (long long)i + 1, fs->sheets[i], NULL);
        free(k);
    }
    char *all = text_fold(_("every visible sheet"));
    if (fs->n_sheets && (strstr(all, filter) || strstr("all", filter)))
        tui_choices_add(out, SHEETS_ALL, _("every visible sheet"), NULL);
    free(all);
}

static int file_save(struct tui_form *f, struct error *err)
{
    struct file_step *fs = f->arg;
    if (fs->wz)
        wizard_free(fs->wz);
    struct wizard *wz = xcalloc(1, sizeof *wz);
    wz->kind = fs->kind;
    wz->path = xstrdup(tui_form_value(f, I_PATH));
    if (fs->kind == IMPORT_DEVICES) {
        wz->model = tui_form_opt(f, I_MODEL) ? xstrdup(tui_form_value(f, I_MODEL)) : NULL;
        wz->price = tui_form_opt(f, I_PRICE) ? xstrdup(tui_form_value(f, I_PRICE)) : NULL;
    } else if (tui_form_opt(f, I_AS_OF)) {
        char iso[11];
        if (date_parse(tui_form_value(f, I_AS_OF), _("date"), iso, err) != 0) {
            wizard_free(wz);
            tui_form_error(f, I_AS_OF, error_msg(err));
            f->cur = I_AS_OF;
            return -1;
        }
        wz->as_of = xstrdup(iso);
    }
    int sheet = fs->kind == IMPORT_DEVICES ? I_SHEET_DEVICES : I_SHEET_PERSONS;
    if (tui_form_opt(f, sheet))
        wz->sheet =
            xstrdup(f->fields[sheet].choice_id == SHEETS_ALL ? "all" : tui_form_value(f, sheet));
    if (preview_load(wz, err) != 0) {
        wizard_free(wz);
        tui_form_error(f, I_PATH, error_msg(err));
        f->cur = I_PATH;
        return -1;
    }
    fs->wz = wz;
    return 0;
}

static void file_done(struct tui_form *f)
{
    struct file_step *fs = f->arg;
    struct view *v = tui_view_new(&wizard_ops, fs->wz);
    fs->wz = NULL;
    tui_push(v);
}

static void file_release(struct tui_form *f)
{
    struct file_step *fs = f->arg;
    if (fs->wz)
        wizard_free(fs->wz);
    sheets_clear(fs);
    free(fs);
}

/* The lists the import reads. */
static const char *const list_exts[] = {".csv", ".txt", ".tsv", ".xlsx", ".xls", ".ods", NULL};

/* F4: choose the file from the folders. */
static int file_action(struct tui_form *f, enum tui_action a)
{
    if (a != ACT_BROWSE)
        return TUI_UNHANDLED;
    tui_filepick_open(f, I_PATH, list_exts);
    return TUI_HANDLED | TUI_REDRAW;
}

/* Enter on a list of persons reads it at once, as it did before the date
 * field came (the date is reached with Tab): the form saves from its last
 * field. Enter on no file opens the picker. */
static int file_enter(struct tui_form *f, int idx)
{
    if (idx == I_PATH && !*tui_form_value(f, I_PATH)) {
        tui_filepick_open(f, I_PATH, list_exts);
        return 1;
    }
    const struct file_step *fs = f->arg;
    if (idx == I_PATH && fs->kind == IMPORT_PERSONS)
        f->cur = f->n - 1;
    return 0;
}

static const enum tui_action file_bar[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_BROWSE, ACT_NONE};

void tui_import_open(int devices)
{
    struct file_step *fs = xcalloc(1, sizeof *fs);
    fs->kind = devices ? IMPORT_DEVICES : IMPORT_PERSONS;
    struct tui_form *f = tui_form_new(devices ? _("Import devices from a CSV or Excel list")
                                              : _("Import persons from a CSV or Excel list"),
                                      devices ? I_N : I_PERSONS_N);
    f->arg = fs;
    f->save = file_save;
    f->done = file_done;
    f->release = file_release;
    f->action = file_action;
    f->enter = file_enter;
    f->fbar = file_bar;
    tui_form_field(f, I_PATH, "path", N_("File (.csv, .xlsx)"), FIELD_TEXT, 1);
    if (devices) {
        tui_form_field(f, I_MODEL, "model", N_("Model (rows without one)"), FIELD_TEXT, 0);
        tui_form_field(f, I_PRICE, "price", N_("Price (rows without one)"), FIELD_TEXT, 0);
    } else {
        /* a commune name of 2023 and 2025 alike (Bằng Thành): the one valid
         * on this date, for rows without a district */
        tui_form_field(f, I_AS_OF, "as_of", N_("Communes as of dd/mm/yyyy"), FIELD_TEXT, 0);
    }
    /* a workbook's sheet, chosen from its visible ones: blank for the first,
     * or every one at once */
    int sheet = devices ? I_SHEET_DEVICES : I_SHEET_PERSONS;
    tui_form_field(f, sheet, "sheet", N_("Sheet (blank: the first; ↓ lists them)"), FIELD_CHOICE,
                   0);
    f->fields[sheet].choices = sheet_choices;
    tui_form_open(f);
}

/*
 * tui_print: printing and saving receipts where they are made. A small
 * choice box of its own (a question with more answers than yes and no: a
 * list moved with the arrows, Enter takes the highlighted one, Esc none)
 * serves the question after a handover and the list of printers. The
 * printing itself is receipt_app_write's (src/app), the printers and the
 * job's state print.c's (src/report). See tui_print.h.
 */
#include "tui_print.h"

#include <stdlib.h>
#include <string.h>

#include "app/receipt_app.h"
#include "app/settings_app.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "report/print.h"
#include "tui_form.h"

/* --- the choice box ------------------------------------------------------ */

struct pick {
    char *title, *text;
    const char *hint; /* the keys' line: what Esc does here */
    char **items;
    int n, cur;
    void (*fn)(void *arg, int chosen); /* the item's index, or -1 (Esc) */
    void *arg;
    void (*free_arg)(void *arg); /* when the box closes unanswered */
};

static void pick_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct pick *p = v->data;
    int bw = wd - 10 < 70 ? wd - 10 : 70;
    char **lines;
    int n = tui_wrap(p->text, bw - 4, &lines);
    int bh = n + p->n + 5;
    if (bh > h)
        bh = h;
    int y0 = (h - bh) / 2, x0 = (wd - bw) / 2;
    for (int y = 0; y < bh; y++) {
        wattrset(w, A_NORMAL);
        wmove(w, y0 + y, x0);
        for (int x = 0; x < bw; x++)
            waddch(w, ' ');
    }
    wattrset(w, tui_attr(ATTR_TITLE));
    tui_box(w, y0, x0, bh, bw);
    tui_put(w, y0, x0 + 2, bw - 4, p->title, tui_attr(ATTR_TITLE));
    int y = y0 + 1;
    for (int i = 0; i < n && y < y0 + bh - 3 - p->n; i++)
        tui_put(w, y++, x0 + 2, bw - 4, lines[i], A_NORMAL);
    y++;
    /* the items, scrolled so that the highlighted one shows */
    int room = y0 + bh - 2 - y, first = p->cur >= room ? p->cur - room + 1 : 0;
    for (int i = first; i < p->n && y < y0 + bh - 2; i++) {
        char *t = xasprintf("%s %s", i == p->cur ? ">" : " ", p->items[i]);
        int attr = i == p->cur ? tui_attr(ATTR_SELECTED) | A_REVERSE : A_NORMAL;
        tui_put_pad(w, y++, x0 + 2, bw - 4, t, attr);
        free(t);
    }
    tui_put(w, y0 + bh - 2, x0 + 2, bw - 4, p->hint, tui_attr(ATTR_BAR_KEY));
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static int pick_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct pick *p = v->data;
    int chosen = -2;
    /* the keys are KEYMAP_CHOICE's (tui_action.c) */
    if (a == ACT_CHOOSE)
        chosen = p->cur;
    else if (a == ACT_BACK || a == ACT_QUIT)
        chosen = -1;
    else if (a == ACT_UP)
        p->cur = p->cur > 0 ? p->cur - 1 : p->n - 1;
    else if (a == ACT_DOWN)
        p->cur = p->cur < p->n - 1 ? p->cur + 1 : 0;
    else if (a == ACT_HOME)
        p->cur = 0;
    else if (a == ACT_END)
        p->cur = p->n - 1;
    else if (a == ACT_HELP)
        return TUI_UNHANDLED;
    if (chosen == -2)
        return TUI_HANDLED | TUI_REDRAW; /* modal */
    void (*fn)(void *, int) = p->fn;
    void *arg = p->arg;
    p->free_arg = NULL; /* answered: fn owns arg now */
    tui_pop();
    fn(arg, chosen);
    return TUI_HANDLED | TUI_REDRAW;
}

static void pick_close(struct view *v)
{
    struct pick *p = v->data;
    if (p->free_arg)
        p->free_arg(p->arg);
    for (int i = 0; i < p->n; i++)
        free(p->items[i]);
    free(p->items);
    free(p->title);
    free(p->text);
    free(p);
}

static const enum tui_action pick_bar[] = {ACT_NONE};
static const struct view_ops pick_ops = {
    .name = "choice",
    .draw = pick_draw,
    .key = pick_key,
    .close = pick_close,
    .keymap = KEYMAP_CHOICE,
    .fbar = pick_bar,
    .modal = 1,
};

/* Open a choice box of items[0..n-1] (copied), cur highlighted; hint
 * (static) says what Esc does. */
static void pick_open(const char *title, const char *text, const char *hint, char *const *items,
                      int n, int cur, void (*fn)(void *, int), void *arg, void (*free_arg)(void *))
{
    struct pick *p = xcalloc(1, sizeof *p);
    p->title = xstrdup(title);
    p->hint = hint;
    p->text = xstrdup(text);
    p->items = xcalloc((size_t)n, sizeof *p->items);
    for (int i = 0; i < n; i++)
        p->items[i] = xstrdup(items[i]);
    p->n = n;
    p->cur = cur >= 0 && cur < n ? cur : 0;
    p->fn = fn;
    p->arg = arg;
    p->free_arg = free_arg;
    tui_push(tui_view_new(&pick_ops, p));
}

/* --- the printers -------------------------------------------------------- */

void tui_print_remember(const char *printer)
{
    struct error err = ERROR_INIT;
    char *was = NULL;
    if (settings_app_get(&tui->app, "printer", &was, &err) != 0 || !was || strcmp(was, printer))
        if (settings_app_set(&tui->app, "printer", printer, &err) != 0)
            tui_log("cannot remember the printer '%s': %s", printer, error_msg(&err));
    free(was);
    error_clear(&err);
}

int tui_print_printers(char ***names, int *n, char **why)
{
    struct error err = ERROR_INIT;
    char *last = NULL;
    *why = NULL;
    if (print_list_printers(names, n, &err) != 0) {
        *why = xstrdup(error_msg(&err));
        error_clear(&err);
        return -1;
    }
    /* the one chosen last first */
    if (settings_app_get(&tui->app, "printer", &last, &err) == 0 && last && *last)
        for (int i = 1; i < *n; i++)
            if (!strcmp((*names)[i], last)) {
                char *t = (*names)[i];
                memmove(*names + 1, *names, (size_t)i * sizeof **names);
                (*names)[0] = t;
            }
    free(last);
    error_clear(&err);
    return 0;
}

/* --- what is printed: the receipts of a handover or a batch -------------- */

struct job {
    long long *ids;
    size_t n;
    int after; /* from the question after a handover: a failure asks it again */
    char *title, *text;
    char **printers;
    int np;
};

static void job_free(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < j->np; i++)
        free(j->printers[i]);
    free(j->printers);
    free(j->ids);
    free(j->title);
    free(j->text);
    free(j);
}

static void after_open(struct job *j);

/* A print or list that failed: the question again (after a handover), or
 * the reason in a box. Takes j. */
static void job_failed(struct job *j, const char *title, const char *why)
{
    if (j->after) {
        free(j->title);
        free(j->text);
        j->title = xstrdup(title);
        j->text = xasprintf(_("%s\nThe register has it; only the paper is not printed: print "
                              "again, save the PDF, or print it later from Reports."),
                            why);
        after_open(j);
        return;
    }
    tui_message(title, why);
    job_free(j);
}

static void print_on(struct job *j, const char *printer)
{
    struct error err = ERROR_INIT;
    struct receipt_app_result res = {0};
    char *path = receipt_app_default_path(&tui->app, j->ids, j->n, 0, 0, &err);

    tui_status(0, _("sending to the printer %s…"), printer);
    tui_draw_now();
    int rc = path ? 0 : ERR_IO;
    struct receipt_app_out out = {.path = path, .print = 1, .printer = printer};
    if (rc == 0)
        rc = receipt_app_write(&tui->app, j->ids, j->n, &out, &res, &err);
    if (rc != 0) {
        tui_status(1, _("not printed: %s"), error_msg(&err));
        job_failed(j, _("Not printed"), error_msg(&err));
        free(path);
        error_clear(&err);
        return;
    }
    tui_print_remember(printer);
    const char *state = _(print_job_state(printer, out.job));
    char *msg = xasprintf(_("Sent to the printer %s: job %d, %s.\nThe PDF is kept as %s"), printer,
                          out.job, state, path);
    tui_status(0, _("printed on %s: job %d, %s"), printer, out.job, state);
    tui_changed();
    tui_message(j->n > 1 ? _("Receipt and return record printed") : _("Receipt printed"), msg);
    free(msg);
    free(path);
    job_free(j);
}

static void printer_answer(void *arg, int chosen)
{
    struct job *j = arg;
    if (chosen < 0 || chosen >= j->np) {
        if (j->after)
            after_open(j);
        else
            job_free(j);
        return;
    }
    char *printer = xstrdup(j->printers[chosen]);
    print_on(j, printer);
    free(printer);
}

/* The printers' list for j (takes j). */
static void printers_open(struct job *j)
{
    char *why = NULL;
    if (tui_print_printers(&j->printers, &j->np, &why) != 0) {
        job_failed(j, _("Not printed"), why);
        free(why);
        return;
    }
    if (j->np == 0) {
        job_failed(j, _("Not printed"), _("no printers are set up on the print server"));
        return;
    }
    pick_open(_("Print on"), _("Choose the printer (the one chosen last is first):"),
              _("[↑↓] choose    [Enter] do it    [Esc] cancel"), j->printers, j->np, 0,
              printer_answer, j, job_free);
}

void tui_print_pick(const long long *ids, size_t n)
{
    struct job *j = xcalloc(1, sizeof *j);
    j->ids = xcalloc(n ? n : 1, sizeof *ids);
    memcpy(j->ids, ids, n * sizeof *ids);
    j->n = n;
    printers_open(j);
}

/* --- save as PDF ----------------------------------------------------------- */

static int save_pdf(struct tui_form *f, struct error *err)
{
    struct job *j = f->arg;
    const char *path = tui_form_value(f, 0);
    struct receipt_app_result res = {0};
    struct receipt_app_out out = {.path = path, .force = tui_form_replace(f, path), .final = 1};
    int rc = receipt_app_write(&tui->app, j->ids, j->n, &out, &res, err);
    if (rc == 0)
        tui_status(0, _("written: %s"), path);
    return rc;
}

static void save_release(struct tui_form *f)
{
    job_free(f->arg);
}

/* The form that saves j's receipts as a PDF (takes j): a name proposed
 * from the receipt numbers; an existing file is replaced only when the
 * operator says so (No is the default). */
static void save_open(struct job *j)
{
    struct error err = ERROR_INIT;
    char *path = receipt_app_default_path(&tui->app, j->ids, j->n, 0, 0, &err);
    struct tui_form *f = tui_form_new(j->n > 1 ? _("Save the receipt and return record as PDF")
                                               : _("Save the receipt as PDF"),
                                      1);
    f->arg = j;
    f->release = save_release;
    f->save = save_pdf;
    f->file_field = 0;
    tui_form_field(f, 0, "path", N_("File"), FIELD_TEXT, 1);
    tui_form_set(f, 0, path ? path : "", 0);
    if (!path)
        tui_status(1, "%s", error_msg(&err));
    f->dirty = 0;
    free(path);
    error_clear(&err);
    tui_form_open(f);
}

/* --- the question after a handover ---------------------------------------- */

enum { AFTER_PRINT, AFTER_SAVE, AFTER_LATER };

static void after_answer(void *arg, int chosen)
{
    struct job *j = arg;
    if (chosen == AFTER_PRINT)
        printers_open(j);
    else if (chosen == AFTER_SAVE)
        save_open(j);
    else
        job_free(j);
}

static void after_open(struct job *j)
{
    char *items[3] = {j->n > 1 ? _("Print receipt and return record") : _("Print receipt"),
                      _("Save PDF…"), _("Later")};
    /* the record is saved whatever is chosen: Esc is "Later", not a cancel */
    pick_open(j->title, j->text, _("[↑↓] choose    [Enter] do it    [Esc] later"), items, 3,
              AFTER_PRINT, after_answer, j, job_free);
}

void tui_print_after(long long handover_id, long long return_of, const char *title,
                     const char *text)
{
    struct job *j = xcalloc(1, sizeof *j);
    j->ids = xcalloc(2, sizeof *j->ids);
    j->ids[0] = handover_id;
    j->n = 1;
    if (return_of)
        j->ids[j->n++] = -return_of; /* its return record (receipt_app) */
    j->after = 1;
    j->title = xstrdup(title);
    j->text = xstrdup(text);
    after_open(j);
}

/*
 * tui_scan: scan mode of the Devices screen. A barcode scanner types an
 * IMEI and Enter; each one is registered at once with the model and round
 * of the previous entry. A running count, and a bell and a red line on a
 * bad check digit or a duplicate. The main loop reads every pending key
 * before it redraws, so fast scans are never lost.
 */
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "tui_choices.h"
#include "tui_form.h"

#define LOG_LINES 64

enum { S_MODEL, S_ROUND, S_IMEI, S_N };

struct scan {
    struct tui_form *form;
    int count, errors;
    char *log[LOG_LINES];
    int log_ok[LOG_LINES];
    int n_log;
};

static void log_add(struct scan *s, int ok, char *line)
{
    if (s->n_log == LOG_LINES) {
        free(s->log[0]);
        memmove(s->log, s->log + 1, (LOG_LINES - 1) * sizeof *s->log);
        memmove(s->log_ok, s->log_ok + 1, (LOG_LINES - 1) * sizeof *s->log_ok);
        s->n_log--;
    }
    s->log[s->n_log] = line;
    s->log_ok[s->n_log++] = ok;
}

static int scan_enter(struct tui_form *f, int idx)
{
    struct scan *s = f->arg;
    if (idx != S_IMEI)
        return 0;
    const char *imei = tui_form_value(f, S_IMEI);
    if (!*imei)
        return 1;
    struct device_input in = {0};
    struct error err = ERROR_INIT;
    long long id;
    in.imei = imei;
    in.model = tui_form_value(f, S_MODEL);
    in.round_id = f->fields[S_ROUND].choice_id;
    if (!*in.model) {
        tui_form_error(f, S_MODEL, _("type the model first: it is used for every scan"));
        f->cur = S_MODEL;
        beep();
        return 1;
    }
    if (device_app_add(&tui->app, &in, &id, &err) == 0) {
        s->count++;
        log_add(s, 1, xasprintf("✓ %s  %s", imei, in.model));
        tui_changed();
    } else {
        s->errors++;
        log_add(s, 0, xasprintf("✗ %s", error_msg(&err)));
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
    tui_form_set(f, S_IMEI, "", 0);
    tui_form_error(f, S_IMEI, NULL);
    f->dirty = 0;
    return 1;
}

static void scan_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct scan *s = v->data;
    werase(w);
    tui_form_draw(s->form, w, 0, 7, wd);
    char *c = xasprintf(_("Registered in this scan: %d    rejected: %d"), s->count, s->errors);
    tui_put(w, 7, 2, wd - 4, c, tui_attr(ATTR_TITLE));
    free(c);
    tui_hline(w, 8, 1, wd - 2, tui_attr(ATTR_DIM));
    /* newest first; a refusal's reason wraps over up to three lines */
    int y = 9;
    for (int k = s->n_log - 1; k >= 0 && y < h; k--) {
        char **lines = NULL;
        int n = tui_wrap(s->log[k], wd - 6, &lines);
        int most = s->log_ok[k] ? 1 : 3;
        for (int j = 0; j < n; j++) {
            if (j < most && y < h)
                tui_put(w, y++, j ? 4 : 2, wd - (j ? 6 : 4), lines[j],
                        tui_attr(s->log_ok[k] ? ATTR_OK : ATTR_ERROR));
            free(lines[j]);
        }
        free(lines);
    }
    if (s->n_log == 0)
        tui_put(w, 9, 2, wd - 4,
                _("Scan the barcodes now (or type an IMEI and Enter). Esc ends scan mode."),
                tui_attr(ATTR_DIM));
    /* the form drew the cursor: keep it */
}

static int scan_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct scan *s = v->data;
    if (a == ACT_SAVE)
        a = ACT_ACCEPT;
    int r = tui_form_key(s->form, a, k);
    v->dirty = 0;
    return r;
}

static void scan_close(struct view *v)
{
    struct scan *s = v->data;
    s->form->arg = NULL;
    tui_form_free(s->form);
    for (int i = 0; i < s->n_log; i++)
        free(s->log[i]);
    if (s->count)
        tui_status(0,
                   ngettext("scan mode ended: %d device registered",
                            "scan mode ended: %d devices registered", (unsigned long)s->count),
                   s->count);
    free(s);
}

static const enum tui_action scan_bar[] = {ACT_NEXT_FIELD, ACT_NONE};
static const struct view_ops scan_ops = {
    .name = "scan",
    .draw = scan_draw,
    .key = scan_key,
    .close = scan_close,
    .keymap = KEYMAP_FORM,
    .fbar = scan_bar,
};

static int last_cb(const struct device *d, void *arg)
{
    struct tui_form *f = arg;
    tui_form_set(f, S_MODEL, d->model, 0);
    if (d->round_id)
        tui_form_set(f, S_ROUND, d->round_name, d->round_id);
    return 1;
}

void tui_scan_open(void)
{
    struct scan *s = xcalloc(1, sizeof *s);
    struct tui_form *f = tui_form_new(_("Scan mode: each IMEI + Enter registers a device"), S_N);
    s->form = f;
    f->arg = s;
    f->enter = scan_enter;
    tui_form_field(f, S_MODEL, "model", N_("Model"), FIELD_TEXT, 1);
    tui_form_field(f, S_ROUND, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[S_ROUND].fixed, 1);
    tui_form_field(f, S_IMEI, "imei", N_("IMEI"), FIELD_TEXT, 0);
    /* model and round of the device registered last */
    struct device_query q = {.sort = 3, .descending = 1, .limit = 1};
    device_store_each(tui->app.db, &q, last_cb, f, NULL);
    f->cur = tui_form_value(f, S_MODEL)[0] ? S_IMEI : S_MODEL;
    struct view *v = tui_view_new(&scan_ops, s);
    v->text_input = 1;
    tui_push(v);
}

/*
 * tui_scan: the barcode scanner. Scan mode of the Devices screen: a
 * scanner types an IMEI and Enter; each one is registered at once with the
 * model and round of the previous entry. A running count, and a bell and a
 * red line on a bad check digit or a duplicate. The main loop reads every
 * pending key before it redraws, so fast scans are never lost.
 *
 * And a scan anywhere else: the main loop (tui.c) tells a scanner's burst
 * from typing and hands its text here (tui_scan_route), so that a scan
 * never acts as keys — an IMEI opens its phone or goes to a form's IMEI
 * field, a receipt's QR opens its handover to be marked signed.
 */
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/handover_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "tui_choices.h"
#include "tui_form.h"

enum { S_MODEL, S_ROUND, S_IMEI, S_N };

struct scan {
    struct tui_form *form;
    int count, errors;
    struct tui_scan_log log;
};

void tui_scan_log_add(struct tui_scan_log *l, int ok, char *line)
{
    if (l->n == TUI_SCAN_LOG_LINES) {
        free(l->lines[0]);
        memmove(l->lines, l->lines + 1, (TUI_SCAN_LOG_LINES - 1) * sizeof *l->lines);
        memmove(l->ok, l->ok + 1, (TUI_SCAN_LOG_LINES - 1) * sizeof *l->ok);
        l->n--;
    }
    l->lines[l->n] = line;
    l->ok[l->n++] = ok;
}

void tui_scan_log_draw(const struct tui_scan_log *l, WINDOW *w, int y, int h, int wd, int err_lines,
                       const char *empty)
{
    /* newest first; a refusal's reason wraps over up to err_lines lines */
    for (int k = l->n - 1; k >= 0 && y < h; k--) {
        char **lines = NULL;
        int n = tui_wrap(l->lines[k], wd - 6, &lines);
        int most = l->ok[k] ? 1 : err_lines;
        for (int j = 0; j < n; j++) {
            if (j < most && y < h)
                tui_put(w, y++, j ? 4 : 2, wd - (j ? 6 : 4), lines[j],
                        tui_attr(l->ok[k] ? ATTR_OK : ATTR_ERROR));
            free(lines[j]);
        }
        free(lines);
    }
    if (l->n == 0)
        tui_put(w, y, 2, wd - 4, empty, tui_attr(ATTR_DIM));
}

void tui_scan_log_release(struct tui_scan_log *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->lines[i]);
    l->n = 0;
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
    if (device_app_register(&tui->app, &in, &id, &err) == 0) {
        s->count++;
        tui_scan_log_add(&s->log, 1, xasprintf("✓ %s  %s", imei, in.model));
        tui_changed();
    } else {
        s->errors++;
        tui_scan_log_add(&s->log, 0, xasprintf("✗ %s", error_msg(&err)));
        tui_status(1, "%s", error_msg(&err));
        if (err.field && strcmp(err.field, "round") == 0) {
            /* the round first: it is used for every scan */
            tui_form_error(f, S_ROUND, error_msg(&err));
            f->cur = S_ROUND;
            beep();
        }
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
    tui_scan_log_draw(&s->log, w, 9, h, wd, 3,
                      _("Scan the barcodes now (or type an IMEI and Enter). Esc ends scan mode."));
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
    tui_scan_log_release(&s->log);
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
    tui_form_newest_round(f, S_ROUND);
    f->cur = tui_form_value(f, S_MODEL)[0] ? S_IMEI : S_MODEL;
    struct view *v = tui_view_new(&scan_ops, s);
    v->text_input = 1;
    v->form = f;
    tui_push(v);
}

/* --- a scan anywhere --------------------------------------------------- */

/* The shortest text outside a text field taken as a scan (a receipt
 * number "01/BB-BDT" has 9 characters); shorter bursts are typing. */
#define SCAN_MIN 8

static int imei_field(const struct tui_field *fl)
{
    return fl->key && strncmp(fl->key, "imei", 4) == 0;
}

int tui_scan_typed_here(struct view *v)
{
    struct tui_form *f = v->form;
    return f && f->cur >= 0 && f->cur < f->n && imei_field(&f->fields[f->cur]);
}

static int imei_shaped(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return 0;
    return n == IMEI_LEN;
}

/* An IMEI scanned on a form: into its IMEI field, and on from there as the
 * scanner's Enter goes (scan mode registers it, the Handover screen takes
 * the phone and goes on to the date). */
static void scan_to_form(struct view *v, const char *text)
{
    struct tui_form *f = v->form;
    int i = -1;

    /* the first empty IMEI field (IMEI, then IMEI 2), else the first */
    for (int empty = 1; empty >= 0 && i < 0; empty--)
        for (int j = 0; j < f->n && i < 0; j++)
            if (!f->fields[j].hidden && imei_field(&f->fields[j]) &&
                (!empty || !f->fields[j].value.len))
                i = j;
    if (i < 0) {
        tui_status(1, _("scanned IMEI %s: this form has no IMEI field"), text);
        return;
    }
    f->drop_open = 0;
    tui_form_set(f, i, text, 0);
    f->cur = i;
    f->dirty = 1;
    struct tui_key enter = {.is_char = 1, .ch = '\r'};
    v->ops->key(v, ACT_ACCEPT, &enter);
}

static void register_answer(void *arg, int yes)
{
    char *imei = arg;
    if (yes)
        tui_device_form_imei(imei);
    free(imei);
}

/* A scanned IMEI outside a form: its phone's record, or an offer to
 * register a phone not known yet. */
static void scan_imei(const char *text)
{
    struct error err = ERROR_INIT;
    char imei[IMEI_LEN + 1];
    long long id = 0;

    int rc = imei_parse(text, "imei", imei, &err);
    if (rc == 0)
        rc = device_store_find_imei(tui->app.db, imei, &id, &err);
    if (rc == 0) {
        /* a phone known but hidden from this role (another commune's on a
         * server) is named on the status line, not opened empty */
        struct device d;
        rc = device_store_get_by_imei(tui->app.db, imei, &d, &err);
        device_release(&d);
    }
    if (rc != 0 && (rc != ERR_NOT_FOUND || id)) {
        tui_status(1, "%s", error_msg(&err));
    } else if (id) {
        tui_record_device(id);
    } else {
        char *q = xasprintf(_("The IMEI %s is not registered. Register the phone now?"), imei);
        tui_ask(q, register_answer, xstrdup(imei));
        free(q);
    }
    error_clear(&err);
}

struct sign {
    long long id;
    char *number;
};

static void sign_answer(void *arg, int yes)
{
    struct sign *sg = arg;
    struct error err = ERROR_INIT;

    if (yes) {
        if (handover_app_mark_signed(&tui->app, sg->id, NULL, NULL, &err) == 0) {
            tui_status(0, _("receipt %s marked as signed"), sg->number);
            tui_changed();
        } else {
            tui_status(1, "%s", error_msg(&err));
        }
    }
    error_clear(&err);
    free(sg->number);
    free(sg);
}

/* A receipt's QR text ("NUMBER" or "NUMBER #ANCHOR", see receipt_pdf.c):
 * the holder's record with the question to mark it signed, Yes chosen.
 * 0 when no receipt has that number. */
static int scan_receipt(const char *text)
{
    struct error err = ERROR_INIT;
    struct handover h = {0};
    const char *hash = strstr(text, " #");
    char *number = hash ? xstrndup(text, (size_t)(hash - text)) : xstrdup(text);
    int rc = handover_store_get_by_receipt(tui->app.db, number, &h, &err);

    if (rc == ERR_NOT_FOUND) {
        free(number);
        error_clear(&err);
        return 0;
    }
    if (rc != 0) {
        tui_status(1, "%s", error_msg(&err));
    } else {
        char on[11], signed_on[11];
        tui_record_person(h.person_id);
        if (h.signed_on && *h.signed_on) {
            tui_status(0, _("receipt %s was signed on %s"), number,
                       date_display(h.signed_on, signed_on));
        } else {
            struct sign *sg = xcalloc(1, sizeof *sg);
            char *q = xasprintf(_("Receipt %s: IMEI %s (%s) handed to %s on %s. Mark the paper "
                                  "as signed and returned?"),
                                number, h.imei, h.model ? h.model : "", h.person_name,
                                date_display(h.handed_on, on));
            sg->id = h.id;
            sg->number = xstrdup(number);
            tui_ask(q, sign_answer, sg);
            free(q);
        }
    }
    handover_release(&h);
    error_clear(&err);
    free(number);
    return 1;
}

/* A scan that is no IMEI and no receipt this register shows (on a server,
 * maybe another commune's receipt: the message says the role sees only
 * its communes). */
static void scan_unknown(const char *text)
{
    struct error err = ERROR_INIT;
    error_set(&err, ERR_NOT_FOUND, _("scanned %s: neither an IMEI nor a receipt number"), text);
    db_not_seen(tui->app.db, &err);
    tui_status(1, "%s", error_msg(&err));
    error_clear(&err);
}

int tui_scan_route(struct view *v, const char *text)
{
    int imei = imei_shaped(text);
    if (v->ops->scan && v->ops->scan(v, text))
        return 1; /* the screen said what it did on the status line */
    /* in a text field only an IMEI's burst is a scan: a date or a number
     * typed in one go and Enter stay typing */
    if (!imei && (v->text_input || v->form || strlen(text) < SCAN_MIN))
        return 0;
    strbuf_reset(&tui->status);
    if (strcmp(v->ops->name, "dialog") == 0)
        tui_status(1, _("scanned %s: answer the question first"), text);
    else if (v->form)
        scan_to_form(v, text);
    else if (imei)
        scan_imei(text);
    else if (!scan_receipt(text))
        scan_unknown(text);
    return 1;
}

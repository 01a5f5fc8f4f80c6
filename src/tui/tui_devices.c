/*
 * tui_devices: the Devices screen — every phone by IMEI, paged, searched,
 * filtered by status, round, district and commune of the holder; F7
 * registers one with a form, F8 opens scan mode; F4 edits the highlighted
 * phone (model, second IMEI, price, round) and changes its status with a
 * reason, after a question whose default is No.
 */
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/field_app.h"
#include "core/i18n.h"
#include "core/states.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "tui_choices.h"
#include "tui_form.h"
#include "tui_list.h"

static const struct tui_col device_cols[] = {
    /* by priority: the holder's name, then the status and the receipt
     * number (cut, they say nothing), then the model and the round */
    {N_("IMEI"), 15, 0, 0, 0, 0, 0},     {N_("Model"), 10, 1, 0, 1, 0, 0},
    {N_("Status"), 12, 2, 0, 2, 0, 0},   {N_("Holder"), 14, 3, 0, -1, 0, 0},
    {N_("Receipt"), 10, 2, 0, -1, 0, 0}, {N_("Round"), 8, 1, 0, -1, 0, 0},
};
#define NCOLS ((int)(sizeof device_cols / sizeof *device_cols))

struct devices {
    struct tui_list list;
    int status; /* 0 any, else the enum device_state status-1 */
    long long round_id, district_id, commune_id;
    char *round, *district, *commune;
};

static void fill_query(struct devices *dv, struct device_query *q)
{
    memset(q, 0, sizeof *q);
    q->search = dv->list.search_fold;
    q->status = dv->status ? device_state_text(dv->status - 1) : NULL;
    q->round_id = dv->round_id;
    q->district_id = dv->district_id;
    q->commune_id = dv->commune_id;
    q->sort = tui_list_sort(&dv->list);
    q->descending = dv->list.desc;
}

static long long devices_count(struct tui_list *l)
{
    struct device_query q;
    long long n = 0;
    struct error err = ERROR_INIT;
    fill_query(l->arg, &q);
    if (device_store_count(tui->app.db, &q, &n, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
    return n;
}

static int row_cb(const struct device *d, void *arg)
{
    const char *cells[NCOLS] = {d->imei,        d->model,      device_status_label(d->status),
                                d->holder_name, d->receipt_no, d->round_name};
    tui_list_row(arg, d->id, cells);
    return 0;
}

static void devices_fetch(struct tui_list *l, const struct tui_page *pg)
{
    struct device_query q;
    struct error err = ERROR_INIT;
    fill_query(l->arg, &q);
    q.after_id = pg->after_id;
    q.reverse = pg->reverse;
    q.offset = pg->offset;
    q.limit = pg->limit;
    if (device_store_each(tui->app.db, &q, row_cb, l, &err) < 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
    }
}

static void devices_draw(struct view *v, WINDOW *w, int h, int wd)
{
    struct devices *dv = v->data;
    struct strbuf t = STRBUF_INIT;
    tui_list_draw(&dv->list, w, 1, h - 1, wd);
    strbuf_addf(&t, "%s: %lld", _("Devices"), dv->list.total);
    if (dv->status)
        strbuf_addf(&t, " · %s", device_state_label(dv->status - 1));
    if (dv->round)
        strbuf_addf(&t, " · %s", dv->round);
    if (dv->district)
        strbuf_addf(&t, " · %s", dv->district);
    if (dv->commune)
        strbuf_addf(&t, " · %s", dv->commune);
    tui_put(w, 0, 1, wd - 2, t.buf, tui_attr(ATTR_TITLE));
    strbuf_release(&t);
    v->text_input = dv->list.searching;
}

enum { F_STATUS, F_ROUND, F_DISTRICT, F_COMMUNE, F_N };

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v && *v ? xstrdup(v) : NULL;
}

static void filter_picked(struct tui_form *f, int idx)
{
    if (idx == F_DISTRICT)
        tui_form_set(f, F_COMMUNE, "", 0);
}

static int filter_save(struct tui_form *f, struct error *err)
{
    struct devices *dv = f->arg;
    long long st = f->fields[F_STATUS].choice_id;
    dv->status = st > 1 ? (int)st - 1 : 0;
    dv->round_id = f->fields[F_ROUND].choice_id;
    dv->district_id = f->fields[F_DISTRICT].choice_id;
    dv->commune_id = f->fields[F_COMMUNE].choice_id;
    set_str(&dv->round, dv->round_id ? tui_form_value(f, F_ROUND) : NULL);
    set_str(&dv->district, dv->district_id ? tui_form_value(f, F_DISTRICT) : NULL);
    set_str(&dv->commune, dv->commune_id ? tui_form_value(f, F_COMMUNE) : NULL);
    dv->list.cur = dv->list.top = 0;
    tui_list_reload(&dv->list);
    return 0;
}

static void devices_filter(struct devices *dv)
{
    struct tui_form *f = tui_form_new(_("Filter the list (empty field: all)"), F_N);
    const char *stl[DEVICE_STATE_COUNT + 1];
    stl[0] = _("all");
    for (int i = 0; i < DEVICE_STATE_COUNT; i++)
        stl[i + 1] = device_state_label(i);
    f->arg = dv;
    f->save = filter_save;
    f->picked = filter_picked;
    tui_form_field(f, F_STATUS, "status", N_("Status"), FIELD_CHOICE, 0);
    tui_choices_set(&f->fields[F_STATUS].fixed, stl, DEVICE_STATE_COUNT + 1);
    tui_form_field(f, F_ROUND, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[F_ROUND].fixed, 0);
    tui_form_field(f, F_DISTRICT, "district", N_("District of the holder"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[F_DISTRICT].fixed);
    tui_form_field(f, F_COMMUNE, "commune", N_("Commune of the holder"), FIELD_CHOICE, 0);
    f->fields[F_COMMUNE].choices = tui_provide_communes;
    tui_form_set(f, F_STATUS, stl[dv->status], dv->status + 1);
    tui_form_set(f, F_ROUND, dv->round, dv->round_id);
    tui_form_set(f, F_DISTRICT, dv->district, dv->district_id);
    tui_form_set(f, F_COMMUNE, dv->commune, dv->commune_id);
    tui_form_open(f);
}

/* --- editing a phone: its data, and its status with a reason ------------ */

enum { E_MODEL, E_IMEI2, E_PRICE, E_ROUND, E_STATUS, E_REASON, E_N };

/* The statuses an operator may set here, in the order offered (ids 1...). */
static const char *const settable[] = {"in_stock", "repair", "lost", "written_off"};
#define NSETTABLE ((int)(sizeof settable / sizeof *settable))

struct edit {
    long long id;
    char *imei, *status; /* as read when the form opened */
    char *model, *holder;
};

static const char *edit_new_status(const struct tui_form *f)
{
    long long c = f->fields[E_STATUS].choice_id;
    return !f->fields[E_STATUS].hidden && c >= 1 && c <= NSETTABLE ? settable[c - 1] : NULL;
}

/* The status is to change: what will happen, No as the default. */
static char *edit_confirm(struct tui_form *f)
{
    struct edit *e = f->arg;
    const char *to = edit_new_status(f);
    if (!to || !strcmp(to, e->status))
        return NULL;
    return xasprintf(_("Change the status of the phone IMEI %s (%s) from \"%s\" to \"%s\"?\n"
                       "Reason: %s\nThe change is recorded in the audit log%s."),
                     e->imei, e->model, device_status_label(e->status), device_status_label(to),
                     tui_form_value(f, E_REASON),
                     !strcmp(to, "written_off") ? _("; a phone written off stays so") : "");
}

static int edit_check(struct tui_form *f, int idx, struct error *err)
{
    struct edit *e = f->arg;
    const char *to = edit_new_status(f);
    if (idx == E_REASON && to && strcmp(to, e->status) && !tui_form_opt(f, E_REASON))
        return error_set(err, ERR_INVALID, "%s", _("say why the status changes"));
    return 0;
}

static int edit_save(struct tui_form *f, struct error *err)
{
    struct edit *e = f->arg;
    const char *to = edit_new_status(f);
    struct device_edit in = {tui_form_value(f, E_MODEL), tui_form_value(f, E_IMEI2),
                             tui_form_value(f, E_PRICE), f->fields[E_ROUND].choice_id};
    int rc;

    if (f->fields[E_ROUND].hidden)
        in.round_id = -1;
    if (to && strcmp(to, e->status) && !tui_form_opt(f, E_REASON)) {
        return error_set_field(err, ERR_INVALID, "note", "%s", _("say why the status changes"));
    }
    if ((rc = device_app_edit(&tui->app, e->id, &in, err)) != 0)
        return rc;
    if (to && strcmp(to, e->status)) {
        rc = device_app_set_status(&tui->app, e->imei, to, tui_form_value(f, E_REASON), err);
        if (rc != 0)
            return rc;
        tui_status(0, _("IMEI %s: %s (%s)"), e->imei, device_status_label(to),
                   tui_form_value(f, E_REASON));
    } else {
        tui_status(0, _("saved: IMEI %s"), e->imei);
    }
    tui_changed();
    return 0;
}

static void edit_release(struct tui_form *f)
{
    struct edit *e = f->arg;
    free(e->imei);
    free(e->status);
    free(e->model);
    free(e->holder);
    free(e);
}

/* The text of device field key of d as the form shows it. Caller frees. */
static char *device_text(const struct device *d, const char *key)
{
    return field_app_text(&device_kind, record_field(&device_kind, key), d);
}

static void devices_edit(long long id)
{
    struct device d;
    struct error err = ERROR_INIT;
    if (device_store_get(tui->app.db, id, &d, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return;
    }
    struct edit *e = xcalloc(1, sizeof *e);
    e->id = id;
    e->imei = xstrdup(d.imei);
    e->status = xstrdup(d.status);
    e->model = xstrdup(d.model ? d.model : "");
    char *title = xasprintf(_("Phone IMEI %s"), d.imei);
    struct tui_form *f = tui_form_new(title, E_N);
    free(title);
    f->arg = e;
    f->release = edit_release;
    f->save = edit_save;
    f->check = edit_check;
    f->confirm = edit_confirm;

    char *t;
    tui_form_field(f, E_MODEL, "model", N_("Model"), FIELD_TEXT, 1);
    tui_form_set(f, E_MODEL, d.model ? d.model : "", 0);
    tui_form_field(f, E_IMEI2, "imei2", N_("Second IMEI"), FIELD_TEXT, 0);
    tui_form_set(f, E_IMEI2, d.imei2 ? d.imei2 : "", 0);
    tui_form_field(f, E_PRICE, "price", N_("Price (VND)"), FIELD_TEXT, 0);
    t = device_text(&d, "price");
    tui_form_set(f, E_PRICE, t, 0);
    free(t);

    /* a phone belongs to a round once rounds exist: "(none)" only before */
    struct tui_choices rounds = {0};
    tui_choices_rounds(&rounds, 0);
    tui_form_field(f, E_ROUND, "round", N_("Round"), FIELD_CHOICE, rounds.n > 0);
    tui_choices_rounds(&f->fields[E_ROUND].fixed, d.round_id == 0 && rounds.n == 0);
    f->fields[E_ROUND].hidden = rounds.n == 0;
    tui_form_set(f, E_ROUND, d.round_id ? d.round_name : "", d.round_id);
    tui_choices_release(&rounds);

    const char *labels[NSETTABLE];
    int cur = 0;
    for (int i = 0; i < NSETTABLE; i++) {
        labels[i] = device_status_label(settable[i]);
        if (!strcmp(settable[i], d.status))
            cur = i + 1;
    }
    tui_form_field(f, E_STATUS, "status", N_("Status"), FIELD_CHOICE, 1);
    tui_choices_set(&f->fields[E_STATUS].fixed, labels, NSETTABLE);
    tui_form_field(f, E_REASON, "note", N_("Reason for a status change"), FIELD_TEXT, 0);
    if (cur && strcmp(d.status, "written_off") != 0) {
        tui_form_set(f, E_STATUS, labels[cur - 1], cur);
    } else {
        /* handed over: the return says why (Handover, F8); written off: final */
        f->fields[E_STATUS].hidden = f->fields[E_REASON].hidden = 1;
        t = !strcmp(d.status, "handed_over")
                ? xasprintf(_("%s to %s (receipt %s): its status changes when it is taken back "
                              "(Handover, F8)"),
                            device_status_label(d.status), d.holder_name ? d.holder_name : "?",
                            d.receipt_no ? d.receipt_no : "?")
                : xasprintf(_("%s: its status is final"), device_status_label(d.status));
        tui_form_message(f, 0, t);
        free(t);
    }
    f->dirty = 0;
    device_release(&d);
    tui_form_open(f);
}

static int devices_key(struct view *v, enum tui_action a, const struct tui_key *k)
{
    struct devices *dv = v->data;
    int r = tui_list_key(&dv->list, a, k);
    v->text_input = dv->list.searching;
    if (r & TUI_LIST_OPEN) {
        long long id = tui_list_current(&dv->list);
        if (id)
            tui_record_device(id);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (r != TUI_UNHANDLED)
        return r;
    switch (a) {
    case ACT_ADD:
        tui_device_form();
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_SCAN:
        tui_scan_open();
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_IMPORT:
        tui_import_open(1);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_FILTER:
        devices_filter(dv);
        return TUI_HANDLED | TUI_REDRAW;
    case ACT_EDIT: {
        long long id = tui_list_current(&dv->list);
        if (id)
            devices_edit(id);
        return TUI_HANDLED | TUI_REDRAW;
    }
    default:
        return TUI_UNHANDLED;
    }
}

static void devices_close(struct view *v)
{
    struct devices *dv = v->data;
    tui_list_release(&dv->list);
    free(dv->round);
    free(dv->district);
    free(dv->commune);
    free(dv);
}

static const enum tui_action devices_bar[] = {ACT_SEARCH, ACT_REFRESH, ACT_EDIT,
                                              ACT_SORT,   ACT_ADD,     ACT_SCAN,
                                              ACT_FILTER, ACT_IMPORT,  ACT_NONE};
static const struct view_ops devices_ops = {
    .name = "devices",
    .draw = devices_draw,
    .key = devices_key,
    .close = devices_close,
    .keymap = KEYMAP_LIST,
    .fbar = devices_bar,
};

struct view *tui_devices_new(void)
{
    struct devices *dv = xcalloc(1, sizeof *dv);
    tui_list_init(&dv->list, device_cols, NCOLS);
    dv->list.detail = LIST_DETAIL_DEVICE;
    dv->list.count = devices_count;
    dv->list.fetch_page = devices_fetch;
    dv->list.arg = dv;
    dv->list.empty_text = N_("no devices yet: F8 scans IMEIs, F7 registers one");
    return tui_view_new(&devices_ops, dv);
}

/*
 * device_app: registering devices (by IMEI) and rounds, and the status
 * changes that are not handovers (repair, lost, written off, back in stock).
 */
#include "app/device_app.h"
#include "app/field_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/money.h"
#include "core/states.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"

int device_status_valid(const char *status)
{
    return device_state_parse(status) != DEVICE_STATE_NONE;
}

const char *device_status_label(const char *status)
{
    enum device_state s = device_state_parse(status);
    return s != DEVICE_STATE_NONE ? device_state_label(s) : status ? status : "";
}

/* An optional text of the field key (label: its name in a message). */
static int opt_text(const char *in, const char *key, const char *label, char **out,
                    struct error *err)
{
    *out = NULL;
    if (!in || !*in)
        return 0;
    char *v;
    int rc = text_clean(in, label, 300, 0, &v, err);
    if (rc)
        return error_field(err, key, rc);
    if (*v)
        *out = v;
    else
        free(v);
    return 0;
}

/* Fill d from in; every rule checked; IMEIs checked against the registry. */
static int build_device(struct app *app, const struct device_input *in, struct device *d,
                        struct error *err)
{
    int rc;

    memset(d, 0, sizeof(*d));
    d->price = -1;
    /* each typed field by its rule, in the order of the device's table */
    for (size_t i = 0; i < device_kind.n_fields; i++) {
        const struct field *f = &device_kind.fields[i];
        const char *typed = field_input(f, in);
        if (!typed && (f->flags & FIELD_REQUIRED))
            typed = "";
        if (typed && (rc = field_app_apply(app, f, typed, d, err)) != 0)
            return rc;
    }
    if (d->imei2 && strcmp(d->imei, d->imei2) == 0)
        return error_set_field(err, ERR_INVALID, "imei2",
                               _("imei2 '%s' is the same as the first imei"), d->imei2);
    d->round_id = in->round_id;
    if (d->round_id) {
        struct round r;
        if ((rc = round_store_get(app->db, d->round_id, &r, err)) != 0)
            return rc == ERR_NOT_FOUND ? error_field(err, "round", rc) : rc;
        round_release(&r);
    }
    for (int slot = 0; slot < 2; slot++) {
        const char *x = slot ? d->imei2 : d->imei;
        if (!x)
            continue;
        long long other;
        struct device o;
        rc = device_store_find_imei(app->db, x, &other, err);
        if (rc == ERR_NOT_FOUND) {
            error_clear(err);
            continue;
        }
        if (rc == 0)
            rc = device_store_get(app->db, other, &o, err);
        if (rc == 0) {
            rc = error_set_field(err, ERR_CONFLICT, slot ? "imei2" : "imei",
                                 _("%s '%s' is already registered (device %lld, %s, %s)"),
                                 slot ? _("imei2") : _("imei"), x, other, o.model,
                                 device_status_label(o.status));
            device_release(&o);
        } else if (rc == ERR_NOT_FOUND) {
            rc = error_set_field(err, ERR_CONFLICT, slot ? "imei2" : "imei",
                                 _("%s '%s' is already registered"), slot ? _("imei2") : _("imei"),
                                 x);
        }
        return rc;
    }
    d->status = xstrdup(device_state_text(DEVICE_IN_STOCK));
    return 0;
}

int device_app_validate(struct app *app, const struct device_input *in, struct error *err)
{
    struct device d;
    int rc = build_device(app, in, &d, err);
    device_release(&d);
    return rc;
}

static int device_round_seen(const struct round *r, void *arg)
{
    (void)r;
    *(int *)arg = 1;
    return 1; /* one is enough */
}

/* Once rounds exist a phone belongs to one: ERR_INVALID naming the field
 * "round" when round_id is 0 and some round exists. */
static int round_needed(struct app *app, long long round_id, struct error *err)
{
    int rounds = 0, rc;
    if (round_id)
        return 0;
    rc = round_store_each(app->db, device_round_seen, &rounds, err);
    if (rc >= 0 && rounds)
        return error_set_field(err, ERR_INVALID, "round",
                               _("a phone belongs to a round once rounds exist: choose its round"));
    return rc < 0 ? rc : 0;
}

/* A device being added (device_app_add): as typed, and as built. */
struct device_add {
    const struct device_input *in;
    struct device d;
};

/* The rules of a new device, read inside the transaction: another
 * operator may have scanned it meanwhile. */
static int add_check(struct app *app, struct app_change *c, struct error *err)
{
    struct device_add *a = c->arg;
    return build_device(app, a->in, &a->d, err);
}

/* The change "device.add": the row built. */
static int insert_device(struct app *app, struct app_change *c, struct error *err)
{
    struct device_add *a = c->arg;
    char now[21];

    date_now_utc(now);
    a->d.updated_at = xstrdup(now);
    int rc = device_store_insert(app->db, &a->d, &c->id, err);
    if (rc == ERR_CONFLICT)
        rc = error_set_field(err, ERR_CONFLICT, "imei", _("imei '%s' is already registered"),
                             a->d.imei);
    return rc;
}

int device_app_register(struct app *app, const struct device_input *in, long long *id,
                        struct error *err)
{
    int rc = round_needed(app, in->round_id, err);
    return rc ? rc : device_app_add(app, in, id, err);
}

int device_app_add(struct app *app, const struct device_input *in, long long *id, struct error *err)
{
    struct device_add a = {.in = in};
    struct app_change c = {.action = "device.add",
                           .entity = "device",
                           .check = add_check,
                           .write = insert_device,
                           .arg = &a};
    int rc = app_change(app, &c, err);

    if (rc == 0 && id)
        *id = c.id;
    device_release(&a.d);
    return rc;
}

/* A status change (device_app_set_status): as asked, the device as found. */
struct status_ask {
    const char *imei, *note;
    enum device_state status;
    struct device d;
};

/* The rules of a status change: the device neither handed over nor
 * written off; already in the status asked, nothing changes. */
static int status_check(struct app *app, struct app_change *c, struct error *err)
{
    struct status_ask *a = c->arg;
    const struct device *d = &a->d;
    int rc = device_store_get_by_imei(app->db, a->imei, &a->d, err);

    if (rc)
        return rc == ERR_NOT_FOUND ? error_field(err, "imei", rc) : rc;
    enum device_state now = device_state_parse(d->status);
    if (now == DEVICE_HANDED_OVER)
        return error_set_field(err, ERR_CONFLICT, "imei",
                               _("imei '%s' is handed over to %s (receipt %s): record its return "
                                 "first"),
                               a->imei, d->holder_name ? d->holder_name : "?",
                               d->receipt_no ? d->receipt_no : "?");
    if (now == DEVICE_WRITTEN_OFF)
        return error_set_field(err, ERR_CONFLICT, "imei",
                               _("imei '%s' is written off: its status is final"), a->imei);
    c->id = d->id;
    return now == a->status ? APP_CHANGE_NONE : 0;
}

/* The change "device.status": the row with its new status (and note). */
static int update_status(struct app *app, struct app_change *c, struct error *err)
{
    struct status_ask *a = c->arg;
    struct device *d = &a->d;
    char now[21];
    int rc;

    free(d->status);
    d->status = xstrdup(device_state_text(a->status));
    if (a->note && *a->note) {
        char *n;
        if ((rc = text_clean(a->note, _("note"), 300, 0, &n, err)) != 0)
            return error_field(err, "note", rc);
        free(d->note);
        d->note = n;
    }
    date_now_utc(now);
    free(d->updated_at);
    d->updated_at = xstrdup(now);
    return device_store_update(app->db, d, err);
}

int device_app_set_status(struct app *app, const char *imei_in, const char *status,
                          const char *note, struct error *err)
{
    char imei[IMEI_LEN + 1];
    int rc;

    enum device_state to = device_state_parse(status);
    if (to == DEVICE_STATE_NONE || to == DEVICE_HANDED_OVER)
        return error_set_field(err, ERR_INVALID, "status",
                               _("status '%s' must be one of in_stock, repair, lost, written_off"),
                               error_quote(status));
    if ((rc = imei_parse(imei_in, _("imei"), imei, err)) != 0)
        return error_field(err, "imei", rc);
    struct status_ask a = {.imei = imei, .note = note, .status = to};
    struct app_change c = {.action = "device.status",
                           .entity = "device",
                           .check = status_check,
                           .write = update_status,
                           .arg = &a};
    rc = app_change(app, &c, err);
    device_release(&a.d);
    return rc;
}

/* The change "round.add". */
static int insert_round(struct app *app, struct app_change *c, struct error *err)
{
    const struct round *r = c->arg;
    int rc = round_store_insert(app->db, r, &c->id, err);
    if (rc == ERR_CONFLICT)
        rc = error_set_field(err, ERR_CONFLICT, "name", _("round name '%s' is already used"),
                             r->name);
    return rc;
}

int round_app_add(struct app *app, const struct round_input *in, long long *id, struct error *err)
{
    struct round r = {0};
    char now[21];
    int rc;

    r.budget = -1;
    if ((rc = text_clean_required(in->name, _("round name"), 200, &r.name, err)) != 0)
        return error_field(err, "name", rc);
    if (in->year && *in->year) {
        char *end;
        long y = strtol(in->year, &end, 10);
        if (*end || y < 2000 || y > 2100) {
            round_release(&r);
            return error_set_field(err, ERR_INVALID, "year",
                                   _("year '%s' must be a year like 2023"), error_quote(in->year));
        }
        r.year = (int)y;
    }
    if ((rc = opt_text(in->funding, "funding", _("funding"), &r.funding, err)) ||
        (rc = opt_text(in->decision, "decision", _("decision"), &r.decision, err)) ||
        (in->budget && *in->budget &&
         (rc = error_field(err, "budget", money_parse(in->budget, _("budget"), &r.budget, err))))) {
        round_release(&r);
        return rc;
    }
    date_now_utc(now);
    r.created_at = xstrdup(now);
    struct app_change c = {
        .action = "round.add", .entity = "round", .write = insert_round, .arg = &r};
    rc = app_change(app, &c, err);
    r.id = c.id;
    if (rc == 0 && id)
        *id = r.id;
    round_release(&r);
    return rc;
}

/* --- editing a registered phone ------------------------------------------ */

/* One field of d from its typed text, by the rule registration uses. */
static int device_edit_field(struct app *app, struct device *d, const char *key, const char *typed,
                             struct error *err)
{
    int rc = field_app_apply(app, record_field(&device_kind, key), typed, d, err);
    return rc > 0 ? 0 : rc;
}

int device_app_edit(struct app *app, long long id, const struct device_edit *in, struct error *err)
{
    struct device d;
    char *before = NULL, *after = NULL, now[21];
    int rc = db_begin(app->db, err), any = 0;

    if (rc)
        return rc;
    rc = device_store_get(app->db, id, &d, err);
    if (rc) {
        db_end(app->db, 0, NULL);
        return rc;
    }
    rc = device_store_snapshot(app->db, id, &before, err);
    if (rc == 0 && in->model)
        rc = device_edit_field(app, &d, "model", in->model, err);
    if (rc == 0 && in->imei2)
        rc = device_edit_field(app, &d, "imei2", in->imei2, err);
    if (rc == 0 && in->price)
        rc = device_edit_field(app, &d, "price", in->price, err);
    if (rc == 0 && d.imei2) {
        long long other;
        if (strcmp(d.imei, d.imei2) == 0)
            rc = error_set_field(err, ERR_INVALID, "imei2",
                                 _("imei2 '%s' is the same as the first imei"), d.imei2);
        else if ((rc = device_store_find_imei(app->db, d.imei2, &other, err)) == 0 && other != id)
            rc = error_set_field(err, ERR_CONFLICT, "imei2",
                                 _("%s '%s' is already registered (device %lld)"), _("imei2"),
                                 d.imei2, other);
        else if (rc == ERR_NOT_FOUND || rc == 0) {
            error_clear(err);
            rc = 0;
        }
    }
    if (rc == 0 && in->round_id >= 0) {
        struct round r;
        if (in->round_id == 0) {
            rc = round_needed(app, 0, err);
        } else if ((rc = round_store_get(app->db, in->round_id, &r, err)) == 0) {
            round_release(&r);
        } else if (rc == ERR_NOT_FOUND) {
            error_field(err, "round", rc);
        }
        if (rc == 0)
            d.round_id = in->round_id;
    }
    if (rc == 0) {
        date_now_utc(now);
        free(d.updated_at);
        d.updated_at = xstrdup(now);
        rc = device_store_update(app->db, &d, err);
    }
    if (rc == 0)
        rc = device_store_snapshot(app->db, id, &after, err);
    /* only a change is recorded: the log holds what was, and what is */
    if (rc == 0 && strcmp(before, after) != 0) {
        any = 1;
        rc = app_audit(app, "device.edit", "device", id, before, after, err);
    }
    free(before);
    free(after);
    device_release(&d);
    int rc2 = db_end(app->db, rc == 0 && any, rc ? NULL : err);
    return rc ? rc : any ? rc2 : 0;
}

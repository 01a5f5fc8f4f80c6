/*
 * device_app: registering devices (by IMEI), editing them, and the status
 * changes that are not handovers (repair, lost, written off, back in stock).
 */
#include "app/device_app.h"
#include "app/field_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/states.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/round_store.h"

int device_status_valid(const char *status)
{
    return device_state_parse(status) != DEVICE_STATE_NONE;
}

const char *device_status_label(const char *status)
{
    enum device_state s = device_state_parse(status);
    return s != DEVICE_STATE_NONE ? device_state_label(s) : status ? status : "";
}

/* Fill d from in; every rule checked; IMEIs checked against the registry. */
static int build_device(struct app *app, const struct device_input *in, struct device *d,
                        struct error *err)
{
    int rc;

    memset(d, 0, sizeof(*d));
    d->price = -1;
    /* each typed field by its rule, in the order of the device's table */
    if ((rc = field_app_apply_input(app, &device_kind, in, d, err)) != 0)
        return rc;
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
    /* run again after a conflict on a server (app_txn): the last read goes */
    device_release(&a->d);
    memset(&a->d, 0, sizeof(a->d));
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

/* Write d's row, changed now. */
static int write_device(struct app *app, struct device *d, struct error *err)
{
    char now[21];

    date_now_utc(now);
    free(d->updated_at);
    d->updated_at = xstrdup(now);
    return device_store_update(app->db, d, err);
}

/* The change "device.status": the row with its new status (and note). */
static int update_status(struct app *app, struct app_change *c, struct error *err)
{
    struct status_ask *a = c->arg;
    struct device *d = &a->d;
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
    return write_device(app, d, err);
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

/* --- editing a registered phone ------------------------------------------ */

/* One field of d from its typed text, by the rule registration uses. */
static int device_edit_field(struct app *app, struct device *d, const char *key, const char *typed,
                             struct error *err)
{
    int rc = field_app_apply(app, record_field(&device_kind, key), typed, d, err);
    return rc > 0 ? 0 : rc;
}

/* d's second IMEI: not its first, and no other phone's. */
static int edit_imei2(struct app *app, const struct device *d, struct error *err)
{
    long long other;
    int rc;

    if (strcmp(d->imei, d->imei2) == 0)
        return error_set_field(err, ERR_INVALID, "imei2",
                               _("imei2 '%s' is the same as the first imei"), d->imei2);
    if ((rc = device_store_find_imei(app->db, d->imei2, &other, err)) == 0 && other != d->id)
        return error_set_field(err, ERR_CONFLICT, "imei2",
                               _("%s '%s' is already registered (device %lld)"), _("imei2"),
                               d->imei2, other);
    if (rc == ERR_NOT_FOUND || rc == 0) {
        error_clear(err);
        rc = 0;
    }
    return rc;
}

/* The round a phone is moved to: one that exists; none only while no
 * round exists. */
static int edit_round(struct app *app, long long round_id, struct error *err)
{
    struct round r;
    int rc;

    if (round_id == 0)
        return round_needed(app, 0, err);
    if ((rc = round_store_get(app->db, round_id, &r, err)) == 0)
        round_release(&r);
    else if (rc == ERR_NOT_FOUND)
        error_field(err, "round", rc);
    return rc;
}

/* A phone being edited (device_app_edit): as typed; as it was and as it
 * will be. */
struct edit_ask {
    const struct device_edit *in;
    struct device was, d;
};

/* The rules of an edit, read inside the transaction: each value typed by
 * registration's rule, the second IMEI and the round; when nothing would
 * change, nothing is written. */
static int edit_check(struct app *app, struct app_change *c, struct error *err)
{
    struct edit_ask *a = c->arg;
    const struct device_edit *in = a->in;
    struct device *d = &a->d;
    /* run again after a conflict on a server (app_txn): the last reads go */
    device_release(&a->was);
    device_release(&a->d);
    memset(&a->was, 0, sizeof(a->was));
    memset(&a->d, 0, sizeof(a->d));
    int rc = device_store_get(app->db, c->id, &a->was, err);

    if (rc == 0)
        rc = device_store_get(app->db, c->id, d, err);
    if (rc == 0 && in->model)
        rc = device_edit_field(app, d, "model", in->model, err);
    if (rc == 0 && in->imei2)
        rc = device_edit_field(app, d, "imei2", in->imei2, err);
    if (rc == 0 && in->price)
        rc = device_edit_field(app, d, "price", in->price, err);
    if (rc == 0 && d->imei2)
        rc = edit_imei2(app, d, err);
    if (rc == 0 && in->round_id >= 0 && (rc = edit_round(app, in->round_id, err)) == 0)
        d->round_id = in->round_id;
    if (rc)
        return rc;
    /* only a change is recorded: the log holds what was, and what is */
    return record_equal(&device_kind, &a->was, d) ? APP_CHANGE_NONE : 0;
}

/* The change "device.edit": the row as edited. */
static int update_edited(struct app *app, struct app_change *c, struct error *err)
{
    struct edit_ask *a = c->arg;
    return write_device(app, &a->d, err);
}

int device_app_edit(struct app *app, long long id, const struct device_edit *in, struct error *err)
{
    struct edit_ask a = {.in = in};
    struct app_change c = {.action = "device.edit",
                           .entity = "device",
                           .id = id,
                           .check = edit_check,
                           .write = update_edited,
                           .arg = &a};
    int rc = app_change(app, &c, err);

    device_release(&a.was);
    device_release(&a.d);
    return rc;
}

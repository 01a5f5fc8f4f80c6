/* training_app: training sessions and who attended them, audited. */
#include "app/training_app.h"

#include <stdlib.h>
#include <string.h>

#include "app/unit_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/person_store.h"
#include "store/training_store.h"

/* The change "training.add". */
static int insert_session(struct app *app, struct app_change *c, struct error *err)
{
    return training_store_insert(app->db, c->arg, &c->id, err);
}

int training_app_add(struct app *app, const struct training_input *in, long long *id,
                     struct error *err)
{
    struct training_session s = {0};
    char date[11], now[21];
    int rc;

    if ((rc = date_parse(in->date, _("date"), date, err)) != 0)
        return error_field(err, "date", rc);
    s.held_on = xstrdup(date);
    if ((rc = error_field(err, "place",
                          text_clean_required(in->place, _("place"), 300, &s.place, err))) ||
        (rc = error_field(err, "trainer",
                          text_clean_required(in->trainer, _("trainer"), 200, &s.trainer, err))) ||
        (rc = error_field(err, "topic",
                          text_clean_required(in->topic, _("topic"), 300, &s.topic, err))))
        goto out;
    if (in->commune_id) {
        if ((rc = unit_app_at(app, in->commune_id, date, &s.commune_id, err)) != 0) {
            error_prefix(err, "%s", _("commune"));
            error_field(err, "commune", rc);
            goto out;
        }
    } else if (in->commune && *in->commune) {
        long long district = 0;
        if (in->district && *in->district &&
            (rc = app_find_district(app, in->district, &district, err)) != 0)
            goto out;
        if ((rc = app_find_commune(app, district, in->commune, date, &s.commune_id, err)) != 0)
            goto out;
    }
    s.round_id = in->round_id;
    if (s.round_id) {
        struct round r;
        if ((rc = round_store_get(app->db, s.round_id, &r, err)) != 0) {
            if (rc == ERR_NOT_FOUND)
                error_field(err, "round", rc);
            goto out;
        }
        round_release(&r);
    }
    date_now_utc(now);
    s.created_at = xstrdup(now);
    struct app_change c = {
        .action = "training.add", .entity = "training_session", .write = insert_session, .arg = &s};
    rc = app_change(app, &c, err);
    if (rc == 0 && id)
        *id = c.id;
out:
    training_session_release(&s);
    return rc;
}

static char *attendance_json(long long session_id, long long person_id)
{
    return xasprintf("{\"session_id\":%lld,\"person_id\":%lld}", session_id, person_id);
}

/* Persons coming to a session (training_app_attend). */
struct attend_ask {
    long long session_id;
    const long long *person_ids;
    size_t n;
    size_t *added;
};

/* Each person present once; an entry for each one added. */
static int attend_fn(struct app *app, void *arg, struct error *err)
{
    struct attend_ask *a = arg;
    struct training_session s;
    int rc = training_store_get(app->db, a->session_id, &s, err);

    if (rc == 0)
        training_session_release(&s);
    for (size_t i = 0; rc == 0 && i < a->n; i++) {
        struct person p;
        if ((rc = person_store_get(app->db, a->person_ids[i], &p, err)) != 0)
            break;
        person_release(&p);
        int r = attendance_store_add(app->db, a->session_id, a->person_ids[i], err);
        if (r < 0) {
            rc = r;
        } else if (r == 1) {
            char *after = attendance_json(a->session_id, a->person_ids[i]);
            rc = app_audit(app, "training.attend", "attendance", a->session_id, NULL, after, err);
            free(after);
            if (a->added)
                (*a->added)++;
        }
    }
    return rc;
}

int training_app_attend(struct app *app, long long session_id, const long long *person_ids,
                        size_t n, size_t *added, struct error *err)
{
    struct attend_ask a = {session_id, person_ids, n, added};

    if (added)
        *added = 0;
    return app_txn(app, attend_fn, &a, err);
}

/* A person no longer counted at a session (training_app_unattend). */
struct unattend_ask {
    long long session_id, person_id;
};

static int unattend_fn(struct app *app, void *arg, struct error *err)
{
    const struct unattend_ask *a = arg;
    int rc = attendance_store_remove(app->db, a->session_id, a->person_id, err);

    if (rc == 1) {
        char *before = attendance_json(a->session_id, a->person_id);
        rc = app_audit(app, "training.unattend", "attendance", a->session_id, before, NULL, err);
        free(before);
    }
    return rc < 0 ? rc : 0;
}

int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err)
{
    struct unattend_ask a = {session_id, person_id};
    return app_txn(app, unattend_fn, &a, err);
}

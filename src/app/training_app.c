/* training_app: training sessions and who attended them, audited. */
#include "app/training_app.h"

#include <stdlib.h>
#include <string.h>

#include "app/field_app.h"
#include "app/unit_app.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/person_store.h"
#include "store/round_store.h"
#include "store/training_store.h"

/* The session's commune: chosen from a list, or named with its district
 * as on the session's date. */
static int apply_commune(struct app *app, const struct training_input *in,
                         struct training_session *s, struct error *err)
{
    int rc;

    if (in->commune_id) {
        if ((rc = unit_app_at(app, in->commune_id, s->held_on, &s->commune_id, err)) != 0) {
            error_prefix(err, "%s", _("commune"));
            error_field(err, "commune", rc);
        }
        return rc;
    }
    if (!in->commune || !*in->commune)
        return 0;
    long long district = 0;
    if (in->district && *in->district &&
        (rc = app_find_district(app, in->district, &district, err)) != 0)
        return rc;
    return app_find_commune(app, district, in->commune, s->held_on, &s->commune_id, err);
}

/*
 * Fill s from in, walking the session's field table in its order: each
 * typed field by its rule, the commune (with its district) at its place
 * once the date is known, then the round.
 */
static int build_session(struct app *app, const struct training_input *in,
                         struct training_session *s, struct error *err)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < session_kind.n_fields; i++) {
        const struct field *f = &session_kind.fields[i];
        const char *typed = field_input(f, in);
        if (f->check == CHECK_UNIT) {
            if (strcmp(f->key, "commune_id") == 0)
                rc = apply_commune(app, in, s, err);
            continue;
        }
        if (!typed && (f->flags & FIELD_REQUIRED))
            typed = "";
        if (typed)
            rc = field_app_apply(app, f, typed, s, err);
    }
    if (rc == 0 && s->commune_id)
        rc = app_commune_seen(app, s->commune_id, err);
    s->round_id = in->round_id;
    if (rc == 0 && s->round_id) {
        struct round r;
        if ((rc = round_store_get(app->db, s->round_id, &r, err)) != 0)
            return rc == ERR_NOT_FOUND ? error_field(err, "round", rc) : rc;
        round_release(&r);
    }
    return rc;
}

/* The change "training.add". */
static int insert_session(struct app *app, struct app_change *c, struct error *err)
{
    return training_store_insert(app->db, c->arg, &c->id, err);
}

int training_app_add(struct app *app, const struct training_input *in, long long *id,
                     struct error *err)
{
    struct training_session s = {0};
    char now[21];
    int rc;

    if ((rc = build_session(app, in, &s, err)) != 0)
        goto out;
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
            char *after;
            rc = attendance_store_snapshot(app->db, a->session_id, a->person_ids[i], &after, err);
            if (rc == 0)
                rc = app_audit(app, "training.attend", "attendance", a->session_id, NULL, after,
                               err);
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
    /* the row as it was: a change the log cannot describe is not made */
    char *before = NULL;
    int rc = attendance_store_snapshot(app->db, a->session_id, a->person_id, &before, err);
    if (rc == ERR_NOT_FOUND) {
        error_clear(err);
        return 0;
    }
    if (rc == 0)
        rc = attendance_store_remove(app->db, a->session_id, a->person_id, err);
    if (rc == 1)
        rc = app_audit(app, "training.unattend", "attendance", a->session_id, before, NULL, err);
    free(before);
    return rc < 0 ? rc : 0;
}

int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err)
{
    struct unattend_ask a = {session_id, person_id};
    return app_txn(app, unattend_fn, &a, err);
}

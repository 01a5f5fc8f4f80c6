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
#include "store/db.h"
#include "store/device_store.h"
#include "store/person_store.h"
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
    s->round_id = in->round_id;
    if (rc == 0 && s->round_id) {
        struct round r;
        if ((rc = round_store_get(app->db, s->round_id, &r, err)) != 0)
            return rc == ERR_NOT_FOUND ? error_field(err, "round", rc) : rc;
        round_release(&r);
    }
    return rc;
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
    if ((rc = db_begin(app->db, err)) != 0)
        goto out;
    rc = training_store_insert(app->db, &s, &s.id, err);
    if (rc == 0) {
        char *after;
        rc = training_store_snapshot(app->db, s.id, &after, err);
        if (rc == 0)
            rc = app_audit(app, "training.add", "training_session", s.id, NULL, after, err);
        free(after);
    }
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    if (!rc)
        rc = rc2;
    if (rc == 0 && id)
        *id = s.id;
out:
    training_session_release(&s);
    return rc;
}

int training_app_attend(struct app *app, long long session_id, const long long *person_ids,
                        size_t n, size_t *added, struct error *err)
{
    struct training_session s;
    int rc;

    if (added)
        *added = 0;
    if ((rc = db_begin(app->db, err)) != 0)
        return rc;
    rc = training_store_get(app->db, session_id, &s, err);
    if (rc == 0)
        training_session_release(&s);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct person p;
        if ((rc = person_store_get(app->db, person_ids[i], &p, err)) != 0)
            break;
        person_release(&p);
        int r = attendance_store_add(app->db, session_id, person_ids[i], err);
        if (r < 0) {
            rc = r;
        } else if (r == 1) {
            char *after;
            rc = attendance_store_snapshot(app->db, session_id, person_ids[i], &after, err);
            if (rc == 0)
                rc = app_audit(app, "training.attend", "attendance", session_id, NULL, after, err);
            free(after);
            if (added)
                (*added)++;
        }
    }
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

int training_app_unattend(struct app *app, long long session_id, long long person_id,
                          struct error *err)
{
    int rc = db_begin(app->db, err);
    if (rc)
        return rc;
    /* the row as it was: a change the log cannot describe is not made */
    char *before = NULL;
    int r = attendance_store_snapshot(app->db, session_id, person_id, &before, err);
    if (r == ERR_NOT_FOUND) {
        error_clear(err);
        r = 0;
    } else if (r == 0) {
        r = attendance_store_remove(app->db, session_id, person_id, err);
    }
    if (r < 0)
        rc = r;
    else if (r == 1)
        rc = app_audit(app, "training.unattend", "attendance", session_id, before, NULL, err);
    free(before);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

/*
 * person_app: adding and editing prestigious persons. Every field is cleaned
 * and checked with the rules of src/core/ before anything is written, and
 * each change is audited with the row before and after.
 */
#include "app/person_app.h"

#include "app/seen_app.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app/field_app.h"
#include "app/unit_app.h"
#include "core/cccd.h"
#include "core/collate.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/person_store.h"
#include "store/unit_store.h"

char person_parse_gender(const char *s, struct error *err)
{
    return field_app_gender(s, err);
}

/*
 * The commune (chosen from a list, or named with its district and the date
 * it is named on) and the village: they depend on one another, so they are
 * checked together, at the commune's place in the table.
 */
static int apply_units(struct app *app, const struct person_input *in, struct person *p,
                       char **village_name, int adding, struct error *err)
{
    int rc;
    long long before = p->commune_id;

    if (in->commune_id) {
        struct unit u;
        if ((rc = unit_store_get(app->db, in->commune_id, &u, err)) != 0)
            return rc == ERR_NOT_FOUND ? error_field(err, "commune", rc) : rc;
        rc = strcmp(u.level, "commune") == 0
                 ? 0
                 : error_set_field(err, ERR_INVALID, "commune",
                                   _("commune: unit %lld is not a commune"), in->commune_id);
        unit_release(&u);
        if (rc)
            return rc;
        if (p->commune_id != in->commune_id && !in->village && p->village)
            *village_name = xstrdup(p->village);
        p->commune_id = in->commune_id;
    } else if (adding || in->commune || in->district) {
        long long district = 0;
        const char *commune = in->commune;
        char as_of[11];
        if (in->as_of && *in->as_of &&
            (rc = date_parse(in->as_of, _("as-of date"), as_of, err)) != 0)
            return error_field(err, "as_of", rc);
        if (in->district && *in->district) {
            if ((rc = app_find_district(app, in->district, &district, err)) != 0)
                return rc;
        }
        if (!commune || !*commune) {
            if (adding || !p->commune)
                return error_set_field(err, ERR_INVALID, "commune", _("commune is required"));
            commune = p->commune;
            /* the district alone changed: the commune of that name there */
        }
        if ((rc = app_find_commune(app, district, commune, in->as_of && *in->as_of ? as_of : NULL,
                                   &p->commune_id, err)) != 0)
            return rc;
        if (!in->village && p->village) {
            /* the village moves with the person into the new commune */
            *village_name = xstrdup(p->village);
        }
    }
    if (p->commune_id && p->commune_id != before &&
        (rc = app_commune_seen(app, p->commune_id, err)) != 0)
        return rc;
    if (in->village) {
        const struct field *f = record_input_field(&person_kind, "village");
        char *v = NULL;
        struct field text = *f;
        text.check = CHECK_TEXT;
        text.offset = 0;
        if ((rc = field_app_apply(app, &text, in->village, &v, err)) != 0)
            return rc;
        free(*village_name);
        *village_name = v;
        if (!v)
            p->village_id = 0;
    }
    return 0;
}

/* The citizen ID, which must agree with the birth year and gender. */
static int apply_cccd(const struct person_input *in, struct person *p, struct error *err)
{
    int rc;
    if (in->cccd) {
        free(p->id_number);
        free(p->id_kind);
        p->id_number = p->id_kind = NULL;
        if (*in->cccd) {
            char out[13];
            enum id_kind kind;
            if ((rc = cccd_parse(in->cccd, p->birth_year, p->gender, out, &kind, err)) != 0)
                return rc;
            p->id_number = xstrdup(out);
            p->id_kind = xstrdup(kind == ID_CMND ? "cmnd" : "cccd");
        }
    } else if (p->id_number && p->id_kind && strcmp(p->id_kind, "cccd") == 0) {
        /* an edit of birth year or gender must still agree with the stored
         * CCCD, which the message names masked */
        if ((rc = cccd_agrees(p->id_number, p->birth_year, p->gender, err)) != 0)
            return rc;
    }
    return 0;
}

/*
 * Apply the given fields of in to p (which holds the current values on edit,
 * zeroes on add), walking the person's field table in its order. Units are
 * resolved; the village is created on write.
 */
static int apply_input(struct app *app, const struct person_input *in, struct person *p,
                       char **village_name, int adding, struct error *err)
{
    int rc = 0;

    if (adding)
        p->active = 1;
    for (size_t i = 0; rc == 0 && i < person_kind.n_fields; i++) {
        const struct field *f = &person_kind.fields[i];
        const char *typed = field_input(f, in);
        if (f->input == FIELD_NO_INPUT)
            continue;
        if (f->check == CHECK_UNIT || f->type == FT_NONE) {
            /* all of them at once, at the commune's place */
            if (strcmp(f->key, "commune_id") == 0)
                rc = apply_units(app, in, p, village_name, adding, err);
            continue;
        }
        if (f->check == CHECK_CCCD) {
            rc = apply_cccd(in, p, err);
            continue;
        }
        if (!typed && adding && (f->flags & FIELD_REQUIRED))
            typed = "";
        if (!typed)
            continue;
        if (f->check == CHECK_GENDER && !*typed)
            return error_set_field(err, ERR_INVALID, "gender", _("gender is required (M or F)"));
        rc = field_app_apply(app, f, typed, p, err);
    }
    return rc;
}

/* The CCCD of p must not belong to another person. */
static int check_id_number(struct app *app, const struct person *p, struct error *err)
{
    long long other;
    int rc;

    if (!p->id_number)
        return 0;
    rc = person_store_find_id_number(app->db, p->id_number, &other, err);
    if (rc == ERR_NOT_FOUND) {
        error_clear(err);
        return 0;
    }
    if (rc == 0 && other != p->id)
        return error_set_field(err, ERR_CONFLICT, "cccd",
                               _("cccd '%s' already belongs to person %lld"), p->id_number, other);
    return rc;
}

int person_app_validate(struct app *app, const struct person_input *in, struct error *err)
{
    struct person p = {0};
    char *village = NULL;
    int rc = apply_input(app, in, &p, &village, 1, err);
    if (rc == 0)
        rc = check_id_number(app, &p, err);
    person_release(&p);
    free(village);
    return rc;
}

/* A person being written (person_change): the record as it will be, the
 * village named for it (NULL: none new), and its folded name when the
 * caller has it (else NULL). */
struct person_write {
    struct person *p;
    const char *village;
    const char *fold;
    /* an edit's (person_app_edit): what was typed and what was shown */
    const struct person_input *in;
    const struct app_seen *seen;
    char *village_named; /* owned */
};

/* The rules of a person written: their CCCD is nobody else's. */
static int person_check(struct app *app, struct app_change *c, struct error *err)
{
    struct person_write *w = c->arg;
    return check_id_number(app, w->p, err);
}

/* The change "unit.add": a village named for the first time is made, and
 * logged: check compares every unit with the log. */
static int insert_village(struct app *app, struct app_change *c, struct error *err)
{
    struct person_write *w = c->arg;
    return unit_store_village(app->db, w->p->commune_id, w->village, 1, &c->id, err);
}

/* The change "person.add" or "person.edit": the row (its village first). */
static int write_person(struct app *app, struct app_change *c, struct error *err)
{
    struct person_write *w = c->arg;
    struct person *p = w->p;
    char now[21];
    unsigned char *key;
    size_t key_len;
    int rc = 0;

    date_now_utc(now);
    free(p->updated_at);
    p->updated_at = xstrdup(now);
    if (w->village) {
        rc = unit_store_village(app->db, p->commune_id, w->village, 0, &p->village_id, err);
        if (rc == 0 && !p->village_id) {
            struct app_change v = {
                .action = "unit.add", .entity = "unit", .write = insert_village, .arg = w};
            rc = app_change(app, &v, err);
            p->village_id = v.id;
        }
        if (rc)
            return rc;
    }
    char *fold = w->fold ? xstrdup(w->fold) : text_fold(p->full_name);
    key = collate_person_key(p->full_name, &key_len);
    if (p->id)
        rc = person_store_update(app->db, p, fold, key, key_len, err);
    else
        rc = person_store_insert(app->db, p, fold, key, key_len, &c->id, err);
    free(fold);
    free(key);
    return rc;
}

/* Write w's person (p->id 0: added) and log it as action, unless nothing
 * changed; check: the rules read first (person_check, or an edit's). */
static int person_change(struct app *app, struct person_write *w, const char *action,
                         int (*check)(struct app *, struct app_change *, struct error *),
                         long long *id, struct error *err)
{
    struct app_change c = {.action = action,
                           .entity = "person",
                           .id = w->p->id,
                           .if_changed = 1,
                           .check = check,
                           .write = write_person,
                           .arg = w};
    int rc = app_change(app, &c, err);

    if (rc == 0 && id)
        *id = c.id;
    return rc;
}

int person_app_add_unless(struct app *app, const struct person_input *in, person_same_fn same,
                          void *arg, long long *id, struct error *err)
{
    struct person p = {0};
    char *village = NULL, *fold = NULL;
    int rc = apply_input(app, in, &p, &village, 1, err);

    if (rc == 0 && same && (rc = check_id_number(app, &p, err)) == 0) {
        fold = text_fold(p.full_name);
        rc = same(p.full_name, fold, p.birth_year, p.commune_id, arg, err);
    }
    if (rc == 0) {
        struct person_write w = {.p = &p, .village = village, .fold = fold};
        rc = person_change(app, &w, "person.add", person_check, id, err);
    }
    person_release(&p);
    free(village);
    free(fold);
    return rc;
}

int person_app_find_namesake(struct app *app, const struct person_input *in, long long *id,
                             struct error *err)
{
    struct person p = {0};
    char *village = NULL;
    struct person_namesake *list = NULL;
    size_t n = 0;
    struct error quiet = ERROR_INIT;

    *id = 0;
    /* input that does not pass is the add's to refuse, by its field */
    int rc = apply_input(app, in, &p, &village, 1, &quiet);
    error_clear(&quiet);
    if (rc == 0 && p.commune_id) {
        char *fold = text_fold(p.full_name);
        rc = person_store_find_namesakes(app->db, fold, p.birth_year, p.commune_id, &list, &n, err);
        free(fold);
        for (size_t i = 0; rc == 0 && i < n && !*id; i++)
            /* two citizen IDs that differ: two citizens */
            if (!(p.id_number && list[i].id_number && strcmp(p.id_number, list[i].id_number)))
                *id = list[i].id;
        person_namesakes_free(list, n);
    } else {
        rc = 0;
    }
    person_release(&p);
    free(village);
    return rc;
}

int person_app_add(struct app *app, const struct person_input *in, long long *id, struct error *err)
{
    return person_app_add_unless(app, in, NULL, NULL, id, err);
}

/* The rules of an edit: the person as the screen showed them, the fields
 * typed applied to them. */
static int edit_check(struct app *app, struct app_change *c, struct error *err)
{
    struct person_write *w = c->arg;
    int rc = person_store_get(app->db, c->id, w->p, err);

    if (rc == 0)
        rc = app_seen_check(app, w->seen, w->p->version, err);
    if (rc == 0)
        rc = apply_input(app, w->in, w->p, &w->village_named, 0, err);
    w->village = w->village_named;
    return rc ? rc : person_check(app, c, err);
}

int person_app_edit(struct app *app, long long id, const struct person_input *in,
                    const struct app_seen *seen, struct error *err)
{
    struct person p = {.id = id};
    struct person_write w = {.p = &p, .in = in, .seen = seen};
    int rc = person_change(app, &w, "person.edit", edit_check, NULL, err);

    person_release(&p);
    free(w.village_named);
    return rc;
}

char *person_app_commune_label(const struct person *p)
{
    char *reg = unit_app_kind_phrase(p->commune_kind, p->commune);
    char *up = unit_app_kind_phrase(p->upper_kind, p->upper), *s;

    if (p->now_commune_id) {
        char *now = unit_app_kind_phrase(p->now_commune_kind, p->now_commune);
        /* TRANSLATORS: a person's commune today, then the one they were
         * registered in and its district: "xã Bằng Thành (cũ: xã Bộc Bố,
         * huyện Pác Nặm)" */
        s = *up ? xasprintf(_("%s (formerly %s, %s)"), now, reg, up)
                : xasprintf(_("%s (formerly %s)"), now, reg);
        free(now);
    } else {
        s = *up ? xasprintf("%s, %s", reg, up) : xstrdup(reg);
    }
    free(reg);
    free(up);
    return s;
}

char *person_app_commune_short(const struct person *p)
{
    return unit_app_short_pair(p->now_commune_id ? p->now_commune : NULL, p->commune);
}

int person_app_show_id(struct app *app, long long person_id, struct error *err)
{
    int rc = db_begin(app->db, err);
    if (rc)
        return rc;
    rc = app_audit(app, "show_id", "privacy", person_id, NULL, NULL, err);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

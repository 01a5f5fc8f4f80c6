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

#define NAME_MAX_BYTES 200
#define SHORT_MAX_BYTES 300

char person_parse_gender(const char *s, struct error *err)
{
    char *f = text_fold(s ? s : "");
    char g = 0;
    static const char *const male[] = {"m", "nam", "male", "1", "ong", "ông"};
    static const char *const female[] = {"f", "nu", "female", "0", "ba", "2"};

    for (size_t i = 0; i < sizeof(male) / sizeof(*male); i++)
        if (strcmp(f, male[i]) == 0)
            g = 'M';
    for (size_t i = 0; i < sizeof(female) / sizeof(*female); i++)
        if (strcmp(f, female[i]) == 0)
            g = 'F';
    free(f);
    if (!g)
        error_set_field(err, ERR_INVALID, "gender", _("gender '%s' must be M or F (Nam or Nữ)"),
                        error_quote(s));
    return g;
}

static int parse_birth_year(const char *s, int *year, struct error *err)
{
    char iso[11];
    const char *p = s;
    int y = 0, n = 0;

    *year = 0;
    while (*p == ' ')
        p++;
    while (isdigit((unsigned char)*p) && n < 5) {
        y = y * 10 + (*p - '0');
        p++;
        n++;
    }
    while (*p == ' ')
        p++;
    if (n == 4 && !*p) {
        char today[11];
        date_today(today);
        if (y < 1900 || y > date_year(today))
            return error_set_field(err, ERR_INVALID, "birth_year",
                                   _("birth year '%s' is out of range (1900-%d)"), error_quote(s),
                                   date_year(today));
        *year = y;
        return 0;
    }
    if (date_parse(s, "birth date", iso, NULL) == 0) {
        *year = date_year(iso);
        return 0;
    }
    return error_set_field(err, ERR_INVALID, "birth_year",
                           _("birth year '%s' must be a year like 1958"), error_quote(s));
}

static int given(const char *s)
{
    return s != NULL;
}

/*
 * text_clean (required: text_clean_required) of the field key, named in a
 * message by its msgid label (N_()): the name is translated only when the
 * value is refused, because gettext costs about a microsecond a call and an
 * import cleans five fields a row (8 % of its time).
 */
static int clean_field(const char *in, const char *key, const char *label, size_t max, int required,
                       char **out, struct error *err)
{
    int rc = required ? text_clean_required(in, label, max, out, NULL)
                      : text_clean(in, label, max, 0, out, NULL);
    if (rc) /* again, for the message in the user's language */
        rc = required ? text_clean_required(in, _(label), max, out, err)
                      : text_clean(in, _(label), max, 0, out, err);
    return error_field(err, key, rc);
}

/* Clean an optional text field (key, label: its msgid) into *dst (replacing it). */
static int clean_opt(const char *in, const char *key, const char *label, size_t max, char **dst,
                     struct error *err)
{
    char *v = NULL;
    int rc = clean_field(in, key, label, max, 0, &v, err);
    if (rc)
        return rc;
    free(*dst);
    *dst = *v ? v : NULL;
    if (!*v)
        free(v);
    return 0;
}

/*
 * Apply the given fields of in to p (which holds the current values on edit,
 * zeroes on add). Units are resolved; the village is created on write.
 */
static int apply_input(struct app *app, const struct person_input *in, struct person *p,
                       char **village_name, int adding, struct error *err)
{
    int rc;

    if (adding || given(in->full_name)) {
        char *name;
        if ((rc = clean_field(in->full_name, "full_name", N_("name"), NAME_MAX_BYTES, 1, &name,
                              err)) != 0)
            return rc;
        free(p->full_name);
        p->full_name = name;
    }
    if (adding || given(in->gender)) {
        if (!in->gender || !*in->gender)
            return error_set_field(err, ERR_INVALID, "gender", _("gender is required (M or F)"));
        char g = person_parse_gender(in->gender, err);
        if (!g)
            return ERR_INVALID;
        p->gender = g;
    }
    if (given(in->birth_year)) {
        if (!*in->birth_year)
            p->birth_year = 0;
        else if ((rc = parse_birth_year(in->birth_year, &p->birth_year, err)) != 0)
            return rc;
    }
    if (given(in->ethnic)) {
        if (!*in->ethnic)
            p->ethnic_id = 0;
        else if ((rc = app_find_ethnic(app, in->ethnic, &p->ethnic_id, err)) != 0)
            return rc;
    }
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
        if (p->commune_id != in->commune_id && !given(in->village) && p->village)
            *village_name = xstrdup(p->village);
        p->commune_id = in->commune_id;
    } else if (adding || given(in->commune) || given(in->district)) {
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
        if (!given(in->village) && p->village) {
            /* the village moves with the person into the new commune */
            *village_name = xstrdup(p->village);
        }
    }
    if (given(in->village)) {
        char *v = NULL;
        if ((rc = clean_opt(in->village, "village", N_("village"), SHORT_MAX_BYTES, &v, err)) != 0)
            return rc;
        free(*village_name);
        *village_name = v;
        if (!v)
            p->village_id = 0;
    }
    if (given(in->cccd)) {
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
    if (given(in->phone)) {
        free(p->phone);
        p->phone = NULL;
        if (*in->phone) {
            char out[11];
            if ((rc = phone_parse(in->phone, out, err)) != 0)
                return rc;
            p->phone = xstrdup(out);
        }
    }
    if (given(in->role) &&
        (rc = clean_opt(in->role, "role", N_("role"), SHORT_MAX_BYTES, &p->role, err)))
        return rc;
    if (given(in->decision) && (rc = clean_opt(in->decision, "decision", N_("decision"),
                                               SHORT_MAX_BYTES, &p->decision, err)))
        return rc;
    if (given(in->note) &&
        (rc = clean_opt(in->note, "note", N_("note"), TEXT_MAX_BYTES, &p->note, err)))
        return rc;
    if (adding)
        p->active = 1;
    if (given(in->active)) {
        char *f = text_fold(in->active);
        if (!strcmp(f, "1") || !strcmp(f, "yes") || !strcmp(f, "co") || !strcmp(f, "true"))
            p->active = 1;
        else if (!strcmp(f, "0") || !strcmp(f, "no") || !strcmp(f, "khong") || !strcmp(f, "false"))
            p->active = 0;
        else
            rc = error_set_field(err, ERR_INVALID, "active", _("active '%s' must be yes or no"),
                                 error_quote(in->active));
        free(f);
        if (rc)
            return rc;
    }
    return 0;
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

/* Write the row and its audit entry; p->id is 0 when adding. fold: p's folded
 * name when the caller has it, else NULL. */
static int write_person(struct app *app, struct person *p, const char *village,
                        const char *fold_given, long long *id, struct error *err)
{
    char now[21];
    char *fold, *before = NULL, *after = NULL;
    unsigned char *key;
    size_t key_len;
    int rc;

    date_now_utc(now);
    free(p->updated_at);
    p->updated_at = xstrdup(now);
    if ((rc = check_id_number(app, p, err)) != 0)
        return rc;
    if (village) {
        /* a village named for the first time is made, and logged: check
         * compares every unit with the log */
        rc = unit_store_village(app->db, p->commune_id, village, 0, &p->village_id, err);
        if (rc == 0 && !p->village_id) {
            rc = unit_store_village(app->db, p->commune_id, village, 1, &p->village_id, err);
            if (rc == 0)
                rc = app_audit_record(app, "unit.add", "unit", p->village_id, NULL, err);
        }
        if (rc)
            return rc;
    }
    fold = fold_given ? xstrdup(fold_given) : text_fold(p->full_name);
    key = collate_person_key(p->full_name, &key_len);
    if (p->id) {
        rc = person_store_snapshot(app->db, p->id, &before, err);
        if (rc == 0)
            rc = person_store_update(app->db, p, fold, key, key_len, err);
    } else {
        rc = person_store_insert(app->db, p, fold, key, key_len, &p->id, err);
    }
    free(fold);
    free(key);
    if (rc == 0)
        rc = person_store_snapshot(app->db, p->id, &after, err);
    if (rc == 0) {
        if (!before || strcmp(before, after) != 0)
            rc = app_audit(app, before ? "person.edit" : "person.add", "person", p->id, before,
                           after, err);
    }
    free(before);
    free(after);
    if (rc == 0 && id)
        *id = p->id;
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
    if (rc == 0 && (rc = db_begin(app->db, err)) == 0) {
        rc = write_person(app, &p, village, fold, id, err);
        int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
        if (!rc)
            rc = rc2;
    }
    person_release(&p);
    free(village);
    free(fold);
    return rc;
}

int person_app_add(struct app *app, const struct person_input *in, long long *id, struct error *err)
{
    return person_app_add_unless(app, in, NULL, NULL, id, err);
}

int person_app_edit(struct app *app, long long id, const struct person_input *in,
                    const struct app_seen *seen, struct error *err)
{
    struct person p;
    char *village = NULL;
    int rc = db_begin(app->db, err);
    if (rc)
        return rc;
    rc = person_store_get(app->db, id, &p, err);
    if (rc == 0 && (rc = app_seen_check(app, seen, p.version, err)) != 0)
        person_release(&p);
    else if (rc == 0) {
        rc = apply_input(app, in, &p, &village, 0, err);
        if (rc == 0)
            rc = write_person(app, &p, village, NULL, NULL, err);
        person_release(&p);
    }
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    free(village);
    return rc ? rc : rc2;
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
    if (!p->now_commune_id)
        return xstrdup(p->commune ? p->commune : "");
    /* the commune today first: a narrow column still shows it whole */
    return xasprintf("%s ← %s", p->now_commune, p->commune);
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

/*
 * tui_forms: the forms for a person, a device, a round and a training
 * session. Fields are checked by the core rules as soon as they are left;
 * saving goes through the use cases of src/app/, whose message is shown
 * under the field whose key their error names (each field is defined with
 * the key of the use case's input).
 */
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/person_app.h"
#include "app/seen_app.h"
#include "app/training_app.h"
#include "core/cccd.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/device_store.h"
#include "store/person_store.h"
#include "tui_choices.h"
#include "tui_form.h"

static int year_of(const char *s)
{
    return s && strlen(s) == 4 ? atoi(s) : 0;
}

/* --- person ------------------------------------------------------------ */

enum {
    P_NAME,
    P_GENDER,
    P_YEAR,
    P_ETHNIC,
    P_DISTRICT,
    P_COMMUNE,
    P_VILLAGE,
    P_CCCD,
    P_PHONE,
    P_ROLE,
    P_DECISION,
    P_NOTE,
    P_ACTIVE,
    P_N
};

struct person_form {
    long long id;
    void (*on_saved)(void *arg, long long id);
    void *arg;
    long long saved_id;
    /* the masked citizen ID (cccd_mask) the CCCD field shows instead of
     * the number until the operator asks to see it (F3, audited); NULL
     * when the field holds the number or nothing */
    char *id_mask;
    /* the person as the form showed it: a save finds it changed meanwhile */
    struct app_seen seen;
};

/* The CCCD field still shows the stored number masked: saving keeps the
 * number, and no rule of a typed number applies to it. */
static int cccd_masked(const struct tui_form *f)
{
    const struct person_form *pf = f->arg;
    return pf->id_mask && strcmp(tui_form_value(f, P_CCCD), pf->id_mask) == 0;
}

static int person_check(struct tui_form *f, int idx, struct error *err)
{
    char *clean = NULL;
    int rc = 0;
    const char *v = tui_form_value(f, idx);
    switch (idx) {
    case P_NAME:
        rc = text_clean_required(v, _("full name"), 200, &clean, err);
        break;
    case P_YEAR:
        if (*v) {
            int y = atoi(v);
            if (strlen(v) != 4 || y < 1900 || y > 2100 || strspn(v, "0123456789") != 4)
                rc = error_set(err, ERR_INVALID, _("birth year '%s' must be a year like 1958"),
                               error_quote(v));
        }
        break;
    case P_CCCD:
        if (*v && !cccd_masked(f)) {
            char out[13];
            enum id_kind kind;
            const char *g = tui_form_value(f, P_GENDER);
            char gender = f->fields[P_GENDER].choice_id == 1   ? 'M'
                          : f->fields[P_GENDER].choice_id == 2 ? 'F'
                                                               : 0;
            (void)g;
            rc = cccd_parse(v, year_of(tui_form_value(f, P_YEAR)), gender, out, &kind, err);
            if (rc == 0) {
                long long other;
                struct person_form *pf = f->arg;
                rc = person_store_find_id_number(tui->app.db, out, &other, err);
                if (rc == 0 && other != pf->id)
                    rc = error_set(err, ERR_CONFLICT, _("cccd '%s' already belongs to person %lld"),
                                   out, other);
                else if (rc == ERR_NOT_FOUND) {
                    error_clear(err);
                    rc = 0;
                }
            }
        }
        break;
    case P_PHONE:
        if (*v) {
            char out[11];
            rc = phone_parse(v, out, err);
        }
        break;
    }
    free(clean);
    return rc;
}

static void person_picked(struct tui_form *f, int idx)
{
    if (idx == P_DISTRICT) {
        tui_form_set(f, P_COMMUNE, "", 0);
    } else if (idx == P_GENDER && f->fields[P_CCCD].value.len && !cccd_masked(f)) {
        struct error err = ERROR_INIT;
        tui_form_error(f, P_CCCD, person_check(f, P_CCCD, &err) ? error_msg(&err) : NULL);
        error_clear(&err);
    }
}

static int person_fill(struct tui_form *f);

static int person_save(struct tui_form *f, struct error *err)
{
    struct person_form *pf = f->arg;
    struct person_input in = {0};
    const char *active = f->fields[P_ACTIVE].choice_id == 2 ? "0" : "1";
    in.full_name = tui_form_value(f, P_NAME);
    in.gender = f->fields[P_GENDER].choice_id == 1   ? "M"
                : f->fields[P_GENDER].choice_id == 2 ? "F"
                                                     : "";
    in.birth_year = tui_form_value(f, P_YEAR);
    in.ethnic = tui_form_value(f, P_ETHNIC);
    in.district = tui_form_value(f, P_DISTRICT);
    in.commune = tui_form_value(f, P_COMMUNE);
    /* the commune chosen from the list: its namesakes of another period are
     * never taken for it */
    in.commune_id = f->fields[P_COMMUNE].choice_id;
    in.village = tui_form_value(f, P_VILLAGE);
    /* a masked number left as it is: not given, the stored one stays */
    in.cccd = cccd_masked(f) ? NULL : tui_form_value(f, P_CCCD);
    in.phone = tui_form_value(f, P_PHONE);
    in.role = tui_form_value(f, P_ROLE);
    in.decision = tui_form_value(f, P_DECISION);
    in.note = tui_form_value(f, P_NOTE);
    in.active = active;
    if (!pf->id) {
        /* a new record: empty fields are "not given" */
        if (!*in.birth_year)
            in.birth_year = NULL;
        if (!*in.ethnic)
            in.ethnic = NULL;
        if (!*in.village)
            in.village = NULL;
        if (in.cccd && !*in.cccd)
            in.cccd = NULL;
        if (!*in.phone)
            in.phone = NULL;
        if (!*in.role)
            in.role = NULL;
        if (!*in.decision)
            in.decision = NULL;
        if (!*in.note)
            in.note = NULL;
    }
    int rc = pf->id ? person_app_edit(&tui->app, pf->id, &in, &pf->seen, err)
                    : person_app_add(&tui->app, &in, &pf->saved_id, err);
    if (rc == ERR_STALE) {
        /* another operator saved it meanwhile: show what is stored now */
        person_fill(f);
        tui_changed();
        return rc;
    }
    if (rc != 0)
        return rc;
    if (pf->id)
        pf->saved_id = pf->id;
    tui_status(0, pf->id ? _("saved: %s") : _("added: %s"), in.full_name);
    return 0;
}

static void person_done(struct tui_form *f)
{
    struct person_form *pf = f->arg;
    if (pf->on_saved)
        pf->on_saved(pf->arg, pf->saved_id);
}

static void form_arg_free(struct tui_form *f)
{
    free(f->arg);
}

static void person_form_free(struct tui_form *f)
{
    struct person_form *pf = f->arg;
    free(pf->id_mask);
    app_seen_release(&pf->seen);
    free(pf);
}

/* F3: the stored citizen ID in full, after the asking is in the audit log
 * (as `person show --show-id`); nothing is shown when it cannot be. */
static int person_action(struct tui_form *f, enum tui_action a)
{
    struct person_form *pf = f->arg;
    struct error err = ERROR_INIT;
    struct person p;

    if (a != ACT_SHOW_ID)
        return TUI_UNHANDLED;
    if (!cccd_masked(f)) {
        tui_status(0, "%s", _("no hidden citizen ID in this form"));
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (person_app_show_id(&tui->app, pf->id, &err) != 0 ||
        person_store_get(tui->app.db, pf->id, &p, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return TUI_HANDLED | TUI_REDRAW;
    }
    /* the number as stored now (another operator may have changed it) */
    tui_form_set(f, P_CCCD, p.id_number, 0);
    free(pf->id_mask);
    pf->id_mask = NULL;
    person_release(&p);
    tui_changed();
    tui_status(0, "%s", _("citizen ID shown in full; the audit log records it"));
    return TUI_HANDLED | TUI_REDRAW;
}

/*
 * The form's fields from the person as stored now (an edit form), and what
 * it shows remembered (pf->seen). Returns 0, or an error shown on the
 * status line.
 */
static int person_fill(struct tui_form *f)
{
    struct person_form *pf = f->arg;
    static const char *const genders[] = {N_("Male"), N_("Female")};
    static const char *const yesno[] = {N_("Yes"), N_("No")};
    static const enum tui_action bar[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_SHOW_ID, ACT_NONE};
    const char *gl[2] = {_(genders[0]), _(genders[1])};
    const char *yl[2] = {_(yesno[0]), _(yesno[1])};
    struct person p;
    struct error err = ERROR_INIT;

    app_seen_release(&pf->seen);
    if (person_store_get(tui->app.db, pf->id, &p, &err) != 0 ||
        app_seen_take(&tui->app, SEEN_PERSON, pf->id, &pf->seen, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return ERR_NOT_FOUND;
    }
    char year[8] = "";
    if (p.birth_year)
        snprintf(year, sizeof year, "%d", p.birth_year);
    tui_form_set(f, P_NAME, p.full_name, 0);
    tui_form_set(f, P_GENDER, p.gender == 'F' ? gl[1] : gl[0], p.gender == 'F' ? 2 : 1);
    tui_form_set(f, P_YEAR, year, 0);
    tui_form_set(f, P_ETHNIC, p.ethnic, p.ethnic_id);
    tui_form_set(f, P_DISTRICT, p.district, p.district_id);
    tui_form_set(f, P_COMMUNE, p.commune, p.commune_id);
    tui_form_set(f, P_VILLAGE, p.village, 0);
    free(pf->id_mask);
    pf->id_mask = NULL;
    if (p.id_number) {
        /* shown masked, as in the lists; F3 shows it (audited) */
        pf->id_mask = cccd_mask(p.id_number);
        tui_form_set(f, P_CCCD, pf->id_mask, 0);
        f->action = person_action;
        f->fbar = bar;
    } else {
        tui_form_set(f, P_CCCD, "", 0);
    }
    tui_form_set(f, P_PHONE, p.phone, 0);
    tui_form_set(f, P_ROLE, p.role, 0);
    tui_form_set(f, P_DECISION, p.decision, 0);
    tui_form_set(f, P_NOTE, p.note, 0);
    tui_form_set(f, P_ACTIVE, p.active ? yl[0] : yl[1], p.active ? 1 : 2);
    for (int i = 0; i < f->n; i++)
        tui_form_error(f, i, NULL);
    f->dirty = 0;
    person_release(&p);
    return 0;
}

void tui_person_form(long long id, void (*on_saved)(void *arg, long long id), void *arg)
{
    struct tui_form *f = tui_form_new(id ? _("Edit person") : _("New person"), P_N);
    struct person_form *pf = xcalloc(1, sizeof *pf);
    static const char *const genders[] = {N_("Male"), N_("Female")};
    static const char *const yesno[] = {N_("Yes"), N_("No")};
    /* roles are stored as the office writes them, in Vietnamese */
    static const char *const roles[] = {"Trưởng thôn", "Già làng", "Trưởng dòng họ",
                                        "Chức sắc tôn giáo", "Người có uy tín khác"};
    const char *gl[2] = {_(genders[0]), _(genders[1])};
    const char *yl[2] = {_(yesno[0]), _(yesno[1])};

    pf->id = id;
    pf->on_saved = on_saved;
    pf->arg = arg;
    f->arg = pf;
    f->release = person_form_free;
    f->check = person_check;
    f->picked = person_picked;
    f->save = person_save;
    f->done = person_done;
    tui_form_field(f, P_NAME, "full_name", N_("Full name"), FIELD_TEXT, 1);
    tui_form_field(f, P_GENDER, "gender", N_("Gender"), FIELD_CHOICE, 1);
    /* typed as M/F, Nam/Nữ or male/female whatever the interface language */
    tui_choices_add(&f->fields[P_GENDER].fixed, 1, gl[0], NULL);
    tui_choices_alias(&f->fields[P_GENDER].fixed, "M Nam male");
    tui_choices_add(&f->fields[P_GENDER].fixed, 2, gl[1], NULL);
    tui_choices_alias(&f->fields[P_GENDER].fixed, "F Nữ female");
    tui_form_field(f, P_YEAR, "birth_year", N_("Birth year"), FIELD_TEXT, 0);
    tui_form_field(f, P_ETHNIC, "ethnic", N_("Ethnic group"), FIELD_CHOICE, 0);
    tui_choices_ethnic(&f->fields[P_ETHNIC].fixed);
    /* no district for the communes of 1 July 2025 on: the list of communes
     * then holds both periods, each with what tells it apart */
    tui_form_field(f, P_DISTRICT, "district", N_("District (until 30/06/2025)"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[P_DISTRICT].fixed);
    tui_form_field(f, P_COMMUNE, "commune", N_("Commune"), FIELD_CHOICE, 1);
    f->fields[P_COMMUNE].choices = tui_provide_communes;
    tui_form_field(f, P_VILLAGE, "village", N_("Village"), FIELD_TEXT, 0);
    tui_form_field(f, P_CCCD, "cccd", N_("Citizen ID (CCCD)"), FIELD_TEXT, 0);
    tui_form_field(f, P_PHONE, "phone", N_("Phone number"), FIELD_TEXT, 0);
    tui_form_field(f, P_ROLE, "role", N_("Role"), FIELD_CHOICE, 0);
    f->fields[P_ROLE].free_text = 1;
    tui_choices_set(&f->fields[P_ROLE].fixed, roles, 5);
    tui_form_field(f, P_DECISION, "decision", N_("Recognition decision"), FIELD_TEXT, 0);
    tui_form_field(f, P_NOTE, "note", N_("Note"), FIELD_TEXT, 0);
    tui_form_field(f, P_ACTIVE, "active", N_("Active"), FIELD_CHOICE, 1);
    tui_choices_set(&f->fields[P_ACTIVE].fixed, yl, 2);
    tui_form_set(f, P_ACTIVE, yl[0], 1);

    if (id && person_fill(f) != 0) {
        tui_form_free(f);
        return;
    }
    tui_form_open(f);
}

/* --- device ------------------------------------------------------------ */

enum {
    D_IMEI,
    D_IMEI2,
    D_MODEL,
    D_SERIAL,
    D_SUPPLIER,
    D_CONTRACT,
    D_DELIVERED,
    D_PRICE,
    D_WARRANTY,
    D_ROUND,
    D_NOTE,
    D_N
};

int tui_check_imei(const char *v, const char *field, int required, struct error *err)
{
    char out[IMEI_LEN + 1];
    if (!*v)
        return required ? error_set(err, ERR_INVALID, _("%s is required"), field) : 0;
    if (imei_parse(v, field, out, err) != 0)
        return ERR_INVALID;
    long long id;
    int rc = device_store_find_imei(tui->app.db, out, &id, err);
    if (rc == 0)
        return error_set(err, ERR_CONFLICT, _("%s '%s' is already registered"), field, out);
    if (rc != ERR_NOT_FOUND)
        return rc;
    error_clear(err);
    return 0;
}

static int device_check(struct tui_form *f, int idx, struct error *err)
{
    const char *v = tui_form_value(f, idx);
    char iso[11];
    long long money;
    switch (idx) {
    case D_IMEI:
        return tui_check_imei(v, _("imei"), 1, err);
    case D_IMEI2:
        return tui_check_imei(v, _("imei2"), 0, err);
    case D_DELIVERED:
    case D_WARRANTY:
        return *v ? date_parse(v, idx == D_DELIVERED ? _("delivered") : _("warranty"), iso, err)
                  : 0;
    case D_PRICE:
        return *v ? money_parse(v, _("price"), &money, err) : 0;
    }
    return 0;
}

static int device_save(struct tui_form *f, struct error *err)
{
    struct device_input in = {0};
    long long id;
    in.imei = tui_form_value(f, D_IMEI);
    in.imei2 = tui_form_opt(f, D_IMEI2);
    in.model = tui_form_value(f, D_MODEL);
    in.serial = tui_form_opt(f, D_SERIAL);
    in.supplier = tui_form_opt(f, D_SUPPLIER);
    in.contract = tui_form_opt(f, D_CONTRACT);
    in.delivered_on = tui_form_opt(f, D_DELIVERED);
    in.price = tui_form_opt(f, D_PRICE);
    in.warranty_until = tui_form_opt(f, D_WARRANTY);
    in.note = tui_form_opt(f, D_NOTE);
    in.round_id = f->fields[D_ROUND].choice_id;
    int rc = device_app_add(&tui->app, &in, &id, err);
    if (rc != 0)
        return rc;
    tui_status(0, _("registered: IMEI %s"), in.imei);
    return 0;
}

void tui_device_form(void)
{
    struct tui_form *f = tui_form_new(_("Register a device"), D_N);
    f->check = device_check;
    f->save = device_save;
    tui_form_field(f, D_IMEI, "imei", N_("IMEI"), FIELD_TEXT, 1);
    tui_form_field(f, D_IMEI2, "imei2", N_("Second IMEI"), FIELD_TEXT, 0);
    tui_form_field(f, D_MODEL, "model", N_("Model"), FIELD_TEXT, 1);
    tui_form_field(f, D_SERIAL, "serial", N_("Serial number"), FIELD_TEXT, 0);
    tui_form_field(f, D_SUPPLIER, "supplier", N_("Supplier"), FIELD_TEXT, 0);
    tui_form_field(f, D_CONTRACT, "contract", N_("Contract"), FIELD_TEXT, 0);
    tui_form_field(f, D_DELIVERED, "delivered_on", N_("Delivered on (dd/mm/yyyy)"), FIELD_TEXT, 0);
    tui_form_field(f, D_PRICE, "price", N_("Unit price (VND)"), FIELD_TEXT, 0);
    tui_form_field(f, D_WARRANTY, "warranty_until", N_("Warranty until"), FIELD_TEXT, 0);
    tui_form_field(f, D_ROUND, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[D_ROUND].fixed, 1);
    tui_form_field(f, D_NOTE, "note", N_("Note"), FIELD_TEXT, 0);
    tui_form_open(f);
}

/* --- round ------------------------------------------------------------- */

enum { R_NAME, R_YEAR, R_FUNDING, R_DECISION, R_BUDGET, R_N };

static int round_save(struct tui_form *f, struct error *err)
{
    struct round_input in = {tui_form_value(f, R_NAME), tui_form_opt(f, R_YEAR),
                             tui_form_opt(f, R_FUNDING), tui_form_opt(f, R_DECISION),
                             tui_form_opt(f, R_BUDGET)};
    long long id;
    int rc = round_app_add(&tui->app, &in, &id, err);
    if (rc == 0)
        tui_status(0, _("round added: %s"), in.name);
    return rc;
}

static int round_check(struct tui_form *f, int idx, struct error *err)
{
    long long m;
    if (idx == R_BUDGET && tui_form_opt(f, idx))
        return money_parse(tui_form_value(f, idx), _("budget"), &m, err);
    return 0;
}

void tui_round_form(void)
{
    struct tui_form *f = tui_form_new(_("New round"), R_N);
    f->save = round_save;
    f->check = round_check;
    tui_form_field(f, R_NAME, "name", N_("Name"), FIELD_TEXT, 1);
    tui_form_field(f, R_YEAR, "year", N_("Year"), FIELD_TEXT, 0);
    tui_form_field(f, R_FUNDING, "funding", N_("Funding source"), FIELD_TEXT, 0);
    tui_form_field(f, R_DECISION, "decision", N_("Decision number"), FIELD_TEXT, 0);
    tui_form_field(f, R_BUDGET, "budget", N_("Budget (VND)"), FIELD_TEXT, 0);
    tui_form_open(f);
}

/* --- training session -------------------------------------------------- */

enum { S_DATE, S_PLACE, S_TRAINER, S_TOPIC, S_DISTRICT, S_COMMUNE, S_ROUND, S_N };

static int session_check(struct tui_form *f, int idx, struct error *err)
{
    char iso[11];
    if (idx == S_DATE && tui_form_opt(f, idx))
        return date_parse(tui_form_value(f, idx), _("date"), iso, err);
    return 0;
}

static void session_picked(struct tui_form *f, int idx)
{
    if (idx == S_DISTRICT)
        tui_form_set(f, S_COMMUNE, "", 0);
}

static int session_save(struct tui_form *f, struct error *err)
{
    /* the commune chosen from the list, as the unit it is on the session's date */
    struct training_input in = {tui_form_value(f, S_DATE),    tui_form_value(f, S_PLACE),
                                tui_form_value(f, S_TRAINER), tui_form_value(f, S_TOPIC),
                                tui_form_opt(f, S_DISTRICT),  tui_form_opt(f, S_COMMUNE),
                                f->fields[S_ROUND].choice_id, f->fields[S_COMMUNE].choice_id};
    long long id;
    int rc = training_app_add(&tui->app, &in, &id, err);
    if (rc == 0) {
        tui_status(0, _("session added: %s"), in.topic);
        *(long long *)f->arg = id;
    }
    return rc;
}

static void session_done(struct tui_form *f)
{
    long long id = *(long long *)f->arg;
    if (id)
        tui_attendance_open(id);
}

void tui_session_form(void)
{
    struct tui_form *f = tui_form_new(_("New training session"), S_N);
    char today[11], shown[11];
    f->arg = xcalloc(1, sizeof(long long));
    f->release = form_arg_free;
    f->save = session_save;
    f->check = session_check;
    f->picked = session_picked;
    f->done = session_done;
    tui_form_field(f, S_DATE, "date", N_("Date (dd/mm/yyyy)"), FIELD_TEXT, 1);
    date_today(today);
    tui_form_set(f, S_DATE, date_display(today, shown), 0);
    tui_form_field(f, S_PLACE, "place", N_("Place"), FIELD_TEXT, 1);
    tui_form_field(f, S_TRAINER, "trainer", N_("Trainer"), FIELD_TEXT, 1);
    tui_form_field(f, S_TOPIC, "topic", N_("Topic"), FIELD_TEXT, 1);
    tui_form_field(f, S_DISTRICT, "district", N_("District"), FIELD_CHOICE, 0);
    tui_choices_districts(&f->fields[S_DISTRICT].fixed);
    tui_form_field(f, S_COMMUNE, "commune", N_("Commune"), FIELD_CHOICE, 0);
    f->fields[S_COMMUNE].choices = tui_provide_communes;
    tui_form_field(f, S_ROUND, "round", N_("Round"), FIELD_CHOICE, 0);
    tui_choices_rounds(&f->fields[S_ROUND].fixed, 1);
    tui_form_open(f);
}

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
#include "app/field_app.h"
#include "app/person_app.h"
#include "app/round_app.h"
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
#include "store/round_store.h"
#include "store/training_store.h"
#include "tui_choices.h"
#include "tui_form.h"

static int year_of(const char *s)
{
    return s && strlen(s) == 4 ? atoi(s) : 0;
}

/*
 * A form made from a record kind's table (store/field.h) shows each field
 * that has a title, in the table's order: form field i is the i-th of them.
 */
static const struct field *titled_field(const struct record_kind *k, int i)
{
    for (size_t n = 0; n < k->n_fields; n++)
        if (k->fields[n].title && i-- == 0)
            return &k->fields[n];
    return NULL;
}

static int titled_count(const struct record_kind *k)
{
    int n = 0;
    while (titled_field(k, n))
        n++;
    return n;
}

/* The form field of k's field typed as name; -1 when none. */
static int titled_at(const struct record_kind *k, const char *name)
{
    const struct field *f;
    for (int i = 0; (f = titled_field(k, i)) != NULL; i++)
        if (strcmp(field_name(f), name) == 0)
            return i;
    return -1;
}

/* --- person ------------------------------------------------------------ */

/*
 * The person form shows each field of the person's table that has a title
 * (store/field.h), in the table's order: a field added to the table is in
 * the form. What is not plain text is a list here: the gender, the ethnic
 * group, the district and commune, the role (a list or free text) and
 * whether the person is still recognised.
 */

/* The lists of the gender and of whether a person is still recognised,
 * by id 1 and 2 (N_(): shown translated). */
static const char *const genders[] = {N_("Male"), N_("Female")};
static const char *const yesno[] = {N_("Yes"), N_("No")};

/* The person's field shown as form field i. */
static const struct field *person_field(int i)
{
    return titled_field(&person_kind, i);
}

/* The form field of the person's field typed as name; -1 when none. */
static int at(const char *name)
{
    return titled_at(&person_kind, name);
}

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
    return pf->id_mask && strcmp(tui_form_value(f, at("cccd")), pf->id_mask) == 0;
}

static char form_gender(const struct tui_form *f)
{
    int id = f->fields[at("gender")].choice_id;
    return id == 1 ? 'M' : id == 2 ? 'F' : 0;
}

/* The checks a field gets as soon as the operator leaves it. */
static int person_check(struct tui_form *f, int idx, struct error *err)
{
    const struct field *pf = person_field(idx);
    const char *v = tui_form_value(f, idx);
    char *clean = NULL;
    int rc = 0;

    if (!pf || (!*v && pf->check != CHECK_NAME))
        return 0;
    switch (pf->check) {
    case CHECK_NAME:
        rc = text_clean_required(v, _(pf->label), pf->max, &clean, err);
        break;
    case CHECK_YEAR: {
        int y = atoi(v);
        if (strlen(v) != 4 || y < 1900 || y > 2100 || strspn(v, "0123456789") != 4)
            rc = error_set(err, ERR_INVALID, _("birth year '%s' must be a year like 1958"),
                           error_quote(v));
        break;
    }
    case CHECK_CCCD:
        if (!cccd_masked(f)) {
            char out[13];
            enum id_kind kind;
            rc = cccd_parse(v, year_of(tui_form_value(f, at("birth_year"))), form_gender(f), out,
                            &kind, err);
            if (rc == 0) {
                long long other;
                struct person_form *pform = f->arg;
                rc = person_store_find_id_number(tui->app.db, out, &other, err);
                if (rc == 0 && other != pform->id)
                    rc = error_set(err, ERR_CONFLICT, _("cccd '%s' already belongs to person %lld"),
                                   out, other);
                else if (rc == ERR_NOT_FOUND) {
                    error_clear(err);
                    rc = 0;
                }
            }
        }
        break;
    case CHECK_PHONE: {
        char out[11];
        rc = phone_parse(v, out, err);
        break;
    }
    default:
        break;
    }
    free(clean);
    return rc;
}

static void person_picked(struct tui_form *f, int idx)
{
    int cccd = at("cccd");
    if (idx == at("district")) {
        tui_form_set(f, at("commune"), "", 0);
    } else if (idx == at("gender") && f->fields[cccd].value.len && !cccd_masked(f)) {
        struct error err = ERROR_INIT;
        tui_form_error(f, cccd, person_check(f, cccd, &err) ? error_msg(&err) : NULL);
        error_clear(&err);
    }
}

static int person_fill(struct tui_form *f);

/* What form field i holds, as the use case takes it typed. */
static const char *typed_value(struct tui_form *f, int i, const struct field *pf)
{
    const char *v = tui_form_value(f, i);
    if (pf->check == CHECK_GENDER)
        return form_gender(f) == 'M' ? "M" : form_gender(f) == 'F' ? "F" : "";
    if (pf->check == CHECK_YESNO)
        return f->fields[i].choice_id == 2 ? "0" : "1";
    /* a masked number left as it is: not given, the stored one stays */
    if (pf->check == CHECK_CCCD && cccd_masked(f))
        return NULL;
    return v;
}

/* The person as typed, for the use cases (the values are the form's). */
static void form_input(struct tui_form *f, struct person_input *in)
{
    struct person_form *pform = f->arg;
    const struct field *pf;

    memset(in, 0, sizeof(*in));
    for (int i = 0; (pf = person_field(i)) != NULL; i++) {
        const char *v = typed_value(f, i, pf);
        /* a new record: empty fields are "not given" */
        if (!pform->id && v && !*v && !(pf->flags & FIELD_REQUIRED))
            v = NULL;
        if (pf->input != FIELD_NO_INPUT)
            *(const char **)((char *)in + pf->input) = v;
    }
    /* the commune chosen from the list: its namesakes of another period are
     * never taken for it */
    in->commune_id = f->fields[at("commune")].choice_id;
}

/* One row of the two persons side by side: the label and each value in
 * its column. The dialog joins words with one space: the padding and the
 * spaces inside the row are no-break spaces, so the columns stay. */
static void side_row(struct strbuf *sb, const char *label, const char *a, const char *b)
{
    struct strbuf row = STRBUF_INIT;
    text_fit(&row, label, 13, 1);
    strbuf_addch(&row, ' ');
    text_fit(&row, a && *a ? a : "—", 25, 1);
    strbuf_addch(&row, ' ');
    text_fit(&row, b && *b ? b : "—", 25, 0);
    for (const char *p = row.buf; *p; p++) {
        if (*p == ' ')
            strbuf_addstr(sb, "\u00a0");
        else
            strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '\n');
    strbuf_release(&row);
}

/*
 * Before a new person is saved: one of the same folded name, birth year
 * and commune registered already is a possible duplicate. The question
 * shows both side by side; its default is No (tui_ask_no).
 */
static char *person_confirm(struct tui_form *f)
{
    struct person_form *pform = f->arg;
    struct person_input in;
    struct person other;
    struct error err = ERROR_INIT;
    long long same = 0;

    if (pform->id)
        return NULL;
    form_input(f, &in);
    if (person_app_find_namesake(&tui->app, &in, &same, &err) != 0 || !same ||
        person_store_get(tui->app.db, same, &other, &err) != 0) {
        error_clear(&err);
        return NULL;
    }
    struct strbuf q = STRBUF_INIT;
    char *title = xasprintf(_("Registered (#%lld)"), same);
    char year[8] = "";
    char *mask = other.id_number ? cccd_mask(other.id_number) : NULL;
    char *mine = in.cccd && *in.cccd ? cccd_mask(in.cccd) : NULL;
    if (other.birth_year)
        snprintf(year, sizeof year, "%d", other.birth_year);
    strbuf_addf(&q, _("Possible duplicate of %s: the same name, birth year and commune."),
                other.full_name);
    strbuf_addstr(&q, "\n\n");
    side_row(&q, "", _("New person"), title);
    side_row(&q, _("Full name"), in.full_name, other.full_name);
    side_row(&q, _("Born"), tui_form_value(f, at("birth_year")), year);
    side_row(&q, _("Village"), tui_form_value(f, at("village")), other.village);
    side_row(&q, _("Commune"), tui_form_value(f, at("commune")), other.commune);
    side_row(&q, _("Citizen ID"), mine, mask);
    side_row(&q, _("Phone number"), in.phone, other.phone);
    strbuf_addch(&q, '\n');
    strbuf_addf(&q, _("Add %s as another person?"), in.full_name);
    free(title);
    free(mask);
    free(mine);
    person_release(&other);
    return strbuf_detach(&q, NULL);
}

static int person_save(struct tui_form *f, struct error *err)
{
    struct person_form *pform = f->arg;
    struct person_input in;

    form_input(f, &in);
    int rc = pform->id ? person_app_edit(&tui->app, pform->id, &in, &pform->seen, err)
                       : person_app_add(&tui->app, &in, &pform->saved_id, err);
    if (rc == ERR_STALE) {
        /* another operator saved it meanwhile: show what is stored now */
        person_fill(f);
        tui_changed();
        return rc;
    }
    if (rc != 0)
        return rc;
    if (pform->id)
        pform->saved_id = pform->id;
    tui_status(0, pform->id ? _("saved: %s") : _("added: %s"), in.full_name);
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
    tui_form_set(f, at("cccd"), p.id_number, 0);
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
    struct person_form *pform = f->arg;
    static const enum tui_action bar[] = {ACT_SAVE, ACT_NEXT_FIELD, ACT_SHOW_ID, ACT_NONE};
    const struct field *pf;
    struct person p;
    struct error err = ERROR_INIT;

    app_seen_release(&pform->seen);
    if (person_store_get(tui->app.db, pform->id, &p, &err) != 0 ||
        app_seen_take(&tui->app, SEEN_PERSON, pform->id, &pform->seen, &err) != 0) {
        tui_status(1, "%s", error_msg(&err));
        error_clear(&err);
        return ERR_NOT_FOUND;
    }
    free(pform->id_mask);
    pform->id_mask = NULL;
    for (int i = 0; (pf = person_field(i)) != NULL; i++) {
        char *text = field_app_text(&person_kind, pf, &p);
        long long id = pf->type == FT_ID ? *(long long *)((char *)&p + pf->offset) : 0;
        if (pf->check == CHECK_GENDER) {
            int fem = p.gender == 'F';
            tui_form_set(f, i, _(genders[fem]), fem ? 2 : 1);
        } else if (pf->check == CHECK_YESNO) {
            int yes = *(int *)((char *)&p + pf->offset) != 0;
            tui_form_set(f, i, _(yesno[!yes]), yes ? 1 : 2);
        } else if (pf->check == CHECK_CCCD && p.id_number) {
            /* shown masked, as in the lists; F3 shows it (audited) */
            pform->id_mask = cccd_mask(p.id_number);
            tui_form_set(f, i, pform->id_mask, 0);
            f->action = person_action;
            f->fbar = bar;
        } else {
            int listed = f->fields[i].kind == FIELD_CHOICE &&
                         (pf->check == CHECK_UNIT || pf->check == CHECK_ETHNIC);
            tui_form_set(f, i, text, listed ? id : 0);
        }
        free(text);
    }
    for (int i = 0; i < f->n; i++)
        tui_form_error(f, i, NULL);
    f->dirty = 0;
    person_release(&p);
    return 0;
}

/* Form field i, for the person's field pf: a list, or a line of text. */
static void person_field_define(struct tui_form *f, int i, const struct field *pf)
{
    /* roles are stored as the office writes them, in Vietnamese */
    static const char *const roles[] = {"Trưởng thôn", "Già làng", "Trưởng dòng họ",
                                        "Chức sắc tôn giáo", "Người có uy tín khác"};
    const char *name = field_name(pf);
    int required = (pf->flags & FIELD_REQUIRED) != 0;
    struct tui_choices *fixed = &f->fields[i].fixed;

    if (pf->check == CHECK_GENDER) {
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, required);
        /* typed as M/F, Nam/Nữ or male/female whatever the interface language */
        tui_choices_add(fixed, 1, _(genders[0]), NULL);
        tui_choices_alias(fixed, "M Nam male");
        tui_choices_add(fixed, 2, _(genders[1]), NULL);
        tui_choices_alias(fixed, "F Nữ female");
    } else if (pf->check == CHECK_ETHNIC) {
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, required);
        tui_choices_ethnic(fixed);
    } else if (pf->check == CHECK_UNIT && strcmp(name, "district") == 0) {
        /* no district for the communes of 1 July 2025 on: the list of
         * communes then holds both periods, each with what tells it apart */
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, required);
        tui_choices_districts(fixed);
    } else if (pf->check == CHECK_UNIT && strcmp(name, "commune") == 0) {
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, required);
        f->fields[i].choices = tui_provide_communes;
    } else if (strcmp(name, "role") == 0) {
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, required);
        f->fields[i].free_text = 1;
        tui_choices_set(fixed, roles, sizeof(roles) / sizeof(*roles));
    } else if (pf->check == CHECK_YESNO) {
        const char *yl[2] = {_(yesno[0]), _(yesno[1])};
        tui_form_field(f, i, name, pf->title, FIELD_CHOICE, 1);
        tui_choices_set(fixed, yl, 2);
        tui_form_set(f, i, yl[0], 1);
    } else {
        tui_form_field(f, i, name, pf->title, FIELD_TEXT, required);
    }
}

void tui_person_form(long long id, void (*on_saved)(void *arg, long long id), void *arg)
{
    struct tui_form *f =
        tui_form_new(id ? _("Edit person") : _("New person"), titled_count(&person_kind));
    struct person_form *pf = xcalloc(1, sizeof *pf);
    const struct field *field;

    pf->id = id;
    pf->on_saved = on_saved;
    pf->arg = arg;
    f->arg = pf;
    f->release = person_form_free;
    f->check = person_check;
    f->picked = person_picked;
    f->save = person_save;
    f->confirm = person_confirm;
    f->done = person_done;
    for (int i = 0; (field = person_field(i)) != NULL; i++)
        person_field_define(f, i, field);

    if (id && person_fill(f) != 0) {
        tui_form_free(f);
        return;
    }
    tui_form_open(f);
}

/* --- device ------------------------------------------------------------ */

/*
 * The device form shows each field of the device's table that has a title
 * (store/field.h), in the table's order; the round is a list.
 */
static const struct field *device_field(int i)
{
    return titled_field(&device_kind, i);
}

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
    const struct field *df = device_field(idx);
    const char *v = tui_form_value(f, idx);
    char iso[11];
    long long money;

    switch (df ? df->check : CHECK_NONE) {
    case CHECK_IMEI:
        return tui_check_imei(v, _(df->label), (df->flags & FIELD_REQUIRED) != 0, err);
    case CHECK_DATE:
        return *v ? date_parse(v, _(df->label), iso, err) : 0;
    case CHECK_MONEY:
        return *v ? money_parse(v, _(df->label), &money, err) : 0;
    default:
        return 0;
    }
}

static int device_save(struct tui_form *f, struct error *err)
{
    struct device_input in = {0};
    const struct field *df;
    long long id;

    for (int i = 0; (df = device_field(i)) != NULL; i++) {
        if (df->check == CHECK_ROUND)
            in.round_id = f->fields[i].choice_id;
        else if (df->input != FIELD_NO_INPUT)
            *(const char **)((char *)&in + df->input) =
                df->flags & FIELD_REQUIRED ? tui_form_value(f, i) : tui_form_opt(f, i);
    }
    int rc = device_app_register(&tui->app, &in, &id, err);
    if (rc != 0)
        return rc;
    tui_status(0, _("registered: IMEI %s"), in.imei);
    return 0;
}

void tui_device_form(void)
{
    tui_device_form_imei(NULL);
}

void tui_device_form_imei(const char *imei)
{
    struct tui_form *f = tui_form_new(_("Register a device"), titled_count(&device_kind));
    const struct field *df;

    f->check = device_check;
    f->save = device_save;
    for (int i = 0; (df = device_field(i)) != NULL; i++) {
        int required = (df->flags & FIELD_REQUIRED) != 0;
        if (df->check == CHECK_ROUND) {
            tui_form_field(f, i, field_name(df), df->title, FIELD_CHOICE, required);
            tui_choices_rounds(&f->fields[i].fixed, 1);
            tui_form_newest_round(f, i);
        } else {
            tui_form_field(f, i, field_name(df), df->title, FIELD_TEXT, required);
            if (imei && strcmp(field_name(df), "imei") == 0) {
                tui_form_set(f, i, imei, 0);
                f->dirty = 1;
            }
        }
    }
    tui_form_open(f);
}

/* --- round ------------------------------------------------------------- */

/*
 * The round form shows each field of the round's table that has a title
 * (store/field.h), in the table's order, each a line of text.
 */
static const struct field *round_field(int i)
{
    return titled_field(&round_kind, i);
}

static int round_save(struct tui_form *f, struct error *err)
{
    struct round_input in = {0};
    const struct field *rf;
    long long id;

    for (int i = 0; (rf = round_field(i)) != NULL; i++)
        *(const char **)((char *)&in + rf->input) =
            rf->flags & FIELD_REQUIRED ? tui_form_value(f, i) : tui_form_opt(f, i);
    int rc = round_app_add(&tui->app, &in, &id, err);
    if (rc == 0)
        tui_status(0, _("round added: %s"), in.name);
    return rc;
}

static int round_check(struct tui_form *f, int idx, struct error *err)
{
    const struct field *rf = round_field(idx);
    long long m;
    if (rf && rf->check == CHECK_MONEY && tui_form_opt(f, idx))
        return money_parse(tui_form_value(f, idx), _(rf->label), &m, err);
    return 0;
}

void tui_round_form(void)
{
    struct tui_form *f = tui_form_new(_("New round"), titled_count(&round_kind));
    const struct field *rf;

    f->save = round_save;
    f->check = round_check;
    for (int i = 0; (rf = round_field(i)) != NULL; i++)
        tui_form_field(f, i, field_name(rf), rf->title, FIELD_TEXT,
                       (rf->flags & FIELD_REQUIRED) != 0);
    tui_form_open(f);
}

/* --- training session ------------------------------------------------- */

/*
 * The session form shows each field of the session's table that has a
 * title (store/field.h), in the table's order; the district, the commune
 * and the round are lists, the date is today's until changed.
 */
static const struct field *session_field(int i)
{
    return titled_field(&session_kind, i);
}

static int session_check(struct tui_form *f, int idx, struct error *err)
{
    const struct field *sf = session_field(idx);
    char iso[11];
    if (sf && sf->check == CHECK_DATE && tui_form_opt(f, idx))
        return date_parse(tui_form_value(f, idx), _(sf->label), iso, err);
    return 0;
}

static void session_picked(struct tui_form *f, int idx)
{
    if (idx == titled_at(&session_kind, "district"))
        tui_form_set(f, titled_at(&session_kind, "commune"), "", 0);
}

static int session_save(struct tui_form *f, struct error *err)
{
    struct training_input in = {0};
    const struct field *sf;

    for (int i = 0; (sf = session_field(i)) != NULL; i++) {
        if (sf->check == CHECK_ROUND)
            in.round_id = f->fields[i].choice_id;
        else if (sf->input != FIELD_NO_INPUT)
            *(const char **)((char *)&in + sf->input) =
                sf->flags & FIELD_REQUIRED ? tui_form_value(f, i) : tui_form_opt(f, i);
    }
    /* the commune chosen from the list, as the unit it is on the session's date */
    in.commune_id = f->fields[titled_at(&session_kind, "commune")].choice_id;
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

/* Form field i, for the session's field sf: a list, or a line of text. */
static void session_field_define(struct tui_form *f, int i, const struct field *sf)
{
    const char *name = field_name(sf);
    int required = (sf->flags & FIELD_REQUIRED) != 0;
    char today[11], shown[11];

    if (sf->check == CHECK_ROUND) {
        tui_form_field(f, i, name, sf->title, FIELD_CHOICE, required);
        tui_choices_rounds(&f->fields[i].fixed, 1);
        tui_form_newest_round(f, i);
    } else if (sf->check == CHECK_UNIT && strcmp(name, "district") == 0) {
        tui_form_field(f, i, name, sf->title, FIELD_CHOICE, required);
        tui_choices_districts(&f->fields[i].fixed);
    } else if (sf->check == CHECK_UNIT) {
        tui_form_field(f, i, name, sf->title, FIELD_CHOICE, required);
        f->fields[i].choices = tui_provide_communes;
    } else {
        tui_form_field(f, i, name, sf->title, FIELD_TEXT, required);
    }
    if (sf->check == CHECK_DATE) {
        date_today(today);
        tui_form_set(f, i, date_display(today, shown), 0);
    }
}

void tui_session_form(void)
{
    struct tui_form *f = tui_form_new(_("New training session"), titled_count(&session_kind));
    const struct field *sf;

    f->arg = xcalloc(1, sizeof(long long));
    f->release = form_arg_free;
    f->save = session_save;
    f->check = session_check;
    f->picked = session_picked;
    f->done = session_done;
    for (int i = 0; (sf = session_field(i)) != NULL; i++)
        session_field_define(f, i, sf);
    tui_form_open(f);
}

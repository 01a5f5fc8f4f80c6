/* capphat person add|edit|list|show: the registry of prestigious persons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/field_app.h"
#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/unit_app.h"
#include "cli/cli.h"
#include "core/cccd.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/csv_writer.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/handover_store.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "store/training_store.h"

static int person_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "person add", NULL, N_("Register a prestigious person; prints the new id."), NULL};
    struct person_input in = {0};
    struct cli_options opts = CLI_OPTIONS_INIT;
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long id, same = 0;
    int allow_namesake = 0;
    const struct cli_option namesake_opt =
        OPT_FLAG("--allow-namesake", &allow_namesake,
                 N_("add the person even beside one of the same name, birth year and commune"));

    cli_options_add_fields(&opts, &person_kind, &in, 1);
    cli_options_add_one(&opts, &namesake_opt);
    rc = cli_begin(&cmd, cli_options_table(&opts), &argc, argv);
    cli_options_release(&opts);
    if (rc >= 0)
        return rc;
    if (argc)
        return cli_usage_error("person add", _("person add takes options only"));
    if (!in.full_name)
        return cli_usage_error("person add", _("--name is required"));
    if (!in.gender)
        return cli_usage_error("person add", _("--gender is required"));
    if (!in.commune)
        return cli_usage_error("person add", _("--commune is required"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (!allow_namesake)
        rc = person_app_find_namesake(&app, &in, &same, &err);
    if (rc == 0 && same) {
        /* a possible duplicate: named, and refused unless asked for */
        struct person other;
        rc = person_store_get(app.db, same, &other, &err);
        if (rc == 0) {
            rc = error_set(&err, ERR_CONFLICT,
                           _("'%s' not added: possible duplicate of '%s' (person %lld), the same "
                             "name, birth year and commune; --allow-namesake adds it anyway"),
                           in.full_name, other.full_name, same);
            person_release(&other);
        }
    }
    if (rc == 0)
        rc = person_app_add(&app, &in, &id, &err);
    if (rc == 0)
        printf("%lld\n", id);
    app_close(&app);
    return cli_finish(&err, rc);
}

static int person_edit(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "person edit", "ID",
        N_("Change the fields given; an empty value clears an optional field."), NULL};
    struct person_input in = {0};
    struct cli_options opts = CLI_OPTIONS_INIT;
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    cli_options_add_fields(&opts, &person_kind, &in, 0);
    rc = cli_begin(&cmd, cli_options_table(&opts), &argc, argv);
    cli_options_release(&opts);
    if (rc >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("person edit", _("person edit needs one person id"));
    if ((rc = cli_parse_id(argv[0], _("person id"), &id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = person_app_edit(&app, id, &in, NULL, &err);
    if (rc == 0)
        printf(_("person %lld updated\n"), id);
    app_close(&app);
    return cli_finish(&err, rc);
}

struct list_state {
    enum csv_flavour fl;
    int show_id;
    struct strbuf line;
    int header_done; /* the header goes out with the first row, so that a
                        list that fails prints nothing on stdout */
};

/* commune, district: as the person was registered; commune_today: the
 * commune that stands for it today (the same when it was not replaced) */
static const char *const list_header[] = {
    "id",       "name", "gender", "birth_year", "ethnic",  "village", "commune",
    "district", "cccd", "phone",  "imei",       "receipt", "active",  "commune_today"};

static void list_header_once(struct list_state *ls)
{
    if (ls->header_done)
        return;
    ls->header_done = 1;
    cli_record(&ls->line, list_header, (int)(sizeof(list_header) / sizeof(*list_header)), ls->fl);
}

static int print_person_row(const struct person *p, void *arg)
{
    struct list_state *ls = arg;
    char id[24], by[12], *masked = NULL;

    list_header_once(ls);
    snprintf(id, sizeof(id), "%lld", p->id);
    if (p->birth_year)
        snprintf(by, sizeof(by), "%d", p->birth_year);
    else
        by[0] = '\0';
    if (p->id_number && !ls->show_id)
        masked = cccd_mask(p->id_number);
    const char *f[] = {id,
                       p->full_name,
                       p->gender == 'F' ? "F" : "M",
                       by,
                       p->ethnic ? p->ethnic : "",
                       p->village ? p->village : "",
                       p->commune,
                       p->district ? p->district : "",
                       masked ? masked : (p->id_number ? p->id_number : ""),
                       p->phone ? p->phone : "",
                       p->imei ? p->imei : "",
                       p->receipt_no ? p->receipt_no : "",
                       p->active ? "1" : "0",
                       p->now_commune ? p->now_commune : p->commune};
    cli_record(&ls->line, f, (int)(sizeof(f) / sizeof(*f)), ls->fl);
    free(masked);
    return 0;
}

static int person_list(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "person list", NULL,
        N_("List persons in Vietnamese order (given name first), with the device they hold. "
           "Citizen IDs are masked unless --show-id."),
        NULL};
    const char *district = NULL, *commune = NULL, *format = NULL, *as_of_opt = NULL;
    int inactive = 0, without_device = 0, with_device = 0, show_id = 0;
    struct cli_option opts[] = {
        OPT_STRING("--district", &district, "NAME", N_("only persons of this district")),
        OPT_STRING("--commune", &commune, "NAME",
                   N_("only persons of this commune (a new commune: with those of the communes "
                      "it absorbed)")),
        OPT_STRING("--as-of", &as_of_opt, "DATE",
                   N_("with --commune: the date the commune is named on")),
        OPT_STRING("--format", &format, "tsv|csv", N_("output format (default tsv)")),
        OPT_FLAG("--inactive", &inactive, N_("include persons no longer active")),
        OPT_FLAG("--without-device", &without_device, N_("only persons who hold no device")),
        OPT_FLAG("--with-device", &with_device, N_("only persons who hold a device")),
        OPT_FLAG("--show-id", &show_id,
                 N_("show citizen ID numbers in full (recorded in the audit log)")),
        OPT_END(),
    };
    char as_of[11];
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct person_query q = {.active = 1};
    struct list_state ls = {CSV_TSV, 0, STRBUF_INIT, 0};

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("person list", _("person list takes options only"));
    if (format && strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0)
        return cli_usage_error("person list", _("format '%s' must be tsv or csv"), format);
    ls.fl = format && strcmp(format, "csv") == 0 ? CSV_PLAIN : CSV_TSV;
    ls.show_id = show_id;
    if (inactive)
        q.active = -1;
    if (without_device)
        q.status = PERSON_WITHOUT_DEVICE;
    if (with_device)
        q.status = PERSON_WITH_DEVICE;
    if (as_of_opt && !commune)
        return cli_usage_error("person list", _("--as-of goes with --commune"));
    if (as_of_opt && (rc = date_parse(as_of_opt, "--as-of", as_of, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (district)
        rc = app_find_district(&app, district, &q.district_id, &err);
    if (rc == 0 && commune)
        rc = app_find_commune(&app, q.district_id, commune, as_of_opt ? as_of : NULL, &q.commune_id,
                              &err);
    if (rc == 0 && ls.show_id)
        rc = person_app_show_id(&app, 0, &err);
    if (rc == 0)
        rc = person_search_each(app.db, &q, print_person_row, &ls, &err);
    if (rc == 0)
        list_header_once(&ls); /* an empty list still has its header */
    strbuf_release(&ls.line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

/* The person of `person show` whose records are printed. */
struct shown {
    struct app *app;
    long long commune_id;
};

/* "  (xã Bộc Bố, huyện Pác Nặm)": the person's commune as it was on a
 * record's date, or nothing when it cannot be named then. */
static void add_commune_then(struct strbuf *sb, const struct shown *s, const char *date)
{
    char *commune = NULL, *upper = NULL;
    if (unit_app_address(s->app, s->commune_id, date, &commune, &upper, NULL) == 0)
        strbuf_addf(sb, *upper ? "  (%s, %s)" : "  (%s)", commune, upper);
    free(commune);
    free(upper);
}

static int print_handover(const struct handover *h, void *arg)
{
    const struct shown *s = arg;
    char d1[11], d2[11];
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "  %s  %s %-12s  imei %s  %s", date_display(h->handed_on, d1), _("receipt"),
                h->receipt_no, h->imei, h->model);
    if (h->signed_on)
        strbuf_addf(&sb, _("  signed %s"), date_display(h->signed_on, d2));
    else
        strbuf_addf(&sb, "  %s", _("not yet signed"));
    if (h->archive_ref)
        strbuf_addf(&sb, _(" (archive %s)"), h->archive_ref);
    add_commune_then(&sb, s, h->handed_on);
    cli_line("%s", sb.buf);
    cli_return_line(h);
    strbuf_release(&sb);
    return 0;
}

static int print_session(const struct training_session *s, void *arg)
{
    char d[11];
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "  %s  %s %lld  %s, %s (%s)", date_display(s->held_on, d), _("session"), s->id,
                s->topic, s->place, s->trainer);
    add_commune_then(&sb, arg, s->held_on);
    cli_line("%s", sb.buf);
    strbuf_release(&sb);
    return 0;
}

/* What field f of p says, for a person reading the record. Caller frees. */
static char *field_value(const struct person *p, const struct field *f, int show_id)
{
    switch (f->check) {
    case CHECK_GENDER:
        return xstrdup(p->gender == 'F' ? _("female") : _("male"));
    case CHECK_YESNO:
        return xstrdup(*(const int *)((const char *)p + f->offset) ? _("yes") : _("no"));
    case CHECK_CCCD: {
        if (!p->id_number)
            return xstrdup("");
        char *shown = show_id ? xstrdup(p->id_number) : cccd_mask(p->id_number);
        char *v = xasprintf("%s%s", shown,
                            p->id_kind && !strcmp(p->id_kind, "cmnd") ? _(" (old ID card)") : "");
        free(shown);
        return v;
    }
    default:
        return field_app_text(&person_kind, f, p);
    }
}

/* The fields person show prints by name above; any other field of the
 * person's table with a title follows them, under its title. */
static const char *const shown_by_name[] = {
    "full_name", "gender", "birth_year", "ethnic",   "village", "commune", "district",
    "cccd",      "phone",  "role",       "decision", "note",    "active",  NULL,
};

static void print_fields(const struct person *p, int show_id)
{
    char by[12], *masked = p->id_number && !show_id ? cccd_mask(p->id_number) : NULL;
    snprintf(by, sizeof(by), "%d", p->birth_year);
    printf(_("Person %lld\n"), p->id);
    cli_field(_("Name:"), p->full_name);
    cli_field(_("Gender:"), p->gender == 'F' ? _("female") : _("male"));
    cli_field(_("Birth year:"), p->birth_year ? by : "");
    cli_field(_("Ethnic group:"), p->ethnic);
    cli_field(_("Village:"), p->village);
    cli_field(_("Commune:"), p->commune);
    cli_field(_("District:"), p->district);
    char *today = person_app_commune_label(p);
    cli_field(_("Commune today:"), today);
    free(today);
    struct strbuf idl = STRBUF_INIT;
    if (p->id_number)
        strbuf_addf(&idl, "%s%s", masked ? masked : p->id_number,
                    p->id_kind && !strcmp(p->id_kind, "cmnd") ? _(" (old ID card)") : "");
    cli_field(_("Citizen ID:"), idl.buf);
    strbuf_release(&idl);
    free(masked);
    cli_field(_("Phone:"), p->phone);
    cli_field(_("Role:"), p->role);
    cli_field(_("Decision:"), p->decision);
    cli_field(_("Note:"), p->note);
    cli_field(_("Active:"), p->active ? _("yes") : _("no"));
    for (size_t i = 0; i < person_kind.n_fields; i++) {
        const struct field *f = &person_kind.fields[i];
        size_t k = 0;
        if (!f->title)
            continue;
        while (shown_by_name[k] && strcmp(shown_by_name[k], field_name(f)) != 0)
            k++;
        if (shown_by_name[k])
            continue;
        char *label = xasprintf("%s:", _(f->title)), *value = field_value(p, f, show_id);
        cli_field_width(label, value, text_width(label) > 16 ? text_width(label) : 16);
        free(label);
        free(value);
    }
}

static int person_show(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "person show", "ID", N_("Show a person with every handover, return and training."), NULL};
    int show_id = 0;
    struct cli_option opts[] = {
        OPT_FLAG("--show-id", &show_id,
                 N_("show the citizen ID in full (recorded in the audit log)")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct person p;
    long long id;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("person show", _("person show needs one person id"));
    if ((rc = cli_parse_id(argv[0], _("person id"), &id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = person_store_get(app.db, id, &p, &err);
    if (rc == 0 && show_id && p.id_number)
        rc = person_app_show_id(&app, id, &err);
    if (rc == 0) {
        print_fields(&p, show_id);
        printf("%s\n", _("Handovers:"));
        struct shown sh = {&app, p.commune_id};
        rc = handover_store_each(app.db, p.id, 0, print_handover, &sh, &err);
        printf("%s\n", _("Training:"));
        if (rc >= 0)
            rc = training_store_each_for_person(app.db, p.id, print_session, &sh, &err);
        printf("%s\n", _("Audit log:"));
        if (rc >= 0)
            rc = audit_store_each_for(app.db, "person", p.id, cli_print_audit, NULL, &err);
        person_release(&p);
    }
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_person(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_subcommand subs[] = {
        {"add", person_add, N_("register a person; prints the new id")},
        {"edit", person_edit, N_("change a person's fields")},
        {"list", person_list, N_("list persons (tsv or csv)")},
        {"show", person_show, N_("a person with the history of handovers and training")},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(ctx, "person", subs, argc, argv);
}

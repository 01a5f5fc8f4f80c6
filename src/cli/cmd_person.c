/* capphat person add|edit|list|show: the registry of prestigious persons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
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

enum {
    O_HELP,
    O_NAME,
    O_GENDER,
    O_BIRTH,
    O_ETHNIC,
    O_DISTRICT,
    O_COMMUNE,
    O_AS_OF,
    O_VILLAGE,
    O_CCCD,
    O_PHONE,
    O_ROLE,
    O_DECISION,
    O_NOTE,
    O_ACTIVE,
    O_END
};

static const struct cli_legacy_option add_opts[] = {
    {"--help", 0, NULL, N_("show this help")},
    {"--name", 1, "NAME", N_("full name (Họ và tên)")},
    {"--gender", 1, "M|F", N_("gender: M (Nam) or F (Nữ)")},
    {"--birth-year", 1, "YYYY", N_("year of birth")},
    {"--ethnic", 1, "NAME", N_("ethnic group (Tày, Dao, Mông...)")},
    {"--district", 1, "NAME", N_("district, accents optional")},
    {"--commune", 1, "NAME", N_("commune, accents optional")},
    {"--as-of", 1, "DATE",
     N_("the date the commune is named on: a name shared by an old commune (until 30/06/2025) "
        "and a new one is the one valid then")},
    {"--village", 1, "NAME", N_("village (thôn, bản)")},
    {"--cccd", 1, "N", N_("citizen ID: 12 digits, or 9 for an old ID card")},
    {"--phone", 1, "N", N_("mobile number")},
    {"--role", 1, "TEXT", N_("role: village head, elder, clan head...")},
    {"--decision", 1, "TEXT", N_("recognition decision number")},
    {"--note", 1, "TEXT", N_("note")},
    {"--active", 1, "yes|no", N_("still recognised (edit only)")},
    {NULL, 0, NULL, NULL},
};

static void input_from(const char **v, struct person_input *in)
{
    in->full_name = v[O_NAME];
    in->gender = v[O_GENDER];
    in->birth_year = v[O_BIRTH];
    in->ethnic = v[O_ETHNIC];
    in->district = v[O_DISTRICT];
    in->commune = v[O_COMMUNE];
    in->as_of = v[O_AS_OF];
    in->village = v[O_VILLAGE];
    in->cccd = v[O_CCCD];
    in->phone = v[O_PHONE];
    in->role = v[O_ROLE];
    in->decision = v[O_DECISION];
    in->note = v[O_NOTE];
    in->active = v[O_ACTIVE];
}

static int person_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    const char *v[O_END + 1];
    const char **pos;
    int npos, rc;
    struct person_input in = {0};
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    if ((rc = cli_legacy_begin(
             "person add",
             "capphat person add --name NAME --gender M|F --birth-year YYYY --ethnic "
             "NAME [--district NAME] --commune NAME [--as-of DATE] [--village NAME] "
             "[--cccd N] [--phone N] [--role TEXT]",
             N_("Register a prestigious person; prints the new id."), add_opts, argc, argv, v, NULL,
             &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("person add", _("person add takes options only"));
    if (v[O_ACTIVE])
        return cli_usage_error("person add", _("--active is for person edit"));
    input_from(v, &in);
    if (!in.full_name)
        return cli_usage_error("person add", _("--name is required"));
    if (!in.gender)
        return cli_usage_error("person add", _("--gender is required"));
    if (!in.commune)
        return cli_usage_error("person add", _("--commune is required"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = person_app_add(&app, &in, &id, &err);
    if (rc == 0)
        printf("%lld\n", id);
    app_close(&app);
    return cli_finish(&err, rc);
}

static int person_edit(const struct cli_ctx *ctx, int argc, char **argv)
{
    const char *v[O_END + 1];
    const char **pos;
    int npos, rc;
    struct person_input in = {0};
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    if ((rc = cli_legacy_begin(
             "person edit", "capphat person edit ID [--name NAME] [--gender M|F] ...",
             N_("Change the fields given; an empty value clears an optional field."), add_opts,
             argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 1) {
        free(pos);
        return cli_usage_error("person edit", _("person edit needs one person id"));
    }
    rc = cli_parse_id(pos[0], _("person id"), &id, &err);
    free(pos);
    if (rc)
        return cli_finish(&err, rc);
    input_from(v, &in);
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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--district", 1, "NAME", N_("only persons of this district")},
        {"--commune", 1, "NAME",
         N_("only persons of this commune (a new commune: with those of the communes it "
            "absorbed)")},
        {"--format", 1, "tsv|csv", N_("output format (default tsv)")},
        {"--inactive", 0, NULL, N_("include persons no longer active")},
        {"--without-device", 0, NULL, N_("only persons who hold no device")},
        {"--with-device", 0, NULL, N_("only persons who hold a device")},
        {"--show-id", 0, NULL, N_("show citizen ID numbers in full (recorded in the audit log)")},
        {"--as-of", 1, "DATE", N_("with --commune: the date the commune is named on")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[10];
    char as_of[11];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct person_query q = {.active = 1};
    struct list_state ls = {CSV_TSV, 0, STRBUF_INIT, 0};

    if ((rc = cli_legacy_begin(
             "person list",
             "capphat person list [--district NAME] [--commune NAME [--as-of DATE]] "
             "[--format tsv|csv]",
             N_("List persons in Vietnamese order (given name first), with the device "
                "they hold. Citizen IDs are masked unless --show-id."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("person list", _("person list takes options only"));
    if (v[3] && strcmp(v[3], "tsv") != 0 && strcmp(v[3], "csv") != 0)
        return cli_usage_error("person list", _("format '%s' must be tsv or csv"), v[3]);
    ls.fl = v[3] && strcmp(v[3], "csv") == 0 ? CSV_PLAIN : CSV_TSV;
    ls.show_id = v[7] != NULL;
    if (v[4])
        q.active = -1;
    if (v[5])
        q.status = PERSON_WITHOUT_DEVICE;
    if (v[6])
        q.status = PERSON_WITH_DEVICE;
    if (v[8] && !v[2])
        return cli_usage_error("person list", _("--as-of goes with --commune"));
    if (v[8] && (rc = date_parse(v[8], "--as-of", as_of, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (v[1])
        rc = app_find_district(&app, v[1], &q.district_id, &err);
    if (rc == 0 && v[2])
        rc = app_find_commune(&app, q.district_id, v[2], v[8] ? as_of : NULL, &q.commune_id, &err);
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
    if (h->returned_on) {
        strbuf_reset(&sb);
        strbuf_addf(&sb, _("    returned %s: %s"), date_display(h->returned_on, d1),
                    handover_reason_label(h->return_reason));
        if (h->return_decision)
            strbuf_addf(&sb, _(", decision %s"), h->return_decision);
        if (h->return_note)
            strbuf_addf(&sb, " (%s)", h->return_note);
        cli_line("%s", sb.buf);
    }
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

static int person_show(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--show-id", 0, NULL, N_("show the citizen ID in full (recorded in the audit log)")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[3];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct person p;
    long long id;

    if ((rc = cli_legacy_begin("person show", "capphat person show ID [--show-id]",
                               N_("Show a person with every handover, return and training."), opts,
                               argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 1) {
        free(pos);
        return cli_usage_error("person show", _("person show needs one person id"));
    }
    rc = cli_parse_id(pos[0], _("person id"), &id, &err);
    free(pos);
    if (rc)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = person_store_get(app.db, id, &p, &err);
    if (rc == 0 && v[1] && p.id_number)
        rc = person_app_show_id(&app, id, &err);
    if (rc == 0) {
        char by[12], *masked = p.id_number && !v[1] ? cccd_mask(p.id_number) : NULL;
        snprintf(by, sizeof(by), "%d", p.birth_year);
        printf(_("Person %lld\n"), p.id);
        cli_field(_("Name:"), p.full_name);
        cli_field(_("Gender:"), p.gender == 'F' ? _("female") : _("male"));
        cli_field(_("Birth year:"), p.birth_year ? by : "");
        cli_field(_("Ethnic group:"), p.ethnic);
        cli_field(_("Village:"), p.village);
        cli_field(_("Commune:"), p.commune);
        cli_field(_("District:"), p.district);
        char *today = person_app_commune_label(&p);
        cli_field(_("Commune today:"), today);
        free(today);
        struct strbuf idl = STRBUF_INIT;
        if (p.id_number)
            strbuf_addf(&idl, "%s%s", masked ? masked : p.id_number,
                        p.id_kind && !strcmp(p.id_kind, "cmnd") ? _(" (old ID card)") : "");
        cli_field(_("Citizen ID:"), idl.buf);
        strbuf_release(&idl);
        cli_field(_("Phone:"), p.phone);
        cli_field(_("Role:"), p.role);
        cli_field(_("Decision:"), p.decision);
        cli_field(_("Note:"), p.note);
        cli_field(_("Active:"), p.active ? _("yes") : _("no"));
        printf("%s\n", _("Handovers:"));
        struct shown sh = {&app, p.commune_id};
        rc = handover_store_each(app.db, p.id, 0, print_handover, &sh, &err);
        printf("%s\n", _("Training:"));
        if (rc >= 0)
            rc = training_store_each_for_person(app.db, p.id, print_session, &sh, &err);
        printf("%s\n", _("Audit log:"));
        if (rc >= 0)
            rc = audit_store_each_for(app.db, "person", p.id, cli_print_audit, NULL, &err);
        free(masked);
        person_release(&p);
    }
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_person(const struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
        printf("%s", _("usage: capphat person add|edit|list|show ...\n"
                       "  add   register a person; prints the new id\n"
                       "  edit  change a person's fields\n"
                       "  list  list persons (tsv or csv)\n"
                       "  show  a person with the history of handovers and training\n"
                       "'capphat person SUBCOMMAND --help' tells more.\n"));
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "add"))
        return person_add(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "edit"))
        return person_edit(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "list"))
        return person_list(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "show"))
        return person_show(ctx, argc - 1, argv + 1);
    return cli_usage_error("person", _("unknown subcommand '%s'"), argv[0]);
}

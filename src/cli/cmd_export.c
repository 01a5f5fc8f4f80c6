/*
 * capphat export: the office's documents as files — summary, handover
 * (sign-off list) and attendance as .xlsx; persons, devices and handovers
 * as .csv for Excel. Names are resolved here; src/report writes the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/person_app.h"
#include "app/seal_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "io/outfile.h"
#include "report/export.h"
#include "store/db.h"
#include "store/device_store.h"

/* The options of export, in the order of its table: each kind of export
 * takes some of those from O_ROUND to O_SHOW_ID, named in its bits. */
enum {
    O_OUT,
    O_ROUND,
    O_DISTRICT,
    O_COMMUNE,
    O_SESSION,
    O_BLANK,
    O_AS_OF,
    O_OLD,
    O_SHOW_ID,
    O_FORCE,
    O_N
};

/* Which options each kind of export takes (bit per option). */
static const struct export_kind {
    const char *name;
    const char *ext;
    unsigned options;
} kinds[] = {
    {"summary", ".xlsx", 1u << O_ROUND | 1u << O_AS_OF | 1u << O_OLD},
    {"handover", ".xlsx",
     1u << O_ROUND | 1u << O_DISTRICT | 1u << O_COMMUNE | 1u << O_BLANK | 1u << O_AS_OF},
    {"attendance", ".xlsx", 1u << O_SESSION | 1u << O_BLANK},
    {"persons", ".csv", 0},
    {"devices", ".csv", 0},
    {"handovers", ".csv", 0},
};

/* A table (persons, devices, handovers) asked for as a workbook: -o FILE.xlsx. */
static int table_as_xlsx(const struct export_kind *kind, const char *out)
{
    size_t n = strlen(out);
    return strcmp(kind->ext, ".csv") == 0 && n >= 5 && strcasecmp(out + n - 5, ".xlsx") == 0;
}

/*
 * Before anything is written: the file can be written, the asking for
 * citizen IDs is in the log, and the round, district and commune the
 * options name exist (o gets their ids).
 */
static int check_request(struct app *app, const char *out, const struct export_kind *kind,
                         struct export_options *o, const char *district, const char *commune,
                         const char *as_of, struct error *err)
{
    int rc = outfile_check(out, table_as_xlsx(kind, out) ? ".xlsx" : kind->ext,
                           o->force ? OUTFILE_FORCE : 0, err);
    if (rc == 0 && o->show_id)
        rc = person_app_show_id(app, 0, err);
    if (rc == 0 && o->round_id) {
        struct round r;
        if ((rc = round_store_get(app->db, o->round_id, &r, err)) == 0)
            round_release(&r);
    }
    if (rc == 0 && district)
        rc = app_find_district(app, district, &o->district_id, err);
    if (rc == 0 && commune)
        rc = app_find_commune(app, o->district_id, commune, as_of, &o->commune_id, err);
    return rc;
}

/* Write the report of kind to out. */
static int write_report(struct app *app, const struct export_kind *kind, const char *out,
                        const struct export_options *o, struct export_result *res,
                        struct error *err)
{
    enum report_table table = strcmp(kind->name, "persons") == 0   ? REPORT_PERSONS
                              : strcmp(kind->name, "devices") == 0 ? REPORT_DEVICES
                                                                   : REPORT_HANDOVERS;

    if (strcmp(kind->name, "summary") == 0)
        return export_summary(app->db, out, o, res, err);
    if (strcmp(kind->name, "handover") == 0)
        return export_handover_list(app->db, out, o, res, err);
    if (strcmp(kind->name, "attendance") == 0)
        return export_attendance(app->db, out, o, res, err);
    if (table_as_xlsx(kind, out))
        return export_table_xlsx(app->db, table, out, o, res, err);
    return export_csv(app->db, table, out, o, res, err);
}

/* "FILE written: 12 rows on 3 sheets" */
static void print_written(const char *out, const struct export_result *res)
{
    char *rows = xasprintf(ngettext("%lld row", "%lld rows", (unsigned long)res->rows), res->rows);
    if (res->sheets) {
        char *sheets =
            xasprintf(ngettext("%d sheet", "%d sheets", (unsigned long)res->sheets), res->sheets);
        /* TRANSLATORS: "FILE written: 12 rows on 3 sheets" */
        printf(_("%s written: %s on %s\n"), out, rows, sheets);
        free(sheets);
    } else {
        printf(_("%s written: %s\n"), out, rows);
    }
    free(rows);
}

int cmd_export(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "export", NULL,
        N_("Write a report: the summary, a commune's sign-off list or a session's attendance "
           "sheet as Excel, or a table as CSV for Excel."),
        /* the options each report takes */
        "capphat export summary -o OUT.xlsx [--as-of DATE | --by-old-district] [--round ID] "
        "[--force]\n"
        "       capphat export handover -o OUT.xlsx [--district NAME] [--commune NAME] "
        "[--as-of DATE] [--round ID] [--blank]\n"
        "       capphat export attendance -o OUT.xlsx --session ID [--blank]\n"
        "       capphat export persons|devices|handovers -o OUT.csv|OUT.xlsx"};
    const char *out = NULL, *round = NULL, *district = NULL, *commune = NULL, *session = NULL,
               *as_of_opt = NULL;
    struct export_options o = {0};
    struct cli_option opts[] = {
        [O_OUT] = OPT_STRING("-o", &out, "FILE", N_("the file to write (.xlsx or .csv)")),
        [O_ROUND] = OPT_STRING("--round", &round, "ID", N_("summary, handover: only this round")),
        [O_DISTRICT] =
            OPT_STRING("--district", &district, "NAME", N_("handover: only this district")),
        [O_COMMUNE] = OPT_STRING("--commune", &commune, "NAME", N_("handover: only this commune")),
        [O_SESSION] =
            OPT_STRING("--session", &session, "ID", N_("attendance: the training session")),
        [O_BLANK] = OPT_FLAG("--blank", &o.blank,
                             N_("handover: people still to receive a phone, IMEI left to fill "
                                "in; attendance: the commune's recipients, to sign on the day")),
        [O_AS_OF] = OPT_STRING("--as-of", &as_of_opt, "DATE",
                               N_("summary: count people in the units valid on this date "
                                  "(default today); handover: the date the commune is named on "
                                  "(a new commune includes the communes it absorbed)")),
        [O_OLD] = OPT_FLAG("--by-old-district", &o.by_old_district,
                           N_("summary: the historical view, by the districts and communes of "
                              "2023 people were registered in")),
        [O_SHOW_ID] =
            OPT_FLAG("--show-id", &o.show_id,
                     N_("citizen IDs in full (recorded in the audit log); masked otherwise")),
        [O_FORCE] = OPT_FLAG("--force", &o.force, N_("replace the file named by -o if it exists")),
        [O_N] = OPT_END(),
    };
    int rc;
    const struct export_kind *kind = NULL;
    struct export_result res = {0};
    struct error err = ERROR_INIT;
    struct app app;
    char as_of[11];

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    for (size_t i = 0; argc == 1 && i < sizeof(kinds) / sizeof(*kinds); i++)
        if (strcmp(argv[0], kinds[i].name) == 0)
            kind = &kinds[i];
    if (!kind)
        return cli_usage_error("export",
                               argc ? _("unknown report '%s': use summary, handover, "
                                        "attendance, persons, devices or handovers")
                                    : _("which report? use summary, handover, "
                                        "attendance, persons, devices or handovers"),
                               argc ? argv[0] : "");
    for (int i = O_ROUND; i < O_SHOW_ID; i++)
        if (cli_given(&opts[i]) && !(kind->options & (1u << i)))
            return cli_usage_error("export", _("export %s does not take %s"), kind->name,
                                   opts[i].name);
    if (!out)
        return cli_usage_error("export", _("-o FILE is required"));
    if (kind->options & (1u << O_SESSION) && !session)
        return cli_usage_error("export", _("export attendance needs --session ID"));
    if (round && (rc = cli_parse_id(round, _("round"), &o.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if (session && (rc = cli_parse_id(session, _("session"), &o.session_id, &err)) != 0)
        return cli_finish(&err, rc);
    if (as_of_opt && (rc = date_parse(as_of_opt, "--as-of", as_of, &err)) != 0)
        return cli_finish(&err, rc);
    if (as_of_opt && o.by_old_district)
        return cli_usage_error("export", _("--as-of and --by-old-district do not go together"));
    if (as_of_opt && strcmp(kind->name, "summary") == 0)
        o.as_of = as_of;

    /* reports only read: open read-only, so an export never blocks an operator;
     * except that asking for citizen IDs in full is written in the audit log */
    if ((rc = cli_open(ctx, &app, o.show_id ? 0 : DB_OPEN_READONLY)) != 0)
        return rc;
    /* a file that cannot be written is refused before anything is done */
    rc = check_request(&app, out, kind, &o, district, commune, as_of_opt ? as_of : NULL, &err);
    char anchor[40];
    seal_app_anchor(&app, anchor);
    o.anchor = anchor;
    if (rc == 0)
        rc = write_report(&app, kind, out, &o, &res, &err);
    if (rc == 0) {
        seal_app_flush(&app, SEAL_NOW, NULL); /* the head, sealed as the paper is made */
        print_written(out, &res);
    }
    app_close(&app);
    return cli_finish(&err, rc);
}

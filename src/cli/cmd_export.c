/*
 * capphat export: the office's documents as files — summary, handover
 * (sign-off list) and attendance as .xlsx; persons, devices and handovers
 * as .csv for Excel. Names are resolved here; src/report writes the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char usage_text[] =
    "capphat export summary -o OUT.xlsx [--as-of DATE | --by-old-district] [--round ID] "
    "[--force]\n"
    "       capphat export handover -o OUT.xlsx [--district NAME] [--commune NAME] [--as-of DATE] "
    "[--round ID] [--blank]\n"
    "       capphat export attendance -o OUT.xlsx --session ID [--blank]\n"
    "       capphat export persons|devices|handovers -o OUT.csv";

enum {
    O_HELP,
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

int cmd_export(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        [O_HELP] = {"--help", 0, NULL, N_("show this help")},
        [O_OUT] = {"-o", 1, "FILE", N_("the file to write (.xlsx or .csv)")},
        [O_ROUND] = {"--round", 1, "ID", N_("summary, handover: only this round")},
        [O_DISTRICT] = {"--district", 1, "NAME", N_("handover: only this district")},
        [O_COMMUNE] = {"--commune", 1, "NAME", N_("handover: only this commune")},
        [O_SESSION] = {"--session", 1, "ID", N_("attendance: the training session")},
        [O_BLANK] = {"--blank", 0, NULL,
                     N_("handover: people still to receive a phone, IMEI left to fill in; "
                        "attendance: the commune's recipients, to sign on the day")},
        [O_AS_OF] = {"--as-of", 1, "DATE",
                     N_("summary: count people in the units valid on this date (default "
                        "today); handover: the date the commune is named on (a new commune "
                        "includes the communes it absorbed)")},
        [O_OLD] = {"--by-old-district", 0, NULL,
                   N_("summary: the historical view, by the districts and communes of 2023 "
                      "people were registered in")},
        [O_SHOW_ID] = {"--show-id", 0, NULL,
                       N_("citizen IDs in full (recorded in the audit log); masked otherwise")},
        [O_FORCE] = {"--force", 0, NULL, N_("replace the file named by -o if it exists")},
        [O_N] = {NULL, 0, NULL, NULL},
    };
    const char *v[O_N];
    const char **pos;
    int npos, rc;
    const struct export_kind *kind = NULL;
    struct export_options o = {0};
    struct export_result res = {0};
    struct error err = ERROR_INIT;
    struct app app;
    char as_of[11];

    if ((rc = cli_legacy_begin(
             "export", usage_text,
             N_("Write a report: the summary, a commune's sign-off list or a "
                "session's attendance sheet as Excel, or a table as CSV for Excel."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    for (size_t i = 0; npos == 1 && i < sizeof(kinds) / sizeof(*kinds); i++)
        if (strcmp(pos[0], kinds[i].name) == 0)
            kind = &kinds[i];
    if (!kind) {
        rc = cli_usage_error("export",
                             npos ? _("unknown report '%s': use summary, handover, "
                                      "attendance, persons, devices or handovers")
                                  : _("which report? use summary, handover, "
                                      "attendance, persons, devices or handovers"),
                             npos ? pos[0] : "");
        free(pos);
        return rc;
    }
    free(pos);
    for (int i = O_ROUND; i < O_SHOW_ID; i++)
        if (v[i] && !(kind->options & (1u << i)))
            return cli_usage_error("export", _("export %s does not take %s"), kind->name,
                                   opts[i].name);
    if (!v[O_OUT])
        return cli_usage_error("export", _("-o FILE is required"));
    if (kind->options & (1u << O_SESSION) && !v[O_SESSION])
        return cli_usage_error("export", _("export attendance needs --session ID"));
    if (v[O_ROUND] && (rc = cli_parse_id(v[O_ROUND], _("round"), &o.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if (v[O_SESSION] && (rc = cli_parse_id(v[O_SESSION], _("session"), &o.session_id, &err)) != 0)
        return cli_finish(&err, rc);
    if (v[O_AS_OF] && (rc = date_parse(v[O_AS_OF], "--as-of", as_of, &err)) != 0)
        return cli_finish(&err, rc);
    if (v[O_AS_OF] && v[O_OLD])
        return cli_usage_error("export", _("--as-of and --by-old-district do not go together"));
    if (v[O_AS_OF] && strcmp(kind->name, "summary") == 0)
        o.as_of = as_of;
    o.by_old_district = v[O_OLD] != NULL;
    o.blank = v[O_BLANK] != NULL;
    o.show_id = v[O_SHOW_ID] != NULL;
    o.force = v[O_FORCE] != NULL;

    /* reports only read: open read-only, so an export never blocks an operator;
     * except that asking for citizen IDs in full is written in the audit log */
    if ((rc = cli_open(ctx, &app, o.show_id ? 0 : DB_OPEN_READONLY)) != 0)
        return rc;
    /* a file that cannot be written is refused before anything is done */
    rc = outfile_check(v[O_OUT], kind->ext, o.force ? OUTFILE_FORCE : 0, &err);
    if (rc == 0 && o.show_id)
        rc = person_app_show_id(&app, 0, &err);
    if (rc == 0 && o.round_id) {
        struct round r;
        if ((rc = round_store_get(app.db, o.round_id, &r, &err)) == 0)
            round_release(&r);
    }
    if (rc == 0 && v[O_DISTRICT])
        rc = app_find_district(&app, v[O_DISTRICT], &o.district_id, &err);
    if (rc == 0 && v[O_COMMUNE])
        rc = app_find_commune(&app, o.district_id, v[O_COMMUNE], v[O_AS_OF] ? as_of : NULL,
                              &o.commune_id, &err);
    char anchor[40];
    seal_app_anchor(&app, anchor);
    o.anchor = anchor;
    if (rc == 0) {
        if (strcmp(kind->name, "summary") == 0)
            rc = export_summary(app.db, v[O_OUT], &o, &res, &err);
        else if (strcmp(kind->name, "handover") == 0)
            rc = export_handover_list(app.db, v[O_OUT], &o, &res, &err);
        else if (strcmp(kind->name, "attendance") == 0)
            rc = export_attendance(app.db, v[O_OUT], &o, &res, &err);
        else
            rc = export_csv(app.db,
                            strcmp(kind->name, "persons") == 0   ? REPORT_PERSONS
                            : strcmp(kind->name, "devices") == 0 ? REPORT_DEVICES
                                                                 : REPORT_HANDOVERS,
                            v[O_OUT], &o, &res, &err);
    }
    if (rc == 0) {
        seal_app_flush(&app, SEAL_NOW, NULL); /* the head, sealed as the paper is made */
        char *rows =
            xasprintf(ngettext("%lld row", "%lld rows", (unsigned long)res.rows), res.rows);
        if (res.sheets) {
            char *sheets =
                xasprintf(ngettext("%d sheet", "%d sheets", (unsigned long)res.sheets), res.sheets);
            /* TRANSLATORS: "FILE written: 12 rows on 3 sheets" */
            printf(_("%s written: %s on %s\n"), v[O_OUT], rows, sheets);
            free(sheets);
        } else {
            printf(_("%s written: %s\n"), v[O_OUT], rows);
        }
        free(rows);
    }
    app_close(&app);
    return cli_finish(&err, rc);
}

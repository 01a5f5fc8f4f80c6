/* capphat migrate --to ADDRESS: the register moved to a PostgreSQL server. */
#include <stdio.h>

#include "app/migrate_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "store/db.h"

/* A problem the check of either side finds, on stderr before the error
 * that says nothing was moved or the copy must be removed. */
static void report_problem(const char *line, void *arg)
{
    (void)arg;
    fprintf(stderr, "%s\n", line);
}

int cmd_migrate(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "migrate", NULL,
        N_("Copy the register into an empty database on a PostgreSQL server, where several "
           "offices share it: every row and the whole audit chain, checked whole on both sides "
           "(the same entries, rows and last entry). ADDRESS is postgresql://HOST/NAME or "
           "service=NAME; its password goes in ~/.pgpass. The file is left as it was."),
        NULL};
    const char *to = NULL;
    struct cli_option opts[] = {
        OPT_STRING_F("--to", &to, "ADDRESS", N_("the empty database on the server"), CLI_REQUIRED),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct migrate_result res;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 0)
        return cli_usage_error("migrate", _("migrate takes options only"));
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) != 0)
        return rc;
    rc = migrate_app_to_server(&app, to, report_problem, NULL, &res, &err);
    if (rc == 0)
        printf(_("moved to %s: %lld audit entries and %lld rows, verified on both sides; last "
                 "entry %lld (%.16s)\n"),
               to, res.entries, res.rows, res.head_id, res.head);
    app_close(&app);
    return cli_finish(&err, rc);
}

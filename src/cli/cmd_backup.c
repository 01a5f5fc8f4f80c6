/* capphat backup OUT.db: a consistent copy, safe while others write. */
#include <stdio.h>
#include <stdlib.h>

#include "app/backup_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "io/outfile.h"
#include "store/db.h"

int cmd_backup(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "backup", "OUT.db",
        N_("Copy the database to OUT.db with SQLite's online backup: consistent even while "
           "another operator writes. Restore by copying the file back in place while capphat is "
           "closed."),
        NULL};
    int force = 0;
    struct cli_option opts[] = {
        OPT_FLAG("--force", &force,
                 N_("replace OUT.db if it exists (never the database or a backup)")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("backup", _("backup needs the output file"));
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) != 0)
        return rc;
    rc = app_backup_to(&app, argv[0], force ? OUTFILE_FORCE : 0, &err);
    if (rc == 0)
        printf(_("backup written to %s\n"), argv[0]);
    app_close(&app);
    return cli_finish(&err, rc);
}

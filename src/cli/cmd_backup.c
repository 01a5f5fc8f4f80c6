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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--force", 0, NULL, N_("replace OUT.db if it exists (never the database or a backup)")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[3];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin(
             "backup", "capphat backup OUT.db [--force]",
             N_("Copy the database to OUT.db with SQLite's online backup: consistent "
                "even while another operator writes. Restore by copying the file "
                "back in place while capphat is closed."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 1) {
        free(pos);
        return cli_usage_error("backup", _("backup needs the output file"));
    }
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) == 0) {
        rc = app_backup_to(&app, pos[0], v[1] ? OUTFILE_FORCE : 0, &err);
        if (rc == 0)
            printf(_("backup written to %s\n"), pos[0]);
        app_close(&app);
        rc = cli_finish(&err, rc);
    }
    free(pos);
    return rc;
}

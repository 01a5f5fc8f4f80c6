/* capphat restore BACKUP: the register brought back from a copy, nothing lost. */
#include <stdio.h>
#include <stdlib.h>

#include "app/restore_app.h"
#include "app/seal_app.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_restore(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "restore", "BACKUP.db",
        N_("Bring the register back from a copy (a daily backup in the backups folder, or one "
           "made with 'capphat backup'). The copy must pass 'capphat check' first. Nothing is "
           "deleted: the database it replaces, with its head file and the backups that hold "
           "entries the copy does not, is moved into backups/replaced-DATE-TIME/. Close capphat "
           "everywhere first."),
        NULL};
    struct cli_option opts[] = {OPT_END()};
    int rc, shown = 0;
    struct error err = ERROR_INIT;
    struct restore_result res;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("restore", _("restore needs the backup to restore from"));
    rc = app_restore(ctx->db_path, argv[0], cli_problem, &shown, &res, &err);
    if (rc < 0) {
        free(res.kept);
        return cli_finish(&err, rc);
    }
    /* the names are the operator's: shown escaped */
    cli_line(_("restored %s from %s: its log has %lld entries, the last one recording the "
               "restore"),
             ctx->db_path, argv[0], res.entries);
    if (res.kept)
        cli_line(ngettext("the register it replaced (log up to entry %lld) is kept in %s, with "
                          "%lld backup of it",
                          "the register it replaced (log up to entry %lld) is kept in %s, with "
                          "%lld backups of it",
                          (unsigned long)res.backups_kept),
                 res.replaced, res.kept, res.backups_kept);
    if (rc == 0)
        printf(_("ok: the restored register passes its check (%lld entries, %lld records)\n"),
               res.check.entries, res.check.rows);
    else
        fprintf(stderr,
                ngettext("capphat: the restored register fails its check: %lld problem (listed "
                         "above)\n",
                         "capphat: the restored register fails its check: %lld problems "
                         "(listed above)\n",
                         (unsigned long)res.check.problems),
                res.check.problems);
    if (res.unsealed) {
        char *kp = seal_key_path();
        printf(_("warning: no office key on this computer (%s): the seals of the register "
                 "were not verified; copy office.key there from the office's computer\n"),
               kp);
        free(kp);
    }
    free(res.kept);
    return rc == 0 ? 0 : 1;
}

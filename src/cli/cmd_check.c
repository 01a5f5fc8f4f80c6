/* capphat check: integrity of the file, the audit chain, the rows against the log. */
#include <stdio.h>
#include <stdlib.h>

#include "app/check_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "store/db.h"

static void report(const char *line, void *arg)
{
    int *n = arg;
    if (++*n <= 200)
        printf("%s\n", line);
}

int cmd_check(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[2];
    const char **pos;
    int npos, rc, shown = 0;
    struct error err = ERROR_INIT;
    struct app app;
    struct check_result res;

    if ((rc = cli_begin("check", "capphat check",
                        N_("Verify the database file (SQLite integrity), the audit chain (each "
                           "entry's hash and link), and that every person, device, handover, "
                           "round and session matches its last audited state."),
                        opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("check", _("check takes no arguments"));
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) != 0)
        return rc;
    rc = check_app_run(&app, report, &shown, &res, &err);
    app_close(&app);
    if (rc < 0)
        return cli_finish(&err, rc);
    if (res.problems > 200)
        printf(_("... and %lld more problems\n"), res.problems - 200);
    if (rc == 0) {
        printf(_("ok: integrity check passed; audit chain of %lld entries verified; %lld rows "
                 "match the log\n"),
               res.entries, res.rows);
        return 0;
    }
    fprintf(stderr,
            ngettext("capphat: check failed: %lld problem (listed above)\n",
                     "capphat: check failed: %lld problems (listed above)\n",
                     (unsigned long)res.problems),
            res.problems);
    return 1;
}

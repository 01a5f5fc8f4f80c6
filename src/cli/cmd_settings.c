/* capphat settings [set KEY VALUE]: the office's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "store/setting_store.h"

int cmd_settings(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[2];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin("settings", "capphat settings [set KEY VALUE]",
                        N_("Show the settings used on receipts and lists (office, parent body, "
                           "place, signers, receipt number format, language), the daily "
                           "backups kept (backup_keep) and whether the full-screen program "
                           "asks who is working at start (operator_prompt on or off), or "
                           "change one."),
                        opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (!(npos == 0 || (npos == 3 && strcmp(pos[0], "set") == 0))) {
        free(pos);
        return cli_usage_error("settings", _("use 'settings' or 'settings set KEY VALUE'"));
    }
    if ((rc = cli_open(ctx, &app, 0)) == 0) {
        if (npos == 3) {
            rc = settings_app_set(&app, pos[1], pos[2], &err);
        } else {
            struct strbuf line = STRBUF_INIT;
            for (const struct setting_info *s = settings_known; s->key; s++) {
                char *val = setting_get(app.db, s->key, "");
                const char *f[] = {s->key, val};
                cli_record(&line, f, 2, CSV_TSV);
                free(val);
            }
            strbuf_release(&line);
        }
        app_close(&app);
        rc = cli_finish(&err, rc);
    }
    free(pos);
    return rc;
}

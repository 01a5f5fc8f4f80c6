/* capphat init: create or upgrade the database; idempotent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/backup_app.h"
#include "app/seal_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/unit_store.h"

/* What init did to path: made it (with the reference data it holds),
 * upgraded it, or nothing. Returns 0, or the exit status of a failed read. */
static int print_opened(struct app *app, const char *path, int created)
{
    struct error err = ERROR_INIT;
    if (created) {
        /* the units as they were the day before the reorganisation, and from it */
        char before[11], b[11], from[11];
        long long districts, communes, communes_from, ethnic;
        date_add_days(APP_REFORM_DATE, -1, before);
        if (unit_store_count_valid(app->db, "district", before, &districts, &err) != 0 ||
            unit_store_count_valid(app->db, "commune", before, &communes, &err) != 0 ||
            unit_store_count_valid(app->db, "commune", APP_REFORM_DATE, &communes_from, &err) !=
                0 ||
            ethnic_store_count(app->db, &ethnic, &err) != 0) {
            int rc = cli_fail(&err);
            error_clear(&err);
            return rc;
        }
        printf(_("created %s (schema version %d): %lld districts and %lld communes until %s, "
                 "%lld communes from %s, %lld ethnic groups\n"),
               path, db_schema_version(), districts, communes, date_display(before, b),
               communes_from, date_display(APP_REFORM_DATE, from), ethnic);
    } else if (app->upgrade_backup)
        printf(_("upgraded %s to schema version %d (backup: %s)\n"), path, db_schema_version(),
               app->upgrade_backup);
    else
        printf(_("%s is up to date (schema version %d)\n"), path, db_schema_version());
    return 0;
}

int cmd_init(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "init", NULL,
        N_("Create the database with the reference data (districts, communes, ethnic\n"
           "groups), or upgrade an older one after taking a backup copy. Running it\n"
           "again changes nothing."),
        /* the database it creates is the one --db names */
        "capphat [--db FILE] init"};
    struct cli_option opts[] = {OPT_END()};
    int rc, created = 0;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("init", _("init takes no arguments"));
    if (app_open(&app, ctx->db_path, DB_OPEN_CREATE, &created, &err) != 0) {
        rc = cli_fail(&err);
        error_clear(&err);
        return rc;
    }
    if (app_verify_schema(&app, &err) != 0) {
        /* init never runs on a file whose guards were removed */
        rc = cli_fail(&err);
        error_clear(&err);
        app_close(&app);
        return rc;
    }
    if ((rc = print_opened(&app, ctx->db_path, created)) != 0) {
        app_close(&app);
        return rc;
    }
    /* the office's key, which seals the chain's head outside the database;
     * never a new one for a register another key sealed: its seals would
     * no longer verify */
    struct app_key key;
    char sealed_by[SEAL_ID_LEN + 1] = "";
    int made_key, key_missing = 0, sealed = 0;
    seal_key_load(&key);
    if (!key.have && (sealed = audit_store_seal_key(app.db, sealed_by, &err)) < 0) {
        /* unread, the log may be sealed: no new key */
        int failed = cli_fail(&err);
        error_clear(&err);
        app_close(&app);
        return failed;
    }
    if (sealed == 1) {
        char *kp = seal_key_path();
        cli_line_err(_("capphat: the register is sealed with the office key %s, which is not on "
                       "this computer: copy office.key from the office's computer to %s (a new "
                       "key would not verify its seals); no key was made"),
                     sealed_by, kp);
        free(kp);
        made_key = 0;
        key_missing = 1;
    } else {
        made_key = seal_key_create(&key, &err);
    }
    if (made_key > 0) {
        char *kp = seal_key_path();
        printf(_("office key made: %s (keep a copy of it away from this computer: it proves "
                 "the register's seals)\n"),
               kp);
        free(kp);
        seal_app_reload_key(&app);
        /* a register begun before the office had a key: sealed from now */
        long long n = seal_app_seal_all(&app, &err);
        if (n < 0) {
            cli_fail(&err);
            error_clear(&err);
        }
    } else if (made_key < 0) {
        cli_fail(&err);
        error_clear(&err);
    }
    /* the daily backup, as the full-screen program takes it when it starts */
    char *made = NULL;
    rc = app_daily_backup(&app, &made, &err);
    if (rc > 0)
        printf(_("daily backup: %s\n"), made);
    free(made);
    seal_app_flush(&app, SEAL_NOW, NULL);
    cli_notices(&app);
    app_close(&app);
    if (rc < 0) {
        rc = cli_fail(&err);
        error_clear(&err);
        return rc;
    }
    return key_missing ? 1 : 0;
}

/* capphat check: integrity of the file, the audit chain, the rows against the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/backup_app.h"
#include "app/check_app.h"
#include "app/seal_app.h"
#include "cli/cli.h"
#include "core/hash.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/db.h"

/* The newest daily backup and its age, after the check's verdict; a
 * warning when there is none, or it is older than two days: the copy to
 * restore from is what a check cannot give back. */
static void backup_age(struct app *app)
{
    char *name = NULL;
    long long age = 0;

    if (!app_backup_newest(app, &name, &age)) {
        char *dir = app_backup_dir(db_path(app->db));
        cli_line(_("warning: no backup of this database in '%s': start capphat or run 'capphat "
                   "init' to take one"),
                 dir);
        free(dir);
        return;
    }
    long long hours = age / 3600, days = age / 86400;
    char *how =
        age < 3600
            ? xasprintf(ngettext("%lld minute old", "%lld minutes old", (unsigned long)(age / 60)),
                        age / 60)
        : days < 2
            ? xasprintf(ngettext("%lld hour old", "%lld hours old", (unsigned long)hours), hours)
            : xasprintf(ngettext("%lld day old", "%lld days old", (unsigned long)days), days);
    /* the name comes from the database */
    cli_line(_("newest backup: %s (%s)"), name, how);
    if (age > 2 * 86400)
        cli_line(_("warning: the newest backup is %s (%s): start capphat or run 'capphat init' "
                   "to take one"),
                 how, name);
    free(how);
    free(name);
}

/* check --anchor: the log up to the anchor; closes app. Returns the exit status. */
static int check_anchor(struct app *app, long long seq, const char *hex)
{
    struct error err = ERROR_INIT;
    struct check_result res;
    int shown = 0;
    int rc = check_app_anchor(app, seq, hex, cli_problem, &shown, &res, &err);

    app_close(app);
    if (rc < 0)
        return cli_finish(&err, rc);
    if (rc == 0) {
        printf(_("ok: the log up to entry %lld is the one the paper was printed from "
                 "(%lld entries verified)\n"),
               seq, res.entries);
        return 0;
    }
    fprintf(stderr,
            ngettext("capphat: check failed: %lld problem (listed above)\n",
                     "capphat: check failed: %lld problems (listed above)\n",
                     (unsigned long)res.problems),
            res.problems);
    return 1;
}

/* What the operator should know beside the result: the heads, the office key. */
static void print_notes(struct app *app, const struct check_result *res)
{
    if (res->heads_broken)
        printf(_("note: a database put back by copying a backup over it looks so too; restore "
                 "a backup with 'capphat restore BACKUP.db', which keeps the replaced register "
                 "and starts the heads again\n"));
    /* beside a file; for a server's register, in this account's folder of it */
    char *head = seal_head_path(db_path(app->db), SEAL_BESIDE);
    if (res->no_head && res->entries && !res->account_head)
        printf(_("warning: no head file (%s), and no record of this register in this "
                 "account: the end of the log is checked only against the backups; capphat "
                 "makes them again at the next change\n"),
               head ? head : "");
    else if (res->no_head && res->entries)
        printf(_("warning: no head file (%s): the end of the log was checked against this "
                 "account's record of the register; capphat makes the file again at the next "
                 "change\n"),
               head ? head : "");
    free(head);
    if (res->unsealed) {
        char *kp = seal_key_path();
        printf(_("warning: no office key on this computer (%s): the seals of the register "
                 "were not verified; copy office.key there from the office's computer\n"),
               kp);
        free(kp);
    }
}

int cmd_check(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "check", NULL,
        N_("Verify the database file (SQLite integrity), its schema, the audit chain (each "
           "entry's hash, link and seal, and the heads kept outside the database), and that "
           "every record matches its last audited state. With --anchor, that the log up to the "
           "anchor printed on a paper is the one the paper was printed from."),
        NULL};
    int full = 0;
    const char *anchor = NULL;
    struct cli_option opts[] = {
        OPT_FLAG("--full", &full,
                 N_("verify everything (SQLite's integrity, every entry and record), not only "
                    "what changed since the last check")),
        OPT_STRING("--anchor", &anchor, "N:HASH",
                   N_("the anchor printed on a paper (or scanned from its QR code): prove that "
                      "the log up to it is the one the paper was printed from")),
        OPT_END(),
    };
    int rc, shown = 0;
    struct error err = ERROR_INIT;
    struct app app;
    struct check_result res;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("check", _("check takes no arguments"));
    long long anchor_seq = 0;
    char anchor_hex[HASH_HEX_LEN + 1];
    if (anchor) {
        /* "N:HASH", or a receipt's QR code: "NUMBER #N:HASH" */
        const char *a = strstr(anchor, " #") ? strstr(anchor, " #") + 2 : anchor;
        if (seal_anchor_parse(a, &anchor_seq, anchor_hex) != 0)
            return cli_usage_error("check",
                                   _("--anchor '%s' is not an anchor: write it as printed, "
                                     "N:HASH (a number, a colon, 8 or more hex digits)"),
                                   anchor);
    }
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) != 0)
        return rc;
    if (anchor)
        return check_anchor(&app, anchor_seq, anchor_hex);
    rc = check_app_run(&app, full, cli_problem, &shown, &res, &err);
    if (rc < 0) {
        app_close(&app);
        return cli_finish(&err, rc);
    }
    if (res.problems > 200)
        printf(_("... and %lld more problems\n"), res.problems - 200);
    if (rc == 0 && res.since)
        printf(_("ok: since the last check (entry %lld): %lld new entries verified; %lld "
                 "records changed since match the log (check --full verifies everything)\n"),
               res.since, res.entries, res.rows);
    else if (rc == 0)
        printf(_("ok: integrity check passed; audit chain of %lld entries verified; %lld rows "
                 "match the log\n"),
               res.entries, res.rows);
    else
        fprintf(stderr,
                ngettext("capphat: check failed: %lld problem (listed above)\n",
                         "capphat: check failed: %lld problems (listed above)\n",
                         (unsigned long)res.problems),
                res.problems);
    backup_age(&app);
    print_notes(&app, &res);
    app_close(&app);
    return rc == 0 ? 0 : 1;
}

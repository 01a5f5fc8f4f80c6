/*
 * capphat: hands out smartphones and accounts for every one of them.
 *
 * main.c reads the global options (the database, who is working), finds
 * the database, and dispatches to one command of the table below (one file
 * per command, as git's builtin/). With no command it opens the
 * full-screen program.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/collate.h"
#include "core/i18n.h"
#include "tui/tui.h"

/* The Makefile passes both (scripts/version.sh): the release, or a snapshot
 * after it, and the commit the program was built from. */
#ifndef CAPPHAT_VERSION
#define CAPPHAT_VERSION "unknown"
#endif
#ifndef CAPPHAT_COMMIT
#define CAPPHAT_COMMIT "unknown"
#endif

static const struct cli_subcommand commands[] = {
    {"init", cmd_init, N_("create or upgrade the database (idempotent)")},
    {"demo", cmd_demo, N_("fill a database with a realistic synthetic data set")},
    {"person", cmd_person, N_("add, edit, list and show prestigious persons")},
    {"device", cmd_device, N_("register, list and show devices; change their status")},
    {"round", cmd_round, N_("add and list rounds (campaigns)")},
    {"handover", cmd_handover, N_("hand a device to a person, or pass it to a successor")},
    {"return", cmd_return, N_("take a device back, with a reason")},
    {"training", cmd_training, N_("record training sessions and attendance")},
    {"import", cmd_import, N_("import persons or devices from a .csv, .xlsx, .xls or .ods list")},
    {"find", cmd_find, N_("search persons or devices, accent-insensitively")},
    {"export", cmd_export, N_("write reports: Excel summary and lists, CSV tables")},
    {"receipt", cmd_receipt, N_("mark paper receipts as signed; list unsigned ones")},
    {"settings", cmd_settings, N_("show or change the office's settings")},
    {"imei", cmd_imei, N_("check IMEIs without registering them")},
    {"check", cmd_check, N_("verify the database and the audit chain")},
    {"backup", cmd_backup, N_("copy the database safely, even while others write")},
    {"operator", cmd_operator, N_("add the operators of a register on a server, by commune")},
    {"migrate", cmd_migrate, N_("move the register to a PostgreSQL server several offices share")},
    {"restore", cmd_restore, N_("bring the register back from a backup, keeping what it replaces")},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: capphat [--db FILE] [--operator NAME] [COMMAND [ARGS...]]\n\n"
              "With no command, capphat opens the full-screen program.\n\n"
              "commands:\n"));
    cli_subcommands_print(f, commands, 10);
    fprintf(f, "%s",
            _("\nThe database is --db FILE, else $CAPPHAT_DB, else\n"
              "$XDG_DATA_HOME/capphat/capphat.db (~/.local/share/capphat/capphat.db).\n"
              "A register several offices share is on a PostgreSQL server: --db\n"
              "postgresql://HOST/DATABASE (or service=NAME), the password in ~/.pgpass.\n"
              "--operator NAME: who is working, where an office shares one login;\n"
              "the audit log records \"NAME (login)\" (always the login name).\n"
              "'capphat COMMAND --help' describes a command.\n"));
}

static void cleanup(void)
{
    collate_cleanup();
}

/* --operator NAME: refused (usage error, exit 2) before any command runs,
 * so that a wrong name changes nothing. */
static int set_operator(const char *name)
{
    struct error err = ERROR_INIT;

    if (app_operator_set(name, _("option --operator"), &err) != 0) {
        fprintf(stderr, "capphat: %s\n", error_msg(&err));
        error_clear(&err);
        return 2;
    }
    if (!app_operator_name()) {
        fprintf(stderr, "capphat: ");
        fprintf(stderr, _("option --operator '%s' holds no name"), error_quote(name));
        fputc('\n', stderr);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *db_opt = NULL, *who = NULL;
    int short_help = 0, version = 0, n, rc;
    struct error err = ERROR_INIT;

    i18n_init(NULL);
    atexit(cleanup);
    /* capphat's own options, before the command; what they do is told in
     * usage() above. Their values are named in the user's language in a
     * message ("option --db needs a value (TỆP)"), as usage() names them. */
    struct cli_option opts[] = {
        /* TRANSLATORS: the value of --db, as in "[--db FILE]" */
        OPT_STRING("--db", &db_opt, _("FILE"), NULL),
        /* TRANSLATORS: the value of --operator, as in "[--operator NAME]" */
        OPT_STRING("--operator", &who, _("NAME"), NULL),
        OPT_FLAG("-h", &short_help, NULL),
        OPT_FLAG("--version", &version, NULL),
        OPT_END(),
    };
    n = cli_parse(argc - 1, argv + 1, opts, CLI_PARSE_STOP, &err);
    if (n == -1) {
        if (err.code == ERR_NOT_FOUND)
            fprintf(stderr, "capphat: %s%s\n", error_msg(&err), _(" (see 'capphat --help')"));
        else
            fprintf(stderr, "capphat: %s\n", error_msg(&err));
        error_clear(&err);
        return 2;
    }
    if (n == CLI_PARSE_HELP || short_help) {
        usage(stdout);
        return 0;
    }
    if (version) {
        printf("capphat %s (commit %s)\n", CAPPHAT_VERSION, CAPPHAT_COMMIT);
        return 0;
    }
    if (who && (rc = set_operator(who)) != 0)
        return rc;

    char *path = app_default_db_path(db_opt);
    struct cli_ctx ctx = {path, argv[0]};
    char **args = argv + 1; /* the command and its arguments */

    if (n == 0) {
        rc = tui_main(path);
        free(path);
        return rc;
    }
    const struct cli_subcommand *c = cli_subcommand_find(commands, args[0]);
    if (c) {
        rc = c->fn(&ctx, n - 1, args + 1);
        free(path);
        return rc;
    }
    fprintf(stderr, _("capphat: unknown command '%s' (see 'capphat --help')\n"),
            error_quote(args[0]));
    free(path);
    return 2;
}

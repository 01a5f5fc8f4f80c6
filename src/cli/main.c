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
#include <string.h>

#include "cli/cli.h"
#include "core/collate.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "tui/tui.h"

/* The Makefile passes both (scripts/version.sh): the release, or a snapshot
 * after it, and the commit the program was built from. */
#ifndef CAPPHAT_VERSION
#define CAPPHAT_VERSION "unknown"
#endif
#ifndef CAPPHAT_COMMIT
#define CAPPHAT_COMMIT "unknown"
#endif

static const struct command {
    const char *name;
    int (*fn)(const struct cli_ctx *ctx, int argc, char **argv);
    const char *summary;
} commands[] = {
    {"init", cmd_init, N_("create or upgrade the database (idempotent)")},
    {"demo", cmd_demo, N_("fill a database with a realistic synthetic data set")},
    {"person", cmd_person, N_("add, edit, list and show prestigious persons")},
    {"device", cmd_device, N_("register, list and show devices; change their status")},
    {"round", cmd_round, N_("add and list rounds (campaigns)")},
    {"handover", cmd_handover, N_("hand a device to a person, or pass it to a successor")},
    {"return", cmd_return, N_("take a device back, with a reason")},
    {"training", cmd_training, N_("record training sessions and attendance")},
    {"import", cmd_import, N_("import persons or devices from a .csv or .xlsx list")},
    {"find", cmd_find, N_("search persons or devices, accent-insensitively")},
    {"export", cmd_export, N_("write reports: Excel summary and lists, CSV tables")},
    {"receipt", cmd_receipt, N_("mark paper receipts as signed; list unsigned ones")},
    {"settings", cmd_settings, N_("show or change the office's settings")},
    {"imei", cmd_imei, N_("check IMEIs without registering them")},
    {"check", cmd_check, N_("verify the database and the audit chain")},
    {"backup", cmd_backup, N_("copy the database safely, even while others write")},
    {"restore", cmd_restore, N_("bring the register back from a backup, keeping what it replaces")},
};

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: capphat [--db FILE] [--operator NAME] [COMMAND [ARGS...]]\n\n"
              "With no command, capphat opens the full-screen program.\n\n"
              "commands:\n"));
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(f, "%s",
            _("\nThe database is --db FILE, else $CAPPHAT_DB, else\n"
              "$XDG_DATA_HOME/capphat/capphat.db (~/.local/share/capphat/capphat.db).\n"
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
    const char *db_opt = NULL;
    int i = 1, rc;

    i18n_init(NULL);
    atexit(cleanup);
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "capphat: %s\n", _("option --db needs a value (FILE)"));
                return 2;
            }
            db_opt = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db_opt = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--operator") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "capphat: %s\n", _("option --operator needs a value (NAME)"));
                return 2;
            }
            if ((rc = set_operator(argv[i + 1])) != 0)
                return rc;
            i += 2;
        } else if (strncmp(argv[i], "--operator=", 11) == 0) {
            if ((rc = set_operator(argv[i] + 11)) != 0)
                return rc;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("capphat %s (commit %s)\n", CAPPHAT_VERSION, CAPPHAT_COMMIT);
            return 0;
        } else {
            fprintf(stderr, _("capphat: unknown option '%s' (see 'capphat --help')\n"),
                    error_quote(argv[i]));
            return 2;
        }
    }
    char *path = app_default_db_path(db_opt);
    struct cli_ctx ctx = {path, argv[0]};

    if (i >= argc) {
        rc = tui_main(path);
        free(path);
        return rc;
    }
    for (size_t k = 0; k < sizeof(commands) / sizeof(*commands); k++) {
        if (strcmp(argv[i], commands[k].name) == 0) {
            rc = commands[k].fn(&ctx, argc - i - 1, argv + i + 1);
            free(path);
            return rc;
        }
    }
    fprintf(stderr, _("capphat: unknown command '%s' (see 'capphat --help')\n"),
            error_quote(argv[i]));
    free(path);
    return 2;
}

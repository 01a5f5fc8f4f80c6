/*
 * capphat handover: hand a device in stock to a person (prints the receipt
 * number), or pass a person's device on to a successor in one step (prints
 * the number of the return record made, then the receipt number); and
 * handover edit: correct a handover whose receipt is not signed yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "app/receipt_app.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* capphat handover edit NUMBER [--place TEXT] [--date DATE] [--officer NAME] [--note TEXT] */
static int handover_edit(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "handover edit", "ID|NUMBER",
        N_("Correct a handover whose receipt is not signed yet; an empty value clears the place, "
           "the officer or the note. A receipt printed before is printed again as a corrected "
           "original."),
        NULL};
    struct handover_edit in = {0};
    struct cli_option opts[] = {
        OPT_STRING("--place", &in.place, "TEXT", N_("place of the handover")),
        OPT_STRING("--date", &in.date, "DATE", N_("date of the handover")),
        OPT_STRING("--officer", &in.officer, "NAME", N_("handing-over officer")),
        OPT_STRING("--note", &in.note, "TEXT", N_("note printed on the receipt")),
        OPT_END(),
    };
    struct error err = ERROR_INIT;
    struct app app;
    long long id;
    int rc, superseded = 0;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("handover edit",
                               _("handover edit needs one handover id or receipt number"));
    if (!in.place && !in.date && !in.officer && !in.note)
        return cli_usage_error("handover edit",
                               _("give what to correct: --place, --date, --officer or --note"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = receipt_app_find(&app, argv[0], &id, &err);
    if (rc == 0)
        rc = handover_app_edit(&app, id, &in, &superseded, &err);
    if (rc == 0 && superseded)
        printf(_("handover %s corrected; its printed receipt is superseded: the next print is a "
                 "corrected original\n"),
               argv[0]);
    else if (rc == 0)
        printf(_("handover %s corrected\n"), argv[0]);
    app_close(&app);
    return cli_finish(&err, rc);
}

/* The return record of the device a pass-on took back, on stdout before
 * the new receipt's number (which stays the last line, for scripts). */
static void say_return_record(struct app *app, long long handover_id)
{
    struct error err = ERROR_INIT;
    long long from;
    char *no = NULL;

    if (handover_app_taken_back(app, handover_id, &from, &no, &err) == 0 && no)
        printf(_("return record %s: print it with 'capphat receipt %s'\n"), no, no);
    free(no);
    error_clear(&err);
}

int cmd_handover(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "handover", NULL,
        N_("Hand a device over and print the receipt number; or pass the device of one person on "
           "to their successor in one step."),
        /* two forms, whose options do not mix */
        "capphat handover --person ID --imei IMEI [--date YYYY-MM-DD] [--place TEXT] [--officer "
        "NAME]\n"
        "       capphat handover --successor ID --from ID [--reason REASON] [--decision TEXT] "
        "[--date DATE]\n"
        "       capphat handover edit ID|NUMBER [--place TEXT] [--date DATE] [--officer NAME] "
        "[--note TEXT]"};
    const char *person = NULL, *successor = NULL, *from = NULL, *reason = NULL, *decision = NULL;
    struct handover_input in = {0};
    struct cli_option opts[] = {
        OPT_STRING("--person", &person, "ID", N_("the receiving person")),
        OPT_STRING("--imei", &in.imei, "IMEI",
                   N_("the device, by IMEI (a barcode scanner can type it)")),
        OPT_STRING("--date", &in.date, "DATE", N_("date of the handover (default today)")),
        OPT_STRING("--place", &in.place, "TEXT", N_("place (default: the place in the settings)")),
        OPT_STRING("--officer", &in.officer, "NAME",
                   N_("handing-over officer (default: from the settings)")),
        OPT_STRING("--successor", &successor, "ID",
                   N_("pass the device of --from on to this person")),
        OPT_STRING("--from", &from, "ID", N_("the person whose device is passed on")),
        OPT_STRING("--reason", &reason, "REASON",
                   N_("with --successor: died, replaced (default) or other")),
        OPT_STRING("--decision", &decision, "TEXT", N_("with --successor: decision number")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    char *receipt = NULL;

    if (argc >= 1 && strcmp(argv[0], "edit") == 0)
        return handover_edit(ctx, argc - 1, argv + 1);
    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("handover", _("handover takes options only"));
    if (successor || from) {
        long long succ, from_id;
        if (!successor || !from)
            return cli_usage_error("handover", _("--successor and --from go together"));
        if (person || in.imei)
            return cli_usage_error("handover",
                                   _("--successor passes on the device of --from; do not give "
                                     "--person or --imei"));
        if ((rc = cli_parse_id(successor, _("successor"), &succ, &err)) ||
            (rc = cli_parse_id(from, _("from"), &from_id, &err)))
            return cli_finish(&err, rc);
        if ((rc = cli_open(ctx, &app, 0)) != 0)
            return rc;
        long long hid = 0;
        rc = handover_app_pass_on(&app, from_id, succ, reason, decision, in.date, NULL, NULL,
                                  &receipt, &hid, &err);
        if (rc == 0)
            say_return_record(&app, hid);
    } else {
        if (!person || !in.imei)
            return cli_usage_error("handover", _("--person and --imei are required"));
        if (reason || decision)
            return cli_usage_error("handover", _("--reason and --decision go with --successor"));
        if ((rc = cli_parse_id(person, _("person"), &in.person_id, &err)) != 0)
            return cli_finish(&err, rc);
        if ((rc = cli_open(ctx, &app, 0)) != 0)
            return rc;
        rc = handover_app_give(&app, &in, &receipt, NULL, &err);
    }
    if (rc == 0)
        printf("%s\n", receipt);
    free(receipt);
    app_close(&app);
    return cli_finish(&err, rc);
}

/* capphat return: take a device back, with a reason and a decision number;
 * prints the number of its return record (biên bản thu hồi). */
#include <stdio.h>
#include <stdlib.h>

#include "app/handover_app.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_return(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "return", NULL,
        N_("Take a device back. It returns to stock; a defective one goes to repair, a lost one "
           "is marked lost."),
        NULL};
    const char *imei = NULL, *reason = NULL, *decision = NULL, *date = NULL, *place = NULL,
               *note = NULL, *holder = NULL;
    struct cli_option opts[] = {
        OPT_STRING_F("--imei", &imei, "IMEI", N_("the device"), CLI_REQUIRED),
        OPT_STRING_F("--reason", &reason, "REASON", N_("died, replaced, defective, lost or other"),
                     CLI_REQUIRED),
        OPT_STRING("--decision", &decision, "TEXT", N_("decision number (optional)")),
        OPT_STRING("--date", &date, "DATE", N_("date of the return (default today)")),
        OPT_STRING("--place", &place, "TEXT",
                   N_("where it is taken back, printed in its return record")),
        OPT_STRING("--note", &note, "TEXT", N_("note")),
        OPT_STRING("--holder", &holder, "ID",
                   N_("the person it is taken from: refused if someone else holds it")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct handover_expect ex = {0, NULL};

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("return", _("return takes options only"));
    if (cli_first_missing(opts))
        return cli_usage_error("return", _("--imei and --reason are required"));
    if (holder && (rc = cli_parse_id(holder, _("holder"), &ex.holder_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = handover_app_return(&app, imei, reason, decision, date, place, note, &ex, &err);
    if (rc == 0) {
        long long hid;
        char *no = NULL;
        printf(_("returned %s (%s)\n"), imei, handover_reason_label(reason));
        /* the record to print: 'capphat receipt NUMBER' */
        if (handover_app_last_return(&app, imei, &hid, &no, NULL) == 0 && no)
            printf(_("return record %s\n"), no);
        free(no);
    }
    app_close(&app);
    return cli_finish(&err, rc);
}

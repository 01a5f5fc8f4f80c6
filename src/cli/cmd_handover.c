/*
 * capphat handover: hand a device in stock to a person (prints the receipt
 * number), or pass a person's device on to a successor in one step.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app/handover_app.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_handover(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--person", 1, "ID", N_("the receiving person")},
        {"--imei", 1, "IMEI", N_("the device, by IMEI (a barcode scanner can type it)")},
        {"--date", 1, "DATE", N_("date of the handover (default today)")},
        {"--place", 1, "TEXT", N_("place (default: the place in the settings)")},
        {"--officer", 1, "NAME", N_("handing-over officer (default: from the settings)")},
        {"--successor", 1, "ID", N_("pass the device of --from on to this person")},
        {"--from", 1, "ID", N_("the person whose device is passed on")},
        {"--reason", 1, "REASON", N_("with --successor: died, replaced (default) or other")},
        {"--decision", 1, "TEXT", N_("with --successor: decision number")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[11];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    char *receipt = NULL;

    if ((rc = cli_legacy_begin(
             "handover",
             "capphat handover --person ID --imei IMEI [--date YYYY-MM-DD] [--place "
             "TEXT] [--officer NAME]\n"
             "       capphat handover --successor ID --from ID [--reason REASON] "
             "[--decision TEXT] [--date DATE]",
             N_("Hand a device over and print the receipt number; or pass the device "
                "of one person on to their successor in one step."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("handover", _("handover takes options only"));
    if (v[6] || v[7]) {
        long long succ, from;
        if (!v[6] || !v[7])
            return cli_usage_error("handover", _("--successor and --from go together"));
        if (v[1] || v[2])
            return cli_usage_error("handover",
                                   _("--successor passes on the device of --from; do not give "
                                     "--person or --imei"));
        if ((rc = cli_parse_id(v[6], _("successor"), &succ, &err)) ||
            (rc = cli_parse_id(v[7], _("from"), &from, &err)))
            return cli_finish(&err, rc);
        if ((rc = cli_open(ctx, &app, 0)) != 0)
            return rc;
        rc = handover_app_pass_on(&app, from, succ, v[8], v[9], v[3], NULL, &receipt, NULL, &err);
    } else {
        struct handover_input in = {0};
        if (!v[1] || !v[2])
            return cli_usage_error("handover", _("--person and --imei are required"));
        if (v[8] || v[9])
            return cli_usage_error("handover", _("--reason and --decision go with --successor"));
        if ((rc = cli_parse_id(v[1], _("person"), &in.person_id, &err)) != 0)
            return cli_finish(&err, rc);
        in.imei = v[2];
        in.date = v[3];
        in.place = v[4];
        in.officer = v[5];
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

/* capphat return: take a device back, with a reason and a decision number. */
#include <stdio.h>
#include <stdlib.h>

#include "app/handover_app.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_return(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--imei", 1, "IMEI", N_("the device")},
        {"--reason", 1, "REASON", N_("died, replaced, defective, lost or other")},
        {"--decision", 1, "TEXT", N_("decision number (optional)")},
        {"--date", 1, "DATE", N_("date of the return (default today)")},
        {"--note", 1, "TEXT", N_("note")},
        {"--holder", 1, "ID", N_("the person it is taken from: refused if someone else holds it")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[8];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin(
             "return",
             "capphat return --imei IMEI --reason died|replaced|defective|lost|other "
             "[--decision TEXT] [--date DATE] [--holder ID]",
             N_("Take a device back. It returns to stock; a defective one goes to "
                "repair, a lost one is marked lost."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("return", _("return takes options only"));
    if (!v[1] || !v[2])
        return cli_usage_error("return", _("--imei and --reason are required"));
    struct handover_expect ex = {0, NULL};
    if (v[6] && (rc = cli_parse_id(v[6], _("holder"), &ex.holder_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = handover_app_return(&app, v[1], v[2], v[3], v[4], v[5], &ex, &err);
    if (rc == 0)
        printf(_("returned %s (%s)\n"), v[1], handover_reason_label(v[2]));
    app_close(&app);
    return cli_finish(&err, rc);
}

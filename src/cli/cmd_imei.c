/* capphat imei check IMEI...: check IMEIs without touching any database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/imei.h"

int cmd_imei(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "imei", "check IMEI...",
        N_("Check each IMEI (15 digits, Luhn check digit); prints 'ok IMEI' or the reason on "
           "stderr. Exit status 1 if any is wrong."),
        NULL};
    struct cli_option opts[] = {OPT_END()};
    int rc, bad = 0;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc < 2 || strcmp(argv[0], "check") != 0)
        return cli_usage_error("imei", _("imei check needs one or more IMEIs"));
    for (int i = 1; i < argc; i++) {
        char out[IMEI_LEN + 1];
        struct error err = ERROR_INIT;
        if (imei_parse(argv[i], _("imei"), out, &err) == 0) {
            printf("ok %s\n", out);
        } else {
            fprintf(stderr, "capphat: %s\n", error_msg(&err));
            bad = 1;
        }
        error_clear(&err);
    }
    return bad;
}

/* capphat imei check IMEI...: check IMEIs without touching any database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/imei.h"

int cmd_imei(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[2];
    const char **pos;
    int npos, rc, bad = 0;

    if ((rc = cli_legacy_begin(
             "imei", "capphat imei check IMEI...",
             N_("Check each IMEI (15 digits, Luhn check digit); prints 'ok IMEI' or "
                "the reason on stderr. Exit status 1 if any is wrong."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos < 2 || strcmp(pos[0], "check") != 0) {
        free(pos);
        return cli_usage_error("imei", _("imei check needs one or more IMEIs"));
    }
    for (int i = 1; i < npos; i++) {
        char out[IMEI_LEN + 1];
        struct error err = ERROR_INIT;
        if (imei_parse(pos[i], _("imei"), out, &err) == 0) {
            printf("ok %s\n", out);
        } else {
            fprintf(stderr, "capphat: %s\n", error_msg(&err));
            bad = 1;
        }
        error_clear(&err);
    }
    free(pos);
    return bad;
}

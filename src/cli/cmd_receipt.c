/*
 * capphat receipt signed|unsigned: the paper receipts. Scanning a receipt's
 * QR code with a barcode scanner types its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "store/handover_store.h"

static int print_unsigned(const struct handover *h, void *arg)
{
    char d[11];
    long long *n = arg;
    (*n)++;
    printf("%s\t%s\t%lld\t%s\t%s\n", h->receipt_no, date_display(h->handed_on, d), h->person_id,
           h->person_name, h->imei);
    return 0;
}

int cmd_receipt(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--archive", 1, "REF", N_("with signed: archive reference of the paper")},
        {"--date", 1, "DATE", N_("with signed: date the paper came back (default today)")},
        {"--district", 1, "NAME", N_("with unsigned: district of the commune")},
        {"--commune", 1, "NAME", N_("with unsigned: only this commune")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[6];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin("receipt",
                        "capphat receipt signed NUMBER... [--archive REF] [--date DATE]\n"
                        "       capphat receipt unsigned [--district NAME] [--commune NAME]",
                        N_("Mark paper receipts as signed and returned, or list the receipts "
                           "not yet signed."),
                        opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos >= 2 && strcmp(pos[0], "signed") == 0) {
        if ((rc = cli_open(ctx, &app, 0)) == 0) {
            for (int i = 1; rc == 0 && i < npos; i++) {
                rc = handover_app_mark_signed(&app, pos[i], v[1], v[2], &err);
                if (rc == 0)
                    printf(_("%s signed\n"), pos[i]);
            }
            app_close(&app);
            rc = cli_finish(&err, rc);
        }
    } else if (npos == 1 && strcmp(pos[0], "unsigned") == 0) {
        if ((rc = cli_open(ctx, &app, 0)) == 0) {
            long long district = 0, commune = 0, n = 0;
            if (v[3])
                rc = app_find_district(&app, v[3], &district, &err);
            if (rc == 0 && v[4])
                rc = app_find_commune(&app, district, v[4], &commune, &err);
            if (rc == 0) {
                printf("receipt\tdate\tperson_id\tname\timei\n");
                rc = handover_store_each_open(app.db, commune, 1, print_unsigned, &n, &err);
            }
            app_close(&app);
            rc = cli_finish(&err, rc < 0 ? rc : 0);
        }
    } else {
        rc = cli_usage_error("receipt", _("use 'receipt signed NUMBER...' or 'receipt unsigned'"));
    }
    free(pos);
    return rc;
}

/*
 * capphat receipt: the handover receipts (biên bản bàn giao) as PDF, sent to
 * a printer through CUPS on request; and the paper receipts' signed state
 * (signed|unsigned). Scanning a receipt's QR code with a barcode scanner
 * types its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "app/receipt_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/handover_store.h"

static int print_unsigned(const struct handover *h, void *arg)
{
    struct strbuf *line = arg;
    char d[11], person[24];
    snprintf(person, sizeof(person), "%lld", h->person_id);
    const char *f[] = {h->receipt_no, date_display(h->handed_on, d), person, h->person_name,
                       h->imei};
    cli_record(line, f, 5, CSV_TSV);
    return 0;
}

/* capphat receipt ID... | --commune NAME: write (and print) the receipts. */
static int receipt_write(const struct cli_ctx *ctx, const char **v, const char *as_of,
                         const char **pos, int npos)
{
    struct error err = ERROR_INIT;
    struct receipt_app_result res;
    struct app app;
    long long *ids = NULL;
    size_t n = 0;
    char *path = NULL;
    long long commune = 0;
    int rc, job = 0;

    if (npos && v[4])
        return cli_usage_error("receipt", _("give handover ids or --commune, not both"));
    if (!npos && !v[4])
        return cli_usage_error("receipt", _("write receipts with 'receipt ID... -o FILE.pdf' "
                                            "or --commune NAME, or use 'receipt signed "
                                            "NUMBER...' or 'receipt unsigned'"));
    if (!v[5] && !v[6])
        return cli_usage_error("receipt", _("-o FILE.pdf is required (or --print)"));
    if (v[7] && !v[6])
        return cli_usage_error("receipt", _("--printer goes with --print"));
    if (v[8] && !v[5])
        return cli_usage_error("receipt", _("--force goes with -o FILE.pdf"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (v[4]) {
        long long district = 0;
        if (v[3])
            rc = app_find_district(&app, v[3], &district, &err);
        if (rc == 0)
            rc = app_find_commune(&app, district, v[4], as_of, &commune, &err);
        if (rc == 0)
            rc = receipt_app_commune(&app, commune, &ids, &n, &err);
    } else {
        ids = xcalloc((size_t)npos, sizeof(*ids));
        for (int i = 0; rc == 0 && i < npos; i++)
            rc = receipt_app_find(&app, pos[i], &ids[n++], &err);
    }
    if (rc == 0)
        path = v[5] ? xstrdup(v[5]) : receipt_app_default_path(&app, ids, n, commune, &err);
    if (rc == 0 && !path)
        rc = ERR_IO;
    if (rc == 0) {
        struct receipt_app_out out = {path, v[8] != NULL, v[6] != NULL, v[7], 0, 0};
        rc = receipt_app_write(&app, ids, n, &out, &res, &err);
        job = out.job;
    }
    if (rc == 0) {
        char *pages = xasprintf(ngettext("%zu receipt", "%zu receipts", res.pages), res.pages);
        if (res.copies)
            printf(_("%s written: %s (%zu reprinted, marked BẢN SAO)\n"), path, pages, res.copies);
        else
            printf(_("%s written: %s\n"), path, pages);
        free(pages);
        if (v[6])
            printf(_("sent to the printer: job %d\n"), job);
    }
    free(path);
    free(ids);
    app_close(&app);
    return cli_finish(&err, rc);
}

int cmd_receipt(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--archive", 1, "REF", N_("with signed: archive reference of the paper")},
        {"--date", 1, "DATE", N_("with signed: date the paper came back (default today)")},
        {"--district", 1, "NAME", N_("with --commune or unsigned: district of the commune")},
        {"--commune", 1, "NAME",
         N_("receipts of every open handover of the commune; with unsigned: only this commune")},
        {"-o", 1, "FILE.pdf", N_("the PDF to write (one A4 page per receipt)")},
        {"--print", 0, NULL, N_("also send the PDF to the printer (CUPS)")},
        {"--printer", 1, "NAME", N_("with --print: this printer, not the default one")},
        {"--force", 0, NULL, N_("replace the file named by -o if it exists")},
        {"--as-of", 1, "DATE",
         N_("with --commune: the date the commune is named on (a new commune includes the "
            "communes it absorbed)")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[11];
    char as_of[11];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin(
             "receipt",
             "capphat receipt ID|NUMBER... -o FILE.pdf [--force] [--print [--printer NAME]]\n"
             "       capphat receipt --commune NAME [--district NAME] [--as-of DATE] "
             "-o FILE.pdf [--force] [--print [--printer NAME]]\n"
             "       capphat receipt signed NUMBER... [--archive REF] [--date DATE]\n"
             "       capphat receipt unsigned [--district NAME] [--commune NAME] "
             "[--as-of DATE]",
             N_("Write handover receipts as PDF (a reprint is marked as a copy) and "
                "print them; mark paper receipts as signed and returned, or list "
                "the receipts not yet signed."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (v[9] && !v[4]) {
        free(pos);
        return cli_usage_error("receipt", _("--as-of goes with --commune"));
    }
    if (v[9] && (rc = date_parse(v[9], "--as-of", as_of, &err)) != 0) {
        free(pos);
        return cli_finish(&err, rc);
    }
    if (!(npos >= 1 && (strcmp(pos[0], "signed") == 0 || strcmp(pos[0], "unsigned") == 0))) {
        rc = receipt_write(ctx, v, v[9] ? as_of : NULL, pos, npos);
        free(pos);
        return rc;
    }
    if (v[5] || v[6] || v[7] || v[8]) {
        free(pos);
        return cli_usage_error("receipt",
                               _("-o, --print, --printer and --force are for writing receipts"));
    }
    if (npos >= 2 && strcmp(pos[0], "signed") == 0) {
        if ((rc = cli_open(ctx, &app, 0)) == 0) {
            /* every paper of the pile: one that cannot be marked is named,
             * the others are marked all the same */
            int failed = 0;
            for (int i = 1; i < npos; i++) {
                long long id = 0;
                rc = receipt_app_find(&app, pos[i], &id, &err);
                if (rc == 0)
                    rc = handover_app_mark_signed(&app, id, v[1], v[2], &err);
                if (rc == 0)
                    cli_line(_("%s signed"), pos[i]);
                else
                    failed = cli_fail(&err);
                error_clear(&err);
            }
            app_close(&app);
            rc = failed;
        }
    } else if (npos == 1 && strcmp(pos[0], "unsigned") == 0) {
        if ((rc = cli_open(ctx, &app, 0)) == 0) {
            long long district = 0, commune = 0;
            struct strbuf line = STRBUF_INIT;
            if (v[3])
                rc = app_find_district(&app, v[3], &district, &err);
            if (rc == 0 && v[4])
                rc = app_find_commune(&app, district, v[4], v[9] ? as_of : NULL, &commune, &err);
            if (rc == 0) {
                printf("receipt\tdate\tperson_id\tname\timei\n");
                rc = handover_store_each_open(app.db, commune, 1, print_unsigned, &line, &err);
            }
            strbuf_release(&line);
            app_close(&app);
            rc = cli_finish(&err, rc < 0 ? rc : 0);
        }
    } else {
        rc = cli_usage_error("receipt", _("use 'receipt signed NUMBER...' or 'receipt unsigned'"));
    }
    free(pos);
    return rc;
}

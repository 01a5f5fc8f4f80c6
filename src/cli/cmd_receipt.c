/*
 * capphat receipt: the handover receipts (biên bản bàn giao) and return
 * records (biên bản thu hồi) as PDF, sent to a printer through CUPS on
 * request; and the papers' signed state (signed|unsigned). Scanning a receipt's QR code with a
 * barcode scanner types its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/handover_app.h"
#include "app/receipt_app.h"
#include "app/settings_app.h"
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

static int print_unsigned_return(const struct handover *h, void *arg)
{
    struct strbuf *line = arg;
    char d[11], person[24];
    snprintf(person, sizeof(person), "%lld", h->person_id);
    const char *f[] = {h->return_no, date_display(h->returned_on, d), person, h->person_name,
                       h->imei};
    cli_record(line, f, 5, CSV_TSV);
    return 0;
}

/* The options of receipt. */
struct receipt_opts {
    const char *archive, *date; /* signed */
    const char *district, *commune, *as_of;
    const char *out, *printer; /* writing receipts */
    int print, final, preview, force;
    int returns; /* unsigned: the return records */
};

/* capphat receipt ID... | --commune NAME: write (and print) the receipts
 * (as_of: --as-of as an ISO date, or NULL). */
static int receipt_write(const struct cli_ctx *ctx, const struct receipt_opts *ro,
                         const char *as_of, char **args, int nargs)
{
    struct error err = ERROR_INIT;
    struct receipt_app_result res;
    struct app app;
    long long *ids = NULL;
    size_t n = 0;
    char *path = NULL;
    long long commune = 0;
    int rc, job = 0;

    if (nargs && ro->commune)
        return cli_usage_error("receipt", _("give handover ids or --commune, not both"));
    if (!nargs && !ro->commune)
        return cli_usage_error("receipt", _("write receipts with 'receipt ID... -o FILE.pdf' "
                                            "or --commune NAME, or use 'receipt signed "
                                            "NUMBER...' or 'receipt unsigned'"));
    if (ro->printer && !ro->print)
        return cli_usage_error("receipt", _("--printer goes with --print"));
    if (ro->final && ro->print)
        return cli_usage_error("receipt",
                               _("--final is for a PDF printed elsewhere: not with --print"));
    if (ro->preview && (ro->print || ro->final))
        return cli_usage_error("receipt", _("--preview is not the original: not with --print "
                                            "or --final"));
    if (ro->force && !ro->out)
        return cli_usage_error("receipt", _("--force goes with -o FILE.pdf"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (ro->commune) {
        long long district = 0;
        if (ro->district)
            rc = app_find_district(&app, ro->district, &district, &err);
        if (rc == 0)
            rc = app_find_commune(&app, district, ro->commune, as_of, &commune, &err);
        if (rc == 0)
            rc = receipt_app_commune(&app, commune, &ids, &n, &err);
    } else {
        ids = xcalloc((size_t)nargs, sizeof(*ids));
        for (int i = 0; rc == 0 && i < nargs; i++)
            rc = receipt_app_find(&app, args[i], &ids[n++], &err);
    }
    int preview = !ro->print && !ro->final;
    if (rc == 0)
        path = ro->out ? xstrdup(ro->out)
                       : receipt_app_default_path(&app, ids, n, commune, preview, &err);
    if (rc == 0 && !path)
        rc = ERR_IO;
    if (rc == 0) {
        char *printer = NULL;
        if (ro->print && !ro->printer)
            rc = settings_app_get(&app, "printer", &printer, &err);
        struct receipt_app_out out = {.path = path,
                                      .force = ro->force,
                                      .print = ro->print,
                                      .final = ro->final,
                                      .printer = ro->printer ? ro->printer : printer};
        if (rc == 0)
            rc = receipt_app_write(&app, ids, n, &out, &res, &err);
        job = out.job;
        free(printer);
    }
    if (rc == 0) {
        char *pages = xasprintf(ngettext("%zu receipt", "%zu receipts", res.pages), res.pages);
        if (res.preview)
            printf(_("%s written: %s, a preview marked BẢN XEM TRƯỚC (not the original: --print "
                     "or --final makes it)\n"),
                   path, pages);
        else if (res.copies)
            printf(_("%s written: %s (%zu reprinted, marked BẢN SAO)\n"), path, pages, res.copies);
        else
            printf(_("%s written: %s\n"), path, pages);
        free(pages);
        if (ro->print)
            printf(_("sent to the printer: job %d\n"), job);
    }
    free(path);
    free(ids);
    app_close(&app);
    return cli_finish(&err, rc);
}

/* capphat receipt unsigned [--returns]: the papers not signed back yet
 * (as_of: --as-of as an ISO date, or NULL). */
static int receipt_unsigned(const struct cli_ctx *ctx, const struct receipt_opts *ro,
                            const char *as_of)
{
    struct error err = ERROR_INIT;
    struct app app;
    int rc;

    long long district = 0, commune = 0;
    struct strbuf line = STRBUF_INIT;
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (ro->district)
        rc = app_find_district(&app, ro->district, &district, &err);
    if (rc == 0 && ro->commune)
        rc = app_find_commune(&app, district, ro->commune, as_of, &commune, &err);
    if (rc == 0) {
        printf("receipt\tdate\tperson_id\tname\timei\n");
        /* the return records not signed back instead, dated by the return */
        rc = ro->returns
                 ? handover_store_each_unsigned_return(app.db, commune, print_unsigned_return,
                                                       &line, &err)
                 : handover_store_each_open(app.db, commune, 1, print_unsigned, &line, &err);
    }
    strbuf_release(&line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_receipt(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "receipt", NULL,
        N_("Write handover receipts and return records as PDF (a reprint is marked as a copy) and "
           "print them; mark the papers as signed and returned, or list those not yet signed."),
        /* four forms: the receipts of ids or of a commune, signed, unsigned */
        "capphat receipt ID|NUMBER... [-o FILE.pdf] [--force] [--print [--printer NAME] | "
        "--final | --preview]\n"
        "       capphat receipt --commune NAME [--district NAME] [--as-of DATE] [-o FILE.pdf] "
        "[--force] [--print [--printer NAME] | --final | --preview]\n"
        "       capphat receipt signed NUMBER... [--archive REF] [--date DATE]\n"
        "       capphat receipt unsigned [--returns] [--district NAME] [--commune NAME] [--as-of "
        "DATE]"};
    struct receipt_opts ro = {0};
    struct cli_option opts[] = {
        OPT_STRING("--archive", &ro.archive, "REF",
                   N_("with signed: archive reference of the paper")),
        OPT_STRING("--date", &ro.date, "DATE",
                   N_("with signed: date the paper came back (default today)")),
        OPT_STRING("--district", &ro.district, "NAME",
                   N_("with --commune or unsigned: district of the commune")),
        OPT_STRING("--commune", &ro.commune, "NAME",
                   N_("receipts of every open handover of the commune; with unsigned: only this "
                      "commune")),
        OPT_STRING("-o", &ro.out, "FILE.pdf",
                   N_("the PDF to write (a page per receipt, on the paper of the setting "
                      "paper_size: A4, A5 or Letter)")),
        OPT_FLAG("--print", &ro.print,
                 N_("send the PDF to the printer (CUPS), as many copies as the receipt's "
                    "originals: the original")),
        OPT_FLAG("--final", &ro.final,
                 N_("without --print: the PDF is the original, to print elsewhere (without "
                    "either: a preview marked BẢN XEM TRƯỚC)")),
        OPT_FLAG("--preview", &ro.preview,
                 N_("a preview marked BẢN XEM TRƯỚC, which is not the original (the default "
                    "without --print or --final)")),
        OPT_STRING("--printer", &ro.printer, "NAME",
                   N_("with --print: this printer, not the default one")),
        OPT_FLAG("--force", &ro.force, N_("replace the file named by -o if it exists")),
        OPT_FLAG("--returns", &ro.returns,
                 N_("with unsigned: the return records not yet signed, instead of the receipts")),
        OPT_STRING("--as-of", &ro.as_of, "DATE",
                   N_("with --commune: the date the commune is named on (a new commune includes "
                      "the communes it absorbed)")),
        OPT_END(),
    };
    char as_of[11];
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (ro.as_of && !ro.commune)
        return cli_usage_error("receipt", _("--as-of goes with --commune"));
    if (ro.as_of && (rc = date_parse(ro.as_of, "--as-of", as_of, &err)) != 0)
        return cli_finish(&err, rc);
    if (!(argc >= 1 && (strcmp(argv[0], "signed") == 0 || strcmp(argv[0], "unsigned") == 0))) {
        if (ro.returns)
            return cli_usage_error("receipt", _("--returns goes with unsigned"));
        return receipt_write(ctx, &ro, ro.as_of ? as_of : NULL, argv, argc);
    }
    if (ro.returns && strcmp(argv[0], "unsigned") != 0)
        return cli_usage_error("receipt", _("--returns goes with unsigned"));
    if (ro.out || ro.print || ro.printer || ro.force)
        return cli_usage_error("receipt",
                               _("-o, --print, --printer and --force are for writing receipts"));
    if (argc >= 2 && strcmp(argv[0], "signed") == 0) {
        if ((rc = cli_open(ctx, &app, 0)) != 0)
            return rc;
        /* every paper of the pile: one that cannot be marked is named,
         * the others are marked all the same */
        int failed = 0;
        for (int i = 1; i < argc; i++) {
            long long id = 0;
            rc = receipt_app_find(&app, argv[i], &id, &err);
            if (rc == 0 && id < 0)
                rc = handover_app_mark_return_signed(&app, -id, ro.archive, ro.date, &err);
            else if (rc == 0)
                rc = handover_app_mark_signed(&app, id, ro.archive, ro.date, &err);
            if (rc == 0)
                cli_line(_("%s signed"), argv[i]);
            else
                failed = cli_fail(&err);
            error_clear(&err);
        }
        app_close(&app);
        return failed;
    }
    if (argc == 1 && strcmp(argv[0], "unsigned") == 0)
        return receipt_unsigned(ctx, &ro, ro.as_of ? as_of : NULL);
    return cli_usage_error("receipt", _("use 'receipt signed NUMBER...' or 'receipt unsigned'"));
}

/* capphat device add|list|show|status: the registry of devices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "app/handover_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/imei.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "io/csv_writer.h"
#include "store/audit_store.h"
#include "store/device_store.h"
#include "store/handover_store.h"

static int device_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "device add", NULL, N_("Register a device in stock; prints the new id."), NULL};
    struct device_input in = {0};
    const char *round = NULL;
    const struct cli_option round_opt =
        OPT_STRING("--round", &round, "ID", N_("round the device belongs to"));
    struct cli_options opts = CLI_OPTIONS_INIT;
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    cli_options_add_fields(&opts, &device_kind, &in, 1);
    cli_options_add_one(&opts, &round_opt);
    rc = cli_begin(&cmd, cli_options_table(&opts), &argc, argv);
    cli_options_release(&opts);
    if (rc >= 0)
        return rc;
    if (argc)
        return cli_usage_error("device add", _("device add takes options only"));
    if (!in.imei)
        return cli_usage_error("device add", _("--imei is required"));
    if (!in.model)
        return cli_usage_error("device add", _("--model is required"));
    if (round && (rc = cli_parse_id(round, _("round"), &in.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = device_app_register(&app, &in, &id, &err);
    if (rc == ERR_INVALID && err.field && strcmp(err.field, "round") == 0 && !in.round_id)
        /* the option that gives it */
        error_set(&err, rc,
                  _("--round is required once rounds exist: a phone belongs to one "
                    "(see 'capphat round list')"));
    if (rc == 0)
        printf("%lld\n", id);
    app_close(&app);
    return cli_finish(&err, rc);
}

struct list_state {
    enum csv_flavour fl;
    struct strbuf line;
    int header_done; /* the header goes out with the first row, so that a
                        list that fails prints nothing on stdout */
};

static const char *const list_header[] = {"id",    "imei",  "imei2",     "model",       "status",
                                          "price", "round", "holder_id", "holder_name", "receipt"};

static void list_header_once(struct list_state *ls)
{
    if (ls->header_done)
        return;
    ls->header_done = 1;
    cli_record(&ls->line, list_header, 10, ls->fl);
}

static int print_device_row(const struct device *d, void *arg)
{
    struct list_state *ls = arg;
    char id[24], price[24], holder[24];

    list_header_once(ls);
    snprintf(id, sizeof(id), "%lld", d->id);
    if (d->price >= 0)
        snprintf(price, sizeof(price), "%lld", d->price);
    else
        price[0] = '\0';
    if (d->holder_id)
        snprintf(holder, sizeof(holder), "%lld", d->holder_id);
    else
        holder[0] = '\0';
    const char *f[] = {id,
                       d->imei,
                       d->imei2 ? d->imei2 : "",
                       d->model,
                       d->status,
                       price,
                       d->round_name ? d->round_name : "",
                       holder,
                       d->holder_name ? d->holder_name : "",
                       d->receipt_no ? d->receipt_no : ""};
    cli_record(&ls->line, f, 10, ls->fl);
    return 0;
}

static int device_list(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {"device list", NULL,
                                           N_("List devices with their status and holder."), NULL};
    const char *status = NULL, *round = NULL, *format = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--status", &status, "STATUS",
                   N_("in_stock, handed_over, repair, lost or written_off")),
        OPT_STRING("--round", &round, "ID", N_("only devices of this round")),
        OPT_STRING("--format", &format, "tsv|csv", N_("output format (default tsv)")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct device_query q = {.sort = 3};
    struct list_state ls = {CSV_TSV, STRBUF_INIT, 0};

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("device list", _("device list takes options only"));
    if (status && !device_status_valid(status))
        return cli_usage_error(
            "device list",
            _("status '%s' must be in_stock, handed_over, repair, lost or written_off"), status);
    if (format && strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0)
        return cli_usage_error("device list", _("format '%s' must be tsv or csv"), format);
    ls.fl = format && strcmp(format, "csv") == 0 ? CSV_PLAIN : CSV_TSV;
    q.status = status;
    if (round && (rc = cli_parse_id(round, _("round"), &q.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = device_store_each(app.db, &q, print_device_row, &ls, &err);
    if (rc == 0)
        list_header_once(&ls); /* an empty list still has its header */
    strbuf_release(&ls.line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

static int print_handover(const struct handover *h, void *arg)
{
    char d1[11], d2[11];
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "  %s  %s %-12s  -> %s (%s %lld)", date_display(h->handed_on, d1),
                _("receipt"), h->receipt_no, h->person_name, _("person"), h->person_id);
    if (h->signed_on)
        strbuf_addf(&sb, _("  signed %s"), date_display(h->signed_on, d2));
    cli_line("%s", sb.buf);
    cli_return_line(h);
    strbuf_release(&sb);
    return 0;
}

static int device_show(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {"device show", "IMEI",
                                           N_("Show a device with its whole history."), NULL};
    struct cli_option opts[] = {OPT_END()};
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct device d;
    char imei[IMEI_LEN + 1];

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1)
        return cli_usage_error("device show", _("device show needs one IMEI"));
    if ((rc = imei_parse(argv[0], _("imei"), imei, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = device_store_get_by_imei(app.db, imei, &d, &err);
    if (rc == 0) {
        char *price = d.price >= 0 ? money_format(d.price, 1) : NULL;
        char dd[11], wd[11];
        printf(_("Device %lld\n"), d.id);
        cli_field("IMEI:", d.imei);
        cli_field("IMEI 2:", d.imei2);
        cli_field(_("Model:"), d.model);
        cli_field(_("Status:"), device_status_label(d.status));
        if (d.holder_name) {
            struct strbuf h = STRBUF_INIT;
            strbuf_addf(&h, "%s (%s %lld, %s %s)", d.holder_name, _("person"), d.holder_id,
                        _("receipt"), d.receipt_no);
            cli_field(_("Held by:"), h.buf);
            strbuf_release(&h);
        }
        cli_field(_("Serial:"), d.serial);
        cli_field(_("Price:"), price);
        cli_field(_("Round:"), d.round_name);
        cli_field(_("Supplier:"), d.supplier);
        cli_field(_("Contract:"), d.contract);
        cli_field(_("Delivered:"), d.delivered_on ? date_display(d.delivered_on, dd) : NULL);
        cli_field(_("Warranty until:"),
                  d.warranty_until ? date_display(d.warranty_until, wd) : NULL);
        cli_field(_("Note:"), d.note);
        printf("%s\n", _("Handovers:"));
        rc = handover_store_each(app.db, 0, d.id, print_handover, NULL, &err);
        printf("%s\n", _("Audit log:"));
        if (rc >= 0)
            rc = audit_store_each_for(app.db, "device", d.id, cli_print_audit, NULL, &err);
        free(price);
        device_release(&d);
    }
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

static int device_status(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "device status", "IMEI repair|lost|written_off|in_stock",
        N_("Change the status of a device that is not handed over."), NULL};
    const char *note = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--note", &note, "TEXT", N_("note, e.g. the repair shop")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 2)
        return cli_usage_error("device status", _("device status needs an IMEI and a status"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = device_app_set_status(&app, argv[0], argv[1], note, &err);
    if (rc == 0)
        printf(_("%s: %s\n"), argv[0], device_status_label(argv[1]));
    app_close(&app);
    return cli_finish(&err, rc);
}

int cmd_device(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_subcommand subs[] = {
        {"add", device_add, N_("register a device by IMEI; prints the new id")},
        {"list", device_list, N_("list devices (tsv or csv)")},
        {"show", device_show, N_("a device with its history")},
        {"status", device_status, N_("send to repair, report lost, write off, back in stock")},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(ctx, "device", subs, argc, argv);
}

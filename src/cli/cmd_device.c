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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--imei", 1, "IMEI", N_("15-digit IMEI (spaces and dashes allowed)")},
        {"--imei2", 1, "IMEI", N_("second IMEI of a dual-SIM phone")},
        {"--model", 1, "TEXT", N_("model, e.g. Samsung Galaxy A05")},
        {"--price", 1, "VND", N_("unit price in đồng")},
        {"--round", 1, "ID", N_("round the device belongs to")},
        {"--serial", 1, "TEXT", N_("serial number")},
        {"--supplier", 1, "TEXT", N_("supplier")},
        {"--contract", 1, "TEXT", N_("contract number")},
        {"--delivered", 1, "DATE", N_("delivery date")},
        {"--warranty", 1, "DATE", N_("end of warranty")},
        {"--note", 1, "TEXT", N_("note")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[13];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct device_input in = {0};
    long long id;

    if ((rc = cli_legacy_begin(
             "device add",
             "capphat device add --imei IMEI [--imei2 IMEI] --model TEXT [--price VND] "
             "[--round ID]",
             N_("Register a device in stock; prints the new id."), opts, argc, argv, v, NULL, &pos,
             &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("device add", _("device add takes options only"));
    if (!v[1])
        return cli_usage_error("device add", _("--imei is required"));
    if (!v[3])
        return cli_usage_error("device add", _("--model is required"));
    in.imei = v[1];
    in.imei2 = v[2];
    in.model = v[3];
    in.price = v[4];
    in.serial = v[6];
    in.supplier = v[7];
    in.contract = v[8];
    in.delivered_on = v[9];
    in.warranty_until = v[10];
    in.note = v[11];
    if (v[5] && (rc = cli_parse_id(v[5], _("round"), &in.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = device_app_add(&app, &in, &id, &err);
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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--status", 1, "STATUS", N_("in_stock, handed_over, repair, lost or written_off")},
        {"--round", 1, "ID", N_("only devices of this round")},
        {"--format", 1, "tsv|csv", N_("output format (default tsv)")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[5];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct device_query q = {.sort = 3};
    struct list_state ls = {CSV_TSV, STRBUF_INIT, 0};

    if ((rc = cli_legacy_begin(
             "device list", "capphat device list [--status STATUS] [--round ID] [--format tsv|csv]",
             N_("List devices with their status and holder."), opts, argc, argv, v, NULL, &pos,
             &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("device list", _("device list takes options only"));
    if (v[1] && !device_status_valid(v[1]))
        return cli_usage_error(
            "device list",
            _("status '%s' must be in_stock, handed_over, repair, lost or written_off"), v[1]);
    if (v[3] && strcmp(v[3], "tsv") != 0 && strcmp(v[3], "csv") != 0)
        return cli_usage_error("device list", _("format '%s' must be tsv or csv"), v[3]);
    ls.fl = v[3] && strcmp(v[3], "csv") == 0 ? CSV_PLAIN : CSV_TSV;
    q.status = v[1];
    if (v[2] && (rc = cli_parse_id(v[2], _("round"), &q.round_id, &err)) != 0)
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
    if (h->returned_on) {
        strbuf_reset(&sb);
        strbuf_addf(&sb, _("    returned %s: %s"), date_display(h->returned_on, d1),
                    handover_reason_label(h->return_reason));
        if (h->return_decision)
            strbuf_addf(&sb, _(", decision %s"), h->return_decision);
        cli_line("%s", sb.buf);
    }
    strbuf_release(&sb);
    return 0;
}

static int device_show(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[2];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct device d;
    char imei[IMEI_LEN + 1];

    if ((rc = cli_legacy_begin("device show", "capphat device show IMEI",
                               N_("Show a device with its whole history."), opts, argc, argv, v,
                               NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 1) {
        free(pos);
        return cli_usage_error("device show", _("device show needs one IMEI"));
    }
    rc = imei_parse(pos[0], _("imei"), imei, &err);
    free(pos);
    if (rc)
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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--note", 1, "TEXT", N_("note, e.g. the repair shop")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[3];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin("device status",
                               "capphat device status IMEI repair|lost|written_off|in_stock",
                               N_("Change the status of a device that is not handed over."), opts,
                               argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 2) {
        free(pos);
        return cli_usage_error("device status", _("device status needs an IMEI and a status"));
    }
    if ((rc = cli_open(ctx, &app, 0)) == 0) {
        rc = device_app_set_status(&app, pos[0], pos[1], v[1], &err);
        if (rc == 0)
            printf(_("%s: %s\n"), pos[0], device_status_label(pos[1]));
        app_close(&app);
        rc = cli_finish(&err, rc);
    }
    free(pos);
    return rc;
}

int cmd_device(const struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
        printf("%s", _("usage: capphat device add|list|show|status ...\n"
                       "  add     register a device by IMEI; prints the new id\n"
                       "  list    list devices (tsv or csv)\n"
                       "  show    a device with its history\n"
                       "  status  send to repair, report lost, write off, back in stock\n"));
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "add"))
        return device_add(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "list"))
        return device_list(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "show"))
        return device_show(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "status"))
        return device_status(ctx, argc - 1, argv + 1);
    return cli_usage_error("device", _("unknown subcommand '%s'"), argv[0]);
}

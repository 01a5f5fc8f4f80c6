/* capphat round add|list: rounds (campaigns) of handing out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/device_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/money.h"
#include "store/device_store.h"

static int print_round(const struct round *r, void *arg)
{
    char *budget = r->budget >= 0 ? money_format(r->budget, 0) : NULL;
    char id[24], year[12];
    snprintf(id, sizeof(id), "%lld", r->id);
    snprintf(year, sizeof(year), "%d", r->year);
    const char *f[] = {id,
                       r->name,
                       year,
                       r->funding ? r->funding : "",
                       r->decision ? r->decision : "",
                       budget ? budget : ""};
    cli_record(arg, f, 6, CSV_TSV);
    free(budget);
    return 0;
}

int cmd_round(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--name", 1, "TEXT", N_("name of the round")},
        {"--year", 1, "YYYY", N_("year")},
        {"--funding", 1, "TEXT", N_("funding source")},
        {"--decision", 1, "TEXT", N_("decision number")},
        {"--budget", 1, "VND", N_("budget in đồng")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[7];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin(
             "round",
             "capphat round add --name TEXT [--year YYYY] [--funding TEXT] "
             "[--decision TEXT] [--budget VND]\n       capphat round list",
             N_("Rounds group devices and handovers: a named round with year, funding "
                "source, decision number and budget."),
             opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    if (npos != 1 || (strcmp(pos[0], "add") != 0 && strcmp(pos[0], "list") != 0)) {
        free(pos);
        return cli_usage_error("round", _("round needs 'add' or 'list'"));
    }
    int add = strcmp(pos[0], "add") == 0;
    free(pos);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (add) {
        struct round_input in = {v[1], v[2], v[3], v[4], v[5]};
        long long id;
        rc = round_app_add(&app, &in, &id, &err);
        if (rc == 0)
            printf("%lld\n", id);
    } else {
        struct strbuf line = STRBUF_INIT;
        printf("id\tname\tyear\tfunding\tdecision\tbudget\n");
        rc = round_store_each(app.db, print_round, &line, &err);
        strbuf_release(&line);
    }
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

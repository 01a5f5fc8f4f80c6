/* capphat round add|list: rounds (campaigns) of handing out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/round_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/money.h"
#include "store/round_store.h"

static int print_round(const struct round *r, void *arg)
{
    char *budget = r->budget >= 0 ? money_format(r->budget, 0) : NULL;
    char id[24], year[12], date[11] = "";
    snprintf(id, sizeof(id), "%lld", r->id);
    snprintf(year, sizeof(year), "%d", r->year);
    const char *f[] = {id,
                       r->name,
                       year,
                       r->funding ? r->funding : "",
                       r->decision ? r->decision : "",
                       budget ? budget : "",
                       r->decision_date ? date_display(r->decision_date, date) : ""};
    cli_record(arg, f, 7, CSV_TSV);
    free(budget);
    return 0;
}

static int round_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "round add", NULL,
        N_("Rounds group devices and handovers: a named round with year, funding source, decision "
           "number and budget."),
        NULL};
    struct round_input in = {0};
    struct cli_options opts = CLI_OPTIONS_INIT;
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    /* an option per field of the round's table */
    cli_options_add_fields(&opts, &round_kind, &in, 1);
    rc = cli_begin(&cmd, cli_options_table(&opts), &argc, argv);
    cli_options_release(&opts);
    if (rc >= 0)
        return rc;
    if (argc)
        return cli_usage_error("round add", _("round add takes options only"));
    /* without --name, the app names what is missing ("round name is required") */
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = round_app_add(&app, &in, &id, &err);
    if (rc == 0)
        printf("%lld\n", id);
    app_close(&app);
    return cli_finish(&err, rc);
}

static int round_list(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {"round list", NULL,
                                           N_("List the rounds: id, name, year, funding source, "
                                              "decision number, budget and decision date."),
                                           NULL};
    struct cli_option opts[] = {OPT_END()};
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct strbuf line = STRBUF_INIT;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("round list", _("round list takes no arguments"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    printf("id\tname\tyear\tfunding\tdecision\tbudget\tdecision_date\n");
    rc = round_store_each(app.db, print_round, &line, &err);
    strbuf_release(&line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_round(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_subcommand subs[] = {
        {"add", round_add, N_("add a round; prints its id")},
        {"list", round_list, N_("list the rounds")},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(ctx, "round", subs, argc, argv);
}

/* capphat operator add|list: the operators of a register on a PostgreSQL
 * server, each limited by the server to its communes. */
#include <stdio.h>
#include <stdlib.h>

#include "app/operator_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/operator_store.h"

static int operator_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "operator add", "LOGIN",
        N_("Make LOGIN a role of the PostgreSQL server that holds the register: with --commune "
           "(given once per commune) the server lets it read and change only the persons, "
           "handovers, devices and training sessions of those communes, also through psql; with "
           "--province, everything. Its password is set by the server's administrator "
           "(\\password in psql). The register's audit log names the role in each entry it "
           "writes."),
        NULL};
    struct cli_list communes = CLI_LIST_INIT;
    const char *district = NULL, *as_of = NULL;
    int province = 0;
    struct cli_option opts[] = {
        OPT_LIST("--commune", &communes, "NAME", N_("a commune of the operator (repeatable)")),
        OPT_STRING("--district", &district, "NAME", N_("the district of the communes named")),
        OPT_STRING("--as-of", &as_of, "DATE", N_("the date the communes are named on")),
        OPT_FLAG("--province", &province, N_("the province's operator: every commune")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc != 1) {
        cli_list_release(&communes);
        return cli_usage_error("operator add", _("operator add needs the login"));
    }
    if ((rc = cli_open(ctx, &app, 0)) != 0) {
        cli_list_release(&communes);
        return rc;
    }
    long long district_id = 0, *units = xcalloc(communes.n + 1, sizeof(*units));
    if (district)
        rc = app_find_district(&app, district, &district_id, &err);
    for (size_t i = 0; rc == 0 && i < communes.n; i++)
        rc = app_find_commune(&app, district_id, communes.items[i], as_of, &units[i], &err);
    if (rc == 0)
        rc = operator_app_add(&app, argv[0], province, units, communes.n, &err);
    if (rc == 0)
        printf(_("operator %s added\n"), argv[0]);
    free(units);
    cli_list_release(&communes);
    app_close(&app);
    return cli_finish(&err, rc);
}

static int print_operator(const char *login, const char *kind, long long unit_id, const char *unit,
                          void *arg)
{
    char id[24] = "";
    if (unit_id)
        snprintf(id, sizeof(id), "%lld", unit_id);
    const char *f[] = {login, kind, id, unit};
    cli_record(arg, f, 4, CSV_TSV);
    return 0;
}

static int operator_list(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "operator list", NULL,
        N_("List the operators of a register on a server: login, province or commune, and each "
           "commune's id and name."),
        NULL};
    struct cli_option opts[] = {OPT_END()};
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct strbuf line = STRBUF_INIT;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("operator list", _("operator list takes no arguments"));
    if ((rc = cli_open(ctx, &app, DB_OPEN_READONLY)) != 0)
        return rc;
    printf("login\tkind\tcommune_id\tcommune\n");
    rc = operator_store_each(app.db, print_operator, &line, &err);
    strbuf_release(&line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_operator(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_subcommand subs[] = {
        {"add", operator_add, N_("make a role of the server an operator of some communes")},
        {"list", operator_list, N_("list the operators and their communes")},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(ctx, "operator", subs, argc, argv);
}

/* capphat demo: fill a database with a realistic synthetic data set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/demo_app.h"
#include "cli/cli.h"
#include "core/i18n.h"
#include "store/db.h"
#include "store/person_search.h"
#include "store/round_store.h"

static void show_progress(const char *what, long long done, long long total, void *arg)
{
    if (isatty(2))
        fprintf(stderr, "\r%s: %lld / %lld%s", _(what), done, total, done == total ? "\n" : "");
}

static int count_round(const struct round *r, void *arg)
{
    (*(long long *)arg)++;
    return 0;
}

static int parse_count(const char *s, const char *field, long long *out, struct error *err)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s || v < 0 || v > 10000000)
        return error_set(err, ERR_INVALID, _("%s '%s' must be a number from 0 to 10000000"), field,
                         error_quote(s));
    *out = v;
    return 0;
}

int cmd_demo(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "demo", NULL,
        N_("Fill a new database with synthetic rounds: persons in the real communes of Bắc Kạn, "
           "phones with valid IMEIs, handovers, returns and training — a round of 2023 handed "
           "out in 2024, and a round of 2025 handed out after the reorganisation of 1 July 2025 "
           "to people of the communes of Thái Nguyên. Only into a new, empty database."),
        NULL};
    const char *persons = NULL, *devices = NULL, *seed_opt = NULL, *handovers = NULL,
               *sessions = NULL, *attendees = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--persons", &persons, "N", N_("number of persons (default 375)")),
        OPT_STRING("--devices", &devices, "N", N_("number of devices (default persons + 5%)")),
        OPT_STRING("--seed", &seed_opt, "S", N_("random seed: the same seed gives the same data")),
        OPT_STRING("--handovers", &handovers, "N",
                   /* xgettext:no-c-format ("90% of" is not a conversion) */
                   N_("number of handovers (default 90% of persons)")),
        OPT_STRING("--sessions", &sessions, "N", N_("training sessions (default persons / 30)")),
        OPT_STRING("--attendees", &attendees, "N", N_("attendees per session (default 30)")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct demo_options o = {.handovers = -1, .sessions = -1, .seed = 1};
    long long seed = 1;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("demo", _("demo takes options only"));
    if ((persons && (rc = parse_count(persons, _("persons"), &o.persons, &err))) ||
        (devices && (rc = parse_count(devices, _("devices"), &o.devices, &err))) ||
        (seed_opt && (rc = parse_count(seed_opt, _("seed"), &seed, &err))) ||
        (handovers && (rc = parse_count(handovers, _("handovers"), &o.handovers, &err))) ||
        (sessions && (rc = parse_count(sessions, _("sessions"), &o.sessions, &err))) ||
        (attendees && (rc = parse_count(attendees, _("attendees"), &o.attendees, &err))))
        return cli_finish(&err, rc);
    o.seed = (unsigned long long)seed;
    o.progress = show_progress;
    if ((rc = cli_open(ctx, &app, DB_OPEN_CREATE)) != 0)
        return rc;
    struct person_query q = {.active = -1};
    rc = demo_app_fill(&app, &o, &err);
    if (rc == 0) {
        long long n = 0;
        person_search_count(app.db, &q, &n, NULL);
        printf(_("demo data written to %s: %lld persons\n"), ctx->db_path, n);
        long long rounds = 0;
        round_store_each(app.db, count_round, &rounds, NULL);
        if (rounds > 1)
            printf("%s", _("Two rounds, on either side of the reorganisation of 1 July 2025:\n"
                           "  2023: handed out in early 2024 in the communes and districts of Bắc "
                           "Kạn; its receipts bear those addresses;\n"
                           "  2025: handed out in autumn 2025 to people registered in the communes "
                           "of Thái Nguyên, which have no district.\n"
                           "Some names are those of a commune of each period: 'person list "
                           "--commune \"Bằng Thành\"' asks for a district\n"
                           "or --as-of DATE; 'export summary' counts by the communes of today, "
                           "--by-old-district as before.\n"));
    }
    app_close(&app);
    return cli_finish(&err, rc);
}

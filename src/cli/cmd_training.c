/* capphat training add|attend|list|show: training sessions and attendance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/training_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/person_store.h"
#include "store/training_store.h"

static int training_add(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {"training add", NULL,
                                           N_("Record a training session; prints its id."), NULL};
    struct training_input in = {0};
    const char *round = NULL;
    const struct cli_option round_opt = OPT_STRING("--round", &round, "ID", N_("round"));
    struct cli_options opts = CLI_OPTIONS_INIT;
    const struct cli_option *missing;
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long id;

    cli_options_add_fields(&opts, &session_kind, &in, 1);
    cli_options_add_one(&opts, &round_opt);
    rc = cli_begin(&cmd, cli_options_table(&opts), &argc, argv);
    /* its name is the field table's: it outlives opts */
    const char *missing_name =
        (missing = cli_first_missing(cli_options_table(&opts))) != NULL ? missing->name : NULL;
    cli_options_release(&opts);
    if (rc >= 0)
        return rc;
    if (argc)
        return cli_usage_error("training add", _("training add takes options only"));
    if (missing_name)
        return cli_usage_error("training add", _("%s is required"), missing_name);
    if (round && (rc = cli_parse_id(round, _("round"), &in.round_id, &err)) != 0)
        return cli_finish(&err, rc);
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    rc = training_app_add(&app, &in, &id, &err);
    if (rc == 0)
        printf("%lld\n", id);
    app_close(&app);
    return cli_finish(&err, rc);
}

static int training_attend(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {"training attend", NULL,
                                           N_("Mark persons as having attended a session."), NULL};
    const char *session_opt = NULL;
    struct cli_list persons = CLI_LIST_INIT;
    int remove = 0;
    struct cli_option opts[] = {
        OPT_STRING_F("--session", &session_opt, "ID", N_("the session"), CLI_REQUIRED),
        OPT_LIST_F("--person", &persons, "ID...",
                   N_("persons who attended (several ids may follow)"), CLI_REQUIRED),
        OPT_FLAG("--remove", &remove, N_("take the persons off the list instead")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long session;
    long long *ids = NULL;
    size_t n = 0, added = 0;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (cli_first_missing(opts)) {
        cli_list_release(&persons);
        return cli_usage_error("training attend", _("--session and --person are required"));
    }
    rc = cli_parse_id(session_opt, _("session"), &session, &err);
    /* ids after --person: "--person 3 4 5" */
    ids = xcalloc(persons.n + (size_t)argc, sizeof(*ids));
    for (size_t i = 0; rc == 0 && i < persons.n; i++)
        rc = cli_parse_id(persons.items[i], _("person"), &ids[n++], &err);
    for (int i = 0; rc == 0 && i < argc; i++)
        rc = cli_parse_id(argv[i], _("person"), &ids[n++], &err);
    cli_list_release(&persons);
    /* an id typed twice is one person: count it once in the summary */
    size_t uniq = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < uniq && ids[j] != ids[i])
            j++;
        if (j == uniq)
            ids[uniq++] = ids[i];
    }
    n = uniq;
    if (rc) {
        free(ids);
        return cli_finish(&err, rc);
    }
    if ((rc = cli_open(ctx, &app, 0)) != 0) {
        free(ids);
        return rc;
    }
    if (remove) {
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = training_app_unattend(&app, session, ids[i], &err);
        if (rc == 0)
            printf(_("%zu removed from session %lld\n"), n, session);
    } else {
        rc = training_app_attend(&app, session, ids, n, &added, &err);
        if (rc == 0)
            printf(_("%zu added to session %lld (%zu already on the list)\n"), added, session,
                   n - added);
    }
    free(ids);
    app_close(&app);
    return cli_finish(&err, rc);
}

struct list_state {
    struct app *app;
    struct strbuf line;
};

static int print_session(const struct training_session *s, void *arg)
{
    struct list_state *ls = arg;
    char id[24], d[11], n[24];
    snprintf(id, sizeof(id), "%lld", s->id);
    snprintf(n, sizeof(n), "%lld", s->attendees);
    const char *f[] = {id,       date_display(s->held_on, d),  s->place, s->trainer,
                       s->topic, s->commune ? s->commune : "", n};
    cli_record(&ls->line, f, 7, CSV_TSV);
    return 0;
}

static int print_attendee(long long person_id, void *arg)
{
    struct list_state *ls = arg;
    struct person p;
    if (person_store_get(ls->app->db, person_id, &p, NULL) == 0) {
        char id[24];
        snprintf(id, sizeof(id), "%lld", p.id);
        const char *f[] = {id, p.full_name, p.village ? p.village : "", p.commune};
        cli_record(&ls->line, f, 4, CSV_TSV);
        person_release(&p);
    }
    return 0;
}

static int training_list(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "training list", NULL, N_("List sessions (newest first), or one session's attendees."),
        NULL};
    const char *session = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--session", &session, "ID", N_("list the attendees of this session instead")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc)
        return cli_usage_error("training list", _("training list takes options only"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    struct list_state ls = {&app, STRBUF_INIT};
    if (session) {
        long long sid;
        struct training_session s;
        if ((rc = cli_parse_id(session, _("session"), &sid, &err)) == 0 &&
            (rc = training_store_get(app.db, sid, &s, &err)) == 0) {
            training_session_release(&s);
            printf("id\tname\tvillage\tcommune\n");
            rc = attendance_store_each(app.db, sid, print_attendee, &ls, &err);
        }
    } else {
        printf("id\tdate\tplace\ttrainer\ttopic\tcommune\tattendees\n");
        rc = training_store_each(app.db, print_session, &ls, &err);
    }
    strbuf_release(&ls.line);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

int cmd_training(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_subcommand subs[] = {
        {"add", training_add, N_("record a session; prints its id")},
        {"attend", training_attend, N_("mark who attended a session")},
        {"list", training_list, N_("sessions, or the attendees of one")},
        {NULL, NULL, NULL},
    };

    return cli_dispatch(ctx, "training", subs, argc, argv);
}

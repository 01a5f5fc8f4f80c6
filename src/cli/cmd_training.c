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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--date", 1, "DATE", N_("date of the session")},
        {"--place", 1, "TEXT", N_("place")},
        {"--trainer", 1, "NAME", N_("trainer (technician)")},
        {"--topic", 1, "TEXT", N_("topic")},
        {"--district", 1, "NAME", N_("district of the commune")},
        {"--commune", 1, "NAME", N_("commune whose recipients are expected")},
        {"--round", 1, "ID", N_("round")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[9];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct training_input in = {0};
    long long id;

    if ((rc = cli_legacy_begin(
             "training add",
             "capphat training add --date D --place TEXT --trainer NAME --topic TEXT "
             "[--district NAME --commune NAME] [--round ID]",
             N_("Record a training session; prints its id."), opts, argc, argv, v, NULL, &pos,
             &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("training add", _("training add takes options only"));
    for (int i = 1; i <= 4; i++)
        if (!v[i])
            return cli_usage_error("training add", _("%s is required"), opts[i].name);
    in.date = v[1];
    in.place = v[2];
    in.trainer = v[3];
    in.topic = v[4];
    in.district = v[5];
    in.commune = v[6];
    if (v[7] && (rc = cli_parse_id(v[7], _("round"), &in.round_id, &err)) != 0)
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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--session", 1, "ID", N_("the session")},
        {"--person", 2, "ID...", N_("persons who attended (several ids may follow)")},
        {"--remove", 0, NULL, N_("take the persons off the list instead")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[5];
    const char **multi[5];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;
    long long session;
    long long *ids = NULL;
    size_t n = 0, added = 0;

    if ((rc =
             cli_legacy_begin("training attend",
                              "capphat training attend --session ID --person ID [ID...] [--remove]",
                              N_("Mark persons as having attended a session."), opts, argc, argv, v,
                              multi, &pos, &npos)) >= 0)
        return rc;
    if (!v[1] || !v[2]) {
        cli_legacy_end(opts, multi, pos);
        return cli_usage_error("training attend", _("--session and --person are required"));
    }
    rc = cli_parse_id(v[1], _("session"), &session, &err);
    ids = xcalloc((size_t)npos + 16, sizeof(*ids));
    for (size_t i = 0; rc == 0 && multi[2] && multi[2][i]; i++)
        rc = cli_parse_id(multi[2][i], _("person"), &ids[n++], &err);
    /* ids after --person: "--person 3 4 5" */
    for (int i = 0; rc == 0 && i < npos; i++) {
        ids = xrealloc(ids, (n + 1) * sizeof(*ids));
        rc = cli_parse_id(pos[i], _("person"), &ids[n++], &err);
    }
    int remove = v[3] != NULL;
    cli_legacy_end(opts, multi, pos);
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
    static const struct cli_legacy_option opts[] = {
        {"--help", 0, NULL, N_("show this help")},
        {"--session", 1, "ID", N_("list the attendees of this session instead")},
        {NULL, 0, NULL, NULL},
    };
    const char *v[3];
    const char **pos;
    int npos, rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_legacy_begin("training list", "capphat training list [--session ID]",
                               N_("List sessions (newest first), or one session's attendees."),
                               opts, argc, argv, v, NULL, &pos, &npos)) >= 0)
        return rc;
    free(pos);
    if (npos)
        return cli_usage_error("training list", _("training list takes options only"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    struct list_state ls = {&app, STRBUF_INIT};
    if (v[1]) {
        long long sid;
        struct training_session s;
        if ((rc = cli_parse_id(v[1], _("session"), &sid, &err)) == 0 &&
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
    if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
        printf("%s", _("usage: capphat training add|attend|list ...\n"
                       "  add     record a session; prints its id\n"
                       "  attend  mark who attended a session\n"
                       "  list    sessions, or the attendees of one\n"));
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "add"))
        return training_add(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "attend"))
        return training_attend(ctx, argc - 1, argv + 1);
    if (!strcmp(argv[0], "list"))
        return training_list(ctx, argc - 1, argv + 1);
    return cli_usage_error("training", _("unknown subcommand '%s'"), argv[0]);
}

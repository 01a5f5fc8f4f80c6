/* capphat settings [set KEY VALUE]: the office's settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings_app.h"
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/setting_store.h"

/* Prints a value of the header with its period once the next value's date is known. */
struct history {
    struct app *app;
    struct strbuf line;
    const char *key;
    char *from, *value; /* the value waiting for the date the next one begins */
};

/* Print the waiting value of h, which holds until the day before next
 * (NULL: the last one, open-ended), and forget it. */
static void print_period(struct history *h, const char *next)
{
    char a[11], b[11], until[11];
    struct strbuf period = STRBUF_INIT;

    if (h->value) {
        if (next && date_add_days(next, -1, until) == 0 && h->from)
            strbuf_addf(&period, _("%s to %s"), date_display(h->from, a), date_display(until, b));
        else if (next && date_add_days(next, -1, until) == 0)
            strbuf_addf(&period, _("until %s"), date_display(until, b));
        else if (h->from)
            strbuf_addf(&period, _("from %s"), date_display(h->from, a));
        else
            strbuf_addstr(&period, _("always"));
        const char *f[] = {h->key, period.buf, h->value};
        cli_record(&h->line, f, 3, CSV_TSV);
    }
    strbuf_release(&period);
    free(h->from);
    free(h->value);
    h->from = h->value = NULL;
}

static int keep_period(const char *from, const char *value, void *arg)
{
    struct history *h = arg;
    if (from)
        print_period(h, from);
    else
        print_period(h, NULL);
    h->from = from ? xstrdup(from) : NULL;
    h->value = xstrdup(value);
    return 0;
}

int cmd_settings(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "settings", "[set KEY VALUE]",
        N_("Show the settings used on receipts and lists (office, parent body, place, signers, "
           "receipt number format, language), the daily backups kept (backup_keep) and whether "
           "the full-screen program asks who is working at start (operator_prompt on or off), "
           "or change one. The office's header (office_name, parent_body, place_name) has a "
           "history: each document uses the value of its date, listed after the settings with "
           "the period of each value."),
        NULL};
    const char *from = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--from", &from, "DATE",
                   N_("with set: the value holds from this date on (office_name, parent_body, "
                      "place_name); documents dated earlier keep the one before")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (!(argc == 0 || (argc == 3 && strcmp(argv[0], "set") == 0)))
        return cli_usage_error("settings", _("use 'settings' or 'settings set KEY VALUE'"));
    if (from && argc != 3)
        return cli_usage_error("settings", _("--from goes with 'settings set KEY VALUE'"));
    if ((rc = cli_open(ctx, &app, 0)) != 0)
        return rc;
    if (argc == 3 && from) {
        rc = settings_app_set_from(&app, argv[1], argv[2], from, &err);
    } else if (argc == 3) {
        rc = settings_app_set(&app, argv[1], argv[2], &err);
    } else {
        struct history h = {&app, STRBUF_INIT, NULL, NULL, NULL};
        struct settings now;
        if ((rc = settings_app_read(&app, &now, &err)) == 0) {
            for (size_t i = 0; i < setting_kind.n_fields; i++) {
                const struct field *s = &setting_kind.fields[i];
                const char *f[] = {s->key, *(char **)((char *)&now + s->offset)};
                cli_record(&h.line, f, 2, CSV_TSV);
            }
            settings_release(&now);
        }
        /* each value of the header with its period: "office_name  until
         * 30/06/2025  BAN DÂN TỘC" */
        for (size_t i = 0; i < setting_kind.n_fields && rc == 0; i++) {
            const struct field *s = &setting_kind.fields[i];
            if (!(s->flags & FIELD_DATED))
                continue;
            h.key = s->key;
            rc = setting_each_period(app.db, s->key, keep_period, &h, &err);
            if (rc == 0)
                print_period(&h, NULL);
        }
        free(h.from);
        free(h.value);
        strbuf_release(&h.line);
    }
    app_close(&app);
    return cli_finish(&err, rc);
}

/*
 * capphat find persons|devices TEXT: the search of the full-screen program,
 * accent- and case-insensitive, substring, best matches first, as TSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/cccd.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "io/csv_writer.h"
#include "store/device_store.h"
#include "store/person_search.h"
#include "store/person_store.h"

static int print_person(const struct person *p, void *arg)
{
    struct strbuf *sb = arg;
    char id[24], by[12];
    char *masked = p->id_number ? cccd_mask(p->id_number) : NULL;
    snprintf(id, sizeof(id), "%lld", p->id);
    snprintf(by, sizeof(by), "%d", p->birth_year);
    const char *f[] = {id,
                       p->full_name,
                       p->birth_year ? by : "",
                       p->village ? p->village : "",
                       p->commune,
                       p->district ? p->district : "",
                       masked ? masked : "",
                       p->imei ? p->imei : ""};
    cli_record(sb, f, 8, CSV_TSV);
    free(masked);
    return 0;
}

static int print_device(const struct device *d, void *arg)
{
    struct strbuf *sb = arg;
    char id[24];
    snprintf(id, sizeof(id), "%lld", d->id);
    const char *f[] = {id,       d->imei,   d->imei2 ? d->imei2 : "",
                       d->model, d->status, d->holder_name ? d->holder_name : ""};
    cli_record(sb, f, 6, CSV_TSV);
    return 0;
}

int cmd_find(const struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_command cmd = {
        "find", "persons|devices TEXT",
        N_("Search persons or devices by words in any order and any part, ignoring accents and "
           "case, each found in the name, village, commune, phone, IMEI or whole citizen ID "
           "(devices: also the model; persons: four digits also as the year of birth): 'ma "
           "hoang ta' and 'ta ma' find Mã Hoàng Tạ, 'thuong 1980' Thương born in 1980."),
        NULL};
    const char *limit_opt = NULL;
    struct cli_option opts[] = {
        OPT_STRING("--limit", &limit_opt, "N", N_("at most N results (default 50)")),
        OPT_END(),
    };
    int rc;
    struct error err = ERROR_INIT;
    struct app app;
    struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
    long long limit = 50;

    if ((rc = cli_begin(&cmd, opts, &argc, argv)) >= 0)
        return rc;
    if (argc < 2 || (strcmp(argv[0], "persons") && strcmp(argv[0], "devices")))
        return cli_usage_error("find", _("find needs 'persons' or 'devices' and the text"));
    if (limit_opt && (rc = cli_parse_id(limit_opt, _("limit"), &limit, &err)) != 0)
        return cli_finish(&err, rc);
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            strbuf_addch(&text, ' ');
        strbuf_addstr(&text, argv[i]);
    }
    int persons = strcmp(argv[0], "persons") == 0;
    /* the rules of any stored text: UTF-8, no control characters, and a
     * bounded length (SQLite refuses LIKE patterns over 50,000 bytes) */
    char *clean = NULL;
    if ((rc = text_clean(text.buf, _("search text"), 0, 0, &clean, &err)) != 0) {
        strbuf_release(&text);
        return cli_finish(&err, rc);
    }
    char *fold = text_fold(clean);
    free(clean);
    strbuf_release(&text);
    if ((rc = cli_open(ctx, &app, 0)) != 0) {
        free(fold);
        return rc;
    }
    if (persons) {
        struct person_query q = {.search = fold, .active = -1, .limit = limit};
        printf("id\tname\tbirth_year\tvillage\tcommune\tdistrict\tcccd\timei\n");
        rc = person_search_each(app.db, &q, print_person, &sb, &err);
    } else {
        struct device_query q = {.search = fold, .limit = limit};
        printf("id\timei\timei2\tmodel\tstatus\tholder\n");
        rc = device_store_each(app.db, &q, print_device, &sb, &err);
    }
    free(fold);
    strbuf_release(&sb);
    app_close(&app);
    return cli_finish(&err, rc < 0 ? rc : 0);
}

/* settings_app: office name, signers, receipt format... changed with an audit entry. */
#include "app/settings_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "report/paper.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/setting_store.h"

/* The header of 2023 (schema.c's defaults) and of the merged province. */
static const struct {
    const char *key, *old_value, *new_value;
} header_2025[] = {
    {"office_name", "BAN DÂN TỘC", "SỞ DÂN TỘC VÀ TÔN GIÁO"},
    {"parent_body", "UBND TỈNH BẮC KẠN", "UBND TỈNH THÁI NGUYÊN"},
    {"place_name", "Bắc Kạn", "Thái Nguyên"},
};

static const struct field *known(const char *key)
{
    return key ? record_field(&setting_kind, key) : NULL;
}

/* The row that holds key's value in force today into *row: "key@date" or "key". */
static int row_today(struct app *app, const char *key, char **row, struct error *err)
{
    char today[11], *from;
    date_today(today);
    int rc = setting_from_at(app->db, key, today, &from, err);
    *row = rc ? NULL : from ? xasprintf("%s@%s", key, from) : xstrdup(key);
    free(from);
    return rc;
}

int settings_app_get(struct app *app, const char *key, char **out, struct error *err)
{
    char today[11];
    date_today(today);
    return setting_get_at(app->db, key, today, "", out, err);
}

int settings_app_read(struct app *app, struct settings *out, struct error *err)
{
    char today[11];
    date_today(today);
    return setting_store_get_all(app->db, today, out, err);
}

/* Check value for key into *clean (caller frees). An error names the field
 * "key" (unknown), or the setting's own key (its value refused). */
static int check_value(const char *key, const char *value, char **clean, struct error *err)
{
    const struct field *s = known(key);
    int rc;

    *clean = NULL;
    if (!s) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < setting_kind.n_fields; i++)
            strbuf_addf(&sb, "%s%s", i ? ", " : "", setting_kind.fields[i].key);
        rc = error_set_field(err, ERR_INVALID, "key", _("setting '%s' is unknown; settings: %s"),
                             error_quote(key), sb.buf);
        strbuf_release(&sb);
        return rc;
    }
    if ((rc = text_clean(value, key, s->max, 0, clean, err)) != 0)
        return error_field(err, s->key, rc);
    switch (s->check) {
    case CHECK_LANGUAGE:
        if (strcmp(*clean, "vi") && strcmp(*clean, "en"))
            rc = error_set_field(err, ERR_INVALID, s->key, _("language '%s' must be vi or en"),
                                 error_quote(*clean));
        break;
    case CHECK_DAYS_KEPT: {
        char *end;
        long n = strtol(*clean, &end, 10);
        if (*end || n < 1 || n > 365)
            rc = error_set_field(err, ERR_INVALID, s->key,
                                 _("backup_keep '%s' must be a number from 1 to 365"),
                                 error_quote(*clean));
        break;
    }
    case CHECK_SWITCH:
        if (strcmp(*clean, "on") && strcmp(*clean, "off"))
            rc = error_set_field(err, ERR_INVALID, s->key,
                                 _("operator_prompt '%s' must be on or off"), error_quote(*clean));
        break;
    case CHECK_COPIES:
        if (strlen(*clean) != 1 || **clean < '1' || **clean > '9')
            rc = error_set_field(err, ERR_INVALID, s->key,
                                 _("receipt_copies '%s' must be a number from 1 to 9"),
                                 error_quote(*clean));
        break;
    case CHECK_PAPER: {
        enum paper p;
        if (paper_parse(*clean, &p) != 0)
            rc =
                error_set_field(err, ERR_INVALID, s->key,
                                _("paper_size '%s' must be A4, A5 or Letter"), error_quote(*clean));
        else if (**clean) {
            /* as the table spells it: "a5" is kept as "A5" */
            free(*clean);
            *clean = xstrdup(paper_name(p));
        }
        break;
    }
    case CHECK_RECEIPT_FORMAT:
        if (!strstr(*clean, "{N}"))
            rc = error_set_field(err, ERR_INVALID, s->key,
                                 _("receipt_format '%s' must contain {N}, the running number"),
                                 error_quote(*clean));
        break;
    default:
        break;
    }
    if (rc) {
        free(*clean);
        *clean = NULL;
    }
    return rc;
}

int settings_app_may_change(struct app *app, struct error *err)
{
    if (db_sees_all(app->db))
        return 0;
    return error_set(err, ERR_INVALID,
                     _("the office's settings are every commune's: role '%s' works for some "
                       "communes, and the province's operator or the register's owner changes "
                       "them"),
                     db_server_user(app->db));
}

/* Write row (a key, or "key@date") with its audit entry, in its own transaction. */
static int write_row(struct app *app, const char *row, const char *clean, struct error *err)
{
    int rc = settings_app_may_change(app, err);
    if (rc == 0)
        rc = db_begin(app->db, err);
    if (rc)
        return rc;
    char *old;
    rc = setting_get(app->db, row, "", &old, err);
    if (rc == 0 && strcmp(old, clean) != 0) {
        /* the log keeps the settings whole: check compares them */
        char *before;
        rc = audit_store_image(app->db, "setting", 0, &before, err);
        if (rc == 0)
            rc = setting_set(app->db, row, clean, err);
        if (rc == 0)
            rc = app_audit_record(app, "setting", "setting", 0, before, err);
        free(before);
    }
    free(old);
    int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
    return rc ? rc : rc2;
}

int settings_app_set(struct app *app, const char *key, const char *value, struct error *err)
{
    char *clean = NULL;
    int rc = check_value(key, value, &clean, err);
    if (rc == 0) {
        char *row = NULL;
        if (known(key)->flags & FIELD_DATED)
            rc = row_today(app, key, &row, err);
        else
            row = xstrdup(key);
        if (rc == 0)
            rc = write_row(app, row, clean, err);
        free(row);
    }
    free(clean);
    return rc;
}

int settings_app_set_from(struct app *app, const char *key, const char *value, const char *from,
                          struct error *err)
{
    char *clean = NULL, date[11];
    int rc = check_value(key, value, &clean, err);
    if (rc == 0 && !(known(key)->flags & FIELD_DATED))
        rc = error_set_field(err, ERR_INVALID, "from",
                             _("setting '%s' has no history: only office_name, parent_body and "
                               "place_name take a date"),
                             error_quote(key));
    if (rc == 0)
        rc = error_field(err, "from", date_parse(from, _("date"), date, err));
    if (rc == 0) {
        char *row = xasprintf("%s@%s", key, date);
        rc = write_row(app, row, clean, err);
        free(row);
    }
    free(clean);
    return rc;
}

int settings_app_seed_history(struct app *app, struct error *err)
{
    struct strbuf kept = STRBUF_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(header_2025) / sizeof(*header_2025); i++) {
        char *base = NULL, *from = NULL;
        if ((rc = setting_get(app->db, header_2025[i].key, "", &base, err)) != 0 ||
            (rc = setting_from_at(app->db, header_2025[i].key, "9999-12-31", &from, err)) != 0) {
            free(base);
            break;
        }
        if (!from && strcmp(base, header_2025[i].old_value) == 0) {
            char *row = xasprintf("%s@%s", header_2025[i].key, APP_REFORM_DATE);
            rc = setting_set(app->db, row, header_2025[i].new_value, err);
            free(row);
        } else if (!from) {
            /* the office wrote its own: not replaced, but said */
            strbuf_addf(&kept, "%s%s", kept.len ? ", " : "", header_2025[i].key);
        }
        free(base);
        free(from);
    }
    if (rc == 0 && kept.len)
        app_notice(app,
                   _("the office's header (%s) is its own, not the one of 2023: documents dated "
                     "from 1 July 2025 print it as it is; if the merged province's applies, set "
                     "it with 'capphat settings set KEY VALUE --from 2025-07-01'"),
                   kept.buf);
    strbuf_release(&kept);
    return rc;
}

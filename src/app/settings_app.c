/* settings_app: office name, signers, receipt format... changed with an audit entry. */
#include "app/settings_app.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/setting_store.h"

const struct setting_info settings_known[] = {
    {"office_name", N_("Office (issuing body)"), 200},
    {"parent_body", N_("Parent body"), 200},
    {"place_name", N_("Place name for the date line"), 100},
    {"officer_name", N_("Handing-over officer"), 200},
    {"officer_title", N_("Officer's title"), 200},
    {"preparer_name", N_("Preparer (người lập biểu)"), 200},
    {"preparer_title", N_("Preparer's title"), 200},
    {"head_name", N_("Head of office (thủ trưởng)"), 200},
    {"head_title", N_("Head's title"), 200},
    {"receipt_format", N_("Receipt number format ({N}, {YYYY}, {YY})"), 60},
    {"language", N_("Interface language (vi or en)"), 2},
    {"backup_keep", N_("Daily backups kept"), 3},
    {"operator_prompt", N_("Ask who is working"), 3},
    {NULL, NULL, 0},
};

int settings_app_set(struct app *app, const char *key, const char *value, struct error *err)
{
    const struct setting_info *s;
    char *clean = NULL;
    int rc;

    for (s = settings_known; s->key; s++)
        if (key && strcmp(key, s->key) == 0)
            break;
    if (!s->key) {
        struct strbuf sb = STRBUF_INIT;
        for (const struct setting_info *k = settings_known; k->key; k++)
            strbuf_addf(&sb, "%s%s", k == settings_known ? "" : ", ", k->key);
        rc = error_set(err, ERR_INVALID, _("setting '%s' is unknown; settings: %s"),
                       error_quote(key), sb.buf);
        strbuf_release(&sb);
        return rc;
    }
    if ((rc = text_clean(value, key, s->max_bytes, 0, &clean, err)) != 0)
        return rc;
    if (!strcmp(key, "language") && strcmp(clean, "vi") && strcmp(clean, "en"))
        rc = error_set(err, ERR_INVALID, _("language '%s' must be vi or en"), error_quote(clean));
    if (!strcmp(key, "backup_keep")) {
        char *end;
        long n = strtol(clean, &end, 10);
        if (*end || n < 1 || n > 365)
            rc = error_set(err, ERR_INVALID, _("backup_keep '%s' must be a number from 1 to 365"),
                           error_quote(clean));
    }
    if (!strcmp(key, "operator_prompt") && strcmp(clean, "on") && strcmp(clean, "off"))
        rc = error_set(err, ERR_INVALID, _("operator_prompt '%s' must be on or off"),
                       error_quote(clean));
    if (!strcmp(key, "receipt_format") && !strstr(clean, "{N}"))
        rc = error_set(err, ERR_INVALID,
                       _("receipt_format '%s' must contain {N}, the running number"),
                       error_quote(clean));
    if (rc == 0 && (rc = db_begin(app->db, err)) == 0) {
        char *old = setting_get(app->db, key, "");
        if (strcmp(old, clean) != 0) {
            /* the log keeps the settings whole: check compares them */
            char *before = audit_store_image(app->db, "setting", 0);
            rc = setting_set(app->db, key, clean, err);
            if (rc == 0)
                rc = app_audit_record(app, "setting", "setting", 0, before, err);
            free(before);
        }
        free(old);
        int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
        if (!rc)
            rc = rc2;
    }
    free(clean);
    return rc;
}

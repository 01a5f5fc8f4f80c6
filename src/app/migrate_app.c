/* migrate_app: a register moved from its file to a server; see
 * include/app/migrate_app.h. */
#include "app/migrate_app.h"

#include <string.h>

#include "app/check_app.h"
#include "core/i18n.h"
#include "store/audit_store.h"
#include "store/db.h"

/* The whole check of one side, its last entry; ERR_CORRUPT naming the side
 * when it finds a problem. */
static int check_side(struct app *app, const char *side,
                      void (*report)(const char *line, void *arg), void *arg,
                      struct check_result *c, long long *head_id, char head[65], struct error *err)
{
    int rc = check_app_run(app, CHECK_FULL | CHECK_NO_RECORD, report, arg, c, err);
    if (rc > 0 || (rc == 0 && c->problems))
        return error_set(err, ERR_CORRUPT,
                         _("the register %s does not pass 'capphat check' "
                           "(%lld problems): nothing was moved"),
                         side, c->problems);
    if (rc == 0 && audit_store_head(app->db, 0, head_id, head, err) < 0)
        rc = err->code;
    return rc;
}

int migrate_app_to_server(struct app *app, const char *address,
                          void (*report)(const char *line, void *arg), void *arg,
                          struct migrate_result *res, struct error *err)
{
    struct check_result from = {0}, to = {0};
    struct app server;
    long long to_id = 0;
    char to_head[65] = "";
    int rc;

    memset(res, 0, sizeof(*res));
    if (!db_is_server_address(address))
        return error_set_field(err, ERR_INVALID, "--to",
                               _("--to '%s' is not the address of a PostgreSQL database "
                                 "(postgresql://HOST/NAME or service=NAME)"),
                               error_quote(address));
    if ((rc = check_side(app, _("in the file"), report, arg, &from, &res->head_id, res->head,
                         err)) != 0)
        return rc;
    if ((rc = db_copy_to_server(app->db, address, err)) != 0)
        return rc;
    /* the database was empty: what this account recorded of a register
     * at that address before does not bind the one moved there */
    app_keep_earlier_records(app, address);
    if ((rc = app_open(&server, address, 0, NULL, err)) != 0)
        return rc;
    rc = check_side(&server, _("on the server"), report, arg, &to, &to_id, to_head, err);
    app_close(&server);
    if (rc != 0) {
        error_prefix(err, _("the copy on '%s' must be removed (dropdb)"), error_quote(address));
        return rc;
    }
    if (from.entries != to.entries || from.rows != to.rows || res->head_id != to_id ||
        strcmp(res->head, to_head) != 0)
        return error_set(err, ERR_CORRUPT,
                         _("the copy on '%s' differs from the file (%lld entries and %lld rows "
                           "there, %lld and %lld here; last entry %lld there, %lld here): "
                           "remove it (dropdb) and move the register again"),
                         error_quote(address), to.entries, to.rows, from.entries, from.rows, to_id,
                         res->head_id);
    res->entries = to.entries;
    res->rows = to.rows;
    return 0;
}

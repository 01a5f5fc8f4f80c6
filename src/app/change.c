/*
 * change: the one way a use case changes a record (app_change) or runs
 * several changes as one (app_txn) — the transaction, the images before
 * and after, and the audit entry. See include/app/app.h.
 */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/audit_store.h"
#include "store/db.h"

/* How often a transaction that met another operator's on a server is run
 * again before the operator is told the register is busy. */
#define CONFLICT_RETRIES 8

int app_txn(struct app *app, int (*fn)(struct app *app, void *arg, struct error *err), void *arg,
            struct error *err)
{
    for (int attempt = 0;; attempt++) {
        int rc = db_begin(app->db, err);
        if (rc == 0) {
            rc = fn(app, arg, err);
            int rc2 = db_end(app->db, rc == 0, rc ? NULL : err);
            rc = rc ? rc : rc2;
        }
        /* on a server, two operators' transactions that touched the same
         * rows: the server stopped one; run it again, on what the other
         * wrote, so that its rules see it (a little later each time) */
        if (rc != 0 && db_retry_conflict(app->db) && attempt < CONFLICT_RETRIES) {
            error_clear(err);
            usleep((useconds_t)(1000 * (attempt + 1) * (5 + rand() % 20)));
            continue;
        }
        return rc;
    }
}

/* The change inside the transaction app_change opened. */
static int change_locked(struct app *app, struct app_change *c, struct error *err)
{
    char *before = NULL, *after = NULL;
    int rc = c->check ? c->check(app, c, err) : 0;

    /* the row as it was: a change the log cannot describe is not made */
    if (rc == 0 && c->id)
        rc = audit_store_image(app->db, c->entity, c->id, &before, err);
    if (rc == 0)
        rc = c->write(app, c, err);
    if (rc == 0)
        rc = audit_store_image(app->db, c->entity, c->id, &after, err);
    if (rc == 0 && !(c->if_changed && before && strcmp(before, after) == 0))
        rc = app_audit(app, c->action, c->entity, c->id, before, after, err);
    free(before);
    free(after);
    return rc == APP_CHANGE_NONE ? 0 : rc;
}

static int change_fn(struct app *app, void *arg, struct error *err)
{
    return change_locked(app, arg, err);
}

int app_change(struct app *app, struct app_change *c, struct error *err)
{
    return app_txn(app, change_fn, c, err);
}

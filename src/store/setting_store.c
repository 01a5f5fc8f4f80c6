/* setting_store: key/value settings; see include/store/setting_store.h. */
#include "store/setting_store.h"
#include "store_internal.h"

#include "core/xalloc.h"

char *setting_get(struct db *db, const char *key, const char *def)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT value FROM setting WHERE key = ?");
    char *v = NULL;
    stmt_bind_text(st, 1, key);
    if (stmt_step(db, st, NULL) == 1)
        v = stmt_text_dup(st, 0);
    stmt_done(st);
    return v ? v : xstrdup(def ? def : "");
}

int setting_set(struct db *db, const char *key, const char *value, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO setting(key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    stmt_bind_text(st, 1, key);
    stmt_bind_text(st, 2, value);
    return stmt_exec(db, st, err);
}

int setting_each(struct db *db, int (*fn)(const char *key, const char *value, void *arg),
                 void *arg, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT key, value FROM setting ORDER BY key");
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        stop = fn(stmt_text(st, 0), stmt_text(st, 1), arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/* backup_store: the daily backups a database took; see include/store/backup_store.h. */
#include "store/backup_store.h"

#include "store_internal.h"

int backup_store_add(struct db *db, const char *name, const char *taken_at, struct error *err)
{
    struct stmt *st = db_stmt(db, "INSERT INTO backup(name, taken_at) VALUES (?1, ?2) "
                                  "ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at");

    stmt_bind_text(st, 1, name);
    stmt_bind_text(st, 2, taken_at);
    return stmt_exec(db, st, err);
}

int backup_store_has(struct db *db, const char *name, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT 1 FROM backup WHERE name = ?1");
    int rc;

    stmt_bind_text(st, 1, name);
    rc = stmt_step(db, st, err);
    stmt_done(st);
    return rc;
}

int backup_store_remove(struct db *db, const char *name, struct error *err)
{
    struct stmt *st = db_stmt(db, "DELETE FROM backup WHERE name = ?1");

    stmt_bind_text(st, 1, name);
    return stmt_exec(db, st, err);
}

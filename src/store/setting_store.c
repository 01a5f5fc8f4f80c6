/* setting_store: key/value settings; see include/store/setting_store.h. */
#include "store/setting_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

int setting_get(struct db *db, const char *key, const char *def, char **out, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT value FROM setting WHERE key = ?");
    stmt_bind_text(st, 1, key);
    int rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : rc == 0 ? xstrdup(def ? def : "") : NULL;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int setting_from_at(struct db *db, const char *key, const char *date, char **from,
                    struct error *err)
{
    /* "key@YYYY-MM-DD" sort by their dates: the last one not after date */
    struct stmt *st = db_stmt(db, "SELECT substr(key, length(?1) + 2) FROM setting "
                                  "WHERE key > ?1 || '@' AND key <= ?1 || '@' || ?2 "
                                  "ORDER BY key DESC LIMIT 1");
    stmt_bind_text(st, 1, key);
    stmt_bind_text(st, 2, date);
    int rc = stmt_step(db, st, err);
    *from = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int setting_get_at(struct db *db, const char *key, const char *date, const char *def, char **out,
                   struct error *err)
{
    char *from;
    int rc = setting_from_at(db, key, date, &from, err);
    *out = NULL;
    if (rc)
        return rc;
    if (!from)
        return setting_get(db, key, def, out, err);
    char *dated = xasprintf("%s@%s", key, from);
    rc = setting_get(db, dated, def, out, err);
    free(dated);
    free(from);
    return rc;
}

int setting_each_period(struct db *db, const char *key,
                        int (*fn)(const char *from, const char *value, void *arg), void *arg,
                        struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT CASE WHEN key = ?1 THEN NULL "
                                  "ELSE substr(key, length(?1) + 2) END, value FROM setting "
                                  "WHERE key = ?1 OR (key > ?1 || '@' AND key < ?1 || 'A') "
                                  "ORDER BY key");
    int rc, stop = 0;
    stmt_bind_text(st, 1, key);
    while ((rc = stmt_step(db, st, err)) == 1) {
        stop = fn(stmt_is_null(st, 0) ? NULL : stmt_text(st, 0), stmt_text(st, 1), arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int setting_set(struct db *db, const char *key, const char *value, struct error *err)
{
    struct stmt *st = db_stmt(db, "INSERT INTO setting(key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    stmt_bind_text(st, 1, key);
    stmt_bind_text(st, 2, value);
    return stmt_exec(db, st, err);
}

int setting_each(struct db *db, int (*fn)(const char *key, const char *value, void *arg), void *arg,
                 struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT key, value FROM setting ORDER BY key");
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        stop = fn(stmt_text(st, 0), stmt_text(st, 1), arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

void settings_release(struct settings *s)
{
    record_release(&setting_kind, s, sizeof(*s));
}

int setting_store_get_all(struct db *db, const char *date, struct settings *out, struct error *err)
{
    int rc = 0;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; rc == 0 && i < setting_kind.n_fields; i++) {
        const struct field *f = &setting_kind.fields[i];
        rc = setting_get_at(db, f->key, date, "", (char **)((char *)out + f->offset), err);
    }
    if (rc)
        settings_release(out);
    return rc;
}

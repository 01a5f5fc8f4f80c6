/* setting_store: key/value settings; see include/store/setting_store.h. */
#include "store/setting_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/*
 * On a server, a write transaction reads the settings once: a handover
 * reads four (the place on the day, the officer, the receipts' pattern),
 * each a round trip while the writers' turn is held. The rows are kept
 * until the transaction ends, a savepoint is rolled back, a setting is
 * written or SQL text is run (db_forget). The file reads its settings as
 * they are asked for (no round trips).
 */
struct setting_cache {
    char **keys, **values;
    size_t n;
};

void setting_cache_drop(struct db *db)
{
    struct setting_cache *c = db->settings;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->keys[i]);
        free(c->values[i]);
    }
    free(c->keys);
    free(c->values);
    free(c);
    db->settings = NULL;
}

/* The settings of this transaction on a server, read when first asked
 * for; NULL on a file or outside a transaction (*rc 0), or when they
 * could not be read (*rc the ERR_*). */
static struct setting_cache *cached(struct db *db, int *rc, struct error *err)
{
    *rc = 0;
    if (!db->pg || db->depth == 0)
        return NULL;
    if (db->settings)
        return db->settings;
    struct setting_cache *c = xcalloc(1, sizeof(*c));
    struct stmt *st = db_stmt(db, "SELECT key, value FROM setting");
    size_t alloc = 0;
    while ((*rc = stmt_step(db, st, err)) == 1) {
        if (c->n == alloc) {
            alloc = alloc ? alloc * 2 : 32;
            c->keys = xrealloc(c->keys, alloc * sizeof(*c->keys));
            c->values = xrealloc(c->values, alloc * sizeof(*c->values));
        }
        c->keys[c->n] = stmt_text_dup(st, 0);
        c->values[c->n++] = stmt_text_dup(st, 1);
    }
    stmt_done(st);
    db->settings = c;
    if (*rc < 0) {
        setting_cache_drop(db);
        return NULL;
    }
    *rc = 0;
    return c;
}

int setting_get(struct db *db, const char *key, const char *def, char **out, struct error *err)
{
    int rc;
    struct setting_cache *c = cached(db, &rc, err);
    if (rc < 0) {
        *out = NULL;
        return rc;
    }
    if (c) {
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->keys[i], key) == 0) {
                *out = xstrdup(c->values[i]);
                return 0;
            }
        *out = xstrdup(def ? def : "");
        return 0;
    }
    struct stmt *st = db_stmt(db, "SELECT value FROM setting WHERE key = ?");
    stmt_bind_text(st, 1, key);
    rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : rc == 0 ? xstrdup(def ? def : "") : NULL;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int setting_from_at(struct db *db, const char *key, const char *date, char **from,
                    struct error *err)
{
    /* "key@YYYY-MM-DD" sort by their dates: the last one not after date */
    int rc;
    struct setting_cache *c = cached(db, &rc, err);
    *from = NULL;
    if (rc < 0)
        return rc;
    if (c) {
        char *lo = xasprintf("%s@", key), *hi = xasprintf("%s@%s", key, date);
        const char *last = NULL;
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->keys[i], lo) > 0 && strcmp(c->keys[i], hi) <= 0 &&
                (!last || strcmp(c->keys[i], last) > 0))
                last = c->keys[i];
        if (last)
            *from = xstrdup(last + strlen(lo));
        free(lo);
        free(hi);
        return 0;
    }
    struct stmt *st = db_stmt(db, "SELECT substr(key, length(?1) + 2) FROM setting "
                                  "WHERE key > ?1 || '@' AND key <= ?1 || '@' || ?2 "
                                  "ORDER BY key DESC LIMIT 1");
    stmt_bind_text(st, 1, key);
    stmt_bind_text(st, 2, date);
    rc = stmt_step(db, st, err);
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
    setting_cache_drop(db);
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

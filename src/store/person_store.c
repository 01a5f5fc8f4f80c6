/*
 * person_store: a person's row, read and written; see
 * include/store/person_store.h. The lists are person_search.c, the bulk
 * loading of an import person_load.c.
 */
#include "store/person_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/xalloc.h"

void person_release(struct person *p)
{
    record_release(&person_kind, p, sizeof(*p));
}

void person_store_from_row(struct stmt *st, struct person *p)
{
    memset(p, 0, sizeof(*p));
    record_from_row(&person_kind, st, p);
}

/* The person's columns, then its folded name, sort key and the time of the
 * change: returns the number of the last parameter bound. */
static int bind_person(struct stmt *st, const struct person *p, const char *fold,
                       const unsigned char *key, size_t key_len)
{
    int n = record_bind(&person_kind, st, p);
    stmt_bind_text(st, n + 1, fold);
    stmt_bind_blob(st, n + 2, key, key_len);
    stmt_bind_text(st, n + 3, p->updated_at);
    return n + 3;
}

int person_store_insert(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, long long *id,
                        struct error *err)
{
    struct stmt *st = db_stmt(db, record_insert_sql(db, &person_kind,
                                                    "name_fold, sort_key, updated_at, created_at",
                                                    "?, ?, :now, :now"));
    bind_person(st, p, name_fold, sort_key, key_len);
    return stmt_insert(db, st, id, err);
}

int person_store_update(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, struct error *err)
{
    struct stmt *st =
        db_stmt(db, record_update_sql(&person_kind, "name_fold = ?, sort_key = ?, updated_at = ?, "
                                                    "version = version + 1 WHERE id = ?"));
    int n = bind_person(st, p, name_fold, sort_key, key_len);
    stmt_bind_int(st, n + 1, p->id);
    return stmt_exec(db, st, err);
}

int person_store_get(struct db *db, long long id, struct person *out, struct error *err)
{
    return record_get(db, &person_kind, id, out, sizeof(*out), err);
}

int person_store_find_id_number(struct db *db, const char *id_number, long long *id,
                                struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id FROM person WHERE id_number = ?");
    stmt_bind_text(st, 1, id_number);
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no person holds cccd '%s'"),
                         error_quote(id_number));
    return rc < 0 ? rc : 0;
}

int person_store_find_namesakes(struct db *db, const char *name_fold, int birth_year,
                                long long commune_id, struct person_namesake **out, size_t *n,
                                struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT id, full_name, id_number FROM person WHERE name_fold = ? "
                                  "AND commune_id = ? AND COALESCE(birth_year, 0) = ? ORDER BY id");
    size_t alloc = 0;
    int rc;

    *out = NULL;
    *n = 0;
    stmt_bind_text(st, 1, name_fold);
    stmt_bind_int(st, 2, commune_id);
    stmt_bind_int(st, 3, birth_year);
    while ((rc = stmt_step(db, st, err)) == 1) {
        if (*n == alloc) {
            alloc = alloc ? alloc * 2 : 4;
            *out = xrealloc(*out, alloc * sizeof(**out));
        }
        struct person_namesake *p = &(*out)[(*n)++];
        p->id = stmt_int(st, 0);
        p->full_name = stmt_text_dup(st, 1);
        p->id_number = stmt_text_dup_or_null(st, 2);
    }
    stmt_done(st);
    if (rc < 0) {
        person_namesakes_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc < 0 ? rc : 0;
}

void person_namesakes_free(struct person_namesake *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(list[i].full_name);
        free(list[i].id_number);
    }
    free(list);
}

int person_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    return record_snapshot(db, &person_kind, id, out, err);
}

int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err)
{
    struct stmt *sel = db_stmt(db, "SELECT id, full_name FROM person");
    struct stmt *upd =
        db_stmt(db, "UPDATE person SET sort_key = ?, version = version + 1 WHERE id = ?");
    int rc;

    while ((rc = stmt_step(db, sel, err)) == 1) {
        size_t len;
        unsigned char *key = fn(stmt_text(sel, 1), &len);
        stmt_bind_blob(upd, 1, key, len);
        stmt_bind_int(upd, 2, stmt_int(sel, 0));
        free(key);
        if ((rc = stmt_exec(db, upd, err)) != 0)
            break;
    }
    stmt_done(sel);
    return rc < 0 ? rc : 0;
}

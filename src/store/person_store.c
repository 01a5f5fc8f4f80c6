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

void person_release(struct person *p)
{
    free(p->full_name);
    free(p->ethnic);
    free(p->commune);
    free(p->district);
    free(p->village);
    free(p->id_number);
    free(p->id_kind);
    free(p->phone);
    free(p->role);
    free(p->decision);
    free(p->note);
    free(p->created_at);
    free(p->updated_at);
    free(p->imei);
    free(p->receipt_no);
    free(p->commune_kind);
    free(p->upper);
    free(p->upper_kind);
    free(p->now_commune);
    free(p->now_commune_kind);
    free(p->now_upper);
    free(p->now_upper_kind);
    memset(p, 0, sizeof(*p));
}

void person_store_from_row(sqlite3_stmt *st, struct person *p)
{
    memset(p, 0, sizeof(*p));
    p->id = stmt_int(st, 0);
    p->full_name = stmt_text_dup(st, 1);
    p->gender = stmt_text(st, 2)[0];
    p->birth_year = (int)stmt_int(st, 3);
    p->ethnic_id = stmt_int(st, 4);
    p->ethnic = stmt_text_dup_or_null(st, 5);
    p->commune_id = stmt_int(st, 6);
    p->commune = stmt_text_dup(st, 7);
    p->district_id = stmt_int(st, 8);
    p->district = stmt_text_dup_or_null(st, 9);
    p->village_id = stmt_int(st, 10);
    p->village = stmt_text_dup_or_null(st, 11);
    p->id_number = stmt_text_dup_or_null(st, 12);
    p->id_kind = stmt_text_dup_or_null(st, 13);
    p->phone = stmt_text_dup_or_null(st, 14);
    p->role = stmt_text_dup_or_null(st, 15);
    p->decision = stmt_text_dup_or_null(st, 16);
    p->note = stmt_text_dup_or_null(st, 17);
    p->active = (int)stmt_int(st, 18);
    p->created_at = stmt_text_dup(st, 19);
    p->updated_at = stmt_text_dup(st, 20);
    p->imei = stmt_text_dup_or_null(st, 21);
    p->receipt_no = stmt_text_dup_or_null(st, 22);
    p->commune_kind = stmt_text_dup_or_null(st, 23);
    p->upper = stmt_text_dup_or_null(st, 24);
    p->upper_kind = stmt_text_dup_or_null(st, 25);
    p->now_commune_id = stmt_int(st, 26);
    p->now_commune = stmt_text_dup_or_null(st, 27);
    p->now_commune_kind = stmt_text_dup_or_null(st, 28);
    p->now_upper = stmt_text_dup_or_null(st, 29);
    p->now_upper_kind = stmt_text_dup_or_null(st, 30);
    p->version = stmt_int(st, 31);
}

static void bind_person(sqlite3_stmt *st, const struct person *p, const char *fold,
                        const unsigned char *key, size_t key_len)
{
    char g[2] = {p->gender, 0};
    stmt_bind_text(st, 1, p->full_name);
    stmt_bind_text(st, 2, fold);
    stmt_bind_blob(st, 3, key, key_len);
    stmt_bind_text(st, 4, g);
    stmt_bind_int_or_null(st, 5, p->birth_year, p->birth_year == 0);
    stmt_bind_int_or_null(st, 6, p->ethnic_id, p->ethnic_id == 0);
    stmt_bind_int(st, 7, p->commune_id);
    stmt_bind_int_or_null(st, 8, p->village_id, p->village_id == 0);
    stmt_bind_text_or_null(st, 9, p->id_number);
    stmt_bind_text_or_null(st, 10, p->id_kind);
    stmt_bind_text_or_null(st, 11, p->phone);
    stmt_bind_text_or_null(st, 12, p->role);
    stmt_bind_text_or_null(st, 13, p->decision);
    stmt_bind_text_or_null(st, 14, p->note);
    stmt_bind_int(st, 15, p->active);
    stmt_bind_text(st, 16, p->updated_at);
}

int person_store_insert(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, long long *id,
                        struct error *err)
{
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO person(full_name, name_fold, sort_key, gender, birth_year, ethnic_id, "
            "commune_id, village_id, id_number, id_kind, phone, role, decision, note, active, "
            "updated_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?16)");
    bind_person(st, p, name_fold, sort_key, key_len);
    int rc = stmt_exec(db, st, err);
    if (rc == 0 && id)
        *id = db_last_id(db);
    return rc;
}

int person_store_update(struct db *db, const struct person *p, const char *name_fold,
                        const unsigned char *sort_key, size_t key_len, struct error *err)
{
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE person SET full_name = ?1, name_fold = ?2, sort_key = ?3, gender = ?4, "
            "birth_year = ?5, ethnic_id = ?6, commune_id = ?7, village_id = ?8, id_number = ?9, "
            "id_kind = ?10, phone = ?11, role = ?12, decision = ?13, note = ?14, active = ?15, "
            "updated_at = ?16, version = version + 1 WHERE id = ?17");
    bind_person(st, p, name_fold, sort_key, key_len);
    stmt_bind_int(st, 17, p->id);
    return stmt_exec(db, st, err);
}

int person_store_get(struct db *db, long long id, struct person *out, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " PERSON_COLS "WHERE p.id = ?");
    memset(out, 0, sizeof(*out));
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    if (rc == 1)
        person_store_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person: no person with id %lld"), id);
    return rc < 0 ? rc : 0;
}

int person_store_find_id_number(struct db *db, const char *id_number, long long *id,
                                struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE id_number = ?");
    stmt_bind_text(st, 1, id_number);
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("no person holds cccd '%s'"),
                         error_quote(id_number));
    return rc < 0 ? rc : 0;
}

int person_store_find_same(struct db *db, const char *name_fold, int birth_year,
                           long long commune_id, long long *id, struct error *err)
{
    /* min(id), not ORDER BY id LIMIT 1: the latter sorts in a temporary
     * B-tree for every row of an import; no such person: one NULL row */
    sqlite3_stmt *st = db_stmt(db, "SELECT min(id) FROM person WHERE name_fold = ? AND "
                                   "commune_id = ? AND COALESCE(birth_year, 0) = ?");
    stmt_bind_text(st, 1, name_fold);
    stmt_bind_int(st, 2, commune_id);
    stmt_bind_int(st, 3, birth_year);
    int rc = stmt_step(db, st, err);
    *id = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    if (rc >= 0 && !*id)
        return error_set(err, ERR_NOT_FOUND,
                         _("no person named '%s' with that birth year in commune %lld"),
                         error_quote(name_fold), commune_id);
    return rc < 0 ? rc : 0;
}

int person_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " PERSON_JSON " FROM person WHERE id = ?");
    stmt_bind_int(st, 1, id);
    int rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person: no person with id %lld"), id);
    return rc < 0 ? rc : 0;
}

int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err)
{
    sqlite3_stmt *sel = db_stmt(db, "SELECT id, full_name FROM person");
    sqlite3_stmt *upd =
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

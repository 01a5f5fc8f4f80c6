/* person_store: persons, read and written; see include/store/person_store.h. */
#include "store/person_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

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
    memset(p, 0, sizeof(*p));
}

#define PERSON_COLS                                                                               \
    "p.id, p.full_name, p.gender, p.birth_year, p.ethnic_id, e.name, p.commune_id, c.name, "     \
    "c.parent_id, d.name, p.village_id, v.name, p.id_number, p.id_kind, p.phone, p.role, "       \
    "p.decision, p.note, p.active, p.created_at, p.updated_at, "                                 \
    "(SELECT dv.imei FROM handover h JOIN device dv ON dv.id = h.device_id "                     \
    "  WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id DESC LIMIT 1), "         \
    "(SELECT h.receipt_no FROM handover h "                                                      \
    "  WHERE h.person_id = p.id AND h.returned_on IS NULL ORDER BY h.id DESC LIMIT 1) "          \
    "FROM person p "                                                                              \
    "JOIN unit c ON c.id = p.commune_id "                                                         \
    "LEFT JOIN unit d ON d.id = c.parent_id "                                                     \
    "LEFT JOIN unit v ON v.id = p.village_id "                                                    \
    "LEFT JOIN ethnic_group e ON e.id = p.ethnic_id "

static void person_from_row(sqlite3_stmt *st, struct person *p)
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
            "updated_at = ?16 WHERE id = ?17");
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
        person_from_row(st, out);
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, "person: no person with id %lld", id);
    return rc < 0 ? rc : 0;
}

long long person_store_find_id_number(struct db *db, const char *id_number)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE id_number = ?");
    long long id = 0;
    stmt_bind_text(st, 1, id_number);
    if (stmt_step(db, st, NULL) == 1)
        id = stmt_int(st, 0);
    stmt_done(st);
    return id;
}

long long person_store_find_same(struct db *db, const char *name_fold, int birth_year,
                                 long long commune_id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE name_fold = ? AND commune_id = ? "
                                   "AND COALESCE(birth_year, 0) = ? ORDER BY id LIMIT 1");
    long long id = 0;
    stmt_bind_text(st, 1, name_fold);
    stmt_bind_int(st, 2, commune_id);
    stmt_bind_int(st, 3, birth_year);
    if (stmt_step(db, st, NULL) == 1)
        id = stmt_int(st, 0);
    stmt_done(st);
    return id;
}

char *person_store_snapshot(struct db *db, long long id)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " PERSON_JSON " FROM person WHERE id = ?");
    char *s = NULL;
    stmt_bind_int(st, 1, id);
    if (stmt_step(db, st, NULL) == 1)
        s = stmt_text_dup(st, 0);
    stmt_done(st);
    return s;
}

/*
 * Lists. The filters are bound as parameters that switch themselves off
 * when zero, so one statement per sort order serves every combination.
 * Search ranks whole-name matches first, then names starting with the text,
 * then a word starting with it, then any substring.
 */
#define PERSON_WHERE                                                                              \
    "WHERE (?1 = '' OR p.name_fold LIKE ?2 ESCAPE '\\' OR p.id_number LIKE ?3 OR "                \
    "       p.phone LIKE ?3) "                                                                    \
    "AND (?4 = 0 OR c.parent_id = ?4) AND (?5 = 0 OR p.commune_id = ?5) "                         \
    "AND (?6 < 0 OR p.active = ?6) "                                                              \
    "AND (?7 = 0 OR (?7 = 1) = EXISTS (SELECT 1 FROM handover h WHERE h.person_id = p.id AND "   \
    "     h.returned_on IS NULL AND (?8 = 0 OR h.round_id = ?8))) "

#define PERSON_RANK                                                                               \
    "CASE WHEN ?1 = '' THEN 0 WHEN p.name_fold = ?1 THEN 0 WHEN p.name_fold LIKE ?9 ESCAPE '\\' " \
    "THEN 1 WHEN p.name_fold LIKE ?10 ESCAPE '\\' THEN 2 ELSE 3 END"

static const char *const person_list_sql[2][4] = {
    {
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK ", p.sort_key, p.id "
        "LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK ", p.id LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", d.name COLLATE vi, c.name COLLATE vi, p.sort_key, p.id LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.birth_year, p.sort_key, p.id LIMIT ?11 OFFSET ?12",
    },
    {
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.sort_key DESC, p.id DESC LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.id DESC LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", d.name COLLATE vi DESC, c.name COLLATE vi DESC, p.sort_key DESC, p.id DESC "
        "LIMIT ?11 OFFSET ?12",
        "SELECT " PERSON_COLS PERSON_WHERE "ORDER BY " PERSON_RANK
        ", p.birth_year DESC, p.sort_key DESC, p.id DESC LIMIT ?11 OFFSET ?12",
    },
};

/* Escape LIKE wildcards of user text. */
static char *like_escape(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            strbuf_addch(&sb, '\\');
        strbuf_addch(&sb, *s);
    }
    return strbuf_detach(&sb, NULL);
}

static void bind_query(sqlite3_stmt *st, const struct person_query *q)
{
    const char *s = q->search ? q->search : "";
    char *esc = like_escape(s);
    char *any = xasprintf("%%%s%%", esc);
    char *prefix = xasprintf("%s%%", esc);
    char *word = xasprintf("%% %s%%", esc);
    int digits = *s != '\0';
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            digits = 0;
    char *num = digits ? xasprintf("%%%s%%", s) : NULL;

    stmt_bind_text(st, 1, s);
    stmt_bind_text(st, 2, any);
    if (num)
        stmt_bind_text(st, 3, num);
    else
        stmt_bind_text(st, 3, "\x01"); /* matches nothing */
    stmt_bind_int(st, 4, q->district_id);
    stmt_bind_int(st, 5, q->commune_id);
    stmt_bind_int(st, 6, q->active);
    stmt_bind_int(st, 7, q->status);
    stmt_bind_int(st, 8, q->round_id);
    stmt_bind_text(st, 9, prefix);
    stmt_bind_text(st, 10, word);
    stmt_bind_int(st, 11, q->limit > 0 ? q->limit : -1);
    stmt_bind_int(st, 12, q->offset);
    free(esc);
    free(any);
    free(prefix);
    free(word);
    free(num);
}

int person_store_each(struct db *db, const struct person_query *q, person_fn fn, void *arg,
                      struct error *err)
{
    int sort = q->sort >= 0 && q->sort <= 3 ? (int)q->sort : 0;
    sqlite3_stmt *st = db_stmt(db, person_list_sql[q->descending ? 1 : 0][sort]);
    int rc, stop = 0;

    bind_query(st, q);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct person p;
        person_from_row(st, &p);
        stop = fn(&p, arg);
        person_release(&p);
        if (stop)
            break;
    }
    stmt_done(st);
    if (rc < 0)
        return rc;
    return stop;
}

int person_store_count(struct db *db, const struct person_query *q, long long *n,
                       struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM person p JOIN unit c ON "
                                   "c.id = p.commune_id " PERSON_WHERE
                                   "AND ?9 = ?9 AND ?10 = ?10 AND ?11 = ?11 AND ?12 = ?12");
    bind_query(st, q);
    int rc = stmt_step(db, st, err);
    *n = rc == 1 ? stmt_int(st, 0) : 0;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int person_store_rekey(struct db *db, unsigned char *(*fn)(const char *name, size_t *len),
                       struct error *err)
{
    sqlite3_stmt *sel = db_stmt(db, "SELECT id, full_name FROM person");
    sqlite3_stmt *upd = db_stmt(db, "UPDATE person SET sort_key = ? WHERE id = ?");
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

/* training_store: sessions and attendance; see include/store/training_store.h. */
#include "core/i18n.h"
#include "store/training_store.h"
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

void training_session_release(struct training_session *s)
{
    record_release(&session_kind, s, sizeof(*s));
}

/* "SELECT <the session's columns> FROM ... <suffix>" (suffix: a literal) */
#define SESSION_SELECT(suffix) record_select(&session_kind, suffix)

static void session_from_row(struct stmt *st, struct training_session *s)
{
    memset(s, 0, sizeof(*s));
    record_from_row(&session_kind, st, s);
}

int training_store_insert(struct db *db, const struct training_session *s, long long *id,
                          struct error *err)
{
    return record_insert(db, &session_kind, s, id, err);
}

int training_store_get(struct db *db, long long id, struct training_session *out, struct error *err)
{
    return record_get(db, &session_kind, id, out, sizeof(*out), err);
}

int training_store_snapshot(struct db *db, long long id, char **out, struct error *err)
{
    return record_snapshot(db, &session_kind, id, out, err);
}

static int run_each(struct db *db, struct stmt *st, training_fn fn, void *arg, struct error *err)
{
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct training_session s;
        session_from_row(st, &s);
        stop = fn(&s, arg);
        training_session_release(&s);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int training_store_each(struct db *db, training_fn fn, void *arg, struct error *err)
{
    struct stmt *st = db_stmt(db, SESSION_SELECT("ORDER BY s.held_on DESC, s.id DESC"));
    return run_each(db, st, fn, arg, err);
}

int training_store_each_for_person(struct db *db, long long person_id, training_fn fn, void *arg,
                                   struct error *err)
{
    struct stmt *st = db_stmt(db, SESSION_SELECT("JOIN attendance a ON a.session_id = s.id "
                                                 "WHERE a.person_id = ? ORDER BY s.held_on, s.id"));
    stmt_bind_int(st, 1, person_id);
    return run_each(db, st, fn, arg, err);
}

int attendance_store_add(struct db *db, long long session_id, long long person_id,
                         struct error *err)
{
    int has = attendance_store_has(db, session_id, person_id, err);
    if (has != 0)
        return has < 0 ? has : 0;
    const struct attendance a = {session_id, person_id};
    int rc = record_insert(db, &attendance_kind, &a, NULL, err);
    return rc < 0 ? rc : 1;
}

int attendance_store_snapshot(struct db *db, long long session_id, long long person_id, char **out,
                              struct error *err)
{
    struct stmt *st = db_stmt(db, record_snapshot_sql(&attendance_kind));
    stmt_bind_int(st, 1, session_id);
    stmt_bind_int(st, 2, person_id);
    int rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    if (rc == 0)
        return error_set(err, ERR_NOT_FOUND, _("person %lld did not attend training session %lld"),
                         person_id, session_id);
    return rc < 0 ? rc : 0;
}

int attendance_store_remove(struct db *db, long long session_id, long long person_id,
                            struct error *err)
{
    int has = attendance_store_has(db, session_id, person_id, err);
    if (has != 1)
        return has;
    struct stmt *st = db_stmt(db, "DELETE FROM attendance WHERE session_id = ? AND person_id = ?");
    stmt_bind_int(st, 1, session_id);
    stmt_bind_int(st, 2, person_id);
    int rc = stmt_exec(db, st, err);
    return rc < 0 ? rc : 1;
}

int attendance_store_has(struct db *db, long long session_id, long long person_id,
                         struct error *err)
{
    struct stmt *st =
        db_stmt(db, "SELECT 1 FROM attendance WHERE session_id = ? AND person_id = ?");
    stmt_bind_int(st, 1, session_id);
    stmt_bind_int(st, 2, person_id);
    int has = stmt_step(db, st, err);
    stmt_done(st);
    return has;
}

int attendance_store_each(struct db *db, long long session_id,
                          int (*fn)(long long person_id, void *arg), void *arg, struct error *err)
{
    struct stmt *st = db_stmt(db, record_select(&attendance_kind, "JOIN person p ON "
                                                                  "p.id = a.person_id WHERE "
                                                                  "a.session_id = ? "
                                                                  "ORDER BY p.sort_key, p.id"));
    int rc, stop = 0;
    stmt_bind_int(st, 1, session_id);
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct attendance a;
        record_from_row(&attendance_kind, st, &a);
        stop = fn(a.person_id, arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

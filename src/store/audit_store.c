/* audit_store: the hash-chained, append-only audit log; see include/store/audit_store.h. */
#include "store/audit_store.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void audit_entry_release(struct audit_entry *e)
{
    free(e->at);
    free(e->operator_name);
    free(e->action);
    free(e->entity);
    free(e->before);
    free(e->after);
    memset(e, 0, sizeof(*e));
}

void audit_entry_hash(const struct audit_entry *e, char out[HASH_HEX_LEN + 1])
{
    char num[32];
    struct hash_ctx *h = hash_new();

    hash_add_field(h, e->prev_hash);
    snprintf(num, sizeof(num), "%lld", e->id);
    hash_add_field(h, num);
    hash_add_field(h, e->at);
    hash_add_field(h, e->operator_name);
    hash_add_field(h, e->action);
    hash_add_field(h, e->entity);
    snprintf(num, sizeof(num), "%lld", e->entity_id);
    hash_add_field(h, num);
    /* NULL and "" must differ */
    hash_add_field(h, e->before ? "1" : "0");
    hash_add_field(h, e->before);
    hash_add_field(h, e->after ? "1" : "0");
    hash_add_field(h, e->after);
    hash_finish(h, out);
}

int audit_store_append(struct db *db, struct audit_entry *e, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    int rc = stmt_step(db, st, err);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        e->id = stmt_int(st, 0) + 1;
        snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", stmt_text(st, 1));
    } else {
        e->id = 1;
        snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", GENESIS_HASH);
    }
    stmt_done(st);
    audit_entry_hash(e, e->hash);
    st = db_stmt(db, "INSERT INTO audit_log(id, at, operator, action, entity, entity_id, before, "
                     "after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
    stmt_bind_int(st, 1, e->id);
    stmt_bind_text(st, 2, e->at);
    stmt_bind_text(st, 3, e->operator_name);
    stmt_bind_text(st, 4, e->action);
    stmt_bind_text(st, 5, e->entity);
    stmt_bind_int_or_null(st, 6, e->entity_id, e->entity_id == 0);
    stmt_bind_text(st, 7, e->before);
    stmt_bind_text(st, 8, e->after);
    stmt_bind_text(st, 9, e->prev_hash);
    stmt_bind_text(st, 10, e->hash);
    return stmt_exec(db, st, err);
}

static void entry_from_row(sqlite3_stmt *st, struct audit_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->id = stmt_int(st, 0);
    e->at = stmt_text_dup(st, 1);
    e->operator_name = stmt_text_dup(st, 2);
    e->action = stmt_text_dup(st, 3);
    e->entity = stmt_text_dup(st, 4);
    e->entity_id = stmt_int(st, 5);
    e->before = stmt_text_dup_or_null(st, 6);
    e->after = stmt_text_dup_or_null(st, 7);
    snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", stmt_text(st, 8));
    snprintf(e->hash, sizeof(e->hash), "%s", stmt_text(st, 9));
}

static int run_each(struct db *db, sqlite3_stmt *st, audit_fn fn, void *arg, struct error *err)
{
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        struct audit_entry e;
        entry_from_row(st, &e);
        stop = fn(&e, arg);
        audit_entry_release(&e);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

#define AUDIT_COLS                                                                                \
    "id, at, operator, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log "

int audit_store_each(struct db *db, audit_fn fn, void *arg, struct error *err)
{
    /* rowid order: the order entries were written, whatever their id column says */
    sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS "ORDER BY rowid");
    return run_each(db, st, fn, arg, err);
}

int audit_store_each_for(struct db *db, const char *entity, long long entity_id, audit_fn fn,
                         void *arg, struct error *err)
{
    /* one statement per filter: "?2 = 0 OR entity_id = ?2" cannot use the
     * second column of audit_entity, so a record's history scanned every
     * entry of its kind (and sorted them) */
    static const char *const sql[] = {
        "SELECT " AUDIT_COLS "WHERE entity = ?1 AND ?2 = 0 ORDER BY id",
        "SELECT " AUDIT_COLS "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    };
    sqlite3_stmt *st = db_stmt(db, sql[entity_id != 0]);
    stmt_bind_text(st, 1, entity);
    stmt_bind_int(st, 2, entity_id);
    return run_each(db, st, fn, arg, err);
}

int audit_store_last_for(struct db *db, const char *entity, long long entity_id,
                         struct audit_entry *e, struct error *err)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_COLS
                                   "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1");
    int rc;

    memset(e, 0, sizeof(*e));
    stmt_bind_text(st, 1, entity);
    stmt_bind_int(st, 2, entity_id);
    rc = stmt_step(db, st, err);
    if (rc == 1)
        entry_from_row(st, e);
    stmt_done(st);
    return rc;
}

char *audit_store_changed_keys(struct db *db, const char *a, const char *b)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT group_concat(x.key, ', ') FROM json_each(?1) x "
                                   "LEFT JOIN json_each(?2) y ON y.key = x.key "
                                   "WHERE y.key IS NULL OR x.type <> y.type OR x.atom IS NOT "
                                   "y.atom");
    char *keys = NULL;

    stmt_bind_text(st, 1, a ? a : "{}");
    stmt_bind_text(st, 2, b ? b : "{}");
    if (stmt_step(db, st, NULL) == 1)
        keys = stmt_text_dup(st, 0);
    stmt_done(st);
    return keys ? keys : xstrdup("");
}

long long audit_store_count(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM audit_log");
    long long n = 0;
    if (stmt_step(db, st, NULL) == 1)
        n = stmt_int(st, 0);
    stmt_done(st);
    return n;
}

/* One statement per entity: table names cannot be bound. */
static const struct {
    const char *entity;
    const char *state_sql;
    const char *missing_sql;
} tracked[] = {
#define LATEST(ent)                                                                               \
    "(SELECT a.after FROM audit_log a WHERE a.entity = '" ent "' AND a.entity_id = t.id "         \
    "ORDER BY a.id DESC LIMIT 1)"
#define MISSING(ent, table)                                                                       \
    "SELECT DISTINCT a.entity_id FROM audit_log a WHERE a.entity = '" ent "' AND a.after IS NOT " \
    "NULL AND NOT EXISTS (SELECT 1 FROM " table " t WHERE t.id = a.entity_id) ORDER BY 1"
    {"person", "SELECT t.id, " PERSON_JSON ", " LATEST("person") " FROM person t ORDER BY t.id",
     MISSING("person", "person")},
    {"device", "SELECT t.id, " DEVICE_JSON ", " LATEST("device") " FROM device t ORDER BY t.id",
     MISSING("device", "device")},
    {"handover",
     "SELECT t.id, " HANDOVER_JSON ", " LATEST("handover") " FROM handover t ORDER BY t.id",
     MISSING("handover", "handover")},
    {"round", "SELECT t.id, " ROUND_JSON ", " LATEST("round") " FROM round t ORDER BY t.id",
     MISSING("round", "round")},
    {"training_session",
     "SELECT t.id, " SESSION_JSON ", " LATEST("training_session")
     " FROM training_session t ORDER BY t.id",
     MISSING("training_session", "training_session")},
#undef LATEST
#undef MISSING
};

int audit_store_each_row_state(struct db *db, const char *entity,
                               int (*fn)(long long id, const char *current, const char *logged,
                                         void *arg),
                               void *arg, struct error *err)
{
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
        if (strcmp(tracked[i].entity, entity) != 0)
            continue;
        sqlite3_stmt *st = db_stmt(db, tracked[i].state_sql);
        int rc, stop = 0;
        while ((rc = stmt_step(db, st, err)) == 1) {
            stop = fn(stmt_int(st, 0), stmt_text(st, 1),
                      stmt_is_null(st, 2) ? NULL : stmt_text(st, 2), arg);
            if (stop)
                break;
        }
        stmt_done(st);
        return rc < 0 ? rc : stop;
    }
    return error_set(err, ERR_INTERNAL, "no audit tracking for '%s'", entity);
}

int audit_store_each_missing_row(struct db *db, const char *entity,
                                 int (*fn)(long long id, void *arg), void *arg,
                                 struct error *err)
{
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
        if (strcmp(tracked[i].entity, entity) != 0)
            continue;
        sqlite3_stmt *st = db_stmt(db, tracked[i].missing_sql);
        int rc, stop = 0;
        while ((rc = stmt_step(db, st, err)) == 1) {
            stop = fn(stmt_int(st, 0), arg);
            if (stop)
                break;
        }
        stmt_done(st);
        return rc < 0 ? rc : stop;
    }
    return error_set(err, ERR_INTERNAL, "no audit tracking for '%s'", entity);
}

int audit_store_each_attendance_problem(struct db *db,
                                        int (*fn)(long long session_id, long long person_id,
                                                  int in_table, void *arg),
                                        void *arg, struct error *err)
{
    /* The last entry of each (session, person) pair: SQLite takes the bare
     * columns of an aggregate query with max() from the row holding the
     * maximum. An attend logs "after", an unattend "before". */
    sqlite3_stmt *st = db_stmt(
        db, "WITH last AS ("
            "  SELECT entity_id AS s, "
            "         json_extract(coalesce(after, before), '$.person_id') AS p, "
            "         after IS NOT NULL AS present, max(id) "
            "  FROM audit_log WHERE entity = 'attendance' GROUP BY 1, 2) "
            "SELECT t.session_id, t.person_id, 1 FROM attendance t "
            "  LEFT JOIN last l ON l.s = t.session_id AND l.p = t.person_id "
            "  WHERE l.present IS NOT 1 "
            "UNION ALL "
            "SELECT l.s, l.p, 0 FROM last l WHERE l.present AND NOT EXISTS "
            "  (SELECT 1 FROM attendance t WHERE t.session_id = l.s AND t.person_id = l.p) "
            "ORDER BY 1, 2");
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1) {
        stop = fn(stmt_int(st, 0), stmt_int(st, 1), (int)stmt_int(st, 2), arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

/* audit_store: the hash-chained, append-only audit log; see include/store/audit_store.h. */
#include "store/audit_store.h"
#include "store_internal.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/person_store.h"
#include "store/round_store.h"
#include "store/training_store.h"
#include "store/unit_store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/i18n.h"
#include "core/strbuf.h"
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

/* The last entry: on a server, through capphat_audit_head, which an
 * operator of some communes (who reads only their entries) may call. */
#define HEAD_SQL(db)                                                                               \
    DIALECT(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",                         \
            "SELECT id, hash FROM capphat_audit_head() WHERE id IS NOT NULL")

#define SEAL_SQL "INSERT INTO audit_seal(id, key_id, mac) VALUES (?1, ?2, ?3)"

int audit_store_next(struct db *db, struct audit_entry *e, struct error *err)
{
    if (db->audit_head_known) {
        /* this transaction wrote the last entry (audit_store_write) */
        e->id = db->audit_head_id + 1;
        snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", db->audit_head_hash);
        audit_entry_hash(e, e->hash);
        return 0;
    }
    struct stmt *st = db_stmt(db, HEAD_SQL(db));
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
    return 0;
}

int audit_store_write(struct db *db, const struct audit_entry *e, const char *key_id,
                      const char *mac, struct error *err)
{
    struct stmt *st, *seal = NULL;
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
    if (key_id) {
        seal = db_stmt(db, SEAL_SQL);
        stmt_bind_int(seal, 1, e->id);
        stmt_bind_text(seal, 2, key_id);
        stmt_bind_text(seal, 3, mac);
    }
    /* the entry and its seal in one round trip on a server */
    int rc = stmt_exec_both(db, st, seal, err);
    if (rc == 0 && db->depth > 0) {
        db->audit_head_known = 1;
        db->audit_head_id = e->id;
        snprintf(db->audit_head_hash, sizeof(db->audit_head_hash), "%s", e->hash);
    }
    return rc;
}

int audit_store_append(struct db *db, struct audit_entry *e, struct error *err)
{
    int rc = audit_store_next(db, e, err);
    return rc ? rc : audit_store_write(db, e, NULL, NULL, err);
}

/* Is a column of this entry stored otherwise than capphat writes it? Its
 * hash reads the text of each field, so a field turned into a BLOB, given
 * bytes after a NUL, or a missing entity_id written as 0, would keep its
 * hash while no longer matching the lookups of a record's entries. The
 * field's name, or NULL. */
static const char *odd_field(struct stmt *row)
{
    sqlite3_stmt *st = row->lite;
    if (row->pg)
        return NULL; /* a server's columns hold their declared types only */
    static const char *const names[] = {"id",        "at",     "operator", "action",    "entity",
                                        "entity_id", "before", "after",    "prev_hash", "hash"};
    for (int i = 0; i < 10; i++) {
        int type = sqlite3_column_type(st, i);
        if (i == 0 || i == 5) {
            if (type == SQLITE_INTEGER ? sqlite3_column_int64(st, i) <= 0
                                       : !(i == 5 && type == SQLITE_NULL))
                return names[i];
        } else if (type == SQLITE_TEXT) {
            const unsigned char *t = sqlite3_column_text(st, i);
            if ((size_t)sqlite3_column_bytes(st, i) != strlen((const char *)t))
                return names[i];
        } else if (!((i == 6 || i == 7) && type == SQLITE_NULL)) {
            return names[i];
        }
    }
    return NULL;
}

static void entry_from_row(struct stmt *st, struct audit_entry *e)
{
    memset(e, 0, sizeof(*e));
    e->odd_field = odd_field(st); /* first: reading a field as text may convert it */
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
    snprintf(e->seal_key, sizeof(e->seal_key), "%s", stmt_text(st, 10));
    snprintf(e->seal, sizeof(e->seal), "%s", stmt_text(st, 11));
}

static int run_each(struct db *db, struct stmt *st, audit_fn fn, void *arg, struct error *err)
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

#define AUDIT_COLS                                                                                 \
    "id, at, operator, action, entity, entity_id, before, after, prev_hash, hash, "                \
    "(SELECT s.key_id FROM audit_seal s WHERE s.id = audit_log.id), "                              \
    "(SELECT s.mac FROM audit_seal s WHERE s.id = audit_log.id) FROM audit_log "

int audit_store_each(struct db *db, audit_fn fn, void *arg, struct error *err)
{
    return audit_store_each_after(db, 0, fn, arg, err);
}

/* A server gives a statement's rows all at once: a walk of a whole table
 * there reads it PAGE rows at a time, by its key (check of 100,000 persons
 * held half a million entries and every row in memory, 536 MB). */
#define PAGE 10000
#define PAGE_SQL "10000"

/* fn's stop, or the id of the last entry given (*last), counted in *n */
struct paged {
    audit_fn fn;
    void *arg;
    long long last, n;
};

static int paged_entry(const struct audit_entry *e, void *arg)
{
    struct paged *p = arg;
    p->last = e->id;
    p->n++;
    return p->fn(e, p->arg);
}

int audit_store_each_after(struct db *db, long long after, audit_fn fn, void *arg,
                           struct error *err)
{
    if (db->pg) {
        struct paged p = {.fn = fn, .arg = arg, .last = after};
        int rc;
        do {
            struct stmt *st =
                db_stmt(db, "SELECT " AUDIT_COLS "WHERE id > ?1 ORDER BY id LIMIT " PAGE_SQL);
            stmt_bind_int(st, 1, p.last);
            p.n = 0;
            rc = run_each(db, st, paged_entry, &p, err);
        } while (rc == 0 && p.n == PAGE);
        return rc;
    }
    /* rowid order: the order entries were written, whatever their id column
     * says; on a server, the order of the identity the server gave them */
    struct stmt *st = db_stmt(db, "SELECT " AUDIT_COLS "WHERE rowid > ?1 ORDER BY rowid");
    stmt_bind_int(st, 1, after);
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
    struct stmt *st = db_stmt(db, sql[entity_id != 0]);
    stmt_bind_text(st, 1, entity);
    stmt_bind_int(st, 2, entity_id);
    return run_each(db, st, fn, arg, err);
}

int audit_store_seal(struct db *db, long long id, const char *key_id, const char *mac,
                     struct error *err)
{
    struct stmt *st = db_stmt(db, SEAL_SQL);
    stmt_bind_int(st, 1, id);
    stmt_bind_text(st, 2, key_id);
    stmt_bind_text(st, 3, mac);
    return stmt_exec(db, st, err);
}

int audit_store_each_unsealed(struct db *db, int (*fn)(long long id, const char *hash, void *arg),
                              void *arg, struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT a.id, a.hash FROM audit_log a WHERE NOT EXISTS "
                                  "(SELECT 1 FROM audit_seal s WHERE s.id = a.id) ORDER BY a.id");
    int rc, stop = 0;
    while ((rc = stmt_step(db, st, err)) == 1)
        if ((stop = fn(stmt_int(st, 0), stmt_text(st, 1), arg)) != 0)
            break;
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

int audit_store_head(struct db *db, long long seq, long long *id, char hash[65], struct error *err)
{
    struct stmt *st =
        db_stmt(db, seq > 0 ? "SELECT id, hash FROM audit_log WHERE id = ?1" : HEAD_SQL(db));
    int rc;

    *id = 0;
    hash[0] = '\0';
    if (seq > 0)
        stmt_bind_int(st, 1, seq);
    rc = stmt_step(db, st, err);
    if (rc == 1) {
        *id = stmt_int(st, 0);
        snprintf(hash, 65, "%s", stmt_text(st, 1));
    }
    stmt_done(st);
    return rc;
}

/* SQLite's reason a file could not be read, in the operator's words. */
static const char *file_reason(int code, sqlite3 *h)
{
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return _("not an SQLite database");
    case SQLITE_CORRUPT:
        return _("damaged");
    case SQLITE_CANTOPEN:
        return _("it cannot be opened");
    case SQLITE_ERROR:
        if (h && strstr(sqlite3_errmsg(h), "no such table"))
            return _("it has no audit log");
        return h ? sqlite3_errmsg(h) : sqlite3_errstr(code);
    default:
        return h ? sqlite3_errmsg(h) : sqlite3_errstr(code);
    }
}

/* Open path read-only, for the queries below: 0, or ERR_CORRUPT with the
 * reason in err (a missing file, an empty one, not a database...). */
static int file_open(const char *path, sqlite3 **h, struct error *err)
{
    struct stat st;
    int rc;

    *h = NULL;
    if (lstat(path, &st) != 0)
        return error_set(err, ERR_CORRUPT, "%s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return error_set(err, ERR_CORRUPT, "%s", _("not a regular file"));
    if (st.st_size == 0)
        return error_set(err, ERR_CORRUPT, "%s", _("the file is empty"));
    rc = sqlite3_open_v2(path, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        error_set(err, ERR_CORRUPT, "%s", file_reason(rc, *h));
        sqlite3_close(*h);
        *h = NULL;
        return ERR_CORRUPT;
    }
    return 0;
}

/* The first row of sql (one 64-digit hash in column 1, its entry in
 * column 0) in *seq/hash: 1, 0 for none, or ERR_CORRUPT. */
static int file_entry(sqlite3 *h, const char *sql, long long bind, long long *seq, char hash[65],
                      struct error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(h, sql, -1, &q, NULL), found = -1;

    if (rc == SQLITE_OK) {
        if (bind)
            sqlite3_bind_int64(q, 1, bind);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_INTEGER &&
            sqlite3_column_bytes(q, 1) == 64) {
            *seq = sqlite3_column_int64(q, 0);
            memcpy(hash, sqlite3_column_text(q, 1), 65);
            found = 1;
        } else if (rc == SQLITE_DONE) {
            found = 0;
        }
    }
    if (found < 0)
        error_set(err, ERR_CORRUPT, "%s",
                  rc == SQLITE_ROW ? _("its audit log is malformed") : file_reason(rc, h));
    sqlite3_finalize(q);
    return found < 0 ? ERR_CORRUPT : found;
}

int audit_store_file_head(const char *path, long long *seq, char hash[65], struct error *err)
{
    sqlite3 *h;
    int rc;

    *seq = 0;
    hash[0] = '\0';
    if ((rc = file_open(path, &h, err)) != 0)
        return rc;
    rc =
        file_entry(h, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", 0, seq, hash, err);
    sqlite3_close(h);
    return rc;
}

int audit_store_identity(struct db *db, char hash[65], struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT hash FROM audit_log WHERE action = 'schema.create' "
                                  "ORDER BY id LIMIT 1");
    int found = stmt_step(db, st, err);
    hash[0] = '\0';
    if (found == 1)
        snprintf(hash, 65, "%s", stmt_text(st, 0));
    stmt_done(st);
    return found;
}

int audit_store_seal_key(struct db *db, char id[17], struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT key_id FROM audit_seal ORDER BY id DESC LIMIT 1");
    int found = stmt_step(db, st, err);
    if (found == 1)
        snprintf(id, 17, "%s", stmt_text(st, 0));
    stmt_done(st);
    return found;
}

static void restores_drop(struct db *db)
{
    for (size_t i = 0; i < db->n_restores; i++)
        free(db->restores[i]);
    free(db->restores);
    db->restores = NULL;
    db->n_restores = 0;
    db->restores_upto = 0;
}

/* The restores the log holds after those read before (db->restores):
 * every head file's write asks (seal_app), and the log of a large register
 * takes a tenth of a second to read whole. */
static int restores_read(struct db *db, struct error *err)
{
    long long top;
    char hash[65];
    int rc = audit_store_head(db, 0, &top, hash, err);
    if (rc < 0)
        return rc;
    if (top < db->restores_upto)
        restores_drop(db); /* not the log read before */
    if (top == db->restores_upto)
        return 0;
    struct stmt *st =
        db_stmt(db, DIALECT(db,
                            "SELECT json_extract(after, '$.replaced') FROM audit_log "
                            "WHERE id > ?1 AND id <= ?2 AND action = 'register.restore' AND "
                            "json_valid(after) ORDER BY id",
                            "SELECT after::json ->> 'replaced' FROM audit_log "
                            "WHERE id > ?1 AND id <= ?2 AND action = 'register.restore' AND "
                            "capphat_is_json(after) ORDER BY id"));
    stmt_bind_int(st, 1, db->restores_upto);
    stmt_bind_int(st, 2, top);
    while ((rc = stmt_step(db, st, err)) == 1) {
        db->restores = xrealloc(db->restores, (db->n_restores + 1) * sizeof(*db->restores));
        db->restores[db->n_restores++] = stmt_text_dup(st, 0);
    }
    stmt_done(st);
    if (rc < 0) {
        restores_drop(db); /* read again, whole, next time */
        return rc;
    }
    db->restores_upto = top;
    return 0;
}

int audit_store_each_replaced(struct db *db, int (*fn)(const char *folder, void *arg), void *arg,
                              struct error *err)
{
    int stop = 0;
    /* inside a transaction what it reads could be rolled back: read it
     * afresh, and keep nothing */
    if (db->depth > 0) {
        struct stmt *st = db_stmt(
            db, DIALECT(db,
                        "SELECT json_extract(after, '$.replaced') FROM audit_log "
                        "WHERE action = 'register.restore' AND json_valid(after) ORDER BY id DESC",
                        "SELECT after::json ->> 'replaced' FROM audit_log "
                        "WHERE action = 'register.restore' AND capphat_is_json(after) "
                        "ORDER BY id DESC"));
        int rc;
        while (!stop && (rc = stmt_step(db, st, err)) == 1)
            if (*stmt_text(st, 0))
                stop = fn(stmt_text(st, 0), arg);
        stmt_done(st);
        return rc < 0 ? rc : stop;
    }
    int rc = restores_read(db, err);
    if (rc < 0)
        return rc;
    /* the newest first */
    for (size_t i = db->n_restores; !stop && i-- > 0;)
        if (db->restores[i] && *db->restores[i])
            stop = fn(db->restores[i], arg);
    return stop;
}

int audit_store_file_facts(const char *path, struct audit_file_facts *f, struct error *err)
{
    sqlite3 *h;
    sqlite3_stmt *q = NULL;
    long long id;
    int rc;

    memset(f, 0, sizeof(*f));
    if ((rc = file_open(path, &h, err)) != 0)
        return rc;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        f->version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    rc = file_entry(h, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", 0, &f->last,
                    f->hash, err);
    /* what the register is: the entry that made it (schema.create, with a
     * number drawn at random), and its first entry */
    if (rc > 0) {
        file_entry(h,
                   "SELECT id, hash FROM audit_log WHERE action = 'schema.create' ORDER BY id "
                   "LIMIT 1",
                   0, &id, f->identity, NULL);
        file_entry(h, "SELECT id, hash FROM audit_log WHERE id = 1", 0, &id, f->first, NULL);
    }
    sqlite3_close(h);
    return rc < 0 ? rc : 0;
}

int audit_store_file_holds(const char *path, long long seq, const char *hash)
{
    sqlite3 *h;
    long long id;
    char have[65];
    int rc;

    if (file_open(path, &h, NULL) != 0)
        return 0;
    rc = file_entry(h, "SELECT id, hash FROM audit_log WHERE id = ?1", seq, &id, have, NULL);
    sqlite3_close(h);
    return rc == 1 && strcmp(have, hash) == 0;
}

int audit_store_last_for(struct db *db, const char *entity, long long entity_id,
                         struct audit_entry *e, struct error *err)
{
    /* entity_id 0 is stored NULL; each form walks the audit_entity index */
    static const char *const sql[] = {
        "SELECT " AUDIT_COLS "WHERE entity = ?1 AND entity_id IS NULL AND ?2 = 0 "
        "ORDER BY id DESC LIMIT 1",
        "SELECT " AUDIT_COLS "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1",
    };
    struct stmt *st = db_stmt(db, sql[entity_id != 0]);
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

int audit_store_changed_keys(struct db *db, const char *a, const char *b, char **keys,
                             struct error *err)
{
    struct stmt *st = db_stmt(db, "SELECT group_concat(x.key, ', ') FROM json_each(?1) x "
                                  "LEFT JOIN json_each(?2) y ON y.key = x.key "
                                  "WHERE y.key IS NULL OR x.type <> y.type OR x.atom IS NOT "
                                  "y.atom");

    stmt_bind_text(st, 1, a ? a : "{}");
    stmt_bind_text(st, 2, b ? b : "{}");
    int rc = stmt_step(db, st, err);
    /* one row: NULL when no key differs */
    *keys = rc == 1 ? stmt_text_dup(st, 0) : rc == 0 ? xstrdup("") : NULL;
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int audit_store_count(struct db *db, long long *n, struct error *err)
{
    return db_int(db, "SELECT count(*) FROM audit_log", n, err);
}

/*
 * One set of statements per entity (table names cannot be bound), made on
 * first use from the entity's table and key and its image: the record
 * kind's (store/field.h) or a literal.
 */
static struct tracked_entity {
    const char *entity, *table, *key;
    const char *json; /* the image of a row, or NULL: kind's */
    struct record_kind *kind;
    char *state_sql[3];   /* id, current image, last audited image: every row, or
                           * the rows touched since audit entry ?1 (schema step 7),
                           * or PAGE rows after key ?1 (on a server) */
    char *missing_sql[2]; /* ids in the log whose row is gone: all, or touched since */
    char *image_sql;      /* the current image of row ?1 */
    char *reimaged_sql;   /* audit_store_each_reimaged, from schema step reimaged_from */
    int reimaged_from;
} tracked[] = {
    {.entity = "person", .table = "person", .key = "id", .json = NULL, .kind = &person_kind},
    {.entity = "device", .table = "device", .key = "id", .json = NULL, .kind = &device_kind},
    {.entity = "handover", .table = "handover", .key = "id", .json = NULL, .kind = &handover_kind},
    {.entity = "round", .table = "round", .key = "id", .json = NULL, .kind = &round_kind},
    {.entity = "training_session",
     .table = "training_session",
     .key = "id",
     .json = NULL,
     .kind = &session_kind},
    {.entity = "unit", .table = "unit", .key = "id", .json = NULL, .kind = &unit_kind},
    {.entity = "ethnic_group",
     .table = "ethnic_group",
     .key = "id",
     .json = ETHNIC_JSON,
     .kind = NULL},
    {.entity = "receipt_print",
     .table = "receipt_print",
     .key = "handover_id",
     .json = RECEIPT_PRINT_JSON,
     .kind = NULL},
    {.entity = "return_print",
     .table = "return_print",
     .key = "handover_id",
     .json = RECEIPT_PRINT_JSON,
     .kind = NULL},
};

/* Add the pieces, NULL-terminated, to sb. */
static void add_all(struct strbuf *sb, ...)
{
    va_list ap;
    va_start(ap, sb);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
        strbuf_addstr(sb, s);
    va_end(ap);
}

static char *made(struct strbuf *sb)
{
    return strbuf_detach(sb, NULL);
}

static const struct tracked_entity *tracked_sql(size_t i)
{
    struct tracked_entity *t = &tracked[i];
    if (t->image_sql)
        return t;
    const char *json = t->json ? t->json : record_image_sql(t->kind, db_schema_version());
    const char *ent = t->entity, *table = t->table, *key = t->key;
    struct strbuf sb = STRBUF_INIT, latest = STRBUF_INIT;

    add_all(&latest, "(SELECT a.after FROM audit_log a WHERE a.entity = '", ent,
            "' AND a.entity_id = t.", key, " ORDER BY a.id DESC LIMIT 1)", NULL);
    add_all(&sb, "SELECT t.", key, ", ", json, ", ", latest.buf, " FROM ", table, " t ORDER BY t.",
            key, NULL);
    t->state_sql[0] = made(&sb);
    add_all(&sb, "SELECT t.", key, ", ", json, ", ", latest.buf, " FROM ", table, " t WHERE t.",
            key, " IN (SELECT k.id FROM touched k WHERE k.entity = '", table,
            "' AND k.seq >= ?1) ORDER BY t.", key, NULL);
    t->state_sql[1] = made(&sb);
    add_all(&sb, "SELECT t.", key, ", ", json, ", ", latest.buf, " FROM ", table, " t WHERE t.",
            key, " > ?1 ORDER BY t.", key, " LIMIT " PAGE_SQL, NULL);
    t->state_sql[2] = made(&sb);
    add_all(&sb, "SELECT DISTINCT a.entity_id FROM audit_log a WHERE a.entity = '", ent,
            "' AND a.after IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ", table, " t WHERE t.", key,
            " = a.entity_id) ORDER BY 1", NULL);
    t->missing_sql[0] = made(&sb);
    add_all(&sb, "SELECT k.id FROM touched k WHERE k.entity = '", table,
            "' AND k.seq >= ?1 AND NOT EXISTS (SELECT 1 FROM ", table, " t WHERE t.", key,
            " = k.id) AND (SELECT a.after FROM audit_log a WHERE a.entity = '", ent,
            "' AND a.entity_id = k.id ORDER BY a.id DESC LIMIT 1) IS NOT NULL ORDER BY 1", NULL);
    t->missing_sql[1] = made(&sb);
    add_all(&sb, "SELECT ", json, " FROM ", table, " t WHERE ", key, " = ?1", NULL);
    t->image_sql = made(&sb);
    strbuf_release(&latest);
    return t;
}

/* The tables recorded whole, entity_id 0. */
static const struct {
    const char *entity;
    const char *image_sql;
} tracked_tables[] = {
    {"setting", "SELECT " SETTING_TABLE_JSON},
    {"ethnic_alias", "SELECT " ETHNIC_ALIAS_TABLE_JSON},
    {"unit_successor", "SELECT " UNIT_SUCCESSOR_TABLE_JSON},
};

const char *audit_store_tracked(size_t i, int *whole)
{
    size_t n = sizeof(tracked) / sizeof(*tracked);
    if (i < n) {
        *whole = 0;
        return tracked[i].entity;
    }
    i -= n;
    if (i < sizeof(tracked_tables) / sizeof(*tracked_tables)) {
        *whole = 1;
        return tracked_tables[i].entity;
    }
    return NULL;
}

/* The image in the first row of st into *out: 1, 0 when there is none,
 * or a negative ERR_*. */
static int one_image(struct db *db, struct stmt *st, char **out, struct error *err)
{
    int rc = stmt_step(db, st, err);
    *out = rc == 1 ? stmt_text_dup(st, 0) : NULL;
    stmt_done(st);
    return rc;
}

int audit_store_image(struct db *db, const char *entity, long long id, char **out,
                      struct error *err)
{
    int rc;

    *out = NULL;
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
        if (strcmp(tracked[i].entity, entity) != 0)
            continue;
        struct stmt *st = db_stmt(db, tracked_sql(i)->image_sql);
        stmt_bind_int(st, 1, id);
        rc = one_image(db, st, out, err);
        if (rc == 0)
            return error_set(err, ERR_NOT_FOUND, _("%s: no row with id %lld"), entity, id);
        return rc < 0 ? rc : 0;
    }
    for (size_t i = 0; i < sizeof(tracked_tables) / sizeof(*tracked_tables); i++) {
        if (strcmp(tracked_tables[i].entity, entity) != 0)
            continue;
        /* one row, the table whole */
        rc = one_image(db, db_stmt(db, tracked_tables[i].image_sql), out, err);
        return rc < 0 ? rc : 0;
    }
    return error_set(err, ERR_INTERNAL, "no audit tracking for '%s'", entity);
}

int audit_store_table_state(struct db *db, const char *entity, char **current, char **logged,
                            struct error *err)
{
    struct audit_entry e;
    int rc;

    *logged = NULL;
    if ((rc = audit_store_image(db, entity, 0, current, err)) != 0)
        return rc;
    rc = audit_store_last_for(db, entity, 0, &e, err);
    if (rc < 0) {
        free(*current);
        *current = NULL;
        return rc;
    }
    if (rc == 1) {
        *logged = e.after ? xstrdup(e.after) : NULL;
        audit_entry_release(&e);
    }
    return 0;
}

int audit_store_each_row_state(struct db *db, const char *entity, long long since,
                               int (*fn)(long long id, const char *current, const char *logged,
                                         void *arg),
                               void *arg, struct error *err)
{
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
        if (strcmp(tracked[i].entity, entity) != 0)
            continue;
        int paged = db->pg && since == 0;
        long long last = 0, n;
        int rc, stop = 0;
        do {
            struct stmt *st = db_stmt(db, tracked_sql(i)->state_sql[paged ? 2 : since > 0]);
            if (since > 0 || paged)
                stmt_bind_int(st, 1, paged ? last : since);
            n = 0;
            while ((rc = stmt_step(db, st, err)) == 1) {
                last = stmt_int(st, 0);
                n++;
                stop =
                    fn(last, stmt_text(st, 1), stmt_is_null(st, 2) ? NULL : stmt_text(st, 2), arg);
                if (stop)
                    break;
            }
            stmt_done(st);
        } while (paged && rc == 0 && !stop && n == PAGE);
        return rc < 0 ? rc : stop;
    }
    return error_set(err, ERR_INTERNAL, "no audit tracking for '%s'", entity);
}

int audit_store_each_missing_row(struct db *db, const char *entity, long long since,
                                 int (*fn)(long long id, void *arg), void *arg, struct error *err)
{
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++) {
        if (strcmp(tracked[i].entity, entity) != 0)
            continue;
        struct stmt *st = db_stmt(db, tracked_sql(i)->missing_sql[since > 0]);
        if (since > 0)
            stmt_bind_int(st, 1, since);
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

int audit_store_schema_recorded(struct db *db, int *version, struct error *err)
{
    long long v;
    int rc = db_int(db,
                    DIALECT(db,
                            "SELECT max(json_extract(after, '$.to')) FROM audit_log "
                            "WHERE entity = 'schema' AND json_valid(after)",
                            "SELECT max((after::json ->> 'to')::bigint) FROM audit_log "
                            "WHERE entity = 'schema' AND capphat_is_json(after)"),
                    &v, err);
    *version = (int)v;
    return rc;
}

int audit_store_each_reimaged(struct db *db, const char *entity, int version,
                              int (*fn)(long long id, const char *before, const char *after,
                                        void *arg),
                              void *arg, struct error *err)
{
    struct tracked_entity *t = NULL;
    for (size_t i = 0; i < sizeof(tracked) / sizeof(*tracked); i++)
        if (strcmp(tracked[i].entity, entity) == 0 && tracked[i].kind)
            t = &tracked[i];
    if (!t)
        return error_set(err, ERR_INTERNAL, "no field table for '%s'", entity);
    /* made once per process: an upgrade starts from one version */
    if (!t->reimaged_sql || t->reimaged_from != version) {
        struct strbuf sb = STRBUF_INIT;
        add_all(&sb, "SELECT id, old, new FROM (SELECT t.", t->key, " AS id, ",
                record_image_sql(t->kind, version), " AS old, ",
                record_image_sql(t->kind, db_schema_version()),
                " AS new, (SELECT a.after FROM audit_log a WHERE a.entity = '", t->entity,
                "' AND a.entity_id = t.", t->key, " ORDER BY a.id DESC LIMIT 1) AS logged FROM ",
                t->table, " t) WHERE logged = old ORDER BY id", NULL);
        free(t->reimaged_sql);
        t->reimaged_sql = made(&sb);
        t->reimaged_from = version;
    }
    struct stmt *st = db_stmt(db, t->reimaged_sql);
    int rc, stop = 0;

    while (!stop && (rc = stmt_step(db, st, err)) == 1)
        stop = fn(stmt_int(st, 0), stmt_text(st, 1), stmt_text(st, 2), arg);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int audit_store_each_imei_problem(struct db *db,
                                  int (*fn)(const char *imei, long long device_id, int slot,
                                            int in_table, void *arg),
                                  void *arg, struct error *err)
{
    /* one pass over each table in its order: when the table holds exactly
     * the devices' IMEIs (the same sum of their hashes, db.c's entry_sum),
     * nothing to name; else the lookups that name each difference */
    struct stmt *st;
    int rc;
    if (!db->pg) { /* entry_sum is SQLite's (db.c): a server goes to the lookups */
        st = db_stmt(
            db, "SELECT (SELECT entry_sum(imei, device_id, slot) FROM imei) = (SELECT "
                "entry_sum(imei, id, slot) FROM (SELECT imei, id, 1 AS slot FROM device UNION ALL "
                "SELECT imei2, id, 2 FROM device WHERE imei2 IS NOT NULL))");
        rc = stmt_step(db, st, err);
        int same = rc == 1 && stmt_int(st, 0) == 1;
        stmt_done(st);
        if (rc < 0 || same)
            return rc < 0 ? rc : 0;
    }
    st = db_stmt(
        db, "SELECT i.imei, i.device_id, i.slot, 1 FROM imei i WHERE NOT EXISTS (SELECT 1 FROM "
            "device d WHERE d.id = i.device_id AND i.imei = CASE i.slot WHEN 1 THEN d.imei "
            "WHEN 2 THEN d.imei2 END) "
            "UNION ALL SELECT d.imei, d.id, 1, 0 FROM device d WHERE NOT EXISTS (SELECT 1 FROM "
            "imei i WHERE i.imei = d.imei AND i.device_id = d.id AND i.slot = 1) "
            "UNION ALL SELECT d.imei2, d.id, 2, 0 FROM device d WHERE d.imei2 IS NOT NULL AND "
            "NOT EXISTS (SELECT 1 FROM imei i WHERE i.imei = d.imei2 AND i.device_id = d.id AND "
            "i.slot = 2) ORDER BY 2, 3");
    int stop = 0;

    while (!stop && (rc = stmt_step(db, st, err)) == 1)
        stop =
            fn(stmt_text(st, 0), stmt_int(st, 1), (int)stmt_int(st, 2), (int)stmt_int(st, 3), arg);
    stmt_done(st);
    return rc < 0 ? rc : 0;
}

int audit_store_each_attendance_problem(struct db *db, long long since,
                                        int (*fn)(long long session_id, long long person_id,
                                                  int in_table, void *arg),
                                        void *arg, struct error *err)
{
    /* The last entry of each (session, person) pair: SQLite takes the bare
     * columns of an aggregate query with max() from the row holding the
     * maximum. An attend logs "after", an unattend "before". With since,
     * only the sessions whose attendance was touched since that entry. */
#define SESSIONS(col)                                                                              \
    "(?1 = 0 OR " col " IN (SELECT k.id FROM touched k WHERE k.entity = "                          \
    "'attendance' AND k.seq >= ?1))"
    // clang-format off
    static const char lite_sql[] =
        "WITH last AS ("
        "  SELECT entity_id AS s, "
        "         json_extract(coalesce(after, before), '$.person_id') AS p, "
        "         after IS NOT NULL AS present, max(id) "
        "  FROM audit_log WHERE entity = 'attendance' AND " SESSIONS("entity_id")
        "  GROUP BY 1, 2) "
        "SELECT t.session_id, t.person_id, 1 FROM attendance t "
        "  LEFT JOIN last l ON l.s = t.session_id AND l.p = t.person_id "
        "  WHERE l.present IS NOT 1 AND " SESSIONS("t.session_id")
        "UNION ALL "
        "SELECT l.s, l.p, 0 FROM last l WHERE l.present AND NOT EXISTS "
        "  (SELECT 1 FROM attendance t WHERE t.session_id = l.s AND t.person_id = l.p) "
        "ORDER BY 1, 2";
    /* on a server: the last entry of each pair by DISTINCT ON */
#define PERSON_OF "(coalesce(after, before)::json ->> 'person_id')::bigint"
    static const char pg_sql[] =
        "WITH last AS ("
        "  SELECT DISTINCT ON (entity_id, " PERSON_OF ") entity_id AS s, " PERSON_OF " AS p, "
        "         after IS NOT NULL AS present "
        "  FROM audit_log WHERE entity = 'attendance' AND " SESSIONS("entity_id")
        "  ORDER BY entity_id, " PERSON_OF ", id DESC) "
        "SELECT t.session_id, t.person_id, 1 FROM attendance t "
        "  LEFT JOIN last l ON l.s = t.session_id AND l.p = t.person_id "
        "  WHERE l.present IS NOT TRUE AND " SESSIONS("t.session_id")
        "UNION ALL "
        "SELECT l.s, l.p, 0 FROM last l WHERE l.present AND NOT EXISTS "
        "  (SELECT 1 FROM attendance t WHERE t.session_id = l.s AND t.person_id = l.p) "
        "ORDER BY 1, 2";
#undef PERSON_OF
    // clang-format on
    struct stmt *st = db_stmt(db, DIALECT(db, lite_sql, pg_sql));
#undef SESSIONS
    int rc, stop = 0;
    stmt_bind_int(st, 1, since);
    while ((rc = stmt_step(db, st, err)) == 1) {
        stop = fn(stmt_int(st, 0), stmt_int(st, 1), (int)stmt_int(st, 2), arg);
        if (stop)
            break;
    }
    stmt_done(st);
    return rc < 0 ? rc : stop;
}

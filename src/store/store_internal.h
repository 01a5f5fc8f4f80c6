/*
 * store_internal.h: the statement wrapper shared by the files of src/store/,
 * modelled on fossil's db.c. Not for use outside src/store/.
 *
 * Statements are prepared once per connection and cached by their SQL text
 * (the pointer of a string literal), bound, stepped, and reset by the caller
 * with stmt_done(). A statement that fails to prepare is a programming error:
 * fatal, and the SQL is printed.
 */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/error.h"
#include "store/db.h"
#include "store/field.h"

/* A prepared statement of the connection's engine, cached by its SQL
 * text. The engine's own handle is for the dialect-specific code of the
 * store (integrity checks that read SQLite's storage classes). */
struct stmt {
    const char *sql;    /* the literal it is cached by */
    sqlite3_stmt *lite; /* SQLite's statement */
    struct pg_stmt *pg; /* or PostgreSQL's (db_pg.c) */
};

struct db {
    sqlite3 *handle;
    void *pg;          /* the PGconn of a register on a PostgreSQL server (db_pg.c), else NULL */
    char pg_today[11]; /* the date capphat_today() gives on the server's session */
    int pg_conflict;   /* the last failure was the server's serialization failure */
    /* transaction statements (BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO) not
     * sent yet: they go with the next statement, in one round trip
     * (db_pg.c, pg_queue) */
    const char *pg_queued[16];
    struct pg_stmt *pg_queued_stmt[16]; /* or a write deferred (pg_defer), sql NULL */
    int n_pg_queued;
    /* the last audit entry this transaction wrote (audit_store_write):
     * the next one follows it without reading the head again */
    int audit_head_known;
    long long audit_head_id;
    char audit_head_hash[65];
    struct setting_cache *settings; /* a server's settings read in this transaction */
    /* the folders the log's restores kept the replaced register in
     * (audit_store_each_replaced), oldest first, read up to entry
     * restores_upto: the log only grows, so later calls read only the
     * entries after it */
    char **restores;
    size_t n_restores;
    long long restores_upto;
    int sees_all_known, sees_all; /* db_sees_all asked in this transaction, its answer */
    int pg_generic; /* plan_cache_mode is force_generic_plan (1), the default (0), unknown (-1) */
    int pg_plan_pinned; /* pg_plan_for_values is on: the mode is not changed */
    char *path;
    int depth; /* transaction nesting */
    int readonly;
    int upgrade_from;             /* the older schema version the file is at, 0 when current */
    int empty;                    /* no schema yet: made by schema_create when opened */
    int made_version;             /* the version a server register was made at, when older */
    int schema_ok;                /* the schema was found to be capphat's (db_begin) */
    int wal;                      /* journal_mode is WAL on this connection */
    void (*on_commit)(void *arg); /* after each outermost commit (db_on_commit) */
    void *on_commit_arg;
    struct stmt **cache;
    size_t n_cache, alloc_cache;
};

/* The settings a new register starts with (schema.c's first step and
 * schema_pg.c): the office's names are set by the office. */
#define FIRST_SETTINGS                                                                             \
    "INSERT INTO setting(key, value) VALUES\n"                                                     \
    "  ('office_name', 'BAN DÂN TỘC'),\n"                                                       \
    "  ('parent_body', 'UBND TỈNH BẮC KẠN'),\n"                                              \
    "  ('place_name', 'Bắc Kạn'),\n"                                                           \
    "  ('preparer_name', ''),\n"                                                                   \
    "  ('preparer_title', 'Người lập biểu'),\n"                                             \
    "  ('head_name', ''),\n"                                                                       \
    "  ('head_title', 'Thủ trưởng đơn vị'),\n"                                            \
    "  ('officer_name', ''),\n"                                                                    \
    "  ('officer_title', 'Cán bộ bàn giao'),\n"                                                \
    "  ('receipt_format', '{N}/BB-BDT'),\n"                                                        \
    "  ('language', 'vi'),\n"                                                                      \
    "  ('backup_keep', '7');\n"

/* What a transaction remembers of what it read or wrote (the last audit
 * entry, a server's settings), forgotten when it ends or a savepoint is
 * rolled back (db.c) and when SQL text is run (db_exec). */
void db_forget(struct db *db);
/* The settings read from a server in this transaction go (setting_store.c). */
void setting_cache_drop(struct db *db);

/* The text of a statement for the connection's engine: lite on a SQLite
 * file, pg on a server (string literals, each cached by itself). For the
 * few statements whose dialects differ more than db_pg.c translates. */
#define DIALECT(db, lite_sql, pg_sql) ((db)->pg ? (pg_sql) : (lite_sql))

/* The cached, reset statement for sql (a string literal). */
struct stmt *db_stmt(struct db *db, const char *sql);
/* Reset and clear bindings. */
void stmt_done(struct stmt *st);

void stmt_bind_int(struct stmt *st, int idx, long long v);
/* NULL binds SQL NULL; so does "" when empty_is_null. */
void stmt_bind_text(struct stmt *st, int idx, const char *s);
void stmt_bind_text_or_null(struct stmt *st, int idx, const char *s);
void stmt_bind_blob(struct stmt *st, int idx, const void *p, size_t n);
void stmt_bind_int_or_null(struct stmt *st, int idx, long long v, int is_null);
void stmt_bind_null(struct stmt *st, int idx);

/* Column helpers: text never NULL ("" for NULL); xdup returns a copy. */
const char *stmt_text(struct stmt *st, int col);
char *stmt_text_dup(struct stmt *st, int col);
char *stmt_text_dup_or_null(struct stmt *st, int col);
long long stmt_int(struct stmt *st, int col);
int stmt_is_null(struct stmt *st, int col);
/* A BLOB column's bytes (NULL when empty) and their number. */
const void *stmt_blob(struct stmt *st, int col, size_t *len);
/* The number of columns of a row, and the name of one. */
int stmt_column_count(struct stmt *st);
const char *stmt_column_name(struct stmt *st, int col);
/* The integer in the first column of sql's first row (a literal without
 * parameters: a count) into *n, 0 when there is no row. Returns 0, or a
 * negative ERR_* when the database could not be read. */
int db_int(struct db *db, const char *sql, long long *n, struct error *err);

/*
 * Step once. Returns 1 for a row, 0 when done, or a negative ERR_* with a
 * message built from SQLite's error (constraint → ERR_CONFLICT, busy →
 * ERR_BUSY, corrupt → ERR_CORRUPT, I/O, read-only, full → ERR_IO).
 */
int stmt_step(struct db *db, struct stmt *st, struct error *err);

/* Step a statement that returns no rows, then reset it. */
int stmt_exec(struct db *db, struct stmt *st, struct error *err);

/* Step an INSERT to its end, then reset it; *id (unless id is NULL) is
 * the new row's: from its RETURNING id, in the same round trip, else the
 * connection's last inserted id. Returns 0 or a negative ERR_*. */
int stmt_insert(struct db *db, struct stmt *st, long long *id, struct error *err);

/* Step two statements that return no rows (b may be NULL), then reset
 * them: on a server in one round trip. Returns 0 or the negative ERR_* of
 * the first that failed (b is not run when a failed). */
int stmt_exec_both(struct db *db, struct stmt *a, struct stmt *b, struct error *err);

/* A write whose result is not read (no rows), bound: on a server, sent
 * with the next statement in one round trip, and its failure is that
 * statement's (or the COMMIT's); on a file, stepped and reset now. For
 * writes another statement of the same transaction follows; returns 0 or
 * a negative ERR_*. */
int stmt_exec_later(struct db *db, struct stmt *st, struct error *err);

/* Run SQL text with no parameters (schema, pragmas). */
int db_exec(struct db *db, const char *sql, struct error *err);

/* Map a SQLite result code to an ERR_* and a message. */
int db_error(struct db *db, int rc, struct error *err);

/* The id of the last inserted row. */
long long db_last_id(struct db *db);

/*
 * The PostgreSQL engine (db_pg.c): the statement functions above call
 * these for a statement of a connection made by pg_connect.
 */
int pg_is_address(const char *s); /* postgresql://…, postgres://…, service=… */
int pg_connect(const char *conninfo, struct db **out, struct error *err);
/* db_open for a register on a server: its schema made when flags allow. */
int pg_open(const char *address, int flags, struct db **out, int *created, struct error *err);
void pg_disconnect(struct db *db);
char *pg_sql_text(const char *sql, int *n_params);
struct stmt *pg_prepare(struct db *db, const char *sql);
void pg_stmt_free(struct db *db, struct stmt *st);
void pg_done(struct stmt *st);
void pg_bind_int(struct stmt *st, int idx, long long v);
void pg_bind_null(struct stmt *st, int idx);
void pg_bind_text(struct stmt *st, int idx, const char *s);
void pg_bind_blob(struct stmt *st, int idx, const void *p, size_t n);
int pg_step(struct db *db, struct stmt *st, struct error *err);
const char *pg_text(struct stmt *st, int col);
long long pg_int(struct stmt *st, int col);
int pg_is_null(struct stmt *st, int col);
const void *pg_blob(struct stmt *st, int col, size_t *len);
int pg_column_count(struct stmt *st);
const char *pg_column_name(struct stmt *st, int col);
int pg_exec(struct db *db, const char *sql, struct error *err);
/* Wait for the writers' turn (take 1) before a write transaction's BEGIN,
 * give it back (0) after its end. */
int pg_write_turn(struct db *db, int take, struct error *err);
/* A transaction statement without parameters or rows (a literal: BEGIN,
 * SAVEPOINT nested, RELEASE nested, ROLLBACK TO nested), sent with the next
 * statement: its failure is that statement's. A savepoint given back with
 * nothing run in it is never sent. */
void pg_queue(struct db *db, const char *sql);
/* The end of the outermost transaction (COMMIT when ok, else ROLLBACK)
 * with what is queued, then the writers' turn given back, in one round
 * trip. Returns 0 or the ERR_* of the COMMIT (or of a statement queued). */
int pg_end(struct db *db, int ok, struct error *err);
/* From on = 1 to on = 0, every execution of a statement is planned for its
 * values: never a generic plan (see person_search_each). */
void pg_plan_for_values(struct db *db, int on);
long long pg_last_id(struct db *db);
/* stmt_exec_later on a server. */
int pg_defer(struct db *db, struct stmt *st, struct error *err);
/* stmt_exec_both on a server. */
int pg_exec_both(struct db *db, struct stmt *a, struct stmt *b, struct error *err);
const char *pg_user(struct db *db);
/* Each row of sql (no parameters; not cached), with its values as the
 * kinds say (PG_INT: decimal text, PG_BLOB: bytes, PG_TEXT), NULL for SQL
 * NULL. fn returns non-zero to stop; that is the result. */
enum { PG_TEXT, PG_INT, PG_BLOB };
typedef int (*pg_row_fn)(int n, const char *const *names, const char *const *values,
                         const size_t *lens, const int *kinds, void *arg);
int pg_each_row(struct db *db, const char *sql, pg_row_fn fn, void *arg, struct error *err);
/* "INSERT INTO table ("a", "b") VALUES (?, ?)" for n columns so named,
 * of the catalogue (db.c). A new string. */
char *insert_sql(const char *table, int n, const char *const *names);
/* Rows into a table of the server: n columns named so, each value text
 * (binary[i]: bytes of lens[i]), NULL for SQL NULL. The rows' errors may
 * come only from pg_insert_end, which ends the copy (ok 0: abandons it,
 * adding no error of its own). */
struct pg_insert;
struct pg_insert *pg_insert_begin(struct db *db, const char *table, int n, const char *const *names,
                                  struct error *err);
int pg_insert_row(struct pg_insert *ins, const char *const *values, const int *lens,
                  const int *binary, int n, struct error *err);
int pg_insert_end(struct pg_insert *ins, int ok, struct error *err);

/* The schema on a server (schema_pg.c): made whole at once, at the SQLite
 * schema version schema_pg_version() gives. */
int schema_pg_version(void);
int schema_pg_create(struct db *db, struct error *err);
/* The same inside the caller's transaction. */
int schema_pg_make(struct db *db, struct error *err);
/* A register of version from brought to schema_pg_version(), a step a
 * transaction; only by the register's owner. */
int schema_pg_upgrade(struct db *db, int from, struct error *err);
/* ERR_IO naming the owner's command when this role cannot upgrade it. */
int schema_pg_may_upgrade(struct db *db, int from, struct error *err);
/* db_schema_diff on a server: the register's objects against those
 * schema_pg makes (in a scratch schema, rolled back). */
int schema_pg_diff(struct db *db,
                   void (*fn)(const char *type, const char *name, int how, void *arg), void *arg,
                   struct error *err);
/* The version a server database is at; 0 when it has no capphat schema. */
int schema_pg_version_of(struct db *db, int *version, struct error *err);

/*
 * What the store derives from a record kind's field table (store/field.h,
 * field.c). Each returns a statement's text made once per process; the
 * literal pieces the caller gives (suffix, extras) must be the same
 * string literal at every call.
 *
 * record_select: "SELECT <each FIELD_READ field> <from> <suffix>".
 * record_from_row: read those columns, from column 0, into rec; returns
 *   the number of columns read.
 * record_insert_sql: "INSERT INTO table(<FIELD_COLUMN fields>, extra_cols)
 *   VALUES (?1, ..., ?n, extra_values)", on a server with RETURNING id
 *   for a kind whose rows are named by their id (stmt_insert reads it)
 *   (extra_cols NULL: no extras, and extra_values is not read);
 *   record_update_sql: "UPDATE table
 *   SET <field> = ?1, ..., extra_sets" (extra_sets ends with the WHERE).
 *   record_bind binds the fields as ?1..?n and returns n; the extras take
 *   the parameters after them ("?" numbers on from n).
 * record_image_sql: the json_object() of the FIELD_AUDIT fields whose
 *   since is at most version: the audit log's image of a row, selected
 *   from its table as t (a field's image may read other tables).
 */
const char *record_select(struct record_kind *k, const char *suffix);
int record_from_row(const struct record_kind *k, struct stmt *st, void *rec);
const char *record_insert_sql(struct db *db, struct record_kind *k, const char *extra_cols,
                              const char *extra_values);
const char *record_update_sql(struct record_kind *k, const char *extra_sets);
int record_bind(const struct record_kind *k, struct stmt *st, const void *rec);
const char *record_image_sql(struct record_kind *k, int version);
/* "SELECT <the image at the current schema step> FROM table t WHERE <where>"
 * (where: "id = ?1" unless the kind says) */
const char *record_snapshot_sql(struct record_kind *k);

/*
 * The usual statements of a kind, run. record_get: the row whose id is id
 * (record_select), read into rec (zeroed first, size bytes).
 * record_snapshot: its image (record_snapshot_sql) into *out (a new
 * string, NULL unless found). Both return 0 with the row, ERR_NOT_FOUND
 * with the kind's missing message when there is none, or another negative
 * ERR_* when the database could not be read. record_insert: a row of the
 * kind's columns (no extras), its id in *id (id may be NULL); 0 or a
 * negative ERR_*.
 */
int record_get(struct db *db, struct record_kind *k, long long id, void *rec, size_t size,
               struct error *err);
int record_snapshot(struct db *db, struct record_kind *k, long long id, char **out,
                    struct error *err);
int record_insert(struct db *db, struct record_kind *k, const void *rec, long long *id,
                  struct error *err);

/*
 * A device's status as read: its stored state (device d), or
 * 'handed_over' when its open handover h (LEFT JOINed on h.device_id =
 * d.id AND h.returned_on IS NULL) exists — one fact, since schema step 12.
 */
#define DEVICE_STATUS(d, h) "CASE WHEN " h ".id IS NULL THEN " d ".status ELSE 'handed_over' END"
/* The number of open handovers, the devices handed over: all handovers
 * (counted from the b-tree, without reading its entries) less the closed
 * ones (handover_closed, the few), faster than reading the open ones. */
#define OPEN_HANDOVER_COUNT                                                                        \
    "((SELECT count(*) FROM handover) - "                                                          \
    "(SELECT count(*) FROM handover WHERE returned_on IS NOT NULL))"

/*
 * The JSON image of a row as the audit log records it. One definition per
 * table, used both when an entry is written and when `check` compares the
 * table with the log, so that the two can never drift apart.
 */
#define ETHNIC_JSON                                                                                \
    "json_object('id', id, 'code', code, 'code_list', code_list, 'name', name, 'name_fold', "      \
    "name_fold)"
/* (and of return_print, which has the same columns) */
#define RECEIPT_PRINT_JSON                                                                         \
    "json_object('handover_id', handover_id, 'printed_at', printed_at, 'prints', prints, "         \
    "'data', data)"
/* Tables without an id of their own, each recorded whole: the office's
 * settings, the spellings of ethnic groups, the 2025 successors of units. */
#define SETTING_TABLE_JSON                                                                         \
    "(SELECT json_group_object(key, value) FROM (SELECT key, value FROM setting ORDER BY key))"
#define ETHNIC_ALIAS_TABLE_JSON                                                                    \
    "(SELECT json_group_array(json_array(alias_fold, ethnic_id, alias)) FROM (SELECT * FROM "      \
    "ethnic_alias ORDER BY alias_fold))"
#define UNIT_SUCCESSOR_TABLE_JSON                                                                  \
    "(SELECT json_group_array(json_array(old_id, new_id, effective)) FROM (SELECT * FROM "         \
    "unit_successor ORDER BY old_id, new_id))"

/*
 * The administrative unit that stands on a date for the unit whose id is
 * the SQL expression col: the unit that replaced it in a reorganisation in
 * force by then (date: an SQL expression, "?3" or "capphat_today()"), else
 * the unit itself. One step: the reference data hold one reorganisation
 * (1 July 2025), and none of its new units was replaced since.
 */
#define UNIT_AT(col, date)                                                                         \
    "COALESCE((SELECT ux.new_id FROM unit_successor ux WHERE ux.old_id = " col                     \
    " AND ux.effective <= " date " ORDER BY ux.effective DESC LIMIT 1), " col ")"

/*
 * SQL: the unit whose id is col is the unit whose id is unit, or one of
 * the units it absorbed: a new commune includes the people of the old
 * communes that merged into it.
 */
#define UNIT_WITHIN(col, unit)                                                                     \
    "(" col " = " unit " OR " col " IN (SELECT uy.old_id FROM unit_successor uy "                  \
    "WHERE uy.new_id = " unit "))"

/*
 * The tails of a person's folded name, one from the start of each word to
 * the end, as SELECT columns (tail, pos: 0 for the whole name, 1 for the
 * later words) FROM json_each(...) AS j, for the
 * person_word triggers and for `check`: the name is made a JSON array of
 * its words (escaping \\, " and tab/newline) and each word's tail starts
 * after the words before it and their spaces. row: the person row (p, NEW).
 */
#define PERSON_TAILS(row)                                                                          \
    "substr(" row ".name_fold, 1 + coalesce(sum(length(j.value) + 1) OVER (PARTITION BY " row      \
    ".id ORDER BY j.key ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)), min(j.key, 1)"
#define PERSON_WORDS(row)                                                                          \
    "json_each('[\"' || replace(replace(replace(replace(replace(" row ".name_fold, '\\', "         \
    "'\\\\'), '\"', '\\\"'), char(9), '\\t'), char(10), '\\n'), ' ', '\",\"') || '\"]') j"

/*
 * A person row as struct person holds it: PERSON_SELECT("WHERE ..."), the
 * columns and joins of the person's field table (person_kind), read with
 * person_store_from_row (person_store.c), by person_store.c and the lists
 * of person_search.c. suffix: a string literal.
 */
#define PERSON_SELECT(suffix) record_select(&person_kind, suffix)

struct person;
/* Fill p from the current row of a PERSON_SELECT statement; release with
 * person_release. */
void person_store_from_row(struct stmt *st, struct person *p);

/*
 * For tests: the most candidates of a search tier that person lists sort in
 * memory before walking the index instead (-1: the default; 0: always walk).
 */
void person_search_set_collect_cap(long long cap);

/*
 * Schema (schema.c). schema_check refuses a file that is not ours, is newer,
 * or needs an upgrade while opened read-only, and notes in db->upgrade_from
 * the version an older file is at (0: none needed). schema_create makes a
 * new file's schema.
 */
int schema_check(struct db *db, int existing, struct error *err);
int schema_create(struct db *db, struct error *err);
/* The same, made only up to version (a copy of an older register). */
int schema_create_at(struct db *db, int version, struct error *err);

#endif

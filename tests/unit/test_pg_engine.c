/*
 * The statement interface of src/store/ on a PostgreSQL server: the same
 * calls the store makes on SQLite (db_stmt, bind, step, read, stmt_done,
 * db_exec, transactions' statements, db_last_id) give the same answers on
 * a real server, and the server's failures come back as capphat's error
 * codes. The server is a private one this test starts in its own folder
 * (tests/lib/pgserver.sh) and stops at the end.
 *
 * White-box (store_internal.h): the statement functions are the store's
 * internal interface; nothing outside src/store/ sees them.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../src/store/store_internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/person_search.h"

static char dir[64];
static char address[256];
static struct db *db;

static int setup(void **state)
{
    snprintf(dir, sizeof(dir), "%s/capphat-pg.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    chmod(dir, 0755); /* the server's own user must reach its folder */
    char *cmd = xasprintf("tests/lib/pgserver.sh start '%s/server'", dir);
    FILE *p = popen(cmd, "r");
    free(cmd);
    if (!p || !fgets(address, sizeof(address), p)) {
        if (p)
            pclose(p);
        return -1;
    }
    address[strcspn(address, "\n")] = '\0';
    if (pclose(p) != 0)
        return -1;
    struct error err = ERROR_INIT;
    if (pg_connect(address, &db, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static struct db *reg;

static int teardown(void **state)
{
    db_close(reg);
    db_close(db);
    char *cmd = xasprintf("tests/lib/pgserver.sh stop '%s/server'; rm -rf '%s'", dir, dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void sql_text_takes_sqlite_parameters(void **state)
{
    int n;
    char *t = pg_sql_text("SELECT ?, ?3, ? FROM x WHERE a = '?' AND \"b?\" = ?1", &n);
    assert_string_equal(t, "SELECT $1, $3, $4 FROM x WHERE a = '?' AND \"b?\" = $1");
    assert_int_equal(n, 4);
    free(t);
    t = pg_sql_text("SELECT name FROM t ORDER BY name COLLATE vi, 'it''s ?' COLLATE vietnam", &n);
    assert_string_equal(t, "SELECT name FROM t ORDER BY name COLLATE \"vi-x-icu\", 'it''s ?' "
                           "COLLATE vietnam");
    assert_int_equal(n, 0);
    free(t);
    /* no limit: -1 in SQLite, NULL in PostgreSQL */
    t = pg_sql_text("SELECT a FROM t LIMIT ?2 OFFSET ?3", &n);
    assert_string_equal(t, "SELECT a FROM t LIMIT nullif($2, -1) OFFSET $3");
    free(t);
    t = pg_sql_text("SELECT a FROM t LIMIT -1 OFFSET ?", &n);
    assert_string_equal(t, "SELECT a FROM t LIMIT ALL OFFSET $1");
    free(t);
    /* named parameters numbered as SQLite numbers them; casts kept */
    t = pg_sql_text("INSERT INTO t VALUES (?, ?, :now, :now, ?, :then, x::text)", &n);
    assert_string_equal(t, "INSERT INTO t VALUES ($1, $2, $3, $3, $4, $5, x::text)");
    assert_int_equal(n, 5);
    free(t);
    /* JSON: the outermost call gives SQLite's text, the inner ones json */
    t = pg_sql_text("SELECT json_object('a', json_array(1, x), 'b', (SELECT "
                    "json_group_array(y) FROM t)) FROM u",
                    &n);
    assert_string_equal(t, "SELECT capphat_json(json_build_object('a', json_build_array(1, x), "
                           "'b', (SELECT coalesce(json_agg(y), '[]'::json) FROM t))) FROM u");
    free(t);
    /* a subquery in FROM gets the name PostgreSQL 15 wants */
    t = pg_sql_text("SELECT a FROM (SELECT a FROM t ORDER BY a) WHERE a > 1 UNION SELECT b FROM "
                    "(SELECT b FROM u) x JOIN (SELECT c FROM v) ON 1",
                    &n);
    assert_string_equal(t, "SELECT a FROM (SELECT a FROM t ORDER BY a) AS capphat_from_1 WHERE "
                           "a > 1 UNION SELECT b FROM (SELECT b FROM u) x JOIN (SELECT c FROM v) "
                           "AS capphat_from_2 ON 1");
    free(t);
}

static void rows_round_trip(void **state)
{
    struct error err = ERROR_INIT;
    assert_int_equal(db_exec(db,
                             "CREATE TABLE person (id bigint GENERATED ALWAYS AS IDENTITY "
                             "PRIMARY KEY, full_name text NOT NULL UNIQUE, birth_year integer, "
                             "photo bytea)",
                             &err),
                     0);
    static const char ins[] = "INSERT INTO person (full_name, birth_year, photo) VALUES (?, ?, ?)";
    static const unsigned char bytes[] = {0, 1, 2, 255, '\\', 'x'};
    struct stmt *st = db_stmt(db, ins);
    stmt_bind_text(st, 1, "Hoàng Văn Thượng");
    stmt_bind_int(st, 2, 1958);
    stmt_bind_blob(st, 3, bytes, sizeof(bytes));
    assert_int_equal(stmt_exec(db, st, &err), 0);
    long long first = db_last_id(db);
    assert_true(first > 0);
    /* the cached statement is found by its text and reused */
    assert_ptr_equal(db_stmt(db, ins), st);
    stmt_bind_text(st, 1, "Lý A Páo");
    stmt_bind_null(st, 2);
    stmt_bind_null(st, 3);
    assert_int_equal(stmt_exec(db, st, &err), 0);
    assert_int_equal(db_last_id(db), first + 1);

    st = db_stmt(db, "SELECT id, full_name, birth_year, photo, birth_year IS NULL FROM person "
                     "ORDER BY full_name COLLATE vi");
    assert_int_equal(stmt_column_count(st), 5);
    assert_string_equal(stmt_column_name(st, 1), "full_name");
    /* Vietnamese order: Hoàng before Lý */
    assert_int_equal(stmt_step(db, st, &err), 1);
    assert_int_equal(stmt_int(st, 0), first);
    assert_string_equal(stmt_text(st, 1), "Hoàng Văn Thượng");
    assert_int_equal(stmt_int(st, 2), 1958);
    size_t len;
    const void *b = stmt_blob(st, 3, &len);
    assert_int_equal(len, sizeof(bytes));
    assert_memory_equal(b, bytes, sizeof(bytes));
    assert_int_equal(stmt_int(st, 4), 0); /* a boolean reads as 0 or 1 */
    assert_int_equal(stmt_step(db, st, &err), 1);
    assert_string_equal(stmt_text(st, 1), "Lý A Páo");
    assert_true(stmt_is_null(st, 2));
    assert_string_equal(stmt_text(st, 2), "");
    assert_int_equal(stmt_int(st, 4), 1);
    assert_int_equal(stmt_step(db, st, &err), 0);
    stmt_done(st);

    long long n;
    assert_int_equal(db_int(db, "SELECT count(*) FROM person", &n, &err), 0);
    assert_int_equal(n, 2);
}

static void failures_are_capphat_errors(void **state)
{
    struct error err = ERROR_INIT;
    struct stmt *st = db_stmt(db, "INSERT INTO person (full_name) VALUES (?1)");
    stmt_bind_text(st, 1, "Lý A Páo");
    assert_int_equal(stmt_exec(db, st, &err), ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "person_full_name_key"));
    error_clear(&err);
    /* the statement is usable again after its failure */
    stmt_bind_text(st, 1, "Ma Thị Thu");
    assert_int_equal(stmt_exec(db, st, &err), 0);
    /* a trigger's refusal (as the append-only audit log's) is a conflict */
    assert_int_equal(db_exec(db,
                             "CREATE FUNCTION no_change() RETURNS trigger LANGUAGE plpgsql AS "
                             "$$BEGIN RAISE EXCEPTION 'the audit log is append-only'; END$$; "
                             "CREATE TRIGGER person_keep BEFORE DELETE ON person FOR EACH ROW "
                             "EXECUTE FUNCTION no_change()",
                             &err),
                     0);
    assert_int_equal(db_exec(db, "DELETE FROM person", &err), ERR_CONFLICT);
    assert_string_equal(err.msg, "the audit log is append-only");
    error_clear(&err);
}

static void transactions_and_savepoints(void **state)
{
    struct error err = ERROR_INIT;
    long long n;
    assert_int_equal(stmt_exec(db, db_stmt(db, "BEGIN ISOLATION LEVEL SERIALIZABLE"), &err), 0);
    assert_int_equal(stmt_exec(db, db_stmt(db, "SAVEPOINT nested"), &err), 0);
    struct stmt *st = db_stmt(db, "INSERT INTO person (full_name) VALUES (?1)");
    stmt_bind_text(st, 1, "Nông Văn Dền");
    assert_int_equal(stmt_exec(db, st, &err), 0);
    assert_int_equal(stmt_exec(db, db_stmt(db, "ROLLBACK TO nested"), &err), 0);
    assert_int_equal(stmt_exec(db, db_stmt(db, "RELEASE nested"), &err), 0);
    assert_int_equal(stmt_exec(db, db_stmt(db, "COMMIT"), &err), 0);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM person WHERE full_name = 'Nông Văn Dền'", &n, &err), 0);
    assert_int_equal(n, 0);
}

/* Advisory locks held on the server: the writers' turn given back is 0. */
static long long turns_held(void)
{
    long long n = -1;
    struct error err = ERROR_INIT;
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", &n, &err), 0);
    return n;
}

/* db_begin/db_end on a server: BEGIN, SAVEPOINT, RELEASE and a write
 * deferred go with the next statement; a failure among them is that
 * statement's, or the COMMIT's, and nothing of it is committed. */
static void queued_statements_fail_where_they_go(void **state)
{
    struct error err = ERROR_INIT;
    long long n;
    static const char ins[] = "INSERT INTO person (full_name) VALUES (?1)";
    db->schema_ok = 1; /* a bare database: no register's schema to check */

    /* a savepoint whose insert failed is rolled back, the rest goes on */
    assert_int_equal(db_begin(db, &err), 0);
    assert_int_equal(db_begin(db, &err), 0);
    struct stmt *st = db_stmt(db, ins);
    stmt_bind_text(st, 1, "Lý A Páo"); /* there already */
    assert_int_equal(stmt_exec(db, st, &err), ERR_CONFLICT);
    error_clear(&err);
    assert_int_equal(db_end(db, 0, NULL), 0);
    stmt_bind_text(st, 1, "Triệu Thị Hoa");
    assert_int_equal(stmt_exec(db, st, &err), 0);
    /* a savepoint in which nothing ran is never sent */
    assert_int_equal(db_begin(db, &err), 0);
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM person WHERE full_name = 'Triệu Thị Hoa'", &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(turns_held(), 0);

    /* a deferred write that fails: the next statement says so */
    assert_int_equal(db_begin(db, &err), 0);
    stmt_bind_text(st, 1, "Ma Thị Thu"); /* there already */
    assert_int_equal(stmt_exec_later(db, st, &err), 0);
    struct stmt *count = db_stmt(db, "SELECT count(*) FROM person");
    assert_int_equal(stmt_step(db, count, &err), ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "person_full_name_key"));
    error_clear(&err);
    assert_int_equal(db_end(db, 0, NULL), 0);
    assert_int_equal(turns_held(), 0);

    /* ... or the COMMIT, which then commits nothing */
    assert_int_equal(db_begin(db, &err), 0);
    stmt_bind_text(st, 1, "Sầm Văn Lục");
    assert_int_equal(stmt_exec(db, st, &err), 0);
    stmt_bind_text(st, 1, "Ma Thị Thu");
    assert_int_equal(stmt_exec_later(db, st, &err), 0);
    assert_int_equal(db_end(db, 1, &err), ERR_CONFLICT);
    assert_non_null(strstr(err.msg, "person_full_name_key"));
    error_clear(&err);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM person WHERE full_name = 'Sầm Văn Lục'", &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(turns_held(), 0);
}

static void lost_server_is_an_io_error(void **state)
{
    struct error err = ERROR_INIT;
    struct db *gone;
    char *bad = xasprintf("postgresql:///nosuchdb?host=%s/server&user=nobody", dir);
    assert_int_equal(pg_connect(bad, &gone, &err), ERR_IO);
    assert_null(gone);
    assert_non_null(strstr(err.msg, "cannot connect to the database server"));
    free(bad);
    error_clear(&err);
}

/* A second database on the server, with capphat's schema: reg. */

static void schema_made_whole(void **state)
{
    struct error err = ERROR_INIT;
    int version;
    assert_int_equal(db_exec(db, "CREATE DATABASE register", &err), 0);
    char *addr = xasprintf("%s", address);
    char *at = strstr(addr, "/capphat?");
    assert_non_null(at);
    char *other = xasprintf("%.*s/register?%s", (int)(at - addr), addr, at + 9);
    assert_int_equal(pg_connect(other, &reg, &err), 0);
    free(addr);
    free(other);
    assert_int_equal(schema_pg_version_of(reg, &version, &err), 0);
    assert_int_equal(version, 0);
    assert_int_equal(schema_pg_create(reg, &err), 0);
    assert_int_equal(schema_pg_version_of(reg, &version, &err), 0);
    /* the version SQLite files are brought to: a new migration step of
     * schema.c is made in schema_pg.c too */
    assert_int_equal(version, db_schema_version());
    long long n;
    assert_int_equal(db_int(reg, "SELECT count(*) FROM setting", &n, &err), 0);
    assert_true(n >= 10);
}

/* Run sql on the register; its error code. */
static int run(const char *sql)
{
    struct error err = ERROR_INIT;
    int rc = db_exec(reg, sql, &err);
    error_clear(&err);
    return rc;
}

static void schema_keeps_its_rules(void **state)
{
    assert_int_equal(run("INSERT INTO unit (id, level, name, name_fold) VALUES "
                         "(1, 'commune', 'Chợ Rã', 'cho ra')"),
                     0);
    assert_int_equal(run("INSERT INTO person (id, full_name, name_fold, sort_key, gender, "
                         "commune_id, created_at, updated_at) VALUES (1, 'Lý A Páo', "
                         "'ly a pao', '\\x01', 'M', 1, 'x', 'x'), (2, 'Ma Thị Thu', "
                         "'ma thi thu', '\\x02', 'F', 1, 'x', 'x')"),
                     0);
    assert_int_equal(run("INSERT INTO device (id, imei, imei2, model, created_at, updated_at) "
                         "VALUES (1, '490154203237518', '356938035643809', 'A', 'x', 'x')"),
                     0);
    /* an IMEI appears once, first or second */
    assert_int_equal(run("INSERT INTO device (id, imei, model, created_at, updated_at) "
                         "VALUES (2, '356938035643809', 'A', 'x', 'x')"),
                     ERR_CONFLICT);
    assert_int_equal(run("INSERT INTO device (id, imei, model, created_at, updated_at) "
                         "VALUES (2, '353918051234561', 'A', 'x', 'x')"),
                     0);
    assert_int_equal(run("UPDATE device SET imei2 = '490154203237518' WHERE id = 2"), ERR_CONFLICT);
    /* one open handover per device and per person and round */
    assert_int_equal(run("INSERT INTO handover (id, receipt_no, device_id, person_id, "
                         "handed_on, created_at) VALUES (1, '1/BB', 1, 1, '2025-03-01', 'x')"),
                     0);
    assert_int_equal(run("INSERT INTO handover (id, receipt_no, device_id, person_id, "
                         "handed_on, created_at) VALUES (2, '2/BB', 1, 2, '2025-03-02', 'x')"),
                     ERR_CONFLICT);
    assert_int_equal(run("INSERT INTO handover (id, receipt_no, device_id, person_id, "
                         "handed_on, created_at) VALUES (2, '2/BB', 2, 1, '2025-03-02', 'x')"),
                     ERR_CONFLICT);
    /* the device of an open handover stays in stock */
    assert_int_equal(run("UPDATE device SET status = 'repair' WHERE id = 1"), ERR_CONFLICT);
    /* custody periods never overlap */
    assert_int_equal(run("UPDATE handover SET returned_on = '2025-04-01', return_reason = "
                         "'defective' WHERE id = 1"),
                     0);
    assert_int_equal(run("INSERT INTO handover (id, receipt_no, device_id, person_id, "
                         "handed_on, returned_on, return_reason, created_at) VALUES (2, "
                         "'2/BB', 1, 2, '2025-03-15', '2025-03-20', 'other', 'x')"),
                     ERR_CONFLICT);
    /* handovers and devices are never deleted; the audit log only grows */
    assert_int_equal(run("DELETE FROM handover"), ERR_CONFLICT);
    assert_int_equal(run("DELETE FROM device WHERE id = 2"), ERR_CONFLICT);
    /* an entry follows the last one with the hash of its fields */
    assert_int_equal(run("INSERT INTO audit_log (at, operator, action, entity, prev_hash, "
                         "hash) VALUES ('x', 'tester (' || session_user || ')', 'person.add', "
                         "'person', repeat('0', 64), 'h1')"),
                     ERR_CONFLICT);
    assert_int_equal(
        run("INSERT INTO audit_log (id, at, operator, action, entity, prev_hash, hash) "
            "SELECT 1, 'x', o, 'person.add', 'person', repeat('0', 64), "
            "encode(sha256(convert_to(repea"
            "t('0', 64), 'UTF8') || '\\x00'::bytea || convert_to('1', 'UTF8') || '\\x00'::b"
            "ytea || convert_to('x', 'UTF8') || '\\x00'::bytea || convert_to(o, 'UTF8') || "
            "'\\x00'::bytea || convert_to('person.add', 'UTF8') || '\\x00'::bytea || conver"
            "t_to('person', 'UTF8') || '\\x00'::bytea || convert_to('0', 'UTF8') || '\\x00'"
            "::bytea || convert_to('0', 'UTF8') || '\\x00'::bytea || '\\x00'::bytea || conv"
            "ert_to('0', 'UTF8') || '\\x00'::bytea || '\\x00'::bytea), 'hex') FROM (SELECT "
            "'tester (' || session_user || ')' AS o) s"),
        0);
    /* an entry names the role that writes it */
    assert_int_equal(run("INSERT INTO audit_log (at, operator, action, entity, prev_hash, "
                         "hash) VALUES ('x', 'someone (else)', 'person.add', 'person', '0', "
                         "'h2')"),
                     ERR_CONFLICT);
    assert_int_equal(run("UPDATE audit_log SET operator = 'other'"), ERR_CONFLICT);
    assert_int_equal(run("DELETE FROM audit_log"), ERR_CONFLICT);
    assert_int_equal(run("TRUNCATE audit_log CASCADE"), ERR_CONFLICT);
    /* a malformed date is refused by the check, not by a cast */
    assert_int_equal(run("UPDATE person SET recognised_on = '2025-02-30' WHERE id = 1"),
                     ERR_CONFLICT);
    assert_int_equal(run("UPDATE person SET recognised_on = '2024-02-29' WHERE id = 1"), 0);
    /* each write is touched with the last audit entry */
    long long n;
    struct error err = ERROR_INIT;
    assert_int_equal(
        db_int(reg, "SELECT seq FROM touched WHERE entity = 'person' AND id = 1", &n, &err), 0);
    assert_int_equal(n, 1);
}

/* person_word on the server holds the rows SQLite's triggers make. */
static void person_words_as_sqlite_makes_them(void **state)
{
    static const char *const names[] = {"hoang van thuong", "a", "ly  a pao", " ma thi thu",
                                        "nong van den "};
    sqlite3 *lite;
    assert_int_equal(sqlite3_open(":memory:", &lite), SQLITE_OK);
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        sqlite3_stmt *q;
        // clang-format off
        assert_int_equal(sqlite3_prepare_v2(lite,
            "WITH t(w, pos) AS (SELECT " PERSON_TAILS("p") " FROM (SELECT 1 AS id, ?1 AS "
            "name_fold) p, " PERSON_WORDS("p") ") SELECT group_concat(w || '/' || pos, '|') "
            "FROM (SELECT * FROM t ORDER BY w, pos)", -1, &q, NULL), SQLITE_OK);
        // clang-format on
        sqlite3_bind_text(q, 1, names[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        char *want = xstrdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);

        struct error err = ERROR_INIT;
        struct stmt *st = db_stmt(reg, "INSERT INTO person (id, full_name, name_fold, sort_key, "
                                       "gender, commune_id, created_at, updated_at) VALUES (?1, "
                                       "?2, ?2, ?3, 'M', 1, 'x', 'x')");
        stmt_bind_int(st, 1, 100 + (long long)i);
        stmt_bind_text(st, 2, names[i]);
        stmt_bind_blob(st, 3, "k", 1);
        assert_int_equal(stmt_exec(reg, st, &err), 0);
        st = db_stmt(reg, "SELECT string_agg(word || '/' || pos, '|' ORDER BY word COLLATE \"C\", "
                          "pos) FROM person_word WHERE person_id = ?1");
        stmt_bind_int(st, 1, 100 + (long long)i);
        assert_int_equal(stmt_step(reg, st, &err), 1);
        assert_string_equal(stmt_text(st, 0), want);
        stmt_done(st);
        free(want);
    }
    /* a new name replaces the words; a removed person leaves none */
    assert_int_equal(run("UPDATE person SET name_fold = 'ha giang' WHERE id = 100"), 0);
    long long n;
    struct error err = ERROR_INIT;
    assert_int_equal(db_int(reg,
                            "SELECT count(*) FROM person_word WHERE person_id = 100 AND "
                            "word IN ('ha giang', 'giang')",
                            &n, &err),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(
        db_int(reg, "SELECT count(*) FROM person_word WHERE person_id = 100", &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(run("DELETE FROM person WHERE id = 101"), 0);
    assert_int_equal(
        db_int(reg, "SELECT count(*) FROM person_word WHERE person_id = 101", &n, &err), 0);
    assert_int_equal(n, 0);
    sqlite3_close(lite);
}

static int take_id(const struct person *p, void *arg)
{
    struct strbuf *sb = arg;
    strbuf_addf(sb, " %lld", p->id);
    return 0;
}

/* The ids a search lists, in order. */
static char *listed(const char *search, enum person_sort sort, int descending)
{
    struct person_query q = {
        .search = search, .active = -1, .sort = sort, .descending = descending};
    struct strbuf sb = STRBUF_INIT;
    struct error err = ERROR_INIT;
    int rc = person_search_each(reg, &q, take_id, &sb, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", error_msg(&err));
    assert_int_equal(rc, 0);
    strbuf_addch(&sb, ' ');
    return strbuf_detach(&sb, NULL);
}

/* Every order of the list, walked (no candidates sorted in memory) as
 * read from the indexes: the same rows in the same order, also by birth
 * year with a group of unknown years (SQLite's "IS ?" has no twin on a
 * server). */
static void lists_walk_every_order(void **state)
{
    assert_int_equal(run("DELETE FROM person WHERE id >= 100"), 0);
    assert_int_equal(run("INSERT INTO person (id, full_name, name_fold, sort_key, gender, "
                         "birth_year, commune_id, created_at, updated_at) VALUES "
                         "(201, 'Hà An', 'ha an', '\\x10', 'M', 1950, 1, 'x', 'x'), "
                         "(202, 'Lò An', 'lo an', '\\x11', 'M', NULL, 1, 'x', 'x'), "
                         "(203, 'Ma Văn An', 'ma van an', '\\x12', 'M', 1940, 1, 'x', 'x'), "
                         "(204, 'An Thị Lan', 'an thi lan', '\\x13', 'F', NULL, 1, 'x', 'x')"),
                     0);
    for (int sort = 0; sort < 4; sort++)
        for (int desc = 0; desc < 2; desc++) {
            char *collected = listed("an", (enum person_sort)sort, desc);
            person_search_set_collect_cap(0);
            char *walked = listed("an", (enum person_sort)sort, desc);
            person_search_set_collect_cap(-1);
            assert_string_equal(walked, collected);
            if (sort == PERSON_SORT_BIRTH)
                /* the name that starts with the text first (its tier);
                 * then the unknown years, 1940, 1950 (descending: turned) */
                assert_string_equal(walked, desc ? " 204 201 203 202 " : " 204 202 203 201 ");
            free(collected);
            free(walked);
        }
    assert_int_equal(run("DELETE FROM person WHERE id > 200"), 0);
}

/* The JSON the audit log records is the same text on either engine. */
static void json_as_sqlite_writes_it(void **state)
{
    static const char *const texts[] = {"x\"y\\z", "\x01\b\t\n\f\r\x1f\x7f", "Thượng/ü €",
                                        "",        "{\"not\": \"json\"}",    NULL};
    static const long long ints[] = {1, -5, 9007199254740993LL, 0, 42, 7};
    static const char create[] = "CREATE TABLE j (id integer, a bigint, b text)";
    static const char insert[] = "INSERT INTO j VALUES (?1, ?2, ?3)";
    static const char *const queries[] = {
        "SELECT json_object('a', a, 'b', b, 'n', NULL, 'arr', json_array(a, b, NULL)) FROM j "
        "ORDER BY id",
        "SELECT json_group_array(json_array(a, b)) FROM (SELECT * FROM j ORDER BY id)",
        "SELECT json_group_object(id, b) FROM (SELECT * FROM j ORDER BY id)",
        "SELECT json_group_array(a) FROM (SELECT * FROM j WHERE id < 0)",
        "SELECT json_object()",
    };
    struct error err = ERROR_INIT;
    sqlite3 *lite;
    sqlite3_stmt *q;

    assert_int_equal(sqlite3_open(":memory:", &lite), SQLITE_OK);
    assert_int_equal(sqlite3_exec(lite, create, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(run(create), 0);
    assert_int_equal(sqlite3_prepare_v2(lite, insert, -1, &q, NULL), SQLITE_OK);
    for (int i = 0; i < 6; i++) {
        struct stmt *st = db_stmt(reg, insert);
        stmt_bind_int(st, 1, i);
        stmt_bind_int(st, 2, ints[i]);
        stmt_bind_text(st, 3, texts[i]);
        assert_int_equal(stmt_exec(reg, st, &err), 0);
        sqlite3_bind_int(q, 1, i);
        sqlite3_bind_int64(q, 2, ints[i]);
        if (texts[i])
            sqlite3_bind_text(q, 3, texts[i], -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(q, 3);
        assert_int_equal(sqlite3_step(q), SQLITE_DONE);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
        assert_int_equal(sqlite3_prepare_v2(lite, queries[i], -1, &q, NULL), SQLITE_OK);
        struct stmt *st = db_stmt(reg, queries[i]);
        int rows = 0;
        for (;;) {
            int have = stmt_step(reg, st, &err), want = sqlite3_step(q);
            assert_int_equal(have, want == SQLITE_ROW ? 1 : 0);
            if (have != 1)
                break;
            assert_string_equal(stmt_text(st, 0), (const char *)sqlite3_column_text(q, 0));
            rows++;
        }
        assert_true(rows > 0);
        stmt_done(st);
        sqlite3_finalize(q);
    }
    sqlite3_close(lite);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sql_text_takes_sqlite_parameters),
        cmocka_unit_test(rows_round_trip),
        cmocka_unit_test(failures_are_capphat_errors),
        cmocka_unit_test(transactions_and_savepoints),
        cmocka_unit_test(queued_statements_fail_where_they_go),
        cmocka_unit_test(lost_server_is_an_io_error),
        cmocka_unit_test(schema_made_whole),
        cmocka_unit_test(schema_keeps_its_rules),
        cmocka_unit_test(person_words_as_sqlite_makes_them),
        cmocka_unit_test(lists_walk_every_order),
        cmocka_unit_test(json_as_sqlite_writes_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

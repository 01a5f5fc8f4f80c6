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

#include "../../src/store/store_internal.h"
#include "core/xalloc.h"
#include "store/db.h"

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

static int teardown(void **state)
{
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sql_text_takes_sqlite_parameters),
        cmocka_unit_test(rows_round_trip),
        cmocka_unit_test(failures_are_capphat_errors),
        cmocka_unit_test(transactions_and_savepoints),
        cmocka_unit_test(lost_server_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * A read the store makes in the middle of a larger piece of work fails —
 * the name of a district while persons are tallied by district, the
 * tables of a file at schema version 0 — and the caller gets the failure,
 * never an answer made of what could be read ("no district", "an empty
 * file"). tests/unit/test_store_reads.c locks the file, which stops the
 * first read of each look-up; these reads come after others that
 * succeeded, so the fault is injected into the statement itself.
 *
 * White-box (store_internal.h): a statement the connection has cached is
 * swapped for one that fails with SQLITE_IOERR when it is stepped, as a
 * damaged page or a failing disk would make it fail.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/store_internal.h"
#include "app/app.h"
#include "app/person_app.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/report_store.h"

static char dir[64];

static int setup(void **state)
{
    snprintf(dir, sizeof(dir), "%s/capphat-faults.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    setenv("CAPPHAT_OPERATOR", "tester", 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("XDG_STATE_HOME", dir, 1);
    return 0;
}

static int teardown(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* boom(...): fails its statement as an unreadable page does. */
static void boom(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_error_code(ctx, SQLITE_IOERR);
}

/*
 * Make the statement db has cached for sql (its text) fail when stepped:
 * it becomes "SELECT boom(?1...), ..." with as many parameters and
 * columns. Returns the statement it replaced, for put_back.
 */
static sqlite3_stmt *break_stmt(struct db *db, const char *sql, const char *failing)
{
    assert_int_equal(
        sqlite3_create_function(db->handle, "boom", -1, SQLITE_UTF8, NULL, boom, NULL, NULL),
        SQLITE_OK);
    for (size_t i = 0; i < db->n_cache; i++) {
        if (strcmp(db->cache[i]->sql, sql) != 0)
            continue;
        sqlite3_stmt *old = db->cache[i]->lite, *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db->handle, failing, -1, &st, NULL), SQLITE_OK);
        db->cache[i]->lite = st;
        return old;
    }
    fail_msg("not cached: %s", sql);
    return NULL;
}

static void put_back(struct db *db, const char *sql, sqlite3_stmt *old)
{
    for (size_t i = 0; i < db->n_cache; i++) {
        if (strcmp(db->cache[i]->sql, sql) == 0) {
            sqlite3_finalize(db->cache[i]->lite);
            db->cache[i]->lite = old;
        }
    }
}

struct districts {
    int rows, named;
};

static int count_district(const struct report_group_row *row, void *arg)
{
    struct districts *d = arg;
    d->rows++;
    d->named += *row->district != '\0';
    return 0;
}

/* Persons tallied by the districts of 2023: a district whose name cannot
 * be read fails the tally, and is never counted under no district. */
static void tally_reports_an_unreadable_district(void **state)
{
    static const char district_sql[] = "SELECT name, ifnull(kind, '') FROM unit WHERE id = ?";
    struct app app;
    struct error err = ERROR_INIT;
    struct districts d = {0};
    long long id;
    char *path = xasprintf("%s/c.db", dir);

    assert_int_equal(app_open(&app, path, DB_OPEN_CREATE, NULL, &err), 0);
    struct person_input pi = {.full_name = "Lò Văn Cường",
                              .gender = "Nam",
                              .birth_year = "1950",
                              .ethnic = "Tày",
                              .district = "ba be",
                              .commune = "my phuong"};
    if (person_app_add(&app, &pi, &id, &err) != 0)
        fail_msg("person: %s", error_msg(&err));
    assert_int_equal(
        report_store_groups(app.db, REPORT_BY_DISTRICT, 0, NULL, count_district, &d, &err), 0);
    assert_int_equal(d.rows, 1);
    assert_int_equal(d.named, 1);

    sqlite3_stmt *old = break_stmt(app.db, district_sql, "SELECT boom(?1), ''");
    memset(&d, 0, sizeof(d));
    int rc = report_store_groups(app.db, REPORT_BY_DISTRICT, 0, NULL, count_district, &d, &err);
    put_back(app.db, district_sql, old);
    if (rc != ERR_IO)
        fail_msg("tally with an unreadable district: %d (%d rows, %d named), not ERR_IO", rc,
                 d.rows, d.named);
    assert_true(*error_msg(&err) != '\0');
    assert_int_equal(d.rows, 0);
    error_clear(&err);

    /* readable again: counted as before */
    assert_int_equal(
        report_store_groups(app.db, REPORT_BY_DISTRICT, 0, NULL, count_district, &d, &err), 0);
    assert_int_equal(d.named, 1);
    app_close(&app);
    free(path);
}

/* A file at schema version 0 whose tables cannot be listed is reported as
 * the file's state, never as an empty file to create with init. */
static void schema_check_reports_unreadable_tables(void **state)
{
    static const char tables_sql[] = "SELECT count(*) FROM sqlite_schema";
    struct error err = ERROR_INIT;
    char *path = xasprintf("%s/plain.db", dir);
    struct db *db = xcalloc(1, sizeof(*db));

    /* an SQLite file that holds nothing: version 0, no table */
    db->path = xstrdup(path);
    assert_int_equal(
        sqlite3_open_v2(path, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
        SQLITE_OK);
    assert_int_equal(db_exec(db, "CREATE TABLE x(a); DROP TABLE x", &err), 0);
    assert_int_equal(schema_check(db, 1, &err), ERR_NOT_FOUND);
    error_clear(&err);

    sqlite3_stmt *old = break_stmt(db, tables_sql, "SELECT boom()");
    int rc = schema_check(db, 1, &err);
    put_back(db, tables_sql, old);
    if (rc != ERR_IO)
        fail_msg("schema_check of unreadable tables: %d '%s', not ERR_IO", rc, error_msg(&err));
    error_clear(&err);
    db_close(db);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tally_reports_an_unreadable_district, setup, teardown),
        cmocka_unit_test_setup_teardown(schema_check_reports_unreadable_tables, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/store/ where the command line cannot reach: the rules
 * the schema enforces against raw store calls and raw SQL, nested
 * transactions, migration backups, newer files, db_backup. White-box: it
 * uses the store's internal statement helpers (store_internal.h) to play
 * the part of another program writing to the file.
 */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/store/store_internal.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "core/strbuf.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"

/* The number of entries of the audit log (the read must succeed). */
static long long log_entries(struct db *db)
{
    struct error err = ERROR_INIT;
    long long n = -1;
    if (audit_store_count(db, &n, &err) != 0)
        fail_msg("audit_store_count: %s", error_msg(&err));
    return n;
}

static char dir[64];

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

/* A fresh temporary folder per test; path of a file in it (caller frees). */
static char *path_in_dir(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static int setup(void **state)
{
    snprintf(dir, sizeof(dir), "%s/capphat-store.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_in_dir(e->d_name);
        unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

static int count_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    if (d)
        closedir(d);
    return n;
}

static struct db *open_new(const char *name)
{
    struct error err = ERROR_INIT;
    struct db *db = NULL;
    int created = 0;
    char *p = path_in_dir(name);
    if (db_open(p, DB_OPEN_CREATE, &db, &created, &err) != 0)
        fail_msg("db_open %s: %s", p, error_msg(&err));
    assert_int_equal(created, 1);
    free(p);
    return db;
}

static long long scalar(struct db *db, const char *sql)
{
    struct stmt *st = db_stmt(db, sql);
    long long v = -1;
    if (stmt_step(db, st, NULL) == 1)
        v = stmt_int(st, 0);
    stmt_done(st);
    return v;
}

static int add_device(struct db *db, const char *imei, const char *imei2, long long *id,
                      struct error *err)
{
    struct device d = {0};
    d.imei = (char *)imei;
    d.imei2 = (char *)imei2;
    d.model = "Samsung Galaxy A05";
    d.status = "in_stock";
    d.price = -1;
    d.updated_at = "2024-01-01T00:00:00Z";
    return device_store_insert(db, &d, id, err);
}

static void file_sha(const char *path, char out[65])
{
    char *cmd = xasprintf("sha256sum '%s'", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    assert_non_null(fgets(out, 65, f));
    pclose(f);
    free(cmd);
}

/* --- the schema's own rules -------------------------------------------- */

static void imei_unique_across_slots(void **state)
{
    struct db *db = open_new("a.db");
    struct error err = ERROR_INIT;
    long long id1 = 0, id2 = 0;

    assert_int_equal(add_device(db, "490154203237518", "353918051234561", &id1, &err), 0);
    /* first IMEI equal to the other's second */
    assert_int_equal(add_device(db, "353918051234561", NULL, &id2, &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "UNIQUE constraint failed: imei.imei");
    error_clear(&err);
    /* second IMEI equal to the other's first */
    assert_int_equal(add_device(db, "356938035643809", "490154203237518", &id2, &err),
                     ERR_CONFLICT);
    error_clear(&err);
    /* one device, both slots the same */
    assert_int_equal(add_device(db, "356938035643809", "356938035643809", &id2, &err),
                     ERR_CONFLICT);
    error_clear(&err);
    assert_int_equal(scalar(db, "SELECT count(*) FROM device"), 1);
    /* an UPDATE with raw SQL cannot steal an IMEI either */
    assert_int_equal(add_device(db, "356938035643809", NULL, &id2, &err), 0);
    assert_int_equal(
        db_exec(db, "UPDATE device SET imei2 = '490154203237518' WHERE imei = '356938035643809'",
                &err),
        ERR_CONFLICT);
    error_clear(&err);
    long long found = 0;
    assert_int_equal(device_store_find_imei(db, "353918051234561", &found, &err), 0);
    assert_int_equal(found, id1);
    assert_int_equal(device_store_find_imei(db, "356938035643809", &found, &err), 0);
    assert_int_equal(found, id2);
    /* devices are never deleted */
    assert_int_equal(db_exec(db, "DELETE FROM device WHERE id = 1", &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "devices are never deleted");
    error_clear(&err);
    db_close(db);
}

static void one_open_handover_per_device_and_person(void **state)
{
    struct db *db = open_new("h.db");
    struct error err = ERROR_INIT;
    long long dev1, dev2, hid;

    assert_int_equal(add_device(db, "490154203237518", NULL, &dev1, &err), 0);
    assert_int_equal(add_device(db, "356938035643809", NULL, &dev2, &err), 0);
    /* no reference data here (the app loads it): one commune, two persons */
    assert_int_equal(db_exec(db,
                             "INSERT INTO unit(id, level, name, name_fold) "
                             "VALUES (1, 'commune', 'Chợ Rã', 'cho ra'); "
                             "INSERT INTO person(full_name, name_fold, sort_key, gender, "
                             "commune_id, created_at, updated_at) "
                             "VALUES ('A', 'a', x'00', 'M', 1, 't', 't'), "
                             "('B', 'b', x'00', 'F', 1, 't', 't')",
                             &err),
                     0);
    struct handover h = {0};
    h.receipt_no = "01/BB-BDT";
    h.device_id = dev1;
    h.person_id = 1;
    h.handed_on = "2024-01-02";
    h.created_at = "t";
    assert_int_equal(handover_store_insert(db, &h, &hid, &err), 0);
    /* the same device to another person while open */
    h.receipt_no = "02/BB-BDT";
    h.person_id = 2;
    assert_int_equal(handover_store_insert(db, &h, &hid, &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "the custody periods of a device overlap");
    error_clear(&err);
    /* another device to the same person in the same round */
    h.device_id = dev2;
    h.person_id = 1;
    assert_int_equal(handover_store_insert(db, &h, &hid, &err), ERR_CONFLICT);
    error_clear(&err);
    /* a receipt number is used once */
    h.receipt_no = "01/BB-BDT";
    h.person_id = 2;
    assert_int_equal(handover_store_insert(db, &h, &hid, &err), ERR_CONFLICT);
    error_clear(&err);
    assert_int_equal(scalar(db, "SELECT count(*) FROM handover"), 1);
    /* handovers are never deleted */
    assert_int_equal(db_exec(db, "DELETE FROM handover", &err), ERR_CONFLICT);
    error_clear(&err);
    db_close(db);
}

static void audit_log_is_append_only(void **state)
{
    struct db *db = open_new("l.db");
    struct error err = ERROR_INIT;
    struct audit_entry e = {0};

    e.at = "2024-01-01T00:00:00Z";
    e.operator_name = "tester";
    e.action = "person.add";
    e.entity = "person";
    e.entity_id = 1;
    e.after = "{\"id\":1}";
    assert_int_equal(db_begin(db, &err), 0);
    assert_int_equal(audit_store_append(db, &e, &err), 0);
    assert_int_equal(e.id, 1);
    assert_int_equal(audit_store_append(db, &e, &err), 0);
    assert_int_equal(e.id, 2);
    assert_int_equal(db_end(db, 1, &err), 0);

    assert_int_equal(db_exec(db, "UPDATE audit_log SET operator = 'x' WHERE id = 1", &err),
                     ERR_CONFLICT);
    assert_has(error_msg(&err), "the audit log can only be appended to");
    error_clear(&err);
    assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 2", &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "the audit log can only be appended to");
    error_clear(&err);
    assert_int_equal(db_exec(db, "DELETE FROM audit_log", &err), ERR_CONFLICT);
    error_clear(&err);
    assert_int_equal(log_entries(db), 2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log WHERE operator = 'tester'"), 2);
    db_close(db);
}

/* Append one entry in a transaction of its own (rolled back when !keep). */
static void append_entry(struct db *db, const char *action, const char *after, int keep)
{
    struct error err = ERROR_INIT;
    struct audit_entry e = {.at = "2024-01-01T00:00:00Z",
                            .operator_name = "tester",
                            .action = (char *)action,
                            .entity = "register",
                            .after = (char *)after};
    assert_int_equal(db_begin(db, &err), 0);
    assert_int_equal(audit_store_append(db, &e, &err), 0);
    assert_int_equal(db_end(db, keep, &err), 0);
}

/* audit_store_each_replaced's walk: the folders it was given, newest first */
static int collect_folder(const char *folder, void *arg)
{
    struct strbuf *sb = arg;
    strbuf_addf(sb, "%s;", folder);
    return 0;
}

static char *replaced_folders(struct db *db)
{
    struct error err = ERROR_INIT;
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(audit_store_each_replaced(db, collect_folder, &sb, &err), 0);
    return strbuf_detach(&sb, NULL);
}

/* The folders the restores kept replaced registers in: read whole once,
 * then only the entries after those read (the log only grows), newest
 * first each time; inside a transaction read afresh, and what a rolled
 * back transaction wrote is never kept. */
static void replaced_folders_follow_the_log(void **state)
{
    struct db *db = open_new("r.db");
    struct error err = ERROR_INIT;
    char *got;
    (void)state;

    append_entry(db, "person.add", "{\"id\":1}", 1);
    assert_string_equal((got = replaced_folders(db)), "");
    free(got);
    append_entry(db, "register.restore", "{\"replaced\":\"/b/one\"}", 1);
    append_entry(db, "person.add", "{\"id\":2}", 1);
    assert_string_equal((got = replaced_folders(db)), "/b/one;");
    free(got);
    append_entry(db, "register.restore", "{\"replaced\":\"/b/two\"}", 1);
    append_entry(db, "register.restore", "{\"other\":1}", 1);
    assert_string_equal((got = replaced_folders(db)), "/b/two;/b/one;");
    free(got);
    /* a restore entry rolled back: read inside its transaction, gone after */
    assert_int_equal(db_begin(db, &err), 0);
    struct audit_entry e = {.at = "2024-01-01T00:00:00Z",
                            .operator_name = "tester",
                            .action = "register.restore",
                            .entity = "register",
                            .after = "{\"replaced\":\"/b/three\"}"};
    assert_int_equal(audit_store_append(db, &e, &err), 0);
    assert_string_equal((got = replaced_folders(db)), "/b/three;/b/two;/b/one;");
    free(got);
    assert_int_equal(db_end(db, 0, &err), 0);
    assert_string_equal((got = replaced_folders(db)), "/b/two;/b/one;");
    free(got);
    append_entry(db, "register.restore", "{\"replaced\":\"/b/four\"}", 0);
    append_entry(db, "register.restore", "{\"replaced\":\"/b/five\"}", 1);
    assert_string_equal((got = replaced_folders(db)), "/b/five;/b/two;/b/one;");
    free(got);
    db_close(db);
}

/* --- transactions ------------------------------------------------------- */

static long long add_round(struct db *db, const char *name)
{
    struct error err = ERROR_INIT;
    struct round r = {0};
    long long id = 0;
    r.name = (char *)name;
    r.budget = -1;
    r.created_at = "t";
    if (round_store_insert(db, &r, &id, &err) != 0)
        fail_msg("round %s: %s", name, error_msg(&err));
    return id;
}

static void nested_transactions_roll_back(void **state)
{
    struct db *db = open_new("t.db");
    struct error err = ERROR_INIT;

    /* inner rolled back, outer committed: only the outer row stays */
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "outer");
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "inner");
    assert_int_equal(scalar(db, "SELECT count(*) FROM round"), 2);
    assert_int_equal(db_end(db, 0, NULL), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round"), 1);
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round WHERE name = 'outer'"), 1);

    /* inner committed, outer rolled back: nothing stays */
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "outer 2");
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "inner 2");
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(db_end(db, 0, NULL), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round"), 1);

    /* three levels: the middle one rolled back takes the innermost with it */
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "a");
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "b");
    assert_int_equal(db_begin(db, &err), 0);
    add_round(db, "c");
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(db_end(db, 0, NULL), 0);
    assert_int_equal(db_end(db, 1, &err), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round"), 2);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round WHERE name IN ('b', 'c')"), 0);

    /* after all that, the connection is outside any transaction: a reopen sees it */
    db_close(db);
    char *p = path_in_dir("t.db");
    assert_int_equal(db_open(p, 0, &db, NULL, &err), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM round"), 2);
    db_close(db);
    free(p);
}

/* --- opening, migrating, backups ----------------------------------------- */

static void new_database_takes_no_backup(void **state)
{
    struct db *db = open_new("n.db");
    char *p = path_in_dir("n.db");
    struct stat st;

    assert_int_equal(db_upgrade_from(db), 0);
    assert_int_equal(scalar(db, "PRAGMA user_version"), db_schema_version());
    db_close(db);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(count_files(), 1); /* no .bak, no -wal left behind */
    free(p);
}

static void newer_database_refused_unchanged(void **state)
{
    struct db *db = open_new("v.db");
    struct error err = ERROR_INIT;
    char *p = path_in_dir("v.db");
    char before[65], after[65];

    assert_int_equal(db_exec(db, "PRAGMA user_version = 99", &err), 0);
    db_close(db);
    file_sha(p, before);
    assert_int_equal(db_open(p, 0, &db, NULL, &err), ERR_IO);
    assert_null(db);
    assert_has(error_msg(&err), "was made by a newer capphat (schema version 99");
    error_clear(&err);
    assert_int_equal(db_open(p, DB_OPEN_CREATE, &db, NULL, &err), ERR_IO);
    error_clear(&err);
    assert_int_equal(db_open(p, DB_OPEN_READONLY, &db, NULL, &err), ERR_IO);
    error_clear(&err);
    file_sha(p, after);
    assert_string_equal(before, after);
    free(p);
}

static void missing_and_folder_refused(void **state)
{
    struct error err = ERROR_INIT;
    struct db *db = NULL;
    char *p = path_in_dir("none.db");

    assert_int_equal(db_open(p, 0, &db, NULL, &err), ERR_NOT_FOUND);
    assert_has(error_msg(&err), "does not exist; create it with 'capphat init'");
    error_clear(&err);
    assert_int_equal(count_files(), 0);
    assert_int_equal(db_open(dir, DB_OPEN_CREATE, &db, NULL, &err), ERR_IO);
    assert_has(error_msg(&err), "is a folder, not a file");
    error_clear(&err);
    free(p);
}

static void copy_into_makes_a_checked_copy_and_never_overwrites(void **state)
{
    struct db *db = open_new("b.db");
    struct error err = ERROR_INIT;
    char *out = path_in_dir("copy.db");
    int full = 1;

    add_round(db, "Đợt 1");
    assert_int_equal(db_copy_into(db, out, &full, &err), 0);
    assert_int_equal(full, 0);
    /* SQLite itself refuses to copy into a file that holds anything */
    assert_true(db_copy_into(db, out, &full, &err) != 0);
    error_clear(&err);
    db_close(db);

    struct db *copy = NULL;
    assert_int_equal(db_open(out, DB_OPEN_READONLY, &copy, NULL, &err), 0);
    assert_int_equal(scalar(copy, "SELECT count(*) FROM round WHERE name = 'Đợt 1'"), 1);
    char *report = NULL;
    assert_int_equal(db_integrity(copy, &report, &err), 0);
    assert_null(report);
    db_close(copy);
    free(out);
}

static void copy_into_missing_folder_fails_cleanly(void **state)
{
    struct db *db = open_new("c.db");
    struct error err = ERROR_INIT;
    char *out = path_in_dir("no/such/copy.db");
    int full = 1;

    assert_true(db_copy_into(db, out, &full, &err) < 0);
    assert_int_equal(full, 0);
    error_clear(&err);
    db_close(db);
    assert_int_equal(count_files(), 1);
    free(out);
}

static void foreign_sqlite_file_refused_unchanged(void **state)
{
    struct error err = ERROR_INIT;
    struct db *db = NULL;
    char *p = path_in_dir("f.db");
    char before[65], after[65];
    sqlite3 *h = NULL;

    /* another program's file, in rollback-journal mode */
    assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(h);
    file_sha(p, before);
    assert_int_equal(db_open(p, DB_OPEN_CREATE, &db, NULL, &err), ERR_IO);
    assert_null(db);
    assert_has(error_msg(&err), "is an SQLite file but not a capphat database");
    error_clear(&err);
    assert_int_equal(db_open(p, 0, &db, NULL, &err), ERR_IO);
    error_clear(&err);
    file_sha(p, after);
    assert_string_equal(before, after);
    assert_int_equal(count_files(), 1);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(imei_unique_across_slots, setup, teardown),
        cmocka_unit_test_setup_teardown(one_open_handover_per_device_and_person, setup, teardown),
        cmocka_unit_test_setup_teardown(replaced_folders_follow_the_log, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_log_is_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_transactions_roll_back, setup, teardown),
        cmocka_unit_test_setup_teardown(new_database_takes_no_backup, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_database_refused_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_and_folder_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_into_makes_a_checked_copy_and_never_overwrites, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(copy_into_missing_folder_fails_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(foreign_sqlite_file_refused_unchanged, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Every look-up of src/store tells a database it cannot read from a
 * record that is not there. A register is made with one record of each
 * kind (through the use cases), set in rollback-journal mode (in WAL mode
 * a writer never stops a reader), and opened again; each look-up of the
 * table below must find its record; then another connection holds the
 * file's EXCLUSIVE lock, so that every read gets SQLITE_BUSY (after a
 * short busy timeout), and each look-up must return ERR_BUSY with a
 * message — never ERR_NOT_FOUND, 0 or a default — and find its record
 * again once the lock is gone.
 *
 * The table is checked against the headers of include/store: a function
 * there that takes a database and whose name says it looks something up
 * (get, find, snapshot, image, count, has, ...) must have a row, so that
 * a look-up added without one fails this test. White-box: the busy
 * timeout of the connection under test is shortened through
 * store_internal.h.
 */
#include "unit.h"

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store/store_internal.h"
#include "app/app.h"
#include "app/device_app.h"
#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/settings_app.h"
#include "app/training_app.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/backup_store.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/overview_store.h"
#include "store/person_search.h"
#include "store/person_store.h"
#include "store/report_store.h"
#include "store/setting_store.h"
#include "store/training_store.h"
#include "store/unit_store.h"

static char dir[64];
static char *db_file;

/* The records of the register, by id and key. */
struct fx {
    long long person, commune, device, round, handover, session;
    char receipt[64];
    char commune_code[16];
    char person_fold[64];
};
static struct fx fx;

/* --- the look-ups ------------------------------------------------------ */

/*
 * Each row calls one look-up for the records of fx and returns its status,
 * releasing what it got. want: what it returns on a healthy database (0,
 * or 1 for those that answer 1/0; a count for receipt_print_count).
 */
typedef int (*lookup_fn)(struct db *db, struct error *err);

static int free_str(int rc, char *s)
{
    free(s);
    return rc;
}

static int l_device_get(struct db *db, struct error *err)
{
    struct device d;
    int rc = device_store_get(db, fx.device, &d, err);
    device_release(&d);
    return rc;
}

static int l_device_get_by_imei(struct db *db, struct error *err)
{
    struct device d;
    int rc = device_store_get_by_imei(db, "490154203237518", &d, err);
    device_release(&d);
    return rc;
}

static int l_device_find_imei(struct db *db, struct error *err)
{
    long long id;
    return device_store_find_imei(db, "490154203237518", &id, err);
}

static int l_device_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = device_store_snapshot(db, fx.device, &s, err);
    return free_str(rc, s);
}

static int l_device_count(struct db *db, struct error *err)
{
    struct device_query q = {0};
    long long n;
    return device_store_count(db, &q, &n, err);
}

static int l_round_get(struct db *db, struct error *err)
{
    struct round r;
    int rc = round_store_get(db, fx.round, &r, err);
    round_release(&r);
    return rc;
}

static int l_round_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = round_store_snapshot(db, fx.round, &s, err);
    return free_str(rc, s);
}

static int l_handover_get(struct db *db, struct error *err)
{
    struct handover h;
    int rc = handover_store_get(db, fx.handover, &h, err);
    handover_release(&h);
    return rc;
}

static int l_handover_get_by_receipt(struct db *db, struct error *err)
{
    struct handover h;
    int rc = handover_store_get_by_receipt(db, fx.receipt, &h, err);
    handover_release(&h);
    return rc;
}

static int l_handover_open_for_device(struct db *db, struct error *err)
{
    long long id;
    return handover_store_open_for_device(db, fx.device, &id, err);
}

static int l_handover_open_for_person(struct db *db, struct error *err)
{
    long long id;
    return handover_store_open_for_person(db, fx.person, fx.round, &id, err);
}

static int l_handover_open_any_for_person(struct db *db, struct error *err)
{
    long long id;
    return handover_store_open_any_for_person(db, fx.person, &id, err);
}

static int l_handover_custody_overlap(struct db *db, struct error *err)
{
    struct handover h;
    int rc = handover_store_custody_overlap(db, fx.device, 0, 0, "2024-03-02", &h, err);
    handover_release(&h);
    return rc;
}

static int l_handover_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = handover_store_snapshot(db, fx.handover, &s, err);
    return free_str(rc, s);
}

static int l_receipt_print_get(struct db *db, struct error *err)
{
    char *data;
    int rc = receipt_print_get(db, fx.handover, &data, err);
    return free_str(rc, data);
}

static int l_receipt_print_count(struct db *db, struct error *err)
{
    return receipt_print_count(db, fx.handover, err);
}

static int l_person_get(struct db *db, struct error *err)
{
    struct person p;
    int rc = person_store_get(db, fx.person, &p, err);
    person_release(&p);
    return rc;
}

static int l_person_find_id_number(struct db *db, struct error *err)
{
    long long id;
    return person_store_find_id_number(db, "006050001234", &id, err);
}

static int l_person_find_namesakes(struct db *db, struct error *err)
{
    struct person_namesake *list;
    size_t n;
    int rc = person_store_find_namesakes(db, fx.person_fold, 1950, fx.commune, &list, &n, err);
    if (rc == 0)
        person_namesakes_free(list, n);
    return rc;
}

static int l_person_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = person_store_snapshot(db, fx.person, &s, err);
    return free_str(rc, s);
}

static int l_person_count(struct db *db, struct error *err)
{
    struct person_query q = {.active = -1};
    long long n;
    return person_search_count(db, &q, &n, err);
}

static int l_setting_get(struct db *db, struct error *err)
{
    char *v;
    int rc = setting_get(db, "office_name", "", &v, err);
    return free_str(rc, v);
}

static int l_setting_get_at(struct db *db, struct error *err)
{
    char *v;
    int rc = setting_get_at(db, "office_name", "2026-01-01", "", &v, err);
    return free_str(rc, v);
}

static int l_setting_get_all(struct db *db, struct error *err)
{
    struct settings s;
    int rc = setting_store_get_all(db, "2026-01-01", &s, err);
    if (rc == 0)
        settings_release(&s);
    return rc;
}

static int l_setting_from_at(struct db *db, struct error *err)
{
    char *v;
    int rc = setting_from_at(db, "office_name", "2026-01-01", &v, err);
    return free_str(rc, v);
}

static int l_training_get(struct db *db, struct error *err)
{
    struct training_session s;
    int rc = training_store_get(db, fx.session, &s, err);
    training_session_release(&s);
    return rc;
}

static int l_training_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = training_store_snapshot(db, fx.session, &s, err);
    return free_str(rc, s);
}

static int l_attendance_has(struct db *db, struct error *err)
{
    return attendance_store_has(db, fx.session, fx.person, err);
}

static int l_attendance_snapshot(struct db *db, struct error *err)
{
    char *s;
    int rc = attendance_store_snapshot(db, fx.session, fx.person, &s, err);
    return free_str(rc, s);
}

static int l_report_count_attendees(struct db *db, struct error *err)
{
    long long n;
    return report_store_count_attendees(db, fx.session, 0, 0, &n, err);
}

static int l_unit_get(struct db *db, struct error *err)
{
    struct unit u;
    int rc = unit_store_get(db, fx.commune, &u, err);
    unit_release(&u);
    return rc;
}

static int l_unit_find_code(struct db *db, struct error *err)
{
    long long id;
    return unit_store_find_code(db, "commune", fx.commune_code, NULL, &id, err);
}

static int l_unit_find_name(struct db *db, struct error *err)
{
    struct unit_list l = {0};
    int rc = unit_store_find_name(db, "commune", "my phuong", 0, &l, err);
    unit_list_release(&l);
    return rc;
}

static int l_unit_successor_at(struct db *db, struct error *err)
{
    long long to;
    return unit_store_successor_at(db, fx.commune, "2025-07-01", &to, err);
}

static int l_unit_count(struct db *db, struct error *err)
{
    long long n;
    return unit_store_count(db, "commune", &n, err);
}

static int l_unit_count_valid(struct db *db, struct error *err)
{
    long long n;
    return unit_store_count_valid(db, "commune", "2024-01-01", &n, err);
}

static int l_unit_count_successors(struct db *db, struct error *err)
{
    long long n;
    return unit_store_count_successors(db, &n, err);
}

static int l_ethnic_find(struct db *db, struct error *err)
{
    long long id;
    return ethnic_store_find(db, "tay", &id, err);
}

static int l_ethnic_find_code(struct db *db, struct error *err)
{
    long long id;
    return ethnic_store_find_code(db, "121-TCTK", "02", &id, err);
}

static int l_ethnic_name(struct db *db, struct error *err)
{
    char *name = NULL;
    int rc = ethnic_store_get_name(db, 1, &name, err);
    free(name);
    return rc;
}

static int l_ethnic_count(struct db *db, struct error *err)
{
    long long n;
    return ethnic_store_count(db, &n, err);
}

static int l_overview_records(struct db *db, struct error *err)
{
    long long n;
    return overview_store_records(db, &n, err);
}

static int l_overview_data_version(struct db *db, struct error *err)
{
    long long v;
    return overview_store_data_version(db, &v, err);
}

static int l_backup_has(struct db *db, struct error *err)
{
    return backup_store_has(db, "c.db.20240301-080000.bak", err);
}

static int l_audit_count(struct db *db, struct error *err)
{
    long long n;
    return audit_store_count(db, &n, err);
}

static int l_audit_image(struct db *db, struct error *err)
{
    char *s;
    int rc = audit_store_image(db, "person", fx.person, &s, err);
    return free_str(rc, s);
}

static int l_audit_table_state(struct db *db, struct error *err)
{
    char *current, *logged;
    int rc = audit_store_table_state(db, "setting", &current, &logged, err);
    free(current);
    return free_str(rc, logged);
}

static int l_audit_head(struct db *db, struct error *err)
{
    long long id;
    char hash[65];
    return audit_store_head(db, 0, &id, hash, err);
}

static int l_audit_last_for(struct db *db, struct error *err)
{
    struct audit_entry e;
    int rc = audit_store_last_for(db, "person", fx.person, &e, err);
    if (rc == 1)
        audit_entry_release(&e);
    return rc;
}

static int l_audit_seal_key(struct db *db, struct error *err)
{
    char id[17];
    return audit_store_seal_key(db, id, err);
}

static int l_audit_schema_recorded(struct db *db, struct error *err)
{
    int v;
    return audit_store_schema_recorded(db, &v, err);
}

/*
 * Not in the table: audit_store_changed_keys compares two JSON texts and
 * reads no table (the lock does not stop it); its errors are those of a
 * text that is not JSON.
 */
static const struct {
    const char *name;
    lookup_fn fn;
    int want;
} lookups[] = {
    {"device_store_get", l_device_get, 0},
    {"device_store_get_by_imei", l_device_get_by_imei, 0},
    {"device_store_find_imei", l_device_find_imei, 0},
    {"device_store_snapshot", l_device_snapshot, 0},
    {"device_store_count", l_device_count, 0},
    {"round_store_get", l_round_get, 0},
    {"round_store_snapshot", l_round_snapshot, 0},
    {"handover_store_get", l_handover_get, 0},
    {"handover_store_get_by_receipt", l_handover_get_by_receipt, 0},
    {"handover_store_open_for_device", l_handover_open_for_device, 0},
    {"handover_store_open_for_person", l_handover_open_for_person, 0},
    {"handover_store_open_any_for_person", l_handover_open_any_for_person, 0},
    {"handover_store_custody_overlap", l_handover_custody_overlap, 1},
    {"handover_store_snapshot", l_handover_snapshot, 0},
    {"receipt_print_get", l_receipt_print_get, 0},
    {"receipt_print_count", l_receipt_print_count, 1},
    {"person_store_get", l_person_get, 0},
    {"person_store_find_id_number", l_person_find_id_number, 0},
    {"person_store_find_namesakes", l_person_find_namesakes, 0},
    {"person_store_snapshot", l_person_snapshot, 0},
    {"person_search_count", l_person_count, 0},
    {"setting_get", l_setting_get, 0},
    {"setting_get_at", l_setting_get_at, 0},
    {"setting_from_at", l_setting_from_at, 0},
    {"setting_store_get_all", l_setting_get_all, 0},
    {"training_store_get", l_training_get, 0},
    {"training_store_snapshot", l_training_snapshot, 0},
    {"attendance_store_has", l_attendance_has, 1},
    {"attendance_store_snapshot", l_attendance_snapshot, 0},
    {"report_store_count_attendees", l_report_count_attendees, 0},
    {"unit_store_get", l_unit_get, 0},
    {"unit_store_find_code", l_unit_find_code, 0},
    {"unit_store_find_name", l_unit_find_name, 0},
    {"unit_store_successor_at", l_unit_successor_at, 0},
    {"unit_store_count", l_unit_count, 0},
    {"unit_store_count_valid", l_unit_count_valid, 0},
    {"unit_store_count_successors", l_unit_count_successors, 0},
    {"ethnic_store_find", l_ethnic_find, 0},
    {"ethnic_store_find_code", l_ethnic_find_code, 0},
    {"ethnic_store_count", l_ethnic_count, 0},
    {"ethnic_store_get_name", l_ethnic_name, 0},
    {"overview_store_records", l_overview_records, 0},
    {"overview_store_data_version", l_overview_data_version, 0},
    {"backup_store_has", l_backup_has, 1},
    {"audit_store_count", l_audit_count, 0},
    {"audit_store_image", l_audit_image, 0},
    {"audit_store_table_state", l_audit_table_state, 0},
    {"audit_store_head", l_audit_head, 1},
    {"audit_store_last_for", l_audit_last_for, 1},
    {"audit_store_seal_key", l_audit_seal_key, 1},
    {"audit_store_schema_recorded", l_audit_schema_recorded, 0},
};
#define N_LOOKUPS (sizeof(lookups) / sizeof(*lookups))

/* --- the register ------------------------------------------------------ */

static void must(int rc, const char *what, struct error *err)
{
    if (rc < 0)
        fail_msg("%s: %s", what, error_msg(err));
}

/* One record of each kind, through the use cases; then the file in
 * rollback-journal mode, whose EXCLUSIVE lock stops every reader. */
static int setup(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    char *receipt = NULL;
    long long seq;
    char hash[65];

    snprintf(dir, sizeof(dir), "%s/capphat-reads.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    db_file = xasprintf("%s/c.db", dir);
    setenv("CAPPHAT_OPERATOR", "tester", 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("XDG_STATE_HOME", dir, 1);
    must(app_open(&app, db_file, DB_OPEN_CREATE, NULL, &err), "app_open", &err);

    struct person_input pi = {.full_name = "Lò Văn Cường",
                              .gender = "Nam",
                              .birth_year = "1950",
                              .ethnic = "Tày",
                              .district = "ba be",
                              .commune = "my phuong",
                              .cccd = "006050001234"};
    must(person_app_add(&app, &pi, &fx.person, &err), "person", &err);
    struct round_input ri = {.name = "Đợt 1 năm 2024", .year = "2024"};
    must(round_app_add(&app, &ri, &fx.round, &err), "round", &err);
    struct device_input di = {.imei = "490154203237518",
                              .model = "Samsung Galaxy A05",
                              .delivered_on = "2024-01-02",
                              .round_id = fx.round};
    must(device_app_add(&app, &di, &fx.device, &err), "device", &err);
    struct handover_input hi = {
        .person_id = fx.person, .imei = "490154203237518", .date = "2024-03-01"};
    must(handover_app_give(&app, &hi, &receipt, &fx.handover, &err), "handover", &err);
    snprintf(fx.receipt, sizeof(fx.receipt), "%s", receipt);
    free(receipt);
    struct training_input ti = {.date = "2024-04-01",
                                .place = "Hội trường UBND xã",
                                .trainer = "Nguyễn Văn Kỹ",
                                .topic = "Sử dụng điện thoại thông minh",
                                .district = "ba be",
                                .commune = "my phuong"};
    must(training_app_add(&app, &ti, &fx.session, &err), "session", &err);
    must(training_app_attend(&app, fx.session, &fx.person, 1, NULL, &err), "attendance", &err);
    must(settings_app_set_from(&app, "office_name", "SỞ DÂN TỘC", "2025-07-01", &err), "setting",
         &err);

    /* what only the store writes: a receipt's kept data, a backup's
     * record, a seal */
    struct person p;
    struct unit u;
    must(person_store_get(app.db, fx.person, &p, &err), "person_store_get", &err);
    fx.commune = p.commune_id;
    snprintf(fx.person_fold, sizeof(fx.person_fold), "%s", "lo van cuong");
    person_release(&p);
    must(unit_store_get(app.db, fx.commune, &u, &err), "unit_store_get", &err);
    snprintf(fx.commune_code, sizeof(fx.commune_code), "%s", u.code);
    unit_release(&u);
    must(db_begin(app.db, &err), "db_begin", &err);
    must(receipt_print_put(app.db, fx.handover, "{}", "2024-03-01T08:00:00Z", &err),
         "receipt_print_put", &err);
    must(backup_store_add(app.db, "c.db.20240301-080000.bak", "2024-03-01T08:00:00Z", &err),
         "backup_store_add", &err);
    must(audit_store_head(app.db, 0, &seq, hash, &err), "audit_store_head", &err);
    char key[17], mac[HASH_HEX_LEN + 1];
    memset(mac, '0', HASH_HEX_LEN);
    mac[HASH_HEX_LEN] = '\0';
    if (audit_store_seal_key(app.db, key, &err) == 0)
        must(audit_store_seal(app.db, seq, "0123456789abcdef", mac, &err), "audit_store_seal",
             &err);
    must(db_end(app.db, 1, &err), "db_end", &err);
    app_close(&app);
    must(db_file_alone(db_file, &err), "db_file_alone", &err);
    return 0;
}

static int teardown(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    free(db_file);
    return rc == 0 ? 0 : -1;
}

static struct db *open_db(void)
{
    struct error err = ERROR_INIT;
    struct db *db = NULL;
    if (db_open(db_file, 0, &db, NULL, &err) != 0)
        fail_msg("db_open: %s", error_msg(&err));
    return db;
}

/* Every row on a database that reads: its record found. */
static void all_found(struct db *db, const char *when)
{
    struct strbuf bad = STRBUF_INIT;
    for (size_t i = 0; i < N_LOOKUPS; i++) {
        struct error err = ERROR_INIT;
        int rc = lookups[i].fn(db, &err);
        if (rc != lookups[i].want)
            strbuf_addf(&bad, "\n  %s: %d, not %d (%s)", lookups[i].name, rc, lookups[i].want,
                        error_msg(&err));
        error_clear(&err);
    }
    if (bad.len)
        fail_msg("%s%s", when, bad.buf);
    strbuf_release(&bad);
}

/* Every row on a database another connection holds locked: ERR_BUSY with
 * a message, never a missing record or an answer. */
static void all_busy(struct db *db, const char *when)
{
    struct strbuf bad = STRBUF_INIT;
    for (size_t i = 0; i < N_LOOKUPS; i++) {
        struct error err = ERROR_INIT;
        int rc = lookups[i].fn(db, &err);
        if (rc != ERR_BUSY || !*error_msg(&err))
            strbuf_addf(&bad, "\n  %s: %d '%s', not ERR_BUSY (%d) with a message", lookups[i].name,
                        rc, error_msg(&err), ERR_BUSY);
        error_clear(&err);
    }
    if (bad.len)
        fail_msg("%s%s", when, bad.buf);
    strbuf_release(&bad);
}

/* --- the tests ---------------------------------------------------------- */

static void every_lookup_reports_a_database_it_cannot_read(void **state)
{
    struct error err = ERROR_INIT;
    struct db *db = open_db(), *other = open_db();

    /* the whole table once on a healthy file: its statements are then
     * cached, as in a program that has been running */
    all_found(db, "healthy:");
    sqlite3_busy_timeout(db->handle, 20);
    /* another program writing: the file's EXCLUSIVE lock */
    assert_int_equal(db_exec(other, "BEGIN EXCLUSIVE", &err), 0);
    all_busy(db, "locked:");
    assert_int_equal(db_exec(other, "ROLLBACK", &err), 0);
    /* the lock gone: the same connection finds every record again */
    all_found(db, "after the lock:");
    db_close(other);
    db_close(db);
}

/* A look-up on a database never read before (no statement cached: each is
 * prepared while the file is locked) fails as well. */
static void a_fresh_connection_reports_it_too(void **state)
{
    struct error err = ERROR_INIT;
    struct db *db = open_db(), *other = open_db();

    sqlite3_busy_timeout(db->handle, 20);
    assert_int_equal(db_exec(other, "BEGIN EXCLUSIVE", &err), 0);
    all_busy(db, "locked, fresh:");
    assert_int_equal(db_exec(other, "ROLLBACK", &err), 0);
    all_found(db, "after the lock, fresh:");
    db_close(other);
    db_close(db);
}

/*
 * Each function of the headers of include/store that takes a database and whose name
 * says it looks something up has a row in the table: a look-up added
 * without one fails here.
 */
static void every_lookup_has_a_row(void **state)
{
    static const char verbs[] =
        "_(get|find|snapshot|image|count|has|open_for|open_any|successor_at|"
        "from_at|seal_key|schema_recorded|data_version|records|head|"
        "last_for|table_state|custody_overlap)";
    regex_t decl, lookup;
    DIR *d = opendir("include/store");
    struct dirent *e;
    struct strbuf missing = STRBUF_INIT;
    int seen = 0;

    assert_non_null(d);
    assert_int_equal(regcomp(&decl, "([a-z_0-9]+)\\(struct db \\*db", REG_EXTENDED), 0);
    assert_int_equal(regcomp(&lookup, verbs, REG_EXTENDED | REG_NOSUB), 0);
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".h") != 0)
            continue;
        char *path = xasprintf("include/store/%s", e->d_name), line[512];
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        while (fgets(line, sizeof(line), f)) {
            regmatch_t m[2];
            if (line[0] < 'a' || line[0] > 'z' || regexec(&decl, line, 2, m, 0) != 0)
                continue;
            char *name = xstrndup(line + m[1].rm_so, (size_t)(m[1].rm_eo - m[1].rm_so));
            if (regexec(&lookup, name, 0, NULL, 0) == 0) {
                size_t i = 0;
                while (i < N_LOOKUPS && strcmp(lookups[i].name, name) != 0)
                    i++;
                if (i == N_LOOKUPS)
                    strbuf_addf(&missing, " %s (%s)", name, e->d_name);
                seen++;
            }
            free(name);
        }
        fclose(f);
        free(path);
    }
    closedir(d);
    regfree(&decl);
    regfree(&lookup);
    if (missing.len)
        fail_msg("look-ups without a row in the table of tests/unit/test_store_reads.c:%s",
                 missing.buf);
    strbuf_release(&missing);
    /* the scan read the headers, and found the table's look-ups there */
    assert_true(seen >= (int)N_LOOKUPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_lookup_has_a_row),
        cmocka_unit_test_setup_teardown(every_lookup_reports_a_database_it_cannot_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_fresh_connection_reports_it_too, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests for src/app/ where the command line cannot reach: two
 * operators (two connections) on one file, and use cases that must leave
 * nothing behind when they refuse.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/check_app.h"
#include "app/device_app.h"
#include "app/handover_app.h"
#include "app/person_app.h"
#include "app/settings_app.h"
#include "app/training_app.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "store/device_store.h"
#include "store/handover_store.h"
#include "store/unit_store.h"

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
static char *db_file;

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void open_app(struct app *app, int flags)
{
    struct error err = ERROR_INIT;
    if (app_open(app, db_file, flags, NULL, &err) != 0)
        fail_msg("app_open: %s", error_msg(&err));
}

static long long add_person(struct app *app, const char *name)
{
    struct person_input in = {0};
    struct error err = ERROR_INIT;
    long long id = 0;
    in.full_name = name;
    in.gender = "M";
    in.birth_year = "1960";
    in.ethnic = "Tày";
    in.district = "ba be";
    in.commune = "my phuong";
    if (person_app_add(app, &in, &id, &err) != 0)
        fail_msg("person %s: %s", name, error_msg(&err));
    return id;
}

static void add_device(struct app *app, const char *imei)
{
    struct device_input in = {0};
    struct error err = ERROR_INIT;
    long long id;
    in.imei = imei;
    in.model = "Samsung Galaxy A05";
    in.delivered_on = "2024-01-02"; /* before the handovers of give() */
    if (device_app_add(app, &in, &id, &err) != 0)
        fail_msg("device %s: %s", imei, error_msg(&err));
}

static int give(struct app *app, long long person, const char *imei, char **receipt,
                struct error *err)
{
    struct handover_input in = {0};
    in.person_id = person;
    in.imei = imei;
    in.date = "2024-03-01";
    return handover_app_give(app, &in, receipt, NULL, err);
}

static int setup(void **state)
{
    struct app app;
    snprintf(dir, sizeof(dir), "%s/capphat-app.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    db_file = xasprintf("%s/c.db", dir);
    setenv("CAPPHAT_OPERATOR", "tester", 1);
    open_app(&app, DB_OPEN_CREATE);
    add_person(&app, "Nguyễn Văn An");
    add_person(&app, "Hoàng Thị Bích");
    add_device(&app, "490154203237518");
    add_device(&app, "356938035643809");
    app_close(&app);
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

static void check_clean(struct app *app)
{
    struct check_result res;
    struct error err = ERROR_INIT;
    assert_int_equal(check_app_run(app, CHECK_FULL, NULL, NULL, &res, &err), 0);
    assert_int_equal(res.problems, 0);
}

/* Two operators, each with their own connection, on one file. */
static void second_connection_sees_clean_conflict(void **state)
{
    struct app a, b;
    struct error err = ERROR_INIT;
    char *receipt = NULL;

    open_app(&a, 0);
    open_app(&b, 0);
    /* b has read the device before a hands it over: its statements are cached */
    struct device d;
    assert_int_equal(device_store_get_by_imei(b.db, "490154203237518", &d, &err), 0);
    assert_string_equal(d.status, "in_stock");
    device_release(&d);

    assert_int_equal(give(&a, 1, "490154203237518", &receipt, &err), 0);
    assert_string_equal(receipt, "01/BB-BDT");
    free(receipt);
    receipt = NULL;

    /* b tries the same device for another person: refused, named, no receipt */
    long long before = log_entries(b.db);
    assert_int_equal(give(&b, 2, "490154203237518", &receipt, &err), ERR_CONFLICT);
    assert_null(receipt);
    assert_has(error_msg(&err), "imei '490154203237518' is already handed over to Nguyễn Văn An");
    assert_has(error_msg(&err), "receipt 01/BB-BDT");
    error_clear(&err);
    /* b tries another device for the person a served: refused too */
    assert_int_equal(give(&b, 1, "356938035643809", &receipt, &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "person 1 (Nguyễn Văn An) already holds imei 490154203237518");
    error_clear(&err);
    assert_int_equal(log_entries(b.db), before);

    /* and b can still work: the other device to the other person */
    assert_int_equal(give(&b, 2, "356938035643809", &receipt, &err), 0);
    assert_string_equal(receipt, "02/BB-BDT");
    free(receipt);
    /* a sees what b did */
    assert_int_equal(
        handover_app_return(&a, "356938035643809", "died", NULL, NULL, NULL, NULL, NULL, &err), 0);
    check_clean(&a);
    app_close(&a);
    app_close(&b);
}

/* A return and a handover of the same device by two operators. */
static void return_by_one_operator_seen_by_the_other(void **state)
{
    struct app a, b;
    struct error err = ERROR_INIT;
    char *receipt = NULL;

    open_app(&a, 0);
    open_app(&b, 0);
    assert_int_equal(give(&a, 1, "490154203237518", &receipt, &err), 0);
    free(receipt);
    receipt = NULL;
    assert_int_equal(handover_app_return(&b, "490154203237518", "replaced", "QĐ 1", NULL, NULL,
                                         NULL, NULL, &err),
                     0);
    /* a's second return of the same device finds nothing open */
    assert_int_equal(
        handover_app_return(&a, "490154203237518", "died", NULL, NULL, NULL, NULL, NULL, &err),
        ERR_CONFLICT);
    assert_has(error_msg(&err), "is not handed over (it is in stock): nothing to return");
    error_clear(&err);
    /* handed on again: not before it came back (today) */
    assert_int_equal(give(&a, 2, "490154203237518", &receipt, &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "a handover dated 01/03/2024 would overlap that");
    error_clear(&err);
    struct handover_input again = {2, "490154203237518", NULL, NULL, NULL};
    assert_int_equal(handover_app_give(&a, &again, &receipt, NULL, &err), 0);
    free(receipt);
    check_clean(&b);
    app_close(&a);
    app_close(&b);
}

/* The status of the device with this IMEI, as read and as the audit
 * image holds it (both must agree). */
static void status_is(struct app *app, const char *imei, const char *want)
{
    struct device d;
    struct error err = ERROR_INIT;
    char *image, *key = xasprintf("\"status\":\"%s\"", want);
    assert_int_equal(device_store_get_by_imei(app->db, imei, &d, &err), 0);
    if (strcmp(d.status, want) != 0)
        fail_msg("device %s reads '%s', not '%s'", imei, d.status, want);
    assert_int_equal(device_store_snapshot(app->db, d.id, &image, &err), 0);
    assert_has(image, key);
    free(image);
    free(key);
    device_release(&d);
}

/* Whether a device is handed over is one fact, its open handover (schema
 * step 12): the row keeps the device's own state, which reads back once
 * the handover is closed, by capphat or by the store alone. */
static void handed_over_is_the_open_handover(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct device_query q = {.status = "handed_over"};
    long long n = -1, open;
    char *receipt = NULL;

    open_app(&app, 0);
    assert_int_equal(give(&app, 1, "490154203237518", &receipt, &err), 0);
    free(receipt);
    status_is(&app, "490154203237518", "handed_over");
    status_is(&app, "356938035643809", "in_stock");
    assert_int_equal(device_store_count(app.db, &q, &n, &err), 0);
    assert_int_equal(n, 1);
    q.status = "in_stock";
    assert_int_equal(device_store_count(app.db, &q, &n, &err), 0);
    assert_int_equal(n, 1);
    /* the row never says so, and its state stays in stock meanwhile */
    assert_int_equal(
        device_store_set_status(app.db, 1, "handed_over", "2024-03-01T00:00:00Z", &err),
        ERR_CONFLICT);
    error_clear(&err);
    assert_int_equal(device_store_set_status(app.db, 1, "repair", "2024-03-01T00:00:00Z", &err),
                     ERR_CONFLICT);
    assert_has(error_msg(&err), "a device handed over stays in stock until it is returned");
    error_clear(&err);
    /* closed by the store alone: the stored state reads back */
    assert_int_equal(handover_store_open_for_device(app.db, 1, &open, &err), 0);
    assert_int_equal(db_begin(app.db, &err), 0);
    assert_int_equal(
        handover_store_close(app.db, open, "2024-04-01", "other", NULL, NULL, NULL, &err), 0);
    status_is(&app, "490154203237518", "in_stock");
    assert_int_equal(db_end(app.db, 0, &err), 0); /* rolled back: handed over again */
    status_is(&app, "490154203237518", "handed_over");
    /* returned defective: under repair, as the row now says */
    assert_int_equal(handover_app_return(&app, "490154203237518", "defective", NULL, NULL, NULL,
                                         NULL, NULL, &err),
                     0);
    status_is(&app, "490154203237518", "repair");
    check_clean(&app);
    app_close(&app);
}

/* A refused use case writes nothing, not even an audit entry. */
static void refusals_leave_no_trace(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct person_input in = {0};
    long long id = 0;
    char *receipt = NULL;

    open_app(&app, 0);
    long long entries = log_entries(app.db);
    in.full_name = "Lò Văn Cường";
    in.gender = "M";
    in.commune = "không có xã này";
    assert_int_equal(person_app_add(&app, &in, &id, &err), ERR_NOT_FOUND);
    assert_int_equal(id, 0);
    error_clear(&err);
    in.commune = "my phuong";
    in.cccd = "006165001234"; /* a woman's number */
    assert_int_equal(person_app_add(&app, &in, &id, &err), ERR_INVALID);
    error_clear(&err);
    assert_int_equal(give(&app, 99, "490154203237518", &receipt, &err), ERR_NOT_FOUND);
    error_clear(&err);
    assert_int_equal(give(&app, 1, "490154203237519", &receipt, &err), ERR_INVALID);
    error_clear(&err);
    assert_int_equal(device_app_set_status(&app, "490154203237518", "handed_over", NULL, &err),
                     ERR_INVALID);
    error_clear(&err);
    assert_null(receipt);
    assert_int_equal(log_entries(app.db), entries);
    check_clean(&app);
    app_close(&app);
}

/* A connection opened read-only cannot write, and says so. */
static void readonly_app_refuses_writes(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    char *receipt = NULL;

    open_app(&app, DB_OPEN_READONLY);
    assert_int_equal(give(&app, 1, "490154203237518", &receipt, &err), ERR_IO);
    assert_has(error_msg(&err), "read-only");
    error_clear(&err);
    assert_null(receipt);
    app_close(&app);
}

/*
 * Between app_memo_begin and _end a name is looked up once: a commune added
 * meanwhile (by another program) is not seen until the memo ends, and an
 * error comes back with the same code and message.
 */
static void memo_remembers_names_until_it_ends(void **state)
{
    struct app app, other;
    struct error err = ERROR_INIT;
    long long district = 0, commune = 0, again = 0, added = 0;
    char *first;

    open_app(&app, 0);
    open_app(&other, 0);
    app_memo_begin(&app);
    assert_int_equal(app_find_district(&app, "ba be", &district, &err), 0);
    assert_int_equal(app_find_commune(&app, district, "Chợ Rã", NULL, &commune, &err), 0);
    assert_int_equal(app_find_commune(&app, district, "Chợ Rã", NULL, &again, &err), 0);
    assert_int_equal(again, commune);
    assert_int_equal(app_find_commune(&app, district, "Xã Mới", NULL, &again, &err), ERR_NOT_FOUND);
    first = xstrdup(error_msg(&err));
    error_clear(&err);
    assert_int_equal(unit_store_insert(other.db, "commune", NULL, "Xã Mới", "Xã", district, NULL,
                                       NULL, &added, &err),
                     0);
    app_memo_begin(&app); /* nested: the outer memo goes on */
    again = -1;
    assert_int_equal(app_find_commune(&app, district, "Xã Mới", NULL, &again, &err), ERR_NOT_FOUND);
    assert_int_equal(again, 0);
    assert_string_equal(error_msg(&err), first);
    error_clear(&err);
    /* a district id is part of the question */
    assert_int_equal(app_find_commune(&app, 0, "Xã Mới", NULL, &again, &err), 0);
    assert_int_equal(again, added);
    app_memo_end(&app);
    assert_int_equal(app_find_commune(&app, district, "Xã Mới", NULL, &again, &err), ERR_NOT_FOUND);
    error_clear(&err);
    app_memo_end(&app);
    assert_null(app.memo);
    assert_int_equal(app_find_commune(&app, district, "Xã Mới", NULL, &again, &err), 0);
    assert_int_equal(again, added);
    app_memo_begin(&app); /* app_close forgets a memo left open */
    free(first);
    app_close(&other);
    app_close(&app);
}

/* The commune of that code and validity (valid_from NULL: a unit of 2023). */
static long long commune_coded(struct app *app, const char *code, const char *valid_from)
{
    struct error err = ERROR_INIT;
    long long id;
    if (unit_store_find_code(app->db, "commune", code, valid_from, &id, &err) != 0)
        fail_msg("no commune %s from %s: %s", code, valid_from ? valid_from : "(2023)",
                 error_msg(&err));
    return id;
}

static void commune_is(struct app *app, long long district, const char *name, const char *as_of,
                       long long want)
{
    struct error err = ERROR_INIT;
    long long id = -1;
    if (app_find_commune(app, district, name, as_of, &id, &err) != 0)
        fail_msg("commune '%s' on %s: %s", name, as_of ? as_of : "(no date)", error_msg(&err));
    assert_int_equal(id, want);
}

/*
 * A name shared by an old and a new commune: refused without a date or a
 * district, each candidate told apart; with the district, the old one;
 * with a date, the one valid then (an old one named later: what it
 * became; a new one named earlier: refused, naming what it was formed
 * from, unless it was formed from one commune alone). Both spellings of
 * the province match. Within a memo, a date is part of the question.
 */
static void communes_resolve_by_district_or_date(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    long long pac_nam = 0, ngan_son = 0, id = 0;

    open_app(&app, 0);
    long long old_bt = commune_coded(&app, "01858", NULL),
              boc_bo = commune_coded(&app, "01864", NULL);
    long long new_bt = commune_coded(&app, "01864", "2025-07-01");
    assert_int_equal(app_find_district(&app, "Pác Nặm", &pac_nam, &err), 0);
    assert_int_equal(app_find_district(&app, "ngan son", &ngan_son, &err), 0);
    assert_int_equal(app_find_commune(&app, 0, "bang thanh", NULL, &id, &err), ERR_AMBIGUOUS);
    assert_int_equal(id, 0);
    assert_string_equal(error_msg(&err),
                        "commune 'bang thanh' is ambiguous: Bằng Thành — huyện Pác Nặm, until "
                        "30/06/2025; Bằng Thành — tỉnh Thái Nguyên, from 01/07/2025; give the "
                        "district, or the date it is named on");
    /* the commune refused, and the date asked for by its key: no option named */
    assert_string_equal(err.field, "commune");
    assert_string_equal(err.hint, "as_of");
    error_clear(&err);
    commune_is(&app, pac_nam, "bang thanh", NULL, old_bt);
    commune_is(&app, 0, "Bằng Thành", "2025-06-30", old_bt);
    commune_is(&app, 0, "Bằng Thành", "2025-07-01", new_bt);
    /* an old commune named on a later date: the commune it became */
    commune_is(&app, pac_nam, "Bằng Thành", "2026-01-01", new_bt);
    commune_is(&app, 0, "Bộc Bố", "2026-01-01", new_bt);
    commune_is(&app, 0, "Bộc Bố", NULL, boc_bo);
    /* a new commune named on an earlier date */
    assert_int_equal(app_find_commune(&app, 0, "Thượng Minh", "2024-03-01", &id, &err),
                     ERR_INVALID);
    assert_has(error_msg(&err), "xã Thượng Minh did not exist on 01/03/2024: it was formed on "
                                "01/07/2025 from Chu Hương, Mỹ Phương, Yến Dương (huyện Ba Bể)");
    error_clear(&err);
    commune_is(&app, 0, "Thượng Quan", "2024-03-01", commune_coded(&app, "01957", NULL));
    commune_is(&app, ngan_son, "Thượng Quan", NULL, commune_coded(&app, "01957", NULL));
    /* the province's two spellings */
    commune_is(&app, 0, "Sỹ Bình", NULL, commune_coded(&app, "01978", NULL));
    commune_is(&app, 0, "Hòa Mục", NULL, commune_coded(&app, "02098", NULL));
    commune_is(&app, 0, "Liêm Thủy", NULL, commune_coded(&app, "02197", NULL));
    commune_is(&app, 0, "Trung Hòa", NULL, commune_coded(&app, "01948", NULL));
    /* names that differ only by their marks: the one written so, else all */
    commune_is(&app, 0, "Văn Lăng", NULL, commune_coded(&app, "05665", "2025-07-01"));
    commune_is(&app, 0, "Văn Lang", "2026-01-01", commune_coded(&app, "02143", "2025-07-01"));
    assert_int_equal(app_find_commune(&app, 0, "van lang", "2026-01-01", &id, &err), ERR_AMBIGUOUS);
    assert_has(error_msg(&err), "Văn Lang — tỉnh Thái Nguyên, from 01/07/2025; Văn Lăng — tỉnh "
                                "Thái Nguyên, from 01/07/2025");
    error_clear(&err);
    /* remembered per date */
    app_memo_begin(&app);
    commune_is(&app, 0, "cho ra", "2024-01-01", commune_coded(&app, "01888", NULL));
    commune_is(&app, 0, "cho ra", "2026-01-01", commune_coded(&app, "01912", "2025-07-01"));
    assert_int_equal(app_find_commune(&app, 0, "cho ra", NULL, &id, &err), ERR_AMBIGUOUS);
    error_clear(&err);
    commune_is(&app, 0, "cho ra", "2024-01-01", commune_coded(&app, "01888", NULL));
    app_memo_end(&app);
    app_close(&app);
}

struct same_seen {
    int calls;
    int answer;
    char name[64], fold[64];
    int birth_year;
    long long commune_id;
};

static int same_spy(const char *full_name, const char *name_fold, int birth_year,
                    long long commune_id, void *arg, struct error *err)
{
    struct same_seen *s = arg;
    s->calls++;
    s->birth_year = birth_year;
    snprintf(s->name, sizeof(s->name), "%s", full_name);
    snprintf(s->fold, sizeof(s->fold), "%s", name_fold);
    s->commune_id = commune_id;
    return s->answer;
}

/* person_app_add_unless asks the caller's rule after every check, before writing. */
static void add_unless_asks_before_writing(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct person_input in = {0};
    struct same_seen seen = {0};
    long long id = 0, commune = 0;

    open_app(&app, 0);
    long long entries = log_entries(app.db);
    in.full_name = "  Lò   Văn Cường ";
    in.gender = "Nam";
    in.birth_year = "1950";
    in.commune = "không có xã này";
    assert_int_equal(person_app_add_unless(&app, &in, same_spy, &seen, &id, &err), ERR_NOT_FOUND);
    assert_int_equal(seen.calls, 0);
    error_clear(&err);
    in.commune = "my phuong";
    in.cccd = "006050001234";
    seen.answer = 1;
    assert_int_equal(person_app_add_unless(&app, &in, same_spy, &seen, &id, &err), 1);
    assert_int_equal(seen.calls, 1);
    assert_string_equal(seen.name, "Lò Văn Cường");
    assert_string_equal(seen.fold, "lo van cuong");
    assert_int_equal(seen.birth_year, 1950);
    assert_int_equal(app_find_commune(&app, 0, "my phuong", NULL, &commune, &err), 0);
    assert_int_equal(seen.commune_id, commune);
    assert_int_equal(id, 0);
    assert_int_equal(log_entries(app.db), entries);
    seen.answer = 0;
    assert_int_equal(person_app_add_unless(&app, &in, same_spy, &seen, &id, &err), 0);
    assert_true(id > 0);
    assert_int_equal(log_entries(app.db), entries + 1);
    /* a whole birth date gives the rule its year */
    in.full_name = "Lò Văn Cường C";
    in.birth_year = "15/03/1950";
    in.cccd = NULL;
    seen.answer = 1;
    assert_int_equal(person_app_add_unless(&app, &in, same_spy, &seen, &id, &err), 1);
    assert_int_equal(seen.birth_year, 1950);
    seen.answer = 0;
    in.birth_year = "1950";
    in.cccd = "006050001234";
    /* the CCCD's owner is named before the caller is asked */
    in.full_name = "Lò Văn Cường B";
    seen.calls = 0;
    assert_int_equal(person_app_add_unless(&app, &in, same_spy, &seen, &id, &err), ERR_CONFLICT);
    assert_has(error_msg(&err), "006050001234");
    assert_int_equal(seen.calls, 0);
    error_clear(&err);
    check_clean(&app);
    app_close(&app);
}

static int last_operator(const struct audit_entry *e, void *arg)
{
    char **out = arg;
    free(*out);
    *out = xstrdup(e->operator_name);
    return 0;
}

/* The name given goes before the login; a wrong one changes nothing. */
static void operator_name_goes_before_the_login(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct strbuf sb = STRBUF_INIT;
    char *op = NULL;

    assert_string_equal(app_operator(), "tester");
    assert_null(app_operator_name());
    /* cleaned as stored text: NFC (typed with combining marks), spaces */
    assert_int_equal(app_operator_set("  Hoa\xcc\x80ng  Thi\xcc\xa3 Mai ", "name", &err), 0);
    assert_string_equal(app_operator_name(), "Hoàng Thị Mai");
    assert_string_equal(app_operator(), "Hoàng Thị Mai (tester)");
    open_app(&app, 0);
    add_person(&app, "Lê Văn Đông");
    assert_int_equal(audit_store_each(app.db, last_operator, &op, &err), 0);
    assert_string_equal(op, "Hoàng Thị Mai (tester)");
    app_close(&app);

    /* 60 characters are taken (3 bytes each here), 61 are not */
    for (int i = 0; i < 60; i++)
        strbuf_addstr(&sb, "ễ");
    assert_int_equal(app_operator_set(sb.buf, "name", &err), 0);
    assert_string_equal(app_operator_name(), sb.buf);
    strbuf_addstr(&sb, "ễ");
    assert_int_equal(app_operator_set(sb.buf, "option --operator", &err), ERR_INVALID);
    assert_has(error_msg(&err), "option --operator");
    assert_has(error_msg(&err), "at most 60 characters");
    error_clear(&err);
    strbuf_setlen(&sb, sb.len - strlen("ễ"));
    assert_string_equal(app_operator_name(), sb.buf);

    assert_int_equal(app_operator_set("Mai (root)", "name", &err), ERR_INVALID);
    assert_has(error_msg(&err), "parenthesis");
    error_clear(&err);
    assert_int_equal(app_operator_set("Mai\033[2J", "name", &err), ERR_INVALID);
    assert_has(error_msg(&err), "control character");
    error_clear(&err);
    assert_int_equal(app_operator_set("\xff", "name", &err), ERR_INVALID);
    error_clear(&err);
    assert_string_equal(app_operator_name(), sb.buf); /* none of them changed it */
    strbuf_release(&sb);
    free(op);

    /* an empty name takes it back: the login alone */
    assert_int_equal(app_operator_set(" ", "name", &err), 0);
    assert_null(app_operator_name());
    assert_string_equal(app_operator(), "tester");
}

/* The use case refused (rc < 0) with an error naming the field key. */
static void refused_at(int rc, struct error *err, const char *key, const char *what)
{
    if (rc >= 0)
        fail_msg("%s: accepted, expected the field %s refused", what, key);
    if (!err->field || strcmp(err->field, key) != 0)
        fail_msg("%s: field %s, expected %s (%s)", what, err->field ? err->field : "(none)", key,
                 error_msg(err));
    error_clear(err);
}

/* A person as person_app_validate takes it, every field right. */
static struct person_input person_ok(void)
{
    struct person_input in = {0};
    in.full_name = "Lò Văn Lan";
    in.gender = "M";
    in.birth_year = "1960";
    in.ethnic = "Tày";
    in.district = "ba be";
    in.commune = "my phuong";
    in.village = "Nà Hai";
    in.cccd = "006060000123";
    in.phone = "0912345678";
    in.active = "yes";
    return in;
}

/*
 * Each rule that refuses a value names its field by the key of the use
 * case's input (struct error's field), whatever its message says: the
 * full-screen forms mark the field by it.
 */
static void refused_values_name_their_field(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct person_input p;
    long long id, district = 0;
    char *receipt = NULL;

    open_app(&app, 0);
    assert_int_equal(app_find_district(&app, "ba be", &district, &err), 0);
#define PERSON(member, value, key)                                                                 \
    do {                                                                                           \
        p = person_ok();                                                                           \
        p.member = value;                                                                          \
        refused_at(person_app_validate(&app, &p, &err), &err, key, "person " #member);             \
    } while (0)
    p = person_ok();
    assert_int_equal(person_app_validate(&app, &p, &err), 0);
    PERSON(full_name, " ", "full_name");
    PERSON(full_name, "Lò\x01Lan", "full_name");
    PERSON(gender, "X", "gender");
    PERSON(gender, "", "gender");
    PERSON(birth_year, "19x8", "birth_year");
    PERSON(birth_year, "1850", "birth_year");
    PERSON(ethnic, "Klingon", "ethnic");
    PERSON(district, "Không Có", "district");
    PERSON(commune, "Không Có", "commune");
    PERSON(commune, "", "commune");
    PERSON(as_of, "31/02/2025", "as_of");
    PERSON(village, "Nà\x01Hai", "village");
    PERSON(cccd, "123", "cccd");
    PERSON(cccd, "006070000123", "cccd"); /* born 1970, the birth year given is 1960 */
    PERSON(phone, "12", "phone");
    PERSON(role, "a\x02", "role");
    PERSON(decision, "a\x02", "decision");
    PERSON(note, "\xff", "note");
    PERSON(active, "maybe", "active");
    PERSON(commune_id, district, "commune"); /* a district, not a commune */
#undef PERSON
    /* the ethnic group refused twice in a memo: the answer remembered names it too */
    app_memo_begin(&app);
    p = person_ok();
    p.ethnic = "Klingon";
    refused_at(person_app_validate(&app, &p, &err), &err, "ethnic", "ethnic group");
    refused_at(person_app_validate(&app, &p, &err), &err, "ethnic", "ethnic group remembered");
    app_memo_end(&app);

    struct device_input d;
#define DEVICE(member, value, key)                                                                 \
    do {                                                                                           \
        memset(&d, 0, sizeof d);                                                                   \
        d.imei = "352099001761481";                                                                \
        d.model = "Galaxy A05";                                                                    \
        d.member = value;                                                                          \
        refused_at(device_app_validate(&app, &d, &err), &err, key, "device " #member);             \
    } while (0)
    DEVICE(imei, "123", "imei");
    DEVICE(imei, "490154203237518", "imei"); /* already registered */
    DEVICE(imei2, "490154203237519", "imei2");
    DEVICE(imei2, "352099001761481", "imei2"); /* the same as the first */
    DEVICE(imei2, "356938035643809", "imei2"); /* already registered */
    DEVICE(model, "", "model");
    DEVICE(serial, "\x01", "serial");
    DEVICE(supplier, "\x01", "supplier");
    DEVICE(contract, "\x01", "contract");
    DEVICE(note, "\xff", "note");
    DEVICE(delivered_on, "31/02/2024", "delivered_on");
    DEVICE(warranty_until, "soon", "warranty_until");
    DEVICE(price, "-5", "price");
    DEVICE(round_id, 999, "round");
#undef DEVICE

    struct round_input r;
#define ROUND(member, value, key)                                                                  \
    do {                                                                                           \
        memset(&r, 0, sizeof r);                                                                   \
        r.name = "Đợt 9";                                                                          \
        r.member = value;                                                                          \
        refused_at(round_app_add(&app, &r, &id, &err), &err, key, "round " #member);               \
    } while (0)
    ROUND(name, "", "name");
    ROUND(year, "20x5", "year");
    ROUND(funding, "\x01", "funding");
    ROUND(decision, "\x01", "decision");
    ROUND(budget, "lots", "budget");
#undef ROUND

    struct handover_input h = {1, "123", "2024-03-01", NULL, NULL};
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "imei", "give imei");
    h.imei = "490154203237518";
    h.date = "2024-02-30";
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "date", "give date");
    h.date = "2999-01-01";
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "date", "give in future");
    h.date = "2023-12-01"; /* before the device was delivered */
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "date", "give too early");
    h.date = "2024-03-01";
    h.place = "\x01";
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "place", "give place");
    h.place = NULL;
    h.person_id = 999;
    refused_at(handover_app_give(&app, &h, &receipt, NULL, &err), &err, "person", "give person");
    refused_at(
        handover_app_return(&app, "490154203237518", "died", NULL, NULL, NULL, NULL, NULL, &err),
        &err, "imei", "return a device in stock");
    refused_at(
        handover_app_return(&app, "490154203237518", "sold", NULL, NULL, NULL, NULL, NULL, &err),
        &err, "reason", "return reason");
    assert_int_equal(give(&app, 1, "490154203237518", &receipt, &err), 0);
    free(receipt);
    receipt = NULL;
    /* a second phone for the same person in the round */
    refused_at(give(&app, 1, "356938035643809", &receipt, &err), &err, "person", "give twice");
    refused_at(handover_app_return(&app, "490154203237518", "died", NULL, "2024-02-01", NULL, NULL,
                                   NULL, &err),
               &err, "date", "return before the handover");
    refused_at(
        handover_app_return(&app, "490154203237518", "died", "\x01", NULL, NULL, NULL, NULL, &err),
        &err, "decision", "return decision");
    assert_int_equal(
        handover_app_pass_on(&app, 1, 1, NULL, NULL, NULL, NULL, NULL, &receipt, NULL, &err),
        ERR_INVALID);
    /* the holder asked for by its key: no option named */
    assert_string_equal(error_msg(&err), "successor 1 is the same person as the current holder");
    assert_string_equal(err.hint, "from");
    refused_at(ERR_INVALID, &err, "successor", "pass on to the holder");
    refused_at(handover_app_pass_on(&app, 2, 1, NULL, NULL, NULL, NULL, NULL, &receipt, NULL, &err),
               &err, "from", "pass on from someone without a device");
    /* the successor already holds a phone in the round */
    assert_int_equal(give(&app, 2, "356938035643809", &receipt, &err), 0);
    free(receipt);
    receipt = NULL;
    refused_at(handover_app_pass_on(&app, 1, 2, NULL, NULL, NULL, NULL, NULL, &receipt, NULL, &err),
               &err, "successor", "pass on to a holder");

    struct training_input t = {"2024-05-01", "Nhà văn hoá", "Cán bộ", "Điện thoại",
                               NULL,         NULL,          0,        0};
    t.date = "1/13/2024";
    refused_at(training_app_add(&app, &t, &id, &err), &err, "date", "session date");
    t.date = "2024-05-01";
    t.topic = "";
    refused_at(training_app_add(&app, &t, &id, &err), &err, "topic", "session topic");
    t.topic = "Điện thoại";
    t.commune = "Không Có";
    refused_at(training_app_add(&app, &t, &id, &err), &err, "commune", "session commune");
    t.commune = NULL;
    t.round_id = 999;
    refused_at(training_app_add(&app, &t, &id, &err), &err, "round", "session round");

    refused_at(settings_app_set(&app, "language", "fr", &err), &err, "language", "language");
    refused_at(settings_app_set(&app, "receipt_format", "BB", &err), &err, "receipt_format",
               "receipt format");
    refused_at(settings_app_set(&app, "colour", "red", &err), &err, "key", "unknown setting");
    refused_at(settings_app_set_from(&app, "place_name", "Chợ Mới", "2025-13-01", &err), &err,
               "from", "setting's date");
    refused_at(app_operator_set("Mai (root)", "name", &err), &err, "operator", "operator");
    app_close(&app);
}

/* An edit checks each value by registration's rule, records one audit
 * entry for a change and none for nothing; once rounds exist a phone keeps
 * one. */
static void device_edit_checks_and_audits(void **state)
{
    struct app app;
    struct error err = ERROR_INIT;
    struct device d;
    long long id = 0, round = 0;

    (void)state;
    open_app(&app, 0);
    assert_int_equal(device_store_find_imei(app.db, "490154203237518", &id, &err), 0);
    long long entries = log_entries(app.db);
    struct device_edit same = {NULL, NULL, NULL, -1};
    assert_int_equal(device_app_edit(&app, id, &same, &err), 0);
    assert_int_equal(log_entries(app.db), entries);

    struct device_edit bad = {"Nokia", "356938035643809", NULL, -1}; /* the other phone's */
    assert_int_equal(device_app_edit(&app, id, &bad, &err), ERR_CONFLICT);
    assert_string_equal(err.field, "imei2");
    error_clear(&err);
    bad.imei2 = "490154203237518"; /* its own first IMEI */
    assert_int_equal(device_app_edit(&app, id, &bad, &err), ERR_INVALID);
    error_clear(&err);
    bad.imei2 = NULL;
    bad.price = "lots";
    assert_int_equal(device_app_edit(&app, id, &bad, &err), ERR_INVALID);
    assert_string_equal(err.field, "price");
    error_clear(&err);
    assert_int_equal(log_entries(app.db), entries);

    struct device_edit ok = {"Nokia C32", "353918051234561", "1.990.000", -1};
    assert_int_equal(device_app_edit(&app, id, &ok, &err), 0);
    assert_int_equal(log_entries(app.db), entries + 1);
    assert_int_equal(device_store_get(app.db, id, &d, &err), 0);
    assert_string_equal(d.model, "Nokia C32");
    assert_string_equal(d.imei2, "353918051234561");
    assert_int_equal(d.price, 1990000);
    device_release(&d);

    struct round_input r = {.name = "Đợt 1", .year = "2024"};
    assert_int_equal(round_app_add(&app, &r, &round, &err), 0);
    struct device_edit none = {NULL, NULL, NULL, 0};
    assert_int_equal(device_app_edit(&app, id, &none, &err), ERR_INVALID);
    assert_string_equal(err.field, "round");
    error_clear(&err);
    none.round_id = round;
    assert_int_equal(device_app_edit(&app, id, &none, &err), 0);
    check_clean(&app);
    app_close(&app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(second_connection_sees_clean_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(return_by_one_operator_seen_by_the_other, setup, teardown),
        cmocka_unit_test_setup_teardown(refusals_leave_no_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(handed_over_is_the_open_handover, setup, teardown),
        cmocka_unit_test_setup_teardown(readonly_app_refuses_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(memo_remembers_names_until_it_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(communes_resolve_by_district_or_date, setup, teardown),
        cmocka_unit_test_setup_teardown(add_unless_asks_before_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(operator_name_goes_before_the_login, setup, teardown),
        cmocka_unit_test_setup_teardown(refused_values_name_their_field, setup, teardown),
        cmocka_unit_test_setup_teardown(device_edit_checks_and_audits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

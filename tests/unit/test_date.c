/* Unit tests for core/date: parsing, display, day numbers, today. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void accept(const char *in, const char *want)
{
    struct error err = ERROR_INIT;
    char out[11];

    if (date_parse(in, "date", out, &err) != 0)
        fail_msg("'%s' refused: %s", in, error_msg(&err));
    assert_string_equal(out, want);
}

static void refuse(const char *in, const char *part)
{
    struct error err = ERROR_INIT;
    char out[11] = "x";

    assert_int_equal(date_parse(in, "handover date", out, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(out, "");
    assert_has(error_msg(&err), "handover date");
    if (part)
        assert_has(error_msg(&err), part);
    error_clear(&err);
}

static void test_forms(void **state)
{
    (void)state;
    accept("2023-02-05", "2023-02-05");
    accept("05/02/2023", "2023-02-05");
    accept("5/2/2023", "2023-02-05");
    accept("05-02-2023", "2023-02-05");
    accept("05.02.2023", "2023-02-05");
    accept(" 05/02/2023 ", "2023-02-05");
    accept("31/12/2100", "2100-12-31");
    accept("01/01/1900", "1900-01-01");
}

static void test_calendar(void **state)
{
    (void)state;
    refuse("29/02/2023", "not a date in the calendar");
    accept("29/02/2024", "2024-02-29");
    accept("29/02/2000", "2000-02-29"); /* divisible by 400 */
    refuse("29/02/1900", "calendar");   /* divisible by 100 */
    refuse("31/04/2023", "calendar");
    accept("30/04/2023", "2023-04-30");
    refuse("2023-04-31", "calendar");
    refuse("00/01/2023", "calendar");
    refuse("01/13/2023", "calendar"); /* dd/mm: no month 13 */
    refuse("01/00/2023", "calendar");
    refuse("32/01/2023", "calendar");
}

static void test_year_range(void **state)
{
    (void)state;
    refuse("31/12/1899", "1899");
    refuse("1899-12-31", "out of range");
    refuse("01/01/2101", "2101");
}

static void test_garbage(void **state)
{
    (void)state;
    refuse("", "required");
    refuse(NULL, "required");
    refuse("hôm nay", "dd/mm/yyyy");
    refuse("05/02/23", "dd/mm/yyyy");   /* two-digit year */
    refuse("05/02-2023", "dd/mm/yyyy"); /* mixed separators */
    refuse("05 02 2023", "dd/mm/yyyy");
    refuse("2023-02-05T10:00", "dd/mm/yyyy");
    refuse("2023-02-005", "dd/mm/yyyy");
    refuse("5/2", "dd/mm/yyyy");
    refuse("45000", "dd/mm/yyyy"); /* an Excel serial number */
    refuse("05/02/2023x", "dd/mm/yyyy");
    refuse("-5/02/2023", "dd/mm/yyyy");
}

static void test_display(void **state)
{
    char out[11];

    (void)state;
    assert_string_equal(date_display("2023-02-05", out), "05/02/2023");
    assert_ptr_equal(date_display("2024-12-31", out), out);
    assert_string_equal(out, "31/12/2024");
    assert_string_equal(date_display("", out), "");
    assert_string_equal(date_display(NULL, out), "");
    assert_string_equal(date_display("chưa rõ", out), "chưa rõ");
}

static void test_days(void **state)
{
    (void)state;
    /* values from Python's datetime */
    assert_int_equal(date_days("1970-01-01"), 0);
    assert_int_equal(date_days("1969-12-31"), -1);
    assert_int_equal(date_days("2023-02-05"), 19393);
    assert_int_equal(date_days("2000-03-01"), 11017);
    assert_int_equal(date_days("2024-02-29"), 19782);
    assert_int_equal(date_days("1900-01-01"), -25567);
    assert_int_equal(date_days("garbage"), -1);
    assert_int_equal(date_days("2023-02-30"), -1);
    assert_int_equal(date_days("2023-13-01"), -1);
    assert_int_equal(date_days("05/02/2023"), -1);
    assert_int_equal(date_days(NULL), -1);
    assert_int_equal(date_year("2023-02-05"), 2023);
    assert_int_equal(date_year("x"), 0);
    assert_int_equal(date_year(NULL), 0);
}

static void add_is(const char *iso, long n, const char *want)
{
    char out[11] = "";
    assert_int_equal(date_add_days(iso, n, out), 0);
    assert_string_equal(out, want);
}

/* The day before the 2025 reorganisation, month and year ends, leap days. */
static void test_add_days(void **state)
{
    char out[11];
    add_is("2025-07-01", -1, "2025-06-30");
    add_is("2025-06-30", 1, "2025-07-01");
    add_is("2025-01-01", -1, "2024-12-31");
    add_is("2024-02-28", 1, "2024-02-29");
    add_is("2023-02-28", 1, "2023-03-01");
    add_is("2000-03-01", -1, "2000-02-29");
    add_is("1900-03-01", -1, "1900-02-28");
    add_is("2025-07-01", 0, "2025-07-01");
    add_is("2025-07-01", 365, "2026-07-01");
    add_is("1970-01-01", -1, "1969-12-31");
    add_is("1969-12-31", 1, "1970-01-01");
    assert_int_equal(date_add_days("2025-02-30", 1, out), -1);
    assert_int_equal(date_add_days("garbage", 1, out), -1);
}

static void test_today(void **state)
{
    char out[11];

    (void)state;
    assert_int_equal(setenv("CAPPHAT_TODAY", "05/02/2023", 1), 0);
    date_today(out);
    assert_string_equal(out, "2023-02-05");
    assert_int_equal(setenv("CAPPHAT_TODAY", "2024-02-29", 1), 0);
    date_today(out);
    assert_string_equal(out, "2024-02-29");
    /* an invalid override is ignored: the real date, which parses */
    assert_int_equal(setenv("CAPPHAT_TODAY", "31/02/2024", 1), 0);
    date_today(out);
    assert_string_not_equal(out, "2024-02-31");
    assert_int_equal(strlen(out), 10);
    char again[11];
    struct error err = ERROR_INIT;
    assert_int_equal(date_parse(out, "today", again, &err), 0);
    assert_true(date_year(out) >= 2024);
    assert_int_equal(unsetenv("CAPPHAT_TODAY"), 0);
    date_today(out);
    assert_int_equal(date_parse(out, "today", again, &err), 0);
    assert_string_equal(again, out);
    /* now in UTC */
    char now[21];
    date_now_utc(now);
    assert_int_equal(strlen(now), 20);
    assert_int_equal(now[10], 'T');
    assert_int_equal(now[19], 'Z');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),      cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_year_range), cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_display),    cmocka_unit_test(test_days),
        cmocka_unit_test(test_today),      cmocka_unit_test(test_add_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for core/money: formatting and parsing whole đồng. */
#include "unit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void format_is(long long v, int unit, const char *want)
{
    char *s = money_format(v, unit);
    assert_string_equal(s, want);
    free(s);
}

static void accept(const char *in, long long want)
{
    struct error err = ERROR_INIT;
    long long v = -1;

    if (money_parse(in, "price", &v, &err) != 0)
        fail_msg("'%s' refused: %s", in, error_msg(&err));
    assert_int_equal(v, want);
}

static void refuse(const char *in, const char *part)
{
    struct error err = ERROR_INIT;
    long long v = -1;

    assert_int_equal(money_parse(in, "price", &v, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(v, 0);
    assert_has(error_msg(&err), "price");
    if (part)
        assert_has(error_msg(&err), part);
    error_clear(&err);
}

static void test_format(void **state)
{
    (void)state;
    format_is(1500000, 1, "1.500.000 đ");
    format_is(1500000, 0, "1.500.000");
    format_is(0, 1, "0 đ");
    format_is(0, 0, "0");
    format_is(999, 0, "999");
    format_is(1000, 0, "1.000");
    format_is(100000, 0, "100.000");
    format_is(1499990000, 1, "1.499.990.000 đ");
    format_is(-1500000, 1, "-1.500.000 đ");
    format_is(-999, 0, "-999");
    format_is(LLONG_MAX, 0, "9.223.372.036.854.775.807");
    format_is(LLONG_MIN, 0, "-9.223.372.036.854.775.808");
}

static void test_parse(void **state)
{
    (void)state;
    accept("1500000", 1500000);
    accept("1.500.000", 1500000);
    accept("1,500,000", 1500000);
    accept("1 500 000 đ", 1500000);
    accept("1500000 VND", 1500000);
    accept("1.500.000đ", 1500000);
    accept("1.500.000 vnđ", 1500000);
    accept("1.500.000 đồng", 1500000);
    accept(" 1.500.000 ", 1500000);
    accept("1\xc2\xa0"
           "500\xc2\xa0"
           "000",
           1500000); /* NBSP as Excel writes it */
    accept("0", 0);
    accept("999", 999);
    accept("1.000", 1000);
    accept("12.345.678", 12345678);
    /* round-trip */
    char *s = money_format(1499990000, 1);
    accept(s, 1499990000);
    free(s);
}

static void test_refused(void **state)
{
    (void)state;
    refuse("-1500000", "negative");
    refuse("-1.500.000 đ", "negative");
    refuse("abc", "not an amount");
    refuse("1500000 USD", "not an amount");
    refuse("12a", "not an amount");
    refuse("", "required");
    refuse(NULL, "required");
    refuse("   ", "not an amount");
    refuse("đ", "not an amount");
    refuse("VND", "not an amount");
}

static void test_separators(void **state)
{
    (void)state;
    /* a decimal point or comma is not a thousands separator */
    refuse("1.5", "not an amount");
    refuse("1,5", "not an amount");
    refuse("1.500.000,00", "not an amount");
    refuse("1,500,000.00", "not an amount");
    refuse("1.50.000", "not an amount");
    refuse("1500.000", "not an amount");
    refuse("1.500.0000", "not an amount");
    refuse(".500", "not an amount");
    refuse("1.500.", "not an amount");
    refuse("1..500", "not an amount");
}

static void test_limits(void **state)
{
    (void)state;
    accept("1000000000000000", 1000000000000000LL); /* 10^15 */
    accept("1.000.000.000.000.000", 1000000000000000LL);
    refuse("1000000000000001", "too large");
    refuse("1000000000000009", "too large");
    refuse("9999999999999999", "too large");
    refuse("99999999999999999999999999999", "too large");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),  cmocka_unit_test(test_parse),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_separators),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

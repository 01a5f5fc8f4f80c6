/* Unit tests for core/imei: parsing, tolerated separators, refusals, Luhn. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "core/imei.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

/* Parse `in`, expect ERR_INVALID and a message containing each of parts. */
static void refuse(const char *in, const char *part1, const char *part2)
{
    struct error err = ERROR_INIT;
    char out[IMEI_LEN + 1] = "x";

    assert_int_equal(imei_parse(in, "imei", out, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(out, "");
    assert_has(error_msg(&err), "imei");
    if (part1)
        assert_has(error_msg(&err), part1);
    if (part2)
        assert_has(error_msg(&err), part2);
    error_clear(&err);
}

static void accept(const char *in, const char *want)
{
    struct error err = ERROR_INIT;
    char out[IMEI_LEN + 1];

    if (imei_parse(in, "imei", out, &err) != 0)
        fail_msg("'%s' refused: %s", in, error_msg(&err));
    assert_string_equal(out, want);
    assert_null(err.msg);
}

static void test_valid(void **state)
{
    (void)state;
    accept("490154203237518", "490154203237518");
    accept("352099001761481", "352099001761481");
    accept("356938035643809", "356938035643809");
}

static void test_check_digit_refused(void **state)
{
    struct error err = ERROR_INIT;
    char out[IMEI_LEN + 1];

    (void)state;
    assert_int_equal(imei_parse("490154203237519", "imei", out, &err), ERR_INVALID);
    assert_has(error_msg(&err), "'490154203237519'");
    assert_has(error_msg(&err), "check digit");
    assert_has(error_msg(&err), "should be 8");
    error_clear(&err);
    /* the field name is the caller's */
    assert_int_equal(imei_parse("490154203237510", "imei2", out, &err), ERR_INVALID);
    assert_has(error_msg(&err), "imei2 ");
    error_clear(&err);
    /* two digits swapped: Luhn catches adjacent transpositions */
    refuse("490154203273518", "check digit", NULL);
}

static void test_label_separators(void **state)
{
    (void)state;
    accept("49-015420-323751-8", "490154203237518");
    accept("4901 5420 3237 518", "490154203237518");
    accept(" 490154203237518 ", "490154203237518");
    accept("49/015420/323751/8", "490154203237518");
    /* separators do not rescue a wrong check digit */
    refuse("49-015420-323751-9", "check digit", NULL);
}

static void test_wrong_length(void **state)
{
    (void)state;
    refuse("49015420323751", "14 digits", "15");
    refuse("4901542032375", "13 digits", NULL);
    refuse("4", "1 digits", NULL);
    refuse("49015420323751801", "17 digits", "15");
    refuse("4901542032375180123456789", "25 digits", NULL);
}

static void test_imeisv(void **state)
{
    (void)state;
    refuse("4901542032375101", "IMEISV", "16 digits");
    refuse("49 015420 323751 01", "IMEISV", NULL);
}

static void test_not_digits(void **state)
{
    (void)state;
    refuse("49015420323751A", "only digits", NULL);
    refuse("IMEI490154203237518", "only digits", NULL);
    refuse("490154203237518\xc2\xa0", "only digits", NULL);
    refuse("49015420323751８", "only digits", NULL); /* fullwidth 8 */
}

static void test_scientific(void **state)
{
    (void)state;
    refuse("4.90154E+14", "scientific notation", NULL);
    refuse("4,90154E+14", "scientific notation", NULL);
    refuse("4.90154203237518e+14", "scientific notation", NULL);
}

static void test_empty(void **state)
{
    (void)state;
    refuse("", "required", NULL);
    refuse(NULL, "required", NULL);
    refuse("   ", "0 digits", NULL);
}

static void test_check_digit(void **state)
{
    /* computed with an independent Luhn in Python */
    static const char *const known[][2] = {
        {"49015420323751", "8"}, {"35209900176148", "1"}, {"35332509012345", "0"},
        {"86691504123456", "0"}, {"35693803564380", "9"}, {"01234567890123", "7"},
        {"00000000000000", "0"}, {"99999999999999", "4"}, {"35145120840121", "6"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++) {
        char full[IMEI_LEN + 1];
        assert_int_equal(imei_check_digit(known[i][0]), known[i][1][0]);
        snprintf(full, sizeof(full), "%s%s", known[i][0], known[i][1]);
        if (strncmp(full, "00000000", 8) == 0)
            continue; /* a placeholder whatever its last digit: test_placeholders */
        accept(full, full);
        /* every other last digit fails */
        for (char c = '0'; c <= '9'; c++) {
            if (c == known[i][1][0])
                continue;
            full[14] = c;
            if (strspn(full, full[0] == '9' ? "9" : "x") == IMEI_LEN)
                continue; /* 999999999999999: a placeholder */
            refuse(full, "check digit", NULL);
        }
    }
}

/* Numbers that name no phone, refused with their own message whatever
 * their check digit. */
static void test_placeholders(void **state)
{
    (void)state;
    refuse("000000000000000", "placeholder (one digit repeated)", NULL);
    refuse("111111111111111", "placeholder (one digit repeated)", NULL);
    refuse("9999 9999 9999 999", "placeholder (one digit repeated)", NULL);
    refuse("000000001234567", "type allocation code 00000000", NULL);
    refuse("000000007777777", "type allocation code 00000000", NULL);
    accept("490154203237518", "490154203237518");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_check_digit_refused),
        cmocka_unit_test(test_label_separators),
        cmocka_unit_test(test_wrong_length),
        cmocka_unit_test(test_imeisv),
        cmocka_unit_test(test_not_digits),
        cmocka_unit_test(test_scientific),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_check_digit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

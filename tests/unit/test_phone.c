/* Unit tests for core/phone: Vietnamese mobile numbers. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "core/phone.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void accept(const char *in, const char *want)
{
    struct error err = ERROR_INIT;
    char out[11];

    if (phone_parse(in, out, &err) != 0)
        fail_msg("'%s' refused: %s", in, error_msg(&err));
    assert_string_equal(out, want);
}

static void refuse(const char *in, const char *part)
{
    struct error err = ERROR_INIT;
    char out[11] = "x";

    assert_int_equal(phone_parse(in, out, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_string_equal(out, "");
    assert_has(error_msg(&err), "phone");
    assert_string_equal(err.field, "phone");
    if (part)
        assert_has(error_msg(&err), part);
    error_clear(&err);
}

static void test_forms(void **state)
{
    (void)state;
    accept("0912345678", "0912345678");
    accept("+84 912 345 678", "0912345678");
    accept("84912345678", "0912345678");
    accept("+84912345678", "0912345678");
    accept("0912.345.678", "0912345678");
    accept("(091) 234-5678", "0912345678");
    accept("0912-345-678", "0912345678");
    accept("  0912 345 678  ", "0912345678");
    accept("+84 (0) 912 345 678", "0912345678");
}

/* The spaces spreadsheets, web pages and contacts group digits with. */
#define NBSP "\xC2\xA0"      /* U+00A0 no-break space */
#define NNBSP "\xE2\x80\xAF" /* U+202F narrow no-break space */
#define FIGSP "\xE2\x80\x87" /* U+2007 figure space */
#define IEXCL "\xC2\xA1"     /* U+00A1 inverted exclamation mark: not a space */
#define ZWSP "\xE2\x80\x8B"  /* U+200B zero-width space: not a space that is seen */

static void test_spaces(void **state)
{
    (void)state;
    accept("0912" NBSP "345" NBSP "678", "0912345678");
    accept("0912" NNBSP "345" NNBSP "678", "0912345678");
    accept("0912" FIGSP "345" FIGSP "678", "0912345678");
    accept(NBSP "+84" NBSP "912" NNBSP "345 678", "0912345678");
    accept("\t0912\t345\t678\t", "0912345678");
    accept("(+84) 912 345 678", "0912345678");
    refuse("0912 345 678" NBSP "A", "only digits");
    refuse("0912" IEXCL "345678", "only digits");
    refuse("0912" ZWSP "345678", "only digits");
    refuse("0912 +345 678", "only digits"); /* a + after digits */
    refuse("++84 912 345 678", "only digits");
    refuse("(0209) 3870 123", "10 digits"); /* a landline stays refused */
    refuse(NBSP, "10 digits");
}

static void test_prefixes(void **state)
{
    /* the mobile prefixes since the 2018 renumbering */
    static const int valid[] = {32, 33, 34, 35, 36, 37, 38, 39, 52, 55, 56, 58,
                                59, 70, 76, 77, 78, 79, 81, 82, 83, 84, 85, 86,
                                87, 88, 89, 90, 91, 92, 93, 94, 96, 97, 98, 99};
    (void)state;
    for (int p = 0; p < 100; p++) {
        char in[32], want[32];
        int ok = 0;
        for (size_t i = 0; i < sizeof(valid) / sizeof(*valid); i++)
            ok |= valid[i] == p;
        snprintf(want, sizeof(want), "0%02d1234567", p);
        if (ok) {
            accept(want, want);
            snprintf(in, sizeof(in), "+84 %02d 123 4567", p);
            accept(in, want);
        } else {
            refuse(want, "prefix");
        }
    }
}

static void test_refused(void **state)
{
    (void)state;
    refuse("0212345678", "prefix 021"); /* landline area code, not mobile */
    refuse("+84 212 345 678", "prefix 021");
    refuse("02093123456", "10 digits"); /* Bắc Kạn landline, 11 digits */
    refuse("01691234567", "10 digits"); /* old 11-digit mobile, renumbered in 2018 */
    refuse("0012345678", "prefix 001");
}

static void test_length_and_letters(void **state)
{
    (void)state;
    refuse("091234567", "10 digits");   /* 9 digits */
    refuse("09123456789", "10 digits"); /* 11 digits */
    refuse("912345678", "10 digits");   /* the leading 0 forgotten */
    refuse("8491234567", "10 digits");  /* 84 and 8 digits */
    refuse("849123456789", "10 digits");
    refuse("0912345678901234567890123456789012345", "too long");
    refuse("0912abc678", "only digits");
    refuse("09l2345678", "only digits"); /* letter l for 1 */
    refuse("0912345678 ext 5", "only digits");
    refuse("", "required");
    refuse(NULL, "required");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_length_and_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for core/cccd: citizen ID numbers (CCCD) and old ID cards (CMND). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/cccd.h"

static void assert_has(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("message '%s' does not contain '%s'", msg, part);
}

static void accept(const char *in, int year, char gender, const char *want, enum id_kind kind)
{
    struct error err = ERROR_INIT;
    char out[13];
    enum id_kind k = ID_NONE;

    if (cccd_parse(in, year, gender, out, &k, &err) != 0)
        fail_msg("'%s' (%d, %c) refused: %s", in, year, gender ? gender : '-', error_msg(&err));
    assert_string_equal(out, want);
    assert_int_equal(k, kind);
}

static void refuse(const char *in, int year, char gender, const char *part1, const char *part2)
{
    struct error err = ERROR_INIT;
    char out[13] = "x";
    enum id_kind k = ID_CCCD;

    assert_int_equal(cccd_parse(in, year, gender, out, &k, &err), ERR_INVALID);
    assert_int_equal(err.code, ERR_INVALID);
    assert_int_equal(k, ID_NONE);
    assert_string_equal(out, "");
    assert_has(error_msg(&err), "cccd");
    /* a number typed: the field refused is the number's */
    assert_string_equal(err.field, "cccd");
    if (part1)
        assert_has(error_msg(&err), part1);
    if (part2)
        assert_has(error_msg(&err), part2);
    error_clear(&err);
}

static void test_provinces(void **state)
{
    (void)state;
    assert_string_equal(cccd_province_name("006"), "Bắc Kạn");
    assert_string_equal(cccd_province_name("019"), "Thái Nguyên");
    assert_string_equal(cccd_province_name("001"), "Hà Nội");
    assert_string_equal(cccd_province_name("096"), "Cà Mau");
    assert_null(cccd_province_name("000"));
    assert_null(cccd_province_name("003"));
    assert_null(cccd_province_name("097"));
    assert_null(cccd_province_name("999"));
    /* there are 63 provinces */
    int count = 0;
    for (int i = 0; i < 1000; i++) {
        char code[4] = {(char)('0' + i / 100), (char)('0' + i / 10 % 10), (char)('0' + i % 10), 0};
        if (cccd_province_name(code))
            count++;
    }
    assert_int_equal(count, 63);
}

static void test_valid_cccd(void **state)
{
    (void)state;
    /* Bắc Kạn, male born 1956 */
    accept("006056001234", 1956, 'M', "006056001234", ID_CCCD);
    /* Thái Nguyên, female born 1962 */
    accept("019162004321", 1962, 'F', "019162004321", ID_CCCD);
    /* 2000s: male 2, female 3 */
    accept("006203123456", 2003, 'M', "006203123456", ID_CCCD);
    accept("019305123456", 2005, 'F', "019305123456", ID_CCCD);
    /* unknown birth year and gender: not checked */
    accept("006056001234", 0, 0, "006056001234", ID_CCCD);
    /* spaces and dots tolerated */
    accept("006 056 001 234", 1956, 'M', "006056001234", ID_CCCD);
    accept("006.056.001.234", 0, 0, "006056001234", ID_CCCD);
}

static void test_century_gender(void **state)
{
    (void)state;
    /* 0 = 1900s male: a woman or someone born in 2056 does not match */
    refuse("006056001234", 1956, 'F', "gender", "female");
    refuse("006056001234", 2056, 'M', "1956", "2056");
    refuse("006056001234", 1957, 0, "1956", "1957");
    /* 1 = 1900s female */
    refuse("019162004321", 1962, 'M', "gender", "male");
    refuse("019162004321", 2062, 'F', "1962", NULL);
    /* 2 = 2000s male, 3 = 2000s female */
    refuse("006203123456", 1903, 'M', "2003", "1903");
    refuse("006203123456", 2003, 'F', "gender", NULL);
    refuse("019305123456", 2005, 'M', "gender", NULL);
    /* 6..9 are no century/gender code */
    refuse("006656001234", 0, 0, "century", NULL);
    refuse("006956001234", 0, 0, "century", NULL);
}

static void test_bad_province(void **state)
{
    (void)state;
    refuse("000056001234", 0, 0, "000", "province");
    refuse("003056001234", 0, 0, "003", "province");
    refuse("099056001234", 0, 0, "099", "province");
}

static void test_cmnd(void **state)
{
    (void)state;
    accept("095123456", 0, 0, "095123456", ID_CMND);
    accept("095 123 456", 1950, 'M', "095123456", ID_CMND);
}

static void test_bad_length(void **state)
{
    (void)state;
    refuse("0061234567", 0, 0, "10 digits", "12");
    refuse("00605600123", 0, 0, "11 digits", NULL);
    refuse("0060560012345", 0, 0, "more than 12", NULL);
    refuse("12345678", 0, 0, "8 digits", NULL);
    refuse("", 0, 0, "required", NULL);
    refuse(NULL, 0, 0, "required", NULL);
    refuse("00605600123A", 0, 0, "only digits", NULL);
    refuse("CCCD 006056001234", 0, 0, "only digits", NULL);
}

static void test_mask(void **state)
{
    char *m;

    (void)state;
    m = cccd_mask("006056001234");
    assert_string_equal(m, "006*****1234");
    free(m);
    m = cccd_mask("095123456");
    assert_string_equal(m, "09****456");
    free(m);
    m = cccd_mask("");
    assert_string_equal(m, "");
    free(m);
}

/* A stored number checked against an edited birth year or gender: the
 * message names it masked, never in full. */
static void test_agrees(void **state)
{
    struct error err = ERROR_INIT;
    (void)state;
    assert_int_equal(cccd_agrees("006165001234", 1965, 'F', &err), 0);
    assert_int_equal(cccd_agrees("006165001234", 0, 0, &err), 0);
    assert_int_equal(cccd_agrees("006165001234", 1970, 'F', &err), ERR_INVALID);
    assert_has(error_msg(&err), "cccd '006*****1234' encodes birth year 1965");
    assert_null(strstr(error_msg(&err), "006165001234"));
    /* the value refused is the birth year given, not the number stored */
    assert_string_equal(err.field, "birth_year");
    assert_int_equal(cccd_agrees("006165001234", 1965, 'M', &err), ERR_INVALID);
    assert_has(error_msg(&err), "cccd '006*****1234' encodes gender female");
    assert_null(strstr(error_msg(&err), "006165001234"));
    assert_string_equal(err.field, "gender");
    /* an old ID card encodes neither */
    assert_int_equal(cccd_agrees("091234567", 1970, 'M', &err), 0);
    assert_int_equal(cccd_agrees(NULL, 1970, 'M', &err), 0);
    error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_provinces),      cmocka_unit_test(test_valid_cccd),
        cmocka_unit_test(test_century_gender), cmocka_unit_test(test_bad_province),
        cmocka_unit_test(test_cmnd),           cmocka_unit_test(test_bad_length),
        cmocka_unit_test(test_mask),           cmocka_unit_test(test_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_encoding: legacy Vietnamese encodings, guessed and converted, alone and in CSV files. */
#include "unit.h"

#include "io_fixture.h"

#include "core/error.h"
#include "io/encoding.h"

/* "Nguyễn Văn Đông" and "Hoà Mục" in each encoding (strings split after \x escapes). */
#define TCVN3_NAME "Nguy\xD4n V\xA8n \xA7\xABng"
#define TCVN3_PLACE                                                                                \
    "Ho\xB5 M\xF4"                                                                                 \
    "c"
#define VNI_NAME                                                                                   \
    "Nguye\xE3n Va\xEA"                                                                            \
    "n \xD1o\xE2ng"
#define VNI_PLACE                                                                                  \
    "Hoa\xF8 Mu\xEF"                                                                               \
    "c"
#define CP1258_NAME                                                                                \
    "Nguy\xEA\xDE"                                                                                 \
    "n V\xE3n \xD0\xF4ng"
#define CP1258_PLACE                                                                               \
    "Ho\xE0 Mu\xF2"                                                                                \
    "c"

static char *convert(enum encoding enc, const char *in, size_t *bad)
{
    struct encoding_conv *c = encoding_conv_new(enc);
    struct strbuf out = STRBUF_INIT;
    *bad = 0;
    encoding_conv_run(c, in, strlen(in), &out, bad);
    encoding_conv_free(c);
    return strbuf_detach(&out, NULL);
}

static void check_convert(enum encoding enc, const char *in, const char *want)
{
    size_t bad;
    char *got = convert(enc, in, &bad);
    assert_string_equal(got, want);
    assert_int_equal(bad, 0);
    free(got);
}

static void test_convert(void **state)
{
    (void)state;
    check_convert(ENCODING_TCVN3, TCVN3_NAME, "Nguyễn Văn Đông");
    check_convert(ENCODING_TCVN3, TCVN3_PLACE, "Hoà Mục");
    check_convert(ENCODING_VNI, VNI_NAME, "Nguyễn Văn Đông");
    check_convert(ENCODING_VNI, VNI_PLACE, "Hoà Mục");
    check_convert(ENCODING_CP1258, CP1258_NAME, "Nguyễn Văn Đông");
    check_convert(ENCODING_CP1258, CP1258_PLACE, "Hoà Mục");
    /* VNI capitals, ơ/ư with tones, i and y letters */
    check_convert(ENCODING_VNI, "NGUYE\xC3N \xD1\xD6\xD4\xD9NG", "NGUYỄN ĐƯỚNG");
    check_convert(ENCODING_VNI,
                  "Tr\xF6\xF4\xF8ng ho\xEF"
                  "c, k\xED, tu\xEE",
                  "Trường học, kí, tuỵ");
    check_convert(ENCODING_VNI, "Ng\xF6\xF4\xF8i c\xF3 uy t\xEDn", "Người cĩ uy tín");
}

static void test_guess(void **state)
{
    (void)state;
    assert_int_equal(
        encoding_guess(TCVN3_NAME "\n" TCVN3_PLACE, strlen(TCVN3_NAME) + 1 + strlen(TCVN3_PLACE)),
        ENCODING_TCVN3);
    assert_int_equal(
        encoding_guess(VNI_NAME "\n" VNI_PLACE, strlen(VNI_NAME) + 1 + strlen(VNI_PLACE)),
        ENCODING_VNI);
    assert_int_equal(encoding_guess(CP1258_NAME "\n" CP1258_PLACE,
                                    strlen(CP1258_NAME) + 1 + strlen(CP1258_PLACE)),
                     ENCODING_CP1258);
    assert_int_equal(encoding_guess("\x80\x81\x8D\x90", 4), ENCODING_UNKNOWN);
    assert_true(encoding_score("Nguyễn Văn Đông", strlen("Nguyễn Văn Đông")) > 0);
    assert_true(encoding_score("NguyÔn V¨n §«ng", strlen("NguyÔn V¨n §«ng")) <= 0);
}

static void test_utf8_check(void **state)
{
    size_t tail;
    (void)state;
    assert_int_equal(encoding_utf8_check("abc", 3, &tail), 3);
    assert_int_equal(tail, 0);
    /* "ễ" is E1 BB 85: cut after two bytes, it may still be finished */
    assert_int_equal(encoding_utf8_check("a\xE1\xBB", 3, &tail), 3);
    assert_int_equal(tail, 2);
    assert_int_equal(encoding_utf8_check("a\xE1"
                                         "b",
                                         3, &tail),
                     1);
    assert_int_equal(encoding_utf8_check("ab\xFF", 3, &tail), 2);
}

static void test_tcvn3_latin1(void **state)
{
    struct encoding_conv *c = encoding_conv_new(ENCODING_TCVN3);
    (void)state;
    /* the TCVN3 bytes as Latin-1 characters, in UTF-8 */
    char *s = encoding_tcvn3_from_latin1(c,
                                         "Nguy\xC3\x94n V\xC2\xA8n \xC2\xA7\xC2\xAB"
                                         "ng",
                                         0);
    assert_string_equal(s, "Nguyễn Văn Đông");
    free(s);
    s = encoding_tcvn3_from_latin1(c, "nguy\xC3\x94n", 1);
    assert_string_equal(s, "NGUYỄN");
    free(s);
    assert_null(encoding_tcvn3_from_latin1(c, "Nguyễn", 0)); /* Unicode already */
    encoding_conv_free(c);
}

static void check_csv(const char *name, const char *content, const char *enc)
{
    char *path = fixture_write_str(name, content);
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    struct table_reader *r = table_reader_open(path, NULL, &err);

    assert_non_null(r);
    assert_string_equal(table_reader_encoding(r), enc);
    table_reader_free(r);
    assert_int_equal(fixture_dump(path, NULL, &out, &err), 0);
    assert_string_equal(out.buf, "1|Ho ten|Xa\n2|Nguyễn Văn Đông|Hoà Mục\n3|Đông|Mục\n");
    strbuf_release(&out);
    free(path);
}

static void test_csv_files(void **state)
{
    (void)state;
    check_csv("tcvn3.csv",
              "Ho ten,Xa\r\n" TCVN3_NAME "," TCVN3_PLACE "\r\n\xA7\xABng,M\xF4"
              "c\r\n",
              "TCVN3 (ABC)");
    check_csv("vni.csv",
              "Ho ten;Xa\n\"" VNI_NAME "\";" VNI_PLACE "\n\xD1o\xE2ng;Mu\xEF"
              "c\n",
              "VNI-Windows");
    check_csv("cp1258.csv",
              "Ho ten\tXa\n" CP1258_NAME "\t" CP1258_PLACE "\n\xD0\xF4ng\tMu\xF2"
              "c\n",
              "Windows-1258");
}

static void test_csv_unknown(void **state)
{
    struct error err = ERROR_INIT;
    (void)state;
    char *path = fixture_write_str("bad.csv", "Ho ten,Xa\nA,B\n\x80\x81\x8D\x90,\x9D\x9E\n");
    assert_null(table_reader_open(path, NULL, &err));
    assert_int_equal(err.code, ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), path));
    assert_non_null(strstr(error_msg(&err), "line 3 is not UTF-8"));
    assert_non_null(strstr(error_msg(&err), "'\\x80\\x81\\x8D\\x90,\\x9D\\x9E'"));
    error_clear(&err);
    free(path);
    /* a file cut in the middle of a character */
    path = fixture_write_str("cut.csv", "Ho ten\nNguy\xE1\xBB");
    assert_null(table_reader_open(path, NULL, &err));
    assert_non_null(strstr(error_msg(&err), "line 2"));
    error_clear(&err);
    free(path);
}

static enum encoding_loss loss(const char *s, const char *want_value)
{
    size_t at = 0, len = 0;
    enum encoding_loss k = encoding_loss_find(s, strlen(s), &at, &len);
    if (k != ENCODING_LOSS_NONE && want_value) {
        char *v = xstrndup(s + at, len);
        assert_string_equal(v, want_value);
        free(v);
    }
    return k;
}

static void test_loss(void **state)
{
    (void)state;
    /* '?' for the letters a code page lacked */
    assert_int_equal(loss("STT,Ho ten\n1,Ho?ng V?n Th?\n", "Ho?ng V?n Th?"),
                     ENCODING_LOSS_QUESTION);
    assert_int_equal(loss("Ho?ng;x\n", NULL), ENCODING_LOSS_NONE); /* one is no proof */
    assert_int_equal(loss("Ghi chu\nCo khong?\nDuoc khong?\n", NULL),
                     ENCODING_LOSS_NONE); /* questions, no '?' inside a word */
    assert_int_equal(loss("Web\nhttp://a.vn/?id=1\nhttp://b.vn/x?y=2\n", NULL), ENCODING_LOSS_NONE);
    /* a file with Vietnamese letters lost none */
    assert_int_equal(loss("Họ tên,Ghi chú\nHo?ng V?n,Có?\n", NULL), ENCODING_LOSS_NONE);
    /* UTF-8 read as Windows-1252 and written again */
    assert_int_equal(loss("STT,Ten\n1,HoÃ\xc2\xa0ng VÄƒn Thá»‹\n", "HoÃ\xc2\xa0ng VÄƒn Thá»‹"),
                     ENCODING_LOSS_CP1252);
    char *fixed = encoding_loss_repair("VÄƒn Thá»‹", strlen("VÄƒn Thá»‹"));
    assert_string_equal(fixed, "Văn Thị");
    free(fixed);
    /* capitals with a tilde, Latin-1 names, Vietnamese: none of them */
    assert_int_equal(loss("NGÃ BA,Thái Bình,Hoà Mục,Đà Nẵng,Ã\n", NULL), ENCODING_LOSS_NONE);
    assert_null(encoding_loss_repair("Đà", strlen("Đà")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convert),    cmocka_unit_test(test_guess),
        cmocka_unit_test(test_utf8_check), cmocka_unit_test(test_tcvn3_latin1),
        cmocka_unit_test(test_csv_files),  cmocka_unit_test(test_csv_unknown),
        cmocka_unit_test(test_loss),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}

/* test_csv_reader: CSV through table_reader: separators, line ends, BOM, quoting, errors. */
#include "unit.h"

#include "io_fixture.h"

#include "core/error.h"

static void check_dump(const char *name, const char *content, const char *want, const char *enc,
                       int sep)
{
    char *path = fixture_write_str(name, content);
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    struct table_reader *r = table_reader_open(path, NULL, &err);

    assert_non_null(r);
    assert_string_equal(table_reader_encoding(r), enc);
    assert_int_equal(table_reader_separator(r), sep);
    assert_null(table_reader_sheet(r));
    table_reader_free(r);
    assert_int_equal(fixture_dump(path, NULL, &out, &err), 0);
    assert_string_equal(out.buf, want);
    strbuf_release(&out);
    error_clear(&err);
    free(path);
}

static void test_comma_lf(void **state)
{
    (void)state;
    check_dump("a.csv",
               "Họ và tên,Xã,Ghi chú\n"
               "\"Nguyễn, Văn A\",Bằng Thành,\"nói \"\"xin chào\"\"\"\n"
               "Lò Thị B,Cổ Linh,\"dòng 1\ndòng 2\"\n"
               "Hà Văn C,Nhạn Môn,\n",
               "1|Họ và tên|Xã|Ghi chú\n"
               "2|Nguyễn, Văn A|Bằng Thành|nói \"xin chào\"\n"
               "3|Lò Thị B|Cổ Linh|dòng 1\ndòng 2\n"
               "5|Hà Văn C|Nhạn Môn|\n",
               "UTF-8", ',');
}

static void test_semicolon_crlf_bom(void **state)
{
    (void)state;
    /* what Excel on a Vietnamese Windows writes: BOM, semicolons, CRLF */
    check_dump("b.csv",
               "\xEF\xBB\xBFUBND HUYỆN BA BỂ;;\r\n"
               "\r\n"
               "Họ và tên;Thôn, bản;Xã\r\n"
               "\"Nguyễn Văn A\";Nà Phòng;\"Xã\r\nBằng Thành\"\r\n"
               "Lò Thị B;Khuổi Slương;Cổ Linh",
               "1|UBND HUYỆN BA BỂ||\n"
               "3|Họ và tên|Thôn, bản|Xã\n"
               "4|Nguyễn Văn A|Nà Phòng|Xã\r\nBằng Thành\n"
               "6|Lò Thị B|Khuổi Slương|Cổ Linh\n",
               "UTF-8 with BOM", ';');
}

static void test_tab_and_cr(void **state)
{
    (void)state;
    check_dump("c.tsv", "IMEI\tModel\r490154203237518\tNokia 105\r\r356938035643809\t \"A, B\"\r",
               "1|IMEI|Model\n2|490154203237518|Nokia 105\n4|356938035643809|A, B\n", "UTF-8",
               '\t');
}

static void test_comma_beats_commas_in_text(void **state)
{
    (void)state;
    /* commas inside the text of a semicolon file do not fool the guess */
    check_dump("d.txt", "Tên;Địa chỉ;Giá\nA;Thôn 1, xã 2;1,500,000\nB;Thôn 3;2,000\nC;x, y, z;3\n",
               "1|Tên|Địa chỉ|Giá\n2|A|Thôn 1, xã 2|1,500,000\n3|B|Thôn 3|2,000\n4|C|x, y, z|3\n",
               "UTF-8", ';');
}

static void test_nfd_becomes_nfc(void **state)
{
    (void)state;
    /* "Nguyễn" with e + circumflex + tilde as combining marks */
    check_dump("e.csv", "Ten\nNguye\xCC\x82\xCC\x83n\n", "1|Ten\n2|Nguyễn\n", "UTF-8", ',');
}

static void test_big_field(void **state)
{
    struct strbuf s = STRBUF_INIT, out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    (void)state;

    strbuf_addstr(&s, "a,b\n\"");
    for (int i = 0; i < 1024 * 1024; i++)
        strbuf_addch(&s, (char)('a' + i % 26));
    strbuf_addstr(&s, "\",x\n");
    char *path = fixture_write("big.csv", s.buf, s.len);
    assert_int_equal(fixture_dump(path, NULL, &out, &err), 0);
    /* "1|a|b\n2|" + 1 MB + "|x\n" */
    assert_int_equal(out.len, 6 + 2 + 1024 * 1024 + 3);
    assert_memory_equal(out.buf + 8, s.buf + 5, 1024 * 1024);
    strbuf_release(&s);
    strbuf_release(&out);
    free(path);
}

static void test_progress(void **state)
{
    struct strbuf s = STRBUF_INIT;
    struct error err = ERROR_INIT;
    struct table_row row;
    double last = 0;
    int rows = 0;
    (void)state;

    strbuf_addstr(&s, "imei,model\n");
    for (int i = 0; i < 20000; i++)
        strbuf_addf(&s, "%015d,Model %d\n", i, i);
    char *path = fixture_write("many.csv", s.buf, s.len);
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_non_null(r);
    assert_true(table_reader_progress(r) < 0.01);
    while (table_reader_next(r, &row, &err) == 1) {
        assert_true(table_reader_progress(r) >= last);
        last = table_reader_progress(r);
        rows++;
        if (rows == 10001) {
            assert_int_equal(row.number, 10001);
            assert_true(last > 0.3 && last < 0.7);
        }
    }
    assert_int_equal(rows, 20001);
    assert_true(table_reader_progress(r) == 1.0);
    table_reader_free(r);
    strbuf_release(&s);
    free(path);
}

static void expect_open_error(const char *path, const char *want1, const char *want2)
{
    struct error err = ERROR_INIT;
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_null(r);
    assert_true(err.code < 0);
    if (!strstr(error_msg(&err), want1) || (want2 && !strstr(error_msg(&err), want2)))
        fail_msg("message '%s' lacks '%s' / '%s'", error_msg(&err), want1, want2 ? want2 : "");
    error_clear(&err);
}

static void test_errors(void **state)
{
    (void)state;
    char *missing = fixture_path("missing.csv");
    expect_open_error(missing, missing, "No such file");
    char *folder = fixture_path("folder.csv");
    assert_int_equal(mkdir(folder, 0700), 0);
    expect_open_error(folder, folder, "is a folder");
    char *pdf = fixture_write_str("list.pdf", "x");
    expect_open_error(pdf, pdf, "unknown file type");
    char *xls = fixture_write("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    expect_open_error(xls, xls, "not a valid .xls file");
    char *bin = fixture_write("zip.csv", "PK\3\4\0\0\0", 7);
    expect_open_error(bin, bin, "NUL byte");
    char *u16 = fixture_write("u16.csv", "\xFF\xFEH\0i\0", 6);
    expect_open_error(u16, u16, "UTF-16");
    free(missing);
    free(folder);
    free(pdf);
    free(xls);
    free(bin);
    free(u16);
}

static void test_regress(void **state)
{
    (void)state;
    fixture_replay_regress(".csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comma_lf),        cmocka_unit_test(test_semicolon_crlf_bom),
        cmocka_unit_test(test_tab_and_cr),      cmocka_unit_test(test_comma_beats_commas_in_text),
        cmocka_unit_test(test_nfd_becomes_nfc), cmocka_unit_test(test_big_field),
        cmocka_unit_test(test_progress),        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_regress),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}

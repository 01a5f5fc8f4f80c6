/*
 * test_workbook_readers: the .xls (freexl) and .ods readers behind
 * table_reader, and how table_reader tells a format by its content:
 * tests/data/persons.xls and .ods (made once with LibreOffice) cell by
 * cell, .ods files written here for each construct of content.xml, and
 * the inputs that once broke a fuzzer (tests/fuzz/regress).
 */
#include "unit.h"

#include "io_fixture.h"

/* What both fixtures hold in their visible sheet, as fixture_dump shows it. */
static const char persons[] =
    "1|DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2024\n"
    "2|STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Thôn, bản|Xã|Huyện|Số CCCD|SĐT|Ngày công nhận\n"
    "3|1|Hoàng Văn Thụ|1958|Nam|Tày|Nà Làng|Hoà Mục|Chợ Mới|006058001234|0912345678|2023-05-17\n"
    "4|2|Lường Thị Nguyệt|1966|Nữ|Nùng|Bản Cháo|Hoà Mục|Chợ Mới|006166004321|0987654321|2024-01-"
    "09\n"
    "6|3|Đặng Văn Ước|1949|Nam|Dao|Khuổi Nộc|Chợ Rã|Ba Bể|006049000777||2022-12-31\n";

static void expect_dump(const char *path, const char *sheet, const char *want)
{
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    int rc = fixture_dump(path, sheet, &out, &err);
    if (rc != 0)
        fail_msg("%s: %s", path, error_msg(&err));
    assert_string_equal(out.buf, want);
    strbuf_release(&out);
    error_clear(&err);
}

static void expect_error(const char *path, const char *sheet, const char *want)
{
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    int rc = fixture_dump(path, sheet, &out, &err);
    assert_true(rc < 0);
    if (!strstr(error_msg(&err), want))
        fail_msg("message '%s' lacks '%s'", error_msg(&err), want);
    strbuf_release(&out);
    error_clear(&err);
}

static void test_xls(void **state)
{
    (void)state;
    expect_dump("tests/data/persons.xls", "Danh sách", persons);
    /* folded as sheet names are for .xlsx */
    expect_dump("tests/data/persons.xls", "danh sach", persons);
    expect_error("tests/data/persons.xls", "Thiết bị",
                 "has no sheet 'Thiết bị'; its sheets are 'Nháp', 'Danh sách'");
}

static void test_ods(void **state)
{
    (void)state;
    /* the first sheet, "Nháp", is hidden */
    expect_dump("tests/data/persons.ods", NULL, persons);
    expect_dump("tests/data/persons.ods", "Nháp",
                "1|STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Thôn, bản|Xã|Huyện|Số CCCD|SĐT|Ngày "
                "công nhận\n"
                "2|1|Người Nháp|1900|Nam|Kinh|Thôn Nháp|Hoà Mục|Chợ Mới\n");
    expect_error("tests/data/persons.ods", "Thiết bị",
                 "has no sheet 'Thiết bị'; its sheets are 'Nháp', 'Danh sách'");
}

/*
 * tests/data/layout.xls and .ods: the sheets listed with the hidden one,
 * the first visible one read by default, its hidden row marked, and its
 * merged header cells (an .ods gives those of the rows read so far).
 */
static void expect_layout(const char *path)
{
    static const struct table_merge header[] = {{2, 0, 3, 0}, {2, 1, 2, 4}, {2, 5, 2, 7},
                                                {2, 8, 3, 8}, {2, 9, 3, 9}, {2, 10, 3, 10}};
    struct error err = ERROR_INIT;
    struct table_reader *r = table_reader_open(path, NULL, &err);
    struct table_row row;
    const struct table_merge *mg;
    size_t n_mg;
    long hidden = 0;

    if (!r)
        fail_msg("%s: %s", path, error_msg(&err));
    assert_int_equal(table_reader_n_sheets(r), 3);
    assert_string_equal(table_reader_sheet_name(r, 0), "Khác");
    assert_string_equal(table_reader_sheet_name(r, 1), "Ba Bể");
    assert_string_equal(table_reader_sheet_name(r, 2), "Chợ Mới");
    assert_true(table_reader_sheet_hidden(r, 0));
    assert_false(table_reader_sheet_hidden(r, 1));
    assert_false(table_reader_sheet_hidden(r, 2));
    assert_string_equal(table_reader_sheet(r), "Ba Bể");
    for (int i = 0; i < 3; i++)
        assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 3);
    assert_int_equal(table_reader_merges(r, &mg, &n_mg, &err), 0);
    for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++) {
        size_t k = 0;
        while (k < n_mg && memcmp(&mg[k], &header[i], sizeof(header[i])) != 0)
            k++;
        if (k == n_mg)
            fail_msg("%s: no merge %ld,%ld-%ld,%ld", path, header[i].row1, header[i].col1,
                     header[i].row2, header[i].col2);
    }
    while (table_reader_next(r, &row, &err) == 1)
        if (row.hidden)
            hidden = hidden * 100 + row.number;
    assert_int_equal(hidden, 5);
    table_reader_free(r);
    error_clear(&err);
}

static void test_layout(void **state)
{
    (void)state;
    expect_layout("tests/data/layout.xls");
    expect_layout("tests/data/layout.ods");
    /* persons.xls: its hidden first sheet passed over, as for .ods */
    expect_dump("tests/data/persons.xls", NULL, persons);
}

/* Write name.ods in the fixture folder from the rows of its one visible
 * sheet (XML of table:table-row elements); returns the path. */
static char *ods(const char *name, const char *rows)
{
    char *script = xasprintf(
        "import sys, zipfile\n"
        "ns = ' '.join('xmlns:%%s=\"urn:oasis:names:tc:opendocument:xmlns:%%s:1.0\"' %% (p, u)\n"
        "  for p, u in [('office', 'office'), ('style', 'style'), ('table', 'table'),\n"
        "               ('text', 'text')])\n"
        "c = ('<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content ' + ns + '>'\n"
        "  '<office:automatic-styles><style:style style:name=\"h\" style:family=\"table\">'\n"
        "  '<style:table-properties table:display=\"false\"/></style:style>'\n"
        "  '</office:automatic-styles><office:body><office:spreadsheet>'\n"
        "  '<table:table table:name=\"Ẩn\" table:style-name=\"h\"><table:table-row>'\n"
        "  '<table:table-cell office:value-type=\"string\"><text:p>hidden</text:p>'\n"
        "  '</table:table-cell></table:table-row></table:table>'\n"
        "  '<table:table table:name=\"S\">' + sys.stdin.read() + '</table:table>'\n"
        "  '</office:spreadsheet></office:body></office:document-content>')\n"
        "with zipfile.ZipFile(sys.argv[1] + '/%s', 'w', zipfile.ZIP_DEFLATED) as z:\n"
        "    z.writestr(zipfile.ZipInfo('mimetype'), "
        "'application/vnd.oasis.opendocument.spreadsheet')\n"
        "    z.writestr('content.xml', c)\n",
        name);
    char *py = fixture_write_str("ods.py", script);
    char *xml = fixture_write_str("rows.xml", rows);
    char *cmd = xasprintf("/usr/bin/python3 '%s' '%s' <'%s'", py, fixture_dir, xml);
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    free(cmd);
    free(xml);
    free(py);
    free(script);
    return fixture_path(name);
}

#define ROW(cells) "<table:table-row>" cells "</table:table-row>"
#define STR(t)                                                                                     \
    "<table:table-cell office:value-type=\"string\"><text:p>" t "</text:p></table:table-cell>"

static void test_ods_cells(void **state)
{
    (void)state;
    char *path = ods(
        "cells.ods",
        /* spaces, tab, line break, two paragraphs, a span, a comment */
        ROW("<table:table-cell office:value-type=\"string\"><office:annotation><text:p>note"
            "</text:p></office:annotation><text:p>a<text:s text:c=\"3\"/>b<text:tab/>c"
            "<text:line-break/>d</text:p><text:p><text:span>e</text:span></text:p>"
            "</table:table-cell>")
        /* numbers as typed, whatever they show; dates; booleans; a string value */
        ROW("<table:table-cell office:value-type=\"float\" office:value=\"6058001234\">"
            "<text:p>006058001234</text:p></table:table-cell>"
            "<table:table-cell office:value-type=\"percentage\" office:value=\"0.15\">"
            "<text:p>15%</text:p></table:table-cell>"
            "<table:table-cell office:value-type=\"currency\" office:value=\"3990000\">"
            "<text:p>3.990.000 ₫</text:p></table:table-cell>"
            "<table:table-cell office:value-type=\"date\" "
            "office:date-value=\"1960-03-10T08:00:00\">"
            "<text:p>10/03/1960</text:p></table:table-cell>"
            "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\">"
            "<text:p>TRUE</text:p></table:table-cell>"
            "<table:table-cell office:value-type=\"string\" office:string-value=\"sv\">"
            "<text:p>shown</text:p></table:table-cell>")
        /* a merge: the covered cells read as empty, even when they hold text */
        ROW("<table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\">"
            "<text:p>merged</text:p></table:table-cell><table:covered-table-cell "
            "office:value-type=\"string\"><text:p>under</text:p></table:covered-table-cell>" STR(
                "after"))
        /* a repeated cell and a repeated row holding text, then empty ones */
        "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
        "office:value-type=\"string\" table:number-columns-repeated=\"3\"><text:p>x</text:p>"
        "</table:table-cell><table:table-cell table:number-columns-repeated=\"16381\"/>"
        "</table:table-row>"
        "<table:table-row table:number-rows-repeated=\"5\"><table:table-cell "
        "table:number-columns-repeated=\"16384\"/></table:table-row>" ROW(STR("Nguyê\xcc\x83n"))
        /* a table inside a cell is not the sheet's */
        ROW("<table:table-cell><table:table><table:table-row>" STR(
            "inner") "</table:table-row></table:table></table:table-cell>" STR("outer")) "<table:"
                                                                                         "table-"
                                                                                         "row "
                                                                                         "table:"
                                                                                         "number-"
                                                                                         "rows-"
                                                                                         "repeated="
                                                                                         "\"1048000"
                                                                                         "\"><"
                                                                                         "table:"
                                                                                         "table-"
                                                                                         "cell "
                                                                                         "table:"
                                                                                         "number-"
                                                                                         "columns-"
                                                                                         "repeated="
                                                                                         "\"16384\""
                                                                                         "/></"
                                                                                         "table:"
                                                                                         "table-"
                                                                                         "row>");
    expect_dump(path, NULL,
                "1|a   b\tc\nd\ne\n"
                "2|6058001234|0.15|3990000|1960-03-10|TRUE|sv\n"
                "3|merged||after\n"
                "4|x|x|x\n"
                "5|x|x|x\n"
                "11|Nguyễn\n"
                "12||outer\n");
    free(path);
}

/* An .ods written by hand: a row hidden by a filter, a cell merged down. */
static void test_ods_layout(void **state)
{
    (void)state;
    struct error err = ERROR_INIT;
    struct table_row row;
    const struct table_merge *mg;
    size_t n_mg;
    char *path =
        ods("layout.ods",
            "<table:table-row table:visibility=\"filter\">" STR("f") "</table:table-row>" ROW(
                "<table:table-cell table:number-rows-spanned=\"2\" "
                "office:value-type=\"string\"><text:p>down</text:p></table:table-cell>")
                ROW("<table:covered-table-cell/>" STR("b")));
    struct table_reader *r = table_reader_open(path, NULL, &err);

    assert_non_null(r);
    assert_int_equal(table_reader_n_sheets(r), 2);
    assert_true(table_reader_sheet_hidden(r, 0));
    assert_false(table_reader_sheet_hidden(r, 1));
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_true(row.hidden);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_false(row.hidden);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 3);
    assert_string_equal(row.cells[0], "");
    assert_int_equal(table_reader_merges(r, &mg, &n_mg, &err), 0);
    assert_int_equal(n_mg, 1);
    assert_int_equal(mg[0].row1, 2);
    assert_int_equal(mg[0].row2, 3);
    assert_int_equal(mg[0].col1, 0);
    assert_int_equal(mg[0].col2, 0);
    table_reader_free(r);
    free(path);
}

static void test_ods_errors(void **state)
{
    (void)state;
    char *path = ods("hidden.ods", "");
    /* the visible sheet has no rows; the hidden one is read when named */
    expect_dump(path, NULL, "");
    expect_dump(path, "ẩn", "1|hidden\n");
    free(path);
    path = fixture_write("nocontent.ods", "PK\5\6\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22);
    expect_error(path, NULL, "not a valid .ods file");
    free(path);
    path = ods("wide.ods",
               "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\"/>"
               "<table:table-cell office:value-type=\"string\"><text:p>x</text:p>"
               "</table:table-cell></table:table-row>");
    expect_error(path, NULL, "sheet 'S', row 1: more than 16384 columns");
    free(path);
    path = ods("cut.ods", "<table:table-row>" STR("x"));
    expect_error(path, NULL, "content.xml, line 1: mismatched tag");
    free(path);
}

/* The content decides, then the extension. */
static void test_detect(void **state)
{
    (void)state;
    char *cmd = xasprintf("cp tests/data/persons.xls '%s/xls.csv' && cp tests/data/persons.ods "
                          "'%s/ods.xlsx' && cp tests/data/persons.ods '%s/ods.xls'",
                          fixture_dir, fixture_dir, fixture_dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *path = fixture_path("xls.csv");
    expect_dump(path, "Danh sách", persons);
    free(path);
    path = fixture_path("ods.xlsx");
    expect_dump(path, NULL, persons);
    free(path);
    path = fixture_path("ods.xls");
    expect_dump(path, NULL, persons);
    free(path);
    /* text with an .xls name, as web sites export lists */
    path = fixture_write_str("web.xls", "Họ và tên;Xã\nA;B\n");
    expect_dump(path, NULL, "1|Họ và tên|Xã\n2|A|B\n");
    free(path);
    path = fixture_write("photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10);
    expect_error(path, NULL, "is not a spreadsheet: neither CSV text nor an Excel");
    free(path);
    path = fixture_write("doc.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
    expect_error(path, NULL, "is not a valid .xls file");
    free(path);
    /* an .xlsx saved with a password is an OLE2 file with an EncryptedPackage */
    static const char locked[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"
                                 "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    path = fixture_write("locked.xlsx", locked, sizeof(locked) - 1);
    expect_error(path, NULL, "is protected with a password");
    free(path);
}

static void test_regress(void **state)
{
    (void)state;
    fixture_replay_regress(".xls");
    fixture_replay_regress(".ods");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xls),       cmocka_unit_test(test_ods),
        cmocka_unit_test(test_ods_cells), cmocka_unit_test(test_ods_errors),
        cmocka_unit_test(test_detect),    cmocka_unit_test(test_regress),
        cmocka_unit_test(test_layout),    cmocka_unit_test(test_ods_layout),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}

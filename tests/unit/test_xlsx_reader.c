/* test_xlsx_reader: .xlsx through table_reader, workbooks written by openpyxl and by hand. */
#include "unit.h"

#include "io_fixture.h"

#include "core/error.h"

/* Workbooks made once for all tests (openpyxl is slow to start). */
static const char *make_py =
    "import sys, datetime, zipfile\n"
    "import openpyxl\n"
    "from openpyxl.styles import Font\n"
    "wb = openpyxl.Workbook()\n"
    "ws = wb.active\n"
    "ws.title = 'Thiết bị'\n"
    "ws['A1'] = 'DANH SÁCH ĐIỆN THOẠI'\n"
    "ws['A3'] = 'STT'; ws['B3'] = 'IMEI'; ws['C3'] = 'Ngày giao'; ws['E3'] = 'Đơn giá'\n"
    "ws['A4'] = 1; ws['B4'] = 490154203237518; ws['C4'] = datetime.date(2024, 3, 15)\n"
    "ws['E4'] = 1500000\n"
    "ws['A7'] = 2; ws['B7'] = '4.90154E+14'; ws['C7'] = True; ws['D7'] = 0.1 + 0.2\n"
    "ws['E7'] = -2.5; ws['F7'] = datetime.date(1950, 1, 1); ws['F7'].number_format = 'dd/mm/yyyy'\n"
    "ws['A8'] = 'Nguy\\u00d4n V\\u00a8n \\u00a7\\u00abng'; ws['A8'].font = Font(name='.VnTime')\n"
    "ws['B8'] = 'nguy\\u00d4n'; ws['B8'].font = Font(name='.VnTimeH')\n"
    "ws['C8'] = 'Hoà Mục'; ws['C8'].font = Font(name='.VnTime')\n"
    "ws2 = wb.create_sheet('Người nhận')\n"
    "ws2.append(['Họ và tên', 'Xã']); ws2.append(['Lò Văn A', 'Bằng Thành'])\n"
    "wb.save('a.xlsx')\n"
    "big = openpyxl.Workbook(write_only=True)\n"
    "bs = big.create_sheet('big')\n"
    "bs.append(['IMEI', 'Model'])\n"
    "for i in range(20000):\n"
    "    bs.append([356938035643809 + i, 'Nokia %d' % i])\n"
    "big.save('big.xlsx')\n"
    "lw = openpyxl.Workbook()\n"
    "h = lw.active; h.title = 'Cũ'; h.sheet_state = 'hidden'; h.append(['old'])\n"
    "v = lw.create_sheet('Mới')\n"
    "v.append(['STT', 'Thông tin', None, 'Ghi chú']); v.append([None, 'Tên', 'Xã'])\n"
    "v.append([1, 'A', 'B', 'c']); v.append([2, 'D', 'E', 'f'])\n"
    "v.merge_cells('A1:A2'); v.merge_cells('B1:C1'); v.merge_cells('D1:D2')\n"
    "v.row_dimensions[4].hidden = True\n"
    "lw.create_sheet('Khác').append(['x'])\n"
    "lw.save('layout.xlsx')\n"
    "def hand(name, parts):\n"
    "    z = zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED)\n"
    "    for k, v in parts.items(): z.writestr(k, v)\n"
    "    z.close()\n"
    "ct = '<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>'\n"
    "rels = '<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"x/book.xml\"/></Relationships>'\n"
    "book = '<?xml version=\"1.0\"?><x:workbook "
    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:workbookPr "
    "date1904=\"1\"/>"
    "<x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId7\"/></x:sheets></x:workbook>'\n"
    "brels = '<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId7\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"sheets/../s1.xml\"/>"
    "<Relationship Id=\"rId8\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"/x/strings.xml\"/>"
    "<Relationship Id=\"rId9\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"st.xml\"/></Relationships>'\n"
    "sst = '<?xml version=\"1.0\"?><x:sst "
    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:si><x:t>Họ tên</x:t></x:si>"
    "<x:si><x:r><x:t>Nguyễn </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>Văn "
    "A</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:si>"
    "<x:si><x:r><x:rPr><x:rFont val=\".VnTime\"/></x:rPr><x:t>Ho\\u00b5 "
    "M\\u00f4c</x:t></x:r></x:si></x:sst>'\n"
    "st = '<?xml version=\"1.0\"?><styleSheet "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"[$-42A]dd/mm/yyyy;@\"/><numFmt "
    "numFmtId=\"165\" formatCode=\"#,##0 &quot;đ&quot;\"/></numFmts>"
    "<fonts count=\"1\"><font><name val=\"Times New Roman\"/></font></fonts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\" fontId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"164\" fontId=\"0\"/><xf "
    "numFmtId=\"165\" fontId=\"0\"/></cellXfs></styleSheet>'\n"
    "s1 = '<?xml version=\"1.0\"?><x:worksheet "
    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
    "<x:row r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"D2\" "
    "t=\"inlineStr\"><x:is><x:t>Ngày sinh</x:t></x:is></x:c></x:row>"
    "<x:row><x:c t=\"s\"><x:v>1</x:v></x:c><x:c t=\"inlineStr\"><x:is><x:r><x:t>Bằng "
    "</x:t></x:r><x:r><x:t>Thành</x:t></x:r></x:is></x:c>"
    "<x:c s=\"1\"><x:v>0</x:v></x:c><x:c s=\"2\"><x:v>1500000</x:v></x:c><x:c "
    "t=\"str\"><x:f>A1</x:f><x:v>x</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
    "<x:row r=\"9\"><x:c r=\"A9\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"C9\"/></x:row><x:row "
    "r=\"10\"><x:c r=\"A10\" s=\"2\"/></x:row>"
    "</x:sheetData></x:worksheet>'\n"
    "hand('hand.xlsx', {'[Content_Types].xml': ct, '_rels/.rels': rels, 'x/book.xml': book, "
    "'x/_rels/book.xml.rels': brels,"
    " 'x/strings.xml': sst, 'x/st.xml': st, 'x/s1.xml': s1})\n"
    "hand('nowb.xlsx', {'[Content_Types].xml': ct, 'xl/worksheets/sheet1.xml': s1})\n"
    "hand('badsst.xlsx', {'_rels/.rels': rels, 'x/book.xml': book, 'x/_rels/book.xml.rels': brels, "
    "'x/s1.xml': s1})\n"
    "hand('badxml.xlsx', {'_rels/.rels': rels, 'x/book.xml': book, 'x/_rels/book.xml.rels': brels, "
    "'x/strings.xml': sst, 'x/s1.xml': s1[:300]})\n"
    "many = '<?xml version=\"1.0\"?><x:workbook "
    "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>' + "
    "''.join('<x:sheet name=\"S%d\" sheetId=\"%d\" r:id=\"rId%d\"/>' % (i, i, i) for i in "
    "range(1, 31)) + '</x:sheets></x:workbook>'\n"
    "hand('many.xlsx', {'_rels/.rels': rels, 'x/book.xml': many})\n"
    "data = open('a.xlsx', 'rb').read()\n"
    "open('cut.xlsx', 'wb').write(data[:len(data) // 2])\n";

static int setup(void **state)
{
    if (fixture_setup(state) != 0)
        return -1;
    return fixture_python(make_py) == 0 ? 0 : -1;
}

static void check(const char *name, const char *sheet, const char *want)
{
    char *path = fixture_path(name);
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    int rc = fixture_dump(path, sheet, &out, &err);
    if (rc != 0)
        fail_msg("%s: %s", name, error_msg(&err));
    assert_string_equal(out.buf, want);
    strbuf_release(&out);
    free(path);
}

static void test_openpyxl(void **state)
{
    struct error err = ERROR_INIT;
    (void)state;
    check("a.xlsx", NULL,
          "1|DANH SÁCH ĐIỆN THOẠI\n"
          "3|STT|IMEI|Ngày giao||Đơn giá\n"
          "4|1|490154203237518|2024-03-15||1500000\n"
          "7|2|4.90154E+14|TRUE|0.3|-2.5|1950-01-01\n"
          "8|Nguyễn Văn Đông|NGUYỄN|Hoà Mục\n");
    char *path = fixture_path("a.xlsx");
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_non_null(r);
    assert_string_equal(table_reader_sheet(r), "Thiết bị");
    assert_string_equal(table_reader_encoding(r), "TCVN3 (ABC)");
    assert_int_equal(table_reader_separator(r), 0);
    table_reader_free(r);
    free(path);
}

static void test_sheet_by_name(void **state)
{
    struct error err = ERROR_INIT;
    struct strbuf out = STRBUF_INIT;
    (void)state;
    check("a.xlsx", "Người nhận", "1|Họ và tên|Xã\n2|Lò Văn A|Bằng Thành\n");
    check("a.xlsx", "nguoi nhan", "1|Họ và tên|Xã\n2|Lò Văn A|Bằng Thành\n");
    char *path = fixture_path("a.xlsx");
    assert_int_equal(fixture_dump(path, "Sheet9", &out, &err), ERR_NOT_FOUND);
    assert_non_null(strstr(error_msg(&err), path));
    assert_non_null(
        strstr(error_msg(&err), "no sheet 'Sheet9'; its sheets are 'Thiết bị', 'Người nhận'"));
    error_clear(&err);
    strbuf_release(&out);
    free(path);
}

static void test_hand_written(void **state)
{
    (void)state;
    /* prefixed elements, relative and absolute targets, rich text, inline
     * strings, cells without r, 1904 dates, a custom date format */
    check("hand.xlsx", NULL,
          "2||Họ tên||Ngày sinh\n"
          "3|Nguyễn Văn A|Bằng Thành|1904-01-01|1500000|x|#N/A\n"
          "9|Hoà Mục||\n");
}

static void test_tcvn3_run_and_style(void **state)
{
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    (void)state;
    /* a run in a .Vn font inside a cell whose style is a .VnTimeH font: decoded once */
    assert_int_equal(fixture_dump("tests/fuzz/corpus/xlsx/hand.xlsx", NULL, &out, &err), 0);
    assert_string_equal(out.buf, "2||IMEI|NGUYỄN\n3|2027-03-16|TRUE|Hoà|1916-04-27\n");
    strbuf_release(&out);
}

static void test_big(void **state)
{
    struct error err = ERROR_INIT;
    struct table_row row;
    int n = 0;
    double last = 0;
    (void)state;
    char *path = fixture_path("big.xlsx");
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_non_null(r);
    while (table_reader_next(r, &row, &err) == 1) {
        n++;
        assert_true(table_reader_progress(r) >= last);
        last = table_reader_progress(r);
        if (n == 10001) {
            assert_int_equal(row.number, 10001);
            assert_string_equal(row.cells[0], "356938035653808");
            assert_true(last > 0.2 && last < 0.8);
        }
    }
    assert_string_equal(error_msg(&err), "");
    assert_int_equal(n, 20001);
    assert_true(table_reader_progress(r) == 1.0);
    table_reader_free(r);
    free(path);
}

static void expect_error(const char *name, const char *want)
{
    char *path = fixture_path(name);
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    int rc = fixture_dump(path, NULL, &out, &err);
    assert_true(rc < 0);
    if (!strstr(error_msg(&err), path) || !strstr(error_msg(&err), want))
        fail_msg("message '%s' lacks the path or '%s'", error_msg(&err), want);
    error_clear(&err);
    strbuf_release(&out);
    free(path);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("cut.xlsx", "not a valid .xlsx file");
    expect_error("nowb.xlsx", "no workbook part ('xl/workbook.xml')");
    expect_error("badsst.xlsx", "sheet 'S', cell B2: shared string '0' does not exist");
    expect_error("badxml.xlsx", "sheet 'S', line 1 of its XML");
    expect_error("missing.xlsx", "No such file");
    char *folder = fixture_path("dir.xlsx");
    assert_int_equal(mkdir(folder, 0700), 0);
    free(folder);
    expect_error("dir.xlsx", "is a folder");
    char *notzip = fixture_write_str("text.xlsx", "Họ tên,Xã\n");
    free(notzip);
    expect_error("text.xlsx", "not a valid .xlsx file");
}

/* A workbook of tests/cli/xlsx-bombs.py in the fixture folder; caller frees the path. */
static char *bomb(const char *kind)
{
    char *name = xasprintf("%s.xlsx", kind);
    char *path = fixture_path(name);
    free(name);
    char *cmd = xasprintf("/usr/bin/python3 tests/cli/xlsx-bombs.py %s '%s'", kind, path);
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    free(cmd);
    return path;
}

static void expect_refused(const char *kind, const char *want)
{
    char *path = bomb(kind);
    char *name = xasprintf("%s.xlsx", kind);
    expect_error(name, want);
    free(name);
    free(path);
}

static void test_limits(void **state)
{
    (void)state;
    /* each refused with one message naming the file and where, never read whole */
    expect_refused("sst-huge", ": part 'xl/sharedStrings.xml' is too large: 301 MB of XML, and a "
                               "workbook may have at most 256 MB to read");
    expect_refused("sheet-huge", ": sheet 'Danh sách' is too large: 301 MB of XML");
    expect_refused("sst-many",
                   ": part 'xl/sharedStrings.xml' has more than 4194304 shared strings");
    expect_refused("sst-text",
                   ": part 'xl/sharedStrings.xml' has more than 64 MB of shared strings");
    expect_refused("sst-long",
                   ": part 'xl/sharedStrings.xml', shared string 0: its text is longer than 1 MB");
    expect_refused("cell-long", ": sheet 'Danh sách', cell A2: its text is longer than 1 MB");
    expect_refused("row-long",
                   ": sheet 'Danh sách', row 2: its cells hold more than 16 MB of text");
    expect_refused("sst-reused",
                   ": sheet 'Danh sách', cell G256: the workbook has more than 256 MB "
                   "of XML to read, its shared strings counted in each cell");
    expect_refused("tag-long", ": sheet 'Danh sách', line 1 of its XML: an XML tag or comment too "
                               "large to read");
    expect_refused("comment-long", "line 1 of its XML: an XML tag or comment too large to read");
    expect_refused("dtd", ": part 'xl/worksheets/sheet1.xml' declares a DTD (<!DOCTYPE>)");
    expect_refused("styles-many", ": part 'xl/styles.xml' has more than 65536 cell formats");
}

static void test_within_limits(void **state)
{
    struct error err = ERROR_INIT;
    struct table_row row;
    (void)state;
    /* a cell of exactly 1 MB, a tag of 1 MB: read */
    char *path = bomb("cell-1mb");
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_non_null(r);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 2);
    assert_int_equal(strlen(row.cells[0]), 1024 * 1024);
    assert_string_equal(row.cells[1], "Nam");
    assert_int_equal(table_reader_next(r, &row, &err), 0);
    table_reader_free(r);
    free(path);
    path = bomb("tag-1mb");
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(fixture_dump(path, NULL, &out, &err), 0);
    assert_non_null(strstr(out.buf, "\n2|Lò Văn Tạ|Nam|1950|Tày|Chợ Rã|Ba Bể\n"));
    strbuf_release(&out);
    free(path);
}

static void test_many_sheets(void **state)
{
    struct strbuf out = STRBUF_INIT;
    struct error err = ERROR_INIT;
    (void)state;
    /* an unknown sheet lists the first 20 of 30 */
    char *path = fixture_path("many.xlsx");
    assert_int_equal(fixture_dump(path, "nope", &out, &err), ERR_NOT_FOUND);
    assert_non_null(strstr(error_msg(&err), "its sheets are 'S1', 'S2', "));
    assert_non_null(strstr(error_msg(&err), ", 'S19', 'S20', …"));
    assert_null(strstr(error_msg(&err), "S21"));
    error_clear(&err);
    strbuf_release(&out);
    free(path);
}

static void test_regress(void **state)
{
    (void)state;
    fixture_replay_regress(".xlsx");
}

/* Hidden sheets and rows, the list of sheets, merged cells. */
static void test_layout(void **state)
{
    struct error err = ERROR_INIT;
    struct table_row row;
    const struct table_merge *m;
    size_t n;
    (void)state;
    char *path = fixture_path("layout.xlsx");
    struct table_reader *r = table_reader_open(path, NULL, &err);
    assert_non_null(r);
    /* the hidden first sheet is not the default */
    assert_string_equal(table_reader_sheet(r), "Mới");
    assert_int_equal(table_reader_n_sheets(r), 3);
    assert_string_equal(table_reader_sheet_name(r, 0), "Cũ");
    assert_true(table_reader_sheet_hidden(r, 0));
    assert_false(table_reader_sheet_hidden(r, 1));
    assert_string_equal(table_reader_sheet_name(r, 2), "Khác");
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 1);
    assert_false(row.hidden);
    /* the merged cells, read while the rows are read */
    assert_int_equal(table_reader_merges(r, &m, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(m[0].row1, 1);
    assert_int_equal(m[0].col1, 0);
    assert_int_equal(m[0].row2, 2);
    assert_int_equal(m[0].col2, 0);
    assert_int_equal(m[1].col1, 1);
    assert_int_equal(m[1].col2, 2);
    assert_int_equal(m[1].row2, 1);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 2);
    assert_string_equal(row.cells[1], "Tên");
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_false(row.hidden);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_int_equal(row.number, 4);
    assert_true(row.hidden);
    assert_int_equal(table_reader_next(r, &row, &err), 0);
    table_reader_free(r);
    /* a hidden sheet asked for by name is read */
    struct table_reader_opts o = {"Cũ"};
    r = table_reader_open(path, &o, &err);
    assert_non_null(r);
    assert_int_equal(table_reader_next(r, &row, &err), 1);
    assert_string_equal(row.cells[0], "old");
    assert_int_equal(table_reader_merges(r, &m, &n, &err), 0);
    assert_int_equal(n, 0);
    table_reader_free(r);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openpyxl),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_sheet_by_name),
        cmocka_unit_test(test_hand_written),
        cmocka_unit_test(test_tcvn3_run_and_style),
        cmocka_unit_test(test_big),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_within_limits),
        cmocka_unit_test(test_many_sheets),
        cmocka_unit_test(test_regress),
    };
    return cmocka_run_group_tests(tests, setup, fixture_teardown);
}

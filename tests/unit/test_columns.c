/* test_columns: finding the header row and mapping columns to fields. */
#include "unit.h"

#include "io_fixture.h"

#include "core/error.h"
#include "io/columns.h"

struct opened {
    char *path;
    struct table_reader *r;
};

static struct opened open_csv(const char *name, const char *content)
{
    struct opened o;
    struct error err = ERROR_INIT;
    o.path = fixture_write_str(name, content);
    o.r = table_reader_open(o.path, NULL, &err);
    assert_non_null(o.r);
    return o;
}

static void close_csv(struct opened *o)
{
    table_reader_free(o->r);
    free(o->path);
}

static void test_persons_title_above(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    (void)state;
    struct opened o = open_csv(
        "p.csv", "UBND HUYỆN BA BỂ;;;;;;;\n"
                 "DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2024;;;;;;;\n"
                 ";;;;;;;\n"
                 "STT;Họ và tên;Ngày sinh;Dân tộc;Thôn, bản;Xã, phường, thị trấn;"
                 "Số CCCD;SĐT (di động)\n"
                 "1;Hoàng Văn Đông;15/03/1950;Tày;Nà Phòng;Bằng Thành;001050001234;0912345678\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(map.header_row, 4);
    assert_int_equal(map.n_columns, 8);
    assert_string_equal(map.columns[0].text, "STT");
    assert_int_equal(map.columns[0].field, COL_NONE);
    assert_int_equal(map.columns[1].field, COL_FULL_NAME);
    assert_int_equal(map.columns[7].field, COL_PHONE);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_FULL_NAME), "Hoàng Văn Đông");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1950");
    assert_string_equal(columns_get(&map, &row, COL_ETHNIC), "Tày");
    assert_string_equal(columns_get(&map, &row, COL_VILLAGE), "Nà Phòng");
    assert_string_equal(columns_get(&map, &row, COL_COMMUNE), "Bằng Thành");
    assert_string_equal(columns_get(&map, &row, COL_CCCD), "001050001234");
    assert_string_equal(columns_get(&map, &row, COL_PHONE), "0912345678");
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "");
    assert_string_equal(columns_get(&map, &row, COL_DISTRICT), "");
    columns_map_release(&map);
    close_csv(&o);
}

static void test_gender_marks(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    (void)state;
    struct opened o = open_csv("g.csv", "Full name,NAM,Nữ,Commune,Year of birth\n"
                                        "A,x,,Cổ Linh,1950\n"
                                        "B,,X,Cổ Linh,1961\n"
                                        "C,1955,,Cổ Linh,\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(map.field_col[COL_GENDER_MALE], 1);
    assert_int_equal(map.field_col[COL_GENDER_FEMALE], 2);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nam");
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nữ");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1961");
    columns_map_release(&map);
    close_csv(&o);
    /* birth year written in the Nam/Nữ column */
    o = open_csv("g2.csv", "Họ tên,Nam,Nữ,Xã\nA,1955,,Cổ Linh\nB,,1.2.1960,Cổ Linh\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nam");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1955");
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nữ");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1960");
    columns_map_release(&map);
    close_csv(&o);
}

static void test_second_header_row(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    (void)state;
    /* "Năm sinh" merged over "Nam" and "Nữ", the year written in one of them */
    struct opened o = open_csv("h2.csv", "STT;Họ và tên;Năm sinh;;Xã\n"
                                         ";;Nam;Nữ;\n"
                                         "1;A;1955;;Cổ Linh\n"
                                         "2;B;;1960;Cổ Linh\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(map.header_row, 1);
    assert_int_equal(map.field_col[COL_BIRTH_YEAR], -1);
    assert_int_equal(map.field_col[COL_GENDER_MALE], 2);
    assert_int_equal(map.field_col[COL_GENDER_FEMALE], 3);
    assert_string_equal(map.columns[2].text, "Năm sinh / Nam");
    assert_string_equal(map.columns[3].text, "Nữ");
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_int_equal(row.number, 3);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nam");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1955");
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_GENDER), "Nữ");
    assert_string_equal(columns_get(&map, &row, COL_BIRTH_YEAR), "1960");
    columns_map_release(&map);
    close_csv(&o);

    /* a row numbering the columns is skipped; a data row is given back */
    o = open_csv("h3.csv", "TT,IMEI,Loại máy,Ghi chú\n(1),(2),(3),(4)\n1,490154203237518,A,\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_int_equal(row.number, 3);
    assert_string_equal(columns_get(&map, &row, COL_IMEI), "490154203237518");
    columns_map_release(&map);
    close_csv(&o);
    o = open_csv("h4.csv", "IMEI,Loại máy\n490154203237518,Nam\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_int_equal(row.number, 2);
    assert_string_equal(columns_get(&map, &row, COL_MODEL), "Nam");
    assert_int_equal(table_reader_next(o.r, &row, &err), 0);
    columns_map_release(&map);
    close_csv(&o);
}

static void test_devices(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    (void)state;
    struct opened o = open_csv("d.csv", "TT,Số IMEI,IMEI 2,Loại máy,Số serial,Đơn giá (VNĐ),"
                                        "Ghi chú,Họ và tên\n"
                                        "1,490154203237518,,Nokia 105,SN1,\"1.500.000\",mới\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), 0);
    assert_int_equal(map.columns[7].field, COL_NONE); /* a person field in a device list */
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_IMEI), "490154203237518");
    assert_string_equal(columns_get(&map, &row, COL_IMEI2), "");
    assert_string_equal(columns_get(&map, &row, COL_MODEL), "Nokia 105");
    assert_string_equal(columns_get(&map, &row, COL_SERIAL), "SN1");
    assert_string_equal(columns_get(&map, &row, COL_PRICE), "1.500.000");
    assert_string_equal(columns_get(&map, &row, COL_NOTE), "mới");
    assert_string_equal(columns_get(&map, &row, COL_FULL_NAME), "");
    columns_map_release(&map);
    close_csv(&o);
}

static void test_missing_required(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    (void)state;
    struct opened o = open_csv("m.csv", "Danh sách máy\n\nSTT;Số máy;Loại máy\n1;123;Nokia\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), ERR_INVALID);
    char *want = xasprintf("%s: no column for 'imei' in header row 3; columns seen: 'STT', "
                           "'Số máy', 'Loại máy'",
                           o.path);
    assert_string_equal(error_msg(&err), want);
    free(want);
    error_clear(&err);
    close_csv(&o);

    /* a list of persons read as devices: the message shows its header row, not its title */
    o = open_csv("m3.csv", "DANH SÁCH NGƯỜI CÓ UY TÍN\nSTT,Họ và tên,Xã\n1,A,B\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "no column for 'imei' in header row 2; columns seen: "
                                            "'STT', 'Họ và tên', 'Xã'"));
    error_clear(&err);
    close_csv(&o);

    o = open_csv("m2.csv", "Họ và tên,Thôn\nA,B\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "no column for 'commune' in header row 1"));
    error_clear(&err);
    close_csv(&o);
}

static void test_overrides(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    (void)state;
    const char *ov[] = {"Số máy=imei", "c=model", "Ghi chú=none"};
    struct opened o = open_csv("o.csv", "STT;Số máy;Hãng;Ghi chú\n1;490154203237518;Nokia;x\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, ov, 3, &map, &err), 0);
    assert_int_equal(map.columns[1].field, COL_IMEI);
    assert_int_equal(map.columns[2].field, COL_MODEL);
    assert_int_equal(map.columns[3].field, COL_NONE);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_IMEI), "490154203237518");
    assert_string_equal(columns_get(&map, &row, COL_MODEL), "Nokia");
    assert_string_equal(columns_get(&map, &row, COL_NOTE), "");
    columns_map_release(&map);
    close_csv(&o);

    const char *bad[] = {"B=color"};
    o = open_csv("o2.csv", "IMEI\n1\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, bad, 1, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "column override 'B=color': unknown field 'color'"));
    error_clear(&err);
    const char *noeq[] = {"B"};
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, noeq, 1, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "'B' is not COLUMN=FIELD"));
    error_clear(&err);
    close_csv(&o);
}

static void test_empty_and_names(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    (void)state;
    struct opened o = open_csv("e.csv", "\n;;\n");
    assert_int_equal(columns_match(COLUMNS_DEVICES, o.r, NULL, 0, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "has no rows"));
    error_clear(&err);
    close_csv(&o);
    assert_string_equal(column_field_name(COL_WARRANTY_UNTIL), "warranty_until");
    assert_int_equal(column_field_from_name("birth_year"), COL_BIRTH_YEAR);
    assert_int_equal(column_field_from_name("none"), COL_NONE);
    assert_int_equal(column_field_from_name("x"), -2);
    assert_true(columns_required(COLUMNS_PERSONS, COL_COMMUNE));
    assert_false(columns_required(COLUMNS_PERSONS, COL_CCCD));
}

/* A group row above the header: blank columns take the name above them, a
 * group is over the named columns to its right up to the next cell of its
 * row (a CSV has no merged cells), and the paths join the two rows. */
static void test_header_tree(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    struct table_row row;
    const char *const ov[] = {"Nơi cư trú / Thôn=none"};
    (void)state;
    struct opened o = open_csv("tree.csv", "STT,Thông tin cá nhân,,Nơi cư trú,,Số CCCD,Ghi chú\n"
                                           ",Họ và tên,Năm sinh,Thôn,Xã,,\n"
                                           "1,Hà Thị Mai,1958,Nà Làng,Chợ Rã,006158001234,mới\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, ov, 1, &map, &err), 0);
    assert_int_equal(map.header_row, 2);
    assert_string_equal(map.columns[1].text, "Thông tin cá nhân / Họ và tên");
    assert_string_equal(map.columns[2].text, "Thông tin cá nhân / Năm sinh");
    assert_string_equal(map.columns[3].text, "Nơi cư trú / Thôn");
    assert_string_equal(map.columns[4].text, "Nơi cư trú / Xã");
    assert_string_equal(map.columns[5].text, "Số CCCD");
    assert_int_equal(map.columns[3].field, COL_NONE);
    assert_int_equal(map.columns[5].field, COL_CCCD);
    assert_int_equal(map.columns[6].field, COL_NOTE);
    assert_int_equal(table_reader_next(o.r, &row, &err), 1);
    assert_string_equal(columns_get(&map, &row, COL_CCCD), "006158001234");
    assert_string_equal(columns_get(&map, &row, COL_NOTE), "mới");
    columns_map_release(&map);
    close_csv(&o);

    /* an override by a column's own name; a letter past the header
     * reaches a column without one */
    o = open_csv("tree2.csv", "STT,Thông tin cá nhân,,Nơi cư trú,,Số CCCD,Ghi chú\n"
                              ",Họ và tên,Năm sinh,Thôn,Xã,,\n");
    const char *const ov2[] = {"Năm sinh=none", "J=phone"};
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, ov2, 2, &map, &err), 0);
    assert_int_equal(map.columns[2].field, COL_NONE);
    assert_int_equal(map.n_columns, 10);
    assert_int_equal(map.field_col[COL_PHONE], 9);
    columns_map_release(&map);
    close_csv(&o);

    /* an override that names nothing is refused, naming the columns */
    o = open_csv("tree3.csv", "Họ và tên,Xã\nHà Thị Mai,Chợ Rã\n");
    const char *const ov3[] = {"Số CMND=cccd"};
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, ov3, 1, &map, &err), ERR_INVALID);
    assert_non_null(strstr(error_msg(&err), "column override 'Số CMND=cccd' names no column of "
                                            "header row 1; the columns are A 'Họ và tên', B 'Xã'"));
    error_clear(&err);
    close_csv(&o);
}

static enum columns_row_kind kind_of(const struct columns_map *map, const char **cells, size_t n,
                                     const char **text)
{
    struct table_row row = {.number = 7, .n_cells = n, .cells = cells};
    return columns_row_kind(map, &row, text);
}

static void test_row_kinds(void **state)
{
    struct error err = ERROR_INIT;
    struct columns_map map;
    const char *t;
    (void)state;
    struct opened o = open_csv("k.csv", "STT,Họ và tên,Năm sinh,Xã,Ghi chú\n");
    assert_int_equal(columns_match(COLUMNS_PERSONS, o.r, NULL, 0, &map, &err), 0);
    {
        const char *c[] = {"1", "Hà Thị Mai", "1958", "Chợ Rã", ""};
        assert_int_equal(kind_of(&map, c, 5, &t), COLUMNS_ROW_DATA);
    }
    {
        const char *c[] = {"Tổng cộng", "", "45", "", ""};
        assert_int_equal(kind_of(&map, c, 5, &t), COLUMNS_ROW_TOTAL);
        assert_string_equal(t, "Tổng cộng");
    }
    {
        const char *c[] = {"", "", "45", "", "12"};
        assert_int_equal(kind_of(&map, c, 5, &t), COLUMNS_ROW_TOTAL);
    }
    {
        const char *c[] = {"12"};
        assert_int_equal(kind_of(&map, c, 1, &t), COLUMNS_ROW_BLANK);
    }
    {
        const char *c[] = {"(1)", "(2)", "(3)", "(4)", "(5)"};
        assert_int_equal(kind_of(&map, c, 5, &t), COLUMNS_ROW_NUMBERING);
    }
    {
        const char *c[] = {"", "Người lập biểu", "", "Thủ trưởng đơn vị"};
        assert_int_equal(kind_of(&map, c, 4, &t), COLUMNS_ROW_SIGNATURE);
    }
    {
        const char *c[] = {"", "", "", "Chợ Rã, ngày 15 tháng 3 năm 2024"};
        assert_int_equal(kind_of(&map, c, 4, &t), COLUMNS_ROW_SIGNATURE);
    }
    {
        /* a note of a record is no signature, nor a surname "Tống Công" a total */
        const char *c[] = {"2", "Tống Công Minh", "1950", "Chợ Rã", "ngày 2 tháng 3 năm 2020"};
        assert_int_equal(kind_of(&map, c, 5, &t), COLUMNS_ROW_DATA);
    }
    {
        const char *c[] = {"I. XÃ MỸ PHƯƠNG"};
        assert_int_equal(kind_of(&map, c, 1, &t), COLUMNS_ROW_SECTION);
        assert_string_equal(t, "I. XÃ MỸ PHƯƠNG");
    }
    {
        const char *c[] = {"", "Huyện Ba Bể"};
        assert_int_equal(kind_of(&map, c, 2, &t), COLUMNS_ROW_SECTION);
    }
    {
        /* a name alone is a record that lacks the rest, not a heading */
        const char *c[] = {"3", "Hà Văn Lả"};
        assert_int_equal(kind_of(&map, c, 2, &t), COLUMNS_ROW_DATA);
    }
    columns_map_release(&map);
    close_csv(&o);
}

static void test_heading_unit(void **state)
{
    static const struct {
        const char *text, *name;
        int level;
    } cases[] = {
        {"Huyện Ba Bể", "Ba Bể", 'd'},          {"I. XÃ MỸ PHƯƠNG", "MỸ PHƯƠNG", 'c'},
        {"II. THỊ TRẤN CHỢ RÃ", "CHỢ RÃ", 'c'}, {"TT Chợ Rã", "Chợ Rã", 'c'},
        {"Thành phố Bắc Kạn", "Bắc Kạn", 'd'},  {"Xã Mỹ Phương:", "Mỹ Phương", 'c'},
        {"2. Mỹ Phương", "Mỹ Phương", 0},       {"Nhóm tự quản", "Nhóm tự quản", 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int level;
        char *name = columns_heading_unit(cases[i].text, &level);
        assert_string_equal(name, cases[i].name);
        assert_int_equal(level, cases[i].level);
        free(name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_persons_title_above), cmocka_unit_test(test_gender_marks),
        cmocka_unit_test(test_second_header_row),   cmocka_unit_test(test_devices),
        cmocka_unit_test(test_missing_required),    cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_empty_and_names),     cmocka_unit_test(test_header_tree),
        cmocka_unit_test(test_row_kinds),           cmocka_unit_test(test_heading_unit),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}

#!/bin/sh
# capphat import persons: the Excel list an office keeps — its name and a
# title above the header, Vietnamese headers, Nam/Nữ as two marked columns
# or "Ngày sinh" as dates — checked with person list: names in NFC, both
# spellings of Hoà Mục found, ethnic aliases, phones normalised.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

files() { "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" "$@"; }

# What person list shows of the four persons of import-files.py, in
# Vietnamese order (given name first): name, gender, birth year, ethnic
# group, village, commune, district, citizen ID (masked), phone.
cat >"$TEST_DIR/expect-persons" <<'EOF'
Nguyễn Văn An	M	1960	Tày	Nà Làng	Hoà Mục	Chợ Mới	006*****1234	0912345678
Hoàng Thị Bích	F	1965	Mông	Bản Cháo	Hoà Mục	Chợ Mới	006*****1235	0912345679
Lý Văn Đông	M	1952	Dao	Khuổi Nộc, Nà Phai	Chợ Rã	Ba Bể		0987654321
Triệu Thị Thuỷ	F	1970	Nùng	Bản Vàng	Mỹ Phương	Ba Bể		
EOF

listed() { capphat person list | tail -n +2 | cut -f2-10; }

test_expect_success 'setup: a new database and the office'"'"'s list in Excel' '
    capphat init >/dev/null &&
    files persons-xlsx list.xlsx &&
    "$PYTHON" -c "
import openpyxl, sys
ws = openpyxl.load_workbook(\"list.xlsx\").active
assert ws[\"A1\"].value == \"UBND TỈNH BẮC KẠN\" and ws[\"B5\"].value == \"Họ và tên\"
assert ws[\"C6\"].value == 1960 and ws[\"D6\"].value == \"x\"
"
'

test_expect_success 'import finds the header below the title and names each column' '
    capphat import persons list.xlsx >out 2>err &&
    test ! -s err &&
    head -1 out >summary &&
    grep -F "list.xlsx, sheet ${SQ}Danh sách${SQ}: encoding UTF-8, header on row 5: " summary &&
    grep -F "Họ và tên → full_name, Năm sinh → birth_year, Nam → gender_male, Nữ → gender_female, Dân tộc → ethnic, Thôn, bản → village, Xã → commune, Huyện → district, Số CCCD → cccd, SĐT → phone" summary &&
    test "$(tail -1 out)" = "4 imported, 0 rejected, 0 duplicates"
'

test_expect_success 'person list shows every field as the office meant it' '
    listed >got &&
    test_cmp expect-persons got
'

test_expect_success 'names are stored in NFC; "Hòa Mục" is the commune "Hoà Mục"' '
    test "$(sql "select count(*) from person where full_name = ${SQ}$(printf "Tri\341\273\207u Th\341\273\213 Thu\341\273\267")${SQ}")" = 1 &&
    test "$(sql "select count(distinct commune_id) from person where id in (1, 2)")" = 1 &&
    sql "select full_name from person union all select name from unit where level = ${SQ}village${SQ}" |
        "$PYTHON" -c "import sys, unicodedata; t = sys.stdin.read(); assert unicodedata.is_normalized(\"NFC\", t) and \"Thuỷ\" in t, t"
'

test_expect_success 'the import is one audit entry naming the file and the counts' '
    sql "select action, after from audit_log where action like ${SQ}import.%${SQ}" >audit &&
    grep -F "import.persons" audit &&
    grep -F "\"file\":\"list.xlsx\"" audit &&
    grep -F "\"imported\":4" audit &&
    capphat check >/dev/null
'

test_expect_success 'the same list again: every row a duplicate, nothing written' '
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons list.xlsx >out 2>err &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 4 duplicates" &&
    grep -F "list.xlsx, sheet ${SQ}Danh sách${SQ}, row 6: duplicate: cccd ${SQ}006060001234${SQ} is already registered (person 1)" err &&
    grep -F "list.xlsx, sheet ${SQ}Danh sách${SQ}, row 9: duplicate: name ${SQ}Triệu Thị Thuỷ${SQ} is already registered (person 4)" err &&
    unchanged_after "$h"
'

test_expect_success '"Ngày sinh" as Excel dates and "Giới tính" as a word' '
    CAPPHAT_DB=$TEST_DIR/dates.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    files persons-xlsx dates.xlsx --dates &&
    "$PYTHON" -c "
import openpyxl, datetime
ws = openpyxl.load_workbook(\"dates.xlsx\").active
assert isinstance(ws[\"C6\"].value, datetime.datetime), ws[\"C6\"].value
" &&
    capphat import persons dates.xlsx >out &&
    grep -F "Ngày sinh → birth_year, Giới tính → gender" out &&
    test "$(tail -1 out)" = "4 imported, 0 rejected, 0 duplicates" &&
    listed >got &&
    test_cmp expect-persons got
'

test_expect_success 'two header rows: "Năm sinh" merged over "Nam" and "Nữ", then (1) (2)...' '
    CAPPHAT_DB=$TEST_DIR/two.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    files persons-xlsx-two-rows two.xlsx &&
    "$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"two.xlsx\").active
assert \"C2:D2\" in [str(r) for r in ws.merged_cells.ranges]
assert (ws[\"C3\"].value, ws[\"D3\"].value, ws[\"C6\"].value, ws[\"D6\"].value) == (\"Nam\", \"Nữ\", None, 1965)
" &&
    capphat import persons two.xlsx >out 2>err &&
    test ! -s err &&
    grep -F "header on row 2: Họ và tên → full_name, Năm sinh / Nam → gender_male, Nữ → gender_female, Dân tộc → ethnic" out &&
    test "$(tail -1 out)" = "4 imported, 0 rejected, 0 duplicates" &&
    listed >got &&
    test_cmp expect-persons got
'

test_expect_success 'the same list as CSV, with --district for rows without one' '
    CAPPHAT_DB=$TEST_DIR/csv.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    files csv nodistrict.csv "Họ tên|Giới tính|Năm sinh|Dân tộc|Bản|Xã" \
        "Nông Văn Páo|Nam|1948|H${SQ}Mông|Nặm Nhả|Hoà Mục" &&
    capphat import persons nodistrict.csv --district "cho moi" >out &&
    test "$(tail -1 out)" = "1 imported, 0 rejected, 0 duplicates" &&
    capphat person list --district "Chợ Mới" | cut -f2-8 >got &&
    printf "name\tgender\tbirth_year\tethnic\tvillage\tcommune\tdistrict\nNông Văn Páo\tM\t1948\tMông\tNặm Nhả\tHoà Mục\tChợ Mới\n" >expect &&
    test_cmp expect got
'

test_expect_success '--map reads a column the aliases do not know' '
    CAPPHAT_DB=$TEST_DIR/map.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    files csv map.csv "Tên người|Giới tính|Năm sinh|Dân tộc|Xã|Huyện|Liên lạc" \
        "Hà Thị Mai|Nữ|1958|Tày|Chợ Rã|Ba Bể|0987 111 222" &&
    test_expect_code 1 capphat import persons map.csv >out 2>err &&
    grep -F "no column for ${SQ}full_name${SQ}" err &&
    grep -F "${SQ}Tên người${SQ}" err &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 0 duplicates" &&
    capphat import persons map.csv --map "Tên người=full_name" --map G=phone >out &&
    grep -F "Tên người → full_name" out &&
    grep -F "Liên lạc → phone" out &&
    capphat person list | cut -f2,10 >got &&
    printf "name\tphone\nHà Thị Mai\t0987111222\n" >expect &&
    test_cmp expect got
'

test_done

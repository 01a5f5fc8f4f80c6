#!/bin/sh
# capphat import persons: the rows of a list that are not persons — the
# columns numbered under the header, headings that name the district and
# the commune of the rows below ("Huyện Ba Bể", "I. XÃ MỸ PHƯƠNG", "II.
# THỊ TRẤN CHỢ RÃ"), a numbered empty line, a totals row and the
# signature block — are skipped, each listed once, never rejected; the
# headings give their unit to the rows under them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-layout.sh"

test_expect_success 'setup: a new database and the lists' '
    capphat init >/dev/null &&
    layout not-persons list.xlsx &&
    layout headings headings.xlsx &&
    "$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"list.xlsx\").active
assert ws[\"A5\"].value == \"Huyện Ba Bể\" and ws[\"A13\"].value == \"Tổng cộng\"
assert ws[\"B15\"].value == \"Người lập biểu\" and ws[\"B18\"].value == \"Hà Thị Mai\"
" &&
    expect_three >expect
'

test_expect_success 'the rows that are not persons are skipped and listed once' '
    capphat import persons list.xlsx >out 2>err &&
    test ! -s err &&
    grep -Fx "skipped: row 5 heading ${SQ}Huyện Ba Bể${SQ}, row 6 heading ${SQ}XÃ MỸ PHƯƠNG${SQ}, row 9 heading ${SQ}II. THỊ TRẤN CHỢ RÃ${SQ}, row 11 blank, row 13 ${SQ}Tổng cộng${SQ}, rows 14–18 signature block" out &&
    test "$(tail -1 out)" = "3 imported, 0 rejected, 0 duplicates"
'

test_expect_success 'every person has every value, the units from the headings' '
    persons >got &&
    test_cmp expect got &&
    test "$(sql "select count(*) from person where full_name in (${SQ}Hà Thị Mai${SQ}, ${SQ}Nông Văn Dũng${SQ})")" = 0
'

test_expect_success 'a list with a commune column: the headings give the district' '
    CAPPHAT_DB=$TEST_DIR/h.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    capphat import persons headings.xlsx >out 2>err &&
    test ! -s err &&
    grep -Fx "skipped: row 2 heading ${SQ}H. Ba Bể${SQ}, row 4 heading ${SQ}Huyện Chợ Mới${SQ}, row 6 ${SQ}Cộng${SQ}" out &&
    persons >got &&
    cat >expect-h <<-\EOT &&
	Nguyễn Văn An|M|1960|Tày||Mỹ Phương|Ba Bể||||1
	Hoàng Thị Bích|F|1965|Dao||Hoà Mục|Chợ Mới||||1
	EOT
    test_cmp expect-h got
'

test_expect_success 'subtotals "Cộng xã …", "Cộng huyện …", "Cộng:" are skipped like "Tổng cộng"' '
    CAPPHAT_DB=$TEST_DIR/sub.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    cat >sub.csv <<-\EOT &&
	TT,Họ và tên,Năm sinh,Giới tính,Dân tộc,Xã,Huyện
	1,Nguyễn Văn An,1960,Nam,Tày,Mỹ Phương,Ba Bể
	Cộng xã Mỹ Phương,1,,,,,
	2,Lý Văn Đông,1952,Nam,Nùng,Chợ Rã,Ba Bể
	Cộng:,1,,,,,
	Cộng huyện Ba Bể,,2,,,,
	Tổng cộng thôn Nà Làng,,,,,,
	EOT
    capphat import persons sub.csv >out 2>err &&
    test ! -s err &&
    grep -Fx "skipped: row 3 ${SQ}Cộng xã Mỹ Phương${SQ}, row 5 ${SQ}Cộng:${SQ}, row 6 ${SQ}Cộng huyện Ba Bể${SQ}, row 7 ${SQ}Tổng cộng thôn Nà Làng${SQ}" out &&
    test "$(tail -1 out)" = "2 imported, 0 rejected, 0 duplicates"
'

test_expect_success 'no commune column and no heading above a person: refused as before' '
    CAPPHAT_DB=$TEST_DIR/n.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    printf "Họ và tên,Giới tính\r\nHà Thị Mai,Nữ\r\n" >p.csv &&
    test_expect_code 1 capphat import persons p.csv >out 2>err &&
    grep -Fx "capphat: p.csv: no column for ${SQ}commune${SQ} in header row 1; columns seen: ${SQ}Họ và tên${SQ}, ${SQ}Giới tính${SQ}" err &&
    test -z "$(persons)"
'

test_done

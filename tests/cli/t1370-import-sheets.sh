#!/bin/sh
# capphat import persons: hidden rows are skipped and listed, unless
# --include-hidden; a hidden sheet is never read by default; --sheet all
# imports every visible sheet in one transaction; every message names the
# sheet when the workbook has more than one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-layout.sh"

test_expect_success 'setup: a new database and a workbook of sheets' '
    capphat init >/dev/null &&
    layout sheets book.xlsx &&
    "$PYTHON" -c "
import openpyxl
wb = openpyxl.load_workbook(\"book.xlsx\")
assert wb.sheetnames == [\"Năm 2023\", \"Ba Bể\", \"Chợ Mới\", \"Ghi chú\"]
assert wb[\"Năm 2023\"].sheet_state == \"hidden\"
assert wb[\"Ba Bể\"].row_dimensions[3].hidden and wb[\"Ba Bể\"].row_dimensions[4].hidden
"
'

test_expect_success 'the first visible sheet is read; its hidden rows are skipped and listed' '
    capphat import persons book.xlsx >out 2>err &&
    test ! -s err &&
    grep -F "book.xlsx, sheet ${SQ}Ba Bể${SQ}: encoding UTF-8, header on row 1: " out &&
    grep -Fx "2 hidden rows skipped: sheet ${SQ}Ba Bể${SQ} 3, 4 (--include-hidden imports them)" out &&
    test "$(tail -1 out)" = "2 imported, 0 rejected, 0 duplicates" &&
    persons >got &&
    cat >expect <<-\EOT &&
	Nguyễn Văn An|M|1960|Tày||Mỹ Phương|Ba Bể|006060001234|||1
	Lý Văn Đông|M|1952|Nùng||Chợ Rã|Ba Bể|006052001236|||1
	EOT
    test_cmp expect got
'

test_expect_success '--sheet all: every visible sheet, each named, in one run' '
    CAPPHAT_DB=$TEST_DIR/all.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    capphat import persons book.xlsx --sheet all --include-hidden >out 2>err &&
    test ! -s err &&
    grep -F "book.xlsx, sheet ${SQ}Ba Bể${SQ}: encoding UTF-8, header on row 1: " out &&
    grep -F "book.xlsx, sheet ${SQ}Chợ Mới${SQ}: encoding UTF-8, header on row 1: " out &&
    grep -Fx "skipped: sheet ${SQ}Chợ Mới${SQ} row 3 ${SQ}Tổng cộng${SQ}, sheet ${SQ}Ghi chú${SQ} (no header row)" out &&
    ! grep -F "hidden" out &&
    test "$(tail -1 out)" = "5 imported, 0 rejected, 0 duplicates" &&
    persons >got &&
    cat >expect <<-\EOT &&
	Nguyễn Văn An|M|1960|Tày||Mỹ Phương|Ba Bể|006060001234|||1
	Hoàng Văn Mất|M|1930|Tày||Mỹ Phương|Ba Bể||||1
	Lý Thị Rút|F|1950|Dao||Chợ Rã|Ba Bể||||1
	Lý Văn Đông|M|1952|Nùng||Chợ Rã|Ba Bể|006052001236|||1
	Hoàng Thị Bích|F|1965|Dao||Hoà Mục|Chợ Mới|006165001235|||1
	EOT
    test_cmp expect got &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}import.persons${SQ}")" = 1
'

test_expect_success '--sheet all is all or nothing; rejections name the sheet' '
    CAPPHAT_DB=$TEST_DIR/all.db && export CAPPHAT_DB &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons book.xlsx --sheet all >out 2>err &&
    grep -F "capphat: book.xlsx, sheet ${SQ}Chợ Mới${SQ}, row 2: duplicate: cccd ${SQ}006165001235${SQ} is already registered" err &&
    grep -F "capphat: book.xlsx, sheet ${SQ}Ba Bể${SQ}, row 2: duplicate:" err &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 3 duplicates" &&
    unchanged_after "$h"
'

test_expect_success 'a hidden sheet is read when asked for by name' '
    CAPPHAT_DB=$TEST_DIR/old.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    capphat import persons book.xlsx --sheet "Năm 2023" >out 2>err &&
    test ! -s err &&
    test "$(sql "select full_name from person")" = "Người Cũ"
'

test_done

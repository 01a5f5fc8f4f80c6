#!/bin/sh
# capphat import persons: headers drawn over two and three rows with merged
# cells — "Thông tin cá nhân" and "Nơi cư trú" over their columns, Số CCCD,
# SĐT and Ghi chú merged down — import every column; --map by letter,
# header text or "Group / Column" path, and a --map that names no column
# is refused naming the columns; --dry-run shows each column's letter,
# path and field.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-layout.sh"

test_expect_success 'setup: a new database and the lists' '
    capphat init >/dev/null &&
    layout merged merged.xlsx &&
    layout merged3 merged3.xlsx &&
    "$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"merged.xlsx\").active
assert \"I4:I5\" in [str(r) for r in ws.merged_cells.ranges]
assert ws[\"I4\"].value == \"Số CCCD\" and ws[\"I5\"].value is None and ws[\"B5\"].value == \"Họ và tên\"
" &&
    expect_three >expect
'

test_expect_success '--dry-run shows which column goes to which field, by letter and path' '
    capphat import persons merged.xlsx --dry-run >out 2>err &&
    test ! -s err &&
    ! grep -F "merged.xlsx, sheet" out &&
    grep -F "merged.xlsx: encoding UTF-8, header on row 5: " out &&
    grep -Fx "A   STT → none" out &&
    grep -Fx "B   Thông tin cá nhân / Họ và tên → full_name" out &&
    grep -Fx "G   Nơi cư trú / Xã → commune" out &&
    grep -Fx "I   Số CCCD → cccd" out &&
    grep -Fx "J   SĐT → phone" out &&
    grep -Fx "K   Ghi chú → note" out &&
    test "$(tail -1 out)" = "3 imported, 0 rejected, 0 duplicates" &&
    test -z "$(persons)"
'

test_expect_success 'two header rows: every column of every person is imported' '
    capphat import persons merged.xlsx >out 2>err &&
    test ! -s err &&
    persons >got &&
    test_cmp expect got
'

test_expect_success 'three header rows, "Năm sinh" over "Nam" and "Nữ": the same persons' '
    CAPPHAT_DB=$TEST_DIR/three.db capphat init >/dev/null &&
    CAPPHAT_DB=$TEST_DIR/three.db capphat import persons merged3.xlsx >out 2>err &&
    test ! -s err &&
    grep -F "Thông tin cá nhân / Năm sinh / Nam → gender_male" out &&
    CAPPHAT_DB=$TEST_DIR/three.db persons >got &&
    test_cmp expect got
'

test_expect_success 'the units under "Nơi cư trú" on the second header row, the rest merged down' '
    CAPPHAT_DB=$TEST_DIR/residence.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    layout residence residence.xlsx &&
    capphat import persons residence.xlsx >out 2>err &&
    test ! -s err &&
    grep -F "residence.xlsx: encoding UTF-8, header on row 2: " out &&
    grep -F "Nơi cư trú / Xã → commune" out &&
    persons >got &&
    test_cmp expect got
'

test_expect_success 'a group merged over a column left blank names it: --map reaches it' '
    CAPPHAT_DB=$TEST_DIR/gap.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    layout gap gap.xlsx &&
    test_expect_code 1 capphat import persons gap.xlsx --dry-run >out 2>err &&
    grep -Fx "C   Thông tin khác / Năm sinh → birth_year" out &&
    grep -Fx "D   Thông tin khác → none" out &&
    capphat import persons gap.xlsx --map "Thông tin khác=gender" >out 2>err &&
    test ! -s err &&
    test "$(persons)" = "Nguyễn Văn An|M|1960|Tày||Mỹ Phương|Ba Bể||||1"
'

test_expect_success '--map by letter, by header text and by path' '
    CAPPHAT_DB=$TEST_DIR/map.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    capphat import persons merged.xlsx --map I=none --map "SĐT=none" \
        --map "Nơi cư trú / Thôn=none" >out 2>err &&
    test ! -s err &&
    ! grep -F "Số CCCD →" out &&
    persons >got &&
    "$PYTHON" -c "
import sys
for line in open(\"expect\"):
    f = line.rstrip(\"\n\").split(\"|\")
    f[4] = f[7] = f[8] = \"\"
    print(\"|\".join(f))
" >expect-map &&
    test_cmp expect-map got
'

test_expect_success 'a --map that names no column is refused, naming it and the columns' '
    CAPPHAT_DB=$TEST_DIR/nomap.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    test_expect_code 1 capphat import persons merged.xlsx --map "Số CMND=cccd" >out 2>err &&
    test "$(wc -l <err)" = 1 &&
    grep -F "capphat: merged.xlsx: column override ${SQ}Số CMND=cccd${SQ} names no column of header row 5; the columns are A ${SQ}STT${SQ}, B ${SQ}Thông tin cá nhân / Họ và tên${SQ}" err &&
    grep -F "I ${SQ}Số CCCD${SQ}, J ${SQ}SĐT${SQ}, K ${SQ}Ghi chú${SQ}" err &&
    test_expect_code 1 capphat import persons merged.xlsx --map "Thông tin / Thôn=none" 2>err &&
    grep -F "column override ${SQ}Thông tin / Thôn=none${SQ} names no column" err &&
    test -z "$(persons)"
'

test_expect_success 'a --map past the last column, or two for one column, is refused naming them' '
    CAPPHAT_DB=$TEST_DIR/pastmap.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    test_expect_code 1 capphat import persons merged.xlsx --map Z=cccd >out 2>err &&
    test "$(cat err)" = "capphat: merged.xlsx: --map ${SQ}Z=cccd${SQ}: the table has columns A–K" &&
    test_expect_code 1 capphat import persons merged.xlsx --map Z=none 2>err &&
    grep -Fx "capphat: merged.xlsx: --map ${SQ}Z=none${SQ}: the table has columns A–K" err &&
    test_expect_code 1 capphat import persons merged.xlsx --map I=cccd --map "Số CCCD=none" 2>err &&
    test "$(cat err)" = "capphat: merged.xlsx: --map ${SQ}I=cccd${SQ} and --map ${SQ}Số CCCD=none${SQ} both name column I ${SQ}Số CCCD${SQ}; give one" &&
    test_expect_code 1 capphat import persons merged.xlsx --map J=phone --map J=none 2>err &&
    grep -F "both name column J" err &&
    test_expect_code 1 capphat import persons merged.xlsx --map I=colour 2>err &&
    grep -F "fields are full_name, gender" err &&
    ! grep -F "(null)" err &&
    test -z "$(persons)"
'

test_expect_success '"STT", "TT", "Số TT": the row numbers, a header and not a column letter' '
    CAPPHAT_DB=$TEST_DIR/stt.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    for h in STT TT "Số TT"; do
        printf "%s,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\r\n1,Nguyễn Văn An,Nam,1960,Tày,Mỹ Phương,Ba Bể\r\n" "$h" >stt.csv &&
        capphat import persons stt.csv --dry-run --map "$h=none" >out 2>err &&
        test ! -s err &&
        grep -Fx "A   $h → none" out &&
        ! grep -F "no header" out || return 1
    done &&
    test_expect_code 1 capphat import persons stt.csv --map STT=none 2>err &&
    grep -F "capphat: stt.csv: column override ${SQ}STT=none${SQ} names no column of header row 1; the columns are A ${SQ}Số TT${SQ}" err &&
    printf ",Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\r\n1,Nguyễn Văn An,Nam,1960,Tày,Mỹ Phương,Ba Bể\r\n2,Lý Văn Đông,Nam,1952,Nùng,Chợ Rã,Ba Bể\r\n" >blank-stt.csv &&
    capphat import persons blank-stt.csv --dry-run >out 2>err &&
    test ! -s err &&
    ! grep -F "no header" out
'

test_expect_success 'a column without a header: its values are named in the summary, --map takes them' '
    CAPPHAT_DB=$TEST_DIR/blank.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    "$PYTHON" -c "
import openpyxl
wb = openpyxl.load_workbook(\"merged.xlsx\")
ws = wb.active
for r in (7, 8):
    ws.cell(row=r, column=12).value = \"đã mất\"
wb.save(\"extra.xlsx\")
" &&
    capphat import persons extra.xlsx --dry-run >out 2>err &&
    test ! -s err &&
    grep -Fx "warning: column L (no header) has 2 values and was not imported; --map L=FIELD to import it" out &&
    test "$(grep -c "no header" out)" = 1 &&
    capphat import persons extra.xlsx --map L=role >out 2>err &&
    test ! -s err &&
    ! grep -F "no header" out &&
    test "$(sql "select count(*) from person where role = ${SQ}đã mất${SQ}")" = 2 &&
    test_expect_code 1 capphat import persons extra.xlsx --map M=role --dry-run 2>err &&
    grep -Fx "capphat: extra.xlsx: --map ${SQ}M=role${SQ}: the table has columns A–L" err
'

test_expect_success 'the errors file of a merged header has a header of one row, and imports again' '
    CAPPHAT_DB=$TEST_DIR/errors.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    "$PYTHON" -c "
import openpyxl
wb = openpyxl.load_workbook(\"merged.xlsx\")
ws = wb.active
ws.append([4, \"Ma Văn Bốn\", 1970, \"X\", \"Tày\", \"Nà Làng\", \"Mỹ Phương\", \"Ba Bể\", \"\", \"\", \"\"])
wb.save(\"bad.xlsx\")
" &&
    capphat import persons bad.xlsx --skip-invalid --errors rejected.csv >out 2>err &&
    head -1 rejected.csv | sed "s/^\xEF\xBB\xBF//; s/\r\$//" >header &&
    echo "STT,Họ và tên,Năm sinh,Giới tính,Dân tộc,Thôn,Xã,Huyện,Số CCCD,SĐT,Ghi chú,row,reason" >expect-header &&
    test_cmp expect-header header &&
    sed "s/,X,Tày,/,Nam,Tày,/" rejected.csv >fixed.csv &&
    capphat import persons fixed.csv >out 2>err &&
    test ! -s err &&
    test "$(tail -1 out)" = "1 imported, 0 rejected, 0 duplicates" &&
    persons | tail -1 >got &&
    echo "Ma Văn Bốn|M|1970|Tày|Nà Làng|Mỹ Phương|Ba Bể||||1" >expect-4 &&
    test_cmp expect-4 got
'

test_done

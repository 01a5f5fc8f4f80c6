#!/bin/sh
# capphat import persons from .xls and .ods workbooks laid out as offices
# keep them, as from .xlsx: tests/data/layout.xls and .ods (made once with
# LibreOffice, tests/data/README.md) hold a hidden first sheet, two
# district sheets under a merged two-row header, and a hidden row. The
# first visible sheet is read by default, every message names the sheet,
# the hidden row is skipped and listed (--include-hidden imports it),
# --sheet all reads both districts in one run, and a group merged over a
# column left blank names it (the merged cells read from the file).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-layout.sh"

DATA=$SRC_DIR/tests/data

use() { CAPPHAT_DB=$TEST_DIR/$1.db && export CAPPHAT_DB; }
fresh() { use "$1" && capphat init >/dev/null; }

test_expect_success 'setup: the fixtures are the workbooks README.md describes' '
    cp "$DATA/layout.xls" "$DATA/layout.ods" . &&
    test "$(head -c 8 layout.xls | od -An -tx1 | tr -d " ")" = d0cf11e0a1b11ae1 &&
    test "$(unzip -p layout.ods mimetype)" = application/vnd.oasis.opendocument.spreadsheet &&
    cat >expect-default <<-\EOT &&
	Nguyễn Văn An|M|1960|Tày|Nà Làng|Mỹ Phương|Ba Bể|006060001234|0912345678|trưởng thôn|1
	Lý Văn Đông|M|1952|Nùng|Khuổi Nộc|Chợ Rã|Ba Bể|006052001236||mới bầu|1
	EOT
    cat >expect-all <<-\EOT
	Nguyễn Văn An|M|1960|Tày|Nà Làng|Mỹ Phương|Ba Bể|006060001234|0912345678|trưởng thôn|1
	Hoàng Văn Mất|M|1930|Tày|Nà Làng|Mỹ Phương|Ba Bể|||đã mất|1
	Lý Văn Đông|M|1952|Nùng|Khuổi Nộc|Chợ Rã|Ba Bể|006052001236||mới bầu|1
	Hoàng Thị Bích|F|1965|Dao|Bản Cháo|Hoà Mục|Chợ Mới|006165001235|0912345679||1
	EOT
'

for f in xls ods; do

test_expect_success ".$f: the first visible sheet, its merged header, its hidden row listed" "
    fresh default-$f &&
    capphat import persons layout.$f >out 2>err &&
    test ! -s err &&
    grep -F \"layout.$f, sheet \${SQ}Ba Bể\${SQ}: encoding UTF-8, header on row 3: \" out &&
    grep -F \"Thông tin cá nhân / Họ và tên → full_name\" out &&
    grep -F \"Số CCCD → cccd, SĐT → phone, Ghi chú → note\" out &&
    grep -Fx \"1 hidden row skipped: sheet \${SQ}Ba Bể\${SQ} 5 (--include-hidden imports it)\" out &&
    test \"\$(tail -1 out)\" = \"2 imported, 0 rejected, 0 duplicates\" &&
    persons >got &&
    test_cmp expect-default got
"

test_expect_success ".$f: --sheet all --include-hidden, both districts in one run" "
    fresh all-$f &&
    capphat import persons layout.$f --sheet all --include-hidden >out 2>err &&
    test ! -s err &&
    grep -F \"layout.$f, sheet \${SQ}Chợ Mới\${SQ}: encoding UTF-8, header on row 3: \" out &&
    ! grep -F \"Khác\" out &&
    test \"\$(tail -1 out)\" = \"4 imported, 0 rejected, 0 duplicates\" &&
    persons >got &&
    test_cmp expect-all got &&
    test \"\$(sql \"select count(*) from audit_log where action = 'import.persons'\")\" = 1 &&
    test_expect_code 1 capphat import persons layout.$f --sheet all >out 2>err &&
    grep -F \"capphat: layout.$f, sheet \${SQ}Chợ Mới\${SQ}, row 4: duplicate: cccd \${SQ}006165001235\${SQ}\" err
"

test_expect_success ".$f: the hidden sheet by name; its group merged over a blank column" "
    fresh other-$f &&
    test_expect_code 1 capphat import persons layout.$f --sheet Khác --dry-run >out 2>err &&
    grep -Fx \"C   Thông tin khác / Năm sinh → birth_year\" out &&
    grep -Fx \"D   Thông tin khác → none\" out &&
    capphat import persons layout.$f --sheet Khác --map \"Thông tin khác=gender\" >out 2>err &&
    test ! -s err &&
    test \"\$(persons)\" = \"Người Khác|F|1970|Tày||Mỹ Phương|Ba Bể||||1\"
"

done

test_done

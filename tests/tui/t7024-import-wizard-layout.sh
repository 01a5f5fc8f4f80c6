#!/bin/sh
# The import wizard and the layouts offices keep: the columns of a header
# drawn over two rows with merged cells, each with its letter and path; a
# workbook's sheet chosen in step 1, "all" for every visible sheet at once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

layout() { "$PYTHON" "$SRC_DIR/tests/cli/layout-files.py" "$@"; }

test_expect_success 'the lists: merged header rows, a workbook of sheets' '
    layout merged "$TEST_DIR/merged.xlsx" &&
    layout sheets "$TEST_DIR/book.xlsx"
'

test_expect_success 'the preview shows each column by letter, with the group above it' '
    tui_start &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/merged.xlsx" && tui_keys Enter &&
    tui_wait "header in row 5" &&
    tui_screen | grep -F "B  Thông tin cá nhân / Họ và tên " | grep -F "→ full_name" &&
    tui_screen | grep -F "G  Nơi cư trú / Xã " | grep -F "→ commune" &&
    tui_screen | grep -F "I  Số CCCD " | grep -F "→ cccd" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 0"
'

test_expect_success 'sheet "all" in step 1 imports every visible sheet' '
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/book.xlsx" && tui_keys Tab Tab &&
    tui_type "all" && tui_keys Enter &&
    tui_wait "every visible sheet" &&
    tui_keys F2 &&
    tui_wait "Import: 3 imported, 0 rejected, 0 duplicates" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 3"
'

test_expect_success 'the persons of both sheets, the hidden rows and sheet left out' '
    capphat person list | tail -n +2 | cut -f2 | sort >got &&
    cat >expect <<-\EOT &&
	Nguyễn Văn An
	Lý Văn Đông
	Hoàng Thị Bích
	EOT
    sort expect >expect-sorted &&
    test_cmp expect-sorted got &&
    tui_quit &&
    capphat check
'

test_expect_success 'the sheet is chosen from the visible ones; the result lists the rows skipped' '
    CAPPHAT_DB=$TEST_DIR/one.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    tui_start CAPPHAT_DB=$CAPPHAT_DB &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/book.xlsx" && tui_keys Tab Tab Down &&
    tui_wait "every visible sheet" &&
    tui_screen >screen &&
    grep -F "Ba Bể" screen &&
    grep -F "Chợ Mới" screen &&
    grep -F "Ghi chú" screen &&
    ! grep -F "Năm 2023" screen &&
    tui_keys Escape && tui_type "Chợ" && tui_keys Enter &&
    tui_wait "header in row 1; Chợ Mới" &&
    tui_keys F3 &&
    tui_wait "Check: 1 imported, 0 rejected, 0 duplicates" &&
    tui_wait "skipped: sheet " &&
    tui_screen | grep -F "skipped: sheet " | grep -F "Chợ Mới" | grep -F "row 3 " | grep -F "Tổng cộng" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/book.xlsx" && tui_keys Tab Tab &&
    tui_type "Ba" && tui_keys Enter &&
    tui_wait "header in row 1; Ba Bể" &&
    tui_keys F3 &&
    tui_wait "2 hidden rows skipped: sheet " &&
    tui_screen | grep -F "2 hidden rows skipped: sheet " | grep -F "Ba Bể" | grep -F " 3, 4" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 0" &&
    tui_quit
'

test_done

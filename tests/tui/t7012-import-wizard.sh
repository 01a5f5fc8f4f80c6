#!/bin/sh
# The import wizard of the People screen: F2 asks for a file, shows the
# column mapping found below a title row and the first rows, lets the
# operator give an unknown column a field, checks without importing
# (counts and the rejected row with its number), then imports the good
# rows when told to skip the bad one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'a CSV list with a title row, Vietnamese headers and one bad row' '
    cat >"$TEST_DIR/ds.csv" <<-\CSV &&
	DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2026
	STT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,Liên lạc
	1,Hà Thị Mai,Nữ,1958,Tày,Chợ Rã,Ba Bể,0987111222
	2,Nông Văn Páo,Nam,19x8,Tày,Chợ Rã,Ba Bể,
	3,Lý Văn Tằng,Nam,1950,Dao,Chợ Rã,Ba Bể,0912345678
	CSV
    test "$(wc -l <"$TEST_DIR/ds.csv")" = 5
'

test_expect_success 'F2 on People asks for the file; the preview shows the mapping' '
    tui_start &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/ds.csv" && tui_keys Enter &&
    tui_wait "header in row 2" &&
    tui_screen | grep -F "Họ và tên" | grep -F "→ full_name" &&
    tui_screen | grep -F "Năm sinh" | grep -F "→ birth_year" &&
    tui_screen | grep -F "Liên lạc" | grep -F "→ none" &&
    tui_wait "Hà Thị" && tui_wait "Lý Văn"
'

test_expect_success 'Enter on a column changes its field (an override)' '
    tui_keys Down Down Down Down Down Down Down Enter &&
    tui_wait "Field of the column" &&
    tui_type "phone" && tui_wait "phone" && tui_keys Enter &&
    tui_wait_gone "Field of the column" &&
    tui_screen | grep -F "Liên lạc" | grep -F "→ phone"
'

test_expect_success 'F3 checks: the counts and the rejected row with its number' '
    tui_keys F3 &&
    tui_wait "Check: 2 imported, 1 rejected, 0 duplicates" &&
    tui_screen | grep -F "row 4:" &&
    test -z "$(capphat person list | tail -n +2)"
'

test_expect_success 'F2 imports the good rows after the operator agrees to skip the bad one' '
    tui_keys F2 &&
    tui_wait "Import the 2 good rows" &&
    tui_keys y &&
    tui_wait "Import: 2 imported, 1 rejected" &&
    tui_wait "100%" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 2"
'

test_expect_success 'the command line lists the two persons with the mapped phone' '
    capphat person list >out &&
    test "$(tail -n +2 out | wc -l)" = 2 &&
    grep -F "Hà Thị Mai" out | grep -F 0987111222 &&
    grep -F "Lý Văn Tằng" out | grep -F 0912345678 &&
    ! grep -F "Nông Văn Páo" out
'

test_expect_success 'F10 quits; the database passes check' '
    tui_quit &&
    capphat check
'

test_done

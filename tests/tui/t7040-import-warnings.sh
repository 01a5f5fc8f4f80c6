#!/bin/sh
# The import wizard with a list as offices keep it: a phone "Không có" and
# a CCCD stored as a number. The check lists the value left empty with its
# row, says how many values were left empty and how many leading zeros were
# restored; the import keeps every person.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'a CSV list with a phone "Không có" and a CCCD that lost its zeros' '
    cat >"$TEST_DIR/ds.csv" <<-\CSV &&
	STT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,SĐT,Số CCCD
	1,Hà Thị Mai,Nữ,1958,Tày,Chợ Rã,Ba Bể,Không có,6158001234
	2,Lý Văn Tằng,Nam,1950,Dao đỏ,Chợ Rã,Ba Bể,0912345678,
	CSV
    test "$(wc -l <"$TEST_DIR/ds.csv")" = 3
'

test_expect_success 'F3 checks: the warning with its row, the counts of what was left and restored' '
    tui_start &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/ds.csv" && tui_keys Enter &&
    tui_wait "header in row 1" &&
    tui_keys F3 &&
    tui_wait "Check: 2 imported, 0 rejected, 0 duplicates" &&
    tui_wait "1 values left empty" &&
    tui_wait "leading zeros restored: 1 CCCD, 0 phone numbers" &&
    tui_screen | grep -F "row 2:" | grep -F "warning: phone"
'

test_expect_success 'F2 imports both persons; the phone is empty, the CCCD whole' '
    tui_keys F2 &&
    tui_wait "Import: 2 imported" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 2" &&
    tui_quit &&
    capphat person list --show-id >out &&
    grep -F "Hà Thị Mai" out | grep -F 006158001234 &&
    grep -F "Lý Văn Tằng" out | grep -F Dao &&
    capphat check
'

test_done

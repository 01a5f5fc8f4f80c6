#!/bin/sh
# The import wizard: a column with a blank header is given a field (by its
# letter); F6 saves the rejected rows of the check under the list's header,
# to correct and import again; F2 after the import says it is done instead
# of importing again; a list that would import nothing says so instead of
# asking to import no row.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

SQ="'"

test_expect_success 'a CSV list whose last column has no header, and one bad row' '
    cat >"$TEST_DIR/list.csv" <<-\CSV
	STT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,
	1,Hà Thị Mai,Nữ,1958,Tày,Chợ Rã,Ba Bể,0987111222
	2,Nông Văn Páo,Nam,19x8,Tày,Chợ Rã,Ba Bể,
	3,Lý Văn Tằng,Nam,1950,Dao,Chợ Rã,Ba Bể,0912345678
	CSV
'

test_expect_success 'the column without a header is mapped by its letter' '
    tui_start &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/list.csv" && tui_keys Enter &&
    tui_wait "header in row 1" &&
    tui_keys Down Down Down Down Down Down Down Enter &&
    tui_wait "Field of the column ${SQ}H${SQ}" &&
    tui_type "phone" && tui_wait "phone" && tui_keys Enter &&
    tui_wait_gone "Field of the column" &&
    tui_screen | grep -E "^ +H +→ phone"
'

test_expect_success 'F6 before a check asks for one; after it, saves the rejected row' '
    tui_keys F6 &&
    tui_wait "check the list first (F3)" &&
    tui_keys F3 &&
    tui_wait "Check: 2 imported, 1 rejected, 0 duplicates" &&
    tui_keys F6 &&
    tui_wait "Save the rejected rows" &&
    tui_wait "list-rejected.csv" &&
    tui_keys Enter &&
    tui_wait "1 rejected row saved to " &&
    sed "1s/^\xEF\xBB\xBF//; s/\r\$//" "$TEST_DIR/list-rejected.csv" >got &&
    head -1 got >got-header &&
    echo "STT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,,row,reason" >expect-header &&
    test_cmp expect-header got-header &&
    test "$(wc -l <got)" = 2 &&
    tail -1 got | grep "^2,Nông Văn Páo,Nam,19x8,Tày,Chợ Rã,Ba Bể,,3,.*19x8"
'

test_expect_success 'F2 imports the good rows; F2 again says the list is imported' '
    tui_keys F2 &&
    tui_wait "Import the 2 good rows" &&
    tui_keys y &&
    tui_wait "Import: 2 imported, 1 rejected" &&
    tui_keys F2 &&
    tui_wait "this list has been imported; Esc closes the wizard" &&
    tui_screen | grep -F "Import: 2 imported, 1 rejected" &&
    test "$(capphat person list | tail -n +2 | wc -l)" = 2 &&
    test "$(capphat person list | grep -c "0987111222")" = 1
'

test_expect_success 'a list that would import nothing says so, and asks nothing' '
    tui_keys Escape &&
    tui_wait "Prestigious persons: 2" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/list.csv" && tui_keys Enter &&
    tui_wait "header in row 1" &&
    tui_keys F2 &&
    tui_wait "nothing to import: every row was rejected or is a duplicate" &&
    ! tui_screen | grep -F "good rows" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 2" &&
    tui_quit &&
    test "$(capphat person list | tail -n +2 | wc -l)" = 2 &&
    capphat check
'

test_done

#!/bin/sh
# The import wizard's file picker: Enter on an empty file field (or F4)
# lists the folder's folders, then its lists (.csv .txt .xlsx .xls .ods),
# each most recent first, other files left out; Enter opens a folder, ".."
# goes up, and Enter on a list puts its path in the field, which Enter
# then reads.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'a folder of lists, a subfolder and a file that is no list' '
    mkdir -p "$TEST_DIR/lists/2024" &&
    cat >"$TEST_DIR/lists/b-new.csv" <<-\CSV &&
	Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện
	Hà Thị Mai,Nữ,1958,Tày,Chợ Rã,Ba Bể
	CSV
    cp "$TEST_DIR/lists/b-new.csv" "$TEST_DIR/lists/a-old.csv" &&
    touch -d "2020-01-02 03:04" "$TEST_DIR/lists/a-old.csv" &&
    echo "%PDF" >"$TEST_DIR/lists/notes.pdf" &&
    cp "$TEST_DIR/lists/b-new.csv" "$TEST_DIR/lists/2024/c.csv"
'

test_expect_success 'F4 lists the folder: folders first, then the lists, newest first' '
    tui_start &&
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_wait "F4Browse" &&
    tui_type "$TEST_DIR/lists/" && tui_keys F4 &&
    tui_wait "Choose the list" &&
    tui_wait "a-old.csv" &&
    tui_screen >screen &&
    grep -F "02/01/2020 03:04" screen | grep -F "a-old.csv" &&
    ! grep -F "notes.pdf" screen &&
    up=$(grep -n "\.\./" screen | cut -d: -f1) &&
    sub=$(grep -n "2024/" screen | cut -d: -f1) &&
    new=$(grep -n "b-new.csv" screen | cut -d: -f1) &&
    old=$(grep -n "a-old.csv" screen | cut -d: -f1) &&
    test "$up" -lt "$sub" && test "$sub" -lt "$new" && test "$new" -lt "$old"
'

test_expect_success 'Enter opens a folder, ".." goes up, Enter on a list fills the field' '
    tui_keys Down Enter &&
    tui_wait "c.csv" &&
    tui_screen | grep -F "$TEST_DIR/lists/2024" &&
    tui_keys Home Enter &&
    tui_wait "b-new.csv" &&
    tui_keys Down Down Enter &&
    tui_wait_gone "Choose the list" &&
    tui_wait "Import persons from a CSV" &&
    tui_screen | grep -F "lists/b-new.csv" &&
    tui_keys Enter &&
    tui_wait "header in row 1" &&
    tui_screen | grep -F "b-new.csv"
'

test_expect_success 'Enter on an empty file field opens the picker; Esc closes it' '
    tui_keys Escape &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F2 &&
    tui_wait "Import persons from a CSV" &&
    tui_keys Enter &&
    tui_wait "Choose the list" &&
    tui_wait "b-new.csv" &&
    tui_keys Escape &&
    tui_wait_gone "Choose the list" &&
    tui_wait "Import persons from a CSV" &&
    tui_keys Escape &&
    tui_wait "Prestigious persons: 0" &&
    tui_quit
'

test_done

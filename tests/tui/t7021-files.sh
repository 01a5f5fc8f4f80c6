#!/bin/sh
# The full-screen program writes files as the command line does (io/outfile):
# an existing file is replaced only when the operator answers y to a
# question whose default is No (Enter and Esc keep it); the database and
# its backups are refused whatever is answered; receipts made without a
# file name go to the receipts folder, named by their number.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
TUI_W=160 # the status line names long paths

test_expect_success 'setup: a person with a phone, an existing report' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --ethnic Tày \
        --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    echo precious >"$TEST_DIR/bang.csv"
'

# csv_form FILE: open the CSV form of Reports, name FILE, save
csv_form() {
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys End Up Up Enter && tui_wait "Tables of people, devices or handovers" &&
    tui_keys Tab C-u && tui_type "$1" && tui_keys F2
}

test_expect_success 'an existing file: the question names it; Enter answers No and keeps it' '
    tui_start &&
    csv_form "$TEST_DIR/bang.csv" &&
    tui_wait "already exists" && tui_wait "Replace it with the new file?" &&
    tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait_gone "Replace it with the new file?" &&
    test "$(cat "$TEST_DIR/bang.csv")" = precious
'

test_expect_success 'Esc answers No too; y replaces it' '
    tui_keys F2 && tui_wait "Replace it with the new file?" &&
    tui_keys Escape && tui_wait_gone "Replace it with the new file?" &&
    test "$(cat "$TEST_DIR/bang.csv")" = precious &&
    tui_keys F2 && tui_wait "Replace it with the new file?" &&
    tui_keys y && tui_wait "written: $TEST_DIR/bang.csv" &&
    head -1 "$TEST_DIR/bang.csv" | grep -q "full_name" &&
    test "$(stat -c %a "$TEST_DIR/bang.csv")" = 600
'

test_expect_success 'a table as a workbook by default: Vietnamese headers, the IMEI as text' '
    tui_keys Escape && tui_wait "Reports and documents" &&
    tui_keys End Up Up Enter && tui_wait "Tables of people, devices or handovers" &&
    tui_wait "Table*  People" && tui_wait ".xlsx" &&
    tui_keys Down && tui_wait "▸People" && tui_keys Down Down Enter && tui_wait "Table*  Handovers" &&
    tui_keys C-u && tui_type "$TEST_DIR/bang.xlsx" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/bang.xlsx" &&
    "$PYTHON" -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
head = [c.value for c in ws[1]]
cells = [c.value for c in ws[2]]
assert \"IMEI\" in head, head
assert \"490154203237518\" in cells, cells
" "$TEST_DIR/bang.xlsx"
'

test_expect_success 'the database itself is refused, with no question, and stays as it was' '
    h=$(db_hash) &&
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys End Enter && tui_wait "Back up the database" &&
    tui_keys C-u && tui_type "$CAPPHAT_DB" && tui_keys F2 &&
    tui_wait "it is the database" &&
    ! tui_screen | grep -qF "Replace it with" &&
    tui_keys Escape && tui_wait "Throw away what you typed" && tui_keys y &&
    tui_wait "Reports and documents" &&
    test "$(db_hash)" = "$h"
'

test_expect_success 'receipts without a file name: the receipts folder, named by number' '
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Enter && tui_wait "Receipt numbers" &&
    tui_type "01/BB-BDT" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/receipts/bien-ban-01-BB-BDT.pdf" &&
    pdftotext "$TEST_DIR/receipts/bien-ban-01-BB-BDT.pdf" - | grep -q 490154203237518 &&
    tui_keys Enter && tui_wait "Receipt numbers" &&
    tui_type "01/BB-BDT" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/receipts/bien-ban-01-BB-BDT-ban-sao.pdf" &&
    test -s "$TEST_DIR/receipts/bien-ban-01-BB-BDT.pdf" &&
    tui_quit
'

test_done

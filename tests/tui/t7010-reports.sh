#!/bin/sh
# The Reports screen makes the documents through src/report and src/app:
# the Excel summary (read back with openpyxl), a commune's receipts as PDF
# (read back with pdftotext), the receipts not signed yet, and the check.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: a person with a phone in Chợ Rã' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'Enter on the summary, F2: the workbook is written' '
    tui_start &&
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Enter && tui_wait "File" &&
    tui_keys Tab Tab C-u && tui_type "$TEST_DIR/tong-hop.xlsx" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/tong-hop.xlsx" &&
    $PYTHON -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); sys.exit(0 if wb.sheetnames else 1)" "$TEST_DIR/tong-hop.xlsx"
'

test_expect_success "the receipts of a commune as PDF" '
    tui_keys Down Down Down Down Enter && tui_wait "Handover receipts of a commune" &&
    tui_type "ba be" && tui_keys Tab && tui_type "cho ra" && tui_keys Tab &&
    tui_keys C-u && tui_type "$TEST_DIR/bb.pdf" && tui_keys F2 &&
    tui_wait "(1 receipt)" &&
    pdftotext "$TEST_DIR/bb.pdf" - | grep -q "490154203237518"
'

test_expect_success 'receipts not signed yet; the check from the screen' '
    tui_keys Down Down Enter && tui_wait "01/BB-BDT" &&
    tui_keys Enter &&
    tui_keys End Up Enter && tui_wait "integrity check passed" &&
    tui_keys Enter &&
    tui_quit
'

test_done

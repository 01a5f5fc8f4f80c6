#!/bin/sh
# After a device is taken back on the Handover screen, the dialog offers its
# return record (biên bản thu hồi): saved as PDF it is the record of that
# return, named by its number, and the original (kept, audited). After a
# passing-on (F6) the dialog names the return record made and prints or
# saves it with the new receipt.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

export CAPPHAT_TODAY=2025-06-30

test_expect_success 'setup: a person holding a device' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Nokia C32" --delivered 2025-01-02 >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" --delivered 2025-01-02 >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 --date 2025-06-01 >/dev/null
'

test_expect_success 'F8, the return done: the dialog names its return record and offers it' '
    tui_start CAPPHAT_TODAY=2025-06-30 &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_keys F8 && tui_wait "Take a device back" &&
    tui_type "490154203237518" && tui_keys Tab &&
    tui_type "defective" && tui_keys Tab &&
    tui_type "QĐ 12/2025" && tui_keys Tab &&
    tui_type "Nhà văn hóa thôn Nà Phai" && tui_keys F2 &&
    tui_wait "(receipt 01/BB-BDT)?" && tui_wait "Place: Nhà văn hóa thôn Nà Phai" && tui_keys y &&
    tui_wait "Return recorded" &&
    tui_wait "Return record number: 01/BBTH-BDT" &&
    tui_wait "> Print receipt" && tui_wait "Save PDF…" && tui_wait "Later"
'

test_expect_success 'Save PDF…: named by the return number, the return record, kept as the original' '
    tui_keys Down && tui_wait "> Save PDF…" && tui_keys Enter &&
    tui_wait "Save the receipt as PDF" && tui_wait "bien-ban-01-BBTH-BDT.pdf" &&
    tui_keys F2 && tui_wait "written: " &&
    test -s "$TEST_DIR/receipts/bien-ban-01-BBTH-BDT.pdf" &&
    pdftotext "$TEST_DIR/receipts/bien-ban-01-BBTH-BDT.pdf" - | tr "\n" " " >r.txt &&
    grep -F "BIÊN BẢN THU HỒI" r.txt && grep -F "Số: 01/BBTH-BDT" r.txt &&
    grep -F "Căn cứ Quyết định số QĐ 12/2025" r.txt &&
    grep -F "tại Nhà văn hóa thôn Nà Phai" r.txt &&
    ! grep -F "BẢN SAO" r.txt && ! grep -F "XEM TRƯỚC" r.txt &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from return_print")" = 1 &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log where action = '"'"'return.print'"'"'")" = 1
'

test_expect_success 'F6, the passing-on done: the dialog names the return record and saves it with the receipt' '
    tui_keys Escape && tui_wait_gone "Save the receipt as PDF" &&
    capphat handover --person 1 --imei 356938035643809 --date 2025-06-30 >/dev/null &&
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "Receipt number: 03/BB-BDT" && tui_wait "Return record number: 02/BBTH-BDT" &&
    tui_wait "> Print receipt and return record" && tui_wait "Save PDF…" &&
    tui_keys Down && tui_wait "> Save PDF…" && tui_keys Enter &&
    tui_wait "Save the receipt and return record as PDF" &&
    tui_wait "bien-ban-03-BB-BDT-den-02-BBTH-BDT.pdf" &&
    tui_keys F2 && tui_wait "written: " &&
    f="$TEST_DIR/receipts/bien-ban-03-BB-BDT-den-02-BBTH-BDT.pdf" &&
    test "$(pdfinfo "$f" | sed -n "s/^Pages: *//p")" = 2 &&
    pdftotext "$f" - | tr "\n" " " >p.txt &&
    grep -F "Số: 03/BB-BDT" p.txt && grep -F "BIÊN BẢN THU HỒI" p.txt && grep -F "Số: 02/BBTH-BDT" p.txt &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from return_print")" = 2 &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from receipt_print")" = 1
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check >/dev/null
'

test_done

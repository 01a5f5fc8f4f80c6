#!/bin/sh
# "Signed papers" mode: scan after scan of the QR codes of the papers that
# came back (receipts and return records), each marked signed at once with
# a ✓ line (number and person) or a ✗ line (number and why: unknown,
# already signed, a paper of another register); Esc ends it with a
# summary. Opened from the unsigned papers list (F8) and from Reports.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: three handovers, one returned' '
    capphat init >/dev/null &&
    for n in "Mã Hoàng Tạ" "Lục Văn Đông" "Hoàng Thị Én"; do
        capphat person add --name "$n" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null || return 1
    done &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 353918051234561 --model "Nokia C32" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    capphat handover --person 2 --imei 356938035643809 >/dev/null &&
    capphat handover --person 3 --imei 353918051234561 >/dev/null &&
    capphat return --imei 353918051234561 --reason defective >/dev/null &&
    capphat receipt 01/BB-BDT -o r1.pdf --final >/dev/null &&
    anchor=$(pdftotext r1.pdf - | sed -n "s/.*01\/BB-BDT · [^ ]* [^ ]* \([0-9]*:[0-9a-f]*\).*/\1/p" | head -1) &&
    test -n "$anchor" && echo "$anchor" >anchor
'

test_expect_success 'F8 in the unsigned papers list opens the mode; F1 names its key' '
    tui_start &&
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Enter &&
    tui_wait "all communes: 3 receipts not signed back yet" &&
    tui_wait "F8" && tui_screen | tail -1 | grep -q "Signed papers" &&
    tui_keys F1 && tui_wait "This screen: Unsigned papers" &&
    tui_screen | grep "^ *F8 " | grep -q "Signed papers" &&
    tui_keys Escape && tui_wait "receipts not signed back yet" &&
    tui_keys F8 && tui_wait "Marked signed in this scan: 0    refused: 0"
'

test_expect_success 'a batch of scans: three marked, one unknown, one twice, one of another register' '
    tui_type "01/BB-BDT #$(cat anchor)
02/BB-BDT
01/BBTH-BDT
09/BB-BDT
02/BB-BDT
03/BB-BDT #1:0123456789ab
" &&
    tui_wait "Marked signed in this scan: 3    refused: 3" &&
    tui_wait "✓ 01/BB-BDT Mã Hoàng Tạ" &&
    tui_wait "✓ 02/BB-BDT Lục Văn Đông" &&
    tui_wait "✓ 01/BBTH-BDT Hoàng Thị Én (return record)" &&
    tui_wait "✗ 09/BB-BDT: unknown" &&
    tui_wait "✗ 02/BB-BDT: already signed on" &&
    tui_wait "✗ 03/BB-BDT: not a paper of this register" &&
    ! capphat receipt unsigned | grep -q "^01/BB-BDT" &&
    ! capphat receipt unsigned | grep -q "^02/BB-BDT" &&
    ! capphat receipt unsigned --returns | grep -q "^01/BBTH-BDT"
'

test_expect_success 'an IMEI scanned there is no paper; nothing sounds, nothing navigates' '
    tui_type "490154203237518
" &&
    tui_wait "✗ 490154203237518: unknown" &&
    tui_wait "Marked signed in this scan: 3    refused: 4" &&
    ! tui_screen | grep -q "Samsung A05"
'

test_expect_success 'Esc ends the mode with a summary; the list counts what is left' '
    tui_keys Escape &&
    tui_wait "signed papers mode ended: 3 papers marked as signed, 4 refused" &&
    tui_wait "all communes: 0 receipts not signed back yet"
'

test_expect_success 'from Reports: the last paper, with an archive reference' '
    tui_keys Escape && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Down Down Enter &&
    tui_wait "Marked signed in this scan: 0" &&
    tui_keys BTab && tui_type "HS-7" && tui_keys Tab &&
    tui_type "03/BB-BDT" && tui_keys Enter &&
    tui_wait "✓ 03/BB-BDT Hoàng Thị Én" &&
    tui_keys Escape && tui_wait "1 paper marked as signed, 0 refused" &&
    capphat person show 3 | grep "03/BB-BDT" | grep -q "(archive HS-7)" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from handover where signed_on is null")" = 0
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check >/dev/null
'

test_done

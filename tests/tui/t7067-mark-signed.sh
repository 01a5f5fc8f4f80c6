#!/bin/sh
# Reports' "Mark paper receipts as signed": the numbers typed or scanned
# from the papers' QR codes (a number and its anchor), return records too;
# nothing is marked unless every paper named is found and still unsigned.
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
    capphat receipt signed 02/BB-BDT >/dev/null &&
    capphat receipt 01/BB-BDT -o r1.pdf --final >/dev/null &&
    anchor=$(pdftotext r1.pdf - | sed -n "s/.*01\/BB-BDT · [^ ]* [^ ]* \([0-9]*:[0-9a-f]*\).*/\1/p" | head -1) &&
    test -n "$anchor" && echo "$anchor" >anchor
'

# mark TEXT: the form of Reports, TEXT in the numbers, saved
mark() {
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Down Enter &&
    tui_wait "Archive reference" &&
    tui_type "$1" && tui_keys F2
}

test_expect_success 'a paper already signed in the list: nothing is marked' '
    tui_start &&
    mark "01/BB-BDT 02/BB-BDT" &&
    tui_wait "02/BB-BDT was already signed on" &&
    capphat receipt unsigned | grep -q "^01/BB-BDT" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y
'

test_expect_success 'a scanned QR (number and anchor) and a return record, marked at once' '
    mark "01/BB-BDT #$(cat anchor) 01/BBTH-BDT" &&
    tui_wait "2 papers marked as signed" &&
    ! capphat receipt unsigned | grep -q "^01/BB-BDT" &&
    ! capphat receipt unsigned --returns | grep -q "^01/BBTH-BDT" &&
    tui_quit && capphat check >/dev/null
'

test_done

#!/bin/sh
# The papers not signed back yet are listed by number (the order of the
# stack they are ticked off from), then by name: the receipts, then the
# return records; with all communes shown, one order of numbers, not one
# per commune.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the paper numbers on the screen now, one a line
shown() { tui_screen | grep -oE "\[[ x]\] [0-9]+/BB(TH)?-BDT" | sed "s/^\[.\] //"; }

test_expect_success 'setup: eleven handovers to names in the other order, two communes, a return' '
    capphat init >/dev/null &&
    imeis="860123456780013 860123456780021 860123456780039 860123456780047 860123456780054 860123456780062 860123456780070 860123456780088 860123456780096 860123456780104 860123456780112" &&
    i=1 && for n in "Vi Thị Yến" "Triệu Văn Xuân" "Nông Thị Tám" "Lý Văn Sáu" "Lục Thị Năm" \
        "Hoàng Văn Bốn" "Hà Thị Ba" "Đàm Văn Hai" "Bế Thị Một" "Âu Văn Không" "Ân Thị Mười"; do
        c="cho ra"; [ $((i % 2)) = 0 ] && c="nam mau"
        capphat person add --name "$n" --gender M --birth-year 1960 --district "ba be" --commune "$c" >/dev/null &&
        imei=$(echo $imeis | cut -d" " -f$i) &&
        capphat device add --imei "$imei" --model "Nokia C32" >/dev/null &&
        capphat handover --person $i --imei "$imei" >/dev/null || return 1
        i=$((i + 1))
    done &&
    capphat return --imei "860123456780112" --reason lost >/dev/null
'

test_expect_success 'all communes: 01 … 10, then the return record' '
    tui_start &&
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Enter &&
    tui_wait "all communes: 11 receipts not signed back yet" &&
    shown >got &&
    printf "%s\n" 01/BB-BDT 02/BB-BDT 03/BB-BDT 04/BB-BDT 05/BB-BDT 06/BB-BDT 07/BB-BDT \
        08/BB-BDT 09/BB-BDT 10/BB-BDT 01/BBTH-BDT >want &&
    test_cmp want got
'

test_expect_success 'one commune: its papers by number' '
    tui_keys Right && tui_wait_gone "all communes:" &&
    tui_wait "Chợ Rã: 6 receipts" &&
    shown >got &&
    printf "%s\n" 01/BB-BDT 03/BB-BDT 05/BB-BDT 07/BB-BDT 09/BB-BDT 01/BBTH-BDT >want &&
    test_cmp want got &&
    tui_quit
'

test_done

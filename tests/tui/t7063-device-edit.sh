#!/bin/sh
# Phones are editable from the Devices screen (F4): model, second IMEI,
# price and round, each change in the audit log; once rounds exist a phone
# needs one. A status change (repair, lost, written off, back in stock)
# needs a reason and asks first: Enter and Esc cancel it, y does it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: a phone without a round, then a round, and a phone handed over' '
    capphat init >/dev/null &&
    capphat device add --imei 356938035643809 --model "Nokia C32" >/dev/null &&
    capphat round add --name "Đợt 1" --year 2024 >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" --round 1 >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'F4: once rounds exist a phone needs one; model, IMEI 2, price and round saved' '
    tui_start &&
    tui_keys 3 && tui_wait "Devices: 2" &&
    tui_keys Home F4 && tui_wait "Phone IMEI 356938035643809" &&
    tui_keys C-u && tui_type "Nokia C32 Plus" && tui_keys Tab &&
    tui_type "353918051234561" && tui_keys Tab &&
    tui_type "1.990.000" && tui_keys Tab && tui_keys F2 &&
    tui_wait "this field is required" &&
    capphat device list >out && ! grep -q "Nokia C32 Plus" out &&
    tui_type "dot 1" && tui_wait "Đợt 1" && tui_keys Tab && tui_keys F2 &&
    tui_wait "saved: IMEI 356938035643809" &&
    capphat device list >out &&
    grep "356938035643809" out | grep -F "Nokia C32 Plus" | grep -F 353918051234561 | grep -q "Đợt 1" &&
    capphat check
'

test_expect_success 'a status change needs a reason, asks, and Enter and Esc cancel it' '
    tui_keys Home F4 && tui_wait "Phone IMEI 356938035643809" &&
    tui_keys Tab Tab Tab Tab && tui_keys C-u && tui_type "under repair" && tui_keys Tab &&
    tui_keys F2 && tui_wait "say why the status changes" &&
    tui_type "screen broken" && tui_keys F2 &&
    tui_wait "from \"in stock\" to \"under repair\"?" && tui_wait "Reason: screen broken" &&
    tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait "nothing was done" &&
    tui_keys F2 && tui_wait "to \"under repair\"?" && tui_keys Escape &&
    tui_wait_gone "to \"under repair\"?" &&
    capphat device list --status in_stock >out && grep -q 356938035643809 out &&
    tui_keys F2 && tui_wait "to \"under repair\"?" && tui_keys y &&
    tui_wait "IMEI 356938035643809: under repair (screen broken)" &&
    capphat device list --status repair >out && grep -q 356938035643809 out
'

test_expect_success 'back in stock the same way; a phone handed over offers no status' '
    tui_keys Home F4 && tui_wait "Phone IMEI 356938035643809" &&
    tui_keys Tab Tab Tab Tab && tui_keys C-u && tui_type "in stock" && tui_keys Tab &&
    tui_type "repaired" && tui_keys F2 && tui_wait "to \"in stock\"?" && tui_keys y &&
    tui_wait "IMEI 356938035643809: in stock (repaired)" &&
    capphat device list --status in_stock >out && grep -q 356938035643809 out &&
    tui_keys End F4 && tui_wait "Phone IMEI 490154203237518" &&
    tui_wait "handed over to Mã Hoàng Tạ (receipt 01/BB-BDT): its status changes when it is" &&
    ! tui_screen | grep -q "Reason for a status change" &&
    tui_keys Escape && tui_wait "Devices: 2"
'

test_expect_success 'quit; the log has the edit and both status changes; check passes' '
    tui_quit && capphat check
'

test_done

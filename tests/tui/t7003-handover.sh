#!/bin/sh
# The Handover screen: find the person by a few letters without accents,
# scan the IMEI (only devices in stock are offered), confirm, and the
# receipt number shows; F8 takes the device back with reason and decision
# (and offers its return record for printing);
# F6 passes a device on to a successor. A device taken meanwhile by another
# operator gives a clear message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: three persons and three devices through the command line' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 353918051234561 --model "Nokia C32" >/dev/null
'

test_expect_success 'find the person without accents, scan the IMEI, confirm: receipt number' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" &&
    tui_keys Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518 to Mã Hoàng Tạ (born 1958," &&
    tui_wait "Chợ Rã)?" &&
    tui_keys Enter &&
    tui_wait "Receipt number: 01/BB-BDT" &&
    tui_keys Escape &&
    tui_wait "Receipt 01/BB-BDT"
'

test_expect_success 'the database has the handover (command line)' '
    capphat person show 1 >out &&
    grep -F "01/BB-BDT" out &&
    capphat device list --status handed_over >out &&
    grep -q 490154203237518 out
'

test_expect_success 'a device handed over is not offered again' '
    tui_type "dong" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "4901" &&
    tui_wait "IMEI (scan or type)" &&
    ! tui_screen | grep -q "490154203237518 —" &&
    tui_keys Escape && tui_wait_gone "490154203237518 —" && tui_keys Escape &&
    tui_wait "Discard this handover?" && tui_keys y &&
    tui_wait_gone "Lục Văn Đông"
'

test_expect_success 'a device taken by another operator meanwhile: a clear message, no crash' '
    tui_type "dong" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "356938035643809" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 356938035643809" &&
    capphat handover --person 3 --imei 356938035643809 >/dev/null &&
    tui_keys Enter &&
    tui_until -iE "356938035643809.*(handed over|not in stock|already)" 5 &&
    test -n "$(tui_pid)" &&
    capphat person show 2 >out && ! grep -q "BB-BDT" out
'

test_expect_success 'F8 takes the device back with a reason and a decision number' '
    tui_keys Escape && tui_wait "Discard this handover?" && tui_keys y &&
    tui_keys F8 && tui_wait "Take a device back" &&
    tui_type "490154203237518" && tui_keys Tab &&
    tui_type "defective" && tui_keys Tab &&
    tui_type "QĐ 12/2026" &&
    tui_keys F2 &&
    tui_wait "(receipt 01/BB-BDT)?" && tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait "nothing was done" &&
    capphat device list --status handed_over >out && grep -q 490154203237518 out &&
    tui_keys F2 && tui_wait "(receipt 01/BB-BDT)?" && tui_keys y &&
    tui_wait "taken back: IMEI 490154203237518" &&
    tui_wait "Return record number: 01/BBTH-BDT" && tui_wait "Print receipt" &&
    tui_keys Escape && tui_wait_gone "Return record number" &&
    capphat device list --status repair >out &&
    grep -q 490154203237518 out &&
    capphat person show 1 >out && grep -F "QĐ 12/2026" out
'

test_expect_success 'F6 passes a device on to a successor: a new receipt number' '
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_type "hoang thi en" && tui_wait "Hoàng Thị Én" && tui_keys Tab &&
    tui_type "luc van dong" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "this cannot be undone" && tui_keys Escape && tui_wait "nothing was done" &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "Receipt number: 03/BB-BDT" &&
    tui_keys Escape &&
    capphat person show 2 >out && grep -F "03/BB-BDT" out
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check
'

test_done

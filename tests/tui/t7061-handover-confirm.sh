#!/bin/sh
# Every destructive step on the Handover screen asks, with No as the
# default: Esc on a form with a person or IMEI, a return (F8) and a
# passing-on (F6) each show what will happen, are cancelled by Enter and by
# Esc, and are done only by y.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two persons, one holding a device, a device in stock' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Nokia C32" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'Esc with a chosen person asks; Enter and Esc keep the form, y clears it' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_wait_re "Person\*  Lục Văn Đông" &&
    tui_keys Escape && tui_wait "Discard this handover?" &&
    tui_wait "Person: Lục Văn Đông" && tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait_gone "Discard this handover?" &&
    tui_wait_re "Person\*  Lục Văn Đông" &&
    tui_keys Escape && tui_wait "Discard this handover?" &&
    tui_keys Escape && tui_wait_gone "Discard this handover?" &&
    tui_wait_re "Person\*  Lục Văn Đông" &&
    tui_keys Escape && tui_wait "Discard this handover?" && tui_keys y &&
    tui_wait "the handover form was cleared" &&
    tui_wait_gone "Lục Văn Đông"
'

test_expect_success 'a return shows device, holder and reason; Enter and Esc cancel, y does it' '
    tui_keys F8 && tui_wait "Take a device back" &&
    tui_type "490154203237518" && tui_keys Tab &&
    tui_type "lost" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "490154203237518 (Samsung A05) back from Mã" && tui_wait "Hoàng Tạ (receipt 01/BB-BDT)?" &&
    tui_wait "Reason: " && tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait "nothing was done" &&
    tui_keys F2 && tui_wait "(Samsung A05) back from Mã" && tui_keys Escape &&
    tui_wait_gone "(Samsung A05) back from Mã" &&
    capphat device list --status handed_over >out && grep -q 490154203237518 out &&
    tui_keys F2 && tui_wait "(Samsung A05) back from Mã" && tui_keys y &&
    tui_wait "taken back: IMEI 490154203237518" &&
    capphat device list --status handed_over >out && ! grep -q 490154203237518 out
'

test_expect_success 'a passing-on shows device, holders and reason; Enter and Esc cancel, y does it' '
    capphat handover --person 1 --imei 356938035643809 >/dev/null &&
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "356938035643809 (Nokia C32) from Mã Hoàng Tạ" && tui_wait "Reason: " &&
    tui_keys Enter && tui_wait "nothing was done" &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys Escape &&
    tui_wait_gone "this cannot be undone" &&
    capphat person show 2 >out && ! grep -q "BB-BDT" out &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "Receipt number: 03/BB-BDT" && tui_wait "> Print receipt" &&
    tui_keys Escape && tui_wait_gone "Receipt number: 03/BB-BDT" &&
    capphat person show 2 >out && grep -F "03/BB-BDT" out
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check
'

test_done

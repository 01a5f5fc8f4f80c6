#!/bin/sh
# Two operators on one database: what the other one commits (here the
# command line) shows on the screen without a key, and F5 reads again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'the People list follows the other operator' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 1" &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    tui_wait "Prestigious persons: 2" 5 &&
    tui_wait "Lục Văn Đông"
'

test_expect_success 'a device handed over by the other operator is no longer offered' '
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    tui_keys 3 && tui_wait "Devices: 1" &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    tui_keys F5 && tui_wait "01/BB-BDT" &&
    tui_quit && capphat check
'

test_done

#!/bin/sh
# The Handover screen cleared (Esc, then Yes to "Discard this handover?")
# takes a refusal of what was in it along: no field stays marked with the
# reason an IMEI was refused, no message of it stays on the form.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two persons, one holding a phone' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'a phone held by another refused, the form discarded: the refusal goes too' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "dong" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait_re "Hand the device IMEI 490154203237518|IMEI \(scan or type\)\*!" &&
    if tui_screen | grep -q "Hand the device IMEI"; then tui_keys y; fi &&
    tui_wait_re "IMEI \(scan or type\)\*! +490154203237518" &&
    tui_wait "Mã Hoàng Tạ" &&
    tui_keys Escape && tui_wait "Discard this handover?" && tui_keys y &&
    tui_wait "the handover form was cleared" &&
    ! tui_screen | grep -q "490154203237518" &&
    ! tui_screen | grep -q "Mã Hoàng Tạ" &&
    ! tui_screen | grep -qE "IMEI \(scan or type\)\*!" &&
    tui_quit
'

test_done

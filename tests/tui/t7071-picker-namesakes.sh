#!/bin/sh
# Namesakes at the handover: Enter on the highlighted one of two persons
# of one name takes that one, and the question before the handover names
# the person with year of birth, village and commune; typing into a picker
# that shows a choice replaces it (as a selected field) instead of
# appending to it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two Hoàng Văn Thương of one year and commune, a Thượng, two phones' '
    capphat init >/dev/null &&
    capphat person add --name "Hoàng Văn Thượng" --gender M --birth-year 1950 --district "ba be" \
        --commune "cho ra" --village "Nà Hin" >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1950 --district "ba be" \
        --commune "cho ra" --village "Bản Lục" --allow-namesake >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1950 --district "ba be" \
        --commune "cho ra" --village "Nà Hai" --allow-namesake >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null
'

test_expect_success 'Enter on the second namesake takes it; the question tells them apart' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "thuong" && tui_wait "1950, Nà Hai" &&
    tui_screen | grep -q "▸Hoàng Văn Thương — 1950, Bản Lục" &&
    tui_keys Down && tui_wait "▸Hoàng Văn Thương — 1950, Nà Hai" &&
    tui_keys Enter && tui_wait_re "Person\* +Hoàng Văn Thương — 1950, Nà Hai" &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518 to Hoàng Văn Thương (born" &&
    tui_wait "1950, Nà Hai, Chợ Rã)?" &&
    tui_keys y && tui_wait "Receipt number: 01/BB-BDT" && tui_keys Escape &&
    capphat person show 3 | grep -qF "01/BB-BDT" &&
    ! capphat person show 2 | grep -qF "BB-BDT"
'

test_expect_success 'typing into the Person picker that shows a choice starts afresh' '
    tui_type "thuong" && tui_wait "1950, Nà Hin" &&
    tui_keys Down Down && tui_wait "▸Hoàng Văn Thượng — 1950, Nà Hin" &&
    tui_keys Enter && tui_wait_re "Person\* +Hoàng Văn Thượng — 1950, Nà Hin" &&
    tui_keys BTab && tui_type "ban luc" &&
    tui_wait_re "Person\* +ban luc " &&
    ! tui_screen | grep -q "Thượngban" &&
    tui_wait "▸Hoàng Văn Thương — 1950, Bản Lục" &&
    tui_keys Enter && tui_wait_re "Person\* +Hoàng Văn Thương — 1950, Bản Lục" &&
    tui_type "356938035643809" && tui_keys Enter Enter &&
    tui_wait "1950, Bản Lục, Chợ Rã)?" &&
    tui_keys y && tui_wait "Receipt number: 02/BB-BDT" && tui_keys Escape &&
    capphat person show 2 | grep -qF "02/BB-BDT"
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check >/dev/null
'

test_done

#!/bin/sh
# A screen left open while another operator changes the same record never
# writes over the change: the take-back form names the holder it saw and
# is refused when the phone changed hands meanwhile (it would otherwise
# record the new holder as "died"); the person form left open while the
# phone number was changed is refused, says what changed and who changed
# it, and shows what is stored now. The database holds only the other
# operator's change.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
TUI_W=100
sql() { sqlite3 "$CAPPHAT_DB" "$1"; }
SQ="'"

test_expect_success 'setup: two persons, a phone held by the first' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --ethnic Tày \
        --district "ba be" --commune "cho ra" --phone 0912000001 >/dev/null &&
    capphat person add --name "Lý A Páo" --gender M --birth-year 1960 --ethnic Mông \
        --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'a take-back form left open while the phone goes back and on to B: refused' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_keys F8 && tui_wait "Take a device back" &&
    tui_type "4901542" && tui_wait "Mã Hoàng Tạ" && tui_keys Enter &&
    tui_type "died" && tui_keys Tab &&
    # meanwhile, at another desk
    capphat return --imei 490154203237518 --reason replaced >/dev/null &&
    capphat handover --person 2 --imei 490154203237518 >/dev/null &&
    entries=$(sql "select count(*) from audit_log") &&
    tui_keys F2 && tui_wait "[y] Yes" && tui_keys y &&
    tui_wait "changed hands while it was on your screen" &&
    tui_wait "nothing was done" &&
    test "$(sql "select count(*) from audit_log")" = "$entries" &&
    test "$(sql "select person_id || coalesce(returned_on, ${SQ}-${SQ}) from handover where receipt_no = ${SQ}02/BB-BDT${SQ}")" = 2- &&
    test "$(sql "select return_reason from handover where receipt_no = ${SQ}01/BB-BDT${SQ}")" = replaced
'

test_expect_success 'asked again, the question names the holder as it is now' '
    tui_keys F2 && tui_wait "(receipt 02/BB-BDT)?" &&
    tui_keys Enter && tui_wait "nothing was done" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait "Hand a device over"
'

test_expect_success 'an edit form left open while the phone number is changed: refused, reloaded' '
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_keys / && tui_type "ma hoang" && tui_wait "Search: ma hoang" && tui_keys Enter &&
    tui_keys Enter && tui_wait "(#1)" &&
    tui_keys F4 && tui_wait "Edit person" &&
    for i in 1 2 3 4 5 6 7 8 9; do tui_keys Tab || return 1; done &&
    tui_keys C-u && tui_type "Trưởng thôn mới" &&
    # meanwhile, at another desk
    capphat person edit 1 --phone 0987654321 >/dev/null &&
    entries=$(sql "select count(*) from audit_log") &&
    tui_keys F2 &&
    tui_wait "while it was on your screen" &&
    tui_wait "phone" &&
    test "$(sql "select count(*) from audit_log")" = "$entries" &&
    test "$(sql "select phone || coalesce(role, ${SQ}-${SQ}) from person where id = 1")" = "0987654321-" &&
    tui_wait "0987654321"
'

test_expect_success 'the reloaded form saves as the operator then means it (focus stayed on Role)' '
    tui_keys C-u && tui_type "Già làng" && tui_keys F2 &&
    tui_wait "saved: Mã Hoàng Tạ" &&
    test "$(sql "select phone || role from person where id = 1")" = "0987654321Già làng" &&
    tui_quit && capphat check >/dev/null
'

test_done

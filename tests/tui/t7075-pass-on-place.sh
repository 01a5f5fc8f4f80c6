#!/bin/sh
# Passing a phone on to a successor asks for the place as a handover does:
# the field starts with the place typed on the Handover screen, and the new
# receipt prints the place given; left empty, the receipt names the place
# of the handover passed on, as before.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: three persons, two phones handed over at the office' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Nông Văn Sáu" --gender M --birth-year 1965 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 --place "Trụ sở Ban Dân tộc" >/dev/null &&
    capphat handover --person 2 --imei 356938035643809 --place "Trụ sở Ban Dân tộc" >/dev/null
'

test_expect_success 'F6: the place of the Handover screen proposed, printed on the new receipt' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_keys BTab BTab && sleep 0.2 &&
    tui_type "Nhà văn hóa thôn Thôm Pục" && tui_keys Tab Tab &&
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_wait_re "Place \(venue\) +Nhà văn hóa thôn Thôm Pục" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "hoang thi en" && tui_wait "Hoàng Thị Én" && tui_keys Tab &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "Receipt number: 03/BB-BDT" && tui_keys Escape &&
    tui_wait_gone "Receipt number: 03/BB-BDT" &&
    capphat receipt 03/BB-BDT -o r3.pdf >/dev/null &&
    pdftotext r3.pdf - | tr "\n" " " >r3.txt &&
    grep -q "Nhà văn hóa thôn Thôm Pục" r3.txt && ! grep -q "Trụ sở Ban Dân tộc" r3.txt
'

test_expect_success 'the place emptied: the new receipt names the place of the one passed on' '
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "nong van sau" && tui_wait "Nông Văn Sáu" && tui_keys Tab Tab Tab &&
    tui_wait_re "Place \(venue\) +Nhà văn hóa" && tui_keys C-u &&
    tui_wait_gone "Thôm Pục" &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "Receipt number: 04/BB-BDT" && tui_keys Escape &&
    capphat receipt 04/BB-BDT -o r4.pdf >/dev/null &&
    pdftotext r4.pdf - | tr "\n" " " >r4.txt &&
    grep -q "Trụ sở Ban Dân tộc" r4.txt &&
    tui_keys F10 && tui_wait "Quit anyway?" && tui_keys y &&
    test "$(tui_exited 10)" = 0 && capphat check >/dev/null
'

test_done

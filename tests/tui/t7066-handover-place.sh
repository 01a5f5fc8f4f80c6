#!/bin/sh
# The Handover screen's place and officer: typed once above the person, they
# stay for the next handover (a day's handovers are made at one venue by one
# officer), the question names the place, and each receipt prints them; a
# form left empty there prints the office's place from the settings.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two persons, two devices' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null
'

test_expect_success 'the place and the officer above the person; the cursor starts at the person' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_wait "Place (venue)" && tui_wait "Handing-over officer" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" &&
    tui_screen | grep "Person" | grep -q "ma hoang"
'

test_expect_success 'typed once, named in the question, printed on the receipt' '
    tui_keys BTab BTab && sleep 0.2 &&
    tui_type "Nhà văn hóa thôn Thôm Pục" && tui_keys Tab &&
    tui_type "Nông Văn Hải" && tui_keys Tab Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518 to Mã Hoàng Tạ (born 1958," &&
    tui_wait "Chợ Rã)?" &&
    tui_wait "Place: Nhà văn hóa thôn Thôm Pục" &&
    tui_keys Enter && tui_wait "Receipt number: 01/BB-BDT" &&
    tui_keys Escape && tui_wait "Receipt 01/BB-BDT" &&
    capphat receipt 01/BB-BDT -o r1.pdf >/dev/null &&
    pdftotext r1.pdf - | tr "\n" " " >r1.txt &&
    grep -q "Nhà văn hóa thôn Thôm Pục" r1.txt &&
    grep -q "Nông Văn Hải" r1.txt
'

test_expect_success 'the next handover keeps them' '
    tui_wait "Nhà văn hóa thôn Thôm Pục" && tui_wait "Nông Văn Hải" &&
    tui_type "dong" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "356938035643809" && tui_keys Enter Enter &&
    tui_wait "Place: Nhà văn hóa thôn Thôm Pục" && tui_keys Enter &&
    tui_wait "Receipt number: 02/BB-BDT" && tui_keys Escape &&
    capphat receipt 02/BB-BDT -o r2.pdf >/dev/null &&
    pdftotext r2.pdf - | tr "\n" " " >r2.txt &&
    grep -q "Nhà văn hóa thôn Thôm Pục" r2.txt &&
    grep -q "Nông Văn Hải" r2.txt
'

test_expect_success 'the line of the last handover goes once the phone is taken back' '
    tui_wait "Receipt 02/BB-BDT: IMEI 356938035643809 handed to Lục Văn Đông" &&
    tui_keys F8 && tui_wait "Take a device back" &&
    tui_type "356938035643809" && tui_keys Tab && tui_type "defective" && tui_keys Tab &&
    tui_keys F2 && tui_wait "(receipt 02/BB-BDT)?" && tui_keys y &&
    tui_wait "Return record number" && tui_keys Escape &&
    tui_wait "Hand a device over" && tui_wait_gone "handed to Lục Văn Đông" &&
    tui_quit
'

test_done

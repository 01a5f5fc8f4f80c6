#!/bin/sh
# The People and Devices lists: '/' searches as you type, without accents
# and case; Enter opens the record with its whole history; filters and sort.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: persons, a handover and a training through the command line' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" --cccd 006058000123 >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "pac nam" --commune "boc bo" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    capphat training add --date 10/05/2026 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Sử dụng điện thoại" --district "ba be" --commune "cho ra" >/dev/null &&
    capphat training attend --session 1 --person 1 >/dev/null
'

test_expect_success "typing 'ma hoang ta' without accents finds Mã Hoàng Tạ" '
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 3" &&
    tui_keys / && tui_type "ma hoang ta" &&
    tui_wait "Prestigious persons: 1" &&
    tui_wait "1 found" &&
    tui_screen | grep -q "Mã Hoàng Tạ" &&
    ! tui_screen | grep -q "Lục Văn Đông"
'

test_expect_success "'dong' finds Đông; Esc clears the search" '
    tui_keys Escape && tui_wait "Prestigious persons: 3" &&
    tui_keys / && tui_type "DONG" && tui_wait "Prestigious persons: 1" &&
    tui_screen | grep -q "Lục Văn Đông" &&
    tui_keys Escape && tui_wait "Prestigious persons: 3"
'

test_expect_success 'Enter opens the record: handover, training and audit entries' '
    tui_keys / && tui_type "ma hoang" && tui_wait "Prestigious persons: 1" &&
    tui_keys Enter Enter &&
    tui_wait "Handovers" &&
    tui_wait "01/BB-BDT" &&
    tui_wait "Sử dụng điện thoại" &&
    tui_wait "person added" &&
    tui_screen | grep -q "006\*\*\*\*\*0123" &&
    tui_keys Escape && tui_wait "Prestigious persons"
'

test_expect_success 'F9 filters by district; the title says so' '
    tui_keys Escape && tui_wait "Prestigious persons: 3" &&
    tui_keys F9 && tui_wait "Filter the list" &&
    tui_type "pac nam" && tui_keys F2 &&
    tui_wait "Prestigious persons: 1 · Pác Nặm" &&
    tui_screen | grep -q "Lục Văn Đông"
'

test_expect_success 'F6 sorts; the Devices list finds by IMEI digits and opens the device' '
    tui_keys F9 && tui_wait "Filter the list" && tui_keys C-u F2 &&
    tui_wait "Prestigious persons: 3" &&
    tui_keys F6 && tui_wait "▼" &&
    tui_keys 3 && tui_wait "Devices: 1" &&
    tui_keys / && tui_type "3237" && tui_wait "1 found" &&
    tui_keys Enter Enter && tui_wait "IMEI 490154203237518" &&
    tui_wait "Mã Hoàng Tạ" &&
    tui_keys Escape &&
    tui_quit
'

test_done

#!/bin/sh
# At 80 columns, what is cut gives way by priority so that names stay
# whole: the People list's commune takes the room the numbers and IDs
# leave empty, the masked citizen ID steps aside when that is not enough;
# on the Devices list the holder, the status and the receipt number stay
# whole and the model and round give way; a cell that must be cut is cut
# after a whole word.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: a long name in a merged commune, with an ID and a phone in hand' '
    capphat init >/dev/null &&
    capphat person add --name "Nguyễn Thị Hồng Nhung" --gender F --birth-year 1960 \
        --district "pac nam" --commune "nhan mon" --cccd 006160452630 >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat handover --person 2 --imei 356938035643809 >/dev/null &&
    capphat device add --imei 353918051234561 \
        --model "Samsung Galaxy A05s Phiên bản Doanh nghiệp Hai Sim" >/dev/null
'

test_expect_success 'People at 80 columns: the name and the commune (today ← records) whole' '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_screen | grep "Nguyễn Thị Hồng Nhung" | grep -q "Bằng Thành ← Nhạn Môn" &&
    tui_screen | grep "Nguyễn Thị Hồng Nhung" | grep -q "490154203237518" &&
    ! tui_screen | grep -q "Citizen ID"
'

test_expect_success 'Devices at 80 columns: holder, status and receipt whole; the model gives way' '
    tui_keys 3 && tui_wait "Devices: 3" &&
    tui_screen | grep 490154203237518 | grep -q "handed over *Nguyễn Thị Hồng Nhung *01/BB-BDT" &&
    tui_screen | grep 353918051234561 | grep -q "in stock"
'

test_expect_success 'a cell still too long is cut after a whole word' '
    cut=$(tui_screen | grep 353918051234561 | grep -oE "Samsung[^…]*…") &&
    test -n "$cut" &&
    case "Samsung Galaxy A05s Phiên bản Doanh nghiệp Hai Sim " in
    "${cut%…} "*) true ;;
    *) false ;;
    esac
'

test_expect_success 'the masked citizen ID stepped aside for the commune: back when there is room' '
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tm resize-window -t 0 -x 100 -y 24 &&
    tui_wait "Citizen ID" &&
    tui_screen | grep "Nguyễn Thị Hồng Nhung" | grep -q "Bằng Thành ← Nhạn Môn" &&
    tui_screen | grep "Nguyễn Thị Hồng Nhung" | grep -qF "006*****2630" &&
    tm resize-window -t 0 -x 80 -y 24 && tui_wait_gone "Citizen ID" &&
    tui_quit
'

test_done

#!/bin/sh
# A scanned IMEI on a session's attendance ticks the holder of that phone
# as present (when in the session's list) and says so on the status line;
# it never opens the phone's record. Someone outside the list, a phone in
# stock and an unknown phone are refused with a word, nothing ticked.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: three holders (two in Chợ Rã), a phone in stock, a session in Chợ Rã' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "pac nam" --commune "boc bo" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 353918051234561 --model "Nokia C32" >/dev/null &&
    capphat device add --imei 860123456789014 --model "Nokia C32" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    capphat handover --person 2 --imei 356938035643809 >/dev/null &&
    capphat handover --person 3 --imei 353918051234561 >/dev/null &&
    capphat training add --date 10/05/2026 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Sử dụng điện thoại" --district "ba be" --commune "cho ra" >/dev/null
'

test_expect_success 'a scanned IMEI ticks its holder, said on the status line' '
    tui_start &&
    tui_keys 5 && tui_wait "Training sessions: 1" &&
    tui_keys Enter && tui_wait "0 of 2 ticked" &&
    tui_type "356938035643809
" &&
    tui_wait "1 of 2 ticked" &&
    tui_wait "scanned IMEI 356938035643809: Hoàng Thị Én ticked as present" &&
    tui_screen | grep -q "\[x\] Hoàng Thị Én" &&
    tui_screen | grep -q "\[ \] Mã Hoàng Tạ" &&
    ! tui_screen | grep -q "Samsung A05" &&
    capphat training list --session 1 | grep -q "Hoàng Thị Én"
'

test_expect_success 'the same phone again: already ticked, not unticked' '
    tui_type "356938035643809
" &&
    tui_wait "Hoàng Thị Én is ticked as present already" &&
    tui_wait "1 of 2 ticked"
'

test_expect_success 'a holder outside the list, a phone in stock, an unknown IMEI: nothing ticked' '
    tui_type "353918051234561
" &&
    tui_wait "its holder Lục Văn Đông is not in this session" &&
    tui_type "860123456789014
" &&
    tui_wait "the phone is not handed to anyone" &&
    tui_type "860123456789022
" &&
    tui_wait "no phone has this IMEI" &&
    tui_wait "1 of 2 ticked" &&
    ! tui_screen | grep -q "Lục Văn Đông" &&
    test "$(capphat training list --session 1 | grep -c "Lục Văn Đông")" = 0
'

test_expect_success 'F1 on the checklist: Space ticks and goes on to the next row' '
    tui_keys F1 && tui_wait "This screen: Training" &&
    tui_wait_re "^ *Space +Tick — tick or untick the highlighted person" &&
    tui_wait "then go on to the next row" &&
    tui_keys Escape && tui_wait "1 of 2 ticked"
'

test_expect_success 'the other holder'"'"'s phone ticks them too; quit; check' '
    tui_type "490154203237518
" &&
    tui_wait "2 of 2 ticked" &&
    tui_screen | grep -q "\[x\] Mã Hoàng Tạ" &&
    tui_quit && capphat check >/dev/null
'

test_done

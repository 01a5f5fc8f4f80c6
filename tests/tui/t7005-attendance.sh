#!/bin/sh
# The Training screen: a session's attendance is a checklist pre-filled with
# the people of its commune; Space ticks (saved at once); '/' adds anyone by
# search; F7 adds a session through the form.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two persons in Chợ Rã, one elsewhere, a session in Chợ Rã' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "pac nam" --commune "boc bo" >/dev/null &&
    capphat training add --date 10/05/2026 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Sử dụng điện thoại" --district "ba be" --commune "cho ra" >/dev/null
'

test_expect_success 'Enter on the session: the checklist lists the commune, nobody ticked' '
    tui_start &&
    tui_keys 5 && tui_wait "Training sessions: 1" &&
    tui_keys Enter && tui_wait "Attendance:" &&
    tui_wait "0 of 2 ticked" &&
    tui_screen | grep -q "\[ \] Mã Hoàng Tạ" &&
    tui_screen | grep -q "\[ \] Hoàng Thị Én" &&
    ! tui_screen | grep -q "Lục Văn Đông"
'

test_expect_success 'Space ticks: saved at once' '
    tui_keys Home && tui_keys Space &&
    tui_wait "1 of 2 ticked" &&
    capphat training list --session 1 >out &&
    test $(grep -c . out) -ge 1 &&
    grep -q "Hoàng" out
'

test_expect_success '/ adds a person of another commune by search' '
    tui_keys / && tui_wait "Add a person to the attendance" &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" &&
    tui_keys Enter &&
    tui_wait "2 of 3 ticked" &&
    tui_screen | grep -q "\[x\] Lục Văn Đông" &&
    capphat training list --session 1 >out &&
    grep -q "Lục Văn Đông" out
'

test_expect_success 'Space again unticks' '
    tui_keys Home Space &&
    tui_wait "1 of 3 ticked" &&
    test "$(capphat training list --session 1 | grep -c "Lục Văn Đông\|Hoàng\|Mã")" -eq 1
'

test_expect_success 'F7 adds a session through the form, then its checklist opens' '
    tui_keys Escape && tui_wait "Training sessions: 1" &&
    tui_keys F7 && tui_wait "New training session" &&
    tui_keys Tab && tui_type "Nhà văn hoá Nà Hai" &&
    tui_keys Tab && tui_type "Lý Văn Kỹ" &&
    tui_keys Tab && tui_type "Gọi video" &&
    tui_keys Tab && tui_type "pac nam" && tui_keys Tab && tui_type "boc bo" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "0 of 1 ticked" &&
    tui_keys Space && tui_wait "1 of 1 ticked" &&
    tui_quit &&
    capphat training list >out && grep -q "Gọi video" out &&
    capphat check
'

test_done

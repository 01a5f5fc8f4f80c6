#!/bin/sh
# A message longer than the status line is read whole: the status area
# grows upward (at most three lines) above the F-key bar while it is shown,
# word-wrapped on display width (Vietnamese marks take no column), and the
# screen gives those rows back when it goes. A message that fits keeps the
# one line right above the F-key bar. The program needs 80×24: at 60
# columns it says so, and the message is whole again when the window is
# wide enough.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

screen_line() { tui_screen | sed -n "${1}p"; }
# the lines of the screen between the content and the F-key bar that hold
# the status: the last N lines but the bar
status_area() { tui_screen | tail -n $(($1 + 1)) | head -n "$1"; }
# the same lines joined as one text (each starts one column in)
status_text() { status_area "$1" | sed "s/^ //" | tr -d "\n"; }

test_expect_success 'setup: a person with a CCCD and twenty others' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" \
        --commune "cho ra" --cccd 006058000123 >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    for n in An Bình Chi Dũng Giang Hà Khánh Lâm Minh Nam Oanh Phúc Quang Sơn Tâm Uyên Vân Xuân Yến; do
        capphat person add --name "Hoàng Thị $n" --gender F --birth-year 1970 --district "ba be" \
            --commune "cho ra" >/dev/null || return 1
    done
'

test_expect_success 'a refused save in Vietnamese at 80×24: the reason to its last word' '
    tui_start LANGUAGE=vi &&
    tui_keys 2 && tui_wait "Người có uy tín: 21" &&
    tui_keys / && tui_type "ma hoang" && tui_wait "ma hoang" && tui_keys Enter &&
    tui_keys Enter && tui_wait "(#1)" &&
    tui_keys F4 && tui_wait "Sửa thông tin" &&
    tui_keys Tab Tab C-u && tui_type "1960" && tui_keys F2 &&
    tui_wait "chưa lưu: Năm sinh" &&
    tui_screen >screen &&
    # the F-key bar stays on the last row, the message on the two above it
    sed -n "${TUI_H}p" screen | grep -q "^F1Trợ giúp" &&
    status_area 2 >status &&
    sed -n 1p status | grep -q "^ chưa lưu: Năm sinh — số CCCD" &&
    sed -n 2p status | grep -q "^ sinh đã nhập là 1960 *$" &&
    ! grep -q "…" status &&
    # the tab bar is where it was
    screen_line 1 | grep -q "1 Tổng quan"
'

test_expect_success 'the next key takes the message away and gives the screen its row back' '
    tui_keys Left && tui_wait_gone "chưa lưu: Năm sinh" &&
    tui_screen >screen &&
    # the form repeats the field error on its last line, now the row right
    # above the (empty) status line
    sed -n "$((TUI_H - 2))p" screen | grep -q "năm sinh đã nhập là 1960" &&
    sed -n "$((TUI_H - 1))p" screen | grep -q "^ *người dùng: tester$"
'

test_expect_success 'a message that fits keeps its one line, and the operator beside it' '
    tui_keys Escape && tui_wait "Bỏ những gì đã nhập" && tui_keys y &&
    tui_keys Escape && tui_wait "Người có uy tín: 1" &&
    tui_keys F5 && tui_wait "đã đọc lại từ cơ sở dữ liệu" &&
    tui_screen | sed -n "$((TUI_H - 1))p" | grep -q "^ đã đọc lại từ cơ sở dữ liệu *người dùng: tester$" &&
    tui_screen | sed -n "$((TUI_H - 2))p" | grep -q "^Tìm: ma hoang  *tìm thấy 1$" &&
    tui_keys Escape && tui_wait "Người có uy tín: 21"
'

long=123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890

test_expect_success 'on a list: a long scan refused in two lines; the list rows come back after' '
    tui_screen >before &&
    tm send-keys -t 0 -l "$long$(printf "\\r")" &&
    tui_wait "không phải IMEI cũng không phải số biên bản" &&
    status_text 2 | grep -q "đã quét $long: không phải IMEI" &&
    # the list gave its last row for the second line, and only that one
    test "$(tui_screen | head -n $((TUI_H - 3)))" = "$(head -n $((TUI_H - 3)) before)" &&
    ! tui_screen | grep -qF "$(sed -n "$((TUI_H - 2))p" before)" &&
    ! status_area 2 | grep -q "…" &&
    tui_screen | sed -n "${TUI_H}p" | grep -q "^F1Trợ giúp" &&
    tui_keys F5 && tui_wait "đã đọc lại từ cơ sở dữ liệu" &&
    test "$(tui_screen | head -n $((TUI_H - 2)))" = "$(head -n $((TUI_H - 2)) before)"
'

test_expect_success 'at 60 columns the program asks for 80; wide enough, the message is whole again' '
    tm send-keys -t 0 -l "$long$(printf "\\r")" &&
    tui_wait "không phải IMEI cũng không phải số biên bản" &&
    tm resize-window -t 0 -x 60 -y 24 &&
    tui_wait "Cửa sổ quá nhỏ." &&
    tui_wait "Hãy phóng to cửa sổ lên ít nhất 80×24 (hiện tại 60×24)." &&
    tm resize-window -t 0 -x 80 -y 24 &&
    tui_wait_gone "Cửa sổ quá nhỏ." &&
    status_text 2 | grep -q "đã quét $long: không phải IMEI cũng không phải số biên bản" &&
    tm resize-window -t 0 -x 200 -y 24 &&
    tui_wait_re "^ đã quét $long: không phải IMEI cũng không phải số biên bản +người dùng: tester$" &&
    tui_screen | sed -n "$((TUI_H - 1))p" | grep -q "^ đã quét $long" &&
    tm resize-window -t 0 -x 80 -y 24 && tui_wait_gone "Cửa sổ quá nhỏ." &&
    tui_keys F5 && tui_wait "đã đọc lại từ cơ sở dữ liệu" &&
    tui_quit
'


test_done

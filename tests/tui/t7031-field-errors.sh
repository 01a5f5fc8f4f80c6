#!/bin/sh
# A save the use case refuses marks the field its error names by key, never
# by reading the message: the message goes under that field, its label
# marked "!"; the focus stays where the operator was (no jump: text typed
# next goes where it went), and the status line names the field and says
# why in words, not with an option of the command line ("successor ... is
# the same person as the current holder", not "... as --from").
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the line of the screen the cursor is on (1 = the first): the current field
cursor_line() { echo $(( $(tm display-message -p -t 0 '#{cursor_y}') + 1 )); }
screen_line() { tui_screen | sed -n "${1}p"; }

test_expect_success 'setup: two persons, the first holding a phone and with a CCCD' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" \
        --commune "cho ra" --cccd 006058000123 >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'passing a phone on to its holder: the Successor field is marked, no option named' '
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_keys F6 && tui_wait "Pass a device on to a successor" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_keys F2 && tui_wait "this cannot be undone" && tui_keys y &&
    tui_wait "successor 1 is the same person as the current holder" &&
    tui_screen >screen &&
    # the status line, above the F-key bar, names the field and no option
    sed -n "$((TUI_H - 1))p" screen >status &&
    grep -q "^ *not saved: Successor — successor 1 is the same person as the current holder *$" status &&
    ! grep -qE -- "--[a-z]" screen &&
    # the focus stayed on the field after the two persons
    screen_line "$(cursor_line)" | grep -q "Reason\*" &&
    # the field in error is marked, its message right under it
    line=$(grep -n "Successor\*" screen | cut -d: -f1) &&
    screen_line "$line" | grep -q "Successor\* *!" &&
    screen_line $((line + 1)) | grep -q "successor 1 is the same person as the current holder" &&
    # and under no other field (the form repeats it on its last lines)
    test "$(head -n $((TUI_H - 4)) screen | grep -c "same person as the current holder")" = 1 &&
    # nothing was written
    capphat person show 1 >out && grep -F "01/BB-BDT" out &&
    test "$(capphat device list --status handed_over | grep -c 490154203237518)" = 1
'

test_expect_success 'a birth year the stored CCCD contradicts: Birth year is marked, not the CCCD' '
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait "Hand a device over" &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_keys / && tui_type "ma hoang" && tui_wait "Search: ma hoang" && tui_keys Enter &&
    tui_keys Enter && tui_wait "(#1)" &&
    tui_keys F4 && tui_wait "Edit person" &&
    tui_keys Tab Tab C-u && tui_type "1960" &&
    tui_keys F2 &&
    tui_wait "encodes birth year 1958, but the birth year given is 1960" &&
    line=$(cursor_line) &&
    screen_line "$line" | grep -q "Birth year" &&
    screen_line $((line + 1)) | grep -q "encodes birth year 1958" &&
    ! tui_screen | grep -qE -- "--[a-z]" &&
    capphat person show 1 >out && grep -q 1958 out
'

test_expect_success 'quit; check passes' '
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_quit && capphat check
'

test_done

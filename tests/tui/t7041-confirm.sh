#!/bin/sh
# Questions about a destructive step start on No: Enter and Esc keep what
# was typed, only y or moving to Yes (→, Tab) and Enter throws it away.
# Ctrl-C is F10: it asks when a form holds unsaved input. Esc on the
# Handover screen asks before it discards a chosen person. The line of a
# finished handover goes once the next one begins.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: two persons and a device' '
    capphat init >/dev/null &&
    capphat person add --name "Lý A Páo" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null
'

test_expect_success 'a filled form: Esc asks with No chosen; Enter keeps the input' '
    tui_start NO_COLOR=1 &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Ai Đó" &&
    tui_keys Escape && tui_wait "Throw away what you typed" &&
    tui_wait "[ No ]" && tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait_gone "Throw away" &&
    tui_wait "Ai Đó"
'

test_expect_success 'the chosen button is in reverse video without colour' '
    tui_keys Escape && tui_wait "Throw away what you typed" &&
    tm capture-pane -p -e -t 0 >screen &&
    grep -F "[7m[ No ]" screen
'

test_expect_success 'Esc in the question keeps the input too' '
    tui_keys Escape && tui_wait_gone "Throw away" && tui_wait "Ai Đó"
'

test_expect_success 'moving to Yes, then Enter, throws the input away' '
    tui_keys Escape && tui_wait "Throw away what you typed" &&
    tui_keys Right && tui_wait "[ Yes ]" && tui_wait "[Enter/y] Yes    [Esc/n] No" &&
    tui_keys Enter && tui_wait "Prestigious persons: 2" &&
    test "$(capphat person list | grep -c "Ai Đó")" = 0
'

test_expect_success 'Ctrl-C with unsaved input asks; Enter answers No' '
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Ai Đó" &&
    tui_keys C-c && tui_wait "Quit anyway?" && tui_wait "[ No ]" &&
    tui_keys Enter && tui_wait_gone "Quit anyway?" &&
    test -n "$(tui_pid)" && tui_wait "Ai Đó" &&
    tui_keys C-c && tui_wait "Quit anyway?" && tui_keys C-c &&
    tui_wait_gone "Quit anyway?" && test -n "$(tui_pid)" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait "Prestigious persons: 2"
'

test_expect_success 'Handover: Esc on a chosen person asks; Enter keeps it, y discards it' '
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "ly a pao" && tui_wait "Lý A Páo" && tui_keys Tab &&
    tui_keys Escape && tui_wait "Discard this handover?" &&
    tui_keys Enter && tui_wait_gone "Discard this handover" && tui_wait "Lý A Páo" &&
    tui_keys Escape && tui_wait "Discard this handover?" &&
    tui_keys y && tui_wait_gone "Lý A Páo"
'

test_expect_success 'the line of a finished handover goes when the next one begins' '
    tui_type "ly a pao" && tui_wait "Lý A Páo" && tui_keys Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518 to Lý A Páo (born 1958, Chợ" &&
    tui_wait "Rã)?" &&
    tui_keys y && tui_wait "Receipt number: 01/BB-BDT" && tui_keys Escape &&
    tui_wait "IMEI 490154203237518 handed to Lý A Páo" &&
    tui_type "dong" && tui_wait "Lục Văn Đông" &&
    tui_wait_gone "handed to Lý A Páo" &&
    tui_keys Escape Escape && tui_wait "Discard this handover" && tui_keys y &&
    tui_wait "the handover form was cleared"
'

test_expect_success 'a discarded form is no unsaved input: a number key typed with the answer switches screens' '
    tui_type "dong" && tui_wait "Lục Văn Đông" &&
    tui_keys Escape Escape && tui_wait "Discard this handover" &&
    tui_keys y 1 && tui_wait_gone "Hand a device over" &&
    ! tui_screen | grep -q "close it (Esc) first" &&
    tui_keys 4 && tui_wait "Hand a device over"
'

test_expect_success 'Ctrl-C with nothing unsaved quits at once' '
    tui_keys C-c &&
    test "$(tui_exited 10)" = 0 &&
    capphat check
'

test_done

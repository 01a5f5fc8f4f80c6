#!/bin/sh
# The mouse: a click on a tab switches screens, a click on a row selects it
# (a second click opens it), a click on a button of the F-key bar presses
# it. tmux hands the program the clicks as a terminal sends them (X10
# mouse reports: ESC [ M, then the button, column and row each plus 32).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# click X Y: press and release the left button at column X, row Y (0-based)
click() {
    _c=$(printf "\\$(printf %o $(($1 + 33)))")
    _r=$(printf "\\$(printf %o $(($2 + 33)))")
    tui_type "$(printf '\033[M %s%s' "$_c" "$_r")" &&
    tui_type "$(printf '\033[M#%s%s' "$_c" "$_r")"
}

test_expect_success 'setup: two devices in stock' '
    capphat init >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Nokia C32" >/dev/null
'

test_expect_success 'a click on the tab "3 Devices" opens the Devices screen' '
    tui_start LANGUAGE=en &&
    x=$(tui_screen | head -1 | awk "{ print index(\$0, \"3 Devices\") }") &&
    test "$x" -gt 0 &&
    click "$x" 0 &&
    tui_wait "IMEI▲"
'

test_expect_success 'a click on the second row selects it; a second click opens it' '
    tui_screen >screen &&
    row=$(grep -n "^490154203237518" screen | cut -d: -f1) &&
    test -n "$row" &&
    click 3 $((row - 1)) &&
    click 3 $((row - 1)) &&
    tui_wait "IMEI 490154203237518" &&
    tui_screen | grep -q "Samsung Galaxy A05" &&
    ! tui_screen | grep -q "Nokia C32" &&
    tui_keys Escape && tui_wait "IMEI▲"
'

test_expect_success 'a click on F1 in the F-key bar opens the help' '
    click 1 $((TUI_H - 1)) &&
    tui_wait "capphat — help" &&
    tui_keys Escape && tui_wait_gone "capphat — help" &&
    tui_quit
'

test_done

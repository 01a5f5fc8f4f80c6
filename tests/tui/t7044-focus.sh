#!/bin/sh
# Where you are, in every mode: the focused field in reverse video with the
# cursor in it, also with NO_COLOR on a monochrome terminal (TERM=vt100);
# the highlighted item of an open list marked under NO_COLOR; a refused
# save keeps the focus and names the field; at 80 columns the device list
# shortens the model before the holder; at 200 columns the selected
# record shows beside the list.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the lines of the screen with their escape codes
screen_e() { tm capture-pane -p -e -t 0; }

# until_e [!] LINE TEXT: until the screen line holding LINE contains TEXT
# (with its escape codes), or with "!" no longer does; a slow machine
# (AddressSanitizer) draws after the keys have been sent.
until_e() {
    _not=; if [ "$1" = "!" ]; then _not=1; shift; fi
    _t=100
    while [ $_t -gt 0 ]; do
        if screen_e | grep -F -- "$1" | grep -qF -- "$2"; then
            [ -z "$_not" ] && return 0
        else
            [ -n "$_not" ] && return 0
        fi
        sleep 0.05; _t=$((_t - 1))
    done
    echo "line '$1' ${_not:+still }has not '$2':" >&2
    screen_e | grep -F -- "$1" | cat -v >&2
    return 1
}

test_expect_success 'setup: Thương and Thượng, phones with a long model' '
    capphat init >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Văn Thượng" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" --allow-namesake >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung Galaxy A05s Pro" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung Galaxy A05s Pro" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null &&
    capphat handover --person 2 --imei 356938035643809 >/dev/null
'

test_expect_success 'NO_COLOR on a vt100: the focused field in reverse video' '
    tui_start NO_COLOR=1 TERM=vt100 &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "Ai Đó" &&
    until_e "Person" "[7mAi Đó" &&
    tui_keys Tab &&
    until_e ! "Person" "[7mAi Đó" &&
    until_e "IMEI (scan or type)" "[7m" &&
    tui_keys C-c && tui_wait "Quit anyway?" && tui_keys y &&
    test "$(tui_exited 10)" = 0
'

test_expect_success 'NO_COLOR: the focused field of a form in reverse video' '
    tui_start NO_COLOR=1 &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Ai Đó" &&
    until_e "Full name" "[7mAi Đó"
'

test_expect_success 'a refused save: the focus stays, the status line names the field' '
    tui_keys Tab Tab && sleep 0.2 &&
    tm display-message -p -t 0 "#{cursor_y}" >before &&
    tui_keys F2 && tui_wait "not saved: " &&
    tm display-message -p -t 0 "#{cursor_y}" >after &&
    test_cmp before after &&
    tui_screen | grep -q "\*!" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait "Prestigious persons: 2"
'

test_expect_success 'NO_COLOR: the highlighted item of an open list is marked' '
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "hoang van" && tui_wait "Hoàng Văn Thượng" &&
    tui_keys Down && tui_wait "▸" && sleep 0.3 &&
    screen_e >screen &&
    test "$(grep -c "▸" screen)" = 1 &&
    grep "▸" screen | grep -qE "\[([0-9]+;)*7m" &&
    grep "Hoàng Văn Th" screen | grep -v "▸" | grep -v "Person" >others &&
    test -s others && ! grep -qE "\[([0-9]+;)*7m" others &&
    tui_keys Escape Escape && tui_wait "Discard this handover" && tui_keys y &&
    tui_wait_gone "hoang van"
'

test_expect_success '80 columns: the holder whole, the model shortened' '
    tui_keys 3 && tui_wait "Devices: 2" &&
    tui_wait "Hoàng Văn Thương" && tui_wait "Hoàng Văn Thượng" &&
    tui_screen | grep -q "Samsung.*…" &&
    ! tui_screen | grep -q "Thươ…\|Thượ…"
'

test_expect_success '200 columns: the selected record beside the list' '
    tm resize-window -t 0 -x 200 -y 50 &&
    tui_wait "Samsung Galaxy A05s Pro" &&
    tui_keys Home && sleep 0.3 &&
    tui_wait "│ IMEI 356938035643809  (#2)" &&
    tui_screen | grep -q "│ Audit log" &&
    tui_screen | grep -q "│   Holder  *Hoàng Văn Thượng" &&
    tui_keys Down && tui_wait "│ IMEI 490154203237518  (#1)" &&
    tui_screen | grep -q "│   Holder  *Hoàng Văn Thương" &&
    tm resize-window -t 0 -x 80 -y 24 &&
    tui_wait_gone "Audit log"
'

test_expect_success 'quit' '
    tui_quit
'

test_done

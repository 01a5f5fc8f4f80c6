#!/bin/sh
# Terminal behaviour: below 80×24 a clear "enlarge the window" message, the
# normal screen back when it grows (typed data kept); NO_COLOR; the terminal
# given back on F10, SIGTERM and SIGHUP.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'resize to 60×20: the enlarge message' '
    capphat init >/dev/null &&
    tui_start &&
    tui_keys 2 F7 && tui_wait "New person" &&
    tui_type "Nông Văn Tú" &&
    tm resize-window -t 0 -x 60 -y 20 &&
    tui_wait "The window is too small." &&
    tui_wait "Enlarge it to at least 80×24 (now 60×20)."
'

test_expect_success 'back to 100×30: the form again, with what was typed' '
    tm resize-window -t 0 -x 100 -y 30 &&
    tui_wait "New person" &&
    tui_wait "Nông Văn Tú" &&
    tui_wait_gone "too small"
'

test_expect_success 'F10 on the edited form asks; n stays' '
    tui_keys F10 && tui_wait "Quit anyway?" &&
    tui_keys n && tui_wait_gone "Quit anyway?" &&
    tui_wait "Nông Văn Tú"
'

test_expect_success 'F10 then y quits with status 0; the shell gets its screen back' '
    tui_keys F10 && tui_wait "Quit anyway?" && tui_keys y &&
    test "$(tui_exited 5)" = 0 &&
    ! tui_screen | grep -q "F1Help"
'

test_expect_success 'NO_COLOR: no colour escape sequences are sent' '
    tm kill-server >/dev/null 2>&1;
    tui_start NO_COLOR=1 &&
    tm pipe-pane -t 0 -o "cat >>$TEST_DIR/raw" &&
    tui_keys 2 && tui_wait "Prestigious persons" &&
    tui_keys 1 && tui_wait "Welcome" &&
    tm pipe-pane -t 0 &&
    ! grep -q "$(printf "\033")\[3[0-9]m\|$(printf "\033")\[3[0-9];" "$TEST_DIR/raw" &&
    tui_quit
'

test_expect_success 'SIGTERM restores the terminal and ends capphat' '
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons" &&
    kill -TERM $(tui_pid) &&
    rc=$(tui_exited 5) && test "$rc" -ne 0 &&
    ! tui_screen | grep -q "F1Help" &&
    capphat check
'

test_expect_success 'SIGHUP (the SSH line dropped) ends it too' '
    tui_start &&
    kill -HUP $(tui_pid) &&
    rc=$(tui_exited 5) && test "$rc" -ne 0 &&
    capphat check
'

test_done

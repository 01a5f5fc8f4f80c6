#!/bin/sh
# Who is working, where an office shares one login: with the setting
# operator_prompt on, the full-screen program starts with a dialog asking
# for the name; the audit log records the next change as "NAME (login)"; the
# name is remembered in the state file (0600) and proposed at the next
# start; an empty name or Esc records the login alone; a wrong name is
# refused in the dialog. --operator skips the dialog; the status line shows
# who is working. The setting is on the Settings screen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
. "$SRC_DIR/tests/cli/lib-cli.sh"

STATE=$XDG_STATE_HOME/capphat/state

# last_operator: the operator of the newest audit entry
last_operator() { sql "select operator from audit_log order by id desc limit 1"; }

# add_round NAME: F7 on the Settings screen adds a round (an audited change)
add_round() {
    tui_keys 7 && tui_wait "Rounds (F7 adds one)" &&
    tui_keys F7 && tui_wait "New round" &&
    tui_type "$1" && tui_keys F2 &&
    tui_wait "round added: $1"
}

test_expect_success 'prompt off (the default): no dialog; the status line shows the login' '
    capphat init >/dev/null &&
    tui_start &&
    tui_wait "operator: tester" &&
    ! tui_screen | grep -F "Who is working?" &&
    tui_quit
'

test_expect_success 'prompt on: the start dialog asks who is working' '
    capphat settings set operator_prompt on &&
    tui_start &&
    tui_wait "Who is working?" &&
    tui_wait "Your name" &&
    tui_wait "NAME (login)"
'

test_expect_success 'a wrong name is refused in the dialog, which stays' '
    tui_type "Mai (x)" && tui_keys Enter &&
    tui_wait "contains a parenthesis" &&
    tui_wait "Who is working?" &&
    tui_keys C-u
'

test_expect_success 'the name typed is recorded as "NAME (login)" on the next change' '
    tui_type "Hoàng Thị Mai" && tui_keys Enter &&
    tui_wait_gone "Who is working?" &&
    tui_wait "working as Hoàng Thị Mai (tester)" &&
    add_round "Đợt một" &&
    tui_wait "operator: Hoàng Thị Mai (tester)" &&
    test "$(last_operator)" = "Hoàng Thị Mai (tester)" &&
    test "$(sql "select action from audit_log order by id desc limit 1")" = round.add
'

test_expect_success 'the name is remembered in the state file, mode 0600' '
    tui_quit &&
    test "$(stat -c %a "$STATE")" = 600 &&
    test "$(stat -c %a "$(dirname "$STATE")")" = 700 &&
    grep -Fx "operator=Hoàng Thị Mai" "$STATE"
'

test_expect_success 'the next start proposes it; Enter takes it' '
    tui_start &&
    tui_wait "Who is working?" &&
    tui_screen | grep -F "Your name" | grep -F "Hoàng Thị Mai" &&
    tui_keys Enter &&
    tui_wait "working as Hoàng Thị Mai (tester)" &&
    add_round "Đợt hai" &&
    test "$(last_operator)" = "Hoàng Thị Mai (tester)" &&
    tui_quit
'

test_expect_success 'left empty: the login alone, and the next start proposes nothing' '
    tui_start &&
    tui_wait "Who is working?" &&
    tui_keys C-u Enter &&
    tui_wait_gone "Who is working?" &&
    tui_wait "operator: tester" &&
    add_round "Đợt ba" &&
    test "$(last_operator)" = tester &&
    tui_quit &&
    ! grep -F "operator=" "$STATE"
'

test_expect_success 'Esc skips the dialog: the login alone' '
    echo "operator=Lý Văn Tư" >"$STATE" &&
    tui_start &&
    tui_wait "Who is working?" &&
    tui_wait "Lý Văn Tư" &&
    tui_keys Escape &&
    tui_wait_gone "Who is working?" &&
    add_round "Đợt bốn" &&
    test "$(last_operator)" = tester &&
    tui_quit
'

test_expect_success '--operator NAME: no dialog, NAME (login) recorded' '
    TUI_ARGS="--operator '\''Lò Văn Lan'\''" tui_start &&
    tui_wait "operator: Lò Văn Lan (tester)" &&
    ! tui_screen | grep -F "Who is working?" &&
    add_round "Đợt năm" &&
    test "$(last_operator)" = "Lò Văn Lan (tester)" &&
    tui_quit
'

test_expect_success 'the Settings screen shows the setting and turns it off' '
    tui_start &&
    tui_wait "Who is working?" && tui_keys Escape &&
    tui_keys 7 && tui_wait "Settings (Enter edits them)" &&
    tui_screen | grep -F "Ask who is working" | grep -w on &&
    tui_keys Enter && tui_wait "Ask who is working" &&
    n=0 && while [ $n -lt 12 ]; do tui_keys Tab; n=$((n + 1)); done &&
    tui_keys C-u && tui_type "off" && tui_keys Tab F2 &&
    tui_wait "settings saved" &&
    tui_screen | grep -F "Ask who is working" | grep -w off &&
    capphat settings | grep -x "operator_prompt	off" &&
    tui_quit &&
    tui_start &&
    tui_wait "operator: tester" &&
    ! tui_screen | grep -F "Who is working?" &&
    tui_quit
'

test_expect_success 'every change left the audit chain valid' '
    capphat check >/dev/null
'

test_done

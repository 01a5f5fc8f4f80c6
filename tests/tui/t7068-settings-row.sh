#!/bin/sh
# The Settings screen: ↑↓ choose a setting, Enter opens the form on it, so
# that what is typed goes to the setting chosen and no other.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup' '
    capphat init >/dev/null &&
    capphat settings >before
'

test_expect_success 'the fourth setting chosen: the name typed is the officer, the office unchanged' '
    tui_start &&
    tui_keys 7 && tui_wait "Settings (Enter edits them)" &&
    tui_keys Down Down Down && sleep 0.2 &&
    tui_keys Enter && tui_wait "Handing-over officer" &&
    tui_type "Lò Văn Lan" && tui_keys F2 && tui_wait "settings saved" &&
    capphat settings >after &&
    grep -q "^officer_name	Lò Văn Lan$" after &&
    grep "^office_name" before >o1 && grep "^office_name" after >o2 && test_cmp o1 o2 &&
    tui_quit
'

test_expect_success 'the paper size: shown as A4 when never set, chosen from A4, A5, Letter' '
    tui_start &&
    tui_keys 7 && tui_wait "Settings (Enter edits them)" &&
    tui_screen | grep -F "Paper size" | grep -w A4 &&
    n=0 && while [ $n -lt 15 ]; do tui_keys Down; n=$((n + 1)); done && sleep 0.2 &&
    tui_keys Enter && tui_wait "Paper size" &&
    tui_keys C-u && tui_type "A5" && tui_keys Tab F2 &&
    tui_wait "settings saved" &&
    tui_screen | grep -F "Paper size" | grep -w A5 &&
    capphat settings | grep -x "paper_size	A5" &&
    tui_quit
'

test_done

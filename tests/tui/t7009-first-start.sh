#!/bin/sh
# First start: a new database at the default place (XDG_DATA_HOME) greets
# the operator with the first steps; F7 offers a demo round in a SEPARATE
# demo database next to it, never mixing demo rows into the real data; the
# Overview then shows counts by district of 2023 (the people of the
# communes of 2025 under the district their commune lies in) with bars; F7
# goes back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

REAL=$XDG_DATA_HOME/capphat/capphat.db
DEMO=$XDG_DATA_HOME/capphat/capphat-demo/capphat-demo.db

test_expect_success 'no database yet: created at the default place, with the first steps' '
    unset CAPPHAT_DB &&
    tui_start -u CAPPHAT_DB &&
    tui_wait "Welcome to capphat" &&
    tui_wait "A new database was created:" &&
    tui_wait "$REAL" &&
    tui_wait "Import the lists you already keep" &&
    tui_wait "press 2 (People) or 3 (Devices), then F2" &&
    tui_wait "Add people" &&
    tui_wait "Register phones" &&
    test -f "$REAL"
'

test_expect_success 'the first step does what it says: 2, then F2 opens the import of persons' '
    tui_keys 2 F2 &&
    tui_wait "Import persons from a CSV or Excel list" &&
    tui_keys Escape && tui_wait_gone "Import persons from" &&
    tui_keys 1 && tui_wait "Welcome to capphat"
'

test_expect_success 'F7 asks, then opens the demo rounds in capphat-demo.db' '
    tui_keys F7 &&
    tui_wait "Open a demo (375 people and their phones, a round before and one" &&
    tui_keys Enter &&
    tui_wait "Total" 60 &&
    tui_wait "DEMO" &&
    tui_wait_re "Ba Bể.*█" &&
    tui_wait_re "Total.* 375 " &&
    tui_wait "round 2025 handed out in autumn 2025 in Thái Nguyên" &&
    tui_wait_re "^ Old district  *Persons" &&
    tui_wait "s district of 2023 (districts ended on 1 July" &&
    { ! tui_screen | grep -q "^ Thái Nguyên " || { tui_screen; false; }; } &&
    test -f "$DEMO"
'

test_expect_success 'the real database holds no demo rows; the demo one passes check' '
    test "$(capphat --db "$REAL" person list | wc -l)" -le 1 &&
    test "$(capphat --db "$REAL" device list | wc -l)" -le 1 &&
    test "$(capphat --db "$DEMO" person list | wc -l)" -gt 300 &&
    capphat --db "$DEMO" check
'

test_expect_success 'a receipt saved in the demo: in the demo folder, and its audit head follows' '
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Enter && tui_wait "Receipt numbers" &&
    tui_type "1" && tui_keys Tab F2 &&
    tui_wait "written: " &&
    ls "$(dirname "$DEMO")"/receipts/bien-ban-01-*.pdf &&
    ! test -d "$(dirname "$REAL")/receipts" &&
    tui_keys 1 && tui_wait "DEMO" &&
    capphat --db "$DEMO" check >/dev/null
'

test_expect_success 'F7 again goes back to the real, empty database' '
    tui_keys F7 &&
    tui_wait "Welcome to capphat" &&
    tui_wait_gone "DEMO" &&
    tui_quit &&
    capphat --db "$REAL" check
'

test_done

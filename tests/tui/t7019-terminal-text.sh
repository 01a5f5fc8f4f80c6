#!/bin/sh
# Text stored with escape sequences (a title change "ESC ] 0 ; ... BEL", a
# screen clear), the C1 CSI, a right-to-left override or a line separator
# reaches the terminal escaped (\x1B, \u202E...) in the list, the record
# and the form, never raw: the bytes the program writes to the terminal
# (tmux pipe-pane) hold none of them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

SQ="'"

test_expect_success 'setup: two persons, text planted in one with sqlite3' '
    capphat init >/dev/null &&
    capphat person add --name "Triệu Thị Mai" --gender F --birth-year 1923 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" >/dev/null
'

RLO=$(printf "\342\200\256")

test_expect_success 'list, record and form show it escaped; no raw byte reaches the terminal' '
    sqlite3 "$CAPPHAT_DB" "UPDATE person SET full_name = ${SQ}Evil${SQ}||char(27)||${SQ}]0;pwned${SQ}||char(7)||char(8238)||${SQ}txt${SQ}||char(155)||${SQ}2J${SQ}||char(8232)||${SQ}end${SQ}, role = char(27)||${SQ}[2J${SQ}||char(8238) WHERE id = 2" &&
    tui_start &&
    tm pipe-pane -t 0 -o "cat >>$TEST_DIR/raw" &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_wait "Evil\\x1B]0;pwned\\x07" &&
    tui_keys / && tui_type "dong" && tui_wait "Prestigious persons: 1" &&
    tui_keys Enter Enter && tui_wait "Role" &&
    tui_wait "Evil\\x1B]0;pwned\\x07\\u202Etxt\\u009B2J\\u2028end" &&
    tui_wait "\\x1B[2J\\u202E" &&
    tui_keys F4 && tui_wait "Edit person" && tui_wait "Evil\\x1B]0;pwned" &&
    tui_keys Escape && tui_wait "Role" &&
    tm pipe-pane -t 0 &&
    test -s "$TEST_DIR/raw" &&
    ! grep -q "$RLO" "$TEST_DIR/raw" &&
    ! grep -q "$(printf "\342\200\250")" "$TEST_DIR/raw" &&
    ! grep -q "$(printf "\302\233")" "$TEST_DIR/raw" &&
    ! grep -q "$(printf "\033")]0;pwned" "$TEST_DIR/raw" &&
    ! grep -q "$(printf "\007")" "$TEST_DIR/raw" &&
    tui_quit
'

test_done

#!/bin/sh
# capphat import on a terminal: the percentage on one line rewritten in
# place, each rejected row on a line of its own (never glued to the
# percentage), and nothing of the progress left when the summary comes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

SQ="'"

# run_in_terminal COMMAND: COMMAND in the tmux window, then "EXIT=rc".
run_in_terminal() {
    tm kill-server >/dev/null 2>&1
    tm -f /dev/null new-session -d -x 100 -y 30 \
        "cd '$TEST_DIR' && $1; echo EXIT=\$?; sleep 600"
}

test_expect_success 'setup: 1,500 persons, rows 702 and 1202 with a bad gender' '
    capphat init >/dev/null &&
    "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" persons-xlsx-big big.xlsx 1500 \
        --bad 700 --bad 1200
'

test_expect_success 'rejected rows after the progress began each start a line' '
    run_in_terminal "LANGUAGE=en $CAPPHAT_BIN import persons big.xlsx --skip-invalid" &&
    tui_wait "EXIT=0" 60 &&
    tui_screen >screen &&
    grep -Fx "capphat: big.xlsx row 702: gender ${SQ}X${SQ} must be M or F (Nam or Nữ)" screen &&
    grep -Fx "capphat: big.xlsx row 1202: gender ${SQ}X${SQ} must be M or F (Nam or Nữ)" screen &&
    grep -Fx "1498 imported, 2 rejected, 0 duplicates" screen &&
    ! grep "[0-9]%" screen
'

test_done

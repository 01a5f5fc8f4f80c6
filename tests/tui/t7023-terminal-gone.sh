#!/bin/sh
# The full-screen program without its terminal: standard input at end of
# file, the pane killed (with and without the SIGHUP a hang-up sends; which
# of the SIGHUP and the end of input capphat sees first is a race, and
# either is right), or SIGTERM. capphat exits at once with a non-zero
# status, restores the terminal where there still is one, saves nothing (a
# form with typed data is thrown away, a running import is rolled back),
# leaves no process behind and writes why in its log.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
. "$(dirname "$0")/../cli/lib-cli.sh"

LOG=${XDG_STATE_HOME:-$HOME/.local/state}/capphat/tui.log
HERE=$(cd "$TEST_DIR" && pwd -P)

# capphat_left: the capphat processes started here that still run.
capphat_left() {
    for _s in /proc/[0-9]*/stat; do
        read -r _pid _comm _state _rest 2>/dev/null <"$_s" || continue
        if [ "$_comm" = "(capphat)" ] && [ "$_state" != Z ] &&
            [ "$(readlink "/proc/$_pid/cwd" 2>/dev/null)" = "$HERE" ]; then
            echo "$_pid"
        fi
    done
}

# a capphat that did not exit (the program before this test) must not spin on
kill_left() {
    for _p in $(capphat_left); do
        kill -9 "$_p"
    done
}
TEST_CLEANUP="$TEST_CLEANUP kill_left"

# gone PID [SECONDS]: the process exits within SECONDS (5).
gone() {
    _t=$((${2:-5} * 20))
    while [ $_t -gt 0 ]; do
        _st=$(cut -d" " -f3 "/proc/$1/stat" 2>/dev/null)
        if [ -z "$_st" ] || [ "$_st" = Z ]; then
            return 0
        fi
        sleep 0.05
        _t=$((_t - 1))
    done
    echo "capphat $1 still runs; cpu ticks: $(cpu_ticks "$1")" >&2
    return 1
}

# cpu_ticks PID: its user and system time so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# new_person_typed: on a started capphat, the person form with a name, a
# gender and a birth year typed, not saved.
new_person_typed() {
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F7 &&
    tui_wait "New person" &&
    tui_type "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "nam" && tui_keys Tab &&
    tui_type "1958" &&
    tui_wait "1958"
}

test_expect_success 'setup' '
    capphat init >/dev/null
'

test_expect_success 'stdin at end of file, stdout a file: exits at once with status 1, the log says why' '
    start=$(date +%s) &&
    { TERM=xterm timeout 10 "$CAPPHAT_BIN" </dev/null >screen.out 2>err; echo $? >rc; } &&
    end=$(date +%s) &&
    test "$(cat rc)" = 1 &&
    test $((end - start)) -le 3 &&
    test ! -s err &&
    grep -qF "$(printf "\033[?1049l")" screen.out &&
    test -z "$(capphat_left)" &&
    grep -E "^[0-9-]{10} [0-9:]{8} capphat\[[0-9]+\]: quit: the input ended$" "$LOG"
'

test_expect_success 'stdin at end of file, stdout a terminal: exits with status 1, the terminal restored' '
    tm kill-server >/dev/null 2>&1
    tm -f /dev/null new-session -d -x 80 -y 24 \
        "cd $SQ$TEST_DIR$SQ && $SQ$CAPPHAT_BIN$SQ </dev/null; echo EXIT=\$?; sleep 600" &&
    tui_wait "EXIT=1" 5 &&
    test "$(tm display -p -t 0 "#{alternate_on}")" = 0 &&
    test -z "$(capphat_left)"
'

# Under AddressSanitizer: LeakSanitizer's check at exit stops the process
# with ptrace, and the SIGCONT that the kernel sends with the SIGHUP when the
# pane's shell dies cancels that stop: the check then waits for ever. Not
# capphat's doing (a plain build exits at once), so the leak check is off
# for this one start (the variable means nothing to a plain build); the
# other starts check the same ways out for leaks.
no_leak_check() { echo "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; }

test_expect_success 'the pane killed with a form half typed: capphat exits, the database as before' '
    tui_start $(no_leak_check) &&
    new_person_typed &&
    pid=$(tui_pid) && test -n "$pid" &&
    t0=$(cpu_ticks $pid) && sleep 2 && t1=$(cpu_ticks $pid) &&
    echo "cpu while waiting for a key: $((t1 - t0)) ticks in 2 s" &&
    test $((t1 - t0)) -le 20 &&
    dump >dump-before &&
    tm kill-pane -t 0 &&
    gone $pid &&
    test -z "$(capphat_left)" &&
    dump >dump-after &&
    test_cmp dump-before dump-after &&
    capphat check >/dev/null &&
    grep -F "capphat[$pid]: quit" "$LOG" >line &&
    cat line &&
    grep -E ": quit( on signal 1 \(|: the terminal hung up|: the input ended)" line &&
    grep -F "; the input typed in a form was thrown away" line
'

test_expect_success 'the pane killed, no SIGHUP (capphat in a session of its own): it exits at the hang-up' '
    tm kill-server >/dev/null 2>&1
    tm -f /dev/null new-session -d -x 80 -y 24 \
        "cd $SQ$TEST_DIR$SQ && setsid $SQ$CAPPHAT_BIN$SQ; sleep 600" &&
    tui_wait "F1" 10 &&
    new_person_typed &&
    pid=$(tui_pid) && test -n "$pid" &&
    dump >dump-before &&
    tm kill-pane -t 0 &&
    gone $pid &&
    test -z "$(capphat_left)" &&
    dump >dump-after &&
    test_cmp dump-before dump-after &&
    grep -E "capphat\[$pid\]: quit: the (terminal hung up|input ended); the input typed in a form was thrown away$" "$LOG"
'

test_expect_success 'SIGTERM with a form half typed: status 143, the terminal restored, nothing saved' '
    tui_start &&
    new_person_typed &&
    pid=$(tui_pid) && test -n "$pid" &&
    dump >dump-before &&
    kill -TERM $pid &&
    test "$(tui_exited 5)" = 143 &&
    test "$(tm display -p -t 0 "#{alternate_on}")" = 0 &&
    dump >dump-after &&
    test_cmp dump-before dump-after &&
    grep -F "capphat[$pid]: quit on signal 15 (" "$LOG" | grep -F "thrown away"
'

test_expect_success 'SIGTERM during an import of 20,000 persons: it stops, nothing is imported' '
    "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" persons-xlsx-big big.xlsx 20000 &&
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 0" &&
    sqlite3 "$CAPPHAT_DB" .schema >schema-before &&
    dump >dump-before &&
    tui_keys F2 && tui_wait "Import persons from a CSV" &&
    tui_type "$TEST_DIR/big.xlsx" && tui_keys Enter &&
    tui_wait "header in row 2" &&
    pid=$(tui_pid) && test -n "$pid" &&
    tui_keys F2 &&
    n=1200 &&
    until tui_screen | grep -Eq "\] +([1-9]|[1-8][0-9])%"; do
        n=$((n - 1)) && test $n -gt 0 && sleep 0.05 || break
    done &&
    kill -STOP $pid &&
    tui_screen >screen &&
    { grep -E "\] +([1-9]|[1-8][0-9])%" screen ||
        { echo "no import under way on the screen:"; cat screen; false; }; } &&
    kill -TERM $pid && kill -CONT $pid &&
    rc=$(tui_exited 30) && echo "exit status: $rc" && test "$rc" = 143 &&
    n=$(capphat person list | tail -n +2 | wc -l) &&
    echo "persons in the database: $n" &&
    test "$n" = 0 &&
    dump >dump-after &&
    test_cmp dump-before dump-after &&
    sqlite3 "$CAPPHAT_DB" .schema >schema-after &&
    test_cmp schema-before schema-after &&
    capphat check >/dev/null &&
    grep -F "capphat[$pid]: $TEST_DIR/big.xlsx: the import was stopped; nothing was imported" "$LOG" &&
    grep -F "capphat[$pid]: quit on signal 15 (" "$LOG"
'

test_done

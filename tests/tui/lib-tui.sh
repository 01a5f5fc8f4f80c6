# tests/tui/lib-tui.sh — driving the real full-screen program in tmux.
# Source it after ../lib.sh:
#   . "$(dirname "$0")/../lib.sh"
#   . "$(dirname "$0")/lib-tui.sh"
#
# Each script gets its own tmux server (a private socket in $TEST_DIR) that
# test_done's trap kills. tui_start runs capphat in a W×H window; tui_wait
# polls the screen until a text shows (no fixed sleeps); tui_screen prints
# what the window shows.

TUI_SOCK=capphat-$$
export TMUX_TMPDIR=$TEST_DIR
unset TMUX
TUI_W=80
TUI_H=24
# sanitizer reports go to files (the pane would hide them); tui_quit shows them
if [ -n "${ASAN_OPTIONS:-}" ]; then
    export ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$TEST_DIR/asan"
fi
if [ -n "${UBSAN_OPTIONS:-}" ]; then
    export UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$TEST_DIR/ubsan"
fi

tm() { tmux -L "$TUI_SOCK" "$@"; }

tui_cleanup() { tm kill-server >/dev/null 2>&1; }
trap tui_cleanup EXIT
TEST_CLEANUP="$TEST_CLEANUP tui_cleanup"

# tui_start [ENV=VALUE...]: start capphat (its exit status lands in $TEST_DIR/tui.rc),
# with the options in $TUI_ARGS (shell words, e.g. "--operator 'Lò Văn Lan'").
tui_start() {
    rm -f "$TEST_DIR/tui.rc"
    tm kill-server >/dev/null 2>&1
    _n=0
    # a server that is still going away refuses the new session: try again
    until tm -f /dev/null new-session -d -x "$TUI_W" -y "$TUI_H" \
        "env $* '$CAPPHAT_BIN' ${TUI_ARGS:-}; echo \$? >'$TEST_DIR/tui.rc'; sleep 600" 2>/dev/null; do
        _n=$((_n + 1))
        [ $_n -lt 20 ] || return 1
        sleep 0.1
    done
    tui_wait "F1" 10
}

tui_screen() { tm capture-pane -p -t 0; }

# tui_keys KEY...: tmux key names (Enter, Tab, F2, Escape, BSpace...).
tui_keys() { tm send-keys -t 0 "$@"; }

# tui_type TEXT: literal text, UTF-8 as a person types it.
tui_type() { tm send-keys -t 0 -l "$1"; }

# tui_until GREP-MODE PATTERN SECONDS: until a line of the screen matches
# PATTERN (-F a fixed string, -E an extended regex); a screen still being
# drawn is waited for, not failed.
tui_until() {
    _t=$(( $3 * 20 ))
    while [ $_t -gt 0 ]; do
        if tui_screen | grep -q "$1" -- "$2"; then
            return 0
        fi
        sleep 0.05
        _t=$((_t - 1))
    done
    echo "screen never showed '$2'; it shows:" >&2
    tui_screen >&2
    return 1
}

# tui_wait TEXT [SECONDS]: until the screen shows TEXT (fixed string).
tui_wait() { tui_until -F "$1" "${2:-5}"; }

# tui_wait_re REGEX [SECONDS]: until a line of the screen matches REGEX.
tui_wait_re() { tui_until -E "$1" "${2:-5}"; }

# tui_wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
tui_wait_gone() {
    _t=$(( ${2:-5} * 20 ))
    while [ $_t -gt 0 ]; do
        if ! tui_screen | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.05
        _t=$((_t - 1))
    done
    echo "screen still shows '$1':" >&2
    tui_screen >&2
    return 1
}

# tui_exited [SECONDS]: wait for capphat to exit; prints its status.
tui_exited() {
    _t=$(( ${1:-5} * 20 ))
    while [ $_t -gt 0 ]; do
        if [ -s "$TEST_DIR/tui.rc" ]; then
            cat "$TEST_DIR/tui.rc"
            return 0
        fi
        sleep 0.05
        _t=$((_t - 1))
    done
    echo "capphat did not exit" >&2
    return 1
}

# tui_pid: the pid of capphat in the window, empty once it exited (read
# from /proc, so that the tests need nothing beyond tmux).
tui_pid() {
    _shell=$(tm list-panes -t 0 -F '#{pane_pid}')
    for _s in /proc/[0-9]*/stat; do
        read -r _pid _comm _state _ppid _rest <"$_s" 2>/dev/null || continue
        if [ "$_ppid" = "$_shell" ] && [ "$_comm" = "($(basename "$CAPPHAT_BIN"))" ]; then
            echo "$_pid"
        fi
    done
}

# tui_quit: F10 and wait for the exit status 0.
tui_quit() {
    tui_keys F10 &&
    _rc=$(tui_exited 10) &&
    if [ "$_rc" != 0 ]; then
        echo "capphat exited with status $_rc" >&2
        cat "$TEST_DIR"/asan* "$TEST_DIR"/ubsan* 2>/dev/null >&2
        return 1
    fi
}

# tests/lib.sh — what every command-line and screen test script sources.
#
#   . "$(dirname "$0")/../lib.sh"
#   test_expect_success 'what it shows' '
#       capphat person add ... >out &&
#       grep -q ... out
#   '
#   test_done
#
# Each script runs in its own temporary folder ($TEST_DIR, removed at the end
# unless KEEP=1) with a fresh database ($CAPPHAT_DB). `capphat` runs the binary
# under test: $BUILD/capphat-test, the program built with the test hooks
# (include/core/testhook.h: CAPPHAT_TODAY, CAPPHAT_NOW, CAPPHAT_OPERATOR);
# $CAPPHAT_RELEASE_BIN is the released one, which ignores them. Messages are
# in English (LANGUAGE=en) so that tests can compare them; Vietnamese is
# tested where it is the point.

set -u
TEST_NAME=$(basename "$0" .sh)
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) BUILD_DIR=$BUILD ;; *) BUILD_DIR=$SRC_DIR/$BUILD ;; esac
CAPPHAT_BIN=$BUILD_DIR/capphat-test
CAPPHAT_RELEASE_BIN=$BUILD_DIR/capphat
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/capphat-$TEST_NAME.XXXXXX")
export CAPPHAT_DB=$TEST_DIR/capphat.db
export CAPPHAT_OPERATOR=tester
export CAPPHAT_LOCALEDIR=$BUILD_DIR/locale
export LANGUAGE=en
export XDG_DATA_HOME=$TEST_DIR/xdg
export XDG_STATE_HOME=$TEST_DIR/state
export HOME=$TEST_DIR/home
mkdir -p "$HOME"
unset CAPPHAT_TODAY CAPPHAT_NOW XDG_CONFIG_HOME
PYTHON=/usr/bin/python3
RESULTS=${RESULTS:-}

test_count=0
test_failed=0
# functions test_done calls before it removes $TEST_DIR (libraries add theirs)
TEST_CLEANUP=

capphat() { "$CAPPHAT_BIN" "$@"; }

# The register's store: a file (the default), or with CAPPHAT_TEST_STORE=server
# (run-all.sh's suite cli-server) a database on a private PostgreSQL server
# started in $TEST_DIR, $CAPPHAT_DB its address: the same script, the same
# expectations. A script about the file itself (it reads it with sqlite3,
# copies or damages it) says so in a line "# store: file (WHY)" and is
# skipped there.
CAPPHAT_TEST_STORE=${CAPPHAT_TEST_STORE:-file}
if [ "$CAPPHAT_TEST_STORE" = server ]; then
    if grep -q '^# store: file' "$0"; then
        say "# $TEST_NAME: not run on a server register: $(sed -n 's/^# store: file *//p' "$0" | head -1)"
        if [ -n "$RESULTS" ]; then echo "0 0 $TEST_NAME" >>"$RESULTS"; fi
        rm -rf "$TEST_DIR"
        exit 0
    fi
    chmod 755 "$TEST_DIR" # the server's own user must reach its folder
    if ! CAPPHAT_DB=$("$SRC_DIR/tests/lib/pgserver.sh" start "$TEST_DIR/pg" 2>"$TEST_DIR/pg.err"); then
        cat "$TEST_DIR/pg.err"
        echo "Bail out! no PostgreSQL server could be started"
        exit 1
    fi
    # the role capphat connects as is the login the audit log names: the
    # tests' login, as CAPPHAT_OPERATOR names it on a file
    psql -X -q "$CAPPHAT_DB" -c "CREATE ROLE $CAPPHAT_OPERATOR SUPERUSER LOGIN" &&
        CAPPHAT_DB=$(printf "%s" "$CAPPHAT_DB" | sed "s|user=[^&]*|user=$CAPPHAT_OPERATOR|") ||
        exit 1
    export CAPPHAT_DB
    _store_server_stop() { "$SRC_DIR/tests/lib/pgserver.sh" stop "$TEST_DIR/pg"; }
    TEST_CLEANUP="_store_server_stop"
fi

say() { printf '%s\n' "$*"; }

# private_server: a PostgreSQL server of the script's own in $TEST_DIR/pg
# (a Unix socket only, stopped at test_done), its address in $ADDR; non-zero,
# the reason in $TEST_DIR/pg.err, when none can start here.
private_server() {
    chmod 755 "$TEST_DIR" # the server's own user must reach its folder
    ADDR=$("$SRC_DIR/tests/lib/pgserver.sh" start "$TEST_DIR/pg" 2>"$TEST_DIR/pg.err") || return 1
    TEST_CLEANUP="$TEST_CLEANUP _private_server_stop"
}
_private_server_stop() { "$SRC_DIR/tests/lib/pgserver.sh" stop "$TEST_DIR/pg"; }

# test_expect_success DESCRIPTION COMMANDS
test_expect_success() {
    test_count=$((test_count + 1))
    if (cd "$TEST_DIR" && eval "$2") >"$TEST_DIR/.log" 2>&1; then
        say "ok $test_count - $1"
    else
        test_failed=$((test_failed + 1))
        say "not ok $test_count - $1"
        sed 's/^/#   /' "$TEST_DIR/.log" | tail -40
    fi
}

# test_on_file WHY DESCRIPTION COMMANDS: a test about the register file
# itself (its mode, its bytes, its place), run as test_expect_success on a
# file and skipped on a server register, for WHY.
test_on_file() {
    if [ "$CAPPHAT_TEST_STORE" = server ]; then
        test_skip "$2" "$1"
    else
        test_expect_success "$2" "$3"
    fi
}

# test_skip DESCRIPTION REASON: a test not run here, for REASON; it counts
# as passed (TAP's "ok N - DESCRIPTION # skip REASON").
test_skip() {
    test_count=$((test_count + 1))
    say "ok $test_count - $1 # skip $2"
}

# Run a command that must fail (non-zero exit, no crash: exit < 128).
test_must_fail() {
    "$@"
    rc=$?
    if [ $rc -eq 0 ]; then
        echo "test_must_fail: command succeeded: $*" >&2
        return 1
    fi
    if [ $rc -ge 128 ]; then
        echo "test_must_fail: command died with signal $((rc - 128)): $*" >&2
        return 1
    fi
    return 0
}

# Exactly one line on stderr file $1, containing $2.
one_line_error() {
    n=$(wc -l <"$1")
    if [ "$n" -ne 1 ]; then
        echo "expected one line on stderr, got $n:" >&2
        cat "$1" >&2
        return 1
    fi
    grep -qF -- "$2" "$1" || { echo "stderr lacks '$2':" >&2; cat "$1" >&2; return 1; }
}

# Check that file $2 has exactly the content of file $1 (diff shown).
test_cmp() { diff -u "$1" "$2"; }

db_hash() {
    if [ "${CAPPHAT_DB#postgresql://}" != "$CAPPHAT_DB" ]; then
        # a server register: what its tables hold
        # (a refused insert consumes an id of its sequence: not a change)
        pg_dump --data-only --no-owner "$CAPPHAT_DB" 2>/dev/null | grep -v "^--\|setval\|^.restrict\|^.unrestrict" |
            sha256sum | cut -d' ' -f1
    else
        sha256sum "$CAPPHAT_DB" | cut -d' ' -f1
    fi
}

test_done() {
    say "# $TEST_NAME: $((test_count - test_failed)) passed, $test_failed failed"
    if [ -n "$RESULTS" ]; then
        echo "$((test_count - test_failed)) $test_failed $TEST_NAME" >>"$RESULTS"
    fi
    # what a library started (a tmux server, a CUPS daemon) goes first:
    # their sockets are in $TEST_DIR
    for _hook in $TEST_CLEANUP; do
        "$_hook"
    done
    if [ "${KEEP:-0}" != 1 ]; then
        rm -rf "$TEST_DIR"
    fi
    [ $test_failed -eq 0 ]
}

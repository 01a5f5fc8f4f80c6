#!/bin/sh
# tests/run-all.sh itself, run on a tree of scripts of its own: a job that
# leaves a process running behind it fails, whatever the process — a tmux
# server and the capphat in its window that a screen test did not stop (as
# every screen test once did: test_done removed the folder of the server's
# socket before stopping it), or a process put in the background — and the
# processes are named in the job's log and killed; a screen test that
# stops its server (lib-tui.sh) passes. ONLY picks jobs by several names,
# and the times of the run hold the seconds and CPU seconds of each job.
# store: file (the test runner itself)
. "$(dirname "$0")/../lib.sh"

TREE=$TEST_DIR/tree

# script PATH: a test script of the tree, from standard input
script() { cat >"$TREE/tests/$1"; }

# left NAME: the processes still carrying the marker of job NAME of the
# inner run (its runner's pid comes first in the marker)
left() {
    grep -lsz "^CAPPHAT_TEST_JOB=capphat-test-job-[0-9]*-$1\$" /proc/[0-9]*/environ | cut -d/ -f3
}

# should the runner under test fail to, what its jobs left is killed here:
# it does not carry this script's marker
kill_left() { kill -9 $(left cli-t0002-background) $(left tui-t7002-left) 2>/dev/null; }
TEST_CLEANUP="$TEST_CLEANUP kill_left"

test_expect_success 'setup: the runner, the test libraries, the build under test and five scripts' '
    mkdir -p "$TREE/tests/cli" "$TREE/tests/tui" "$TREE/build" &&
    cp "$SRC_DIR/tests/run-all.sh" "$SRC_DIR/tests/lib.sh" "$TREE/tests/" &&
    cp "$SRC_DIR/tests/tui/lib-tui.sh" "$TREE/tests/tui/" &&
    ln -s "$BUILD_DIR/capphat-test" "$BUILD_DIR/capphat" "$BUILD_DIR/locale" "$TREE/build/" &&
    script cli/t0001-clean.sh <<-\EOF &&
	. "$(dirname "$0")/../lib.sh"
	test_expect_success "capphat runs and ends" "capphat init >/dev/null"
	test_done
	EOF
    script cli/t0002-background.sh <<-\EOF &&
	. "$(dirname "$0")/../lib.sh"
	test_expect_success "a process put in the background" "(sleep 300 >/dev/null 2>&1 &)"
	test_done
	EOF
    script cli/t0003-not-picked.sh <<-\EOF &&
	. "$(dirname "$0")/../lib.sh"
	test_expect_success "not run: ONLY does not name it" "false"
	test_done
	EOF
    script tui/t7001-stopped.sh <<-\EOF &&
	. "$(dirname "$0")/../lib.sh"
	. "$(dirname "$0")/lib-tui.sh"
	test_expect_success "capphat starts in tmux and quits" "capphat init >/dev/null && tui_start && tui_quit"
	test_done
	EOF
    script tui/t7002-left.sh <<-\EOF
	. "$(dirname "$0")/../lib.sh"
	. "$(dirname "$0")/lib-tui.sh"
	test_expect_success "capphat starts in tmux" "capphat init >/dev/null && tui_start"
	# the server not stopped: its socket goes with the folder
	trap - EXIT
	TEST_CLEANUP=
	test_done
	EOF
'

test_expect_success 'the run: the jobs that left a process fail, the others pass' '
    (cd "$TREE" && BUILD=build JOBS=2 SUITES="cli tui" ONLY="t0001 t0002 t7001 t7002" \
        ./tests/run-all.sh) >out 2>&1
    rc=$? &&
    cat out &&
    test $rc = 1 &&
    last_line=$(tail -1 out) &&
    test "$last_line" = "4 passed, 2 failed" &&
    grep -q "^ok   cli/t0001-clean (1, " out &&
    grep -q "^FAIL cli/t0002-background (1 passed, 1 failed)" out &&
    grep -q "^ok   tui/t7001-stopped (1, " out &&
    grep -q "^FAIL tui/t7002-left (1 passed, 1 failed)" out &&
    ! grep -q t0003 out
'

test_expect_success 'a process put in the background: named in the log, killed' '
    log=$TREE/build/test-logs/cli-t0002-background.log &&
    cat "$log" &&
    grep -q "^# left running after the script ended:" "$log" &&
    grep -q "^#   [0-9]* sleep 300 *$" "$log" &&
    test -z "$(left cli-t0002-background)"
'

test_expect_success 'a tmux server and the capphat in its window: named in the log, killed' '
    log=$TREE/build/test-logs/tui-t7002-left.log &&
    cat "$log" &&
    grep -q "^# left running after the script ended:" "$log" &&
    grep -q "^#   [0-9]* tmux -L capphat-" "$log" &&
    grep -q "^#   [0-9]* $TREE/build/capphat-test *$" "$log" &&
    test -z "$(left tui-t7002-left)"
'

test_expect_success 'a screen test that stops its server leaves nothing' '
    ! grep -q "left running" "$TREE/build/test-logs/tui-t7001-stopped.log" &&
    test -z "$(left tui-t7001-stopped)"
'

test_expect_success 'the times of the run: seconds and CPU seconds of each job run' '
    cat "$TREE/build/test-logs/times" &&
    test "$(wc -l <"$TREE/build/test-logs/times")" = 4 &&
    awk "NF != 3 || \$2 !~ /^[0-9]+\$/ || \$3 !~ /^[0-9]+\\.[0-9]\$/ { exit 1 }" \
        "$TREE/build/test-logs/times"
'

test_done

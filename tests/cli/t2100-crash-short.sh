#!/bin/sh
# Crash safety, short: tests/stress/crash.sh with 20 runs (kill -9 during
# an import of devices and one of persons, a handover batch, init, demo and
# report writing; after each the database passes check and nothing is half
# there). make stress runs 210.
# store: file (it kills capphat mid-write on a register file)
. "$(dirname "$0")/../lib.sh"

test_expect_success 'kill -9 at 20 random moments loses or half-writes nothing' '
    BUILD=$BUILD_DIR SEED=${SEED:-2100} sh "$SRC_DIR/tests/stress/crash.sh" 20 >out 2>&1;
    rc=$?; cat out;
    test $rc -eq 0 && grep -q "^crash: 20 runs, 0 failures$" out
'

# the figures, in the log whether the test passed or not
sed -n "s/^\(crash\|concurrency\): /# &/p" "$TEST_DIR/out"
test_done

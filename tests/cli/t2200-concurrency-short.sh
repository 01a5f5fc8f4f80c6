#!/bin/sh
# Concurrency, short: tests/stress/concurrency.sh with 4 processes of 40
# handovers and returns each on one database (make stress runs 500 each).
# store: file (racing writers on one register file (t2960 races on a server))
. "$(dirname "$0")/../lib.sh"

test_expect_success '4 processes competing for 6 devices: no double handover, no lost audit entry' '
    BUILD=$BUILD_DIR sh "$SRC_DIR/tests/stress/concurrency.sh" 4 40 >out 2>&1;
    rc=$?; cat out;
    test $rc -eq 0 && grep -q "^concurrency: 0 crashes, 0 failures$" out
'

# the figures, in the log whether the test passed or not
sed -n "s/^\(crash\|concurrency\): /# &/p" "$TEST_DIR/out"
test_done

#!/bin/sh
# Runs every suite once with the binaries in $BUILD and prints a summary:
#   unit tests (cmocka, tests/unit), command-line tests (tests/cli/t*.sh),
#   screen tests (tests/tui/t*.sh), then "N passed, N failed".
# SUITES (default "unit cli tui") chooses suites; ONLY=pattern picks scripts.
set -u
BUILD=${BUILD:-build}
export BUILD
cd "$(dirname "$0")/.."
RESULTS=$(mktemp)
export RESULTS
LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR"
SUITES=${SUITES:-unit cli tui}
ONLY=${ONLY:-}
export CMOCKA_MESSAGE_OUTPUT=stdout

for suite in $SUITES; do
    case $suite in
    unit)
        for t in "$BUILD"/tests/test_*; do
            [ -x "$t" ] || continue
            name=$(basename "$t")
            case "$name" in *"$ONLY"*) ;; *) continue ;; esac
            "$t" >"$LOGDIR/$name.log" 2>&1
            rc=$?
            passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$LOGDIR/$name.log" | tail -1)
            failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$LOGDIR/$name.log" | tail -1)
            passed=${passed:-0}
            failed=${failed:-0}
            if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
            echo "$passed $failed unit/$name" >>"$RESULTS"
            if [ "$failed" -ne 0 ]; then
                echo "FAIL unit/$name"
                grep -E '^\[  (FAILED|ERROR)|error:|Failure|ERROR' "$LOGDIR/$name.log" | head -20
            else
                echo "ok   unit/$name ($passed)"
            fi
        done
        ;;
    cli | tui)
        for t in tests/$suite/t*.sh; do
            [ -f "$t" ] || continue
            name=$(basename "$t" .sh)
            case "$name" in *"$ONLY"*) ;; *) continue ;; esac
            before=$(wc -l <"$RESULTS")
            sh "$t" >"$LOGDIR/$suite-$name.log" 2>&1
            rc=$?
            after=$(wc -l <"$RESULTS")
            if [ "$after" -eq "$before" ]; then
                echo "0 1 $suite/$name (script ended early, rc=$rc)" >>"$RESULTS"
            fi
            line=$(tail -1 "$RESULTS")
            set -- $line
            if [ "$2" -ne 0 ]; then
                echo "FAIL $suite/$name ($1 passed, $2 failed)"
                grep -A12 '^not ok' "$LOGDIR/$suite-$name.log" | head -60
            else
                echo "ok   $suite/$name ($1)"
            fi
        done
        ;;
    esac
done

total_pass=$(awk '{s+=$1} END {print s+0}' "$RESULTS")
total_fail=$(awk '{s+=$2} END {print s+0}' "$RESULTS")
rm -f "$RESULTS"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

#!/bin/sh
# make test: the whole suite with a normal build (the command-line scripts
# on a register file and on a PostgreSQL server), then again with
# AddressSanitizer + UBSan, and one closing line summing both passes.
#
# The sanitizer build (build-asan) is made while the plain pass runs, at a
# lower priority, so that it takes the CPU the tests leave (a test waiting
# for a screen, the last jobs of the pass) instead of a minute of its own
# between the passes. JOBS (default 2) is make's -j for each build.
set -u
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
status=0
out=$(mktemp)

# the makes of the two passes (NICE: a command to run make with)
plain_make() { ${NICE:-} make -s BUILD=build "$@"; }
asan_make() {
    ${NICE:-} make -s BUILD=build-asan OPT="-O1 -g" \
        SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" "$@"
}

# run_pass LABEL MAKE BUILD-STATUS BUILD-LOG: prints LABEL and, if the
# build (its exit status and output given) went well, runs the suite with
# the make function MAKE, then how long it took; adds "PASSED FAILED" to
# $out
run_pass() {
    echo "== $1"
    if [ "$3" -ne 0 ]; then
        cat "$4"
        echo "0 1" >>"$out"
        status=1
        return
    fi
    _start=$(date +%s)
    "$2" test-one >"$out.run" 2>&1
    rc=$?
    grep -v '^[0-9]* passed, [0-9]* failed$' "$out.run"
    sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out.run" | tail -1 >>"$out"
    echo "== $1: $(($(date +%s) - _start)) s"
    [ $rc -eq 0 ] || status=1
}

plain_make -j"$JOBS" all unit-bins >"$out.build" 2>&1
plain_rc=$?
(
    NICE="nice -n 10"
    asan_make -j"$JOBS" all unit-bins >"$out.asan-build" 2>&1
    echo $? >"$out.asan-rc"
) &
asan_build=$!
# the plain pass runs the command-line scripts a second time on a register
# on a private PostgreSQL server (run-all.sh's suite cli-server); the
# sanitizer pass, on files only: what it checks is capphat's memory
SUITES_GIVEN=${SUITES:-}
export SUITES="${SUITES_GIVEN:-unit cli cli-server tui}"
run_pass "plain build" plain_make $plain_rc "$out.build"
export SUITES="${SUITES_GIVEN:-unit cli tui}"
wait $asan_build

# fontconfig keeps a few hundred bytes of its configuration for the life of
# the process; tests/lsan.supp names it (by its library: the default fast
# unwinder stops there).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_pass "AddressSanitizer + UBSan" asan_make "$(cat "$out.asan-rc" 2>/dev/null || echo 1)" "$out.asan-build"

pass=$(awk '{s+=$1} END {print s+0}' "$out")
fail=$(awk '{s+=$2} END {print s+0}' "$out")
rm -f "$out" "$out.build" "$out.run" "$out.asan-build" "$out.asan-rc"
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed"
exit $status

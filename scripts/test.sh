#!/bin/sh
# make test: the whole suite with a normal build, then again with
# AddressSanitizer + UBSan, and one closing line summing both passes.
set -u
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
status=0
out=$(mktemp)

run_pass() {
    label=$1
    shift
    echo "== $label"
    if ! make -s -j"$JOBS" "$@" all unit-bins >"$out.build" 2>&1; then
        cat "$out.build"
        echo "0 1" >>"$out"
        status=1
        return
    fi
    make -s "$@" test-one >"$out.run" 2>&1
    rc=$?
    cat "$out.run" | grep -v '^[0-9]* passed, [0-9]* failed$'
    sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out.run" | tail -1 >>"$out"
    [ $rc -eq 0 ] || status=1
}

run_pass "plain build" BUILD=build
# fontconfig keeps a few hundred bytes of its configuration for the life of
# the process; tests/lsan.supp names it (by its library: the default fast
# unwinder stops there).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_pass "AddressSanitizer + UBSan" BUILD=build-asan OPT="-O1 -g" \
    SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

pass=$(awk '{s+=$1} END {print s+0}' "$out")
fail=$(awk '{s+=$2} END {print s+0}' "$out")
rm -f "$out" "$out.build" "$out.run"
[ "$fail" -eq 0 ] || status=1
echo "$pass passed, $fail failed"
exit $status

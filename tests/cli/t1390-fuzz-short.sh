#!/bin/sh
# make fuzz-short: the libFuzzer harnesses of the CSV, .xlsx, .xls and .ods
# readers, and of what the .xls reader reads of the file itself (tests/fuzz,
# mk/fuzz.mk) run for a few seconds each, under ASan and UBSan, from the
# seed corpus; any crash, leak or timeout fails the test. Skipped,
# with the reason, when clang is not installed (scripts/install-deps.sh
# installs it with libclang-rt-14-dev, which holds libFuzzer), and in the
# AddressSanitizer pass of make test, which would run the same programs.
# store: file (the readers, whatever the register)
. "$(dirname "$0")/../lib.sh"

FUZZ_SECONDS=${FUZZ_SECONDS:-5}

if ! command -v clang >/dev/null 2>&1; then
    test_count=$((test_count + 1))
    say "ok $test_count # skip clang is not installed (scripts/install-deps.sh installs it)"
    test_done
    exit
fi

# The harnesses are built with ASan and UBSan whatever the build under
# test: in the AddressSanitizer pass of make test (scripts/test.sh sets
# ASAN_OPTIONS) this would build and run the same programs again.
if [ -n "${ASAN_OPTIONS:-}" ]; then
    test_skip "make fuzz-short: each reader $FUZZ_SECONDS s without a crash" \
        "the harnesses are the same in both passes of make test; the plain pass ran them"
    test_done
    exit
fi

test_expect_success "make fuzz-short: each reader $FUZZ_SECONDS s without a crash" '
    make -s -C "$SRC_DIR" fuzz-short FUZZ_SECONDS=$FUZZ_SECONDS \
        FUZZ_BUILD="$BUILD_DIR/fuzz" >fuzz.out 2>&1 || { tail -60 fuzz.out; false; } &&
    cat fuzz.out &&
    test "$(grep -c "^FUZZ .* for $FUZZ_SECONDS s" fuzz.out)" = 5 &&
    test "$(grep -c "stat::number_of_executed_units" fuzz.out)" = 5
'

test_done

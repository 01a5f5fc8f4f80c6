#!/bin/sh
# Valgrind on the plain build: a handful of commands (init, person add,
# device add, handover, return, find, list, check, import, backup) must run
# with no invalid read or write, no use of uninitialised memory and no
# definite leak. tests/valgrind.supp names what library caches keep for the
# life of the process (if anything ever needs naming).
# store: file (memory checks, whatever the register)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

if ! command -v valgrind >/dev/null; then
    echo "valgrind is missing: run scripts/install-deps.sh" >&2
    exit 1
fi

# valgrind cannot run a binary built with AddressSanitizer: make test runs
# this script in its plain pass, and the ASan pass has ASan itself.
if grep -q __asan_init "$CAPPHAT_BIN"; then
    test_expect_success 'valgrind runs in the plain pass (this build has AddressSanitizer)' 'true'
    test_done
    exit $?
fi

# vg ARGS...: capphat under valgrind; its report goes to vg-N.log
vg_n=0
vg() {
    vg_n=$((vg_n + 1))
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
        --suppressions="$SRC_DIR/tests/valgrind.supp" --log-file="$TEST_DIR/vg-$vg_n.log" \
        "$CAPPHAT_BIN" "$@"
    rc=$?
    if [ $rc -eq 99 ] || [ -s "$TEST_DIR/vg-$vg_n.log" ]; then
        echo "valgrind found errors in: capphat $*" >&2
        cat "$TEST_DIR/vg-$vg_n.log" >&2
        return 99
    fi
    return $rc
}

test_expect_success 'init' '
    vg init >out && grep "^created" out
'

test_expect_success 'person add, with a citizen ID' '
    vg person add --name "Nguyễn Văn An" --gender M --birth-year 1960 --ethnic Tày \
        --district "Ba Bể" --commune "Chợ Rã" --cccd 006060001234 >out &&
    test "$(cat out)" = 1
'

test_expect_success 'device add' '
    vg device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" --price 1500000 >out &&
    test "$(cat out)" = 1
'

test_expect_success 'handover and return' '
    vg handover --person 1 --imei $IMEI1 --date 2024-03-01 >out &&
    test "$(cat out)" = 01/BB-BDT &&
    vg return --imei $IMEI1 --reason defective >out &&
    grep "^returned" out
'

test_expect_success 'find, list (with --show-id), show' '
    vg find persons "nguyen van an" >out && grep "Nguyễn Văn An" out &&
    vg person list --show-id >out && grep 006060001234 out &&
    vg device show $IMEI1 >out && grep "^  IMEI" out
'

test_expect_success 'import of a small CSV, with a rejected row' '
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nMã Văn Tạ,Nam,1950,Tày,Chợ Rã,Ba Bể\nLò Thị Mai,Nữ,1955,Dao,Chợ Rã,Ba Bể\nX,Q,1950,Tày,Chợ Rã,Ba Bể\n" >p.csv &&
    vg import persons p.csv --skip-invalid --errors errors.csv >out 2>err;
    test $? -ne 99 && grep "^2 imported, 1 rejected" out
'

test_expect_success 'a refused command (an error path)' '
    vg handover --person 99 --imei $IMEI1 2>err;
    test $? = 1 && grep "no person with id 99" err
'

test_expect_success 'check and backup' '
    vg check >out && grep "^ok:" out &&
    vg backup copy.db >out && capphat --db copy.db check >/dev/null
'

test_done

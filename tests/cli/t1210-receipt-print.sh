#!/bin/sh
# capphat receipt ... --print: the PDF is saved and sent to CUPS; a private
# cupsd (tests/lib/cupsd.sh) with a capture queue receives the exact bytes.
# A print the printer did not take is no print: nothing is recorded, no PDF
# is left, and the error is clear; the next print is still the original.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$SRC_DIR/tests/lib/cupsd.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

test_expect_success 'no print server: nothing printed, recorded or saved; the error says so' '
    h=$(db_hash) &&
    CUPS_SERVER=$TEST_DIR/no-such.sock test_must_fail capphat receipt 1 -o n.pdf --print 2>err &&
    one_line_error err "nothing was printed or recorded" &&
    grep -q "cannot reach the print server" err &&
    test ! -e n.pdf &&
    test "$(sql "select count(*) from receipt_print")" = 0 &&
    capphat receipt 1 -o n.pdf --final >out &&
    grep -F "n.pdf written: 1 receipt" out &&
    ! grep -q "BẢN SAO" out
'

if ! cupsd_start "$TEST_DIR/cups"; then
    say "# cupsd could not start: skipping the printing tests"
    test_done
    exit $?
fi

test_expect_success 'print to the capture queue: the job is the PDF, byte for byte' '
    capphat receipt 2 3 -o p.pdf --print --printer capture >out &&
    grep -q "sent to the printer: job" out &&
    n=0 &&
    while [ -z "$(ls cups/out 2>/dev/null | grep "^job-")" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done &&
    job=$(ls cups/out | grep "^job-" | head -1) &&
    cmp p.pdf "cups/out/$job"
'

test_expect_success 'no default printer and an unknown printer are clear errors' '
    test_must_fail capphat receipt 4 -o q.pdf --print 2>err &&
    one_line_error err "no default printer" &&
    test ! -e q.pdf &&
    test_must_fail capphat receipt 4 -o q2.pdf --print --printer nosuch 2>err &&
    one_line_error err "no printer named '"'"'nosuch'"'"'; printers: capture"
'

test_on_file 'the folder beside the file' '--print without -o saves the PDF next to the database, named by its number' '
    lpadmin -d capture &&
    no=$(sql "select receipt_no from handover where id = 5") &&
    slug=$(echo "$no" | sed "s/[^A-Za-z0-9]\{1,\}/-/g; s/^-//; s/-\$//") &&
    capphat receipt 5 --print >out &&
    f=$(sed -n "s/ written: .*//p" out) &&
    test "$f" = "$TEST_DIR/receipts/bien-ban-$slug.pdf" &&
    test -s "$f" &&
    capphat receipt 5 --print >out &&
    f2=$(sed -n "s/ written: .*//p" out) &&
    test "$f2" = "$TEST_DIR/receipts/bien-ban-$slug-ban-sao.pdf" &&
    test -s "$f"
'

test_expect_success '--print asks for as many copies as the receipt has originals (receipt_copies)' '
    capphat settings set receipt_copies 3 >/dev/null &&
    rm -f cups/out/job-* cups/out/copies-* &&
    capphat receipt 6 -o six.pdf --print --printer capture >out &&
    n=0 &&
    while [ -z "$(ls cups/out 2>/dev/null | grep "^copies-")" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done &&
    test "$(cat cups/out/copies-*)" = 3 &&
    pdftotext six.pdf - | grep -F "lập thành 03 bản, Bên A giữ 02 bản, Bên B giữ 01 bản" &&
    capphat settings set receipt_copies 2 >/dev/null
'

test_expect_success 'the printer setting is the printer of --print without --printer' '
    lpadmin -x capture2 2>/dev/null; lpadmin -p capture2 -E -v "capture:$TEST_DIR/cups/out" &&
    capphat settings set printer capture2 >/dev/null &&
    capphat receipt 7 -o seven.pdf --print >out &&
    grep -F "sent to the printer: job" out &&
    capphat settings set printer "" >/dev/null
'

test_expect_success 'a job the printer fails is a failed print: nothing recorded, no PDF, the job gone' '
    lpadmin -p broken -E -v "capture:$TEST_DIR/no-such-folder" &&
    h=$(db_hash) &&
    test_must_fail capphat receipt 8 -o eight.pdf --print --printer broken 2>err &&
    one_line_error err "nothing was printed or recorded" &&
    grep -F "broken" err &&
    test ! -e eight.pdf &&
    test "$(sql "select count(*) from receipt_print where handover_id = 8")" = 0 &&
    test -z "$(lpstat -o broken 2>/dev/null)"
'

# wait_for PATTERN: until a file of cups/out matches PATTERN (5 s at most)
wait_for() {
    n=0
    while [ -z "$(ls cups/out 2>/dev/null | grep "$1")" ] && [ $n -lt 50 ]; do
        sleep 0.1; n=$((n + 1))
    done
}

test_expect_success 'the paper of the settings (paper_size): the receipt laid out on it, the job asks for it' '
    rm -f cups/out/job-* cups/out/options-* &&
    capphat receipt 9 -o nine.pdf --print --printer capture >out &&
    wait_for "^options-" &&
    grep -w "media=A4" cups/out/options-* &&
    pdfinfo nine.pdf | grep -x "Page size: *595.276 x 841.89 pts (A4)" &&
    capphat settings set paper_size a5 >/dev/null &&
    capphat settings | grep -x "paper_size	A5" &&
    rm -f cups/out/job-* cups/out/options-* &&
    capphat receipt 10 -o ten.pdf --print --printer capture >out &&
    wait_for "^options-" &&
    grep -w "media=A5" cups/out/options-* &&
    pdfinfo ten.pdf | grep -x "Page size: *419.528 x 595.276 pts" &&
    pdftotext ten.pdf - | grep -F "Trang 1/2" &&
    capphat settings set paper_size Letter >/dev/null &&
    rm -f cups/out/job-* cups/out/options-* &&
    capphat receipt 11 -o eleven.pdf --print --printer capture >out &&
    wait_for "^options-" &&
    grep -w "media=Letter" cups/out/options-* &&
    pdfinfo eleven.pdf | grep -x "Page size: *612 x 792 pts (letter)" &&
    capphat settings set paper_size "" >/dev/null
'

cupsd_stop "$TEST_DIR/cups"
test_done

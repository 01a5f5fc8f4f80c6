#!/bin/sh
# capphat receipt ... --print: the PDF is saved and sent to CUPS; a private
# cupsd (tests/lib/cupsd.sh) with a capture queue receives the exact bytes.
# Without a server or a printer the PDF is still saved and the error is clear.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$SRC_DIR/tests/lib/cupsd.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

test_expect_success 'no print server: the PDF is saved, the error says so' '
    CUPS_SERVER=$TEST_DIR/no-such.sock test_must_fail capphat receipt 1 -o n.pdf --print 2>err &&
    one_line_error err "saved but not printed" &&
    grep -q "cannot reach the print server" err &&
    test "$(pdfinfo n.pdf | sed -n "s/^Pages: *//p")" = 1
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
    test -s q.pdf &&
    test_must_fail capphat receipt 4 -o q2.pdf --print --printer nosuch 2>err &&
    one_line_error err "no printer named '"'"'nosuch'"'"'; printers: capture"
'

test_expect_success '--print without -o saves the PDF next to the database' '
    lpadmin -d capture &&
    capphat receipt 5 --print >out &&
    f=$(sed -n "s/ written: .*//p" out) &&
    case "$f" in "$TEST_DIR"/receipts/bien-ban-*.pdf) ;; *) false ;; esac &&
    test -s "$f"
'

cupsd_stop "$TEST_DIR/cups"
test_done

#!/bin/sh
# Printing where the work is: after a handover the dialog offers "Print
# receipt" (the default), "Save PDF…" and "Later"; the print dialog lists
# the print server's printers (a private cupsd with a capture queue),
# remembers the one chosen and shows the job's state; the PDF is named by
# the receipt number, and an existing file is never replaced unless the
# operator says y.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"
. "$SRC_DIR/tests/lib/cupsd.sh"

test_expect_success 'setup: two persons and two devices' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null
'

if ! cupsd_start "$TEST_DIR/cups"; then
    say "# cupsd could not start: skipping the printing tests"
    test_done
    exit $?
fi

test_expect_success 'hand over, Enter prints: the printers are listed, the job goes to the queue' '
    tui_start CUPS_SERVER="$CUPS_SERVER" &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "ma hoang" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518" && tui_keys Enter &&
    tui_wait "Receipt number: 01/BB-BDT" &&
    tui_wait "> Print receipt" && tui_wait "Save PDF…" && tui_wait "Later" &&
    tui_keys Enter &&
    tui_wait "> capture" &&
    tui_keys Enter &&
    tui_wait "Sent to the printer capture: job" 15 &&
    tui_wait_re "job [0-9]+, (completed|printing|pending)" &&
    tui_wait "bien-ban-01-BB-BDT.pdf" &&
    tui_keys Enter &&
    n=0 &&
    while [ -z "$(ls cups/out 2>/dev/null | grep "^job-")" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done &&
    job=$(ls cups/out | grep "^job-" | head -1) &&
    cmp "$TEST_DIR/receipts/bien-ban-01-BB-BDT.pdf" "cups/out/$job" &&
    capphat settings >out && grep -E "^printer.*capture" out
'

test_expect_success 'Save PDF…: a name from the receipt number; an existing file is kept on Enter and Esc' '
    echo keep >"$TEST_DIR/exist.pdf" &&
    tui_type "luc van" && tui_wait "Lục Văn Đông" && tui_keys Tab &&
    tui_type "356938035643809" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 356938035643809" && tui_keys Enter &&
    tui_wait "Receipt number: 02/BB-BDT" &&
    tui_keys Down && tui_wait "> Save PDF…" && tui_keys Enter &&
    tui_wait "Save the receipt as PDF" && tui_wait "bien-ban-02-BB-BDT.pdf" &&
    tui_keys C-u && tui_type "$TEST_DIR/exist.pdf" && tui_keys F2 &&
    tui_wait "Replace it" && tui_wait "[y] Yes    [Enter/Esc/n] No" &&
    tui_keys Enter && tui_wait_gone "Replace it" &&
    test "$(cat "$TEST_DIR/exist.pdf")" = keep &&
    tui_keys F2 && tui_wait "Replace it" && tui_keys Escape && tui_wait_gone "Replace it" &&
    test "$(cat "$TEST_DIR/exist.pdf")" = keep &&
    tui_keys F2 && tui_wait "Replace it" && tui_keys y &&
    tui_wait "written: $TEST_DIR/exist.pdf" &&
    pdftotext "$TEST_DIR/exist.pdf" - | grep -q 356938035643809
'

test_expect_success 'Reports prints too: receipts by number on the printer chosen last' '
    rm -f cups/out/job-* &&
    tui_keys Escape && tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Enter && tui_wait "Receipt numbers" &&
    tui_wait "No, only the PDF" &&
    tui_type "01/BB-BDT" && tui_keys Tab Tab &&
    tui_keys C-u && tui_type "capt" && tui_wait "capture" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait_re "sent to the printer capture: job [0-9]+" 15 &&
    n=0 &&
    while [ -z "$(ls cups/out 2>/dev/null | grep "^job-")" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done &&
    job=$(ls cups/out | grep "^job-" | head -1) &&
    pdftotext "cups/out/$job" - | grep -q "BẢN SAO"
'

test_expect_success 'quit; check passes' '
    tui_quit && capphat check
'

cupsd_stop "$TEST_DIR/cups"
test_done

#!/bin/sh
# The setting paper_size (A4, A5, Letter; never given: A4): checked and
# audited as every setting, the page of every receipt and return record,
# and the paper of every workbook's page set-up (A4 9, Letter 1, as
# openpyxl reads it; with A5 the lists stay on A4, where they can be signed). The print job's media: t1210-receipt-print.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

# papers FILE.xlsx: the paper code of each sheet, the distinct ones sorted
papers() {
    $PYTHON -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print(' '.join(sorted(set(str(ws.page_setup.paperSize) for ws in wb.worksheets))))" "$1"
}

test_expect_success 'paper_size: empty by default (A4), A4, A5 or Letter in any case, anything else refused' '
    capphat settings | grep -x "paper_size	" &&
    h=$(db_hash) &&
    test_must_fail capphat settings set paper_size A3 2>err &&
    one_line_error err "paper_size ${SQ}A3${SQ} must be A4, A5 or Letter" &&
    test "$(db_hash)" = "$h" &&
    capphat --operator "Hoàng Thị Mai" settings set paper_size letter &&
    capphat settings | grep -x "paper_size	Letter" &&
    test "$(sql "select operator from audit_log order by id desc limit 1")" = "Hoàng Thị Mai (tester)" &&
    capphat settings set paper_size a5 &&
    capphat settings | grep -x "paper_size	A5"
'

test_expect_success 'receipts and return records on A5 pages, a long one running over; the lists stay on A4' '
    capphat receipt 1 2 -o r.pdf --final >out &&
    pdfinfo r.pdf >info &&
    grep -x "Page size: *419.528 x 595.276 pts" info &&
    n=$(sed -n "s/^Pages: *//p" info) && test "$n" -ge 2 &&
    pdftotext r.pdf - | grep -F "Trang 1/2" &&
    imei=$(sql "select d.imei from device d join handover h on h.device_id = d.id where h.id = 3") &&
    capphat return --imei "$imei" --reason died --date 2025-06-30 >out &&
    no=$(sed -n "s/^return record //p" out) &&
    capphat receipt "$no" -o t.pdf >/dev/null &&
    pdftotext t.pdf - | grep -F "BIÊN BẢN THU HỒI" &&
    pdfinfo t.pdf | grep -x "Page size: *419.528 x 595.276 pts" &&
    capphat export handover -o h.xlsx >/dev/null &&
    test "$(papers h.xlsx)" = 9 &&
    capphat export summary -o s.xlsx >/dev/null &&
    test "$(papers s.xlsx)" = 9 &&
    capphat export attendance --session 1 -o a.xlsx >/dev/null &&
    test "$(papers a.xlsx)" = 9
'

test_expect_success 'Letter and A4: the receipt and the workbooks follow' '
    capphat settings set paper_size Letter &&
    capphat receipt 4 -o l.pdf >/dev/null &&
    pdfinfo l.pdf | grep -x "Page size: *612 x 792 pts (letter)" &&
    capphat export handover -o hl.xlsx >/dev/null &&
    test "$(papers hl.xlsx)" = 1 &&
    capphat settings set paper_size A4 &&
    capphat receipt 4 -o a4.pdf >/dev/null &&
    pdfinfo a4.pdf | grep -x "Page size: *595.276 x 841.89 pts (A4)" &&
    capphat export handover -o h4.xlsx >/dev/null &&
    test "$(papers h4.xlsx)" = 9
'

test_done

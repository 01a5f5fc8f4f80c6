#!/bin/sh
# Every return has its own numbered return record (biên bản thu hồi), a
# series of its own: `return` prints its number, `receipt NUMBER` writes it
# (preview, original, copy as receipts), `receipt unsigned --returns` lists
# it until `receipt signed NUMBER` marks it. (Upgrading a database of an
# earlier schema version through step 14: t0110.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 30 --seed 7 >/dev/null || exit 1

pages() { pdfinfo "$1" | sed -n "s/^Pages: *//p"; }
held() { sql "select d.imei from handover h join device d on d.id = h.device_id where h.returned_on is null order by h.id limit 1 offset $1"; }

test_expect_success 'a return prints the number of its record, a series of its own' '
    imei=$(held 0) && hid=$(sql "select id from handover where returned_on is null order by id limit 1") &&
    first=$(sql "select count(*) from handover where return_no is not null") &&
    capphat return --imei "$imei" --reason defective --decision "45/QĐ-BDT ngày 20/06/2025" \
        --date 2025-06-25 --note "Màn hình vỡ" >out &&
    no=$(sed -n "s/^return record //p" out) &&
    test "$no" = "$(printf "%02d/BBTH-BDT" $((first + 1)))" &&
    test "$(sql "select return_no from handover where id = $hid")" = "$no" &&
    echo "$no" >no
'

test_expect_success 'receipt NUMBER: the return record, one A4 page, who, what, when, why, state, decision' '
    no=$(cat no) &&
    capphat receipt "$no" -o r.pdf --final >out &&
    grep -q "r.pdf written: 1 receipt$" out &&
    test "$(pages r.pdf)" = 1 && pdfinfo r.pdf | grep -q "A4" &&
    pdfinfo r.pdf | grep -F "Biên bản thu hồi $no" &&
    pdftotext r.pdf - | tr "\n" " " >r.txt &&
    grep -F "BIÊN BẢN THU HỒI" r.txt && grep -F "Số: $no" r.txt &&
    grep -F "ngày 25 tháng 6 năm 2025" r.txt &&
    grep -F "Căn cứ Quyết định số 45/QĐ-BDT ngày 20/06/2025" r.txt &&
    grep -F "Lý do thu hồi: thiết bị bị hỏng." r.txt &&
    grep -F "Bị hỏng" r.txt && grep -F "chuyển đi sửa chữa" r.txt &&
    grep -F "Ghi chú: Màn hình vỡ" r.txt &&
    name=$(sql "select p.full_name from handover h join person p on p.id = h.person_id where h.return_no = ${SQ}$no${SQ}") &&
    receipt=$(sql "select receipt_no from handover where return_no = ${SQ}$no${SQ}") &&
    grep -F "$name" r.txt && grep -F "Biên bản bàn giao số $receipt" r.txt &&
    grep -F "ĐẠI DIỆN BÊN THU HỒI" r.txt && grep -F "ĐẠI DIỆN BÊN TRẢ LẠI" r.txt &&
    ! grep -F "BẢN SAO" r.txt &&
    pdftoppm -png -r 40 r.pdf r && test -s r-1.png
'

test_expect_success 'a reprint is a copy of the kept data; a preview is marked and keeps nothing' '
    no=$(cat no) &&
    capphat receipt "$no" -o c.pdf --final >out &&
    grep -F "1 reprinted, marked BẢN SAO" out &&
    pdftotext c.pdf - | grep -F "BẢN SAO" &&
    test "$(sql "select prints from return_print p join handover h on h.id = p.handover_id where h.return_no = ${SQ}$no${SQ}")" = 2 &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}return.print${SQ}")" = 1 &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}return.reprint${SQ}")" = 1 &&
    capphat return --imei "$(held 0)" --reason died --date 2025-06-26 >out &&
    no2=$(sed -n "s/^return record //p" out) &&
    capphat receipt "$no2" -o p.pdf >out &&
    grep -F "a preview marked BẢN XEM TRƯỚC" out &&
    pdftotext p.pdf - | grep -F "BẢN XEM TRƯỚC" &&
    pdftotext p.pdf - | grep -F "người có uy tín đã qua đời" &&
    test "$(sql "select count(*) from return_print p join handover h on h.id = p.handover_id where h.return_no = ${SQ}$no2${SQ}")" = 0
'

test_expect_success 'receipt unsigned --returns lists them until receipt signed marks them' '
    no=$(cat no) &&
    capphat receipt unsigned --returns >list &&
    grep -q "^$no	25/06/2025	" list &&
    capphat receipt signed "$no" --archive "HS-TH-01" >out &&
    grep -F "$no signed" out &&
    test "$(sql "select return_signed_on || ${SQ}|${SQ} || return_archive_ref from handover where return_no = ${SQ}$no${SQ}")" = "2025-06-30|HS-TH-01" &&
    capphat receipt unsigned --returns >list &&
    ! grep -q "^$no	" list &&
    test_must_fail capphat receipt signed "$no" 2>err &&
    one_line_error err "return record $no was already signed on 30/06/2025 (archive HS-TH-01)" &&
    test_must_fail capphat receipt 4 --returns 2>err &&
    one_line_error err "--returns goes with unsigned" &&
    capphat check >/dev/null
'

test_done

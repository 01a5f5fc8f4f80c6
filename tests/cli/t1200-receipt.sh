#!/bin/sh
# capphat receipt ID... / --commune NAME -o OUT.pdf: one A4 page per
# handover, read back with pdfinfo and pdftotext; the first print is kept
# and a reprint is made from it, marked BẢN SAO.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

# the open handovers of Chợ Rã (Ba Bể), in name order
sql "select h.id from handover h join person p on p.id = h.person_id join unit c on c.id = p.commune_id where c.name = ${SQ}Chợ Rã${SQ} and h.returned_on is null order by p.sort_key" >"$TEST_DIR/chora.ids"

pages() { pdfinfo "$1" | sed -n "s/^Pages: *//p"; }

test_expect_success 'receipt by ids and receipt numbers: one page each, names and IMEIs' '
    no3=$(sql "select receipt_no from handover where id = 3") &&
    capphat receipt 1 2 "$no3" -o r.pdf --final >out &&
    grep -q "r.pdf written: 3 receipts$" out &&
    test "$(pages r.pdf)" = 3 &&
    pdfinfo r.pdf | grep -q "A4" &&
    pdftotext -layout r.pdf r.txt &&
    for id in 1 2 3; do
        name=$(sql "select p.full_name from handover h join person p on p.id = h.person_id where h.id = $id") &&
        imei=$(sql "select d.imei from handover h join device d on d.id = h.device_id where h.id = $id") &&
        no=$(sql "select receipt_no from handover where id = $id") &&
        grep -qF "$name" r.txt && grep -qF "$imei" r.txt && grep -qF "Số: $no" r.txt || return 1
    done &&
    grep -q "BIÊN BẢN BÀN GIAO" r.txt &&
    grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" r.txt &&
    grep -q "ĐẠI DIỆN BÊN GIAO" r.txt && grep -q "ĐẠI DIỆN BÊN NHẬN" r.txt &&
    ! grep -q "BẢN SAO" r.txt &&
    test "$(stat -c %a r.pdf)" = 600
'

test_expect_success 'receipt --commune: every open handover of the commune, name order' '
    capphat receipt --commune "Chợ Rã" --district "Ba Bể" -o c.pdf --final >out &&
    test "$(pages c.pdf)" = "$(wc -l <chora.ids)" &&
    for id in $(cat chora.ids); do
        sql "select p.full_name from handover h join person p on p.id = h.person_id where h.id = $id" || return 1
    done >expect &&
    pdftotext c.pdf - | sed -n -E "s/^- (Ông|Bà|Ông \(bà\)): //p" >all &&
    grep -Fxf expect all >actual &&
    test_cmp expect actual
'

test_expect_success 'a reprint is made from the kept data and marked BẢN SAO' '
    id=$(head -1 chora.ids) &&
    pid=$(sql "select person_id from handover where id = $id") &&
    old=$(sql "select full_name from person where id = $pid") &&
    capphat receipt $id -o first.pdf --final >/dev/null 2>&1 || true &&
    capphat person edit $pid --name "Tên Đã Đổi" >/dev/null &&
    capphat receipt $id -o again.pdf --final >out &&
    grep -q "written: 1 receipt (1 reprinted, marked BẢN SAO)" out &&
    pdftotext again.pdf again.txt &&
    grep -qF "$old" again.txt &&
    ! grep -q "Tên Đã Đổi" again.txt &&
    grep -q "BẢN SAO" again.txt &&
    capphat receipt $id -o third.pdf --final >/dev/null &&
    pdftotext third.pdf third.txt &&
    test_cmp again.txt third.txt
'

test_expect_success 'original and reprint differ only by the BẢN SAO mark' '
    hid=$(sql "select max(id) from handover where returned_on is null") &&
    capphat receipt $hid -o o.pdf --final >/dev/null &&
    pdftotext -layout o.pdf o.txt &&
    capphat settings set office_name "SỞ KHÁC" >/dev/null &&
    capphat receipt $hid -o c2.pdf --final >/dev/null &&
    pdftotext -layout c2.pdf c2.txt &&
    grep -v -e "BẢN SAO" -e "^ *$" c2.txt >c2-nomark.txt &&
    grep -v -e "BẢN SAO" -e "^ *$" o.txt >o-nomark.txt &&
    test_cmp o-nomark.txt c2-nomark.txt &&
    ! grep -q "BẢN SAO" o.txt && grep -q "BẢN SAO" c2.txt &&
    capphat settings set office_name "BAN DÂN TỘC" >/dev/null
'

test_expect_success 'each print is audited with the kept data, and check still passes' '
    test "$(sql "select count(*) from audit_log where entity = ${SQ}receipt_print${SQ} and action = ${SQ}receipt.reprint${SQ}")" -ge 2 &&
    test "$(sql "select count(*) from audit_log where entity = ${SQ}handover${SQ} and action like ${SQ}receipt.print%${SQ}")" = 0 &&
    test "$(sql "select prints from receipt_print where handover_id = 1")" = 1 &&
    capphat check >out
'

test_on_file 'the receipts folder beside the file' 'receipt errors: unknown id, missing folder leave nothing recorded; no -o: a preview in the receipts folder' '
    test_must_fail capphat receipt 9999 -o x.pdf --final 2>err &&
    one_line_error err "no handover with id or receipt number '"'"'9999'"'"'" &&
    capphat receipt 4 >out &&
    grep -F "$TEST_DIR/receipts/" out && grep -F "xem-truoc.pdf written" out &&
    test_must_fail capphat receipt 4 -o nowhere/x.pdf --final 2>err &&
    one_line_error err "does not exist" &&
    test "$(sql "select count(*) from receipt_print where handover_id = 4")" = 0 &&
    test ! -e x.pdf
'

test_expect_success 'receipt signed and unsigned still work' '
    no=$(sql "select receipt_no from handover where id = 4") &&
    capphat receipt signed "$no" --archive "HS-01" >out &&
    grep -q "signed" out &&
    capphat receipt unsigned >out &&
    ! grep -qF "$no	" out
'

test_expect_success 'without --print or --final, a preview: marked, nothing kept, its viewing logged' '
    id=$(sql "select h.id from handover h left join receipt_print r on r.handover_id = h.id where r.handover_id is null and h.returned_on is null limit 1") &&
    capphat receipt $id -o p.pdf >out &&
    grep -F "p.pdf written: 1 receipt, a preview marked BẢN XEM TRƯỚC" out &&
    pdftotext p.pdf - | grep -F "BẢN XEM TRƯỚC" &&
    test "$(sql "select count(*) from receipt_print where handover_id = $id")" = 0 &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}receipt.preview${SQ} and entity_id = $id")" -ge 1 &&
    capphat receipt $id -o f.pdf --final >out &&
    ! grep -F "BẢN SAO" out &&
    ! pdftotext f.pdf - | grep -e "BẢN SAO" -e "XEM TRƯỚC" &&
    capphat receipt $id >out &&
    f=$(sed -n "s/ written: .*//p" out) &&
    case "$f" in *-xem-truoc*.pdf) ;; *) false ;; esac &&
    pdftotext "$f" - | grep -F "BẢN XEM TRƯỚC" &&
    test_must_fail capphat receipt $id --final --print 2>err &&
    one_line_error err "--final"
'

test_expect_success '--preview names the default: a preview even after the original, never with --print or --final' '
    id=$(sql "select handover_id from receipt_print limit 1") &&
    prints=$(sql "select prints from receipt_print where handover_id = $id") &&
    capphat receipt $id -o pv.pdf --preview >out &&
    grep -F "pv.pdf written: 1 receipt, a preview marked BẢN XEM TRƯỚC" out &&
    pdftotext pv.pdf - | grep -F "BẢN XEM TRƯỚC" &&
    test "$(sql "select prints from receipt_print where handover_id = $id")" = "$prints" &&
    test_must_fail capphat receipt $id --preview --final 2>err &&
    one_line_error err "--preview is not the original: not with --print or --final" &&
    test_must_fail capphat receipt $id --preview --print 2>err &&
    one_line_error err "--preview is not the original: not with --print or --final"
'

test_expect_success 'a long venue and the agency in full: one page; the place in the date line, the venue in the body' '
    capphat settings set parent_body "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" >/dev/null &&
    p=$(sql "select p.id from person p where not exists (select 1 from handover h where h.person_id = p.id and h.returned_on is null) limit 1") &&
    imei=$(sql "select imei from device d where status = ${SQ}in_stock${SQ} and not exists (select 1 from handover h where h.device_id = d.id and h.returned_on is null) limit 1") &&
    no=$(capphat handover --person $p --imei $imei --date 2025-06-20 \
        --place "Hội trường Ủy ban nhân dân xã Mỹ Phương, huyện Ba Bể (nhà văn hóa thôn Thôm Pục)") &&
    capphat receipt "$no" -o v.pdf --final >out &&
    test "$(pages v.pdf)" = 1 &&
    pdftotext v.pdf - | tr "\n" " " >v.txt &&
    grep -F "Bắc Kạn, ngày 20 tháng 6 năm 2025" v.txt &&
    grep -F "tại Hội trường Ủy ban nhân dân xã Mỹ Phương, huyện Ba Bể (nhà văn hóa thôn Thôm Pục)" v.txt &&
    grep -F "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" v.txt &&
    grep -E "Căn cứ Quyết định số [0-9]+/QĐ-UBND ngày [0-9]{2}/[0-9]{2}/20[0-9]{2} về việc" v.txt &&
    ! grep -F "Đợt cấp phát: Đợt" v.txt &&
    ! grep -F "Cán bộ bàn giao" v.txt
'

test_expect_success 'a successor receipt names the predecessor, the reason and the decision' '
    from=$(sql "select person_id from handover where returned_on is null limit 1") &&
    fname=$(sql "select full_name from person where id = $from") &&
    to=$(sql "select p.id from person p where not exists (select 1 from handover h where h.person_id = p.id) limit 1") &&
    no=$(capphat handover --successor $to --from $from --reason died --decision "15/QĐ-UBND" --date 2025-06-25 | tail -1) &&
    capphat receipt "$no" -o s.pdf --final >/dev/null &&
    pdftotext s.pdf - | tr "\n" " " | sed "s/  */ /g" >s.txt &&
    grep -F "Thiết bị được thu hồi từ người có uy tín $fname (lý do: người có uy tín đã qua đời), theo Quyết định số 15/QĐ-UBND, nay bàn giao cho người thay thế." s.txt
'

test_done

#!/bin/sh
# capphat handover edit: a handover's place, date, officer and note are
# corrected while its receipt is unsigned, as an audited change; refused
# once signed; a correction after the original was printed makes the next
# print a corrected original that says so, not a copy.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 30 --seed 7 >/dev/null || exit 1

unsigned=$(sql "select receipt_no from handover where signed_on is null and returned_on is null order by id limit 1")
signed=$(sql "select receipt_no from handover where signed_on is not null order by id limit 1")
hid=$(sql "select id from handover where receipt_no = ${SQ}$unsigned${SQ}")

test_expect_success 'place, officer and note corrected before any print: audited, printed as an original' '
    capphat handover edit "$unsigned" --place "Nhà văn hóa thôn Thôm Pục" --officer "Lý Thị Hoa" \
        --note "Máy có vết xước nhẹ ở mặt lưng" >out &&
    grep -qx "handover $unsigned corrected" out &&
    test "$(sql "select place || ${SQ}|${SQ} || officer || ${SQ}|${SQ} || note from handover where id = $hid")" = \
        "Nhà văn hóa thôn Thôm Pục|Lý Thị Hoa|Máy có vết xước nhẹ ở mặt lưng" &&
    test "$(sql "select count(*) from handover where id = $hid and corrected_on is null")" = 1 &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}handover.edit${SQ} and entity_id = $hid")" = 1 &&
    capphat receipt "$unsigned" -o a.pdf --final >/dev/null &&
    pdftotext a.pdf - | tr "\n" " " >a.txt &&
    grep -F "tại Nhà văn hóa thôn Thôm Pục" a.txt &&
    grep -F "Lý Thị Hoa" a.txt &&
    grep -F "Ghi chú: Máy có vết xước nhẹ ở mặt lưng" a.txt &&
    ! grep -e "BẢN SAO" -e "điều chỉnh" a.txt
'

test_expect_success 'the same values again change nothing and log nothing' '
    entries=$(sql "select count(*) from audit_log") &&
    capphat handover edit "$hid" --place "Nhà văn hóa thôn Thôm Pục" >out &&
    test "$(sql "select count(*) from audit_log")" = "$entries"
'

test_expect_success 'a correction after the print: the next print is a corrected original, then copies of it' '
    capphat handover edit "$unsigned" --date 2024-01-20 >out &&
    grep -F "its printed receipt is superseded" out &&
    test "$(sql "select count(*) from receipt_print where handover_id = $hid")" = 0 &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}receipt.superseded${SQ} and entity_id = $hid and after is null")" = 1 &&
    today=$(sql "select corrected_on from handover where id = $hid") &&
    shown=$(echo "$today" | sed -E "s/(....)-(..)-(..)/\3\/\2\/\1/") &&
    capphat receipt "$unsigned" -o b.pdf --final >out &&
    ! grep -F "BẢN SAO" out &&
    pdftotext b.pdf - | tr "\n" " " >b.txt &&
    grep -F "Bản đã điều chỉnh ngày $shown" b.txt &&
    grep -F "ngày 20 tháng 01 năm 2024" b.txt &&
    ! grep -F "BẢN SAO" b.txt &&
    capphat receipt "$unsigned" -o c.pdf --final >out &&
    grep -F "BẢN SAO" out &&
    pdftotext c.pdf - | grep -F "BẢN SAO · Bản đã điều chỉnh ngày $shown" &&
    capphat check >/dev/null
'

test_expect_success 'a signed receipt is not corrected: one line naming it, nothing changed' '
    entries=$(sql "select count(*) from audit_log") &&
    test_must_fail capphat handover edit "$signed" --place "Khác" 2>err &&
    one_line_error err "receipt $signed was signed on" &&
    grep -F "a signed receipt is not corrected" err &&
    test "$(sql "select count(*) from audit_log")" = "$entries"
'

test_expect_success 'bad values are refused and name what is wrong' '
    test_must_fail capphat handover edit "$unsigned" --date 2030-01-01 2>err &&
    one_line_error err "future" &&
    test_must_fail capphat handover edit "$unsigned" --date 2000-01-01 2>err &&
    one_line_error err "before imei" &&
    test_must_fail capphat handover edit "$unsigned" 2>err &&
    one_line_error err "give what to correct" &&
    test_must_fail capphat handover edit 99999 --note x 2>err &&
    one_line_error err "no handover with id or receipt number"
'

test_expect_success 'an empty value clears the note; check passes' '
    capphat handover edit "$unsigned" --note "" >/dev/null &&
    test "$(sql "select count(*) from handover where id = $hid and note is null")" = 1 &&
    capphat check >/dev/null
'

test_done

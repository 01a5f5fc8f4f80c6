#!/bin/sh
# capphat handover / return / receipt: numbered receipts, the rules of who
# may hold what, returns with each reason, passing on to a successor.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: three persons, five devices' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    for i in $IMEI1 $IMEI2 $IMEI3 $IMEI4 $IMEI5; do
        capphat device add --delivered 2023-06-01 --imei $i --model "Samsung Galaxy A05" >/dev/null || return 1
    done &&
    test "$(capphat device list --status in_stock | wc -l)" = 6
'

test_expect_success 'handover prints receipt 01/BB-BDT, then 02/BB-BDT' '
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 --place "UBND xã Chợ Rã" \
        --officer "Hà Văn Giao" >out &&
    echo 01/BB-BDT >expect && test_cmp expect out &&
    capphat handover --person 2 --imei "35-693803-564380-9" --date 02/03/2024 >out &&
    echo 02/BB-BDT >expect && test_cmp expect out
'

test_expect_success 'the handover is recorded with its date, place and officer' '
    test "$(sql "select handed_on, place, officer, person_id from handover where receipt_no = ${SQ}01/BB-BDT${SQ}")" = "2024-03-01|UBND xã Chợ Rã|Hà Văn Giao|1" &&
    capphat device show $IMEI1 >show &&
    test "$(field Status show)" = "handed over" &&
    test "$(field "Held by" show)" = "Nguyễn Văn An (person 1, receipt 01/BB-BDT)"
'

test_expect_success 'place and officer default to the settings' '
    test "$(sql "select place from handover where receipt_no = ${SQ}02/BB-BDT${SQ}")" = "Bắc Kạn"
'

test_expect_success 'a device already handed over is refused, naming its holder' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI1 >out 2>err &&
    one_line_error err "imei ${SQ}$IMEI1${SQ} is already handed over to Nguyễn Văn An (person 1, receipt 01/BB-BDT)" &&
    test ! -s out &&
    unchanged_after "$h"
'

test_expect_success 'a device under repair, lost or written off is refused' '
    capphat device status $IMEI5 repair >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI5 2>err &&
    one_line_error err "imei ${SQ}$IMEI5${SQ} cannot be handed over: it is under repair" &&
    unchanged_after "$h" &&
    capphat device status $IMEI5 lost >/dev/null &&
    test_must_fail capphat handover --person 3 --imei $IMEI5 2>err &&
    one_line_error err "it is reported lost" &&
    capphat device status $IMEI5 written_off >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI5 2>err &&
    one_line_error err "it is written off" &&
    unchanged_after "$h"
'

test_expect_success 'a second open handover for a person in the same round is refused' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 1 --imei $IMEI3 2>err &&
    one_line_error err "person 1 (Nguyễn Văn An) already holds imei $IMEI1 in this round (receipt 01/BB-BDT): return it first" &&
    unchanged_after "$h"
'

test_expect_success 'an unknown person or IMEI is refused' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 99 --imei $IMEI3 2>err &&
    one_line_error err "no person with id 99" &&
    test_must_fail capphat handover --person 3 --imei $IMEI6 2>err &&
    one_line_error err "imei ${SQ}$IMEI6${SQ} is not registered" &&
    test_must_fail capphat handover --person 3 --imei $BAD_IMEI 2>err &&
    one_line_error err "fails its check digit" &&
    test_must_fail capphat handover --person x --imei $IMEI3 2>err &&
    one_line_error err "person ${SQ}x${SQ} is not an id" &&
    unchanged_after "$h"
'

test_expect_success 'a date in the future is refused; so is a date not in the calendar' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI3 --date 2099-01-01 2>err &&
    one_line_error err "date ${SQ}2099-01-01${SQ} is in the future" &&
    CAPPHAT_TODAY=2024-06-01 test_must_fail capphat handover --person 3 --imei $IMEI3 \
        --date 2024-06-02 2>err &&
    one_line_error err "date ${SQ}2024-06-02${SQ} is in the future" &&
    test_must_fail capphat handover --person 3 --imei $IMEI3 --date 2024-02-30 2>err &&
    one_line_error err "date ${SQ}2024-02-30${SQ}" &&
    unchanged_after "$h"
'

test_expect_success 'an inactive person receives nothing' '
    capphat person edit 3 --active no >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI3 2>err &&
    one_line_error err "person 3 (Lê Văn Đông) is no longer active: choose the successor" &&
    unchanged_after "$h" &&
    capphat person edit 3 --active yes >/dev/null
'

test_expect_success 'handover options: usage errors exit 2' '
    test_expect_code 2 capphat handover --person 3 2>err &&
    one_line_error err "--person and --imei are required" &&
    test_expect_code 2 capphat handover --successor 3 2>err &&
    one_line_error err "--successor and --from go together" &&
    test_expect_code 2 capphat handover --successor 3 --from 1 --imei $IMEI1 2>err &&
    one_line_error err "do not give --person or --imei" &&
    test_expect_code 2 capphat handover --person 3 --imei $IMEI3 --reason died 2>err &&
    one_line_error err "--reason and --decision go with --successor"
'

test_expect_success 'return of a device in stock is refused' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI3 --reason died 2>err &&
    one_line_error err "imei ${SQ}$IMEI3${SQ} is not handed over (it is in stock): nothing to return" &&
    unchanged_after "$h"
'

test_expect_success 'return with an unknown reason is refused' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI1 --reason broken 2>err &&
    one_line_error err "reason ${SQ}broken${SQ} must be one of died, replaced, defective, lost, other" &&
    test_expect_code 2 capphat return --imei $IMEI1 2>err &&
    one_line_error err "--imei and --reason are required" &&
    unchanged_after "$h"
'

test_expect_success 'return before the handover date is refused' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI1 --reason died --date 2024-02-01 2>err &&
    one_line_error err "return date ${SQ}2024-02-01${SQ} is before the handover date 01/03/2024" &&
    unchanged_after "$h"
'

test_expect_success 'return, reason defective: the device goes to repair' '
    capphat return --imei $IMEI1 --reason defective --decision "QĐ 7/2024" --date 2024-03-20 >out &&
    grep -x "returned $IMEI1 (defective)" out &&
    capphat device show $IMEI1 >show &&
    test "$(field Status show)" = "under repair" &&
    test "$(sql "select return_reason, return_decision from handover where receipt_no = ${SQ}01/BB-BDT${SQ}")" = "defective|QĐ 7/2024"
'

test_expect_success 'return, reason lost: the device is marked lost' '
    capphat handover --person 1 --imei $IMEI3 --date 2024-04-01 >out &&
    echo 03/BB-BDT >expect && test_cmp expect out &&
    capphat return --imei $IMEI3 --reason lost --date 2024-04-02 >/dev/null &&
    capphat device show $IMEI3 >show &&
    test "$(field Status show)" = lost
'

test_expect_success 'return, reason died: the device is back in stock' '
    capphat handover --person 1 --imei $IMEI4 --date 2024-04-02 >/dev/null &&
    capphat return --imei $IMEI4 --reason died --note "mất ngày 1/5" >/dev/null &&
    capphat device show $IMEI4 >show &&
    test "$(field Status show)" = "in stock"
'

test_expect_success 'return, reasons replaced and other: back in stock' '
    capphat handover --person 1 --imei $IMEI4 >/dev/null &&
    capphat return --imei $IMEI4 --reason replaced >/dev/null &&
    test "$(sql "select status from device where imei = ${SQ}$IMEI4${SQ}")" = in_stock &&
    capphat handover --person 1 --imei $IMEI4 >/dev/null &&
    capphat return --imei $IMEI4 --reason other >/dev/null &&
    test "$(sql "select status from device where imei = ${SQ}$IMEI4${SQ}")" = in_stock
'

test_expect_success 'a second return of the same device is refused' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI4 --reason died 2>err &&
    one_line_error err "is not handed over (it is in stock)" &&
    unchanged_after "$h"
'

test_expect_success 'pass on: --successor --from returns and hands over in one step' '
    capphat handover --successor 3 --from 2 --reason died --decision "QĐ 9" --date 2024-05-01 >all 2>err &&
    test ! -s err && test "$(wc -l <all)" = 2 &&
    no=$(sql "select return_no from handover where receipt_no = ${SQ}02/BB-BDT${SQ}") && test -n "$no" &&
    test "$(sed -n 1p all)" = "return record $no: print it with ${SQ}capphat receipt $no${SQ}" &&
    sed -n 2p all >out &&
    test "$(cat out)" = "$(sql "select receipt_no from handover order by id desc limit 1")" &&
    capphat device show $IMEI2 >show &&
    test "$(field "Held by" show)" = "Lê Văn Đông (person 3, receipt $(cat out))" &&
    test "$(sql "select return_reason, return_decision from handover where receipt_no = ${SQ}02/BB-BDT${SQ}")" = "died|QĐ 9" &&
    test "$(sql "select p.receipt_no from handover h join handover p on p.id = h.predecessor_id where h.receipt_no = ${SQ}$(cat out)${SQ}")" = 02/BB-BDT
'

test_expect_success 'pass on from a person holding nothing is refused' '
    h=$(db_hash) &&
    test_must_fail capphat handover --successor 1 --from 2 2>err &&
    one_line_error err "person 2 (Hoàng Thị Bích) holds no device to pass on" &&
    unchanged_after "$h"
'

test_expect_success 'pass on to a successor who already holds one is refused, nothing changes' '
    capphat handover --person 2 --imei $IMEI4 >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --successor 3 --from 2 2>err &&
    one_line_error err "person 3 (Lê Văn Đông) already holds imei $IMEI2" &&
    unchanged_after "$h" &&
    test "$(sql "select count(*) from handover where returned_on is null")" = 2
'

test_expect_success 'pass on: same person, or a reason that is not a passing, refused' '
    test_must_fail capphat handover --successor 2 --from 2 2>err &&
    one_line_error err "successor 2 is the same person as the current holder (--from ID)" &&
    test_must_fail capphat handover --successor 1 --from 2 --reason lost 2>err &&
    one_line_error err "reason ${SQ}lost${SQ}: a device passed on must be one of died, replaced, other"
'

test_expect_success 'receipt unsigned lists the open receipts not yet signed' '
    capphat receipt unsigned >list &&
    printf "receipt\tdate\tperson_id\tname\timei\n" >expect &&
    head -1 list >header && test_cmp expect header &&
    test "$(wc -l <list)" = 3 &&
    grep -F "$(printf "\t3\tLê Văn Đông\t$IMEI2")" list
'

test_expect_success 'receipt signed marks the paper, with its archive reference' '
    r=$(sql "select receipt_no from handover where person_id = 3 and returned_on is null") &&
    capphat receipt signed "$r" --archive "Hộp 3" --date 2024-06-01 >out &&
    grep -x "$r signed" out &&
    capphat receipt unsigned >list &&
    ! grep -F "$r" list &&
    test "$(wc -l <list)" = 2 &&
    test "$(sql "select signed_on, archive_ref from handover where receipt_no = ${SQ}$r${SQ}")" = "2024-06-01|Hộp 3" &&
    capphat person show 3 >show &&
    grep -F "signed 01/06/2024 (archive Hộp 3)" show
'

test_expect_success 'receipt signed again is reported and changes nothing; unknown numbers fail' '
    r=$(sql "select receipt_no from handover where person_id = 3 and returned_on is null") &&
    h=$(db_hash) && entries=$(audit_count) &&
    test_must_fail capphat receipt signed "$r" --archive "Hộp 9" 2>err &&
    one_line_error err "receipt $r was already signed on 01/06/2024 (archive Hộp 3): nothing changed" &&
    unchanged_after "$h" && test "$(audit_count)" = "$entries" &&
    test_must_fail capphat receipt signed 99/BB-BDT 2>err &&
    one_line_error err "no handover with id or receipt number ${SQ}99/BB-BDT${SQ}" &&
    unchanged_after "$h" &&
    test_expect_code 2 capphat receipt 2>err &&
    test "$(wc -l <err)" = 1
'

test_expect_success 'receipt unsigned --district/--commune filter' '
    capphat receipt unsigned --district "ba be" --commune "cho ra" >list &&
    test "$(wc -l <list)" = 2 &&
    capphat receipt unsigned --district "ba be" --commune "my phuong" >list &&
    test "$(wc -l <list)" = 1
'

test_expect_success 'a receipt_format change is reflected in the next receipt' '
    capphat settings set receipt_format "{N}/{YYYY}/BB-DT" &&
    capphat settings >s && grep -F "$(printf "receipt_format\t{N}/{YYYY}/BB-DT")" s &&
    capphat device status $IMEI1 in_stock >/dev/null &&
    add_person "Người Định Dạng" >id &&
    capphat handover --person "$(cat id)" --imei $IMEI1 --date 2024-07-01 >out &&
    grep -x "[0-9][0-9]/2024/BB-DT" out
'

test_expect_success 'with the year in the format, numbers restart at 01 each year' '
    capphat device add --delivered 2023-06-01 --imei $IMEI6 --model X >/dev/null &&
    add_person "Người Năm Sau" >id &&
    capphat handover --person "$(cat id)" --imei $IMEI6 --date 2025-01-02 >out &&
    echo 01/2025/BB-DT >expect && test_cmp expect out
'

test_expect_success 'without the year in the format, a new year never repeats a number' '
    capphat settings set receipt_format "{N}/BB-BDT" &&
    capphat device add --delivered 2023-06-01 --imei $IMEI7 --model X >/dev/null &&
    add_person "Người Năm Sau Nữa" >id &&
    capphat handover --person "$(cat id)" --imei $IMEI7 >out &&
    grep -x "[0-9][0-9]/BB-BDT" out &&
    test "$(sql "select count(*) from handover where receipt_no = ${SQ}$(cat out)${SQ}")" = 1 &&
    test "$(sql "select count(*) - count(distinct receipt_no) from handover")" = 0
'

test_expect_success 'an unknown setting is refused, naming the known ones' '
    h=$(db_hash) &&
    test_must_fail capphat settings set bogus x 2>err &&
    one_line_error err "setting ${SQ}bogus${SQ} is unknown; settings: office_name" &&
    unchanged_after "$h"
'

test_expect_success 'every handover and return left the audit chain valid' '
    capphat check >out && grep "^ok: " out
'

test_done

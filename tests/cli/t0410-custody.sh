#!/bin/sh
# The custody of a phone in time: a handover is dated no earlier than the
# phone's delivery (or, without one, its registration), never in the
# future, and never inside another custody period of the phone, nor of the
# person in the same round — so the register can never show two holders at
# once; a return falls within its handover; a receipt is marked signed
# between its handover and today, once. The schema refuses overlapping
# periods whatever program writes them. Placeholder IMEIs are refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: three persons, a phone delivered on 01/02/2024, one registered today' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung A05" --delivered 2024-02-01 >/dev/null &&
    capphat device add --imei $IMEI2 --model "Samsung A05" >/dev/null
'

test_expect_success 'a handover before the delivery, or before the registration, is refused' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 1 --imei $IMEI1 --date 2024-01-31 2>err &&
    one_line_error err "handover date 31/01/2024 is before imei $IMEI1 was delivered (01/02/2024)" &&
    test_must_fail capphat handover --person 1 --imei $IMEI2 --date 2024-01-31 2>err &&
    one_line_error err "before imei $IMEI2 was registered" &&
    grep -q "it has no delivery date: record the date it was delivered first" err &&
    unchanged_after "$h"
'

test_expect_success 'the day of the delivery is accepted; the phone comes back on 01/04/2024' '
    capphat handover --person 1 --imei $IMEI1 --date 2024-02-01 >/dev/null &&
    capphat return --imei $IMEI1 --reason replaced --date 2024-04-01 >/dev/null
'

test_expect_success 'a handover inside that custody period is refused: never two holders at once' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 2 --imei $IMEI1 --date 2024-03-15 2>err &&
    one_line_error err "imei $IMEI1 was held by Nguyễn Văn An (person 1, receipt 01/BB-BDT) from 01/02/2024 to 01/04/2024: a handover dated 15/03/2024 would overlap that; date it on or after 01/04/2024" &&
    test_must_fail capphat handover --person 2 --imei $IMEI1 --date 2024-02-01 2>err &&
    unchanged_after "$h"
'

test_expect_success 'the day it came back is accepted' '
    capphat handover --person 2 --imei $IMEI1 --date 2024-04-01 >out &&
    test "$(cat out)" = 02/BB-BDT
'

test_expect_success 'a person cannot hold two phones of a round at once, even back-dated' '
    capphat device add --imei $IMEI3 --model "Nokia" --delivered 2024-01-01 >/dev/null &&
    capphat return --imei $IMEI1 --reason other --date 2024-05-01 >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 2 --imei $IMEI3 --date 2024-04-15 2>err &&
    one_line_error err "person 2 (Hoàng Thị Bích) held imei $IMEI1 in this round from 01/04/2024 to 01/05/2024 (receipt 02/BB-BDT): a handover dated 15/04/2024 would give them two phones at once; date it on or after 01/05/2024" &&
    unchanged_after "$h" &&
    capphat handover --person 2 --imei $IMEI3 --date 2024-05-01 >/dev/null
'

test_expect_success 'a back-dated handover of a phone with a later custody period is refused' '
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI1 --date 2024-03-01 2>err &&
    one_line_error err "a handover dated 01/03/2024 would overlap that" &&
    unchanged_after "$h"
'

test_expect_success 'a return is dated within its handover: not before it, not in the future' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI3 --reason died --date 2024-04-30 2>err &&
    one_line_error err "is before the handover date 01/05/2024" &&
    test_must_fail capphat return --imei $IMEI3 --reason died --date 2099-01-01 2>err &&
    one_line_error err "is in the future" &&
    unchanged_after "$h"
'

test_expect_success 'a signed mark is dated between its handover and today' '
    h=$(db_hash) &&
    test_must_fail capphat receipt signed 03/BB-BDT --date 2024-04-30 2>err &&
    one_line_error err "signed date 30/04/2024 is before the handover of receipt 03/BB-BDT (01/05/2024)" &&
    test_must_fail capphat receipt signed 03/BB-BDT --date 2099-01-01 2>err &&
    one_line_error err "is in the future" &&
    unchanged_after "$h" &&
    capphat receipt signed 03/BB-BDT --date 2024-05-02 --archive "HS-1" >out &&
    grep -Fx "03/BB-BDT signed" out
'

test_expect_success 'a receipt already signed is reported, with its date and archive; nothing changes' '
    h=$(db_hash) && entries=$(audit_count) &&
    test_must_fail capphat receipt signed 03/BB-BDT --archive "HS-2" 2>err &&
    one_line_error err "receipt 03/BB-BDT was already signed on 02/05/2024 (archive HS-1): nothing changed" &&
    unchanged_after "$h" && test "$(audit_count)" = "$entries"
'

test_expect_success 'receipt signed takes the references receipt takes: a handover id or a number' '
    id=$(sql "select id from handover where receipt_no = ${SQ}02/BB-BDT${SQ}") &&
    capphat receipt signed "$id" --date 2024-04-02 >out &&
    grep -Fx "$id signed" out &&
    test "$(sql "select signed_on from handover where id = $id")" = 2024-04-02 &&
    capphat receipt "$id" -o one.pdf --final >/dev/null
'

test_expect_success 'in a pile of papers, one already signed or unknown is named; the others are marked' '
    capphat handover --person 1 --imei $IMEI2 >/dev/null &&
    test_must_fail capphat receipt signed 03/BB-BDT 99/XX 04/BB-BDT >out 2>err &&
    grep -Fx "04/BB-BDT signed" out &&
    test "$(wc -l <err)" = 2 &&
    grep -F "03/BB-BDT was already signed" err && grep -F "${SQ}99/XX${SQ}" err
'

test_on_file 'written with sqlite3' 'the schema refuses overlapping custody periods written by another program' '
    h=$(db_hash) &&
    ! sqlite3 "$CAPPHAT_DB" "INSERT INTO handover(receipt_no, device_id, person_id, handed_on,
        returned_on, return_reason, created_at) VALUES (${SQ}X1${SQ}, 1, 3,
        ${SQ}2024-03-01${SQ}, ${SQ}2024-03-02${SQ}, ${SQ}other${SQ}, ${SQ}t${SQ})" 2>err &&
    grep -F "the custody periods of a device overlap" err &&
    ! sqlite3 "$CAPPHAT_DB" "UPDATE handover SET returned_on = ${SQ}2024-06-01${SQ}
        WHERE receipt_no = ${SQ}01/BB-BDT${SQ}" 2>err &&
    grep -F "the custody periods of a device overlap" err &&
    unchanged_after "$h"
'

test_expect_success 'placeholder IMEIs are refused with their own message' '
    h=$(db_hash) &&
    for bad in 000000000000000 111111111111111 000000001234567; do
        test_must_fail capphat device add --imei $bad --model X 2>err &&
        one_line_error err "is a placeholder" &&
        test_must_fail capphat imei check $bad 2>err &&
        grep -q "is a placeholder" err || return 1
    done &&
    unchanged_after "$h"
'

test_expect_success 'return --holder: refused when someone else holds the phone, nothing changes' '
    h=$(db_hash) &&
    test_must_fail capphat return --imei $IMEI2 --reason died --holder 3 2>err &&
    one_line_error err "imei $IMEI2 is held by Nguyễn Văn An (person 1, receipt 05/BB-BDT), not by person 3: nothing was done" &&
    unchanged_after "$h" &&
    test_expect_code 2 capphat return --imei $IMEI2 --reason died --holder x 2>err ||
    test_must_fail capphat return --imei $IMEI2 --reason died --holder x 2>err &&
    capphat return --imei $IMEI2 --reason died --holder 1 >out &&
    grep -F "returned $IMEI2" out
'

test_expect_success 'check passes on everything that was accepted' '
    capphat check >out && grep "^ok: " out
'

test_done

#!/bin/sh
# capphat device add|list|show|status: IMEIs checked and unique across both
# slots, the status rules, the history of a device.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: a database with one person' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null
'

test_expect_success 'add prints the new id; show gives the fields' '
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" --price 3990000 \
        --serial R58W --supplier "FPT Shop" --delivered 15/01/2024 >out &&
    test "$(cat out)" = 1 &&
    capphat device show $IMEI1 >show &&
    grep -x "Device 1" show &&
    test "$(field IMEI show)" = $IMEI1 &&
    test "$(field Model show)" = "Samsung Galaxy A05" &&
    test "$(field Status show)" = "in stock" &&
    test "$(field Price show)" = "3.990.000 đ" &&
    test "$(field Delivered show)" = 15/01/2024 &&
    test "$(field Supplier show)" = "FPT Shop"
'

test_expect_success 'an IMEI with spaces and dashes from a label is accepted' '
    capphat device add --imei "35-693803-564380-9" --imei2 "35 391805 123456 1" \
        --model Nokia >out &&
    test "$(cat out)" = 2 &&
    capphat device show $IMEI2 >show &&
    test "$(field "IMEI 2" show)" = $IMEI3
'

test_expect_success 'show finds a device by its second IMEI too' '
    capphat device show $IMEI3 >show &&
    grep -x "Device 2" show
'

test_expect_success 'a duplicate IMEI is refused, naming the device that has it' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $IMEI1 --model X 2>err &&
    one_line_error err "imei ${SQ}$IMEI1${SQ} is already registered (device 1, Samsung Galaxy A05, in stock)" &&
    unchanged_after "$h"
'

test_expect_success 'a first IMEI equal to another device'"'"'s second is refused' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $IMEI3 --model X 2>err &&
    one_line_error err "imei ${SQ}$IMEI3${SQ} is already registered (device 2, Nokia" &&
    unchanged_after "$h"
'

test_expect_success 'a second IMEI equal to another device'"'"'s first is refused' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $IMEI4 --imei2 $IMEI1 --model X 2>err &&
    one_line_error err "imei2 ${SQ}$IMEI1${SQ} is already registered (device 1, Samsung Galaxy A05, in stock)" &&
    unchanged_after "$h"
'

test_expect_success 'a second IMEI equal to the first is refused' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $IMEI4 --imei2 $IMEI4 --model X 2>err &&
    one_line_error err "imei2 ${SQ}$IMEI4${SQ} is the same as the first imei" &&
    unchanged_after "$h"
'

test_expect_success 'a wrong check digit is refused, saying which digit is right' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $BAD_IMEI --model X 2>err &&
    one_line_error err "imei ${SQ}$BAD_IMEI${SQ} fails its check digit (last digit should be 8)" &&
    unchanged_after "$h"
'

test_expect_success 'a 16-digit IMEISV is refused with its own message' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei 3569380356438091 --model X 2>err &&
    one_line_error err "imei ${SQ}3569380356438091${SQ} has 16 digits: this is an IMEISV" &&
    unchanged_after "$h"
'

test_expect_success 'an IMEI in scientific notation (from a spreadsheet) is refused' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei 3.56938035643809E+14 --model X 2>err &&
    one_line_error err "is in scientific notation: the spreadsheet lost its last digits" &&
    unchanged_after "$h"
'

test_expect_success 'short IMEIs and letters are refused' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei 12345 --model X 2>err &&
    one_line_error err "imei ${SQ}12345${SQ} has 5 digits" &&
    test_must_fail capphat device add --imei 49015420323751A --model X 2>err &&
    one_line_error err "imei ${SQ}49015420323751A${SQ}" &&
    unchanged_after "$h"
'

test_expect_success 'price, round and model are checked' '
    h=$(db_hash) &&
    test_must_fail capphat device add --imei $IMEI4 --model X --price abc 2>err &&
    one_line_error err "price ${SQ}abc${SQ}" &&
    test_must_fail capphat device add --imei $IMEI4 --model X --round 9 2>err &&
    one_line_error err "round" &&
    test_must_fail capphat device add --imei $IMEI4 --model " " 2>err &&
    one_line_error err "model is required" &&
    test_expect_code 2 capphat device add --imei $IMEI4 2>err &&
    one_line_error err "--model is required" &&
    unchanged_after "$h"
'

test_expect_success 'a device of a round' '
    capphat round add --name "Đợt 1 năm 2024" --year 2024 --budget 1.500.000.000 >out &&
    test "$(cat out)" = 1 &&
    capphat device add --imei $IMEI4 --model "Itel A70" --round 1 >out &&
    test "$(cat out)" = 3 &&
    capphat device show $IMEI4 >show &&
    test "$(field Round show)" = "Đợt 1 năm 2024" &&
    capphat round list >rounds &&
    grep -F "$(printf "1\tĐợt 1 năm 2024\t2024\t\t\t1.500.000.000")" rounds
'

test_expect_success 'a round with its decision and the decision date; a date not in the calendar refused' '
    h=$(db_hash) &&
    test_expect_code 1 capphat round add --name "Đợt 2" --decision 77/QĐ-UBND --decision-date 31/02/2026 2>err &&
    one_line_error err "decision date ${SQ}31/02/2026${SQ} is not a date in the calendar" &&
    unchanged_after "$h" &&
    capphat round add --name "Đợt 2" --decision 77/QĐ-UBND --decision-date 15/03/2026 >out &&
    capphat round list >rounds &&
    grep -F "$(printf "Đợt 2\t0\t\t77/QĐ-UBND\t\t15/03/2026")" rounds &&
    sql "select after from audit_log where entity = ${SQ}round${SQ} order by id desc limit 1" >image &&
    grep -qF "decision_date" image && grep -qF "2026-03-15" image
'

test_expect_success 'list: TSV of every device with status and holder' '
    capphat handover --person 1 --imei $IMEI2 >/dev/null &&
    capphat device list >list &&
    printf "id\timei\timei2\tmodel\tstatus\tprice\tround\tholder_id\tholder_name\treceipt\n" >expect &&
    head -1 list >header &&
    test_cmp expect header &&
    test "$(wc -l <list)" = 4 &&
    grep -F "$(printf "2\t$IMEI2\t$IMEI3\tNokia\thanded_over\t\t\t1\tNguyễn Văn An\t01/BB-BDT")" list &&
    grep -F "$(printf "1\t$IMEI1\t\tSamsung Galaxy A05\tin_stock\t3990000\t")" list
'

test_expect_success 'list --status keeps that status only' '
    capphat device list --status handed_over | cut -f1 | tail -n +2 >ids &&
    echo 2 >expect && test_cmp expect ids &&
    capphat device list --status in_stock | cut -f1 | tail -n +2 | sort >ids &&
    printf "1\n3\n" >expect && test_cmp expect ids &&
    capphat device list --status lost | tail -n +2 >none &&
    test ! -s none
'

test_expect_success 'list --status with an unknown status is a usage error' '
    test_expect_code 2 capphat device list --status broken 2>err &&
    one_line_error err "status ${SQ}broken${SQ} must be in_stock, handed_over, repair, lost or written_off"
'

test_expect_success 'list --format csv parses with Python csv' '
    capphat device list --format csv >list.csv &&
    $PYTHON -c "
import csv
rows = list(csv.DictReader(open(\"list.csv\", encoding=\"utf-8\", newline=\"\")))
assert len(rows) == 3, rows
n = [r for r in rows if r[\"id\"] == \"2\"][0]
assert n[\"imei2\"] == \"$IMEI3\" and n[\"holder_name\"] == \"Nguyễn Văn An\", n
"
'

test_expect_success 'status: in stock to repair and back, audited' '
    n=$(audit_count) &&
    capphat device status $IMEI1 repair --note "Trạm bảo hành" >out &&
    grep -x "$IMEI1: under repair" out &&
    capphat device show $IMEI1 >show &&
    test "$(field Status show)" = "under repair" &&
    test "$(field Note show)" = "Trạm bảo hành" &&
    capphat device status $IMEI1 in_stock >out &&
    grep -x "$IMEI1: in stock" out &&
    test "$(audit_count)" = $((n + 2))
'

test_expect_success 'status: a device handed over cannot change status' '
    h=$(db_hash) &&
    test_must_fail capphat device status $IMEI2 lost 2>err &&
    one_line_error err "imei ${SQ}$IMEI2${SQ} is handed over to Nguyễn Văn An (receipt 01/BB-BDT): record its return first" &&
    unchanged_after "$h"
'

test_expect_success 'status: handed_over is set by handover only; unknown statuses refused' '
    h=$(db_hash) &&
    test_must_fail capphat device status $IMEI1 handed_over 2>err &&
    one_line_error err "status ${SQ}handed_over${SQ} must be one of in_stock, repair, lost, written_off" &&
    test_must_fail capphat device status $IMEI1 broken 2>err &&
    one_line_error err "status ${SQ}broken${SQ}" &&
    unchanged_after "$h"
'

test_expect_success 'status: lost, then found again (in stock)' '
    capphat device status $IMEI4 lost >out &&
    grep -x "$IMEI4: lost" out &&
    capphat device list --status lost | cut -f1 | tail -n +2 >ids &&
    echo 3 >expect && test_cmp expect ids &&
    capphat device status $IMEI4 in_stock
'

test_expect_success 'status: written off is final' '
    capphat device status $IMEI4 written_off >out &&
    grep -x "$IMEI4: written off" out &&
    h=$(db_hash) &&
    test_must_fail capphat device status $IMEI4 in_stock 2>err &&
    one_line_error err "imei ${SQ}$IMEI4${SQ} is written off: its status is final" &&
    unchanged_after "$h"
'

test_expect_success 'status: the same status again changes nothing' '
    n=$(audit_count) &&
    capphat device status $IMEI1 in_stock &&
    test "$(audit_count)" = "$n"
'

test_expect_success 'status of an unregistered IMEI fails' '
    h=$(db_hash) &&
    test_must_fail capphat device status $IMEI5 repair 2>err &&
    one_line_error err "imei ${SQ}$IMEI5${SQ} is not registered" &&
    unchanged_after "$h"
'

test_expect_success 'show: the history of handovers and returns, and the audit log' '
    capphat return --imei $IMEI2 --reason replaced --decision "QĐ 5" >/dev/null &&
    add_person "Lò Thị Hoa" >/dev/null &&
    capphat handover --person 2 --imei $IMEI2 >/dev/null &&
    capphat device show $IMEI2 >show &&
    test "$(field "Held by" show)" = "Lò Thị Hoa (person 2, receipt 02/BB-BDT)" &&
    sed -n "/^Handovers:/,/^Audit log:/p" show >hist &&
    grep -F "receipt 01/BB-BDT     -> Nguyễn Văn An (person 1)" hist &&
    grep -F ": replaced, decision QĐ 5" hist &&
    grep -F "receipt 02/BB-BDT     -> Lò Thị Hoa (person 2)" hist &&
    sed -n "/^Audit log:/,\$p" show >log &&
    grep -c "device.status" log >n && test "$(cat n)" = 3 &&
    grep -F "device.add       tester" log
'

test_expect_success 'show of an unregistered or malformed IMEI fails' '
    test_must_fail capphat device show $IMEI5 >out 2>err &&
    one_line_error err "imei ${SQ}$IMEI5${SQ} is not registered" &&
    test ! -s out &&
    test_must_fail capphat device show 123 2>err &&
    one_line_error err "imei ${SQ}123${SQ} has 3 digits" &&
    test_expect_code 2 capphat device show 2>err &&
    one_line_error err "device show needs one IMEI"
'

test_on_file 'sqlite3 on a copy of the file (t2960 checks the server)' 'the schema itself refuses a duplicate IMEI across slots' '
    cp "$CAPPHAT_DB" raw.db &&
    test_must_fail sqlite3 raw.db "insert into device(imei, imei2, model, created_at, updated_at)
        values (${SQ}$IMEI5${SQ}, ${SQ}$IMEI1${SQ}, ${SQ}x${SQ}, ${SQ}t${SQ}, ${SQ}t${SQ})" 2>err &&
    grep "UNIQUE constraint failed: imei.imei" err &&
    test "$(sqlite3 raw.db "select count(*) from device")" = 3
'

test_expect_success 'every change left the audit chain valid' '
    capphat check >out && grep "^ok: " out
'

test_done

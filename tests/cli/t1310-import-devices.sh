#!/bin/sh
# capphat import devices: the supplier's list of IMEIs, in Excel (an IMEI
# stored as a number, dates, a title above the header) and in CSV, with
# --round, --model and --price for what the rows lack; checked with
# device list and device show.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

files() { "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" "$@"; }

test_expect_success 'setup: a database with a round; the supplier'"'"'s workbook' '
    capphat init >/dev/null &&
    capphat round add --name "Đợt 1 năm 2024" --year 2024 >/dev/null &&
    files devices-xlsx devices.xlsx &&
    "$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"devices.xlsx\").active
assert ws[\"B4\"].value == 490154203237518 and ws[\"B4\"].data_type == \"n\"
assert ws[\"F4\"].value == 3990000
"
'

test_expect_success 'an IMEI stored as a number comes back as its 15 digits' '
    capphat import devices devices.xlsx --round 1 >out 2>err &&
    test ! -s err &&
    grep -F "devices.xlsx: encoding UTF-8, header on row 3: IMEI 1 → imei, IMEI 2 → imei2, Loại máy → model, Số serial → serial, Đơn giá → price, Ngày giao → delivered_on" out &&
    test "$(tail -1 out)" = "3 imported, 0 rejected, 0 duplicates" &&
    capphat device list | cut -f2-7 >got &&
    cat >expect <<-EOF &&
	imei	imei2	model	status	price	round
	$IMEI1	$IMEI2	Samsung Galaxy A05	in_stock	3990000	Đợt 1 năm 2024
	$IMEI3		Nokia C32	in_stock	2490000	Đợt 1 năm 2024
	$IMEI4		Xiaomi Redmi 13C	in_stock		Đợt 1 năm 2024
	EOF
    test_cmp expect got
'

test_expect_success 'dates and serials from the workbook are kept' '
    capphat device show $IMEI1 >show &&
    test "$(field Delivered show)" = 15/01/2024 &&
    test "$(field Serial show)" = R58W001 &&
    test "$(field Price show)" = "3.990.000 đ" &&
    capphat device show $IMEI3 >show &&
    test "$(field Delivered show)" = 16/01/2024
'

test_expect_success 'CSV with --model and --price for the whole file' '
    files csv more.csv "STT|Số IMEI|Ghi chú" "1|$IMEI5|hộp móp" "2|${IMEI6}|" \
        "3|86-012345-678903-0|nhãn in gạch ngang" &&
    capphat import devices more.csv --model "Nokia 105" --price "590.000" >out 2>err &&
    test ! -s err &&
    test "$(tail -1 out)" = "3 imported, 0 rejected, 0 duplicates" &&
    capphat device list | cut -f2,4,6 | tail -3 >got &&
    printf "%s\tNokia 105\t590000\n" $IMEI5 $IMEI6 $IMEI7 >expect &&
    test_cmp expect got
'

test_expect_success 'a device without a model, and no --model, is refused by name' '
    h=$(db_hash) &&
    files csv nomodel.csv "IMEI" "$IMEI8" &&
    test_expect_code 1 capphat import devices nomodel.csv >out 2>err &&
    grep -F "nomodel.csv row 2: model is empty, and no model is given for the rows without one (--model TEXT)" err &&
    test "$(tail -1 out)" = "0 imported, 1 rejected, 0 duplicates" &&
    unchanged_after "$h"
'

test_expect_success '--district is for persons, --round for devices' '
    test_must_fail capphat import devices more.csv --district "Ba Bể" 2>err &&
    grep -F -- "--district is for persons" err &&
    test_must_fail capphat import persons more.csv --round 1 2>err &&
    grep -F -- "--round, --model and --price are for devices" err
'

test_expect_success 'an unknown round is refused once, before any row is read' '
    h=$(db_hash) &&
    files csv round.csv "IMEI|Model" "$IMEI9|Nokia" "$IMEI8|Nokia" &&
    test_must_fail capphat import devices round.csv --round 99 >out 2>err &&
    one_line_error err "round: no round with id 99" &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 0 duplicates" &&
    unchanged_after "$h"
'

test_done

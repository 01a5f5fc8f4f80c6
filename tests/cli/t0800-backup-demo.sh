#!/bin/sh
# capphat backup, demo and imei check.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: a database with a person and a handover' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    capphat device add --imei $IMEI1 --model X >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 >/dev/null
'

test_expect_success 'backup writes a copy that passes check and holds the same rows' '
    capphat backup copy.db >out &&
    grep -x "backup written to copy.db" out &&
    test "$(stat -c %a copy.db)" = 600 &&
    capphat --db copy.db check >out &&
    grep "^ok: .*audit chain of $(audit_count) entries verified" out &&
    capphat person list >a && capphat --db copy.db person list >b &&
    test_cmp a b
'

test_expect_success 'the copy is one self-contained file (rollback journal, no -wal)' '
    capphat backup copy2.db >/dev/null &&
    test "$(od -An -tu1 -j18 -N2 copy2.db | tr -s " ")" = " 1 1" &&
    test ! -e copy2.db-wal &&
    ! ls .capphat-tmp-* 2>/dev/null
'

test_expect_success 'backup over an existing file is refused and leaves it alone' '
    echo precious >exists.db &&
    test_must_fail capphat backup exists.db 2>err &&
    one_line_error err "file ${SQ}exists.db${SQ} already exists; give --force to replace it" &&
    test "$(cat exists.db)" = precious &&
    capphat backup exists.db --force >/dev/null &&
    capphat --db exists.db check >/dev/null
'

test_expect_success 'backup into a folder that does not exist fails with the reason' '
    test_must_fail capphat backup nowhere/copy.db 2>err &&
    one_line_error err "cannot write ${SQ}nowhere/copy.db${SQ}: folder ${SQ}nowhere${SQ} does not exist"
'

test_expect_success 'backup needs exactly one output file' '
    test_expect_code 2 capphat backup 2>err &&
    one_line_error err "backup needs the output file" &&
    test_expect_code 2 capphat backup a.db b.db 2>err &&
    one_line_error err "backup needs the output file"
'

test_expect_success 'backup of a missing database fails and creates nothing' '
    test_must_fail capphat --db missing.db backup out.db 2>err &&
    one_line_error err "database ${SQ}missing.db${SQ} does not exist; create it with ${SQ}capphat init${SQ}" &&
    test ! -e missing.db && test ! -e out.db
'

test_expect_success 'backup while another process writes gives a consistent copy' '
    (for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        add_person "Người Thứ $i" >/dev/null || exit 1
     done) &
    writer=$! &&
    for i in 1 2 3 4 5; do
        capphat backup live$i.db >/dev/null || return 1
    done &&
    wait $writer &&
    for i in 1 2 3 4 5; do
        capphat --db live$i.db check >/dev/null || return 1
    done &&
    capphat check >/dev/null
'

test_expect_success 'demo fills a new database and says how many persons' '
    capphat --db demo1.db demo --persons 300 --seed 42 >out &&
    grep -x "demo data written to demo1.db: 300 persons" out &&
    test "$(capphat --db demo1.db person list --inactive | tail -n +2 | wc -l)" = 300 &&
    test "$(sqlite3 demo1.db "select count(*) from device")" -ge 300 &&
    test "$(sqlite3 demo1.db "select count(*) from handover")" -gt 0 &&
    test "$(sqlite3 demo1.db "select count(*) from handover where returned_on is not null")" -gt 0 &&
    test "$(sqlite3 demo1.db "select count(*) from attendance")" -gt 0 &&
    capphat --db demo1.db check >/dev/null
'

test_expect_success 'demo data is realistic: real communes, Vietnamese names, valid IMEIs' '
    capphat --db demo1.db person list --format csv >persons.csv &&
    $PYTHON -c "
import csv
rows = list(csv.DictReader(open(\"persons.csv\", encoding=\"utf-8\", newline=\"\")))
districts = {r[\"district\"] for r in rows}
# people registered in a commune of 2025 have no district
assert districts <= {\"Pác Nặm\", \"Ba Bể\", \"Ngân Sơn\", \"Bạch Thông\", \"Chợ Đồn\", \"Chợ Mới\", \"Na Rì\", \"Bắc Kạn\", \"\"}, districts
assert len(districts) >= 4, districts
assert all(len(r[\"name\"].split()) >= 2 for r in rows)
assert any(ch in r[\"name\"] for r in rows for ch in \"ăâđêôơư\"), \"no Vietnamese letters\"
" &&
    capphat --db demo1.db device list | tail -n +2 | cut -f2 | head -50 >imeis &&
    capphat imei check $(cat imeis) >ok &&
    test "$(wc -l <ok)" = 50
'

test_expect_success 'demo: a round before 1 July 2025 and one after, with both addresses and both views' '
    capphat --db demo5.db demo --persons 300 --seed 42 >out &&
    grep -F "Two rounds, on either side of the reorganisation of 1 July 2025" out &&
    sqlite3 demo5.db "select r.year, min(h.handed_on), max(h.handed_on), count(*) from handover h
        join round r on r.id = h.round_id group by r.id order by r.year" >rounds &&
    test "$(cut -d"|" -f1 rounds | tr "\n" " ")" = "2023 2025 " &&
    test "$(sed -n 1p rounds | cut -d"|" -f3)" "<" 2025-07-01 &&
    test "$(sed -n 2p rounds | cut -d"|" -f2)" ">" 2025-07-01 &&
    test "$(sqlite3 demo5.db "select count(*) from person p join unit u on u.id = p.commune_id
        where u.valid_from = ${SQ}2025-07-01${SQ}")" = 60 &&
    test "$(sqlite3 demo5.db "select count(*) from attendance a
        join training_session s on s.id = a.session_id join person p on p.id = a.person_id
        join unit u on u.id = p.commune_id where s.held_on < u.valid_from")" = 0 &&
    old=$(sqlite3 demo5.db "select min(h.id) from handover h join round r on r.id = h.round_id where r.year = 2023") &&
    new=$(sqlite3 demo5.db "select min(h.id) from handover h join round r on r.id = h.round_id where r.year = 2025") &&
    capphat --db demo5.db receipt $old $new -o both.pdf >/dev/null &&
    pdftotext -layout both.pdf both.txt &&
    grep -F "UBND TỈNH BẮC KẠN" both.txt && grep -F "UBND TỈNH THÁI NGUYÊN" both.txt &&
    grep "Địa chỉ: .*huyện" both.txt && grep "Địa chỉ: .*tỉnh Thái Nguyên" both.txt &&
    test_must_fail capphat --db demo5.db person list --commune "Bằng Thành" 2>err &&
    grep -F "is ambiguous" err &&
    capphat --db demo5.db person list --commune "Bằng Thành" --as-of 2025-07-01 >bt &&
    grep -F "Bằng Thành" bt | cut -f8 | sort -u | grep -x "Pác Nặm" &&
    capphat --db demo5.db export summary -o now.xlsx >/dev/null &&
    capphat --db demo5.db export summary --by-old-district -o old.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
now, old = openpyxl.load_workbook("now.xlsx"), openpyxl.load_workbook("old.xlsx")
assert now.sheetnames == ["Toàn tỉnh", "Dân tộc - Giới tính"], now.sheetnames
assert {"Pác Nặm", "Ba Bể", "Chợ Mới"} <= set(old.sheetnames), old.sheetnames
PY
'

test_expect_success 'demo is deterministic for a seed: same person list' '
    capphat --db demo2.db demo --persons 300 --seed 42 >/dev/null &&
    capphat --db demo1.db person list --inactive >a &&
    capphat --db demo2.db person list --inactive >b &&
    test_cmp a b &&
    capphat --db demo1.db device list >a &&
    capphat --db demo2.db device list >b &&
    test_cmp a b
'

test_expect_success 'another seed gives other data' '
    capphat --db demo3.db demo --persons 300 --seed 43 >/dev/null &&
    capphat --db demo1.db person list >a &&
    capphat --db demo3.db person list >b &&
    ! test_cmp a b >/dev/null
'

test_expect_success 'demo refuses a database that already has persons' '
    h=$(db_hash) &&
    test_must_fail capphat demo --persons 10 2>err &&
    one_line_error err "already holds records (persons, devices, handovers, sessions or rounds)" &&
    unchanged_after "$h"
'

test_expect_success 'demo refuses a database with only a device, a round or a session, whatever the counts' '
    for what in device round session; do
        db=only-$what.db &&
        capphat --db $db init >/dev/null &&
        case $what in
        device) capphat --db $db device add --imei $IMEI1 --model A >/dev/null ;;
        round) capphat --db $db round add --name "Đợt 1" >/dev/null ;;
        session) capphat --db $db training add --date 2024-03-01 --place X --trainer Y \
            --topic Z >/dev/null ;;
        esac || return 1
        h=$(sha256sum <$db) &&
        for counts in "" "--persons 0" "--persons 1 --devices 1 --handovers 0 --sessions 0"; do
            test_must_fail capphat --db $db demo $counts 2>err &&
            one_line_error err "already holds records" || return 1
        done &&
        test "$(sha256sum <$db)" = "$h" || return 1
    done
'

test_expect_success 'demo refuses bad counts' '
    test_must_fail capphat --db demo4.db demo --persons many 2>err &&
    one_line_error err "persons ${SQ}many${SQ} must be a number from 0 to 10000000" &&
    test_must_fail capphat --db demo4.db demo --seed -1 2>err &&
    one_line_error err "seed ${SQ}-1${SQ}" &&
    test ! -e demo4.db
'

test_expect_success 'imei check: valid IMEIs print ok and exit 0' '
    capphat imei check $IMEI1 "35-693803-564380-9" >out &&
    printf "ok %s\nok %s\n" $IMEI1 $IMEI2 >expect &&
    test_cmp expect out
'

test_expect_success 'imei check: one bad IMEI among good ones exits 1, one line for it' '
    test_expect_code 1 capphat imei check $IMEI1 $BAD_IMEI $IMEI2 >out 2>err &&
    one_line_error err "imei ${SQ}$BAD_IMEI${SQ} fails its check digit (last digit should be 8)" &&
    test "$(wc -l <out)" = 2
'

test_expect_success 'imei check needs no database' '
    CAPPHAT_DB=$TEST_DIR/none.db capphat imei check $IMEI1 >/dev/null &&
    test ! -e none.db
'

test_expect_success 'imei check without IMEIs is a usage error' '
    test_expect_code 2 capphat imei check 2>err &&
    one_line_error err "imei check needs one or more IMEIs" &&
    test_expect_code 2 capphat imei 2>err
'

test_done

#!/bin/sh
# A register on a PostgreSQL server: init makes the schema and loads
# the reference data; the commands the server already runs (persons,
# rounds, devices, handovers, unsigned receipts) print exactly what they
# print on a file, and refuse what they refuse there; the server's
# backups are self-contained SQLite registers whose audit chain `check`
# verifies. The server is a private one in this test's folder.
# store: file (it starts its own server, and compares it with a file)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

if ! private_server; then
    cat "$TEST_DIR/pg.err"
    echo "Bail out! no PostgreSQL server could be started"
    exit 1
fi

# day DB: a day's work on the register DB, every command's output and
# exit code (stdout and stderr) in the current folder's file "day"
day() {
    for cmd in \
        "person add --name 'Lý A Páo' --gender M --birth-year 1960 --ethnic Mông --district 'Ba Bể' --commune 'Chợ Rã'" \
        "person add --name 'Ma Thị Thu' --gender F --birth-year 1970 --ethnic Tày --district 'Ba Bể' --commune 'Chợ Rã' --phone 0912345678 --cccd 006170001234" \
        "person add --name 'Ma Thị Thu' --gender F --birth-year 1970 --ethnic Tày --district 'Ba Bể' --commune 'Chợ Rã' --cccd 006170001234 --allow-namesake" \
        "round add --name 'Đợt 1' --year 2025 --decision 1234/QĐ-UBND --decision-date 2025-02-10" \
        "device add --imei $IMEI1 --model 'Samsung Galaxy A05' --round 1 --delivered 2025-02-20" \
        "device add --imei $IMEI2 --imei2 $IMEI3 --model 'Samsung Galaxy A05' --round 1 --delivered 2025-02-20" \
        "device add --imei $IMEI3 --model 'Trùng IMEI' --round 1" \
        "device add --imei $BAD_IMEI --model X --round 1" \
        "device list" \
        "handover --imei $IMEI1 --person 1 --date 2025-03-01 --place 'Nhà văn hóa thôn Nà Phai'" \
        "handover --imei $IMEI1 --person 2 --date 2025-03-02" \
        "handover --imei $IMEI2 --person 1 --date 2025-03-02" \
        "handover --imei $IMEI2 --person 2 --date 2025-03-02" \
        "device list" \
        "receipt unsigned" \
        "return --imei $IMEI1 --reason defective --date 2025-03-05 --place 'Bộ phận một cửa UBND xã Chợ Rã'" \
        "device list"; do
        echo "\$ capphat $cmd"
        eval "capphat --db \"\$1\" $cmd" 2>&1
        echo "exit $?"
    done >day
}

test_expect_success 'init on an empty server database makes the register' '
    capphat --db "$ADDR" init >out &&
    grep -F "created $ADDR (schema version" out &&
    grep -F "8 districts and 108 communes until 30/06/2025, 92 communes from 01/07/2025, 54 ethnic groups" out &&
    capphat --db "$ADDR" init >again &&
    grep -F "$ADDR is up to date" again
'

test_expect_success 'a day of work prints on the server what it prints on a file' '
    capphat init >/dev/null &&
    mkdir file server &&
    (cd file && day "$CAPPHAT_DB") &&
    (cd server && day "$ADDR") &&
    test_cmp file/day server/day &&
    grep -c "^exit 0" server/day >ok && test "$(cat ok)" = 12 &&
    grep -F "01/BB-BDT	01/03/2025	1	Lý A Páo	$IMEI1" server/day
'

test_expect_success 'the server keeps its own rules: an IMEI appears once, even written behind capphat' '
    test_must_fail psql -q "$ADDR" -c "insert into device (imei, model, created_at, updated_at) values ($SQ$IMEI3$SQ, ${SQ}x${SQ}, ${SQ}x${SQ}, ${SQ}x${SQ})" 2>err &&
    grep -F "duplicate key" err &&
    test_must_fail psql -q "$ADDR" -c "update audit_log set operator = ${SQ}x${SQ}" 2>err &&
    grep -F "the audit log can only be appended to" err
'

test_expect_success 'two operators handing out one phone at once: one succeeds, the other is told why' '
    p3=$(capphat --db "$ADDR" person add --name "Nông Văn Dền" --gender M --birth-year 1950 \
        --ethnic Tày --district "Ba Bể" --commune "Chợ Rã") &&
    p4=$(capphat --db "$ADDR" person add --name "Hà Thị Lan" --gender F --birth-year 1955 \
        --ethnic Tày --district "Ba Bể" --commune "Chợ Rã") &&
    capphat --db "$ADDR" device add --imei $IMEI4 --model X --round 1 --delivered 2025-02-20 &&
    i=0 &&
    while [ $i -lt 6 ]; do
        (capphat --db "$ADDR" handover --imei $IMEI4 --person $p3 >a.out 2>a.err; echo $? >a.rc) &
        (capphat --db "$ADDR" handover --imei $IMEI4 --person $p4 >b.out 2>b.err; echo $? >b.rc) &
        wait
        case "$(cat a.rc)$(cat b.rc)" in 01 | 10) ;; *) cat a.err b.err; return 1 ;; esac
        cat a.err b.err >err &&
        one_line_error err "is already handed over to" || return 1
        capphat --db "$ADDR" return --imei $IMEI4 --reason other >/dev/null || return 1
        i=$((i + 1))
    done &&
    capphat --db "$ADDR" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'four operators handing out one phone at once: one receipt each time, three clear lines' '
    for n in 1 2 3 4; do
        capphat --db "$ADDR" person add --name "Người Thứ $n" --gender M --birth-year 195$n \
            --ethnic Tày --district "Ba Bể" --commune "Chợ Rã" >id$n || return 1
    done &&
    capphat --db "$ADDR" device add --imei $IMEI5 --model X --round 1 --delivered 2025-02-20 &&
    i=0 &&
    while [ $i -lt 5 ]; do
        for n in 1 2 3 4; do
            (capphat --db "$ADDR" handover --imei $IMEI5 --person $(cat id$n) >o$n 2>e$n
                echo $? >rc$n) &
        done
        wait
        test "$(cat rc1 rc2 rc3 rc4 | sort | tr -d "\n")" = 0111 || { cat e1 e2 e3 e4; return 1; }
        for n in 1 2 3 4; do
            if [ "$(cat rc$n)" = 1 ]; then one_line_error e$n "is already handed over to" || return 1; fi
        done
        ! grep -i "serializ\|deadlock\|could not" e1 e2 e3 e4 || return 1
        capphat --db "$ADDR" return --imei $IMEI5 --reason other >/dev/null || return 1
        i=$((i + 1))
    done &&
    test "$(psql -qtA "$ADDR" -c "select count(*) from handover h join device d on d.id = h.device_id where d.imei = ${SQ}$IMEI5${SQ}")" = 5 &&
    capphat --db "$ADDR" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'a handover whose receipt number is taken says so, not an SQL error' '
    capphat --db "$ADDR" operator add so_$$ --district "Ba Bể" --commune "Khang Ninh" >/dev/null &&
    SO=$(printf "%s" "$ADDR" | sed "s|user=[a-z_]*|user=so_$$|") &&
    p=$(capphat --db "$SO" person add --name "Hoàng Văn Số" --gender M --birth-year 1950 \
        --ethnic Tày --district "Ba Bể" --commune "Khang Ninh") &&
    capphat --db "$ADDR" device add --imei $IMEI9 --model X --round 1 --delivered 2025-02-20 &&
    last=$(psql -qtA "$ADDR" -c "select last from receipt_counter") &&
    test_must_fail psql -q "$ADDR" -c "update receipt_counter set last = 0" 2>err &&
    grep -F "a series of numbers only grows" err &&
    psql -q "$ADDR" -c "alter table receipt_counter disable trigger receipt_counter_grows" \
        -c "update receipt_counter set last = 0" &&
    test_must_fail capphat --db "$SO" handover --imei $IMEI9 --person $p 2>err &&
    psql -q "$ADDR" -c "update receipt_counter set last = $last" \
        -c "alter table receipt_counter enable trigger receipt_counter_grows" &&
    one_line_error err "receipt number ${SQ}01/BB-BDT${SQ} is already used" &&
    capphat --db "$SO" handover --imei $IMEI9 --person $p >out &&
    test -s out &&
    capphat --db "$ADDR" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'its daily backup and capphat backup are SQLite registers that pass check' '
    ls "$XDG_DATA_HOME"/capphat/servers/*/backups/register-*.db >blist &&
    test -s blist &&
    capphat --db "$ADDR" backup copy.db >out &&
    capphat --db copy.db check >out 2>err &&
    grep -F "audit chain of" out &&
    capphat --db copy.db receipt unsigned >copied &&
    grep -F "02/BB-BDT	02/03/2025	2	Ma Thị Thu	$IMEI2" copied &&
    capphat --db copy.db device show $IMEI1 >shown &&
    grep -F ", at Bộ phận một cửa UBND xã Chợ Rã" shown
'

test_expect_success 'check verifies the register on the server: its audit chain and every row' '
    capphat --db "$ADDR" check --full >out &&
    grep -F "ok: integrity check passed; audit chain of" out &&
    psql -q "$ADDR" -c "alter table audit_log disable trigger audit_no_change" \
        -c "update audit_log set operator = ${SQ}someone else${SQ} where id = 3" &&
    test_must_fail capphat --db "$ADDR" check --full >out 2>&1 &&
    grep -F "audit entry 3" out
'

test_expect_success 'migrate moves a register file to an empty server database, verified on both sides' '
    psql -q "$ADDR" -c "create database moved" &&
    MOVED=$(printf "%s" "$ADDR" | sed "s|/capphat?|/moved?|") &&
    capphat migrate --to "$MOVED" >out &&
    grep -F "moved to $MOVED:" out &&
    grep -F "verified on both sides" out &&
    for cmd in "person list" "device list" "receipt unsigned" "round list"; do
        capphat $cmd >here && capphat --db "$MOVED" $cmd >there &&
        test_cmp here there || return 1
    done &&
    capphat --db "$MOVED" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'migrate copies text as it is, also the backslashes of a stream of rows' '
    capphat --db slash.db init >/dev/null &&
    capphat --db slash.db person add --name "Lý A Páo" --gender M --district "Ba Bể" \
        --commune "Chợ Rã" --note "Sổ \\N cũ: C:\\x\\\\ xong" --role "a\\tb" >/dev/null &&
    psql -q "$ADDR" -c "create database slash" &&
    SL=$(printf "%s" "$ADDR" | sed "s|/capphat?|/slash?|") &&
    capphat --db slash.db migrate --to "$SL" >out &&
    grep -F "verified on both sides" out &&
    capphat --db slash.db person show 1 >here && capphat --db "$SL" person show 1 >there &&
    test_cmp here there &&
    grep -F "Sổ \\N cũ: C:\\x\\\\ xong" there &&
    test "$(psql -qtA "$SL" -c "select role from person")" = "a\\tb"
'

test_expect_success 'migrate moves the demo register whole: the same lists, chain head and workbook cells' '
    capphat --db demo-moved.db demo >/dev/null &&
    psql -q "$ADDR" -c "create database demomoved" &&
    DM=$(printf "%s" "$ADDR" | sed "s|/capphat?|/demomoved?|") &&
    capphat --db demo-moved.db migrate --to "$DM" >out &&
    grep -F "verified on both sides" out &&
    for cmd in "person list" "device list" "receipt unsigned" "receipt unsigned --returns" \
        "round list" "training list"; do
        capphat --db demo-moved.db $cmd >here && capphat --db "$DM" $cmd >there &&
        test_cmp here there || return 1
    done &&
    test "$(sqlite3 demo-moved.db "select id || hash from audit_log order by id desc limit 1")" = \
        "$(psql -qtA "$DM" -c "select id || hash from audit_log order by id desc limit 1")" &&
    capphat --db demo-moved.db export summary -o here.xlsx >/dev/null &&
    capphat --db "$DM" export summary -o there.xlsx >/dev/null &&
    "$PYTHON" "$SRC_DIR/tests/cli/xlsx-cells.py" here.xlsx >here.cells &&
    "$PYTHON" "$SRC_DIR/tests/cli/xlsx-cells.py" there.xlsx >there.cells &&
    test_cmp here.cells there.cells &&
    capphat --db demo-moved.db check --full >out && grep -F "ok: integrity check passed" out &&
    capphat --db "$DM" check --full >out && grep -F "ok: integrity check passed" out
'

test_expect_success 'migrate into an address where this account kept another register before' '
    psql -q "$ADDR" -c "create database reused" &&
    RE=$(printf "%s" "$ADDR" | sed "s|/capphat?|/reused?|") &&
    capphat --db "$RE" init >/dev/null &&
    capphat --db "$RE" person add --name "Lý Văn Trước" --gender M --birth-year 1960 \
        --ethnic Tày --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    psql -q "$ADDR" -c "drop database reused" -c "create database reused" &&
    capphat --db demo-moved.db migrate --to "$RE" >out 2>err &&
    grep -F "verified on both sides" out &&
    ls "$XDG_STATE_HOME"/capphat/registers/*.head.replaced-* &&
    capphat --db "$RE" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'migrate refuses a database that is not empty, and changes nothing there' '
    MOVED=$(printf "%s" "$ADDR" | sed "s|/capphat?|/moved?|") &&
    psql -qtA "$MOVED" -c "select count(*) from audit_log" >before &&
    test_must_fail capphat migrate --to "$MOVED" 2>err &&
    one_line_error err "is not empty" &&
    psql -qtA "$MOVED" -c "select count(*) from audit_log" >after &&
    test_cmp before after &&
    test_must_fail capphat migrate --to somewhere.db 2>err &&
    one_line_error err "is not the address of a PostgreSQL database"
'

test_expect_success 'the released program works on the server register as the test build does' '
    "$CAPPHAT_RELEASE_BIN" --db "$ADDR" person list >released &&
    capphat --db "$ADDR" person list >tested &&
    test_cmp tested released &&
    test $(wc -l <released) -gt 3 &&
    KW="host=$(printf "%s" "$ADDR" | sed "s|.*host=\([^&]*\).*|\1|") dbname=capphat user=postgres" &&
    capphat --db "$KW" person list >keywords &&
    test_cmp tested keywords
'

test_expect_success 'the demo on the server: lists, searches and workbooks the same as on a file' '
    psql -q "$ADDR" -c "create database demo" &&
    DEMO=$(printf "%s" "$ADDR" | sed "s|/capphat?|/demo?|") &&
    capphat --db "$DEMO" demo >/dev/null &&
    capphat --db demo.db demo >/dev/null &&
    for cmd in "person list" "device list" "receipt unsigned" "round list" "training list" \
        "find persons van" "find devices samsung" "find persons 1958"; do
        capphat --db demo.db $cmd >here && capphat --db "$DEMO" $cmd >there &&
        test_cmp here there || return 1
    done &&
    # the words of a search in any order, found in the name, the village or
    # commune, the phone, an IMEI held, the birth year or the whole citizen
    # ID; of one or two letters; more words than the server tests one by
    # one; characters a LIKE pattern would take for its own
    for text in "van chan" "chan van" "thi ba be" "be ba" "yen binh 1941" "van 3569" \
        "1010 thi" "0985 a" "lu po" "a n h i e o u" "x y z a b c d e" "v%n" "v_n" "a\\" \
        "ngoc dinh" "chu huong 1965 thi" "006" "1965 1966"; do
        capphat --db demo.db find persons "$text" >here &&
        capphat --db "$DEMO" find persons "$text" >there &&
        test_cmp here there || return 1
    done &&
    for what in "summary" "summary --by-old-district" "handover --district Ba\ Bể" "handover" \
        "handover --blank" "handover --round 1" "attendance --session 1" "handovers" "persons"; do
        eval "capphat --db demo.db export $what -o here.xlsx --force" >/dev/null &&
        eval "capphat --db \"\$DEMO\" export $what -o there.xlsx --force" >/dev/null &&
        /usr/bin/python3 "$SRC_DIR/tests/cli/xlsx-cells.py" here.xlsx >here.txt &&
        /usr/bin/python3 "$SRC_DIR/tests/cli/xlsx-cells.py" there.xlsx >there.txt &&
        test_cmp here.txt there.txt || return 1
    done &&
    capphat --db "$DEMO" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'an import into the server: the same persons, found by the same searches' '
    /usr/bin/python3 -c "
import random
random.seed(7)
family = [\"Nguyễn\", \"Lò\", \"Hoàng\", \"Ma\", \"Triệu\", \"Nông\"]
given = [\"An\", \"Bình\", \"Chi\", \"Dũng\", \"Hà\", \"Lan\", \"Minh\", \"Thượng\"]
print(\"Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\")
for i in range(1500):
    print(f\"{random.choice(family)} Văn {random.choice(given)} {i},Nam,{1940 + i % 40},Tày,Chợ Rã,Ba Bể\")
" >list.csv &&
    psql -q "$ADDR" -c "create database imported" &&
    IMPORTED=$(printf "%s" "$ADDR" | sed "s|/capphat?|/imported?|") &&
    capphat --db "$IMPORTED" init >/dev/null && capphat --db imported.db init >/dev/null &&
    capphat --db "$IMPORTED" import persons list.csv >there &&
    capphat --db imported.db import persons list.csv >here &&
    test_cmp here there &&
    for cmd in "person list" "find persons thuong" "find persons hoang 1958" "find persons 12"; do
        capphat --db imported.db $cmd >here && capphat --db "$IMPORTED" $cmd >there &&
        test_cmp here there || return 1
    done &&
    for text in "van an" "an van" "cho ra an" "ra 1958" "thuong 12 van" "minh cho 19" \
        "nguyen 14" "n g u y e n v" "1 9 4 a n v g"; do
        capphat --db imported.db find persons "$text" >here &&
        capphat --db "$IMPORTED" find persons "$text" >there &&
        test_cmp here there && test $(wc -l <here) -gt 1 || return 1
    done &&
    capphat --db "$IMPORTED" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'restore refuses a register on a server, naming the way to bring a backup there' '
    capphat --db "$ADDR" backup b.db >/dev/null &&
    test_must_fail capphat --db "$ADDR" restore b.db 2>err &&
    one_line_error err "is a register on a server" &&
    grep -F "migrate --to" err
'

test_expect_success 'operators: a commune operator sees and changes only its communes, also through psql' '
    DEMO=$(printf "%s" "$ADDR" | sed "s|/capphat?|/demo?|") &&
    OP=$(printf "%s" "$DEMO" | sed "s|user=[a-z_]*|user=chora_$$|") &&
    PROV=$(printf "%s" "$DEMO" | sed "s|user=[a-z_]*|user=tinh_$$|") &&
    capphat --db "$DEMO" operator add chora_$$ --district "Ba Bể" --commune "Chợ Rã" >out &&
    grep -F "operator chora_$$ added" out &&
    capphat --db "$DEMO" operator add tinh_$$ --province >/dev/null &&
    capphat --db "$DEMO" operator list >list &&
    grep -F "chora_$$	commune" list && grep -F "tinh_$$	province" list &&
    capphat --db "$OP" person list >mine &&
    capphat --db "$PROV" person list >all &&
    test $(wc -l <mine) -gt 1 && test $(wc -l <mine) -lt $(wc -l <all) &&
    ! cut -f7 mine | tail -n +2 | grep -vx "Chợ Rã" &&
    test "$(psql -qtA "$OP" -c "select count(distinct commune_id) from person")" -le 2 &&
    id=$(capphat --db "$OP" person add --name "Lò Văn Mới" --gender M --birth-year 1960 \
        --ethnic Tày --district "Ba Bể" --commune "Chợ Rã") &&
    test "$(psql -qtA "$DEMO" -c "select operator from audit_log order by id desc limit 1")" = "chora_$$" &&
    test_must_fail capphat --db "$OP" person add --name "Lò Văn Khác" --gender M --birth-year 1960 \
        --ethnic Tày --district "Ba Bể" --commune "Khang Ninh" 2>err &&
    one_line_error err "commune ${SQ}Khang Ninh${SQ} is not one of the communes of role ${SQ}chora_$$${SQ}" &&
    test_must_fail psql -q "$OP" -c "update audit_log set operator = ${SQ}x${SQ}" 2>err &&
    grep -F "permission denied" err &&
    test_must_fail psql -q "$OP" -c "insert into audit_log (at, operator, action, entity, prev_hash, hash) values (${SQ}x${SQ}, ${SQ}someone (other)${SQ}, ${SQ}x${SQ}, ${SQ}x${SQ}, ${SQ}0${SQ}, ${SQ}h${SQ})" 2>err &&
    grep -e "names the role that writes it" -e "the audit log is a chain" err &&
    set -- $(psql -qtA "$DEMO" -c "select id || ${SQ} ${SQ} || hash from audit_log order by id desc limit 1") &&
    test_must_fail psql -q "$OP" -c "insert into audit_log (id, at, operator, action, entity, prev_hash, hash) values ($(($1 + 1)), ${SQ}x${SQ}, ${SQ}chora_$$${SQ}, ${SQ}x${SQ}, ${SQ}x${SQ}, ${SQ}$2${SQ}, ${SQ}h${SQ})" 2>err &&
    grep -F "its hash is not the hash of its fields" err &&
    test_must_fail psql -q "$OP" -c "update receipt_counter set last = 0" 2>err &&
    grep -F "a series of numbers only grows" err &&
    psql -q "$OP" -c "update unit set name = ${SQ}X${SQ} where level = ${SQ}commune${SQ}" &&
    test "$(psql -qtA "$DEMO" -c "select count(*) from unit where name = ${SQ}X${SQ}")" = 0 &&
    test_must_fail psql -q "$OP" -c "update ethnic_group set name = ${SQ}X${SQ}" 2>err &&
    grep -F "permission denied" err &&
    test "$(psql -qtA "$OP" -c "select count(*) from audit_log a where a.entity = ${SQ}person${SQ} and not exists (select 1 from person p where p.id = a.entity_id)")" = 0 &&
    test "$(psql -qtA "$DEMO" -c "select count(*) from audit_log where entity = ${SQ}person${SQ}")" -gt \
        "$(psql -qtA "$OP" -c "select count(*) from audit_log where entity = ${SQ}person${SQ}")" &&
    capphat --db "$OP" person show $id >show &&
    grep -F "person.add" show &&
    test_must_fail capphat --db "$OP" check 2>err &&
    one_line_error err "sees only its communes" &&
    capphat --db "$PROV" check --full >out &&
    grep -F "ok: integrity check passed" out &&
    before=$(psql -qtA "$DEMO" -c "select count(*) || value from setting where key = ${SQ}office_name${SQ} group by value") &&
    psql -q "$OP" -c "update setting set value = ${SQ}x${SQ} where key = ${SQ}office_name${SQ}" &&
    test_must_fail psql -q "$OP" -c "insert into setting (key, value) values (${SQ}x_new${SQ}, ${SQ}x${SQ})" 2>err &&
    grep -F "row-level security" err &&
    test "$(psql -qtA "$DEMO" -c "select count(*) || value from setting where key = ${SQ}office_name${SQ} group by value")" = "$before" &&
    mine=$(psql -qtA "$OP" -c "select count(*) from person") &&
    test "$(psql -qtA "$OP" -c "create temp table operator_unit as select ${SQ}chora_$$${SQ}::text as role, id as unit_id from public.unit" \
        -c "grant select on operator_unit to public" -c "set search_path = pg_temp, public" \
        -c "select count(*) from public.person" | tail -1)" = "$mine" &&
    capphat --db "$OP" export summary -o mine.xlsx >/dev/null &&
    "$PYTHON" -c "
import openpyxl
wb = openpyxl.load_workbook(\"mine.xlsx\")
assert wb.sheetnames[0] == \"Các xã phụ trách\", wb.sheetnames
cells = [c for r in wb.worksheets[0].iter_rows(max_row=8, values_only=True) for c in r if c]
assert any(str(c).startswith(\"Chỉ các xã do người dùng chora_$$ phụ trách\") for c in cells), cells
" &&
    test "$(psql -qtA "$OP" -c "select count(*) from touched")" -lt \
        "$(psql -qtA "$DEMO" -c "select count(*) from touched")" &&
    test "$(psql -qtA "$OP" -c "select count(*) from receipt_print r where not exists (select 1 from handover h where h.id = r.handover_id)")" = 0 &&
    test "$(psql -qtA "$OP" -c "select count(*) from person_tri")" = "$mine" &&
    psql "$OP" -c "update person_tri set phone = phone where rowid not in (select id from person)" >out &&
    grep -Fx "UPDATE 0" out &&
    capphat --db "$OP" device add --imei $IMEI8 --model X --round 1 >/dev/null &&
    for t in imei.slot person_word.pos touched.seq; do
        test_must_fail psql -q "$OP" -c "update ${t%.*} set ${t#*.} = ${t#*.}" 2>err &&
            grep -F "permission denied for table ${t%.*}" err || return 1
    done &&
    test_must_fail psql -q "$OP" -c "update imei set imei = ${SQ}$IMEI7${SQ} where imei = ${SQ}$IMEI8${SQ}" 2>err &&
    grep -F "permission denied for table imei" err
'

test_expect_success 'operator add: a role the server has already, more communes, and what it refuses' '
    DEMO=$(printf "%s" "$ADDR" | sed "s|/capphat?|/demo?|") &&
    psql -q "$DEMO" -c "create role xa_$$ login" &&
    capphat --db "$DEMO" operator add xa_$$ --district "Ba Bể" --commune "Khang Ninh" >out &&
    grep -F "operator xa_$$ added" out &&
    XA=$(printf "%s" "$DEMO" | sed "s|user=[a-z_]*|user=xa_$$|") &&
    capphat --db "$XA" person list >kn &&
    cut -f7 kn | tail -n +2 | grep -qx "Khang Ninh" &&
    ! cut -f7 kn | tail -n +2 | grep -vx -e "Khang Ninh" -e "Ba Bể" &&
    capphat --db "$DEMO" operator add xa_$$ --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    capphat --db "$DEMO" operator list | grep -c "^xa_$$	commune" >n &&
    test "$(cat n)" = 2 &&
    test_must_fail capphat --db "$DEMO" operator add xa_$$ --province 2>err &&
    one_line_error err "is a commune operator on this server" &&
    test_must_fail capphat --db "$DEMO" operator add postgres --province 2>err &&
    one_line_error err "is a superuser of the server"
'

test_expect_success 'a register of an older version is brought up to date by its owner, after a backup' '
    psql -q "$ADDR" -c "create database old" &&
    OLD=$(printf "%s" "$ADDR" | sed "s|/capphat?|/old?|") &&
    OLDOP=$(printf "%s" "$OLD" | sed "s|user=[a-z_]*|user=oldop_$$|") &&
    CAPPHAT_SERVER_VERSION=17 capphat --db "$OLD" init >/dev/null &&
    version() { psql -qtA "$OLD" -c "select value from capphat_meta where key = ${SQ}schema_version${SQ}"; } &&
    test "$(version)" = 17 &&
    test "$(psql -qtA "$OLD" -c "select count(*) from information_schema.columns where column_name = ${SQ}return_place${SQ}")" = 0 &&
    psql -q "$OLD" -c "create role oldop_$$ login in role capphat_province" &&
    test_must_fail capphat --db "$OLDOP" person list 2>err &&
    one_line_error err "is of version 17 and this program writes version" &&
    test_must_fail capphat --db "$OLD" check 2>err &&
    grep -F "needs an upgrade (version 17 to" err &&
    test "$(version)" = 17 &&
    capphat --db "$OLD" init >out &&
    grep -F "upgraded $OLD to schema version" out &&
    bak=$(sed -n "s/.*(backup: \(.*\))$/\1/p" out) &&
    test "$(sqlite3 "$bak" "pragma user_version")" = 17 &&
    test "$(sqlite3 "$bak" "select count(*) from unit")" -gt 100 &&
    test "$(version)" -gt 17 &&
    capphat --db "$OLD" check --full >out &&
    grep -F "ok: integrity check passed" out &&
    capphat --db "$OLD" person add --name "Lý A Páo" --gender M --birth-year 1960 --ethnic Mông \
        --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    capphat --db "$OLD" device add --imei $IMEI1 --model "Samsung Galaxy A05" \
        --delivered 2025-02-20 >/dev/null &&
    capphat --db "$OLDOP" handover --imei $IMEI1 --person 1 --date 2025-03-01 >/dev/null &&
    capphat --db "$OLDOP" return --imei $IMEI1 --reason died --place "Nhà văn hóa thôn Nà Phai" >out &&
    no=$(sed -n "s/^return record //p" out) &&
    capphat --db "$OLDOP" receipt "$no" -o back.pdf >/dev/null &&
    pdftotext back.pdf - | tr "\n" " " | grep -F "tại Nhà văn hóa thôn Nà Phai" &&
    capphat --db "$OLD" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_expect_success 'an address with a password is refused before anything is sent' '
    test_must_fail capphat --db "postgresql://office:secret@localhost/capphat" init 2>err &&
    one_line_error err "holds a password" &&
    ! grep -F secret err
'

test_expect_success 'a database of another program, or a search path to no schema, is named, and left as it was' '
    psql -q "$ADDR" -c "create database other" &&
    OTHER=$(printf "%s" "$ADDR" | sed "s|/capphat?|/other?|") &&
    psql -q "$OTHER" -c "create table foo (x int)" &&
    test_must_fail capphat --db "$OTHER" person list 2>err &&
    one_line_error err "holds other tables (1) and no capphat register" &&
    test_must_fail capphat --db "$OTHER" init 2>err &&
    one_line_error err "holds other tables (1) and no capphat register" &&
    test "$(psql -qtA "$OTHER" -c "select count(*) from pg_tables where schemaname = ${SQ}public${SQ}")" = 1 &&
    test_must_fail capphat --db "$ADDR&options=-csearch_path%3Dpg_temp" person list 2>err &&
    one_line_error err "its search path ${SQ}pg_temp${SQ} names no schema of the database" &&
    test_must_fail capphat --db "$ADDR&options=-csearch_path%3Dpg_temp" init 2>err &&
    one_line_error err "names no schema of the database"
'

test_expect_success 'a database that does not exist is named in one line' '
    bad=$(printf "%s" "$ADDR" | sed "s|/capphat?|/nosuch?|") &&
    test_must_fail capphat --db "$bad" person list 2>err &&
    one_line_error err "cannot connect to the database server"
'

test_done

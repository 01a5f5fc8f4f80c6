#!/bin/sh
# capphat person add|edit|list|show: Vietnamese names, units by name without
# accents, ethnic aliases, citizen IDs, phones, Vietnamese order, masking.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: a new database' '
    capphat init >/dev/null
'

test_expect_success 'add with a Vietnamese name prints the new id' '
    add_person "Nguyễn Văn An" >out &&
    test "$(cat out)" = 1 &&
    capphat person show 1 >show &&
    test "$(field Name show)" = "Nguyễn Văn An" &&
    test "$(field Commune show)" = "Chợ Rã" &&
    test "$(field District show)" = "Ba Bể"
'

test_expect_success 'add with the options of the issue, units typed without accents' '
    capphat person add --name "Hoàng Thị Bích" --gender F --birth-year 1965 --ethnic Mông \
        --district "cho moi" --commune "thanh mai" --village "Bản Cháo" --cccd 006165001234 \
        --phone "+84 912 345 678" --role "Già làng" >out &&
    test "$(cat out)" = 2 &&
    capphat person show 2 >show &&
    test "$(field Commune show)" = "Thanh Mai" &&
    test "$(field District show)" = "Chợ Mới" &&
    test "$(field Village show)" = "Bản Cháo" &&
    test "$(field Role show)" = "Già làng" &&
    test "$(field Gender show)" = female
'

test_expect_success 'district "ba be" and commune "my phuong" find Ba Bể / Mỹ Phương' '
    capphat person add --name "Lê Văn Đông" --gender Nam --birth-year 1950 --ethnic dao \
        --district "ba be" --commune "MY PHUONG" >out &&
    test "$(cat out)" = 3 &&
    capphat person show 3 >show &&
    test "$(field Commune show)" = "Mỹ Phương" &&
    test "$(field District show)" = "Ba Bể" &&
    test "$(field Gender show)" = male &&
    test "$(field "Ethnic group" show)" = "Dao"
'

test_expect_success 'a name typed in NFD is stored in NFC' '
    capphat person add --name "$(printf "Hoa\314\200")" --gender F --birth-year 1970 \
        --ethnic Khmer --district "ba be" --commune "my phuong" --cccd 123456789 >out &&
    test "$(cat out)" = 4 &&
    capphat person show 4 >show &&
    field Name show >name &&
    printf "Ho\303\240\n" >expect &&
    test_cmp expect name &&
    test "$(sql "select $(hex_of full_name) from person where id = 4")" = 486FC3A0
'

test_expect_success 'ethnic aliases: Hmông and Mèo are Mông, Khmer is Khơ-me' '
    capphat person show 2 >show &&
    test "$(field "Ethnic group" show)" = "Mông" &&
    capphat person show 4 >show &&
    test "$(field "Ethnic group" show)" = "Khơ-me" &&
    add_person "Thử Alias" --ethnic "H${SQ}Mông" >id &&
    capphat person show "$(cat id)" >show &&
    test "$(field "Ethnic group" show)" = "Mông" &&
    capphat person edit "$(cat id)" --active no
'

test_expect_success 'an unknown ethnic group is refused with suggestions' '
    h=$(db_hash) &&
    test_must_fail add_person "Vô Danh" --ethnic "Mo" 2>err &&
    one_line_error err "ethnic group ${SQ}Mo${SQ} is unknown; did you mean: " &&
    grep -F "Mông" err &&
    unchanged_after "$h"
'

test_expect_success 'an old 9-digit ID card is accepted and flagged' '
    capphat person show 4 >show &&
    test "$(field "Citizen ID" show)" = "12****789 (old ID card)" &&
    test "$(sql "select id_kind from person where id = 4")" = cmnd
'

test_expect_success 'the CCCD must agree with the gender' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai Giới" --cccd 006160009999 2>err &&
    one_line_error err "cccd ${SQ}006160009999${SQ} encodes gender female, but the gender given is male" &&
    unchanged_after "$h"
'

test_expect_success 'the CCCD must agree with the birth year' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai Năm" --cccd 006065009999 2>err &&
    one_line_error err "cccd ${SQ}006065009999${SQ} encodes birth year 1965, but the birth year given is 1960" &&
    unchanged_after "$h"
'

test_expect_success 'the CCCD must start with a province code and have 12 digits' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai Tỉnh" --cccd 999060001111 2>err &&
    one_line_error err "cccd ${SQ}999060001111${SQ}: 999 is not a province code" &&
    test_must_fail add_person "Sai Số" --cccd 00606000111 2>err &&
    one_line_error err "cccd ${SQ}00606000111${SQ} has 11 digits" &&
    unchanged_after "$h"
'

test_expect_success 'a CCCD already registered is refused, naming its holder' '
    h=$(db_hash) &&
    test_must_fail capphat person add --name "Bản Sao" --gender F --birth-year 1965 \
        --district "ba be" --commune "cho ra" --cccd 006165001234 2>err &&
    one_line_error err "cccd ${SQ}006165001234${SQ} already belongs to person 2" &&
    unchanged_after "$h"
'

test_expect_success 'phone +84 912 345 678 is stored as 0912345678' '
    capphat person show 2 >show &&
    test "$(field Phone show)" = 0912345678 &&
    test "$(sql "select phone from person where id = 2")" = 0912345678
'

test_expect_success 'phone 84xxxxxxxxx and dotted forms are normalised too' '
    capphat person edit 3 --phone 84.987.654.321 >out &&
    grep -x "person 3 updated" out &&
    capphat person show 3 >show &&
    test "$(field Phone show)" = 0987654321
'

test_expect_success 'phone with no-break spaces, as a spreadsheet or a web page groups it' '
    capphat person edit 3 --phone "$(printf "+84\302\240912\342\200\257345\302\240679")" >out &&
    grep -x "person 3 updated" out &&
    test "$(sql "select phone from person where id = 3")" = 0912345679 &&
    h=$(db_hash) &&
    test_must_fail capphat person edit 3 --phone "$(printf "0912\302\240345\302\240ABC")" 2>err &&
    one_line_error err "must contain only digits" &&
    unchanged_after "$h" &&
    capphat person edit 3 --phone 84.987.654.321 >out
'

test_expect_success 'a phone that is not a mobile number is refused' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai Số" --phone 12345 2>err &&
    one_line_error err "phone ${SQ}12345${SQ} is not a mobile number" &&
    test_must_fail add_person "Sai Số" --phone 0212345678 2>err &&
    one_line_error err "prefix 021 is not a Vietnamese mobile prefix" &&
    unchanged_after "$h"
'

test_expect_success 'gender, birth year and name are checked' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai" --gender X 2>err &&
    one_line_error err "gender ${SQ}X${SQ} must be M or F" &&
    test_must_fail add_person "Sai" --birth-year 1850 2>err &&
    one_line_error err "birth year ${SQ}1850${SQ} is out of range" &&
    test_must_fail add_person "" 2>err &&
    one_line_error err "name is required" &&
    test_must_fail add_person "$(printf "A\tB")" 2>err &&
    one_line_error err "name ${SQ}A\\x09B${SQ} contains a control character" &&
    unchanged_after "$h"
'

test_expect_success 'required options missing are usage errors (exit 2)' '
    test_expect_code 2 capphat person add --name X --gender M 2>err &&
    one_line_error err "--commune is required" &&
    test_expect_code 2 capphat person add --gender M --commune "cho ra" 2>err &&
    one_line_error err "--name is required" &&
    test_expect_code 2 capphat person add --name X --commune "cho ra" 2>err &&
    one_line_error err "--gender is required"
'

test_expect_success 'an unknown district lists the candidates' '
    h=$(db_hash) &&
    test_must_fail add_person "Sai Huyện" --district "cho" 2>err &&
    one_line_error err "district ${SQ}cho${SQ} is unknown; candidates: Chợ Đồn, Chợ Mới" &&
    unchanged_after "$h"
'

test_expect_success 'an unknown commune lists the communes of the district' '
    h=$(db_hash) &&
    test_must_fail capphat person add --name "Sai Xã" --gender M --district "ba be" \
        --commune "xyz" 2>err &&
    one_line_error err "commune ${SQ}xyz${SQ} is unknown; known: " &&
    grep -F "Chợ Rã" err && grep -F "Mỹ Phương" err && ! grep -F "Thanh Mai" err &&
    unchanged_after "$h"
'

test_expect_success 'a partial commune name is not taken: did you mean' '
    h=$(db_hash) &&
    test_must_fail capphat person add --name "Sai Xã" --gender M --district "ba be" \
        --commune "phuong" 2>err &&
    one_line_error err "commune ${SQ}phuong${SQ} is unknown; did you mean ${SQ}Mỹ Phương${SQ}?" &&
    unchanged_after "$h"
'

test_expect_success 'list: TSV header, one row per active person, citizen IDs masked' '
    capphat person list >list &&
    head -1 list >header &&
    printf "id\tname\tgender\tbirth_year\tethnic\tvillage\tcommune\tdistrict\tcccd\tphone\timei\treceipt\tactive\tcommune_today\n" >expect &&
    test_cmp expect header &&
    test "$(wc -l <list)" = 5 &&
    grep -F "$(printf "2\tHoàng Thị Bích\tF\t1965\tMông\tBản Cháo\tThanh Mai\tChợ Mới\t006*****1234\t0912345678\t\t\t1")" list &&
    ! grep -F 006165001234 list
'

test_expect_success 'list is in Vietnamese order: by given name, D before Đ' '
    capphat person add --name "Trần Văn Dũng" --gender M --birth-year 1958 \
        --district "pac nam" --commune "bang thanh" >out &&
    test "$(cat out)" = 6 &&
    capphat person list | cut -f2 | tail -n +2 >names &&
    printf "%s\n" "Nguyễn Văn An" "Hoàng Thị Bích" "Trần Văn Dũng" "Lê Văn Đông" "Hoà" >expect &&
    test_cmp expect names
'

test_expect_success 'list --format csv parses with Python csv, same rows' '
    capphat person list --format csv >list.csv &&
    $PYTHON -c "
import csv, sys
rows = list(csv.DictReader(open(\"list.csv\", encoding=\"utf-8\", newline=\"\")))
assert [r[\"name\"] for r in rows] == [\"Nguyễn Văn An\", \"Hoàng Thị Bích\", \"Trần Văn Dũng\", \"Lê Văn Đông\", \"Hoà\"], rows
b = rows[1]
assert b[\"id\"] == \"2\" and b[\"cccd\"] == \"006*****1234\" and b[\"phone\"] == \"0912345678\", b
assert b[\"district\"] == \"Chợ Mới\" and b[\"village\"] == \"Bản Cháo\", b
assert rows[4][\"cccd\"] == \"12****789\", rows[4]
"
'

test_expect_success 'list --format with another value is a usage error' '
    test_expect_code 2 capphat person list --format xml 2>err &&
    one_line_error err "format ${SQ}xml${SQ} must be tsv or csv"
'

test_expect_success 'list --district keeps that district only' '
    capphat person list --district "cho moi" | cut -f2 | tail -n +2 >names &&
    echo "Hoàng Thị Bích" >expect &&
    test_cmp expect names &&
    capphat person list --district "ba be" --commune "my phuong" | cut -f1 | tail -n +2 >ids &&
    printf "3\n4\n" >expect &&
    test_cmp expect ids
'

test_expect_success 'list --district with an unknown district fails with candidates' '
    test_must_fail capphat person list --district "bac" >out 2>err &&
    one_line_error err "district ${SQ}bac${SQ} is unknown; candidates: Bạch Thông, Bắc Kạn" &&
    test ! -s out
'

test_expect_success 'no audit entry is written for a masked list' '
    test "$(sql "select count(*) from audit_log where action = ${SQ}show_id${SQ}")" = 0
'

test_expect_success 'list --show-id shows citizen IDs in full and audits it' '
    capphat person list --show-id >list &&
    grep -F "$(printf "\t006165001234\t")" list &&
    grep -F "$(printf "\t123456789\t")" list &&
    test "$(sql "select action || ${SQ} ${SQ} || operator from audit_log order by id desc limit 1")" = "show_id tester"
'

test_expect_success 'show --show-id shows the ID and audits it, naming the person' '
    capphat person show 2 >show &&
    test "$(field "Citizen ID" show)" = "006*****1234" &&
    n=$(audit_count) &&
    capphat person show 2 --show-id >show &&
    test "$(field "Citizen ID" show)" = "006165001234" &&
    test "$(audit_count)" = $((n + 1)) &&
    test "$(sql "select action, entity_id from audit_log order by id desc limit 1")" = "show_id|2"
'

test_expect_success 'edit changes the given fields only, audited with before and after' '
    capphat person edit 3 --role "Trưởng thôn" --village "Nà Lù" >out &&
    grep -x "person 3 updated" out &&
    capphat person show 3 >show &&
    test "$(field Role show)" = "Trưởng thôn" &&
    test "$(field Village show)" = "Nà Lù" &&
    test "$(field Phone show)" = 0987654321 &&
    test "$(field Name show)" = "Lê Văn Đông" &&
    sql "select before, after from audit_log where action = ${SQ}person.edit${SQ} and entity_id = 3 order by id desc limit 1" >entry &&
    grep -F "\"role\":null" entry && grep -F "\"role\":\"Trưởng thôn\"" entry
'

test_expect_success 'an edit that changes nothing writes no audit entry' '
    n=$(audit_count) &&
    capphat person edit 3 --role "Trưởng  thôn " &&
    test "$(audit_count)" = "$n"
'

test_expect_success 'edit of a birth year that contradicts the CCCD is refused, naming it masked' '
    h=$(db_hash) &&
    test_must_fail capphat person edit 2 --birth-year 1970 2>err &&
    one_line_error err "cccd ${SQ}006*****1234${SQ} encodes birth year 1965, but the birth year given is 1970" &&
    test_must_fail capphat person edit 2 --gender M 2>err &&
    one_line_error err "cccd ${SQ}006*****1234${SQ} encodes gender female, but the gender given is male" &&
    ! grep -F 006165001234 err &&
    unchanged_after "$h"
'

test_expect_success 'edit of an unknown person fails and changes nothing' '
    h=$(db_hash) &&
    test_must_fail capphat person edit 99 --role x 2>err &&
    one_line_error err "no person with id 99" &&
    unchanged_after "$h"
'

test_expect_success 'an inactive person leaves the list; --inactive brings them back' '
    capphat person list | cut -f1 >ids &&
    ! grep -x 5 ids &&
    capphat person list --inactive | cut -f1 >ids &&
    grep -x 5 ids
'

test_expect_success 'show: the history of handovers, returns and training' '
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat handover --person 3 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat return --imei $IMEI1 --reason defective --decision "QĐ 12/2024" --date 2024-04-02 &&
    capphat device status $IMEI1 in_stock >/dev/null &&
    capphat handover --person 3 --imei $IMEI1 --date 2024-05-01 >/dev/null &&
    capphat training add --date 2024-05-10 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" \
        --topic "Dùng Zalo" >/dev/null &&
    capphat training attend --session 1 --person 3 >/dev/null &&
    capphat person show 3 >show &&
    sed -n "/^Handovers:/,/^Training:/p" show >hist &&
    grep -F "01/03/2024  receipt 01/BB-BDT" hist &&
    grep -F "imei $IMEI1  Samsung Galaxy A05" hist &&
    grep -F "returned 02/04/2024: defective, decision QĐ 12/2024" hist &&
    grep -F "01/05/2024  receipt 02/BB-BDT" hist &&
    sed -n "/^Training:/,/^Audit log:/p" show >train &&
    grep -F "10/05/2024  session 1  Dùng Zalo, Nhà văn hoá (Lý Văn Kỹ)" train &&
    sed -n "/^Audit log:/,\$p" show >log &&
    grep -F "person.add       tester" log && grep -F "person.edit      tester" log
'

test_expect_success 'list shows the device a person holds and its receipt' '
    capphat person list | grep "^3	" >row &&
    test "$(cut -f11 row)" = $IMEI1 &&
    test "$(cut -f12 row)" = 02/BB-BDT
'

test_expect_success 'show of an unknown id, or of a non-number, fails' '
    test_must_fail capphat person show 99 >out 2>err &&
    one_line_error err "person: no person with id 99" &&
    test ! -s out &&
    test_must_fail capphat person show abc 2>err &&
    one_line_error err "person id ${SQ}abc${SQ} is not an id" &&
    test_expect_code 2 capphat person show 2>err &&
    one_line_error err "person show needs one person id"
'

# the period of a person's commune: 2025-07-01 (a commune of Thái Nguyên) or
# empty (a commune of Bắc Kạn, until 30/06/2025)
period() { sql "select coalesce(u.valid_from, ${SQ}${SQ}) from unit u join person p on p.commune_id = u.id where p.id = $1"; }

test_expect_success 'a commune name shared by 2023 and 2025 is refused without a district or a date' '
    h=$(db_hash) &&
    test_must_fail capphat person add --name "Ma Văn Cũ" --gender M --commune "bang thanh" 2>err &&
    one_line_error err "commune ${SQ}bang thanh${SQ} is ambiguous: Bằng Thành — huyện Pác Nặm, until 30/06/2025; Bằng Thành — tỉnh Thái Nguyên, from 01/07/2025; give the district, or the date it is named on (--as-of DATE)" &&
    CAPPHAT_TODAY=2024-06-01 test_must_fail capphat person add --name "Ma Văn Cũ" --gender M \
        --commune "bang thanh" 2>err &&
    grep -F "is ambiguous" err &&
    unchanged_after "$h"
'

test_expect_success 'with its district or a date, the name is the commune of that period' '
    capphat person add --name "Ma Văn Cũ" --gender M --district "pac nam" --commune "bang thanh" >id &&
    capphat person show "$(cat id)" >show &&
    test "$(field District show)" = "Pác Nặm" &&
    test "$(period "$(cat id)")" = "" &&
    capphat person add --name "Ma Văn Xưa" --gender M --commune "bang thanh" --as-of 30/06/2025 >id &&
    test "$(period "$(cat id)")" = "" &&
    capphat person add --name "Ma Văn Mới" --gender M --commune "bang thanh" --as-of 2025-07-01 >id &&
    test "$(period "$(cat id)")" = 2025-07-01 &&
    test_must_fail capphat person add --name "Ma Văn Sai" --gender M --commune "bang thanh" \
        --as-of 31/02/2025 2>err &&
    grep -F "31/02/2025" err
'

test_expect_success 'two communes of 2023 with one name list their districts' '
    sql "insert into unit(level, code, name, name_fold, kind, parent_id, valid_to)
         select ${SQ}commune${SQ}, ${SQ}99999${SQ}, ${SQ}Mỹ Phương${SQ}, ${SQ}my phuong${SQ}, ${SQ}Xã${SQ}, id, ${SQ}2025-07-01${SQ}
         from unit where level = ${SQ}district${SQ} and code = ${SQ}060${SQ}" &&
    h=$(db_hash) &&
    test_must_fail capphat person add --name "Ai Đó" --gender M --commune "my phuong" 2>err &&
    one_line_error err "commune ${SQ}my phuong${SQ} is ambiguous: Mỹ Phương — huyện Ba Bể, until 30/06/2025; Mỹ Phương — huyện Pác Nặm, until 30/06/2025; give the district too" &&
    test_must_fail capphat person add --name "Ai Đó" --gender M --commune "my phuong" --as-of 2024-01-01 2>err &&
    one_line_error err "commune ${SQ}my phuong${SQ} is ambiguous on 01/01/2024: Mỹ Phương — huyện Ba Bể, until 30/06/2025; Mỹ Phương — huyện Pác Nặm, until 30/06/2025; give the district" &&
    unchanged_after "$h" &&
    capphat person add --name "Ai Đó" --gender M --district "pac nam" --commune "my phuong" >id &&
    capphat person show "$(cat id)" >show &&
    test "$(field District show)" = "Pác Nặm"
'

test_expect_success 'every person, edit and view left the audit chain valid; the planted commune is named' '
    u=$(sql "select id from unit where code = ${SQ}99999${SQ}") &&
    test_expect_code 1 capphat check >out 2>/dev/null &&
    grep -v "^newest backup\|^warning" out >problems &&
    echo "unit $u: not in the audit log (written behind capphat${SQ}s back)" >expect &&
    test_cmp expect problems
'

test_expect_success 'ethnic names as people write them go to the official group' '
    for e in "Mèo:Mông" "Hmông:Mông" "Dao đỏ:Dao" "Dao Tiền:Dao" "Dao Quần Chẹt:Dao" \
             "Mán:Dao" "Kinh (Việt):Kinh" "Việt:Kinh" "Cao Lan:Sán Chay" "Sán Chỉ:Sán Chay" \
             "Dân tộc Tày:Tày" "dân tộc Nùng:Nùng" "Nùng (Nùng An):Nùng"
    do
        add_person "Thử ${e%%:*}" --ethnic "${e%%:*}" >id &&
        capphat person show "$(cat id)" >show &&
        test "$(field "Ethnic group" show)" = "${e#*:}" &&
        capphat person edit "$(cat id)" --active no || return 1
    done
'

test_done

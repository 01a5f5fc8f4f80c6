#!/bin/sh
# The office after the reorganisation of 1 July 2025 (districts abolished,
# Bắc Kạn merged into Thái Nguyên). The seven commune names of Pác Nặm, Ba
# Bể and Chợ Mới that belong both to a commune of 2023 and to one of 2025
# are typed with no district, with their district, and with dates on either
# side of 1 July 2025, through every command that takes a commune; people
# registered in an old commune are found by the new one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# name|old district|an old commune that merged into the new one with it
SHARED="Chợ Rã|Ba Bể|Thượng Giáo
Đồng Phúc|Ba Bể|Hoàng Trĩ
Phúc Lộc|Ba Bể|Hà Hiệu
Thanh Mai|Chợ Mới|Mai Lạp
Thanh Thịnh|Chợ Mới|Nông Hạ
Bằng Thành|Pác Nặm|Bộc Bố
Nghiên Loan|Pác Nặm|An Thắng"

# each_shared CMD: CMD NAME DISTRICT OTHER K for each shared name (K = 1..7),
# stopping at the first failure
each_shared() {
    _k=0
    printf '%s\n' "$SHARED" >"$TEST_DIR/.shared"
    while IFS='|' read -r _name _district _other; do
        _k=$((_k + 1))
        "$@" "$_name" "$_district" "$_other" "$_k" || { echo "failed for $_name" >&2; return 1; }
    done <"$TEST_DIR/.shared"
}

# imei N: a valid IMEI (Luhn check digit) made from the number N
imei() {
    $PYTHON -c "
s = '35693211%06d' % $1
t = sum(int(c) if i % 2 == 0 else sum(divmod(2 * int(c), 10)) for i, c in enumerate(s))
print(s + str((10 - t % 10) % 10))"
}

# period ID: the validity start of person ID's commune: '' (2023) or 2025-07-01
period() { sql "select coalesce(u.valid_from, '') from unit u join person p on p.commune_id = u.id where p.id = $1"; }
# unit NAME FROM: the id of the commune of that name valid from FROM ('' for 2023)
unit() { sql "select id from unit where level = 'commune' and name = '$1' and coalesce(valid_from, '') = '$2'"; }

capphat init >/dev/null || exit 1

test_expect_success 'person add: a shared name without district or date is refused, nothing written' '
    refused() {
        h=$(db_hash) &&
        test_must_fail capphat person add --name "Ai Đó" --gender M --commune "$1" 2>err &&
        one_line_error err "commune ${SQ}$1${SQ} is ambiguous: $1 — huyện $2, until 30/06/2025; $1 — tỉnh Thái Nguyên, from 01/07/2025; give the district, or the date it is named on (--as-of DATE)" &&
        unchanged_after "$h"
    } &&
    each_shared refused
'

test_expect_success 'person add: with the district, or a date before 1 July 2025, the old commune' '
    old() {
        id=$(capphat person add --name "Cũ $4 A" --gender M --district "$2" --commune "$1") &&
        test "$(period $id)" = "" &&
        test "$(sql "select c.id from person p join unit c on c.id = p.commune_id where p.id = $id")" = "$(unit "$1" "")" &&
        id=$(capphat person add --name "Cũ $4 B" --gender F --commune "$1" --as-of 30/06/2025) &&
        test "$(period $id)" = "" &&
        id=$(capphat person add --name "Cũ $4 C" --gender M --commune "$3" --district "$2") &&
        test "$(period $id)" = ""
    } &&
    each_shared old
'

test_expect_success 'person add: with a date from 1 July 2025, the new commune' '
    new() {
        id=$(capphat person add --name "Mới $4" --gender F --commune "$1" --as-of 2025-07-01) &&
        test "$(period $id)" = 2025-07-01 &&
        test "$(sql "select commune_id from person where id = $id")" = "$(unit "$1" 2025-07-01)"
    } &&
    each_shared new
'

test_expect_success 'person edit moves a person only as the name and date say' '
    id=$(sql "select id from person where full_name = ${SQ}Cũ 1 A${SQ}") &&
    h=$(db_hash) &&
    test_must_fail capphat person edit $id --commune "Chợ Rã" 2>err &&
    grep -F "is ambiguous" err &&
    unchanged_after "$h" &&
    capphat person edit $id --commune "Chợ Rã" --as-of 2026-01-01 >/dev/null &&
    test "$(period $id)" = 2025-07-01 &&
    capphat person edit $id --commune "Chợ Rã" --district "Ba Bể" >/dev/null &&
    test "$(period $id)" = ""
'

test_expect_success 'training add: the session date chooses the commune; a district the old one' '
    sessions() {
        s=$(capphat training add --date 30/06/2025 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" \
            --topic "Zalo" --commune "$1") &&
        test "$(sql "select commune_id from training_session where id = $s")" = "$(unit "$1" "")" &&
        s=$(capphat training add --date 01/07/2025 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" \
            --topic "Zalo" --commune "$1") &&
        test "$(sql "select commune_id from training_session where id = $s")" = "$(unit "$1" 2025-07-01)" &&
        s=$(capphat training add --date 2024-05-10 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" \
            --topic "Zalo" --district "$2" --commune "$1") &&
        test "$(sql "select commune_id from training_session where id = $s")" = "$(unit "$1" "")" &&
        s=$(capphat training add --date 2025-09-10 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" \
            --topic "Zalo" --district "$2" --commune "$3") &&
        test "$(sql "select commune_id from training_session where id = $s")" = "$(unit "$1" 2025-07-01)"
    } &&
    each_shared sessions
'

test_expect_success 'training add: a new commune before it existed is refused, naming its communes' '
    h=$(db_hash) &&
    test_must_fail capphat training add --date 2024-05-10 --place X --trainer Y --topic Z \
        --commune "Thượng Minh" 2>err &&
    one_line_error err "commune ${SQ}Thượng Minh${SQ}: xã Thượng Minh did not exist on 10/05/2024: it was formed on 01/07/2025 from Chu Hương, Mỹ Phương, Yến Dương (huyện Ba Bể), each of which is a commune of its own on that date" &&
    unchanged_after "$h"
'

# handovers: the three persons of each name — old commune (A), the other
# old commune (C), registered in 2025 (the new one) — each get a phone
test_expect_success 'setup: a phone handed to each of them' '
    give() {
        a=$(sql "select id from person where full_name = ${SQ}Cũ $4 A${SQ}") &&
        c=$(sql "select id from person where full_name = ${SQ}Cũ $4 C${SQ}") &&
        n=$(sql "select id from person where full_name = ${SQ}Mới $4${SQ}") &&
        k=$4 &&
        for who in "$a 1 2024-03-01" "$c 2 2024-03-02" "$n 3 2025-08-01"; do
            set -- $who &&
            i=$(imei $(( k * 10 + $2 ))) &&
            capphat device add --imei $i --model "Samsung Galaxy A05" --delivered 2023-12-15 >/dev/null &&
            capphat handover --person $1 --imei $i --date $3 >/dev/null || return 1
        done
    } &&
    each_shared give &&
    test "$(sql "select count(*) from handover")" = 21
'

# unsigned NAME [OPTIONS]: the names listed by receipt unsigned --commune NAME
unsigned() {
    _c=$1
    shift
    capphat receipt unsigned --commune "$_c" "$@" >"$TEST_DIR/.u" &&
    tail -n +2 "$TEST_DIR/.u" | cut -f4 | sort
}

test_expect_success 'receipt unsigned --commune: refused, the old commune, or the new one with all it absorbed' '
    listed() {
        h=$(db_hash) &&
        test_must_fail capphat receipt unsigned --commune "$1" 2>err &&
        grep -F "commune ${SQ}$1${SQ} is ambiguous" err &&
        unchanged_after "$h" &&
        test "$(unsigned "$1" --district "$2")" = "Cũ $4 A" &&
        test "$(unsigned "$1" --as-of 2025-06-30)" = "Cũ $4 A" &&
        printf "Cũ %s A\nCũ %s C\nMới %s\n" $4 $4 $4 >expect &&
        unsigned "$1" --as-of 2025-07-01 >got &&
        test_cmp expect got &&
        test "$(unsigned "$3" --district "$2")" = "Cũ $4 C"
    } &&
    each_shared listed
'

test_expect_success 'receipt --commune: the same people, one receipt each' '
    receipts() {
        h=$(db_hash) &&
        test_must_fail capphat receipt --commune "$1" -o r$4.pdf --final 2>err &&
        grep -F "is ambiguous" err && test ! -e r$4.pdf &&
        unchanged_after "$h" &&
        capphat receipt --commune "$1" --district "$2" -o old$4.pdf --final >out &&
        grep -F "old$4.pdf written: 1 receipt" out &&
        capphat receipt --commune "$1" --as-of 2025-07-01 -o new$4.pdf --final >out &&
        grep -F "new$4.pdf written: 3 receipts (1 reprinted" out &&
        pdftotext new$4.pdf - | grep -cE "^- (Ông|Bà): [^.]" >n &&
        test "$(cat n)" = 3
    } &&
    each_shared receipts
'

test_expect_success 'handover: each receipt names the commune of its date; before its commune existed, refused' '
    addresses() {
        kind=$(sql "select lower(substr(kind, 1, 1)) || substr(kind, 2) from unit
                    where name = ${SQ}$1${SQ} and valid_to is not null") &&
        pdftotext -layout old$4.pdf - | grep -F "Địa chỉ: $kind $1, huyện $2" &&
        pdftotext -layout new$4.pdf - >new$4.txt &&
        grep -F "Địa chỉ: xã $1, tỉnh Thái Nguyên" new$4.txt &&
        grep -F "Địa chỉ: xã $3, huyện $2" new$4.txt &&
        who=$(capphat person add --name "Sau $4" --gender F --commune "$1" --as-of 2025-07-01) &&
        i=$(imei $(( 500 + $4 ))) &&
        capphat device add --imei $i --model "Vivo Y17s" --delivered 2023-12-15 >/dev/null &&
        h=$(db_hash) &&
        test_must_fail capphat handover --person $who --imei $i --date 2025-06-30 2>err &&
        grep -F "person $who (Sau $4): xã $1 did not exist on 30/06/2025" err &&
        unchanged_after "$h"
    } &&
    each_shared addresses
'

test_expect_success 'export handover --commune: refused, or the list of the period named' '
    lists() {
        test_must_fail capphat export handover --commune "$1" -o h$4.xlsx 2>err &&
        grep -F "is ambiguous" err && test ! -e h$4.xlsx &&
        capphat export handover --commune "$1" --district "$2" -o old$4.xlsx >out &&
        grep -F "old$4.xlsx written: 1 row on 1 sheet" out &&
        capphat export handover --commune "$1" --as-of 2025-06-30 -o before$4.xlsx >out &&
        grep -F "before$4.xlsx written: 1 row" out &&
        capphat export handover --commune "$1" --as-of 2025-07-01 -o new$4.xlsx >out &&
        grep -F "new$4.xlsx written: 3 rows on 1 sheet" out
    } &&
    each_shared lists
'

test_expect_success 'the sign-off list, made today: a sheet per commune of today, each row with the commune of the records' '
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("new1.xlsx").worksheets[0]
texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert "Xã Chợ Rã, tỉnh Thái Nguyên" in texts, texts[:12]
assert "Chợ Rã ← Thượng Giáo" in texts and "Chợ Rã" in texts, texts
ws = openpyxl.load_workbook("old1.xlsx").worksheets[0]
texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert "Chợ Rã" in texts and "Cũ 1 A" in texts and "Cũ 1 C" not in texts, texts
# a commune that kept its name: its name alone, never "Chợ Rã ← Chợ Rã"
assert not [t for t in texts if "←" in t and t.split(" ← ")[0] == t.split(" ← ")[1]], texts
PY
'

test_expect_success 'the commune of the records beside the one of today only when the names differ' '
    capphat export handover -o today.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
pairs = [c.value for ws in openpyxl.load_workbook("today.xlsx").worksheets
         for r in ws.iter_rows() for c in r if isinstance(c.value, str) and "←" in c.value]
assert "Chợ Rã ← Thượng Giáo" in pairs, pairs
assert not [t for t in pairs if t.split(" ← ")[0] == t.split(" ← ")[1]], pairs
PY
'

test_expect_success 'a person of an old commune is found by the new commune, and by the old district' '
    found() {
        capphat person list --commune "$1" --as-of 2025-07-01 | tail -n +2 | cut -f2 | sort >got &&
        printf "Cũ %s A\nCũ %s B\nCũ %s C\nMới %s\nSau %s\n" $4 $4 $4 $4 $4 >expect &&
        test_cmp expect got &&
        capphat person list --district "$2" | cut -f2 >d &&
        grep -x "Cũ $4 C" d && ! grep -x "Mới $4" d &&
        capphat find persons "cu $4 c" | tail -n +2 | cut -f2 | grep -x "Cũ $4 C"
    } &&
    each_shared found
'

test_expect_success 'person list: the commune of the records, its district and the commune today' '
    capphat person list --commune "Bằng Thành" --as-of 2026-01-01 >list &&
    head -1 list | cut -f7,8,14 >h && printf "commune\tdistrict\tcommune_today\n" >expect && test_cmp expect h &&
    grep "	Cũ 6 C	" list | cut -f7,8,14 >row && printf "Bộc Bố\tPác Nặm\tBằng Thành\n" >expect && test_cmp expect row &&
    grep "	Mới 6	" list | cut -f7,8,14 >row && printf "Bằng Thành\t\tBằng Thành\n" >expect && test_cmp expect row
'

test_expect_success 'person show: both communes, and each record with the commune of its date' '
    id=$(sql "select id from person where full_name = ${SQ}Cũ 6 C${SQ}") &&
    capphat person show $id >show &&
    test "$(field Commune show)" = "Bộc Bố" && test "$(field District show)" = "Pác Nặm" &&
    test "$(field "Commune today" show)" = "xã Bằng Thành (formerly xã Bộc Bố, huyện Pác Nặm)" &&
    grep -F "02/03/2024  receipt" show | grep -F "(xã Bộc Bố, huyện Pác Nặm)" &&
    i=$(imei 999) &&
    capphat device add --imei $i --model "OPPO A18" --delivered 2023-12-15 >/dev/null &&
    capphat return --imei $(sql "select d.imei from handover h join device d on d.id = h.device_id
        where h.person_id = $id") --reason defective --date 2025-08-01 >/dev/null &&
    capphat handover --person $id --imei $i --date 2025-08-05 >/dev/null &&
    capphat training add --date 2025-09-01 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Zalo" >s &&
    capphat training attend --session "$(cat s)" --person $id >/dev/null &&
    capphat person show $id >show &&
    grep -F "05/08/2025  receipt" show | grep -F "(xã Bằng Thành, tỉnh Thái Nguyên)" &&
    grep -F "01/09/2025  session" show | grep -F "(xã Bằng Thành, tỉnh Thái Nguyên)" &&
    CAPPHAT_TODAY=2025-06-30 capphat person show $id >before &&
    test "$(field "Commune today" before)" = "xã Bộc Bố, huyện Pác Nặm" &&
    n=$(sql "select id from person where full_name = ${SQ}Mới 6${SQ}") &&
    capphat person show $n >show &&
    test "$(field District show)" = "" &&
    test "$(field "Commune today" show)" = "xã Bằng Thành, tỉnh Thái Nguyên"
'

test_expect_success 'export persons and handovers (CSV): the commune today, the commune of each handover' '
    capphat export persons -o p.csv >/dev/null &&
    capphat export handovers -o h.csv >/dev/null &&
    $PYTHON - <<PY
import csv
rows = {r["full_name"]: r for r in csv.DictReader(open("p.csv", encoding="utf-8-sig", newline=""))}
assert rows["Cũ 6 C"]["commune"] == "Bộc Bố" and rows["Cũ 6 C"]["commune_today"] == "Bằng Thành", rows["Cũ 6 C"]
assert rows["Cũ 1 A"]["commune"] == "Chợ Rã" and rows["Cũ 1 A"]["district"] == "Ba Bể"
h = [r for r in csv.DictReader(open("h.csv", encoding="utf-8-sig", newline="")) if r["person_name"] == "Cũ 6 C"]
assert [r["commune_on_handover"] for r in h] == ["Bộc Bố", "Bằng Thành"], h
PY
'

# text TEXTFILE PDF: the PDF's text, one line per line of the layout
pdf_text() { pdftotext -layout "$2" "$1"; }

test_expect_success 'a receipt dated before 1 July 2025: the old address and the old office' '
    id=$(sql "select h.id from handover h join person p on p.id = h.person_id
              where p.full_name = ${SQ}Cũ 6 C${SQ} and h.handed_on = ${SQ}2024-03-02${SQ}") &&
    capphat receipt $id -o old.pdf --final >/dev/null &&
    pdf_text old.txt old.pdf &&
    grep -F "UBND TỈNH BẮC KẠN" old.txt && grep -F "BAN DÂN TỘC" old.txt &&
    grep -F "Bắc Kạn, ngày 02 tháng 3 năm 2024" old.txt &&
    grep -F "Địa chỉ: xã Bộc Bố, huyện Pác Nặm" old.txt &&
    ! grep -F "THÁI NGUYÊN" old.txt && ! grep -F "SỞ DÂN TỘC" old.txt
'

test_expect_success 'a receipt dated from 1 July 2025: the new commune and the province, never a district' '
    id=$(sql "select h.id from handover h join person p on p.id = h.person_id
              where p.full_name = ${SQ}Cũ 6 C${SQ} and h.handed_on = ${SQ}2025-08-05${SQ}") &&
    capphat receipt $id -o new.pdf --final >/dev/null &&
    pdf_text new.txt new.pdf &&
    grep -F "UBND TỈNH THÁI NGUYÊN" new.txt && grep -F "SỞ DÂN TỘC VÀ TÔN GIÁO" new.txt &&
    grep -F "Thái Nguyên, ngày 05 tháng 8 năm 2025" new.txt &&
    grep -F "Địa chỉ: xã Bằng Thành, tỉnh Thái Nguyên" new.txt &&
    ! grep -F "huyện" new.txt && ! grep -F "BẮC KẠN" new.txt
'

test_expect_success 'the header has a history: settings lists it, set --from adds to it' '
    capphat settings >s &&
    grep -x "office_name	SỞ DÂN TỘC VÀ TÔN GIÁO" s &&
    grep -x "parent_body	until 30/06/2025	UBND TỈNH BẮC KẠN" s &&
    grep -x "parent_body	from 01/07/2025	UBND TỈNH THÁI NGUYÊN" s &&
    capphat settings set office_name "BAN DÂN TỘC TỈNH BẮC KẠN" --from 2024-01-01 &&
    capphat settings >s &&
    grep -x "office_name	until 31/12/2023	BAN DÂN TỘC" s &&
    grep -x "office_name	01/01/2024 to 30/06/2025	BAN DÂN TỘC TỈNH BẮC KẠN" s &&
    grep -x "office_name	from 01/07/2025	SỞ DÂN TỘC VÀ TÔN GIÁO" s &&
    test_must_fail capphat settings set head_name "Nông Văn Minh" --from 2025-07-01 2>err &&
    one_line_error err "setting ${SQ}head_name${SQ} has no history" &&
    test_expect_code 2 capphat settings --from 2025-07-01 2>err &&
    one_line_error err "--from goes with" &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}setting${SQ}
                 and after like ${SQ}%office_name@2024-01-01%${SQ}")" = 1
'

test_expect_success 'a reprint keeps what the original said; a first print of an old receipt uses the header of its date' '
    id=$(sql "select h.id from handover h join person p on p.id = h.person_id
              where p.full_name = ${SQ}Cũ 6 C${SQ} and h.handed_on = ${SQ}2024-03-02${SQ}") &&
    capphat receipt $id -o again.pdf --final >out &&
    grep -F "reprinted" out &&
    pdf_text again.txt again.pdf &&
    grep -F "BAN DÂN TỘC" again.txt && ! grep -F "BAN DÂN TỘC TỈNH BẮC KẠN" again.txt &&
    grep -F "Địa chỉ: xã Bộc Bố, huyện Pác Nặm" again.txt && grep -F "BẢN SAO" again.txt &&
    p=$(capphat person add --name "Lần Đầu" --gender M --district "Pác Nặm" --commune "Nghiên Loan") &&
    i=$(imei 997) &&
    capphat device add --imei $i --model "OPPO A18" --delivered 2023-12-15 >/dev/null &&
    no=$(capphat handover --person $p --imei $i --date 2024-06-01) &&
    capphat receipt "$no" -o first.pdf --final >out && ! grep -F "reprinted" out &&
    pdf_text first.txt first.pdf &&
    grep -F "BAN DÂN TỘC TỈNH BẮC KẠN" first.txt && grep -F "UBND TỈNH BẮC KẠN" first.txt &&
    grep -F "Địa chỉ: xã Nghiên Loan, huyện Pác Nặm" first.txt
'

test_expect_success 'a handover dated before the persons commune existed is refused' '
    who=$(sql "select id from person where full_name = ${SQ}Mới 2${SQ}") &&
    i=$(imei 998) &&
    capphat device add --imei $i --model "OPPO A18" --delivered 2023-12-15 >/dev/null &&
    capphat return --imei $(sql "select d.imei from handover h join device d on d.id = h.device_id
        where h.person_id = $who and h.returned_on is null") --reason defective --date 2025-08-02 >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person $who --imei $i --date 2025-03-01 2>err &&
    one_line_error err "person $who (Mới 2): xã Đồng Phúc did not exist on 01/03/2025: it was formed on 01/07/2025 from Đồng Phúc, Hoàng Trĩ, Quảng Khê (huyện Ba Bể); Bằng Phúc (huyện Chợ Đồn)" &&
    unchanged_after "$h" &&
    capphat handover --person $who --imei $i --date 2025-08-03 >/dev/null
'

test_expect_success 'reports show the office of today: the merged province, or Bắc Kạn before the date' '
    capphat export summary -o now.xlsx >/dev/null &&
    CAPPHAT_TODAY=2025-06-30 capphat export summary -o then.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
def top(f):
    ws = openpyxl.load_workbook(f).worksheets[0]
    return [ws.cell(r, 1).value for r in (1, 2)]
assert top("now.xlsx") == ["UBND TỈNH THÁI NGUYÊN", "SỞ DÂN TỘC VÀ TÔN GIÁO"], top("now.xlsx")
assert top("then.xlsx") == ["UBND TỈNH BẮC KẠN", "BAN DÂN TỘC TỈNH BẮC KẠN"], top("then.xlsx")
PY
'

test_on_file 'read with the sqlite3 module of Python' 'export summary: by the communes of today, each with the old districts it came from' '
    capphat export summary -o units-now.xlsx >out &&
    grep -F "on 2 sheets" out &&
    CAPPHAT_DB="$CAPPHAT_DB" $PYTHON - <<PY
import openpyxl, os, sqlite3
wb = openpyxl.load_workbook("units-now.xlsx")
assert wb.sheetnames == ["Toàn tỉnh", "Dân tộc - Giới tính"], wb.sheetnames
ws = wb["Toàn tỉnh"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
head = next(r for r in rows if r[0] == "STT")
assert head[1:4] == ["Xã, phường", "Huyện cũ", "Số người có uy tín"], head
data = {r[1]: r for r in rows if isinstance(r[0], int)}
assert data["Đồng Phúc"][2] == "Ba Bể, Chợ Đồn", data["Đồng Phúc"]
assert data["Bằng Thành"][2] == "Pác Nặm"
db = sqlite3.connect(os.environ["CAPPHAT_DB"])
want = dict(db.execute("""select n.name, count(*) from person p join unit c on c.id = p.commune_id
    join unit n on n.id = coalesce((select new_id from unit_successor where old_id = c.id), c.id)
    where p.active = 1 group by n.id"""))
got = {k: v[3] for k, v in data.items()}
assert got == want, (got, want)
assert not any("(từ" in k for k in data), data.keys()
PY
'

test_on_file 'read with the sqlite3 module of Python' 'export summary --by-old-district: the districts and communes of 2023, as the province used to report' '
    capphat export summary --by-old-district -o old.xlsx >out &&
    CAPPHAT_DB="$CAPPHAT_DB" $PYTHON - <<PY
import openpyxl, os, sqlite3
wb = openpyxl.load_workbook("old.xlsx")
names = wb.sheetnames
assert names[0] == "Toàn tỉnh" and "Pác Nặm" in names and "Ba Bể" in names and "Chợ Mới" in names, names
assert names[-2] == "Không thuộc riêng một huyện cũ", names
def data(sheet):
    return {r[1]: r for r in ([c.value for c in x] for x in wb[sheet].iter_rows()) if isinstance(r[0], int)}
top = data("Toàn tỉnh")
db = sqlite3.connect(os.environ["CAPPHAT_DB"])
total = db.execute("select count(*) from person where active = 1").fetchone()[0]
assert sum(r[2] for r in top.values()) == total, (top, total)
pn = data("Pác Nặm")
assert set(pn) == {"Bằng Thành", "Bộc Bố", "Nghiên Loan", "An Thắng", "Bằng Thành (từ 01/07/2025)",
                   "Nghiên Loan (từ 01/07/2025)"}, pn.keys()
count = lambda code, new: db.execute("""select count(*) from person p join unit u on u.id = p.commune_id
    where p.active = 1 and u.code = ? and (u.valid_from is not null) = ?""", (code, new)).fetchone()[0]
assert pn["Bộc Bố"][2] == count("01864", 0) == 1, pn
assert pn["Bằng Thành (từ 01/07/2025)"][2] == count("01864", 1) == 2, pn
other = data("Không thuộc riêng một huyện cũ")
assert "Đồng Phúc (từ 01/07/2025)" in other, other.keys()
PY
'

test_expect_success 'export summary --as-of before 1 July 2025: by district, the communes of that day' '
    capphat export summary --as-of 30/06/2025 -o then.xlsx >out &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("then.xlsx")
assert "Pác Nặm" in wb.sheetnames, wb.sheetnames
texts = [c.value for r in wb["Toàn tỉnh"].iter_rows() for c in r if isinstance(c.value, str)]
assert "Toàn tỉnh, theo huyện (đơn vị hành chính ngày 30/06/2025)" in texts, texts[:8]
PY
    test_expect_code 2 capphat export summary --as-of 2025-06-30 --by-old-district -o x.xlsx 2>err &&
    grep -F "do not go together" err && test ! -e x.xlsx
'

test_expect_success 'an export with nobody to list says so in the language of the interface' '
    LANGUAGE=vi test_must_fail capphat export handover --district "Pác Nặm" --commune "Cổ Linh" \
        -o e.xlsx 2>err &&
    one_line_error err "không có ai để lập danh sách: ở đó chưa ai nhận điện thoại" &&
    test ! -e e.xlsx
'

test_expect_success 'import persons without a district column: refused rows, or the commune of --as-of' '
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã\n" >nd.csv &&
    printf "%s\n" "$SHARED" | while IFS="|" read -r name d o; do
        printf "Nhập %s,Nam,1950,Tày,%s\n" "$name" "$name"
    done >>nd.csv &&
    h=$(db_hash) &&
    test_must_fail capphat import persons nd.csv --errors rej.csv >out 2>err &&
    grep -F "0 imported, 7 rejected" out &&
    test "$(grep -c "is ambiguous" rej.csv)" = 7 &&
    unchanged_after "$h" &&
    capphat import persons nd.csv --as-of 2024-12-31 --dry-run >out &&
    grep -F "7 imported, 0 rejected" out &&
    capphat import persons nd.csv --as-of 2025-07-15 >out &&
    grep -F "7 imported, 0 rejected" out &&
    test "$(sql "select count(*) from person p join unit u on u.id = p.commune_id
                 where p.full_name like ${SQ}Nhập %${SQ} and u.valid_from = ${SQ}2025-07-01${SQ}")" = 7
'

test_expect_success 'import persons: a district column names the old commune whatever the date' '
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nLò Văn Huyện,Nam,1950,Dao,Bằng Thành,Pác Nặm\n" >d.csv &&
    capphat import persons d.csv >out &&
    grep -F "1 imported" out &&
    id=$(sql "select id from person where full_name = ${SQ}Lò Văn Huyện${SQ}") &&
    test "$(period $id)" = ""
'

test_expect_success 'both spellings of the province match (Hòa Mục, Sỹ Bình, Liêm Thủy, Trung Hòa)' '
    for n in "Hòa Mục" "Hoà Mục" "Sỹ Bình" "Sĩ Bình" "Liêm Thủy" "Liêm Thuỷ" "Trung Hòa" "Trung Hoà"; do
        capphat person add --name "Chính Tả" --gender M --commune "$n" --allow-namesake >id || return 1
        test "$(period $(cat id))" = "" || return 1
    done &&
    test "$(sql "select count(distinct commune_id) from person where full_name = ${SQ}Chính Tả${SQ}")" = 4
'

test_done

#!/bin/sh
# capphat import persons, with the values offices' lists really hold:
# CCCDs and phones kept as numbers (their leading zeros restored, a number
# in scientific notation refused), bad optional values left empty with a
# warning (--strict refuses them), duplicates told by identity (a CCCD, the
# name with its accents), --update by CCCD, units and ethnic groups written
# the way people write them, and runs that import nothing said so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# xlsx FILE ROW...: a workbook written by openpyxl; each ROW is cells
# separated by "|"; a cell "n:DIGITS" is a number, "z:DIGITS" a number
# shown with the format 000000000000, "f:FLOAT" a float.
xlsx() {
    "$PYTHON" - "$@" <<-'PY'
	import sys, openpyxl
	wb = openpyxl.Workbook(); ws = wb.active
	for r, line in enumerate(sys.argv[2:], 1):
	    for c, v in enumerate(line.split("|"), 1):
	        cell = ws.cell(row=r, column=c)
	        if v.startswith("n:"): cell.value = int(v[2:])
	        elif v.startswith("z:"):
	            cell.value = int(v[2:]); cell.number_format = "000000000000"
	        elif v.startswith("f:"): cell.value = float(v[2:])
	        else: cell.value = v
	wb.save(sys.argv[1])
	PY
}

H="STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Thôn|Xã|Huyện|Số CCCD|SĐT|Ghi chú"

test_expect_success 'setup' '
    capphat init >/dev/null
'

test_expect_success 'CCCDs and phones kept as numbers get their leading zeros back, and are counted' '
    xlsx num.xlsx "$H" \
        "1|Hoàng Văn Hùng|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|n:6060001111|n:912345678|" \
        "2|Mã Thị Thư|n:1965|Nữ|Tày|Nà Mòn|Mỹ Phương|Ba Bể|z:6165001234|0912 345 679|" \
        "3|Lý Văn Pao|n:2001|Nam|Mông|Nà Mòn|Mỹ Phương|Ba Bể|n:19201001234||" &&
    capphat import persons num.xlsx >out 2>err &&
    test ! -s err &&
    grep -Fx "2 CCCD had their leading zeros restored" out &&
    grep -Fx "1 phone number had its leading 0 restored" out &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    capphat person list --show-id | cut -f2,9,10 | sort >got &&
    printf "%s\t%s\t%s\n" "Hoàng Văn Hùng" 006060001111 0912345678 \
        "Lý Văn Pao" 019201001234 "" "Mã Thị Thư" 006165001234 0912345679 \
        "name" "cccd" "phone" | sort >expect &&
    test_cmp expect got
'

test_expect_success 'a number that cannot be a CCCD with its zeros back is not padded' '
    xlsx notcccd.xlsx "$H" "1|Nông Thị Nga|n:1970|Nữ|Tày|Nà Mòn|Mỹ Phương|Ba Bể|n:6060001112|" &&
    capphat import persons notcccd.xlsx --dry-run >out 2>err &&
    grep -F "row 2: warning: cccd" err &&
    grep -F "left empty" err &&
    ! grep -F "restored" out
'

test_expect_success 'bad optional values are left empty with a warning naming row, field and value' '
    xlsx opt.xlsx "$H" \
        "1|Nông Văn Sáu|n:1955|Nam|Tày|Pác Ngòi|Nam Mẫu|Ba Bể|Chưa có|Không có|" \
        "2|Triệu Thị Mai|n:1958|Nữ|Dao|Pác Ngòi|Nam Mẫu|Ba Bể|f:6.06e+21|02093851234|" \
        "3|Hà Văn Tư|n:1950|Nam|Tày|Pác Ngòi|Nam Mẫu|Ba Bể||0912000111, 0987000222|" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons opt.xlsx --strict >out 2>err &&
    last_line out "0 imported, 3 rejected, 0 duplicates" &&
    unchanged_after "$h" &&
    capphat import persons opt.xlsx >out 2>err &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    grep -Fx "5 values were left empty (see the warnings; --strict refuses such rows)" out &&
    grep -F "opt.xlsx row 2: warning: cccd ${SQ}Chưa có${SQ}" err &&
    grep -F "opt.xlsx row 2: warning: phone ${SQ}Không có${SQ}" err &&
    grep -F "opt.xlsx row 3: warning: cccd ${SQ}6.06e+21${SQ} was saved in scientific notation" err &&
    grep -F "opt.xlsx row 3: warning: phone ${SQ}02093851234${SQ}" err &&
    grep -F "opt.xlsx row 4: warning: phone ${SQ}0912000111, 0987000222${SQ}" err &&
    test "$(sql "select count(*) from person where full_name in (${SQ}Nông Văn Sáu${SQ}, ${SQ}Triệu Thị Mai${SQ}, ${SQ}Hà Văn Tư${SQ}) and id_number is null and phone is null")" = 3
'

test_expect_success 'a row without a birth year or ethnic group, or with one not understood, is refused' '
    p="Nà Mòn|Mỹ Phương|Ba Bể||" &&
    xlsx req.xlsx "$H" \
        "1|Ma Văn Đủ|n:1950|Nam|Tày|$p|" \
        "2|Ma Văn Thiếu Năm||Nam|Tày|$p|" \
        "3|Ma Thị Thiếu Dân Tộc|n:1951|Nữ||$p|" \
        "4|Ma Văn Năm Sai|không rõ|Nam|Tày|$p|" \
        "5|Ma Văn Dân Tộc Sai|n:1952|Nam|Sao Hỏa|$p|" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons req.xlsx --errors req-err.csv >out 2>err &&
    last_line out "0 imported, 4 rejected, 0 duplicates" &&
    unchanged_after "$h" &&
    test "$(wc -l <err)" = 4 &&
    grep -Fx "capphat: req.xlsx row 3: birth year is empty" err &&
    grep -Fx "capphat: req.xlsx row 4: ethnic group is empty" err &&
    grep -F "capphat: req.xlsx row 5: birth year ${SQ}không rõ${SQ}" err &&
    grep -F "capphat: req.xlsx row 6: ethnic group ${SQ}Sao Hỏa${SQ} is unknown" err &&
    "$PYTHON" -c "
import csv
rows = list(csv.reader(open(\"req-err.csv\", encoding=\"utf-8-sig\", newline=\"\")))
assert rows[0][:5] == [\"STT\", \"Họ và tên\", \"Năm sinh\", \"Giới tính\", \"Dân tộc\"], rows[0]
assert rows[0][-2:] == [\"row\", \"reason\"], rows[0]
assert [(r[1], r[-2], r[-1]) for r in rows[1:3]] == [
    (\"Ma Văn Thiếu Năm\", \"3\", \"birth year is empty\"),
    (\"Ma Thị Thiếu Dân Tộc\", \"4\", \"ethnic group is empty\")], rows
assert [r[-2] for r in rows[1:]] == [\"3\", \"4\", \"5\", \"6\"], rows
" &&
    LANGUAGE=vi test_expect_code 1 capphat import persons req.xlsx --dry-run >out 2>err &&
    grep -Fx "capphat: req.xlsx dòng 3: năm sinh để trống" err &&
    grep -Fx "capphat: req.xlsx dòng 4: dân tộc để trống" err &&
    capphat import persons req.xlsx --skip-invalid >out 2>err &&
    last_line out "1 imported, 4 rejected, 0 duplicates" &&
    "$PYTHON" -c "
import csv
rows = list(csv.reader(open(\"req-err.csv\", encoding=\"utf-8-sig\", newline=\"\")))
w = csv.writer(open(\"req-fixed.csv\", \"w\", encoding=\"utf-8\", newline=\"\"))
w.writerow(rows[0][:-2])
for r in rows[1:]:
    r = r[:-2]
    r[2] = r[2] if r[2].isdigit() else \"1953\"
    r[4] = \"Tày\" if r[4] in (\"\", \"Sao Hỏa\") else r[4]
    w.writerow(r)
" &&
    capphat import persons req-fixed.csv >out 2>err &&
    test ! -s err &&
    last_line out "4 imported, 0 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from person where full_name like ${SQ}Ma %${SQ}
                 and birth_year is not null and ethnic_id is not null")" = 5 &&
    id=$(capphat person add --name "Ma Văn Không Rõ Năm" --gender M --commune "Mỹ Phương" \
        --district "Ba Bể") &&
    test "$(sql "select coalesce(birth_year, 0) || ${SQ}${SQ} || coalesce(ethnic_id, 0) from person where id = $id")" = 00
'

test_expect_success 'phones as people type them: separators and no-break spaces gone, +84 made 0' '
    nbsp=$(printf "\302\240") && nnbsp=$(printf "\342\200\257") &&
    p="Nà Mòn|Mỹ Phương|Ba Bể|" &&
    xlsx phones.xlsx "$H" \
        "1|Lục Văn Một|n:1951|Nam|Tày|$p|0912 345 601|" \
        "2|Lục Văn Hai|n:1952|Nam|Tày|$p|0912.345.602|" \
        "3|Lục Văn Ba|n:1953|Nam|Tày|$p|0912-345-603|" \
        "4|Lục Văn Bốn|n:1954|Nam|Tày|$p|0912${nbsp}345${nbsp}604|" \
        "5|Lục Văn Năm|n:1955|Nam|Tày|$p|0912${nnbsp}345${nnbsp}605|" \
        "6|Lục Văn Sáu|n:1956|Nam|Tày|$p|+84 912 345 606|" \
        "7|Lục Văn Bảy|n:1957|Nam|Tày|$p|${nbsp}+84${nnbsp}912.345${nbsp}607|" \
        "8|Lục Văn Tám|n:1958|Nam|Tày|$p|(0209) 3870 123|" \
        "9|Lục Văn Chín|n:1959|Nam|Tày|$p|0912 345 6O9|" &&
    capphat import persons phones.xlsx >out 2>err &&
    last_line out "9 imported, 0 rejected, 0 duplicates" &&
    grep -Fx "2 values were left empty (see the warnings; --strict refuses such rows)" out &&
    test "$(wc -l <err)" = 2 &&
    grep -F "phones.xlsx row 9: warning: phone ${SQ}(0209) 3870 123${SQ} is not a mobile number" err &&
    grep -F "phones.xlsx row 10: warning: phone ${SQ}0912 345 6O9${SQ} must contain only digits" err &&
    sql "select birth_year || ${SQ} ${SQ} || coalesce(phone, ${SQ}-${SQ}) from person
         where full_name like ${SQ}Lục Văn %${SQ} order by birth_year" >got &&
    cat >expect <<-\EOT &&
	1951 0912345601
	1952 0912345602
	1953 0912345603
	1954 0912345604
	1955 0912345605
	1956 0912345606
	1957 0912345607
	1958 -
	1959 -
	EOT
    test_cmp expect got
'

test_expect_success 'different CCCDs are different people, whatever their names' '
    xlsx ids.xlsx "$H" \
        "1|Hoàng Văn Sơn|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|006060003333||" \
        "2|Hoàng Văn Sơn|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|006060004444||" &&
    capphat import persons ids.xlsx >out 2>err &&
    last_line out "2 imported, 0 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from person where full_name = ${SQ}Hoàng Văn Sơn${SQ}")" = 2
'

test_expect_success 'names keep their accents: Hưng is not Hùng; a near match is imported and named' '
    xlsx near.xlsx "$H" \
        "1|Hoàng Văn Hưng|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|006060002222||" \
        "2|Ma Thị Thu|n:1965|Nữ|Tày|Nà Mòn|Mỹ Phương|Ba Bể|||" &&
    capphat import persons near.xlsx >out 2>err &&
    last_line out "2 imported, 0 rejected, 0 duplicates" &&
    grep -F "near.xlsx row 3: warning: ${SQ}Ma Thị Thu${SQ} imported; possible duplicate of ${SQ}Mã Thị Thư${SQ} (person" err &&
    grep -Fx "1 person was imported beside a name that differs only in its accents: check the warning" out &&
    test "$(sql "select count(*) from person where full_name in (${SQ}Hoàng Văn Hưng${SQ}, ${SQ}Hoàng Văn Hùng${SQ})")" = 2
'

test_expect_success 'the same name without CCCDs, or the same CCCD, is a duplicate; a duplicates-only run says so' '
    xlsx dup.xlsx "$H" \
        "1|Hoàng văn Hưng|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|||" \
        "2|Hoàng Văn Hùng (khác)|n:1960|Nam|Tày|Nà Mòn|Mỹ Phương|Ba Bể|n:6060001111||" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons dup.xlsx >out 2>err &&
    grep -F "dup.xlsx row 2: duplicate: name ${SQ}Hoàng văn Hưng${SQ} is already registered" err &&
    grep -F "dup.xlsx row 3: duplicate: cccd ${SQ}006060001111${SQ} is already registered" err &&
    grep -Fx "the rows not imported are duplicates (already registered or repeated in the file): nothing was imported (use --skip-invalid to import the others)" out &&
    last_line out "0 imported, 0 rejected, 2 duplicates" &&
    unchanged_after "$h"
'

test_expect_success '--update refreshes phone, village and role of persons matched by CCCD, audited' '
    xlsx upd.xlsx "STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Thôn|Xã|Huyện|Số CCCD|SĐT|Vai trò" \
        "1|Hoàng Văn Hùng|n:1960|Nam|Tày|Nà Khâu|Mỹ Phương|Ba Bể|n:6060001111|0987654321|Trưởng thôn" \
        "2|Mã Thị Thư|n:1965|Nữ|Tày|Nà Mòn|Mỹ Phương|Ba Bể|006165001234|0912345679|" &&
    capphat import persons upd.xlsx --update >out 2>err &&
    grep -Fx "1 person updated, 1 unchanged (matched by CCCD)" out &&
    last_line out "0 imported, 0 rejected, 0 duplicates" &&
    id=$(sql "select id from person where id_number = ${SQ}006060001111${SQ}") &&
    test "$(sql "select phone || ${SQ}|${SQ} || role from person where id = $id")" = "0987654321|Trưởng thôn" &&
    capphat person show "$id" >show &&
    grep -F "Nà Khâu" show &&
    test "$(sql "select count(*) from audit_log where entity = ${SQ}person${SQ} and entity_id = $id and action = ${SQ}person.edit${SQ}")" = 1 &&
    capphat check >/dev/null
'

test_expect_success '--update again: nothing changed is counted unchanged, no audit entry' '
    n=$(audit_count) &&
    capphat import persons upd.xlsx --update >out 2>err &&
    test ! -s err &&
    grep -Fx "0 persons updated, 2 unchanged (matched by CCCD)" out &&
    test "$(audit_count)" = "$n"
'

test_expect_success '--update: a CCCD of a person named or born otherwise is warned, refused with --strict' '
    xlsx other.xlsx "STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Thôn|Xã|Huyện|Số CCCD|SĐT|Vai trò" \
        "1|Hoàng Văn Hưng|n:1960|Nam|Tày|Nà Khâu|Mỹ Phương|Ba Bể|006060001111|0987654322|Trưởng thôn" \
        "2|Mã Thị Thư|n:1966|Nữ|Tày|Nà Mòn|Mỹ Phương|Ba Bể|006165001234|0912345679|" &&
    id=$(sql "select id from person where id_number = ${SQ}006060001111${SQ}") &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons other.xlsx --update --strict >out 2>err &&
    grep -F "other.xlsx row 2: cccd ${SQ}006060001111${SQ} is person $id ${SQ}Hoàng Văn Hùng${SQ} (born 1960), not ${SQ}Hoàng Văn Hưng${SQ} (born 1960): check the CCCD" err &&
    grep -F "other.xlsx row 3: cccd ${SQ}006165001234${SQ} is person" err &&
    grep -F "(born 1965), not ${SQ}Mã Thị Thư${SQ} (born 1966)" err &&
    unchanged_after "$h" &&
    capphat import persons other.xlsx --update >out 2>err &&
    grep -F "other.xlsx row 2: warning: cccd ${SQ}006060001111${SQ} is person $id ${SQ}Hoàng Văn Hùng${SQ} (born 1960), not ${SQ}Hoàng Văn Hưng${SQ} (born 1960): updated all the same; check the CCCD" err &&
    test "$(wc -l <err)" = 2 &&
    grep -Fx "1 person updated, 1 unchanged (matched by CCCD)" out &&
    grep -Fx "2 persons matched by CCCD have another name or birth year in the list: check the warnings" out &&
    test "$(sql "select phone from person where id = $id")" = 0987654322
'

test_expect_success 'units and ethnic groups as lists write them' '
    xlsx units.xlsx "STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Xã|Huyện" \
        "1|Người Một|n:1950|Nam|Mèo|Xã Mỹ Phương|Huyện Ba Bể" \
        "2|Người Hai|n:1950|Nam|Dao đỏ|X. Mĩ Phương|H. Ba Bể" \
        "3|Người Ba|n:1950|Nam|Kinh (Việt)|TT Chợ Rã|Ba Bể" \
        "4|Người Bốn|n:1950|Nam|Dân tộc Tày|Mỹ Phương - Ba Bể|" \
        "5|Người Năm|n:1950|Nam|Cao Lan|Sỹ Bình|Bạch Thông" \
        "6|Người Sáu|n:1950|Nam|Sán Chỉ|Phường Đức Xuân|TP Bắc Kạn" \
        "7|Người Bảy|n:1950|Nam|Dao Tiền|xã Mỹ Phương, huyện Ba Bể|" &&
    capphat import persons units.xlsx >out 2>err &&
    last_line out "7 imported, 0 rejected, 0 duplicates" &&
    capphat person list | grep "Người" | cut -f2,5,7,8 | sort >got &&
    printf "%s\t%s\t%s\t%s\n" "Người Ba" Kinh "Chợ Rã" "Ba Bể" "Người Bảy" Dao "Mỹ Phương" "Ba Bể" \
        "Người Bốn" Tày "Mỹ Phương" "Ba Bể" "Người Hai" Dao "Mỹ Phương" "Ba Bể" \
        "Người Một" Mông "Mỹ Phương" "Ba Bể" "Người Năm" "Sán Chay" "Sĩ Bình" "Bạch Thông" \
        "Người Sáu" "Sán Chay" "Đức Xuân" "Bắc Kạn" | sort >expect &&
    test_cmp expect got
'

test_expect_success 'the kind a unit is written with tells the old commune from the new' '
    xlsx kinds.xlsx "STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Xã" \
        "1|Người Tám|n:1950|Nam|Tày|Thị trấn Chợ Rã" \
        "2|Người Chín|n:1950|Nam|Tày|Xã Chợ Rã" &&
    capphat import persons kinds.xlsx >out 2>err &&
    last_line out "2 imported, 0 rejected, 0 duplicates" &&
    test "$(sql "select u.kind from person p join unit u on u.id = p.commune_id where p.full_name = ${SQ}Người Tám${SQ}")" = "Thị trấn" &&
    test "$(sql "select u.kind || u.valid_from from person p join unit u on u.id = p.commune_id where p.full_name = ${SQ}Người Chín${SQ}")" = "Xã2025-07-01" &&
    xlsx shared.xlsx "STT|Họ và tên|Năm sinh|Giới tính|Dân tộc|Xã" "1|Người Mười|n:1950|Nam|Tày|Xã Bằng Thành" &&
    test_expect_code 1 capphat import persons shared.xlsx >out 2>err &&
    grep -F "shared.xlsx row 2: commune ${SQ}Bằng Thành${SQ} is ambiguous" err
'

test_expect_success 'a list with a header and no rows imports nothing and says so' '
    xlsx empty.xlsx "$H" &&
    test_expect_code 1 capphat import persons empty.xlsx >out 2>err &&
    one_line_error err "capphat: empty.xlsx has no rows under its header: nothing was imported" &&
    last_line out "0 imported, 0 rejected, 0 duplicates"
'

test_expect_success 'a formula without its saved result is refused with its cell, never read as empty' '
    h=$(db_hash) &&
    xlsx formula.xlsx "$H" \
        "=ROW()-1|Người Mười Một|n:1950|Nam|Tày|Nà Làng|Mỹ Phương|Ba Bể|=6060001234|0912345678|" \
        "2|Người Mười Hai|n:1951|Nam|Tày|Nà Làng|Mỹ Phương|Ba Bể|006051001235||" &&
    test_expect_code 1 capphat import persons formula.xlsx >out 2>err &&
    grep -F "formula.xlsx row 2: cccd: cell I2 is a formula whose result the file does not hold" err &&
    unchanged_after "$h" &&
    capphat import persons formula.xlsx --skip-invalid >out 2>err &&
    last_line out "1 imported, 1 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from person where full_name = ${SQ}Người Mười Hai${SQ}")" = 1
'

test_expect_success 'a village, a commune and a note merged down over their persons: every person has them' '
    "$PYTHON" - <<-PY &&
	import openpyxl
	w = openpyxl.Workbook(); ws = w.active
	ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Xã", "Huyện", "Ghi chú"])
	ws.append([1, "Ông Một Trăm", 1950, "Nam", "Tày", "Nà Làng", "Mỹ Phương", "Ba Bể", "cùng thôn"])
	ws.append([2, "Bà Một Trăm Lẻ Một", 1951, "Nữ", "Tày", None, None, "Ba Bể", None])
	ws.append([3, "Ông Một Trăm Lẻ Hai", 1952, "Nam", "Tày", None, None, "Ba Bể", None])
	ws.append([4, "Ông Một Trăm Lẻ Ba", 1953, "Nam", "Tày", "Bản Cháo", "Mỹ Phương", "Ba Bể", None])
	for r in ("F2:F4", "G2:G4", "I2:I4"): ws.merge_cells(r)
	w.save("mergedown.xlsx")
	PY
    capphat import persons mergedown.xlsx >out 2>err &&
    last_line out "4 imported, 0 rejected, 0 duplicates" &&
    sql "select p.full_name || ${SQ}|${SQ} || coalesce(v.name, ${SQ}${SQ}) || ${SQ}|${SQ} || c.name || ${SQ}|${SQ} || coalesce(p.note, ${SQ}${SQ})
         from person p left join unit v on v.id = p.village_id join unit c on c.id = p.commune_id
         where p.full_name like ${SQ}%Một Trăm%${SQ} order by p.birth_year" >got &&
    printf "%s\n" "Ông Một Trăm|Nà Làng|Mỹ Phương|cùng thôn" "Bà Một Trăm Lẻ Một|Nà Làng|Mỹ Phương|cùng thôn" \
        "Ông Một Trăm Lẻ Hai|Nà Làng|Mỹ Phương|cùng thôn" "Ông Một Trăm Lẻ Ba|Bản Cháo|Mỹ Phương|" >expect &&
    test_cmp expect got
'

test_expect_success 'the escapes _xHHHH_ of shared strings are the characters they stand for' '
    "$PYTHON" - <<-\PY &&
	import re, zipfile, openpyxl
	w = openpyxl.Workbook(); ws = w.active
	ws.append(["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Xã", "Huyện", "Ghi chú"])
	ws.append(["Ho_x00E0_ng Văn Mười Ba", 1950, "Nam", "Tày", "Nà_x000D_\nMòn", "Mỹ Phương", "Ba Bể",
	           "giữ _x005F_x000D_ và _xD83D__xDE00_"])
	w.save("inline.xlsx")
	# openpyxl writes inline strings; Excel writes shared ones: move them
	zin = zipfile.ZipFile("inline.xlsx")
	parts = {n: zin.read(n).decode() for n in zin.namelist()}
	strings = []
	def shared(m):
	    strings.append(m.group(2))
	    return "<c r=\"%s\" t=\"s\"><v>%d</v></c>" % (m.group(1), len(strings) - 1)
	sheet = "xl/worksheets/sheet1.xml"
	parts[sheet] = re.sub(r"<c r=\"(\w+)\" t=\"inlineStr\"><is><t>(.*?)</t></is></c>", shared,
	                      parts[sheet], flags=re.S)
	assert "inlineStr" not in parts[sheet] and any("_x000D_" in t for t in strings)
	ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	parts["xl/sharedStrings.xml"] = "<sst xmlns=\"%s\">%s</sst>" % (
	    ns, "".join("<si><t xml:space=\"preserve\">%s</t></si>" % t for t in strings))
	rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
	    "</Relationships>", "<Relationship Id=\"rIdS\" Type=\"%s\" Target=\"sharedStrings.xml\"/></Relationships>" % rel)
	ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
	parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
	    "</Types>", "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"%s\"/></Types>" % ct)
	with zipfile.ZipFile("escapes.xlsx", "w") as z:
	    for n, v in parts.items():
	        z.writestr(n, v)
	assert openpyxl.load_workbook("escapes.xlsx").active["A2"].value.startswith("Ho")
	PY
    capphat import persons escapes.xlsx >out 2>err &&
    test ! -s err &&
    last_line out "1 imported, 0 rejected, 0 duplicates" &&
    test "$(sql "select p.full_name || ${SQ}|${SQ} || v.name || ${SQ}|${SQ} || p.note from person p
                 join unit v on v.id = p.village_id where p.birth_year = 1950 and p.full_name like ${SQ}%Mười Ba${SQ}")" = \
        "Hoàng Văn Mười Ba|Nà Mòn|giữ _x000D_ và 😀"
'

test_expect_success 'both gender marks, two ethnic groups: refused naming them; spaces in a CCCD removed' '
    nbsp=$(printf "\302\240") &&
    cat >marks.csv <<-EOT &&
	Họ và tên,Năm sinh,Nam,Nữ,Dân tộc,Xã,Huyện,Số CCCD
	Người Hai Dấu,1950,x,x,Tày,Mỹ Phương,Ba Bể,
	Người Hai Dân Tộc,1950,x,,"Kinh, Tày",Mỹ Phương,Ba Bể,
	Người Cách Số,1960,x,,Tày,Mỹ Phương,Ba Bể,006 060 004 321
	Người Cách Cứng,1961,x,,Tày,Mỹ Phương,Ba Bể,006${nbsp}061${nbsp}004${nbsp}322
	EOT
    capphat import persons marks.csv --skip-invalid --strict >out 2>err &&
    test "$(wc -l <err)" = 2 &&
    grep -Fx "capphat: marks.csv row 2: gender: both column C ${SQ}Nam${SQ} (${SQ}x${SQ}) and column D ${SQ}Nữ${SQ} (${SQ}x${SQ}) are marked; mark one" err &&
    grep -Fx "capphat: marks.csv row 3: ethnic group ${SQ}Kinh, Tày${SQ} names two groups, ${SQ}Kinh${SQ} and ${SQ}Tày${SQ}: a person belongs to one; keep the right one" err &&
    last_line out "2 imported, 2 rejected, 0 duplicates" &&
    test "$(sql "select group_concat(id_number, ${SQ} ${SQ}) from person where full_name like ${SQ}Người Cách%${SQ}")" = "006060004321 006061004322"
'

test_done

#!/bin/sh
# capphat import, when something is wrong: a bad row in the middle and
# nothing is imported (the database byte for byte as before), the error
# names the row and the field; --skip-invalid, --errors OUT.csv, --dry-run;
# duplicates within the file and against the database with both rows;
# files that cannot be read at all. The last line of the output is always
# "N imported, N rejected, N duplicates".
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

files() { "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" "$@"; }

test_expect_success 'setup: a database with one device; ten devices, row 6 mistyped' '
    capphat init >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    files devices-csv bad.csv 10 --bad 6 &&
    test "$(wc -l <bad.csv)" = 11 &&
    dump >dump-before &&
    db_hash >hash-before
'

test_expect_success 'a bad row in the middle: nothing imported, the row and field named' '
    test_expect_code 1 capphat import devices bad.csv >out 2>err &&
    one_line_error err "bad.csv row 6: imei ${SQ}860000000000059${SQ} fails its check digit" &&
    grep -Fx "rows were rejected: nothing was imported (fix them, or use --skip-invalid)" out &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    unchanged_after "$(cat hash-before)" &&
    dump >dump-after &&
    test_cmp dump-before dump-after
'

test_expect_success '--dry-run checks every row and writes nothing' '
    test_expect_code 1 capphat import devices bad.csv --dry-run >out 2>err &&
    grep -F "bad.csv row 6: imei" err &&
    grep -Fx "dry run: rows were rejected; nothing would be imported" out &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    files devices-csv good.csv 10 &&
    capphat import devices good.csv --dry-run >out 2>err &&
    test ! -s err &&
    grep -Fx "dry run: nothing was written" out &&
    last_line out "10 imported, 0 rejected, 0 duplicates" &&
    unchanged_after "$(cat hash-before)"
'

test_expect_success '--errors OUT.csv lists the rejected rows, read back with Python csv' '
    test_expect_code 1 capphat import devices bad.csv --errors rejected.csv >out 2>err &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    unchanged_after "$(cat hash-before)" &&
    "$PYTHON" -c "
import csv
rows = list(csv.reader(open(\"rejected.csv\", encoding=\"utf-8-sig\", newline=\"\")))
src = list(csv.reader(open(\"bad.csv\", encoding=\"utf-8-sig\", newline=\"\")))
assert rows[0] == src[0] + [\"row\", \"reason\"], rows[0]
assert len(rows) == 2, rows
assert rows[1][:4] == [\"5\", \"860000000000059\", \"Samsung Galaxy A05\", \"3.990.000\"], rows[1]
assert rows[1][4] == \"6\", rows[1]
assert \"860000000000059\" in rows[1][5] and \"check digit\" in rows[1][5], rows[1]
"
'

test_expect_success 'the errors file, corrected, imports again' '
    sed "s/860000000000059/860000000000066/" rejected.csv >corrected.csv &&
    capphat import devices corrected.csv --dry-run >out 2>err &&
    test ! -s err &&
    last_line out "1 imported, 0 rejected, 0 duplicates"
'

test_expect_success '--skip-invalid imports the other rows' '
    capphat import devices bad.csv --skip-invalid --errors rejected.csv --force >out 2>err &&
    grep -F "bad.csv row 6: imei" err &&
    last_line out "9 imported, 1 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from device")" = 10 &&
    test "$(sql "select count(*) from device where imei like ${SQ}86%${SQ}")" = 9 &&
    test "$(sql "select count(*) from device where imei = ${SQ}860000000000059${SQ}")" = 0 &&
    "$PYTHON" -c "
import csv
rows = list(csv.reader(open(\"rejected.csv\", encoding=\"utf-8-sig\", newline=\"\")))
assert [r[4] for r in rows[1:]] == [\"6\"], rows
" &&
    capphat check >/dev/null
'

test_on_file 'a server skips the ids of refused rows' 'duplicates within the file and against the database name both rows' '
    files csv dups.csv "IMEI|Model" "$IMEI2|A" "$IMEI1|B" "$IMEI3|C" "35 693803 564380 9|D" \
        "860000000000017|E" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import devices dups.csv >out 2>err &&
    grep -F "dups.csv row 3: duplicate: imei ${SQ}$IMEI1${SQ} is already registered (device 1)" err &&
    grep -F "dups.csv row 5: duplicate: imei ${SQ}$IMEI2${SQ} repeats row 2 of the file" err &&
    grep -F "dups.csv row 6: duplicate: imei ${SQ}860000000000017${SQ} is already registered (device 2)" err &&
    test "$(wc -l <err)" = 3 &&
    last_line out "0 imported, 0 rejected, 3 duplicates" &&
    unchanged_after "$h" &&
    capphat import devices dups.csv --skip-invalid --errors dups-out.csv >out 2>/dev/null &&
    last_line out "2 imported, 0 rejected, 3 duplicates" &&
    "$PYTHON" -c "
import csv
rows = list(csv.reader(open(\"dups-out.csv\", encoding=\"utf-8-sig\", newline=\"\")))
assert [r[2] for r in rows[1:]] == [\"3\", \"5\", \"6\"], rows
assert \"repeats row 2\" in rows[2][3], rows
"
'

test_expect_success 'duplicate persons: the same CCCD twice in one file' '
    files csv people.csv "Họ và tên|Giới tính|Năm sinh|Dân tộc|Xã|Huyện|CCCD" \
        "Nguyễn Văn An|Nam|1960|Kinh|Hoà Mục|Chợ Mới|006060001234" \
        "Nguyễn Văn Ân|Nam|1960|Kinh|Hòa Mục|Chợ Mới|006 060 001 234" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons people.csv >out 2>err &&
    one_line_error err "people.csv row 3: duplicate: cccd ${SQ}006060001234${SQ} repeats row 2 of the file" &&
    last_line out "0 imported, 0 rejected, 1 duplicates" &&
    unchanged_after "$h"
'

test_expect_success 'duplicate persons: one born in 1958, one on 15/03/1958, same name and commune' '
    files csv born.csv "Họ và tên|Giới tính|Ngày sinh|Dân tộc|Xã|Huyện" \
        "Hoàng Văn Pủ|Nam|1958|Tày|Hoà Mục|Chợ Mới" \
        "Hoàng Văn Pủ|Nam|15/03/1958|Tày|Hòa Mục|Chợ Mới" \
        "Hoàng Văn Pủ|Nam|1959|Tày|Hòa Mục|Chợ Mới" &&
    h=$(db_hash) &&
    test_expect_code 1 capphat import persons born.csv >out 2>err &&
    one_line_error err "born.csv row 3: duplicate: name ${SQ}Hoàng Văn Pủ${SQ} repeats row 2 of the file" &&
    last_line out "0 imported, 0 rejected, 1 duplicates" &&
    unchanged_after "$h"
'

test_expect_success 'a cell over two lines: the break is a space, the next rows keep their line numbers' '
    printf "IMEI,Model,Ghi chú\n%s,A,\"hộp móp,\r\nthiếu sạc\"\n%s,B,\n123,C,\n" \
        $IMEI4 $IMEI5 >multi.csv &&
    test_expect_code 1 capphat import devices multi.csv >out 2>err &&
    one_line_error err "multi.csv row 5: imei ${SQ}123${SQ}" &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    capphat import devices multi.csv --skip-invalid >out 2>err &&
    last_line out "2 imported, 1 rejected, 0 duplicates" &&
    capphat device show $IMEI4 >show &&
    test "$(field Note show)" = "hộp móp, thiếu sạc"
'

test_expect_success '"4.90154E+14" is refused: the spreadsheet lost the digits' '
    h=$(db_hash) &&
    printf "IMEI;Model\r\n4.90154E+14;Nokia\r\n" >sci.csv &&
    test_expect_code 1 capphat import devices sci.csv >out 2>err &&
    one_line_error err "sci.csv row 2: imei ${SQ}4.90154E+14${SQ} is in scientific notation: the spreadsheet lost its last digits" &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    unchanged_after "$h"
'

# cannot_read FILE MESSAGE [ARGS...]: importing FILE fails with MESSAGE on
# one line of stderr, writes nothing and still ends with the counts.
cannot_read() {
    _f=$1 _m=$2
    shift 2
    _h=$(db_hash)
    test_expect_code 1 capphat import devices "$_f" "$@" >out 2>err &&
        one_line_error err "$_m" &&
        last_line out "0 imported, 0 rejected, 0 duplicates" &&
        unchanged_after "$_h"
}

test_expect_success 'a missing file' '
    cannot_read missing.csv "cannot open missing.csv: No such file or directory"
'

test_expect_success 'a folder' '
    mkdir folder.csv &&
    cannot_read folder.csv "folder.csv is a folder, not a file"
'

test_expect_success 'an .xls workbook cut short' '
    printf "\320\317\021\340\241\261\032\341" >old.xls &&
    cannot_read old.xls "old.xls is not a valid .xls file (an Excel 97-2003 workbook): it is damaged or cut short"
'

test_expect_success 'a .csv that is binary but no workbook' '
    printf "%%PDF-1.4\n\000\001\002" >renamed.csv &&
    cannot_read renamed.csv "renamed.csv: line 2 holds a NUL byte: this is not a text file, nor an Excel or OpenDocument workbook"
'

test_expect_success 'an unknown sheet: the message lists the sheets' '
    files persons-xlsx persons.xlsx &&
    cannot_read persons.xlsx "persons.xlsx has no sheet ${SQ}Thiết bị${SQ}; its sheets are ${SQ}Danh sách${SQ}, ${SQ}Ghi chú${SQ}" --sheet "Thiết bị"
'

test_expect_success 'a required column missing: the message lists the headers seen' '
    cannot_read persons.xlsx "persons.xlsx: no column for ${SQ}imei${SQ} in header row 5; columns seen: ${SQ}STT${SQ}, ${SQ}Họ và tên${SQ}, ${SQ}Năm sinh${SQ}, ${SQ}Nam${SQ}, ${SQ}Nữ${SQ}, ${SQ}Dân tộc${SQ}, ${SQ}Thôn, bản${SQ}, ${SQ}Xã${SQ}, ${SQ}Huyện${SQ}, ${SQ}Số CCCD${SQ}, ${SQ}SĐT${SQ}"
'

test_expect_success 'an empty file, and a damaged workbook' '
    : >empty.csv &&
    cannot_read empty.csv "empty.csv: the file has no rows" &&
    head -c 2000 persons.xlsx >cut.xlsx &&
    cannot_read cut.xlsx "cut.xlsx is not a valid .xlsx file"
'

test_expect_success '--errors in a missing folder, or a folder: refused before anything is read' '
    cannot_read bad.csv "cannot write ${SQ}nowhere/out.csv${SQ}: folder ${SQ}nowhere${SQ} does not exist" --errors nowhere/out.csv &&
    test ! -e nowhere &&
    cannot_read bad.csv "cannot write ${SQ}folder.csv${SQ}: it is a folder" --errors folder.csv &&
    test -z "$(ls -A folder.csv)"
'

test_expect_success '--errors naming the list itself is refused, even with --force' '
    cp bad.csv self.csv &&
    cannot_read self.csv "cannot write ${SQ}self.csv${SQ}: it is the file being read, which it would destroy; choose another name" --errors self.csv --force &&
    ln -s self.csv link.csv &&
    cannot_read self.csv "cannot write ${SQ}./link.csv${SQ}: it is the file being read" --errors ./link.csv --force &&
    cmp bad.csv self.csv
'

test_expect_success '--errors is not written when no row was rejected, nor left behind' '
    files csv fine.csv "IMEI|Model" "$IMEI6|A" &&
    capphat import devices fine.csv --dry-run --errors none.csv >out 2>err &&
    last_line out "1 imported, 0 rejected, 0 duplicates" &&
    test ! -e none.csv &&
    test -z "$(ls | grep "none.csv.tmp-")"
'

test_expect_success 'a bad --map is refused before anything is read' '
    cannot_read bad.csv "column override ${SQ}IMEI${SQ} is not COLUMN=FIELD" --map IMEI &&
    cannot_read bad.csv "unknown field ${SQ}colour${SQ}" --map IMEI=colour
'

test_done

#!/bin/sh
# capphat import persons from an Excel 97-2003 (.xls) and an OpenDocument
# (.ods) workbook: tests/data/persons.xls and .ods, made once with
# LibreOffice (tests/data/README.md), read back value by value; .ods files
# written here for what LibreOffice writes around the data (repeated rows
# and cells, merges, comments); files named for another format read as
# what they are; a CSV whose accents a Western code page lost; damaged
# workbooks refused with one line and nothing imported.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

DATA=$SRC_DIR/tests/data

# Every value of every person, as the database holds it.
values() {
    sql "select p.full_name, p.gender, p.birth_year, e.name, v.name, c.name,
                coalesce(p.id_number, ''), coalesce(p.phone, ''), coalesce(p.recognised_on, '')
         from person p left join ethnic_group e on e.id = p.ethnic_id
              left join unit v on v.id = p.village_id join unit c on c.id = p.commune_id
         order by p.id"
}

cat >"$TEST_DIR/expect" <<'EOF'
Hoàng Văn Thụ|M|1958|Tày|Nà Làng|Hoà Mục|006058001234|0912345678|2023-05-17
Lường Thị Nguyệt|F|1966|Nùng|Bản Cháo|Hoà Mục|006166004321|0987654321|2024-01-09
Đặng Văn Ước|M|1949|Dao|Khuổi Nộc|Chợ Rã|006049000777||2022-12-31
EOF

# use NAME: the database NAME.db for what follows in the test (each test
# runs in a subshell); fresh NAME: a new empty one.
use() { CAPPHAT_DB=$TEST_DIR/$1.db && export CAPPHAT_DB; }
fresh() { use "$1" && capphat init >/dev/null; }

# cannot_read FILE MESSAGE [ARGS...]: importing FILE fails with MESSAGE on
# one line of stderr (no crash), writes nothing and ends with the counts.
cannot_read() {
    _f=$1 _m=$2
    shift 2
    _h=$(db_hash)
    test_expect_code 1 capphat import persons "$_f" "$@" >out 2>err &&
        one_line_error err "$_m" &&
        last_line out "0 imported, 0 rejected, 0 duplicates" &&
        unchanged_after "$_h"
}

test_expect_success 'setup: a database; the fixtures are the workbooks README.md describes' '
    capphat init >/dev/null &&
    cp "$DATA/persons.xls" "$DATA/persons.ods" . &&
    test "$(head -c 8 persons.xls | od -An -tx1 | tr -d " ")" = d0cf11e0a1b11ae1 &&
    test "$(unzip -p persons.ods mimetype)" = application/vnd.oasis.opendocument.spreadsheet
'

test_expect_success '.xls: every value of every person, the empty row skipped' '
    fresh xls &&
    capphat import persons persons.xls --sheet "Danh sách" >out 2>err &&
    test ! -s err &&
    grep -F "persons.xls, sheet ${SQ}Danh sách${SQ}: encoding UTF-8, header on row 2: " out &&
    grep -F "Ngày công nhận → recognition date" out &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    values >got && test_cmp expect got
'

test_expect_success '.xls: rows as the user sees them, 1-based, past the empty row' '
    use xls &&
    test_expect_code 1 capphat import persons persons.xls --sheet "danh sach" >out 2>err &&
    last_line out "0 imported, 0 rejected, 3 duplicates" &&
    grep -F "persons.xls, sheet ${SQ}Danh sách${SQ}, row 3: duplicate: cccd ${SQ}006058001234${SQ}" err &&
    grep -F "persons.xls, sheet ${SQ}Danh sách${SQ}, row 6: duplicate: cccd ${SQ}006049000777${SQ}" err
'

test_expect_success '.xls: an unknown sheet lists the sheets' '
    cannot_read persons.xls "persons.xls has no sheet ${SQ}Thiết bị${SQ}; its sheets are ${SQ}Nháp${SQ}, ${SQ}Danh sách${SQ}" --sheet "Thiết bị"
'

test_expect_success '.ods: the hidden first sheet passed over, every value read' '
    fresh ods &&
    capphat import persons persons.ods >out 2>err &&
    test ! -s err &&
    grep -F "persons.ods, sheet ${SQ}Danh sách${SQ}: encoding UTF-8, header on row 2: " out &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    values >got && test_cmp expect got &&
    test_expect_code 1 capphat import persons persons.ods >out 2>err &&
    grep -F "persons.ods, sheet ${SQ}Danh sách${SQ}, row 6: duplicate: cccd ${SQ}006049000777${SQ}" err
'

test_expect_success '.ods: the hidden sheet by name, and an unknown sheet' '
    use ods &&
    capphat import persons persons.ods --sheet "Nháp" --dry-run >out 2>err &&
    last_line out "1 imported, 0 rejected, 0 duplicates" &&
    cannot_read persons.ods "persons.ods has no sheet ${SQ}Thiết bị${SQ}; its sheets are ${SQ}Nháp${SQ}, ${SQ}Danh sách${SQ}" --sheet "Thiết bị"
'

# ods FILE: an .ods written by hand, as LibreOffice writes one: a merged
# title, repeated and covered cells, a comment, a number shown with a
# thousands separator, a date shown as dd/mm/yyyy, spaces as text:s, a name
# in decomposed Unicode, three empty rows as one, and the million empty
# rows and 16,384 empty cells that end every sheet.
cat >"$TEST_DIR/ods.py" <<'EOF'
import sys, unicodedata, zipfile
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
def s(t, extra=""):
    return ('<table:table-cell office:value-type="string"%s><text:p>%s</text:p>'
            '</table:table-cell>' % (extra, t))
def f(v, shown):
    return ('<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p>'
            '</table:table-cell>' % (v, shown))
def d(v, shown):
    return ('<table:table-cell office:value-type="date" office:date-value="%s"><text:p>%s'
            '</text:p></table:table-cell>' % (v, shown))
def row(cells, extra=""):
    return "<table:table-row%s>%s</table:table-row>" % (extra, "".join(cells))
HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn, bản", "Xã", "Huyện",
          "Số CCCD", "SĐT", "Ngày công nhận"]
END_CELLS = '<table:table-cell table:number-columns-repeated="16373"/>'
rows = [
    row(['<table:table-cell office:value-type="string" table:number-columns-spanned="11">'
         '<text:p>DANH SÁCH</text:p></table:table-cell>',
         '<table:covered-table-cell table:number-columns-repeated="10"/>', END_CELLS]),
    row([s(h) for h in HEADER] + [END_CELLS]),
    row([f(1, "1"), s("Hoàng<text:s/>Văn Thụ"), f(1958, "1.958"), s("Nam"),
         '<table:table-cell office:value-type="string"><office:annotation><text:p>ghi chú'
         '</text:p></office:annotation><text:p>Tày</text:p></table:table-cell>',
         s("Nà Làng"), s("Hoà Mục"), s("Chợ Mới"), s("006058001234"), s("0912345678"),
         d("2023-05-17T00:00:00", "17/05/2023"), END_CELLS]),
    row([f(2, "2"), s(unicodedata.normalize("NFD", "Lường Thị Nguyệt")), f(1966, "1966"),
         s("Nữ"), s("Nùng"), s("Bản<text:s text:c=\"1\"/>Cháo"),
         s("Hoà Mục"), s("Chợ Mới"), s("006166004321"), s("0987654321"),
         d("2024-01-09", "09/01/2024"), END_CELLS]),
    row(['<table:table-cell table:number-columns-repeated="16384"/>'],
        ' table:number-rows-repeated="3"'),
    row([f(3, "3"), s("Đặng Văn <text:span>Ước</text:span>"), f(1949, "1949"), s("Nam"),
         s("Dao"), s("Khuổi Nộc"), s("Chợ Rã"), s("Ba Bể"), s("006049000777"),
         '<table:table-cell/>', d("2022-12-31", "31/12/2022"), END_CELLS]),
    row(['<table:table-cell table:number-columns-repeated="16384"/>'],
        ' table:number-rows-repeated="1048000"'),
]
if sys.argv[2:] == ["hostile-rows"]:
    rows[-1] = row([s("Đặng Văn Ước" * 10)], ' table:number-rows-repeated="1048570"')
if sys.argv[2:] == ["hostile-cells"]:
    rows[-1] = row(['<table:table-cell office:value-type="string" '
                    'table:number-columns-repeated="16000"><text:p>%s</text:p>'
                    '</table:table-cell>' % ("x" * 4096)])
content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
           '<office:automatic-styles><style:style style:name="ta1" style:family="table">'
           '<style:table-properties table:display="true"/></style:style></office:automatic-styles>'
           '<office:body><office:spreadsheet><table:table table:name="Danh sách" '
           'table:style-name="ta1">%s</table:table></office:spreadsheet></office:body>'
           '</office:document-content>' % (NS, "".join(rows)))
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", content)
EOF

test_expect_success '.ods as LibreOffice writes it: repeats, merges, comments, spaces' '
    fresh ods-hand &&
    "$PYTHON" ods.py hand.ods &&
    ( ulimit -t 5 && capphat import persons hand.ods >out 2>err ) &&
    test ! -s err &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    values >got && test_cmp expect got &&
    test_expect_code 1 capphat import persons hand.ods >out 2>err &&
    grep -F "hand.ods row 3: duplicate: cccd ${SQ}006058001234${SQ}" err &&
    grep -F "hand.ods row 8: duplicate: cccd ${SQ}006049000777${SQ}" err
'

test_expect_success '.ods: a row or a cell repeated past the limits is refused at once' '
    "$PYTHON" ods.py rows.ods hostile-rows &&
    ( ulimit -t 5 && cannot_read rows.ods "rows.ods: sheet ${SQ}Danh sách${SQ}: more than 1048576 rows" ) &&
    "$PYTHON" ods.py cells.ods hostile-cells &&
    ( ulimit -t 5 && cannot_read cells.ods "cells.ods: sheet ${SQ}Danh sách${SQ}, row 9: its cells hold more than 16 MB of text" )
'

test_expect_success 'a file named for another format is read as what it is' '
    fresh misnamed &&
    cp persons.xls xls-saved-as.csv &&
    capphat import persons xls-saved-as.csv --sheet "Danh sách" --dry-run >out 2>err &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    /usr/bin/python3 "$SRC_DIR/tests/data/make-formats.py" real.xlsx &&
    cp real.xlsx xlsx-named.xls &&
    capphat import persons xlsx-named.xls --sheet "Danh sách" --dry-run >out 2>err &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    cp persons.ods ods-named.xlsx &&
    capphat import persons ods-named.xlsx --dry-run >out 2>err &&
    last_line out "3 imported, 0 rejected, 0 duplicates" &&
    printf "STT,Họ và tên\n" >text-named.xls &&
    test_expect_code 1 capphat import persons text-named.xls >out 2>err &&
    grep -F "text-named.xls: no column for" err
'

test_expect_success 'an unknown binary file, and a zip that holds no workbook, say what they are not' '
    printf "\211PNG\r\n\032\n\000\000\000\rIHDR" >photo.png &&
    cannot_read photo.png "photo.png is not a spreadsheet: neither CSV text nor an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook" &&
    "$PYTHON" -c "import zipfile; zipfile.ZipFile(\"a.zip\", \"w\").writestr(\"word/document.xml\", \"<w/>\")" &&
    cannot_read a.zip "a.zip is a zip archive, but not an Excel (.xlsx) or OpenDocument (.ods) spreadsheet"
'

test_expect_success 'a CSV with "?" for its accents: refused, the value shown' '
    printf "STT,H? v? t?n,N?m sinh,Gi?i t?nh\n1,Ho?ng V?n Th?,1958,Nam\n" >lost.csv &&
    cannot_read lost.csv "lost.csv: line 1: ${SQ}H? v? t?n${SQ} has lost its accents to a Western code page (${SQ}?${SQ} for each Vietnamese letter); save the file again from Excel as \"CSV UTF-8\""
'

test_expect_success 'a CSV garbled through Windows-1252: refused, the value and what it was' '
    "$PYTHON" -c "
text = \"STT,Họ và tên,Năm sinh\n1,Hoàng Văn Thị,1958\n\".encode()
# as Windows reads it: the five bytes Windows-1252 leaves undefined pass through
garbled = \"\".join(bytes([b]).decode(\"cp1252\") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in text)
open(\"garbled.csv\", \"w\", encoding=\"utf-8\").write(garbled)
" &&
    nbsp=$(printf "\302\240") &&
    cannot_read garbled.csv "garbled.csv: line 1: ${SQ}Há»\\u008D vÃ${nbsp} tÃªn${SQ} is ${SQ}Họ và tên${SQ} garbled by a Western code page (Windows-1252); save the file again from Excel as \"CSV UTF-8\""
'

test_expect_success 'a CSV saved in Windows-1252 ("Hoàng V?n"), or with U+FFFD for its letters: refused' '
    "$PYTHON" -c "
text = \"STT,Họ và tên,Năm sinh,Giới tính\n1,Hoàng Văn Thị,1958,Nam\n\"
open(\"cp1252.csv\", \"wb\").write(text.encode(\"cp1252\", errors=\"replace\"))
# what a program that could not read the bytes wrote back
open(\"fffd.csv\", \"wb\").write(text.encode(\"cp1252\", errors=\"replace\").decode(\"utf-8\", errors=\"replace\").encode())
" &&
    cannot_read cp1252.csv "cp1252.csv: line 1: ${SQ}H? và tên${SQ} has lost its accents to a Western code page (${SQ}?${SQ} for each Vietnamese letter); save the file again from Excel as \"CSV UTF-8\"" &&
    fffd=$(printf "\357\277\275") &&
    cannot_read fffd.csv "fffd.csv: line 1: ${SQ}H? v${fffd} t${fffd}n${SQ} has lost its accents (${SQ}${fffd}${SQ} for each Vietnamese letter a program could not read); save the file again from Excel as \"CSV UTF-8\""
'

test_expect_success 'a web page saved as .xls, and UTF-16 text without its byte-order mark: said so' '
    printf "<html><body><table><tr><td>Họ và tên</td><td>Giới tính</td></tr></table></body></html>\n" >web.xls &&
    cannot_read web.xls "web.xls is a web page, not an Excel file: open it in Excel and save it as .xlsx" &&
    printf "\357\273\277 <TABLE border=1><TR><TD>Họ và tên</TD></TR></TABLE>" >web.csv &&
    cannot_read web.csv "web.csv is a web page, not an Excel file: open it in Excel and save it as .xlsx" &&
    "$PYTHON" -c "
text = \"Họ và tên\tGiới tính\tXã\nHoàng Văn Thị\tNam\tMỹ Phương\n\"
open(\"le.csv\", \"wb\").write(text.encode(\"utf-16-le\"))
open(\"be.txt\", \"wb\").write(text.encode(\"utf-16-be\"))
" &&
    cannot_read le.csv "le.csv is UTF-16 text without its byte-order mark; save it from Excel as \"CSV UTF-8\" instead" &&
    cannot_read be.txt "be.txt is UTF-16 text without its byte-order mark; save it from Excel as \"CSV UTF-8\" instead"
'

test_expect_success 'a question mark in a note or a web address is no lost accent' '
    printf "Họ và tên,Ghi chú\nNguyen Van A,Co khong?\nLy Van B,http://x.vn/?a=b\n" >fine.csv &&
    test_expect_code 1 capphat import persons fine.csv >out 2>err &&
    ! grep -F "code page" err
'

test_expect_success 'an .xls cut short, or damaged inside: one line, nothing imported' '
    head -c 3000 persons.xls >cut.xls &&
    cannot_read cut.xls "cut.xls is not a valid .xls file (an Excel 97-2003 workbook): it is damaged or cut short" &&
    "$PYTHON" -c "
import random
d = bytearray(open(\"persons.xls\", \"rb\").read())
random.seed(1)
for i in range(1200, 4000):
    d[i] = random.randrange(256)
open(\"damaged.xls\", \"wb\").write(d)
" &&
    cannot_read damaged.xls "damaged.xls: the workbook has no sheets"
'

test_expect_success 'an .ods cut short, or with broken XML: one line, nothing imported' '
    head -c 8000 persons.ods >cut.ods &&
    cannot_read cut.ods "cut.ods is not a valid .ods file (not a zip archive, or it is cut short)" &&
    "$PYTHON" -c "
import zipfile
c = zipfile.ZipFile(\"persons.ods\").read(\"content.xml\")
with zipfile.ZipFile(\"broken.ods\", \"w\") as z:
    z.writestr(\"mimetype\", \"application/vnd.oasis.opendocument.spreadsheet\")
    z.writestr(\"content.xml\", c[:len(c) * 3 // 4])
" &&
    cannot_read broken.ods "broken.ods: content.xml, line 2: unclosed token"
'

test_done

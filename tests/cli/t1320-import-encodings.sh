#!/bin/sh
# capphat import: the same list of persons as CSV in each separator (comma,
# semicolon, tab), line ending (LF, CRLF), with and without a BOM, and in
# the legacy encodings of old office files (TCVN3, VNI-Windows,
# Windows-1258): every one imports the same four persons, and the summary
# names the encoding it found.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

files() { "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" "$@"; }

cat >"$TEST_DIR/expect-persons" <<'EOF'
Nguyễn Văn An	M	1960	Tày	Nà Làng	Hoà Mục	Chợ Mới	006*****1234	0912345678
Hoàng Thị Bích	F	1965	Mông	Bản Cháo	Hoà Mục	Chợ Mới	006*****1235	0912345679
Lý Văn Đông	M	1952	Dao	Khuổi Nộc, Nà Phai	Chợ Rã	Ba Bể		0987654321
Triệu Thị Thuỷ	F	1970	Nùng	Bản Vàng	Mỹ Phương	Ba Bể		
EOF

# import_into DB FILE ENCODING: import FILE into a new database DB, check
# the summary names ENCODING and the header on row 2 (below the office's
# name), and that person list shows the four persons.
import_into() {
    CAPPHAT_DB=$TEST_DIR/$1 && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    capphat import persons "$2" >out 2>err &&
    test ! -s err &&
    grep -F "$2: encoding $3, header on row 2: Họ và tên → full_name, Năm sinh → birth_year" out &&
    test "$(tail -1 out)" = "4 imported, 0 rejected, 0 duplicates" &&
    capphat person list | tail -n +2 | cut -f2-10 >got &&
    test_cmp expect-persons got
}

# check_eol FILE lf|crlf: the six lines of FILE end as asked.
check_eol() {
    _cr=$(tr -cd "\r" <"$1" | wc -c)
    if [ "$2" = crlf ]; then test "$_cr" -eq 6; else test "$_cr" -eq 0; fi
}

for sep in comma semicolon tab; do
    case $sep in comma) s=, ;; semicolon) s=";" ;; tab) s=tab ;; esac
    for eol in lf crlf; do
        for bom in "" --bom; do
            name=$sep-$eol${bom:+-bom}
            enc="UTF-8${bom:+ with BOM}"
            test_expect_success "CSV: $sep, $eol${bom:+, with BOM}" "
                files persons-csv $name.csv --sep '$s' --eol $eol $bom &&
                check_eol $name.csv $eol &&
                import_into $name.db $name.csv '$enc'
            "
        done
    done
done

test_expect_success 'the files really differ: separators, line ends, BOM' '
    head -c 3 comma-lf-bom.csv | od -An -tx1 | grep -q "ef bb bf" &&
    ! head -c 3 comma-lf.csv | od -An -tx1 | grep -q "ef bb bf" &&
    grep -q "^STT;Họ và tên;" semicolon-lf.csv &&
    grep -q "^STT	Họ và tên	" tab-crlf.csv &&
    grep -q "^STT,Họ và tên,Năm sinh,Nam,Nữ,Dân tộc,\"Thôn, bản\"," comma-crlf.csv
'

test_expect_success 'TCVN3 (ABC): bytes as the .VnTime fonts draw them' '
    files persons-csv tcvn3.csv --encoding tcvn3 --sep ";" --eol crlf &&
    ! iconv -f UTF-8 -t UTF-8 tcvn3.csv >/dev/null 2>&1 &&
    iconv -f TCVN5712-1 -t UTF-8 tcvn3.csv | grep -F "Nguyễn Văn An" &&
    import_into tcvn3.db tcvn3.csv "TCVN3 (ABC)"
'

test_expect_success 'VNI-Windows: a base letter and its mark byte' '
    files persons-csv vni.csv --encoding vni &&
    grep -a -F "$(printf "Nguye\343n Va\352n An")" vni.csv &&
    grep -a -F "$(printf "Ly\371 Va\352n \321o\342ng")" vni.csv &&
    import_into vni.db vni.csv VNI-Windows
'

test_expect_success 'Windows-1258: tone marks after the letter' '
    files persons-csv cp1258.csv --encoding cp1258 --sep tab --eol crlf &&
    iconv -f CP1258 -t UTF-8 cp1258.csv | grep -F "Triệu Thị Thuỷ" &&
    import_into cp1258.db cp1258.csv Windows-1258
'

test_expect_success 'an .xlsx typed in the .VnTime font is read as TCVN3' '
    files persons-xlsx-vntime vntime.xlsx &&
    "$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"vntime.xlsx\").active
assert ws[\"B2\"].font.name == \".VnTime\" and ws[\"B2\"].value == \"Hä vµ tªn\", ws[\"B2\"].value
" &&
    import_into vntime.db vntime.xlsx "TCVN3 (ABC)"
'

test_expect_success 'text in none of the encodings is refused, naming the line' '
    CAPPHAT_DB=$TEST_DIR/bad.db && export CAPPHAT_DB &&
    capphat init >/dev/null &&
    h=$(db_hash) &&
    printf "Họ và tên,Xã\nA,B\n\200\201\202\203\204\205,C\n" >binary.csv &&
    test_must_fail capphat import persons binary.csv >out 2>err &&
    one_line_error err "binary.csv: line 3 is not UTF-8 text, and reads as none of TCVN3 (ABC), VNI-Windows or Windows-1258" &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 0 duplicates" &&
    unchanged_after "$h"
'

test_expect_success 'UTF-16 (what "Unicode text" in Excel writes) is refused with the way out' '
    CAPPHAT_DB=$TEST_DIR/bad.db && export CAPPHAT_DB &&
    files persons-csv utf8.csv --sep tab &&
    "$PYTHON" -c "open(\"utf16.txt\", \"wb\").write(open(\"utf8.csv\", encoding=\"utf-8\").read().encode(\"utf-16\"))" &&
    test_must_fail capphat import persons utf16.txt >out 2>err &&
    one_line_error err "utf16.txt is UTF-16 text; save it from Excel as \"CSV UTF-8\" instead" &&
    test "$(tail -1 out)" = "0 imported, 0 rejected, 0 duplicates"
'

test_done

#!/bin/sh
# capphat import persons of a large file: past the first 1,000 persons the
# list and search indexes are made once at the end instead of row by row.
# Whatever the path, the schema is as before, every person is found by
# search, persons added later are found too, and a bad row, --dry-run and
# --skip-invalid behave as they do with a small file.
# store: file (it compares the file's schema and indexes after a bulk load)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

files() { "$PYTHON" "$SRC_DIR/tests/cli/import-files.py" "$@"; }

# schema: every table, index and trigger with its SQL text.
schema() { sql "select type, name, tbl_name, sql from sqlite_schema order by name"; }

# found TEXT NAME: capphat find persons TEXT lists NAME.
found() {
    capphat find persons "$1" >found.out &&
        cut -f2 found.out | grep -Fx "$2" >/dev/null ||
        { echo "find persons '$1' does not list '$2':" >&2; cat found.out >&2; return 1; }
}

test_expect_success 'setup: a database with one person; a list of 2,500 persons' '
    capphat init >/dev/null &&
    add_person "Hà Thị Mai" --gender F >/dev/null &&
    files persons-xlsx-big big.xlsx 2500 &&
    schema >schema-before
'

test_expect_success '2,500 persons: all imported, the schema as before, check passes' '
    capphat import persons big.xlsx >out 2>err &&
    test ! -s err &&
    last_line out "2500 imported, 0 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from person")" = 2501 &&
    schema >schema-after &&
    test_cmp schema-before schema-after &&
    capphat check >/dev/null
'

test_expect_success 'search finds persons from the start, the middle and the end of the file' '
    found "so 17" "Nguyễn Văn Số 17" &&
    found "SỐ 1999" "Nguyễn Văn Số 1999" &&
    found "van so 2500" "Nguyễn Văn Số 2500" &&
    found "uyen van so 2400" "Nguyễn Văn Số 2400" &&
    found 0910002345 "Nguyễn Văn Số 2345" &&
    found "ha thi mai" "Hà Thị Mai" &&
    test "$(sql "select count(*) from person_word")" = $((2500 * 4 + 3))
'

test_expect_success 'a person added or renamed after the import is found by search' '
    add_person "Lục Văn Khánh" >/dev/null &&
    found khanh "Lục Văn Khánh" &&
    capphat person edit 2001 --name "Ma Thị Ngần" >/dev/null &&
    found "ma thi ngan" "Ma Thị Ngần" &&
    capphat find persons "so 2000" >out &&
    ! grep -F "Nguyễn Văn Số 2000" out &&
    capphat check >/dev/null
'

test_expect_success 'a bad row near the end of a large file: nothing imported, the file as before' '
    files persons-xlsx-big bad.xlsx 1500 --from 3001 --bad 1490 &&
    dump >dump-before &&
    db_hash >hash-before &&
    test_expect_code 1 capphat import persons bad.xlsx >out 2>err &&
    grep -F "bad.xlsx row 1492: " err &&
    last_line out "0 imported, 1 rejected, 0 duplicates" &&
    unchanged_after "$(cat hash-before)" &&
    dump >dump-after &&
    test_cmp dump-before dump-after
'

test_expect_success '--dry-run of a large file checks every row and writes nothing' '
    files persons-xlsx-big good.xlsx 1500 --from 3001 &&
    capphat import persons good.xlsx --dry-run >out 2>err &&
    test ! -s err &&
    last_line out "1500 imported, 0 rejected, 0 duplicates" &&
    unchanged_after "$(cat hash-before)"
'

test_expect_success '--skip-invalid: the good rows of a large file go in, found by search' '
    capphat import persons bad.xlsx --skip-invalid >out 2>err &&
    grep -F "bad.xlsx row 1492: " err &&
    last_line out "1499 imported, 1 rejected, 0 duplicates" &&
    test "$(sql "select count(*) from person")" = 4001 &&
    schema >schema-after &&
    test_cmp schema-before schema-after &&
    found "so 4500" "Nguyễn Văn Số 4500" &&
    found "so 3001" "Nguyễn Văn Số 3001" &&
    capphat find persons "so 4490" >out &&
    ! grep -F "Nguyễn Văn Số 4490" out &&
    capphat check >/dev/null
'

test_done

#!/bin/sh
# capphat import of a hostile or broken workbook (made by
# tests/cli/xlsx-bombs.py: a few hundred kB on disk, up to 300 MB of XML
# inside): refused at once with one line naming the file and the part,
# sheet or cell, with a peak memory far below the 256 MB of XML a workbook
# may hold, and the database left as it was. A cell of exactly 1 MB is
# still read (and refused by the rules of a name, as any long name is).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# at most this much memory (kB) and CPU time (s, user + system) to refuse
# a workbook; the machine may be busy with other work, so the clock time
# is only held to MAX_WALL_S, against a wait or a hang
MAX_KB=131072
MAX_S=5
MAX_WALL_S=60
# Under AddressSanitizer (make test's second pass) freed memory is held in
# a quarantine of 256 MB to catch its use after free: kept small here, so
# that the peak measures what capphat holds.
if [ -n "${ASAN_OPTIONS:-}" ]; then
    export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=16"
fi

# refused KIND TEXT: import persons KIND.xlsx fails with one line on stderr
# holding "KIND.xlsx: TEXT", within MAX_S seconds of CPU and MAX_KB of
# memory, and the database is byte for byte as before.
refused() {
    "$PYTHON" "$SRC_DIR/tests/cli/xlsx-bombs.py" "$1" "$1.xlsx" &&
    _hash=$(db_hash) &&
    test_expect_code 1 /usr/bin/time -o time.out -f "%e %U %S %M" \
        "$CAPPHAT_BIN" import persons "$1.xlsx" >out 2>err &&
    one_line_error err "capphat: $1.xlsx: $2" &&
    last_line out "0 imported, 0 rejected, 0 duplicates" &&
    read -r _wall _user _sys _kb <<-EOF &&
	$(tail -1 time.out)
	EOF
    _s=$(awk -v u="$_user" -v s="$_sys" "BEGIN { print u + s }") &&
    echo "$1: $_s s of CPU ($_wall s), $_kb kB" &&
    awk -v s="$_s" -v w="$_wall" -v kb="$_kb" -v ms=$MAX_S -v mw=$MAX_WALL_S -v mkb=$MAX_KB \
        "BEGIN { exit !(s < ms && w < mw && kb < mkb) }" &&
    unchanged_after "$_hash"
}

test_expect_success 'setup' '
    capphat init >/dev/null
'

test_expect_success 'a shared strings part of 300 MB (300 kB on disk)' '
    refused sst-huge "part ${SQ}xl/sharedStrings.xml${SQ} is too large: 301 MB of XML, and a workbook may have at most 256 MB to read"
'

test_expect_success 'a sheet of 300 MB' '
    refused sheet-huge "sheet ${SQ}Danh sách${SQ} is too large: 301 MB of XML"
'

test_expect_success '8 million empty shared strings' '
    refused sst-many "part ${SQ}xl/sharedStrings.xml${SQ} has more than 4194304 shared strings"
'

test_expect_success '70 shared strings of 1 MB' '
    refused sst-text "part ${SQ}xl/sharedStrings.xml${SQ} has more than 64 MB of shared strings"
'

test_expect_success 'a cell of 1 MB and 1 byte' '
    refused cell-long "sheet ${SQ}Danh sách${SQ}, cell A2: its text is longer than 1 MB"
'

test_expect_success 'a shared string of 1 MB and 1 byte' '
    refused sst-long "part ${SQ}xl/sharedStrings.xml${SQ}, shared string 0: its text is longer than 1 MB"
'

test_expect_success 'a shared string of 1 MB in 17 cells of a row' '
    refused row-long "sheet ${SQ}Danh sách${SQ}, row 2: its cells hold more than 16 MB of text"
'

test_expect_success '300 persons, each with a shared string of 1 MB beside' '
    refused sst-reused "sheet ${SQ}Danh sách${SQ}, cell G256: the workbook has more than 256 MB of XML to read"
'

test_expect_success 'a tag of 50 MB, a comment of 50 MB' '
    refused tag-long "sheet ${SQ}Danh sách${SQ}, line 1 of its XML: an XML tag or comment too large to read" &&
    refused comment-long "sheet ${SQ}Danh sách${SQ}, line 1 of its XML: an XML tag or comment too large to read"
'

test_expect_success 'a DTD; 100,000 cell formats' '
    refused dtd "part ${SQ}xl/worksheets/sheet1.xml${SQ} declares a DTD (<!DOCTYPE>), which a workbook never has" &&
    refused styles-many "part ${SQ}xl/styles.xml${SQ} has more than 65536 cell formats"
'

test_expect_success 'a cell of exactly 1 MB is read: the name rule refuses it' '
    "$PYTHON" "$SRC_DIR/tests/cli/xlsx-bombs.py" cell-1mb cell-1mb.xlsx &&
    test_expect_code 1 capphat import persons cell-1mb.xlsx >out 2>err &&
    one_line_error err "cell-1mb.xlsx row 2: name ${SQ}aaaa" &&
    grep -F "is too long (1048576 bytes, at most 200)" err &&
    last_line out "0 imported, 1 rejected, 0 duplicates"
'

test_done

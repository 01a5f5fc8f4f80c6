#!/bin/sh
# The bad-input matrix: every command against every kind of bad input that
# applies to it — a malformed IMEI, an unknown id, non-UTF-8 bytes, a huge
# field (1 MB in an imported file; 128 KiB, the kernel's limit for one
# argument, on the command line), a missing file, a folder instead of a
# file, a read-only database, a corrupt database (random bytes written into
# it), a database from a newer capphat, and a full disk (a small tmpfs).
#
# Each case: no crash (exit < 128); a command that must fail exits non-zero
# with exactly one line on stderr, "capphat: ..." and a clear reason (the
# class's words); the database file is byte-identical afterwards (or still
# absent). Read commands on a read-only or full disk may also succeed, and
# then print nothing on stderr. The number of cases is printed at the end.
# t0900-bad-input.sh tests particular messages; this script the whole grid,
# but for the output paths: t2310-output-paths.sh and
# t2320-output-paths-named.sh (lib-matrix.sh, which the three share).
# store: file (it copies and damages register files)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-matrix.sh"

UNREG=$IMEI9 # a valid IMEI that is not registered
NONUTF8=$(printf 'Nguy\351n \377\376')
# the longest argument execve accepts (MAX_ARG_STRLEN = 128 KiB with the NUL)
HUGE=$(head -c 131071 /dev/zero | tr '\0' x)
MNT=$TEST_DIR/mnt
mkdir -p "$MNT"

# state_of FILE: sha256 of a file, "absent", or the listing of a folder
state_of() {
    if [ -d "$1" ]; then
        ls -A "$1" | sha256sum | sed 's/ .*/ (folder)/'
    elif [ -e "$1" ]; then
        sha256sum <"$1" | cut -d' ' -f1
    else
        echo absent
    fi
}

# try CLASS MODE DB [ERROR-PATTERN] -- ARGS...: run `capphat --db DB ARGS`
# and judge it. MODE: fail (must fail), may (a read that may succeed and
# must leave the database as it was either way) or any (may succeed and then
# change the database: a write on a file whose damage it does not touch).
# ERROR-PATTERN (grep -E, case-insensitive) must match the one error line.
# The state of DB is remembered between cases (every case must leave it as
# it was), so that each case forks little: the grid is large.
STATE_DB= STATE=
try() {
    _class=$1 _mode=$2 _db=$3 _pat=
    shift 3
    if [ "$1" != -- ]; then _pat=$1; shift; fi
    shift
    if [ "$_db" != "$STATE_DB" ]; then
        STATE_DB=$_db
        STATE=$(state_of "$_db")
    fi
    "$CAPPHAT_BIN" --db "$_db" "$@" >"$TEST_DIR/case.out" 2>"$TEST_DIR/case.err" </dev/null
    _rc=$?
    _after=$(state_of "$_db")
    _why= _lines=0 _line=
    while IFS= read -r _l || [ -n "$_l" ]; do
        _lines=$((_lines + 1))
        _line=$_l
    done <"$TEST_DIR/case.err"
    if [ $_rc -ge 128 ]; then
        _why="died with signal $((_rc - 128))"
    elif [ $_rc -eq 0 ] && [ "$_mode" = fail ]; then
        _why="succeeded"
    elif [ $_rc -ne 0 ] && [ "$_lines" -ne 1 ]; then
        _why="$_lines lines on stderr"
    elif [ $_rc -eq 0 ] && [ "$_lines" -ne 0 ]; then
        _why="succeeded with $_lines lines on stderr"
    fi
    if [ -z "$_why" ] && [ $_rc -ne 0 ]; then
        case $_line in
        *[Ff]atal* | *[Ww]arning* | *ssert* | *anitizer* | *"left open"*)
            _why="not a clean message" ;;
        "capphat: "*) ;;
        *) _why="error line does not start with 'capphat: '" ;;
        esac
        if [ -z "$_why" ] && [ -n "$_pat" ] && ! grep -qiE -- "$_pat" "$TEST_DIR/case.err"; then
            _why="message does not say /$_pat/"
        fi
    fi
    if [ -z "$_why" ] && [ "$STATE" != "$_after" ] &&
        ! { [ $_rc -eq 0 ] && [ "$_mode" = any ]; }; then
        _why="database changed"
    fi
    STATE=$_after
    printf '%s\t%s\t%.160s\n' "$_class" "${_why:-ok}" "$*" >>"$CASES"
    if [ -n "$_why" ]; then
        printf '%s: capphat %.160s: %s (exit %d)\n' "$_class" "$*" "$_why" "$_rc" >>"$FAILS"
        head -c 600 "$TEST_DIR/case.err" | sed 's/^/    stderr: /' >>"$FAILS"
    fi
}

# each_db_command FN ARGS...: call FN ARGS... KIND -- COMMAND... for every
# command that opens the database. KIND: write, read, init (writes only
# what is missing) or create (demo: makes a missing database, refuses one
# that holds persons).
each_db_command() {
    "$@" init -- init
    "$@" create -- demo --persons 3 --seed 1
    "$@" write -- person add --name "Nguyễn Văn Mới" --gender M --birth-year 1960 --ethnic Tày \
        --district "Ba Bể" --commune "Chợ Rã"
    "$@" write -- person edit 2 --phone 0912345678
    "$@" read -- person list
    "$@" read -- person show 1
    "$@" write -- person show 1 --show-id
    "$@" write -- device add --delivered 2023-06-01 --imei $IMEI8 --model "Samsung Galaxy A05"
    "$@" read -- device list
    "$@" read -- device show $IMEI1
    "$@" write -- device status $IMEI4 repair
    "$@" write -- round add --name "Đợt 2"
    "$@" read -- round list
    "$@" write -- handover --person 2 --imei $IMEI2
    "$@" write -- handover --successor 3 --from 1
    "$@" write -- return --imei $IMEI1 --reason died
    "$@" write -- training add --date 2024-01-02 --place "UBND xã" --trainer "Hà Văn Giao" \
        --topic "Dùng Zalo"
    "$@" write -- training attend --session 1 --person 2
    "$@" write -- import persons "$TEST_DIR/persons.csv"
    "$@" write -- import devices "$TEST_DIR/devices.csv"
    "$@" read -- find persons "an"
    "$@" read -- find devices "samsung"
    "$@" write -- receipt signed 01/BB-BDT
    "$@" read -- receipt unsigned
    "$@" read -- settings
    "$@" write -- settings set place_name "Ba Bể"
    "$@" read -- check
    "$@" read -- backup "$TEST_DIR/out-backup.db"
    if [ "$HAS_EXPORT" = 1 ]; then
        "$@" read -- export handover -o "$TEST_DIR/out-export.xlsx"
        "$@" read -- export persons -o "$TEST_DIR/out-export.csv"
    fi
}

# db_case CLASS DB PATTERN READMODE KIND -- ARGS: one try for a database state.
# READMODE is the mode for reads (fail, may or any); writes must fail
# (except in mode any); INIT_MODE is the mode of init (or skip), and
# create-kind commands are skipped when INIT_MODE is skip.
db_case() {
    _c=$1 _d=$2 _p=$3 _rm=$4 _k=$5
    shift 6
    case $_k in
    read) _m=$_rm ;;
    init) _m=$INIT_MODE ;;
    *) _m=fail ;;
    esac
    [ "$_rm" = any ] && _m=any
    [ "$INIT_MODE" = skip ] && { [ "$_k" = init ] || [ "$_k" = create ]; } && return 0
    rm -f "$TEST_DIR/out-backup.db" "$TEST_DIR/out-export.xlsx" "$TEST_DIR/out-export.csv"
    try "$_c" "$_m" "$_d" "$_p" -- "$@"
    if [ "$_k" != read ] || [ "$_m" = fail ]; then
        for f in out-backup.db out-export.xlsx out-export.csv; do
            [ ! -e "$TEST_DIR/$f" ] || echo "$_c: $f was written by: $*" >>"$FAILS"
        done
    fi
}

test_expect_success 'setup' 'matrix_fixture'
HAS_EXPORT=0
"$CAPPHAT_BIN" export --help >/dev/null 2>&1 && HAS_EXPORT=1

test_expect_success 'malformed IMEI: every command that takes one' '
    for bad in 12345 $BAD_IMEI 49015420323751A 4901542032375180; do
        try imei fail "$CAPPHAT_DB" "imei" -- device add --imei "$bad" --model X
        try imei fail "$CAPPHAT_DB" "imei" -- device add --delivered 2023-06-01 --imei $IMEI8 --imei2 "$bad" --model X
        try imei fail "$CAPPHAT_DB" "imei" -- device show "$bad"
        try imei fail "$CAPPHAT_DB" "imei" -- device status "$bad" repair
        try imei fail "$CAPPHAT_DB" "imei" -- handover --person 2 --imei "$bad"
        try imei fail "$CAPPHAT_DB" "imei" -- return --imei "$bad" --reason died
        try imei fail "$CAPPHAT_DB" "imei" -- imei check "$bad"
    done
    try imei fail "$CAPPHAT_DB" "imei" -- device add --imei "" --model X
    try imei fail "$CAPPHAT_DB" "imei" -- handover --person 2 --imei ""
    class_ok imei
'

test_expect_success 'unknown id: every command that takes one' '
    try id fail "$CAPPHAT_DB" "no person|unknown|not" -- person edit 99 --phone 0912345678
    try id fail "$CAPPHAT_DB" "no person" -- person show 99
    try id fail "$CAPPHAT_DB" "no person" -- person show 99 --show-id
    try id fail "$CAPPHAT_DB" "not an id" -- person show abc
    try id fail "$CAPPHAT_DB" "not an id" -- person show -- -1
    try id fail "$CAPPHAT_DB" "not an id" -- person show 99999999999999999999999
    try id fail "$CAPPHAT_DB" "no person" -- handover --person 99 --imei $IMEI3
    try id fail "$CAPPHAT_DB" "no person" -- handover --successor 99 --from 1
    try id fail "$CAPPHAT_DB" "no person" -- handover --successor 3 --from 99
    try id fail "$CAPPHAT_DB" "not registered" -- handover --person 2 --imei $UNREG
    try id fail "$CAPPHAT_DB" "not registered" -- device show $UNREG
    try id fail "$CAPPHAT_DB" "not registered" -- device status $UNREG repair
    try id fail "$CAPPHAT_DB" "not registered" -- return --imei $UNREG --reason died
    try id fail "$CAPPHAT_DB" "round" -- device add --delivered 2023-06-01 --imei $IMEI8 --model X --round 99
    try id fail "$CAPPHAT_DB" "round" -- training add --date 2024-01-02 --place P --trainer T \
        --topic X --round 99
    try id fail "$CAPPHAT_DB" "round" -- import devices "$TEST_DIR/devices.csv" --round 99
    try id fail "$CAPPHAT_DB" "session" -- training attend --session 99 --person 1
    try id fail "$CAPPHAT_DB" "person" -- training attend --session 1 --person 99
    try id fail "$CAPPHAT_DB" "receipt" -- receipt signed 99/XX-YY
    try id fail "$CAPPHAT_DB" "setting|key" -- settings set no_such_key 1
    try id fail "$CAPPHAT_DB" "district" -- person list --district "Atlantis"
    try id fail "$CAPPHAT_DB" "commune" -- receipt unsigned --district "Ba Bể" --commune "Atlantis"
    class_ok id
'

# text_cases CLASS VALUE PATTERN: VALUE in every free-text argument
text_cases() {
    c=$1 v=$2 p=$3
    for opt in --name --village --role --decision --note --ethnic --district --commune; do
        set -- --name "Mã Văn Tạ" --gender M --birth-year 1950 --ethnic Tày --district "Ba Bể" \
            --commune "Chợ Rã"
        try $c fail "$CAPPHAT_DB" "$p" -- person add "$@" $opt "$v"
    done
    for opt in --name --village --role --decision --note; do
        try $c fail "$CAPPHAT_DB" "$p" -- person edit 2 $opt "$v"
    done
    for opt in --model --serial --supplier --contract --note; do
        try $c fail "$CAPPHAT_DB" "$p" -- device add --delivered 2023-06-01 --imei $IMEI8 --model X $opt "$v"
    done
    try $c fail "$CAPPHAT_DB" "$p" -- device status $IMEI4 repair --note "$v"
    for opt in --name --funding --decision; do
        try $c fail "$CAPPHAT_DB" "$p" -- round add --name "Đợt 3" $opt "$v"
    done
    for opt in --place --officer; do
        try $c fail "$CAPPHAT_DB" "$p" -- handover --person 2 --imei $IMEI2 $opt "$v"
    done
    try $c fail "$CAPPHAT_DB" "$p" -- handover --successor 3 --from 1 --decision "$v"
    for opt in --decision --note; do
        try $c fail "$CAPPHAT_DB" "$p" -- return --imei $IMEI1 --reason died $opt "$v"
    done
    for opt in --place --trainer --topic; do
        try $c fail "$CAPPHAT_DB" "$p" -- training add --date 2024-01-02 --place P --trainer T \
            --topic X $opt "$v"
    done
    try $c fail "$CAPPHAT_DB" "$p" -- find persons "$v"
    try $c fail "$CAPPHAT_DB" "$p" -- find devices "$v"
    try $c fail "$CAPPHAT_DB" "$p" -- receipt signed "$v"
    try $c fail "$CAPPHAT_DB" "$p" -- receipt signed 01/BB-BDT --archive "$v"
    try $c fail "$CAPPHAT_DB" "$p" -- person list --district "$v"
    for key in office_name parent_body place_name officer_name receipt_format; do
        try $c fail "$CAPPHAT_DB" "$p" -- settings set $key "$v"
    done
    try $c fail "$CAPPHAT_DB" "$p" -- import persons "$TEST_DIR/persons-nd.csv" --district "$v"
    try $c fail "$CAPPHAT_DB" "$p" -- import devices "$TEST_DIR/devices.csv" --model "$v" \
        --map Model=none
}

test_expect_success 'non-UTF-8 bytes in every text argument' '
    text_cases utf8 "$NONUTF8" "UTF-8|unknown"
    class_ok utf8
'

test_expect_success 'a 128 KiB argument in every text argument' '
    text_cases huge "$HUGE" "too long|unknown"
    class_ok huge
'

# The huge field of an imported file: 1 MB; 256 kB under AddressSanitizer
# (make test's second pass), where libcsv's field buffer, which grows 128
# bytes at a time, is moved to new pages at each step (glibc's realloc
# grows it in place), so that one import of 1 MB takes seconds of page
# faults: 256 kB is still four of the reader's 64 kB chunks and far past
# every limit, at a sixteenth of the cost.
BIG_FIELD=1048576
if [ -n "${ASAN_OPTIONS:-}" ]; then
    BIG_FIELD=262144
fi

test_expect_success 'a 1 MB field (and a 1 MB line without a newline) in imported files' '
    mb=$(head -c $BIG_FIELD /dev/zero | tr "\0" a) &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\n%s,Nam,1950,Tày,Chợ Rã,Ba Bể\n" \
        "$mb" >p-big.csv &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nMã Văn Tạ,Nam,1950,Tày,%s,Ba Bể\n" \
        "$mb" >p-big2.csv &&
    printf "IMEI,Model\n$IMEI7,%s\n" "$mb" >d-big.csv &&
    printf "IMEI,Model\n%s,Nokia\n" "$mb" >d-big2.csv &&
    printf "%s" "$mb" >one-line.csv &&
    printf "IMEI,Model\n$IMEI7,\"%s" "$mb" >open-quote.csv &&
    "$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active
ws.append([\"Họ và tên\", \"Giới tính\", \"Năm sinh\", \"Dân tộc\", \"Xã\", \"Huyện\"])
ws.append([\"a\" * 32767, \"Nam\", 1950, \"Tày\", \"Chợ Rã\", \"Ba Bể\"])
wb.save(\"p-big.xlsx\")" &&
    for f in p-big.csv p-big2.csv one-line.csv p-big.xlsx; do
        try bigfile fail "$CAPPHAT_DB" "too long|row|column|header|no rows|quote" -- import persons "$TEST_DIR/$f"
    done
    for f in d-big.csv d-big2.csv one-line.csv open-quote.csv; do
        try bigfile fail "$CAPPHAT_DB" "too long|row|column|header|no rows|quote|imei" -- import devices "$TEST_DIR/$f"
    done
    class_ok bigfile
'

test_expect_success 'a missing file' '
    nope=$TEST_DIR/no/such/folder
    try missing fail "$CAPPHAT_DB" "does not exist|no such|cannot open" -- import persons "$TEST_DIR/nope.csv"
    try missing fail "$CAPPHAT_DB" "does not exist|no such|cannot open" -- import devices "$TEST_DIR/nope.xlsx"
    try missing fail "$CAPPHAT_DB" "does not exist|no such|cannot" -- backup "$nope/out.db"
    try missing fail "$CAPPHAT_DB" "does not exist|no such|cannot" -- import persons "$TEST_DIR/p-bad.csv" \
        --errors "$nope/errors.csv"
    if [ "$HAS_EXPORT" = 1 ]; then
        try missing fail "$CAPPHAT_DB" "does not exist" -- export handover -o "$nope/out.xlsx"
        try missing fail "$CAPPHAT_DB" "does not exist" -- export persons -o "$nope/out.csv"
    fi
    INIT_MODE=skip each_db_command db_case missing "$nope/capphat.db" "does not exist|cannot" fail
    class_ok missing
'

test_expect_success 'a folder instead of a file' '
    mkdir -p dir.csv dir.xlsx dir.db &&
    try folder fail "$CAPPHAT_DB" "folder" -- import persons "$TEST_DIR/dir.csv"
    try folder fail "$CAPPHAT_DB" "folder" -- import devices "$TEST_DIR/dir.xlsx"
    try folder fail "$CAPPHAT_DB" "folder|exists" -- backup "$TEST_DIR/dir.db"
    try folder fail "$CAPPHAT_DB" "folder|exists" -- import persons "$TEST_DIR/p-bad.csv" \
        --errors "$TEST_DIR/dir.csv"
    if [ "$HAS_EXPORT" = 1 ]; then
        try folder fail "$CAPPHAT_DB" "folder" -- export handover -o "$TEST_DIR/dir.xlsx"
        try folder fail "$CAPPHAT_DB" "folder" -- export persons -o "$TEST_DIR/dir.csv"
    fi
    INIT_MODE=fail each_db_command db_case folder "$TEST_DIR/dir.db" "folder" fail
    test -z "$(ls -A dir.db)"
    class_ok folder
'

test_expect_success 'a read-only database (read-only tmpfs)' '
    STATE_DB= &&
    mount -t tmpfs -o size=4m tmpfs "$MNT" &&
    cp "$CAPPHAT_DB" "$MNT/c.db" &&
    mount -o remount,ro "$MNT" &&
    INIT_MODE=fail each_db_command db_case readonly "$MNT/c.db" "read-only|cannot be read" may
    test ! -e "$MNT/c.db-wal"
    umount "$MNT"
    class_ok readonly
'

# corrupt DB OFFSET COUNT: COUNT random bytes written at OFFSET of a copy
corrupt() {
    STATE_DB=
    cp "$CAPPHAT_DB" "$1" &&
    head -c "$3" /dev/urandom | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

test_expect_success 'a corrupt database: random bytes in the header or the schema page' '
    corrupt bad-header.db 0 100 &&
    corrupt bad-schema.db 100 3996 &&
    for cmd in check "person list" "device show $IMEI1" "handover --person 2 --imei $IMEI2" init; do
        try corrupt fail "$TEST_DIR/bad-header.db" "damaged" -- $cmd
    done
    INIT_MODE=fail each_db_command db_case corrupt "$TEST_DIR/bad-schema.db" "damaged" fail
    class_ok corrupt
'

test_expect_success 'a corrupt database: random bytes in the data pages; check names it' '
    size=$(stat -c %s "$CAPPHAT_DB") &&
    for at in 25 50 75 95; do
        corrupt bad-data.db $((size * at / 100 / 4096 * 4096)) 4096 &&
        # a damaged page of an index: check lists what the integrity
        # check of SQLite says of it, and its error line counts them
        try corruptdata fail "$TEST_DIR/bad-data.db" "damaged|integrity|problems \(listed above\)" -- check ||
        return 1
    done
    INIT_MODE=any each_db_command db_case corruptdata-any "$TEST_DIR/bad-data.db" "" any
    class_ok corruptdata
'

test_expect_success 'a database from a newer capphat' '
    cp "$CAPPHAT_DB" newer.db &&
    sqlite3 newer.db "PRAGMA user_version = 99" &&
    INIT_MODE=fail each_db_command db_case newer "$TEST_DIR/newer.db" "newer capphat" fail
    class_ok newer
'

# fill DIR: leave no free block on the file system of DIR
fill() {
    STATE_DB=
    dd if=/dev/zero of="$1/filler" bs=4096 status=none 2>/dev/null
    dd if=/dev/zero of="$1/filler2" bs=512 status=none 2>/dev/null
    return 0
}

test_expect_success 'a full disk: every command on a database with no free space' '
    STATE_DB= &&
    mount -t tmpfs -o size=4m tmpfs "$MNT" &&
    cp "$CAPPHAT_DB" "$MNT/c.db" &&
    fill "$MNT" &&
    INIT_MODE=may each_db_command db_case full "$MNT/c.db" "disk is full|disk full|no space|cannot be read or written|i/o" may
    rm -f "$MNT/c.db-wal" "$MNT/c.db-shm" "$MNT/filler" "$MNT/filler2"
    out=$("$CAPPHAT_BIN" --db "$MNT/c.db" check 2>&1) || echo "full: check after: $out" >>"$FAILS"
    umount "$MNT"
    class_ok full
'

test_expect_success 'a full disk in the middle of a large import, a demo and a backup' '
    "$PYTHON" -c "
def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        t += d - 9 if d > 9 else d
    return str((10 - t % 10) % 10)
with open(\"many.csv\", \"w\") as f:
    f.write(\"IMEI,Model\n\")
    for i in range(5000):
        b = \"35%012d\" % (123400000000 + i)
        f.write(\"%s,Samsung Galaxy A05 with a long model name\n\" % (b + luhn(b)))" &&
    size=$(stat -c %s "$CAPPHAT_DB") &&
    mount -t tmpfs -o size=$(( (size / 1024) + 300 ))k tmpfs "$MNT" &&
    cp "$CAPPHAT_DB" "$MNT/c.db" &&
    try full2 fail "$MNT/c.db" "disk is full|disk full" -- import devices "$TEST_DIR/many.csv"
    out=$("$CAPPHAT_BIN" --db "$MNT/c.db" check 2>&1) || echo "full2: check after: $out" >>"$FAILS"
    rm -f "$MNT/c.db" "$MNT/c.db-wal" "$MNT/c.db-shm" && cp empty.db "$MNT/e.db" &&
    try full2 fail "$MNT/e.db" "disk is full|disk full" -- demo --persons 2000
    out=$("$CAPPHAT_BIN" --db "$MNT/e.db" check 2>&1) || echo "full2: check after: $out" >>"$FAILS"
    test "$(sqlite3 "$MNT/e.db" "select count(*) from person")" = 0 ||
        echo "full2: demo left persons" >>"$FAILS"
    rm -f "$MNT/e.db" "$MNT/e.db-wal" "$MNT/e.db-shm" "$MNT/e.db.head"
    cp "$CAPPHAT_DB" "$MNT/c.db" &&
    cp "$CAPPHAT_DB" big.db &&
    capphat --db big.db import devices "$TEST_DIR/many.csv" >/dev/null &&
    try full2 fail "$TEST_DIR/big.db" "disk full" -- backup "$MNT/out.db"
    test ! -e "$MNT/out.db" || echo "full2: a partial backup was left" >>"$FAILS"
    ls -A "$MNT" | grep -v "^c.db" | sed "s/^/full2: left behind: /" >>"$FAILS"
    # the reports: one line that says so, no library noise, nothing left
    fill "$MNT"
    try full2 fail "$TEST_DIR/big.db" "disk full" -- export summary -o "$MNT/out.xlsx"
    try full2 fail "$TEST_DIR/big.db" "disk full" -- export handover -o "$MNT/out.xlsx"
    try full2 fail "$TEST_DIR/big.db" "disk full" -- export devices -o "$MNT/out.csv"
    try full2 fail "$TEST_DIR/big.db" "disk full" -- receipt 1 -o "$MNT/out.pdf"
    ls -A "$MNT" | grep -v "^c.db\|^filler" | sed "s/^/full2: left behind: /" >>"$FAILS"
    umount "$MNT"
    class_ok full2
'

matrix_done
mountpoint -q "$MNT" && umount "$MNT"
test_done

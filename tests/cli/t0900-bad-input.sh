#!/bin/sh
# Bad input gets a clear error and changes nothing (issue 2, item 9): each
# case gives exactly one line on stderr naming the field, the value and the
# reason, a non-zero exit below 128, and the database file byte-identical
# (compared once the command has ended, so that SQLite's WAL is folded in).
# store: file (it makes the file read-only, immutable, full or damaged)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# refused LINE COMMAND...: COMMAND fails with one line containing LINE on
# stderr, prints nothing on stdout, and leaves the database byte-identical.
refused() {
    _want=$1
    shift
    _before=$(db_hash) &&
    test_must_fail "$@" >out 2>err &&
    one_line_error err "$_want" &&
    if [ -s out ]; then echo "stdout not empty:" >&2; cat out >&2; return 1; fi &&
    unchanged_after "$_before"
}

A100K=$(head -c 100000 /dev/zero | tr '\000' a)
FF=$(printf '\377')

test_expect_success 'setup: a person holding a device, one device in stock' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei $IMEI2 --model "Nokia C21" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 >/dev/null &&
    capphat training add --date 2024-05-10 --place x --trainer y --topic z >/dev/null
'

# --- a wrong IMEI ------------------------------------------------------------

test_expect_success 'a wrong IMEI: device add' '
    refused "imei ${SQ}$BAD_IMEI${SQ} fails its check digit" \
        capphat device add --imei $BAD_IMEI --model X
'

test_expect_success 'a wrong second IMEI: device add' '
    refused "imei2 ${SQ}12345678901234${SQ} has 14 digits" \
        capphat device add --imei $IMEI3 --imei2 12345678901234 --model X
'

test_expect_success 'a wrong IMEI: handover, return, device show, device status' '
    refused "imei ${SQ}$BAD_IMEI${SQ} fails its check digit" \
        capphat handover --person 2 --imei $BAD_IMEI &&
    refused "imei ${SQ}$BAD_IMEI${SQ} fails its check digit" \
        capphat return --imei $BAD_IMEI --reason died &&
    refused "imei ${SQ}abc${SQ}" capphat device show abc &&
    refused "imei ${SQ}$BAD_IMEI${SQ} fails its check digit" \
        capphat device status $BAD_IMEI repair
'

test_expect_success 'an IMEI not registered: handover and return' '
    refused "imei ${SQ}$IMEI5${SQ} is not registered" capphat handover --person 2 --imei $IMEI5 &&
    refused "imei ${SQ}$IMEI5${SQ} is not registered" capphat return --imei $IMEI5 --reason died
'

# --- an unknown person -------------------------------------------------------

test_expect_success 'an unknown person id: handover, edit, show, attend, pass on' '
    refused "person: no person with id 99" capphat handover --person 99 --imei $IMEI2 &&
    refused "person: no person with id 99" capphat person edit 99 --role x &&
    refused "person: no person with id 99" capphat person show 99 &&
    refused "person: no person with id 99" capphat training attend --session 1 --person 99 &&
    refused "person: no person with id 99" capphat handover --successor 2 --from 99 &&
    refused "person: no person with id 99" capphat handover --successor 99 --from 1
'

test_expect_success 'a person id that is not a number' '
    refused "person ${SQ}-3${SQ} is not an id" capphat handover --person -3 --imei $IMEI2 &&
    refused "person id ${SQ}1x${SQ} is not an id" capphat person show 1x
'

# --- an unknown unit ---------------------------------------------------------

test_expect_success 'an unknown district or commune' '
    refused "district ${SQ}Hà Nội${SQ} is unknown" \
        add_person "Sai Huyện" --district "Hà Nội" &&
    refused "commune ${SQ}Hoàn Kiếm${SQ} is unknown" \
        capphat person add --name X --gender M --district "ba be" --commune "Hoàn Kiếm" &&
    refused "district ${SQ}xyz${SQ} is unknown" capphat person list --district xyz &&
    refused "commune ${SQ}xyz${SQ} is unknown" capphat receipt unsigned --commune xyz
'

# --- bytes that are not UTF-8 ------------------------------------------------

test_expect_success 'non-UTF-8 bytes in --name' '
    refused "name ${SQ}Nguy\\xFFn${SQ} is not valid UTF-8 text" \
        add_person "Nguy${FF}n"
'

test_expect_success 'non-UTF-8 bytes in other fields' '
    refused "village ${SQ}\\xFF${SQ} is not valid UTF-8 text" add_person A --village "$FF" &&
    refused "role ${SQ}\\xFF${SQ} is not valid UTF-8 text" add_person A --role "$FF" &&
    refused "district ${SQ}\\xFF${SQ} is not valid UTF-8 text" add_person A --district "$FF" &&
    refused "ethnic group ${SQ}\\xFF${SQ} is not valid UTF-8 text" add_person A --ethnic "$FF" &&
    refused "model ${SQ}\\xFF\\xFE${SQ} is not valid UTF-8 text" \
        capphat device add --imei $IMEI3 --model "$(printf "\377\376")" &&
    refused "place ${SQ}\\xFF${SQ} is not valid UTF-8 text" \
        capphat handover --person 2 --imei $IMEI2 --place "$FF" &&
    refused "place ${SQ}\\xFF${SQ} is not valid UTF-8 text" \
        capphat training add --date 2024-05-10 --place "$FF" --trainer y --topic z &&
    refused "search text ${SQ}\\xFF${SQ} is not valid UTF-8 text" capphat find persons "$FF"
'

test_expect_success 'control characters in a field' '
    refused "contains a control character (U+001B)" add_person "$(printf "An\033[31m")"
'

# --- a 100 kB field ----------------------------------------------------------

test_expect_success 'a 100 kB field: name, note, model, place' '
    refused "name ${SQ}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (100000 bytes)${SQ} is too long (100000 bytes, at most 200)" \
        add_person "$A100K" &&
    refused "note ${SQ}aaaa" add_person A --note "$A100K" &&
    refused "model ${SQ}aaaa" capphat device add --imei $IMEI3 --model "$A100K" &&
    refused "place ${SQ}aaaa" capphat handover --person 2 --imei $IMEI2 --place "$A100K" &&
    refused "topic ${SQ}aaaa" capphat training add --date 2024-05-10 --place x --trainer y --topic "$A100K"
'

test_expect_success 'a 100 kB field: IMEI, units, ethnic group, search text' '
    refused "imei ${SQ}1111" capphat device add --imei "$(head -c 100000 /dev/zero | tr "\000" 1)" --model X &&
    refused "district ${SQ}aaaa" add_person A --district "$A100K" &&
    refused "ethnic group ${SQ}aaaa" add_person A --ethnic "$A100K" &&
    refused "search text ${SQ}aaaa" capphat find persons "$A100K" &&
    refused "search text ${SQ}aaaa" capphat find devices "$A100K"
'

# --- the state of devices and persons ----------------------------------------

test_expect_success 'a handover of a device that is not in stock' '
    refused "imei ${SQ}$IMEI1${SQ} is already handed over to Nguyễn Văn An (person 1, receipt 01/BB-BDT)" \
        capphat handover --person 2 --imei $IMEI1
'

test_expect_success 'a return of a device that is in stock' '
    refused "imei ${SQ}$IMEI2${SQ} is not handed over (it is in stock): nothing to return" \
        capphat return --imei $IMEI2 --reason died
'

test_expect_success 'a second open handover for a person' '
    refused "person 1 (Nguyễn Văn An) already holds imei $IMEI1 in this round (receipt 01/BB-BDT): return it first" \
        capphat handover --person 1 --imei $IMEI2
'

# --- a missing database ------------------------------------------------------

test_expect_success 'a missing database: every command but init says so, creates nothing' '
    export CAPPHAT_DB=$TEST_DIR/missing/none.db &&
    for c in "person list" "person show 1" "person add --name A --gender M --commune x" \
             "person edit 1 --role x" "device list" "device show $IMEI1" \
             "device add --imei $IMEI1 --model X" "device status $IMEI1 repair" \
             "round list" "handover --person 1 --imei $IMEI1" \
             "return --imei $IMEI1 --reason died" "training list" \
             "training add --date 2024-01-01 --place x --trainer y --topic z" \
             "training attend --session 1 --person 1" "find persons a" "find devices 1" \
             "receipt unsigned" "receipt signed 01/BB-BDT" "settings" "check" "backup b.db"; do
        test_must_fail capphat $c >out 2>err || return 1
        one_line_error err "database ${SQ}$CAPPHAT_DB${SQ} does not exist; create it with ${SQ}capphat init${SQ}" || return 1
        test ! -s out || return 1
    done &&
    test ! -e missing && test ! -e b.db
'

# --- a database that cannot be written ---------------------------------------

# can_immutable: chattr +i works here (root is not stopped by mode bits).
can_immutable() {
    : >probe && chattr +i probe 2>/dev/null && chattr -i probe && rm -f probe
}

test_expect_success 'an immutable (read-only) database file: writes refused, reads too' '
    if ! can_immutable; then
        echo "# skip: chattr +i does not work on $TEST_DIR" >&2
        exit 0
    fi
    h=$(db_hash) &&
    chattr +i "$CAPPHAT_DB" &&
    (
        test_must_fail add_person "Lò Văn Cường" >out 2>err &&
        one_line_error err "database ${SQ}$CAPPHAT_DB${SQ} is read-only: cannot write to it" &&
        test_must_fail capphat device add --imei $IMEI3 --model X >out 2>err &&
        one_line_error err "is read-only: cannot write to it" &&
        capphat check >out
    )
    rc=$?
    chattr -i "$CAPPHAT_DB"
    test $rc = 0 && unchanged_after "$h"
'

test_expect_success 'a database in a folder that cannot be written' '
    if ! can_immutable; then
        echo "# skip: chattr +i does not work on $TEST_DIR" >&2
        exit 0
    fi
    mkdir ro && cp "$CAPPHAT_DB" ro/c.db &&
    h=$(sha256sum <ro/c.db) &&
    chattr +i ro &&
    (
        test_must_fail capphat --db ro/c.db person add --name A --gender M --commune "cho ra" \
            --district "ba be" >out 2>err &&
        one_line_error err "database ${SQ}ro/c.db${SQ} cannot be written: its folder ${SQ}ro${SQ} is read-only" &&
        test_must_fail capphat --db ro/new.db init 2>err &&
        one_line_error err "cannot create database ${SQ}ro/new.db${SQ}"
    )
    rc=$?
    chattr -i ro
    test $rc = 0 && test "$(sha256sum <ro/c.db)" = "$h" && test ! -e ro/new.db
'

# as_nobody COMMAND...: run capphat's COMMAND as the unprivileged user nobody.
as_nobody() {
    runuser -u nobody -- env CAPPHAT_DB="$CAPPHAT_DB" LANGUAGE=en CAPPHAT_OPERATOR=nobody \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$CAPPHAT_BIN" "$@"
}

test_expect_success 'permission bits, for a user who is not root' '
    if [ "$(id -u)" != 0 ] || ! runuser -u nobody -- true 2>/dev/null; then
        echo "# skip: needs root and runuser to act as nobody" >&2
        exit 0
    fi
    mkdir -p perm && cp "$CAPPHAT_DB" perm/c.db &&
    chmod 755 "$TEST_DIR" perm && chmod 644 perm/c.db &&
    export CAPPHAT_DB=$TEST_DIR/perm/c.db &&
    h=$(db_hash) &&
    test_must_fail as_nobody person add --name A --gender M --district "ba be" --commune "cho ra" >out 2>err &&
    one_line_error err "database ${SQ}$CAPPHAT_DB${SQ} is read-only: cannot write to it" &&
    chmod 666 perm/c.db &&
    test_must_fail as_nobody person add --name A --gender M --district "ba be" --commune "cho ra" >out 2>err &&
    one_line_error err "its folder ${SQ}$TEST_DIR/perm${SQ} is read-only" &&
    chmod 600 perm/c.db &&
    test_must_fail as_nobody person list >out 2>err &&
    one_line_error err "database ${SQ}$CAPPHAT_DB${SQ}" &&
    test ! -s out &&
    unchanged_after "$h"
'

# --- a corrupt database ------------------------------------------------------

test_expect_success 'a database with random bytes over page 2 (the units)' '
    cp "$CAPPHAT_DB" bad.db &&
    test "$(sqlite3 bad.db "select rootpage from sqlite_schema where name = ${SQ}unit${SQ}")" = 2 &&
    dd if=/dev/urandom of=bad.db bs=4096 seek=1 count=1 conv=notrunc 2>/dev/null &&
    export CAPPHAT_DB=$TEST_DIR/bad.db &&
    h=$(db_hash) &&
    test_must_fail capphat person list >out 2>err &&
    one_line_error err "database ${SQ}$CAPPHAT_DB${SQ} is damaged or is not a capphat database" &&
    unchanged_after "$h" &&
    refused "is damaged or is not a capphat database" \
        capphat person add --name A --gender M --district "ba be" --commune "cho ra" &&
    refused "is damaged or is not a capphat database" capphat person show 1 &&
    refused "is damaged or is not a capphat database" capphat check
'

test_expect_success 'a file of random bytes' '
    head -c 200000 /dev/urandom >noise.db &&
    export CAPPHAT_DB=$TEST_DIR/noise.db &&
    for c in init "person list" "device list" "person add --name A --gender M --commune x" \
             check "backup b2.db" "demo --persons 5"; do
        refused "database ${SQ}$CAPPHAT_DB${SQ} is damaged or is not a capphat database (file is not a database); restore it from a backup" \
            capphat $c || return 1
    done &&
    test ! -e b2.db && test ! -e noise.db-wal
'

test_expect_success 'a truncated database' '
    head -c 10000 "$CAPPHAT_DB" >short.db &&
    export CAPPHAT_DB=$TEST_DIR/short.db &&
    refused "is damaged or is not a capphat database" capphat person list &&
    refused "is damaged or is not a capphat database" capphat init
'

# --- help and usage ----------------------------------------------------------

COMMANDS="init demo person device round handover return training find receipt settings imei
check backup"
SUBCOMMANDS="person_add person_edit person_list person_show device_add device_list device_show
device_status training_add training_attend training_list"

test_expect_success 'every command and subcommand: --help exits 0, usage on stdout only' '
    for c in $COMMANDS $SUBCOMMANDS; do
        capphat $(echo $c | tr _ " ") --help >out 2>err || { echo "$c --help failed" >&2; return 1; }
        test ! -s err || { echo "$c --help wrote on stderr" >&2; return 1; }
        grep "^usage: capphat" out >/dev/null || { echo "$c --help: no usage line" >&2; return 1; }
    done
'

test_expect_success 'every command and subcommand: an unknown option exits 2, one line' '
    h=$(db_hash) &&
    for c in $COMMANDS $SUBCOMMANDS; do
        test_expect_code 2 capphat $(echo $c | tr _ " ") --bogus >out 2>err || return 1
        one_line_error err "${SQ}--bogus${SQ}" || return 1
        test ! -s out || return 1
    done &&
    unchanged_after "$h"
'

test_expect_success 'an option without its value exits 2 naming it' '
    test_expect_code 2 capphat person add --name 2>err &&
    one_line_error err "option --name needs a value (NAME)" &&
    test_expect_code 2 capphat init --help=x 2>err &&
    one_line_error err "option --help takes no value"
'

test_expect_success 'an unknown command or global option exits 2, one line' '
    test_expect_code 2 capphat frobnicate 2>err &&
    one_line_error err "unknown command ${SQ}frobnicate${SQ}" &&
    test_expect_code 2 capphat --bogus 2>err &&
    one_line_error err "unknown option ${SQ}--bogus${SQ}" &&
    test_expect_code 2 capphat person frob 2>err &&
    one_line_error err "unknown subcommand ${SQ}frob${SQ}"
'

test_expect_success 'a list on a damaged table prints nothing on stdout, one line on stderr' '
    cp "$CAPPHAT_DB" dmg.db &&
    sqlite3 dmg.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
    for t in person device; do
        page=$(sqlite3 dmg.db "SELECT rootpage FROM sqlite_master WHERE name = ${SQ}$t${SQ}") &&
        cp "$CAPPHAT_DB" dmg-$t.db &&
        sqlite3 dmg-$t.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
        head -c 4096 /dev/urandom |
            dd of=dmg-$t.db bs=4096 seek=$((page - 1)) conv=notrunc status=none &&
        test_must_fail capphat --db "$TEST_DIR/dmg-$t.db" $t list >out 2>err &&
        one_line_error err "damaged" &&
        test ! -s out || return 1
    done
'

test_expect_success 'after all of this, the audit chain is intact' '
    capphat check >out && grep "^ok: " out
'

test_done

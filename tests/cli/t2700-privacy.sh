#!/bin/sh
# Privacy and access: every file capphat writes that holds personal data —
# the database and its -wal/-shm, backups (by hand and daily), the rejected
# rows of an import, exported lists, receipts — is mode 0600 even under
# umask 000; citizen ID numbers are masked in lists, searches and exports
# unless --show-id, and each asking is in the audit log before anything is
# shown; printing runs no program (no shell); `make lint` passes and would
# catch SQL built with printf.
# store: file (it checks the modes of the register file and its backups)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$SRC_DIR/tests/lib/cupsd.sh"

CCCD=006160001234
MASKED='006*****1234'

# mode FILE: its permission bits in octal
mode() { stat -c %a "$1"; }

test_expect_success 'setup under umask 000: a person with a citizen ID holding a device' '
    umask 000 &&
    capphat init >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F --cccd $CCCD >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null
'

test_expect_success 'umask 000: database, -wal and -shm are 0600, folders 0700' '
    umask 000 &&
    test "$(mode "$CAPPHAT_DB")" = 600 &&
    (capphat device add --delivered 2023-06-01 --imei $IMEI2 --model X >/dev/null &&
     sleep 0 ) &&
    for f in "$CAPPHAT_DB" "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm"; do
        test ! -e "$f" || test "$(mode "$f")" = 600 || { echo "$f: $(mode "$f")"; return 1; }
    done &&
    capphat --db "$TEST_DIR/new/sub/c.db" init >/dev/null &&
    test "$(mode new)" = 700 && test "$(mode new/sub)" = 700 &&
    test "$(mode new/sub/c.db)" = 600
'

test_expect_success 'umask 000: backup, daily backup and its folder' '
    umask 000 &&
    capphat backup copy.db >/dev/null &&
    test "$(mode copy.db)" = 600 &&
    ls backups/capphat-*.db >daily &&
    test "$(mode backups)" = 700 &&
    while read -r f; do test "$(mode "$f")" = 600 || return 1; done <daily
'

test_expect_success 'umask 000: the rejected rows of an import' '
    umask 000 &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện,CCCD\nX,Q,1950,Tày,Chợ Rã,Ba Bể,006050001111\n" >p.csv &&
    test_must_fail capphat import persons p.csv --errors errors.csv >/dev/null 2>&1 &&
    test "$(mode errors.csv)" = 600
'

# export and receipt PDFs are being written by other engineers: their
# checks run as soon as the commands exist
HAS_EXPORT=0 HAS_RECEIPT=0
"$CAPPHAT_BIN" export --help >/dev/null 2>&1 && HAS_EXPORT=1
"$CAPPHAT_BIN" receipt --help 2>/dev/null | grep -q -- "-o FILE.pdf" && HAS_RECEIPT=1

test_expect_success 'umask 000: exported lists (xlsx and csv)' '
    test $HAS_EXPORT = 0 && exit 0
    umask 000 &&
    capphat export handover -o h.xlsx >/dev/null &&
    capphat export summary -o s.xlsx >/dev/null &&
    capphat export persons -o p-out.csv >/dev/null &&
    capphat export handovers -o hs.csv >/dev/null &&
    for f in h.xlsx s.xlsx p-out.csv hs.csv; do
        test "$(mode $f)" = 600 || { echo "$f: $(mode $f)"; return 1; }
    done
'

test_expect_success 'umask 000: receipts (pdf)' '
    test $HAS_RECEIPT = 0 && exit 0
    umask 000 &&
    capphat receipt 1 -o r.pdf --final >/dev/null &&
    test "$(mode r.pdf)" = 600
'

test_expect_success 'citizen IDs are masked in list, show, find and exports' '
    capphat person list >out && grep -F "$MASKED" out && ! grep -F "$CCCD" out &&
    capphat person list --format csv >out && grep -F "$MASKED" out && ! grep -F "$CCCD" out &&
    capphat person show 1 >out && grep -F "$MASKED" out && ! grep -F "$CCCD" out &&
    capphat find persons "bich" >out && grep -F "$MASKED" out && ! grep -F "$CCCD" out &&
    capphat find persons 0061600 >out && ! grep -F "$CCCD" out &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}show_id${SQ}")" = 0
'

# found_by TEXT ID: find persons TEXT lists person ID
found_by() { capphat find persons "$1" --limit 1000 | cut -f1 | grep -qx "$2"; }

# parts_find_nothing NUMBER ID: no run of the digits of NUMBER but the
# whole finds person ID (the search box and `find` share the search)
parts_find_nothing() {
    _n=${#1}
    _from=1
    while [ $_from -le $_n ]; do
        _to=$_from
        while [ $_to -le $_n ]; do
            _part=$(printf "%s" "$1" | cut -c$_from-$_to)
            if [ "$_part" != "$1" ] && found_by "$_part" "$2"; then
                echo "person $2 found by $_part, a part of $1" >&2
                return 1
            fi
            _to=$((_to + 1))
        done
        _from=$((_from + 1))
    done
}

test_expect_success 'find persons: a citizen ID is found by all its digits, never by a part' '
    add_person "Triệu Thị Mai" --gender F --birth-year 1923 --cccd 006123452630 >/dev/null &&
    add_person "Đặng Văn Chín" --cccd 081726354 >/dev/null &&
    id12=$(sql "select id from person where id_number = ${SQ}006123452630${SQ}") &&
    id9=$(sql "select id from person where id_number = ${SQ}081726354${SQ}") &&
    parts_find_nothing 006123452630 "$id12" &&
    parts_find_nothing 081726354 "$id9" &&
    found_by 006123452630 "$id12" && found_by 081726354 "$id9" &&
    capphat find persons 006123452630 >out &&
    test "$(tail -n +2 out | wc -l)" = 1 &&
    grep -F "006*****2630" out && ! grep -F 006123452630 out
'

test_expect_success 'a phone number is still found by a part of it' '
    capphat person edit "$(sql "select id from person where id_number = ${SQ}081726354${SQ}")" \
        --phone 0912345678 >/dev/null &&
    found_by 345678 "$(sql "select id from person where phone = ${SQ}0912345678${SQ}")"
'

test_expect_success 'citizen IDs are masked in exports (csv and xlsx)' '
    test $HAS_EXPORT = 0 && exit 0
    capphat export persons -o p2.csv >/dev/null && ! grep -F "$CCCD" p2.csv &&
    capphat export handover -o h2.xlsx >/dev/null &&
    "$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.load_workbook(\"h2.xlsx\")
for ws in wb:
    for row in ws.iter_rows(values_only=True):
        for v in row:
            assert \"$CCCD\" not in str(v), v
" &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}show_id${SQ}")" = 0
'

test_expect_success '--show-id shows the ID in full and audits each asking, with the operator' '
    capphat person list --show-id >out && grep -F "$CCCD" out &&
    CAPPHAT_OPERATOR=curious capphat person show 1 --show-id >out && grep -F "$CCCD" out &&
    sql "select operator, entity, entity_id from audit_log where action = ${SQ}show_id${SQ} order by id" >asks &&
    printf "tester|privacy|\ncurious|privacy|1\n" >expect &&
    test_cmp expect asks &&
    capphat check >/dev/null
'

test_expect_success '--show-id where the asking cannot be audited shows nothing' '
    mkdir -p ro && mount -t tmpfs -o size=2m tmpfs ro &&
    capphat backup ro/c.db >/dev/null && mount -o remount,ro ro &&
    test_must_fail capphat --db ro/c.db person show 1 --show-id >out 2>err;
    rc=$?; umount ro;
    test $rc = 0 && ! grep -F "$CCCD" out && test "$(wc -l <err)" = 1
'

test_expect_success 'person list and device list --format csv neutralise formulas as export does' '
    add_person "=1+1" --village "+Nà Pài" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI3 --model "@SUM(A1:A9)" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI4 --model "-2+3" >/dev/null &&
    f=$(sql "select id from person where full_name = ${SQ}=1+1${SQ}") &&
    capphat handover --person $f --imei $IMEI3 --date 2024-03-01 >/dev/null &&
    capphat person list --format csv >p.csv &&
    capphat device list --format csv >d.csv &&
    "$PYTHON" - <<PY
import csv
p = {r["id"]: r for r in csv.DictReader(open("p.csv", newline="", encoding="utf-8"))}
assert p["$f"]["name"] == "\x27=1+1", p["$f"]
assert p["$f"]["village"] == "\x27+Nà Pài", p["$f"]
assert p["1"]["name"] == "Hoàng Thị Bích", p["1"]
d = {r["imei"]: r for r in csv.DictReader(open("d.csv", newline="", encoding="utf-8"))}
assert d["$IMEI3"]["model"] == "\x27@SUM(A1:A9)", d["$IMEI3"]
assert d["$IMEI3"]["holder_name"] == "\x27=1+1", d["$IMEI3"]
assert d["$IMEI4"]["model"] == "\x27-2+3", d["$IMEI4"]
assert d["$IMEI1"]["model"] == "Samsung Galaxy A05", d["$IMEI1"]
PY
'

if cupsd_start "$TEST_DIR/cups" >"$TEST_DIR/cupsd.log" 2>&1; then
    HAVE_CUPS=1
else
    HAVE_CUPS=0
    cat "$TEST_DIR/cupsd.log"
fi

test_expect_success 'printing a receipt runs no other program (strace: no execve but capphat)' '
    test $HAS_RECEIPT = 0 && exit 0
    test $HAVE_CUPS = 1 &&
    command -v strace >/dev/null &&
    # LeakSanitizer cannot run under ptrace: leaks are checked by the other tests
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
        strace -f -qq -e trace=execve,execveat,vfork,fork -o trace.log \
        "$CAPPHAT_BIN" receipt 1 -o printed.pdf --print --printer capture >out &&
    grep -c execve trace.log >n && test "$(cat n)" = 1 &&
    grep -F "execve(\"$CAPPHAT_BIN\"" trace.log &&
    ! grep -E "/bin/(ba|da)?sh|system|popen|lp(r)?\"" trace.log &&
    n=0 && while [ -z "$(ls cups/out 2>/dev/null)" ] && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1)); done &&
    ls cups/out | grep "^job-"
'

[ $HAVE_CUPS = 1 ] && cupsd_stop "$TEST_DIR/cups"

test_expect_success 'a database, -wal, -shm, backups folder and backups opened up are made private again on open' '
    mkdir perm && (
        export CAPPHAT_DB=$TEST_DIR/perm/p.db &&
        capphat init >/dev/null &&
        chmod 0644 perm/p.db && chmod 0755 perm/backups &&
        chmod 0644 perm/backups/* &&
        : >perm/p.db-wal && : >perm/p.db-shm && chmod 0666 perm/p.db-wal perm/p.db-shm &&
        rm -f perm/p.db-wal perm/p.db-shm &&
        capphat person list >/dev/null 2>err &&
        grep -F "notice: ${SQ}$TEST_DIR/perm/p.db${SQ} could be read by other users (mode 0644): set to 0600" err &&
        grep -F "${SQ}$TEST_DIR/perm/backups${SQ} could be read by other users (mode 0755): set to 0700" err &&
        test "$(stat -c %a perm/p.db)" = 600 &&
        test "$(stat -c %a perm/backups)" = 700 &&
        test "$(stat -c %a perm/backups/* | sort -u)" = 600 &&
        capphat person list >/dev/null 2>err && test ! -s err
    )
'

test_expect_success 'a database of another user: said, never changed, and no backup of it is made' '
    if [ "$(id -u)" -ne 0 ]; then echo "# needs root to make a file of another user"; exit 0; fi
    mkdir other && chmod 0777 other && chmod 0711 "$TEST_DIR" && (
        export CAPPHAT_DB=$TEST_DIR/other/o.db &&
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env CAPPHAT_DB="$CAPPHAT_DB" CAPPHAT_NOW=2025-01-01T08:00:00 "$CAPPHAT_BIN" init >/dev/null &&
        chmod 0644 other/o.db &&
        test "$(stat -c %U other/o.db)" = nobody &&
        test "$(stat -c %U other/backups)" = nobody &&
        before=$(ls -la other/backups | sha256sum) &&
        CAPPHAT_NOW=2025-01-09T08:00:00 capphat init >out 2>err &&
        ! grep "daily backup" out &&
        grep -F "database ${SQ}$TEST_DIR/other/o.db${SQ} belongs to another user" err &&
        grep -F "${SQ}$TEST_DIR/other/o.db${SQ} can be read by other users (mode 0644) and belongs to another user" err &&
        test "$(stat -c %a other/o.db)" = 644 &&
        test "$(ls -la other/backups | sha256sum)" = "$before" &&
        test "$(stat -c %U other/o.db)" = nobody
    ) && chmod 0700 "$TEST_DIR"
'

test_expect_success 'a backups folder of another user: said, and no backup written there' '
    if [ "$(id -u)" -ne 0 ]; then echo "# needs root to make a folder of another user"; exit 0; fi
    mkdir theirs && (
        export CAPPHAT_DB=$TEST_DIR/theirs/t.db &&
        capphat init >/dev/null && rm -rf theirs/backups &&
        mkdir theirs/backups && chown nobody theirs/backups && chmod 0700 theirs/backups &&
        test_must_fail env CAPPHAT_NOW=2025-01-09T08:00:00 "$CAPPHAT_BIN" init >out 2>err &&
        one_line_error err "the backups folder ${SQ}$TEST_DIR/theirs/backups${SQ} belongs to another user" &&
        test -z "$(ls -A theirs/backups)"
    )
'

# lint_expect_success DESCRIPTION COMMANDS: a test of make lint, which
# reads the sources and runs no capphat: skipped in the AddressSanitizer
# pass of make test (scripts/test.sh sets ASAN_OPTIONS), which would only
# repeat it (each run formats every source file: seconds of CPU)
lint_expect_success() {
    if [ -n "${ASAN_OPTIONS:-}" ]; then
        test_skip "$1" "make lint runs no capphat; the plain pass runs it"
    else
        test_expect_success "$1" "$2"
    fi
}

lint_expect_success 'make lint passes: no SQL built from strings' '
    sh "$SRC_DIR/scripts/lint.sh" >out && grep -Fx "lint: ok" out
'

lint_expect_success 'and lint would catch it: SQL built with printf in a copy of the tree' '
    mkdir -p tree/scripts &&
    cp -r "$SRC_DIR/src" "$SRC_DIR/include" tree/ &&
    cp "$SRC_DIR/scripts/lint.sh" tree/scripts/ &&
    printf "%s\n" "#include <sqlite3.h>" \
        "char *f(const char *n) { return sqlite3_mprintf(\"SELECT id FROM person WHERE name = %Q\", n); }" \
        >tree/src/store/bad1.c &&
    printf "%s\n" "char *g(const char *t) { return xasprintf(\"DELETE FROM person WHERE id = %s\", t); }" \
        >tree/src/store/bad2.c &&
    test_must_fail sh tree/scripts/lint.sh >out &&
    grep "src/store/bad1.c" out && grep "src/store/bad2.c" out
'

lint_expect_success 'and lint fails on a file not formatted with the pinned .clang-format' '
    mkdir -p fmt/scripts &&
    cp -r "$SRC_DIR/src" "$SRC_DIR/include" "$SRC_DIR/.clang-format" fmt/ &&
    cp "$SRC_DIR/scripts/lint.sh" fmt/scripts/ &&
    mkdir -p fmt/tests fmt/bench &&
    printf "%s\n" "int  f(int a){return a+1;}" >fmt/src/core/ugly.c &&
    test_must_fail sh fmt/scripts/lint.sh >out &&
    grep -Fx "lint: not formatted with .clang-format (run make format):" out &&
    grep -Fx "src/core/ugly.c" out &&
    ! grep "src/core/error.c" out
'

test_done

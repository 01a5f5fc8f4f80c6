#!/bin/sh
# No back doors: the released program ($BUILD/capphat) ignores the test
# hooks CAPPHAT_TODAY, CAPPHAT_NOW and CAPPHAT_OPERATOR — its dates are
# today's, its daily backup is named by the real clock, its audit log
# records the login of the process's real user (not $USER either) — and
# their names are not in the binary; capphat-test, which the other tests
# run, obeys them. --operator NAME records "NAME (login)"; a wrong name is
# refused in one line and changes nothing.
# store: file (it reads the file's log with sqlite3 after the released program)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# release ARGS...: the released program, with every hook set to a lie
release() {
    env CAPPHAT_TODAY=2001-02-03 CAPPHAT_NOW=2001-02-03T04:05:06 CAPPHAT_OPERATOR=impostor \
        USER=impostor LOGNAME=impostor "$CAPPHAT_RELEASE_BIN" "$@"
}

# the login name of the real user, as getpwuid(getuid()) gives it, else the uid
LOGIN=$(id -un 2>/dev/null || id -u)

# last_operator: the operator of the newest audit entry
last_operator() { sql "select operator from audit_log order by id desc limit 1"; }

test_expect_success 'both binaries are built; the tests run capphat-test' '
    test -x "$CAPPHAT_RELEASE_BIN" && test -x "$CAPPHAT_BIN" &&
    test "$(basename "$CAPPHAT_BIN")" = capphat-test &&
    test "$(basename "$CAPPHAT_RELEASE_BIN")" = capphat
'

test_expect_success 'the names of the hooks are not in the released binary' '
    for v in CAPPHAT_TODAY CAPPHAT_NOW CAPPHAT_OPERATOR CAPPHAT_OUTFILE_NAMED CAPPHAT_SERVER_VERSION; do
        ! strings "$CAPPHAT_RELEASE_BIN" | grep -F "$v" || return 1
        strings "$CAPPHAT_BIN" | grep -qxF "$v" || return 1
    done
'

test_expect_success 'release: the daily backup of init is named by the real clock, not CAPPHAT_NOW' '
    before=$(date +%Y%m%d) &&
    release init >out &&
    after=$(date +%Y%m%d) &&
    ! grep -F 20010203 out &&
    ls backups >names &&
    test "$(wc -l <names)" = 1 &&
    grep -E "^capphat-($before|$after)-[0-9]{6}\.db$" names
'

test_expect_success 'release: the audit log records the real login, not CAPPHAT_OPERATOR' '
    release person add --name "Hoàng Văn Thụ" --gender M --birth-year 1960 --ethnic Tày \
        --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    test "$(last_operator)" = "$LOGIN" &&
    release device add --delivered 2000-01-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    test "$(last_operator)" = "$LOGIN" &&
    test "$(sql "select count(*) from audit_log where operator like ${SQ}%impostor%${SQ}")" = 0
'

test_expect_success 'release: a handover without --date is dated today, not CAPPHAT_TODAY' '
    before=$(date +%F) &&
    release handover --person 1 --imei $IMEI1 >/dev/null &&
    after=$(date +%F) &&
    d=$(sql "select handed_on from handover where id = 1") &&
    { test "$d" = "$before" || test "$d" = "$after"; } &&
    test "$(last_operator)" = "$LOGIN"
'

test_expect_success 'release: the "as of" date of an export is today, not CAPPHAT_TODAY' '
    before=$(date +%d/%m/%Y) &&
    release export summary -o s.xlsx >/dev/null &&
    after=$(date +%d/%m/%Y) &&
    $PYTHON - "$before" "$after" <<PY
import sys, openpyxl
texts = [c.value for r in openpyxl.load_workbook("s.xlsx")["Toàn tỉnh"].iter_rows(max_row=8)
         for c in r if isinstance(c.value, str)]
dates = [t for t in texts if t.startswith("Số liệu tính đến ngày")]
assert dates, texts
assert any(d.endswith(x) for d in dates for x in sys.argv[1:]), (dates, sys.argv[1:])
assert not any("03/02/2001" in t for t in texts), texts
PY
'

test_expect_success 'capphat-test obeys the hooks: date, clock and login' '
    rm -rf backups &&
    CAPPHAT_NOW=2001-02-03T04:05:06 capphat init >out &&
    grep -F "capphat-20010203-040506.db" out &&
    test -f backups/capphat-20010203-040506.db &&
    capphat device add --delivered 2000-01-01 --imei $IMEI2 --model "Nokia 110" >/dev/null &&
    test "$(last_operator)" = tester &&
    add_person "Lý Thị Hoa" --gender F >/dev/null &&
    CAPPHAT_TODAY=2001-02-03 capphat handover --person 2 --imei $IMEI2 >/dev/null &&
    test "$(sql "select handed_on from handover where id = 2")" = 2001-02-03 &&
    CAPPHAT_TODAY=2001-02-03 capphat export summary -o t.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
texts = [c.value for r in openpyxl.load_workbook("t.xlsx")["Toàn tỉnh"].iter_rows(max_row=8)
         for c in r if isinstance(c.value, str)]
assert "Số liệu tính đến ngày 03/02/2001" in texts, texts
PY
'

test_expect_success '--operator NAME records "NAME (login)" for a command' '
    capphat --operator "Hoàng Thị Mai" round add --name "Đợt 1" >/dev/null &&
    test "$(last_operator)" = "Hoàng Thị Mai (tester)" &&
    capphat --operator="  Lý  Văn Tư " device add --delivered 2000-01-01 --imei $IMEI3 --model "Nokia 110" --round 1 >/dev/null &&
    test "$(last_operator)" = "Lý Văn Tư (tester)" &&
    capphat device add --delivered 2000-01-01 --imei $IMEI4 --model "Nokia 110" --round 1 >/dev/null &&
    test "$(last_operator)" = tester
'

test_expect_success 'release: --operator goes before the real login, never CAPPHAT_OPERATOR or $USER' '
    release --operator "Hoàng Thị Mai" device add --delivered 2000-01-01 --imei $IMEI5 --model "Nokia 110" --round 1 >/dev/null &&
    test "$(last_operator)" = "Hoàng Thị Mai ($LOGIN)" &&
    capphat device show $IMEI5 >out &&
    grep -F "Hoàng Thị Mai ($LOGIN)" out
'

test_expect_success 'a name typed with combining marks is recorded in NFC' '
    capphat --operator "$(printf "Hoa\314\200ng Thi\314\243 Mai")" device status $IMEI4 repair &&
    test "$(last_operator)" = "Hoàng Thị Mai (tester)"
'

# refused NAME TEXT: --operator NAME is refused in one line containing TEXT,
# and neither the database nor the audit log changes
refused() {
    before=$(db_hash) && entries=$(audit_count) &&
    test_must_fail capphat --operator "$1" round add --name "Đợt X" >out 2>err &&
    one_line_error err "$2" &&
    test ! -s out &&
    unchanged_after "$before" && test "$(audit_count)" = "$entries" &&
    test_must_fail "$CAPPHAT_RELEASE_BIN" --operator "$1" round add --name "Đợt X" 2>err &&
    one_line_error err "$2" &&
    unchanged_after "$before"
}

test_expect_success 'a name of 61 characters is refused in one line; 60 are taken' '
    n60=$($PYTHON -c "print(\"ễ\" * 60)") &&
    refused "${n60}ễ" "option --operator ${SQ}ễễễ" &&
    grep -F "is too long (at most 60 characters)" err &&
    capphat --operator "$n60" round add --name "Đợt 2" >/dev/null &&
    test "$(last_operator)" = "$n60 (tester)"
'

test_expect_success 'control characters, parentheses, bad UTF-8, an empty name are refused' '
    refused "$(printf "Mai\033[2J")" "option --operator ${SQ}Mai\x1B[2J${SQ} contains a control character" &&
    refused "Mai (root)" "option --operator ${SQ}Mai (root)${SQ} contains a parenthesis" &&
    refused "$(printf "Mai\377")" "option --operator ${SQ}Mai\xFF${SQ} is not valid UTF-8 text" &&
    refused "   " "option --operator ${SQ}   ${SQ} holds no name" &&
    before=$(db_hash) &&
    test_must_fail capphat --operator 2>err &&
    one_line_error err "option --operator needs a value (NAME)" &&
    unchanged_after "$before"
'

test_expect_success 'the usage names --operator' '
    capphat --help >out &&
    grep -F "[--operator NAME]" out
'

test_expect_success 'setting operator_prompt: off by default, on or off, audited' '
    capphat settings >out &&
    grep -x "operator_prompt	" out &&
    entries=$(audit_count) &&
    test_must_fail capphat settings set operator_prompt yes 2>err &&
    one_line_error err "operator_prompt ${SQ}yes${SQ} must be on or off" &&
    test "$(audit_count)" = "$entries" &&
    capphat --operator "Hoàng Thị Mai" settings set operator_prompt on &&
    capphat settings >out &&
    grep -x "operator_prompt	on" out &&
    test "$(audit_count)" = $((entries + 1)) &&
    test "$(last_operator)" = "Hoàng Thị Mai (tester)"
'

test_expect_success 'release: a PostgreSQL server that cannot be reached is named in one line' '
    for db in "postgresql:///capphat?host=/nonexistent" "service=capphat_nosuch"; do
        test_must_fail "$CAPPHAT_RELEASE_BIN" --db "$db" person list 2>err &&
        one_line_error err "cannot connect to the database server" || return 1
    done
'

test_expect_success 'every change left the audit chain valid' '
    "$CAPPHAT_RELEASE_BIN" check >/dev/null
'

test_done

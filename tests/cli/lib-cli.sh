# tests/cli/lib-cli.sh — fixtures shared by the command-line test scripts.
# Source it after ../lib.sh:
#   . "$(dirname "$0")/../lib.sh"
#   . "$(dirname "$0")/lib-cli.sh"
# Each test runs in a subshell, so state lives in the database, never in
# shell variables set inside a test.

# Valid IMEIs (15 digits, Luhn check digit right).
IMEI1=490154203237518
IMEI2=356938035643809
IMEI3=353918051234561
IMEI4=358240051111110
IMEI5=860123456789014
IMEI6=860123456789022
IMEI7=860123456789030
IMEI8=860123456789048
IMEI9=860123456789055
# Same digits with the last one wrong.
BAD_IMEI=490154203237519

# add_person NAME [OPTIONS...]: a man born 1960, Tày, Chợ Rã (Ba Bể); the
# options given replace nothing, they are added (give other fields only).
add_person() {
    _name=$1
    shift
    capphat person add --name "$_name" --gender M --birth-year 1960 --ethnic Tày \
        --district "Ba Bể" --commune "Chợ Rã" "$@"
}

# sql QUERY: run a query on the test database with the sqlite3 shell.
# (a busy timeout: a capphat that has just exited may still be ending its
# checkpoint as the shell opens the file)
# On a server register (its address in $CAPPHAT_DB: CAPPHAT_TEST_STORE=server,
# tests/lib.sh), with psql as the tests' login, rows printed as sqlite3
# prints them ("a|b", NULL as nothing).
on_server() { case "$CAPPHAT_DB" in postgres*://* | service=*) return 0 ;; esac; return 1; }
sql() {
    if on_server; then
        psql -X -q -t -A -v ON_ERROR_STOP=1 "$CAPPHAT_DB" -c "$1"
    else
        sqlite3 -cmd ".timeout 5000" "$CAPPHAT_DB" "$1"
    fi
}

# hex_of COLUMN: SQL for the column's UTF-8 bytes in upper-case hex.
hex_of() {
    if on_server; then
        echo "upper(encode(convert_to($1, ${SQ}UTF8${SQ}), ${SQ}hex${SQ}))"
    else
        echo "hex($1)"
    fi
}

# dump: the whole database as SQL text, to compare before and after.
dump() {
    if on_server; then
        pg_dump --no-owner "$CAPPHAT_DB" 2>/dev/null |
            grep -v "^--\|^SET \|^SELECT pg_catalog\|^.restrict\|^.unrestrict"
    else
        sqlite3 "$CAPPHAT_DB" .dump
    fi
}

# last_line FILE TEXT: the last line of FILE is TEXT.
last_line() {
    _l=$(tail -1 "$1")
    test "$_l" = "$2" || { echo "last line: '$_l', wanted '$2'" >&2; return 1; }
}

# audit_count: number of audit entries.
audit_count() { sql "select count(*) from audit_log"; }

# field LABEL FILE: the value of "  Label:   value" in a show output.
field() { sed -n "s/^  $1: *//p" "$2"; }

# unchanged_after HASH: the main database file still has that sha256.
unchanged_after() {
    _now=$(db_hash)
    if [ "$_now" != "$1" ]; then
        echo "database changed: $1 -> $_now" >&2
        return 1
    fi
}

# A single quote, for messages that quote values inside test bodies:
#   one_line_error err "imei ${SQ}123${SQ} has 3 digits"
SQ="'"

# test_expect_code N COMMAND...: COMMAND exits with status N exactly.
test_expect_code() {
    _want=$1
    shift
    "$@"
    _got=$?
    if [ "$_got" != "$_want" ]; then
        echo "test_expect_code: expected exit $_want, got $_got: $*" >&2
        return 1
    fi
}

# drop_backup_lines FILE: remove what check says of the backups (the newest
# one and its age, or a warning) from FILE, leaving the problems it found.
drop_backup_lines() { sed -i "/^newest backup: /d; /^warning: .*backup/d" "$1"; }


# undo_step_12: SQL that sets a register back from schema step 12 (a
# device's status derived from its open handover): its guards dropped, a
# device handed over stored 'handed_over' again, and the status CHECK as
# the earlier steps wrote it. After the touch triggers are dropped.
undo_step_12() {
    echo "DROP TRIGGER device_held_in_stock; DROP TRIGGER handover_open_in_stock;
DROP TRIGGER handover_reopen_in_stock; DROP INDEX handover_closed;
PRAGMA ignore_check_constraints = ON;
UPDATE device SET status = ${SQ}handed_over${SQ}
  WHERE id IN (SELECT device_id FROM handover WHERE returned_on IS NULL);
PRAGMA ignore_check_constraints = OFF;
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, ${SQ}CHECK (status IN (${SQ}${SQ}in_stock${SQ}${SQ},${SQ}${SQ}repair${SQ}${SQ}${SQ},
  ${SQ}CHECK (status IN (${SQ}${SQ}in_stock${SQ}${SQ},${SQ}${SQ}handed_over${SQ}${SQ},${SQ}${SQ}repair${SQ}${SQ}${SQ})
  WHERE type = ${SQ}table${SQ} AND name = ${SQ}device${SQ};
PRAGMA writable_schema = OFF;"
}

# undo_step_14: SQL that sets a register back from schema step 14 (the
# return records: their numbers, counter, signatures and kept data).
undo_step_14() {
    echo "DROP TABLE return_print; DROP TABLE return_counter; DROP INDEX handover_return_no;
ALTER TABLE handover DROP COLUMN return_no; ALTER TABLE handover DROP COLUMN return_signed_on;
ALTER TABLE handover DROP COLUMN return_archive_ref;"
}

# undo_since_13: SQL that sets a register back from what schema steps 13
# on made (a handover's note and correction date; the return records; the
# date of a round's decision; the index of the persons of a village; the
# place of a return). Before undo_step_12.
undo_since_13() {
    echo "ALTER TABLE handover DROP COLUMN return_place;"
    echo "DROP INDEX person_village;"
    echo "ALTER TABLE round DROP COLUMN decision_date;"
    undo_step_14
    echo "ALTER TABLE handover DROP COLUMN note; ALTER TABLE handover DROP COLUMN corrected_on;"
}

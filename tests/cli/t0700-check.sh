#!/bin/sh
# capphat check: SQLite integrity, the hash chain of the audit log, and every
# row against its last audited state. Each tampering is done with the
# sqlite3 shell on a copy (dropping the append-only triggers where an
# attacker would) and check must exit 1 naming exactly that entry or row.
# store: file (it damages the file's pages and indexes with sqlite3)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# tamper SQL: a fresh copy t.db of the database with SQL applied to it.
tamper() {
    rm -f t.db t.db-wal t.db-shm &&
    capphat backup t.db >/dev/null &&
    sqlite3 t.db "$1"
}

# problems: the problem lines check printed (stdout), one per line.
check_fails() {
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    if [ "$1" = 1 ]; then
        one_line_error err "check failed: 1 problem (listed above)"
    else
        one_line_error err "check failed: $1 problems (listed above)"
    fi
}

# a new database logs its reference data first (units, ethnic groups,
# settings): the entries of this script come after the B entries of init
capphat init >/dev/null || exit 1
B=$(sqlite3 "$CAPPHAT_DB" "select max(id) from audit_log")
e() { echo $((B + $1)); }

test_expect_success 'setup: 3 persons, a device handed over (audit entries B+1 to B+6)' '
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    sql "select id, action, entity, entity_id from audit_log where id > $B" >log &&
    printf "%s\n" "$(e 1)|person.add|person|1" "$(e 2)|person.add|person|2" \
        "$(e 3)|person.add|person|3" "$(e 4)|device.add|device|1" "$(e 5)|handover|handover|1" \
        "$(e 6)|device.status|device|1" >expect &&
    test_cmp expect log &&
    test "$(sql "select count(*) from audit_log where id < $B and action = ${SQ}reference.load${SQ}")" = $((B - 1)) &&
    sql "select action || ${SQ} ${SQ} || after from audit_log where id = $B" | grep -qx "schema.create {\"to\":$(sql "pragma user_version"),\"register\":\"[0-9a-f]\{16\}\"}"
'

test_expect_success 'check passes on an untouched database and changes nothing' '
    h=$(db_hash) &&
    capphat check >out &&
    head -1 out | grep -x "ok: integrity check passed; audit chain of $(e 6) entries verified; [0-9]* rows match the log" &&
    grep -q "^newest backup: $TEST_DIR/backups/capphat-" out &&
    unchanged_after "$h"
'

test_expect_success 'check passes on a demo database' '
    capphat --db demo.db demo --persons 300 --seed 3 >/dev/null &&
    capphat --db demo.db check >out &&
    grep "^ok: integrity check passed; audit chain of [0-9]* entries verified" out
'

test_expect_success 'the audit log refuses UPDATE and DELETE while its triggers stand' '
    tamper "select 1" &&
    test_must_fail sqlite3 t.db "update audit_log set operator = ${SQ}x${SQ} where id = $(e 3)" 2>err &&
    grep "the audit log can only be appended to" err &&
    test_must_fail sqlite3 t.db "delete from audit_log where id = $(e 3)" 2>err &&
    grep "the audit log can only be appended to" err &&
    capphat --db t.db check
'

test_expect_success 'an edited audit entry is named: entry B+3; so is the dropped trigger' '
    tamper "drop trigger audit_no_update; update audit_log set operator = ${SQ}x${SQ} where id = $(e 3)" &&
    check_fails 2 &&
    grep -Fx "schema: trigger audit_no_update is missing (dropped behind capphat${SQ}s back: the records it guards may have been changed)" problems &&
    grep -F "audit entry $(e 3) (person.add person 3 at " problems &&
    grep -F "its content was altered (hash does not match)" problems
'

test_expect_success 'an edited after-image of entry B+2 is named, and person 2 no longer matches it' '
    tamper "drop trigger audit_no_update; update audit_log set after = replace(after, ${SQ}Hoàng Thị Bích${SQ}, ${SQ}Hoàng Thị Bich${SQ}) where id = $(e 2)" &&
    check_fails 3 &&
    grep -F "audit entry $(e 2) (person.add person 2 at " problems &&
    grep -Fx "person 2: differs from its last audited state (altered behind capphat${SQ}s back)" problems
'

test_expect_success 'a deleted audit entry is named: entry B+4 missing' '
    tamper "drop trigger audit_no_delete; delete from audit_log where id = $(e 4)" &&
    check_fails 4 &&
    grep -Fx "foreign key: row $(e 4) of table audit_seal refers to a missing row of audit_log" problems &&
    grep -Fx "schema: trigger audit_no_delete is missing (dropped behind capphat${SQ}s back: the records it guards may have been changed)" problems &&
    grep -Fx "audit entry $(e 5): out of order or missing entries (expected entry $(e 4) here)" problems &&
    grep -Fx "audit entry $(e 5): does not follow entry $(e 3) (previous hash differs): the chain is broken here" problems
'

test_expect_success 'two reordered audit entries are named: entries B+2 and B+3' '
    tamper "drop trigger audit_no_update;
            update audit_log set id = 100000 where id = $(e 2);
            update audit_log set id = $(e 2) where id = $(e 3);
            update audit_log set id = $(e 3) where id = 100000" &&
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    grep -F "audit entry $(e 2) (person.add person 3 at " problems &&
    grep -F "audit entry $(e 3) (person.add person 2 at " problems &&
    test "$(grep -c "^audit entry .*altered" problems)" = 2
'

test_expect_success 'an edited handover row is named: handover 1' '
    tamper "update handover set place = ${SQ}nơi khác${SQ} where id = 1" &&
    check_fails 1 &&
    grep -Fx "handover 1: differs from its last audited state (altered behind capphat${SQ}s back)" problems
'

test_expect_success 'an edited device row is named: device 1' '
    tamper "update device set model = ${SQ}iPhone${SQ} where id = 1" &&
    check_fails 1 &&
    grep -Fx "device 1: differs from its last audited state (altered behind capphat${SQ}s back)" problems
'

test_expect_success 'a deleted person row is named: person 3' '
    tamper "delete from person where id = 3" &&
    check_fails 1 &&
    grep -Fx "person 3: in the audit log but missing from the table (deleted)" problems
'

test_expect_success 'a person row inserted behind capphat'"'"'s back is named' '
    tamper "insert into person(full_name, name_fold, sort_key, gender, commune_id, created_at, updated_at)
            select ${SQ}Ma Văn Giả${SQ}, ${SQ}ma van gia${SQ}, x${SQ}00${SQ}, ${SQ}M${SQ}, commune_id, created_at, updated_at from person where id = 1" &&
    check_fails 1 &&
    grep -Fx "person 4: not in the audit log (written behind capphat${SQ}s back)" problems
'

test_expect_success 'a row pointing nowhere fails the foreign key check' '
    tamper "pragma foreign_keys = off; update handover set person_id = 77 where id = 1" &&
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    grep -F "foreign key: row 1 of table handover refers to a missing row of person" problems &&
    grep -F "handover 1: differs from its last audited state" problems
'

test_expect_success 'check does not write: the copy stays byte-identical' '
    tamper "update handover set place = ${SQ}x${SQ} where id = 1" &&
    h=$(sha256sum <t.db) &&
    test_must_fail capphat --db t.db check >/dev/null 2>&1 &&
    test "$(sha256sum <t.db)" = "$h"
'

# index_swap INDEX SQL: t.db with INDEX declared as SQL, its entries kept as
# they are (the file edited as an attacker or a damaged disk would)
index_swap() {
    tamper "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = ${SQ}$2${SQ} WHERE name = ${SQ}$1${SQ}"
}

test_expect_success 'an index declared on other columns than it holds: its table checked whole, the rows named' '
    index_swap device_imei "CREATE INDEX device_imei ON device(serial)" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep "^integrity: row [0-9]* missing from index device_imei" problems &&
    grep -x "schema: index device_imei differs from capphat${SQ}s (changed behind capphat${SQ}s back)" problems
'

test_expect_success 'two indexes with their pages swapped: both named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    a=$(sqlite3 t.db "SELECT rootpage FROM sqlite_schema WHERE name = ${SQ}person_birth${SQ}") &&
    b=$(sqlite3 t.db "SELECT rootpage FROM sqlite_schema WHERE name = ${SQ}person_commune${SQ}") &&
    sqlite3 t.db "PRAGMA writable_schema = ON;
        UPDATE sqlite_schema SET rootpage = $b WHERE name = ${SQ}person_birth${SQ};
        UPDATE sqlite_schema SET rootpage = $a WHERE name = ${SQ}person_commune${SQ}" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: index person_birth does not hold the rows of table person" problems &&
    grep -x "integrity: index person_commune does not hold the rows of table person" problems
'

test_expect_success 'an index declared unique that holds one key twice: named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    sqlite3 t.db "PRAGMA writable_schema = ON;
        UPDATE sqlite_schema SET sql = ${SQ}CREATE UNIQUE INDEX device_round ON device(round_id)${SQ}
        WHERE name = ${SQ}device_round${SQ}" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: non-unique entry in index device_round" problems
'

test_expect_success 'a partial index that no longer holds its rows: its table checked whole, the rows named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    sqlite3 t.db "PRAGMA writable_schema = ON;
        UPDATE sqlite_schema SET sql = ${SQ}CREATE UNIQUE INDEX handover_open_device ON handover(person_id) WHERE returned_on IS NULL${SQ}
        WHERE name = ${SQ}handover_open_device${SQ}" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep "^integrity: .*index handover_open_device" problems
'

test_expect_success 'check takes no arguments' '
    test_expect_code 2 capphat check extra 2>err &&
    one_line_error err "check takes no arguments"
'

# swap_cells FILE INDEX I J: cells I and J of the first leaf page of INDEX
# swapped in FILE's page (their cell pointers exchanged): the index holds
# the same entries, two of them out of order, as a damaged disk or an
# editor of the file would leave them; every b-tree stays well formed
swap_cells() {
    _pg=$(sqlite3 "$1" "SELECT pageno FROM dbstat WHERE name = ${SQ}$2${SQ} AND pagetype = ${SQ}leaf${SQ} ORDER BY pageno LIMIT 1") &&
    test -n "$_pg" &&
    $PYTHON - "$1" "$_pg" "$3" "$4" <<-EOF
	import struct, sys
	f, pg, i, j = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
	with open(f, "r+b") as fh:
	    fh.seek(16); ps = struct.unpack(">H", fh.read(2))[0]; ps = 65536 if ps == 1 else ps
	    hdr = (pg - 1) * ps + (100 if pg == 1 else 0)
	    fh.seek(hdr); assert fh.read(1)[0] == 10, "not an index leaf page"
	    a, b = hdr + 8 + 2 * i, hdr + 8 + 2 * j
	    fh.seek(a); pa = fh.read(2); fh.seek(b); pb = fh.read(2)
	    fh.seek(a); fh.write(pb); fh.seek(b); fh.write(pa)
	EOF
}

test_expect_success 'an index holding its entries out of order (two cells swapped): named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    swap_cells t.db device_imei 3 100 &&
    sqlite3 t.db "PRAGMA quick_check" | grep -x ok &&
    sqlite3 t.db "PRAGMA integrity_check" | grep "^row [0-9]* missing from index device_imei" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: index device_imei holds entries out of order" problems
'

test_expect_success 'the IMEI index out of order lets a second device take an IMEI: named' '
    # the copy written to is recorded apart, not in the record of demo.db
    export XDG_STATE_HOME=$TEST_DIR/state-imei &&
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    swap_cells t.db sqlite_autoindex_imei_1 2 120 &&
    lost=$(sqlite3 t.db "SELECT i.imei FROM imei i NOT INDEXED WHERE NOT EXISTS (SELECT 1 FROM imei j WHERE j.imei = i.imei) LIMIT 1") &&
    test -n "$lost" &&
    capphat --db t.db device add --imei $lost --model Dup --round 1 >/dev/null &&
    test "$(sqlite3 t.db "SELECT count(*) FROM device NOT INDEXED WHERE imei = ${SQ}$lost${SQ}")" = 2 &&
    sqlite3 t.db "PRAGMA integrity_check" | grep "sqlite_autoindex_imei_1" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: index sqlite_autoindex_imei_1 holds entries out of order" problems
'

test_expect_success 'a table without row ids holding its keys out of order: named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    swap_cells t.db touched 2 40 &&
    sqlite3 t.db "PRAGMA quick_check" | grep -x ok &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: table touched holds keys out of order or twice" problems
'

test_expect_success 'a unique index holding one key twice, out of order: named' '
    rm -f t.db* && capphat --db demo.db backup t.db >/dev/null &&
    sqlite3 t.db "PRAGMA writable_schema = ON;
        UPDATE sqlite_schema SET sql = ${SQ}CREATE TABLE backup (name TEXT, taken_at TEXT NOT NULL)${SQ} WHERE name = ${SQ}backup${SQ};
        UPDATE sqlite_schema SET name = ${SQ}backup_tmp${SQ}, sql = ${SQ}CREATE INDEX backup_tmp ON backup(name)${SQ}
        WHERE name = ${SQ}sqlite_autoindex_backup_1${SQ}" &&
    sqlite3 t.db "DELETE FROM backup; INSERT INTO backup VALUES (${SQ}a${SQ}, ${SQ}x${SQ}), (${SQ}b${SQ}, ${SQ}x${SQ}), (${SQ}a${SQ}, ${SQ}y${SQ})" &&
    sqlite3 t.db "PRAGMA writable_schema = ON;
        UPDATE sqlite_schema SET name = ${SQ}sqlite_autoindex_backup_1${SQ}, sql = NULL WHERE name = ${SQ}backup_tmp${SQ}" &&
    sqlite3 t.db "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = ${SQ}$(sqlite3 demo.db "SELECT sql FROM sqlite_schema WHERE name = ${SQ}backup${SQ}")${SQ} WHERE name = ${SQ}backup${SQ}" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: non-unique entry in index sqlite_autoindex_backup_1" problems &&
    swap_cells t.db sqlite_autoindex_backup_1 1 2 &&
    sqlite3 t.db "PRAGMA quick_check" | grep -x ok &&
    sqlite3 t.db "PRAGMA integrity_check" | grep -x "non-unique entry in index sqlite_autoindex_backup_1" &&
    test_expect_code 1 capphat --db t.db check --full >problems 2>err &&
    grep -x "integrity: index sqlite_autoindex_backup_1 holds entries out of order" problems
'

test_expect_success 'an added table whose name holds a newline: named, not an error' '
    tamper "CREATE TABLE \"zz
yy\"(a); CREATE INDEX nlidx ON \"zz
yy\"(a)" &&
    sqlite3 t.db "PRAGMA integrity_check" | grep -x ok &&
    check_fails 2 &&
    grep -x "schema: index nlidx is not capphat${SQ}s (added behind capphat${SQ}s back)" problems &&
    grep "^schema: table zz.*yy is not capphat${SQ}s" problems
'

test_done

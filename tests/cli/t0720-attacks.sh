#!/bin/sh
# The attacks of issue 13, run as an attacker with the database file and its
# folder would run them — on the office's real database, not on a copy —
# and each one refused, or detected by `capphat check` naming the exact
# entry or row; after each, the office restores its newest backup as the
# README says and check passes again.
#  1. a forging script (python3, SHA-256 exactly as audit_entry_hash) that
#     renames a person and back-dates a handover, each with a correctly
#     chained audit entry;
#  2. the same with seal rows copied from other entries, or invented;
#  3. the last handover cut off the log with its entries and seals, the
#     append-only triggers dropped and re-created exactly; the head file
#     deleted too;
#  4. the log re-chained from an earlier entry;
#  5. the database taken to another "machine" (another HOME: another office
#     key, or none), re-chained and sealed there by capphat, copied back;
#  6. units, ethnic groups and settings edited with sqlite3;
#  7. back-dated and overlapping handovers, signing before the handover and
#     a placeholder IMEI through the command line (t0410 has the detail).
#  8. the file set back to an older schema version, for capphat's upgrade
#     to seal forged entries or record edited rows;
#  9.-11. the heads kept outside the database forged, deleted or filled
#     with junk, the backups overwritten or a newer one planted;
# 12. a trigger hidden under a name SQLite keeps for itself;
# 13. the IMEI lookup table edited;
# 14. audit entries retyped so as to hide them from their records;
# 15. a device's registration date moved back.
# store: file (it forges the file with sqlite3 behind capphat's back)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# The office: its database and backups in one folder, its key in its HOME.
unset XDG_CONFIG_HOME
OFFICE=$TEST_DIR/office
export CAPPHAT_DB=$OFFICE/capphat.db
HEAD=$CAPPHAT_DB.head
mkdir -p "$OFFICE"

# forge.py DB ACTION ENTITY ID SQL: change a row with SQL, then append the
# audit entry capphat would have written for it, chained to the last one.
cat >"$TEST_DIR/forge.py" <<'EOF'
import hashlib, sqlite3, sys
db, action, entity, rid, change = sys.argv[1:6]
image = {"person": "json_object('id', id, 'full_name', full_name, 'gender', gender, 'birth_year', birth_year, 'ethnic_id', ethnic_id, 'commune_id', commune_id, 'village_id', village_id, 'id_number', id_number, 'id_kind', id_kind, 'phone', phone, 'role', role, 'decision', decision, 'note', note, 'active', active, 'recognised_on', recognised_on)",
         "handover": "json_object('id', id, 'receipt_no', receipt_no, 'device_id', device_id, 'person_id', person_id, 'round_id', round_id, 'handed_on', handed_on, 'place', place, 'officer', officer, 'predecessor_id', predecessor_id, 'returned_on', returned_on, 'return_reason', return_reason, 'return_decision', return_decision, 'return_note', return_note, 'signed_on', signed_on, 'archive_ref', archive_ref, 'note', note, 'corrected_on', corrected_on, 'return_no', return_no, 'return_signed_on', return_signed_on, 'return_archive_ref', return_archive_ref, 'return_place', return_place)"}[entity]
c = sqlite3.connect(db)
get = lambda: c.execute(f"SELECT {image} FROM {entity} WHERE id = ?", (rid,)).fetchone()[0]
before = get()
c.execute(change)
after = get()
last, prev = c.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
at = c.execute("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')").fetchone()[0]
fields = [prev, str(last + 1), at, "tester", action, entity, rid, "1", before, "1", after]
h = hashlib.sha256(b"".join(f.encode() + b"\0" for f in fields)).hexdigest()
c.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?)",
          (last + 1, at, "tester", action, entity, int(rid), before, after, prev, h))
c.commit()
EOF

# rechain.py DB FIRST OLD NEW: OLD becomes NEW in the person table and in
# every entry from FIRST on, whose hashes are all computed again.
cat >"$TEST_DIR/rechain.py" <<'EOF'
import hashlib, sqlite3, sys
db, first, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = sqlite3.connect(db)
c.execute("UPDATE person SET full_name = ? WHERE full_name = ?", (new, old))
prev = c.execute("SELECT hash FROM audit_log WHERE id = ?", (first - 1,)).fetchone()[0]
for i, at, op, act, ent, eid, bef, aft in c.execute(
        "SELECT id, at, operator, action, entity, entity_id, before, after FROM audit_log "
        "WHERE id >= ? ORDER BY id", (first,)).fetchall():
    bef, aft = [x.replace(old, new) if x is not None else None for x in (bef, aft)]
    f = [prev, str(i), at, op, act, ent, str(eid or 0), "0" if bef is None else "1", bef or "",
         "0" if aft is None else "1", aft or ""]
    prev = hashlib.sha256(b"".join(x.encode() + b"\0" for x in f)).hexdigest()
    c.execute("UPDATE audit_log SET before = ?, after = ?, prev_hash = ?, hash = ? WHERE id = ?",
              (bef, aft, f[0], prev, i))
c.commit()
EOF

forge() { "$PYTHON" "$TEST_DIR/forge.py" "$CAPPHAT_DB" "$@"; }

# The append-only triggers an attacker drops, and re-creates exactly.
GUARDS="audit_no_update audit_no_delete audit_seal_no_delete handover_no_delete"
drop_guards() { for t in $GUARDS; do echo "DROP TRIGGER $t;"; done; }
restore_guards() { sqlite3 "$CAPPHAT_DB" <"$TEST_DIR/guards.sql"; }

# reset: the office as it was after the setup, and this account's record
# of its register (test plumbing, not the office's restore: that is
# restore_backup).
REGISTERS=$XDG_STATE_HOME/capphat/registers
reset() {
    rm -rf "$OFFICE" "$REGISTERS" &&
    cp -a "$TEST_DIR/snapshot" "$OFFICE" && cp -a "$TEST_DIR/snapshot-registers" "$REGISTERS"
}

# restore_backup: the README's restore — capphat closed everywhere,
# `capphat restore` from the newest backup: the copy passes its check, the
# attacked register is kept aside whole, and check passes.
restore_backup() {
    capphat restore "$BACKUP" >restored &&
    grep -q "^ok: the restored register passes its check ($((BK + 1)) entries" restored &&
    grep -q "^the register it replaced .* is kept in $OFFICE/backups/replaced-" restored &&
    capphat check --full >checked &&
    grep -q "^ok: integrity check passed; audit chain of $((BK + 1)) entries verified" checked
}

# check_fails N: check exits 1 with N problems, listed in file problems.
check_fails() {
    test_expect_code 1 capphat check >problems 2>err &&
    if [ "$1" = 1 ]; then
        one_line_error err "check failed: 1 problem (listed above)"
    else
        one_line_error err "check failed: $1 problems (listed above)"
    fi
}

# cut_from FIRST: entries FIRST and after, their seals, the handovers they
# wrote (and their receipts) deleted, the phones put back in stock, as they
# were before; the guards are left dropped.
cut_from() {
    sqlite3 "$CAPPHAT_DB" "PRAGMA foreign_keys = off; $(drop_guards)
        DELETE FROM audit_seal WHERE id >= $1;
        DELETE FROM audit_log WHERE id >= $1;
        DELETE FROM receipt_print WHERE handover_id NOT IN
            (SELECT entity_id FROM audit_log WHERE entity = 'handover');
        DELETE FROM handover WHERE id NOT IN
            (SELECT entity_id FROM audit_log WHERE entity = 'handover');
        UPDATE device SET status = 'in_stock' WHERE status = 'handed_over' AND id NOT IN
            (SELECT device_id FROM handover WHERE returned_on IS NULL)"
}

# head_from_seal: a head file for the log's last entry, its seal copied
# from that entry's seal row (the same HMAC message).
head_from_seal() {
    sqlite3 "$CAPPHAT_DB" "SELECT 'capphat-head 1' UNION ALL
        SELECT 'head ' || a.id || ' ' || a.hash || ' ' || s.key_id || ' ' || s.mac
        FROM audit_log a JOIN audit_seal s USING (id) WHERE a.id = (SELECT max(id) FROM audit_log)" >"$HEAD"
}

YESTERDAY=$(date -d yesterday +%Y-%m-%dT%H:%M:%S)
test_expect_success 'setup: a register with a daily backup after the first handover, then a second handover' '
    CAPPHAT_NOW=$YESTERDAY capphat init >/dev/null &&
    capphat settings set head_name "Nông Văn Thật" >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F --village "Bản Nà" >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI2 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei $IMEI3 --model "Nokia 105" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat init >out &&
    grep -q "^daily backup: $OFFICE/backups/capphat-" out &&
    capphat handover --person 2 --imei $IMEI2 --date 2024-03-05 >/dev/null &&
    capphat check >out &&
    grep -q "^ok: integrity check passed" out &&
    test -s "$HEAD" &&
    ! grep -q warning out &&
    sqlite3 "$CAPPHAT_DB" "SELECT sql || ${SQ};${SQ} FROM sqlite_schema WHERE name IN
        ($(echo $GUARDS | sed "s/[a-z_]*/${SQ}&${SQ}/g; s/ /, /g"))" >"$TEST_DIR/guards.sql" &&
    test $(grep -c "^CREATE TRIGGER" "$TEST_DIR/guards.sql") = 4 &&
    cp -a "$OFFICE" "$TEST_DIR/snapshot" && cp -a "$REGISTERS" "$TEST_DIR/snapshot-registers"
'

# The register's landmarks: the newest backup (taken after the first
# handover, whose entry is E_H1; BK its last entry), the last entry L (the
# second handover's are BK+1..L), person 1's entry E_P1, the office's key.
BACKUP=$(ls "$OFFICE"/backups/capphat-2*.db | tail -1)
BK=$(sqlite3 "$BACKUP" "SELECT max(id) FROM audit_log")
L=$(sql "SELECT max(id) FROM audit_log")
E_H1=$(sql "SELECT id FROM audit_log WHERE entity = 'handover' AND entity_id = 1")
E_P1=$(sql "SELECT id FROM audit_log WHERE entity = 'person' AND entity_id = 1")
VILLAGE=$(sql "SELECT id FROM unit WHERE name = 'Bản Nà'")
TAY=$(sql "SELECT id FROM ethnic_group WHERE name = 'Tày'")
KEY=$(sql "SELECT key_id FROM audit_seal LIMIT 1")
CUT="entries were cut from its end"
REWRITTEN="the log was rewritten from that entry or before"
BEHIND="(altered behind capphat${SQ}s back)"

test_expect_success 'the landmarks: the backup holds the first handover, not the second' '
    test $BK = $((E_H1 + 1)) && test $L = $((BK + 2)) && test $E_P1 -lt $E_H1 &&
    test -n "$VILLAGE" && test -n "$TAY" && test ${#KEY} = 16
'

test_expect_success '1. a forged rename and a back-dated handover, correctly chained: both entries named, not sealed' '
    reset &&
    forge person.edit person 1 "UPDATE person SET full_name = ${SQ}Nguyễn Văn Ân${SQ} WHERE id = 1" &&
    forge handover.edit handover 2 "UPDATE handover SET handed_on = ${SQ}2023-07-01${SQ} WHERE id = 2" &&
    capphat person show 1 | grep -x "  Name: *Nguyễn Văn Ân" &&
    check_fails 2 &&
    grep -x "audit entry $((L + 1)) (person.edit by tester at [-0-9T:Z]*): not sealed — written by a program without this office${SQ}s key" problems &&
    grep -x "audit entry $((L + 2)) (handover.edit by tester at [-0-9T:Z]*): not sealed — written by a program without this office${SQ}s key" problems &&
    restore_backup &&
    capphat person show 1 | grep -x "  Name: *Nguyễn Văn An"
'

test_expect_success '2. the forger copies seal rows or invents them: each forged entry named' '
    reset &&
    forge person.edit person 1 "UPDATE person SET full_name = ${SQ}Nguyễn Văn Ân${SQ} WHERE id = 1" &&
    forge handover.edit handover 2 "UPDATE handover SET handed_on = ${SQ}2023-07-01${SQ} WHERE id = 2" &&
    forge person.edit person 2 "UPDATE person SET full_name = ${SQ}Hoàng Thị Bích Giả${SQ} WHERE id = 2" &&
    sql "INSERT INTO audit_seal SELECT $((L + 1)), key_id, mac FROM audit_seal WHERE id = $L;
         INSERT INTO audit_seal VALUES ($((L + 2)), ${SQ}$KEY${SQ}, ${SQ}$(printf %064d 7)${SQ});
         INSERT INTO audit_seal VALUES ($((L + 3)), ${SQ}0123456789abcdef${SQ}, ${SQ}$(printf %064d 7)${SQ})" &&
    check_fails 3 &&
    grep -x "audit entry $((L + 1)) (person.edit by tester at [-0-9T:Z]*): its seal does not verify" problems &&
    grep -x "audit entry $((L + 2)) (handover.edit by tester at [-0-9T:Z]*): its seal does not verify" problems &&
    grep -x "audit entry $((L + 3)) (person.edit by tester at [-0-9T:Z]*): sealed with another key (0123456789abcdef), not this office${SQ}s ($KEY)" problems &&
    restore_backup
'

test_expect_success '3. the last handover cut off, the guards dropped: init refuses, check names the triggers' '
    reset &&
    cut_from $((BK + 1)) &&
    test "$(sql "SELECT count(*) FROM handover")" = 1 &&
    test_must_fail capphat init 2>err &&
    one_line_error err "is not as capphat made it (trigger audit_no_delete is missing, and more)" &&
    check_fails 6 &&
    for t in $GUARDS; do
        grep -Fx "schema: trigger $t is missing (dropped behind capphat${SQ}s back: the records it guards may have been changed)" problems || return 1
    done
'

test_expect_success '3. ... and re-created exactly as they were: the head file names the entry cut' '
    restore_guards &&
    check_fails 2 &&
    grep -Fx "audit log: entry $L, recorded in the head file ${SQ}$HEAD${SQ}, is not in it: $CUT" problems &&
    grep "^note: a database put back by copying a backup over it looks so too; restore a backup with ${SQ}capphat restore BACKUP.db${SQ}" problems &&
    grep -x "audit log: entry $L, recorded in this account${SQ}s record of the register ${SQ}$REGISTERS/[0-9a-f]*\.head${SQ}, is not in it: $CUT" problems &&
    restore_backup
'

test_expect_success '3. the head file deleted too: this account'"'"'s record and the newest backup catch a cut below it' '
    reset &&
    cut_from $E_H1 && restore_guards && rm "$HEAD" &&
    test "$(sql "SELECT count(*) FROM handover")" = 0 &&
    check_fails 2 &&
    grep -Fx "audit log: entry $BK, recorded in the backup ${SQ}$BACKUP${SQ}, is not in it: $CUT" problems &&
    grep -x "audit log: entry $L, recorded in this account${SQ}s record of the register ${SQ}$REGISTERS/[0-9a-f]*\.head${SQ}, is not in it: $CUT" problems &&
    grep -Fx "warning: no head file ($HEAD): the end of the log was checked against this account${SQ}s record of the register; capphat makes the file again at the next change" problems &&
    restore_backup
'

test_expect_success '3. ... checked from an account that never wrote the register: the newest backup catches it, and check warns' '
    reset &&
    cut_from $E_H1 && restore_guards && rm "$HEAD" &&
    XDG_STATE_HOME=$TEST_DIR/elsewhere capphat check >problems 2>err; test $? = 1 &&
    one_line_error err "check failed: 1 problem (listed above)" &&
    grep -Fx "audit log: entry $BK, recorded in the backup ${SQ}$BACKUP${SQ}, is not in it: $CUT" problems &&
    grep -Fx "warning: no head file ($HEAD), and no record of this register in this account: the end of the log is checked only against the backups; capphat makes them again at the next change" problems &&
    restore_backup
'

test_expect_success '4. the log re-chained from person 1'"'"'s entry, guards dropped and restored: seals, head and backup named' '
    reset &&
    sql "$(drop_guards)" &&
    "$PYTHON" "$TEST_DIR/rechain.py" "$CAPPHAT_DB" $E_P1 "Nguyễn Văn An" "Nguyễn Văn Ân" &&
    restore_guards &&
    check_fails 9 &&
    for i in 0 1 2 3 4; do
        grep -x "audit entry $((E_P1 + i)) ([a-z.]* by tester at [-0-9T:Z]*): its seal does not verify" problems || return 1
    done &&
    grep -Fx "... and $((L - E_P1 + 1 - 5)) more entries whose seal does not verify" problems &&
    grep -Fx "audit log: entry $L differs from the one recorded in the head file ${SQ}$HEAD${SQ}: $REWRITTEN" problems &&
    grep -x "audit log: entry $L differs from the one recorded in this account${SQ}s record of the register ${SQ}$REGISTERS/[0-9a-f]*\.head${SQ}: $REWRITTEN" problems &&
    grep -Fx "audit log: entry $BK differs from the one recorded in the backup ${SQ}$BACKUP${SQ}: $REWRITTEN" problems &&
    ! grep "altered\|person 1" problems &&
    restore_backup
'

OTHER=$TEST_DIR/other
test_expect_success '5. re-chained on another machine (init there makes no key for it), its seals dropped, sealed there by capphat, copied back: another key named' '
    reset && rm -rf "$OTHER" && mkdir -p "$OTHER/home" &&
    cp "$CAPPHAT_DB" "$OTHER/capphat.db" &&
    sqlite3 "$OTHER/capphat.db" "$(drop_guards) DELETE FROM audit_seal WHERE id >= $E_P1" &&
    "$PYTHON" "$TEST_DIR/rechain.py" "$OTHER/capphat.db" $E_P1 "Nguyễn Văn An" "Nguyễn Văn Ân" &&
    sqlite3 "$OTHER/capphat.db" <"$TEST_DIR/guards.sql" &&
    test_must_fail env HOME=$OTHER/home XDG_STATE_HOME=$OTHER/state "$CAPPHAT_BIN" --db "$OTHER/capphat.db" init >out 2>err &&
    grep -F "the register is sealed with the office key $KEY, which is not on this computer" err &&
    test ! -e "$OTHER/home/.config/capphat/office.key" &&
    sqlite3 "$OTHER/capphat.db" "DROP TRIGGER audit_seal_no_delete; DELETE FROM audit_seal;
        $(grep -A2 "audit_seal_no_delete" "$TEST_DIR/guards.sql")" &&
    HOME=$OTHER/home XDG_STATE_HOME=$OTHER/state capphat --db "$OTHER/capphat.db" init >out &&
    grep -q "^office key made: $OTHER/home/.config/capphat/office.key" out &&
    HOME=$OTHER/home XDG_STATE_HOME=$OTHER/state capphat --db "$OTHER/capphat.db" person edit 2 --phone 0912345678 >/dev/null &&
    other=$(sqlite3 "$OTHER/capphat.db" "SELECT key_id FROM audit_seal WHERE id = $E_P1") &&
    test -n "$other" && test "$other" != "$KEY" &&
    rm -f "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm" && cp "$OTHER/capphat.db" "$CAPPHAT_DB" &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -x "audit entry 1 (reference.load by tester at [-0-9T:Z]*): sealed with another key ($other), not this office${SQ}s ($KEY)" problems &&
    grep -Fx "... and $((L + 1 - 5)) more entries sealed with another key" problems &&
    grep -Fx "audit log: entry $L differs from the one recorded in the head file ${SQ}$HEAD${SQ}: $REWRITTEN" problems &&
    cp "$OTHER/capphat.db.head" "$HEAD" &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -x "audit entry 1 (reference.load by tester at [-0-9T:Z]*): sealed with another key ($other), not this office${SQ}s ($KEY)" problems &&
    ! grep "recorded in the head file" problems &&
    grep -Fx "head file ${SQ}$HEAD${SQ}: sealed with another key ($other), not this office${SQ}s ($KEY)" problems &&
    sed -i "s/ $other / $KEY /" "$HEAD" &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -Fx "head file ${SQ}$HEAD${SQ}: its seal does not verify (edited behind capphat${SQ}s back)" problems &&
    restore_backup
'

test_expect_success '5. edited on a machine without a key, copied back: the new entry is named, not sealed' '
    reset && rm -rf "$OTHER" && mkdir -p "$OTHER/home" &&
    cp "$CAPPHAT_DB" "$OTHER/capphat.db" &&
    HOME=$OTHER/home XDG_STATE_HOME=$OTHER/state capphat --db "$OTHER/capphat.db" person edit 1 --name "Nguyễn Văn Ân" >/dev/null &&
    test ! -e "$OTHER/home/.config/capphat/office.key" &&
    rm -f "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm" && cp "$OTHER/capphat.db" "$CAPPHAT_DB" &&
    check_fails 1 &&
    grep -x "audit entry $((L + 1)) (person.edit by tester at [-0-9T:Z]*): not sealed — written by a program without this office${SQ}s key" problems &&
    restore_backup
'

test_expect_success '6. a village renamed, an ethnic group renamed, the signer changed with sqlite3: each named' '
    reset &&
    sql "UPDATE unit SET name = ${SQ}Bản Nà Mới${SQ} WHERE id = $VILLAGE;
         UPDATE ethnic_group SET name = ${SQ}Tai${SQ} WHERE id = $TAY;
         UPDATE setting SET value = ${SQ}Trần Văn Giả${SQ} WHERE key = ${SQ}head_name${SQ}" &&
    capphat person show 2 | grep -x "  Village: *Bản Nà Mới" &&
    check_fails 3 &&
    grep -Fx "unit $VILLAGE: differs from its last audited state $BEHIND" problems &&
    grep -Fx "ethnic_group $TAY: differs from its last audited state $BEHIND" problems &&
    grep -Fx "setting: differs from its last audited state $BEHIND" problems &&
    restore_backup &&
    capphat person show 2 | grep -x "  Village: *Bản Nà" &&
    capphat settings | grep -x "head_name	Nông Văn Thật"
'

test_expect_success '7. back-dated and overlapping handovers, signing before the handover, a placeholder IMEI: refused' '
    reset &&
    capphat return --imei $IMEI1 --reason replaced --date 2024-06-01 >/dev/null &&
    capphat device add --delivered 2024-01-02 --imei $IMEI4 --model "Nokia 105" >/dev/null &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI4 --date 2024-01-01 2>err &&
    one_line_error err "handover date 01/01/2024 is before imei $IMEI4 was delivered (02/01/2024)" &&
    test_must_fail capphat handover --person 3 --imei $IMEI3 --date 2024-01-01 2>err &&
    one_line_error err "before imei $IMEI3 was registered" &&
    test_must_fail capphat handover --person 3 --imei $IMEI1 --date 2024-04-01 2>err &&
    one_line_error err "would overlap that; date it on or after 01/06/2024" &&
    test_must_fail capphat receipt signed 02/BB-BDT --date 2024-03-04 2>err &&
    one_line_error err "signed date 04/03/2024 is before the handover of receipt 02/BB-BDT (05/03/2024)" &&
    test_must_fail capphat device add --imei 000000000000000 --model X 2>err &&
    one_line_error err "is a placeholder" &&
    unchanged_after "$h" &&
    test_must_fail sql "INSERT INTO handover(receipt_no, device_id, person_id, handed_on, created_at)
        VALUES (${SQ}99/BB-BDT${SQ}, 1, 3, ${SQ}2024-04-01${SQ}, ${SQ}2024-04-01${SQ})" 2>err &&
    grep -q "the custody periods of a device overlap" err &&
    unchanged_after "$h"
'

# 8. The file set back to an older schema version, so that capphat's own
# upgrade seals a forged entry (step 8 seals what has no seal) or records
# rows edited with sqlite3 as audited (step 7's baseline): the log records
# the version capphat brought the file to, and the head files exist, so the
# upgrade is refused and nothing is written.
test_expect_success '8. a forged entry, the seals dropped, the file set back to schema 7: not upgraded, not sealed' '
    reset &&
    forge person.edit person 1 "UPDATE person SET full_name = ${SQ}Nguyễn Văn Ân${SQ} WHERE id = 1" &&
    sql "DROP TRIGGER audit_seal_no_update; DROP TRIGGER audit_seal_no_delete; DROP TABLE audit_seal;
         PRAGMA user_version = 7" &&
    h=$(db_hash) &&
    test_must_fail capphat person list 2>err &&
    one_line_error err "says it is of version 7, but its log records that capphat brought it to version" &&
    test_must_fail capphat init 2>err &&
    grep -F "it was set back behind capphat${SQ}s back, and is not upgraded; restore a backup (capphat restore)" err &&
    unchanged_after "$h" &&
    test_must_fail capphat check 2>err &&
    grep -F "needs an upgrade (version 7 to" err &&
    restore_backup
'

test_expect_success '8. ... and with the log'"'"'s record of its versions cut too: the head files refuse it' '
    reset &&
    sql "$(drop_guards) DELETE FROM audit_log WHERE entity = ${SQ}schema${SQ}" &&
    restore_guards &&
    sql "DROP TRIGGER audit_seal_no_update; DROP TRIGGER audit_seal_no_delete; DROP TABLE audit_seal;
         PRAGMA user_version = 7" &&
    h=$(db_hash) &&
    test_must_fail capphat person list 2>err &&
    one_line_error err "says it is of version 7, but capphat sealed it before (see ${SQ}$HEAD${SQ})" &&
    rm "$HEAD" &&
    test_must_fail capphat person list 2>err &&
    one_line_error err "says it is of version 7, but capphat sealed it before (see ${SQ}$REGISTERS/" &&
    unchanged_after "$h" &&
    restore_backup
'

test_expect_success '8. a village and the signer edited, the file set back to schema 6: init records nothing' '
    reset &&
    sql "UPDATE unit SET name = ${SQ}Bản Nà Mới${SQ} WHERE id = $VILLAGE;
         UPDATE setting SET value = ${SQ}Trần Văn Giả${SQ} WHERE key = ${SQ}head_name${SQ}" &&
    sql "$(sql "SELECT ${SQ}DROP TRIGGER ${SQ} || name || ${SQ};${SQ} FROM sqlite_schema WHERE type = ${SQ}trigger${SQ}
                AND (name LIKE ${SQ}touch%${SQ} OR name LIKE ${SQ}audit_seal%${SQ})")
         DROP TABLE touched; DROP TABLE audit_seal; PRAGMA user_version = 6" &&
    h=$(db_hash) &&
    test_must_fail capphat init 2>err &&
    one_line_error err "says it is of version 6, but its log records that capphat brought it to version" &&
    unchanged_after "$h" &&
    test "$(sql "SELECT count(*) FROM audit_log WHERE action = ${SQ}upgrade.baseline${SQ}")" = 0 &&
    restore_backup
'

# 9. The head file forged from a seal row: a head line is sealed with its
# own message ("capphat-head 1|head|N|HASH"), so an entry's seal copied into
# it does not verify — and this account's record names the cut anyway.
test_expect_success '9. the last handover cut, a head file made from the last seal row: both heads named' '
    reset &&
    cut_from $((BK + 1)) && restore_guards && head_from_seal &&
    check_fails 2 &&
    grep -Fx "head file ${SQ}$HEAD${SQ}: its seal does not verify (edited behind capphat${SQ}s back)" problems &&
    grep -x "audit log: entry $L, recorded in this account${SQ}s record of the register ${SQ}$REGISTERS/[0-9a-f]*\.head${SQ}, is not in it: $CUT" problems &&
    restore_backup
'

# 10. The head file deleted, or filled with junk, and then the office works
# on (two changes: the log gets an entry L again, another one): capphat
# writes no head for a log that no longer holds the heads it recorded, so
# this account's record still names entry L after the office's changes;
# the junk is never replaced.
test_expect_success '10. the last handover cut, the head file deleted or junk: still named after the office'"'"'s next change' '
    for how in deleted junk; do
        reset &&
        cut_from $((BK + 1)) && restore_guards &&
        if [ $how = deleted ]; then rm "$HEAD"; else echo junk >"$HEAD"; fi &&
        capphat person edit 3 --phone 0912345678 >/dev/null &&
        capphat person edit 3 --phone 0912345679 >/dev/null &&
        if [ $how = deleted ]; then test ! -e "$HEAD"; else test "$(cat "$HEAD")" = junk; fi &&
        test_expect_code 1 capphat check >problems 2>err &&
        grep -x "audit log: entry $L differs from the one recorded in this account${SQ}s record of the register ${SQ}$REGISTERS/[0-9a-f]*\.head${SQ}: $REWRITTEN" problems &&
        if [ $how = junk ]; then
            grep -Fx "the head file ${SQ}$HEAD${SQ} is not one capphat wrote (edited behind its back)" problems
        fi &&
        restore_backup || return 1
    done
'

# 11. The backups: every backup of the register in the backups folder is
# compared with the log, not only the newest; a file under a backup's name
# that is not a copy capphat can read is named.
test_expect_success '11. both handovers cut, head files gone, the newest backup overwritten with junk: named' '
    reset &&
    cut_from $E_H1 && restore_guards && rm "$HEAD" && rm -r "$REGISTERS" &&
    printf "not a database" >"$BACKUP" &&
    check_fails 1 &&
    grep -Fx "backup ${SQ}$BACKUP${SQ}: not a copy of the register capphat can read (not an SQLite database): overwritten or planted behind capphat${SQ}s back" problems &&
    reset && restore_backup
'

test_expect_success '11. both handovers cut, head files gone, a copy of the cut file planted as a newer backup: the real one names the cut' '
    reset &&
    cut_from $E_H1 && restore_guards && rm "$HEAD" && rm -r "$REGISTERS" &&
    planted=$OFFICE/backups/capphat-$(date -d tomorrow +%Y%m%d)-000000.db &&
    (umask 077 && sql "VACUUM INTO ${SQ}$planted${SQ}") &&
    check_fails 1 &&
    grep -Fx "audit log: entry $BK, recorded in the backup ${SQ}$BACKUP${SQ}, is not in it: $CUT" problems &&
    restore_backup
'

# 12. A trigger hidden under a name SQLite keeps for itself: the schema
# comparison takes in SQLite's own objects too, so the file is refused at
# its first write (the handover is not recorded) and check names it.
test_expect_success '12. a trigger hidden under a sqlite_ name: the handover refused, check names the trigger' '
    reset &&
    sql "PRAGMA writable_schema = ON;
         INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) VALUES
         (${SQ}trigger${SQ}, ${SQ}sqlite_autoindex_handover_9${SQ}, ${SQ}handover${SQ}, 0,
          ${SQ}CREATE TRIGGER sqlite_autoindex_handover_9 AFTER INSERT ON handover BEGIN UPDATE handover SET handed_on = ${SQ}${SQ}2023-07-01${SQ}${SQ} WHERE id = NEW.id; END${SQ})" &&
    h=$(db_hash) &&
    test_must_fail capphat handover --person 3 --imei $IMEI3 2>err &&
    one_line_error err "is not as capphat made it (trigger sqlite_autoindex_handover_9 is not capphat${SQ}s)" &&
    unchanged_after "$h" &&
    check_fails 1 &&
    grep -Fx "schema: trigger sqlite_autoindex_handover_9 is not capphat${SQ}s (added behind capphat${SQ}s back)" problems &&
    restore_backup
'

# 13. The IMEI lookup table, by which every command finds a phone: compared
# whole with the devices it is made from.
test_expect_success '13. two IMEIs swapped in the lookup table: each row named' '
    reset &&
    sql "DELETE FROM imei WHERE device_id IN (1, 2);
         INSERT INTO imei VALUES (${SQ}$IMEI1${SQ}, 2, 1), (${SQ}$IMEI2${SQ}, 1, 1)" &&
    capphat device show $IMEI1 | grep -x "  IMEI: *$IMEI2" &&
    check_fails 4 &&
    grep -Fx "imei $IMEI2: the lookup table gives it to device 1 (slot 1), which does not bear it (written behind capphat${SQ}s back: commands would find the wrong phone)" problems &&
    grep -Fx "imei $IMEI1 of device 1: missing from the lookup table (deleted behind capphat${SQ}s back: commands would not find the phone)" problems &&
    restore_backup &&
    capphat device show $IMEI1 | grep -x "  IMEI: *$IMEI1"
'

# 14. Audit entries retyped: a field stored otherwise than capphat writes it
# keeps its hash (the hash reads text) but hides the entry from its record.
# (Reopening the handover is enough to undo a return: the device's status
# is derived from it since schema step 12.)
test_expect_success '14. the entries of a return retyped (a BLOB, a NUL byte), the return undone: entries and handover named' '
    reset &&
    capphat return --imei $IMEI2 --reason died --date 2024-11-01 >/dev/null &&
    sql "$(drop_guards)
         UPDATE audit_log SET entity = CAST(entity AS BLOB) WHERE id = $((L + 1));
         UPDATE audit_log SET entity = CAST(CAST(entity AS BLOB) || x${SQ}00${SQ} AS TEXT) WHERE id = $((L + 2));
         UPDATE handover SET returned_on = NULL, return_reason = NULL WHERE id = 2" &&
    restore_guards &&
    test "$(sql "SELECT count(*) FROM handover WHERE returned_on IS NULL")" = 2 &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -Fx "audit entry $((L + 1)): its field entity is not stored as capphat writes it (retyped behind capphat${SQ}s back, which hides the entry from the record it is about)" problems &&
    grep -Fx "audit entry $((L + 2)): its field entity is not stored as capphat writes it (retyped behind capphat${SQ}s back, which hides the entry from the record it is about)" problems &&
    restore_backup
'

test_expect_success '14. the signer changed with capphat, its entry'"'"'s entity_id made 0, the old name put back: named' '
    reset &&
    capphat settings set head_name "Đinh Văn Mới" >/dev/null &&
    sql "$(drop_guards)
         UPDATE audit_log SET entity_id = 0 WHERE id = $((L + 1));
         UPDATE setting SET value = ${SQ}Nông Văn Thật${SQ} WHERE key = ${SQ}head_name${SQ}" &&
    restore_guards &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -Fx "audit entry $((L + 1)): its field entity_id is not stored as capphat writes it (retyped behind capphat${SQ}s back, which hides the entry from the record it is about)" problems &&
    restore_backup
'

# 15. A device's registration date, which bounds the date of its first
# handover, is in the device's audited image (schema step 10).
test_expect_success '15. a phone'"'"'s registration date moved back with sqlite3: the device named' '
    reset &&
    sql "UPDATE device SET created_at = ${SQ}2020-01-01T00:00:00Z${SQ} WHERE id = 3" &&
    check_fails 1 &&
    grep -Fx "device 3: differs from its last audited state $BEHIND" problems &&
    restore_backup
'

# 16. A setting edited with sqlite3 and a unit succession deleted, so that
# capphat loads its reference data again at the next open: the load puts
# the succession back, and records only what it added — the edited setting
# is not made audited.
test_expect_success '16. the signer edited and a succession deleted, for the reference load to record them: the signer named' '
    reset &&
    sql "UPDATE setting SET value = ${SQ}Trần Văn Giả${SQ} WHERE key = ${SQ}head_name${SQ};
         DELETE FROM unit_successor WHERE rowid = (SELECT min(rowid) FROM unit_successor)" &&
    n_succ=$(sql "SELECT count(*) FROM unit_successor") &&
    capphat person list >/dev/null &&
    test "$(sql "SELECT count(*) FROM unit_successor")" = $((n_succ + 1)) &&
    test "$(sql "SELECT count(*) FROM audit_log WHERE id > $L AND entity = ${SQ}setting${SQ}")" = 0 &&
    check_fails 1 &&
    grep -Fx "setting: differs from its last audited state $BEHIND" problems &&
    restore_backup
'

test_done

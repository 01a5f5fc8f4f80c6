#!/bin/sh
# Upgrading a schema version 1 database (capphat before the search
# indexes): opening it for writing adds step 2 (person_word, the trigram
# index, the list indexes) and the later steps (step 4: the trigram index
# without the citizen ID) from the rows already there, after a backup; the
# search then finds exactly what it found before, and check passes. A
# version 3 database (trigram index of the name, citizen ID and phone) is
# upgraded by step 4: afterwards no part of a citizen ID finds its person.
#
# The version 1 file is made from a current one by undoing the steps in
# SQL; the result has, object for object, the sqlite_schema of a database
# made by the version 1 program (compared when this test was written, with
# the program built from the commit before step 2). The version 3 file is
# made by undoing step 4: its person_tri and triggers are those of step 2,
# word for word.
# store: file (it sets a register file back to older versions with sqlite3)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# the find queries compared before and after: names, a word, a substring
# of 3+ characters, digits, a two-word text, nothing
QUERIES="van thi nguyen ang 09 0912 hoang_van lo zzqx h"

find_all() {
    for q in $QUERIES; do
        echo "== $q"
        capphat find persons "$(echo "$q" | tr _ " ")" --limit 30 || return 1
    done
}

# what the steps after 4 made (the custody triggers of step 5, the record
# versions of step 6, the touched records of step 7, the seals of step 8,
# the recognition date of step 11, the status of step 12, the handover's
# note and correction of step 13, the village index of step 16),
# undone in the older files below with the unit indexes of step 9; the head
# file, this account's record of the register and the backups of this
# program go too (an older one made no head, and its backups held its own log)
undo_later() {
    rm -rf "$CAPPHAT_DB.head" "$XDG_STATE_HOME/capphat/registers" "$TEST_DIR/backups"
    sqlite3 "$CAPPHAT_DB" "select ${SQ}DROP TRIGGER ${SQ} || name || ${SQ};${SQ} from sqlite_schema
        where type = ${SQ}trigger${SQ} and name like ${SQ}touch${SQ} || ${SQ}_%${SQ}"
    undo_since_13
    undo_step_12
    echo "DROP TABLE audit_seal; DROP TABLE touched;
DROP TRIGGER handover_custody_insert; DROP TRIGGER handover_custody_update;
ALTER TABLE person DROP COLUMN version; ALTER TABLE device DROP COLUMN version;
ALTER TABLE handover DROP COLUMN version; ALTER TABLE person DROP COLUMN recognised_on;"
}

# the unit indexes before step 9, as step 1 made them
V4_UNITS="DROP INDEX unit_successor_new; DROP INDEX unit_code;
CREATE UNIQUE INDEX unit_code ON unit(level, code, valid_from) WHERE code IS NOT NULL;"

# the schema version this program writes
V=$(capphat init >/dev/null && sqlite3 "$CAPPHAT_DB" "pragma user_version") &&
    rm -rf "$CAPPHAT_DB"* "$TEST_DIR/backups" ||
    exit 1

test_expect_success 'setup: a demo database, its search results, then made version 1' '
    capphat demo --persons 400 --seed 3 >/dev/null &&
    find_all >before &&
    test "$(grep -c "^[0-9]" before)" -gt 100 &&
    sql "select imei from device d where status = ${SQ}in_stock${SQ} and not exists (select 1
         from handover h where h.device_id = d.id and h.returned_on is null) limit 2" >spare &&
    capphat device status "$(sed -n 1p spare)" lost >/dev/null &&
    capphat device status "$(sed -n 2p spare)" written_off >/dev/null &&
    capphat device list >devices-before &&
    for s in handed_over in_stock repair lost written_off; do
        grep -q "$(printf "\t%s\t" $s)" devices-before || return 1
    done &&
    capphat check >/dev/null &&
    sqlite3 "$CAPPHAT_DB" "
        DROP TRIGGER person_word_insert; DROP TRIGGER person_word_update;
        DROP TRIGGER person_word_delete; DROP TABLE person_word;
        DROP TRIGGER person_tri_insert; DROP TRIGGER person_tri_update;
        DROP TRIGGER person_tri_delete; DROP TABLE person_tri;
        DROP INDEX person_same; DROP INDEX person_birth; DROP INDEX person_sort;
        DROP INDEX device_imei; DROP INDEX device_status; DROP TABLE backup; $(undo_later)
        CREATE INDEX person_sort ON person(sort_key);
        CREATE INDEX person_fold ON person(name_fold);
        CREATE INDEX device_status ON device(status);
        $V4_UNITS
        PRAGMA user_version = 1;" &&
    "$PYTHON" "$SRC_DIR/tests/cli/old-log.py" "$CAPPHAT_DB" schema &&
    test "$(sql "pragma user_version")" = 1 &&
    test "$(sql "select count(*) from device where status = ${SQ}handed_over${SQ}")" -gt 100 &&
    test "$(sql "select count(*) from sqlite_schema where name like ${SQ}person_%${SQ}")" = 3
'

test_expect_success 'a read-only command refuses a version 1 file and leaves it alone' '
    h=$(db_hash) &&
    test_must_fail capphat check 2>err &&
    grep -F "needs an upgrade (version 1 to $V)" err &&
    unchanged_after "$h"
'

test_expect_success 'init upgrades it to the current version after a backup of version 1' '
    capphat init >out &&
    grep -F "upgraded $CAPPHAT_DB to schema version $V (backup: $TEST_DIR/backups/capphat-before-v1-" out &&
    test "$(sql "pragma user_version")" = $V &&
    bak=$(sed -n "s/.*(backup: \(.*\))$/\1/p" out) &&
    test "$(sqlite3 "$bak" "pragma user_version")" = 1 &&
    test "$(sql "select count(*) from person_word where pos = 0")" = 400 &&
    test "$(sql "select count(*) from person_tri_docsize")" = 400 &&
    sql "pragma index_list(person)" >indexes &&
    grep -w person_same indexes && grep -w person_birth indexes &&
    ! grep -w person_fold indexes
'

test_expect_success 'the upgraded file searches exactly as before' '
    find_all >after &&
    test_cmp before after
'

test_expect_success 'check passes on the upgraded file' '
    capphat check >out &&
    grep "^ok: " out
'

test_expect_success 'the upgraded file reads each device as before: handed over while its handover is open' '
    capphat device list >devices-after &&
    test_cmp devices-before devices-after &&
    test "$(sql "select count(*) from device where status = ${SQ}handed_over${SQ}")" = 0 &&
    test "$(sql "select count(*) from device d where status = ${SQ}in_stock${SQ} and exists (select 1
         from handover h where h.device_id = d.id and h.returned_on is null)")" -gt 100 &&
    capphat check >/dev/null
'

test_expect_success 'persons added and renamed after the upgrade are found' '
    add_person "Xyzzy Thị Quơn" >/dev/null &&
    capphat find persons quon >out &&
    test "$(tail -n +2 out | cut -f2)" = "Xyzzy Thị Quơn" &&
    capphat find persons yzz >out &&
    test "$(tail -n +2 out | wc -l)" = 1 &&
    id=$(tail -n +2 out | cut -f1) &&
    capphat person edit "$id" --name "Hoàng Thị Quơn" >/dev/null &&
    capphat find persons yzz >out &&
    test "$(tail -n +2 out | wc -l)" = 0 &&
    capphat find persons "hoang thi quon" >out &&
    test "$(sed -n 2p out | cut -f1)" = "$id" &&
    capphat check >/dev/null
'

# the objects of step 2 that step 4 replaced, as step 2 made them
V3_TRI="$V4_UNITS

DROP TRIGGER person_tri_insert; DROP TRIGGER person_tri_update; DROP TRIGGER person_tri_delete;
DROP TABLE person_tri;
CREATE VIRTUAL TABLE person_tri USING fts5(name_fold, id_number, phone, content='person',
  content_rowid='id', tokenize='trigram case_sensitive 1');
INSERT INTO person_tri(person_tri) VALUES ('rebuild');
CREATE TRIGGER person_tri_insert AFTER INSERT ON person BEGIN
  INSERT INTO person_tri(rowid, name_fold, id_number, phone)
    VALUES (NEW.id, NEW.name_fold, NEW.id_number, NEW.phone);
END;
CREATE TRIGGER person_tri_update AFTER UPDATE OF name_fold, id_number, phone ON person BEGIN
  INSERT INTO person_tri(person_tri, rowid, name_fold, id_number, phone)
    VALUES ('delete', OLD.id, OLD.name_fold, OLD.id_number, OLD.phone);
  INSERT INTO person_tri(rowid, name_fold, id_number, phone)
    VALUES (NEW.id, NEW.name_fold, NEW.id_number, NEW.phone);
END;
CREATE TRIGGER person_tri_delete AFTER DELETE ON person BEGIN
  INSERT INTO person_tri(person_tri, rowid, name_fold, id_number, phone)
    VALUES ('delete', OLD.id, OLD.name_fold, OLD.id_number, OLD.phone);
END;
PRAGMA user_version = 3;"

test_expect_success 'a version 3 file: its trigram index holds the citizen IDs' '
    rm -rf "$CAPPHAT_DB"* "$TEST_DIR/backups" &&
    capphat demo --persons 300 --seed 5 >/dev/null &&
    add_person "Triệu Thị Mai" --gender F --birth-year 1923 --cccd 006123452630 >/dev/null &&
    sqlite3 "$CAPPHAT_DB" "$(undo_later) $V3_TRI" &&
    "$PYTHON" "$SRC_DIR/tests/cli/old-log.py" "$CAPPHAT_DB" schema &&
    test "$(sql "pragma user_version")" = 3 &&
    test "$(sql "select count(*) from person_tri where person_tri match ${SQ}\"23452\"${SQ}")" = 1
'

test_expect_success 'init upgrades it: the index holds names and phones only' '
    capphat init >out &&
    grep -F "upgraded $CAPPHAT_DB to schema version $V (backup: " out &&
    test "$(sql "pragma user_version")" = $V &&
    sql "select sql from sqlite_schema where name = ${SQ}person_tri${SQ}" >tri &&
    grep -F "fts5(name_fold, phone," tri && ! grep id_number tri &&
    ! sql "select sql from sqlite_schema where type = ${SQ}trigger${SQ}" | grep -F "id_number" &&
    test "$(sql "select count(*) from person_tri_docsize")" = "$(sql "select count(*) from person")" &&
    test "$(sql "select count(*) from person_tri where person_tri match ${SQ}\"23452\"${SQ}")" = 0 &&
    capphat check >/dev/null
'

test_expect_success 'after the upgrade a part of a citizen ID finds no one, the whole number its person' '
    capphat find persons 23452 >out && test "$(tail -n +2 out | wc -l)" = 0 &&
    capphat find persons 0061234 >out && test "$(tail -n +2 out | wc -l)" = 0 &&
    capphat find persons 006123452630 >out &&
    test "$(tail -n +2 out | cut -f2)" = "Triệu Thị Mai" &&
    ph=$(sql "select phone from person where phone is not null order by id limit 1") &&
    pid=$(sql "select id from person where phone = ${SQ}$ph${SQ}") &&
    capphat find persons "$(echo "$ph" | cut -c3-8)" --limit 1000 | cut -f1 | grep -qx "$pid" &&
    capphat person edit "$pid" --phone 0987650001 >/dev/null &&
    capphat find persons 98765000 --limit 1000 | cut -f1 | grep -qx "$pid" &&
    capphat check >/dev/null
'

# What the version 4 program loaded: Bắc Kạn as of 2023, and for Pác Nặm
# (060), Ba Bể (061) and Chợ Mới (065) only, the 13 communes of 2025 their
# 39 communes (and Bằng Phúc, 02041, of Chợ Đồn) became. Its audit log held
# no entry of units, ethnic groups, settings or receipts (old-log.py).
V4_DATA="DELETE FROM unit_successor WHERE old_id NOT IN (SELECT u.id FROM unit u
    JOIN unit d ON d.id = u.parent_id WHERE d.code IN ('060', '061', '065') OR u.code = '02041');
DELETE FROM unit WHERE valid_from = '2025-07-01' AND id NOT IN (SELECT new_id FROM unit_successor);
DELETE FROM setting WHERE key LIKE '%@%';
PRAGMA user_version = 4;"

test_expect_success 'a version 4 file knows 3 districts of 2025 only' '
    rm -rf "$CAPPHAT_DB"* "$TEST_DIR/backups" &&
    capphat init >/dev/null &&
    add_person "Hoàng Văn Bộc" --district "Pác Nặm" --commune "Bộc Bố" >/dev/null &&
    add_person "Lý Thị Na" --gender F --district "Na Rì" --commune "Kim Hỷ" >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei $IMEI2 --model "Nokia 105" --delivered 2023-06-01 >/dev/null &&
    capphat handover --person 1 --imei $IMEI2 --date 2023-07-01 >/dev/null &&
    sqlite3 "$CAPPHAT_DB" "$(undo_later) $V4_UNITS $V4_DATA" &&
    "$PYTHON" "$SRC_DIR/tests/cli/old-log.py" "$CAPPHAT_DB" --device-image-9 \
        unit ethnic_group ethnic_alias unit_successor setting receipt_print schema &&
    test "$(sql "select count(*) from audit_log where entity = ${SQ}device${SQ}
                 and after like ${SQ}%created_at%${SQ}")" = 0 &&
    sql "update setting set value = ${SQ}BAN DÂN TỘC TỈNH BẮC KẠN${SQ} where key = ${SQ}office_name${SQ}" &&
    test "$(sql "select count(*) from unit where level = ${SQ}commune${SQ}")" = 121 &&
    test "$(sql "select count(*) from unit_successor")" = 40
'

test_expect_success 'opening it for writing upgrades it and loads the whole province' '
    capphat person list >/dev/null 2>notices &&
    grep -F "the office${SQ}s header (office_name) is its own, not the one of 2023" notices &&
    test "$(sql "pragma user_version")" = $V &&
    ls "$TEST_DIR"/backups/capphat-before-v4-* &&
    test "$(sql "select count(*) from unit where level = ${SQ}commune${SQ}")" = 200 &&
    test "$(sql "select count(*) from unit where level = ${SQ}commune${SQ}
                 and valid_from = ${SQ}2025-07-01${SQ}")" = 92 &&
    test "$(sql "select count(*) from unit_successor")" = 108 &&
    test "$(sql "select count(distinct new_id) from unit_successor")" = 37 &&
    sql "select count(*), count(distinct level || code || coalesce(valid_from, ${SQ}${SQ}))
         from unit where code is not null" >codes &&
    test "$(cut -d"|" -f1 codes)" = "$(cut -d"|" -f2 codes)" &&
    capphat person show 2 >show &&
    test "$(field "Commune today" show)" = "xã Văn Lang (formerly xã Kim Hỷ, huyện Na Rì)" &&
    sql "select key, value from setting where key like ${SQ}%@%${SQ} order by key" >dated &&
    printf "%s\n" "parent_body@2025-07-01|UBND TỈNH THÁI NGUYÊN" "place_name@2025-07-01|Thái Nguyên" >expect &&
    test_cmp expect dated &&
    capphat check >/dev/null
'

test_expect_success 'the upgrade gave each device its registration date and each person its recognition date in the log, once, and recorded itself' '
    sql "select entity, entity_id from audit_log where action = ${SQ}upgrade.image${SQ} order by 1, 2" >imaged &&
    printf "device|1\ndevice|2\nhandover|1\nperson|1\nperson|2\n" >expect && test_cmp expect imaged &&
    test "$(sql "select count(*) from audit_log where action = ${SQ}upgrade.image${SQ} and entity = ${SQ}person${SQ}
                 and json_type(after, ${SQ}$.recognised_on${SQ}) = ${SQ}null${SQ}
                 and json_type(before, ${SQ}$.recognised_on${SQ}) is null")" = 2 &&
    test "$(sql "select count(*) from audit_log where entity = ${SQ}device${SQ}
                 and json_extract(after, ${SQ}$.created_at${SQ}) =
                     (select created_at from device where id = entity_id)")" = 2 &&
    sql "select after from audit_log where action = ${SQ}schema.upgrade${SQ}" >upgraded &&
    echo "{\"from\":4,\"to\":$V}" >expect && test_cmp expect upgraded &&
    sql "update device set created_at = ${SQ}2020-01-01T00:00:00Z${SQ} where id = 1" &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -Fx "device 1: differs from its last audited state (altered behind capphat${SQ}s back)" problems &&
    sql "update device set created_at = (select json_extract(after, ${SQ}$.created_at${SQ})
         from audit_log where entity = ${SQ}device${SQ} and entity_id = 1 order by id desc limit 1)
         where id = 1" &&
    capphat check >/dev/null
'

test_expect_success 'set back to version 4 again, it is not upgraded a second time' '
    cp "$CAPPHAT_DB" again.db && sqlite3 again.db "PRAGMA user_version = 4" &&
    h=$(sqlite3 again.db .dump | sha256sum) &&
    rm -rf "$XDG_STATE_HOME/capphat/registers" &&
    test_must_fail capphat --db again.db person list 2>err &&
    one_line_error err "says it is of version 4, but its log records that capphat brought it to version $V: it was set back" &&
    test "$(sqlite3 again.db .dump | sha256sum)" = "$h"
'

test_expect_success 'reference data cut short after an upgrade is completed on the next open' '
    sql "delete from unit_successor where old_id in (select id from unit
         where code in (${SQ}02140${SQ}, ${SQ}02143${SQ}) and valid_to is not null)" &&
    test "$(sql "select count(*) from unit_successor")" = 106 &&
    capphat person list >/dev/null &&
    test "$(sql "select count(*) from unit_successor")" = 108 &&
    test "$(sql "select count(*) from unit where level = ${SQ}commune${SQ}")" = 200
'

# Returns recorded before return records were kept (schema step 14) get
# theirs at the upgrade (step 17): numbered in the order of the returns,
# not of the handovers, each an entry of the upgrade in the log.
test_expect_success 'a version 4 file with returns: each return gets its numbered record' '
    rm -rf "$CAPPHAT_DB"* "$TEST_DIR/backups" "$XDG_STATE_HOME/capphat/registers" &&
    capphat init >/dev/null &&
    add_person "Hoàng Văn Bộc" --district "Pác Nặm" --commune "Bộc Bố" >/dev/null &&
    add_person "Lý Thị Na" --gender F --district "Na Rì" --commune "Kim Hỷ" >/dev/null &&
    add_person "Hà Văn Tâm" --district "Pác Nặm" --commune "Bộc Bố" >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" --delivered 2023-06-01 >/dev/null &&
    capphat device add --imei $IMEI2 --model "Nokia 105" --delivered 2023-06-01 >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2023-07-01 >/dev/null &&
    capphat handover --person 2 --imei $IMEI2 --date 2023-07-02 >/dev/null &&
    capphat return --imei $IMEI2 --reason defective --date 2023-08-01 >/dev/null &&
    capphat return --imei $IMEI1 --reason replaced --date 2023-09-01 >/dev/null &&
    capphat handover --person 3 --imei $IMEI1 --date 2023-10-01 >/dev/null &&
    sqlite3 "$CAPPHAT_DB" "$(undo_later) $V4_UNITS $V4_DATA" &&
    "$PYTHON" "$SRC_DIR/tests/cli/old-log.py" "$CAPPHAT_DB" --device-image-9 \
        unit ethnic_group ethnic_alias unit_successor setting receipt_print schema &&
    test "$(sql "select count(*) from pragma_table_info(${SQ}handover${SQ}) where name = ${SQ}return_no${SQ}")" = 0 &&
    capphat person list >/dev/null 2>notices &&
    test "$(sql "pragma user_version")" = $V &&
    sql "select id, returned_on, return_no from handover order by id" >numbered &&
    printf "1|2023-09-01|02/BBTH-BDT\n2|2023-08-01|01/BBTH-BDT\n3||\n" >expect &&
    test_cmp expect numbered &&
    sql "select entity_id, json_extract(before, ${SQ}$.return_no${SQ}) is null,
         json_extract(after, ${SQ}$.return_no${SQ}) from audit_log
         where action = ${SQ}upgrade.return_record${SQ} and entity = ${SQ}handover${SQ} order by id" >logged &&
    printf "2|1|01/BBTH-BDT\n1|1|02/BBTH-BDT\n" >expect &&
    test_cmp expect logged &&
    capphat check >/dev/null
'

test_expect_success 'the records made by the upgrade print, are listed unsigned, and the series goes on' '
    capphat receipt 01/BBTH-BDT -o r.pdf --final >/dev/null &&
    pdftotext r.pdf - | tr "\n" " " >r.txt &&
    grep -F "BIÊN BẢN THU HỒI" r.txt && grep -F "Số: 01/BBTH-BDT" r.txt && grep -F "Lý Thị Na" r.txt &&
    capphat receipt unsigned --returns >unsigned &&
    grep -F "01/BBTH-BDT" unsigned && grep -F "02/BBTH-BDT" unsigned &&
    capphat receipt signed 02/BBTH-BDT --date 2023-09-05 >/dev/null &&
    capphat return --imei $IMEI1 --reason other --date 2023-11-01 >out &&
    grep -Fx "return record 03/BBTH-BDT" out &&
    capphat check >/dev/null
'

test_done

#!/bin/sh
# check starts where the last clean check left off (recorded and sealed in
# the head file): the entries written since, the records touched since by
# any program (schema step 7), the schema, the tables kept whole and the
# heads; --full verifies everything. What each finds, and the one thing
# only --full finds: a record edited with its touch trigger dropped and put
# back.
# store: file (it reads the file's head file and pages)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: a register with a few records, checked once in full' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung A05" --delivered 2024-01-01 >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat check >out && grep "^ok: integrity check passed" out &&
    grep -q "^checked $(sql "select max(id) from audit_log") " "$CAPPHAT_DB.head"
'

test_expect_success 'the next check verifies only what came since' '
    add_person "Lê Văn Đông" >/dev/null &&
    from=$(sed -n "s/^checked \\([0-9]*\\) .*/\\1/p" "$CAPPHAT_DB.head") &&
    capphat check >out &&
    grep -F "ok: since the last check (entry $from): 1 new entries verified; " out &&
    capphat check --full >out && grep "^ok: integrity check passed" out
'

test_expect_success 'a record edited with sqlite3 after the last check is named by the quick check' '
    capphat check >/dev/null &&
    cp "$CAPPHAT_DB" keep.db && cp "$CAPPHAT_DB.head" keep.head &&
    sqlite3 "$CAPPHAT_DB" "update person set phone = ${SQ}0999999999${SQ} where id = 1" &&
    test_expect_code 1 capphat check >out 2>err &&
    grep -Fx "person 1: differs from its last audited state (altered behind capphat${SQ}s back)" out
'

test_expect_success 'an entry appended by a script after the last check is named by the quick check' '
    cp keep.db "$CAPPHAT_DB" && cp keep.head "$CAPPHAT_DB.head" && rm -f "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm" &&
    capphat check >/dev/null &&
    sqlite3 "$CAPPHAT_DB" "insert into audit_log(id, at, operator, action, entity, entity_id, after, prev_hash, hash)
        select id + 1, at, operator, ${SQ}person.edit${SQ}, ${SQ}person${SQ}, 1, after, hash,
        ${SQ}0000000000000000000000000000000000000000000000000000000000000001${SQ}
        from audit_log order by id desc limit 1" &&
    test_expect_code 1 capphat check >out 2>err &&
    n=$(sql "select max(id) from audit_log") &&
    grep "^audit entry $n (person.edit by " out | grep -q "not sealed"
'

test_expect_success 'a quick check cannot see a record edited with its touch trigger dropped and put back; --full can' '
    cp keep.db "$CAPPHAT_DB" && cp keep.head "$CAPPHAT_DB.head" && rm -f "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm" &&
    capphat check >/dev/null &&
    sql "select sql from sqlite_schema where name = ${SQ}touch_person_UPDATE${SQ}" >trigger.sql &&
    sqlite3 "$CAPPHAT_DB" "drop trigger touch_person_UPDATE;
        update person set phone = ${SQ}0999999999${SQ} where id = 2;
        $(cat trigger.sql);" &&
    capphat check >out &&
    grep "^ok: since the last check" out &&
    test_expect_code 1 capphat check --full >out 2>err &&
    grep -Fx "person 2: differs from its last audited state (altered behind capphat${SQ}s back)" out
'

test_expect_success 'a head file whose "checked" line was edited is not trusted: everything is checked' '
    cp keep.db "$CAPPHAT_DB" && cp keep.head "$CAPPHAT_DB.head" && rm -f "$CAPPHAT_DB-wal" "$CAPPHAT_DB-shm" &&
    sed -i "s/^checked \\([0-9]*\\) /checked 1 /" "$CAPPHAT_DB.head" &&
    test_expect_code 1 capphat check >out 2>err &&
    grep -F "head file ${SQ}$CAPPHAT_DB.head${SQ}: its seal does not verify" out &&
    grep "integrity\\|audit entry\\|head file" out >/dev/null
'

test_done

#!/bin/sh
# The audit log covers everything that shapes a record or a document: the
# administrative units, ethnic groups and their spellings, the 2025 unit
# successors, the office's settings (the signer's name, the office printed
# on receipts) and the kept data of printed receipts, besides persons,
# devices, handovers, rounds, sessions and attendance. Each edited with
# sqlite3 is named by check. The schema itself is compared with the one
# capphat makes: a guard dropped or an object added is named, and a file
# without its guards is refused for writing (init included) while reads go
# on.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

tamper() {
    rm -f t.db t.db-wal t.db-shm &&
    capphat backup t.db >/dev/null &&
    sqlite3 t.db "$1"
}
reported() {
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    drop_backup_lines problems &&
    test_cmp expect problems
}
ALTERED="differs from its last audited state (altered behind capphat${SQ}s back)"

test_expect_success 'setup: a person in a new village, a printed receipt, settings changed by capphat' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" --village "Nà Ngần" >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 >/dev/null &&
    capphat receipt 1 -o r.pdf --final >/dev/null &&
    capphat settings set officer_name "Hoàng Văn Thụ" >/dev/null &&
    capphat settings set office_name "SỞ DÂN TỘC VÀ TÔN GIÁO" >/dev/null &&
    test "$(sql "select count(*) from audit_log where entity = ${SQ}unit${SQ} and action = ${SQ}unit.add${SQ}")" = 1 &&
    capphat check >out && grep "^ok: " out
'

test_expect_success 'a village renamed with sqlite3 is named' '
    v=$(sql "select village_id from person where id = 1") &&
    tamper "update unit set name = ${SQ}Nà Khác${SQ} where id = $v" &&
    echo "unit $v: $ALTERED" >expect && reported
'

test_expect_success 'a commune of the reference data edited, or its kind, is named' '
    c=$(sql "select commune_id from person where id = 1") &&
    tamper "update unit set kind = ${SQ}Phường${SQ} where id = $c" &&
    echo "unit $c: $ALTERED" >expect && reported
'

test_expect_success 'an ethnic group renamed is named' '
    e=$(sql "select id from ethnic_group where name = ${SQ}Tày${SQ}") &&
    tamper "update ethnic_group set name = ${SQ}Thái${SQ} where id = $e" &&
    echo "ethnic_group $e: $ALTERED" >expect && reported
'

test_expect_success 'the signer of the receipts changed in the settings is named' '
    tamper "update setting set value = ${SQ}Người Khác${SQ} where key = ${SQ}officer_name${SQ}" &&
    echo "setting: $ALTERED" >expect && reported
'

test_expect_success 'a spelling of an ethnic group, and a 2025 successor, edited: each named' '
    tamper "update ethnic_alias set ethnic_id = 1 where rowid = (select min(rowid) from ethnic_alias where ethnic_id <> 1)" &&
    echo "ethnic_alias: $ALTERED" >expect && reported &&
    tamper "delete from unit_successor where rowid = (select min(rowid) from unit_successor)" &&
    echo "unit_successor: $ALTERED" >expect && reported
'

test_expect_success 'the kept data of a printed receipt edited is named' '
    tamper "update receipt_print set data = replace(data, ${SQ}Nguyễn Văn An${SQ}, ${SQ}Người Khác${SQ})" &&
    echo "receipt_print 1: $ALTERED" >expect && reported
'

test_expect_success 'a dropped guard is named; an added trigger too' '
    tamper "drop trigger handover_custody_insert" &&
    echo "schema: trigger handover_custody_insert is missing (dropped behind capphat${SQ}s back: the records it guards may have been changed)" >expect &&
    reported &&
    tamper "create trigger evil after insert on handover begin update handover set place = ${SQ}x${SQ}; end" &&
    echo "schema: trigger evil is not capphat${SQ}s (added behind capphat${SQ}s back)" >expect &&
    reported
'

test_expect_success 'a file without its guards is refused for writing, init included; reads go on' '
    tamper "drop trigger audit_no_delete; drop trigger audit_no_update" &&
    h=$(sha256sum <t.db) &&
    for cmd in init "person edit 1 --phone 0912345678" "settings set place_name X"; do
        test_must_fail capphat --db t.db $cmd 2>err &&
        one_line_error err "is not as capphat made it (trigger audit_no_delete is missing, and more)" || return 1
    done &&
    grep -F "run ${SQ}capphat check${SQ} and restore it from a backup" err &&
    test "$(sha256sum <t.db)" = "$h" &&
    capphat --db t.db person list >out && grep -q "Nguyễn Văn An" out
'

test_done

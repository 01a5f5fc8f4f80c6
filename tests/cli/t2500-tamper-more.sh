#!/bin/sh
# Tamper evidence beyond t0700-check.sh: the report for two reordered audit
# entries (the first named is the first moved; entry 7 after them is named
# only as no longer following) and an edited handover row (nothing else), a deleted
# or re-closed handover, devices swapped between two handovers, and the
# last entries cut off the log. Each tampering is done with the sqlite3
# shell on a backup copy, dropping the guarding triggers as an attacker would.
# store: file (it tampers with the file with sqlite3)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

tamper() {
    rm -f t.db t.db-wal t.db-shm &&
    capphat backup t.db >/dev/null &&
    sqlite3 t.db "$1"
}

# reported: check fails and prints exactly the lines of file expect
reported() {
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    drop_backup_lines problems &&
    test_cmp expect problems
}

# a new database logs its reference data first: this script's entries come
# after the B entries of init
capphat init >/dev/null || exit 1
B=$(sqlite3 "$CAPPHAT_DB" "select max(id) from audit_log")
e() { echo $((B + $1)); }
MISSING="(dropped behind capphat${SQ}s back: the records it guards may have been changed)"

test_expect_success 'setup: two persons, two handovers (audit entries B+1 to B+8), a return (B+9, B+10)' '
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI2 --model "Samsung Galaxy A05" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat handover --person 2 --imei $IMEI2 --date 2024-03-01 >/dev/null &&
    capphat return --imei $IMEI2 --reason other --date 2024-03-05 >/dev/null &&
    test "$(audit_count)" = $(e 10) &&
    capphat check >/dev/null
'

test_expect_success 'two reordered audit entries: entries B+5 and B+6 named, and nothing before them' '
    tamper "drop trigger audit_no_update;
            update audit_log set id = 100000 where id = $(e 5);
            update audit_log set id = $(e 5) where id = $(e 6);
            update audit_log set id = $(e 6) where id = 100000" &&
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    drop_backup_lines problems &&
    grep "altered" problems | sed "s/ at [^)]*)/)/" >named &&
    printf "%s\n" \
        "audit entry $(e 5) (device.status device 1): its content was altered (hash does not match)" \
        "audit entry $(e 6) (handover handover 1): its content was altered (hash does not match)" \
        >expect &&
    test_cmp expect named &&
    sed -n 2p problems | grep "^audit entry $(e 5)" &&
    head -1 problems | grep -Fx "schema: trigger audit_no_update is missing $MISSING" &&
    ! sed 1d problems | grep -v "^audit entry \($(e 5)\|$(e 6)\|$(e 7)\)[: ]" &&
    ! grep "^audit entry $(e 7) .*altered" problems
'

test_expect_success 'an edited handover row: exactly that handover is named' '
    tamper "update handover set handed_on = ${SQ}2023-01-01${SQ} where id = 2" &&
    echo "handover 2: differs from its last audited state (altered behind capphat${SQ}s back)" >expect &&
    reported
'

# (the device reads as handed over from its open handover: it is named too)
test_expect_success 'a handover closed behind capphat'"'"'s back: that handover and its device are named' '
    tamper "update handover set returned_on = ${SQ}2024-03-02${SQ}, return_reason = ${SQ}lost${SQ} where id = 1" &&
    printf "%s\n" "device 1: differs from its last audited state (altered behind capphat${SQ}s back)" \
        "handover 1: differs from its last audited state (altered behind capphat${SQ}s back)" >expect &&
    reported
'

test_expect_success 'a deleted handover row: that handover is named' '
    tamper "pragma foreign_keys = off; drop trigger handover_no_delete; delete from handover where id = 2" &&
    printf "%s\n" "schema: trigger handover_no_delete is missing $MISSING" \
        "handover 2: in the audit log but missing from the table (deleted)" >expect &&
    reported
'

# (which device is handed over moved with its open handover: the devices are named too)
test_expect_success 'devices swapped between two handovers: both, and both devices, are named' '
    tamper "pragma foreign_keys = off;
            update handover set device_id = 99 where id = 1;
            update handover set device_id = 1 where id = 2;
            update handover set device_id = 2 where id = 1" &&
    printf "%s\n" "device 1: differs from its last audited state (altered behind capphat${SQ}s back)" \
        "device 2: differs from its last audited state (altered behind capphat${SQ}s back)" \
        "handover 1: differs from its last audited state (altered behind capphat${SQ}s back)" \
        "handover 2: differs from its last audited state (altered behind capphat${SQ}s back)" >expect &&
    reported
'

test_expect_success 'the last two entries cut off the log: the rows they wrote are named' '
    tamper "drop trigger audit_no_delete; delete from audit_log where id > $(e 8)" &&
    printf "%s\n" "schema: trigger audit_no_delete is missing $MISSING" \
        "foreign key: row $(e 9) of table audit_seal refers to a missing row of audit_log" \
        "foreign key: row $(e 10) of table audit_seal refers to a missing row of audit_log" \
        "device 2: differs from its last audited state (altered behind capphat${SQ}s back)" \
        "handover 2: differs from its last audited state (altered behind capphat${SQ}s back)" \
        >expect.u &&
    test_expect_code 1 capphat --db t.db check >problems 2>err &&
    drop_backup_lines problems &&
    sort problems >sorted && sort expect.u >expect && test_cmp expect sorted
'

test_expect_success 'attendance added or removed behind capphat'"'"'s back: the pair is named' '
    capphat training add --date 2024-03-10 --place "Nhà văn hoá xã" --trainer "Lý Văn Kỹ" \
        --topic "Sử dụng điện thoại" >/dev/null &&
    capphat training attend --session 1 --person 1 >/dev/null &&
    capphat check >/dev/null &&
    tamper "insert into attendance(session_id, person_id) values (1, 2);
            delete from attendance where session_id = 1 and person_id = 1" &&
    printf "%s\n" \
        "attendance of person 1 at training session 1: in the audit log but missing from the table (deleted)" \
        "attendance of person 2 at training session 1: not in the audit log (written behind capphat${SQ}s back)" \
        >expect &&
    reported
'

test_expect_success 'an attendance removed with capphat and put back behind its back is named' '
    capphat training attend --session 1 --person 2 >/dev/null &&
    capphat training attend --remove --session 1 --person 2 >/dev/null &&
    capphat check >/dev/null &&
    tamper "insert into attendance(session_id, person_id) values (1, 2)" &&
    echo "attendance of person 2 at training session 1: not in the audit log (written behind capphat${SQ}s back)" >expect &&
    reported
'

test_done

#!/bin/sh
# Backups: `capphat backup` while another process hands devices over and
# takes them back gives a copy that opens, passes check and holds every
# handover committed before the backup started; the automatic daily backup
# (capphat init, and the full-screen program when it starts) into
# DBDIR/backups, kept in rotation by the setting backup_keep; the restore
# that README describes. CAPPHAT_NOW fakes the clock.
# store: file (it rotates the backups of a register file)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

BK=$TEST_DIR/backups

test_expect_success 'setup: 8 persons, 6 devices' '
    capphat init >/dev/null &&
    capphat demo --persons 8 --devices 6 --handovers 0 --sessions 0 --seed 4 >/dev/null &&
    sql "select imei from device order by id" >imeis &&
    test "$(wc -l <imeis)" = 6
'

test_expect_success 'backup during a loop of handovers holds every handover committed before it' '
    (n=0
     for round in 1 2 3 4; do
         p=$((round * 2 - 1)); [ $p -gt 8 ] && p=1
         while read -r imei; do
             capphat handover --person $p --imei $imei >/dev/null 2>&1
             p=$((p % 8 + 1))
         done <imeis
         while read -r imei; do
             capphat return --imei $imei --reason other >/dev/null 2>&1
         done <imeis
     done) &
    writer=$! &&
    ok=1 &&
    for i in 1 2 3 4 5 6; do
        sleep 0.2
        # the sqlite3 shell waits for the writer as capphat does
        set -- $(sqlite3 -cmd ".timeout 10000" "$CAPPHAT_DB" \
            "select count(*), count(returned_on) from handover" | tr "|" " ")
        echo "$1 $2" >live$i.before
        capphat backup live$i.db >/dev/null || ok=0
    done
    wait $writer
    test $ok = 1 &&
    for i in 1 2 3 4 5 6; do
        capphat --db live$i.db check >/dev/null || return 1
        set -- $(cat live$i.before)
        all=$(sqlite3 live$i.db "select count(*) from handover") &&
        ret=$(sqlite3 live$i.db "select count(*) from handover where returned_on is not null") &&
        echo "backup $i: $all handovers ($ret returned); $1 ($2) committed before it" &&
        test "$all" -ge "$1" && test "$ret" -ge "$2" || return 1
        test "$(stat -c %a live$i.db)" = 600 || return 1
    done &&
    capphat check >/dev/null
'

test_expect_success 'init takes the first daily backup into DBDIR/backups (0700, file 0600)' '
    rm -rf "$BK" &&
    (umask 000 && CAPPHAT_NOW=2025-03-01T08:00:00 capphat init >out) &&
    grep -Fx "daily backup: $BK/capphat-20250301-080000.db" out &&
    test "$(stat -c %a "$BK")" = 700 &&
    test "$(stat -c %a "$BK/capphat-20250301-080000.db")" = 600 &&
    capphat --db "$BK/capphat-20250301-080000.db" check >/dev/null &&
    test "$(sqlite3 "$BK/capphat-20250301-080000.db" "select count(*) from handover")" = \
        "$(sql "select count(*) from handover")"
'

test_expect_success 'no second backup within a day' '
    CAPPHAT_NOW=2025-03-02T07:59:59 capphat init >out &&
    ! grep "daily backup" out &&
    test "$(ls "$BK" | wc -l)" = 1
'

test_expect_success 'a day later, another' '
    CAPPHAT_NOW=2025-03-02T08:00:00 capphat init >out &&
    grep -Fx "daily backup: $BK/capphat-20250302-080000.db" out &&
    test "$(ls "$BK" | wc -l)" = 2
'

test_expect_success 'backup_keep (default 7) keeps the newest, deletes the oldest' '
    for d in 03 04 05 06 07 08 09 10; do
        CAPPHAT_NOW=2025-03-${d}T09:00:00 capphat init >/dev/null || return 1
    done &&
    ls "$BK" >list &&
    test "$(wc -l <list)" = 7 &&
    test "$(head -1 list)" = capphat-20250304-090000.db &&
    test "$(tail -1 list)" = capphat-20250310-090000.db &&
    capphat settings set backup_keep 3 >/dev/null &&
    CAPPHAT_NOW=2025-03-11T09:00:00 capphat init >/dev/null &&
    ls "$BK" >list &&
    printf "%s\n" capphat-20250309-090000.db capphat-20250310-090000.db \
        capphat-20250311-090000.db >expect &&
    test_cmp expect list
'

test_expect_success 'other files in the backups folder are left alone' '
    echo mine >"$BK/notes.txt" &&
    cp "$BK/capphat-20250311-090000.db" "$BK/my-copy.db" &&
    CAPPHAT_NOW=2025-03-12T09:00:00 capphat init >/dev/null &&
    CAPPHAT_NOW=2025-03-13T09:00:00 capphat init >/dev/null &&
    test -f "$BK/notes.txt" && test -f "$BK/my-copy.db" &&
    test "$(ls "$BK" | grep -c "^capphat-")" = 3
'

test_expect_success 'a backup dated in the future (clock set wrong) does not stop today'"'"'s' '
    CAPPHAT_NOW=2030-01-01T00:00:00 capphat init >/dev/null &&
    CAPPHAT_NOW=2025-03-14T09:00:00 capphat init >out &&
    grep -Fx "daily backup: $BK/capphat-20250314-090000.db" out
'

test_expect_success 'a temporary file left by a killed backup is removed; the live one is not' '
    : >"$BK/.capphat-tmp-dead01" &&
    : >"$BK/.capphat-tmp-dead01-journal" &&
    : >"$BK/.capphat-tmp-dead02-wal" &&
    : >"$BK/.capphat-tmp-live01" &&
    : >"$BK/.capphat-tmp-live01-journal" &&
    (flock 9 && exec sleep 100) 9<"$BK/.capphat-tmp-live01" & live=$! &&
    n=0 && while flock -n "$BK/.capphat-tmp-live01" true && [ $n -lt 50 ]; do
        sleep 0.1; n=$((n + 1)); done &&
    CAPPHAT_NOW=2025-03-15T10:00:00 capphat init >/dev/null &&
    test ! -e "$BK/.capphat-tmp-dead01" &&
    test ! -e "$BK/.capphat-tmp-dead01-journal" &&
    test ! -e "$BK/.capphat-tmp-dead02-wal" &&
    test -e "$BK/.capphat-tmp-live01" &&
    test -e "$BK/.capphat-tmp-live01-journal" &&
    kill $live && wait $live;
    rm -f "$BK/.capphat-tmp-live01" "$BK/.capphat-tmp-live01-journal"
'

test_expect_success 'two databases in one folder keep and rotate their own backups' '
    mkdir two && (
        export CAPPHAT_DB=$TEST_DIR/two/a.db CAPPHAT_NOW=2025-04-30T09:00:00 &&
        capphat init >/dev/null &&
        CAPPHAT_DB=$TEST_DIR/two/b.db capphat init >/dev/null &&
        unset CAPPHAT_NOW &&
        capphat settings set backup_keep 2 >/dev/null &&
        CAPPHAT_DB=$TEST_DIR/two/b.db capphat settings set backup_keep 2 >/dev/null &&
        for d in 01 02 03 04; do
            CAPPHAT_NOW=2025-05-${d}T09:00:00 capphat init >/dev/null &&
            CAPPHAT_NOW=2025-05-${d}T10:00:00 CAPPHAT_DB=$TEST_DIR/two/b.db \
                capphat init >/dev/null || exit 1
        done &&
        ls "$TEST_DIR/two/backups" >list &&
        printf "%s\n" a-20250503-090000.db a-20250504-090000.db b-20250503-100000.db \
            b-20250504-100000.db >expect &&
        grep -v "^a-2025050[12]\|^b-2025050[12]" list >got &&
        diff expect got
    )
'

test_expect_success 'planted files with backup names, future dates or a clock set back delete nothing real' '
    B2=$TEST_DIR/two/backups &&
    (
        export CAPPHAT_DB=$TEST_DIR/two/a.db &&
        for d in 05 06 07; do : >"$B2/a-202505${d}-080000.db"; done &&
        : >"$B2/a-20990101-000000.db" &&
        CAPPHAT_NOW=2025-05-08T09:00:00 capphat init >/dev/null &&
        test -e "$B2/a-20250505-080000.db" && test -e "$B2/a-20250506-080000.db" &&
        test -e "$B2/a-20250507-080000.db" && test -e "$B2/a-20990101-000000.db" &&
        test -e "$B2/a-20250504-090000.db" && test -e "$B2/a-20250508-090000.db" &&
        test ! -e "$B2/a-20250503-090000.db" &&
        # the clock set back a year: every real backup looks like the future
        CAPPHAT_NOW=2024-05-08T09:00:00 capphat init >/dev/null &&
        test -e "$B2/a-20250504-090000.db" && test -e "$B2/a-20250508-090000.db" &&
        test -e "$B2/a-20240508-090000.db" &&
        capphat --db "$B2/a-20250508-090000.db" check >/dev/null
    )
'

test_expect_success 'check names the newest backup and warns when it is more than 2 days old' '
    (
        export CAPPHAT_DB=$TEST_DIR/two/b.db &&
        CAPPHAT_NOW=2025-05-05T09:00:00 capphat check >out 2>err &&
        grep -F "newest backup: $TEST_DIR/two/backups/b-20250504-100000.db (23 hours old)" out &&
        ! grep warning out && test ! -s err &&
        CAPPHAT_NOW=2025-05-09T09:00:00 capphat check >out 2>err &&
        grep -F "warning: the newest backup is 4 days old" out &&
        mkdir three && CAPPHAT_DB=$TEST_DIR/three/c.db capphat init >/dev/null &&
        rm -r three/backups &&
        CAPPHAT_DB=$TEST_DIR/three/c.db capphat check >out 2>err &&
        grep -F "warning: no backup of this database" out
    )
'

test_expect_success 'a backup that cannot be written fails init with one line, database intact' '
    rm -rf "$BK" && : >"$BK" &&
    h=$(db_hash) &&
    test_must_fail env CAPPHAT_NOW=2025-03-16T09:00:00 "$CAPPHAT_BIN" init >out 2>err &&
    one_line_error err "backups folder" &&
    unchanged_after "$h" &&
    rm -f "$BK"
'

test_expect_success 'the full-screen program takes the daily backup when it starts' '
    command -v tmux >/dev/null &&
    rm -rf "$BK" &&
    tmux -L t2600 -f /dev/null new-session -d -x 100 -y 30 \
        "env CAPPHAT_NOW=2025-04-01T08:30:00 LANGUAGE=en \"$CAPPHAT_BIN\"" &&
    n=0 && while [ ! -e "$BK/capphat-20250401-083000.db" ] && [ $n -lt 50 ]; do
        sleep 0.1; n=$((n + 1)); done;
    tmux -L t2600 kill-server;
    capphat --db "$BK/capphat-20250401-083000.db" check >/dev/null
'

test_expect_success 'restore as README says: capphat restore, the replaced register kept whole' '
    capphat handover --person 1 --imei $(head -1 imeis) >/dev/null &&
    good=$(sql "select count(*) from handover") &&
    capphat backup restore-me.db >/dev/null &&
    capphat return --imei $(head -1 imeis) --reason lost >/dev/null &&
    last=$(sql "select max(id) from audit_log") &&
    bk=$(sqlite3 restore-me.db "select max(id) from audit_log") && test "$bk" -lt "$last" &&
    capphat restore restore-me.db >out &&
    grep -F "restored $CAPPHAT_DB from restore-me.db: its log has $((bk + 1)) entries" out &&
    kept=$(sed -n "s/.* is kept in \(.*\), with .*/\1/p" out) &&
    grep -F "the register it replaced (log up to entry $last) is kept in $TEST_DIR/backups/replaced-" out &&
    test -f "$kept/capphat.db" && test -f "$kept/capphat.db.head" &&
    test "$(sqlite3 "$kept/capphat.db" "select count(*) from handover where returned_on is not null")" -ge 1 &&
    grep "^ok: the restored register passes its check" out &&
    sql "select action from audit_log order by id desc limit 1" >action &&
    test "$(cat action)" = register.restore &&
    capphat check >out && grep "^ok: " out &&
    ! grep -F "warning: no head file" out &&
    test "$(sql "select count(*) from handover")" = "$good" &&
    test "$(sql "select count(*) from handover where returned_on is null")" -ge 1
'

test_done

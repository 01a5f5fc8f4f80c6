#!/bin/sh
# capphat restore, and the heads kept outside the database, tried as the
# office's operator who lost data and follows README, and as someone who
# wants the register lost, falsified or silently changed through a restore
# or the heads: on the office's real folder (database, head file, backups),
# its key in HOME, this account's record of the register in XDG_STATE_HOME.
#
# What the operator does: restore the newest backup or an older one, undo
# a restore from the folder it kept, restore twice in one second, restore
# a damaged register, restore on a new computer, restore a copy that an
# older capphat made; what capphat refuses: a link, a FIFO, a folder, a
# missing, empty or foreign file, the database under another spelling, a
# copy that fails its check, while the full-screen program is open, a
# backups folder or a database folder that cannot be written, a full disk.
# And what went wrong when this script was first written, each test
# marked with what capphat did then (t0720 holds the attacks on the
# register itself; this script does not repeat them).
# store: file (restore puts a register file back; the server refuses it (t2960))
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/../tui/lib-tui.sh"

# The office: its database and backups in one folder, its key in its HOME.
OFFICE=$TEST_DIR/office
export CAPPHAT_DB=$OFFICE/capphat.db
HEAD=$CAPPHAT_DB.head
REGISTERS=$XDG_STATE_HOME/capphat/registers
KEYFILE=$HOME/.config/capphat/office.key
mkdir -p "$OFFICE"

# reset: the office as it was after the setup, with this account's record
# of its register (test plumbing: the operator's restore is capphat restore).
reset() {
    rm -rf "$OFFICE" "$REGISTERS" &&
    cp -a "$TEST_DIR/snapshot" "$OFFICE" && cp -a "$TEST_DIR/snapshot-registers" "$REGISTERS"
}

# office_state: every name in the office's folder and this account's
# record, the content of every file but the database, and the database's
# records (its SQL dump): what "nothing changed" means below. The database
# file's own bytes are compared where that is the point (db_hash).
office_state() {
    (cd "$OFFICE" && find . | sort && find . -type f ! -name capphat.db | sort | xargs -r sha256sum) &&
    sqlite3 "$CAPPHAT_DB" .dump | sha256sum &&
    (cd "$REGISTERS" && find . -type f | sort | xargs -r sha256sum)
}

# kept_dir: the folder a restore kept the replaced register in (one only).
kept_dir() {
    set -- "$OFFICE"/backups/replaced-*
    test $# = 1 && test -d "$1" && echo "$1"
}

# person3: a third person, the work done after the backups.
person3() { add_person "Lê Văn Cường" "$@"; }

# The append-only triggers, dropped and re-created exactly (t0720).
GUARDS="audit_no_update audit_no_delete audit_seal_no_delete handover_no_delete"
drop_guards() { for t in $GUARDS; do echo "DROP TRIGGER $t;"; done; }

# hold_read DB READY SECONDS: another program reading DB (a read
# transaction open), so that a commit stays in DB-wal; READY appears when it
# reads.
cat >"$TEST_DIR/hold-read.py" <<'EOF'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM audit_log").fetchone()
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
EOF
# wal_pair DIR: DIR gets a copy of the database and its -wal taken while
# the third person's entry is still in the -wal (as `cp capphat.db*` takes
# them while capphat runs); the database itself keeps that person too.
wal_pair() {
    rm -f "$TEST_DIR/reading" &&
    { "$PYTHON" "$TEST_DIR/hold-read.py" "$CAPPHAT_DB" "$TEST_DIR/reading" 30 & } &&
    reader=$! &&
    n=0 && while [ ! -e "$TEST_DIR/reading" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done &&
    person3 >/dev/null &&
    test -s "$CAPPHAT_DB-wal" &&
    mkdir -p "$1" && cp "$CAPPHAT_DB" "$CAPPHAT_DB-wal" "$1/"
    rc=$?
    kill $reader; wait $reader 2>/dev/null
    return $rc
}

# forge.py DB ACTION ENTITY ID SQL: change a row with SQL and append the
# audit entry capphat would have written for it, chained to the last one
# (t0720's forger).
cat >"$TEST_DIR/forge.py" <<'EOF'
import hashlib, sqlite3, sys
db, action, entity, rid, change = sys.argv[1:6]
image = "json_object('id', id, 'full_name', full_name, 'gender', gender, 'birth_year', birth_year, 'ethnic_id', ethnic_id, 'commune_id', commune_id, 'village_id', village_id, 'id_number', id_number, 'id_kind', id_kind, 'phone', phone, 'role', role, 'decision', decision, 'note', note, 'active', active, 'recognised_on', recognised_on)"
c = sqlite3.connect(db)
if not any(r[1] == "recognised_on" for r in c.execute("PRAGMA table_info(person)")):
    image = image.replace(", 'recognised_on', recognised_on", "")  # before step 11
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

# set_back_v4 DB: the file as capphat of schema version 4 left it, with no
# head file, record or backups (t0110's recipe: the later steps undone, the
# log as that capphat wrote it).
set_back_v4() {
    rm -rf "$1.head" "$(dirname "$1")/backups" &&
    grep -l "^register $1\$" "$REGISTERS"/*.head | xargs rm -f &&
    sqlite3 "$1" "$(sqlite3 "$1" "SELECT ${SQ}DROP TRIGGER ${SQ} || name || ${SQ};${SQ} FROM sqlite_schema
            WHERE type = ${SQ}trigger${SQ} AND name LIKE ${SQ}touch${SQ} || ${SQ}_%${SQ}")
        $(undo_since_13)
        $(undo_step_12)
        DROP TABLE audit_seal; DROP TABLE touched;
        DROP TRIGGER handover_custody_insert; DROP TRIGGER handover_custody_update;
        ALTER TABLE person DROP COLUMN version; ALTER TABLE device DROP COLUMN version;
        ALTER TABLE handover DROP COLUMN version; ALTER TABLE person DROP COLUMN recognised_on;
        DROP INDEX unit_successor_new; DROP INDEX unit_code;
        CREATE UNIQUE INDEX unit_code ON unit(level, code, valid_from) WHERE code IS NOT NULL;
        DELETE FROM unit_successor WHERE old_id NOT IN (SELECT u.id FROM unit u
            JOIN unit d ON d.id = u.parent_id WHERE d.code IN (${SQ}060${SQ}, ${SQ}061${SQ}, ${SQ}065${SQ})
            OR u.code = ${SQ}02041${SQ});
        DELETE FROM unit WHERE valid_from = ${SQ}2025-07-01${SQ} AND id NOT IN (SELECT new_id FROM unit_successor);
        DELETE FROM setting WHERE key LIKE ${SQ}%@%${SQ};
        PRAGMA user_version = 4;" &&
    "$PYTHON" "$SRC_DIR/tests/cli/old-log.py" "$1" --device-image-9 \
        unit ethnic_group ethnic_alias unit_successor setting receipt_print schema
}

# can_mount: a tmpfs can be mounted here (root in a container that allows it).
MNT=$TEST_DIR/mnt
can_mount() { mkdir -p "$MNT" && mount -t tmpfs -o size=64k tmpfs "$MNT" 2>/dev/null && umount "$MNT"; }
# can_immutable: chattr +i works here (root is not stopped by mode bits).
can_immutable() { : >"$TEST_DIR/probe" && chattr +i "$TEST_DIR/probe" 2>/dev/null &&
    chattr -i "$TEST_DIR/probe" && rm -f "$TEST_DIR/probe"; }
# can_strace: strace can trace a program here (ptrace allowed).
can_strace() { command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; }
# traced STRACE-ARGS... : strace, the program under it without LeakSanitizer
# (which cannot run under ptrace: leaks are checked by the other tests)
traced() { ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace "$@"; }
mnt_cleanup() { umount "$MNT" 2>/dev/null; chattr -R -i "$TEST_DIR" 2>/dev/null; return 0; }
TEST_CLEANUP="$TEST_CLEANUP mnt_cleanup"

YESTERDAY=$(date -d yesterday +%Y-%m-%dT%H:%M:%S)
test_expect_success 'setup: a register, a daily backup yesterday and one after the first handover, then a second handover' '
    CAPPHAT_NOW=$YESTERDAY capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI2 --model "Samsung Galaxy A05" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat init >out && grep -q "^daily backup: $OFFICE/backups/capphat-" out &&
    capphat handover --person 2 --imei $IMEI2 --date 2024-03-05 >/dev/null &&
    capphat check >out && grep -q "^ok: " out && ! grep -q warning out &&
    test -s "$HEAD" && test $(ls "$REGISTERS" | wc -l) = 1 &&
    test $(ls "$OFFICE/backups" | wc -l) = 2 &&
    sqlite3 "$CAPPHAT_DB" "SELECT sql || ${SQ};${SQ} FROM sqlite_schema WHERE name IN
        ($(echo $GUARDS | sed "s/[a-z_]*/${SQ}&${SQ}/g; s/ /, /g"))" >"$TEST_DIR/guards.sql" &&
    cp -a "$OFFICE" "$TEST_DIR/snapshot" && cp -a "$REGISTERS" "$TEST_DIR/snapshot-registers"
'

# The landmarks: the newest backup (BACKUP, its last entry BK: after the
# first handover), yesterday's (OLDEST, last entry BK0), the log's last
# entry L and its hash, the record of this account.
BACKUP=$(ls "$OFFICE"/backups/capphat-2*.db | tail -1)
OLDEST=$(ls "$OFFICE"/backups/capphat-2*.db | head -1)
BK=$(sqlite3 "$BACKUP" "SELECT max(id) FROM audit_log")
BK0=$(sqlite3 "$OLDEST" "SELECT max(id) FROM audit_log")
L=$(sql "SELECT max(id) FROM audit_log")
LHASH=$(sql "SELECT hash FROM audit_log WHERE id = $L")
RECORD=$(ls "$REGISTERS"/*.head)
RESTORED="its log has $((BK + 1)) entries, the last one recording the restore"

test_expect_success 'the landmarks: yesterday'"'"'s backup before the first handover, the newest after it' '
    test $BK0 -lt $BK && test $BK -lt $L && test "$OLDEST" != "$BACKUP" &&
    test "$(sqlite3 "$BACKUP" "SELECT count(*) FROM handover")" = 1 &&
    test "$(sqlite3 "$OLDEST" "SELECT count(*) FROM handover")" = 0
'

# --- the operator ------------------------------------------------------------

test_expect_success 'restore the newest backup: the register kept whole, the restore in the log, check passes' '
    reset &&
    sha256sum "$BACKUP" >backup.sum &&
    capphat restore "$BACKUP" >out 2>err &&
    test ! -s err &&
    kept=$(kept_dir) &&
    case $kept in "$OFFICE"/backups/replaced-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) false ;; esac &&
    printf "%s\n" "restored $CAPPHAT_DB from $BACKUP: $RESTORED" \
        "the register it replaced (log up to entry $L) is kept in $kept, with 0 backups of it" >expect &&
    head -2 out >got && test_cmp expect got &&
    grep -x "ok: the restored register passes its check ($((BK + 1)) entries, [0-9]* records)" out &&
    test $(wc -l <out) = 3 &&
    (cd "$kept" && ls) >kept.ls &&
    printf "%s\n" capphat.db capphat.db.head capphat.db.head.account >expect && test_cmp expect kept.ls &&
    cmp "$kept/capphat.db.head" "$TEST_DIR/snapshot/capphat.db.head" &&
    cmp "$kept/capphat.db.head.account" "$TEST_DIR/snapshot-registers/$(basename "$RECORD")" &&
    test "$(sqlite3 "$kept/capphat.db" "SELECT max(id) || hash FROM audit_log WHERE id = $L")" = "$L$LHASH" &&
    test "$(stat -c %a "$kept")" = 700 &&
    sha256sum -c backup.sum &&
    sql "SELECT action, json_extract(after, ${SQ}\$.from${SQ}), json_extract(after, ${SQ}\$.replaced${SQ}),
         json_extract(after, ${SQ}\$.replaced_last_entry${SQ}) FROM audit_log WHERE id = $((BK + 1))" >entry &&
    echo "register.restore|$BACKUP|$kept|$L" >expect && test_cmp expect entry &&
    test "$(sql "SELECT count(*) FROM handover")" = 1 &&
    grep -q "^head $((BK + 1)) " "$HEAD" && grep -q "^head $((BK + 1)) " "$RECORD" &&
    capphat check --full >out && grep -q "^ok: integrity check passed; audit chain of $((BK + 1)) entries" out &&
    ! grep -q warning out
'

test_expect_success 'the same in Vietnamese, the interface'"'"'s default' '
    reset &&
    LANGUAGE=vi capphat restore "$BACKUP" >out 2>err &&
    test ! -s err && kept=$(kept_dir) &&
    grep -Fx "đã khôi phục $CAPPHAT_DB từ $BACKUP: nhật ký có $((BK + 1)) mục, mục cuối ghi lại việc khôi phục" out &&
    grep -Fx "sổ đăng ký bị thay thế (nhật ký đến mục $L) được giữ trong $kept, cùng 0 bản sao lưu của nó" out &&
    grep -x "ok: sổ đăng ký đã khôi phục qua được kiểm tra ($((BK + 1)) mục, [0-9]* bản ghi)" out
'

test_expect_success 'restore yesterday'"'"'s backup: the newer backup goes with the register it replaced; the next start takes today'"'"'s' '
    reset &&
    capphat restore "$OLDEST" >out &&
    kept=$(kept_dir) &&
    grep -Fx "the register it replaced (log up to entry $L) is kept in $kept, with 1 backup of it" out &&
    test -f "$kept/$(basename "$BACKUP")" && test ! -e "$BACKUP" && test -f "$OLDEST" &&
    test "$(sql "SELECT count(*) FROM handover")" = 0 &&
    capphat check >out && grep -q "^ok: " out &&
    capphat init >out && grep -q "^daily backup: $OFFICE/backups/capphat-" out &&
    capphat check >out && grep -q "^ok: " out
'

test_expect_success 'undo a restore: the register kept in replaced-... restored back, the work after the backup with it' '
    reset &&
    capphat restore "$BACKUP" >/dev/null && kept=$(kept_dir) &&
    capphat restore "$kept/capphat.db" >out &&
    grep -Fx "restored $CAPPHAT_DB from $kept/capphat.db: its log has $((L + 1)) entries, the last one recording the restore" out &&
    test "$(sql "SELECT hash FROM audit_log WHERE id = $L")" = "$LHASH" &&
    test "$(sql "SELECT count(*) FROM handover")" = 2 &&
    capphat check --full >out && grep -q "^ok: " out
'

test_expect_success 'restore twice in one second: two folders, nothing lost' '
    reset &&
    cp "$BACKUP" "$TEST_DIR/usb.db" &&
    capphat restore "$TEST_DIR/usb.db" >out1 && capphat restore "$OLDEST" >out2 &&
    k1=$(sed -n "s/.* is kept in \(.*\), with .*/\1/p" out1) &&
    k2=$(sed -n "s/.* is kept in \(.*\), with .*/\1/p" out2) &&
    test "$k1" != "$k2" && test -f "$k1/capphat.db" && test -f "$k2/capphat.db" &&
    test "$(sqlite3 "$k1/capphat.db" "SELECT max(id) FROM audit_log")" = $L &&
    test "$(sqlite3 "$k2/capphat.db" "SELECT max(id) FROM audit_log")" = $((BK + 1)) &&
    capphat check >out && grep -q "^ok: " out
'

# (its pages, that is: the header of its first page is another matter, below)
# (check --full finds the damage wherever the page falls: a check since the
# last one reads only what changed, and the middle page may be an index's)
test_expect_success 'a damaged register (a page of random bytes) is restored, kept page for page' '
    reset &&
    size=$(stat -c %s "$CAPPHAT_DB") &&
    head -c 4096 /dev/urandom | dd of="$CAPPHAT_DB" bs=4096 seek=$((size / 8192)) conv=notrunc status=none &&
    tail -c +101 "$CAPPHAT_DB" | sha256sum >damaged.sum &&
    test_must_fail capphat check --full >/dev/null 2>&1 &&
    capphat restore "$BACKUP" >out &&
    test "$(tail -c +101 "$(kept_dir)/capphat.db" | sha256sum)" = "$(cat damaged.sum)" &&
    capphat check --full >out && grep -q "^ok: " out
'

test_expect_success 'a new computer with the office key copied: the register restored from a USB copy, check passes' '
    reset &&
    mkdir -p new/home/.config/capphat usb && cp "$KEYFILE" new/home/.config/capphat/ &&
    cp "$BACKUP" usb/capphat-copy.db &&
    (
        export HOME=$TEST_DIR/new/home XDG_STATE_HOME=$TEST_DIR/new/state CAPPHAT_DB=$TEST_DIR/new/capphat.db &&
        capphat restore "$TEST_DIR/usb/capphat-copy.db" >out &&
        grep -Fx "restored $CAPPHAT_DB from $TEST_DIR/usb/capphat-copy.db: $RESTORED" out &&
        ! grep -q "replaced" out &&
        capphat init >/dev/null && person3 >/dev/null &&
        capphat check --full >out && grep -q "^ok: " out && ! grep -q "warning: no office key" out
    )
'

# --- refused, and nothing changed -------------------------------------------

test_expect_success 'a link, a FIFO, a folder, a file that is no register, the database under other spellings: refused' '
    reset &&
    office_state >before &&
    ln -s "$BACKUP" link.db && mkfifo fifo.db && mkdir dir.db && echo junk >junk.db &&
    sqlite3 plain.db "CREATE TABLE t(x)" && ln "$CAPPHAT_DB" hard.db &&
    for f in link.db fifo.db dir.db; do
        test_must_fail capphat restore $f 2>err && one_line_error err "backup ${SQ}$f${SQ} is not a file" || return 1
    done &&
    test_must_fail capphat restore junk.db 2>err &&
    one_line_error err "${SQ}junk.db${SQ} is not a copy of a capphat register: not an SQLite database" &&
    test_must_fail capphat restore plain.db 2>err &&
    one_line_error err "${SQ}plain.db${SQ} is not a copy of a capphat register" &&
    test_must_fail capphat restore "$HEAD" 2>err &&
    one_line_error err "is not a copy of a capphat register" &&
    for f in hard.db "$CAPPHAT_DB" office/capphat.db ./office/../office/capphat.db office//capphat.db; do
        test_must_fail capphat restore "$f" 2>err &&
        one_line_error err "${SQ}$f${SQ} is the database itself, not a backup of it" || return 1
    done &&
    test_must_fail capphat restore 2>err && one_line_error err "restore needs the backup to restore from" &&
    test_must_fail capphat restore "$BACKUP" "$OLDEST" 2>err && one_line_error err "restore needs the backup" &&
    office_state >after && test_cmp before after
'

# as with a folder there: the register is restored, the one line names
# the head file it cannot write, and check names it too
test_expect_success 'a FIFO in the head file'"'"'s place: the restore does not wait on it, one line names it' '
    reset &&
    rm "$HEAD" && mkfifo "$HEAD" &&
    { timeout 20 "$CAPPHAT_BIN" restore "$BACKUP" >out 2>err; echo $? >rc; } &&
    echo 1 >expect && test_cmp expect rc &&
    one_line_error err "cannot write ${SQ}$HEAD${SQ}: it is a named pipe (FIFO)" &&
    kept=$(kept_dir) &&
    test ! -e "$kept/capphat.db.head" && test -f "$kept/capphat.db.head.account" &&
    test "$(sql "SELECT action FROM audit_log WHERE id = $((BK + 1))")" = register.restore &&
    { timeout 20 "$CAPPHAT_BIN" check >out 2>&1; echo $? >rc; } &&
    test_cmp expect rc &&
    grep -Fx "the head file ${SQ}$HEAD${SQ} is not one capphat wrote (edited behind its back)" out
'

test_expect_success 'a copy that fails its check (a row edited, an entry forged, sealed with another key): refused, problems listed' '
    reset &&
    office_state >before &&
    cp "$BACKUP" edited.db && sqlite3 edited.db "UPDATE person SET full_name = ${SQ}Nguyễn Văn Giả${SQ} WHERE id = 1" &&
    test_expect_code 1 capphat restore edited.db >out 2>err &&
    grep -Fx "person 1: differs from its last audited state (altered behind capphat${SQ}s back)" out &&
    one_line_error err "backup ${SQ}edited.db${SQ} fails its check (problems listed above): nothing was restored" &&
    cp "$BACKUP" forged.db &&
    "$PYTHON" "$TEST_DIR/forge.py" forged.db person.edit person 1 "UPDATE person SET full_name = ${SQ}Nguyễn Văn Giả${SQ} WHERE id = 1" &&
    test_expect_code 1 capphat restore forged.db >out 2>err &&
    grep -x "audit entry $((BK + 1)) (person.edit by tester at [-0-9T:Z]*): not sealed — written by a program without this office${SQ}s key" out &&
    one_line_error err "backup ${SQ}forged.db${SQ} fails its check" &&
    mkdir -p other/home && cp "$BACKUP" other/c.db &&
    HOME=$TEST_DIR/other/home XDG_STATE_HOME=$TEST_DIR/other/state capphat --db other/fresh.db init >/dev/null &&
    HOME=$TEST_DIR/other/home XDG_STATE_HOME=$TEST_DIR/other/state capphat --db other/c.db person edit 1 --phone 0912345678 >/dev/null &&
    test_expect_code 1 capphat restore other/c.db >out 2>err &&
    grep -x "audit entry $((BK + 1)) (person.edit by tester at [-0-9T:Z]*): sealed with another key ([0-9a-f]*), not this office${SQ}s ([0-9a-f]*)" out &&
    one_line_error err "fails its check (problems listed above): nothing was restored" &&
    office_state >after && test_cmp before after
'

test_expect_success 'the full-screen program open on the register: refused (English and Vietnamese), the program works on' '
    reset &&
    office_state >before &&
    tui_start LANGUAGE=en &&
    test_must_fail capphat restore "$BACKUP" 2>err &&
    one_line_error err "database ${SQ}$CAPPHAT_DB${SQ} is open in another capphat: close it everywhere first" &&
    test_must_fail env LANGUAGE=vi "$CAPPHAT_BIN" restore "$BACKUP" 2>err &&
    one_line_error err "cơ sở dữ liệu ${SQ}$CAPPHAT_DB${SQ} đang được mở trong một capphat khác: hãy đóng ở mọi nơi trước" &&
    test -z "$(ls -d "$OFFICE"/backups/replaced-* 2>/dev/null)" &&
    tui_keys 2 && tui_wait "Hoàng Thị Bích" &&
    tui_keys F10 && n=0 && while [ ! -e "$TEST_DIR/tui.rc" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done &&
    tui_cleanup &&
    office_state >after && test_cmp before after &&
    capphat check >out && grep -q "^ok: " out
'

test_expect_success 'a backups folder or a database folder that cannot be written: one line, nothing changed' '
    if ! can_immutable; then echo "# skip: chattr +i does not work here" >&2; exit 0; fi
    reset &&
    office_state >before &&
    chattr +i "$OFFICE/backups" &&
    test_must_fail capphat restore "$OLDEST" 2>err; rc=$?
    chattr -i "$OFFICE/backups"
    test $rc = 0 &&
    one_line_error err "cannot make the folder for the replaced register in ${SQ}$OFFICE/backups${SQ}" &&
    office_state >after && test_cmp before after &&
    cp "$OLDEST" usb.db &&
    chattr +i "$OFFICE" &&
    test_must_fail capphat restore usb.db 2>err; rc=$?
    chattr -i "$OFFICE"
    test $rc = 0 &&
    one_line_error err "no permission to write in folder ${SQ}$OFFICE${SQ}" &&
    office_state >after && test_cmp before after
'

test_expect_success 'a full disk (the register, its backups and this account'"'"'s record on a tmpfs): one line, nothing changed' '
    if ! can_mount; then echo "# skip: cannot mount a tmpfs here" >&2; exit 0; fi
    reset &&
    mount -t tmpfs -o size=4m tmpfs "$MNT" &&
    cp -a "$OFFICE" "$MNT/office" && cp -a "$XDG_STATE_HOME" "$MNT/state" &&
    (
        export CAPPHAT_DB=$MNT/office/capphat.db XDG_STATE_HOME=$MNT/state &&
        capphat check >/dev/null && sqlite3 "$CAPPHAT_DB" .dump | sha256sum >dump.before &&
        { dd if=/dev/zero of="$MNT/filler" bs=4096 status=none 2>/dev/null
          dd if=/dev/zero of="$MNT/filler2" bs=512 status=none 2>/dev/null; true; } &&
        test_must_fail capphat restore "$OLDEST" 2>err &&
        one_line_error err "disk full" &&
        test -z "$(ls -d "$MNT"/office/backups/replaced-* 2>/dev/null)" &&
        rm "$MNT/filler" "$MNT/filler2" &&
        sqlite3 "$CAPPHAT_DB" .dump | sha256sum | cmp - dump.before &&
        capphat check >out && grep -q "^ok: " out
    )
    rc=$?; umount "$MNT"; test $rc = 0
'

# --- the heads ---------------------------------------------------------------

test_expect_success 'the register moved with its folder: check passes there, writes go on, a new record for the new path' '
    reset &&
    mv "$OFFICE" "$TEST_DIR/moved" &&
    (
        export CAPPHAT_DB=$TEST_DIR/moved/capphat.db &&
        capphat check >out && grep -q "^ok: " out && ! grep -q warning out &&
        person3 >/dev/null && capphat check >out && grep -q "^ok: " out &&
        test $(ls "$REGISTERS" | wc -l) = 2
    )
    rc=$?; mv "$TEST_DIR/moved" "$OFFICE"; test $rc = 0
'

test_expect_success 'init on the existing register changes neither head' '
    reset &&
    capphat init >out && grep -Fx "$CAPPHAT_DB is up to date (schema version $(sql "PRAGMA user_version"))" out &&
    cmp "$HEAD" "$TEST_DIR/snapshot/capphat.db.head" &&
    cmp "$RECORD" "$TEST_DIR/snapshot-registers/$(basename "$RECORD")"
'

test_expect_success 'check after a restore starts from the restore'"'"'s entry; a row edited since is still named' '
    reset &&
    capphat restore "$BACKUP" >/dev/null &&
    capphat check >out &&
    grep -x "ok: since the last check (entry $((BK + 1))): 0 new entries verified; [0-9]* records changed since match the log (check --full verifies everything)" out &&
    sql "UPDATE person SET full_name = ${SQ}Nguyễn Văn Giả${SQ} WHERE id = 1" &&
    test_expect_code 1 capphat check >out 2>err &&
    grep -Fx "person 1: differs from its last audited state (altered behind capphat${SQ}s back)" out
'

# --- gaps --------------------------------------------------------------------

# Found when trying to break it (now fixed): README's restore steps (cp by hand) leave a register whose check fails for ever (the heads name the cut), and README never names capphat restore
test_expect_success 'README tells the operator to restore with capphat restore' '
    sed -n "/^To restore a backup/,/^\$/p" "$SRC_DIR/README.md" >para &&
    test -s para &&
    grep -q "capphat restore" para &&
    ! grep -q "^cp \|copy the backup to the database" para
'

# Found when trying to break it (now fixed): a missing backup is called "not a file", an empty one "no such table: audit_log", and the Vietnamese message carries SQLite's English
test_expect_success 'messages for a missing or empty backup say so, in the operator'"'"'s language' '
    reset &&
    : >empty.db &&
    test_must_fail capphat restore missing.db 2>err &&
    one_line_error err "missing.db" && grep -q "No such file or directory" err &&
    test_must_fail capphat restore empty.db 2>err &&
    one_line_error err "empty.db" && grep -q "empty" err && ! grep -q "no such table" err &&
    test_must_fail env LANGUAGE=vi "$CAPPHAT_BIN" restore empty.db 2>err &&
    ! grep -q "no such table\|file is not a database" err &&
    echo junk >junk.db &&
    test_must_fail env LANGUAGE=vi "$CAPPHAT_BIN" restore junk.db 2>err &&
    ! grep -q "no such table\|file is not a database" err
'

# Found when trying to break it (now fixed): a copy with a -wal beside it is checked with the -wal but restored without it: entries the check saw (and the "ok") are not in the register
test_expect_success 'a copy taken with its -wal: the register restored is the one that was checked' '
    reset &&
    wal_pair usb &&
    test -s usb/capphat.db-wal &&
    if capphat restore "$TEST_DIR/usb/capphat.db" >out 2>err; then
        capphat person list | cut -f2 | grep -qx "Lê Văn Cường"
    else
        test "$(sql "SELECT count(*) FROM person")" = 3 &&
        test -z "$(ls -d "$OFFICE"/backups/replaced-* 2>/dev/null)"
    fi
'

# Found when trying to break it (now fixed): a copy of another register (sealed with the same key) replaces the office's register without a word
test_expect_success 'a copy of another register: refused, nothing changed' '
    reset &&
    mkdir -p demo &&
    CAPPHAT_OPERATOR=other capphat --db demo/d.db init >/dev/null &&
    CAPPHAT_OPERATOR=other capphat --db demo/d.db person add --name "Người Khác" --gender M \
        --birth-year 1960 --ethnic Tày --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    capphat --db demo/d.db backup demo-copy.db >/dev/null &&
    test "$(sqlite3 demo-copy.db "SELECT hash FROM audit_log WHERE id = 1")" != "$(sql "SELECT hash FROM audit_log WHERE id = 1")" &&
    office_state >before &&
    test_must_fail capphat restore demo-copy.db 2>err &&
    one_line_error err "another register" &&
    office_state >after && test_cmp before after
'

# The older register: made by the program of schema version 4, upgraded by
# this one (a copy of version 4 in its backups), then worked on.
OLDREG=$TEST_DIR/old
test_expect_success 'setup: a register of version 4, upgraded, then a third person' '
    mkdir -p "$OLDREG" && (
        export CAPPHAT_DB=$OLDREG/capphat.db &&
        capphat init >/dev/null &&
        add_person "Nguyễn Văn An" >/dev/null && add_person "Hoàng Thị Bích" --gender F >/dev/null &&
        capphat device add --delivered 2023-06-01 --imei $IMEI3 --model "Nokia 105" >/dev/null &&
        capphat handover --person 1 --imei $IMEI3 --date 2024-03-01 >/dev/null &&
        set_back_v4 "$CAPPHAT_DB" &&
        test "$(sql "PRAGMA user_version")" = 4 &&
        capphat init >out && grep -q "^upgraded $CAPPHAT_DB to schema version .* (backup: $OLDREG/backups/capphat-before-v4-" out &&
        person3 >/dev/null && capphat check --full >out && grep -q "^ok: " out
    ) &&
    cp -a "$OLDREG" "$TEST_DIR/old-snapshot"
'
OLDCOPY=$(ls "$OLDREG"/backups/capphat-before-v4-*.db 2>/dev/null)
old_reset() { rm -rf "$OLDREG" && cp -a "$TEST_DIR/old-snapshot" "$OLDREG"; }

test_expect_success 'restore the copy of version 4 the upgrade took: upgraded again, check passes, the third person gone' '
    old_reset && (
        export CAPPHAT_DB=$OLDREG/capphat.db &&
        test "$(sqlite3 "$OLDCOPY" "PRAGMA user_version")" = 4 &&
        capphat restore "$OLDCOPY" >out &&
        grep -q "^restored $CAPPHAT_DB from $OLDCOPY: its log has" out &&
        grep -q "^ok: the restored register passes its check" out &&
        ! capphat person list | grep -q "Lê Văn Cường" &&
        capphat check --full >out && grep -q "^ok: " out
    )
'

# Found when trying to break it (now fixed): a copy of an older version is not checked before it replaces the register (it cannot be opened read-only): one that fails its check is restored, then reported
test_expect_success 'a copy of version 4 with a row edited: refused before anything is moved' '
    old_reset && (
        export CAPPHAT_DB=$OLDREG/capphat.db &&
        cp "$OLDCOPY" edited.db &&
        sqlite3 edited.db "UPDATE person SET full_name = ${SQ}Nguyễn Văn Giả${SQ} WHERE id = 1" &&
        h=$(db_hash) &&
        test_expect_code 1 capphat restore edited.db >out 2>err &&
        grep -Fx "person 1: differs from its last audited state (altered behind capphat${SQ}s back)" out &&
        one_line_error err "backup ${SQ}edited.db${SQ} fails its check (problems listed above): nothing was restored" &&
        unchanged_after "$h" && test -z "$(ls -d "$OLDREG"/backups/replaced-* 2>/dev/null)"
    )
'

# Found when trying to break it (now fixed): a copy set back to an older version with a forged, chained entry is upgraded and its forgery sealed with the office key by restore: check then passes
test_expect_success 'a copy of version 4 with a forged entry: not sealed by the restore, refused' '
    old_reset && (
        export CAPPHAT_DB=$OLDREG/capphat.db &&
        cp "$OLDCOPY" forged.db &&
        "$PYTHON" "$TEST_DIR/forge.py" forged.db person.edit person 1 "UPDATE person SET full_name = ${SQ}Nguyễn Văn Giả${SQ} WHERE id = 1" &&
        h=$(db_hash) &&
        test_must_fail capphat restore forged.db >out 2>err &&
        unchanged_after "$h" &&
        ! capphat person list | grep -q "Nguyễn Văn Giả"
    )
'

# Found when trying to break it (now fixed): restored on a computer without the office key, the copy's seals are not verified and restore says "ok" without a word of it
test_expect_success 'a new computer without the office key: restore says the seals were not verified' '
    reset &&
    mkdir -p nokey/home usb && cp "$BACKUP" usb/capphat-copy.db &&
    (
        export HOME=$TEST_DIR/nokey/home XDG_STATE_HOME=$TEST_DIR/nokey/state CAPPHAT_DB=$TEST_DIR/nokey/capphat.db &&
        capphat restore "$TEST_DIR/usb/capphat-copy.db" >out &&
        grep -q "^warning: no office key on this computer" out
    )
'

# Found when trying to break it (now fixed): init on a computer without the office key makes a new one for a register sealed with another: every entry then fails check ("sealed with another key"), for ever
test_expect_success 'a new computer without the office key: init makes no other key for the restored register' '
    reset &&
    mkdir -p nokey2/home usb && cp "$BACKUP" usb/capphat-copy.db &&
    (
        export HOME=$TEST_DIR/nokey2/home XDG_STATE_HOME=$TEST_DIR/nokey2/state CAPPHAT_DB=$TEST_DIR/nokey2/capphat.db &&
        capphat restore "$TEST_DIR/usb/capphat-copy.db" >/dev/null &&
        { capphat init >/dev/null 2>&1 || :; } &&
        test ! -e "$HOME/.config/capphat/office.key" &&
        capphat check >out && ! grep -q "sealed with another key" out
    )
'

# Found when trying to break it (now fixed): after one account restores, every other account that wrote the register fails check ("entries were cut from its end") for ever, and its writes stop the head file
test_expect_success 'two accounts write the register, one restores: the other'"'"'s check passes, its writes advance the heads' '
    reset &&
    mkdir -p b/home/.config && cp -a "$HOME/.config/capphat" b/home/.config/ &&
    B="env HOME=$TEST_DIR/b/home XDG_STATE_HOME=$TEST_DIR/b/state $CAPPHAT_BIN" &&
    $B person edit 2 --phone 0912345678 >/dev/null && $B check >out && grep -q "^ok: " out &&
    capphat restore "$BACKUP" >/dev/null &&
    capphat check >out && grep -q "^ok: " out &&
    $B check >out 2>err && grep -q "^ok: " out &&
    $B person edit 1 --phone 0912345679 >/dev/null &&
    last=$(sql "SELECT max(id) FROM audit_log") &&
    grep -q "^head $last " "$HEAD" &&
    capphat check >out && grep -q "^ok: " out
'

# Found when trying to break it (now fixed): a restore killed after it moved the register away leaves no register at its path; capphat then says "does not exist; create it with 'capphat init'"
test_expect_success 'kill -9 as the copy takes the database'"'"'s name: a register is still there' '
    if ! can_strace; then echo "# skip: strace cannot trace here" >&2; exit 0; fi
    reset &&
    { traced -f -o /dev/null -e trace=linkat -e inject=linkat:signal=KILL:when=1 \
        "$CAPPHAT_BIN" restore "$BACKUP"; true; } &&
    test -f "$CAPPHAT_DB" &&
    capphat person list >list && grep -q "Hoàng Thị Bích" list
'

# Found when trying to break it (now fixed): a restore killed after the copy took the database's name, before its entry was written, leaves the register replaced without any record of the restore
test_expect_success 'kill -9 while the replaced backups are moved: the old register, or the copy with its restore entry' '
    if ! can_strace; then echo "# skip: strace cannot trace here" >&2; exit 0; fi
    reset &&
    { traced -f -o /dev/null -e trace=rename -e inject=rename:signal=KILL:when=4 \
        "$CAPPHAT_BIN" restore "$OLDEST"; true; } &&
    last=$(sql "SELECT max(id) FROM audit_log") &&
    { test "$(sql "SELECT hash FROM audit_log WHERE id = $L")" = "$LHASH" ||
      test "$(sql "SELECT action FROM audit_log WHERE id = $last")" = register.restore; }
'

# Found when trying to break it (now fixed): a disk that fills up during a restore can leave the register replaced with no restore entry, and say only "the disk is full" or "disk I/O error" (or fail a restore that was done)
test_expect_success 'a disk that fills up during a restore: refused with the old register in place, or done' '
    if ! can_mount; then echo "# skip: cannot mount a tmpfs here" >&2; exit 0; fi
    reset &&
    mount -t tmpfs -o size=4m tmpfs "$MNT" &&
    (
        export CAPPHAT_DB=$MNT/office/capphat.db XDG_STATE_HOME=$MNT/state &&
        bad= &&
        for x in 4096 8192 12288 16384 24576 32768 49152; do
            rm -rf "$MNT/office" "$MNT/state" "$MNT/filler" &&
            cp -a "$TEST_DIR/snapshot" "$MNT/office" && mkdir -p "$MNT/state/capphat" &&
            capphat check >/dev/null &&
            old=$(sql "SELECT max(id) || hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)") &&
            free=$(df -B1 --output=avail "$MNT" | tail -1) &&
            dd if=/dev/zero of="$MNT/filler" bs=4096 count=$(( (free - $(stat -c %s "$OLDEST") - x) / 4096 )) status=none &&
            if capphat restore "$OLDEST" >out 2>err; then
                rm "$MNT/filler" &&
                test "$(sql "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = register.restore ||
                    bad="$bad $x:done-without-entry"
            else
                rm "$MNT/filler" &&
                now=$(sql "SELECT max(id) || hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
                test "$now" = "$old" || bad="$bad $x:failed-but-replaced($(cat err))"
            fi || exit 1
        done &&
        echo "bad:$bad" && test -z "$bad"
    )
    rc=$?; umount "$MNT"; test $rc = 0
'

# Found when trying to break it (now fixed): with the database on another file system than ~/.local/state, restore always fails: "cannot move ...registers/ID.head ...: Invalid cross-device link"
test_expect_success 'the register on another file system than this account'"'"'s state: restore works' '
    if ! can_mount; then echo "# skip: cannot mount a tmpfs here" >&2; exit 0; fi
    reset &&
    mount -t tmpfs -o size=4m tmpfs "$MNT" &&
    cp -a "$TEST_DIR/snapshot" "$MNT/office" &&
    (
        export CAPPHAT_DB=$MNT/office/capphat.db &&
        person3 >/dev/null &&
        capphat restore "$MNT/office/backups/$(basename "$BACKUP")" >out 2>err &&
        test -f "$MNT"/office/backups/replaced-*/capphat.db.head.account &&
        capphat check >out && grep -q "^ok: " out
    )
    rc=$?; umount "$MNT"; test $rc = 0
'

# Found when trying to break it (now fixed): a refused restore switches the database out of WAL: its header is rewritten although nothing was restored
test_expect_success 'a refused restore leaves the database file byte for byte' '
    if ! can_immutable; then echo "# skip: chattr +i does not work here" >&2; exit 0; fi
    reset &&
    h=$(db_hash) &&
    chattr +i "$OFFICE/backups" &&
    test_must_fail capphat restore "$OLDEST" 2>err; rc=$?
    chattr -i "$OFFICE/backups"
    test $rc = 0 && unchanged_after "$h"
'

# Found when trying to break it (now fixed): with the database gone (or unreadable), restore overwrites its head file and this account's record, the only trace of how far it went, and says "log up to entry 0"
test_expect_success 'the database lost, its heads there: restore keeps the heads and names their entry' '
    reset &&
    mkdir lost && mv "$CAPPHAT_DB" lost/ &&
    capphat restore "$BACKUP" >out &&
    ! grep -q "entry 0" out &&
    grep -q "entry $L" out &&
    kept=$(kept_dir) &&
    grep -q "^head $L $LHASH " "$kept/capphat.db.head" &&
    grep -q "^head $L $LHASH " "$kept/capphat.db.head.account"
'

# Found when trying to break it (now fixed): with the database gone but its -wal left, the -wal is replayed onto the copy: restore fails "malformed", a damaged file takes the database's name and the -wal is gone
test_expect_success 'the database lost, its -wal left: the copy restored clean, the -wal kept' '
    reset &&
    wal_pair lost &&
    rm "$CAPPHAT_DB" && cp lost/capphat.db-wal "$CAPPHAT_DB-wal" &&
    capphat restore "$BACKUP" >out 2>err &&
    capphat check --full >out && grep -q "^ok: " out &&
    cmp "$(kept_dir)/capphat.db-wal" lost/capphat.db-wal
'

# Found when trying to break it (now fixed): a capphat started while a restore sets the register aside works on the register being replaced (the full-screen program for its whole session), and the restore's report leaves its entries out
test_expect_success 'a command started during a restore: waits or is refused, never writes into the register set aside' '
    if ! can_strace; then echo "# skip: strace cannot trace here" >&2; exit 0; fi
    reset &&
    { traced -f -o /dev/null -e trace=mkdir -e inject=mkdir:delay_exit=1500000:when=2 \
        "$CAPPHAT_BIN" restore "$BACKUP" >restore.out 2>&1 & } && pid=$! &&
    n=0 && while [ -z "$(ls -d "$OFFICE"/backups/replaced-* 2>/dev/null)" ] && [ $n -lt 200 ]; do
        sleep 0.05; n=$((n + 1)); done &&
    { if person3 >/dev/null 2>err; then added=1; else added=0; fi; } &&
    wait $pid && cat restore.out &&
    if [ $added = 1 ]; then
        capphat person list | cut -f2 | grep -qx "Lê Văn Cường"
    else
        ! sqlite3 "$(kept_dir)/capphat.db" "SELECT full_name FROM person" | grep -qx "Lê Văn Cường"
    fi
'

# Found when trying to break it (now fixed): after the register is deleted, capphat says "create it with 'capphat init'", and init overwrites this account's record of the lost register
test_expect_success 'the register, its head file and backups deleted: capphat names the restore, init keeps the record' '
    reset &&
    rm -rf "$CAPPHAT_DB" "$HEAD" "$OFFICE/backups" &&
    test_must_fail capphat check 2>err &&
    ! grep -q "create it with" err && grep -q "capphat restore" err &&
    { capphat init >/dev/null 2>&1 || :; } &&
    grep -rq "^head $L $LHASH " "$XDG_STATE_HOME/capphat"
'

test_expect_success 'init where a register was, a record kept there before under the same second: neither is written over' '
    reset &&
    rec=$(ls "$REGISTERS"/*.head | head -1) && test -f "$rec" &&
    rm -rf "$CAPPHAT_DB" "$OFFICE/backups" &&
    now=$(date +%s) &&
    for d in 0 1 2 3; do
        echo planted >"$rec.replaced-$(date -d @$((now + d)) +%Y%m%d-%H%M%S)"; done &&
    { capphat init >/dev/null 2>&1 || :; } &&
    test "$(cat "$rec".replaced-* | grep -c "^planted$")" = 4 &&
    grep -q "^head $L $LHASH " "$rec".replaced-*-2
'

# Found when trying to break it (now fixed): the database replaced by a symbolic link to it under another name escapes this account's record (kept by real path): a cut tail draws only a warning
test_expect_success 'the last handover cut, the database behind a symbolic link, the head file deleted: check names the cut' '
    reset &&
    sqlite3 "$CAPPHAT_DB" "PRAGMA foreign_keys = off; $(drop_guards)
        DELETE FROM audit_seal WHERE id > $BK; DELETE FROM audit_log WHERE id > $BK;
        DELETE FROM handover WHERE id = 2; UPDATE device SET status = ${SQ}in_stock${SQ} WHERE id = 2" &&
    sqlite3 "$CAPPHAT_DB" <"$TEST_DIR/guards.sql" &&
    mv "$CAPPHAT_DB" "$OFFICE/.register.db" && ln -s .register.db "$CAPPHAT_DB" && rm "$HEAD" &&
    test_expect_code 1 capphat check >problems 2>err &&
    grep -F "recorded in this account${SQ}s record of the register" problems | grep -q "entry $L"
'

# Found when trying to break it (now fixed): restoring from the register a restore kept (to undo it) writes a "checked" line into the kept head file and makes an account record for the kept copy
test_expect_success 'undo a restore: the folder it restores from is left as it was' '
    reset &&
    capphat restore "$BACKUP" >/dev/null && kept=$(kept_dir) &&
    cp -a "$kept" kept.before && ls "$REGISTERS" >records.before &&
    capphat restore "$kept/capphat.db" >/dev/null &&
    diff -r kept.before "$kept" &&
    ls "$REGISTERS" >records.after && test_cmp records.before records.after
'

# Found when trying to break it (now fixed): the backups folder replaced by a symbolic link: restore moves the register through it (the daily backup refuses such a folder)
test_expect_success 'the backups folder a symbolic link to another folder: refused, nothing moved through it' '
    reset &&
    mkdir elsewhere && mv "$OFFICE"/backups/* elsewhere/ && rmdir "$OFFICE/backups" &&
    ln -s "$TEST_DIR/elsewhere" "$OFFICE/backups" &&
    h=$(db_hash) &&
    test_must_fail capphat restore "$TEST_DIR/elsewhere/$(basename "$OLDEST")" 2>err &&
    one_line_error err "backups folder" &&
    unchanged_after "$h" && test -z "$(ls -d elsewhere/replaced-* 2>/dev/null)"
'

# Found when trying to break it (now fixed): restore's report prints the backup's name raw: a name carrying an escape sequence reaches the terminal (its errors escape it)
test_expect_success 'a backup named with an escape sequence: the report shows it escaped' '
    reset &&
    name=$(printf "copy\033]0;pwned\007.db") &&
    cp "$BACKUP" "$name" &&
    capphat restore "$name" >out 2>err &&
    grep -q "^restored " out &&
    ! grep -q "$(printf "\033")" out
'

test_done

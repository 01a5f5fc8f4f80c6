#!/bin/sh
# capphat init: creates the database (mode 0600), loads the reference data,
# is idempotent, finds the file by --db / $CAPPHAT_DB / $XDG_DATA_HOME, and
# refuses files it must not touch without changing a byte of them.
# store: file (the register file init makes; init on a server: t2960)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

counts() {
    sqlite3 "$1" "select (select count(*) from unit), (select count(*) from ethnic_group),
                         (select count(*) from ethnic_alias), (select count(*) from audit_log),
                         (select count(*) from setting)"
}

test_expect_success 'init creates the file mode 0600 even with umask 000' '
    (umask 000 && capphat init >out) &&
    test "$(stat -c %a "$CAPPHAT_DB")" = 600
'

test_expect_success 'init prints the path and the counts of the reference data' '
    rm -rf "$CAPPHAT_DB"* "$TEST_DIR/backups" &&
    capphat init >out &&
    sql "pragma user_version" >version &&
    test "$(cat version)" -ge 1 &&
    grep -F "created $CAPPHAT_DB (schema version $(cat version))" out &&
    grep -F "8 districts and 108 communes until 30/06/2025, 92 communes from 01/07/2025, 54 ethnic groups" out
'

test_expect_success 'the reference data is in the file (districts of Bắc Kạn)' '
    sql "select name from unit where level = ${SQ}district${SQ} order by code" >names &&
    grep -x "Ba Bể" names && grep -x "Pác Nặm" names && grep -x "Chợ Mới" names &&
    test "$(wc -l <names)" = 8
'

# the shipped reference files, without their header
DATA=$SRC_DIR/data
rows() { tail -n +2 "$DATA/$1"; }

test_expect_success 'the whole province of 2025: the units and mapping of the shipped files' '
    rows bac_kan_2025_mapping.csv | cut -d, -f1 | sort -u >old_codes &&
    rows bac_kan_2025_mapping.csv | cut -d, -f4 | sort -u >new_codes &&
    test "$(wc -l <old_codes)" = 108 && test "$(wc -l <new_codes)" = 37 &&
    test "$(rows thai_nguyen_2025_units.csv | wc -l)" = 92 &&
    sql "select o.code, n.code from unit_successor s join unit o on o.id = s.old_id
         join unit n on n.id = s.new_id where s.effective = ${SQ}2025-07-01${SQ}
         and o.valid_to = ${SQ}2025-07-01${SQ} and n.valid_from = ${SQ}2025-07-01${SQ}
         order by 1, 2" | tr "|" , >pairs &&
    rows bac_kan_2025_mapping.csv | cut -d, -f1,4 | sort >want &&
    test_cmp want pairs &&
    sql "select u.code, u.name, u.kind, p.code, p.name from unit u join unit p on p.id = u.parent_id
         where u.level = ${SQ}commune${SQ} and u.valid_from = ${SQ}2025-07-01${SQ}
         and u.valid_to is null order by u.code" | tr "|" , >units &&
    rows thai_nguyen_2025_units.csv | sort >want &&
    test_cmp want units &&
    sql "select count(*) from unit where level = ${SQ}commune${SQ} and valid_from is null
         and valid_to = ${SQ}2025-07-01${SQ}" >old &&
    test "$(cat old)" = 108
'

test_expect_success 'a second init says up to date and changes nothing' '
    h=$(db_hash) &&
    counts "$CAPPHAT_DB" >before &&
    capphat init >out &&
    grep -F "$CAPPHAT_DB is up to date (schema version $(cat version))" out &&
    unchanged_after "$h" &&
    counts "$CAPPHAT_DB" >after &&
    test_cmp before after &&
    capphat check >out &&
    grep "^ok: " out
'

test_expect_success 'init takes no arguments (usage error, exit 2)' '
    h=$(db_hash) &&
    test_expect_code 2 capphat init extra 2>err &&
    one_line_error err "init takes no arguments" &&
    unchanged_after "$h"
'

test_expect_success 'an empty file is initialised in place' '
    : >empty.db &&
    capphat --db empty.db init >out &&
    grep "^created empty.db" out &&
    capphat --db empty.db check
'

test_expect_success 'a file left without a table by a killed init is made by the next init' '
    sqlite3 notable.db "create table t(x); drop table t;" &&
    test -s notable.db &&
    test_must_fail capphat --db notable.db person list 2>err &&
    one_line_error err "database ${SQ}notable.db${SQ} is empty; create it with ${SQ}capphat init${SQ}" &&
    capphat --db notable.db init >out &&
    grep "^created notable.db" out &&
    capphat --db notable.db check >/dev/null &&
    test "$(capphat --db notable.db person list | wc -l)" = 1
'

test_expect_success 'default path: $XDG_DATA_HOME/capphat/capphat.db, folders made 0700' '
    unset CAPPHAT_DB &&
    XDG_DATA_HOME=$TEST_DIR/xdg-new/deeper &&
    export XDG_DATA_HOME &&
    test ! -e "$XDG_DATA_HOME" &&
    capphat init >out &&
    test -f "$XDG_DATA_HOME/capphat/capphat.db" &&
    test "$(stat -c %a "$XDG_DATA_HOME/capphat/capphat.db")" = 600 &&
    test "$(stat -c %a "$XDG_DATA_HOME/capphat")" = 700 &&
    grep -F "$XDG_DATA_HOME/capphat/capphat.db" out
'

test_expect_success 'without $XDG_DATA_HOME: ~/.local/share/capphat/capphat.db' '
    unset CAPPHAT_DB XDG_DATA_HOME &&
    capphat init >out &&
    test -f "$HOME/.local/share/capphat/capphat.db" &&
    capphat person list >list &&
    test "$(wc -l <list)" = 1
'

test_expect_success '--db wins over $CAPPHAT_DB, which wins over $XDG_DATA_HOME' '
    CAPPHAT_DB=$TEST_DIR/env.db capphat --db "$TEST_DIR/opt.db" init &&
    test -f opt.db && test ! -e env.db &&
    CAPPHAT_DB=$TEST_DIR/env.db capphat --db="$TEST_DIR/opt2.db" init &&
    test -f opt2.db && test ! -e env.db &&
    XDG_DATA_HOME=$TEST_DIR/xdg3 CAPPHAT_DB=$TEST_DIR/env.db capphat init &&
    test -f env.db && test ! -e xdg3
'

test_expect_success '--db without a value is a usage error' '
    test_must_fail capphat --db 2>err &&
    one_line_error err "option --db needs a value"
'

test_expect_success 'a database of a newer capphat is refused, byte-identical' '
    cp "$CAPPHAT_DB" newer.db &&
    sqlite3 newer.db "pragma user_version = 99" &&
    h=$(sha256sum <newer.db) &&
    test_must_fail capphat --db newer.db init >out 2>err &&
    one_line_error err "newer.db${SQ} was made by a newer capphat (schema version 99; this program knows up to $(cat version))" &&
    test ! -s out &&
    test_must_fail capphat --db newer.db person list 2>err &&
    one_line_error err "made by a newer capphat" &&
    test "$(sha256sum <newer.db)" = "$h"
'

test_expect_success 'a newer database in rollback-journal mode is left byte-identical too' '
    capphat backup plain.db &&
    sqlite3 plain.db "pragma user_version = 77" &&
    test "$(sqlite3 plain.db "pragma journal_mode")" = delete &&
    h=$(sha256sum <plain.db) &&
    test_must_fail capphat --db plain.db init 2>err &&
    one_line_error err "schema version 77" &&
    test "$(sha256sum <plain.db)" = "$h"
'

test_expect_success "an SQLite file that is not capphat's is refused, byte-identical" '
    sqlite3 other.db "create table t(x); insert into t values (1)" &&
    h=$(sha256sum <other.db) &&
    test_must_fail capphat --db other.db init 2>err &&
    one_line_error err "${SQ}other.db${SQ} is an SQLite file but not a capphat database" &&
    test_must_fail capphat --db other.db person list 2>err &&
    one_line_error err "not a capphat database" &&
    test "$(sha256sum <other.db)" = "$h" &&
    test "$(sqlite3 other.db "select x from t")" = 1
'

test_expect_success 'init on a folder is refused' '
    mkdir folder.db &&
    test_must_fail capphat --db folder.db init 2>err &&
    one_line_error err "database ${SQ}folder.db${SQ} is a folder, not a file"
'

test_expect_success 'init where the folder cannot be made says why, leaves nothing' '
    : >afile &&
    test_must_fail capphat --db afile/sub/x.db init 2>err &&
    one_line_error err "cannot create database ${SQ}afile/sub/x.db${SQ}" &&
    test -f afile && test ! -s afile
'

test_expect_success '--version and --help exit 0' '
    capphat --version >out && grep "^capphat [0-9]" out &&
    capphat --help >out && grep "^  init " out && grep "^  backup " out &&
    capphat init --help >out && grep "^usage: capphat \[--db FILE\] init" out
'

test_expect_success 'a register made again where one was: check passes, the earlier one'"'"'s backups kept' '
    capphat --db again.db init >/dev/null &&
    capphat --db again.db person add --name "Lý Văn Trước" --gender M --birth-year 1960 \
        --ethnic Tày --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    ls backups/again-*.db >before &&
    rm again.db &&
    capphat --db again.db init >out 2>err &&
    grep -F "a register was at this path before" err &&
    capphat --db again.db check >out &&
    grep -F "ok: integrity check passed" out &&
    ls backups/again-*.db >after && test_cmp before after
'

test_done

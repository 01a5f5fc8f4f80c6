#!/bin/sh
# Citizen IDs on the screen: the search box finds a person by the whole
# number only, never by a part of it; the record and the edit form show it
# masked; F3 shows it in full after writing one show_id entry in the audit
# log; saving the form with the masked number untouched keeps the stored
# number, a new number typed replaces it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

CCCD=006123452630
MASKED='006*****2630'
SQ="'"

shows_count() { sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log where action = 'show_id' and entity = 'privacy' and entity_id = 1"; }

# search TEXT COUNT: the People search box, cleared first, shows COUNT found
search() {
    tui_keys Escape && tui_wait "Prestigious persons: 2" &&
    tui_keys / && tui_type "$1" && tui_wait "Search: $1" &&
    tui_wait "Prestigious persons: $2"
}

test_expect_success 'setup: a person with a citizen ID, another without' '
    capphat init >/dev/null &&
    capphat person add --name "Triệu Thị Mai" --gender F --birth-year 1923 --district "ba be" \
        --commune "cho ra" --cccd $CCCD >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" \
        --commune "cho ra" --phone 0912345678 >/dev/null
'

test_expect_success 'the search box: no part of the citizen ID finds the person' '
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    for part in 006 0061 006123 0061234 00612345263 2630 452630 12345263 234526 6123452; do
        search "$part" 0 || return 1
    done &&
    ! tui_screen | grep -q "Triệu Thị Mai"
'

test_expect_success 'the search box: the whole citizen ID finds the person, shown masked' '
    search "$CCCD" 1 &&
    tui_wait "Triệu Thị Mai" &&
    tui_screen | grep "Triệu Thị Mai" | grep -qF "$MASKED" &&
    search 345678 1 && tui_wait "Lục Văn Đông"
'

test_expect_success 'the record shows the ID masked; F3 shows it after one show_id entry' '
    search "$CCCD" 1 &&
    tui_keys Enter Enter && tui_wait "Citizen ID (CCCD)" &&
    tui_screen | grep -qF "$MASKED" && ! tui_screen | grep -qF "$CCCD" &&
    test "$(shows_count)" = 0 &&
    tui_screen | grep -q "F3Show ID" &&
    tui_keys F3 && tui_wait "$CCCD" &&
    tui_wait "the audit log records it" &&
    test "$(shows_count)" = 1
'

test_expect_success 'the edit form shows it masked; F3 shows it after one more entry' '
    tui_keys F4 && tui_wait "Edit person" &&
    tui_screen | grep "Citizen ID" | grep -qF "$MASKED" && ! tui_screen | grep -qF "$CCCD" &&
    tui_screen | grep -q "F3Show ID" &&
    tui_keys F3 && tui_wait "$CCCD" &&
    test "$(shows_count)" = 2 &&
    tui_keys F3 && tui_wait "no hidden citizen ID" &&
    test "$(shows_count)" = 2 &&
    tui_keys Escape && tui_wait "Triệu Thị Mai  (#1)"
'

# help_shows TEXT: a page of the help screen shows TEXT (paging down)
help_shows() {
    for _p in 1 2 3 4 5 6 7 8; do
        tui_screen | grep -q -- "$1" && return 0
        tui_keys PgDn && sleep 0.2
    done
    echo "the help never showed $1" >&2
    return 1
}

test_expect_success 'F1 lists the key in forms and records with what it does' '
    tui_keys F1 && tui_wait "capphat — help" &&
    help_shows "F3 *Show ID — show a person.s citizen ID in full" &&
    tui_keys Escape && tui_wait "Triệu Thị Mai  (#1)"
'

test_expect_success 'saving the form with the masked ID untouched keeps the stored number' '
    tui_keys F4 && tui_wait "Edit person" &&
    tui_screen | grep -qF "$MASKED" &&
    tui_keys F2 && tui_wait "saved: Triệu Thị Mai" &&
    capphat person show 1 --show-id >out &&
    grep -F "$CCCD" out && ! grep -F "$MASKED" out &&
    test "$(sqlite3 "$CAPPHAT_DB" "select id_number from person where id = 1")" = $CCCD &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log where action = ${SQ}person.edit${SQ}")" = 0
'

test_expect_success 'a change of the birth year names the stored ID masked' '
    tui_keys F4 && tui_wait "Edit person" &&
    tui_keys Tab Tab && tui_keys C-u && tui_type 1930 && tui_keys F2 &&
    tui_wait "encodes birth year 1923" &&
    tui_screen | grep -F "encodes birth year" | grep -qF "$MASKED" &&
    ! tui_screen | grep -qF "$CCCD" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y && tui_wait "Triệu Thị Mai  (#1)" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select birth_year from person where id = 1")" = 1923
'

test_expect_success 'a new number typed over the masked one replaces it' '
    tui_keys F4 && tui_wait "Edit person" &&
    for i in 1 2 3 4 5 6 7; do tui_keys Tab || return 1; done &&
    tui_keys C-u && tui_type 006123450001 && tui_keys F2 &&
    tui_wait "saved: Triệu Thị Mai" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select id_number from person where id = 1")" = 006123450001 &&
    tui_quit
'

test_done

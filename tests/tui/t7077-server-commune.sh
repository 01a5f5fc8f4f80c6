#!/bin/sh
# A commune operator's day on a register on a PostgreSQL server, in the
# full-screen program: the Overview, People and Devices of its communes; a
# handover to one of its persons; and what it may not do, each said in one
# clear line naming whose record it is, never a server error or an empty
# screen: a phone or a receipt of another commune scanned, a handover of
# another commune's phone, a person added in another commune, the office's
# settings, the check and the backup of the whole register. The audit list
# of its person names the operator. Runs only where a private server can
# start (tests/lib/pgserver.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

if ! private_server; then
    test_skip "a commune operator's day on a server register" \
        "no PostgreSQL server could be started: $(head -n 1 "$TEST_DIR/pg.err")"
    test_done
    exit
fi
export CAPPHAT_SERVER=1
SQ="'"
OP=$(printf "%s" "$ADDR" | sed "s|user=[a-z_]*|user=chora|")
TUI_ARGS="--db '$OP'"

# the status area, joined: the lines between the screen and the F-key bar
# that hold the message (up to three), each one column in
status_text() { tui_screen | tail -n 4 | head -n 3 | sed "s/^ //" | tr "\n" " "; }

test_expect_success 'setup: the demo on the server, an operator of Chợ Rã' '
    capphat --db "$ADDR" init >/dev/null &&
    capphat --db "$ADDR" demo >/dev/null &&
    capphat --db "$ADDR" operator add chora --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    capphat --db "$OP" person list >mine &&
    capphat --db "$ADDR" device list >all &&
    capphat --db "$OP" device list >devices &&
    # one of its persons without a phone, a phone in stock
    awk -F "	" "NR > 1 && \$11 == \"\" { print \$1; exit }" mine >pid &&
    awk -F "	" "NR > 1 && \$11 == \"\" { print \$2; exit }" mine >pname &&
    awk -F "	" "NR > 1 && \$5 == \"in_stock\" { print \$2; exit }" devices >free &&
    # a phone and its receipt held in another commune
    cut -f1 mine | tail -n +2 >ids &&
    awk -F "	" "NR == FNR { mine[\$1] = 1; next }
        FNR > 1 && \$5 == \"handed_over\" && !(\$8 in mine) { print \$2, \$10; exit }" ids all >other &&
    test -s pid && test -s pname && test -s free && test -s other &&
    test "$(wc -l <mine)" -gt 2
'
PID=$(cat "$TEST_DIR/pid" 2>/dev/null)
PNAME=$(cat "$TEST_DIR/pname" 2>/dev/null)
FREE=$(cat "$TEST_DIR/free" 2>/dev/null)
read -r OTHER_IMEI OTHER_RECEIPT 2>/dev/null <"$TEST_DIR/other"
MINE=$(($(wc -l <"$TEST_DIR/mine" 2>/dev/null || echo 1) - 1))

test_expect_success 'the Overview and People: its communes, its login on the status line' '
    tui_start LANGUAGE=en &&
    tui_wait "operator: chora" &&
    tui_wait "Ba Bể" 10 &&
    tui_keys 2 && tui_wait "Prestigious persons: $MINE" &&
    ! tui_screen | grep -q "Khang Ninh"
'

test_expect_success 'another commune'"'"'s phone scanned on the Devices list: named in one line, nothing opened' '
    tui_keys 3 && tui_wait "Devices:" &&
    tm send-keys -t 0 -l "$OTHER_IMEI$(printf "\\r")" &&
    tui_wait "is the phone of a person of a commune that role" &&
    status_text >status &&
    grep -F "imei ${SQ}$OTHER_IMEI${SQ} is the phone of a person of a commune that role ${SQ}chora${SQ} does not work for" status &&
    grep -F "the province${SQ}s acts on it" status &&
    ! tui_screen | grep -qi "no device with id" &&
    tui_wait "Devices:"
'

test_expect_success 'another commune'"'"'s receipt scanned: the role sees only its communes' '
    tm send-keys -t 0 -l "$OTHER_RECEIPT$(printf "\\r")" &&
    tui_wait "neither an IMEI nor a receipt number" &&
    status_text | grep -F "(role ${SQ}chora${SQ} sees only the records of its communes)"
'

test_expect_success 'a handover to one of its persons: the receipt number' '
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "$PNAME" && tui_wait "$PNAME —" && tui_keys Tab &&
    tui_type "$FREE" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI $FREE to $PNAME" &&
    tui_keys y && tui_wait "Receipt number:" &&
    tui_keys Escape && tui_wait_gone "Receipt number:" &&
    capphat --db "$OP" person show "$PID" >out &&
    grep -F "$FREE" out
'

test_expect_success 'a handover of another commune'"'"'s phone: refused on the IMEI field, in words' '
    tui_type "$PNAME" && tui_wait "$PNAME —" && tui_keys Tab &&
    tui_type "$OTHER_IMEI" && tui_keys Enter Enter &&
    # typed in one go it is taken as a scan and checked at once; typed key
    # by key, the question comes first
    tui_wait_re "Hand the device IMEI $OTHER_IMEI|IMEI \(scan or type\)\*! +$OTHER_IMEI" &&
    if tui_screen | grep -q "Hand the device IMEI"; then tui_keys y; fi &&
    tui_wait_re "IMEI \(scan or type\)\*! +$OTHER_IMEI" &&
    status_text | grep -F "imei ${SQ}$OTHER_IMEI${SQ} is the phone of a person of a commune that role ${SQ}chora${SQ} does not work for: that commune${SQ}s operator or the province${SQ}s acts on it" &&
    ! tui_screen | grep -qiE "no device with id|row-level|violates" &&
    tui_keys Escape && tui_wait "Discard this handover?" && tui_keys y &&
    tui_wait_gone "$OTHER_IMEI"
'

test_expect_success 'a person added in another commune: the Commune field names it' '
    tui_keys 2 && tui_wait "Prestigious persons:" &&
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Lò Văn Khác" && tui_keys Tab && tui_type "nam" && tui_keys Tab &&
    tui_type "1960" && tui_keys Tab Tab && tui_type "ba be" && tui_keys Tab &&
    tui_type "khang ninh" && tui_wait "Khang Ninh" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "not saved: Commune" &&
    status_text | grep -F "commune ${SQ}Khang Ninh${SQ} is not one of the communes of role ${SQ}chora${SQ}" &&
    ! tui_screen | grep -qiE "row-level|violates|postgresql:" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    ! capphat --db "$ADDR" person list | grep -q "Lò Văn Khác"
'

test_expect_success 'the office'"'"'s settings: refused at F4, before any typing' '
    tui_keys 7 && tui_wait "Settings (Enter edits them)" &&
    tui_keys F4 &&
    tui_wait "the office${SQ}s settings are every commune${SQ}s" &&
    ! tui_screen | grep -q "F2Save" &&
    tui_wait "Database: postgresql:"
'

test_expect_success 'the check and the backup of the whole register: said whose they are' '
    tui_keys 6 && tui_wait "Reports and documents" &&
    n=$(tui_screen | grep -n "Verify the database" | cut -d: -f1) &&
    i=4 && while [ $i -lt "$n" ]; do tui_keys Down; i=$((i + 1)); done &&
    tui_keys Enter && tui_wait "reads the whole register" &&
    tui_keys Enter && tui_wait_gone "reads the whole register" &&
    tui_keys Down Enter && tui_wait "Back up the database" &&
    tui_keys C-u && tui_type "$TEST_DIR/copy.db" && tui_keys F2 &&
    tui_wait "a backup copies the whole register" &&
    test ! -e "$TEST_DIR/copy.db" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y
'

test_expect_success 'the audit list of its person: the handover, by the operator' '
    tui_keys 2 && tui_wait "Prestigious persons:" &&
    tui_keys / && tui_type "$PNAME" && tui_keys Enter &&
    tui_wait "$PNAME" && tui_keys Enter && tui_wait "(#$PID)" &&
    tui_keys NPage && tui_wait "Audit log" &&
    tui_wait_re "handed over +handover #[0-9]+ +\\(chora\\)" &&
    tui_quit &&
    capphat --db "$ADDR" check --full >out &&
    grep -F "ok: integrity check passed" out
'

test_done

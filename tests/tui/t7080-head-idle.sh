#!/bin/sh
# The full-screen program writes the audit head file (beside the register
# and in the account's records) when it is idle, not inside the handover
# that committed: a handover made on screen is in both head files a moment
# later, while the program still runs, and check passes on them. A FIFO
# put in the head file's place does not stop the program at its idle
# write, nor check, nor a command's commit: check names the file. Nor
# does another program holding the lock of the head file's folder: the
# head is written when the lock is free.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the entry number a head file's "head" line records (empty when none)
head_seq() { sed -n "s/^head \\([0-9]*\\) .*/\\1/p" "$1"; }
sql() { sqlite3 "$CAPPHAT_DB" "$1"; }
account_head() { ls "$XDG_STATE_HOME"/capphat/registers/*.head; }
SQ="'"

test_expect_success 'setup: a person and two devices' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    test "$(head_seq "$CAPPHAT_DB.head")" = "$(sql "select max(id) from audit_log")"
'

# wait up to $1 s for both head files to record the log's last entry
heads_at_last() {
    last=$(sql "select max(id) from audit_log") && i=0 &&
    while [ $i -lt $(($1 * 10)) ]; do
        [ "$(head_seq "$CAPPHAT_DB.head")" = "$last" ] &&
            [ "$(head_seq "$(account_head)")" = "$last" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "head files: $(head_seq "$CAPPHAT_DB.head") $(head_seq "$(account_head)"), log: $last"
    return 1
}

# hand_over TYPED NAME IMEI NO: on the Handover screen, the person found by
# TYPED (shown as NAME) given the device IMEI and confirmed: receipt NO
hand_over() {
    tui_type "$1" && tui_wait "$2" && tui_keys Tab &&
    tui_type "$3" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI $3" &&
    tui_keys Enter && tui_wait "Receipt number: $4"
}

test_expect_success 'a handover on screen: both head files record it while the program runs' '
    tui_start &&
    before=$(sql "select max(id) from audit_log") &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    hand_over "ma hoang" "Mã Hoàng Tạ" 490154203237518 01/BB-BDT &&
    test "$(sql "select max(id) from audit_log")" -gt "$before" &&
    heads_at_last 5 &&
    test -n "$(tui_pid)"
'

test_expect_success 'check passes while the program runs, and after it quits' '
    capphat check >out 2>&1 && cat out &&
    tui_keys Escape && tui_wait "Receipt 01/BB-BDT" &&
    hand_over dong "Lục Văn Đông" 356938035643809 02/BB-BDT &&
    tui_keys Escape && tui_wait "Receipt 02/BB-BDT" &&
    tui_quit &&
    heads_at_last 1 &&
    capphat check >out 2>&1
'

test_expect_success 'a FIFO in the head file'"'"'s place: the program still answers after its idle write' '
    capphat person add --name "Hà Thị Lan" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 352099001761481 --model "Samsung A05" >/dev/null &&
    mv "$CAPPHAT_DB.head" head.kept &&
    mkfifo "$CAPPHAT_DB.head" &&
    tui_start &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    hand_over "ha thi" "Hà Thị Lan" 352099001761481 03/BB-BDT &&
    tui_keys Escape && tui_wait "Receipt 03/BB-BDT" &&
    sleep 2 &&
    tui_keys 2 && tui_wait "Lục Văn Đông" &&
    tui_quit &&
    test -p "$CAPPHAT_DB.head" &&
    { timeout 10 "$CAPPHAT_BIN" check >out 2>&1; test $? = 1; } &&
    grep -F "the head file ${SQ}$CAPPHAT_DB.head${SQ} is not one capphat wrote" out &&
    timeout 10 "$CAPPHAT_BIN" person edit 3 --phone 0912345678 >/dev/null &&
    rm "$CAPPHAT_DB.head" && mv head.kept "$CAPPHAT_DB.head"
'

test_expect_success 'the head file'"'"'s folder locked by another program: the program still answers, the head written once it is free' '
    capphat person add --name "Nông Văn Bốn" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 353918050581236 --model "Samsung A05" >/dev/null &&
    tui_start &&
    { "$PYTHON" -c "import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], \"w\").close()
time.sleep(60)" "$TEST_DIR" locked & } && holder=$! &&
    n=0 && while [ ! -e locked ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done && test -e locked &&
    {
        tui_keys 4 && tui_wait "Hand a device over" &&
        hand_over bon "Nông Văn Bốn" 353918050581236 04/BB-BDT &&
        tui_keys Escape && tui_wait "Receipt 04/BB-BDT" &&
        sleep 2 &&
        tui_keys 2 && tui_wait "Lục Văn Đông" &&
        test "$(head_seq "$CAPPHAT_DB.head")" -lt "$(sql "select max(id) from audit_log")"
        answered=$?
        kill $holder && wait $holder 2>/dev/null
        test $answered = 0
    } &&
    heads_at_last 5 &&
    tui_quit
'

test_done

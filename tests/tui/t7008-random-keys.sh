#!/bin/sh
# Never loses typed data or crashes on input: 10,000 random keys — letters,
# Vietnamese text, digits, function keys, Enter, Tab, arrows, Esc storms and
# window resizes (some below 80×24) — across every screen. Afterwards
# capphat still runs, answers, and the database passes `capphat check`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

SEED=${SEED:-7}

test_expect_success 'setup: a few persons and devices, a session' '
    capphat init >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Hoàng Thị Én" --gender F --birth-year 1962 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Samsung A05" >/dev/null &&
    capphat training add --date 10/05/2026 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Điện thoại" --district "ba be" --commune "cho ra" >/dev/null
'

# One batch of keys per line; "RESIZE W H" lines resize the window. q, F10
# and Ctrl-C are left out (they quit, which is tested elsewhere).
awk -v seed="$SEED" '
BEGIN {
    srand(seed);
    n = split("a b c d e g h i k l m n o p r s t u v x y A B T N 0 1 2 3 4 5 6 7 8 9 / . - Space Enter Enter Tab Tab BTab Escape Up Down Left Right PPage NPage Home End BSpace DC F1 F2 F3 F4 F5 F6 F7 F8 F9 Enter 1 2 3 4 5 6 7 ă â đ ê ô ơ ư á ạ ả ã ờ ữ Ỹ", k, " ");
    total = 0;
    while (total < 10000) {
        r = rand();
        if (r < 0.03) {
            w = 40 + int(rand() * 100); h = 10 + int(rand() * 40);
            print "RESIZE " w " " h;
            continue;
        }
        line = "";
        if (r < 0.08) {
            cnt = 10 + int(rand() * 30);
            for (i = 0; i < cnt; i++) line = line " Escape";
        } else {
            cnt = 20 + int(rand() * 40);
            for (i = 0; i < cnt; i++) line = line " " k[1 + int(rand() * n)];
        }
        total += cnt;
        print line;
    }
}' >"$TEST_DIR/keys"

test_expect_success '10,000 random keys with resizes and Esc storms' '
    tui_start &&
    while read -r a b c; do
        case $a in
        RESIZE) tm resize-window -t 0 -x "$b" -y "$c" ;;
        *) tm send-keys -t 0 $a $b $c ;;
        esac || exit 1
    done <"$TEST_DIR/keys" &&
    tm resize-window -t 0 -x 80 -y 24 &&
    test -n "$(tui_pid)"
'

test_expect_success 'capphat still answers: F10 quits (after answering what it asks)' '
    test -n "$(tui_pid)" &&
    i=0 &&
    while [ ! -s "$TEST_DIR/tui.rc" ] && [ $i -lt 20 ]; do
        if tui_screen | grep -q "Quit anyway?"; then
            tui_keys y
        elif tui_screen | grep -q "\[Enter/y\] Yes"; then
            tui_keys n
        elif tui_screen | grep -q "\[Enter\] OK"; then
            tui_keys Enter
        else
            tui_keys F10
        fi
        sleep 0.3
        i=$((i + 1))
    done &&
    test "$(tui_exited 10)" = 0
'

test_expect_success 'the database (and the demo database, if opened) passes check' '
    capphat check &&
    if test -f "$(dirname "$CAPPHAT_DB")/capphat-demo.db"; then
        capphat --db "$(dirname "$CAPPHAT_DB")/capphat-demo.db" check
    fi
'

test_done

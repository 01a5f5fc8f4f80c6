#!/bin/sh
# The receipts not signed back yet as a real list: every row reachable by
# scrolling, the count in the title that of the rows shown (all communes,
# then one commune at a time), several receipts (Space) or all of a
# commune (a) marked as signed under one archive reference.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

export CAPPHAT_TODAY=2025-06-30

# the receipt numbers on the screen now, one a line
shown_receipts() { tui_screen | grep -oE "\[[ x]\] [0-9]+/BB(TH)?-BDT" | sed "s/^\[.\] //"; }

# the receipts and the return records not signed back yet, by number
unsigned_all() {
    { capphat receipt unsigned && capphat receipt unsigned --returns; } |
        grep -v "^receipt" | cut -f1 | sort
}

test_expect_success 'setup: a demo register with more unsigned receipts than a screen' '
    capphat demo --persons 200 --seed 7 >/dev/null &&
    unsigned_all >want &&
    test "$(wc -l <want)" -gt 25 &&
    grep -q "BBTH" want
'

test_expect_success 'the list holds them all: the count, and every row reached by scrolling' '
    n=$(wc -l <want) &&
    tui_start CAPPHAT_TODAY=2025-06-30 &&
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Enter &&
    tui_wait "all communes: $n receipts not signed back yet" &&
    shown_receipts >seen &&
    i=0 && while [ $i -lt 5 ]; do tui_keys NPage; sleep 0.2; shown_receipts >>seen; i=$((i + 1)); done &&
    tui_keys End && sleep 0.2 && shown_receipts >>seen &&
    last=$(shown_receipts | tail -1) &&
    tui_screen | grep -F "$last" | grep -q "^ *\[ \]" &&
    sort -u seen >got && test_cmp want got
'

test_expect_success 'one commune at a time: the title counts the rows it shows' '
    tui_keys Right && tui_wait_gone "all communes:" &&
    c=$(tui_screen | sed -n "s/.*: \([0-9]*\) receipts\{0,1\} not signed back yet.*/\1/p" | head -1) &&
    test -n "$c" && test "$c" -lt 20 &&
    test "$(shown_receipts | wc -l)" = "$c" &&
    tui_keys Left && tui_wait "all communes:"
'

test_expect_success 'three selected with Space, marked signed at once under one reference' '
    n=$(wc -l <want) &&
    tui_keys Home && tui_type "   " && tui_wait "3 selected." &&
    shown_receipts | head -3 >three &&
    tui_keys F2 && tui_wait "Mark 3 receipts as signed" &&
    tui_keys Escape && tui_wait_gone "Mark 3 receipts" &&
    test "$(unsigned_all | wc -l)" = "$n" &&
    tui_keys F2 && tui_wait "Mark 3 receipts as signed" &&
    tui_type "HS-12" && tui_keys F2 &&
    tui_wait "3 receipts marked as signed" &&
    tui_wait "all communes: $((n - 3)) receipts not signed back yet" &&
    unsigned_all >now &&
    test "$(wc -l <now)" = $((n - 3)) &&
    for r in $(cat three); do ! grep -qx "$r" now || exit 1; done
'

test_expect_success 'a commune all at once (a), then the list of all again' '
    before=$(unsigned_all | wc -l) &&
    tui_keys Right && tui_wait_gone "all communes:" &&
    c=$(tui_screen | sed -n "s/.*: \([0-9]*\) receipts\{0,1\} not signed back yet.*/\1/p" | head -1) &&
    tui_type "a" && tui_wait "$c selected." &&
    tui_keys F2 && tui_wait "as signed" && tui_type "HS-13" && tui_keys F2 &&
    tui_wait "all communes: $((before - c)) receipt" &&
    test "$(unsigned_all | wc -l)" = $((before - c))
'

test_expect_success 'a return record marked signed from the list, as the command line sees it' '
    returns=$(capphat receipt unsigned --returns | tail -n +2 | wc -l) &&
    tui_keys Right && tui_wait_gone "all communes:" &&
    i=0 && while ! tui_screen | grep -q "returned by" && [ $i -lt 40 ]; do
        tui_keys Right; sleep 0.2; i=$((i + 1)); done &&
    tui_screen | grep -q "returned by" &&
    ! tui_screen | grep -q "all communes:" &&
    r=$(tui_screen | grep -oE "[0-9]+/BBTH-BDT" | head -1) &&
    c=$(tui_screen | sed -n "s/.*: \([0-9]*\) receipts\{0,1\} not signed back yet.*/\1/p" | head -1) &&
    tui_type "a" && tui_wait "$c selected." &&
    tui_keys F2 && tui_wait "as signed" && tui_type "HS-14" && tui_keys F2 &&
    tui_wait "all communes:" &&
    capphat receipt unsigned --returns >now &&
    ! grep -q "^$r" now &&
    test "$(tail -n +2 now | wc -l)" -lt "$returns"
'

test_expect_success 'Enter closes the list; quit; check passes' '
    tui_keys Enter && tui_wait "Reports and documents" &&
    tui_quit && capphat check
'

test_done

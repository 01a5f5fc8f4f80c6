#!/bin/sh
# Help, history and habits: F1 shows the current screen's keys first (made
# from the action table), Reports and Settings included, and claims no key
# a screen does not have; the F-key bar is in ascending order; a record's
# audit list is in time order, in words; the mouse wheel scrolls a list.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# wheel down|up X Y: one notch of the mouse wheel at column X, row Y
wheel() {
    _b=a
    [ "$1" = up ] && _b='`'
    _c=$(printf "\\$(printf %o $(($2 + 33)))")
    _r=$(printf "\\$(printf %o $(($3 + 33)))")
    tui_type "$(printf '\033[M%s%s%s' "$_b" "$_c" "$_r")"
}

# the F-key numbers of the bar, in the order shown
bar_fkeys() { tui_screen | tail -1 | grep -o 'F[0-9][0-9]*' | tr -d F; }

test_expect_success 'setup: eight persons, a device handed over' '
    capphat init >/dev/null &&
    for n in "Bế Văn An" "Bế Văn Bình" "Bế Văn Cường" "Bế Văn Dũng" "Bế Văn Giang" "Bế Văn Hải" "Bế Văn Khánh" "Bế Văn Long"; do
        capphat person add --name "$n" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null || return 1
    done &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success 'F1 on Reports: its keys first, Enter runs a report' '
    tui_start LANGUAGE=en &&
    tui_keys 6 && sleep 0.3 && tui_keys F1 &&
    tui_wait "This screen: Reports" &&
    tui_screen | sed -n 4,5p | grep -q "Enter.*Run — run the selected report" &&
    tui_keys Escape
'

test_expect_success 'F1 on the Overview: no Enter that does nothing' '
    tui_keys 1 && sleep 0.3 && tui_keys F1 &&
    tui_wait "This screen: Overview" &&
    tui_screen | sed -n "/This screen: Overview/,/Everywhere/p" >section &&
    grep -q "F7 .*Demo" section &&
    ! grep -q "Enter" section &&
    tui_keys Escape
'

test_expect_success 'F1 on Settings and on People: only their own keys first' '
    tui_keys 7 && sleep 0.3 && tui_keys F1 &&
    tui_wait "This screen: Settings" &&
    tui_screen | sed -n "/This screen: Settings/,/Everywhere/p" >section &&
    grep -q "F4 Enter .*Edit" section && grep -q "F7 .*Add" section &&
    ! grep -q "Search\|Import" section &&
    tui_keys Escape &&
    tui_keys 2 && sleep 0.3 && tui_keys F1 &&
    tui_wait "This screen: Lists" &&
    tui_screen | sed -n "/This screen: Lists/,/Everywhere/p" >section &&
    grep -q "F7 .*Add" section && ! grep -q "F8" section &&
    tui_keys Escape
'

test_expect_success 'the F-key bar is in ascending order on every screen' '
    for t in 1 2 3 4 5 6 7; do
        tui_keys $t && sleep 0.3 &&
        bar_fkeys >got && sort -n got >want && test_cmp want got || return 1
    done
'

test_expect_success 'a record: the audit list in time order, in words' '
    tui_keys 2 && tui_wait "Prestigious persons: 8" &&
    tui_keys Home Enter && tui_wait "Audit log" &&
    tui_screen >screen &&
    grep -q "person added" screen && grep -q "handed over .*handover #1" screen &&
    ! grep -q "person\.add" screen &&
    test "$(grep -n "person added" screen | cut -d: -f1)" -lt \
         "$(grep -n "handed over .*handover #1" screen | cut -d: -f1)" &&
    tui_keys Escape && tui_wait "Prestigious persons: 8"
'

test_expect_success 'the mouse wheel scrolls the list: three rows a notch' '
    tui_keys Home &&
    wheel down 10 5 && sleep 0.3 && tui_keys Enter &&
    tui_wait "Bế Văn Dũng  (#4)" && tui_keys Escape &&
    wheel up 10 5 && sleep 0.3 && tui_keys Enter &&
    tui_wait "Bế Văn An  (#1)" && tui_keys Escape
'

test_expect_success 'quit' '
    tui_quit
'

test_done

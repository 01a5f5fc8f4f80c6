#!/bin/sh
# Every key of every screen is in the action table, so F1 lists it under
# "This screen": a question, the print and save choices after a handover,
# the unsigned papers, a form (Ctrl-U) and the Handover screen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

export CAPPHAT_TODAY=2025-06-30

# here NAME: F1 opens the help on the section of screen NAME, kept in file section
here() {
    tui_keys F1 && tui_wait "This screen: $1" &&
    tui_screen | sed -n "/This screen: $1/,/Everywhere/p" >section
}

test_expect_success 'setup: a person, a phone in stock, a demo of unsigned receipts' '
    capphat demo --persons 60 --seed 7 >/dev/null &&
    capphat person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" --round 1 --delivered 2024-01-01 >/dev/null
'

test_expect_success 'a question: Enter, y c, n k, Tab and the arrows, in F1' '
    tui_start LANGUAGE=en CAPPHAT_TODAY=2025-06-30 &&
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "ma hoang ta" && tui_wait "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "490154203237518" && tui_keys Enter Enter &&
    tui_wait "Hand the device IMEI 490154203237518" &&
    here "Question" &&
    grep -q "Enter *Choose" section && grep -q "y Y c C *Yes" section &&
    grep -q "n N k K *No" section && grep -q "Tab Shift-Tab ← → *Other answer" section &&
    tui_keys Escape && tui_wait_gone "This screen" &&
    tui_wait "Hand the device IMEI 490154203237518"
'

test_expect_success 'the choices after a handover: Enter, j k Tab, in F1' '
    tui_keys Enter && tui_wait "Receipt number:" && tui_wait "Later" &&
    here "Choices (print, save)" &&
    grep -q "Enter *Choose" section && grep -q "k *Up" section && grep -q "j Tab *Down" section &&
    tui_keys Escape && tui_wait_gone "This screen" &&
    tui_keys End Enter && tui_wait_gone "Save PDF…"
'

test_expect_success 'the Handover screen and its form keys: Ctrl-U clears a field' '
    tui_keys Escape && sleep 0.3 &&
    here "Handover" &&
    grep -q "Ctrl-U *Clear" section && grep -q "F8 *Take back" section &&
    tui_keys Escape && tui_wait_gone "This screen"
'

test_expect_success 'the unsigned papers: Space, a, F2 and the arrows, in F1 and on the bar' '
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_keys Home Down Down Down Down Down Down Enter &&
    tui_wait "receipts not signed back yet" &&
    tui_screen | tail -1 | grep -q "F2Mark signed" &&
    here "Unsigned papers" &&
    grep -q "Space *Select" section && grep -q "a A *All" section &&
    grep -q "F2 *Mark signed" section && grep -q "← *Previous commune" section &&
    grep -q "→ *Next commune" section &&
    tui_keys Escape && tui_wait_gone "This screen" &&
    tui_keys Right && tui_wait_gone "all communes:" && tui_keys Left && tui_wait "all communes:" &&
    tui_keys Escape && tui_wait_gone "receipts not signed back yet"
'

test_expect_success 'a form: Ctrl-U in F1' '
    tui_keys 2 && sleep 0.3 && tui_keys F7 && tui_wait "New person" &&
    here "Forms" && grep -q "Ctrl-U *Clear" section &&
    tui_keys Escape && tui_wait_gone "This screen" && tui_keys Escape &&
    tui_quit
'

test_done

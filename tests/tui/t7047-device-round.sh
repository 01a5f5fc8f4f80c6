#!/bin/sh
# Once rounds exist a phone belongs to one: the forms propose the newest
# round; registering a phone on the Devices screen (F7 form, F8 scan mode)
# with the round cleared is refused, the Round field named; with a round it
# is registered.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

MSG="a phone belongs to a round once rounds exist: choose its round"

test_expect_success 'setup: a round' '
    capphat init >/dev/null &&
    capphat round add --name "Đợt 1" --year 2024 >/dev/null
'

test_expect_success 'setup: a newer round' '
    capphat round add --name "Đợt 2" --year 2025 >/dev/null
'

test_expect_success 'F7: the newest round proposed; cleared, the save is refused under the Round field' '
    tui_start LANGUAGE=en &&
    tui_keys 3 && tui_wait "Devices: 0" &&
    tui_keys F7 && tui_wait "Register a device" &&
    tui_screen | grep "Round" | grep -q "Đợt 2" &&
    tui_type "490154203237518" && tui_keys Tab Tab &&
    tui_type "Samsung A05" &&
    for i in 1 2 3 4 5 6 7; do tui_keys Tab || return 1; done &&
    tui_keys C-u && tui_wait "▸(none)" && tui_keys Enter && tui_wait_gone "▸(none)" && tui_keys F2 &&
    tui_wait "$MSG" &&
    test -z "$(capphat device list | tail -n +2)" &&
    tui_keys BTab C-u && tui_type "dot 1" && tui_wait "Đợt 1" && tui_keys Tab && tui_keys F2 &&
    tui_wait "Devices: 1" &&
    capphat device list >out && grep 490154203237518 out | grep -q "Đợt 1"
'

test_expect_success 'F8 scan mode: a scan without a round is refused, the Round field named' '
    tui_keys F8 && tui_wait "Scan mode" && tui_wait "Đợt 1" &&
    tui_keys BTab C-u && tui_wait "(none)" && tui_keys Tab && sleep 0.3 &&
    tui_type "356938035643809" && tui_keys Enter &&
    tui_wait "rejected: 1" && tui_wait "✗ $MSG" &&
    ! capphat device list | grep -q 356938035643809 &&
    tui_keys C-u && tui_type "dot 1" && tui_wait "Đợt 1" && tui_keys Tab &&
    tui_type "356938035643809" && tui_keys Enter &&
    tui_wait "Registered in this scan: 1" &&
    capphat device list >out && grep 356938035643809 out | grep -q "Đợt 1" &&
    tui_keys Escape && tui_quit
'

test_done

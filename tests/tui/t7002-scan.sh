#!/bin/sh
# Scan mode on the Devices screen: each IMEI + Enter is registered at once
# with the model of the previous entry; a bad check digit and a duplicate
# are refused with a red line and a count; keys typed faster than the
# screen redraws are all read.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'F8 on Devices opens scan mode' '
    capphat init >/dev/null &&
    tui_start &&
    tui_keys 3 && tui_wait "Devices: 0" &&
    tui_keys F8 && tui_wait "Scan mode" &&
    tui_type "Samsung Galaxy A05" && tui_keys Tab Tab
'

test_expect_success 'five scans: three new, one bad check digit, one duplicate' '
    tui_type "490154203237518" && tui_keys Enter &&
    tui_type "490154203237519" && tui_keys Enter &&
    tui_type "356938035643809" && tui_keys Enter &&
    tui_type "490154203237518" && tui_keys Enter &&
    tui_type "353918051234561" && tui_keys Enter &&
    tui_wait "Registered in this scan: 3    rejected: 2" &&
    tui_wait "fails its check digit" &&
    tui_wait "already registered"
'

test_expect_success 'the database holds the three devices, with the model' '
    capphat device list >out &&
    test $(grep -c "Samsung Galaxy A05" out) = 3 &&
    grep -q 490154203237518 out && grep -q 356938035643809 out && grep -q 353918051234561 out &&
    ! grep -q 490154203237519 out
'

test_expect_success 'a burst typed at once (scanner speed) loses nothing' '
    tui_type "860123456789014
860123456789022
860123456789030
860123456789048
860123456789055
" &&
    tui_wait "Registered in this scan: 8" &&
    test "$(capphat device list | grep -c "Samsung Galaxy A05")" = 8
'

test_expect_success 'Esc ends scan mode; the list shows the devices' '
    tui_keys Escape &&
    tui_wait "Devices: 8" &&
    tui_quit &&
    capphat check
'

test_done

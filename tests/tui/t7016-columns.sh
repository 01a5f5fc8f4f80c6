#!/bin/sh
# The People list at 80 columns gives a long Vietnamese name its room: the
# ethnic group and district columns step aside (the commune stays), and
# come back when the window is wide enough. The commune column starts with
# the commune of today (Ba Bể since 1 July 2025), then the one of the
# records (Cao Thượng, whose district was Ba Bể).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'setup: a person with a long name' '
    capphat init >/dev/null &&
    capphat person add --name "Nguyễn Thị Hồng Nhung" --gender F --birth-year 1968 \
        --ethnic "Tày" --district "ba be" --commune "cao thuong" >/dev/null
'

test_expect_success '80 columns: the whole name and the commune, no district column' '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Full name" &&
    tui_wait "Nguyễn Thị Hồng Nhung" &&
    tui_screen | grep -q "Nguyễn Thị Hồng Nhung .*1968 Ba Bể ← Cao" &&
    ! tui_screen | grep -q "District"
'

test_expect_success '110 columns: the ethnic group and the district come back' '
    tm resize-window -t 0 -x 110 -y 24 &&
    tui_wait "District" &&
    tui_screen | grep -q "Nguyễn Thị Hồng Nhung .*1968 Tày .*Ba Bể ← Cao Th.* Ba Bể" &&
    tm resize-window -t 0 -x 80 -y 24 &&
    tui_wait_gone "District" &&
    tui_quit
'

test_done

#!/bin/sh
# Paging through long lists: PgDn, PgUp, Down past the last row shown, End,
# Up, Home, and the reversed sort show exactly the rows the list has at
# those places (the pages are read from the row on screen or from the end,
# not counted from the top). People by name; Devices by IMEI.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

ROWS=19 # rows of a list in 80x24

# the first column of the rows on screen (person number or IMEI), one line
visible() { tui_screen | awk 'NR >= 4 && NR <= 22 && $1 ~ /^[0-9]+$/ { printf "%s ", $1 }'; }

# slice FILE FROM: ROWS lines of FILE from line FROM (1-based), one line
slice() { sed -n "$2,$(($2 + ROWS - 1))p" "$1" | tr '\n' ' '; }

# shows FILE FROM: wait until the screen shows that slice
shows() {
    _want=$(slice "$1" "$2")
    _t=100
    while [ $_t -gt 0 ]; do
        [ "$(visible)" = "$_want" ] && return 0
        sleep 0.05
        _t=$((_t - 1))
    done
    echo "expected rows $2..: $_want" >&2
    echo "on screen:         $(visible)" >&2
    tui_screen >&2
    return 1
}

test_expect_success 'setup: 300 persons and 315 devices; their orders' '
    capphat demo --persons 300 --seed 5 >/dev/null &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from person where active = 1")" = 300 &&
    capphat person list --format tsv | tail -n +2 | cut -f1 >people &&
    test "$(wc -l <people)" = 300 &&
    tac people >people.desc &&
    sqlite3 "$CAPPHAT_DB" "select imei from device order by imei" >devices &&
    test "$(wc -l <devices)" = 315
'

test_expect_success 'People: the first page, then PgDn five times and PgUp twice' '
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 300" &&
    shows people 1 &&
    tui_keys NPage && shows people 19 &&
    tui_keys NPage NPage NPage NPage && shows people 91 &&
    tui_keys PPage && shows people 73 &&
    tui_keys PPage && shows people 55
'

test_expect_success 'People: End shows the last rows; Up then PgUp; Home the first' '
    tui_keys End && shows people 282 &&
    tui_keys Up Up Up && shows people 282 &&
    tui_keys PPage && shows people 264 &&
    tui_keys Home && shows people 1
'

test_expect_success 'People: Down past the last row shown moves one row' '
    i=0 && while [ $i -lt 19 ]; do tui_keys Down; i=$((i + 1)); done &&
    shows people 2 &&
    tui_keys Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up Up && shows people 1
'

test_expect_success 'People: F6 reverses the order; End and PgUp in it' '
    tui_keys F6 && tui_wait "Full name▼" &&
    shows people.desc 1 &&
    tui_keys End && shows people.desc 282 &&
    tui_keys PPage PPage && shows people.desc 246 &&
    tui_keys NPage && shows people.desc 264
'

test_expect_success 'Devices: End, PgUp, Home, PgDn by IMEI' '
    tui_keys 3 && tui_wait "Devices: 315" &&
    shows devices 1 &&
    tui_keys End && shows devices 297 &&
    tui_keys PPage && shows devices 279 &&
    tui_keys Home && shows devices 1 &&
    tui_keys NPage NPage && shows devices 37
'

test_done

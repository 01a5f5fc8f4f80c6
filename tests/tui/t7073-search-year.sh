#!/bin/sh
# A word of four digits in a search is also a year of birth: "thuong 1980"
# finds Thương born in 1980, not the Thương born in 1975; the year first
# finds the same; a year alone finds who was born then.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# search TEXT COUNT: the People search box, cleared with Ctrl-U, shows COUNT
search() {
    tui_keys / C-u && tui_type "$1" && tui_wait "Search: $1" &&
    tui_wait "Prestigious persons: $2"
}

test_expect_success 'setup: three Thương of three years, and someone else born in 1980' '
    capphat init >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1980 --district "ba be" \
        --commune "cho ra" --village "Nà Hin" >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1975 --district "ba be" \
        --commune "cho ra" --village "Bản Lục" >/dev/null &&
    capphat person add --name "Nông Thị Thương" --gender F --birth-year 1962 --district "pac nam" \
        --commune "boc bo" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1980 --district "pac nam" \
        --commune "boc bo" >/dev/null
'

test_expect_success "'thuong 1980' finds Thương born in 1980 only" '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons: 4" &&
    search "thuong" 3 &&
    search "thuong 1980" 1 && tui_wait "1 found" &&
    tui_screen | grep "Hoàng Văn Thương" | grep -q "1980" &&
    ! tui_screen | grep -q "1975"
'

test_expect_success 'the year first, and a year alone' '
    search "1980 hoang" 1 && tui_screen | grep "Hoàng Văn Thương" | grep -q "1980" &&
    search "1980" 2 && tui_screen | grep -q "Lục Văn Đông" &&
    search "1975 thuong" 1 && tui_screen | grep -q "Bản Lục\|1975" &&
    search "thuong 1990" 0
'

test_expect_success 'the command line finds the same; quit' '
    capphat find persons "thuong 1980" >out &&
    grep -q "Hoàng Văn Thương" out && ! grep -q "1975" out &&
    tui_quit
'

test_done

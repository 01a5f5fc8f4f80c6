#!/bin/sh
# Search the way people remember: words in any order and any part, without
# accents, each found in the name, village, commune, phone, the IMEI of the
# phone held (on the Devices list the phone's own) or the whole citizen ID;
# Ctrl-U clears the search; n / N and F3 / Shift-F3 go to the next and the
# previous match, round from the last to the first.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

CCCD=006160452630

# search TEXT COUNT: the People search box, cleared with Ctrl-U, shows COUNT
search() {
    tui_keys / C-u && tui_type "$1" && tui_wait "Search: $1" &&
    tui_wait "Prestigious persons: $2"
}

test_expect_success 'setup: persons in two communes, one with a phone in hand' '
    capphat init >/dev/null &&
    capphat person add --name "Dương Đức Chản" --gender M --birth-year 1950 --district "ba be" \
        --commune "cho ra" --village "Nà Hin" --phone 0912345678 >/dev/null &&
    capphat person add --name "Dương Văn Chiến" --gender M --birth-year 1955 --district "ba be" \
        --commune "cho ra" --village "Bản Lục" >/dev/null &&
    capphat person add --name "Hoàng Thị Chản" --gender F --birth-year 1960 --district "pac nam" \
        --commune "boc bo" --cccd $CCCD >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1962 --district "pac nam" \
        --commune "boc bo" --village "Nà Hin" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >/dev/null
'

test_expect_success "'duong chan' and 'chan duong' find Dương Đức Chản" '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons: 4" &&
    search "duong chan" 1 && tui_wait "1 found" &&
    tui_screen | grep -q "Dương Đức Chản" &&
    search "chan duong" 1 && tui_screen | grep -q "Dương Đức Chản" &&
    search "CHẢN" 2 && search "ch du" 2 && search "uong duc" 1
'

test_expect_success 'each word in the village, commune, phone, IMEI held or whole citizen ID' '
    search "na hin" 2 && tui_screen | grep -q "Lục Văn Đông" &&
    search "hin duong" 1 && tui_screen | grep -q "Dương Đức Chản" &&
    search "cho ra van" 1 && tui_screen | grep -q "Dương Văn Chiến" &&
    search "boc thi" 1 && tui_screen | grep -q "Hoàng Thị Chản" &&
    search "345678 duong" 1 &&
    search "3237518 chan" 1 && tui_screen | grep -q "Dương Đức Chản" &&
    search "chan $CCCD" 1 && tui_screen | grep -q "Hoàng Thị Chản" &&
    search "chan 0061604526" 0 && search "chan 452630" 0 && search "chan 160452" 0
'

test_expect_success 'Ctrl-U clears the search box, and the search after Enter' '
    search "duong" 2 &&
    tui_keys C-u && tui_wait "Prestigious persons: 4" && tui_wait "Search: " &&
    tui_type "chan" && tui_wait "Prestigious persons: 2" &&
    tui_keys Enter && tui_keys C-u && tui_wait "Prestigious persons: 4" &&
    tui_wait_gone "Search:"
'

# opens WHO: Enter opens the selected row, whose record shows WHO; Esc back
opens() { tui_keys Enter && tui_wait "$1  (#" && tui_keys Escape && tui_wait "Prestigious persons: 2"; }

test_expect_success 'n and F3 go to the next match, N and Shift-F3 back, round the ends' '
    search "van" 2 && tui_keys Enter && tui_keys Home &&
    opens "Dương Văn Chiến" &&
    tui_keys n && opens "Lục Văn Đông" &&
    tui_keys n && opens "Dương Văn Chiến" &&
    tui_keys N && opens "Lục Văn Đông" &&
    tui_keys F3 && opens "Dương Văn Chiến" &&
    tui_keys S-F3 && opens "Lục Văn Đông" &&
    tui_keys Escape && tui_wait "Prestigious persons: 4"
'

test_expect_success 'F1 on People names the keys of the search' '
    tui_keys F1 && tui_wait "This screen: Lists" &&
    tui_screen | sed -n "/This screen: Lists/,/Everywhere/p" >section &&
    grep -q "^ *n *Next match" section &&
    grep -q "Shift-F3 N *Previous match" section &&
    grep -q "Ctrl-U *Clear search" section &&
    tui_keys Escape
'

test_expect_success 'the Devices list: the IMEI and the holder in any order' '
    tui_keys Escape && tui_wait "Prestigious persons: 4" &&
    tui_keys 3 && tui_wait "Devices: 1" &&
    tui_keys / && tui_type "chan 3237" && tui_wait "1 found" &&
    tui_screen | grep -q "490154203237518" &&
    tui_keys C-u && tui_type "na hin a05" && tui_wait "1 found" &&
    tui_keys C-u && tui_type "boc bo" && tui_wait "0 found" &&
    tui_keys Escape && tui_quit
'

test_done

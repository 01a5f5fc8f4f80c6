#!/bin/sh
# Namesakes: adding a person whose name (accents aside), birth year and
# commune are those of a registered person asks "Possible duplicate of …"
# with the two side by side, No by default (Enter and Esc add nothing);
# every person picker shows the year, village and commune beside the name.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# the screen with the no-break spaces of the side-by-side rows as spaces
screen() { tui_screen | sed "s/$(printf '\302\240')/ /g"; }

test_expect_success 'setup: Hoàng Văn Thượng of Nà Hin, and a namesake elsewhere' '
    capphat init >/dev/null &&
    capphat person add --name "Hoàng Văn Thượng" --gender M --birth-year 1950 --district "ba be" \
        --commune "cho ra" --village "Nà Hin" --phone 0912345678 >/dev/null &&
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1950 --district "pac nam" \
        --commune "boc bo" --village "Bản Lục" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null
'

# fill NAME: the New person form with NAME, male, born 1950, in Chợ Rã
fill() {
    tui_keys F7 && tui_wait "New person" &&
    tui_type "$1" && tui_keys Tab && tui_type "nam" && tui_keys Tab &&
    tui_type "1950" && tui_keys Tab Tab &&
    tui_type "ba be" && tui_keys Tab && tui_type "cho ra" && tui_wait "Chợ Rã" && tui_keys Tab
}

test_expect_success 'F2 asks: the two side by side, No chosen' '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    fill "Hoàng Văn Thương" && tui_keys F2 &&
    tui_wait "Possible duplicate of Hoàng Văn Thượng" &&
    screen >s &&
    grep -q "New person *Registered (#1)" s &&
    grep -q "Full name *Hoàng Văn Thương *Hoàng Văn Thượng" s &&
    grep -q "Born *1950 *1950" s &&
    grep -q "Village *— *Nà Hin" s &&
    grep -q "Phone number *— *0912345678" s &&
    grep -q "Add Hoàng Văn Thương as another person?" s &&
    grep -q "\[ No \]" s
'

test_expect_success 'Enter and Esc add nothing' '
    tui_keys Enter && tui_wait "nothing was done" &&
    tui_keys F2 && tui_wait "Possible duplicate of" && tui_keys Escape &&
    tui_wait_gone "Possible duplicate of" &&
    test "$(capphat person list | wc -l)" = 3
'

test_expect_success 'y adds the namesake' '
    tui_keys F2 && tui_wait "Possible duplicate of" && tui_keys y &&
    tui_wait "added: Hoàng Văn Thương" && tui_wait "Prestigious persons: 3" &&
    test "$(capphat person list | wc -l)" = 4
'

test_expect_success 'another name, or another year, is added without a question' '
    fill "Hoàng Văn Thuận" && tui_keys F2 &&
    tui_wait "added: Hoàng Văn Thuận" && tui_wait "Prestigious persons: 4"
'

test_expect_success 'the Handover picker: year, village and commune beside each namesake' '
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_type "hoang van thu" && tui_wait "Hoàng Văn Thượng" &&
    tui_screen >s &&
    grep "Hoàng Văn Thượng" s | grep -q "1950, Nà Hin, Chợ Rã" &&
    grep "Hoàng Văn Thương" s | grep -q "1950, Bản Lục, .*Bộc Bố" &&
    tui_keys Escape && tui_wait_gone "Nà Hin" && tui_keys Escape &&
    tui_wait "Discard this handover?" && tui_keys y && tui_quit
'

test_done

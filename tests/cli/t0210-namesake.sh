#!/bin/sh
# person add: a person whose name (accents aside), birth year and commune
# are those of a registered person is refused with one line naming that
# person and --allow-namesake, which adds them; a different citizen ID
# tells two citizens apart.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: Hoàng Văn Thượng, 1950, Chợ Rã' '
    capphat init >/dev/null &&
    add_person "Hoàng Văn Thượng" --birth-year 1950 >/dev/null
'

test_expect_success 'Hoàng Văn Thương of the same year and commune: refused, in one line' '
    test_must_fail capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1950 \
        --district "Ba Bể" --commune "Chợ Rã" >out 2>err &&
    test ! -s out &&
    one_line_error err "possible duplicate of ${SQ}Hoàng Văn Thượng${SQ} (person 1)" &&
    grep -F -- "--allow-namesake adds it anyway" err &&
    test "$(capphat person list | wc -l)" = 2
'

test_expect_success '--allow-namesake adds them' '
    capphat person add --name "Hoàng Văn Thương" --gender M --birth-year 1950 \
        --district "Ba Bể" --commune "Chợ Rã" --allow-namesake >out &&
    test "$(cat out)" = 2
'

test_expect_success 'another year, another commune, or two citizen IDs: no question' '
    add_person "Hoàng Văn Thượng" --birth-year 1951 >/dev/null &&
    capphat person add --name "Hoàng Văn Thượng" --gender M --birth-year 1950 \
        --district "Pác Nặm" --commune "Bộc Bố" >/dev/null &&
    capphat person edit 1 --cccd 006050000123 >/dev/null &&
    capphat person edit 2 --cccd 006050000456 >/dev/null &&
    capphat person add --name "Hoàng Văn Thượng" --gender M --birth-year 1950 \
        --district "Ba Bể" --commune "Chợ Rã" --cccd 006050000999 >/dev/null &&
    test "$(capphat person list | wc -l)" = 6
'

test_done

#!/bin/sh
# F6 on a person's record corrects their latest handover whose receipt is
# not signed yet: the form shows its place, date, officer and note; the
# correction is saved through the same use case as `handover edit`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

export CAPPHAT_TODAY=2025-06-30

test_expect_success 'setup: a person given a device, the receipt unsigned' '
    capphat init >/dev/null &&
    capphat person add --name "Triệu Thị Mai" --gender F --birth-year 1943 --district "ba be" \
        --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Nokia C21" --delivered 2025-01-02 >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 --date 2025-06-01 --place "Bắc Kạn" >no &&
    test "$(cat no)" = "01/BB-BDT"
'

test_expect_success 'the record: F6 opens the correction of receipt 01/BB-BDT, with its values' '
    tui_start CAPPHAT_TODAY=2025-06-30 &&
    tui_keys 2 && tui_wait "Prestigious persons: 1" &&
    tui_keys Enter && tui_wait "Triệu Thị Mai  (#1)" &&
    tui_screen | grep -q "F6Correct" &&
    tui_keys F6 && tui_wait "Correct handover 01/BB-BDT" &&
    tui_screen | grep -q "01/06/2025"
'

test_expect_success 'a note typed and saved: audited, and the record shows it' '
    tui_keys Tab Tab Tab && tui_type "Máy mới nguyên hộp" && tui_keys F2 &&
    tui_wait "handover corrected" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select note from handover where id = 1")" = "Máy mới nguyên hộp" &&
    tui_wait "handover corrected" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log where action = '"'"'handover.edit'"'"'")" = 1
'

test_expect_success 'once signed, F6 finds nothing to correct' '
    capphat receipt signed 01/BB-BDT >/dev/null &&
    tui_keys F5 && tui_keys F6 && tui_wait "nothing to correct"
'

test_done

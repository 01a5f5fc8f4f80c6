#!/bin/sh
# A barcode scan anywhere: a burst of digits ending in Enter (tmux sends it
# in one call, the keys within milliseconds) never acts as keys — no digit
# switches a screen, no Enter opens a row. A scanned IMEI opens its phone's
# record, or offers to register it (on a session's attendance it ticks the
# phone's holder, and a phone in stock ticks nobody); on the Handover screen it goes to the
# IMEI field; on a form's model field it goes to the IMEI field, not into
# the model. A receipt's QR text opens its handover with "Mark signed"
# chosen. Digits typed one by one still switch screens.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

# tui_scan TEXT: TEXT and Enter in one burst, as a scanner types them.
tui_scan() { tm send-keys -t 0 -l "$1$(printf '\r')"; }
tui_burst() { tui_scan "$1"; }

test_expect_success 'setup: persons, devices, a handover with receipt 01/BB-BDT' '
    capphat init >/dev/null &&
    capphat person add --name "Lý A Páo" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat person add --name "Lục Văn Đông" --gender M --birth-year 1960 --district "ba be" --commune "cho ra" >/dev/null &&
    capphat device add --imei 490154203237518 --model "Samsung A05" >/dev/null &&
    capphat device add --imei 356938035643809 --model "Nokia C32" >/dev/null &&
    capphat handover --person 1 --imei 490154203237518 >out &&
    grep -F "01/BB-BDT" out &&
    capphat training add --date 10/05/2026 --place "Nhà văn hoá" --trainer "Lý Văn Kỹ" --topic "Sử dụng điện thoại" --district "ba be" --commune "cho ra" >/dev/null
'

test_expect_success 'a digit typed alone still switches the screen' '
    tui_start &&
    tui_keys 2 && tui_wait "Prestigious persons: 2" &&
    tui_keys 1
'

for tab in 1 2 3 5 6 7; do
    test_expect_success "screen $tab: a scanned IMEI opens the phone, nothing navigates" '
        tui_keys '$tab' && sleep 0.3 && tui_screen | head -1 >tabs.before &&
        tui_burst 356938035643809 &&
        tui_wait "IMEI 356938035643809  (#2)" && tui_wait "Nokia C32" &&
        tui_keys Escape && tui_wait_gone "IMEI 356938035643809  (#2)" &&
        tui_screen | head -1 >tabs.after &&
        test_cmp tabs.before tabs.after
    '
done

test_expect_success 'a scan on the Training screen toggles and opens nothing' '
    tui_keys 5 && sleep 0.3 && tui_screen >before &&
    tui_burst 356938035643809 && tui_wait "IMEI 356938035643809  (#2)" &&
    tui_keys Escape && tui_wait_gone "IMEI 356938035643809  (#2)" &&
    tui_screen >after && test_cmp before after
'

test_expect_success 'the attendance checklist: a scan ticks nobody' '
    tui_keys Enter && tui_wait "0 of 2 ticked" &&
    tui_burst 356938035643809 &&
    tui_wait "scanned IMEI 356938035643809: the phone is not handed to anyone" &&
    tui_wait "0 of 2 ticked" && ! tui_screen | grep -q "IMEI 356938035643809  (#2)" &&
    capphat training list --session 1 >out &&
    ! grep -q "Lý A Páo\|Lục Văn Đông" out &&
    tui_keys Escape && tui_wait "Training sessions: 1"
'

test_expect_success 'an unknown IMEI: the offer to register it, the form filled in' '
    tui_keys 3 && sleep 0.3 &&
    tui_burst 353918051234561 &&
    tui_wait "The IMEI 353918051234561 is not registered. Register the phone" &&
    tui_keys Enter && tui_wait "Register a device" &&
    tui_wait "353918051234561"
'

test_expect_success 'a scan on the model field goes to the IMEI field, not into the model' '
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait_gone "Register a device" &&
    tui_keys F7 && tui_wait "Register a device" &&
    tui_keys Tab Tab && tui_type "Nokia" &&
    tui_burst 353918051234561 &&
    tui_wait_re "IMEI\*? +353918051234561" &&
    ! tui_screen | grep -q "Nokia3539" &&
    tui_wait_re "Model\*? +Nokia *$" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait_gone "Register a device"
'

test_expect_success 'Handover: a scan before a person is picked goes to the IMEI field' '
    tui_keys 4 && tui_wait "Hand a device over" &&
    tui_burst 356938035643809 &&
    tui_wait_re "IMEI \(scan or type\)\*? +356938035643809" &&
    tui_wait "Hand a device over" &&
    tui_keys Escape && tui_wait "Discard this handover" && tui_keys y &&
    tui_wait_gone "356938035643809"
'

test_expect_success 'a scan in a question is refused, the question stays' '
    tui_type "dong" && tui_wait "Lục Văn Đông" &&
    tui_keys Escape Escape && tui_wait "Discard this handover" &&
    tui_burst 356938035643809 &&
    tui_wait "answer the question first" && tui_wait "Discard this handover" &&
    tui_keys y && tui_wait "the handover form was cleared"
'

test_expect_success 'a receipt QR opens its handover with Mark signed chosen' '
    tui_keys 1 && tui_wait_gone "Hand a device over" &&
    tui_scan "01/BB-BDT #1234:abcd" &&
    tui_wait "Receipt 01/BB-BDT: IMEI 490154203237518" &&
    tui_wait "[ Yes ]" &&
    tui_keys Enter && tui_wait "receipt 01/BB-BDT marked as signed" &&
    tui_wait "Lý A Páo" &&
    capphat receipt unsigned >out &&
    ! grep -F "01/BB-BDT" out
'

test_expect_success 'the same QR again: already signed, nothing asked' '
    tui_keys Escape && tui_scan "01/BB-BDT" &&
    tui_wait "receipt 01/BB-BDT was signed on"
'

test_expect_success 'quit; check passes' '
    tui_keys Escape && tui_quit && capphat check
'

test_done

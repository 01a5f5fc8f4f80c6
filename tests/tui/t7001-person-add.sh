#!/bin/sh
# The People screen: add a person with a Vietnamese name typed as UTF-8
# (precomposed, and with combining marks as some input methods send them);
# the form checks a field as soon as it is left; the name is stored in NFC.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

test_expect_success 'start on a new database: the welcome screen' '
    tui_start &&
    tui_wait "Welcome to capphat" &&
    tui_wait "A new database was created"
'

test_expect_success 'F7 on People opens the form; choices filter as typed' '
    tui_keys 2 &&
    tui_wait "Prestigious persons: 0" &&
    tui_keys F7 &&
    tui_wait "New person" &&
    tui_type "Mã Hoàng Tạ" && tui_keys Tab &&
    tui_type "nam" && tui_keys Tab &&
    tui_type "1958" && tui_keys Tab &&
    tui_type "tay" && tui_keys Tab &&
    tui_type "ba be" && tui_keys Tab &&
    tui_type "cho ra" &&
    tui_wait "Chợ Rã" &&
    tui_keys Tab &&
    tui_type "Nà Hai" && tui_keys Tab
'

test_expect_success 'a CCCD that contradicts the birth year shows an error under the field' '
    tui_type "006070000123" && tui_keys Tab &&
    tui_wait "006070000123" &&
    tui_wait "cccd" &&
    tui_screen | grep -q "1958\|birth" &&
    tui_keys BTab C-u &&
    tui_type "006058000123" && tui_keys Tab &&
    tui_wait_gone "encodes"
'

test_expect_success 'F2 saves; the list shows the person with the CCCD masked' '
    tui_keys F2 &&
    tui_wait "added: Mã Hoàng Tạ" &&
    tui_wait "Prestigious persons: 1" &&
    tui_screen | grep "Mã Hoàng Tạ" | grep -q "006\*\*\*\*\*0123" &&
    ! tui_screen | grep -q "006058000123"
'

test_expect_success 'the database holds the person, name in NFC, through the command line' '
    capphat person show 1 >out &&
    grep -F "Mã Hoàng Tạ" out &&
    grep -F "Chợ Rã" out &&
    grep -F "Nà Hai" out
'

test_expect_success 'a name typed with combining marks is stored precomposed (NFC)' '
    tui_keys F7 && tui_wait "New person" &&
    tui_type "$(printf "Hoa\314\200ng Thi\314\243 Bi\314\201ch")" && tui_keys Tab &&
    tui_type "nu" && tui_keys Tab Tab Tab &&
    tui_type "ba be" && tui_keys Tab &&
    tui_type "cho ra" && tui_keys Tab &&
    tui_keys F2 &&
    tui_wait "Prestigious persons: 2" &&
    capphat person show 2 >out &&
    grep -F "Hoàng Thị Bích" out &&
    $PYTHON -c "import sys,unicodedata; s=open(\"out\",encoding=\"utf-8\").read(); sys.exit(0 if unicodedata.is_normalized(\"NFC\", s) else 1)"
'

test_expect_success 'Esc on an edited form asks before throwing the input away' '
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Ai Đó" &&
    tui_keys Escape &&
    tui_wait "Throw away what you typed" &&
    tui_keys n &&
    tui_wait_gone "Throw away" &&
    tui_wait "Ai Đó" &&
    tui_keys Escape && tui_wait "Throw away" && tui_keys y &&
    tui_wait "Prestigious persons: 2" &&
    test "$(capphat person list | wc -l)" -le 3
'

test_expect_success 'F4 edits the selected person; the change is saved and audited' '
    tui_keys Home F4 && tui_wait "Edit person" &&
    tui_keys Tab Tab Tab Tab Tab Tab Tab Tab &&
    tui_type "0912345678" && tui_keys F2 &&
    tui_wait "saved:" &&
    capphat person list >out &&
    test "$(grep -c 0912345678 out)" = 1
'

test_expect_success 'F10 quits; the database passes check' '
    tui_quit &&
    capphat check
'

test_done

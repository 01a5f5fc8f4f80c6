#!/bin/sh
# The full-screen pickers after the reorganisation of 1 July 2025: a commune
# name of 2023 and 2025 alike shows both units with what tells them apart,
# and Tab or Enter never takes one of them for the operator — the one they
# choose is saved; with a district only the old one is offered. The People
# list filtered by a commune of 2025 shows the people of the communes that
# merged into it, with both communes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

SHARED="Chợ Rã:cho ra:Ba Bể
Đồng Phúc:dong phuc:Ba Bể
Phúc Lộc:phuc loc:Ba Bể
Thanh Mai:thanh mai:Chợ Mới
Thanh Thịnh:thanh thinh:Chợ Mới
Bằng Thành:bang thanh:Pác Nặm
Nghiên Loan:nghien loan:Pác Nặm"

# period ID: the validity start of person ID's commune: '' (2023) or 2025-07-01
period() { sqlite3 "$CAPPHAT_DB" "select ifnull(u.valid_from, '') from unit u join person p on p.commune_id = u.id where p.id = $1"; }

test_expect_success 'setup: a person of the old Bộc Bố, now part of Bằng Thành' '
    capphat init >/dev/null &&
    capphat person add --name "Lục Văn Bộc" --gender M --birth-year 1950 \
        --district "Pác Nặm" --commune "Bộc Bố" >/dev/null
'

test_expect_success 'each shared name: both units listed and told apart, Tab refuses to guess, the chosen one is saved' '
    tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons: 1" &&
    n=1 &&
    printf "%s\n" "$SHARED" >shared &&
    while IFS=: read -r name typed district; do
        n=$((n + 1)) &&
        tui_keys F7 && tui_wait "New person" &&
        tui_type "Người Số $n" && tui_keys Tab && tui_type "nam" && tui_keys Tab Tab Tab Tab &&
        tui_type "$typed" &&
        tui_wait "$name — huyện $district, until 30/06/2025" &&
        tui_wait "$name — tỉnh Thái Nguyên, from 01/07/2025" &&
        tui_keys Tab &&
        tui_wait "several match: choose one from the list" &&
        tui_keys BTab Down && tui_wait "$name — tỉnh Thái Nguyên, from 01/07/2025" &&
        tui_keys Down Enter &&
        tui_wait_gone "several match" &&
        tui_keys F2 && tui_wait "added: Người Số $n" &&
        test "$(period $n)" = 2025-07-01 || { echo "failed for $name" >&2; return 1; }
    done <shared
'

test_expect_success 'with the district chosen only the old commune is offered, and Tab takes it' '
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Người Có Huyện" && tui_keys Tab && tui_type "nu" && tui_keys Tab Tab Tab &&
    tui_type "pac nam" && tui_wait "Pác Nặm" && tui_keys Tab &&
    tui_type "bang thanh" && tui_wait "Bằng Thành" && tui_keys Tab &&
    tui_keys F2 && tui_wait "added: Người Có Huyện" &&
    id=$(capphat find persons "nguoi co huyen" | tail -n +2 | cut -f1) &&
    test "$(period $id)" = "" &&
    test "$(sqlite3 "$CAPPHAT_DB" "select u.code from unit u join person p on p.commune_id = u.id where p.id = $id")" = 01858
'

test_expect_success 'the picker takes either spelling of the province: Sỹ Bình finds Sĩ Bình' '
    tui_keys F7 && tui_wait "New person" &&
    tui_type "Người Chính Tả" && tui_keys Tab && tui_type "nu" && tui_keys Tab Tab Tab Tab &&
    tui_type "sy binh" && tui_wait "Sĩ Bình — huyện Bạch Thông, until 30/06/2025" && tui_keys Tab &&
    tui_keys F2 && tui_wait "added: Người Chính Tả" &&
    id=$(capphat find persons "nguoi chinh ta" | tail -n +2 | cut -f1) &&
    test "$(sqlite3 "$CAPPHAT_DB" "select u.code from unit u join person p on p.commune_id = u.id where p.id = $id")" = 01978
'

test_expect_success 'the People list filtered by the new Bằng Thành shows the person of Bộc Bố, with both communes' '
    tui_keys F9 && tui_wait "Filter the list" &&
    tui_keys Tab && tui_type "bang thanh" && tui_wait "from 01/07/2025" &&
    tui_keys Down Down Enter && tui_keys F2 &&
    tui_wait "Lục Văn Bộc" &&
    tui_screen | grep "Lục Văn Bộc" | grep -q "Bằng Thành ←" &&
    tui_wait "Người Số 7" &&
    tui_screen | grep -q "Người Có Huyện" &&
    ! tui_screen | grep -q "Người Số 2"
'

test_expect_success 'the record shows the commune of the records and the commune today' '
    tui_screen | grep -n "" | grep "Lục Văn Bộc" | grep -q "^5:" &&
    tui_keys Home Down Enter && tui_wait "Commune today" &&
    tui_screen | grep -q "xã Bằng Thành (formerly xã Bộc Bố, huyện Pác Nặm)" &&
    tui_keys Escape
'

test_expect_success 'the Reports screen makes the summary by the units of a date and the historical one' '
    tui_keys 6 && tui_wait "Reports and documents" &&
    tui_wait "Excel summary by the units of a date" &&
    tui_wait "Excel summary by the districts and communes of 2023" &&
    tui_keys Enter && tui_wait "Units as of" &&
    tui_keys Tab Tab C-u && tui_type "$TEST_DIR/now.xlsx" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/now.xlsx" &&
    tui_keys Down Enter && tui_wait "File" &&
    tui_keys Tab C-u && tui_type "$TEST_DIR/old.xlsx" && tui_keys F2 &&
    tui_wait "written: $TEST_DIR/old.xlsx" &&
    $PYTHON - <<PY &&
import openpyxl
now = openpyxl.load_workbook("$TEST_DIR/now.xlsx")
assert now.sheetnames == ["Toàn tỉnh", "Dân tộc - Giới tính"], now.sheetnames
old = openpyxl.load_workbook("$TEST_DIR/old.xlsx")
assert "Pác Nặm" in old.sheetnames and "Không thuộc riêng một huyện cũ" in old.sheetnames, old.sheetnames
PY
    tui_quit
'

test_done

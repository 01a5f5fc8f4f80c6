#!/bin/sh
# capphat export attendance: a session's attendance sheet, and the blank
# sheet pre-filled from the commune's recipients.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

test_expect_success 'attendance: the attendees in name order, with a signature column' '
    sql "select p.full_name from attendance a join person p on p.id = a.person_id where a.session_id = 1 order by p.sort_key" >expect &&
    capphat export attendance --session 1 -o a.xlsx >out &&
    grep -q "a.xlsx written: $(wc -l <expect) rows on 1 sheet" out &&
    $PYTHON - <<PY >actual &&
import openpyxl
wb = openpyxl.load_workbook("a.xlsx")
ws = wb.active
assert wb.sheetnames == ["Điểm danh"], wb.sheetnames
head = [c.value for c in ws[8]]
assert head == ["STT", "Họ và tên", "Năm sinh", "Nam/Nữ", "Dân tộc", "Thôn", "Xã",
                "Số điện thoại", "IMEI máy đã nhận", "Ký tên", "Ghi chú"], head
texts = [c.value for r in ws.iter_rows(max_row=8) for c in r if c.value]
assert "DANH SÁCH THAM DỰ TẬP HUẤN SỬ DỤNG ĐIỆN THOẠI THÔNG MINH" in texts, texts
assert any(t.startswith("Nội dung: Sử dụng điện thoại thông minh") for t in texts), texts
assert any("Nguyễn Văn Kỹ" in t and "07/03/2024" in t for t in texts), texts
assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "\$8:\$8"
assert ws.freeze_panes == "A9" and ws.auto_filter.ref.startswith("A8:K")
assert ws.column_dimensions["J"].width >= 20
for r in ws.iter_rows(min_row=9):
    if isinstance(r[0].value, int):
        assert r[9].value is None
        print(r[1].value)
PY
    test_cmp expect actual
'

test_expect_success 'attendance --blank: the recipients of the session commune' '
    sql "select p.full_name from person p where p.commune_id = (select commune_id from training_session where id = 1) and exists (select 1 from handover h where h.person_id = p.id and h.returned_on is null) order by p.sort_key" >expect &&
    capphat export attendance --session 1 --blank -o b.xlsx >/dev/null &&
    $PYTHON - <<PY >actual &&
import openpyxl
ws = openpyxl.load_workbook("b.xlsx").active
for r in ws.iter_rows(min_row=9):
    if isinstance(r[0].value, int):
        print(r[1].value)
PY
    test_cmp expect actual
'

test_expect_success 'attendance: --session is required, an unknown one is an error' '
    test_must_fail capphat export attendance -o a2.xlsx 2>err &&
    one_line_error err "--session" &&
    test_must_fail capphat export attendance --session 99 -o a2.xlsx 2>err &&
    one_line_error err "99" &&
    test ! -e a2.xlsx
'

test_done

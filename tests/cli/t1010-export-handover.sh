#!/bin/sh
# capphat export handover: the sign-off list, one sheet per commune, read
# back with openpyxl; --blank, the filters, and text that looks like a
# formula written as text.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1
# a person whose texts start like formulas, holding a dual-SIM phone
pid=$(add_person "Lò Văn Ánh" --village "+Nà Pài" --note "=HYPERLINK(\"http://x\")" \
    --role "@chủ" --phone 0912345678) || exit 1
capphat device add --delivered 2023-06-01 --imei $IMEI1 --imei2 $IMEI2 --model "-Nokia C32" --price 2500000 --round 1 >/dev/null || exit 1
capphat handover --person "$pid" --imei $IMEI1 --date 2024-12-04 >/dev/null || exit 1

test_expect_success 'handover list: one sheet per commune with someone holding a device' '
    capphat export handover -o h.xlsx >out &&
    n=$(sql "select count(distinct p.commune_id) from person p join handover h on h.person_id = p.id where h.returned_on is null") &&
    rows=$(sql "select count(*) from handover where returned_on is null") &&
    grep -q "h.xlsx written: $rows rows on $n sheets" out &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("h.xlsx")
assert len(wb.sheetnames) == $n, wb.sheetnames
assert "Chợ Rã" in wb.sheetnames
total = 0
for ws in wb.worksheets:
    total += len([r for r in ws.iter_rows(min_row=10) if isinstance(r[0].value, int)])
assert total == $rows, total
PY
'

test_expect_success 'handover list: columns, values and Vietnamese name order' '
    sql "select p.full_name from person p join unit c on c.id = p.commune_id join handover h on h.person_id = p.id and h.returned_on is null where c.name = ${SQ}Chợ Rã${SQ} order by p.sort_key" >expect &&
    $PYTHON - <<PY >actual &&
import openpyxl
ws = openpyxl.load_workbook("h.xlsx")["Chợ Rã"]
head = [c.value for c in ws[9]]
# no "Xã" column: the sheet is of one commune, named in its title
assert head == ["STT", "Họ và tên", "Năm sinh", "Nam/Nữ", "Dân tộc", "Thôn", "Số CCCD",
                "Số điện thoại", "Model máy", "IMEI", "Ngày nhận", "Ký hoặc điểm chỉ", "Ghi chú"], head
for r in ws.iter_rows(min_row=10):
    if isinstance(r[0].value, int):
        print(r[1].value)
PY
    test_cmp expect actual
'

test_expect_success 'handover list: IMEI, CCCD and phone as text, date as dd/mm/yyyy' '
    $PYTHON - <<PY
import openpyxl, datetime
ws = openpyxl.load_workbook("h.xlsx")["Chợ Rã"]
r = [r for r in ws.iter_rows(min_row=10) if r[1].value == "Lò Văn Ánh"][0]
assert r[9].value == "$IMEI1\n$IMEI2", r[9].value
assert r[9].data_type == "s" and r[9].number_format == "@"
assert r[7].value == "0912345678" and r[7].data_type == "s", r[7].value
assert r[10].value == datetime.datetime(2024, 12, 4), r[10].value
assert r[10].number_format == "dd/mm/yyyy", r[10].number_format
assert r[2].value == 1960 and r[3].value == "Nam" and r[4].value == "Tày"
PY
'

test_expect_success 'handover list: text starting with = + - @ is text, never a formula' '
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("h.xlsx")["Chợ Rã"]
r = [r for r in ws.iter_rows(min_row=10) if r[1].value == "Lò Văn Ánh"][0]
assert r[5].value == "+Nà Pài" and r[5].data_type == "s", (r[5].value, r[5].data_type)
assert r[8].value == "-Nokia C32" and r[8].data_type == "s", (r[8].value, r[8].data_type)
assert r[12].value == "=HYPERLINK(\"http://x\")" and r[12].data_type == "s", (r[12].value, r[12].data_type)
# the only formula of a sheet is its total
formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
assert len(formulas) == 1, formulas
PY
'

test_expect_success 'handover list: print set-up, frozen header, filter, signature column' '
    $PYTHON - <<PY
import openpyxl, re
wb = openpyxl.load_workbook("h.xlsx")
for ws in wb.worksheets:
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "\$9:\$9", ws.print_title_rows
    assert ws.freeze_panes == "A10", ws.freeze_panes
    assert ws.auto_filter.ref.startswith("A9:M"), ws.auto_filter.ref
    assert re.fullmatch("Trang &P / [0-9]+", ws.oddFooter.center.text), ws.oddFooter.center.text
    assert ws.column_dimensions["L"].width >= 20, ws.column_dimensions["L"].width
    assert ws.row_dimensions[10].height >= 36, ws.row_dimensions[10].height
    assert ws["B10"].font.name == "Times New Roman"
ws = wb["Chợ Rã"]
texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert "Thị trấn Chợ Rã, huyện Ba Bể" in texts, texts[:12]
assert "NGƯỜI LẬP BIỂU" in texts and "THỦ TRƯỞNG ĐƠN VỊ" in texts
assert any(t.startswith("Bắc Kạn, ngày 30 tháng 6 năm 2025") for t in texts), texts
total = [r[1].value for r in ws.iter_rows(min_row=10) if isinstance(r[1].value, str) and r[1].value.startswith("=")]
assert total and "COUNTA(B10:" in total[0], total
PY
'

test_expect_success 'handover list: signer names come from the settings' '
    capphat settings set preparer_name "Hoàng Thị Lan" >/dev/null &&
    capphat settings set head_name "Nông Văn Minh" >/dev/null &&
    capphat export handover --district "Ba Bể" --commune "Chợ Rã" -o c.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("c.xlsx")
assert wb.sheetnames == ["Chợ Rã"], wb.sheetnames
texts = [c.value for r in wb.active.iter_rows() for c in r if isinstance(c.value, str)]
assert "Hoàng Thị Lan" in texts and "Nông Văn Minh" in texts, texts[-8:]
PY
'

test_expect_success 'handover list --district keeps to the district' '
    capphat export handover --district "Pác Nặm" -o d.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("d.xlsx")
for ws in wb.worksheets:
    texts = [c.value for c in ws["A"] if isinstance(c.value, str)]
    scope = ws["A5"].value
    assert scope.endswith("huyện Pác Nặm"), scope
PY
'

test_expect_success 'handover list --blank: people without a phone, device columns empty' '
    n=$(sql "select count(*) from person p where p.active = 1 and not exists (select 1 from handover h where h.person_id = p.id and h.returned_on is null)") &&
    capphat export handover --blank -o b.xlsx >out &&
    grep -q "b.xlsx written: $n rows" out &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("b.xlsx")
rows = [r for ws in wb.worksheets for r in ws.iter_rows(min_row=10) if isinstance(r[0].value, int)]
assert len(rows) == $n, len(rows)
for r in rows:
    assert r[8].value is None and r[9].value is None and r[10].value is None, [c.value for c in r]
    assert r[1].value
PY
'

test_expect_success 'handover list: unknown commune and nobody to list are errors, no file' '
    test_must_fail capphat export handover --commune "Không Có" -o x.xlsx 2>err &&
    test ! -e x.xlsx &&
    test_must_fail capphat export handover --district "Ba Bể" --commune "Nam Mẫu" -o x.xlsx 2>err &&
    one_line_error err "nothing to list" &&
    test ! -e x.xlsx
'

test_expect_success 'handover list: wrong extension and unknown options are usage errors' '
    test_must_fail capphat export handover -o h.csv 2>err &&
    one_line_error err ".xlsx" &&
    test_must_fail capphat export summary --blank -o s.xlsx 2>err &&
    one_line_error err "does not take --blank" &&
    test_must_fail capphat export nothing -o s.xlsx 2>err &&
    one_line_error err "unknown report"
'

test_done

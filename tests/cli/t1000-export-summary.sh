#!/bin/sh
# capphat export summary: the province, district and ethnic-group sheets,
# read back with openpyxl (values, formulas, formats, page set-up, chart).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

# count SQL: one number from the database
q() { sql "$1"; }

test_expect_success 'summary: sheets per district, province first, ethnic last' '
    capphat export summary -o s.xlsx >out &&
    grep -q "s.xlsx written" out &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("s.xlsx")
assert wb.sheetnames == ["Toàn tỉnh", "Ba Bể", "Chợ Mới", "Pác Nặm", "Dân tộc - Giới tính"], wb.sheetnames
PY
'

test_expect_success 'summary: province rows match the database, totals are formulas' '
    people=$(q "select count(*) from person where active = 1") &&
    open=$(q "select count(*) from handover where returned_on is null") &&
    returned=$(q "select count(*) from handover where returned_on is not null") &&
    value=$(q "select sum(d.price) from handover h join device d on d.id = h.device_id where h.returned_on is null") &&
    stock=$(q "select count(*) from device d where status = ${SQ}in_stock${SQ} and not exists (select 1 from handover h where h.device_id = d.id and h.returned_on is null)") &&
    trained=$(q "select count(distinct a.person_id) from attendance a join person p on p.id = a.person_id where p.active = 1") &&
    signed=$(q "select count(*) from handover where returned_on is null and signed_on is not null") &&
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("s.xlsx")
ws = wb["Toàn tỉnh"]
rows = {r[1].value: r for r in ws.iter_rows(min_row=10) if r[1].value}
tot = rows["Tổng cộng"]
assert tot[2].value.startswith("=SUM(C11:"), tot[2].value
body = [r for k, r in rows.items() if k != "Tổng cộng" and isinstance(r[2].value, int)]
col = lambda c: sum(r[c].value for r in body)
assert col(2) == $people, col(2)
assert col(3) == $open, col(3)
assert col(4) == $returned, col(4)
assert col(5) == $stock, col(5)
assert col(7) == $value, col(7)
assert col(8) == $trained, col(8)
assert col(11) == $signed, col(11)
assert col(11) + col(12) == $open
wbv = openpyxl.load_workbook("s.xlsx", data_only=True)
assert wbv["Toàn tỉnh"][tot[2].coordinate].value == $people
assert wbv["Toàn tỉnh"][tot[7].coordinate].value == $value
texts = [c.value for r in ws.iter_rows(max_row=8) for c in r if c.value]
assert "UBND TỈNH BẮC KẠN" in texts and "BAN DÂN TỘC" in texts, texts
assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
assert "Số liệu tính đến ngày 30/06/2025" in texts, texts
assert "Tất cả các đợt cấp phát" in texts
PY
'

test_expect_success 'summary: thousands shown with dots, in any locale' '
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("s.xlsx")["Toàn tỉnh"]
c = [r[7] for r in ws.iter_rows(min_row=10) if isinstance(r[7].value, int) and r[7].value > 1000000][0]
assert c.number_format == "[>=1000000]#\".\"000\".\"000;[>=1000]#\".\"000;0", c.number_format
PY
'

test_expect_success 'summary: district sheet has a row per commune and a SUM total' '
    n=$(q "select count(distinct p.commune_id) from person p join unit c on c.id = p.commune_id join unit d on d.id = c.parent_id where d.name = ${SQ}Ba Bể${SQ}") &&
    people=$(q "select count(*) from person p join unit c on c.id = p.commune_id join unit d on d.id = c.parent_id where d.name = ${SQ}Ba Bể${SQ} and p.active = 1") &&
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("s.xlsx")["Ba Bể"]
body = [r for r in ws.iter_rows(min_row=10) if isinstance(r[0].value, int)]
assert len(body) == $n, (len(body), $n)
assert sum(r[2].value for r in body) == $people
names = [r[1].value for r in body]
assert "Chợ Rã" in names, names
tot = [r for r in ws.iter_rows(min_row=10) if r[1].value == "Tổng cộng"][0]
assert tot[2].value == "=SUM(C10:C%d)" % (9 + $n), tot[2].value
PY
'

test_expect_success 'summary: a native chart of handed over vs trained on the province sheet' '
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("s.xlsx")["Toàn tỉnh"]
assert len(ws._charts) == 1, ws._charts
ch = ws._charts[0]
assert ch.tagname == "barChart", ch.tagname
refs = [s.val.numRef.f for s in ch.series]
assert refs == ["\x27Toàn tỉnh\x27!\$D\$11:\$D\$13", "\x27Toàn tỉnh\x27!\$I\$11:\$I\$13"], refs
PY
'

test_expect_success 'summary: ethnic group x gender sheet adds up to the people' '
    people=$(q "select count(*) from person where active = 1") &&
    tay_f=$(q "select count(*) from person p join ethnic_group e on e.id = p.ethnic_id where e.name = ${SQ}Tày${SQ} and p.gender = ${SQ}F${SQ} and p.active = 1") &&
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("s.xlsx")["Dân tộc - Giới tính"]
body = [r for r in ws.iter_rows(min_row=11) if isinstance(r[0].value, int)]
assert sum(r[2].value + r[3].value for r in body) == $people
tay = [r for r in body if r[1].value == "Tày"][0]
assert tay[3].value == $tay_f
assert tay[4].value == "=%s+%s" % (tay[2].coordinate, tay[3].coordinate), tay[4].value
assert ws.print_title_rows == "\$9:\$10", ws.print_title_rows
PY
'

test_expect_success 'summary: page set-up of every sheet' '
    $PYTHON - <<PY
import openpyxl, re
for ws in openpyxl.load_workbook("s.xlsx").worksheets:
    ps = ws.page_setup
    assert ps.orientation == "landscape", ws.title
    assert ps.paperSize == 9, ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ps.fitToWidth in (None, 1) and ps.fitToHeight == 0, (ps.fitToWidth, ps.fitToHeight)
    assert re.fullmatch("Trang &P / [0-9]+", ws.oddFooter.center.text), ws.oddFooter.center.text
    assert ws.print_title_rows, ws.title
    assert ws.freeze_panes, ws.title
    assert ws.auto_filter.ref, ws.title
    assert ws["A4"].font.name == "Times New Roman"
PY
'

test_expect_success 'summary --round: an unknown round is refused, a known one named' '
    test_must_fail capphat export summary --round 99 -o r.xlsx 2>err &&
    one_line_error err "round" &&
    test ! -e r.xlsx &&
    capphat export summary --round 1 -o r.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("r.xlsx")["Toàn tỉnh"]
texts = [c.value for r in ws.iter_rows(max_row=8) for c in r if c.value]
assert any(t.startswith("Đợt cấp phát 2023") for t in texts), texts
PY
'

signed_total() {
    $PYTHON -c "import openpyxl; ws=openpyxl.load_workbook(\"$1\")[\"Toàn tỉnh\"]; print(sum(r[11].value for r in ws.iter_rows(min_row=10) if isinstance(r[2].value, int) and r[1].value != \"Tổng cộng\"))"
}

test_expect_success 'summary counts a receipt marked signed' '
    before=$(signed_total s.xlsx) &&
    no=$(q "select receipt_no from handover where returned_on is null and signed_on is null limit 1") &&
    capphat receipt signed "$no" >/dev/null &&
    capphat export summary -o s2.xlsx >/dev/null &&
    after=$(signed_total s2.xlsx) &&
    test "$after" -eq $((before + 1))
'

test_done

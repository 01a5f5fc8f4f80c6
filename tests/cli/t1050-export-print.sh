#!/bin/sh
# The workbooks as they print, read back with openpyxl: the scale a sign-off
# list prints at (worked out here from the column widths, margins and paper
# as Excel and LibreOffice apply a fit to one page wide), the text and the
# signature cell at that scale, the orientation, the page numbers of each
# sheet and the page breaks they count, the title block of Decree 30 (drawn rules
# under the issuing body and the motto, the "Số:" line and the date), the
# units with their kind, the chart on a page of its own, the session's date.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 300 --seed 7 >/dev/null || exit 1

# checks shared by the scripts below: what a sheet prints at
HERE=$TEST_DIR
cat >"$HERE/printscale.py" <<'PY'
import re

A4 = (210.0, 297.0)


def scales(ws):
    """The scale Excel and LibreOffice print ws at: fitted to one page wide."""
    ps = ws.page_setup
    landscape = ps.orientation == "landscape"
    m = ws.page_margins
    width_mm = (A4[1] if landscape else A4[0]) - (m.left + m.right) * 25.4
    avail = width_mm / 25.4 * 96
    widths = []
    for col, d in ws.column_dimensions.items():
        for _ in range(d.min, d.max + 1):
            widths.append(d.width)
    # Excel: the stored width is in its default font's digits (7 px), with
    # the padding in it; LibreOffice: Carlito's, 7.52 px as it prints
    excel = sum(round(w * 7) for w in widths)
    lo = sum(w * 7.52 for w in widths)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ps.fitToWidth in (None, 1) and ps.fitToHeight == 0, (ps.fitToWidth, ps.fitToHeight)
    return min(1.0, avail / excel), min(1.0, avail / lo)


def col_mm(ws, letter, scale):
    return ws.column_dimensions[letter].width * 7.52 * scale / 96 * 25.4


def row_mm(ws, row, scale):
    return ws.row_dimensions[row].height * scale / 72 * 25.4


def header_row(ws):
    for r in range(1, 20):
        if ws.cell(r, 1).value == "STT":
            return r
    raise AssertionError("no header row")


def pages(ws):
    """The footer's page count, and the pages its breaks make."""
    m = re.fullmatch("Trang &P / ([0-9]+)", ws.oddFooter.center.text)
    assert m, ws.oddFooter.center.text
    return int(m.group(1)), len(ws.row_breaks.brk) + 1


def rules(path, ws):
    """The drawn rules of sheet ws of workbook path (the pictures of its
    drawing, not its charts): (from column, to column, from row, to row,
    column offsets), 0-based, as the anchors say."""
    import posixpath, xml.etree.ElementTree as ET, zipfile
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
          "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    rid = [e.get("{%s}id" % ns["r"]) for e in wb.find("m:sheets", ns) if e.get("name") == ws.title][0]
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    sheet = "xl/" + [e.get("Target") for e in rels if e.get("Id") == rid][0].lstrip("/").replace("xl/", "", 1)
    srels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
    drawing = [e.get("Target") for e in ET.fromstring(z.read(srels)) if e.get("Type").endswith("/drawing")][0]
    drawing = posixpath.normpath(posixpath.join(posixpath.dirname(sheet), drawing))
    out = []
    for a in ET.fromstring(z.read(drawing)).findall("xdr:twoCellAnchor", ns):
        if a.find("xdr:pic", ns) is None:
            continue  # a chart
        f, t = a.find("xdr:from", ns), a.find("xdr:to", ns)
        v = lambda e, k: int(e.find("xdr:" + k, ns).text)
        out.append((v(f, "col"), v(t, "col"), v(f, "row"), v(t, "row"), v(f, "colOff"), v(t, "colOff")))
    return out


def merged_cols(ws, cell):
    """The columns (0-based, first and one past the last) the text of cell is merged over."""
    for m in ws.merged_cells.ranges:
        if cell.coordinate in m:
            return m.min_col - 1, m.max_col
    return cell.column - 1, cell.column
PY

test_expect_success 'sign-off list: 11 pt text and a 20 x 40 mm signature cell at print scale' '
    capphat export handover -o h.xlsx >/dev/null &&
    capphat export handover --blank -o b.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
exec(open("$HERE/printscale.py").read())
for f in ("h.xlsx", "b.xlsx"):
    for ws in openpyxl.load_workbook(f).worksheets:
        hr = header_row(ws)
        head = [c.value for c in ws[hr]]
        sign = openpyxl.utils.get_column_letter(head.index("Ký hoặc điểm chỉ") + 1)
        for s in scales(ws):
            assert s >= 11 / 12, (f, ws.title, s)
            assert col_mm(ws, sign, s) >= 40, (f, ws.title, col_mm(ws, sign, s))
            for r in range(hr + 1, ws.max_row + 1):
                if isinstance(ws.cell(r, 1).value, int):
                    assert row_mm(ws, r, s) >= 20, (f, ws.title, r, row_mm(ws, r, s))
        sizes = {c.font.sz for row in ws.iter_rows(min_row=hr) for c in row if c.value}
        assert min(sizes) * min(scales(ws)) >= 11, (f, ws.title, sizes)
        assert ws["B%d" % (hr + 1)].font.name == "Times New Roman"
        m = ws.page_margins
        assert m.left == m.right == 0.25, (m.left, m.right)
        assert ws.page_setup.orientation == "landscape"
PY
'

test_expect_success 'sign-off list: no "Xã" column on a commune sheet, one where the commune absorbed others' '
    $PYTHON - <<PY &&
import openpyxl
exec(open("$HERE/printscale.py").read())
for ws in openpyxl.load_workbook("h.xlsx").worksheets:
    head = [c.value for c in ws[header_row(ws)]]
    assert "Xã" not in head and len(head) == 13, (ws.title, head)
PY
    CAPPHAT_TODAY=2025-07-15 capphat export handover -o m.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
exec(open("$HERE/printscale.py").read())
for ws in openpyxl.load_workbook("m.xlsx").worksheets:
    hr = header_row(ws)
    head = [c.value for c in ws[hr]]
    assert "Xã" in head and len(head) == 14, (ws.title, head)
    sign = openpyxl.utils.get_column_letter(head.index("Ký hoặc điểm chỉ") + 1)
    for s in scales(ws):
        assert s >= 11 / 12, (ws.title, s)
        assert col_mm(ws, sign, s) >= 40, (ws.title, col_mm(ws, sign, s))
        assert row_mm(ws, hr + 1, s) >= 20
PY
'

test_expect_success 'sign-off list: each sheet numbers its own pages, as many as its breaks make' '
    $PYTHON - <<PY
import openpyxl
exec(open("$HERE/printscale.py").read())
wb = openpyxl.load_workbook("h.xlsx")
several = 0
for ws in wb.worksheets:
    # firstPageNumber defaults to 1: libxlsxwriter writes useFirstPageNumber alone
    assert ws.page_setup.firstPageNumber in (None, 1) and ws.page_setup.useFirstPageNumber, ws.title
    said, made = pages(ws)
    assert said == made, (ws.title, said, made)
    several += said > 1
    # a page holds the header and at most 7 rows of 64 pt
    hr = header_row(ws)
    starts = [hr + 1] + [b.id + 1 for b in ws.row_breaks.brk]
    for a, b in zip(starts, starts[1:]):
        assert 1 <= b - a <= 7, (ws.title, starts)
    assert ws.print_title_rows == "\$%d:\$%d" % (hr, hr)
assert several, "no sheet of several pages"
PY
'

test_expect_success 'title block: rules under the issuing body and the motto, units with their kind' '
    capphat export summary -o s.xlsx >/dev/null &&
    capphat export attendance --session 1 -o a.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl
exec(open("$HERE/printscale.py").read())
for f in ("h.xlsx", "s.xlsx", "a.xlsx"):
    for ws in openpyxl.load_workbook(f).worksheets:
        assert ws["A2"].value == "BAN DÂN TỘC" and ws["A2"].font.b, (f, ws.title)
        motto = [c for c in ws[2] if c.value == "Độc lập - Tự do - Hạnh phúc"][0]
        assert motto.font.b
        # the rule row: a thin row, a rule drawn under each side, as wide as
        # the columns its text is merged over (the line in its middle):
        # centred under the text however wide the columns are
        assert ws.row_dimensions[3].height <= 6, ws.row_dimensions[3].height
        drawn = sorted(rules(f, ws))
        want = sorted((a, b, 2, 2, 0, 0) for a, b in (merged_cols(ws, ws["A2"]), merged_cols(ws, motto)))
        assert drawn == want, (f, ws.title, drawn, want)
        assert all(c.font.name == "Times New Roman" for row in ws.iter_rows(max_row=8) for c in row if c.value)
wb = openpyxl.load_workbook("s.xlsx")
assert wb["Ba Bể"]["A5"].value == "Đơn vị: huyện Ba Bể, theo xã", wb["Ba Bể"]["A5"].value
PY
'

test_expect_success 'summary: the "Số:" line and the date line, once, on the first sheet' '
    $PYTHON - <<PY
import openpyxl
wb = openpyxl.load_workbook("s.xlsx")
ws = wb["Toàn tỉnh"]
assert ws["A4"].value.startswith("Số:") and ws["A4"].value.endswith("/BC"), ws["A4"].value
texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
dated = [t for t in texts if t.startswith("Bắc Kạn, ngày 30 tháng 6 năm 2025")]
assert len(dated) == 1, dated
assert ws["A5"].value.startswith("BÁO CÁO TỔNG HỢP"), ws["A5"].value
for name in wb.sheetnames[1:]:
    texts = [c.value for r in wb[name].iter_rows(max_row=4) for c in r if isinstance(c.value, str)]
    assert not any(t.startswith("Số:") for t in texts), (name, texts)
PY
'

test_expect_success 'summary: the chart starts a page of its own, in Times New Roman' '
    $PYTHON - <<PY
import openpyxl, zipfile
exec(open("$HERE/printscale.py").read())
ws = openpyxl.load_workbook("s.xlsx")["Toàn tỉnh"]
ch = ws._charts[0]
at = ch.anchor._from.row  # 0-based
breaks = [b.id for b in ws.row_breaks.brk]
assert breaks and breaks[-1] < at, (breaks, at)
# nothing but the chart after the break
last = max(r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r]))
assert last <= breaks[-1], (last, breaks)
said, made = pages(ws)
assert said == made >= 2, (said, made)
xml = zipfile.ZipFile("s.xlsx").read("xl/charts/chart1.xml").decode()
assert "Times New Roman" in xml and "Calibri" not in xml
PY
'

test_expect_success 'attendance: dated with the session, not the day it is printed' '
    held=$(sql "select held_on from training_session where id = 1") &&
    $PYTHON - <<PY
import openpyxl, datetime
ws = openpyxl.load_workbook("a.xlsx").active
d = datetime.date.fromisoformat("$held")
texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
line = "Bắc Kạn, ngày %02d tháng %s năm %d" % (d.day, ("%02d" if d.month < 3 else "%d") % d.month, d.year)
assert line in texts, (line, [t for t in texts if "ngày" in t])
assert not any("30/06/2025" in t or "30 tháng 6" in t for t in texts), texts
PY
'

test_expect_success 'title block: a body name longer than its side shrinks to fit, a short one does not' '
    $PYTHON - <<PY &&
import openpyxl
ws = openpyxl.load_workbook("a.xlsx").active
assert not ws["A1"].alignment.shrink_to_fit and not ws["A2"].alignment.shrink_to_fit
PY
    capphat settings set office_name "SỞ DÂN TỘC VÀ TÔN GIÁO TỈNH THÁI NGUYÊN MỞ RỘNG" >/dev/null &&
    capphat export attendance --session 1 -o long.xlsx >/dev/null &&
    capphat settings set office_name "BAN DÂN TỘC" >/dev/null &&
    $PYTHON - <<PY
import openpyxl
ws = openpyxl.load_workbook("long.xlsx").active
assert ws["A2"].value == "SỞ DÂN TỘC VÀ TÔN GIÁO TỈNH THÁI NGUYÊN MỞ RỘNG", ws["A2"].value
assert ws["A1"].alignment.shrink_to_fit and ws["A2"].alignment.shrink_to_fit
assert ws["A2"].font.b and ws["A2"].alignment.horizontal == "center"
PY
'

test_done

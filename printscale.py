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


def top_border(ws, row, col):
    b = ws.cell(row, col).border
    return b.top is not None and b.top.style == "thin"

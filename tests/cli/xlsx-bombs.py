#!/usr/bin/python3
# tests/cli/xlsx-bombs.py — hostile and broken workbooks for the limits of
# the XLSX reader: a few kB to a few hundred kB on disk (zipfile, deflate),
# up to hundreds of MB of XML inside. Made by each test that needs them,
# never committed. Persons lists: a header row, then what KIND says.
#
#   xlsx-bombs.py KIND OUT
#
#   sst-huge      a shared strings part of 300 MB
#   sheet-huge    a sheet of 300 MB
#   sst-many      8 million empty shared strings (40 MB of XML)
#   sst-text      70 shared strings of 1 MB
#   sst-long      one shared string of 1 MB and 1 byte
#   cell-1mb      a cell of exactly 1 MB of text (within the limits)
#   cell-long     a cell of 1 MB and 1 byte
#   row-long      a shared string of 1 MB in 17 cells of one row
#   sst-reused    300 persons with a shared string of 1 MB beside (column G)
#   tag-1mb       a tag with an attribute of 1 MB (within the limits)
#   tag-long      a tag with an attribute of 50 MB
#   comment-long  a comment of 50 MB
#   dtd           a DTD with an entity
#   styles-many   100,000 cell formats
import sys
import zipfile

MB = 1 << 20
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0"?><Types '
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels":
        '<?xml version="1.0"?><Relationships xmlns="%s"><Relationship Id="rId1" '
        'Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL),
    "xl/workbook.xml":
        '<?xml version="1.0"?><workbook %s xmlns:r="%s"><sheets>'
        '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
        % (NS, REL[:-1]),
    "xl/_rels/workbook.xml.rels":
        '<?xml version="1.0"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="%sstyles" Target="styles.xml"/></Relationships>'
        % (PKG, REL, REL, REL),
}
HEADER = "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % h for h in
                 ["Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Xã", "Huyện"])
# the cells after the name of a person
PERSON = "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % h for h in
                 ["Nam", "1950", "Tày", "Chợ Rã", "Ba Bể"])


def repeat(s, n):
    """s n times, in pieces of about 1 MB."""
    per = max(1, MB // len(s))
    while n > 0:
        k = min(per, n)
        yield s * k
        n -= k


def sheet(*rows):
    yield '<?xml version="1.0"?><worksheet %s><sheetData><row r="1">%s</row>' % (NS, HEADER)
    for r in rows:
        yield from r
    yield "</sheetData></worksheet>"


def sst(*items):
    yield '<?xml version="1.0"?><sst %s>' % NS
    for i in items:
        yield from i
    yield "</sst>"


def write(out, sheet_xml, sst_xml=None, styles_xml=None):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        for name, pieces in (("xl/worksheets/sheet1.xml", sheet_xml),
                             ("xl/sharedStrings.xml", sst_xml),
                             ("xl/styles.xml", styles_xml)):
            if pieces is None:
                continue
            with z.open(name, "w", force_zip64=True) as f:
                for p in pieces:
                    f.write(p.encode())


def one_string(n):
    return sst(["<si><t>", *repeat("a", n), "</t></si>"])


def main(kind, out):
    if kind == "sst-huge":
        write(out, sheet(), one_string(300 * MB))
    elif kind == "sheet-huge":
        write(out, sheet(repeat("<row/>", 300 * MB // 6)))
    elif kind == "sst-many":
        write(out, sheet(), sst(repeat("<si/>", 8 * MB)))
    elif kind == "sst-text":
        write(out, sheet(), sst(repeat("<si><t>" + "a" * (MB - 16) + "</t></si>", 70)))
    elif kind == "sst-long":
        write(out, sheet(), one_string(MB + 1))
    elif kind in ("cell-1mb", "cell-long"):
        n = MB if kind == "cell-1mb" else MB + 1
        write(out, sheet(['<row r="2"><c t="inlineStr"><is><t>', *repeat("a", n),
                          "</t></is></c>%s</row>" % PERSON]))
    elif kind == "row-long":
        write(out, sheet(['<row r="2">' + '<c t="s"><v>0</v></c>' * 17 + "</row>"]),
              one_string(MB - 16))
    elif kind == "sst-reused":
        rows = ('<row><c t="inlineStr"><is><t>Nguyễn Văn Số %d</t></is></c>%s'
                '<c t="s"><v>0</v></c></row>' % (i, PERSON) for i in range(300))
        write(out, sheet(rows), one_string(MB - 16))
    elif kind in ("tag-1mb", "tag-long"):
        n = MB if kind == "tag-1mb" else 50 * MB
        write(out, sheet(['<row r="2" x="', *repeat("a", n), '">',
                          '<c t="inlineStr"><is><t>Lò Văn Tạ</t></is></c>%s</row>' % PERSON]))
    elif kind == "comment-long":
        write(out, sheet(["<!--", *repeat("a", 50 * MB), "-->"]))
    elif kind == "dtd":
        write(out, ['<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa">]>'
                    '<worksheet %s><sheetData><row r="1">%s</row><row r="2">'
                    '<c t="inlineStr"><is><t>&a;&a;</t></is></c></row></sheetData></worksheet>'
                    % (NS, HEADER)])
    elif kind == "styles-many":
        write(out, sheet(), None, ['<?xml version="1.0"?><styleSheet %s><cellXfs>' % NS,
                                   *repeat('<xf numFmtId="0"/>', 100000),
                                   "</cellXfs></styleSheet>"])
    else:
        raise SystemExit("unknown kind " + kind)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/python3
# tests/cli/import-files.py — writes the lists the import tests read, as an
# office or a supplier would have them: .xlsx through openpyxl (a reader and
# writer we did not write), CSV in every separator, line ending and encoding.
#
#   import-files.py persons-xlsx OUT [--dates]
#   import-files.py persons-xlsx-vntime OUT      TCVN3 text in .VnTime cells
#   import-files.py persons-xlsx-two-rows OUT    Năm sinh over Nam | Nữ
#   import-files.py persons-csv OUT [--sep ,|;|tab] [--eol lf|crlf] [--bom]
#                                   [--encoding utf-8|tcvn3|vni|cp1258]
#   import-files.py devices-xlsx OUT
#   import-files.py devices-csv OUT N [--bad ROW]...   N generated devices
#   import-files.py persons-xlsx-big OUT N [--from K] [--bad I]
#                                   N persons (numbered from K), write_only;
#                                   the I-th person of each --bad I (sheet
#                                   row I + 2) has gender "X"
#   import-files.py csv OUT CELL,CELL... ...           rows as given (UTF-8)
#
# The legacy encodings are written here, not by the code under test: TCVN3
# through glibc's iconv (TCVN5712-1), Windows-1258 with Python's cp1258
# codec (tone marks combined after the base letter where the code page lacks
# the precomposed letter, as Windows writes them), VNI-Windows from the
# published VNI table (base letter, then a mark byte drawn by the VNI font).
import csv
import datetime
import io
import subprocess
import sys
import unicodedata

HEADER = ["STT", "Họ và tên", "Năm sinh", "Nam", "Nữ", "Dân tộc", "Thôn, bản", "Xã",
          "Huyện", "Số CCCD", "SĐT"]

# name, birth year, male?, ethnic group as offices write it, village,
# commune (both spellings of Hoà Mục), district, CCCD, phone as typed
PERSONS = [
    ("Nguyễn Văn An", 1960, True, "Tày", "Nà Làng", "Hoà Mục", "Chợ Mới", "006060001234",
     "+84 912 345 678"),
    ("Hoàng Thị Bích", 1965, False, "Mông", "Bản Cháo", "Hòa Mục", "Chợ Mới", "006165001235",
     "0912.345.679"),
    ("Lý Văn Đông", 1952, True, "Dao", "Khuổi Nộc, Nà Phai", "Chợ Rã", "Ba Bể", "",
     "84 98 765 4321"),
    ("Triệu Thị Thuỷ", 1970, False, "Nùng", "Bản Vàng", "Mỹ Phương", "Ba Bể", "", ""),
]


def person_rows(dates=False):
    for i, (name, year, male, ethnic, village, commune, district, cccd, phone) in \
            enumerate(PERSONS, 1):
        born = datetime.date(year, 3 + i, 10 + i) if dates else year
        if dates:
            yield [i, name, born, "Nam" if male else "Nữ", ethnic, village, commune,
                   district, cccd, phone]
        else:
            yield [i, name, born, "x" if male else "", "" if male else "x", ethnic, village,
                   commune, district, cccd, phone]


def persons_xlsx(out, dates=False):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["UBND TỈNH BẮC KẠN"])
    ws.append(["BAN DÂN TỘC"])
    ws.append(["DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2024"])
    ws.append([])
    if dates:
        ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Thôn, bản",
                   "Xã", "Huyện", "Số CCCD", "SĐT"])
    else:
        ws.append(HEADER)
    for row in person_rows(dates):
        ws.append(row)
        if dates:
            ws.cell(row=ws.max_row, column=3).number_format = "dd/mm/yyyy"
    wb.create_sheet("Ghi chú").append(["Danh sách do Ban Dân tộc lập"])
    wb.save(out)


def persons_xlsx_two_rows(out):
    """The layout of official lists: "Năm sinh" merged over "Nam" and "Nữ"
    holding the year, and a row numbering the columns."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BAN DÂN TỘC TỈNH BẮC KẠN"])
    ws.append(["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Thôn, bản", "Xã", "Huyện",
               "Số CCCD", "SĐT"])
    ws.append([None, None, "Nam", "Nữ"])
    ws.append(["(%d)" % i for i in range(1, 11)])
    ws.merge_cells("C2:D2")
    for c in "ABEFGHIJ":
        ws.merge_cells("%s2:%s3" % (c, c))
    for row in person_rows():
        stt, name, year, male, female = row[:5]
        ws.append([stt, name, year if male else None, None if male else year] + row[5:])
    wb.save(out)


def persons_xlsx_vntime(out):
    """The list typed in the .VnTime font: cells hold TCVN3 bytes as U+0000..U+00FF."""
    import openpyxl
    from openpyxl.styles import Font
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [["Ban Dân tộc tỉnh Bắc Kạn"], HEADER] + list(person_rows())
    for r in rows:
        ws.append([encode_tcvn3(c).decode("latin-1") if isinstance(c, str) else c for c in r])
        for cell in ws[ws.max_row]:
            cell.font = Font(name=".VnTime", size=13)
    wb.save(out)


def persons_xlsx_big(out, n, first=1, bad=()):
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH NGƯỜI CÓ UY TÍN"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn, bản", "Xã",
               "Huyện", "SĐT"])
    communes = ["Hoà Mục", "Thanh Mai", "Yên Cư", "Nông Hạ", "Như Cố"]
    for k in range(n):
        i = first + k
        gender = "X" if k + 1 in bad else "Nam" if i % 2 else "Nữ"
        ws.append([k + 1, "Nguyễn Văn Số %d" % i, 1940 + i % 50, gender,
                   "Tày", "Bản %d" % (i % 97), communes[i % len(communes)], "Chợ Mới",
                   "09%08d" % (10000000 + i)])
    wb.save(out)


# ---- legacy encodings ----

TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde",
         "\u0323": "dot"}


def split_letter(ch):
    """A letter as (base with its circumflex/breve/horn, tone or None)."""
    d = unicodedata.normalize("NFD", ch)
    tone = None
    rest = ""
    for c in d:
        if c in TONES:
            tone = TONES[c]
        else:
            rest += c
    return unicodedata.normalize("NFC", rest), tone


def encode_cp1258(text):
    out = bytearray()
    comb = {"grave": b"\xcc", "acute": b"\xec", "hook": b"\xd2", "tilde": b"\xde",
            "dot": b"\xf2"}
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, tone = split_letter(ch)
        out += base.encode("cp1258") + comb[tone]
    return bytes(out)


def encode_tcvn3(text):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"],
                          input=text.encode("utf-8"), capture_output=True,
                          check=True).stdout


# VNI-Windows (VNI Software's table): a vowel is its ASCII letter followed by
# one mark byte for circumflex/breve with the tone, or the tone alone; ơ, ư,
# đ and i with a tone are single bytes. Upper case: mark bytes 0x20 lower.
VNI_MARK = {
    (None, "acute"): 0xF9, (None, "grave"): 0xF8, (None, "hook"): 0xFB,
    (None, "tilde"): 0xF5, (None, "dot"): 0xEF,
    ("circ", None): 0xE2, ("circ", "acute"): 0xE1, ("circ", "grave"): 0xE0,
    ("circ", "hook"): 0xE5, ("circ", "tilde"): 0xE3, ("circ", "dot"): 0xE4,
    ("breve", None): 0xEA, ("breve", "acute"): 0xE9, ("breve", "grave"): 0xE8,
    ("breve", "hook"): 0xFA, ("breve", "tilde"): 0xFC, ("breve", "dot"): 0xEB,
}
VNI_I = {"acute": 0xED, "grave": 0xEC, "hook": 0xE6, "tilde": 0xF3, "dot": 0xF2}


def encode_vni(text):
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        upper = ch != ch.lower()
        base, tone = split_letter(ch.lower())
        shift = 0x20 if upper else 0
        if base == "đ":
            out.append(0xF1 - shift)
        elif base == "i" and tone:
            out.append(VNI_I[tone] - shift)
        elif base == "y" and tone == "dot":
            out.append(0xEE - shift)
        elif base in ("ơ", "ư"):
            out.append((0xF4 if base == "ơ" else 0xF6) - shift)
            if tone:
                out.append(VNI_MARK[(None, tone)] - shift)
        else:
            mark = {"â": "circ", "ê": "circ", "ô": "circ", "ă": "breve"}.get(base)
            letter = unicodedata.normalize("NFD", base)[0]
            if letter not in "aeiouy":
                raise ValueError("no VNI form for %r" % ch)
            out.append(ord(letter.upper() if upper else letter))
            if mark or tone:
                out.append(VNI_MARK[(mark, tone)] - shift)
    return bytes(out)


def encode(text, encoding):
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "cp1258":
        return encode_cp1258(text)
    if encoding == "tcvn3":
        return encode_tcvn3(text)
    if encoding == "vni":
        return encode_vni(text)
    raise SystemExit("unknown encoding " + encoding)


def write_csv(out, rows, sep=",", eol="lf", bom=False, encoding="utf-8"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n" if eol == "crlf" else "\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    data = encode(buf.getvalue(), encoding)
    with open(out, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data)


def persons_csv(out, args):
    opts = {"sep": ",", "eol": "lf", "bom": False, "encoding": "utf-8"}
    i = 0
    while i < len(args):
        if args[i] == "--bom":
            opts["bom"] = True
            i += 1
            continue
        key = args[i].lstrip("-")
        opts[key] = args[i + 1]
        i += 2
    if opts["sep"] == "tab":
        opts["sep"] = "\t"
    rows = [["Ban Dân tộc tỉnh Bắc Kạn"], HEADER] + list(person_rows())
    write_csv(out, rows, **opts)


# ---- devices ----

def luhn_imei(body14):
    total = 0
    for i, c in enumerate(body14):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body14 + str((10 - total % 10) % 10)


def devices_xlsx(out):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "IMEI"
    ws.append(["CÔNG TY CỔ PHẦN BÁN LẺ KỸ THUẬT SỐ FPT"])
    ws.append(["DANH SÁCH THIẾT BỊ GIAO HÀNG"])
    ws.append(["STT", "IMEI 1", "IMEI 2", "Loại máy", "Số serial", "Đơn giá", "Ngày giao"])
    rows = [
        [1, 490154203237518, "356938035643809", "Samsung Galaxy A05", "R58W001", 3990000,
         datetime.date(2024, 1, 15)],
        [2, 353918051234561, None, "Nokia C32", "NK002", 2490000, datetime.date(2024, 1, 16)],
        [3, "35-824005-111111-0", None, "Xiaomi Redmi 13C", None, None, None],
    ]
    for r in rows:
        ws.append(r)
        ws.cell(row=ws.max_row, column=7).number_format = "dd/mm/yyyy"
    wb.save(out)


def devices_csv(out, n, bad):
    rows = [["STT", "IMEI", "Loại máy", "Đơn giá"]]
    for i in range(1, n + 1):
        imei = luhn_imei("86%012d" % i)
        if i + 1 in bad:  # the file row (header is row 1)
            imei = imei[:-1] + str((int(imei[-1]) + 1) % 10)
        rows.append([i, imei, "Samsung Galaxy A05", "3.990.000"])
    write_csv(out, rows)


def main(argv):
    cmd, out = argv[1], argv[2]
    if cmd == "persons-xlsx":
        persons_xlsx(out, "--dates" in argv[3:])
    elif cmd == "persons-xlsx-two-rows":
        persons_xlsx_two_rows(out)
    elif cmd == "persons-xlsx-vntime":
        persons_xlsx_vntime(out)
    elif cmd == "persons-xlsx-big":
        opt = argv[4:]
        first = int(opt[opt.index("--from") + 1]) if "--from" in opt else 1
        bad = [int(opt[i + 1]) for i in range(len(opt) - 1) if opt[i] == "--bad"]
        persons_xlsx_big(out, int(argv[3]), first, bad)
    elif cmd == "persons-csv":
        persons_csv(out, argv[3:])
    elif cmd == "devices-xlsx":
        devices_xlsx(out)
    elif cmd == "devices-csv":
        bad = [int(argv[i + 1]) for i in range(4, len(argv) - 1) if argv[i] == "--bad"]
        devices_csv(out, int(argv[3]), bad)
    elif cmd == "csv":
        write_csv(out, [a.split("|") for a in argv[3:]])
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)

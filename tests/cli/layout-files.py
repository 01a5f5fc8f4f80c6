#!/usr/bin/python3
# tests/cli/layout-files.py — writes the lists of persons the layout tests
# import, laid out as offices keep them, with openpyxl (a writer we did not
# write):
#
#   layout-files.py merged OUT      "Thông tin cá nhân" and "Nơi cư trú" groups
#                                   over two header rows; CCCD, phone and
#                                   note merged down both rows; (1) (2)...
#   layout-files.py merged3 OUT     the same over three rows: "Năm sinh"
#                                   merged over "Nam" and "Nữ"
#   layout-files.py gap OUT         a group merged over a column left blank,
#                                   which only the merged cells name
#   layout-files.py residence OUT   every column merged down two header rows
#                                   but "Nơi cư trú" over Thôn / Xã / Huyện
#   layout-files.py not-persons OUT headings naming the units (no commune or
#                                   district column), a numbered empty line,
#                                   a totals row and the signature block
#   layout-files.py headings OUT    a commune column, the district in headings
#   layout-files.py sheets OUT      a hidden sheet first, a sheet per district
#                                   with hidden rows, a sheet of notes
#
# Each person is written as the office typed it; the tests read back what
# the database holds.
import sys

import openpyxl

TITLE = ["UBND HUYỆN BA BỂ", "DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2024"]

# name, birth year, gender, ethnic group, village, commune, district, CCCD, phone, note
PERSONS = [
    ("Nguyễn Văn An", 1960, "Nam", "Tày", "Nà Làng", "Mỹ Phương", "Ba Bể", "006060001234",
     "0912345678", "trưởng thôn"),
    ("Hoàng Thị Bích", 1965, "Nữ", "Dao", "Bản Cháo", "Mỹ Phương", "Ba Bể", "006165001235",
     "0912345679", ""),
    ("Lý Văn Đông", 1952, "Nam", "Nùng", "Khuổi Nộc", "Chợ Rã", "Ba Bể", "006052001236", "",
     "mới bầu"),
]


def title(ws):
    for t in TITLE:
        ws.append([t])
    ws.append([])


def merged(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    title(ws)  # rows 1-3; the header on rows 4 and 5
    ws.append(["STT", "Thông tin cá nhân", None, None, None, "Nơi cư trú", None, None,
               "Số CCCD", "SĐT", "Ghi chú"])
    ws.append([None, "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Xã", "Huyện"])
    for rng in ["A4:A5", "B4:E4", "F4:H4", "I4:I5", "J4:J5", "K4:K5"]:
        ws.merge_cells(rng)
    ws.append(["(%d)" % i for i in range(1, 12)])
    for i, p in enumerate(PERSONS, 1):
        ws.append([i] + list(p))
    wb.save(out)


def merged3(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    title(ws)  # rows 1-3; the header on rows 4 to 6
    ws.append(["STT", "Thông tin cá nhân", None, None, None, "Nơi cư trú", None, None,
               "Số CCCD", "SĐT", "Ghi chú"])
    ws.append([None, "Họ và tên", "Năm sinh", None, "Dân tộc", "Thôn", "Xã", "Huyện"])
    ws.append([None, None, "Nam", "Nữ"])
    for rng in ["A4:A6", "B4:E4", "F4:H4", "I4:I6", "J4:J6", "K4:K6", "B5:B6", "C5:D5",
                "E5:E6", "F5:F6", "G5:G6", "H5:H6"]:
        ws.merge_cells(rng)
    for i, (name, year, gender, ethnic, village, commune, district, cccd, phone, note) in \
            enumerate(PERSONS, 1):
        male = gender == "Nam"
        ws.append([i, name, year if male else None, None if male else year, ethnic, village,
                   commune, district, cccd, phone, note])
    wb.save(out)


def gap(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Thông tin khác", None, "Nơi cư trú", None, "Dân tộc"])
    ws.append([None, None, "Năm sinh", None, "Xã", "Huyện"])
    for rng in ["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:G2"]:
        ws.merge_cells(rng)
    ws.append([1, "Nguyễn Văn An", 1960, "Nam", "Mỹ Phương", "Ba Bể", "Tày"])
    wb.save(out)


def residence(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Nơi cư trú", None, None,
               "Số CCCD", "SĐT", "Ghi chú"])
    ws.append([None, None, None, None, None, "Thôn", "Xã", "Huyện"])
    for rng in ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:H1", "I1:I2", "J1:J2", "K1:K2"]:
        ws.merge_cells(rng)
    for i, p in enumerate(PERSONS, 1):
        ws.append([i] + list(p))
    wb.save(out)


def not_persons(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH NGƯỜI CÓ UY TÍN"])  # row 1
    ws.append([])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Số CCCD",
               "SĐT", "Ghi chú"])  # row 3
    ws.append(["1", "2", "3", "4", "5", "6", "7", "8", "9"])  # row 4: the columns numbered
    ws.append(["Huyện Ba Bể"])  # row 5
    ws.merge_cells("A5:I5")
    ws.append(["I", "XÃ MỸ PHƯƠNG"])  # row 6
    for i, p in enumerate(PERSONS[:2], 1):  # rows 7, 8
        name, year, gender, ethnic, village, _, _, cccd, phone, note = p
        ws.append([i, name, year, gender, ethnic, village, cccd, phone, note])
    ws.append(["II. THỊ TRẤN CHỢ RÃ"])  # row 9
    name, year, gender, ethnic, village, _, _, cccd, phone, note = PERSONS[2]
    ws.append([3, name, year, gender, ethnic, village, cccd, phone, note])  # row 10
    ws.append([4])  # row 11: numbered, left empty
    ws.append([])  # row 12
    ws.append(["Tổng cộng", None, "=COUNTA(B7:B10)"])  # row 13
    ws.merge_cells("A13:B13")
    ws.append([None, None, None, None, None, "Ba Bể, ngày 15 tháng 3 năm 2024"])  # row 14
    ws.append([None, "Người lập biểu", None, None, None, "Thủ trưởng đơn vị"])
    ws.append([None, "(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"])
    ws.append([])
    ws.append([None, "Hà Thị Mai", None, None, None, "Nông Văn Dũng"])  # row 18
    wb.save(out)


def headings(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Xã"])  # row 1
    ws.append(["H. Ba Bể"])  # row 2
    ws.append(["Nguyễn Văn An", 1960, "Nam", "Tày", "Mỹ Phương"])
    ws.append(["Huyện Chợ Mới"])  # row 4
    ws.append(["Hoàng Thị Bích", 1965, "Nữ", "Dao", "Hoà Mục"])
    ws.append(["Cộng", 2])  # row 6
    wb.save(out)


def sheets(out):
    header = ["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Xã", "Huyện", "Số CCCD"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Năm 2023"
    ws.sheet_state = "hidden"
    ws.append(header)
    ws.append(["Người Cũ", 1940, "Nam", "Tày", "Mỹ Phương", "Ba Bể", ""])
    ws = wb.create_sheet("Ba Bể")
    ws.append(header)  # row 1
    ws.append(["Nguyễn Văn An", 1960, "Nam", "Tày", "Mỹ Phương", "Ba Bể", "006060001234"])
    ws.append(["Hoàng Văn Mất", 1930, "Nam", "Tày", "Mỹ Phương", "Ba Bể", ""])  # row 3
    ws.append(["Lý Thị Rút", 1950, "Nữ", "Dao", "Chợ Rã", "Ba Bể", ""])  # row 4
    ws.append(["Lý Văn Đông", 1952, "Nam", "Nùng", "Chợ Rã", "Ba Bể", "006052001236"])
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].hidden = True
    ws = wb.create_sheet("Chợ Mới")
    ws.append(header)
    ws.append(["Hoàng Thị Bích", 1965, "Nữ", "Dao", "Hoà Mục", "Chợ Mới", "006165001235"])
    ws.append(["Tổng cộng", 1])
    wb.create_sheet("Ghi chú").append(["Danh sách do Ban Dân tộc lập"])
    wb.save(out)


def main(argv):
    layouts = {"merged": merged, "merged3": merged3, "gap": gap, "residence": residence,
               "not-persons": not_persons, "headings": headings, "sheets": sheets}
    if len(argv) != 3 or argv[1] not in layouts:
        sys.exit("usage: layout-files.py %s OUT" % "|".join(layouts))
    layouts[argv[1]](argv[2])


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
# tests/data/make-layout.py — the workbook behind layout.xls and layout.ods
# (see README): written here with openpyxl, then converted once by hand
# with LibreOffice, so that the tests never need LibreOffice:
#
#   /usr/bin/python3 tests/data/make-layout.py layout.xlsx
#   soffice --headless --convert-to xls layout.xlsx
#   soffice --headless --convert-to ods layout.xlsx
#
# Sheet "Khác" comes first and is hidden: a group header "Thông tin khác"
# merged over a column whose header cells are both blank, which only the
# merged cells name. Sheets "Ba Bể" and "Chợ Mới": a title, then the
# header over two rows, "Thông tin cá nhân" and "Nơi cư trú" merged over
# their columns, "Số CCCD", "SĐT" and "Ghi chú" merged down both rows;
# row 8 of "Ba Bể" is hidden (a person who died).
import sys

import openpyxl

GROUPS = ["STT", "Thông tin cá nhân", None, None, None, "Nơi cư trú", None, None, "Số CCCD",
          "SĐT", "Ghi chú"]
NAMES = [None, "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn", "Xã", "Huyện"]
MERGES = ["A2:A3", "B2:E2", "F2:H2", "I2:I3", "J2:J3", "K2:K3"]


def district(ws, title, persons):
    ws.append([title])  # row 1; the header on rows 2 and 3
    ws.append(GROUPS)
    ws.append(NAMES)
    for rng in MERGES:
        ws.merge_cells(rng)
    for i, p in enumerate(persons, 1):
        ws.append([i] + list(p))
        ws.cell(row=ws.max_row, column=9).number_format = "@"
        ws.cell(row=ws.max_row, column=10).number_format = "@"


def main(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Khác"
    ws.append(["STT", "Họ và tên", "Thông tin khác", None, "Nơi cư trú", None, "Dân tộc"])
    ws.append([None, None, "Năm sinh", None, "Xã", "Huyện"])
    for rng in ["A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:G2"]:
        ws.merge_cells(rng)
    ws.append([1, "Người Khác", 1970, "Nữ", "Mỹ Phương", "Ba Bể", "Tày"])
    ws.sheet_state = "hidden"
    district(wb.create_sheet("Ba Bể"), "DANH SÁCH NGƯỜI CÓ UY TÍN HUYỆN BA BỂ", [
        ("Nguyễn Văn An", 1960, "Nam", "Tày", "Nà Làng", "Mỹ Phương", "Ba Bể", "006060001234",
         "0912345678", "trưởng thôn"),
        ("Hoàng Văn Mất", 1930, "Nam", "Tày", "Nà Làng", "Mỹ Phương", "Ba Bể", "", "", "đã mất"),
        ("Lý Văn Đông", 1952, "Nam", "Nùng", "Khuổi Nộc", "Chợ Rã", "Ba Bể", "006052001236", "",
         "mới bầu"),
    ])
    wb["Ba Bể"].row_dimensions[5].hidden = True
    district(wb.create_sheet("Chợ Mới"), "DANH SÁCH NGƯỜI CÓ UY TÍN HUYỆN CHỢ MỚI", [
        ("Hoàng Thị Bích", 1965, "Nữ", "Dao", "Bản Cháo", "Hoà Mục", "Chợ Mới", "006165001235",
         "0912345679", ""),
    ])
    wb.active = 1
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1])

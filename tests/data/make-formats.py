#!/usr/bin/python3
# tests/data/make-formats.py — the workbook behind persons.xls and
# persons.ods (see README): written here with openpyxl, then converted
# once by hand with LibreOffice, so that the tests never need LibreOffice:
#
#   /usr/bin/python3 tests/data/make-formats.py persons.xlsx
#   soffice --headless --convert-to xls persons.xlsx
#   soffice --headless --convert-to ods persons.xlsx
#
# Sheet "Danh sách": a title, the header, three persons with Vietnamese
# names, the CCCD as text (its leading zeros kept), the year as a number,
# the recognition date as a date cell, and an empty row between the second
# and the third person. Sheet "Nháp" comes first and is hidden: a reader
# that takes the first sheet reads the wrong list.
import datetime
import sys

import openpyxl

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Thôn, bản", "Xã", "Huyện",
          "Số CCCD", "SĐT", "Ngày công nhận"]
PERSONS = [
    [1, "Hoàng Văn Thụ", 1958, "Nam", "Tày", "Nà Làng", "Hoà Mục", "Chợ Mới", "006058001234",
     "0912345678", datetime.date(2023, 5, 17)],
    [2, "Lường Thị Nguyệt", 1966, "Nữ", "Nùng", "Bản Cháo", "Hoà Mục", "Chợ Mới", "006166004321",
     "0987654321", datetime.date(2024, 1, 9)],
    None,
    [3, "Đặng Văn Ước", 1949, "Nam", "Dao", "Khuổi Nộc", "Chợ Rã", "Ba Bể", "006049000777", "",
     datetime.date(2022, 12, 31)],
]


def main(out):
    wb = openpyxl.Workbook()
    draft = wb.active
    draft.title = "Nháp"
    draft.append(HEADER)
    draft.append([1, "Người Nháp", 1900, "Nam", "Kinh", "Thôn Nháp", "Hoà Mục", "Chợ Mới", "", "",
                  None])
    draft.sheet_state = "hidden"
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH NGƯỜI CÓ UY TÍN NĂM 2024"])
    ws.append(HEADER)
    for p in PERSONS:
        ws.append(p if p else [])
        if p:
            ws.cell(row=ws.max_row, column=9).number_format = "@"
            ws.cell(row=ws.max_row, column=11).number_format = "dd/mm/yyyy"
    wb.active = 1
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/python3
"""xlsx-cells.py FILE: every sheet's name and non-empty cells, one per
line ("sheet!A1<TAB>value"), as openpyxl reads them: two workbooks with
the same content print the same text. A time of day (when a row was
written, never the same second in two registers) prints as "(time)"."""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print(f"[{ws.title}]")
    for row in ws.iter_rows():
        for cell in row:
            v = cell.value
            if isinstance(v, datetime.datetime) and v.time() != datetime.time(0):
                v = "(time)"
            if v is not None:
                print(f"{ws.title}!{cell.coordinate}\t{v}")

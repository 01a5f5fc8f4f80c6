"""The Python reference of the handover list: openpyxl in write-only mode
writing the same cells (from the TSV that bench_tool rows dumps).

    /usr/bin/python3 bench/ref_openpyxl.py ROWS.tsv OUT.xlsx
"""
import sys

from openpyxl import Workbook


def main():
    src, out = sys.argv[1], sys.argv[2]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách bàn giao")
    with open(src, encoding="utf-8") as f:
        ws.append(f.readline().rstrip("\n").split("\t"))
        for line in f:
            v = line.rstrip("\n").split("\t")
            row = [int(v[0])] + [x if x else None for x in v[1:-1]]
            ws.append(row)
    wb.save(out)


if __name__ == "__main__":
    main()

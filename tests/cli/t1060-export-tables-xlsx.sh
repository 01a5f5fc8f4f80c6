#!/bin/sh
# capphat export persons|devices|handovers -o FILE.xlsx: the tables as
# workbooks a spreadsheet cannot damage, read back with openpyxl; the CSV
# of the same table keeps its column names and codes. Statuses and reasons
# are written with the program's labels (device_status_label,
# handover_reason_label): Vietnamese, the default language.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1
pid=$(add_person "Lò Thị Ánh" --gender F --phone 0912345678 --note "=1+1") || exit 1
capphat device add --delivered 2023-06-01 --imei $IMEI1 --imei2 $IMEI2 --model "Nokia C32" --price 2500000 --round 1 >/dev/null || exit 1
capphat handover --person "$pid" --imei $IMEI1 --date 2024-12-04 >/dev/null || exit 1

test_expect_success 'persons.xlsx: Vietnamese headers and labels, codes as text, filter and frozen header' '
    n=$(sql "select count(*) from person") &&
    capphat export persons -o p.xlsx >out &&
    grep -q "p.xlsx written: $n rows on 1 sheet" out &&
    $PYTHON - <<PY
import openpyxl, datetime
ws = openpyxl.load_workbook("p.xlsx").active
head = [c.value for c in ws[1]]
assert head[:4] == ["Mã", "Họ và tên", "Giới tính", "Năm sinh"], head
assert "Số CCCD" in head and "Số điện thoại" in head and "IMEI" in head, head
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref == "A1:%s%d" % (openpyxl.utils.get_column_letter(len(head)), $n + 1), ws.auto_filter.ref
col = {h: i for i, h in enumerate(head)}
rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
assert len(rows) >= $n - 2
r = rows["Lò Thị Ánh"]
assert r[col["Giới tính"]].value == "Nữ"
assert r[col["Số điện thoại"]].value == "0912345678" and r[col["Số điện thoại"]].data_type == "s"
assert r[col["Số điện thoại"]].number_format == "@"
assert r[col["IMEI"]].value == "$IMEI1" and r[col["IMEI"]].data_type == "s"
assert r[col["Ghi chú"]].value == "=1+1" and r[col["Ghi chú"]].data_type == "s"
assert r[col["Còn công nhận"]].value == "Có"
assert isinstance(r[col["Ngày tạo"]].value, datetime.datetime)
assert r[col["Ngày tạo"]].number_format == "dd/mm/yyyy hh:mm"
assert isinstance(r[col["Năm sinh"]].value, (int, type(None)))
ids = [r[col["Số CCCD"]] for r in ws.iter_rows(min_row=2) if r[col["Số CCCD"]].value]
assert ids and all(c.data_type == "s" and "*" in c.value for c in ids), [c.value for c in ids[:3]]
genders = {r[col["Giới tính"]].value for r in ws.iter_rows(min_row=2)}
assert genders <= {"Nam", "Nữ"}, genders
assert ws["B2"].font.name == "Times New Roman"
# columns as wide as their values: the longest name fits
longest = max(len(r[1].value) for r in ws.iter_rows(min_row=2))
assert ws.column_dimensions["B"].width >= longest, (ws.column_dimensions["B"].width, longest)
PY
'

test_expect_success 'devices.xlsx: dates as dates, prices as numbers, statuses by their labels' '
    LANGUAGE=vi capphat export devices -o d.xlsx >/dev/null &&
    $PYTHON - <<PY
import openpyxl, datetime
ws = openpyxl.load_workbook("d.xlsx").active
head = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(head)}
r = [r for r in ws.iter_rows(min_row=2) if r[col["IMEI"]].value == "$IMEI1"][0]
assert r[col["IMEI 2"]].value == "$IMEI2" and r[col["IMEI 2"]].data_type == "s"
assert r[col["Ngày nhập kho"]].value == datetime.datetime(2023, 6, 1)
assert r[col["Ngày nhập kho"]].number_format == "dd/mm/yyyy"
assert r[col["Đơn giá (đồng)"]].value == 2500000 and r[col["Đơn giá (đồng)"]].data_type == "n"
assert r[col["Tình trạng"]].value == "đã bàn giao", r[col["Tình trạng"]].value
statuses = {r[col["Tình trạng"]].value for r in ws.iter_rows(min_row=2)}
assert not statuses & {"in_stock", "handed_over", "repair", "lost", "written_off"}, statuses
PY
'

test_expect_success 'handovers.xlsx: receipt numbers as text, dates, reasons by their labels' '
    LANGUAGE=vi capphat export handovers -o h.xlsx >/dev/null &&
    reasons=$(sql "select count(*) from handover where return_reason is not null") &&
    $PYTHON - <<PY
import openpyxl, datetime
ws = openpyxl.load_workbook("h.xlsx").active
head = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(head)}
r = [r for r in ws.iter_rows(min_row=2) if r[col["IMEI"]].value == "$IMEI1"][0]
assert r[col["Ngày bàn giao"]].value == datetime.datetime(2024, 12, 4)
assert r[col["Số biên bản"]].data_type == "s" and r[col["Số biên bản"]].number_format == "@"
reasons = [r[col["Lý do thu hồi"]].value for r in ws.iter_rows(min_row=2) if r[col["Lý do thu hồi"]].value]
assert len(reasons) == $reasons, reasons
assert not set(reasons) & {"died", "replaced", "defective", "other"}, reasons
PY
'

test_expect_success 'the CSV keeps its column names and codes; a wrong extension is refused' '
    capphat export persons -o p.csv >/dev/null &&
    head -1 p.csv | tr -d "\r" | sed "s/^\xef\xbb\xbf//" | cut -d, -f1-4 >h &&
    echo "id,full_name,gender,birth_year" >expect && test_cmp expect h &&
    test_must_fail capphat export persons -o p.pdf 2>err &&
    test ! -e p.pdf
'

test_done

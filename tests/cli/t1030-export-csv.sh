#!/bin/sh
# capphat export persons|devices|handovers: every column, UTF-8 with BOM,
# CRLF, formula-like text neutralised; read with Python's csv module.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1
pid=$(add_person "Lò Văn Ánh" --village "+Nà Pài" --note "=HYPERLINK(\"http://x\")" \
    --role "@chủ") || exit 1
capphat device add --delivered 2023-06-01 --imei $IMEI1 --model "-Nokia, C32" --price 2500000 --round 1 >/dev/null || exit 1
capphat handover --person "$pid" --imei $IMEI1 --date 2024-12-04 >/dev/null || exit 1

test_expect_success 'persons.csv: BOM, every person, every column, name order' '
    capphat export persons -o p.csv >out &&
    grep -q "p.csv written: 61 rows" out &&
    head -c 3 p.csv | od -An -tx1 | grep -q "ef bb bf" &&
    sql "select full_name from person order by sort_key, id" >expect &&
    $PYTHON - <<PY >actual &&
import csv
with open("p.csv", newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == 61
for col in ("id", "full_name", "gender", "birth_year", "ethnic", "village", "commune", "district",
            "id_number", "id_kind", "phone", "role", "decision", "note", "active", "imei",
            "created_at", "updated_at"):
    assert col in rows[0], col
for r in rows:
    print(r["full_name"])
PY
    test_cmp expect actual &&
    $PYTHON - <<PY
import csv
raw = open("p.csv", "rb").read()
assert b"\r\n" in raw
with open("p.csv", newline="", encoding="utf-8-sig") as f:
    r = [x for x in csv.DictReader(f) if x["full_name"] == "Lò Văn Ánh"][0]
assert r["note"] == "\x27=HYPERLINK(\"http://x\")", r["note"]
assert r["village"] == "\x27+Nà Pài", r["village"]
assert r["role"] == "\x27@chủ", r["role"]
assert r["imei"] == "$IMEI1"
PY
'

test_expect_success 'devices.csv and handovers.csv: every row, quoted commas, neutralised dash' '
    capphat export devices -o d.csv >/dev/null &&
    capphat export handovers -o h.csv >/dev/null &&
    nd=$(sql "select count(*) from device") &&
    nh=$(sql "select count(*) from handover") &&
    $PYTHON - <<PY
import csv
with open("d.csv", newline="", encoding="utf-8-sig") as f:
    d = list(csv.DictReader(f))
assert len(d) == $nd
n = [x for x in d if x["imei"] == "$IMEI1"][0]
assert n["model"] == "\x27-Nokia, C32", n["model"]
assert n["price"] == "2500000" and n["status"] == "handed_over" and n["holder_name"] == "Lò Văn Ánh"
with open("h.csv", newline="", encoding="utf-8-sig") as f:
    h = list(csv.DictReader(f))
assert len(h) == $nh
for col in ("id", "receipt_no", "imei", "person_name", "handed_on", "returned_on", "return_reason", "signed_on", "archive_ref"):
    assert col in h[0], col
PY
'

test_expect_success 'a value starting with a tab or a carriage return is neutralised too' '
    sql "UPDATE person SET note = ${SQ}$(printf "\t")=1+1${SQ}, role = ${SQ}$(printf "\r")@x${SQ}
         WHERE id = $pid" &&
    capphat export persons -o p3.csv >/dev/null &&
    $PYTHON - <<PY
import csv
with open("p3.csv", newline="", encoding="utf-8-sig") as f:
    r = [x for x in csv.DictReader(f) if x["id"] == "$pid"][0]
assert r["note"] == "\x27\t=1+1", repr(r["note"])
assert r["role"] == "\x27\r@x", repr(r["role"])
PY
'

test_expect_success 'csv: the extension must be .csv' '
    test_must_fail capphat export persons -o p.pdf 2>err &&
    one_line_error err ".csv"
'

test_done

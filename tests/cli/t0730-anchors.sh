#!/bin/sh
# Anchors on paper: every receipt (under its QR code, and in it), sign-off
# list, attendance sheet and summary prints where the audit log stood
# ("1234:a1b2c3d4e5f6"); `check --anchor` — typed, or the receipt's QR code
# scanned — proves the log up to it is the one the paper was printed from,
# and fails once that history was rewritten. A reprint keeps the
# original's anchor; scanning a paper whose anchor the log no longer holds
# is refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

test_expect_success 'setup: a person, a phone handed over, a training session' '
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    capphat device add --imei $IMEI1 --model "Samsung A05" --delivered 2024-01-01 >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat training add --date 2024-03-02 --place "UBND xã" --trainer "Hà Văn Giao" \
        --topic "Dùng Zalo" --commune "cho ra" --district "ba be" >/dev/null
'

test_expect_success 'a receipt prints the anchor of the log under its QR code' '
    head=$(sql "select id || ${SQ}:${SQ} || substr(hash, 1, 12) from audit_log order by id desc limit 1") &&
    capphat receipt 1 -o r.pdf --final >/dev/null &&
    pdftotext r.pdf - | grep -F "01/BB-BDT · nhật ký $head" &&
    echo "$head" >anchor
'

test_expect_success 'check --anchor: the log up to the paper is the one it was printed from' '
    a=$(cat anchor) &&
    capphat check --anchor "$a" >out &&
    grep -F "ok: the log up to entry ${a%%:*} is the one the paper was printed from" out &&
    capphat check --anchor "01/BB-BDT #$a" >out &&
    grep "^ok: " out
'

test_expect_success 'a reprint keeps the original anchor; the scanned QR text marks it signed' '
    capphat person edit 1 --phone 0912345678 >/dev/null &&
    capphat receipt 1 -o copy.pdf --final >/dev/null &&
    pdftotext copy.pdf - | grep -F "nhật ký $(cat anchor)" &&
    capphat receipt signed "01/BB-BDT #$(cat anchor)" >out &&
    grep -F "signed" out
'

test_expect_success 'the summary, the sign-off list and the attendance sheet carry the anchor in their footer' '
    capphat export summary -o s.xlsx >/dev/null &&
    capphat export handover -o h.xlsx >/dev/null &&
    capphat export attendance --session 1 -o a.xlsx >/dev/null &&
    head=$(sql "select id || ${SQ}:${SQ} || substr(hash, 1, 12) from audit_log order by id desc limit 1") &&
    for f in s.xlsx h.xlsx a.xlsx; do
        "$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    if ws.title == \"Dân tộc - Giới tính\" or not ws.oddFooter.left.text:
        continue
    assert ws.oddFooter.left.text == \"Nhật ký \" + sys.argv[2], (ws.title, ws.oddFooter.left.text)
    assert \"Trang\" in ws.oddFooter.center.text
" "$f" "$head" || return 1
    done
'

test_expect_success 'history rewritten before the anchor: check --anchor fails, the scanned paper is refused' '
    a=$(cat anchor) && n=${a%%:*} &&
    rm -f t.db* && capphat backup t.db >/dev/null &&
    "$PYTHON" - t.db $((n - 1)) <<-\PY &&
	import hashlib, sqlite3, sys
	db = sqlite3.connect(sys.argv[1]); k = int(sys.argv[2])
	db.executescript("DROP TRIGGER audit_no_update")
	def h(r):
	    m = hashlib.sha256()
	    def f(s): m.update(("" if s is None else str(s)).encode() + b"\0")
	    f(r["prev_hash"]); f(r["id"]); f(r["at"]); f(r["operator"]); f(r["action"])
	    f(r["entity"]); f(r["entity_id"] or 0)
	    f("1" if r["before"] is not None else "0"); f(r["before"])
	    f("1" if r["after"] is not None else "0"); f(r["after"])
	    return m.hexdigest()
	db.row_factory = sqlite3.Row
	rows = [dict(r) for r in db.execute("SELECT * FROM audit_log ORDER BY id")]
	prev = None
	for r in rows:
	    if r["id"] == k:
	        r["operator"] = "someone else"
	    if prev is not None:
	        r["prev_hash"] = prev
	    if r["id"] >= k:
	        r["hash"] = h(r)
	        db.execute("UPDATE audit_log SET operator = ?, prev_hash = ?, hash = ? WHERE id = ?",
	                   (r["operator"], r["prev_hash"], r["hash"], r["id"]))
	    prev = r["hash"]
	db.commit()
	PY
    test_expect_code 1 capphat --db t.db check --anchor "$a" >out 2>err &&
    grep -F "audit entry $n now has the hash" out &&
    grep -F "not $(echo "$a" | cut -d: -f2) as on the paper" out &&
    test_must_fail capphat --db t.db receipt signed "01/BB-BDT #$a" 2>err &&
    one_line_error err "the paper${SQ}s anchor $a is not in the register${SQ}s log"
'

test_expect_success 'an anchor that is not one is a usage error; one past the log is named' '
    test_expect_code 2 capphat check --anchor "12-abc" 2>err &&
    one_line_error err "is not an anchor" &&
    test_expect_code 1 capphat check --anchor "99999:0123456789ab" >out 2>err &&
    grep -F "audit entry 99999 is not in the log" out
'

test_done

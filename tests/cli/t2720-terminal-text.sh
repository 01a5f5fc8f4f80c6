#!/bin/sh
# What the command line prints is safe on a terminal: a value stored with an
# escape sequence (a title change "ESC ] 0 ; … BEL", a screen clear "ESC [ 2 J",
# the C1 CSI U+009B), a right-to-left override (U+202E) or a line separator
# (U+2028) — planted with sqlite3 in every text field a person, device,
# handover, training session and round can hold, since capphat refuses them
# on input — comes out escaped (\x1B, \u009B, \u202E, \u2028) from every
# command that lists or shows it, in TSV and CSV, and so do the values that
# error messages quote. A tab or a line break inside a value never makes a
# column or a row of its own.
# store: file (it plants rows in the file with sqlite3)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# The planted text, as an SQL expression: OSC title with BEL, CSI clear
# screen, C1 CSI, RLO, LINE SEPARATOR.
EVIL="char(27)||']0;pwned'||char(7)||'-'||char(27)||'[2J'||char(155)||'1m'||char(8238)||'txt.exe'||char(8232)||'end'"
# ... and what the output shows for it
SHOWN='\x1B]0;pwned\x07-\x1B[2J\u009B1m\u202Etxt.exe\u2028end'
# a value with a tab and a line break
TABBED="'Tab'||char(9)||'bed'||char(10)||'line'"

# raw FILE: the lines of FILE holding a byte or character that a terminal
# acts on or that changes how text reads: C0 controls but tab and line
# feed, DEL, C1 controls, bidi controls, line and paragraph separators.
raw() {
    LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"
}

# no_raw FILE...: none of the files holds such a byte (od shows the first)
no_raw() {
    for _f in "$@"; do
        if raw "$_f" >/dev/null; then
            echo "$_f holds raw terminal controls:" >&2
            raw "$_f" | head -3 | od -c | head -20 >&2
            return 1
        fi
    done
}

# columns N FILE: every line of the TSV file FILE has N fields
columns() {
    awk -F'\t' -v n="$1" 'NF != n { print FILENAME ":" NR ": " NF " fields: " $0; bad = 1 }
        END { exit bad }' "$2"
}

test_expect_success 'setup: persons, devices, handovers, a session and a round, then planted text' '
    capphat init >/dev/null &&
    add_person "Ann Evil" --gender F --birth-year 1956 --village "Nà Pài" --cccd 006156001234 \
        --phone 0912345678 --role "Già làng" --decision "12/QĐ" --note "ghi chú" >/dev/null &&
    add_person "Bob Tab" >/dev/null &&
    capphat round add --name "Đợt 1" --funding NS --decision "5/QĐ" >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI1 --imei2 $IMEI2 --model "Samsung A05" --serial S1 \
        --supplier "Viettel" --contract "HĐ 1" --delivered 2024-01-02 --warranty 2025-01-02 \
        --note "máy" --round 1 >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI3 --model "Nokia C32" --round 1 >/dev/null &&
    capphat device add --delivered 2023-06-01 --imei $IMEI4 --model "Xiaomi" --round 1 >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 --place "Nhà văn hoá" \
        --officer "Cán bộ" >/dev/null &&
    capphat return --imei $IMEI1 --reason other --decision "7/QĐ" --note "trả" --date 2024-03-02 >/dev/null &&
    capphat handover --person 1 --imei $IMEI3 --date 2024-03-02 >/dev/null &&
    capphat receipt signed 02/BB-BDT --archive "HS-1" >/dev/null &&
    capphat handover --person 2 --imei $IMEI4 --date 2024-03-03 >/dev/null &&
    capphat training add --date 2024-04-01 --place "Xã" --trainer "Lý" --topic "Điện thoại" \
        --district "Ba Bể" --commune "Chợ Rã" >/dev/null &&
    capphat training attend --session 1 --person 1 --person 2 >/dev/null &&
    CAPPHAT_OPERATOR="$(printf "op\033[31mred\342\200\256")" capphat person edit 1 --role "Trưởng thôn" >/dev/null &&
    sql "
        UPDATE person SET full_name = ${SQ}Ann ${SQ}||$EVIL, role = $EVIL, decision = $EVIL,
            note = $EVIL, phone = $EVIL, id_number = ${SQ}006${SQ}||$EVIL WHERE id = 1;
        UPDATE person SET full_name = $TABBED WHERE id = 2;
        UPDATE unit SET name = $EVIL WHERE level = ${SQ}village${SQ};
        UPDATE ethnic_group SET name = $EVIL WHERE id = (SELECT ethnic_id FROM person WHERE id = 1);
        UPDATE device SET model = $EVIL, serial = $EVIL, supplier = $EVIL, contract = $EVIL,
            note = $EVIL, delivered_on = $EVIL, warranty_until = $EVIL,
            imei2 = substr($EVIL, 1, 15) WHERE id = 1;
        UPDATE device SET model = $TABBED WHERE id = 3;
        UPDATE handover SET place = $EVIL, officer = $EVIL, return_decision = $EVIL,
            return_note = $EVIL WHERE id = 1;
        UPDATE handover SET archive_ref = $EVIL, receipt_no = ${SQ}02${SQ}||$EVIL WHERE id = 2;
        UPDATE handover SET receipt_no = ${SQ}03${SQ}||$EVIL WHERE id = 3;
        UPDATE training_session SET place = $EVIL, trainer = $EVIL, topic = $TABBED||$EVIL;
        UPDATE round SET name = $EVIL||$TABBED, funding = $EVIL, decision = $EVIL;
        UPDATE setting SET value = $EVIL WHERE key = ${SQ}office_name${SQ};" &&
    test "$(sql "select count(*) from person where instr(full_name, char(27)) and instr(role, char(8238))")" = 1 &&
    test "$(sql "select count(*) from device where instr(model, char(155))")" = 1
'

test_expect_success 'person list, show and find: no raw control reaches the terminal' '
    capphat person list >list.tsv &&
    capphat person list --format csv >list.csv &&
    capphat person list --show-id >list-id.tsv &&
    capphat person list --show-id --format csv >list-id.csv &&
    capphat person show 1 >show1 &&
    capphat person show 1 --show-id >show1-id &&
    capphat person show 2 >show2 &&
    capphat find persons "ann" >find-ann &&
    capphat find persons "bob" >find-bob &&
    no_raw list.tsv list.csv list-id.tsv list-id.csv show1 show1-id show2 find-ann find-bob &&
    grep -F "Ann $SHOWN" list.tsv && grep -F "Ann $SHOWN" list.csv && grep -F "Ann $SHOWN" find-ann &&
    grep -F "006$SHOWN" list-id.tsv && grep -F "006$SHOWN" show1-id &&
    for label in Name Village Ethnic.group Phone Role Decision Note; do
        field "$label" show1 >v && grep -F "$SHOWN" v || { echo "$label: $(cat v)"; return 1; }
    done &&
    grep -F "op\\x1B[31mred\\u202E" show1
'

test_expect_success 'device list and show: no raw control reaches the terminal' '
    capphat device list >dev.tsv &&
    capphat device list --format csv >dev.csv &&
    capphat device show $IMEI1 >dshow1 &&
    capphat device show $IMEI3 >dshow3 &&
    capphat find devices "samsung" >find-dev &&
    capphat find devices "$IMEI3" >find-dev3 &&
    no_raw dev.tsv dev.csv dshow1 dshow3 find-dev find-dev3 &&
    grep -F "$SHOWN" dev.tsv && grep -F "$SHOWN" dev.csv &&
    for label in Model Serial Supplier Contract Note Delivered; do
        field "$label" dshow1 >v && grep -F "\\x1B]0;pw" v || { echo "$label: $(cat v)"; return 1; }
    done &&
    field "IMEI 2" dshow1 >v && grep -F "\\x1B]0;pwned\\x07-\\x1B[2J" v &&
    grep -F "02$SHOWN" dshow3
'

test_expect_success 'training list, receipt unsigned, round list and settings: the same' '
    capphat training list >sessions &&
    capphat training list --session 1 >attendees &&
    capphat receipt unsigned >unsigned &&
    capphat round list >rounds &&
    capphat settings >settings &&
    no_raw sessions attendees unsigned rounds settings &&
    grep -F "$SHOWN" sessions && grep -F "Ann $SHOWN" attendees &&
    grep -F "03$SHOWN" unsigned && grep -F "$SHOWN" rounds && grep -F "$SHOWN" settings
'

test_expect_success 'a tab or a line break in a value breaks no TSV column or row' '
    capphat person list >list.tsv && columns 14 list.tsv && test "$(wc -l <list.tsv)" = 3 &&
    grep -F "Tab\\x09bed\\x0Aline" list.tsv &&
    capphat find persons "bob" >f && columns 8 f &&
    capphat device list >d && columns 10 d && test "$(wc -l <d)" = 4 &&
    capphat training list >s && columns 7 s && test "$(wc -l <s)" = 2 &&
    capphat training list --session 1 >a && columns 4 a &&
    capphat receipt unsigned >u && columns 5 u && test "$(wc -l <u)" = 2 &&
    capphat round list >r && columns 7 r && test "$(wc -l <r)" = 2 &&
    capphat person list --format csv >list.csv && test "$(wc -l <list.csv)" = 3
'

test_expect_success 'check names the planted rows and a forged audit entry without raw controls' '
    sql "INSERT INTO audit_log(at, operator, action, entity, entity_id, prev_hash, hash)
         VALUES ($EVIL, ${SQ}x${SQ}, $EVIL, ${SQ}person${SQ}, 1, ${SQ}x${SQ}, ${SQ}y${SQ})" &&
    test_must_fail capphat check >out 2>err &&
    grep "differs from its last audited state" out &&
    grep -F "($SHOWN person 1 at $SHOWN)" out &&
    no_raw out err
'

# run CMD...: the command fails with one line on stderr and nothing raw in it
refused_safely() {
    test_must_fail "$@" >out 2>err &&
    test "$(wc -l <err)" = 1 &&
    no_raw err || { cat err; return 1; }
}

test_expect_success 'error messages quote values escaped (error_quote and usage errors)' '
    RLO=$(printf "\342\200\256") && ESC=$(printf "\033") &&
    refused_safely capphat find persons "a${RLO}b" &&
    grep -F "a\\u202Eb" err &&
    refused_safely capphat person add --name "x${RLO}y" --gender M --commune "Chợ Rã" &&
    grep -F "x\\u202Ey" err &&
    refused_safely capphat person add --name "x$(printf "\342\200\250")y" --gender M --commune "Chợ Rã" &&
    grep -F "x\\u2028y" err &&
    refused_safely capphat person show "${ESC}]0;pwned$(printf "\007")" &&
    grep -F "\\x1B]0;pwned\\x07" err &&
    refused_safely capphat person "${ESC}[2J${RLO}" &&
    grep -F "\\x1B[2J\\u202E" err &&
    refused_safely capphat person list --format "${RLO}csv" &&
    grep -F "\\u202Ecsv" err &&
    refused_safely capphat "${ESC}[2J" &&
    grep -F "\\x1B[2J" err &&
    refused_safely capphat "--${ESC}[2J" &&
    grep -F "\\x1B[2J" err &&
    refused_safely capphat person list --commune "${ESC}[2J" &&
    grep -F "\\x1B[2J" err
'

test_expect_success 'the rejected rows of an import are reported escaped' '
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nAn\342\200\256x,M,1950,Tày,Chợ Rã,Ba Bể\n" >p.csv &&
    test_must_fail capphat import persons p.csv >out 2>err &&
    grep -F "An\\u202Ex" err &&
    no_raw out err
'

test_done

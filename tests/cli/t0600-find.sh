#!/bin/sh
# capphat find persons|devices TEXT: accent- and case-insensitive, substring,
# best matches first, by the whole citizen ID or phone digits, IMEIs with
# dashes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

ids() { tail -n +2 "$1" | cut -f1 | tr '\n' ' '; }

test_expect_success 'setup: persons with accented names, devices' '
    capphat init >/dev/null &&
    add_person "Mã Hoàng Tạ" >/dev/null &&                      # 1
    add_person "Lê Văn Đông" >/dev/null &&                      # 2
    add_person "Đông" >/dev/null &&                             # 3
    add_person "Hoàng Đông Hải" >/dev/null &&                   # 4
    add_person "Nông Thị Hòa Mục" --gender F --phone 0912000111 >/dev/null &&  # 5 (old-style tone mark)
    add_person "Đông Văn Minh" --cccd 006060001234 >/dev/null && # 6
    add_person "Trần Văn Dong" >/dev/null &&                    # 7
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei $IMEI2 --imei2 $IMEI3 --model "Nokia C21" >/dev/null &&
    capphat handover --person 5 --imei $IMEI2 >/dev/null
'

test_expect_success '"ma hoang ta" finds Mã Hoàng Tạ' '
    capphat find persons "ma hoang ta" >out &&
    printf "id\tname\tbirth_year\tvillage\tcommune\tdistrict\tcccd\timei\n" >expect &&
    head -1 out >header && test_cmp expect header &&
    test "$(ids out)" = "1 "
'

test_expect_success 'the words may be given as several arguments' '
    capphat find persons ma hoang ta >out &&
    test "$(ids out)" = "1 "
'

test_expect_success '"dong" finds every Đông: exact, then prefix, then word start (Vietnamese order)' '
    capphat find persons dong >out &&
    test "$(ids out)" = "3 6 7 2 4 "
'

test_expect_success 'case does not matter: "HOA MUC" and "hoà" find Hòa Mục' '
    capphat find persons "HOA MUC" >out &&
    test "$(ids out)" = "5 " &&
    capphat find persons "hoà" >out &&
    ids out >got && grep -w 5 got &&
    capphat find persons "$(printf "ho\314\200a")" >out2 &&
    test_cmp out out2
'

test_expect_success 'a substring inside a word matches' '
    capphat find persons "oang" >out &&
    test "$(ids out)" = "4 1 "
'

test_expect_success 'a person is found by the whole CCCD (not a part) and by phone digits; the ID is masked' '
    capphat find persons 0600012 >out &&
    test "$(ids out)" = "" &&
    capphat find persons 006060001234 >out &&
    test "$(ids out)" = "6 " &&
    grep -F "006*****1234" out && ! grep -F 006060001234 out &&
    capphat find persons 2000111 >out &&
    test "$(ids out)" = "5 "
'

test_expect_success 'the device a person holds is shown' '
    capphat find persons "hoa muc" >out &&
    test "$(tail -1 out | cut -f8)" = $IMEI2
'

test_expect_success 'nothing found: the header alone, exit 0' '
    capphat find persons "không có ai" >out &&
    test "$(wc -l <out)" = 1
'

test_expect_success '--limit keeps the best matches' '
    capphat find persons dong --limit 2 >out &&
    test "$(ids out)" = "3 6 "
'

test_expect_success 'devices by IMEI digits typed with dashes or spaces' '
    capphat find devices "35-693803" >out &&
    printf "id\timei\timei2\tmodel\tstatus\tholder\n" >expect &&
    head -1 out >header && test_cmp expect header &&
    test "$(ids out)" = "2 " &&
    capphat find devices "3918 0512" >out &&
    test "$(ids out)" = "2 "
'

test_expect_success 'devices by model and by holder name without accents' '
    capphat find devices GALAXY >out &&
    test "$(ids out)" = "1 " &&
    capphat find devices "nong thi hoa" >out &&
    test "$(ids out)" = "2 " &&
    test "$(tail -1 out | cut -f5,6)" = "$(printf "handed_over\tNông Thị Hòa Mục")"
'

test_expect_success 'LIKE wildcards are taken literally' '
    capphat find persons "%" >out &&
    test "$(wc -l <out)" = 1 &&
    capphat find persons "_" >out &&
    test "$(wc -l <out)" = 1
'

test_expect_success 'usage errors: what to find, and the text' '
    test_expect_code 2 capphat find persons 2>err &&
    one_line_error err "find needs ${SQ}persons${SQ} or ${SQ}devices${SQ} and the text" &&
    test_expect_code 2 capphat find people dong 2>err &&
    one_line_error err "find needs" &&
    test_must_fail capphat find persons dong --limit x 2>err &&
    one_line_error err "limit ${SQ}x${SQ} is not an id"
'

test_expect_success 'search text that is not UTF-8, or too long, is refused' '
    test_must_fail capphat find persons "$(printf "\377")" >out 2>err &&
    one_line_error err "search text ${SQ}\\xFF${SQ} is not valid UTF-8 text" &&
    test ! -s out &&
    test_must_fail capphat find persons "$(head -c 100000 /dev/zero | tr "\000" a)" >out 2>err &&
    one_line_error err "is too long (100000 bytes, at most 1000)" &&
    test ! -s out
'

test_done

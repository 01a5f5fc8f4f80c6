#!/bin/sh
# capphat find: words in any order and any part, each found in the name,
# village, commune, phone, the IMEI of the phone held (for devices the
# phone's own IMEIs and model) or the whole citizen ID; the matches of the
# whole text come first; a part of a citizen ID finds no one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

ids() { tail -n +2 "$1" | cut -f1 | tr '\n' ' '; }

test_expect_success 'setup: namesakes in two villages and two communes' '
    capphat init >/dev/null &&
    add_person "Dương Đức Chản" --village "Nà Hin" --phone 0912345678 >/dev/null &&  # 1
    add_person "Dương Văn Chiến" --village "Bản Lục" >/dev/null &&                    # 2
    capphat person add --name "Hoàng Thị Chản" --gender F --birth-year 1960 \
        --district "pac nam" --commune "boc bo" --cccd 006160452630 >/dev/null &&      # 3
    add_person "Chản Dương" >/dev/null &&                                              # 4
    capphat device add --imei $IMEI1 --model "Samsung Galaxy A05" >/dev/null &&
    capphat device add --imei $IMEI2 --model "Nokia C21" >/dev/null &&
    capphat handover --person 1 --imei $IMEI1 >/dev/null
'

test_expect_success '"duong chan" and "chan duong": the whole text in a name first' '
    capphat find persons "duong chan" >out &&
    test "$(ids out)" = "1 4 " &&
    capphat find persons "chan duong" >out &&
    test "$(ids out)" = "4 1 "
'

test_expect_success "parts of words, in any order: by given name, as lists are sorted" '
    capphat find persons "ch uon" >out &&
    test "$(ids out)" = "1 2 4 " &&
    capphat find persons "duc ch" >out &&
    test "$(ids out)" = "1 "
'

test_expect_success 'a word in the village or the commune' '
    capphat find persons "na hin chan" >out &&
    test "$(ids out)" = "1 " &&
    capphat find persons "boc bo" >out &&
    test "$(ids out)" = "3 " &&
    capphat find persons "luc" >out &&
    test "$(ids out)" = "2 "
'

test_expect_success 'digits in the phone, the IMEI held, the whole citizen ID only' '
    capphat find persons "chan 345678" >out &&
    test "$(ids out)" = "1 " &&
    capphat find persons "3237518" >out &&
    test "$(ids out)" = "1 " &&
    capphat find persons "006160452630 thi" >out &&
    test "$(ids out)" = "3 " &&
    capphat find persons "chan 00616045263" >out &&
    test "$(ids out)" = "" &&
    capphat find persons "160452" >out &&
    test "$(ids out)" = ""
'

test_expect_success 'devices: the holder, its village, the model and the IMEI in any order' '
    capphat find devices "chan a05" >out &&
    test "$(tail -n +2 out | cut -f2 | tr "\n" " ")" = "$IMEI1 " &&
    capphat find devices "na hin 3237" >out &&
    test "$(tail -n +2 out | wc -l)" = 1 &&
    capphat find devices "c21 nokia" >out &&
    test "$(tail -n +2 out | cut -f2 | tr "\n" " ")" = "$IMEI2 "
'

test_done

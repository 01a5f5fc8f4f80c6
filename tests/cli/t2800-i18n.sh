#!/bin/sh
# The interface language: po/vi.po is complete (no untranslated or fuzzy
# message, printf conversions as in the msgids, NFC) and follows the
# sources (the .pot holds what xgettext finds now); errors of the rules,
# the use cases and the readers come in Vietnamese by default and with
# LANGUAGE=vi, and in English with LANGUAGE=en, where only C.UTF-8 exists.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

PO_CHECK=$SRC_DIR/scripts/po-check.sh

test_expect_success 'the catalogue is complete and follows the sources' '
    "$PO_CHECK" >out 2>&1 || { cat out; false; } &&
    grep -q "^po: ok" out
'

test_expect_success 'the check fails on a fuzzy translation' '
    # the first printf-style message becomes fuzzy
    sed "0,/^#, c-format\$/s//#, fuzzy, c-format/" "$SRC_DIR/po/vi.po" >vi.po &&
    ! cmp -s vi.po "$SRC_DIR/po/vi.po" &&
    test_must_fail "$PO_CHECK" vi.po >out 2>&1 &&
    grep -q "fuzzy" out
'

test_expect_success 'the check fails on an untranslated message' '
    sed "s/^msgstr \"trong kho\"\$/msgstr \"\"/" "$SRC_DIR/po/vi.po" >vi.po &&
    ! cmp -s vi.po "$SRC_DIR/po/vi.po" &&
    test_must_fail "$PO_CHECK" vi.po >out 2>&1 &&
    grep -q "untranslated: msgid \"in stock\"" out
'

test_expect_success 'the check fails on a conversion the translation lost' '
    sed "s/^msgstr \"dòng %ld: %s\"\$/msgstr \"dòng: %s\"/" "$SRC_DIR/po/vi.po" >vi.po &&
    ! cmp -s vi.po "$SRC_DIR/po/vi.po" &&
    test_must_fail "$PO_CHECK" vi.po >out 2>&1 &&
    grep -q "msgfmt --check" out
'

test_expect_success 'the check fails when the .pot misses a message of the sources' '
    msggrep --invert-match --msgid -F -e "too many changed columns" \
        "$SRC_DIR/po/capphat.pot" -o old.pot &&
    test_must_fail "$PO_CHECK" "$SRC_DIR/po/vi.po" old.pot >out 2>&1 &&
    grep -q "new in the sources: msgid \"too many changed columns\"" out
'

test_expect_success 'the check fails on text that is not NFC' '
    # "bàn" with a combining grave accent (NFD)
    sed "s/msgstr \"đã bàn giao\"/msgstr \"đã ba\xcc\x80n giao\"/" "$SRC_DIR/po/vi.po" >vi.po &&
    ! cmp -s vi.po "$SRC_DIR/po/vi.po" &&
    test_must_fail "$PO_CHECK" vi.po >out 2>&1 &&
    grep -q "not in Unicode NFC" out
'

test_expect_success 'setup: a database' '
    capphat init >/dev/null
'

test_expect_success 'a bad IMEI check digit: Vietnamese with LANGUAGE=vi, only C.UTF-8' '
    test_must_fail env LANGUAGE=vi LC_ALL=C.UTF-8 "$CAPPHAT_BIN" device add --imei $BAD_IMEI \
        --model "Galaxy A05" 2>err &&
    one_line_error err "capphat: IMEI ${SQ}$BAD_IMEI${SQ} sai chữ số kiểm tra (chữ số cuối phải là 8)"
'

test_expect_success 'Vietnamese is the default: no LANGUAGE, LC_ALL=C.UTF-8' '
    test_must_fail env -u LANGUAGE LC_ALL=C.UTF-8 "$CAPPHAT_BIN" device add \
        --imei $BAD_IMEI --model "Galaxy A05" 2>err &&
    one_line_error err "sai chữ số kiểm tra"
'

test_expect_success 'the same error in English with LANGUAGE=en' '
    test_must_fail env LANGUAGE=en LC_ALL=C.UTF-8 "$CAPPHAT_BIN" device add --imei $BAD_IMEI \
        --model "Galaxy A05" 2>err &&
    one_line_error err \
        "capphat: imei ${SQ}$BAD_IMEI${SQ} fails its check digit (last digit should be 8): check for a mistyped digit"
'

test_expect_success 'a command-line mistake in Vietnamese and in English' '
    test_must_fail env LANGUAGE=vi LC_ALL=C.UTF-8 "$CAPPHAT_BIN" person show abc 2>err &&
    one_line_error err "capphat: mã người nhận ${SQ}abc${SQ} không phải là mã số" &&
    test_must_fail env LANGUAGE=en LC_ALL=C.UTF-8 "$CAPPHAT_BIN" person show abc 2>err &&
    one_line_error err "capphat: person id ${SQ}abc${SQ} is not an id (a positive number)"
'

test_expect_success 'an import: the rejected row in Vietnamese, then in English' '
    printf "IMEI,Model\r\n%s,Galaxy A05\r\n%s,Galaxy A05\r\n" $IMEI1 $BAD_IMEI >d.csv &&
    test_must_fail env LANGUAGE=vi LC_ALL=C.UTF-8 "$CAPPHAT_BIN" import devices d.csv \
        >out 2>err &&
    one_line_error err \
        "capphat: d.csv dòng 3: IMEI ${SQ}$BAD_IMEI${SQ} sai chữ số kiểm tra (chữ số cuối phải là 8)" &&
    grep -qx "đã nhập 0, từ chối 1, trùng 0" out &&
    test_must_fail env LANGUAGE=en LC_ALL=C.UTF-8 "$CAPPHAT_BIN" import devices d.csv \
        >out 2>err &&
    one_line_error err \
        "capphat: d.csv row 3: imei ${SQ}$BAD_IMEI${SQ} fails its check digit (last digit should be 8)" &&
    grep -qx "0 imported, 1 rejected, 0 duplicates" out
'

test_expect_success 'an import whose file lacks a column: the reader speaks Vietnamese' '
    printf "Họ và tên,Ghi chú\r\nHà Thị Mai,x\r\n" >p.csv &&
    test_must_fail env LANGUAGE=vi LC_ALL=C.UTF-8 "$CAPPHAT_BIN" import persons p.csv \
        >out 2>err &&
    one_line_error err "capphat: p.csv: không có cột ${SQ}xã${SQ} trong dòng tiêu đề 1" &&
    test_must_fail env LANGUAGE=en LC_ALL=C.UTF-8 "$CAPPHAT_BIN" import persons p.csv \
        >out 2>err &&
    one_line_error err "capphat: p.csv: no column for ${SQ}commune${SQ} in header row 1"
'

test_expect_success 'nothing was written by the failed commands' '
    test "$(capphat device list | wc -l)" -le 1 &&
    test -z "$(capphat person list | tail -n +2)"
'

test_done

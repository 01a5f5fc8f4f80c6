#!/bin/sh
# The manual pages, capphat(1) in English and in Vietnamese: made from the
# program's --help (scripts/gen-man.sh), so that every command, usage line
# and option with its help is in the page of its language exactly as
# --help prints it (tests/cli/man-help.py); they render without a groff
# warning; the two languages have the same sections, the same options,
# files, variables and exit statuses, and the same examples of an
# office's work; `man capphat` and `man -L vi capphat` find them once
# installed.
# store: file (the manual, whatever the register)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

EN=$BUILD_DIR/man/capphat.1
VI=$BUILD_DIR/man/vi/capphat.1

# render PAGE: the page as man shows it, wide enough that no line wraps
render() { MANWIDTH=4000 man --warnings -l "$1"; }

# tags PAGE: the first word of every tagged paragraph (.TP) of the source:
# options, commands, files, variables, exit statuses
tags() {
    awk '/^\.TP/ {
        getline; sub(/^\\f[BI]/, ""); sub(/\\f[RPBI].*$/, ""); sub(/ .*$/, ""); gsub(/\\-/, "-")
        print
    }' "$1"
}

# examples PAGE: the command lines of the examples (.nf blocks)
examples() { awk '/^\.nf/ { on = 1; next } /^\.fi/ { on = 0 } on && !/^\./' "$1"; }

test_expect_success 'both pages are built and render without a warning' '
    test -f "$EN" && test -f "$VI" &&
    render "$EN" >en.txt 2>err && test_cmp /dev/null err &&
    render "$VI" >vi.txt 2>err && test_cmp /dev/null err &&
    head -1 en.txt | grep "^CAPPHAT(1) " &&
    head -1 vi.txt | grep "^CAPPHAT(1) "
'

test_expect_success 'English: every command and option as --help says it' '
    $PYTHON "$SRC_DIR/tests/cli/man-help.py" "$CAPPHAT_RELEASE_BIN" en en.txt >out ||
    { cat out >&2; false; }
'

test_expect_success 'Vietnamese: every command and option as --help says it' '
    $PYTHON "$SRC_DIR/tests/cli/man-help.py" "$CAPPHAT_RELEASE_BIN" vi vi.txt >out ||
    { cat out >&2; false; }
'

test_expect_success 'a page that lost an option or a line of help is caught' '
    grep -v "^  *--person ID$" en.txt >cut.txt &&
    ! $PYTHON "$SRC_DIR/tests/cli/man-help.py" "$CAPPHAT_RELEASE_BIN" en cut.txt >out &&
    grep -F "section '\''handover'\'' lacks: --person ID the receiving person" out &&
    sed "s/at most N results (default 50)/at most N results/" vi.txt >cut.txt &&
    ! $PYTHON "$SRC_DIR/tests/cli/man-help.py" "$CAPPHAT_RELEASE_BIN" en cut.txt >out
'

test_expect_success 'the sections an office needs, in both languages' '
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS DATABASE FILES ENVIRONMENT \
        "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        grep -qx "$s" en.txt || { echo "en: no $s" >&2; return 1; }
    done &&
    for s in "TÊN" "TÓM TẮT" "MÔ TẢ" "TÙY CHỌN" "CÁC LỆNH" "CƠ SỞ DỮ LIỆU" "TỆP" \
        "MÔI TRƯỜNG" "TRẠNG THÁI THOÁT" "VÍ DỤ" "XEM THÊM"; do
        grep -qx "$s" vi.txt || { echo "vi: no $s" >&2; return 1; }
    done &&
    test "$(grep -c "^\.SH" "$EN")" = "$(grep -c "^\.SH" "$VI")"
'

test_expect_success 'both languages: the same options, files, variables and exit statuses' '
    tags "$EN" >en.tags && tags "$VI" >vi.tags &&
    test_cmp en.tags vi.tags &&
    for t in --db --operator --version CAPPHAT_DB XDG_DATA_HOME XDG_STATE_HOME LANGUAGE \
        CAPPHAT_LOCALEDIR 0 1 2 "~/.local/share/capphat/capphat.db" \
        "~/.local/share/capphat/backups/"; do
        grep -qxF -- "$t" en.tags || { echo "no $t" >&2; return 1; }
    done
'

test_expect_success 'both languages: the same examples, which cover an office'"'"'s work' '
    examples "$EN" >en.ex && examples "$VI" >vi.ex &&
    test_cmp en.ex vi.ex &&
    for e in "capphat import persons" "capphat handover \\-\\-person" \
        "capphat receipt \\-\\-commune" "capphat receipt signed" "capphat receipt unsigned" \
        "capphat backup" "capphat check"; do
        grep -qF -- "$e" en.ex || { echo "no example of $e" >&2; return 1; }
    done
'

test_expect_success 'the page names the version and where the messages are installed' '
    set -- $("$CAPPHAT_RELEASE_BIN" --version) &&
    grep "capphat $2" en.txt | tail -1 | grep -F "capphat $2" &&
    grep -F "capphat $2" vi.txt >/dev/null &&
    localedir=$(cat "$BUILD_DIR/gen/dirs") &&
    grep -F "$localedir/vi/LC_MESSAGES/capphat.mo" en.txt &&
    grep -F "$localedir/vi/LC_MESSAGES/capphat.mo" vi.txt
'

test_expect_success 'installed, man capphat and man -L vi capphat show them' '
    make -q -C "$SRC_DIR" BUILD="$BUILD_DIR" all || {
        echo "$BUILD_DIR is not up to date with the sources: run make first" >&2
        return 1
    } &&
    make -s -C "$SRC_DIR" --no-print-directory BUILD="$BUILD_DIR" install \
        DESTDIR="$TEST_DIR/stage" >log &&
    MANPATH=$TEST_DIR/stage/usr/local/share/man MANWIDTH=100 man capphat >man.en 2>err &&
    grep -x "SYNOPSIS" man.en &&
    MANPATH=$TEST_DIR/stage/usr/local/share/man MANWIDTH=100 man -L vi capphat >man.vi 2>err &&
    grep -x "TÓM TẮT" man.vi &&
    grep -F "bàn giao thiết bị cho một người" man.vi &&
    ! grep -x "TÓM TẮT" man.en
'

test_done

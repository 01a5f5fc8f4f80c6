#!/bin/sh
# The People list of a register on a PostgreSQL server, searched and
# sorted as an operator sorts it (F6: the name, then the year of birth up
# and down, then the commune): the same persons in the same order as on a
# file holding the same register, never a server error. A search of words
# of one letter has no word an index can name, so the list walks the
# persons year by year: that walk stopped the program on a server
# ("cannot prepare SQL"), and the years downwards failed ("out of range").
# Runs only where a private server can start (tests/lib/pgserver.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

if ! private_server; then
    test_skip "the People list on a server register" \
        "no PostgreSQL server could be started: $(head -n 1 "$TEST_DIR/pg.err")"
    test_done
    exit
fi

# rows: the rows of the list on the screen, as "No. Born" (the number
# that starts a row, and its 4-digit year if it shows one)
rows() {
    tui_screen | sed -n "s/^ *\([0-9][0-9]*\) .* \(1[89][0-9][0-9]\|20[0-9][0-9]\) .*/\1 \2/p"
}

# list_of DB TEXT MARK N: the People list of DB searched for TEXT, F6
# pressed N times (from the name upwards: the name down, the year up and
# down, the commune up), once the header marks the column MARK: its rows
# in the file OUT (a program of its own each time, started on DB and quit)
list_of() {
    TUI_ARGS="--db '$1'" tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Prestigious persons" &&
    tui_keys / C-u && tui_type "$2" && tui_wait "Search: $2" && tui_keys Enter &&
    tui_wait "found" &&
    i=0 && while [ $i -lt "$4" ]; do tui_keys F6 && i=$((i + 1)); done &&
    tui_wait "$3" 10 && sleep 0.3 && tui_wait "found" &&
    ! tui_screen | grep -qi "prepare\|out of range\|error" &&
    rows >"$5" && test "$(wc -l <"$5")" -gt 3 &&
    tui_quit
}

# same TEXT MARK N: the server's list and the file's, the same rows in the
# same order
same() {
    list_of "$TEST_DIR/demo.db" "$1" "$2" "$3" on-file &&
    list_of "$ADDR" "$1" "$2" "$3" on-server &&
    test_cmp on-file on-server
}

test_expect_success 'setup: the demo on the server and on a file' '
    capphat --db "$ADDR" init >/dev/null &&
    capphat --db "$ADDR" demo >/dev/null &&
    capphat --db demo.db demo >/dev/null
'

test_expect_success 'one-letter words sorted by year, up and down: no error, the rows of the file' '
    same "a n" "Born▲" 2 && same "a n" "Born▼" 3
'

test_expect_success 'words in any order by commune, and by name down: the rows of the file' '
    same "thi ba" "Commune▲" 4 && same "thi ba" "Full name▼" 1 && same "van 19" "Born▼" 3
'

test_done

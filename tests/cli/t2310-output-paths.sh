#!/bin/sh
# The bad-input matrix (t2300-bad-input-matrix.sh), its output paths: each
# command that writes a file (a receipt, an Excel or CSV report, the
# rejected rows of an import, a backup) given as its output the database
# under every spelling (./, sub/../, a symbolic or a hard link), links to
# its -wal and -shm, its backups, /dev/null, a device, a FIFO, a socket, a
# broken link and a folder, with and without --force, by an absolute and by
# a relative path; an existing file without --force; a name without the
# format's extension. Each case fails with one line, "capphat: ...", and
# leaves the target, the database and its folders as they were, with no
# temporary file behind. The same with named temporary files, where the
# file system has no unnamed ones: t2320-output-paths-named.sh.
# store: file (it aims outputs at the register file and its journal)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"
. "$(dirname "$0")/lib-matrix.sh"

test_expect_success 'setup' 'matrix_fixture'

test_expect_success 'output paths: the database, its files and backups under every spelling, devices, FIFOs, sockets' '
    out_matrix outpath &&
    test -c "$TEST_DIR/o/dev.db" && test -p "$TEST_DIR/o/fifo.db" &&
    class_ok outpath
'

test_expect_success 'an existing file: refused without --force (the file named), replaced with it' '
    rm -rf o && mkdir o &&
    for ext in .pdf .xlsx .csv .db; do
        writer_args $ext | grep -v dry-run | while read -r args; do
            echo precious >"o/keep$ext" &&
            try_out exists "$CAPPHAT_DB" "$TEST_DIR/o/keep$ext" "$TEST_DIR" -- $args "$TEST_DIR/o/keep$ext"
            grep -q "already exists; give --force to replace it" case.err ||
                echo "exists: $args: no --force hint" >>"$FAILS"
            "$CAPPHAT_BIN" $args "$TEST_DIR/o/keep$ext" --force >/dev/null 2>&1 &&
            test "$(cat "o/keep$ext" | head -c 8)" != precious &&
            test "$(stat -c %a "o/keep$ext")" = 600 ||
                echo "exists: $args --force did not replace it" >>"$FAILS"
        done
    done
    class_ok exists
'

test_expect_success 'the wrong extension for the format' '
    rm -rf o && mkdir o/ 2>/dev/null; mkdir -p o/backups &&
    try_out ext "$CAPPHAT_DB" "$TEST_DIR/o/x.xlsx" "$TEST_DIR" -- receipt 1 -o "$TEST_DIR/o/x.xlsx"
    try_out ext "$CAPPHAT_DB" "$TEST_DIR/o/x.pdf" "$TEST_DIR" -- export summary -o "$TEST_DIR/o/x.pdf"
    try_out ext "$CAPPHAT_DB" "$TEST_DIR/o/x.pdf" "$TEST_DIR" -- export persons -o "$TEST_DIR/o/x.pdf"
    try_out ext "$CAPPHAT_DB" "$TEST_DIR/o/x.pdf" "$TEST_DIR" -- backup "$TEST_DIR/o/x.pdf"
    try_out ext "$CAPPHAT_DB" "$TEST_DIR/o/x.txt" "$TEST_DIR" -- import persons "$TEST_DIR/p-bad.csv" \
        --skip-invalid --errors "$TEST_DIR/o/x.txt"
    try_out ext "$CAPPHAT_DB" "$CAPPHAT_DB" "$TEST_DIR" -- receipt 1 -o "$CAPPHAT_DB"
    try_out ext "$CAPPHAT_DB" "$CAPPHAT_DB" "$TEST_DIR" -- import persons "$TEST_DIR/p-bad.csv" \
        --skip-invalid --dry-run --errors "$CAPPHAT_DB"
    class_ok ext
'

matrix_done
test_done

#!/bin/sh
# Reports are never half-written: a temporary file in the target folder,
# renamed when complete, mode 0600; a missing folder or no permission is an
# error that leaves no file, and an existing report is kept.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

export CAPPHAT_TODAY=2025-06-30
capphat demo --persons 60 --seed 7 >/dev/null || exit 1

test_expect_success 'a report is mode 0600 and no temporary file is left' '
    mkdir out &&
    capphat export handover -o out/h.xlsx >/dev/null &&
    capphat export persons -o out/p.csv >/dev/null &&
    capphat export summary -o out/s.xlsx >/dev/null &&
    test "$(stat -c %a out/h.xlsx)" = 600 &&
    test "$(stat -c %a out/p.csv)" = 600 &&
    test "$(stat -c %a out/s.xlsx)" = 600 &&
    test "$(ls -A out | sort | tr "\n" " ")" = "h.xlsx p.csv s.xlsx "
'

test_expect_success 'a missing folder is an error naming it, no file' '
    for what in summary handover; do
        test_must_fail capphat export $what -o nowhere/x.xlsx 2>err &&
        one_line_error err "folder '"'"'nowhere'"'"' does not exist" || return 1
    done &&
    test_must_fail capphat export persons -o nowhere/x.csv 2>err &&
    one_line_error err "does not exist" &&
    test ! -e nowhere
'

test_on_file 'it makes the register file read-only' 'a folder without write permission: error, old file kept' '
    mkdir ro &&
    capphat export summary -o ro/s.xlsx >/dev/null &&
    sum=$(sha256sum <ro/s.xlsx) &&
    chmod 0555 ro &&
    # root writes anyway: run the command as nobody when we are root
    if [ "$(id -u)" -eq 0 ]; then
        chmod 0777 "$TEST_DIR" && chmod 0666 "$CAPPHAT_DB"* &&
        test_must_fail setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env CAPPHAT_DB="$CAPPHAT_DB" "$CAPPHAT_BIN" export summary -o ro/s.xlsx --force 2>err0 &&
        # the database opened up for nobody is named as such (it is root'"'"'s)
        grep -v "can be read by other users" err0 >err &&
        chmod 0755 "$TEST_DIR" && chmod 0600 "$CAPPHAT_DB"*
    else
        test_must_fail capphat export summary -o ro/s.xlsx --force 2>err
    fi &&
    one_line_error err "no permission to write in folder '"'"'ro'"'"'" &&
    test "$(sha256sum <ro/s.xlsx)" = "$sum" &&
    test "$(ls -A ro)" = s.xlsx
'

test_expect_success 'a folder as the output name is an error' '
    mkdir dir.xlsx &&
    test_must_fail capphat export summary -o dir.xlsx 2>err &&
    one_line_error err "it is a folder"
'

test_expect_success 'a failed export keeps the old file: nothing to list' '
    capphat export handover -o keep.xlsx >/dev/null &&
    sum=$(sha256sum <keep.xlsx) &&
    test_must_fail capphat export handover --district "Ba Bể" --commune "Nam Mẫu" -o keep.xlsx 2>err &&
    test "$(sha256sum <keep.xlsx)" = "$sum"
'

test_done

#!/bin/sh
# A register of 100,000 persons (`capphat demo --persons 100000`: every
# person, phone, handover, return and training of a large province, and
# its audit log of half a million entries) moved to a PostgreSQL server:
# `migrate` copies it whole, `check` passes on both sides, and the two
# hold the same rows and the same head of the audit chain. The server is
# a private one in this test's folder. Not run under the sanitizers, whose
# pass checks capphat's memory on the small registers (t2960): the same
# code, twenty times slower.
# store: file (it starts its own server, and compares it with a file)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

if ldd "$CAPPHAT_BIN" 2>/dev/null | grep -q 'libasan'; then
    test_skip 'a register of 100,000 persons moves to a server whole' \
        'built with the sanitizers (the small registers of t2960 run under them)'
    test_done
    exit $?
fi

if ! private_server; then
    cat "$TEST_DIR/pg.err"
    echo "Bail out! no PostgreSQL server could be started"
    exit 1
fi

# counts DB: the number of rows of each table that holds the office's work
counts() {
    for t in person device handover training_session attendance round audit_log audit_seal; do
        printf "%s " "$t"
        if [ "$1" = server ]; then
            psql -qtA "$ADDR" -c "select count(*) from $t"
        else
            sqlite3 "$1" "select count(*) from $t"
        fi
    done
}

test_expect_success 'a register of 100,000 persons moves to a server whole' '
    capphat --db big.db demo --persons 100000 >/dev/null &&
    test "$(sqlite3 big.db "select count(*) from person")" -ge 100000 &&
    capphat --db big.db migrate --to "$ADDR" >out &&
    grep -F "moved to $ADDR:" out &&
    grep -F "verified on both sides" out &&
    counts big.db >here && counts server >there &&
    test_cmp here there &&
    test "$(sqlite3 big.db "select id || hash from audit_log order by id desc limit 1")" = \
        "$(psql -qtA "$ADDR" -c "select id || hash from audit_log order by id desc limit 1")" &&
    capphat --db big.db check >out && grep -F "ok: integrity check passed" out &&
    capphat --db "$ADDR" check >out && grep -F "ok: integrity check passed" out &&
    capphat --db big.db person list >here && capphat --db "$ADDR" person list >there &&
    test_cmp here there && test $(wc -l <there) -gt 100000
'

test_done

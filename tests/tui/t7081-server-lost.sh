#!/bin/sh
# The connection to the server lost while the full-screen program runs
# (the server ended the session: restarted, or the database dropped): the
# program keeps running and says so in one plain line, never the control
# characters of libpq's message ("\x0A").
# Runs only where a private server can start (tests/lib/pgserver.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-tui.sh"

if ! private_server; then
    test_skip "the connection lost" \
        "no PostgreSQL server could be started: $(head -n 1 "$TEST_DIR/pg.err")"
    test_done
    exit
fi

test_expect_success 'setup: a register on the server with a few persons' '
    capphat --db "$ADDR" init >/dev/null &&
    capphat --db "$ADDR" person add --name "Mã Hoàng Tạ" --gender M --birth-year 1958 --district "ba be" --commune "cho ra" >/dev/null
'

test_expect_success 'the session ended by the server: one plain line, the program still answers' '
    TUI_ARGS="--db '\''$ADDR'\''" tui_start LANGUAGE=en &&
    tui_keys 2 && tui_wait "Mã Hoàng Tạ" &&
    psql -X -q "$ADDR" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" >/dev/null &&
    tui_keys / && tui_type "ma" && tui_keys Enter &&
    tui_wait "cannot be read or written" 10 &&
    ! tui_screen | grep -F "\\x0" &&
    test -n "$(tui_pid)" &&
    tui_quit
'

test_done

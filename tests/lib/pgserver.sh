#!/bin/sh
# tests/lib/pgserver.sh — a private PostgreSQL server for the tests of a
# register kept on a server.
#
#   tests/lib/pgserver.sh start DIR   # prints the address to connect to
#   tests/lib/pgserver.sh stop DIR
#
# start makes a cluster in DIR/data (initdb, trust, UTF-8, C.UTF-8), starts
# it listening only on a Unix socket in DIR (no TCP port, so parallel runs
# do not collide), creates the database "capphat" and prints
# "postgresql:///capphat?host=DIR&user=USER". As root (CI) the server runs
# as the postgres user Debian's package creates, since initdb and postgres
# refuse root; otherwise as the caller. stop stops it at once (-m
# immediate) and removes DIR/data. The facts behind this:
# /work/shared/notes/testing-postgresql.md.
set -eu

cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pgserver: no PostgreSQL server installed (Debian package postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $cmd in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        user=postgres
        chmod 755 "$dir"
        chown postgres "$dir"
    else
        user=$(id -un)
    fi
    as_owner "$bin/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 \
        -U "$user" >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
        -o "-k $dir -c listen_addresses='' -c fsync=off" -w start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    as_owner "$bin/createdb" -h "$dir" -U "$user" capphat
    echo "postgresql:///capphat?host=$dir&user=$user"
    ;;
stop)
    dir=$(cd "$dir" && pwd)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir/data"
    ;;
*)
    echo "usage: pgserver.sh start|stop DIR" >&2
    exit 2
    ;;
esac

#!/bin/sh
# make lint: the tree is formatted (.clang-format), each library stays in its folder, no SQL text is built with
# printf-style formatting (values are always bound), and only
# src/core/testhook.c names the test hooks' variables.
set -u
cd "$(dirname "$0")/.."
fail=0

stray() {
    # $1: regex of the include, $2: allowed folder regex, $3: what
    hits=$(grep -rnE "#include *[<\"]($1)" src include | grep -vE "^($2)" || true)
    if [ -n "$hits" ]; then
        echo "lint: $3 included outside its folder:"
        echo "$hits"
        fail=1
    fi
}

stray 'sqlite3\.h' 'src/store/' '<sqlite3.h>'
stray '(n?curses|ncursesw/curses|form|menu|panel)\.h' 'src/tui/' '<curses.h>'
stray 'xlsxwriter\.h|cairo|pango|cups/|qrencode\.h' 'src/report/' 'xlsxwriter/cairo/pango/cups/qrencode'
stray 'csv\.h|minizip/|unzip\.h|expat\.h|iconv\.h|freexl\.h' 'src/io/' 'libcsv/minizip/expat/iconv/freexl'
stray 'unicode/' 'src/core/' 'ICU'
stray 'utf8proc\.h' 'src/core/' 'utf8proc'
stray 'openssl/' 'src/core/' 'OpenSSL'
stray 'libpq-fe\.h|libpq/' 'src/store/' 'libpq'

# SQL built with printf-style formatting
sqlfmt=$(grep -rnE '(sqlite3_v?mprintf|sqlite3_snprintf)' src || true)
fmt_sql=$(grep -rnE '(s?n?printf|strbuf_v?addf|xasprintf|error_set)\([^;]*"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WHERE)\b[^"]*%' src || true)
if [ -n "$sqlfmt$fmt_sql" ]; then
    echo "lint: SQL text built with printf-style formatting (bind the values instead):"
    [ -n "$sqlfmt" ] && echo "$sqlfmt"
    [ -n "$fmt_sql" ] && echo "$fmt_sql"
    fail=1
fi

# SQL keywords outside src/store
sql_out=$(grep -rlE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE) ' src | grep -v '^src/store/' || true)
if [ -n "$sql_out" ]; then
    echo "lint: SQL outside src/store:"
    echo "$sql_out"
    fail=1
fi

# the test hooks' variables are read in src/core/testhook.c only, which the
# released program links without them (include/core/testhook.h)
hooks=$(grep -rnE 'CAPPHAT_(TODAY|NOW|OPERATOR|OUTFILE_NAMED|SERVER)|CAPPHAT_TEST_HOOKS' src | grep -v '^src/core/testhook\.c:' || true)
if [ -n "$hooks" ]; then
    echo "lint: a test hook read outside src/core/testhook.c (use testhook_env):"
    echo "$hooks"
    fail=1
fi

# no function of 100 lines or more: it is several functions
long=$(python3 scripts/fnlen.py 100 || true)
if [ -n "$long" ]; then
    echo "lint: functions of 100 lines or more (split them into their steps):"
    echo "$long"
    fail=1
fi

# the tree is formatted with the pinned .clang-format (make format): one
# clang-format for all the files (--dry-run names each change it would
# make) rather than one per file, six times the CPU
if command -v clang-format >/dev/null 2>&1; then
    if ! checked=$(find src include tests bench -name '*.[ch]' | sort |
        xargs clang-format --style=file --dry-run 2>&1); then
        echo "lint: clang-format failed:"
        printf '%s\n' "$checked" | head -20
        fail=1
    fi
    unformatted=$(printf '%s\n' "$checked" |
        sed -n 's/^\(.*\):[0-9]*:[0-9]*: warning: code should be clang-formatted .*/\1/p' | uniq)
    if [ -n "$unformatted" ]; then
        echo "lint: not formatted with .clang-format (run make format):"
        echo "$unformatted"
        fail=1
    fi
else
    echo "lint: clang-format is not installed (scripts/install-deps.sh installs it)"
    fail=1
fi

[ $fail -eq 0 ] && echo "lint: ok"
exit $fail

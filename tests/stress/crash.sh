#!/bin/sh
# tests/stress/crash.sh [RUNS] — kill -9 capphat at random moments and prove
# that nothing is lost or half-written.
#
# Each run takes one of five scenarios in turn, starts the command, sleeps a
# random time between 0 and a little more than the command's own duration
# (measured once at the start, so that the kills spread over the whole run
# under any build, ASan included), sends SIGKILL, and then checks:
#
#   import     `import devices` of a 5,000-row CSV: `capphat check` passes
#              and the devices are all there or none (0 or 5,000 rows).
#   persons    `import persons` of a 3,000-row .xlsx (past 1,000 rows the
#              list and search indexes are set aside and made again at the
#              end): check passes (search indexes included), all persons or
#              none, and the schema is exactly that of a new database.
#   handover   a batch of handover and return commands: check passes, every
#              device is handed over exactly when it has one open handover.
#   init       `init` of a new file (creating the schema = the migration,
#              and the first daily backup): a second `init` completes it and
#              check passes (200 communes); a daily backup under its final
#              name passes check.
#   demo       `demo` filling a database: check passes, all persons or none.
#   report     `export handover -o OUT.xlsx` when capphat has it, and
#              `backup OUT.db`: the source passes check; OUT is absent, or
#              complete (the copy passes check with every person; the .xlsx
#              opens in openpyxl). A temporary file may stay, never OUT.
#
# Prints "crash: N runs, F failures" (and per scenario), exits 1 on any
# failure. BUILD picks the build folder (default build; the binary is
# capphat-test, whose audit entries carry CAPPHAT_OPERATOR); SEED makes it repeatable;
# KEEP=1 keeps the work folder.
set -u
RUNS=${1:-210}
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) BUILD_DIR=$BUILD ;; *) BUILD_DIR=$SRC_DIR/$BUILD ;; esac
BIN=$BUILD_DIR/capphat-test
PYTHON=/usr/bin/python3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/capphat-crash.XXXXXX")
export LANGUAGE=en CAPPHAT_OPERATOR=crash HOME=$WORK/home XDG_DATA_HOME=$WORK/xdg
export CAPPHAT_LOCALEDIR=$BUILD_DIR/locale
unset CAPPHAT_DB CAPPHAT_TODAY
mkdir -p "$HOME"
SEED=${SEED:-$$}
RAND=$SEED
FAILLOG=$WORK/failures.log
: >"$FAILLOG"

cap() { "$BIN" "$@"; }

# rand N: sets r to a pseudo-random number in 0..N-1 (an LCG seeded with
# SEED; not in a subshell, so that the state moves on).
rand() {
    RAND=$(((RAND * 1103515245 + 12345) % 2147483648))
    r=$(((RAND / 65536) % $1))
}

now_ms() { date +%s%3N; }

fail() {
    echo "run $run ($scenario, killed after ${delay_ms} ms): $*" >>"$FAILLOG"
    ok=0
}

# --- fixtures ----------------------------------------------------------

cap --db "$WORK/empty.db" init >/dev/null || { echo "crash: init failed" >&2; exit 1; }
"$PYTHON" - "$WORK/devices.csv" <<'EOF'
import sys
def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        t += d
    return str((10 - t % 10) % 10)
with open(sys.argv[1], 'w') as f:
    f.write('STT,IMEI,Model\n')
    for i in range(5000):
        b = '35%012d' % (123400000000 + i)
        f.write('%d,%s,Samsung Galaxy A05\n' % (i + 1, b + luhn(b)))
EOF
"$PYTHON" "$SRC_DIR/tests/cli/import-files.py" persons-xlsx-big "$WORK/persons.xlsx" 3000 ||
    { echo "crash: cannot write the persons file" >&2; exit 1; }
SCHEMA_SQL="select type, name, tbl_name, sql from sqlite_schema order by name"
sqlite3 "$WORK/empty.db" "$SCHEMA_SQL" >"$WORK/schema"
cp "$WORK/empty.db" "$WORK/batch.db"
cap --db "$WORK/batch.db" demo --persons 30 --devices 30 --handovers 0 --sessions 0 \
    --seed 7 >/dev/null || { echo "crash: demo failed" >&2; exit 1; }
# the batch: hand 15 devices to persons, then take them back (5 in a short
# run, and a smaller report database: make test runs this under ASan too)
BATCH=15 REPORT_SIZE=375
[ "$RUNS" -le 50 ] && BATCH=5 REPORT_SIZE=100
sqlite3 "$WORK/batch.db" "select imei from device order by id limit $BATCH" >"$WORK/imeis"
{
    echo 'set -e'
    n=0
    while read -r imei; do
        n=$((n + 1))
        echo "\"\$BIN\" --db \"\$DB\" handover --person $n --imei $imei >/dev/null"
    done <"$WORK/imeis"
    while read -r imei; do
        echo "\"\$BIN\" --db \"\$DB\" return --imei $imei --reason other >/dev/null"
    done <"$WORK/imeis"
} >"$WORK/batch.sh"
cp "$WORK/empty.db" "$WORK/report.db"
cap --db "$WORK/report.db" demo --persons $REPORT_SIZE --seed 3 >/dev/null ||
    { echo "crash: demo failed" >&2; exit 1; }
REPORT_PERSONS=$(sqlite3 "$WORK/report.db" "select count(*) from person")
HAS_EXPORT=0
cap export --help >/dev/null 2>&1 && HAS_EXPORT=1

# The command of each scenario, on the files of run folder $R.
prepare() {
    # each run's register is a new one at the same path: what this account
    # recorded of the previous run's does not bind it
    rm -rf "$R" "${XDG_STATE_HOME:-$HOME/.local/state}/capphat/registers" && mkdir -p "$R"
    case $scenario in
    import | persons) cp "$WORK/empty.db" "$R/c.db" ;;
    handover) cp "$WORK/batch.db" "$R/c.db" ;;
    init) ;;
    demo) cp "$WORK/empty.db" "$R/c.db" ;;
    backup | export) cp "$WORK/report.db" "$R/c.db" ;;
    esac
}

start() {
    case $scenario in
    import) setsid "$BIN" --db "$R/c.db" import devices "$WORK/devices.csv" >/dev/null 2>&1 & ;;
    persons) setsid "$BIN" --db "$R/c.db" import persons "$WORK/persons.xlsx" >/dev/null 2>&1 & ;;
    handover) BIN=$BIN DB=$R/c.db setsid sh "$WORK/batch.sh" >/dev/null 2>&1 & ;;
    init) setsid "$BIN" --db "$R/c.db" init >/dev/null 2>&1 & ;;
    demo) setsid "$BIN" --db "$R/c.db" demo --persons 200 --seed 5 >/dev/null 2>&1 & ;;
    backup) setsid "$BIN" --db "$R/c.db" backup "$R/out.db" >/dev/null 2>&1 & ;;
    export) setsid "$BIN" --db "$R/c.db" export handover -o "$R/out.xlsx" >/dev/null 2>&1 & ;;
    esac
    pid=$!
}

check_db() {
    out=$(cap --db "$1" check 2>&1) || fail "check failed on $1: $out"
}

verify() {
    case $scenario in
    import)
        check_db "$R/c.db"
        n=$(sqlite3 "$R/c.db" "select count(*) from device")
        [ "$n" = 0 ] || [ "$n" = 5000 ] || fail "import left $n of 5000 devices"
        [ "$n" = 5000 ] && done_full=$((done_full + 1))
        ;;
    persons)
        check_db "$R/c.db"
        n=$(sqlite3 "$R/c.db" "select count(*) from person")
        [ "$n" = 0 ] || [ "$n" = 3000 ] || fail "import left $n of 3000 persons"
        [ "$n" = 3000 ] && done_full=$((done_full + 1))
        sqlite3 "$R/c.db" "$SCHEMA_SQL" | cmp -s - "$WORK/schema" ||
            fail "the schema differs from a new database's"
        ;;
    handover)
        check_db "$R/c.db"
        # handed over is the open handover; the row keeps the state, in stock
        bad=$(sqlite3 "$R/c.db" "select d.imei from device d where d.status = 'handed_over'
              or (d.status <> 'in_stock' and exists (select 1 from handover h
                  where h.device_id = d.id and h.returned_on is null))
              or (select count(*) from handover h where h.device_id = d.id
                  and h.returned_on is null) > 1")
        [ -z "$bad" ] || fail "device status and open handovers disagree: $bad"
        ;;
    init)
        if [ -e "$R/c.db" ]; then
            out=$(cap --db "$R/c.db" init 2>&1) || fail "init after the crash failed: $out"
        else
            cap --db "$R/c.db" init >/dev/null 2>&1 || fail "init of a new file failed"
        fi
        check_db "$R/c.db"
        n=$(sqlite3 "$R/c.db" "select count(*) from unit where level = 'commune'")
        [ "$n" = 200 ] || fail "init left $n communes, not 200"
        # the daily backup init takes: there under its name only when complete
        for b in "$R"/backups/capphat-*.db; do
            [ -e "$b" ] || continue
            check_db "$b"
        done
        ;;
    demo)
        check_db "$R/c.db"
        n=$(sqlite3 "$R/c.db" "select count(*) from person")
        [ "$n" = 0 ] || [ "$n" = 200 ] || fail "demo left $n of 200 persons"
        [ "$n" = 200 ] && done_full=$((done_full + 1))
        ;;
    backup)
        check_db "$R/c.db"
        if [ -e "$R/out.db" ]; then
            done_full=$((done_full + 1))
            check_db "$R/out.db"
            n=$(sqlite3 "$R/out.db" "select count(*) from person" 2>&1)
            [ "$n" = "$REPORT_PERSONS" ] || fail "backup holds $n of $REPORT_PERSONS persons"
        fi
        # the copy under its temporary name may stay, with its journal...
        stray=$(ls -A "$R" | grep -v -e '^c\.db' -e '^out\.db$' \
            -e '^\.capphat-tmp-[A-Za-z0-9]\{6\}\(-journal\|-wal\|-shm\)\?$')
        [ -z "$stray" ] || fail "unexpected files: $stray"
        # ...until the next copy into that folder removes it
        out=$(cap --db "$R/c.db" backup "$R/next.db" 2>&1) || fail "the next backup failed: $out"
        stray=$(ls -A "$R" | grep -v -e '^c\.db' -e '^out\.db$' -e '^next\.db$')
        [ -z "$stray" ] || fail "the next backup left: $stray"
        ;;
    export)
        check_db "$R/c.db"
        if [ -e "$R/out.xlsx" ]; then
            done_full=$((done_full + 1))
            out=$("$PYTHON" -c 'import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])' \
                "$R/out.xlsx" 2>&1) || fail "out.xlsx does not open: $out"
        fi
        # written through an unnamed file: nothing at all is left
        stray=$(ls -A "$R" | grep -v -e '^c\.db' -e '^out\.xlsx$')
        [ -z "$stray" ] || fail "unexpected files: $stray"
        ;;
    esac
}

# Duration of one uncrashed run of each scenario, in ms.
calibrate() {
    prepare
    t0=$(now_ms)
    start
    wait $pid
    rc=$?
    t1=$(now_ms)
    [ $rc -eq 0 ] || { echo "crash: $scenario does not run without a crash (exit $rc)" >&2; exit 1; }
    ok=1
    verify
    [ $ok = 1 ] || { cat "$FAILLOG" >&2; exit 1; }
    eval "dur_$scenario=$((t1 - t0 + 1))"
    echo "crash: one $scenario takes $((t1 - t0)) ms"
}

SCENARIOS="import persons handover init demo backup"
[ $HAS_EXPORT = 1 ] && SCENARIOS="$SCENARIOS export"
R=$WORK/run
run=0
delay_ms=0
for scenario in $SCENARIOS; do
    calibrate
done

failures=0
summary=""
for scenario in $SCENARIOS; do eval "runs_$scenario=0 fail_$scenario=0"; done
done_full=0
run=1
while [ $run -le "$RUNS" ]; do
    set -- $SCENARIOS
    shift $(((run - 1) % $#))
    scenario=$1
    eval "dur=\$dur_$scenario"
    rand $((dur * 11 / 10 + 1))
    delay_ms=$r
    prepare
    start
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    [ -n "${DEBUG:-}" ] && echo "run $run $scenario delay $delay_ms"
    kill -9 "-$pid" 2>/dev/null
    wait $pid 2>/dev/null
    ok=1
    verify
    eval "runs_$scenario=\$((runs_$scenario + 1))"
    if [ $ok = 0 ]; then
        failures=$((failures + 1))
        eval "fail_$scenario=\$((fail_$scenario + 1))"
        [ "${KEEP:-0}" = 1 ] && cp -r "$R" "$WORK/failed-$run"
    fi
    run=$((run + 1))
done

for scenario in $SCENARIOS; do
    eval "summary=\"\$summary \$scenario \$runs_$scenario/\$fail_$scenario\""
done
cat "$FAILLOG"
echo "crash: seed $SEED; runs/failures per scenario:$summary; $done_full runs had finished before the kill"
echo "crash: $RUNS runs, $failures failures"
if [ "${KEEP:-0}" = 1 ]; then echo "crash: work folder $WORK"; else rm -rf "$WORK"; fi
[ $failures -eq 0 ]

#!/bin/sh
# Runs every suite once with the binaries in $BUILD and prints a summary:
#   unit tests (cmocka, tests/unit), command-line tests (tests/cli/t*.sh),
#   screen tests (tests/tui/t*.sh), then "N passed, N failed".
#
# SUITES (default "unit cli tui") chooses suites; ONLY picks the jobs whose
# name holds one of its words (e.g. `make test-one ONLY=imei` or
# ONLY="t0200 test_phone" for the inner loop; make check-fast picks them
# from what changed). JOBS (default: cores + 1) runs that many at once:
# each script has its own temporary folder, database and tmux server. The
# slowest jobs of the last run start first. $BUILD/test-logs/times keeps,
# for each job of the last run, its seconds and the CPU seconds (user +
# system) of the processes it waited for (not of a tmux server, nor of
# what runs in its windows). A job that leaves a process running behind
# it (a tmux server, a capphat) fails, and the process is killed
# (tests/cli/t0010-run-all.sh checks that).
set -u
BUILD=${BUILD:-build}
export BUILD
cd "$(dirname "$0")/.."
LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR"
SUITES=${SUITES:-unit cli tui}
ONLY=${ONLY:-}
JOBS=${JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}
export CMOCKA_MESSAGE_OUTPUT=stdout
WORK=$(mktemp -d "${TMPDIR:-/tmp}/capphat-run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# picked NAME: NAME holds one of the words of ONLY (or ONLY is empty)
picked() {
    [ -n "$ONLY" ] || return 0
    for _w in $ONLY; do
        case "$1" in *"$_w"*) return 0 ;; esac
    done
    return 1
}

# The jobs: "suite name path", one per line.
for suite in $SUITES; do
    case $suite in
    unit)
        for t in "$BUILD"/tests/test_*; do
            [ -x "$t" ] || continue
            name=$(basename "$t")
            picked "$name" && echo "unit $name $t"
        done
        ;;
    cli | tui)
        for t in tests/$suite/t*.sh; do
            [ -f "$t" ] || continue
            name=$(basename "$t" .sh)
            picked "$name" && echo "$suite $name $t"
        done
        ;;
    cli-server)
        # the command-line scripts again, each on a register on its own
        # private PostgreSQL server (CAPPHAT_TEST_STORE=server, tests/lib.sh)
        for t in tests/cli/t*.sh; do
            name=$(basename "$t" .sh)
            picked "$name" && echo "$suite $name $t"
        done
        ;;
    esac
done >"$WORK/jobs"

# Slowest first, by the times of the last run (unknown ones first of all).
touch "$LOGDIR/times"
awk 'FILENAME == ARGV[1] { t[$1] = $2; next } { k = $1 "/" $2; print (k in t ? t[k] : 99999), $0 }' \
    "$LOGDIR/times" "$WORK/jobs" | sort -k1,1nr | cut -d' ' -f2- >"$WORK/order"

# cpu_between BEFORE AFTER: CPU seconds (user + system) of the children
# waited for between two `times >FILE` of one shell (run in that shell:
# a subshell would count its own children).
cpu_between() {
    awk 'function s(x) { sub(/s$/, "", x); split(x, a, "m"); return a[1] * 60 + a[2] }
         FNR == 2 { c[FILENAME == ARGV[2]] = s($1) + s($2) }
         END { printf "%.1f\n", c[1] - c[0] }' "$1" "$2"
}

# run_job SUITE NAME PATH: runs one job, writes "PASSED FAILED SECONDS CPU"
# to $WORK/SUITE-NAME.res and its output to the log.
run_job() {
    suite=$1 name=$2 path=$3
    log=$LOGDIR/$suite-$name.log
    res=$WORK/$suite-$name.res
    marker=capphat-test-job-$$-$suite-$name
    start=$(date +%s)
    times >"$WORK/$suite-$name.cpu0"
    case $suite in
    unit)
        env CAPPHAT_TEST_JOB="$marker" "$path" >"$log" 2>&1
        rc=$?
        passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
        failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
        passed=${passed:-0}
        failed=${failed:-0}
        if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
        ;;
    *)
        store=file
        [ "$suite" = cli-server ] && store=server
        RESULTS=$WORK/$suite-$name.tap CAPPHAT_TEST_JOB="$marker" CAPPHAT_TEST_STORE=$store \
            sh "$path" >"$log" 2>&1
        rc=$?
        if [ -s "$WORK/$suite-$name.tap" ]; then
            set -- $(tail -1 "$WORK/$suite-$name.tap")
            passed=$1 failed=$2
        else
            passed=0 failed=1
            echo "# script ended early, rc=$rc" >>"$log"
        fi
        ;;
    esac
    times >"$WORK/$suite-$name.cpu1"
    cpu=$(cpu_between "$WORK/$suite-$name.cpu0" "$WORK/$suite-$name.cpu1")
    # processes the job left behind carry its marker in their environment;
    # a tmux server told to quit takes a moment to go
    tries=0
    while :; do
        left=$(grep -lsz "^CAPPHAT_TEST_JOB=$marker\$" /proc/[0-9]*/environ 2>/dev/null |
            cut -d/ -f3)
        [ -n "$left" ] && [ $tries -lt 30 ] || break
        tries=$((tries + 1))
        sleep 0.1
    done
    if [ -n "$left" ]; then
        echo "# left running after the script ended:" >>"$log"
        for p in $left; do
            echo "#   $p $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)" >>"$log"
        done
        kill -9 $left 2>/dev/null
        failed=$((failed + 1))
    fi
    echo "$passed $failed $(($(date +%s) - start)) $cpu" >"$res"
}

# The pool: JOBS workers, each taking the next job no other has claimed
# (mkdir is atomic: one worker makes the claim, the others skip it).
i=0
while [ $i -lt "$JOBS" ]; do
    (
        while IFS=' ' read -r suite name path; do
            mkdir "$WORK/claim-$suite-$name" 2>/dev/null || continue
            run_job "$suite" "$name" "$path"
            set -- $(cat "$WORK/$suite-$name.res")
            if [ "$2" -ne 0 ]; then
                echo "FAIL $suite/$name ($1 passed, $2 failed)"
            else
                echo "ok   $suite/$name ($1, ${3}s)"
            fi
        done <"$WORK/order"
    ) &
    i=$((i + 1))
done
wait

# Failures in full, in the order of the job list; the times for next run.
: >"$LOGDIR/times.new"
total_pass=0
total_fail=0
while IFS=' ' read -r suite name path; do
    [ -f "$WORK/$suite-$name.res" ] || { echo "0 1 0 0" >"$WORK/$suite-$name.res"; }
    set -- $(cat "$WORK/$suite-$name.res")
    total_pass=$((total_pass + $1))
    total_fail=$((total_fail + $2))
    echo "$suite/$name $3 $4" >>"$LOGDIR/times.new"
    if [ "$2" -ne 0 ]; then
        echo "---- $suite/$name ($LOGDIR/$suite-$name.log)"
        if [ "$suite" = unit ]; then
            grep -E '^\[  (FAILED|ERROR)|error:|Failure|ERROR' "$LOGDIR/$suite-$name.log" | head -20
        else
            grep -A12 '^not ok' "$LOGDIR/$suite-$name.log" | head -60
        fi
        grep '^# ' "$LOGDIR/$suite-$name.log" | grep -E 'ended early|left running|^#   [0-9]' | head -5
    fi
done <"$WORK/jobs"
# the jobs not run this time keep their times (a run with ONLY must not
# leave the next full run without its order), while they exist
awk 'FILENAME == ARGV[1] { ran[$1] = 1; next } !($1 in ran)' \
    "$LOGDIR/times.new" "$LOGDIR/times" | while read -r job secs cpu; do
    case $job in
    unit/*) [ -x "$BUILD/tests/${job#unit/}" ] ;;
    *) [ -f "tests/$job.sh" ] ;;
    esac && echo "$job $secs${cpu:+ $cpu}"
done >>"$LOGDIR/times.new"
mv "$LOGDIR/times.new" "$LOGDIR/times"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

#!/bin/sh
# tests/stress/concurrency.sh [PROCESSES] [OPERATIONS] — several operators
# handing over and taking back the same few devices, to the same few people,
# on one database at the same time.
#
# Each of PROCESSES (default 4) workers runs OPERATIONS (default 500)
# commands, each a random `handover --person P --imei I` or
# `return --imei I`, drawn from 8 persons and 6 devices so that they
# constantly compete. Then:
#   - no process crashed (exit < 128), and every failed command printed
#     exactly one line on stderr that is one of the known refusals (no
#     "busy", no "fatal", no warning);
#   - `capphat check` passes (integrity, audit chain, rows = their audit);
#   - the audit log grew by exactly 2 entries per successful command (the
#     handover or return, and the device's status), as counted by the
#     workers themselves: none lost, none extra;
#   - no device is in two open handovers and a device is "handed over"
#     exactly when it has one open handover (sqlite3 on the file).
# Prints the throughput and the refusals; exits 1 on any failure.
# BUILD picks the build folder (default build; the binary is capphat-test,
# each process recording its own CAPPHAT_OPERATOR); KEEP=1 keeps the work folder.
set -u
PROCS=${1:-4}
OPS=${2:-500}
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) BUILD_DIR=$BUILD ;; *) BUILD_DIR=$SRC_DIR/$BUILD ;; esac
BIN=$BUILD_DIR/capphat-test
WORK=$(mktemp -d "${TMPDIR:-/tmp}/capphat-concurrency.XXXXXX")
export LANGUAGE=en HOME=$WORK/home XDG_DATA_HOME=$WORK/xdg
export CAPPHAT_LOCALEDIR=$BUILD_DIR/locale CAPPHAT_DB=$WORK/c.db
unset CAPPHAT_TODAY
mkdir -p "$HOME"
failures=0

fail() {
    echo "concurrency: FAIL: $*"
    failures=$((failures + 1))
}

CAPPHAT_OPERATOR=setup "$BIN" init >/dev/null &&
    CAPPHAT_OPERATOR=setup "$BIN" demo --persons 8 --devices 6 --handovers 0 --sessions 0 \
        --seed 11 >/dev/null || { echo "concurrency: setup failed" >&2; exit 1; }
sqlite3 "$CAPPHAT_DB" "select imei from device order by id" >"$WORK/imeis"
audit_before=$(sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log")

# worker N: OPS random commands; writes its counts to $WORK/w$N.counts and
# every refusal line to $WORK/w$N.err.
cat >"$WORK/worker.sh" <<'EOF'
n=$1 ops=$2 bin=$3 work=$4
export CAPPHAT_OPERATOR=operator$n
rand=$((n * 7919 + 17))
set -- $(cat "$work/imeis")
ndev=$#
ok=0 refused=0 crashed=0 noisy=0
i=0
: >"$work/w$n.err"
while [ $i -lt "$ops" ]; do
    rand=$(((rand * 1103515245 + 12345) % 2147483648))
    r=$((rand / 65536))
    d=$((r % ndev + 1))
    p=$((r / ndev % 8 + 1))
    eval "imei=\${$d}"
    if [ $((r / 64 % 2)) -eq 0 ]; then
        "$bin" handover --person $p --imei "$imei" >/dev/null 2>"$work/w$n.one"
    else
        "$bin" return --imei "$imei" --reason other >/dev/null 2>"$work/w$n.one"
    fi
    rc=$?
    lines=$(wc -l <"$work/w$n.one")
    if [ $rc -eq 0 ]; then
        ok=$((ok + 1))
        [ "$lines" -eq 0 ] || noisy=$((noisy + 1))
    elif [ $rc -ge 128 ]; then
        crashed=$((crashed + 1))
    else
        refused=$((refused + 1))
        [ "$lines" -eq 1 ] || noisy=$((noisy + 1))
    fi
    cat "$work/w$n.one" >>"$work/w$n.err"
    i=$((i + 1))
done
echo "$ok $refused $crashed $noisy" >"$work/w$n.counts"
EOF

t0=$(date +%s%3N)
pids=""
k=1
while [ $k -le "$PROCS" ]; do
    sh "$WORK/worker.sh" $k "$OPS" "$BIN" "$WORK" &
    pids="$pids $!"
    k=$((k + 1))
done
for p in $pids; do wait "$p"; done
t1=$(date +%s%3N)

ok=0 refused=0 crashed=0 noisy=0
k=1
while [ $k -le "$PROCS" ]; do
    set -- $(cat "$WORK/w$k.counts")
    ok=$((ok + $1)) refused=$((refused + $2)) crashed=$((crashed + $3)) noisy=$((noisy + $4))
    k=$((k + 1))
done
cat "$WORK"/w*.err >"$WORK/all.err"

[ $crashed -eq 0 ] || fail "$crashed commands died with a signal"
[ $noisy -eq 0 ] || fail "$noisy commands printed other than one line on failure or nothing on success"
# the refusals a person may see when another operator was quicker
unknown=$(sed -e '/^capphat: imei .* is already handed over to .* (person [0-9]*, receipt .*)$/d' \
    -e '/^capphat: imei .* is not handed over (it is in stock): nothing to return$/d' \
    -e '/^capphat: person [0-9]* (.*) already holds imei [0-9]* in this round (receipt .*): return it first$/d' \
    -e '/^capphat: imei .* was just handed over by another operator; refresh and choose another device$/d' \
    "$WORK/all.err" | sort | uniq -c)
[ -z "$unknown" ] || fail "unexpected messages:
$unknown"

out=$("$BIN" check 2>&1) || fail "check: $out"
audit_after=$(sqlite3 "$CAPPHAT_DB" "select count(*) from audit_log")
[ $((audit_after - audit_before)) -eq $((2 * ok)) ] ||
    fail "audit log grew by $((audit_after - audit_before)) entries for $ok successful commands (expected $((2 * ok)))"
bad=$(sqlite3 "$CAPPHAT_DB" "select d.imei, d.status, (select count(*) from handover h
      where h.device_id = d.id and h.returned_on is null) as open from device d
      where open > 1 or d.status = 'handed_over' or (open = 1 and d.status <> 'in_stock')")
[ -z "$bad" ] || fail "devices in two open handovers or with the wrong status: $bad"
handovers=$(sqlite3 "$CAPPHAT_DB" "select count(*) from handover")

total=$((PROCS * OPS))
ms=$((t1 - t0 + 1))
echo "concurrency: $PROCS processes x $OPS operations = $total commands in $((ms / 1000)).$((ms % 1000 / 100)) s: $((total * 1000 / ms)) commands/s"
echo "concurrency: $ok succeeded ($handovers handovers recorded), $refused refused cleanly:"
sed -e 's/handed over to .*/handed over to P (person N, receipt R)/' \
    -e 's/person [0-9]* (.*) already holds imei [0-9]* in this round (receipt [^)]*)/person N already holds imei I in this round (receipt R)/' \
    -e 's/imei [^ ]* /imei I /' \
    "$WORK/all.err" | sort | uniq -c | sed 's/^/    /'
echo "concurrency: $crashed crashes, $failures failures"
if [ "${KEEP:-0}" = 1 ]; then echo "concurrency: work folder $WORK"; else rm -rf "$WORK"; fi
[ $failures -eq 0 ]

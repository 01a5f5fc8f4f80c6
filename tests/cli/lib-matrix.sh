# tests/cli/lib-matrix.sh — what the scripts of the bad-input matrix share:
# t2300-bad-input-matrix.sh (every command against every bad input that
# applies to it), t2310-output-paths.sh and t2320-output-paths-named.sh
# (every command that writes a file against every path it must refuse,
# with unnamed and with named temporary files). One matrix in three
# scripts, so that they run side by side. Source it after ../lib.sh and
# lib-cli.sh.
#
# Each case is a line of $CASES: its class, "ok" or why it failed, and the
# command; $FAILS holds each failure with its stderr. class_ok CLASS is
# the test of a class, matrix_done the last test of a script.

CASES=$TEST_DIR/cases
FAILS=$TEST_DIR/fails
: >"$CASES"
: >"$FAILS"

# matrix_fixture: the database (three persons, five devices, one handover,
# one training session), the lists the commands import (p-bad.csv has a
# row that fails), and an empty database, empty.db
matrix_fixture() {
    capphat init >/dev/null &&
    add_person "Nguyễn Văn An" >/dev/null &&
    add_person "Hoàng Thị Bích" --gender F --cccd 006160001234 >/dev/null &&
    add_person "Lê Văn Đông" >/dev/null &&
    for i in $IMEI1 $IMEI2 $IMEI3 $IMEI4 $IMEI5; do
        capphat device add --delivered 2023-06-01 --imei $i --model "Samsung Galaxy A05" >/dev/null || return 1
    done &&
    capphat handover --person 1 --imei $IMEI1 --date 2024-03-01 >/dev/null &&
    capphat training add --date 2024-03-02 --place "UBND xã Chợ Rã" --trainer "Hà Văn Giao" \
        --topic "Dùng điện thoại" >/dev/null &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nMã Văn Tạ,Nam,1950,Tày,Chợ Rã,Ba Bể\n" \
        >persons.csv &&
    printf "IMEI,Model\n$IMEI7,Nokia 105\n" >devices.csv &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã\nMã Văn Tạ,Nam,1950,Tày,Chợ Rã\n" \
        >persons-nd.csv &&
    printf "Họ và tên,Giới tính,Năm sinh,Dân tộc,Xã,Huyện\nX,Q,1950,Tày,Chợ Rã,Ba Bể\n" >p-bad.csv &&
    capphat --db empty.db init >/dev/null &&
    capphat check >/dev/null
}

# class_ok CLASS: every case of CLASS passed (and there was at least one).
class_ok() {
    n=$(grep -c "^$1	" "$CASES")
    bad=$(grep "^$1:" "$FAILS")
    echo "$1: $n cases"
    [ -z "$bad" ] || { grep -A3 "^$1:" "$FAILS"; return 1; }
    [ "$n" -gt 0 ]
}

# matrix_done: the last test, that no case of the script failed, and the
# count of its cases in the log
matrix_done() {
    test_expect_success 'the whole matrix' '
        n=$(wc -l <"$CASES") && f=$(grep -vc "	ok	" "$CASES" || :) &&
        echo "bad-input matrix: $n cases, $f failures" &&
        cut -f1 "$CASES" | sort | uniq -c &&
        { test "$f" -eq 0 || { grep -v "	ok	" "$CASES" | head -5; false; }; }
    '
    say "# bad-input matrix: $(wc -l <"$CASES") cases, $(grep -vc "	ok	" "$CASES" || :) failures"
}

# out_state PATH: what a target is, without reading a FIFO or a device:
# the entry itself (a link stays a link), what it leads to, and the content
# of a regular file
out_state() {
    if [ ! -e "$1" ] && [ ! -L "$1" ]; then
        echo absent
        return
    fi
    _s="$(stat -c '%F %i' "$1" 2>/dev/null) / $(stat -L -c '%F %i %a' "$1" 2>/dev/null)"
    if [ -f "$1" ]; then
        _s="$_s $(sha256sum <"$1" | cut -c1-16)"
    elif [ -d "$1" ]; then
        _s="$_s $(ls -A "$1" | sha256sum | cut -c1-16)"
    fi
    echo "$_s"
}

# The states try_out saw after its last case: the target (OUT_T is its
# path), the database (OUT_D) and the listing of o/ and o/backups. With
# OUT_KEEP=1 (out_matrix, where nothing but capphat runs between two
# cases) the next case starts from them instead of reading them again;
# out_forget: nothing known.
out_forget() { OUT_T= OUT_D= OUT_T_STATE= OUT_D_STATE= OUT_LIST=; }
out_forget
OUT_KEEP=

# try_out CLASS DB TARGET DIR -- ARGS...: `capphat --db DB ARGS`, run in
# folder DIR, must fail with one clear line and leave TARGET, DB and the
# folders as they were, with no temporary file behind.
try_out() {
    _c=$1 _d=$2 _t=$3 _cd=$4
    shift 5
    [ "$OUT_KEEP" = 1 ] || out_forget
    [ "$_t" = "$OUT_T" ] || OUT_T_STATE=$(out_state "$_t")
    [ "$_d" = "$OUT_D" ] || OUT_D_STATE=$(out_state "$_d")
    [ -n "$OUT_LIST" ] || OUT_LIST=$(ls -A "$TEST_DIR/o" "$TEST_DIR/o/backups" | sha256sum)
    _before="$OUT_T_STATE | $OUT_D_STATE | $OUT_LIST"
    (cd "$_cd" && exec "$CAPPHAT_BIN" --db "$_d" "$@") >"$TEST_DIR/case.out" 2>"$TEST_DIR/case.err" </dev/null
    _rc=$?
    OUT_T=$_t OUT_D=$_d
    OUT_T_STATE=$(out_state "$_t")
    OUT_D_STATE=$(out_state "$_d")
    OUT_LIST=$(ls -A "$TEST_DIR/o" "$TEST_DIR/o/backups" | sha256sum)
    _after="$OUT_T_STATE | $OUT_D_STATE | $OUT_LIST"
    _why=
    if [ $_rc -ge 128 ]; then
        _why="died with signal $((_rc - 128))"
    elif [ $_rc -eq 0 ]; then
        _why="succeeded"
    elif [ "$(wc -l <"$TEST_DIR/case.err")" -ne 1 ]; then
        _why="$(wc -l <"$TEST_DIR/case.err") lines on stderr"
    elif ! grep -q "^capphat: " "$TEST_DIR/case.err"; then
        _why="error line does not start with 'capphat: '"
    elif [ "$_before" != "$_after" ]; then
        _why="changed: $_before -> $_after"
    elif ls -A "$TEST_DIR/o" "$TEST_DIR/o/backups" | grep -q "^\.capphat-tmp-"; then
        _why="a temporary file was left"
    fi
    printf '%s\t%s\t%.160s\n' "$_c" "${_why:-ok}" "$*" >>"$CASES"
    if [ -n "$_why" ]; then
        printf '%s: capphat %.160s: %s (exit %d)\n' "$_c" "$*" "$_why" "$_rc" >>"$FAILS"
        head -c 600 "$TEST_DIR/case.err" | sed 's/^/    stderr: /' >>"$FAILS"
    fi
}

# writers EXT: each command that writes a file of that kind, with the
# target as its last argument (T), as "ARGS..." lines
writer_args() {
    case $1 in
    .pdf) echo "receipt 1 -o" ;;
    .xlsx) echo "export handover -o" ;;
    .csv) echo "export persons -o"
          echo "import persons $TEST_DIR/p-bad.csv --skip-invalid --dry-run --errors" ;;
    .db) echo "backup" ;;
    esac
}

# The protected and non-regular targets of a database named reg.EXT in
# folder o/ (so that the name has the writer's extension and only the
# guards can refuse it): the database under other spellings and links, its
# -wal and -shm through links, its backups, devices, a FIFO, a socket, a
# broken link, a folder. Between two cases nothing but capphat runs, so
# that each starts from the states the last one left (OUT_KEEP; forgotten
# when the folder is made again).
out_matrix() {
    cls=$1
    OUT_KEEP=1
    for ext in .pdf .xlsx .csv .db; do
        db=$TEST_DIR/o/reg$ext
        out_forget
        rm -rf "$TEST_DIR/o" && mkdir -p "$TEST_DIR/o/sub" &&
        cp "$CAPPHAT_DB" "$db" && chmod 600 "$db" &&
        "$CAPPHAT_BIN" --db "$db" init >/dev/null &&
        bk=$(ls "$TEST_DIR/o/backups" | head -1) &&
        # another connection keeps the -wal and -shm there all along
        rm -f "$TEST_DIR/hold" && mkfifo "$TEST_DIR/hold" &&
        { sqlite3 "$db" <"$TEST_DIR/hold" >/dev/null & } &&
        exec 8>"$TEST_DIR/hold" && echo "select count(*) from person;" >&8 &&
        n=0 && while [ ! -e "$db-shm" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done &&
        cd "$TEST_DIR/o" &&
        ln -s "reg$ext" link-db$ext && ln "reg$ext" hard-db$ext &&
        ln -s "reg$ext-wal" link-wal$ext && ln -s "reg$ext-shm" link-shm$ext &&
        ln -s "backups/$bk" link-bk$ext && ln "backups/$bk" hard-bk$ext &&
        ln -s /dev/null null$ext && mknod dev$ext c 1 3 && mkfifo fifo$ext &&
        "$PYTHON" -c "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" \
            sock$ext && ln -s nowhere/none$ext dangling$ext && mkdir dir$ext &&
        cd "$TEST_DIR" || { echo "$cls: setup for $ext failed" >>"$FAILS"; continue; }
        writer_args $ext | while read -r args; do
            for t in reg$ext ./reg$ext sub/../reg$ext link-db$ext hard-db$ext link-wal$ext \
                link-shm$ext backups/$bk backups/new$ext link-bk$ext hard-bk$ext null$ext \
                dev$ext fifo$ext sock$ext dangling$ext dir$ext; do
                for force in "" --force; do
                    case "$args $force" in *dry-run*--force) continue ;; esac
                    try_out $cls "$db" "$TEST_DIR/o/$t" "$TEST_DIR" -- $args "$TEST_DIR/o/$t" $force
                    # a relative spelling from inside the folder as well
                    try_out $cls "$db" "$TEST_DIR/o/$t" "$TEST_DIR/o" -- $args "$t" $force
                done
            done
        done
        exec 8>&-
        wait
    done
    OUT_KEEP=
    out_forget
}

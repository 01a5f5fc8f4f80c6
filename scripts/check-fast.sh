#!/bin/sh
# make check-fast: the inner loop. The tests of what changed, with the
# plain build (make has built it), in well under a minute; make test runs
# every suite, twice. What changed: the commits since the branch left
# BASE (default main) and what is staged, modified or new in the tree.
# Picked, and run by tests/run-all.sh:
#
#   unit  the unit tests changed; those that include a changed header or
#         the header of a changed source (src/store/person_store.c:
#         include/store/person_store.h), as their dependency files in
#         $BUILD/tests/unit say; test_NAME for src/*/NAME.c. Every unit
#         test when the build, the test libraries or the data changed, or
#         when nothing a test covers did.
#   cli   the scripts changed, and those whose name holds a word of the
#         name of a changed module (src/cli/cmd_person.c, src/app/
#         person_app.c or include/store/person_store.h: "person", which
#         picks t0200-person and t1300-import-persons)
#   tui   the scripts changed (the whole suite is `make test-one SUITES=tui`)
#
# It says what it picked; `make test-one ONLY="NAME..."` runs others.
# CHANGED="FILE..." names the changed files instead of git; with -n it
# only says what it would run.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BASE=${BASE:-main}
export BUILD

units= clis= tuis= all_units= words= why= tui_changed=

# add LIST WORD: WORD appended to the variable named LIST, once
add() {
    eval "_l=\$$1"
    case " $_l " in *" $2 "*) return ;; esac
    eval "$1=\"\${_l:+\$_l }\$2\""
}

# including HEADER: the unit tests whose object includes HEADER
including() {
    _re="[ /]$(printf '%s' "$1" | sed 's/[.]/\\./g')( |$)"
    for _d in $(grep -lE -- "$_re" "$BUILD"/tests/unit/test_*.d 2>/dev/null); do
        add units "$(basename "$_d" .d)"
    done
}

# module FILE: the words of a module's name, less the layer's own words
module() {
    for _w in $(basename "$1" | sed 's/\.[ch]$//; s/[_-]/ /g'); do
        case $_w in
        app | store | cmd | tui | cli | main | internal | reader | writer | buffer | buf | row) ;;
        ??*) add words "$_w" ;;
        esac
    done
}

if [ -n "${CHANGED:-}" ]; then
    changed=$CHANGED
    why="(CHANGED)"
elif base=$(git merge-base "$BASE" HEAD 2>/dev/null); then
    changed=$({
        git diff --name-only "$base"
        git ls-files --others --exclude-standard
    } | sort -u)
    why="since $BASE ($(git rev-parse --short "$base"))"
else
    changed=
    why="(no git, or no branch $BASE)"
fi

for f in $changed; do
    case $f in
    tests/unit/test_*.c) add units "$(basename "$f" .c)" ;;
    tests/unit/*) including "$f" ;;
    tests/cli/t*.sh) [ -f "$f" ] && add clis "$(basename "$f" .sh)" ;;
    tests/tui/t*.sh) [ -f "$f" ] && add tuis "$(basename "$f" .sh)" ;;
    src/*/*.[ch])
        _d=${f#src/}
        _d=${_d%%/*}
        _n=$(basename "$f")
        _n=${_n%.[ch]}
        including "include/$_d/$_n.h"
        [ ! -x "$BUILD/tests/test_$_n" ] || add units "test_$_n"
        [ "$_d" != tui ] || tui_changed=1
        including "$f"
        module "$f"
        ;;
    include/*/*.h)
        including "$f"
        module "$f"
        ;;
    Makefile | mk/* | scripts/* | data/* | tests/*) all_units=1 ;;
    esac
done

for w in $words; do
    for t in tests/cli/t*"$w"*.sh; do
        [ -f "$t" ] && add clis "$(basename "$t" .sh)"
    done
done

n=$(printf '%s\n' $changed | grep -c .)
echo "check-fast: $n changed file(s) $why"
if [ -n "$all_units" ] || [ -z "$units$clis$tuis" ]; then
    units=test_
    echo "  unit: every unit test"
else
    echo "  unit: ${units:-none}"
fi
echo "  cli:  ${clis:-none}${words:+ (modules: $words)}"
[ -z "$tuis" ] || echo "  tui:  $tuis"
[ -z "$tui_changed" ] || echo "  (the full-screen program changed: make test-one SUITES=tui runs its tests)"
[ "${1:-}" != -n ] || exit 0
SUITES="unit${clis:+ cli}${tuis:+ tui}" ONLY="$units $clis $tuis" exec ./tests/run-all.sh

#!/bin/sh
# capphat --version names the version and the commit the program was built
# from: the newest release of CHANGELOG.md, or a snapshot after it when
# changes are listed under [Unreleased] (scripts/version.sh), and the
# commit of the sources (git), the same in both builds. The build under
# test must be up to date (`make` first).
# store: file (the version of the program, whatever the register)
. "$(dirname "$0")/../lib.sh"

test_expect_success '--version: the version of CHANGELOG.md and the commit of the sources' '
    "$CAPPHAT_RELEASE_BIN" --version >out &&
    test "$(wc -l <out)" = 1 &&
    set -- $("$SRC_DIR/scripts/version.sh") &&
    test "$(cat out)" = "capphat $1 (commit $2)" &&
    release=$(sed -n "s/^## \[\([0-9][0-9.]*\)\] - [0-9-]*$/\1/p" "$SRC_DIR/CHANGELOG.md" | head -1) &&
    test -n "$release" &&
    case $1 in "$release" | "$release+git"*) ;; *) false ;; esac &&
    if git -C "$SRC_DIR" rev-parse HEAD >head 2>/dev/null; then
        commit=${2%-dirty} &&
        test ${#commit} = 12 &&
        grep -q "^$commit" head
    fi &&
    "$CAPPHAT_BIN" --version >out.test &&
    test_cmp out out.test
'

test_expect_success 'a snapshot version sorts after its release and before the next' '
    set -- $("$CAPPHAT_RELEASE_BIN" --version) &&
    case $2 in
    *+git*)
        release=${2%%+git*} &&
        dpkg --compare-versions "$2" gt "$release" &&
        dpkg --compare-versions "$2" lt "$release.1"
        ;;
    *) echo "a release: $2" ;;
    esac
'

test_done

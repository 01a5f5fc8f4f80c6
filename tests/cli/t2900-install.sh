#!/bin/sh
# Installed like a program of the system: `make install` (GNU conventions:
# DESTDIR, PREFIX, bindir, mandir, localedir) puts the released program,
# its translations, the manual pages, the desktop entry and the icon in
# place, and `make uninstall` takes them all away again. The installed
# program runs in a root that holds nothing but the installed files and
# the shared libraries it is linked with — no source tree, no build
# folder — and there finds its Vietnamese messages in the configured
# localedir, even with /usr/bin/locale (a program, on every Debian) beside
# it in /usr/bin.
#
# The test installs the build under test ($BUILD): it must be up to date
# (`make` first), so that installing rebuilds nothing that other tests run.
# store: file (installing the program, whatever the register)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-cli.sh"

# make_in ARGS...: make in the source tree, for the build under test
make_in() { make -s -C "$SRC_DIR" --no-print-directory BUILD="$BUILD_DIR" "$@"; }

# the files an install puts under PREFIX (default /usr/local)
installed_files() {
    sed "s|^|$1|" <<EOF
/bin/capphat
/share/applications/capphat.desktop
/share/icons/hicolor/scalable/apps/capphat.svg
/share/locale/vi/LC_MESSAGES/capphat.mo
/share/man/man1/capphat.1
/share/man/vi/man1/capphat.1
EOF
}

# files_under DIR: every file and link under DIR, as absolute paths inside it
files_under() { (cd "$1" && find . ! -type d | sed 's|^\.||' | LC_ALL=C sort); }

ROOT=$TEST_DIR/root

# in_root ARGS...: run the installed capphat in $ROOT as its root folder
# (chroot; in a user namespace when not root), with a clean environment:
# a home folder of its own, the C.UTF-8 locale, no LANGUAGE
in_root() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/op LANG=C.UTF-8 TERM=dumb \
        ASAN_OPTIONS=detect_leaks=0 \
        unshare -r -m -p -f --mount-proc="$ROOT/proc" chroot "$ROOT" /usr/bin/capphat "$@"
}

test_expect_success 'the build under test is up to date: installing rebuilds nothing' '
    make_in -q all || {
        echo "$BUILD_DIR is not up to date with the sources: run make first" >&2
        return 1
    }
'

test_expect_success 'make install DESTDIR: exactly the files of the program, under /usr/local' '
    make_in install DESTDIR="$TEST_DIR/stage" >log &&
    files_under stage >got &&
    installed_files /usr/local >want &&
    test_cmp want got
'

test_expect_success 'the installed program is the released build, not capphat-test' '
    cmp stage/usr/local/bin/capphat "$CAPPHAT_RELEASE_BIN" &&
    ! cmp -s stage/usr/local/bin/capphat "$CAPPHAT_BIN" &&
    ! grep -q CAPPHAT_TODAY stage/usr/local/bin/capphat &&
    test -x stage/usr/local/bin/capphat &&
    test "$(stat -c %a stage/usr/local/bin/capphat)" = 755 &&
    for f in $(installed_files stage/usr/local | grep -v /bin/); do
        test "$(stat -c %a "$f")" = 644 || { echo "mode of $f" >&2; return 1; }
    done &&
    cmp stage/usr/local/share/locale/vi/LC_MESSAGES/capphat.mo \
        "$BUILD_DIR/locale/vi/LC_MESSAGES/capphat.mo"
'

test_expect_success 'make uninstall DESTDIR takes every installed file away' '
    make_in uninstall DESTDIR="$TEST_DIR/stage" >log &&
    files_under stage >left &&
    test_cmp /dev/null left
'

test_expect_success 'PREFIX, bindir and mandir choose where the files go' '
    make_in install DESTDIR="$TEST_DIR/opt" PREFIX=/opt/capphat \
        localedir=/usr/local/share/locale >log &&
    files_under opt >got &&
    installed_files /opt/capphat | grep -v /locale/ >want &&
    echo /usr/local/share/locale/vi/LC_MESSAGES/capphat.mo >>want &&
    LC_ALL=C sort want >want.sorted &&
    test_cmp want.sorted got &&
    make_in install DESTDIR="$TEST_DIR/games" bindir=/usr/games mandir=/usr/share/man >log &&
    test -x games/usr/games/capphat &&
    test -f games/usr/share/man/man1/capphat.1 &&
    test -f games/usr/share/man/vi/man1/capphat.1 &&
    test ! -e games/usr/local/bin/capphat &&
    make_in uninstall DESTDIR="$TEST_DIR/games" bindir=/usr/games mandir=/usr/share/man >log &&
    test "$(files_under games)" = "" &&
    make_in -q all
'

# A root with the program installed in /usr/bin (its translations in the
# configured /usr/local/share/locale), the shared libraries ldd names,
# the C.UTF-8 locale and, as on Debian, the program /usr/bin/locale.
test_expect_success 'a root holding the installed files and their libraries only' '
    make_in install DESTDIR="$ROOT" bindir=/usr/bin >log &&
    ldd "$ROOT/usr/bin/capphat" >libs &&
    ! grep "not found" libs &&
    for lib in $(awk "/=> \\//{print \$3} /^\t\\//{print \$1}" libs); do
        mkdir -p "$ROOT${lib%/*}" && cp -L "$lib" "$ROOT$lib" || return 1
    done &&
    mkdir -p "$ROOT/proc" "$ROOT/home/op" "$ROOT/usr/lib/locale" &&
    cp -r /usr/lib/locale/C.utf8 "$ROOT/usr/lib/locale/" &&
    cp /usr/bin/locale "$ROOT/usr/bin/locale" &&
    test ! -e "$ROOT$SRC_DIR" &&
    in_root --version >out &&
    "$CAPPHAT_RELEASE_BIN" --version >want &&
    test_cmp want out
'

test_expect_success 'installed: Vietnamese by default, from the configured localedir' '
    in_root --help >out &&
    head -1 out | grep "^cách dùng: capphat" &&
    grep -F "tạo hoặc nâng cấp cơ sở dữ liệu" out &&
    { in_root bogus 2>err; test $? = 2; } &&
    grep -F "lệnh '"'"'bogus'"'"'" err
'

test_expect_success 'installed: init and demo make a register in the home folder' '
    in_root init >out 2>err &&
    grep -F "/home/op/.local/share/capphat/capphat.db" out &&
    grep -F "54 dân tộc" out &&
    test -f "$ROOT/home/op/.local/share/capphat/capphat.db" &&
    ls "$ROOT/home/op/.local/share/capphat/backups" | grep -q "^capphat-.*\.db$" &&
    in_root demo --persons 40 --seed 7 >out 2>err &&
    grep -F "40 người" out &&
    in_root check >out &&
    head -1 out | grep "^ok: " &&
    in_root person list >list &&
    test "$(wc -l <list)" -gt 40
'

test_expect_success 'installed: LANGUAGE=en gives English' '
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/op LANG=C.UTF-8 LANGUAGE=en \
        ASAN_OPTIONS=detect_leaks=0 \
        unshare -r -m -p -f --mount-proc="$ROOT/proc" chroot "$ROOT" /usr/bin/capphat --help >out &&
    head -1 out | grep "^usage: capphat"
'

test_expect_success 'the desktop entry: valid, in a terminal, under Office, in both languages' '
    d=$ROOT/usr/local/share/applications/capphat.desktop &&
    desktop-file-validate "$d" >out 2>&1 &&
    test_cmp /dev/null out &&
    grep -x "Type=Application" "$d" &&
    grep -x "Exec=capphat" "$d" &&
    grep -x "Terminal=true" "$d" &&
    grep -x "Categories=Office;" "$d" &&
    for k in Name GenericName Comment; do
        grep -q "^$k=." "$d" && grep -q "^$k\[vi\]=." "$d" || { echo "no $k in both" >&2; return 1; }
    done &&
    icon=$(sed -n "s/^Icon=//p" "$d") &&
    test -f "$ROOT/usr/local/share/icons/hicolor/scalable/apps/$icon.svg" &&
    $PYTHON -c "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.tag.endswith(\"svg\"), r.tag" \
        "$ROOT/usr/local/share/icons/hicolor/scalable/apps/$icon.svg"
'

test_done

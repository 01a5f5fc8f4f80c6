#!/bin/sh
# make deb-test DIR: the Debian package that `make deb` left in DIR, as an
# office installs it. Its files, and its dependencies: every shared
# library the program is linked with comes from a package it depends on,
# and it depends on nothing that only builds or tests capphat. Then, in a
# clean Debian 12 (a minimal root made with debootstrap, kept in
# $BUILD/deb-test/base and copied afresh for each run, apt's downloads
# kept in $BUILD/deb-test/archives): `apt-get install ./capphat_*.deb`
# brings in what it needs from the Debian archive; capphat --version, init,
# demo, check and a receipt (the fonts) run there for a user, in
# Vietnamese; man and man -L vi show the manual; the desktop entry and icon
# are in place; `apt-get remove` and `dpkg --purge` take the program away and
# leave the user's database and backups as they were.
#
# Needs root (debootstrap, chroot), the Debian archive through apt's
# mirror (DEB_MIRROR, default http://deb.debian.org/debian), and debootstrap
# (scripts/install-deps.sh). The first run makes the base root (about a
# minute); later runs take well under a minute.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/lib-tui.sh"

DEB_DIR=${1:-$BUILD_DIR/deb}
case $DEB_DIR in /*) ;; *) DEB_DIR=$SRC_DIR/$DEB_DIR ;; esac
CACHE=$BUILD_DIR/deb-test
BASE=$CACHE/base
ARCHIVES=$CACHE/archives
MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
ARCH=$(dpkg --print-architecture)
ROOT=$TEST_DIR/root

if [ "$(id -u)" != 0 ]; then
    echo "deb-test: needs root (debootstrap and chroot); try: sudo make deb-test" >&2
    exit 1
fi

# in_root COMMAND...: run COMMAND in $ROOT, with /proc, /dev and apt's
# download cache mounted for it alone (a mount namespace of its own), a
# clean environment and the C.UTF-8 locale (no LANGUAGE: Vietnamese by
# default)
in_root() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
        DEBIAN_FRONTEND=noninteractive \
        unshare -m sh -c '
            root=$1 archives=$2; shift 2
            mount -t proc proc "$root/proc" &&
            mount --rbind /dev "$root/dev" &&
            mount --bind "$archives" "$root/var/cache/apt/archives" &&
            exec chroot "$root" "$@"' sh "$ROOT" "$ARCHIVES" "$@"
}

# as_op COMMAND: the shell COMMAND run as the user op in $ROOT, logged in
# (su -) with a UTF-8 locale, as on a desktop
as_op() { in_root su -s /bin/sh -c "LANG=C.UTF-8; export LANG; $1" - op; }

deb=$(ls "$DEB_DIR"/capphat_*_"$ARCH".deb 2>/dev/null | head -1)

test_expect_success 'make deb made one package' '
    test -n "$deb" && test -f "$deb" &&
    test "$(ls "$DEB_DIR"/capphat_*_"$ARCH".deb | wc -l)" = 1 &&
    dpkg-deb -f "$deb" Package | grep -x capphat &&
    dpkg-deb -x "$deb" x
'

test_expect_success 'its version and changelog come from CHANGELOG.md' '
    set -- $("$SRC_DIR/scripts/version.sh") &&
    test "$(dpkg-deb -f "$deb" Version)" = "$1" &&
    test "$(basename "$deb")" = "capphat_$1_$ARCH.deb" &&
    zcat x/usr/share/doc/capphat/changelog.gz >changelog &&
    release=$(sed -n "s/^## \[\([0-9][0-9.]*\)\] - .*/\1/p" "$SRC_DIR/CHANGELOG.md" | head -1) &&
    grep "^capphat ($release) bookworm; urgency=medium$" changelog &&
    head -1 changelog | grep "^capphat ($1) " &&
    grep -F "$(sed -n "s/^- \(.\{20\}\).*/\1/p" "$SRC_DIR/CHANGELOG.md" | tail -1 | tr -d "\`")" changelog
'

test_expect_success 'its files: the program, messages, manuals, desktop entry, icon, docs' '
    dpkg-deb -c "$deb" | awk "{ print \$6 }" | grep -v "/$" | LC_ALL=C sort >files &&
    cat >want <<-EOF &&
	./usr/bin/capphat
	./usr/share/applications/capphat.desktop
	./usr/share/doc/capphat/README.md.gz
	./usr/share/doc/capphat/changelog.gz
	./usr/share/doc/capphat/copyright
	./usr/share/icons/hicolor/scalable/apps/capphat.svg
	./usr/share/locale/vi/LC_MESSAGES/capphat.mo
	./usr/share/man/man1/capphat.1.gz
	./usr/share/man/vi/man1/capphat.1.gz
	EOF
    test_cmp want files &&
    ! strings x/usr/bin/capphat | grep -F CAPPHAT_TODAY &&
    desktop-file-validate x/usr/share/applications/capphat.desktop
'

test_expect_success 'Depends: the package of every library capphat is linked with' '
    dpkg-deb -f "$deb" Depends | tr "," "\n" | sed "s/^ *//; s/ .*//" >depends &&
    readelf -d x/usr/bin/capphat | sed -n "s/.*(NEEDED).*\[\(.*\)\]/\1/p" >needed &&
    test -s needed &&
    ldd x/usr/bin/capphat >ldd &&
    while read -r lib; do
        path=$(awk -v l="$lib" "\$1 == l { print \$3 }" ldd) &&
        test -n "$path" &&
        pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")") &&
        pkg=$(echo "$pkg" | head -1 | sed "s/[:,].*//") &&
        test -n "$pkg" &&
        grep -qxF "$pkg" depends || { echo "$lib ($pkg) is not in Depends" >&2; return 1; }
    done <needed &&
    grep -x "fonts-liberation2" depends
'

test_expect_success 'Depends: nothing that only builds or tests capphat' '
    ! grep -E -e "-dev$" -e "^(build-essential|gcc|make|pkg-config|pkgconf|gettext|debhelper|lintian|tmux|python3.*|cmocka|valgrind|strace|clang|poppler-utils|sqlite3|cups-daemon|cups-client|desktop-file-utils|debootstrap)$" depends
'

test_expect_success 'a clean Debian 12 root (debootstrap minbase, made once)' '
    if [ ! -f "$BASE/.capphat-base-ok" ]; then
        rm -rf "$BASE" && mkdir -p "$CACHE" &&
        debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 || {
            tail -20 "$CACHE/debootstrap.log" >&2; return 1
        }
        security=$(echo "$MIRROR" | sed "s|/debian/*$|/debian-security|") &&
        printf "%s\n" "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
            "deb $security bookworm-security main" >"$BASE/etc/apt/sources.list" &&
        cp /etc/resolv.conf "$BASE/etc/resolv.conf" &&
        mkdir -p "$ARCHIVES/partial" &&
        ROOT=$BASE in_root apt-get update -qq &&
        ROOT=$BASE in_root apt-get install -y -qq --no-install-recommends man-db >/dev/null &&
        ROOT=$BASE in_root useradd -m -s /bin/sh op &&
        touch "$BASE/.capphat-base-ok"
    fi &&
    mkdir -p "$ARCHIVES/partial" &&
    cp -a "$BASE" "$ROOT" &&
    cp /etc/resolv.conf "$ROOT/etc/resolv.conf" &&
    ! in_root dpkg -s capphat >/dev/null 2>&1 &&
    in_root dpkg-query -W -f "\${Package}\n" | sort >before &&
    ! grep -x -e libsqlite3-0 -e libxlsxwriter4 -e fonts-liberation2 before
'

test_expect_success 'apt-get install ./capphat_*.deb brings what capphat needs' '
    cp "$deb" "$ROOT/tmp/" &&
    in_root apt-get install -y -qq "/tmp/$(basename "$deb")" >apt.log 2>&1 ||
        { tail -30 apt.log >&2; return 1; } &&
    in_root dpkg-query -W -f "\${Package}\n" | sort >after &&
    comm -13 before after >new &&
    grep -x capphat new && grep -x fonts-liberation2 new && grep -x libxlsxwriter4 new &&
    ! grep -E -e "-dev$" -e "^(gcc.*|make|tmux|python3.*|valgrind|libcmocka0|poppler-utils|debhelper|lintian)$" new &&
    test -x "$ROOT/usr/bin/capphat" && test -x "$ROOT/usr/bin/locale"
'

test_expect_success 'installed: capphat --version, init, demo and check, for a user, in Vietnamese' '
    as_op "capphat --version" >out &&
    test "$(cat out)" = "capphat $(dpkg-deb -f "$deb" Version) ($(sed -n "s/.*(\(commit [^)]*\))/\1/p" out))" &&
    head -1 out | grep -E "\(commit [0-9a-f]{12}(-dirty)?\)$" &&
    as_op "capphat init" >out &&
    grep -F "đã tạo /home/op/.local/share/capphat/capphat.db" out &&
    as_op "capphat demo --persons 30 --seed 3" >out &&
    grep -F "30 người" out &&
    as_op "capphat check" >out &&
    head -1 out | grep "^ok: " &&
    ls "$ROOT/home/op/.local/share/capphat/backups" | grep "^capphat-[0-9-]*\.db$"
'

test_expect_success 'installed: capphat opens the full-screen program in Vietnamese on a new database' '
    in_root useradd -m -s /bin/sh op2 &&
    cat >capphat-in-root <<-EOF &&
	#!/bin/sh
	exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin unshare -m sh -c '"'"'
	    mount -t proc proc "\$1/proc" && mount --rbind /dev "\$1/dev" &&
	    exec chroot "\$1" su -s /bin/sh -c "LANG=C.UTF-8 TERM=xterm-256color; export LANG TERM; capphat" - op2
	'"'"' sh "$ROOT"
	EOF
    chmod +x capphat-in-root &&
    CAPPHAT_BIN=$TEST_DIR/capphat-in-root tui_start &&
    tui_wait "Tổng quan" &&
    tui_wait "Người nhận" &&
    tui_quit &&
    test -f "$ROOT/home/op2/.local/share/capphat/capphat.db" &&
    test "$(stat -c %U "$ROOT/home/op2/.local/share/capphat/capphat.db")" = \
        "$(stat -c %U "$ROOT/home/op2")"
'

test_expect_success 'installed: a receipt as PDF, with the fonts the package brought' '
    as_op "capphat receipt 1 -o /home/op/bien-ban.pdf --final" >out 2>err &&
    head -c 5 "$ROOT/home/op/bien-ban.pdf" | grep -F "%PDF-" &&
    pdftotext "$ROOT/home/op/bien-ban.pdf" - | grep -F "BIÊN BẢN BÀN GIAO"
'

test_expect_success 'installed: man capphat and man -L vi capphat' '
    as_op "MANWIDTH=100 man capphat" >man.en 2>err &&
    grep -x SYNOPSIS man.en &&
    as_op "MANWIDTH=100 man -L vi capphat" >man.vi 2>err &&
    grep -x "TÓM TẮT" man.vi &&
    test -f "$ROOT/usr/share/applications/capphat.desktop" &&
    test -f "$ROOT/usr/share/icons/hicolor/scalable/apps/capphat.svg"
'

test_expect_success 'apt-get remove and dpkg --purge leave the database and backups untouched' '
    (cd "$ROOT/home/op" && find . -type f | LC_ALL=C sort | xargs sha256sum) >kept &&
    grep -F ".local/share/capphat/capphat.db" kept && grep -F "/backups/" kept &&
    in_root apt-get remove -y -qq capphat >apt.log 2>&1 &&
    test ! -e "$ROOT/usr/bin/capphat" &&
    (cd "$ROOT/home/op" && sha256sum -c --quiet "$TEST_DIR/kept") &&
    in_root dpkg --purge capphat >apt.log 2>&1 &&
    ! in_root dpkg -s capphat >/dev/null 2>&1 &&
    (cd "$ROOT/home/op" && find . -type f | LC_ALL=C sort | xargs sha256sum) >still &&
    test_cmp kept still
'

test_done

#!/bin/sh
# Installs the Debian packages capphat needs to build, run, test and
# package (make deb, make deb-test: debhelper, lintian, debootstrap...).
# The Debian package itself depends only on what the program needs to run
# (debian/control).
# Does nothing (and asks for nothing) when every package is already present.
set -eu

PACKAGES="
build-essential pkg-config
libncurses-dev libsqlite3-dev libxlsxwriter-dev libpq-dev postgresql
libcairo2-dev libpango1.0-dev libqrencode-dev
libutf8proc-dev libicu-dev libcsv-dev libminizip-dev libexpat1-dev libfreexl-dev
libcups2-dev libssl-dev gettext libcmocka-dev
sqlite3 tmux python3 python3-openpyxl poppler-utils
fonts-liberation fonts-liberation2 fontconfig
cups-daemon cups-client
clang clang-format libclang-rt-14-dev valgrind strace locales
man-db desktop-file-utils
dpkg-dev debhelper lintian debootstrap
"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-deps: not root and no sudo; install these packages:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

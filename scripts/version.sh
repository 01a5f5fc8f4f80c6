#!/bin/sh
# Prints "VERSION COMMIT DATE" for the build: what `capphat --version`
# shows, the version of the Debian package and the date on the manual.
#
#   VERSION  the newest release in CHANGELOG.md ("## [0.1.0] - 2026-12-02");
#            when "## [Unreleased]" lists changes, a snapshot after it:
#            0.1.0+git202612021830.19142c3 (the commit's UTC time and hash,
#            so that Debian orders snapshots after the release and by time)
#   COMMIT   the commit the sources are (12 hex digits), "-dirty" when
#            tracked files differ from it, "unknown" outside git
#   DATE     the commit's date (YYYY-MM-DD), else the release's
#
# A source tree made by `make deb` has no .git: the values computed where
# it was made are in its .tarball-version, which wins when present.
set -eu
cd "$(dirname "$0")/.."

if [ -f .tarball-version ]; then
    cat .tarball-version
    exit 0
fi

release=$(sed -n 's/^## \[\([0-9][0-9.]*\)\] - \([0-9-]*\).*/\1 \2/p' CHANGELOG.md | head -1)
version=${release% *}
date=${release#* }
if [ -z "$release" ]; then
    version=0.0.0
    date=1970-01-01
fi
# changes listed under [Unreleased], before the next section
unreleased=$(awk '/^## /{s = ($0 ~ /^## \[Unreleased\]/)} s && /^- /{n++} END{print n + 0}' CHANGELOG.md)

commit=unknown
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
    [ "$(git rev-parse --show-toplevel)" = "$(pwd -P)" ]; then
    commit=$(git rev-parse --short=12 HEAD)
    date=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%d)
    if [ "$unreleased" -gt 0 ]; then
        stamp=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d%H%M)
        version="$version+git$stamp.$(git rev-parse --short=7 HEAD)"
    fi
    if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        commit="$commit-dirty"
    fi
fi
echo "$version $commit $date"

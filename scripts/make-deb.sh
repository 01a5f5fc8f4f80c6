#!/bin/sh
# make-deb.sh DIR: `make deb`. Copies the sources to DIR/capphat-VERSION
# (the files git knows, with their changes not yet committed, so that what
# is packaged is what `make` builds here), records the version and commit
# there (.tarball-version), writes debian/changelog from CHANGELOG.md, and
# builds the binary package with dpkg-buildpackage. The package lands in
# DIR (DIR/capphat_VERSION_ARCH.deb); lintian then checks it, and any error
# fails. The source tree itself is left as it was.
set -eu
cd "$(dirname "$0")/.."
dir=$1
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac

set -- $(./scripts/version.sh)
version=$1 commit=$2 date=$3
arch=$(dpkg --print-architecture)
src=$dir/capphat-$version

rm -rf "$dir"
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked and new files, not the ignored ones (build folders); a
    # tracked file deleted here is not copied
    git ls-files -z --cached --others --exclude-standard |
        xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done; :' sh |
        tar --null -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude='./build*' --exclude=./.tarball-version -cf - . | tar -xf - -C "$src"
fi
echo "$version $commit $date" >"$src/.tarball-version"
./scripts/deb-changelog.sh "$version" "$date" >"$src/debian/changelog"

echo "deb: building capphat $version (commit $commit) in $src"
(cd "$src" && dpkg-buildpackage -b -us -uc -j"$(nproc 2>/dev/null || echo 1)") >"$dir/build.log" 2>&1 || {
    tail -40 "$dir/build.log" >&2
    echo "deb: dpkg-buildpackage failed; the whole log is $dir/build.log" >&2
    exit 1
}
deb=$dir/capphat_${version}_$arch.deb
[ -f "$deb" ] || { echo "deb: $deb was not made (see $dir/build.log)" >&2; exit 1; }

lintian --fail-on error --info "$dir/capphat_${version}_$arch.changes" >"$dir/lintian.log" 2>&1 || {
    cat "$dir/lintian.log" >&2
    echo "deb: lintian found errors" >&2
    exit 1
}
sed 's/^/lintian: /' "$dir/lintian.log"
echo "deb: $deb"

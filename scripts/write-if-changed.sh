#!/bin/sh
# write-if-changed.sh FILE TEXT: FILE holds TEXT (and a newline) afterwards,
# and keeps its time when it already did, so that make rebuilds what
# depends on FILE only when TEXT changes.
set -eu
mkdir -p "$(dirname "$1")"
if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then
    exit 0
fi
printf '%s\n' "$2" >"$1.tmp"
mv "$1.tmp" "$1"

#!/bin/sh
# deb-changelog.sh VERSION DATE > debian/changelog
#
# The Debian changelog, made from CHANGELOG.md: an entry per release
# ("## [0.1.0] - 2026-12-02"), newest first, its subsections (Added,
# Changed, Fixed, Security) as bullets and their lines below them. The
# changes under "## [Unreleased]", if any, make the first entry, with
# VERSION (a snapshot, scripts/version.sh) dated DATE and the distribution
# UNRELEASED. The maintainer is the one of debian/control.
set -eu
cd "$(dirname "$0")/.."
version=$1 date=$2

maintainer=$(sed -n 's/^Maintainer: *//p' debian/control)
[ -n "$maintainer" ] || { echo "deb-changelog: no Maintainer in debian/control" >&2; exit 1; }

# rfc2822 DATE: the date line of an entry, at noon UTC
rfc2822() {
    LC_ALL=C date -u -d "$1 12:00:00" '+%a, %d %b %Y %H:%M:%S +0000'
}

# Each section as "VERSION<TAB>DATE" then its text, for the entry writer.
LC_ALL=C awk -v snapshot="$version" -v snapdate="$date" '
    /^## \[Unreleased\]/ { print "@@ " snapshot " " snapdate " UNRELEASED"; next }
    /^## \[[0-9]/ {
        v = $2; gsub(/[][]/, "", v)
        print "@@ " v " " $4 " bookworm"
        next
    }
    /^## / { exit }
    /^### / { sub(/^### */, ""); print "** " $0; next }
    /^- / { sub(/^- */, ""); print "-- " $0; next }
    /^  [^ ]/ { sub(/^ */, ""); print "++ " $0; next }
' CHANGELOG.md >"${TMPDIR:-/tmp}/capphat-changelog.$$"
trap 'rm -f "${TMPDIR:-/tmp}/capphat-changelog.$$"' EXIT

# Writes the entries: a section with no line makes no entry.
LC_ALL=C awk -v maintainer="$maintainer" '
    function plain(s) {
        gsub(/`/, "", s)
        while (match(s, /\[[^]]*\]\([^)]*\)/)) {
            t = substr(s, RSTART + 1, RLENGTH - 2); sub(/\]\(.*$/, "", t)
            s = substr(s, 1, RSTART - 1) t substr(s, RSTART + RLENGTH)
        }
        return s
    }
    # words of s, wrapped at 78 columns, first line after lead, others after pad
    function wrap(s, lead, pad,    n, w, i, line, out) {
        n = split(plain(s), w, " ")
        line = lead
        out = ""
        for (i = 1; i <= n; i++) {
            if (length(line) + length(w[i]) + 1 > 78 && line != lead && line != pad) {
                out = out line "\n"
                line = pad
            }
            line = line ((line == lead || line == pad) ? "" : " ") w[i]
        }
        return out line
    }
    function flush_item() {
        if (item != "") { body = body wrap(item, "    - ", "      ") "\n"; item = "" }
    }
    function flush_entry() {
        flush_item()
        if (version != "" && body != "") {
            if (printed) print ""
            print "capphat (" version ") " dist "; urgency=medium"
            print ""
            printf "%s", body
            print ""
            cmd = "LC_ALL=C date -u -d \"" date " 12:00:00\" \"+%a, %d %b %Y %H:%M:%S +0000\""
            cmd | getline when
            close(cmd)
            print " -- " maintainer "  " when
            printed = 1
        }
        body = ""
    }
    /^@@ / { flush_entry(); version = $2; date = $3; dist = $4; next }
    /^\*\* / { flush_item(); sub(/^\*\* /, ""); heading = "  * " $0 ":\n"; next }
    /^-- / { flush_item(); if (heading != "") { body = body heading; heading = "" }
             sub(/^-- /, ""); item = $0; next }
    /^\+\+ / { sub(/^\+\+ /, ""); item = item " " $0; next }
    END { flush_entry() }
' "${TMPDIR:-/tmp}/capphat-changelog.$$"

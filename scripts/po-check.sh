#!/bin/sh
# scripts/po-check.sh — is the message catalogue complete and current?
#   1. po/capphat.pot holds exactly the messages that xgettext finds in
#      src/*/*.c now (else: make pot);
#   2. po/vi.po has every one of them (else: make po-update);
#   3. vi.po has no untranslated and no fuzzy message, and its printf
#      conversions match the msgids (msgfmt --check);
#   4. every translation is in Unicode NFC, as capphat stores text.
# Prints what is wrong and exits 1; "po: ok" and 0 otherwise.
#   scripts/po-check.sh [VI_PO [POT]]   check other files (tests/cli/t2800)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VI_PO=$(realpath "${1:-$ROOT/po/vi.po}")
POT=$(realpath "${2:-$ROOT/po/capphat.pot}")
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The msgids (and plurals, contexts) of a catalogue, one per line, sorted.
msgids() {
    msgattrib --no-obsolete --no-wrap --no-location "$1" |
        grep -E '^(msgctxt|msgid|msgid_plural) ' | grep -vx 'msgid ""' | LC_ALL=C sort -u
}

xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=ngettext:1,2 \
    --package-name=capphat -o "$tmp/fresh.pot" $(ls src/*/*.c | LC_ALL=C sort) || exit 1
msgids "$tmp/fresh.pot" >"$tmp/fresh"
msgids "$POT" >"$tmp/pot"
msgids "$VI_PO" >"$tmp/vi"

if ! cmp -s "$tmp/fresh" "$tmp/pot"; then
    echo "po: $POT is out of date with the sources (run 'make po-update'):"
    diff "$tmp/pot" "$tmp/fresh" | sed -n 's/^> /  new in the sources: /p; s/^< /  gone from the sources: /p' | head -40
    fail=1
fi
if ! cmp -s "$tmp/fresh" "$tmp/vi"; then
    echo "po: $VI_PO does not follow the sources (run 'make po-update'):"
    diff "$tmp/vi" "$tmp/fresh" | sed -n 's/^> /  missing from vi.po: /p; s/^< /  only in vi.po: /p' | head -40
    fail=1
fi

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$VI_PO" 2>&1) || {
    echo "po: msgfmt --check $VI_PO failed:"
    echo "$stats"
    fail=1
}
case $stats in
*fuzzy* | *untranslated*)
    echo "po: $VI_PO is not complete: $stats"
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$VI_PO" | grep '^msgid ' | head -20 | sed 's/^/  fuzzy: /'
    msgattrib --untranslated --no-obsolete --no-wrap "$VI_PO" | grep '^msgid ' | grep -vx 'msgid ""' |
        head -20 | sed 's/^/  untranslated: /'
    fail=1
    ;;
esac

# NFC: the same letters as NFC-normalised text (python3 of the system)
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$VI_PO" <<'EOF' || fail=1
import sys, unicodedata
bad = 0
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if line != unicodedata.normalize("NFC", line):
        print("po: %s line %d is not in Unicode NFC: %s" % (sys.argv[1], n, line.strip()))
        bad = 1
sys.exit(bad)
EOF
fi

[ $fail -eq 0 ] && echo "po: ok ($stats)"
exit $fail

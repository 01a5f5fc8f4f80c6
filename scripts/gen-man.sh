#!/bin/sh
# gen-man.sh BIN LANG TEMPLATE OUT VERSION DATE LOCALEDIR
#
# Writes the manual page OUT from TEMPLATE (man/capphat.*.1.in, the prose
# of one language) and what BIN prints for --help in LANG (en or vi): the
# synopsis, the list of commands, and a section per command and
# subcommand with its usage lines, description and options. The help
# comes from the command tables of the program, so the manual cannot
# drift from it (tests/cli/t2910-manual.sh compares the two).
#
# Placeholders in TEMPLATE: @SYNOPSIS@, @COMMAND_LIST@, @COMMANDS@ (each
# alone on its line), @VERSION@, @DATE@, @LOCALEDIR@.
set -eu
bin=$1 lang=$2 template=$3 out=$4 version=$5 date=$6 localedir=$7
case $bin in */*) ;; *) bin=./$bin ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/capphat-man.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The help of the program in LANG, whatever the caller's locale; the
# catalogue comes from next to BIN (BUILD/locale).
help() {
    env -u LC_ALL -u LC_MESSAGES -u LANG LANGUAGE="$lang" \
        CAPPHAT_LOCALEDIR="$(dirname "$bin")/locale" "$bin" "$@" --help
}

# roff.awk: the functions that turn help text into roff. Every awk here
# runs in the C locale: columns are counted in bytes, as printf pads them.
cat >"$tmp/roff.awk" <<'EOF'
# text as roff: backslashes doubled, a leading . or ' protected, and a
# hyphen that starts a word (an option: --force, -o) a minus sign
function esc(s,    r, i, c, p) {
    gsub(/\\/, "\\e", s)
    r = ""
    p = " "
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "-" && (p == " " || p == "(" || p == "[" || p == "-" || p == "'" || p == "\"" || p == "|"))
            r = r "\\-"
        else
            r = r c
        p = c
    }
    if (r ~ /^[.']/)
        r = "\\&" r
    return r
}
# a usage line: literal words (commands, options) bold, placeholders
# (FILE, ID, NAME...) italic, brackets and punctuation roman
function usage_line(s,    n, w, i, out, pre, core, post) {
    n = split(s, w, " ")
    out = ""
    for (i = 1; i <= n; i++) {
        pre = w[i]; sub(/[^[(].*$/, "", pre)
        core = substr(w[i], length(pre) + 1)
        post = core; sub(/^[^])|,;]*/, "", post)
        core = substr(core, 1, length(core) - length(post))
        if (core == "")
            out = out (i > 1 ? " " : "") esc(w[i])
        else if (core ~ /^-/ || (core !~ /[A-Z]/ && core ~ /^[a-z]/))
            out = out (i > 1 ? " " : "") esc(pre) "\\fB" esc(core) "\\fR" esc(post)
        else if (core ~ /[A-Z]/)
            out = out (i > 1 ? " " : "") esc(pre) "\\fI" esc(core) "\\fR" esc(post)
        else
            out = out (i > 1 ? " " : "") esc(w[i])
    }
    return out
}
EOF

# The main help: "WORD: capphat ..." (the usage line), a description, a
# heading ending in ":" and "  NAME  SUMMARY" per command, then notes.
help >"$tmp/main"
cat >"$tmp/main.awk" <<'EOF'
NR == 1 { sub(/^[^:]*: */, ""); print ".PP" >synopsis; print usage_line($0) >synopsis }
/^  [a-z]/ {
    name = $1
    print name >commands
    sub(/^  [a-z]+ +/, "")
    print ".TP 10" >list; print "\\fB" name "\\fR" >list; print esc($0) >list
}
EOF
LC_ALL=C awk -f "$tmp/roff.awk" -f "$tmp/main.awk" -v synopsis="$tmp/synopsis" \
    -v commands="$tmp/commands" -v list="$tmp/command_list" "$tmp/main"

# One section per command (or per subcommand of person, device, training).
# A command's help: "WORD: capphat ..." and more usage lines indented,
# a blank line, the description, a blank line, a heading ending in ":" and
# "  --option ARG  help" per option (--help left out: every command has it).
# A group's help lists "  SUB  summary" instead.
cat >"$tmp/section.awk" <<'EOF'
BEGIN { print ".SS \"" esc(title) "\""; part = "usage" }
NR == 1 { sub(/^[^:]*: */, ""); print ".PP"; print usage_line($0); next }
part == "usage" && /^ +[^ ]/ { sub(/^ +/, ""); print ".br"; print usage_line($0); next }
/^$/ { if (part == "usage") part = "text"; else if (part == "text") part = "options"; para = 0; next }
part == "text" && /:$/ { part = "list"; next }
part == "text" { if (!para) print ".PP"; para = 1; print esc($0); next }
part == "options" && /:$/ { part = "list"; next }
part == "list" && /^  -/ {
    s = substr($0, 3)
    if (length(s) > 25 && substr(s, 25, 1) == " " && substr(s, 26, 1) != " ") {
        left = substr(s, 1, 24); text = substr(s, 26)
    } else {
        left = s; sub(/  +.*$/, "", left); text = substr(s, length(left) + 1)
    }
    sub(/ +$/, "", left); sub(/^ +/, "", text)
    if (left == "--help") next
    n = split(left, w, " ")
    print ".TP"
    print "\\fB" esc(w[1]) "\\fR" (n > 1 ? " \\fI" esc(w[2]) "\\fR" : "")
    print esc(text)
}
EOF
section() {
    LC_ALL=C awk -f "$tmp/roff.awk" -f "$tmp/section.awk" -v title="$1"
}
: >"$tmp/sections"
while read -r cmd; do
    help "$cmd" >"$tmp/cmd"
    subs=$(LC_ALL=C awk 'NR > 1 && /^  [a-z]/ { print $1 }' "$tmp/cmd")
    if [ -n "$subs" ]; then
        for sub in $subs; do
            help "$cmd" "$sub" | section "$cmd $sub" >>"$tmp/sections"
        done
    else
        section "$cmd" <"$tmp/cmd" >>"$tmp/sections"
    fi
done <"$tmp/commands"

# The template with the placeholders filled in.
LC_ALL=C awk -v version="$version" -v date="$date" -v localedir="$localedir" \
    -v synopsis="$tmp/synopsis" -v list="$tmp/command_list" -v sections="$tmp/sections" '
    function put(f,    line) { while ((getline line < f) > 0) print line; close(f) }
    $0 == "@SYNOPSIS@" { put(synopsis); next }
    $0 == "@COMMAND_LIST@" { put(list); next }
    $0 == "@COMMANDS@" { put(sections); next }
    {
        gsub(/@VERSION@/, version); gsub(/@DATE@/, date); gsub(/@LOCALEDIR@/, localedir)
        print
    }
' "$template" >"$tmp/out"
mkdir -p "$(dirname "$out")"
mv "$tmp/out" "$out"

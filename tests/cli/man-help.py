#!/usr/bin/env python3
"""man-help.py BIN LANG PAGE.txt: the manual page says what --help says.

PAGE.txt is the manual page as man renders it (wide enough that no line
wraps). For every command of `BIN --help` in LANG, and every subcommand of
a command that has them, the page has a section headed by its name
("   person add") holding each usage line, the description and every
option with its argument and its help, as `BIN COMMAND [SUB] --help`
prints them (spaces aside). Prints one line per difference; exits 1 if any.
"""
import os
import re
import subprocess
import sys

binary, lang, page_file = sys.argv[1:4]
env = dict(os.environ, LANGUAGE=lang)
for k in ("LC_ALL", "LC_MESSAGES", "LANG"):
    env.pop(k, None)


def helptext(*args):
    out = subprocess.run([binary, *args, "--help"], env=env, check=True, capture_output=True, text=True)
    return out.stdout


def flat(s):
    return " ".join(s.split())


page = open(page_file, encoding="utf-8").read().splitlines()


def section(title):
    """The text of the section headed "   title", flattened, or None."""
    for i, line in enumerate(page):
        if line == "   " + title:
            body = []
            for line2 in page[i + 1:]:
                if re.match(r"^ {0,3}\S", line2):
                    break
                body.append(line2)
            return flat("\n".join(body))
    return None


def expected(text):
    """What a command's --help says: usage lines, paragraphs, options."""
    lines = text.splitlines()
    want = [flat(re.sub(r"^[^:]*:\s*", "", lines[0]))]
    i = 1
    while i < len(lines) and lines[i].startswith(" "):
        want.append(flat(lines[i]))
        i += 1
    para = []
    for line in lines[i:]:
        if re.match(r"^  -", line):
            if not line.lstrip().startswith("--help "):
                want.append(flat(line))
        elif line.strip() and not line.endswith(":"):
            para.append(line)
        elif para:
            want.append(flat(" ".join(para)))
            para = []
    if para:
        want.append(flat(" ".join(para)))
    return want


problems = []
main = helptext()
commands = re.findall(r"^  ([a-z]+) ", main, re.M)
if len(commands) < 10:
    problems.append("only %d commands in --help" % len(commands))
checked = 0
for cmd in commands:
    text = helptext(cmd)
    subs = re.findall(r"^  ([a-z]+) ", "\n".join(text.splitlines()[1:]), re.M)
    units = [(cmd + " " + s, helptext(cmd, s)) for s in subs] if subs else [(cmd, text)]
    for title, htext in units:
        body = section(title)
        if body is None:
            problems.append("no section '%s'" % title)
            continue
        for w in expected(htext):
            checked += 1
            if w not in body:
                problems.append("section '%s' lacks: %s" % (title, w))
for p in problems:
    print(p)
print("%d commands, %d lines of help compared" % (len(commands), checked))
sys.exit(1 if problems else 0)

#!/usr/bin/env python3
"""fnlen.py [LIMIT]: the functions of src/ of LIMIT lines or more (default
100), from the signature's line to the closing brace, longest first; exits 1
when there is one. make lint runs it: a function that long is several
functions."""
import glob
import re
import sys

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100
found = []
for path in sorted(glob.glob("src/*/*.c")):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if re.match(r"^[a-zA-Z_].*\)\s*$", lines[i]) and i + 1 < len(lines) and lines[i + 1] == "{":
            j = i + 1
            while j < len(lines) and lines[j] != "}":
                j += 1
            if j - i + 1 >= limit:
                found.append((j - i + 1, path, i + 1, lines[i]))
            i = j
        i += 1
for n, path, line, sig in sorted(found, reverse=True):
    print(f"{path}:{line}: {n} lines: {sig}")
sys.exit(1 if found else 0)

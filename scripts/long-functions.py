#!/usr/bin/env python3
"""List the functions in src/ longer than 80 lines (signature to closing brace), longest
first, and whether a `// Long: …` comment above them gives the reason. The code's
habit is that a function reads as the steps it takes; one over 80 lines either gets
split or says why not.

    python3 scripts/long-functions.py
"""
import os
import re
import sys

LIMIT = 80


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(pub(\([^)]*\))? )?(const )?(async )?fn (\w+)", line)
        if not m or line.rstrip().endswith(";"):
            continue
        indent, name = m.group(1), m.group(6)
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != indent + "}":
            j += 1
        k, reason = i - 1, False
        while k >= 0 and lines[k].strip().startswith(("#[", "//")):
            reason |= "Long:" in lines[k]
            k -= 1
        yield j - i + 1, i + 1, name, reason


def main():
    found = []
    for root, _, files in os.walk("src"):
        for f in files:
            if f.endswith(".rs"):
                p = os.path.join(root, f)
                for n, line, name, reason in functions(p):
                    if n > LIMIT:
                        found.append((n, f"{p}:{line}", name, reason))
    for n, at, name, reason in sorted(found, reverse=True):
        print(f"{n:4} {at} {name}{'' if reason else '  (no reason given)'}")
    missing = sum(1 for f in found if not f[3])
    print(f"{len(found)} functions over {LIMIT} lines, {missing} without a reason")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes a syntactically and semantically valid Incan program of about N lines
(default 100000) to stdout, for measuring `incan check` throughput."""
import sys

lines = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = []
i = 0
while len(out) < lines - 12:
    out += [
        f"def f{i}(a: int, b: float, s: str) -> int:",
        f'    """Function number {i}."""',
        f"    mut total = a * 2 + {i}",
        f"    xs = [a, a + 1, a + 2]",
        f"    for x in xs:",
        f"        if x % 2 == 0 and b > 1.5:",
        f"            total += x // 2",
        f"        elif len(s) > 3:",
        f'            total -= len(s.upper())',
        f"    msg = f\"{{s}}: {{total}} {{b:?}}\"",
        f"    return total + len(msg)",
        "",
    ]
    i += 1
out += ["def main() -> None:", f"    println(f0(1, 2.0, \"abc\"))", ""]
sys.stdout.write("\n".join(out) + "\n")

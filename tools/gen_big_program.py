#!/usr/bin/env python3
"""Writes a syntactically and semantically valid Incan program of about N lines
(default 100000) to stdout, for measuring `incan check` throughput.

    gen_big_program.py [N] [--shape small|large] [--functions F]

Shapes:
  small  many small functions (12 lines each: a loop, branches, an f-string).
  large  F functions (default 50) of about N / F lines each, all `async def`: nested
         `if`/`elif`/`else`, `match` on ints and options, `for` and `while` loops, and
         JoinHandles and coroutines moved (awaited) on some paths and not others, so
         the move checker saves, restores and merges its state at every branch.
"""
import argparse
import sys


def small(lines):
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
    return out


def large_block(j):
    """One stretch of a large function (about 45 lines); `n` and `total` are in scope."""
    return [
        f"    h{j} = spawn(work(n + {j}))",
        f"    c{j} = work(n * {j % 7 + 1})",
        f"    mut acc{j} = {j}",
        f"    if n % 3 == {j % 3}:",
        f"        r{j} = await h{j}",
        f"        acc{j} += r{j}.unwrap()",
        f"        if acc{j} > 10:",
        f"            return acc{j} - await c{j}",
        f"        else:",
        f"            acc{j} += 1",
        f"    elif n > {j}:",
        f"        for i in range(3):",
        f"            if i == 1:",
        f"                acc{j} += i",
        f"            elif i == 2:",
        f"                acc{j} -= 1",
        f"            else:",
        f"                acc{j} = acc{j} * 2",
        f"        acc{j} += (await h{j}).unwrap_or(0)",
        f"    else:",
        f"        h{j}.abort()",
        f"        while acc{j} > 100:",
        f"            acc{j} = acc{j} // 2",
        f"    match acc{j} % 4:",
        f"        0 => acc{j} += await c{j}",
        f"        1 =>",
        f"            if acc{j} > 5:",
        f"                acc{j} += 2",
        f"            else:",
        f"                acc{j} -= 2",
        f"            total += acc{j}",
        f"        _ => total -= 1",
        f"    opt{j}: Option[int] = Some(acc{j})",
        f"    match opt{j}:",
        f"        Some(v) =>",
        f"            if v % 2 == 0:",
        f"                total += v",
        f"            else:",
        f"                total -= v",
        f"        None => pass",
        f"    mut k{j} = 0",
        f"    while k{j} < 2:",
        f"        k{j} += 1",
        f"        total += k{j}",
        "",
    ]


def large(lines, functions):
    out = ["import std.async", "from std.async.task import spawn", "",
           "async def work(n: int) -> int:", "    return n + 1", ""]
    block_len = len(large_block(0))
    j = 0
    for f in range(functions):
        # Spread what is left over the functions still to write.
        target = len(out) + (lines - 3 - len(out)) // (functions - f)
        out += [f"async def big{f}(n: int) -> int:", "    mut total = n"]
        first = True
        while first or len(out) + block_len // 2 + 2 <= target:
            out += large_block(j)
            j += 1
            first = False
        out += ["    return total", ""]
    out += ["async def main() -> None:", "    println(await big0(1))", ""]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lines", nargs="?", type=int, default=100_000)
    ap.add_argument("--shape", choices=["small", "large"], default="small")
    ap.add_argument("--functions", type=int, default=50)
    args = ap.parse_args()
    out = small(args.lines) if args.shape == "small" else large(args.lines, args.functions)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

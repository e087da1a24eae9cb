#!/usr/bin/env python3
"""Writes data/float_format.tsv: expected Display and Debug text of ~2000 doubles.

The expectations come from Python alone, never from the code under test: repr()
gives the shortest round-trip digits (the same digits Rust prints), and the
decimal module lays them out.
  * Display (Rust `{}`): the shortest decimal written positionally, no exponent,
    no `.0` for integral values; `NaN`, `inf`, `-inf`, `-0` for negative zero.
  * Debug (Rust `{:?}`): positional with at least one fractional digit, except
    exponent form `d.ddde-N` when x != 0 and (|x| < 1e-4 or |x| >= 1e16).

Each line is `<IEEE-754 bits as 16 hex digits>\t<display>\t<debug>`. The sample is
deterministic (fixed seed); rerun after changing it:

    python3 tests/unit/std/gen_float_table.py > tests/unit/std/data/float_format.tsv
"""
import math
import random
import struct
from decimal import Decimal


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def shortest(x):
    """The shortest round-trip decimal of finite x, as a normalized Decimal."""
    return Decimal(repr(x)).normalize()


def display(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = format(shortest(x), "f")
    if x == 0 and math.copysign(1.0, x) < 0 and not text.startswith("-"):
        text = "-" + text
    return text


def debug(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x != 0 and (abs(x) < 1e-4 or abs(x) >= 1e16):
        return format(shortest(x), "e").replace("e+", "e")
    text = display(x)
    return text if "." in text else text + ".0"


def samples():
    rng = random.Random(20240611)
    out = [
        0.0, -0.0, 1.0, -1.0, 20.0, 0.5, 0.1, 0.2, 0.1 + 0.2, 100.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0,
        1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 1e-4, 1e-5, 1e-7, -1e-7, 1.5e-5, 0.0001, 0.00012,
        1.2345678901234568e17, 9999999999999998.0, 9007199254740992.0, 9007199254740993.0,
        2.0 ** 63, 2.0 ** 64, -(2.0 ** 63), 1e300, 1e308, 1.7976931348623157e308,
        -1.7976931348623157e308, 5e-324, -5e-324, 2.2250738585072014e-308,
        2.225073858507201e-308, 123456789012345680.0, 33.333333333333336, 5.333333333333336,
        1089.96, 999.99, 89.97, 3.14, 75.0, 24.0, 12.0, 1e-323, 4.9406564584124654e-324,
        float("nan"), float("inf"), float("-inf"), 0.30000000000000004, 1.0 - 2.0 ** -53,
        1.0 + 2.0 ** -52, 123.456, -987654.321, 6.02214076e23, 6.62607015e-34, 299792458.0,
    ]
    # Each threshold and its neighbours.
    for t in (1e-4, 1e16, 1e21, 1.0, 0.1):
        x = t
        for _ in range(3):
            x = math.nextafter(x, 0.0)
        for _ in range(7):
            out.append(x)
            out.append(-x)
            x = math.nextafter(x, math.inf)
    # Powers of ten and of two across the whole range.
    for e in range(-323, 309, 5):
        out.append(float(f"1e{e}"))
    for e in range(-1074, 1024, 29):
        out.append(2.0 ** e)
    # Uniformly random bit patterns: every magnitude, full 17-digit mantissas.
    while len(out) < 700:
        x = from_bits(rng.getrandbits(64))
        if math.isfinite(x):
            out.append(x)
    # Realistic values: few significant digits in common decades.
    for _ in range(700):
        decade = rng.randint(-8, 22)
        digits = rng.randint(1, 17)
        mantissa = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
        x = float(f"{mantissa}e{decade - digits + 1}")
        out.append(-x if rng.random() < 0.3 else x)
    # Results of arithmetic: small quotients and sums.
    for _ in range(400):
        a = rng.randint(-10000, 10000)
        b = rng.randint(1, 999)
        out.append(a / b)
    for _ in range(200):
        out.append(rng.uniform(-1000.0, 1000.0) * 10.0 ** rng.randint(-6, 6))
    return out


def main():
    seen = set()
    for x in samples():
        b = bits(x)
        if b in seen:
            continue
        seen.add(b)
        print(f"{b:016x}\t{display(x)}\t{debug(x)}")


if __name__ == "__main__":
    main()

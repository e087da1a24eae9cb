#!/usr/bin/env python3
"""Builds and runs every benchmark once at a tiny size, so they cannot rot.

    python3 tools/bench/smoke.py --incan BUILD/bin/incan --rt-bench BUILD/.../rt_bench \
        --chan-bench BUILD/.../chan_bench --work SCRATCH_DIR [--cxx g++]

Checks, for each program run:
  - tools/bench/runtime: rt_bench and chan_bench, every workload at a tiny size: exit 0
    and exactly one stdout line of the peers' protocol
      runtime=ours workload=W n=N checksum=C elapsed_s=E cpu_s=C
    with W and N as asked and C the workload's closed-form checksum
    (../shared/bench/peers/README.md, "Workload definitions");
  - tools/bench/incan/bench.incn, built by the driver, the same for its eight workloads;
  - tools/bench/codegen: each NAME.incn built by the driver and NAME.cpp built by the
    C++ compiler; both exit 0 and print one `checksum=<integer>` line, the same one.
Sizes are tiny: the point is that everything builds and answers correctly, not speed.
Exit status: 0 when all pass; 1 with one line per failure. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = re.compile(
    r"^runtime=ours workload=(?P<w>[a-z_]+) n=(?P<n>\d+) checksum=(?P<c>\d+) "
    r"elapsed_s=(?P<e>\d+(\.\d+)?([eE][-+]?\d+)?) cpu_s=(?P<cpu>\d+(\.\d+)?([eE][-+]?\d+)?)$"
)


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


# workload -> (tiny size, closed-form checksum of that size)
def expected(workload: str, n: int) -> int:
    return {
        "noop": lambda: 0,
        "spawn_join": lambda: n * (n - 1) // 2,
        "mpsc": lambda: n * (n - 1) // 2,
        "ping_pong": lambda: 2 * n,
        "oneshot_rpc": lambda: n * (n + 1) // 2,
        "timers": lambda: sum(i % 100 + 1 for i in range(n)),
        "idle_tasks": lambda: n * (n - 1) // 2,
        "mutex": lambda: 4 * n,
        "fib": lambda: fib(n),
    }[workload]()


TINY = {
    "noop": 0, "spawn_join": 1000, "mpsc": 4000, "ping_pong": 500, "oneshot_rpc": 500,
    "timers": 150, "idle_tasks": 1000, "mutex": 1000, "fib": 20,
}
RT_BENCH = ["noop", "spawn_join", "timers", "fib"]
CHAN_BENCH = ["noop", "mpsc", "ping_pong", "oneshot_rpc", "idle_tasks", "mutex"]
INCAN_BENCH = ["spawn_join", "mpsc", "ping_pong", "oneshot_rpc", "timers", "idle_tasks", "mutex", "fib"]
CODEGEN = {"fib": ["38"], "lists": ["1000000"]}  # the C++ side's arguments (the .incn has them built in)

failures: list[str] = []


def run(argv: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def check_protocol(label: str, argv: list[str], workload: str, n: int, env: dict[str, str] | None = None) -> None:
    try:
        r = run(argv + [workload, str(n)], env)
    except subprocess.TimeoutExpired:
        failures.append(f"{label} {workload} {n}: timed out")
        return
    lines = r.stdout.splitlines()
    if r.returncode != 0:
        failures.append(f"{label} {workload} {n}: exit {r.returncode}; stderr: {r.stderr.strip()[:500]}")
        return
    if len(lines) != 1:
        failures.append(f"{label} {workload} {n}: {len(lines)} stdout lines, 1 expected: {r.stdout[:500]!r}")
        return
    m = PROTOCOL.match(lines[0])
    if not m:
        failures.append(f"{label} {workload} {n}: not a protocol line: {lines[0]!r}")
        return
    if m["w"] != workload or int(m["n"]) != n:
        failures.append(f"{label} {workload} {n}: the line names workload={m['w']} n={m['n']}")
    if int(m["c"]) != expected(workload, n):
        failures.append(f"{label} {workload} {n}: checksum {m['c']}, expected {expected(workload, n)}")
    print(f"ok   {label}: {lines[0]}")


def build_incan(incan: str, source: Path, out: Path) -> bool:
    r = run([incan, "build", "-O2", str(source), "-o", str(out)], timeout=600)
    if r.returncode != 0:
        failures.append(f"incan build {source.relative_to(ROOT)}: exit {r.returncode}; {r.stderr.strip()[:1000]}")
        return False
    return True


def checksum_line(label: str, argv: list[str]) -> str | None:
    r = run(argv)
    lines = r.stdout.splitlines()
    if r.returncode != 0 or len(lines) != 1 or not re.fullmatch(r"checksum=-?\d+", lines[0]):
        failures.append(f"{label}: exit {r.returncode}, stdout {r.stdout[:300]!r} (one `checksum=<int>` line expected)")
        return None
    return lines[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incan", required=True)
    ap.add_argument("--rt-bench", required=True)
    ap.add_argument("--chan-bench", required=True)
    ap.add_argument("--work", required=True, help="scratch directory for built programs")
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)

    for w in RT_BENCH:
        check_protocol("rt_bench", [a.rt_bench], w, TINY[w])
    for w in CHAN_BENCH:
        check_protocol("chan_bench", [a.chan_bench], w, TINY[w])

    bench_bin = work / "bench_incan"
    if build_incan(a.incan, ROOT / "tools/bench/incan/bench.incn", bench_bin):
        for w in INCAN_BENCH:
            check_protocol("bench.incn", [str(bench_bin)], w, TINY[w], env={"INCAN_WORKERS": "2"})

    for name, cpp_args in CODEGEN.items():
        incan_bin, cpp_bin = work / f"{name}_incan", work / f"{name}_cpp"
        if not build_incan(a.incan, ROOT / f"tools/bench/codegen/{name}.incn", incan_bin):
            continue
        r = run([a.cxx, "-O2", "-std=c++20", str(ROOT / f"tools/bench/codegen/{name}.cpp"), "-o", str(cpp_bin)],
                timeout=300)
        if r.returncode != 0:
            failures.append(f"{a.cxx} {name}.cpp: exit {r.returncode}; {r.stderr.strip()[:1000]}")
            continue
        ours = checksum_line(f"codegen {name}_incan", [str(incan_bin)])
        theirs = checksum_line(f"codegen {name}_cpp", [str(cpp_bin)] + cpp_args)
        if ours is not None and theirs is not None:
            if ours != theirs:
                failures.append(f"codegen {name}: incan printed {ours}, C++ printed {theirs}")
            else:
                print(f"ok   codegen {name}: {ours} (incan and C++ agree)")

    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

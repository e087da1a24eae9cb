#!/usr/bin/env python3
"""Throughput of `incan check`: lines per second on generated programs of two shapes.

    tools/bench/check/run.py                   # sizes 25k 50k 100k 200k, both shapes, best of 3
    tools/bench/check/run.py --runs 5 --sizes 50000,400000 --shapes large
    INCAN=path/to/incan tools/bench/check/run.py

Shapes (tools/gen_big_program.py): `small`, many 12-line functions; `large`, 50 async
functions of size/50 lines each, with nested branches, matches, loops and moved
handles. Every program must check with exit 0 and print nothing, else the script fails.

For each size and shape it prints the best of the runs: wall time, CPU time (user +
system of the child, from wait4) and user time, lines/s for each, and how much the
user time grew from the previous size (x2.00 is linear when the sizes double). CPU
time is the figure to compare on a busy machine, wall time is what a user waits on an
idle one; system time is mostly page faults, whose cost on a virtual machine varies
with the host, so user time shows the checker's own scaling best.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
GEN = os.path.join(ROOT, "tools", "gen_big_program.py")


def generate(path, lines, shape):
    with open(path, "w") as out:
        subprocess.run([sys.executable, GEN, str(lines), "--shape", shape], stdout=out, check=True)
    with open(path) as f:
        return sum(1 for _ in f)


def run_check(incan, path):
    """One `incan check`: (wall, CPU, user) seconds. Fails unless it is silent and exits 0."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([incan, "check", path], stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0 or text:
        sys.exit(f"run.py: `incan check {path}` exited {proc.returncode}:\n{text[:2000]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_utime


def main():
    ap = argparse.ArgumentParser(description="incan check throughput")
    ap.add_argument("--incan", default=os.environ.get("INCAN", os.path.join(ROOT, "build", "bin", "incan")))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="25000,50000,100000,200000")
    ap.add_argument("--shapes", default="small,large")
    args = ap.parse_args()
    if not os.access(args.incan, os.X_OK):
        sys.exit(f"run.py: no incan driver at {args.incan} (build it, or pass --incan)")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"incan check, best of {args.runs}; load average {os.getloadavg()[0]:.2f}")
    print("| shape | lines | wall s | lines/s (wall) | CPU s | lines/s (CPU) | user s | lines/s (user) | user growth |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            prev = None
            for size in sizes:
                path = os.path.join(tmp, f"{shape}_{size}.incn")
                lines = generate(path, size, shape)
                runs = [run_check(args.incan, path) for _ in range(args.runs)]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                user = min(r[2] for r in runs)
                growth = f"x{user / prev:.2f}" if prev else ""
                print(f"| {shape} | {lines} | {wall:.3f} | {lines / wall:,.0f} | {cpu:.3f} | "
                      f"{lines / max(cpu, 1e-6):,.0f} | {user:.3f} | {lines / max(user, 1e-6):,.0f} | {growth} |",
                      flush=True)
                prev = user
                os.remove(path)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`incan check` must take time linear in the program's size.

    check_scaling.py INCAN [--small N] [--ratio R] [--runs K]

For each program shape of tools/gen_big_program.py (`small`: many small functions;
`large`: 50 large async functions with nested branches, matches, loops and moved
handles), generates programs of N and 2N lines (default 100k and 200k) and checks:

  - both check with exit status 0 and print nothing (the programs are valid);
  - user CPU time at 2N <= R x user CPU time at N (default R = 2.5; linear is 2.0,
    and the caches alone give 2.0-2.2 here once the working set outgrows them).

Times are the user CPU time of the child (from wait4); the verdict is the median of K
paired ratios (default 7), each pair checking N and then 2N back to back, so a busy
machine slows the wall clock but not the verdict. System time is left
out: it is mostly page faults, whose cost on a virtual machine depends on the host
(2N's can be 3x N's from one run to the next) and not on the checker's algorithms.
A checker that is quadratic anywhere shows a ratio towards 4 (copying the move
checker's state at every branch gave 3.1-3.4 here).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GEN = os.path.join(ROOT, "tools", "gen_big_program.py")


def cpu_check(incan, path):
    """User CPU seconds of one `incan check path`; None and a message when it is not clean."""
    with tempfile.TemporaryFile() as out:
        # Small pages only: whether the kernel has huge pages free varies from run to
        # run and moves user time by up to 2x (TLB misses); the algorithms do not.
        env = dict(os.environ, INCAN_HUGE_PAGES="0")
        proc = subprocess.Popen([incan, "check", path], stdout=out, stderr=out, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if code != 0 or text:
        return None, f"`incan check {os.path.basename(path)}` exited {code}, output:\n{text[:3000]}"
    return usage.ru_utime, ""


def main():
    ap = argparse.ArgumentParser(description="incan check scales linearly")
    ap.add_argument("incan")
    ap.add_argument("--small", type=int, default=100_000, help="the smaller size in lines")
    ap.add_argument("--ratio", type=float, default=2.5)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ("small", "large"):
            paths = []
            for lines in (args.small, 2 * args.small):
                path = os.path.join(tmp, f"{shape}_{lines}.incn")
                with open(path, "w") as f:
                    subprocess.run([sys.executable, GEN, str(lines), "--shape", shape], stdout=f, check=True)
                paths.append(path)
            # Paired runs, N then 2N back to back, and the median of the pairs' ratios: the
            # speed of a virtual machine drifts between moments (the same check can take
            # 60% longer a few seconds later), and a pair sees the same moment.
            ratios, smalls, larges = [], [], []
            for _ in range(args.runs):
                pair = []
                for path in paths:
                    cpu, error = cpu_check(args.incan, path)
                    if cpu is None:
                        failures.append(f"{shape}, {os.path.basename(path)}: {error}")
                        break
                    pair.append(cpu)
                if len(pair) < 2:
                    break
                smalls.append(pair[0])
                larges.append(pair[1])
                ratios.append(pair[1] / max(pair[0], 1e-6))
            if len(ratios) < args.runs:
                continue
            times = [statistics.median(smalls), statistics.median(larges)]
            ratio = statistics.median(ratios)
            verdict = "ok" if ratio <= args.ratio else "TOO SLOW"
            print(f"{shape}: {args.small} lines {times[0]:.3f} s user, {2 * args.small} lines {times[1]:.3f} s user, "
                  f"ratio {ratio:.2f} (limit {args.ratio}) {verdict}")
            if ratio > args.ratio:
                failures.append(f"{shape}: doubling the program multiplied the check time by {ratio:.2f} "
                                f"(more than {args.ratio}): something in `incan check` grows faster than linearly")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Check the example programs of docs/*.md against the compiler.

Usage: check_docs.py INCAN [--docs DIR] [--keep] [-k SUBSTRING]

Every fenced block tagged ```incan is a whole program. It is built with
`INCAN build` and run. If the next fenced block (only blank lines between) is tagged
```output, the program's standard output followed by its standard error must equal
it exactly; otherwise the program must print nothing. The program must exit with 0,
or with N when the info string says `exit=N` (```incan exit=101, for a panic).

A block tagged ```incan-error must be rejected by `INCAN check --format json` with
the code named in its first line, a comment such as `# error: E0202`.

Other blocks (```sh, ```text, ```json, ...) are not checked.
Exit status: 0 when every block passes, 1 otherwise.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# An opening fence: three or more backticks and an info string without backticks
# (as in CommonMark, so inline code such as ```` ```incan ```` at the start of a line
# opens nothing).
FENCE = re.compile(r"^(`{3,})([^`]*)$")
ERROR_LINE = re.compile(r"^#\s*error:\s*([EW]\d{4})\s*$")


class Block:
    def __init__(self, path, line, info, text):
        self.path = path
        self.line = line  # 1-based line of the opening fence
        self.info = info.strip()
        self.text = text
        self.output = None  # the following ```output block, if any

    @property
    def tag(self):
        return self.info.split()[0] if self.info else ""

    def attr(self, name, default=None):
        for word in self.info.split()[1:]:
            key, _, value = word.partition("=")
            if key == name:
                return value
        return default

    def where(self):
        return f"{self.path}:{self.line}"


def parse_blocks(path):
    """Fenced blocks of one Markdown file, each paired with a following ```output."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks = []
    gap_only_blank = False  # only blank lines since the previous block closed
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                gap_only_blank = False
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        start = i
        body = []
        i += 1
        while i < len(lines) and not re.fullmatch(fence + "`*", lines[i].rstrip()):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit(f"{path}:{start + 1}: unclosed code block")
        i += 1
        text = "\n".join(body) + "\n" if body else ""
        block = Block(path, start + 1, info, text)
        if block.tag == "output":
            prev = blocks[-1] if blocks else None
            if prev is None or not gap_only_blank or not prev.tag.startswith("incan") \
                    or prev.output is not None:
                raise SystemExit(f"{block.where()}: ```output must directly follow an ```incan block")
            if prev.tag != "incan":
                raise SystemExit(f"{block.where()}: only ```incan blocks take an ```output block")
            prev.output = block
        else:
            blocks.append(block)
        gap_only_blank = True
    return blocks


def run(cmd, timeout, cwd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, cwd=cwd)


def source_name(block):
    """A file name that depends only on the program text. The generated C++ names the
    source file (#line), so a stable relative name lets the build cache hit when the
    docs are checked again."""
    return "doc_" + hashlib.sha1(block.text.encode()).hexdigest()[:12]


def check_program(incan, block, work):
    name = source_name(block)
    (work / f"{name}.incn").write_text(block.text, encoding="utf-8")
    built = run([incan, "build", f"{name}.incn", "-o", name], timeout=300, cwd=work)
    if built.returncode != 0:
        return "build failed:\n" + built.stderr.decode(errors="replace")
    proc = run([str(work / name)], timeout=60, cwd=work)
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    want_exit = int(block.attr("exit", "0"))
    want = block.output.text if block.output else ""
    problems = []
    if proc.returncode != want_exit:
        problems.append(f"exit code {proc.returncode}, expected {want_exit}")
    got = out + err
    if got != want:
        problems.append("output differs\n--- expected\n" + want + "--- actual\n" + got + "---")
    return "\n".join(problems) or None


def check_error(incan, block, work):
    first = block.text.split("\n", 1)[0].strip()
    m = ERROR_LINE.match(first)
    if not m:
        return "the first line of an ```incan-error block must be `# error: EXXXX`"
    code = m.group(1)
    name = source_name(block)
    (work / f"{name}.incn").write_text(block.text, encoding="utf-8")
    proc = run([incan, "check", f"{name}.incn", "--format", "json"], timeout=60, cwd=work)
    try:
        diags = json.loads(proc.stdout.decode())["diagnostics"]
    except (ValueError, KeyError) as e:
        return f"cannot read the JSON diagnostics ({e}):\n" + proc.stdout.decode(errors="replace")
    codes = [d["code"] for d in diags]
    if code.startswith("E") and proc.returncode != 1:
        return f"`incan check` exited with {proc.returncode}, expected 1 (codes: {codes})"
    if code not in codes:
        return f"expected {code}, got {codes or 'no diagnostics'}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("incan", help="the incan binary")
    ap.add_argument("--docs", default=str(Path(__file__).resolve().parents[2] / "docs"),
                    help="folder of Markdown files (default: the repository's docs/)")
    ap.add_argument("-k", dest="only", help="check only blocks whose file:line contains this")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    incan = os.path.abspath(args.incan)

    files = sorted(Path(args.docs).glob("*.md"))
    if not files:
        print(f"no Markdown files in {args.docs}", file=sys.stderr)
        return 1
    blocks = [b for f in files for b in parse_blocks(f) if b.tag in ("incan", "incan-error")]
    if args.only:
        blocks = [b for b in blocks if args.only in b.where()]

    work = Path(tempfile.mkdtemp(prefix="incan-docs-"))
    failures = 0
    started = time.monotonic()
    for block in blocks:
        try:
            if block.tag == "incan":
                problem = check_program(incan, block, work)
            else:
                problem = check_error(incan, block, work)
        except subprocess.TimeoutExpired as e:
            problem = f"timed out: {e.cmd}"
        if problem:
            failures += 1
            print(f"FAIL {block.where()} ({block.tag})\n{problem}\n", flush=True)
        else:
            print(f"ok   {block.where()} ({block.tag})", flush=True)
    elapsed = time.monotonic() - started
    print(f"{len(blocks) - failures}/{len(blocks)} doc blocks passed in {elapsed:.1f} s")
    if args.keep or failures:
        print(f"scratch files: {work}")
    else:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that dependencies between the top-level folders point one way.

    python3 tools/check_layering.py [REPO_ROOT]

Two checks, both on source text only (no build tree needed):

1. #include lines. Every `#include` in frontend/, typecheck/, codegen/, driver/,
   runtime/ and std/ is resolved to the folder that holds the header, and these
   edges are rejected:
     frontend/   -> typecheck/, codegen/, driver/, runtime/, std/
     typecheck/  -> codegen/, driver/, runtime/, std/
     codegen/    -> driver/, runtime/, std/
     driver/     -> runtime/, std/
     runtime/    -> frontend/, typecheck/, codegen/, driver/
     std/        -> frontend/, typecheck/, codegen/, driver/
     std/core/   -> frontend/, typecheck/, codegen/, driver/, runtime/, the rest of
                    std/ (the prelude), and any header that is neither std/core's own
                    nor a C or C++ standard library header (std/core is dependency-free)
   Only #include lines count: codegen emits text that names the runtime, and the
   driver passes runtime paths to the C++ compiler; neither is a dependency.

2. Link edges. The target_link_libraries() calls of every CMakeLists.txt (tests/
   excluded) form a graph; the compiler targets (incan_frontend, incan_typecheck,
   incan_codegen, incan_driver_build and the `incan` executable) must not reach
   incan_runtime, incan_core or anything named after them (the _asan variants),
   directly or through another target. `${var}` is expanded to every value the
   same file gives `var` (set, list(APPEND/GET), foreach). That may over-approximate;
   it does not see values that come from another file or a function's arguments.

Exit status: 0 when clean, 1 with one line per offence, 2 on a usage error.
Python 3 standard library only.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# --- include rules ---------------------------------------------------------------------

# Folders whose sources are scanned, and the layer each one is. `std/core` is listed
# before `std` so the longest prefix wins.
LAYERS = ["frontend", "typecheck", "codegen", "driver", "runtime", "std/core", "std"]
COMPILER = ["frontend", "typecheck", "codegen", "driver"]
LIBRARIES = ["runtime", "std/core", "std"]  # what generated programs link

# layer -> layers it must not include. `std` covers `std/core` too (see layer_matches).
FORBIDDEN = {
    "frontend": ["typecheck", "codegen", "driver", "runtime", "std"],
    "typecheck": ["codegen", "driver", "runtime", "std"],
    "codegen": ["driver", "runtime", "std"],
    "driver": ["runtime", "std"],
    "runtime": COMPILER,
    "std": COMPILER,
    "std/core": COMPILER + ["runtime", "std"],  # `std` here: std/ outside std/core
}

# Directories that #include "x" / <x> is resolved against, after the including
# file's own directory: the repository root (compiler code includes
# "frontend/...") and the public and private include roots of the libraries.
INCLUDE_ROOTS = ["", "runtime/include", "runtime/src", "std/core/include", "std/core/src", "std/include"]

# When a header cannot be found on disk (e.g. it was deleted but is still included),
# its path prefix still tells which layer it belongs to.
PREFIX_LAYERS = [
    ("frontend/", "frontend"),
    ("typecheck/", "typecheck"),
    ("codegen/", "codegen"),
    ("driver/", "driver"),
    ("runtime/", "runtime"),
    ("incan/rt/", "runtime"),
    ("incan/rt.hpp", "runtime"),
    ("std/core/", "std/core"),
    ("incan/core/", "std/core"),
    ("incan/core.h", "std/core"),
    ("std/", "std"),
    ("incan/prelude.h", "std"),
]

SOURCE_SUFFIXES = {".h", ".hh", ".hpp", ".ipp", ".c", ".cc", ".cpp", ".cxx", ".inc", ".def"}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

# C++20 standard library headers, plus the C headers in both spellings.
CXX_HEADERS = """
algorithm any array atomic barrier bit bitset charconv chrono codecvt compare complex
concepts condition_variable coroutine deque exception execution expected filesystem
format forward_list fstream functional future initializer_list iomanip ios iosfwd
iostream istream iterator latch limits list locale map memory memory_resource mutex
new numbers numeric optional ostream queue random ranges ratio regex scoped_allocator
semaphore set shared_mutex source_location span sstream stack stdexcept stop_token
streambuf string string_view strstream syncstream system_error thread tuple
type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant
vector version
""".split()
C_HEADERS = """
assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp signal
stdalign stdarg stdbool stddef stdint stdio stdlib string tgmath time uchar wchar wctype
""".split()
STANDARD_HEADERS = set(CXX_HEADERS) | {"c" + h for h in C_HEADERS} | {h + ".h" for h in C_HEADERS}


def layer_of(rel: str) -> str | None:
    """The layer of a repository-relative path, or None outside the scanned folders."""
    for layer in LAYERS:
        if rel == layer or rel.startswith(layer + "/"):
            return layer
    return None


def layer_matches(target: str, forbidden: str, source: str) -> bool:
    """True if a header in layer `target` is covered by the forbidden name."""
    if forbidden == "std":
        # For std/core, `std` means the rest of std/ (its own headers are fine).
        return target == "std" if source == "std/core" else target in ("std", "std/core")
    return target == forbidden


def resolve(root: Path, including: Path, header: str) -> tuple[str | None, str | None]:
    """Returns (repository-relative path or None, layer or None) of an included header."""
    candidates = [including.parent] + [root / r for r in INCLUDE_ROOTS]
    for base in candidates:
        path = (base / header).resolve()
        if path.is_file():
            try:
                rel = path.relative_to(root.resolve()).as_posix()
            except ValueError:
                continue  # outside the repository: a system or third-party header
            return rel, layer_of(rel)
    for prefix, layer in PREFIX_LAYERS:
        if header == prefix or header.startswith(prefix):
            return None, layer
    return None, None


def source_files(root: Path, layer: str):
    top = root / layer
    if not top.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix not in SOURCE_SUFFIXES:
                continue
            rel = path.relative_to(root).as_posix()
            if layer_of(rel) == layer:  # std/core files are scanned as std/core, not std
                yield path, rel


def check_includes(root: Path) -> list[str]:
    problems = []
    for layer in LAYERS:
        for path, rel in source_files(root, layer):
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as e:
                problems.append(f"{rel}: cannot read: {e}")
                continue
            for number, line in enumerate(lines, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                header = m.group(2).strip()
                target_rel, target = resolve(root, path, header)
                close = ">" if m.group(1) == "<" else '"'
                where = f"{rel}:{number}: #include {m.group(1)}{header}{close}"
                if target is not None and target != layer:
                    for forbidden in FORBIDDEN[layer]:
                        if layer_matches(target, forbidden, layer):
                            shown = target_rel or header
                            problems.append(f"{where}: {layer}/ must not include {target}/ ({shown})")
                            break
                if layer == "std/core" and target is None and target_rel is None:
                    if header not in STANDARD_HEADERS:
                        problems.append(
                            f"{where}: std/core/ may include only its own headers and standard "
                            f"C/C++ headers")
    return problems


# --- link rules ------------------------------------------------------------------------

CHECKED_TARGETS = ["incan_frontend", "incan_typecheck", "incan_codegen", "incan_driver_build", "incan"]
RUNTIME_LIBS = ["incan_runtime", "incan_core"]

LINK_KEYWORDS = {"PUBLIC", "PRIVATE", "INTERFACE", "LINK_PUBLIC", "LINK_PRIVATE", "LINK_INTERFACE_LIBRARIES",
                 "debug", "optimized", "general"}


def cmake_commands(text: str):
    """Yields (command name lower-cased, [arguments]) of a CMakeLists.txt."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, i)
        if not m:
            i += 1
            continue
        name = m.group(0)
        j = m.end()
        while j < n and text[j] in " \t":
            j += 1
        if j >= n or text[j] != "(":
            i = m.end()
            continue
        # Arguments up to the matching `)`, honouring quotes, comments and nesting.
        j += 1
        depth, args, current, in_quote = 1, [], "", False
        while j < n and depth > 0:
            ch = text[j]
            if in_quote:
                if ch == "\\" and j + 1 < n:
                    current += text[j:j + 2]
                    j += 2
                    continue
                if ch == '"':
                    in_quote = False
                else:
                    current += ch
            elif ch == '"':
                in_quote = True
            elif ch == "#":
                while j < n and text[j] != "\n":
                    j += 1
                continue
            elif ch == "(":
                depth += 1
                current += ch
            elif ch == ")":
                depth -= 1
                if depth > 0:
                    current += ch
            elif ch in " \t\r\n":
                if current:
                    args.append(current)
                current = ""
            else:
                current += ch
            j += 1
        if current:
            args.append(current)
        yield name.lower(), args
        i = j


def expand(arg: str, variables: dict[str, set[str]], depth: int = 0) -> set[str]:
    """Every value `arg` may take, splitting CMake lists on `;`."""
    m = re.search(r"\$\{([A-Za-z0-9_]+)\}", arg)
    if m and depth < 8:
        out = set()
        for value in variables.get(m.group(1), {""}):
            out |= expand(arg[:m.start()] + value + arg[m.end():], variables, depth + 1)
        return out
    # $<LINK_ONLY:x>, $<BUILD_INTERFACE:x>: the library is what follows the last `:`.
    gen = re.fullmatch(r"\$<[A-Za-z_]+:(.*)>", arg)
    if gen:
        arg = gen.group(1)
    return {part for part in arg.split(";") if part}


def cmake_link_graph(root: Path) -> tuple[dict[str, set[str]], dict[str, str], set[str]]:
    """(target -> linked names, target -> first file linking it, defined targets)."""
    graph: dict[str, set[str]] = {}
    where: dict[str, str] = {}
    defined: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not d.startswith("build")
                             and not (rel_dir == "." and d == "tests"))
        if "CMakeLists.txt" not in filenames:
            continue
        path = Path(dirpath) / "CMakeLists.txt"
        rel = path.relative_to(root).as_posix()
        commands = list(cmake_commands(path.read_text(encoding="utf-8", errors="replace")))
        variables: dict[str, set[str]] = {}
        # Two passes so a variable used before its (textual) definition still expands.
        for _ in range(2):
            for name, args in commands:
                if name == "set" and args:
                    values = set()
                    for a in args[1:]:
                        if a in ("CACHE", "PARENT_SCOPE"):
                            break
                        values |= expand(a, variables)
                    variables.setdefault(args[0], set()).update(values)
                elif name == "list" and len(args) >= 3 and args[0] in ("APPEND", "PREPEND", "INSERT"):
                    start = 3 if args[0] == "INSERT" else 2
                    for a in args[start:]:
                        variables.setdefault(args[1], set()).update(expand(a, variables))
                elif name == "list" and len(args) >= 4 and args[0] == "GET":
                    variables.setdefault(args[-1], set()).update(variables.get(args[1], set()))
                elif name == "foreach" and args:
                    items = args[1:]
                    if items and items[0] == "IN":
                        values = set()
                        mode = None
                        for a in items[1:]:
                            if a in ("LISTS", "ITEMS"):
                                mode = a
                            elif mode == "LISTS":
                                values |= variables.get(a, set())
                            elif mode == "ITEMS":
                                values |= expand(a, variables)
                    elif len(items) >= 3 and items[0] == "RANGE":
                        values = set()
                    else:
                        values = set()
                        for a in items:
                            values |= expand(a, variables)
                    variables.setdefault(args[0], set()).update(values)
        for name, args in commands:
            if name in ("add_library", "add_executable") and args:
                defined |= expand(args[0], variables)
            if name == "target_link_libraries" and len(args) >= 2:
                for target in expand(args[0], variables):
                    for a in args[1:]:
                        if a in LINK_KEYWORDS:
                            continue
                        for lib in expand(a, variables):
                            graph.setdefault(target, set()).add(lib)
                            where.setdefault(f"{target}->{lib}", rel)
    return graph, where, defined


def is_runtime_lib(name: str) -> bool:
    return any(name == lib or name.startswith(lib + "_") for lib in RUNTIME_LIBS)


def check_links(root: Path) -> list[str]:
    graph, where, defined = cmake_link_graph(root)
    problems = []
    for target in CHECKED_TARGETS:
        if target not in defined:
            problems.append(f"CMake: target {target} is not defined by any CMakeLists.txt; "
                            f"update CHECKED_TARGETS in tools/check_layering.py")
            continue
        # Breadth-first, remembering one path to each reachable name.
        paths = {target: [target]}
        queue = [target]
        while queue:
            current = queue.pop(0)
            for dep in sorted(graph.get(current, ())):
                if dep in paths:
                    continue
                paths[dep] = paths[current] + [dep]
                queue.append(dep)
        for name in sorted(paths):
            if is_runtime_lib(name):
                chain = paths[name]
                first = where.get(f"{chain[0]}->{chain[1]}", "?")
                problems.append(f"{first}: {target} links {name} ({' -> '.join(chain)}); "
                                f"compiler targets must not link the runtime or std/core")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    root = Path(argv[1] if len(argv) == 2 else Path(__file__).resolve().parent.parent)
    if not (root / "frontend").is_dir():
        print(f"check_layering: {root} does not look like the incan repository (no frontend/)",
              file=sys.stderr)
        return 2
    problems = check_includes(root) + check_links(root)
    if problems:
        print(f"layering: {len(problems)} violation(s) of the dependency rules "
              f"(see tools/check_layering.py and CONTRIBUTING.md):")
        for p in problems:
            print("  " + p)
        return 1
    print("layering: ok (includes of frontend, typecheck, codegen, driver, runtime, std; "
          "link graph of the compiler targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

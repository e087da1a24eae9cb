"""Reduces a failing Incan program while the same failure persists (tools/fuzz/run).

Passes, repeated until nothing changes or the time budget is spent:
  1. delete blocks: a statement with its nested block, a whole declaration; chunks of
     siblings first (halving), then one at a time; an emptied block gets `pass`
  2. hoist: replace a compound statement (`if`, `for`, `while`, `match` arm...) by its body
  3. simplify expressions: a bracketed group, call or literal replaced by a literal
Every candidate must pass the oracle up to the failing stage with the same failure
signature (class, plus the diagnostic kind / C++ error / sanitizer kind). Candidates are
cheap to reject (`incan check` runs first), so most of the budget goes to builds.
"""

import hashlib
import re
import time


def indent_of(line):
    return len(line) - len(line.lstrip(' '))


def is_code(line):
    s = line.strip()
    return s != '' and not s.startswith('#')


def block_end(lines, i):
    """Index just past the statement at line i and its nested block."""
    ind = indent_of(lines[i])
    j = i + 1
    while j < len(lines) and (not is_code(lines[j]) or indent_of(lines[j]) > ind):
        j += 1
    return j


def remove(lines, i, j):
    """lines without [i, j); a block left empty gets `pass`."""
    out = lines[:i] + lines[j:]
    if i > 0:
        prev = i - 1
        while prev >= 0 and not is_code(out[prev]):
            prev -= 1
        if prev >= 0 and out[prev].rstrip().endswith(':'):
            ind = indent_of(out[prev])
            nxt = i
            while nxt < len(out) and not is_code(out[nxt]):
                nxt += 1
            if nxt >= len(out) or indent_of(out[nxt]) <= ind:
                out.insert(i, ' ' * (indent_of(lines[i]) if i < len(lines) else ind + 4) + 'pass')
    return out


def sibling_groups(lines):
    """Lists of statement start indices that share a parent block, outermost first."""
    groups = {}
    stack = []  # (indent, parent key)
    for i, line in enumerate(lines):
        if not is_code(line):
            continue
        ind = indent_of(line)
        while stack and stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        groups.setdefault((parent, ind), []).append(i)
        stack.append((ind, i))
    return sorted(groups.values(), key=lambda g: indent_of(lines[g[0]]))


LITERALS = ['0', '1', '""', 'true', 'false', '[]', 'None']


def bracket_spans(line):
    """(start, end) of every balanced (...) / [...] / {...} group outside strings."""
    spans, stack = [], []
    quote = None
    k = 0
    while k < len(line):
        c = line[k]
        if quote:
            if c == '\\':
                k += 2
                continue
            if c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif c in '([{':
            stack.append(k)
        elif c in ')]}' and stack:
            spans.append((stack.pop(), k + 1))
        elif c == '#':
            break
        k += 1
    return spans


def expression_candidates(line):
    """Variants of one line with an expression part replaced by something simpler."""
    out = []
    spans = bracket_spans(line)
    # Longest groups first: they remove the most.
    for a, b in sorted(spans, key=lambda s: s[0] - s[1]):
        inner = line[a + 1:b - 1]
        # a call `name(...)` or method call: try the call replaced by a literal
        m = re.search(r'[\w.]+$', line[:a])
        if line[a] == '(' and m:
            for lit in LITERALS[:5]:
                out.append(line[:m.start()] + lit + line[b:])
            if ',' not in inner and inner.strip():
                out.append(line[:m.start()] + inner + line[b:])  # f(x) -> x
        elif line[a] == '(':
            for lit in LITERALS[:5]:
                out.append(line[:a] + lit + line[b:])
            parts = re.split(r' (?:\+|-|\*|//|%|and|or|==|!=|<|<=|>|>=) ', inner)
            if len(parts) == 2:
                out += [line[:a] + p + line[b:] for p in parts]
        elif line[a] == '[' and ',' in inner and not re.search(r'\w$', line[:a]):
            first = inner.split(',')[0]
            out.append(line[:a] + '[' + first + ']' + line[b:])
    # right-hand side of a binding or return
    m = re.match(r'^(\s*(?:return |(?:mut |let )?[\w, ]+(?:: [^=]+)? = ))(.+)$', line)
    if m and len(m.group(2)) > 3:
        for lit in LITERALS:
            out.append(m.group(1) + lit)
    # long string literals
    for sm in re.finditer(r'"(?:[^"\\]|\\.){3,}"', line):
        out.append(line[:sm.start()] + '"s"' + line[sm.end():])
    seen, uniq = set(), []
    for c in out:
        if c != line and c not in seen:
            seen.add(c)
            uniq.append(c)
    return uniq


class Reducer:
    def __init__(self, failure, oracle, workdir, budget, log):
        self.failure = failure
        self.oracle = oracle
        self.workdir = workdir
        self.deadline = time.time() + budget
        self.log = log
        self.cache = {}
        self.tests = 0

    def out_of_time(self):
        return time.time() > self.deadline

    def interesting(self, lines):
        if self.out_of_time():
            return False
        text = '\n'.join(lines) + '\n'
        h = hashlib.sha1(text.encode()).hexdigest()
        if h in self.cache:
            return self.cache[h]
        self.tests += 1
        f = self.oracle.test(text, self.workdir, want=self.failure)
        ok = f is not None and f.signature() == self.failure.signature()
        self.cache[h] = ok
        return ok

    def delete_blocks(self, lines):
        changed = True
        while changed and not self.out_of_time():
            changed = False
            for group in sibling_groups(lines):
                n = len(group)
                chunk = max(1, n // 2)
                while chunk >= 1 and not self.out_of_time():
                    k = 0
                    progressed = False
                    while k < n:
                        idx = group[k:k + chunk]
                        a = idx[0]
                        b = block_end(lines, idx[-1])
                        cand = remove(lines, a, b)
                        if self.interesting(cand):
                            lines = cand
                            changed = progressed = True
                            break
                        k += chunk
                    if progressed:
                        break  # indices moved: recompute the groups
                    chunk //= 2
                if changed:
                    break
        return lines

    def hoist(self, lines):
        i = 0
        while i < len(lines) and not self.out_of_time():
            line = lines[i]
            if is_code(line) and line.rstrip().endswith(':') and indent_of(line) > 0:
                j = block_end(lines, i)
                body = lines[i + 1:j]
                if body:
                    shift = indent_of(body[0]) - indent_of(line)
                    if shift > 0:
                        lifted = [b[shift:] if indent_of(b) >= shift else b for b in body]
                        cand = lines[:i] + lifted + lines[j:]
                        if self.interesting(cand):
                            lines = cand
                            continue
            i += 1
        return lines

    def simplify(self, lines):
        i = 0
        while i < len(lines) and not self.out_of_time():
            if is_code(lines[i]):
                for variant in expression_candidates(lines[i]):
                    cand = lines[:i] + [variant] + lines[i + 1:]
                    if self.interesting(cand):
                        lines = cand
                        break
                else:
                    i += 1
                continue
            i += 1
        return lines

    def run(self, text):
        lines = [ln for ln in text.splitlines()]
        if not self.interesting(lines):
            self.log('reduce: the failure does not reproduce on its own; kept as is')
            return text
        while not self.out_of_time():
            before = len('\n'.join(lines))
            lines = self.delete_blocks(lines)
            lines = self.hoist(lines)
            lines = self.simplify(lines)
            lines = [ln for ln in lines if ln.strip() != '' or True]
            if len('\n'.join(lines)) >= before:
                break
        # drop blank lines when that keeps the failure
        compact = [ln for ln in lines if ln.strip()]
        if compact != lines and self.interesting(compact):
            lines = compact
        self.log(f'reduce: {len(text.splitlines())} -> {len(lines)} lines, {self.tests} tests'
                 + (' (time limit reached)' if self.out_of_time() else ''))
        return '\n'.join(lines) + '\n'


def minimize(text, failure, oracle, workdir, budget, log=print):
    return Reducer(failure, oracle, workdir, budget, log).run(text)

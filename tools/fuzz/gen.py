#!/usr/bin/env python3
"""Random well-typed Incan programs for differential testing of the compiler.

    tools/fuzz/gen.py --seed N [--no-recursive-enums] [--no-or-bindings] ...

The same seed and options always print the same program. Every program type-checks,
has deterministic output and exits 0: integer values are kept small (results that
could grow are reduced with `% 10007`), divisors are never zero, indexing is guarded,
loops are bounded, and spawned tasks never print.
"""

import argparse
import random
import sys

# ---------------------------------------------------------------------------- types
# A type is a string for scalars, or a tuple whose first item names the constructor:
# ('list', T), ('dict', K, V), ('set', T), ('tuple', (T, ...)), ('opt', T),
# ('res', T, E), ('model', name), ('enum', name), ('fn', (T, ...), R).
INT, BOOL, STR, FLOAT, NONE = 'int', 'bool', 'str', 'float', 'None'

WRAP = 10007          # results that may exceed BOUND are reduced modulo this prime
BOUND = 1_000_000     # every int expression's value stays below this (absolute)

FEATURES = ['recursive-enums', 'or-bindings', 'await-literal-args', 'nondefault-fields', 'async', 'closures',
            'models', 'enums', 'floats', 'try', 'comprehensions', 'match', 'fstrings',
            'keyword-names', 'slices', 'consts']
# Features that reach known open bugs; `--safe` turns all of them off. None now:
# recursive enums, alternations that bind, literals in awaited calls and members
# without a natural default value all work (tests/conformance has a test for each).
KNOWN_BUG_FEATURES: list = []

CXX_WORDS = ['new', 'delete', 'auto', 'namespace', 'operator', 'this', 'struct', 'switch',
             'template', 'typename', 'register', 'volatile', 'char', 'short', 'signed',
             'unsigned', 'virtual', 'friend', 'goto', 'extern', 'mutable', 'explicit',
             'inline', 'private', 'public', 'protected', 'typedef', 'using', 'throw', 'try',
             'catch', 'void', 'sizeof', 'default', 'union', 'export', 'static_cast',
             'nullptr', 'do', 'final', 'override', 'int64_t', 'string', 'vector', 'size_t']


def tname(t):
    if isinstance(t, str):
        return t
    k = t[0]
    if k == 'list':
        return f'list[{tname(t[1])}]'
    if k == 'dict':
        return f'dict[{tname(t[1])}, {tname(t[2])}]'
    if k == 'set':
        return f'set[{tname(t[1])}]'
    if k == 'tuple':
        return 'tuple[' + ', '.join(tname(x) for x in t[1]) + ']'
    if k == 'opt':
        return f'Option[{tname(t[1])}]'
    if k == 'res':
        return f'Result[{tname(t[1])}, {tname(t[2])}]'
    if k in ('model', 'enum'):
        return t[1]
    if k == 'fn':
        return '(' + ', '.join(tname(x) for x in t[1]) + ') -> ' + tname(t[2])
    raise ValueError(t)


def hashable(t):
    if t in (INT, BOOL, STR):
        return True
    return isinstance(t, tuple) and t[0] == 'tuple' and all(hashable(x) for x in t[1])


def orderable(t):
    return t in (INT, STR)


def contains_fn(t):
    if isinstance(t, str):
        return False
    if t[0] == 'fn':
        return True
    if t[0] == 'tuple':
        return any(contains_fn(x) for x in t[1])
    if t[0] in ('model', 'enum'):
        return False
    return any(contains_fn(x) for x in t[1:])


class Var:
    def __init__(self, name, ty, mut=False, readonly=False):
        self.name, self.ty, self.mut, self.readonly = name, ty, mut, readonly


class Func:
    def __init__(self, name, params, ret, is_async=False, prints=False, kind='plain'):
        self.name, self.params, self.ret = name, params, ret  # params: [(name, type, mut)]
        self.is_async, self.prints, self.kind = is_async, prints, kind
        self.callable_from = None  # optional predicate on the generator: may it be called here?


class Model:
    def __init__(self, name, fields, eq):
        self.name, self.fields, self.eq = name, fields, eq  # fields: [(name, type, default?)]
        self.methods = []  # Func with kind 'method' / 'mut_method' / 'static'


class Enum:
    def __init__(self, name, variants, recursive):
        self.name, self.variants, self.recursive = name, variants, recursive  # [(vname, [types])]
        self.methods = []


class FnCtx:
    """What the statement generator needs to know about the enclosing function."""

    def __init__(self, ret, is_async, may_print, result_err=None):
        self.ret, self.is_async, self.may_print, self.result_err = ret, is_async, may_print, result_err
        self.loop_depth = 0       # enclosing for/while loops (plain break/continue allowed)
        self.in_loop_expr = False  # directly inside `x = loop:` (only `break value`)
        self.growth_ok = True     # false inside loops: no statement may grow a value much


class Gen:
    def __init__(self, seed, features, size):
        self.r = random.Random(seed)
        self.f = features
        self.size = size
        self.counter = 0
        self.models = []
        self.enums = []
        self.funcs = []          # callable top-level functions, in definition order
        self.scopes = []
        self.out = []
        self.cxx_words = list(CXX_WORDS)
        self.r.shuffle(self.cxx_words)
        self.imports = set()
        self.budget = 0
        self.in_fstring = False
        self.typed = False
        self.pre_ind = 0
        self.helpers = {}      # (kind, type) -> name of a typed constructor helper
        self.helper_defs = []

    # ------------------------------------------------------------------ helpers
    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def fresh(self, prefix='v'):
        if 'keyword-names' in self.f and self.cxx_words and self.chance(0.08):
            return self.cxx_words.pop()
        self.counter += 1
        return f'{prefix}{self.counter}'

    def emit(self, ind, text):
        self.out.append('    ' * ind + text)

    def push(self):
        self.scopes.append({})

    def pop(self):
        self.scopes.pop()

    def declare(self, name, ty, mut=False, readonly=False):
        self.scopes[-1][name] = Var(name, ty, mut, readonly)

    def visible(self):
        seen = {}
        for s in self.scopes:
            for n, v in s.items():
                seen[n] = v
        return list(seen.values())

    def vars_of(self, ty, pred=None):
        return [v for v in self.visible() if v.ty == ty and (pred is None or pred(v))]

    def model(self, name):
        return next(m for m in self.models if m.name == name)

    def enum(self, name):
        return next(e for e in self.enums if e.name == name)

    def nondefault(self, t):
        """True if `t`'s C++ type has no usable default constructor as a member."""
        if isinstance(t, str):
            return False
        k = t[0]
        if k == 'res':
            return True
        if k == 'enum':
            return any(ps for _, ps in self.enum(t[1]).variants)
        if k == 'model':
            return any(self.nondefault(ft) for _, ft, _ in self.model(t[1]).fields)
        if k == 'tuple':
            return any(self.nondefault(x) for x in t[1])
        return False

    def member_type(self):
        """A type for a model field or an enum payload."""
        for _ in range(20):
            t = self.rand_type(1)
            if contains_fn(t):
                continue
            if 'nondefault-fields' not in self.f and self.nondefault(t):
                continue
            return t
        return INT

    def eq_type(self, t):
        if isinstance(t, str):
            return t != NONE
        k = t[0]
        if k == 'fn':
            return False
        if k == 'model':
            return self.model(t[1]).eq
        if k == 'enum':
            return all(self.eq_type(p) for _, ps in self.enum(t[1]).variants for p in ps
                       if p != t)
        if k == 'tuple':
            return all(self.eq_type(x) for x in t[1])
        return all(self.eq_type(x) for x in t[1:])

    # ------------------------------------------------------------------ types
    def scalar_type(self):
        opts = [INT, INT, INT, STR, STR, BOOL]
        if 'floats' in self.f:
            opts.append(FLOAT)
        return self.pick(opts)

    def rand_type(self, depth=0, allow_user=True):
        if depth >= 2 or self.chance(0.45):
            return self.scalar_type()
        choices = ['list', 'list', 'dict', 'set', 'tuple', 'opt', 'res']
        if allow_user and self.models:
            choices.append('model')
        if allow_user and self.enums:
            choices.append('enum')
        k = self.pick(choices)
        if k == 'list':
            return ('list', self.rand_type(depth + 1, allow_user))
        if k == 'dict':
            return ('dict', self.pick([INT, STR, INT, STR, ('tuple', (INT, STR))]),
                    self.rand_type(depth + 1, allow_user))
        if k == 'set':
            return ('set', self.pick([INT, STR, INT, STR, ('tuple', (STR, INT))]))
        if k == 'tuple':
            return ('tuple', tuple(self.rand_type(depth + 1, allow_user)
                                   for _ in range(self.r.randint(2, 3))))
        if k == 'opt':
            return ('opt', self.rand_type(depth + 1, allow_user))
        if k == 'res':
            return ('res', self.rand_type(depth + 1, allow_user), self.pick([STR, INT]))
        if k == 'model':
            return ('model', self.pick(self.models).name)
        return ('enum', self.pick(self.enums).name)

    # ------------------------------------------------------------------ int expressions
    def wrap(self, code, bound):
        if bound > BOUND:
            return f'({code}) % {WRAP}', WRAP
        return code, bound

    def int_expr(self, d):
        """An int expression and a bound on its absolute value."""
        if d <= 0 or self.chance(0.25):
            return self.int_leaf()
        k = self.r.randint(0, 17)
        if k <= 4:
            a, ba = self.int_expr(d - 1)
            b, bb = self.int_expr(d - 1)
            op = self.pick(['+', '-', '*', '+', '-'])
            bound = ba * bb if op == '*' else ba + bb
            return self.wrap(f'({a} {op} {b})', bound)
        if k == 5:
            a, ba = self.int_expr(d - 1)
            m = self.r.randint(2, 9)
            b, _ = self.int_expr(d - 1)
            op = self.pick(['//', '%'])
            div = self.pick([str(self.r.randint(1, 9)), f'({b} % {m} + 1)', f'(abs({b}) + 1)'])
            if op == '%':
                return f'({a} {op} {div})', min(ba, BOUND) if div.startswith('(abs') else min(ba, 10)
            return f'({a} {op} {div})', ba
        if k == 6:
            a, ba = self.int_expr(d - 1)
            return f'(-{a})', ba
        if k == 7:
            a, ba = self.int_expr(d - 1)
            return f'abs({a})', ba
        if k == 8:
            a, ba = self.int_expr(d - 1)
            a, ba = self.wrap(a, ba)
            return self.wrap(f'({a} ** 2)', ba * ba)
        if k == 9:
            return f'len({self.expr(self.rand_coll_type(), d - 1)})', 10 ** 4
        if k == 10:
            return f'len({self.expr(STR, d - 1)})', 10 ** 5
        if k == 11:
            c = self.r.randint(0, 6)
            if c == 0:
                return f'int({self.expr(BOOL, d - 1)})', 1
            if c == 1:
                a, ba = self.int_expr(d - 1)
                return f'int(str({a}))', ba
            if c == 2 and 'floats' in self.f:
                return f'(int({self.float_expr(d - 1)}) % {WRAP})', WRAP
            if c == 3:
                xs = [self.int_expr(d - 1) for _ in range(self.r.randint(1, 3))]
                return f'{self.pick(["min", "max"])}([{", ".join(x for x, _ in xs)}])', max(b for _, b in xs)
            if c == 4:
                t = ('list', INT)
                return self.wrap(f'sum({self.expr(t, d - 1)})', BOUND * 100)
            if c == 5:
                t = ('list', INT)
                return f'{self.expr(t, d - 1)}.count({self.int_expr(d - 1)[0]})', 10 ** 4
            return f'{self.expr(("opt", INT), d - 1)}.unwrap_or({self.int_expr(d - 1)[0]})', BOUND
        if k == 12:
            kt = self.pick([INT, STR])
            return (f'{self.expr(("dict", kt, INT), d - 1)}.get({self.expr(kt, d - 1)})'
                    f'.unwrap_or({self.int_leaf()[0]})', BOUND)
        if k == 13:
            c = self.call_returning(INT, d - 1)
            if c:
                return c, BOUND
        if k == 14:
            tt = ('tuple', (INT, self.scalar_type()))
            if self.chance(0.5):
                tt = ('tuple', (self.scalar_type(), INT))
                return f'{self.expr(tt, d - 1)}.1', BOUND
            return f'{self.expr(tt, d - 1)}.0', BOUND
        if k == 15 and self.models:
            ms = [m for m in self.models if any(ft == INT for _, ft, _ in m.fields)]
            if ms:
                m = self.pick(ms)
                f = self.pick([fn for fn, ft, _ in m.fields if ft == INT])
                return f'{self.expr(("model", m.name), d - 1)}.{f}', BOUND
        if k == 16:
            r = self.expr(('res', INT, self.pick([INT, STR])), d - 1)
            return f'{r}.unwrap_or({self.int_leaf()[0]})', BOUND
        return self.int_leaf()

    def int_leaf(self):
        vs = self.vars_of(INT)
        if vs and self.chance(0.6):
            return self.pick(vs).name, BOUND
        n = self.pick([0, 1, 2, 3, 5, 7, 10, 42, 100, self.r.randint(0, 1000), 1_000, 99_999])
        if self.chance(0.1):
            return f'{n:_}', n
        return str(n), n

    def float_expr(self, d):
        if d <= 0 or self.chance(0.3):
            vs = self.vars_of(FLOAT)
            if vs and self.chance(0.5):
                return self.pick(vs).name
            return self.pick(['0.5', '1.25', '2.0', '0.1', '3.75', '1e3', '2.5e-3', '100.0',
                              '0.0', '7.125', '1_000.5'])
        k = self.r.randint(0, 6)
        if k == 0:
            return f'float({self.int_expr(d - 1)[0]})'
        if k == 1:
            a = self.float_expr(d - 1)
            b = self.float_expr(d - 1)
            return f'({a} {self.pick(["+", "-", "*"])} {b})'
        if k == 2:
            a = self.int_expr(d - 1)[0]
            b = self.int_expr(d - 1)[0]
            return f'({a} / ({b} % 13 + 1))'
        if k == 3:
            return f'({self.float_expr(d - 1)} / {self.pick(["2.0", "4.0", "0.5", "3.0"])})'
        if k == 4:
            return f'abs({self.float_expr(d - 1)})'
        if k == 5:
            return f'({self.int_expr(d - 1)[0]} + {self.float_expr(d - 1)})'
        c = self.call_returning(FLOAT, d - 1)
        return c or '1.5'

    # ------------------------------------------------------------------ other expressions
    def str_lit(self, no_braces=False):
        pieces = ['a', 'b', 'xy', 'hello', 'World', ' ', ',', '-', 'q', 'Z9', '_', '.', ':',
                  "'", '!', '#', '=', 'ok', 'é']
        if not self.in_fstring:
            pieces += ['\\n', '\\t', '\\"', '\\\\']
        if not no_braces and not self.in_fstring:
            pieces += ['{', '}']
        n = self.r.randint(0, 4)
        body = ''.join(self.pick(pieces) for _ in range(n))
        return '"' + body + '"'

    def slice_suffix(self, d):
        """`[start:stop:step]` with each part optional; the step is never zero (a zero step
        panics, and the oracle wants programs that exit 0)."""
        def bound():
            if self.chance(0.4):
                return ''
            if self.chance(0.5):
                return str(self.r.randint(-6, 6))
            return f'({self.int_expr(d)[0]} % 7 - 3)'
        start, stop = bound(), bound()
        if self.chance(0.5):
            return f'[{start}:{stop}]'
        step = self.pick(['', '1', '2', '3', '-1', '-2', '-3'])
        return f'[{start}:{stop}:{step}]'

    def const_value(self, t, consts):
        """A value a `const` may have: literals, other consts and operators."""
        same = [c for c, ct in consts if ct == t]
        if t == INT:
            a = str(self.r.randint(0, 50))
            if same and self.chance(0.5):
                return f'{self.pick(same)} {self.pick(["+", "-", "*"])} {a}'
            return a
        if t == STR:
            a = self.str_lit()
            if same and self.chance(0.5):
                return f'{self.pick(same)} + {a}'
            return a
        if t == BOOL:
            ints = [c for c, ct in consts if ct == INT]
            if ints and self.chance(0.5):
                return f'{self.pick(ints)} > {self.r.randint(0, 50)}'
            return self.pick(['true', 'false', 'not true'])
        if t == FLOAT:
            return self.pick(['0.5', '2.25', '1.0 / 4.0', '3.0 * 1.5'])
        return '[' + ', '.join(self.const_value(t[1], consts) for _ in range(self.r.randint(1, 3))) + ']'

    def emit_consts(self):
        consts = []
        for _ in range(self.r.randint(1, 4)):
            t = self.pick([INT, INT, STR, BOOL, FLOAT, ('list', INT), ('list', STR)])
            name = self.fresh('K').upper()
            self.emit(0, f'const {name}: {tname(t)} = {self.const_value(t, consts)}')
            consts.append((name, t))
            self.declare(name, t, readonly=True)
        self.emit(0, '')

    def rand_coll_type(self):
        return self.pick([('list', INT), ('list', STR), ('dict', STR, INT), ('set', INT)])

    def bool_expr(self, d):
        if d <= 0 or self.chance(0.2):
            vs = self.vars_of(BOOL)
            if vs and self.chance(0.5):
                return self.pick(vs).name
            return self.pick(['true', 'false', 'True', 'False'])
        k = self.r.randint(0, 11)
        if k <= 2:
            a = self.int_expr(d - 1)[0]
            b = self.int_expr(d - 1)[0]
            return f'({a} {self.pick(["<", "<=", ">", ">=", "==", "!="])} {b})'
        if k == 3:
            a, b = self.bool_expr(d - 1), self.bool_expr(d - 1)
            return f'({a} {self.pick(["and", "or"])} {b})'
        if k == 4:
            return f'(not {self.bool_expr(d - 1)})'
        if k == 5:
            t = self.pick([ ('list', INT), ('list', STR), ('set', INT), ('set', STR)])
            neg = self.pick(['in', 'not in'])
            return f'({self.expr(t[1], d - 1)} {neg} {self.expr(t, d - 1)})'
        if k == 6:
            kt = self.pick([INT, STR])
            return f'({self.expr(kt, d - 1)} in {self.expr(("dict", kt, self.scalar_type()), d - 1)})'
        if k == 7:
            s = self.expr(STR, d - 1)
            m = self.pick(['contains', 'startswith', 'endswith', 'starts_with', 'ends_with'])
            if self.chance(0.3):
                return f'({self.str_lit()} in {s})'
            return f'{s}.{m}({self.expr(STR, d - 1)})'
        if k == 8:
            t = self.rand_type(1)
            if self.eq_type(t):
                return f'({self.expr(t, d - 1)} {self.pick(["==", "!="])} {self.expr(t, d - 1)})'
        if k == 9:
            t = ('opt', self.scalar_type())
            c = self.r.randint(0, 3)
            e = self.expr(t, d - 1)
            return [f'{e}.is_some()', f'{e}.is_none()', f'({e} is None)', f'({e} is not None)'][c]
        if k == 10:
            c = self.call_returning(BOOL, d - 1)
            if c:
                return c
        if k == 11:
            a, b = self.expr(STR, d - 1), self.expr(STR, d - 1)
            return f'({a} {self.pick(["<", "==", "!=", ">="])} {b})'
        return f'{self.expr(self.rand_coll_type(), d - 1)}.is_empty()'

    def str_expr(self, d):
        if d <= 0 or self.chance(0.2):
            vs = self.vars_of(STR)
            if vs and self.chance(0.6):
                return self.pick(vs).name
            return self.str_lit()
        k = self.r.randint(0, 10)
        if k <= 1:
            return f'({self.str_expr(d - 1)} + {self.str_expr(d - 1)})'
        if k == 2:
            t = self.rand_type(1)
            return f'str({self.expr(t, d - 1)})'
        if k == 3 and 'fstrings' in self.f and not self.in_fstring:
            return self.fstring(d - 1)
        if k == 4:
            m = self.pick(['upper()', 'lower()', 'strip()', 'trim()', 'to_string()',
                           f'replace({self.str_lit()}, {self.str_lit()})'])
            return f'{self.str_expr(d - 1)}.{m}'
        if k == 5:
            return f'{self.str_lit()}.join({self.expr(("list", STR), d - 1)})'
        if k == 6:
            i = self.int_expr(d - 1)[0]
            return f'"abcdef"[{i} % 6]' if self.chance(0.5) else f'"xyz"[-1 - {i} % 3]'
        if k == 7:
            c = self.call_returning(STR, d - 1)
            if c:
                return c
        if k == 8 and self.enums:
            e = self.pick(self.enums)
            return f'{self.expr(("enum", e.name), d - 1)}.message()'
        if k == 9:
            return f'{self.expr(("opt", STR), d - 1)}.unwrap_or({self.str_lit()})'
        if k == 10 and 'slices' in self.f:
            return f'{self.str_expr(d - 1)}{self.slice_suffix(d - 1)}'
        return f'str({self.int_expr(d - 1)[0]})'

    def fstring(self, d):
        parts = []
        for _ in range(self.r.randint(1, 3)):
            if self.chance(0.5):
                lit = self.str_lit(no_braces=True)[1:-1]
                parts.append(lit)
            if self.chance(0.15):
                parts.append(self.pick(['{{', '}}', '{{}}']))
            t = self.rand_type(1)
            e = self.interp(t, max(d, 0))
            spec = ':?' if self.chance(0.3) else ''
            parts.append('{' + e + spec + '}')
        return 'f"' + ''.join(parts) + '"'

    def interp(self, t, d):
        """An expression to interpolate in an f-string (never starting `{{` or ending `}}`)."""
        e = self.expr(t, d, in_fstring=True)
        if e.startswith('{') or e.endswith('}'):
            e = f'({e})'
        return e

    def expr(self, t, d, in_fstring=False, typed=False):
        """An expression of type `t`. `typed`: the position has an expected type (argument,
        annotated binding, return, element of a typed literal), so `None`, `Ok(x)` and
        `Err(e)` may appear bare."""
        saved = (self.in_fstring, self.typed)
        self.in_fstring = saved[0] or in_fstring
        self.typed = typed
        try:
            return self._expr(t, d)
        finally:
            self.in_fstring, self.typed = saved

    def helper(self, kind, t):
        """Name of a function building a value of `t` where no type is expected."""
        key = (kind, t)
        if key not in self.helpers:
            name = f'{kind}_{len(self.helpers)}'
            self.helpers[key] = name
            if kind == 'none':
                self.helper_defs += [f'def {name}() -> {tname(t)}:', '    return None', '']
            else:
                arg = t[1] if kind == 'ok' else t[2]
                self.helper_defs += [f'def {name}(v: {tname(arg)}) -> {tname(t)}:',
                                     f'    return {"Ok" if kind == "ok" else "Err"}(v)', '']
        return self.helpers[key]

    def _expr(self, t, d):
        if self.chance(0.35) or d <= 0:
            vs = self.vars_of(t)
            if vs:
                return self.pick(vs).name
        if t == INT:
            return self.int_expr(d)[0]
        if t == BOOL:
            return self.bool_expr(d)
        if t == STR:
            return self.str_expr(d)
        if t == FLOAT:
            return self.float_expr(d)
        if d > 0 and self.chance(0.15):
            c = self.call_returning(t, d - 1)
            if c:
                return c
        k = t[0]
        ty = self.typed  # elements of a literal inherit the expected type
        if k == 'list':
            n = self.r.randint(1, 3)
            if d > 0 and 'comprehensions' in self.f and self.chance(0.3):
                return self.list_comp(t[1], d - 1)
            if d > 0 and orderable(t[1]) and self.chance(0.1):
                return f'sorted({self.expr(t, d - 1)})'
            if t[1] == STR and d > 0 and self.chance(0.1):
                sep = self.pick(['","', '" "', '"a"'])
                return f'{self.expr(STR, d - 1)}.split({sep})'
            if d > 0 and self.chance(0.1):
                return f'{self.expr(t, d - 1)}.clone()'
            if d > 0 and 'slices' in self.f and self.chance(0.12):
                return f'{self.expr(t, d - 1)}{self.slice_suffix(d - 1)}'
            return '[' + ', '.join(self.expr(t[1], d - 1, typed=ty) for _ in range(n)) + ']'
        if k == 'dict':
            if d > 0 and 'comprehensions' in self.f and self.chance(0.25):
                return self.dict_comp(t[1], t[2], d - 1)
            n = self.r.randint(1, 3)
            return '{' + ', '.join(f'{self.expr(t[1], d - 1, typed=ty)}: {self.expr(t[2], d - 1, typed=ty)}'
                                   for _ in range(n)) + '}'
        if k == 'set':
            if d > 0 and self.chance(0.15):
                a, b = self.expr(t, d - 1), self.expr(t, d - 1)
                return f'{a}.{self.pick(["union", "intersection", "difference"])}({b})'
            n = self.r.randint(1, 3)
            return '{' + ', '.join(self.expr(t[1], d - 1, typed=ty) for _ in range(n)) + '}'
        if k == 'tuple':
            return '(' + ', '.join(self.expr(x, d - 1, typed=ty) for x in t[1]) + ')'
        if k == 'opt':
            if self.chance(0.25):
                return 'None' if ty else f'{self.helper("none", t)}()'
            if d > 0 and self.chance(0.2):
                kt = self.pick([INT, STR])
                return f'{self.expr(("dict", kt, t[1]), d - 1)}.get({self.expr(kt, d - 1)})'
            return f'Some({self.expr(t[1], d - 1, typed=ty)})'
        if k == 'res':
            if self.chance(0.35):
                e = self.expr(t[2], d - 1, typed=True)
                return f'Err({e})' if ty else f'{self.helper("err", t)}({e})'
            v = self.expr(t[1], d - 1, typed=True)
            return f'Ok({v})' if ty else f'{self.helper("ok", t)}({v})'
        if k == 'model':
            return self.construct_model(self.model(t[1]), d)
        if k == 'enum':
            return self.construct_enum(self.enum(t[1]), d)
        if k == 'fn':
            return self.closure(t, d)
        raise ValueError(t)

    def construct_model(self, m, d):
        statics = [f for f in m.methods if f.kind == 'static']
        if statics and self.chance(0.25):
            f = self.pick(statics)
            return f'{m.name}.{f.name}(' + ', '.join(self.expr(pt, d - 1, typed=True) for _, pt, _ in f.params) + ')'
        args = []
        fields = list(m.fields)
        self.r.shuffle(fields)
        for fname, ft, default in fields:
            if default is not None and self.chance(0.5):
                continue
            args.append(f'{fname}={self.expr(ft, d - 1, typed=True)}')
        return f'{m.name}(' + ', '.join(args) + ')'

    def construct_enum(self, e, d, depth=0):
        variants = e.variants
        if e.recursive and (d <= 0 or depth >= 3):
            variants = [v for v in variants if ('enum', e.name) not in v[1]]
        vname, ps = self.pick(variants)
        if not ps:
            return f'{e.name}.{vname}'
        args = []
        for p in ps:
            if p == ('enum', e.name):
                args.append(self.construct_enum(e, d - 1, depth + 1))
            else:
                args.append(self.expr(p, d - 1, typed=True))
        return f'{e.name}.{vname}(' + ', '.join(args) + ')'

    def list_comp(self, elem, d):
        self.push()
        x = self.fresh('c')
        src_kind = self.r.randint(0, 3)
        if src_kind == 0:
            src = f'range({self.r.randint(0, 6)})'
            self.declare(x, INT, readonly=True)
            target = x
        elif src_kind == 1:
            st = self.pick([INT, STR])
            src = self.expr(('list', st), d)
            self.declare(x, st, readonly=True)
            target = x
        elif src_kind == 2:
            st = self.pick([INT, STR])
            src = f'enumerate({self.expr(("list", st), d)})'
            y = self.fresh('c')
            self.declare(x, INT, readonly=True)
            self.declare(y, st, readonly=True)
            target = f'{x}, {y}'
        else:
            src = self.expr(('dict', STR, INT), d)
            self.declare(x, STR, readonly=True)
            target = x
        body = self.expr(elem, d)
        cond = f' if {self.bool_expr(d)}' if self.chance(0.4) else ''
        self.pop()
        return f'[{body} for {target} in {src}{cond}]'

    def dict_comp(self, kt, vt, d):
        self.push()
        x = self.fresh('c')
        if self.chance(0.5):
            src = f'range({self.r.randint(0, 6)})'
            self.declare(x, INT, readonly=True)
        else:
            st = self.pick([INT, STR])
            src = self.expr(('list', st), d)
            self.declare(x, st, readonly=True)
        k = self.expr(kt, d)
        v = self.expr(vt, d)
        cond = f' if {self.bool_expr(d)}' if self.chance(0.3) else ''
        self.pop()
        return '{' + f'{k}: {v} for {x} in {src}{cond}' + '}'

    def closure(self, t, d):
        self.push()
        names = []
        for pt in t[1]:
            n = self.fresh('a')
            names.append(n)
            self.declare(n, pt, readonly=True)
        body = self.expr(t[2], max(d - 1, 1))
        self.pop()
        return '(' + ', '.join(names) + ') => ' + body

    def call_returning(self, t, d):
        """A call of a user function, method or closure variable returning `t`, or None."""
        cands = []
        for f in self.funcs:
            if f.ret == t and not f.is_async and f.kind == 'plain' and self.can_call(f):
                cands.append(('f', f))
        for v in self.visible():
            if isinstance(v.ty, tuple) and v.ty[0] == 'fn' and v.ty[2] == t:
                cands.append(('c', v))
            if isinstance(v.ty, tuple) and v.ty[0] == 'model':
                for m in self.model(v.ty[1]).methods:
                    if m.kind == 'method' and m.ret == t and self.can_call(m):
                        cands.append(('m', (v, m)))
        for m in self.models:
            for f in m.methods:
                if f.kind == 'static' and f.ret == t and self.can_call(f):
                    cands.append(('s', (m, f)))
        if not cands:
            return None
        kind, x = self.pick(cands)
        if kind == 'c':
            return f'{x.name}(' + ', '.join(self.expr(pt, d, typed=True) for pt in x.ty[1]) + ')'
        if kind == 'm':
            v, m = x
            return f'{v.name}.{m.name}({self.args(m, d)})'
        if kind == 's':
            mo, f = x
            return f'{mo.name}.{f.name}({self.args(f, d)})'
        return f'{x.name}({self.args(x, d)})'

    def can_call(self, f):
        if f.prints and not self.ctx.may_print:
            return False
        if any(pm for _, _, pm in f.params):
            return False
        if self.in_fstring and f.prints:
            return False
        return f.callable_from is None or f.callable_from(self)

    def args(self, f, d):
        parts = []
        for i, (pn, pt, _) in enumerate(f.params):
            e = self.expr(pt, d, typed=True)
            if i > 0 and self.chance(0.25) and all(True for _ in f.params[i:]):
                # keyword form for this and every later argument
                rest = [f'{pn}={e}'] + [f'{qn}={self.expr(qt, d, typed=True)}' for qn, qt, _ in f.params[i + 1:]]
                return ', '.join(parts + rest)
            parts.append(e)
        return ', '.join(parts)

    # ------------------------------------------------------------------ patterns
    def literal_pattern(self, t):
        if t == INT:
            return str(self.pick([0, 1, 2, 3, 5, 7, 10, 42, 100]))
        if t == STR:
            return self.pick(['"a"', '"b"', '"hello"', '""', '"xy"'])
        if t == BOOL:
            return self.pick(['true', 'false'])
        return None

    def pattern(self, t, depth, binds, allow_refutable=True):
        """A pattern for `t`; appends bindings to `binds`. Returns (text, irrefutable)."""
        r = self.r.random()
        if not allow_refutable or depth >= 3 or r < 0.25:
            if self.chance(0.5):
                return '_', True
            n = self.fresh('p')
            binds.append((n, t))
            return n, True
        if t in (INT, STR, BOOL):
            alts = [self.literal_pattern(t) for _ in range(self.r.randint(1, 3 if t != BOOL else 1))]
            alts = list(dict.fromkeys(alts))
            return ' | '.join(alts), False
        if isinstance(t, str):
            return '_', True
        k = t[0]
        if k == 'opt':
            if self.chance(0.3):
                return 'None', False
            sub, _ = self.pattern(t[1], depth + 1, binds)
            return f'Some({sub})', False
        if k == 'res':
            c = 'Ok' if self.chance(0.5) else 'Err'
            sub, _ = self.pattern(t[1] if c == 'Ok' else t[2], depth + 1, binds)
            return f'{c}({sub})', False
        if k == 'tuple':
            subs = [self.pattern(x, depth + 1, binds) for x in t[1]]
            return '(' + ', '.join(s for s, _ in subs) + ')', all(i for _, i in subs)
        if k == 'enum':
            e = self.enum(t[1])
            vname, ps = self.pick(e.variants)
            qual = f'{e.name}.' if self.chance(0.5) else ''
            if not ps:
                return f'{qual}{vname}', len(e.variants) == 1
            subs = [self.pattern(p, depth + 1, binds) for p in ps]
            return f'{qual}{vname}(' + ', '.join(s for s, _ in subs) + ')', \
                len(e.variants) == 1 and all(i for _, i in subs)
        n = self.fresh('p')
        binds.append((n, t))
        return n, True

    def or_binding_pattern(self, t):
        """An alternation whose alternatives all bind one name; None if `t` has no such form."""
        n = self.fresh('p')
        if isinstance(t, tuple) and t[0] == 'res' and t[1] == t[2]:
            return f'Ok({n}) | Err({n})', [(n, t[1])]
        if isinstance(t, tuple) and t[0] == 'tuple' and t[1][1] in (INT, STR):
            a = self.literal_pattern(t[1][1])
            b = self.literal_pattern(t[1][1])
            rest = ', '.join('_' for _ in t[1][2:])
            rest = ', ' + rest if rest else ''
            if a != b:
                return f'({n}, {a}{rest}) | ({n}, {b}{rest})', [(n, t[1][0])]
        if isinstance(t, tuple) and t[0] == 'enum':
            e = self.enum(t[1])
            groups = {}
            for vname, ps in e.variants:
                if len(ps) >= 1:
                    groups.setdefault(ps[0], []).append((vname, ps))
            groups = [g for g in groups.values() if len(g) >= 2]
            if groups:
                g = self.pick(groups)
                alts = []
                for vname, ps in g:
                    subs = [n] + ['_'] * (len(ps) - 1)
                    alts.append(f'{e.name}.{vname}(' + ', '.join(subs) + ')')
                return ' | '.join(alts), [(n, g[0][1][0])]
        if isinstance(t, tuple) and t[0] == 'opt':
            lit = self.literal_pattern(t[1]) if t[1] in (INT, STR) else None
            if lit:
                return f'Some({n}) | Some({n})', [(n, t[1])]
        return None

    def complete_arms(self, t):
        """Arms that together cover `t`: [(pattern, binds)]."""
        if t == BOOL:
            return [('true', []), ('false', [])]
        if isinstance(t, tuple) and t[0] == 'opt':
            binds = []
            sub, _ = self.pattern(t[1], 9, binds)
            return [(f'Some({sub})', binds), ('None', [])]
        if isinstance(t, tuple) and t[0] == 'res':
            b1, b2 = [], []
            s1, _ = self.pattern(t[1], 9, b1)
            s2, _ = self.pattern(t[2], 9, b2)
            return [(f'Ok({s1})', b1), (f'Err({s2})', b2)]
        if isinstance(t, tuple) and t[0] == 'enum':
            e = self.enum(t[1])
            arms = []
            for vname, ps in e.variants:
                qual = f'{e.name}.' if self.chance(0.5) else ''
                binds = []
                if not ps:
                    arms.append((f'{qual}{vname}', binds))
                    continue
                subs = [self.pattern(p, 9, binds)[0] for p in ps]
                arms.append((f'{qual}{vname}(' + ', '.join(subs) + ')', binds))
            return arms
        binds = []
        p, _ = self.pattern(t, 9, binds)
        return [(p, binds)]

    # ------------------------------------------------------------------ statements
    def block(self, ind, n):
        """Statements at indentation `ind`; returns True if the block ended in a jump."""
        self.push()
        start = len(self.out)
        ended = False
        for _ in range(n):
            if self.budget <= 0:
                break
            if self.stmt(ind):
                ended = True
                break
        if len(self.out) == start:
            self.emit(ind, 'pass')
        self.pop()
        return ended

    def body_size(self):
        return self.r.randint(1, 4)

    def stmt(self, ind):
        self.budget -= 1
        ctx = self.ctx
        w = [('bind', 8), ('print', 6 if ctx.may_print else 0), ('assign', 5), ('mutate', 5),
             ('if', 4), ('for', 3), ('while', 1), ('loop', 1), ('match', 4 if 'match' in self.f else 0),
             ('iflet', 2), ('whilelet', 1), ('unpack', 1), ('closure', 2 if 'closures' in self.f else 0),
             ('assert', 1), ('jump', 1 if ctx.loop_depth > 0 and not ctx.in_loop_expr else 0),
             ('return', 1), ('call', 2), ('async', 4 if ctx.is_async else 0)]
        depth = len(self.scopes)
        if depth > 6 or self.budget < 3:
            w = [(k, c) for k, c in w if k not in ('if', 'for', 'while', 'loop', 'match', 'iflet',
                                                     'whilelet')]
        total = sum(c for _, c in w)
        x = self.r.uniform(0, total)
        for k, c in w:
            x -= c
            if x <= 0:
                break
        return getattr(self, 's_' + k)(ind)

    def s_bind(self, ind):
        t = self.rand_type()
        if contains_fn(t):
            t = INT
        d = self.r.randint(1, 3)
        annotate = self.chance(0.4)
        e = self.expr(t, d, typed=annotate)
        mut = self.chance(0.4)
        name = self.fresh()
        kw = 'mut ' if mut else ('let ' if self.chance(0.15) else '')
        if annotate:
            self.emit(ind, f'{kw}{name}: {tname(t)} = {e}')
        else:
            self.emit(ind, f'{kw}{name} = {e}')
        if isinstance(t, tuple) and t[0] == 'list' and self.chance(0.2):
            # an annotated empty list that later statements fill
            self.declare(name, t, mut)
            n2 = self.fresh()
            self.emit(ind, f'mut {n2}: {tname(t)} = []')
            self.declare(n2, t, True)
            return False
        self.declare(name, t, mut)
        return False

    def s_print(self, ind):
        k = self.r.randint(0, 3)
        if k == 0 and 'fstrings' in self.f:
            self.emit(ind, f'println({self.fstring(2)})')
        elif k == 1:
            t = self.rand_type()
            if contains_fn(t):
                t = STR
            self.emit(ind, f'{self.pick(["println", "print"])}({self.expr(t, 2)})')
        elif k == 2:
            t = self.rand_type()
            if contains_fn(t):
                t = INT
            self.emit(ind, f'println(f"{{{self.interp(t, 2)}:?}}")')
        else:
            vs = [v for v in self.visible() if not contains_fn(v.ty)]
            if vs:
                v = self.pick(vs)
                self.emit(ind, f'println(f"{v.name}={{{v.name}:?}}")')
            else:
                self.emit(ind, f'println({self.str_lit()})')
        return False

    def assignable(self, pred=None):
        return [v for v in self.visible() if v.mut and not v.readonly and (pred is None or pred(v))]

    def s_assign(self, ind):
        vs = self.assignable(lambda v: not contains_fn(v.ty))
        if not vs:
            return self.s_bind(ind)
        v = self.pick(vs)
        if v.ty == INT and self.chance(0.5):
            op = self.pick(['+=', '-=', '*=', '//=', '%='])
            if op in ('//=', '%='):
                self.emit(ind, f'{v.name} {op} {self.r.randint(1, 9)}')
            else:
                e, _ = self.int_expr(2)
                self.emit(ind, f'{v.name} {op} {e}')
                self.emit(ind, f'{v.name} = {v.name} % {WRAP}')
            return False
        if v.ty == STR and self.chance(0.3):
            self.emit(ind, f'{v.name} += {self.str_lit()}')
            return False
        if v.ty == FLOAT and self.chance(0.3):
            self.emit(ind, f'{v.name} {self.pick(["+=", "-=", "/="])} {self.pick(["1.5", "2.0", "0.25"])}')
            return False
        if not self.ctx.growth_ok and v.ty == STR:
            self.emit(ind, f'{v.name} = {self.str_lit()} + str({self.int_expr(1)[0]})')
            return False
        if not self.ctx.growth_ok and isinstance(v.ty, tuple):
            # avoid values growing geometrically through loop iterations
            self.emit(ind, f'{v.name} = {self.expr_no_self(v, 1)}')
            return False
        self.emit(ind, f'{v.name} = {self.expr(v.ty, 2, typed=True)}')
        return False

    def expr_no_self(self, v, d, t=None):
        """An expression of `t` (default: v's type) that does not read `v`."""
        saved = v.ty
        v.ty = ('hidden',)
        try:
            return self.expr(saved if t is None else t, d, typed=True)
        finally:
            v.ty = saved

    def s_mutate(self, ind):
        vs = [v for v in self.visible() if not v.readonly and isinstance(v.ty, tuple)
              and v.ty[0] in ('list', 'dict', 'set', 'model')]
        if not vs:
            return self.s_bind(ind)
        v = self.pick(vs)
        n, t = v.name, v.ty
        small = lambda tt: self.expr_no_self(v, 1, tt) if not self.ctx.growth_ok else self.expr(tt, 2, typed=True)
        if t[0] == 'list':
            et = t[1]
            k = self.r.randint(0, 9)
            if k <= 2:
                self.emit(ind, f'{n}.append({small(et)})')
            elif k == 3:
                if self.ctx.growth_ok:
                    self.emit(ind, f'{n}.extend({self.expr(t, 2)})')
                else:
                    self.emit(ind, f'{n}.extend([{self.expr_no_self(v, 1, et)}])')
            elif k == 4:
                self.emit(ind, f'{n}.insert(0, {small(et)})')
            elif k == 5 and orderable(et):
                self.emit(ind, f'{n}.sort()')
            elif k == 6:
                self.emit(ind, f'{n}.reverse()')
            elif k == 7:
                self.emit(ind, f'if len({n}) > 0:')
                pv = self.fresh()
                self.emit(ind + 1, f'{pv} = {n}.pop()')
                self.push()
                self.declare(pv, et)
                if self.ctx.may_print:
                    self.emit(ind + 1, f'println(f"popped {{{pv}:?}}")')
                self.pop()
            elif k == 8:
                self.emit(ind, f'if not {n}.is_empty():')
                i = self.int_expr(1)[0]
                self.emit(ind + 1, f'{n}[{i} % len({n})] = {self.expr_no_self(v, 1, et)}')
            else:
                self.emit(ind, f'if len({n}) > 1:')
                self.emit(ind + 1, f'{n}.swap(0, len({n}) - 1)')
                if self.chance(0.5):
                    self.emit(ind + 1, f'{n}.remove(1 % len({n}))')
        elif t[0] == 'dict':
            k = self.r.randint(0, 4)
            key = self.expr(t[1], 1)
            if k <= 1:
                self.emit(ind, f'{n}[{key}] = {small(t[2])}')
            elif k == 2:
                self.emit(ind, f'{n}.insert({key}, {small(t[2])})')
            elif k == 3:
                r = self.fresh()
                self.emit(ind, f'{r} = {n}.remove({key})')
                self.declare(r, ('opt', t[2]))
            else:
                if t[2] == INT:
                    self.emit(ind, f'if {key} in {n}:')
                    self.emit(ind + 1, f'{n}[{key}] += 1')
                else:
                    self.emit(ind, f'if {n}.contains_key({key}):')
                    self.emit(ind + 1, f'{n}[{key}] = {self.expr_no_self(v, 1, t[2])}')
        elif t[0] == 'set':
            if self.chance(0.6):
                self.emit(ind, f'{n}.add({self.expr(t[1], 1)})')
            else:
                r = self.fresh()
                self.emit(ind, f'{r} = {n}.remove({self.expr(t[1], 1)})')
                self.declare(r, BOOL)
        else:
            m = self.model(t[1])
            muts = [f for f in m.methods if f.kind == 'mut_method' and self.can_call_mut(f)]
            if muts and self.chance(0.5):
                f = self.pick(muts)
                self.emit(ind, f'{n}.{f.name}({self.args(f, 1)})')
            else:
                fname, ft, _ = self.pick(m.fields)
                if contains_fn(ft):
                    return False
                if ft == INT and self.chance(0.5):
                    self.emit(ind, f'{n}.{fname} += {self.r.randint(1, 9)}')
                    self.emit(ind, f'{n}.{fname} = {n}.{fname} % {WRAP}')
                else:
                    self.emit(ind, f'{n}.{fname} = {self.expr_no_self(v, 1, ft)}')
        return False

    def can_call_mut(self, f):
        return not (f.prints and not self.ctx.may_print)

    def s_if(self, ind):
        self.emit(ind, f'if {self.bool_expr(2)}:')
        self.block(ind + 1, self.body_size())
        for _ in range(self.r.randint(0, 2)):
            self.emit(ind, f'elif {self.bool_expr(2)}:')
            self.block(ind + 1, self.body_size())
        if self.chance(0.5):
            self.emit(ind, 'else:')
            self.block(ind + 1, self.body_size())
        return False

    def loop_body(self, ind, n):
        ctx = self.ctx
        saved = (ctx.loop_depth, ctx.in_loop_expr, ctx.growth_ok)
        ctx.loop_depth += 1
        ctx.in_loop_expr = False
        ctx.growth_ok = False
        self.block(ind, n)
        ctx.loop_depth, ctx.in_loop_expr, ctx.growth_ok = saved

    def s_for(self, ind):
        k = self.r.randint(0, 8)
        self.push()
        x = self.fresh('i')
        if k <= 2:
            form = self.r.randint(0, 4)
            a = self.r.randint(0, 3)
            b = self.r.randint(0, 6)
            src = [f'range({b})', f'range({a}, {b})', f'range({b}, {a}, -1)', f'{a}..{b}', f'{a}..={b}'][form]
            self.emit(ind, f'for {x} in {src}:')
            self.declare(x, INT, readonly=True)
        elif k == 3:
            et = self.scalar_type()
            self.emit(ind, f'for {x} in {self.expr(("list", et), 1)}:')
            self.declare(x, et, readonly=True)
        elif k == 4:
            y = self.fresh('i')
            et = self.scalar_type()
            self.emit(ind, f'for {x}, {y} in enumerate({self.expr(("list", et), 1)}):')
            self.declare(x, INT, readonly=True)
            self.declare(y, et, readonly=True)
        elif k == 5:
            y = self.fresh('i')
            a, b = self.scalar_type(), self.scalar_type()
            self.emit(ind, f'for {x}, {y} in zip({self.expr(("list", a), 1)}, {self.expr(("list", b), 1)}):')
            self.declare(x, a, readonly=True)
            self.declare(y, b, readonly=True)
        elif k == 6:
            kt, vt = self.pick([INT, STR]), self.scalar_type()
            dt = ('dict', kt, vt)
            form = self.r.randint(0, 3)
            if form == 3:
                y = self.fresh('i')
                self.emit(ind, f'for {x}, {y} in {self.expr(dt, 1)}.items():')
                self.declare(x, kt, readonly=True)
                self.declare(y, vt, readonly=True)
            elif form == 2:
                self.emit(ind, f'for {x} in {self.expr(dt, 1)}.values():')
                self.declare(x, vt, readonly=True)
            else:
                src = self.expr(dt, 1)
                self.emit(ind, f'for {x} in {src}{".keys()" if form else ""}:')
                self.declare(x, kt, readonly=True)
        elif k == 7:
            self.emit(ind, f'for {x} in {self.expr(STR, 1)}:')
            self.declare(x, STR, readonly=True)
        else:
            et = self.pick([INT, STR])
            self.emit(ind, f'for {x} in {self.expr(("set", et), 1)}:')
            self.declare(x, et, readonly=True)
        self.loop_body(ind + 1, self.body_size())
        self.pop()
        return False

    def s_while(self, ind):
        c = self.fresh('w')
        self.emit(ind, f'mut {c} = 0')
        self.emit(ind, f'while {c} < {self.r.randint(0, 5)}:')
        self.emit(ind + 1, f'{c} += 1')
        self.push()
        self.declare(c, INT, readonly=True)
        self.loop_body(ind + 1, self.body_size())
        self.pop()
        self.declare(c, INT)
        return False

    def s_loop(self, ind):
        c = self.fresh('w')
        self.emit(ind, f'mut {c} = 0')
        t = self.rand_type(1)
        if contains_fn(t):
            t = INT
        name = self.fresh()
        as_stmt = self.chance(0.2)
        if as_stmt:
            self.emit(ind, 'loop:')
        else:
            self.emit(ind, f'{name} = loop:')
        self.emit(ind + 1, f'{c} += 1')
        self.push()
        self.declare(c, INT, readonly=True)
        self.emit(ind + 1, f'if {c} >= {self.r.randint(1, 4)}:')
        self.push()
        self.emit(ind + 2, 'break' if as_stmt else f'break {self.expr(t, 2)}')
        self.pop()
        ctx = self.ctx
        saved = (ctx.loop_depth, ctx.in_loop_expr, ctx.growth_ok)
        ctx.in_loop_expr = True
        ctx.growth_ok = False
        self.block(ind + 1, self.body_size())
        ctx.loop_depth, ctx.in_loop_expr, ctx.growth_ok = saved
        self.pop()
        self.declare(c, INT)
        if not as_stmt:
            self.declare(name, t)
        return False

    def s_jump(self, ind):
        self.emit(ind, f'if {self.bool_expr(1)}:')
        self.emit(ind + 1, self.pick(['break', 'continue']))
        return False

    def s_return(self, ind):
        if self.ctx.ret is None:
            return False
        if self.ctx.ret == NONE:
            if self.chance(0.5):
                self.emit(ind, 'if ' + self.bool_expr(1) + ':')
                self.emit(ind + 1, 'return')
                return False
            return False
        self.emit(ind, 'if ' + self.bool_expr(1) + ':')
        self.push()
        self.emit(ind + 1, f'return {self.expr(self.ctx.ret, 2, typed=True)}')
        self.pop()
        return False

    def s_unpack(self, ind):
        ts = tuple(self.scalar_type() for _ in range(self.r.randint(2, 3)))
        names = [self.fresh() for _ in ts]
        mut = self.chance(0.3)
        self.emit(ind, ('mut ' if mut else '') + ', '.join(names) + f' = {self.expr(("tuple", ts), 2)}')
        for n, t in zip(names, ts):
            self.declare(n, t, mut)
        return False

    def s_assert(self, ind):
        vs = [v for v in self.visible() if self.eq_type(v.ty)]
        if vs and self.chance(0.6):
            v = self.pick(vs)
            self.emit(ind, f'assert {v.name} == {v.name}')
        else:
            n = self.int_expr(1)[0]
            self.emit(ind, f'assert abs({n}) >= 0, "abs is never negative"')
        return False

    def s_closure(self, ind):
        pts = tuple(self.scalar_type() for _ in range(self.r.randint(0, 2)))
        rt = self.scalar_type()
        t = ('fn', pts, rt)
        name = self.fresh('f')
        self.emit(ind, f'{name} = {self.closure(t, 2)}')
        call = f'{name}(' + ', '.join(self.expr(p, 1) for p in pts) + ')'
        res = self.fresh()
        self.emit(ind, f'{res} = {call}')
        self.declare(name, t)
        self.declare(res, rt)
        if self.ctx.may_print and self.chance(0.5):
            self.emit(ind, f'println({res})')
        # pass a closure to a higher-order function when one fits
        facs = [f for f in self.funcs if f.kind == 'factory' and self.can_call(f)]
        if facs and self.chance(0.5):
            f = self.pick(facs)
            c, r3 = self.fresh('f'), self.fresh()
            self.emit(ind, f'{c} = {f.name}({self.args(f, 1)})')
            self.emit(ind, f'{r3} = {c}({self.expr(INT, 1)})')
            self.declare(c, f.ret)
            self.declare(r3, INT)
        hofs = [f for f in self.funcs if f.kind == 'hof' and self.can_call(f)]
        if hofs and self.chance(0.5):
            f = self.pick(hofs)
            r2 = self.fresh()
            self.emit(ind, f'{r2} = {f.name}({self.closure(f.params[0][1], 2)}, {self.expr(INT, 1)})')
            self.declare(r2, f.ret)
        return False

    def s_call(self, ind):
        ctx = self.ctx
        inout = [f for f in self.funcs if any(pm for _, _, pm in f.params) and not f.is_async
                 and not (f.prints and not ctx.may_print)]
        if inout and self.chance(0.5):
            f = self.pick(inout)
            args = []
            for pn, pt, pm in f.params:
                if pm:
                    vs = self.assignable(lambda v, pt=pt: v.ty == pt)
                    if not vs:
                        n = self.fresh()
                        self.emit(ind, f'mut {n}: {tname(pt)} = {self.expr(pt, 1)}')
                        self.declare(n, pt, True)
                        args.append(n)
                    else:
                        args.append(self.pick(vs).name)
                else:
                    args.append(self.expr(pt, 1))
            self.emit(ind, f'{f.name}({", ".join(args)})')
            return False
        t = self.rand_type(1)
        c = self.call_returning(t, 2)
        if c:
            n = self.fresh()
            self.emit(ind, f'{n} = {c}')
            self.declare(n, t)
        return False

    def s_match(self, ind):
        t = self.rand_type(1)
        if contains_fn(t) or t == FLOAT:
            t = INT
        if self.enums and self.chance(0.35):
            t = ('enum', self.pick(self.enums).name)
        subj = self.expr(t, 2)
        self.emit(ind, f'match {subj}:')
        arms = []
        # refutable and guarded arms first
        for _ in range(self.r.randint(0, 3)):
            if 'or-bindings' in self.f and self.chance(0.25):
                ob = self.or_binding_pattern(t)
                if ob:
                    arms.append((ob[0], ob[1], None))
                    continue
            binds = []
            p, _ = self.pattern(t, 0, binds)
            guard = None
            if self.chance(0.3):
                self.push()
                for bn, bt in binds:
                    self.declare(bn, bt, readonly=True)
                guard = self.bool_expr(1)
                self.pop()
            arms.append((p, binds, guard))
        if self.chance(0.5):
            for p, b in self.complete_arms(t):
                arms.append((p, b, None))
        else:
            if self.chance(0.5):
                arms.append(('_', [], None))
            else:
                n = self.fresh('p')
                arms.append((n, [(n, t)], None))
        for p, binds, guard in arms:
            self.arm(ind + 1, p, binds, guard)
        return False

    def arm(self, ind, p, binds, guard):
        self.push()
        for bn, bt in binds:
            self.declare(bn, bt, readonly=True)
        style = self.r.randint(0, 3)
        if guard is not None:
            style = 0 if self.chance(0.8) else 3
        g = f' if {guard}' if guard else ''
        if style == 0:
            self.emit(ind, f'case {p}{g}:')
            self.block(ind + 1, self.body_size())
        elif style == 1 and self.ctx.may_print:
            self.emit(ind, f'case {p}: println({self.arm_value(binds)})')
        elif style == 2 and self.ctx.may_print:
            self.emit(ind, f'{p} => println({self.arm_value(binds)})')
        elif style == 3:
            self.emit(ind, f'{p}{g} =>')
            self.block(ind + 1, self.body_size())
        else:
            self.emit(ind, f'{p} => pass')
        self.pop()

    def arm_value(self, binds):
        if binds and self.chance(0.7):
            bn, _ = self.pick(binds)
            return f'f"arm {bn}={{{bn}:?}}"'
        return self.str_lit()

    def s_iflet(self, ind):
        t = self.pick([('opt', self.scalar_type()), ('res', self.scalar_type(), STR)])
        if self.enums and self.chance(0.3):
            t = ('enum', self.pick(self.enums).name)
        binds = []
        if t[0] == 'opt':
            p = f'Some({self.pattern(t[1], 1, binds)[0]})'
        elif t[0] == 'res':
            c = self.pick(['Ok', 'Err'])
            p = f'{c}({self.pattern(t[1] if c == "Ok" else t[2], 1, binds)[0]})'
        else:
            p, _ = self.pattern(t, 0, binds, allow_refutable=True)
            if p == '_' or (binds and p == binds[0][0]):
                e = self.enum(t[1])
                vname, ps = self.pick(e.variants)
                binds = []
                p = f'{e.name}.{vname}' + ('(' + ', '.join(self.pattern(x, 2, binds)[0] for x in ps) + ')'
                                           if ps else '')
        if self.chance(0.2) and t[0] in ('opt', 'res'):
            alt = 'None' if t[0] == 'opt' else None
            if alt and not binds:
                p = f'{p} | {alt}'
        self.emit(ind, f'if let {p} = {self.expr(t, 2)}:')
        self.push()
        for bn, bt in binds:
            self.declare(bn, bt, readonly=True)
        self.block(ind + 1, self.body_size())
        self.pop()
        return False

    def s_whilelet(self, ind):
        c = self.fresh('w')
        self.emit(ind, f'mut {c}: Option[int] = Some({self.r.randint(0, 4)})')
        n = self.fresh('p')
        self.emit(ind, f'while let Some({n}) = {c}:')
        self.emit(ind + 1, f'if {n} > 0:')
        self.emit(ind + 2, f'{c} = Some({n} - 1)')
        self.emit(ind + 1, 'else:')
        self.emit(ind + 2, f'{c} = None')
        self.push()
        self.declare(n, INT, readonly=True)
        self.loop_body(ind + 1, self.body_size())
        self.pop()
        return False

    # ------------------------------------------------------------------ async statements
    def s_async(self, ind):
        afs = [f for f in self.funcs if f.is_async]
        if not afs:
            return False
        k = self.r.randint(0, 7)
        f = self.pick(afs)
        if k <= 1:
            n = self.fresh()
            self.emit(ind, f'{n} = await {f.name}({self.async_args(f, ind)})')
            self.declare(n, f.ret)
            if self.ctx.may_print:
                self.emit(ind, f'println(f"{n}={{{n}:?}}")')
            return False
        if k <= 3:
            hs = []
            for _ in range(self.r.randint(1, 3)):
                g = self.pick(afs)
                h = self.fresh('h')
                self.emit(ind, f'{h} = spawn({g.name}({self.async_args(g, ind)}))')
                hs.append((h, g))
            for h, g in hs:
                if self.ctx.may_print and self.chance(0.5):
                    p = self.fresh('p')
                    self.emit(ind, f'match await {h}:')
                    self.emit(ind + 1, f'Ok({p}) => println(f"joined {{{p}:?}}")')
                    self.emit(ind + 1, 'Err(e) => println(e.message())')
                else:
                    n = self.fresh()
                    self.emit(ind, f'{n} = (await {h}).unwrap()')
                    self.declare(n, g.ret)
            return False
        if k == 4 and self.ctx.may_print:
            self.imports.add('from std.async.time import timeout_ms')
            n = self.fresh()
            self.emit(ind, f'{n} = await timeout_ms(60000, {f.name}({self.async_args(f, ind)}))')
            self.emit(ind, f'println(f"timeout result {{{n}.is_ok()}}")')
            return False
        if k == 5 and self.ctx.may_print and self.producer:
            self.channel_stmt(ind)
            return False
        if k == 6 and self.ctx.may_print and self.worker:
            self.mutex_stmt(ind)
            return False
        if k == 7 and 'closures' in self.f:
            # a blocking closure: captures are copied into the task
            h, n = self.fresh('h'), self.fresh()
            saved = self.ctx.may_print
            self.ctx.may_print = False
            body = self.expr(INT, 2)
            self.ctx.may_print = saved
            self.emit(ind, f'{h} = spawn_blocking(() => {body})')
            self.emit(ind, f'{n} = (await {h}).unwrap()')
            self.declare(n, INT)
            return False
        self.emit(ind, self.pick(['await yield_now()', 'await sleep_ms(0)', 'await sleep(0.001)']))
        return False

    def async_args(self, f, ind):
        self.pre_ind = ind
        parts = []
        for pn, pt, _ in f.params:
            if 'await-literal-args' not in self.f and isinstance(pt, tuple) and \
                    pt[0] in ('list', 'dict', 'set', 'tuple'):
                vs = self.vars_of(pt)
                if vs:
                    parts.append(self.pick(vs).name)
                else:
                    parts.append(self.fallback_coll(pt))
            else:
                parts.append(self.expr(pt, 1, typed=True))
        return ', '.join(parts)

    def fallback_coll(self, pt):
        # A collection argument that is not a literal: built by a helper call.
        c = self.call_returning(pt, 1)
        if c:
            return c
        n = self.fresh('t')
        self.emit(self.pre_ind, f'{n}: {tname(pt)} = {self.expr(pt, 1, typed=True)}')
        return n

    def channel_stmt(self, ind):
        tx, rx = self.fresh('tx'), self.fresh('rx')
        cap = self.r.randint(1, 8)
        bounded = self.chance(0.7)
        if bounded:
            self.emit(ind, f'{tx}, {rx} = channel[int]({cap})')
        else:
            self.emit(ind, f'{tx}, {rx} = unbounded_channel[int]()')
        nprod = self.r.randint(1, 3)
        hs = []
        for i in range(nprod):
            h = self.fresh('h')
            arg = f'{tx}.clone()' if i < nprod - 1 else tx
            self.emit(ind, f'{h} = spawn({self.producer}({arg}, {self.r.randint(0, 30)}, {self.r.randint(1, 9)}))')
            hs.append(h)
        tot, cnt, v = self.fresh(), self.fresh(), self.fresh('p')
        self.emit(ind, f'mut {tot} = 0')
        self.emit(ind, f'mut {cnt} = 0')
        self.emit(ind, f'while let Some({v}) = await {rx}.recv():')
        self.emit(ind + 1, f'{tot} = ({tot} + {v}) % {WRAP}')
        self.emit(ind + 1, f'{cnt} += 1')
        for h in hs:
            self.emit(ind, f'_ = await {h}')
        self.emit(ind, f'println(f"channel {{{cnt}}} {{{tot}}}")')
        self.declare(tot, INT, True)
        self.declare(cnt, INT, True)
        if self.chance(0.5):
            otx, orx = self.fresh('tx'), self.fresh('rx')
            self.emit(ind, f'{otx}, {orx} = oneshot[str]()')
            self.emit(ind, f'_ = {otx}.send({self.str_lit()})')
            p = self.fresh('p')
            self.emit(ind, f'match await {orx}.recv():')
            self.emit(ind + 1, f'Ok({p}) => println({p})')
            self.emit(ind + 1, 'Err(e) => println(e.message())')

    def mutex_stmt(self, ind):
        m = self.fresh('m')
        self.emit(ind, f'{m} = Mutex.new({self.r.randint(0, 9)})')
        hs = []
        for _ in range(self.r.randint(1, 4)):
            h = self.fresh('h')
            self.emit(ind, f'{h} = spawn({self.worker}({m}, {self.r.randint(0, 20)}))')
            hs.append(h)
        for h in hs:
            self.emit(ind, f'_ = await {h}')
        self.emit(ind, f'println(f"mutex {{(await {m}.lock()).get()}}")')

    # ------------------------------------------------------------------ declarations
    def gen_model(self, idx):
        name = f'M{idx}'
        fields = []
        for i in range(self.r.randint(1, 4)):
            fields.append((f'f{i}', self.member_type(), None))
        eq = all(self.eq_type(ft) for _, ft, _ in fields) and self.chance(0.6)
        m = Model(name, fields, eq)
        self.models.append(m)
        return m

    def emit_model(self, m):
        if m.eq:
            self.emit(0, '@derive(Eq)' if self.chance(0.7) else '@derive(Debug, Clone, Eq)')
        self.emit(0, f'model {m.name}:')
        if self.chance(0.3):
            self.emit(1, '"""A generated model."""')
        new_fields = []
        for fname, ft, _ in m.fields:
            default = None
            if self.chance(0.3) and ft in (INT, STR, BOOL):
                self.ctx = FnCtx(None, False, False)
                self.push()
                default = self.expr(ft, 1)
                self.pop()
                self.emit(1, f'{fname}: {tname(ft)} = {default}')
            else:
                self.emit(1, f'{fname}: {tname(ft)}')
            new_fields.append((fname, ft, default))
        m.fields = new_fields
        # methods: a getter-like computation, a mutating method, a static constructor
        self_t = ('model', m.name)
        int_fields = [fn for fn, ft, _ in m.fields if ft == INT]
        meths = []
        if True:
            rt = self.scalar_type()
            f = Func(f'calc{self.counter}', [(self.fresh('x'), INT, False)], rt, kind='method')
            self.counter += 1
            f.callable_from = None
            meths.append(f)
        if int_fields or self.chance(0.5):
            f = Func(f'bump{self.counter}', [(self.fresh('x'), INT, False)], NONE, kind='mut_method')
            self.counter += 1
            f.callable_from = None
            meths.append(f)
        if self.chance(0.6):
            f = Func(f'make{self.counter}', [(self.fresh('x'), INT, False)], self_t, kind='static')
            self.counter += 1
            f.callable_from = None
            meths.append(f)
        for f in meths:
            self.emit(0, '')
            self.ctx = FnCtx(f.ret, False, False)
            self.push()
            if f.kind == 'static':
                self.emit(1, '@staticmethod')
                sig = ', '.join(f'{pn}: {tname(pt)}' for pn, pt, _ in f.params)
            else:
                self.declare('self', self_t, readonly=(f.kind == 'method'))
                sig = ', '.join([('mut self' if f.kind == 'mut_method' else 'self')] +
                                [f'{pn}: {tname(pt)}' for pn, pt, _ in f.params])
            for pn, pt, _ in f.params:
                self.declare(pn, pt, readonly=True)
            self.emit(1, f'def {f.name}({sig}) -> {tname(f.ret)}:')
            if f.kind == 'static':
                self.budget = 2
                self.block_then_return(2, f.ret, self.r.randint(0, 2))
            elif f.kind == 'method':
                self.push()
                for fname, ft, _ in m.fields:
                    self.declare(f'self.{fname}', ft, readonly=True)
                self.budget = 3
                self.block_then_return(2, f.ret, self.r.randint(0, 2))
                self.pop()
            else:
                x = f.params[0][0]
                if int_fields:
                    fld = self.pick(int_fields)
                    self.emit(2, f'self.{fld} = (self.{fld} + {x}) % {WRAP}')
                else:
                    fname, ft, _ = self.pick(m.fields)
                    self.push()
                    for fn2, ft2, _ in m.fields:
                        self.declare(f'self.{fn2}', ft2, readonly=True)
                    self.emit(2, f'self.{fname} = {self.expr(ft, 1)}')
                    self.pop()
            self.pop()
        m.methods = meths
        self.emit(0, '')

    def gen_enum(self, idx):
        name = f'E{idx}'
        recursive = 'recursive-enums' in self.f and self.chance(0.4)
        variants = []
        nv = self.r.randint(1, 4)
        for i in range(nv):
            ps = []
            if self.chance(0.65):
                for _ in range(self.r.randint(1, 3)):
                    ps.append(self.member_type())
            variants.append((f'V{idx}x{i}', ps))
        if recursive:
            variants.insert(0, (f'Leaf{idx}', [INT]))
            selfs = self.r.randint(1, 2)
            variants.append((f'Node{idx}', [('enum', name)] * selfs + [INT] * self.r.randint(0, 1)))
        e = Enum(name, variants, recursive)
        self.enums.append(e)
        return e

    def emit_enum(self, e):
        if self.chance(0.2):
            self.emit(0, '@derive(Debug, Eq)')
        self.emit(0, f'enum {e.name}:')
        for vname, ps in e.variants:
            if ps:
                self.emit(1, f'{vname}(' + ', '.join(tname(p) for p in ps) + ')')
            else:
                self.emit(1, vname)
        self.emit(0, '')
        self_t = ('enum', e.name)
        # a method that matches on self
        self.ctx = FnCtx(INT, False, False)
        self.push()
        self.declare('self', self_t, readonly=True)
        self.emit(1, 'def score(self) -> int:')
        self.emit(2, 'match self:')
        for vname, ps in e.variants:
            subs = []
            parts = []
            for j, p in enumerate(ps):
                b = f'x{j}'
                subs.append(b)
                if p == INT:
                    parts.append(b)
                elif p == self_t:
                    parts.append(f'{b}.score()')
                elif p == STR:
                    parts.append(f'len({b})')
                elif p == BOOL:
                    parts.append(f'int({b})')
                else:
                    subs[-1] = '_'
            pat = f'{vname}(' + ', '.join(subs) + ')' if ps else vname
            val = f'({" + ".join(parts)}) % {WRAP}' if parts else str(self.r.randint(0, 99))
            self.emit(3, f'{pat} => return {val}')
        self.pop()
        self.emit(0, '')
        f = Func('score', [], INT, kind='method')
        f.callable_from = None
        e.methods.append(f)

    def gen_func(self, idx, is_async=False):
        name = f'{"af" if is_async else "fn"}{idx}'
        kind = 'plain'
        params = []
        for _ in range(self.r.randint(0, 3)):
            pt = self.rand_type(1)
            if contains_fn(pt):
                pt = INT
            params.append((self.fresh('q'), pt, False))
        ret = self.rand_type(1)
        if contains_fn(ret):
            ret = INT
        if self.chance(0.12):
            ret = NONE
        if not is_async and 'try' in self.f and self.chance(0.2):
            ret = ('res', self.scalar_type(), STR)
        if not is_async and self.chance(0.1):
            kind = 'inout'
            pt = self.pick([('list', INT), STR, ('dict', STR, INT)])
            params.insert(0, (self.fresh('q'), pt, True))
            ret = NONE
        if not is_async and kind == 'plain' and 'closures' in self.f and self.chance(0.08):
            kind = 'factory'  # returns a closure over its parameter (copy capture)
            params = [(self.fresh('q'), self.pick([INT, STR]), False)]
            ret = ('fn', (INT,), INT)
        elif not is_async and kind == 'plain' and 'closures' in self.f and self.chance(0.1):
            kind = 'hof'
            params = [(self.fresh('g'), ('fn', (INT,), INT), False), (self.fresh('q'), INT, False)]
            ret = INT
        prints = not is_async and self.chance(0.3)
        f = Func(name, params, ret, is_async, prints, kind)
        f.callable_from = (lambda g: g.ctx.is_async) if is_async else None
        return f

    def emit_func(self, f):
        self.ctx = FnCtx(f.ret, f.is_async, f.prints,
                         result_err=f.ret[2] if isinstance(f.ret, tuple) and f.ret[0] == 'res' else None)
        self.push()
        sig = []
        for pn, pt, pm in f.params:
            sig.append(f'{"mut " if pm else ""}{pn}: {tname(pt)}')
            self.declare(pn, pt, mut=pm, readonly=not pm)
        self.emit(0, f'{"async " if f.is_async else ""}def {f.name}({", ".join(sig)}) -> {tname(f.ret)}:')
        if self.chance(0.2):
            self.emit(1, f'"""{f.name}: generated."""')
        self.budget = self.r.randint(3, 4 + self.size)
        if f.kind == 'factory':
            q, qt = f.params[0][0], f.params[0][1]
            x = self.fresh('a')
            use = q if qt == INT else f'len({q})'
            self.emit(1, f'return ({x}) => ({x} * {self.r.randint(1, 9)} + {use}) % {WRAP}')
        elif f.kind == 'hof':
            g, q = f.params[0][0], f.params[1][0]
            self.emit(1, f'return ({g}({q}) + {g}({g}({q}) % {WRAP})) % {WRAP}')
        elif f.kind == 'inout':
            self.ctx.growth_ok = False  # called in loops, the in-out value persists
            pn, pt, _ = f.params[0]
            if pt == STR:
                self.emit(1, f'{pn} = {pn} + {self.str_lit()}')
                self.emit(1, f'if len({pn}) > 40:')
                self.emit(2, f'{pn} = "reset"')
            elif pt[0] == 'list':
                self.emit(1, f'{pn}.append({self.expr(INT, 1)})')
                self.emit(1, f'if len({pn}) > 20:')
                self.emit(2, f'{pn}.clear()')
            else:
                self.emit(1, f'{pn}[{self.expr(STR, 1)}] = {self.expr(INT, 1)}')
            self.block(1, self.r.randint(0, 2))
        elif self.ctx.result_err is not None:
            tries = [g for g in self.funcs if isinstance(g.ret, tuple) and g.ret[0] == 'res'
                     and g.ret[2] == f.ret[2] and not g.is_async and self.can_call(g)]
            if tries:
                g = self.pick(tries)
                n = self.fresh()
                self.emit(1, f'{n} = {g.name}({self.args(g, 1)})?')
                self.declare(n, g.ret[1])
            self.emit(1, f'if {self.bool_expr(1)}:')
            self.emit(2, f'return Err({self.expr(f.ret[2], 1, typed=True)})')
            self.block_then_return(1, f.ret, self.r.randint(1, 3))
        else:
            if f.is_async and self.chance(0.5):
                self.emit(1, self.pick(['await yield_now()', 'await sleep_ms(1)', 'await sleep(0.0)']))
            self.block_then_return(1, f.ret, self.r.randint(1, 4))
        self.pop()
        self.emit(0, '')
        self.funcs.append(f)

    def block_then_return(self, ind, ret, n):
        self.push()
        for _ in range(n):
            if self.budget <= 0:
                break
            if self.stmt(ind):
                break
        if ret == NONE:
            if self.out[-1].strip().endswith(':'):
                self.emit(ind, 'pass')
        else:
            self.emit(ind, f'return {self.expr(ret, 2, typed=True)}')
        self.pop()

    def emit_recursive_helpers(self):
        """Structurally recursive functions: an evaluator per recursive enum and a countdown."""
        for e in self.enums:
            if not e.recursive:
                continue
            t = ('enum', e.name)
            f = Func(f'eval_{e.name.lower()}', [('node', t, False)], INT)
            f.callable_from = None
            self.emit(0, f'def {f.name}(node: {e.name}) -> int:')
            self.emit(1, 'match node:')
            for vname, ps in e.variants:
                subs, parts = [], []
                for j, p in enumerate(ps):
                    if p == t:
                        subs.append(f'c{j}')
                        parts.append(f'{f.name}(c{j})')
                    elif p == INT:
                        subs.append(f'n{j}')
                        parts.append(f'n{j}')
                    else:
                        subs.append('_')
                pat = f'{e.name}.{vname}(' + ', '.join(subs) + ')' if ps else f'{e.name}.{vname}'
                if len(parts) >= 2 and self.chance(0.5):
                    val = f'({parts[0]} * 3 - {parts[1]}) % {WRAP}'
                elif parts:
                    val = f'({" + ".join(parts)}) % {WRAP}'
                else:
                    val = '1'
                self.emit(2, f'case {pat}:')
                self.emit(3, f'return {val}')
            self.emit(0, '')
            self.funcs.append(f)
        f = Func('countdown', [('n', INT, False)], INT, kind='countdown')  # called with small n only
        f.callable_from = None
        self.emit(0, 'def countdown(n: int) -> int:')
        self.emit(1, 'if n <= 0:')
        self.emit(2, 'return 1')
        self.emit(1, f'return (n * 2 + countdown(n - 1) + countdown(n - 2)) % {WRAP}')
        self.emit(0, '')
        self.funcs.append(f)

    def emit_async_helpers(self):
        self.producer = self.worker = None
        if 'async' not in self.f:
            return
        self.producer = 'produce'
        self.emit(0, 'async def produce(tx: Sender[int], start: int, n: int) -> None:')
        self.emit(1, 'for i in range(start, start + n):')
        self.emit(2, 'match await tx.send(i):')
        self.emit(3, 'Ok(_) => pass')
        self.emit(3, 'Err(_) => return')
        self.emit(0, '')
        self.worker = 'work'
        self.emit(0, 'async def work(m: Mutex[int], n: int) -> None:')
        self.emit(1, 'for i in range(n):')
        self.emit(2, 'guard = await m.lock()')
        self.emit(2, f'guard.set((guard.get() + i) % {WRAP})')
        self.emit(2, 'if i % 3 == 0:')
        self.emit(3, 'await yield_now()')
        self.emit(0, '')

    def program(self):
        body = []
        is_async = 'async' in self.f and self.chance(0.5)
        if not is_async:
            self.f = [x for x in self.f if x != 'async']
        self.ctx = FnCtx(None, False, False)
        self.producer = self.worker = None
        self.push()  # module scope: the consts
        if 'consts' in self.f:
            self.emit_consts()
        decls = []
        n_enums = self.r.randint(0, 3) if 'enums' in self.f else 0
        n_models = self.r.randint(0, 3) if 'models' in self.f else 0
        for i in range(n_enums):
            decls.append(('enum', self.gen_enum(i)))
        for i in range(n_models):
            decls.append(('model', self.gen_model(i)))
        for _, d in decls:
            if isinstance(d, Enum):
                self.emit_enum(d)
            else:
                self.emit_model(d)
        self.emit_recursive_helpers()
        if is_async:
            self.emit_async_helpers()
        for i in range(self.r.randint(2, 3 + self.size // 2)):
            self.emit_func(self.gen_func(i))
        if is_async:
            for i in range(self.r.randint(1, 3)):
                self.emit_func(self.gen_func(i, is_async=True))
        # main
        self.ctx = FnCtx(NONE, is_async, True)
        self.emit(0, f'{"async " if is_async else ""}def main() -> None:')
        main_start = len(self.out)
        self.budget = 12 + self.size * 4
        self.push()
        for e in self.enums:
            if e.recursive:
                n = self.fresh('tree')
                self.emit(1, f'{n} = {self.construct_enum(e, 4)}')
                self.emit(1, f'println(f"{{eval_{e.name.lower()}({n})}} {{{n}.score()}}")')
                self.declare(n, ('enum', e.name))
        self.emit(1, f'println(countdown({self.r.randint(0, 12)}))')
        while self.budget > 0:
            self.stmt(1)
        self.pop()
        self.pop()
        head = ['# Generated by tools/fuzz/gen.py.']
        if is_async:
            head += ['import std.async', 'from std.async.task import spawn, spawn_blocking, yield_now',
                     'from std.async.time import sleep, sleep_ms',
                     'from std.async.channel import channel, unbounded_channel, oneshot, Sender',
                     'from std.async.sync import Mutex']
            head += sorted(self.imports)
        return '\n'.join(head + [''] + self.out + [''] + self.helper_defs).rstrip('\n') + '\n'

    def expr_plain(self, t):
        """A literal value of `t` using no variables (for bindings hoisted to main's top)."""
        saved = self.scopes
        self.scopes = [{}]
        try:
            return self.expr(t, 1)
        finally:
            self.scopes = saved


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--size', type=int, default=4, help='rough program size (default 4)')
    ap.add_argument('--safe', action='store_true', help='disable every feature that reaches a known open bug: '
                    + ', '.join(KNOWN_BUG_FEATURES))
    for feat in FEATURES:
        ap.add_argument(f'--no-{feat}', action='store_true', help=f'never generate {feat}')
    args = ap.parse_args()
    features = []
    for feat in FEATURES:
        if getattr(args, 'no_' + feat.replace('-', '_')):
            continue
        if args.safe and feat in KNOWN_BUG_FEATURES:
            continue
        features.append(feat)
    sys.stdout.write(Gen(args.seed, features, args.size).program())


if __name__ == '__main__':
    main()

"""The oracle of tools/fuzz/run: what a generated program must satisfy.

Stages, in order, each a failure class when it fails:
  check-crash   `incan check` crashed, hung, or reported an internal error
  check-reject  `incan check` reported a diagnostic for a program the generator made
                well-typed (a checker bug, or a generator bug to fix)
  cxx-error     the C++ compiler rejected the generated code (an internal error)
  build-fail    `incan build` failed otherwise, or hung
  sanitizer     the ASan/UBSan build reported an error
  run-fail      a binary exited non-zero, was killed, or wrote to stderr
  hang          a binary exceeded its time limit
  output-diff   -O0, -O2 and the sanitizer build printed different output
"""

import os
import re
import signal
import subprocess

CHECK_TIMEOUT = 30
BUILD_TIMEOUT = 600
SANITIZER_MARKERS = ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:',
                     'UndefinedBehaviorSanitizer', 'SUMMARY: AddressSanitizer')


class Failure:
    def __init__(self, cls, detail, key=''):
        self.cls = cls
        self.detail = detail.strip()
        self.key = key  # what must stay the same while reducing

    def signature(self):
        return f'{self.cls}: {self.key}' if self.key else self.cls

    def __repr__(self):
        return f'Failure({self.cls!r}, {self.detail!r})'


def _run(cmd, timeout, env=None):
    """(returncode or 'timeout', stdout, stderr) with the whole process group killed on timeout."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return 'timeout', out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')


def _normalize_cxx_error(stderr):
    """First C++ compiler error, with locations and quoted names blurred: the reduction key."""
    for line in stderr.splitlines():
        m = re.search(r'error: (.*)', line)
        if m and 'internal compiler error: the C++ compiler' not in line:
            msg = m.group(1)
            msg = re.sub(r'‘[^’]*’', '‘_’', msg)
            msg = re.sub(r"'[^']*'", "'_'", msg)
            return msg[:120]
    return ''


def _diag_kind(stderr):
    m = re.search(r'error\[\w+\]: .*\[(\w+)\]', stderr)
    return m.group(1) if m else ''


def _sanitizer_kind(stderr):
    m = re.search(r'ERROR: AddressSanitizer: ([\w-]+)', stderr)
    if m:
        return m.group(1)
    m = re.search(r'runtime error: ([a-z ]+)', stderr)
    if m:
        return 'ub: ' + m.group(1).strip()[:60]
    if 'LeakSanitizer' in stderr:
        return 'leak'
    return 'other'


class Oracle:
    def __init__(self, incan, cache_dir, verbose=False, run_timeout=20):
        self.incan = incan
        self.env = dict(os.environ, INCAN_CACHE_DIR=cache_dir, NO_COLOR='1',
                        ASAN_OPTIONS='detect_leaks=1:abort_on_error=0',
                        UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1')
        self.verbose = verbose
        self.run_timeout = run_timeout

    def say(self, msg):
        if self.verbose:
            print(f'  oracle: {msg}', flush=True)

    def test(self, text, workdir, want=None):
        """Runs the stages on `text`; returns the first Failure, or None.

        With `want` (a Failure), only the stages that can reproduce that failure's class
        run, and a different failure counts as None (the reducer's predicate)."""
        src = os.path.join(workdir, 'prog.incn')
        with open(src, 'w') as f:
            f.write(text)
        f = self._check(src)
        if f or (want and want.cls in ('check-crash', 'check-reject')):
            return f
        cls = want.cls if want else None
        modes = [('O0', ['-O0']), ('O2', ['-O2']), ('asan', ['-O1', '--sanitize=address,undefined'])]
        if cls in ('cxx-error', 'build-fail', 'run-fail', 'hang'):
            # only the build mode that failed (the detail starts with its name)
            mode = want.detail.split(':')[0].split(' ')[0]
            modes = [m for m in modes if m[0] == mode] or modes
        elif cls == 'sanitizer':
            modes = modes[2:]
        outputs = {}
        for name, flags in modes:
            exe = os.path.join(workdir, f'prog-{name}')
            f = self._build(src, exe, flags, name)
            if f:
                return f
            if cls in ('cxx-error', 'build-fail'):
                continue
            timeout = self.run_timeout * (3 if name == 'asan' else 1)
            rc, out, err = _run([exe], timeout, env=self.env)
            self.say(f'run {name}: exit {rc}, {len(out)} bytes out, {len(err)} bytes err')
            if rc == 'timeout':
                return Failure('hang', f'{name} binary ran over {timeout:.0f}s', name)
            if any(m in err for m in SANITIZER_MARKERS):
                kind = _sanitizer_kind(err)
                lines = [ln for ln in err.splitlines() if any(m in ln for m in SANITIZER_MARKERS)]
                return Failure('sanitizer', f'{kind}: {lines[0] if lines else ""}', kind)
            if rc != 0 or err:
                first = err.strip().splitlines()[0] if err.strip() else ''
                return Failure('run-fail', f'{name} binary exited {rc}: {first}'[:300], f'exit {rc}')
            outputs[name] = out
        if len(set(outputs.values())) > 1:
            names = list(outputs)
            a = outputs[names[0]].splitlines()
            for other in names[1:]:
                b = outputs[other].splitlines()
                if a != b:
                    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
                    la = a[i] if i < len(a) else '<end>'
                    lb = b[i] if i < len(b) else '<end>'
                    return Failure('output-diff', f'{names[0]} vs {other} at line {i + 1}: {la!r} vs {lb!r}',
                                   f'{names[0]}/{other}')
        return None

    def _check(self, src):
        rc, out, err = _run([self.incan, 'check', src], CHECK_TIMEOUT, env=self.env)
        self.say(f'check: exit {rc}')
        if rc == 'timeout':
            return Failure('check-crash', f'incan check ran over {CHECK_TIMEOUT}s', 'hang')
        if rc not in (0, 1) or 'internal' in err.lower():
            first = err.strip().splitlines()[0] if err.strip() else ''
            return Failure('check-crash', f'incan check exited {rc}: {first}'[:300], f'exit {rc}')
        if rc != 0 or err.strip():
            first = next((ln for ln in err.splitlines() if 'error' in ln or 'warning' in ln), err.strip())
            first = re.sub(r'^.*?\.incn:', 'line ', first)
            return Failure('check-reject', first[:300], _diag_kind(err))
        return None

    def _build(self, src, exe, flags, name):
        rc, out, err = _run([self.incan, 'build', src, '-o', exe] + flags, BUILD_TIMEOUT, env=self.env)
        self.say(f'build {name}: exit {rc}')
        if rc == 'timeout':
            return Failure('build-fail', f'{name}: incan build ran over {BUILD_TIMEOUT}s', 'hang')
        if rc != 0:
            if 'C++ compiler rejected' in err:
                key = _normalize_cxx_error(err)
                first = next((ln.strip() for ln in err.splitlines() if 'error:' in ln
                              and 'internal compiler error: the C++' not in ln), '')
                first = re.sub(r'^\S+\.cpp:', 'cpp:', first)
                return Failure('cxx-error', f'{name}: {first}'[:300], key)
            first = err.strip().splitlines()[0] if err.strip() else ''
            return Failure('build-fail', f'{name}: exit {rc}: {first}'[:300], f'exit {rc}')
        return None

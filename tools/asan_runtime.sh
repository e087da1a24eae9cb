#!/usr/bin/env bash
# Builds runtime_test under AddressSanitizer + UndefinedBehaviorSanitizer (with
# LeakSanitizer's exit-time check) in its own build directory and runs it: every
# runtime test, including the stress suite, with 1 and 4 workers.
#
#   tools/asan_runtime.sh [build-dir] [extra runtime_test arguments...]
#
# The build directory defaults to build-asan/ at the repository root. Only the
# runtime_test target (and what it links) is built.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-asan}"
shift || true
jobs="${INCAN_JOBS:-2}"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINCAN_SANITIZE=address,undefined \
  -DINCAN_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target runtime_test -j "$jobs"

# Any UB report fails the run; leaks fail it at exit.
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}"
exe="$(find "$build" -type f -name runtime_test -perm -u+x | head -n 1)"
"$exe" "$@"

#!/usr/bin/env bash
# Builds runtime_test under AddressSanitizer + UndefinedBehaviorSanitizer (with
# LeakSanitizer's exit-time check) in its own build directory and runs it: every
# runtime test, including the stress suite, with 1, 2 and 4 workers.
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

# CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) is passed on from the environment.
launcher=()
[[ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]] && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$CMAKE_CXX_COMPILER_LAUNCHER")
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINCAN_SANITIZE=address,undefined \
  -DINCAN_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --target runtime_test -j "$jobs"

# Any UB report fails the run; leaks fail it at exit.
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 ${ASAN_OPTIONS:-}"
exe="$(find "$build" -type f -name runtime_test -perm -u+x | head -n 1)"
# Each test has a watchdog (tests/runtime/test_main.cpp): one that does not finish
# within INCAN_TEST_TIMEOUT_S seconds (default 55) fails the run with its name.
"$exe" "$@"

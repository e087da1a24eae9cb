#!/usr/bin/env bash
# Builds runtime_test under ThreadSanitizer in its own build directory and runs it.
#
#   tools/tsan_runtime.sh [build-dir] [extra runtime_test arguments...]
#
# The build directory defaults to build-tsan/ at the repository root. Only the
# runtime_test target (and what it links) is built.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-tsan}"
shift || true
jobs="${INCAN_JOBS:-2}"

# CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) is passed on from the environment.
launcher=()
[[ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]] && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$CMAKE_CXX_COMPILER_LAUNCHER")
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINCAN_SANITIZE=thread \
  -DINCAN_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --target runtime_test -j "$jobs"

# halt_on_error: the first race fails the run; second_deadlock_stack: full lock reports.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
exe="$(find "$build" -type f -name runtime_test -perm -u+x | head -n 1)"
# Each test has a watchdog (tests/runtime/test_main.cpp): one that does not finish
# within INCAN_TEST_TIMEOUT_S seconds (default 55) fails the run with its name.
"$exe" "$@"

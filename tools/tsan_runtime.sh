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

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINCAN_SANITIZE=thread \
  -DINCAN_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target runtime_test -j "$jobs"

# halt_on_error: the first race fails the run; second_deadlock_stack: full lock reports.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
exe="$(find "$build" -type f -name runtime_test -perm -u+x | head -n 1)"
"$exe" "$@"

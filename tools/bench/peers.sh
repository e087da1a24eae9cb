#!/usr/bin/env bash
# Runs the peer benchmarks (Tokio, Go, Asio; ../shared/bench/peers) with our runtime as
# an extra column: EXTRA_RUNTIMES="ours=tools/bench/ours_bench" run.sh. Installs the
# peers' toolchains from Debian when they are missing (needs root). Passes RUNS,
# QUICK, NO_BUILD through. The tables land in ../shared/bench/peers/build/results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
peers="$root/../shared/bench/peers"
[[ -d "$peers" ]] || { echo "peers.sh: $peers not found (../shared must sit beside the project)" >&2; exit 1; }
need=()
command -v go >/dev/null || need+=(golang-go)
command -v cargo >/dev/null || need+=(cargo)
[[ -d /usr/share/cargo/registry ]] && ls /usr/share/cargo/registry | grep -q '^tokio-' || need+=(librust-tokio-dev)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  echo "peers.sh: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Build ours (driver, runtime, benchmark program) before the timed runs.
[[ -f "$root/build/CMakeCache.txt" ]] || cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$root/build" incan >/dev/null
"$here/ours_bench" noop >/dev/null
cd "$peers"
EXTRA_RUNTIMES="ours=$here/ours_bench" ./run.sh

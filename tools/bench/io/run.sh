#!/usr/bin/env bash
# stdout throughput: lines.incn prints 1,000,000 println lines, run with stdout to a
# file and to /dev/null; lines_write.cpp prints the same lines with one write(2) each
# (the floor for output that is flushed line by line, as Rust's stdout is).
#
#   tools/bench/io/run.sh                      # build, 5 runs per target, markdown table
#   RUNS=9 tools/bench/io/run.sh
#   INCAN=path/to/incan tools/bench/io/run.sh  # another driver (e.g. an older build)
#   CXX=clang++ tools/bench/io/run.sh          # compiler for lines_write.cpp
#
# Time = median process wall time and user+sys CPU time (bash `time`, ms resolution)
# minus the median of an empty Incan program (start-up and exit). The file run also
# checks that the file holds all 1,000,001 lines. See tools/bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
INCAN="${INCAN:-$root/build/bin/incan}"
RUNS="${RUNS:-5}"
CXX="${CXX:-g++}"
out="$here/build"
mkdir -p "$out"

[[ -x "$INCAN" ]] || { echo "run.sh: no incan driver at $INCAN (build it, or set INCAN)" >&2; exit 1; }

echo "building with $INCAN ..." >&2
"$INCAN" build "$here/lines.incn" -o "$out/lines"
printf 'def main() -> None:\n    println("checksum=0")\n' > "$out/empty.incn"
"$INCAN" build "$out/empty.incn" -o "$out/empty"
"$CXX" -O2 -std=c++20 "$here/lines_write.cpp" -o "$out/lines_write"

# run_once TARGET CMD...: runs CMD with stdout to TARGET; prints "wall cpu" in seconds.
run_once() {
  local target="$1" TIMEFORMAT='%3R %3U %3S' t
  shift
  t=$( { time "$@" > "$target" 2> "$out/last.err"; } 2>&1 ) || {
    echo "run.sh: '$*' failed:" >&2
    cat "$out/last.err" >&2
    return 1
  }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<< "$t"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure TARGET CMD: sets wall and cpu (medians over RUNS runs).
measure() {
  local target="$1" cmd="$2" i r w c walls="" cpus=""
  for ((i = 0; i < RUNS; i++)); do
    r=$(run_once "$target" "$cmd") || exit 1
    read -r w c <<< "$r"
    walls+="$w"$'\n'; cpus+="$c"$'\n'
  done
  wall=$(grep . <<< "$walls" | median); cpu=$(grep . <<< "$cpus" | median)
}

measure "$out/empty.out" "$out/empty"
base_wall=$wall; base_cpu=$cpu

rows=()
for program in lines lines_write; do
for target in file /dev/null; do
  dest="$target"
  [[ $target == file ]] && dest="$out/$program.out"
  echo "running $program > $dest ($RUNS runs) ..." >&2
  measure "$dest" "$out/$program"
  if [[ $target == file ]]; then
    lines=$(wc -l < "$dest")
    last=$(tail -1 "$dest")
    if [[ "$lines" != 1000001 || "$last" != "checksum=2999997" ]]; then
      echo "run.sh: the file has $lines lines, last '$last' (expected 1000001, checksum=2999997)" >&2
      exit 1
    fi
  fi
  rows+=("$(awk -v p="$program" -v t="$target" -v w="$wall" -v c="$cpu" -v bw="$base_wall" -v bc="$base_cpu" 'BEGIN {
    w -= bw; c -= bc; if (w < 0.001) w = 0.001; if (c < 0.001) c = 0.001
    printf "| %s | %s | %.3f | %.3f | %.2f |", p, t, w, c, 1000000 / w / 1e6
  }')")
done
done

echo
echo "1,000,000 println lines; median of $RUNS runs in seconds, minus an empty program" \
     "(${base_wall} s wall / ${base_cpu} s CPU). CPU = user+sys."
echo
echo "| program | stdout | wall | CPU | M lines/s (wall) |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "($(date -u '+%Y-%m-%d %H:%M UTC'); $($INCAN --version); $($CXX --version | head -1))"

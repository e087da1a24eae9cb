#!/usr/bin/env bash
# Generated-code benchmarks: each program in Incan (built by the incan driver, default
# -O2) against the same program hand-written in C++ (g++ -O2 -std=c++20).
#
#   tools/bench/codegen/run.sh              # build, 5 runs per program, markdown table
#   RUNS=3 tools/bench/codegen/run.sh       # fewer repetitions
#   INCAN=path/to/incan tools/bench/codegen/run.sh
#   CXX=clang++ tools/bench/codegen/run.sh  # another compiler for the C++ side (the
#                                           # driver's compiler is chosen by INCAN_CXX)
#
# Every program prints `checksum=<value>`; a run that fails or whose checksum differs
# from the C++ version's fails the script (exit 1). Time = median process wall time
# (bash `time`, ms resolution) minus the median wall time of an empty program of the
# same kind (empty Incan `main` / empty C++ `main`), i.e. start-up and exit are removed.
# See tools/bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
INCAN="${INCAN:-$root/build/bin/incan}"
CXX="${CXX:-g++}"
RUNS="${RUNS:-5}"
out="$here/build"
mkdir -p "$out"

[[ -x "$INCAN" ]] || { echo "run.sh: no incan driver at $INCAN (build it, or set INCAN)" >&2; exit 1; }

benches=(fib lists)
declare -A cpp_args=([fib]=38 [lists]=1000000)

# ---- build ------------------------------------------------------------------------
echo "building with $INCAN and $CXX ..." >&2
for b in "${benches[@]}"; do
  "$INCAN" build "$here/$b.incn" -o "$out/${b}_incan"
  "$CXX" -O2 -std=c++20 "$here/$b.cpp" -o "$out/${b}_cpp"
done

# ---- run --------------------------------------------------------------------------
# run_once CMD...: runs CMD, stdout to $out/last.out; prints "wall user+sys" in seconds.
run_once() {
  local TIMEFORMAT='%3R %3U %3S' t
  t=$( { time "$@" > "$out/last.out" 2> "$out/last.err"; } 2>&1 ) || {
    echo "run.sh: '$*' failed:" >&2
    cat "$out/last.err" >&2
    return 1
  }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<< "$t"
}

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure_pair NAME_A "CMD_A" NAME_B "CMD_B" (paths without spaces): RUNS rounds, each running A then B (so
# background load hits both alike). Sets {a,b}_wall, {a,b}_cpu (medians) and
# {a,b}_sum (the checksum; every run of one program must print the same one).
measure_pair() {
  local na="$1" ca="$2" nb="$3" cb="$4" i r w c s side
  local -A walls=() cpus=() sums=()
  for ((i = 0; i < RUNS; i++)); do
    for side in a b; do
      # The commands are split on spaces on purpose (a binary and its arguments).
      # shellcheck disable=SC2086
      if [[ $side == a ]]; then r=$(run_once $ca) || exit 1; else r=$(run_once $cb) || exit 1; fi
      read -r w c <<< "$r"
      walls[$side]+="$w "; cpus[$side]+="$c "
      s=$(sed -n 's/^checksum=//p' "$out/last.out")
      if [[ -z "$s" || ( -n "${sums[$side]:-}" && "$s" != "${sums[$side]}" ) ]]; then
        echo "run.sh: $([[ $side == a ]] && echo "$na" || echo "$nb"): bad checksum '${s}' (earlier: '${sums[$side]:-}')" >&2
        exit 1
      fi
      sums[$side]="$s"
    done
  done
  a_wall=$(tr ' ' '\n' <<< "${walls[a]}" | grep . | median); a_cpu=$(tr ' ' '\n' <<< "${cpus[a]}" | grep . | median)
  b_wall=$(tr ' ' '\n' <<< "${walls[b]}" | grep . | median); b_cpu=$(tr ' ' '\n' <<< "${cpus[b]}" | grep . | median)
  a_sum="${sums[a]}"; b_sum="${sums[b]}"
  printf '%s\twall %s\tcpu %s\n' "$na" "${walls[a]}" "${cpus[a]}" >> "$out/raw.tsv"
  printf '%s\twall %s\tcpu %s\n' "$nb" "${walls[b]}" "${cpus[b]}" >> "$out/raw.tsv"
}

: > "$out/raw.tsv"
# The empty programs print no checksum: give them one so measure_pair's check passes.
printf 'def main() -> None:\n    println("checksum=0")\n' > "$out/empty.incn"
"$INCAN" build "$out/empty.incn" -o "$out/empty_incan"
printf '#include <cstdio>\nint main() { std::puts("checksum=0"); }\n' > "$out/empty.cpp"
"$CXX" -O2 -std=c++20 "$out/empty.cpp" -o "$out/empty_cpp"
measure_pair empty_incan "$out/empty_incan" empty_cpp "$out/empty_cpp"
base_iw=$a_wall; base_ic=$a_cpu; base_cw=$b_wall; base_cc=$b_cpu

fail=0
rows=()
for b in "${benches[@]}"; do
  echo "running $b ($RUNS rounds) ..." >&2
  measure_pair "${b}_incan" "$out/${b}_incan" "${b}_cpp" "$out/${b}_cpp ${cpp_args[$b]}"
  if [[ "$a_sum" != "$b_sum" ]]; then
    echo "run.sh: $b: checksum mismatch: incan=$a_sum c++=$b_sum" >&2
    fail=1
  fi
  rows+=("$(awk -v b="$b" -v iw="$a_wall" -v ic="$a_cpu" -v cw="$b_wall" -v cc="$b_cpu" \
               -v biw="$base_iw" -v bic="$base_ic" -v bcw="$base_cw" -v bcc="$base_cc" \
               -v sum="$b_sum" -v bad="$([[ "$a_sum" != "$b_sum" ]] && echo " (MISMATCH: ours $a_sum)")" 'BEGIN {
    iw -= biw; cw -= bcw; ic -= bic; cc -= bcc
    if (iw < 0.001) iw = 0.001; if (cw < 0.001) cw = 0.001
    if (ic < 0.001) ic = 0.001; if (cc < 0.001) cc = 0.001
    printf "| %s | %.3f | %.3f | **%.2fx** | %.3f | %.3f | %.2fx | %s%s |", b, ic, cc, ic / cc, iw, cw, iw / cw, sum, bad
  }')")
done

echo
echo "Median of $RUNS runs, in seconds, minus the median of an empty program of the same kind" \
     "(empty program: ours ${base_iw} s wall / ${base_ic} s CPU, C++ ${base_cw} s / ${base_cc} s)." \
     "CPU = user+sys. Ratio = ours / C++."
echo
echo "| benchmark | ours CPU | C++ CPU | ratio (CPU) | ours wall | C++ wall | ratio (wall) | checksum |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "($(date -u '+%Y-%m-%d %H:%M UTC'); $($INCAN --version); $($CXX --version | head -1))"

if ((fail)); then
  echo "run.sh: FAILED (checksum mismatch)" >&2
  exit 1
fi

// rt_bench: the peer benchmark workloads (noop, spawn_join, timers, fib) on incan_rt.
//
//   rt_bench <workload> [size]
//
// Prints one line: runtime=ours workload=<w> n=<size> checksum=<u64> elapsed_s=<s> cpu_s=<s>
// Definitions and the CLI protocol: /work/shared/bench/peers/README.md. The runtime has 2
// workers; the measured body runs as a spawned task (as the Tokio peer does), timed
// from just before the first spawn to just after the checksum is known.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_harness.h"
#include "incan/rt.hpp"

namespace {

using bench::measurement;
using bench::stopwatch;
using bench::u64;
using incan::rt::join_handle;
using incan::rt::spawn;
using incan::rt::task;

task<u64> identity(u64 i) { co_return i; }

task<measurement> spawn_join(u64 n) {
  stopwatch sw;
  std::vector<join_handle<u64>> handles;
  handles.reserve(n);
  for (u64 i = 0; i < n; ++i) handles.push_back(spawn(identity(i)));
  u64 sum = 0;
  for (auto& h : handles) {
    auto r = co_await std::move(h);
    sum += r.ok_value();
  }
  co_return sw.stop(sum);
}

task<u64> sleeper(u64 ms) {
  co_await incan::rt::sleep_ms(static_cast<std::int64_t>(ms));
  co_return ms;
}

task<measurement> timers(u64 n) {
  stopwatch sw;
  std::vector<join_handle<u64>> handles;
  handles.reserve(n);
  for (u64 i = 0; i < n; ++i) handles.push_back(spawn(sleeper(i % 100 + 1)));
  u64 sum = 0;
  for (auto& h : handles) {
    auto r = co_await std::move(h);
    sum += r.ok_value();
  }
  co_return sw.stop(sum);
}

task<measurement> noop(u64) {
  stopwatch sw;
  co_return sw.stop(0);
}

[[gnu::noinline]] u64 fib(u64 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

task<measurement> fib_task(u64 n) {
  stopwatch sw;
  const u64 r = fib(n);
  co_return sw.stop(r);
}

}  // namespace

int main(int argc, char** argv) {
  static const bench::workload kWorkloads[] = {
      {"noop", 0, &noop},
      {"spawn_join", 1'000'000, &spawn_join},
      {"timers", 100'000, &timers},
      {"fib", 32, &fib_task},
  };
  return bench::run("rt_bench", argc, argv, kWorkloads);
}

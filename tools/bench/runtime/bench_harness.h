// The shared part of the C++-level runtime benchmarks (rt_bench, chan_bench): the
// measured section's stopwatch, running the body as a spawned task on a 2-worker
// runtime, and the peer protocol's command line and output line
// (../shared/bench/peers/README.md, "CLI protocol"):
//
//   <tool> <workload> [size]
//   runtime=ours workload=<w> n=<size> checksum=<u64> elapsed_s=<s> cpu_s=<s>
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "incan/rt.hpp"

namespace bench {

using u64 = std::uint64_t;

struct measurement {
  u64 checksum = 0;
  double elapsed_s = 0;
  double cpu_s = 0;
};

inline double cpu_now() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

// Started just before the first spawn; stop() once the checksum is known.
class stopwatch {
 public:
  stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(cpu_now()) {}
  measurement stop(u64 checksum) const {
    measurement m;
    m.checksum = checksum;
    m.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    m.cpu_s = cpu_now() - cpu_;
    return m;
  }

 private:
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

struct workload {
  const char* name;
  u64 default_size;
  incan::rt::task<measurement> (*body)(u64);
};

// The measured body runs as a spawned task, like every other task (as the Tokio peer).
inline incan::rt::task<measurement> as_spawned(const char* tool, incan::rt::task<measurement> body) {
  auto r = co_await incan::rt::spawn(std::move(body));
  if (r.is_err()) {
    std::fprintf(stderr, "%s: the workload task failed: %s\n", tool, r.err_value().message().c_str());
    std::exit(1);
  }
  co_return r.ok_value();
}

// Parses the command line, runs the chosen workload on 2 workers (INCAN_BENCH_WORKERS
// overrides it for experiments) and prints the protocol line.
template <std::size_t N>
int run(const char* tool, int argc, char** argv, const workload (&table)[N]) {
  const workload* chosen = nullptr;
  if (argc >= 2)
    for (const workload& w : table)
      if (std::string(argv[1]) == w.name) chosen = &w;
  if (chosen == nullptr) {
    std::fprintf(stderr, "usage: %s <", tool);
    for (std::size_t i = 0; i < N; ++i) std::fprintf(stderr, "%s%s", i ? "|" : "", table[i].name);
    std::fprintf(stderr, "> [size]\n");
    return 2;
  }
  u64 n = argc >= 3 ? std::strtoull(argv[2], nullptr, 10) : chosen->default_size;
  measurement m;
  {
    const char* env = std::getenv("INCAN_BENCH_WORKERS");
    incan::rt::runtime rt(env != nullptr ? std::strtoul(env, nullptr, 10) : 2);
    m = rt.block_on(as_spawned(tool, chosen->body(n)));
  }
  std::printf("runtime=ours workload=%s n=%llu checksum=%llu elapsed_s=%.6f cpu_s=%.6f\n", chosen->name,
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(m.checksum), m.elapsed_s,
              m.cpu_s);
  return 0;
}

}  // namespace bench

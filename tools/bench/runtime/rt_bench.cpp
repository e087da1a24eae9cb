// rt_bench: the peer benchmark workloads (noop, spawn_join, timers, fib) on incan_rt.
//
//   rt_bench <workload> [size]
//
// Prints one line: runtime=ours workload=<w> n=<size> checksum=<u64> elapsed_s=<s> cpu_s=<s>
// Definitions and the CLI protocol: /work/shared/bench/peers/README.md. The runtime has 2
// workers; the measured body runs as a spawned task (as the Tokio peer does), timed
// from just before the first spawn to just after the checksum is known.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "incan/rt.hpp"

namespace {

using u64 = std::uint64_t;
using incan::rt::join_handle;
using incan::rt::spawn;
using incan::rt::task;

struct measurement {
  u64 checksum = 0;
  double elapsed_s = 0;
  double cpu_s = 0;
};

double cpu_now() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

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

// The measured body runs as a spawned task, like every other task.
task<measurement> as_spawned(task<measurement> body) {
  auto r = co_await spawn(std::move(body));
  if (r.is_err()) {
    std::fprintf(stderr, "rt_bench: the workload task failed: %s\n", r.err_value().message().c_str());
    std::exit(1);
  }
  co_return r.ok_value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: rt_bench <noop|spawn_join|timers|fib> [size]\n");
    return 2;
  }
  const std::string workload = argv[1];
  u64 n;
  task<measurement> (*body)(u64);
  if (workload == "noop") {
    n = 0, body = &noop;
  } else if (workload == "spawn_join") {
    n = 1'000'000, body = &spawn_join;
  } else if (workload == "timers") {
    n = 100'000, body = &timers;
  } else if (workload == "fib") {
    n = 32, body = &fib_task;
  } else {
    std::fprintf(stderr, "rt_bench: unknown workload %s\n", workload.c_str());
    return 2;
  }
  if (argc >= 3) n = std::strtoull(argv[2], nullptr, 10);

  measurement m;
  {
    // 2 workers, as every peer has; INCAN_BENCH_WORKERS overrides it for experiments.
    const char* env = std::getenv("INCAN_BENCH_WORKERS");
    incan::rt::runtime rt(env != nullptr ? std::strtoul(env, nullptr, 10) : 2);
    m = rt.block_on(as_spawned(body(n)));
  }
  std::printf("runtime=ours workload=%s n=%llu checksum=%llu elapsed_s=%.6f cpu_s=%.6f\n", workload.c_str(),
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(m.checksum), m.elapsed_s,
              m.cpu_s);
  return 0;
}

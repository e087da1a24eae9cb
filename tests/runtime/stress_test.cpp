// Stress tests: many tasks waking each other across workers (join chains, join races,
// spawn trees, mixed sleeps and yields). Also run under ThreadSanitizer
// (tools/tsan_runtime.sh).
#include "incan/rt.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "counted.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class stress_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(stress_test);

// A chain: each task awaits the previous one's handle, so every completion wakes the
// next task, typically on another worker.
task<std::int64_t> link(join_handle<std::int64_t> previous, counted c) {
  if (c.value() % 7 == 0) co_await yield_now();
  auto r = co_await std::move(previous);
  co_return r.ok_value() + 1;
}
task<std::int64_t> zero() { co_return 0; }
task<std::int64_t> chain(std::int64_t length) {
  join_handle<std::int64_t> h = spawn(zero());
  for (std::int64_t i = 0; i < length; ++i) h = spawn(link(std::move(h), counted(i)));
  auto r = co_await std::move(h);
  co_return r.ok_value();
}
task<std::int64_t> many_chains(std::int64_t chains, std::int64_t length) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < chains; ++i) hs.push_back(spawn(chain(length)));
  std::int64_t total = 0;
  for (auto& h : hs) total += (co_await std::move(h)).ok_value();
  co_return total;
}

TEST_P(stress_test, join_chains_across_workers) {
  counted::reset();
  const std::int64_t chains = scaled(20, 8);
  const std::int64_t length = scaled(2000, 500);
  {
    runtime rt(workers());
    EXPECT_EQ(rt.block_on(many_chains(chains, length)), chains * length);
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// The joiner registers its waker while the task completes on another worker.
task<std::int64_t> quick(std::int64_t i) { co_return i; }
task<std::int64_t> join_race(std::int64_t rounds) {
  std::int64_t sum = 0;
  for (std::int64_t i = 0; i < rounds; ++i) sum += (co_await spawn(quick(i))).ok_value();
  co_return sum;
}
task<std::int64_t> parallel_join_races(std::int64_t racers, std::int64_t rounds) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < racers; ++i) hs.push_back(spawn(join_race(rounds)));
  std::int64_t total = 0;
  for (auto& h : hs) total += (co_await std::move(h)).ok_value();
  co_return total;
}

TEST_P(stress_test, join_registration_races_completion) {
  runtime rt(workers());
  const std::int64_t racers = 8;
  const std::int64_t rounds = scaled(5000, 1000);
  EXPECT_EQ(rt.block_on(parallel_join_races(racers, rounds)), racers * (rounds * (rounds - 1) / 2));
}

// Tasks that sleep, yield, spawn and panic, all at once.
task<std::int64_t> worker_task(std::int64_t seed, std::int64_t steps, std::atomic<std::int64_t>* ops) {
  std::int64_t acc = 0;
  for (std::int64_t s = 0; s < steps; ++s) {
    switch ((seed + s) % 5) {
      case 0: co_await yield_now(); break;
      case 1: co_await sleep_ms((seed + s) % 3); break;
      case 2: acc += (co_await spawn(quick(s))).ok_value(); break;
      case 3: {
        auto r = co_await spawn([](std::int64_t v) -> task<std::int64_t> {
          if (v % 2 == 0) incan::panic("stress panic");
          co_return v;
        }(s));
        acc += r.is_err() ? 0 : r.ok_value();
        break;
      }
      default: acc += co_await quick(1); break;
    }
    ops->fetch_add(1);
  }
  co_return acc;
}
task<std::int64_t> storm(std::int64_t tasks, std::int64_t steps, std::atomic<std::int64_t>* ops) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < tasks; ++i) hs.push_back(spawn(worker_task(i, steps, ops)));
  std::int64_t ok = 0;
  for (auto& h : hs) ok += (co_await std::move(h)).is_ok() ? 1 : 0;
  co_return ok;
}

TEST_P(stress_test, mixed_wake_storm) {
  runtime rt(workers());
  std::atomic<std::int64_t> ops{0};
  const std::int64_t tasks = scaled(200, 60);
  const std::int64_t steps = scaled(50, 20);
  ::testing::internal::CaptureStderr();  // the panics print their message
  EXPECT_EQ(rt.block_on(storm(tasks, steps, &ops)), tasks);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(ops.load(), tasks * steps);
}

// Runtimes created and destroyed while tasks are mid-flight.
task<void> churn(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    spawn(link(spawn(zero()), counted(i)));  // detached chains still running at shutdown
    if (i % 10 == 0) co_await yield_now();
  }
}

TEST_P(stress_test, repeated_shutdown_with_tasks_in_flight) {
  counted::reset();
  const int rounds = static_cast<int>(scaled(40, 10));
  for (int r = 0; r < rounds; ++r) {
    runtime rt(workers());
    rt.block_on(churn(200));
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

}  // namespace
}  // namespace incan::rt::testing

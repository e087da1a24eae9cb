// Tests of sleep and sleep_ms: durations, deadline order, clamping, cancellation.
#include "incan/rt/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <vector>

#include "counted.h"
#include "incan/rt/runtime.h"
#include "incan/rt/spawn.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

using clock = std::chrono::steady_clock;

class time_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(time_test);

task<double> timed_sleep(double seconds) {
  const auto start = clock::now();
  co_await sleep(seconds);
  co_return std::chrono::duration<double>(clock::now() - start).count();
}
task<double> timed_sleep_ms(std::int64_t ms) {
  const auto start = clock::now();
  co_await sleep_ms(ms);
  co_return std::chrono::duration<double>(clock::now() - start).count();
}

TEST_P(time_test, sleep_waits_at_least_its_duration) {
  runtime rt(workers());
  EXPECT_GE(rt.block_on(timed_sleep(0.03)), 0.03);
  EXPECT_GE(rt.block_on(timed_sleep_ms(25)), 0.025);
}

task<double> timed_sleep_in_task(double seconds) {
  auto r = co_await spawn(timed_sleep(seconds));
  co_return r.ok_value();
}

TEST_P(time_test, sleep_in_a_spawned_task) {
  runtime rt(workers());
  const double elapsed = rt.block_on(timed_sleep_in_task(0.02));
  EXPECT_GE(elapsed, 0.02);
  EXPECT_LT(elapsed, 2.0);
}

struct order_log {
  std::mutex mutex;
  std::vector<std::int64_t> order;
  std::vector<std::int64_t> early;  // durations whose sleep ended too soon
};
task<void> sleep_then_log(std::int64_t ms, order_log* log) {
  const auto start = clock::now();
  co_await sleep_ms(ms);
  const bool early = clock::now() - start < std::chrono::milliseconds(ms);
  std::lock_guard lock(log->mutex);
  log->order.push_back(ms);
  if (early) log->early.push_back(ms);
}
task<void> three_sleepers(order_log* log) {
  auto a = spawn(sleep_then_log(60, log));
  auto b = spawn(sleep_then_log(40, log));
  auto c = spawn(sleep_then_log(20, log));
  co_await std::move(a);
  co_await std::move(b);
  co_await std::move(c);
}

TEST_P(time_test, sleepers_finish_in_deadline_order) {
  runtime rt(workers());
  order_log log;
  rt.block_on(three_sleepers(&log));
  EXPECT_EQ(log.order, (std::vector<std::int64_t>{20, 40, 60}));
  EXPECT_EQ(log.early, std::vector<std::int64_t>{});
}

task<double> clamped_sleeps() {
  const auto start = clock::now();
  co_await sleep(-1.0);
  co_await sleep(std::numeric_limits<double>::quiet_NaN());
  co_await sleep(std::numeric_limits<double>::infinity());
  co_await sleep(-std::numeric_limits<double>::infinity());
  co_await sleep(0.0);
  co_await sleep_ms(-5);
  co_await sleep_ms(0);
  co_return std::chrono::duration<double>(clock::now() - start).count();
}

TEST_P(time_test, negative_nan_and_infinite_durations_return_at_once) {
  runtime rt(workers());
  EXPECT_LT(rt.block_on(clamped_sleeps()), 0.05);
  EXPECT_EQ(sleep(std::numeric_limits<double>::infinity()).duration_ns(), 0);
  EXPECT_EQ(sleep(-0.5).duration_ns(), 0);
  EXPECT_EQ(sleep_ms(-5).duration_ns(), 0);
  EXPECT_EQ(sleep(0.25).duration_ns(), 250'000'000);
  EXPECT_EQ(sleep_ms(7).duration_ns(), 7'000'000);
  EXPECT_GT(sleep(1e300).duration_ns(), std::int64_t{9'000'000'000'000'000'000});  // saturates
  EXPECT_GT(sleep_ms(std::numeric_limits<std::int64_t>::max()).duration_ns(), 0);
}

task<double> stored_and_spawned_sleeps() {
  const auto start = clock::now();
  task<void> stored = sleep_ms(20);  // an Incan `Awaitable[None]` value
  join_handle<void> spawned = spawn(sleep(0.02));
  co_await std::move(stored);
  auto r = co_await std::move(spawned);
  if (!r.is_ok()) co_return -1.0;
  co_return std::chrono::duration<double>(clock::now() - start).count();
}

TEST_P(time_test, sleep_as_a_task_value_and_spawned) {
  runtime rt(workers());
  const double elapsed = rt.block_on(stored_and_spawned_sleeps());
  EXPECT_GE(elapsed, 0.02);
  EXPECT_LT(elapsed, 2.0);
}

task<void> long_sleep(counted c) { co_await sleep(3600.0); }
task<void> spawn_long_sleepers() {
  for (int i = 0; i < 50; ++i) spawn(long_sleep(counted(i)));
  co_await sleep_ms(10);  // let them all register their timers
}

TEST_P(time_test, destroying_a_suspended_sleep_deregisters_it) {
  counted::reset();
  const auto start = clock::now();
  {
    runtime rt(workers());
    rt.block_on(spawn_long_sleepers());
    EXPECT_EQ(counted::live(), 50);
  }
  EXPECT_LT(clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<void> sleep_forever() { co_await sleep(1e300); }
task<void> spawn_huge_sleeper() {
  spawn(sleep_forever());
  co_await sleep_ms(5);
}

TEST_P(time_test, saturated_sleep_is_queued_and_cancellable) {
  const auto start = clock::now();
  {
    runtime rt(workers());
    rt.block_on(spawn_huge_sleeper());
  }
  EXPECT_LT(clock::now() - start, std::chrono::seconds(5));
}

// Each sleeper returns how long it slept (from before the sleep); none may be shorter
// than asked for. Returns {finished, early}.
task<std::vector<std::int64_t>> many_short_sleeps(std::int64_t tasks) {
  std::vector<join_handle<double>> handles;
  for (std::int64_t i = 0; i < tasks; ++i) handles.push_back(spawn(timed_sleep_ms(1 + i % 5)));
  std::int64_t ok = 0, early = 0;
  for (std::int64_t i = 0; i < tasks; ++i) {
    auto r = co_await std::move(handles[static_cast<std::size_t>(i)]);
    if (!r.is_ok()) continue;
    ++ok;
    if (r.ok_value() < static_cast<double>(1 + i % 5) / 1000.0) ++early;
  }
  co_return std::vector<std::int64_t>{ok, early};
}

TEST_P(time_test, many_concurrent_sleeps) {
  runtime rt(workers());
  const std::int64_t n = scaled(2000, 500);
  EXPECT_EQ(rt.block_on(many_short_sleeps(n)), (std::vector<std::int64_t>{n, 0}));
}

}  // namespace
}  // namespace incan::rt::testing

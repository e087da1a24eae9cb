// Tests of timeout / timeout_ms / timeout_join / timeout_join_ms: results and exact
// texts, cancellation of the inner work at the deadline (frames destroyed, timers
// withdrawn), zero and clamped deadlines, nesting, panics, join handles, and a stress
// run mixing deadlines that race their work's completion.
#include "incan/rt/timeout.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "counted.h"
#include "incan/core/panic.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class timeout_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(timeout_test);

using clock_type = std::chrono::steady_clock;
long ms_since(clock_type::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start).count());
}

task<std::int64_t> quick_value() { co_return 7; }
task<std::int64_t> slow_value(counted c, std::atomic<int>* after) {
  counted local(c.value());
  co_await sleep(10.0);
  after->store(1);
  co_return 1;
}

task<std::string> quick_in_time() {
  auto r = co_await timeout(0.25, quick_value());
  co_return r.is_ok() ? "ok " + std::to_string(r.ok_value()) : "timed out";
}

TEST_P(timeout_test, work_that_finishes_in_time_gives_ok) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(quick_in_time()), "ok 7");
}

struct slow_outcome {
  std::string message, display, debug;
  long elapsed_ms = 0;
  long live_after = -1;
};
task<slow_outcome> slow_times_out(std::atomic<int>* after) {
  slow_outcome out;
  const auto start = clock_type::now();
  auto r = co_await timeout_ms(50, slow_value(counted(3), after));
  out.elapsed_ms = ms_since(start);
  out.live_after = counted::live();  // the work's frame is already gone
  if (r.is_err()) {
    out.message = r.err_value().message();
    fmt_display(out.display, r.err_value());
    fmt_debug(out.debug, r.err_value());
  }
  co_return out;
}
task<slow_outcome> slow_times_out_in_a_task(std::atomic<int>* after) {
  auto r = co_await spawn(slow_times_out(after));
  co_return r.ok_value();
}

TEST_P(timeout_test, deadline_cancels_the_work_with_the_exact_error) {
  counted::reset();
  std::atomic<int> after{0};
  runtime rt(workers());
  for (int round = 0; round < 2; ++round) {  // on the block_on thread, then in a spawned task
    slow_outcome out = round == 0 ? rt.block_on(slow_times_out(&after)) : rt.block_on(slow_times_out_in_a_task(&after));
    EXPECT_EQ(out.message, "operation timed out");
    EXPECT_EQ(out.display, "operation timed out");
    EXPECT_EQ(out.debug, "TimeoutError");
    EXPECT_GE(out.elapsed_ms, 49);
    EXPECT_LT(out.elapsed_ms, 2000);
    EXPECT_EQ(out.live_after, 0);
  }
  EXPECT_EQ(after.load(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<std::vector<std::string>> zero_and_clamped_deadlines(std::atomic<int>* after) {
  std::vector<std::string> out;
  auto tag = [](const auto& r) { return std::string(r.is_ok() ? "ok" : "err"); };
  // A zero deadline still lets the work run until its first suspension.
  out.push_back(tag(co_await timeout(0.0, quick_value())));
  out.push_back(tag(co_await timeout(0.0, slow_value(counted(1), after))));
  out.push_back(tag(co_await timeout(-1.0, quick_value())));
  out.push_back(tag(co_await timeout(-1.0, slow_value(counted(1), after))));
  out.push_back(tag(co_await timeout(std::nan(""), slow_value(counted(1), after))));
  out.push_back(tag(co_await timeout(std::numeric_limits<double>::infinity(), slow_value(counted(1), after))));
  out.push_back(tag(co_await timeout_ms(0, quick_value())));
  out.push_back(tag(co_await timeout_ms(-5, slow_value(counted(1), after))));
  co_return out;
}

TEST_P(timeout_test, zero_negative_nan_and_infinite_deadlines_mean_zero) {
  counted::reset();
  std::atomic<int> after{0};
  const auto start = clock_type::now();
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(zero_and_clamped_deadlines(&after)),
            (std::vector<std::string>{"ok", "err", "ok", "err", "err", "err", "ok", "err"}));
  EXPECT_LT(ms_since(start), 2000);
  EXPECT_EQ(after.load(), 0);
  EXPECT_EQ(counted::live(), 0);
}

task<std::string> inner_level(std::int64_t inner_ms, std::int64_t work_ms) {
  auto r = co_await timeout_ms(inner_ms, sleep_ms(work_ms));
  co_return r.is_ok() ? "inner ok" : "inner timed out";
}
task<std::vector<std::string>> nested_timeouts() {
  std::vector<std::string> out;
  // Outer deadline first: the inner timeout (and its timer) is destroyed with the work.
  auto a = co_await timeout_ms(30, inner_level(5000, 5000));
  out.push_back(a.is_ok() ? "outer ok: " + a.ok_value() : "outer timed out");
  // Inner deadline first: the outer one completes with the inner's Err inside.
  auto b = co_await timeout_ms(5000, inner_level(30, 5000));
  out.push_back(b.is_ok() ? "outer ok: " + b.ok_value() : "outer timed out");
  // Both in time.
  auto c = co_await timeout_ms(5000, inner_level(4000, 1));
  out.push_back(c.is_ok() ? "outer ok: " + c.ok_value() : "outer timed out");
  // The same deadline: the outer one wins (it is checked first).
  auto d = co_await timeout_ms(30, inner_level(30, 5000));
  out.push_back(d.is_ok() ? "outer ok: " + d.ok_value() : "outer timed out");
  co_return out;
}

TEST_P(timeout_test, nested_timeouts) {
  runtime rt(workers());
  const auto start = clock_type::now();
  std::vector<std::string> out = rt.block_on(nested_timeouts());
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], "outer timed out");
  EXPECT_EQ(out[1], "outer ok: inner timed out");
  EXPECT_EQ(out[2], "outer ok: inner ok");
  // Equal deadlines may fire in one or two timer rounds; both outcomes cancel the sleep.
  EXPECT_TRUE(out[3] == "outer timed out" || out[3] == "outer ok: inner timed out") << out[3];
  EXPECT_LT(ms_since(start), 3000);
}

task<std::int64_t> panics_after_yield() {
  co_await yield_now();
  incan::panic("boom in timeout");
  co_return 0;
}
task<std::string> panic_through_timeout() {
  try {
    auto r = co_await timeout(5.0, panics_after_yield());
    co_return r.is_ok() ? "ok" : "timed out";
  } catch (const incan::panic_exception& e) {
    co_return "caught: " + e.message;
  }
}

TEST_P(timeout_test, a_panic_in_the_work_is_rethrown_at_the_await) {
  runtime rt(workers());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(rt.block_on(panic_through_timeout()), "caught: boom in timeout");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "boom in timeout\n");
}

task<std::int64_t> finish_later(std::atomic<int>* done) {
  co_await sleep_ms(60);
  done->store(1);
  co_return 9;
}
task<std::vector<std::string>> timeout_on_handles_and_sleeps(std::atomic<int>* done) {
  std::vector<std::string> out;
  // A join handle: the deadline only detaches the task.
  auto a = co_await timeout_ms(10, spawn(finish_later(done)));
  out.push_back(a.is_ok() ? "ok" : "timed out");
  auto b = co_await timeout(5.0, spawn(quick_value()));
  out.push_back(b.is_ok() && b.ok_value().is_ok() ? "ok " + std::to_string(b.ok_value().ok_value()) : "bad");
  // Sleeps.
  auto c = co_await timeout_ms(10, sleep(10.0));
  out.push_back(c.is_ok() ? "ok" : "timed out");
  auto d = co_await timeout_ms(5000, sleep_ms(1));
  out.push_back(d.is_ok() ? "ok" : "timed out");
  const auto start = clock_type::now();
  while (done->load() == 0 && ms_since(start) < 10000) co_await sleep_ms(5);
  out.push_back(done->load() == 1 ? "detached task finished" : "detached task lost");
  co_return out;
}

TEST_P(timeout_test, handles_and_sleeps_as_work) {
  std::atomic<int> done{0};
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(timeout_on_handles_and_sleeps(&done)),
            (std::vector<std::string>{"timed out", "ok 7", "timed out", "ok", "detached task finished"}));
}

task<void> hold_in_timeout(counted c) {
  auto r = co_await timeout(3600.0, slow_value(std::move(c), nullptr));
  (void)r;
}
task<bool> abort_while_in_timeout() {
  join_handle<void> h = spawn(hold_in_timeout(counted(5)));
  for (int i = 0; i < 5; ++i) co_await yield_now();
  h.abort();
  auto r = co_await std::move(h);
  co_return r.is_err() && r.err_value().is_cancelled();
}

TEST_P(timeout_test, cancelling_the_timeout_cancels_the_work) {
  counted::reset();
  {
    runtime rt(workers());
    EXPECT_TRUE(rt.block_on(abort_while_in_timeout()));
    EXPECT_EQ(counted::live(), 0);
  }
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<std::int64_t> fail_soon() {
  co_await sleep_ms(1);
  incan::panic("join failed here");
  co_return 0;
}
task<std::vector<std::string>> timeout_join_cases() {
  std::vector<std::string> out;
  auto a = co_await timeout_join(5.0, spawn(quick_value()));
  out.push_back(a.is_completed() ? "completed " + std::to_string(a.value()) : "bad");
  auto b = co_await timeout_join_ms(5000, spawn(fail_soon()));
  out.push_back(b.is_join_failed() ? "join failed: " + b.error().message().substr(b.error().message().find(' ', 5))
                                   : "bad");
  std::atomic<int> done{0};
  auto c = co_await timeout_join_ms(10, spawn(finish_later(&done)));
  out.push_back(c.is_timed_out() ? "timed out" : "bad");
  if (c.is_timed_out()) {
    join_handle<std::int64_t> h = std::move(c).handle();  // the same live handle
    auto r = co_await std::move(h);
    out.push_back(r.is_ok() ? "later " + std::to_string(r.ok_value()) : "bad");
  }
  auto d = co_await timeout_join_ms(10, spawn(finish_later(&done)));
  if (d.is_timed_out()) {
    d.handle().abort();
    auto r = co_await std::move(d.handle());
    out.push_back(r.is_err() && r.err_value().is_cancelled() ? "aborted" : "bad");
  }
  auto e = co_await timeout_join(0.0, spawn(finish_later(&done)));
  out.push_back(e.is_timed_out() && e.handle().valid() ? "zero timed out" : "bad");
  co_return out;
}

TEST_P(timeout_test, timeout_join_outcomes) {
  runtime rt(workers());
  ::testing::internal::CaptureStderr();
  std::vector<std::string> out = rt.block_on(timeout_join_cases());
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "join failed here\n");
  EXPECT_EQ(out, (std::vector<std::string>{"completed 7", "join failed:  panicked with message \"join failed here\"",
                                           "timed out", "later 9", "aborted", "zero timed out"}));
}

// Deadlines racing their work: each round awaits a timeout whose deadline is about the
// work's duration, then sleeps and checks that the sleep really lasted (a stale wake
// from the timeout must not resume it early) and joins a task (a stale wake must not
// resume the join early either).
task<std::int64_t> racing_work(std::int64_t ms) {
  co_await sleep_ms(ms);
  co_return ms;
}
task<std::int64_t> racer(std::int64_t seed, std::atomic<long>* early, std::atomic<long>* timed_out) {
  std::int64_t ok_sum = 0;
  for (int round = 0; round < 6; ++round) {
    const std::int64_t work = (seed + round) % 3;
    const std::int64_t limit = (seed * 7 + round) % 3;
    auto r = co_await timeout_ms(limit, racing_work(work));
    if (r.is_ok()) {
      ok_sum += r.ok_value();
    } else {
      timed_out->fetch_add(1);
    }
    const auto start = clock_type::now();
    co_await sleep_ms(2);
    if (clock_type::now() - start < std::chrono::milliseconds(2)) early->fetch_add(1);
    auto j = co_await spawn(racing_work(0));
    if (!j.is_ok()) early->fetch_add(1);
  }
  co_return ok_sum;
}
task<std::int64_t> racing_deadlines(std::int64_t n, std::atomic<long>* early, std::atomic<long>* timed_out) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < n; ++i) hs.push_back(spawn(racer(i, early, timed_out)));
  std::int64_t sum = 0;
  for (auto& h : hs) sum += (co_await std::move(h)).ok_value();
  co_return sum;
}

TEST_P(timeout_test, deadlines_racing_completion_under_load) {
  std::atomic<long> early{0}, timed_out{0};
  const std::int64_t n = scaled(400, 60);
  runtime rt(workers());
  rt.block_on(racing_deadlines(n, &early, &timed_out));
  EXPECT_EQ(early.load(), 0);
  EXPECT_GT(timed_out.load(), 0);
}

}  // namespace
}  // namespace incan::rt::testing

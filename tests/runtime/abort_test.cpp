// Tests of join_handle::abort: cancellation at the next suspension point, the exact
// join error, no effect on finished tasks, release of what the aborted frames held,
// detaching of tasks the aborted task was joining, and random aborts under load.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "counted.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class abort_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(abort_test);

using clock_type = std::chrono::steady_clock;

task<std::int64_t> sleep_then_mark(counted c, std::atomic<int>* after) {
  counted local(c.value() + 1);
  co_await sleep(3600.0);
  after->store(1);
  co_return c.value();
}

struct abort_outcome {
  std::string message;
  std::string expected;
  bool cancelled = false;
  bool panic = true;
  bool finished_before_join = false;
};

task<abort_outcome> abort_a_sleeper(std::atomic<int>* after) {
  join_handle<std::int64_t> h = spawn(sleep_then_mark(counted(7), after));
  for (int i = 0; i < 5; ++i) co_await yield_now();  // let it reach its sleep
  abort_outcome out;
  out.expected = "task " + std::to_string(h.id()) + " was cancelled";
  h.abort();
  h.abort();  // twice is harmless
  auto r = co_await std::move(h);
  if (r.is_err()) {
    out.message = r.err_value().message();
    out.cancelled = r.err_value().is_cancelled();
    out.panic = r.err_value().is_panic();
  }
  co_return out;
}

TEST_P(abort_test, aborting_a_sleeping_task_cancels_it_with_the_exact_error) {
  counted::reset();
  std::atomic<int> after{0};
  const auto start = clock_type::now();
  {
    runtime rt(workers());
    abort_outcome out = rt.block_on(abort_a_sleeper(&after));
    EXPECT_EQ(out.message, out.expected);
    EXPECT_TRUE(out.cancelled);
    EXPECT_FALSE(out.panic);
    EXPECT_EQ(counted::live(), 0);  // the frame (and its locals) is gone before the join
  }
  EXPECT_LT(clock_type::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(after.load(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<std::int64_t> answer() { co_return 42; }
task<std::int64_t> abort_after_finish() {
  join_handle<std::int64_t> h = spawn(answer());
  while (!h.is_finished()) co_await yield_now();
  h.abort();
  auto r = co_await std::move(h);
  co_return r.is_ok() ? r.ok_value() : -1;
}

TEST_P(abort_test, aborting_a_finished_task_keeps_its_result) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(abort_after_finish()), 42);
}

task<void> spin_yielding(std::atomic<long>* iterations) {
  for (;;) {
    iterations->fetch_add(1);
    co_await yield_now();
  }
}
task<bool> abort_a_busy_task(std::atomic<long>* iterations) {
  join_handle<void> h = spawn(spin_yielding(iterations));
  while (iterations->load() < 10) co_await yield_now();
  h.abort();
  auto r = co_await std::move(h);
  co_return r.is_err() && r.err_value().is_cancelled();
}

TEST_P(abort_test, a_running_task_stops_at_its_next_suspension_point) {
  std::atomic<long> iterations{0};
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(abort_a_busy_task(&iterations)));
  const long seen = iterations.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(iterations.load(), seen);  // it never ran again
}

task<std::int64_t> slow_value(std::atomic<int>* done) {
  co_await sleep_ms(30);
  done->store(1);
  co_return 5;
}
task<void> join_it(join_handle<std::int64_t> h) { co_await std::move(h); }
task<bool> abort_a_joiner(std::atomic<int>* done) {
  join_handle<void> joiner = spawn(join_it(spawn(slow_value(done))));
  for (int i = 0; i < 5; ++i) co_await yield_now();
  joiner.abort();
  auto r = co_await std::move(joiner);
  if (!r.is_err() || !r.err_value().is_cancelled()) co_return false;
  const auto start = clock_type::now();
  while (done->load() == 0) {  // the joined task was only detached: it still finishes
    if (clock_type::now() - start > std::chrono::seconds(10)) co_return false;
    co_await sleep_ms(5);
  }
  co_return true;
}

TEST_P(abort_test, aborting_a_joiner_detaches_the_joined_task) {
  std::atomic<int> done{0};
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(abort_a_joiner(&done)));
}

// The sleep is long so that a loaded machine (the test thread preempted between spawn
// and abort) cannot let the task finish first; the abort cuts it short anyway.
task<bool> mark_after_sleep(std::atomic<int>* after) {
  co_await sleep_ms(10000);
  after->store(1);
  co_return true;
}
task<bool> abort_before_first_poll(std::atomic<int>* after) {
  join_handle<bool> h = spawn(mark_after_sleep(after));
  h.abort();  // most likely still queued: it never runs at all, or stops at its sleep
  auto r = co_await std::move(h);
  co_return r.is_err() && r.err_value().is_cancelled();
}

TEST_P(abort_test, aborting_right_after_spawn) {
  std::atomic<int> after{0};
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(abort_before_first_poll(&after)));
  EXPECT_EQ(after.load(), 0);
}

TEST(abort_death_test, aborting_an_empty_handle_is_misuse) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(join_handle<void>().abort(), "abort of an empty");
}

// Many tasks with sleeps, yields and joins; a random half is aborted at random moments.
// Every join yields either the task's value or Err(cancelled), nothing leaks, and a
// task that reported success really ran to its end.
task<std::int64_t> worker_body(counted c, std::atomic<long>* finished) {
  const std::int64_t v = c.value();
  for (int i = 0; i < static_cast<int>(v % 4); ++i) {
    if ((v + i) % 2 == 0) {
      co_await yield_now();
    } else {
      co_await sleep_ms((v % 3) + 1);
    }
  }
  finished->fetch_add(1);
  co_return v;
}
struct stress_result {
  std::int64_t ok = 0, cancelled = 0, bad = 0, sum = 0, expected_sum = 0;
};
task<stress_result> abort_storm(std::int64_t n, std::atomic<long>* finished) {
  std::vector<join_handle<std::int64_t>> hs;
  hs.reserve(static_cast<std::size_t>(n));
  std::uint32_t seed = 12345;
  auto rnd = [&seed] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
  for (std::int64_t i = 0; i < n; ++i) {
    hs.push_back(spawn(worker_body(counted(i), finished)));
    if (rnd() % 8 == 0) co_await yield_now();
    if (i >= 10 && rnd() % 2 == 0) hs[static_cast<std::size_t>(rnd() % i)].abort();
  }
  stress_result out;
  for (std::int64_t i = 0; i < n; ++i) {
    auto r = co_await std::move(hs[static_cast<std::size_t>(i)]);
    if (r.is_ok()) {
      ++out.ok;
      out.sum += r.ok_value();
      out.expected_sum += i;
      if (r.ok_value() != i) ++out.bad;
    } else if (r.err_value().is_cancelled()) {
      ++out.cancelled;
    } else {
      ++out.bad;
    }
  }
  co_return out;
}

TEST_P(abort_test, random_aborts_under_load) {
  counted::reset();
  std::atomic<long> finished{0};
  const std::int64_t n = scaled(20'000, 3'000);
  {
    runtime rt(workers());
    stress_result r = rt.block_on(abort_storm(n, &finished));
    EXPECT_EQ(r.bad, 0);
    EXPECT_EQ(r.ok + r.cancelled, n);
    EXPECT_EQ(r.sum, r.expected_sum);
    EXPECT_GT(r.cancelled, 0);
    EXPECT_GT(r.ok, 0);
    EXPECT_EQ(finished.load(), r.ok);  // a task counts as finished iff it reported Ok
    EXPECT_EQ(counted::live(), 0);
  }
  EXPECT_EQ(counted::double_destroyed(), 0);
}

}  // namespace
}  // namespace incan::rt::testing

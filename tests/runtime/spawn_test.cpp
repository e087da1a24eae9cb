// Tests of spawn and join_handle: join order, already-finished tasks, panics reaching
// the joiner, task ids, detaching, cancellation at runtime shutdown, leaks.
#include "incan/rt/spawn.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "counted.h"
#include "incan/core/panic.h"
#include "incan/rt/runtime.h"
#include "incan/rt/time.h"
#include "incan/rt/yield_now.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class spawn_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(spawn_test);

task<std::int64_t> square(std::int64_t x) { co_return x * x; }
task<void> nothing() { co_return; }

task<std::vector<std::int64_t>> spawn_then_join_in_order() {
  std::vector<join_handle<std::int64_t>> handles;
  for (std::int64_t i = 0; i < 10; ++i) handles.push_back(spawn(square(i)));
  std::vector<std::int64_t> out;
  for (auto& h : handles) {
    auto r = co_await std::move(h);
    out.push_back(r.is_ok() ? r.ok_value() : -1);
  }
  co_return out;
}

TEST_P(spawn_test, spawn_and_join_in_order) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(spawn_then_join_in_order()),
            (std::vector<std::int64_t>{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}));
}

task<bool> join_void() {
  join_handle<void> h = spawn(nothing());
  incan::result<incan::unit, task_join_error> r = co_await h;  // lvalue await consumes
  co_return r.is_ok() && !h.valid();
}

TEST_P(spawn_test, joining_a_void_task_gives_unit) {
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(join_void()));
}

task<std::int64_t> join_after_finish() {
  join_handle<std::int64_t> h = spawn(square(12));
  while (!h.is_finished()) co_await yield_now();
  auto r = co_await std::move(h);
  co_return r.ok_value();
}

TEST_P(spawn_test, joining_an_already_finished_task) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(join_after_finish()), 144);
}

task<std::int64_t> fails(std::string msg) {
  incan::panic(msg);
  co_return 0;
}

struct join_outcome {
  std::uint64_t id = 0;
  std::string message;
  bool is_panic = false;
  bool is_cancelled = false;
  std::int64_t after = 0;
};

task<join_outcome> join_panicking_task() {
  join_handle<std::int64_t> h = spawn(fails("bad \"input\"\n\tat\\line"));
  join_outcome out;
  out.id = h.id();
  auto r = co_await std::move(h);
  if (r.is_err()) {
    out.message = r.err_value().message();
    out.is_panic = r.err_value().is_panic();
    out.is_cancelled = r.err_value().is_cancelled();
  }
  auto ok = co_await spawn(square(5));  // the program goes on
  out.after = ok.ok_value();
  co_return out;
}

TEST_P(spawn_test, panicking_task_gives_err_with_the_exact_message) {
  runtime rt(workers());
  ::testing::internal::CaptureStderr();
  join_outcome out = rt.block_on(join_panicking_task());
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "bad \"input\"\n\tat\\line\n");
  EXPECT_EQ(out.message,
            "task " + std::to_string(out.id) + " panicked with message \"bad \\\"input\\\"\\n\\tat\\\\line\"");
  EXPECT_TRUE(out.is_panic);
  EXPECT_FALSE(out.is_cancelled);
  EXPECT_EQ(out.after, 25);
}

task<std::vector<std::uint64_t>> spawn_ids() {
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(spawn(nothing()).id());  // detached at once
  co_return ids;
}

// Ids are process-wide, so other tests have used some; the first-id-is-1 check runs in
// a fresh process (entry_test.cpp).
TEST_P(spawn_test, task_ids_increase_by_one_per_spawn) {
  runtime rt(workers());
  std::vector<std::uint64_t> ids = rt.block_on(spawn_ids());
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_GE(ids[0], 1u);
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1);
  std::vector<std::uint64_t> more = rt.block_on(spawn_ids());
  EXPECT_EQ(more[0], ids[4] + 1);
}

task<void> set_after_sleep(std::atomic<int>* flag) {
  co_await sleep_ms(20);
  flag->store(1);
}
task<bool> detach_and_wait(std::atomic<int>* flag) {
  { auto dropped = spawn(set_after_sleep(flag)); }
  spawn(set_after_sleep(flag + 1));  // handle discarded as a statement
  const auto start = std::chrono::steady_clock::now();
  while (flag[0].load() == 0 || flag[1].load() == 0) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) co_return false;
    co_await sleep_ms(5);
  }
  co_return true;
}

TEST_P(spawn_test, detached_tasks_keep_running) {
  runtime rt(workers());
  std::atomic<int> flags[2] = {0, 0};
  EXPECT_TRUE(rt.block_on(detach_and_wait(flags)));
}

task<std::int64_t> tree(std::int64_t depth) {
  if (depth == 0) co_return 1;
  auto left = spawn(tree(depth - 1));
  auto right = spawn(tree(depth - 1));
  auto l = co_await std::move(left);
  auto r = co_await std::move(right);
  co_return l.ok_value() + r.ok_value();
}

TEST_P(spawn_test, spawn_from_spawned_tasks) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(tree(8)), 256);
}

task<std::int64_t> payload(counted c) { co_return c.value(); }
task<std::int64_t> many_spawns(std::int64_t n) {
  std::vector<join_handle<std::int64_t>> handles;
  handles.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) handles.push_back(spawn(payload(counted(i))));
  std::int64_t sum = 0;
  for (auto& h : handles) sum += (co_await std::move(h)).ok_value();
  co_return sum;
}
task<std::int64_t> many_spawns_from_a_task(std::int64_t n) {
  auto r = co_await spawn(many_spawns(n));
  co_return r.ok_value();
}

TEST_P(spawn_test, many_tasks_nothing_leaked) {
  counted::reset();
  const std::int64_t n = scaled(100'000, 10'000);
  {
    runtime rt(workers());
    EXPECT_EQ(rt.block_on(many_spawns(n)), n * (n - 1) / 2);              // from block_on
    EXPECT_EQ(rt.block_on(many_spawns_from_a_task(n)), n * (n - 1) / 2);  // from a worker
    EXPECT_EQ(counted::live(), 0);
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
  EXPECT_EQ(counted::constructed() > 2 * n, true);
}

task<void> hold_and_sleep(counted c, double seconds) {
  counted local(c.value() + 1);
  co_await sleep(seconds);
}
task<void> await_forever_sleeper(join_handle<void> h) { co_await std::move(h); }
task<join_handle<void>> start_long_tasks() {
  join_handle<void> sleeper = spawn(hold_and_sleep(counted(1), 3600.0));
  spawn(await_forever_sleeper(spawn(hold_and_sleep(counted(2), 3600.0))));  // joiner chain, detached
  for (int i = 0; i < 10; ++i) co_await yield_now();
  co_return sleeper;
}
task<std::string> join_message(join_handle<void> h) {
  auto r = co_await std::move(h);
  co_return r.is_err() && r.err_value().is_cancelled() ? r.err_value().message() : "not cancelled";
}

TEST_P(spawn_test, runtime_shutdown_cancels_pending_tasks) {
  counted::reset();
  join_handle<void> sleeper;
  const auto start = std::chrono::steady_clock::now();
  {
    runtime rt(workers());
    sleeper = rt.block_on(start_long_tasks());
    EXPECT_GE(counted::live(), 2);
  }  // destroys the suspended frames
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
  ASSERT_TRUE(sleeper.is_finished());
  const std::uint64_t id = sleeper.id();
  runtime other(workers());
  EXPECT_EQ(other.block_on(join_message(std::move(sleeper))), "task " + std::to_string(id) + " was cancelled");
}

TEST(spawn_death_test, spawn_outside_a_runtime_is_misuse) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(spawn(nothing()), "spawn called outside of an incan runtime");
}

TEST(spawn_death_test, awaiting_a_handle_twice_is_misuse) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto twice = []() -> task<void> {
    join_handle<void> h = spawn(nothing());
    co_await h;
    co_await h;
  };
  EXPECT_DEATH(runtime(1).block_on(twice()), "join handle was awaited twice");
}

}  // namespace
}  // namespace incan::rt::testing

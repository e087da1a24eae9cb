// Tests of yield_now: it lets other runnable tasks run (no starvation), and on one
// worker two yielding tasks alternate strictly.
#include "incan/rt/yield_now.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "incan/rt/runtime.h"
#include "incan/rt/spawn.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class yield_now_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(yield_now_test);

task<std::int64_t> spin_until(std::atomic<bool>* flag) {
  std::int64_t spins = 0;
  while (!flag->load()) {
    ++spins;
    co_await yield_now();
  }
  co_return spins;
}
task<void> raise(std::atomic<bool>* flag) {
  flag->store(true);
  co_return;
}
task<bool> spinner_and_setter() {
  std::atomic<bool> flag{false};
  // Both spinners are queued before the setter; with one worker the setter can only run
  // if yield_now puts the spinners behind it.
  auto s1 = spawn(spin_until(&flag));
  auto s2 = spawn(spin_until(&flag));
  auto setter = spawn(raise(&flag));
  bool ok = (co_await std::move(setter)).is_ok();
  ok = (co_await std::move(s1)).is_ok() && ok;
  ok = (co_await std::move(s2)).is_ok() && ok;
  co_return ok;
}

TEST_P(yield_now_test, yielding_tasks_do_not_starve_others) {
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(spinner_and_setter()));
}

struct trace {
  std::mutex mutex;
  std::string text;
};
task<void> yield_and_trace(trace* t, char name, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    {
      std::lock_guard lock(t->mutex);
      t->text.push_back(name);
    }
    co_await yield_now();
  }
}
task<void> two_yielders(trace* t) {
  // Spawned from a worker, so both start on that worker's queue in spawn order.
  auto a = spawn(yield_and_trace(t, 'a', 5));
  auto b = spawn(yield_and_trace(t, 'b', 5));
  co_await std::move(a);
  co_await std::move(b);
}
task<void> spawn_two_yielders(trace* t) { co_await spawn(two_yielders(t)); }

TEST_P(yield_now_test, two_yielding_tasks_alternate_on_one_worker) {
  runtime rt(workers());
  trace t;
  rt.block_on(spawn_two_yielders(&t));
  ASSERT_EQ(t.text.size(), 10u);
  if (workers() == 1) {
    EXPECT_EQ(t.text, "ababababab");
  }
}

task<bool> yield_as_a_task_value() {
  task<void> stored = yield_now();
  co_await std::move(stored);
  auto r = co_await spawn(yield_now());
  co_return r.is_ok();
}

TEST_P(yield_now_test, yield_as_a_task_value_and_spawned) {
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(yield_as_a_task_value()));
}

task<std::int64_t> yield_in_root(std::int64_t n) {
  trace t;
  auto background = spawn(yield_and_trace(&t, 'x', 50));
  for (std::int64_t i = 0; i < n; ++i) co_await yield_now();
  co_await std::move(background);
  co_return n;
}

TEST_P(yield_now_test, yield_in_the_block_on_root) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(yield_in_root(1000)), 1000);
}

}  // namespace
}  // namespace incan::rt::testing

// Tests of the async mutex: exclusive increments from many tasks, FIFO hand-off order,
// guards held across awaits (strict alternation of the async_sync example), try_lock,
// cancellation of parked lock() (abort, random aborts under load, shutdown) without a
// lost lock or a leak.
#include "incan/rt/mutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "counted.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class mutex_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(mutex_test);

using i64 = std::int64_t;

task<void> increment(mutex<i64> m, i64 n) {
  for (i64 i = 0; i < n; ++i) {
    mutex_guard<i64> g = co_await m.lock();
    g.set(g.get() + 1);
    if (i % 64 == 0) co_await yield_now();  // sometimes held across a suspension
  }
}

task<i64> many_incrementers(i64 tasks, i64 n) {
  mutex<i64> m(0);
  std::vector<join_handle<void>> hs;
  for (i64 t = 0; t < tasks; ++t) hs.push_back(spawn(increment(m, n)));
  for (auto& h : hs) co_await h;
  mutex_guard<i64> g = co_await m.lock();
  co_return g.get();
}

TEST_P(mutex_test, increments_from_many_tasks_are_exclusive) {
  runtime rt(workers());
  const i64 n = scaled(50000, 5000);
  EXPECT_EQ(rt.block_on(many_incrementers(6, n)), 6 * n);
}

task<void> lock_and_log(mutex<std::vector<i64>> m, i64 id) {
  mutex_guard<std::vector<i64>> g = co_await m.lock();
  g.value().push_back(id);
}

task<std::vector<i64>> fifo_handoff() {
  mutex<std::vector<i64>> m(std::vector<i64>{});
  std::vector<join_handle<void>> hs;
  {
    mutex_guard<std::vector<i64>> held = co_await m.lock();
    for (i64 id = 1; id <= 5; ++id) {
      hs.push_back(spawn(lock_and_log(m, id)));
      // Each parks before the next is spawned (polled: a fixed sleep loses to a busy machine).
      while (m.waiting() < static_cast<std::size_t>(id)) co_await sleep_ms(1);
    }
    held.value().push_back(0);
  }  // released: hands off to 1, then 2, ...
  for (auto& h : hs) co_await h;
  co_return (co_await m.lock()).get();
}

TEST_P(mutex_test, waiters_get_the_lock_in_fifo_order) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(fifo_handoff()), (std::vector<i64>{0, 1, 2, 3, 4, 5}));
}

task<void> worker(mutex<i64> m, i64 id, mutex<std::vector<std::string>> log) {
  for (int i = 0; i < 3; ++i) {
    mutex_guard<i64> g = co_await m.lock();
    g.set(g.get() + 1);
    {
      auto lg = co_await log.lock();
      lg.value().push_back("Worker " + std::to_string(id) + ": counter = " + std::to_string(g.get()));
    }
    co_await sleep_ms(10);  // the guard is held across the sleep
  }
}

task<std::vector<std::string>> alternation() {
  mutex<i64> m(0);
  mutex<std::vector<std::string>> log(std::vector<std::string>{});
  auto a = spawn(worker(m, 1, log));
  auto b = spawn(worker(m, 2, log));
  co_await a;
  co_await b;
  co_return (co_await log.lock()).get();
}

TEST_P(mutex_test, guard_held_across_sleep_makes_workers_alternate) {
  runtime rt(workers());
  std::vector<std::string> lines = rt.block_on(alternation());
  ASSERT_EQ(lines.size(), 6u);
  const char first = lines[0][7];
  const char second = first == '1' ? '2' : '1';
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(lines[i], std::string("Worker ") + (i % 2 == 0 ? first : second) +
                            ": counter = " + std::to_string(i + 1));
  }
}

task<std::vector<i64>> try_lock_cases() {
  mutex<i64> m(5);
  std::vector<i64> out;
  {
    auto g = m.try_lock();
    out.push_back(g.is_some() ? g.value().get() : -1);
    out.push_back(m.try_lock().is_none() ? 1 : 0);
    mutex<i64> copy = m;  // a copy shares the lock
    out.push_back(copy.try_lock().is_none() ? 1 : 0);
  }
  out.push_back(m.try_lock().is_some() ? 1 : 0);
  co_return out;
}

TEST_P(mutex_test, try_lock_fails_while_held_by_any_copy) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(try_lock_cases()), (std::vector<i64>{5, 1, 1, 1}));
}

task<void> lock_once(mutex<i64> m, std::atomic<int>* got) {
  auto g = co_await m.lock();
  got->fetch_add(1);
  g.set(g.get() + 1);
}

task<std::vector<i64>> abort_parked_lockers(std::atomic<int>* got) {
  mutex<i64> m(0);
  std::vector<join_handle<void>> hs;
  {
    auto held = co_await m.lock();
    for (int i = 0; i < 4; ++i) {
      hs.push_back(spawn(lock_once(m, got)));
      co_await sleep_ms(2);
    }
    hs[1].abort();  // a middle waiter
    hs[3].abort();  // the tail waiter
    co_await sleep_ms(5);
  }
  std::vector<i64> out;
  for (auto& h : hs) out.push_back((co_await h).is_ok() ? 1 : 0);
  out.push_back(got->load());
  out.push_back((co_await m.lock()).get());
  out.push_back(m.try_lock().is_some() ? 1 : 0);  // the lock was not lost
  co_return out;
}

TEST_P(mutex_test, aborted_parked_lock_withdraws_without_losing_the_lock) {
  runtime rt(workers());
  std::atomic<int> got{0};
  EXPECT_EQ(rt.block_on(abort_parked_lockers(&got)), (std::vector<i64>{1, 0, 1, 0, 2, 2, 1}));
}

task<void> contender(mutex<i64> m, std::atomic<long>* done) {
  for (int i = 0; i < 200; ++i) {
    auto g = co_await m.lock();
    g.set(g.get() + 1);
    done->fetch_add(1);  // counted while the lock is held: equal to the value
    if (i % 3 == 0) co_await yield_now();
  }
}

task<std::vector<i64>> random_aborts(std::uint32_t seed, std::atomic<long>* done) {
  mutex<i64> m(0);
  std::mt19937 rng(seed);
  std::vector<join_handle<void>> hs;
  for (int i = 0; i < 40; ++i) hs.push_back(spawn(contender(m, done)));
  for (int i = 0; i < 40; ++i) {
    co_await yield_now();
    if (rng() % 2 == 0) hs[rng() % hs.size()].abort();
  }
  for (auto& h : hs) co_await h;
  std::vector<i64> out;
  auto g = m.try_lock();
  out.push_back(g.is_some() ? 1 : 0);
  out.push_back(g.is_some() && g.value().get() == done->load() ? 1 : 0);
  co_return out;
}

TEST_P(mutex_test, random_aborts_under_contention_lose_no_lock) {
  runtime rt(workers());
  for (std::uint32_t seed : {7u, 8u, 9u}) {
    std::atomic<long> done{0};
    EXPECT_EQ(rt.block_on(random_aborts(seed, &done)), (std::vector<i64>{1, 1})) << "seed " << seed;
  }
}

task<void> hold_forever(mutex<counted> m) {
  auto g = co_await m.lock();
  co_await sleep(3600.0);
}
task<void> park_on(mutex<counted> m) { auto g = co_await m.lock(); }

TEST_P(mutex_test, shutdown_with_parked_lockers_leaks_nothing) {
  counted::reset();
  {
    runtime rt(workers());
    rt.block_on([]() -> task<void> {
      mutex<counted> m(counted(1));
      spawn(hold_forever(m));
      co_await sleep_ms(5);
      for (int i = 0; i < 3; ++i) spawn(park_on(m));
      co_await sleep_ms(5);
    }());
  }
  EXPECT_EQ(counted::live(), 0);
}

task<std::vector<i64>> lock_with_timeout() {
  mutex<i64> m(1);
  std::vector<i64> out;
  {
    auto held = co_await m.lock();
    auto r = co_await timeout_ms(10, m.lock());  // times out in the queue: withdrawn
    out.push_back(r.is_err() ? 1 : 0);
  }
  auto g = co_await timeout_ms(1000, m.lock());  // the lock is free again
  out.push_back(g.is_ok() ? g.ok_value().get() : -1);
  co_return out;
}

TEST_P(mutex_test, timed_out_lock_withdraws) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(lock_with_timeout()), (std::vector<i64>{1, 1}));
}

}  // namespace
}  // namespace incan::rt::testing

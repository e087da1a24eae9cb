// Tests of spawn_blocking and its thread pool: values, unit, panics, not stalling the
// workers, growth on demand, the thread cap, retiring idle threads, abort before and
// after start, task ids, spawning from a blocking call, and shutdown.
#include "incan/rt/spawn_blocking.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "counted.h"
#include "incan/core/panic.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class spawn_blocking_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(spawn_blocking_test);

using clock_type = std::chrono::steady_clock;

// Spins (with short sleeps) until `flag` is set or 10 s passed; returns whether it was set.
bool wait_for_flag(const std::atomic<int>& flag, int value = 1) {
  const auto start = clock_type::now();
  while (flag.load() < value) {
    if (clock_type::now() - start > std::chrono::seconds(10)) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

std::int64_t blocking_value() { return 42; }

task<std::vector<std::string>> values_and_units(std::thread::id caller) {
  std::vector<std::string> out;
  auto a = co_await spawn_blocking(&blocking_value);
  out.push_back(a.is_ok() ? std::to_string(a.ok_value()) : "bad");
  counted captured(5);
  // A named closure: g++ 12 destroys a closure temporary written inside a co_await
  // operand twice (see README.md), so generated code binds it first, as here.
  auto doubled = [captured] { return captured.value() * 2; };
  auto b = co_await spawn_blocking(std::move(doubled));
  out.push_back(b.is_ok() ? std::to_string(b.ok_value()) : "bad");
  std::thread::id ran_on;
  auto c = co_await spawn_blocking([&ran_on] { ran_on = std::this_thread::get_id(); });
  out.push_back(c.is_ok() ? "unit" : "bad");
  out.push_back(ran_on != caller && ran_on != std::this_thread::get_id() ? "other thread" : "same thread");
  co_return out;
}

TEST_P(spawn_blocking_test, values_units_and_a_thread_of_its_own) {
  counted::reset();
  {
    runtime rt(workers());
    EXPECT_EQ(rt.block_on(values_and_units(std::this_thread::get_id())),
              (std::vector<std::string>{"42", "10", "unit", "other thread"}));
  }
  EXPECT_EQ(counted::live(), 0);  // the callable's captures were released
}

task<std::string> blocking_panic() {
  join_handle<std::int64_t> h = spawn_blocking([]() -> std::int64_t { incan::panic("blocking \"boom\""); });
  const std::uint64_t id = h.id();
  auto r = co_await std::move(h);
  if (!r.is_err() || !r.err_value().is_panic()) co_return "bad";
  const std::string expected = "task " + std::to_string(id) + " panicked with message \"blocking \\\"boom\\\"\"";
  co_return r.err_value().message() == expected ? "ok" : r.err_value().message();
}

TEST_P(spawn_blocking_test, a_panic_becomes_the_join_error) {
  runtime rt(workers());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(rt.block_on(blocking_panic()), "ok");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "blocking \"boom\"\n");
}

task<void> set_flag_async(std::atomic<int>* flag) {
  co_await sleep_ms(1);
  flag->store(1);
}
task<bool> blocking_waits_for_async(std::atomic<int>* flag) {
  // The blocking call waits for an async task: with the call on a worker (1 worker)
  // this would never finish.
  join_handle<bool> h = spawn_blocking([flag] { return wait_for_flag(*flag); });
  spawn(set_flag_async(flag));
  auto r = co_await std::move(h);
  co_return r.is_ok() && r.ok_value();
}

TEST_P(spawn_blocking_test, does_not_stall_the_workers) {
  std::atomic<int> flag{0};
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(blocking_waits_for_async(&flag)));
}

// `n` calls that each wait until all `n` have started: only possible with n threads.
task<std::int64_t> all_at_once(std::int64_t n, std::atomic<int>* started, std::atomic<int>* max_seen,
                               std::atomic<int>* running) {
  std::vector<join_handle<bool>> hs;
  for (std::int64_t i = 0; i < n; ++i) {
    hs.push_back(spawn_blocking([=] {
      const int now = running->fetch_add(1) + 1;
      int seen = max_seen->load();
      while (now > seen && !max_seen->compare_exchange_weak(seen, now)) {
      }
      started->fetch_add(1);
      const bool ok = wait_for_flag(*started, static_cast<int>(n));
      running->fetch_sub(1);
      return ok;
    }));
  }
  std::int64_t ok = 0;
  for (auto& h : hs) ok += (co_await std::move(h)).ok_value() ? 1 : 0;
  co_return ok;
}

TEST_P(spawn_blocking_test, grows_on_demand) {
  std::atomic<int> started{0}, max_seen{0}, running{0};
  runtime rt(workers());
  EXPECT_EQ(rt.blocking_thread_count(), 0u);
  EXPECT_EQ(rt.block_on(all_at_once(8, &started, &max_seen, &running)), 8);
  EXPECT_EQ(max_seen.load(), 8);
  EXPECT_EQ(rt.blocking_thread_count(), 8u);
}

task<std::int64_t> capped(std::int64_t n, std::atomic<int>* max_seen, std::atomic<int>* running) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < n; ++i) {
    hs.push_back(spawn_blocking([=] {
      const int now = running->fetch_add(1) + 1;
      int seen = max_seen->load();
      while (now > seen && !max_seen->compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      running->fetch_sub(1);
      return i;
    }));
  }
  std::int64_t sum = 0;
  for (auto& h : hs) sum += (co_await std::move(h)).ok_value();
  co_return sum;
}

TEST_P(spawn_blocking_test, the_thread_cap_queues_the_rest) {
  std::atomic<int> max_seen{0}, running{0};
  runtime rt(workers(), 2, 10.0);
  EXPECT_EQ(rt.block_on(capped(12, &max_seen, &running)), 66);
  EXPECT_EQ(max_seen.load(), 2);
  EXPECT_EQ(rt.blocking_thread_count(), 2u);
}

task<std::int64_t> one_call() {
  auto r = co_await spawn_blocking(&blocking_value);
  co_return r.ok_value();
}

TEST_P(spawn_blocking_test, idle_threads_retire) {
  runtime rt(workers(), 4, 0.05);
  EXPECT_EQ(rt.block_on(one_call()), 42);
  EXPECT_LE(rt.blocking_thread_count(), 1u);  // one thread started (it may retire already)
  const auto start = clock_type::now();
  while (rt.blocking_thread_count() != 0 && clock_type::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(rt.blocking_thread_count(), 0u);
  EXPECT_EQ(rt.block_on(one_call()), 42);  // and a new one starts when needed
}

task<std::vector<std::string>> abort_blocking(std::atomic<int>* release, std::atomic<int>* second_ran) {
  std::vector<std::string> out;
  // Cap 1: the first call occupies the only thread, the second stays queued.
  join_handle<std::int64_t> first = spawn_blocking([release] {
    wait_for_flag(*release);
    return std::int64_t{1};
  });
  join_handle<std::int64_t> second = spawn_blocking([second_ran] {
    second_ran->store(1);
    return std::int64_t{2};
  });
  first.abort();   // already running (or about to): durable once started
  second.abort();  // still queued: never starts
  const std::uint64_t second_id = second.id();
  release->store(1);
  auto b = co_await std::move(second);
  out.push_back(b.is_err() && b.err_value().message() == "task " + std::to_string(second_id) + " was cancelled"
                    ? "second cancelled"
                    : "bad");
  co_return out;
}

TEST_P(spawn_blocking_test, abort_only_prevents_a_queued_call) {
  std::atomic<int> release{0}, second_ran{0};
  runtime rt(workers(), 1, 10.0);
  EXPECT_EQ(rt.block_on(abort_blocking(&release, &second_ran)), (std::vector<std::string>{"second cancelled"}));
  EXPECT_EQ(second_ran.load(), 0);
}

task<std::string> abort_running_call(std::atomic<int>* started, std::atomic<int>* release) {
  join_handle<std::int64_t> h = spawn_blocking([started, release] {
    started->store(1);
    wait_for_flag(*release);
    return std::int64_t{7};
  });
  while (started->load() == 0) co_await sleep_ms(1);
  h.abort();
  release->store(1);
  auto r = co_await std::move(h);
  co_return r.is_ok() ? "ok " + std::to_string(r.ok_value()) : "bad";
}

TEST_P(spawn_blocking_test, abort_after_start_keeps_the_result) {
  std::atomic<int> started{0}, release{0};
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(abort_running_call(&started, &release)), "ok 7");
}

task<std::int64_t> double_it(std::int64_t x) { co_return 2 * x; }
task<std::vector<std::uint64_t>> ids_and_nested_spawn(std::int64_t* nested) {
  std::vector<std::uint64_t> ids;
  ids.push_back(spawn(double_it(1)).id());
  join_handle<std::int64_t> b = spawn_blocking([] {
    // spawn works on a blocking thread; its handle can be sent back and awaited.
    return std::int64_t{5};
  });
  ids.push_back(b.id());
  ids.push_back(spawn(double_it(2)).id());
  auto r = co_await std::move(b);
  join_handle<join_handle<std::int64_t>> inner = spawn_blocking([] { return spawn(double_it(21)); });
  auto h = co_await std::move(inner);
  *nested = r.ok_value() + (co_await std::move(h).ok_value()).ok_value();
  co_return ids;
}

TEST_P(spawn_blocking_test, shares_task_ids_with_spawn_and_can_spawn) {
  std::int64_t nested = 0;
  runtime rt(workers());
  std::vector<std::uint64_t> ids = rt.block_on(ids_and_nested_spawn(&nested));
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[1], ids[0] + 1);
  EXPECT_EQ(ids[2], ids[1] + 1);
  EXPECT_EQ(nested, 5 + 42);
}

task<std::vector<join_handle<std::int64_t>>> start_and_leave(std::atomic<int>* started, std::atomic<int>* ran) {
  std::vector<join_handle<std::int64_t>> hs;
  for (int i = 0; i < 4; ++i) {
    const int ms = i == 0 ? 100 : 1;  // the others stay queued behind the first
    hs.push_back(spawn_blocking([started, ran, ms] {
      started->fetch_add(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      ran->fetch_add(1);
      return std::int64_t{1};
    }));
  }
  while (started->load() == 0) co_await sleep_ms(1);  // the first call is running
  co_return hs;
}
task<std::string> outcome(join_handle<std::int64_t> h) {
  auto r = co_await std::move(h);
  co_return r.is_ok() ? "ok" : (r.err_value().is_cancelled() ? "cancelled" : "bad");
}

TEST_P(spawn_blocking_test, shutdown_waits_for_running_calls_and_cancels_queued_ones) {
  std::atomic<int> started{0}, ran{0};
  std::vector<join_handle<std::int64_t>> hs;
  {
    runtime rt(workers(), 1, 10.0);
    hs = rt.block_on(start_and_leave(&started, &ran));
  }
  const int n_ran = ran.load();
  EXPECT_GE(n_ran, 1);  // the first call had started: shutdown waited for it
  runtime other(workers());
  int ok = 0, cancelled = 0;
  for (auto& h : hs) {
    ASSERT_TRUE(h.is_finished());
    const std::string o = other.block_on(outcome(std::move(h)));
    ok += o == "ok";
    cancelled += o == "cancelled";
  }
  EXPECT_EQ(ok, n_ran);              // every call that ran reported Ok...
  EXPECT_EQ(cancelled, 4 - n_ran);  // ...and every other one was cancelled unstarted
}

TEST(spawn_blocking_death_test, outside_a_runtime_is_misuse) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(spawn_blocking(&blocking_value), "spawn_blocking called outside of an incan runtime");
}

// Blocking calls and async tasks joining each other, with random aborts.
task<std::int64_t> mixed(std::int64_t n) {
  std::vector<join_handle<std::int64_t>> hs;
  std::uint32_t seed = 7;
  std::int64_t expected = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    if (seed % 3 == 0) {
      hs.push_back(spawn_blocking([i] { return i; }));
    } else {
      hs.push_back(spawn(double_it(i)));
    }
    if ((seed >> 8) % 5 == 0) hs.back().abort();
  }
  std::int64_t sum = 0;
  seed = 7;
  for (std::int64_t i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    auto r = co_await std::move(hs[static_cast<std::size_t>(i)]);
    if (r.is_ok()) {
      sum += r.ok_value();
      expected += seed % 3 == 0 ? i : 2 * i;
    } else if (!r.err_value().is_cancelled()) {
      co_return -1;
    }
  }
  co_return sum == expected ? 1 : 0;
}

TEST_P(spawn_blocking_test, mixed_with_async_tasks_and_aborts) {
  runtime rt(workers(), 4, 10.0);
  EXPECT_EQ(rt.block_on(mixed(scaled(5000, 800))), 1);
}

}  // namespace
}  // namespace incan::rt::testing

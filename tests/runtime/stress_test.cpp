// Stress tests: many tasks waking each other across workers (join chains, join races,
// spawn trees, mixed sleeps and yields; timers that must never fire early; MPSC
// channels with aborted producers and with competing receivers on the lock-free ring).
// Every task's result is checked, not only counted. Also run under ThreadSanitizer
// (tools/tsan_runtime.sh) and AddressSanitizer (tools/asan_runtime.sh), with smaller
// workloads under TSan (runtime_test_util.h).
#include "incan/rt.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "incan/rt/channel.h"

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
task<std::vector<std::int64_t>> many_chains(std::int64_t chains, std::int64_t length) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < chains; ++i) hs.push_back(spawn(chain(length)));
  std::vector<std::int64_t> results;
  for (auto& h : hs) results.push_back((co_await std::move(h)).ok_value());
  co_return results;
}

TEST_P(stress_test, join_chains_across_workers) {
  counted::reset();
  const std::int64_t chains = scaled(40, 8);
  const std::int64_t length = scaled(5000, 500);
  {
    runtime rt(workers());
    // Each chain counts its links: every one of them ran once and passed its value on.
    EXPECT_EQ(rt.block_on(many_chains(chains, length)),
              std::vector<std::int64_t>(static_cast<std::size_t>(chains), length));
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// The joiner registers its waker while the task completes on another worker. Each
// joined task returns f(racer, i); the joiner counts the values that are not that.
task<std::int64_t> quick(std::int64_t i) { co_return i; }
std::int64_t f(std::int64_t racer, std::int64_t i) { return racer * 1'000'003 + i * i % 9973; }
task<std::int64_t> compute(std::int64_t racer, std::int64_t i) { co_return f(racer, i); }
task<std::int64_t> join_race(std::int64_t racer, std::int64_t rounds) {
  std::int64_t wrong = 0;
  for (std::int64_t i = 0; i < rounds; ++i) {
    if ((co_await spawn(compute(racer, i))).ok_value() != f(racer, i)) ++wrong;
  }
  co_return wrong;
}
task<std::vector<std::int64_t>> parallel_join_races(std::int64_t racers, std::int64_t rounds) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < racers; ++i) hs.push_back(spawn(join_race(i, rounds)));
  std::vector<std::int64_t> wrong;
  for (auto& h : hs) wrong.push_back((co_await std::move(h)).ok_value());
  co_return wrong;
}

TEST_P(stress_test, join_registration_races_completion) {
  runtime rt(workers());
  const std::int64_t racers = 8;
  const std::int64_t rounds = scaled(20000, 1000);
  EXPECT_EQ(rt.block_on(parallel_join_races(racers, rounds)),
            std::vector<std::int64_t>(static_cast<std::size_t>(racers), 0));
}

// Tasks that sleep, yield, spawn and panic, all at once. Each returns what its steps
// add up to (expected_acc); a sleep that ends before its duration counts as early.
std::int64_t expected_acc(std::int64_t seed, std::int64_t steps) {
  std::int64_t acc = 0;
  for (std::int64_t s = 0; s < steps; ++s) {
    switch ((seed + s) % 5) {
      case 2: acc += s; break;
      case 3: acc += s % 2 == 0 ? 0 : s; break;
      case 4: acc += 1; break;
      default: break;
    }
  }
  return acc;
}
task<std::int64_t> worker_task(std::int64_t seed, std::int64_t steps, std::atomic<std::int64_t>* ops,
                               std::atomic<std::int64_t>* early) {
  std::int64_t acc = 0;
  for (std::int64_t s = 0; s < steps; ++s) {
    switch ((seed + s) % 5) {
      case 0: co_await yield_now(); break;
      case 1: {
        const std::int64_t ms = (seed + s) % 3;
        const auto start = std::chrono::steady_clock::now();
        co_await sleep_ms(ms);
        if (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(ms)) early->fetch_add(1);
        break;
      }
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
task<std::vector<std::int64_t>> storm(std::int64_t tasks, std::int64_t steps, std::atomic<std::int64_t>* ops,
                                       std::atomic<std::int64_t>* early) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < tasks; ++i) hs.push_back(spawn(worker_task(i, steps, ops, early)));
  std::vector<std::int64_t> results;
  for (auto& h : hs) {
    auto r = co_await std::move(h);
    results.push_back(r.is_ok() ? r.ok_value() : -1);
  }
  co_return results;
}

TEST_P(stress_test, mixed_wake_storm) {
  runtime rt(workers());
  std::atomic<std::int64_t> ops{0};
  std::atomic<std::int64_t> early{0};
  const std::int64_t tasks = scaled(500, 60);
  const std::int64_t steps = scaled(100, 20);
  std::vector<std::int64_t> expected;
  for (std::int64_t i = 0; i < tasks; ++i) expected.push_back(expected_acc(i, steps));
  ::testing::internal::CaptureStderr();  // the panics print their message
  const std::vector<std::int64_t> results = rt.block_on(storm(tasks, steps, &ops, &early));
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(results, expected);
  EXPECT_EQ(ops.load(), tasks * steps);
  EXPECT_EQ(early.load(), 0);
}

// Many tasks sleep pseudo-random durations (0-12 ms, in ms and in seconds) over and
// over while others keep the workers busy: no sleep may end before its duration,
// measured on the steady clock from before the sleep, and each task returns its sum.
task<std::int64_t> sleeper(std::int64_t id, std::int64_t rounds, std::atomic<std::int64_t>* early) {
  std::uint32_t x = static_cast<std::uint32_t>(id) * 2654435761u + 1;
  std::int64_t total_ms = 0;
  for (std::int64_t r = 0; r < rounds; ++r) {
    x = x * 1664525u + 1013904223u;
    const std::int64_t ms = (x >> 16) % 13;
    const auto start = std::chrono::steady_clock::now();
    if (r % 2 == 0) {
      co_await sleep_ms(ms);
    } else {
      co_await sleep(static_cast<double>(ms) / 1000.0);
    }
    if (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(ms)) early->fetch_add(1);
    total_ms += ms;
  }
  co_return total_ms;
}
std::int64_t sleeper_total(std::int64_t id, std::int64_t rounds) {
  std::uint32_t x = static_cast<std::uint32_t>(id) * 2654435761u + 1;
  std::int64_t total_ms = 0;
  for (std::int64_t r = 0; r < rounds; ++r) {
    x = x * 1664525u + 1013904223u;
    total_ms += (x >> 16) % 13;
  }
  return total_ms;
}
task<void> busy(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) co_await yield_now();
}
task<std::vector<std::int64_t>> sleepers(std::int64_t tasks, std::int64_t rounds, std::atomic<std::int64_t>* early) {
  std::vector<join_handle<std::int64_t>> hs;
  for (std::int64_t i = 0; i < tasks; ++i) hs.push_back(spawn(sleeper(i, rounds, early)));
  auto noise = spawn(busy(20000));
  std::vector<std::int64_t> totals;
  for (auto& h : hs) totals.push_back((co_await std::move(h)).ok_value());
  co_await std::move(noise);
  co_return totals;
}

TEST_P(stress_test, timers_never_fire_early) {
  runtime rt(workers());
  std::atomic<std::int64_t> early{0};
  const std::int64_t tasks = scaled(1000, 200);
  const std::int64_t rounds = scaled(40, 10);
  std::vector<std::int64_t> expected;
  for (std::int64_t i = 0; i < tasks; ++i) expected.push_back(sleeper_total(i, rounds));
  EXPECT_EQ(rt.block_on(sleepers(tasks, rounds, &early)), expected);
  EXPECT_EQ(early.load(), 0);
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
  const int rounds = static_cast<int>(scaled(100, 10));
  for (int r = 0; r < rounds; ++r) {
    runtime rt(workers());
    rt.block_on(churn(200));
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// ---- channels ----

// Producers aborted at random points while the main task drains the channel: their
// sends are parked, admitted-but-not-resumed, spinning or in the lock-free ring when the
// abort lands. Every value arrives at most once and in per-producer order, producers
// that were not aborted deliver everything, every confirmed send arrives, and no value
// leaks or is destroyed twice.
task<void> abortable_producer(sender<counted> tx, std::int64_t base, std::int64_t n,
                              std::atomic<std::int64_t>* confirmed) {
  for (std::int64_t k = 0; k < n; ++k) {
    if ((co_await tx.send(counted(base + k))).is_err()) co_return;
    confirmed->fetch_add(1);
  }
}

task<std::vector<std::int64_t>> aborted_producers(std::int64_t cap, std::int64_t producers, std::int64_t n,
                                                  std::uint32_t seed) {
  auto [tx, rx] = channel<counted>(cap);
  std::atomic<std::int64_t> confirmed{0};
  std::vector<join_handle<void>> hs;
  for (std::int64_t p = 0; p < producers; ++p) hs.push_back(spawn(abortable_producer(tx, p * n, n, &confirmed)));
  { sender<counted> gone = std::move(tx); }
  std::mt19937 rng(seed);
  std::vector<std::int64_t> next(static_cast<std::size_t>(producers), 0);
  std::vector<bool> aborted(static_cast<std::size_t>(producers), false);
  std::int64_t count = 0, disorder = 0;
  while (true) {
    option<counted> v = co_await rx.recv();
    if (v.is_none()) break;
    const std::int64_t x = v.value().value();
    const auto p = static_cast<std::size_t>(x / n);
    if (next[p] != x % n) ++disorder;
    next[p] = x % n + 1;
    ++count;
    if (count % 251 == 0 && rng() % 3 == 0) {
      const std::size_t victim = rng() % static_cast<std::size_t>(producers);
      hs[victim].abort();
      aborted[victim] = true;
    }
  }
  for (auto& h : hs) co_await h;
  std::int64_t incomplete = 0;
  for (std::size_t p = 0; p < next.size(); ++p) {
    if (!aborted[p] && next[p] != n) ++incomplete;
  }
  co_return std::vector<std::int64_t>{disorder, incomplete, count >= confirmed.load() ? 1 : 0};
}

TEST_P(stress_test, channel_producers_aborted_mid_send_lose_and_leak_nothing) {
  counted::reset();
  const std::int64_t n = scaled(50000, 2000);
  {
    runtime rt(workers());
    for (std::int64_t cap : {1, 8, 1024}) {
      for (std::uint32_t seed : {1u, 2u}) {
        EXPECT_EQ(rt.block_on(aborted_producers(cap, 6, n, seed)), (std::vector<std::int64_t>{0, 0, 1}))
            << "cap " << cap << " seed " << seed;
      }
    }
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// Several receiver copies compete on the lock-free ring (CAS on the head) while
// producers fill it: each value is received exactly once, each receiver sees every
// producer's values in increasing order.
task<void> ordered_producer(sender<std::int64_t> tx, std::int64_t base, std::int64_t n) {
  for (std::int64_t k = 0; k < n; ++k) (co_await tx.send(base + k)).unwrap();
}

struct receiver_tally {
  std::int64_t count = 0;
  std::int64_t sum = 0;
  std::int64_t disorder = 0;
};

task<receiver_tally> competing_receiver(receiver<std::int64_t> rx, std::int64_t producers, std::int64_t n) {
  receiver_tally t;
  std::vector<std::int64_t> last(static_cast<std::size_t>(producers), -1);
  while (true) {
    option<std::int64_t> v = co_await rx.recv();
    if (v.is_none()) break;
    const auto p = static_cast<std::size_t>(v.value() / n);
    if (v.value() <= last[p]) ++t.disorder;
    last[p] = v.value();
    ++t.count;
    t.sum += v.value();
    if (t.count % 64 == 0) co_await yield_now();  // let the others take turns
  }
  co_return t;
}

task<std::vector<std::int64_t>> competing_receivers(std::int64_t cap, std::int64_t producers, std::int64_t n) {
  auto [tx, rx] = channel<std::int64_t>(cap);
  for (std::int64_t p = 0; p < producers; ++p) spawn(ordered_producer(tx, p * n, n));
  { sender<std::int64_t> gone = std::move(tx); }
  std::vector<join_handle<receiver_tally>> rs;
  for (int i = 0; i < 3; ++i) rs.push_back(spawn(competing_receiver(rx, producers, n)));
  receiver_tally mine = co_await competing_receiver(std::move(rx), producers, n);
  std::int64_t count = mine.count, sum = mine.sum, disorder = mine.disorder;
  for (auto& h : rs) {
    receiver_tally t = (co_await h).ok_value();
    count += t.count;
    sum += t.sum;
    disorder += t.disorder;
  }
  co_return std::vector<std::int64_t>{count, sum, disorder};
}

TEST_P(stress_test, channel_receivers_compete_on_the_lock_free_ring) {
  runtime rt(workers());
  const std::int64_t producers = 4;
  const std::int64_t n = scaled(150000, 4000);
  const std::int64_t total = producers * n;
  for (std::int64_t cap : {64, 1024}) {
    EXPECT_EQ(rt.block_on(competing_receivers(cap, producers, n)),
              (std::vector<std::int64_t>{total, total * (total - 1) / 2, 0}))
        << "cap " << cap;
  }
}

}  // namespace
}  // namespace incan::rt::testing

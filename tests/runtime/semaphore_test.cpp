// Tests of the semaphore: permit counting, FIFO hand-off (the async_sync example's
// order), try_acquire, the exact error text, cancellation of parked acquires (abort,
// random aborts, shutdown) without a lost permit.
#include "incan/rt/semaphore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "incan/rt.hpp"
#include "incan/rt/mutex.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class semaphore_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(semaphore_test);

using i64 = std::int64_t;

task<std::vector<i64>> counting() {
  std::vector<i64> out;
  out.push_back(semaphore(-2).available_permits());
  out.push_back(semaphore(0).try_acquire().is_none() ? 1 : 0);
  semaphore s(2);
  {
    auto a = co_await s.acquire();
    out.push_back(a.is_ok() ? 1 : 0);
    out.push_back(s.available_permits());
    auto b = s.try_acquire();
    out.push_back(b.is_some() ? 1 : 0);
    out.push_back(s.available_permits());
    out.push_back(s.try_acquire().is_none() ? 1 : 0);
    semaphore copy = s;
    out.push_back(copy.available_permits());
  }
  out.push_back(s.available_permits());
  co_return out;
}

TEST_P(semaphore_test, permits_are_counted_and_returned) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(counting()), (std::vector<i64>{0, 1, 1, 1, 1, 0, 1, 0, 2}));
}

task<void> sem_worker(semaphore s, i64 id, mutex<std::vector<std::string>> log) {
  (co_await log.lock()).value().push_back(std::to_string(id) + " waiting");
  auto r = co_await s.acquire();
  if (r.is_err()) co_return;
  (co_await log.lock()).value().push_back(std::to_string(id) + " working");
  co_await sleep_ms(50 * id);  // 50 ms between the events whose order the test checks
  (co_await log.lock()).value().push_back(std::to_string(id) + " done");
}

task<std::vector<std::string>> fifo() {
  semaphore s(2);
  mutex<std::vector<std::string>> log(std::vector<std::string>{});
  std::vector<join_handle<void>> hs;
  for (i64 id = 1; id <= 4; ++id) {
    hs.push_back(spawn(sem_worker(s, id, log)));
    // Each worker has logged and taken a permit (1, 2) or parked (3, 4) before the
    // next is spawned; polled, since a fixed sleep loses to a busy machine.
    if (id <= 2) {
      while ((co_await log.lock()).value().size() < static_cast<std::size_t>(2 * id)) co_await sleep_ms(1);
    } else {
      while (s.waiting() < static_cast<std::size_t>(id - 2)) co_await sleep_ms(1);
    }
  }
  for (auto& h : hs) co_await h;
  co_return (co_await log.lock()).get();
}

TEST_P(semaphore_test, waiters_get_permits_in_fifo_order) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(fifo()),
            (std::vector<std::string>{"1 waiting", "1 working", "2 waiting", "2 working", "3 waiting",
                                      "4 waiting", "1 done", "3 working", "2 done", "4 working", "3 done",
                                      "4 done"}));
}

TEST(semaphore_error, message_display_and_debug) {
  semaphore_acquire_error e;
  std::string d, m;
  fmt_debug(d, e);
  fmt_display(m, e);
  EXPECT_EQ(e.message(), "failed to acquire semaphore permit: semaphore closed");
  EXPECT_EQ(m, "failed to acquire semaphore permit: semaphore closed");
  EXPECT_EQ(d, "SemaphoreAcquireError");
}

task<int> acquire_once(semaphore s) {
  auto r = co_await s.acquire();
  co_return r.is_ok() ? 1 : 2;
}

task<std::vector<i64>> abort_and_close() {
  semaphore s(1);
  std::vector<i64> out;
  {
    auto held = (co_await s.acquire()).unwrap();
    auto a = spawn(acquire_once(s));
    co_await sleep_ms(3);
    auto b = spawn(acquire_once(s));
    co_await sleep_ms(3);
    out.push_back(s.try_acquire().is_none() ? 1 : 0);  // nothing left
    a.abort();
    out.push_back((co_await a).is_err() ? 1 : 0);
    { auto gone = std::move(held); }  // goes to b
    out.push_back((co_await b).ok_value());
  }
  out.push_back(s.available_permits());
  auto c = (co_await s.acquire()).unwrap();
  auto d = spawn(acquire_once(s));
  co_await sleep_ms(3);
  s.close();
  out.push_back((co_await d).ok_value());
  out.push_back((co_await s.acquire()).is_err() ? 1 : 0);
  co_return out;
}

TEST_P(semaphore_test, aborted_acquire_loses_no_permit_and_close_fails_waiters) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(abort_and_close()), (std::vector<i64>{1, 1, 1, 1, 2, 1}));
}

// Decrements the "inside" count when the permit's scope ends, even by cancellation.
struct leave {
  explicit leave(std::atomic<int>* c) noexcept : c_(c) {}
  leave(const leave&) = delete;
  ~leave() { c_->fetch_sub(1); }
  std::atomic<int>* c_;
};

task<void> user(semaphore s, std::atomic<int>* inside, std::atomic<int>* max_inside) {
  for (int i = 0; i < 50; ++i) {
    auto r = co_await s.acquire();
    const int now = inside->fetch_add(1) + 1;
    int m = max_inside->load();
    while (now > m && !max_inside->compare_exchange_weak(m, now)) {
    }
    leave on_exit(inside);  // also when the task is aborted at the yield below
    co_await yield_now();
  }
}

task<std::vector<i64>> stress(std::uint32_t seed) {
  semaphore s(3);
  std::atomic<int> inside{0}, max_inside{0};
  std::mt19937 rng(seed);
  std::vector<join_handle<void>> hs;
  for (int i = 0; i < 30; ++i) hs.push_back(spawn(user(s, &inside, &max_inside)));
  for (int i = 0; i < 30; ++i) {
    co_await yield_now();
    if (rng() % 2 == 0) hs[rng() % hs.size()].abort();
  }
  for (auto& h : hs) co_await h;
  co_return std::vector<i64>{s.available_permits(), max_inside.load() <= 3 ? 1 : 0};
}

TEST_P(semaphore_test, random_aborts_lose_no_permit) {
  runtime rt(workers());
  for (std::uint32_t seed : {1u, 2u, 3u}) EXPECT_EQ(rt.block_on(stress(seed)), (std::vector<i64>{3, 1}));
}

}  // namespace
}  // namespace incan::rt::testing

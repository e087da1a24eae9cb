// Tests of WaitGroup and the atomics: wait at zero returns at once, every parked waiter
// is released when the counter reaches zero (and not before), reuse, the negative
// counter panic leaves the counter unchanged, an aborted parked wait withdraws; AtomicInt
// sums across tasks without loss, add/sub/swap/compare_and_swap results, wrap-around.
#include "incan/rt/wait_group.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "incan/core/panic.h"
#include "incan/rt.hpp"
#include "incan/rt/atomic.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class wait_group_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(wait_group_test);

using i64 = std::int64_t;

task<i64> waiter(wait_group wg, std::atomic<int>* released) {
  co_await wg.wait();
  released->fetch_add(1);
  co_return wg.count();
}

task<std::vector<i64>> release_at_zero(std::atomic<int>* released) {
  wait_group wg;
  std::vector<i64> out;
  co_await wg.wait();  // zero: at once
  wg.add(3);
  std::vector<join_handle<i64>> hs;
  for (int i = 0; i < 5; ++i) hs.push_back(spawn(waiter(wg, released)));
  co_await sleep_ms(5);
  wg.done();
  wg.done();
  co_await sleep_ms(5);
  out.push_back(released->load());  // counter 1: nobody released
  out.push_back(wg.count());
  wg.done();
  for (auto& h : hs) out.push_back((co_await h).ok_value());
  out.push_back(released->load());
  wg.add(2);  // reuse
  auto again = spawn(waiter(wg, released));
  wg.add(-2);
  out.push_back((co_await again).ok_value());
  out.push_back(released->load());
  co_return out;
}

TEST_P(wait_group_test, releases_every_waiter_when_the_counter_reaches_zero) {
  runtime rt(workers());
  std::atomic<int> released{0};
  EXPECT_EQ(rt.block_on(release_at_zero(&released)), (std::vector<i64>{0, 1, 0, 0, 0, 0, 0, 5, 0, 6}));
}

task<std::string> negative() {
  wait_group wg;
  wg.add(1);
  std::string out;
  try {
    wg.add(-2);
  } catch (const incan::panic_exception& e) {
    out = e.message;
  }
  out += " count=" + std::to_string(wg.count());
  co_return out;
}

TEST_P(wait_group_test, negative_counter_panics_and_leaves_the_counter) {
  runtime rt(workers());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(rt.block_on(negative()), "ValueError: WaitGroup counter cannot be negative count=1");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "ValueError: WaitGroup counter cannot be negative\n");
}

task<std::vector<i64>> abort_parked(std::atomic<int>* released) {
  wait_group wg;
  wg.add(1);
  auto a = spawn(waiter(wg, released));
  auto b = spawn(waiter(wg, released));
  co_await sleep_ms(5);
  a.abort();
  std::vector<i64> out;
  out.push_back((co_await a).is_err() ? 1 : 0);
  wg.done();
  out.push_back((co_await b).ok_value());
  out.push_back(released->load());
  co_return out;
}

TEST_P(wait_group_test, aborted_wait_withdraws) {
  runtime rt(workers());
  std::atomic<int> released{0};
  EXPECT_EQ(rt.block_on(abort_parked(&released)), (std::vector<i64>{1, 0, 1}));
}

task<void> bump(atomic_int n, wait_group wg, long times) {
  for (long i = 0; i < times; ++i) {
    n.add(1);
    if (i % 64 == 0) co_await yield_now();
  }
  wg.done();
}

task<i64> many_adders(long times) {
  atomic_int n(0);
  wait_group wg;
  wg.add(8);
  for (int i = 0; i < 8; ++i) spawn(bump(n, wg, times));
  co_await wg.wait();
  co_return n.load();
}

TEST_P(wait_group_test, atomic_int_loses_no_increment) {
  runtime rt(workers());
  const long times = scaled(20000, 2000);
  EXPECT_EQ(rt.block_on(many_adders(times)), 8 * times);
}

TEST(atomic_test, operations_and_wrap_around) {
  atomic_int n(5);
  atomic_int alias = n;
  EXPECT_EQ(alias.add(3), 8);
  EXPECT_EQ(n.sub(10), -2);
  EXPECT_EQ(n.swap(7), -2);
  EXPECT_TRUE(n.compare_and_swap(7, 9));
  EXPECT_FALSE(n.compare_and_swap(7, 11));
  EXPECT_EQ(alias.load(), 9);
  atomic_int big(std::numeric_limits<i64>::max());
  EXPECT_EQ(big.add(1), std::numeric_limits<i64>::min());
  EXPECT_EQ(big.sub(1), std::numeric_limits<i64>::max());
  atomic_bool b(false);
  EXPECT_FALSE(b.swap(true));
  EXPECT_FALSE(b.compare_and_swap(false, true));
  EXPECT_TRUE(b.load());
  std::string s;
  fmt_debug(s, alias);
  s += ' ';
  fmt_debug(s, b);
  EXPECT_EQ(s, "AtomicInt(9) AtomicBool(true)");
}

}  // namespace
}  // namespace incan::rt::testing

// Tests of the barrier: release of a full generation, slots in arrival order with the
// last arriver returning at once, reuse across generations, n <= 0, and cancellation of
// a parked wait (its slot is freed for the next arriver).
#include "incan/rt/barrier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class barrier_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(barrier_test);

using i64 = std::int64_t;

task<i64> arrive(barrier b, std::atomic<int>* crossed) {
  const i64 slot = co_await b.wait();
  crossed->fetch_add(1);
  co_return slot;
}

task<std::vector<i64>> one_generation(std::atomic<int>* crossed) {
  barrier b(3);
  std::vector<join_handle<i64>> hs;
  for (int i = 0; i < 2; ++i) {
    hs.push_back(spawn(arrive(b, crossed)));
    co_await sleep_ms(5);
  }
  std::vector<i64> out;
  out.push_back(crossed->load());  // two parked, nobody crossed
  out.push_back(co_await b.wait());  // the last arriver: returns at once
  for (auto& h : hs) out.push_back((co_await h).ok_value());
  out.push_back(crossed->load());
  co_return out;
}

TEST_P(barrier_test, releases_a_full_generation_with_slots_in_arrival_order) {
  runtime rt(workers());
  std::atomic<int> crossed{0};
  EXPECT_EQ(rt.block_on(one_generation(&crossed)), (std::vector<i64>{0, 2, 0, 1, 2}));
}

task<i64> rounds(barrier b, int n) {
  i64 sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await b.wait();
  co_return sum;
}

task<i64> reuse() {
  barrier b(4);
  std::vector<join_handle<i64>> hs;
  for (int i = 0; i < 4; ++i) hs.push_back(spawn(rounds(b, 50)));
  i64 total = 0;
  for (auto& h : hs) total += (co_await h).ok_value();
  co_return total;
}

TEST_P(barrier_test, is_reusable_across_generations) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(reuse()), 50 * (0 + 1 + 2 + 3));
}

task<std::vector<i64>> degenerate() {
  std::vector<i64> out;
  barrier zero(0);
  out.push_back(co_await zero.wait());
  out.push_back(co_await zero.wait());
  barrier neg(-5);
  out.push_back(co_await neg.wait());
  co_return out;
}

TEST_P(barrier_test, count_of_zero_or_less_means_one) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(degenerate()), (std::vector<i64>{0, 0, 0}));
}

task<std::vector<i64>> cancel_frees_slot(std::atomic<int>* crossed) {
  barrier b(3);
  auto first = spawn(arrive(b, crossed));  // slot 0
  co_await sleep_ms(5);
  auto second = spawn(arrive(b, crossed));  // slot 1
  co_await sleep_ms(5);
  first.abort();  // withdraws: slot 0 is free again, only one arrived
  std::vector<i64> out;
  out.push_back((co_await first).is_err() ? 1 : 0);
  auto third = spawn(arrive(b, crossed));  // takes the freed slot 0
  co_await sleep_ms(5);
  out.push_back(crossed->load());
  out.push_back(co_await b.wait());  // the third arrival of this generation: slot 2
  out.push_back((co_await second).ok_value());
  out.push_back((co_await third).ok_value());
  co_return out;
}

TEST_P(barrier_test, cancelled_wait_frees_its_slot) {
  runtime rt(workers());
  std::atomic<int> crossed{0};
  EXPECT_EQ(rt.block_on(cancel_frees_slot(&crossed)), (std::vector<i64>{1, 0, 2, 1, 0}));
}

}  // namespace
}  // namespace incan::rt::testing

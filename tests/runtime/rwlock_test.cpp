// Tests of the rwlock: shared readers, exclusive writers, write preference (a queued
// writer blocks later readers), FIFO grants, try_read / try_write, and cancellation of
// parked waits (withdrawing a writer lets the readers behind it in; nothing is lost).
#include "incan/rt/rwlock.h"

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

class rwlock_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(rwlock_test);

using i64 = std::int64_t;
using log_t = mutex<std::vector<std::string>>;

task<void> reader(rwlock<i64> l, std::string name, log_t log, i64 hold_ms) {
  auto g = co_await l.read();
  (co_await log.lock()).value().push_back(name + " read " + std::to_string(g.get()));
  co_await sleep_ms(hold_ms);
}
task<void> writer(rwlock<i64> l, std::string name, log_t log, i64 v) {
  auto g = co_await l.write();
  g.set(v);
  (co_await log.lock()).value().push_back(name + " wrote " + std::to_string(v));
  co_await sleep_ms(5);
}

task<std::vector<std::string>> write_preferring() {
  rwlock<i64> l(42);
  log_t log(std::vector<std::string>{});
  std::vector<join_handle<void>> hs;
  hs.push_back(spawn(reader(l, "r1", log, 30)));
  hs.push_back(spawn(reader(l, "r2", log, 30)));  // shares with r1
  co_await sleep_ms(10);
  hs.push_back(spawn(writer(l, "w1", log, 100)));  // waits for r1, r2
  co_await sleep_ms(3);
  hs.push_back(spawn(reader(l, "r3", log, 1)));  // queued behind w1 (write-preferring)
  co_await sleep_ms(3);
  hs.push_back(spawn(writer(l, "w2", log, 200)));  // after r3
  for (auto& h : hs) co_await h;
  auto lines = (co_await log.lock()).get();
  lines.push_back("final " + std::to_string((co_await l.read()).get()));
  co_return lines;
}

TEST_P(rwlock_test, readers_share_writers_wait_and_later_readers_queue_behind_writers) {
  runtime rt(workers());
  auto lines = rt.block_on(write_preferring());
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_TRUE((lines[0] == "r1 read 42" && lines[1] == "r2 read 42") ||
              (lines[0] == "r2 read 42" && lines[1] == "r1 read 42"));
  EXPECT_EQ(lines[2], "w1 wrote 100");
  EXPECT_EQ(lines[3], "r3 read 100");
  EXPECT_EQ(lines[4], "w2 wrote 200");
  EXPECT_EQ(lines[5], "final 200");
}

task<std::vector<i64>> try_forms() {
  rwlock<i64> l(1);
  std::vector<i64> out;
  {
    auto r1 = l.try_read();
    auto r2 = l.try_read();
    out.push_back(r1.is_some() && r2.is_some() ? 1 : 0);
    out.push_back(l.try_write().is_none() ? 1 : 0);
  }
  {
    auto w = l.try_write();
    out.push_back(w.is_some() ? 1 : 0);
    w.value().set(7);
    out.push_back(l.try_read().is_none() ? 1 : 0);
    out.push_back(l.try_write().is_none() ? 1 : 0);
  }
  out.push_back(l.try_read().value().get());
  co_return out;
}

TEST_P(rwlock_test, try_read_and_try_write) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(try_forms()), (std::vector<i64>{1, 1, 1, 1, 1, 7}));
}

task<i64> read_value(rwlock<i64> l) { co_return (co_await l.read()).get(); }
task<i64> write_value(rwlock<i64> l, i64 v) {
  auto g = co_await l.write();
  g.set(v);
  co_return v;
}

task<std::vector<i64>> cancel_writer() {
  rwlock<i64> l(5);
  std::vector<i64> out;
  auto held = co_await l.read();
  auto w = spawn(write_value(l, 9));  // waits for `held`
  co_await sleep_ms(5);
  auto r = spawn(read_value(l));  // queued behind the writer
  co_await sleep_ms(5);
  out.push_back(r.is_finished() ? 1 : 0);
  w.abort();  // withdrawing the writer lets the reader in at once
  out.push_back((co_await w).is_err() ? 1 : 0);
  out.push_back((co_await r).ok_value());
  { auto gone = std::move(held); }
  out.push_back(l.try_write().is_some() ? 1 : 0);  // nothing is left held
  co_return out;
}

TEST_P(rwlock_test, aborted_writer_withdraws_and_lets_queued_readers_in) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(cancel_writer()), (std::vector<i64>{0, 1, 5, 1}));
}

task<void> mixed(rwlock<i64> l, i64 id, std::atomic<int>* writers_in, std::atomic<int>* bad) {
  for (int i = 0; i < 40; ++i) {
    if ((i + id) % 4 == 0) {
      auto g = co_await l.write();
      if (writers_in->fetch_add(1) != 0) bad->fetch_add(1);
      g.set(g.get() + 1);
      co_await yield_now();
      writers_in->fetch_sub(1);
    } else {
      auto g = co_await l.read();
      if (writers_in->load() != 0) bad->fetch_add(1);
      co_await yield_now();
    }
  }
}

task<std::vector<i64>> stress(std::uint32_t seed) {
  rwlock<i64> l(0);
  std::atomic<int> writers_in{0}, bad{0};
  std::vector<join_handle<void>> hs;
  for (i64 i = 0; i < 16; ++i) hs.push_back(spawn(mixed(l, i, &writers_in, &bad)));
  for (auto& h : hs) co_await h;
  std::vector<i64> out{bad.load(), l.try_write().value().get()};
  (void)seed;
  co_return out;
}

TEST_P(rwlock_test, stress_writers_are_exclusive) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(stress(1)), (std::vector<i64>{0, 160}));
}

}  // namespace
}  // namespace incan::rt::testing

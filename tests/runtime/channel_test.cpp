// Tests of the MPSC channels: FIFO order, closing rules (last sender, close(), last
// receiver), capacity waits in FIFO order, try_send / try_recv, reserve and permits,
// error values and formatting, cancellation of parked send / recv / reserve, and a
// many-producer stress test with random aborts (no lost message, no leak). The
// lock-free ring (detail/channel_state.h): exact capacity for ring sizes that are and
// are not powers of two and for capacities beyond the ring (overflow), permits bounding
// the lock-free path, parked senders keeping FIFO against it, a value pushed back by a
// cancelled recv coming first, many producers (spinning senders) with exact order and
// sums, and a value type whose move may throw (always locked).
#include "incan/rt/channel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <string>
#include <vector>

#include "counted.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class channel_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(channel_test);

using i64 = std::int64_t;

task<void> produce(sender<i64> tx, i64 from, i64 count) {
  for (i64 i = 0; i < count; ++i) {
    auto r = co_await tx.send(from + i);
    if (r.is_err()) co_return;
  }
}

task<std::vector<i64>> single_producer_fifo(i64 cap) {
  auto [tx, rx] = channel<i64>(cap);
  spawn(produce(std::move(tx), 100, 50));
  std::vector<i64> got;
  while (true) {
    option<i64> v = co_await rx.recv();
    if (v.is_none()) break;
    got.push_back(v.value());
  }
  co_return got;
}

TEST_P(channel_test, bounded_channel_delivers_in_fifo_order_then_none) {
  runtime rt(workers());
  for (i64 cap : {-3, 0, 1, 4, 1000}) {
    std::vector<i64> got = rt.block_on(single_producer_fifo(cap));
    ASSERT_EQ(got.size(), 50u) << "cap " << cap;
    for (i64 i = 0; i < 50; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], 100 + i);
  }
}

task<std::vector<i64>> clones_close_when_all_dropped() {
  auto [tx, rx] = channel<i64>(2);
  std::vector<join_handle<void>> hs;
  for (i64 p = 0; p < 3; ++p) hs.push_back(spawn(produce(tx.clone(), p * 1000, 20)));
  { sender<i64> copy = tx; }  // a plain copy is a clone too; dropping it closes nothing
  std::vector<i64> got;
  auto first = co_await rx.recv();
  got.push_back(first.value());
  { sender<i64> last = std::move(tx); }  // the original: the producers' clones remain
  while (true) {
    option<i64> v = co_await rx.recv();
    if (v.is_none()) break;
    got.push_back(v.value());
  }
  for (auto& h : hs) co_await h;
  got.push_back((co_await rx.recv()).is_none() ? -1 : -2);  // stays finished
  co_return got;
}

TEST_P(channel_test, recv_returns_none_once_every_clone_is_dropped_and_drained) {
  runtime rt(workers());
  std::vector<i64> got = rt.block_on(clones_close_when_all_dropped());
  ASSERT_EQ(got.size(), 61u);
  EXPECT_EQ(got.back(), -1);
  got.pop_back();
  // Per-producer FIFO: each producer's values arrive in increasing order.
  std::vector<i64> last(3, -1);
  i64 sum = 0;
  for (i64 v : got) {
    const auto p = static_cast<std::size_t>(v / 1000);
    EXPECT_GT(v, last[p]);
    last[p] = v;
    sum += v;
  }
  EXPECT_EQ(sum, (0 + 1000 + 2000) * 20 + 3 * 190);
}

task<void> send_one(sender<i64> tx, i64 v, std::atomic<int>* sent) {
  auto r = co_await tx.send(v);
  if (r.is_ok()) sent->fetch_add(1);
}

task<std::vector<i64>> senders_wait_fifo(std::atomic<int>* sent) {
  auto [tx, rx] = channel<i64>(1);
  (co_await tx.send(1)).unwrap();
  std::vector<join_handle<void>> hs;
  for (i64 v : {2, 3, 4}) {
    hs.push_back(spawn(send_one(tx, v, sent)));
    co_await sleep_ms(10);  // let it park before the next
  }
  std::vector<i64> got;
  got.push_back(sent->load());  // nobody got through a full channel
  auto t = tx.try_send(9);      // full (and others are waiting): fails, value back
  got.push_back(t.is_err() ? t.err_value().value : -1);
  for (int i = 0; i < 4; ++i) got.push_back((co_await rx.recv()).value());
  for (auto& h : hs) co_await h;
  got.push_back(sent->load());
  co_return got;
}

TEST_P(channel_test, full_channel_makes_senders_wait_in_fifo_order) {
  runtime rt(workers());
  std::atomic<int> sent{0};
  EXPECT_EQ(rt.block_on(senders_wait_fifo(&sent)), (std::vector<i64>{0, 9, 1, 2, 3, 4, 3}));
}

task<std::vector<std::string>> try_ops_and_errors() {
  auto [tx, rx] = channel<i64>(1);
  std::vector<std::string> out;
  option<i64> e = rx.try_recv();
  out.push_back(e.is_none() ? "empty" : "?");
  out.push_back(tx.try_send(5).is_ok() ? "ok" : "err");
  auto full = tx.try_send(6);
  std::string d, m;
  fmt_debug(d, full.err_value());
  fmt_display(m, full.err_value());
  out.push_back(d);
  out.push_back(m);
  out.push_back(full.err_value().message());
  out.push_back(std::to_string(rx.try_recv().value()));
  out.push_back(rx.try_recv().is_none() ? "empty" : "?");
  out.push_back(tx.is_closed() ? "closed" : "open");
  EXPECT_TRUE(rx.close());
  out.push_back(tx.is_closed() ? "closed" : "open");
  auto after = co_await tx.send(7);
  out.push_back(std::to_string(after.err_value().value));
  out.push_back((co_await rx.recv()).is_none() ? "none" : "?");
  co_return out;
}

TEST_P(channel_test, try_send_try_recv_and_the_exact_errors) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(try_ops_and_errors()),
            (std::vector<std::string>{"empty", "ok", "SendError { value: 6 }", "channel send failed",
                                      "channel send failed", "5", "empty", "open", "closed", "7", "none"}));
}

TEST(channel_error_format, send_error_of_unit_and_string) {
  std::string a, b;
  fmt_debug(a, send_error<unit>(unit{}));
  fmt_debug(b, send_error<std::string>("x\"y"));
  EXPECT_EQ(a, "SendError { value: () }");
  EXPECT_EQ(b, "SendError { value: \"x\\\"y\" }");
}

task<std::vector<i64>> close_keeps_buffered() {
  auto [tx, rx] = channel<i64>(8);
  for (i64 i = 1; i <= 3; ++i) (co_await tx.send(i)).unwrap();
  std::vector<i64> got;
  got.push_back(rx.close() ? 1 : 0);
  got.push_back(tx.try_send(4).is_err() ? 1 : 0);
  while (true) {
    auto v = co_await rx.recv();
    if (v.is_none()) break;
    got.push_back(v.value());
  }
  co_return got;  // tx is still alive: None comes from close()
}

TEST_P(channel_test, close_stops_sends_but_buffered_values_are_received) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(close_keeps_buffered()), (std::vector<i64>{1, 1, 1, 2, 3}));
}

task<option<i64>> recv_on(receiver<i64> rx) { co_return co_await rx.recv(); }

task<std::vector<i64>> close_refused_while_a_copy_is_parked() {
  auto [tx, rx] = channel<i64>(4);
  auto h = spawn(recv_on(rx));  // a copy of the receiver parks in recv
  co_await sleep_ms(10);
  std::vector<i64> got;
  got.push_back(rx.close() ? 1 : 0);
  (co_await tx.send(42)).unwrap();
  auto r = co_await h;
  got.push_back(r.ok_value().value());
  got.push_back(rx.close() ? 1 : 0);
  got.push_back(tx.is_closed() ? 1 : 0);
  co_return got;
}

TEST_P(channel_test, close_returns_false_while_another_receiver_copy_waits) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(close_refused_while_a_copy_is_parked()), (std::vector<i64>{0, 42, 1, 1}));
}

task<std::vector<i64>> receiver_dropped() {
  auto [tx, rx] = channel<counted>(4);
  (co_await tx.send(counted(1))).unwrap();
  (co_await tx.send(counted(2))).unwrap();
  std::vector<i64> got;
  got.push_back(counted::live());
  { receiver<counted> gone = std::move(rx); }
  got.push_back(counted::live());  // buffered values dropped with the last receiver
  got.push_back(tx.is_closed() ? 1 : 0);
  auto r = co_await tx.send(counted(3));
  got.push_back(r.is_err() ? r.err_value().value.value() : -1);
  auto p = co_await tx.reserve();
  got.push_back(p.is_err() ? 1 : 0);
  co_return got;
}

TEST_P(channel_test, dropping_the_last_receiver_closes_and_drops_buffered_values) {
  runtime rt(workers());
  counted::reset();
  EXPECT_EQ(rt.block_on(receiver_dropped()), (std::vector<i64>{2, 0, 1, 3, 1}));
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<void> reserve_then_send(sender<i64> tx, i64 v, std::vector<i64>* log) {
  auto p = co_await tx.reserve();
  log->push_back(v);
  p.ok_value().send(v).unwrap();
}

task<std::vector<i64>> permits() {
  auto [tx, rx] = channel<i64>(1);
  std::vector<i64> log;
  auto p = (co_await tx.reserve()).unwrap();
  log.push_back(tx.try_send(1).is_err() ? 1 : 0);  // the permit holds the only slot
  auto h = spawn(reserve_then_send(tx, 7, &log));  // waits for a slot
  co_await sleep_ms(10);
  log.push_back(static_cast<i64>(log.size()));       // still waiting: log has 1 entry
  { auto dropped = std::move(p); }                    // returns the slot: the waiter gets it
  co_await h;
  log.push_back((co_await rx.recv()).value());
  auto q = (co_await tx.reserve()).unwrap();
  log.push_back(q.send(8).is_ok() ? 1 : 0);
  auto again = q.send(9);  // used already
  log.push_back(again.is_err() ? again.err_value().value : -1);
  log.push_back((co_await rx.recv()).value());
  // A permit outlives every sender handle and still delivers; then the channel finishes.
  auto r = (co_await tx.reserve()).unwrap();
  { sender<i64> gone = std::move(tx); }
  log.push_back(r.send(10).is_ok() ? 1 : 0);
  log.push_back((co_await rx.recv()).value());
  log.push_back((co_await rx.recv()).is_none() ? 1 : 0);
  co_return log;
}

TEST_P(channel_test, reserve_holds_a_slot_and_dropped_permits_return_it) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(permits()), (std::vector<i64>{1, 1, 7, 7, 1, 9, 8, 1, 10, 1}));
}

task<std::vector<i64>> unbounded() {
  auto [tx, rx] = unbounded_channel<i64>();
  for (i64 i = 0; i < 10000; ++i) (co_await tx.send(i)).unwrap();
  auto p = (co_await tx.reserve()).unwrap();
  std::vector<i64> got;
  i64 sum = 0;
  for (i64 i = 0; i < 10000; ++i) {
    auto v = rx.try_recv();
    if (v.value() != i) sum = -1;
    if (sum >= 0) sum += v.value();
  }
  got.push_back(sum);
  got.push_back(rx.close() ? 1 : 0);
  auto late = p.send(5);  // unbounded permit after close: fails, value back
  got.push_back(late.is_err() ? late.err_value().value : -1);
  got.push_back((co_await rx.recv()).is_none() ? 1 : 0);
  co_return got;
}

TEST_P(channel_test, unbounded_channel_never_waits) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(unbounded()), (std::vector<i64>{49995000, 1, 5, 1}));
}

task<option<i64>> recv_one(receiver<i64> rx) { co_return co_await rx.recv(); }
task<void> send_value(sender<i64> tx, i64 v) { (void)co_await tx.send(v); }

task<std::vector<i64>> dropped_permit_admits_sender_to_parked_receiver() {
  auto [tx, rx] = channel<i64>(1);
  auto permit = (co_await tx.reserve()).unwrap();  // holds the only slot
  auto r = spawn(recv_one(rx));                    // parks: empty
  co_await sleep_ms(5);
  auto s = spawn(send_value(tx, 5));  // parks: no capacity
  co_await sleep_ms(5);
  { auto gone = std::move(permit); }  // the slot goes to the sender, its value to the receiver
  auto got = co_await timeout_ms(2000, std::move(r));
  std::vector<i64> out;
  out.push_back(got.is_ok() ? got.ok_value().ok_value().value() : -1);
  out.push_back((co_await s).is_ok() ? 1 : 0);
  co_return out;
}

TEST_P(channel_test, slot_returned_by_a_permit_reaches_a_parked_receiver) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(dropped_permit_admits_sender_to_parked_receiver()), (std::vector<i64>{5, 1}));
}

// ---- cancellation ----

task<void> parked_send(sender<counted> tx, std::atomic<int>* sent) {
  auto r = co_await tx.send(counted(99));
  sent->fetch_add(1);
}
task<void> parked_reserve(sender<counted> tx, std::atomic<int>* sent) {
  auto r = co_await tx.reserve();
  sent->fetch_add(1);
}
task<i64> parked_recv(receiver<counted> rx) {
  auto v = co_await rx.recv();
  co_return v.is_some() ? v.value().value() : -1;
}

task<std::vector<i64>> cancel_parked_operations(std::atomic<int>* sent) {
  auto [tx, rx] = channel<counted>(1);
  std::vector<i64> got;
  // A parked recv is aborted: the value sent afterwards is not lost.
  auto r1 = spawn(parked_recv(rx));
  co_await sleep_ms(10);
  r1.abort();
  got.push_back((co_await r1).is_err() ? 1 : 0);
  (co_await tx.send(counted(1))).unwrap();  // fills the channel
  // Parked send and reserve are aborted: neither takes the slot nor sends its value.
  auto s1 = spawn(parked_send(tx, sent));
  auto s2 = spawn(parked_reserve(tx, sent));
  co_await sleep_ms(10);
  s1.abort();
  s2.abort();
  got.push_back((co_await s1).is_err() ? 1 : 0);
  got.push_back((co_await s2).is_err() ? 1 : 0);
  got.push_back((co_await rx.recv()).value().value());
  got.push_back(rx.try_recv().is_none() ? 1 : 0);
  got.push_back(tx.try_send(counted(2)).is_ok() ? 1 : 0);  // capacity was not lost
  got.push_back((co_await rx.recv()).value().value());
  got.push_back(sent->load());
  co_return got;
}

TEST_P(channel_test, aborted_send_recv_and_reserve_withdraw_and_lose_nothing) {
  runtime rt(workers());
  counted::reset();
  std::atomic<int> sent{0};
  EXPECT_EQ(rt.block_on(cancel_parked_operations(&sent)), (std::vector<i64>{1, 1, 1, 1, 1, 1, 2, 0}));
  EXPECT_EQ(counted::live(), 0);
}

task<i64> parked_forever(receiver<counted> rx) {
  auto v = co_await rx.recv();
  co_return v.is_some() ? 1 : 0;
}

TEST_P(channel_test, runtime_shutdown_destroys_parked_awaiters_without_leaks) {
  counted::reset();
  {
    runtime rt(workers());
    rt.block_on([]() -> task<void> {
      auto [tx, rx] = channel<counted>(1);
      (co_await tx.send(counted(1))).unwrap();
      spawn(parked_send(tx, nullptr));  // parks (full) forever
      auto [tx2, rx2] = channel<counted>(1);
      spawn(parked_forever(rx2));  // parks (empty) forever
      // Keeps rx and tx2 alive so that neither parked task is woken before shutdown.
      spawn([](receiver<counted> keep_rx, sender<counted> keep_tx) -> task<void> {
        co_await sleep(3600.0);
      }(rx, tx2));
      co_await sleep_ms(10);
    }());
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// ---- stress ----

task<void> stress_producer(sender<counted> tx, i64 base, i64 n) {
  for (i64 i = 0; i < n; ++i) {
    if ((co_await tx.send(counted(base + i))).is_err()) co_return;
  }
}
task<void> doomed_receiver(receiver<counted> rx, std::atomic<long>* stolen) {
  while (true) {
    auto v = co_await rx.recv();
    if (v.is_none()) co_return;
    stolen->fetch_add(v.value().value());
  }
}

task<i64> stress(i64 producers, i64 per, std::uint32_t seed, std::atomic<long>* stolen) {
  auto [tx, rx] = channel<counted>(16);
  for (i64 p = 0; p < producers; ++p) spawn(stress_producer(tx, p * per, per));
  // Competing receivers that get aborted at random points (their values are counted).
  std::mt19937 rng(seed);
  std::vector<join_handle<void>> doomed;
  for (int i = 0; i < 6; ++i) doomed.push_back(spawn(doomed_receiver(rx, stolen)));
  { sender<counted> gone = std::move(tx); }  // only the producers' copies remain
  i64 sum = 0;
  i64 k = 0;
  std::size_t next_abort = 0;
  while (true) {
    auto v = co_await rx.recv();
    if (v.is_none()) break;
    sum += v.value().value();
    if (++k % 97 == 0 && next_abort < doomed.size() && rng() % 2 == 0) doomed[next_abort++].abort();
  }
  for (auto& h : doomed) co_await h;
  co_return sum;
}

TEST_P(channel_test, stress_many_producers_competing_receivers_and_aborts) {
  runtime rt(workers());
  counted::reset();
  const i64 producers = 8;
  const i64 per = scaled(20000, 2000);
  for (std::uint32_t seed : {1u, 2u}) {
    std::atomic<long> stolen{0};
    const i64 sum = rt.block_on(stress(producers, per, seed, &stolen));
    const i64 total = producers * per;
    EXPECT_EQ(sum + stolen.load(), total * (total - 1) / 2) << "seed " << seed;
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// ---- the lock-free ring: capacity, overflow, permits, FIFO, push-back ----

// try_send succeeds exactly `cap` times on an empty channel, one more after one recv,
// and everything comes out in order. Covers rings of power-of-two and other sizes, and
// capacities beyond the ring (k_chan_ring_max: the rest goes to the overflow queue).
task<std::vector<i64>> fill_exactly(i64 cap) {
  auto [tx, rx] = channel<i64>(cap);
  std::vector<i64> out;
  i64 sent = 0;
  while (tx.try_send(sent).is_ok()) ++sent;
  out.push_back(sent);                          // == cap
  out.push_back(rx.try_recv().value());         // 0
  out.push_back(tx.try_send(sent).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(sent + 1).is_ok() ? 1 : 0);
  i64 expect = 1;
  bool in_order = true;
  for (i64 i = 0; i < sent; ++i) {
    auto v = co_await rx.recv();
    if (v.is_none() || v.value() != expect) in_order = false;
    ++expect;
  }
  out.push_back(in_order ? 1 : 0);
  out.push_back(rx.try_recv().is_none() ? 1 : 0);
  co_return out;
}

TEST_P(channel_test, try_send_fills_exactly_the_capacity_ring_or_overflow) {
  runtime rt(workers());
  for (i64 cap : {1, 2, 3, 5, 37, 64, 1000, 1024, 1025, 1500, 3000}) {
    EXPECT_EQ(rt.block_on(fill_exactly(cap)), (std::vector<i64>{cap, 0, 1, 0, 1, 1})) << "cap " << cap;
  }
}

task<std::vector<i64>> unbounded_overflow_in_order() {
  auto [tx, rx] = unbounded_channel<i64>();
  std::vector<i64> out;
  i64 bad = 0;
  // Interleave so that values sit in the ring and in the overflow queue at once.
  i64 next_in = 0, next_out = 0;
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 150; ++i) {
      if (tx.try_send(next_in++).is_err()) ++bad;
    }
    for (int i = 0; i < 100; ++i) {
      if (rx.try_recv().value() != next_out++) ++bad;
    }
  }
  while (next_out < next_in) {
    if ((co_await rx.recv()).value() != next_out++) ++bad;
  }
  out.push_back(bad);
  out.push_back(next_out);
  out.push_back(rx.try_recv().is_none() ? 1 : 0);
  co_return out;
}

TEST_P(channel_test, unbounded_values_beyond_the_ring_keep_fifo) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(unbounded_overflow_in_order()), (std::vector<i64>{0, 3000, 1}));
}

task<std::vector<i64>> permits_bound_the_lock_free_path() {
  auto [tx, rx] = channel<i64>(4);
  std::vector<i64> out;
  auto p1 = (co_await tx.reserve()).unwrap();
  auto p2 = (co_await tx.reserve()).unwrap();
  out.push_back(tx.try_send(0).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(1).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(2).is_ok() ? 1 : 0);  // 2 values + 2 reserved: full
  out.push_back(p1.send(10).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(2).is_ok() ? 1 : 0);  // 3 values + 1 reserved: full
  out.push_back(rx.try_recv().value());           // 0
  out.push_back(tx.try_send(3).is_ok() ? 1 : 0);  // room for one
  out.push_back(tx.try_send(4).is_ok() ? 1 : 0);
  { auto gone = std::move(p2); }                  // returns its slot
  out.push_back(tx.try_send(4).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(5).is_ok() ? 1 : 0);
  for (option<i64> v = rx.try_recv(); v.is_some(); v = rx.try_recv()) out.push_back(v.value());
  // With every permit gone the lock-free path has the whole capacity again.
  i64 n = 0;
  while (tx.try_send(n).is_ok()) ++n;
  out.push_back(n);
  co_return out;
}

TEST_P(channel_test, reserved_slots_count_against_lock_free_sends) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(permits_bound_the_lock_free_path()),
            (std::vector<i64>{1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 10, 3, 4, 4}));
}

task<std::vector<i64>> parked_senders_keep_fifo() {
  auto [tx, rx] = channel<i64>(64);
  for (i64 i = 0; i < 64; ++i) tx.try_send(i).unwrap();
  std::vector<join_handle<void>> hs;
  std::atomic<int> sent{0};
  for (i64 v : {100, 101, 102}) {
    hs.push_back(spawn(send_one(tx, v, &sent)));
    co_await sleep_ms(10);  // parked in this order
  }
  std::vector<i64> out;
  out.push_back(rx.try_recv().value());             // 0; frees a slot: 100 takes it
  out.push_back(tx.try_send(999).is_err() ? 1 : 0);  // full again: 100 went in, not 999
  out.push_back(rx.try_recv().value());             // 1; 101 takes the slot
  out.push_back(tx.try_send(999).is_err() ? 1 : 0);  // 102 still waits before any newcomer
  for (i64 i = 2; i < 64; ++i) {
    if ((co_await rx.recv()).value() != i) out.push_back(-i);
  }
  for (int i = 0; i < 3; ++i) out.push_back((co_await rx.recv()).value());
  for (auto& h : hs) co_await h;
  out.push_back(sent.load());
  out.push_back(tx.try_send(7).is_ok() ? 1 : 0);  // nobody waits: the lock-free path again
  out.push_back(rx.try_recv().value());
  co_return out;
}

TEST_P(channel_test, parked_senders_are_not_overtaken_by_new_sends) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(parked_senders_keep_fifo()), (std::vector<i64>{0, 1, 1, 1, 100, 101, 102, 3, 1, 7}));
}

// Keeps one worker busy (so that a woken task cannot run yet) until `release` is set.
task<void> hog(std::atomic<int>* started, std::atomic<bool>* release) {
  started->fetch_add(1);
  while (!release->load()) std::this_thread::yield();
  co_return;
}

task<std::vector<i64>> pushed_back_value_comes_first(std::size_t workers) {
  auto [tx, rx] = channel<counted>(2);
  std::vector<i64> out;
  auto r = spawn(parked_recv(rx));
  co_await sleep_ms(10);  // parked: empty
  std::atomic<int> started{0};
  std::atomic<bool> release{false};
  std::vector<join_handle<void>> hogs;
  for (std::size_t i = 0; i < workers; ++i) hogs.push_back(spawn(hog(&started, &release)));
  while (started.load() < static_cast<int>(workers)) co_await sleep_ms(1);
  (co_await tx.send(counted(1))).unwrap();  // handed to the parked recv, which cannot run
  r.abort();                                // its recv is destroyed holding the value
  out.push_back(tx.try_send(counted(2)).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(counted(3)).is_ok() ? 1 : 0);
  out.push_back(tx.try_send(counted(4)).is_ok() ? 1 : 0);  // full
  release.store(true);
  out.push_back((co_await r).is_err() ? 1 : 0);  // cancelled: 1 went back to the front
  for (auto& h : hogs) co_await h;
  out.push_back(tx.try_send(counted(5)).is_ok() ? 1 : 0);  // 3 buffered > cap 2: full
  out.push_back((co_await rx.recv()).value().value());      // 1 first
  out.push_back(tx.try_send(counted(6)).is_ok() ? 1 : 0);  // still 2 buffered: full
  out.push_back((co_await rx.recv()).value().value());
  out.push_back(tx.try_send(counted(7)).is_ok() ? 1 : 0);
  out.push_back((co_await rx.recv()).value().value());
  out.push_back((co_await rx.recv()).value().value());
  out.push_back(rx.try_recv().is_none() ? 1 : 0);
  co_return out;
}

TEST_P(channel_test, value_of_a_cancelled_recv_is_received_before_the_ring) {
  runtime rt(workers());
  counted::reset();
  EXPECT_EQ(rt.block_on(pushed_back_value_comes_first(workers())),
            (std::vector<i64>{1, 1, 0, 1, 0, 1, 0, 2, 1, 3, 7, 1}));
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

TEST_P(channel_test, dropping_the_receiver_drops_ring_and_overflow_values) {
  runtime rt(workers());
  counted::reset();
  std::vector<i64> got = rt.block_on([]() -> task<std::vector<i64>> {
    auto [tx, rx] = channel<counted>(1500);  // 1024 ring cells + overflow
    std::vector<i64> out;
    i64 n = 0;
    while (tx.try_send(counted(n)).is_ok()) ++n;
    out.push_back(n);
    out.push_back(rx.try_recv().value().value());
    out.push_back(counted::live());
    { receiver<counted> gone = std::move(rx); }
    out.push_back(counted::live());
    out.push_back(tx.try_send(counted(-1)).is_err() ? 1 : 0);
    co_return out;
  }());
  EXPECT_EQ(got, (std::vector<i64>{1500, 0, 1499, 0, 1}));
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// Many producers, one consumer: every value exactly once, each producer's values in
// order. Small capacities park senders, 1024 exercises the spinning senders, 2000 the
// overflow queue, 0 the unbounded channel.
task<void> numbered_producer(sender<i64> tx, i64 producer, i64 n) {
  for (i64 k = 0; k < n; ++k) (co_await tx.send(producer * n + k)).unwrap();
}

task<std::vector<i64>> many_producers(i64 cap, i64 producers, i64 n) {
  auto [tx, rx] = cap < 0 ? unbounded_channel<i64>() : channel<i64>(cap);
  for (i64 p = 0; p < producers; ++p) spawn(numbered_producer(tx, p, n));
  { sender<i64> gone = std::move(tx); }
  std::vector<i64> next(static_cast<std::size_t>(producers), 0);
  i64 count = 0, sum = 0, disorder = 0;
  while (true) {
    option<i64> v = co_await rx.recv();
    if (v.is_none()) break;
    const i64 p = v.value() / n, k = v.value() % n;
    if (p < 0 || p >= producers || next[static_cast<std::size_t>(p)] != k) ++disorder;
    if (p >= 0 && p < producers) next[static_cast<std::size_t>(p)] = k + 1;
    ++count;
    sum += v.value();
  }
  co_return std::vector<i64>{count, sum, disorder};
}

TEST_P(channel_test, many_producers_exact_sum_and_per_producer_order) {
  runtime rt(workers());
  const i64 producers = 6;
  const i64 n = scaled(40000, 3000);
  const i64 total = producers * n;
  for (i64 cap : {1, 3, 16, 100, 1024, 2000, -1}) {
    EXPECT_EQ(rt.block_on(many_producers(cap, producers, n)), (std::vector<i64>{total, total * (total - 1) / 2, 0}))
        << "cap " << cap;
  }
}

// A type whose move may throw never uses the lock-free ring (a claimed cell must always
// be published): every operation takes the lock. Same results.
struct throwing_move {
  explicit throwing_move(i64 x) : v(x) {}
  throwing_move(throwing_move&& o) noexcept(false) : v(o.v) {
    if (v == -42) throw std::runtime_error("move of -42");
  }
  throwing_move(const throwing_move&) = default;
  i64 v;
};

task<void> throwing_producer(sender<throwing_move> tx, i64 producer, i64 n) {
  for (i64 k = 0; k < n; ++k) (co_await tx.send(throwing_move(producer * n + k))).unwrap();
}

task<std::vector<i64>> throwing_move_channel(i64 cap, i64 producers, i64 n) {
  auto [tx, rx] = channel<throwing_move>(cap);
  std::vector<i64> out;
  i64 filled = 0;
  while (tx.try_send(throwing_move(filled)).is_ok()) ++filled;
  out.push_back(filled);
  for (i64 i = 0; i < filled; ++i) {
    if (rx.try_recv().value().v != i) out.push_back(-i);
  }
  for (i64 p = 0; p < producers; ++p) spawn(throwing_producer(tx, p, n));
  { sender<throwing_move> gone = std::move(tx); }
  std::vector<i64> next(static_cast<std::size_t>(producers), 0);
  i64 count = 0, disorder = 0;
  while (true) {
    auto v = co_await rx.recv();
    if (v.is_none()) break;
    const i64 p = v.value().v / n, k = v.value().v % n;
    if (next[static_cast<std::size_t>(p)] != k) ++disorder;
    next[static_cast<std::size_t>(p)] = k + 1;
    ++count;
  }
  out.push_back(count);
  out.push_back(disorder);
  co_return out;
}

TEST_P(channel_test, value_type_whose_move_may_throw_takes_the_locked_path) {
  runtime rt(workers());
  const i64 n = scaled(5000, 500);
  for (i64 cap : {1, 7, 1024}) {
    EXPECT_EQ(rt.block_on(throwing_move_channel(cap, 4, n)), (std::vector<i64>{cap, 4 * n, 0})) << "cap " << cap;
  }
}

// ---- timeouts: the deadline cancels a parked recv / send inside a live task ----

task<std::vector<i64>> timeouts() {
  auto [tx, rx] = channel<i64>(1);
  std::vector<i64> out;
  auto r = co_await timeout_ms(10, rx.recv());  // nothing comes: timed out, withdrawn
  out.push_back(r.is_err() ? 1 : 0);
  (co_await tx.send(1)).unwrap();
  auto s = co_await timeout_ms(10, tx.send(2));  // full: timed out, 2 is not sent
  out.push_back(s.is_err() ? 1 : 0);
  out.push_back((co_await rx.recv()).value());
  out.push_back(rx.try_recv().is_none() ? 1 : 0);
  (co_await tx.send(3)).unwrap();  // the timed-out send left no registration behind
  auto got = co_await timeout_ms(1000, rx.recv());
  out.push_back(got.ok_value().value());
  co_return out;
}

TEST_P(channel_test, timed_out_recv_and_send_withdraw_and_lose_no_queued_value) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(timeouts()), (std::vector<i64>{1, 1, 1, 1, 3}));
}

}  // namespace
}  // namespace incan::rt::testing

// Tests of oneshot channels: delivery before and after the receiver parks, the exact
// RecvError, send after the receiver is gone (value back), double recv, cancellation of
// a parked recv (withdrawn, nothing consumed, no leak) and a many-task stress test.
#include "incan/rt/oneshot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "counted.h"
#include "incan/rt.hpp"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class oneshot_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(oneshot_test);

using i64 = std::int64_t;

task<void> send_later(oneshot_sender<i64> tx, i64 v) {
  co_await sleep_ms(5);
  tx.send(v).unwrap();
}

task<std::vector<i64>> send_and_recv() {
  std::vector<i64> got;
  {
    auto [tx, rx] = oneshot<i64>();
    got.push_back(tx.send(11).is_ok() ? 1 : 0);  // before the receiver waits
    got.push_back((co_await rx.recv()).ok_value());
    auto again = co_await rx.recv();  // already received
    got.push_back(again.is_err() ? 1 : 0);
    got.push_back(tx.send(12).err_value());  // already sent: value back
  }
  {
    auto [tx, rx] = oneshot<i64>();
    spawn(send_later(std::move(tx), 22));  // the receiver parks first
    got.push_back((co_await rx.recv()).ok_value());
  }
  co_return got;
}

TEST_P(oneshot_test, value_arrives_whether_sent_before_or_after_the_receiver_parks) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(send_and_recv()), (std::vector<i64>{1, 11, 1, 12, 22}));
}

task<void> drop_later(oneshot_sender<i64> tx) {
  co_await sleep_ms(5);
  { auto gone = std::move(tx); }
}

task<std::vector<std::string>> sender_dropped() {
  std::vector<std::string> out;
  {
    auto [tx, rx] = oneshot<i64>();
    spawn(drop_later(std::move(tx)));
    auto r = co_await rx.recv();
    std::string d, m;
    fmt_debug(d, r.err_value());
    fmt_display(m, r.err_value());
    out.push_back(d);
    out.push_back(m);
    out.push_back(r.err_value().message());
  }
  {
    auto [tx, rx] = oneshot<std::string>();
    { auto gone = std::move(rx); }
    auto r = tx.send("back");
    out.push_back(r.is_err() ? r.err_value() : "?");
  }
  co_return out;
}

TEST_P(oneshot_test, dropped_sender_gives_recv_error_and_dropped_receiver_returns_the_value) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(sender_dropped()),
            (std::vector<std::string>{"RecvError", "channel closed: no more messages",
                                      "channel closed: no more messages", "back"}));
}

task<i64> wait_value(oneshot_receiver<counted> rx) {
  auto r = co_await rx.recv();
  co_return r.is_ok() ? r.ok_value().value() : -1;
}

task<std::vector<i64>> cancel_parked_recv() {
  std::vector<i64> got;
  auto [tx, rx] = oneshot<counted>();
  auto h = spawn(wait_value(std::move(rx)));
  co_await sleep_ms(10);
  h.abort();
  got.push_back((co_await h).err_value().is_cancelled() ? 1 : 0);
  auto r = tx.send(counted(5));  // the receiver went with the aborted task
  got.push_back(r.is_err() ? r.err_value().value() : -1);
  co_return got;
}

TEST_P(oneshot_test, aborted_recv_withdraws_and_the_sender_gets_its_value_back) {
  runtime rt(workers());
  counted::reset();
  EXPECT_EQ(rt.block_on(cancel_parked_recv()), (std::vector<i64>{1, 5}));
  EXPECT_EQ(counted::live(), 0);
}

TEST_P(oneshot_test, unreceived_values_and_parked_receivers_are_freed) {
  counted::reset();
  {
    runtime rt(workers());
    rt.block_on([]() -> task<void> {
      {
        auto [tx, rx] = oneshot<counted>();
        tx.send(counted(1)).unwrap();  // never received: dropped with the receiver
      }
      auto [tx, rx] = oneshot<counted>();
      spawn(wait_value(std::move(rx)));  // parked at shutdown
      spawn([](oneshot_sender<counted> keep) -> task<void> { co_await sleep(3600.0); }(std::move(tx)));
      co_await sleep_ms(10);
    }());
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<i64> echo(oneshot_receiver<counted> rx, oneshot_sender<counted> reply) {
  auto r = co_await rx.recv();
  if (r.is_err()) co_return 0;
  i64 v = r.ok_value().value();
  (void)reply.send(counted(v + 1));
  co_return 1;
}

task<i64> many(i64 n) {
  std::vector<oneshot_sender<counted>> requests;
  std::vector<oneshot_receiver<counted>> replies;
  std::vector<join_handle<i64>> hs;
  for (i64 i = 0; i < n; ++i) {
    auto [tx, rx] = oneshot<counted>();
    auto [rtx, rrx] = oneshot<counted>();
    hs.push_back(spawn(echo(std::move(rx), std::move(rtx))));
    requests.push_back(std::move(tx));
    replies.push_back(std::move(rrx));
  }
  for (i64 i = 0; i < n; ++i) {
    if (i % 3 == 0) {
      (void)requests[static_cast<std::size_t>(i)].send(counted(i));
    } else if (i % 3 == 1) {
      auto gone = std::move(requests[static_cast<std::size_t>(i)]);  // echo gets RecvError
    }  // i % 3 == 2: sent below, after some yields
  }
  co_await yield_now();
  for (i64 i = 2; i < n; i += 3) (void)requests[static_cast<std::size_t>(i)].send(counted(i));
  i64 sum = 0;
  for (i64 i = 0; i < n; ++i) {
    auto r = co_await replies[static_cast<std::size_t>(i)].recv();
    if (r.is_ok()) sum += r.ok_value().value();
  }
  for (auto& h : hs) co_await h;
  co_return sum;
}

TEST_P(oneshot_test, stress_many_oneshots_no_lost_value_no_leak) {
  runtime rt(workers());
  counted::reset();
  const i64 n = scaled(30000, 3000);
  i64 expect = 0;
  for (i64 i = 0; i < n; ++i)
    if (i % 3 != 1) expect += i + 1;
  EXPECT_EQ(rt.block_on(many(n)), expect);
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

task<std::vector<i64>> recv_with_timeout() {
  auto [tx, rx] = oneshot<i64>();
  std::vector<i64> out;
  auto r = co_await timeout_ms(10, rx.recv());  // cancelled while parked: consumes nothing
  out.push_back(r.is_err() ? 1 : 0);
  spawn(send_later(std::move(tx), 33));
  auto v = co_await timeout_ms(2000, rx.recv());
  out.push_back(v.ok_value().ok_value());
  co_return out;
}

TEST_P(oneshot_test, timed_out_recv_is_cancel_safe) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(recv_with_timeout()), (std::vector<i64>{1, 33}));
}

}  // namespace
}  // namespace incan::rt::testing

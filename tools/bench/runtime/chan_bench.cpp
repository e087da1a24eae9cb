// chan_bench: the peer benchmark workloads on incan_rt's channels and sync primitives
// (noop, mpsc, ping_pong, oneshot_rpc, idle_tasks, mutex).
//
//   chan_bench <workload> [size]
//
// Prints one line: runtime=ours workload=<w> n=<size> checksum=<u64> elapsed_s=<s> cpu_s=<s>
// Definitions and the CLI protocol: /work/shared/bench/peers/README.md. The runtime has 2
// workers (INCAN_BENCH_WORKERS overrides it); the measured body runs as a spawned task,
// timed from just before the first spawn / channel creation to just after the checksum.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "bench_harness.h"
#include "incan/rt.hpp"
#include "incan/rt/channel.h"
#include "incan/rt/mutex.h"
#include "incan/rt/oneshot.h"

namespace {

using bench::measurement;
using bench::stopwatch;
using bench::u64;
using namespace incan::rt;

task<measurement> noop(u64) {
  stopwatch sw;
  co_return sw.stop(0);
}

// ---- mpsc: 4 producers, one bounded channel of capacity 1024, main consumes N ----

task<void> producer(sender<u64> tx, u64 from, u64 count) {
  for (u64 k = 0; k < count; ++k) (void)co_await tx.send(from + k);
}

task<measurement> mpsc(u64 n) {
  stopwatch sw;
  auto [tx, rx] = channel<u64>(1024);
  const u64 per = n / 4;
  for (u64 p = 0; p < 4; ++p) spawn(producer(tx, p * per, per));
  u64 sum = 0;
  for (u64 i = 0; i < 4 * per; ++i) sum += (co_await rx.recv()).value();
  co_return sw.stop(sum);
}

// ---- ping_pong: two capacity-1 channels, N round trips ----

task<void> pong(receiver<u64> rx, sender<u64> tx, u64 n) {
  for (u64 i = 0; i < n; ++i) {
    const u64 x = (co_await rx.recv()).value();
    (void)co_await tx.send(x + 1);
  }
}

task<measurement> ping_pong(u64 n) {
  stopwatch sw;
  auto [a_tx, a_rx] = channel<u64>(1);  // A -> B
  auto [b_tx, b_rx] = channel<u64>(1);  // B -> A
  auto b = spawn(pong(std::move(a_rx), std::move(b_tx), n));
  u64 c = 0;
  for (u64 i = 0; i < n; ++i) {
    (void)co_await a_tx.send(c);
    c = (co_await b_rx.recv()).value() + 1;
  }
  (void)co_await b;
  co_return sw.stop(c);
}

// ---- oneshot_rpc: request channel (cap 1024) of (value, oneshot reply sender) ----

struct request {
  request(u64 v, oneshot_sender<u64> r) : value(v), reply(std::move(r)) {}
  u64 value;
  oneshot_sender<u64> reply;
};

task<void> server(receiver<request> rx, u64 n) {
  for (u64 i = 0; i < n; ++i) {
    request r = (co_await rx.recv()).value();
    (void)r.reply.send(r.value + 1);
  }
}

task<measurement> oneshot_rpc(u64 n) {
  stopwatch sw;
  auto [tx, rx] = channel<request>(1024);
  auto srv = spawn(server(std::move(rx), n));
  u64 sum = 0;
  for (u64 i = 0; i < n; ++i) {
    auto [reply_tx, reply_rx] = oneshot<u64>();
    request req(i, std::move(reply_tx));
    (void)co_await tx.send(std::move(req));
    sum += (co_await reply_rx.recv()).ok_value();
  }
  (void)co_await srv;
  co_return sw.stop(sum);
}

// ---- idle_tasks: N tasks parked on their own oneshot ----

struct idle_shared {
  idle_shared(u64 n, oneshot_sender<u64> tx) : total(n), ready_tx(std::move(tx)) {}
  std::atomic<u64> ready{0};
  u64 total;
  oneshot_sender<u64> ready_tx;
};

task<u64> idle_task(oneshot_receiver<u64> rx, idle_shared* shared) {
  if (shared->ready.fetch_add(1, std::memory_order_acq_rel) + 1 == shared->total) (void)shared->ready_tx.send(0);
  co_return (co_await rx.recv()).ok_value();
}

task<measurement> idle_tasks(u64 n) {
  stopwatch sw;
  auto [ready_tx, ready_rx] = oneshot<u64>();
  idle_shared shared(n, std::move(ready_tx));
  std::vector<oneshot_sender<u64>> senders;
  std::vector<join_handle<u64>> handles;
  senders.reserve(n);
  handles.reserve(n);
  for (u64 i = 0; i < n; ++i) {
    auto [tx, rx] = oneshot<u64>();
    senders.push_back(std::move(tx));
    handles.push_back(spawn(idle_task(std::move(rx), &shared)));
  }
  if (n > 0) (void)co_await ready_rx.recv();
  for (u64 i = 0; i < n; ++i) (void)senders[i].send(i);
  u64 sum = 0;
  for (auto& h : handles) sum += (co_await std::move(h)).ok_value();
  co_return sw.stop(sum);
}

// ---- mutex: 4 tasks x N lock / increment / unlock ----

task<void> incrementer(mutex<u64> m, u64 n) {
  for (u64 i = 0; i < n; ++i) {
    mutex_guard<u64> g = co_await m.lock();
    ++g.value();
  }
}

task<measurement> mutex_workload(u64 n) {
  stopwatch sw;
  mutex<u64> m(0);
  std::vector<join_handle<void>> hs;
  for (int t = 0; t < 4; ++t) hs.push_back(spawn(incrementer(m, n)));
  for (auto& h : hs) (void)co_await h;
  const u64 total = (co_await m.lock()).get();
  co_return sw.stop(total);
}

}  // namespace

int main(int argc, char** argv) {
  static const bench::workload kWorkloads[] = {
      {"noop", 0, &noop},
      {"mpsc", 10'000'000, &mpsc},
      {"ping_pong", 1'000'000, &ping_pong},
      {"oneshot_rpc", 1'000'000, &oneshot_rpc},
      {"idle_tasks", 1'000'000, &idle_tasks},
      {"mutex", 1'000'000, &mutex_workload},
  };
  return bench::run("chan_bench", argc, argv, kWorkloads);
}

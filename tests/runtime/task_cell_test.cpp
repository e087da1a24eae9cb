// Tests of the spawned task's memory (detail/task_cell.h, detail/task_header.h): the
// header lives in the prefix of the root frame's block (one allocation per spawn), the
// root frame is destroyed as soon as the task finishes or is cancelled while the block
// (with the output in the dead frame's bytes) lives until the last reference is gone,
// and a frame finds its task through its links however deep the await chain is.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "counted.h"
#include "incan/core/panic.h"
#include "incan/rt.hpp"
#include "incan/rt/oneshot.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class task_cell_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(task_cell_test);

using clock_type = std::chrono::steady_clock;

// What the layout promises, at compile time and at run time.
static_assert(sizeof(detail::task_header) == detail::k_cell_prefix);
static_assert(sizeof(detail::promise<std::int64_t>) == 16, "link word + value/exception union");
static_assert(sizeof(detail::promise<void>) == 16, "link word + exception");
static_assert(sizeof(detail::oneshot_state<std::int64_t>) == 16, "one word + the value");
static_assert(sizeof(oneshot_recv_awaiter<std::int64_t>) == 8, "the state pointer, bit 0 = parked");

// Resumes at once, recording the address of the awaiting coroutine's frame.
struct frame_address {
  void** out;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) const noexcept {
    *out = h.address();
    return false;
  }
  void await_resume() const noexcept {}
};

task<std::int64_t> report_frame(void** out) {
  co_await frame_address{out};
  co_return 42;
}

task<bool> header_sits_in_front_of_the_root_frame() {
  void* frame = nullptr;
  join_handle<std::int64_t> h = spawn(report_frame(&frame));
  auto* cell = reinterpret_cast<char*>(detail::handle_access::cell(h));
  auto r = co_await std::move(h);
  co_return r.ok_value() == 42 && frame != nullptr && cell + detail::k_cell_prefix == frame;
}

TEST_P(task_cell_test, spawned_task_is_one_block_with_its_root_frame) {
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(header_sits_in_front_of_the_root_frame()));
}

// The root frame (its parameter and locals) is gone once the task finishes; the output
// stays in the block until the handle takes it.
task<counted> make_counted(counted param, std::int64_t add) {
  counted local(param.value() + add);
  co_return counted(local.value() * 2);
}

struct finish_outcome {
  long live_after_finish = -1;
  long live_after_join = -1;
  std::int64_t value = 0;
};

task<finish_outcome> join_after_the_frame_is_gone() {
  finish_outcome out;
  join_handle<counted> h = spawn(make_counted(counted(20), 1));
  while (!h.is_finished()) co_await yield_now();
  out.live_after_finish = counted::live();  // only the output
  {
    auto r = co_await std::move(h);
    out.value = r.ok_value().value();
  }
  out.live_after_join = counted::live();
  co_return out;
}

TEST_P(task_cell_test, frame_is_destroyed_at_completion_and_output_kept_until_joined) {
  counted::reset();
  {
    runtime rt(workers());
    finish_outcome out = rt.block_on(join_after_the_frame_is_gone());
    EXPECT_EQ(out.live_after_finish, 1);
    EXPECT_EQ(out.value, 42);
    EXPECT_EQ(out.live_after_join, 0);
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// A large output fills more of the dead frame than its two resume pointers.
task<std::array<std::int64_t, 12>> big_output(std::int64_t base) {
  std::array<std::int64_t, 12> a{};
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = base + static_cast<std::int64_t>(i);
  co_return a;
}
task<std::string> long_string(std::int64_t n) { co_return std::string(static_cast<std::size_t>(n), 'x'); }

task<bool> large_outputs_survive_the_frame() {
  auto a = spawn(big_output(100));
  auto s = spawn(long_string(1000));
  auto sum = std::int64_t{0};
  while (!a.is_finished() || !s.is_finished()) co_await yield_now();
  for (std::int64_t v : (co_await std::move(a)).ok_value()) sum += v;
  const std::string str = (co_await std::move(s)).ok_value();
  co_return sum == 12 * 100 + 66 && str == std::string(1000, 'x');
}

TEST_P(task_cell_test, large_outputs_survive_the_frame) {
  runtime rt(workers());
  EXPECT_TRUE(rt.block_on(large_outputs_survive_the_frame()));
}

// A detached task's output is destroyed by the scheduler's release when it completes.
task<counted> counted_after(oneshot_receiver<int> go, counted c) {
  (void)co_await go.recv();
  co_return counted(c.value() + 1);
}

task<bool> detached_output_is_freed(std::atomic<int>* stage) {
  auto [tx, rx] = oneshot<int>();
  { auto dropped = spawn(counted_after(std::move(rx), counted(5))); }  // detached while parked
  for (int i = 0; i < 5; ++i) co_await yield_now();
  stage->store(counted::live() == 1 ? 1 : -1);  // the parameter, in the parked frame
  (void)tx.send(1);
  const auto start = clock_type::now();
  while (counted::live() != 0) {
    if (clock_type::now() - start > std::chrono::seconds(10)) co_return false;
    co_await sleep_ms(1);
  }
  co_return true;
}

TEST_P(task_cell_test, detached_output_is_destroyed_by_the_last_release) {
  counted::reset();
  std::atomic<int> stage{0};
  {
    runtime rt(workers());
    EXPECT_TRUE(rt.block_on(detached_output_is_freed(&stage)));
  }
  EXPECT_EQ(stage.load(), 1);
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// Abort of a parked task: its frames are destroyed at cancellation (before the join),
// and the join reports the exact error from the dead frame.
struct abort_outcome {
  long live_before_abort = -1;
  long live_after_cancel = -1;
  std::string message;
  std::string expected;
  bool cancelled = false;
};

task<abort_outcome> abort_parked_task() {
  abort_outcome out;
  auto [tx, rx] = oneshot<int>();
  join_handle<counted> h = spawn(counted_after(std::move(rx), counted(9)));
  for (int i = 0; i < 5; ++i) co_await yield_now();
  out.live_before_abort = counted::live();
  out.expected = "task " + std::to_string(h.id()) + " was cancelled";
  h.abort();
  while (!h.is_finished()) co_await yield_now();
  out.live_after_cancel = counted::live();
  auto r = co_await std::move(h);
  if (r.is_err()) {
    out.message = r.err_value().message();
    out.cancelled = r.err_value().is_cancelled();
  }
  EXPECT_TRUE(tx.send(3).is_err());  // the receiver went with the frame
  co_return out;
}

TEST_P(task_cell_test, abort_of_a_parked_task_destroys_its_frame_before_the_join) {
  counted::reset();
  {
    runtime rt(workers());
    abort_outcome out = rt.block_on(abort_parked_task());
    EXPECT_EQ(out.live_before_abort, 1);
    EXPECT_EQ(out.live_after_cancel, 0);
    EXPECT_EQ(out.message, out.expected);
    EXPECT_TRUE(out.cancelled);
  }
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// A panic's error lives in the dead frame too; the handle may be dropped unjoined.
task<counted> panics_with(counted c) {
  if (c.value() > 0) incan::panic("boom " + std::to_string(c.value()));
  co_return c;
}

task<bool> panics_in_fused_tasks() {
  auto joined = spawn(panics_with(counted(3)));
  const std::uint64_t id = joined.id();
  { auto dropped = spawn(panics_with(counted(4))); }
  auto r = co_await std::move(joined);
  co_return r.is_err() && r.err_value().is_panic() &&
      r.err_value().message() == "task " + std::to_string(id) + " panicked with message \"boom 3\"";
}

TEST_P(task_cell_test, panics_reach_the_join_and_unjoined_errors_are_freed) {
  counted::reset();
  ::testing::internal::CaptureStderr();
  {
    runtime rt(workers());
    EXPECT_TRUE(rt.block_on(panics_in_fused_tasks()));
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("boom 3"), std::string::npos);
  EXPECT_EQ(counted::live(), 0);
  EXPECT_EQ(counted::double_destroyed(), 0);
}

// A deep await chain suspends at its leaf: every suspension finds the task by following
// the frames' links to the root, and the value comes back up the chain.
task<std::int64_t> chain(std::int64_t depth, oneshot_receiver<std::int64_t>* rx) {
  if (depth == 0) co_return (co_await rx->recv()).ok_value();
  co_return 1 + co_await chain(depth - 1, rx);
}

task<std::int64_t> deep_chain_in_a_spawned_task(std::int64_t depth) {
  auto [tx, rx] = oneshot<std::int64_t>();
  auto h = spawn(chain(depth, &rx));
  for (int i = 0; i < 5; ++i) co_await yield_now();
  (void)tx.send(1000);
  auto in_spawned = (co_await std::move(h)).ok_value();
  auto [tx2, rx2] = oneshot<std::int64_t>();
  (void)tx2.send(2000);
  auto in_root = co_await chain(depth, &rx2);  // the same in the block_on root
  co_return in_spawned + in_root;
}

TEST_P(task_cell_test, deep_chains_find_their_task) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(deep_chain_in_a_spawned_task(300)), 1000 + 300 + 2000 + 300);
}

// Timeouts keep their scopes in the root frame's link word: nested scopes in a spawned
// task and in the block_on root, the inner one firing, then the outer one.
task<std::int64_t> sleepy(std::int64_t ms, std::int64_t v) {
  co_await sleep_ms(ms);
  co_return v;
}
task<std::int64_t> inner_timeout() {
  auto inner = co_await timeout_ms(5, sleepy(3600 * 1000, 1));
  co_return inner.is_err() ? 10 : 0;
}
task<std::int64_t> nested_timeouts() {
  std::int64_t score = 0;
  auto outer = co_await timeout_ms(5000, inner_timeout());
  if (outer.is_ok()) score += outer.ok_value();
  auto fired = co_await timeout_ms(5, sleepy(3600 * 1000, 1));
  if (fired.is_err()) score += 100;
  auto quick = co_await timeout_ms(5000, sleepy(1, 7));
  if (quick.is_ok()) score += quick.ok_value();
  co_return score;
}
task<std::int64_t> nested_timeouts_everywhere() {
  auto spawned = (co_await spawn(nested_timeouts())).ok_value();
  co_return spawned + co_await nested_timeouts();
}

TEST_P(task_cell_test, deadline_scopes_in_spawned_tasks_and_the_root) {
  runtime rt(workers());
  EXPECT_EQ(rt.block_on(nested_timeouts_everywhere()), 2 * 117);
}

// Tasks still parked at runtime shutdown: cancelled there, their blocks freed when the
// handles go (after the runtime).
task<std::tuple<join_handle<counted>, oneshot_sender<int>>> park_one() {
  auto [tx, rx] = oneshot<int>();
  auto h = spawn(counted_after(std::move(rx), counted(1)));
  for (int i = 0; i < 5; ++i) co_await yield_now();
  co_return std::tuple<join_handle<counted>, oneshot_sender<int>>(std::move(h), std::move(tx));
}
task<std::string> join_message(join_handle<counted> h) {
  auto r = co_await std::move(h);
  co_return r.is_err() ? r.err_value().message() : "ok";
}

TEST_P(task_cell_test, shutdown_cancels_parked_tasks_and_handles_outlive_the_runtime) {
  counted::reset();
  join_handle<counted> h;
  std::optional<oneshot_sender<int>> tx;
  {
    runtime rt(workers());
    auto parked = rt.block_on(park_one());
    h = std::move(std::get<0>(parked));
    tx.emplace(std::move(std::get<1>(parked)));
    EXPECT_EQ(counted::live(), 1);
  }  // the shutdown destroys the parked frame (and its receiver)
  EXPECT_EQ(counted::live(), 0);
  EXPECT_TRUE(tx->send(1).is_err());
  ASSERT_TRUE(h.is_finished());
  const std::uint64_t id = h.id();
  runtime other(workers());
  EXPECT_EQ(other.block_on(join_message(std::move(h))), "task " + std::to_string(id) + " was cancelled");
}

}  // namespace
}  // namespace incan::rt::testing

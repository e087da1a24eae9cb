// join_handle<T>: the handle spawn() returns (Incan's `JoinHandle[T]`). Part of incan_rt.
#pragma once

#include <cstdint>
#include <utility>

#include "incan/rt/detail/task_cell.h"
#include "incan/rt/task_join_error.h"

namespace incan::rt {

namespace detail {
template <class T>
class join_awaiter;
struct handle_access;
}

// Owns a reference to a spawned task. Awaiting it yields
// `incan::result<U, task_join_error>` with U = T, or incan::unit for a task<void>:
// Ok(value) when the task returned, Err when it panicked or was cancelled.
//
// Both `co_await std::move(h)` and `co_await h` consume the handle (it is empty
// afterwards; a handle can be awaited once, as in Incan). Destroying or dropping a
// handle detaches the task: it keeps running and its result is discarded. Cancelling
// (destroying) a coroutine suspended on the handle also only detaches the task.
template <class T>
class join_handle {
 public:
  using output_type = detail::join_result_t<T>;

  join_handle() noexcept = default;
  join_handle(join_handle&& other) noexcept : cell_(std::exchange(other.cell_, nullptr)) {}
  join_handle& operator=(join_handle&& other) noexcept;
  join_handle(const join_handle&) = delete;
  join_handle& operator=(const join_handle&) = delete;
  ~join_handle();

  // False once the handle was awaited or moved from.
  bool valid() const noexcept { return cell_ != nullptr; }
  // The task finished (returned, panicked or was cancelled). Precondition: valid().
  bool is_finished() const noexcept { return detail::is_complete(cell_); }
  // The task's id (1 for the first spawn of the process). Precondition: valid().
  std::uint64_t id() const noexcept { return cell_->id_; }
  // Requests cancellation: the task stops at its next suspension point (its suspended
  // frames are destroyed, releasing what they hold) and awaiting the handle yields
  // Err(task_join_error) with is_cancelled() and the message `task {id} was cancelled`.
  // No effect on a task that has already finished (its result is kept), and aborting
  // twice is harmless. A spawn_blocking task can only be stopped before it starts.
  // Precondition: valid().
  void abort() const noexcept {
    if (cell_ == nullptr) detail::misuse("abort of an empty (awaited or moved-from) join handle");
    detail::abort_task(cell_);
  }

  detail::join_awaiter<T> operator co_await() & noexcept;
  detail::join_awaiter<T> operator co_await() && noexcept;

 private:
  friend struct detail::handle_access;
  explicit join_handle(detail::output_cell<T>* cell) noexcept : cell_(cell) {}

  detail::output_cell<T>* cell_ = nullptr;
};

}  // namespace incan::rt

#include "incan/rt/detail/join_handle_impl.h"

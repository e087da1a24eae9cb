// Template bodies of task<T> and its awaiter. Included at the end of incan/rt/task.h.
#pragma once

#include <coroutine>
#include <type_traits>
#include <utility>

#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/task_cell.h"  // finish_root, used by every root's final awaiter
#include "incan/rt/task.h"              // when included on its own

namespace incan::rt::detail {

// Lets the runtime take the frame out of a task (spawn, block_on).
struct task_access {
  template <class T>
  static std::coroutine_handle<promise<T>> release(task<T>& t) noexcept {
    if (!t.handle_) misuse("spawn/block_on of an empty (moved-from) task");
    if (t.handle_.promise().continuation_.started()) misuse("spawn/block_on of a task that was already started");
    return std::exchange(t.handle_, nullptr);
  }
};

// `co_await task`: start the child with the awaiting coroutine as its continuation.
template <class T>
class task_awaiter {
 public:
  explicit task_awaiter(std::coroutine_handle<promise<T>> child) noexcept : child_(child) {}
  task_awaiter(const task_awaiter&) = delete;
  task_awaiter& operator=(const task_awaiter&) = delete;

  bool await_ready() const noexcept { return false; }

  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
    static_assert(std::is_base_of_v<promise_base, P>,
                  "incan::rt awaitables can only be awaited inside incan::rt::task coroutines");
    child_.promise().continuation_ = parent;  // the child finds the task through `parent`
    return transfer_to(nullptr, child_);
  }

  T await_resume() { return child_.promise().take_result(); }

 private:
  std::coroutine_handle<promise<T>> child_;
};

template <class T>
task<T> promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<promise<T>>::from_promise(*this));
}

inline task<void> promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<promise<void>>::from_promise(*this));
}

}  // namespace incan::rt::detail

namespace incan::rt {

template <class T>
task<T>& task<T>::operator=(task&& other) noexcept {
  if (this != &other) {
    if (handle_) handle_.destroy();
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

template <class T>
task<T>::~task() {
  if (handle_) handle_.destroy();
}

template <class T>
detail::task_awaiter<T> task<T>::operator co_await() & noexcept {
  if (!handle_ || handle_.promise().continuation_.started()) detail::misuse("a task was awaited twice or after a move");
  return detail::task_awaiter<T>(handle_);
}

template <class T>
detail::task_awaiter<T> task<T>::operator co_await() && noexcept {
  if (!handle_ || handle_.promise().continuation_.started()) detail::misuse("a task was awaited twice or after a move");
  return detail::task_awaiter<T>(handle_);
}

}  // namespace incan::rt

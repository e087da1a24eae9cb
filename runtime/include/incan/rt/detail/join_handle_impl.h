// Template bodies of join_handle<T> and its awaiter. Included at the end of
// incan/rt/join_handle.h; the join protocol itself is in src/task/task_header.cpp.
#pragma once

#include <coroutine>
#include <utility>

#include "incan/rt/detail/task_cell.h"
#include "incan/rt/join_handle.h"  // when included on its own

namespace incan::rt::detail {

// The runtime's access to a handle's cell (spawn, spawn_blocking, timeout_join).
struct handle_access {
  template <class T>
  static join_handle<T> make(output_cell<T>* cell) noexcept {
    return join_handle<T>(cell);
  }
  template <class T>
  static output_cell<T>* cell(const join_handle<T>& h) noexcept {
    return h.cell_;
  }
};

// Owns the handle's reference while the await is in progress. Its destructor withdraws
// a registered join waker, so destroying a suspended awaiting coroutine detaches the
// task cleanly (cancel-safe).
template <class T>
class join_awaiter : private wait_point {
 public:
  explicit join_awaiter(output_cell<T>* cell) noexcept : wait_point{&finished}, cell_(cell) {
    if (cell_ == nullptr) misuse("a join handle was awaited twice or after a move");
  }
  join_awaiter(const join_awaiter&) = delete;
  join_awaiter& operator=(const join_awaiter&) = delete;
  ~join_awaiter() {
    if (registered_) unset_join_waker(cell_);
    release(cell_);
  }

  bool await_ready() const noexcept { return is_complete(cell_); }

  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    task_header* me = suspend_point(h);
    if (set_join_waker(cell_, me)) {
      registered_ = true;
      me->wait_ = this;  // resumed only once the task has completed
      return true;
    }
    me->resume_point_ = nullptr;  // completed meanwhile: continue without suspending
    return false;
  }

  join_result_t<T> await_resume() {
    if (!is_complete(cell_)) misuse("join handle resumed before its task completed");
    return cell_->take_output();
  }

 private:
  static bool finished(const wait_point* w) noexcept { return is_complete(static_cast<const join_awaiter*>(w)->cell_); }

  output_cell<T>* cell_;
  bool registered_ = false;
};

}  // namespace incan::rt::detail

namespace incan::rt {

template <class T>
join_handle<T>& join_handle<T>::operator=(join_handle&& other) noexcept {
  if (this != &other) {
    if (cell_) detail::release(cell_);
    cell_ = std::exchange(other.cell_, nullptr);
  }
  return *this;
}

template <class T>
join_handle<T>::~join_handle() {
  if (cell_) detail::release(cell_);
}

template <class T>
detail::join_awaiter<T> join_handle<T>::operator co_await() & noexcept {
  return detail::join_awaiter<T>(std::exchange(cell_, nullptr));
}

template <class T>
detail::join_awaiter<T> join_handle<T>::operator co_await() && noexcept {
  return detail::join_awaiter<T>(std::exchange(cell_, nullptr));
}

}  // namespace incan::rt

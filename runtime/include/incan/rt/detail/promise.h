// Promise types of task<T>: where a coroutine keeps its result, its exception, the
// coroutine awaiting it and the task it runs in. Part of incan_rt (task layer).
#pragma once

#include <coroutine>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

#include "incan/rt/detail/frame_alloc.h"
#include "incan/rt/detail/task_header.h"

namespace incan::rt {
template <class T>
class task;
}

namespace incan::rt::detail {

// At the end of a coroutine: hand control to the awaiting coroutine, or (for a root)
// return to the poll loop, which sees the root done.
struct final_awaiter {
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept;
  void await_resume() const noexcept {}
};

class promise_base {
 public:
  // Coroutine frames come from the frame pool (detail/frame_alloc.h).
  static void* operator new(std::size_t size) { return frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_free(p, size); }

  std::suspend_always initial_suspend() const noexcept { return {}; }  // tasks are lazy
  final_awaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  task_header* header_ = nullptr;          // set when the coroutine is started
  std::coroutine_handle<> continuation_;  // the awaiting coroutine; null for a root
  std::exception_ptr exception_;          // a panic (or other exception) that ended the body
};

// The awaiting coroutine's task. Awaitables of incan_rt only work inside incan_rt tasks.
template <class P>
task_header* header_of(std::coroutine_handle<P> h) noexcept {
  static_assert(std::is_base_of_v<promise_base, P>,
                "incan::rt awaitables can only be awaited inside incan::rt::task coroutines");
  return static_cast<promise_base&>(h.promise()).header_;
}

// Stores `h` (the leaf of the suspending chain) as the task's resume point; returns the
// task, for the awaiter to register its waker on. Must precede the waker registration.
// An awaiter that needs "resumed means ready" then sets t->wait_ (task_header.h).
template <class P>
task_header* suspend_point(std::coroutine_handle<P> h) noexcept {
  task_header* t = header_of(h);
  t->resume_point_ = h;
  t->wait_ = nullptr;
  return t;
}

template <class P>
std::coroutine_handle<> final_awaiter::await_suspend(std::coroutine_handle<P> self) noexcept {
  promise_base& p = self.promise();
  if (p.continuation_) return transfer_to(p.header_, p.continuation_);
  return std::noop_coroutine();
}

template <class T>
class promise final : public promise_base {
  static_assert(std::is_object_v<T> && !std::is_array_v<T>,
                "task<T>: T must be an object type (or void)");

 public:
  promise() noexcept {}
  promise(const promise&) = delete;
  ~promise() {
    if (has_value_) value_.~T();
  }

  task<T> get_return_object() noexcept;

  void return_value(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) {
    ::new (static_cast<void*>(&value_)) T(std::move(v));
    has_value_ = true;
  }
  void return_value(const T& v) {
    ::new (static_cast<void*>(&value_)) T(v);
    has_value_ = true;
  }

  // The result of a finished body: the value, or the stored exception rethrown.
  T take_result() {
    if (exception_) std::rethrow_exception(exception_);
    return std::move(value_);
  }

 private:
  union {
    T value_;
  };
  bool has_value_ = false;
};

template <>
class promise<void> final : public promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void take_result() const {
    if (exception_) std::rethrow_exception(exception_);
  }
};

}  // namespace incan::rt::detail

// Promise types of task<T>: where a coroutine keeps its result or exception, and the
// link to the coroutine awaiting it. Part of incan_rt (task layer).
//
// Frame layout. promise_base::operator new allocates k_cell_prefix spare bytes in front
// of every frame (room for a task header, detail/task_header.h), so spawn and block_on
// need no second allocation. A frame whose prefix holds no header is freed whole by
// operator delete; one whose prefix holds a header (a root) is only *retired*: its
// first bytes become the task's output_meta and the block is freed by the header's
// last release.
//
// Link word (promise_base::continuation_), one word per frame:
//   0                        not started (created, not yet awaited, spawned or run)
//   parent frame address     awaited by `parent` (task_awaiter, timeout)
//   k_link_root | scopes     the root of a task: the rest is the task's innermost active
//                            deadline_scope (null: none); only the RUNNING thread
//                            touches it (see "Deadline scopes" in task_header.h)
// plus two result bits (k_link_value, k_link_exception) set when the body ends. A
// frame finds its task by following parent links up to the root, whose header sits in
// front of it (header_of). Frames and scopes are 8-aligned, so the low three bits are
// free.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
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

inline constexpr std::uintptr_t k_link_root = 1;
inline constexpr std::uintptr_t k_link_value = 2;
inline constexpr std::uintptr_t k_link_exception = 4;
inline constexpr std::uintptr_t k_link_flags = 7;

// The link word (see above). Assigning a coroutine handle links the frame to the
// coroutine that awaits it.
class frame_link {
 public:
  frame_link& operator=(std::coroutine_handle<> parent) noexcept {
    bits_ = reinterpret_cast<std::uintptr_t>(parent.address()) | (bits_ & (k_link_value | k_link_exception));
    return *this;
  }
  bool started() const noexcept { return bits_ != 0; }
  bool is_root() const noexcept { return (bits_ & k_link_root) != 0; }
  void make_root() noexcept { bits_ = k_link_root; }
  void* parent_address() const noexcept { return reinterpret_cast<void*>(bits_ & ~k_link_flags); }
  deadline_scope* scopes() const noexcept { return reinterpret_cast<deadline_scope*>(bits_ & ~k_link_flags); }
  void set_scopes(deadline_scope* s) noexcept {
    bits_ = reinterpret_cast<std::uintptr_t>(s) | (bits_ & k_link_flags);
  }
  bool has(std::uintptr_t flag) const noexcept { return (bits_ & flag) != 0; }
  void set(std::uintptr_t flag) noexcept { bits_ |= flag; }
  void clear(std::uintptr_t flag) noexcept { bits_ &= ~flag; }

 private:
  std::uintptr_t bits_ = 0;
};

// `p.header_ = t` (timeout.h) is accepted and ignored: a started frame finds its task
// through its links (header_of), so it needs no copy.
struct header_sink {
  header_sink& operator=(task_header*) noexcept { return *this; }
};

class promise_base {
 public:
  // Coroutine frames come from the frame pool (detail/frame_alloc.h), with the prefix.
  static void* operator new(std::size_t size) {
    char* block = static_cast<char*>(frame_alloc(k_cell_prefix + size));
    // No header in this prefix yet (spawn / block_on construct one over it).
    ::new (static_cast<void*>(block + offsetof(task_header, scheduler_))) scheduler*(nullptr);
    return block + k_cell_prefix;
  }
  static void operator delete(void* frame, std::size_t size) noexcept {
    char* block = static_cast<char*>(frame) - k_cell_prefix;
    if (*std::launder(reinterpret_cast<scheduler**>(block + offsetof(task_header, scheduler_))) == nullptr) {
      frame_free(block, k_cell_prefix + size);
    } else {
      retire_root_frame(frame, size);
    }
  }

  std::suspend_always initial_suspend() const noexcept { return {}; }  // tasks are lazy
  final_awaiter final_suspend() const noexcept { return {}; }

  [[no_unique_address]] header_sink header_;
  frame_link continuation_;

 private:
  // A root's frame was destroyed: write its output_meta, keep the block (task_header.cpp).
  static void retire_root_frame(void* frame, std::size_t size) noexcept;
};
static_assert(sizeof(promise_base) == sizeof(void*));

// The promise of the frame at `frame` (any promise<T>: promise_base is at its start, and
// the promise's offset in a frame is the same for every alignment up to 16).
inline promise_base& promise_at(void* frame) noexcept {
  return std::coroutine_handle<promise_base>::from_address(frame).promise();
}
inline task_header* header_before(void* root_frame) noexcept {
  return std::launder(reinterpret_cast<task_header*>(static_cast<char*>(root_frame) - k_cell_prefix));
}
inline void* root_frame_of(task_header* t) noexcept { return reinterpret_cast<char*>(t) + k_cell_prefix; }
// The task's stack of deadline scopes lives in the root's link word.
inline frame_link& root_link(task_header* t) noexcept { return promise_at(root_frame_of(t)).continuation_; }

// The task of a started coroutine: follow the links up to the root.
inline task_header* task_of(promise_base* p) noexcept {
  while (!p->continuation_.is_root()) p = &promise_at(p->continuation_.parent_address());
  return header_before(std::coroutine_handle<promise_base>::from_promise(*p).address());
}

// The awaiting coroutine's task. Awaitables of incan_rt only work inside incan_rt tasks.
template <class P>
task_header* header_of(std::coroutine_handle<P> h) noexcept {
  static_assert(std::is_base_of_v<promise_base, P>,
                "incan::rt awaitables can only be awaited inside incan::rt::task coroutines");
  return task_of(&static_cast<promise_base&>(h.promise()));
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

// A root finished: its final awaiter tells the poll (src/task/task_header.cpp), passing
// the function that moves its result into the output slot (detail/task_cell.h).
void root_finished(void (*finish)(task_header*) noexcept) noexcept;
template <class P>
void finish_root(task_header* t) noexcept;

template <class P>
std::coroutine_handle<> final_awaiter::await_suspend(std::coroutine_handle<P> self) noexcept {
  promise_base& p = self.promise();
  if (!p.continuation_.is_root()) return transfer_to(nullptr, std::coroutine_handle<>::from_address(p.continuation_.parent_address()));
  root_finished(&finish_root<P>);
  return std::noop_coroutine();
}

template <class T>
class promise final : public promise_base {
  static_assert(std::is_object_v<T> && !std::is_array_v<T>,
                "task<T>: T must be an object type (or void)");
  static_assert(alignof(T) <= 16, "task<T>: T must not be over-aligned");

 public:
  promise() noexcept {}
  promise(const promise&) = delete;
  ~promise() {
    if (continuation_.has(k_link_value)) {
      value_.~T();
    } else if (continuation_.has(k_link_exception)) {
      exception_.~exception_ptr();
    }
  }

  task<T> get_return_object() noexcept;

  void return_value(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) {
    ::new (static_cast<void*>(&value_)) T(std::move(v));
    continuation_.set(k_link_value);
  }
  void return_value(const T& v) {
    ::new (static_cast<void*>(&value_)) T(v);
    continuation_.set(k_link_value);
  }
  void unhandled_exception() noexcept {
    ::new (static_cast<void*>(&exception_)) std::exception_ptr(std::current_exception());
    continuation_.set(k_link_exception);
  }

  // The result of a finished body: the value, or the stored exception rethrown.
  T take_result() {
    if (continuation_.has(k_link_exception)) std::rethrow_exception(exception_);
    return std::move(value_);
  }
  bool has_exception() const noexcept { return continuation_.has(k_link_exception); }
  std::exception_ptr& exception() noexcept { return exception_; }
  T& value() noexcept { return value_; }

 private:
  union {
    T value_;
    std::exception_ptr exception_;
  };
};

template <>
class promise<void> final : public promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void take_result() const {
    if (exception_) std::rethrow_exception(exception_);
  }
  bool has_exception() const noexcept { return static_cast<bool>(exception_); }
  std::exception_ptr& exception() noexcept { return exception_; }

 private:
  std::exception_ptr exception_;
};

}  // namespace incan::rt::detail

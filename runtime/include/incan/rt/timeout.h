// timeout / timeout_ms / timeout_join / timeout_join_ms: Incan's `std.async.time`
// deadlines. Part of incan_rt (time layer).
//
//   await timeout(0.25, quick_value())   =>   co_await incan::rt::timeout(0.25, quick_value())
//
// Design: the inner work runs inside the awaiting task (no spawn): the awaiter starts it
// with symmetric transfer, like `co_await task`, after linking a deadline_scope on the
// task (detail/deadline_scope.h). If the work finishes first, the awaiter withdraws the
// timer and yields Ok. If the timer fires first, the task's next poll destroys the
// work's frames at their suspension point and resumes the awaiter with Err; the
// protocol and its thread rules are in detail/task_header.h ("Deadline scopes"). The
// awaiters are used in place by the polling thread only; nothing here is shared.
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/detail/deadline_scope.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/join_handle.h"
#include "incan/rt/task.h"
#include "incan/rt/time.h"

namespace incan::rt {

// The deadline of timeout() passed first (Incan's `TimeoutError`).
class timeout_error {
 public:
  // Exactly `operation timed out`.
  std::string message() const { return "operation timed out"; }
  friend bool operator==(const timeout_error&, const timeout_error&) = default;
};

// `{e}`: `operation timed out`.
inline void fmt_display(std::string& out, const timeout_error&) { out += "operation timed out"; }
// `{e:?}`: `TimeoutError`.
inline void fmt_debug(std::string& out, const timeout_error&) { out += "TimeoutError"; }

template <class T>
using timeout_result = incan::result<detail::join_value_t<T>, timeout_error>;

namespace detail {

// Awaits `inner` with a deadline `duration_ns` after the await starts (<= 0: the work
// runs until its first suspension). Cancel-safe in the sense of §2.5: destroying a
// coroutine suspended here destroys the inner work too.
template <class T>
class timeout_awaiter : private deadline_scope {
 public:
  timeout_awaiter(std::int64_t duration_ns, task<T> inner) noexcept
      : duration_ns_(duration_ns), inner_(task_access::release(inner)) {}
  timeout_awaiter(timeout_awaiter&& other) noexcept
      : duration_ns_(other.duration_ns_), inner_(std::exchange(other.inner_, nullptr)) {
    if (other.linked || other.entry.driver != nullptr) misuse("a timeout was moved while it was being awaited");
  }
  timeout_awaiter(const timeout_awaiter&) = delete;
  timeout_awaiter& operator=(const timeout_awaiter&) = delete;
  ~timeout_awaiter() {
    if (inner_) inner_.destroy();  // first: scopes nested in the work unlink themselves
    scope_leave(this);
  }

  // The same timeout as a lazy task (one frame), where an Awaitable value is needed.
  operator task<timeout_result<T>>() && { return as_task(std::move(*this)); }

  bool await_ready() const noexcept { return false; }

  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) noexcept {
    if (!inner_) misuse("a timeout was awaited twice or after a move");
    task_header* t = header_of(parent);
    this->parent = parent;
    this->expire = &expire_inner;
    scope_enter(t, this, duration_ns_);
    promise<T>& p = inner_.promise();
    p.header_ = t;
    p.continuation_ = parent;
    return transfer_to(t, inner_);
  }

  timeout_result<T> await_resume() {
    scope_leave(this);
    if (this->timed_out) return timeout_result<T>::err(timeout_error{});
    if constexpr (std::is_void_v<T>) {
      inner_.promise().take_result();  // rethrows a panic of the work
      return timeout_result<T>::ok(incan::unit{});
    } else {
      return timeout_result<T>::ok(inner_.promise().take_result());
    }
  }

 private:
  static void expire_inner(deadline_scope* s) noexcept {
    auto* self = static_cast<timeout_awaiter*>(s);
    std::exchange(self->inner_, nullptr).destroy();
  }
  static task<timeout_result<T>> as_task(timeout_awaiter a) { co_return co_await std::move(a); }

  std::int64_t duration_ns_;
  std::coroutine_handle<promise<T>> inner_;
};

// What `co_await a` yields, for awaitables other than task<T>.
template <class A>
auto await_value_of(A&& a) {
  if constexpr (requires { std::forward<A>(a).operator co_await(); }) {
    return std::type_identity<decltype(std::forward<A>(a).operator co_await().await_resume())>{};
  } else {
    return std::type_identity<decltype(a.await_resume())>{};
  }
}
template <class A>
using await_value_t = typename decltype(await_value_of(std::declval<A>()))::type;

template <class R, class A>
task<R> await_in_task(A a) {
  if constexpr (std::is_void_v<R>) {
    co_await std::move(a);
  } else {
    co_return co_await std::move(a);
  }
}

template <class A>
inline constexpr bool is_task_v = false;
template <class T>
inline constexpr bool is_task_v<task<T>> = true;

template <class A>
auto make_timeout(std::int64_t duration_ns, A&& a) {
  using D = std::remove_cvref_t<A>;
  if constexpr (is_task_v<D>) {
    return timeout_awaiter<typename D::value_type>(duration_ns, std::forward<A>(a));
  } else {
    using R = await_value_t<D&&>;
    return timeout_awaiter<R>(duration_ns, await_in_task<R, D>(D(std::forward<A>(a))));
  }
}

// Completes when the task behind `cell` does, without taking its output (timeout_join).
template <class T>
class finish_awaiter : private wait_point {
 public:
  explicit finish_awaiter(output_cell<T>* cell) noexcept : wait_point{&finished}, cell_(cell) {}
  finish_awaiter(const finish_awaiter&) = delete;
  finish_awaiter& operator=(const finish_awaiter&) = delete;
  ~finish_awaiter() {
    if (registered_) unset_join_waker(cell_);
  }
  bool await_ready() const noexcept { return is_complete(cell_); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    task_header* me = suspend_point(h);
    if (set_join_waker(cell_, me)) {
      registered_ = true;
      me->wait_ = this;
      return true;
    }
    me->resume_point_ = nullptr;
    return false;
  }
  void await_resume() const noexcept {}

 private:
  static bool finished(const wait_point* w) noexcept {
    return is_complete(static_cast<const finish_awaiter*>(w)->cell_);
  }
  output_cell<T>* cell_;
  bool registered_ = false;
};

template <class T>
task<void> wait_finished(output_cell<T>* cell) {
  co_await finish_awaiter<T>(cell);
}

}  // namespace detail

// Awaits `work` (a task<T>, or any incan_rt awaitable: sleep, a join_handle, ...) for at
// most `seconds`: Ok(value) if it finishes first, else Err(timeout_error) and the work
// is cancelled (its frames destroyed at their suspension point; a join_handle is only
// dropped, which detaches its task). The deadline clamps as sleep() does (negative, NaN
// and infinite mean 0); with 0 the work runs until its first suspension. A panic of the
// work is rethrown at the await. Destroying the awaiting coroutine destroys the work.
// For task<void> the value is incan::unit; for a join_handle<T> it is the join result.
template <class A>
auto timeout(double seconds, A&& work) {
  return detail::make_timeout(detail::seconds_to_ns(seconds), std::forward<A>(work));
}
// timeout with the deadline in milliseconds (negative means 0).
template <class A>
auto timeout_ms(std::int64_t milliseconds, A&& work) {
  return detail::make_timeout(detail::millis_to_ns(milliseconds), std::forward<A>(work));
}

// What timeout_join yields (Incan's `TimeoutJoinOutcome[T]`): Completed(value),
// JoinFailed(error) or TimedOut(handle) with the still-live handle.
template <class T>
class timeout_join_outcome {
 public:
  using value_type = detail::join_value_t<T>;
  enum class kind : unsigned char { completed, join_failed, timed_out };

  static timeout_join_outcome completed(value_type v) {
    timeout_join_outcome o(kind::completed);
    o.value_.emplace(std::move(v));
    return o;
  }
  static timeout_join_outcome join_failed(task_join_error e) {
    timeout_join_outcome o(kind::join_failed);
    o.error_.emplace(std::move(e));
    return o;
  }
  static timeout_join_outcome timed_out(join_handle<T> h) {
    timeout_join_outcome o(kind::timed_out);
    o.handle_ = std::move(h);
    return o;
  }

  kind which() const noexcept { return kind_; }
  bool is_completed() const noexcept { return kind_ == kind::completed; }
  bool is_join_failed() const noexcept { return kind_ == kind::join_failed; }
  bool is_timed_out() const noexcept { return kind_ == kind::timed_out; }

  // Preconditions: is_completed() / is_join_failed() / is_timed_out() respectively.
  value_type& value() & { return *value_; }
  value_type&& value() && { return std::move(*value_); }
  const task_join_error& error() const& { return *error_; }
  join_handle<T>& handle() & { return handle_; }
  join_handle<T>&& handle() && { return std::move(handle_); }

 private:
  explicit timeout_join_outcome(kind k) noexcept : kind_(k) {}
  kind kind_;
  std::optional<value_type> value_;
  std::optional<task_join_error> error_;
  join_handle<T> handle_;
};

namespace detail {
template <class T>
task<timeout_join_outcome<T>> timeout_join_ns(std::int64_t duration_ns, join_handle<T> h) {
  if (!h.valid()) misuse("timeout_join of an empty (awaited or moved-from) join handle");
  auto waited = co_await timeout_awaiter<void>(duration_ns, wait_finished(handle_access::cell(h)));
  if (waited.is_err()) co_return timeout_join_outcome<T>::timed_out(std::move(h));
  auto r = co_await std::move(h);  // complete: does not suspend
  if (r.is_ok()) co_return timeout_join_outcome<T>::completed(std::move(r).ok_value());
  co_return timeout_join_outcome<T>::join_failed(std::move(r).err_value());
}
}  // namespace detail

// Waits at most `seconds` for a spawned task without cancelling it: Completed(value) if
// it returned in time, JoinFailed(error) if it panicked or was cancelled in time, and
// TimedOut(handle) otherwise: the task keeps running and `handle` is the same live
// handle (await it later, store it, abort it). Clamps like sleep(). Destroying the
// awaiting coroutine drops the handle it owns (the task is detached).
template <class T>
task<timeout_join_outcome<T>> timeout_join(double seconds, join_handle<T> handle) {
  return detail::timeout_join_ns(detail::seconds_to_ns(seconds), std::move(handle));
}
template <class T>
task<timeout_join_outcome<T>> timeout_join_ms(std::int64_t milliseconds, join_handle<T> handle) {
  return detail::timeout_join_ns(detail::millis_to_ns(milliseconds), std::move(handle));
}

}  // namespace incan::rt

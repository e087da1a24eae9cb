// std.async.channel oneshot: one value, sent once, received once (ASYNC.md 6.2).
// Part of incan_rt.
//
//   tx, rx = oneshot[int]()     auto [tx, rx] = incan::rt::oneshot<std::int64_t>();
//   tx.send(v)                  tx.send(v)          -> result<unit, T>  (Err gives v back)
//   await rx.recv()             co_await rx.recv()  -> result<T, recv_error>
//
// Both ends are move-only. recv is cancel-safe: a destroyed parked recv withdraws its
// waker and consumes nothing.
//
// Design
// ======
// Shared state = one atomic state word + the waker + the value slot (24 bytes for an
// int64 payload), freed by whichever side finishes second. State bits:
//
//   VALUE       the value slot holds the sent value (set together with TX_DONE).
//   TX_DONE     the sender side is finished with the state (sent, or dropped unsent).
//   RX_DONE     the receiver handle is gone.
//   RX_WAITING  `waker_` holds the parked receiver's task (one reference).
//   TAKEN       the receiver moved the value out (only the receiver reads/writes it).
//
// Who touches what:
//   value slot  the sender before it sets VALUE; after that only the receiver (which
//               destroys it when taken, or when dropped with VALUE && !TAKEN).
//   waker_      the receiver while RX_WAITING is clear; once RX_WAITING is set it is
//               stable until either the receiver clears the bit again (cancellation,
//               CAS that fails if VALUE|TX_DONE is already set) or the sender's CAS that
//               sets TX_DONE succeeds, which makes the sender the owner (it wakes it).
//               The sender reads waker_ *before* that CAS (the state may be freed right
//               after it), which is safe because the CAS fails if RX_WAITING changed.
//   freeing     the side whose RMW sets the second of TX_DONE / RX_DONE deletes the state.
//
// Memory orders: the receiver publishes waker_ with the release CAS that sets
// RX_WAITING; the sender's CAS setting VALUE|TX_DONE is acq_rel (release publishes the
// value, acquire makes a waker it read valid); the receiver's loads before reading the
// value are acquire. The drops are acq_rel RMWs, so the deleting side sees all writes.
#pragma once

#include <coroutine>
#include <cstdint>
#include <new>
#include <tuple>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/channel_error.h"
#include "incan/rt/detail/promise.h"
#include "incan/rt/detail/sync.h"
#include "incan/rt/detail/task_header.h"

namespace incan::rt {

template <class T>
class oneshot_sender;
template <class T>
class oneshot_receiver;
template <class T>
std::tuple<oneshot_sender<T>, oneshot_receiver<T>> oneshot();

namespace detail {

inline constexpr std::uint32_t k_os_value = 1u << 0;
inline constexpr std::uint32_t k_os_tx_done = 1u << 1;
inline constexpr std::uint32_t k_os_rx_done = 1u << 2;
inline constexpr std::uint32_t k_os_rx_waiting = 1u << 3;
inline constexpr std::uint32_t k_os_taken = 1u << 4;

template <class T>
struct oneshot_state {
  oneshot_state() noexcept {}
  oneshot_state(const oneshot_state&) = delete;
  oneshot_state& operator=(const oneshot_state&) = delete;
  ~oneshot_state() {}

  atomic<std::uint32_t> state_{0};
  atomic<task_header*> waker_{nullptr};
  union {
    T value_;
  };
};

}  // namespace detail

// `await rx.recv()` on a oneshot.
template <class T>
class oneshot_recv_awaiter : private detail::wait_point {
 public:
  explicit oneshot_recv_awaiter(detail::oneshot_state<T>* s) noexcept : detail::wait_point{&ready}, s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  oneshot_recv_awaiter(oneshot_recv_awaiter&& o) noexcept : detail::wait_point{&ready}, s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  oneshot_recv_awaiter(const oneshot_recv_awaiter&) = delete;
  oneshot_recv_awaiter& operator=(const oneshot_recv_awaiter&) = delete;
  ~oneshot_recv_awaiter() {
    if (!parked_) return;
    // Cancelled while parked: withdraw the waker unless the sender already owns it.
    std::uint32_t s = s_->state_.load(detail::memory_order_relaxed);
    do {
      if ((s & (detail::k_os_value | detail::k_os_tx_done)) != 0) return;
    } while (!s_->state_.compare_exchange_weak(s, s & ~detail::k_os_rx_waiting, detail::memory_order_acquire,
                                               detail::memory_order_relaxed));
    detail::release(s_->waker_.exchange(nullptr, detail::memory_order_relaxed));
  }

  bool await_ready() const noexcept {
    if (s_ == nullptr) return true;
    // acquire: pairs with the sender's release CAS, so the value is visible.
    return (s_->state_.load(detail::memory_order_acquire) &
            (detail::k_os_value | detail::k_os_tx_done)) != 0;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    detail::add_ref(t);
    s_->waker_.store(t, detail::memory_order_relaxed);
    std::uint32_t s = s_->state_.load(detail::memory_order_relaxed);
    do {
      if ((s & (detail::k_os_value | detail::k_os_tx_done)) != 0) {
        s_->waker_.store(nullptr, detail::memory_order_relaxed);
        detail::release(t);  // we run t: never the last reference
        t->resume_point_ = nullptr;
        return false;
      }
      // release: publishes waker_; acquire on failure: a value we then see is complete.
    } while (!s_->state_.compare_exchange_weak(s, s | detail::k_os_rx_waiting, detail::memory_order_release,
                                               detail::memory_order_acquire));
    t->wait_ = this;  // a stale wake cannot resume us before the sender finished
    parked_ = true;
    return true;
  }
  result<T, recv_error> await_resume() {
    parked_ = false;
    if (s_ != nullptr) {
      const std::uint32_t s = s_->state_.load(detail::memory_order_acquire);
      if ((s & detail::k_os_value) != 0 && (s & detail::k_os_taken) == 0) {
        s_->state_.fetch_or(detail::k_os_taken, detail::memory_order_relaxed);
        T v(std::move(s_->value_));
        s_->value_.~T();
        return result<T, recv_error>::ok(std::move(v));
      }
    }
    return result<T, recv_error>::err(recv_error());
  }

 private:
  static bool ready(const detail::wait_point* w) noexcept {
    const auto* self = static_cast<const oneshot_recv_awaiter*>(w);
    return (self->s_->state_.load(detail::memory_order_acquire) &
            (detail::k_os_value | detail::k_os_tx_done)) != 0;
  }

  detail::oneshot_state<T>* s_;
  bool parked_ = false;
};

// OneshotSender[T]: move-only.
template <class T>
class oneshot_sender {
 public:
  oneshot_sender(oneshot_sender&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  oneshot_sender& operator=(oneshot_sender&& o) noexcept {
    if (this != &o) {
      drop();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  oneshot_sender(const oneshot_sender&) = delete;
  oneshot_sender& operator=(const oneshot_sender&) = delete;
  ~oneshot_sender() { drop(); }

  // Delivers `v` (never waits). Err(v) if the receiver is gone or a value was already sent.
  result<unit, T> send(T v) {
    if (s_ == nullptr) return result<unit, T>::err(std::move(v));
    detail::oneshot_state<T>* st = s_;
    ::new (static_cast<void*>(&st->value_)) T(std::move(v));
    std::uint32_t s = st->state_.load(detail::memory_order_acquire);
    detail::task_header* w;
    do {
      if ((s & detail::k_os_rx_done) != 0) {
        T back(std::move(st->value_));
        st->value_.~T();
        return result<unit, T>::err(std::move(back));  // the handle stays; drop() frees
      }
      w = (s & detail::k_os_rx_waiting) != 0 ? st->waker_.load(detail::memory_order_relaxed) : nullptr;
    } while (!st->state_.compare_exchange_weak(s, s | detail::k_os_value | detail::k_os_tx_done,
                                               detail::memory_order_acq_rel, detail::memory_order_acquire));
    s_ = nullptr;  // the state may be freed by the receiver from here on
    if (w != nullptr) detail::wake_by_val(w);
    return result<unit, T>::ok(unit{});
  }

 private:
  friend std::tuple<oneshot_sender<T>, oneshot_receiver<T>> oneshot<T>();
  explicit oneshot_sender(detail::oneshot_state<T>* s) noexcept : s_(s) {}

  void drop() noexcept {
    detail::oneshot_state<T>* st = std::exchange(s_, nullptr);
    if (st == nullptr) return;
    std::uint32_t s = st->state_.load(detail::memory_order_acquire);
    detail::task_header* w;
    do {
      w = (s & detail::k_os_rx_waiting) != 0 ? st->waker_.load(detail::memory_order_relaxed) : nullptr;
    } while (!st->state_.compare_exchange_weak(s, s | detail::k_os_tx_done, detail::memory_order_acq_rel,
                                               detail::memory_order_acquire));
    if ((s & detail::k_os_rx_done) != 0) {
      delete st;  // the receiver is gone and no value was ever stored
    } else if (w != nullptr) {
      detail::wake_by_val(w);
    }
  }

  detail::oneshot_state<T>* s_;
};

// OneshotReceiver[T]: move-only.
template <class T>
class oneshot_receiver {
 public:
  oneshot_receiver(oneshot_receiver&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  oneshot_receiver& operator=(oneshot_receiver&& o) noexcept {
    if (this != &o) {
      drop();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  oneshot_receiver(const oneshot_receiver&) = delete;
  oneshot_receiver& operator=(const oneshot_receiver&) = delete;
  ~oneshot_receiver() { drop(); }

  // Ok(v) once the value arrives; Err(recv_error) if the sender was dropped without
  // sending or the value was already received.
  oneshot_recv_awaiter<T> recv() const noexcept { return oneshot_recv_awaiter<T>(s_); }

 private:
  friend std::tuple<oneshot_sender<T>, oneshot_receiver<T>> oneshot<T>();
  explicit oneshot_receiver(detail::oneshot_state<T>* s) noexcept : s_(s) {}

  void drop() noexcept {
    detail::oneshot_state<T>* st = std::exchange(s_, nullptr);
    if (st == nullptr) return;
    const std::uint32_t s = st->state_.fetch_or(detail::k_os_rx_done, detail::memory_order_acq_rel);
    if ((s & detail::k_os_tx_done) == 0) return;  // the sender frees (or fails its send)
    if ((s & detail::k_os_value) != 0 && (s & detail::k_os_taken) == 0) st->value_.~T();
    delete st;
  }

  detail::oneshot_state<T>* s_;
};

template <class T>
std::tuple<oneshot_sender<T>, oneshot_receiver<T>> oneshot() {
  auto* s = new detail::oneshot_state<T>();
  return std::tuple<oneshot_sender<T>, oneshot_receiver<T>>(oneshot_sender<T>(s), oneshot_receiver<T>(s));
}

}  // namespace incan::rt

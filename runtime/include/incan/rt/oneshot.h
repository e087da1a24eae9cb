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
// Shared state = one atomic word + the value slot (16 bytes for an int64 payload, from
// the frame pool), freed by whichever side finishes second. The word holds three flag
// bits and, above them, the parked receiver's task (its waker; task headers are at
// least 8-aligned), so parking, sending and cancelling are single CASes:
//
//   VALUE       the value slot holds a sent value not yet taken (set together with
//               TX_DONE; cleared by the receiver when it moves the value out).
//   TX_DONE     the sender side is finished with the state (sent, or dropped unsent).
//   RX_DONE     the receiver handle is gone.
//   waker bits  non-zero: the parked receiver's task, holding one reference.
//
// Who touches what:
//   value slot  the sender before it sets VALUE; after that only the receiver (which
//               destroys it when taken, or when dropped with VALUE still set).
//   waker bits  set by the parking receiver (CAS that fails if VALUE|TX_DONE is set);
//               cleared either by the receiver withdrawing (cancellation: CAS that
//               fails if VALUE|TX_DONE is set) or by the sender's CAS setting TX_DONE,
//               which makes the sender the owner of that reference (it wakes it). Only
//               one of the two CASes can succeed.
//   freeing     the side whose RMW sets the second of TX_DONE / RX_DONE deletes the state.
//
// The parked receiver's wait point is the word itself (watch_word, task_header.h): a
// stale wake cannot resume it before VALUE or TX_DONE is set. So the awaiter is one
// word: the state pointer with bit 0 = parked.
//
// Memory orders: the sender's CAS setting VALUE|TX_DONE is acq_rel (release publishes
// the value; acquire makes the waker reference it takes over valid); the receiver's
// parking CAS is release (its add_ref happens before the sender's wake); every load
// before reading the value is acquire. The drops are acq_rel RMWs, so the deleting side
// sees all writes.
#pragma once

#include <coroutine>
#include <cstdint>
#include <new>
#include <tuple>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/channel_error.h"
#include "incan/rt/detail/frame_alloc.h"
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

inline constexpr std::uintptr_t k_os_value = 1u << 0;
inline constexpr std::uintptr_t k_os_tx_done = 1u << 1;
inline constexpr std::uintptr_t k_os_rx_done = 1u << 2;
inline constexpr std::uintptr_t k_os_flags = 7;
static_assert((k_os_value | k_os_tx_done) == k_watch_ready_bits, "the receiver's wait point is the word");

inline task_header* os_waker(std::uintptr_t w) noexcept { return reinterpret_cast<task_header*>(w & ~k_os_flags); }

template <class T>
struct oneshot_state {
  static void* operator new(std::size_t size) { return frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_free(p, size); }

  oneshot_state() noexcept {}
  oneshot_state(const oneshot_state&) = delete;
  oneshot_state& operator=(const oneshot_state&) = delete;
  ~oneshot_state() {}

  atomic<std::uintptr_t> word_{0};
  union {
    T value_;
  };
};

}  // namespace detail

// `await rx.recv()` on a oneshot.
template <class T>
class oneshot_recv_awaiter {
 public:
  explicit oneshot_recv_awaiter(detail::oneshot_state<T>* s) noexcept : s_(reinterpret_cast<std::uintptr_t>(s)) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  oneshot_recv_awaiter(oneshot_recv_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked()) detail::misuse("an awaiter was moved while it was parked");
  }
  oneshot_recv_awaiter(const oneshot_recv_awaiter&) = delete;
  oneshot_recv_awaiter& operator=(const oneshot_recv_awaiter&) = delete;
  ~oneshot_recv_awaiter() {
    if (!parked()) return;
    // Cancelled while parked: withdraw the waker unless the sender already owns it.
    detail::oneshot_state<T>* st = state();
    std::uintptr_t w = st->word_.load(detail::memory_order_relaxed);
    do {
      if ((w & (detail::k_os_value | detail::k_os_tx_done)) != 0) return;
    } while (!st->word_.compare_exchange_weak(w, w & detail::k_os_flags, detail::memory_order_acquire,
                                              detail::memory_order_relaxed));
    detail::release(detail::os_waker(w));
  }

  bool await_ready() const noexcept {
    if (s_ == 0) return true;
    // acquire: pairs with the sender's release CAS, so the value is visible.
    return (state()->word_.load(detail::memory_order_acquire) & (detail::k_os_value | detail::k_os_tx_done)) != 0;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    detail::task_header* t = detail::suspend_point(h);
    detail::oneshot_state<T>* st = state();
    detail::add_ref(t);
    std::uintptr_t w = st->word_.load(detail::memory_order_relaxed);
    do {
      if ((w & (detail::k_os_value | detail::k_os_tx_done)) != 0) {
        detail::release(t);  // we run t: never the last reference
        t->resume_point_ = nullptr;
        return false;
      }
      // release: our add_ref happens before the sender's wake; acquire on failure: a
      // value we then see is complete.
    } while (!st->word_.compare_exchange_weak(w, w | reinterpret_cast<std::uintptr_t>(t),
                                              detail::memory_order_release, detail::memory_order_acquire));
    t->wait_ = detail::watch_word(&st->word_);  // a stale wake cannot resume us early
    s_ |= 1u;
    return true;
  }
  result<T, recv_error> await_resume() {
    s_ &= ~std::uintptr_t{1};
    if (s_ != 0) {
      detail::oneshot_state<T>* st = state();
      if ((st->word_.load(detail::memory_order_acquire) & detail::k_os_value) != 0) {
        T v(std::move(st->value_));
        st->value_.~T();
        // relaxed: only the receiver reads VALUE once the sender is done.
        st->word_.fetch_and(~detail::k_os_value, detail::memory_order_relaxed);
        return result<T, recv_error>::ok(std::move(v));
      }
    }
    return result<T, recv_error>::err(recv_error());
  }

 private:
  bool parked() const noexcept { return (s_ & 1u) != 0; }
  detail::oneshot_state<T>* state() const noexcept {
    return reinterpret_cast<detail::oneshot_state<T>*>(s_ & ~std::uintptr_t{1});
  }

  std::uintptr_t s_;  // the state, bit 0: parked
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
    std::uintptr_t w = st->word_.load(detail::memory_order_acquire);
    do {
      if ((w & detail::k_os_rx_done) != 0) {
        T back(std::move(st->value_));
        st->value_.~T();
        return result<unit, T>::err(std::move(back));  // the handle stays; drop() frees
      }
    } while (!st->word_.compare_exchange_weak(w, (w & detail::k_os_flags) | detail::k_os_value | detail::k_os_tx_done,
                                              detail::memory_order_acq_rel, detail::memory_order_acquire));
    s_ = nullptr;  // the state may be freed by the receiver from here on
    if (detail::task_header* waker = detail::os_waker(w)) detail::wake_by_val(waker);
    return result<unit, T>::ok(unit{});
  }

 private:
  friend std::tuple<oneshot_sender<T>, oneshot_receiver<T>> oneshot<T>();
  explicit oneshot_sender(detail::oneshot_state<T>* s) noexcept : s_(s) {}

  void drop() noexcept {
    detail::oneshot_state<T>* st = std::exchange(s_, nullptr);
    if (st == nullptr) return;
    std::uintptr_t w = st->word_.load(detail::memory_order_acquire);
    while (!st->word_.compare_exchange_weak(w, (w & detail::k_os_flags) | detail::k_os_tx_done,
                                            detail::memory_order_acq_rel, detail::memory_order_acquire)) {
    }
    if ((w & detail::k_os_rx_done) != 0) {
      delete st;  // the receiver is gone and no value was ever stored
    } else if (detail::task_header* waker = detail::os_waker(w)) {
      detail::wake_by_val(waker);
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
    const std::uintptr_t w = st->word_.fetch_or(detail::k_os_rx_done, detail::memory_order_acq_rel);
    if ((w & detail::k_os_tx_done) == 0) return;  // the sender frees (or fails its send)
    if ((w & detail::k_os_value) != 0) st->value_.~T();
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

// std.async.channel MPSC channels: channel[T](n), unbounded_channel[T](), Sender,
// SenderPermit, Receiver (ASYNC.md section 6). Part of incan_rt.
//
//   tx, rx = channel[int](32)      auto [tx, rx] = incan::rt::channel<std::int64_t>(32);
//   await tx.send(v)               co_await tx.send(v)    -> result<unit, send_error<T>>
//   tx.try_send(v)                 tx.try_send(v)         -> result<unit, send_error<T>>
//   await tx.reserve()             co_await tx.reserve()  -> result<sender_permit<T>, send_error<unit>>
//   permit.send(v)                 permit.send(v)         -> result<unit, send_error<T>>
//   tx.is_closed() / tx.clone()    tx.is_closed() / tx.clone() (or any copy of tx)
//   await rx.recv()                co_await rx.recv()     -> option<T>
//   rx.try_recv() / rx.close()     rx.try_recv() -> option<T> / rx.close() -> bool
//
// sender<T> and receiver<T> are handles: copies share the channel (a copy of a sender is
// another producer; copies of a receiver compete for messages). The channel finishes
// (recv gives None) once every sender copy and permit is gone, or close() was called,
// and the queue is drained. sender_permit<T> is move-only; dropping it unused returns
// its slot. The shared state and its locking rules: detail/channel_state.h (send, recv,
// try_send and try_recv first try its lock-free ring; the lock is taken to park, to
// hand off to / admit a parked awaiter, and whenever something waits, a bounded
// channel's permit is out or the channel is closed; reserve and permits always take it).
//
// Awaiters (send_awaiter, reserve_awaiter, recv_awaiter) are awaited in place by
// generated code; they may be moved only before being awaited (timeout() does). Cancellation contracts (ASYNC.md section 3):
//   send     cancel-safe-but-lossy: a destroyed parked send withdraws; its value is dropped.
//   reserve  cancel-safe (a slot granted to a cancelled reserve is returned).
//   recv     cancel-safe: a value handed to a cancelled recv goes back to the queue front.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

#include "incan/core/option.h"
#include "incan/core/result.h"
#include "incan/core/unit.h"
#include "incan/rt/channel_error.h"
#include "incan/rt/detail/channel_state.h"
#include "incan/rt/detail/promise.h"

namespace incan::rt {

template <class T>
class sender;
template <class T>
class receiver;
template <class T>
class sender_permit;

namespace detail {
// await_suspend of send / reserve after their slow path: parked -> stay suspended;
// done / closed -> record the status and resume at once.
inline bool chan_suspend(chan_op op, task_header* t, bool& parked, std::uint8_t& status) noexcept {
  if (op == chan_op::parked) {
    parked = true;
    return true;
  }
  status = op == chan_op::done ? k_chan_ok : k_chan_closed;
  t->resume_point_ = nullptr;
  return false;
}
}  // namespace detail

// `await tx.send(v)`. await_ready tries the lock-free path; await_suspend completes
// or parks under the lock.
template <class T>
class send_awaiter {
 public:
  send_awaiter(detail::chan_state<T>* s, T&& v) : s_(s) { node_.put(std::move(v)); }
  // Movable only before it is awaited (e.g. into a timeout's task).
  send_awaiter(send_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
    if (o.node_.has_value) node_.put(o.node_.take());
  }
  send_awaiter(const send_awaiter&) = delete;
  send_awaiter& operator=(const send_awaiter&) = delete;
  ~send_awaiter() {
    if (parked_) s_->cancel_sender(node_);
  }

  bool await_ready() noexcept {
    if (s_->tail_owned_hint() || !s_->send_fast(node_.value)) return false;
    node_.reset();
    status_ = detail::k_chan_ok;
    return true;
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    return detail::chan_suspend(s_->send_slow(node_, t), t, parked_, status_);
  }
  result<unit, send_error<T>> await_resume() {
    if (parked_) {
      parked_ = false;
      status_ = node_.status;
    }
    if (status_ == detail::k_chan_ok) return result<unit, send_error<T>>::ok(unit{});
    return result<unit, send_error<T>>::err(send_error<T>(node_.take()));
  }

 private:
  detail::chan_state<T>* s_;
  detail::value_node<T> node_;
  std::uint8_t status_ = 0;
  bool parked_ = false;
};

// `await tx.reserve()` (always under the lock).
template <class T>
class reserve_awaiter {
 public:
  explicit reserve_awaiter(detail::chan_state<T>* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  reserve_awaiter(reserve_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  reserve_awaiter(const reserve_awaiter&) = delete;
  reserve_awaiter& operator=(const reserve_awaiter&) = delete;
  ~reserve_awaiter() {
    if (parked_) s_->cancel_sender(node_);
  }

  bool await_ready() noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    return detail::chan_suspend(s_->reserve_slow(node_, t), t, parked_, status_);
  }
  result<sender_permit<T>, send_error<unit>> await_resume();

 private:
  detail::chan_state<T>* s_;
  detail::wait_node node_;
  std::uint8_t status_ = 0;
  bool parked_ = false;
};

// `await rx.recv()`. await_ready tries the lock-free path; await_suspend completes
// (value or None) or parks under the lock.
template <class T>
class recv_awaiter {
 public:
  explicit recv_awaiter(detail::chan_state<T>* s) noexcept : s_(s) {}
  // Movable only before it is awaited (e.g. into a timeout's task).
  recv_awaiter(recv_awaiter&& o) noexcept : s_(o.s_) {
    if (o.parked_) detail::misuse("an awaiter was moved while it was parked");
  }
  recv_awaiter(const recv_awaiter&) = delete;
  recv_awaiter& operator=(const recv_awaiter&) = delete;
  ~recv_awaiter() {
    if (parked_) s_->cancel_receiver(node_);
  }

  bool await_ready() noexcept { return s_->try_pop(node_); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    if (s_->recv_slow(node_, t) == detail::chan_op::parked) {
      parked_ = true;
      return true;
    }
    t->resume_point_ = nullptr;  // done (node_ holds the value) or finished (None)
    return false;
  }
  option<T> await_resume() {
    if (node_.has_value) {
      if (parked_) {
        parked_ = false;
        s_->consume_in_flight();
      }
      return option<T>::some(node_.take());
    }
    parked_ = false;
    return none;
  }

 private:
  detail::chan_state<T>* s_;
  detail::value_node<T> node_;
  bool parked_ = false;
};

// SenderPermit[T]: one reserved slot (bounded) or one pending send (unbounded). Move-only.
template <class T>
class sender_permit {
 public:
  sender_permit() noexcept = default;
  sender_permit(sender_permit&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  sender_permit& operator=(sender_permit&& o) noexcept {
    if (this != &o) {
      reset();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  sender_permit(const sender_permit&) = delete;
  sender_permit& operator=(const sender_permit&) = delete;
  ~sender_permit() { reset(); }

  // Sends `v` through the reserved slot (never waits). Err(v) if the permit was already
  // used, or the channel can no longer deliver (every receiver gone; unbounded: closed).
  result<unit, send_error<T>> send(T v) {
    if (s_ == nullptr) return result<unit, send_error<T>>::err(send_error<T>(std::move(v)));
    struct release_on_exit {  // also when permit_send throws (a T whose move may throw)
      detail::chan_state<T>* s;
      ~release_on_exit() { s->release_ref(); }
    } hold{std::exchange(s_, nullptr)};
    const bool ok = hold.s->permit_send(v);
    if (ok) return result<unit, send_error<T>>::ok(unit{});
    return result<unit, send_error<T>>::err(send_error<T>(std::move(v)));
  }
  bool valid() const noexcept { return s_ != nullptr; }

 private:
  friend class reserve_awaiter<T>;
  explicit sender_permit(detail::chan_state<T>* s) noexcept : s_(s) { s_->add_ref(); }
  void reset() {
    if (s_ == nullptr) return;
    detail::chan_state<T>* s = std::exchange(s_, nullptr);
    s->permit_drop();
    s->release_ref();
  }

  detail::chan_state<T>* s_ = nullptr;
};

template <class T>
result<sender_permit<T>, send_error<unit>> reserve_awaiter<T>::await_resume() {
  if (parked_) {
    parked_ = false;
    status_ = node_.status;
  }
  if (status_ == detail::k_chan_ok) return result<sender_permit<T>, send_error<unit>>::ok(sender_permit<T>(s_));
  return result<sender_permit<T>, send_error<unit>>::err(send_error<unit>(unit{}));
}

// Sender[T]: a producer handle. Copies (clone) are further producers of the same channel.
template <class T>
class sender {
 public:
  sender(const sender& o) noexcept : s_(o.s_) {
    if (s_ != nullptr) s_->add_sender();
  }
  sender(sender&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  sender& operator=(sender o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~sender() {
    if (s_ != nullptr) s_->drop_sender();
  }

  // Waits for capacity (bounded, FIFO among waiting senders), then enqueues `v`.
  // Err(send_error(v)) if the channel is closed.
  send_awaiter<T> send(T v) const { return send_awaiter<T>(s_, std::move(v)); }
  // Enqueues `v` if that is possible right now; Err(send_error(v)) if full or closed.
  result<unit, send_error<T>> try_send(T v) const {
    if (s_->try_push(v) == detail::chan_state<T>::push_result::pushed ||
        s_->try_send_slow(v) == detail::chan_op::done) {
      return result<unit, send_error<T>>::ok(unit{});
    }
    return result<unit, send_error<T>>::err(send_error<T>(std::move(v)));
  }
  // Waits for one slot and returns it as a permit (unbounded: at once).
  reserve_awaiter<T> reserve() const { return reserve_awaiter<T>(s_); }
  // The receiving side is gone or closed.
  bool is_closed() const noexcept { return s_->is_closed(); }
  sender clone() const { return sender(*this); }

 private:
  template <class U>
  friend std::tuple<sender<U>, receiver<U>> channel(std::int64_t);
  template <class U>
  friend std::tuple<sender<U>, receiver<U>> unbounded_channel();
  explicit sender(detail::chan_state<T>* s) noexcept : s_(s) {}

  detail::chan_state<T>* s_;
};

// Receiver[T]: the consumer handle; copies share (and compete for) one queue.
template <class T>
class receiver {
 public:
  receiver(const receiver& o) noexcept : s_(o.s_) {
    if (s_ != nullptr) s_->add_receiver();
  }
  receiver(receiver&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  receiver& operator=(receiver o) noexcept {
    std::swap(s_, o.s_);
    return *this;
  }
  ~receiver() {
    if (s_ != nullptr) s_->drop_receiver();
  }

  // The next message in FIFO order, waiting while the queue is empty; None once the
  // channel is closed (or every sender gone) and drained.
  recv_awaiter<T> recv() const { return recv_awaiter<T>(s_); }
  // A message if one is buffered right now, else None.
  option<T> try_recv() const {
    detail::value_node<T> n;
    if (s_->try_pop(n) || s_->recv_slow(n, nullptr) == detail::chan_op::done) return option<T>::some(n.take());
    return none;
  }
  // Stops accepting sends; buffered messages can still be received. False (nothing
  // changes) while another copy of this receiver is parked in recv().
  bool close() const { return s_->close(); }

 private:
  template <class U>
  friend std::tuple<sender<U>, receiver<U>> channel(std::int64_t);
  template <class U>
  friend std::tuple<sender<U>, receiver<U>> unbounded_channel();
  explicit receiver(detail::chan_state<T>* s) noexcept : s_(s) {}

  detail::chan_state<T>* s_;
};

// A bounded channel of capacity `buffer` (<= 0 means 1).
template <class T>
std::tuple<sender<T>, receiver<T>> channel(std::int64_t buffer) {
  auto* s = new detail::chan_state<T>(buffer <= 0 ? 1 : static_cast<std::size_t>(buffer));
  return std::tuple<sender<T>, receiver<T>>(sender<T>(s), receiver<T>(s));
}

// An unbounded channel: send never waits.
template <class T>
std::tuple<sender<T>, receiver<T>> unbounded_channel() {
  auto* s = new detail::chan_state<T>(0);
  return std::tuple<sender<T>, receiver<T>>(sender<T>(s), receiver<T>(s));
}

}  // namespace incan::rt

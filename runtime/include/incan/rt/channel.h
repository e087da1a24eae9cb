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
// its slot. The shared state and its locking rules: detail/channel_state.h.
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

// `await tx.send(v)`.
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
    if (parked_) {
      detail::wake_batch w;
      detail::spin_guard g(s_->lock());
      s_->cancel_sender(node_, w);
    }
  }

  bool await_ready() {
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    return try_complete(w);
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    if (try_complete(w)) {
      t->resume_point_ = nullptr;
      return false;
    }
    s_->park_sender(node_, t, detail::k_chan_send);
    parked_ = true;
    return true;
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
  bool try_complete(detail::wake_batch& w) {
    if (s_->closed()) {
      status_ = detail::k_chan_closed;
      return true;
    }
    if (!s_->can_send_now()) return false;
    s_->deliver(node_.take(), w);
    status_ = detail::k_chan_ok;
    return true;
  }

  detail::chan_state<T>* s_;
  detail::value_node<T> node_;
  std::uint8_t status_ = 0;
  bool parked_ = false;
};

// `await tx.reserve()`.
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
    if (parked_) {
      detail::wake_batch w;
      detail::spin_guard g(s_->lock());
      s_->cancel_sender(node_, w);
    }
  }

  bool await_ready() {
    detail::spin_guard g(s_->lock());
    return try_complete();
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    detail::spin_guard g(s_->lock());
    if (try_complete()) {
      t->resume_point_ = nullptr;
      return false;
    }
    s_->park_sender(node_, t, detail::k_chan_reserve);
    parked_ = true;
    return true;
  }
  result<sender_permit<T>, send_error<unit>> await_resume();

 private:
  bool try_complete() {
    if (s_->closed()) {
      status_ = detail::k_chan_closed;
      return true;
    }
    if (!s_->can_send_now()) return false;
    s_->grant_permit();
    status_ = detail::k_chan_ok;
    return true;
  }

  detail::chan_state<T>* s_;
  detail::wait_node node_;
  std::uint8_t status_ = 0;
  bool parked_ = false;
};

// `await rx.recv()`.
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
    if (parked_) {
      detail::wake_batch w;
      detail::spin_guard g(s_->lock());
      s_->cancel_receiver(node_, w);
    }
  }

  bool await_ready() {
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    return try_complete(w);
  }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::task_header* t = detail::suspend_point(h);
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    if (try_complete(w)) {
      t->resume_point_ = nullptr;
      return false;
    }
    s_->park_receiver(node_, t);
    parked_ = true;
    return true;
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
  bool try_complete(detail::wake_batch& w) {
    if (s_->has_buffered()) {
      node_.put(s_->pop(w));
      return true;
    }
    return s_->finished();
  }

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
    detail::chan_state<T>* s = std::exchange(s_, nullptr);
    bool ok;
    {
      detail::wake_batch w;
      detail::spin_guard g(s->lock());
      ok = s->bounded() ? s->has_receivers() : !s->closed();
      if (ok) {
        s->use_permit(std::move(v), w);
      } else {
        s->return_permit(w);
      }
    }
    s->release_ref();
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
    {
      detail::wake_batch w;
      detail::spin_guard g(s->lock());
      s->return_permit(w);
    }
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
    {
      detail::wake_batch w;
      detail::spin_guard g(s_->lock());
      if (!s_->closed() && s_->can_send_now()) {
        s_->deliver(std::move(v), w);
        return result<unit, send_error<T>>::ok(unit{});
      }
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
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    if (!s_->has_buffered()) return none;
    return option<T>::some(s_->pop(w));
  }
  // Stops accepting sends; buffered messages can still be received. False (nothing
  // changes) while another copy of this receiver is parked in recv().
  bool close() const {
    detail::wake_batch w;
    detail::spin_guard g(s_->lock());
    return s_->close(w);
  }

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

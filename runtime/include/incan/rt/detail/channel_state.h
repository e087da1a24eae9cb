// The shared state of an MPSC channel (bounded or unbounded). Part of incan_rt (sync
// layer); the handles and awaiters are in incan/rt/channel.h.
//
// Design
// ======
// One spin lock (detail/wait_list.h) guards everything below except the three atomic
// counters. Critical sections move one value and a few counters; wakes happen after
// unlocking (wake_batch).
//
//   queue_      FIFO of buffered values (a growable power-of-two ring).
//   cap_        capacity, 0 = unbounded. Bounded invariant: a send or a reservation
//               completes only while queue_.size() + reserved_ < cap_ (a cancelled recv may
//               push its value back at the front and briefly exceed it).
//   reserved_   bounded: slots held by live permits.
//   permits_    live permits (both kinds); a permit can still send after every sender
//               handle is gone.
//   senders_    parked send / reserve awaiters, FIFO (wait_node::kind = k_send/k_reserve).
//               Non-empty only for bounded channels that are full.
//   receivers_  parked recv awaiters, FIFO. Invariant: receivers_ non-empty => queue_ empty
//               (a value arriving while a receiver is parked goes straight into that
//               receiver's node).
//   closed_     close() was called or every receiver is gone: sends fail, buffered values
//               can still be received (unless every receiver is gone: then they are dropped).
//   closed_flag_  mirror of closed_ for is_closed() (written under the lock, read relaxed).
//   in_flight_  values handed to parked receivers whose recv has not resumed yet. Such a
//               value can still come back (the recv is cancelled: it returns to the queue
//               front), so the channel is not "finished" while any is in flight. Raised
//               under the lock; lowered by the resumed receiver without the lock
//               (consume_in_flight), or under the lock when a cancelled recv gives it back.
//   tx_count_, rx_count_  live sender / receiver handles (atomic: cloning takes no lock;
//               the thread that brings one to 0 then takes the lock to act on it).
//   refs_       handles + permits alive; the last release deletes the state.
//
// Hand-offs (all under the lock, the woken task is woken after unlocking):
//   send    -> parked receiver: the value moves into the receiver's node (status ok).
//   recv    -> parked sender:   after popping, the head send waiter's value moves to the
//              back of the queue (status ok), or the head reserve waiter gets the freed
//              slot as a permit (status ok). FIFO among waiting senders.
//   "finished" (recv returns None) = queue empty, no live permit, no value in flight,
//              and (no sender handle or closed). Whoever makes it true (last sender
//              drop, last permit used or dropped, last in-flight value consumed) wakes
//              every parked receiver with status closed.
// Cancellation (destroyed awaiter, see wait_list.h): a parked send/reserve/recv is
// unlinked; a recv whose node already holds a value pushes it back to the front of the
// queue (or to the next parked receiver): nothing is lost; a reserve that was already
// granted returns its slot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "incan/rt/detail/wait_list.h"

namespace incan::rt::detail {

// Growable ring of T (power-of-two capacity). Not thread-safe; guarded by its owner.
template <class T>
class ring {
 public:
  ring() = default;
  explicit ring(std::size_t reserve) { if (reserve > 0) grow(reserve); }
  ring(ring&& o) noexcept
      : buf_(std::exchange(o.buf_, nullptr)), mask_(std::exchange(o.mask_, 0)),
        head_(std::exchange(o.head_, 0)), len_(std::exchange(o.len_, 0)) {}
  ring(const ring&) = delete;
  ring& operator=(const ring&) = delete;
  void swap(ring& o) noexcept {
    std::swap(buf_, o.buf_);
    std::swap(mask_, o.mask_);
    std::swap(head_, o.head_);
    std::swap(len_, o.len_);
  }
  ~ring() {
    while (len_ > 0) pop_front();
    ::operator delete(buf_);
  }

  std::size_t size() const noexcept { return len_; }
  bool empty() const noexcept { return len_ == 0; }

  void push_back(T&& v) {
    if (buf_ == nullptr || len_ == mask_ + 1) grow(len_ + 1);
    ::new (static_cast<void*>(buf_ + ((head_ + len_) & mask_))) T(std::move(v));
    ++len_;
  }
  void push_front(T&& v) {
    if (buf_ == nullptr || len_ == mask_ + 1) grow(len_ + 1);
    const std::size_t h = (head_ - 1) & mask_;
    ::new (static_cast<void*>(buf_ + h)) T(std::move(v));
    head_ = h;
    ++len_;
  }
  T pop_front() {
    T* p = buf_ + head_;
    T v(std::move(*p));
    p->~T();
    head_ = (head_ + 1) & mask_;
    --len_;
    return v;
  }

 private:
  void grow(std::size_t at_least) {
    std::size_t cap = buf_ == nullptr ? 8 : (mask_ + 1) * 2;
    while (cap < at_least) cap *= 2;
    T* nb = static_cast<T*>(::operator new(sizeof(T) * cap));
    for (std::size_t i = 0; i < len_; ++i) {
      T* p = buf_ + ((head_ + i) & mask_);
      ::new (static_cast<void*>(nb + i)) T(std::move(*p));
      p->~T();
    }
    ::operator delete(buf_);
    buf_ = nb;
    mask_ = cap - 1;
    head_ = 0;
  }

  T* buf_ = nullptr;
  std::size_t mask_ = 0;
  std::size_t head_ = 0;
  std::size_t len_ = 0;
};

inline constexpr std::uint8_t k_chan_ok = 1;      // value taken / permit granted / value delivered
inline constexpr std::uint8_t k_chan_closed = 2;  // the channel closed (or finished) meanwhile
inline constexpr std::uint8_t k_chan_send = 0;    // wait_node::kind on senders_
inline constexpr std::uint8_t k_chan_reserve = 1;

// A node carrying one optional T (a parked sender's value, a parked receiver's slot).
template <class T>
struct value_node : wait_node {
  value_node() noexcept {}
  value_node(const value_node&) = delete;
  value_node& operator=(const value_node&) = delete;
  ~value_node() { reset(); }

  template <class U>
  void put(U&& v) {
    ::new (static_cast<void*>(&value)) T(std::forward<U>(v));
    has_value = true;
  }
  T take() {
    T v(std::move(value));
    reset();
    return v;
  }
  void reset() noexcept {
    if (has_value) {
      value.~T();
      has_value = false;
    }
  }

  union {
    T value;
  };
  bool has_value = false;
};

template <class T>
class chan_state {
 public:
  explicit chan_state(std::size_t cap) : queue_(cap == 0 || cap > 1024 ? 0 : cap), cap_(cap) {}

  // ---- handles ----
  void add_ref() noexcept { refs_.fetch_add(1, memory_order_relaxed); }
  void release_ref() noexcept {
    // acq_rel: the deleting thread sees every other holder's writes.
    if (refs_.fetch_sub(1, memory_order_acq_rel) == 1) delete this;
  }
  void add_sender() noexcept {
    tx_count_.fetch_add(1, memory_order_relaxed);
    add_ref();
  }
  void drop_sender() {
    // seq_cst: pairs with consume_in_flight() (see in_flight_).
    if (tx_count_.fetch_sub(1, memory_order_seq_cst) == 1) {
      wake_batch w;
      {
        spin_guard g(lock_);
        if (finished()) wake_all_receivers(w);
      }
    }
    release_ref();
  }
  void add_receiver() noexcept {
    rx_count_.fetch_add(1, memory_order_relaxed);
    add_ref();
  }
  void drop_receiver() {
    if (rx_count_.fetch_sub(1, memory_order_acq_rel) == 1) {
      ring<T> dropped;
      {
        wake_batch w;
        {
          spin_guard g(lock_);
          set_closed();
          fail_all_senders(w);
          dropped.swap(queue_);  // nobody can receive them any more
        }
      }  // wakes before destroying the dropped values (user destructors, no lock held)
    }
    release_ref();
  }
  bool is_closed() const noexcept { return closed_flag_.load(memory_order_relaxed); }
  bool bounded() const noexcept { return cap_ != 0; }

  // ---- under the lock ----
  spin_lock& lock() noexcept { return lock_; }

  bool closed() const noexcept { return closed_; }
  bool has_capacity() const noexcept { return cap_ == 0 || queue_.size() + reserved_ < cap_; }
  // A send or reserve may complete at once (no earlier sender is waiting).
  bool can_send_now() const noexcept { return senders_.empty() && has_capacity(); }
  bool finished() const noexcept {
    return queue_.empty() && permits_ == 0 && in_flight_.load(memory_order_seq_cst) == 0 &&
           (closed_ || tx_count_.load(memory_order_seq_cst) == 0);
  }

  // A parked receiver resumed with a value handed to it: that value is no longer in
  // flight. If the channel is (nearly) finished, the parked receivers may now be due
  // their None. No lock on the common path (channel still open).
  void consume_in_flight() {
    // seq_cst (all four accesses): either this thread sees the last sender gone / the
    // close, or drop_sender()/finished() sees in_flight_ == 0; never neither.
    if (in_flight_.fetch_sub(1, memory_order_seq_cst) == 1 &&
        (closed_flag_.load(memory_order_seq_cst) || tx_count_.load(memory_order_seq_cst) == 0)) {
      wake_batch w;
      spin_guard g(lock_);
      if (finished()) wake_all_receivers(w);
    }
  }

  // Puts `v` into the channel: to the head parked receiver, else at the back of the queue.
  template <class U>
  void deliver(U&& v, wake_batch& w) {
    if (!receivers_.empty()) {
      auto* r = static_cast<value_node<T>*>(receivers_.front());
      r->put(std::forward<U>(v));
      in_flight_.fetch_add(1, memory_order_relaxed);  // under the lock
      w.add(receivers_.pop_front(k_chan_ok));
    } else {
      queue_.push_back(std::forward<U>(v));
    }
  }

  bool has_buffered() const noexcept { return !queue_.empty(); }
  // Pops the oldest buffered value and lets the head waiting sender(s) into the freed slot.
  T pop(wake_batch& w) {
    T v = queue_.pop_front();
    admit_senders(w);
    return v;
  }

  // A permit: takes / returns a slot.
  void grant_permit() noexcept {
    ++permits_;
    if (cap_ != 0) ++reserved_;
  }
  void return_permit(wake_batch& w) {
    --permits_;
    if (cap_ != 0) {
      --reserved_;
      admit_senders(w);
    }
    if (finished()) wake_all_receivers(w);
  }

  // A permit sends: its slot now holds `v`.
  void use_permit(T&& v, wake_batch& w) {
    --permits_;
    if (cap_ != 0) --reserved_;
    deliver(std::move(v), w);
    if (cap_ != 0) admit_senders(w);
    if (finished()) wake_all_receivers(w);
  }
  bool has_receivers() const noexcept { return rx_count_.load(memory_order_acquire) != 0; }

  void park_sender(wait_node& n, task_header* t, std::uint8_t kind) noexcept {
    n.kind = kind;
    senders_.park(n, t);
  }
  void park_receiver(wait_node& n, task_header* t) noexcept { receivers_.park(n, t); }

  // rx.close(): false while a receiver is parked in recv.
  bool close(wake_batch& w) {
    if (!receivers_.empty()) return false;
    set_closed();
    fail_all_senders(w);
    return true;
  }

  // Cancellation of parked awaiters (caller holds the lock).
  void cancel_sender(wait_node& n, wake_batch& w) {
    if (n.linked) {
      senders_.withdraw(n);
    } else if (n.kind == k_chan_reserve && n.status == k_chan_ok) {
      return_permit(w);  // granted but never handed to the task: give the slot back
    }
  }
  void cancel_receiver(value_node<T>& n, wake_batch& w) {
    if (n.linked) {
      receivers_.withdraw(n);
    } else if (n.has_value) {
      // A value was delivered but the recv never completed: it goes back first in line.
      if (!receivers_.empty()) {
        auto* r = static_cast<value_node<T>*>(receivers_.front());
        r->put(n.take());
        w.add(receivers_.pop_front(k_chan_ok));
      } else {
        queue_.push_front(n.take());
        in_flight_.fetch_sub(1, memory_order_relaxed);  // back in the queue (under the lock)
      }
    }
  }

 private:
  ~chan_state() = default;

  void set_closed() noexcept {
    closed_ = true;
    closed_flag_.store(true, memory_order_seq_cst);
  }
  void admit_senders(wake_batch& w) {
    while (!senders_.empty() && has_capacity()) {
      wait_node* n = senders_.front();
      if (n->kind == k_chan_send) {
        // Via deliver: a receiver may be parked here when permits held every slot.
        T v = static_cast<value_node<T>*>(n)->take();
        w.add(senders_.pop_front(k_chan_ok));
        deliver(std::move(v), w);
        continue;
      } else {
        grant_permit();
      }
      w.add(senders_.pop_front(k_chan_ok));
    }
  }
  void fail_all_senders(wake_batch& w) {
    while (!senders_.empty()) w.add(senders_.pop_front(k_chan_closed));
  }
  void wake_all_receivers(wake_batch& w) {
    while (!receivers_.empty()) w.add(receivers_.pop_front(k_chan_closed));
  }

  spin_lock lock_;
  ring<T> queue_;
  const std::size_t cap_;
  std::size_t reserved_ = 0;
  std::size_t permits_ = 0;
  wait_list senders_;
  wait_list receivers_;
  bool closed_ = false;
  atomic<bool> closed_flag_{false};
  atomic<std::size_t> in_flight_{0};
  atomic<std::size_t> tx_count_{1};
  atomic<std::size_t> rx_count_{1};
  atomic<std::size_t> refs_{2};
};

}  // namespace incan::rt::detail

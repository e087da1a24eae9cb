// The shared state of an MPSC channel (bounded or unbounded). Part of incan_rt (sync
// layer); the handles and awaiters are in incan/rt/channel.h.
//
// Design
// ======
// Buffered values live in a fixed ring of cells that senders and receivers use without
// the lock while nothing is waiting (the fast path); everything else -- parked senders
// and receivers, permits, close, values pushed back by a cancelled recv, values that do
// not fit in the ring -- is decided under one spin lock (detail/wait_list.h), the slow
// path. Critical sections move a few values and counters; wakes happen after unlocking
// (wake_batch). The fast path is what a busy channel runs: a send and a recv touch only
// the cell and their own end's word, so a producer on one core and a consumer on the
// other share cache lines only through the cells (several per line), not per message.
//
// The ring (lock-free part; sequence-numbered cells):
//   cells_      size_ cells; size_ = cap for bounded channels up to k_chan_ring_max,
//               k_chan_ring_max for larger ones, k_chan_ring_unbounded for unbounded
//               ones. Position p (a 64-bit counter that never wraps) uses cell p % size_.
//               cell.seq (atomic) says what the cell holds for position p:
//                 2p      free: a sender may claim position p,
//                 2p + 1  the value of position p is published: a receiver may claim it.
//               A receiver that took position p's value stores 2(p + size_) (free for the
//               next lap). Writers of seq use release, readers acquire: the value's
//               construction / destruction in the cell happens-before whoever sees the
//               next seq.
//   tail_       (atomic) 2 * next send position | OWNED bit.  Senders claim a position by
//   head_       (atomic) 2 * next recv position | OWNED bit.  CAS on their end's word.
//               The two words sit on cache lines of their own (false sharing).
//   Fast send: tail_ without OWNED, cell free for p -> CAS tail_ p -> p + 1, construct
//               the value, seq = 2p + 1. Fast recv: head_ without OWNED, seq == 2p + 1
//               -> CAS head_, move the value out, seq = 2(p + size_). A cell that is not
//               free / not published, an OWNED bit, or a T whose move may throw sends
//               the operation to the slow path. (CASes are relaxed: the claim needs only
//               the word's modification order; the data travels through seq.)
//   OWNED       set (fetch_or, acq_rel) and cleared (store) only under the lock. While
//               set, no fast-path CAS on that word can succeed (a CAS that loaded the
//               word before the bit was set compares against a different value), so only
//               lock holders move that end (plain stores of the word). The fetch_or
//               returns the exact position: every claim before it is counted, although
//               such a claim may still be writing its cell ("in progress": a claimed
//               position whose seq has not been stored yet); a lock holder that needs
//               that cell spins (chan_spin) for the few instructions the claimant has
//               left, as it would for a spin lock.
//   update_owned() runs at the end of every critical section (except the two shortcuts in
//   send_slow / recv_slow, which change nothing it acts on) and keeps:
//     tail OWNED <=  closed_ || senders_ or receivers_ non-empty || reserved_ > 0 ||
//                    stash_ or overflow_ non-empty || T's move may throw
//                    (sends must go through the lock: to fail, to hand off to a parked
//                    receiver, to queue behind parked senders, to respect reserved slots
//                    and the capacity used by stash_/overflow_, to keep FIFO behind
//                    overflow_),
//                    and clears it otherwise, except once after a hand-off to a parked
//                    receiver (keep_tail_): a receiver that was handed a value usually
//                    parks again right after (ping-pong, request/reply), and re-owning the
//                    tail (fetch_or) and clearing it (store) for every message cost ~8%
//                    there. An OWNED bit that is not needed only sends sends to the lock.
//     head OWNED <=> senders_ non-empty || stash_ non-empty || T's move may throw
//                    (a recv must admit a parked sender into the slot it frees, or take
//                    the pushed-back value first).
//   Parking without lost wake-ups: a receiver parks only after owning the tail (so every
//   later send sees the bit and takes the lock) and finding head == tail; a sender parks
//   only after owning both ends and finding the channel full with the exact head (or,
//   with receivers parked, the ring is empty and every slot is reserved by permits; the
//   head is owned by update_owned before unlocking). So the operation that could
//   complete the waiter always reaches the lock. close() and the last receiver drop own
//   the tail before closed becomes visible, so no fast send completes after is_closed().
//   Full ring, nobody waiting (spin_push, send only, never try_send): before parking, a
//   send waits a little (bounded, relaxed polls of the tail word and two cells) if the
//   receiver visibly frees cells, for a run of size_ / 8 free cells. Measured on the
//   mpsc benchmark (4 producers, cap 1024, 2 workers): parking at once made 22% of the
//   sends park and each recv admit-and-wake one of them (1.1 s for 10M); waiting for the
//   freed cell alone, 0.44 s (cell lines moved between the cores once per message);
//   waiting for a run, 0.23 s. A receiver that is not running costs a send about 5 polls.
//   try_pop prefetches for writing the cell k_prefetch_ahead positions on, so that the
//   receiver takes that line exclusively at once instead of reading it (shared with
//   the sender) and then upgrading it for the seq store.
//
// Slow-path state (under the lock):
//   stash_      values pushed back by cancelled recvs; they come before the ring.
//   overflow_   values behind the ring (bounded cap > size_, or unbounded, once the ring
//               is full); a recv that finds the ring empty moves them into it (refill).
//   cap_        capacity, 0 = unbounded. Bounded invariant: a send or a reservation
//               completes only while used() = (tail - head) + stash + overflow +
//               reserved_ < cap_ (a cancelled recv may push its value back and briefly
//               exceed it). With cap_ <= size_ the fast path's "cell free" test is this
//               test (reserved_, stash_, overflow_ are 0 while the tail is not OWNED).
//   reserved_   bounded: slots held by live permits.
//   permits_    live permits (both kinds); a permit can still send after every sender
//               handle is gone.
//   senders_    parked send / reserve awaiters, FIFO (wait_node::kind = k_send/k_reserve).
//               Non-empty only for bounded channels that are full.
//   receivers_  parked recv awaiters, FIFO. Invariant: receivers_ non-empty => nothing
//               buffered (a value sent while a receiver is parked goes straight into that
//               receiver's node; the owned tail routes every send through the lock).
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
//              slot as a permit (status ok). FIFO among waiting senders (while one
//              waits, the tail is OWNED, so no send overtakes it on the fast path).
//   "finished" (recv returns None) = nothing buffered, no live permit, no value in
//              flight, and (no sender handle or closed). Whoever makes it true (last
//              sender drop, last permit used or dropped, last in-flight value consumed)
//              wakes every parked receiver with status closed.
// Cancellation (destroyed awaiter, see wait_list.h): a parked send/reserve/recv is
// unlinked; a recv whose node already holds a value pushes it back to the front of the
// queue (stash_, or the next parked receiver): nothing is lost; a reserve that was
// already granted returns its slot.
//
// Memory orders: cell seq release/acquire (above); tail_/head_ CAS relaxed, fetch_or
// acq_rel, stores under the lock release/relaxed (no data is published through the
// words); the lock itself orders everything else. in_flight_/tx_count_/closed_flag_ as
// commented at consume_in_flight().
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

// Ring cells: a bounded channel gets min(cap, k_chan_ring_max), an unbounded one
// k_chan_ring_unbounded (allocated with the channel; the rest goes to overflow_).
inline constexpr std::size_t k_chan_ring_max = 1024;
inline constexpr std::size_t k_chan_ring_unbounded = 32;

// Outcome of a slow-path channel operation.
enum class chan_op : std::uint8_t {
  done,     // sent / received / permit granted
  closed,   // send: closed; recv: finished (None)
  refused,  // try_*: full (send) or empty (recv); nothing changed
  parked,   // the awaiter's node is linked; its task is woken when it is served
};

// Spins for another thread's claimed-but-unfinished cell (a few instructions unless
// that thread was preempted: then give the CPU away).
inline void chan_spin(unsigned& n) noexcept {
  if (++n < 128) {
    cpu_relax();
  } else {
    spin_yield();
    n = 0;
  }
}

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

// One ring cell: the sequence word and storage for one T (see "The ring").
template <class T>
struct chan_cell {
  explicit chan_cell(std::uint64_t s) noexcept : seq(s) {}
  chan_cell(const chan_cell&) = delete;
  chan_cell& operator=(const chan_cell&) = delete;
  ~chan_cell() {}

  atomic<std::uint64_t> seq;
  union {
    T value;
  };
};

template <class T>
class chan_state {
  // A T whose move may throw never uses the fast path (a claimed cell must always be
  // published): both ends stay OWNED and every operation takes the lock.
  static constexpr bool k_lock_free = std::is_nothrow_move_constructible_v<T>;
  static constexpr std::uint64_t k_owned = 1;  // bit 0 of tail_ / head_
  static constexpr std::uint64_t k_step = 2;   // one position in tail_ / head_
  static constexpr unsigned k_spin_idle = 4;    // spin_push: polls without progress (~25 ns each)
  static constexpr unsigned k_spin_polls = 64;  // spin_push: polls in all (~2 us at most)
  static constexpr std::uint64_t k_prefetch_ahead = 16;  // try_pop: cells ahead to prefetch
  static constexpr std::size_t k_cell_align = alignof(chan_cell<T>) > 64 ? alignof(chan_cell<T>) : 64;

 public:
  explicit chan_state(std::size_t cap)
      : size_(cap == 0 ? k_chan_ring_unbounded : (cap < k_chan_ring_max ? cap : k_chan_ring_max)),
        mask_((size_ & (size_ - 1)) == 0 ? size_ - 1 : 0),
        pow2_((size_ & (size_ - 1)) == 0),
        cells_(static_cast<chan_cell<T>*>(::operator new(sizeof(chan_cell<T>) * size_, std::align_val_t{k_cell_align}))),
        cap_(cap),
        batch_(size_ / 8),
        prefetch_(pow2_ && size_ >= 4 * k_prefetch_ahead) {
    for (std::size_t i = 0; i < size_; ++i) ::new (static_cast<void*>(cells_ + i)) chan_cell<T>(2 * i);
    if (!k_lock_free) {
      tail_.store(k_owned, memory_order_relaxed);
      head_.store(k_owned, memory_order_relaxed);
      tail_owned_ = head_owned_ = true;
    }
  }

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
        update_owned();
      }
    }
    release_ref();
  }
  void add_receiver() noexcept {
    rx_count_.fetch_add(1, memory_order_relaxed);
    add_ref();
  }
  [[gnu::noinline]] void drop_receiver() {
    if (rx_count_.fetch_sub(1, memory_order_acq_rel) == 1) {
      // Nobody can receive the buffered values any more. Under the lock (O(1), no
      // allocation): close, fail the parked senders, take stash_ and overflow_ and the
      // ring range [h, t). The values are destroyed after unlocking and waking (user
      // destructors may take this lock again: a value holding a sender of this channel).
      // Closed with no receiver handle, nothing writes or reads the ring again (sends and
      // permits fail, the tail stays OWNED), so the range is ours outside the lock.
      ring<T> stash, overflow;
      std::uint64_t h = 0, t = 0;
      {
        wake_batch w;
        {
          spin_guard g(lock_);
          own_tail();  // before closed is visible: no fast send completes after it
          set_closed();
          fail_all_senders(w);
          take_buffered(stash, overflow, h, t);
          update_owned();
        }
      }
      for (; h != t; ++h) {
        chan_cell<T>& c = cell_at(h);
        for (unsigned n = 0; c.seq.load(memory_order_acquire) != 2 * h + 1;) chan_spin(n);  // send in progress
        release_cell(c, h);
      }
    }  // stash and overflow destroy their values here
    release_ref();
  }
  bool is_closed() const noexcept { return closed_flag_.load(memory_order_relaxed); }
  bool bounded() const noexcept { return cap_ != 0; }

  // ---- fast paths (no lock) ----

  // Moves `v` into the ring if that needs no decision of the slow path (no OWNED tail:
  // not closed, nobody parked, no permit, no stash / overflow) and its cell is free.
  // Otherwise nothing happened: full (the ring; spin_push may wait) or slow (OWNED).
  enum class push_result : std::uint8_t { pushed, full, slow };
  push_result try_push(T& v) noexcept {
    if constexpr (!k_lock_free) {
      return push_result::slow;
    } else {
      std::uint64_t w = tail_.load(memory_order_relaxed);
      for (;;) {
        if ((w & k_owned) != 0) return push_result::slow;
        const std::uint64_t p = w >> 1;
        chan_cell<T>& c = cell_at(p);
        // acquire: the receiver that freed the cell has finished with its old value.
        const std::uint64_t s = c.seq.load(memory_order_acquire);
        if (s == 2 * p) {
          if (tail_.compare_exchange_weak(w, w + k_step, memory_order_relaxed, memory_order_relaxed)) {
            ::new (static_cast<void*>(&c.value)) T(std::move(v));
            c.seq.store(2 * p + 1, memory_order_release);  // publish
            return push_result::pushed;
          }
        } else if (static_cast<std::int64_t>(s - 2 * p) < 0) {
          return push_result::full;  // the cell still holds position p - size_
        } else {
          w = tail_.load(memory_order_relaxed);  // p was claimed meanwhile
        }
      }
    }
  }

  // send's lock-free path, kept out of line so that the awaiting coroutine inlines only
  // the OWNED test (sends to a parked receiver, the request/reply pattern, skip it):
  // try_push, then spin_push if the ring was full. False: take the slow path.
  [[gnu::noinline]] bool send_fast(T& v) noexcept {
    const push_result r = try_push(v);
    return r == push_result::pushed || (r == push_result::full && spin_push(v));
  }
  // The tail is OWNED: a send must take the lock (a relaxed hint; try_push re-checks).
  bool tail_owned_hint() const noexcept { return (tail_.load(memory_order_relaxed) & k_owned) != 0; }

  // try_push found the ring full with nobody waiting. Once producers outrun a receiver
  // that runs on another thread, parking costs a park and a cross-thread wake per
  // message (each recv admits one parked sender, which refills the freed slot and parks
  // again), while the receiver frees a cell every few tens of ns. So wait a little, on
  // two conditions: the receiver must visibly make progress (it frees the tail cell
  // within k_spin_idle polls; a receiver that is not running, e.g. on this very thread,
  // costs us only those polls), and then wait (at most k_spin_polls polls) until batch_
  // cells are free, so that this and the next sends fill whole cache lines the receiver
  // has finished with instead of chasing it cell by cell (each cell's line would
  // otherwise move between the two cores once per message). Polls read only the tail
  // word, the tail cell and the cell batch_ ahead, which the receiver does not touch
  // until it gets there. False: nothing happened, take the slow path.
  [[gnu::noinline]] bool spin_push(T& v) noexcept {
    if constexpr (!k_lock_free) {
      return false;
    } else {
      std::uint64_t w = tail_.load(memory_order_relaxed);
      unsigned polls = 0;
      for (unsigned idle = 0;;) {
        if ((w & k_owned) != 0) return false;
        const std::uint64_t p = w >> 1;
        const std::uint64_t s = cell_at(p).seq.load(memory_order_relaxed);
        if (s == 2 * p) break;  // freed
        if (static_cast<std::int64_t>(s - 2 * p) > 0) {
          idle = 0;  // another sender took p: cells are being freed
        } else if (++idle > k_spin_idle) {
          return false;
        }
        if (++polls == k_spin_polls) return false;  // others keep winning the freed cells
        cpu_relax();
        w = tail_.load(memory_order_relaxed);
      }
      if (batch_ != 0) {
        const std::uint64_t ahead = (w >> 1) + batch_;
        for (; polls < k_spin_polls; ++polls) {
          if (static_cast<std::int64_t>(cell_at(ahead).seq.load(memory_order_relaxed) - 2 * ahead) >= 0) break;
          cpu_relax();
        }
      }
      return try_push(v) == push_result::pushed;
    }
  }

  // Moves the oldest value into `out` if it is published and no recv needs the slow path
  // (no OWNED head: no parked sender, no stash). False: take the slow path.
  bool try_pop(value_node<T>& out) noexcept {
    if constexpr (!k_lock_free) {
      return false;
    } else {
      std::uint64_t w = head_.load(memory_order_relaxed);
      for (;;) {
        if ((w & k_owned) != 0) return false;
        const std::uint64_t p = w >> 1;
        chan_cell<T>& c = cell_at(p);
        // acquire: the value's construction is visible.
        const std::uint64_t s = c.seq.load(memory_order_acquire);
        if (s == 2 * p + 1) {
          if (head_.compare_exchange_weak(w, w + k_step, memory_order_relaxed, memory_order_relaxed)) {
            if (prefetch_) __builtin_prefetch(&cells_[(p + k_prefetch_ahead) & mask_], 1, 3);
            out.put(std::move(c.value));
            release_cell(c, p);
            return true;
          }
        } else if (static_cast<std::int64_t>(s - (2 * p + 1)) < 0) {
          return false;  // nothing published at p: empty, or a send is still writing it
        } else {
          w = head_.load(memory_order_relaxed);  // p was taken meanwhile
        }
      }
    }
  }

  // ---- slow paths (each takes the lock) ----

  // send (t = the parking task) / try_send (t = null): `n` holds the value. done: sent
  // (n is empty); closed / refused: n still holds it; parked: n is linked on senders_.
  [[gnu::noinline]] chan_op send_slow(value_node<T>& n, task_header* t) {
    wake_batch w;
    spin_guard g(lock_);
    if (!receivers_.empty() && !closed_ && senders_.empty() && (cap_ == 0 || reserved_ < cap_)) {
      // A receiver waits (so nothing is buffered): hand the value over (send_locked's
      // outcome, without its general checks). update_owned() would only keep the tail
      // (keep_tail_ is set) and leave the head alone: skipped.
      deliver_to_receiver(std::move(n.value), w);
      n.reset();
      return chan_op::done;
    }
    chan_op r = send_locked(n.value, w);
    if (r == chan_op::done) {
      n.reset();
    } else if (r == chan_op::refused && t != nullptr) {
      n.kind = k_chan_send;
      senders_.park(n, t);
      r = chan_op::parked;
    }
    update_owned();
    return r;
  }
  // try_send of a plain value: moved from only on done.
  [[gnu::noinline]] chan_op try_send_slow(T& v) {
    wake_batch w;
    spin_guard g(lock_);
    const chan_op r = send_locked(v, w);
    update_owned();
    return r;
  }

  // reserve: done = a permit was granted (the caller makes the sender_permit).
  [[gnu::noinline]] chan_op reserve_slow(wait_node& n, task_header* t) {
    spin_guard g(lock_);
    chan_op r;
    if (closed_) {
      r = chan_op::closed;
    } else if (senders_.empty() && has_capacity()) {
      grant_permit();
      r = chan_op::done;
    } else {
      n.kind = k_chan_reserve;
      senders_.park(n, t);
      r = chan_op::parked;
    }
    update_owned();
    return r;
  }

  // recv (t = the parking task) / try_recv (t = null). done: `n` holds the value;
  // closed: finished (recv only); refused: empty (try_recv only); parked: linked.
  [[gnu::noinline]] chan_op recv_slow(value_node<T>& n, task_header* t) {
    wake_batch w;
    spin_guard g(lock_);
    chan_op r;
    if (tail_owned_ && stash_.empty() && overflow_.empty() && head_pos() == tail_pos()) {
      // Nothing buffered, and no send can add anything while we hold the lock: the
      // common case of a receiver that waits for every message (skips pop_locked).
      // Nothing changes here that update_owned() would act on: the tail is owned and
      // stays needed once we park; senders_ and stash_ are untouched.
      if (t == nullptr) return chan_op::refused;
      if (finished()) return chan_op::closed;
      receivers_.park(n, t);
      return chan_op::parked;
    }
    if (pop_locked(n, /*exact=*/t != nullptr)) {
      admit_senders(w);
      r = chan_op::done;
    } else if (t == nullptr) {
      r = chan_op::refused;
    } else if (finished()) {
      r = chan_op::closed;
    } else {
      receivers_.park(n, t);
      r = chan_op::parked;
    }
    update_owned();
    return r;
  }

  // A permit sends `v` (moved from only when delivered): bounded needs a live receiver,
  // unbounded an open channel. false: not delivered; the permit's slot is returned.
  [[gnu::noinline]] bool permit_send(T& v) {
    wake_batch w;
    spin_guard g(lock_);
    const bool ok = cap_ != 0 ? rx_count_.load(memory_order_acquire) != 0 : !closed_;
    if (ok) {
      use_permit(std::move(v), w);
    } else {
      return_permit(w);
    }
    update_owned();
    return ok;
  }
  // A permit dropped unused.
  [[gnu::noinline]] void permit_drop() {
    wake_batch w;
    spin_guard g(lock_);
    return_permit(w);
    update_owned();
  }

  // rx.close(): false while a receiver is parked in recv.
  [[gnu::noinline]] bool close() {
    wake_batch w;
    spin_guard g(lock_);
    if (!receivers_.empty()) return false;
    own_tail();  // before closed is visible: no fast send completes after it
    set_closed();
    fail_all_senders(w);
    update_owned();
    return true;
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
      update_owned();
    }
  }

  // Cancellation of parked awaiters (their destructors).
  [[gnu::noinline]] void cancel_sender(wait_node& n) {
    wake_batch w;
    spin_guard g(lock_);
    if (n.linked) {
      senders_.withdraw(n);
    } else if (n.kind == k_chan_reserve && n.status == k_chan_ok) {
      return_permit(w);  // granted but never handed to the task: give the slot back
    }
    update_owned();
  }
  [[gnu::noinline]] void cancel_receiver(value_node<T>& n) {
    wake_batch w;
    spin_guard g(lock_);
    if (n.linked) {
      receivers_.withdraw(n);
    } else if (n.has_value) {
      // A value was delivered but the recv never completed: it goes back first in line.
      if (!receivers_.empty()) {
        auto* r = static_cast<value_node<T>*>(receivers_.front());
        r->put(n.take());
        w.add(receivers_.pop_front(k_chan_ok));
      } else {
        stash_.push_front(n.take());
        in_flight_.fetch_sub(1, memory_order_relaxed);  // back in the queue (under the lock)
      }
    }
    update_owned();
  }

 private:
  ~chan_state() {
    // No other thread can reach the state any more: every claimed cell is published.
    const std::uint64_t t = tail_.load(memory_order_relaxed) >> 1;
    for (std::uint64_t p = head_.load(memory_order_relaxed) >> 1; p != t; ++p) cell_at(p).value.~T();
    for (std::size_t i = 0; i < size_; ++i) cells_[i].~chan_cell<T>();
    ::operator delete(cells_, std::align_val_t{k_cell_align});
  }

  chan_cell<T>& cell_at(std::uint64_t p) const noexcept {
    return cells_[pow2_ ? (p & mask_) : (p % size_)];
  }
  // Ends a receiver's use of position p's cell (its value was moved out).
  void release_cell(chan_cell<T>& c, std::uint64_t p) noexcept {
    c.value.~T();
    c.seq.store(2 * (p + size_), memory_order_release);  // free for position p + size_
  }

  // ---- under the lock ----

  void own_tail() noexcept {
    if (!tail_owned_) {
      tail_.fetch_or(k_owned, memory_order_acq_rel);
      tail_owned_ = true;
    }
  }
  void own_head() noexcept {
    if (!head_owned_) {
      head_.fetch_or(k_owned, memory_order_acq_rel);
      head_owned_ = true;
    }
  }
  // Exact once the end is owned; otherwise a lower bound (the words only grow).
  std::uint64_t tail_pos() const noexcept { return tail_.load(memory_order_acquire) >> 1; }
  std::uint64_t head_pos() const noexcept { return head_.load(memory_order_acquire) >> 1; }

  // Sets / clears the OWNED bits to match the slow-path state (see update_owned() above).
  void update_owned() noexcept {
    const bool parked = !senders_.empty() || !receivers_.empty();
    const bool need_tail = !k_lock_free || closed_ || parked || reserved_ != 0 || !stash_.empty() ||
                           !overflow_.empty();
    const bool need_head = !k_lock_free || !senders_.empty() || !stash_.empty();
    if (need_tail) {
      own_tail();
    } else if (tail_owned_) {
      if (keep_tail_) {
        keep_tail_ = false;  // hand-off just happened: the receiver is likely to park again
      } else {
        tail_.store(tail_.load(memory_order_relaxed) & ~k_owned, memory_order_release);
        tail_owned_ = false;
      }
    }
    if (need_head) {
      own_head();
    } else if (head_owned_) {
      head_.store(head_.load(memory_order_relaxed) & ~k_owned, memory_order_release);
      head_owned_ = false;
    }
  }

  // Slots in use for the bounded invariant. `h` is the head position used.
  std::uint64_t used(std::uint64_t h) const noexcept {
    return (tail_pos() - h) + stash_.size() + overflow_.size() + reserved_;
  }
  // A send or reserve may complete now (capacity only; FIFO is the caller's check).
  // Owns the tail (no send may slip in after the answer) and, before answering "full",
  // the head too, so that the answer is exact and the next recv takes the lock.
  bool has_capacity() noexcept {
    if (cap_ == 0) return true;
    if (!receivers_.empty()) return reserved_ < cap_;  // nothing is buffered (tail OWNED)
    own_tail();
    if (used(head_pos()) < cap_) return true;
    own_head();
    return used(head_pos()) < cap_;
  }

  chan_op send_locked(T& v, wake_batch& w) {
    if (closed_) return chan_op::closed;
    if (!senders_.empty() || !has_capacity()) return chan_op::refused;
    deliver(std::move(v), w);
    return chan_op::done;
  }

  // Puts `v` into the channel: to the head parked receiver, else behind every buffered value.
  void deliver(T&& v, wake_batch& w) {
    if (!receivers_.empty()) {
      deliver_to_receiver(std::move(v), w);
    } else {
      push_locked(std::move(v));
    }
  }
  void deliver_to_receiver(T&& v, wake_batch& w) {
    auto* r = static_cast<value_node<T>*>(receivers_.front());
    r->put(std::move(v));
    in_flight_.fetch_add(1, memory_order_relaxed);  // under the lock
    w.add(receivers_.pop_front(k_chan_ok));
    keep_tail_ = true;
  }

  // Appends `v` behind everything buffered: into the ring while it has room and
  // overflow_ is empty, else to overflow_. Capacity was checked by the caller.
  [[gnu::noinline]] void push_locked(T&& v) {
    own_tail();
    if (overflow_.empty()) {
      const std::uint64_t t = tail_pos();
      if (t - head_pos() < size_) {
        // Position t - size_ < head was claimed by a receiver: its cell is free or about
        // to be.
        chan_cell<T>& c = cell_at(t);
        for (unsigned n = 0; c.seq.load(memory_order_acquire) != 2 * t;) chan_spin(n);
        ::new (static_cast<void*>(&c.value)) T(std::move(v));
        c.seq.store(2 * t + 1, memory_order_release);
        tail_.store(((t + 1) << 1) | k_owned, memory_order_release);
        return;
      }
    }
    overflow_.push_back(std::move(v));
  }

  // Moves the oldest buffered value into `out` (stash_, then the ring, then overflow_
  // through the ring); false if there is none. `exact`: "none" must stay true until the
  // lock is released (a recv about to park): owns the tail to decide it.
  [[gnu::noinline]] bool pop_locked(value_node<T>& out, bool exact) {
    if (!stash_.empty()) {
      out.put(stash_.pop_front());
      return true;
    }
    for (unsigned n = 0;;) {
      std::uint64_t w = head_.load(memory_order_relaxed);
      const std::uint64_t p = w >> 1;
      chan_cell<T>& c = cell_at(p);
      const std::uint64_t s = c.seq.load(memory_order_acquire);
      if (s == 2 * p + 1) {
        if (head_owned_) {
          out.put(std::move(c.value));  // may throw (k_lock_free false): nothing changed yet
          release_cell(c, p);
          head_.store(w + k_step, memory_order_relaxed);
          return true;
        }
        if (head_.compare_exchange_strong(w, w + k_step, memory_order_relaxed, memory_order_relaxed)) {
          out.put(std::move(c.value));
          release_cell(c, p);
          return true;
        }
        continue;  // another receiver took p
      }
      if (static_cast<std::int64_t>(s - (2 * p + 1)) > 0) continue;  // p was taken meanwhile
      if (exact) own_tail();
      if (static_cast<std::int64_t>(tail_pos() - p) <= 0) {
        if (overflow_.empty()) return false;  // nothing buffered
        refill();
        continue;
      }
      chan_spin(n);  // a send claimed p and is still writing it
    }
  }

  // The ring is empty (head == tail) and overflow_ is not (so the tail is owned): move
  // as many overflow values into the ring as fit.
  [[gnu::noinline]] void refill() {
    std::uint64_t t = tail_pos();
    const std::uint64_t h = head_pos();
    while (!overflow_.empty() && t - h < size_) {
      chan_cell<T>& c = cell_at(t);
      for (unsigned n = 0; c.seq.load(memory_order_acquire) != 2 * t;) chan_spin(n);
      ::new (static_cast<void*>(&c.value)) T(overflow_.pop_front());
      c.seq.store(2 * t + 1, memory_order_release);
      ++t;
      tail_.store((t << 1) | k_owned, memory_order_release);
    }
  }

  // Every buffered value, for drop_receiver: stash_ and overflow_ move out, the ring's
  // positions [h, t) are handed over (head_ moves to t, so ~chan_state does not destroy
  // them again). Owns both ends; the caller waits for sends still in progress.
  void take_buffered(ring<T>& stash, ring<T>& overflow, std::uint64_t& h, std::uint64_t& t) noexcept {
    own_tail();
    own_head();
    t = tail_pos();
    h = head_pos();
    head_.store(t << 1 | k_owned, memory_order_relaxed);
    stash.swap(stash_);
    overflow.swap(overflow_);
  }

  bool finished() const noexcept {
    return stash_.empty() && overflow_.empty() && permits_ == 0 && in_flight_.load(memory_order_seq_cst) == 0 &&
           (closed_ || tx_count_.load(memory_order_seq_cst) == 0) && head_pos() == tail_pos();
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

  void set_closed() noexcept {
    closed_ = true;
    closed_flag_.store(true, memory_order_seq_cst);
  }
  // Lets the head waiting sender(s) into the capacity freed by a recv or a permit.
  [[gnu::noinline]] void admit_senders(wake_batch& w) {
    while (!senders_.empty() && has_capacity()) {
      wait_node* n = senders_.front();
      if (n->kind == k_chan_send) {
        // Via deliver: a receiver may be parked here when permits held every slot.
        T v = static_cast<value_node<T>*>(n)->take();
        w.add(senders_.pop_front(k_chan_ok));
        deliver(std::move(v), w);
        continue;
      }
      grant_permit();
      w.add(senders_.pop_front(k_chan_ok));
    }
  }
  void fail_all_senders(wake_batch& w) {
    while (!senders_.empty()) w.add(senders_.pop_front(k_chan_closed));
  }
  void wake_all_receivers(wake_batch& w) {
    while (!receivers_.empty()) w.add(receivers_.pop_front(k_chan_closed));
  }

  // Senders' end (own cache line).
  alignas(64) atomic<std::uint64_t> tail_{0};
  // Receivers' end (own cache line).
  alignas(64) atomic<std::uint64_t> head_{0};
  // Read-only after construction.
  alignas(64) const std::size_t size_;
  const std::uint64_t mask_;
  const bool pow2_;
  chan_cell<T>* const cells_;
  const std::size_t cap_;
  const std::uint64_t batch_;  // spin_push: free cells to wait for (size_ / 8)
  const bool prefetch_;        // try_pop prefetches for writing (power-of-two rings >= 64)
  // Slow path (under lock_), and the rarely written counters.
  alignas(64) spin_lock lock_;
  bool tail_owned_ = false;
  bool head_owned_ = false;
  bool keep_tail_ = false;  // update_owned: leave an unneeded tail OWNED once (after a hand-off)
  bool closed_ = false;
  std::size_t reserved_ = 0;
  std::size_t permits_ = 0;
  wait_list senders_;
  wait_list receivers_;
  ring<T> stash_;
  ring<T> overflow_;
  atomic<bool> closed_flag_{false};
  atomic<std::size_t> in_flight_{0};
  atomic<std::size_t> tx_count_{1};
  atomic<std::size_t> rx_count_{1};
  atomic<std::size_t> refs_{2};
};

}  // namespace incan::rt::detail

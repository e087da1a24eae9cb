// Building blocks of the channels and sync primitives: a spin lock, the waiter node an
// awaiter embeds, and the intrusive FIFO list of waiters. Part of incan_rt (sync layer).
//
// Design
// ======
// Every blocking primitive (bounded/unbounded channel, mutex queue, semaphore, rwlock,
// barrier) keeps its waiters in a wait_list guarded by one spin_lock of that primitive.
// Critical sections are a handful of pointer and counter updates (never a wake, never a
// user destructor, never an allocation except the channel ring growing), so a spin lock
// beats a futex mutex on the 2-core target and costs one atomic exchange + one store.
//
// wait_node lives inside the awaiter, i.e. in the suspended coroutine frame: registering
// allocates nothing. Its fields are touched only under the owning primitive's lock:
//
//   linked  the node is in a wait_list (the awaiter is parked).
//   task    the waker: one task reference (add_ref) taken when the node is linked.
//   notified  atomic copy of "popped", read by the poller through the wait point.
//   status  what the notifier decided (k_waiting until it is popped): granted / value
//           delivered / closed, primitive-specific.
//
// Protocol (who does what):
//   park      awaiter, under the lock: suspend_point(h) first (the resume point), then
//             add_ref(task), link. Returns true from await_suspend.
//   notify    another thread, under the lock: unlink the head, set status, and copy
//             `task` to a local; after unlocking, wake_by_val(task). The notifier never
//             touches the node after the unlock: from then on the parked frame may be
//             resumed or destroyed at any moment.
//   cancel    the awaiter's destructor (its frame is being destroyed by the thread that
//             holds the task RUNNING), under the lock: if still linked, unlink and drop the
//             reference (nothing was consumed); if already notified, undo what the status
//             handed over (return a lock / permit / slot / value) so nothing is lost. The
//             notifier's wake for a cancelled node then hits a completing task (a no-op)
//             or, for a still-live task whose sub-await was dropped, is a spurious wake;
//             the task core guarantees a resume only follows the awaiter it was parked on.
//
// Memory orders: the spin lock's exchange is acquire, its unlock store is release; all
// node fields are plain (lock-protected). The woken coroutine observes what the notifier
// wrote through the task state machine (the wake CAS is a release, the next poll's
// transition to RUNNING an acquire).
#pragma once

#include <cstdint>
#include <new>
#include <utility>

#include "incan/rt/detail/sync.h"
#include "incan/rt/detail/task_header.h"

namespace incan::rt::detail {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Gives the CPU away after a long spin (src/sync/wait_list.cpp: sched_yield).
void spin_yield() noexcept;

class spin_lock {
 public:
  void lock() noexcept {
    // acquire: pairs with unlock()'s release; the protected fields are then visible.
    if (!locked_.exchange(true, memory_order_acquire)) [[likely]]
      return;
    lock_slow();
  }
  bool try_lock() noexcept {
    return !locked_.load(memory_order_relaxed) && !locked_.exchange(true, memory_order_acquire);
  }
  void unlock() noexcept { locked_.store(false, memory_order_release); }

 private:
  void lock_slow() noexcept {
    for (unsigned spins = 0;; ++spins) {
      while (locked_.load(memory_order_relaxed)) {
        if (++spins < 128) {
          cpu_relax();
        } else {
          spin_yield();  // the holder may be preempted (more threads than cores)
          spins = 0;
        }
      }
      if (!locked_.exchange(true, memory_order_acquire)) return;
    }
  }

  atomic<bool> locked_{false};
};

class spin_guard {
 public:
  explicit spin_guard(spin_lock& l) noexcept : l_(l) { l_.lock(); }
  spin_guard(const spin_guard&) = delete;
  spin_guard& operator=(const spin_guard&) = delete;
  ~spin_guard() { l_.unlock(); }

 private:
  spin_lock& l_;
};

inline constexpr std::uint8_t k_wait_waiting = 0;

// A wait_node is also the task's wait_point (task_header.h, "Stale wakes"): the parking
// awaiter stores it in task_header::wait_ so that a stale wake cannot resume the frame
// before a notifier has popped the node (`notified`, set with release by pop_front).
struct wait_node : wait_point {
  wait_node() noexcept : wait_point{&is_notified} {}
  wait_node(const wait_node&) = delete;
  wait_node& operator=(const wait_node&) = delete;

  static bool is_notified(const wait_point* w) noexcept {
    return static_cast<const wait_node*>(w)->notified.load(memory_order_acquire);
  }

  wait_node* prev = nullptr;
  wait_node* next = nullptr;
  task_header* task = nullptr;
  std::uint8_t status = k_wait_waiting;
  bool linked = false;
  std::uint8_t kind = 0;    // primitive-specific (send vs reserve, read vs write)
  std::uint32_t slot = 0;   // primitive-specific (barrier slot)
  atomic<bool> notified{false};
};

// Intrusive FIFO of wait_nodes; every call under the owner's lock.
class wait_list {
 public:
  bool empty() const noexcept { return head_ == nullptr; }
  wait_node* front() const noexcept { return head_; }
  // The number of linked nodes (walks the list; the caller holds the list's lock).
  std::size_t length() const noexcept {
    std::size_t n = 0;
    for (const wait_node* w = head_; w != nullptr; w = w->next) ++n;
    return n;
  }

  // Links `n` at the back and takes a reference on `t` (the waker); `n` becomes the
  // task's wait point. Caller holds `t` RUNNING, after suspend_point().
  void park(wait_node& n, task_header* t) noexcept {
    add_ref(t);
    t->wait_ = &n;
    n.notified.store(false, memory_order_relaxed);
    n.task = t;
    n.status = k_wait_waiting;
    n.linked = true;
    n.next = nullptr;
    n.prev = tail_;
    if (tail_ != nullptr) {
      tail_->next = &n;
    } else {
      head_ = &n;
    }
    tail_ = &n;
  }

  void unlink(wait_node& n) noexcept {
    if (n.prev != nullptr) {
      n.prev->next = n.next;
    } else {
      head_ = n.next;
    }
    if (n.next != nullptr) {
      n.next->prev = n.prev;
    } else {
      tail_ = n.prev;
    }
    n.prev = n.next = nullptr;
    n.linked = false;
  }

  // Unlinks the head, sets its status and returns its waker (to wake after unlocking).
  task_header* pop_front(std::uint8_t status) noexcept {
    wait_node* n = head_;
    unlink(*n);
    n->status = status;
    task_header* t = std::exchange(n->task, nullptr);
    n->notified.store(true, memory_order_release);  // after this, only the owner reads n
    return t;
  }

  // Cancellation of a still-linked node: unlink and drop the waker reference. The
  // caller runs the task, so this is never the last reference.
  void withdraw(wait_node& n) noexcept {
    unlink(n);
    release(std::exchange(n.task, nullptr));
  }

 private:
  wait_node* head_ = nullptr;
  wait_node* tail_ = nullptr;
};

// Wakers collected under a lock and woken after it is released (destructor or flush).
// Up to k_inline without allocating; more (close() with many parked tasks, a barrier
// generation) spill to the heap.
class wake_batch {
 public:
  wake_batch() = default;
  wake_batch(const wake_batch&) = delete;
  wake_batch& operator=(const wake_batch&) = delete;
  ~wake_batch() {
    flush();
    if (heap_ != nullptr) ::operator delete(heap_);
  }

  void add(task_header* t) {
    if (n_ < k_inline) {
      inline_[n_++] = t;
      return;
    }
    const unsigned i = n_ - k_inline;
    if (i == heap_cap_) grow();
    heap_[i] = t;
    ++n_;
  }
  // Wakes everything collected; call with no lock held.
  void flush() noexcept {
    for (unsigned i = 0; i < n_; ++i) wake_by_val(i < k_inline ? inline_[i] : heap_[i - k_inline]);
    n_ = 0;
  }

 private:
  static constexpr unsigned k_inline = 4;
  void grow() {
    const unsigned cap = heap_cap_ == 0 ? 16 : heap_cap_ * 2;
    auto** p = static_cast<task_header**>(::operator new(sizeof(task_header*) * cap));
    for (unsigned i = 0; i < heap_cap_; ++i) p[i] = heap_[i];
    if (heap_ != nullptr) ::operator delete(heap_);
    heap_ = p;
    heap_cap_ = cap;
  }

  task_header* inline_[k_inline];
  unsigned n_ = 0;
  unsigned heap_cap_ = 0;
  task_header** heap_ = nullptr;
};

}  // namespace incan::rt::detail

// The frame pool: per-thread free lists of coroutine frames (a spawned task's block is
// its header + root frame), spawn_blocking cells and oneshot states, by 8-byte size
// class, refilled from and spilled to a global depot in batches. Part of incan_rt (task
// layer); the interface is include/incan/rt/detail/frame_alloc.h.
//
// Design
// ======
// Who touches what:
//   - t_cache (thread_local, plain data): only its own thread. Per class, a singly
//     linked free list and its length. Allocation pops; freeing pushes; a list that
//     reaches k_local_max spills k_batch blocks to the depot, an empty list refills one
//     batch from the depot or, if the depot has none, carves k_batch new blocks out of
//     one fresh chunk. So a thread that only frees (a consumer) hands its blocks to
//     threads that only allocate (a producer) and no list grows without bound.
//   - the depot (process-wide, one mutex per class): a stack of full batches (chains of
//     exactly k_batch blocks; the first block also links the next batch) and a loose
//     chain of single blocks (what exiting threads leave; refills take those only when
//     no full batch is left). A block only needs two words, so the smallest class is 16
//     bytes (a oneshot's state).
//   - the arena (process-wide, one mutex): new chunks are cut from regions. The first
//     k_small_total bytes come in k_small_region pieces of ordinary pages (a small
//     program stays small); after that, regions are 2 MiB of ordinary pages. They are
//     not advised as transparent huge pages: that cut the page faults of a million
//     spawns from ~34k to ~5k, but on a virtual machine whose freed memory goes back
//     to the host each huge-page fault zeroes 2 MiB of fresh host memory in one go, and
//     spawn_join took 0.48 s instead of 0.18 s (median of 5, after a 2.5 s pause).
//     Regions are never returned to the system: the pool's size is the program's peak.
//   - thread exit: a thread_local guard's destructor moves the thread's lists to the
//     depot and marks the cache dead; a block freed on that thread afterwards (by a
//     later thread_local or static destructor) goes straight to the depot.
// Memory order: blocks move between threads only through the depot mutex or through
// the runtime's own hand-offs (task state transitions), which already order the
// frame's last use before its reuse.
#include "incan/rt/detail/frame_alloc.h"


#include <cstdint>
#include <cstdlib>
#include <new>

#include "detail/sync_locks.h"

namespace incan::rt::detail {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool k_pool_enabled = false;
#else
constexpr bool k_pool_enabled = true;
#endif

// 8-byte classes: a block of a class that is an odd multiple of 8 may be only 8-aligned,
// which suffices, since an object's alignment divides its size (frame_alloc.h).
constexpr std::size_t k_granule = 8;
constexpr std::size_t k_classes = k_frame_pool_max / k_granule;
constexpr std::uint32_t k_batch = 64;
constexpr std::uint32_t k_local_max = 2 * k_batch;

struct block {
  block* next;
  block* next_batch;  // first block of a full depot batch only
};
static_assert(sizeof(block) == 2 * k_granule);

std::size_t class_of(std::size_t size) noexcept {
  if (size < sizeof(block)) size = sizeof(block);
  return (size + k_granule - 1) / k_granule - 1;
}
std::size_t class_size(std::size_t c) noexcept { return (c + 1) * k_granule; }

struct depot_class {
  mutex m;
  block* batches = nullptr;  // guarded by m: full batches
  block* loose = nullptr;    // guarded by m: single blocks
};

constexpr std::size_t k_region = std::size_t{2} << 20;
constexpr std::size_t k_small_region = std::size_t{128} << 10;
constexpr std::size_t k_small_total = std::size_t{4} << 20;
static_assert(k_batch * k_frame_pool_max <= k_small_region, "a chunk must fit in any region");

struct arena {
  mutex m;
  char* cur = nullptr;     // guarded by m
  char* end = nullptr;     // guarded by m
  std::size_t total = 0;   // guarded by m: bytes of all regions so far
};

// A chunk of `n` (<= k_small_region) bytes, 16-byte aligned.
char* arena_chunk(std::size_t n) {
  static arena* a = new arena;  // never destroyed
  lock_guard<mutex> lock(a->m);
  if (a->cur == nullptr || static_cast<std::size_t>(a->end - a->cur) < n) {
    const bool small = a->total < k_small_total;
    const std::size_t size = small ? k_small_region : k_region;
    void* r = std::aligned_alloc(4096, size);
    if (r == nullptr) throw std::bad_alloc();
    a->cur = static_cast<char*>(r);
    a->end = a->cur + size;
    a->total += size;
  }
  char* out = a->cur;
  a->cur += n;
  return out;
}

depot_class* depot() noexcept {
  static depot_class* d = new depot_class[k_classes];  // never destroyed: frees may come late
  return d;
}

struct thread_cache {
  block* head[k_classes];
  std::uint32_t count[k_classes];
  bool dead;
};
thread_local thread_cache t_cache{};

// A full batch: `first` heads a null-terminated chain of exactly k_batch blocks.
void depot_push_batch(std::size_t c, block* first) noexcept {
  depot_class& d = depot()[c];
  lock_guard<mutex> lock(d.m);
  first->next_batch = d.batches;
  d.batches = first;
}

// Any null-terminated chain, onto the loose list (thread exit only: rare).
void depot_push_loose(std::size_t c, block* first) noexcept {
  block* last = first;
  while (last->next != nullptr) last = last->next;
  depot_class& d = depot()[c];
  lock_guard<mutex> lock(d.m);
  last->next = d.loose;
  d.loose = first;
}

struct cache_guard {
  ~cache_guard() {
    thread_cache& tc = t_cache;
    for (std::size_t c = 0; c < k_classes; ++c) {
      if (tc.head[c] != nullptr) depot_push_loose(c, tc.head[c]);
      tc.head[c] = nullptr;
      tc.count[c] = 0;
    }
    tc.dead = true;
  }
};
thread_local cache_guard t_guard;

[[gnu::noinline]] void* refill(thread_cache& tc, std::size_t c) {
  (void)&t_guard;  // registers the flush at thread exit
  block* got = nullptr;
  std::uint32_t n = 0;
  {
    depot_class& d = depot()[c];
    lock_guard<mutex> lock(d.m);
    if (d.batches != nullptr) {
      got = d.batches;
      d.batches = got->next_batch;
      n = k_batch;
    } else if (d.loose != nullptr) {  // up to k_batch single blocks
      got = d.loose;
      block* last = got;
      for (n = 1; n < k_batch && last->next != nullptr; ++n) last = last->next;
      d.loose = last->next;
      last->next = nullptr;
    }
  }
  if (got != nullptr) {
    tc.head[c] = got->next;
    tc.count[c] = n - 1;
    return got;
  }
  const std::size_t sz = class_size(c);
  char* chunk = arena_chunk(sz * k_batch);
  block* prev = nullptr;
  for (std::uint32_t i = k_batch; i-- > 1;) {  // blocks 1..k_batch-1 onto the list
    auto* b = reinterpret_cast<block*>(chunk + i * sz);
    b->next = prev;
    prev = b;
  }
  tc.head[c] = prev;
  tc.count[c] = k_batch - 1;
  return chunk;
}

[[gnu::noinline]] void spill(thread_cache& tc, std::size_t c) noexcept {
  (void)&t_guard;  // a thread that only frees flushes at exit too
  block* first = tc.head[c];
  block* last = first;
  for (std::uint32_t i = 1; i < k_batch; ++i) last = last->next;
  tc.head[c] = last->next;
  tc.count[c] -= k_batch;
  last->next = nullptr;
  depot_push_batch(c, first);
}

}  // namespace

void* frame_alloc(std::size_t size) {
  if (!k_pool_enabled || size > k_frame_pool_max) return ::operator new(size);
  const std::size_t c = class_of(size);
  thread_cache& tc = t_cache;
  if (block* b = tc.head[c]; b != nullptr && !tc.dead) {
    tc.head[c] = b->next;
    --tc.count[c];
    return b;
  }
  if (tc.dead) {  // thread exiting: take a fresh block without touching the cache
    return ::operator new(class_size(c));
  }
  return refill(tc, c);
}

void frame_free(void* p, std::size_t size) noexcept {
  if (!k_pool_enabled || size > k_frame_pool_max) {
    ::operator delete(p);
    return;
  }
  const std::size_t c = class_of(size);
  auto* b = static_cast<block*>(p);
  thread_cache& tc = t_cache;
  if (tc.dead) {
    b->next = nullptr;
    depot_push_loose(c, b);
    return;
  }
  b->next = tc.head[c];
  tc.head[c] = b;
  if (++tc.count[c] >= k_local_max) spill(tc, c);
}

}  // namespace incan::rt::detail

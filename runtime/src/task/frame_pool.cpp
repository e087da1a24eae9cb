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
//     depot and marks the cache dead (the guard is constructed on a thread's first
//     refill, spill or free, so a thread that only frees a few blocks flushes too); a block freed on that thread afterwards (by a
//     later thread_local or static destructor) goes straight to the depot.
// Memory order: blocks move between threads only through the depot mutex or through
// the runtime's own hand-offs (task state transitions), which already order the
// frame's last use before its reuse. There are no atomics here and no relaxed
// hand-offs: the free lists are thread-local and the depot is a plain mutex, so
// ThreadSanitizer sees every hand-off of a block and needs no annotations. The pool
// stays on in sanitizer builds, so a race between a frame's last use and the next
// task's use of the same recycled block is reported as a race.
//
// AddressSanitizer builds (INCAN_POOL_ASAN): the lists and batches work as above, with
// two differences.
//   - Every block has k_link_bytes of links in front of the bytes frame_alloc returns;
//     the links stay addressable, the returned bytes are poisoned for as long as the
//     block is free (ASAN_POISON_MEMORY_REGION on free, unpoisoned on allocation, only
//     as many bytes as were asked for). A use of a recycled frame after its free is
//     reported as use-after-poison, and frame_free of a block that is already free
//     aborts with "frame pool: double free".
//   - New blocks are single ::operator new allocations instead of arena chunks, so
//     LeakSanitizer still reports a lost frame: a free block is reachable through the
//     (unpoisoned) links of the list it is on, a live block only through its owner.
#include "incan/rt/detail/frame_alloc.h"


#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "detail/sync_locks.h"

#if defined(__SANITIZE_ADDRESS__)
#define INCAN_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INCAN_POOL_ASAN 1
#endif
#endif
#if defined(INCAN_POOL_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace incan::rt::detail {
namespace {

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

// Where a block's links live relative to the bytes handed out (see the design comment).
#if defined(INCAN_POOL_ASAN)
constexpr std::size_t k_link_bytes = sizeof(block);
#else
constexpr std::size_t k_link_bytes = 0;
#endif

block* links_of(void* p) noexcept {
  return reinterpret_cast<block*>(static_cast<char*>(p) - k_link_bytes);
}
void* bytes_of(block* b) noexcept { return reinterpret_cast<char*>(b) + k_link_bytes; }

// Poisoning of free blocks (no-ops without ASan).
void mark_free(block* b, std::size_t class_bytes) noexcept {
#if defined(INCAN_POOL_ASAN)
  ASAN_POISON_MEMORY_REGION(bytes_of(b), class_bytes);
#else
  (void)b, (void)class_bytes;
#endif
}
void mark_allocated(block* b, std::size_t size) noexcept {
#if defined(INCAN_POOL_ASAN)
  // Stale links would keep other blocks reachable for LeakSanitizer.
  b->next = nullptr;
  b->next_batch = nullptr;
  ASAN_UNPOISON_MEMORY_REGION(bytes_of(b), size);
#else
  (void)b, (void)size;
#endif
}
void check_not_free(void* p) noexcept {
#if defined(INCAN_POOL_ASAN)
  if (__asan_address_is_poisoned(p)) {
    std::fprintf(stderr, "frame pool: double free of %p\n", p);
    std::abort();
  }
#else
  (void)p;
#endif
}

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

#if !defined(INCAN_POOL_ASAN)
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
#endif

depot_class* depot() noexcept {
  static depot_class* d = new depot_class[k_classes];  // never destroyed: frees may come late
  return d;
}

struct thread_cache {
  block* head[k_classes];
  std::uint32_t count[k_classes];
  bool dead;
  bool flush_registered;  // t_guard constructed on this thread
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

// A block outside the arena (ASan builds, and allocations on an exiting thread).
block* fresh_block(std::size_t c) {
  return static_cast<block*>(::operator new(k_link_bytes + class_size(c)));
}

// A thread that only frees (and fewer than k_local_max blocks of a class) never
// reaches refill or spill; without this its cached blocks would be lost at exit.
[[gnu::noinline]] void register_flush(thread_cache& tc) noexcept {
  (void)&t_guard;
  tc.flush_registered = true;
}

[[gnu::noinline]] block* refill(thread_cache& tc, std::size_t c) {
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
#if defined(INCAN_POOL_ASAN)
  // One allocation per block (LeakSanitizer tracks each); the first is returned.
  block* prev = nullptr;
  for (std::uint32_t i = 1; i < k_batch; ++i) {
    block* b = fresh_block(c);
    b->next = prev;
    mark_free(b, sz);
    prev = b;
  }
  tc.head[c] = prev;
  tc.count[c] = k_batch - 1;
  return fresh_block(c);
#else
  char* chunk = arena_chunk(sz * k_batch);
  block* prev = nullptr;
  for (std::uint32_t i = k_batch; i-- > 1;) {  // blocks 1..k_batch-1 onto the list
    auto* b = reinterpret_cast<block*>(chunk + i * sz);
    b->next = prev;
    prev = b;
  }
  tc.head[c] = prev;
  tc.count[c] = k_batch - 1;
  return reinterpret_cast<block*>(chunk);
#endif
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
  if (size > k_frame_pool_max) return ::operator new(size);
  const std::size_t c = class_of(size);
  thread_cache& tc = t_cache;
  block* b = tc.head[c];
  if (b != nullptr && !tc.dead) {
    tc.head[c] = b->next;
    --tc.count[c];
  } else if (tc.dead) {  // thread exiting: take a fresh block without touching the cache
    b = fresh_block(c);
  } else {
    b = refill(tc, c);
  }
  mark_allocated(b, size);
  return bytes_of(b);
}

void frame_free(void* p, std::size_t size) noexcept {
  if (size > k_frame_pool_max) {
    ::operator delete(p);
    return;
  }
  check_not_free(p);
  const std::size_t c = class_of(size);
  block* b = links_of(p);
  mark_free(b, class_size(c));
  thread_cache& tc = t_cache;
  if (tc.dead) {
    b->next = nullptr;
    depot_push_loose(c, b);
    return;
  }
  if (!tc.flush_registered) [[unlikely]] register_flush(tc);
  b->next = tc.head[c];
  tc.head[c] = b;
  if (++tc.count[c] >= k_local_max) spill(tc, c);
}

}  // namespace incan::rt::detail

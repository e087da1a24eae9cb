// Tests of the frame pool (detail/frame_alloc.h) in isolation: blocks of every size
// class handed between threads keep their contents, never overlap, and are reused.
// The pool stays on in sanitizer builds, so these also run under ThreadSanitizer (every
// hand-off between threads must be visible to it) and AddressSanitizer (free blocks are
// poisoned: the death tests at the end); the parameter is the number of threads.
#include "incan/rt/detail/frame_alloc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class frame_pool_test : public workers_test {};
INCAN_RT_INSTANTIATE_WORKERS(frame_pool_test);

struct block_ref {
  unsigned char* p;
  std::size_t size;
  unsigned char fill;
};

bool filled_with(const block_ref& b) {
  for (std::size_t i = 0; i < b.size; ++i) {
    if (b.p[i] != b.fill) return false;
  }
  return true;
}

// Each thread allocates blocks of varying sizes, fills them, and passes every other one
// to the next thread, which checks and frees it (cross-thread frees feed the depot).
TEST_P(frame_pool_test, blocks_cross_threads_intact) {
  const std::size_t threads = workers();
  const int per_thread = static_cast<int>(scaled(60'000, 6'000));
  std::vector<std::mutex> locks(threads);
  std::vector<std::deque<block_ref>> inbox(threads);
  std::vector<long> corrupt(threads, 0);
  std::vector<std::thread> pool;
  for (std::size_t id = 0; id < threads; ++id) {
    pool.emplace_back([&, id] {
      std::vector<block_ref> mine;
      std::uint32_t seed = static_cast<std::uint32_t>(id * 7919 + 1);
      for (int i = 0; i < per_thread; ++i) {
        seed = seed * 1664525u + 1013904223u;
        const std::size_t size = 1 + (seed >> 8) % (detail::k_frame_pool_max + 200);  // some above the cap
        block_ref b{static_cast<unsigned char*>(detail::frame_alloc(size)), size,
                    static_cast<unsigned char>(seed >> 24)};
        std::memset(b.p, b.fill, size);
        if (i % 2 == 0) {
          std::lock_guard<std::mutex> lock(locks[(id + 1) % threads]);
          inbox[(id + 1) % threads].push_back(b);
        } else {
          mine.push_back(b);
        }
        if (mine.size() > 64) {  // free our own, oldest first
          for (const block_ref& m : mine) {
            if (!filled_with(m)) ++corrupt[id];
            detail::frame_free(m.p, m.size);
          }
          mine.clear();
        }
        std::deque<block_ref> got;
        {
          std::lock_guard<std::mutex> lock(locks[id]);
          got.swap(inbox[id]);
        }
        for (const block_ref& g : got) {
          if (!filled_with(g)) ++corrupt[id];
          detail::frame_free(g.p, g.size);
        }
      }
      for (const block_ref& m : mine) {
        if (!filled_with(m)) ++corrupt[id];
        detail::frame_free(m.p, m.size);
      }
    });
  }
  for (std::thread& t : pool) t.join();
  for (std::size_t id = 0; id < threads; ++id) {
    for (const block_ref& g : inbox[id]) {
      if (!filled_with(g)) ++corrupt[id];
      detail::frame_free(g.p, g.size);
    }
    EXPECT_EQ(corrupt[id], 0) << "thread " << id;
  }
}

// Live blocks never overlap, and a freed block of a class is handed out again.
TEST_P(frame_pool_test, live_blocks_are_distinct_and_reused) {
  std::vector<void*> live;
  std::set<std::uintptr_t> seen;
  for (int i = 0; i < 1000; ++i) {
    void* p = detail::frame_alloc(96);
    EXPECT_TRUE(seen.insert(reinterpret_cast<std::uintptr_t>(p)).second);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 16, 0u);
    live.push_back(p);
  }
  for (void* p : live) detail::frame_free(p, 96);
  // Freed blocks go to the thread's list and, in batches, to the depot; allocating as
  // many again takes them back (the list may also hold a few older blocks).
  std::set<std::uintptr_t> again;
  for (int i = 0; i < 1000; ++i) again.insert(reinterpret_cast<std::uintptr_t>(detail::frame_alloc(96)));
  EXPECT_EQ(again.size(), 1000u);
  std::size_t reused = 0;
  for (std::uintptr_t p : again) reused += seen.count(p);
  EXPECT_GE(reused, 900u);
  for (std::uintptr_t p : again) detail::frame_free(reinterpret_cast<void*>(p), 96);
}

// Every size class is aligned as an object of that size needs: multiples of 16 to 16,
// other multiples of 8 to 8 (an object's alignment divides its size), and the smallest
// blocks (16 bytes: a oneshot's state) are distinct and reused too.
TEST_P(frame_pool_test, classes_are_aligned_for_their_sizes) {
  for (std::size_t size : {std::size_t{1}, std::size_t{8}, std::size_t{16}, std::size_t{24}, std::size_t{40},
                           std::size_t{152}, std::size_t{160}, std::size_t{200}, std::size_t{1016}}) {
    std::vector<void*> live;
    std::set<std::uintptr_t> seen;
    for (int i = 0; i < 300; ++i) {
      void* p = detail::frame_alloc(size);
      const auto a = reinterpret_cast<std::uintptr_t>(p);
      EXPECT_TRUE(seen.insert(a).second) << "size " << size;
      EXPECT_EQ(a % (size % 16 == 0 ? 16 : 8), 0u) << "size " << size;
      std::memset(p, 0x5a, size);
      live.push_back(p);
    }
    for (void* p : live) detail::frame_free(p, size);
  }
}

// A thread that exits leaves its cached blocks in the depot; another thread gets them.
TEST_P(frame_pool_test, blocks_cached_by_an_exited_thread_are_reused) {
  constexpr std::size_t size = 16;
  constexpr int n = 100;  // fewer than a thread keeps cached: they stay on its lists
  std::set<std::uintptr_t> freed;
  std::thread([&] {
    std::vector<void*> mine;
    for (int i = 0; i < n; ++i) mine.push_back(detail::frame_alloc(size));
    for (void* p : mine) {
      freed.insert(reinterpret_cast<std::uintptr_t>(p));
      detail::frame_free(p, size);
    }
  }).join();
  // This thread takes its own cached blocks and the depot's full batches first, the
  // exited thread's blocks once those run out.
  std::size_t reused = 0;
  std::vector<void*> got;
  for (int i = 0; i < 100'000 && reused < static_cast<std::size_t>(n); ++i) {
    got.push_back(detail::frame_alloc(size));
    reused += freed.count(reinterpret_cast<std::uintptr_t>(got.back()));
  }
  EXPECT_EQ(reused, static_cast<std::size_t>(n));
  for (void* p : got) detail::frame_free(p, size);
}

// A thread that only frees (a few blocks, never reaching a spill) also hands its cached
// blocks back when it exits: another thread gets them again.
TEST_P(frame_pool_test, blocks_freed_by_a_thread_that_never_allocates_are_reused) {
  constexpr std::size_t size = 24;
  constexpr int n = 50;  // fewer than a thread keeps cached before spilling
  std::vector<void*> mine;
  std::set<std::uintptr_t> freed;
  for (int i = 0; i < n; ++i) {
    mine.push_back(detail::frame_alloc(size));
    freed.insert(reinterpret_cast<std::uintptr_t>(mine.back()));
  }
  std::thread([&] {
    for (void* p : mine) detail::frame_free(p, size);
  }).join();
  std::size_t reused = 0;
  std::vector<void*> got;
  for (int i = 0; i < 100'000 && reused < static_cast<std::size_t>(n); ++i) {
    got.push_back(detail::frame_alloc(size));
    reused += freed.count(reinterpret_cast<std::uintptr_t>(got.back()));
  }
  EXPECT_EQ(reused, static_cast<std::size_t>(n));
  for (void* p : got) detail::frame_free(p, size);
}

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer a free block is poisoned: touching a freed (pooled, not
// returned to the system) block is reported as use-after-poison; so are the bytes of a
// size class beyond what was asked for, and freeing a block twice.
class frame_pool_asan_death_test : public ::testing::Test {
 protected:
  frame_pool_asan_death_test() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(frame_pool_asan_death_test, write_to_a_freed_block_is_reported) {
  // The freed block is the next one handed out for its class: it is pooled.
  void* first = detail::frame_alloc(96);
  detail::frame_free(first, 96);
  void* again = detail::frame_alloc(96);
  EXPECT_EQ(again, first);
  detail::frame_free(again, 96);
  EXPECT_DEATH(
      {
        auto* p = static_cast<volatile unsigned char*>(again);
        p[40] = 1;
      },
      "use-after-poison");
}

TEST_F(frame_pool_asan_death_test, read_of_a_freed_block_is_reported) {
  auto* p = static_cast<volatile std::uint64_t*>(detail::frame_alloc(160));
  p[0] = 7;
  detail::frame_free(const_cast<std::uint64_t*>(p), 160);
  EXPECT_DEATH({ [[maybe_unused]] std::uint64_t v = p[0]; }, "use-after-poison");
}

TEST_F(frame_pool_asan_death_test, bytes_past_the_requested_size_are_reported) {
  auto* p = static_cast<volatile unsigned char*>(detail::frame_alloc(88));  // class 88
  p[87] = 1;  // the last requested byte is fine
  // 81 bytes in class 88: bytes 81-87 stay poisoned. They share the block's last 8-byte
  // granule, which ASan reports by what follows it (the allocation's redzone).
  EXPECT_DEATH({ auto* q = static_cast<volatile unsigned char*>(detail::frame_alloc(81)); q[84] = 1; },
               "heap-buffer-overflow|use-after-poison");
  detail::frame_free(const_cast<unsigned char*>(p), 88);
}

TEST_F(frame_pool_asan_death_test, double_free_is_reported) {
  void* p = detail::frame_alloc(64);
  detail::frame_free(p, 64);
  EXPECT_DEATH(detail::frame_free(p, 64), "frame pool: double free");
}
#endif

}  // namespace
}  // namespace incan::rt::testing

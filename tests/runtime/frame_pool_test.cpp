// Tests of the frame pool (detail/frame_alloc.h) in isolation: blocks of every size
// class handed between threads keep their contents, never overlap, and are reused.
// Sanitizer builds bypass the pool (plain new), so these run the pool proper only in
// normal builds; the parameter is the number of threads (1 and 4, as everywhere).
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
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  EXPECT_GE(reused, 900u);
#endif
  for (std::uintptr_t p : again) detail::frame_free(reinterpret_cast<void*>(p), 96);
}

}  // namespace
}  // namespace incan::rt::testing

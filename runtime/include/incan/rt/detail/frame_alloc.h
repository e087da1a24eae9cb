// frame_alloc / frame_free: the allocator of coroutine frames and task cells. Part of
// incan_rt (task layer); the pool is in src/task/frame_pool.cpp.
//
// Tasks are allocated and freed at a high rate and often on different threads (spawned
// on one worker, finished on another, freed by the joiner). Blocks up to
// k_frame_pool_max bytes come from per-thread free lists per 16-byte size class, which
// trade batches of blocks through a global depot; larger blocks, and every block in
// sanitizer builds (so ASan still sees use-after-free), use ::operator new.
#pragma once

#include <cstddef>

namespace incan::rt::detail {

inline constexpr std::size_t k_frame_pool_max = 1024;

void* frame_alloc(std::size_t size);
void frame_free(void* p, std::size_t size) noexcept;

}  // namespace incan::rt::detail

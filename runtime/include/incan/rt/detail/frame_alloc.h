// frame_alloc / frame_free: the allocator of coroutine frames and task cells. Part of
// incan_rt (task layer); the pool is in src/task/frame_pool.cpp.
//
// Tasks are allocated and freed at a high rate and often on different threads (spawned
// on one worker, finished on another, freed by the joiner). Blocks up to
// k_frame_pool_max bytes come from per-thread free lists per 8-byte size class, which
// trade batches of blocks through a global depot; larger blocks use ::operator new.
// The pool stays on in sanitizer builds: under AddressSanitizer a free block is
// poisoned, so a use of a recycled frame is reported (frame_pool.cpp).
//
// Alignment: a block whose size is a multiple of 16 is 16-aligned, any other block is
// 8-aligned. That suffices for an object (or coroutine frame) of that size, because an
// object's alignment divides its size: a size that is an odd multiple of 8 means an
// alignment of at most 8. Ask for the object's exact size, not a rounded one.
#pragma once

#include <cstddef>

namespace incan::rt::detail {

inline constexpr std::size_t k_frame_pool_max = 1024;

void* frame_alloc(std::size_t size);
void frame_free(void* p, std::size_t size) noexcept;

}  // namespace incan::rt::detail

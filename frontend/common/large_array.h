// Reserving the large arrays the stages fill once (tokens, AST nodes, the checker's
// side tables), with transparent huge pages where the system offers them.
#pragma once

#include <cstddef>
#include <vector>

namespace incan {

// Asks the kernel to back [data, data + bytes) with transparent huge pages (Linux
// `madvise(MADV_HUGEPAGE)`; a no-op elsewhere, for ranges under 4 MiB, and when the
// system does not offer them). Only whole 2 MiB pages inside the range are advised.
// The environment variable INCAN_HUGE_PAGES=0 turns the advice off.
void advise_huge_pages(const void* data, std::size_t bytes);

// Called once at the start of a process that runs the compiler stages (the driver):
// every thread allocates from the one main heap (the stages run on a thread with a
// big stack, whose own arena would grow 64 MiB heaps by one mprotect per 128 KiB),
// the heap grows in large steps, and the part of it that grows is advised for
// transparent huge pages, so a large program costs few page faults.
void tune_allocator();

// `v.reserve(n)`, then the advice for the reserved bytes. Call it before the array is
// filled: memory already touched keeps its small pages.
template <class T>
void reserve_large(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace incan

#include "frontend/common/large_array.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#if defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace incan {

namespace {
// INCAN_HUGE_PAGES=0 turns the advice off (the scaling test measures the checker's
// algorithms, not whether the kernel had huge pages free at that moment).
bool huge_pages_wanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("INCAN_HUGE_PAGES");
    return v == nullptr || std::string_view(v) != "0";
  }();
  return wanted;
}
}  // namespace

void advise_huge_pages(const void* data, std::size_t bytes) {
  if (!huge_pages_wanted()) return;
#if defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice only
#else
  (void)data;
  (void)bytes;
#endif
}

void tune_allocator() {
#if defined(__linux__) && defined(M_ARENA_MAX) && defined(MADV_HUGEPAGE)
  // One arena: the main heap, grown with brk.
  mallopt(M_ARENA_MAX, 1);
  // The heap's first growth reserves kPad bytes of address space beyond what is
  // asked; pages are only backed when touched. Advising the whole reserved range
  // makes its pages huge ones where the system allows.
  constexpr std::size_t kPad = std::size_t{1} << 30;
  mallopt(M_TOP_PAD, static_cast<int>(kPad));
  mallopt(M_TRIM_THRESHOLD, INT32_MAX);
  // A block bigger than the heap's free top forces that growth now (M_MMAP_THRESHOLD
  // is the largest request malloc serves from the heap rather than by mmap).
  constexpr int kForce = 4 << 20;
  mallopt(M_MMAP_THRESHOLD, 2 * kForce);
  void* start = sbrk(0);
  void* first = std::malloc(kForce);
  asm volatile("" : : "r"(first) : "memory");  // the compiler may not drop the pair
  void* end = sbrk(0);
  if (start != reinterpret_cast<void*>(-1) && end != reinterpret_cast<void*>(-1) && end > start)
    advise_huge_pages(start, static_cast<char*>(end) - static_cast<char*>(start));
  std::free(first);
  // Later growth asks for no more than it needs, and the reserved range is never
  // given back (a compiler process is short-lived).
  mallopt(M_TOP_PAD, 1 << 20);
#endif
}

}  // namespace incan

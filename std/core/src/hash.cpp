// Byte-string hashing for incan::hasher. Part of std/core.
#include "incan/core/hash.h"

#include <cstring>

namespace incan::detail {
namespace {

// Nothing-up-my-sleeve constants: hexadecimal digits of pi and the golden ratio.
constexpr std::uint64_t k_pi0 = 0x243f6a8885a308d3ULL;
constexpr std::uint64_t k_pi1 = 0x13198a2e03707344ULL;
constexpr std::uint64_t k_pi2 = 0xa4093822299f31d0ULL;
constexpr std::uint64_t k_pi3 = 0x082efa98ec4e6c89ULL;
constexpr std::uint64_t k_golden = 0x9e3779b97f4a7c15ULL;

// 64x64 -> 128-bit product, folded back to 64 bits (high half xor low half).
inline std::uint64_t fold_mul(std::uint64_t a, std::uint64_t b) noexcept {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t load64(const unsigned char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint64_t load32(const unsigned char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::uint64_t hash_bytes(const char* data, std::size_t size) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  std::uint64_t h = k_pi0 ^ (static_cast<std::uint64_t>(size) * k_golden);
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  // Each branch reads every byte at least once; for a fixed length the pair (a, b)
  // determines the input.
  if (size <= 16) {
    if (size >= 8) {
      a = load64(p);
      b = load64(p + size - 8);
    } else if (size >= 4) {
      a = load32(p);
      b = load32(p + size - 4);
    } else if (size > 0) {
      a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[size >> 1]} << 8) | p[size - 1];
    }
  } else {
    std::size_t left = size;
    while (left > 16) {
      h = fold_mul(load64(p) ^ k_pi1, load64(p + 8) ^ h);
      p += 16;
      left -= 16;
    }
    // The last 16 bytes (overlapping the previous round when size is not a multiple).
    a = load64(p + left - 16);
    b = load64(p + left - 8);
  }
  h = fold_mul(a ^ k_pi1, b ^ h);
  return fold_mul(h ^ k_pi2, static_cast<std::uint64_t>(size) ^ k_pi3);
}

}  // namespace incan::detail

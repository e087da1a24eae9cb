// Typed 32-bit indices into the flat stores that every stage hands to the next.
#pragma once

#include <cstdint>
#include <functional>

namespace incan {

// An index of kind `Tag`. `invalid()` marks an absent node (e.g. no else-branch).
template <class Tag>
struct Id {
  std::uint32_t index = UINT32_MAX;
  constexpr Id() = default;
  constexpr explicit Id(std::uint32_t i) : index(i) {}
  static constexpr Id invalid() { return Id(); }
  constexpr bool is_valid() const { return index != UINT32_MAX; }
  friend constexpr bool operator==(Id a, Id b) { return a.index == b.index; }
};

}  // namespace incan

template <class Tag>
struct std::hash<incan::Id<Tag>> {
  std::size_t operator()(incan::Id<Tag> id) const noexcept { return id.index; }
};

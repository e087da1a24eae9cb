// The unit value: what an Incan `None`-typed expression holds. Part of std/core,
// the dependency-free policy library shared by generated code and the runtime.
#pragma once

namespace incan {

// `()`: the only value of the Incan type `None` used as a value (Debug prints `()`).
struct unit {
  friend constexpr bool operator==(unit, unit) noexcept { return true; }
};

}  // namespace incan

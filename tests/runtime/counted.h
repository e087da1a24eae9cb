// counted: a value type that counts its constructions and destructions, to catch leaks
// and double destroys of coroutine frames, task outputs and captured values.
#pragma once

#include <atomic>
#include <cstdint>

namespace incan::rt::testing {

class counted {
 public:
  static void reset() noexcept {
    constructed_ = 0;
    destroyed_ = 0;
    double_destroyed_ = 0;
  }
  // Objects alive now (constructed minus destroyed).
  static long live() noexcept { return constructed_.load() - destroyed_.load(); }
  static long constructed() noexcept { return constructed_.load(); }
  static long double_destroyed() noexcept { return double_destroyed_.load(); }

  explicit counted(std::int64_t value = 0) noexcept : value_(value) { ++constructed_; }
  counted(const counted& other) noexcept : value_(other.value_) { ++constructed_; }
  counted(counted&& other) noexcept : value_(other.value_) { ++constructed_; }
  counted& operator=(const counted& other) noexcept {
    value_ = other.value_;
    return *this;
  }
  ~counted() {
    if (magic_ != k_alive) {
      ++double_destroyed_;
      return;
    }
    magic_ = k_dead;
    ++destroyed_;
  }

  std::int64_t value() const noexcept { return value_; }

 private:
  static constexpr std::uint32_t k_alive = 0xA11CE5ED;
  static constexpr std::uint32_t k_dead = 0xDEADBEEF;
  static inline std::atomic<long> constructed_{0};
  static inline std::atomic<long> destroyed_{0};
  static inline std::atomic<long> double_destroyed_{0};

  std::uint32_t magic_ = k_alive;
  std::int64_t value_;
};

}  // namespace incan::rt::testing

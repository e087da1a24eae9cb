// Integer ranges: `range(...)`, `a..b`, `a..=b` (LANGUAGE.md 7.13 and 11). Part of std/core.
#pragma once

#include <cstdint>

#include "incan/core/panic.h"

namespace incan {

// A lazy, Python-semantics integer sequence. Iteration never overflows: the
// number of steps is computed up front in unsigned arithmetic.
class range_view {
 public:
  explicit range_view(std::int64_t stop) : range_view(0, stop, 1) {}
  range_view(std::int64_t start, std::int64_t stop, std::int64_t step = 1) : start_(start), step_(step) {
    if (step == 0) panic("ValueError: range() arg 3 must not be zero");
    if (step > 0 && start < stop) {
      count_ = (static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start) - 1) /
                   static_cast<std::uint64_t>(step) + 1;
    } else if (step < 0 && start > stop) {
      count_ = (static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop) - 1) /
                   (0 - static_cast<std::uint64_t>(step)) + 1;
    }
  }
  // `a..=b`
  static range_view inclusive(std::int64_t start, std::int64_t last) {
    range_view r(start, start, 1);
    if (start <= last) r.count_ = static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(start) + 1;
    return r;
  }

  class iterator {
   public:
    iterator(std::int64_t value, std::int64_t step, std::uint64_t left) : value_(value), step_(step), left_(left) {}
    std::int64_t operator*() const { return value_; }
    iterator& operator++() {
      if (--left_ != 0) value_ = static_cast<std::int64_t>(static_cast<std::uint64_t>(value_) + static_cast<std::uint64_t>(step_));
      return *this;
    }
    bool operator!=(const iterator& other) const { return left_ != other.left_; }
    bool operator==(const iterator& other) const { return left_ == other.left_; }

   private:
    std::int64_t value_;
    std::int64_t step_;
    std::uint64_t left_;
  };
  iterator begin() const { return iterator(start_, step_, count_); }
  iterator end() const { return iterator(0, step_, 0); }
  std::uint64_t size() const { return count_; }

 private:
  std::int64_t start_;
  std::int64_t step_;
  std::uint64_t count_ = 0;
};

}  // namespace incan

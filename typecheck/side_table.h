// SideTable<T>: a table indexed by AST node ID where only some nodes have an entry
// (call information for Call expressions, member resolution for Member ones, ...).
//
// A dense std::vector<T> costs sizeof(T) for every node of the program; this costs
// four bytes per node plus one T per node that has an entry, which keeps the
// checker's memory (and the page faults that dominate `incan check` on large
// programs) proportional to what it records. Entries live in a deque, so a
// reference returned by operator[] stays valid while other entries are added (the
// checker holds a CallInfo& while it checks the call's arguments).
//
// Reading a node without an entry through a const table gives a default T; through
// a mutable table it creates the entry, as std::vector::operator[] would have
// returned the default-constructed element.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace incan::sema {

template <class T>
class SideTable {
 public:
  // The number of nodes; every entry is (again) absent.
  void resize(std::size_t nodes) {
    slots_.assign(nodes, kAbsent);
    values_.clear();
  }
  std::size_t size() const { return slots_.size(); }
  bool has(std::size_t node) const { return slots_[node] != kAbsent; }

  T& operator[](std::size_t node) {
    std::uint32_t& slot = slots_[node];
    if (slot == kAbsent) {
      slot = static_cast<std::uint32_t>(values_.size());
      values_.emplace_back();
    }
    return values_[slot];
  }
  const T& operator[](std::size_t node) const {
    std::uint32_t slot = slots_[node];
    return slot == kAbsent ? absent_ : values_[slot];
  }

 private:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;
  std::vector<std::uint32_t> slots_;  // by node: index into values_, or kAbsent
  std::deque<T> values_;
  T absent_{};
};

}  // namespace incan::sema

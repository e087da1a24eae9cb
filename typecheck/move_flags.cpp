// The moved flags and their undo trail (see move_flags.h).
#include "typecheck/move_flags.h"

#include <algorithm>

namespace incan::sema {

void MoveFlags::set(std::uint32_t local, bool moved) {
  if (flags_[local] == moved) return;
  trail_.push_back({local, static_cast<bool>(flags_[local])});
  flags_[local] = moved;
}

void MoveFlags::rewind(Mark m) {
  while (trail_.size() > m.trail) {
    Entry e = trail_.back();
    trail_.pop_back();
    // A local declared after the mark keeps its flag.
    if (e.local < m.locals) flags_[e.local] = e.old;
  }
}

MoveFlags::Outcome MoveFlags::since(Mark m) {
  Outcome out;
  std::uint32_t seen = next_stamp();
  for (std::size_t i = m.trail; i < trail_.size(); ++i) {
    std::uint32_t local = trail_[i].local;
    if (local >= m.locals || stamps_[local] == seen) continue;
    stamps_[local] = seen;
    out.emplace_back(local, flags_[local]);
  }
  return out;
}

void MoveFlags::apply(const Outcome& o) {
  for (const auto& [local, moved] : o) set(local, moved);
}

void MoveFlags::merge(Mark m, const Outcome& o) {
  // The other branch's flag is its value in `o` for the locals listed there, else the
  // value at the mark. Only the flags that become set change.
  std::vector<std::uint32_t> to_set;
  std::uint32_t in_other = next_stamp();
  for (const auto& [local, moved] : o) {
    stamps_[local] = in_other;
    if (moved && !flags_[local]) to_set.push_back(local);
  }
  // A local changed since the mark but not in `o`: the other branch left it as it was
  // at the mark, which is the old value of its first trail entry past the mark.
  std::uint32_t seen = next_stamp();
  for (std::size_t i = m.trail; i < trail_.size(); ++i) {
    const Entry& e = trail_[i];
    if (e.local >= m.locals || stamps_[e.local] == in_other || stamps_[e.local] == seen) continue;
    stamps_[e.local] = seen;
    if (e.old && !flags_[e.local]) to_set.push_back(e.local);
  }
  for (std::uint32_t local : to_set) set(local, true);
}

std::uint32_t MoveFlags::next_stamp() {
  if (++stamp_ == 0) {
    // Wrapped around: old stamps could collide with new ones.
    std::fill(stamps_.begin(), stamps_.end(), 0);
    stamp_ = 1;
  }
  return stamp_;
}

}  // namespace incan::sema

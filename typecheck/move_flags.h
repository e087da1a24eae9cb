// Which locals hold a moved value (LANGUAGE.md 4.5), saved and restored around
// branches in time proportional to what the branches changed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace incan::sema {

// One flag per local (indexed like Program::locals): set when the local's move-only
// value is consumed, cleared when the local is reassigned.
//
// The move checker saves the flags before a branch (`if`/`else`, each `match` arm),
// restores them for the next branch, and merges the outcomes afterwards. Copying one
// flag per local at every branch made checking quadratic: locals accumulate over the
// whole program, and branches are everywhere. Here every change of a flag is instead
// pushed on an undo trail with the value it replaced:
//
//   - a saved state is a `Mark`: the trail's length (and the number of locals) then;
//   - `rewind(mark)` pops the entries past the mark and puts their old values back;
//   - a branch's outcome (`since(mark)`) lists the flags changed past the mark, with
//     their values now; `apply` and `merge` replay such a list.
//
// Each costs O(entries past the mark), that is O(flag changes inside the branch),
// never O(locals). `clear_trail()` drops the trail when no mark is held (at the start
// of each function body), so the trail is bounded by one function's flag changes.
//
// A mark covers only the locals declared before it: `rewind`, `apply` and `merge`
// leave the flags of locals declared later (inside the branch) as they are, exactly
// as a saved copy of the flags of the locals that existed then would.
class MoveFlags {
 public:
  struct Mark {
    std::size_t trail = 0;
    std::uint32_t locals = 0;
  };
  // The flags a branch changed relative to its mark: (local, value at the branch's end).
  using Outcome = std::vector<std::pair<std::uint32_t, bool>>;

  // A new local, not moved.
  void add_local() {
    flags_.push_back(false);
    stamps_.push_back(0);
  }
  std::size_t size() const { return flags_.size(); }
  bool moved(std::uint32_t local) const { return flags_[local]; }
  void set(std::uint32_t local, bool moved);

  Mark mark() const { return {trail_.size(), static_cast<std::uint32_t>(flags_.size())}; }
  // Back to the flags at `m` (for the locals it covers).
  void rewind(Mark m);
  // The outcome of the branch checked since `m`: each covered local whose flag changed
  // since, once, with its current value.
  Outcome since(Mark m);
  // Sets the flags to `o`'s values: after `rewind(m)`, this is the state `o` was taken in.
  void apply(const Outcome& o);
  // After `rewind(m)` and a second branch, each flag becomes (value now) or (value at the
  // end of the branch `o` was taken from, since `m`): a value moved on either path is moved.
  void merge(Mark m, const Outcome& o);
  // Forgets the trail; no mark taken before may be used afterwards.
  void clear_trail() { trail_.clear(); }

 private:
  struct Entry {
    std::uint32_t local;
    bool old;
  };
  std::uint32_t next_stamp();

  std::vector<bool> flags_;
  std::vector<Entry> trail_;
  // Scratch for `since` and `merge`: a local whose stamp equals the current pass's has
  // been seen in that pass (no clearing between passes).
  std::vector<std::uint32_t> stamps_;
  std::uint32_t stamp_ = 0;
};

}  // namespace incan::sema

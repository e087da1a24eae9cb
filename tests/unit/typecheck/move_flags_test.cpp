// MoveFlags (typecheck/move_flags.h) against the plain model it replaces: a copy of
// every local's flag saved before a branch, restored and merged element-wise.
#include "typecheck/move_flags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace incan::sema {
namespace {

// The model: a saved state is a copy of the flags of the locals existing then;
// restoring and merging touch only those. Like the checker, the driver changes only
// locals in scope, so a local declared in one branch is never changed in the next.
struct Model {
  std::vector<bool> flags;
  std::vector<bool> save() const { return flags; }
  void restore(const std::vector<bool>& s) {
    for (std::size_t i = 0; i < s.size(); ++i) flags[i] = s[i];
  }
  void merge(const std::vector<bool>& s) {
    for (std::size_t i = 0; i < s.size(); ++i) flags[i] = flags[i] || s[i];
  }
};

// Runs the same random statements on both, the way the checker drives them
// (`if`/`else` and `match` as in check_stmt.cpp and check_pattern.cpp).
class Driver {
 public:
  explicit Driver(unsigned seed) : rng_(seed) {}

  void block(int depth) {
    int n = pick(1, 5);
    for (int i = 0; i < n; ++i) stmt(depth);
  }

  void check_equal() {
    ASSERT_EQ(flags_.size(), model_.flags.size());
    for (std::uint32_t i = 0; i < flags_.size(); ++i) ASSERT_EQ(flags_.moved(i), model_.flags[i]) << "local " << i;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void stmt(int depth) {
    int k = pick(0, 9);
    if (depth >= 4 || k < 5) {
      if (k <= 1 || visible_.empty()) {
        visible_.push_back(static_cast<std::uint32_t>(flags_.size()));
        flags_.add_local();
        model_.flags.push_back(false);
      } else {
        // Only locals in scope: those of enclosing blocks, as the checker's lookup.
        std::uint32_t local = visible_[pick(0, static_cast<int>(visible_.size()) - 1)];
        bool moved = k != 4;  // else a reassignment
        flags_.set(local, moved);
        model_.flags[local] = moved;
      }
      check_equal();
      return;
    }
    if (k < 8) {
      if_else(depth);
    } else {
      match(depth);
    }
    check_equal();
  }

  bool branch(int depth) {
    std::size_t scope = visible_.size();
    block(depth + 1);
    visible_.resize(scope);  // the branch's locals go out of scope
    return pick(0, 3) == 0;  // the branch always returns
  }

  void if_else(int depth) {
    bool has_else = pick(0, 1) == 1;
    MoveFlags::Mark before = flags_.mark();
    std::vector<bool> m_before = model_.save();
    bool then_returns = branch(depth);
    MoveFlags::Outcome after_then = flags_.since(before);
    std::vector<bool> m_after_then = model_.save();
    flags_.rewind(before);
    model_.restore(m_before);
    check_equal();
    bool else_returns = has_else && branch(depth);
    if (has_else && else_returns) {
      flags_.rewind(before);
      if (!then_returns) flags_.apply(after_then);
      model_.restore(then_returns ? m_before : m_after_then);
    } else if (!then_returns) {
      flags_.merge(before, after_then);
      model_.merge(m_after_then);
    }
  }

  void match(int depth) {
    MoveFlags::Mark at_match = flags_.mark();
    std::vector<std::uint32_t> moved_in_arms;
    std::vector<bool> m_before = model_.save();
    std::vector<bool> m_merged = m_before;
    int arms = pick(1, 4);
    for (int a = 0; a < arms; ++a) {
      flags_.rewind(at_match);
      model_.restore(m_before);
      check_equal();
      if (!branch(depth)) {
        for (const auto& [local, moved] : flags_.since(at_match))
          if (moved) moved_in_arms.push_back(local);
        std::vector<bool> now = model_.save();
        m_merged.resize(std::max(m_merged.size(), now.size()));
        for (std::size_t i = 0; i < now.size(); ++i) m_merged[i] = m_merged[i] || now[i];
      }
    }
    flags_.rewind(at_match);
    for (std::uint32_t local : moved_in_arms) flags_.set(local, true);
    model_.restore(m_merged);
  }

  std::mt19937 rng_;
  std::vector<std::uint32_t> visible_;
  MoveFlags flags_;
  Model model_;
};

TEST(MoveFlagsTest, RewindRestoresOnlyLocalsOlderThanTheMark) {
  MoveFlags f;
  f.add_local();
  f.set(0, true);
  MoveFlags::Mark m = f.mark();
  f.set(0, false);
  f.add_local();
  f.set(1, true);
  f.rewind(m);
  EXPECT_TRUE(f.moved(0));
  EXPECT_TRUE(f.moved(1));  // declared in the branch: kept
}

TEST(MoveFlagsTest, MergeKeepsAValueMovedOnEitherPath) {
  MoveFlags f;
  for (int i = 0; i < 3; ++i) f.add_local();
  f.set(2, true);
  MoveFlags::Mark m = f.mark();
  f.set(0, true);  // then: moves 0
  MoveFlags::Outcome then = f.since(m);
  f.rewind(m);
  f.set(1, true);   // else: moves 1 and reassigns 2
  f.set(2, false);
  f.merge(m, then);
  EXPECT_TRUE(f.moved(0));
  EXPECT_TRUE(f.moved(1));
  EXPECT_TRUE(f.moved(2));  // still moved on the path through `then`
}

TEST(MoveFlagsTest, SinceListsEachChangedLocalOnce) {
  MoveFlags f;
  for (int i = 0; i < 2; ++i) f.add_local();
  MoveFlags::Mark m = f.mark();
  f.set(1, true);
  f.set(1, false);
  f.set(1, true);
  MoveFlags::Outcome o = f.since(m);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].first, 1u);
  EXPECT_TRUE(o[0].second);
}

TEST(MoveFlagsTest, MatchesTheCopyingModelOnRandomBranches) {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(seed);
    Driver d(seed);
    for (int i = 0; i < 4; ++i) {
      d.block(0);
      if (::testing::Test::HasFatalFailure()) return;
    }
    d.check_equal();
  }
}

}  // namespace
}  // namespace incan::sema

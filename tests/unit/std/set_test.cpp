// Tests for incan/core/set.h: the insertion-ordered set (LANGUAGE.md 4.6, 7.8, 12.4,
// 13.2). Expected values are written out by hand.
#include "incan/core/set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace incan {
namespace {

using ints = set<std::int64_t>;

std::vector<std::int64_t> elems(const ints& s) { return std::vector<std::int64_t>(s.begin(), s.end()); }

TEST(SetTest, EmptySet) {
  ints s;
  EXPECT_EQ(s.len(), 0);
  EXPECT_EQ(len(s), 0);
  EXPECT_TRUE(s.is_empty());
  EXPECT_FALSE(to_bool(s));
  EXPECT_EQ(to_debug(s), "{}");
  EXPECT_EQ(to_display(s), "{}");
  EXPECT_FALSE(s.contains(0));
  EXPECT_EQ(to_debug(s.to_list()), "[]");
}

TEST(SetTest, LiteralDuplicatesCollapseFirstOccurrenceWins) {
  ints s{3, 1, 3, 2, 1};
  EXPECT_EQ(s.len(), 3);  // "Set - Size (duplicates removed): 3"
  EXPECT_EQ(elems(s), (std::vector<std::int64_t>{3, 1, 2}));
  EXPECT_EQ(to_debug(s), "{3, 1, 2}");
  EXPECT_EQ(to_display(s), "{3, 1, 2}");
  EXPECT_EQ(to_debug(s.to_list()), "[3, 1, 2]");
  set<std::string> words{"b", "a", "b"};
  EXPECT_EQ(to_debug(words), "{\"b\", \"a\"}");
  EXPECT_EQ(to_debug(ints{7}), "{7}");
}

TEST(SetTest, FromList) {
  list<std::int64_t> xs{5, 5, 4, 5, 3};
  ints s(xs);
  EXPECT_EQ(to_debug(s), "{5, 4, 3}");
}

TEST(SetTest, AddContainsRemove) {
  ints s;
  EXPECT_TRUE(s.add(10));
  EXPECT_TRUE(s.add(20));
  EXPECT_FALSE(s.add(10));
  EXPECT_TRUE(s.add(30));
  EXPECT_EQ(to_debug(s), "{10, 20, 30}");
  EXPECT_TRUE(s.contains(20));
  EXPECT_FALSE(s.contains(25));
  EXPECT_TRUE(s.remove(10));
  EXPECT_FALSE(s.remove(10));
  EXPECT_FALSE(s.remove(99));
  EXPECT_EQ(to_debug(s), "{20, 30}");
  EXPECT_TRUE(s.add(10));  // re-added at the end
  EXPECT_EQ(to_debug(s), "{20, 30, 10}");
  EXPECT_EQ(s.len(), 3);
  s.clear();
  EXPECT_EQ(to_debug(s), "{}");
  EXPECT_TRUE(s.add(1));
  EXPECT_EQ(to_debug(s), "{1}");
}

TEST(SetTest, SetAlgebraKeepsOrder) {
  ints a{1, 2, 3, 4};
  ints b{6, 4, 2, 5};
  EXPECT_EQ(to_debug(a.union_(b)), "{1, 2, 3, 4, 6, 5}");
  EXPECT_EQ(to_debug(b.union_(a)), "{6, 4, 2, 5, 1, 3}");
  EXPECT_EQ(to_debug(a.intersection(b)), "{2, 4}");
  EXPECT_EQ(to_debug(b.intersection(a)), "{4, 2}");
  EXPECT_EQ(to_debug(a.difference(b)), "{1, 3}");
  EXPECT_EQ(to_debug(b.difference(a)), "{6, 5}");
  EXPECT_EQ(to_debug(a.symmetric_difference(b)), "{1, 3, 6, 5}");
  EXPECT_EQ(to_debug(a.union_(a)), "{1, 2, 3, 4}");
  EXPECT_EQ(to_debug(a.intersection(ints{})), "{}");
  EXPECT_EQ(to_debug(a.difference(ints{})), "{1, 2, 3, 4}");
  // The operands are unchanged.
  EXPECT_EQ(to_debug(a), "{1, 2, 3, 4}");
  EXPECT_EQ(to_debug(b), "{6, 4, 2, 5}");
}

TEST(SetTest, SubsetSupersetDisjoint) {
  ints a{1, 2};
  ints b{2, 1, 3};
  EXPECT_TRUE(a.is_subset(b));
  EXPECT_FALSE(b.is_subset(a));
  EXPECT_TRUE(b.is_superset(a));
  EXPECT_FALSE(a.is_superset(b));
  EXPECT_TRUE(a.is_subset(a));
  EXPECT_TRUE(ints{}.is_subset(a));
  EXPECT_FALSE(a.is_disjoint(b));
  EXPECT_TRUE(a.is_disjoint(ints{3, 4}));
  EXPECT_TRUE(ints{}.is_disjoint(ints{}));
}

TEST(SetTest, EqualityIgnoresOrder) {
  EXPECT_EQ((ints{1, 2, 3}), (ints{3, 2, 1}));
  EXPECT_EQ((ints{1, 1, 2}), (ints{2, 1}));
  EXPECT_NE((ints{1, 2}), (ints{1, 2, 3}));
  EXPECT_NE((ints{1, 2, 4}), (ints{1, 2, 3}));
  EXPECT_EQ(ints{}, ints{});
  static_assert(std::equality_comparable<ints>);
}

TEST(SetTest, ValueSemantics) {
  ints a{1, 2};
  ints b = a;
  b.add(3);
  b.remove(1);
  EXPECT_EQ(to_debug(a), "{1, 2}");
  EXPECT_EQ(to_debug(b), "{2, 3}");
  ints c = b.clone();
  c.add(9);
  EXPECT_EQ(to_debug(b), "{2, 3}");
  a = c;
  EXPECT_EQ(to_debug(a), "{2, 3, 9}");
}

TEST(SetTest, TupleAndStringElements) {
  set<std::tuple<std::int64_t, std::int64_t>> seen{{1, 2}, {2, 1}, {1, 2}};
  EXPECT_EQ(seen.len(), 2);
  EXPECT_TRUE(seen.contains({2, 1}));
  EXPECT_FALSE(seen.contains({2, 2}));
  EXPECT_EQ(to_debug(seen), "{(1, 2), (2, 1)}");
  set<std::tuple<std::string, std::int64_t>> named{{"a", 1}};
  EXPECT_TRUE(named.add({"a", 2}));
  EXPECT_FALSE(named.add({"a", 1}));
  EXPECT_EQ(to_debug(named), "{(\"a\", 1), (\"a\", 2)}");
  set<std::string> words{"it's", "a\"b"};
  EXPECT_EQ(to_debug(words), "{\"it's\", \"a\\\"b\"}");
  set<bool> flags{true, false, true};
  EXPECT_EQ(to_debug(flags), "{true, false}");
  EXPECT_EQ(to_debug(flags.to_list()), "[true, false]");
}

TEST(SetTest, NestedDebug) {
  list<ints> xs{ints{1}, ints{}};
  EXPECT_EQ(to_debug(xs), "[{1}, {}]");
  option<ints> o = some(ints{2, 3});
  EXPECT_EQ(to_debug(o), "Some({2, 3})");
}

TEST(SetTest, IterationIsInsertionOrder) {
  ints s{9, 8, 7};
  s.remove(8);
  s.add(1);
  std::vector<std::int64_t> seen;
  for (std::int64_t x : s) seen.push_back(x);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{9, 7, 1}));
  static_assert(std::forward_iterator<ints::const_iterator>);
  static_assert(std::same_as<decltype(*s.begin()), const std::int64_t&>);
}

TEST(SetTest, StressHundredThousandWithRemovals) {
  constexpr std::int64_t n = 100000;
  ints s;
  for (std::int64_t i = n - 1; i >= 0; --i) ASSERT_TRUE(s.add(i));
  for (std::int64_t i = 0; i < n; ++i) ASSERT_FALSE(s.add(i));
  EXPECT_EQ(s.len(), n);
  // Remove the odd numbers: 50000 remain, still in descending order.
  for (std::int64_t i = 1; i < n; i += 2) ASSERT_TRUE(s.remove(i));
  EXPECT_EQ(s.len(), 50000);
  std::int64_t expected = 99998;
  for (std::int64_t x : s) {
    ASSERT_EQ(x, expected);
    expected -= 2;
  }
  EXPECT_EQ(expected, -2);
  for (std::int64_t i = 0; i < n; ++i) ASSERT_EQ(s.contains(i), i % 2 == 0) << i;
  EXPECT_TRUE(s.add(1));
  EXPECT_EQ(s.to_list().at(-1), 1);
  EXPECT_EQ(s.to_list().at(0), 99998);
}

TEST(SetTest, RandomOperationsMatchANaiveModel) {
  std::mt19937_64 rng(777);
  ints s;
  std::vector<std::int64_t> model;  // insertion order, searched linearly
  for (int step = 0; step < 20000; ++step) {
    const std::int64_t x = static_cast<std::int64_t>(rng() % 200);
    auto it = std::find(model.begin(), model.end(), x);
    if (rng() % 2 == 0) {
      ASSERT_EQ(s.add(x), it == model.end());
      if (it == model.end()) model.push_back(x);
    } else {
      ASSERT_EQ(s.remove(x), it != model.end());
      if (it != model.end()) model.erase(it);
    }
    if (step % 500 == 0) {
      ASSERT_EQ(elems(s), model);
    }
  }
  EXPECT_EQ(elems(s), model);
}

}  // namespace
}  // namespace incan

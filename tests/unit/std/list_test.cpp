// Tests for incan/core/list.h: indexing, list methods and list builtins
// (LANGUAGE.md 7.7, 11, 12.2, 14).
#include "incan/core/list.h"

#include <gtest/gtest.h>

#include <cmath>
#include <compare>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <ranges>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "test_support.h"

namespace incan {
namespace {

using testing::panic_message;
using ints = list<std::int64_t>;

std::vector<std::int64_t> items(const ints& xs) { return std::vector<std::int64_t>(xs.begin(), xs.end()); }

TEST(ListTest, ConstructionAndLength) {
  ints empty;
  EXPECT_EQ(empty.len(), 0);
  EXPECT_TRUE(empty.is_empty());
  ints xs{1, 2, 3};
  EXPECT_EQ(xs.len(), 3);
  EXPECT_EQ(len(xs), 3);
  EXPECT_FALSE(xs.is_empty());
  ints ys(std::vector<std::int64_t>{4, 5});
  EXPECT_EQ(items(ys), (std::vector<std::int64_t>{4, 5}));
}

TEST(ListTest, PythonIndexing) {
  ints xs{10, 20, 30};
  EXPECT_EQ(xs.at(0), 10);
  EXPECT_EQ(xs.at(2), 30);
  EXPECT_EQ(xs.at(-1), 30);
  EXPECT_EQ(xs.at(-3), 10);
  xs.at(-2) = 99;
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{10, 99, 30}));
  const ints& c = xs;
  EXPECT_EQ(c.at(1), 99);
}

// Expected values are Python's (`list(range(5))[a:b:c]`), worked out by hand.
TEST(ListTest, SlicesFollowPython) {
  ints xs{0, 1, 2, 3, 4};
  const std::optional<std::int64_t> none;
  auto at = [](std::int64_t v) { return std::optional<std::int64_t>(v); };
  EXPECT_EQ(items(slice(xs, at(1), at(3), none)), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(items(slice(xs, none, none, at(-2))), (std::vector<std::int64_t>{4, 2, 0}));
  EXPECT_EQ(items(slice(xs, at(-2), none, none)), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(items(slice(xs, at(3), at(0), at(-1))), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(items(slice(xs, at(10), none, at(-1))), (std::vector<std::int64_t>{4, 3, 2, 1, 0}));
  EXPECT_EQ(items(slice(xs, at(-10), at(2), none)), (std::vector<std::int64_t>{0, 1}));
  EXPECT_TRUE(items(slice(xs, at(4), at(1), none)).empty());
  EXPECT_TRUE(items(slice(xs, at(1), at(4), at(-1))).empty());
  // Extreme bounds and steps neither overflow nor walk out of the list.
  constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(items(slice(xs, at(lo), at(hi), at(hi))), (std::vector<std::int64_t>{0}));
  EXPECT_EQ(items(slice(xs, at(hi), at(lo), at(lo))), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(items(slice(xs, at(lo), at(hi), none)), (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(panic_message([&] { slice(xs, none, none, at(0)); }), "ValueError: slice step cannot be zero");
}

TEST(ListTest, IndexOutOfRangePanics) {
  ints xs{10, 20, 30};
  EXPECT_EQ(panic_message([&] { xs.at(3); }), "IndexError: index 3 out of range for list of length 3");
  EXPECT_EQ(panic_message([&] { xs.at(-5); }), "IndexError: index -5 out of range for list of length 3");
  EXPECT_EQ(panic_message([&] { xs.at(-4); }), "IndexError: index -4 out of range for list of length 3");
  ints empty;
  EXPECT_EQ(panic_message([&] { empty.at(0); }), "IndexError: index 0 out of range for list of length 0");
  EXPECT_EQ(panic_message([&] { xs.at(std::numeric_limits<std::int64_t>::min()); }),
            "IndexError: index -9223372036854775808 out of range for list of length 3");
}

TEST(ListTest, AppendPopExtend) {
  ints xs;
  xs.append(1);
  xs.append(2);
  EXPECT_EQ(xs.pop(), 2);
  EXPECT_EQ(xs.pop(), 1);
  EXPECT_EQ(panic_message([&] { xs.pop(); }), "IndexError: pop from empty list");
  ints a{1, 2};
  a.extend(ints{3});
  EXPECT_EQ(items(a), (std::vector<std::int64_t>{1, 2, 3}));
  a.extend(a);
  EXPECT_EQ(items(a), (std::vector<std::int64_t>{1, 2, 3, 1, 2, 3}));
}

TEST(ListTest, ContainsIndexCount) {
  list<std::string> xs{"a", "b", "a"};
  EXPECT_TRUE(xs.contains("a"));
  EXPECT_FALSE(xs.contains("z"));
  EXPECT_EQ(xs.index("b"), 1);
  EXPECT_EQ(xs.index("a"), 0);
  EXPECT_EQ(xs.count("a"), 2);
  EXPECT_EQ(xs.count("z"), 0);
  EXPECT_EQ(panic_message([&] { xs.index("z"); }), "ValueError: value not found in list");
  list<double> nan{std::nan("")};
  EXPECT_FALSE(nan.contains(std::nan("")));
}

TEST(ListTest, CloneIsIndependent) {
  ints a{1, 2};
  ints b = a.clone();
  b.append(3);
  EXPECT_EQ(a.len(), 2);
  EXPECT_EQ(b.len(), 3);
}

TEST(ListTest, RemoveByIndex) {
  ints xs{1, 2, 3, 4};
  xs.remove(1);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 3, 4}));
  xs.remove(-1);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(panic_message([&] { xs.remove(2); }), "IndexError: index 2 out of range for list of length 2");
}

TEST(ListTest, Swap) {
  ints xs{1, 2, 3};
  xs.swap(0, -1);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(panic_message([&] { xs.swap(0, 3); }), "IndexError: index 3 out of range for list of length 3");
  EXPECT_EQ(panic_message([&] { xs.swap(-7, 0); }), "IndexError: index -7 out of range for list of length 3");
}

TEST(ListTest, InsertClampsLikePython) {
  ints xs{1, 2};
  xs.insert(1, 9);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 9, 2}));
  xs.insert(100, 7);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 9, 2, 7}));
  xs.insert(-1, 5);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 9, 2, 5, 7}));
  xs.insert(-100, 0);
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{0, 1, 9, 2, 5, 7}));
}

TEST(ListTest, SortReverseClear) {
  ints xs{3, 1, 2};
  xs.sort();
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{1, 2, 3}));
  xs.reverse();
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{3, 2, 1}));
  xs.clear();
  EXPECT_TRUE(xs.is_empty());
  list<std::string> words{"pear", "Apple", "apple", "éclair", "zebra"};
  words.sort();
  EXPECT_EQ(words, (list<std::string>{"Apple", "apple", "pear", "zebra", "éclair"}));
}

TEST(ListTest, SortedReturnsNewList) {
  ints xs{5, -1, 3};
  ints ys = sorted(xs);
  EXPECT_EQ(items(ys), (std::vector<std::int64_t>{-1, 3, 5}));
  EXPECT_EQ(items(xs), (std::vector<std::int64_t>{5, -1, 3}));
  // Stable: equal keys (-0.0 and 0.0) keep their original order.
  list<double> zs = sorted(list<double>{1.0, -0.0, 0.0, -1.0});
  EXPECT_EQ(zs.at(0), -1.0);
  EXPECT_TRUE(std::signbit(zs.at(1)));
  EXPECT_FALSE(std::signbit(zs.at(2)));
  // NaN compares equal to everything; sorting must stay well-defined.
  list<double> with_nan{3.0, std::nan(""), 1.0, 2.0};
  with_nan.sort();
  EXPECT_EQ(with_nan.len(), 4);
}

TEST(ListTest, EqualityAndOrdering) {
  EXPECT_EQ((ints{1, 2}), (ints{1, 2}));
  EXPECT_NE((ints{1, 2}), (ints{1, 3}));
  EXPECT_TRUE((ints{1, 2}) < (ints{1, 3}));
  EXPECT_TRUE((ints{1, 2}) < (ints{1, 2, 0}));
  EXPECT_TRUE((ints{}) < (ints{0}));
  EXPECT_TRUE((ints{2}) > (ints{1, 9}));
  EXPECT_EQ((ints{1} <=> ints{1}), std::strong_ordering::equal);
  EXPECT_FALSE((list<double>{std::nan("")}) == (list<double>{std::nan("")}));
  EXPECT_TRUE((list<list<std::int64_t>>{{1}, {2}}) < (list<list<std::int64_t>>{{1}, {3}}));
}

TEST(ListTest, MinMax) {
  EXPECT_EQ(min_of(ints{3, 1, 2}), 1);
  EXPECT_EQ(max_of(ints{3, 1, 2}), 3);
  EXPECT_EQ(min_of(list<std::string>{"b", "a", "c"}), "a");
  EXPECT_EQ(max_of(list<double>{0.5, 2.5, -1.0}), 2.5);
  EXPECT_EQ(panic_message([] { min_of(ints{}); }), "ValueError: min() arg is an empty sequence");
  EXPECT_EQ(panic_message([] { max_of(list<std::string>{}); }), "ValueError: max() arg is an empty sequence");
}

TEST(ListTest, Sum) {
  EXPECT_EQ(sum_of(ints{1, 2, 3}), 6);
  EXPECT_EQ(sum_of(ints{}), 0);
  EXPECT_EQ(sum_of(list<double>{0.5, 0.25}), 0.75);
  EXPECT_EQ(sum_of(list<bool>{true, false, true}), 2);
  EXPECT_EQ(panic_message([] { sum_of(ints{std::numeric_limits<std::int64_t>::max(), 1}); }),
            "attempt to add with overflow");
}

TEST(ListTest, BoolListsHandOutRealBoolReferences) {
  list<bool> flags{true, false};
  bool& first = flags.at(0);
  first = false;
  flags.at(-1) = true;
  EXPECT_FALSE(flags.at(0));
  EXPECT_TRUE(flags.at(1));
  flags.append(true);
  EXPECT_EQ(flags.count(true), 2);
  EXPECT_EQ(flags.index(true), 1);
  for (bool& b : flags) b = !b;
  EXPECT_EQ(flags, (list<bool>{true, false, false}));
  flags.sort();
  EXPECT_EQ(flags, (list<bool>{false, false, true}));
  EXPECT_TRUE(flags.pop());
  EXPECT_TRUE((list<bool>{false}) < (list<bool>{true}));
  list<bool> from_vec(std::vector<bool>{true, true});
  EXPECT_EQ(sum_of(from_vec), 2);
}

// Lists work with standard algorithms and ranges, bool lists included.
static_assert(std::random_access_iterator<list<std::int64_t>::iterator>);
static_assert(std::random_access_iterator<list<bool>::iterator>);
static_assert(std::random_access_iterator<list<bool>::const_iterator>);
static_assert(std::ranges::random_access_range<list<bool>>);
static_assert(std::is_same_v<decltype(std::declval<list<bool>&>().at(0)), bool&>);

TEST(ListTest, RangeStepGuard) {
  check_range_step(1);
  check_range_step(-2);
  EXPECT_EQ(panic_message([] { check_range_step(0); }), "ValueError: range() arg 3 must not be zero");
}

}  // namespace
}  // namespace incan

// Tests for incan/core/iter.h (enumerate, zip, the for-loop snapshots) and for tuples
// in the list builtins (LANGUAGE.md 6.6, 11, 13.2). Expected values are written out by
// hand.
#include "incan/core/iter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>

#include "incan/core/range.h"
#include "test_support.h"

namespace incan {
namespace {

using testing::panic_message;
using ints = list<std::int64_t>;
using strs = list<std::string>;
using pair_is = std::tuple<std::int64_t, std::string>;

TEST(EnumerateTest, List) {
  strs names{"ann", "bob"};
  auto e = enumerate(names);
  static_assert(std::is_same_v<decltype(e), list<std::tuple<std::int64_t, std::string>>>);
  EXPECT_EQ(to_debug(e), "[(0, \"ann\"), (1, \"bob\")]");
  EXPECT_EQ(to_debug(enumerate(ints{})), "[]");
  EXPECT_EQ(to_debug(enumerate(list<bool>{true, false})), "[(0, true), (1, false)]");
  EXPECT_EQ(to_debug(enumerate(list<double>{1.5})), "[(0, 1.5)]");
  // `for i, name in enumerate(names):` destructures each tuple.
  std::string seen;
  for (const auto& [i, name] : enumerate(names)) seen += std::to_string(i) + name;
  EXPECT_EQ(seen, "0ann1bob");
}

TEST(EnumerateTest, StringPerUnicodeScalar) {
  auto e = enumerate(std::string("héllo"));
  static_assert(std::is_same_v<decltype(e), list<std::tuple<std::int64_t, std::string>>>);
  EXPECT_EQ(to_debug(e), "[(0, \"h\"), (1, \"é\"), (2, \"l\"), (3, \"l\"), (4, \"o\")]");
  EXPECT_EQ(to_debug(enumerate(std::string("日🎉"))), "[(0, \"日\"), (1, \"🎉\")]");
  EXPECT_EQ(to_debug(enumerate(std::string())), "[]");
}

TEST(EnumerateTest, SetDictAndRange) {
  set<std::string> s{"x", "y"};
  EXPECT_EQ(to_debug(enumerate(s)), "[(0, \"x\"), (1, \"y\")]");
  dict<std::string, std::int64_t> d{{"k1", 10}, {"k2", 20}};
  EXPECT_EQ(to_debug(enumerate(d)), "[(0, \"k1\"), (1, \"k2\")]");  // keys
  EXPECT_EQ(to_debug(enumerate(range_view(5, 8))), "[(0, 5), (1, 6), (2, 7)]");
}

TEST(ZipTest, ListsStopAtTheShorter) {
  ints a{1, 2, 3};
  strs b{"x", "y"};
  auto z = zip(a, b);
  static_assert(std::is_same_v<decltype(z), list<std::tuple<std::int64_t, std::string>>>);
  EXPECT_EQ(to_debug(z), "[(1, \"x\"), (2, \"y\")]");
  EXPECT_EQ(to_debug(zip(b, a)), "[(\"x\", 1), (\"y\", 2)]");
  EXPECT_EQ(to_debug(zip(a, ints{})), "[]");
  EXPECT_EQ(to_debug(zip(ints{}, b)), "[]");
  EXPECT_EQ(to_debug(zip(a, a)), "[(1, 1), (2, 2), (3, 3)]");
  std::int64_t total = 0;
  for (const auto& [x, y] : zip(a, ints{10, 20, 30, 40})) total += x * y;
  EXPECT_EQ(total, 140);
}

TEST(ZipTest, StringsAndOtherIterables) {
  ints n{1, 2, 3, 4};
  EXPECT_EQ(to_debug(zip(std::string("hé"), n)), "[(\"h\", 1), (\"é\", 2)]");
  EXPECT_EQ(to_debug(zip(n, std::string("abc"))), "[(1, \"a\"), (2, \"b\"), (3, \"c\")]");
  EXPECT_EQ(to_debug(zip(std::string("ab"), std::string("xyz"))), "[(\"a\", \"x\"), (\"b\", \"y\")]");
  set<std::int64_t> s{7, 8};
  dict<std::string, bool> d{{"p", true}, {"q", false}, {"r", true}};
  EXPECT_EQ(to_debug(zip(s, d)), "[(7, \"p\"), (8, \"q\")]");
  EXPECT_EQ(to_debug(zip(range_view(3), n)), "[(0, 1), (1, 2), (2, 3)]");
}

TEST(IterSnapshotTest, DictKeysSnapshot) {
  dict<std::string, std::int64_t> d{{"a", 1}, {"b", 2}, {"c", 3}};
  list<std::string> keys = iter_keys(d);
  EXPECT_EQ(to_debug(keys), "[\"a\", \"b\", \"c\"]");
  // The loop body may modify the dict: the loop walks the snapshot.
  std::string visited;
  for (const std::string& k : iter_keys(d)) {
    visited += k;
    d.remove(k);
    d.set(k + k, 0);
  }
  EXPECT_EQ(visited, "abc");
  EXPECT_EQ(to_debug(d), "{\"aa\": 0, \"bb\": 0, \"cc\": 0}");
}

TEST(IterSnapshotTest, SetSnapshot) {
  set<std::int64_t> s{3, 1, 2};
  EXPECT_EQ(to_debug(iter_set(s)), "[3, 1, 2]");
  std::int64_t sum = 0;
  for (std::int64_t x : iter_set(s)) {
    sum += x;
    s.add(x + 10);
  }
  EXPECT_EQ(sum, 6);
  EXPECT_EQ(to_debug(s), "{3, 1, 2, 13, 11, 12}");
}

// ---- Tuples in the list builtins ---------------------------------------------------

TEST(TupleTest, Debug) {
  EXPECT_EQ(to_debug(std::tuple<>()), "()");
  EXPECT_EQ(to_debug(std::tuple<std::int64_t>(1)), "(1,)");
  EXPECT_EQ(to_debug(pair_is(1, "a")), "(1, \"a\")");
  EXPECT_EQ(to_display(pair_is(1, "a")), "(1, \"a\")");
  EXPECT_EQ(to_display(std::tuple<std::int64_t, std::int64_t>(10, 20)), "(10, 20)");  // "Tuple - Point: (10, 20)"
  EXPECT_EQ(to_debug(std::tuple<ints, option<std::int64_t>>(ints{1}, none)), "([1], None)");
}

TEST(TupleTest, SortedMinMax) {
  list<pair_is> xs{{2, "a"}, {1, "b"}, {1, "a"}, {2, ""}};
  EXPECT_EQ(to_debug(sorted(xs)), "[(1, \"a\"), (1, \"b\"), (2, \"\"), (2, \"a\")]");
  EXPECT_EQ(to_debug(min_of(xs)), "(1, \"a\")");
  EXPECT_EQ(to_debug(max_of(xs)), "(2, \"a\")");
  EXPECT_EQ(panic_message([] { min_of(list<pair_is>{}); }), "ValueError: min() arg is an empty sequence");
  EXPECT_EQ(panic_message([] { max_of(list<pair_is>{}); }), "ValueError: max() arg is an empty sequence");
  list<std::tuple<double, std::int64_t>> fs{{0.5, 2}, {-1.0, 9}, {0.5, 1}};
  EXPECT_EQ(to_debug(sorted(fs)), "[(-1.0, 9), (0.5, 1), (0.5, 2)]");
  EXPECT_TRUE(pair_is(1, "b") < pair_is(2, "a"));
}

TEST(TupleTest, SortedMinMaxOfStringsByCodePoint) {
  strs words{"pear", "Zebra", "apple", "é", "z", ""};
  EXPECT_EQ(to_debug(sorted(words)), "[\"\", \"Zebra\", \"apple\", \"pear\", \"z\", \"é\"]");
  EXPECT_EQ(min_of(words), "");
  EXPECT_EQ(max_of(words), "é");
  EXPECT_EQ(max_of(strs{"a", "ab"}), "ab");
}

TEST(TupleTest, ListMembershipIndexCount) {
  list<pair_is> xs{{1, "a"}, {2, "b"}, {1, "a"}};
  EXPECT_TRUE(xs.contains({2, "b"}));
  EXPECT_FALSE(xs.contains({2, "a"}));
  EXPECT_EQ(xs.index({2, "b"}), 1);
  EXPECT_EQ(xs.index({1, "a"}), 0);
  EXPECT_EQ(xs.count({1, "a"}), 2);
  EXPECT_EQ(xs.count({9, "z"}), 0);
  EXPECT_EQ(panic_message([&] { xs.index({9, "z"}); }), "ValueError: value not found in list");
}

TEST(TupleTest, TuplesAsKeysAndElements) {
  dict<std::tuple<std::int64_t, std::string>, ints> d;
  d.entry({1, "a"}).append(1);
  d.entry({1, "a"}).append(2);
  d.entry({1, "b"}).append(3);
  EXPECT_EQ(to_debug(d), "{(1, \"a\"): [1, 2], (1, \"b\"): [3]}");
  set<std::tuple<std::int64_t, std::int64_t, bool>> s{{1, 2, true}, {1, 2, false}, {1, 2, true}};
  EXPECT_EQ(to_debug(s), "{(1, 2, true), (1, 2, false)}");
  set<std::tuple<std::int64_t>> singles{{1}, {1}};
  EXPECT_EQ(to_debug(singles), "{(1,)}");
}

}  // namespace
}  // namespace incan

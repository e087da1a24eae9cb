// Tests for incan/core/dict.h: the insertion-ordered dict (LANGUAGE.md 4.6, 7.7, 7.8,
// 12.3, 13.2, 14). Expected values are written out by hand.
#include "incan/core/dict.h"

#include <gtest/gtest.h>

#include <concepts>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "incan/core/hash.h"
#include "test_support.h"

// Generated-code-like user types in their own namespace.
namespace app {
using incan::fmt_debug;

// A hashable key type (what `@derive(Eq, Hash)` produces).
struct point {
  std::int64_t x;
  std::int64_t y;
  friend bool operator==(const point&, const point&) = default;
};
inline std::size_t hash_value(const point& p) { return incan::hash_fields(p.x, p.y); }
inline void fmt_debug(std::string& out, const point& p) {
  out += "Point { x: ";
  fmt_debug(out, p.x);
  out += ", y: ";
  fmt_debug(out, p.y);
  out += " }";
}
inline void fmt_display(std::string& out, const point& p) {
  out += "P";
  incan::fmt_display(out, p.x);
  out += "/";
  incan::fmt_display(out, p.y);
}

// A value type without `==` (a model without @derive(Eq)).
struct plain {
  std::string name;
};
inline void fmt_debug(std::string& out, const plain& p) {
  out += "Plain { name: ";
  fmt_debug(out, p.name);
  out += " }";
}

// Not default-constructible.
struct no_default {
  explicit no_default(std::int64_t v) : value(v) {}
  std::int64_t value;
  friend bool operator==(const no_default&, const no_default&) = default;
};

}  // namespace app

namespace incan {
namespace {

using testing::panic_message;
using str_int = dict<std::string, std::int64_t>;
using strings = std::vector<std::string>;

std::vector<std::string> keys_of(const str_int& d) {
  std::vector<std::string> out;
  for (const std::string& k : d) out.push_back(k);
  return out;
}

TEST(DictTest, EmptyDict) {
  str_int d;
  EXPECT_EQ(d.len(), 0);
  EXPECT_EQ(len(d), 0);
  EXPECT_TRUE(d.is_empty());
  EXPECT_FALSE(to_bool(d));
  EXPECT_EQ(to_debug(d), "{}");
  EXPECT_EQ(to_display(d), "{}");
  EXPECT_EQ(d.begin(), d.end());
  EXPECT_FALSE(d.contains_key("a"));
  EXPECT_TRUE(d.get("a").is_none());
  EXPECT_EQ(d.find("a"), nullptr);
  str_int braces{};
  EXPECT_TRUE(braces.is_empty());
}

TEST(DictTest, LiteralKeepsInsertionOrder) {
  str_int d{{"b", 2}, {"a", 1}, {"c", 3}};
  EXPECT_EQ(d.len(), 3);
  EXPECT_FALSE(d.is_empty());
  EXPECT_TRUE(to_bool(d));
  EXPECT_EQ(keys_of(d), (strings{"b", "a", "c"}));
  EXPECT_EQ(to_debug(d), "{\"b\": 2, \"a\": 1, \"c\": 3}");
  EXPECT_EQ(to_display(d), "{\"b\": 2, \"a\": 1, \"c\": 3}");
}

TEST(DictTest, LiteralDuplicateOverwritesInPlace) {
  str_int d{{"a", 1}, {"b", 2}, {"a", 3}};
  EXPECT_EQ(d.len(), 2);
  EXPECT_EQ(to_debug(d), "{\"a\": 3, \"b\": 2}");
  str_int one{{"only", 7}};
  EXPECT_EQ(to_debug(one), "{\"only\": 7}");
}

TEST(DictTest, FromListOfPairs) {
  list<std::tuple<std::string, std::int64_t>> pairs{{"x", 1}, {"y", 2}, {"x", 9}};
  str_int d(pairs);
  EXPECT_EQ(to_debug(d), "{\"x\": 9, \"y\": 2}");
}

TEST(DictTest, SetOverwriteKeepsPosition) {
  str_int d;
  d.set("a", 1);
  d.set("b", 2);
  d.set("c", 3);
  d.set("a", 10);
  EXPECT_EQ(to_debug(d), "{\"a\": 10, \"b\": 2, \"c\": 3}");
  EXPECT_EQ(d.len(), 3);
}

TEST(DictTest, RemoveAndReinsertMovesToEnd) {
  str_int d{{"a", 1}, {"b", 2}, {"c", 3}};
  option<std::int64_t> removed = d.remove("a");
  EXPECT_EQ(removed, some<std::int64_t>(1));
  EXPECT_EQ(to_debug(d), "{\"b\": 2, \"c\": 3}");
  d.set("a", 4);
  EXPECT_EQ(to_debug(d), "{\"b\": 2, \"c\": 3, \"a\": 4}");
  EXPECT_EQ(d.remove("zzz"), none);
  EXPECT_EQ(d.remove("c"), some<std::int64_t>(3));
  EXPECT_EQ(d.remove("c"), none);
  EXPECT_EQ(to_debug(d), "{\"b\": 2, \"a\": 4}");
  EXPECT_EQ(d.len(), 2);
  // Removing the last entry and re-adding it.
  EXPECT_EQ(d.remove("a"), some<std::int64_t>(4));
  d.set("a", 5);
  EXPECT_EQ(to_debug(d), "{\"b\": 2, \"a\": 5}");
}

TEST(DictTest, AtReadsAndWrites) {
  str_int d{{"a", 1}, {"b", 2}};
  EXPECT_EQ(d.at("a"), 1);
  d.at("b") = 20;
  d.at("a") += 5;
  const str_int& c = d;
  EXPECT_EQ(c.at("b"), 20);
  EXPECT_EQ(to_debug(d), "{\"a\": 6, \"b\": 20}");
}

TEST(DictTest, KeyErrorMessages) {
  str_int d{{"a", 1}};
  EXPECT_EQ(panic_message([&] { d.at("b"); }), "KeyError: 'b' not found in dict");
  const str_int& c = d;
  EXPECT_EQ(panic_message([&] { c.at("b"); }), "KeyError: 'b' not found in dict");
  // Display form of the key: no quotes or escapes of its own.
  EXPECT_EQ(panic_message([&] { d.at("it's \"x\""); }), "KeyError: 'it's \"x\"' not found in dict");
  EXPECT_EQ(panic_message([&] { d.at(""); }), "KeyError: '' not found in dict");

  dict<std::int64_t, std::string> by_id{{1, "one"}};
  EXPECT_EQ(panic_message([&] { by_id.at(42); }), "KeyError: '42' not found in dict");
  EXPECT_EQ(panic_message([&] { by_id.at(-5); }), "KeyError: '-5' not found in dict");

  dict<std::tuple<std::int64_t, std::int64_t>, std::string> by_pair;
  EXPECT_EQ(panic_message([&] { by_pair.at({1, 2}); }), "KeyError: '(1, 2)' not found in dict");

  dict<bool, std::int64_t> by_flag{{true, 1}};
  EXPECT_EQ(panic_message([&] { by_flag.at(false); }), "KeyError: 'false' not found in dict");

  dict<app::point, std::int64_t> by_point;
  EXPECT_EQ(panic_message([&] { by_point.at(app::point{3, 4}); }), "KeyError: 'P3/4' not found in dict");
}

TEST(DictTest, EntryInsertsDefault) {
  str_int counts;
  for (const char* w : {"a", "b", "a", "c", "a"}) counts.entry(w) += 1;
  EXPECT_EQ(to_debug(counts), "{\"a\": 3, \"b\": 1, \"c\": 1}");
  dict<std::string, std::string> texts;
  texts.entry("k") += "x";
  texts.entry("k") += "y";
  EXPECT_EQ(to_debug(texts), "{\"k\": \"xy\"}");
  dict<std::string, list<std::int64_t>> groups;
  groups.entry("odd").append(1);
  groups.entry("even").append(2);
  groups.entry("odd").append(3);
  EXPECT_EQ(to_debug(groups), "{\"odd\": [1, 3], \"even\": [2]}");
}

TEST(DictTest, GetGetOrFindContains) {
  str_int d{{"a", 1}, {"b", 0}};
  EXPECT_EQ(d.get("a"), some<std::int64_t>(1));
  EXPECT_EQ(d.get("b"), some<std::int64_t>(0));
  EXPECT_EQ(d.get("z"), none);
  // `d.get(k).copied().unwrap_or(0)`, as the book writes it.
  EXPECT_EQ(d.get("z").copied().unwrap_or(0), 0);
  EXPECT_EQ(d.get("a").cloned().unwrap_or(0), 1);
  EXPECT_EQ(d.get_or("a", 99), 1);
  EXPECT_EQ(d.get_or("z", 99), 99);
  ASSERT_NE(d.find("a"), nullptr);
  *d.find("a") = 7;
  EXPECT_EQ(d.at("a"), 7);
  const str_int& c = d;
  ASSERT_NE(c.find("b"), nullptr);
  EXPECT_EQ(*c.find("b"), 0);
  EXPECT_EQ(c.find("z"), nullptr);
  EXPECT_TRUE(d.contains_key("a"));
  EXPECT_TRUE(d.contains("b"));
  EXPECT_FALSE(d.contains_key("z"));
  EXPECT_FALSE(d.contains("z"));
}

TEST(DictTest, GetReturnsAnOwnedCopy) {
  dict<std::string, list<std::int64_t>> d{{"xs", {1, 2}}};
  option<list<std::int64_t>> got = d.get("xs");
  got.value().append(3);
  EXPECT_EQ(to_debug(d), "{\"xs\": [1, 2]}");
  EXPECT_EQ(to_debug(got), "Some([1, 2, 3])");
}

TEST(DictTest, InsertReturnsPreviousValue) {
  str_int d;
  EXPECT_EQ(d.insert("a", 1), none);
  EXPECT_EQ(d.insert("b", 2), none);
  EXPECT_EQ(d.insert("a", 3), some<std::int64_t>(1));
  EXPECT_EQ(to_debug(d), "{\"a\": 3, \"b\": 2}");
}

TEST(DictTest, KeysValuesItems) {
  str_int d{{"x", 1}, {"y", 2}, {"z", 3}};
  d.remove("y");
  d.set("w", 4);
  EXPECT_EQ(to_debug(d.keys()), "[\"x\", \"z\", \"w\"]");
  EXPECT_EQ(to_debug(d.values()), "[1, 3, 4]");
  EXPECT_EQ(to_debug(d.items()), "[(\"x\", 1), (\"z\", 3), (\"w\", 4)]");
  str_int empty;
  EXPECT_EQ(to_debug(empty.keys()), "[]");
  EXPECT_EQ(to_debug(empty.values()), "[]");
  EXPECT_EQ(to_debug(empty.items()), "[]");
}

TEST(DictTest, ForEachVisitsEntriesInOrder) {
  str_int d{{"p", 1}, {"q", 2}};
  std::string seen;
  d.for_each([&seen](const std::string& k, std::int64_t v) {
    seen += k;
    seen += std::to_string(v);
  });
  EXPECT_EQ(seen, "p1q2");
}

TEST(DictTest, ClearAndReuse) {
  str_int d{{"a", 1}, {"b", 2}};
  d.clear();
  EXPECT_TRUE(d.is_empty());
  EXPECT_EQ(to_debug(d), "{}");
  EXPECT_FALSE(d.contains_key("a"));
  d.set("b", 5);
  EXPECT_EQ(to_debug(d), "{\"b\": 5}");
}

TEST(DictTest, ValueSemantics) {
  str_int a{{"a", 1}};
  str_int b = a;
  b.set("b", 2);
  b.at("a") = 100;
  EXPECT_EQ(to_debug(a), "{\"a\": 1}");
  EXPECT_EQ(to_debug(b), "{\"a\": 100, \"b\": 2}");
  str_int c = b.clone();
  c.remove("a");
  EXPECT_EQ(to_debug(b), "{\"a\": 100, \"b\": 2}");
  EXPECT_EQ(to_debug(c), "{\"b\": 2}");
  a = c;
  EXPECT_EQ(to_debug(a), "{\"b\": 2}");
  str_int moved = std::move(b);
  EXPECT_EQ(to_debug(moved), "{\"a\": 100, \"b\": 2}");
  const str_int& alias = moved;
  moved = alias;  // self-assignment is harmless
  EXPECT_EQ(to_debug(moved), "{\"a\": 100, \"b\": 2}");
}

TEST(DictTest, CopyOfALargeDictWithHoles) {
  dict<std::int64_t, std::int64_t> d;
  for (std::int64_t i = 0; i < 40; ++i) d.set(i, i);
  for (std::int64_t i = 0; i < 40; i += 2) d.remove(i);
  dict<std::int64_t, std::int64_t> copy = d;
  EXPECT_EQ(copy.len(), 20);
  EXPECT_EQ(copy, d);
  copy.set(0, 0);
  EXPECT_EQ(copy.keys().at(-1), 0);
  EXPECT_EQ(copy.keys().at(0), 1);
  EXPECT_FALSE(d.contains_key(0));
}

TEST(DictTest, DebugOfNestedContainers) {
  dict<std::string, list<std::int64_t>> lists{{"a", {1, 2}}};
  EXPECT_EQ(to_debug(lists), "{\"a\": [1, 2]}");
  dict<std::tuple<std::int64_t, std::int64_t>, std::string> by_pair{{{1, 2}, "x"}};
  EXPECT_EQ(to_debug(by_pair), "{(1, 2): \"x\"}");
  dict<std::string, dict<std::string, std::int64_t>> nested{{"outer", {{"inner", 1}}}};
  EXPECT_EQ(to_debug(nested), "{\"outer\": {\"inner\": 1}}");
  dict<std::int64_t, option<std::int64_t>> opts{{1, some<std::int64_t>(2)}, {2, none}};
  EXPECT_EQ(to_debug(opts), "{1: Some(2), 2: None}");
  dict<std::string, double> floats{{"half", 0.5}, {"two", 2.0}};
  EXPECT_EQ(to_debug(floats), "{\"half\": 0.5, \"two\": 2.0}");
  EXPECT_EQ(to_display(floats), "{\"half\": 0.5, \"two\": 2.0}");  // Display = Debug
  dict<std::string, std::string> quoted{{"it's", "a\"b"}};
  EXPECT_EQ(to_debug(quoted), "{\"it's\": \"a\\\"b\"}");
  list<str_int> in_list{str_int{{"a", 1}}, str_int{}};
  EXPECT_EQ(to_debug(in_list), "[{\"a\": 1}, {}]");
  option<str_int> in_option = some(str_int{{"k", 0}});
  EXPECT_EQ(to_debug(in_option), "Some({\"k\": 0})");
  dict<std::string, std::tuple<std::int64_t>> singles{{"t", {5}}};
  EXPECT_EQ(to_debug(singles), "{\"t\": (5,)}");
  dict<std::string, bool> flags{{"on", true}};
  EXPECT_EQ(to_debug(flags), "{\"on\": true}");
  dict<std::string, unit> units{{"u", unit{}}};
  EXPECT_EQ(to_debug(units), "{\"u\": ()}");
  dict<app::point, app::plain> users{{app::point{1, 2}, app::plain{"Ann"}}};
  EXPECT_EQ(to_debug(users), "{Point { x: 1, y: 2 }: Plain { name: \"Ann\" }}");
}

TEST(DictTest, EqualityIgnoresOrder) {
  str_int a{{"a", 1}, {"b", 2}};
  str_int b{{"b", 2}, {"a", 1}};
  EXPECT_EQ(a, b);
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a != b);
  EXPECT_NE(a, (str_int{{"a", 1}, {"b", 3}}));
  EXPECT_NE(a, (str_int{{"a", 1}}));
  EXPECT_NE(a, (str_int{{"a", 1}, {"c", 2}}));
  EXPECT_NE(a, (str_int{{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_EQ(str_int{}, str_int{});
  str_int c{{"a", 1}, {"b", 2}, {"c", 3}};
  c.remove("c");
  EXPECT_EQ(a, c);
}

TEST(DictTest, EqualityOnlyWithComparableValues) {
  static_assert(std::equality_comparable<dict<std::string, std::int64_t>>);
  static_assert(!std::equality_comparable<dict<std::string, app::plain>>);
  // A dict of values without `==` still works otherwise.
  dict<std::string, app::plain> d{{"a", app::plain{"x"}}};
  d.set("b", app::plain{"y"});
  EXPECT_EQ(d.at("b").name, "y");
  EXPECT_EQ(d.len(), 2);
}

TEST(DictTest, ValuesWithoutDefaultConstructor) {
  dict<std::string, app::no_default> d;
  d.set("a", app::no_default(1));
  EXPECT_EQ(d.insert("a", app::no_default(2)).unwrap().value, 1);
  EXPECT_EQ(d.get("a").unwrap().value, 2);
  EXPECT_EQ(d.get_or("z", app::no_default(-1)).value, -1);
  EXPECT_EQ(d.remove("a").unwrap().value, 2);
}

TEST(DictTest, TupleKeys) {
  dict<std::tuple<std::int64_t, std::int64_t>, std::string> grid;
  grid.set({0, 0}, "origin");
  grid.set({1, 0}, "east");
  grid.set({0, 1}, "north");
  EXPECT_EQ(grid.at({1, 0}), "east");
  EXPECT_EQ(grid.at({0, 1}), "north");
  EXPECT_TRUE(grid.contains_key({0, 0}));
  EXPECT_FALSE(grid.contains_key({1, 1}));
  grid.set({1, 0}, "EAST");
  EXPECT_EQ(to_debug(grid), "{(0, 0): \"origin\", (1, 0): \"EAST\", (0, 1): \"north\"}");
  dict<std::tuple<std::string, bool>, std::int64_t> mixed{{{"a", true}, 1}, {{"a", false}, 2}};
  EXPECT_EQ(mixed.at({"a", false}), 2);
  EXPECT_EQ(to_debug(mixed), "{(\"a\", true): 1, (\"a\", false): 2}");
}

TEST(DictTest, UserKeysWithHashValue) {
  dict<app::point, std::int64_t> d;
  for (std::int64_t i = 0; i < 50; ++i) d.set(app::point{i, -i}, i);
  EXPECT_EQ(d.len(), 50);
  EXPECT_EQ(d.at(app::point{17, -17}), 17);
  EXPECT_FALSE(d.contains_key(app::point{17, 17}));
  d.set(app::point{17, -17}, 1700);
  EXPECT_EQ(d.len(), 50);
  EXPECT_EQ(d.values().at(17), 1700);
}

TEST(DictTest, IterationYieldsKeysInOrder) {
  dict<std::int64_t, std::string> d{{30, "c"}, {10, "a"}, {20, "b"}};
  std::vector<std::int64_t> seen;
  for (std::int64_t k : d) seen.push_back(k);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{30, 10, 20}));
  d.remove(30);
  seen.clear();
  for (auto it = d.begin(); it != d.end(); ++it) seen.push_back(*it);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{10, 20}));
  static_assert(std::forward_iterator<dict<std::int64_t, std::string>::const_iterator>);
  static_assert(std::same_as<decltype(*d.begin()), const std::int64_t&>);
}

TEST(DictTest, GrowingPastTheSmallLimitAndShrinkingBack) {
  dict<std::int64_t, std::int64_t> d;
  for (std::int64_t i = 0; i < 20; ++i) d.set(i, i * 10);
  for (std::int64_t i = 0; i < 20; ++i) EXPECT_EQ(d.at(i), i * 10);
  for (std::int64_t i = 0; i < 17; ++i) EXPECT_EQ(d.remove(i), some(i * 10));
  EXPECT_EQ(to_debug(d), "{17: 170, 18: 180, 19: 190}");
  for (std::int64_t i = 0; i < 10; ++i) d.set(i, -i);
  EXPECT_EQ(to_debug(d.keys()), "[17, 18, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
  EXPECT_EQ(d.at(9), -9);
  EXPECT_FALSE(d.contains_key(10));
}

TEST(DictTest, ReserveHasNoObservableEffect) {
  str_int d{{"a", 1}};
  d.reserve(1000);
  d.reserve(-1);
  d.set("b", 2);
  EXPECT_EQ(to_debug(d), "{\"a\": 1, \"b\": 2}");
}

TEST(DictTest, StressHundredThousandWithRemovals) {
  constexpr std::int64_t n = 100000;
  dict<std::int64_t, std::int64_t> d;
  for (std::int64_t i = 0; i < n; ++i) d.set(i, 2 * i);
  EXPECT_EQ(d.len(), n);
  // Remove every multiple of 3: 0, 3, ..., 99999 is 33334 keys.
  for (std::int64_t i = 0; i < n; i += 3) ASSERT_EQ(d.remove(i), some(2 * i));
  EXPECT_EQ(d.len(), 66666);
  for (std::int64_t i = 0; i < n; ++i) ASSERT_EQ(d.contains_key(i), i % 3 != 0) << i;
  // Order: the survivors ascending.
  std::int64_t expected = 1;
  std::int64_t count = 0;
  for (std::int64_t k : d) {
    ASSERT_EQ(k, expected);
    expected += (expected % 3 == 1) ? 1 : 2;
    ++count;
  }
  EXPECT_EQ(count, 66666);
  // Re-insert 0 and 3: they go to the end, in that order.
  d.set(3, -3);
  d.set(0, 0);
  list<std::int64_t> keys = d.keys();
  EXPECT_EQ(keys.len(), 66668);
  EXPECT_EQ(keys.at(0), 1);
  EXPECT_EQ(keys.at(-3), 99998);
  EXPECT_EQ(keys.at(-2), 3);
  EXPECT_EQ(keys.at(-1), 0);
  // Remove everything but the last two; then the dict is tiny again.
  for (std::int64_t i = 1; i < n; ++i) {
    if (i % 3 != 0) d.remove(i);
  }
  EXPECT_EQ(to_debug(d), "{3: -3, 0: 0}");
  EXPECT_EQ(d.at(3), -3);
}

TEST(DictTest, StressStringKeys) {
  dict<std::string, std::int64_t> d;
  for (std::int64_t i = 0; i < 20000; ++i) d.set("key" + std::to_string(i), i);
  for (std::int64_t i = 0; i < 20000; i += 2) d.remove("key" + std::to_string(i));
  EXPECT_EQ(d.len(), 10000);
  EXPECT_EQ(d.at("key1"), 1);
  EXPECT_EQ(d.at("key19999"), 19999);
  EXPECT_EQ(panic_message([&] { d.at("key0"); }), "KeyError: 'key0' not found in dict");
  EXPECT_EQ(d.keys().at(0), "key1");
  EXPECT_EQ(d.keys().at(-1), "key19999");
}

// Random operations against a deliberately naive model (a vector of pairs kept in
// insertion order, searched linearly).
TEST(DictTest, RandomOperationsMatchANaiveModel) {
  std::mt19937_64 rng(12345);
  dict<std::int64_t, std::int64_t> d;
  std::vector<std::pair<std::int64_t, std::int64_t>> model;
  auto model_find = [&model](std::int64_t k) {
    for (std::size_t i = 0; i < model.size(); ++i) {
      if (model[i].first == k) return static_cast<std::ptrdiff_t>(i);
    }
    return std::ptrdiff_t{-1};
  };
  for (int step = 0; step < 20000; ++step) {
    const std::int64_t key = static_cast<std::int64_t>(rng() % 300);
    const std::int64_t value = static_cast<std::int64_t>(rng() % 1000);
    const auto op = rng() % 10;
    const std::ptrdiff_t at = model_find(key);
    if (op < 5) {
      d.set(key, value);
      if (at >= 0) model[static_cast<std::size_t>(at)].second = value;
      else model.emplace_back(key, value);
    } else if (op < 8) {
      option<std::int64_t> got = d.remove(key);
      if (at >= 0) {
        ASSERT_EQ(got, some(model[static_cast<std::size_t>(at)].second));
        model.erase(model.begin() + at);
      } else {
        ASSERT_EQ(got, none);
      }
    } else {
      option<std::int64_t> got = d.get(key);
      if (at >= 0) {
        ASSERT_EQ(got, some(model[static_cast<std::size_t>(at)].second));
      } else {
        ASSERT_EQ(got, none);
      }
    }
    ASSERT_EQ(d.len(), static_cast<std::int64_t>(model.size()));
    if (step % 997 == 0) {
      list<std::tuple<std::int64_t, std::int64_t>> items = d.items();
      ASSERT_EQ(items.len(), static_cast<std::int64_t>(model.size()));
      for (std::size_t i = 0; i < model.size(); ++i) {
        ASSERT_EQ(items.at(static_cast<std::int64_t>(i)), std::make_tuple(model[i].first, model[i].second));
      }
    }
  }
}

}  // namespace
}  // namespace incan

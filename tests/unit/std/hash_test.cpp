// Tests for incan/core/hash.h: what is hashable, consistency, and distribution.
#include "incan/core/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "incan/core/list.h"
#include "incan/core/option.h"
#include "incan/core/result.h"

namespace app {
struct tag {
  std::int64_t id;
  friend bool operator==(const tag&, const tag&) = default;
};
// A deliberately weak user hash: hasher must still spread it.
inline std::size_t hash_value(const tag& t) { return static_cast<std::size_t>(t.id); }
enum class color { red, green };
}  // namespace app

namespace incan {
namespace {

template <class T>
std::size_t h(const T& v) {
  return hasher{}(v);
}

TEST(HashTest, EqualValuesHashEqually) {
  EXPECT_EQ(h(std::int64_t{42}), h(std::int64_t{42}));
  EXPECT_EQ(h(std::int64_t{42}), h(42));  // an `int` literal hashes like the int64 value
  EXPECT_EQ(h(std::string("abc")), h(std::string("abc")));
  EXPECT_EQ(h(std::string("abc")), h("abc"));
  EXPECT_EQ(h(std::string("abc")), h(std::string_view("abc")));
  EXPECT_EQ(h(std::make_tuple(std::int64_t{1}, std::string("x"))), h(std::make_tuple(std::int64_t{1}, std::string("x"))));
  EXPECT_EQ(h(some<std::int64_t>(3)), h(some<std::int64_t>(3)));
  EXPECT_EQ(h(list<std::int64_t>{1, 2}), h(list<std::int64_t>{1, 2}));
  EXPECT_EQ(h(unit{}), h(unit{}));
  EXPECT_EQ(h(app::tag{5}), h(app::tag{5}));
  EXPECT_EQ(h(app::color::green), h(app::color::green));
}

TEST(HashTest, DifferentValuesUsuallyDiffer) {
  EXPECT_NE(h(true), h(false));
  EXPECT_NE(h(std::int64_t{0}), h(std::int64_t{1}));
  EXPECT_NE(h(std::string("")), h(std::string(" ")));
  EXPECT_NE(h(std::string("ab")), h(std::string("ba")));
  // Tuples are order-sensitive.
  EXPECT_NE(h(std::make_tuple(std::int64_t{1}, std::int64_t{2})), h(std::make_tuple(std::int64_t{2}, std::int64_t{1})));
  EXPECT_NE(h(std::make_tuple(std::int64_t{0}, std::int64_t{0})), h(std::make_tuple(std::int64_t{0})));
  EXPECT_NE(h(option<std::int64_t>(none)), h(some<std::int64_t>(0)));
  using r = result<std::int64_t, std::int64_t>;
  EXPECT_NE(h(r::ok(1)), h(r::err(1)));
  EXPECT_NE(h(app::color::red), h(app::color::green));
  EXPECT_NE(h(list<std::int64_t>{1, 2}), h(list<std::int64_t>{2, 1}));
}

TEST(HashTest, NoFullCollisionsOnCommonKeys) {
  std::unordered_set<std::size_t> seen;
  for (std::int64_t i = -50000; i < 50000; ++i) seen.insert(h(i));
  EXPECT_EQ(seen.size(), 100000u);
  seen.clear();
  for (int i = 0; i < 100000; ++i) seen.insert(h("key" + std::to_string(i)));
  EXPECT_EQ(seen.size(), 100000u);
  seen.clear();
  for (std::int64_t i = 0; i < 300; ++i) {
    for (std::int64_t j = 0; j < 300; ++j) seen.insert(h(std::make_tuple(i, j)));
  }
  EXPECT_EQ(seen.size(), 90000u);
}

TEST(HashTest, EveryByteMatters) {
  // For every length 1..70 and every position, changing one byte changes the hash.
  for (std::size_t n = 1; n <= 70; ++n) {
    std::string s(n, 'a');
    const std::size_t base = h(s);
    for (std::size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = 'b';
      ASSERT_NE(h(t), base) << "length " << n << " position " << i;
    }
  }
  // Strings that differ only in length (zero bytes).
  EXPECT_NE(h(std::string(1, '\0')), h(std::string(2, '\0')));
  EXPECT_NE(h(std::string()), h(std::string(1, '\0')));
}

// The tables index by the low bits: sequential ints, short strings and a weak user
// hash must still spread evenly over 2^12 buckets.
template <class F>
std::size_t max_bucket_load(F key_hash) {
  constexpr std::size_t buckets = 4096;
  std::vector<std::size_t> load(buckets, 0);
  for (std::size_t i = 0; i < buckets * 4; ++i) ++load[key_hash(i) & (buckets - 1)];
  return *std::max_element(load.begin(), load.end());
}

TEST(HashTest, LowBitsAreWellDistributed) {
  // A uniform random hash puts at most ~16 of 16384 keys into the fullest of 4096 buckets.
  EXPECT_LE(max_bucket_load([](std::size_t i) { return h(static_cast<std::int64_t>(i)); }), 20u);
  EXPECT_LE(max_bucket_load([](std::size_t i) { return h(static_cast<std::int64_t>(i * 4096)); }), 20u);
  EXPECT_LE(max_bucket_load([](std::size_t i) { return h(std::to_string(i)); }), 20u);
  EXPECT_LE(max_bucket_load([](std::size_t i) { return h(app::tag{static_cast<std::int64_t>(i << 20)}); }), 20u);
  EXPECT_LE(max_bucket_load([](std::size_t i) {
              return h(std::make_tuple(static_cast<std::int64_t>(i % 128), static_cast<std::int64_t>(i / 128)));
            }),
            20u);
}

}  // namespace
}  // namespace incan

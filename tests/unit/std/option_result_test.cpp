// Tests for incan/core/option.h and incan/core/result.h (LANGUAGE.md 4.6, 12.5, 12.6,
// 13.2, 14). Expected values are written out by hand.
#include <gtest/gtest.h>

#include <compare>
#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>

#include "incan/core/format.h"
#include "incan/core/option.h"
#include "incan/core/result.h"
#include "test_support.h"

namespace app {
// A model without `==` (no @derive(Eq)).
struct plain {
  std::int64_t n;
};
inline void fmt_debug(std::string& out, const plain& p) {
  out += "Plain { n: ";
  incan::fmt_debug(out, p.n);
  out += " }";
}
// A model with `==`.
struct pair_model {
  std::string a;
  std::int64_t b;
  friend bool operator==(const pair_model&, const pair_model&) = default;
};
inline void fmt_debug(std::string& out, const pair_model& p) {
  using incan::fmt_debug;
  out += "PairModel { a: ";
  fmt_debug(out, p.a);
  out += ", b: ";
  fmt_debug(out, p.b);
  out += " }";
}
}  // namespace app

namespace incan {
namespace {

using testing::panic_message;
using opt = option<std::int64_t>;
using res = result<std::int64_t, std::string>;

// ---- Option --------------------------------------------------------------------------

TEST(OptionTest, SomeAndNone) {
  opt s = some<std::int64_t>(5);
  opt n = none;
  opt d;
  EXPECT_TRUE(s.is_some());
  EXPECT_FALSE(s.is_none());
  EXPECT_TRUE(n.is_none());
  EXPECT_FALSE(n.is_some());
  EXPECT_TRUE(d.is_none());
  EXPECT_EQ(s.value(), 5);
  EXPECT_EQ(to_debug(s), "Some(5)");
  EXPECT_EQ(to_debug(n), "None");
  EXPECT_EQ(to_display(s), "Some(5)");
  EXPECT_EQ(to_display(some(2.0)), "Some(2.0)");  // Debug inside the option
}

TEST(OptionTest, Unwrap) {
  EXPECT_EQ(some<std::int64_t>(3).unwrap(), 3);
  opt n = none;
  EXPECT_EQ(panic_message([&] { n.unwrap(); }), "called `Option::unwrap()` on a `None` value");
}

TEST(OptionTest, Expect) {
  EXPECT_EQ(some<std::int64_t>(4).expect("unused"), 4);
  opt n = none;
  EXPECT_EQ(panic_message([&] { n.expect("value must be present"); }), "value must be present");
  EXPECT_EQ(panic_message([&] { n.expect(""); }), "");
  const std::string msg = "config: missing key 'port'";
  EXPECT_EQ(panic_message([&] { n.expect(msg); }), "config: missing key 'port'");
}

TEST(OptionTest, UnwrapOrAndOrElse) {
  opt n = none;
  EXPECT_EQ(some<std::int64_t>(1).unwrap_or(9), 1);
  EXPECT_EQ(n.unwrap_or(9), 9);
  int calls = 0;
  auto fallback = [&calls] {
    ++calls;
    return std::int64_t{42};
  };
  EXPECT_EQ(some<std::int64_t>(1).unwrap_or_else(fallback), 1);
  EXPECT_EQ(calls, 0);  // lazy
  EXPECT_EQ(n.unwrap_or_else(fallback), 42);
  EXPECT_EQ(calls, 1);
}

TEST(OptionTest, CopiedAndClonedAreCopies) {
  option<std::string> s = some(std::string("x"));
  option<std::string> c = s.copied();
  c.value() += "y";
  EXPECT_EQ(s.value(), "x");
  EXPECT_EQ(c.value(), "xy");
  EXPECT_EQ(s.cloned(), some(std::string("x")));
  EXPECT_EQ(opt(none).copied(), none);
  EXPECT_EQ(opt(none).cloned(), none);
}

TEST(OptionTest, Map) {
  opt s = some<std::int64_t>(5);
  opt n = none;
  EXPECT_EQ(s.map([](std::int64_t x) { return x * 2; }), some<std::int64_t>(10));
  EXPECT_EQ(n.map([](std::int64_t x) { return x * 2; }), none);
  option<std::string> text = s.map([](std::int64_t x) { return std::string(static_cast<std::size_t>(x), '*'); });
  EXPECT_EQ(text, some(std::string("*****")));
  static_assert(std::is_same_v<decltype(text), option<std::string>>);
  // A closure returning nothing maps to Some(()).
  std::int64_t seen = 0;
  auto unit_result = s.map([&seen](std::int64_t x) { seen = x; });
  static_assert(std::is_same_v<decltype(unit_result), option<unit>>);
  EXPECT_EQ(seen, 5);
  EXPECT_EQ(to_debug(unit_result), "Some(())");
  int calls = 0;
  EXPECT_EQ(n.map([&calls](std::int64_t x) {
              ++calls;
              return x;
            }),
            none);
  EXPECT_EQ(calls, 0);
}

TEST(OptionTest, AndThenAndOrElse) {
  auto half = [](std::int64_t x) -> opt { return x % 2 == 0 ? some(x / 2) : opt(none); };
  EXPECT_EQ(some<std::int64_t>(8).and_then(half), some<std::int64_t>(4));
  EXPECT_EQ(some<std::int64_t>(7).and_then(half), none);
  EXPECT_EQ(opt(none).and_then(half), none);
  auto seven = [] { return some<std::int64_t>(7); };
  EXPECT_EQ(some<std::int64_t>(1).or_else(seven), some<std::int64_t>(1));
  EXPECT_EQ(opt(none).or_else(seven), some<std::int64_t>(7));
}

TEST(OptionTest, OkOr) {
  result<std::int64_t, std::string> ok = some<std::int64_t>(3).ok_or(std::string("missing"));
  EXPECT_TRUE(ok.is_ok());
  EXPECT_EQ(ok.unwrap(), 3);
  result<std::int64_t, std::string> err = opt(none).ok_or(std::string("missing"));
  EXPECT_TRUE(err.is_err());
  EXPECT_EQ(err.err_value(), "missing");
  EXPECT_EQ(to_debug(err), "Err(\"missing\")");
  auto lazy = opt(none).ok_or_else([] { return std::int64_t{-1}; });
  static_assert(std::is_same_v<decltype(lazy), result<std::int64_t, std::int64_t>>);
  EXPECT_EQ(to_debug(lazy), "Err(-1)");
  EXPECT_EQ(to_debug(some<std::int64_t>(2).ok_or_else([] { return std::int64_t{-1}; })), "Ok(2)");
}

TEST(OptionTest, EqualityAndOrdering) {
  opt n = none;
  EXPECT_EQ(some<std::int64_t>(1), some<std::int64_t>(1));
  EXPECT_NE(some<std::int64_t>(1), some<std::int64_t>(2));
  EXPECT_NE(some<std::int64_t>(0), n);
  EXPECT_EQ(n, opt(none));
  EXPECT_TRUE(n == none);            // `x is None`
  EXPECT_FALSE(some<std::int64_t>(0) == none);
  EXPECT_TRUE(some<std::int64_t>(0) != none);  // `x is not None`
  EXPECT_TRUE(none == n);
  // None < Some, then by payload.
  EXPECT_TRUE(n < some<std::int64_t>(-100));
  EXPECT_TRUE(some<std::int64_t>(1) < some<std::int64_t>(2));
  EXPECT_FALSE(some<std::int64_t>(2) < some<std::int64_t>(2));
  EXPECT_TRUE(some<std::int64_t>(3) >= some<std::int64_t>(2));
  EXPECT_EQ(n <=> n, std::strong_ordering::equal);
}

TEST(OptionTest, UserStructPayloads) {
  option<app::plain> p = some(app::plain{3});
  EXPECT_EQ(p.unwrap().n, 3);
  EXPECT_EQ(to_debug(p), "Some(Plain { n: 3 })");
  option<app::plain> q = p;  // copyable
  EXPECT_EQ(q.map([](const app::plain& x) { return x.n + 1; }), some<std::int64_t>(4));
  static_assert(!std::equality_comparable<option<app::plain>>);
  static_assert(std::equality_comparable<option<app::pair_model>>);
  EXPECT_FALSE(q == none);  // comparing with None works without `==` on T
  option<app::pair_model> m = some(app::pair_model{"a", 1});
  EXPECT_EQ(m, some(app::pair_model{"a", 1}));
  EXPECT_NE(m, some(app::pair_model{"a", 2}));
  EXPECT_EQ(to_debug(m), "Some(PairModel { a: \"a\", b: 1 })");
}

// ---- Result --------------------------------------------------------------------------

TEST(ResultTest, OkAndErr) {
  res ok = res::ok(5);
  res err = res::err("bad");
  EXPECT_TRUE(ok.is_ok());
  EXPECT_FALSE(ok.is_err());
  EXPECT_TRUE(err.is_err());
  EXPECT_FALSE(err.is_ok());
  EXPECT_EQ(ok.ok_value(), 5);
  EXPECT_EQ(err.err_value(), "bad");
  EXPECT_EQ(to_debug(ok), "Ok(5)");
  EXPECT_EQ(to_debug(err), "Err(\"bad\")");
  EXPECT_EQ(to_display(err), "Err(\"bad\")");
}

TEST(ResultTest, Unwrap) {
  EXPECT_EQ(res::ok(7).unwrap(), 7);
  EXPECT_EQ(panic_message([] { res::err("division by zero").unwrap(); }), "called Result.unwrap() on an Err value");
}

TEST(ResultTest, Expect) {
  EXPECT_EQ(res::ok(7).expect("unused"), 7);
  // `{msg}: {err Debug}`, as Rust prints it.
  EXPECT_EQ(panic_message([] { res::err("boom").expect("loading config"); }), "loading config: \"boom\"");
  EXPECT_EQ(panic_message([] { result<std::int64_t, std::int64_t>::err(42).expect("failed"); }), "failed: 42");
  EXPECT_EQ(panic_message([] { result<std::string, app::plain>::err(app::plain{1}).expect("m"); }),
            "m: Plain { n: 1 }");
  EXPECT_EQ(panic_message([] { result<unit, option<std::int64_t>>::err(none).expect("x"); }), "x: None");
}

TEST(ResultTest, UnwrapOrAndOrElse) {
  EXPECT_EQ(res::ok(1).unwrap_or(0), 1);
  EXPECT_EQ(res::err("e").unwrap_or(0), 0);
  auto length = [](const std::string& e) { return static_cast<std::int64_t>(e.size()); };
  EXPECT_EQ(res::ok(1).unwrap_or_else(length), 1);
  EXPECT_EQ(res::err("four").unwrap_or_else(length), 4);
}

TEST(ResultTest, OkAndErrAsOptions) {
  EXPECT_EQ(res::ok(3).ok(), some<std::int64_t>(3));
  EXPECT_EQ(res::err("e").ok(), none);
  EXPECT_EQ(res::ok(3).err(), none);
  EXPECT_EQ(res::err("e").err(), some(std::string("e")));
}

TEST(ResultTest, MapAndMapErr) {
  auto doubled = res::ok(4).map([](std::int64_t x) { return x * 2; });
  static_assert(std::is_same_v<decltype(doubled), res>);
  EXPECT_EQ(doubled, res::ok(8));
  EXPECT_EQ(res::err("e").map([](std::int64_t x) { return x * 2; }), res::err("e"));
  auto as_text = res::ok(4).map([](std::int64_t x) { return std::to_string(x); });
  static_assert(std::is_same_v<decltype(as_text), result<std::string, std::string>>);
  EXPECT_EQ(to_debug(as_text), "Ok(\"4\")");
  auto as_unit = res::ok(4).map([](std::int64_t) {});
  static_assert(std::is_same_v<decltype(as_unit), result<unit, std::string>>);
  EXPECT_EQ(to_debug(as_unit), "Ok(())");

  auto code = res::err("abc").map_err([](const std::string& e) { return static_cast<std::int64_t>(e.size()); });
  static_assert(std::is_same_v<decltype(code), result<std::int64_t, std::int64_t>>);
  EXPECT_EQ(to_debug(code), "Err(3)");
  EXPECT_EQ(to_debug(res::ok(1).map_err([](const std::string& e) { return e + "!"; })), "Ok(1)");
  EXPECT_EQ(to_debug(res::err("no").map_err([](const std::string& e) { return e + "!"; })), "Err(\"no!\")");
}

TEST(ResultTest, AndThenAndOrElse) {
  auto checked_half = [](std::int64_t x) { return x % 2 == 0 ? res::ok(x / 2) : res::err("odd"); };
  EXPECT_EQ(res::ok(8).and_then(checked_half), res::ok(4));
  EXPECT_EQ(res::ok(8).and_then(checked_half).and_then(checked_half).and_then(checked_half), res::ok(1));
  EXPECT_EQ(res::ok(6).and_then(checked_half).and_then(checked_half), res::err("odd"));
  EXPECT_EQ(res::err("first").and_then(checked_half), res::err("first"));
  auto to_text = [](std::int64_t x) { return result<std::string, std::string>::ok(std::to_string(x)); };
  EXPECT_EQ(to_debug(res::ok(5).and_then(to_text)), "Ok(\"5\")");

  auto recover = [](const std::string& e) { return result<std::int64_t, std::int64_t>::ok(static_cast<std::int64_t>(e.size())); };
  EXPECT_EQ(to_debug(res::err("four").or_else(recover)), "Ok(4)");
  EXPECT_EQ(to_debug(res::ok(9).or_else(recover)), "Ok(9)");
  auto still_bad = [](const std::string& e) { return res::err(e + "?"); };
  EXPECT_EQ(res::err("x").or_else(still_bad), res::err("x?"));
}

TEST(ResultTest, InspectAndInspectErr) {
  std::string log;
  res ok = res::ok(1);
  res err = res::err("e");
  EXPECT_EQ(ok.inspect([&log](std::int64_t x) { log += "ok" + std::to_string(x); }), ok);
  EXPECT_EQ(err.inspect([&log](std::int64_t) { log += "never"; }), err);
  EXPECT_EQ(ok.inspect_err([&log](const std::string&) { log += "never"; }), ok);
  EXPECT_EQ(err.inspect_err([&log](const std::string& e) { log += "err" + e; }), err);
  EXPECT_EQ(log, "ok1erre");
}

TEST(ResultTest, Equality) {
  EXPECT_EQ(res::ok(1), res::ok(1));
  EXPECT_NE(res::ok(1), res::ok(2));
  EXPECT_NE(res::ok(1), res::err("1"));
  EXPECT_EQ(res::err("a"), res::err("a"));
  EXPECT_NE(res::err("a"), res::err("b"));
  // Same payload type on both sides: Ok(x) != Err(x).
  using same = result<std::string, std::string>;
  EXPECT_NE(same::ok("x"), same::err("x"));
  EXPECT_EQ(same::err("x"), same::err("x"));
  EXPECT_EQ(same::err("x").err(), some(std::string("x")));
  EXPECT_EQ(same::ok("x").ok(), some(std::string("x")));
  EXPECT_EQ(same::ok("x").err(), none);
}

TEST(ResultTest, UserStructPayloads) {
  using r = result<app::plain, std::string>;
  r ok = r::ok(app::plain{2});
  r copy = ok;  // copyable
  EXPECT_EQ(copy.unwrap().n, 2);
  EXPECT_EQ(to_debug(copy), "Ok(Plain { n: 2 })");
  EXPECT_EQ(copy.map([](const app::plain& p) { return p.n; }).unwrap(), 2);
  EXPECT_EQ(to_debug(copy.ok()), "Some(Plain { n: 2 })");
  static_assert(!std::equality_comparable<r>);
  static_assert(!std::equality_comparable<result<std::int64_t, app::plain>>);
  static_assert(std::equality_comparable<result<app::pair_model, std::string>>);
  using m = result<app::pair_model, std::string>;
  EXPECT_EQ(m::ok(app::pair_model{"a", 1}), m::ok(app::pair_model{"a", 1}));
  EXPECT_NE(m::ok(app::pair_model{"a", 1}), m::err("a"));
}

TEST(OptionResultTest, NestedDebug) {
  option<res> o = some(res::err("x"));
  EXPECT_EQ(to_debug(o), "Some(Err(\"x\"))");
  result<opt, std::string> r = result<opt, std::string>::ok(none);
  EXPECT_EQ(to_debug(r), "Ok(None)");
  option<option<std::int64_t>> oo = some(some<std::int64_t>(1));
  EXPECT_EQ(to_debug(oo), "Some(Some(1))");
}

}  // namespace
}  // namespace incan

// Tests for incan/core/box.h: the indirection of recursive types keeps value
// semantics (deep copies, independent moves) and survives assignment from a value
// that lives inside the old one. Expected values are written out by hand.
#include "incan/core/box.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "incan/core/format.h"
#include "incan/core/hash.h"

namespace app {
// A linked list node shaped like generated code: the recursive field is boxed.
struct node {
  std::int64_t value = 0;
  std::vector<incan::box<node>> next;  // 0 or 1 element
  node() = default;
  node(std::int64_t v) : value(v) {}
  node(std::int64_t v, node n) : value(v) { next.emplace_back(std::move(n)); }
  friend bool operator==(const node&, const node&) = default;
};
struct tree {
  incan::box<tree> left;
  std::int64_t label = 0;
  tree() = default;
  tree(const tree&) = default;
  tree(tree&&) = default;
  // Generated recursive types assign through a temporary.
  tree& operator=(const tree& o) {
    tree t(o);
    std::swap(left, t.left);
    std::swap(label, t.label);
    return *this;
  }
  tree& operator=(tree&& o) noexcept {
    tree t(std::move(o));
    std::swap(left, t.left);
    std::swap(label, t.label);
    return *this;
  }
};
inline void fmt_debug(std::string& out, const node& n) {
  out += "Node(";
  incan::fmt_debug(out, n.value);
  if (!n.next.empty()) {
    out += ", ";
    fmt_debug(out, n.next.front());
  }
  out += ')';
}
}  // namespace app

namespace {

using app::node;

TEST(Box, CopyIsDeep) {
  incan::box<node> a(node(1, node(2)));
  incan::box<node> b = a;
  (*b).next.front()->value = 20;
  EXPECT_EQ(a->next.front()->value, 2);
  EXPECT_EQ(b->next.front()->value, 20);
  EXPECT_FALSE(a == b);
  b->next.front()->value = 2;
  EXPECT_TRUE(a == b);
}

TEST(Box, MoveTakesTheValue) {
  incan::box<node> a(node(7));
  incan::box<node> b = std::move(a);
  EXPECT_EQ(b->value, 7);
  // A moved-from (empty) box reads as a default value and can be written again.
  const incan::box<node>& ca = a;
  EXPECT_EQ(ca->value, 0);
  a->value = 3;
  EXPECT_EQ(a->value, 3);
}

TEST(Box, EmptyConstBoxSharesOneDefault) {
  const incan::box<node> a, b;
  EXPECT_EQ(&*a, &*b);
  EXPECT_EQ(a->value, 0);
}

TEST(Box, AssignFromInsideTheOldValue) {
  // `t = t.left` and `b = b.next` must read the inner value before freeing the old one
  // (AddressSanitizer reports the use after free this guards against).
  app::tree t;
  t.label = 1;
  t.left->label = 2;
  t.left->left->label = 3;
  t = *t.left;
  EXPECT_EQ(t.label, 2);
  EXPECT_EQ(t.left->label, 3);
  t = std::move(*t.left);
  EXPECT_EQ(t.label, 3);

  incan::box<node> b(node(1, node(2, node(3))));
  b = std::move(b->next.front());
  EXPECT_EQ(b->value, 2);
  b = b->next.front();
  EXPECT_EQ(b->value, 3);
  EXPECT_TRUE(b->next.empty());
}

TEST(Box, FormatsAndHashesThroughTheBox) {
  incan::box<node> a(node(1, node(2)));
  std::string out;
  incan::fmt_debug(out, a);
  EXPECT_EQ(out, "Node(1, Node(2))");
  incan::box<std::int64_t> x(5), y(5), z(6);
  EXPECT_EQ(incan::hash_of(x), incan::hash_of(y));
  EXPECT_NE(incan::hash_of(x), incan::hash_of(z));
  EXPECT_TRUE(x < z);
}

}  // namespace

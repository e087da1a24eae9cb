// Tests for the interned TypeStore: equal types have equal IDs, names are the Incan
// spellings, and the error type is found inside composite types.
#include "typecheck/types/type_store.h"

#include <gtest/gtest.h>

namespace incan::sema {
namespace {

TEST(TypeStoreTest, LeafTypesHaveFixedIdsAndKinds) {
  TypeStore ts;
  EXPECT_EQ(ts.kind(ts.error()), TypeKind::Error);
  EXPECT_EQ(ts.kind(ts.int_()), TypeKind::Int);
  EXPECT_EQ(ts.kind(ts.float_()), TypeKind::Float);
  EXPECT_EQ(ts.kind(ts.bool_()), TypeKind::Bool);
  EXPECT_EQ(ts.kind(ts.str()), TypeKind::Str);
  EXPECT_EQ(ts.kind(ts.unit()), TypeKind::Unit);
  EXPECT_EQ(ts.kind(ts.task_join_error()), TypeKind::TaskJoinError);
  EXPECT_EQ(ts.kind(ts.range()), TypeKind::Range);
  EXPECT_EQ(ts.intern(TypeKind::Int), ts.int_());
}

TEST(TypeStoreTest, CompositeTypesAreInterned) {
  TypeStore ts;
  TypeId a = ts.list(ts.int_());
  TypeId b = ts.list(ts.int_());
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == ts.list(ts.float_()));
  EXPECT_EQ(ts.list(a), ts.list(ts.list(ts.int_())));
  EXPECT_EQ(ts.result(ts.int_(), ts.str()), ts.result(ts.int_(), ts.str()));
  EXPECT_FALSE(ts.result(ts.int_(), ts.str()) == ts.result(ts.str(), ts.int_()));
  EXPECT_FALSE(ts.option(ts.int_()) == ts.list(ts.int_()));
  EXPECT_EQ(ts.get(a).a, ts.int_());
}

TEST(TypeStoreTest, NamesAreIncanSpellings) {
  TypeStore ts;
  EXPECT_EQ(ts.name(ts.int_()), "int");
  EXPECT_EQ(ts.name(ts.unit()), "None");
  EXPECT_EQ(ts.name(ts.list(ts.list(ts.str()))), "list[list[str]]");
  EXPECT_EQ(ts.name(ts.option(ts.float_())), "Option[float]");
  EXPECT_EQ(ts.name(ts.result(ts.bool_(), ts.task_join_error())), "Result[bool, TaskJoinError]");
  EXPECT_EQ(ts.name(ts.awaitable(ts.unit())), "Awaitable[None]");
  EXPECT_EQ(ts.name(ts.join_handle(ts.int_())), "JoinHandle[int]");
  EXPECT_EQ(ts.name(ts.range()), "range");
}

TEST(TypeStoreTest, ErrorInsideCompositeTypes) {
  TypeStore ts;
  EXPECT_TRUE(ts.is_error(ts.error()));
  EXPECT_FALSE(ts.is_error(ts.list(ts.error())));
  EXPECT_TRUE(ts.contains_error(ts.list(ts.error())));
  EXPECT_TRUE(ts.contains_error(ts.result(ts.int_(), ts.list(ts.error()))));
  EXPECT_FALSE(ts.contains_error(ts.result(ts.int_(), ts.str())));
  EXPECT_TRUE(ts.is_numeric(ts.int_()));
  EXPECT_TRUE(ts.is_numeric(ts.float_()));
  EXPECT_FALSE(ts.is_numeric(ts.bool_()));
}

}  // namespace
}  // namespace incan::sema

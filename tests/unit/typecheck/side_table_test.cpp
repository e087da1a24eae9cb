// Tests for SideTable (typecheck/side_table.h): the sparse by-node tables of sema::Program.
#include "typecheck/side_table.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace incan::sema {
namespace {

struct Entry {
  int value = -1;
  std::vector<std::string> names;
};

TEST(SideTable, AbsentEntryReadsAsDefaultWithoutBeingCreated) {
  SideTable<Entry> table;
  table.resize(10);
  const SideTable<Entry>& view = table;
  EXPECT_EQ(view[3].value, -1);
  EXPECT_TRUE(view[3].names.empty());
  EXPECT_FALSE(table.has(3));
  EXPECT_EQ(table.size(), 10u);
}

TEST(SideTable, WrittenEntryIsReadBackByItsNodeOnly) {
  SideTable<Entry> table;
  table.resize(5);
  table[4].value = 40;
  table[1].value = 10;
  table[4].names.push_back("x");
  const SideTable<Entry>& view = table;
  EXPECT_EQ(view[4].value, 40);
  EXPECT_EQ(view[1].value, 10);
  EXPECT_EQ(view[0].value, -1);
  EXPECT_EQ(view[4].names, std::vector<std::string>{"x"});
  EXPECT_TRUE(table.has(1));
  EXPECT_FALSE(table.has(2));
}

// The checker holds a reference to a call's entry while it checks the arguments,
// which adds entries of their own.
TEST(SideTable, ReferenceStaysValidWhileManyEntriesAreAdded) {
  SideTable<Entry> table;
  table.resize(100000);
  Entry& first = table[0];
  first.value = 7;
  for (std::size_t i = 1; i < 100000; ++i) table[i].value = static_cast<int>(i);
  first.names.push_back("still here");
  EXPECT_EQ(table[0].value, 7);
  EXPECT_EQ(table[0].names.size(), 1u);
  EXPECT_EQ(table[99999].value, 99999);
}

TEST(SideTable, ResizeForgetsEveryEntry) {
  SideTable<Entry> table;
  table.resize(3);
  table[2].value = 5;
  table.resize(4);
  EXPECT_FALSE(table.has(2));
  const SideTable<Entry>& view = table;
  EXPECT_EQ(view[2].value, -1);
}

}  // namespace
}  // namespace incan::sema

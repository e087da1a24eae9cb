// Tests of task_join_error: message texts, Debug escaping, Display/Debug formatting.
// Pure values: no runtime involved.
#include "incan/rt/task_join_error.h"

#include <gtest/gtest.h>

#include <string>

namespace incan::rt::testing {
namespace {

TEST(task_join_error_test, cancelled_message) {
  task_join_error e = task_join_error::cancelled(7);
  EXPECT_EQ(e.message(), "task 7 was cancelled");
  EXPECT_TRUE(e.is_cancelled());
  EXPECT_FALSE(e.is_panic());
  EXPECT_EQ(e.task_id(), 7u);
}

TEST(task_join_error_test, panicked_message_is_debug_quoted) {
  task_join_error e = task_join_error::panicked(12, "a \"b\" \\ c\nd\re\tf");
  EXPECT_EQ(e.message(), "task 12 panicked with message \"a \\\"b\\\" \\\\ c\\nd\\re\\tf\"");
  EXPECT_TRUE(e.is_panic());
  EXPECT_FALSE(e.is_cancelled());
  EXPECT_EQ(e.panic_message(), "a \"b\" \\ c\nd\re\tf");
}

TEST(task_join_error_test, control_characters_and_utf8) {
  std::string msg("x");
  msg.push_back('\0');
  msg += "\x1b\x7f'héllo";
  EXPECT_EQ(task_join_error::panicked(1, msg).message(),
            "task 1 panicked with message \"x\\0\\u{1b}\\u{7f}'héllo\"");
  EXPECT_EQ(task_join_error::panicked(2, "").message(), "task 2 panicked with message \"\"");
}

TEST(task_join_error_test, panicked_without_message) {
  task_join_error e = task_join_error::panicked_without_message(3);
  EXPECT_EQ(e.message(), "task 3 panicked");
  EXPECT_TRUE(e.is_panic());
}

TEST(task_join_error_test, display_and_debug) {
  task_join_error p = task_join_error::panicked(4, "boom");
  std::string out = "[";
  fmt_display(out, p);  // found by ADL in generated code
  out += "]";
  EXPECT_EQ(out, "[task 4 panicked with message \"boom\"]");

  std::string dbg;
  fmt_debug(dbg, p);
  EXPECT_EQ(dbg,
            "TaskJoinError { message: \"task 4 panicked with message \\\"boom\\\"\", "
            "cancelled: false, panicked: true }");

  std::string dbg_cancelled;
  fmt_debug(dbg_cancelled, task_join_error::cancelled(5));
  EXPECT_EQ(dbg_cancelled,
            "TaskJoinError { message: \"task 5 was cancelled\", cancelled: true, panicked: false }");
}

TEST(task_join_error_test, copyable_value) {
  task_join_error a = task_join_error::panicked(9, "x");
  task_join_error b = a;
  EXPECT_EQ(a, b);
  EXPECT_EQ(b.message(), a.message());
  EXPECT_FALSE(a == task_join_error::cancelled(9));
}

}  // namespace
}  // namespace incan::rt::testing

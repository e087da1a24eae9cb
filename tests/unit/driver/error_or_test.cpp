#include "driver/error_or.h"

#include <gtest/gtest.h>

#include <memory>

namespace incan::driver {
namespace {

ErrorOr<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error{"not a digit"};
  return c - '0';
}

ErrorOr<int> sum_digits(char a, char b) {
  INCAN_ASSIGN_OR_RETURN(int x, parse_digit(a));
  INCAN_ASSIGN_OR_RETURN(int y, parse_digit(b));
  return x + y;
}

ErrorOr<void> check_digit(char c) {
  INCAN_RETURN_IF_ERROR(parse_digit(c));
  return {};
}

TEST(ErrorOrTest, HoldsValueOrError) {
  ErrorOr<int> good = parse_digit('7');
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  ErrorOr<int> bad = parse_digit('x');
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error().message, "not a digit");
}

TEST(ErrorOrTest, MacrosPropagate) {
  EXPECT_EQ(sum_digits('2', '3').value(), 5);
  EXPECT_EQ(sum_digits('2', 'q').error().message, "not a digit");
  EXPECT_TRUE(check_digit('1').ok());
  EXPECT_EQ(check_digit('z').error().message, "not a digit");
}

TEST(ErrorOrTest, MoveOnlyValues) {
  ErrorOr<std::unique_ptr<int>> boxed = std::make_unique<int>(4);
  ASSERT_TRUE(boxed.ok());
  std::unique_ptr<int> taken = std::move(boxed).value();
  EXPECT_EQ(*taken, 4);
}

TEST(ErrorOrTest, SuccessSpelling) {
  ErrorOr<Success> done = Success{};
  EXPECT_TRUE(done.ok());
  ErrorOr<Success> failed = Error{"no"};
  EXPECT_FALSE(failed.ok());
}

}  // namespace
}  // namespace incan::driver

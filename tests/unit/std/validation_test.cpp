// Tests for incan/core/validation.h: ValidationError text and the validated-newtype
// panics (LANGUAGE.md 5.9, 14). Expected values are written out by hand.
#include "incan/core/validation.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "incan/core/format.h"
#include "incan/core/result.h"
#include "incan/core/str.h"
#include "test_support.h"

namespace incan {
namespace {

using testing::panic_message;

TEST(ValidationErrorTest, Fields) {
  validation_error plain("must contain @");
  EXPECT_EQ(plain.message, "must contain @");
  EXPECT_EQ(plain.code, "");
  validation_error coded("too short", "min_length");
  EXPECT_EQ(coded.message, "too short");
  EXPECT_EQ(coded.code, "min_length");
  static_assert(!std::is_convertible_v<std::string, validation_error>);
}

TEST(ValidationErrorTest, Display) {
  EXPECT_EQ(to_display(validation_error("must contain @")), "must contain @");
  EXPECT_EQ(to_display(validation_error("too short", "min_length")), "min_length: too short");
  EXPECT_EQ(str_of(validation_error("x", "c")), "c: x");
}

TEST(ValidationErrorTest, Debug) {
  EXPECT_EQ(to_debug(validation_error("must contain @")),
            "ValidationError { message: \"must contain @\", code: None }");
  EXPECT_EQ(to_debug(validation_error("too short", "min_length")),
            "ValidationError { message: \"too short\", code: Some(\"min_length\") }");
  EXPECT_EQ(to_debug(validation_error("say \"hi\"")), "ValidationError { message: \"say \\\"hi\\\"\", code: None }");
}

TEST(ValidationErrorTest, InsideResult) {
  using r = result<std::string, validation_error>;
  r bad = r::err(validation_error("must contain @"));
  EXPECT_EQ(to_debug(bad), "Err(ValidationError { message: \"must contain @\", code: None })");
  EXPECT_EQ(to_display(bad), "Err(ValidationError { message: \"must contain @\", code: None })");
  EXPECT_EQ(panic_message([&] { bad.unwrap(); }), "called Result.unwrap() on an Err value");
  EXPECT_EQ(panic_message([&] { bad.expect("email"); }),
            "email: ValidationError { message: \"must contain @\", code: None }");
  EXPECT_EQ(bad, r::err(validation_error("must contain @")));
  EXPECT_NE(bad, r::err(validation_error("must contain @", "at")));
  EXPECT_EQ(r::ok("a@b.c").unwrap(), "a@b.c");
}

TEST(ValidationErrorTest, NewtypeValidationFailedPanic) {
  EXPECT_EQ(panic_message([] { newtype_validation_failed("Email", validation_error("must contain @")); }),
            "ValidationError: validated newtype construction failed for Email::from_underlying: must contain @");
  EXPECT_EQ(panic_message([] { newtype_validation_failed("Username", validation_error("too short", "min_length")); }),
            "ValidationError: validated newtype construction failed for Username::from_underlying: "
            "min_length: too short");
}

TEST(ValidationErrorTest, NewtypeConstraintFailedPanic) {
  EXPECT_EQ(panic_message([] { newtype_constraint_failed("Percentage", "ge", "0"); }),
            "ValidationError: validated newtype construction failed for Percentage: constraint ge=0 failed");
}

}  // namespace
}  // namespace incan

// A GoogleTest fixture for tests that run the real `incan` driver in a scratch
// directory of their own: it skips when the driver is not part of the build and keeps
// the directory (and says where) when a test fails.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "harness.h"

namespace incan::testing {

class DriverFixture : public ::testing::Test {
 protected:
  explicit DriverFixture(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    std::optional<std::string> incan = incan_binary();
    if (!incan) GTEST_SKIP() << "the `incan` driver target is not part of this build";
    incan_ = *incan;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::make_unique<ScratchDir>(prefix_ + info->name());
    ASSERT_FALSE(dir_->path().empty());
  }
  void TearDown() override {
    if (HasFailure() && dir_) {
      dir_->keep();
      std::cerr << "files kept in " << dir_->path().string() << "\n";
    }
  }

  std::string incan_;
  std::unique_ptr<ScratchDir> dir_;

 private:
  std::string prefix_;
};

}  // namespace incan::testing

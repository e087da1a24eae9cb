// Tests for incan/rt/detail/stack_guard.h: a guarded thread that overflows its stack is
// reported and exits with 134; any other segmentation fault still kills the process
// with SIGSEGV. Each case runs in a death-test child.
#include "incan/rt/detail/stack_guard.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdint>
#include <thread>

namespace incan::rt::detail {
namespace {

// Recursion the compiler cannot turn into a loop: each frame keeps a buffer alive
// across the call.
[[gnu::noinline]] std::uint64_t recurse(std::uint64_t n) {
  volatile char frame[256];
  frame[0] = static_cast<char>(n);
  if (n == 0) return frame[0];
  return recurse(n - 1) + static_cast<std::uint64_t>(frame[0]);
}

class StackGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!stack_overflow_guard_enabled) GTEST_SKIP() << "the guard is off under ASan and TSan";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

TEST_F(StackGuardTest, OverflowOnTheGuardedThreadIsReported) {
  EXPECT_EXIT(
      {
        stack_overflow_guard guard("main");
        recurse(std::uint64_t{1} << 40);
      },
      ::testing::ExitedWithCode(stack_overflow_exit_code),
      "^\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n$");
}

TEST_F(StackGuardTest, OverflowOnAnotherGuardedThreadNamesIt) {
  EXPECT_EXIT(
      {
        stack_overflow_guard main_guard("main");
        std::thread worker([] {
          stack_overflow_guard guard("incan-worker");
          recurse(std::uint64_t{1} << 40);
        });
        worker.join();
      },
      ::testing::ExitedWithCode(stack_overflow_exit_code), "thread 'incan-worker' has overflowed its stack");
}

TEST_F(StackGuardTest, OtherSegmentationFaultsStillKillTheProcess) {
  EXPECT_EXIT(
      {
        stack_overflow_guard guard("main");
        volatile std::uintptr_t address = 16;  // not a constant, so no bounds warning
        *reinterpret_cast<volatile int*>(address) = 1;
      },
      ::testing::KilledBySignal(SIGSEGV), "");
}

TEST_F(StackGuardTest, ASignalSentByKillIsNotAStackOverflow) {
  EXPECT_EXIT(
      {
        stack_overflow_guard guard("main");
        ::raise(SIGSEGV);
      },
      ::testing::KilledBySignal(SIGSEGV), "");
}

}  // namespace
}  // namespace incan::rt::detail

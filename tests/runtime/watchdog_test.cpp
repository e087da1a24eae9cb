// The per-test watchdog of runtime_test (test_main.cpp): a test that never finishes
// fails, with its name, within the limit instead of hanging the run. The hanging test
// is disabled; the check runs this binary again, as a plain child process, with only
// that test and a 1 s limit.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <thread>

namespace {

TEST(watchdog_test, DISABLED_never_finishes) {
  for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a lost wake-up
}

TEST(watchdog_test, a_test_that_never_finishes_fails_within_its_limit) {
  char self[4096];
  const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(len, 0);
  self[len] = '\0';
  const std::string command = std::string("INCAN_TEST_TIMEOUT_S=1 '") + self +
                              "' --gtest_also_run_disabled_tests"
                              " --gtest_filter=watchdog_test.DISABLED_never_finishes 2>&1";
  const auto start = std::chrono::steady_clock::now();
  FILE* child = popen(command.c_str(), "r");
  ASSERT_NE(child, nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, child)) > 0;) out.append(buf, n);
  const int status = pclose(child);
  // If the watchdog failed, the child would hang and this test's own watchdog would
  // end the run.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 124) << out;
  EXPECT_NE(out.find("[  TIMEOUT ] watchdog_test.DISABLED_never_finishes did not finish within 1 s"),
            std::string::npos)
      << out;
}

}  // namespace

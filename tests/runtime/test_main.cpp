// main() of runtime_test: GoogleTest plus a per-test watchdog. A lost wake-up or a
// deadlock in the runtime shows up as a test that never finishes; the watchdog turns
// that into a failure naming the test, within INCAN_TEST_TIMEOUT_S seconds (default
// 55), whether the binary runs under ctest (whose TIMEOUT of 60 s backs it up) or
// directly (tools/tsan_runtime.sh, tools/asan_runtime.sh).
//
// Design: one watchdog thread, one mutex and condition variable. OnTestStart (main
// thread) stores the test's name and deadline under the mutex and notifies;
// OnTestEnd clears the deadline. The watchdog waits until the deadline (or a change);
// if the deadline passes with the same test still running, it prints the test's name
// and calls std::_Exit(124), which no hung runtime thread can block. The message goes
// to a copy of stderr taken at start-up, because a death test redirects stderr while
// its child runs. GoogleTest forwards no events inside a death-test child, so the
// child is covered by the parent's watchdog (which is still waiting on that test).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <unistd.h>

namespace {

class watchdog : public ::testing::EmptyTestEventListener {
 public:
  explicit watchdog(std::chrono::seconds limit)
      : limit_(limit), err_fd_(dup(STDERR_FILENO)), thread_([this] { run(); }) {}
  ~watchdog() override {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void OnTestStart(const ::testing::TestInfo& info) override {
    {
      std::lock_guard<std::mutex> lock(m_);
      name_ = std::string(info.test_suite_name()) + "." + info.name();
      deadline_ = std::chrono::steady_clock::now() + limit_;
      ++generation_;
    }
    cv_.notify_one();
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    {
      std::lock_guard<std::mutex> lock(m_);
      deadline_.reset();
      ++generation_;
    }
    cv_.notify_one();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(m_);
    while (!stop_) {
      if (!deadline_) {
        cv_.wait(lock);
        continue;
      }
      const auto deadline = *deadline_;
      const auto generation = generation_;
      cv_.wait_until(lock, deadline, [&] { return stop_ || generation_ != generation; });
      if (!stop_ && generation_ == generation && std::chrono::steady_clock::now() >= deadline) {
        char line[512];
        const int n = std::snprintf(line, sizeof line,
                                    "\n[  TIMEOUT ] %s did not finish within %lld s (a lost wake-up or a deadlock?)\n",
                                    name_.c_str(), static_cast<long long>(limit_.count()));
        if (n > 0) {
          [[maybe_unused]] ssize_t w =
              write(err_fd_ >= 0 ? err_fd_ : STDERR_FILENO, line, std::min<std::size_t>(n, sizeof line - 1));
        }
        std::_Exit(124);
      }
    }
  }

  const std::chrono::seconds limit_;
  const int err_fd_;  // stderr as it was at start-up
  std::mutex m_;
  std::condition_variable cv_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;  // guarded by m_
  std::string name_;                                                // guarded by m_
  unsigned long generation_ = 0;                                    // guarded by m_
  bool stop_ = false;                                               // guarded by m_
  std::thread thread_;  // last: starts after the fields above exist
};

std::chrono::seconds timeout_from_env() {
  if (const char* s = std::getenv("INCAN_TEST_TIMEOUT_S")) {
    const long v = std::strtol(s, nullptr, 10);
    if (v > 0) return std::chrono::seconds(v);
  }
  return std::chrono::seconds(55);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Owned by the listener list from here on (deleted when gtest shuts down).
  ::testing::UnitTest::GetInstance()->listeners().Append(new watchdog(timeout_from_env()));
  return RUN_ALL_TESTS();
}

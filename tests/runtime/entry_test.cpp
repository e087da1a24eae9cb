// Tests of run_async_main, in child processes (threadsafe death tests re-run this
// binary with only the test at hand, so the process-wide task ids start at 1 there):
// exit codes, stdout flushing, not waiting for detached tasks, INCAN_WORKERS.
#include "incan/rt/runtime.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "incan/core/panic.h"
#include "incan/rt/spawn.h"
#include "incan/rt/time.h"
#include "runtime_test_util.h"

namespace incan::rt::testing {
namespace {

class entry_test : public workers_test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  // Runs in the child: use GetParam() workers, then enter the program.
  [[noreturn]] void run(task<void> (*main_fn)()) {
    setenv("INCAN_WORKERS", std::to_string(workers()).c_str(), 1);
    run_async_main(main_fn);
  }
};
INCAN_RT_INSTANTIATE_WORKERS(entry_test);

task<std::int64_t> boom() {
  incan::panic("first task fails");
  co_return 0;
}
task<std::int64_t> fine() { co_return 1; }

task<void> main_reports_task_ids() {
  auto a = spawn(boom());
  auto b = spawn(fine());
  auto ra = co_await std::move(a);
  auto rb = co_await std::move(b);
  std::fprintf(stderr, "[%s] [ok=%d]\n", ra.err_value().message().c_str(), rb.is_ok() ? 1 : 0);
}

TEST_P(entry_test, task_ids_start_at_one_in_a_fresh_process) {
  EXPECT_EXIT(run(&main_reports_task_ids), ::testing::ExitedWithCode(0),
              "first task fails\n\\[task 1 panicked with message \"first task fails\"\\] \\[ok=1\\]");
}

task<void> main_panics() {
  co_await sleep_ms(1);
  co_await boom();
}

TEST_P(entry_test, panic_in_main_exits_with_101) {
  EXPECT_EXIT(run(&main_panics), ::testing::ExitedWithCode(101), "^first task fails\n$");
}

task<void> main_panics_in_task_only() {
  auto r = co_await spawn(boom());
  std::fprintf(stderr, "main continues: %s\n", r.is_err() ? "err" : "ok");
}

TEST_P(entry_test, panic_in_a_spawned_task_does_not_end_the_program) {
  EXPECT_EXIT(run(&main_panics_in_task_only), ::testing::ExitedWithCode(0),
              "first task fails\nmain continues: err\n");
}

task<void> forever() { co_await sleep(3600.0); }
task<void> main_leaves_tasks_behind() {
  spawn(forever());
  auto kept = spawn(forever());  // never awaited
  std::printf("main done");     // no newline: only the final flush writes it
  co_return;
}

TEST_P(entry_test, main_returning_exits_at_once_and_flushes_stdout) {
  const std::string path = ::testing::TempDir() + "incan_rt_entry_stdout_" + std::to_string(workers()) + ".txt";
  std::remove(path.c_str());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EXIT(
      {
        if (std::freopen(path.c_str(), "w", stdout) == nullptr) std::_Exit(3);
        run(&main_leaves_tasks_behind);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "main done");
  std::remove(path.c_str());
}

TEST(entry_config_test, incan_workers_sets_the_worker_count) {
  const char* saved = std::getenv("INCAN_WORKERS");
  std::string saved_value = saved ? saved : "";
  setenv("INCAN_WORKERS", "3", 1);
  EXPECT_EQ(runtime::default_worker_count(), 3u);
  {
    runtime rt;
    EXPECT_EQ(rt.worker_count(), 3u);
  }
  setenv("INCAN_WORKERS", "0", 1);
  EXPECT_EQ(runtime::default_worker_count(), 1u);
  setenv("INCAN_WORKERS", "-2", 1);
  EXPECT_EQ(runtime::default_worker_count(), 1u);
  setenv("INCAN_WORKERS", "lots", 1);  // not a number: the CPU count
  EXPECT_GE(runtime::default_worker_count(), 1u);
  unsetenv("INCAN_WORKERS");
  EXPECT_GE(runtime::default_worker_count(), 1u);
  if (saved) setenv("INCAN_WORKERS", saved_value.c_str(), 1);
}

}  // namespace
}  // namespace incan::rt::testing

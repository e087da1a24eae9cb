#include "driver/process.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver_test_support.h"

namespace incan::driver {
namespace {

TEST(ProcessTest, ReportsExitCode) {
  auto result = run_process({"sh", "-c", "exit 3"});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->term_signal, 0);
  EXPECT_FALSE(result->succeeded());

  auto zero = run_process({"true"});
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->succeeded());
}

TEST(ProcessTest, CapturesStdoutAndStderrSeparately) {
  auto result = run_process({"sh", "-c", "echo out; echo err >&2; echo more-out"});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->stdout_text, "out\nmore-out\n");
  EXPECT_EQ(result->stderr_text, "err\n");
}

TEST(ProcessTest, PassesArgumentsWithoutAShell) {
  auto result = run_process({"printf", "%s|", "a b", "$HOME", "'q'", ""});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->stdout_text, "a b|$HOME|'q'||");
}

TEST(ProcessTest, LargeOutputOnBothStreamsDoesNotDeadlock) {
  // Each stream gets 1 MiB, far beyond a pipe's buffer.
  auto result = run_process(
      {"sh", "-c", "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; echo done"});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->stdout_text.size(), 1048576u + 5u);
  EXPECT_EQ(result->stderr_text.size(), 1048576u);
}

TEST(ProcessTest, FeedsStdin) {
  ProcessOptions options;
  options.stdin_text = std::string(300000, 'x') + "\nend\n";
  auto result = run_process({"cat"}, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->stdout_text, options.stdin_text);

  // A child that ignores its stdin must not kill us with SIGPIPE.
  auto ignoring = run_process({"true"}, options);
  ASSERT_TRUE(ignoring.ok());
  EXPECT_EQ(ignoring->exit_code, 0);
}

TEST(ProcessTest, StdinIsDevNullByDefault) {
  auto result = run_process({"cat"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->stdout_text, "");
}

TEST(ProcessTest, ReportsSignals) {
  auto result = run_process({"sh", "-c", "kill -9 $$"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->term_signal, 9);
  EXPECT_EQ(result->exit_code, 128 + 9);
}

TEST(ProcessTest, MissingProgramIsAnError) {
  auto result = run_process({"incan-no-such-program-xyz"});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("incan-no-such-program-xyz"), std::string::npos);
  EXPECT_FALSE(run_process({"/nonexistent/dir/prog"}).ok());
}

TEST(ProcessTest, FindsProgramsOnPath) {
  auto sh = find_program_on_path("sh");
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(sh->front(), '/');
  EXPECT_FALSE(find_program_on_path("incan-no-such-program-xyz").has_value());
  EXPECT_EQ(find_program_on_path("/bin/sh"), std::optional<std::string>("/bin/sh"));

  testing::ScopedTempDir dir;
  testing::write_text(dir.path() / "not_executable", "");
  testing::ScopedEnv path("PATH", dir.path().string());
  EXPECT_FALSE(find_program_on_path("not_executable").has_value());
}

TEST(ProcessTest, ExecReplacePassesOnTheExitCode) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    exec_replace({"sh", "-c", "exit 7"});
    ::_exit(99);  // exec failed
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(ProcessTest, ExecReplaceReturnsAnErrorWhenItCannotRun) {
  Error error = exec_replace({"incan-no-such-program-xyz"});
  EXPECT_NE(error.message.find("cannot run"), std::string::npos);
}

TEST(ProcessTest, FormatsCommandLinesForDisplay) {
  EXPECT_EQ(format_command_line({"g++", "-O2", "a b.cpp", "it's", ""}),
            "g++ -O2 'a b.cpp' 'it'\\''s' ''");
}

}  // namespace
}  // namespace incan::driver

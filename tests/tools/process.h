// Child processes for the test runners: run a command with extra environment and a
// timeout, capturing stdout and stderr separately. Part of tests/tools; it knows
// nothing of the compiler and is shared by the file-test runners.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace incan::testing {

// How to start a child process.
struct ProcessOptions {
  // Variables added to (or replacing those in) the parent's environment.
  std::vector<std::pair<std::string, std::string>> env;
  // Working directory of the child; empty keeps the parent's.
  std::filesystem::path cwd;
  // Wall-clock limit; on expiry the child's whole process group is killed.
  double timeout_seconds = 60.0;
  // Bytes kept per stream; the rest is read and dropped so the child never blocks.
  std::size_t max_output_bytes = std::size_t{64} << 20;
};

// What happened to a child process. Exactly one of `spawn_error` non-empty,
// `timed_out`, `term_signal != 0` or a normal exit (`exit_code`) describes the end.
struct ProcessResult {
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  bool output_truncated = false;
  std::string spawn_error;
  std::string out;
  std::string err;
  double seconds = 0.0;

  // True when the child ran and exited by itself (any exit code).
  bool exited() const { return spawn_error.empty() && !timed_out && term_signal == 0; }
  // "exit code 3", "killed by signal 11 (Segmentation fault)", "timed out after 20 s", ...
  std::string describe() const;
};

// Runs argv[0] (a path; no PATH search) with stdin from /dev/null. Never throws for
// failures of the child; a failure to start it is reported in `spawn_error`.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options);

// Quotes `arg` for a POSIX shell when it needs it (used in "rerun with" lines).
std::string shell_quote(std::string_view arg);

// The argv as one shell command line.
std::string command_line(const std::vector<std::string>& argv);

}  // namespace incan::testing

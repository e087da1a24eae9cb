// Child processes for the driver: run a program and capture its output, find a
// program on PATH, or replace the driver with the built program (`incan run`).
// No shell is ever involved: arguments go to the child exactly as given.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/error_or.h"

namespace incan::driver {

// How to run a child. By default stdin is /dev/null and stdout/stderr are captured.
struct ProcessOptions {
  // Written to the child's stdin (then closed). Empty: stdin is /dev/null.
  std::string stdin_text;
  // When false, the child writes straight to the driver's own stdout/stderr.
  bool capture_stdout = true;
  bool capture_stderr = true;
};

struct ProcessResult {
  // The child's exit status; 128 + N when it was killed by signal N (as a shell reports it).
  int exit_code = 0;
  // The signal that killed the child, or 0 when it exited normally.
  int term_signal = 0;
  std::string stdout_text;
  std::string stderr_text;

  bool succeeded() const { return exit_code == 0 && term_signal == 0; }
};

// Runs argv[0] (searched on PATH when it has no '/') with argv as its arguments and
// waits for it. Returns an Error only when the child could not be started (program
// missing, not executable, out of resources); a child that runs and fails is a
// ProcessResult with a non-zero exit_code.
// Precondition: !argv.empty().
ErrorOr<ProcessResult> run_process(const std::vector<std::string>& argv,
                                   const ProcessOptions& options = {});

// Replaces the current process image with argv (PATH-searched like run_process), so
// the program inherits the driver's stdio and its exit status becomes the exit status
// seen by the caller. Flushes C stdio first. Returns only on failure.
// Precondition: !argv.empty().
Error exec_replace(const std::vector<std::string>& argv);

// The absolute path of the first executable file called `name` in $PATH, if any.
// Names containing '/' are returned as given when they name an executable file.
std::optional<std::string> find_program_on_path(std::string_view name);

// Quotes argv for display (logs, --verbose, error messages); never executed.
std::string format_command_line(const std::vector<std::string>& argv);

}  // namespace incan::driver

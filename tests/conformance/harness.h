// What the conformance runner shares between its suites: where the sources, the
// `incan` binary and the scratch space are, how children are started, and the
// `incan check --format json` diagnostics model.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "process.h"

namespace incan::testing {

// The repository root (baked in at configure time).
std::filesystem::path source_dir();
std::filesystem::path conformance_dir();
std::filesystem::path examples_dir();

// The `incan` driver: $INCAN_TEST_BINARY if set, else the built `incan` target.
// nullopt when neither exists (the driver target is not part of this build).
std::optional<std::string> incan_binary();

// $INCAN_TEST_SANITIZE ("" when unset): sanitizers passed to `incan build`.
std::string sanitize_mode();

// Options for a child: INCAN_CACHE_DIR points into the build tree so tests never
// write to $HOME; `timeout_seconds` is scaled up in sanitizer runs.
ProcessOptions child_options(double timeout_seconds);

// A fresh directory under the build tree, unique per test and process, so tests can
// run in parallel. Removed on destruction unless keep() was called.
class ScratchDir {
 public:
  explicit ScratchDir(std::string_view tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

std::optional<std::string> read_file(const std::filesystem::path& path);
bool write_file(const std::filesystem::path& path, std::string_view contents);

// One entry of `incan check --format json`.
struct Diagnostic {
  std::string severity;
  std::string code;
  std::string kind;
  std::string message;
  std::string file;
  int line = 0;
  int column = 0;

  // `file:line:col: severity[code] [Kind] message`
  std::string render() const;
};

// Parses the `{"diagnostics": [...]}` document and checks each entry's shape
// (severity, non-empty code and kind, line and column >= 1, a message). Returns
// false with `error` set on malformed output.
bool parse_diagnostics(std::string_view json_text, std::vector<Diagnostic>* out,
                       std::string* error);

// The ctest name regex and the rerun hint printed under a failure.
std::string rerun_tip(std::string_view ctest_regex, std::string_view incan_command);

}  // namespace incan::testing

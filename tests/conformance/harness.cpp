// Runner environment and the diagnostics JSON model (see harness.h).
#include "harness.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>
#include <unistd.h>

#ifndef INCAN_SOURCE_DIR
#error INCAN_SOURCE_DIR must name the repository root
#endif
#ifndef INCAN_TEST_WORK_DIR
#error INCAN_TEST_WORK_DIR must name a scratch directory in the build tree
#endif
#ifndef INCAN_BUILD_DIR
#error INCAN_BUILD_DIR must name the top of the build tree
#endif
#ifndef INCAN_TEST_CACHE_DIR
#error INCAN_TEST_CACHE_DIR must name the build cache used by the tests
#endif

namespace incan::testing {

namespace fs = std::filesystem;

fs::path source_dir() { return fs::path(INCAN_SOURCE_DIR); }
fs::path conformance_dir() { return source_dir() / "tests" / "conformance"; }
fs::path examples_dir() { return source_dir() / "examples"; }

std::optional<std::string> incan_binary() {
  if (const char* env = std::getenv("INCAN_TEST_BINARY"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
#ifdef INCAN_BINARY
  return std::string(INCAN_BINARY);
#else
  return std::nullopt;
#endif
}

std::string sanitize_mode() {
  const char* env = std::getenv("INCAN_TEST_SANITIZE");
  return env != nullptr ? std::string(env) : std::string();
}

ProcessOptions child_options(double timeout_seconds) {
  ProcessOptions options;
  options.env.emplace_back("INCAN_CACHE_DIR", INCAN_TEST_CACHE_DIR);
  // Sanitized programs run several times slower.
  options.timeout_seconds = sanitize_mode().empty() ? timeout_seconds : timeout_seconds * 3;
  return options;
}

ScratchDir::ScratchDir(std::string_view tag) {
  fs::path root(INCAN_TEST_WORK_DIR);
  std::error_code ec;
  fs::create_directories(root, ec);
  std::string pattern = (root / (std::string(tag) + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    // Fall back to the system temp dir (e.g. a read-only build tree).
    pattern = (fs::temp_directory_path() / ("incan-" + std::string(tag) + ".XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) pattern.clear();
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  if (!keep_ && !path_.empty()) {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_file(const fs::path& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  return static_cast<bool>(out);
}

std::string Diagnostic::render() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + severity +
         "[" + code + "] [" + kind + "] " + message;
}

bool parse_diagnostics(std::string_view json_text, std::vector<Diagnostic>* out,
                       std::string* error) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    *error = "stdout is not valid JSON";
    return false;
  }
  if (!doc.is_object() || !doc.contains("diagnostics") || !doc["diagnostics"].is_array()) {
    *error = "expected an object with a `diagnostics` array";
    return false;
  }
  std::size_t index = 0;
  for (const auto& d : doc["diagnostics"]) {
    std::string where = "diagnostics[" + std::to_string(index++) + "]: ";
    if (!d.is_object()) {
      *error = where + "not an object";
      return false;
    }
    auto str = [&](const char* key, std::string* to, bool required_non_empty) {
      auto it = d.find(key);
      if (it == d.end() || !it->is_string()) return !required_non_empty;
      *to = it->get<std::string>();
      return !required_non_empty || !to->empty();
    };
    auto num = [&](const char* key, int* to) {
      auto it = d.find(key);
      if (it == d.end() || !it->is_number_integer()) return false;
      *to = it->get<int>();
      return true;
    };
    Diagnostic diag;
    if (!str("severity", &diag.severity, true) ||
        (diag.severity != "error" && diag.severity != "warning" && diag.severity != "note")) {
      *error = where + "`severity` must be \"error\", \"warning\" or \"note\"";
      return false;
    }
    if (!str("code", &diag.code, true)) {
      *error = where + "`code` must be a non-empty string";
      return false;
    }
    if (!str("kind", &diag.kind, true)) {
      *error = where + "`kind` must be a non-empty string";
      return false;
    }
    if (!str("message", &diag.message, true)) {
      *error = where + "`message` must be a non-empty string";
      return false;
    }
    str("file", &diag.file, false);
    if (!num("line", &diag.line) || diag.line < 1) {
      *error = where + "`line` must be an integer >= 1 (" + diag.kind + ")";
      return false;
    }
    if (!num("column", &diag.column) || diag.column < 1) {
      *error = where + "`column` must be an integer >= 1 (" + diag.kind + ")";
      return false;
    }
    out->push_back(std::move(diag));
  }
  return true;
}

std::string rerun_tip(std::string_view ctest_regex, std::string_view incan_command) {
  std::string tip = "TIP: ctest --test-dir " + shell_quote(INCAN_BUILD_DIR) + " -R " +
                    shell_quote(ctest_regex) + " --output-on-failure\n";
  if (!incan_command.empty()) tip += "TIP: " + std::string(incan_command) + "\n";
  return tip;
}

}  // namespace incan::testing

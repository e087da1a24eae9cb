// The conformance runner. Every tests/conformance/**/*.incn and examples/*.incn is one
// parameterized test, discovered when the binary starts (so `ctest` sees new files
// without a rebuild) and checked according to its directive (test_file.h):
//   run         `incan build` then run; compare stdout, stderr and the exit code
//   errorcheck  `incan check --format json`; match the inline expectations exactly
//   compile     check (only expected warnings) and build, without running
// Also here: the diagnostic-kind coverage test and layout checks of the test tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "harness.h"
#include "line_diff.h"
#include "process.h"
#include "test_file.h"

namespace incan::testing {
namespace {

namespace fs = std::filesystem;

constexpr double kCheckTimeoutSeconds = 120;
constexpr double kBuildTimeoutSeconds = 300;

struct FileCase {
  fs::path path;      // absolute
  std::string shown;  // path relative to the repository root, for messages
  std::string name;   // gtest parameter name
  std::string prefix; // instantiation prefix, for the ctest name
  bool is_example = false;
};

void PrintTo(const FileCase& c, std::ostream* os) { *os << c.shown; }

std::vector<FileCase> discover(const fs::path& root, bool recursive, bool is_example,
                               const std::string& prefix) {
  std::vector<fs::path> paths;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {};
  auto consider = [&](const fs::directory_entry& entry) {
    if (entry.is_regular_file() && entry.path().extension() == ".incn") {
      paths.push_back(entry.path());
    }
  };
  if (recursive) {
    for (const auto& entry : fs::recursive_directory_iterator(root, ec)) consider(entry);
  } else {
    for (const auto& entry : fs::directory_iterator(root, ec)) consider(entry);
  }
  std::sort(paths.begin(), paths.end());
  std::vector<FileCase> cases;
  std::set<std::string> used;
  for (const auto& p : paths) {
    FileCase c;
    c.path = p;
    c.shown = fs::relative(p, source_dir()).generic_string();
    c.name = test_name_for(fs::relative(p, root));
    // Two paths that sanitize alike (`a-b`, `a_b`) still get distinct names.
    std::string base = c.name;
    for (int i = 2; used.count(c.name) != 0; ++i) c.name = base + "_" + std::to_string(i);
    used.insert(c.name);
    c.prefix = prefix;
    c.is_example = is_example;
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<FileCase> conformance_cases() {
  return discover(conformance_dir(), /*recursive=*/true, /*is_example=*/false, "Tests");
}
std::vector<FileCase> example_cases() {
  return discover(examples_dir(), /*recursive=*/false, /*is_example=*/true, "Examples");
}

fs::path sibling(const fs::path& incn, const char* extension) {
  fs::path p = incn;
  p.replace_extension(extension);
  return p;
}

bool update_goldens() {
  const char* env = std::getenv("INCAN_UPDATE_GOLDENS");
  return env != nullptr && *env != '\0' && std::string(env) != "0";
}

std::string indent_block(std::string_view text, std::size_t limit = 8000) {
  std::string out;
  std::string_view shown = text.substr(0, std::min(limit, text.size()));
  std::size_t start = 0;
  while (start < shown.size()) {
    std::size_t nl = shown.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? shown.size() : nl;
    out += "    | ";
    out += shown.substr(start, end - start);
    out += '\n';
    start = end + 1;
  }
  if (text.size() > limit) out += "    | ... (" + std::to_string(text.size()) + " bytes)\n";
  if (text.empty()) out += "    | (empty)\n";
  return out;
}

std::string describe_expectation(const std::string& shown, const Expectation& e) {
  return shown + ":" + std::to_string(e.line) + ": " + std::string(to_string(e.severity)) + " [" +
         e.kind + "] /" + e.pattern + "/";
}

class Conformance : public ::testing::TestWithParam<FileCase> {
 protected:
  void SetUp() override {
    const FileCase& c = GetParam();
    ctest_regex_ = "^" + c.prefix + "/Conformance\\.File/" + c.name + "$";
  }

  std::string tip(const std::vector<std::string>& incan_argv) const {
    return rerun_tip(ctest_regex_, command_line(incan_argv));
  }

  // Runs `incan check --format json` and matches diagnostics against the file's
  // expectations. `expect_errors` decides the expected exit code (1 or 0).
  bool check_diagnostics(const std::string& incan, const TestFile& file) {
    const FileCase& c = GetParam();
    std::vector<std::string> argv = {incan, "check", c.path.string(), "--format", "json"};
    ProcessResult r = run_process(argv, child_options(kCheckTimeoutSeconds));
    if (!r.exited()) {
      ADD_FAILURE() << c.shown << ": `incan check` " << r.describe() << "\nstderr:\n"
                    << indent_block(r.err) << tip(argv);
      return false;
    }
    std::vector<Diagnostic> diags;
    std::string error;
    if (!parse_diagnostics(r.out, &diags, &error)) {
      ADD_FAILURE() << c.shown << ": bad JSON from `incan check` (" << r.describe()
                    << "): " << error << "\nstdout:\n"
                    << indent_block(r.out) << "stderr:\n"
                    << indent_block(r.err) << tip(argv);
      return false;
    }

    std::vector<bool> used(diags.size(), false);
    std::vector<const Expectation*> missing;
    for (const Expectation& e : file.expectations) {
      std::regex re(e.pattern, std::regex::ECMAScript);
      bool found = false;
      for (std::size_t i = 0; i < diags.size() && !found; ++i) {
        const Diagnostic& d = diags[i];
        if (used[i] || d.severity != to_string(e.severity) || d.kind != e.kind ||
            d.line != e.line || !std::regex_search(d.message, re)) {
          continue;
        }
        used[i] = true;
        found = true;
      }
      if (!found) missing.push_back(&e);
    }
    std::vector<const Diagnostic*> unexpected;
    for (std::size_t i = 0; i < diags.size(); ++i) {
      // Notes attached as top-level entries need not be listed in the file.
      if (!used[i] && diags[i].severity != "note") unexpected.push_back(&diags[i]);
    }
    int expected_exit = file.expects_errors() ? 1 : 0;
    if (missing.empty() && unexpected.empty() && r.exit_code == expected_exit) return true;

    std::ostringstream msg;
    msg << c.shown << ": diagnostics do not match\n";
    if (r.exit_code != expected_exit) {
      msg << "  `incan check` exit code " << r.exit_code << ", expected " << expected_exit << "\n";
    }
    for (const Expectation* e : missing) {
      msg << "  missing:    " << describe_expectation(c.shown, *e) << "\n";
    }
    for (const Diagnostic* d : unexpected) msg << "  unexpected: " << d->render() << "\n";
    msg << "  all reported diagnostics:\n";
    for (const Diagnostic& d : diags) msg << "    " << d.render() << "\n";
    if (diags.empty()) msg << "    (none)\n";
    if (!r.err.empty()) msg << "  stderr:\n" << indent_block(r.err);
    ADD_FAILURE() << msg.str() << tip(argv);
    return false;
  }

  // `incan build FILE -o DIR/prog`; returns the program path, or "" after a failure.
  fs::path build(const std::string& incan, const ScratchDir& dir) {
    const FileCase& c = GetParam();
    fs::path prog = dir.path() / "prog";
    std::vector<std::string> argv = {incan, "build", c.path.string(), "-o", prog.string()};
    if (std::string s = sanitize_mode(); !s.empty()) argv.push_back("--sanitize=" + s);
    ProcessResult r = run_process(argv, child_options(kBuildTimeoutSeconds));
    if (!r.exited() || r.exit_code != 0) {
      ADD_FAILURE() << c.shown << ": `incan build` failed (" << r.describe() << ")\nstderr:\n"
                    << indent_block(r.err)
                    << (r.out.empty() ? std::string() : "stdout:\n" + indent_block(r.out))
                    << tip(argv);
      return {};
    }
    if (!r.err.empty()) {
      // A C++ compiler warning on generated code is our bug, like an error.
      ADD_FAILURE() << c.shown << ": `incan build` succeeded but printed on stderr:\n"
                    << indent_block(r.err) << tip(argv);
      return {};
    }
    if (!fs::exists(prog)) {
      ADD_FAILURE() << c.shown << ": `incan build` exited 0 but wrote no " << prog
                    << "\n" << tip(argv);
      return {};
    }
    return prog;
  }

  void run_test(const std::string& incan, const TestFile& file) {
    const FileCase& c = GetParam();
    fs::path out_path = sibling(c.path, ".out");
    fs::path err_path = sibling(c.path, ".err");
    std::optional<std::string> expected_out = read_file(out_path);
    if (!expected_out && !update_goldens()) {
      FAIL() << c.shown << ": a run test needs its expected stdout in "
             << fs::relative(out_path, source_dir()).generic_string();
    }
    std::optional<std::string> expected_err = read_file(err_path);

    ScratchDir dir(c.name);
    ASSERT_FALSE(dir.path().empty()) << "cannot create a scratch directory";
    fs::path prog = build(incan, dir);
    if (prog.empty()) {
      dir.keep();
      return;
    }
    std::vector<std::string> argv = {prog.string()};
    argv.insert(argv.end(), file.args.begin(), file.args.end());
    ProcessOptions options = child_options(file.timeout_seconds);
    options.cwd = dir.path();
    ProcessResult r = run_process(argv, options);

    std::vector<std::string> build_argv = {incan, "build", c.path.string(), "-o", prog.string()};
    std::string rerun = command_line(build_argv) + " && " + command_line(argv);

    if (update_goldens() && r.exited()) {
      write_file(out_path, r.out);
      if (!r.err.empty()) {
        write_file(err_path, r.err);
      } else if (expected_err) {
        fs::remove(err_path);
      }
      if (r.exit_code != file.exit_code) {
        ADD_FAILURE() << c.shown << ": goldens updated, but the exit code is " << r.exit_code
                      << " and the file says `# exit: " << file.exit_code << "`";
      }
      return;
    }

    std::ostringstream msg;
    bool ok = true;
    if (!r.exited()) {
      ok = false;
      msg << "  program " << r.describe() << " (expected exit code " << file.exit_code << ")\n";
    } else if (r.exit_code != file.exit_code) {
      ok = false;
      msg << "  exit code " << r.exit_code << ", expected " << file.exit_code << "\n";
    }
    if (r.output_truncated) {
      ok = false;
      msg << "  output was cut off at the capture limit\n";
    }
    std::string out_diff =
        unified_diff(*expected_out, r.out, "expected stdout (" + out_path.filename().string() + ")",
                     "actual stdout");
    if (!out_diff.empty()) {
      ok = false;
      msg << out_diff;
    }
    std::string err_diff = unified_diff(
        expected_err.value_or(""), r.err,
        expected_err ? "expected stderr (" + err_path.filename().string() + ")"
                     : std::string("expected stderr (empty: no .err file)"),
        "actual stderr");
    if (!err_diff.empty()) {
      ok = false;
      msg << err_diff;
    }
    if (!ok) {
      dir.keep();
      ADD_FAILURE() << c.shown << ": run mismatch\n"
                    << msg.str() << "  artifacts kept in " << dir.path().string() << "\n"
                    << rerun_tip(ctest_regex_, rerun);
    }
  }

  std::string ctest_regex_;
};

TEST_P(Conformance, File) {
  const FileCase& c = GetParam();
  std::optional<std::string> text = read_file(c.path);
  ASSERT_TRUE(text) << "cannot read " << c.shown;
  std::string error;
  std::optional<TestFile> file = parse_test_file(*text, c.is_example, &error);
  ASSERT_TRUE(file) << c.shown << ": " << error;

  // The `fail_` naming rule and the directive/expectation combinations.
  bool fail_name = c.path.filename().string().rfind("fail_", 0) == 0;
  switch (file->directive) {
    case Directive::ErrorCheck:
      ASSERT_EQ(fail_name, file->expects_errors())
          << c.shown << ": a file name starts with `fail_` exactly when the file expects an "
          << "error (`# error: [Kind] regex`)";
      break;
    case Directive::Compile:
      ASSERT_FALSE(fail_name || file->expects_errors())
          << c.shown << ": a `compile` test must compile; expected errors belong in an "
          << "`errorcheck` test named `fail_*`";
      break;
    case Directive::Run:
      ASSERT_FALSE(fail_name) << c.shown << ": only errorcheck tests are named `fail_*`";
      ASSERT_TRUE(file->expectations.empty())
          << c.shown << ": a `run` test cannot carry diagnostic expectations (line "
          << file->expectations.front().comment_line << "); use `compile` or `errorcheck`";
      break;
  }

  std::optional<std::string> incan = incan_binary();
  if (!incan) GTEST_SKIP() << "the `incan` driver target is not part of this build";
  ASSERT_TRUE(fs::exists(*incan)) << "incan binary not found: " << *incan;
  if (!sanitize_mode().empty() && file->sanitize_skip) {
    GTEST_SKIP() << "`# sanitize: skip` under INCAN_TEST_SANITIZE=" << sanitize_mode();
  }

  switch (file->directive) {
    case Directive::ErrorCheck:
      check_diagnostics(*incan, *file);
      break;
    case Directive::Compile: {
      if (!check_diagnostics(*incan, *file)) return;
      ScratchDir dir(c.name);
      if (build(*incan, dir).empty()) dir.keep();
      break;
    }
    case Directive::Run:
      run_test(*incan, *file);
      break;
  }
}

std::string param_name(const ::testing::TestParamInfo<FileCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Tests, Conformance, ::testing::ValuesIn(conformance_cases()), param_name);
INSTANTIATE_TEST_SUITE_P(Examples, Conformance, ::testing::ValuesIn(example_cases()), param_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Conformance);

// --- coverage of diagnostic kinds ---------------------------------------------------

// Kinds that no conformance file can trigger, and why. Keep this list short.
const std::map<std::string, std::string>& coverage_allow_list() {
  static const std::map<std::string, std::string> list = {
      // Driver-level: a file that cannot be read has no inline expectations; the
      // driver's own tests cover it.
      {"CannotReadFile", "driver-level (missing or unreadable input)"},
      // Internal compiler errors must not be reachable from any input.
      {"InternalError", "driver-level (internal compiler error)"},
  };
  return list;
}

// Kind -> code, from frontend/diag/diagnostic_kinds.def.
std::map<std::string, std::string> registered_kinds() {
  std::map<std::string, std::string> kinds;
  fs::path def = source_dir() / "frontend" / "diag" / "diagnostic_kinds.def";
  std::optional<std::string> text = read_file(def);
  if (!text) return kinds;
  static const std::regex kLine(
      R"re(^\s*INCAN_DIAG\(\s*([A-Za-z0-9_]+)\s*,\s*"([A-Za-z0-9]+)"\s*,\s*([A-Za-z]+)\s*\))re");
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, kLine)) kinds[m[1].str()] = m[2].str();
  }
  return kinds;
}

// Kind -> files whose expectations name it (errorcheck and compile tests).
std::map<std::string, std::set<std::string>> expected_kinds() {
  std::map<std::string, std::set<std::string>> kinds;
  for (const FileCase& c : conformance_cases()) {
    std::optional<std::string> text = read_file(c.path);
    if (!text) continue;
    std::string error;
    std::optional<TestFile> file = parse_test_file(*text, false, &error);
    if (!file || file->directive == Directive::Run) continue;
    for (const Expectation& e : file->expectations) kinds[e.kind].insert(c.shown);
  }
  return kinds;
}

TEST(DiagnosticCoverage, EveryKindHasAnErrorcheckTest) {
  std::map<std::string, std::string> kinds = registered_kinds();
  ASSERT_FALSE(kinds.empty()) << "no INCAN_DIAG entries in frontend/diag/diagnostic_kinds.def";
  std::map<std::string, std::set<std::string>> covered = expected_kinds();
  std::string missing;
  for (const auto& [kind, code] : kinds) {
    if (covered.count(kind) == 0 && coverage_allow_list().count(kind) == 0) {
      missing += "  " + kind + " (" + code + ")\n";
    }
  }
  EXPECT_TRUE(missing.empty())
      << "these diagnostic kinds have no conformance test; add a tests/conformance/<area>/"
      << "fail_<name>.incn with `# error: [Kind] regex` (or `# warning:`):\n"
      << missing;
  for (const auto& [kind, why] : coverage_allow_list()) {
    EXPECT_TRUE(kinds.count(kind) != 0)
        << "allow-listed kind " << kind << " (" << why << ") is no longer registered";
  }
}

TEST(DiagnosticCoverage, ExpectationsNameRegisteredKinds) {
  std::map<std::string, std::string> kinds = registered_kinds();
  ASSERT_FALSE(kinds.empty());
  for (const auto& [kind, files] : expected_kinds()) {
    if (kinds.count(kind) != 0) continue;
    std::string where;
    for (const auto& f : files) where += "  " + f + "\n";
    ADD_FAILURE() << "expectation kind [" << kind
                  << "] is not in diagnostic_kinds.def; used in:\n"
                  << where;
  }
}

// --- layout of the test tree ---------------------------------------------------------

TEST(ConformanceLayout, GoldenFilesHaveSources) {
  for (const fs::path& root : {conformance_dir(), examples_dir()}) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string ext = entry.path().extension().string();
      if (ext != ".out" && ext != ".err") continue;
      EXPECT_TRUE(fs::exists(sibling(entry.path(), ".incn")))
          << fs::relative(entry.path(), source_dir()).generic_string()
          << " has no .incn beside it";
    }
  }
}

TEST(ConformanceLayout, OnlyRunTestsHaveGoldens) {
  for (const auto& cases : {conformance_cases(), example_cases()}) {
    for (const FileCase& c : cases) {
      std::optional<std::string> text = read_file(c.path);
      ASSERT_TRUE(text);
      std::string error;
      std::optional<TestFile> file = parse_test_file(*text, c.is_example, &error);
      if (!file || file->directive == Directive::Run) continue;
      EXPECT_FALSE(fs::exists(sibling(c.path, ".out")) || fs::exists(sibling(c.path, ".err")))
          << c.shown << " is a `" << to_string(file->directive)
          << "` test; its .out/.err would never be compared";
    }
  }
}

}  // namespace
}  // namespace incan::testing

// Robustness: inputs the compiler must survive without crashing or hanging. Each
// input is generated into a scratch directory (nothing binary or huge is committed).
// The rule for all of them: `incan` exits by itself with 0 or 1 within the time
// limit, and its JSON output is well formed. On top of that each case pins its verdict:
// input beyond a limit gets NestingTooDeep, and valid input just under a limit (and the
// valid 10 MB programs) checks cleanly: exit 0 and no diagnostics at all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver_fixture.h"
#include "harness.h"
#include "process.h"

namespace incan::testing {
namespace {

namespace fs = std::filesystem;

struct CheckOutcome {
  ProcessResult process;
  std::vector<Diagnostic> diagnostics;
};

class Robustness : public DriverFixture {
 protected:
  Robustness() : DriverFixture("robustness_") {}

  fs::path write_input(const std::string& name, const std::string& contents) {
    fs::path p = dir_->path() / name;
    EXPECT_TRUE(write_file(p, contents)) << "cannot write " << p;
    return p;
  }

  // `incan check FILE --format json`: asserts the process ended by itself with exit
  // code 0 or 1 and printed valid diagnostics JSON.
  CheckOutcome check(const fs::path& file, double timeout_seconds) {
    CheckOutcome outcome;
    std::vector<std::string> argv = {incan_, "check", file.string(), "--format", "json"};
    outcome.process = run_process(argv, child_options(timeout_seconds));
    const ProcessResult& r = outcome.process;
    EXPECT_TRUE(r.exited()) << "`incan check` " << r.describe() << " on " << file.filename()
                            << "\nstderr (head):\n"
                            << r.err.substr(0, 4000);
    if (!r.exited()) return outcome;
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1)
        << "`incan check` exit code " << r.exit_code << " (0 or 1 expected)\nstderr (head):\n"
        << r.err.substr(0, 4000);
    std::string error;
    EXPECT_TRUE(parse_diagnostics(r.out, &outcome.diagnostics, &error))
        << error << "\nstdout (head):\n"
        << r.out.substr(0, 4000);
    return outcome;
  }

  static bool has_kind(const CheckOutcome& o, const std::string& kind) {
    for (const auto& d : o.diagnostics) {
      if (d.kind == kind) return true;
    }
    return false;
  }

  // Exit 0 and not a single diagnostic (not even a warning).
  static void expect_clean(const CheckOutcome& o) {
    EXPECT_EQ(o.process.exit_code, 0) << listing(o);
    EXPECT_TRUE(o.diagnostics.empty()) << listing(o);
  }
  // Exit 1 with NestingTooDeep.
  static void expect_too_deep(const CheckOutcome& o) {
    EXPECT_EQ(o.process.exit_code, 1) << listing(o);
    EXPECT_TRUE(has_kind(o, "NestingTooDeep")) << listing(o);
  }

  static std::string listing(const CheckOutcome& o) {
    std::string s;
    for (const auto& d : o.diagnostics) s += "  " + d.render().substr(0, 300) + "\n";
    return s.empty() ? "  (no diagnostics)\n" : s;
  }
};

TEST_F(Robustness, EmptyFileChecksClean) {
  // A file without `main` is type-checked only; an empty one is fine.
  CheckOutcome o = check(write_input("empty.incn", ""), 30);
  EXPECT_EQ(o.process.exit_code, 0);
  for (const auto& d : o.diagnostics) {
    EXPECT_NE(d.severity, "error") << d.render();
  }
}

TEST_F(Robustness, BuildWithoutMainFails) {
  fs::path file = write_input("no_main.incn", "def helper() -> int:\n    return 1\n");
  fs::path prog = dir_->path() / "prog";
  std::vector<std::string> argv = {incan_, "build", file.string(), "-o", prog.string()};
  ProcessResult r = run_process(argv, child_options(60));
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << "building a file without `main` must fail\nstderr:\n" << r.err;
  std::string all = r.out + r.err;
  EXPECT_TRUE(all.find("InvalidMain") != std::string::npos ||
              all.find("E0216") != std::string::npos)
      << "expected an InvalidMain (E0216) diagnostic\nstderr:\n"
      << r.err;
  EXPECT_NE(all.find("main"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(prog)) << "no program may be written after an error";
}

TEST_F(Robustness, BinaryFileIsInvalidUtf8) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  CheckOutcome o = check(write_input("binary.incn", bytes), 30);
  EXPECT_EQ(o.process.exit_code, 1);
  ASSERT_FALSE(o.diagnostics.empty());
  EXPECT_EQ(o.diagnostics.front().kind, "InvalidUtf8") << listing(o);
}

TEST_F(Robustness, DeeplyNestedParenthesesAreRejected) {
  std::string src = "def main() -> None:\n    x = " + std::string(10000, '(') + "1" +
                    std::string(10000, ')') + "\n    println(x)\n";
  CheckOutcome o = check(write_input("parens.incn", src), 30);
  EXPECT_EQ(o.process.exit_code, 1);
  EXPECT_TRUE(has_kind(o, "NestingTooDeep")) << listing(o);
}

TEST_F(Robustness, DeeplyNestedListsAreRejected) {
  std::string src = "def main() -> None:\n    x = " + std::string(10000, '[') + "1" +
                    std::string(10000, ']') + "\n    println(x)\n";
  CheckOutcome o = check(write_input("lists.incn", src), 30);
  EXPECT_EQ(o.process.exit_code, 1);
  EXPECT_TRUE(has_kind(o, "NestingTooDeep")) << listing(o);
}

TEST_F(Robustness, UnclosedBracketsAtEndOfFile) {
  std::string src = "def main() -> None:\n    x = " + std::string(10000, '(') + "\n";
  CheckOutcome o = check(write_input("unclosed.incn", src), 30);
  EXPECT_EQ(o.process.exit_code, 1);
}

// Generators for the nesting cases: `n` levels of one construct inside `main`.
std::string nested(char open, char close, int n) {
  std::string src = "def main() -> None:\n    x = ";
  src.append(static_cast<std::size_t>(n), open);
  src += "1";
  src.append(static_cast<std::size_t>(n), close);
  src += "\n    println(x)\n";
  return src;
}
std::string nested_parens(int n) { return nested('(', ')', n); }
std::string nested_lists(int n) { return nested('[', ']', n); }
std::string nested_ifs(int n) {  // one space of indentation per level
  std::string src = "def main() -> None:\n";
  for (int i = 0; i < n; ++i) {
    src.append(static_cast<std::size_t>(i + 1), ' ');
    src += "if true:\n";
  }
  src.append(static_cast<std::size_t>(n + 1), ' ');
  src += "println(1)\n";
  return src;
}
std::string repeated(const std::string& head, const std::string& piece, int n, const std::string& tail) {
  std::string src = "def main() -> None:\n    x = ";
  src += head;
  for (int i = 0; i < n; ++i) src += piece;
  src += tail;
  src += "\n    println(x)\n";
  return src;
}
std::string plus_chain(int n) { return repeated("1", " + 1", n, ""); }    // left-leaning
std::string power_chain(int n) { return repeated("1", " ** 1", n, ""); }  // right-leaning
std::string minus_chain(int n) { return repeated("", "- ", n, "1"); }
std::string not_chain(int n) { return repeated("", "not ", n, "true"); }

TEST_F(Robustness, DeeplyNestedBlocks) {
  // 1000 nested `if` blocks, one space of indentation per level.
  expect_too_deep(check(write_input("blocks.incn", nested_ifs(1000)), 30));
}

TEST_F(Robustness, LongOperatorChain) {
  // A left-leaning tree 100000 nodes deep: past the 10000-operator limit.
  expect_too_deep(check(write_input("chain.incn", plus_chain(100000)), 30));
}

TEST_F(Robustness, LongPowerChain) {
  // `**` is right associative: a right-leaning tree 50000 nodes deep.
  expect_too_deep(check(write_input("power.incn", power_chain(50000)), 30));
}

TEST_F(Robustness, LongUnaryChain) {
  expect_too_deep(check(write_input("minus.incn", minus_chain(100000)), 30));
  expect_too_deep(check(write_input("not.incn", not_chain(100000)), 30));
}

// Just under the limits (frontend/parse/parser.h: 200 levels of nesting, 10000
// operators per statement), valid programs check cleanly; one more level is rejected.
// `main`'s body and the statement take two of the 200 levels, so 198 brackets or
// right-leaning operators fit; a block level costs one more (the `if` statement).
TEST_F(Robustness, DeepestAcceptedParenthesesCheckClean) {
  expect_clean(check(write_input("parens_198.incn", nested_parens(198)), 30));
  expect_too_deep(check(write_input("parens_199.incn", nested_parens(199)), 30));
}

TEST_F(Robustness, DeepestAcceptedListsCheckClean) {
  expect_clean(check(write_input("lists_198.incn", nested_lists(198)), 30));
  expect_too_deep(check(write_input("lists_199.incn", nested_lists(199)), 30));
}

TEST_F(Robustness, DeepestAcceptedBlocksCheckClean) {
  expect_clean(check(write_input("blocks_197.incn", nested_ifs(197)), 30));
  expect_too_deep(check(write_input("blocks_198.incn", nested_ifs(198)), 30));
}

TEST_F(Robustness, LongestAcceptedRightLeaningChainsCheckClean) {
  expect_clean(check(write_input("power_198.incn", power_chain(198)), 30));
  expect_too_deep(check(write_input("power_199.incn", power_chain(199)), 30));
  expect_clean(check(write_input("minus_198.incn", minus_chain(198)), 30));
  expect_too_deep(check(write_input("minus_199.incn", minus_chain(199)), 30));
  expect_clean(check(write_input("not_198.incn", not_chain(198)), 30));
  expect_too_deep(check(write_input("not_199.incn", not_chain(199)), 30));
}

TEST_F(Robustness, LongestAcceptedOperatorChainChecksClean) {
  // 10000 operators in one statement is the limit; the left-leaning tree is 10000 deep.
  expect_clean(check(write_input("chain_10000.incn", plus_chain(10000)), 30));
  expect_too_deep(check(write_input("chain_10001.incn", plus_chain(10001)), 30));
}

TEST_F(Robustness, TenMegabyteProgram) {
  std::string src;
  src.reserve(std::size_t{11} << 20);
  int n = 0;
  while (src.size() < (std::size_t{10} << 20)) {
    std::string i = std::to_string(n++);
    src += "def f" + i + "(a: int, b: int = " + i + ") -> int:\n    mut total = a\n" +
           "    for k in range(b):\n        total += k % 7\n    return total\n\n";
  }
  src += "def main() -> None:\n    println(f0(1))\n";
  CheckOutcome o = check(write_input("big.incn", src), 60);
  expect_clean(o);
  EXPECT_LT(o.process.seconds, 30.0) << "checking 10 MB took " << o.process.seconds << " s";
}

TEST_F(Robustness, TenMegabyteLine) {
  std::string src = "def main() -> None:\n    s = \"" + std::string(std::size_t{10} << 20, 'a') +
                    "\"\n    println(len(s))\n";
  CheckOutcome o = check(write_input("line.incn", src), 60);
  expect_clean(o);
  EXPECT_LT(o.process.seconds, 30.0) << "checking a 10 MB line took " << o.process.seconds << " s";
}

}  // namespace
}  // namespace incan::testing

// End-to-end tests of the generated C++: a few programs are built with the real
// `incan build` (so the emitted code is compiled against the runtime and std) and
// run; their stdout, stderr and exit code are checked. Each build costs about a
// second, so this file stays small; conformance tests cover the language broadly.
#include "codegen/codegen.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "frontend/common/gcc_warnings.h"

#ifndef INCAN_BINARY
#error INCAN_BINARY must name the incan driver executable
#endif

namespace incan::cg {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  bool built = false;
  std::string build_errors;
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }
INCAN_GCC_NO_RESTRICT_END

// Runs `command` through the shell and returns its exit code (-1 if it did not exit).
int shell(const std::string& command) {
  int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("incan_e2e_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Builds `source` (a leading newline is dropped) with `incan build` and runs it.
  RunResult build_and_run(std::string source) {
    if (!source.empty() && source.front() == '\n') source.erase(0, 1);
    RunResult r;
    fs::path src = dir_ / "prog.incn", exe = dir_ / "prog", build_err = dir_ / "build.err";
    std::ofstream(src, std::ios::binary) << source;
    int built = shell(quoted(INCAN_BINARY) + " build " + quoted(src) + " -o " + quoted(exe) + " >" +
                      quoted(build_err) + " 2>&1");
    r.build_errors = read_text(build_err);
    r.built = built == 0 && fs::exists(exe);
    if (!r.built) return r;
    fs::path out = dir_ / "run.out", err = dir_ / "run.err";
    r.exit_code = shell(quoted(exe) + " >" + quoted(out) + " 2>" + quoted(err) + " </dev/null");
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
  }

  fs::path dir_;
};

TEST_F(EndToEndTest, ArithmeticAndFormatting) {
  RunResult r = build_and_run(R"(
def main() -> None:
    e = 3
    s = "it's"
    t = "héllo"
    println(7 / 2)
    println(4 / 2)
    println(2 ** 3)
    println(2 ** e)
    println(-2 ** 2)
    println(-7 // 2)
    println(-7 % 3)
    println(7 % -3)
    mut x = 7.0
    x /= 2
    println(f"{0.1 + 0.2} {1e21} {2.5:?} {20.0:?} {x} {[1, 2]} {s:?} {true} {len(t)}")
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "3.5\n2\n8\n8\n4\n-4\n2\n-2\n"
            "0.30000000000000004 1000000000000000000000 2.5 20.0 3.5 [1, 2] \"it's\" true 6\n");
}

TEST_F(EndToEndTest, ArgumentsAndOperandsRunLeftToRight) {
  RunResult r = build_and_run(R"(
def trace(label: str, v: int) -> int:
    print(label)
    return v

def combine(a: int, b: int, c: int) -> int:
    return a * 100 + b * 10 + c

def main() -> None:
    println(combine(trace("a", 1), c=trace("c", 3), b=trace("b", 2)))
    println(trace("l", 10) - trace("r", 3))
    if trace("x", 0) == 1 or trace("y", 1) == 1:
        println("or")
    if trace("p", 0) == 1 and trace("q", 1) == 1:
        println("unreachable")
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a\nc\nb\n123\nl\nr\n7\nx\ny\nor\np\n");
}

TEST_F(EndToEndTest, ValueSemanticsAndMutParameters) {
  RunResult r = build_and_run(R"(
def fill(mut xs: list[int], n: int) -> None:
    for i in range(n):
        xs.append(i)

def bump(mut n: int) -> int:
    n += 1
    return n

def main() -> None:
    mut a = [1, 2]
    b = a
    a.append(3)
    println(f"{len(a)} {len(b)}")
    fill(a, 2)
    println(a)
    k = 5
    println(bump(k))
    println(k)
    for x in a:
        a.append(x)
    println(len(a))
    x = 1
    if true:
        let x = 2
        println(x)
    println(x)
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "3 2\n[1, 2, 3, 0, 1]\n6\n5\n10\n2\n1\n");
}

TEST_F(EndToEndTest, AsyncAwaitAndSpawn) {
  RunResult r = build_and_run(R"(
import std.async
from std.async.time import sleep_ms
from std.async.task import spawn

async def work(n: int) -> int:
    await sleep_ms(1)
    return n * 2

async def main() -> None:
    h = spawn(work(5))
    x = await work(1) + await work(2)
    r = await h
    println(f"{x} {r.unwrap()}")
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "6 10\n");
}

TEST_F(EndToEndTest, OverflowPanicsWithExitCode101) {
  RunResult r = build_and_run(R"(
def main() -> None:
    x = 9223372036854775807
    println("before")
    println(x + 1)
    println("after")
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 101);
  EXPECT_EQ(r.out, "before\n");
  EXPECT_NE(r.err.find("attempt to add with overflow"), std::string::npos) << r.err;
}

// A scalar read before a mutating call (`xs[2] + xs.pop()`) sees the old value, as
// in Rust, where the read copies. (Reading a whole list before mutating it in the
// same expression is a borrow error in real Incan, so it is not tested here.)
TEST_F(EndToEndTest, ReadsBeforeAMutatingCallSeeTheOldValue) {
  RunResult r = build_and_run(R"(
def take(mut xs: list[int]) -> int:
    return xs.pop()

def main() -> None:
    xs = [1, 2, 3]
    println(xs[2] + xs.pop())
    mut zs = [4, 5]
    println(zs[1] * take(zs))
)");
  ASSERT_TRUE(r.built) << r.build_errors;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "6\n25\n");
}

}  // namespace
}  // namespace incan::cg

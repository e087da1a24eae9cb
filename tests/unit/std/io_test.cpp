// Tests for incan/core/io.h: println output and whole-line atomicity across threads.
#include "incan/core/io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace incan {
namespace {

// Runs `body` with stdout redirected to a temporary file and returns what it wrote.
template <class F>
std::string capture_stdout(F body) {
  std::fflush(stdout);
  char path[] = "/tmp/incan_io_testXXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  const int saved = dup(STDOUT_FILENO);
  dup2(fd, STDOUT_FILENO);
  body();
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  close(fd);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path);
  return text.str();
}

TEST(IoTest, PrintlnAppendsNewline) {
  const std::string out = capture_stdout([] {
    println("hello");
    println();
    println(std::string("héllo, world"));
    println(std::string_view("a\0b", 3));
  });
  EXPECT_EQ(out, std::string("hello\n\nhéllo, world\n") + std::string("a\0b\n", 4));
}

// A line must reach the file when println returns, not when stdout is flushed at exit:
// a program killed later (a timeout, a closed pipeline) keeps what it printed.
TEST(IoTest, LineReachesTheFileBeforeAnyFlush) {
  char path[] = "/tmp/incan_io_testXXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  dup2(fd, STDOUT_FILENO);
  println("first line");
  println();
  // Read through a separate descriptor while stdout still points at the file and
  // nothing has been flushed.
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  dup2(saved, STDOUT_FILENO);
  close(saved);
  close(fd);
  std::remove(path);
  EXPECT_EQ(text.str(), "first line\n\n");
}

TEST(IoTest, ConcurrentLinesNeverInterleave) {
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  const std::string out = capture_stdout([] {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([t] {
        const std::string line(200, static_cast<char>('a' + t));
        for (int i = 0; i < kLines; ++i) println(line);
      });
    }
    for (auto& th : threads) th.join();
  });
  std::istringstream lines(out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    ASSERT_EQ(line.size(), 200u);
    ASSERT_EQ(line.find_first_not_of(line[0]), std::string::npos) << "interleaved line: " << line;
  }
  EXPECT_EQ(count, kThreads * kLines);
}

}  // namespace
}  // namespace incan

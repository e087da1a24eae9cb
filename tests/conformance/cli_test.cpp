// The `incan` command and built programs seen from outside: what the driver does to
// the files around a build (the source, the output, the cache), `incan clean`, and
// output of a program that is killed before it exits. Each test runs the real driver
// in a scratch directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "driver_fixture.h"
#include "harness.h"
#include "process.h"

namespace incan::testing {
namespace {

namespace fs = std::filesystem;

constexpr double kBuildTimeoutSeconds = 300;

constexpr const char* kHello = R"(def main() -> None:
    println("hello from incan")
)";

class DriverCli : public DriverFixture {
 protected:
  DriverCli() : DriverFixture("cli_") {}

  fs::path path(const std::string& name) const { return dir_->path() / name; }

  fs::path write_source(const std::string& name, const std::string& text) {
    fs::path p = path(name);
    EXPECT_TRUE(write_file(p, text)) << "cannot write " << p;
    return p;
  }

  // Runs `incan ARGS...` in the scratch directory, with `cache` as INCAN_CACHE_DIR
  // when given (else the suite's shared cache).
  ProcessResult incan(std::vector<std::string> args, const fs::path& cache = {},
                      double timeout = kBuildTimeoutSeconds) {
    args.insert(args.begin(), incan_);
    ProcessOptions options = child_options(timeout);
    options.cwd = dir_->path();
    if (!cache.empty()) options.env.emplace_back("INCAN_CACHE_DIR", cache.string());
    return run_process(args, options);
  }

  static std::string tmp_files_in(const fs::path& dir) {
    std::string found;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (name.find(".tmp.") != std::string::npos) found += name + " ";
    }
    return found;
  }
};

TEST_F(DriverCli, BuildRefusesToWriteOverItsSource) {
  fs::path source = write_source("hello.incn", kHello);
  fs::create_directory(path("sub"));
  fs::create_symlink(source, path("alias.incn"));
  for (const std::string& output :
       {std::string("hello.incn"), std::string("./hello.incn"), std::string("sub/../hello.incn"),
        source.string(), std::string("alias.incn")}) {
    for (const char* command : {"build", "run"}) {
      write_file(source, kHello);  // restores it after a failure, so later cases still test
      ProcessResult r = incan({command, "hello.incn", "-o", output});
      ASSERT_TRUE(r.exited()) << r.describe();
      EXPECT_EQ(r.exit_code, 2) << command << " -o " << output << "\n" << r.err;
      EXPECT_NE(r.err.find("is the input file"), std::string::npos) << r.err;
      // Not EXPECT_EQ: a failure would print the whole executable.
      EXPECT_TRUE(read_file(source).value_or("") == kHello) << "the source was changed by -o " << output;
    }
  }
  EXPECT_TRUE(fs::is_symlink(path("alias.incn")));
}

TEST_F(DriverCli, RebuildsCopyTheOutputAndLeaveNoTemporaryFiles) {
  write_source("hello.incn", kHello);
  fs::create_directory(path("out"));
  for (int i = 0; i < 3; ++i) {
    ProcessResult r = incan({"build", "hello.incn", "-o", "out/hello"});
    ASSERT_TRUE(r.exited() && r.exit_code == 0) << r.describe() << "\n" << r.err;
  }
  EXPECT_EQ(tmp_files_in(path("out")), "");
  struct stat out_info;
  ASSERT_EQ(::stat(path("out/hello").c_str(), &out_info), 0);
  EXPECT_EQ(out_info.st_nlink, 1u);
  EXPECT_NE(out_info.st_mode & S_IXUSR, 0u);
  // No file of the cache is the output. Other tests build into the same cache at the
  // same time, so entries may vanish while this walks it.
  std::error_code ec;
  std::size_t seen = 0;
  for (fs::recursive_directory_iterator it(INCAN_TEST_CACHE_DIR, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat info;
    if (::lstat(it->path().c_str(), &info) != 0) continue;
    ++seen;
    EXPECT_FALSE(info.st_ino == out_info.st_ino && info.st_dev == out_info.st_dev) << it->path();
  }
  EXPECT_GT(seen, 0u);
  // Overwrite the output in place, rebuild (a cache hit), and run it.
  {
    std::ofstream damage(path("out/hello"), std::ios::binary | std::ios::in | std::ios::out);
    damage << "not an executable any more";
  }
  ProcessResult rebuilt = incan({"build", "hello.incn", "-o", "out/hello"});
  ASSERT_TRUE(rebuilt.exited() && rebuilt.exit_code == 0) << rebuilt.describe() << "\n" << rebuilt.err;
  ProcessResult run = run_process({path("out/hello").string()}, child_options(20));
  ASSERT_TRUE(run.exited()) << run.describe();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "hello from incan\n");
  EXPECT_EQ(tmp_files_in(path("out")), "");
}

TEST_F(DriverCli, UnwritableOutputNamesTheSystemError) {
  write_source("hello.incn", kHello);
  ProcessResult r = incan({"build", "hello.incn", "-o", "/proc/incan-cli-test"});
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/proc/incan-cli-test"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Success"), std::string::npos) << r.err;
  // Creating a file in /proc fails with ENOENT.
  EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
}

TEST_F(DriverCli, CleanEmptiesThePrivateCache) {
  write_source("hello.incn", kHello);
  fs::path cache = path("cache");
  ProcessResult built = incan({"build", "hello.incn", "-o", "hello"}, cache);
  ASSERT_TRUE(built.exited() && built.exit_code == 0) << built.describe() << "\n" << built.err;
  std::uintmax_t files = 0;
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(cache)) {
    if (entry.is_directory() && !entry.is_symlink()) continue;
    ++files;
    bytes += entry.is_regular_file() ? entry.file_size() : 0;
  }
  ASSERT_GT(files, 1u);

  ProcessResult clean = incan({"clean"}, cache, 60);
  ASSERT_TRUE(clean.exited()) << clean.describe();
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  char expected[256];
  std::snprintf(expected, sizeof expected, "removed %ju files, %.1f MB from %s\n", files,
                static_cast<double>(bytes) / 1e6, cache.c_str());
  EXPECT_EQ(clean.out, expected);
  EXPECT_TRUE(fs::is_directory(cache));
  EXPECT_TRUE(fs::is_empty(cache));
  // The program built before is untouched, and building again works.
  EXPECT_TRUE(fs::exists(path("hello")));
  ProcessResult again = incan({"build", "hello.incn", "-o", "hello"}, cache);
  ASSERT_TRUE(again.exited() && again.exit_code == 0) << again.describe() << "\n" << again.err;

  ProcessResult missing = incan({"clean"}, path("no-cache-here"), 60);
  ASSERT_TRUE(missing.exited()) << missing.describe();
  EXPECT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_EQ(missing.out, "removed 0 files, 0.0 MB from " + path("no-cache-here").string() + "\n");
  EXPECT_FALSE(fs::exists(path("no-cache-here")));

  ProcessResult extra = incan({"clean", "now"}, cache, 60);
  ASSERT_TRUE(extra.exited()) << extra.describe();
  EXPECT_EQ(extra.exit_code, 2);
}

// A program whose stdout is a pipe is killed while it waits: the line it printed
// before must have arrived (nothing may wait in a buffer for an exit that never
// comes).
TEST_F(DriverCli, LinesPrintedBeforeAKillArrive) {
  struct Case {
    const char* name;
    const char* source;
  };
  const Case cases[] = {
      {"async_sleep", R"(import std.async
from std.async.time import sleep

async def main() -> None:
    println("alive")
    println("still alive")
    await sleep(60.0)
    println("never printed")
)"},
  };
  for (const Case& c : cases) {
    write_source(std::string(c.name) + ".incn", c.source);
    ProcessResult built = incan({"build", std::string(c.name) + ".incn", "-o", c.name});
    ASSERT_TRUE(built.exited() && built.exit_code == 0) << built.describe() << "\n" << built.err;
    ProcessOptions options;
    options.timeout_seconds = 2;
    ProcessResult r = run_process({path(c.name).string()}, options);
    EXPECT_TRUE(r.timed_out) << c.name << ": " << r.describe();
    EXPECT_EQ(r.out, "alive\nstill alive\n") << c.name;
  }
}

}  // namespace
}  // namespace incan::testing

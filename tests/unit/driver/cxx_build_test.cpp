#include "driver/cxx_build.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "driver/process.h"
#include "driver_test_support.h"

namespace incan::driver {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::ScopedEnv;
using testing::ScopedTempDir;
using testing::write_text;

// A prelude with the weight of a small real one (the headers generated code uses),
// plus declarations of the stand-in libraries' functions.
constexpr const char* kStandInPrelude = R"(#pragma once
#include <atomic>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>
int standin_runtime_answer();
int standin_core_answer();
)";

constexpr const char* kHello = R"(#include <incan/prelude.h>
int main() {
  std::vector<std::string> words{"hello", "world"};
  std::printf("%s, %s %d\n", words[0].c_str(), words[1].c_str(),
              standin_runtime_answer() + standin_core_answer());
  return 3;
}
)";

// Each test gets its own cache and an INCAN_HOME holding the stand-in prelude and the
// stand-in libraries (built by CMake, paths passed as macros).
class CxxBuildTest : public ::testing::Test {
 protected:
  CxxBuildTest()
      : cache_env_("INCAN_CACHE_DIR", (dir_.path() / "cache").string()),
        home_env_("INCAN_HOME", (dir_.path() / "home").string()),
        cxx_env_("INCAN_CXX", std::nullopt) {
    fs::path home = dir_.path() / "home";
    write_text(home / "include" / "incan" / "prelude.h", kStandInPrelude);
    fs::create_directories(home / "lib");
    for (const char* suffix : {".a", "_asan.a"}) {
      fs::copy_file(INCAN_TEST_STANDIN_RUNTIME_LIB,
                    home / "lib" / (std::string("libincan_runtime") + suffix));
      fs::copy_file(INCAN_TEST_STANDIN_CORE_LIB,
                    home / "lib" / (std::string("libincan_core") + suffix));
    }
  }

  fs::path out(const std::string& name) const { return dir_.path() / "out" / name; }
  fs::path home() const { return dir_.path() / "home"; }

  ScopedTempDir dir_;
  ScopedEnv cache_env_;
  ScopedEnv home_env_;
  ScopedEnv cxx_env_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(CxxBuildTest, BuildsARunnableBinaryThenHitsTheCache) {
  BuildOptions options;
  options.output_path = out("hello").string();
  auto cold_start = std::chrono::steady_clock::now();
  auto first = build_executable(kHello, options);
  double cold = seconds_since(cold_start);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->cache_hit);
  EXPECT_TRUE(first->cpp_path.empty());

  auto run = run_process({options.output_path});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_text, "hello, world 49\n");
  EXPECT_EQ(run->exit_code, 3);

  fs::remove(options.output_path);
  auto warm_start = std::chrono::steady_clock::now();
  auto second = build_executable(kHello, options);
  double warm = seconds_since(warm_start);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->cache_hit);
  EXPECT_EQ(second->binary_path, first->binary_path);
  EXPECT_FALSE(fs::equivalent(options.output_path, second->binary_path));
  EXPECT_EQ(run_process({options.output_path})->stdout_text, "hello, world 49\n");
  // The budget for an unchanged rebuild is 0.1 s; allow for a loaded CI machine.
  EXPECT_LT(warm, 0.5);
  std::printf("[ timing   ] cold build %.3f s (PCH included), cache hit %.4f s\n", cold, warm);
}

TEST_F(CxxBuildTest, UsesAPrecompiledPreludeWithGcc) {
  auto toolchain_cache = BuildCache::open_default();
  ASSERT_TRUE(toolchain_cache.ok());
  auto toolchain = find_toolchain(*toolchain_cache);
  ASSERT_TRUE(toolchain.ok());
  if (toolchain->family != CompilerFamily::Gcc) GTEST_SKIP() << "PCH check is for g++";

  BuildOptions options;
  options.output_path = out("a").string();
  auto first = build_executable(kHello, options);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->used_pch);
  bool found_gch = false;
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path() / "cache" / "pch")) {
    if (entry.path().filename() == "prelude.h.gch") found_gch = true;
  }
  EXPECT_TRUE(found_gch);

  // A second, different program reuses the same PCH and still compiles correctly.
  std::string other = std::string(kHello) + "int unused_function() { return 1; }\n";
  auto start = std::chrono::steady_clock::now();
  auto second = build_executable(other, options);
  double with_pch = seconds_since(start);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_FALSE(second->cache_hit);
  EXPECT_TRUE(second->used_pch);
  EXPECT_EQ(run_process({options.output_path})->stdout_text, "hello, world 49\n");
  std::printf("[ timing   ] warm build (PCH present, new program) %.3f s\n", with_pch);
}

TEST_F(CxxBuildTest, ChangedSourceRebuilds) {
  BuildOptions options;
  options.output_path = out("p").string();
  ASSERT_TRUE(build_executable(kHello, options).ok());
  std::string changed = kHello;
  changed.replace(changed.find("return 3;"), 9, "return 4;");
  auto rebuilt = build_executable(changed, options);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_FALSE(rebuilt->cache_hit);
  EXPECT_EQ(run_process({options.output_path})->exit_code, 4);
}

TEST_F(CxxBuildTest, CacheKeyDependsOnSourceFlagsHeadersAndLibraries) {
  auto key = [](std::string_view source, const BuildOptions& options) {
    auto plan = plan_build(source, options);
    EXPECT_TRUE(plan.ok()) << plan.error().message;
    return plan.ok() ? plan->key : std::string();
  };
  BuildOptions o2;
  std::string base = key(kHello, o2);
  EXPECT_EQ(base.size(), 32u);
  EXPECT_EQ(key(kHello, o2), base);

  std::string other_source = key(std::string(kHello) + "\n", o2);
  EXPECT_NE(other_source, base);

  // In a build configured with INCAN_SANITIZE every program is a sanitizer build at
  // -O1, so the optimization level and sanitizer request cannot change the key there.
  if (plan_build(kHello, o2)->sanitize.empty()) {
    BuildOptions o0;
    o0.opt_level = "-O0";
    EXPECT_NE(key(kHello, o0), base);
    BuildOptions sanitized;
    sanitized.sanitize = "address,undefined";
    EXPECT_NE(key(kHello, sanitized), base);
  }
  // Options that do not change the binary do not change the key.
  BuildOptions cosmetic;
  cosmetic.verbose = true;
  cosmetic.keep_cpp = true;
  cosmetic.output_path = "/somewhere/else";
  EXPECT_EQ(key(kHello, cosmetic), base);

  // A header edit (even one the program does not include) and a library rebuild
  // both invalidate.
  write_text(home() / "include" / "incan" / "extra.h", "// new header\n");
  std::string after_header = key(kHello, o2);
  EXPECT_NE(after_header, base);
  fs::path runtime = home() / "lib" / "libincan_runtime.a";
  fs::last_write_time(runtime, fs::last_write_time(runtime) + std::chrono::seconds(2));
  EXPECT_NE(key(kHello, o2), after_header);
}

TEST_F(CxxBuildTest, BrokenCppIsAnInternalCompilerError) {
  BuildOptions options;
  options.output_path = out("broken").string();
  std::string broken = "#include <incan/prelude.h>\n#line 7 \"broken.incn\"\nint main() { return nope; }\n";
  auto result = build_executable(broken, options);
  ASSERT_FALSE(result.ok());
  const std::string& message = result.error().message;
  EXPECT_NE(message.find("internal compiler error"), std::string::npos) << message;
  EXPECT_NE(message.find("bug in incan"), std::string::npos) << message;
  // The compiler's own words, pointing into the .incn through #line.
  EXPECT_NE(message.find("incan source: broken.incn:7"), std::string::npos) << message;
  EXPECT_NE(message.find("nope"), std::string::npos) << message;
  // The generated C++ is kept for inspection.
  size_t kept = message.find("generated C++ kept at: ");
  ASSERT_NE(kept, std::string::npos);
  size_t path_start = kept + std::string("generated C++ kept at: ").size();
  fs::path kept_path = message.substr(path_start, message.find('\n', path_start) - path_start);
  EXPECT_EQ(read_text(kept_path), broken);
  EXPECT_FALSE(fs::exists(options.output_path));
}

TEST_F(CxxBuildTest, KeepCppKeepsTheGeneratedSource) {
  BuildOptions options;
  options.output_path = out("kept").string();
  options.keep_cpp = true;
  auto result = build_executable(kHello, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_FALSE(result->cpp_path.empty());
  EXPECT_EQ(read_text(result->cpp_path), kHello);

  // Without keep_cpp nothing is left in src/.
  BuildOptions plain;
  plain.output_path = out("plain").string();
  ASSERT_TRUE(build_executable(std::string(kHello) + "// plain\n", plain).ok());
  int sources = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_.path() / "cache" / "src")) {
    ++sources;
  }
  EXPECT_EQ(sources, 1);
}

TEST_F(CxxBuildTest, EmptyOutputPathBuildsIntoTheCacheOnly) {
  BuildOptions options;
  auto result = build_executable(kHello, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(run_process({result->binary_path})->exit_code, 3);
}

TEST_F(CxxBuildTest, SanitizedBuildCatchesMemoryErrors) {
  BuildOptions options;
  options.output_path = out("asan").string();
  options.sanitize = "undefined,address";
  const char* overflow = R"(#include <incan/prelude.h>
int main(int argc, char**) {
  std::vector<int> v(4);
  std::printf("before\n");
  std::fflush(stdout);
  int* p = v.data();
  return p[argc + 3];
}
)";
  auto result = build_executable(overflow, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  auto run = run_process({options.output_path});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->stdout_text, "before\n");
  EXPECT_NE(run->exit_code, 0);
  EXPECT_NE(run->stderr_text.find("AddressSanitizer"), std::string::npos) << run->stderr_text;
}

TEST_F(CxxBuildTest, UnsupportedSanitizerIsAnError) {
  BuildOptions options;
  options.sanitize = "thread";
  auto result = build_executable(kHello, options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("INCAN_SANITIZE"), std::string::npos);
}

TEST_F(CxxBuildTest, MissingLibrariesAreReported) {
  fs::remove(home() / "lib" / "libincan_core.a");
  auto result = build_executable(kHello, BuildOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("libincan_core.a"), std::string::npos)
      << result.error().message;
}

// ctest -j runs many builds on one cache at once: all must succeed, and the PCH is
// built once while the others wait for it.
TEST_F(CxxBuildTest, ConcurrentBuildsShareTheCacheSafely) {
  std::vector<std::string> sources = {kHello, kHello, kHello,
                                      std::string(kHello) + "// another program\n"};
  std::vector<std::thread> builders;
  std::vector<int> ok(sources.size(), 0);
  for (size_t i = 0; i < sources.size(); ++i) {
    builders.emplace_back([&, i] {
      BuildOptions options;
      options.output_path = out("concurrent" + std::to_string(i)).string();
      auto result = build_executable(sources[i], options);
      ok[i] = result.ok() ? 1 : 0;
      if (!result.ok()) std::fprintf(stderr, "%s\n", result.error().message.c_str());
    });
  }
  for (std::thread& builder : builders) builder.join();
  for (size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(ok[i], 1) << i;
    auto run = run_process({out("concurrent" + std::to_string(i)).string()});
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->stdout_text, "hello, world 49\n");
  }
  int pch_dirs = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_.path() / "cache" / "pch")) {
    ++pch_dirs;
  }
  EXPECT_EQ(pch_dirs, 1);
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path() / "cache")) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

// A compiler that cannot precompile the prelude still builds everything, and the
// failed attempt is remembered instead of repeated on every build.
TEST_F(CxxBuildTest, FallsBackWhenThePchCannotBeBuilt) {
  auto gxx = find_program_on_path("g++");
  if (!gxx) GTEST_SKIP() << "g++ is not installed";
  fs::path log = dir_.path() / "pch_attempts.log";
  fs::path wrapper = dir_.path() / "bin" / "no-pch-g++";
  write_text(wrapper, "#!/bin/sh\n"
                      "for arg in \"$@\"; do\n"
                      "  if [ \"$arg\" = c++-header ]; then echo pch >> '" + log.string() + "'; exit 1; fi\n"
                      "done\n"
                      "exec '" + *gxx + "' \"$@\"\n");
  fs::permissions(wrapper, fs::perms::owner_all);
  ScopedEnv cxx("INCAN_CXX", wrapper.string());

  BuildOptions options;
  options.output_path = out("nopch").string();
  auto first = build_executable(kHello, options);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->used_pch);
  EXPECT_EQ(run_process({options.output_path})->exit_code, 3);
  auto second = build_executable(std::string(kHello) + "// second\n", options);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_FALSE(second->used_pch);
  EXPECT_EQ(read_text(log), "pch\n");
}

TEST_F(CxxBuildTest, ClangBuildsWork) {
  auto clang = find_program_on_path("clang++");
  // tools/setup installs clang and tools/test sets INCAN_TEST_REQUIRE_CLANG, so in CI a
  // missing clang++ fails here instead of skipping.
  if (!clang && std::getenv("INCAN_TEST_REQUIRE_CLANG") != nullptr) FAIL() << "clang++ is not on PATH";
  if (!clang) GTEST_SKIP() << "clang++ is not installed";
  ScopedEnv cxx("INCAN_CXX", *clang);
  BuildOptions options;
  options.output_path = out("clang").string();
  auto result = build_executable(kHello, options);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->used_pch);  // through -include-pch
  EXPECT_EQ(run_process({options.output_path})->stdout_text, "hello, world 49\n");
  auto again = build_executable(kHello, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->cache_hit);
}

// Every file under `dir` whose name looks like a temporary sibling ("*.tmp.*").
std::vector<std::string> temp_files_under(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos) found.push_back(entry.path().string());
  }
  return found;
}

TEST_F(CxxBuildTest, RebuildsLeaveNoTemporaryFiles) {
  BuildOptions options;
  options.output_path = out("hello").string();
  for (int i = 0; i < 3; ++i) {  // a miss, then two cache hits over an existing output
    auto result = build_executable(kHello, options);
    ASSERT_TRUE(result.ok()) << result.error().message;
  }
  EXPECT_EQ(temp_files_under(out("")), std::vector<std::string>{});
  EXPECT_EQ(temp_files_under(dir_.path() / "cache"), std::vector<std::string>{});
  // A failed build cleans up too.
  auto broken = build_executable("int main() { return undeclared; }\n", options);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(temp_files_under(out("")), std::vector<std::string>{});
  EXPECT_EQ(temp_files_under(dir_.path() / "cache" / "bin"), std::vector<std::string>{});
}

TEST_F(CxxBuildTest, OutputSharesNoInodeWithTheCache) {
  BuildOptions options;
  options.output_path = out("hello").string();
  ASSERT_TRUE(build_executable(kHello, options).ok());
  auto hit = build_executable(kHello, options);
  ASSERT_TRUE(hit.ok()) << hit.error().message;
  ASSERT_TRUE(hit->cache_hit);
  for (const auto& entry : fs::recursive_directory_iterator(dir_.path() / "cache")) {
    if (!entry.is_regular_file()) continue;
    EXPECT_FALSE(fs::equivalent(entry.path(), options.output_path)) << entry.path();
  }
  EXPECT_EQ(fs::hard_link_count(options.output_path), 1u);
  EXPECT_TRUE((fs::status(options.output_path).permissions() & fs::perms::owner_exec) != fs::perms::none);

  // Damage the output in place (as `strip` or an editor would), then rebuild: the
  // cache entry is intact and the new output runs.
  {
    std::ofstream damage(options.output_path, std::ios::binary | std::ios::in | std::ios::out);
    damage << "garbage!";
  }
  auto rebuilt = build_executable(kHello, options);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_TRUE(rebuilt->cache_hit);
  auto run = run_process({options.output_path});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->stdout_text, "hello, world 49\n");
  EXPECT_EQ(run->exit_code, 3);
}

TEST_F(CxxBuildTest, UnwritableOutputReportsTheRealError) {
  BuildOptions options;
  options.output_path = "/proc/incan-test-output";
  auto result = build_executable(kHello, options);
  ASSERT_FALSE(result.ok());
  const std::string& message = result.error().message;
  EXPECT_NE(message.find("cannot write `/proc/incan-test-output`: "), std::string::npos) << message;
  EXPECT_EQ(message.find("Success"), std::string::npos) << message;
  // The text after the colon is an errno message, not an empty one.
  EXPECT_GT(message.size(), message.find("`: ") + 5) << message;
}

}  // namespace
}  // namespace incan::driver

#include "driver/toolchain.h"

#include <gtest/gtest.h>

#include "driver_test_support.h"

namespace incan::driver {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::ScopedEnv;
using testing::ScopedTempDir;
using testing::write_text;

TEST(ToolchainTest, ClassifiesCompilers) {
  EXPECT_EQ(classify_compiler("g++ (Debian 12.2.0-14+deb12u1) 12.2.0"), CompilerFamily::Gcc);
  EXPECT_EQ(classify_compiler("c++ (Debian 12.2.0-14+deb12u1) 12.2.0"), CompilerFamily::Gcc);
  EXPECT_EQ(classify_compiler("Debian clang version 14.0.6"), CompilerFamily::Clang);
  EXPECT_EQ(classify_compiler("Intel(R) oneAPI DPC++ 2024"), CompilerFamily::Other);
}

TEST(ToolchainTest, FindsTheDefaultCompiler) {
  ScopedTempDir dir;
  ScopedEnv cxx("INCAN_CXX", std::nullopt);
  auto cache = BuildCache::open(dir.path());
  ASSERT_TRUE(cache.ok());
  auto toolchain = find_toolchain(*cache);
  ASSERT_TRUE(toolchain.ok()) << toolchain.error().message;
  EXPECT_EQ(toolchain->cxx.front(), '/');
  EXPECT_FALSE(toolchain->identity.empty());
  EXPECT_NE(toolchain->family, CompilerFamily::Other);
}

// The identity is computed once per compiler binary: a fake compiler that logs each
// run proves that the second lookup spawns nothing, and that replacing it is noticed.
TEST(ToolchainTest, CachesTheIdentityPerCompilerBinary) {
  ScopedTempDir dir;
  fs::path log = dir.path() / "runs.log";
  fs::path fake = dir.path() / "bin" / "fake-c++";
  auto write_fake = [&](const std::string& version) {
    write_text(fake, "#!/bin/sh\necho run >> '" + log.string() + "'\necho '" + version +
                         "'\n");
    fs::permissions(fake, fs::perms::owner_all);
  };
  write_fake("g++ (Fake) 12.1.0");
  ScopedEnv cxx("INCAN_CXX", fake.string());
  ScopedEnv linker("INCAN_LINKER", std::nullopt);
  auto cache = BuildCache::open(dir.path() / "cache");
  ASSERT_TRUE(cache.ok());

  auto first = find_toolchain(*cache);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->cxx, fake.string());
  EXPECT_EQ(first->identity, "g++ (Fake) 12.1.0");
  EXPECT_EQ(first->family, CompilerFamily::Gcc);
  auto second = find_toolchain(*cache);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->identity, first->identity);
  EXPECT_EQ(read_text(log), "run\n");

  write_fake("clang version 99.0.0 (a longer line so that the size changes)");
  auto third = find_toolchain(*cache);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->family, CompilerFamily::Clang);
  EXPECT_EQ(read_text(log), "run\nrun\n");
}

TEST(ToolchainTest, MissingCompilerIsAClearError) {
  ScopedTempDir dir;
  auto cache = BuildCache::open(dir.path());
  ASSERT_TRUE(cache.ok());
  {
    ScopedEnv cxx("INCAN_CXX", "/nonexistent/c++");
    auto toolchain = find_toolchain(*cache);
    ASSERT_FALSE(toolchain.ok());
    EXPECT_NE(toolchain.error().message.find("INCAN_CXX"), std::string::npos);
  }
  {
    ScopedEnv cxx("INCAN_CXX", std::nullopt);
    ScopedEnv path("PATH", dir.path().string());
    auto toolchain = find_toolchain(*cache);
    ASSERT_FALSE(toolchain.ok());
    EXPECT_NE(toolchain.error().message.find("cannot find a C++ compiler"), std::string::npos);
  }
}

TEST(ToolchainTest, LinkerCanBeForced) {
  ScopedTempDir dir;
  auto cache = BuildCache::open(dir.path());
  ASSERT_TRUE(cache.ok());
  {
    ScopedEnv linker("INCAN_LINKER", "gold");
    EXPECT_EQ(find_toolchain(*cache)->linker_flag, "-fuse-ld=gold");
  }
  {
    ScopedEnv linker("INCAN_LINKER", "default");
    EXPECT_EQ(find_toolchain(*cache)->linker_flag, "");
  }
}

}  // namespace
}  // namespace incan::driver

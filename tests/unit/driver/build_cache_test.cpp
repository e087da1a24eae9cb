#include "driver/build_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "driver_test_support.h"

namespace incan::driver {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::ScopedEnv;
using testing::ScopedTempDir;
using testing::write_text;

TEST(BuildCacheTest, CacheRootFollowsTheEnvironment) {
  ScopedEnv cache("INCAN_CACHE_DIR", "/x/cache");
  ScopedEnv xdg("XDG_CACHE_HOME", "/x/xdg");
  ScopedEnv home("HOME", "/x/home");
  EXPECT_EQ(default_cache_root().value(), fs::path("/x/cache"));
  {
    ScopedEnv unset_cache("INCAN_CACHE_DIR", "");
    EXPECT_EQ(default_cache_root().value(), fs::path("/x/xdg/incan"));
    ScopedEnv unset_xdg("XDG_CACHE_HOME", std::nullopt);
    EXPECT_EQ(default_cache_root().value(), fs::path("/x/home/.cache/incan"));
    // Without HOME the password database names the home directory.
    ScopedEnv unset_home("HOME", std::nullopt);
    auto fallback = default_cache_root();
    if (fallback.ok()) {
      EXPECT_EQ(fallback->filename(), "incan");
    }
  }
}

TEST(BuildCacheTest, HashIsStableAndLengthPrefixed) {
  EXPECT_EQ(hash_hex("hello").size(), 32u);
  EXPECT_EQ(hash_hex("hello"), hash_hex("hello"));
  EXPECT_NE(hash_hex("hello"), hash_hex("hellp"));
  ContentHasher ab_c, a_bc;
  ab_c.add("ab").add("c");
  a_bc.add("a").add("bc");
  EXPECT_NE(ab_c.hex(), a_bc.hex());
  EXPECT_EQ(ab_c.hex(), ab_c.hex());
}

TEST(BuildCacheTest, FileStampsSeeSizeAndMtimeChanges) {
  ScopedTempDir dir;
  fs::path file = dir.path() / "lib.a";
  auto stamp = [&] {
    ContentHasher hasher;
    hasher.add_file_stamp(file);
    return hasher.hex();
  };
  std::string missing = stamp();
  write_text(file, "one");
  std::string first = stamp();
  EXPECT_NE(first, missing);
  EXPECT_EQ(stamp(), first);
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(5));
  EXPECT_NE(stamp(), first);
}

TEST(BuildCacheTest, TreeStampsSeeAddedAndChangedHeaders) {
  ScopedTempDir dir;
  write_text(dir.path() / "incan" / "a.h", "a");
  auto stamp = [&] {
    ContentHasher hasher;
    hasher.add_tree_stamp(dir.path());
    return hasher.hex();
  };
  std::string first = stamp();
  EXPECT_EQ(stamp(), first);
  write_text(dir.path() / "incan" / "deep" / "b.h", "b");
  std::string second = stamp();
  EXPECT_NE(second, first);
  write_text(dir.path() / "incan" / "a.h", "a changed");
  EXPECT_NE(stamp(), second);
}

TEST(BuildCacheTest, AtomicWriteReplacesAndLeavesNoTemporaries) {
  ScopedTempDir dir;
  fs::path target = dir.path() / "file";
  ASSERT_TRUE(write_file_atomic(target, "first").ok());
  ASSERT_TRUE(write_file_atomic(target, "second", /*executable=*/true).ok());
  EXPECT_EQ(read_text(target), "second");
  EXPECT_EQ(read_file(target).value(), "second");
  EXPECT_NE(fs::status(target).permissions() & fs::perms::owner_exec, fs::perms::none);
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
  EXPECT_FALSE(write_file_atomic(dir.path() / "missing_dir" / "f", "x").ok());
}

// Writers replace one file with large, distinct contents while a reader checks that it
// only ever sees complete versions.
TEST(BuildCacheTest, ConcurrentWritersNeverExposeAPartialFile) {
  ScopedTempDir dir;
  fs::path target = dir.path() / "shared";
  auto version = [](int writer) { return std::string(200000, static_cast<char>('a' + writer)); };
  ASSERT_TRUE(write_file_atomic(target, version(0)).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> bad_reads{0};
  std::thread reader([&] {
    while (!stop.load()) {
      auto contents = read_file(target);
      if (!contents.ok() || contents->size() != 200000 ||
          contents->find_first_not_of(contents->front()) != std::string::npos) {
        ++bad_reads;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 40; ++i) EXPECT_TRUE(write_file_atomic(target, version(w)).ok());
    });
  }
  for (std::thread& writer : writers) writer.join();
  stop = true;
  reader.join();
  EXPECT_EQ(bad_reads.load(), 0);
}

// Names of the files in `dir` that look like temporary siblings ("*.tmp.*").
std::vector<std::string> temp_files_in(const fs::path& dir) {
  std::vector<std::string> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos) found.push_back(name);
  }
  return found;
}

TEST(BuildCacheTest, CopyFileAtomicMakesAnIndependentCopyAndReplaces) {
  ScopedTempDir dir;
  fs::path from = dir.path() / "cached";
  fs::path to = dir.path() / "out";
  ASSERT_TRUE(write_file_atomic(from, "binary", /*executable=*/true).ok());
  write_text(to, "old output");
  ASSERT_TRUE(copy_file_atomic(from, to).ok());
  EXPECT_EQ(read_text(to), "binary");
  EXPECT_FALSE(fs::equivalent(from, to));
  EXPECT_EQ(fs::status(to).permissions() & fs::perms::all, fs::perms(0755));
  // Writing into the copy in place leaves the cached file alone.
  {
    std::ofstream edit(to, std::ios::binary | std::ios::in | std::ios::out);
    edit << "BINARY";
  }
  EXPECT_EQ(read_text(from), "binary");
  EXPECT_FALSE(copy_file_atomic(dir.path() / "absent", to).ok());
  EXPECT_EQ(read_text(to), "BINARY");
  EXPECT_TRUE(temp_files_in(dir.path()).empty());
}

// Copying over an output that is already a hard link to the source: rename(2) of one
// name of a file onto another name of the same file does nothing, which once left the
// temporary name behind on every rebuild.
TEST(BuildCacheTest, CopyFileAtomicOverAHardLinkLeavesNoTemporaryFile) {
  ScopedTempDir dir;
  fs::path from = dir.path() / "cached";
  fs::path to = dir.path() / "out";
  ASSERT_TRUE(write_file_atomic(from, "binary", /*executable=*/true).ok());
  fs::create_hard_link(from, to);
  ASSERT_TRUE(copy_file_atomic(from, to).ok());
  ASSERT_TRUE(copy_file_atomic(from, to).ok());
  EXPECT_FALSE(fs::equivalent(from, to));
  EXPECT_EQ(read_text(to), "binary");
  EXPECT_EQ(temp_files_in(dir.path()), std::vector<std::string>{});
}

TEST(BuildCacheTest, CopyFileAtomicReportsTheRealErrno) {
  ScopedTempDir dir;
  fs::path from = dir.path() / "cached";
  ASSERT_TRUE(write_file_atomic(from, "binary", /*executable=*/true).ok());
  auto missing_dir = copy_file_atomic(from, dir.path() / "no-such-dir" / "out");
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_NE(missing_dir.error().message.find("No such file or directory"), std::string::npos)
      << missing_dir.error().message;
  auto proc = copy_file_atomic(from, "/proc/incan-test-output");
  ASSERT_FALSE(proc.ok());
  EXPECT_EQ(proc.error().message.find("Success"), std::string::npos) << proc.error().message;
  EXPECT_NE(proc.error().message.find("`/proc/incan-test-output`: "), std::string::npos)
      << proc.error().message;
}

TEST(BuildCacheTest, CleanCacheRemovesEverythingAndCountsIt) {
  ScopedTempDir dir;
  fs::path root = dir.path() / "cache";
  auto cache = BuildCache::open(root);
  ASSERT_TRUE(cache.ok()) << cache.error().message;
  write_text(cache->binary_path("k1"), std::string(1000, 'b'));
  write_text(cache->source_path("k1"), std::string(200, 's'));
  write_text(cache->pch_dir("p") / "incan" / "prelude.h.gch", std::string(3000, 'p'));
  write_text(cache->toolchain_path("t"), "g++ 12");
  auto stats = clean_cache(root);
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  EXPECT_EQ(stats->files, 4u);
  EXPECT_EQ(stats->bytes, 1000u + 200u + 3000u + 6u);
  EXPECT_TRUE(fs::is_directory(root));
  EXPECT_TRUE(fs::is_empty(root));

  auto again = clean_cache(root);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files, 0u);
  auto missing = clean_cache(dir.path() / "never-created");
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_EQ(missing->files, 0u);
  EXPECT_EQ(missing->bytes, 0u);
}

TEST(BuildCacheTest, FileLockExcludesOtherHolders) {
  ScopedTempDir dir;
  fs::path lock_path = dir.path() / "lock";
  std::atomic<int> inside{0};
  std::atomic<int> max_inside{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        // flock locks belong to open file descriptions, so threads exclude each other
        // just as processes do.
        auto lock = FileLock::acquire(lock_path);
        ASSERT_TRUE(lock.ok());
        int now = ++inside;
        int seen = max_inside.load();
        while (now > seen && !max_inside.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        --inside;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(max_inside.load(), 1);
}

TEST(BuildCacheTest, OpenCreatesTheLayout) {
  ScopedTempDir dir;
  auto cache = BuildCache::open(dir.path() / "c");
  ASSERT_TRUE(cache.ok()) << cache.error().message;
  for (const char* sub : {"bin", "src", "pch", "toolchain"}) {
    EXPECT_TRUE(fs::is_directory(dir.path() / "c" / sub)) << sub;
  }
  EXPECT_EQ(cache->binary_path("k"), dir.path() / "c" / "bin" / "k");
  EXPECT_EQ(cache->source_path("k"), dir.path() / "c" / "src" / "k.cpp");
}

}  // namespace
}  // namespace incan::driver
